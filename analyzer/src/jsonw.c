/* jsonw.c — see jsonw.h. The output rules are jansson 2.14's (src/dump.c, strconv.c):
 *  - separators "," and ":" when compact; with an indent, a newline and depth × indent
 *    spaces after "[", "{" and every ",", ": " between key and value; "[]" and "{}"
 *    for empty containers;
 *  - strings escape only '"', '\\' and C0 controls (\b \f \n \r \t, else \u00XX with
 *    upper-case hex); '/' and non-ASCII UTF-8 pass through (jansson validated the UTF-8
 *    when the string was made), an embedded NUL is \u0000;
 *  - integers as %lld.
 * The writer keeps a cursor into OUT's storage and checks room once per token (once
 * per string for the common string without escapes); runs of bytes that need no
 * escape are found and copied 8 at a time. A container remembers whether it has a
 * member yet, which decides between "[]" and "[" newline ... newline "]". */
#include "jsonw.h"
#include "fa_limits.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef fa_jw jw;

/* Make room for n more bytes after w->p (plus the NUL), as fa_buf_append would. */
static fa_status jw_grow(jw *w, size_t n)
{
    size_t len = w->b->data ? (size_t)(w->p - w->b->data) : 0;
    if (n > w->cap || len > w->cap - n)
        return FA_ERR_LIMIT;
    size_t need = len + n + 1;
    size_t na = w->b->alloc ? w->b->alloc : 1024;
    while (na < need)
        na = na > SIZE_MAX / 2 ? need : na * 2;
    if (na > w->b->alloc || !w->b->data) {
        char *d = realloc(w->b->data, na);
        if (!d)
            return FA_ERR_NOMEM;
        w->b->data = d;
        w->b->alloc = na;
    }
    w->p = w->b->data + len;
    w->end = w->b->data + (w->b->alloc - 1 < w->cap ? w->b->alloc - 1 : w->cap);
    return FA_OK;
}

#define ROOM(w, n) ((size_t)((w)->end - (w)->p) >= (n))
#define RESERVE(w, n)                                                                              \
    do {                                                                                           \
        if (!ROOM(w, n)) {                                                                         \
            fa_status rs_ = jw_grow(w, n);                                                         \
            if (rs_)                                                                               \
                return rs_;                                                                        \
        }                                                                                          \
    } while (0)

/* 0: copied as is; else the letter after the backslash ('u' for \u00XX). */
static const unsigned char esc[256] = {
    ['\0'] = 'u', [0x01] = 'u', [0x02] = 'u', [0x03] = 'u',  [0x04] = 'u', [0x05] = 'u',
    [0x06] = 'u', [0x07] = 'u', ['\b'] = 'b', ['\t'] = 't',  ['\n'] = 'n', [0x0b] = 'u',
    ['\f'] = 'f', ['\r'] = 'r', [0x0e] = 'u', [0x0f] = 'u',  [0x10] = 'u', [0x11] = 'u',
    [0x12] = 'u', [0x13] = 'u', [0x14] = 'u', [0x15] = 'u',  [0x16] = 'u', [0x17] = 'u',
    [0x18] = 'u', [0x19] = 'u', [0x1a] = 'u', [0x1b] = 'u',  [0x1c] = 'u', [0x1d] = 'u',
    [0x1e] = 'u', [0x1f] = 'u', ['"'] = '"',  ['\\'] = '\\',
};

/* Does any of the 8 bytes of x need an escape (< 0x20, '"' or '\\')? Exact: the
 * borrow tricks may mark a byte above a real hit, never one without a hit. */
static inline int word_needs_escape(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
    uint64_t lt = (x - ones * 0x20) & ~x;
    uint64_t q = x ^ (ones * '"'), bs = x ^ (ones * '\\');
    q = (q - ones) & ~q;
    bs = (bs - ones) & ~bs;
    return ((lt | q | bs) & high) != 0;
}

static fa_status dump_string(jw *w, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    const char *lim = s + n;
    RESERVE(w, n + 2); /* the usual case: nothing to escape */
    char *p = w->p;
    *p++ = '"';
    for (;;) {
        while (lim - s >= 8) {
            uint64_t x;
            memcpy(&x, s, 8);
            if (word_needs_escape(x))
                break;
            memcpy(p, &x, 8);
            p += 8;
            s += 8;
        }
        while (s < lim && !esc[(unsigned char)*s])
            *p++ = *s++;
        if (s == lim)
            break;
        /* An escape: up to 6 bytes for this one, the rest of the string, the quote. */
        size_t need = (size_t)(lim - s) + 6;
        w->p = p;
        RESERVE(w, need);
        p = w->p;
        unsigned char c = (unsigned char)*s++, e = esc[c];
        *p++ = '\\';
        *p++ = (char)e;
        if (e == 'u') {
            *p++ = '0';
            *p++ = '0';
            *p++ = hex[c >> 4];
            *p++ = hex[c & 15];
        }
    }
    *p++ = '"';
    w->p = p;
    return FA_OK;
}

static fa_status dump_int(jw *w, long long v)
{
    char tmp[24];
    size_t i = sizeof tmp;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do {
        tmp[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        tmp[--i] = '-';
    size_t n = sizeof tmp - i;
    RESERVE(w, n);
    memcpy(w->p, tmp + i, n);
    w->p += n;
    return FA_OK;
}

static fa_status dump_lit(jw *w, const char *s, size_t n)
{
    RESERVE(w, n);
    memcpy(w->p, s, n);
    w->p += n;
    return FA_OK;
}

/* With an indent: c (if not 0), a newline, depth × indent spaces. Compact: c only. */
static fa_status dump_sep(jw *w, char c, unsigned depth)
{
    size_t sp = (size_t)depth * w->indent, n = (c != 0) + (w->indent ? 1 + sp : 0);
    RESERVE(w, n);
    char *p = w->p;
    if (c)
        *p++ = c;
    if (w->indent) {
        *p++ = '\n';
        memset(p, ' ', sp);
        p += sp;
    }
    w->p = p;
    return FA_OK;
}

/* ---------------------------------------------------------------- streaming */

void fa_jw_begin(fa_jw *w, fa_buf *out, int indent, unsigned depth)
{
    memset(w, 0, sizeof *w);
    w->b = out;
    if (!out || indent < 0 || indent > 31 || depth >= FA_MAX_JSON_DEPTH) {
        w->st = FA_ERR_USAGE;
        return;
    }
    w->cap = out->cap ? out->cap : FA_MAX_TEXT;
    w->indent = (unsigned)indent;
    w->base = depth;
    w->len0 = out->data ? out->len : 0;
    if (out->data)
        w->p = out->data + w->len0;
    w->st = jw_grow(w, 0);
}

/* Before a member or element: ',' after the first one, then newline and indent. */
static void jw_member(fa_jw *w)
{
    if (w->st || !w->open)
        return;
    char c = w->members[w->open - 1] ? ',' : 0;
    w->members[w->open - 1] = 1;
    w->st = dump_sep(w, c, w->base + w->open);
}

void fa_jw_open(fa_jw *w, char c)
{
    if (w->st)
        return;
    if (w->open == FA_JW_MAX_OPEN || w->base + w->open + 1 >= FA_MAX_JSON_DEPTH) {
        w->st = FA_ERR_LIMIT;
        return;
    }
    w->st = dump_lit(w, &c, 1);
    w->members[w->open++] = 0;
}

void fa_jw_close(fa_jw *w, char c)
{
    if (w->st)
        return;
    if (!w->open) {
        w->st = FA_ERR_USAGE;
        return;
    }
    w->open--;
    if (w->members[w->open])
        w->st = dump_sep(w, 0, w->base + w->open);
    if (!w->st)
        w->st = dump_lit(w, &c, 1);
}

void fa_jw_key_lit(fa_jw *w, const char *key, size_t n)
{
    if (w->st)
        return;
    if (!w->open) {
        w->st = FA_ERR_USAGE;
        return;
    }
    /* separator, newline, indent, "key": in one reservation (no escape scan) */
    unsigned char *m = &w->members[w->open - 1];
    size_t sp = (size_t)(w->base + w->open) * w->indent;
    size_t need = 1 + (w->indent ? 1 + sp : 0) + n + 4;
    if (!ROOM(w, need) && (w->st = jw_grow(w, need)))
        return;
    char *p = w->p;
    if (*m)
        *p++ = ',';
    *m = 1;
    if (w->indent) {
        *p++ = '\n';
        memset(p, ' ', sp);
        p += sp;
    }
    *p++ = '"';
    memcpy(p, key, n);
    p += n;
    *p++ = '"';
    *p++ = ':';
    if (w->indent)
        *p++ = ' ';
    w->p = p;
}

void fa_jw_item(fa_jw *w)
{
    jw_member(w);
}

void fa_jw_str(fa_jw *w, const char *s, size_t n)
{
    if (!w->st)
        w->st = dump_string(w, s, n);
}

void fa_jw_int(fa_jw *w, long long v)
{
    if (!w->st)
        w->st = dump_int(w, v);
}

void fa_jw_lit(fa_jw *w, const char *s, size_t n)
{
    if (!w->st)
        w->st = dump_lit(w, s, n);
}

fa_status fa_jw_end(fa_jw *w)
{
    if (!w->st && w->open)
        w->st = FA_ERR_USAGE;
    fa_buf *b = w->b;
    if (!b)
        return w->st;
    if (w->st) {
        if (b->data) {
            b->len = w->len0;
            b->data[w->len0] = '\0';
        }
        return w->st;
    }
    b->len = (size_t)(w->p - b->data);
    *w->p = '\0';
    return FA_OK;
}

/* jansson 2.14's utf8_check_string (utf.c): fa_utf8_seq, with a fast path for ASCII runs. */
bool fa_json_utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *lim = p + n;
    while (p < lim) {
        if (lim - p >= 8) {
            uint64_t x;
            memcpy(&x, p, 8);
            if (!(x & 0x8080808080808080ULL)) {
                p += 8;
                continue;
            }
        }
        size_t len = fa_utf8_seq(p, (size_t)(lim - p));
        if (!len)
            return false;
        p += len;
    }
    return true;
}
