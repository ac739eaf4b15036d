/* util.h — small shared helpers: growable buffers with a cap, string vectors,
 * error formatting. Internal. */
#ifndef FA_UTIL_H
#define FA_UTIL_H

#include "formaudit.h"
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A growable byte buffer that refuses to grow past `cap` (0 = FA_MAX_TEXT).
 * data is always NUL-terminated when non-NULL. Free with fa_buf_free. */
typedef struct fa_buf {
    char *data;
    size_t len;
    size_t alloc;
    size_t cap;
} fa_buf;

fa_status fa_buf_append(fa_buf *b, const char *s, size_t n);
fa_status fa_buf_puts(fa_buf *b, const char *s);
fa_status fa_buf_putc(fa_buf *b, char c);
fa_status fa_buf_printf(fa_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void fa_buf_reset(fa_buf *b);
void fa_buf_free(fa_buf *b);
/* Hand the data over to the caller (malloc'd, NUL-terminated, never NULL on success). */
char *fa_buf_steal(fa_buf *b);

/* A vector of malloc'd strings. */
typedef struct fa_strvec {
    char **v;
    size_t n;
    size_t alloc;
} fa_strvec;

fa_status fa_strvec_push(fa_strvec *sv, const char *s); /* copies s */
fa_status fa_strvec_push_n(fa_strvec *sv, const char *s, size_t n);
void fa_strvec_free(fa_strvec *sv);

/* Fill err (if not NULL) and return status. */
fa_status fa_error_set(fa_error *err, fa_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

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
