/* ocr.h — OCR of page images into the document model. Internal.
 *
 * Three parts:
 * - the engine, formaudit-ocr.so (ocr_tess.c): Tesseract and leptonica, ~60 shared
 *   libraries (curl, archive, gomp...) that a run without a scan must not load, so it
 *   is a module dlopen()ed at the first scanned page, as the PDF reader is. It decodes
 *   image files into grey pages and turns a grey page into words with boxes and
 *   confidences. It keeps one Tesseract engine per process, made at the first page and
 *   kept until the process exits (a batch worker OCRs many pages with it);
 * - the core side (ocr.c): options, loading the module, budgets, and the page: words
 *   and the boxes and lines drawn on the page (shapes.c) written into the document as
 *   a PDF text layer would be, so that field detection reads them the same way
 *   (ocr_layout.c);
 * - the readers that have page images: read_image.c (PNG, JPEG, TIFF) and the PDF
 *   module for its pages without text (through fa_pdf_host).
 *
 * The module calls the core only through fa_ocr_host (it is linked --no-undefined),
 * and both must come from the same build (version, ABI and struct sizes checked). */
#ifndef FA_OCR_H
#define FA_OCR_H

#include "model.h"
#include "shapes.h"

#define FA_OCR_MODULE_FILE "formaudit-ocr.so"
#define FA_OCR_MODULE_ENTRY "fa_ocr_module_entry"
#define FA_OCR_ABI 1 /* bump when fa_ocr_host, fa_ocr_engine or their structs change */

/* One recognised word. Coordinates are pixels of the image given to recognize(), after
 * its deskewing (the same frame as fa_ocr_result.bin), top-left origin. */
typedef struct fa_ocr_word {
    int x1, y1, x2, y2;
    float conf; /* Tesseract's word confidence, 0-100 */
    int block;  /* Tesseract's block, 0-based, in its reading order */
    int line;   /* text line, 0-based, in reading order across the page */
    char *text; /* UTF-8, malloc'd */
} fa_ocr_word;

/* What recognize() gives for a page; free with fa_ocr_result_clear. */
typedef struct fa_ocr_result {
    fa_ocr_word *words;
    size_t n_words;
    unsigned char *bin; /* the page as Tesseract binarised it, deskewed: 0 ink, 255 paper,
                           w bytes a row, malloc'd; NULL when not available */
    int w, h;
    double skew; /* degrees the page was turned to straighten it */
    bool cut;    /* stopped by the deadline: the words are what was read by then */
} fa_ocr_result;

void fa_ocr_result_clear(fa_ocr_result *r);

/* One page of an image file as grey pixels (0 black, 255 white), w bytes a row. */
typedef struct fa_ocr_image {
    unsigned char *px; /* malloc'd */
    int w, h;
    int dpi; /* resolution the file declares, 0 when none or implausible */
} fa_ocr_image;

/* The engine's entry points. Each returns FA_OK or a status with ERR filled. */
typedef struct fa_ocr_engine {
    /* Make the process's Tesseract engine for LANGS ("fra+eng") if not yet made. The
     * first outcome is kept: a failure is returned again by every later call. */
    fa_status (*init)(const char *langs, fa_error *err);
    /* Recognise IMG (resolution DPI) within DEADLINE_MS of wall time. */
    fa_status (*recognize)(const fa_gray *img, int dpi, unsigned deadline_ms, fa_ocr_result *out,
                           fa_error *err);
    /* Pages of an image file (1 except for a multi-page TIFF), without decoding them;
     * FA_ERR_CORRUPT when it cannot be decoded, FA_ERR_LIMIT when a page is larger
     * than FA_OCR_MAX_PIXELS. */
    fa_status (*image_pages)(const void *data, size_t size, int *n, fa_error *err);
    /* Decode page INDEX (0-based) of an image file into OUT (caller frees out->px). */
    fa_status (*image_page)(const void *data, size_t size, int index, fa_ocr_image *out,
                            fa_error *err);
} fa_ocr_engine;

typedef struct fa_ocr_host {
    const char *version; /* FA_VERSION; stays the first member */
    unsigned abi;        /* FA_OCR_ABI */
    size_t error_size, gray_size, word_size;
    fa_status (*error_set)(fa_error *err, fa_status status, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
} fa_ocr_host;

/* The one symbol the module exports: keeps HOST and returns the engine, or NULL when
 * HOST comes from another build. */
__attribute__((visibility("default"))) const fa_ocr_engine *
fa_ocr_module_entry(const fa_ocr_host *host);

/* ---------------------------------------------------------------- core side (ocr.c) */

/* False after fa_read_set_ocr({.disabled = true}). */
bool fa_ocr_enabled(void);
/* The languages asked ("fra+eng" by default). */
const char *fa_ocr_langs(void);

/* Load the module (once per process; the outcome is kept) and make the engine for the
 * languages asked. FA_ERR_FORMAT "OCR not available: <why>" when it cannot. */
fa_status fa_ocr_engine_get(const fa_ocr_engine **out, fa_error *err);

/* ENG's image_pages and image_page, one thread at a time (the module silences the
 * image codecs' stderr while it decodes). */
fa_status fa_ocr_image_pages(const fa_ocr_engine *eng, const void *data, size_t size, int *n,
                             fa_error *err);
fa_status fa_ocr_image_page(const fa_ocr_engine *eng, const void *data, size_t size, int index,
                            fa_ocr_image *out, fa_error *err);

/* OCR the page image IMG (resolution DPI; 0: unknown, guessed from an A4 width) as
 * page PAGENO of DOC: its lines, drawn boxes and lines to write on are appended to
 * DOC's root in reading order. *CHARS receives the visible characters written. Keeps
 * DOC's OCR counts (model.h) for fa_ocr_summarize. FA_OK (even when nothing was
 * read), FA_ERR_LIMIT when the document's OCR budget is spent (page not read), or why
 * OCR is not available. */
fa_status fa_ocr_page(fa_doc *doc, const fa_gray *img, int dpi, int pageno, size_t *chars,
                      fa_error *err);

/* Add DOC's OCR warning (pages read, mean confidence, words not trusted, pages left
 * unread): the reports show document warnings. Nothing when no page was OCR'd. */
void fa_ocr_summarize(fa_doc *doc);

/* ---------------------------------------------------------------- layout (ocr_layout.c) */

/* A page read by OCR, in points (1/72 inch), top-left origin. */
typedef struct fa_ocr_layout_in {
    const fa_ocr_word *words; /* coordinates in pixels, divided by SCALE here */
    size_t n_words;
    double scale; /* pixels per point */
    const fa_shapes *shapes;
    int pageno;
} fa_ocr_layout_in;

/* Write IN's words and shapes into DOC as paragraphs and tables in reading order.
 * Words under FA_OCR_MIN_CONFIDENCE are followed by " (?)"; *UNCERTAIN receives their
 * number, *CHARS the visible characters written. FA_OK, FA_ERR_NOMEM or FA_ERR_LIMIT
 * (node limit). */
fa_status fa_ocr_layout(fa_doc *doc, const fa_ocr_layout_in *in, size_t *chars, size_t *uncertain);

#endif
