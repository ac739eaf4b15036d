/* fixtures.c — see fixtures.h. */
#include "fixtures.h"

#include <check.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
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

static uint32_t crc32_of(const unsigned char *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return ~c;
}

static void put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, uint32_t v)
{
    put16(p, v & 0xFFFF);
    put16(p + 2, v >> 16);
}

unsigned char *fx_zip_stored(size_t *size, const char *const *pairs)
{
    size_t n = 0, total = 22;
    for (size_t i = 0; pairs[i]; i += 2, n++)
        total += 2 * strlen(pairs[i]) + strlen(pairs[i + 1]) + 30 + 46;
    unsigned char *buf = calloc(1, total), *cd = malloc(total);
    if (!buf || !cd) {
        free(buf);
        free(cd);
        return NULL;
    }
    size_t off = 0, cdlen = 0;
    for (size_t i = 0; pairs[i]; i += 2) {
        size_t nl = strlen(pairs[i]), dl = strlen(pairs[i + 1]);
        uint32_t crc = crc32_of((const unsigned char *)pairs[i + 1], dl);
        unsigned char *h = buf + off;
        put32(h, 0x04034b50);
        put16(h + 4, 20);
        put32(h + 14, crc);
        put32(h + 18, (uint32_t)dl);
        put32(h + 22, (uint32_t)dl);
        put16(h + 26, (unsigned)nl);
        memcpy(h + 30, pairs[i], nl);
        memcpy(h + 30 + nl, pairs[i + 1], dl);
        unsigned char *c = cd + cdlen;
        memset(c, 0, 46);
        put32(c, 0x02014b50);
        put16(c + 4, 20);
        put16(c + 6, 20);
        put32(c + 16, crc);
        put32(c + 20, (uint32_t)dl);
        put32(c + 24, (uint32_t)dl);
        put16(c + 28, (unsigned)nl);
        put32(c + 42, (uint32_t)off);
        memcpy(c + 46, pairs[i], nl);
        cdlen += 46 + nl;
        off += 30 + nl + dl;
    }
    memcpy(buf + off, cd, cdlen);
    free(cd);
    unsigned char *e = buf + off + cdlen;
    put32(e, 0x06054b50);
    put16(e + 8, (unsigned)n);
    put16(e + 10, (unsigned)n);
    put32(e + 12, (uint32_t)cdlen);
    put32(e + 16, (uint32_t)off);
    *size = off + cdlen + 22;
    return buf;
}

unsigned char *fx_cfb(size_t *size, const char *name, const void *head, size_t len)
{
    /* header, sector 0: FAT, sector 1: directory, sectors 2-9: the stream */
    size_t total = 512 * 11;
    unsigned char *b = calloc(1, total);
    if (!b)
        return NULL;
    memcpy(b, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
    put16(b + 0x18, 0x3E);
    put16(b + 0x1A, 3);
    put16(b + 0x1C, 0xFFFE);
    put16(b + 0x1E, 9);
    put16(b + 0x20, 6);
    put32(b + 0x2C, 1);          /* FAT sectors */
    put32(b + 0x30, 1);          /* first directory sector */
    put32(b + 0x38, 4096);       /* mini stream cutoff */
    put32(b + 0x3C, 0xFFFFFFFE); /* no mini FAT */
    put32(b + 0x44, 0xFFFFFFFE); /* no DIFAT */
    for (int i = 0; i < 109; i++)
        put32(b + 0x4C + 4 * i, i ? 0xFFFFFFFF : 0);
    unsigned char *fat = b + 512;
    for (int i = 0; i < 128; i++)
        put32(fat + 4 * i, 0xFFFFFFFF);
    put32(fat, 0xFFFFFFFD);
    put32(fat + 4, 0xFFFFFFFE);
    for (int i = 2; i < 10; i++)
        put32(fat + 4 * i, i < 9 ? (uint32_t)i + 1 : 0xFFFFFFFE);
    unsigned char *dir = b + 1024;
    const char *names[2] = {"Root Entry", name};
    for (int e = 0; e < 2; e++) {
        unsigned char *d = dir + 128 * e;
        size_t nl = strlen(names[e]);
        for (size_t k = 0; k < nl && k < 31; k++)
            d[2 * k] = (unsigned char)names[e][k];
        put16(d + 64, (unsigned)(2 * (nl + 1)));
        d[66] = e ? 2 : 5;
        d[67] = 1;
        put32(d + 68, 0xFFFFFFFF);
        put32(d + 72, 0xFFFFFFFF);
        put32(d + 76, e ? 0xFFFFFFFF : 1);
        put32(d + 116, e ? 2 : 0xFFFFFFFE);
        put32(d + 120, e ? 4096 : 0);
    }
    memcpy(b + 512 * 3, head, len < 4096 ? len : 4096);
    *size = total;
    return b;
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

fa_node *fx_block(fa_doc *doc, fa_node *parent, fa_node_type type, const char *text)
{
    fa_node *n = fa_node_new(doc, type);
    ck_assert_ptr_nonnull(n);
    if (text)
        ck_assert_int_eq(fa_node_append_text(doc, n, text, strlen(text)), FA_OK);
    fa_node_append(parent ? parent : doc->root, n);
    return n;
}

const fa_node *fx_nth(const fa_doc *doc, fa_node_type type, int k)
{
    fa_iter it;
    const fa_node *n;
    fa_event ev;
    fa_iter_init(&it, doc->root);
    while ((ev = fa_iter_next(&it, &n)) != FA_EV_DONE)
        if (ev == FA_EV_ENTER && n->type == type && k-- == 0)
            return n;
    return NULL;
}

const fa_node *fx_find_text(const fa_doc *doc, const char *s)
{
    fa_iter it;
    const fa_node *n;
    fa_event ev;
    fa_iter_init(&it, doc->root);
    while ((ev = fa_iter_next(&it, &n)) != FA_EV_DONE)
        if (ev == FA_EV_ENTER && fa_node_is_text(n) && strstr(n->text, s))
            return n;
    return NULL;
}

const fa_node *fx_must(const fa_node *n)
{
    static fa_node none;
    ck_assert_ptr_nonnull(n);
    return n ? n : &none;
}

const fa_control *fx_ctl(const fa_doc *doc, int k)
{
    const fa_node *n = fx_must(fx_nth(doc, FA_N_CONTROL, k));
    ck_assert_ptr_nonnull(n->ctl);
    return n->ctl;
}

double fx_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int fx_open_dir(const char *dir, const char *ext, int *total)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return -1;
    size_t el = strlen(ext);
    struct dirent *e;
    int opened = 0;
    *total = 0;
    while ((e = readdir(dp)) != NULL) {
        size_t l = strlen(e->d_name);
        if (l < el || strcmp(e->d_name + l - el, ext))
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        fa_doc *d = NULL;
        fa_error err = {0};
        double t0 = fx_now();
        fa_status st = fa_doc_open(path, &d, &err);
        ck_assert_msg(fx_now() - t0 < 5.0, "%s: too slow", e->d_name);
        ck_assert_msg(st == FA_OK || st == FA_ERR_CORRUPT || st == FA_ERR_ENCRYPTED ||
                          st == FA_ERR_FORMAT,
                      "%s: %s", e->d_name, err.message);
        (*total)++;
        if (st == FA_OK) {
            opened++;
            ck_assert_ptr_nonnull(d->root);
        }
        fa_doc_free(d);
    }
    closedir(dp);
    return opened;
}

int fx_run_suite(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

const fa_rules *fx_rules(void)
{
    static fa_rules *rules;
    if (!rules) {
        fa_error err = {0};
        rules = fa_rules_new();
        ck_assert_ptr_nonnull(rules);
        ck_assert_msg(fa_rules_add_default(rules, &err) == FA_OK, "%s", err.message);
        ck_assert_msg(fa_rules_compile(rules, &err) == FA_OK, "%s", err.message);
    }
    return rules;
}
