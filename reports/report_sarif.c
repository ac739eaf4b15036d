/* report_sarif.c — the findings of a result as a SARIF 2.1.0 log (OASIS), so that code
 * review tools, IDE viewers and dashboards that read static-analysis results show them:
 * one run of formaudit whose tool.driver describes every rule of the loaded packs and of
 * the notice analysis, and one result per finding.
 *
 * A form is not source code, and the mapping says so plainly:
 *  - level from the severity: critical and high -> error, medium -> warning, low and
 *    info -> note;
 *  - the location is the document (its path as a URI reference). The schema wants a
 *    region to give a line or an offset; a plain-text form has lines, so its results
 *    carry the line and a snippet of the quoted text; DOCX, ODT, PDF and HTML have no
 *    line a viewer could open, so their results carry no region rather than a made-up
 *    one: the quote, page and table cell are in the location's message and in the
 *    result's properties (page, field, category, section, quote, legal basis,
 *    recommendation);
 *  - the logical location is the field within its section ("3. Capacités > Label");
 *  - document-level findings (notice, sharing, retention, consent, DPIA) point at the
 *    document, with their quote when they have one;
 *  - partialFingerprints hash the rule, the quote and the field's label, not a line, so
 *    a result keeps its identity when the form is edited elsewhere.
 *
 * The log is written in parts (formaudit_report.h) so that a batch on one stream is one
 * run with every result, written as each document ends; one document's log is the same
 * three parts. Unreadable documents become error notifications of the invocation. */
#include "interop.h"
#include "jsonw.h"

#include <stdlib.h>
#include <string.h>

#define SARIF_SCHEMA                                                                               \
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

/* Depth of the run's members in the log (log 0, "runs" 1, the run 2, its values 3). */
#define RUN_VALUE_DEPTH 3

/* ---------------------------------------------------------------- JSON helpers */

static void key(fa_jw *w, const char *k)
{
    if (k)
        fa_jw_key_lit(w, k, strlen(k));
    else
        fa_jw_item(w);
}

static void str(fa_jw *w, const char *k, const char *s)
{
    key(w, k);
    s = s ? s : "";
    fa_jw_str(w, s, strlen(s));
}

static void num(fa_jw *w, const char *k, long long v)
{
    key(w, k);
    fa_jw_int(w, v);
}

/* {"text": S} */
static void message(fa_jw *w, const char *k, const char *s)
{
    key(w, k);
    fa_jw_open(w, '{');
    str(w, "text", s);
    fa_jw_close(w, '}');
}

static const char *level_of(int sev)
{
    return sev >= FA_SEV_HIGH ? "error" : sev == FA_SEV_MEDIUM ? "warning" : "note";
}

/* ---------------------------------------------------------------- the driver's rules */

enum { SRC_PACK = 0, SRC_BUILTIN, SRC_FINDING };

typedef struct rule_ref {
    const char *id;
    int src;    /* SRC_* */
    size_t idx; /* rule index in the set, builtin index, or finding index */
} rule_ref;

/* The rules tool.driver lists, in ruleIndex order: the packs' (fa_rules_get order),
 * then the notice analysis's, then (for one document's log without a rule set) those
 * only its findings name. Results are numbered against the same list. */
typedef struct driver_rules {
    rule_ref *v;
    size_t n, alloc;
} driver_rules;

static long rule_index(const driver_rules *dr, const char *id)
{
    for (size_t i = 0; id && i < dr->n; i++)
        if (!strcmp(dr->v[i].id, id))
            return (long)i;
    return -1;
}

static fa_status rule_add(driver_rules *dr, const char *id, int src, size_t idx)
{
    if (!id || rule_index(dr, id) >= 0)
        return FA_OK;
    if (dr->n == dr->alloc) {
        size_t na = dr->alloc ? dr->alloc * 2 : 64;
        rule_ref *p = realloc(dr->v, na * sizeof *p);
        if (!p)
            return FA_ERR_NOMEM;
        dr->v = p;
        dr->alloc = na;
    }
    dr->v[dr->n++] = (rule_ref){id, src, idx};
    return FA_OK;
}

static fa_status driver_rules_make(driver_rules *dr, const fa_report_opts *opts,
                                   const fa_result *res)
{
    memset(dr, 0, sizeof *dr);
    const fa_rules *rules = opts ? opts->rules : NULL;
    fa_status st = FA_OK;
    for (size_t i = 0; !st && i < fa_rules_count(rules); i++) {
        fa_rule_info ri;
        if (fa_rules_get(rules, i, "fr", &ri) == FA_OK)
            st = rule_add(dr, ri.id, SRC_PACK, i);
    }
    for (size_t i = 0; !st && i < fa_n_builtin_rules; i++)
        st = rule_add(dr, fa_builtin_rules[i].id, SRC_BUILTIN, i);
    for (size_t i = 0; !st && !rules && res && i < res->n_findings; i++)
        st = rule_add(dr, res->findings[i].rule, SRC_FINDING, i);
    return st;
}

/* "Recommandation : ...\nBase légale : a ; b" */
static fa_status help_text(fa_buf *b, const char *rec, const char *const *legal, size_t n_legal,
                           bool en)
{
    fa_status st = FA_OK;
    if (rec && *rec)
        st = fa_buf_printf(b, "%s%s\n", en ? "Recommendation: " : "Recommandation : ", rec);
    if (!st && n_legal)
        st = fa_buf_puts(b, en ? "Legal basis: " : "Base légale : ");
    for (size_t i = 0; !st && i < n_legal; i++)
        st = fa_buf_printf(b, "%s%s", i ? " ; " : "", legal[i]);
    while (!st && b->len && b->data[b->len - 1] == '\n')
        b->data[--b->len] = '\0';
    return st;
}

typedef struct rule_text {
    const char *id, *category, *msg, *rec, *pack;
    int severity;
    bool reports;
    const char *legal[8];
    size_t n_legal;
} rule_text;

/* What the descriptor of R says, in the report's language. */
static void rule_text_of(const rule_ref *r, const fa_report_opts *opts, const fa_result *res,
                         bool en, rule_text *t, char *pack_buf, size_t pack_cap)
{
    memset(t, 0, sizeof *t);
    t->id = r->id;
    t->reports = true;
    if (r->src == SRC_PACK) {
        fa_rule_info ri;
        if (fa_rules_get(opts->rules, r->idx, en ? "en" : "fr", &ri) != FA_OK)
            return;
        t->category = ri.category;
        t->severity = ri.severity;
        t->reports = ri.reports;
        t->msg = ri.message;
        t->rec = ri.recommendation;
        for (size_t i = 0; i < ri.n_legal && t->n_legal < 8; i++)
            t->legal[t->n_legal++] = ri.legal_basis[i];
        snprintf(pack_buf, pack_cap, "%s %s", ri.pack ? ri.pack : "",
                 ri.pack_version ? ri.pack_version : "");
        t->pack = pack_buf;
    } else if (r->src == SRC_BUILTIN) {
        const fa_builtin_rule *b = &fa_builtin_rules[r->idx];
        t->category = b->kind;
        t->severity = (int)b->severity;
        t->msg = en ? b->en : b->fr;
        t->rec = en ? b->rec_en : b->rec_fr;
        /* "a; b; c" split into its parts, kept in pack_buf */
        snprintf(pack_buf, pack_cap, "%s", b->legal);
        for (char *p = pack_buf; p && *p && t->n_legal < 8;) {
            t->legal[t->n_legal++] = p;
            p = strstr(p, "; ");
            if (p) {
                *p = '\0';
                p += 2;
            }
        }
        t->pack = NULL;
    } else {
        const fa_finding *f = &res->findings[r->idx];
        t->category = f->category;
        t->severity = (int)f->severity;
        t->msg = f->message;
        t->rec = f->recommendation;
        for (size_t i = 0; i < f->legal_basis.n && t->n_legal < 8; i++)
            t->legal[t->n_legal++] = f->legal_basis.v[i];
    }
}

static void descriptor(fa_jw *w, const rule_text *t, bool en, fa_buf *scratch)
{
    fa_jw_item(w);
    fa_jw_open(w, '{');
    str(w, "id", t->id);
    message(w, "shortDescription", t->msg && *t->msg ? t->msg : t->id);
    fa_buf_reset(scratch);
    if (help_text(scratch, t->rec, t->legal, t->n_legal, en) != FA_OK)
        w->st = w->st ? w->st : FA_ERR_NOMEM;
    message(w, "help", scratch->data ? scratch->data : "");
    key(w, "defaultConfiguration");
    fa_jw_open(w, '{');
    str(w, "level", level_of(t->severity));
    if (!t->reports) { /* classifies fields, never reports */
        key(w, "enabled");
        fa_jw_lit(w, "false", 5);
    }
    fa_jw_close(w, '}');
    key(w, "properties");
    fa_jw_open(w, '{');
    str(w, "category", t->category);
    str(w, "severity", fa_severity_name((fa_severity)t->severity));
    key(w, "legal_basis");
    fa_jw_open(w, '[');
    for (size_t i = 0; i < t->n_legal; i++)
        str(w, NULL, t->legal[i]);
    fa_jw_close(w, ']');
    if (t->pack)
        str(w, "pack", t->pack);
    key(w, "tags");
    fa_jw_open(w, '[');
    str(w, NULL, "privacy");
    if (t->category && strcmp(t->category, "privacy"))
        str(w, NULL, t->category);
    fa_jw_close(w, ']');
    fa_jw_close(w, '}');
    fa_jw_close(w, '}');
}

/* The "tool" object, at the depth of a run's value. */
static fa_status tool(fa_buf *out, const fa_report_opts *opts, const driver_rules *dr,
                      const fa_result *res)
{
    bool en = fa_avis_en(opts);
    const char *version = opts && opts->tool_version ? opts->tool_version : fa_version();
    fa_buf scratch = {0};
    fa_jw w;
    fa_jw_begin(&w, out, 2, RUN_VALUE_DEPTH);
    fa_jw_open(&w, '{');
    key(&w, "driver");
    fa_jw_open(&w, '{');
    str(&w, "name", "formaudit");
    str(&w, "version", version);
    str(&w, "semanticVersion", version);
    str(&w, "language", en ? "en-US" : "fr-FR");
    if (opts && opts->rules_version &&
        fa_json_utf8_valid(opts->rules_version, strlen(opts->rules_version))) {
        key(&w, "properties");
        fa_jw_open(&w, '{');
        str(&w, "rules_version", opts->rules_version);
        fa_jw_close(&w, '}');
    }
    key(&w, "rules");
    fa_jw_open(&w, '[');
    for (size_t i = 0; i < dr->n && !w.st; i++) {
        rule_text t;
        char buf[512];
        rule_text_of(&dr->v[i], opts, res, en, &t, buf, sizeof buf);
        descriptor(&w, &t, en, &scratch);
    }
    fa_jw_close(&w, ']');
    fa_jw_close(&w, '}');
    fa_jw_close(&w, '}');
    fa_buf_free(&scratch);
    return fa_jw_end(&w);
}

static fa_status head(const fa_report_opts *opts, const driver_rules *dr, const fa_result *res,
                      fa_buf *out)
{
    fa_status st = fa_buf_puts(out, "{\n  \"$schema\": \"" SARIF_SCHEMA "\",\n"
                                    "  \"version\": \"2.1.0\",\n"
                                    "  \"runs\": [\n"
                                    "    {\n"
                                    "      \"tool\": ");
    if (!st)
        st = tool(out, opts, dr, res);
    return st ? st : fa_buf_puts(out, ",\n      \"results\": [");
}

/* ---------------------------------------------------------------- results */

/* 64-bit FNV-1a of the NUL-separated parts, in hex. */
static void fingerprint(const char *const *parts, size_t n, char hex[17])
{
    unsigned long long h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) {
        for (const unsigned char *p = (const unsigned char *)(parts[i] ? parts[i] : ""); *p; p++)
            h = (h ^ *p) * 0x100000001b3ULL;
        h = (h ^ 0xff) * 0x100000001b3ULL;
    }
    snprintf(hex, 17, "%016llx", h);
}

typedef struct res_ctx {
    const fa_result *res;
    const driver_rules *dr;
    const char *uri;
    bool en;
    fa_buf scratch;
} res_ctx;

static void location(fa_jw *w, res_ctx *c, const fa_finding *f, const fa_field *fld)
{
    const char *quote = f->quote && *f->quote ? f->quote : NULL;
    int line = c->res->format == FA_FMT_TXT ? f->loc.line : 0;
    if (line <= 0 && fld && c->res->format == FA_FMT_TXT)
        line = fld->loc.line;
    key(w, NULL);
    fa_jw_open(w, '{');
    key(w, "physicalLocation");
    fa_jw_open(w, '{');
    key(w, "artifactLocation");
    fa_jw_open(w, '{');
    str(w, "uri", c->uri);
    fa_jw_close(w, '}');
    if (line > 0) {
        key(w, "region");
        fa_jw_open(w, '{');
        num(w, "startLine", line);
        if (quote || (fld && fld->label))
            message(w, "snippet", quote ? quote : fld->label);
        fa_jw_close(w, '}');
    }
    fa_jw_close(w, '}');
    if (fld) {
        key(w, "logicalLocations");
        fa_jw_open(w, '[');
        key(w, NULL);
        fa_jw_open(w, '{');
        const char *label = fld->label && *fld->label ? fld->label : fld->id;
        str(w, "name", label);
        fa_buf_reset(&c->scratch);
        if (fld->section && *fld->section &&
            fa_buf_printf(&c->scratch, "%s > %s", fld->section, label) != FA_OK)
            w->st = w->st ? w->st : FA_ERR_NOMEM;
        str(w, "fullyQualifiedName", c->scratch.len ? c->scratch.data : label);
        str(w, "kind", "element");
        fa_jw_close(w, '}');
        fa_jw_close(w, ']');
    }
    /* where a person finds it: the quote and the page, table and row */
    fa_buf_reset(&c->scratch);
    fa_status st = FA_OK;
    if (quote)
        st = fa_buf_printf(&c->scratch, c->en ? "\xe2\x80\x9c%s\xe2\x80\x9d" : "« %s »", quote);
    fa_buf where = {0};
    if (!st)
        st = fa_avis_location(&where, &f->loc, c->en);
    if (!st && where.len)
        st = fa_buf_printf(&c->scratch, "%s%s", c->scratch.len ? " — " : "", where.data);
    fa_buf_free(&where);
    if (st)
        w->st = w->st ? w->st : st;
    if (c->scratch.len)
        message(w, "message", c->scratch.data);
    fa_jw_close(w, '}');
}

static void properties(fa_jw *w, const fa_finding *f, const fa_field *fld)
{
    key(w, "properties");
    fa_jw_open(w, '{');
    str(w, "severity", fa_severity_name(f->severity));
    str(w, "category", f->category);
    if (fld)
        str(w, "field", fld->id);
    if (fld && fld->section && *fld->section)
        str(w, "section", fld->section);
    const fa_loc *l = &f->loc;
    static const char *const names[] = {"page", "paragraph", "table", "row", "cell"};
    const int vals[] = {l->page, l->paragraph, l->table, l->row, l->cell};
    for (size_t i = 0; i < 5; i++)
        if (vals[i] > 0)
            num(w, names[i], vals[i]);
    if (f->quote && *f->quote)
        str(w, "quote", f->quote);
    key(w, "legal_basis");
    fa_jw_open(w, '[');
    for (size_t i = 0; i < f->legal_basis.n; i++)
        str(w, NULL, f->legal_basis.v[i]);
    fa_jw_close(w, ']');
    if (f->recommendation && *f->recommendation)
        str(w, "recommendation", f->recommendation);
    if (f->scope)
        str(w, "scope", f->scope);
    if (f->note)
        str(w, "note", f->note);
    fa_jw_close(w, '}');
}

static void result(fa_jw *w, res_ctx *c, const fa_finding *f)
{
    const fa_result *res = c->res;
    const fa_field *fld =
        f->field >= 0 && (size_t)f->field < res->n_fields ? &res->fields[f->field] : NULL;
    fa_jw_item(w);
    fa_jw_open(w, '{');
    str(w, "ruleId", f->rule);
    long ri = rule_index(c->dr, f->rule);
    if (ri >= 0)
        num(w, "ruleIndex", ri);
    str(w, "level", level_of(f->severity));
    fa_buf_reset(&c->scratch);
    const char *msg = f->message && *f->message ? f->message : f->rule ? f->rule : "";
    fa_status st = fa_buf_puts(&c->scratch, msg);
    if (!st && f->quote && *f->quote)
        st = fa_buf_printf(&c->scratch,
                           c->en ? " \xe2\x80\x94 \xe2\x80\x9c%s\xe2\x80\x9d" : " — « %s »",
                           f->quote);
    if (st)
        w->st = w->st ? w->st : st;
    message(w, "message", c->scratch.data ? c->scratch.data : "");
    key(w, "locations");
    fa_jw_open(w, '[');
    location(w, c, f, fld);
    fa_jw_close(w, ']');
    key(w, "partialFingerprints");
    fa_jw_open(w, '{');
    char hex[17];
    const char *parts[] = {f->rule, f->quote, fld ? fld->label : NULL};
    fingerprint(parts, 3, hex);
    str(w, "formauditQuoteHash/v1", hex);
    fa_jw_close(w, '}');
    properties(w, f, fld);
    fa_jw_close(w, '}');
}

/* The results of RES with the driver's numbering DR (see fa_report_sarif_results). */
static fa_status results(const fa_result *res, const fa_report_opts *opts, const driver_rules *dr,
                         fa_buf *out)
{
    if (res->status != FA_OK || !res->n_findings)
        return FA_OK;
    res_ctx c = {.res = res, .dr = dr, .en = fa_avis_en(opts)};
    fa_buf uri = {0}, arr = {0};
    fa_status st = fa_uri_from_path(&uri, res->path);
    c.uri = uri.data ? uri.data : "";
    fa_jw w;
    fa_jw_begin(&w, &arr, 2, RUN_VALUE_DEPTH);
    fa_jw_open(&w, '[');
    for (size_t i = 0; !st && !w.st && i < res->n_findings; i++)
        result(&w, &c, &res->findings[i]);
    fa_jw_close(&w, ']');
    fa_status jst = fa_jw_end(&w);
    st = st ? st : jst;
    /* "[" + items + "\n      ]": the items are the part */
    const char *close = "\n      ]";
    size_t cl = strlen(close);
    if (!st && (arr.len < 1 + cl || strcmp(arr.data + arr.len - cl, close)))
        st = FA_ERR_INTERNAL;
    if (!st)
        st = fa_buf_append(out, arr.data + 1, arr.len - 1 - cl);
    fa_buf_free(&arr);
    fa_buf_free(&uri);
    fa_buf_free(&c.scratch);
    return st;
}

/* ---------------------------------------------------------------- public */

fa_status fa_report_sarif_head(const fa_report_opts *opts, fa_buf *out)
{
    driver_rules dr;
    fa_status st = driver_rules_make(&dr, opts, NULL);
    if (!st)
        st = head(opts, &dr, NULL, out);
    free(dr.v);
    return st;
}

fa_status fa_report_sarif_results(const fa_result *res, const fa_report_opts *opts, fa_buf *out)
{
    if (!res || !out)
        return FA_ERR_USAGE;
    driver_rules dr;
    fa_status st = driver_rules_make(&dr, opts, NULL);
    if (!st)
        st = results(res, opts, &dr, out);
    free(dr.v);
    return st;
}

static void notification(fa_jw *w, const fa_summary *s)
{
    fa_jw_item(w);
    fa_jw_open(w, '{');
    str(w, "level", "error");
    fa_buf uri = {0};
    fa_buf msg = {0};
    if (fa_uri_from_path(&uri, s->path) != FA_OK ||
        fa_buf_printf(&msg, "%s: %s",
                      s->path && fa_json_utf8_valid(s->path, strlen(s->path)) ? s->path : uri.data,
                      s->error && *s->error ? s->error : fa_strerror(s->status)) != FA_OK)
        w->st = w->st ? w->st : FA_ERR_NOMEM;
    /* the message comes from a reader or the system: keep it only when it is UTF-8 */
    bool ok = msg.data && fa_json_utf8_valid(msg.data, msg.len);
    message(w, "message", ok ? msg.data : fa_strerror(s->status));
    key(w, "locations");
    fa_jw_open(w, '[');
    key(w, NULL);
    fa_jw_open(w, '{');
    key(w, "physicalLocation");
    fa_jw_open(w, '{');
    key(w, "artifactLocation");
    fa_jw_open(w, '{');
    str(w, "uri", uri.data ? uri.data : "");
    fa_jw_close(w, '}');
    fa_jw_close(w, '}');
    fa_jw_close(w, '}');
    fa_jw_close(w, ']');
    key(w, "descriptor");
    fa_jw_open(w, '{');
    str(w, "id", fa_status_code(s->status));
    fa_jw_close(w, '}');
    fa_jw_close(w, '}');
    fa_buf_free(&uri);
    fa_buf_free(&msg);
}

fa_status fa_report_sarif_tail(bool any_results, const fa_summary *docs, size_t n, fa_buf *out)
{
    fa_status st = fa_buf_puts(out, any_results ? "\n      ],\n      \"invocations\": "
                                                : "],\n      \"invocations\": ");
    fa_jw w;
    fa_jw_begin(&w, out, 2, RUN_VALUE_DEPTH);
    fa_jw_open(&w, '[');
    fa_jw_item(&w);
    fa_jw_open(&w, '{');
    key(&w, "executionSuccessful");
    fa_jw_lit(&w, "true", 4);
    key(&w, "toolExecutionNotifications");
    fa_jw_open(&w, '[');
    for (size_t i = 0; i < n && !w.st; i++)
        if (docs[i].status != FA_OK && !docs[i].dropped)
            notification(&w, &docs[i]);
    fa_jw_close(&w, ']');
    fa_jw_close(&w, '}');
    fa_jw_close(&w, ']');
    fa_status jst = fa_jw_end(&w);
    st = st ? st : jst;
    return st ? st : fa_buf_puts(out, "\n    }\n  ]\n}\n");
}

fa_status fa_render_sarif(const fa_result *res, const fa_report_opts *opts, fa_buf *out)
{
    driver_rules dr;
    fa_status st = driver_rules_make(&dr, opts, res);
    size_t before = out->len;
    if (!st)
        st = head(opts, &dr, res, out);
    size_t mark = out->len;
    if (!st)
        st = results(res, opts, &dr, out);
    bool any = out->len > mark;
    fa_summary s;
    if (!st)
        st = fa_summary_of(res, &s);
    if (!st) {
        st = fa_report_sarif_tail(any, &s, 1, out);
        fa_summary_clear(&s);
    }
    free(dr.v);
    if (st && out->data) { /* nothing half-written */
        out->len = before;
        out->data[before] = '\0';
    }
    return st;
}
