/* read_docx.c — reader (not written yet). */
#include "read.h"

fa_status fa_read_docx(fa_doc *doc, const void *data, size_t size, fa_error *err)
{
    (void)doc;
    (void)data;
    (void)size;
    return fa_error_set(err, FA_ERR_FORMAT, "docx reader not implemented yet");
}
