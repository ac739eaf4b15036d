/* test_reports.c — the renderers (txt, md, html, json, odt) and the batch index, from
 * hand-written JSON document objects in tests/data/reports/ read back into results
 * (fa_result_from_json, as `formaudit merge` reads shards): a social-work form full of
 * problems, a clean form and an unreadable document. Golden files pin the whole
 * output (FA_UPDATE_GOLDEN=1 rewrites them, deliberately); the other tests check what
 * an expert reader relies on: list options quoted together once, only cited texts in
 * the legal framework, identifiers masked, document text escaped, ODF structure.
 *
 * FA_ODT_OUT / FA_HTML_OUT: when set, the odt / html tests also write the social
 * form's avis there (used by tests/cli/odt_libreoffice.sh and html_chromium.sh). */
#include "avis.h"
#include "formaudit_report.h"

#include "fixtures.h"
#include <check.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <zip.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The avis puts a no-break space inside guillemets, as French typography wants. */
#define LQ "«\xc2\xa0"
#define RQ "\xc2\xa0»"

static const fa_report_opts fr_opts = {.lang = "fr", .date = "2026-01-15", .tool_version = "0.1.0"};
static const fa_report_opts en_opts = {.lang = "en", .date = "2026-01-15", .tool_version = "0.1.0"};

static fa_result *from_json(json_t *j)
{
    char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
    ck_assert_ptr_nonnull(s);
    fa_result *res = NULL;
    fa_error err = {0};
    ck_assert_msg(fa_result_from_json(s, strlen(s), &res, &err) == FA_OK, "%s", err.message);
    free(s);
    return res;
}

static json_t *load_json(const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/reports/%s.json", FA_TEST_DATA, name);
    json_error_t je;
    json_t *doc = json_load_file(path, JSON_PRESERVE_ORDER, &je);
    ck_assert_msg(doc != NULL, "%s: %s", path, je.text);
    return doc;
}

static fa_result *load(const char *name)
{
    json_t *j = load_json(name);
    fa_result *res = from_json(j);
    json_decref(j);
    return res;
}

/* The ODT avis of DOC written to PATH. */
static fa_status write_odt(const fa_result *doc, const fa_report_opts *o, const char *path,
                           fa_error *err)
{
    fa_buf b = {0};
    fa_status st = fa_report_render(FA_REPORT_ODT, doc, o, &b);
    if (st == FA_OK)
        st = fa_write_file_atomic(path, b.data, b.len, err);
    fa_buf_free(&b);
    return st;
}

static char *render(fa_report_format f, const fa_result *doc, const fa_report_opts *o)
{
    fa_buf b = {0};
    fa_status st = fa_report_render(f, doc, o, &b);
    ck_assert_msg(st == FA_OK, "render %s: %s", fa_report_format_ext(f), fa_strerror(st));
    return fa_buf_steal(&b);
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fa_buf b = {0};
    char tmp[8192];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
        fa_buf_append(&b, tmp, n);
    fclose(f);
    return b.data ? fa_buf_steal(&b) : fa_strdup("");
}

/* ---------------------------------------------------------------- golden files */

static void golden(const char *sample, fa_report_format f, const fa_report_opts *o,
                   const char *suffix)
{
    fa_result *doc = load(sample);
    char *out = render(f, doc, o);
    char path[1024];
    snprintf(path, sizeof path, "%s/golden/%s%s.%s", FA_TEST_DATA, sample, suffix,
             fa_report_format_ext(f));
    const char *upd = getenv("FA_UPDATE_GOLDEN");
    if (upd && !strcmp(upd, "1")) {
        FILE *g = fopen(path, "wb");
        ck_assert_msg(g != NULL, "cannot write %s", path);
        fputs(out, g);
        fclose(g);
    }
    char *want = slurp(path);
    ck_assert_msg(want != NULL, "%s missing (run with FA_UPDATE_GOLDEN=1 once, then review)", path);
    if (strcmp(want, out)) {
        size_t i = 0;
        while (want[i] && want[i] == out[i])
            i++;
        size_t from = i > 60 ? i - 60 : 0;
        ck_abort_msg("%s differs at byte %zu:\n  want: %.120s\n  got:  %.120s", path, i,
                     want + from, out + from);
    }
    free(want);
    free(out);
    fa_result_free(doc);
}

START_TEST(golden_files)
{
    static const char *const samples[] = {"social", "clean", "error"};
    static const fa_report_format fmts[] = {FA_REPORT_TXT, FA_REPORT_MD, FA_REPORT_HTML,
                                            FA_REPORT_JSON};
    for (size_t s = 0; s < 3; s++)
        for (size_t f = 0; f < 4; f++)
            golden(samples[s], fmts[f], &fr_opts, "");
    golden("social", FA_REPORT_MD, &en_opts, "-en");
}
END_TEST

/* ---------------------------------------------------------------- the avis */

START_TEST(options_of_a_list_said_once)
{
    fa_result *doc = load("social");
    char *md = render(FA_REPORT_MD, doc, &fr_opts);
    /* Four health options of the "Difficultés rencontrées" list, seen by three rules:
     * one paragraph quoting them together. */
    ck_assert_ptr_nonnull(strstr(md, "Options concernées : " LQ "*Santé*" RQ ", " LQ "*Handicap*" RQ
                                     ", " LQ "*Problèmes psychologiques*" RQ " et " LQ
                                     "*Addictions*" RQ " (page 2, tableau 2, ligne 3)"));
    ck_assert_ptr_nonnull(
        strstr(md, "La liste " LQ "*Difficultés rencontrées*" RQ " propose des options"));
    /* The analysis mentions "Addictions" once (the annexes list it again). */
    char *annex = strstr(md, "## Annexe A");
    ck_assert_ptr_nonnull(annex);
    *annex = 0;
    ck_assert_uint_eq(count(md, LQ "*Addictions*" RQ), 1);
    /* Worst problems first in the summary: the critical ones. */
    char *top = strstr(md, "points principaux");
    ck_assert_ptr_nonnull(top);
    ck_assert_ptr_nonnull(strstr(top, "(critique)"));
    free(md);
    fa_result_free(doc);
}
END_TEST

START_TEST(structure_and_wording)
{
    fa_result *doc = load("social");
    char *md = render(FA_REPORT_MD, doc, &fr_opts);
    static const char *const headings[] = {
        "# Avis technique — Dossier d'Intervention Sociale",
        "## En bref",
        "## Saisine et objet",
        "## Cadre juridique",
        "## Analyse point par point",
        "### Appréciations subjectives et zones de commentaire libre",
        "### Catégories particulières de données et données pénales (RGPD art. 9 et 10)",
        "### Situation au regard du séjour et vie familiale intime",
        "### Identifiants et données financières",
        "### Données réelles présentes dans le document",
        "### Information de la personne",
        "### Destinataires et secret professionnel",
        "### Conservation",
        "### Consentement et place de la personne",
        "### Analyse d'impact (AIPD)",
        "## Conclusion",
        "## Signature",
        "## Annexe A — Document examiné",
        "## Annexe B — Inventaire des champs",
        "## Annexe C — Constats sur l'ensemble du document"};
    const char *prev = md;
    for (size_t i = 0; i < sizeof headings / sizeof headings[0]; i++) {
        const char *h = strstr(prev, headings[i]);
        ck_assert_msg(h != NULL, "heading %s missing or out of order", headings[i]);
        prev = h;
    }
    /* Injected date, versions, hash. */
    ck_assert_ptr_nonnull(strstr(md, "15 janvier 2026"));
    ck_assert_ptr_nonnull(strstr(md, "formaudit 0.1.0, règles fr-core 1.0"));
    ck_assert_ptr_nonnull(strstr(md, "`3f1d0c5a8e2b"));
    /* Only the cited texts: art. 9 and CASF L121-6-2 are cited, the CSP is not. */
    ck_assert_ptr_nonnull(strstr(md, "**RGPD, art. 9**"));
    ck_assert_ptr_nonnull(strstr(md, "**CASF, art. L121-6-2**"));
    ck_assert_ptr_nonnull(strstr(md, "**Décret n° 2019-341"));
    ck_assert_ptr_null(strstr(md, "Code de la santé publique"));
    ck_assert_ptr_null(strstr(md, "RGPD, art. 22"));
    /* The notice: missing items and unlisted categories in words; retention quoted. */
    ck_assert_ptr_nonnull(strstr(md, "le droit d'introduire une réclamation auprès de la CNIL"));
    ck_assert_ptr_nonnull(strstr(md, "pourtant recueillies : identifiant national"));
    /* one risk statement per theme, rule ids only in the annexes, proper plurals */
    ck_assert_uint_eq(count(md, "**Risque :**"), 10); /* ten themes, ten risks */
    char *annexes = strstr(md, "## Annexe A");
    ck_assert_ptr_nonnull(annexes);
    *annexes = 0;
    ck_assert_ptr_null(strstr(md, "`fr."));
    ck_assert_ptr_null(strstr(md, "(s)"));
    ck_assert_ptr_null(strstr(md, "forms/dis.docx")); /* the path is in annex A only */
    /* "Ce champ" is not said of a checkbox option */
    ck_assert_ptr_null(strstr(md, "Options concernées : « *Conflits"));
    *annexes = '#';
    ck_assert_ptr_nonnull(strstr(md, "Clause de conservation : " LQ
                                     "*Elles seront conservées pendant au moins cinq ans.*" RQ));
    ck_assert_ptr_nonnull(strstr(md, "Destinataires mentionnés : maire, CLSPD"));
    /* Right of access and facts versus interpretation. */
    ck_assert_ptr_nonnull(strstr(md, "droit d'accès"));
    ck_assert_ptr_nonnull(strstr(md, "interprétation du professionnel"));
    ck_assert_ptr_nonnull(strstr(md, "de réaliser une analyse d'impact (AIPD)"));
    ck_assert_ptr_nonnull(strstr(md, "| F6 | Difficultés rencontrées : Santé / Handicap"));
    free(md);

    char *en = render(FA_REPORT_MD, doc, &en_opts);
    ck_assert_ptr_nonnull(strstr(en, "# Technical opinion — Dossier d'Intervention Sociale"));
    ck_assert_ptr_nonnull(strstr(en, "## Legal framework"));
    ck_assert_ptr_nonnull(strstr(en, "15 January 2026"));
    ck_assert_ptr_null(strstr(en, "Cadre juridique"));
    free(en);
    fa_result_free(doc);
}
END_TEST

START_TEST(clean_and_unreadable)
{
    fa_result *clean = load("clean"), *err = load("error");
    char *md = render(FA_REPORT_MD, clean, &fr_opts);
    ck_assert_ptr_nonnull(strstr(md, "aucun problème"));
    ck_assert_ptr_null(strstr(md, "## Cadre juridique"));
    ck_assert_ptr_null(strstr(md, "## Analyse point par point"));
    ck_assert_ptr_nonnull(strstr(md, "> **Avis favorable.**"));
    ck_assert_ptr_nonnull(strstr(md, "| F2 | Téléphone du responsable légal"));
    free(md);
    md = render(FA_REPORT_MD, err, &fr_opts);
    ck_assert_ptr_nonnull(strstr(md, "n'a pas pu être lu"));
    ck_assert_ptr_nonnull(strstr(md, "`encrypted`"));
    ck_assert_ptr_nonnull(strstr(md, "fournir une version non chiffrée"));
    ck_assert_ptr_null(strstr(md, "Annexe B"));
    free(md);
    char *txt = render(FA_REPORT_TXT, err, &fr_opts);
    ck_assert_str_eq(txt, "conventions/convention-2024-chiffree.pdf: error: encrypted: "
                          "the PDF is encrypted with a user password\n");
    free(txt);
    fa_result_free(clean);
    fa_result_free(err);
}
END_TEST

START_TEST(txt_lines)
{
    fa_result *doc = load("social");
    char *txt = render(FA_REPORT_TXT, doc, &fr_opts);
    ck_assert_ptr_nonnull(strstr(txt, "forms/dis.docx:p2:table2:r3: critical [fr.health.mental] "
                                      "\"Problèmes psychologiques\" — Option qui recueille une "
                                      "donnée de santé mentale.\n"));
    ck_assert_ptr_nonnull(strstr(txt, "forms/dis.docx:p3: medium [fr.retention.open]"));
    ck_assert_ptr_nonnull(strstr(txt, "forms/dis.docx: info [fr.dpia.social] — "));
    ck_assert_ptr_nonnull(strstr(txt, "forms/dis.docx: 19 constats : 4 critique, 9 élevé, "
                                      "4 moyen, 1 faible, 1 info ; 11 champs ; AIPD requise\n"));
    ck_assert_ptr_null(strstr(txt, "\033["));
    free(txt);
    fa_report_opts col = fr_opts;
    col.color = true;
    txt = render(FA_REPORT_TXT, doc, &col);
    ck_assert_ptr_nonnull(strstr(txt, "\033[1;31mcritical\033[0m [fr.health.mental]"));
    free(txt);
    fa_result_free(doc);
}
END_TEST

START_TEST(json_is_deterministic)
{
    fa_result *doc = load("social");
    char *a = render(FA_REPORT_JSON, doc, &fr_opts), *b = render(FA_REPORT_JSON, doc, &en_opts);
    ck_assert_str_eq(a, b); /* no date, no language inside */
    ck_assert_ptr_nonnull(strstr(a, "{\n  \"path\": \"forms/dis.docx\",\n  \"format\": \"docx\""));
    fa_buf e = {0};
    ck_assert_int_eq(fa_report_envelope_head(&fr_opts, &e), FA_OK);
    ck_assert_int_eq(fa_report_envelope_item(0, &e), FA_OK);
    ck_assert_int_eq(fa_report_json_at(doc, 2, 2, &e), FA_OK);
    ck_assert_int_eq(fa_report_envelope_tail(1, &e), FA_OK);
    json_error_t je;
    json_t *env = json_loads(e.data, 0, &je);
    ck_assert_msg(env != NULL, "envelope: %s", je.text);
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(env, "tool"), "name")),
                     "formaudit");
    ck_assert_uint_eq(json_array_size(json_object_get(env, "documents")), 1);
    /* the document inside the envelope is the document of its own report */
    char *inner = json_dumps(json_array_get(json_object_get(env, "documents"), 0),
                             JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    ck_assert_ptr_nonnull(inner);
    ck_assert_int_eq(strncmp(inner, a, strlen(inner)), 0);
    free(inner);
    json_decref(env);
    fa_buf_free(&e);
    free(a);
    free(b);
    fa_result_free(doc);
}
END_TEST

/* A document whose path, quotes and labels carry markup and an unmasked NIR (as if
 * a bug upstream had left one): no renderer may reproduce either. */
static fa_result *hostile_doc(void)
{
    json_t *doc = load_json("social");
    json_object_set_new(doc, "path", json_string("forms/<script>alert(1).docx"));
    json_object_del(json_object_get(doc, "metadata"), "title"); /* named by its file */
    json_t *f0 = json_array_get(json_object_get(doc, "findings"), 0);
    json_object_set_new(
        f0, "quote",
        json_string("<script>alert('q')</script> & \"NIR\" 295109912611193 *gras* [lien](x)"));
    json_t *lb = json_object_get(f0, "legal_basis");
    json_array_append_new(lb, json_string("CSP art. L1110-4"));
    json_array_append_new(lb, json_string("Charte <b>interne</b>"));
    json_t *fl = json_array_get(json_object_get(doc, "fields"), 0);
    json_object_set_new(fl, "label",
                        json_string("Nom <img src=x onerror=alert(1)> 2 95 10 99 126 111 93"));
    fa_result *res = from_json(doc);
    json_decref(doc);
    return res;
}

START_TEST(escaping_and_masking)
{
    fa_result *doc = hostile_doc();
    char *html = render(FA_REPORT_HTML, doc, &fr_opts);
    ck_assert_ptr_null(strstr(html, "<script"));
    ck_assert_ptr_null(strstr(html, "<img"));
    ck_assert_ptr_null(strstr(html, "<b>"));
    ck_assert_ptr_nonnull(
        strstr(html, "<title>Avis technique — &lt;script&gt;alert(1).docx</title>"));
    ck_assert_ptr_nonnull(strstr(
        html, "<mark>&lt;script&gt;alert(&#39;q&#39;)&lt;/script&gt; &amp; &quot;NIR&quot;"));
    /* Citations: a known text gets its line, an unknown one is listed as cited. */
    ck_assert_ptr_nonnull(strstr(html, "Code de la santé publique, art. L1110-4"));
    ck_assert_ptr_nonnull(strstr(html, "Charte &lt;b&gt;interne&lt;/b&gt; — texte cité"));
    char *md = render(FA_REPORT_MD, doc, &fr_opts);
    ck_assert_ptr_nonnull(strstr(md, "\\*gras\\* \\[lien\\](x)"));
    ck_assert_ptr_nonnull(strstr(md, "\\<script\\>alert")); /* shown, never markup */
    char *txt = render(FA_REPORT_TXT, doc, &fr_opts);
    char *outs[3] = {html, md, txt};
    for (int i = 0; i < 3; i++) {
        ck_assert_ptr_null(strstr(outs[i], "295109912611193"));
        ck_assert_ptr_null(strstr(outs[i], "126 111 93"));
        free(outs[i]);
    }
    fa_result_free(doc);
}
END_TEST

START_TEST(html_chart_and_print)
{
    fa_result *doc = load("social");
    char *html = render(FA_REPORT_HTML, doc, &fr_opts);
    ck_assert_ptr_nonnull(strstr(html, "<!DOCTYPE html>"));
    ck_assert_ptr_nonnull(strstr(html, "@media print"));
    ck_assert_ptr_nonnull(strstr(html, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
    /* One bar segment per (category, severity) present: 15 categories of finding,
     * health has both high and critical. */
    ck_assert_uint_eq(count(html, "<rect class=\"bar sev-"), 16);
    ck_assert_ptr_nonnull(strstr(html, "<title>2 critique</title>"));
    /* Self-contained: nothing fetched, nothing run. */
    ck_assert_ptr_null(strstr(html, "<script"));
    ck_assert_ptr_null(strstr(html, "src="));
    ck_assert_ptr_null(strstr(html, "<link"));
    const char *out = getenv("FA_HTML_OUT");
    if (out && *out) {
        fa_error err = {0};
        ck_assert_int_eq(fa_write_file_atomic(out, html, strlen(html), &err), FA_OK);
    }
    free(html);
    fa_result_free(doc);
}
END_TEST

/* ---------------------------------------------------------------- odt */

static char *zip_entry(zip_t *z, const char *name, size_t *len)
{
    zip_stat_t zs;
    ck_assert_msg(zip_stat(z, name, 0, &zs) == 0, "%s missing", name);
    zip_file_t *f = zip_fopen(z, name, 0);
    ck_assert_ptr_nonnull(f);
    char *data = malloc(zs.size + 1);
    ck_assert_int_eq(zip_fread(f, data, zs.size), (zip_int64_t)zs.size);
    data[zs.size] = 0;
    zip_fclose(f);
    *len = zs.size;
    return data;
}

static void check_xml(const char *name, const char *data, size_t len)
{
    xmlDocPtr x = xmlReadMemory(data, (int)len, name, "UTF-8",
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    ck_assert_msg(x != NULL, "%s is not well-formed", name);
    xmlFreeDoc(x);
}

START_TEST(odt_package)
{
    char dir[] = "/tmp/fa-odt-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/dis.odt", dir);
    fa_result *doc = hostile_doc();
    fa_error err = {0};
    ck_assert_int_eq(write_odt(doc, &fr_opts, path, &err), FA_OK);
    int ze = 0;
    zip_t *z = zip_open(path, ZIP_RDONLY, &ze);
    ck_assert_ptr_nonnull(z);
    /* mimetype first, stored, exact. */
    zip_stat_t zs;
    ck_assert_int_eq(zip_stat_index(z, 0, 0, &zs), 0);
    ck_assert_str_eq(zs.name, "mimetype");
    ck_assert_int_eq(zs.comp_method, ZIP_CM_STORE);
    size_t len;
    char *mt = zip_entry(z, "mimetype", &len);
    ck_assert_str_eq(mt, "application/vnd.oasis.opendocument.text");
    free(mt);
    static const char *const parts[] = {"content.xml", "styles.xml", "meta.xml",
                                        "META-INF/manifest.xml"};
    for (size_t i = 0; i < 4; i++) {
        char *x = zip_entry(z, parts[i], &len);
        check_xml(parts[i], x, len);
        if (i == 0) {
            ck_assert_ptr_nonnull(
                strstr(x, "<text:h text:style-name=\"Heading_20_1\" text:outline-level=\"1\">Avis "
                          "technique — &lt;script&gt;"));
            ck_assert_ptr_nonnull(strstr(x, "text:outline-level=\"2\">En bref</text:h>"));
            /* the chart is a picture of the package */
            ck_assert_ptr_nonnull(strstr(x, "<draw:image xlink:href=\"Pictures/chart.svg\""));
            ck_assert_ptr_nonnull(strstr(x, "text:outline-level=\"2\">Cadre juridique</text:h>"));
            ck_assert_ptr_nonnull(strstr(
                x, "text:outline-level=\"3\">Destinataires et secret professionnel</text:h>"));
            ck_assert_ptr_nonnull(
                strstr(x, "text:outline-level=\"2\">Annexe B — Inventaire des champs</text:h>"));
            ck_assert_uint_eq(count(x, "<table:table "), 2);
            ck_assert_ptr_nonnull(
                strstr(x, "<text:span text:style-name=\"TQuote\">Conflits conjugaux</text:span>"));
            ck_assert_ptr_null(strstr(x, "<script"));
            ck_assert_ptr_null(strstr(x, "126 111 93"));
        }
        if (i == 1) /* page numbers in the footer */
            ck_assert_ptr_nonnull(strstr(x, "<text:page-number text:select-page=\"current\">"));
        if (i == 3) {
            ck_assert_ptr_nonnull(strstr(x, "manifest:full-path=\"content.xml\""));
            ck_assert_ptr_nonnull(strstr(x, "manifest:full-path=\"Pictures/chart.svg\""));
        }
        free(x);
    }
    zip_close(z);
    /* No temporary file left behind. */
    char tmp[300];
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    ck_assert_int_ne(access(tmp, F_OK), 0);
    unlink(path);
    rmdir(dir);
    fa_result_free(doc);

    const char *out = getenv("FA_ODT_OUT");
    if (out && *out) {
        fa_result *social = load("social");
        ck_assert_int_eq(write_odt(social, &fr_opts, out, &err), FA_OK);
        fa_result_free(social);
    }
}
END_TEST

START_TEST(odt_bad_path)
{
    fa_result *doc = load("clean");
    fa_error err = {0};
    ck_assert_int_eq(write_odt(doc, &fr_opts, "/nonexistent-dir/x.odt", &err), FA_ERR_IO);
    ck_assert_ptr_nonnull(strstr(err.message, "/nonexistent-dir/x.odt"));
    fa_result_free(doc);
}
END_TEST

/* ---------------------------------------------------------------- index */

START_TEST(batch_index)
{
    char dir[] = "/tmp/fa-index-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    static const char *const samples[] = {"error", "clean", "social"};
    const char *names[] = {"convention-2024-chiffree", "n°1 #2", "dis"};
    fa_summary docs[3];
    for (int i = 0; i < 3; i++) {
        fa_result *r = load(samples[i]);
        ck_assert_int_eq(fa_summary_of(r, &docs[i]), FA_OK);
        docs[i].report = strdup(names[i]);
        fa_result_free(r);
    }
    char p[512];
    static const char *const made[] = {"dis.html", "n°1 #2.odt"};
    for (int i = 0; i < 2; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, made[i]);
        FILE *f = fopen(p, "w");
        ck_assert_ptr_nonnull(f);
        fclose(f);
    }
    fa_error err = {0};
    ck_assert_int_eq(fa_index_write(docs, 3, &fr_opts, dir, &err), FA_OK);

    snprintf(p, sizeof p, "%s/index.csv", dir);
    char *csv = slurp(p);
    ck_assert_ptr_nonnull(csv);
    ck_assert_ptr_nonnull(
        strstr(csv, "path,status,critical,high,medium,low,info,identity,contact,national_id,"));
    /* Worst first, the unreadable one last with its reason. */
    const char *l1 = strchr(csv, '\n') + 1;
    ck_assert_int_eq(strncmp(l1, "forms/dis.docx,ok,4,9,4,1,1,0,0,1,1,4,", 38), 0);
    const char *l2 = strchr(l1, '\n') + 1;
    ck_assert_int_eq(strncmp(l2, "forms/inscription-centre-loisirs.odt,ok,0,0,0,0,0,", 50), 0);
    const char *l3 = strchr(l2, '\n') + 1;
    ck_assert_ptr_nonnull(strstr(l3, "conventions/convention-2024-chiffree.pdf,error,"));
    ck_assert_ptr_nonnull(
        strstr(l3, ",no,encrypted: the PDF is encrypted with a user password,,\n"));

    snprintf(p, sizeof p, "%s/index.json", dir);
    char *j1 = slurp(p);
    ck_assert_int_eq(fa_index_write(docs, 3, &fr_opts, dir, &err), FA_OK);
    char *j2 = slurp(p);
    ck_assert_str_eq(j1, j2);
    json_t *idx = json_loads(j1, 0, NULL);
    ck_assert_ptr_nonnull(idx);
    json_t *first = json_array_get(json_object_get(idx, "documents"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(first, "report")), "dis");
    ck_assert_str_eq(json_string_value(json_object_get(
                         json_array_get(json_object_get(idx, "documents"), 1), "report")),
                     "n°1 #2");
    ck_assert_int_eq(
        json_integer_value(json_object_get(json_object_get(first, "findings"), "critical")), 4);
    ck_assert_int_eq(
        json_integer_value(json_object_get(json_object_get(idx, "totals"), "unreadable")), 1);

    snprintf(p, sizeof p, "%s/index.html", dir);
    char *html = slurp(p);
    ck_assert_ptr_nonnull(strstr(html, "<a href=\"dis.html\">html</a>"));
    ck_assert_ptr_null(strstr(html, "dis.odt")); /* not written, not linked */
    /* A name that would break a URL is percent-encoded. */
    ck_assert_ptr_nonnull(strstr(html, "<a href=\"n%C2%B01%20%232.odt\">odt</a>"));
    ck_assert_ptr_nonnull(strstr(html, "<h2>Documents illisibles</h2>"));
    ck_assert_ptr_nonnull(strstr(html, "<code>encrypted</code>"));
    const char *a = strstr(html, "forms/dis.docx"), *b = strstr(html, "forms/inscription");
    ck_assert(a && b && a < b);
    /* titles, totals, a chart, the verdicts; a benign form in green */
    ck_assert_ptr_nonnull(strstr(html, "<strong>Dossier d&#39;Intervention Sociale</strong>"));
    ck_assert_ptr_nonnull(strstr(html, "<p class=\"totals\"><strong>3 documents</strong>"));
    ck_assert_ptr_nonnull(strstr(html, "<title>Documents par avis</title>"));
    ck_assert_ptr_nonnull(strstr(html, "<tr class=\"v3\"><td class=\"verdict\">défavorable</td>"));
    ck_assert_ptr_nonnull(strstr(html, "<tr class=\"v0\"><td class=\"verdict\">favorable</td>"));

    free(csv);
    free(j1);
    free(j2);
    free(html);
    json_decref(idx);
    for (int i = 0; i < 3; i++)
        fa_summary_clear(&docs[i]);
    static const char *const files[] = {"index.html", "index.json", "index.csv", "dis.html",
                                        "n°1 #2.odt"};
    for (size_t i = 0; i < 5; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, files[i]);
        unlink(p);
    }
    ck_assert_int_eq(rmdir(dir), 0); /* nothing else left (no temporary files) */
}
END_TEST

/* Objects with missing keys and wrong types (a damaged shard, a hand-edited JSON) are
 * refused by the reader or read defensively, and what is read renders. */
START_TEST(malformed_objects)
{
    static const char *const docs[] = {
        "{}",
        "{\"status\": \"ok\"}",
        "{\"path\": 7, \"status\": \"ok\"}",
        "{\"path\": \"e.pdf\", \"status\": \"error\", \"error\": 3}",
        "{\"path\": \"x.docx\", \"status\": \"ok\", \"findings\": [1, \"x\", null, {}, "
        "{\"severity\": "
        "\"bogus\", "
        "\"location\": [], \"legal_basis\": {}, \"scope\": \"option\", \"field\": \"F9\"}], "
        "\"fields\": [null, {\"options\": [5, null], \"categories\": \"health\"}], "
        "\"summary\": [], \"notice\": {\"missing_items\": [1], \"unlisted_categories\": [null]}}",
    };
    char dir[] = "/tmp/fa-bad-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char odt[256];
    snprintf(odt, sizeof odt, "%s/x.odt", dir);
    fa_summary all[8];
    size_t n = 0, refused = 0;
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        fa_result *doc = NULL;
        fa_error err = {0};
        if (fa_result_from_json(docs[i], strlen(docs[i]), &doc, &err) != FA_OK) {
            ck_assert_ptr_null(doc);
            ck_assert(err.message[0]);
            refused++;
            continue;
        }
        for (int f = FA_REPORT_TXT; f < FA_REPORT_NFORMATS; f++)
            free(render((fa_report_format)f, doc, &fr_opts));
        ck_assert_int_eq(write_odt(doc, &en_opts, odt, &err), FA_OK);
        ck_assert_int_eq(fa_summary_of(doc, &all[n++]), FA_OK);
        fa_result_free(doc);
    }
    ck_assert_uint_eq(refused, 3); /* "{}", no path, a path that is not a string */
    fa_error err = {0};
    ck_assert_int_eq(fa_index_write(all, n, &fr_opts, dir, &err), FA_OK);
    for (size_t i = 0; i < n; i++)
        fa_summary_clear(&all[i]);
    static const char *const files[] = {"x.odt", "index.html", "index.json", "index.csv"};
    for (size_t i = 0; i < 4; i++) {
        char p[300];
        snprintf(p, sizeof p, "%s/%s", dir, files[i]);
        ck_assert_int_eq(unlink(p), 0);
    }
    rmdir(dir);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("reports");
    TCase *tc = tcase_create("reports");
    tcase_add_test(tc, golden_files);
    tcase_add_test(tc, options_of_a_list_said_once);
    tcase_add_test(tc, structure_and_wording);
    tcase_add_test(tc, clean_and_unreadable);
    tcase_add_test(tc, txt_lines);
    tcase_add_test(tc, json_is_deterministic);
    tcase_add_test(tc, escaping_and_masking);
    tcase_add_test(tc, html_chart_and_print);
    tcase_add_test(tc, odt_package);
    tcase_add_test(tc, odt_bad_path);
    tcase_add_test(tc, batch_index);
    tcase_add_test(tc, malformed_objects);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return fx_run_suite(suite());
}
