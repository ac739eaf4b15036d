/* report_txt.c — compiler-style lines for a terminal, one per finding:
 *   dis.docx:p2:table1:r4: high [fr.health.mental] "Problèmes psychologiques" — message
 * then one summary line per document. Colours by severity when opts->color. */
#include "avis.h"

#include <stdlib.h>
#include <string.h>

static const char *const sev_colour[5] = {"\033[2m", "\033[36m", "\033[33m", "\033[31m",
                                          "\033[1;31m"};

/* "p2:table1:r4" from a location object; "" when nothing is known. */
static fa_status txt_loc(fa_buf *b, json_t *loc)
{
    long long page = fa_avis_int(loc, "page"), table = fa_avis_int(loc, "table");
    long long row = fa_avis_int(loc, "row");
    fa_status st = FA_OK;
    if (page > 0)
        st = fa_buf_printf(b, ":p%lld", page);
    if (!st && table > 0)
        st = fa_buf_printf(b, ":table%lld", table);
    if (!st && table > 0 && row > 0)
        st = fa_buf_printf(b, ":r%lld", row);
    return st;
}

fa_status fa_render_txt(json_t *doc, const fa_report_opts *opts, fa_buf *out)
{
    bool en = fa_avis_en(opts), col = opts && opts->color;
    char *path = fa_avis_doc_text(fa_avis_str(doc, "path"));
    if (!path)
        return FA_ERR_NOMEM;
    fa_status st = FA_OK;
    if (strcmp(fa_avis_str(doc, "status"), "ok")) {
        json_t *err = json_object_get(doc, "error");
        char *msg = fa_avis_doc_text(fa_avis_str(err, "message"));
        if (!msg) {
            free(path);
            return FA_ERR_NOMEM;
        }
        st = fa_buf_printf(out, "%s: %serror%s: %s%s%s\n", path, col ? "\033[1;31m" : "",
                           col ? "\033[0m" : "", fa_avis_str(err, "code"), *msg ? ": " : "", msg);
        free(msg);
        free(path);
        return st;
    }
    json_t *findings = json_object_get(doc, "findings");
    size_t i;
    json_t *f;
    json_array_foreach(findings, i, f)
    {
        if (st)
            break;
        int sev = fa_avis_severity(fa_avis_str(f, "severity"));
        char *q = fa_avis_doc_text(fa_avis_str(f, "quote"));
        char *m = fa_avis_doc_text(fa_avis_str(f, "message"));
        char *rule = fa_avis_doc_text(fa_avis_str(f, "rule"));
        if (!q || !m || !rule)
            st = FA_ERR_NOMEM;
        if (!st)
            st = fa_buf_puts(out, path);
        if (!st)
            st = txt_loc(out, json_object_get(f, "location"));
        if (!st)
            st = fa_buf_printf(out, ": %s%s%s [%s]", col ? sev_colour[sev] : "",
                               fa_avis_str(f, "severity"), col ? "\033[0m" : "", rule);
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
    json_t *w;
    json_array_foreach(json_object_get(doc, "warnings"), i, w)
    {
        char *m = st ? NULL : fa_avis_doc_text(json_string_value(w) ? json_string_value(w) : "");
        if (!st && !m)
            st = FA_ERR_NOMEM;
        if (!st)
            st = fa_buf_printf(out, "%s: %swarning%s: %s\n", path, col ? "\033[1;33m" : "",
                               col ? "\033[0m" : "", m);
        free(m);
    }
    json_t *sum = json_object_get(doc, "summary");
    if (!st)
        st = fa_buf_printf(out,
                           en ? "%s: %zu finding(s): %lld critical, %lld high, %lld medium, %lld "
                                "low, %lld info; %zu field(s)"
                              : "%s: %zu constat(s) : %lld critique, %lld élevé, %lld moyen, %lld "
                                "faible, %lld info ; %zu champ(s)",
                           path, json_array_size(findings), fa_avis_int(sum, "critical"),
                           fa_avis_int(sum, "high"), fa_avis_int(sum, "medium"),
                           fa_avis_int(sum, "low"), fa_avis_int(sum, "info"),
                           json_array_size(json_object_get(doc, "fields")));
    if (!st && json_is_true(json_object_get(sum, "dpia")))
        st = fa_buf_puts(out, en ? "; DPIA required" : " ; AIPD requise");
    if (!st)
        st = fa_buf_putc(out, '\n');
    free(path);
    return st;
}
