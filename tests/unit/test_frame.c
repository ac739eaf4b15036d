/* test_frame.c — the legal frame and the whole system (frame.c, rules/fr-frames.json)
 * and what the avis says of them, on forms written for each frame
 * (tests/data/frames/): an information préoccupante from a school social service, a Caf
 * RSA application, an MDPH medical certificate, an employer's hiring questionnaire, an
 * association's membership form, a library registration and a CCAS "instance de
 * concertation". For each: the frame is recognised, the questions it prescribes are not
 * "to delete", the right articles are cited and the wrong ones are not, and a benign form
 * has nothing above "moyen". Golden avis (Markdown) pin these forms and the bundled
 * corpora (corpora/); FA_UPDATE_GOLDEN=1 rewrites them, to review. */
#include "avis.h"
#include "formaudit_report.h"
#include "result.h"

#include "fixtures.h"
#include <check.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static fa_rules *RS;
static const fa_report_opts FR = {.lang = "fr", .date = "2026-01-15", .tool_version = "0.1.0"};

static void setup(void)
{
    fa_error err = {0};
    RS = fa_rules_new();
    ck_assert_msg(fa_rules_add_default(RS, &err) == FA_OK, "%s", err.message);
    ck_assert_msg(fa_rules_compile(RS, &err) == FA_OK, "%s", err.message);
}

static void teardown(void)
{
    fa_rules_free(RS);
}

static fa_result *audit(const char *rel)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", FA_TEST_DATA, rel);
    fa_audit_opts o = {FA_CTX_AUTO, "fr"};
    fa_result *res = fa_audit_path(path, RS, &o);
    ck_assert_ptr_nonnull(res);
    ck_assert_msg(fa_result_status(res) == FA_OK, "%s: %s", rel, fa_result_error(res));
    /* the reports name it by its file, not by the machine's directories */
    free(res->path);
    res->path = strdup(rel);
    return res;
}

static char *md(const fa_result *res)
{
    fa_buf b = {0};
    ck_assert_int_eq(fa_report_render(FA_REPORT_MD, res, &FR, &b), FA_OK);
    return fa_buf_steal(&b);
}

/* The finding of RES quoting Q (with category CAT when given). */
static const fa_finding *quoting(const fa_result *res, const char *q, const char *cat)
{
    for (size_t i = 0; i < res->n_findings; i++) {
        const fa_finding *f = &res->findings[i];
        if (f->quote && strstr(f->quote, q) && (!cat || !strcmp(f->category, cat)))
            return f;
    }
    return NULL;
}

static int worst(const fa_result *res)
{
    int w = -1;
    for (size_t i = 0; i < res->n_findings; i++)
        w = (int)res->findings[i].severity > w ? (int)res->findings[i].severity : w;
    return w;
}

/* The analysis of the avis (before its annexes). */
static char *body(char *avis)
{
    char *a = strstr(avis, "## Annexe A");
    if (a)
        *a = 0;
    return avis;
}

START_TEST(crip_information_preoccupante)
{
    fa_result *res = audit("frames/crip-information-preoccupante-ecole.html");
    ck_assert_str_eq(res->frame.id, "crip");
    /* the danger facts are the very subject of the concern: provided for, not to delete */
    const fa_finding *f = quoting(res, "Violences conjugales au domicile", "family_life");
    ck_assert_ptr_nonnull(f);
    ck_assert_ptr_nonnull(f->prescribed);
    ck_assert_int_le(f->severity, FA_SEV_LOW);
    ck_assert_ptr_null(strstr(f->recommendation, "Supprimer"));
    /* the transmission to the CRIP is imposed by law */
    const fa_finding *s = quoting(res, "cellule départementale de recueil", "sharing");
    ck_assert_ptr_nonnull(s);
    ck_assert_ptr_nonnull(strstr(s->message, "imposée par la loi"));
    ck_assert_ptr_null(strstr(s->message, "accord n'est pas demandé"));
    ck_assert_ptr_null(strstr(s->recommendation, "supprimer toute transmission"));
    char *a = body(md(res));
    ck_assert_ptr_nonnull(strstr(a, "**CASF, art. L226-2-1**"));
    ck_assert_ptr_nonnull(strstr(a, "**CASF, art. L226-2-2**"));
    ck_assert_ptr_nonnull(strstr(a, "**Code pénal, art. 226-14**"));
    ck_assert_ptr_null(strstr(a, "L1110-4")); /* a school social service: no care team */
    /* good practices credited: facts without appraisal, parents informed */
    ck_assert_ptr_nonnull(strstr(a, "## Bonnes pratiques relevées"));
    ck_assert_ptr_nonnull(strstr(a, "sans appréciation personnelle"));
    ck_assert_ptr_nonnull(strstr(a, "informer la personne ou ses parents"));
    ck_assert_ptr_nonnull(strstr(a, "### Questions prévues par le cadre légal"));
    free(a);
    fa_result_free(res);
}
END_TEST

START_TEST(caf_rsa_application)
{
    fa_result *res = audit("frames/caf-rsa-demande.html");
    ck_assert_str_eq(res->frame.id, "rsa");
    static const char *const prescribed[] = {"Recevez-vous l'allocation de soutien familial",
                                             "Êtes-vous enceinte", "Numéro de sécurité sociale",
                                             "titre de séjour", "Pension alimentaire"};
    for (size_t i = 0; i < sizeof prescribed / sizeof *prescribed; i++) {
        const fa_finding *f = quoting(res, prescribed[i], NULL);
        ck_assert_msg(f != NULL, "%s: no finding", prescribed[i]);
        ck_assert_msg(f->prescribed != NULL, "%s: not marked as prescribed", prescribed[i]);
        ck_assert_msg(f->severity <= FA_SEV_LOW, "%s: %s", prescribed[i],
                      fa_severity_name(f->severity));
        ck_assert_msg(!strstr(f->recommendation, "upprimer"), "%s: %s", prescribed[i],
                      f->recommendation);
    }
    char *a = body(md(res));
    ck_assert_ptr_nonnull(strstr(a, "**CASF, art. L262-1**"));
    ck_assert_ptr_null(strstr(a, "L1110-4"));
    /* "supprimer la case" is said of none of them */
    ck_assert_ptr_null(strstr(a, "Supprimer la case"));
    free(a);
    fa_result_free(res);
}
END_TEST

START_TEST(mdph_certificate)
{
    fa_result *res = audit("frames/mdph-certificat-medical.html");
    ck_assert_str_eq(res->frame.id, "mdph");
    const fa_finding *f = quoting(res, "Pathologie motivant la demande", "health");
    ck_assert_ptr_nonnull(f);
    ck_assert_ptr_nonnull(f->prescribed);
    ck_assert_int_le(f->severity, FA_SEV_LOW);
    /* the team and the CDAPH are the recipients the law names */
    const fa_finding *s = quoting(res, "équipe pluridisciplinaire", "sharing");
    ck_assert_ptr_nonnull(s);
    ck_assert_int_le(s->severity, FA_SEV_LOW);
    char *a = body(md(res));
    ck_assert_ptr_nonnull(strstr(a, "**CASF, art. L146-8**"));
    ck_assert_ptr_nonnull(strstr(a, "**CASF, art. L241-10**"));
    ck_assert_ptr_nonnull(strstr(a, "santé publique, art. L1110-4")); /* a medico-social team */
    free(a);
    fa_result_free(res);
}
END_TEST

START_TEST(employer_questionnaire)
{
    fa_result *res = audit("frames/employeur-questionnaire-embauche.html");
    ck_assert_str_eq(res->frame.id, "employer");
    const fa_finding *f = quoting(res, "enceinte", "health");
    ck_assert_ptr_nonnull(f);
    ck_assert_ptr_null(f->prescribed); /* nothing frames a pregnancy question in hiring */
    ck_assert_int_eq(f->severity, FA_SEV_CRITICAL);
    char *a = body(md(res));
    ck_assert_ptr_nonnull(strstr(a, "**Code du travail, art. L1221-6**"));
    ck_assert_ptr_nonnull(strstr(a, "Avis défavorable"));
    ck_assert_ptr_null(strstr(a, "L1110-4"));
    free(a);
    fa_result_free(res);
}
END_TEST

START_TEST(benign_forms)
{
    static const char *const forms[] = {"frames/association-adhesion.html",
                                        "frames/bibliotheque-inscription.html"};
    for (size_t i = 0; i < 2; i++) {
        fa_result *res = audit(forms[i]);
        ck_assert_msg(worst(res) <= FA_SEV_MEDIUM, "%s: a finding above moyen", forms[i]);
        char *a = md(res);
        ck_assert_ptr_nonnull(strstr(a, "> **Avis favorable"));
        /* a consent box that allows "Non" and a complete notice, credited */
        ck_assert_ptr_nonnull(strstr(a, "permet de répondre « Non »"));
        ck_assert_ptr_nonnull(strstr(a, "La notice d'information est complète"));
        ck_assert_ptr_null(strstr(a, "élevé"));
        free(a);
        fa_result_free(res);
    }
    fa_result *res = audit("frames/association-adhesion.html");
    ck_assert_str_eq(res->frame.id, "association");
    fa_result_free(res);
}
END_TEST

START_TEST(ccas_instance_system)
{
    fa_result *res = audit("frames/ccas-instance-concertation.txt");
    ck_assert_str_eq(res->frame.id, "ccas");
    /* recipients one by one with their secrecy */
    bool pjj = false, landlords = false;
    for (size_t i = 0; i < res->frame.n_rcp; i++) {
        pjj |= !strcmp(res->frame.rcp[i].id, "pjj") && !strcmp(res->frame.rcp[i].status, "bound");
        landlords |= !strcmp(res->frame.rcp[i].id, "landlords") &&
                     !strcmp(res->frame.rcp[i].status, "not_bound");
    }
    ck_assert(pjj && landlords);
    /* the whole system, each point with its quote */
    ck_assert_ptr_nonnull(quoting(res, "par tout citoyen", "sharing.referral"));
    ck_assert_ptr_nonnull(
        quoting(res, "même pour un simple conseil", "processing.proportionality"));
    ck_assert_ptr_nonnull(quoting(res, "classothèque", "processing.paper"));
    ck_assert_ptr_nonnull(quoting(res, "en partenariat avec", "processing.joint"));
    const fa_finding *s = quoting(res, "bailleurs sociaux", "sharing");
    ck_assert_ptr_nonnull(s);
    ck_assert_int_ge(s->severity, FA_SEV_HIGH);
    char *a = body(md(res));
    ck_assert_ptr_nonnull(strstr(a, "| la protection judiciaire de la jeunesse (PJJ) ou le SPIP | "
                                    "tenu au secret |"));
    ck_assert_ptr_nonnull(strstr(a, "| les bailleurs et réservataires de logements | non tenu"));
    ck_assert_ptr_nonnull(strstr(a, "**RGPD, art. 26**"));
    ck_assert_ptr_nonnull(strstr(a, "**RGPD, art. 2**"));
    ck_assert_ptr_null(strstr(a, "L1110-4"));
    free(a);
    fa_result_free(res);
}
END_TEST

/* The Dossier d'Intervention Sociale the CGT of a Conseil général took to the CNIL
 * (seed 001): every criticism of the article, each with its quote. */
START_TEST(departmental_dis)
{
    fa_result *res = audit("frames/departement-dossier-intervention-sociale.txt");
    ck_assert_str_eq(res->frame.id, "department");
    ck_assert_ptr_nonnull(quoting(res, "responsables du service", "sharing.access"));
    ck_assert_ptr_nonnull(
        quoting(res, "même pour un simple conseil", "processing.proportionality"));
    ck_assert_ptr_nonnull(quoting(res, "classothèque", "processing.paper"));
    ck_assert_ptr_nonnull(quoting(res, "déclaration à la CNIL", "processing.register"));
    ck_assert_ptr_nonnull(quoting(res, "au moins cinq ans", "retention"));
    ck_assert_ptr_nonnull(quoting(res, "Capacités du ménage à se mobiliser", "consent.validation"));
    static const char *const rcp[] = {"clspd", "expulsions", "pre"};
    for (size_t k = 0; k < 3; k++) {
        bool found = false;
        for (size_t i = 0; i < res->frame.n_rcp; i++)
            found |= !strcmp(res->frame.rcp[i].id, rcp[k]);
        ck_assert_msg(found, "recipient %s not listed", rcp[k]);
    }
    char *a = body(md(res));
    /* a departmental social service: its agents' secrecy and discretion, no care team */
    ck_assert_ptr_nonnull(strstr(a, "**Code général de la fonction publique, art. L121-6**"));
    ck_assert_ptr_nonnull(strstr(a, "**Code général de la fonction publique, art. L121-7**"));
    ck_assert_ptr_nonnull(strstr(a, "**CASF, art. L411-3**"));
    ck_assert_ptr_null(strstr(a, "L1110-4"));
    ck_assert_ptr_nonnull(strstr(a, "**RGPD, art. 30**"));
    ck_assert_ptr_nonnull(strstr(a, "Avis défavorable"));
    free(a);
    fa_result_free(res);
}
END_TEST

/* ---------------------------------------------------------------- golden avis */

static void golden(const char *rel, const char *name)
{
    fa_result *res = audit(rel);
    char *out = md(res);
    char path[1024];
    snprintf(path, sizeof path, "%s/golden/frames/%s.md", FA_TEST_DATA, name);
    const char *upd = getenv("FA_UPDATE_GOLDEN");
    if (upd && !strcmp(upd, "1")) {
        FILE *g = fopen(path, "wb");
        ck_assert_msg(g != NULL, "cannot write %s", path);
        fputs(out, g);
        fclose(g);
    }
    size_t n;
    char *want = (char *)fx_read_file(path, &n);
    ck_assert_msg(want != NULL, "%s missing (run with FA_UPDATE_GOLDEN=1 once, then review)", path);
    want = realloc(want, n + 1);
    want[n] = 0;
    if (strcmp(want, out)) {
        size_t i = 0;
        while (want[i] && want[i] == out[i])
            i++;
        size_t from = i > 60 ? i - 60 : 0;
        ck_abort_msg("%s differs at byte %zu:\n  want: %.160s\n  got:  %.160s", path, i,
                     want + from, out + from);
    }
    free(want);
    free(out);
    fa_result_free(res);
}

START_TEST(golden_frames_and_corpora)
{
    static const char *const forms[][2] = {
        {"frames/crip-information-preoccupante-ecole.html", "crip-information-preoccupante-ecole"},
        {"frames/caf-rsa-demande.html", "caf-rsa-demande"},
        {"frames/mdph-certificat-medical.html", "mdph-certificat-medical"},
        {"frames/employeur-questionnaire-embauche.html", "employeur-questionnaire-embauche"},
        {"frames/association-adhesion.html", "association-adhesion"},
        {"frames/bibliotheque-inscription.html", "bibliotheque-inscription"},
        {"frames/ccas-instance-concertation.txt", "ccas-instance-concertation"},
        {"frames/departement-dossier-intervention-sociale.txt",
         "departement-dossier-intervention-sociale"},
        {"../../corpora/dis-intervention-sociale.docx", "corpora-dis-intervention-sociale"},
        {"../../corpora/entretien-professionnel-sdt.docx", "corpora-entretien-professionnel"},
        {"../../corpora/fiche-liaison-insertion.odt", "corpora-fiche-liaison-insertion"},
        {"../../corpora/inscription-centre-loisirs.html", "corpora-inscription-centre-loisirs"},
        {"../../corpora/convention-partenariat.txt", "corpora-convention-partenariat"}};
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++)
        golden(forms[i][0], forms[i][1]);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("frame");
    TCase *tc = tcase_create("frame");
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_add_test(tc, crip_information_preoccupante);
    tcase_add_test(tc, caf_rsa_application);
    tcase_add_test(tc, mdph_certificate);
    tcase_add_test(tc, employer_questionnaire);
    tcase_add_test(tc, benign_forms);
    tcase_add_test(tc, ccas_instance_system);
    tcase_add_test(tc, departmental_dis);
    tcase_add_test(tc, golden_frames_and_corpora);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return fx_run_suite(suite());
}
