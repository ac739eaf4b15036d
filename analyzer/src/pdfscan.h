/* pdfscan.h — a pre-scan of a PDF's streams before poppler reads it. Internal.
 *
 * Why: a 7 KB PDF whose content stream is deflated twice ([/FlateDecode /FlateDecode])
 * inflates to gigabytes, and poppler spends the whole CPU budget (55-60 s) parsing
 * them. Poppler has no limit on decoded stream sizes, so the raw file is scanned first:
 * every stream that poppler may decode for text (not image XObjects) is decoded here,
 * through its chain of filters, counting bytes and keeping none, and a stream that
 * decodes past FA_MAX_PDF_STREAM, a file whose streams decode past FA_MAX_PDF_INFLATE
 * in all, or a chain of more than FA_MAX_PDF_FILTERS filters is refused with
 * FA_ERR_LIMIT naming the limit. */
#ifndef FA_PDFSCAN_H
#define FA_PDFSCAN_H

#include "formaudit.h"
#include <stddef.h>

/* FA_OK, or FA_ERR_LIMIT ("PDF: object 4: stream decodes to more than 64 MiB (limit
 * FA_MAX_PDF_STREAM)") or FA_ERR_NOMEM with ERR filled. Damaged streams are not this
 * scan's business: they count up to where they stop decoding, and poppler judges. */
fa_status fa_pdf_prescan(const void *data, size_t size, fa_error *err);

#endif
