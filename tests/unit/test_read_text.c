/* test_read_text.c — the plain-text reader: lines, headings, bullets, page breaks,
 * damaged bytes. */
#include "fixtures.h"
#include "model.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

static const fa_node *maybe_block(const fa_doc *d, int k)
{
    const fa_node *n = d->root->first;
    while (n && k--)
        n = n->next;
    return n;
}

static const fa_node *nth_block(const fa_doc *d, int k)
{
    const fa_node *n = maybe_block(d, k);
    ck_assert_ptr_nonnull(n);
    return n;
}

START_TEST(test_lines_and_headings)
{
    const char *src = "\xEF\xBB\xBF"
                      "FICHE DE RENSEIGNEMENTS\r\n"
                      "\r\n"
                      "Situation familiale\r\n"
                      "===================\r\n"
                      "Nom : ____________\r\n"
                      "NOM DE NAISSANCE :\r\n"
                      "- C\xC3\xA9libataire\r\n"
                      "- Mari\xC3\xA9(e)\r\n";
    fa_doc *d = fx_open_mem("fiche.txt", src, strlen(src));
    ck_assert_int_eq(d->format, FA_FMT_TXT);
    const fa_node *n = nth_block(d, 0);
    ck_assert_int_eq(n->type, FA_N_HEADING);
    ck_assert_str_eq(n->text, "FICHE DE RENSEIGNEMENTS"); /* BOM stripped */
    ck_assert_int_eq(n->loc.line, 1);
    n = nth_block(d, 1);
    ck_assert_int_eq(n->type, FA_N_HEADING);
    ck_assert_int_eq(n->level, 1);
    ck_assert_str_eq(n->text, "Situation familiale");
    ck_assert_int_eq(n->loc.line, 3);
    n = nth_block(d, 2);
    ck_assert_int_eq(n->type, FA_N_PARAGRAPH);
    ck_assert_str_eq(n->text, "Nom : ____________");
    ck_assert_int_eq(n->loc.line, 5);
    n = nth_block(d, 3); /* a capitalised label ending with ':' is not a heading */
    ck_assert_int_eq(n->type, FA_N_PARAGRAPH);
    n = nth_block(d, 4);
    ck_assert_int_eq(n->type, FA_N_LIST_ITEM);
    ck_assert_str_eq(n->text, "C\xC3\xA9libataire");
    ck_assert_ptr_null(maybe_block(d, 6));
    fa_doc_free(d);
}
END_TEST

START_TEST(test_form_feed_is_page_break)
{
    const char *src = "Page un\n\fPage deux\n";
    fa_doc *d = fx_open_mem("x.txt", src, strlen(src));
    const fa_node *n = nth_block(d, 1);
    ck_assert_int_eq(n->type, FA_N_PAGE_BREAK);
    ck_assert_int_eq(n->loc.page, 2);
    ck_assert_int_eq(nth_block(d, 2)->loc.page, 2);
    char *t = fx_text(d);
    ck_assert_str_eq(t, "Page un\n--- page 2 ---\nPage deux\n");
    free(t);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_invalid_utf8_and_nul)
{
    /* Latin-1 "é" and a NUL inside a line: replaced, not fatal. */
    const char src[] = "Pr\xE9nom :\0 Jean\nVille";
    fa_doc *d = fx_open_mem("latin1.txt", src, sizeof src - 1);
    const fa_node *n = nth_block(d, 0);
    ck_assert_str_eq(n->text, "Pr\xEF\xBF\xBDnom : Jean");
    ck_assert_str_eq(nth_block(d, 1)->text, "Ville");
    fa_doc_free(d);
}
END_TEST

START_TEST(test_utf16_with_bom)
{
    /* "Nom :\r\nPrénom" saved as UTF-16LE "Unicode text" */
    const char src[] = "\xFF\xFE"
                       "N\0o\0m\0 \0:\0\r\0\n\0P\0r\0\xE9\0n\0o\0m\0";
    fa_doc *d = fx_open_mem("u16.txt", src, sizeof src - 1);
    ck_assert_int_eq(d->format, FA_FMT_TXT);
    ck_assert_str_eq(nth_block(d, 0)->text, "Nom :");
    ck_assert_str_eq(nth_block(d, 1)->text, "Prénom");
    ck_assert_uint_eq(d->size, sizeof src - 1); /* the file's own bytes */
    fa_doc_free(d);
}
END_TEST

START_TEST(test_empty_and_blank)
{
    fa_doc *d = fx_open_mem("blank.txt", "\n\n   \n", 6);
    ck_assert_ptr_null(d->root->first);
    fa_doc_free(d);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("read_text");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_lines_and_headings);
    tcase_add_test(tc, test_form_feed_is_page_break);
    tcase_add_test(tc, test_invalid_utf8_and_nul);
    tcase_add_test(tc, test_utf16_with_bom);
    tcase_add_test(tc, test_empty_and_blank);
    suite_add_tcase(s, tc);
    return fx_run_suite(s);
}
