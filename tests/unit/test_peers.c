/* test_peers.c — third-party documents beside the checkout (../shared/corpora/peers):
 * real cerfa forms must be read, with text, and never hang (the scanned one is reported
 * as having no text layer), and every DOCX and ODT of pandoc's test suite opens. They are not in
 * the repository (their licences do not allow it): without them this test exits 77, which CTest
 * reports as skipped. */
#include "fixtures.h"
#include "model.h"

#include <check.h>
#include <stdio.h>
#include <sys/stat.h>

#define PEER_FORMS FA_SHARED_DIR "/corpora/peers/forms"

START_TEST(test_cerfa_forms)
{
    static const struct {
        const char *name;
        fa_status want;
    } forms[] = {
        {"cerfa-12100.pdf", FA_OK},
        {"cerfa-12101.pdf", FA_OK},
        {"cerfa-apprentissage.pdf", FA_ERR_NO_TEXT}, /* a scan (OCR: tests/cli/ocr.sh) */
    };
    /* the PDF reader alone: whether an OCR module is installed must not matter here */
    fa_ocr_opts no = {.disabled = true};
    ck_assert_int_eq(fa_read_set_ocr(&no, NULL), FA_OK);
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", PEER_FORMS, forms[i].name);
        fa_doc *d = NULL;
        fa_error err = {0};
        fa_status st = fa_doc_open(path, &d, &err);
        ck_assert_msg(st == forms[i].want, "%s: %s (%s)", forms[i].name, fa_status_code(st),
                      err.message);
        if (st == FA_OK) {
            ck_assert_int_gt(d->pages, 0);
            ck_assert_ptr_nonnull(d->root->first);
        }
        fa_doc_free(d);
    }
}
END_TEST

/* pandoc's test files are all valid documents: every one opens. */
START_TEST(test_pandoc_corpus)
{
    static const char *const dirs[][2] = {{"docx", ".docx"}, {"odt", ".odt"}};
    for (size_t i = 0; i < 2; i++) {
        char dir[512];
        snprintf(dir, sizeof dir, "%s/../pandoc/%s", PEER_FORMS, dirs[i][0]);
        int total = 0;
        int opened = fx_open_dir(dir, dirs[i][1], &total);
        ck_assert_msg(opened >= 0, "%s: cannot list", dir);
        ck_assert_int_gt(total, 0);
        ck_assert_int_eq(opened, total);
    }
}
END_TEST

int main(void)
{
    struct stat sb;
    if (stat(PEER_FORMS, &sb) != 0) {
        printf("SKIP: %s not present\n", PEER_FORMS);
        return 77;
    }
    Suite *s = suite_create("peers");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_cerfa_forms);
    tcase_add_test(tc, test_pandoc_corpus);
    suite_add_tcase(s, tc);
    return fx_run_suite(s);
}
