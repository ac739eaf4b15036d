/* test_diff.c — `formaudit diff` in the library (analyzer/src/diff.c, reports/report_diff.c):
 * small forms written here, audited with the built-in packs, then compared: a field added
 * (religion), a field removed (the phone), relabelled fields, a notice that loses its
 * retention clause, and the same form built as DOCX and as ODT, which must show no
 * change at all. Also the label similarity, the JSON keys other tools read, a report
 * read back as the old version, and the renderers on every case. */
#include "diff.h"

#include "fixtures.h"
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static fa_rules *RS;

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

/* ---------------------------------------------------------------- forms */

/* The lines of a small registration form; each variant below changes one thing. */
#define HEAD "FICHE D'INSCRIPTION\n\n"
#define NOM "Nom : ____________________\n"
#define PRENOM "Prénom : ____________________\n"
#define NAISSANCE "Date de naissance : ____________________\n"
#define TEL "Téléphone : ____________________\n"
#define CAPA "Capacités du ménage à se mobiliser : ____________________\n"
#define NOTICE_A                                                                                   \
    "\nProtection des données\nLes informations recueillies sont traitées par la Mairie pour "   \
    "l'inscription au service."
#define RETENTION " Les données sont conservées deux ans."
#define NOTICE_B                                                                                     \
    " Vous disposez d'un droit d'accès et de rectification auprès du délégué à la protection " \
    "des données, et pouvez saisir la CNIL.\n"

static const char *const OLD = HEAD NOM PRENOM NAISSANCE TEL CAPA NOTICE_A RETENTION NOTICE_B;

static fa_result *audit_mem(const char *name, const void *data, size_t size)
{
    fa_doc *doc = fx_open_mem(name, data, size);
    fa_audit_opts o = {.lang = "fr"};
    fa_result *res = NULL;
    fa_error err = {0};
    ck_assert_msg(fa_audit(doc, name, RS, &o, &res, &err) == FA_OK, "%s", err.message);
    fa_doc_free(doc);
    return res;
}

static fa_result *audit_text(const char *name, const char *text)
{
    return audit_mem(name, text, strlen(text));
}

static fa_diff *diff_of(const fa_result *a, const fa_result *b)
{
    fa_diff *d = NULL;
    ck_assert_int_eq(fa_diff_new(a, b, &d), FA_OK);
    ck_assert_ptr_nonnull(d);
    return d;
}

static bool has_finding(const fa_result *r, const int *idx, size_t n, const char *category)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(r->findings[idx[i]].category, category))
            return true;
    return false;
}

/* Every renderer works on D, and the JSON has the keys other tools read. */
static json_t *render_all(const fa_diff *d)
{
    static const fa_report_format fmts[] = {FA_REPORT_TXT, FA_REPORT_MD, FA_REPORT_HTML};
    fa_report_opts o = {.lang = "fr"};
    for (size_t i = 0; i < 3; i++) {
        fa_buf b = {0};
        ck_assert_int_eq(fa_diff_render(d, fmts[i], &o, &b), FA_OK);
        ck_assert(b.len > 0);
        fa_buf_free(&b);
    }
    fa_buf b = {0};
    ck_assert_int_eq(fa_diff_render(d, FA_REPORT_ODT, &o, &b), FA_ERR_USAGE);
    ck_assert_int_eq(fa_diff_render(d, FA_REPORT_JSON, &o, &b), FA_OK);
    json_error_t je;
    json_t *j = json_loadb(b.data, b.len, 0, &je);
    ck_assert_msg(j != NULL, "%s", je.text);
    static const char *const keys[] = {"old",
                                       "new",
                                       "added",
                                       "removed",
                                       "changed",
                                       "categories_gained",
                                       "categories_lost",
                                       "notice",
                                       "findings_new",
                                       "findings_gone"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        ck_assert_msg(json_object_get(j, keys[i]) != NULL, "no key %s", keys[i]);
    fa_buf_free(&b);
    return j;
}

static bool json_has_string(json_t *array, const char *s)
{
    size_t i;
    json_t *x;
    json_array_foreach(array, i, x)
    {
        if (json_is_string(x) && !strcmp(json_string_value(x), s))
            return true;
    }
    return false;
}

/* ---------------------------------------------------------------- fields */

START_TEST(field_added_religion)
{
    fa_result *a = audit_text("v1.txt", OLD);
    fa_result *b = audit_text("v2.txt", HEAD NOM PRENOM NAISSANCE TEL
                              "Religion : ____________________\n" CAPA NOTICE_A RETENTION NOTICE_B);
    fa_diff *d = diff_of(a, b);
    ck_assert_uint_eq(d->n_added, 1);
    ck_assert_uint_eq(d->n_removed, 0);
    ck_assert_uint_eq(d->n_changed, 0);
    ck_assert_str_eq(b->fields[d->added[0]].label, "Religion");
    ck_assert(d->categories_b & ~d->categories_a & FA_CAT_BIT(FA_CAT_RELIGION));
    ck_assert(has_finding(b, d->findings_new, d->n_new, "religion"));
    ck_assert_int_ge(fa_diff_worst_new(d), FA_SEV_HIGH);
    ck_assert(!fa_diff_empty(d));
    json_t *j = render_all(d);
    ck_assert(json_has_string(json_object_get(j, "categories_gained"), "religion"));
    ck_assert_uint_eq(json_array_size(json_object_get(j, "added")), 1);
    json_decref(j);
    fa_diff_free(d);
    fa_result_free(a);
    fa_result_free(b);
}
END_TEST

START_TEST(field_removed_phone)
{
    fa_result *a = audit_text("v1.txt", OLD);
    fa_result *b = audit_text("v2.txt", HEAD NOM PRENOM NAISSANCE CAPA NOTICE_A RETENTION NOTICE_B);
    fa_diff *d = diff_of(a, b);
    ck_assert_uint_eq(d->n_removed, 1);
    ck_assert_uint_eq(d->n_added, 0);
    ck_assert_uint_eq(d->n_changed, 0);
    ck_assert_str_eq(a->fields[d->removed[0]].label, "Téléphone");
    ck_assert(d->categories_a & ~d->categories_b & FA_CAT_BIT(FA_CAT_CONTACT));
    ck_assert_int_lt(fa_diff_worst_new(d), 0); /* removing adds nothing to fail on */
    json_t *j = render_all(d);
    ck_assert(json_has_string(json_object_get(j, "categories_lost"), "contact"));
    json_decref(j);
    fa_diff_free(d);
    fa_result_free(a);
    fa_result_free(b);
}
END_TEST

START_TEST(fields_relabelled)
{
    fa_result *a = audit_text("v1.txt", OLD);
    fa_result *b = audit_text(
        "v2.txt", HEAD NOM PRENOM
        "Date et lieu de naissance : ______\n" TEL
        "Capacités du ménage à se mobiliser dans son projet : ____\n" NOTICE_A RETENTION NOTICE_B);
    fa_diff *d = diff_of(a, b);
    ck_assert_uint_eq(d->n_added, 0);
    ck_assert_uint_eq(d->n_removed, 0);
    ck_assert_uint_eq(d->n_changed, 2);
    size_t seen = 0;
    for (size_t i = 0; i < d->n_pairs; i++) {
        const fa_diff_pair *p = &d->pairs[i];
        if (!p->changes)
            continue;
        ck_assert(p->changes & FA_DC_LABEL);
        ck_assert(!(p->changes & FA_DC_CATEGORIES)); /* same data, new words */
        seen++;
    }
    ck_assert_uint_eq(seen, 2);
    ck_assert_uint_eq(d->n_new, 0); /* the appraisal is the same finding, relabelled */
    ck_assert_uint_eq(d->n_gone, 0);
    json_t *j = render_all(d);
    ck_assert_uint_eq(json_array_size(json_object_get(j, "changed")), 2);
    json_decref(j);
    fa_diff_free(d);
    fa_result_free(a);
    fa_result_free(b);
}
END_TEST

/* A field replaced by another in the same place is not a relabel when what it collects
 * changes: the phone removed, the religion added. */
START_TEST(replaced_field_is_not_a_relabel)
{
    fa_result *a = audit_text("v1.txt", OLD);
    fa_result *b = audit_text("v2.txt", HEAD NOM PRENOM NAISSANCE
                              "Religion : ____________________\n" CAPA NOTICE_A RETENTION NOTICE_B);
    fa_diff *d = diff_of(a, b);
    ck_assert_uint_eq(d->n_added, 1);
    ck_assert_uint_eq(d->n_removed, 1);
    ck_assert_uint_eq(d->n_changed, 0);
    fa_diff_free(d);
    fa_result_free(a);
    fa_result_free(b);
}
END_TEST

START_TEST(notice_loses_retention)
{
    fa_result *a = audit_text("v1.txt", OLD);
    fa_result *b = audit_text("v2.txt", HEAD NOM PRENOM NAISSANCE TEL CAPA NOTICE_A NOTICE_B);
    ck_assert(a->notice.present && b->notice.present);
    ck_assert(a->notice.retention != NULL);
    fa_diff *d = diff_of(a, b);
    ck_assert_uint_eq(d->n_added + d->n_removed + d->n_changed, 0);
    ck_assert(d->items_a & (1u << FA_NI_RETENTION));
    ck_assert(!(d->items_b & (1u << FA_NI_RETENTION)));
    ck_assert(d->retention_changed);
    ck_assert(has_finding(b, d->findings_new, d->n_new, "retention"));
    json_t *j = render_all(d);
    json_t *n = json_object_get(j, "notice");
    ck_assert(json_has_string(json_object_get(n, "items_lost"), "retention"));
    ck_assert(json_is_null(json_object_get(json_object_get(n, "retention"), "new")));
    json_decref(j);
    fa_diff_free(d);
    fa_result_free(a);
    fa_result_free(b);
}
END_TEST

START_TEST(same_result_no_change)
{
    fa_result *a = audit_text("v1.txt", OLD);
    fa_diff *d = diff_of(a, a);
    ck_assert(fa_diff_empty(d));
    ck_assert_int_eq(fa_diff_worst_new(d), -1);
    json_decref(render_all(d));
    fa_diff_free(d);
    fa_result_free(a);
}
END_TEST

/* ---------------------------------------------------------------- formats */

static const char *const FORM_LINES[] = {
    "FICHE DE LIAISON",
    "Nom : ____________________",
    "Prénom : ____________________",
    "Adresse : ____________________",
    "Situation au regard du séjour : ____________________",
    "Difficultés rencontrées : ☐ Santé ☐ Logement ☐ Conflits conjugaux",
    "Observations du référent : ____________________",
    "Les données sont transmises au CCAS et conservées au moins cinq ans.",
    NULL};

static char *docx_of(const char *const *lines, size_t *size)
{
    fa_buf b = {0};
    fa_buf_puts(&b, "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats."
                    "org/wordprocessingml/2006/main\"><w:body>");
    for (size_t i = 0; lines[i]; i++)
        fa_buf_printf(&b, "<w:p><w:r><w:t xml:space=\"preserve\">%s</w:t></w:r></w:p>", lines[i]);
    fa_buf_puts(&b, "</w:body></w:document>");
    const char *pairs[] = {"[Content_Types].xml",
                           "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats."
                           "org/package/2006/content-types\"><Override PartName=\"/word/"
                           "document.xml\" ContentType=\"application/vnd.openxmlformats-"
                           "officedocument.wordprocessingml.document.main+xml\"/></Types>",
                           "word/document.xml", b.data, NULL};
    char *zip = (char *)fx_zip(size, pairs);
    fa_buf_free(&b);
    ck_assert_ptr_nonnull(zip);
    return zip;
}

static char *odt_of(const char *const *lines, size_t *size)
{
    fa_buf b = {0};
    fa_buf_puts(&b, "<?xml version=\"1.0\"?><office:document-content "
                    "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
                    "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\">"
                    "<office:body><office:text>");
    for (size_t i = 0; lines[i]; i++)
        fa_buf_printf(&b, "<text:p>%s</text:p>", lines[i]);
    fa_buf_puts(&b, "</office:text></office:body></office:document-content>");
    const char *pairs[] = {"mimetype", "application/vnd.oasis.opendocument.text", "content.xml",
                           b.data, NULL};
    char *zip = (char *)fx_zip(size, pairs);
    fa_buf_free(&b);
    ck_assert_ptr_nonnull(zip);
    return zip;
}

START_TEST(docx_and_odt_same_form_no_change)
{
    size_t n1, n2;
    char *docx = docx_of(FORM_LINES, &n1);
    char *odt = odt_of(FORM_LINES, &n2);
    fa_result *a = audit_mem("form.docx", docx, n1);
    fa_result *b = audit_mem("form.odt", odt, n2);
    ck_assert_int_eq(a->format, FA_FMT_DOCX);
    ck_assert_int_eq(b->format, FA_FMT_ODT);
    ck_assert_uint_ge(a->n_fields, 5);
    fa_diff *d = diff_of(a, b);
    ck_assert_uint_eq(d->n_added, 0);
    ck_assert_uint_eq(d->n_removed, 0);
    ck_assert_uint_eq(d->n_changed, 0);
    ck_assert_uint_eq(d->n_pairs, a->n_fields);
    ck_assert_msg(fa_diff_empty(d), "%zu new, %zu gone findings", d->n_new, d->n_gone);
    fa_diff_free(d);
    fa_result_free(a);
    fa_result_free(b);
    free(docx);
    free(odt);
}
END_TEST

/* The old version given as the JSON report an earlier audit wrote. */
START_TEST(old_version_from_a_json_report)
{
    fa_result *a = audit_text("v1.txt", OLD);
    fa_result *b = audit_text("v2.txt", HEAD NOM PRENOM NAISSANCE CAPA NOTICE_A RETENTION NOTICE_B);
    fa_buf doc = {0}, env = {0};
    fa_report_opts o = {.lang = "fr"};
    ck_assert_int_eq(fa_report_render(FA_REPORT_JSON, a, &o, &doc), FA_OK);
    ck_assert_int_eq(fa_report_envelope_head(&o, &env), FA_OK);
    ck_assert_int_eq(fa_report_envelope_item(0, &env), FA_OK);
    ck_assert_int_eq(fa_report_json_at(a, 2, 2, &env), FA_OK);
    ck_assert_int_eq(fa_report_envelope_tail(1, &env), FA_OK);
    const fa_buf *texts[] = {&doc, &env};
    for (size_t k = 0; k < 2; k++) {
        fa_result *back = NULL;
        fa_error err = {0};
        ck_assert_msg(fa_result_from_report(texts[k]->data, texts[k]->len, &back, &err) == FA_OK,
                      "%s", err.message);
        fa_diff *d = diff_of(back, b);
        ck_assert_uint_eq(d->n_removed, 1);
        ck_assert_uint_eq(d->n_added + d->n_changed, 0);
        ck_assert(!d->rules_differ);
        fa_diff_free(d);
        fa_result_free(back);
    }
    /* a report of two documents is not one version */
    fa_buf two = {0};
    fa_report_envelope_head(&o, &two);
    for (size_t k = 0; k < 2; k++) {
        fa_report_envelope_item(k, &two);
        fa_report_json_at(a, 2, 2, &two);
    }
    fa_report_envelope_tail(2, &two);
    fa_result *back = NULL;
    fa_error err = {0};
    ck_assert_int_eq(fa_result_from_report(two.data, two.len, &back, &err), FA_ERR_FORMAT);
    ck_assert_ptr_null(back);
    ck_assert_int_eq(fa_result_from_report("[1]", 3, &back, &err), FA_ERR_FORMAT);
    ck_assert_int_eq(fa_result_from_report("{", 1, &back, &err), FA_ERR_FORMAT);
    fa_buf_free(&doc);
    fa_buf_free(&env);
    fa_buf_free(&two);
    fa_result_free(a);
    fa_result_free(b);
}
END_TEST

START_TEST(label_similarity)
{
    ck_assert(fa_diff_similarity("telephone", "telephone portable") >= 0.6);
    ck_assert(fa_diff_similarity("date de naissance", "date et lieu de naissance") >= 0.6);
    ck_assert(fa_diff_similarity("nom", "nom de naissance") >= 0.6);
    ck_assert(fa_diff_similarity("nom", "prenom") < 0.6);
    ck_assert(fa_diff_similarity("telephone", "religion") < 0.6);
    ck_assert(fa_diff_similarity("", "religion") < 0.6);
    ck_assert(fa_diff_similarity("adresse", "adresse") == 1.0);
}
END_TEST

START_TEST(errors_are_refused)
{
    fa_error e = {.status = FA_ERR_CORRUPT};
    snprintf(e.message, sizeof e.message, "truncated");
    fa_result *bad = fa_result_new_error("x.docx", FA_FMT_DOCX, &e);
    fa_result *a = audit_text("v1.txt", OLD);
    fa_diff *d = (fa_diff *)1;
    ck_assert_int_eq(fa_diff_new(bad, a, &d), FA_ERR_USAGE);
    ck_assert_ptr_null(d);
    ck_assert_int_eq(fa_diff_worst_new(NULL), -1);
    fa_diff_free(NULL);
    fa_result_free(bad);
    fa_result_free(a);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("diff");
    TCase *tc = tcase_create("diff");
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_add_test(tc, field_added_religion);
    tcase_add_test(tc, field_removed_phone);
    tcase_add_test(tc, fields_relabelled);
    tcase_add_test(tc, replaced_field_is_not_a_relabel);
    tcase_add_test(tc, notice_loses_retention);
    tcase_add_test(tc, same_result_no_change);
    tcase_add_test(tc, docx_and_odt_same_form_no_change);
    tcase_add_test(tc, old_version_from_a_json_report);
    tcase_add_test(tc, label_similarity);
    tcase_add_test(tc, errors_are_refused);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return fx_run_suite(suite());
}
