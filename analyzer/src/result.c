/* result.c — the result of one document: builders the analysis stages call (fields.c,
 * rules.c, notice.c), the copy of what reports say about the document, sealing (masking
 * every document string before anything leaves the process), the summary counts, and
 * the destructor. audit.c only orchestrates; report_json.c is the only JSON writer. */
#include "result.h"

#include "fa_limits.h"
#include "fold.h"
#include "formaudit_report.h"
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

fa_clause *fa_result_add_clause(fa_result *res)
{
    if (res->n_clauses >= FA_MAX_FINDINGS)
        return NULL;
    if (res->n_clauses == res->alloc_clauses) {
        size_t na = res->alloc_clauses ? res->alloc_clauses * 2 : 16;
        fa_clause *p = realloc(res->clauses, na * sizeof *p);
        if (!p)
            return NULL;
        res->clauses = p;
        res->alloc_clauses = na;
    }
    fa_clause *c = &res->clauses[res->n_clauses++];
    memset(c, 0, sizeof *c);
    return c;
}

static const char *const frame_flags[FA_FRAME_NFLAGS] = {
    "health_team", "public_agents", "mandatory_transmission",
    "not_consent", "consent_basis", "employer",
    "child",       "school"};

const char *fa_frame_flag_name(int bit)
{
    return bit >= 0 && bit < FA_FRAME_NFLAGS ? frame_flags[bit] : "";
}

fa_recipient *fa_result_add_recipient(fa_result *res)
{
    fa_frame *f = &res->frame;
    fa_recipient *p = realloc(f->rcp, (f->n_rcp + 1) * sizeof *p);
    if (!p)
        return NULL;
    f->rcp = p;
    memset(&p[f->n_rcp], 0, sizeof *p);
    return &p[f->n_rcp++];
}

fa_practice *fa_result_add_practice(fa_result *res)
{
    fa_frame *f = &res->frame;
    fa_practice *p = realloc(f->prac, (f->n_prac + 1) * sizeof *p);
    if (!p)
        return NULL;
    f->prac = p;
    memset(&p[f->n_prac], 0, sizeof *p);
    return &p[f->n_prac++];
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
    return st;
}

fa_status fa_result_copy_warnings(fa_result *res, const fa_doc *doc)
{
    fa_strvec_free(&res->warnings);
    fa_status st = FA_OK;
    for (size_t i = 0; !st && i < doc->warnings.n; i++)
        st = fa_strvec_push(&res->warnings, doc->warnings.v[i]);
    return st;
}

/* ---------------------------------------------------------------- sealing */

/* Reports never repeat a personal value (issue 13): an identifier becomes its kind and
 * the fact that its check digits hold ("[NIR, clé valide]"), with no digit left that
 * tells sex or birth; any other identifier-like run (the runs fa_ident_mask_loose masks:
 * chunks of letters and digits joined by single spaces or dots, FA_ID_LOOSE_DIGITS
 * digits at least) is starred whole, its first characters too. ident.c's masks keep a
 * few leading characters for a reader to recognise the kind; sealing keeps none. */

static bool al_num(int c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* Every identifier-like run of S starred whole, in place (the runs of
 * fa_ident_mask_loose: a chunk is letters and digits with a digit, or at most two
 * letters). */
static void star_runs(char *s)
{
    size_t n = strlen(s), i = 0;
    while (i < n) {
        if (!al_num((unsigned char)s[i])) {
            i++;
            continue;
        }
        size_t start = i, end = i, digits = 0;
        for (;;) {
            size_t b = end, d = 0;
            while (b < n && al_num((unsigned char)s[b]))
                d += s[b] >= '0' && s[b] <= '9', b++;
            if (!d && b - end > 2)
                break;
            digits += d;
            end = b;
            if (b + 1 < n && (s[b] == ' ' || s[b] == '.') && al_num((unsigned char)s[b + 1]))
                end = b + 1;
            else
                break;
        }
        while (end > start && (s[end - 1] == ' ' || s[end - 1] == '.'))
            end--;
        if (digits >= FA_ID_LOOSE_DIGITS)
            for (size_t k = start; k < end; k++)
                if (al_num((unsigned char)s[k]))
                    s[k] = '*';
        i = end > start ? end : start + 1;
        while (i < n && al_num((unsigned char)s[i]))
            i++;
    }
}

/* What a report says of an identifier of kind K whose check digits hold. */
static const char *ident_token(fa_ident_kind k, bool en)
{
    switch (k) {
    case FA_ID_NIR:
        return en ? "[NIR, valid check digits]" : "[NIR, clé valide]";
    case FA_ID_IBAN:
        return en ? "[IBAN, valid check digits]" : "[IBAN, clé valide]";
    case FA_ID_SPI:
        return en ? "[tax number, valid check digits]" : "[n° fiscal, clé valide]";
    case FA_ID_BE_NRN:
        return en ? "[Belgian national number, valid check digits]"
                  : "[n° de registre national belge, clé valide]";
    case FA_ID_CH_AVS:
        return en ? "[AVS number, valid check digits]" : "[n° AVS, clé valide]";
    case FA_ID_LU_MAT:
        return en ? "[Luxembourg national number, valid check digits]"
                  : "[matricule luxembourgeois, clé valide]";
    default:
        return en ? "[identifier]" : "[identifiant]";
    }
}

/* S with every identifier replaced by its token (NAME: by as many 'X' as it has letters
 * and digits, for a file name) and every identifier-like run starred whole (NAME: 'X').
 * malloc'd; NULL on OOM. */
static char *mask_ids(const char *s, bool en, bool name)
{
    size_t n = strlen(s), pos = 0, a, b;
    fa_buf out = {0};
    fa_ident_kind k;
    fa_status st = FA_OK;
    while (!st && (k = fa_ident_find(s, n, pos, &a, &b)) != FA_ID_NONE) {
        st = fa_buf_append(&out, s + pos, a - pos);
        for (size_t i = a; name && !st && i < b; i++)
            st = fa_buf_putc(&out, al_num((unsigned char)s[i]) ? 'X' : s[i]);
        if (!st && !name)
            st = fa_buf_puts(&out, ident_token(k, en));
        pos = b;
    }
    if (!st)
        st = fa_buf_append(&out, s + pos, n - pos);
    if (!st && !out.data)
        st = fa_buf_puts(&out, "");
    if (st) {
        fa_buf_free(&out);
        return NULL;
    }
    star_runs(out.data);
    for (char *p = out.data; name && *p; p++)
        if (*p == '*')
            *p = 'X';
    return fa_buf_steal(&out);
}

char *fa_result_mask_text(const char *s, bool en)
{
    return mask_ids(s ? s : "", en, false);
}

static char *mask_strict(const char *s, bool en)
{
    return mask_ids(s, en, false);
}

char *fa_mask_path(const char *path)
{
    /* checksum identifiers whole (no digit left that says sex or birth), then every
     * other run that looks like one, as people write them (ident.c) */
    char *m = mask_ids(path ? path : "", false, true);
    char *r = m ? fa_ident_mask_path(m) : NULL;
    free(m);
    return r;
}

/* *S masked as every report shows a document string (identifiers as their kind,
 * identifier-like runs starred, invalid UTF-8 made ""). NULL stays NULL. */
static fa_status seal_str(char **s, bool en)
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
        m = mask_strict(*s, en);
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

static fa_status seal_vec(fa_strvec *v, bool en)
{
    fa_status st = FA_OK;
    for (size_t i = 0; !st && i < v->n; i++)
        st = seal_str(&v->v[i], en);
    return st;
}

/* What a report says of a filled value: that it is filled, never what it holds. An
 * identifier is said by its kind and whether its check digits hold. The marks are the
 * same in every language: "value" is a key for programs (docs/report-json.md). */
static const char *value_mark(const fa_field *f)
{
    static const char *const valid[] = {[FA_ID_NIR] = "[nir, checksum valid]",
                                        [FA_ID_IBAN] = "[iban, checksum valid]",
                                        [FA_ID_SPI] = "[spi, checksum valid]",
                                        [FA_ID_BE_NRN] = "[be_nrn, checksum valid]",
                                        [FA_ID_CH_AVS] = "[ch_avs, checksum valid]",
                                        [FA_ID_LU_MAT] = "[lu_matricule, checksum valid]"};
    size_t a, b;
    fa_ident_kind k = fa_ident_find(f->value, strlen(f->value), 0, &a, &b);
    if (k != FA_ID_NONE && (size_t)k < sizeof valid / sizeof *valid && valid[k])
        return valid[k];
    if (f->categories & FA_CAT_BIT(FA_CAT_NATIONAL_ID))
        return "[national_id, no valid checksum]";
    if (f->categories & FA_CAT_BIT(FA_CAT_FINANCIAL) && fa_ident_maybe(f->value, strlen(f->value)))
        return "[financial, no valid checksum]";
    return "[filled]";
}

/* The same in the report language, for the quote of a finding about a value. */
static const char *value_words(const fa_field *f, bool en)
{
    size_t a, b;
    fa_ident_kind k = fa_ident_find(f->value, strlen(f->value), 0, &a, &b);
    if (k != FA_ID_NONE)
        return ident_token(k, en);
    if (f->categories & FA_CAT_BIT(FA_CAT_NATIONAL_ID))
        return en ? "[identifier, check digits not valid]" : "[identifiant, clé non valide]";
    return en ? "[filled in]" : "[rempli]";
}

/* An identifier found in running text (rules.c quotes it with ident.c's partial mask,
 * "FR76 **** …"): quoted as its kind. PATTERN names the kind ("iban"). */
static fa_status seal_body_ident(fa_finding *f, bool en)
{
    fa_ident_kind k = fa_ident_kind_from_name(f->pattern);
    if (k == FA_ID_NONE || !f->category || strcmp(f->category, "value"))
        return FA_OK;
    char *q = fa_strdup(ident_token(k, en)), *m = fa_strdup(ident_token(k, en));
    if (!q || !m) {
        free(q);
        free(m);
        return FA_ERR_NOMEM;
    }
    free(f->quote);
    f->quote = q;
    free(f->matched);
    f->matched = m;
    return FA_OK;
}

/* A finding about a filled value quotes the field's label and the fact it is filled. */
static fa_status seal_value_finding(fa_result *res, fa_finding *f, bool en)
{
    if (f->field < 0 && f->pattern)
        return seal_body_ident(f, en);
    if (!f->scope || strcmp(f->scope, "value") || f->field < 0 ||
        (size_t)f->field >= res->n_fields || !res->fields[f->field].value)
        return FA_OK;
    const fa_field *fd = &res->fields[f->field];
    fa_buf q = {0};
    fa_status st = fa_buf_printf(&q, "%s%s%s", fd->label ? fd->label : "",
                                 fd->label && *fd->label ? " : " : "", value_words(fd, en));
    char *m = st ? NULL : fa_strdup(value_words(fd, en));
    if (st || !m) {
        fa_buf_free(&q);
        free(m);
        return FA_ERR_NOMEM;
    }
    free(f->quote);
    f->quote = fa_buf_steal(&q);
    free(f->matched);
    f->matched = m;
    return FA_OK;
}

static fa_status seal_value(fa_field *f)
{
    if (!f->value)
        return FA_OK;
    char *m = fa_str_blank(f->value) ? fa_strdup("") : fa_strdup(value_mark(f));
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

static fa_status seal_findings(fa_result *res, bool en)
{
    fa_status st = FA_OK;
    for (size_t i = 0; !st && i < res->n_findings; i++) {
        fa_finding *f = &res->findings[i];
        st = seal_value_finding(res, f, en); /* before the field's value is sealed */
        if (!st)
            st = seal_str(&f->quote, en);
        if (!st)
            st = seal_str(&f->message, en);
        if (!st)
            st = seal_vec(&f->legal_basis, en);
        if (!st)
            st = seal_str(&f->recommendation, en);
        if (!st)
            st = seal_str(&f->matched, en);
        if (!st)
            st = seal_str(&f->note, en);
        if (!st)
            st = seal_str(&f->prescribed, en);
    }
    return st;
}

/* The frame's strings: the evidence, recipients' and practices' quotes are document text. */
static fa_status seal_frame(fa_result *res, bool en)
{
    fa_frame *fr = &res->frame;
    fa_status st = fa_result_own_part(res, &fr->loc.part);
    char **one[] = {&fr->id, &fr->kind, &fr->issuer, &fr->text, &fr->evidence};
    for (size_t i = 0; !st && i < sizeof one / sizeof *one; i++)
        st = seal_str(one[i], en);
    if (!st)
        st = seal_vec(&fr->legal, en);
    for (size_t i = 0; !st && i < fr->n_rcp; i++) {
        fa_recipient *r = &fr->rcp[i];
        st = fa_result_own_part(res, &r->loc.part);
        char **s[] = {&r->id, &r->name, &r->status, &r->why, &r->quote};
        for (size_t k = 0; !st && k < sizeof s / sizeof *s; k++)
            st = seal_str(s[k], en);
        if (!st)
            st = seal_vec(&r->legal, en);
    }
    for (size_t i = 0; !st && i < fr->n_prac; i++) {
        fa_practice *p = &fr->prac[i];
        st = fa_result_own_part(res, &p->loc.part);
        char **s[] = {&p->rule, &p->text, &p->quote};
        for (size_t k = 0; !st && k < sizeof s / sizeof *s; k++)
            st = seal_str(s[k], en);
    }
    return st;
}

fa_status fa_result_seal(fa_result *res)
{
    if (res->sealed)
        return FA_OK;
    bool en = res->lang && !strcmp(res->lang, "en");
    fa_status st = FA_OK;
    for (size_t i = 0; !st && i < res->n_fields; i++)
        st = fa_result_own_part(res, &res->fields[i].loc.part);
    for (size_t i = 0; !st && i < res->n_findings; i++)
        st = fa_result_own_part(res, &res->findings[i].loc.part);
    if (!st)
        st = fa_result_own_part(res, &res->notice.loc.part);
    for (size_t i = 0; !st && i < res->n_clauses; i++)
        st = fa_result_own_part(res, &res->clauses[i].loc.part);
    /* a file name may hold an identifier ("dossier-1860222A215325.pdf"), and may not be
     * UTF-8 */
    if (!st && res->path) {
        char *m = fa_mask_path(res->path);
        char *c = m ? fa_utf8_clean(m, strlen(m)) : NULL;
        free(m);
        if (!c)
            st = FA_ERR_NOMEM;
        else {
            free(res->path);
            res->path = c;
        }
    }
    if (!st) /* formaudit's own words: measures kept */
        st = seal_message(&res->error);
    fa_meta *m = &res->meta;
    char **meta[] = {&m->title,    &m->subject, &m->author,   &m->creator,
                     &m->producer, &m->created, &m->modified, &m->last_modified_by};
    for (size_t i = 0; !st && i < sizeof meta / sizeof *meta; i++)
        st = seal_str(meta[i], en);
    for (size_t i = 0; !st && i < res->warnings.n; i++)
        st = seal_message(&res->warnings.v[i]);
    if (!st)
        st = seal_str(&res->title, en);
    if (!st)
        st = seal_frame(res, en);
    if (!st)
        st = seal_findings(res, en);
    for (size_t i = 0; !st && i < res->n_fields; i++) {
        fa_field *f = &res->fields[i];
        st = seal_str(&f->label, en);
        if (!st)
            st = seal_vec(&f->options, en);
        if (!st)
            st = seal_str(&f->section, en);
        if (!st)
            st = seal_value(f);
    }
    fa_notice *n = &res->notice;
    if (!st)
        st = seal_str(&n->text, en);
    if (!st)
        st = seal_str(&n->retention, en);
    if (!st)
        st = seal_vec(&n->recipients, en);
    for (size_t i = 0; !st && i < res->n_clauses; i++) {
        st = seal_str(&res->clauses[i].quote, en);
        if (!st)
            st = seal_str(&res->clauses[i].detail, en);
    }
    if (!st)
        res->sealed = true;
    return st;
}

/* ---------------------------------------------------------------- dedup */

typedef struct dkey {
    size_t i;
    int field;
    const char *cat;
    char *q; /* folded quote */
} dkey;

static int cmp_dkey(const void *x, const void *y)
{
    const dkey *a = x, *b = y;
    if (a->field != b->field)
        return a->field < b->field ? -1 : 1;
    int c = strcmp(a->cat, b->cat);
    if (!c)
        c = strcmp(a->q, b->q);
    return c ? c : (a->i < b->i ? -1 : a->i > b->i);
}

/* Whether finding X should be kept rather than Y, both about one item: the graver, then
 * the rule of the audit's language ("fr." for a French audit), then the first. */
static bool better(const fa_result *res, const fa_finding *x, size_t xi, const fa_finding *y,
                   size_t yi)
{
    if (x->severity != y->severity)
        return x->severity > y->severity;
    size_t ln = strlen(res->lang);
    bool xl = x->rule && !strncmp(x->rule, res->lang, ln) && x->rule[ln] == '.';
    bool yl = y->rule && !strncmp(y->rule, res->lang, ln) && y->rule[ln] == '.';
    if (xl != yl)
        return xl;
    return xi < yi;
}

static void finding_clear(fa_finding *f)
{
    free(f->prescribed);
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

fa_status fa_result_dedup(fa_result *res)
{
    size_t n = res->n_findings, nk = 0;
    if (n < 2)
        return FA_OK;
    dkey *k = calloc(n, sizeof *k);
    bool *drop = calloc(n, sizeof *drop);
    fa_status st = k && drop ? FA_OK : FA_ERR_NOMEM;
    for (size_t i = 0; !st && i < n; i++) {
        const fa_finding *f = &res->findings[i];
        /* the built-in language packs' rules only: a rule of the user's own pack
         * (--rules) always reports */
        if (f->field < 0 || !f->quote || !*f->quote || !f->category || !f->rule ||
            (strncmp(f->rule, "fr.", 3) && strncmp(f->rule, "en.", 3)))
            continue;
        char *q = fa_fold_simple(f->quote);
        if (!q) {
            st = FA_ERR_NOMEM;
            break;
        }
        k[nk++] = (dkey){i, f->field, f->category, q};
    }
    if (!st)
        qsort(k, nk, sizeof *k, cmp_dkey);
    /* one finding per (field, category, quote): the same span seen by a French and an
     * English rule, a box that is both a field's label and its only option */
    for (size_t a = 0; !st && a < nk;) {
        size_t b = a + 1, best = a;
        while (b < nk && k[b].field == k[a].field && !strcmp(k[b].cat, k[a].cat) &&
               !strcmp(k[b].q, k[a].q))
            b++;
        for (size_t j = a + 1; j < b; j++)
            if (better(res, &res->findings[k[j].i], k[j].i, &res->findings[k[best].i], k[best].i))
                best = j;
        for (size_t j = a; j < b; j++)
            drop[k[j].i] = j != best;
        a = b;
    }
    size_t w = 0;
    for (size_t i = 0; !st && i < n; i++) {
        if (drop[i]) {
            finding_clear(&res->findings[i]);
            continue;
        }
        if (w != i)
            res->findings[w] = res->findings[i];
        w++;
    }
    if (!st)
        res->n_findings = w;
    for (size_t i = 0; i < nk; i++)
        free(k[i].q);
    free(k);
    free(drop);
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

static void frame_clear(fa_frame *f)
{
    free(f->id);
    free(f->kind);
    free(f->issuer);
    free(f->text);
    fa_strvec_free(&f->legal);
    free(f->evidence);
    for (size_t i = 0; i < f->n_rcp; i++) {
        fa_recipient *r = &f->rcp[i];
        free(r->id);
        free(r->name);
        free(r->status);
        free(r->why);
        fa_strvec_free(&r->legal);
        free(r->quote);
    }
    free(f->rcp);
    for (size_t i = 0; i < f->n_prac; i++) {
        free(f->prac[i].rule);
        free(f->prac[i].text);
        free(f->prac[i].quote);
    }
    free(f->prac);
}

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
    for (size_t i = 0; i < res->n_findings; i++)
        finding_clear(&res->findings[i]);
    free(res->findings);
    frame_clear(&res->frame);
    free(res->title);
    free(res->notice.text);
    free(res->notice.retention);
    fa_strvec_free(&res->notice.recipients);
    for (size_t i = 0; i < res->n_clauses; i++) {
        fa_clause *c = &res->clauses[i];
        free(c->id);
        free(c->status);
        free(c->quote);
        free(c->detail);
    }
    free(res->clauses);
    free(res->rules_version);
    free(res->path);
    free(res->error);
    meta_free(&res->meta);
    fa_strvec_free(&res->warnings);
    fa_strvec_free(&res->parts);
    free(res);
}

/* ---------------------------------------------------------------- accessors */

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
    if (res && res->title && *res->title)
        return res->title;
    return res && res->meta.title ? res->meta.title : "";
}
