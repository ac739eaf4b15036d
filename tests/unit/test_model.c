/* test_model.c — the document model, the iterator, folding, buffers. */
#include "fold.h"
#include "fixtures.h"
#include "model.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

START_TEST(test_iterator_order)
{
    fa_doc *d = fa_doc_new("x", FA_FMT_TXT);
    fa_node *h = fa_node_new(d, FA_N_HEADING);
    fa_node_append_text(d, h, "Titre", 5);
    fa_node_append(d->root, h);
    fa_node *t = fa_node_new(d, FA_N_TABLE);
    fa_node_append(d->root, t);
    fa_node *r = fa_node_new(d, FA_N_ROW);
    fa_node_append(t, r);
    fa_node *c1 = fa_node_new(d, FA_N_CELL), *c2 = fa_node_new(d, FA_N_CELL);
    fa_node_append(r, c1);
    fa_node_append(r, c2);
    fa_node *p = fa_node_new(d, FA_N_PARAGRAPH);
    fa_node_append_text(d, p, "Nom", 3);
    fa_node_append(c1, p);
    fa_doc_finish(d);
    fa_iter it;
    const fa_node *n;
    fa_event ev;
    int enters = 0, exits = 0;
    fa_iter_init(&it, d->root);
    while ((ev = fa_iter_next(&it, &n)) != FA_EV_DONE)
        *(ev == FA_EV_ENTER ? &enters : &exits) += 1;
    ck_assert_int_eq(enters, 7);
    ck_assert_int_eq(exits, 7);
    ck_assert_int_eq(p->loc.table, 1);
    ck_assert_int_eq(p->loc.row, 1);
    ck_assert_int_eq(p->loc.cell, 1);
    ck_assert_int_eq(p->loc.paragraph, 2);
    ck_assert(fa_cell_blank(c2));
    ck_assert(!fa_cell_blank(c1));
    fa_doc_free(d);
}
END_TEST

START_TEST(test_squeeze_keeps_control_offsets)
{
    fa_doc *d = fa_doc_new("x", FA_FMT_TXT);
    fa_node *p = fa_node_new(d, FA_N_PARAGRAPH);
    fa_node_append(d->root, p);
    fa_node_append_text(d, p, "  Nom  \xC2\xA0: ", 12);
    fa_node *c = fa_doc_add_control(d, p, FA_CTL_TEXT);
    fa_node_append_text(d, p, "  fin", 5);
    fa_node_squeeze(p);
    ck_assert_str_eq(p->text, "Nom : fin");
    ck_assert_uint_eq(c->offset, 6); /* just before "fin", after the squeezed space */
    fa_doc_free(d);
}
END_TEST

START_TEST(test_invalid_utf8_replaced)
{
    fa_doc *d = fa_doc_new("x", FA_FMT_TXT);
    fa_node *p = fa_node_new(d, FA_N_PARAGRAPH);
    fa_node_append_text(d, p,
                        "a\xFF"
                        "b\0c",
                        5);
    ck_assert_str_eq(p->text, "a\xEF\xBF\xBD"
                              "b c");
    fa_doc_free(d);
}
END_TEST

START_TEST(test_fold_maps_back)
{
    const char *s = "Capacités  du MÉNAGE à se mobiliser — cœur’s";
    fa_folded f;
    ck_assert_int_eq(fa_fold(s, strlen(s), &f), FA_OK);
    ck_assert_str_eq(f.s, "capacites du menage a se mobiliser - coeur's");
    const char *m = strstr(f.s, "menage");
    size_t a, b;
    fa_fold_span(&f, (size_t)(m - f.s), (size_t)(m - f.s) + 6, &a, &b);
    ck_assert_int_eq((int)(b - a), 7); /* "MÉNAGE" is 7 bytes */
    ck_assert(!strncmp(s + a, "MÉNAGE", 7));
    m = strstr(f.s, "coeur");
    fa_fold_span(&f, (size_t)(m - f.s), (size_t)(m - f.s) + 5, &a, &b);
    ck_assert(!strncmp(s + a, "cœur", b - a));
    fa_folded_free(&f);
}
END_TEST

/* 50,000 rows: locations are assigned in one linear walk (a quadratic one took 19 s
 * on a 20,000-row table and hits the test timeout here). */
START_TEST(test_big_table_locations)
{
    fa_doc *d = fa_doc_new("x", FA_FMT_DOCX);
    fa_node *t = fa_node_new(d, FA_N_TABLE);
    fa_node_append(d->root, t);
    fa_node *last = NULL;
    for (int i = 0; i < 50000; i++) {
        fa_node *r = fa_node_new(d, FA_N_ROW);
        fa_node_append(t, r);
        for (int k = 0; k < 2; k++) {
            fa_node *c = fa_node_new(d, FA_N_CELL);
            fa_node_append(r, c);
            last = fa_node_new(d, FA_N_PARAGRAPH);
            fa_node_append(c, last);
        }
    }
    fa_doc_finish(d);
    ck_assert_int_eq(last->loc.table, 1);
    ck_assert_int_eq(last->loc.row, 50000);
    ck_assert_int_eq(last->loc.cell, 2);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_buf_cap)
{
    fa_buf b = {.cap = 4};
    ck_assert_int_eq(fa_buf_puts(&b, "abcd"), FA_OK);
    ck_assert_int_eq(fa_buf_puts(&b, "e"), FA_ERR_LIMIT);
    ck_assert_str_eq(b.data, "abcd");
    fa_buf_free(&b);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("model");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_iterator_order);
    tcase_add_test(tc, test_squeeze_keeps_control_offsets);
    tcase_add_test(tc, test_invalid_utf8_replaced);
    tcase_add_test(tc, test_fold_maps_back);
    tcase_add_test(tc, test_buf_cap);
    tcase_add_test(tc, test_big_table_locations);
    tcase_set_timeout(tc, 20);
    suite_add_tcase(s, tc);
    return fx_run_suite(s);
}
