/* read_pdf_module.h — the PDF reader as a loadable module. Internal.
 *
 * Why: poppler-glib pulls some fifty shared libraries (gio, gobject, cairo, fontconfig,
 * freetype, nss, lcms...) whose loading and relocation cost every run ~15-20 ms of CPU,
 * DOCX and text included. So read_pdf.c is built as formaudit-pdf.so, and the core
 * (read_pdf_load.c) dlopen()s it the first time a PDF is read. The unit tests and the
 * fuzz targets link the same read_pdf.c object into the program instead: the core then
 * finds fa_pdf_module_entry already linked and loads nothing.
 *
 * The module calls the core only through the fa_pdf_host table below (it is linked with
 * --no-undefined: no other core symbol can slip in), and the core calls the module only
 * through the reader that fa_pdf_module_entry returns. The module reads and writes the
 * core's structs (fa_doc, fa_node, fa_control, fa_error) directly, so both must come
 * from the same build: the host says its version and struct sizes, and a module that
 * does not match refuses to start. */
#ifndef FA_READ_PDF_MODULE_H
#define FA_READ_PDF_MODULE_H

#include "model.h"
#include "shapes.h"

#define FA_PDF_MODULE_FILE "formaudit-pdf.so"
#define FA_PDF_MODULE_ENTRY "fa_pdf_module_entry"
#define FA_PDF_ABI 3 /* bump when fa_pdf_host or the entry changes */

/* The core's builders and helpers the PDF reader uses (see model.h and util.h). */
typedef struct fa_pdf_host {
    const char *version; /* FA_VERSION; stays the first member */
    unsigned abi;        /* FA_PDF_ABI */
    size_t doc_size, node_size, control_size, error_size;
    fa_node *(*node_new)(fa_doc *doc, fa_node_type type);
    void (*node_append)(fa_node *parent, fa_node *child);
    fa_status (*node_append_text)(fa_doc *doc, fa_node *n, const char *s, size_t len);
    void (*node_squeeze)(fa_node *n);
    fa_node *(*doc_add_control)(fa_doc *doc, fa_node *para, fa_control_kind kind);
    fa_status (*control_add_option)(fa_doc *doc, fa_control *c, const char *s, size_t len);
    char *(*doc_strdup)(fa_doc *doc, const char *s);
    void (*doc_warn)(fa_doc *doc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
    void (*doc_finish)(fa_doc *doc);
    fa_status (*error_set)(fa_error *err, fa_status status, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
    char *(*utf8_clean)(const char *s, size_t n);
    char *(*str_squeeze)(char *s);
    bool (*str_blank)(const char *s);
    unsigned (*read_threads)(void); /* fa_read_threads (read.h) */
    /* OCR of pages without text (ocr.h): wanted at all (not --no-ocr); one page image
     * into the document; the document's OCR warning at the end */
    bool (*ocr_enabled)(void);
    fa_status (*ocr_page)(fa_doc *doc, const fa_gray *img, int dpi, int pageno, size_t *chars,
                          fa_error *err);
    void (*ocr_summarize)(fa_doc *doc);
} fa_pdf_host;

/* The reader: same contract as the other readers of read.h. */
typedef fa_status (*fa_pdf_read_fn)(fa_doc *doc, const void *data, size_t size, fa_error *err);

/* The one symbol the module exports. Called once per process, before any read: keeps
 * HOST (which must outlive every read) and returns the reader, or NULL when HOST comes
 * from another version or layout of formaudit (nothing kept then). */
__attribute__((visibility("default"))) fa_pdf_read_fn fa_pdf_module_entry(const fa_pdf_host *host);

/* Load the PDF reader now if it is not yet (read_pdf_load.c). fa_read_pdf() calls it
 * itself; a program about to fork workers for PDFs may call it first so that every
 * worker inherits the loaded module. Idempotent; the first outcome is kept for the
 * process. FA_ERR_FORMAT "PDF support not available: <reason>" when the module cannot
 * be found, loaded or used. The module is looked for, in order: $FA_PDF_MODULE (a path,
 * then the only one tried: tests), next to the running program (/proc/self/exe), and in
 * FA_PDF_MODULE_DIR (the installed libdir/formaudit). */
fa_status fa_pdf_load(fa_error *err);

#endif
