/* test_evasion.c — labels written to slip past the rules (issue 18): invisible
 * characters and soft hyphens inside a word, Cyrillic/Greek look-alikes, dotless ı,
 * letter-spaced words, a word cut at a line end, words joined by '.' or '_', and
 * "séropositif". Each is classified as its plain spelling, the quote stays exact, the
 * label shown carries no invisible character, and the trick itself is a finding. */
#include "evasion.h"
#include "fold.h"
#include "result.h"
#include "rules.h"

#include "fixtures.h"
#include <check.h>
#include <stdlib.h>
#include <string.h>

static fa_rules *RS;

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
    RS = NULL;
}

/* A result with one field labelled LABEL, classified. */
static fa_result *classify(const char *label)
{
    fa_result *res = calloc(1, sizeof *res);
    res->lang = "fr";
    fa_field *f = fa_result_add_field(res);
    f->label = strdup(label);
    f->kind = FA_FK_TEXT;
    fa_error err = {0};
    ck_assert_msg(fa_rules_apply(RS, NULL, res, &err) == FA_OK, "%s", err.message);
    return res;
}

static const fa_finding *by_rule(const fa_result *res, const char *prefix)
{
    for (size_t i = 0; i < res->n_findings; i++)
        if (!strncmp(res->findings[i].rule, prefix, strlen(prefix)))
            return &res->findings[i];
    return NULL;
}

static const struct {
    const char *label, *shown; /* as written, as a report shows it */
    fa_category cat;
    bool flagged; /* the trick itself is a finding */
} cases[] = {
    {"Reli\u200bgion", "Religion", FA_CAT_RELIGION, true},
    {"Reli\u200cgion", "Religion", FA_CAT_RELIGION, true},
    {"Reli\u200dgion", "Religion", FA_CAT_RELIGION, true},
    {"Reli\u2060gion", "Religion", FA_CAT_RELIGION, true},
    {"Reli\ufeffgion", "Religion", FA_CAT_RELIGION, true},
    {"Reli\u00adgion", "Religion", FA_CAT_RELIGION, true},
    {"Religi\u043en", "Religi\u043en", FA_CAT_RELIGION, true}, /* Cyrillic о */
    {"Religi\u03bfn", "Religi\u03bfn", FA_CAT_RELIGION, true}, /* Greek ο */
    {"R\u0435ligion pr\u0430tiqu\u00e9e", "R\u0435ligion pr\u0430tiqu\u00e9e", FA_CAT_RELIGION,
     true},
    {"Rel\u0131gion", "Rel\u0131gion", FA_CAT_RELIGION, false}, /* dotless ı: read */
    {"R e l i g i o n", "R e l i g i o n", FA_CAT_RELIGION, true},
    {"Orienta- tion sexuelle", "Orienta- tion sexuelle", FA_CAT_SEX_LIFE, false},
    {"Orienta-\ntion sexuelle", "Orienta-\ntion sexuelle", FA_CAT_SEX_LIFE, false},
    {"Orientation.sexuelle", "Orientation.sexuelle", FA_CAT_SEX_LIFE, false},
    {"Orientation_sexuelle", "Orientation_sexuelle", FA_CAT_SEX_LIFE, false},
    {"Êtes-vous séropositif ?", "Êtes-vous séropositif ?", FA_CAT_HEALTH, false},
    {"S\u200ban\u200bt\u00e9 m\u0435ntale", "Santé m\u0435ntale", FA_CAT_HEALTH, true},
};

START_TEST(each_evasion_is_caught)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fa_result *res = classify(cases[i].label);
        const fa_field *f = &res->fields[0];
        ck_assert_msg(f->categories & FA_CAT_BIT(cases[i].cat), "%s: not classified",
                      cases[i].shown);
        ck_assert_str_eq(f->label, cases[i].shown); /* never "Reli gion" */
        const fa_finding *ev = by_rule(res, "fa.evasion.hidden_text");
        ck_assert_msg(!ev == !cases[i].flagged, "%s: trick %s", cases[i].shown,
                      ev ? "flagged" : "not flagged");
        if (ev) {
            ck_assert_str_eq(ev->category, fa_category_name(cases[i].cat));
            ck_assert_int_eq(ev->severity, FA_SEV_MEDIUM);
            ck_assert_int_eq(ev->field, 0);
            ck_assert_str_eq(ev->quote, cases[i].shown);
            ck_assert_ptr_nonnull(strstr(ev->message, "Texte masqué ou caractères invisibles"));
        }
        /* the rule's own finding quotes the label exactly, its span inside it */
        for (size_t k = 0; k < res->n_findings; k++) {
            const fa_finding *fd = &res->findings[k];
            ck_assert_str_eq(fd->quote, cases[i].shown);
            ck_assert_ptr_nonnull(strstr(cases[i].shown, fd->matched));
        }
        fa_result_free(res);
    }
}
END_TEST

/* Ordinary labels are neither changed nor flagged: the normalisation must not cost
 * precision (inclusive writing, sites, lists, spaced headings that say nothing). */
START_TEST(ordinary_labels_are_left_alone)
{
    static const char *const plain[] = {"Nom",
                                        "Motivé·e",
                                        "Adresse électronique (www.exemple.fr)",
                                        "Catégorie A, B ou C",
                                        "Saint- Denis",
                                        "N O M",
                                        "Yıldız",
                                        "Nom - Prénom",
                                        "Code_postal",
                                        "Λ (lambda) du barème"};
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
        fa_result *res = classify(plain[i]);
        ck_assert_str_eq(res->fields[0].label, plain[i]);
        ck_assert_msg(!by_rule(res, "fa.evasion"), "%s flagged", plain[i]);
        fa_result_free(res);
    }
}
END_TEST

/* The fold itself: what the matcher reads, and spans that map back into the original. */
START_TEST(fold_reads_through_tricks)
{
    static const struct {
        const char *in, *folded;
    } f[] = {
        {"Reli\u200bgion", "religion"},
        {"Religi\u043en", "religion"},
        {"Rel\u0131gion", "religion"},
        {"R e l i g i o n : ____", "religion : ____"},
        {"Orienta- tion sexuelle", "orientation sexuelle"},
        {"Orientation.sexuelle", "orientation sexuelle"},
        {"orientation_sexuelle", "orientation sexuelle"},
        {"motivé·e", "motive.e"},
        {"www.site.fr", "www.site.fr"},
        {"N O M", "n o m"},
        {"Saint- Denis", "saint- denis"},
    };
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        fa_folded fo;
        ck_assert_int_eq(fa_fold(f[i].in, strlen(f[i].in), &fo), FA_OK);
        ck_assert_msg(!strcmp(fo.s, f[i].folded), "%s -> \"%s\", want \"%s\"", f[i].in, fo.s,
                      f[i].folded);
        size_t a, b;
        fa_fold_span(&fo, 0, fo.len, &a, &b);
        ck_assert_uint_eq(a, 0);
        ck_assert_uint_le(b, strlen(f[i].in));
        fa_folded_free(&fo);
    }
}
END_TEST

START_TEST(tricks_and_strip)
{
    ck_assert_uint_eq(fa_evasion_tricks("Reli\u200bgion"), FA_TRICK_INVISIBLE);
    ck_assert_uint_eq(fa_evasion_tricks("\ufeffReligion"), 0); /* a BOM before: no word cut */
    ck_assert_uint_eq(fa_evasion_tricks("Religi\u043en"), FA_TRICK_HOMOGLYPH);
    ck_assert_uint_eq(fa_evasion_tricks("\u0420\u0435\u043b\u0438\u0433\u0438\u044f"), 0);
    ck_assert_uint_eq(fa_evasion_tricks("R e l i g i o n"), FA_TRICK_SPACED);
    ck_assert_uint_eq(fa_evasion_tricks(NULL), 0);
    char s[] = "\ufeffRe\u00adli\u200bgion\u200e";
    fa_evasion_strip(s);
    ck_assert_str_eq(s, "Religion");
}
END_TEST

/* Through a whole document: a DOCX-like HTML form with the tricks, the report's label
 * and finding. */
START_TEST(document_with_tricks)
{
    const char *html = "<html><body><p>Nom : <input name=n></p>"
                       "<p>Reli\u200bgion : <input name=r></p>"
                       "<p>Orientation.sexuelle : <input name=s></p></body></html>";
    fa_doc *doc = NULL;
    fa_error err = {0};
    ck_assert_int_eq(fa_doc_open_mem("t.html", html, strlen(html), &doc, &err), FA_OK);
    fa_result *res = NULL;
    ck_assert_int_eq(fa_audit(doc, NULL, RS, NULL, &res, &err), FA_OK);
    ck_assert_uint_eq(res->n_fields, 3);
    ck_assert_str_eq(res->fields[1].label, "Religion");
    ck_assert(res->fields[1].categories & FA_CAT_BIT(FA_CAT_RELIGION));
    ck_assert(res->fields[2].categories & FA_CAT_BIT(FA_CAT_SEX_LIFE));
    ck_assert_ptr_nonnull(by_rule(res, "fa.evasion.hidden_text"));
    fa_result_free(res);
    fa_doc_free(doc);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("evasion");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, each_evasion_is_caught);
    tcase_add_test(tc, ordinary_labels_are_left_alone);
    tcase_add_test(tc, fold_reads_through_tricks);
    tcase_add_test(tc, tricks_and_strip);
    tcase_add_test(tc, document_with_tricks);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return fx_run_suite(suite());
}
