/* report_json.c — the JSON form of a result, both ways: the only JSON writer of
 * documents (the document object of CONTRACT.md §2 with formaudit's keys, described in
 * docs/report-json.md; the JSON Lines form; the summary lines of the batch index) and
 * its reader (fa_result_from_json: `formaudit merge` rebuilds results from JSON Lines
 * shards, so every other report of a document is rendered from the same result
 * whether it was audited here or on another machine).
 *
 * The writer streams through fa_jw (jsonw.c): the bytes jansson's json_dumps prints
 * with JSON_INDENT(2) | JSON_PRESERVE_ORDER (or compact for JSON Lines), key order
 * fixed, so output is byte-identical across runs and machines. Strings of a sealed
 * result are valid UTF-8 and masked already. */
#include "avis.h"
#include "fa_limits.h"
#include "jsonw.h"
#include "result.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* ================================================================ writer */

static void key(fa_jw *w, const char *k)
{
    if (k)
        fa_jw_key_lit(w, k, strlen(k));
    else
        fa_jw_item(w);
}

static void lit(fa_jw *w, const char *k, const char *v)
{
    key(w, k);
    fa_jw_lit(w, v, strlen(v));
}

static void num(fa_jw *w, const char *k, long long v)
{
    key(w, k);
    fa_jw_int(w, v);
}

/* A string of a sealed result or of the tool: NULL -> null. */
static void str(fa_jw *w, const char *k, const char *s)
{
    if (!s) {
        lit(w, k, "null");
        return;
    }
    key(w, k);
    fa_jw_str(w, s, strlen(s));
}

/* A string that may not be valid UTF-8 (a path as given): left out then, as jansson's
 * json_string refused it. */
static void str_checked(fa_jw *w, const char *k, const char *s)
{
    if (s && fa_json_utf8_valid(s, strlen(s)))
        str(w, k, s);
}

static void strvec(fa_jw *w, const char *k, const fa_strvec *v)
{
    key(w, k);
    fa_jw_open(w, '[');
    for (size_t i = 0; i < v->n; i++)
        str(w, NULL, v->v[i]);
    fa_jw_close(w, ']');
}

static void cats(fa_jw *w, const char *k, fa_catset set)
{
    key(w, k);
    fa_jw_open(w, '[');
    for (int i = 0; set && i < FA_CAT_COUNT; i++)
        if (set & FA_CAT_BIT(i))
            str(w, NULL, fa_category_name((fa_category)i));
    fa_jw_close(w, ']');
}

static void loc(fa_jw *w, const char *k, const fa_loc *l)
{
    key(w, k);
    fa_jw_open(w, '{');
    num(w, "page", l->page);
    num(w, "paragraph", l->paragraph);
    num(w, "table", l->table);
    num(w, "row", l->row);
    num(w, "cell", l->cell);
    str(w, "part", l->part);
    fa_jw_close(w, '}');
}

static void field(fa_jw *w, const fa_field *f)
{
    fa_jw_item(w);
    fa_jw_open(w, '{');
    str(w, "id", f->id);
    str(w, "label", f->label ? f->label : "");
    str(w, "kind", fa_field_kind_name(f->kind));
    strvec(w, "options", &f->options);
    str(w, "section", f->section ? f->section : "");
    loc(w, "location", &f->loc);
    cats(w, "categories", f->categories);
    str(w, "method", fa_field_method_name(f->method));
    lit(w, "label_from_name", f->label_from_name ? "true" : "false");
    str(w, "value", f->value);
    fa_jw_close(w, '}');
}

static void finding(fa_jw *w, const fa_result *res, const fa_finding *f)
{
    fa_jw_item(w);
    fa_jw_open(w, '{');
    str(w, "rule", f->rule ? f->rule : "");
    str(w, "category", f->category ? f->category : "");
    str(w, "severity", fa_severity_name(f->severity));
    str(w, "field",
        f->field >= 0 && (size_t)f->field < res->n_fields ? res->fields[f->field].id : NULL);
    str(w, "quote", f->quote ? f->quote : "");
    str(w, "message", f->message ? f->message : "");
    strvec(w, "legal_basis", &f->legal_basis);
    str(w, "recommendation", f->recommendation ? f->recommendation : "");
    str(w, "scope", f->scope ? f->scope : "document");
    str(w, "pattern", f->pattern);
    str(w, "matched", f->matched);
    loc(w, "location", &f->loc);
    str(w, "note", f->note);
    str(w, "prescribed", f->prescribed);
    fa_jw_close(w, '}');
}

static void frame(fa_jw *w, const fa_frame *fr)
{
    key(w, "frame");
    if (!fr->id && !fr->n_rcp && !fr->n_prac) {
        fa_jw_lit(w, "null", 4);
        return;
    }
    fa_jw_open(w, '{');
    str(w, "id", fr->id);
    str(w, "kind", fr->kind);
    str(w, "issuer", fr->issuer);
    str(w, "text", fr->text);
    strvec(w, "legal_basis", &fr->legal);
    str(w, "evidence", fr->evidence);
    if (fr->evidence)
        loc(w, "location", &fr->loc);
    else
        lit(w, "location", "null");
    key(w, "flags");
    fa_jw_open(w, '[');
    for (int b = 0; b < FA_FRAME_NFLAGS; b++)
        if (fr->flags & (1u << b))
            str(w, NULL, fa_frame_flag_name(b));
    fa_jw_close(w, ']');
    key(w, "recipients");
    fa_jw_open(w, '[');
    for (size_t i = 0; i < fr->n_rcp; i++) {
        const fa_recipient *r = &fr->rcp[i];
        fa_jw_item(w);
        fa_jw_open(w, '{');
        str(w, "id", r->id);
        str(w, "name", r->name);
        str(w, "secrecy", r->status);
        str(w, "why", r->why);
        strvec(w, "legal_basis", &r->legal);
        str(w, "quote", r->quote);
        loc(w, "location", &r->loc);
        fa_jw_close(w, '}');
    }
    fa_jw_close(w, ']');
    key(w, "practices");
    fa_jw_open(w, '[');
    for (size_t i = 0; i < fr->n_prac; i++) {
        const fa_practice *p = &fr->prac[i];
        fa_jw_item(w);
        fa_jw_open(w, '{');
        str(w, "rule", p->rule);
        str(w, "text", p->text);
        str(w, "quote", p->quote);
        loc(w, "location", &p->loc);
        fa_jw_close(w, '}');
    }
    fa_jw_close(w, ']');
    fa_jw_close(w, '}');
}

static void notice(fa_jw *w, const fa_notice *n)
{
    key(w, "notice");
    fa_jw_open(w, '{');
    lit(w, "present", n->present ? "true" : "false");
    key(w, "missing_items");
    fa_jw_open(w, '[');
    for (int i = 0; n->present && i < FA_NI_COUNT; i++)
        if (!(n->items & (1u << i)))
            str(w, NULL, fa_notice_item_name((fa_notice_item)i));
    fa_jw_close(w, ']');
    cats(w, "declared_categories", n->declared);
    cats(w, "unlisted_categories", n->unlisted);
    str(w, "quote", n->text);
    if (n->present)
        loc(w, "location", &n->loc);
    else
        lit(w, "location", "null");
    str(w, "retention", n->retention);
    strvec(w, "recipients", &n->recipients);
    fa_jw_close(w, '}');
}

/* An agreement's clauses (issue 19), in the order the analysis read them. */
static void clauses(fa_jw *w, const fa_result *res)
{
    key(w, "clauses");
    fa_jw_open(w, '[');
    for (size_t i = 0; i < res->n_clauses && !w->st; i++) {
        const fa_clause *c = &res->clauses[i];
        fa_jw_item(w);
        fa_jw_open(w, '{');
        str(w, "id", c->id ? c->id : "");
        str(w, "status", c->status ? c->status : "");
        str(w, "quote", c->quote ? c->quote : "");
        str(w, "detail", c->detail);
        loc(w, "location", &c->loc);
        fa_jw_close(w, '}');
    }
    fa_jw_close(w, ']');
}

static void counts(fa_jw *w, const char *k, const fa_counts *c)
{
    key(w, k);
    fa_jw_open(w, '{');
    for (int s = FA_SEV_CRITICAL; s >= FA_SEV_INFO; s--)
        num(w, fa_severity_name((fa_severity)s), c->severity[s]);
    key(w, "categories");
    fa_jw_open(w, '{');
    for (int i = 0; i < FA_CAT_COUNT; i++)
        if (c->category[i])
            num(w, fa_category_name((fa_category)i), c->category[i]);
    fa_jw_close(w, '}');
    lit(w, "dpia", c->dpia ? "true" : "false");
    fa_jw_close(w, '}');
}

static void error_doc(fa_jw *w, const fa_result *res)
{
    str_checked(w, "path", res->path);
    str(w, "format", fa_format_name(res->format));
    str(w, "status", "error");
    key(w, "error");
    fa_jw_open(w, '{');
    str(w, "code", fa_status_code(res->status));
    str(w, "message", res->error ? res->error : fa_strerror(res->status));
    fa_jw_close(w, '}');
    key(w, "fields");
    fa_jw_open(w, '[');
    fa_jw_close(w, ']');
    key(w, "findings");
    fa_jw_open(w, '[');
    fa_jw_close(w, ']');
    key(w, "notice");
    fa_jw_open(w, '{');
    lit(w, "present", "false");
    static const char *const empty[] = {"missing_items", "declared_categories",
                                        "unlisted_categories"};
    for (size_t i = 0; i < 3; i++) {
        key(w, empty[i]);
        fa_jw_open(w, '[');
        fa_jw_close(w, ']');
    }
    fa_jw_close(w, '}');
}

static void document(fa_jw *w, const fa_result *res)
{
    fa_jw_open(w, '{');
    if (res->status != FA_OK) {
        error_doc(w, res);
        fa_jw_close(w, '}');
        return;
    }
    str_checked(w, "path", res->path);
    str(w, "format", fa_format_name(res->format));
    str(w, "status", "ok");
    lit(w, "error", "null");
    str(w, "sha256", res->sha256);
    num(w, "size", res->size);
    num(w, "pages", res->pages);
    key(w, "metadata");
    fa_jw_open(w, '{');
    str(w, "title", res->meta.title);
    str(w, "author", res->meta.author);
    str(w, "last_modified_by", res->meta.last_modified_by);
    str(w, "creator", res->meta.creator);
    str(w, "producer", res->meta.producer);
    str(w, "created", res->meta.created);
    str(w, "modified", res->meta.modified);
    fa_jw_close(w, '}');
    str(w, "context", fa_context_name(res->context));
    str(w, "document_kind", fa_doc_kind_name(res->kind));
    str(w, "title", res->title);
    frame(w, &res->frame);
    str_checked(w, "rules_version", res->rules_version ? res->rules_version : "");
    strvec(w, "warnings", &res->warnings);
    key(w, "fields");
    fa_jw_open(w, '[');
    for (size_t i = 0; i < res->n_fields; i++)
        field(w, &res->fields[i]);
    fa_jw_close(w, ']');
    key(w, "findings");
    fa_jw_open(w, '[');
    for (size_t i = 0; i < res->n_findings && !w->st; i++)
        finding(w, res, &res->findings[i]);
    fa_jw_close(w, ']');
    notice(w, &res->notice);
    clauses(w, res);
    fa_counts c;
    fa_result_counts(res, &c);
    counts(w, "summary", &c);
    fa_jw_close(w, '}');
}

fa_status fa_report_json_at(const fa_result *res, int indent, unsigned depth, fa_buf *out)
{
    if (!res || !out)
        return FA_ERR_USAGE;
    fa_jw w;
    fa_jw_begin(&w, out, indent, depth);
    document(&w, res);
    return fa_jw_end(&w);
}

fa_status fa_render_json(const fa_result *res, fa_buf *out)
{
    fa_status st = fa_report_json_at(res, 2, 0, out);
    return st ? st : fa_buf_putc(out, '\n');
}

fa_status fa_render_jsonl(const fa_result *res, fa_buf *out)
{
    fa_status st = fa_report_json_at(res, 0, 0, out);
    return st ? st : fa_buf_putc(out, '\n');
}

/* ---------------------------------------------------------------- envelope */

fa_status fa_report_envelope_head(const fa_report_opts *opts, fa_buf *out)
{
    fa_status st = fa_buf_puts(out, "{\n  \"tool\": ");
    fa_jw w;
    fa_jw_begin(&w, out, 2, 1); /* the tool object one level deep */
    fa_jw_open(&w, '{');
    str(&w, "name", "formaudit");
    str(&w, "version", opts && opts->tool_version ? opts->tool_version : fa_version());
    if (opts && opts->rules_version)
        str_checked(&w, "rules", opts->rules_version);
    fa_jw_close(&w, '}');
    if (!st)
        st = fa_jw_end(&w);
    return st ? st : fa_buf_puts(out, ",\n  \"documents\": [");
}

fa_status fa_report_envelope_item(size_t index, fa_buf *out)
{
    return fa_buf_puts(out, index ? ",\n    " : "\n    ");
}

fa_status fa_report_envelope_tail(size_t count, fa_buf *out)
{
    return fa_buf_puts(out, count ? "\n  ]\n}\n" : "]\n}\n");
}

/* ---------------------------------------------------------------- fields command */

fa_status fa_fields_write_json(const fa_result *res, fa_buf *out)
{
    fa_jw w;
    fa_jw_begin(&w, out, 2, 0);
    fa_jw_open(&w, '[');
    for (size_t i = 0; i < res->n_fields; i++)
        field(&w, &res->fields[i]);
    fa_jw_close(&w, ']');
    fa_status st = fa_jw_end(&w);
    return st ? st : fa_buf_putc(out, '\n');
}

/* ---------------------------------------------------------------- summaries */

fa_status fa_summary_of(const fa_result *res, fa_summary *out)
{
    memset(out, 0, sizeof *out);
    out->size = out->mtime = -1;
    out->path = fa_strdup(fa_result_path(res));
    out->format = res->format;
    out->status = res->status;
    out->error = res->status != FA_OK ? fa_strdup(res->error ? res->error : "") : NULL;
    out->title = fa_strdup(fa_result_title(res));
    fa_result_counts(res, &out->counts);
    if (!out->path || !out->title || (res->status != FA_OK && !out->error)) {
        fa_summary_clear(out);
        return FA_ERR_NOMEM;
    }
    return FA_OK;
}

void fa_summary_clear(fa_summary *s)
{
    if (!s)
        return;
    free(s->path);
    free(s->error);
    free(s->title);
    free(s->report);
    memset(s, 0, sizeof *s);
}

fa_status fa_summary_to_json(const fa_summary *s, fa_buf *out)
{
    fa_jw w;
    fa_jw_begin(&w, out, 0, 0);
    fa_jw_open(&w, '{');
    str_checked(&w, "path", s->path);
    str(&w, "format", fa_format_name(s->format));
    str(&w, "status", s->status == FA_OK ? "ok" : "error");
    if (s->status == FA_OK) {
        lit(&w, "error", "null");
    } else {
        key(&w, "error");
        fa_jw_open(&w, '{');
        str(&w, "code", fa_status_code(s->status));
        str(&w, "message", s->error ? s->error : "");
        fa_jw_close(&w, '}');
    }
    str(&w, "title", s->title ? s->title : "");
    str(&w, "report", s->report);
    counts(&w, "summary", &s->counts);
    if (s->dropped)
        lit(&w, "dropped", "true");
    if (s->size >= 0)
        num(&w, "size", s->size);
    if (s->mtime >= 0)
        num(&w, "mtime", s->mtime);
    fa_jw_close(&w, '}');
    fa_status st = fa_jw_end(&w);
    return st ? st : fa_buf_putc(out, '\n');
}

/* ================================================================ reader */

static const char *jstr_of(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

static fa_status jdup(char **dst, json_t *o, const char *k)
{
    const char *s = jstr_of(o, k);
    if (!s)
        return FA_OK;
    *dst = fa_strdup(s);
    return *dst ? FA_OK : FA_ERR_NOMEM;
}

static fa_status jvec(fa_strvec *v, json_t *a)
{
    size_t i;
    json_t *x;
    fa_status st = FA_OK;
    json_array_foreach(a, i, x)
    {
        if (!st && json_is_string(x))
            st = fa_strvec_push(v, json_string_value(x));
    }
    return st;
}

static fa_catset jcats(json_t *a)
{
    fa_catset set = 0;
    size_t i;
    json_t *x;
    json_array_foreach(a, i, x)
    {
        int c = fa_category_from_name(json_string_value(x));
        if (c >= 0)
            set |= FA_CAT_BIT(c);
    }
    return set;
}

static int name_index(const char *s, const char *(*name)(int), int n)
{
    for (int i = 0; s && i < n; i++)
        if (!strcmp(s, name(i)))
            return i;
    return -1;
}

static const char *kind_name(int i)
{
    return fa_field_kind_name((fa_field_kind)i);
}
static const char *method_name(int i)
{
    return fa_field_method_name((fa_field_method)i);
}
static const char *format_name(int i)
{
    return fa_format_name((fa_format)i);
}
static const char *status_name(int i)
{
    return fa_status_code((fa_status)i);
}
static const char *context_name(int i)
{
    return fa_context_name((fa_context)i);
}
static const char *item_name(int i)
{
    return fa_notice_item_name((fa_notice_item)i);
}

static fa_status jloc(fa_result *res, fa_loc *l, json_t *o)
{
    l->page = (int)json_integer_value(json_object_get(o, "page"));
    l->paragraph = (int)json_integer_value(json_object_get(o, "paragraph"));
    l->table = (int)json_integer_value(json_object_get(o, "table"));
    l->row = (int)json_integer_value(json_object_get(o, "row"));
    l->cell = (int)json_integer_value(json_object_get(o, "cell"));
    l->part = jstr_of(o, "part");
    return fa_result_own_part(res, &l->part);
}

static fa_status read_fields(fa_result *res, json_t *a)
{
    size_t i;
    json_t *o;
    fa_status st = FA_OK;
    json_array_foreach(a, i, o)
    {
        fa_field *f = st ? NULL : fa_result_add_field(res);
        if (!f) {
            st = st ? st : FA_ERR_LIMIT;
            break;
        }
        const char *id = jstr_of(o, "id");
        if (id)
            snprintf(f->id, sizeof f->id, "%s", id);
        st = jdup(&f->label, o, "label");
        int k = name_index(jstr_of(o, "kind"), kind_name, FA_FK_OTHER + 1);
        f->kind = k < 0 ? FA_FK_OTHER : (fa_field_kind)k;
        if (!st)
            st = jvec(&f->options, json_object_get(o, "options"));
        if (!st)
            st = jdup(&f->section, o, "section");
        if (!st)
            st = jloc(res, &f->loc, json_object_get(o, "location"));
        f->categories = jcats(json_object_get(o, "categories"));
        int m = name_index(jstr_of(o, "method"), method_name, FA_FM_QUESTION + 1);
        f->method = m < 0 ? FA_FM_CONTROL : (fa_field_method)m;
        f->label_from_name = json_is_true(json_object_get(o, "label_from_name"));
        if (!st)
            st = jdup(&f->value, o, "value");
    }
    return st;
}

static int field_index(const fa_result *res, const char *id)
{
    for (size_t i = 0; id && i < res->n_fields; i++)
        if (!strcmp(res->fields[i].id, id))
            return (int)i;
    return -1;
}

/* Renderers may rely on a recipient's name and status, a practice's rule and text. */
static fa_status replace_empty(char **a, char **b)
{
    if (!*a && !(*a = fa_strdup("")))
        return FA_ERR_NOMEM;
    if (!*b && !(*b = fa_strdup("")))
        return FA_ERR_NOMEM;
    return FA_OK;
}

static fa_status read_findings(fa_result *res, json_t *a)
{
    size_t i;
    json_t *o;
    fa_status st = FA_OK;
    json_array_foreach(a, i, o)
    {
        fa_finding *f = st ? NULL : fa_result_add_finding(res);
        if (!f) {
            st = st ? st : FA_ERR_LIMIT;
            break;
        }
        st = jdup(&f->rule, o, "rule");
        if (!st)
            st = jdup(&f->category, o, "category");
        int s = fa_severity_from_name(jstr_of(o, "severity"));
        f->severity = s < 0 ? FA_SEV_INFO : (fa_severity)s;
        f->field = field_index(res, jstr_of(o, "field"));
        if (!st)
            st = jdup(&f->quote, o, "quote");
        if (!st)
            st = jdup(&f->message, o, "message");
        if (!st)
            st = jvec(&f->legal_basis, json_object_get(o, "legal_basis"));
        if (!st)
            st = jdup(&f->recommendation, o, "recommendation");
        if (!st)
            st = jdup(&f->scope, o, "scope");
        if (!st)
            st = jdup(&f->pattern, o, "pattern");
        if (!st)
            st = jdup(&f->matched, o, "matched");
        if (!st)
            st = jloc(res, &f->loc, json_object_get(o, "location"));
        if (!st)
            st = jdup(&f->note, o, "note");
        if (!st)
            st = jdup(&f->prescribed, o, "prescribed");
    }
    return st;
}

static fa_status read_frame(fa_result *res, json_t *o)
{
    fa_frame *fr = &res->frame;
    if (!json_is_object(o))
        return FA_OK;
    fa_status st = jdup(&fr->id, o, "id");
    if (!st)
        st = jdup(&fr->kind, o, "kind");
    if (!st)
        st = jdup(&fr->issuer, o, "issuer");
    if (!st)
        st = jdup(&fr->text, o, "text");
    if (!st)
        st = jvec(&fr->legal, json_object_get(o, "legal_basis"));
    if (!st)
        st = jdup(&fr->evidence, o, "evidence");
    if (!st && json_is_object(json_object_get(o, "location")))
        st = jloc(res, &fr->loc, json_object_get(o, "location"));
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(o, "flags"), i, x)
    {
        for (int b = 0; b < FA_FRAME_NFLAGS; b++)
            if (json_is_string(x) && !strcmp(json_string_value(x), fa_frame_flag_name(b)))
                fr->flags |= 1u << b;
    }
    json_array_foreach(json_object_get(o, "recipients"), i, x)
    {
        if (st || !json_is_object(x))
            continue;
        fa_recipient *r = fa_result_add_recipient(res);
        st = r ? jdup(&r->id, x, "id") : FA_ERR_NOMEM;
        if (!st)
            st = jdup(&r->name, x, "name");
        if (!st)
            st = jdup(&r->status, x, "secrecy");
        if (!st)
            st = jdup(&r->why, x, "why");
        if (!st)
            st = jvec(&r->legal, json_object_get(x, "legal_basis"));
        if (!st)
            st = jdup(&r->quote, x, "quote");
        if (!st)
            st = jloc(res, &r->loc, json_object_get(x, "location"));
        if (!st && (!r->name || !r->status))
            st = replace_empty(&r->name, &r->status);
    }
    json_array_foreach(json_object_get(o, "practices"), i, x)
    {
        if (st || !json_is_object(x))
            continue;
        fa_practice *p = fa_result_add_practice(res);
        st = p ? jdup(&p->rule, x, "rule") : FA_ERR_NOMEM;
        if (!st)
            st = jdup(&p->text, x, "text");
        if (!st)
            st = jdup(&p->quote, x, "quote");
        if (!st)
            st = jloc(res, &p->loc, json_object_get(x, "location"));
        if (!st && (!p->rule || !p->text))
            st = replace_empty(&p->rule, &p->text);
    }
    return st;
}

static fa_status read_notice(fa_result *res, json_t *o)
{
    fa_notice *n = &res->notice;
    n->present = json_is_true(json_object_get(o, "present"));
    n->items = (1u << FA_NI_COUNT) - 1;
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(o, "missing_items"), i, x)
    {
        int k = name_index(json_string_value(x), item_name, FA_NI_COUNT);
        if (k >= 0)
            n->items &= ~(1u << k);
    }
    n->declared = jcats(json_object_get(o, "declared_categories"));
    n->unlisted = jcats(json_object_get(o, "unlisted_categories"));
    fa_status st = jdup(&n->text, o, "quote");
    if (!st && json_is_object(json_object_get(o, "location")))
        st = jloc(res, &n->loc, json_object_get(o, "location"));
    if (!st)
        st = jdup(&n->retention, o, "retention");
    if (!st)
        st = jvec(&n->recipients, json_object_get(o, "recipients"));
    return st;
}

static const char *doc_kind_name(int i)
{
    return fa_doc_kind_name((fa_doc_kind)i);
}

static fa_status read_clauses(fa_result *res, json_t *a)
{
    size_t i;
    json_t *o;
    fa_status st = FA_OK;
    json_array_foreach(a, i, o)
    {
        fa_clause *c = fa_result_add_clause(res);
        if (!c)
            return res->n_clauses >= FA_MAX_FINDINGS ? FA_ERR_LIMIT : FA_ERR_NOMEM;
        st = jdup(&c->id, o, "id");
        if (!st)
            st = jdup(&c->status, o, "status");
        if (!st)
            st = jdup(&c->quote, o, "quote");
        if (!st)
            st = jdup(&c->detail, o, "detail");
        if (!st && json_is_object(json_object_get(o, "location")))
            st = jloc(res, &c->loc, json_object_get(o, "location"));
        if (st)
            return st;
    }
    return st;
}

static fa_status read_doc(fa_result *res, json_t *d)
{
    int fmt = name_index(jstr_of(d, "format"), format_name, FA_FMT_COUNT);
    res->format = fmt < 0 ? FA_FMT_UNKNOWN : (fa_format)fmt;
    json_t *e = json_object_get(d, "error");
    if (strcmp(jstr_of(d, "status"), "ok")) {
        int code = name_index(jstr_of(e, "code"), status_name, FA_ERR_INTERNAL + 1);
        res->status = code <= 0 ? FA_ERR_INTERNAL : (fa_status)code;
        fa_status st = jdup(&res->error, e, "message");
        if (!st && !res->error)
            res->error = fa_strdup(fa_strerror(res->status));
        return st || res->error ? st : FA_ERR_NOMEM;
    }
    const char *sha = jstr_of(d, "sha256");
    snprintf(res->sha256, sizeof res->sha256, "%s", sha ? sha : "");
    res->size = (long long)json_integer_value(json_object_get(d, "size"));
    res->pages = (int)json_integer_value(json_object_get(d, "pages"));
    json_t *m = json_object_get(d, "metadata");
    fa_status st = jdup(&res->meta.title, m, "title");
    if (!st)
        st = jdup(&res->meta.author, m, "author");
    if (!st)
        st = jdup(&res->meta.last_modified_by, m, "last_modified_by");
    if (!st)
        st = jdup(&res->meta.creator, m, "creator");
    if (!st)
        st = jdup(&res->meta.producer, m, "producer");
    if (!st)
        st = jdup(&res->meta.created, m, "created");
    if (!st)
        st = jdup(&res->meta.modified, m, "modified");
    int ctx = name_index(jstr_of(d, "context"), context_name, FA_CTX_COUNT);
    res->context = ctx < 0 ? FA_CTX_AUTO : (fa_context)ctx;
    int kind = name_index(jstr_of(d, "document_kind"), doc_kind_name, FA_DK_COUNT);
    res->kind = kind < 0 ? FA_DK_FORM : (fa_doc_kind)kind;
    if (!st)
        st = jdup(&res->rules_version, d, "rules_version");
    if (!st)
        st = jdup(&res->title, d, "title");
    if (!st)
        st = read_frame(res, json_object_get(d, "frame"));
    if (!st)
        st = jvec(&res->warnings, json_object_get(d, "warnings"));
    if (!st)
        st = read_fields(res, json_object_get(d, "fields"));
    if (!st)
        st = read_findings(res, json_object_get(d, "findings"));
    if (!st)
        st = read_notice(res, json_object_get(d, "notice"));
    if (!st)
        st = read_clauses(res, json_object_get(d, "clauses"));
    return st;
}

fa_status fa_result_from_json(const char *text, size_t len, fa_result **out, fa_error *err)
{
    *out = NULL;
    json_error_t je;
    json_t *d = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!json_is_object(d) || !json_is_string(json_object_get(d, "path")) ||
        !json_is_string(json_object_get(d, "status"))) {
        fa_status st = fa_error_set(err, FA_ERR_FORMAT,
                                    d ? "not a formaudit document object (no path or status)"
                                      : "line %d, column %d: %s",
                                    je.line, je.column, je.text);
        json_decref(d);
        return st;
    }
    fa_result *res = fa_result_new(jstr_of(d, "path"));
    fa_status st = res ? read_doc(res, d) : FA_ERR_NOMEM;
    json_decref(d);
    if (st != FA_OK) {
        fa_result_free(res);
        return fa_error_set(err, st,
                            st == FA_ERR_LIMIT ? "too many fields or findings" : "out of memory");
    }
    res->sealed = true; /* written from a sealed result */
    *out = res;
    return FA_OK;
}

fa_status fa_summary_from_json(const char *text, size_t len, fa_summary *out, fa_error *err)
{
    memset(out, 0, sizeof *out);
    out->size = out->mtime = -1;
    json_error_t je;
    json_t *d = json_loadb(text, len, 0, &je);
    if (!json_is_object(d) || !json_is_string(json_object_get(d, "path"))) {
        json_decref(d);
        return fa_error_set(err, FA_ERR_FORMAT, "not a formaudit summary line");
    }
    fa_status st = jdup(&out->path, d, "path");
    int fmt = name_index(jstr_of(d, "format"), format_name, FA_FMT_COUNT);
    out->format = fmt < 0 ? FA_FMT_UNKNOWN : (fa_format)fmt;
    json_t *e = json_object_get(d, "error");
    if (json_is_object(e)) {
        int code = name_index(jstr_of(e, "code"), status_name, FA_ERR_INTERNAL + 1);
        out->status = code <= 0 ? FA_ERR_INTERNAL : (fa_status)code;
        if (!st)
            st = jdup(&out->error, e, "message");
    }
    if (!st)
        st = jdup(&out->title, d, "title");
    if (!st)
        st = jdup(&out->report, d, "report");
    json_t *sum = json_object_get(d, "summary");
    for (int s = 0; s < FA_SEV_COUNT; s++)
        out->counts.severity[s] =
            (int)json_integer_value(json_object_get(sum, fa_severity_name((fa_severity)s)));
    json_t *cs = json_object_get(sum, "categories");
    for (int c = 0; c < FA_CAT_COUNT; c++)
        out->counts.category[c] =
            (int)json_integer_value(json_object_get(cs, fa_category_name((fa_category)c)));
    out->counts.dpia = json_is_true(json_object_get(sum, "dpia"));
    out->dropped = json_is_true(json_object_get(d, "dropped"));
    if (json_is_integer(json_object_get(d, "size")))
        out->size = (long long)json_integer_value(json_object_get(d, "size"));
    if (json_is_integer(json_object_get(d, "mtime")))
        out->mtime = (long long)json_integer_value(json_object_get(d, "mtime"));
    json_decref(d);
    if (st != FA_OK || !out->path) {
        fa_summary_clear(out);
        return fa_error_set(err, st ? st : FA_ERR_FORMAT, "not a formaudit summary line");
    }
    return FA_OK;
}
