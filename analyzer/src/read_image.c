/* read_image.c — the reader of scans and photos (PNG, JPEG, TIFF with one page or
 * many): each page decoded to grey by the OCR module and read by OCR (ocr.c) into
 * paragraphs and tables as a PDF page would be. No text found on any page is
 * FA_ERR_NO_TEXT; OCR refused (--no-ocr) or not built is FA_ERR_FORMAT with the reason. */
#include "fa_limits.h"
#include "ocr.h"
#include "read.h"

#include <stdlib.h>

fa_status fa_read_image(fa_doc *doc, const void *data, size_t size, fa_error *err)
{
    if (!fa_ocr_enabled())
        return fa_error_set(err, FA_ERR_FORMAT,
                            "image (scan or photo): read only by OCR, which --no-ocr refuses");
    const fa_ocr_engine *eng = NULL;
    fa_status st = fa_ocr_engine_get(&eng, err);
    if (st != FA_OK)
        return st;
    int n = 0;
    st = fa_ocr_image_pages(eng, data, size, &n, err);
    if (st != FA_OK)
        return st;
    int todo = n > FA_OCR_MAX_IMAGE_PAGES ? FA_OCR_MAX_IMAGE_PAGES : n;
    if (todo < n)
        fa_doc_warn(doc, "image of %d pages: only the first %d read (limit FA_OCR_MAX_IMAGE_PAGES)",
                    n, todo);
    size_t chars = 0;
    for (int i = 0; i < todo && st == FA_OK; i++) {
        if (i > 0) {
            fa_node *br = fa_node_new(doc, FA_N_PAGE_BREAK);
            if (!br)
                break;
            br->loc.page = i + 1;
            fa_node_append(doc->root, br);
        }
        fa_ocr_image img;
        fa_error e = {0};
        if (fa_ocr_image_page(eng, data, size, i, &img, &e) != FA_OK) {
            fa_pagelist_add(&doc->ocr.unread, i + 1);
            if (!doc->ocr.unread_why[0])
                snprintf(doc->ocr.unread_why, sizeof doc->ocr.unread_why, "%.190s", e.message);
            continue;
        }
        fa_gray g = {.px = img.px, .w = img.w, .h = img.h, .stride = (size_t)img.w};
        g.scale = img.dpi ? img.dpi / 72.0 : img.w / 595.28;
        size_t c = 0;
        st = fa_ocr_page(doc, &g, img.dpi, i + 1, &c, &e);
        free(img.px);
        chars += c;
        if (st == FA_ERR_LIMIT)
            st = FA_OK; /* budget spent: the page is listed as unread */
        else if (st != FA_OK)
            *err = e;
    }
    doc->pages = n;
    if (st != FA_OK)
        return st;
    fa_ocr_summarize(doc);
    if (!chars && !doc->ocr.read.count && doc->ocr.unread_why[0])
        return fa_error_set(err, FA_ERR_CORRUPT, "%s", doc->ocr.unread_why);
    if (!chars)
        return fa_error_set(err, FA_ERR_NO_TEXT, "image (%d page%s): OCR found no text%s%s", n,
                            n > 1 ? "s" : "", doc->ocr.unread_why[0] ? ": " : "",
                            doc->ocr.unread_why);
    fa_doc_finish(doc);
    return FA_OK;
}
