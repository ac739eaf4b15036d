/* report_md.c — the avis technique in Markdown (CommonMark + pipe tables). A sink of
 * avis.c: it only decides how headings, quotes and tables are written. Every piece of
 * text is backslash-escaped so document text can never become Markdown markup. */
#include "avis.h"

#include <stdlib.h>
#include <string.h>

typedef struct md {
    fa_buf *out;
    int ncols;
} md;

/* Backslash-escape what CommonMark could read as markup inside a line; '|' too, for
 * table cells. Any ASCII punctuation may be escaped, so this never changes the text. */
static fa_status md_esc(fa_buf *out, const char *s)
{
    fa_status st = FA_OK;
    for (const char *p = s; *p && !st; p++) {
        if (strchr("\\`*_[]<>|&~#", *p))
            st = fa_buf_putc(out, '\\');
        if (!st)
            st = fa_buf_putc(out, *p);
    }
    return st;
}

static fa_status md_heading(void *ctx, int level, const char *text)
{
    md *m = ctx;
    fa_status st = fa_buf_printf(m->out, "%.*s ", level < 1 ? 1 : level > 6 ? 6 : level, "######");
    if (!st)
        st = md_esc(m->out, text);
    return st ? st : fa_buf_puts(m->out, "\n\n");
}

static fa_status md_begin(void *ctx, fa_avis_block kind, int sev)
{
    md *m = ctx;
    (void)sev;
    return kind == FA_BLOCK_ITEM                               ? fa_buf_puts(m->out, "- ")
           : kind == FA_BLOCK_NOTE || kind == FA_BLOCK_VERDICT ? fa_buf_puts(m->out, "> ")
                                                               : FA_OK;
}

static fa_status md_span(void *ctx, fa_avis_span kind, const char *text)
{
    md *m = ctx;
    const char *mark = kind == FA_SPAN_STRONG ? "**" : kind == FA_SPAN_QUOTE ? "*" : "";
    fa_status st = FA_OK;
    if (kind == FA_SPAN_CODE) {
        /* Code spans take no escapes: fence with more backticks than the text has. */
        const char *fence = strchr(text, '`') ? "`` " : "`";
        st = fa_buf_printf(m->out, "%s%s%s", fence, text, strchr(text, '`') ? " ``" : "`");
        return st;
    }
    if (!*mark)
        return md_esc(m->out, text);
    /* CommonMark only closes "**" that is not preceded by a space: keep the spaces
     * around a span outside its markers. */
    size_t n = strlen(text), lead = strspn(text, " "), trail = 0;
    while (trail < n - lead && text[n - 1 - trail] == ' ')
        trail++;
    if (lead == n)
        return fa_buf_puts(m->out, text);
    char *core = fa_strndup(text + lead, n - lead - trail);
    if (!core)
        return FA_ERR_NOMEM;
    st = fa_buf_printf(m->out, "%.*s%s", (int)lead, text, mark);
    if (!st)
        st = md_esc(m->out, core);
    if (!st)
        st = fa_buf_printf(m->out, "%s%.*s", mark, (int)trail, text + n - trail);
    free(core);
    return st;
}

static fa_status md_end(void *ctx, fa_avis_block kind)
{
    md *m = ctx;
    return fa_buf_puts(m->out, kind == FA_BLOCK_ITEM ? "\n" : "\n\n");
}

/* The chart as text (chart.c's rows): a bar per category, one character per severity,
 * in a fenced block so that every viewer keeps the columns. */
static fa_status md_chart(void *ctx, const fa_result *res, const char *lang)
{
    md *m = ctx;
    bool en = lang && !strcmp(lang, "en");
    static const char *const mark[FA_SEV_COUNT] = {"·", "░", "▒", "▓", "█"};
    fa_chart_row rows[FA_CHART_ROWS];
    int n = fa_avis_chart_rows(res, rows, FA_CHART_ROWS), max = 1;
    size_t width = 0; /* of the longest label, in characters */
    for (int r = 0; r < n; r++) {
        max = rows[r].total > max ? rows[r].total : max;
        size_t cols = 0;
        for (const unsigned char *p =
                 (const unsigned char *)fa_avis_category_label(rows[r].category, en);
             *p; p++)
            cols += (*p & 0xC0) != 0x80;
        width = cols > width ? cols : width;
    }
    fa_status st = fa_buf_puts(m->out, "```text\n");
    for (int s = FA_SEV_COUNT - 1; s >= 0 && !st; s--)
        st = fa_buf_printf(m->out, "%s %s%s", mark[s], fa_avis_severity_label(s, en),
                           s ? "   " : "\n");
    for (int r = 0; r < n && !st; r++) {
        const char *label = fa_avis_category_label(rows[r].category, en);
        /* pad to the longest label, counting characters, not bytes */
        size_t cols = 0;
        for (const unsigned char *p = (const unsigned char *)label; *p; p++)
            cols += (*p & 0xC0) != 0x80;
        st = fa_buf_puts(m->out, label);
        for (size_t c = cols; c < width + 2 && !st; c++)
            st = fa_buf_putc(m->out, ' ');
        for (int s = FA_SEV_COUNT - 1; s >= 0 && !st; s--) {
            int w = rows[r].count[s] ? (rows[r].count[s] * 30 + max - 1) / max : 0;
            for (int k = 0; k < w && !st; k++)
                st = fa_buf_puts(m->out, mark[s]);
        }
        if (!st)
            st = fa_buf_printf(m->out, " %d\n", rows[r].total);
    }
    return st ? st : fa_buf_puts(m->out, "```\n\n");
}

static fa_status md_list_begin(void *ctx)
{
    (void)ctx;
    return FA_OK;
}

static fa_status md_list_end(void *ctx)
{
    return fa_buf_putc(((md *)ctx)->out, '\n');
}

static fa_status md_row(md *m, const char *const *cells)
{
    fa_status st = fa_buf_puts(m->out, "|");
    for (int i = 0; i < m->ncols && !st; i++) {
        st = fa_buf_putc(m->out, ' ');
        if (!st)
            st = md_esc(m->out, cells[i] ? cells[i] : "");
        if (!st)
            st = fa_buf_puts(m->out, " |");
    }
    return st ? st : fa_buf_putc(m->out, '\n');
}

static fa_status md_table_begin(void *ctx, int ncols, const char *const *headers,
                                const int *weights)
{
    md *m = ctx;
    (void)weights;
    m->ncols = ncols;
    fa_status st = md_row(m, headers);
    if (!st)
        st = fa_buf_puts(m->out, "|");
    for (int i = 0; i < ncols && !st; i++)
        st = fa_buf_puts(m->out, "---|");
    return st ? st : fa_buf_putc(m->out, '\n');
}

static fa_status md_table_row(void *ctx, const char *const *cells)
{
    return md_row(ctx, cells);
}

static fa_status md_table_end(void *ctx)
{
    return fa_buf_putc(((md *)ctx)->out, '\n');
}

fa_status fa_render_md(const fa_result *res, const fa_report_opts *opts, fa_buf *out)
{
    md m = {out, 0};
    fa_avis_sink sink = {&m,           md_heading,    md_begin,    md_span,
                         md_end,       md_list_begin, md_list_end, md_table_begin,
                         md_table_row, md_table_end,  md_chart};
    return fa_avis_emit(res, opts, &sink);
}
