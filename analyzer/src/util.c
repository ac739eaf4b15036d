/* util.c — growable buffers with a cap, string vectors, UTF-8 cleaning, errors. */
#include "util.h"
#include "fa_limits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

fa_status fa_buf_append(fa_buf *b, const char *s, size_t n)
{
    size_t cap = b->cap ? b->cap : FA_MAX_TEXT;
    if (n > cap || b->len > cap - n)
        return FA_ERR_LIMIT;
    if (b->len + n + 1 > b->alloc) {
        size_t na = b->alloc ? b->alloc : 64;
        while (na < b->len + n + 1)
            na *= 2;
        char *p = realloc(b->data, na);
        if (!p)
            return FA_ERR_NOMEM;
        b->data = p;
        b->alloc = na;
    }
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return FA_OK;
}

fa_status fa_buf_puts(fa_buf *b, const char *s)
{
    return fa_buf_append(b, s, strlen(s));
}

fa_status fa_buf_putc(fa_buf *b, char c)
{
    return fa_buf_append(b, &c, 1);
}

fa_status fa_buf_printf(fa_buf *b, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return FA_ERR_INTERNAL;
    if ((size_t)n < sizeof small)
        return fa_buf_append(b, small, (size_t)n);
    char *big = malloc((size_t)n + 1);
    if (!big)
        return FA_ERR_NOMEM;
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    fa_status st = fa_buf_append(b, big, (size_t)n);
    free(big);
    return st;
}

void fa_buf_reset(fa_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void fa_buf_free(fa_buf *b)
{
    if (!b)
        return;
    free(b->data);
    b->data = NULL;
    b->len = b->alloc = 0;
}

char *fa_buf_steal(fa_buf *b)
{
    char *d = b->data;
    if (!d)
        d = calloc(1, 1);
    b->data = NULL;
    b->len = b->alloc = 0;
    return d;
}

fa_status fa_strvec_push_n(fa_strvec *sv, const char *s, size_t n)
{
    if (sv->n + 1 > sv->alloc) {
        size_t na = sv->alloc ? sv->alloc * 2 : 8;
        char **p = realloc(sv->v, na * sizeof *p);
        if (!p)
            return FA_ERR_NOMEM;
        sv->v = p;
        sv->alloc = na;
    }
    char *c = fa_strndup(s, n);
    if (!c)
        return FA_ERR_NOMEM;
    sv->v[sv->n++] = c;
    return FA_OK;
}

fa_status fa_strvec_push(fa_strvec *sv, const char *s)
{
    return fa_strvec_push_n(sv, s ? s : "", s ? strlen(s) : 0);
}

void fa_strvec_free(fa_strvec *sv)
{
    if (!sv)
        return;
    for (size_t i = 0; i < sv->n; i++)
        free(sv->v[i]);
    free(sv->v);
    sv->v = NULL;
    sv->n = sv->alloc = 0;
}

fa_status fa_error_set(fa_error *err, fa_status status, const char *fmt, ...)
{
    if (err) {
        err->status = status;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return status;
}

size_t fa_utf8_seq(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    size_t len;
    unsigned min;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    unsigned cp = c & (0x7F >> len);
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

fa_status fa_buf_append_clean(fa_buf *b, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, run = 0; /* run: start of the pending valid span */
    fa_status st = FA_OK;
    while (i < n) {
        unsigned c = p[i];
        size_t k = fa_utf8_seq(p + i, n - i);
        if (k == 1 && (c >= 0x20 || c == '\t' || c == '\n') && c != 0x7F) {
            i++;
            continue;
        }
        if (k > 1) {
            i += k;
            continue;
        }
        if ((st = fa_buf_append(b, s + run, i - run)))
            return st;
        if (k == 1) /* control character or NUL */
            st = fa_buf_putc(b, c == '\r' ? '\n' : ' ');
        else
            st = fa_buf_append(b, "\xEF\xBF\xBD", 3);
        if (st)
            return st;
        i += 1;
        run = i;
    }
    return fa_buf_append(b, s + run, n - run);
}

char *fa_utf8_clean(const char *s, size_t n)
{
    fa_buf b = {0};
    if (fa_buf_append_clean(&b, s ? s : "", s ? n : 0) != FA_OK) {
        fa_buf_free(&b);
        return NULL;
    }
    return fa_buf_steal(&b);
}

/* Length of a space character at s: ASCII white space, U+00A0, U+2000..U+200A,
 * U+202F, U+205F, U+3000. 0 when not a space. Zero-width characters (U+200B, U+FEFF)
 * are not spaces: inside a word they join it ("Reli\u200bgion" reads "Religion"); they
 * are kept for the rules to see the trick (evasion.c), and count as blank. */
static size_t space_len(const unsigned char *s)
{
    if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f' || *s == '\v')
        return 1;
    if (s[0] == 0xC2 && s[1] == 0xA0)
        return 2;
    if (s[0] == 0xE2 && s[1] == 0x80 && s[2] >= 0x80 && s[2] <= 0x8A)
        return 3;
    if (s[0] == 0xE2 && s[1] == 0x80 && s[2] == 0xAF)
        return 3;
    if (s[0] == 0xE2 && s[1] == 0x81 && s[2] == 0x9F)
        return 3;
    if (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
        return 3;
    return 0;
}

/* Length of an invisible character at s (U+200B..U+200D, U+2060, U+FEFF, U+00AD), 0
 * when none. */
static size_t invisible_len(const unsigned char *s)
{
    if (s[0] == 0xE2 && s[1] == 0x80 && s[2] >= 0x8B && s[2] <= 0x8D)
        return 3;
    if (s[0] == 0xE2 && s[1] == 0x81 && s[2] == 0xA0)
        return 3;
    if (s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
        return 3;
    if (s[0] == 0xC2 && s[1] == 0xAD)
        return 2;
    return 0;
}

char *fa_str_squeeze(char *s)
{
    if (!s)
        return s;
    unsigned char *r = (unsigned char *)s, *w = (unsigned char *)s;
    int pending = 0;
    while (*r) {
        /* printable ASCII is never a space: skip space_len for most bytes */
        size_t k = *r > ' ' && *r < 0x80 ? 0 : space_len(r);
        if (k) {
            pending = 1;
            r += k;
            continue;
        }
        if (pending && w != (unsigned char *)s)
            *w++ = ' ';
        pending = 0;
        *w++ = *r++;
    }
    *w = '\0';
    return s;
}

char *fa_strdup(const char *s)
{
    return s ? strdup(s) : NULL;
}

char *fa_strndup(const char *s, size_t n)
{
    char *c = malloc(n + 1);
    if (!c)
        return NULL;
    if (n)
        memcpy(c, s, n);
    c[n] = '\0';
    return c;
}

bool fa_str_blank(const char *s)
{
    if (!s)
        return true;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        size_t k = space_len(p);
        if (!k)
            k = invisible_len(p);
        if (!k)
            return false;
        p += k;
    }
    return true;
}

/* ---------------------------------------------------------------- string sets */

static size_t str_hash(const char *s)
{
    size_t h = 14695981039346656037u; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        h = (h ^ *p) * 1099511628211u;
    return h;
}

static const char **strset_slot(const char **v, size_t alloc, const char *s)
{
    for (size_t i = str_hash(s) & (alloc - 1);; i = (i + 1) & (alloc - 1))
        if (!v[i] || !strcmp(v[i], s))
            return &v[i];
}

int fa_strset_add(fa_strset *set, const char *s)
{
    if (2 * (set->n + 1) > set->alloc) {
        size_t na = set->alloc ? 2 * set->alloc : 16;
        const char **nv = calloc(na, sizeof *nv);
        if (!nv)
            return -1;
        for (size_t i = 0; i < set->alloc; i++)
            if (set->v[i])
                *strset_slot(nv, na, set->v[i]) = set->v[i];
        free(set->v);
        set->v = nv;
        set->alloc = na;
    }
    const char **slot = strset_slot(set->v, set->alloc, s);
    if (*slot)
        return 0;
    *slot = s;
    set->n++;
    return 1;
}

void fa_strset_free(fa_strset *set)
{
    free(set->v);
    memset(set, 0, sizeof *set);
}
