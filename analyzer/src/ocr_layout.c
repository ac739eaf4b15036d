/* ocr_layout.c — a page read by OCR written into the document as a PDF text layer is:
 * one paragraph per visual row, rows whose columns line up with their neighbours' as a
 * table, big lines as headings; and the boxes and lines drawn on the page (shapes.c)
 * written where a person sees them: "☐" for a box to tick, a leader "______" for a line
 * to write on, a comb or an empty cell, "__/__/____" for a date comb. Field detection
 * then reads "Nom : ______" and "☐ Oui ☐ Non" as it does in any other format.
 *
 * Words Tesseract is unsure of (under FA_OCR_MIN_CONFIDENCE) are never silently
 * trusted: each run of them is followed by " (?)", which a label or a quote then shows.
 * Specks read as punctuation with a low confidence are dropped.
 *
 * Everything is in points (1/72 inch), top-left origin, from the page image's pixels
 * divided by its scale. Pure: no OCR engine here, so the tests drive it with words. */
#include "fa_limits.h"
#include "ocr.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define BOX_GLYPH "\xE2\x98\x90"    /* ☐ */
#define TICKED_GLYPH "\xE2\x98\x92" /* ☒ */

typedef enum { IT_WORD = 0, IT_BOX, IT_LEADER } item_kind;

typedef struct item {
    double x1, y1, x2, y2;
    const char *text; /* a word's text (borrowed) or a token */
    char token[48];   /* the text of a token made from a shape */
    float conf;
    item_kind kind;
    int line; /* Tesseract's text line of a word, -1 for a token */
    int row;
} item;

typedef struct row {
    double y1, y2; /* the band items are compared to */
    double top, bottom;
    size_t first, n; /* items[first .. first+n) after sorting */
} row;

typedef struct lay {
    fa_doc *doc;
    item *v;
    size_t n, alloc;
    double lh; /* body text height: the median height of trusted words */
    size_t chars, uncertain;
} lay;

/* The text of an item (a token's lives in the item: items move when sorted). NULL for
 * a dropped word. */
static const char *item_text(const item *it)
{
    return it->kind == IT_WORD ? it->text : it->token;
}

static item *push(lay *L)
{
    if (L->n == L->alloc) {
        size_t na = L->alloc ? L->alloc * 2 : 256;
        item *p = realloc(L->v, na * sizeof *p);
        if (!p)
            return NULL;
        L->v = p;
        L->alloc = na;
    }
    item *it = &L->v[L->n++];
    memset(it, 0, sizeof *it);
    it->conf = 100;
    return it;
}

static bool has_alnum(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p >= '0' && *p <= '9') || ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') || *p >= 0xC3)
            return true;
    return false;
}

static bool blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n')
            return false;
    return true;
}

/* Made of leader characters only: "____", "......", "———", "…" (a line Tesseract read). */
static bool leader_word(const char *s)
{
    size_t n = 0;
    for (const char *p = s; *p;) {
        if (*p == '_' || *p == '.' || *p == '-')
            p++;
        else if (!strncmp(p, "\xE2\x80\xA6", 3) || !strncmp(p, "\xE2\x80\x94", 3) ||
                 !strncmp(p, "\xE2\x80\x93", 3))
            p += 3;
        else
            return false;
        n++;
    }
    return n >= 3;
}

static double overlap(double a1, double a2, double b1, double b2)
{
    double o = fmin(a2, b2) - fmax(a1, b1);
    return o > 0 ? o : 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static size_t u8len(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* A speck, a stroke or the edge of a box read as a word: punctuation Tesseract is
 * unsure of, a lone dot or bar, a letter or two it hardly believes in. Runs of dots
 * and underscores are lines to fill, and stay. */
static bool noise(const fa_ocr_word *w)
{
    if (leader_word(w->text))
        return false;
    bool alnum = has_alnum(w->text);
    size_t n = u8len(w->text);
    if (!alnum && w->conf < FA_OCR_MIN_CONFIDENCE)
        return true;
    if (n == 1 && strchr(".,'`|-_~^", w->text[0]))
        return true;
    return w->conf < FA_OCR_NOISE_CONFIDENCE && n <= 2;
}

/* The words of the page as items; the body text height. */
static fa_status add_words(lay *L, const fa_ocr_layout_in *in)
{
    double *hs = malloc((in->n_words ? in->n_words : 1) * sizeof *hs);
    if (!hs)
        return FA_ERR_NOMEM;
    size_t nh = 0;
    for (size_t i = 0; i < in->n_words; i++) {
        const fa_ocr_word *w = &in->words[i];
        if (!w->text || blank(w->text) || w->x2 <= w->x1 || w->y2 <= w->y1)
            continue; /* Tesseract gives ruled lines as words of spaces */
        if (noise(w))
            continue;
        item *it = push(L);
        if (!it) {
            free(hs);
            return FA_ERR_NOMEM;
        }
        it->x1 = w->x1 / in->scale;
        it->y1 = w->y1 / in->scale;
        it->x2 = w->x2 / in->scale;
        it->y2 = w->y2 / in->scale;
        it->text = w->text;
        it->conf = w->conf;
        it->kind = IT_WORD;
        it->line = w->line >= 0 && w->line < 1000000 ? w->line : -1;
        if (has_alnum(w->text) && w->conf >= FA_OCR_MIN_CONFIDENCE)
            hs[nh++] = it->y2 - it->y1;
    }
    if (nh) {
        qsort(hs, nh, sizeof *hs, cmp_double);
        L->lh = hs[nh / 2];
    }
    if (L->lh < 4 || L->lh > 40)
        L->lh = 9; /* no trusted word: a 10-pt font's letters */
    free(hs);
    return FA_OK;
}

/* Words covered by a shape are what Tesseract made of its drawing ("O", "[]", "|", a
 * run of underscores): the shape's token replaces them. */
static void drop_covered(lay *L, const fa_shape *s, size_t n_words, bool short_only)
{
    for (size_t i = 0; i < n_words; i++) {
        item *it = &L->v[i];
        if (it->kind != IT_WORD || !it->text)
            continue;
        double a = (it->x2 - it->x1) * (it->y2 - it->y1);
        double o = overlap(it->x1, it->x2, s->x1, s->x2) * overlap(it->y1, it->y2, s->y1, s->y2);
        if (a <= 0 || o < 0.5 * a)
            continue;
        if (short_only && strlen(it->text) > 3 && !leader_word(it->text))
            continue;
        it->text = NULL; /* dropped */
    }
}

/* Tesseract reads a drawn box, or its shadow beside the one shapes.c found, as "O",
 * "Oo", "0", "D", "[]": such a word touching box S (overlapping it or within half a
 * text height of it on its line) is the drawing, not text. */
static void drop_box_reads(lay *L, const fa_shape *s, size_t n_words)
{
    for (size_t i = 0; i < n_words; i++) {
        item *it = &L->v[i];
        if (it->kind != IT_WORD || !it->text || u8len(it->text) > 2 ||
            strspn(it->text, "O0oDQU[]|") != strlen(it->text))
            continue;
        double gap = it->x2 < s->x1 ? s->x1 - it->x2 : it->x1 > s->x2 ? it->x1 - s->x2 : 0;
        if (gap < 0.5 * L->lh && overlap(it->y1, it->y2, s->y1, s->y2) > 0)
            it->text = NULL;
    }
}

/* True when a word sits on most of rule S: underlined text (a title, a filled value),
 * not a line waiting to be filled. */
static bool rule_under_words(const lay *L, const fa_shape *s, size_t n_words)
{
    double covered = 0, y = s->y1;
    for (size_t i = 0; i < n_words; i++) {
        const item *it = &L->v[i];
        if (it->kind != IT_WORD || !it->text || leader_word(it->text))
            continue;
        if (it->y2 < y - 0.8 * L->lh || it->y2 > y + 0.4 * L->lh)
            continue;
        covered += overlap(it->x1, it->x2, s->x1, s->x2);
    }
    return covered > 0.5 * (s->x2 - s->x1);
}

/* A word of leader characters lies along rule S already (a dotted line read as dots). */
static bool rule_read_as_text(const lay *L, const fa_shape *s, size_t n_words)
{
    for (size_t i = 0; i < n_words; i++) {
        const item *it = &L->v[i];
        if (it->kind == IT_WORD && it->text && leader_word(it->text) &&
            overlap(it->x1, it->x2, s->x1, s->x2) > 0.5 * (s->x2 - s->x1) &&
            fabs(it->y2 - s->y1) < L->lh)
            return true;
    }
    return false;
}

/* Any word's centre or a shape token inside cell S. */
static bool cell_holds(const lay *L, const fa_shape *s)
{
    for (size_t i = 0; i < L->n; i++) {
        const item *it = &L->v[i];
        if (it->kind == IT_WORD && !it->text)
            continue;
        double cx = (it->x1 + it->x2) / 2, cy = (it->y1 + it->y2) / 2;
        if (cx > s->x1 && cx < s->x2 && cy > s->y1 && cy < s->y2)
            return true;
    }
    return false;
}

static void leader_text(char *buf, size_t cap, double width)
{
    size_t n = (size_t)(width / 5);
    if (n < 4)
        n = 4;
    if (n > 40)
        n = 40;
    if (n >= cap)
        n = cap - 1;
    memset(buf, '_', n);
    buf[n] = 0;
}

static fa_status token(lay *L, const fa_shape *s, item_kind kind, double x1, double y1, double x2,
                       double y2)
{
    item *it = push(L);
    if (!it)
        return FA_ERR_NOMEM;
    it->x1 = x1;
    it->y1 = y1;
    it->x2 = x2;
    it->y2 = y2;
    it->kind = kind;
    it->line = -1;
    if (kind == IT_BOX) {
        strcpy(it->token, s->ticked ? TICKED_GLYPH : BOX_GLYPH);
    } else if (s->kind == FA_SH_COMB && s->groups == 3 && s->group_len[0] == 2 &&
               s->group_len[1] == 2 && (s->group_len[2] == 4 || s->group_len[2] == 2)) {
        strcpy(it->token, s->group_len[2] == 4 ? "__/__/____" : "__/__/__");
    } else {
        leader_text(it->token, sizeof it->token, x2 - x1);
    }
    it->text = ""; /* not dropped; the text is the token (item_text) */
    return FA_OK;
}

/* The shapes of the page as tokens, the words they replace dropped. Cells last: a cell
 * is a blank to fill only when nothing, not even another shape, is in it. */
static fa_status add_shapes(lay *L, const fa_shapes *sh)
{
    size_t n_words = L->n;
    double lh = L->lh;
    for (size_t i = 0; sh && i < sh->n; i++) {
        const fa_shape *s = &sh->v[i];
        fa_status st = FA_OK;
        switch (s->kind) {
        case FA_SH_BOX:
            drop_covered(L, s, n_words, true);
            drop_box_reads(L, s, n_words);
            st = token(L, s, IT_BOX, s->x1, s->y1, s->x2, s->y2);
            break;
        case FA_SH_COMB:
            if (s->x2 - s->x1 < 1.5 * lh)
                break; /* two strokes of a letter, not a row of cells to fill */
            drop_covered(L, s, n_words, false);
            st = token(L, s, IT_LEADER, s->x1, s->y1, s->x2, s->y2);
            break;
        case FA_SH_RULE:
            if (s->x2 - s->x1 < 1.5 * lh || rule_under_words(L, s, n_words) ||
                rule_read_as_text(L, s, n_words))
                break;
            drop_covered(L, s, n_words, true);
            /* the line is written on: its token stands where the text on it would be */
            st = token(L, s, IT_LEADER, s->x1, s->y1 - 0.8 * lh, s->x2, s->y1);
            break;
        default:
            break;
        }
        if (st != FA_OK)
            return st;
    }
    /* which cells are empty is judged against the words and the other shapes only */
    size_t before = L->n;
    for (size_t i = 0; sh && i < sh->n; i++) {
        const fa_shape *s = &sh->v[i];
        if (s->kind != FA_SH_CELL || s->x2 - s->x1 < 4 * lh || s->y2 - s->y1 < 0.9 * lh)
            continue;
        size_t n = L->n;
        L->n = before;
        bool full = cell_holds(L, s);
        L->n = n;
        if (full)
            continue;
        double w = fmin(s->x2 - s->x1 - 4, 40 * 5);
        if (token(L, s, IT_LEADER, s->x1 + 2, s->y1 + 2, s->x1 + 2 + w, s->y1 + 2 + lh) != FA_OK)
            return FA_ERR_NOMEM;
    }
    return FA_OK;
}

/* ---------------------------------------------------------------- rows */

static int cmp_item_y(const void *a, const void *b)
{
    const item *x = a, *y = b;
    double cx = x->y1 + x->y2, cy = y->y1 + y->y2;
    return cx < cy ? -1 : cx > cy;
}

static int cmp_item_row_x(const void *a, const void *b)
{
    const item *x = a, *y = b;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    return x->x1 < y->x1 ? -1 : x->x1 > y->x1;
}

/* Only punctuation that closes a label: ":", "?", ";", "!". */
static bool closing_punct(const item *it)
{
    if (it->kind != IT_WORD || !it->text || !it->text[0])
        return false;
    for (const char *p = it->text; *p; p++)
        if (!strchr(":?;!", *p))
            return false;
    return true;
}

/* A colon or a question mark is small and sits low: it may fall in the row below its
 * label's. It belongs to the word just left of it when one overlaps it vertically. */
static void attach_punctuation(lay *L)
{
    for (size_t i = 0; i < L->n; i++) {
        item *p = &L->v[i];
        if (!closing_punct(p) || p->row < 0)
            continue;
        double best = 1.5 * L->lh;
        int to = p->row;
        for (size_t j = 0; j < L->n; j++) {
            const item *w = &L->v[j];
            if (j == i || w->row < 0 || w->kind != IT_WORD || !w->text)
                continue;
            double gap = p->x1 - w->x2;
            if (gap > -1 && gap < best && overlap(p->y1, p->y2, w->y1, w->y2) > 0) {
                best = gap;
                to = w->row;
            }
        }
        p->row = to;
    }
}

/* Give every kept item a row: items whose vertical extents overlap by half the smaller
 * height (measured against the row's band, which does not grow with each member: a
 * tall item must not chain two rows together). Returns the number of rows, or 0. */
static size_t assign_rows(lay *L, row **out)
{
    qsort(L->v, L->n, sizeof *L->v, cmp_item_y);
    row *rows = malloc((L->n ? L->n : 1) * sizeof *rows);
    if (!rows)
        return 0;
    /* the words of one Tesseract text line share a row, whatever their heights */
    int max_line = -1;
    for (size_t i = 0; i < L->n; i++)
        if (L->v[i].line > max_line)
            max_line = L->v[i].line;
    int *line_row = malloc((size_t)(max_line + 2) * sizeof *line_row);
    if (!line_row) {
        free(rows);
        return 0;
    }
    for (int k = 0; k <= max_line; k++)
        line_row[k] = -1;
    size_t nr = 0, open = 0; /* rows [open, nr) may still take items */
    for (size_t i = 0; i < L->n; i++) {
        item *it = &L->v[i];
        if (it->kind == IT_WORD && !it->text) {
            it->row = -1;
            continue;
        }
        double h = it->y2 - it->y1;
        int best = it->line >= 0 ? line_row[it->line] : -1;
        if (best >= 0) {
            it->row = best;
            rows[best].top = fmin(rows[best].top, it->y1);
            rows[best].bottom = fmax(rows[best].bottom, it->y2);
            continue;
        }
        double best_ov = 0;
        for (size_t r = open; r < nr; r++) {
            double bh = rows[r].y2 - rows[r].y1;
            double ov = overlap(it->y1, it->y2, rows[r].y1, rows[r].y2);
            if (ov >= 0.5 * fmin(h, bh) && ov > best_ov) {
                best_ov = ov;
                best = (int)r;
            }
        }
        if (best < 0) {
            rows[nr] = (row){.y1 = it->y1, .y2 = it->y2, .top = it->y1, .bottom = it->y2};
            /* a token's band is the text height, whatever the shape's own height */
            if (it->kind != IT_WORD && h > 1.5 * L->lh)
                rows[nr].y2 = it->y1 + L->lh;
            best = (int)nr++;
        }
        it->row = best;
        if (it->line >= 0)
            line_row[it->line] = best;
        rows[best].top = fmin(rows[best].top, it->y1);
        rows[best].bottom = fmax(rows[best].bottom, it->y2);
        /* rows far above the current item take nothing more */
        while (open < nr && rows[open].y2 < it->y1 - 2 * L->lh)
            open++;
    }
    free(line_row);
    attach_punctuation(L);
    /* rows in reading order (items came by centre height: rows already are), items
     * by row then x */
    qsort(L->v, L->n, sizeof *L->v, cmp_item_row_x);
    size_t k = 0;
    for (size_t r = 0; r < nr; r++) {
        while (k < L->n && L->v[k].row < (int)r)
            k++;
        rows[r].first = k;
        rows[r].n = 0;
        while (k + rows[r].n < L->n && L->v[k + rows[r].n].row == (int)r)
            rows[r].n++;
    }
    *out = rows;
    return nr;
}

/* Columns of a row: where the gap between two items is wider than a few spaces. */
#define COL_GAP(lh) (2.2 * (lh))

static size_t segments(const lay *L, const row *r, size_t *starts, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n && n < cap; i++) {
        const item *it = &L->v[r->first + i];
        if (i == 0 || it->x1 - L->v[r->first + i - 1].x2 > COL_GAP(L->lh))
            starts[n++] = i;
    }
    return n;
}

/* A segment of a row starts near a segment of row Q (a column that goes on). */
static bool columns_align(const lay *L, const row *a, const row *b)
{
    size_t sa[64], sb[64];
    size_t na = segments(L, a, sa, 64), nb = segments(L, b, sb, 64);
    if (na < 2 || nb < 2)
        return false;
    for (size_t i = 1; i < na; i++)
        for (size_t j = 1; j < nb; j++)
            if (fabs(L->v[a->first + sa[i]].x1 - L->v[b->first + sb[j]].x1) < 2 * L->lh)
                return true;
    return false;
}

/* ---------------------------------------------------------------- writing */

/* Append items [from, to) of row R to paragraph P: words joined by spaces, each run of
 * uncertain words followed by " (?)". */
static fa_status write_items(lay *L, fa_node *p, const row *r, size_t from, size_t to)
{
    bool unsure = false;
    for (size_t i = from; i < to; i++) {
        const item *it = &L->v[r->first + i];
        const char *text = item_text(it);
        if (!text)
            continue;
        bool u = it->kind == IT_WORD && it->conf < FA_OCR_MIN_CONFIDENCE;
        if (unsure && !u && fa_node_append_text(L->doc, p, " (?)", 4) != FA_OK)
            return FA_ERR_NOMEM;
        unsure = u;
        L->uncertain += u;
        if (p->len && fa_node_append_text(L->doc, p, " ", 1) != FA_OK)
            return FA_ERR_NOMEM;
        size_t n = strlen(text);
        if (fa_node_append_text(L->doc, p, text, n) != FA_OK)
            return FA_ERR_NOMEM;
        for (size_t k = 0; k < n; k++)
            L->chars += text[k] != ' ' && ((unsigned char)text[k] & 0xC0) != 0x80;
    }
    if (unsure && fa_node_append_text(L->doc, p, " (?)", 4) != FA_OK)
        return FA_ERR_NOMEM;
    return FA_OK;
}

/* Starts like a section number: "1.", "2)", "IV.", "A." or "Cadre". */
static bool numbered(const char *s)
{
    size_t i = 0;
    while (s[i] >= '0' && s[i] <= '9')
        i++;
    if (!i)
        while (s[i] && strchr("IVX", s[i]))
            i++;
    if (i && i <= 4 && (s[i] == '.' || s[i] == ')' || s[i] == '-') && s[i + 1] == ' ')
        return true;
    return !strncmp(s, "Cadre ", 6) || !strncmp(s, "CADRE ", 6) || !strncmp(s, "Partie ", 7) ||
           !strncmp(s, "PARTIE ", 7) || !strncmp(s, "Article ", 8);
}

static bool upper_line(const char *s)
{
    int up = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p >= 'a' && *p <= 'z')
            return false;
        up += *p >= 'A' && *p <= 'Z';
    }
    return up >= 4;
}

/* Height of the tallest word of row R (letters with ascenders and descenders: the
 * font's full height, where one word may be all x-height). 0 for a row of shapes. */
static double row_height(const lay *L, const row *r)
{
    double h = 0;
    for (size_t i = 0; i < r->n; i++) {
        const item *it = &L->v[r->first + i];
        if (it->kind == IT_WORD && it->text && has_alnum(it->text))
            h = fmax(h, it->y2 - it->y1);
    }
    return h;
}

/* A paragraph made of row R is a heading: its words are clearly taller than the body
 * text's, or it is a numbered line in capitals; never a line that asks for something.
 * Word heights follow the letters ("nom" is x-height, "téléphone" full height, "(dpo@"
 * taller still), so a row must stand out both by its words' mean height against the
 * median word (L->lh) and by its tallest word against the median row (BODY). */
static void heading(const lay *L, const row *r, fa_node *p, double body)
{
    if (!p->len || p->len > 160)
        return;
    double sum = 0;
    size_t nw = 0;
    for (size_t i = 0; i < r->n; i++) {
        const item *it = &L->v[r->first + i];
        if (it->kind != IT_WORD)
            return; /* a box or a leader */
        if (it->text && has_alnum(it->text)) {
            sum += it->y2 - it->y1;
            nw++;
        }
    }
    char last = p->text[p->len - 1];
    if (!nw || last == ':' || last == '?' || strstr(p->text, "..."))
        return;
    double mean = sum / (double)nw / L->lh, top = row_height(L, r) / body;
    if (mean >= 1.6 && top >= 1.3) {
        p->type = FA_N_HEADING;
        p->level = top >= 1.8 ? 1 : 2;
    } else if (numbered(p->text) && upper_line(p->text)) {
        p->type = FA_N_HEADING;
        p->level = 3;
    }
}

/* The median height of the rows that hold words. */
static double body_height(const lay *L, const row *rows, size_t nr)
{
    double *hs = malloc((nr ? nr : 1) * sizeof *hs);
    size_t n = 0;
    for (size_t r = 0; hs && r < nr; r++) {
        double h = row_height(L, &rows[r]);
        if (h > 0)
            hs[n++] = h;
    }
    double body = L->lh * 1.3;
    if (n) {
        qsort(hs, n, sizeof *hs, cmp_double);
        body = hs[n / 2];
    }
    free(hs);
    return body;
}

static fa_node *para(lay *L, fa_node *parent, int pageno)
{
    fa_node *p = fa_node_new(L->doc, FA_N_PARAGRAPH);
    if (!p)
        return NULL;
    p->loc.page = pageno;
    fa_node_append(parent, p);
    return p;
}

/* The columns of row R (segments starting at ST) are labels side by side: every
 * segment but the last ends with a colon and nothing drawn follows it, and the next
 * starts with a word, not a box. */
static bool label_columns(const lay *L, const row *R, const size_t *st, size_t ns)
{
    for (size_t k = 0; k + 1 < ns; k++) {
        const item *end = &L->v[R->first + st[k + 1] - 1];
        const item *next = &L->v[R->first + st[k + 1]];
        const char *t = item_text(end);
        size_t n = t ? strlen(t) : 0;
        if (end->kind != IT_WORD || !n || t[n - 1] != ':' || next->kind != IT_WORD)
            return false;
    }
    return true;
}

/* Row R is only a line drawn just under the heading of row H: a separator under a
 * title, not a line to write on. */
static bool separator(const lay *L, const row *rows, size_t r, int h)
{
    const row *R = &rows[r];
    if (h < 0 || (size_t)h + 1 != r || R->n != 1 || L->v[R->first].kind != IT_LEADER)
        return false;
    return R->bottom - rows[h].bottom < 1.5 * L->lh;
}

static fa_status write_rows(lay *L, const row *rows, size_t nr, int pageno)
{
    fa_node *table = NULL;
    int last_heading = -1; /* the row just written, when it made a heading */
    double body = body_height(L, rows, nr);
    fa_node *prev_head = NULL;
    for (size_t r = 0; r < nr; r++) {
        const row *R = &rows[r];
        if (!R->n)
            continue;
        size_t st[64];
        size_t ns = segments(L, R, st, 64);
        bool tabular = ns > 1 && ((r > 0 && columns_align(L, R, &rows[r - 1])) ||
                                  (r + 1 < nr && columns_align(L, R, &rows[r + 1])));
        if (separator(L, rows, r, last_heading)) {
            continue;
        }
        if (!tabular && ns > 1 && label_columns(L, R, st, ns)) {
            /* "NIR :        Date de naissance :": two labels, each waiting for its
             * answer in the space after it, side by side: one paragraph each */
            table = NULL;
            last_heading = -1;
            prev_head = NULL;
            for (size_t k = 0; k < ns; k++) {
                fa_node *p = para(L, L->doc->root, pageno);
                if (!p || write_items(L, p, R, st[k], k + 1 < ns ? st[k + 1] : R->n) != FA_OK)
                    return p ? FA_ERR_NOMEM : FA_ERR_LIMIT;
                fa_node_squeeze(p);
            }
            continue;
        }
        if (!tabular) {
            table = NULL;
            fa_node *p = para(L, L->doc->root, pageno);
            if (!p || write_items(L, p, R, 0, R->n) != FA_OK)
                return p ? FA_ERR_NOMEM : FA_ERR_LIMIT;
            fa_node_squeeze(p);
            heading(L, R, p, body);
            if (p->type == FA_N_HEADING && last_heading >= 0 && prev_head &&
                prev_head->level == p->level) {
                /* a title set on two or three lines is one heading */
                if (fa_node_append_text(L->doc, prev_head, " ", 1) != FA_OK ||
                    fa_node_append_text(L->doc, prev_head, p->text, p->len) != FA_OK)
                    return FA_ERR_NOMEM;
                fa_node_unlink(p);
                last_heading = (int)r;
                continue;
            }
            last_heading = p->type == FA_N_HEADING ? (int)r : -1;
            prev_head = p->type == FA_N_HEADING ? p : NULL;
            continue;
        }
        if (!table) {
            table = fa_node_new(L->doc, FA_N_TABLE);
            if (!table)
                return FA_ERR_LIMIT;
            table->loc.page = pageno;
            fa_node_append(L->doc->root, table);
        }
        fa_node *tr = fa_node_new(L->doc, FA_N_ROW);
        if (!tr)
            return FA_ERR_LIMIT;
        fa_node_append(table, tr);
        for (size_t s = 0; s < ns; s++) {
            fa_node *cell = fa_node_new(L->doc, FA_N_CELL);
            if (!cell)
                return FA_ERR_LIMIT;
            fa_node_append(tr, cell);
            fa_node *p = para(L, cell, pageno);
            if (!p || write_items(L, p, R, st[s], s + 1 < ns ? st[s + 1] : R->n) != FA_OK)
                return p ? FA_ERR_NOMEM : FA_ERR_LIMIT;
            fa_node_squeeze(p);
        }
    }
    return FA_OK;
}

fa_status fa_ocr_layout(fa_doc *doc, const fa_ocr_layout_in *in, size_t *chars, size_t *uncertain)
{
    *chars = 0;
    *uncertain = 0;
    if (!in->scale || in->scale <= 0)
        return FA_OK;
    lay L = {.doc = doc};
    fa_status st = add_words(&L, in);
    if (st == FA_OK)
        st = add_shapes(&L, in->shapes);
    row *rows = NULL;
    size_t nr = st == FA_OK && L.n ? assign_rows(&L, &rows) : 0;
    if (st == FA_OK && L.n && !rows)
        st = FA_ERR_NOMEM;
    if (st == FA_OK)
        st = write_rows(&L, rows, nr, in->pageno);
    *chars = L.chars;
    *uncertain = L.uncertain;
    free(rows);
    free(L.v);
    return st;
}
