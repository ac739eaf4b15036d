/* test_ocr_layout.c — a page read by OCR written into the document (ocr_layout.c),
 * driven with words and shapes made by hand: no OCR engine needed. Then field
 * detection must read it as it reads a PDF text layer: drawn boxes are checkboxes,
 * drawn lines and empty grid cells are blanks with their labels, words OCR is unsure
 * of are marked and specks are gone. */
#include "fields.h"
#include "fixtures.h"
#include "model.h"
#include "ocr.h"
#include "read.h"
#include "result.h"
#include "rules.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#define SCALE 2.0 /* pixels per point of the made-up page */

/* A word at (X, Y) points, H points high, one character ~ H/2 wide. */
static fa_ocr_word W(const char *text, double x, double y, double h, float conf)
{
    double w = strlen(text) * h * 0.5;
    return (fa_ocr_word){.x1 = (int)(x * SCALE),
                         .y1 = (int)(y * SCALE),
                         .x2 = (int)((x + w) * SCALE),
                         .y2 = (int)((y + h) * SCALE),
                         .conf = conf,
                         .line = (int)y,        /* one text line per height */
                         .text = strdup(text)}; /* freed by lay() */
}

static fa_shape S(fa_shape_kind k, double x1, double y1, double x2, double y2)
{
    return (fa_shape){.kind = k, .x1 = x1, .y1 = y1, .x2 = x2, .y2 = y2};
}

static fa_doc *lay(fa_ocr_word *w, size_t nw, fa_shape *s, size_t ns, size_t *uncertain)
{
    fa_doc *d = fa_doc_new("scan.png", FA_FMT_IMAGE);
    ck_assert_ptr_nonnull(d);
    fa_shapes sh = {.v = s, .n = ns, .alloc = ns};
    fa_ocr_layout_in in = {.words = w, .n_words = nw, .scale = SCALE, .shapes = &sh, .pageno = 1};
    size_t chars = 0, unc = 0;
    ck_assert_int_eq(fa_ocr_layout(d, &in, &chars, &unc), FA_OK);
    ck_assert_uint_gt(chars, 0);
    if (uncertain)
        *uncertain = unc;
    for (size_t i = 0; i < nw; i++)
        free(w[i].text);
    fa_doc_finish(d);
    return d;
}

static fa_result *detect(const fa_doc *d)
{
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

/* "Nom :" then a drawn line; a question with two drawn boxes; a speck; a word OCR
 * doubts. */
START_TEST(test_lines_and_boxes)
{
    fa_ocr_word w[] = {
        W("Nom", 72, 100, 10, 95),          W(":", 92, 100, 10, 90),
        W("Suivi", 72, 130, 10, 93),        W("psychiatrique", 102, 130, 10, 91),
        W("?", 170, 130, 10, 90),           W("Oui", 200, 130, 10, 96),
        W("Non", 240, 130, 10, 96),         W(".", 300, 131, 2, 20),
        W("Observatlons", 72, 160, 10, 45),
    };
    fa_shape s[] = {
        S(FA_SH_RULE, 100, 110, 300, 111), /* under "Nom :" */
        S(FA_SH_BOX, 188, 131, 196, 139),  /* before "Oui" */
        S(FA_SH_BOX, 228, 131, 236, 139),  /* before "Non" */
    };
    size_t unc = 0;
    fa_doc *d = lay(w, sizeof w / sizeof *w, s, sizeof s / sizeof *s, &unc);
    char *t = fx_text(d);
    ck_assert_msg(strstr(t, "Nom : ____"), "%s", t);
    ck_assert_msg(strstr(t, "Suivi psychiatrique ? \xE2\x98\x90 Oui \xE2\x98\x90 Non"), "%s", t);
    ck_assert_msg(!strstr(t, " ."), "the speck is dropped: %s", t);
    ck_assert_msg(strstr(t, "Observatlons (?)"), "a doubtful word is marked: %s", t);
    ck_assert_uint_eq(unc, 1);
    fa_result *res = detect(d);
    ck_assert_ptr_nonnull(field(res, "Nom"));
    fa_result_free(res);
    free(t);
    fa_doc_free(d);
}
END_TEST

/* A ruled grid: label cells with words, value cells empty: each empty cell a blank. */
START_TEST(test_grid_cells)
{
    fa_ocr_word w[] = {
        W("Nom", 76, 202, 9, 95),
        W("Prénom", 76, 216, 9, 95),
        W("Adresse", 76, 230, 9, 95),
    };
    fa_shape s[] = {
        S(FA_SH_CELL, 72, 200, 250, 213), S(FA_SH_CELL, 250, 200, 500, 213),
        S(FA_SH_CELL, 72, 213, 250, 227), S(FA_SH_CELL, 250, 213, 500, 227),
        S(FA_SH_CELL, 72, 227, 250, 241), S(FA_SH_CELL, 250, 227, 500, 241),
    };
    fa_doc *d = lay(w, 3, s, 6, NULL);
    char *t = fx_text(d);
    ck_assert_msg(strstr(t, "Nom | ____"), "%s", t);
    ck_assert_msg(strstr(t, "Adresse | ____"), "%s", t);
    fa_result *res = detect(d);
    ck_assert_msg(field(res, "Prénom"), "no Prénom field in:\n%s", t);
    fa_result_free(res);
    free(t);
    fa_doc_free(d);
}
END_TEST

/* A title twice as tall as the body, on two lines: one heading; a rule right under it
 * is a separator, not a blank. */
START_TEST(test_title_and_separator)
{
    fa_ocr_word w[] = {
        W("Fiche", 72, 40, 24, 95),   W("de", 150, 40, 24, 95),      W("liaison", 72, 68, 24, 95),
        W("Nom", 72, 120, 10, 95),    W(":", 95, 120, 10, 95),       W("Date", 72, 140, 10, 95),
        W("Prénom", 72, 160, 10, 95), W("Adresse", 72, 180, 10, 95), W("Commune", 72, 200, 10, 95),
        W("Code", 72, 220, 10, 95),   W("postal", 100, 220, 10, 95),
    };
    fa_shape s[] = {S(FA_SH_RULE, 72, 97, 520, 98)};
    fa_doc *d = lay(w, sizeof w / sizeof *w, s, 1, NULL);
    const fa_node *h = fx_must(fx_nth(d, FA_N_HEADING, 0));
    ck_assert_str_eq(h->text, "Fiche de liaison");
    char *t = fx_text(d);
    ck_assert_msg(!strstr(t, "\n____"), "the separator is no blank: %s", t);
    free(t);
    fa_doc_free(d);
}
END_TEST

/* Nothing at all, or a scale of 0: no crash, nothing written. */
START_TEST(test_empty_page)
{
    fa_doc *d = fa_doc_new("scan.png", FA_FMT_IMAGE);
    fa_ocr_layout_in in = {.scale = SCALE, .pageno = 1};
    size_t chars = 1, unc = 1;
    ck_assert_int_eq(fa_ocr_layout(d, &in, &chars, &unc), FA_OK);
    ck_assert_uint_eq(chars, 0);
    in.scale = 0;
    ck_assert_int_eq(fa_ocr_layout(d, &in, &chars, &unc), FA_OK);
    ck_assert_ptr_null(d->root->first);
    fa_doc_free(d);
}
END_TEST

/* Image signatures choose the image format; the page list is written as runs. */
START_TEST(test_sniff_and_pagelist)
{
    ck_assert_int_eq(fa_sniff("\x89PNG\r\n\x1A\n....", 12), FA_FMT_IMAGE);
    ck_assert_int_eq(fa_sniff("\xFF\xD8\xFF\xE0....", 8), FA_FMT_IMAGE);
    ck_assert_int_eq(fa_sniff("II*\0\x08\0\0\0", 8), FA_FMT_IMAGE);
    ck_assert_int_eq(fa_sniff("MM\0*\0\0\0\x08", 8), FA_FMT_IMAGE);
    ck_assert_str_eq(fa_format_name(FA_FMT_IMAGE), "image");
    fa_pagelist l = {0};
    int pages[] = {1, 2, 3, 5, 7, 8};
    for (size_t i = 0; i < 6; i++)
        fa_pagelist_add(&l, pages[i]);
    ck_assert_str_eq(l.text, "1-3, 5, 7-8");
    ck_assert_int_eq(l.count, 6);
    fa_pagelist big = {0};
    for (int i = 1; i < 400; i += 2)
        fa_pagelist_add(&big, i);
    ck_assert(big.full);
    ck_assert_ptr_nonnull(strstr(big.text, "..."));
}
END_TEST

/* Language lists: Tesseract names joined by '+', never a path. */
START_TEST(test_ocr_langs)
{
    fa_error err = {0};
    fa_ocr_opts o = {.langs = "fra+eng"};
    ck_assert_int_eq(fa_read_set_ocr(&o, &err), FA_OK);
    ck_assert_str_eq(fa_ocr_langs(), "fra+eng");
    const char *bad[] = {"../x", "fra++eng", "+fra", "fra+", "", "fr a", "/usr/share"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        o.langs = bad[i];
        ck_assert_int_eq(fa_read_set_ocr(&o, &err), FA_ERR_USAGE);
    }
    ck_assert_str_eq(fa_ocr_langs(), "fra+eng");
    o.langs = NULL;
    o.disabled = true;
    ck_assert_int_eq(fa_read_set_ocr(&o, &err), FA_OK);
    ck_assert(!fa_ocr_enabled());
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ocr_layout");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_lines_and_boxes);
    tcase_add_test(tc, test_grid_cells);
    tcase_add_test(tc, test_title_and_separator);
    tcase_add_test(tc, test_empty_page);
    tcase_add_test(tc, test_sniff_and_pagelist);
    tcase_add_test(tc, test_ocr_langs);
    suite_add_tcase(s, tc);
    return fx_run_suite(s);
}
