/* test_read_html.c — the HTML reader: labels of controls (for=, wrapping, aria-*,
 * title, placeholder), select and textarea, tables, hidden content, pathological
 * nesting, and what `formaudit text` prints of it. */
#include "fixtures.h"
#include "model.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static fa_doc *fixture(void)
{
    size_t size = 0;
    unsigned char *data = fx_read_file(FA_TEST_DATA "/html/inscription.html", &size);
    ck_assert_ptr_nonnull(data);
    fa_doc *d = fx_open_mem("inscription.html", data, size);
    free(data);
    ck_assert_int_eq(d->format, FA_FMT_HTML);
    return d;
}

START_TEST(test_labels_in_browser_order)
{
    fa_doc *d = fixture();
    /* the hidden csrf input is not a control: the first is "nom" */
    ck_assert_str_eq(fx_ctl(d, 0)->name, "nom");
    ck_assert_str_eq(fx_ctl(d, 0)->label, "Nom de l'enfant"); /* <label for> */
    ck_assert_str_eq(fx_ctl(d, 1)->label, "Prénom");          /* wrapping */
    ck_assert_str_eq(fx_ctl(d, 1)->value, "Léa");
    ck_assert_int_eq(fx_ctl(d, 2)->kind, FA_CTL_DATE);
    ck_assert_str_eq(fx_ctl(d, 2)->label, "Date de naissance de l'enfant"); /* aria-label */
    ck_assert_str_eq(fx_ctl(d, 3)->label, "Téléphone du responsable");      /* aria-labelledby */
    ck_assert_str_eq(fx_ctl(d, 4)->label, "nom@exemple.fr");                /* placeholder */
    ck_assert_int_eq(fx_ctl(d, 5)->kind, FA_CTL_RADIO);
    ck_assert_int_eq(fx_ctl(d, 5)->checked, 1);
    ck_assert_int_eq(fx_ctl(d, 6)->checked, 0);
    ck_assert_int_ne(fx_ctl(d, 5)->group, 0);
    ck_assert_int_eq(fx_ctl(d, 5)->group, fx_ctl(d, 6)->group);
    ck_assert_str_eq(fx_ctl(d, 6)->label, "Sans porc");
    fa_doc_free(d);
}
END_TEST

START_TEST(test_textarea_select_table)
{
    fa_doc *d = fixture();
    const fa_control *ta = fx_ctl(d, 7);
    ck_assert_int_eq(ta->kind, FA_CTL_MULTILINE);
    ck_assert_str_eq(ta->label, "Problèmes de santé à signaler");
    ck_assert_str_eq(ta->value, "Asthme léger");
    const fa_control *sel = fx_ctl(d, 8);
    ck_assert_int_eq(sel->kind, FA_CTL_CHOICE);
    ck_assert_uint_eq(sel->n_options, 4); /* optgroup options included */
    ck_assert_str_eq(sel->options[2], "Tranche B");
    ck_assert_str_eq(sel->value, "Tranche B");
    ck_assert_str_eq(sel->label, "Tranche de quotient familial"); /* title */
    const fa_node *row = fx_must(fx_nth(d, FA_N_ROW, 0));
    ck_assert(row->flags & FA_NF_HEADER_ROW);
    ck_assert_int_eq(fx_must(fx_nth(d, FA_N_CELL, 1))->colspan, 2);
    const fa_node *r2 = fx_must(fx_nth(d, FA_N_ROW, 1));
    ck_assert(!(r2->flags & FA_NF_HEADER_ROW));
    ck_assert_int_eq(fx_ctl(d, 9)->kind, FA_CTL_CHECKBOX);
    ck_assert_int_eq(fx_must(fx_nth(d, FA_N_CONTROL, 9))->loc.table, 1);
    ck_assert_int_eq(fx_must(fx_nth(d, FA_N_CONTROL, 9))->loc.row, 2);
    ck_assert_int_eq(fx_ctl(d, 10)->kind, FA_CTL_BUTTON);
    ck_assert_str_eq(d->meta.title, "Inscription au centre de loisirs");
    ck_assert_str_eq(d->meta.author, "Service jeunesse");
    fa_doc_free(d);
}
END_TEST

START_TEST(test_text_output)
{
    fa_doc *d = fixture();
    char *t = fx_text(d);
    ck_assert_ptr_nonnull(t);
    ck_assert_ptr_nonnull(strstr(t, "# Inscription au centre de loisirs\n"));
    ck_assert_ptr_nonnull(strstr(t, "\n## 1. L'enfant\n"));
    /* a <br> ends a visual line */
    ck_assert_ptr_nonnull(strstr(t, "Mairie — service jeunesse\nAnnée scolaire en cours\n"));
    /* label already printed before the box: not repeated */
    ck_assert_ptr_nonnull(strstr(t, "Nom de l'enfant : [____]\n"));
    ck_assert_ptr_nonnull(strstr(t, "Régime : [x] Standard [ ] Sans porc\n"));
    ck_assert_ptr_nonnull(
        strstr(t, "[▾ -- choisir -- / Tranche A / Tranche B / Tranche C = Tranche B"));
    ck_assert_ptr_nonnull(strstr(t, "Jour | Présence\n"));
    ck_assert_ptr_nonnull(strstr(t, "Lundi | [  «Présent lundi»] | matin\n"));
    ck_assert_ptr_nonnull(strstr(t, "- Premier point\n  - Sous-point\n"));
    /* nothing a visitor does not see */
    ck_assert_ptr_null(strstr(t, "ne pas lire"));
    ck_assert_ptr_null(strstr(t, "caché"));
    ck_assert_ptr_null(strstr(t, "csrf"));
    ck_assert_ptr_null(strstr(t, "commentaire"));
    ck_assert_ptr_null(strstr(t, "color"));
    free(t);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_control_offset_in_paragraph)
{
    const char *src = "<p>Nom : <input name=n> Prénom : <input name=p></p>";
    fa_doc *d = fx_open_mem("o.html", src, strlen(src));
    const fa_node *p = fx_must(fx_nth(d, FA_N_PARAGRAPH, 0));
    ck_assert_str_eq(p->text, "Nom : Prénom :");
    ck_assert_uint_eq(fx_must(fx_nth(d, FA_N_CONTROL, 0))->offset, 6);
    ck_assert_uint_eq(fx_must(fx_nth(d, FA_N_CONTROL, 1))->offset, strlen("Nom : Prénom :"));
    ck_assert_ptr_eq(fx_must(fx_nth(d, FA_N_CONTROL, 0))->parent, p);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_deep_nesting_bounded)
{
    /* 200,000 nested <div>: no stack overflow, the text is still read */
    size_t n = 200000;
    size_t cap = n * 11 + 64;
    char *src = malloc(cap);
    ck_assert_ptr_nonnull(src);
    size_t len = 0;
    len += (size_t)sprintf(src + len, "<html><body>");
    for (size_t i = 0; i < n; i++)
        len += (size_t)sprintf(src + len, "<div>");
    len += (size_t)sprintf(src + len, "Profondeur");
    for (size_t i = 0; i < n; i++)
        len += (size_t)sprintf(src + len, "</div>");
    fa_doc *d = fx_open_mem("deep.html", src, len);
    free(src);
    char *t = fx_text(d);
    ck_assert_ptr_nonnull(t);
    ck_assert_ptr_nonnull(strstr(t, "Profondeur"));
    ck_assert_uint_lt(d->n_nodes, 100);
    free(t);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_pre_lines)
{
    const char *src = "<pre>Nom : ______\nPrénom : ____\n\n  Ville : ___</pre><p>fin</p>";
    fa_doc *d = fx_open_mem("pre.html", src, strlen(src));
    char *t = fx_text(d);
    ck_assert_str_eq(t, "Nom : ______\nPrénom : ____\nVille : ___\nfin\n");
    free(t);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_latin1_charset)
{
    const char src[] =
        "<html><head><meta charset=\"iso-8859-1\"></head><body><p>Pr\xE9nom</p></body></html>";
    fa_doc *d = fx_open_mem("l1.html", src, sizeof src - 1);
    ck_assert_str_eq(fx_must(fx_nth(d, FA_N_PARAGRAPH, 0))->text, "Prénom");
    fa_doc_free(d);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("read_html");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_labels_in_browser_order);
    tcase_add_test(tc, test_textarea_select_table);
    tcase_add_test(tc, test_text_output);
    tcase_add_test(tc, test_control_offset_in_paragraph);
    tcase_add_test(tc, test_deep_nesting_bounded);
    tcase_add_test(tc, test_pre_lines);
    tcase_add_test(tc, test_latin1_charset);
    suite_add_tcase(s, tc);
    return fx_run_suite(s);
}
