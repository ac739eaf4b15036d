/* fold.c — case/accent/ligature folding with an offset map back to the original.
 * Uses GLib's Unicode tables (poppler-glib brings GLib anyway): no hand-made tables. */
#include "fold.h"
#include "confusable.h"

#include <glib.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

typedef struct out {
    char *s;
    size_t *map; /* NULL while empty, and always for a fold without a map */
    size_t len, alloc;
    bool want_map;
} out_t;

/* Room for N more bytes and the NUL. The first call sizes the buffers for the whole
 * input: Latin text folds to at most as many bytes as it has, so one allocation (two
 * with the map) usually does; rare expansions (ligatures, long decompositions) double. */
static bool out_grow(out_t *o, size_t n)
{
    size_t na = o->alloc ? o->alloc : 64;
    while (na < o->len + n + 1)
        na *= 2;
    char *ns = realloc(o->s, na);
    if (!ns)
        return false;
    o->s = ns;
    if (o->want_map) {
        size_t *nm = realloc(o->map, na * sizeof *nm);
        if (!nm)
            return false;
        o->map = nm;
    }
    o->alloc = na;
    return true;
}

static inline bool out_put(out_t *o, const char *s, size_t n, size_t orig)
{
    if (o->len + n + 1 > o->alloc && !out_grow(o, n))
        return false;
    for (size_t i = 0; i < n; i++) {
        o->s[o->len] = s[i];
        if (o->want_map)
            o->map[o->len] = orig;
        o->len++;
    }
    return true;
}

/* Special replacements before decomposition; returns NULL when none applies. */
static const char *special(gunichar c)
{
    switch (c) {
    case 0x0153:
    case 0x0152:
        return "oe";
    case 0x00E6:
    case 0x00C6:
        return "ae";
    case 0x00DF:
        return "ss";
    case 0x2019:
    case 0x2018:
    case 0x0060:
    case 0x00B4:
    case 0x02BC:
    case 0x2032:
        return "'";
    case 0x201C:
    case 0x201D:
    case 0x00AB:
    case 0x00BB:
        return "\"";
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2212:
        return "-";
    case 0x00B7:
    case 0x2022:
    case 0x22C5:
        return "."; /* inclusive writing: motivé·e */
    case 0xFB00:
        return "ff";
    case 0xFB01:
        return "fi";
    case 0xFB02:
        return "fl";
    default:
        return NULL;
    }
}

#define FOLD_SPACE (-1)
#define FOLD_MAX 40 /* 8 decomposed characters of at most 4 bytes each, with room */

/* The folded bytes of one character into BUF (FOLD_MAX bytes), their number (maybe 0: a
 * lone combining mark), or FOLD_SPACE for white space. */
static int fold_char(gunichar c, char *buf, bool conf)
{
    if (g_unichar_isspace(c) || c == 0x00A0 || c == 0x202F)
        return FOLD_SPACE;
    if (c < 0x80) {
        buf[0] = (char)g_ascii_tolower((gchar)c);
        return 1;
    }
    /* invisible: zero-width spaces and joiners, word joiner, BOM, soft hyphen, bidi
     * marks: nothing to read ("Reli\u200bgion" is "Religion") */
    if (g_unichar_type(c) == G_UNICODE_FORMAT)
        return 0;
    const char *sp = special(c);
    if (sp) {
        size_t l = strlen(sp);
        memcpy(buf, sp, l);
        return (int)l;
    }
    int len = 0;
    gunichar dec[8];
    gsize nd = g_unichar_fully_decompose(c, TRUE, dec, 8);
    for (gsize k = 0; k < nd && k < 8; k++) {
        gunichar d = dec[k];
        GUnicodeType t = g_unichar_type(d);
        if (t == G_UNICODE_NON_SPACING_MARK || t == G_UNICODE_SPACING_MARK ||
            t == G_UNICODE_ENCLOSING_MARK)
            continue;
        const char *sp2 = special(d);
        if (sp2) {
            size_t l = strlen(sp2);
            memcpy(buf + len, sp2, l);
            len += (int)l;
            continue;
        }
        /* a letter of another script drawn like a Latin one ("religiоn", Cyrillic о) */
        char cf = conf && d >= 0x80 ? fa_confusable_ascii(d) : 0;
        if (cf) {
            buf[len++] = cf;
            continue;
        }
        len += g_unichar_to_utf8(g_unichar_tolower(d), buf + len);
    }
    return len;
}

/* Two-byte characters U+0080..U+07FF (Latin accents, «», NBSP...) folded once per
 * process: the GLib decomposition is the slow part of folding French text. */
#define TWO_FIRST 0x80u
#define TWO_END 0x800u
#define TWO_UNCACHED 0xFE
#define TWO_SPACE 0xFF
static struct {
    unsigned char len; /* bytes, TWO_SPACE, or TWO_UNCACHED (longer than b) */
    char b[7];
} two[TWO_END - TWO_FIRST];
static pthread_once_t two_once = PTHREAD_ONCE_INIT;

static void two_init(void)
{
    for (gunichar c = TWO_FIRST; c < TWO_END; c++) {
        char buf[FOLD_MAX];
        int l = fold_char(c, buf, false);
        unsigned char *len = &two[c - TWO_FIRST].len;
        bool ascii = true;
        for (int k = 0; k < l; k++)
            ascii = ascii && (unsigned char)buf[k] < 0x80;
        if (l == FOLD_SPACE) {
            *len = TWO_SPACE;
        } else if (!ascii && g_unichar_isalpha(c)) {
            *len = TWO_UNCACHED; /* maybe a homoglyph: asked when met (confusable.c) */
        } else if ((size_t)l <= sizeof two[0].b) {
            memcpy(two[c - TWO_FIRST].b, buf, (size_t)l);
            *len = (unsigned char)l;
        } else {
            *len = TWO_UNCACHED;
        }
    }
}

static bool ascii_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Letters (any script) starting at U[i], counted up to 8. */
static int letters_at(const unsigned char *u, size_t n, size_t i)
{
    int k = 0;
    while (i < n && k < 8) {
        if (u[i] < 0x80) {
            if (!ascii_alpha((char)u[i]))
                break;
            i++;
        } else {
            gunichar c = g_utf8_get_char_validated((const char *)u + i, (gssize)(n - i));
            if (c == (gunichar)-1 || c == (gunichar)-2 || !g_unichar_isalpha(c))
                break;
            i += (size_t)g_utf8_skip[u[i]];
        }
        k++;
    }
    return k;
}

/* What an ASCII '_', '.' or '-' at U[i] (after a letter) stands for: 0 itself, 1 a
 * space (words joined: "orientation_sexuelle", "Orientation.sexuelle" — a dot before at
 * least six letters, so that "motivé·e" and "www.site.fr" keep theirs), 2 nothing, with
 * the white space after it (a word cut at a line end: "Orienta- tion", "Orienta-\ntion",
 * the next line starting in lower case). */
static int joiner(const unsigned char *u, size_t n, size_t i, const out_t *o)
{
    if (!o->len || !ascii_alpha(o->s[o->len - 1]))
        return 0;
    unsigned char b = u[i];
    if (b == '_')
        return letters_at(u, n, i + 1) >= 1;
    if (b == '.')
        return o->len >= 2 && ascii_alpha(o->s[o->len - 2]) && letters_at(u, n, i + 1) >= 6;
    size_t j = i + 1;
    while (j < n && (u[j] == ' ' || u[j] == '\n' || u[j] == '\r' || u[j] == '\t'))
        j++;
    if (j == i + 1 || j >= n || !letters_at(u, n, j))
        return 0;
    gunichar c =
        u[j] < 0x80 ? u[j] : g_utf8_get_char_validated((const char *)u + j, (gssize)(n - j));
    return c != (gunichar)-1 && c != (gunichar)-2 && g_unichar_islower(c) ? 2 : 0;
}

/* Letter-spaced words ("r e l i g i o n"): four single letters or more, each alone
 * between spaces, are read as one word. */
static void join_spaced(out_t *o)
{
    size_t r = 0, w = 0, n = o->len;
    char *s = o->s;
    while (r < n) {
        bool single = ascii_alpha(s[r]) && (r == 0 || s[r - 1] == ' ') &&
                      (r + 1 == n || !g_ascii_isalnum(s[r + 1]));
        size_t q = r, m = 1;
        while (single && q + 2 < n && s[q + 1] == ' ' && ascii_alpha(s[q + 2]) &&
               (q + 3 == n || !g_ascii_isalnum(s[q + 3]))) {
            q += 2;
            m++;
        }
        if (m >= 4) {
            for (size_t k = r; k <= q; k += 2) {
                if (o->want_map)
                    o->map[w] = o->map[k];
                s[w++] = s[k];
            }
            r = q + 1;
            continue;
        }
        if (o->want_map)
            o->map[w] = o->map[r];
        s[w++] = s[r++];
    }
    o->len = w;
}

/* The fold itself; the map is filled when o->want_map. */
static inline fa_status fold_into(const char *s, size_t n, out_t *o)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    bool space = false;
    pthread_once(&two_once, two_init);
    if (!out_grow(o, n + 8))
        return FA_ERR_NOMEM;
    while (i < n) {
        unsigned char b0 = u[i];
        size_t here = i;
        /* ASCII but NUL, which GLib refuses (it becomes U+FFFD below) */
        if (b0 - 1u < 0x7Fu) {
            i++;
            if (b0 == ' ' || b0 == '\t' || b0 == '\n' || b0 == '\r' || b0 == '\f') {
                if (!space && o->len && !out_put(o, " ", 1, here))
                    return FA_ERR_NOMEM;
                space = true;
                continue;
            }
            if (b0 == '_' || b0 == '.' || b0 == '-') {
                int j = joiner(u, n, here, o);
                if (j == 1) { /* read as a space */
                    if (!space && !out_put(o, " ", 1, here))
                        return FA_ERR_NOMEM;
                    space = true;
                    continue;
                }
                if (j == 2) { /* a cut word: the hyphen and the line end go */
                    while (i < n && (u[i] == ' ' || u[i] == '\n' || u[i] == '\r' || u[i] == '\t'))
                        i++;
                    continue;
                }
            }
            space = false;
            char ch = (char)(b0 >= 'A' && b0 <= 'Z' ? b0 + ('a' - 'A') : b0);
            if (o->len + 2 > o->alloc && !out_grow(o, 1))
                return FA_ERR_NOMEM;
            o->s[o->len] = ch;
            if (o->want_map)
                o->map[o->len] = here;
            o->len++;
            continue;
        }
        char buf[FOLD_MAX];
        const char *out = buf;
        int l = -2;
        if (b0 >= 0xC2 && b0 <= 0xDF && i + 1 < n && (u[i + 1] & 0xC0) == 0x80) {
            gunichar c = ((gunichar)(b0 & 0x1F) << 6) | (gunichar)(u[i + 1] & 0x3F);
            i += 2;
            unsigned char tl = two[c - TWO_FIRST].len;
            if (tl == TWO_SPACE) {
                l = FOLD_SPACE;
            } else if (tl != TWO_UNCACHED) {
                out = two[c - TWO_FIRST].b;
                l = tl;
            } else {
                l = fold_char(c, buf, true);
            }
        } else {
            gunichar c = g_utf8_get_char_validated((const char *)u + i, (gssize)(n - i));
            size_t clen;
            if (c == (gunichar)-1 || c == (gunichar)-2) {
                c = 0xFFFD;
                clen = 1;
            } else {
                clen = (size_t)g_utf8_skip[b0]; /* g_utf8_next_char casts const away */
            }
            i += clen;
            l = fold_char(c, buf, true);
        }
        if (l == FOLD_SPACE) {
            if (!space && o->len && !out_put(o, " ", 1, here))
                return FA_ERR_NOMEM;
            space = true;
            continue;
        }
        space = false;
        if (!out_put(o, out, (size_t)l, here))
            return FA_ERR_NOMEM;
    }
    join_spaced(o);
    /* drop a trailing space */
    if (o->len && o->s[o->len - 1] == ' ')
        o->len--;
    o->s[o->len] = '\0';
    if (o->want_map)
        o->map[o->len] = n;
    return FA_OK;
}

fa_status fa_fold(const char *s, size_t n, fa_folded *f)
{
    out_t o = {.want_map = true};
    memset(f, 0, sizeof *f);
    if (fold_into(s, n, &o) != FA_OK) {
        free(o.s);
        free(o.map);
        return FA_ERR_NOMEM;
    }
    f->s = o.s;
    f->map = o.map;
    f->len = o.len;
    return FA_OK;
}

void fa_folded_free(fa_folded *f)
{
    if (!f)
        return;
    free(f->s);
    free(f->map);
    memset(f, 0, sizeof *f);
}

fa_status fa_fold_nomap(const char *s, size_t n, fa_folded *f)
{
    out_t o = {.want_map = false};
    memset(f, 0, sizeof *f);
    if (fold_into(s, n, &o) != FA_OK) {
        free(o.s);
        return FA_ERR_NOMEM;
    }
    f->s = o.s;
    f->len = o.len;
    return FA_OK;
}

char *fa_fold_simple(const char *s)
{
    out_t o = {.want_map = false};
    if (fold_into(s ? s : "", s ? strlen(s) : 0, &o) != FA_OK) {
        free(o.s);
        return NULL;
    }
    return o.s;
}

void fa_fold_span(const fa_folded *f, size_t fs, size_t fe, size_t *start, size_t *end)
{
    if (fs > f->len)
        fs = f->len;
    if (fe > f->len)
        fe = f->len;
    *start = f->map[fs];
    if (fe == 0) {
        *end = *start;
        return;
    }
    /* end: the original offset just after the character that produced byte fe-1 */
    size_t last = f->map[fe - 1];
    size_t e = fe;
    while (e < f->len && f->map[e] == last)
        e++;
    *end = f->map[e];
    if (*end < *start)
        *end = *start;
}
