/* test_notice.c — the notice analysis on documents built by hand: notices in several
 * styles (titled, partial, one line of small print, none, a table, English), the art. 13
 * items, declared and unlisted categories, sharing, retention, consent, DPIA and the
 * issuer context. Fields and their categories are set by hand, as the rule engine would. */
#include "notice.h"

#include "fixtures.h"
#include "rules.h"
#include <check.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- builders */

typedef struct tdoc {
    fa_doc *d;
    fa_result *res;
} tdoc;

static tdoc tnew(void)
{
    tdoc t;
    t.d = fa_doc_new("test.docx", FA_FMT_DOCX);
    ck_assert_ptr_nonnull(t.d);
    t.res = calloc(1, sizeof *t.res);
    ck_assert_ptr_nonnull(t.res);
    t.res->lang = "fr";
    return t;
}

static void tfree(tdoc *t)
{
    fa_result_free(t->res);
    fa_doc_free(t->d);
}

static fa_node *block(tdoc *t, fa_node *parent, fa_node_type type, unsigned flags, const char *text)
{
    fa_node *n = fx_block(t->d, parent, type, text);
    n->flags = flags;
    if (type == FA_N_HEADING)
        n->level = 2;
    return n;
}

static fa_node *h(tdoc *t, const char *text)
{
    return block(t, NULL, FA_N_HEADING, 0, text);
}
static fa_node *p(tdoc *t, const char *text)
{
    return block(t, NULL, FA_N_PARAGRAPH, 0, text);
}
static fa_node *small(tdoc *t, const char *text)
{
    return block(t, NULL, FA_N_PARAGRAPH, FA_NF_SMALL, text);
}

/* A field "Label : [control]" collecting CATS (a set of fa_category bits). */
static fa_field *field(tdoc *t, const char *label, fa_catset cats)
{
    fa_node *n = p(t, label);
    fa_doc_add_control(t->d, n, FA_CTL_TEXT);
    fa_field *f = fa_result_add_field(t->res);
    ck_assert_ptr_nonnull(f);
    f->label = strdup(label);
    f->kind = FA_FK_TEXT;
    f->categories = cats;
    f->node = n;
    return f;
}

/* A field-level finding as the rule engine would add it. */
static void rule_finding(tdoc *t, int field, const char *cat, fa_severity sev)
{
    fa_finding *f = fa_result_add_finding(t->res);
    ck_assert_ptr_nonnull(f);
    f->field = field;
    f->rule = strdup("fr.test");
    f->category = strdup(cat);
    f->severity = sev;
}

static void run_ctx(tdoc *t, fa_context ctx)
{
    fa_doc_finish(t->d);
    fa_audit_opts o = {ctx, t->res->lang};
    fa_error err = {0};
    ck_assert_msg(fa_notice_analyze(fx_rules(), t->d, &o, t->res, &err) == FA_OK, "%s",
                  err.message);
}

static void run(tdoc *t)
{
    run_ctx(t, FA_CTX_AUTO);
}

static const fa_finding *finding(const tdoc *t, const char *rule)
{
    for (size_t i = 0; i < t->res->n_findings; i++)
        if (t->res->findings[i].rule && !strcmp(t->res->findings[i].rule, rule))
            return &t->res->findings[i];
    return NULL;
}

static int count_kind(const tdoc *t, const char *kind)
{
    int k = 0;
    for (size_t i = 0; i < t->res->n_findings; i++)
        k += t->res->findings[i].category && !strcmp(t->res->findings[i].category, kind);
    return k;
}

#define BIT(c) FA_CAT_BIT(FA_CAT_##c)
#define ITEM(i) (1u << FA_NI_##i)
#define ALL_ITEMS ((1u << FA_NI_COUNT) - 1u)

/* ---------------------------------------------------------------- notice styles */

/* A full notice under a heading (a Département's social-support form). */
static void full_form(tdoc *t)
{
    h(t, "Fiche d'accompagnement social");
    field(t, "Nom", BIT(IDENTITY));
    field(t, "Ressources mensuelles", BIT(FINANCIAL));
    field(t, "Problèmes de santé évoqués", BIT(HEALTH));
    field(t, "Motivation de la personne", BIT(SUBJECTIVE_ASSESSMENT));
    field(t, "Observations", BIT(FREE_COMMENT));
    h(t, "Protection des données personnelles");
    small(t, "Le Département, responsable du traitement, recueille ces informations afin "
             "d'assurer votre accompagnement social (mission d'intérêt public).");
    small(t, "Les données traitées sont : identité, coordonnées, ressources et situation "
             "familiale.");
    small(t, "Elles sont destinées aux services de la direction de l'action sociale et à votre "
             "référent.");
    small(t, "Elles sont conservées deux ans après la fin de l'accompagnement.");
    small(t, "Vous pouvez exercer vos droits d'accès, de rectification et d'opposition auprès du "
             "délégué à la protection des données (dpo@cd-exemple.fr) et adresser une "
             "réclamation à la CNIL.");
}

START_TEST(full_notice_items_and_unlisted)
{
    tdoc t = tnew();
    full_form(&t);
    run(&t);
    const fa_notice *n = &t.res->notice;
    ck_assert(n->present);
    ck_assert_uint_eq(n->items, ALL_ITEMS);
    ck_assert_ptr_null(finding(&t, "fr.notice.incomplete"));
    ck_assert_ptr_null(finding(&t, "fr.notice.missing"));
    ck_assert(n->declared & BIT(IDENTITY));
    ck_assert(n->declared & BIT(CONTACT));
    ck_assert(n->declared & BIT(FINANCIAL));
    /* "situation familiale" announces that family matters are processed */
    ck_assert(n->declared & BIT(FAMILY_LIFE));
    ck_assert_uint_eq(n->unlisted, BIT(HEALTH) | BIT(SUBJECTIVE_ASSESSMENT));
    const fa_finding *u = finding(&t, "fr.notice.unlisted");
    ck_assert_ptr_nonnull(u);
    ck_assert_str_eq(u->category, "notice.unlisted");
    ck_assert_int_eq(u->field, -1);
    ck_assert_int_eq(u->severity, FA_SEV_HIGH); /* health is art. 9 */
    ck_assert_str_eq(u->quote, "Problèmes de santé évoqués ; Motivation de la personne");
    ck_assert_ptr_nonnull(strstr(u->message, "santé"));
    /* the notice text starts after its title, for quotes */
    ck_assert_ptr_nonnull(n->text);
    ck_assert(!strncmp(n->text, "Le Département, responsable", 27));
    /* internal recipients are not sharing; two years after the end of support is fine */
    ck_assert_ptr_null(finding(&t, "fr.sharing"));
    ck_assert_int_eq(count_kind(&t, "retention"), 0);
    ck_assert_ptr_nonnull(n->retention);
    ck_assert_str_eq(n->retention,
                     "Elles sont conservées deux ans après la fin de l'accompagnement.");
    ck_assert_ptr_null(finding(&t, "fr.consent.uninformed"));
    ck_assert_int_eq(t.res->context, FA_CTX_SOCIAL);
    tfree(&t);
}
END_TEST

START_TEST(partial_notice_lists_missing_items)
{
    tdoc t = tnew();
    h(&t, "Compte rendu d'entretien annuel");
    field(&t, "Jours d'arrêt maladie", BIT(HEALTH));
    h(&t, "Informatique et libertés");
    p(&t, "Vous disposez d'un droit d'accès et de rectification.");
    run(&t);
    ck_assert(t.res->notice.present);
    ck_assert_uint_eq(t.res->notice.items, ITEM(RIGHTS));
    const fa_finding *f = finding(&t, "fr.notice.incomplete");
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(f->category, "notice.incomplete");
    ck_assert_str_eq(f->quote, "Vous disposez d'un droit d'accès et de rectification.");
    ck_assert_int_eq(f->severity, FA_SEV_MEDIUM);
    ck_assert_ptr_nonnull(strstr(f->message, "responsable du traitement"));
    ck_assert_ptr_nonnull(strstr(f->message, "durée de conservation"));
    ck_assert_ptr_null(strstr(f->message, "droits de la personne"));
    ck_assert_uint_eq(t.res->notice.unlisted, BIT(HEALTH));
    ck_assert_ptr_nonnull(finding(&t, "fr.retention.none"));
    tfree(&t);
}
END_TEST

START_TEST(one_line_small_print_notice)
{
    tdoc t = tnew();
    p(&t, "Inscription à l'atelier cuisine");
    field(&t, "Nom et prénom", BIT(IDENTITY));
    field(&t, "Téléphone", BIT(CONTACT));
    small(&t, "Conformément au RGPD, ces informations sont conservées un an ; vous pouvez exercer "
              "votre droit d'accès auprès de dpo@ville-exemple.fr.");
    run(&t);
    ck_assert(t.res->notice.present);
    ck_assert(t.res->notice.items & ITEM(RETENTION));
    ck_assert(t.res->notice.items & ITEM(RIGHTS));
    ck_assert(t.res->notice.items & ITEM(DPO));
    ck_assert(!(t.res->notice.items & ITEM(CONTROLLER)));
    ck_assert_uint_eq(t.res->notice.unlisted, 0);
    ck_assert_ptr_null(finding(&t, "fr.notice.unlisted"));
    tfree(&t);
}
END_TEST

START_TEST(no_notice_confidential_is_not_a_notice)
{
    tdoc t = tnew();
    h(&t, "Grille d'évaluation du résident");
    p(&t, "Document confidentiel.");
    field(&t, "Hygiène et présentation", BIT(SUBJECTIVE_ASSESSMENT));
    field(&t, "Consommation d'alcool", BIT(HEALTH));
    field(&t, "Remarques de l'équipe", BIT(FREE_COMMENT));
    run(&t);
    ck_assert(!t.res->notice.present);
    ck_assert_ptr_null(t.res->notice.text);
    const fa_finding *m = finding(&t, "fr.notice.missing");
    ck_assert_ptr_nonnull(m);
    ck_assert_str_eq(m->category, "notice.missing");
    ck_assert_int_eq(m->severity, FA_SEV_HIGH);
    ck_assert_int_eq(m->field, -1);
    /* every sensitive category is unlisted, never free_comment */
    ck_assert_uint_eq(t.res->notice.unlisted, BIT(SUBJECTIVE_ASSESSMENT) | BIT(HEALTH));
    ck_assert_ptr_nonnull(finding(&t, "fr.notice.unlisted"));
    ck_assert_ptr_nonnull(finding(&t, "fr.consent.uninformed"));
    ck_assert_ptr_nonnull(finding(&t, "fr.retention.none"));
    tfree(&t);
}
END_TEST

START_TEST(field_label_with_rgpd_is_not_a_notice)
{
    tdoc t = tnew();
    p(&t, "Registre des sous-traitants");
    fa_node *n = p(&t, "Conformité RGPD");
    fa_field *f = fa_result_add_field(t.res);
    f->label = strdup("Conformité RGPD");
    f->node = n;
    run(&t);
    ck_assert(!t.res->notice.present);
    tfree(&t);
}
END_TEST

START_TEST(no_notice_without_sensitive_data_is_medium)
{
    tdoc t = tnew();
    p(&t, "Inscription à la newsletter");
    field(&t, "Courriel", BIT(CONTACT));
    run(&t);
    const fa_finding *m = finding(&t, "fr.notice.missing");
    ck_assert_ptr_nonnull(m);
    ck_assert_int_eq(m->severity, FA_SEV_MEDIUM);
    ck_assert_ptr_null(finding(&t, "fr.notice.unlisted"));
    tfree(&t);
}
END_TEST

START_TEST(notice_with_a_table_of_categories)
{
    tdoc t = tnew();
    h(&t, "Demande d'aide facultative");
    field(&t, "Titre de séjour", BIT(IMMIGRATION_STATUS));
    field(&t, "Handicap reconnu", BIT(HEALTH));
    field(&t, "Condamnations", BIT(CRIMINAL));
    h(&t, "Vos données");
    p(&t, "Le CCAS est responsable du traitement de votre demande.");
    fa_node *tab = block(&t, NULL, FA_N_TABLE, 0, NULL);
    const char *rows[][2] = {{"Catégories de données", "Finalité"},
                             {"Identité et coordonnées", "Instruire la demande"},
                             {"Situation administrative", "Vérifier le droit à l'aide"},
                             {"Santé et handicap", "Adapter l'aide"}};
    for (size_t r = 0; r < 4; r++) {
        fa_node *row = block(&t, tab, FA_N_ROW, 0, NULL);
        for (size_t k = 0; k < 2; k++) {
            fa_node *cell = block(&t, row, FA_N_CELL, 0, NULL);
            block(&t, cell, FA_N_PARAGRAPH, 0, rows[r][k]);
        }
    }
    run(&t);
    const fa_notice *n = &t.res->notice;
    ck_assert(n->present);
    ck_assert(n->declared & BIT(IMMIGRATION_STATUS));
    ck_assert(n->declared & BIT(HEALTH));
    ck_assert(n->declared & BIT(IDENTITY));
    ck_assert_uint_eq(n->unlisted, BIT(CRIMINAL));
    tfree(&t);
}
END_TEST

START_TEST(english_notice)
{
    tdoc t = tnew();
    t.res->lang = "en";
    h(&t, "School trip registration");
    field(&t, "Pupil's name", BIT(IDENTITY));
    field(&t, "Allergies", BIT(HEALTH));
    field(&t, "Religion", BIT(RELIGION));
    h(&t, "Data protection notice");
    p(&t, "The City Council is the data controller. We collect your child's identity, contact "
          "details and health information (allergies) in order to organise the trip, on the "
          "basis of a public task.");
    p(&t, "The data are shared with the travel provider and kept for one year after the trip.");
    p(&t, "You have the right to access and rectify your data; contact our data protection "
          "officer at dpo@city.example. You may lodge a complaint with the CNIL.");
    run(&t);
    const fa_notice *n = &t.res->notice;
    ck_assert(n->present);
    ck_assert_uint_eq(n->items, ALL_ITEMS);
    ck_assert(n->declared & BIT(HEALTH));
    ck_assert_uint_eq(n->unlisted, BIT(RELIGION));
    const fa_finding *u = finding(&t, "fr.notice.unlisted");
    ck_assert_ptr_nonnull(u);
    ck_assert_ptr_nonnull(strstr(u->message, "does not declare"));
    ck_assert_str_eq(u->quote, "Religion");
    tfree(&t);
}
END_TEST

/* A vague notice is still a notice (then reported incomplete): a plain "Confidentialité"
 * paragraph and a text about the "renseignements" being confidential and shared with
 * authorised people only. */
START_TEST(vague_confidentiality_paragraph_is_a_notice)
{
    tdoc t = tnew();
    field(&t, "Suivi en CMP", BIT(HEALTH));
    p(&t, "Confidentialité");
    p(&t, "Les renseignements portés sur ce document sont nécessaires au suivi de votre "
          "accompagnement par le service. Ils restent confidentiels et ne sont communiqués "
          "qu'aux professionnels qui en ont besoin.");
    run(&t);
    const fa_notice *n = &t.res->notice;
    ck_assert(n->present);
    ck_assert(!(n->items & ITEM(CONTROLLER)));
    ck_assert_uint_eq(n->unlisted, BIT(HEALTH));
    ck_assert_ptr_nonnull(finding(&t, "fr.notice.incomplete"));
    ck_assert_ptr_null(finding(&t, "fr.notice.missing"));
    tfree(&t);
}
END_TEST

/* "Elle contient ..." lists what is processed without a notice word: it belongs to the
 * notice that precedes it, and declares what it names. */
START_TEST(container_sentence_declares_what_follows)
{
    tdoc t = tnew();
    field(&t, "Formes de violences", BIT(FAMILY_LIFE));
    field(&t, "Plainte déposée", BIT(CRIMINAL));
    field(&t, "Enceinte actuellement", BIT(HEALTH));
    p(&t, "Mentions");
    p(&t, "Cette fiche est établie par l'intervenant social, employé par le Département "
          "(responsable du traitement), pour organiser votre accompagnement.");
    p(&t, "Elle contient votre identité, la composition de votre famille, les violences "
          "que vous avez décrites et les suites judiciaires engagées (plainte, main courante).");
    p(&t, "Elle est conservée dix ans dans le dossier de l'intervenant.");
    run(&t);
    const fa_notice *n = &t.res->notice;
    ck_assert(n->present);
    ck_assert(n->declared & BIT(FAMILY_LIFE));
    ck_assert(n->declared & BIT(CRIMINAL));
    ck_assert_uint_eq(n->unlisted, BIT(HEALTH));
    ck_assert(n->items & ITEM(RETENTION));
    tfree(&t);
}
END_TEST

/* English notices name the data first: "Ethnic group and disability answers are kept
 * apart..." declares ethnic origin and health. */
START_TEST(english_passive_declares_its_subject)
{
    tdoc t = tnew();
    t.res->lang = "en";
    field(&t, "Ethnic group", BIT(ETHNIC_ORIGIN));
    field(&t, "Disability", BIT(HEALTH));
    field(&t, "Religion or belief", BIT(RELIGION));
    h(&t, "How we use your information");
    p(&t, "Harbourside Care Ltd is the controller of the information on this form.");
    p(&t, "Ethnic group and disability answers are kept apart from your personnel file and "
          "used only to monitor our recruitment.");
    run(&t);
    const fa_notice *n = &t.res->notice;
    ck_assert(n->present);
    ck_assert(n->declared & BIT(ETHNIC_ORIGIN));
    ck_assert(n->declared & BIT(HEALTH));
    ck_assert_uint_eq(n->unlisted, BIT(RELIGION));
    tfree(&t);
}
END_TEST

/* "politique de confidentialité" is no political opinion; "convictions religieuses et
 * politiques" declares both. */
START_TEST(political_only_as_an_opinion)
{
    tdoc t = tnew();
    field(&t, "Engagement militant", BIT(POLITICAL_OPINION));
    h(&t, "Protection des données personnelles");
    p(&t, "L'association, responsable du traitement, collecte votre identité et vos "
          "coordonnées. Consultez notre politique de confidentialité.");
    run(&t);
    ck_assert(t.res->notice.present);
    ck_assert_uint_eq(t.res->notice.unlisted, BIT(POLITICAL_OPINION));
    tfree(&t);

    t = tnew();
    field(&t, "Engagement militant", BIT(POLITICAL_OPINION));
    field(&t, "Pratique religieuse", BIT(RELIGION));
    h(&t, "Protection des données personnelles");
    p(&t, "L'université, responsable du traitement, recueille des données sur vos "
          "convictions religieuses et politiques pour les besoins de l'étude.");
    run(&t);
    ck_assert(t.res->notice.declared & BIT(POLITICAL_OPINION));
    ck_assert(t.res->notice.declared & BIT(RELIGION));
    ck_assert_uint_eq(t.res->notice.unlisted, 0);
    tfree(&t);
}
END_TEST

START_TEST(negated_declaration_declares_nothing)
{
    tdoc t = tnew();
    field(&t, "Suivi psychiatrique", BIT(HEALTH));
    h(&t, "Protection des données");
    p(&t, "La commune, responsable du traitement, recueille votre identité. Aucune donnée de "
          "santé n'est collectée.");
    run(&t);
    ck_assert(t.res->notice.present);
    ck_assert(t.res->notice.declared & BIT(IDENTITY));
    ck_assert(!(t.res->notice.declared & BIT(HEALTH)));
    ck_assert_uint_eq(t.res->notice.unlisted, BIT(HEALTH));
    tfree(&t);
}
END_TEST

/* The classic one-sentence CNIL mention, under a heading that names no notice: present
 * (and incomplete), though it carries no strong word. */
START_TEST(one_sentence_cnil_mention_is_a_notice)
{
    tdoc t = tnew();
    h(&t, "Demande d'aide du Fonds de solidarité pour le logement");
    field(&t, "Montant total des dettes", BIT(FINANCIAL));
    h(&t, "Informations");
    p(&t, "Les informations recueillies font l'objet d'un traitement informatique destiné à "
          "l'instruction de votre demande d'aide par le Fonds de solidarité pour le logement.");
    run(&t);
    ck_assert(t.res->notice.present);
    ck_assert(t.res->notice.items & ITEM(PURPOSES));
    ck_assert(!(t.res->notice.items & ITEM(CONTROLLER)));
    ck_assert_ptr_nonnull(finding(&t, "fr.notice.incomplete"));
    ck_assert_ptr_null(finding(&t, "fr.notice.missing"));
    tfree(&t);
}
END_TEST

/* A one-paragraph notice under "Informatique et libertés" whose text has no strong
 * word and a single weak one (the MDPH style). */
START_TEST(titled_one_paragraph_notice)
{
    tdoc t = tnew();
    field(&t, "Nature du handicap", BIT(HEALTH));
    h(&t, "Informatique et libertés");
    p(&t, "Les renseignements portés sur ce formulaire sont enregistrés par la MDPH afin "
          "d'instruire votre demande. Vous pouvez y accéder en écrivant au directeur.");
    run(&t);
    ck_assert(t.res->notice.present);
    ck_assert(t.res->notice.items & ITEM(PURPOSES));
    tfree(&t);
}
END_TEST

/* The same notice laid out as a bold plain paragraph and a table cell (PDF, ODT). */
START_TEST(plain_title_and_notice_in_a_cell)
{
    tdoc t = tnew();
    field(&t, "Nature du handicap", BIT(HEALTH));
    p(&t, "Informatique et libertés");
    fa_node *tab = block(&t, NULL, FA_N_TABLE, 0, NULL);
    fa_node *row = block(&t, tab, FA_N_ROW, 0, NULL);
    fa_node *cell = block(&t, row, FA_N_CELL, 0, NULL);
    block(&t, cell, FA_N_PARAGRAPH, 0,
          "Les renseignements portés sur ce formulaire sont enregistrés par la MDPH afin "
          "d'instruire votre demande.");
    run(&t);
    ck_assert(t.res->notice.present);
    ck_assert(strstr(t.res->notice.text, "enregistrés par la MDPH"));
    tfree(&t);
}
END_TEST

/* Sentences about "les informations" that inform of nothing are not a notice. */
START_TEST(instruction_about_information_is_not_a_notice)
{
    tdoc t = tnew();
    p(&t, "Document confidentiel.");
    p(&t, "Les informations portées sur ce formulaire ne sont pas modifiables après l'envoi.");
    p(&t, "Joignez les informations sur votre santé sous pli fermé.");
    field(&t, "Traitement médical en cours", BIT(HEALTH));
    run(&t);
    ck_assert(!t.res->notice.present);
    ck_assert_ptr_nonnull(finding(&t, "fr.notice.missing"));
    tfree(&t);
}
END_TEST

/* Declarations written as "Sont traitées : ...", "Il contient des informations sur ...",
 * "Les données ... concernent ...". */
START_TEST(declarations_in_other_shapes)
{
    static const char *const decl[] = {
        "Sont traitées : l'identité de l'élève, la situation familiale et la santé.",
        "Il contient des informations sur la situation familiale et la santé de l'élève.",
        "Les données du dossier portent sur la situation familiale et la santé de l'élève.",
    };
    for (size_t i = 0; i < sizeof decl / sizeof decl[0]; i++) {
        tdoc t = tnew();
        field(&t, "Situation familiale", BIT(FAMILY_LIFE));
        field(&t, "Suivi médical", BIT(HEALTH));
        field(&t, "Ressources de la famille", BIT(FINANCIAL));
        h(&t, "Protection des données");
        p(&t, "Le recteur d'académie est responsable de ce traitement.");
        p(&t, decl[i]);
        run(&t);
        ck_assert(t.res->notice.present);
        ck_assert_msg(t.res->notice.declared & BIT(HEALTH), "%s", decl[i]);
        ck_assert_msg(t.res->notice.declared & BIT(FAMILY_LIFE), "%s", decl[i]);
        ck_assert_uint_eq(t.res->notice.unlisted, BIT(FINANCIAL));
        tfree(&t);
    }
}
END_TEST

/* "santé" in an instruction inside the notice declares nothing. */
START_TEST(health_in_an_instruction_is_not_declared)
{
    tdoc t = tnew();
    field(&t, "Suivi médical", BIT(HEALTH));
    h(&t, "Protection des données");
    p(&t, "La commune, responsable du traitement, recueille votre identité. Pour toute "
          "question de santé, adressez-vous à l'infirmière scolaire.");
    run(&t);
    ck_assert(t.res->notice.present);
    ck_assert(!(t.res->notice.declared & BIT(HEALTH)));
    ck_assert_uint_eq(t.res->notice.unlisted, BIT(HEALTH));
    tfree(&t);
}
END_TEST

/* Categories declared in prose, not in a list: a data noun with its adjectives in a
 * sentence saying the data are sent or processed ("Les données médicales sont adressées au
 * médecin"), also when the sending is restricted ("ne ... qu'à"). A negated sentence and a
 * file merely referred to ("aussi longtemps que votre dossier médical") declare nothing. */
START_TEST(categories_declared_in_prose)
{
    static const struct {
        const char *text;
        bool health;
    } cases[] = {
        {"Les données de ce dossier sont traitées par l'établissement, responsable du "
         "traitement. Les données médicales sont adressées sous pli confidentiel au médecin "
         "coordonnateur.",
         true},
        {"La commune, responsable du traitement, utilise ces informations. Les informations "
         "médicales ne sont communiquées qu'à l'assistant sanitaire.",
         true},
        {"La commune, responsable du traitement, recueille votre identité. Nous ne recueillons "
         "aucune donnée de santé ni aucune information médicale.",
         false},
        {"La commune, responsable du traitement, recueille votre identité. Elle est conservée "
         "aussi longtemps que votre dossier médical.",
         false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tdoc t = tnew();
        field(&t, "Traitement médical en cours", BIT(HEALTH));
        h(&t, "Protection des données");
        p(&t, cases[i].text);
        run(&t);
        ck_assert(t.res->notice.present);
        ck_assert_msg(!(t.res->notice.declared & BIT(HEALTH)) == !cases[i].health, "case %zu", i);
        ck_assert_uint_eq(t.res->notice.unlisted, cases[i].health ? 0 : BIT(HEALTH));
        tfree(&t);
    }
}
END_TEST

/* Art. 13 items written in prose: rights as verbs, a cited legal text or a mission as the
 * legal basis (and the mission as the purpose), recipients a few words after the verb. */
START_TEST(items_written_in_prose)
{
    static const struct {
        const char *text;
        unsigned want;
    } cases[] = {
        {"Vous pouvez accéder à vos données, les faire rectifier ou vous opposer à leur "
         "traitement.",
         ITEM(RIGHTS)},
        {"Vos données sont conservées trois ans.\nDroits : accès, rectification, opposition.",
         ITEM(RIGHTS)},
        {"Your data are kept two years. You may access and correct your data.", ITEM(RIGHTS)},
        {"Les données sont traitées pour la gestion de la carrière des agents (décret n° "
         "2014-1526 du 16 décembre 2014).",
         ITEM(LEGAL_BASIS) | ITEM(PURPOSES)},
        {"Le Département, responsable du traitement, reçoit cette fiche au titre de sa mission de "
         "protection de l'enfance "
         "(article L226-3 du code de l'action sociale et des familles).",
         ITEM(LEGAL_BASIS) | ITEM(PURPOSES)},
        {"L'association, responsable du traitement, établit ce rapport en exécution d'une décision "
         "judiciaire d'assistance éducative "
         "(article 375 du code civil).",
         ITEM(LEGAL_BASIS) | ITEM(PURPOSES)},
        {"Vos données sont conservées deux ans. Les données médicales sont adressées sous pli "
         "confidentiel au médecin coordonnateur.",
         ITEM(RECIPIENTS)},
        {"Les informations demandées sont nécessaires à l'examen de votre demande par la "
         "commission. Elles sont traitées de manière confidentielle.",
         ITEM(RECIPIENTS)},
        {"The hospital is the data controller. It is shared only with the social service team, as "
         "part of the hospital's "
         "public-interest mission.",
         ITEM(RECIPIENTS) | ITEM(LEGAL_BASIS)},
        {"Les données sont traitées par la commune. La fiche est détruite à la fin du séjour.",
         ITEM(RETENTION)},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tdoc t = tnew();
        field(&t, "Nom", BIT(IDENTITY));
        h(&t, "Protection des données personnelles");
        p(&t, cases[i].text);
        run(&t);
        ck_assert_msg(t.res->notice.present, "case %zu", i);
        ck_assert_msg((t.res->notice.items & cases[i].want) == cases[i].want, "case %zu: items %#x",
                      i, t.res->notice.items);
        tfree(&t);
    }
}
END_TEST

/* Words that look like the new items but are not: an address, a verb of instruction, a
 * "question de santé". */
START_TEST(prose_items_not_overread)
{
    tdoc t = tnew();
    field(&t, "Suivi médical", BIT(HEALTH));
    h(&t, "Protection des données");
    p(&t, "La commune, responsable du traitement, recueille votre identité et votre adresse "
          "à des fins de contact. Pour toute question de santé, adressez-vous à l'infirmière "
          "scolaire.");
    run(&t);
    ck_assert(t.res->notice.present);
    ck_assert(!(t.res->notice.items & ITEM(RECIPIENTS)));
    ck_assert(!(t.res->notice.items & ITEM(RIGHTS)));
    ck_assert(!(t.res->notice.items & ITEM(LEGAL_BASIS)));
    ck_assert(!(t.res->notice.declared & BIT(HEALTH)));
    tfree(&t);
}
END_TEST

/* ---------------------------------------------------------------- sharing */

START_TEST(sharing_with_mayor_and_clspd_is_critical)
{
    tdoc t = tnew();
    h(&t, "Fiche de suivi des familles");
    field(&t, "Conflits conjugaux", BIT(FAMILY_LIFE));
    p(&t, "Cette fiche est consultable par le maire et les membres du conseil local de sécurité "
          "et de prévention de la délinquance.");
    run(&t);
    const fa_finding *f = finding(&t, "fr.sharing");
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(f->category, "sharing");
    ck_assert_int_eq(f->severity, FA_SEV_CRITICAL);
    ck_assert_str_eq(f->quote, "Cette fiche est consultable par le maire et les membres du conseil "
                               "local de sécurité et de prévention de la délinquance.");
    ck_assert_uint_eq(t.res->notice.recipients.n, 2);
    bool l121 = false, cp = false;
    for (size_t i = 0; i < f->legal_basis.n; i++) {
        l121 |= !strcmp(f->legal_basis.v[i], "CASF art. L121-6-2");
        cp |= !strcmp(f->legal_basis.v[i], "Code pénal art. 226-13");
    }
    ck_assert(l121 && cp);
    ck_assert_ptr_nonnull(strstr(f->message, "n'est pas informée"));
    ck_assert_ptr_nonnull(strstr(f->message, "son accord n'est pas demandé"));
    tfree(&t);
}
END_TEST

START_TEST(sharing_with_bound_bodies_is_high)
{
    tdoc t = tnew();
    field(&t, "Difficultés de santé", BIT(HEALTH));
    p(&t, "Le dossier est transmis à la CAF et à la MDPH.");
    run(&t);
    const fa_finding *f = finding(&t, "fr.sharing");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(f->severity, FA_SEV_HIGH);
    ck_assert_ptr_nonnull(strstr(f->message, "son accord n'est pas demandé"));
    tfree(&t);
    /* the same transmission made subject to the person's agreement: one step less */
    t = tnew();
    field(&t, "Difficultés de santé", BIT(HEALTH));
    p(&t, "Le dossier est transmis à la CAF et à la MDPH avec votre accord.");
    run(&t);
    f = finding(&t, "fr.sharing");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(f->severity, FA_SEV_MEDIUM);
    ck_assert_ptr_nonnull(strstr(f->message, "recueille son accord"));
    tfree(&t);
}
END_TEST

START_TEST(internal_or_negated_recipients_are_not_sharing)
{
    tdoc t = tnew();
    h(&t, "Centre communal d'action sociale");
    field(&t, "Ressources", BIT(FINANCIAL));
    h(&t, "Protection des données");
    p(&t, "Le CCAS, responsable du traitement, instruit votre demande.");
    p(&t, "Destinataires : les agents du CCAS chargés de votre dossier.");
    p(&t, "Vos informations ne seront en aucun cas transmises à des tiers ni aux partenaires.");
    run(&t);
    ck_assert_ptr_null(finding(&t, "fr.sharing"));
    ck_assert_uint_eq(t.res->notice.recipients.n, 0);
    ck_assert(t.res->notice.items & ITEM(RECIPIENTS));
    tfree(&t);
}
END_TEST

START_TEST(landlord_address_field_is_not_sharing)
{
    tdoc t = tnew();
    field(&t, "Adresse du bailleur actuel", BIT(CONTACT));
    p(&t, "Adresse du bailleur : ______ Nom de l'employeur : ______");
    run(&t);
    ck_assert_ptr_null(finding(&t, "fr.sharing"));
    tfree(&t);
}
END_TEST

START_TEST(convention_parties_share_with_each_other)
{
    tdoc t = tnew();
    h(&t, "Convention de partenariat pour la prévention des expulsions");
    p(&t, "Entre le Département, la commune et le bailleur social, il est convenu ce qui suit.");
    p(&t,
      "Le travailleur social transmet au bailleur une fiche de situation comprenant les dettes.");
    field(&t, "Montant de la dette", BIT(FINANCIAL));
    run(&t);
    const fa_finding *f = finding(&t, "fr.sharing");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(f->severity, FA_SEV_CRITICAL);
    ck_assert_str_eq(t.res->notice.recipients.v[0], "les bailleurs et réservataires");
    tfree(&t);
}
END_TEST

START_TEST(negation_lifted_by_except)
{
    tdoc t = tnew();
    field(&t, "Revenus", BIT(FINANCIAL));
    p(&t, "Les informations ne sont communiquées à aucun tiers, sauf au bailleur.");
    run(&t);
    const fa_finding *f = finding(&t, "fr.sharing");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(f->severity, FA_SEV_CRITICAL);
    tfree(&t);
}
END_TEST

/* ---------------------------------------------------------------- retention */

START_TEST(retention_at_least_is_open_ended)
{
    tdoc t = tnew();
    field(&t, "Situation sociale", BIT(FAMILY_LIFE));
    p(&t, "Les fiches sont conservées pendant au moins cinq ans.");
    run(&t);
    const fa_finding *f = finding(&t, "fr.retention.open");
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(f->category, "retention");
    ck_assert_int_eq(f->severity, FA_SEV_HIGH);
    ck_assert_str_eq(f->quote, "Les fiches sont conservées pendant au moins cinq ans.");
    ck_assert_str_eq(t.res->notice.retention,
                     "Les fiches sont conservées pendant au moins cinq ans.");
    tfree(&t);
}
END_TEST

START_TEST(retention_beyond_social_referential)
{
    tdoc t = tnew();
    h(&t, "Accompagnement social RSA — fiche de suivi du bénéficiaire");
    field(&t, "Nom", BIT(IDENTITY));
    p(&t, "Les données du dossier d'insertion sont conservées dix ans après la clôture.");
    run(&t);
    ck_assert_int_eq(t.res->context, FA_CTX_SOCIAL);
    const fa_finding *f = finding(&t, "fr.retention.long");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(f->severity, FA_SEV_MEDIUM);
    ck_assert_ptr_nonnull(strstr(f->message, "120 mois"));
    tfree(&t);
}
END_TEST

START_TEST(retention_two_years_after_support_is_fine)
{
    tdoc t = tnew();
    h(&t, "Accompagnement social RSA — fiche de suivi du bénéficiaire");
    p(&t, "Les données sont conservées deux ans après la fin de l'accompagnement.");
    run(&t);
    ck_assert_int_eq(count_kind(&t, "retention"), 0);
    tfree(&t);
}
END_TEST

/* An open event's term is open-ended ("pendant la durée de l'abonnement": the data stay
 * while it lasts); the same term then a period after its end is the CNIL's usual bounded
 * wording ("puis un an", "et deux ans après sa clôture"). */
START_TEST(retention_term_then_period_is_bounded)
{
    static const char *const bounded[] = {
        "Elles sont conservées pendant la durée de l'abonnement puis un an.",
        "Les données sont conservées pendant la durée de l'inscription puis archivées "
        "pendant deux ans.",
        "Les données sont conservées tant que le compte est actif, et trois ans après sa "
        "clôture."};
    for (size_t i = 0; i < sizeof bounded / sizeof bounded[0]; i++) {
        tdoc t = tnew();
        field(&t, "Nom", BIT(IDENTITY));
        p(&t, bounded[i]);
        run(&t);
        ck_assert_msg(!finding(&t, "fr.retention.open"), "open-ended: %s", bounded[i]);
        tfree(&t);
    }
    tdoc t = tnew();
    field(&t, "Nom", BIT(IDENTITY));
    p(&t, "Elles sont conservées pendant la durée de l'abonnement.");
    run(&t);
    ck_assert_ptr_nonnull(finding(&t, "fr.retention.open"));
    tfree(&t);
}
END_TEST

/* ---------------------------------------------------------------- consent */

START_TEST(recorded_agreement_is_not_a_consent_finding)
{
    tdoc t = tnew();
    field(&t, "Nom", BIT(IDENTITY));
    p(&t, "Accord de la personne pour la transmission à son référent : \xE2\x98\x90 oui "
          "\xE2\x98\x90 non");
    run(&t);
    ck_assert_int_eq(count_kind(&t, "consent"), 0);
    tfree(&t);
}
END_TEST

START_TEST(preticked_control_is_a_consent_finding)
{
    tdoc t = tnew();
    field(&t, "Nom", BIT(IDENTITY));
    fa_node *n = p(&t, "J'accepte que mes données soient communiquées aux partenaires");
    fa_node *c = fa_doc_add_control(t.d, n, FA_CTL_CHECKBOX);
    c->ctl->checked = 1;
    run(&t);
    const fa_finding *f = finding(&t, "fr.consent.preticked");
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(f->category, "consent");
    ck_assert_str_eq(f->quote, "J'accepte que mes données soient communiquées aux partenaires");
    tfree(&t);
}
END_TEST

START_TEST(preticked_glyph_and_unticked_box)
{
    tdoc t = tnew();
    p(&t, "\xE2\x98\x92 J'autorise la diffusion de photos de mon enfant");
    run(&t);
    ck_assert_ptr_nonnull(finding(&t, "fr.consent.preticked"));
    tfree(&t);
    t = tnew();
    p(&t, "\xE2\x98\x90 J'autorise la diffusion de photos de mon enfant");
    run(&t);
    ck_assert_ptr_null(finding(&t, "fr.consent.preticked"));
    tfree(&t);
}
END_TEST

START_TEST(bundled_consent_is_forced)
{
    tdoc t = tnew();
    field(&t, "Nom", BIT(IDENTITY));
    p(&t, "En signant ce document, vous acceptez que vos données soient transmises à nos "
          "partenaires.");
    run(&t);
    const fa_finding *f = finding(&t, "fr.consent.forced");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(f->severity, FA_SEV_HIGH);
    ck_assert_str_eq(f->quote, "En signant ce document, vous acceptez que vos données soient "
                               "transmises à nos partenaires.");
    tfree(&t);
    /* a mandatory signature on an application is not about consent */
    t = tnew();
    field(&t, "Nom", BIT(IDENTITY));
    p(&t, "Signature obligatoire du demandeur.");
    run(&t);
    ck_assert_ptr_null(finding(&t, "fr.consent.forced"));
    tfree(&t);
}
END_TEST

/* ---------------------------------------------------------------- DPIA, context */

START_TEST(dpia_when_two_criteria)
{
    tdoc t = tnew();
    h(&t, "Diagnostic d'accompagnement social — bénéficiaires du RSA");
    field(&t, "Troubles psychiques", BIT(HEALTH));
    field(&t, "Capacité à se mobiliser", BIT(SUBJECTIVE_ASSESSMENT));
    run(&t);
    const fa_finding *f = finding(&t, "fr.dpia");
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(f->category, "dpia");
    ck_assert_ptr_nonnull(strstr(f->message, "données sensibles"));
    ck_assert_ptr_nonnull(strstr(f->message, "évaluation"));
    tfree(&t);
    /* a plain sports-club form meets no criterion */
    t = tnew();
    p(&t, "Inscription au tournoi de pétanque");
    field(&t, "Nom", BIT(IDENTITY));
    run(&t);
    ck_assert_ptr_null(finding(&t, "fr.dpia"));
    tfree(&t);
}
END_TEST

START_TEST(context_employer_raises_nir_and_health)
{
    tdoc t = tnew();
    h(&t, "Entretien annuel d'évaluation — Direction des ressources humaines");
    p(&t, "Salarié : poste occupé, manager");
    field(&t, "Numéro de sécurité sociale", BIT(NATIONAL_ID));
    field(&t, "Jours d'arrêt maladie", BIT(HEALTH));
    rule_finding(&t, 0, "national_id", FA_SEV_HIGH);
    rule_finding(&t, 1, "health", FA_SEV_HIGH);
    run(&t);
    ck_assert_int_eq(t.res->context, FA_CTX_EMPLOYER);
    ck_assert_int_eq(t.res->findings[0].severity, FA_SEV_CRITICAL);
    ck_assert_ptr_nonnull(t.res->findings[0].note);
    ck_assert_ptr_nonnull(strstr(t.res->findings[0].note, "employeur"));
    ck_assert_int_eq(t.res->findings[1].severity, FA_SEV_CRITICAL);
    tfree(&t);
}
END_TEST

START_TEST(context_social_lowers_nir)
{
    tdoc t = tnew();
    p(&t, "Formulaire quelconque");
    field(&t, "NIR", BIT(NATIONAL_ID));
    rule_finding(&t, 0, "national_id", FA_SEV_HIGH);
    run_ctx(&t, FA_CTX_SOCIAL); /* given by the caller, not guessed */
    ck_assert_int_eq(t.res->context, FA_CTX_SOCIAL);
    ck_assert_int_eq(t.res->findings[0].severity, FA_SEV_MEDIUM);
    ck_assert_ptr_nonnull(strstr(t.res->findings[0].note, "abaissée"));
    tfree(&t);
}
END_TEST

START_TEST(context_unknown_from_one_word)
{
    tdoc t = tnew();
    p(&t, "Fiche contact");
    field(&t, "Nom de l'école", BIT(IDENTITY));
    run(&t);
    ck_assert_int_eq(t.res->context, FA_CTX_AUTO);
    tfree(&t);
}
END_TEST

START_TEST(identifier_in_quote_is_masked)
{
    tdoc t = tnew();
    p(&t, "Dossier de M. X, NIR 186022A21532523, transmis au bailleur.");
    run(&t);
    const fa_finding *f = finding(&t, "fr.sharing");
    ck_assert_ptr_nonnull(f);
    ck_assert_ptr_null(strstr(f->quote, "21532523"));
    tfree(&t);
}
END_TEST

/* A language is one more pack: a pack of Spanish notice vocabulary, loaded next to the
 * built-in ones, makes a Spanish notice a notice; no C changes. */
START_TEST(a_language_is_one_more_pack)
{
    static const char pack[] =
        "{\"pack\": \"es-test\", \"version\": \"1.0\", \"lang\": \"es\", \"rules\": [],"
        " \"notice\": {\"title\": [\"^\\\\s*proteccion de datos\\\\b\"],"
        " \"strong\": [\"\\\\bresponsable del tratamiento\\\\b\"],"
        " \"controller\": [\"\\\\bresponsable del tratamiento\\\\b\"],"
        " \"rights\": [\"\\\\bderechos? de acceso\\\\b\"]},"
        " \"messages\": {\"notice.item.dpo\": {\"es\": \"delegado de proteccion de datos\"}}}";
    for (int with = 0; with < 2; with++) {
        fa_rules *rs = fa_rules_new();
        fa_error err = {0};
        ck_assert_msg(fa_rules_add_default(rs, &err) == FA_OK, "%s", err.message);
        if (with)
            ck_assert_msg(fa_rules_add_mem(rs, "es.json", pack, sizeof pack - 1, &err) == FA_OK,
                          "%s", err.message);
        ck_assert_msg(fa_rules_compile(rs, &err) == FA_OK, "%s", err.message);
        tdoc t = tnew();
        h(&t, "Protección de datos");
        p(&t, "El responsable del tratamiento es el Ayuntamiento. Usted tiene derecho de acceso.");
        fa_doc_finish(t.d);
        fa_audit_opts o = {FA_CTX_AUTO, "fr"};
        ck_assert_int_eq(fa_notice_analyze(rs, t.d, &o, t.res, &err), FA_OK);
        ck_assert_int_eq(t.res->notice.present, with);
        if (with)
            ck_assert_uint_eq(t.res->notice.items & (ITEM(CONTROLLER) | ITEM(RIGHTS)),
                              ITEM(CONTROLLER) | ITEM(RIGHTS));
        tfree(&t);
        fa_rules_free(rs);
    }
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("notice");
    TCase *tc = tcase_create("notice");
    tcase_add_test(tc, full_notice_items_and_unlisted);
    tcase_add_test(tc, partial_notice_lists_missing_items);
    tcase_add_test(tc, one_line_small_print_notice);
    tcase_add_test(tc, no_notice_confidential_is_not_a_notice);
    tcase_add_test(tc, no_notice_without_sensitive_data_is_medium);
    tcase_add_test(tc, field_label_with_rgpd_is_not_a_notice);
    tcase_add_test(tc, notice_with_a_table_of_categories);
    tcase_add_test(tc, english_notice);
    tcase_add_test(tc, vague_confidentiality_paragraph_is_a_notice);
    tcase_add_test(tc, container_sentence_declares_what_follows);
    tcase_add_test(tc, english_passive_declares_its_subject);
    tcase_add_test(tc, political_only_as_an_opinion);
    tcase_add_test(tc, negated_declaration_declares_nothing);
    tcase_add_test(tc, one_sentence_cnil_mention_is_a_notice);
    tcase_add_test(tc, titled_one_paragraph_notice);
    tcase_add_test(tc, plain_title_and_notice_in_a_cell);
    tcase_add_test(tc, instruction_about_information_is_not_a_notice);
    tcase_add_test(tc, declarations_in_other_shapes);
    tcase_add_test(tc, health_in_an_instruction_is_not_declared);
    tcase_add_test(tc, categories_declared_in_prose);
    tcase_add_test(tc, items_written_in_prose);
    tcase_add_test(tc, prose_items_not_overread);
    tcase_add_test(tc, a_language_is_one_more_pack);
    suite_add_tcase(s, tc);
    tc = tcase_create("clauses");
    tcase_add_test(tc, sharing_with_mayor_and_clspd_is_critical);
    tcase_add_test(tc, sharing_with_bound_bodies_is_high);
    tcase_add_test(tc, internal_or_negated_recipients_are_not_sharing);
    tcase_add_test(tc, landlord_address_field_is_not_sharing);
    tcase_add_test(tc, convention_parties_share_with_each_other);
    tcase_add_test(tc, negation_lifted_by_except);
    tcase_add_test(tc, retention_at_least_is_open_ended);
    tcase_add_test(tc, retention_beyond_social_referential);
    tcase_add_test(tc, retention_two_years_after_support_is_fine);
    tcase_add_test(tc, retention_term_then_period_is_bounded);
    tcase_add_test(tc, recorded_agreement_is_not_a_consent_finding);
    tcase_add_test(tc, preticked_control_is_a_consent_finding);
    tcase_add_test(tc, preticked_glyph_and_unticked_box);
    tcase_add_test(tc, bundled_consent_is_forced);
    tcase_add_test(tc, dpia_when_two_criteria);
    tcase_add_test(tc, context_employer_raises_nir_and_health);
    tcase_add_test(tc, context_social_lowers_nir);
    tcase_add_test(tc, context_unknown_from_one_word);
    tcase_add_test(tc, identifier_in_quote_is_masked);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return fx_run_suite(suite());
}
