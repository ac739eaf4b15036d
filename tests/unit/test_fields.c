/* test_fields.c — field detection on small documents built in memory with the model
 * builders: leaders, grids, checkbox glyphs and groups, controls, filled values, and
 * the lines that must NOT become fields (running text, notice, page furniture). */
#include "fields.h"
#include "fa_limits.h"
#include "model.h"

#include "fixtures.h"
#include "rules.h"
#include <check.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- builders */

/* A block of text as a reader leaves it: squeezed. */
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

static fa_node *heading(fa_doc *d, int level, const char *text)
{
    fa_node *h = add_text(d, d->root, FA_N_HEADING, text);
    h->level = level;
    return h;
}

/* A table of NR x NC cells from CELLS (row-major; NULL or "" = empty cell). */
static fa_node *table(fa_doc *d, fa_node *parent, int nr, int nc, const char *const *cells)
{
    fa_node *t = fa_node_new(d, FA_N_TABLE);
    fa_node_append(parent, t);
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

/* The paragraph of cell (R, C) of table T. */
static fa_node *cell_para(fa_node *t, int r, int c)
{
    fa_node *row = t->first;
    while (r-- > 0)
        row = row->next;
    fa_node *cell = row->first;
    while (c-- > 0)
        cell = cell->next;
    return cell->first;
}

/* A control inline at the current end of PARA's text. */
static fa_control *control(fa_doc *d, fa_node *p, fa_control_kind k, const char *name,
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

/* The field labelled LABEL; fails the test when there is none. */
static const fa_field *must(const fa_result *res, const char *label)
{
    const fa_field *f = field(res, label);
    if (!f)
        dump(res);
    ck_assert_msg(f != NULL, "no field \"%s\"", label);
    return f;
}
#define HAS(res, label) must(res, label)

#define COUNT(res, n)                                                                              \
    do {                                                                                           \
        if ((res)->n_fields != (size_t)(n))                                                        \
            dump(res);                                                                             \
        ck_assert_uint_eq((res)->n_fields, (size_t)(n));                                           \
    } while (0)

/* ---------------------------------------------------------------- leaders */

START_TEST(test_two_fields_on_one_line)
{
    fa_doc *d = fa_doc_new("x.docx", FA_FMT_DOCX);
    para(d, "Nom : ____________ Prénom : ____________");
    fa_result *res = detect(d);
    COUNT(res, 2);
    ck_assert_str_eq(res->fields[0].label, "Nom");
    ck_assert_str_eq(res->fields[1].label, "Prénom");
    ck_assert_int_eq(res->fields[0].method, FA_FM_LEADER);
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_dotted_leaders_and_dates)
{
    fa_doc *d = fa_doc_new("x.docx", FA_FMT_DOCX);
    para(d, "Adresse : .......................................");
    para(d, "Téléphone …………………………");
    para(d, "Date de naissance : __/__/____");
    para(d, "N° : ...");
    fa_result *res = detect(d);
    COUNT(res, 4);
    HAS(res, "Adresse");
    HAS(res, "Téléphone");
    ck_assert_int_eq(HAS(res, "Date de naissance")->kind, FA_FK_DATE);
    HAS(res, "N°");
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_label_split_over_runs)
{
    fa_doc *d = fa_doc_new("x.docx", FA_FMT_DOCX);
    fa_node *p = fa_node_new(d, FA_N_PARAGRAPH);
    fa_node_append_text(d, p, "Date de ", 8);
    fa_node_append_text(d, p, "naissance", 9);
    fa_node_append_text(d, p, " :\t", 3);
    fa_node_append_text(d, p, "_____", 5);
    fa_node_squeeze(p);
    fa_node_append(d->root, p);
    fa_result *res = detect(d);
    COUNT(res, 1);
    ck_assert_int_eq(HAS(res, "Date de naissance")->kind, FA_FK_DATE);
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_underscores_in_running_text_are_not_fields)
{
    fa_doc *d = fa_doc_new("x.docx", FA_FMT_DOCX);
    para(d, "Envoyez le fichier nom_prenom.pdf au service avant le 3 mars, etc...");
    para(d, "La variable snake_case et le fichier __init__.py ne sont pas des champs.");
    para(d, "Le présent contrat est conclu pour une durée de ___ mois renouvelable dans les "
            "conditions prévues par le règlement départemental.");
    para(d, "Introduction ............................ 3");
    fa_result *res = detect(d);
    COUNT(res, 0);
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_multiline_area)
{
    fa_doc *d = fa_doc_new("x.docx", FA_FMT_DOCX);
    heading(d, 2, "Bilan de l'année");
    para(d, "Observations du référent :");
    for (int i = 0; i < 3; i++)
        para(d, "______________________________________________________________________");
    para(d, "Commentaires : ____________________________");
    para(d, "____________________________________________");
    fa_result *res = detect(d);
    COUNT(res, 2);
    const fa_field *f = HAS(res, "Observations du référent");
    ck_assert_int_eq(f->kind, FA_FK_MULTILINE);
    ck_assert_str_eq(f->section, "Bilan de l'année");
    ck_assert_int_eq(HAS(res, "Commentaires")->kind, FA_FK_MULTILINE);
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_place_and_date_signature)
{
    fa_doc *d = fa_doc_new("x.docx", FA_FMT_DOCX);
    para(d, "Fait à ______________ le ______________");
    para(d, "Signature du bénéficiaire : ____________________");
    fa_result *res = detect(d);
    COUNT(res, 3);
    HAS(res, "Fait à");
    ck_assert_int_eq(HAS(res, "Fait à … le")->kind, FA_FK_DATE);
    ck_assert_int_eq(HAS(res, "Signature du bénéficiaire")->kind, FA_FK_SIGNATURE);
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

/* ---------------------------------------------------------------- boxes */

START_TEST(test_checkbox_group_label_two_up)
{
    fa_doc *d = fa_doc_new("x.docx", FA_FMT_DOCX);
    para(d, "Motif de la demande :");
    para(d, "(plusieurs réponses possibles)");
    para(d, "☐ Logement insalubre");
    para(d, "");
    para(d, "☐ Violences familiales");
    para(d, "☒ Séparation du couple");
    para(d, "Le dossier est transmis à la commission d'attribution des logements.");
    fa_result *res = detect(d);
    COUNT(res, 1);
    const fa_field *f = HAS(res, "Motif de la demande");
    ck_assert_int_eq(f->kind, FA_FK_CHECKBOX);
    ck_assert_uint_eq(f->options.n, 3);
    ck_assert_str_eq(f->options.v[0], "Logement insalubre");
    ck_assert_str_eq(f->options.v[2], "Séparation du couple");
    ck_assert_str_eq(f->value, "Séparation du couple");
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_inline_choice)
{
    fa_doc *d = fa_doc_new("x.docx", FA_FMT_DOCX);
    para(d, "Situation familiale : ☐ Célibataire   ☐ En couple   [ ] Veuf ou veuve");
    fa_result *res = detect(d);
    COUNT(res, 1);
    const fa_field *f = HAS(res, "Situation familiale");
    ck_assert_int_eq(f->kind, FA_FK_CHOICE);
    ck_assert_uint_eq(f->options.n, 3);
    ck_assert_str_eq(f->options.v[2], "Veuf ou veuve");
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_oui_non_boxes_after_words)
{
    fa_doc *d = fa_doc_new("x.docx", FA_FMT_DOCX);
    para(d, "Êtes-vous allocataire de la CAF ?");
    para(d, "Oui ☐   Non ☐");
    para(d, "Avez-vous un véhicule ? Oui ☐ Non ☐");
    para(d, "Percevez-vous une pension ? Oui / Non");
    fa_result *res = detect(d);
    COUNT(res, 3);
    const fa_field *f = HAS(res, "Êtes-vous allocataire de la CAF ?");
    ck_assert_uint_eq(f->options.n, 2);
    ck_assert_str_eq(f->options.v[0], "Oui");
    ck_assert_str_eq(f->options.v[1], "Non");
    f = HAS(res, "Avez-vous un véhicule ?");
    ck_assert_uint_eq(f->options.n, 2);
    ck_assert_str_eq(f->options.v[1], "Non");
    f = HAS(res, "Percevez-vous une pension ?");
    ck_assert_int_eq(f->kind, FA_FK_CHOICE);
    ck_assert_uint_eq(f->options.n, 2);
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_group_under_heading_and_lone_consent_box)
{
    fa_doc *d = fa_doc_new("x.html", FA_FMT_HTML);
    heading(d, 2, "Autorisations");
    para(d, "☐ Droit à l'image");
    para(d, "☐ Transport en véhicule personnel");
    heading(d, 2, "Engagement");
    para(d, "J'ai pris connaissance du règlement intérieur et je m'engage à le respecter.");
    para(d, "☐ J'accepte le règlement intérieur");
    fa_result *res = detect(d);
    COUNT(res, 2);
    ck_assert_uint_eq(HAS(res, "Autorisations")->options.n, 2);
    HAS(res, "J'accepte le règlement intérieur");
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

/* ---------------------------------------------------------------- tables */

START_TEST(test_grid_with_header_row)
{
    fa_doc *d = fa_doc_new("x.docx", FA_FMT_DOCX);
    para(d, "Composition du foyer :");
    const char *cells[] = {"Nom",
                           "Prénom",
                           "Date de naissance",
                           "Lien de parenté",
                           NULL,
                           NULL,
                           NULL,
                           NULL,
                           NULL,
                           NULL,
                           NULL,
                           NULL,
                           NULL,
                           NULL,
                           NULL,
                           NULL};
    table(d, d->root, 4, 4, cells);
    fa_result *res = detect(d);
    COUNT(res, 4);
    for (size_t i = 0; i < 4; i++)
        ck_assert_int_eq(res->fields[i].kind, FA_FK_TABLE_CELL);
    ck_assert_str_eq(res->fields[3].label, "Lien de parenté");
    ck_assert_int_eq(res->fields[3].method, FA_FM_TABLE);
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_rating_matrix)
{
    fa_doc *d = fa_doc_new("x.odt", FA_FMT_ODT);
    const char *cells[] = {"Critère", "Acquis", "En cours",          "Non acquis", "Hygiène", NULL,
                           NULL,      NULL,     "Gestion du budget", NULL,         NULL,      NULL};
    table(d, d->root, 3, 4, cells);
    fa_result *res = detect(d);
    COUNT(res, 2);
    const fa_field *f = HAS(res, "Gestion du budget");
    ck_assert_int_eq(f->kind, FA_FK_CHOICE);
    ck_assert_uint_eq(f->options.n, 3);
    ck_assert_str_eq(f->options.v[2], "Non acquis");
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_label_then_empty_frame)
{
    fa_doc *d = fa_doc_new("x.docx", FA_FMT_DOCX);
    para(d, "Appréciation du manager :");
    const char *cells[] = {NULL};
    table(d, d->root, 1, 1, cells);
    fa_result *res = detect(d);
    COUNT(res, 1);
    ck_assert_int_eq(HAS(res, "Appréciation du manager")->kind, FA_FK_MULTILINE);
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_label_cells_blank_and_filled)
{
    fa_doc *d = fa_doc_new("x.docx", FA_FMT_DOCX);
    const char *blank[] = {"Nom", NULL, "Prénom :", NULL, "Adresse", NULL};
    table(d, d->root, 3, 2, blank);
    const char *filled[] = {"Nom",  "MARTINI",  "Prénom",
                            "Paul", "Courriel", "paul.martini@example.org"};
    table(d, d->root, 3, 2, filled);
    fa_result *res = detect(d);
    COUNT(res, 6);
    ck_assert_str_eq(res->fields[1].label, "Prénom");
    ck_assert_ptr_null(res->fields[0].value);
    ck_assert_str_eq(res->fields[3].label, "Nom");
    ck_assert_str_eq(res->fields[3].value, "MARTINI");
    ck_assert_str_eq(res->fields[5].value, "paul.martini@example.org");
    ck_assert_int_eq(res->fields[5].loc.table, 2);
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_layout_table_is_not_a_form)
{
    fa_doc *d = fa_doc_new("x.docx", FA_FMT_DOCX);
    const char *cells[] = {"Le Département accompagne les personnes en insertion depuis 1989 et "
                           "publie chaque année un rapport d'activité.",
                           NULL};
    table(d, d->root, 1, 2, cells);
    fa_result *res = detect(d);
    COUNT(res, 0);
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

/* ---------------------------------------------------------------- controls */

START_TEST(test_pdf_widget_label_to_its_left)
{
    fa_doc *d = fa_doc_new("x.pdf", FA_FMT_PDF);
    fa_node *p = para(d, "Nom :");
    control(d, p, FA_CTL_TEXT, "Text1", NULL);
    fa_node *q = para(d, "");
    fa_control *c = control(d, q, FA_CTL_TEXT, "Champ12", NULL);
    (void)c;
    fa_result *res = detect(d);
    COUNT(res, 2);
    const fa_field *f = HAS(res, "Nom");
    ck_assert(!f->label_from_name);
    ck_assert_int_eq(f->method, FA_FM_CONTROL);
    ck_assert(HAS(res, "Champ12")->label_from_name);
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_control_label_wins_and_value)
{
    fa_doc *d = fa_doc_new("x.html", FA_FMT_HTML);
    fa_node *p = para(d, "Personne à prévenir :");
    fa_control *c = control(d, p, FA_CTL_TEXT, "f9", "Personne à prévenir en cas d'accident");
    c->value = fa_doc_strdup(d, "Mme Durand");
    fa_node *q = para(d, "Activité choisie : ");
    c = control(d, q, FA_CTL_CHOICE, "f10", NULL);
    fa_control_add_option(d, c, "Football", 8);
    fa_control_add_option(d, c, "Judo", 4);
    fa_result *res = detect(d);
    COUNT(res, 2);
    ck_assert_str_eq(HAS(res, "Personne à prévenir en cas d'accident")->value, "Mme Durand");
    const fa_field *f = HAS(res, "Activité choisie");
    ck_assert_int_eq(f->kind, FA_FK_CHOICE);
    ck_assert_uint_eq(f->options.n, 2);
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_checkbox_controls_group)
{
    fa_doc *d = fa_doc_new("x.html", FA_FMT_HTML);
    para(d, "Thématiques abordées :");
    const char *opts[] = {"Santé", "Logement", "Mobilité"};
    for (int i = 0; i < 3; i++) {
        fa_node *p = para(d, "");
        fa_control *c = control(d, p, FA_CTL_CHECKBOX, "cb", NULL);
        c->checked = i == 1;
        c->group = i + 1; /* HTML: one name, hence one group id, per checkbox */
        fa_node_append_text(d, p, " ", 1);
        fa_node_append_text(d, p, opts[i], strlen(opts[i]));
        fa_node_squeeze(p);
    }
    fa_result *res = detect(d);
    COUNT(res, 1);
    const fa_field *f = HAS(res, "Thématiques abordées");
    ck_assert_int_eq(f->kind, FA_FK_CHECKBOX);
    ck_assert_uint_eq(f->options.n, 3);
    ck_assert_str_eq(f->options.v[2], "Mobilité");
    ck_assert_str_eq(f->value, "Logement");
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_radio_groups_split)
{
    fa_doc *d = fa_doc_new("x.pdf", FA_FMT_PDF);
    para(d, "Disponibilité :");
    const char *opts[] = {"Immédiate", "Plus tard", "Oui", "Non"};
    for (int i = 0; i < 4; i++) {
        if (i == 2)
            para(d, "Permis de conduire :");
        fa_node *p = para(d, "");
        fa_control *c = control(d, p, FA_CTL_RADIO, "r", NULL);
        c->group = i < 2 ? 1 : 2;
        fa_node_append_text(d, p, opts[i], strlen(opts[i]));
    }
    fa_result *res = detect(d);
    COUNT(res, 2);
    const fa_field *f = HAS(res, "Disponibilité");
    ck_assert_int_eq(f->kind, FA_FK_CHOICE);
    ck_assert_uint_eq(f->options.n, 2);
    ck_assert_str_eq(HAS(res, "Permis de conduire")->options.v[1], "Non");
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_control_in_cell_takes_left_label)
{
    fa_doc *d = fa_doc_new("x.docx", FA_FMT_DOCX);
    const char *cells[] = {"Date de naissance", NULL, "Téléphone", NULL};
    fa_node *t = table(d, d->root, 2, 2, cells);
    control(d, cell_para(t, 0, 1), FA_CTL_TEXT, "Champ3", NULL);
    control(d, cell_para(t, 1, 1), FA_CTL_TEXT, "Champ4", NULL);
    fa_result *res = detect(d);
    COUNT(res, 2);
    ck_assert_int_eq(HAS(res, "Date de naissance")->kind, FA_FK_DATE);
    ck_assert_int_eq(HAS(res, "Téléphone")->method, FA_FM_CONTROL);
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

/* ---------------------------------------------------------------- values, noise */

START_TEST(test_filled_value_lines)
{
    fa_doc *d = fa_doc_new("x.docx", FA_FMT_DOCX);
    para(d, "Nom : MARTINI");
    para(d, "Prénom : Paul");
    para(d, "Situation au regard du logement : Hébergé chez un tiers depuis six mois.");
    fa_result *res = detect(d);
    COUNT(res, 3);
    ck_assert_str_eq(HAS(res, "Nom")->value, "MARTINI");
    ck_assert_str_eq(HAS(res, "Situation au regard du logement")->value,
                     "Hébergé chez un tiers depuis six mois.");
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_sentences_with_colons_are_not_fields)
{
    fa_doc *d = fa_doc_new("x.docx", FA_FMT_DOCX);
    para(d,
         "Objet : la présente convention définit les modalités du partenariat entre les parties.");
    para(d, "Pour chaque critère, cocher le niveau observé (1 : acquis, 4 : non acquis).");
    para(d, "Article 3 : Le bénéficiaire s'engage à se présenter aux rendez-vous.");
    para(d, "Le bénéficiaire s'engage à :");
    add_text(d, d->root, FA_N_LIST_ITEM, "rechercher activement un emploi ;");
    add_text(d, d->root, FA_N_LIST_ITEM, "se présenter aux convocations.");
    fa_result *res = detect(d);
    COUNT(res, 0);
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_notice_and_furniture_are_not_fields)
{
    fa_doc *d = fa_doc_new("x.docx", FA_FMT_DOCX);
    /* page furniture: a header's lines are not fields unless they show their blank
     * (test_fields_layouts.c: a question in a header is still asked) */
    fa_node *h = para(d, "Réf. : 2024-118");
    h->flags |= FA_NF_HEADER;
    h = para(d, "Page 1 sur 2");
    h->flags |= FA_NF_HEADER;
    fa_node *c = para(d, "Prénom : ______________");
    c->flags |= FA_NF_COMMENT;
    heading(d, 2, "Protection des données personnelles");
    para(d, "Le CCAS, responsable du traitement, instruit votre demande.");
    para(d, "Données traitées : identité, coordonnées.");
    para(d, "Destinataires : les agents du CCAS.");
    para(d, "Conservation : trois ans après la fin de la domiciliation.");
    fa_result *res = detect(d);
    COUNT(res, 0);
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_pdf_wrapped_option_and_bare_grid)
{
    fa_doc *d = fa_doc_new("x.pdf", FA_FMT_PDF);
    fa_node *sub = para(d, "Département — Direction de l'insertion");
    sub->flags |= FA_NF_BOLD;
    para(d, "Nom");
    para(d, "Prénom");
    para(d, "Date de naissance");
    para(d, "Responsable légal 1 : nom et");
    para(d, "téléphone");
    para(d, "Situation familiale : ☐ Célibataire ☐ En couple ☐ Veuf ou");
    para(d, "veuve");
    fa_result *res = detect(d);
    COUNT(res, 5);
    HAS(res, "Nom");
    HAS(res, "Responsable légal 1 : nom et téléphone");
    const fa_field *f = HAS(res, "Situation familiale");
    ck_assert_str_eq(f->options.v[2], "Veuf ou veuve");
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_pdf_wrapped_box_lists)
{
    /* the page wrapped tick lists: the boxes sent to the next line are options of the
     * question above, not fields of their own */
    fa_doc *d = fa_doc_new("x.pdf", FA_FMT_PDF);
    para(d, "Sens du service public et disponibilité envers les usagers : ☐ Très bon ☐ Bon ☐ À "
            "améliorer");
    para(d, "☐ Insuffisant");
    para(d, "Groupe iso-ressources (GIR) : ☐ GIR 1 ☐ GIR 2 ☐ GIR 3 ☐ GIR 4 ☐ GIR");
    para(d, "5 ☐ GIR 6");
    para(d, "La famille bénéficie-t-elle déjà d'un suivi (PMI, service social, ASE) ? : ☐ Oui");
    para(d, "☐ Non ☐ Ne sait pas");
    /* a short line did not wrap; a statement to tick is not an option */
    para(d, "Section : ☐ Basket-ball ☐ Tennis");
    para(d, "☐ Certificat médical fourni");
    para(d, "Autorisation parentale pour les déplacements du mineur : ☐ Oui ☐ Non ☐ Sans objet");
    para(d, "☐ J'accepte le règlement intérieur du club.");
    fa_result *res = detect(d);
    COUNT(res, 7);
    const fa_field *f = HAS(res, "Sens du service public et disponibilité envers les usagers");
    ck_assert_uint_eq(f->options.n, 4);
    ck_assert_str_eq(f->options.v[3], "Insuffisant");
    f = HAS(res, "Groupe iso-ressources (GIR)");
    ck_assert_uint_eq(f->options.n, 6);
    ck_assert_str_eq(f->options.v[4], "GIR 5");
    f = HAS(res, "La famille bénéficie-t-elle déjà d'un suivi (PMI, service social, ASE) ?");
    ck_assert_int_eq(f->kind, FA_FK_CHOICE);
    ck_assert_uint_eq(f->options.n, 3);
    ck_assert_str_eq(f->options.v[2], "Ne sait pas");
    ck_assert_uint_eq(HAS(res, "Section")->options.n, 2);
    HAS(res, "Certificat médical fourni");
    ck_assert_uint_eq(HAS(res, "Autorisation parentale pour les déplacements du mineur")->options.n,
                      3);
    HAS(res, "J'accepte le règlement intérieur du club");
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_instruction_after_colon_is_not_a_field)
{
    fa_doc *d = fa_doc_new("x.docx", FA_FMT_DOCX);
    para(d, "Section : ☐ Basket-ball ☐ Gymnastique");
    para(d, "Mineur : remplir le questionnaire relatif à l'état de santé du sportif mineur.");
    para(d,
         "Majeur : certificat médical de moins d'un an ou attestation du questionnaire de santé.");
    para(d, "Justificatifs : joignez une copie de la carte d'identité.");
    para(d, "Nom : MARTINI");
    para(d, "Motif de la demande : perte d'emploi du conjoint et dettes de loyer depuis mars.");
    para(d, "Téléphone : ______________");
    fa_result *res = detect(d);
    COUNT(res, 4);
    HAS(res, "Section");
    ck_assert_str_eq(HAS(res, "Nom")->value, "MARTINI");
    HAS(res, "Motif de la demande");
    HAS(res, "Téléphone");
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_word_placeholder_is_a_blank)
{
    fa_doc *d = fa_doc_new("x.docx", FA_FMT_DOCX);
    para(d, "Avis du travailleur social : Cliquez ici pour entrer du texte.");
    fa_result *res = detect(d);
    COUNT(res, 1);
    ck_assert_ptr_null(HAS(res, "Avis du travailleur social")->value);
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_label_lines_with_tab_leaders)
{
    /* tab leaders vanish in the text: "Nom :<tab>" lines one after the other */
    fa_doc *d = fa_doc_new("x.docx", FA_FMT_DOCX);
    para(d, "Nom :\t");
    para(d, "Prénom :\t");
    para(d, "Allocataire CAF : Oui ☐ Non ☐");
    para(d, "Adresse :");
    fa_result *res = detect(d);
    COUNT(res, 4);
    HAS(res, "Prénom");
    const fa_field *f = HAS(res, "Allocataire CAF");
    ck_assert_uint_eq(f->options.n, 2);
    ck_assert_str_eq(f->options.v[0], "Oui");
    HAS(res, "Adresse");
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_filled_four_column_rows)
{
    fa_doc *d = fa_doc_new("x.docx", FA_FMT_DOCX);
    const char *cells[] = {"Nom",        "MARTINI", "Prénom", "Paul", "Date de naissance",
                           "03/02/1986", "Commune", "Ajaccio"};
    table(d, d->root, 2, 4, cells);
    fa_result *res = detect(d);
    COUNT(res, 4);
    ck_assert_str_eq(HAS(res, "Prénom")->value, "Paul");
    ck_assert_str_eq(HAS(res, "Commune")->value, "Ajaccio");
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_data_table_is_not_a_form)
{
    fa_doc *d = fa_doc_new("x.docx", FA_FMT_DOCX);
    const char *cells[] = {"Name",       "Fame",     "Score", "Lebron James",   "Very High", "12",
                           "Ryan Braun", "Moderate", NULL,    "Russell Wilson", "High",      "9"};
    table(d, d->root, 4, 3, cells);
    fa_result *res = detect(d);
    COUNT(res, 0);
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_field_limit_truncates)
{
    /* a 50,000-row grid must still be audited: the inventory stops at the limit */
    fa_doc *d = fa_doc_new("x.txt", FA_FMT_TXT);
    for (int i = 0; i < FA_MAX_FIELDS + 5; i++)
        para(d, "Nom : ________");
    fa_result *res = detect(d);
    ck_assert_uint_eq(res->n_fields, FA_MAX_FIELDS);
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_label_cell_with_long_aside)
{
    /* the words in parentheses are an instruction, not the label's length */
    fa_doc *d = fa_doc_new("x.odt", FA_FMT_ODT);
    const char *cells[] = {
        "Nom d'usage",
        "",
        "Adresse actuelle ou de mise à l'abri (ne pas communiquer au mis en cause)",
        "",
        "Téléphone sûr",
        ""};
    table(d, d->root, 3, 2, cells);
    fa_result *res = detect(d);
    COUNT(res, 3);
    HAS(res, "Adresse actuelle ou de mise à l'abri (ne pas communiquer au mis en cause)");
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_pdf_options_wrapped_at_the_margin)
{
    /* a long tick list the page wrapped mid-option, the rest starting with a capital
     * or a box, more than eight words: still the options of the question above */
    fa_doc *d = fa_doc_new("x.pdf", FA_FMT_PDF);
    para(d, "How would you describe your ethnic group? : ☐ White – English, Welsh,");
    para(d, "Scottish, Northern Irish or British ☐ White – Irish ☐ Gypsy or Irish");
    para(d, "Traveller ☐ Mixed or multiple ethnic groups ☐ Asian or Asian British ☐");
    para(d, "Black, Black British, Caribbean or African ☐ Arab ☐ Prefer not to say");
    para(d, "Which best describes how you think of yourself? : ☐ Straight / heterosexual");
    para(d, "☐ Gay or lesbian ☐ Bisexual ☐ Other ☐ Prefer not to say");
    /* a question of its own after a full line starts a new group */
    para(d, "Régime alimentaire : ☐ Sans porc ☐ Végétarien ☐ Sans gluten ☐ Aucun régime");
    para(d, "Allergies : ☐ Oui ☐ Non");
    fa_result *res = detect(d);
    COUNT(res, 4);
    const fa_field *f = HAS(res, "How would you describe your ethnic group?");
    ck_assert_uint_eq(f->options.n, 8);
    ck_assert_str_eq(f->options.v[0],
                     "White – English, Welsh, Scottish, Northern Irish or British");
    ck_assert_str_eq(f->options.v[2], "Gypsy or Irish Traveller");
    ck_assert_uint_eq(HAS(res, "Which best describes how you think of yourself?")->options.n, 5);
    ck_assert_uint_eq(HAS(res, "Régime alimentaire")->options.n, 4);
    ck_assert_uint_eq(HAS(res, "Allergies")->options.n, 2);
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_pdf_label_value_rows_among_fields)
{
    /* rows a PDF reads side by side, filled, right after a grid of labels: fields with
     * their values even when the labels are not the usual ones */
    fa_doc *d = fa_doc_new("x.pdf", FA_FMT_PDF);
    para(d, "Surname");
    para(d, "Forename(s)");
    para(d, "Personal email");
    const char *cells[] = {"National Insurance number", "JT 48 27 19 C", "Employee number (HR use)",
                           "HC-20931"};
    table(d, d->root, 2, 2, cells);
    para(d, "Marital status : ☐ Single ☐ Married");
    fa_result *res = detect(d);
    COUNT(res, 6);
    ck_assert_ptr_nonnull(HAS(res, "National Insurance number")->value);
    ck_assert_ptr_nonnull(HAS(res, "Employee number (HR use)")->value);
    fa_result_free(res);
    fa_doc_free(d);
    /* the same rows between sentences are no form */
    d = fa_doc_new("x.pdf", FA_FMT_PDF);
    para(d, "The scheme was set up in 2019 and is run by the council for the whole county.");
    table(d, d->root, 2, 2, cells);
    para(d, "Figures are updated every year and published on the council's website.");
    res = detect(d);
    COUNT(res, 0);
    fa_result_free(res);
    fa_doc_free(d);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("fields");
    TCase *tc = tcase_create("leaders");
    tcase_add_test(tc, test_two_fields_on_one_line);
    tcase_add_test(tc, test_dotted_leaders_and_dates);
    tcase_add_test(tc, test_label_split_over_runs);
    tcase_add_test(tc, test_underscores_in_running_text_are_not_fields);
    tcase_add_test(tc, test_multiline_area);
    tcase_add_test(tc, test_place_and_date_signature);
    suite_add_tcase(s, tc);
    tc = tcase_create("boxes");
    tcase_add_test(tc, test_checkbox_group_label_two_up);
    tcase_add_test(tc, test_inline_choice);
    tcase_add_test(tc, test_oui_non_boxes_after_words);
    tcase_add_test(tc, test_group_under_heading_and_lone_consent_box);
    suite_add_tcase(s, tc);
    tc = tcase_create("tables");
    tcase_add_test(tc, test_grid_with_header_row);
    tcase_add_test(tc, test_rating_matrix);
    tcase_add_test(tc, test_label_then_empty_frame);
    tcase_add_test(tc, test_label_cells_blank_and_filled);
    tcase_add_test(tc, test_layout_table_is_not_a_form);
    tcase_add_test(tc, test_label_cell_with_long_aside);
    suite_add_tcase(s, tc);
    tc = tcase_create("controls");
    tcase_add_test(tc, test_pdf_widget_label_to_its_left);
    tcase_add_test(tc, test_control_label_wins_and_value);
    tcase_add_test(tc, test_checkbox_controls_group);
    tcase_add_test(tc, test_control_in_cell_takes_left_label);
    tcase_add_test(tc, test_radio_groups_split);
    suite_add_tcase(s, tc);
    tc = tcase_create("values_and_noise");
    tcase_add_test(tc, test_filled_value_lines);
    tcase_add_test(tc, test_sentences_with_colons_are_not_fields);
    tcase_add_test(tc, test_notice_and_furniture_are_not_fields);
    tcase_add_test(tc, test_pdf_wrapped_option_and_bare_grid);
    tcase_add_test(tc, test_pdf_wrapped_box_lists);
    tcase_add_test(tc, test_pdf_options_wrapped_at_the_margin);
    tcase_add_test(tc, test_pdf_label_value_rows_among_fields);
    tcase_add_test(tc, test_instruction_after_colon_is_not_a_field);
    tcase_add_test(tc, test_word_placeholder_is_a_blank);
    tcase_add_test(tc, test_label_lines_with_tab_leaders);
    tcase_add_test(tc, test_filled_four_column_rows);
    tcase_add_test(tc, test_data_table_is_not_a_form);
    tcase_add_test(tc, test_field_limit_truncates);
    suite_add_tcase(s, tc);
    return fx_run_suite(s);
}
