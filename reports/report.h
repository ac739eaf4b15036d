/* report.h — the renderers. Every report is made from the JSON document objects of
 * the contract (fa_result_to_json / fa_error_to_json, with formaudit's extra keys), so
 * a document audited in an isolated child process is rendered exactly as one audited
 * in process. One file per format: report_txt.c, report_md.c, report_html.c,
 * report_odt.c, report_json.c, and index.c for batch indexes.
 *
 * Ownership: renderers borrow the json_t objects; output goes to a fa_buf the caller
 * owns (text formats) or to a file path written through a temporary file and renamed
 * (ODT, index files). */
#ifndef FA_REPORT_H
#define FA_REPORT_H

#include "util.h"
#include <jansson.h>
#include <stdbool.h>

typedef enum fa_report_format {
    FA_REPORT_TXT = 0,
    FA_REPORT_JSON,
    FA_REPORT_MD,
    FA_REPORT_HTML,
    FA_REPORT_ODT
} fa_report_format;
#define FA_REPORT_NFORMATS 5

/* "txt" -> FA_REPORT_TXT...; -1 when unknown. */
int fa_report_format_from_name(const char *name);
const char *fa_report_format_ext(fa_report_format f); /* "txt", "json", "md", "html", "odt" */

typedef struct fa_report_opts {
    const char *lang; /* "fr" (default) or "en" */
    const char *date; /* date printed in the avis (ISO 8601); NULL = today.
                         Tests inject it (also FA_REPORT_DATE env in the CLI). */
    bool color;       /* txt: ANSI colours (CLI sets it for a tty without NO_COLOR) */
    const char *tool_version;
    const char *rules_version;
} fa_report_opts;

/* The whole JSON report {"tool":..., "documents":[...]} for DOCS (an array of document
 * objects), serialized deterministically (sorted keys are NOT used: key order is the
 * insertion order of fa_result_to_json, which is fixed). New reference. */
json_t *fa_report_envelope(json_t *docs, const fa_report_opts *opts);

/* Render one document object (txt, md, html, json) into OUT. */
fa_status fa_report_render(fa_report_format fmt, json_t *doc, const fa_report_opts *opts,
                           fa_buf *out);

/* The JSON report of one document object as it sits DEPTH levels deep in an indented
 * JSON text (2 = an element of the envelope's "documents"): every line after the
 * first indented by 2 × DEPTH more spaces, no final newline. DEPTH 0 is
 * fa_report_render's JSON report (with its newline). */
fa_status fa_render_json_at(json_t *doc, unsigned depth, fa_buf *out);

/* Write the ODT avis of one document object to PATH (temporary file + rename). */
fa_status fa_report_write_odt(json_t *doc, const fa_report_opts *opts, const char *path,
                              fa_error *err);

/* Write index.html, index.json and index.csv into DIR for the document objects DOCS;
 * REPORT_NAMES[i] is the base name of the reports written for DOCS[i] (for links).
 * Worst documents first; unreadable documents listed with their reason. */
fa_status fa_index_write(json_t *docs, const char *const *report_names, const fa_report_opts *opts,
                         const char *dir, fa_error *err);

/* Write BUF to PATH atomically: PATH.tmp.PID then rename. */
fa_status fa_write_file_atomic(const char *path, const char *data, size_t len, fa_error *err);

#endif
