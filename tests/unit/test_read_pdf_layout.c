/* test_read_pdf_layout.c — the layouts of real PDF forms, read end to end (reader and
 * field detection) on small fixtures written by tests/data/pdf/make_fixtures.py:
 * fields drawn as graphics (rules, boxes, combs, ruled grids), XFA forms, AcroForm
 * widgets with generic names, and the text layouts of issue 11. */
#include "fields.h"
#include "model.h"

#include "fixtures.h"
#include "rules.h"
#include <check.h>
#include <stdlib.h>
#include <string.h>

static fa_doc *open_fixture(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/pdf/%s", FA_TEST_DATA, name);
    size_t size = 0;
    unsigned char *data = fx_read_file(path, &size);
    ck_assert_msg(data != NULL, "missing fixture %s", path);
    fa_doc *d = fx_open_mem(name, data, size);
    free(data);
    return d;
}

static fa_result *detect(const fa_doc *d)
{
    fa_result *res = calloc(1, sizeof *res);
    ck_assert_ptr_nonnull(res);
    fa_error err = {0};
    fa_status st = fa_fields_detect(d, res, fa_rules_langdata(fx_rules()), &err);
    ck_assert_msg(st == FA_OK, "field detection: %s", err.message);
    return res;
}

static void dump(const fa_result *res)
{
    for (size_t i = 0; i < res->n_fields; i++)
        fprintf(stderr, "  field \"%s\" [%s] options %zu\n", res->fields[i].label,
                fa_field_kind_name(res->fields[i].kind), res->fields[i].options.n);
}

static const fa_field *field(const fa_result *res, const char *label)
{
    for (size_t i = 0; i < res->n_fields; i++)
        if (res->fields[i].label && !strcmp(res->fields[i].label, label))
            return &res->fields[i];
    return NULL;
}

static const fa_field *must(const fa_result *res, const char *label)
{
    const fa_field *f = field(res, label);
    if (!f)
        dump(res);
    ck_assert_msg(f != NULL, "no field \"%s\"", label);
    return f;
}

static bool has_text(const fa_doc *d, const char *s)
{
    return fx_find_text(d, s) != NULL;
}

/* ---------------------------------------------------------------- graphics */

START_TEST(test_drawn_fields_are_written_into_the_text)
{
    fa_doc *d = open_fixture("graphics.pdf");
    /* what a person sees: a line after the label, boxes before the options, a date
     * comb, an empty frame */
    ck_assert(has_text(d, "Nom : ___"));
    ck_assert(has_text(d, "Situation : \xE2\x98\x90 Seul \xE2\x98\x90 En couple"));
    ck_assert(has_text(d, "Date de naissance : __/__/____"));
    /* a title's underline is not a line to fill: a larger title, a bold one whose
     * rule runs from its start to the margin (even a question) */
    const fa_node *title = fx_must(fx_find_text(d, "Fiche d'inscription"));
    ck_assert_ptr_null(strchr(title->text, '_'));
    title = fx_must(fx_find_text(d, "Comment tes données sont-elles protégées ?"));
    ck_assert_ptr_null(strchr(title->text, '_'));
    fa_doc_free(d);
}
END_TEST

START_TEST(test_drawn_fields_are_fields)
{
    fa_doc *d = open_fixture("graphics.pdf");
    fa_result *res = detect(d);
    must(res, "Nom");
    const fa_field *f = must(res, "Situation");
    ck_assert_int_eq(f->kind, FA_FK_CHOICE);
    ck_assert_uint_eq(f->options.n, 2);
    ck_assert_int_eq(must(res, "Date de naissance")->kind, FA_FK_DATE);
    ck_assert_int_eq(must(res, "Observations")->kind, FA_FK_MULTILINE);
    ck_assert_uint_eq(res->n_fields, 6);
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_ruled_grid_is_a_table)
{
    fa_doc *d = open_fixture("graphics.pdf");
    const fa_node *t = fx_must(fx_nth(d, FA_N_TABLE, 0));
    const fa_node *r1 = t->first, *r2 = r1->next;
    ck_assert_ptr_nonnull(r2);
    ck_assert_ptr_null(r2->next);
    /* label | empty cell: the empty cell is a blank cell to fill */
    char *l = fa_cell_text(r1->first);
    ck_assert_str_eq(l, "Employeur");
    free(l);
    ck_assert(fa_cell_blank(r1->first->next));
    fa_result *res = detect(d);
    must(res, "Employeur");
    must(res, "Poste");
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

/* ---------------------------------------------------------------- AcroForm */

START_TEST(test_generic_widget_names_take_the_printed_label)
{
    /* "Champ de texte 12" beside "Nom de l'employeur :": the printed text is the
     * label; a tooltip that is a unit ("kg") is not; a widget on a printed leader is
     * one field; the name is the label only where nothing is printed */
    fa_doc *d = open_fixture("layout.pdf");
    fa_result *res = detect(d);
    const fa_field *f = must(res, "Nom de l'employeur");
    ck_assert(!f->label_from_name);
    must(res, "Poids");
    ck_assert_ptr_null(field(res, "kg"));
    must(res, "J'accepte d'être recontacté");
    must(res, "Adresse");
    f = must(res, "Champ de texte 15");
    ck_assert(f->label_from_name);
    /* one field for the widget and the leader it is laid on */
    size_t adresse = 0;
    for (size_t i = 0; i < res->n_fields; i++)
        adresse += !strcmp(res->fields[i].label, "Adresse");
    ck_assert_uint_eq(adresse, 1);
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_label_over_two_lines)
{
    /* "N° d'immatriculation" / "sécurité sociale :" then the widget: one label */
    fa_doc *d = open_fixture("layout.pdf");
    fa_result *res = detect(d);
    must(res, "N° d'immatriculation sécurité sociale");
    ck_assert_ptr_null(field(res, "sécurité sociale"));
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_option_labels_are_whole_words)
{
    /* two boxes on one line, each followed by its option: an option's text is cut at
     * the next box by the glyphs' places, never inside a word */
    fa_doc *d = open_fixture("layout.pdf");
    fa_result *res = detect(d);
    const fa_field *f = must(res, "Logement");
    ck_assert_uint_eq(f->options.n, 2);
    ck_assert_str_eq(f->options.v[0], "locataire");
    ck_assert_str_eq(f->options.v[1], "propriétaire occupant");
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_two_columns_vous_conjoint)
{
    /* "Sans activité professionnelle ..... depuis le ___ | depuis le ___": the row's
     * label is the field, for either column */
    fa_doc *d = open_fixture("layout.pdf");
    fa_result *res = detect(d);
    must(res, "Sans activité professionnelle");
    must(res, "Salarié(e)");
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

/* ---------------------------------------------------------------- XFA */

static bool warned(const fa_doc *d, const char *s)
{
    for (size_t i = 0; i < d->warnings.n; i++)
        if (strstr(d->warnings.v[i], s))
            return true;
    return false;
}

START_TEST(test_xfa_fields_from_the_template)
{
    /* a dynamic XFA form: the page says "please wait", the fields are in the
     * template; protected, hidden fields and buttons collect nothing */
    fa_doc *d = open_fixture("xfa.pdf");
    fa_result *res = detect(d);
    must(res, "Nom de famille");
    ck_assert_int_eq(must(res, "Date de naissance")->kind, FA_FK_DATE);
    const fa_field *f = must(res, "Situation familiale");
    ck_assert_int_eq(f->kind, FA_FK_CHOICE);
    ck_assert_uint_eq(f->options.n, 3);
    f = must(res, "Attendez-vous un enfant ?");
    ck_assert_uint_eq(f->options.n, 2);
    ck_assert_str_eq(f->options.v[1], "Non");
    ck_assert_int_eq(must(res, "Observations du travailleur social")->kind, FA_FK_MULTILINE);
    ck_assert_uint_eq(res->n_fields, 5);
    ck_assert(warned(d, "XFA form: 5 fields read from its XFA template"));
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_xfa_unreadable_is_said)
{
    /* never 0 fields without a word: the template is cut, the warning says so */
    fa_doc *d = open_fixture("xfa-broken.pdf");
    fa_result *res = detect(d);
    ck_assert_uint_eq(res->n_fields, 0);
    ck_assert(warned(d, "XFA form: its template could not be read"));
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("read_pdf_layout");
    TCase *tc = tcase_create("graphics");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_drawn_fields_are_written_into_the_text);
    tcase_add_test(tc, test_drawn_fields_are_fields);
    tcase_add_test(tc, test_ruled_grid_is_a_table);
    suite_add_tcase(s, tc);
    tc = tcase_create("acroform");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_generic_widget_names_take_the_printed_label);
    tcase_add_test(tc, test_label_over_two_lines);
    tcase_add_test(tc, test_option_labels_are_whole_words);
    tcase_add_test(tc, test_two_columns_vous_conjoint);
    suite_add_tcase(s, tc);
    tc = tcase_create("xfa");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_xfa_fields_from_the_template);
    tcase_add_test(tc, test_xfa_unreadable_is_said);
    suite_add_tcase(s, tc);
    return fx_run_suite(s);
}
