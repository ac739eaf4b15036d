/* formaudit_report.h — the reports of the formaudit library: one renderer per format
 * (reports/report_txt.c, report_json.c, report_md.c, report_html.c, report_odt.c, and for
 * other tools report_sarif.c and report_pia.c) over the result of one document
 * (formaudit.h), the summaries a batch index is made of, the index itself
 * (reports/index.c), and the comparison of two versions of a form (analyzer/src/diff.c,
 * rendered by reports/report_diff.c). Every report of a document is made from its
 * sealed fa_result only, so a document audited in an isolated worker, in process or on
 * another machine (JSON Lines read back with fa_result_from_json) is reported the same.
 *
 * Ownership: renderers borrow the result and append to a fa_buf the caller owns; a
 * fa_summary owns its strings (fa_summary_clear). Files are written through a
 * temporary file and a rename (fa_write_file_atomic). */
#ifndef FORMAUDIT_REPORT_H
#define FORMAUDIT_REPORT_H

#include "formaudit.h"

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum fa_report_format {
    FA_REPORT_TXT = 0, /* compiler-style findings for the terminal */
    FA_REPORT_JSON,    /* the document object (CONTRACT.md §2) */
    FA_REPORT_MD,      /* the avis technique in Markdown */
    FA_REPORT_HTML,    /* the avis technique as a web page */
    FA_REPORT_ODT,     /* the avis technique for LibreOffice and Word (zip bytes) */
    FA_REPORT_JSONL,   /* the document object on one line (JSON Lines) */
    FA_REPORT_SARIF,   /* SARIF 2.1.0 log, for code review and static-analysis viewers */
    FA_REPORT_PIA,     /* a file the CNIL PIA tool imports, pre-filled from the audit */
    FA_REPORT_NFORMATS
} fa_report_format;

/* "txt" -> FA_REPORT_TXT...; -1 when unknown. */
int fa_report_format_from_name(const char *name);
/* File extension and -f name: "txt", "json", "md", "html", "odt", "jsonl", "sarif",
 * "pia". */
const char *fa_report_format_ext(fa_report_format f);

typedef struct fa_report_opts {
    const char *lang; /* "fr" (default) or "en" */
    const char *date; /* date printed in the avis (ISO 8601); NULL = today.
                         Tests inject it (also FA_REPORT_DATE env in the CLI). */
    bool color;       /* txt: ANSI colours (CLI sets it for a tty without NO_COLOR) */
    /* Who signs the avis (--author, --organisation): its referral and signature block
       name them; NULL leaves a place to sign. Plain text, escaped by each renderer. */
    const char *author;
    const char *organisation;
    const char *tool_version;
    const char *rules_version;
    /* sarif: the rule set of the run, borrowed, so that tool.driver lists every rule of
     * the loaded packs (fa_rules_get); NULL: the rules the findings name. */
    const fa_rules *rules;
} fa_report_opts;

/* Render RES in FMT, appended to OUT: every format, ODT included (the bytes of the
 * zip file). JSON ends with a newline, as a file of its own. */
fa_status fa_report_render(fa_report_format fmt, const fa_result *res, const fa_report_opts *opts,
                           fa_buf *out);

/* The JSON document object of RES printed with INDENT spaces per level (0: compact,
 * one line) as if it sat DEPTH levels deep in an indented JSON text (2: an element of
 * the envelope's "documents"), no final newline. */
fa_status fa_report_json_at(const fa_result *res, int indent, unsigned depth, fa_buf *out);

/* The JSON report of several documents, {"tool": {...}, "documents": [...]}, written
 * as it goes: the head, then for the k-th document (k from 0) the separator and the
 * document at depth 2, then the tail after COUNT documents. */
fa_status fa_report_envelope_head(const fa_report_opts *opts, fa_buf *out);
fa_status fa_report_envelope_item(size_t index, fa_buf *out);
fa_status fa_report_envelope_tail(size_t count, fa_buf *out);

/* `formaudit fields`: the inventory of RES as a table (JSON = 0) or as the contract's
 * "fields" array (JSON = 1), written to OUT. */
fa_status fa_fields_write(const fa_result *res, int json, FILE *out);

/* ---------------------------------------------------------------- batch index */

/* What the index of a batch says of one document. */
typedef struct fa_summary {
    char *path; /* as given */
    fa_format format;
    fa_status status; /* FA_OK: audited */
    char *error;      /* the reason it could not be read, or NULL */
    char *title;      /* the document's title ("" when none) */
    fa_counts counts;
    char *report; /* base name of its reports next to the index, or NULL */
    /* set by a batch (the journal of `audit -o DIR`, --resume): */
    bool dropped;    /* a walked file that turned out not to be a document */
    long long size;  /* bytes of the file when it was audited, -1 unknown */
    long long mtime; /* its modification time (s since the epoch), -1 unknown */
} fa_summary;

fa_status fa_summary_of(const fa_result *res, fa_summary *out);
void fa_summary_clear(fa_summary *s);
/* One line of JSON (with its newline): the batch journal and the workers' frames. */
fa_status fa_summary_to_json(const fa_summary *s, fa_buf *out);
fa_status fa_summary_from_json(const char *text, size_t len, fa_summary *out, fa_error *err);

/* Write index.html, index.json and index.csv into DIR for the N documents DOCS.
 * Worst documents first; unreadable documents listed with their reason. */
fa_status fa_index_write(const fa_summary *docs, size_t n, const fa_report_opts *opts,
                         const char *dir, fa_error *err);

/* ---------------------------------------------------------------- SARIF */

/* fa_report_render(FA_REPORT_SARIF) writes the SARIF 2.1.0 log of one document. Several
 * documents on one stream make one log with a single run holding every result (one
 * invocation of one tool, rules described once), written as it goes: the head (the
 * log, the run and tool.driver with its rules), the results of each document, then the
 * tail. Each part is appended to OUT.
 *
 * fa_report_sarif_results appends the results of RES as they sit in the run's
 * "results" array: nothing when there are none, else each one after a line break and
 * its indentation; the caller writes ',' between two non-empty parts. The tail closes
 * the array (ANY_RESULTS: some part was not empty) and lists the documents of DOCS[0..N)
 * that could not be read as error notifications of the run's invocation. */
fa_status fa_report_sarif_head(const fa_report_opts *opts, fa_buf *out);
fa_status fa_report_sarif_results(const fa_result *res, const fa_report_opts *opts, fa_buf *out);
fa_status fa_report_sarif_tail(bool any_results, const fa_summary *docs, size_t n, fa_buf *out);

/* ---------------------------------------------------------------- diff */

/* What a new version of a form changes (analyzer/src/diff.c): fields added, removed or
 * changed (matched by normalised label and position, whatever the file formats), the
 * categories gained or lost, the notice's items and clauses (sharing, retention,
 * consent), and the findings that appear or disappear. Both results should come from
 * the same rules (audited in one run, or read back from JSON reports).
 *
 * fa_diff_new borrows OLD and NEW: they must outlive the diff. */
typedef struct fa_diff fa_diff;
fa_status fa_diff_new(const fa_result *old_res, const fa_result *new_res, fa_diff **out);
void fa_diff_free(fa_diff *d);
/* The highest severity (fa_severity) of a finding the new version adds; -1 when none. */
int fa_diff_worst_new(const fa_diff *d);
/* Does the new version change nothing at all? */
bool fa_diff_empty(const fa_diff *d);
/* Render D in FMT (txt, md, html or json; FA_ERR_USAGE otherwise), appended to OUT
 * (reports/report_diff.c). */
fa_status fa_diff_render(const fa_diff *d, fa_report_format fmt, const fa_report_opts *opts,
                         fa_buf *out);

/* A result from a formaudit JSON report: a document object (the -o DIR file, a JSON
 * Lines line) or a whole report holding exactly one document. FA_ERR_FORMAT when TEXT is
 * neither (err says why). Frees as fa_result_free. */
fa_status fa_result_from_report(const char *text, size_t len, fa_result **out, fa_error *err);

/* Write DATA[0..LEN) to PATH atomically: PATH.tmp.PID then rename. */
fa_status fa_write_file_atomic(const char *path, const char *data, size_t len, fa_error *err);

#ifdef __cplusplus
}
#endif
#endif /* FORMAUDIT_REPORT_H */
