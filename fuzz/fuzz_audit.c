/* fuzz_audit.c — libFuzzer target for the whole analysis of one document: read
 * (format from content; bytes that are not a zip/PDF and not markup are also tried as
 * the word/document.xml of a DOCX when the first byte is odd), fields, rules, notice,
 * the field inventory, every renderer (txt, json, md, html, odt, jsonl, sarif, pia),
 * the JSON document read back (merge), `diff` of the two, and its summary line, as cmark's fuzzer
 * drives all its renderers. The default rule packs are loaded once; a batch shares one compiled set
 * exactly like this. */
#include "formaudit.h"
#include "model.h"
#include "read.h"
#include "formaudit_report.h"
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>

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

/* `formaudit diff` of A and B in every format; a result compared with itself changes
 * nothing (else abort: the fuzzer reports it). */
static void diff_all(const fa_result *a, const fa_result *b, const fa_report_opts *ro)
{
    static const fa_report_format fmts[] = {FA_REPORT_TXT, FA_REPORT_MD, FA_REPORT_HTML,
                                            FA_REPORT_JSON};
    fa_diff *d = NULL;
    if (fa_diff_new(b, b, &d) == FA_OK && !fa_diff_empty(d))
        abort();
    fa_diff_free(d);
    d = NULL;
    if (fa_diff_new(a, b, &d) != FA_OK)
        return;
    for (size_t i = 0; i < sizeof fmts / sizeof *fmts; i++) {
        fa_buf out = {0};
        (void)fa_diff_render(d, fmts[i], ro, &out);
        fa_buf_free(&out);
    }
    fa_diff_free(d);
}

/* Every renderer (SARIF also in the parts of a stream), `diff` against the JSON
 * document read back as `formaudit merge` reads it. */
static void render_all(const fa_result *res, const fa_report_opts *ro)
{
    for (int f = 0; f < FA_REPORT_NFORMATS; f++) {
        fa_buf out = {0};
        (void)fa_report_render((fa_report_format)f, res, ro, &out);
        if (f == FA_REPORT_JSONL && out.data) {
            fa_result *back = NULL;
            if (fa_result_from_json(out.data, out.len, &back, NULL) == FA_OK) {
                fa_buf again = {0};
                (void)fa_report_render(FA_REPORT_MD, back, ro, &again);
                fa_buf_free(&again);
                diff_all(back, res, ro);
            }
            fa_result_free(back);
        }
        fa_buf_free(&out);
    }
    fa_summary s;
    if (fa_summary_of(res, &s) == FA_OK) {
        fa_buf line = {0};
        if (fa_summary_to_json(&s, &line) == FA_OK) {
            fa_summary back;
            if (fa_summary_from_json(line.data, line.len, &back, NULL) == FA_OK)
                fa_summary_clear(&back);
        }
        fa_buf_free(&line);
        fa_summary_clear(&s);
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
                         .rules_version = fa_rules_version(rules),
                         .rules = rules};
    fa_doc *doc = NULL;
    fa_error err = {0};
    fa_result *res = NULL;
    if (fa_doc_open_mem("fuzz/<form>.docx", in, n, &doc, &err) == FA_OK) {
        fa_audit_opts ao = {.context = FA_CTX_AUTO, .lang = ro.lang};
        if (fa_audit(doc, "fuzz/<form>.docx", rules, &ao, &res, &err) == FA_OK && res) {
            if (devnull)
                fa_fields_write(res, 1, devnull);
        } else {
            res = fa_result_new_error("fuzz/<form>.docx", doc->format, &err);
        }
        fa_doc_free(doc);
    } else {
        res = fa_result_new_error("fuzz/<form>.docx", FA_FMT_UNKNOWN, &err);
    }
    if (res)
        render_all(res, &ro);
    fa_result_free(res);
    free(owned);
    return 0;
}
