/* notice.h — what the form says about itself: the data-protection notice (GDPR art. 13
 * items), the categories it declares, undeclared sensitive categories, sharing,
 * retention, consent, DPIA indicators, and the legal context (issuer). Runs after
 * fa_rules_apply (needs field categories). */
#ifndef FA_NOTICE_H
#define FA_NOTICE_H

#include "rules.h"

fa_status fa_notice_analyze(const fa_rules *rules, const fa_doc *doc, const fa_audit_opts *opts,
                            fa_result *res, fa_error *err);

#endif
