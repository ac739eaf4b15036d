/* audit_limits.h — what an audit does when a limit of fa_limits.h cut the document.
 * Internal. */
#ifndef FA_AUDIT_LIMITS_H
#define FA_AUDIT_LIMITS_H

#include "result.h"
#include "rules.h"

/* After the fields, rules and notice stages of fa_audit: a limit reached says so in the
 * document's warnings, naming it (FA_MAX_FIELDS, FA_MAX_FINDINGS), and the text past
 * the last field kept by FA_MAX_FIELDS is still read by the label rules, cheaply, as
 * running text: each rule that fires there gives one field-less finding (scope "body")
 * quoting the first paragraph where it fired, its note saying how many more there are.
 * So 20,000 invisible inputs before "Religion : ____" hide nothing. RULES may be NULL
 * (then only the warnings). FA_ERR_NOMEM only. */
fa_status fa_audit_limits(const fa_rules *rules, const fa_doc *doc, fa_result *res);

/* The warning of field detection when it drops fields (fields.c), with FA_MAX_FIELDS
 * written by fa_count_str twice: fa_audit_limits reads the text past the cut when the
 * document carries it. */
#define FA_FIELDS_CUT                                                                              \
    "more than %s fields: those past the %sth are not listed, their text is read as "              \
    "running text (limit FA_MAX_FIELDS)"

#endif
