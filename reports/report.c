/* report.c — shared pieces of the renderers: format names, the envelope, atomic
 * writes, and dispatch to one renderer per format. */
#include "report.h"

#include "avis.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const ext[] = {"txt", "json", "md", "html", "odt"};

int fa_report_format_from_name(const char *name)
{
    for (int i = 0; name && i < 5; i++)
        if (!strcmp(name, ext[i]))
            return i;
    return -1;
}

const char *fa_report_format_ext(fa_report_format f)
{
    return (unsigned)f < 5 ? ext[f] : "txt";
}

json_t *fa_report_envelope(json_t *docs, const fa_report_opts *opts)
{
    json_t *r = json_object();
    json_t *tool = json_object();
    json_object_set_new(tool, "name", json_string("formaudit"));
    json_object_set_new(
        tool, "version",
        json_string(opts && opts->tool_version ? opts->tool_version : fa_version()));
    if (opts && opts->rules_version)
        json_object_set_new(tool, "rules", json_string(opts->rules_version));
    json_object_set_new(r, "tool", tool);
    json_object_set_new(r, "documents", json_incref(docs));
    return r;
}

fa_status fa_write_file_atomic(const char *path, const char *data, size_t len, fa_error *err)
{
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()) >= (int)sizeof tmp)
        return fa_error_set(err, FA_ERR_IO, "%s: path too long", path);
    FILE *f = fopen(tmp, "wb");
    if (!f)
        return fa_error_set(err, FA_ERR_IO, "%s: %s", tmp, strerror(errno));
    size_t w = fwrite(data, 1, len, f);
    int bad = w != len || fflush(f) != 0 || ferror(f);
    if (fclose(f) != 0)
        bad = 1;
    if (bad || rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return fa_error_set(err, FA_ERR_IO, "%s: %s", path, strerror(e));
    }
    return FA_OK;
}

fa_status fa_report_render(fa_report_format fmt, json_t *doc, const fa_report_opts *opts,
                           fa_buf *out)
{
    if (!doc || !out)
        return FA_ERR_USAGE;
    switch (fmt) {
    case FA_REPORT_JSON:
        return fa_render_json(doc, out);
    case FA_REPORT_TXT:
        return fa_render_txt(doc, opts, out);
    case FA_REPORT_MD:
        return fa_render_md(doc, opts, out);
    case FA_REPORT_HTML:
        return fa_render_html(doc, opts, out);
    case FA_REPORT_ODT:
    default:
        return FA_ERR_USAGE; /* ODT is a file: fa_report_write_odt */
    }
}

fa_status fa_report_write_odt(json_t *doc, const fa_report_opts *opts, const char *path,
                              fa_error *err)
{
    if (!doc || !path)
        return fa_error_set(err, FA_ERR_USAGE, "odt report: no document or no path");
    return fa_render_odt(doc, opts, path, err);
}
