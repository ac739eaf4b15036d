/* text.c — `formaudit text`: the document in reading order (stub). */
#include "model.h"

fa_status fa_doc_write_text(const fa_doc *doc, FILE *out)
{
    (void)doc;
    (void)out;
    return FA_ERR_INTERNAL;
}
