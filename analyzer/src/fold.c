/* fold.c — case/accent/ligature folding with an offset map back to the original.
 * Uses GLib's Unicode tables (poppler-glib brings GLib anyway): no hand-made tables. */
#include "fold.h"

#include <glib.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

typedef struct out {
    char *s;
    size_t *map;
    size_t len, alloc;
} out_t;

static bool out_put(out_t *o, const char *s, size_t n, size_t orig)
{
    if (o->len + n + 1 > o->alloc) {
        size_t na = o->alloc ? o->alloc : 64;
        while (na < o->len + n + 1)
            na *= 2;
        char *ns = realloc(o->s, na);
        if (!ns)
            return false;
        o->s = ns;
        size_t *nm = realloc(o->map, na * sizeof *nm);
        if (!nm)
            return false;
        o->map = nm;
        o->alloc = na;
    }
    for (size_t i = 0; i < n; i++) {
        o->s[o->len] = s[i];
        o->map[o->len] = orig;
        o->len++;
    }
    return true;
}

/* Special replacements before decomposition; returns NULL when none applies. */
static const char *special(gunichar c)
{
    switch (c) {
    case 0x0153: case 0x0152: return "oe";
    case 0x00E6: case 0x00C6: return "ae";
    case 0x00DF: return "ss";
    case 0x2019: case 0x2018: case 0x0060: case 0x00B4: case 0x02BC: case 0x2032:
        return "'";
    case 0x201C: case 0x201D: case 0x00AB: case 0x00BB: return "\"";
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2212:
        return "-";
    case 0x00B7: case 0x2022: case 0x22C5: return "."; /* inclusive writing: motivé·e */
    case 0xFB00: return "ff";
    case 0xFB01: return "fi";
    case 0xFB02: return "fl";
    default: return NULL;
    }
}

fa_status fa_fold(const char *s, size_t n, fa_folded *f)
{
    out_t o = {0};
    size_t i = 0;
    bool space = false;
    memset(f, 0, sizeof *f);
    while (i < n) {
        const char *p = s + i;
        gunichar c = g_utf8_get_char_validated(p, (gssize)(n - i));
        size_t clen;
        if (c == (gunichar)-1 || c == (gunichar)-2) {
            c = 0xFFFD;
            clen = 1;
        } else {
            clen = (size_t)g_utf8_skip[*(const guchar *)p]; /* g_utf8_next_char casts const away */
        }
        size_t here = i;
        i += clen;
        if (g_unichar_isspace(c) || c == 0x00A0 || c == 0x202F || c == 0x200B || c == 0xFEFF) {
            if (!space && o.len) {
                if (!out_put(&o, " ", 1, here))
                    goto oom;
            }
            space = true;
            continue;
        }
        space = false;
        if (c < 0x80) {
            char ch = (char)g_ascii_tolower((gchar)c);
            if (!out_put(&o, &ch, 1, here))
                goto oom;
            continue;
        }
        const char *sp = special(c);
        if (sp) {
            if (!out_put(&o, sp, strlen(sp), here))
                goto oom;
            continue;
        }
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
                if (!out_put(&o, sp2, strlen(sp2), here))
                    goto oom;
                continue;
            }
            d = g_unichar_tolower(d);
            char buf[8];
            int bl = g_unichar_to_utf8(d, buf);
            if (!out_put(&o, buf, (size_t)bl, here))
                goto oom;
        }
    }
    /* drop a trailing space */
    if (o.len && o.s[o.len - 1] == ' ')
        o.len--;
    if (!out_put(&o, "", 0, n))
        goto oom;
    o.s[o.len] = '\0';
    o.map[o.len] = n;
    f->s = o.s;
    f->map = o.map;
    f->len = o.len;
    if (!f->s) { /* empty input */
        f->s = calloc(1, 1);
        f->map = calloc(1, sizeof *f->map);
        if (!f->s || !f->map)
            goto oom;
        f->map[0] = n;
    }
    return FA_OK;
oom:
    free(o.s);
    free(o.map);
    memset(f, 0, sizeof *f);
    return FA_ERR_NOMEM;
}

void fa_folded_free(fa_folded *f)
{
    if (!f)
        return;
    free(f->s);
    free(f->map);
    memset(f, 0, sizeof *f);
}

char *fa_fold_simple(const char *s)
{
    fa_folded f;
    if (fa_fold(s ? s : "", s ? strlen(s) : 0, &f) != FA_OK)
        return NULL;
    free(f.map);
    return f.s;
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
