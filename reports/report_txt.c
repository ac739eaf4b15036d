/* report_txt.c — compiler-style lines for a terminal, one per finding:
 *   dis.docx:p2:table1:r4: high [fr.health.mental] "Problèmes psychologiques" — message
 * then one summary line per document. Colours by severity when opts->color. */
#include "avis.h"

#include <stdlib.h>
#include <string.h>

static const char *const sev_colour[5] = {"\033[2m", "\033[36m", "\033[33m", "\033[31m",
                                          "\033[1;31m"};

/* "p2:table1:r4" from a location object; "" when nothing is known. */
static fa_status txt_loc(fa_buf *b, const fa_loc *loc)
{
    long long page = loc->page, table = loc->table, row = loc->row;
    fa_status st = FA_OK;
    if (page > 0)
        st = fa_buf_printf(b, ":p%lld", page);
    if (!st && table > 0)
        st = fa_buf_printf(b, ":table%lld", table);
    if (!st && table > 0 && row > 0)
        st = fa_buf_printf(b, ":r%lld", row);
    return st;
}

fa_status fa_render_txt(const fa_result *res, const fa_report_opts *opts, fa_buf *out)
{
    bool en = fa_avis_en(opts), col = opts && opts->color;
    char *path = fa_avis_doc_text(fa_result_path(res));
    if (!path)
        return FA_ERR_NOMEM;
    fa_status st = FA_OK;
    if (res->status != FA_OK) {
        char *msg = fa_avis_doc_text(res->error);
        if (!msg) {
            free(path);
            return FA_ERR_NOMEM;
        }
        st =
            fa_buf_printf(out, "%s: %serror%s: %s%s%s\n", path, col ? "\033[1;31m" : "",
                          col ? "\033[0m" : "", fa_status_code(res->status), *msg ? ": " : "", msg);
        free(msg);
        free(path);
        return st;
    }
    for (size_t i = 0; i < res->n_findings && !st; i++) {
        const fa_finding *f = &res->findings[i];
        int sev = (int)f->severity;
        char *q = fa_avis_doc_text(f->quote);
        char *m = fa_avis_doc_text(f->message);
        char *rule = fa_avis_doc_text(f->rule);
        if (!q || !m || !rule)
            st = FA_ERR_NOMEM;
        if (!st)
            st = fa_buf_puts(out, path);
        if (!st)
            st = txt_loc(out, &f->loc);
        if (!st)
            st = fa_buf_printf(out, ": %s%s%s [%s]", col ? sev_colour[sev] : "",
                               fa_severity_name(f->severity), col ? "\033[0m" : "", rule);
        if (!st && *q)
            st = fa_buf_printf(out, " \"%s\"", q);
        if (!st && *m)
            st = fa_buf_printf(out, " — %s", m);
        if (!st)
            st = fa_buf_putc(out, '\n');
        free(q);
        free(m);
        free(rule);
    }
    /* What the reader could not read (scanned pages, damaged parts), before the
     * summary line that would otherwise look complete. */
    for (size_t i = 0; i < res->warnings.n; i++) {
        char *m = st ? NULL : fa_avis_doc_text(res->warnings.v[i]);
        if (!st && !m)
            st = FA_ERR_NOMEM;
        if (!st)
            st = fa_buf_printf(out, "%s: %swarning%s: %s\n", path, col ? "\033[1;33m" : "",
                               col ? "\033[0m" : "", m);
        free(m);
    }
    fa_counts sum;
    fa_result_counts(res, &sum);
    size_t nf = res->n_findings, nfl = res->n_fields;
    if (!st)
        st = en ? fa_buf_printf(
                      out,
                      "%s: %zu finding%s: %lld critical, %lld high, %lld medium, %lld "
                      "low, %lld info; %zu field%s",
                      path, nf, nf == 1 ? "" : "s", (long long)sum.severity[FA_SEV_CRITICAL],
                      (long long)sum.severity[FA_SEV_HIGH], (long long)sum.severity[FA_SEV_MEDIUM],
                      (long long)sum.severity[FA_SEV_LOW], (long long)sum.severity[FA_SEV_INFO],
                      nfl, nfl == 1 ? "" : "s")
                : fa_buf_printf(
                      out,
                      "%s: %zu constat%s : %lld critique, %lld élevé, %lld moyen, %lld "
                      "faible, %lld info ; %zu champ%s",
                      path, nf, nf <= 1 ? "" : "s", (long long)sum.severity[FA_SEV_CRITICAL],
                      (long long)sum.severity[FA_SEV_HIGH], (long long)sum.severity[FA_SEV_MEDIUM],
                      (long long)sum.severity[FA_SEV_LOW], (long long)sum.severity[FA_SEV_INFO],
                      nfl, nfl <= 1 ? "" : "s");
    if (!st && sum.dpia)
        st = fa_buf_puts(out, en ? "; DPIA required" : " ; AIPD requise");
    if (!st)
        st = fa_buf_putc(out, '\n');
    free(path);
    return st;
}
