/* report_json.c — one document object as the JSON of the contract (CONTRACT.md §2),
 * byte-identical across runs: key order is the fixed insertion order of audit.c
 * (JSON_PRESERVE_ORDER, never sorted), and nothing time- or language-dependent is
 * added. The batch envelope {"tool", "documents"} is fa_report_envelope (report.c). */
#include "avis.h"

#include <stdlib.h>

fa_status fa_render_json(json_t *doc, fa_buf *out)
{
    char *s = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (!s)
        return FA_ERR_NOMEM;
    fa_status st = fa_buf_puts(out, s);
    free(s);
    return st ? st : fa_buf_putc(out, '\n');
}
