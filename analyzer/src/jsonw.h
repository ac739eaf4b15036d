/* jsonw.h — a fast streaming JSON writer. Internal.
 *
 * fa_jw_* print, from calls, exactly the text jansson 2.14's
 *     json_dumps(v, (indent ? JSON_INDENT(indent) : JSON_COMPACT) | JSON_PRESERVE_ORDER)
 * prints for the same value, byte for byte, without building a tree: report_json.c
 * writes every JSON report with them. tests/unit/test_jsonw.c holds them to that by
 * reading each report back with jansson and printing it again. */
#ifndef FA_JSONW_H
#define FA_JSONW_H

#include "util.h"

/* The writer: the bytes json_dumps would print for a tree, printed as if the value sat
 * DEPTH levels deep in an enclosing indented value (every newline followed by (DEPTH +
 * its own depth) × indent spaces), so it drops into the enclosing text as is. The caller opens
 * containers, names keys and writes values in order; separators, newlines and indentation come out
 * as jansson prints them,
 * "[]" and "{}" for containers closed without members. Errors are sticky: after the
 * first one every call does nothing and fa_jw_end returns it (OUT left as it was).
 * Owns nothing: OUT belongs to the caller. */
#define FA_JW_MAX_OPEN 64 /* containers open at once */
typedef struct fa_jw {
    fa_buf *b;
    size_t cap;    /* largest b->len allowed */
    char *p, *end; /* cursor and end of room inside b->data (see jsonw.c) */
    unsigned indent;
    unsigned base; /* depth of the value in the enclosing text */
    unsigned open; /* containers open */
    size_t len0;   /* b->len on entry, restored on error */
    fa_status st;
    unsigned char members[FA_JW_MAX_OPEN]; /* has the open container a member yet */
} fa_jw;

void fa_jw_begin(fa_jw *w, fa_buf *out, int indent, unsigned depth);
void fa_jw_open(fa_jw *w, char c);  /* '{' or '[' */
void fa_jw_close(fa_jw *w, char c); /* '}' or ']' */
/* The next member's KEY, which must need no escape (printable ASCII but '"' and
 * '\\'): copied as is, with its separator and indent, in one step. */
void fa_jw_key_lit(fa_jw *w, const char *key, size_t n);
void fa_jw_item(fa_jw *w);                         /* next array element follows */
void fa_jw_str(fa_jw *w, const char *s, size_t n); /* a string value (valid UTF-8) */
void fa_jw_int(fa_jw *w, long long v);
void fa_jw_lit(fa_jw *w, const char *s, size_t n); /* true, false, null: as is */
/* NUL-terminate OUT and return the first error (FA_ERR_LIMIT, FA_ERR_NOMEM,
 * FA_ERR_USAGE for unbalanced calls). */
fa_status fa_jw_end(fa_jw *w);

/* Is S[0..N) valid UTF-8 as jansson checks it (json_stringn: no overlong forms, no
 * surrogates, nothing above U+10FFFF; NUL allowed)? */
bool fa_json_utf8_valid(const char *s, size_t n);

#endif
