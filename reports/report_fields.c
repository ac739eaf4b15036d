/* report_fields.c — `formaudit fields`: the inventory of the fields of one document, as
 * an aligned table for a terminal or as the contract's "fields" array (report_json.c).
 * The result is sealed: labels and options are masked like every report's. */
#include "avis.h"
#include "ident.h"

#include <stdlib.h>

fa_status fa_fields_write(const fa_result *res, int json, FILE *out)
{
    if (json) {
        fa_buf b = {0};
        fa_status st = fa_fields_write_json(res, &b);
        if (st == FA_OK && b.len && fwrite(b.data, 1, b.len, out) != b.len)
            st = FA_ERR_IO;
        fa_buf_free(&b);
        return st;
    }
    fprintf(out, "%-5s %-10s %-9s %-6s %-45s %s\n", "id", "kind", "method", "where", "label",
            "options / categories");
    for (size_t i = 0; i < res->n_fields; i++) {
        const fa_field *f = &res->fields[i];
        char where[32];
        if (f->loc.table)
            snprintf(where, sizeof where, "t%dr%d", f->loc.table, f->loc.row);
        else
            snprintf(where, sizeof where, "p%d", f->loc.page);
        char *label = fa_ident_mask(f->label ? f->label : "");
        fprintf(out, "%-5s %-10s %-9s %-6s %-45s", f->id, fa_field_kind_name(f->kind),
                fa_field_method_name(f->method), where, label ? label : "");
        free(label);
        for (size_t k = 0; k < f->options.n; k++)
            fprintf(out, "%s%s", k ? " | " : " [", f->options.v[k]);
        if (f->options.n)
            fputc(']', out);
        for (int c = 0; c < FA_CAT_COUNT; c++)
            if (f->categories & FA_CAT_BIT(c))
                fprintf(out, " #%s", fa_category_name((fa_category)c));
        fputc('\n', out);
    }
    return ferror(out) ? FA_ERR_IO : FA_OK;
}
