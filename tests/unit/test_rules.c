/* test_rules.c — the rule engine and the French packs, on fields built by hand:
 * classification of labels and checkbox options, exact quotes and spans, the traps of
 * running text ("sans distinction d'origine", "politique de prêt", "rayon santé"),
 * inflection tolerance, contexts, grids, identifiers in filled forms (always masked),
 * loader diagnostics with file:line:col, thread safety, and a 1000-rule pack. */
#include "fa_limits.h"
#include "fold.h"
#include "match.h"
#include "result.h"
#include "rules.h"

#include "fixtures.h"
#include <check.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static fa_rules *RS; /* the default packs, compiled once for the suite */

static void setup(void)
{
    fa_error err = {0};
    RS = fa_rules_new();
    ck_assert_ptr_nonnull(RS);
    ck_assert_msg(fa_rules_add_default(RS, &err) == FA_OK, "%s", err.message);
    ck_assert_msg(fa_rules_compile(RS, &err) == FA_OK, "%s", err.message);
}

static void teardown(void)
{
    fa_rules_free(RS);
    RS = NULL;
}

static fa_result *new_result(void)
{
    fa_result *res = calloc(1, sizeof *res);
    ck_assert_ptr_nonnull(res);
    res->lang = "fr";
    return res;
}

/* A field with LABEL, KIND, SECTION and a NULL-terminated list of options. */
static size_t add_field(fa_result *res, const char *label, fa_field_kind kind, const char *section,
                        ...)
{
    fa_field *f = fa_result_add_field(res);
    ck_assert_ptr_nonnull(f);
    f->label = label ? strdup(label) : NULL;
    f->kind = kind;
    f->section = section ? strdup(section) : NULL;
    va_list ap;
    va_start(ap, section);
    const char *o;
    while ((o = va_arg(ap, const char *)) != NULL)
        fa_strvec_push(&f->options, o);
    va_end(ap);
    return res->n_fields - 1;
}

static void apply(fa_result *res)
{
    fa_error err = {0};
    ck_assert_msg(fa_rules_apply(RS, NULL, res, &err) == FA_OK, "%s", err.message);
}

/* The finding of RULE on FIELD whose quote is QUOTE (any quote when NULL). */
static const fa_finding *finding(const fa_result *res, const char *rule, int field,
                                 const char *quote)
{
    for (size_t i = 0; i < res->n_findings; i++) {
        const fa_finding *f = &res->findings[i];
        if (!strcmp(f->rule, rule) && f->field == field && (!quote || !strcmp(f->quote, quote)))
            return f;
    }
    return NULL;
}

static size_t count_field(const fa_result *res, int field, const char *category)
{
    size_t n = 0;
    for (size_t i = 0; i < res->n_findings; i++)
        if (res->findings[i].field == field &&
            (!category || !strcmp(res->findings[i].category, category)))
            n++;
    return n;
}

/* ---------------------------------------------------------------- packs */

START_TEST(packs_pass_their_own_examples)
{
    ck_assert_int_eq(fa_rules_test(RS, NULL), 0);
    const char *v = fa_rules_version(RS);
    ck_assert_ptr_nonnull(strstr(v, "fr-core 1.0"));
    ck_assert_ptr_nonnull(strstr(v, "fr-health 1.0"));
    ck_assert_ptr_nonnull(fa_rules_message(RS, "fr.health.mental", "en"));
    ck_assert_ptr_nonnull(strstr(fa_rules_message(RS, "fr.health.mental", "fr"), "santé"));
    ck_assert_ptr_null(fa_rules_message(RS, "no.such.rule", "fr"));
    fa_strvec lb = {0};
    ck_assert_int_eq(fa_rules_legal_basis(RS, "fr.criminal.record", &lb), FA_OK);
    ck_assert_uint_ge(lb.n, 2);
    ck_assert_str_eq(lb.v[0], "RGPD art. 10");
    fa_strvec_free(&lb);
}
END_TEST

START_TEST(every_sensitive_category_has_a_rule)
{
    /* One plain label per category of CONTRACT §3 (sensitive set). */
    static const struct {
        const char *label;
        fa_category cat;
    } t[] = {
        {"Numéro de sécurité sociale", FA_CAT_NATIONAL_ID},
        {"Revenus mensuels du ménage", FA_CAT_FINANCIAL},
        {"Suivi par un service de psychiatrie", FA_CAT_HEALTH},
        {"Origine ethnique", FA_CAT_ETHNIC_ORIGIN},
        {"Opinions politiques", FA_CAT_POLITICAL_OPINION},
        {"Pratique religieuse", FA_CAT_RELIGION},
        {"Appartenance syndicale", FA_CAT_UNION_MEMBERSHIP},
        {"Orientation sexuelle", FA_CAT_SEX_LIFE},
        {"Antécédents génétiques", FA_CAT_GENETIC},
        {"Empreintes digitales", FA_CAT_BIOMETRIC},
        {"Extrait de casier judiciaire", FA_CAT_CRIMINAL},
        {"Titre de séjour", FA_CAT_IMMIGRATION_STATUS},
        {"Violences conjugales", FA_CAT_FAMILY_LIFE},
        {"Capacités du ménage à se mobiliser", FA_CAT_SUBJECTIVE_ASSESSMENT},
        {"Observations du référent", FA_CAT_FREE_COMMENT},
    };
    fa_result *res = new_result();
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        add_field(res, t[i].label, FA_FK_TEXT, NULL, NULL);
    apply(res);
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        ck_assert_msg(res->fields[i].categories & FA_CAT_BIT(t[i].cat), "%s: not %s", t[i].label,
                      fa_category_name(t[i].cat));
        ck_assert_msg(count_field(res, (int)i, fa_category_name(t[i].cat)) >= 1, "%s: no finding",
                      t[i].label);
    }
    fa_result_free(res);
}
END_TEST

START_TEST(identity_and_contact_classified_without_findings)
{
    fa_result *res = new_result();
    add_field(res, "Nom", FA_FK_TEXT, NULL, NULL);
    add_field(res, "Date de naissance", FA_FK_DATE, NULL, NULL);
    add_field(res, "Téléphone", FA_FK_TEXT, NULL, NULL);
    add_field(res, "Nombre d'enfants à charge", FA_FK_TEXT, NULL, NULL);
    apply(res);
    ck_assert(res->fields[0].categories & FA_CAT_BIT(FA_CAT_IDENTITY));
    ck_assert(res->fields[1].categories & FA_CAT_BIT(FA_CAT_IDENTITY));
    ck_assert(res->fields[2].categories & FA_CAT_BIT(FA_CAT_CONTACT));
    ck_assert_uint_eq(res->fields[3].categories, 0); /* "Nombre" is not "Nom" */
    ck_assert_uint_eq(res->n_findings, 0);
    fa_result_free(res);
}
END_TEST

/* tests/data/rules/labels.tsv: real-world labels (social, school, housing, HR, leisure)
 * with the sensitive categories each should carry, including many that must carry none. */
START_TEST(labels_tsv)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/rules/labels.tsv", FA_TEST_DATA);
    FILE *f = fopen(path, "r");
    ck_assert_msg(f != NULL, "%s", path);
    char line[2048];
    int n = 0, bad = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = 0;
        if (!line[0] || line[0] == '#')
            continue;
        static char empty[1];
        char *col[4] = {line, empty, empty, empty};
        char *p = line;
        for (int k = 1; k < 4 && (p = strchr(p, '\t')) != NULL; k++) {
            *p++ = 0;
            col[k] = p;
        }
        fa_result *res = new_result();
        fa_field *fd = fa_result_add_field(res);
        fd->label = strdup(col[0]);
        fd->kind = col[2][0] ? FA_FK_CHECKBOX : FA_FK_TEXT;
        for (char *o = strtok(col[2], ";"); o; o = strtok(NULL, ";"))
            fa_strvec_push(&fd->options, o);
        fd->section = col[3][0] ? strdup(col[3]) : NULL;
        apply(res);
        char got[512] = "";
        for (int c = 0; c < FA_CAT_COUNT; c++)
            if ((FA_CAT_SENSITIVE & FA_CAT_BIT(c)) && (fd->categories & FA_CAT_BIT(c)))
                snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", got[0] ? "," : "",
                         fa_category_name((fa_category)c));
        if (strcmp(got, col[1])) {
            fprintf(stderr, "labels.tsv: \"%s\": want [%s] got [%s]\n", col[0], col[1], got);
            bad++;
        }
        n++;
        fa_result_free(res);
    }
    fclose(f);
    ck_assert_int_ge(n, 200);
    ck_assert_msg(bad == 0, "%d of %d labels misclassified (see stderr)", bad, n);
}
END_TEST

/* ---------------------------------------------------------------- checkbox groups */

START_TEST(checkbox_options_quote_their_own_box)
{
    fa_result *res = new_result();
    add_field(res, "Motif de la demande", FA_FK_CHECKBOX, "Situation du ménage",
              "Logement insalubre", "Violences familiales", "Séparation du couple",
              "Handicap ou perte d'autonomie", "Situation illégale en France", NULL);
    apply(res);
    const fa_finding *f = finding(res, "fr.family.conflict", 0, "Violences familiales");
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(f->scope, "option");
    ck_assert_str_eq(f->category, "family_life");
    ck_assert_int_eq(f->severity, FA_SEV_HIGH);
    ck_assert_ptr_nonnull(finding(res, "fr.family.conflict", 0, "Séparation du couple"));
    ck_assert_ptr_nonnull(finding(res, "fr.health.disability", 0, "Handicap ou perte d'autonomie"));
    ck_assert_ptr_nonnull(finding(res, "fr.immigration.status", 0, "Situation illégale en France"));
    for (size_t i = 0; i < res->n_findings; i++)
        ck_assert_str_ne(res->findings[i].quote, "Logement insalubre");
    /* the group carries the categories of its options */
    fa_catset want = FA_CAT_BIT(FA_CAT_FAMILY_LIFE) | FA_CAT_BIT(FA_CAT_HEALTH) |
                     FA_CAT_BIT(FA_CAT_IMMIGRATION_STATUS);
    ck_assert_uint_eq(res->fields[0].categories & want, want);
    /* "perte d'autonomie" is disability, not an appraisal of autonomy */
    ck_assert_ptr_null(finding(res, "fr.subjective.capacity", 0, NULL));
    fa_result_free(res);
}
END_TEST

START_TEST(meals_reveal_religion_indirectly)
{
    fa_result *res = new_result();
    add_field(res, "Régime alimentaire", FA_FK_CHECKBOX, "Restauration scolaire", "Standard",
              "Sans porc", "Repas halal", "Sans viande", NULL);
    add_field(res, "Allergies alimentaires (joindre le PAI)", FA_FK_TEXT, "Restauration scolaire",
              NULL);
    apply(res);
    ck_assert_ptr_nonnull(finding(res, "fr.religion.diet", 0, "Sans porc"));
    ck_assert_ptr_nonnull(finding(res, "fr.religion.diet", 0, "Repas halal"));
    ck_assert_ptr_null(finding(res, "fr.religion.diet", 0, "Sans viande"));
    ck_assert_ptr_null(finding(res, "fr.religion.diet", 0, "Standard"));
    ck_assert(res->fields[1].categories & FA_CAT_BIT(FA_CAT_HEALTH));
    ck_assert(!(res->fields[1].categories & FA_CAT_BIT(FA_CAT_RELIGION)));
    fa_result_free(res);
}
END_TEST

/* ---------------------------------------------------------------- traps */

START_TEST(running_text_traps_do_not_fire)
{
    static const char *const labels[] = {
        "Accueil de tous les enfants sans distinction d'origine ni de religion",
        "J'ai lu la politique de prêt du matériel",
        "Politique de confidentialité du site",
        "Quartier prioritaire de la politique de la ville",
        "Rayon santé-beauté",
        "Nom de la mutuelle santé",
        "Personne à prévenir en cas d'accident",
        "Syndicat de copropriété",
        "Lettre de motivation jointe",
        "Montant de l'adhésion annuelle",
        "Capacité d'accueil de la structure",
        "Champ à caractère obligatoire",
        "Date de l'évaluation",
        "Photo d'identité",
        "Pays de naissance",
        "Engagements du bénéficiaire",
    };
    fa_result *res = new_result();
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        add_field(res, labels[i], FA_FK_TEXT, NULL, NULL);
    apply(res);
    for (size_t i = 0; i < res->n_fields; i++)
        ck_assert_msg((res->fields[i].categories & FA_CAT_SENSITIVE) == 0, "\"%s\" classified %x",
                      labels[i], res->fields[i].categories);
    ck_assert_msg(res->n_findings == 0, "%zu findings, first %s on \"%s\"", res->n_findings,
                  res->n_findings ? res->findings[0].rule : "",
                  res->n_findings ? res->findings[0].quote : "");
    fa_result_free(res);
}
END_TEST

START_TEST(civil_status_is_not_family_conflict)
{
    fa_result *res = new_result();
    add_field(res, "Situation familiale", FA_FK_CHOICE, NULL, "Célibataire", "Marié(e)",
              "Divorcé(e)", "Séparé(e)", NULL);
    add_field(res, "Difficultés rencontrées", FA_FK_CHECKBOX, NULL, "Divorce", "Logement", NULL);
    apply(res);
    ck_assert_uint_eq(count_field(res, 0, "family_life"), 0);
    ck_assert_ptr_nonnull(finding(res, "fr.family.conflict", 1, "Divorce"));
    fa_result_free(res);
}
END_TEST

/* ---------------------------------------------------------------- quotes, spans */

START_TEST(quote_is_exact_and_span_maps_back)
{
    fa_result *res = new_result();
    add_field(res, "Épisode DÉPRESSIF récent ?", FA_FK_TEXT, "3. Santé", NULL);
    apply(res);
    const fa_finding *f = finding(res, "fr.health.mental", 0, NULL);
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(f->quote, "Épisode DÉPRESSIF récent ?");
    ck_assert_str_eq(f->matched, "DÉPRESSIF"); /* original text, accents kept */
    ck_assert_str_eq(f->pattern, "depressif"); /* the word that fired */
    ck_assert_str_eq(f->scope, "label");
    ck_assert_ptr_nonnull(f->message);
    ck_assert_ptr_nonnull(f->recommendation);
    ck_assert_uint_ge(f->legal_basis.n, 1);
    ck_assert_ptr_null(f->note);
    fa_result_free(res);
}
END_TEST

START_TEST(messages_follow_the_audit_language)
{
    fa_result *res = new_result();
    res->lang = "en";
    add_field(res, "Casier judiciaire", FA_FK_TEXT, NULL, NULL);
    apply(res);
    const fa_finding *f = finding(res, "fr.criminal.record", 0, NULL);
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(f->message, fa_rules_message(RS, "fr.criminal.record", "en"));
    ck_assert_ptr_nonnull(strstr(f->message, "offences"));
    fa_result_free(res);
}
END_TEST

START_TEST(severity_raised_for_an_employer)
{
    fa_result *res = new_result();
    res->context = FA_CTX_EMPLOYER;
    add_field(res, "Nombre de jours d'arrêt maladie", FA_FK_TEXT, NULL, NULL);
    apply(res);
    const fa_finding *f = finding(res, "fr.health.general", 0, NULL);
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(f->severity, FA_SEV_CRITICAL);
    ck_assert_ptr_nonnull(f->note);
    ck_assert_ptr_nonnull(strstr(f->note, "employeur"));
    fa_result_free(res);
}
END_TEST

/* ---------------------------------------------------------------- inflection */

static bool word_matches(const char *word, const char *text)
{
    char *folded_word = fa_fold_simple(word);
    char *p = fa_word_pattern(folded_word);
    char msg[200];
    pcre2_code *re = fa_regex_compile(p, msg, sizeof msg);
    ck_assert_msg(re != NULL, "%s: %s", p, msg);
    char *t = fa_fold_simple(text);
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    int rc = pcre2_match(re, (PCRE2_SPTR)t, strlen(t), 0, 0, md, NULL);
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    free(t);
    free(p);
    free(folded_word);
    return rc >= 0;
}

START_TEST(words_tolerate_gender_and_plural)
{
    static const char *const yes[] = {"séparé",   "séparée",    "séparés",
                                      "séparées", "séparé(e)",  "séparé(e)s",
                                      "séparé·e", "séparé·e·s", "séparé-e"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        ck_assert_msg(word_matches("séparé", yes[i]), "séparé vs %s", yes[i]);
    ck_assert(!word_matches("séparé", "séparation"));
    ck_assert(!word_matches("séparé", "inséparé"));
    ck_assert(word_matches("violence conjugale", "Violences  conjugales"));
    ck_assert(word_matches("sexuel", "vie sexuelle"));
    ck_assert(word_matches("dangereux", "dangereuse"));
    ck_assert(word_matches("agressif", "agressive"));
    ck_assert(word_matches("médical", "médicaux"));
    ck_assert(word_matches("travailleur", "travailleuse"));
    ck_assert(word_matches("psychiatr*", "pédopsychiatre") == false);
    ck_assert(word_matches("psychiatr*", "psychiatrique"));
    ck_assert(word_matches("savoir être", "savoir-être"));
}
END_TEST

START_TEST(literal_prefilter_is_conservative)
{
    /* The literals a match must contain, up to two checked (NULL: not checked). */
    static const struct {
        const char *re;
        size_t n;
        const char *lit0, *lit1;
    } cases[] = {
        {"(?<![a-z])casier\\s+judiciaire", 1, "judiciaire", NULL},
        /* a top-level alternation needs one literal per branch */
        {"halal|casher", 2, NULL, NULL},
        /* optional characters are not required */
        {"abcdex?yz", 1, "abcde", NULL},
        /* nothing provable: the regex must always run */
        {"^\\s*[0-9]\\s*$", 0, NULL, NULL},
        {"ab|(?:cdef)", 0, NULL, NULL},
        /* a required group gives the union of its branches; an optional one nothing */
        {"(?<![a-z])(?:conflits?|tensions?)\\s+de", 2, "conflit", "tension"},
        {"(?:abcdef)?xyz", 1, "xyz", NULL},
        /* PCRE2 drops comments and a lone \E: the quantifier applies to the c before */
        {"abc(?#note)?", 0, NULL, NULL},
        {"abc\\E?", 0, NULL, NULL},
        /* \x41 is one character, not the literal "41" */
        {"\\x41bc|\\x41de", 0, NULL, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fa_strvec v = {0};
        ck_assert_int_eq(fa_regex_literals(cases[i].re, &v), FA_OK);
        ck_assert_msg(v.n == cases[i].n, "%s: %zu literals", cases[i].re, v.n);
        if (cases[i].lit0)
            ck_assert_str_eq(v.v[0], cases[i].lit0);
        if (cases[i].lit1)
            ck_assert_str_eq(v.v[1], cases[i].lit1);
        fa_strvec_free(&v);
    }
}
END_TEST

/* ---------------------------------------------------------------- grids */

START_TEST(rating_scales_give_one_finding_per_item)
{
    fa_result *res = new_result();
    add_field(res, "Relations avec l'entourage", FA_FK_CHOICE, "Bilan", "Acquis",
              "En cours d'acquisition", "Non acquis", NULL);
    add_field(res, "Gestion du quotidien", FA_FK_CHOICE,
              "Grille d'évaluation de l'autonomie sociale", "1", "2", "3", "4", NULL);
    add_field(res, "Nombre de personnes au foyer", FA_FK_CHOICE, "Composition du foyer", "1", "2",
              "3", "4", NULL);
    add_field(res, "Accueil", FA_FK_CHOICE, "Questionnaire de satisfaction", "Insuffisant",
              "Satisfaisant", NULL);
    apply(res);
    ck_assert_uint_eq(count_field(res, 0, "subjective_assessment"), 1);
    const fa_finding *f = finding(res, "fr.subjective.rating_scale", 0, NULL);
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(f->quote, "Relations avec l'entourage"); /* the item, not "Acquis" */
    ck_assert_ptr_nonnull(finding(res, "fr.subjective.grid_level", 1, "Gestion du quotidien"));
    ck_assert_uint_eq(count_field(res, 1, NULL), 1);
    ck_assert_uint_eq(count_field(res, 2, NULL), 0);
    ck_assert_uint_eq(count_field(res, 3, NULL), 0); /* rating the service, not the person */
    fa_result_free(res);
}
END_TEST

/* A grid whose headings were lost (a title typed as a plain paragraph) is still known
 * from the opening of the document. */
static fa_doc *doc_with_title(const char *title)
{
    fa_doc *doc = fa_doc_new("grid.odt", FA_FMT_ODT);
    ck_assert_ptr_nonnull(doc);
    fa_node *p = fa_node_new(doc, FA_N_PARAGRAPH);
    fa_node_append_text(doc, p, title, strlen(title));
    fa_node_append(doc->root, p);
    fa_doc_finish(doc);
    return doc;
}

START_TEST(grid_known_from_the_document_title)
{
    const char *titles[2] = {"Grille d'évaluation de l'autonomie sociale du résident",
                             "Fiche d'inscription à l'accueil de loisirs"};
    for (int k = 0; k < 2; k++) {
        fa_doc *doc = doc_with_title(titles[k]);
        fa_result *res = new_result();
        add_field(res, "Gestion du quotidien", FA_FK_CHOICE, NULL, "1", "2", "3", "4", NULL);
        fa_error err = {0};
        ck_assert_msg(fa_rules_apply(RS, doc, res, &err) == FA_OK, "%s", err.message);
        ck_assert_uint_eq(count_field(res, 0, "subjective_assessment"), k == 0 ? 1 : 0);
        fa_result_free(res);
        fa_doc_free(doc);
    }
}
END_TEST

/* ---------------------------------------------------------------- language, negation */

/* Issue 12: "la parole" is speech in French; the English rule on parole (criminal
 * justice) must not cross into French text, in a French document or a French label. */
START_TEST(english_rules_stay_out_of_french_text)
{
    fa_doc *doc = doc_with_title("Guide d'évaluation des besoins de compensation en matière de "
                                 "scolarisation : observation des activités de l'élève");
    fa_result *res = new_result();
    add_field(res, "Comprendre la parole en face à face", FA_FK_CHOICE, NULL, "A", "B", "C", "D",
              NULL);
    add_field(res, "Parole", FA_FK_TEXT, NULL, NULL);
    fa_error err = {0};
    ck_assert_msg(fa_rules_apply(RS, doc, res, &err) == FA_OK, "%s", err.message);
    ck_assert_uint_eq(count_field(res, 0, "criminal"), 0);
    ck_assert_uint_eq(count_field(res, 1, "criminal"), 0);
    fa_result_free(res);
    fa_doc_free(doc);
    /* the same rule still reads an English form */
    doc = doc_with_title("Tenancy application: please answer every question about your history");
    res = new_result();
    add_field(res, "Are you currently on parole or probation?", FA_FK_CHOICE, NULL, "Yes", "No",
              NULL);
    ck_assert_msg(fa_rules_apply(RS, doc, res, &err) == FA_OK, "%s", err.message);
    ck_assert_uint_ge(count_field(res, 0, "criminal"), 1);
    fa_result_free(res);
    fa_doc_free(doc);
}
END_TEST

/* A label that forbids a category does not collect it; a warning is not a field. */
START_TEST(negation_and_warnings_collect_nothing)
{
    fa_result *res = new_result();
    add_field(res, "Exposé des faits constatés (sans appréciation personnelle)", FA_FK_MULTILINE,
              NULL, NULL);
    add_field(res, "Motif de l'orientation (ne pas indiquer de diagnostic médical)",
              FA_FK_MULTILINE, NULL, NULL);
    add_field(res,
              "Quiconque se rend coupable de fraude ou de fausse déclaration est passible de "
              "pénalités financières, d'amende et/ou d'emprisonnement (articles 313-1, 441-1 "
              "et 441-6 du Code pénal)",
              FA_FK_TEXT, NULL, NULL);
    add_field(res, "Appréciation de l'évaluateur", FA_FK_MULTILINE, NULL, NULL);
    apply(res);
    ck_assert_uint_eq(count_field(res, 0, "subjective_assessment"), 0);
    ck_assert_uint_eq(count_field(res, 1, "health"), 0);
    ck_assert_uint_eq(count_field(res, 2, NULL), 0);
    ck_assert_uint_ge(count_field(res, 3, "subjective_assessment"), 1);
    fa_result_free(res);
}
END_TEST

/* ---------------------------------------------------------------- identifiers */

START_TEST(identifiers_in_a_filled_form_are_masked)
{
    fa_doc *doc = fa_doc_new("filled.txt", FA_FMT_TXT);
    ck_assert_ptr_nonnull(doc);
    const char *body = "Versement sur FR76 3000 6000 0112 3456 7890 189, assuré "
                       "1 86 02 2A 215 325 23.";
    fa_node *p = fa_node_new(doc, FA_N_PARAGRAPH);
    fa_node_append_text(doc, p, body, strlen(body));
    fa_node_append(doc->root, p);
    fa_doc_finish(doc);

    fa_result *res = new_result();
    size_t i = add_field(res, "Numéro de sécurité sociale", FA_FK_TEXT, NULL, NULL);
    res->fields[i].value = strdup("1 86 02 2A 215 325 23");
    size_t j = add_field(res, "Téléphone", FA_FK_TEXT, NULL, NULL);
    res->fields[j].value = strdup("06 12 34 56 78");
    size_t c = add_field(res, "Observations", FA_FK_MULTILINE, NULL, NULL);
    res->fields[c].value = strdup("Reçu le 2 mars : cas social, NIR 2 95 10 99 126 111 93.");
    fa_error err = {0};
    ck_assert_msg(fa_rules_apply(RS, doc, res, &err) == FA_OK, "%s", err.message);

    ck_assert_ptr_nonnull(finding(res, "fr.id.nir", 0, "Numéro de sécurité sociale"));
    const fa_finding *v = finding(res, "fr.value.nir", 0, NULL);
    ck_assert_ptr_nonnull(v);
    ck_assert_str_eq(v->category, "national_id");
    ck_assert_str_eq(v->scope, "value");
    ck_assert_str_eq(v->quote, "1 86 02 ** *** *** **");
    ck_assert_uint_eq(count_field(res, 1, NULL), 0);
    /* the IBAN of the running text is a document-level value finding; the NIR, already
     * reported on its field, is not repeated */
    const fa_finding *b = finding(res, "fr.value.iban", -1, NULL);
    ck_assert_ptr_nonnull(b);
    ck_assert_str_eq(b->category, "value");
    ck_assert_str_eq(b->quote, "FR76 **** **** **** **** **** ***");
    ck_assert_ptr_null(finding(res, "fr.value.nir", -1, NULL));
    /* a filled comment: the insult is quoted, the identifier inside it is masked */
    const fa_finding *ins = finding(res, "fr.subjective.insult", (int)c, NULL);
    ck_assert_ptr_nonnull(ins);
    ck_assert_str_eq(ins->matched, "cas social");
    ck_assert_str_eq(ins->quote, "Reçu le 2 mars : cas social, NIR 2 95 10 ** *** *** **.");
    ck_assert_ptr_nonnull(finding(res, "fr.value.nir", (int)c, "2 95 10 ** *** *** **"));
    /* never a raw value anywhere in a finding */
    for (size_t k = 0; k < res->n_findings; k++) {
        const fa_finding *f = &res->findings[k];
        const char *s[] = {f->quote, f->matched, f->message, f->pattern};
        for (int m = 0; m < 4; m++) {
            ck_assert_ptr_null(strstr(s[m], "215 325"));
            ck_assert_ptr_null(strstr(s[m], "0112 3456"));
            ck_assert_ptr_null(strstr(s[m], "126 111"));
        }
    }
    fa_result_free(res);
    fa_doc_free(doc);
}
END_TEST

/* ---------------------------------------------------------------- fa_rules_match */

typedef struct hits {
    char rule[64];
    size_t start, end;
    int n;
} hits;

static void on_hit(const fa_rule_hit *h, void *ud)
{
    hits *x = ud;
    if (!x->n++) {
        snprintf(x->rule, sizeof x->rule, "%s", h->rule_id);
        x->start = h->start;
        x->end = h->end;
    }
}

START_TEST(match_api_on_body_text)
{
    const char *t = "Entretien du 3 mars. Monsieur X, véritable « cas social », refuse tout.";
    hits h = {{0}, 0, 0, 0};
    ck_assert_int_eq(fa_rules_match(RS, FA_SCOPE_BODY, t, on_hit, &h), FA_OK);
    ck_assert_int_eq(h.n, 1);
    ck_assert_str_eq(h.rule, "fr.subjective.insult");
    ck_assert_int_eq(strncmp(t + h.start, "cas social", h.end - h.start), 0);
    hits none = {{0}, 0, 0, 0};
    ck_assert_int_eq(fa_rules_match(RS, FA_SCOPE_BODY, "Assisté par un interprète.", on_hit, &none),
                     FA_OK);
    ck_assert_int_eq(none.n, 0);
    ck_assert_int_eq(fa_rules_match(RS, FA_SCOPE_COUNT, t, on_hit, &h), FA_ERR_USAGE);
}
END_TEST

/* ---------------------------------------------------------------- loader errors */

static char tmp_dir[64];

/* Remove the scratch directory (its files are unlinked by their users). */
static void tmp_done(void)
{
    if (tmp_dir[0])
        rmdir(tmp_dir);
    tmp_dir[0] = 0;
}

static char *write_tmp(const char *name, const char *text)
{
    char *dir = tmp_dir;
    if (!dir[0]) {
        snprintf(dir, sizeof tmp_dir, "/tmp/fa_rules_XXXXXX");
        ck_assert_ptr_nonnull(mkdtemp(dir));
    }
    char *path = malloc(strlen(dir) + strlen(name) + 2);
    sprintf(path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    return path;
}

#define RULE_TAIL                                                                                  \
    "\"legal_basis\": [\"RGPD art. 9\"],\n"                                                        \
    "\"message\": {\"fr\": \"m\", \"en\": \"m\"},\n"                                               \
    "\"recommendation\": {\"fr\": \"r\", \"en\": \"r\"},\n"                                        \
    "\"examples\": {\"match\": [\"aa\", \"ab\"], \"no_match\": [\"b\", \"c\"]}}\n"

static void expect_error(const char *name, const char *text, const char *want)
{
    char *path = write_tmp(name, text);
    fa_rules *rs = fa_rules_new();
    fa_error err = {0};
    ck_assert_int_eq(fa_rules_add_file(rs, path, &err), FA_ERR_RULES);
    ck_assert_int_eq(err.status, FA_ERR_RULES);
    char full[1024];
    snprintf(full, sizeof full, "%s:%s", path, want);
    ck_assert_msg(!strncmp(err.message, full, strlen(full)), "got: %s\nwant: %s", err.message,
                  full);
    fa_rules_free(rs);
    unlink(path);
    free(path);
}

START_TEST(loader_errors_name_file_line_column)
{
    expect_error("syntax.json", "{\n \"pack\": \"x\",\n \"rules\": [,]\n}\n", "3:");
    expect_error("badre.json",
                 "{\"pack\": \"t\", \"version\": \"1\", \"rules\": [\n"
                 "  {\"id\": \"ok.rule\", \"category\": \"health\", \"severity\": \"high\",\n"
                 "   \"scope\": [\"label\"], \"patterns\": [\"a\"],\n" RULE_TAIL ",\n"
                 "  {\"id\": \"t.bad\", \"category\": \"health\", \"severity\": \"high\",\n"
                 "   \"scope\": [\"label\"], \"patterns\": [\"a(b\"],\n" RULE_TAIL "]}\n",
                 "9:4: rule \"t.bad\": invalid pattern at offset 3: ");
    expect_error("badcat.json",
                 "{\"pack\": \"t\", \"version\": \"1\", \"rules\": [\n"
                 "  {\"id\": \"t.cat\", \"category\": \"santé\", \"severity\": \"high\",\n"
                 "   \"scope\": [\"label\"], \"patterns\": [\"a\"],\n" RULE_TAIL "]}\n",
                 "2:4: rule \"t.cat\": unknown category \"santé\"");
    expect_error("accent.json",
                 "{\"pack\": \"t\", \"version\": \"1\", \"rules\": [\n"
                 "  {\"id\": \"t.acc\", \"category\": \"health\", \"severity\": \"high\",\n"
                 "   \"scope\": [\"label\"], \"patterns\": [\"santé\"],\n" RULE_TAIL "]}\n",
                 "2:4: rule \"t.acc\": pattern \"santé\": write it folded");
    expect_error("noex.json",
                 "{\"pack\": \"t\", \"version\": \"1\", \"rules\": [\n"
                 "  {\"id\": \"t.ex\", \"category\": \"health\", \"severity\": \"high\",\n"
                 "   \"scope\": [\"label\"], \"patterns\": [\"a\"],\n"
                 "\"legal_basis\": [\"RGPD art. 9\"],\n"
                 "\"message\": {\"fr\": \"m\", \"en\": \"m\"},\n"
                 "\"recommendation\": {\"fr\": \"r\", \"en\": \"r\"},\n"
                 "\"examples\": {\"match\": [\"a\"], \"no_match\": [\"b\", \"c\"]}}]}\n",
                 "2:4: rule \"t.ex\": \"examples\".\"match\" needs at least 2 examples");
    expect_error("scope.json",
                 "{\"pack\": \"t\", \"version\": \"1\", \"rules\": [\n"
                 "  {\"id\": \"t.sc\", \"category\": \"health\", \"severity\": \"grave\",\n"
                 "   \"scope\": [\"label\"], \"patterns\": [\"a\"],\n" RULE_TAIL "]}\n",
                 "2:4: rule \"t.sc\": \"severity\" must be");
    /* the same rule id twice (here: in the default packs and a user pack) */
    char *path = write_tmp("dup.json",
                           "{\"pack\": \"user\", \"version\": \"1\", \"rules\": [\n"
                           "  {\"id\": \"fr.health.mental\", \"category\": \"health\", "
                           "\"severity\": \"high\",\n"
                           "   \"scope\": [\"label\"], \"patterns\": [\"a\"],\n" RULE_TAIL "]}\n");
    fa_rules *rs = fa_rules_new();
    fa_error err = {0};
    ck_assert_int_eq(fa_rules_add_default(rs, &err), FA_OK);
    ck_assert_int_eq(fa_rules_add_file(rs, path, &err), FA_ERR_RULES);
    ck_assert_ptr_nonnull(strstr(err.message, ":2:4: rule \"fr.health.mental\": duplicate"));
    unlink(path);
    /* a failed pack leaves the set usable */
    ck_assert_int_eq(fa_rules_compile(rs, &err), FA_OK);
    ck_assert_int_eq(fa_rules_test(rs, NULL), 0);
    fa_rules_free(rs);
    free(path);
    rs = fa_rules_new();
    ck_assert_int_eq(fa_rules_add_mem(rs, "mem.json", "{\n ,", 4, &err), FA_ERR_RULES);
    ck_assert_msg(!strncmp(err.message, "mem.json:2:", 11), "%s", err.message);
    ck_assert_int_eq(fa_rules_add_file(rs, "/nonexistent/pack.json", &err), FA_ERR_RULES);
    ck_assert_str_eq(err.message, "/nonexistent/pack.json: cannot open rule pack");
    fa_rules_free(rs);
    tmp_done();
}
END_TEST

/* Ids are printed in Markdown code spans, HTML and file names: anything outside the
 * id pattern is refused where it is written (issue 18: a backtick in an id ended the
 * code span and let a pack inject markup). */
START_TEST(rule_ids_follow_one_pattern)
{
    static const char *const bad[] = {"fr.x`<script>alert(1)</script>`",
                                      "Fr.health",
                                      "fr",
                                      "fr.",
                                      ".health",
                                      "fr..x",
                                      "fr.health mental",
                                      "1fr.x",
                                      "fr-x.y",
                                      "fr.x/y",
                                      "fr.santé"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        fa_buf b = {0};
        fa_buf_puts(&b, "{\"pack\": \"t\", \"version\": \"1\", \"rules\": [\n  {\"id\": ");
        /* the id as a JSON string */
        fa_buf_putc(&b, '"');
        for (const char *c = bad[i]; *c; c++) {
            if (*c == '"' || *c == '\\')
                fa_buf_putc(&b, '\\');
            fa_buf_putc(&b, *c);
        }
        fa_buf_printf(&b, "\", \"category\": \"health\", \"severity\": \"high\",\n"
                          "   \"scope\": [\"label\"], \"patterns\": [\"a\"],\n" RULE_TAIL "]}\n");
        char want[256];
        snprintf(want, sizeof want, "2:4: rule \"%s\": invalid id", bad[i]);
        expect_error("badid.json", b.data, want);
        fa_buf_free(&b);
    }
    /* an id with JSON escapes cannot be located (1:1); it is shown without controls */
    fa_rules *rs0 = fa_rules_new();
    fa_error e0 = {0};
    const char *esc = "{\"pack\": \"t\", \"version\": \"1\", \"rules\": [\n  {\"id\": "
                      "\"fr.x\\u001b[2J\\\"y\", \"category\": \"health\"}]}";
    ck_assert_int_eq(fa_rules_add_mem(rs0, "esc.json", esc, strlen(esc), &e0), FA_ERR_RULES);
    ck_assert_str_eq(e0.message, "esc.json:1:1: rule \"fr.x?[2J\"y\": invalid id (lower-case "
                                 "letters, digits and _, then one or more \".part\" of a-z 0-9 _ "
                                 "-, at most 128 bytes: fr.health.mental)");
    fa_rules_free(rs0);
    /* what the packs use passes: two parts and more, digits, _ and - after the first dot */
    static const char *const good[] = {"fr.x", "en.health.mental_2", "fr.subjective.savoir-etre",
                                       "user_1.a.b.c"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        fa_buf b = {0};
        fa_buf_printf(&b,
                      "{\"pack\": \"t\", \"version\": \"1\", \"rules\": [\n  {\"id\": \"%s\", "
                      "\"category\": \"health\", \"severity\": \"high\",\n"
                      "   \"scope\": [\"label\"], \"patterns\": [\"a\"],\n" RULE_TAIL "]}\n",
                      good[i]);
        fa_rules *rs = fa_rules_new();
        fa_error err = {0};
        ck_assert_msg(fa_rules_add_mem(rs, "good.json", b.data, b.len, &err) == FA_OK, "%s: %s",
                      good[i], err.message);
        fa_rules_free(rs);
        fa_buf_free(&b);
    }
    tmp_done();
}
END_TEST

/* N minimal rules "PREFIX.rK" (K from FIRST) in pack NAME; a bad pattern in rule BAD
 * (index, or -1 for none). */
static char *gen_pack(const char *name, const char *prefix, int first, int n, int bad)
{
    fa_buf b = {0};
    fa_buf_printf(&b, "{\"pack\": \"%s\", \"version\": \"1\", \"rules\": [\n", name);
    for (int i = 0; i < n; i++)
        fa_buf_printf(
            &b,
            "%s{\"id\": \"%s.r%d\", \"category\": \"health\", \"severity\": \"low\","
            " \"scope\": [\"label\"], \"patterns\": [\"%s\"],"
            " \"legal_basis\": [\"x\"], \"message\": {\"fr\": \"m\", \"en\": \"m\"},"
            " \"recommendation\": {\"fr\": \"r\", \"en\": \"r\"},"
            " \"examples\": {\"match\": [\"aa\", \"ab\"], \"no_match\": [\"b\", \"c\"]}}\n",
            i ? "," : "", prefix, first + i, i == bad ? "a(" : "a");
    fa_buf_puts(&b, "]}\n");
    return fa_buf_steal(&b);
}

/* Loading is linear in the number of rules (duplicate ids were found by comparing each
 * id with every earlier one: 100,000 rules took 46-64 s) and bounded by FA_MAX_RULES. */
START_TEST(rule_count_is_bounded_and_loading_linear)
{
    fa_error err = {0};
    fa_rules *rs = fa_rules_new();
    /* a pack that fails half-way is rolled back: its ids may be loaded again */
    char *p1 = gen_pack("p1", "t", 0, 3000, 2999);
    ck_assert_int_eq(fa_rules_add_mem(rs, "p1.json", p1, strlen(p1), &err), FA_ERR_RULES);
    free(p1);
    struct timespec t0, t1;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
    char *p2 = gen_pack("p2", "t", 0, FA_MAX_RULES / 2, -1);
    ck_assert_msg(fa_rules_add_mem(rs, "p2.json", p2, strlen(p2), &err) == FA_OK, "%s",
                  err.message);
    free(p2);
    /* a duplicate found across packs after the index grew */
    char *p3 = gen_pack("p3", "t", FA_MAX_RULES / 2 - 1, 2, -1);
    ck_assert_int_eq(fa_rules_add_mem(rs, "p3.json", p3, strlen(p3), &err), FA_ERR_RULES);
    ck_assert_msg(strstr(err.message, "duplicate rule id"), "%s", err.message);
    free(p3);
    char *p4 = gen_pack("p4", "u", 0, FA_MAX_RULES - FA_MAX_RULES / 2, -1);
    ck_assert_msg(fa_rules_add_mem(rs, "p4.json", p4, strlen(p4), &err) == FA_OK, "%s",
                  err.message);
    free(p4);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("rule_count_is_bounded_and_loading_linear: %d rules loaded in %.2f s CPU\n",
           FA_MAX_RULES, secs);
    ck_assert_msg(secs < 20, "%d rules took %.1f s", FA_MAX_RULES, secs);
    /* one more is refused, naming the limit */
    char *p5 = gen_pack("p5", "v", 0, 1, -1);
    ck_assert_int_eq(fa_rules_add_mem(rs, "p5.json", p5, strlen(p5), &err), FA_ERR_RULES);
    ck_assert_msg(strstr(err.message, "p5.json:1:1: ") && strstr(err.message, "limit FA_MAX_RULES"),
                  "%s", err.message);
    free(p5);
    ck_assert_int_eq(fa_rules_compile(rs, &err), FA_OK);
    fa_rules_free(rs);
}
END_TEST

/* ---------------------------------------------------------------- threads */

typedef struct job {
    size_t findings;
    fa_catset cats;
} job;

static void *worker(void *arg)
{
    job *j = arg;
    for (int round = 0; round < 50; round++) {
        fa_result *res = new_result();
        add_field(res, "Motif", FA_FK_CHECKBOX, NULL, "Conflits conjugaux",
                  "Problèmes psychologiques", "Situation illégale en France", NULL);
        add_field(res, "Observations du référent", FA_FK_MULTILINE, NULL, NULL);
        fa_error err = {0};
        fa_rules_apply(RS, NULL, res, &err);
        j->findings += res->n_findings;
        j->cats |= res->fields[0].categories | res->fields[1].categories;
        fa_result_free(res);
    }
    return NULL;
}

START_TEST(compiled_set_is_shared_by_threads)
{
    pthread_t t[4];
    job jobs[4] = {{0, 0}};
    for (int i = 0; i < 4; i++)
        ck_assert_int_eq(pthread_create(&t[i], NULL, worker, &jobs[i]), 0);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    for (int i = 1; i < 4; i++) {
        ck_assert_uint_eq(jobs[i].findings, jobs[0].findings);
        ck_assert_uint_eq(jobs[i].cats, jobs[0].cats);
    }
    /* three options, and "Observations du référent": a free comment and a referent's
     * appraisal (issue 12) */
    ck_assert_uint_eq(jobs[0].findings, 50 * 5);
}
END_TEST

/* ---------------------------------------------------------------- scale */

/* A generated pack of 1000 rules, each with its own made-up term: every rule must still
 * fire on its own term (the prefilter may skip regexes, never matches). Prints timings. */
START_TEST(thousand_rules)
{
    fa_buf b = {0};
    fa_buf_puts(&b, "{\"pack\": \"gen\", \"version\": \"1\", \"rules\": [\n");
    for (int i = 0; i < 1000; i++) {
        fa_buf_printf(&b,
                      "%s{\"id\": \"gen.r%d\", \"category\": \"health\", \"severity\": \"low\","
                      " \"scope\": [\"label\", \"option\"],"
                      " \"words\": [\"zorglub%dx\", \"plim%dquatre\"],"
                      " \"patterns\": [\"(?<![a-z])bzz%d\\\\s+(?:ter|quater)\"],"
                      " \"exceptions\": [\"sauf%d\"],"
                      " \"legal_basis\": [\"RGPD art. 9\"],"
                      " \"message\": {\"fr\": \"m\", \"en\": \"m\"},"
                      " \"recommendation\": {\"fr\": \"r\", \"en\": \"r\"},"
                      " \"examples\": {\"match\": [\"le zorglub%dx\", \"bzz%d quater\"],"
                      " \"no_match\": [\"zorglub%dy\", \"sauf%d zorglub%dx\"]}}\n",
                      i ? "," : "", i, i, i, i, i, i, i, i, i, i);
    }
    fa_buf_puts(&b, "]}\n");
    char *path = write_tmp("gen1000.json", b.data);
    fa_buf_free(&b);
    fa_rules *rs = fa_rules_new();
    fa_error err = {0};
    struct timespec t0, t1, t2, t3;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
    ck_assert_msg(fa_rules_add_default(rs, &err) == FA_OK, "%s", err.message);
    ck_assert_msg(fa_rules_add_file(rs, path, &err) == FA_OK, "%s", err.message);
    ck_assert_msg(fa_rules_compile(rs, &err) == FA_OK, "%s", err.message);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
    ck_assert_int_eq(fa_rules_test(rs, NULL), 0);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t2);
    /* 2000 fields of an ordinary long form */
    fa_result *res = new_result();
    char label[96];
    for (int i = 0; i < 2000; i++) {
        snprintf(label, sizeof label, "Question %d : situation du logement et bzz%d quater", i,
                 i % 1000);
        add_field(res, label, FA_FK_TEXT, "Situation", NULL);
    }
    fa_rules_free(RS);
    RS = rs; /* apply() uses RS; teardown frees it */
    apply(res);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t3);
    size_t gen = 0;
    for (size_t i = 0; i < res->n_findings; i++)
        gen += !strncmp(res->findings[i].rule, "gen.r", 5);
    ck_assert_uint_eq(gen, 2000);
    printf(
        "thousand_rules (CPU time): load+compile %.0f ms, self-test %.0f ms, 2000 fields %.0f ms\n",
        (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6,
        (t2.tv_sec - t1.tv_sec) * 1e3 + (t2.tv_nsec - t1.tv_nsec) / 1e6,
        (t3.tv_sec - t2.tv_sec) * 1e3 + (t3.tv_nsec - t2.tv_nsec) / 1e6);
    fa_result_free(res);
    unlink(path);
    free(path);
    tmp_done();
    /* teardown frees RS (= rs) */
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("rules");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, packs_pass_their_own_examples);
    tcase_add_test(tc, every_sensitive_category_has_a_rule);
    tcase_add_test(tc, identity_and_contact_classified_without_findings);
    tcase_add_test(tc, labels_tsv);
    tcase_add_test(tc, checkbox_options_quote_their_own_box);
    tcase_add_test(tc, meals_reveal_religion_indirectly);
    tcase_add_test(tc, running_text_traps_do_not_fire);
    tcase_add_test(tc, civil_status_is_not_family_conflict);
    tcase_add_test(tc, quote_is_exact_and_span_maps_back);
    tcase_add_test(tc, messages_follow_the_audit_language);
    tcase_add_test(tc, severity_raised_for_an_employer);
    tcase_add_test(tc, words_tolerate_gender_and_plural);
    tcase_add_test(tc, literal_prefilter_is_conservative);
    tcase_add_test(tc, rating_scales_give_one_finding_per_item);
    tcase_add_test(tc, grid_known_from_the_document_title);
    tcase_add_test(tc, english_rules_stay_out_of_french_text);
    tcase_add_test(tc, negation_and_warnings_collect_nothing);
    tcase_add_test(tc, identifiers_in_a_filled_form_are_masked);
    tcase_add_test(tc, match_api_on_body_text);
    tcase_add_test(tc, loader_errors_name_file_line_column);
    tcase_add_test(tc, rule_ids_follow_one_pattern);
    tcase_add_test(tc, rule_count_is_bounded_and_loading_linear);
    tcase_add_test(tc, compiled_set_is_shared_by_threads);
    tcase_add_test(tc, thousand_rules);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return fx_run_suite(suite());
}
