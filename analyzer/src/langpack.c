/* langpack.c — language data of the rule packs (see langpack.h): stop-words and language
 * detection, negation cues, shapes of text that is not data. The lists themselves are
 * in the packs (the JSON files of rules/), each saying where it comes from. */
#include "langpack.h"

#include "fold.h"
#include "result.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct lang_words {
    char *lang;
    fa_strvec words; /* folded, sorted once loading is over (sorted flag) */
    bool sorted;
} lang_words;

/* A pattern of the lexicon. Each pack that gives it adds a part (its alternatives joined);
 * the parts are compiled as "(part0)|(part1)|...", so that a group inside a part keeps
 * its own number: group g of part p is group base[p] + g. */
typedef struct lx_pat {
    fa_strvec parts;
    uint32_t *groups;  /* capture groups of each part */
    uint32_t *base;    /* wrapper group of each part, once compiled (0: no wrapper) */
    pcre2_code *code0; /* the first part, compiled when it was checked */
    char *joined;      /* the parts joined, compiled on first use (several parts) */
    fa_regex re;
    bool ready; /* compiled from at least one part */
} lx_pat;

#define N_FIXED ((size_t)FA_NRE_COUNT + FA_CAT_COUNT + FA_CTX_COUNT + 2 * FA_LX_KINDS)

typedef struct lx_rcp {
    char *id;
    int cls;      /* fa_rcp_class, -1 until a pack defines it */
    size_t order; /* when it was defined: recipients are listed in that order */
    fa_strvec tags, name_lang, name_text;
    lx_pat pat;
} lx_rcp;

struct fa_langdata {
    lang_words langs[FA_LANG_MAX];
    int n_langs;
    fa_strvec neg_src, notdata_src; /* regex sources, owned */
    fa_regex *neg, *notdata;        /* compiled, one per source */
    size_t neg_alloc, notdata_alloc;
    /* the lexicon (langpack.h) */
    lx_pat *pats; /* N_FIXED: roles, categories, contexts (a pointer: matching updates the
                   * regexes' counters through a const fa_langdata) */
    lx_rcp *rcp;
    size_t n_rcp, rcp_alloc, n_defined;
    fa_strvec lists[FA_FL_COUNT]; /* folded */
    bool ph_start[256], ph_pair[26][26];
    fa_strvec text_id, text_lang, text; /* parallel */
    fa_strvec basis_id;
    fa_strvec *basis; /* one list per id */
    size_t basis_alloc;
    fa_strvec num_word, unit_word; /* folded words, their values in num_val / unit_val */
    int *num_val, *unit_val;
    fa_strvec abbrev, passive;
    uint32_t max_groups;
    bool compiled;
};

fa_langdata *fa_langdata_new(void)
{
    fa_langdata *ld = calloc(1, sizeof(fa_langdata));
    if (ld && !(ld->pats = calloc(N_FIXED, sizeof *ld->pats))) {
        free(ld);
        return NULL;
    }
    return ld;
}

static void lx_pat_free(lx_pat *p)
{
    if (p->ready)
        fa_regex_free(&p->re);
    pcre2_code_free(p->code0);
    free(p->joined);
    fa_strvec_free(&p->parts);
    free(p->groups);
    free(p->base);
}

void fa_langdata_free(fa_langdata *ld)
{
    if (!ld)
        return;
    for (size_t i = 0; i < N_FIXED; i++)
        lx_pat_free(&ld->pats[i]);
    free(ld->pats);
    for (size_t i = 0; i < ld->n_rcp; i++) {
        lx_rcp *r = &ld->rcp[i];
        free(r->id);
        fa_strvec_free(&r->tags);
        fa_strvec_free(&r->name_lang);
        fa_strvec_free(&r->name_text);
        lx_pat_free(&r->pat);
    }
    free(ld->rcp);
    for (int i = 0; i < FA_FL_COUNT; i++)
        fa_strvec_free(&ld->lists[i]);
    fa_strvec_free(&ld->text_id);
    fa_strvec_free(&ld->text_lang);
    fa_strvec_free(&ld->text);
    for (size_t i = 0; i < ld->basis_id.n; i++)
        fa_strvec_free(&ld->basis[i]);
    free(ld->basis);
    fa_strvec_free(&ld->basis_id);
    fa_strvec_free(&ld->num_word);
    fa_strvec_free(&ld->unit_word);
    free(ld->num_val);
    free(ld->unit_val);
    fa_strvec_free(&ld->abbrev);
    fa_strvec_free(&ld->passive);
    for (int i = 0; i < ld->n_langs; i++) {
        free(ld->langs[i].lang);
        fa_strvec_free(&ld->langs[i].words);
    }
    for (size_t i = 0; i < ld->neg_src.n; i++)
        fa_regex_free(&ld->neg[i]);
    for (size_t i = 0; i < ld->notdata_src.n; i++)
        fa_regex_free(&ld->notdata[i]);
    free(ld->neg);
    free(ld->notdata);
    fa_strvec_free(&ld->neg_src);
    fa_strvec_free(&ld->notdata_src);
    free(ld);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static lang_words *lang_slot(fa_langdata *ld, const char *lang)
{
    for (int i = 0; i < ld->n_langs; i++)
        if (!strcmp(ld->langs[i].lang, lang))
            return &ld->langs[i];
    if (ld->n_langs == FA_LANG_MAX)
        return NULL;
    lang_words *w = &ld->langs[ld->n_langs];
    memset(w, 0, sizeof *w);
    if (!(w->lang = strdup(lang)))
        return NULL;
    ld->n_langs++;
    return w;
}

/* Append the regexes of list KEY to SRC/CODES, compiling each now so that a bad one is
 * reported while its pack loads. */
static fa_status add_regexes(json_t *root, const char *key, fa_strvec *src, fa_regex **codes,
                             size_t *alloc, char *msg, size_t msglen)
{
    json_t *a = json_object_get(root, key);
    if (!a)
        return FA_OK;
    if (!json_is_array(a)) {
        snprintf(msg, msglen, "\"%s\" must be a list of regexes", key);
        return FA_ERR_RULES;
    }
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v)
    {
        const char *p = json_string_value(v);
        if (!p || !*p) {
            snprintf(msg, msglen, "\"%s\"[%zu] must be a non-empty string", key, i);
            return FA_ERR_RULES;
        }
        for (const unsigned char *c = (const unsigned char *)p; *c; c++)
            if (*c >= 0x80) {
                snprintf(msg, msglen, "\"%s\"[%zu]: write it folded (no accents)", key, i);
                return FA_ERR_RULES;
            }
        if (src->n == *alloc) {
            size_t na = *alloc ? *alloc * 2 : 16;
            fa_regex *r = realloc(*codes, na * sizeof *r);
            if (!r)
                return FA_ERR_NOMEM;
            *codes = r;
            *alloc = na;
        }
        char err[300];
        if (!fa_regex_init(&(*codes)[src->n], p, err, sizeof err)) {
            snprintf(msg, msglen, "\"%s\"[%zu]: invalid regex %s", key, i, err);
            return FA_ERR_RULES;
        }
        if (fa_strvec_push(src, p) != FA_OK) {
            fa_regex_free(&(*codes)[src->n]);
            return FA_ERR_NOMEM;
        }
    }
    return FA_OK;
}

/* ---------------------------------------------------------------- lexicon: loading */

static const char *const role_names[FA_NRE_COUNT] = {"title",
                                                     "strong",
                                                     "weak",
                                                     "controller",
                                                     "dpo",
                                                     "purposes",
                                                     "legal_basis",
                                                     "recipients",
                                                     "retention_word",
                                                     "duration",
                                                     "rights",
                                                     "complaint",
                                                     "declare",
                                                     "about",
                                                     "about_adjectives",
                                                     "negation",
                                                     "share_verb",
                                                     "except",
                                                     "open_ended",
                                                     "vague",
                                                     "period",
                                                     "social_support",
                                                     "consent_words",
                                                     "info_sentence",
                                                     "forced",
                                                     "signature_mandatory",
                                                     "pretick_topic",
                                                     "data_word",
                                                     "vulnerable",
                                                     "evaluation",
                                                     "matching",
                                                     "exclusion",
                                                     "cnil_list",
                                                     "large_scale",
                                                     "association",
                                                     "engagement",
                                                     "person_rights",
                                                     "protection_law",
                                                     "flow",
                                                     "acceptance",
                                                     "open_term",
                                                     "delegated",
                                                     "inactivity",
                                                     "term_bounded",
                                                     "logs",
                                                     "processor",
                                                     "subprocessor",
                                                     "subprocessor_named",
                                                     "joint_controllers",
                                                     "not_opposable",
                                                     "transfer",
                                                     "transfer_safeguards",
                                                     "security",
                                                     "breach",
                                                     "audit",
                                                     "end_return",
                                                     "health_data",
                                                     "health_host",
                                                     "categories_elsewhere",
                                                     "administrations_exchange",
                                                     "person_say",
                                                     "clause_title",
                                                     "section_title",
                                                     "agreement_term",
                                                     "support_staff",
                                                     "person_party",
                                                     "person_address",
                                                     "agent",
                                                     "explicit_consent",
                                                     "party_definition",
                                                     "art28_a",
                                                     "art28_b",
                                                     "art28_c",
                                                     "art28_d",
                                                     "art28_e",
                                                     "art28_f",
                                                     "art28_g",
                                                     "art28_h",
                                                     "art28_a_partial",
                                                     "art28_b_partial",
                                                     "art28_c_partial",
                                                     "art28_d_partial",
                                                     "art28_e_partial",
                                                     "art28_f_partial",
                                                     "art28_g_partial",
                                                     "art28_h_partial"};

static const char *const list_names[FA_FL_COUNT] = {
    "signature",  "date_start", "date_end",      "notice_title", "notice_text",
    "form_label", "rating",     "rating_prefix", "placeholder",  "clause_heading"};

static const char *const class_names[] = {"not_bound", "bound", "unknown", "processor",
                                          "administration"};
static const char *const kind_names[FA_LX_KINDS] = {
    "form",         "convention", "data_exchange_terms",  "charter",
    "terms_of_use", "mandate",    "processing_agreement", "notice"};

/* Add to P the part made of the regexes of list A (alternatives, joined). WHAT names the
 * list in messages (`"notice"."purposes"`). */
static fa_status add_part(lx_pat *p, json_t *a, const char *what, char *msg, size_t msglen)
{
    if (!json_is_array(a) || !json_array_size(a)) {
        snprintf(msg, msglen, "%s must be a non-empty list of regexes", what);
        return FA_ERR_RULES;
    }
    fa_buf b = {0};
    fa_status st = FA_OK;
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v)
    {
        const char *r = json_string_value(v);
        if (!r || !*r) {
            snprintf(msg, msglen, "%s[%zu] must be a non-empty string", what, i);
            st = FA_ERR_RULES;
            break;
        }
        for (const unsigned char *c = (const unsigned char *)r; *c; c++)
            if (*c >= 0x80) {
                snprintf(msg, msglen, "%s[%zu]: write it folded (no accents)", what, i);
                st = FA_ERR_RULES;
                break;
            }
        if (st == FA_OK)
            st = fa_buf_printf(&b, "%s(?:%s)", i ? "|" : "", r);
        if (st != FA_OK)
            break;
    }
    char err[300];
    pcre2_code *code = st == FA_OK ? fa_regex_compile_only(b.data, err, sizeof err) : NULL;
    if (st == FA_OK && !code) {
        /* name the regex at fault */
        json_array_foreach(a, i, v)
        {
            pcre2_code *one = fa_regex_compile_only(json_string_value(v), err, sizeof err);
            if (!one)
                break;
            pcre2_code_free(one);
        }
        snprintf(msg, msglen, "%s[%zu]: invalid regex %s", what, i < json_array_size(a) ? i : 0,
                 err);
        st = FA_ERR_RULES;
    }
    uint32_t groups = 0;
    if (code)
        pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &groups);
    /* the first part's code serves as it is when no other pack adds a part */
    if (code && !p->parts.n && !p->code0)
        p->code0 = code;
    else
        pcre2_code_free(code);
    if (st == FA_OK) {
        uint32_t *g = realloc(p->groups, (p->parts.n + 1) * sizeof *g);
        if (!g)
            st = FA_ERR_NOMEM;
        else {
            p->groups = g;
            g[p->parts.n] = groups;
            st = fa_strvec_push(&p->parts, b.data);
        }
    }
    fa_buf_free(&b);
    return st;
}

/* OBJ (an object of lists of regexes, or absent) adds parts to the patterns it names:
 * NAME(key) gives the pattern's index in ld->pats, or -1 for an unknown key. */
static fa_status add_named(fa_langdata *ld, json_t *root, const char *key,
                           int (*name)(const char *), char *msg, size_t msglen)
{
    json_t *obj = json_object_get(root, key);
    if (!obj)
        return FA_OK;
    if (!json_is_object(obj)) {
        snprintf(msg, msglen, "\"%s\" must be an object", key);
        return FA_ERR_RULES;
    }
    const char *k;
    json_t *v;
    json_object_foreach(obj, k, v)
    {
        int i = name(k);
        if (i < 0) {
            snprintf(msg, msglen, "\"%s\": unknown name \"%s\"", key, k);
            return FA_ERR_RULES;
        }
        char what[160];
        snprintf(what, sizeof what, "\"%s\".\"%s\"", key, k);
        fa_status st = add_part(&ld->pats[i], v, what, msg, msglen);
        if (st != FA_OK)
            return st;
    }
    return FA_OK;
}

static int role_index(const char *k)
{
    for (int i = 0; i < FA_NRE_COUNT; i++)
        if (!strcmp(role_names[i], k))
            return (int)FA_LX_ROLE(i);
    return -1;
}

static int category_index(const char *k)
{
    int c = fa_category_from_name(k);
    return c < 0 ? -1 : (int)FA_LX_CATEGORY(c);
}

static int context_index(const char *k)
{
    for (int x = 1; x < FA_CTX_COUNT; x++)
        if (!strcmp(fa_context_name((fa_context)x), k))
            return (int)FA_LX_CONTEXT(x);
    return -1;
}

/* Push a {lang: text} object's entries to LANGS / TEXTS. */
static fa_status add_bilingual(json_t *o, const char *what, fa_strvec *langs, fa_strvec *texts,
                               char *msg, size_t msglen)
{
    if (!json_is_object(o)) {
        snprintf(msg, msglen, "%s must be an object {\"fr\": …, \"en\": …}", what);
        return FA_ERR_RULES;
    }
    const char *l;
    json_t *v;
    json_object_foreach(o, l, v)
    {
        const char *t = json_string_value(v);
        if (!t) {
            snprintf(msg, msglen, "%s.\"%s\" must be a string", what, l);
            return FA_ERR_RULES;
        }
        fa_status st = fa_strvec_push(langs, l);
        if (st == FA_OK)
            st = fa_strvec_push(texts, t);
        if (st != FA_OK)
            return st;
    }
    return FA_OK;
}

static lx_rcp *rcp_slot(fa_langdata *ld, const char *id)
{
    for (size_t i = 0; i < ld->n_rcp; i++)
        if (!strcmp(ld->rcp[i].id, id))
            return &ld->rcp[i];
    if (ld->n_rcp == ld->rcp_alloc) {
        size_t na = ld->rcp_alloc ? ld->rcp_alloc * 2 : 32;
        lx_rcp *p = realloc(ld->rcp, na * sizeof *p);
        if (!p)
            return NULL;
        ld->rcp = p;
        ld->rcp_alloc = na;
    }
    lx_rcp *r = &ld->rcp[ld->n_rcp];
    memset(r, 0, sizeof *r);
    r->cls = -1;
    if (!(r->id = strdup(id)))
        return NULL;
    ld->n_rcp++;
    return r;
}

/* "notice_recipients": [{"id", "class", "name": {lang: text}, "tags": [...], "patterns": [...]}].
 * An id met before only adds its patterns (and names in new languages). */
static fa_status add_recipients(fa_langdata *ld, json_t *root, char *msg, size_t msglen)
{
    json_t *a = json_object_get(root, "notice_recipients");
    if (!a)
        return FA_OK;
    if (!json_is_array(a)) {
        snprintf(msg, msglen, "\"notice_recipients\" must be a list");
        return FA_ERR_RULES;
    }
    size_t i;
    json_t *e;
    json_array_foreach(a, i, e)
    {
        const char *id = json_string_value(json_object_get(e, "id"));
        if (!id || !*id) {
            snprintf(msg, msglen, "\"notice_recipients\"[%zu]: \"id\" is missing", i);
            return FA_ERR_RULES;
        }
        lx_rcp *r = rcp_slot(ld, id);
        if (!r)
            return FA_ERR_NOMEM;
        char what[160];
        snprintf(what, sizeof what, "\"notice_recipients\"[%zu] (\"%s\")", i, id);
        json_t *cls = json_object_get(e, "class");
        if (cls) {
            const char *c = json_string_value(cls);
            int k = -1;
            for (int j = 0; c && j < (int)(sizeof class_names / sizeof class_names[0]); j++)
                if (!strcmp(class_names[j], c))
                    k = j;
            if (k < 0 || (r->cls >= 0 && r->cls != k)) {
                snprintf(msg, msglen,
                         "%s: \"class\" must be one of not_bound, bound, unknown, "
                         "processor, and given once",
                         what);
                return FA_ERR_RULES;
            }
            if (r->cls < 0)
                r->order = ld->n_defined++;
            r->cls = k;
        }
        fa_status st = FA_OK;
        json_t *name = json_object_get(e, "name");
        if (name)
            st = add_bilingual(name, what, &r->name_lang, &r->name_text, msg, msglen);
        json_t *tags = json_object_get(e, "tags");
        size_t j;
        json_t *t;
        json_array_foreach(tags, j, t)
        {
            if (st == FA_OK)
                st = json_is_string(t) ? fa_strvec_push(&r->tags, json_string_value(t))
                                       : FA_ERR_RULES;
        }
        if (st == FA_ERR_RULES && !msg[0])
            snprintf(msg, msglen, "%s: \"tags\" must be a list of strings", what);
        if (st == FA_OK)
            st = add_part(&r->pat, json_object_get(e, "patterns"), what, msg, msglen);
        if (st != FA_OK)
            return st;
    }
    return FA_OK;
}

/* "fields": {list name: [words]}, folded. */
static fa_status add_lists(fa_langdata *ld, json_t *root, char *msg, size_t msglen)
{
    json_t *o = json_object_get(root, "fields");
    if (!o)
        return FA_OK;
    if (!json_is_object(o)) {
        snprintf(msg, msglen, "\"fields\" must be an object of word lists");
        return FA_ERR_RULES;
    }
    const char *k;
    json_t *a;
    json_object_foreach(o, k, a)
    {
        int l = -1;
        for (int i = 0; i < FA_FL_COUNT; i++)
            if (!strcmp(list_names[i], k))
                l = i;
        if (l < 0 || !json_is_array(a)) {
            snprintf(msg, msglen, "\"fields\".\"%s\": %s", k,
                     l < 0 ? "unknown list" : "must be a list of words");
            return FA_ERR_RULES;
        }
        size_t i;
        json_t *v;
        json_array_foreach(a, i, v)
        {
            const char *w = json_string_value(v);
            if (!w || !*w) {
                snprintf(msg, msglen, "\"fields\".\"%s\"[%zu] must be a non-empty string", k, i);
                return FA_ERR_RULES;
            }
            char *f = fa_fold_simple(w);
            fa_status st = f ? fa_strvec_push(&ld->lists[l], f) : FA_ERR_NOMEM;
            free(f);
            if (st != FA_OK)
                return st;
        }
    }
    return FA_OK;
}

/* "messages": {id: {lang: text}}; an id and language given twice is an error. */
static fa_status add_texts(fa_langdata *ld, json_t *root, char *msg, size_t msglen)
{
    json_t *o = json_object_get(root, "messages");
    if (!o)
        return FA_OK;
    if (!json_is_object(o)) {
        snprintf(msg, msglen, "\"messages\" must be an object");
        return FA_ERR_RULES;
    }
    const char *id;
    json_t *v;
    json_object_foreach(o, id, v)
    {
        char what[160];
        snprintf(what, sizeof what, "\"messages\".\"%s\"", id);
        size_t before = ld->text_lang.n;
        fa_status st = add_bilingual(v, what, &ld->text_lang, &ld->text, msg, msglen);
        for (size_t i = before; st == FA_OK && i < ld->text_lang.n; i++) {
            for (size_t j = 0; j < before; j++)
                if (!strcmp(ld->text_id.v[j], id) &&
                    !strcmp(ld->text_lang.v[j], ld->text_lang.v[i])) {
                    snprintf(msg, msglen, "%s: \"%s\" given twice", what, ld->text_lang.v[i]);
                    return FA_ERR_RULES;
                }
            st = fa_strvec_push(&ld->text_id, id);
        }
        if (st != FA_OK)
            return st;
    }
    return FA_OK;
}

/* "legal_bases": {id: [texts]}. */
static fa_status add_bases(fa_langdata *ld, json_t *root, char *msg, size_t msglen)
{
    json_t *o = json_object_get(root, "legal_bases");
    if (!o)
        return FA_OK;
    if (!json_is_object(o)) {
        snprintf(msg, msglen, "\"legal_bases\" must be an object");
        return FA_ERR_RULES;
    }
    const char *id;
    json_t *a;
    json_object_foreach(o, id, a)
    {
        if (fa_langdata_basis(ld, id) || !json_is_array(a)) {
            snprintf(msg, msglen, "\"legal_bases\".\"%s\": %s", id,
                     json_is_array(a) ? "given twice" : "must be a list");
            return FA_ERR_RULES;
        }
        if (ld->basis_id.n == ld->basis_alloc) {
            size_t na = ld->basis_alloc ? ld->basis_alloc * 2 : 32;
            fa_strvec *p = realloc(ld->basis, na * sizeof *p);
            if (!p)
                return FA_ERR_NOMEM;
            ld->basis = p;
            ld->basis_alloc = na;
        }
        fa_strvec *b = &ld->basis[ld->basis_id.n];
        memset(b, 0, sizeof *b);
        fa_status st = fa_strvec_push(&ld->basis_id, id);
        if (st != FA_OK)
            return st;
        size_t i;
        json_t *v;
        json_array_foreach(a, i, v)
        {
            if (!json_is_string(v)) {
                snprintf(msg, msglen, "\"legal_bases\".\"%s\"[%zu] must be a string", id, i);
                return FA_ERR_RULES;
            }
            if ((st = fa_strvec_push(b, json_string_value(v))) != FA_OK)
                return st;
        }
    }
    return FA_OK;
}

/* KEY: {word: integer} into WORDS (folded) and *VALS. */
static fa_status add_values(json_t *root, const char *key, fa_strvec *words, int **vals, char *msg,
                            size_t msglen)
{
    json_t *o = json_object_get(root, key);
    if (!o)
        return FA_OK;
    if (!json_is_object(o)) {
        snprintf(msg, msglen, "\"%s\" must be an object of integers", key);
        return FA_ERR_RULES;
    }
    const char *w;
    json_t *v;
    json_object_foreach(o, w, v)
    {
        if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 100000) {
            snprintf(msg, msglen, "\"%s\".\"%s\" must be an integer from 0 to 100000", key, w);
            return FA_ERR_RULES;
        }
        int *p = realloc(*vals, (words->n + 1) * sizeof *p);
        if (!p)
            return FA_ERR_NOMEM;
        *vals = p;
        p[words->n] = (int)json_integer_value(v);
        char *f = fa_fold_simple(w);
        fa_status st = f ? fa_strvec_push(words, f) : FA_ERR_NOMEM;
        free(f);
        if (st != FA_OK)
            return st;
    }
    return FA_OK;
}

/* KEY: [words] into OUT, folded. */
static fa_status add_words(json_t *root, const char *key, fa_strvec *out, char *msg, size_t msglen)
{
    json_t *a = json_object_get(root, key);
    if (!a)
        return FA_OK;
    if (!json_is_array(a)) {
        snprintf(msg, msglen, "\"%s\" must be a list of words", key);
        return FA_ERR_RULES;
    }
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v)
    {
        const char *w = json_string_value(v);
        if (!w || !*w) {
            snprintf(msg, msglen, "\"%s\"[%zu] must be a non-empty string", key, i);
            return FA_ERR_RULES;
        }
        char *f = fa_fold_simple(w);
        fa_status st = f ? fa_strvec_push(out, f) : FA_ERR_NOMEM;
        free(f);
        if (st != FA_OK)
            return st;
    }
    return FA_OK;
}

/* "document_kinds": {kind: {"title": [regexes], "body": [regexes]}}. */
static fa_status add_kinds(fa_langdata *ld, json_t *root, char *msg, size_t msglen)
{
    json_t *o = json_object_get(root, "document_kinds");
    if (!o)
        return FA_OK;
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v)
    {
        int i = -1;
        for (int j = 0; j < FA_LX_KINDS; j++)
            if (!strcmp(kind_names[j], k))
                i = j;
        if (i < 0 || !json_is_object(v)) {
            snprintf(msg, msglen, "\"document_kinds\".\"%s\": %s", k,
                     i < 0 ? "unknown kind" : "must be an object {\"title\", \"body\"}");
            return FA_ERR_RULES;
        }
        static const char *const parts[] = {"title", "body"};
        for (int p = 0; p < 2; p++) {
            json_t *a = json_object_get(v, parts[p]);
            if (!a)
                continue;
            char what[160];
            snprintf(what, sizeof what, "\"document_kinds\".\"%s\".\"%s\"", k, parts[p]);
            fa_status st = add_part(&ld->pats[p ? FA_LX_KIND_BODY(i) : FA_LX_KIND_TITLE(i)], a,
                                    what, msg, msglen);
            if (st != FA_OK)
                return st;
        }
    }
    return FA_OK;
}

static fa_status add_lexicon(fa_langdata *ld, json_t *root, char *msg, size_t msglen)
{
    if (ld->compiled) {
        snprintf(msg, msglen, "the language data are compiled already");
        return FA_ERR_RULES;
    }
    fa_status st = add_named(ld, root, "notice", role_index, msg, msglen);
    if (st == FA_OK)
        st = add_named(ld, root, "notice_categories", category_index, msg, msglen);
    if (st == FA_OK)
        st = add_named(ld, root, "contexts", context_index, msg, msglen);
    if (st == FA_OK)
        st = add_kinds(ld, root, msg, msglen);
    if (st == FA_OK)
        st = add_recipients(ld, root, msg, msglen);
    if (st == FA_OK)
        st = add_lists(ld, root, msg, msglen);
    if (st == FA_OK)
        st = add_texts(ld, root, msg, msglen);
    if (st == FA_OK)
        st = add_bases(ld, root, msg, msglen);
    if (st == FA_OK)
        st = add_values(root, "numbers", &ld->num_word, &ld->num_val, msg, msglen);
    if (st == FA_OK)
        st = add_values(root, "period_units", &ld->unit_word, &ld->unit_val, msg, msglen);
    if (st == FA_OK)
        st = add_words(root, "abbreviations", &ld->abbrev, msg, msglen);
    if (st == FA_OK)
        st = add_words(root, "passive_subjects", &ld->passive, msg, msglen);
    return st;
}

fa_status fa_langdata_add(fa_langdata *ld, const char *lang, void *root_v, char *msg, size_t msglen)
{
    json_t *root = root_v;
    json_t *sw = json_object_get(root, "stopwords");
    if (sw) {
        if (!lang) {
            snprintf(msg, msglen, "\"stopwords\" need the pack's \"lang\"");
            return FA_ERR_RULES;
        }
        if (!json_is_array(sw)) {
            snprintf(msg, msglen, "\"stopwords\" must be a list of words");
            return FA_ERR_RULES;
        }
        lang_words *w = lang_slot(ld, lang);
        if (!w) {
            snprintf(msg, msglen, "more than %d languages with stop-words", FA_LANG_MAX);
            return FA_ERR_RULES;
        }
        size_t i;
        json_t *v;
        json_array_foreach(sw, i, v)
        {
            const char *s = json_string_value(v);
            if (!s || !*s) {
                snprintf(msg, msglen, "\"stopwords\"[%zu] must be a non-empty string", i);
                return FA_ERR_RULES;
            }
            char *f = fa_fold_simple(s);
            fa_status st = f ? fa_strvec_push(&w->words, f) : FA_ERR_NOMEM;
            free(f);
            if (st)
                return st;
        }
        qsort(w->words.v, w->words.n, sizeof *w->words.v, cmp_str);
        w->sorted = true;
    }
    fa_status st =
        add_regexes(root, "negations", &ld->neg_src, &ld->neg, &ld->neg_alloc, msg, msglen);
    if (st == FA_OK)
        st = add_regexes(root, "not_data", &ld->notdata_src, &ld->notdata, &ld->notdata_alloc, msg,
                         msglen);
    if (st == FA_OK)
        st = add_lexicon(ld, root, msg, msglen);
    return st;
}

int fa_langdata_index(const fa_langdata *ld, const char *lang)
{
    for (int i = 0; ld && lang && i < ld->n_langs; i++)
        if (!strcmp(ld->langs[i].lang, lang))
            return i;
    return -1;
}

int fa_langdata_count(const fa_langdata *ld)
{
    return ld ? ld->n_langs : 0;
}

static bool has_word(const lang_words *w, const char *word)
{
    return bsearch(&word, w->words.v, w->words.n, sizeof *w->words.v, cmp_str) != NULL;
}

void fa_langdata_count_words(const fa_langdata *ld, const char *s, size_t n, unsigned *counts)
{
    if (!ld || !ld->n_langs)
        return;
    char word[32];
    size_t i = 0;
    while (i < n) {
        while (i < n && !(s[i] >= 'a' && s[i] <= 'z'))
            i++;
        size_t j = i;
        while (j < n && s[j] >= 'a' && s[j] <= 'z')
            j++;
        size_t k = j - i;
        if (k && k < sizeof word) {
            memcpy(word, s + i, k);
            word[k] = 0;
            int hit = -1, hits = 0;
            for (int l = 0; l < ld->n_langs; l++)
                if (has_word(&ld->langs[l], word)) {
                    hit = l;
                    hits++;
                }
            if (hits == 1)
                counts[hit]++;
        }
        i = j;
    }
}

int fa_langdata_pick(const fa_langdata *ld, const unsigned *counts, unsigned min)
{
    int best = -1;
    unsigned top = 0, second = 0;
    for (int l = 0; ld && l < ld->n_langs; l++) {
        if (counts[l] > top) {
            second = top;
            top = counts[l];
            best = l;
        } else if (counts[l] > second) {
            second = counts[l];
        }
    }
    return best >= 0 && top >= min && top > second ? best : -1;
}

bool fa_langdata_negated(const fa_langdata *ld, const char *s, size_t n, size_t a, size_t b,
                         pcre2_match_data *md, pcre2_match_context *mctx, size_t jit_after)
{
    for (size_t k = 0; ld && k < ld->neg_src.n; k++) {
        size_t from = 0;
        while (from <= n && fa_regex_match(&ld->neg[k], s, n, from, md, mctx, jit_after) >= 0) {
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
            size_t ca = ov[0], cb = ov[1];
            if (ca < b && cb > a)
                return true;
            if (ca >= b)
                break;
            from = cb > ca ? cb : ca + 1;
        }
    }
    return false;
}

bool fa_langdata_not_data(const fa_langdata *ld, const char *s, size_t n, pcre2_match_data *md,
                          pcre2_match_context *mctx, size_t jit_after)
{
    for (size_t k = 0; ld && k < ld->notdata_src.n; k++)
        if (fa_regex_match(&ld->notdata[k], s, n, 0, md, mctx, jit_after) >= 0)
            return true;
    return false;
}

/* ---------------------------------------------------------------- lexicon: compiling */

/* One part: its code, checked when its pack loaded, serves as it is. Several parts:
 * joined as "(part1)|(part2)", compiled on first use (most roles never run on a given
 * document; each part compiled alone when it loaded). */
static fa_status compile_pat(lx_pat *p, uint32_t *max_groups)
{
    if (!p->parts.n)
        return FA_OK;
    p->base = calloc(p->parts.n, sizeof *p->base);
    if (!p->base)
        return FA_ERR_NOMEM;
    if (p->parts.n == 1 && p->code0) {
        fa_regex_init_code(&p->re, p->code0);
        p->code0 = NULL;
        p->ready = true;
        if (p->groups[0] + 1 > *max_groups)
            *max_groups = p->groups[0] + 1;
        return FA_OK;
    }
    pcre2_code_free(p->code0);
    p->code0 = NULL;
    fa_buf b = {0};
    fa_status st = FA_OK;
    uint32_t g = 1;
    for (size_t i = 0; i < p->parts.n && st == FA_OK; i++) {
        p->base[i] = g;
        g += 1 + p->groups[i];
        st = fa_buf_printf(&b, "%s(%s)", i ? "|" : "", p->parts.v[i]);
    }
    if (st == FA_OK) {
        p->joined = fa_buf_steal(&b);
        if (!p->joined)
            return FA_ERR_NOMEM;
        fa_regex_init_lazy(&p->re, p->joined);
        p->ready = true;
    }
    if (g > *max_groups)
        *max_groups = g;
    fa_buf_free(&b);
    return st;
}

static int cmp_rcp(const void *a, const void *b)
{
    const lx_rcp *x = a, *y = b;
    return x->order < y->order ? -1 : x->order > y->order;
}

fa_status fa_langdata_compile(fa_langdata *ld, char *msg, size_t msglen)
{
    if (!ld || ld->compiled)
        return FA_OK;
    /* in the order the packs define them, whichever pack added patterns first (an
     * English pack loads before the French one that defines most recipients) */
    for (size_t i = 0; i < ld->n_rcp; i++)
        if (ld->rcp[i].cls < 0) {
            snprintf(msg, msglen, "recipient \"%s\": no pack gives its \"class\"", ld->rcp[i].id);
            return FA_ERR_RULES;
        }
    if (ld->n_rcp)
        qsort(ld->rcp, ld->n_rcp, sizeof *ld->rcp, cmp_rcp);
    fa_status st = FA_OK;
    ld->max_groups = 8;
    for (size_t i = 0; st == FA_OK && i < N_FIXED; i++)
        st = compile_pat(&ld->pats[i], &ld->max_groups);
    for (size_t i = 0; st == FA_OK && i < ld->n_rcp; i++)
        st = compile_pat(&ld->rcp[i].pat, &ld->max_groups);
    /* what a placeholder may start with, for the quick refusals of fields_scan.c */
    const fa_strvec *ph = &ld->lists[FA_FL_PLACEHOLDER];
    for (size_t i = 0; i < ph->n; i++) {
        unsigned char a = (unsigned char)ph->v[i][0], b = (unsigned char)ph->v[i][1];
        ld->ph_start[a] = true;
        if (a >= 'a' && a <= 'z')
            ld->ph_start[a - 'a' + 'A'] = true;
        if (a >= 0x80)
            for (int c = 0x80; c < 0x100; c++)
                ld->ph_start[c] = true;
        if (a >= 'a' && a <= 'z' && b >= 'a' && b <= 'z')
            ld->ph_pair[a - 'a'][b - 'a'] = true;
    }
    if (st == FA_OK)
        ld->compiled = true;
    return st;
}

/* ---------------------------------------------------------------- lexicon: matching */

static lx_pat *pat_at(const fa_langdata *ld, size_t slot)
{
    if (slot < N_FIXED)
        return &ld->pats[slot];
    slot -= N_FIXED;
    return slot < ld->n_rcp ? &ld->rcp[slot].pat : NULL;
}

bool fa_lexicon_find(const fa_langdata *ld, size_t slot, const char *s, size_t n, size_t from,
                     pcre2_match_data *md, pcre2_match_context *mctx, size_t jit_after, size_t *ms,
                     size_t *me)
{
    lx_pat *p = ld ? pat_at(ld, slot) : NULL;
    if (!p || !p->ready || from > n)
        return false;
    /* a span may start or end inside a character (pos + 1, me + 60): PCRE2 would refuse
     * it, and so do we */
    if ((from < n && ((unsigned char)s[from] & 0xC0) == 0x80) ||
        ((unsigned char)s[n] & 0xC0) == 0x80)
        return false;
    if (fa_regex_match_opt(&p->re, s, n, from, PCRE2_NO_UTF_CHECK, md, mctx, jit_after) < 0)
        return false; /* no match, or a match limit: either way nothing to report */
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    if (ms)
        *ms = ov[0];
    if (me)
        *me = ov[1];
    return true;
}

bool fa_lexicon_group(const fa_langdata *ld, size_t slot, pcre2_match_data *md, int g, size_t *gs,
                      size_t *ge)
{
    const lx_pat *p = ld ? pat_at(ld, slot) : NULL;
    if (!p || !p->ready || g < 0)
        return false;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    uint32_t pairs = pcre2_get_ovector_count(md);
    for (size_t i = 0; i < p->parts.n; i++) {
        uint32_t w = p->base[i]; /* 0: a single part, not wrapped */
        if (w >= pairs || ov[2 * w] == PCRE2_UNSET)
            continue;
        /* the part that matched */
        if ((uint32_t)g > p->groups[i] || w + (uint32_t)g >= pairs ||
            ov[2 * (w + (uint32_t)g)] == PCRE2_UNSET)
            return false;
        *gs = ov[2 * (w + (uint32_t)g)];
        *ge = ov[2 * (w + (uint32_t)g) + 1];
        return true;
    }
    return false;
}

uint32_t fa_langdata_groups(const fa_langdata *ld)
{
    return ld && ld->max_groups > 8 ? ld->max_groups : 8;
}

/* ---------------------------------------------------------------- lexicon: data */

size_t fa_langdata_recipients(const fa_langdata *ld)
{
    return ld ? ld->n_rcp : 0;
}

fa_rcp_class fa_langdata_recipient_class(const fa_langdata *ld, size_t k)
{
    return ld && k < ld->n_rcp && ld->rcp[k].cls >= 0 ? (fa_rcp_class)ld->rcp[k].cls
                                                      : FA_RCL_UNKNOWN;
}

/* The entry of LANGS equal to LANG, else to "fr", else the first; -1 when empty. */
static int pick_lang(const fa_strvec *langs, const char *lang)
{
    int fr = -1;
    for (size_t i = 0; i < langs->n; i++) {
        if (lang && !strcmp(langs->v[i], lang))
            return (int)i;
        if (fr < 0 && !strcmp(langs->v[i], "fr"))
            fr = (int)i;
    }
    return fr >= 0 ? fr : langs->n ? 0 : -1;
}

const char *fa_langdata_recipient_name(const fa_langdata *ld, size_t k, const char *lang)
{
    if (!ld || k >= ld->n_rcp)
        return "";
    const lx_rcp *r = &ld->rcp[k];
    int i = pick_lang(&r->name_lang, lang);
    return i >= 0 ? r->name_text.v[i] : r->id;
}

bool fa_langdata_recipient_tag(const fa_langdata *ld, size_t k, const char *tag)
{
    if (!ld || k >= ld->n_rcp)
        return false;
    for (size_t i = 0; i < ld->rcp[k].tags.n; i++)
        if (!strcmp(ld->rcp[k].tags.v[i], tag))
            return true;
    return false;
}

/* The character after a word entry that still ends the word (fields_scan.c's rule). */
static bool word_end(char c)
{
    return !c || c == ' ' || c == '(' || c == '\'' || c == ':' || c == '/' || c == ',' ||
           c == '.' || c == '*' || c == '-';
}

bool fa_langdata_list_has(const fa_langdata *ld, fa_flist l, const char *f)
{
    if (!ld || !f || (unsigned)l >= FA_FL_COUNT)
        return false;
    const fa_strvec *w = &ld->lists[l];
    size_t n = strlen(f);
    for (size_t i = 0; i < w->n; i++) {
        size_t k = strlen(w->v[i]);
        switch (l) {
        case FA_FL_DATE_START:
        case FA_FL_FORM_LABEL:
        case FA_FL_CLAUSE_HEADING:
            if (!strncmp(f, w->v[i], k) && word_end(f[k]))
                return true;
            break;
        case FA_FL_DATE_END:
            if (n > k + 1 && f[n - k - 1] == ' ' && !strcmp(f + n - k, w->v[i]))
                return true;
            break;
        case FA_FL_RATING:
            if (!strcmp(f, w->v[i]))
                return true;
            break;
        case FA_FL_RATING_PREFIX:
            if (!strncmp(f, w->v[i], k) && f[k] == ' ')
                return true;
            break;
        case FA_FL_PLACEHOLDER:
            if (!strncmp(f, w->v[i], k))
                return true;
            break;
        default:
            if (strstr(f, w->v[i]))
                return true;
            break;
        }
    }
    return false;
}

bool fa_langdata_placeholder_start(const fa_langdata *ld, unsigned char c)
{
    return ld && ld->ph_start[c];
}

bool fa_langdata_placeholder_pair(const fa_langdata *ld, unsigned char a, unsigned char b)
{
    return ld && a >= 'a' && a <= 'z' && b >= 'a' && b <= 'z' && ld->ph_pair[a - 'a'][b - 'a'];
}

const char *fa_langdata_text(const fa_langdata *ld, const char *id, const char *lang)
{
    if (!ld || !id)
        return "";
    const char *fr = NULL, *any = NULL;
    for (size_t i = 0; i < ld->text_id.n; i++) {
        if (strcmp(ld->text_id.v[i], id))
            continue;
        if (lang && !strcmp(ld->text_lang.v[i], lang))
            return ld->text.v[i];
        if (!fr && !strcmp(ld->text_lang.v[i], "fr"))
            fr = ld->text.v[i];
        if (!any)
            any = ld->text.v[i];
    }
    return fr ? fr : any ? any : "";
}

fa_status fa_langdata_format(const fa_langdata *ld, const char *id, const char *lang, fa_buf *out,
                             const char *const *kv)
{
    const char *t = fa_langdata_text(ld, id, lang);
    fa_status st = FA_OK;
    while (*t && st == FA_OK) {
        const char *open = strchr(t, '{');
        if (!open)
            return fa_buf_puts(out, t);
        const char *close = open + 1;
        while ((*close >= 'a' && *close <= 'z') || *close == '_')
            close++;
        const char *val = NULL;
        if (*close == '}' && close > open + 1)
            for (size_t i = 0; kv && kv[i] && kv[i + 1] && !val; i += 2)
                if (strlen(kv[i]) == (size_t)(close - open - 1) &&
                    !strncmp(kv[i], open + 1, (size_t)(close - open - 1)))
                    val = kv[i + 1];
        if (val) {
            st = fa_buf_append(out, t, (size_t)(open - t));
            if (st == FA_OK)
                st = fa_buf_puts(out, val);
            t = close + 1;
        } else {
            st = fa_buf_append(out, t, (size_t)(open - t) + 1);
            t = open + 1;
        }
    }
    return st;
}

const fa_strvec *fa_langdata_basis(const fa_langdata *ld, const char *id)
{
    for (size_t i = 0; ld && id && i < ld->basis_id.n; i++)
        if (!strcmp(ld->basis_id.v[i], id))
            return &ld->basis[i];
    return NULL;
}

int fa_langdata_number(const fa_langdata *ld, const char *s, size_t n)
{
    if (n && s[0] >= '0' && s[0] <= '9') {
        int v = 0;
        for (size_t i = 0; i < n && i < 4; i++)
            v = v * 10 + (s[i] - '0');
        return v;
    }
    for (size_t i = 0; ld && i < ld->num_word.n; i++)
        if (strlen(ld->num_word.v[i]) == n && !strncmp(ld->num_word.v[i], s, n))
            return ld->num_val[i];
    return 0;
}

int fa_langdata_unit_months(const fa_langdata *ld, const char *s, size_t n)
{
    size_t best = 0;
    int v = 0;
    for (size_t i = 0; ld && i < ld->unit_word.n; i++) {
        size_t k = strlen(ld->unit_word.v[i]);
        if (k <= n && k > best && !strncmp(ld->unit_word.v[i], s, k)) {
            best = k;
            v = ld->unit_val[i];
        }
    }
    return v;
}

bool fa_langdata_abbrev(const fa_langdata *ld, const char *s, size_t n)
{
    for (size_t i = 0; ld && i < ld->abbrev.n; i++)
        if (strlen(ld->abbrev.v[i]) == n && !strncmp(ld->abbrev.v[i], s, n))
            return true;
    return false;
}

bool fa_langdata_passive_subject(const fa_langdata *ld, const char *s, size_t n)
{
    for (size_t i = 0; ld && i < ld->passive.n; i++) {
        const char *w = ld->passive.v[i];
        size_t k = strlen(w);
        if (k && w[k - 1] == '*') {
            if (n > k - 1 && !strncmp(s, w, k - 1))
                return true;
        } else if (n > k + 1 && !strncmp(s, w, k) && s[k] == ' ') {
            return true;
        }
    }
    return false;
}

_Static_assert(FA_LX_KINDS == FA_DK_COUNT, "one title and one body pattern per document kind");
_Static_assert(sizeof role_names / sizeof role_names[0] == FA_NRE_COUNT, "one name per role");
