/* fuzz_ocr_layout.c — libFuzzer target for the layout of a page read by OCR
 * (ocr_layout.c) and field detection on it, without the OCR engine: the bytes are
 * read as words and shapes (any coordinates, sizes, confidences, overlaps and texts,
 * including invalid UTF-8 and huge or negative numbers), written into a document and
 * its fields detected, as a scanned page would be. */
#include "fields.h"
#include "model.h"
#include "ocr.h"
#include "result.h"
#include "rules.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Field detection reads the word lists of the packs' lexicon: the default packs, loaded
 * once (none when they cannot be, as field detection with --no-default-rules). */
static fa_rules *rules;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fa_error err = {0};
    rules = fa_rules_new();
    if (rules &&
        (fa_rules_add_default(rules, &err) != FA_OK || fa_rules_compile(rules, &err) != FA_OK)) {
        fprintf(stderr, "fuzz_ocr_layout: default rules not loaded (%s)\n", err.message);
        fa_rules_free(rules);
        rules = NULL;
    }
    return 0;
}

static int16_t take16(const uint8_t **d, size_t *n)
{
    if (*n < 2)
        return 0;
    int16_t v = (int16_t)((*d)[0] | ((*d)[1] << 8));
    *d += 2;
    *n -= 2;
    return v;
}

static uint8_t take8(const uint8_t **d, size_t *n)
{
    if (!*n)
        return 0;
    uint8_t v = **d;
    (*d)++;
    (*n)--;
    return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *d = data;
    size_t n = size;
    fa_ocr_word words[64];
    fa_shape shapes[32];
    size_t nw = take8(&d, &n) % 64, ns = take8(&d, &n) % 32;
    double scale = 0.5 + take8(&d, &n) / 32.0;
    for (size_t i = 0; i < nw; i++) {
        fa_ocr_word *w = &words[i];
        w->x1 = take16(&d, &n);
        w->y1 = take16(&d, &n);
        w->x2 = w->x1 + take8(&d, &n) * 4 - 16;
        w->y2 = w->y1 + take8(&d, &n) - 8;
        w->conf = take8(&d, &n) / 2.5f;
        w->line = take8(&d, &n) % 16 - 1;
        w->block = 0;
        size_t len = take8(&d, &n) % 24;
        if (len > n)
            len = n;
        w->text = malloc(len + 1);
        if (w->text) {
            memcpy(w->text, d, len);
            w->text[len] = 0;
        }
        d += len;
        n -= len;
    }
    for (size_t i = 0; i < ns; i++) {
        fa_shape *s = &shapes[i];
        memset(s, 0, sizeof *s);
        s->kind = (fa_shape_kind)(take8(&d, &n) % 4);
        s->x1 = take16(&d, &n) / 4.0;
        s->y1 = take16(&d, &n) / 4.0;
        s->x2 = s->x1 + take8(&d, &n) * 2 - 8;
        s->y2 = s->y1 + take8(&d, &n) - 8;
        s->ticked = take8(&d, &n) & 1;
        s->groups = take8(&d, &n) % 5;
        for (int g = 0; g < FA_SHAPE_GROUPS; g++)
            s->group_len[g] = take8(&d, &n) % 6;
    }
    fa_doc *doc = fa_doc_new("fuzz.png", FA_FMT_IMAGE);
    if (doc) {
        fa_shapes sh = {.v = shapes, .n = ns, .alloc = ns};
        fa_ocr_layout_in in = {
            .words = words, .n_words = nw, .scale = scale, .shapes = &sh, .pageno = 1};
        size_t chars = 0, unc = 0;
        fa_status st = fa_ocr_layout(doc, &in, &chars, &unc);
        if (st == FA_OK) {
            fa_doc_finish(doc);
            fa_result *res = calloc(1, sizeof *res);
            fa_error err = {0};
            if (res &&
                fa_fields_detect(doc, res, rules ? fa_rules_langdata(rules) : NULL, &err) == FA_OK)
                (void)res->n_fields;
            fa_result_free(res);
        }
        fa_doc_free(doc);
    }
    for (size_t i = 0; i < nw; i++)
        free(words[i].text);
    return 0;
}
