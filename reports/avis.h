/* avis.h — the avis technique, written once for every rich format. avis.c walks the
 * sealed result of one document and says what the avis contains (headings, paragraphs with
 * quotes, lists, tables) to a sink; report_md.c, report_html.c and report_odt.c are
 * sinks that only decide how each piece looks. So the wording, the grouping of
 * findings and the legal table live in one place, like cmark's renderers sharing one
 * iterator. Internal to reports/. */
#ifndef FA_AVIS_H
#define FA_AVIS_H

#include "formaudit_report.h"
#include "result.h"

/* Kinds of inline spans inside a block. Every span's text is plain UTF-8: the sink
 * escapes it for its format. Document text (quotes, labels, file names) has already
 * been masked (fa_ident_mask) and flattened to one line by avis.c. */
typedef enum fa_avis_span {
    FA_SPAN_TEXT = 0, /* the report's own words */
    FA_SPAN_STRONG,   /* emphasis: severities, item names */
    FA_SPAN_QUOTE,    /* exact document text, shown highlighted between « » */
    FA_SPAN_CODE      /* rule ids, hashes */
} fa_avis_span;

typedef enum fa_avis_block {
    FA_BLOCK_PARA = 0, /* ordinary paragraph */
    FA_BLOCK_ITEM,     /* an item of the current list */
    FA_BLOCK_NOTE,     /* a reminder set apart (right of access, facts vs interpretation) */
    FA_BLOCK_VERDICT,  /* the verdict at the top; its severity is the gravest point's (-1: none) */
    FA_BLOCK_SIGN      /* a line of the signature block */
} fa_avis_block;

/* Which severity a part speaks of, for sinks that colour things; -1 when none. */
typedef struct fa_avis_sink {
    void *ctx;
    fa_status (*heading)(void *ctx, int level, const char *text); /* level 1..3 */
    fa_status (*block_begin)(void *ctx, fa_avis_block kind, int severity);
    fa_status (*span)(void *ctx, fa_avis_span kind, const char *text);
    fa_status (*block_end)(void *ctx, fa_avis_block kind);
    fa_status (*list_begin)(void *ctx);
    fa_status (*list_end)(void *ctx);
    /* A table of NCOLS columns; HEADERS has NCOLS strings, WEIGHTS NCOLS relative
     * widths from 1 to 6 (a hint). Cells are plain text. */
    fa_status (*table_begin)(void *ctx, int ncols, const char *const *headers, const int *weights);
    fa_status (*table_row)(void *ctx, const char *const *cells);
    fa_status (*table_end)(void *ctx);
    /* Optional (may be NULL): a chart of the findings by category and severity, drawn
     * from the result itself (html: SVG; md: text bars; odt: an SVG picture). */
    fa_status (*chart)(void *ctx, const fa_result *res, const char *lang);
} fa_avis_sink;

/* Walk RES and emit the whole avis (or the short "could not be read" avis for a
 * document with status error). RES is borrowed. */
fa_status fa_avis_emit(const fa_result *res, const fa_report_opts *opts, const fa_avis_sink *sink);

/* ---- helpers shared by the renderers (txt, md, html, odt, index) */

bool fa_avis_en(const fa_report_opts *opts); /* the report language is English */

/* Document text made safe to print: identifier values masked (fa_result_mask_text), control
 * characters and line breaks turned into spaces, trimmed. malloc'd ("" for NULL); NULL on OOM. */
char *fa_avis_doc_text(const char *s);

/* S, or "" for NULL. */
const char *fa_avis_s(const char *s);

/* Base name of a path (borrowed pointer into PATH). */
const char *fa_avis_basename(const char *path);

/* Severity word in the report language ("élevé" / "high"). */
const char *fa_avis_severity_label(int sev, bool en);

/* "page 2, tableau 1, ligne 4" (EN "page 2, table 1, row 4"), "" when nothing is known.
 * Appended to OUT. */
fa_status fa_avis_location(fa_buf *out, const fa_loc *loc, bool en);

/* Label of a category or document-level kind in the report language; the name itself
 * when unknown. Static string. */
const char *fa_avis_category_label(const char *name, bool en);

/* The known legal texts (avis_law.c): the index of the one citation CITE names ("RGPD
 * art. 5.1.c", "CASF L411-3"), or -1; their count; the name and the sentence of text I in
 * the report language (static strings). */
int fa_avis_law_lookup(const char *cite);
int fa_avis_law_count(void);
const char *fa_avis_law_name(int i, bool en);
const char *fa_avis_law_text(int i, bool en);

/* Date of the avis: opts->date, or today (UTC) as YYYY-MM-DD, into BUF[16]. */
const char *fa_avis_date(const fa_report_opts *opts, char buf[16]);

/* The renderers, for report.c. Each appends to OUT. */
fa_status fa_render_txt(const fa_result *res, const fa_report_opts *opts, fa_buf *out);
fa_status fa_render_json(const fa_result *res, fa_buf *out);
fa_status fa_render_jsonl(const fa_result *res, fa_buf *out);
fa_status fa_render_md(const fa_result *res, const fa_report_opts *opts, fa_buf *out);
fa_status fa_render_html(const fa_result *res, const fa_report_opts *opts, fa_buf *out);
fa_status fa_render_odt(const fa_result *res, const fa_report_opts *opts, fa_buf *out);
/* The contract's "fields" array of RES, indented JSON with a final newline. */
fa_status fa_fields_write_json(const fa_result *res, fa_buf *out);

/* The rows of the chart every format draws: up to FA_CHART_ROWS categories of finding,
 * worst first, with counts per severity. Returns the number of rows. */
#define FA_CHART_ROWS 16
typedef struct fa_chart_row {
    const char *category; /* borrowed from the result */
    int count[FA_SEV_COUNT];
    int total;
} fa_chart_row;
int fa_avis_chart_rows(const fa_result *res, fa_chart_row *rows, int max);
/* The chart as an SVG picture (no script, no external resource): rows with stacked bars
 * and a legend, title TITLE. Appended to OUT. For HTML inline and ODT as a picture. */
fa_status fa_avis_chart_svg(const fa_result *res, bool en, bool standalone, fa_buf *out);

/* HTML escaping of plain text (& < > " '), shared by report_html.c and index.c. */
fa_status fa_html_escape(fa_buf *out, const char *s);

#endif
