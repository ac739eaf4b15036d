/* fixtures.c — see fixtures.h. */
#include "fixtures.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

unsigned char *fx_zip(size_t *size, const char *const *pairs)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    if (!src)
        return NULL;
    zip_source_keep(src);
    zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    if (!za) {
        zip_source_free(src);
        return NULL;
    }
    for (size_t i = 0; pairs[i]; i += 2) {
        zip_source_t *s = zip_source_buffer(za, pairs[i + 1], strlen(pairs[i + 1]), 0);
        zip_int64_t idx = zip_file_add(za, pairs[i], s, ZIP_FL_OVERWRITE);
        if (idx < 0) {
            zip_source_free(s);
            continue;
        }
        if (!strcmp(pairs[i], "mimetype"))
            zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
    }
    if (zip_close(za) < 0) {
        zip_source_free(src);
        return NULL;
    }
    zip_stat_t st;
    if (zip_source_stat(src, &st) < 0 || zip_source_open(src) < 0) {
        zip_source_free(src);
        return NULL;
    }
    unsigned char *buf = malloc(st.size ? st.size : 1);
    zip_int64_t n = buf ? zip_source_read(src, buf, st.size) : -1;
    zip_source_close(src);
    zip_source_free(src);
    if (n < 0) {
        free(buf);
        return NULL;
    }
    *size = (size_t)n;
    return buf;
}

fa_doc *fx_open_mem(const char *name, const void *data, size_t size)
{
    fa_doc *doc = NULL;
    fa_error err = {0};
    fa_status st = fa_doc_open_mem(name, data, size, &doc, &err);
    ck_assert_msg(st == FA_OK, "%s: %s", name, err.message);
    return doc;
}

unsigned char *fx_read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *buf = malloc(n > 0 ? (size_t)n : 1);
    if (buf && n > 0 && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf)
        *size = n > 0 ? (size_t)n : 0;
    return buf;
}

char *fx_text(const fa_doc *doc)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    fa_doc_write_text(doc, f);
    fclose(f);
    return buf;
}

int fx_run_suite(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
