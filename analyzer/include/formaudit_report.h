/* formaudit_report.h — the reports of the formaudit library: one renderer per format
 * (reports/report_txt.c, report_json.c, report_md.c, report_html.c, report_odt.c) over
 * the result of one document (formaudit.h), the summaries a batch index is made of, and
 * the index itself (reports/index.c). Every report of a document is made from its
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
    FA_REPORT_NFORMATS
} fa_report_format;

/* "txt" -> FA_REPORT_TXT...; -1 when unknown. */
int fa_report_format_from_name(const char *name);
/* File extension and -f name: "txt", "json", "md", "html", "odt", "jsonl". */
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

/* NAME (a file name or relative path) with every identifier it holds masked, for the
 * names of reports and the links of an index: "dossier-1860222A21532523.pdf" becomes
 * "dossier-XXXXXXXXXXXXXXX.pdf" (no digit of it left). malloc'd; NULL when out of
 * memory. */
char *fa_report_mask_name(const char *name);

/* Write DATA[0..LEN) to PATH atomically: PATH.tmp.PID then rename. */
fa_status fa_write_file_atomic(const char *path, const char *data, size_t len, fa_error *err);

#ifdef __cplusplus
}
#endif
#endif /* FORMAUDIT_REPORT_H */
