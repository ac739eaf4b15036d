/* test_text.c — `formaudit text` (fa_doc_write_text) on models built by hand: every
 * kind of block and control placeholder, labels shown only when not already read,
 * hidden content and comments left out, deterministic output. */
#include "fixtures.h"
#include "model.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

static fa_control *control(fa_doc *d, fa_node *p, fa_control_kind k)
{
    fa_node *c = fa_doc_add_control(d, p, k);
    ck_assert_ptr_nonnull(c);
    ck_assert_ptr_nonnull(c->ctl);
    return c->ctl;
}

static fa_doc *sample(void)
{
    fa_doc *d = fa_doc_new("x", FA_FMT_DOCX);
    fa_node *h = fx_block(d, d->root, FA_N_HEADING, "Demande de logement");
    h->level = 1;
    h = fx_block(d, d->root, FA_N_HEADING, "1. Le ménage");
    h->level = 2;
    fa_node *p = fx_block(d, d->root, FA_N_PARAGRAPH, "Nom : ");
    control(d, p, FA_CTL_TEXT)->label = fa_doc_strdup(d, "Nom");
    p = fx_block(d, d->root, FA_N_PARAGRAPH, "Ville : ");
    fa_control *c = control(d, p, FA_CTL_TEXT);
    c->value = fa_doc_strdup(d, "Ajaccio");
    p = fx_block(d, d->root, FA_N_PARAGRAPH, "");
    control(d, p, FA_CTL_TEXT)->label = fa_doc_strdup(d, "Numéro fiscal");
    p = fx_block(d, d->root, FA_N_PARAGRAPH, "Situation : ");
    c = control(d, p, FA_CTL_CHOICE);
    fa_control_add_option(d, c, "Seul", 4);
    fa_control_add_option(d, c, "En couple", 9);
    p = fx_block(d, d->root, FA_N_PARAGRAPH, "");
    c = control(d, p, FA_CTL_CHECKBOX);
    c->checked = 1;
    fa_node_append_text(d, p, " Handicap", 9);
    c = control(d, p, FA_CTL_CHECKBOX);
    c->checked = 0;
    c->label = fa_doc_strdup(d, "Autre");
    fa_node_squeeze(p);
    p = fx_block(d, d->root, FA_N_LIST_ITEM, "premier niveau");
    p->level = 1;
    p = fx_block(d, d->root, FA_N_LIST_ITEM, "second niveau");
    p->level = 2;
    fa_node *hid = fx_block(d, d->root, FA_N_PARAGRAPH, "texte masqué");
    hid->flags |= FA_NF_HIDDEN;
    fa_node *com = fx_block(d, d->root, FA_N_PARAGRAPH, "commentaire du relecteur");
    com->flags |= FA_NF_COMMENT;
    fa_node *t = fa_node_new(d, FA_N_TABLE);
    fa_node_append(d->root, t);
    for (int r = 0; r < 2; r++) {
        fa_node *row = fa_node_new(d, FA_N_ROW);
        fa_node_append(t, row);
        fa_node *c1 = fa_node_new(d, FA_N_CELL), *c2 = fa_node_new(d, FA_N_CELL);
        fa_node_append(row, c1);
        fa_node_append(row, c2);
        fx_block(d, c1, FA_N_PARAGRAPH, r ? "Date d'arrivée" : "Rubrique");
        if (r)
            control(d, c2, FA_CTL_DATE); /* block-level control in a cell */
        else
            fx_block(d, c2, FA_N_PARAGRAPH, "Réponse");
    }
    fa_node *br = fa_node_new(d, FA_N_PAGE_BREAK);
    fa_node_append(d->root, br);
    p = fx_block(d, d->root, FA_N_PARAGRAPH, "Signature : ");
    control(d, p, FA_CTL_SIGNATURE);
    fa_doc_finish(d);
    return d;
}

START_TEST(test_every_block_and_placeholder)
{
    fa_doc *d = sample();
    char *t = fx_text(d);
    ck_assert_ptr_nonnull(t);
    const char *want = "# Demande de logement\n"
                       "## 1. Le ménage\n"
                       "Nom : [____]\n"
                       "Ville : [Ajaccio]\n"
                       "[____ «Numéro fiscal»]\n"
                       "Situation : [▾ Seul / En couple]\n"
                       "[x] Handicap [  «Autre»]\n"
                       "- premier niveau\n"
                       "  - second niveau\n"
                       "Rubrique | Réponse\n"
                       "Date d'arrivée | [date]\n"
                       "--- page 2 ---\n"
                       "Signature : [signature]\n";
    ck_assert_str_eq(t, want);
    free(t);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_deterministic)
{
    fa_doc *d = sample();
    char *a = fx_text(d), *b = fx_text(d);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    ck_assert_str_eq(a, b);
    free(a);
    free(b);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_controls_out_of_order_offsets)
{
    /* a reader may attach controls out of offset order: printed in offset order */
    fa_doc *d = fa_doc_new("x", FA_FMT_PDF);
    fa_node *p = fx_block(d, d->root, FA_N_PARAGRAPH, "Nom : Prénom :");
    fa_node *c2 = fa_doc_add_control(d, p, FA_CTL_TEXT);
    fa_node *c1 = fa_doc_add_control(d, p, FA_CTL_TEXT);
    ck_assert_ptr_nonnull(c1);
    ck_assert_ptr_nonnull(c2);
    c1->offset = 5;
    c1->ctl->value = fa_doc_strdup(d, "Durand");
    c2->ctl->value = fa_doc_strdup(d, "Léa");
    fa_doc_finish(d);
    char *t = fx_text(d);
    ck_assert_str_eq(t, "Nom : [Durand] Prénom : [Léa]\n");
    free(t);
    fa_doc_free(d);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("text");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_every_block_and_placeholder);
    tcase_add_test(tc, test_deterministic);
    tcase_add_test(tc, test_controls_out_of_order_offsets);
    suite_add_tcase(s, tc);
    return fx_run_suite(s);
}
