/* jsonw.h — a fast serializer for jansson trees. Internal.
 *
 * fa_json_dump prints exactly what jansson 2.14's
 *     json_dumps(v, (indent ? JSON_INDENT(indent) : JSON_COMPACT) | JSON_PRESERVE_ORDER)
 * prints, byte for byte, without its per-token callbacks, per-character UTF-8 decoding,
 * cycle-check hash table and final copy. tests/unit/test_jsonw.c holds it to that.
 * fa_jw_* write the same text without a tree (audit.c streams a document with them). */
#ifndef FA_JSONW_H
#define FA_JSONW_H

#include "util.h"

#include <jansson.h>

/* Append the JSON text of V to OUT (no trailing newline, OUT stays NUL-terminated).
 * indent 0 = compact ("," and ":" with no spaces); 1..31 = that many spaces per level,
 * ", " / ": " separators as jansson prints them. V may be any value, not only an array
 * or object (as with JSON_ENCODE_ANY). Object keys come in jansson's iteration order,
 * which is insertion order in 2.14. Borrows V, never modifies it.
 * Returns FA_ERR_USAGE (V NULL, indent out of range), FA_ERR_LIMIT (nesting deeper
 * than FA_MAX_JSON_DEPTH, e.g. a cycle, or OUT would pass its cap), FA_ERR_NOMEM.
 * On error OUT is left as it was on entry. */
fa_status fa_json_dump(const json_t *v, int indent, fa_buf *out);

/* The same, printed as if V sat DEPTH levels deep in an enclosing indented value:
 * every newline is followed by (DEPTH + its own depth) × indent spaces, so the text
 * drops into the parent's output without being re-indented. DEPTH 0 = fa_json_dump. */
fa_status fa_json_dump_at(const json_t *v, int indent, unsigned depth, fa_buf *out);

/* A streaming writer: the bytes fa_json_dump_at would print for a tree, written from
 * calls instead of a tree. The caller opens containers, names keys and writes values
 * in order; separators, newlines and indentation come out as jansson prints them,
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
