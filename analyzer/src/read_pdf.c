/* read_pdf.c — reader (not written yet). */
#include "read.h"

fa_status fa_read_pdf(fa_doc *doc, const void *data, size_t size, fa_error *err)
{
    (void)doc;
    (void)data;
    (void)size;
    return fa_error_set(err, FA_ERR_FORMAT, "pdf reader not implemented yet");
}
