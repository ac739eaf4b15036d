/* interop.h — the renderers for other tools: SARIF 2.1.0 for code review and analysis
 * viewers (report_sarif.c), the CNIL PIA tool's import file (report_pia.c), and what
 * they share (interop.c). Like every renderer they work from the sealed result only;
 * the helpers of avis.h (labels, locations, HTML escaping) keep their wording the
 * avis's. Internal to reports/. */
#ifndef FA_INTEROP_H
#define FA_INTEROP_H

#include "avis.h"

/* The renderers, for report.c. Each appends to OUT. */
fa_status fa_render_sarif(const fa_result *res, const fa_report_opts *opts, fa_buf *out);
fa_status fa_render_pia(const fa_result *res, const fa_report_opts *opts, fa_buf *out);

/* The document-level analyses (notice.c) are code, not rule packs: what SARIF's
 * tool.driver says of each rule id they use. */
typedef struct fa_builtin_rule {
    const char *id;
    const char *kind; /* document-level kind (CONTRACT.md §4) */
    fa_severity severity;
    const char *fr, *en;         /* what it finds */
    const char *rec_fr, *rec_en; /* what to do */
    const char *legal;           /* legal bases, "; "-separated */
} fa_builtin_rule;
extern const fa_builtin_rule fa_builtin_rules[];
extern const size_t fa_n_builtin_rules;

/* PATH as a URI reference: a relative path stays relative, an absolute one becomes a
 * file:// URI; every byte outside the unreserved set and '/' is percent-encoded (spaces,
 * accents, ':' that would read as a scheme). Appended to OUT. */
fa_status fa_uri_from_path(fa_buf *out, const char *path);

/* The name of notice item ITEM (fa_notice_item) in the report's language. Static. */
const char *fa_notice_item_label(int item, bool en);

#endif
