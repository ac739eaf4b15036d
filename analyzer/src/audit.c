/* audit.c — the whole analysis of one document (fields -> rules -> notice) and its
 * JSON document object (docs/report-json.md), the single input of every renderer. */
#include "fields.h"
#include "ident.h"
#include "limits.h"
#include "notice.h"
#include "rules.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- builders */

fa_field *fa_result_add_field(fa_result *res)
{
    if (res->n_fields >= FA_MAX_FIELDS)
        return NULL;
    if (res->n_fields == res->alloc_fields) {
        size_t na = res->alloc_fields ? res->alloc_fields * 2 : 32;
        fa_field *p = realloc(res->fields, na * sizeof *p);
        if (!p)
            return NULL;
        res->fields = p;
        res->alloc_fields = na;
    }
    fa_field *f = &res->fields[res->n_fields];
    memset(f, 0, sizeof *f);
    snprintf(f->id, sizeof f->id, "F%zu", res->n_fields + 1);
    res->n_fields++;
    return f;
}

fa_finding *fa_result_add_finding(fa_result *res)
{
    if (res->n_findings >= FA_MAX_FINDINGS)
        return NULL;
    if (res->n_findings == res->alloc_findings) {
        size_t na = res->alloc_findings ? res->alloc_findings * 2 : 32;
        fa_finding *p = realloc(res->findings, na * sizeof *p);
        if (!p)
            return NULL;
        res->findings = p;
        res->alloc_findings = na;
    }
    fa_finding *f = &res->findings[res->n_findings++];
    memset(f, 0, sizeof *f);
    f->field = -1;
    return f;
}

void fa_result_free(fa_result *res)
{
    if (!res)
        return;
    for (size_t i = 0; i < res->n_fields; i++) {
        fa_field *f = &res->fields[i];
        free(f->label);
        fa_strvec_free(&f->options);
        free(f->section);
        free(f->value);
    }
    free(res->fields);
    for (size_t i = 0; i < res->n_findings; i++) {
        fa_finding *f = &res->findings[i];
        free(f->rule);
        free(f->category);
        free(f->quote);
        free(f->message);
        fa_strvec_free(&f->legal_basis);
        free(f->recommendation);
        free(f->pattern);
        free(f->scope);
        free(f->matched);
        free(f->note);
    }
    free(res->findings);
    free(res->notice.text);
    free(res->notice.retention);
    fa_strvec_free(&res->notice.recipients);
    free(res->rules_version);
    free(res);
}

/* ---------------------------------------------------------------- audit */

fa_status fa_audit(const fa_doc *doc, const fa_rules *rules, const fa_audit_opts *opts,
                   fa_result **out, fa_error *err)
{
    *out = NULL;
    fa_result *res = calloc(1, sizeof *res);
    if (!res)
        return fa_error_set(err, FA_ERR_NOMEM, "out of memory");
    res->lang = opts && opts->lang && !strcmp(opts->lang, "en") ? "en" : "fr";
    res->context = opts ? opts->context : FA_CTX_AUTO;
    res->rules_version = fa_strdup(rules ? fa_rules_version(rules) : "none");
    memcpy(res->sha256, doc->sha256, sizeof res->sha256);
    fa_status st = fa_fields_detect(doc, res, err);
    if (st == FA_OK && rules)
        st = fa_rules_apply(rules, doc, res, err);
    if (st == FA_OK)
        st = fa_notice_analyze(rules, doc, opts, res, err);
    if (st != FA_OK) {
        fa_result_free(res);
        return st;
    }
    *out = res;
    return FA_OK;
}

/* ---------------------------------------------------------------- JSON */

/* Every document string goes through here: identifiers masked, NULL -> null. */
static json_t *jstr(const char *s)
{
    if (!s)
        return json_null();
    char *m = fa_ident_mask(s);
    json_t *j = json_string(m ? m : "");
    free(m);
    return j ? j : json_string("");
}

static json_t *jloc(const fa_loc *l)
{
    json_t *o = json_object();
    json_object_set_new(o, "page", json_integer(l->page));
    json_object_set_new(o, "paragraph", json_integer(l->paragraph));
    json_object_set_new(o, "table", json_integer(l->table));
    json_object_set_new(o, "row", json_integer(l->row));
    json_object_set_new(o, "cell", json_integer(l->cell));
    json_object_set_new(o, "part", l->part ? json_string(l->part) : json_null());
    return o;
}

static json_t *jstrvec(const fa_strvec *v)
{
    json_t *a = json_array();
    for (size_t i = 0; i < v->n; i++)
        json_array_append_new(a, jstr(v->v[i]));
    return a;
}

static json_t *jcats(fa_catset set)
{
    json_t *a = json_array();
    for (int c = 0; c < FA_CAT_COUNT; c++)
        if (set & FA_CAT_BIT(c))
            json_array_append_new(a, json_string(fa_category_name((fa_category)c)));
    return a;
}

static json_t *jfield(const fa_field *f)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(f->id));
    json_object_set_new(o, "label", jstr(f->label ? f->label : ""));
    json_object_set_new(o, "kind", json_string(fa_field_kind_name(f->kind)));
    json_object_set_new(o, "options", jstrvec(&f->options));
    json_object_set_new(o, "section", jstr(f->section ? f->section : ""));
    json_object_set_new(o, "location", jloc(&f->loc));
    json_object_set_new(o, "categories", jcats(f->categories));
    json_object_set_new(o, "method", json_string(fa_field_method_name(f->method)));
    json_object_set_new(o, "label_from_name", json_boolean(f->label_from_name));
    json_t *v = json_null();
    if (f->value) {
        /* a value in a national_id or financial field is masked whole, checksum or not */
        if (f->categories & (FA_CAT_BIT(FA_CAT_NATIONAL_ID) | FA_CAT_BIT(FA_CAT_FINANCIAL))) {
            char *m = fa_ident_mask_value(f->value);
            v = json_string(m ? m : "");
            free(m);
        } else {
            v = jstr(f->value);
        }
    }
    json_object_set_new(o, "value", v);
    return o;
}

static const char *context_name(fa_context c)
{
    static const char *const n[] = {"unknown", "employer", "social", "school", "health", "housing"};
    return (unsigned)c < sizeof n / sizeof n[0] ? n[c] : "unknown";
}

void *fa_result_to_json(const fa_result *res, const fa_doc *doc, const char *path)
{
    json_t *d = json_object();
    json_object_set_new(d, "path", json_string(path ? path : doc->path));
    json_object_set_new(d, "format", json_string(fa_format_name(doc->format)));
    json_object_set_new(d, "status", json_string("ok"));
    json_object_set_new(d, "error", json_null());
    json_object_set_new(d, "sha256", json_string(doc->sha256));
    json_object_set_new(d, "size", json_integer((json_int_t)doc->size));
    json_object_set_new(d, "pages", json_integer(doc->pages));
    json_t *meta = json_object();
    json_object_set_new(meta, "title", jstr(doc->meta.title));
    json_object_set_new(meta, "author", jstr(doc->meta.author));
    json_object_set_new(meta, "last_modified_by", jstr(doc->meta.last_modified_by));
    json_object_set_new(meta, "creator", jstr(doc->meta.creator));
    json_object_set_new(meta, "producer", jstr(doc->meta.producer));
    json_object_set_new(meta, "created", jstr(doc->meta.created));
    json_object_set_new(meta, "modified", jstr(doc->meta.modified));
    json_object_set_new(d, "metadata", meta);
    json_object_set_new(d, "context", json_string(context_name(res->context)));
    json_object_set_new(d, "rules_version", json_string(res->rules_version ? res->rules_version : ""));
    json_object_set_new(d, "warnings", jstrvec(&doc->warnings));

    json_t *fields = json_array();
    for (size_t i = 0; i < res->n_fields; i++)
        json_array_append_new(fields, jfield(&res->fields[i]));
    json_object_set_new(d, "fields", fields);

    json_t *findings = json_array();
    int sev_count[5] = {0};
    int cat_count[FA_CAT_COUNT] = {0};
    bool dpia = false;
    for (size_t i = 0; i < res->n_findings; i++) {
        const fa_finding *f = &res->findings[i];
        json_t *o = json_object();
        json_object_set_new(o, "rule", json_string(f->rule ? f->rule : ""));
        json_object_set_new(o, "category", json_string(f->category ? f->category : ""));
        json_object_set_new(o, "severity", json_string(fa_severity_name(f->severity)));
        json_object_set_new(o, "field", f->field >= 0 && (size_t)f->field < res->n_fields
                                            ? json_string(res->fields[f->field].id)
                                            : json_null());
        json_object_set_new(o, "quote", jstr(f->quote ? f->quote : ""));
        json_object_set_new(o, "message", jstr(f->message ? f->message : ""));
        json_object_set_new(o, "legal_basis", jstrvec(&f->legal_basis));
        json_object_set_new(o, "recommendation", jstr(f->recommendation ? f->recommendation : ""));
        json_object_set_new(o, "scope", json_string(f->scope ? f->scope : "document"));
        json_object_set_new(o, "pattern", f->pattern ? json_string(f->pattern) : json_null());
        json_object_set_new(o, "matched", jstr(f->matched));
        json_object_set_new(o, "location", jloc(&f->loc));
        json_object_set_new(o, "note", jstr(f->note));
        json_array_append_new(findings, o);
        if ((unsigned)f->severity < 5)
            sev_count[f->severity]++;
        int c = fa_category_from_name(f->category);
        if (c >= 0)
            cat_count[c]++;
        if (f->category && !strcmp(f->category, "dpia"))
            dpia = true;
    }
    json_object_set_new(d, "findings", findings);

    const fa_notice *n = &res->notice;
    json_t *no = json_object();
    json_object_set_new(no, "present", json_boolean(n->present));
    json_t *missing = json_array();
    for (int i = 0; n->present && i < FA_NI_COUNT; i++)
        if (!(n->items & (1u << i)))
            json_array_append_new(missing, json_string(fa_notice_item_name((fa_notice_item)i)));
    json_object_set_new(no, "missing_items", missing);
    json_object_set_new(no, "declared_categories", jcats(n->declared));
    json_object_set_new(no, "unlisted_categories", jcats(n->unlisted));
    json_object_set_new(no, "quote", jstr(n->text));
    json_object_set_new(no, "location", n->present ? jloc(&n->loc) : json_null());
    json_object_set_new(no, "retention", jstr(n->retention));
    json_object_set_new(no, "recipients", jstrvec(&n->recipients));
    json_object_set_new(d, "notice", no);

    json_t *sum = json_object();
    for (int s = FA_SEV_CRITICAL; s >= FA_SEV_INFO; s--)
        json_object_set_new(sum, fa_severity_name((fa_severity)s), json_integer(sev_count[s]));
    json_t *cats = json_object();
    for (int c = 0; c < FA_CAT_COUNT; c++)
        if (cat_count[c])
            json_object_set_new(cats, fa_category_name((fa_category)c), json_integer(cat_count[c]));
    json_object_set_new(sum, "categories", cats);
    json_object_set_new(sum, "dpia", json_boolean(dpia));
    json_object_set_new(d, "summary", sum);
    return d;
}

void *fa_error_to_json(const char *path, fa_format fmt, const fa_error *err)
{
    json_t *d = json_object();
    json_object_set_new(d, "path", json_string(path ? path : ""));
    json_object_set_new(d, "format", json_string(fa_format_name(fmt)));
    json_object_set_new(d, "status", json_string("error"));
    json_t *e = json_object();
    fa_status st = err ? err->status : FA_ERR_INTERNAL;
    json_object_set_new(e, "code", json_string(fa_status_code(st)));
    json_object_set_new(e, "message", jstr(err && err->message[0] ? err->message : fa_strerror(st)));
    json_object_set_new(d, "error", e);
    json_object_set_new(d, "fields", json_array());
    json_object_set_new(d, "findings", json_array());
    json_t *no = json_object();
    json_object_set_new(no, "present", json_false());
    json_object_set_new(no, "missing_items", json_array());
    json_object_set_new(no, "declared_categories", json_array());
    json_object_set_new(no, "unlisted_categories", json_array());
    json_object_set_new(d, "notice", no);
    return d;
}

/* ---------------------------------------------------------------- fields command */

fa_status fa_fields_write(const fa_result *res, int json, FILE *out)
{
    if (json) {
        json_t *a = json_array();
        for (size_t i = 0; i < res->n_fields; i++)
            json_array_append_new(a, jfield(&res->fields[i]));
        int rc = json_dumpf(a, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        json_decref(a);
        fputc('\n', out);
        return rc ? FA_ERR_IO : FA_OK;
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
