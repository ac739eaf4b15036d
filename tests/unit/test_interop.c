/* test_interop.c — the reports for other tools (reports/report_sarif.c, report_pia.c):
 * what a SARIF viewer and the CNIL PIA tool rely on, checked on the hand-written results
 * of tests/data/reports/ (a social-work form full of problems, a clean form, an
 * unreadable document) and on a plain-text form audited here. The OASIS schema and the
 * PIA tool's example are checked against every bundled form by tests/cli/interop.sh;
 * this suite pins the mapping: levels, locations, rule numbering, the stream's parts,
 * URIs, the question ids and the HTML of the answers. */
#include "interop.h"

#include "fixtures.h"
#include <check.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
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

static fa_report_opts opts(const char *lang)
{
    fa_report_opts o = {.lang = lang, .date = "2026-01-15", .tool_version = "0.1.0"};
    o.rules = RS;
    return o;
}

static fa_result *load(const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/reports/%s.json", FA_TEST_DATA, name);
    size_t n = 0;
    unsigned char *text = fx_read_file(path, &n);
    ck_assert_msg(text != NULL, "%s", path);
    fa_result *res = NULL;
    fa_error err = {0};
    ck_assert_msg(fa_result_from_json((const char *)text, n, &res, &err) == FA_OK, "%s",
                  err.message);
    free(text);
    return res;
}

static json_t *parse(const fa_buf *b)
{
    json_error_t je;
    json_t *j = json_loadb(b->data, b->len, 0, &je);
    ck_assert_msg(j != NULL, "line %d: %s", je.line, je.text);
    return j;
}

static json_t *render(fa_report_format f, const fa_result *res, const fa_report_opts *o)
{
    fa_buf b = {0};
    ck_assert_int_eq(fa_report_render(f, res, o, &b), FA_OK);
    json_t *j = parse(&b);
    fa_buf_free(&b);
    return j;
}

#define GET(j, k) json_object_get((j), (k))
#define RUN0(log) json_array_get(GET((log), "runs"), 0)

/* ================================================================ SARIF */

START_TEST(sarif_social_form)
{
    fa_result *res = load("social");
    fa_report_opts o = opts("fr");
    json_t *log = render(FA_REPORT_SARIF, res, &o);
    ck_assert_str_eq(json_string_value(GET(log, "version")), "2.1.0");
    ck_assert_uint_eq(json_array_size(GET(log, "runs")), 1);
    json_t *run = RUN0(log);
    json_t *driver = GET(GET(run, "tool"), "driver");
    ck_assert_str_eq(json_string_value(GET(driver, "name")), "formaudit");
    ck_assert_str_eq(json_string_value(GET(driver, "version")), "0.1.0");
    json_t *rules = GET(driver, "rules");
    /* every rule of the packs, then the notice analysis's */
    ck_assert_uint_ge(json_array_size(rules), fa_rules_count(RS));
    for (size_t i = 0; i < fa_rules_count(RS); i++) {
        fa_rule_info ri;
        ck_assert_int_eq(fa_rules_get(RS, i, "fr", &ri), FA_OK);
        json_t *d = json_array_get(rules, i);
        ck_assert_str_eq(json_string_value(GET(d, "id")), ri.id);
        ck_assert_str_eq(json_string_value(GET(GET(d, "shortDescription"), "text")), ri.message);
        const char *help = json_string_value(GET(GET(d, "help"), "text"));
        for (size_t k = 0; k < ri.n_legal; k++)
            ck_assert_msg(strstr(help, ri.legal_basis[k]), "%s: help lacks %s", ri.id,
                          ri.legal_basis[k]);
    }
    json_t *results = GET(run, "results");
    ck_assert_uint_eq(json_array_size(results), res->n_findings);
    size_t i;
    json_t *r;
    json_array_foreach(results, i, r)
    {
        const fa_finding *f = &res->findings[i];
        ck_assert_str_eq(json_string_value(GET(r, "ruleId")), f->rule);
        json_t *ri = GET(r, "ruleIndex");
        if (ri) /* a rule the loaded packs know, at its place in the driver's list */
            ck_assert_str_eq(
                json_string_value(GET(json_array_get(rules, (size_t)json_integer_value(ri)), "id")),
                f->rule);
        json_t *loc = json_array_get(GET(r, "locations"), 0);
        json_t *phys = GET(loc, "physicalLocation");
        ck_assert_str_eq(json_string_value(GET(GET(phys, "artifactLocation"), "uri")),
                         "forms/dis.docx");
        ck_assert_ptr_null(GET(phys, "region")); /* a DOCX has no line to point at */
        json_t *props = GET(r, "properties");
        ck_assert_str_eq(json_string_value(GET(props, "category")), f->category);
        if (f->field >= 0) {
            const fa_field *fld = &res->fields[f->field];
            ck_assert_str_eq(json_string_value(GET(props, "field")), fld->id);
            json_t *ll = json_array_get(GET(loc, "logicalLocations"), 0);
            const char *fqn = json_string_value(GET(ll, "fullyQualifiedName"));
            ck_assert_ptr_nonnull(strstr(fqn, fld->label));
            if (fld->section && *fld->section)
                ck_assert_ptr_nonnull(strstr(fqn, fld->section));
        } else { /* document-level: the document itself */
            ck_assert_ptr_null(GET(props, "field"));
            ck_assert_ptr_null(GET(loc, "logicalLocations"));
        }
        if (f->loc.page > 0)
            ck_assert_int_eq(json_integer_value(GET(props, "page")), f->loc.page);
        ck_assert_ptr_nonnull(GET(GET(r, "partialFingerprints"), "formauditQuoteHash/v1"));
    }
    json_t *inv = json_array_get(GET(run, "invocations"), 0);
    ck_assert(json_is_true(GET(inv, "executionSuccessful")));
    ck_assert_uint_eq(json_array_size(GET(inv, "toolExecutionNotifications")), 0);
    json_decref(log);
    fa_result_free(res);
}
END_TEST

START_TEST(sarif_levels_from_severity)
{
    static const char *const level[FA_SEV_COUNT] = {"note", "note", "warning", "error", "error"};
    fa_result *res = load("social");
    for (size_t i = 0; i < res->n_findings; i++) /* every severity appears once at least */
        res->findings[i].severity = (fa_severity)(i % FA_SEV_COUNT);
    fa_report_opts o = opts("en");
    json_t *log = render(FA_REPORT_SARIF, res, &o);
    size_t i;
    json_t *r;
    json_array_foreach(GET(RUN0(log), "results"), i, r)
    {
        ck_assert_str_eq(json_string_value(GET(r, "level")), level[i % FA_SEV_COUNT]);
        ck_assert_str_eq(json_string_value(GET(GET(r, "properties"), "severity")),
                         fa_severity_name((fa_severity)(i % FA_SEV_COUNT)));
    }
    json_decref(log);
    fa_result_free(res);
}
END_TEST

/* A plain-text form has lines: its results point at them, with the quoted label. */
START_TEST(sarif_text_form_has_lines)
{
    static const char text[] = "FICHE\n\nNom : __________\n\nÉtat de santé : __________\n";
    fa_doc *doc = fx_open_mem("f.txt", text, sizeof text - 1);
    fa_audit_opts ao = {.lang = "fr"};
    fa_result *res = NULL;
    fa_error err = {0};
    ck_assert_int_eq(fa_audit(doc, "dir/f.txt", RS, &ao, &res, &err), FA_OK);
    fa_doc_free(doc);
    fa_report_opts o = opts("fr");
    json_t *log = render(FA_REPORT_SARIF, res, &o);
    bool seen = false;
    size_t i;
    json_t *r;
    json_array_foreach(GET(RUN0(log), "results"), i, r)
    {
        if (strcmp(json_string_value(GET(GET(r, "properties"), "category")), "health"))
            continue;
        json_t *region =
            GET(GET(json_array_get(GET(r, "locations"), 0), "physicalLocation"), "region");
        ck_assert_int_eq(json_integer_value(GET(region, "startLine")), 5);
        ck_assert_str_eq(json_string_value(GET(GET(region, "snippet"), "text")), "État de santé");
        seen = true;
    }
    ck_assert(seen);
    json_decref(log);
    fa_result_free(res);
}
END_TEST

/* A stream: head, the results of each document, tail: one log, one run, every result,
 * and the unreadable document as a notification. */
START_TEST(sarif_stream_is_one_run)
{
    fa_result *docs[3] = {load("social"), load("clean"), load("error")};
    fa_report_opts o = opts("fr");
    fa_buf b = {0};
    ck_assert_int_eq(fa_report_sarif_head(&o, &b), FA_OK);
    bool any = false;
    size_t total = 0;
    fa_summary sum[3];
    for (size_t k = 0; k < 3; k++) {
        fa_buf part = {0};
        ck_assert_int_eq(fa_report_sarif_results(docs[k], &o, &part), FA_OK);
        if (part.len) {
            if (any)
                fa_buf_putc(&b, ',');
            fa_buf_append(&b, part.data, part.len);
            any = true;
        }
        total += docs[k]->n_findings;
        fa_buf_free(&part);
        ck_assert_int_eq(fa_summary_of(docs[k], &sum[k]), FA_OK);
    }
    ck_assert_int_eq(fa_report_sarif_tail(any, sum, 3, &b), FA_OK);
    json_t *log = parse(&b);
    ck_assert_uint_eq(json_array_size(GET(log, "runs")), 1);
    ck_assert_uint_eq(json_array_size(GET(RUN0(log), "results")), total);
    json_t *notes =
        GET(json_array_get(GET(RUN0(log), "invocations"), 0), "toolExecutionNotifications");
    ck_assert_uint_eq(json_array_size(notes), 1);
    json_t *n = json_array_get(notes, 0);
    ck_assert_str_eq(json_string_value(GET(n, "level")), "error");
    ck_assert_str_eq(json_string_value(GET(GET(n, "descriptor"), "id")),
                     fa_status_code(docs[2]->status));
    /* one document's own log is the same parts */
    json_t *one = render(FA_REPORT_SARIF, docs[2], &o);
    ck_assert_uint_eq(json_array_size(GET(RUN0(one), "results")), 0);
    ck_assert_uint_eq(json_array_size(GET(json_array_get(GET(RUN0(one), "invocations"), 0),
                                          "toolExecutionNotifications")),
                      1);
    json_decref(one);
    json_decref(log);
    for (size_t k = 0; k < 3; k++) {
        fa_summary_clear(&sum[k]);
        fa_result_free(docs[k]);
    }
    fa_buf_free(&b);
}
END_TEST

/* Without the rule set (merge), the driver describes the rules the findings name. */
START_TEST(sarif_without_rule_set)
{
    fa_result *res = load("social");
    fa_report_opts o = opts("fr");
    o.rules = NULL;
    json_t *log = render(FA_REPORT_SARIF, res, &o);
    json_t *rules = GET(GET(GET(RUN0(log), "tool"), "driver"), "rules");
    size_t i;
    json_t *r;
    json_array_foreach(GET(RUN0(log), "results"), i, r)
    {
        json_t *ri = GET(r, "ruleIndex");
        ck_assert_ptr_nonnull(ri);
        ck_assert_str_eq(
            json_string_value(GET(json_array_get(rules, (size_t)json_integer_value(ri)), "id")),
            json_string_value(GET(r, "ruleId")));
    }
    json_decref(log);
    fa_result_free(res);
}
END_TEST

/* The notice and agreement analysis names its findings' rules in the lexicon (legal bases
 * by rule id, rules/fr-core.json): each of them has a descriptor, or a SARIF stream, whose
 * driver is written before any document is audited, would hold results of a rule it does
 * not describe (fr.convention.breach did, after the agreements' analysis came in). */
START_TEST(sarif_describes_every_analysis_rule)
{
    json_error_t je;
    json_t *pack = json_load_file(FA_RULES_SOURCE_DIR "/fr-core.json", 0, &je);
    ck_assert_msg(pack != NULL, "%s", je.text);
    const char *id;
    json_t *v;
    size_t n = 0;
    json_object_foreach(json_object_get(pack, "legal_bases"), id, v)
    {
        if (strncmp(id, "fr.", 3))
            continue; /* a frame the analysis picks (sharing.mayor), no rule */
        bool described = false;
        for (size_t i = 0; i < fa_n_builtin_rules && !described; i++)
            described = !strcmp(fa_builtin_rules[i].id, id);
        ck_assert_msg(described, "%s has no SARIF descriptor (reports/interop.c)", id);
        n++;
    }
    ck_assert_uint_ge(n, 20);
    json_decref(pack);
}
END_TEST

START_TEST(uri_of_paths)
{
    static const char *const cases[][2] = {
        {"forms/n°1 #2.docx", "forms/n%C2%B01%20%232.docx"},
        {"/srv/a b.odt", "file:///srv/a%20b.odt"},
        {"./x.docx", "x.docx"},
        {"c:d.docx", "c%3Ad.docx"},
        {"100%.pdf", "100%25.pdf"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        fa_buf b = {0};
        ck_assert_int_eq(fa_uri_from_path(&b, cases[i][0]), FA_OK);
        ck_assert_str_eq(b.data, cases[i][1]);
        fa_buf_free(&b);
    }
}
END_TEST

/* ================================================================ PIA */

/* TEXT is HTML as the PIA tool's editor writes it: well-formed, escaped, only
 * paragraphs, lists and emphasis, lists where lists may be. */
static void check_node(const xmlNode *n)
{
    static const char *const allowed[] = {"p", "ul", "ol", "li", "strong", "em", "br", NULL};
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *)n->name;
        const char *parent = (const char *)n->parent->name;
        bool ok = false;
        for (size_t i = 0; allowed[i] && !ok; i++)
            ok = !strcmp(name, allowed[i]);
        ck_assert_msg(ok, "element <%s> in an answer", name);
        if (!strcmp(name, "li"))
            ck_assert_msg(!strcmp(parent, "ul") || !strcmp(parent, "ol"), "<li> in <%s>", parent);
        if (!strcmp(name, "ul") || !strcmp(name, "ol") || !strcmp(name, "p"))
            ck_assert_msg(!strcmp(parent, "div") || !strcmp(parent, "li"), "<%s> in <%s>", name,
                          parent);
        check_node(n->children);
    }
}

static void check_html(const char *text)
{
    ck_assert_ptr_nonnull(text);
    size_t n = strlen(text) + 16;
    char *wrapped = malloc(n);
    ck_assert_ptr_nonnull(wrapped);
    snprintf(wrapped, n, "<div>%s</div>", text);
    xmlDoc *doc = xmlReadMemory(wrapped, (int)strlen(wrapped), "answer.html", "UTF-8",
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    ck_assert_msg(doc != NULL, "not well-formed: %.300s", text);
    check_node(xmlDocGetRootElement(doc)->children);
    xmlFreeDoc(doc);
    free(wrapped);
}

static const char *answer(json_t *pia, int id)
{
    size_t i;
    json_t *a;
    json_array_foreach(GET(pia, "answers"), i, a)
    {
        if (json_integer_value(GET(a, "reference_to")) == id)
            return json_string_value(GET(GET(a, "data"), "text"));
    }
    return NULL;
}

START_TEST(pia_social_form)
{
    fa_result *res = load("social");
    fa_report_opts o = opts("fr");
    json_t *pia = render(FA_REPORT_PIA, res, &o);
    ck_assert_uint_eq(json_object_size(pia), 5);
    static const char *const arrays[] = {"answers", "measures", "evaluations", "comments"};
    for (size_t i = 0; i < 4; i++)
        ck_assert_msg(json_is_array(GET(pia, arrays[i])), "%s", arrays[i]);
    json_t *p = GET(pia, "pia");
    ck_assert(json_is_string(GET(p, "name")));
    ck_assert_int_eq(json_integer_value(GET(p, "status")), 0);
    ck_assert(json_is_null(GET(p, "dpo_status"))); /* the DPO's to give */
    ck_assert_str_eq(json_string_value(GET(p, "created_at")), "2026-01-15T00:00:00.000Z");
    ck_assert_uint_eq(json_array_size(GET(pia, "evaluations")), 0);
    static const int ids[] = {121, 211, 212, 213, 215, 221, 222, 226};
    for (size_t i = 0; i < sizeof ids / sizeof *ids; i++) {
        const char *t = answer(pia, ids[i]);
        ck_assert_msg(t != NULL, "no answer %d", ids[i]);
        check_html(t);
    }
    ck_assert_uint_eq(json_array_size(GET(pia, "answers")), 8);
    /* what the form shows, where it belongs */
    ck_assert_ptr_nonnull(strstr(answer(pia, 121), "Problèmes psychologiques"));
    ck_assert_ptr_nonnull(strstr(answer(pia, 121), "RGPD art. 9"));
    ck_assert_ptr_nonnull(strstr(answer(pia, 213), "Capacités du ménage à se mobiliser"));
    ck_assert_ptr_nonnull(strstr(answer(pia, 213), "Observations du travailleur social"));
    ck_assert_ptr_nonnull(strstr(answer(pia, 215), "au moins cinq ans"));
    ck_assert_ptr_nonnull(strstr(answer(pia, 221), "<strong>absent</strong>"));
    ck_assert_ptr_nonnull(strstr(answer(pia, 222), "signature"));
    ck_assert_ptr_nonnull(strstr(answer(pia, 226), "CLSPD"));
    /* measures: one per recommendation, numbered, HTML too */
    json_t *m;
    size_t i;
    ck_assert_uint_gt(json_array_size(GET(pia, "measures")), 3);
    json_array_foreach(GET(pia, "measures"), i, m)
    {
        ck_assert_int_eq(json_integer_value(GET(m, "id")), (json_int_t)i + 1);
        ck_assert(json_string_length(GET(m, "title")) > 0);
        check_html(json_string_value(GET(m, "content")));
    }
    json_decref(pia);
    fa_result_free(res);
}
END_TEST

START_TEST(pia_escapes_document_text)
{
    fa_result *res = load("clean");
    ck_assert_uint_gt(res->n_fields, 0);
    free(res->fields[0].label);
    res->fields[0].label = strdup("<script>alert(1)</script> & \"co\"");
    res->fields[0].categories |= FA_CAT_BIT(FA_CAT_HEALTH);
    fa_report_opts o = opts("en");
    json_t *pia = render(FA_REPORT_PIA, res, &o);
    const char *t = answer(pia, 121);
    ck_assert_ptr_null(strstr(t, "<script"));
    ck_assert_ptr_nonnull(strstr(t, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;co&quot;"));
    ck_assert_ptr_nonnull(strstr(t, "<p>The document"));
    check_html(t);
    json_decref(pia);
    fa_result_free(res);
}
END_TEST

START_TEST(pia_unreadable_document)
{
    fa_result *res = load("error");
    fa_report_opts o = opts("fr");
    json_t *pia = render(FA_REPORT_PIA, res, &o);
    ck_assert_uint_eq(json_array_size(GET(pia, "answers")), 0);
    ck_assert_uint_eq(json_array_size(GET(pia, "measures")), 0);
    const char *c = json_string_value(GET(json_array_get(GET(pia, "comments"), 0), "description"));
    ck_assert_ptr_nonnull(strstr(c, "n'a pas pu lire"));
    json_decref(pia);
    fa_result_free(res);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("interop");
    TCase *tc = tcase_create("interop");
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_add_test(tc, sarif_social_form);
    tcase_add_test(tc, sarif_levels_from_severity);
    tcase_add_test(tc, sarif_text_form_has_lines);
    tcase_add_test(tc, sarif_stream_is_one_run);
    tcase_add_test(tc, sarif_without_rule_set);
    tcase_add_test(tc, sarif_describes_every_analysis_rule);
    tcase_add_test(tc, uri_of_paths);
    tcase_add_test(tc, pia_social_form);
    tcase_add_test(tc, pia_escapes_document_text);
    tcase_add_test(tc, pia_unreadable_document);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return fx_run_suite(suite());
}
