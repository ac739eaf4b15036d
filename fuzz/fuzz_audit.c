/* fuzz_audit.c — libFuzzer target for the whole analysis of one document: read
 * (format from content; bytes that are not a zip/PDF and not markup are also tried as
 * the word/document.xml of a DOCX when the first byte is odd), fields, rules, notice,
 * the JSON document object, the field inventory and every text renderer (txt, md,
 * html, json), as cmark's fuzzer drives all its renderers. The default rule packs are
 * loaded once; a batch shares one compiled set exactly like this. */
#include "formaudit.h"
#include "read.h"
#include "report.h"
#include "fuzz_common.h"

#include <jansson.h>
#include <stdio.h>

static fa_rules *rules;
static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    devnull = fopen("/dev/null", "w");
    fa_error err = {0};
    rules = fa_rules_new();
    if (rules && fa_rules_add_default(rules, &err) != FA_OK)
        fprintf(stderr, "fuzz_audit: default rules not loaded (%s); fuzzing with none\n",
                err.message);
    if (rules && fa_rules_compile(rules, &err) != FA_OK) {
        fprintf(stderr, "fuzz_audit: rules do not compile: %s\n", err.message);
        fa_rules_free(rules);
        rules = fa_rules_new();
        if (rules)
            fa_rules_compile(rules, &err);
    }
    return 0;
}

static void render_all(json_t *jdoc, const fa_report_opts *ro)
{
    static const fa_report_format fmts[] = {FA_REPORT_TXT, FA_REPORT_MD, FA_REPORT_HTML,
                                            FA_REPORT_JSON};
    for (size_t i = 0; i < sizeof fmts / sizeof fmts[0]; i++) {
        fa_buf out = {0};
        (void)fa_report_render(fmts[i], jdoc, ro, &out);
        fa_buf_free(&out);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!rules)
        return 0;
    unsigned char *owned = NULL;
    const void *in = data;
    size_t n = size;
    if (size > 1 && (data[0] & 1) && data[0] != 'P' && data[0] != '%' && data[0] != '<' &&
        fa_sniff(data, size) == FA_FMT_TXT) {
        owned = fz_wrap_docx(data + 1, size - 1, &n);
        if (!owned)
            return 0;
        in = owned;
    }

    fa_report_opts ro = {.lang = (size && (data[size - 1] & 1)) ? "en" : "fr",
                         .date = "2026-01-01",
                         .tool_version = fa_version(),
                         .rules_version = fa_rules_version(rules)};
    fa_doc *doc = NULL;
    fa_error err = {0};
    json_t *jdoc = NULL;
    if (fa_doc_open_mem("fuzz/<form>.docx", in, n, &doc, &err) == FA_OK) {
        fa_audit_opts ao = {.context = FA_CTX_AUTO, .lang = ro.lang};
        fa_result *res = NULL;
        if (fa_audit(doc, rules, &ao, &res, &err) == FA_OK && res) {
            jdoc = fa_result_to_json(res, doc, "fuzz/<form>.docx");
            if (devnull)
                fa_fields_write(res, 1, devnull);
        } else {
            jdoc = fa_error_to_json("fuzz/<form>.docx", doc->format, &err);
        }
        fa_result_free(res);
        fa_doc_free(doc);
    } else {
        jdoc = fa_error_to_json("fuzz/<form>.docx", FA_FMT_UNKNOWN, &err);
    }
    if (jdoc) {
        char *s = json_dumps(jdoc, JSON_COMPACT);
        free(s);
        render_all(jdoc, &ro);
        json_decref(jdoc);
    }
    free(owned);
    return 0;
}
