/* read_pdf_gfx.c — the graphics of a PDF page as fields: boxes drawn to tick, comb
 * boxes, lines and dotted rules to write on, empty cells of ruled grids.
 *
 * poppler-glib gives a page's text and its AcroForm widgets, never its paths. So the
 * page is rendered with cairo at a low resolution (FA_PDF_RENDER_SCALE), its glyphs are
 * painted out (their boxes are known), and shapes.c reads what is left: boxes, combs,
 * rules, cells. They are then written into the page text as a person reads them, "☐"
 * in the line a box sits in, a leader "______" where a line or comb waits to be
 * filled, so that field detection reads "Nom : ______" and "☐ Oui ☐ Non" the same
 * whether the form typed them or drew them. The README says why a render and what it
 * costs. */
#include "fa_limits.h"
#include "read_pdf_int.h"

#include <cairo.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Pixels per point of the render: 1.5 (108 dpi) shows a 0.3 pt hairline as a grey run
 * of one or two pixels and a 6 pt box as a 9-pixel square. poppler's time is spent
 * interpreting the page (fonts, images), hardly on pixels: 2.0 costs about the same,
 * 1.0 loses hairlines. */
#define FA_PDF_RENDER_SCALE 1.5

/* Thickest rule still a line to write on, in points: a section separator or a frame
 * band is thicker. At 1.5 px/pt a hairline spans two pixel rows (1.33 pt). */
#define RULE_THICK_PT 1.5

/* Shortest leader written for a rule, and most underscores. */
#define LEADER_MIN 3
#define LEADER_MAX 120

/* ---------------------------------------------------------------- finding */

/* A character that is painted out before the shapes are searched: every visible glyph
 * except the private-use code points of symbol fonts (Wingdings, Webdings), which
 * forms use to draw boxes: the render shows what they are. */
static bool mask_char(gunichar u)
{
    if (u < 0x80)
        return u > ' ';
    return !(u >= 0xE000 && u <= 0xF8FF) && !g_unichar_isspace(u) && u != 0xA0;
}

/* Characters that, three or more in a row, draw a line to fill ("____", "....",
 * "……"): painted out whole, the line they draw included. */
static bool leader_char(gunichar u)
{
    return u == '_' || u == '.' || u == 0x2026 || u == '-' || u == 0xFF3F;
}

/* Pixels of ink from (X, Y) on in direction (DX, DY), at most N. */
static int ink_run(const unsigned char *g, int w, int h, int x, int y, int dx, int dy, int n)
{
    int i = 0;
    for (; i < n; i++, x += dx, y += dy)
        if (x < 0 || y < 0 || x >= w || y >= h || g[(size_t)y * w + x] >= 228 /* shapes.c */)
            break;
    return i;
}

/* A line goes on from both sides of a glyph's box: far on one side (N pixels), at
 * least a little on the other (a table border between the cell's edge and its text).
 * A neighbouring glyph that touches the box does neither. */
static bool through(const unsigned char *g, int w, int h, int xa, int ya, int xb, int yb, int dx,
                    int dy, int n)
{
    int a = ink_run(g, w, h, xa, ya, -dx, -dy, n), b = ink_run(g, w, h, xb, yb, dx, dy, n);
    return (a >= 2 && b >= n) || (a >= n && b >= 2);
}

/* Paint the box [x0, x1) x [y0, y1) of G with the lightest grey around it: the paper,
 * or the shade of a band the text is printed on (painting white would cut holes that
 * look like empty frames). ORIG is the image before any painting: a row or column of
 * ink that goes on at both ends of the box is a ruling line passing behind the glyph
 * (a table border touching the text's box) and is kept, unless KEEP is false (a
 * leader: its own line is the glyph). */
static void paint_out(unsigned char *g, const unsigned char *orig, int w, int h, int x0, int y0,
                      int x1, int y1, int wx0, int wx1, bool keep, int reach)
{
    if (x0 < 0)
        x0 = 0;
    if (y0 < 0)
        y0 = 0;
    if (x1 > w)
        x1 = w;
    if (y1 > h)
        y1 = h;
    if (x1 <= x0 || y1 <= y0)
        return;
    int bg = 0;
    for (int x = x0 - 1; x <= x1; x++) {
        if (x < 0 || x >= w)
            continue;
        if (y0 > 0 && orig[(size_t)(y0 - 1) * w + x] > bg)
            bg = orig[(size_t)(y0 - 1) * w + x];
        if (y1 < h && orig[(size_t)y1 * w + x] > bg)
            bg = orig[(size_t)y1 * w + x];
    }
    for (int y = y0; y < y1; y++) {
        if (x0 > 0 && orig[(size_t)y * w + x0 - 1] > bg)
            bg = orig[(size_t)y * w + x0 - 1];
        if (x1 < w && orig[(size_t)y * w + x1] > bg)
            bg = orig[(size_t)y * w + x1];
    }
    /* columns with a vertical line through the box, found once (not per row) */
    unsigned char vert[512];
    int nv = x1 - x0 < (int)sizeof vert ? x1 - x0 : (int)sizeof vert;
    bool any_vert = false;
    for (int i = 0; i < nv; i++) {
        vert[i] = keep && through(orig, w, h, x0 + i, y0 - 1, x0 + i, y1, 0, 1, reach);
        any_vert |= vert[i];
    }
    for (int y = y0; y < y1; y++) {
        if (keep && through(orig, w, h, wx0 - 1, y, wx1, y, 1, 0, reach))
            continue; /* a horizontal line through the word (serifs touch within it) */
        unsigned char *row = g + (size_t)y * w;
        if (!any_vert) {
            memset(row + x0, bg, (size_t)(x1 - x0));
            continue;
        }
        for (int x = x0; x < x1; x++)
            if (x - x0 >= nv || !vert[x - x0])
                row[x] = (unsigned char)bg;
    }
}

/* Paint out the glyphs of T on G (W x H, SCALE px/pt). FA_OK or FA_ERR_NOMEM. */
static fa_status paint_text(unsigned char *g, int w, int h, double scale, const ptext *t)
{
    unsigned char *orig = malloc((size_t)w * h);
    double *wx = malloc(2 * (t->n_rects ? t->n_rects : 1) * sizeof *wx);
    if (!orig || !wx) {
        free(orig);
        free(wx);
        return FA_ERR_NOMEM;
    }
    memcpy(orig, g, (size_t)w * h);
    /* words: glyphs side by side, each glyph's word extent in wx[2i], wx[2i+1] */
    size_t start = 0;
    const char *q = t->text;
    for (size_t i = 0; i <= t->n_rects; i++) {
        const PopplerRectangle *r = i < t->n_rects ? &t->rects[i] : NULL;
        bool vis = r && *q && mask_char(g_utf8_get_char(q));
        const PopplerRectangle *p = i > start ? &t->rects[i - 1] : NULL;
        bool joined = vis && p && fabs(r->y1 - p->y1) < 2 &&
                      r->x1 - p->x2 < 0.3 * (r->y2 - r->y1) && r->x1 - p->x2 > -2;
        if (!joined) {
            for (size_t k = start; k < i; k++) {
                wx[2 * k] = t->rects[start].x1;
                wx[2 * k + 1] = t->rects[i - 1].x2;
            }
            start = vis ? i : i + 1;
        }
        if (r && *q)
            q = g_utf8_next_char(q);
    }
    q = t->text;
    size_t run = 0; /* leader characters left in the current run of three or more */
    for (size_t i = 0; i < t->n_rects && *q; i++, q = g_utf8_next_char(q)) {
        gunichar u = g_utf8_get_char(q);
        if (!run && leader_char(u)) {
            const char *e = q;
            while (*e && g_utf8_get_char(e) == u)
                e = g_utf8_next_char(e), run++;
            if (run < 3)
                run = 0; /* "paul.martini": a dot in a word is a glyph like others */
        }
        bool lead = run > 0;
        if (run)
            run--;
        if (!mask_char(u))
            continue;
        /* a glyph's box runs from the font's ascent to its descent: table borders
         * that touch it are kept by paint_out */
        const PopplerRectangle *r = &t->rects[i];
        paint_out(g, orig, w, h, (int)floor(r->x1 * scale), (int)floor(r->y1 * scale),
                  (int)ceil(r->x2 * scale), (int)ceil(r->y2 * scale), (int)floor(wx[2 * i] * scale),
                  (int)ceil(wx[2 * i + 1] * scale), !lead, (int)ceil(4 * scale));
    }
    free(orig);
    free(wx);
    return FA_OK;
}

fa_status fa_pdf_find_shapes(PopplerPage *page, ptext *t, const prect *wr, size_t n_w)
{
    double pw = 0, ph = 0;
    poppler_page_get_size(page, &pw, &ph);
    t->shapes_read = true;
    if (!(pw > 0 && ph > 0))
        return FA_OK;
    double scale = FA_PDF_RENDER_SCALE;
    if (pw * ph * scale * scale > (double)FA_PDF_RENDER_PIXELS)
        scale = sqrt((double)FA_PDF_RENDER_PIXELS / (pw * ph));
    if (scale < 0.75)
        return FA_OK; /* a poster-sized page: its boxes would be a pixel wide */
    int w = (int)ceil(pw * scale), h = (int)ceil(ph * scale);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        return FA_ERR_NOMEM;
    }
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, scale, scale);
    poppler_page_render(page, cr);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    unsigned char *g = malloc((size_t)w * h);
    if (!g) {
        cairo_surface_destroy(s);
        return FA_ERR_NOMEM;
    }
    const unsigned char *data = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    /* luma of cairo's native-endian xRGB pixels (bytes B G R x on little-endian
     * machines), written byte-wise so that the compiler vectorizes it */
    for (int y = 0; y < h; y++) {
        const unsigned char *row = data + (size_t)y * stride;
        unsigned char *out = g + (size_t)y * w;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        for (int x = 0; x < w; x++)
            out[x] =
                (unsigned char)((row[4 * x + 2] * 77u + row[4 * x + 1] * 150u + row[4 * x] * 29u) >>
                                8);
#else
        for (int x = 0; x < w; x++)
            out[x] = (unsigned char)((row[4 * x + 1] * 77u + row[4 * x + 2] * 150u +
                                      row[4 * x + 3] * 29u) >>
                                     8);
#endif
    }
    cairo_surface_destroy(s);
    if (t->rects && paint_text(g, w, h, scale, t)) {
        free(g);
        return FA_ERR_NOMEM;
    }
    /* widgets are fields already: their frames, painted out, are not shapes, nor do
     * they join the table they are laid on into one piece */
    for (size_t i = 0; i < n_w; i++) {
        int x0 = (int)floor((wr[i].x1 - 1) * scale), x1 = (int)ceil((wr[i].x2 + 1) * scale);
        int y0 = (int)floor((wr[i].y1 - 1) * scale), y1 = (int)ceil((wr[i].y2 + 1) * scale);
        x0 = x0 < 0 ? 0 : x0;
        y0 = y0 < 0 ? 0 : y0;
        x1 = x1 > w ? w : x1;
        y1 = y1 > h ? h : y1;
        for (int y = y0; y < y1; y++)
            if (x1 > x0)
                memset(g + (size_t)y * w + x0, 255, (size_t)(x1 - x0));
    }
    fa_gray img = {.px = g, .w = w, .h = h, .stride = (size_t)w, .scale = scale};
    fa_status st = fa_shapes_find(&img, &t->shapes);
    free(g);
    return st;
}

/* ---------------------------------------------------------------- placing */

/* Text to insert before character CI of the page text. */
typedef struct ins {
    size_t ci;
    double x1, y1, x2, y2; /* where it is drawn: its characters' boxes */
    char s[96];
} ins;

typedef struct insv {
    ins *v;
    size_t n, alloc;
} insv;

static ins *ins_add(insv *iv, size_t ci, const fa_shape *sh, const char *s)
{
    if (iv->n == iv->alloc) {
        size_t na = iv->alloc ? iv->alloc * 2 : 32;
        ins *p = realloc(iv->v, na * sizeof *p);
        if (!p)
            return NULL;
        iv->v = p;
        iv->alloc = na;
    }
    ins *k = &iv->v[iv->n++];
    *k = (ins){.ci = ci, .x1 = sh->x1, .y1 = sh->y1, .x2 = sh->x2, .y2 = sh->y2};
    g_strlcpy(k->s, s, sizeof k->s);
    return k;
}

static double ovl(double a1, double a2, double b1, double b2)
{
    return fmin(a2, b2) - fmax(a1, b1);
}

/* Share of the shape's area inside one of the widgets. */
static bool under_widget(const fa_shape *sh, const prect *w, size_t n_w)
{
    double area = (sh->x2 - sh->x1) * fmax(sh->y2 - sh->y1, 1);
    for (size_t i = 0; i < n_w; i++) {
        /* the frame or underline of a widget is drawn on its edge, or just out */
        double ox = ovl(sh->x1, sh->x2, w[i].x1 - 2, w[i].x2 + 2),
               oy = ovl(sh->y1, sh->y2, w[i].y1 - 2, w[i].y2 + 2);
        if (ox > 0 && oy > -1 && ox * fmax(oy, 1) >= 0.4 * area)
            return true;
        /* a cell or a frame holding a widget: the widget is what fills it */
        double cx = (w[i].x1 + w[i].x2) / 2, cy = (w[i].y1 + w[i].y2) / 2;
        if (sh->kind == FA_SH_CELL && cx > sh->x1 && cx < sh->x2 && cy > sh->y1 && cy < sh->y2)
            return true;
        /* a rule along a widget's top or bottom edge: the ruling of the table the
         * widgets were laid on */
        if (sh->kind == FA_SH_RULE && ox > 0 &&
            (fabs(sh->y2 - w[i].y2) < 4 || fabs(sh->y1 - w[i].y1) < 4))
            return true;
    }
    return false;
}

/* Some glyph of line L is drawn on the shape: then the shape is not in that line (a
 * box is drawn where no text is; the line is a neighbour's, or another column's). */
static bool glyph_on(const ptext *t, const pline *l, const fa_shape *sh)
{
    for (size_t c = l->c0; c < l->c1 && c < t->n_rects; c++) {
        const PopplerRectangle *r = &t->rects[c];
        if (r->x2 <= r->x1)
            continue;
        if (ovl(r->x1, r->x2, sh->x1 + 1, sh->x2 - 1) > 0 &&
            ovl(r->y1, r->y2, sh->y1 + 1, sh->y2 - 1) > 0)
            return true;
    }
    return false;
}

/* The line the shape sits in: vertical overlap with its glyphs (a rule: under them),
 * the nearest horizontally, none of its glyphs on the shape. -1 when none. */
static int line_of(const ptext *t, const pline *lines, size_t n, const fa_shape *sh, bool rule)
{
    int best = -1;
    double best_score = -1e9;
    double cy = (sh->y1 + sh->y2) / 2;
    for (size_t i = 0; i < n; i++) {
        const pline *l = &lines[i];
        if (!l->has_box)
            continue;
        double lh = l->y2 - l->y1;
        double score;
        if (rule) {
            /* text sits on the rule: the rule runs through the lower half of the
             * line's glyph boxes or just under them */
            if (cy < l->y1 + 0.45 * lh || cy > l->y2 + 0.35 * lh + 1)
                continue;
            score = -fabs(cy - l->y2);
        } else {
            double sh_h = sh->y2 - sh->y1;
            double ov = ovl(sh->y1, sh->y2, l->y1, l->y2);
            if (ov < 0.4 * fmin(sh_h, lh))
                continue;
            score = ov;
        }
        double dx = sh->x1 > l->x2 ? sh->x1 - l->x2 : l->x1 > sh->x2 ? l->x1 - sh->x2 : 0;
        if (dx > 150 || (!rule && glyph_on(t, l, sh)))
            continue;
        score -= dx * 0.1;
        if (score > best_score) {
            best_score = score;
            best = (int)i;
        }
    }
    return best;
}

/* Index of the first character of line L whose centre lies right of X. */
static size_t char_at_x(const ptext *t, const pline *l, double x)
{
    for (size_t c = l->c0; c < l->c1 && c < t->n_rects; c++) {
        const PopplerRectangle *r = &t->rects[c];
        if (r->x2 <= r->x1)
            continue; /* no box (a space poppler added) */
        if ((r->x1 + r->x2) / 2 > x)
            return c;
    }
    return l->c1;
}

/* Where a shape beside no text gets a line of its own: before the first line below it
 * that shares its columns, else the first line below it at all, else the end. */
static size_t standalone_ci(const ptext *t, const pline *lines, size_t n, const fa_shape *sh)
{
    int best = -1, any = -1;
    for (size_t i = 0; i < n; i++) {
        const pline *l = &lines[i];
        if (!l->has_box || l->y1 < sh->y2 - 1)
            continue;
        bool cols = ovl(l->x1, l->x2, sh->x1 - 30, sh->x2 + 30) > 0;
        if (cols && (best < 0 || l->y1 < lines[best].y1))
            best = (int)i;
        if (any < 0 || l->y1 < lines[any].y1)
            any = (int)i;
    }
    if (best < 0)
        best = any;
    return best >= 0 ? lines[best].c0 : t->n_chars;
}

/* A leader for a comb: "__/__/____" when its cells group as a date, else groups of
 * underscores. */
static void comb_leader(const fa_shape *c, char *buf, size_t cap)
{
    const unsigned char *g = c->group_len;
    bool date = (c->groups == 3 && g[0] == 2 && g[1] == 2 && (g[2] == 4 || g[2] == 2)) ||
                (c->groups == 2 && g[0] == 2 && g[1] == 4);
    size_t n = 0;
    int groups = c->groups > 0 ? c->groups : 1;
    for (int i = 0; i < groups && i < FA_SHAPE_GROUPS; i++) {
        int len = c->groups > 0 ? g[i] : c->cells;
        if (i && n + 1 < cap)
            buf[n++] = date ? '/' : ' ';
        for (int k = 0; k < len && n + 1 < cap; k++)
            buf[n++] = '_';
    }
    while (n < LEADER_MIN && n + 1 < cap)
        buf[n++] = '_';
    buf[n] = '\0';
}

/* A leader for a rule: an underscore per 5.5 points (its width in common fonts), so
 * that lines keep their lengths in characters (field detection reads a line of many
 * characters as one that reaches the margin). */
static void rule_leader(double len, char *buf, size_t cap)
{
    size_t n = (size_t)(len / 5.5);
    if (n < LEADER_MIN)
        n = LEADER_MIN;
    if (n > LEADER_MAX)
        n = LEADER_MAX;
    if (n + 1 > cap)
        n = cap - 1;
    memset(buf, '_', n);
    buf[n] = '\0';
}

/* Any visible glyph of the page with its centre inside the shape. */
static bool has_text_inside(const ptext *t, const fa_shape *sh)
{
    const char *q = t->text;
    for (size_t i = 0; i < t->n_rects && *q; i++, q = g_utf8_next_char(q)) {
        const PopplerRectangle *r = &t->rects[i];
        double cx = (r->x1 + r->x2) / 2, cy = (r->y1 + r->y2) / 2;
        if (cx > sh->x1 && cx < sh->x2 && cy > sh->y1 && cy < sh->y2 &&
            mask_char(g_utf8_get_char(q)))
            return true;
    }
    return false;
}

/* A box drawn over a symbol-font glyph: that glyph is the box; replace it with "☐"
 * (both are three bytes in UTF-8) rather than adding one. True when done. */
static bool replace_glyph(ptext *t, const fa_shape *sh)
{
    char *q = t->text;
    for (size_t i = 0; i < t->n_rects && *q; i++, q = g_utf8_next_char(q)) {
        gunichar u = g_utf8_get_char(q);
        if (!(u >= 0xE000 && u <= 0xF8FF))
            continue;
        const PopplerRectangle *r = &t->rects[i];
        double cx = (r->x1 + r->x2) / 2, cy = (r->y1 + r->y2) / 2;
        if (cx > sh->x1 - 1 && cx < sh->x2 + 1 && cy > sh->y1 - 3 && cy < sh->y2 + 3) {
            memcpy(q, sh->ticked ? "\xE2\x98\x92" : "\xE2\x98\x90", 3);
            return true;
        }
    }
    return false;
}

/* A rule under line L: the leader goes after the glyphs written on the rule's start
 * ("Nom_______"), or at the rule's start. False when the glyphs cover the rule (an
 * underlined title). */
static bool rule_place(const ptext *t, const pline *l, const fa_shape *sh, size_t *ci)
{
    double covered = 0, last = sh->x1;
    size_t first_after = l->c1, glyphs = 0, on = 0;
    bool any = false;
    for (size_t c = l->c0; c < l->c1 && c < t->n_rects; c++) {
        const PopplerRectangle *r = &t->rects[c];
        if (r->x2 <= r->x1)
            continue;
        glyphs++;
        double cx = (r->x1 + r->x2) / 2;
        if (cx > sh->x1 && cx < sh->x2) {
            covered += r->x2 - r->x1;
            if (r->x2 > last)
                last = r->x2;
            any = true;
            on++;
        }
    }
    double len = sh->x2 - sh->x1;
    if (covered > 0.5 * len || sh->x2 - last < 12)
        return false;
    /* a rule drawn under a whole line from its start to the margin is the line's
     * underline (a section title's), unless the line asks for an answer ("Nom :")
     * and is not set in bold as titles are */
    int lc = 0;
    for (size_t b = l->b1; b > l->b0 && !lc; b--)
        lc = t->text[b - 1] != ' ' ? (unsigned char)t->text[b - 1] : 0;
    if (glyphs && on == glyphs && sh->x1 <= l->x1 + 2 && ((lc != ':' && lc != '?') || l->bold))
        return false;
    first_after = char_at_x(t, l, any ? last : sh->x1);
    *ci = first_after;
    return true;
}

static int cmp_ins(const void *a, const void *b)
{
    const ins *x = a, *y = b;
    if (x->ci != y->ci)
        return x->ci < y->ci ? -1 : 1;
    if (fabs(x->y1 - y->y1) > 2)
        return x->y1 < y->y1 ? -1 : 1;
    return (x->x1 > y->x1) - (x->x1 < y->x1);
}

/* Cells of grid G. */
static int cells_of(const fa_shapes *sh, int g)
{
    int n = 0;
    for (size_t i = 0; i < sh->n; i++)
        n += sh->v[i].kind == FA_SH_CELL && sh->v[i].grid == g;
    return n;
}

/* The size of the page's body text: the size of most characters. */
static double body_size(const pline *lines, size_t n)
{
    double sizes[32];
    size_t counts[32] = {0}, ns = 0;
    for (size_t i = 0; i < n; i++) {
        double s = round(lines[i].size * 2) / 2;
        size_t k = 0;
        while (k < ns && sizes[k] != s)
            k++;
        if (k == ns) {
            if (ns == 32)
                continue;
            sizes[ns++] = s;
        }
        counts[k] += lines[i].c1 - lines[i].c0;
    }
    double body = 0;
    for (size_t k = 0, best = 0; k < ns; k++)
        if (counts[k] > best) {
            best = counts[k];
            body = sizes[k];
        }
    return body;
}

/* The insertions for the shapes of T. */
static fa_status plan(ptext *t, const pline *lines, size_t n_lines, const prect *w, size_t n_w,
                      insv *iv)
{
    char buf[96];
    double body = body_size(lines, n_lines);
    for (size_t i = 0; i < t->shapes.n; i++) {
        const fa_shape *sh = &t->shapes.v[i];
        if (under_widget(sh, w, n_w))
            continue;
        bool rule = sh->kind == FA_SH_RULE;
        const char *s = NULL;
        switch (sh->kind) {
        case FA_SH_BOX:
            if (replace_glyph(t, sh))
                continue;
            s = sh->ticked ? "\xE2\x98\x92" : "\xE2\x98\x90";
            break;
        case FA_SH_COMB:
            comb_leader(sh, buf, sizeof buf);
            s = buf;
            break;
        case FA_SH_RULE:
            if (sh->y2 - sh->y1 > RULE_THICK_PT)
                continue;
            rule_leader(sh->x2 - sh->x1, buf, sizeof buf);
            s = buf;
            break;
        case FA_SH_CELL:
            /* an empty frame: room to write (a grid of several cells is read as a
             * table by read_pdf.c, its empty cells are blank cells there) */
            if (cells_of(&t->shapes, sh->grid) > 1 || sh->x2 - sh->x1 < 20 || sh->y2 - sh->y1 < 8 ||
                has_text_inside(t, sh))
                continue;
            rule_leader(sh->x2 - sh->x1, buf, sizeof buf);
            s = buf;
            break;
        }
        /* an empty frame is a line of its own, at its top */
        int li = sh->kind == FA_SH_CELL ? -1 : line_of(t, lines, n_lines, sh, rule);
        size_t ci;
        char piece[100];
        if (li >= 0 && rule) {
            /* a title's underline, or the rule under a line of text */
            if (body > 0 && lines[li].size > 1.15 * body)
                continue;
            if (!rule_place(t, &lines[li], sh, &ci))
                continue;
            g_snprintf(piece, sizeof piece, " %s ", s);
        } else if (li >= 0) {
            ci = char_at_x(t, &lines[li], sh->x1);
            g_snprintf(piece, sizeof piece, " %s ", s);
        } else {
            ci = standalone_ci(t, lines, n_lines, sh);
            g_snprintf(piece, sizeof piece, "\n%s\n", s);
        }
        ins *k = ins_add(iv, ci, sh, piece);
        if (!k)
            return FA_ERR_NOMEM;
        if (li >= 0) {
            /* in a line: as tall as its text, so that it stays one line */
            k->y1 = lines[li].y1;
            k->y2 = lines[li].y2;
        } else if (sh->kind == FA_SH_CELL || rule) {
            /* a line of its own: as tall as text written on the rule or at the top
             * of the cell */
            k->y1 = rule ? sh->y2 - 9 : sh->y1 + 1;
            k->y2 = rule ? sh->y2 : fmin(sh->y2, sh->y1 + 11);
        }
    }
    if (iv->n > 1)
        qsort(iv->v, iv->n, sizeof *iv->v, cmp_ins);
    return FA_OK;
}

/* Copy character CI's attributes (or the nearest visible neighbour's) for an inserted
 * character, so that a line's size and weight stay those of its text. */
static size_t attr_source(const ptext *t, size_t ci)
{
    if (ci > 0 && ci - 1 < t->n_chars)
        return ci - 1;
    return ci < t->n_chars ? ci : (size_t)-1;
}

/* Build the new text of T with the insertions IV. */
static fa_status rebuild(ptext *t, const insv *iv)
{
    size_t add_b = 0, add_c = 0;
    for (size_t i = 0; i < iv->n; i++) {
        add_b += strlen(iv->v[i].s);
        add_c += (size_t)g_utf8_strlen(iv->v[i].s, -1);
    }
    size_t nb = t->len + add_b, nc = t->n_chars + add_c;
    gchar *text = g_malloc(nb + 1);
    PopplerRectangle *rects = t->rects ? g_malloc0((nc ? nc : 1) * sizeof *rects) : NULL;
    float *size = t->size ? calloc(nc ? nc : 1, sizeof *size) : NULL;
    unsigned char *bold = t->bold ? calloc(nc ? nc : 1, 1) : NULL;
    if ((t->size && !size) || (t->bold && !bold)) {
        g_free(text);
        g_free(rects);
        free(size);
        free(bold);
        return FA_ERR_NOMEM;
    }
    size_t ob = 0, oc = 0, ib = 0, k = 0;
    for (size_t ci = 0; ci <= t->n_chars; ci++) {
        for (; k < iv->n && iv->v[k].ci == ci; k++) {
            const ins *in = &iv->v[k];
            size_t n = (size_t)g_utf8_strlen(in->s, -1), j = 0;
            size_t src = attr_source(t, ci);
            for (const char *p = in->s; *p; p = g_utf8_next_char(p), j++) {
                size_t cl = (size_t)g_utf8_skip[*(const unsigned char *)p];
                memcpy(text + ob, p, cl);
                ob += cl;
                if (rects && *p != ' ' && *p != '\n') {
                    double cw = (in->x2 - in->x1) / (double)n;
                    rects[oc] =
                        (PopplerRectangle){in->x1 + cw * j, in->y1, in->x1 + cw * (j + 1), in->y2};
                }
                if (size && src != (size_t)-1)
                    size[oc] = t->size[src];
                if (bold && src != (size_t)-1)
                    bold[oc] = t->bold[src];
                oc++;
            }
        }
        if (ci == t->n_chars)
            break;
        size_t cl = (size_t)g_utf8_skip[(unsigned char)t->text[ib]];
        if (ib + cl > t->len)
            cl = t->len - ib;
        memcpy(text + ob, t->text + ib, cl);
        ob += cl;
        ib += cl;
        if (rects && ci < t->n_rects)
            rects[oc] = t->rects[ci];
        if (size)
            size[oc] = t->size[ci];
        if (bold)
            bold[oc] = t->bold[ci];
        oc++;
    }
    text[ob] = '\0';
    g_free(t->text);
    g_free(t->rects);
    free(t->size);
    free(t->bold);
    t->text = text;
    t->len = ob;
    t->n_chars = oc;
    t->rects = rects;
    t->n_rects = rects ? (guint)oc : 0;
    t->size = size;
    t->bold = bold;
    return FA_OK;
}

fa_status fa_pdf_apply_shapes(ptext *t, const prect *w, size_t n_w)
{
    if (!t->shapes.n || !t->rects)
        return FA_OK;
    size_t n_lines = 0, vis = 0;
    pline *lines = fa_pdf_page_lines(t, &n_lines, &vis);
    if (!lines)
        return FA_ERR_NOMEM;
    insv iv = {0};
    fa_status st = plan(t, lines, n_lines, w, n_w, &iv);
    if (!st && iv.n)
        st = rebuild(t, &iv);
    free(iv.v);
    free(lines);
    return st;
}
