/* fuzz_doc.c — libFuzzer target for fa_doc_open_mem, built once per format
 * (fuzz_docx, fuzz_odt, fuzz_pdf, fuzz_html, fuzz_txt, fuzz_rtf, fuzz_image) with FA_FUZZ_FMT set
 * to the
 * fa_format it aims at. The format still comes from content (as in real use): inputs
 * are steered, not forced:
 *   docx/odt: bytes starting with "PK" are used as the archive itself; anything else
 *             is wrapped as word/document.xml / content.xml of a minimal package, so
 *             mutations reach the XML readers instead of failing the zip CRC check;
 *   html:     a "<!DOCTYPE html>" line is put in front when the sniffer would not
 *             take the bytes for HTML;
 *   rtf:      "{\rtf1 " is put in front when the bytes do not start an RTF file;
 *   pdf, txt, image: bytes as they are (image: damaged PNG, JPEG and TIFF files go
 *             through leptonica, then small pages through Tesseract: fuzz_image).
 * Every document read is also written as text (fa_doc_write_text) to /dev/null. */
#include "formaudit.h"
#include "read.h"
#include "fuzz_common.h"

#include <stdio.h>

#ifndef FA_FUZZ_FMT
#error "FA_FUZZ_FMT must be defined (an fa_format value)"
#endif

static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    devnull = fopen("/dev/null", "w");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char *owned = NULL;
    const void *in = data;
    size_t n = size;
    fa_format fmt = FA_FUZZ_FMT;

    if ((fmt == FA_FMT_DOCX || fmt == FA_FMT_ODT) &&
        !(size >= 2 && data[0] == 'P' && data[1] == 'K')) {
        owned = fmt == FA_FMT_DOCX ? fz_wrap_docx(data, size, &n) : fz_wrap_odt(data, size, &n);
        if (!owned)
            return 0;
        in = owned;
    } else if ((fmt == FA_FMT_HTML || fmt == FA_FMT_RTF) && fa_sniff(data, size) != fmt) {
        static const char html[] = "<!DOCTYPE html>\n", rtf[] = "{\\rtf1 ";
        const char *pre = fmt == FA_FMT_HTML ? html : rtf;
        size_t pl = strlen(pre);
        owned = malloc(pl + size + 1);
        if (!owned)
            return 0;
        memcpy(owned, pre, pl);
        if (size)
            memcpy(owned + pl, data, size);
        n = pl + size;
        in = owned;
    }

    fa_doc *doc = NULL;
    fa_error err = {0};
    fa_status st = fa_doc_open_mem("fuzz", in, n, &doc, &err);
    /* Contract of the API: a failure leaves *out NULL and a message; success a doc. */
    if (st != FA_OK && (doc != NULL || err.message[0] == '\0'))
        __builtin_trap();
    if (st == FA_OK && doc == NULL)
        __builtin_trap();
    if (doc && devnull)
        fa_doc_write_text(doc, devnull);
    fa_doc_free(doc);
    free(owned);
    return 0;
}
