/* test_shapes.c — shapes.c on grey images drawn here: boxes (empty, ticked, too big),
 * combs (one piece, "└┘" cells grouped as a date), solid and dotted rules, a ruled grid
 * with a merged cell, and what is none of these (a filled band, text-like specks, an
 * image with too much ink). Images are drawn at 2 px/pt so sizes read in points. */
#include "fa_limits.h"
#include "shapes.h"

#include "fixtures.h"
#include <check.h>
#include <stdlib.h>
#include <string.h>

#define S 2.0 /* pixels per point */

typedef struct img {
    unsigned char *px;
    int w, h;
} img;

static img blank(int wpt, int hpt)
{
    img m = {NULL, (int)(wpt * S), (int)(hpt * S)};
    m.px = malloc((size_t)m.w * m.h);
    ck_assert_ptr_nonnull(m.px);
    memset(m.px, 255, (size_t)m.w * m.h);
    return m;
}

/* A filled rectangle, in points. */
static void fill(img *m, double x1, double y1, double x2, double y2, unsigned char v)
{
    for (int y = (int)(y1 * S); y < (int)(y2 * S) && y < m->h; y++)
        for (int x = (int)(x1 * S); x < (int)(x2 * S) && x < m->w; x++)
            m->px[(size_t)y * m->w + x] = v;
}

static void hline(img *m, double x1, double x2, double y)
{
    fill(m, x1, y, x2, y + 0.5, 40);
}

static void vline(img *m, double x, double y1, double y2)
{
    fill(m, x, y1, x + 0.5, y2, 40);
}

static void rect(img *m, double x1, double y1, double x2, double y2)
{
    hline(m, x1, x2, y1);
    hline(m, x1, x2 + 0.5, y2);
    vline(m, x1, y1, y2);
    vline(m, x2, y1, y2);
}

static fa_shapes find(const img *m)
{
    fa_gray g = {m->px, m->w, m->h, (size_t)m->w, S};
    fa_shapes out = {0};
    ck_assert_int_eq(fa_shapes_find(&g, &out), FA_OK);
    return out;
}

static size_t count(const fa_shapes *s, fa_shape_kind k)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++)
        n += s->v[i].kind == k;
    return n;
}

static const fa_shape *first(const fa_shapes *s, fa_shape_kind k)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i].kind == k)
            return &s->v[i];
    ck_abort_msg("no shape of kind %d", (int)k);
    return NULL;
}

START_TEST(test_boxes_empty_and_ticked)
{
    img m = blank(200, 40);
    rect(&m, 10, 10, 20, 20); /* a 10 pt checkbox */
    rect(&m, 60, 10, 70, 20);
    fill(&m, 62, 12, 68, 18, 40); /* ticked */
    rect(&m, 100, 5, 190, 35);    /* a frame: too big for a box */
    fa_shapes s = find(&m);
    ck_assert_uint_eq(count(&s, FA_SH_BOX), 2);
    int ticked = 0;
    for (size_t i = 0; i < s.n; i++)
        if (s.v[i].kind == FA_SH_BOX) {
            ck_assert(s.v[i].x2 - s.v[i].x1 > 9 && s.v[i].x2 - s.v[i].x1 < 12);
            ticked += s.v[i].ticked;
        }
    ck_assert_int_eq(ticked, 1);
    ck_assert_uint_eq(count(&s, FA_SH_CELL), 1); /* the frame, a grid of one cell */
    fa_shapes_free(&s);
    free(m.px);
}
END_TEST

START_TEST(test_comb_cells_grouped_as_a_date)
{
    img m = blank(200, 30);
    /* "└┘└┘ └┘└┘ └┘└┘└┘└┘": 12 pt cells, 2 pt apart in a group, 5 pt between groups */
    double x = 10;
    int groups[3] = {2, 2, 4};
    for (int g = 0; g < 3; g++) {
        for (int c = 0; c < groups[g]; c++) {
            hline(&m, x, x + 12, 20);
            vline(&m, x, 16, 20.5);
            vline(&m, x + 12, 16, 20.5);
            x += 14;
        }
        x += 3;
    }
    fa_shapes s = find(&m);
    ck_assert_uint_eq(count(&s, FA_SH_COMB), 1);
    const fa_shape *c = first(&s, FA_SH_COMB);
    ck_assert_int_eq(c->cells, 8);
    ck_assert_int_eq(c->groups, 3);
    ck_assert_int_eq(c->group_len[0], 2);
    ck_assert_int_eq(c->group_len[2], 4);
    fa_shapes_free(&s);
    free(m.px);
}
END_TEST

START_TEST(test_comb_in_one_piece_and_boxes_side_by_side)
{
    img m = blank(300, 60);
    /* a baseline with 8 ticks: 7 cells */
    hline(&m, 10, 108, 20);
    for (int i = 0; i <= 7; i++)
        vline(&m, 10 + i * 14, 14, 20.5);
    /* seven closed squares edge to edge: "Numéro d'allocataire" */
    for (int i = 0; i < 7; i++)
        rect(&m, 150 + i * 16, 30, 162 + i * 16, 44);
    fa_shapes s = find(&m);
    ck_assert_uint_eq(count(&s, FA_SH_COMB), 2);
    ck_assert_uint_eq(count(&s, FA_SH_BOX), 0);
    for (size_t i = 0; i < s.n; i++)
        if (s.v[i].kind == FA_SH_COMB)
            ck_assert_int_eq(s.v[i].cells, 7);
    fa_shapes_free(&s);
    free(m.px);
}
END_TEST

START_TEST(test_solid_and_dotted_rules)
{
    img m = blank(300, 60);
    hline(&m, 20, 200, 15); /* a line to write on */
    for (double x = 20; x < 200; x += 3)
        fill(&m, x, 40, x + 1, 41, 60); /* a dotted rule */
    for (int i = 0; i < 4; i++)
        fill(&m, 230 + i * 9, 40, 231 + i * 9, 41, 60); /* four dots: not a rule */
    fa_shapes s = find(&m);
    ck_assert_uint_eq(count(&s, FA_SH_RULE), 2);
    int dotted = 0;
    for (size_t i = 0; i < s.n; i++)
        if (s.v[i].kind == FA_SH_RULE) {
            dotted += s.v[i].dotted;
            ck_assert(s.v[i].x1 < 21 && s.v[i].x2 > 196);
        }
    ck_assert_int_eq(dotted, 1);
    fa_shapes_free(&s);
    free(m.px);
}
END_TEST

START_TEST(test_grid_with_merged_cell)
{
    img m = blank(320, 120);
    /* 3 rows x 3 columns; the first row's last two cells merged */
    hline(&m, 10, 310, 10);
    hline(&m, 10, 310, 40);
    hline(&m, 10, 310, 70);
    hline(&m, 10, 310, 100);
    vline(&m, 10, 10, 100);
    vline(&m, 110, 10, 100);
    vline(&m, 210, 40, 100);
    vline(&m, 310, 10, 100);
    fa_shapes s = find(&m);
    ck_assert_uint_eq(count(&s, FA_SH_CELL), 8);
    ck_assert_int_eq(s.grids, 1);
    bool merged = false;
    for (size_t i = 0; i < s.n; i++)
        if (s.v[i].kind == FA_SH_CELL && s.v[i].row == 0 && s.v[i].col == 1) {
            ck_assert_int_eq(s.v[i].cols, 2);
            merged = true;
        }
    ck_assert(merged);
    ck_assert_uint_eq(count(&s, FA_SH_RULE), 0); /* its lines are borders, not rules */
    fa_shapes_free(&s);
    free(m.px);
}
END_TEST

START_TEST(test_bands_and_specks_are_nothing)
{
    img m = blank(300, 80);
    fill(&m, 10, 10, 290, 30, 120);  /* a shaded band */
    fill(&m, 10, 50, 290, 58, 240);  /* a light background: not ink */
    fill(&m, 40, 65, 41.5, 66.5, 0); /* specks, scattered */
    fill(&m, 90, 70, 91.5, 71.5, 0);
    fill(&m, 150, 62, 151.5, 63.5, 0);
    fa_shapes s = find(&m);
    ck_assert_uint_eq(s.n, 0);
    fa_shapes_free(&s);
    free(m.px);
}
END_TEST

START_TEST(test_too_much_ink_is_refused)
{
    /* a checkerboard: every other pixel, more runs than FA_MAX_SHAPE_RUNS */
    int w = 2600, h = 1000;
    unsigned char *px = malloc((size_t)w * h);
    ck_assert_ptr_nonnull(px);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            px[(size_t)y * w + x] = ((x + y) & 1) ? 255 : 0;
    fa_gray g = {px, w, h, (size_t)w, S};
    fa_shapes out = {0};
    ck_assert_int_eq(fa_shapes_find(&g, &out), FA_ERR_LIMIT);
    ck_assert_uint_eq(out.n, 0);
    fa_shapes_free(&out);
    fa_shapes_free(NULL);
    free(px);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("shapes");
    TCase *tc = tcase_create("shapes");
    tcase_add_test(tc, test_boxes_empty_and_ticked);
    tcase_add_test(tc, test_comb_cells_grouped_as_a_date);
    tcase_add_test(tc, test_comb_in_one_piece_and_boxes_side_by_side);
    tcase_add_test(tc, test_solid_and_dotted_rules);
    tcase_add_test(tc, test_grid_with_merged_cell);
    tcase_add_test(tc, test_bands_and_specks_are_nothing);
    tcase_add_test(tc, test_too_much_ink_is_refused);
    suite_add_tcase(s, tc);
    return fx_run_suite(s);
}
