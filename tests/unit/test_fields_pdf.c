/* test_fields_pdf.c — field detection on the layouts PDF forms use, built in memory as
 * the PDF reader leaves them (one paragraph per visual line, widgets inline at their x
 * position): split date boxes, drawn boxes and combs, labels over two lines, answers on
 * the line below, inline "Oui - Non", units after a blank, question sentences. The
 * reader side (graphics, XFA, layout of the page) is in test_read_pdf.c. */
#include "fields.h"
#include "fields_scan.h"
#include "model.h"

#include "fixtures.h"
#include "rules.h"
#include <check.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- builders */

static fa_node *para(fa_doc *d, const char *text)
{
    fa_node *n = fx_block(d, d->root, FA_N_PARAGRAPH, text);
    fa_node_squeeze(n);
    return n;
}

/* Append TEXT to paragraph P (as a reader does between two widgets). */
static void more(fa_doc *d, fa_node *p, const char *text)
{
    ck_assert_int_eq(fa_node_append_text(d, p, text, strlen(text)), FA_OK);
}

/* A widget inline at the current end of P's text. */
static fa_control *widget(fa_doc *d, fa_node *p, fa_control_kind k, const char *name,
                          const char *label)
{
    fa_node *c = fa_doc_add_control(d, p, k);
    ck_assert_ptr_nonnull(c);
    c->ctl->name = name ? fa_doc_strdup(d, name) : NULL;
    c->ctl->label = label ? fa_doc_strdup(d, label) : NULL;
    return c->ctl;
}

static fa_result *detect(fa_doc *d)
{
    fa_doc_finish(d);
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

static void none(const fa_result *res, const char *label)
{
    if (field(res, label))
        dump(res);
    ck_assert_msg(field(res, label) == NULL, "unexpected field \"%s\"", label);
}

#define COUNT(res, n)                                                                              \
    do {                                                                                           \
        if ((res)->n_fields != (size_t)(n))                                                        \
            dump(res);                                                                             \
        ck_assert_uint_eq((res)->n_fields, (size_t)(n));                                           \
    } while (0)

/* ---------------------------------------------------------------- split date boxes */

/* domifa: "Date de naissance : _ _ /_ _ /_ _ _ _" with a day widget placed at the start
 * of the leader and a month widget inside it. The first widget took the whole leader,
 * so its mark ended after the second widget's start; the text between the two marks
 * was then read from a span whose end came before its start, a length that wrapped
 * around to 2^64 bytes ("memory limit reached"). */
static fa_doc *split_date_boxes(void)
{
    fa_doc *d = fa_doc_new("domifa.pdf", FA_FMT_PDF);
    fa_node *p = para(d, "Date de naissance :");
    widget(d, p, FA_CTL_TEXT, "Jour de naissance", NULL);
    more(d, p, " _ _ /");
    widget(d, p, FA_CTL_TEXT, "Mois de naissance", NULL);
    more(d, p, "_ _ /_ _ _ _ Lieu de naissance : _ _ _ _ _ _ _ _ _ _");
    return d;
}

START_TEST(test_split_date_boxes_marks_do_not_overlap)
{
    fa_doc *d = split_date_boxes();
    const fa_node *p = d->root->first;
    fa_marks mk = {0};
    ck_assert_int_eq(fa_scan_marks(p, &mk), FA_OK);
    ck_assert_uint_eq(mk.n, 3); /* day, month, the place's leader */
    for (size_t i = 0; i < mk.n; i++) {
        ck_assert_uint_le(mk.v[i].s, mk.v[i].e);
        if (i)
            ck_assert_uint_le(mk.v[i - 1].e, mk.v[i].s);
    }
    /* the month widget takes the rest of the leader it sits in */
    ck_assert_ptr_nonnull(mk.v[1].ctl);
    ck_assert_uint_ge(mk.v[1].e, strlen("Date de naissance : _ _ /_ _ /_ _ _ _"));
    free(mk.v);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_split_date_boxes_are_read)
{
    fa_doc *d = split_date_boxes();
    fa_result *res = detect(d);
    COUNT(res, 3);
    must(res, "Date de naissance");
    must(res, "Lieu de naissance");
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_label_clean_of_reversed_span_is_empty)
{
    char *l = fa_label_clean("Date de naissance", 10, 4);
    ck_assert_ptr_nonnull(l);
    ck_assert_str_eq(l, "");
    free(l);
}
END_TEST

/* ---------------------------------------------------------------- layouts */

/* A table of NR x NC cells; CELLS row-major, NULL an empty cell, "[x]" a checkbox
 * widget, "[t]" a text widget. */
static fa_node *grid(fa_doc *d, int nr, int nc, const char *const *cells)
{
    fa_node *t = fa_node_new(d, FA_N_TABLE);
    fa_node_append(d->root, t);
    for (int r = 0; r < nr; r++) {
        fa_node *row = fa_node_new(d, FA_N_ROW);
        fa_node_append(t, row);
        for (int c = 0; c < nc; c++) {
            fa_node *cell = fa_node_new(d, FA_N_CELL);
            fa_node_append(row, cell);
            const char *v = cells[r * nc + c];
            if (v && !strcmp(v, "[x]"))
                fa_doc_add_control(d, cell, FA_CTL_CHECKBOX);
            else if (v && !strcmp(v, "[t]"))
                fa_doc_add_control(d, cell, FA_CTL_MULTILINE);
            else
                fa_node_squeeze(fx_block(d, cell, FA_N_PARAGRAPH, v ? v : ""));
        }
    }
    return t;
}

START_TEST(test_evaluation_grid_of_widgets)
{
    /* GEVA-Sco: a category spanning rows, the activity, a box per grade, a comment
     * area: one field per activity with the grades as options, one per comment column */
    fa_doc *d = fa_doc_new("g.pdf", FA_FMT_PDF);
    const char *cells[] = {
        NULL,     "Activités", "A",   "B",   "C",   "Commentaires", "Communication",
        "Parler", "[x]",       "[x]", "[x]", "[t]", NULL,           "Comprendre une phrase simple",
        "[x]",    "[x]",       "[x]", "[t]", NULL,  "Lire",         "[x]",
        "[x]",    "[x]",       "[t]",
    };
    grid(d, 4, 6, cells);
    fa_result *res = detect(d);
    const fa_field *f = must(res, "Parler");
    ck_assert_int_eq(f->kind, FA_FK_CHOICE);
    ck_assert_uint_eq(f->options.n, 3);
    ck_assert_str_eq(f->options.v[0], "A");
    must(res, "Comprendre une phrase simple");
    must(res, "Lire");
    ck_assert_int_eq(must(res, "Commentaires")->kind, FA_FK_MULTILINE);
    COUNT(res, 4);
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_timetable_columns_are_the_fields)
{
    /* days down, periods across, a text area in each cell: the periods are the
     * fields (a timetable), not one "choice" per day */
    fa_doc *d = fa_doc_new("t.pdf", FA_FMT_PDF);
    const char *cells[] = {
        NULL,    "MATIN", "MIDI", "APRÈS-MIDI", "Lundi",  "[t]", "[t]", "[t]",
        "Mardi", "[t]",   "[t]",  "[t]",        "Samedi", "[t]", NULL,  NULL,
    };
    grid(d, 4, 4, cells);
    fa_result *res = detect(d);
    must(res, "MATIN");
    must(res, "MIDI");
    must(res, "APRÈS-MIDI");
    COUNT(res, 3);
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_option_grid_goes_on_below_its_label)
{
    /* be-fiche: two columns of options under one label, row by row */
    fa_doc *d = fa_doc_new("e.pdf", FA_FMT_PDF);
    para(d, "Etat civil : \xE2\x98\x90 Marié(e) \xE2\x98\x90 Veuf/veuve");
    para(d, "\xE2\x98\x90 Célibataire \xE2\x98\x90 Séparé(e)");
    para(d, "\xE2\x98\x90 Divorcé(e)");
    para(d, "Nombre d'enfants : ____");
    fa_result *res = detect(d);
    const fa_field *f = must(res, "Etat civil");
    ck_assert_uint_eq(f->options.n, 5);
    ck_assert_str_eq(f->options.v[4], "Divorcé(e)");
    must(res, "Nombre d'enfants");
    COUNT(res, 2);
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_range_of_blanks_takes_the_label_before)
{
    /* "de ____ à ____": the words between the blanks are not labels */
    fa_doc *d = fa_doc_new("r.pdf", FA_FMT_PDF);
    para(d, "Horaires de travail :");
    para(d, "de ________ à ________");
    fa_result *res = detect(d);
    must(res, "Horaires de travail");
    none(res, "de");
    COUNT(res, 1);
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_question_leader_then_boxes)
{
    /* the dots only lead the eye to the boxes: one question, its two options */
    fa_doc *d = fa_doc_new("q.pdf", FA_FMT_PDF);
    para(d, "Recevez-vous une pension alimentaire ? .............................. "
            "\xE2\x98\x90 oui \xE2\x98\x90 non");
    fa_result *res = detect(d);
    const fa_field *f = must(res, "Recevez-vous une pension alimentaire ?");
    ck_assert_uint_eq(f->options.n, 2);
    COUNT(res, 1);
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_units_after_a_blank_are_not_labels)
{
    fa_doc *d = fa_doc_new("u.pdf", FA_FMT_PDF);
    para(d, "Poids : ________ kg Taille : ________ cm");
    fa_result *res = detect(d);
    must(res, "Poids");
    must(res, "Taille");
    none(res, "kg Taille");
    COUNT(res, 2);
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_question_keeps_its_start)
{
    /* the whole question, never its tail ("un enfant") */
    fa_doc *d = fa_doc_new("q.pdf", FA_FMT_PDF);
    para(d, "Attendez-vous un enfant ? oui \xE2\x98\x90 non \xE2\x98\x90");
    fa_result *res = detect(d);
    const fa_field *f = must(res, "Attendez-vous un enfant ?");
    ck_assert_uint_eq(f->options.n, 2);
    COUNT(res, 1);
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_inline_oui_non_with_a_dash)
{
    fa_doc *d = fa_doc_new("o.pdf", FA_FMT_PDF);
    para(d, "Le participant est-il en ordre de vaccination contre le tétanos ? Oui - Non");
    fa_result *res = detect(d);
    const fa_field *f =
        must(res, "Le participant est-il en ordre de vaccination contre le tétanos ?");
    ck_assert_int_eq(f->kind, FA_FK_CHOICE);
    ck_assert_uint_eq(f->options.n, 2);
    ck_assert_str_eq(f->options.v[1], "Non");
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_answer_on_the_line_below_the_question)
{
    /* a question with an aside, its answer on the dotted lines below; an aside
     * starting the answer line illustrates the question above */
    fa_doc *d = fa_doc_new("a.pdf", FA_FMT_PDF);
    para(d, "Le participant peut-il prendre part aux activités proposées ? (sport, "
            "excursions, jeux, natation…)");
    para(d, "..............................................................................");
    para(d, "Quelles sont les maladies ou interventions qu'a dû subir le participant ?");
    para(d, "(rougeole, appendicite…) .............................................");
    fa_result *res = detect(d);
    must(res, "Le participant peut-il prendre part aux activités proposées ?");
    must(res, "Quelles sont les maladies ou interventions qu'a dû subir le participant ?");
    none(res, "(rougeole, appendicite…)");
    COUNT(res, 2);
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

/* ---------------------------------------------------------------- suite */

int main(void)
{
    Suite *s = suite_create("fields_pdf");
    TCase *tc = tcase_create("widgets");
    tcase_add_test(tc, test_split_date_boxes_marks_do_not_overlap);
    tcase_add_test(tc, test_split_date_boxes_are_read);
    tcase_add_test(tc, test_label_clean_of_reversed_span_is_empty);
    suite_add_tcase(s, tc);
    tc = tcase_create("layouts");
    tcase_add_test(tc, test_evaluation_grid_of_widgets);
    tcase_add_test(tc, test_timetable_columns_are_the_fields);
    tcase_add_test(tc, test_option_grid_goes_on_below_its_label);
    tcase_add_test(tc, test_range_of_blanks_takes_the_label_before);
    tcase_add_test(tc, test_question_leader_then_boxes);
    tcase_add_test(tc, test_units_after_a_blank_are_not_labels);
    tcase_add_test(tc, test_question_keeps_its_start);
    tcase_add_test(tc, test_inline_oui_non_with_a_dash);
    tcase_add_test(tc, test_answer_on_the_line_below_the_question);
    suite_add_tcase(s, tc);
    return fx_run_suite(s);
}
