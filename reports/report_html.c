/* report_html.c — the avis technique as one self-contained HTML file: inline CSS (with
 * print rules), an inline SVG chart of findings by category and severity, no script,
 * no external resource. A sink of avis.c. Every piece of text goes through
 * fa_html_escape, so nothing from a document (quote, label, file name) can become
 * markup. */
#include "avis.h"

#include <stdlib.h>
#include <string.h>

fa_status fa_html_escape(fa_buf *out, const char *s)
{
    fa_status st = FA_OK;
    for (const char *p = s ? s : ""; *p && !st; p++) {
        switch (*p) {
        case '&':
            st = fa_buf_puts(out, "&amp;");
            break;
        case '<':
            st = fa_buf_puts(out, "&lt;");
            break;
        case '>':
            st = fa_buf_puts(out, "&gt;");
            break;
        case '"':
            st = fa_buf_puts(out, "&quot;");
            break;
        case '\'':
            st = fa_buf_puts(out, "&#39;");
            break;
        default:
            st = fa_buf_putc(out, *p);
        }
    }
    return st;
}

static const char *const sev_class[5] = {"info", "low", "medium", "high", "critical"};

typedef struct html {
    fa_buf *out;
    bool en;
    int ncols;    /* columns of the table being written (tables never nest) */
    bool section; /* a <section> is open (one per level-2 heading) */
} html;

/* Each level-2 part is a <section> whose class names it ("laws" for the legal
 * framework, "annex" for the annexes), so print rules can make them compact. */
static fa_status h_section(html *h, const char *text)
{
    fa_status st = h->section ? fa_buf_puts(h->out, "</section>\n") : FA_OK;
    const char *cls = !strncmp(text, "Cadre juridique", 15) || !strncmp(text, "Legal framework", 15)
                          ? "laws"
                      : !strncmp(text, "Annex", 5) ? "annex"
                                                   : "part";
    h->section = true;
    return st ? st : fa_buf_printf(h->out, "<section class=\"%s\">\n", cls);
}

static fa_status h_heading(void *ctx, int level, const char *text)
{
    html *h = ctx;
    if (level < 1 || level > 6)
        level = 3;
    fa_status st = level == 2 ? h_section(h, text) : FA_OK;
    if (!st)
        st = fa_buf_printf(h->out, "<h%d>", level);
    if (!st)
        st = fa_html_escape(h->out, text);
    return st ? st : fa_buf_printf(h->out, "</h%d>\n", level);
}

static fa_status h_begin(void *ctx, fa_avis_block kind, int sev)
{
    html *h = ctx;
    if (kind == FA_BLOCK_ITEM)
        return sev >= 0 && sev <= 4 ? fa_buf_printf(h->out, "<li class=\"sev-%s\">", sev_class[sev])
                                    : fa_buf_puts(h->out, "<li>");
    if (kind == FA_BLOCK_VERDICT)
        return fa_buf_printf(h->out, "<p class=\"verdict v-%s\">",
                             sev >= 3   ? sev_class[sev]
                             : sev >= 0 ? "ok"
                                        : "none");
    return fa_buf_puts(h->out, kind == FA_BLOCK_NOTE   ? "<p class=\"note\">"
                               : kind == FA_BLOCK_SIGN ? "<p class=\"sign\">"
                                                       : "<p>");
}

static fa_status h_span(void *ctx, fa_avis_span kind, const char *text)
{
    html *h = ctx;
    static const char *const open[] = {"", "<strong>", "<mark>", "<code>"};
    static const char *const close[] = {"", "</strong>", "</mark>", "</code>"};
    fa_status st = fa_buf_puts(h->out, open[kind]);
    if (!st)
        st = fa_html_escape(h->out, text);
    return st ? st : fa_buf_puts(h->out, close[kind]);
}

static fa_status h_end(void *ctx, fa_avis_block kind)
{
    return fa_buf_puts(((html *)ctx)->out, kind == FA_BLOCK_ITEM ? "</li>\n" : "</p>\n");
}

static fa_status h_list_begin(void *ctx)
{
    return fa_buf_puts(((html *)ctx)->out, "<ul>\n");
}
static fa_status h_list_end(void *ctx)
{
    return fa_buf_puts(((html *)ctx)->out, "</ul>\n");
}

static fa_status h_cells(html *h, int n, const char *const *cells, const char *tag)
{
    fa_status st = fa_buf_puts(h->out, "<tr>");
    for (int i = 0; i < n && !st; i++) {
        st = fa_buf_printf(h->out, "<%s>", tag);
        if (!st)
            st = fa_html_escape(h->out, cells[i]);
        if (!st)
            st = fa_buf_printf(h->out, "</%s>", tag);
    }
    return st ? st : fa_buf_puts(h->out, "</tr>\n");
}

static fa_status h_table_begin(void *ctx, int ncols, const char *const *headers, const int *weights)
{
    html *h = ctx;
    h->ncols = ncols;
    int total = 0;
    for (int i = 0; i < ncols; i++)
        total += weights[i];
    fa_status st = fa_buf_puts(h->out, "<table>\n<colgroup>");
    for (int i = 0; i < ncols && !st && total > 0; i++)
        st = fa_buf_printf(h->out, "<col style=\"width:%d%%\">", weights[i] * 100 / total);
    if (!st)
        st = fa_buf_puts(h->out, "</colgroup>\n<thead>");
    if (!st)
        st = h_cells(h, ncols, headers, "th");
    return st ? st : fa_buf_puts(h->out, "</thead>\n<tbody>\n");
}

static fa_status h_table_row(void *ctx, const char *const *cells)
{
    html *h = ctx;
    return h_cells(h, h->ncols, cells, "td");
}

static fa_status h_table_end(void *ctx)
{
    return fa_buf_puts(((html *)ctx)->out, "</tbody>\n</table>\n");
}

/* The chart (chart.c), inline: coloured by the page's CSS. */
static fa_status h_chart(void *ctx, const fa_result *res, const char *lang)
{
    html *h = ctx;
    fa_status st = fa_buf_puts(h->out, "<figure class=\"chart\">\n");
    if (!st)
        st = fa_avis_chart_svg(res, lang && !strcmp(lang, "en"), false, h->out);
    return st ? st : fa_buf_puts(h->out, "</figure>\n");
}

static const char css[] =
    "body{font-family:Georgia,'DejaVu Serif',serif;line-height:1.45;color:#1a1a1a;"
    "background:#fff;margin:0}\n"
    "main{max-width:60em;margin:0 auto;padding:1.5em 2em}\n"
    "h1{font-size:1.6em;border-bottom:2px solid #333;padding-bottom:.3em}\n"
    "h2{font-size:1.25em;margin-top:1.6em;border-bottom:1px solid #bbb}\n"
    "h3{font-size:1.05em;margin-top:1.2em}\n"
    "mark{background:#fff1a8;padding:0 .15em}\n"
    "code{font-family:'DejaVu Sans Mono',monospace;font-size:.85em;color:#555}\n"
    "li{margin:.35em 0}\n"
    "li.sev-critical{border-left:4px solid #8b0000;padding-left:.5em;list-style:none}\n"
    "li.sev-high{border-left:4px solid #d9342b;padding-left:.5em;list-style:none}\n"
    "li.sev-medium{border-left:4px solid #e39b17;padding-left:.5em;list-style:none}\n"
    "li.sev-low{border-left:4px solid #3b8bc2;padding-left:.5em;list-style:none}\n"
    "li.sev-info{border-left:4px solid #999;padding-left:.5em;list-style:none}\n"
    ".note{background:#eef4fa;border-left:4px solid #3b6ea5;padding:.6em 1em}\n"
    ".verdict{font-size:1.1em;padding:.6em 1em;border:2px solid #2e7d32;background:#e8f5e9}\n"
    ".verdict.v-critical{border-color:#8b0000;background:#fbe9e7}\n"
    ".verdict.v-high{border-color:#d9342b;background:#fdecea}\n"
    ".sign{margin:.2em 0}\n"
    "table{border-collapse:collapse;width:100%;font-size:.85em;margin:1em 0}\n"
    "th,td{border:1px solid #999;padding:.25em .45em;text-align:left;vertical-align:top}\n"
    "th{background:#eee}\n"
    "figure.chart{margin:1em 0;max-width:48em}\n"
    "svg text{font-family:'DejaVu Sans',sans-serif;font-size:13px;fill:#222}\n"
    "rect.sev-critical{fill:#8b0000}rect.sev-high{fill:#d9342b}rect.sev-medium{fill:#e39b17}\n"
    "rect.sev-low{fill:#3b8bc2}rect.sev-info{fill:#999}\n"
    /* print: A4, compact, the annexes small; an avis of a one-page form fits 4 pages */
    "@page{size:A4;margin:12mm 13mm 14mm}\n"
    "@media print{body{font-size:9pt;line-height:1.25}main{max-width:none;padding:0}"
    "h1{font-size:15pt;margin:0 0 .4em}h2{font-size:12pt;margin:.9em 0 .3em}"
    "h3{font-size:10.5pt;margin:.7em 0 .2em}p{margin:.3em 0}li{margin:.15em 0}ul{margin:.2em 0;"
    "padding-left:1.2em}h2,h3{break-after:avoid}li,tr,figure{break-inside:avoid}"
    "mark{background:none;font-weight:bold}.note{border:1px solid #3b6ea5;padding:.3em .6em}"
    "figure.chart{max-width:26em;margin:.3em 0}section.laws "
    "li{font-size:7.5pt;margin:0;line-height:1.2}section.annex table{font-size:7pt}section.annex "
    "li{margin:0}table{font-size:7.5pt;margin:.4em 0}"
    "th,td{padding:.1em .3em}}\n";

fa_status fa_render_html(const fa_result *res, const fa_report_opts *opts, fa_buf *out)
{
    html h = {out, fa_avis_en(opts), 0, false};
    const char *t = res->status == FA_OK ? fa_result_title(res) : "";
    char *name = fa_avis_doc_text(*t ? t : fa_avis_basename(fa_result_path(res)));
    if (!name)
        return FA_ERR_NOMEM;
    fa_status st =
        fa_buf_printf(out,
                      "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                      "<meta name=\"generator\" content=\"formaudit\">\n<title>%s — ",
                      h.en ? "en" : "fr", h.en ? "Technical opinion" : "Avis technique");
    if (!st)
        st = fa_html_escape(out, name);
    free(name);
    if (!st)
        st = fa_buf_printf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n", css);
    fa_avis_sink sink = {&h,         h_heading,     h_begin,     h_span,      h_end,  h_list_begin,
                         h_list_end, h_table_begin, h_table_row, h_table_end, h_chart};
    if (!st)
        st = fa_avis_emit(res, opts, &sink);
    if (!st && h.section)
        st = fa_buf_puts(out, "</section>\n");
    return st ? st : fa_buf_puts(out, "</main>\n</body>\n</html>\n");
}
