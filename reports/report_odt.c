/* report_odt.c — the avis technique as an editable ODF text document (.odt), so a
 * union or an ethics commission can rework it before sending. A sink of avis.c that
 * writes content.xml with libxml2's xmlTextWriter (which escapes all text), plus
 * styles.xml, meta.xml and META-INF/manifest.xml, zipped with libzip: "mimetype"
 * first and stored uncompressed, as ODF requires. The archive is built in memory and
 * handed to the caller like every other report (the caller writes files atomically). */
#include "avis.h"

#include <libxml/xmlwriter.h>
#include <zip.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_STYLE "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_TABLE "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_FO "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
#define NS_META "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_MANIFEST "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
#define NS_DRAW "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
#define NS_SVG "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
#define NS_XLINK "http://www.w3.org/1999/xlink"

typedef struct odt {
    xmlTextWriterPtr w;
    int bad; /* an xmlTextWriter call failed */
    int ntables;
    int ncols;
    fa_buf chart; /* Pictures/chart.svg, when the avis has a chart */
} odt;

#define X(s) ((const xmlChar *)(s))

static void el(odt *o, const char *name)
{
    if (!o->bad && xmlTextWriterStartElement(o->w, X(name)) < 0)
        o->bad = 1;
}

static void at(odt *o, const char *name, const char *value)
{
    if (!o->bad && xmlTextWriterWriteAttribute(o->w, X(name), X(value)) < 0)
        o->bad = 1;
}

static void str(odt *o, const char *s)
{
    if (!o->bad && xmlTextWriterWriteString(o->w, X(s)) < 0)
        o->bad = 1;
}

static void end(odt *o)
{
    if (!o->bad && xmlTextWriterEndElement(o->w) < 0)
        o->bad = 1;
}

/* An element with attributes given as NULL-terminated name/value pairs, left open. */
static void elat(odt *o, const char *name, ...)
{
    el(o, name);
    va_list ap;
    va_start(ap, name);
    const char *k;
    while ((k = va_arg(ap, const char *)) != NULL)
        at(o, k, va_arg(ap, const char *));
    va_end(ap);
}

static fa_status ok(const odt *o)
{
    return o->bad ? FA_ERR_INTERNAL : FA_OK;
}

/* ---------------------------------------------------------------- sink */

static fa_status o_heading(void *ctx, int level, const char *text)
{
    odt *o = ctx;
    char style[32], lv[8];
    snprintf(style, sizeof style, "Heading_20_%d", level);
    snprintf(lv, sizeof lv, "%d", level);
    elat(o, "text:h", "text:style-name", style, "text:outline-level", lv, (char *)NULL);
    str(o, text);
    end(o);
    return ok(o);
}

static fa_status o_begin(void *ctx, fa_avis_block kind, int sev)
{
    odt *o = ctx;
    if (kind == FA_BLOCK_ITEM)
        el(o, "text:list-item");
    elat(o, "text:p", "text:style-name",
         kind == FA_BLOCK_NOTE      ? "PNote"
         : kind == FA_BLOCK_ITEM    ? "PItem"
         : kind == FA_BLOCK_VERDICT ? (sev >= FA_SEV_HIGH ? "PVerdictBad" : "PVerdict")
         : kind == FA_BLOCK_SIGN    ? "PSign"
                                    : "Text_20_body",
         (char *)NULL);
    return ok(o);
}

static fa_status o_span(void *ctx, fa_avis_span kind, const char *text)
{
    odt *o = ctx;
    static const char *const style[] = {NULL, "TStrong", "TQuote", "TCode"};
    if (style[kind])
        elat(o, "text:span", "text:style-name", style[kind], (char *)NULL);
    str(o, text);
    if (style[kind])
        end(o);
    return ok(o);
}

static fa_status o_end(void *ctx, fa_avis_block kind)
{
    odt *o = ctx;
    end(o); /* text:p */
    if (kind == FA_BLOCK_ITEM)
        end(o);
    return ok(o);
}

static fa_status o_list_begin(void *ctx)
{
    odt *o = ctx;
    elat(o, "text:list", "text:style-name", "LBullet", (char *)NULL);
    return ok(o);
}

static fa_status o_list_end(void *ctx)
{
    odt *o = ctx;
    end(o);
    return ok(o);
}

static void o_row(odt *o, const char *const *cells, bool head)
{
    el(o, "table:table-row");
    for (int i = 0; i < o->ncols; i++) {
        elat(o, "table:table-cell", "table:style-name", head ? "CellHead" : "Cell",
             "office:value-type", "string", (char *)NULL);
        elat(o, "text:p", "text:style-name", head ? "Table_20_Heading" : "Table_20_Contents",
             (char *)NULL);
        str(o, cells[i] ? cells[i] : "");
        end(o);
        end(o);
    }
    end(o);
}

static fa_status o_table_begin(void *ctx, int ncols, const char *const *headers, const int *weights)
{
    odt *o = ctx;
    char name[32];
    snprintf(name, sizeof name, "Tableau%d", ++o->ntables);
    o->ncols = ncols;
    elat(o, "table:table", "table:name", name, "table:style-name", "Tbl", (char *)NULL);
    for (int i = 0; i < ncols; i++) {
        char col[16];
        int w = weights[i] < 1 ? 1 : weights[i] > 6 ? 6 : weights[i];
        snprintf(col, sizeof col, "ColW%d", w);
        elat(o, "table:table-column", "table:style-name", col, (char *)NULL);
        end(o);
    }
    el(o, "table:table-header-rows");
    o_row(o, headers, true);
    end(o);
    return ok(o);
}

static fa_status o_table_row(void *ctx, const char *const *cells)
{
    odt *o = ctx;
    o_row(o, cells, false);
    return ok(o);
}

static fa_status o_table_end(void *ctx)
{
    odt *o = ctx;
    end(o);
    return ok(o);
}

/* The chart (chart.c) as a picture in the package, drawn by LibreOffice and Word: the
 * SVG is kept for the archive, a frame of the text shows it. */
static fa_status o_chart(void *ctx, const fa_result *res, const char *lang)
{
    odt *o = ctx;
    bool en = lang && !strcmp(lang, "en");
    fa_buf_reset(&o->chart);
    fa_status st = fa_avis_chart_svg(res, en, true, &o->chart);
    if (st)
        return st;
    fa_chart_row rows[FA_CHART_ROWS];
    int n = fa_avis_chart_rows(res, rows, FA_CHART_ROWS);
    char h[32];
    snprintf(h, sizeof h, "%.2fcm", 17.0 * (30 + n * 22 + 6) / 750.0);
    elat(o, "text:p", "text:style-name", "PChart", (char *)NULL);
    elat(o, "draw:frame", "draw:name", "chart", "text:anchor-type", "as-char", "svg:width", "17cm",
         "svg:height", h, (char *)NULL);
    elat(o, "draw:image", "xlink:href", "Pictures/chart.svg", "xlink:type", "simple", "xlink:show",
         "embed", "xlink:actuate", "onLoad", "draw:mime-type", "image/svg+xml", (char *)NULL);
    end(o);
    el(o, "svg:title");
    str(o, en ? "Findings by category and severity" : "Constats par catégorie et gravité");
    end(o);
    end(o); /* draw:frame */
    end(o); /* text:p */
    return ok(o);
}

/* ---------------------------------------------------------------- parts */

static void text_props(odt *o, const char *family, const char *name, ...)
{
    elat(o, "style:style", "style:name", name, "style:family", family, (char *)NULL);
    el(o, "style:text-properties");
    va_list ap;
    va_start(ap, name);
    const char *k;
    while ((k = va_arg(ap, const char *)) != NULL)
        at(o, k, va_arg(ap, const char *));
    va_end(ap);
    end(o);
    end(o);
}

static void cell_style(odt *o, const char *name, const char *bg)
{
    elat(o, "style:style", "style:name", name, "style:family", "table-cell", (char *)NULL);
    elat(o, "style:table-cell-properties", "fo:border", "0.5pt solid #000000", "fo:padding",
         "0.1cm", (char *)NULL);
    if (bg)
        at(o, "fo:background-color", bg);
    end(o);
    end(o);
}

static void root_ns(odt *o)
{
    at(o, "xmlns:office", NS_OFFICE);
    at(o, "xmlns:draw", NS_DRAW);
    at(o, "xmlns:svg", NS_SVG);
    at(o, "xmlns:xlink", NS_XLINK);
    at(o, "xmlns:style", NS_STYLE);
    at(o, "xmlns:text", NS_TEXT);
    at(o, "xmlns:table", NS_TABLE);
    at(o, "xmlns:fo", NS_FO);
    at(o, "office:version", "1.3");
}

static fa_status content_xml(odt *o, const fa_result *doc, const fa_report_opts *opts)
{
    xmlTextWriterStartDocument(o->w, "1.0", "UTF-8", NULL);
    el(o, "office:document-content");
    root_ns(o);
    el(o, "office:automatic-styles");
    text_props(o, "text", "TStrong", "fo:font-weight", "bold", "style:font-weight-asian", "bold",
               "style:font-weight-complex", "bold", (char *)NULL);
    text_props(o, "text", "TQuote", "fo:background-color", "#fff1a8", "fo:font-style", "italic",
               (char *)NULL);
    text_props(o, "text", "TCode", "fo:font-family", "'Liberation Mono'", "fo:font-size", "8pt",
               "fo:color", "#555555", (char *)NULL);
    elat(o, "style:style", "style:name", "Tbl", "style:family", "table", (char *)NULL);
    elat(o, "style:table-properties", "style:width", "17cm", "table:align", "margins",
         "fo:margin-top", "0.2cm", "fo:margin-bottom", "0.3cm", (char *)NULL);
    end(o);
    end(o);
    for (int w = 1; w <= 6; w++) {
        /* Relative column widths: a table picks one per column by weight. */
        char name[16], rel[16];
        snprintf(name, sizeof name, "ColW%d", w);
        snprintf(rel, sizeof rel, "%d*", w * 1000);
        elat(o, "style:style", "style:name", name, "style:family", "table-column", (char *)NULL);
        elat(o, "style:table-column-properties", "style:rel-column-width", rel, (char *)NULL);
        end(o);
        end(o);
    }
    cell_style(o, "Cell", NULL);
    cell_style(o, "CellHead", "#eeeeee");
    elat(o, "style:style", "style:name", "PNote", "style:family", "paragraph",
         "style:parent-style-name", "Text_20_body", (char *)NULL);
    elat(o, "style:paragraph-properties", "fo:background-color", "#eef4fa", "fo:padding", "0.2cm",
         "fo:border-left", "2pt solid #3b6ea5", (char *)NULL);
    end(o);
    end(o);
    static const char *const verdicts[][2] = {{"PVerdict", "#2e7d32"}, {"PVerdictBad", "#b71c1c"}};
    for (int v = 0; v < 2; v++) {
        elat(o, "style:style", "style:name", verdicts[v][0], "style:family", "paragraph",
             "style:parent-style-name", "Text_20_body", (char *)NULL);
        char border[48];
        snprintf(border, sizeof border, "1.5pt solid %s", verdicts[v][1]);
        elat(o, "style:paragraph-properties", "fo:padding", "0.2cm", "fo:border", border,
             "fo:margin-top", "0.2cm", "fo:margin-bottom", "0.3cm", (char *)NULL);
        end(o);
        elat(o, "style:text-properties", "fo:font-size", "12pt", (char *)NULL);
        end(o);
        end(o);
    }
    elat(o, "style:style", "style:name", "PSign", "style:family", "paragraph",
         "style:parent-style-name", "Text_20_body", (char *)NULL);
    elat(o, "style:paragraph-properties", "fo:margin-top", "0.1cm", "fo:margin-bottom", "0.1cm",
         "fo:keep-with-next", "always", (char *)NULL);
    end(o);
    end(o);
    elat(o, "style:style", "style:name", "PChart", "style:family", "paragraph",
         "style:parent-style-name", "Text_20_body", (char *)NULL);
    elat(o, "style:paragraph-properties", "fo:text-align", "center", (char *)NULL);
    end(o);
    end(o);
    elat(o, "style:style", "style:name", "PItem", "style:family", "paragraph",
         "style:parent-style-name", "Text_20_body", (char *)NULL);
    elat(o, "style:paragraph-properties", "fo:margin-bottom", "0.15cm", (char *)NULL);
    end(o);
    end(o);
    elat(o, "text:list-style", "style:name", "LBullet", (char *)NULL);
    elat(o, "text:list-level-style-bullet", "text:level", "1", "text:bullet-char", "\xe2\x80\xa2",
         (char *)NULL);
    elat(o, "style:list-level-properties", "text:list-level-position-and-space-mode",
         "label-alignment", (char *)NULL);
    elat(o, "style:list-level-label-alignment", "text:label-followed-by", "listtab",
         "text:list-tab-stop-position", "0.635cm", "fo:text-indent", "-0.635cm", "fo:margin-left",
         "0.635cm", (char *)NULL);
    end(o);
    end(o);
    end(o);
    end(o);
    end(o); /* automatic-styles */
    el(o, "office:body");
    el(o, "office:text");
    if (o->bad)
        return FA_ERR_INTERNAL;
    fa_avis_sink sink = {o,          o_heading,     o_begin,     o_span,      o_end,  o_list_begin,
                         o_list_end, o_table_begin, o_table_row, o_table_end, o_chart};
    fa_status st = fa_avis_emit(doc, opts, &sink);
    if (st)
        return st;
    if (xmlTextWriterEndDocument(o->w) < 0)
        o->bad = 1;
    return ok(o);
}

static void para_style(odt *o, const char *name, const char *display, const char *parent,
                       const char *level, const char *size, const char *weight,
                       const char *margin_top)
{
    elat(o, "style:style", "style:name", name, "style:display-name", display, "style:family",
         "paragraph", (char *)NULL);
    if (parent)
        at(o, "style:parent-style-name", parent);
    if (level) {
        at(o, "style:default-outline-level", level);
        at(o, "style:next-style-name", "Text_20_body");
    }
    elat(o, "style:paragraph-properties", "fo:margin-top", margin_top, "fo:margin-bottom", "0.2cm",
         (char *)NULL);
    if (level)
        at(o, "fo:keep-with-next", "always");
    end(o);
    if (size || weight) {
        el(o, "style:text-properties");
        if (size)
            at(o, "fo:font-size", size);
        if (weight) {
            at(o, "fo:font-weight", weight);
            at(o, "style:font-weight-asian", weight);
            at(o, "style:font-weight-complex", weight);
        }
        end(o);
    }
    end(o);
}

static fa_status styles_xml(odt *o, const fa_report_opts *opts)
{
    const char *footer = fa_avis_en(opts) ? "Technical opinion — page " : "Avis technique — page ";
    xmlTextWriterStartDocument(o->w, "1.0", "UTF-8", NULL);
    el(o, "office:document-styles");
    root_ns(o);
    el(o, "office:font-face-decls");
    elat(o, "style:font-face", "style:name", "Serif", "svg:font-family", "'Liberation Serif'",
         "style:font-family-generic", "roman", (char *)NULL);
    end(o);
    elat(o, "style:font-face", "style:name", "Sans", "svg:font-family", "'Liberation Sans'",
         "style:font-family-generic", "swiss", (char *)NULL);
    end(o);
    elat(o, "style:font-face", "style:name", "Mono", "svg:font-family", "'Liberation Mono'",
         "style:font-family-generic", "modern", "style:font-pitch", "fixed", (char *)NULL);
    end(o);
    end(o);
    el(o, "office:styles");
    elat(o, "style:default-style", "style:family", "paragraph", (char *)NULL);
    elat(o, "style:text-properties", "style:font-name", "Serif", "fo:font-size", "10pt",
         "fo:language", "fr", "fo:country", "FR", (char *)NULL);
    end(o);
    end(o);
    para_style(o, "Standard", "Standard", NULL, NULL, NULL, NULL, "0cm");
    para_style(o, "Text_20_body", "Text body", "Standard", NULL, NULL, NULL, "0.1cm");
    para_style(o, "Heading", "Heading", "Standard", NULL, NULL, NULL, "0.4cm");
    para_style(o, "Heading_20_1", "Heading 1", "Heading", "1", "18pt", "bold", "0.4cm");
    para_style(o, "Heading_20_2", "Heading 2", "Heading", "2", "14pt", "bold", "0.6cm");
    para_style(o, "Heading_20_3", "Heading 3", "Heading", "3", "12pt", "bold", "0.4cm");
    para_style(o, "Table_20_Contents", "Table Contents", "Standard", NULL, "9pt", NULL, "0cm");
    para_style(o, "Table_20_Heading", "Table Heading", "Table_20_Contents", NULL, "9pt", "bold",
               "0cm");
    para_style(o, "Footer", "Footer", "Standard", NULL, "8pt", NULL, "0cm");
    end(o); /* office:styles */
    el(o, "office:automatic-styles");
    elat(o, "style:page-layout", "style:name", "pm1", (char *)NULL);
    elat(o, "style:page-layout-properties", "fo:page-width", "21cm", "fo:page-height", "29.7cm",
         "style:print-orientation", "portrait", "fo:margin-top", "2cm", "fo:margin-bottom", "1.5cm",
         "fo:margin-left", "2cm", "fo:margin-right", "2cm", (char *)NULL);
    end(o);
    el(o, "style:footer-style");
    elat(o, "style:header-footer-properties", "fo:min-height", "0.6cm", "fo:margin-top", "0.3cm",
         (char *)NULL);
    end(o);
    end(o);
    end(o); /* page-layout */
    end(o); /* automatic-styles */
    el(o, "office:master-styles");
    elat(o, "style:master-page", "style:name", "Standard", "style:page-layout-name", "pm1",
         (char *)NULL);
    /* page numbers: "Avis technique — page 2 / 5" at the foot of every page */
    el(o, "style:footer");
    elat(o, "text:p", "text:style-name", "Footer", (char *)NULL);
    str(o, footer);
    elat(o, "text:page-number", "text:select-page", "current", (char *)NULL);
    str(o, "1");
    end(o);
    str(o, " / ");
    el(o, "text:page-count");
    str(o, "1");
    end(o);
    end(o); /* text:p */
    end(o); /* style:footer */
    end(o); /* master-page */
    end(o);
    if (xmlTextWriterEndDocument(o->w) < 0)
        o->bad = 1;
    return ok(o);
}

static fa_status meta_xml(odt *o, const fa_result *doc, const fa_report_opts *opts)
{
    char date[16], stamp[40];
    fa_avis_date(opts, date);
    snprintf(stamp, sizeof stamp, "%sT00:00:00", date);
    const char *t = doc->status == FA_OK ? fa_result_title(doc) : "";
    char *name = fa_avis_doc_text(*t ? t : fa_avis_basename(fa_result_path(doc)));
    if (!name)
        return FA_ERR_NOMEM;
    fa_buf title = {0}, gen = {0};
    fa_status st = fa_buf_printf(&title, "%s — %s",
                                 fa_avis_en(opts) ? "Technical opinion" : "Avis technique", name);
    if (!st)
        st = fa_buf_printf(&gen, "formaudit/%s",
                           opts && opts->tool_version ? opts->tool_version : fa_version());
    free(name);
    if (!st) {
        xmlTextWriterStartDocument(o->w, "1.0", "UTF-8", NULL);
        el(o, "office:document-meta");
        at(o, "xmlns:office", NS_OFFICE);
        at(o, "xmlns:meta", NS_META);
        at(o, "xmlns:dc", NS_DC);
        at(o, "office:version", "1.3");
        el(o, "office:meta");
        el(o, "meta:generator"), str(o, gen.data), end(o);
        el(o, "dc:title"), str(o, title.data), end(o);
        el(o, "dc:language"), str(o, fa_avis_en(opts) ? "en" : "fr"), end(o);
        if (opts && opts->author && *opts->author) {
            el(o, "meta:initial-creator"), str(o, opts->author), end(o);
            el(o, "dc:creator"), str(o, opts->author), end(o);
        }
        int y, m, d;
        if (sscanf(date, "%4d-%2d-%2d", &y, &m, &d) == 3) { /* xsd:dateTime only */
            el(o, "meta:creation-date"), str(o, stamp), end(o);
            el(o, "dc:date"), str(o, stamp), end(o);
        }
        if (xmlTextWriterEndDocument(o->w) < 0)
            o->bad = 1;
        st = ok(o);
    }
    fa_buf_free(&title);
    fa_buf_free(&gen);
    return st;
}

static fa_status manifest_xml(odt *o, bool chart)
{
    static const char *const parts[][2] = {{"/", "application/vnd.oasis.opendocument.text"},
                                           {"content.xml", "text/xml"},
                                           {"styles.xml", "text/xml"},
                                           {"meta.xml", "text/xml"}};
    xmlTextWriterStartDocument(o->w, "1.0", "UTF-8", NULL);
    el(o, "manifest:manifest");
    at(o, "xmlns:manifest", NS_MANIFEST);
    at(o, "manifest:version", "1.3");
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        elat(o, "manifest:file-entry", "manifest:full-path", parts[i][0], "manifest:media-type",
             parts[i][1], (char *)NULL);
        if (i == 0)
            at(o, "manifest:version", "1.3");
        end(o);
    }
    if (chart) {
        elat(o, "manifest:file-entry", "manifest:full-path", "Pictures/chart.svg",
             "manifest:media-type", "image/svg+xml", (char *)NULL);
        end(o);
    }
    if (xmlTextWriterEndDocument(o->w) < 0)
        o->bad = 1;
    return ok(o);
}

/* ---------------------------------------------------------------- archive */

enum { PART_CONTENT, PART_STYLES, PART_META, PART_MANIFEST, NPARTS };
static const char *const part_names[NPARTS] = {"content.xml", "styles.xml", "meta.xml",
                                               "META-INF/manifest.xml"};

/* The time stamp of every entry: midnight of the avis date (its --date, or today),
 * so the same avis gives the same bytes all day, and two runs a second apart agree. */
static time_t entry_time(const fa_report_opts *opts)
{
    struct tm tm = {0};
    time_t now = time(NULL);
    int y, m, d;
    if (opts && opts->date && sscanf(opts->date, "%4d-%2d-%2d", &y, &m, &d) == 3) {
        tm.tm_year = y - 1900;
        tm.tm_mon = m - 1;
        tm.tm_mday = d;
    } else if (localtime_r(&now, &tm)) {
        tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    }
    tm.tm_isdst = -1;
    time_t t = mktime(&tm);
    return t == (time_t)-1 ? now : t;
}

static fa_status add_entry(zip_t *z, const char *name, const void *data, size_t len, bool store,
                           time_t mtime)
{
    zip_source_t *src = zip_source_buffer(z, data, len, 0);
    if (!src)
        return FA_ERR_IO;
    zip_int64_t idx = zip_file_add(z, name, src, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
        zip_source_free(src);
        return FA_ERR_IO;
    }
    if (zip_set_file_compression(z, (zip_uint64_t)idx, store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0) <
            0 ||
        zip_file_set_mtime(z, (zip_uint64_t)idx, mtime, 0) < 0)
        return FA_ERR_IO;
    return FA_OK;
}

/* The bytes of the finished archive of SRC (kept open by zip_source_keep), appended
 * to OUT. */
static fa_status zip_bytes(zip_source_t *src, fa_buf *out)
{
    zip_stat_t zs;
    if (zip_source_open(src) < 0)
        return FA_ERR_IO;
    fa_status st = FA_OK;
    if (zip_source_stat(src, &zs) < 0 || !(zs.valid & ZIP_STAT_SIZE))
        st = FA_ERR_IO;
    char chunk[16384];
    zip_uint64_t left = st ? 0 : zs.size;
    while (!st && left) {
        zip_int64_t n = zip_source_read(src, chunk, left < sizeof chunk ? left : sizeof chunk);
        if (n <= 0)
            st = FA_ERR_IO;
        else {
            st = fa_buf_append(out, chunk, (size_t)n);
            left -= (zip_uint64_t)n;
        }
    }
    zip_source_close(src);
    return st;
}

fa_status fa_render_odt(const fa_result *doc, const fa_report_opts *opts, fa_buf *out)
{
    static const char mimetype[] = "application/vnd.oasis.opendocument.text";
    xmlBufferPtr buf[NPARTS] = {NULL};
    fa_status st = FA_OK;
    zip_t *z = NULL;
    zip_source_t *src = NULL;
    fa_buf chart = {0}; /* the content part's picture, if it drew one */

    for (int p = 0; p < NPARTS && !st; p++) {
        buf[p] = xmlBufferCreate();
        /* doubling, not libxml2's default exact growth: a report of 20,000 fields is
         * megabytes, and exact growth reallocates at every flush of the writer */
        if (buf[p])
            xmlBufferSetAllocationScheme(buf[p], XML_BUFFER_ALLOC_DOUBLEIT);
        xmlTextWriterPtr w = buf[p] ? xmlNewTextWriterMemory(buf[p], 0) : NULL;
        if (!w) {
            st = FA_ERR_NOMEM;
            break;
        }
        odt o = {w, 0, 0, 0, {0}};
        st = p == PART_CONTENT  ? content_xml(&o, doc, opts)
             : p == PART_STYLES ? styles_xml(&o, opts)
             : p == PART_META   ? meta_xml(&o, doc, opts)
                                : manifest_xml(&o, chart.len > 0);
        xmlFreeTextWriter(w); /* flushes into buf[p] */
        if (p == PART_CONTENT) {
            chart = o.chart;
        } else {
            fa_buf_free(&o.chart);
        }
    }
    if (st)
        goto out;

    /* The archive is built in memory: the caller writes it where it belongs (a worker
     * sends it to the batch parent like any other report). */
    zip_error_t zerr;
    zip_error_init(&zerr);
    src = zip_source_buffer_create(NULL, 0, 0, &zerr);
    z = src ? zip_open_from_source(src, ZIP_TRUNCATE, &zerr) : NULL;
    zip_error_fini(&zerr);
    if (!z) {
        st = FA_ERR_NOMEM;
        goto out;
    }
    zip_source_keep(src); /* still ours after zip_close */
    st = add_entry(z, "mimetype", mimetype, sizeof mimetype - 1, true, entry_time(opts));
    for (int p = 0; p < NPARTS && !st; p++)
        st = add_entry(z, part_names[p], xmlBufferContent(buf[p]), (size_t)xmlBufferLength(buf[p]),
                       false, entry_time(opts));
    if (!st && chart.len)
        st = add_entry(z, "Pictures/chart.svg", chart.data, chart.len, false, entry_time(opts));
    if (st || zip_close(z) < 0) {
        zip_discard(z);
        st = st ? st : FA_ERR_IO;
        goto out;
    }
    st = zip_bytes(src, out);
out:
    zip_source_free(src);
    for (int p = 0; p < NPARTS; p++)
        xmlBufferFree(buf[p]);
    fa_buf_free(&chart); /* zip_close copied it */
    return st;
}
