/* chart.c — the chart of an avis, the same in every format: the findings of a document
 * by category, one row each, worst first, a stacked bar per row coloured by severity.
 * HTML shows the SVG inline, ODT carries it as a picture LibreOffice draws, Markdown
 * draws the same rows as text (report_md.c). Sizes are computed here: no script. */
#include "avis.h"

#include <stdio.h>
#include <string.h>

int fa_avis_chart_rows(const fa_result *res, fa_chart_row *rows, int max)
{
    int n = 0;
    memset(rows, 0, (size_t)max * sizeof *rows);
    for (size_t i = 0; i < res->n_findings; i++) {
        const fa_finding *f = &res->findings[i];
        const char *c = fa_avis_s(f->category);
        int r = 0;
        while (r < n && strcmp(rows[r].category, c))
            r++;
        if (r == n) {
            if (n == max)
                continue;
            rows[n++].category = c;
        }
        if ((unsigned)f->severity < FA_SEV_COUNT)
            rows[r].count[f->severity]++;
        rows[r].total++;
    }
    /* worst first (critical, then high...), stable otherwise */
    for (int r = 1; r < n; r++) {
        for (int q = r; q > 0; q--) {
            int cmp = 0;
            for (int s = FA_SEV_COUNT - 1; s >= 0 && !cmp; s--)
                cmp = rows[q].count[s] - rows[q - 1].count[s];
            if (cmp <= 0)
                break;
            fa_chart_row t = rows[q];
            rows[q] = rows[q - 1];
            rows[q - 1] = t;
        }
    }
    return n;
}

static const char *const sev_class[5] = {"info", "low", "medium", "high", "critical"};
static const char *const sev_fill[5] = {"#999999", "#3b8bc2", "#e39b17", "#d9342b", "#8b0000"};

/* Text of S for SVG (& < > " escaped). */
static fa_status svg_text(fa_buf *out, const char *s)
{
    fa_status st = FA_OK;
    for (const char *p = s; *p && !st; p++) {
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
        default:
            st = fa_buf_putc(out, *p);
        }
    }
    return st;
}

fa_status fa_avis_chart_svg(const fa_result *res, bool en, bool standalone, fa_buf *out)
{
    fa_chart_row rows[FA_CHART_ROWS];
    int n = fa_avis_chart_rows(res, rows, FA_CHART_ROWS), max = 1;
    for (int r = 0; r < n; r++)
        if (rows[r].total > max)
            max = rows[r].total;
    const int label_w = 300, bar_w = 400, row_h = 22, top = 30;
    int width = label_w + bar_w + 50, height = top + n * row_h + 6;
    /* standalone (a picture of its own, ODT): colours as attributes, a size in cm with the
     * view box's ratio (LibreOffice wants both); inline (HTML): classes the page's CSS
     * colours, the page's width */
    const char *title =
        en ? "Findings by category and severity" : "Constats par catégorie et gravité";
    fa_status st =
        standalone
            ? fa_buf_printf(out,
                            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "
                            "xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                            "width=\"%.2fcm\" height=\"%.2fcm\">\n<title>%s</title>\n",
                            width, height, 17.0, 17.0 * height / width, title)
            : fa_buf_printf(out,
                            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 "
                            "%d %d\" width=\"100%%\" aria-labelledby=\"chart-title\">\n<title "
                            "id=\"chart-title\">%s</title>\n",
                            width, height, title);
    const char *font = "font-family=\"DejaVu Sans, Liberation Sans, sans-serif\" font-size=\"13\"";
    for (int s = FA_SEV_COUNT - 1, x = 0; s >= 0 && !st; s--, x += 130) {
        if (standalone)
            st = fa_buf_printf(out,
                               "<rect x=\"%d\" y=\"6\" width=\"14\" height=\"14\" fill=\"%s\"/>"
                               "<text x=\"%d\" y=\"18\" %s>%s</text>\n",
                               x, sev_fill[s], x + 20, font, fa_avis_severity_label(s, en));
        else
            st = fa_buf_printf(out,
                               "<rect class=\"legend sev-%s\" x=\"%d\" y=\"6\" width=\"14\" "
                               "height=\"14\"/><text x=\"%d\" y=\"18\">%s</text>\n",
                               sev_class[s], x, x + 20, fa_avis_severity_label(s, en));
    }
    for (int r = 0; r < n && !st; r++) {
        int y = top + r * row_h;
        st = fa_buf_printf(out, "<text class=\"cat\" x=\"%d\" y=\"%d\" text-anchor=\"end\"%s%s>",
                           label_w - 8, y + 15, standalone ? " " : "", standalone ? font : "");
        if (!st)
            st = svg_text(out, fa_avis_category_label(rows[r].category, en));
        if (!st)
            st = fa_buf_puts(out, "</text>\n");
        int x = label_w;
        for (int s = FA_SEV_COUNT - 1; s >= 0 && !st; s--) {
            int c = rows[r].count[s];
            if (!c)
                continue;
            int w = c * bar_w / max;
            if (w < 3)
                w = 3;
            if (standalone)
                st = fa_buf_printf(out,
                                   "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                                   "fill=\"%s\"/>\n",
                                   x, y + 3, w, row_h - 6, sev_fill[s]);
            else
                st = fa_buf_printf(out,
                                   "<rect class=\"bar sev-%s\" x=\"%d\" y=\"%d\" width=\"%d\" "
                                   "height=\"%d\"><title>%d %s</title></rect>\n",
                                   sev_class[s], x, y + 3, w, row_h - 6, c,
                                   fa_avis_severity_label(s, en));
            x += w;
        }
        if (!st)
            st = fa_buf_printf(out, "<text x=\"%d\" y=\"%d\"%s%s>%d</text>\n", x + 6, y + 15,
                               standalone ? " " : "", standalone ? font : "", rows[r].total);
    }
    return st ? st : fa_buf_puts(out, "</svg>\n");
}
