/* shapes.c — boxes, combs, rules and ruled cells in a grey page image (see shapes.h).
 *
 * How: the image is cut into runs of ink, row by row, and runs that touch (8-connected)
 * are joined into components with a union-find. Each component is judged by its
 * outline, in this order: a small square with four drawn sides is a box; a "└┘" cell
 * open at the top is one cell of a comb; a short band whose baseline carries evenly
 * spaced ticks is a whole comb; a thin horizontal component is a rule; a larger one made
 * of horizontal and vertical lines is a grid, whose closed cells lie between its lines
 * (cells with no line between them are one merged cell). Then dots and dashes in a row
 * make a dotted rule, and comb cells or boxes set side by side make one comb.
 *
 * Sizes are judged in points (the image's SCALE converts), so the same thresholds serve
 * a 108 dpi render and a 300 dpi scan. A filled area (a shaded band, a logo) is none of
 * these and is left out. */
#include "shapes.h"
#include "fa_limits.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Grey below this is ink. A 0.3 pt grey rule rendered at 1.5 px/pt, antialiased,
 * comes out near 180; light section backgrounds (shaded at 90 %) stay above. */
#define INK 228

/* Thickest line, in points: thicker is a filled band, not a line drawn to write on. */
#define THIN_PT 2.5
/* A box to tick: side in points, and most uneven sides accepted. */
#define BOX_MIN_PT 4.5
#define BOX_MAX_PT 24.0
#define BOX_ASPECT 1.7
/* A comb cell: widest and tallest, in points. */
#define CELL_MAX_PT 30.0
/* Shortest solid rule, in points (a dash is shorter). */
#define RULE_MIN_PT 12.0
/* Dotted rule: largest gap between dots and fewest dots. */
#define DOT_GAP_PT 5.0
#define DOT_MIN 6
/* Shortest line of a grid, in points. */
#define GRID_LINE_PT 6.0
/* Smallest grid cell side, in points. */
#define GRID_CELL_PT 4.0
/* Most distinct line positions in one grid on each axis. */
#define GRID_MAX_LINES 128

typedef struct run {
    int x0, x1; /* inclusive */
    int y;
    int up; /* union-find parent (index of a run) */
} run;

typedef struct comp {
    int x0, y0, x1, y1; /* inclusive bounding box, pixels */
    long area;          /* ink pixels */
    size_t first, n;    /* its runs in the by-component order */
} comp;

/* ---------------------------------------------------------------- output */

static fa_status push(fa_shapes *out, const fa_shape *s)
{
    if (out->n == out->alloc) {
        size_t na = out->alloc ? out->alloc * 2 : 64;
        fa_shape *p = realloc(out->v, na * sizeof *p);
        if (!p)
            return FA_ERR_NOMEM;
        out->v = p;
        out->alloc = na;
    }
    out->v[out->n++] = *s;
    return FA_OK;
}

void fa_shapes_free(fa_shapes *s)
{
    if (!s)
        return;
    free(s->v);
    memset(s, 0, sizeof *s);
}

/* ---------------------------------------------------------------- runs and components */

static int find(run *r, int i)
{
    while (r[i].up != i) {
        r[i].up = r[r[i].up].up;
        i = r[i].up;
    }
    return i;
}

static void unite(run *r, int a, int b)
{
    a = find(r, a);
    b = find(r, b);
    if (a != b) {
        if (a < b)
            r[b].up = a;
        else
            r[a].up = b;
    }
}

/* The ink runs of every row; *ROWS receives h+1 offsets into the runs. */
static fa_status get_runs(const fa_gray *g, run **out, size_t *n_out, size_t **rows)
{
    size_t alloc = 4096, n = 0;
    run *r = malloc(alloc * sizeof *r);
    size_t *rs = malloc(((size_t)g->h + 1) * sizeof *rs);
    if (!r || !rs) {
        free(r);
        free(rs);
        return FA_ERR_NOMEM;
    }
    for (int y = 0; y < g->h; y++) {
        rs[y] = n;
        const unsigned char *p = g->px + (size_t)y * g->stride;
        int x = 0;
        while (x < g->w) {
            if (p[x] >= INK) {
                /* paper: skip eight white pixels at a time */
                while (x + 8 <= g->w) {
                    uint64_t v;
                    memcpy(&v, p + x, 8);
                    if (v != UINT64_MAX)
                        break;
                    x += 8;
                }
                if (x < g->w && p[x] >= INK)
                    x++;
                continue;
            }
            int x0 = x;
            while (x < g->w && p[x] < INK)
                x++;
            if (n == alloc) {
                if (alloc >= FA_MAX_SHAPE_RUNS) {
                    free(r);
                    free(rs);
                    return FA_ERR_LIMIT;
                }
                alloc *= 2;
                run *q = realloc(r, alloc * sizeof *q);
                if (!q) {
                    free(r);
                    free(rs);
                    return FA_ERR_NOMEM;
                }
                r = q;
            }
            r[n] = (run){.x0 = x0, .x1 = x - 1, .y = y, .up = (int)n};
            n++;
        }
    }
    rs[g->h] = n;
    *out = r;
    *n_out = n;
    *rows = rs;
    return FA_OK;
}

/* Join runs of consecutive rows that touch, corners included. */
static void connect(run *r, const size_t *rs, int h)
{
    for (int y = 1; y < h; y++) {
        size_t i = rs[y - 1], j = rs[y];
        while (i < rs[y] && j < rs[y + 1]) {
            const run *a = &r[i], *b = &r[j];
            if (a->x1 + 1 < b->x0) {
                i++;
                continue;
            }
            if (b->x1 + 1 < a->x0) {
                j++;
                continue;
            }
            unite(r, (int)i, (int)j);
            if (a->x1 < b->x1)
                i++;
            else
                j++;
        }
    }
}

/* Components with their bounding boxes; ORDER lists run indices component by
 * component. */
static fa_status components(run *r, size_t n, comp **out, size_t *n_out, size_t **order_out)
{
    int *id = malloc((n ? n : 1) * sizeof *id);
    size_t *order = malloc((n ? n : 1) * sizeof *order);
    size_t nc = 0;
    for (size_t i = 0; id && i < n; i++)
        id[i] = find(r, (int)i) == (int)i ? (int)nc++ : -1;
    comp *c = calloc(nc ? nc : 1, sizeof *c);
    if (!id || !order || !c) {
        free(id);
        free(order);
        free(c);
        return FA_ERR_NOMEM;
    }
    for (size_t i = 0; i < nc; i++)
        c[i] = (comp){.x0 = INT32_MAX, .y0 = INT32_MAX, .x1 = -1, .y1 = -1};
    for (size_t i = 0; i < n; i++) {
        comp *k = &c[id[find(r, (int)i)]];
        const run *u = &r[i];
        k->x0 = u->x0 < k->x0 ? u->x0 : k->x0;
        k->x1 = u->x1 > k->x1 ? u->x1 : k->x1;
        k->y0 = u->y < k->y0 ? u->y : k->y0;
        k->y1 = u->y > k->y1 ? u->y : k->y1;
        k->area += u->x1 - u->x0 + 1;
        k->n++;
    }
    size_t at = 0;
    for (size_t i = 0; i < nc; i++) {
        c[i].first = at;
        at += c[i].n;
        c[i].n = 0;
    }
    for (size_t i = 0; i < n; i++) {
        comp *k = &c[id[find(r, (int)i)]];
        order[k->first + k->n++] = i;
    }
    free(id);
    *out = c;
    *n_out = nc;
    *order_out = order;
    return FA_OK;
}

/* ---------------------------------------------------------------- one component */

/* A component drawn into its own bitmap (1 = ink), W x H. */
typedef struct cbm {
    unsigned char *b;
    int w, h;
} cbm;

/* Fraction of the columns [c0, c1] x rows [r0, r1] window's columns that hold ink
 * (ROWS false) or of its rows (ROWS true). */
static double cover(const cbm *m, int r0, int r1, int c0, int c1, bool rows)
{
    if (r0 < 0)
        r0 = 0;
    if (c0 < 0)
        c0 = 0;
    if (r1 >= m->h)
        r1 = m->h - 1;
    if (c1 >= m->w)
        c1 = m->w - 1;
    if (r1 < r0 || c1 < c0)
        return 0;
    int hit = 0, tot = rows ? r1 - r0 + 1 : c1 - c0 + 1;
    if (rows) {
        for (int y = r0; y <= r1; y++) {
            const unsigned char *p = m->b + (size_t)y * m->w;
            int x = c0;
            while (x <= c1 && !p[x])
                x++;
            hit += x <= c1;
        }
    } else {
        for (int x = c0; x <= c1; x++) {
            int y = r0;
            while (y <= r1 && !m->b[(size_t)y * m->w + x])
                y++;
            hit += y <= r1;
        }
    }
    return (double)hit / tot;
}

/* Ink fraction of a window. */
static double density(const cbm *m, int r0, int r1, int c0, int c1)
{
    if (r1 < r0 || c1 < c0)
        return 0;
    long ink = 0;
    for (int y = r0; y <= r1; y++)
        for (int x = c0; x <= c1; x++)
            ink += m->b[(size_t)y * m->w + x];
    return (double)ink / ((double)(r1 - r0 + 1) * (c1 - c0 + 1));
}

static fa_shape box_of(const comp *k, double s, fa_shape_kind kind)
{
    return (fa_shape){.kind = kind,
                      .x1 = k->x0 / s,
                      .y1 = k->y0 / s,
                      .x2 = (k->x1 + 1) / s,
                      .y2 = (k->y1 + 1) / s};
}

/* Pixels of the band along a side: the drawn line and its antialiasing. */
static int band_px(double s)
{
    int b = (int)(1.2 * s + 0.5);
    return b < 1 ? 1 : b;
}

/* Ink fraction of the image inside [x0, x1] x [y0, y1] (a tick drawn in a box is often
 * a stroke of its own, not touching the box). */
static double img_density(const fa_gray *g, int x0, int y0, int x1, int y1)
{
    if (x1 < x0 || y1 < y0)
        return 0;
    long ink = 0;
    for (int y = y0; y <= y1; y++)
        for (int x = x0; x <= x1; x++)
            ink += g->px[(size_t)y * g->stride + x] < INK;
    return (double)ink / ((double)(x1 - x0 + 1) * (y1 - y0 + 1));
}

/* A small square with four drawn sides. */
static bool is_box(const cbm *m, double s, bool *ticked)
{
    double w = m->w / s, h = m->h / s;
    if (w < BOX_MIN_PT || h < BOX_MIN_PT || w > BOX_MAX_PT || h > BOX_MAX_PT ||
        w > h * BOX_ASPECT || h > w * BOX_ASPECT)
        return false;
    int t = band_px(s);
    if (cover(m, 0, t - 1, 0, m->w - 1, false) < 0.85 ||
        cover(m, m->h - t, m->h - 1, 0, m->w - 1, false) < 0.85 ||
        cover(m, 0, m->h - 1, 0, t - 1, true) < 0.85 ||
        cover(m, 0, m->h - 1, m->w - t, m->w - 1, true) < 0.85)
        return false;
    double in = density(m, t, m->h - t - 1, t, m->w - t - 1);
    *ticked = in > 0.08;
    return in < 0.6;
}

/* One comb cell "└┘": baseline and both sides drawn, open at the top. */
static bool is_comb_cell(const cbm *m, double s)
{
    double w = m->w / s, h = m->h / s;
    if (w < 3.5 || h < 2 || w > CELL_MAX_PT || h > CELL_MAX_PT || h > w * 2.5)
        return false;
    int t = band_px(s);
    return cover(m, m->h - t, m->h - 1, 0, m->w - 1, false) >= 0.85 &&
           cover(m, 0, m->h - 1, 0, t - 1, true) >= 0.7 &&
           cover(m, 0, m->h - 1, m->w - t, m->w - 1, true) >= 0.7 &&
           cover(m, 0, t - 1, t, m->w - t - 1, false) < 0.5 &&
           density(m, 0, m->h - t - 1, t, m->w - t - 1) < 0.25;
}

/* A whole comb in one piece: a baseline with at least three evenly spaced ticks, the
 * first and last at the ends. Returns the number of cells, 0 when it is not one. */
static int comb_cells(const cbm *m, double s)
{
    double h = m->h / s;
    if (h < 2 || h > CELL_MAX_PT || m->w < 2 * m->h)
        return 0;
    int t = band_px(s);
    if (cover(m, m->h - t, m->h - 1, 0, m->w - 1, false) < 0.9)
        return 0;
    int ticks[GRID_MAX_LINES], nt = 0;
    bool in = false;
    for (int x = 0; x < m->w; x++) {
        bool tick = cover(m, 0, m->h - 1, x, x, true) >= 0.6;
        if (tick && !in) {
            if (nt == GRID_MAX_LINES)
                return 0;
            ticks[nt++] = x;
        }
        in = tick;
    }
    if (nt < 3 || ticks[0] > t || ticks[nt - 1] < m->w - 2 * t - 2)
        return 0;
    double lo = 1e9, hi = 0;
    for (int i = 1; i < nt; i++) {
        double d = (ticks[i] - ticks[i - 1]) / s;
        lo = d < lo ? d : lo;
        hi = d > hi ? d : hi;
    }
    if (lo < 3.5 || hi > CELL_MAX_PT || hi > 1.7 * lo)
        return 0;
    return nt - 1;
}

/* ---------------------------------------------------------------- grids */

typedef struct seg {
    int a0, a1; /* along the line (x for horizontal), inclusive */
    int t0, t1; /* across it (thickness) */
} seg;

typedef struct segs {
    seg *v;
    size_t n, alloc;
} segs;

static fa_status seg_push(segs *s, seg g)
{
    if (s->n == s->alloc) {
        size_t na = s->alloc ? s->alloc * 2 : 32;
        seg *p = realloc(s->v, na * sizeof *p);
        if (!p)
            return FA_ERR_NOMEM;
        s->v = p;
        s->alloc = na;
    }
    s->v[s->n++] = g;
    return FA_OK;
}

/* Lines of M along one axis (HORIZ: rows), at least MINLEN pixels long and at most
 * THICK pixels thick. A run grows the line of the previous row it mostly overlaps. */
static fa_status lines_of(const cbm *m, bool horiz, int minlen, int thick, segs *out)
{
    int n_lines = horiz ? m->h : m->w, len = horiz ? m->w : m->h;
    size_t open0 = out->n;
    for (int i = 0; i < n_lines; i++) {
        int k = 0;
        while (k < len) {
            while (k < len && !(horiz ? m->b[(size_t)i * m->w + k] : m->b[(size_t)k * m->w + i]))
                k++;
            int a0 = k, gap = 0;
            while (k < len && gap <= 1) {
                bool ink = horiz ? m->b[(size_t)i * m->w + k] : m->b[(size_t)k * m->w + i];
                gap = ink ? 0 : gap + 1;
                k++;
            }
            int a1 = k - 1 - gap;
            if (a1 - a0 + 1 < minlen)
                continue;
            seg *grow = NULL;
            for (size_t j = open0; j < out->n && !grow; j++) {
                seg *g = &out->v[j];
                int ov = (a1 < g->a1 ? a1 : g->a1) - (a0 > g->a0 ? a0 : g->a0);
                int shorter = (a1 - a0) < (g->a1 - g->a0) ? a1 - a0 : g->a1 - g->a0;
                if (g->t1 == i - 1 && ov >= shorter / 2)
                    grow = g;
            }
            if (grow) {
                grow->t1 = i;
                grow->a0 = a0 < grow->a0 ? a0 : grow->a0;
                grow->a1 = a1 > grow->a1 ? a1 : grow->a1;
            } else if (seg_push(out, (seg){a0, a1, i, i})) {
                return FA_ERR_NOMEM;
            }
        }
    }
    /* drop the thick ones: filled bands */
    size_t w = open0;
    for (size_t j = open0; j < out->n; j++)
        if (out->v[j].t1 - out->v[j].t0 + 1 <= thick)
            out->v[w++] = out->v[j];
    out->n = w;
    return FA_OK;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Distinct line positions (centres closer than TOL are one); returns their number. */
static int positions(const segs *s, int tol, int *pos)
{
    int tmp[4 * GRID_MAX_LINES], n = 0;
    for (size_t i = 0; i < s->n && n < 4 * GRID_MAX_LINES; i++)
        tmp[n++] = (s->v[i].t0 + s->v[i].t1) / 2;
    qsort(tmp, (size_t)n, sizeof *tmp, cmp_int);
    int np = 0;
    for (int i = 0; i < n; i++) {
        if (np && tmp[i] - pos[np - 1] <= tol)
            continue;
        if (np == GRID_MAX_LINES)
            return -1;
        pos[np++] = tmp[i];
    }
    return np;
}

/* Lines of S at position P (within TOL) cover [A, B], 80 % of it: a border may come
 * in pieces (a glyph painted out over it, a dashed rule). */
static bool edge(const segs *s, int p, int a, int b, int tol)
{
    int need = (b - a) * 4 / 5, got = 0;
    for (size_t i = 0; i < s->n && got < need; i++) {
        const seg *g = &s->v[i];
        int c = (g->t0 + g->t1) / 2;
        if (c < p - tol || c > p + tol)
            continue;
        int ov = (b < g->a1 ? b : g->a1) - (a > g->a0 ? a : g->a0);
        if (ov > 0)
            got += ov;
    }
    return got >= need;
}

static int ufind(int *u, int i)
{
    while (u[i] != i)
        i = u[i] = u[u[i]];
    return i;
}

/* The closed cells of a grid whose lines are H and V, component K at origin (OX, OY).
 * Long horizontal lines that bound no cell are rules. */
static fa_status grid_cells(const segs *h, const segs *v, int ox, int oy, double s, fa_shapes *out)
{
    int tol = band_px(s) + 1;
    int xs[GRID_MAX_LINES], ys[GRID_MAX_LINES];
    int nx = positions(v, tol, xs), ny = positions(h, tol, ys);
    if (nx < 2 || ny < 2)
        return FA_OK;
    int cx = nx - 1, cy = ny - 1;
    int *u = malloc((size_t)cx * cy * sizeof *u);
    unsigned char *bad = calloc((size_t)cx * cy, 1);
    if (!u || !bad) {
        free(u);
        free(bad);
        return FA_ERR_NOMEM;
    }
    for (int i = 0; i < cx * cy; i++)
        u[i] = i;
    /* merge atomic cells across missing lines */
    for (int j = 0; j < cy; j++)
        for (int i = 0; i < cx; i++) {
            if (i + 1 < cx && !edge(v, xs[i + 1], ys[j], ys[j + 1], tol)) {
                int a = ufind(u, j * cx + i), b = ufind(u, j * cx + i + 1);
                u[a > b ? a : b] = a < b ? a : b;
            }
            if (j + 1 < cy && !edge(h, ys[j + 1], xs[i], xs[i + 1], tol)) {
                int a = ufind(u, j * cx + i), b = ufind(u, (j + 1) * cx + i);
                u[a > b ? a : b] = a < b ? a : b;
            }
        }
    /* a merged cell is closed when every side on its outline is drawn; the grid's own
     * outline closes it too (tables drawn without their outer borders, or with a
     * corner left open) */
    for (int j = 0; j < cy; j++)
        for (int i = 0; i < cx; i++) {
            int r = ufind(u, j * cx + i);
            if (i > 0 && ufind(u, j * cx + i - 1) != r && !edge(v, xs[i], ys[j], ys[j + 1], tol))
                bad[r] = 1;
            if (i < cx - 1 && ufind(u, j * cx + i + 1) != r &&
                !edge(v, xs[i + 1], ys[j], ys[j + 1], tol))
                bad[r] = 1;
            if (j > 0 && ufind(u, (j - 1) * cx + i) != r && !edge(h, ys[j], xs[i], xs[i + 1], tol))
                bad[r] = 1;
            if (j < cy - 1 && ufind(u, (j + 1) * cx + i) != r &&
                !edge(h, ys[j + 1], xs[i], xs[i + 1], tol))
                bad[r] = 1;
        }
    fa_status st = FA_OK;
    int grid = 0;
    for (int j = 0; j < cy && !st; j++)
        for (int i = 0; i < cx && !st; i++) {
            int r = ufind(u, j * cx + i);
            if (r != j * cx + i || bad[r])
                continue; /* not the top-left atom of its cell, or open */
            int i2 = i, j2 = j;
            while (i2 + 1 < cx && ufind(u, j * cx + i2 + 1) == r)
                i2++;
            while (j2 + 1 < cy && ufind(u, (j2 + 1) * cx + i) == r)
                j2++;
            if ((xs[i2 + 1] - xs[i]) / s < GRID_CELL_PT || (ys[j2 + 1] - ys[j]) / s < GRID_CELL_PT)
                continue;
            if (!grid)
                grid = ++out->grids;
            fa_shape c = {.kind = FA_SH_CELL,
                          .x1 = (ox + xs[i]) / s,
                          .y1 = (oy + ys[j]) / s,
                          .x2 = (ox + xs[i2 + 1]) / s,
                          .y2 = (oy + ys[j2 + 1]) / s,
                          .grid = grid,
                          .row = j,
                          .col = i,
                          .rows = j2 - j + 1,
                          .cols = i2 - i + 1};
            st = push(out, &c);
        }
    free(u);
    free(bad);
    return st;
}

/* Long horizontal lines of a component that no cell uses: rules ("Nom ____" drawn
 * next to a frame). */
static fa_status loose_rules(const segs *h, int ox, int oy, double s, size_t cells_from,
                             fa_shapes *out)
{
    fa_status st = FA_OK;
    for (size_t i = 0; i < h->n && !st; i++) {
        const seg *g = &h->v[i];
        if ((g->a1 - g->a0 + 1) / s < RULE_MIN_PT)
            continue;
        double y = (oy + (g->t0 + g->t1) / 2.0) / s, x1 = (ox + g->a0) / s,
               x2 = (ox + g->a1 + 1) / s;
        bool used = false;
        for (size_t k = cells_from; k < out->n && !used; k++) {
            const fa_shape *c = &out->v[k];
            used = (fabs(c->y1 - y) < 2 || fabs(c->y2 - y) < 2) && x1 < c->x2 && x2 > c->x1;
        }
        if (!used) {
            fa_shape r = {.kind = FA_SH_RULE,
                          .x1 = x1,
                          .x2 = x2,
                          .y1 = (oy + g->t0) / s,
                          .y2 = (oy + g->t1 + 1) / s};
            st = push(out, &r);
        }
    }
    return st;
}

static fa_status judge_grid(const cbm *m, const comp *k, double s, fa_shapes *out)
{
    segs h = {0}, v = {0};
    int minlen = (int)(GRID_LINE_PT * s), thick = (int)(THIN_PT * s) + 1;
    fa_status st = lines_of(m, true, minlen, thick, &h);
    if (!st)
        st = lines_of(m, false, minlen, thick, &v);
    size_t from = out->n;
    if (!st && h.n >= 2 && v.n >= 2)
        st = grid_cells(&h, &v, k->x0, k->y0, s, out);
    if (!st)
        st = loose_rules(&h, k->x0, k->y0, s, from, out);
    free(h.v);
    free(v.v);
    return st;
}

/* ---------------------------------------------------------------- small marks */

/* A dot or a dash, to be chained into dotted rules. */
typedef struct mark {
    double x1, x2, y;   /* points; y the centre */
    double top, bottom; /* its extent */
} mark;

typedef struct marks {
    mark *v;
    size_t n, alloc;
} marks;

static fa_status mark_push(marks *m, mark k)
{
    if (m->n == m->alloc) {
        size_t na = m->alloc ? m->alloc * 2 : 256;
        mark *p = realloc(m->v, na * sizeof *p);
        if (!p)
            return FA_ERR_NOMEM;
        m->v = p;
        m->alloc = na;
    }
    m->v[m->n++] = k;
    return FA_OK;
}

/* Judge one component: push its shape, its dot, or nothing. CELLS collects the "└┘"
 * comb cells to be joined later. */
static fa_status judge(const fa_gray *img, const run *r, const size_t *order, const comp *k,
                       fa_shapes *out, marks *dots, fa_shapes *cells)
{
    double s = img->scale;
    int w = k->x1 - k->x0 + 1, h = k->y1 - k->y0 + 1;
    double wp = w / s, hp = h / s;
    if (hp <= THIN_PT && wp <= RULE_MIN_PT)
        return wp >= 0.2 ? mark_push(dots, (mark){k->x0 / s, (k->x1 + 1) / s,
                                                  (k->y0 + k->y1 + 1) / (2 * s), k->y0 / s,
                                                  (k->y1 + 1) / s})
                         : FA_OK;
    if (hp <= THIN_PT) {
        fa_shape rule = box_of(k, s, FA_SH_RULE);
        return push(out, &rule);
    }
    if (wp <= THIN_PT)
        return FA_OK; /* a vertical stroke alone */
    if ((double)k->area >= 0.6 * (double)w * h)
        return FA_OK; /* a filled area */
    cbm m = {calloc((size_t)w * h, 1), w, h};
    if (!m.b)
        return FA_ERR_NOMEM;
    for (size_t i = 0; i < k->n; i++) {
        const run *u = &r[order[k->first + i]];
        memset(m.b + (size_t)(u->y - k->y0) * w + (u->x0 - k->x0), 1, (size_t)(u->x1 - u->x0 + 1));
    }
    fa_status st = FA_OK;
    bool ticked = false;
    int n;
    if (is_box(&m, s, &ticked)) {
        fa_shape b = box_of(k, s, FA_SH_BOX);
        int t = band_px(s);
        b.ticked = ticked || img_density(img, k->x0 + t, k->y0 + t, k->x1 - t, k->y1 - t) > 0.08;
        st = push(out, &b);
    } else if (is_comb_cell(&m, s)) {
        fa_shape c = box_of(k, s, FA_SH_COMB);
        c.cells = 1;
        st = push(cells, &c);
    } else if ((n = comb_cells(&m, s)) > 0) {
        fa_shape c = box_of(k, s, FA_SH_COMB);
        c.cells = n;
        c.groups = 1;
        c.group_len[0] = (unsigned char)(n > 255 ? 255 : n);
        st = push(out, &c);
    } else {
        st = judge_grid(&m, k, s, out);
    }
    free(m.b);
    return st;
}

/* ---------------------------------------------------------------- joining */

static int cmp_mark_x(const void *a, const void *b)
{
    const mark *x = a, *y = b;
    return (x->x1 > y->x1) - (x->x1 < y->x1);
}

/* Dots and dashes in a row, evenly close: dotted rules. */
static fa_status dotted(marks *d, fa_shapes *out)
{
    qsort(d->v, d->n, sizeof *d->v, cmp_mark_x);
    /* chains still open, as indices of their last mark; a chain is kept in place */
    typedef struct chain {
        double x1, x2, y, top, bottom;
        int count;
        bool done;
    } chain;
    size_t alloc = 64, nch = 0;
    chain *ch = malloc(alloc * sizeof *ch);
    if (!ch)
        return FA_ERR_NOMEM;
    fa_status st = FA_OK;
    for (size_t i = 0; i < d->n && !st; i++) {
        const mark *k = &d->v[i];
        chain *best = NULL;
        for (size_t j = 0; j < nch; j++) {
            chain *c = &ch[j];
            if (c->done)
                continue;
            if (k->x1 - c->x2 > DOT_GAP_PT) {
                c->done = true; /* no later mark can join it (sorted by x) */
                continue;
            }
            if (fabs(k->y - c->y) <= 1.0 && k->x1 >= c->x2 - 0.3 && (!best || c->x2 > best->x2))
                best = c;
        }
        if (best) {
            best->x2 = k->x2 > best->x2 ? k->x2 : best->x2;
            best->top = k->top < best->top ? k->top : best->top;
            best->bottom = k->bottom > best->bottom ? k->bottom : best->bottom;
            best->count++;
            continue;
        }
        if (nch == alloc) {
            /* reuse closed chains before growing */
            size_t w = 0;
            for (size_t j = 0; j < nch; j++) {
                if (ch[j].done && ch[j].count >= DOT_MIN && ch[j].x2 - ch[j].x1 >= RULE_MIN_PT) {
                    fa_shape r = {.kind = FA_SH_RULE,
                                  .dotted = true,
                                  .x1 = ch[j].x1,
                                  .x2 = ch[j].x2,
                                  .y1 = ch[j].top,
                                  .y2 = ch[j].bottom};
                    if ((st = push(out, &r)))
                        break;
                }
                if (!ch[j].done)
                    ch[w++] = ch[j];
            }
            nch = w;
            if (nch == alloc) {
                chain *p = realloc(ch, 2 * alloc * sizeof *p);
                if (!p) {
                    st = FA_ERR_NOMEM;
                    break;
                }
                ch = p;
                alloc *= 2;
            }
        }
        ch[nch++] = (chain){k->x1, k->x2, k->y, k->top, k->bottom, 1, false};
    }
    for (size_t j = 0; j < nch && !st; j++)
        if (ch[j].count >= DOT_MIN && ch[j].x2 - ch[j].x1 >= RULE_MIN_PT) {
            fa_shape r = {.kind = FA_SH_RULE,
                          .dotted = true,
                          .x1 = ch[j].x1,
                          .x2 = ch[j].x2,
                          .y1 = ch[j].top,
                          .y2 = ch[j].bottom};
            st = push(out, &r);
        }
    free(ch);
    return st;
}

static int cmp_shape_yx(const void *a, const void *b)
{
    const fa_shape *x = a, *y = b;
    if (fabs(x->y2 - y->y2) > 1.5)
        return x->y2 < y->y2 ? -1 : 1;
    return (x->x1 > y->x1) - (x->x1 < y->x1);
}

/* Shapes of V[0..N) (sorted by baseline, then x) that sit side by side, same size,
 * closer than GAP x their width: one comb each run, its cells grouped where the gap is
 * wider than SPLIT x their width. Boxes join only in runs of two or more. */
static fa_status join_combs(fa_shape *v, size_t n, double gap, double split, bool boxes,
                            fa_shapes *out)
{
    fa_status st = FA_OK;
    for (size_t i = 0; i < n && !st;) {
        size_t j = i + 1;
        double cw = v[i].x2 - v[i].x1, ch = v[i].y2 - v[i].y1;
        while (j < n && fabs(v[j].y2 - v[j - 1].y2) <= 1.5 &&
               fabs((v[j].y2 - v[j].y1) - ch) <= 0.3 * ch && v[j].x1 - v[j - 1].x2 <= gap * cw &&
               v[j].x1 - v[j - 1].x2 >= -1)
            j++;
        if (boxes && j - i < 2) {
            st = push(out, &v[i]);
            i = j;
            continue;
        }
        fa_shape c = v[i];
        c.kind = FA_SH_COMB;
        c.ticked = false;
        c.cells = 0;
        c.groups = 0;
        memset(c.group_len, 0, sizeof c.group_len);
        for (size_t k = i; k < j; k++) {
            bool new_group = k == i || v[k].x1 - v[k - 1].x2 > split * cw;
            if (new_group)
                c.groups++;
            int add = v[k].cells > 0 ? v[k].cells : 1;
            c.cells += add;
            if (c.groups <= FA_SHAPE_GROUPS) {
                int gl = c.group_len[c.groups - 1] + add;
                c.group_len[c.groups - 1] = (unsigned char)(gl > 255 ? 255 : gl);
            }
            c.x2 = v[k].x2;
            c.y1 = v[k].y1 < c.y1 ? v[k].y1 : c.y1;
            c.y2 = v[k].y2 > c.y2 ? v[k].y2 : c.y2;
        }
        st = push(out, &c);
        i = j;
    }
    return st;
}

/* Boxes of OUT set edge to edge become combs ("Numéro d'allocataire" in squares). */
static fa_status join_boxes(fa_shapes *out, size_t from)
{
    fa_shapes boxes = {0}, keep = {0};
    fa_status st = FA_OK;
    for (size_t i = from; i < out->n && !st; i++)
        st = push(out->v[i].kind == FA_SH_BOX ? &boxes : &keep, &out->v[i]);
    if (!st && boxes.n) {
        qsort(boxes.v, boxes.n, sizeof *boxes.v, cmp_shape_yx);
        out->n = from;
        for (size_t i = 0; i < keep.n && !st; i++)
            st = push(out, &keep.v[i]);
        if (!st)
            st = join_combs(boxes.v, boxes.n, 0.35, 0.3, true, out);
    }
    fa_shapes_free(&boxes);
    fa_shapes_free(&keep);
    return st;
}

/* ---------------------------------------------------------------- entry */

fa_status fa_shapes_find(const fa_gray *img, fa_shapes *out)
{
    if (!img || !img->px || img->w <= 0 || img->h <= 0 || img->scale <= 0)
        return FA_OK;
    run *r = NULL;
    size_t nr = 0, *rows = NULL, *order = NULL, nc = 0;
    comp *c = NULL;
    fa_status st = get_runs(img, &r, &nr, &rows);
    if (st)
        return st;
    connect(r, rows, img->h);
    st = components(r, nr, &c, &nc, &order);
    marks dots = {0};
    fa_shapes cells = {0};
    size_t from = out->n;
    int grids0 = out->grids;
    for (size_t i = 0; !st && i < nc; i++)
        st = judge(img, r, order, &c[i], out, &dots, &cells);
    if (!st)
        st = dotted(&dots, out);
    if (!st && cells.n) {
        qsort(cells.v, cells.n, sizeof *cells.v, cmp_shape_yx);
        st = join_combs(cells.v, cells.n, 0.8, 0.3, false, out);
    }
    if (!st)
        st = join_boxes(out, from);
    if (st) {
        out->n = from; /* nothing half done */
        out->grids = grids0;
    }
    free(dots.v);
    fa_shapes_free(&cells);
    free(r);
    free(rows);
    free(order);
    free(c);
    return st;
}
