/* audit.c — the whole analysis of one document (fields -> rules -> notice) and its
 * JSON document object (docs/report-json.md), the single input of every renderer;
 * or, when the JSON report is all that is wanted, that report streamed straight from
 * the result (fa_result_write_json, same bytes, no tree). */
#include "audit_limits.h"
#include "fields.h"
#include "ident.h"
#include "jsonw.h"
#include "fa_limits.h"
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
    if (st == FA_OK && (st = fa_audit_limits(rules, doc, res)) != FA_OK) /* limits said */
        fa_error_set(err, st, "out of memory");
    if (st != FA_OK) {
        fa_result_free(res);
        return st;
    }
    *out = res;
    return FA_OK;
}

/* ---------------------------------------------------------------- JSON */

/* One fa_result_to_json call makes each repeated value once and shares it by reference
 * (jansson counts references): small integers, names (kinds, categories, severities, the
 * part of a location), field ids, every string, masked or not, and the containers that
 * repeat: empty arrays, category lists, legal bases, the location of a field finding
 * (its field's). Rule ids, messages, recommendations and legal bases come back with
 * every finding of a rule, sections and labels with every copy of a block; this spares
 * as many allocations, copies, UTF-8 checks and identifier scans. The tree is read-only
 * for everyone (nobody modifies a value in place; setting a key of a container replaces
 * the value and is fine). */
#define JC_INTS 1024
#define JC_SETS 64 /* category lists and string lists, direct-mapped by hash */

typedef struct jc_str {
    const char *s; /* borrowed from the result or the doc for the call; NULL = free */
    size_t len;
    size_t hash;
    bool masked;   /* made by jstr (identifiers masked) rather than jraw */
    bool made;     /* v (tree) or o (stream) filled */
    json_t *v;     /* one reference, or NULL (not valid UTF-8, as json_string says) */
    const char *o; /* streaming: the text printed, or NULL when v would be NULL */
    size_t olen;
    char *own; /* o when malloc'd (a masked copy), else NULL */
} jc_str;

typedef struct jcache {
    json_t *ints[JC_INTS];
    jc_str *t; /* open addressing, size a power of two, at most half full */
    size_t n, alloc;
    json_t *empty; /* [] */
    struct {
        fa_catset set;
        json_t *v;
    } cats[JC_SETS];
    struct {
        const fa_strvec *sv;
        json_t *v;
    } vecs[JC_SETS]; /* sv borrowed for the call */
} jcache;

static void jc_free(jcache *c)
{
    for (size_t i = 0; i < JC_INTS; i++)
        json_decref(c->ints[i]);
    json_decref(c->empty);
    for (size_t i = 0; i < JC_SETS; i++) {
        json_decref(c->cats[i].v);
        json_decref(c->vecs[i].v);
    }
    for (size_t i = 0; i < c->alloc; i++)
        if (c->t[i].s) {
            json_decref(c->t[i].v);
            free(c->t[i].own);
        }
    free(c->t);
}

/* The slot of S (length LEN, hash H, kind MASKED): its entry or the free slot to fill. */
static jc_str *jc_slot(jc_str *t, size_t alloc, const char *s, size_t len, size_t h, bool masked)
{
    for (size_t i = h & (alloc - 1);; i = (i + 1) & (alloc - 1)) {
        jc_str *e = &t[i];
        if (!e->s ||
            (e->hash == h && e->len == len && e->masked == masked && !memcmp(e->s, s, len)))
            return e;
    }
}

/* The cache entry for S, blank (made false) when new: NULL when out of memory. */
static jc_str *jc_find(jcache *c, const char *s, bool masked)
{
    size_t len = strlen(s);
    size_t h = 14695981039346656037u; /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    if (2 * (c->n + 1) > c->alloc) {
        size_t na = c->alloc ? 2 * c->alloc : 1024;
        jc_str *nt = calloc(na, sizeof *nt);
        if (!nt)
            return NULL;
        for (size_t i = 0; i < c->alloc; i++)
            if (c->t[i].s)
                *jc_slot(nt, na, c->t[i].s, c->t[i].len, c->t[i].hash, c->t[i].masked) = c->t[i];
        free(c->t);
        c->t = nt;
        c->alloc = na;
    }
    jc_str *e = jc_slot(c->t, c->alloc, s, len, h, masked);
    if (!e->s) {
        *e = (jc_str){.s = s, .len = len, .hash = h, .masked = masked};
        c->n++;
    }
    return e;
}

/* The cache entry for S with its json_t made: NULL when out of memory. */
static jc_str *jc_get(jcache *c, const char *s, bool masked)
{
    jc_str *e = jc_find(c, s, masked);
    if (!e || e->made)
        return e;
    json_t *v;
    size_t len = e->len;
    if (!masked) {
        v = json_stringn(s, len);
    } else if (!fa_ident_maybe(s, len)) {
        v = json_stringn(s, len); /* nothing to mask: the copy fa_ident_mask_loose would make */
        if (!v)
            v = json_string("");
    } else {
        char *m = fa_ident_mask_loose(s);
        v = json_string(m ? m : "");
        free(m);
        if (!v)
            v = json_string("");
    }
    e->v = v;
    e->made = true;
    return e;
}

/* Every document string goes through here: identifiers masked, NULL -> null. */
static json_t *jstr(jcache *c, const char *s)
{
    if (!s)
        return json_null();
    jc_str *e = jc_get(c, s, true);
    return e ? json_incref(e->v) : NULL;
}

/* A string of the tool (names, rule ids, patterns), as json_string makes it. */
static json_t *jraw(jcache *c, const char *s)
{
    if (!s)
        return NULL;
    jc_str *e = jc_get(c, s, false);
    return e ? json_incref(e->v) : NULL;
}

static json_t *jint(jcache *c, json_int_t v)
{
    if (v < 0 || v >= JC_INTS)
        return json_integer(v);
    if (!c->ints[v])
        c->ints[v] = json_integer(v);
    return json_incref(c->ints[v]);
}

/* Literal keys are valid UTF-8: no check needed. */
#define jset json_object_set_new_nocheck

/* The same location object (jloc) for both. */
static bool same_loc(const fa_loc *a, const fa_loc *b)
{
    return a->page == b->page && a->paragraph == b->paragraph && a->table == b->table &&
           a->row == b->row && a->cell == b->cell && a->part == b->part;
}

static json_t *jloc(jcache *c, const fa_loc *l)
{
    json_t *o = json_object();
    jset(o, "page", jint(c, l->page));
    jset(o, "paragraph", jint(c, l->paragraph));
    jset(o, "table", jint(c, l->table));
    jset(o, "row", jint(c, l->row));
    jset(o, "cell", jint(c, l->cell));
    jset(o, "part", l->part ? jraw(c, l->part) : json_null());
    return o;
}

static json_t *jempty(jcache *c)
{
    if (!c->empty)
        c->empty = json_array();
    return json_incref(c->empty);
}

/* Keep V (a new reference, may be NULL) in the cache slot *SLOT and return it. */
static json_t *jc_keep(json_t **slot, json_t *v)
{
    if (v) {
        json_decref(*slot);
        *slot = json_incref(v);
    }
    return v;
}

static json_t *jstrvec(jcache *c, const fa_strvec *v)
{
    if (!v->n)
        return jempty(c);
    size_t h = v->n;
    for (size_t i = 0; i < v->n; i++)
        for (const unsigned char *p = (const unsigned char *)v->v[i]; *p; p++)
            h = h * 31 + *p;
    size_t k = h % JC_SETS;
    const fa_strvec *o = c->vecs[k].sv;
    bool same = c->vecs[k].v && o->n == v->n;
    for (size_t i = 0; same && i < v->n; i++)
        same = !strcmp(o->v[i], v->v[i]);
    if (same)
        return json_incref(c->vecs[k].v);
    json_t *a = json_array();
    for (size_t i = 0; i < v->n; i++)
        json_array_append_new(a, jstr(c, v->v[i]));
    if (a)
        c->vecs[k].sv = v;
    return jc_keep(&c->vecs[k].v, a);
}

static json_t *jcats(jcache *c, fa_catset set)
{
    if (!set)
        return jempty(c);
    size_t k = set % JC_SETS;
    if (c->cats[k].v && c->cats[k].set == set)
        return json_incref(c->cats[k].v);
    json_t *a = json_array();
    for (int i = 0; i < FA_CAT_COUNT; i++)
        if (set & FA_CAT_BIT(i))
            json_array_append_new(a, jraw(c, fa_category_name((fa_category)i)));
    if (a)
        c->cats[k].set = set;
    return jc_keep(&c->cats[k].v, a);
}

/* The value of F masked whole when its field is national_id or financial, checksum or
 * not; NULL otherwise (the caches mask every document string: fa_ident_mask_loose).
 * malloc'd; "" when out of memory (nothing is shown rather than the value). */
static char *value_masked(const fa_field *f)
{
    if (!(f->categories & (FA_CAT_BIT(FA_CAT_NATIONAL_ID) | FA_CAT_BIT(FA_CAT_FINANCIAL))))
        return NULL;
    char *m = fa_ident_mask_value(f->value);
    return m ? m : strdup("");
}

/* *LOC (when not NULL) receives a reference to the field's location object. */
static json_t *jfield(jcache *c, const fa_field *f, json_t **loc)
{
    json_t *o = json_object();
    jset(o, "id", jraw(c, f->id));
    jset(o, "label", jstr(c, f->label ? f->label : ""));
    jset(o, "kind", jraw(c, fa_field_kind_name(f->kind)));
    jset(o, "options", jstrvec(c, &f->options));
    jset(o, "section", jstr(c, f->section ? f->section : ""));
    json_t *l = jloc(c, &f->loc);
    if (loc)
        *loc = json_incref(l);
    jset(o, "location", l);
    jset(o, "categories", jcats(c, f->categories));
    jset(o, "method", jraw(c, fa_field_method_name(f->method)));
    jset(o, "label_from_name", json_boolean(f->label_from_name));
    json_t *v = json_null();
    if (f->value) {
        /* a value in a national_id or financial field is masked whole, checksum or not */
        char *m = value_masked(f);
        v = m ? json_string(m) : jstr(c, f->value);
        free(m);
    }
    jset(o, "value", v);
    return o;
}

static const char *context_name(fa_context c)
{
    static const char *const n[] = {"unknown", "employer", "social", "school", "health", "housing"};
    return (unsigned)c < sizeof n / sizeof n[0] ? n[c] : "unknown";
}

/* The summary's counts. */
static void count_finding(const fa_finding *f, int *sev_count, int *cat_count, bool *dpia)
{
    if ((unsigned)f->severity < 5)
        sev_count[f->severity]++;
    int k = fa_category_from_name(f->category);
    if (k >= 0)
        cat_count[k]++;
    if (f->category && !strcmp(f->category, "dpia"))
        *dpia = true;
}

static json_t *result_to_json(const fa_result *res, const fa_doc *doc, const char *path, bool light)
{
    jcache jc = {0}, *c = &jc;
    json_t *d = json_object();
    jset(d, "path", json_string(path ? path : doc->path));
    jset(d, "format", json_string(fa_format_name(doc->format)));
    jset(d, "status", json_string("ok"));
    jset(d, "error", json_null());
    jset(d, "sha256", json_string(doc->sha256));
    jset(d, "size", json_integer((json_int_t)doc->size));
    jset(d, "pages", json_integer(doc->pages));
    json_t *meta = json_object();
    jset(meta, "title", jstr(c, doc->meta.title));
    jset(meta, "author", jstr(c, doc->meta.author));
    jset(meta, "last_modified_by", jstr(c, doc->meta.last_modified_by));
    jset(meta, "creator", jstr(c, doc->meta.creator));
    jset(meta, "producer", jstr(c, doc->meta.producer));
    jset(meta, "created", jstr(c, doc->meta.created));
    jset(meta, "modified", jstr(c, doc->meta.modified));
    jset(d, "metadata", meta);
    jset(d, "context", json_string(context_name(res->context)));
    jset(d, "rules_version", json_string(res->rules_version ? res->rules_version : ""));
    jset(d, "warnings", jstrvec(c, &doc->warnings));

    /* the location objects of the fields: a field finding is mostly at its field */
    size_t nf = light ? 0 : res->n_fields;
    json_t **floc = nf ? calloc(nf, sizeof *floc) : NULL;
    json_t *fields = json_array();
    for (size_t i = 0; i < nf; i++)
        json_array_append_new(fields, jfield(c, &res->fields[i], floc ? &floc[i] : NULL));
    jset(d, "fields", fields);

    json_t *findings = json_array();
    int sev_count[5] = {0};
    int cat_count[FA_CAT_COUNT] = {0};
    bool dpia = false;
    for (size_t i = 0; i < res->n_findings; i++) {
        const fa_finding *f = &res->findings[i];
        if (light) {
            count_finding(f, sev_count, cat_count, &dpia);
            continue;
        }
        json_t *o = json_object();
        jset(o, "rule", jraw(c, f->rule ? f->rule : ""));
        jset(o, "category", jraw(c, f->category ? f->category : ""));
        jset(o, "severity", jraw(c, fa_severity_name(f->severity)));
        jset(o, "field",
             f->field >= 0 && (size_t)f->field < res->n_fields ? jraw(c, res->fields[f->field].id)
                                                               : json_null());
        jset(o, "quote", jstr(c, f->quote ? f->quote : ""));
        jset(o, "message", jstr(c, f->message ? f->message : ""));
        jset(o, "legal_basis", jstrvec(c, &f->legal_basis));
        jset(o, "recommendation", jstr(c, f->recommendation ? f->recommendation : ""));
        jset(o, "scope", jraw(c, f->scope ? f->scope : "document"));
        jset(o, "pattern", f->pattern ? jraw(c, f->pattern) : json_null());
        jset(o, "matched", jstr(c, f->matched));
        const fa_loc *fl =
            f->field >= 0 && (size_t)f->field < res->n_fields ? &res->fields[f->field].loc : NULL;
        json_t *l = fl && floc && floc[f->field] && same_loc(fl, &f->loc)
                        ? json_incref(floc[f->field])
                        : jloc(c, &f->loc);
        jset(o, "location", l);
        jset(o, "note", jstr(c, f->note));
        json_array_append_new(findings, o);
        count_finding(f, sev_count, cat_count, &dpia);
    }
    jset(d, "findings", findings);
    for (size_t i = 0; floc && i < nf; i++)
        json_decref(floc[i]);
    free(floc);

    const fa_notice *n = &res->notice;
    json_t *no = json_object();
    jset(no, "present", json_boolean(n->present));
    json_t *missing = json_array();
    for (int i = 0; n->present && i < FA_NI_COUNT; i++)
        if (!(n->items & (1u << i)))
            json_array_append_new(missing, json_string(fa_notice_item_name((fa_notice_item)i)));
    jset(no, "missing_items", missing);
    jset(no, "declared_categories", jcats(c, n->declared));
    jset(no, "unlisted_categories", jcats(c, n->unlisted));
    jset(no, "quote", jstr(c, n->text));
    jset(no, "location", n->present ? jloc(c, &n->loc) : json_null());
    jset(no, "retention", jstr(c, n->retention));
    jset(no, "recipients", jstrvec(c, &n->recipients));
    jset(d, "notice", no);

    json_t *sum = json_object();
    for (int s = FA_SEV_CRITICAL; s >= FA_SEV_INFO; s--)
        jset(sum, fa_severity_name((fa_severity)s), json_integer(sev_count[s]));
    json_t *cats = json_object();
    for (int k = 0; k < FA_CAT_COUNT; k++)
        if (cat_count[k])
            jset(cats, fa_category_name((fa_category)k), json_integer(cat_count[k]));
    jset(sum, "categories", cats);
    jset(sum, "dpia", json_boolean(dpia));
    jset(d, "summary", sum);
    jc_free(c);
    return d;
}

void *fa_result_to_json(const fa_result *res, const fa_doc *doc, const char *path)
{
    return result_to_json(res, doc, path, false);
}

void *fa_result_to_json_light(const fa_result *res, const fa_doc *doc, const char *path)
{
    return result_to_json(res, doc, path, true);
}

/* ---------------------------------------------------------------- JSON, streamed */

/* fa_result_write_json prints the document object of fa_result_to_json without
 * building it (no json_t, no key hashing): the same keys in the same order, each value
 * printed as its json_t would be, and a key left out wherever the tree's value would
 * be NULL (a string that is not valid UTF-8 where jansson is asked for it as is:
 * json_string refuses it and setting a NULL value drops the key). The string cache of
 * the tree (jcache) holds here the text to print. test_jsonw.c holds both paths to the
 * same bytes. */
typedef struct jstream {
    fa_jw w;
    jcache c;
} jstream;

/* S as jstr (MASKED) or jraw would make it. NULL when out of memory (w.st set). */
static const jc_str *js_get(jstream *j, const char *s, bool masked)
{
    jc_str *e = jc_find(&j->c, s, masked);
    if (!e) {
        if (!j->w.st)
            j->w.st = FA_ERR_NOMEM;
        return NULL;
    }
    if (e->made)
        return e;
    e->made = true;
    if (!masked || !fa_ident_maybe(s, e->len)) {
        if (fa_json_utf8_valid(s, e->len)) {
            e->o = s;
            e->olen = e->len;
        } else {
            e->o = masked ? "" : NULL;
        }
        return e;
    }
    char *m = fa_ident_mask_loose(s);
    size_t n = m ? strlen(m) : 0;
    if (m && fa_json_utf8_valid(m, n)) {
        e->own = m;
        e->o = m;
        e->olen = n;
    } else {
        free(m);
        e->o = "";
    }
    return e;
}

/* The next member KEY, or the next element of an array when KEY is NULL. Keys are
 * literals and names of the tool: plain ASCII. */
static void js_key(jstream *j, const char *key)
{
    if (key)
        fa_jw_key_lit(&j->w, key, strlen(key));
    else
        fa_jw_item(&j->w);
}

static void js_text(jstream *j, const char *key, const jc_str *e)
{
    if (e && e->o) {
        js_key(j, key);
        fa_jw_str(&j->w, e->o, e->olen);
    }
}

static void js_lit(jstream *j, const char *key, const char *lit)
{
    js_key(j, key);
    fa_jw_lit(&j->w, lit, strlen(lit));
}

static void js_int(jstream *j, const char *key, long long v)
{
    js_key(j, key);
    fa_jw_int(&j->w, v);
}

/* jstr: identifiers masked, NULL -> null. */
static void js_mstr(jstream *j, const char *key, const char *s)
{
    if (!s)
        js_lit(j, key, "null");
    else
        js_text(j, key, js_get(j, s, true));
}

/* jraw: NULL or not valid UTF-8 -> no member. */
static void js_raw(jstream *j, const char *key, const char *s)
{
    if (s)
        js_text(j, key, js_get(j, s, false));
}

/* json_string, uncached: the same rule as jraw. */
static void js_plain(jstream *j, const char *key, const char *s)
{
    if (s && fa_json_utf8_valid(s, strlen(s))) {
        js_key(j, key);
        fa_jw_str(&j->w, s, strlen(s));
    }
}

static void js_strvec(jstream *j, const char *key, const fa_strvec *v)
{
    js_key(j, key);
    fa_jw_open(&j->w, '[');
    for (size_t i = 0; i < v->n; i++)
        js_mstr(j, NULL, v->v[i]);
    fa_jw_close(&j->w, ']');
}

static void js_cats(jstream *j, const char *key, fa_catset set)
{
    js_key(j, key);
    fa_jw_open(&j->w, '[');
    for (int i = 0; set && i < FA_CAT_COUNT; i++)
        if (set & FA_CAT_BIT(i))
            js_raw(j, NULL, fa_category_name((fa_category)i));
    fa_jw_close(&j->w, ']');
}

static void js_loc(jstream *j, const char *key, const fa_loc *l)
{
    js_key(j, key);
    fa_jw_open(&j->w, '{');
    js_int(j, "page", l->page);
    js_int(j, "paragraph", l->paragraph);
    js_int(j, "table", l->table);
    js_int(j, "row", l->row);
    js_int(j, "cell", l->cell);
    if (l->part)
        js_raw(j, "part", l->part);
    else
        js_lit(j, "part", "null");
    fa_jw_close(&j->w, '}');
}

static void js_field(jstream *j, const fa_field *f)
{
    fa_jw_item(&j->w);
    fa_jw_open(&j->w, '{');
    js_raw(j, "id", f->id);
    js_mstr(j, "label", f->label ? f->label : "");
    js_raw(j, "kind", fa_field_kind_name(f->kind));
    js_strvec(j, "options", &f->options);
    js_mstr(j, "section", f->section ? f->section : "");
    js_loc(j, "location", &f->loc);
    js_cats(j, "categories", f->categories);
    js_raw(j, "method", fa_field_method_name(f->method));
    js_lit(j, "label_from_name", f->label_from_name ? "true" : "false");
    char *m = f->value ? value_masked(f) : NULL;
    if (!f->value)
        js_lit(j, "value", "null");
    else if (m)
        js_plain(j, "value", m);
    else
        js_mstr(j, "value", f->value);
    free(m);
    fa_jw_close(&j->w, '}');
}

fa_status fa_result_write_json(const fa_result *res, const fa_doc *doc, const char *path,
                               int indent, unsigned depth, fa_buf *out)
{
    jstream js = {0}, *j = &js;
    fa_jw_begin(&j->w, out, indent, depth);
    fa_jw_open(&j->w, '{');
    js_plain(j, "path", path ? path : doc->path);
    js_plain(j, "format", fa_format_name(doc->format));
    js_plain(j, "status", "ok");
    js_lit(j, "error", "null");
    js_plain(j, "sha256", doc->sha256);
    js_int(j, "size", (long long)doc->size);
    js_int(j, "pages", doc->pages);
    js_key(j, "metadata");
    fa_jw_open(&j->w, '{');
    js_mstr(j, "title", doc->meta.title);
    js_mstr(j, "author", doc->meta.author);
    js_mstr(j, "last_modified_by", doc->meta.last_modified_by);
    js_mstr(j, "creator", doc->meta.creator);
    js_mstr(j, "producer", doc->meta.producer);
    js_mstr(j, "created", doc->meta.created);
    js_mstr(j, "modified", doc->meta.modified);
    fa_jw_close(&j->w, '}');
    js_plain(j, "context", context_name(res->context));
    js_plain(j, "rules_version", res->rules_version ? res->rules_version : "");
    js_strvec(j, "warnings", &doc->warnings);

    js_key(j, "fields");
    fa_jw_open(&j->w, '[');
    for (size_t i = 0; i < res->n_fields; i++)
        js_field(j, &res->fields[i]);
    fa_jw_close(&j->w, ']');

    int sev_count[5] = {0};
    int cat_count[FA_CAT_COUNT] = {0};
    bool dpia = false;
    js_key(j, "findings");
    fa_jw_open(&j->w, '[');
    for (size_t i = 0; i < res->n_findings && !j->w.st; i++) {
        const fa_finding *f = &res->findings[i];
        bool in_field = f->field >= 0 && (size_t)f->field < res->n_fields;
        fa_jw_item(&j->w);
        fa_jw_open(&j->w, '{');
        js_raw(j, "rule", f->rule ? f->rule : "");
        js_raw(j, "category", f->category ? f->category : "");
        js_raw(j, "severity", fa_severity_name(f->severity));
        if (in_field)
            js_raw(j, "field", res->fields[f->field].id);
        else
            js_lit(j, "field", "null");
        js_mstr(j, "quote", f->quote ? f->quote : "");
        js_mstr(j, "message", f->message ? f->message : "");
        js_strvec(j, "legal_basis", &f->legal_basis);
        js_mstr(j, "recommendation", f->recommendation ? f->recommendation : "");
        js_raw(j, "scope", f->scope ? f->scope : "document");
        if (f->pattern)
            js_raw(j, "pattern", f->pattern);
        else
            js_lit(j, "pattern", "null");
        js_mstr(j, "matched", f->matched);
        js_loc(j, "location", &f->loc); /* the tree shares its field's when equal */
        js_mstr(j, "note", f->note);
        fa_jw_close(&j->w, '}');
        count_finding(f, sev_count, cat_count, &dpia);
    }
    fa_jw_close(&j->w, ']');

    const fa_notice *n = &res->notice;
    js_key(j, "notice");
    fa_jw_open(&j->w, '{');
    js_lit(j, "present", n->present ? "true" : "false");
    js_key(j, "missing_items");
    fa_jw_open(&j->w, '[');
    for (int i = 0; n->present && i < FA_NI_COUNT; i++)
        if (!(n->items & (1u << i)))
            js_plain(j, NULL, fa_notice_item_name((fa_notice_item)i));
    fa_jw_close(&j->w, ']');
    js_cats(j, "declared_categories", n->declared);
    js_cats(j, "unlisted_categories", n->unlisted);
    js_mstr(j, "quote", n->text);
    if (n->present)
        js_loc(j, "location", &n->loc);
    else
        js_lit(j, "location", "null");
    js_mstr(j, "retention", n->retention);
    js_strvec(j, "recipients", &n->recipients);
    fa_jw_close(&j->w, '}');

    js_key(j, "summary");
    fa_jw_open(&j->w, '{');
    for (int s = FA_SEV_CRITICAL; s >= FA_SEV_INFO; s--)
        js_int(j, fa_severity_name((fa_severity)s), sev_count[s]);
    js_key(j, "categories");
    fa_jw_open(&j->w, '{');
    for (int k = 0; k < FA_CAT_COUNT; k++)
        if (cat_count[k])
            js_int(j, fa_category_name((fa_category)k), cat_count[k]);
    fa_jw_close(&j->w, '}');
    js_lit(j, "dpia", dpia ? "true" : "false");
    fa_jw_close(&j->w, '}');
    fa_jw_close(&j->w, '}');
    jc_free(&j->c);
    return fa_jw_end(&j->w);
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
    /* formaudit's own words around what came from the file: measures kept, a part
     * name that holds an identifier masked */
    char *msg = fa_ident_mask_message(err && err->message[0] ? err->message : fa_strerror(st));
    json_object_set_new(e, "message", json_string(msg ? msg : ""));
    free(msg);
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
        jcache jc = {0};
        json_t *a = json_array();
        for (size_t i = 0; i < res->n_fields; i++)
            json_array_append_new(a, jfield(&jc, &res->fields[i], NULL));
        jc_free(&jc);
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
        /* masked as -f json masks them (jstr): loose, labels and options alike */
        char *label = fa_ident_mask_loose(f->label ? f->label : "");
        fprintf(out, "%-5s %-10s %-9s %-6s %-45s", f->id, fa_field_kind_name(f->kind),
                fa_field_method_name(f->method), where, label ? label : "");
        free(label);
        for (size_t k = 0; k < f->options.n; k++) {
            char *o = fa_ident_mask_loose(f->options.v[k]);
            fprintf(out, "%s%s", k ? " | " : " [", o ? o : "");
            free(o);
        }
        if (f->options.n)
            fputc(']', out);
        for (int c = 0; c < FA_CAT_COUNT; c++)
            if (f->categories & FA_CAT_BIT(c))
                fprintf(out, " #%s", fa_category_name((fa_category)c));
        fputc('\n', out);
    }
    return ferror(out) ? FA_ERR_IO : FA_OK;
}
