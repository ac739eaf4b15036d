/* notice.c — notice analysis (stub). */
#include "notice.h"

fa_status fa_notice_analyze(const fa_rules *rules, const fa_doc *doc, const fa_audit_opts *opts,
                            fa_result *res, fa_error *err)
{
    (void)rules; (void)doc; (void)opts; (void)res; (void)err;
    return FA_OK;
}
