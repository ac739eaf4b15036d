/* fields.c — field detection (stub). */
#include "fields.h"

fa_status fa_fields_detect(const fa_doc *doc, fa_result *res, fa_error *err)
{
    (void)doc;
    (void)res;
    (void)err;
    return FA_OK;
}
