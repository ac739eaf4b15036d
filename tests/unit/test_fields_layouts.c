/* test_fields_layouts.c — field detection on the layouts real office forms use (issue
 * 11): placeholders of model letters and generated documents, column-header grids
 * whose cells are empty or hold a placeholder, fields in headers, footers and notes,
 * hidden controls. Documents are built in memory with the model builders, as the
 * readers leave them; the reader-level halves are in test_read_*.c. */
#include "fields.h"
#include "fa_limits.h"
#include "model.h"
#include "result.h"

#include "fixtures.h"
#include "rules.h"
#include <check.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- builders */

static fa_node *add_text(fa_doc *d, fa_node *parent, fa_node_type t, const char *text)
{
    fa_node *n = fx_block(d, parent, t, text);
    fa_node_squeeze(n);
    return n;
}

static fa_node *para(fa_doc *d, const char *text)
{
    return add_text(d, d->root, FA_N_PARAGRAPH, text);
}

/* A table of NR x NC cells from CELLS (row-major; NULL = empty cell). */
static fa_node *table(fa_doc *d, int nr, int nc, const char *const *cells)
{
    fa_node *t = fa_node_new(d, FA_N_TABLE);
    fa_node_append(d->root, t);
    for (int r = 0; r < nr; r++) {
        fa_node *row = fa_node_new(d, FA_N_ROW);
        fa_node_append(t, row);
        for (int c = 0; c < nc; c++) {
            fa_node *cell = fa_node_new(d, FA_N_CELL);
            fa_node_append(row, cell);
            add_text(d, cell, FA_N_PARAGRAPH, cells[r * nc + c] ? cells[r * nc + c] : "");
        }
    }
    return t;
}

static fa_result *detect(fa_doc *d)
{
    fa_doc_finish(d);
    fa_result *res = calloc(1, sizeof *res);
    ck_assert_ptr_nonnull(res);
    fa_error err = {0};
    ck_assert_int_eq(fa_fields_detect(d, res, fa_rules_langdata(fx_rules()), &err), FA_OK);
    return res;
}

static const fa_field *field(const fa_result *res, const char *label)
{
    for (size_t i = 0; i < res->n_fields; i++)
        if (res->fields[i].label && !strcmp(res->fields[i].label, label))
            return &res->fields[i];
    return NULL;
}

static void dump(const fa_result *res)
{
    for (size_t i = 0; i < res->n_fields; i++)
        fprintf(stderr, "  field %s [%s] options %zu\n", res->fields[i].label,
                fa_field_kind_name(res->fields[i].kind), res->fields[i].options.n);
}

static const fa_field *must(const fa_result *res, const char *label)
{
    const fa_field *f = field(res, label);
    if (!f)
        dump(res);
    ck_assert_msg(f != NULL, "no field \"%s\"", label);
    return f;
}
#define HAS(res, label) must(res, label)
#define HASNT(res, label)                                                                          \
    do {                                                                                           \
        if (field(res, label))                                                                     \
            dump(res);                                                                             \
        ck_assert_msg(field(res, label) == NULL, "unexpected field \"%s\"", label);                \
    } while (0)

#define COUNT(res, n)                                                                              \
    do {                                                                                           \
        if ((res)->n_fields != (size_t)(n))                                                        \
            dump(res);                                                                             \
        ck_assert_uint_eq((res)->n_fields, (size_t)(n));                                           \
    } while (0)

/* ---------------------------------------------------------------- placeholders */

/* A model letter: «slots» on lines of their own and inside sentences are fields; a
 * salutation to choose and a note to the writer are not. */
START_TEST(test_model_letter_guillemets)
{
    fa_doc *d = fa_doc_new("x.docx", FA_FMT_DOCX);
    para(d, "« Prénom Nom du salarié »");
    para(d, "« Adresse du salarié »");
    para(d, "« M. /Mme », « Prénom Nom de l’employeur »");
    para(d, "« Lieu », le « Date »");
    para(d, "Objet : signalement de faits de harcèlement");
    para(d, "« Madame / Monsieur »,");
    para(d, "Je vous signale les agissements dont je suis l’objet depuis « date de début des "
            "faits » de la part de « nom et fonction de la personne visée ».");
    para(d, "« Décrire les conséquences éventuelles de ces actes : »");
    para(d, "- « Les moyens : mails, courriers, etc. ;"); /* never closed: not a slot */
    para(d, "[Facultatif]");
    para(d, "Réparation du préjudice « phrase à insérer uniquement si le salarié est victime ».");
    para(d, "Les attestations de « Mmes / MM. Noms des témoins » ;");
    para(d, "« Signature »");
    fa_result *res = detect(d);
    COUNT(res, 10);
    HAS(res, "Prénom Nom du salarié");
    HAS(res, "Prénom Nom de l’employeur");
    HAS(res, "Lieu");
    ck_assert_int_eq(HAS(res, "Date")->kind, FA_FK_DATE);
    HAS(res, "date de début des faits");
    HAS(res, "nom et fonction de la personne visée");
    HAS(res, "Décrire les conséquences éventuelles de ces actes");
    HAS(res, "Mmes / MM. Noms des témoins");
    ck_assert_int_eq(HAS(res, "Signature")->kind, FA_FK_SIGNATURE);
    HASNT(res, "Objet");
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

/* Guillemets in an ordinary form are quotes: no field from them. */
START_TEST(test_quotes_in_a_form_are_not_slots)
{
    fa_doc *d = fa_doc_new("x.docx", FA_FMT_DOCX);
    para(d, "Cochez « oui » si vous acceptez le règlement « Vie du club ».");
    para(d, "« Informatique et libertés »");
    para(d, "Nom : ______");
    para(d, "Voir l'article [3] du règlement.");
    fa_result *res = detect(d);
    COUNT(res, 1);
    HAS(res, "Nom");
    fa_result_free(res);
    fa_doc_free(d);

    /* Markdown links, alone on their lines as in a table of contents, make no model
     * letter, and their text is no slot */
    d = fa_doc_new("x.txt", FA_FMT_TXT);
    para(d, "[2. Objet et champ d’application](cgu.md#_toc108111727)");
    para(d, "- [Version du 20/07/2023](/cgu/cgu-20230720)");
    para(d, "Écrire à [contact@exemple.fr](mailto:contact@exemple.fr) pour se désinscrire.");
    para(d, "Nom : ______");
    res = detect(d);
    COUNT(res, 1);
    HAS(res, "Nom");
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

/* Template syntax is a slot wherever it is: {{ }}, ${ }, << >>, { }; brackets count in
 * a model letter. */
START_TEST(test_template_slots)
{
    fa_doc *d = fa_doc_new("x.odt", FA_FMT_ODT);
    para(d, "Dossier de {{ usager.prenom }} {{usager.nom | upper}}");
    para(d, "{{#enfants}}Enfant : {{ enfant.dateNaissance }}{{/enfants}}");
    para(d, "Numéro allocataire : ${numero_caf}");
    para(d, "Situation familiale : <<SituationFamiliale>>");
    para(d, "Motif : {motif de la demande}");
    para(d, "Le logiciel envoie {\"a\" = 1} au service.");
    fa_result *res = detect(d);
    COUNT(res, 6);
    HAS(res, "usager prenom");
    HAS(res, "usager nom");
    HAS(res, "enfant date naissance");
    HAS(res, "numero caf");
    HAS(res, "Situation familiale");
    HAS(res, "motif de la demande");
    fa_result_free(res);
    fa_doc_free(d);

    /* in HTML, {{ }} is a framework's output, not an input */
    d = fa_doc_new("x.html", FA_FMT_HTML);
    para(d, "Bonjour {{ usager.nom }}, {{ 'TITLE' | translate }}");
    res = detect(d);
    COUNT(res, 0);
    fa_result_free(res);
    fa_doc_free(d);

    /* braces in prose (a citation) are no slot outside a model letter */
    d = fa_doc_new("x.docx", FA_FMT_DOCX);
    para(d, "Seo, J. (2019). Is the Maker Movement Inclusive of {ANYONE}? TechTrends.");
    res = detect(d);
    COUNT(res, 0);
    fa_result_free(res);
    fa_doc_free(d);

    /* brackets in a model letter */
    d = fa_doc_new("x.docx", FA_FMT_DOCX);
    para(d, "[Nom du salarié]");
    para(d, "[Adresse]");
    para(d, "Fait à [ville], le [date] [1]");
    res = detect(d);
    COUNT(res, 4);
    HAS(res, "ville");
    HAS(res, "date");
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

/* ---------------------------------------------------------------- tables */

/* A register: a title row across the table, the header row naming the columns, rows
 * to fill that are empty, dotted, or hold placeholders; the first column numbers the
 * rows. Each column is a field, the numbering is not. */
START_TEST(test_column_grids)
{
    fa_doc *d = fa_doc_new("x.docx", FA_FMT_DOCX);
    const char *reg[] = {"N°",
                         "Date de l'accident",
                         "Nom de la victime",
                         "Lésions constatées",
                         "1",
                         "……………",
                         "……………",
                         "……………",
                         "2",
                         "__________",
                         NULL,
                         NULL,
                         "3",
                         NULL,
                         NULL,
                         NULL};
    table(d, 4, 4, reg);
    fa_result *res = detect(d);
    COUNT(res, 3);
    ck_assert_int_eq(HAS(res, "Date de l'accident")->kind, FA_FK_TABLE_CELL);
    HAS(res, "Nom de la victime");
    HAS(res, "Lésions constatées");
    fa_result_free(res);
    fa_doc_free(d);

    /* a title row above the header (one cell across), placeholders in the cells */
    d = fa_doc_new("x.docx", FA_FMT_DOCX);
    para(d, "[Nom de l'agent]");
    para(d, "[Service]");
    fa_node *t = fa_node_new(d, FA_N_TABLE);
    fa_node_append(d->root, t);
    const char *rows[3][3] = {{"Composition de la famille", NULL, NULL},
                              {"Nom et prénom", "Lien de parenté", "Date de naissance"},
                              {"[nom]", "[lien]", "[date]"}};
    for (int r = 0; r < 3; r++) {
        fa_node *row = fa_node_new(d, FA_N_ROW);
        fa_node_append(t, row);
        for (int c = 0; c < (r ? 3 : 1); c++) {
            fa_node *cell = fa_node_new(d, FA_N_CELL);
            cell->colspan = r ? 1 : 3;
            fa_node_append(row, cell);
            add_text(d, cell, FA_N_PARAGRAPH, rows[r][c]);
        }
    }
    res = detect(d);
    COUNT(res, 5);
    HAS(res, "Nom de l'agent");
    HAS(res, "Nom et prénom");
    HAS(res, "Lien de parenté");
    HAS(res, "Date de naissance");
    HASNT(res, "Composition de la famille");
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

/* Cells "Label :" side by side are two fields, not a label and its value; a box
 * labelled above an empty frame is an appraisal to write. */
START_TEST(test_label_cells_and_boxes)
{
    fa_doc *d = fa_doc_new("x.html", FA_FMT_HTML);
    const char *cells[] = {"Adresse :",      "Téléphone :", "Situation matrimoniale :",
                           "Nb d'enfants :", "Nom :",       "MARTINI",
                           "Prénom :",       "Paul"};
    table(d, 4, 2, cells);
    const char *box[] = {"Appréciation de l'évaluateur", NULL};
    table(d, 2, 1, box);
    fa_result *res = detect(d);
    COUNT(res, 7);
    ck_assert_ptr_null(HAS(res, "Adresse")->value);
    HAS(res, "Téléphone");
    HAS(res, "Nb d'enfants");
    ck_assert_str_eq(HAS(res, "Nom")->value, "MARTINI");
    ck_assert_int_eq(HAS(res, "Appréciation de l'évaluateur")->kind, FA_FK_MULTILINE);
    fa_result_free(res);
    fa_doc_free(d);

    /* a cover page laid out in a one-column table, in a document with no field: a
     * title over an empty cell is no box to write in */
    d = fa_doc_new("x.docx", FA_FMT_DOCX);
    const char *cover[] = {"User's Guide", NULL, "11 August 2017", NULL};
    table(d, 4, 1, cover);
    res = detect(d);
    COUNT(res, 0);
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

/* A label, room left (blank lines), then a table: the label is a field of its own;
 * right before a table it introduces the table. */
START_TEST(test_label_room_then_table)
{
    fa_doc *d = fa_doc_new("x.html", FA_FMT_HTML);
    para(d, "Motif de la demande :");
    para(d, "");
    para(d, "");
    const char *t1[] = {"Ressources", "Montant", "Salaire", NULL};
    table(d, 2, 2, t1);
    para(d, "Composition du foyer :");
    const char *t2[] = {"Nom", "Âge", NULL, NULL};
    table(d, 2, 2, t2);
    fa_result *res = detect(d);
    HAS(res, "Motif de la demande");
    HASNT(res, "Composition du foyer");
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

/* ---------------------------------------------------------------- furniture, hidden */

/* A question in a page header, a footer or a footnote is still asked; the same header
 * repeated for first, odd and even pages is one field; the header's other lines
 * (reference, page number, organisation) are not fields. */
START_TEST(test_fields_in_headers_and_notes)
{
    fa_doc *d = fa_doc_new("x.docx", FA_FMT_DOCX);
    for (int i = 0; i < 3; i++) {
        para(d, "Mairie de Trifouilly")->flags |= FA_NF_HEADER;
        para(d, "Nom de l'agent instructeur : ____________")->flags |= FA_NF_HEADER;
        para(d, "Réf. : 2024-118")->flags |= FA_NF_HEADER;
    }
    para(d, "Nom : ______");
    para(d, "Situation familiale : ______");
    para(d, "Page 1 sur 2")->flags |= FA_NF_HEADER;
    para(d, "Religion : ☐ catholique ☐ musulmane ☐ juive ☐ autre")->flags |= FA_NF_HEADER;
    para(d, "Suivi psychiatrique : oui / non")->flags |= FA_NF_NOTE;
    para(d, "Article 13 du RGPD.")->flags |= FA_NF_NOTE;
    /* Word's empty header placeholder: a control with nothing to read on it */
    fa_node *hp = para(d, "");
    hp->flags |= FA_NF_HEADER;
    fa_doc_add_control(d, hp, FA_CTL_TEXT)->flags |= FA_NF_HEADER;
    fa_result *res = detect(d);
    COUNT(res, 5);
    HAS(res, "Nom de l'agent instructeur");
    ck_assert_uint_eq(HAS(res, "Religion")->options.n, 4);
    ck_assert_int_eq(HAS(res, "Suivi psychiatrique")->kind, FA_FK_CHOICE);
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

/* Controls a page hides still collect data: they are fields, found on hidden nodes;
 * hidden text that asks nothing (DOCX hidden text) is not. */
START_TEST(test_hidden_controls_are_fields)
{
    fa_doc *d = fa_doc_new("x.html", FA_FMT_HTML);
    fa_node *p = para(d, "Nom :");
    fa_node *c = fa_doc_add_control(d, p, FA_CTL_TEXT);
    c->ctl->name = fa_doc_strdup(d, "nom");
    c = fa_doc_add_control(d, p, FA_CTL_TEXT);
    c->ctl->name = fa_doc_strdup(d, "id_usager");
    c->flags |= FA_NF_HIDDEN | FA_NF_CONCEALED;
    p = para(d, "Religion :");
    p->flags |= FA_NF_HIDDEN | FA_NF_CONCEALED;
    c = fa_doc_add_control(d, p, FA_CTL_TEXT);
    c->flags |= FA_NF_HIDDEN | FA_NF_CONCEALED;
    para(d, "Note interne : ________")->flags |= FA_NF_HIDDEN; /* hidden text */
    fa_result *res = detect(d);
    COUNT(res, 3);
    ck_assert(!(HAS(res, "Nom")->node->flags & FA_NF_HIDDEN));
    ck_assert(HAS(res, "id_usager")->node->flags & FA_NF_HIDDEN);
    ck_assert(HAS(res, "Religion")->node->flags & FA_NF_HIDDEN);
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("fields_layouts");
    TCase *tc = tcase_create("placeholders");
    tcase_add_test(tc, test_model_letter_guillemets);
    tcase_add_test(tc, test_quotes_in_a_form_are_not_slots);
    tcase_add_test(tc, test_template_slots);
    suite_add_tcase(s, tc);
    tc = tcase_create("tables");
    tcase_add_test(tc, test_column_grids);
    tcase_add_test(tc, test_label_cells_and_boxes);
    tcase_add_test(tc, test_label_room_then_table);
    suite_add_tcase(s, tc);
    tc = tcase_create("furniture_hidden");
    tcase_add_test(tc, test_fields_in_headers_and_notes);
    tcase_add_test(tc, test_hidden_controls_are_fields);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return fx_run_suite(suite());
}
