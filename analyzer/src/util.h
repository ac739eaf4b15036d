/* util.h — small shared helpers: string vectors, UTF-8 cleaning, error formatting.
 * Internal. (Growable buffers are in formaudit.h: renderers hand them to callers.) */
#ifndef FA_UTIL_H
#define FA_UTIL_H

#include "formaudit.h"
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* fa_buf (growable buffers with a cap) is public: formaudit.h. */

/* A vector of malloc'd strings. */
typedef struct fa_strvec {
    char **v;
    size_t n;
    size_t alloc;
} fa_strvec;

fa_status fa_strvec_push(fa_strvec *sv, const char *s); /* copies s */
fa_status fa_strvec_push_n(fa_strvec *sv, const char *s, size_t n);
void fa_strvec_free(fa_strvec *sv);

/* A set of borrowed strings (open addressing): what a renderer has already said. The
 * strings must outlive the set. */
typedef struct fa_strset {
    const char **v;
    size_t n, alloc;
} fa_strset;
/* 1 when S was added, 0 when it was there already, -1 when out of memory. */
int fa_strset_add(fa_strset *set, const char *s);
void fa_strset_free(fa_strset *set);

/* Copy at most n bytes of s, making the result valid UTF-8 (invalid sequences become
 * U+FFFD, NUL bytes and C0 controls other than \t\n become spaces). malloc'd. */
char *fa_utf8_clean(const char *s, size_t n);
/* Length of the valid UTF-8 sequence at S (N >= 1 bytes left), 0 if invalid: overlong,
 * surrogate, above U+10FFFF, truncated (the rules of jansson's utf8_check_string). */
size_t fa_utf8_seq(const unsigned char *s, size_t n);
/* Append the cleaned text to b. */
fa_status fa_buf_append_clean(fa_buf *b, const char *s, size_t n);

/* Trim ASCII and Unicode spaces (incl. U+00A0, U+2002..U+200B) at both ends in place;
 * collapse runs of white space into one space. Returns s. */
char *fa_str_squeeze(char *s);

char *fa_strdup(const char *s); /* NULL-safe strdup */
char *fa_strndup(const char *s, size_t n);
bool fa_str_blank(const char *s); /* NULL, empty or only spaces */

#endif
