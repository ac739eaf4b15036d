/* result.c — the result of one document: builders the analysis stages call (fields.c,
 * rules.c, notice.c), the copy of what reports say about the document, sealing (masking
 * every document string before anything leaves the process), the summary counts, and
 * the destructor. audit.c only orchestrates; report_json.c is the only JSON writer. */
#include "result.h"

#include "fa_limits.h"
#include "ident.h"
#include "jsonw.h"

#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- builders */

fa_result *fa_result_new(const char *path)
{
    fa_result *res = calloc(1, sizeof *res);
    if (!res)
        return NULL;
    res->path = fa_strdup(path ? path : "");
    res->lang = "fr";
    if (!res->path) {
        free(res);
        return NULL;
    }
    return res;
}

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

fa_result *fa_result_new_error(const char *path, fa_format fmt, const fa_error *err)
{
    fa_result *res = fa_result_new(path);
    if (!res)
        return NULL;
    res->format = fmt;
    res->status = err && err->status != FA_OK ? err->status : FA_ERR_INTERNAL;
    res->error = fa_strdup(err && err->message[0] ? err->message : fa_strerror(res->status));
    if (!res->error || fa_result_seal(res) != FA_OK) {
        fa_result_free(res);
        return NULL;
    }
    return res;
}

static fa_status dup_into(char **dst, const char *src)
{
    if (!src)
        return FA_OK;
    *dst = fa_strdup(src);
    return *dst ? FA_OK : FA_ERR_NOMEM;
}

fa_status fa_result_set_doc(fa_result *res, const fa_doc *doc)
{
    res->format = doc->format;
    memcpy(res->sha256, doc->sha256, sizeof res->sha256);
    res->size = (long long)doc->size;
    res->pages = doc->pages;
    const fa_meta *m = &doc->meta;
    fa_meta *r = &res->meta;
    fa_status st = dup_into(&r->title, m->title);
    if (!st)
        st = dup_into(&r->subject, m->subject);
    if (!st)
        st = dup_into(&r->author, m->author);
    if (!st)
        st = dup_into(&r->creator, m->creator);
    if (!st)
        st = dup_into(&r->producer, m->producer);
    if (!st)
        st = dup_into(&r->created, m->created);
    if (!st)
        st = dup_into(&r->modified, m->modified);
    if (!st)
        st = dup_into(&r->last_modified_by, m->last_modified_by);
    for (size_t i = 0; !st && i < doc->warnings.n; i++)
        st = fa_strvec_push(&res->warnings, doc->warnings.v[i]);
    return st;
}

/* ---------------------------------------------------------------- sealing */

/* *S masked as every report shows a document string (identifier-like runs masked,
 * invalid UTF-8 made ""). NULL stays NULL. */
static fa_status seal_str(char **s)
{
    if (!*s)
        return FA_OK;
    size_t n = strlen(*s);
    char *m = NULL;
    if (!fa_ident_maybe(*s, n)) {
        if (fa_json_utf8_valid(*s, n))
            return FA_OK;
        m = fa_strdup("");
    } else {
        m = fa_ident_mask_loose(*s);
        if (m && !fa_json_utf8_valid(m, strlen(m))) {
            free(m);
            m = fa_strdup("");
        }
    }
    if (!m)
        return FA_ERR_NOMEM;
    free(*s);
    *s = m;
    return FA_OK;
}

/* *S masked as formaudit's own message (measures kept) and made valid UTF-8. */
static fa_status seal_message(char **s)
{
    if (!*s)
        return FA_OK;
    char *m = fa_ident_mask_message(*s);
    char *c = m ? fa_utf8_clean(m, strlen(m)) : NULL;
    free(m);
    if (!c)
        return FA_ERR_NOMEM;
    free(*s);
    *s = c;
    return FA_OK;
}

static fa_status seal_vec(fa_strvec *v)
{
    fa_status st = FA_OK;
    for (size_t i = 0; !st && i < v->n; i++)
        st = seal_str(&v->v[i]);
    return st;
}

/* A value in a national_id or financial field is masked whole, checksum or not. */
static fa_status seal_value(fa_field *f)
{
    if (!f->value)
        return FA_OK;
    if (!(f->categories & (FA_CAT_BIT(FA_CAT_NATIONAL_ID) | FA_CAT_BIT(FA_CAT_FINANCIAL))))
        return seal_str(&f->value);
    char *m = fa_ident_mask_value(f->value);
    if (!m)
        m = fa_strdup(""); /* nothing shown rather than the value */
    if (m && !fa_json_utf8_valid(m, strlen(m))) {
        free(m);
        m = fa_strdup("");
    }
    if (!m)
        return FA_ERR_NOMEM;
    free(f->value);
    f->value = m;
    return FA_OK;
}

fa_status fa_result_own_part(fa_result *res, const char **part)
{
    if (!*part)
        return FA_OK;
    for (size_t i = 0; i < res->parts.n; i++)
        if (res->parts.v[i] == *part || !strcmp(res->parts.v[i], *part)) {
            *part = res->parts.v[i];
            return FA_OK;
        }
    fa_status st = fa_strvec_push(&res->parts, *part);
    if (st == FA_OK)
        *part = res->parts.v[res->parts.n - 1];
    return st;
}

fa_status fa_result_seal(fa_result *res)
{
    if (res->sealed)
        return FA_OK;
    fa_status st = FA_OK;
    for (size_t i = 0; !st && i < res->n_fields; i++)
        st = fa_result_own_part(res, &res->fields[i].loc.part);
    for (size_t i = 0; !st && i < res->n_findings; i++)
        st = fa_result_own_part(res, &res->findings[i].loc.part);
    if (!st)
        st = fa_result_own_part(res, &res->notice.loc.part);
    if (!st)
        st = seal_message(&res->error);
    if (!st) { /* a file name may hold an identifier, and may not be UTF-8 */
        char *m = fa_mask_path(res->path);
        char *c = m ? fa_utf8_clean(m, strlen(m)) : NULL;
        free(m);
        if (c) {
            free(res->path);
            res->path = c;
        } else {
            st = FA_ERR_NOMEM;
        }
    }
    fa_meta *m = &res->meta;
    char **meta[] = {&m->title,    &m->subject, &m->author,   &m->creator,
                     &m->producer, &m->created, &m->modified, &m->last_modified_by};
    for (size_t i = 0; !st && i < sizeof meta / sizeof *meta; i++)
        st = seal_str(meta[i]);
    for (size_t i = 0; !st && i < res->warnings.n; i++)
        st = seal_message(&res->warnings.v[i]);
    for (size_t i = 0; !st && i < res->n_fields; i++) {
        fa_field *f = &res->fields[i];
        st = seal_str(&f->label);
        if (!st)
            st = seal_vec(&f->options);
        if (!st)
            st = seal_str(&f->section);
        if (!st)
            st = seal_value(f);
    }
    for (size_t i = 0; !st && i < res->n_findings; i++) {
        fa_finding *f = &res->findings[i];
        st = seal_str(&f->quote);
        if (!st)
            st = seal_str(&f->message);
        if (!st)
            st = seal_vec(&f->legal_basis);
        if (!st)
            st = seal_str(&f->recommendation);
        if (!st)
            st = seal_str(&f->matched);
        if (!st)
            st = seal_str(&f->note);
    }
    fa_notice *n = &res->notice;
    if (!st)
        st = seal_str(&n->text);
    if (!st)
        st = seal_str(&n->retention);
    if (!st)
        st = seal_vec(&n->recipients);
    if (!st)
        res->sealed = true;
    return st;
}

/* ---------------------------------------------------------------- counts */

void fa_result_counts(const fa_result *res, fa_counts *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < res->n_findings; i++) {
        const fa_finding *f = &res->findings[i];
        if ((unsigned)f->severity < FA_SEV_COUNT)
            out->severity[f->severity]++;
        int k = fa_category_from_name(f->category);
        if (k >= 0)
            out->category[k]++;
        if (f->category && !strcmp(f->category, "dpia"))
            out->dpia = true;
    }
}

/* ---------------------------------------------------------------- free */

static void meta_free(fa_meta *m)
{
    free(m->title);
    free(m->subject);
    free(m->author);
    free(m->creator);
    free(m->producer);
    free(m->created);
    free(m->modified);
    free(m->last_modified_by);
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
    free(res->path);
    free(res->error);
    meta_free(&res->meta);
    fa_strvec_free(&res->warnings);
    fa_strvec_free(&res->parts);
    free(res);
}

/* ---------------------------------------------------------------- accessors */

char *fa_mask_path(const char *path)
{
    return fa_ident_mask_path(path ? path : "");
}

fa_status fa_result_status(const fa_result *res)
{
    return res ? res->status : FA_ERR_INTERNAL;
}

const char *fa_result_path(const fa_result *res)
{
    return res && res->path ? res->path : "";
}

fa_format fa_result_format(const fa_result *res)
{
    return res ? res->format : FA_FMT_UNKNOWN;
}

const char *fa_result_error(const fa_result *res)
{
    return res && res->status != FA_OK && res->error ? res->error : NULL;
}

const char *fa_result_rules_version(const fa_result *res)
{
    return res && res->rules_version ? res->rules_version : "";
}

const char *fa_result_title(const fa_result *res)
{
    return res && res->meta.title ? res->meta.title : "";
}
