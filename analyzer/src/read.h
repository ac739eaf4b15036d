/* read.h — format detection and the six readers. Each reader fills an empty fa_doc
 * (made by fa_doc_new with the right format) from the whole file in memory, and calls
 * fa_doc_finish() at the end. On failure it returns a status and a message naming the
 * part and the problem ("word/document.xml: line 12: ..."); the caller frees the doc.
 * Readers never touch the network, never expand entities, never load DTDs. */
#ifndef FA_READ_H
#define FA_READ_H

#include "model.h"

/* Format from content (magic bytes, zip mimetype / [Content_Types].xml, markup). */
fa_format fa_sniff(const void *data, size_t size);

fa_status fa_read_docx(fa_doc *doc, const void *data, size_t size, fa_error *err);
fa_status fa_read_odt(fa_doc *doc, const void *data, size_t size, fa_error *err);
fa_status fa_read_pdf(fa_doc *doc, const void *data, size_t size, fa_error *err);

/* Threads a reader may use for one document (the PDF reader lays out pages in a helper
 * thread): 0 (default) as many as the machine has cores, 1 none besides the caller. A
 * batch that already runs one worker per core sets 1: extra threads would only compete.
 * Set before reading; read by every reader (read_pdf_load.c). */
void fa_read_set_threads(unsigned n);
unsigned fa_read_threads(void);
fa_status fa_read_html(fa_doc *doc, const void *data, size_t size, fa_error *err);
fa_status fa_read_text(fa_doc *doc, const void *data, size_t size, fa_error *err);
fa_status fa_read_rtf(fa_doc *doc, const void *data, size_t size, fa_error *err);
/* PNG, JPEG, TIFF: by OCR (read_image.c, ocr.h). */
fa_status fa_read_image(fa_doc *doc, const void *data, size_t size, fa_error *err);

#endif
