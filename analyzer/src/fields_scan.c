/* fields_scan.c — text-level field detection: blanks, checkbox glyphs and controls in
 * one paragraph, label cleaning, and the word lists (notice words, usual form labels,
 * rating scales, placeholders) that tell a form line from a sentence. The lists are
 * language data of the packs ("fields", langpack.h). See fields_scan.h. */
#include "fields_scan.h"
#include "fold.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- word lists */

/* The language data field detection reads, for the thread running fa_fields_detect
 * (fa_scan_use): the helpers below are called from deep inside fields.c's geometry,
 * which need not carry it through every function. */
static _Thread_local const fa_langdata *scan_ld;

const fa_langdata *fa_scan_use(const fa_langdata *ld)
{
    const fa_langdata *prev = scan_ld;
    scan_ld = ld;
    return prev;
}

/* Folded TEXT is in list L. */
static bool in_list(fa_flist l, const char *text)
{
    char *f = fa_fold_simple(text ? text : "");
    bool r = f && fa_langdata_list_has(scan_ld, l, f);
    free(f);
    return r;
}

/* ---------------------------------------------------------------- UTF-8 */

/* Code point at S (at most N bytes); *len receives its length (1 for invalid bytes). */
static uint32_t u8_at(const char *s, size_t n, size_t *len)
{
    const unsigned char *p = (const unsigned char *)s;
    if (n == 0) {
        *len = 0;
        return 0;
    }
    if (p[0] < 0x80) {
        *len = 1;
        return p[0];
    }
    if ((p[0] & 0xE0) == 0xC0 && n >= 2) {
        *len = 2;
        return ((uint32_t)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
    }
    if ((p[0] & 0xF0) == 0xE0 && n >= 3) {
        *len = 3;
        return ((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    }
    if ((p[0] & 0xF8) == 0xF0 && n >= 4) {
        *len = 4;
        return ((uint32_t)(p[0] & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) |
               ((uint32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
    }
    *len = 1;
    return 0xFFFD;
}

/* Code point ending just before byte I of S, its start in *start. */
static uint32_t u8_before(const char *s, size_t i, size_t *start)
{
    size_t k = i;
    while (k > 0 && ((unsigned char)s[k - 1] & 0xC0) == 0x80 && i - k < 3)
        k--;
    if (k > 0)
        k--;
    size_t len;
    *start = k;
    return u8_at(s + k, i - k, &len);
}

/* ---------------------------------------------------------------- glyphs */

/* Checkbox glyph: 0 not a box, 1 empty box, 2 ticked box. Includes the Wingdings
 * private-use code points Word documents keep when a symbol font draws the box. */
static int box_glyph(uint32_t c)
{
    switch (c) {
    case 0x2610: /* ☐ */
    case 0x25A1: /* □ */
    case 0x25CB: /* ○ */
    case 0x25EF: /* ◯ */
    case 0x274F: /* ❏ */
    case 0x2751: /* ❑ */
    case 0x2752: /* ❒ */
    case 0x25FB: /* ◻ */
    case 0x25FD: /* ◽ */
    case 0x25A2: /* ▢ */
    case 0x2B1C: /* ⬜ */
    case 0xF06F:
    case 0xF0A8:
    case 0xF071:
    case 0xF072: /* Wingdings boxes */
        return 1;
    case 0x2611: /* ☑ */
    case 0x2612: /* ☒ */
    case 0x25A0: /* ■ */
    case 0x22A0: /* ⊠ */
    case 0x25C9: /* ◉ */
    case 0xF0FE:
    case 0xF0FD:
    case 0xF078: /* Wingdings ticked boxes */
        return 2;
    default:
        return 0;
    }
}

/* ASCII box "[ ]", "[x]", "( )", "(X)" at S: its length, *ticked set. 0 when none. */
static size_t ascii_box(const char *s, size_t n, int *ticked)
{
    char open = s[0], close;
    if (open == '[')
        close = ']';
    else if (open == '(')
        close = ')';
    else
        return 0;
    size_t i = 1, spaces = 0;
    int x = 0;
    while (i < n && i < 6) {
        char c = s[i];
        if (c == ' ')
            spaces++;
        else if ((c == 'x' || c == 'X') && !x)
            x = 1;
        else if (c == close)
            break;
        else
            return 0;
        i++;
    }
    if (i >= n || s[i] != close)
        return 0;
    /* "()" and "[]" are code: a box has a space or a tick inside */
    if (!spaces && !x)
        return 0;
    *ticked = x;
    return i + 1;
}

static bool is_leader(uint32_t c)
{
    return c == '_' || c == '.' || c == 0x2026 || c == 0xFF3F;
}

/* ---------------------------------------------------------------- marks */

static fa_status push_mark(fa_marks *m, const fa_mark *mk)
{
    if (m->n == m->alloc) {
        size_t na = m->alloc ? m->alloc * 2 : 4; /* one vector per block: most hold 1-2 */
        fa_mark *p = realloc(m->v, na * sizeof *p);
        if (!p)
            return FA_ERR_NOMEM;
        m->v = p;
        m->alloc = na;
    }
    m->v[m->n++] = *mk;
    return FA_OK;
}

/* Last non-space byte before I is ':' (a leader right after a colon is a blank even
 * when short: "N° : ..."). */
static bool colon_before(const char *t, size_t i)
{
    while (i > 0 && t[i - 1] == ' ')
        i--;
    return i > 0 && t[i - 1] == ':';
}

/* Only digits (and spaces) from I to the end: a table of contents "Titre ...... 3". */
static bool page_number_after(const char *t, size_t i, size_t n)
{
    bool digit = false;
    for (; i < n; i++) {
        if (t[i] >= '0' && t[i] <= '9')
            digit = true;
        else if (t[i] != ' ')
            return false;
    }
    return digit;
}

static fa_status scan_text(const char *t, size_t n, fa_marks *out)
{
    size_t i = 0;
    while (i < n) {
        size_t len;
        uint32_t c = u8_at(t + i, n - i, &len);
        int g = box_glyph(c);
        if (g) {
            fa_mark mk = {.type = FA_MK_BOX, .s = i, .e = i + len, .checked = g == 2};
            fa_status st = push_mark(out, &mk);
            if (st)
                return st;
            i += len;
            continue;
        }
        int ticked = 0;
        size_t ab = (c == '[' || c == '(') ? ascii_box(t + i, n - i, &ticked) : 0;
        if (ab) {
            /* An ASCII box is a box only when it starts the line or follows a space and
             * is followed by a space or the end: "voir (x)" in prose is not. */
            bool before_ok = i == 0 || t[i - 1] == ' ' || t[i - 1] == ':';
            bool after_ok = i + ab >= n || t[i + ab] == ' ';
            if (before_ok && after_ok) {
                fa_mark mk = {.type = FA_MK_BOX, .s = i, .e = i + ab, .checked = ticked};
                fa_status st = push_mark(out, &mk);
                if (st)
                    return st;
                i += ab;
                continue;
            }
        }
        if ((i == 0 || t[i - 1] == ' ') &&
            fa_langdata_placeholder_start(scan_ld, (unsigned char)t[i]) &&
            fa_is_placeholder(t + i)) {
            /* Word's placeholder of an empty content control: "Cliquez ici pour entrer
             * du texte." stands for the blank itself */
            const char *dot = memchr(t + i, '.', n - i);
            size_t e = dot ? (size_t)(dot - t) + 1 : n;
            fa_mark mk = {.type = FA_MK_BLANK, .s = i, .e = e, .units = 8};
            fa_status st = push_mark(out, &mk);
            if (st)
                return st;
            i = e;
            continue;
        }
        if (is_leader(c)) {
            size_t j = i, last = i, under = 0, dots = 0;
            bool date = false;
            for (;;) {
                size_t l2;
                uint32_t d = u8_at(t + j, n - j, &l2);
                if (j < n && is_leader(d)) {
                    if (d == '_' || d == 0xFF3F)
                        under++;
                    else
                        dots += d == 0x2026 ? 3 : 1;
                    j += l2;
                    last = j;
                    continue;
                }
                /* Separators inside one blank: "__ / __ / ____", "_ _ _". */
                size_t k = j, slash = 0;
                while (k < n && k - j < 3 && (t[k] == ' ' || t[k] == '/')) {
                    slash += t[k] == '/';
                    k++;
                }
                if (k > j && k < n) {
                    uint32_t e2 = u8_at(t + k, n - k, &l2);
                    if (is_leader(e2)) {
                        date |= slash > 0;
                        j = k;
                        continue;
                    }
                }
                break;
            }
            bool blank = under >= 3 || dots >= 4 || (dots >= 3 && colon_before(t, i));
            if (blank && !under && page_number_after(t, last, n))
                blank = false;
            if (blank) {
                fa_mark mk = {
                    .type = FA_MK_BLANK, .s = i, .e = last, .date = date, .units = under + dots};
                fa_status st = push_mark(out, &mk);
                if (st)
                    return st;
            }
            i = last > i ? last : i + len;
            continue;
        }
        i += len;
    }
    return FA_OK;
}

fa_status fa_scan_text(const char *t, size_t n, fa_marks *out)
{
    return scan_text(t, n, out);
}

static int mark_cmp(const void *a, const void *b)
{
    const fa_mark *x = a, *y = b;
    if (x->s != y->s)
        return x->s < y->s ? -1 : 1;
    /* controls first at one offset */
    return (x->ctl == NULL) - (y->ctl == NULL);
}

/* Skip spaces forward from I. */
static size_t skip_sp(const char *t, size_t i, size_t n)
{
    while (i < n && t[i] == ' ')
        i++;
    return i;
}

/* Extend a control mark over the text the control displays (its value or a
 * placeholder), which readers may have put in the paragraph. */
static size_t shown_text_end(const char *t, size_t n, size_t at, const fa_control *c)
{
    size_t i = skip_sp(t, at, n);
    if (c->value && *c->value) {
        size_t vl = strlen(c->value);
        if (vl <= n - i && !strncmp(t + i, c->value, vl))
            return i + vl;
    }
    if (i < n && fa_is_placeholder(t + i)) {
        /* placeholder sentences end with '.' */
        const char *dot = memchr(t + i, '.', n - i);
        return dot ? (size_t)(dot - t) + 1 : n;
    }
    return at;
}

/* A dotted leader that only leads the eye from a question to its boxes: "Recevez-vous
 * une pension ? ........ ☐ oui ☐ non", "Avez-vous un véhicule ....... oui ☐ non ☐". It
 * follows text, is made of dots, and the next mark is a box with at most a short option
 * word between them. Such a leader is not a blank to fill: the boxes are the answer. */
static bool connector_leader(const char *t, size_t len, const fa_mark *m, const fa_mark *next)
{
    if (m->type != FA_MK_BLANK || m->ctl || !next || next->type != FA_MK_BOX ||
        fa_span_empty(t, 0, m->s))
        return false;
    if (t[m->s] != '.' && (unsigned char)t[m->s] != 0xE2)
        return false; /* underscores are a line to write on */
    size_t words = 0;
    bool in = false;
    for (size_t i = m->e; i < next->s && i < len; i++) {
        bool sp = t[i] == ' ';
        words += !sp && !in;
        in = !sp;
    }
    return words <= 2;
}

fa_status fa_scan_marks(const fa_node *n, fa_marks *out)
{
    size_t base = out->n;
    const char *t = n->text ? n->text : "";
    size_t len = n->text ? n->len : 0;
    fa_status st = scan_text(t, len, out);
    if (st)
        return st;
    for (const fa_node *c = n->first; c; c = c->next) {
        if (c->type != FA_N_CONTROL || !c->ctl || c->ctl->kind == FA_CTL_BUTTON)
            continue;
        if ((c->flags & FA_NF_COMMENT) ||
            ((c->flags & FA_NF_HIDDEN) && !(c->flags & FA_NF_CONCEALED)))
            continue; /* (a control the page hides still collects data) */
        size_t at = c->offset > len ? len : c->offset;
        bool box = (c->ctl->kind == FA_CTL_CHECKBOX || c->ctl->kind == FA_CTL_RADIO) &&
                   c->ctl->n_options < 2;
        fa_mark mk = {.type = box ? FA_MK_BOX : FA_MK_CTL,
                      .s = at,
                      .e = box ? at : shown_text_end(t, len, at, c->ctl),
                      .ctl = c,
                      .checked = c->ctl->checked};
        st = push_mark(out, &mk);
        if (st)
            return st;
    }
    if (out->n == base)
        return FA_OK;
    fa_mark *v = out->v + base;
    size_t m = out->n - base;
    qsort(v, m, sizeof *v, mark_cmp);
    /* A control and the glyph or leader that draws it are one mark. */
    size_t w = 0;
    for (size_t i = 0; i < m; i++) {
        if (!v[i].ctl && w > 0 && v[w - 1].ctl && skip_sp(t, v[w - 1].e, len) >= v[i].s &&
            (v[i].type == (v[w - 1].type == FA_MK_BOX ? FA_MK_BOX : FA_MK_BLANK))) {
            v[w - 1].e = v[i].e;
            continue;
        }
        if (v[i].ctl && w > 0 && !v[w - 1].ctl && skip_sp(t, v[w - 1].e, len) >= v[i].s &&
            v[w - 1].type == (v[i].type == FA_MK_BOX ? FA_MK_BOX : FA_MK_BLANK)) {
            size_t s = v[w - 1].s;
            v[w - 1] = v[i];
            v[w - 1].s = s;
            if (v[w - 1].e < v[i].s)
                v[w - 1].e = v[i].s;
            continue;
        }
        v[w++] = v[i];
    }
    /* Marks never overlap: a leader drawn under several controls ("_ _ / _ _ / _ _ _ _"
     * under a day box and a month box) was taken whole by the first control; each
     * control keeps the part up to the next mark, and a control takes the rest of the
     * leader it sits in. Callers read the text between two marks as [prev.e, next.s). */
    for (size_t i = 1; i < w; i++) {
        if (v[i - 1].e <= v[i].s)
            continue;
        if (v[i].ctl && v[i].e < v[i - 1].e)
            v[i].e = v[i - 1].e;
        v[i - 1].e = v[i].s;
    }
    size_t k = 0;
    for (size_t i = 0; i < w; i++)
        if (!connector_leader(t, len, &v[i], i + 1 < w ? &v[i + 1] : NULL))
            v[k++] = v[i];
    out->n = base + k;
    return FA_OK;
}

/* ---------------------------------------------------------------- labels */

static bool is_sep_cp(uint32_t c, bool trailing)
{
    switch (c) {
    case ' ':
    case '-':
    case '/':
    case ',':
    case ';':
    case '|':
    case '*':
    case 0x2022: /* • */
    case 0x2013:
    case 0x2014: /* – — */
    case 0x00B7:
    case 0x2192:
    case 0x25BA:
    case 0x27A2: /* · → ► ➢ */
        return true;
    case ':':
    case '.':
    case 0x2026:
    case '_':
    case '(':
    case '[':
    case '=':
    case 0xFF1A:
        return trailing;
    case ')':
    case ']':
    case '>':
    case '<':
    case 0x2190: /* "<- label", "← label" */
        return !trailing;
    default:
        return false;
    }
}

bool fa_span_empty(const char *t, size_t s, size_t e)
{
    size_t i = s;
    while (i < e) {
        size_t len;
        uint32_t c = u8_at(t + i, e - i, &len);
        if (!is_sep_cp(c, false) && c != ':' && c != '.' && c != 0x2026 && c != '_')
            return false;
        i += len;
    }
    return true;
}

char *fa_label_clean(const char *t, size_t s, size_t e)
{
    if (e < s)
        e = s; /* an empty span, never a wrapped-around length */
    char *l = fa_strndup(t + s, e - s);
    if (!l)
        return NULL;
    fa_str_squeeze(l);
    size_t n = strlen(l), a = 0;
    /* trailing separators, colons, leaders */
    for (;;) {
        size_t st;
        if (!n)
            break;
        uint32_t c = u8_before(l, n, &st);
        if (!is_sep_cp(c, true))
            break;
        n = st;
    }
    l[n] = '\0';
    /* an unbalanced trailing "(" was removed above; leading bullets and separators */
    for (;;) {
        size_t len;
        uint32_t c = u8_at(l + a, n - a, &len);
        if (a >= n || !is_sep_cp(c, false))
            break;
        a += len;
    }
    if (a)
        memmove(l, l + a, n - a + 1);
    return l;
}

size_t fa_word_count(const char *s)
{
    size_t n = 0;
    bool in = false, alnum = false;
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
        if (*p == ' ') {
            if (in && alnum)
                n++;
            in = alnum = false;
            continue;
        }
        in = true;
        if ((*p >= '0' && *p <= '9') || ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') || *p >= 0x80)
            alnum = true;
    }
    return n + (in && alnum);
}

int fa_last_char(const char *s)
{
    if (!s)
        return 0;
    size_t n = strlen(s);
    while (n > 0 && s[n - 1] == ' ')
        n--;
    return n ? (unsigned char)s[n - 1] : 0;
}

bool fa_folded_has(const char *folded, const char *const *words)
{
    if (!folded)
        return false;
    for (size_t i = 0; words[i]; i++)
        if (strstr(folded, words[i]))
            return true;
    return false;
}

fa_field_kind fa_kind_from_label(const char *label, fa_field_kind dflt)
{
    char *f = fa_fold_simple(label ? label : "");
    if (!f)
        return dflt;
    fa_field_kind k = dflt;
    if (fa_langdata_list_has(scan_ld, FA_FL_SIGNATURE, f) && fa_word_count(f) <= 8)
        k = FA_FK_SIGNATURE;
    else if (dflt != FA_FK_CHOICE && dflt != FA_FK_CHECKBOX &&
             (fa_langdata_list_has(scan_ld, FA_FL_DATE_START, f) ||
              fa_langdata_list_has(scan_ld, FA_FL_DATE_END, f))) /* "Fait à … le" */
        k = FA_FK_DATE;
    free(f);
    return k;
}

bool fa_is_notice_title(const char *text)
{
    char *f = fa_fold_simple(text ? text : "");
    bool r = f && fa_word_count(f) <= 10 && fa_langdata_list_has(scan_ld, FA_FL_NOTICE_TITLE, f);
    free(f);
    return r;
}

bool fa_is_notice_text(const char *text)
{
    return in_list(FA_FL_NOTICE_TEXT, text);
}

bool fa_is_form_label(const char *label)
{
    return in_list(FA_FL_FORM_LABEL, label);
}

bool fa_is_rating_word(const char *text)
{
    char *f = fa_fold_simple(text ? text : "");
    if (!f)
        return false;
    fa_str_squeeze(f);
    size_t n = strlen(f);
    bool r = (n && n <= 2 && strspn(f, "0123456789") == n) ||
             fa_langdata_list_has(scan_ld, FA_FL_RATING, f) ||
             (fa_langdata_list_has(scan_ld, FA_FL_RATING_PREFIX, f) && fa_word_count(f) <= 4);
    free(f);
    return r;
}

bool fa_is_placeholder(const char *text)
{
    char head[64];
    /* called at every word of a paragraph starting with c, a, t or e: look no further
     * than the head (strlen of the rest made long paragraphs quadratic) */
    size_t len = strnlen(text, sizeof head), n = len;
    if (n > sizeof head - 1)
        n = sizeof head - 1;
    while (n > 0 && n < len && ((unsigned char)text[n] & 0xC0) == 0x80)
        n--; /* cut on a character boundary */
    /* two ASCII letters fold to themselves in lower case: most words end here */
    unsigned char c0 = (unsigned char)text[0] | 0x20;
    unsigned char c1 = (unsigned char)(n > 1 ? text[1] : 0) | 0x20;
    if (n > 1 && c0 >= 'a' && c0 <= 'z' && c1 >= 'a' && c1 <= 'z' &&
        !fa_langdata_placeholder_pair(scan_ld, c0, c1))
        return false;
    memcpy(head, text, n);
    head[n] = '\0';
    char *f = fa_fold_simple(head);
    bool r = f && fa_langdata_list_has(scan_ld, FA_FL_PLACEHOLDER, f);
    free(f);
    return r;
}

bool fa_is_unit(const char *w, size_t n)
{
    static const char *const units[] = {
        "€",      "euros", "euro", "eur", "kg",     "g",        "cm",     "mm",    "m",
        "km",     "m²",    "m2",   "%",   "ans",    "an",       "mois",   "jours", "jour",
        "heures", "heure", "h",    "min", "mètres", "semaines", "€/mois", NULL};
    for (int i = 0; units[i]; i++)
        if (strlen(units[i]) == n && !strncmp(w, units[i], n))
            return true;
    return false;
}
