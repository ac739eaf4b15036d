/* index.c — the batch index: index.html (totals, a chart of the documents by verdict, a
 * table of the documents by title with their verdict, worst first, a benign document
 * in green, a documents × categories matrix, links to each document's reports, and the
 * documents that could not be read with the reason), index.json (the same data,
 * deterministic) and index.csv (one line per document, for a spreadsheet). Made from the documents'
 * summaries (fa_summary: a batch keeps only those), so an index of 10,000 documents costs little.
 * Each file is written atomically. */
#include "avis.h"

#include <jansson.h>
#include "result.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct row {
    const fa_summary *doc;
    const char *name; /* report base name, or NULL */
    size_t pos;       /* position in DOCS, last tie-break */
    long long sev[5];
    bool error;
    int verdict; /* 0 favourable … 3 unfavourable, as the avis says it (gravest finding) */
} row;

/* The verdict of the avis from the gravest finding: critical 3, high 2, medium or low 1,
 * none or info 0 (avis.c's verdict, from a summary). */
static int row_verdict(const row *r)
{
    return r->sev[FA_SEV_CRITICAL]                       ? 3
           : r->sev[FA_SEV_HIGH]                         ? 2
           : r->sev[FA_SEV_MEDIUM] || r->sev[FA_SEV_LOW] ? 1
                                                         : 0;
}

static const char *const verdict_class[4] = {"v0", "v1", "v2", "v3"};

static const char *verdict_short(int v, bool en)
{
    static const char *const fr[4] = {"favorable", "favorable sous réserves", "réservé",
                                      "défavorable"};
    static const char *const enl[4] = {"favourable", "with reservations", "reserved",
                                       "unfavourable"};
    return (en ? enl : fr)[v];
}

/* Worst first: readable before unreadable, then critical, high, medium, low, info
 * (descending), then path. */
static int cmp_row(const void *x, const void *y)
{
    const row *a = x, *b = y;
    if (a->error != b->error)
        return a->error ? 1 : -1;
    for (int s = 4; s >= 0; s--)
        if (a->sev[s] != b->sev[s])
            return a->sev[s] > b->sev[s] ? -1 : 1;
    int c = strcmp(fa_avis_s(a->doc->path), fa_avis_s(b->doc->path));
    if (c)
        return c;
    return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/* Reports that exist next to the index for NAME, as links "html · odt · md...". */
static bool report_exists(const char *dir, const char *name, const char *ext)
{
    fa_buf p = {0};
    bool ok = fa_buf_printf(&p, "%s/%s.%s", dir, name, ext) == FA_OK && access(p.data, F_OK) == 0;
    fa_buf_free(&p);
    return ok;
}

/* A report's base name in an href: every byte outside RFC 3986's unreserved set is
 * percent-encoded, so '#', '%', '?', spaces or quotes in a name cannot break a link
 * (the result needs no further HTML escaping). */
static fa_status url_escape(fa_buf *b, const char *s)
{
    fa_status st = FA_OK;
    for (const unsigned char *p = (const unsigned char *)s; *p && !st; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~", *p))
            st = fa_buf_putc(b, (char)*p);
        else
            st = fa_buf_printf(b, "%%%02X", *p);
    }
    return st;
}

static fa_status write_buf(const char *dir, const char *file, fa_buf *b, fa_error *err)
{
    fa_buf p = {0};
    fa_status st = fa_buf_printf(&p, "%s/%s", dir, file);
    if (st)
        return fa_error_set(err, st, "%s: out of memory", dir);
    st = fa_write_file_atomic(p.data, b->data ? b->data : "", b->len, err);
    fa_buf_free(&p);
    return st;
}

/* CSV cell: quoted when needed; a leading = + - @ is defused so a spreadsheet never
 * runs a formula that came from a file name. */
static fa_status csv_cell(fa_buf *b, const char *s, bool first)
{
    fa_status st = first ? FA_OK : fa_buf_putc(b, ',');
    if (!st && strchr("=+-@\t\r", *s) && *s)
        st = fa_buf_puts(b, "\"'");
    else if (!st && s[strcspn(s, ",\"\r\n")])
        st = fa_buf_putc(b, '"');
    else
        return st ? st : fa_buf_puts(b, s);
    for (const char *p = s; *p && !st; p++)
        st = *p == '"' ? fa_buf_puts(b, "\"\"") : fa_buf_putc(b, *p);
    return st ? st : fa_buf_putc(b, '"');
}

static fa_status index_csv(row *rows, size_t n, fa_buf *b)
{
    fa_status st = fa_buf_puts(b, "path,status,critical,high,medium,low,info");
    for (int c = 0; c < FA_CAT_COUNT && !st; c++)
        st = fa_buf_printf(b, ",%s", fa_category_name((fa_category)c));
    if (!st)
        st = fa_buf_puts(b, ",dpia,error,title,verdict\n");
    for (size_t i = 0; i < n && !st; i++) {
        const fa_summary *d = rows[i].doc;
        char *path = fa_avis_doc_text(d->path);
        if (!path)
            return FA_ERR_NOMEM;
        st = csv_cell(b, path, true);
        free(path);
        if (!st)
            st = csv_cell(b, rows[i].error ? "error" : "ok", false);
        for (int s = 4; s >= 0 && !st; s--)
            st = fa_buf_printf(b, ",%lld", rows[i].sev[s]);
        for (int c = 0; c < FA_CAT_COUNT && !st; c++)
            st = fa_buf_printf(b, ",%lld", (long long)d->counts.category[c]);
        if (!st)
            st = fa_buf_puts(b, d->counts.dpia ? ",yes" : ",no");
        char *msg = NULL;
        if (!st && rows[i].error) {
            fa_buf em = {0};
            st = fa_buf_printf(&em, "%s: %s", fa_status_code(d->status), fa_avis_s(d->error));
            msg = st ? NULL : fa_avis_doc_text(em.data);
            fa_buf_free(&em);
            if (!st && !msg)
                st = FA_ERR_NOMEM;
        }
        if (!st)
            st = csv_cell(b, msg ? msg : "", false);
        free(msg);
        char *title = st ? NULL : fa_avis_doc_text(d->title);
        if (!st && !title)
            st = FA_ERR_NOMEM;
        if (!st)
            st = csv_cell(b, title, false);
        free(title);
        if (!st)
            st = csv_cell(b, rows[i].error ? "" : verdict_short(rows[i].verdict, false), false);
        if (!st)
            st = fa_buf_putc(b, '\n');
    }
    return st;
}

static json_t *index_json(row *rows, size_t n, const fa_report_opts *opts)
{
    json_t *docs = json_array();
    long long tot[5] = {0};
    size_t nerr = 0;
    for (size_t i = 0; docs && i < n; i++) {
        const fa_summary *d = rows[i].doc;
        json_t *o = json_object(), *sev = json_object(), *cats = json_object();
        char *path = fa_avis_doc_text(d->path);
        if (!o || !sev || !cats || !path) {
            json_decref(o), json_decref(sev), json_decref(cats), free(path);
            json_decref(docs);
            return NULL;
        }
        json_object_set_new(o, "path", json_string(path));
        free(path);
        char *title = fa_avis_doc_text(d->title);
        json_object_set_new(o, "title", json_string(title ? title : ""));
        free(title);
        static const char *const vn[4] = {"favourable", "favourable_with_reservations", "reserved",
                                          "unfavourable"};
        json_object_set_new(o, "verdict",
                            rows[i].error ? json_null() : json_string(vn[rows[i].verdict]));
        json_object_set_new(o, "format", json_string(fa_format_name(d->format)));
        json_object_set_new(o, "status", json_string(rows[i].error ? "error" : "ok"));
        json_object_set_new(o, "report", rows[i].name ? json_string(rows[i].name) : json_null());
        for (int s = 4; s >= 0; s--) {
            json_object_set_new(sev, fa_severity_name((fa_severity)s),
                                json_integer(rows[i].sev[s]));
            tot[s] += rows[i].sev[s];
        }
        json_object_set_new(o, "findings", sev);
        for (int c = 0; c < FA_CAT_COUNT; c++)
            if (d->counts.category[c])
                json_object_set_new(cats, fa_category_name((fa_category)c),
                                    json_integer(d->counts.category[c]));
        json_object_set_new(o, "categories", cats);
        json_object_set_new(o, "dpia", json_boolean(d->counts.dpia));
        if (rows[i].error) {
            nerr++;
            char *m = fa_avis_doc_text(d->error);
            json_object_set_new(
                o, "error",
                json_pack("{s:s, s:s}", "code", fa_status_code(d->status), "message", m ? m : ""));
            free(m);
        } else {
            json_object_set_new(o, "error", json_null());
        }
        json_array_append_new(docs, o);
    }
    if (!docs)
        return NULL;
    json_t *totals = json_object();
    json_object_set_new(totals, "documents", json_integer((json_int_t)n));
    long long byv[4] = {0};
    for (size_t i = 0; i < n; i++)
        if (!rows[i].error)
            byv[rows[i].verdict]++;
    json_object_set_new(totals, "unfavourable", json_integer(byv[3]));
    json_object_set_new(totals, "reserved", json_integer(byv[2]));
    json_object_set_new(totals, "favourable_with_reservations", json_integer(byv[1]));
    json_object_set_new(totals, "favourable", json_integer(byv[0]));
    json_object_set_new(totals, "unreadable", json_integer((json_int_t)nerr));
    for (int s = 4; s >= 0; s--)
        json_object_set_new(totals, fa_severity_name((fa_severity)s), json_integer(tot[s]));
    json_t *env = json_object(), *tool = json_object();
    json_object_set_new(tool, "name", json_string("formaudit"));
    json_object_set_new(
        tool, "version",
        json_string(opts && opts->tool_version ? opts->tool_version : fa_version()));
    if (opts && opts->rules_version)
        json_object_set_new(tool, "rules", json_string(opts->rules_version));
    json_object_set_new(env, "tool", tool);
    json_object_set_new(env, "documents", docs);
    json_object_set_new(env, "totals", totals);
    return env;
}

static const char index_css[] =
    "body{font-family:'DejaVu Sans',Arial,sans-serif;margin:1.5em;color:#1a1a1a}\n"
    "table{border-collapse:collapse;font-size:.85em}th,td{border:1px solid #999;padding:.25em "
    ".45em}\n"
    "th{background:#eee;vertical-align:bottom}td.n{text-align:right}td.z{color:#bbb;text-align:"
    "right}\n"
    "td.critical{background:#8b0000;color:#fff;text-align:right;font-weight:bold}\n"
    "td.high{background:#f4b4b0;text-align:right;font-weight:bold}td.medium{background:#fbe2b0;"
    "text-align:right}\n"
    "th.cat{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;font-weight:"
    "normal}\n"
    "tr.v0 td.doc,tr.v1 td.doc{background:#e8f5e9}tr.v0 td.verdict,tr.v1 td.verdict{background:"
    "#2e7d32;color:#fff}\n"
    "tr.v2 td.verdict{background:#e39b17}tr.v3 td.verdict{background:#8b0000;color:#fff}\n"
    "td.verdict{white-space:nowrap;font-weight:bold}small.path{color:#666}\n"
    "svg text{font-size:13px;fill:#222}.totals{font-size:1.05em}\n"
    "a{color:#1a4f8b}@media print{a{color:#000;text-decoration:none}tr{break-inside:avoid}}\n";

/* Totals and the chart of the documents by verdict (bars coloured as the table). */
static fa_status index_totals(row *rows, size_t n, bool en, fa_buf *b)
{
    long long byv[4] = {0}, sev[5] = {0};
    size_t nerr = 0;
    for (size_t i = 0; i < n; i++) {
        if (rows[i].error) {
            nerr++;
            continue;
        }
        byv[rows[i].verdict]++;
        for (int s = 0; s < 5; s++)
            sev[s] += rows[i].sev[s];
    }
    fa_status st = fa_buf_printf(
        b,
        en ? "<p class=\"totals\"><strong>%zu document%s</strong>, %zu unreadable%s; findings: "
             "%lld critical, %lld high, %lld medium, %lld low, %lld info. Worst documents "
             "first.</p>\n"
           : "<p class=\"totals\"><strong>%zu document%s</strong>, dont %zu illisible%s ; "
             "constats : %lld critiques, %lld élevés, %lld moyens, %lld faibles, %lld info. Les "
             "documents les plus problématiques d'abord.</p>\n",
        n, (en ? n == 1 : n <= 1) ? "" : "s", nerr, en ? "" : (nerr <= 1 ? "" : "s"), sev[4],
        sev[3], sev[2], sev[1], sev[0]);
    static const char *const fill[4] = {"#2e7d32", "#7cb342", "#e39b17", "#8b0000"};
    long long max = 1;
    for (int v = 0; v < 4; v++)
        max = byv[v] > max ? byv[v] : max;
    if (!st)
        st = fa_buf_printf(b,
                           "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
                           "viewBox=\"0 0 620 112\" width=\"620\"><title>%s</title>\n",
                           en ? "Documents by verdict" : "Documents par avis");
    for (int v = 3, r = 0; v >= 0 && !st; v--, r++) {
        long long w = byv[v] * 360 / max;
        st = fa_buf_printf(b,
                           "<text x=\"200\" y=\"%d\" text-anchor=\"end\">%s</text><rect "
                           "class=\"%s\" x=\"210\" y=\"%d\" width=\"%lld\" height=\"18\" "
                           "fill=\"%s\"/><text x=\"%lld\" y=\"%d\">%lld</text>\n",
                           r * 27 + 18, verdict_short(v, en), verdict_class[v], r * 27 + 4,
                           w < 2 && byv[v] ? 2 : w, fill[v], 216 + w, r * 27 + 18, byv[v]);
    }
    return st ? st : fa_buf_puts(b, "</svg></figure>\n");
}

/* One document's row: its verdict, title (path under it), reports, counts. */
static fa_status index_row(const row *r, const char *dir, const bool *used, bool en, fa_buf *b)
{
    static const char *const exts[] = {"html", "odt", "md", "txt", "json"};
    const fa_summary *d = r->doc;
    char *path = fa_avis_doc_text(d->path), *title = fa_avis_doc_text(d->title);
    if (!path || !title) {
        free(path);
        free(title);
        return FA_ERR_NOMEM;
    }
    fa_status st =
        fa_buf_printf(b, "<tr class=\"%s\"><td class=\"verdict\">%s</td><td class=\"doc\">",
                      verdict_class[r->verdict], verdict_short(r->verdict, en));
    if (!st && *title) {
        st = fa_buf_puts(b, "<strong>");
        if (!st)
            st = fa_html_escape(b, title);
        if (!st)
            st = fa_buf_puts(b, "</strong><br><small class=\"path\">");
    }
    if (!st)
        st = fa_html_escape(b, path);
    if (!st)
        st = fa_buf_puts(b, *title ? "</small></td><td>" : "</td><td>");
    free(path);
    free(title);
    bool any = false;
    for (size_t e = 0; e < sizeof exts / sizeof exts[0] && !st && r->name; e++) {
        if (!report_exists(dir, r->name, exts[e]))
            continue;
        st = fa_buf_printf(b, "%s<a href=\"", any ? " · " : "");
        if (!st)
            st = url_escape(b, r->name);
        if (!st)
            st = fa_buf_printf(b, ".%s\">%s</a>", exts[e], exts[e]);
        any = true;
    }
    if (!st)
        st = fa_buf_puts(b, "</td>");
    for (int s = 4; s >= 0 && !st; s--)
        st = fa_buf_printf(b, "<td class=\"%s\">%lld</td>",
                           r->sev[s] ? (s >= 2 ? fa_severity_name((fa_severity)s) : "n") : "z",
                           r->sev[s]);
    for (int c = 0; c < FA_CAT_COUNT && !st; c++) {
        if (!used[c])
            continue;
        long long k = d->counts.category[c];
        st = k ? fa_buf_printf(b, "<td class=\"n\">%lld</td>", k)
               : fa_buf_puts(b, "<td class=\"z\">·</td>");
    }
    return st ? st
              : fa_buf_printf(b, "<td>%s</td></tr>\n", d->counts.dpia ? (en ? "yes" : "oui") : "");
}

static fa_status index_unreadable(row *rows, size_t n, const char *dir, bool en, fa_buf *b)
{
    fa_status st = fa_buf_printf(b, "<h2>%s</h2>\n<ul>\n",
                                 en ? "Documents that could not be read" : "Documents illisibles");
    for (size_t i = 0; i < n && !st; i++) {
        if (!rows[i].error)
            continue;
        const fa_summary *d = rows[i].doc;
        char *path = fa_avis_doc_text(d->path);
        char *msg = fa_avis_doc_text(d->error);
        if (!path || !msg) {
            free(path);
            free(msg);
            return FA_ERR_NOMEM;
        }
        st = fa_buf_puts(b, "<li>");
        if (!st)
            st = fa_html_escape(b, path);
        if (!st)
            st = fa_buf_puts(b, " — <code>");
        if (!st)
            st = fa_html_escape(b, fa_status_code(d->status));
        if (!st)
            st = fa_buf_puts(b, "</code> ");
        if (!st)
            st = fa_html_escape(b, msg);
        if (!st && rows[i].name && report_exists(dir, rows[i].name, "html")) {
            st = fa_buf_puts(b, " (<a href=\"");
            if (!st)
                st = url_escape(b, rows[i].name);
            if (!st)
                st = fa_buf_printf(b, ".html\">%s</a>)", en ? "report" : "rapport");
        }
        if (!st)
            st = fa_buf_puts(b, "</li>\n");
        free(path);
        free(msg);
    }
    return st ? st : fa_buf_puts(b, "</ul>\n");
}

static fa_status index_html(row *rows, size_t n, const char *dir, const fa_report_opts *opts,
                            fa_buf *b)
{
    bool en = fa_avis_en(opts);
    /* Category columns: only those some document collects, in the contract's order. */
    bool used[FA_CAT_COUNT] = {false};
    for (size_t i = 0; i < n; i++)
        for (int c = 0; c < FA_CAT_COUNT; c++)
            used[c] |= rows[i].doc->counts.category[c] > 0;
    char date[16];
    const char *title = en ? "Index of technical opinions" : "Index des avis techniques";
    fa_status st = fa_buf_printf(
        b,
        "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<title>%s</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>%s</h1>\n<p>%s %s — "
        "formaudit %s</p>\n",
        en ? "en" : "fr", title, index_css, title, en ? "Generated on" : "Établi le",
        fa_avis_date(opts, date), opts && opts->tool_version ? opts->tool_version : fa_version());
    if (!st)
        st = index_totals(rows, n, en, b);
    if (!st)
        st = fa_buf_printf(b, "<table>\n<thead><tr><th>%s</th><th>%s</th><th>%s</th>",
                           en ? "Verdict" : "Avis", en ? "Document" : "Document",
                           en ? "Reports" : "Rapports");
    for (int s = 4; s >= 0 && !st; s--)
        st = fa_buf_printf(b, "<th>%s</th>", fa_avis_severity_label(s, en));
    for (int c = 0; c < FA_CAT_COUNT && !st; c++) {
        if (!used[c])
            continue;
        st = fa_buf_puts(b, "<th class=\"cat\">");
        if (!st)
            st = fa_html_escape(b, fa_category_label((fa_category)c, en ? "en" : "fr"));
        if (!st)
            st = fa_buf_puts(b, "</th>");
    }
    if (!st)
        st = fa_buf_printf(b, "<th>%s</th></tr></thead>\n<tbody>\n", en ? "DPIA" : "AIPD");
    size_t nerr = 0;
    for (size_t i = 0; i < n && !st; i++) {
        nerr += rows[i].error;
        if (!rows[i].error)
            st = index_row(&rows[i], dir, used, en, b);
    }
    if (!st)
        st = fa_buf_puts(b, "</tbody>\n</table>\n");
    if (!st && nerr)
        st = index_unreadable(rows, n, dir, en, b);
    return st ? st : fa_buf_puts(b, "</body>\n</html>\n");
}

fa_status fa_index_write(const fa_summary *docs, size_t n, const fa_report_opts *opts,
                         const char *dir, fa_error *err)
{
    if ((!docs && n) || !dir)
        return fa_error_set(err, FA_ERR_USAGE, "index: no documents or no directory");
    row *rows = calloc(n ? n : 1, sizeof *rows);
    if (!rows)
        return fa_error_set(err, FA_ERR_NOMEM, "%s: index: out of memory", dir);
    for (size_t i = 0; i < n; i++) {
        const fa_summary *d = &docs[i];
        rows[i].doc = d;
        rows[i].name = d->report;
        rows[i].pos = i;
        rows[i].error = d->status != FA_OK;
        for (int s = 0; s < FA_SEV_COUNT; s++)
            rows[i].sev[s] = d->counts.severity[s];
        rows[i].verdict = row_verdict(&rows[i]);
    }
    qsort(rows, n, sizeof *rows, cmp_row);

    fa_status st = FA_OK;
    fa_buf b = {0};
    st = index_html(rows, n, dir, opts, &b);
    if (!st)
        st = write_buf(dir, "index.html", &b, err);
    else
        fa_error_set(err, st, "%s: index.html: %s", dir, fa_strerror(st));
    if (!st) {
        json_t *j = index_json(rows, n, opts);
        char *s = j ? json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
        json_decref(j);
        fa_buf_reset(&b);
        st = s ? fa_buf_puts(&b, s) : FA_ERR_NOMEM;
        if (!st)
            st = fa_buf_putc(&b, '\n');
        free(s);
        if (!st)
            st = write_buf(dir, "index.json", &b, err);
        else
            fa_error_set(err, st, "%s: index.json: %s", dir, fa_strerror(st));
    }
    if (!st) {
        fa_buf_reset(&b);
        st = index_csv(rows, n, &b);
        if (!st)
            st = write_buf(dir, "index.csv", &b, err);
        else
            fa_error_set(err, st, "%s: index.csv: %s", dir, fa_strerror(st));
    }
    fa_buf_free(&b);
    free(rows);
    return st;
}
