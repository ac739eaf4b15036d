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
    int ncols; /* columns of the table being written (tables never nest) */
} html;

static fa_status h_heading(void *ctx, int level, const char *text)
{
    html *h = ctx;
    if (level < 1 || level > 6)
        level = 3;
    fa_status st = fa_buf_printf(h->out, "<h%d>", level);
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
    return fa_buf_puts(h->out, kind == FA_BLOCK_NOTE ? "<p class=\"note\">" : "<p>");
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

/* Horizontal stacked bars: one row per category of finding, one segment per
 * severity, most serious first. Sizes are computed here, so no script is needed. */
static fa_status h_chart(void *ctx, const fa_result *res, const char *lang)
{
    html *h = ctx;
    bool en = lang && !strcmp(lang, "en");
    /* Categories in order of first appearance, with counts per severity. */
    enum { MAXROWS = 40 };
    const char *cat[MAXROWS];
    int count[MAXROWS][5];
    int nrows = 0, max = 1;
    memset(count, 0, sizeof count);
    for (size_t i = 0; i < res->n_findings; i++) {
        const fa_finding *f = &res->findings[i];
        const char *c = fa_avis_s(f->category);
        int r = 0;
        while (r < nrows && strcmp(cat[r], c))
            r++;
        if (r == nrows) {
            if (nrows == MAXROWS)
                continue;
            cat[nrows++] = c;
        }
        count[r][f->severity]++;
    }
    /* Worst rows first (critical, then high...), as in the index; stable otherwise. */
    for (int r = 1; r < nrows; r++) {
        for (int q = r; q > 0; q--) {
            int cmp = 0;
            for (int s = 4; s >= 0 && !cmp; s--)
                cmp = count[q][s] - count[q - 1][s];
            if (cmp <= 0)
                break;
            const char *tc = cat[q];
            int tn[5];
            memcpy(tn, count[q], sizeof tn);
            cat[q] = cat[q - 1];
            memcpy(count[q], count[q - 1], sizeof tn);
            cat[q - 1] = tc;
            memcpy(count[q - 1], tn, sizeof tn);
        }
    }
    for (int r = 0; r < nrows; r++) {
        int t = 0;
        for (int s = 0; s < 5; s++)
            t += count[r][s];
        if (t > max)
            max = t;
    }
    const int label_w = 300, bar_w = 440, row_h = 26, top = 34;
    int height = top + nrows * row_h + 8;
    fa_status st = fa_buf_printf(
        h->out,
        "<figure class=\"chart\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
        "viewBox=\"0 0 %d %d\" width=\"100%%\" aria-labelledby=\"chart-title\">\n"
        "<title id=\"chart-title\">%s</title>\n",
        label_w + bar_w + 60, height,
        en ? "Findings by category and severity" : "Constats par catégorie et gravité");
    /* Legend. */
    for (int s = 4, x = 0; s >= 0 && !st; s--, x += 130) {
        st = fa_buf_printf(
            h->out,
            "<rect class=\"legend sev-%s\" x=\"%d\" y=\"6\" width=\"14\" height=\"14\"/>"
            "<text x=\"%d\" y=\"18\">%s</text>\n",
            sev_class[s], x, x + 20, fa_avis_severity_label(s, en));
    }
    for (int r = 0; r < nrows && !st; r++) {
        int y = top + r * row_h;
        st = fa_buf_printf(h->out, "<text class=\"cat\" x=\"%d\" y=\"%d\" text-anchor=\"end\">",
                           label_w - 8, y + 17);
        if (!st)
            st = fa_html_escape(h->out, fa_avis_category_label(cat[r], en));
        if (!st)
            st = fa_buf_puts(h->out, "</text>\n");
        int x = label_w, total = 0;
        for (int s = 4; s >= 0 && !st; s--) {
            if (!count[r][s])
                continue;
            int w = count[r][s] * bar_w / max;
            if (w < 3)
                w = 3;
            st = fa_buf_printf(
                h->out,
                "<rect class=\"bar sev-%s\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\">"
                "<title>%d %s</title></rect>\n",
                sev_class[s], x, y + 4, w, row_h - 8, count[r][s], fa_avis_severity_label(s, en));
            x += w;
            total += count[r][s];
        }
        if (!st)
            st = fa_buf_printf(h->out, "<text x=\"%d\" y=\"%d\">%d</text>\n", x + 6, y + 17, total);
    }
    return st ? st : fa_buf_puts(h->out, "</svg>\n</figure>\n");
}

static const char css[] =
    "body{font-family:Georgia,'DejaVu "
    "Serif',serif;line-height:1.5;color:#1a1a1a;background:#fff;margin:0}\n"
    "main{max-width:60em;margin:0 auto;padding:1.5em 2em}\n"
    "h1{font-size:1.7em;border-bottom:2px solid #333;padding-bottom:.3em}\n"
    "h2{font-size:1.3em;margin-top:1.8em;border-bottom:1px solid #bbb}\n"
    "h3{font-size:1.1em;margin-top:1.4em}\n"
    "mark{background:#fff1a8;padding:0 .15em}\n"
    "code{font-family:'DejaVu Sans Mono',monospace;font-size:.85em;color:#555}\n"
    "li{margin:.4em 0}\n"
    "li.sev-critical{border-left:4px solid #8b0000;padding-left:.5em;list-style:none}\n"
    "li.sev-high{border-left:4px solid #d9342b;padding-left:.5em;list-style:none}\n"
    "li.sev-medium{border-left:4px solid #e39b17;padding-left:.5em;list-style:none}\n"
    "li.sev-low{border-left:4px solid #3b8bc2;padding-left:.5em;list-style:none}\n"
    "li.sev-info{border-left:4px solid #999;padding-left:.5em;list-style:none}\n"
    ".note{background:#eef4fa;border-left:4px solid #3b6ea5;padding:.6em 1em}\n"
    "table{border-collapse:collapse;width:100%;font-size:.9em;margin:1em 0}\n"
    "th,td{border:1px solid #999;padding:.3em .5em;text-align:left;vertical-align:top}\n"
    "th{background:#eee}\n"
    "figure.chart{margin:1em 0}\n"
    "svg text{font-family:'DejaVu Sans',sans-serif;font-size:13px;fill:#222}\n"
    "rect.sev-critical{fill:#8b0000}rect.sev-high{fill:#d9342b}rect.sev-medium{fill:#e39b17}\n"
    "rect.sev-low{fill:#3b8bc2}rect.sev-info{fill:#999}\n"
    "@media print{body{font-size:10.5pt}main{max-width:none;padding:0}h2,h3{break-after:avoid}"
    "li,tr,figure{break-inside:avoid}mark{background:none;font-weight:bold}"
    ".note{border:1px solid #3b6ea5}}\n";

fa_status fa_render_html(const fa_result *res, const fa_report_opts *opts, fa_buf *out)
{
    html h = {out, fa_avis_en(opts), 0};
    char *name = fa_avis_doc_text(fa_avis_basename(fa_result_path(res)));
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
    return st ? st : fa_buf_puts(out, "</main>\n</body>\n</html>\n");
}
