/* report.c — shared pieces of the renderers: format names, dispatch to one renderer per
 * format, atomic writes. */
#include "avis.h"
#include "interop.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const ext[FA_REPORT_NFORMATS] = {"txt", "json",  "md",    "html",
                                                    "odt", "jsonl", "sarif", "pia"};
_Static_assert(sizeof ext / sizeof *ext == FA_REPORT_NFORMATS, "one name per report format");

int fa_report_format_from_name(const char *name)
{
    for (int i = 0; name && i < FA_REPORT_NFORMATS; i++)
        if (!strcmp(name, ext[i]))
            return i;
    return -1;
}

const char *fa_report_format_ext(fa_report_format f)
{
    return (unsigned)f < FA_REPORT_NFORMATS ? ext[f] : "txt";
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

fa_status fa_report_render(fa_report_format fmt, const fa_result *res, const fa_report_opts *opts,
                           fa_buf *out)
{
    if (!res || !out)
        return FA_ERR_USAGE;
    switch (fmt) {
    case FA_REPORT_TXT:
        return fa_render_txt(res, opts, out);
    case FA_REPORT_JSON:
        return fa_render_json(res, out);
    case FA_REPORT_MD:
        return fa_render_md(res, opts, out);
    case FA_REPORT_HTML:
        return fa_render_html(res, opts, out);
    case FA_REPORT_ODT:
        return fa_render_odt(res, opts, out);
    case FA_REPORT_JSONL:
        return fa_render_jsonl(res, out);
    case FA_REPORT_SARIF:
        return fa_render_sarif(res, opts, out);
    case FA_REPORT_PIA:
        return fa_render_pia(res, opts, out);
    default:
        return FA_ERR_USAGE;
    }
}
