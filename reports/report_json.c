/* report_json.c — one document object as the JSON of the contract (CONTRACT.md §2),
 * byte-identical across runs: key order is the fixed insertion order of audit.c
 * (JSON_PRESERVE_ORDER, never sorted), and nothing time- or language-dependent is
 * added. Printed by fa_json_dump (jsonw.c), which writes what json_dumps with
 * JSON_INDENT(2) would, straight into OUT. The batch envelope {"tool", "documents"} is
 * fa_report_envelope (report.c); fa_render_json_at prints a document already shaped
 * for its place in it. */
#include "avis.h"
#include "jsonw.h"

fa_status fa_render_json(json_t *doc, fa_buf *out)
{
    fa_status st = fa_json_dump(doc, 2, out);
    return st ? st : fa_buf_putc(out, '\n');
}

fa_status fa_render_json_at(json_t *doc, unsigned depth, fa_buf *out)
{
    if (!depth)
        return fa_render_json(doc, out);
    return fa_json_dump_at(doc, 2, depth, out);
}
