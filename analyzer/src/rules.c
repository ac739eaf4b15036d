/* rules.c — the rule engine: loads JSON rule packs (rules/SCHEMA.md), compiles them once
 * into an immutable set shared by worker threads, classifies the fields of a document
 * and records findings, and self-tests every rule on its own examples.
 *
 * Matching runs on folded text (fold.h) and maps spans back to the original so quotes
 * stay exact. For speed each regex carries the literals any of its matches must contain
 * (match.h): one pass of an automaton over the text finds which of all the literals
 * occur, and only the regexes owning one of them (and those without any) run, so rules
 * whose literals are absent cost nothing. Regexes are compiled once, when their pack is
 * loaded (a bad one fails there, naming the file and rule; words, which cannot fail,
 * when first used), and JIT-compiled only once they have run enough (match.h). Per-call
 * state (match data, candidates) lives on the caller's side; after fa_rules_compile()
 * the only writes to the set are those lazy compilations and the prefilter's
 * transitions filled in as texts need them, all through atomics (match.h), so threads
 * may still share it. */
#include "rules.h"

#include "evasion.h"
#include "fold.h"
#include "ident.h"
#include "fa_limits.h"
#include "framepack.h"
#include "langpack.h"
#include "match.h"

#include <dirent.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---------------------------------------------------------------- data */

typedef struct rule_example {
    char *text;
    char *context;  /* section / group label the example sits under, or NULL */
    char *document; /* title / opening text of the document, or NULL */
} rule_example;

typedef struct fa_rule {
    char *id;
    char *category; /* category of CONTRACT §3 or a document-level kind */
    int cat;        /* fa_category, or -1 for a document-level kind */
    size_t pack;    /* index into packs */
    fa_severity severity;
    int sev_ctx[FA_CTX_HOUSING + 1]; /* severity in a given issuer context, -1 = same */
    unsigned scopes;                 /* bits (1u << fa_scope) */
    unsigned kinds;                  /* bits (1u << fa_field_kind); 0 = any kind of field */
    bool report;                     /* false: classify the field, record no finding */
    bool per_field;                  /* option hits give one finding per field, quoting its label */
    bool fallback;                   /* runs only on fields no other rule classified */
    char *lang;                      /* language of a strict_language pack, or NULL (never gated) */
    int lang_idx;                    /* its index in the language data, -1 = not gated */
    fa_ident_kind ident;             /* checksum detector instead of patterns */
    fa_strvec patterns, words, exceptions, must, must_not, doc_must, legal;
    char *message[2], *recommendation[2]; /* [0] fr, [1] en */
    rule_example *ex_match, *ex_no;
    size_t n_match, n_no;
    /* compiled at load, one per string of the list above; owned */
    fa_regex *patc, *wordc, *exc, *mustc, *mustnotc, *docc;
} fa_rule;

typedef struct matcher {
    size_t rule;
    unsigned scopes;    /* the rule's, for the candidate filter */
    const char *source; /* the pattern or word as written (borrowed from the rule) */
    fa_regex *re;       /* borrowed from the rule */
    size_t *lits;       /* indices into the literal table; none = always run */
    size_t n_lits;
} matcher;

typedef struct pack_info {
    char *name, *version, *path, *lang, *description;
} pack_info;

struct fa_rules {
    fa_rule *rules;
    size_t n_rules, alloc_rules;
    pack_info *packs;
    size_t n_packs, alloc_packs;
    size_t *id_slot; /* rule index + 1 by hash of its id, 0 = empty; a power of two, at
                        most half full: duplicate ids found in O(1), not O(rules) */
    size_t id_cap;
    char *version;
    bool compiled;
    matcher *m;
    size_t n_m;
    size_t *scope_m[FA_SCOPE_COUNT]; /* matcher indices per scope */
    size_t n_scope_m[FA_SCOPE_COUNT];
    size_t *scope_always[FA_SCOPE_COUNT]; /* matchers without literals per scope */
    size_t n_scope_always[FA_SCOPE_COUNT];
    size_t *scope_ident[FA_SCOPE_COUNT]; /* identifier rules per scope */
    size_t n_scope_ident[FA_SCOPE_COUNT];
    fa_strvec lits;    /* distinct literals */
    size_t *lit_first; /* matchers owning literal i: lit_m[lit_first[i] .. [i + 1]) */
    size_t *lit_m;
    fa_litset *litset;         /* all the literals, searched at once */
    pcre2_match_context *mctx; /* limits from fa_limits.h; read-only after compile */
    size_t jit_after;          /* fa_regex_match threshold; SIZE_MAX with FA_PCRE2_NO_JIT */
    bool no_prefilter;         /* FA_RULES_NO_PREFILTER set: run every regex (benchmarks) */
    fa_langdata *ld;           /* stop-words, negation cues, not-data shapes of the packs */
    fa_framedata *fd;          /* issuers, legal frames, recipients of the packs (frame.c) */
};

static const char *const scope_names[FA_SCOPE_COUNT] = {"label",   "option", "value",
                                                        "section", "notice", "body"};

static const char *const ctx_names[] = {"auto",   "employer", "social",
                                        "school", "health",   "housing"};

/* Document-level kinds a rule may use as its category (CONTRACT.md §4); dotted
 * sub-kinds ("consent.preticked") are accepted for the notice analysis. */
static bool doc_kind_ok(const char *c)
{
    /* processing.*: the controller's duties (register, joint control, paper files);
     * practice.*: good practice the avis credits, never a finding (rules/fr-frames.json) */
    static const char *const kinds[] = {"notice", "sharing", "retention",  "consent",
                                        "dpia",   "value",   "processing", "practice"};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        size_t k = strlen(kinds[i]);
        if (!strncmp(c, kinds[i], k) && (c[k] == 0 || c[k] == '.'))
            return true;
    }
    return false;
}

/* ---------------------------------------------------------------- lifecycle */

fa_rules *fa_rules_new(void)
{
    return calloc(1, sizeof(fa_rules));
}

static void free_codes(fa_regex *c, size_t n)
{
    if (!c)
        return;
    for (size_t i = 0; i < n; i++)
        fa_regex_free(&c[i]);
    free(c);
}

static void free_examples(rule_example *e, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(e[i].text);
        free(e[i].context);
        free(e[i].document);
    }
    free(e);
}

static void free_rule(fa_rule *r)
{
    free(r->id);
    free(r->category);
    free(r->lang);
    free_codes(r->patc, r->patterns.n);
    free_codes(r->wordc, r->words.n);
    fa_strvec_free(&r->patterns);
    fa_strvec_free(&r->words);
    free_codes(r->exc, r->exceptions.n);
    free_codes(r->mustc, r->must.n);
    free_codes(r->mustnotc, r->must_not.n);
    free_codes(r->docc, r->doc_must.n);
    fa_strvec_free(&r->doc_must);
    fa_strvec_free(&r->exceptions);
    fa_strvec_free(&r->must);
    fa_strvec_free(&r->must_not);
    fa_strvec_free(&r->legal);
    for (int i = 0; i < 2; i++) {
        free(r->message[i]);
        free(r->recommendation[i]);
    }
    free_examples(r->ex_match, r->n_match);
    free_examples(r->ex_no, r->n_no);
}

static void free_compiled(fa_rules *rs)
{
    for (size_t i = 0; i < rs->n_m; i++)
        free(rs->m[i].lits);
    free(rs->m);
    rs->m = NULL;
    rs->n_m = 0;
    for (int s = 0; s < FA_SCOPE_COUNT; s++) {
        free(rs->scope_m[s]);
        free(rs->scope_always[s]);
        free(rs->scope_ident[s]);
        rs->scope_m[s] = rs->scope_always[s] = rs->scope_ident[s] = NULL;
        rs->n_scope_m[s] = rs->n_scope_always[s] = rs->n_scope_ident[s] = 0;
    }
    fa_strvec_free(&rs->lits);
    free(rs->lit_first);
    free(rs->lit_m);
    rs->lit_first = rs->lit_m = NULL;
    fa_litset_free(rs->litset);
    rs->litset = NULL;
    pcre2_match_context_free(rs->mctx);
    rs->mctx = NULL;
    rs->compiled = false;
}

void fa_rules_free(fa_rules *rs)
{
    if (!rs)
        return;
    free_compiled(rs);
    for (size_t i = 0; i < rs->n_rules; i++)
        free_rule(&rs->rules[i]);
    free(rs->rules);
    free(rs->id_slot);
    for (size_t i = 0; i < rs->n_packs; i++) {
        free(rs->packs[i].name);
        free(rs->packs[i].version);
        free(rs->packs[i].path);
        free(rs->packs[i].lang);
        free(rs->packs[i].description);
    }
    free(rs->packs);
    free(rs->version);
    fa_langdata_free(rs->ld);
    fa_framedata_free(rs->fd);
    free(rs);
}

const fa_langdata *fa_rules_langdata(const fa_rules *rs)
{
    return rs ? rs->ld : NULL;
}

const char *fa_rules_version(const fa_rules *rs)
{
    return rs && rs->version ? rs->version : "none";
}

/* ---------------------------------------------------------------- loading */

typedef struct loader {
    const char *path;
    const char *lang; /* the pack's language when it is strict_language, or NULL */
    const char *text; /* the pack file, to locate rules by their "id" */
    size_t len;
    fa_error *err;
} loader;

/* Line and column (1-based) of `"id": "ID"` in the pack text, so semantic errors point
 * at the rule. Falls back to 1:1. */
static void locate_id(const loader *ld, const char *id, int *line, int *col)
{
    *line = *col = 1;
    if (!id)
        return;
    size_t idl = strlen(id);
    const char *p = ld->text, *end = ld->text + ld->len;
    while (p && p < end && (p = strstr(p, "\"id\"")) != NULL) {
        const char *q = p + 4;
        while (q < end && (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r'))
            q++;
        if (q < end && *q == ':') {
            q++;
            while (q < end && (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r'))
                q++;
            if (q < end && *q == '"' && (size_t)(end - q) > idl + 1 && !strncmp(q + 1, id, idl) &&
                q[idl + 1] == '"') {
                int l = 1, c = 1;
                for (const char *s = ld->text; s < p; s++) {
                    if (*s == '\n') {
                        l++;
                        c = 1;
                    } else if (((unsigned char)*s & 0xC0) != 0x80) {
                        c++;
                    }
                }
                *line = l;
                *col = c;
                return;
            }
        }
        p += 4;
    }
}

static fa_status rule_error(const loader *ld, const char *id, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static fa_status rule_error(const loader *ld, const char *id, const char *fmt, ...)
{
    char detail[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    int line, col;
    locate_id(ld, id, &line, &col);
    if (id)
        return fa_error_set(ld->err, FA_ERR_RULES, "%s:%d:%d: rule \"%s\": %s", ld->path, line, col,
                            id, detail);
    return fa_error_set(ld->err, FA_ERR_RULES, "%s:%d:%d: %s", ld->path, line, col, detail);
}

/* A list of strings under KEY (absent = empty). */
static fa_status get_strings(const loader *ld, const char *id, json_t *obj, const char *key,
                             fa_strvec *out, bool fold)
{
    json_t *a = json_object_get(obj, key);
    if (!a)
        return FA_OK;
    if (!json_is_array(a))
        return rule_error(ld, id, "\"%s\" must be a list of strings", key);
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v)
    {
        if (!json_is_string(v) || !json_string_length(v))
            return rule_error(ld, id, "\"%s\"[%zu] must be a non-empty string", key, i);
        fa_status st;
        if (fold) {
            char *f = fa_fold_simple(json_string_value(v));
            if (!f)
                return fa_error_set(ld->err, FA_ERR_NOMEM, "out of memory");
            st = fa_strvec_push(out, f);
            free(f);
        } else {
            st = fa_strvec_push(out, json_string_value(v));
        }
        if (st)
            return fa_error_set(ld->err, st, "out of memory");
    }
    return FA_OK;
}

/* {"fr": "...", "en": "..."}: both languages are required. */
static fa_status get_bilingual(const loader *ld, const char *id, json_t *obj, const char *key,
                               char *out[2])
{
    json_t *o = json_object_get(obj, key);
    if (!json_is_object(o))
        return rule_error(ld, id, "\"%s\" must be an object {\"fr\": ..., \"en\": ...}", key);
    const char *langs[2] = {"fr", "en"};
    for (int i = 0; i < 2; i++) {
        json_t *v = json_object_get(o, langs[i]);
        if (!json_is_string(v) || !json_string_length(v))
            return rule_error(ld, id, "\"%s\".\"%s\" is missing or empty", key, langs[i]);
        out[i] = strdup(json_string_value(v));
        if (!out[i])
            return fa_error_set(ld->err, FA_ERR_NOMEM, "out of memory");
    }
    return FA_OK;
}

static fa_status get_examples(const loader *ld, const char *id, json_t *ex, const char *key,
                              rule_example **out, size_t *n)
{
    json_t *a = json_object_get(ex, key);
    if (!json_is_array(a) || json_array_size(a) < 2)
        return rule_error(ld, id, "\"examples\".\"%s\" needs at least 2 examples", key);
    *out = calloc(json_array_size(a), sizeof **out);
    if (!*out)
        return fa_error_set(ld->err, FA_ERR_NOMEM, "out of memory");
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v)
    {
        const char *text = NULL, *ctx = NULL, *doc = NULL;
        if (json_is_string(v)) {
            text = json_string_value(v);
        } else if (json_is_object(v)) {
            text = json_string_value(json_object_get(v, "text"));
            ctx = json_string_value(json_object_get(v, "context"));
            doc = json_string_value(json_object_get(v, "document"));
        }
        if (!text || !*text)
            return rule_error(ld, id,
                              "\"examples\".\"%s\"[%zu]: a string or {\"text\", "
                              "\"context\"} expected",
                              key, i);
        (*out)[i].text = strdup(text);
        (*out)[i].context = ctx ? strdup(ctx) : NULL;
        (*out)[i].document = doc ? strdup(doc) : NULL;
        (*n)++;
        if (!(*out)[i].text || (ctx && !(*out)[i].context) || (doc && !(*out)[i].document))
            return fa_error_set(ld->err, FA_ERR_NOMEM, "out of memory");
    }
    return FA_OK;
}

/* Patterns run on folded text: an accented letter can never match there. */
static bool has_accented(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p == 0xC3)
            return true;
    return false;
}

/* Compile every regex of V into *OUT now, so that an error names this file and rule;
 * they are kept for matching (one pcre2_compile per regex, JIT later: match.h). Plain
 * text cannot fail: it is compiled when first used, as words are. */
static fa_status compile_regexes(const loader *ld, const char *id, const char *what,
                                 const fa_strvec *v, fa_regex **out)
{
    if (!v->n)
        return FA_OK;
    if (!(*out = calloc(v->n, sizeof **out)))
        return fa_error_set(ld->err, FA_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < v->n; i++) {
        char msg[300];
        if (has_accented(v->v[i]))
            return rule_error(ld, id,
                              "%s \"%s\": write it folded (lower case, no accents): "
                              "it runs on folded text",
                              what, v->v[i]);
        if (fa_regex_is_plain(v->v[i]))
            fa_regex_init_plain(&(*out)[i], v->v[i]);
        else if (!fa_regex_init(&(*out)[i], v->v[i], msg, sizeof msg))
            return rule_error(ld, id, "invalid %s %s", what, msg);
    }
    return FA_OK;
}

/* ---- rule ids: checked against one pattern, indexed by hash */

/* FNV-1a: rule ids here, literals in fa_rules_compile. */
static size_t str_hash(const char *s)
{
    size_t h = 14695981039346656037u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* A rule id is `^[a-z][a-z0-9_]*(\.[a-z0-9_-]+)+$` (rules/SCHEMA.md): reports print it
 * in Markdown code spans, HTML attributes and file names, so nothing but these
 * characters may reach them (a backtick would end the code span). Capped at
 * FA_MAX_RULE_ID bytes. */
static bool id_valid(const char *id)
{
    size_t n = strlen(id), i = 0;
    if (n > FA_MAX_RULE_ID || !(id[0] >= 'a' && id[0] <= 'z'))
        return false;
    while (i < n &&
           ((id[i] >= 'a' && id[i] <= 'z') || (id[i] >= '0' && id[i] <= '9') || id[i] == '_'))
        i++;
    int parts = 0;
    while (i < n) {
        if (id[i++] != '.')
            return false;
        size_t start = i;
        while (i < n && ((id[i] >= 'a' && id[i] <= 'z') || (id[i] >= '0' && id[i] <= '9') ||
                         id[i] == '_' || id[i] == '-'))
            i++;
        if (i == start)
            return false;
        parts++;
    }
    return parts > 0;
}

/* The index of rule ID, or SIZE_MAX. */
static size_t id_find(const fa_rules *rs, const char *id)
{
    if (!rs->id_cap)
        return SIZE_MAX;
    for (size_t h = str_hash(id) & (rs->id_cap - 1); rs->id_slot[h]; h = (h + 1) & (rs->id_cap - 1))
        if (!strcmp(rs->rules[rs->id_slot[h] - 1].id, id))
            return rs->id_slot[h] - 1;
    return SIZE_MAX;
}

/* Index the first N rules afresh (after growth, or after a pack was rolled back). */
static fa_status id_rebuild(fa_rules *rs, size_t n, size_t cap)
{
    size_t *slot = calloc(cap, sizeof *slot);
    if (!slot)
        return FA_ERR_NOMEM;
    free(rs->id_slot);
    rs->id_slot = slot;
    rs->id_cap = cap;
    for (size_t i = 0; i < n; i++) {
        size_t h = str_hash(rs->rules[i].id) & (cap - 1);
        while (slot[h])
            h = (h + 1) & (cap - 1);
        slot[h] = i + 1;
    }
    return FA_OK;
}

/* Record rule I (its id set) in the index. */
static fa_status id_add(fa_rules *rs, size_t i)
{
    if ((i + 1) * 2 > rs->id_cap) {
        size_t cap = rs->id_cap ? rs->id_cap * 2 : 256;
        while (cap < (i + 1) * 2)
            cap *= 2;
        fa_status st = id_rebuild(rs, i, cap);
        if (st)
            return st;
    }
    size_t h = str_hash(rs->rules[i].id) & (rs->id_cap - 1);
    while (rs->id_slot[h])
        h = (h + 1) & (rs->id_cap - 1);
    rs->id_slot[h] = i + 1;
    return FA_OK;
}

/* ID is well formed, new, and the set has room for it; else the error, located. */
static fa_status id_check(const fa_rules *rs, const loader *ld, const char *id)
{
    if (!id_valid(id)) {
        /* shown cut (at a character boundary) and with control characters as '?': it
         * goes to a terminal */
        char shown[72];
        size_t k = 0, n = strlen(id);
        for (; k < n && k + 4 < sizeof shown; k++)
            shown[k] = (unsigned char)id[k] < 0x20 || id[k] == 0x7F ? '?' : id[k];
        if (k < n) {
            while (k && ((unsigned char)id[k] & 0xC0) == 0x80)
                k--;
            shown[k++] = '.', shown[k++] = '.', shown[k++] = '.';
        }
        shown[k] = 0;
        int line, col;
        locate_id(ld, id, &line, &col);
        return fa_error_set(ld->err, FA_ERR_RULES,
                            "%s:%d:%d: rule \"%s\": invalid id (lower-case letters, digits and _, "
                            "then one or more \".part\" of a-z 0-9 _ -, at most %d bytes: "
                            "fr.health.mental)",
                            ld->path, line, col, shown, FA_MAX_RULE_ID);
    }
    size_t dup = id_find(rs, id);
    if (dup != SIZE_MAX)
        return rule_error(ld, id, "duplicate rule id (already loaded from %s)",
                          rs->packs[rs->rules[dup].pack].path);
    if (rs->n_rules >= FA_MAX_RULES)
        return rule_error(ld, id, "more than %d rules in the loaded packs (limit FA_MAX_RULES)",
                          FA_MAX_RULES);
    return FA_OK;
}

static fa_status load_rule(fa_rules *rs, const loader *ld, json_t *jr, size_t pack_idx,
                           size_t index)
{
    if (!json_is_object(jr))
        return rule_error(ld, NULL, "rules[%zu] must be an object", index);
    const char *id = json_string_value(json_object_get(jr, "id"));
    if (!id || !*id)
        return rule_error(ld, NULL, "rules[%zu]: \"id\" is missing", index);
    fa_status idst = id_check(rs, ld, id);
    if (idst)
        return idst;
    if (rs->n_rules == rs->alloc_rules) {
        size_t na = rs->alloc_rules ? rs->alloc_rules * 2 : 64;
        fa_rule *p = realloc(rs->rules, na * sizeof *p);
        if (!p)
            return fa_error_set(ld->err, FA_ERR_NOMEM, "out of memory");
        rs->rules = p;
        rs->alloc_rules = na;
    }
    fa_rule *r = &rs->rules[rs->n_rules];
    memset(r, 0, sizeof *r);
    rs->n_rules++; /* counted now so that fa_rules_free frees a half-loaded rule */
    r->pack = pack_idx;
    r->report = true;
    for (size_t i = 0; i <= FA_CTX_HOUSING; i++)
        r->sev_ctx[i] = -1;
    r->id = strdup(id);
    if (!r->id || id_add(rs, rs->n_rules - 1) != FA_OK)
        return fa_error_set(ld->err, FA_ERR_NOMEM, "out of memory");

    const char *cat = json_string_value(json_object_get(jr, "category"));
    if (!cat)
        return rule_error(ld, id, "\"category\" is missing");
    r->cat = fa_category_from_name(cat);
    if (r->cat < 0 && !doc_kind_ok(cat))
        return rule_error(ld, id, "unknown category \"%s\"", cat);
    if (!(r->category = strdup(cat)))
        return fa_error_set(ld->err, FA_ERR_NOMEM, "out of memory");

    int sev = fa_severity_from_name(json_string_value(json_object_get(jr, "severity")));
    if (sev < 0)
        return rule_error(ld, id, "\"severity\" must be info, low, medium, high or critical");
    r->severity = (fa_severity)sev;

    json_t *sc = json_object_get(jr, "scope");
    if (!json_is_array(sc) || !json_array_size(sc))
        return rule_error(ld, id, "\"scope\" must be a non-empty list");
    size_t i;
    json_t *v;
    json_array_foreach(sc, i, v)
    {
        const char *s = json_string_value(v);
        int k = -1;
        for (int j = 0; s && j < FA_SCOPE_COUNT; j++)
            if (!strcmp(s, scope_names[j]))
                k = j;
        if (k < 0)
            return rule_error(ld, id,
                              "unknown scope \"%s\" (label, option, value, section, "
                              "notice, body)",
                              s ? s : "?");
        r->scopes |= 1u << k;
    }

    fa_status st;
    if ((st = get_strings(ld, id, jr, "patterns", &r->patterns, false)) ||
        (st = get_strings(ld, id, jr, "words", &r->words, true)) ||
        (st = get_strings(ld, id, jr, "exceptions", &r->exceptions, false)) ||
        (st = get_strings(ld, id, jr, "legal_basis", &r->legal, false)))
        return st;
    json_t *ctx = json_object_get(jr, "context");
    if (ctx && !json_is_object(ctx))
        return rule_error(ld, id,
                          "\"context\" must be an object {\"must\", \"must_not\", "
                          "\"document\"}");
    if (ctx && ((st = get_strings(ld, id, ctx, "must", &r->must, false)) ||
                (st = get_strings(ld, id, ctx, "must_not", &r->must_not, false)) ||
                (st = get_strings(ld, id, ctx, "document", &r->doc_must, false))))
        return st;

    const char *ident = json_string_value(json_object_get(jr, "ident"));
    if (ident && !(r->ident = fa_ident_kind_from_name(ident)))
        return rule_error(ld, id,
                          "unknown \"ident\" \"%s\" (nir, iban, spi, be_nrn, ch_avs, "
                          "lu_matricule)",
                          ident);
    if (!r->patterns.n && !r->words.n && !r->ident)
        return rule_error(ld, id, "a rule needs \"patterns\", \"words\" or \"ident\"");
    if (!r->legal.n)
        return rule_error(ld, id, "\"legal_basis\" must list at least one text");

    json_t *kinds = json_object_get(jr, "field_kinds");
    if (kinds) {
        if (!json_is_array(kinds))
            return rule_error(ld, id, "\"field_kinds\" must be a list");
        json_array_foreach(kinds, i, v)
        {
            const char *s = json_string_value(v);
            int k = -1;
            for (int j = 0; s && j <= FA_FK_OTHER; j++)
                if (!strcmp(s, fa_field_kind_name((fa_field_kind)j)))
                    k = j;
            if (k < 0)
                return rule_error(ld, id, "unknown field kind \"%s\"", s ? s : "?");
            r->kinds |= 1u << k;
        }
    }
    json_t *rep = json_object_get(jr, "report");
    if (rep && !json_is_boolean(rep))
        return rule_error(ld, id, "\"report\" must be true or false");
    r->report = !rep || json_is_true(rep);
    json_t *pf = json_object_get(jr, "per_field");
    if (pf && !json_is_boolean(pf))
        return rule_error(ld, id, "\"per_field\" must be true or false");
    r->per_field = pf && json_is_true(pf);
    json_t *fb = json_object_get(jr, "fallback");
    if (fb && !json_is_boolean(fb))
        return rule_error(ld, id, "\"fallback\" must be true or false");
    r->fallback = fb && json_is_true(fb);
    r->lang_idx = -1;
    const char *plang = ld->lang;
    if (plang && !(r->lang = strdup(plang)))
        return fa_error_set(ld->err, FA_ERR_NOMEM, "out of memory");

    json_t *sv = json_object_get(jr, "severity_in_context");
    if (sv) {
        if (!json_is_object(sv))
            return rule_error(ld, id, "\"severity_in_context\" must be an object");
        const char *key;
        json_object_foreach(sv, key, v)
        {
            int c = -1;
            for (int j = 1; j <= FA_CTX_HOUSING; j++)
                if (!strcmp(key, ctx_names[j]))
                    c = j;
            int s2 = fa_severity_from_name(json_string_value(v));
            if (c < 0 || s2 < 0)
                return rule_error(ld, id,
                                  "\"severity_in_context\": \"%s\" needs a context "
                                  "(employer, social, school, health, housing) and a "
                                  "severity",
                                  key);
            r->sev_ctx[c] = s2;
        }
    }

    if ((st = get_bilingual(ld, id, jr, "message", r->message)) ||
        (st = get_bilingual(ld, id, jr, "recommendation", r->recommendation)))
        return st;
    json_t *ex = json_object_get(jr, "examples");
    if (!json_is_object(ex))
        return rule_error(ld, id,
                          "\"examples\" {\"match\": [...], \"no_match\": [...]} is "
                          "required");
    if ((st = get_examples(ld, id, ex, "match", &r->ex_match, &r->n_match)) ||
        (st = get_examples(ld, id, ex, "no_match", &r->ex_no, &r->n_no)))
        return st;

    /* Compile every regex now so the error names this file and rule. */
    if ((st = compile_regexes(ld, id, "pattern", &r->patterns, &r->patc)) ||
        (st = compile_regexes(ld, id, "exception", &r->exceptions, &r->exc)) ||
        (st = compile_regexes(ld, id, "context pattern", &r->must, &r->mustc)) ||
        (st = compile_regexes(ld, id, "context pattern", &r->must_not, &r->mustnotc)) ||
        (st = compile_regexes(ld, id, "context pattern", &r->doc_must, &r->docc)))
        return st;
    if (r->words.n && !(r->wordc = calloc(r->words.n, sizeof *r->wordc)))
        return fa_error_set(ld->err, FA_ERR_NOMEM, "out of memory");
    /* Words make most of a pack's regexes and most never run on a given document (the
     * prefilter skips them): they are compiled when first used, unless too long to be
     * sure that they compile (match.h). */
    for (size_t k = 0; k < r->words.n; k++) {
        if (strlen(r->words.v[k]) <= FA_WORD_LAZY_MAX) {
            fa_regex_init_word(&r->wordc[k], r->words.v[k]);
            continue;
        }
        char *p = fa_word_pattern(r->words.v[k]);
        char msg[300];
        if (!p)
            return fa_error_set(ld->err, FA_ERR_NOMEM, "out of memory");
        bool good = fa_regex_init(&r->wordc[k], p, msg, sizeof msg);
        free(p);
        if (!good)
            return rule_error(ld, id, "invalid word \"%s\" %s", r->words.v[k], msg);
    }
    return FA_OK;
}

static fa_status version_string(fa_rules *rs)
{
    fa_buf b = {0};
    fa_status st = FA_OK;
    for (size_t i = 0; i < rs->n_packs && st == FA_OK; i++)
        st = fa_buf_printf(&b, "%s%s %s", i ? ", " : "", rs->packs[i].name, rs->packs[i].version);
    if (st == FA_OK && !b.len)
        st = fa_buf_puts(&b, "none");
    if (st != FA_OK) {
        fa_buf_free(&b);
        return st;
    }
    free(rs->version);
    rs->version = fa_buf_steal(&b);
    return FA_OK;
}

static fa_status read_pack_text(const char *path, char **text, size_t *len, fa_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return fa_error_set(err, FA_ERR_RULES, "%s: cannot open rule pack", path);
    fa_buf b = {0};
    b.cap = FA_MAX_PACK_SIZE;
    char chunk[8192];
    size_t n;
    fa_status st = FA_OK;
    while (st == FA_OK && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        st = fa_buf_append(&b, chunk, n);
    bool bad = ferror(f);
    fclose(f);
    if (st == FA_ERR_LIMIT || (st != FA_OK && b.len >= FA_MAX_PACK_SIZE - sizeof chunk)) {
        fa_buf_free(&b);
        return fa_error_set(err, FA_ERR_RULES, "%s: rule pack larger than %zu bytes", path,
                            (size_t)FA_MAX_PACK_SIZE);
    }
    if (st != FA_OK || bad) {
        fa_buf_free(&b);
        return fa_error_set(err, bad ? FA_ERR_RULES : st, "%s: cannot read rule pack", path);
    }
    if (!b.data && fa_buf_puts(&b, "") != FA_OK)
        return fa_error_set(err, FA_ERR_NOMEM, "out of memory");
    *len = b.len;
    *text = fa_buf_steal(&b);
    return FA_OK;
}

/* Load the pack TEXT (NUL-terminated, LEN bytes, freed here) named PATH in messages. */
static fa_status add_text(fa_rules *rs, const char *path, char *text, size_t len, fa_error *err)
{
    fa_status st = FA_OK;
    loader ld = {path, NULL, text, len, err};
    json_error_t je;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        st = fa_error_set(err, FA_ERR_RULES, "%s:%d:%d: %s", path, je.line, je.column, je.text);
        free(text);
        return st;
    }
    size_t before = rs->n_rules;
    const char *name = json_string_value(json_object_get(root, "pack"));
    const char *version = json_string_value(json_object_get(root, "version"));
    json_t *rules = json_object_get(root, "rules");
    if (!json_is_object(root))
        st = rule_error(&ld, NULL, "a rule pack is a JSON object");
    else if (!name || !*name)
        st = rule_error(&ld, NULL, "\"pack\" (the pack id) is missing");
    else if (!version || !*version)
        st = rule_error(&ld, NULL, "\"version\" is missing");
    else if (!json_is_array(rules))
        st = rule_error(&ld, NULL, "\"rules\" must be a list");
    else if (json_array_size(rules) > FA_MAX_RULES - rs->n_rules)
        st = rule_error(&ld, NULL,
                        "%zu rules: more than %d in the loaded packs (limit FA_MAX_RULES)",
                        json_array_size(rules) + rs->n_rules, FA_MAX_RULES);
    for (size_t i = 0; st == FA_OK && i < rs->n_packs; i++)
        if (!strcmp(rs->packs[i].name, name))
            st = rule_error(&ld, NULL, "pack \"%s\" already loaded from %s", name,
                            rs->packs[i].path);
    if (st == FA_OK && rs->n_packs == rs->alloc_packs) {
        size_t na = rs->alloc_packs ? rs->alloc_packs * 2 : 8;
        pack_info *p = realloc(rs->packs, na * sizeof *p);
        if (!p)
            st = fa_error_set(err, FA_ERR_NOMEM, "out of memory");
        else {
            rs->packs = p;
            rs->alloc_packs = na;
        }
    }
    if (st == FA_OK) {
        pack_info *pi = &rs->packs[rs->n_packs];
        const char *lang = json_string_value(json_object_get(root, "lang"));
        const char *desc = json_string_value(json_object_get(root, "description"));
        /* a strict_language pack fires only on text of its language: English words that
         * are also French words ("parole", "sale", "place") must not cross */
        ld.lang = json_is_true(json_object_get(root, "strict_language")) ? lang : NULL;
        pi->name = strdup(name);
        pi->version = strdup(version);
        pi->path = strdup(path);
        pi->lang = strdup(lang ? lang : "fr");
        pi->description = strdup(desc ? desc : "");
        rs->n_packs++;
        if (!pi->name || !pi->version || !pi->path || !pi->lang || !pi->description)
            st = fa_error_set(err, FA_ERR_NOMEM, "out of memory");
        size_t i;
        json_t *jr;
        json_array_foreach(rules, i, jr)
        {
            if (st != FA_OK)
                break;
            st = load_rule(rs, &ld, jr, rs->n_packs - 1, i);
        }
        if (st == FA_OK && !rs->ld && !(rs->ld = fa_langdata_new()))
            st = fa_error_set(err, FA_ERR_NOMEM, "out of memory");
        if (st == FA_OK) {
            char msg[400] = "";
            fa_status ls = fa_langdata_add(rs->ld, lang, root, msg, sizeof msg);
            if (ls == FA_ERR_RULES)
                st = rule_error(&ld, NULL, "%s", msg);
            else if (ls != FA_OK)
                st = fa_error_set(err, ls, "out of memory");
        }
        if (st == FA_OK && !rs->fd && !(rs->fd = fa_framedata_new()))
            st = fa_error_set(err, FA_ERR_NOMEM, "out of memory");
        if (st == FA_OK) {
            char msg[600] = "";
            fa_status fs = fa_framedata_add(rs->fd, root, msg, sizeof msg);
            if (fs == FA_ERR_RULES)
                st = rule_error(&ld, NULL, "%s", msg);
            else if (fs != FA_OK)
                st = fa_error_set(err, fs, "out of memory");
        }
        if (st != FA_OK) { /* leave the set as it was before this pack */
            for (size_t k = before; k < rs->n_rules; k++)
                free_rule(&rs->rules[k]);
            rs->n_rules = before;
            if (rs->id_cap && id_rebuild(rs, before, rs->id_cap) != FA_OK) {
                free(rs->id_slot); /* rebuilt by the next id_add */
                rs->id_slot = NULL;
                rs->id_cap = 0;
            }
            rs->n_packs--;
            free(pi->name);
            free(pi->version);
            free(pi->path);
            free(pi->lang);
            free(pi->description);
        }
    }
    json_decref(root);
    free(text);
    if (st == FA_OK && version_string(rs) != FA_OK)
        st = fa_error_set(err, FA_ERR_NOMEM, "out of memory");
    return st;
}

fa_status fa_rules_add_file(fa_rules *rs, const char *path, fa_error *err)
{
    if (!rs || !path)
        return fa_error_set(err, FA_ERR_USAGE, "no rule set or no path");
    if (rs->compiled)
        return fa_error_set(err, FA_ERR_USAGE, "%s: rule set already compiled", path);
    char *text;
    size_t len;
    fa_status st = read_pack_text(path, &text, &len, err);
    if (st)
        return st;
    return add_text(rs, path, text, len, err);
}

fa_status fa_rules_add_mem(fa_rules *rs, const char *name, const void *data, size_t size,
                           fa_error *err)
{
    if (!rs || !name || (!data && size))
        return fa_error_set(err, FA_ERR_USAGE, "no rule set, name or data");
    if (rs->compiled)
        return fa_error_set(err, FA_ERR_USAGE, "%s: rule set already compiled", name);
    if (size > FA_MAX_PACK_SIZE)
        return fa_error_set(err, FA_ERR_RULES, "%s: rule pack larger than %zu bytes", name,
                            (size_t)FA_MAX_PACK_SIZE);
    char *text = malloc(size + 1);
    if (!text)
        return fa_error_set(err, FA_ERR_NOMEM, "out of memory");
    if (size)
        memcpy(text, data, size);
    text[size] = 0;
    return add_text(rs, name, text, size, err);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *.json of DIR except schema.json, in name order. 0 packs found is not an error
 * here: the caller tries the next directory. */
static fa_status load_dir(fa_rules *rs, const char *dir, size_t *loaded, fa_error *err)
{
    *loaded = 0;
    DIR *d = opendir(dir);
    if (!d)
        return FA_OK;
    fa_strvec names = {0};
    struct dirent *e;
    fa_status st = FA_OK;
    while (st == FA_OK && (e = readdir(d)) != NULL) {
        size_t k = strlen(e->d_name);
        if (k > 5 && !strcmp(e->d_name + k - 5, ".json") && strcmp(e->d_name, "schema.json") &&
            e->d_name[0] != '.')
            st = fa_strvec_push(&names, e->d_name);
    }
    closedir(d);
    if (names.n)
        qsort(names.v, names.n, sizeof *names.v, cmp_str);
    for (size_t i = 0; st == FA_OK && i < names.n; i++) {
        fa_buf path = {0};
        st = fa_buf_printf(&path, "%s/%s", dir, names.v[i]);
        if (st == FA_OK)
            st = fa_rules_add_file(rs, path.data, err);
        fa_buf_free(&path);
        if (st == FA_OK)
            (*loaded)++;
    }
    fa_strvec_free(&names);
    if (st == FA_ERR_NOMEM && err && !err->message[0])
        fa_error_set(err, st, "out of memory");
    return st;
}

fa_status fa_rules_add_default(fa_rules *rs, fa_error *err)
{
    char dirs[4][PATH_MAX];
    int nd = 0;
    const char *env = getenv("FA_RULES_DIR");
    if (env && *env)
        snprintf(dirs[nd++], PATH_MAX, "%s", env);
    char exe[PATH_MAX];
    ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (k > 0) {
        exe[k] = 0;
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = 0;
            snprintf(dirs[nd++], PATH_MAX, "%.*s/../share/formaudit/rules", PATH_MAX - 32, exe);
        }
    }
#ifdef FA_RULES_SOURCE_DIR
    snprintf(dirs[nd++], PATH_MAX, "%s", FA_RULES_SOURCE_DIR);
#endif
#ifdef FA_RULES_INSTALL_DIR
    snprintf(dirs[nd++], PATH_MAX, "%s", FA_RULES_INSTALL_DIR);
#endif
    for (int i = 0; i < nd; i++) {
        size_t loaded;
        fa_status st = load_dir(rs, dirs[i], &loaded, err);
        if (st != FA_OK || loaded)
            return st;
        if (i == 0 && env && *env)
            return fa_error_set(err, FA_ERR_RULES, "FA_RULES_DIR=%s: no rule pack there", env);
    }
    return fa_error_set(err, FA_ERR_RULES, "no rule packs found (set FA_RULES_DIR)");
}

/* ---------------------------------------------------------------- compiling */

/* Distinct literals, found through a hash of their text while compiling (a pack of
 * 10,000 words has thousands of literals). */
typedef struct lit_index {
    size_t *slot; /* literal index + 1, 0 = empty; size a power of two */
    size_t cap;
} lit_index;

static fa_status add_literal(fa_rules *rs, lit_index *ix, const char *lit, size_t *idx)
{
    if ((rs->lits.n + 1) * 2 > ix->cap) { /* keep the table at most half full */
        size_t cap = ix->cap ? ix->cap * 2 : 1024;
        size_t *slot = calloc(cap, sizeof *slot);
        if (!slot)
            return FA_ERR_NOMEM;
        for (size_t i = 0; i < rs->lits.n; i++) {
            size_t h = str_hash(rs->lits.v[i]) & (cap - 1);
            while (slot[h])
                h = (h + 1) & (cap - 1);
            slot[h] = i + 1;
        }
        free(ix->slot);
        ix->slot = slot;
        ix->cap = cap;
    }
    size_t h = str_hash(lit) & (ix->cap - 1);
    for (; ix->slot[h]; h = (h + 1) & (ix->cap - 1))
        if (!strcmp(rs->lits.v[ix->slot[h] - 1], lit)) {
            *idx = ix->slot[h] - 1;
            return FA_OK;
        }
    fa_status st = fa_strvec_push(&rs->lits, lit);
    if (st == FA_OK) {
        *idx = rs->lits.n - 1;
        ix->slot[h] = rs->lits.n;
    }
    return st;
}

/* A matcher for regex RE of rule RULE (compiled at load); REGEX is its source, or the
 * word pattern, for the literal analysis. */
static fa_status add_matcher(fa_rules *rs, lit_index *ix, size_t *alloc, size_t rule,
                             const char *source, fa_regex *re, const char *regex, bool is_word)
{
    if (rs->n_m == *alloc) {
        size_t na = *alloc ? *alloc * 2 : 256;
        matcher *p = realloc(rs->m, na * sizeof *p);
        if (!p)
            return FA_ERR_NOMEM;
        rs->m = p;
        *alloc = na;
    }
    matcher *m = &rs->m[rs->n_m++];
    memset(m, 0, sizeof *m);
    m->rule = rule;
    m->scopes = rs->rules[rule].scopes;
    m->source = source;
    m->re = re;
    fa_strvec lits = {0};
    fa_status st = FA_OK;
    if (is_word) {
        char *l = fa_word_literal(source);
        if (l)
            st = fa_strvec_push(&lits, l);
        free(l);
    } else {
        st = fa_regex_literals(regex, &lits);
    }
    if (st == FA_OK && lits.n) {
        m->lits = malloc(lits.n * sizeof *m->lits);
        if (!m->lits)
            st = FA_ERR_NOMEM;
        for (size_t i = 0; st == FA_OK && i < lits.n; i++)
            st = add_literal(rs, ix, lits.v[i], &m->lits[m->n_lits++]);
    }
    fa_strvec_free(&lits);
    return st;
}

/* Per-scope indexes, in rule order so that findings come out in pack order, and the
 * inverted index literal -> matchers. */
static fa_status build_indexes(fa_rules *rs)
{
    for (int s = 0; s < FA_SCOPE_COUNT; s++) {
        rs->scope_m[s] = malloc((rs->n_m + 1) * sizeof(size_t));
        rs->scope_always[s] = malloc((rs->n_m + 1) * sizeof(size_t));
        rs->scope_ident[s] = malloc((rs->n_rules + 1) * sizeof(size_t));
        if (!rs->scope_m[s] || !rs->scope_always[s] || !rs->scope_ident[s])
            return FA_ERR_NOMEM;
        for (size_t k = 0; k < rs->n_m; k++)
            if (rs->m[k].scopes & (1u << s)) {
                rs->scope_m[s][rs->n_scope_m[s]++] = k;
                if (!rs->m[k].n_lits)
                    rs->scope_always[s][rs->n_scope_always[s]++] = k;
            }
        for (size_t k = 0; k < rs->n_rules; k++)
            if (rs->rules[k].ident && (rs->rules[k].scopes & (1u << s)))
                rs->scope_ident[s][rs->n_scope_ident[s]++] = k;
    }
    size_t nl = rs->lits.n, total = 0;
    rs->lit_first = calloc(nl + 2, sizeof *rs->lit_first);
    if (!rs->lit_first)
        return FA_ERR_NOMEM;
    for (size_t k = 0; k < rs->n_m; k++)
        for (size_t i = 0; i < rs->m[k].n_lits; i++, total++)
            rs->lit_first[rs->m[k].lits[i] + 2]++;
    for (size_t i = 2; i < nl + 2; i++)
        rs->lit_first[i] += rs->lit_first[i - 1];
    rs->lit_m = malloc((total + 1) * sizeof *rs->lit_m);
    if (!rs->lit_m)
        return FA_ERR_NOMEM;
    for (size_t k = 0; k < rs->n_m; k++) /* in matcher order */
        for (size_t i = 0; i < rs->m[k].n_lits; i++)
            rs->lit_m[rs->lit_first[rs->m[k].lits[i] + 1]++] = k;
    if (nl && !(rs->litset = fa_litset_build(rs->lits.v, nl)))
        return FA_ERR_NOMEM;
    return FA_OK;
}

fa_status fa_rules_compile(fa_rules *rs, fa_error *err)
{
    if (!rs)
        return fa_error_set(err, FA_ERR_USAGE, "no rule set");
    if (rs->compiled)
        return FA_OK;
    fa_status st = FA_OK;
    size_t alloc = 0;
    lit_index ix = {NULL, 0};
    for (size_t i = 0; st == FA_OK && i < rs->n_rules; i++) {
        fa_rule *r = &rs->rules[i];
        for (size_t k = 0; st == FA_OK && k < r->patterns.n; k++)
            st = add_matcher(rs, &ix, &alloc, i, r->patterns.v[k], &r->patc[k], r->patterns.v[k],
                             false);
        for (size_t k = 0; st == FA_OK && k < r->words.n; k++)
            st = add_matcher(rs, &ix, &alloc, i, r->words.v[k], &r->wordc[k], NULL, true);
    }
    free(ix.slot);
    if (st == FA_OK)
        st = build_indexes(rs);
    if (st == FA_OK) {
        rs->mctx = pcre2_match_context_create(NULL);
        if (!rs->mctx)
            st = FA_ERR_NOMEM;
        else {
            pcre2_set_match_limit(rs->mctx, FA_PCRE2_MATCH_LIMIT);
            pcre2_set_depth_limit(rs->mctx, FA_PCRE2_DEPTH_LIMIT);
        }
    }
    if (st == FA_OK && !rs->version)
        st = version_string(rs);
    for (size_t i = 0; st == FA_OK && i < rs->n_rules; i++)
        rs->rules[i].lang_idx = fa_langdata_index(rs->ld, rs->rules[i].lang);
    char msg[400] = "";
    if (st == FA_OK)
        st = fa_langdata_compile(rs->ld, msg, sizeof msg);
    if (st != FA_OK) {
        free_compiled(rs);
        if (st == FA_ERR_RULES)
            return fa_error_set(err, st, "language data of the packs: %s", msg);
        return fa_error_set(err, st, "out of memory");
    }
    rs->no_prefilter = getenv("FA_RULES_NO_PREFILTER") != NULL;
    /* valgrind runs set FA_PCRE2_NO_JIT: JIT code confuses memcheck */
    rs->jit_after = getenv("FA_PCRE2_NO_JIT") ? SIZE_MAX : FA_JIT_AFTER_BYTES;
    rs->compiled = true;
    return FA_OK;
}

/* ---------------------------------------------------------------- scanning */

enum { CTX_SLOTS = 2 };

/* Per-call scratch: the compiled set stays shared, so threads can use it at once.
 * Marks are generation numbers (one per text) so nothing is cleared between texts. */
typedef struct scanner {
    const fa_rules *rs;
    pcre2_match_data *md;
    int lang;           /* language of the current text: rules of another are skipped;
                           -1 = no gating (unknown language, self-tests, notice) */
    bool fallback_pass; /* run only the fallback rules (and only them) */
    uint32_t gen;       /* of the current text */
    uint32_t *lit_seen; /* per literal: gen when found in the current text */
    uint32_t *m_seen;   /* per matcher: gen when a candidate for the current text */
    uint32_t *fired;    /* per rule: gen when it fired on the current text */
    size_t *found;      /* literals found in the current text */
    size_t *cand;       /* matchers to run on it, in matcher order */
    /* A rule's context is the same for all the texts of a field, and often for the
     * fields of a section: context_ok is remembered per rule for the last contexts (two:
     * a field's options have their own, "section / label"). */
    struct ctx_slot {
        char *ctx, *doc; /* copies */
        bool kept;       /* the copies are complete (none failed) */
        uint32_t gen;    /* the memo entries of this context carry it */
    } slot[CTX_SLOTS];
    unsigned cur;           /* slot of the current text */
    uint32_t ctx_gen;       /* last generation given to a slot */
    uint32_t *ctx_memo_gen; /* [slot * n_rules + rule]: gen when ctx_memo was computed */
    bool *ctx_memo;         /* [slot * n_rules + rule]: context_ok in that context */
    /* the document's opening, the same for a whole document: its `document` matches */
    char *doc_seen; /* copy */
    bool doc_kept;
    uint32_t doc_gen;
    uint32_t *doc_memo_gen; /* per rule: doc_gen when doc_memo was computed */
    bool *doc_memo;         /* per rule: one of its `document` patterns matches */
} scanner;

static fa_status scanner_init(scanner *sc, const fa_rules *rs)
{
    memset(sc, 0, sizeof *sc);
    sc->rs = rs;
    sc->lang = -1;
    sc->md = pcre2_match_data_create(32, NULL);
    sc->lit_seen = calloc(rs->lits.n + 1, sizeof *sc->lit_seen);
    sc->m_seen = calloc(rs->n_m + 1, sizeof *sc->m_seen);
    sc->fired = calloc(rs->n_rules + 1, sizeof *sc->fired);
    sc->found = malloc((rs->lits.n + 1) * sizeof *sc->found);
    sc->cand = malloc((rs->n_m + 1) * sizeof *sc->cand);
    sc->ctx_memo_gen = calloc(CTX_SLOTS * rs->n_rules + 1, sizeof *sc->ctx_memo_gen);
    sc->ctx_memo = calloc(CTX_SLOTS * rs->n_rules + 1, sizeof *sc->ctx_memo);
    sc->doc_memo_gen = calloc(rs->n_rules + 1, sizeof *sc->doc_memo_gen);
    sc->doc_memo = calloc(rs->n_rules + 1, sizeof *sc->doc_memo);
    if (!sc->md || !sc->lit_seen || !sc->m_seen || !sc->fired || !sc->found || !sc->cand ||
        !sc->ctx_memo_gen || !sc->ctx_memo || !sc->doc_memo_gen || !sc->doc_memo)
        return FA_ERR_NOMEM;
    return FA_OK;
}

static void scanner_free(scanner *sc)
{
    pcre2_match_data_free(sc->md);
    free(sc->lit_seen);
    free(sc->m_seen);
    free(sc->fired);
    free(sc->found);
    free(sc->cand);
    for (unsigned k = 0; k < CTX_SLOTS; k++) {
        free(sc->slot[k].ctx);
        free(sc->slot[k].doc);
    }
    free(sc->ctx_memo_gen);
    free(sc->ctx_memo);
    free(sc->doc_seen);
    free(sc->doc_memo_gen);
    free(sc->doc_memo);
}

static bool re_find(scanner *sc, fa_regex *re, const char *s, size_t n, size_t from, size_t *a,
                    size_t *b)
{
    int rc = fa_regex_match(re, s, n, from, sc->md, sc->rs->mctx, sc->rs->jit_after);
    if (rc < 0)
        return false; /* no match, or a limit hit: a runaway pattern does not fire */
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(sc->md);
    *a = ov[0];
    *b = ov[1];
    return true;
}

static bool re_any(scanner *sc, fa_regex *codes, size_t n_codes, const char *s, size_t n)
{
    size_t a, b;
    for (size_t i = 0; i < n_codes; i++)
        if (re_find(sc, &codes[i], s, n, 0, &a, &b))
            return true;
    return false;
}

/* Sentence of S around [a, b) for exceptions in long texts. */
static void sentence(const char *s, size_t n, size_t a, size_t b, size_t *sa, size_t *sb)
{
    size_t i = a;
    while (i > 0 && !strchr(".;!?\n", s[i - 1]))
        i--;
    size_t j = b;
    while (j < n && !strchr(".;!?\n", s[j]))
        j++;
    *sa = i;
    *sb = j;
}

/* Exceptions cancel a match that they also match: anywhere in a short text (label,
 * option, value, section), in the same sentence in a long one (notice, body). */
static bool excepted(scanner *sc, const fa_rule *r, const char *s, size_t n, size_t a, size_t b,
                     bool long_text)
{
    if (!r->exceptions.n)
        return false;
    size_t sa = 0, sb = n;
    if (long_text)
        sentence(s, n, a, b, &sa, &sb);
    size_t ea, eb;
    for (size_t i = 0; i < r->exceptions.n; i++)
        if (re_find(sc, &r->exc[i], s, sb, sa, &ea, &eb))
            return true;
    return false;
}

/* The rule's context: CTX is the folded section heading / "section / group label", DOC
 * the folded opening of the document (title, first paragraphs); either may be NULL when
 * unknown. A rule with `must` or `document` patterns needs one of them to match (a grid
 * says what it is either in its heading or in the document title); `must_not` vetoes. */
static bool context_ok(scanner *sc, size_t ri, const char *ctx, const char *doc)
{
    const fa_rule *r = &sc->rs->rules[ri];
    if (r->must.n || r->doc_must.n) {
        if (doc && r->doc_must.n && sc->doc_memo_gen[ri] != sc->doc_gen) {
            sc->doc_memo[ri] = re_any(sc, r->docc, r->doc_must.n, doc, strlen(doc));
            sc->doc_memo_gen[ri] = sc->doc_gen;
        }
        bool ok = (ctx && r->must.n && re_any(sc, r->mustc, r->must.n, ctx, strlen(ctx))) ||
                  (doc && r->doc_must.n && sc->doc_memo[ri]);
        if (!ok)
            return false;
    }
    if (ctx && r->must_not.n && re_any(sc, r->mustnotc, r->must_not.n, ctx, strlen(ctx)))
        return false;
    return true;
}

static bool same_text(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

/* Make (CTX, DOC) the context of the current text (sc->cur): a slot that holds it, or
 * the least recently used one, whose remembered context_ok results are then forgotten. */
static void context_now(scanner *sc, const char *ctx, const char *doc)
{
    if (!sc->doc_kept || !same_text(sc->doc_seen, doc)) { /* a new document */
        free(sc->doc_seen);
        sc->doc_seen = doc ? strdup(doc) : NULL;
        sc->doc_kept = !doc || sc->doc_seen;
        if (++sc->doc_gen == 0) {
            memset(sc->doc_memo_gen, 0, sc->rs->n_rules * sizeof *sc->doc_memo_gen);
            sc->doc_gen = 1;
        }
    }
    for (unsigned k = 0; k < CTX_SLOTS; k++) {
        struct ctx_slot *sl = &sc->slot[(sc->cur + k) % CTX_SLOTS];
        if (sl->gen && sl->kept && same_text(sl->ctx, ctx) && same_text(sl->doc, doc)) {
            sc->cur = (sc->cur + k) % CTX_SLOTS;
            return;
        }
    }
    sc->cur = (sc->cur + 1) % CTX_SLOTS; /* the other one: least recently used */
    struct ctx_slot *sl = &sc->slot[sc->cur];
    if (!same_text(sl->ctx, ctx)) {
        free(sl->ctx);
        sl->ctx = ctx ? strdup(ctx) : NULL;
    }
    if (!same_text(sl->doc, doc)) {
        free(sl->doc);
        sl->doc = doc ? strdup(doc) : NULL;
    }
    sl->kept = (!ctx || sl->ctx) && (!doc || sl->doc);
    if (++sc->ctx_gen == 0) { /* wrapped: forget every slot */
        memset(sc->ctx_memo_gen, 0, CTX_SLOTS * sc->rs->n_rules * sizeof *sc->ctx_memo_gen);
        for (unsigned k = 0; k < CTX_SLOTS; k++)
            sc->slot[k].gen = 0;
        sc->ctx_gen = 1;
    }
    sl->gen = sc->ctx_gen;
}

typedef void (*hit_cb)(size_t rule, const char *source, size_t fa, size_t fb, void *ud);

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* The matchers of SCOPE that may match folded text S into sc->cand, in matcher order:
 * those owning a literal that occurs in S, and those without literals. */
static size_t candidates(scanner *sc, fa_scope scope, const char *s, size_t n)
{
    const fa_rules *rs = sc->rs;
    if (rs->no_prefilter) {
        memcpy(sc->cand, rs->scope_m[scope], rs->n_scope_m[scope] * sizeof *sc->cand);
        return rs->n_scope_m[scope];
    }
    size_t nc = 0, nf = 0;
    unsigned bit = 1u << scope;
    if (rs->litset)
        nf = fa_litset_find(rs->litset, s, n, sc->lit_seen, sc->gen, sc->found);
    for (size_t f = 0; f < nf; f++) {
        size_t li = sc->found[f];
        for (size_t j = rs->lit_first[li]; j < rs->lit_first[li + 1]; j++) {
            size_t k = rs->lit_m[j];
            if ((rs->m[k].scopes & bit) && sc->m_seen[k] != sc->gen) {
                sc->m_seen[k] = sc->gen;
                sc->cand[nc++] = k;
            }
        }
    }
    memcpy(sc->cand + nc, rs->scope_always[scope], rs->n_scope_always[scope] * sizeof *sc->cand);
    nc += rs->n_scope_always[scope];
    if (nc > 1)
        qsort(sc->cand, nc, sizeof *sc->cand, cmp_size);
    return nc;
}

/* Run the rules of SCOPE over folded text S. Each rule reports at most its first
 * surviving match unless ALL is set. ONLY, when not SIZE_MAX, restricts to one rule
 * (self-tests). */
static void scan(scanner *sc, fa_scope scope, const char *s, size_t n, const char *ctx,
                 const char *doc, bool all, size_t only, hit_cb cb, void *ud)
{
    const fa_rules *rs = sc->rs;
    bool long_text = scope == FA_SCOPE_NOTICE || scope == FA_SCOPE_BODY;
    if (++sc->gen == 0) { /* wrapped: forget the marks of 4 billion texts ago */
        memset(sc->lit_seen, 0, rs->lits.n * sizeof *sc->lit_seen);
        memset(sc->m_seen, 0, rs->n_m * sizeof *sc->m_seen);
        memset(sc->fired, 0, rs->n_rules * sizeof *sc->fired);
        sc->gen = 1;
    }
    size_t nc = candidates(sc, scope, s, n);
    context_now(sc, ctx, doc);
    size_t last_rule = SIZE_MAX;
    bool ctx_good = false;
    for (size_t k = 0; k < nc; k++) {
        matcher *m = &rs->m[sc->cand[k]];
        if ((only != SIZE_MAX && m->rule != only) || (!all && sc->fired[m->rule] == sc->gen))
            continue;
        const fa_rule *r = &rs->rules[m->rule];
        if (r->fallback != sc->fallback_pass ||
            (sc->lang >= 0 && r->lang_idx >= 0 && r->lang_idx != sc->lang))
            continue;
        if (m->rule != last_rule) {
            last_rule = m->rule;
            size_t mi = sc->cur * rs->n_rules + m->rule;
            if (sc->ctx_memo_gen[mi] != sc->slot[sc->cur].gen) {
                sc->ctx_memo[mi] = context_ok(sc, m->rule, ctx, doc);
                sc->ctx_memo_gen[mi] = sc->slot[sc->cur].gen;
            }
            ctx_good = sc->ctx_memo[mi];
        }
        if (!ctx_good)
            continue;
        size_t from = 0, a, b;
        while (from <= n && re_find(sc, m->re, s, n, from, &a, &b)) {
            if (!excepted(sc, r, s, n, a, b, long_text) &&
                (long_text ||
                 !fa_langdata_negated(rs->ld, s, n, a, b, sc->md, rs->mctx, rs->jit_after))) {
                sc->fired[m->rule] = sc->gen;
                cb(m->rule, m->source, a, b, ud);
                if (!all)
                    break;
            }
            from = b > a ? b : b + 1;
        }
    }
}

/* ---------------------------------------------------------------- public matching */

typedef struct match_ud {
    const fa_rules *rs;
    const fa_folded *f;
    fa_rule_hit_fn fn;
    void *ud;
} match_ud;

static void match_cb(size_t rule, const char *source, size_t fa, size_t fb, void *ud)
{
    match_ud *mu = ud;
    const fa_rule *r = &mu->rs->rules[rule];
    fa_rule_hit h = {r->id, r->category, r->severity, 0, 0, source};
    fa_fold_span(mu->f, fa, fb, &h.start, &h.end);
    mu->fn(&h, mu->ud);
}

fa_status fa_rules_match(const fa_rules *rs, fa_scope scope, const char *text, fa_rule_hit_fn fn,
                         void *ud)
{
    if (!rs || !text || !fn || (unsigned)scope >= FA_SCOPE_COUNT)
        return FA_ERR_USAGE;
    if (!rs->compiled)
        return FA_ERR_USAGE;
    fa_folded f;
    fa_status st = fa_fold(text, strlen(text), &f);
    if (st)
        return st;
    scanner sc;
    if (scanner_init(&sc, rs) != FA_OK) {
        scanner_free(&sc);
        fa_folded_free(&f);
        return FA_ERR_NOMEM;
    }
    match_ud mu = {rs, &f, fn, ud};
    scan(&sc, scope, f.s, f.len, NULL, NULL, true, SIZE_MAX, match_cb, &mu);
    /* identifier rules on the original text (checksums need the raw digits) */
    size_t n = strlen(text);
    for (size_t k = 0; k < rs->n_scope_ident[scope]; k++) {
        const fa_rule *r = &rs->rules[rs->scope_ident[scope][k]];
        size_t pos = 0, a, b;
        fa_ident_kind kind;
        while ((kind = fa_ident_find(text, n, pos, &a, &b)) != FA_ID_NONE) {
            if (kind == r->ident) {
                fa_rule_hit h = {r->id, r->category, r->severity, a, b, fa_ident_kind_name(kind)};
                fn(&h, ud);
            }
            pos = b;
        }
    }
    scanner_free(&sc);
    fa_folded_free(&f);
    return FA_OK;
}

static const fa_rule *find_rule(const fa_rules *rs, const char *id)
{
    for (size_t i = 0; rs && id && i < rs->n_rules; i++)
        if (!strcmp(rs->rules[i].id, id))
            return &rs->rules[i];
    return NULL;
}

static int lang_idx(const char *lang)
{
    return lang && !strcmp(lang, "en") ? 1 : 0;
}

fa_framedata *fa_rules_framedata(const fa_rules *rs)
{
    return rs ? rs->fd : NULL;
}

void fa_rules_limits(const fa_rules *rs, pcre2_match_context **mctx, size_t *jit_after)
{
    *mctx = rs ? rs->mctx : NULL;
    *jit_after = rs ? rs->jit_after : SIZE_MAX;
}

const char *fa_rules_message(const fa_rules *rs, const char *id, const char *lang)
{
    const fa_rule *r = find_rule(rs, id);
    return r ? r->message[lang_idx(lang)] : NULL;
}

const char *fa_rules_recommendation(const fa_rules *rs, const char *id, const char *lang)
{
    const fa_rule *r = find_rule(rs, id);
    return r ? r->recommendation[lang_idx(lang)] : NULL;
}

fa_status fa_rules_legal_basis(const fa_rules *rs, const char *id, fa_strvec *out)
{
    const fa_rule *r = find_rule(rs, id);
    if (!r)
        return FA_ERR_USAGE;
    for (size_t i = 0; i < r->legal.n; i++)
        if (fa_strvec_push(out, r->legal.v[i]) != FA_OK)
            return FA_ERR_NOMEM;
    return FA_OK;
}

size_t fa_rules_count(const fa_rules *rs)
{
    return rs ? rs->n_rules : 0;
}

fa_status fa_rules_get(const fa_rules *rs, size_t i, const char *lang, fa_rule_info *out)
{
    if (!rs || !out || i >= rs->n_rules)
        return FA_ERR_USAGE;
    const fa_rule *r = &rs->rules[i];
    int li = lang_idx(lang);
    out->id = r->id;
    out->category = r->category;
    out->severity = (int)r->severity;
    out->reports = r->report;
    out->message = r->message[li];
    out->recommendation = r->recommendation[li];
    out->legal_basis = (const char *const *)r->legal.v;
    out->n_legal = r->legal.n;
    out->pack = rs->packs[r->pack].name;
    out->pack_version = rs->packs[r->pack].version;
    return FA_OK;
}

/* ---------------------------------------------------------------- applying to fields */

typedef struct apply_ctx {
    const fa_rules *rs;
    fa_result *res;
    size_t field;
    fa_scope scope;
    const char *orig; /* original text matched (label, option, value, section) */
    const fa_folded *f;
    const char *quote; /* original text to quote */
    const char *doc;   /* folded opening of the document, or NULL */
    fa_status st;
    bool *per_field_done; /* per rule, for the current field */
} apply_ctx;

/* Who the issuer is, for the note of a finding whose severity depends on it. */
static const char *note_for(fa_context c, const char *lang)
{
    static const char *const fr[] = {"",
                                     "employeur",
                                     "service social",
                                     "établissement scolaire",
                                     "établissement de santé",
                                     "bailleur"};
    static const char *const en[] = {"",         "an employer",   "a social service",
                                     "a school", "a health body", "a landlord"};
    return lang_idx(lang) ? en[c] : fr[c];
}

static fa_status add_finding(apply_ctx *ac, const fa_rule *r, const char *source, size_t ms,
                             size_t me, const char *quote)
{
    fa_result *res = ac->res;
    fa_finding *fd = fa_result_add_finding(res);
    if (!fd)
        return res->n_findings >= FA_MAX_FINDINGS ? FA_OK : FA_ERR_NOMEM; /* cap: stop adding */
    int li = lang_idx(res->lang);
    fd->rule = strdup(r->id);
    fd->category = strdup(r->category);
    fd->severity = r->severity;
    fd->field = (int)ac->field;
    fd->quote = fa_ident_mask(quote);
    fd->message = strdup(r->message[li]);
    fd->recommendation = strdup(r->recommendation[li]);
    fd->pattern = strdup(source);
    fd->scope = strdup(scope_names[ac->scope]);
    char *m = fa_strndup(ac->orig + ms, me - ms);
    /* an identifier span is masked whole, even when its checksum fails */
    fd->matched = m ? (r->ident ? fa_ident_mask_value(m) : fa_ident_mask(m)) : NULL;
    free(m);
    fd->loc = res->fields[ac->field].loc;
    for (size_t i = 0; i < r->legal.n; i++)
        if (fa_strvec_push(&fd->legal_basis, r->legal.v[i]) != FA_OK)
            return FA_ERR_NOMEM;
    if ((unsigned)res->context <= FA_CTX_HOUSING && res->context != FA_CTX_AUTO &&
        r->sev_ctx[res->context] >= 0 && (fa_severity)r->sev_ctx[res->context] != r->severity) {
        fa_severity ns = (fa_severity)r->sev_ctx[res->context];
        char note[160];
        const char *who = note_for(res->context, res->lang);
        if (li)
            snprintf(note, sizeof note, "severity %s from %s to %s: the issuer is %s",
                     ns > r->severity ? "raised" : "lowered", fa_severity_name(r->severity),
                     fa_severity_name(ns), who);
        else
            snprintf(note, sizeof note, "gravité %s de %s à %s : l'émetteur est un %s",
                     ns > r->severity ? "relevée" : "abaissée", fa_severity_name(r->severity),
                     fa_severity_name(ns), who);
        fd->severity = ns;
        fd->note = strdup(note);
        if (!fd->note)
            return FA_ERR_NOMEM;
    }
    if (!fd->rule || !fd->category || !fd->quote || !fd->message || !fd->recommendation ||
        !fd->pattern || !fd->scope || !fd->matched)
        return FA_ERR_NOMEM;
    return FA_OK;
}

static void apply_cb(size_t rule, const char *source, size_t fa, size_t fb, void *ud)
{
    apply_ctx *ac = ud;
    if (ac->st != FA_OK)
        return;
    const fa_rule *r = &ac->rs->rules[rule];
    fa_field *fld = &ac->res->fields[ac->field];
    if (r->kinds && !(r->kinds & (1u << fld->kind)))
        return;
    if (r->cat >= 0)
        fld->categories |= FA_CAT_BIT(r->cat);
    if (!r->report)
        return;
    const char *quote = ac->quote;
    if (r->per_field && ac->scope == FA_SCOPE_OPTION) {
        if (ac->per_field_done[rule])
            return;
        ac->per_field_done[rule] = true;
        if (!fa_str_blank(fld->label))
            quote = fld->label;
    }
    size_t a, b;
    fa_fold_span(ac->f, fa, fb, &a, &b);
    ac->st = add_finding(ac, r, source, a, b, quote);
}

/* Fold ORIG and run SCOPE over it for field ac->field. */
static fa_status run_text(scanner *sc, apply_ctx *ac, fa_scope scope, const char *orig,
                          const char *quote, const char *ctx_folded)
{
    if (fa_str_blank(orig) || !sc->rs->n_scope_m[scope])
        return FA_OK;
    fa_folded f;
    fa_status st = fa_fold(orig, strlen(orig), &f);
    if (st)
        return st;
    ac->scope = scope;
    ac->orig = orig;
    ac->f = &f;
    ac->quote = quote;
    scan(sc, scope, f.s, f.len, ctx_folded, ac->doc, false, SIZE_MAX, apply_cb, ac);
    fa_folded_free(&f);
    return ac->st;
}

/* Significant characters of an identifier, to recognise the same one twice. */
static void ident_key(const char *s, size_t n, char *out, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < cap; i++) {
        char c = s[i];
        if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))
            out[k++] = c;
        else if (c >= 'a' && c <= 'z')
            out[k++] = (char)(c - 'a' + 'A');
    }
    out[k] = 0;
}

/* Identifier rules on a field value: a checksum-valid NIR/IBAN/SPI is a finding on the
 * field (category national_id / financial); quote and match are masked. */
static fa_status ident_value(const fa_rules *rs, apply_ctx *ac, fa_strvec *seen)
{
    fa_field *fld = &ac->res->fields[ac->field];
    if (fa_str_blank(fld->value))
        return FA_OK;
    size_t n = strlen(fld->value), pos = 0, a, b;
    fa_ident_kind kind;
    while ((kind = fa_ident_find(fld->value, n, pos, &a, &b)) != FA_ID_NONE) {
        char key[48];
        ident_key(fld->value + a, b - a, key, sizeof key);
        if (fa_strvec_push(seen, key) != FA_OK)
            return FA_ERR_NOMEM;
        for (size_t k = 0; k < rs->n_scope_ident[FA_SCOPE_VALUE]; k++) {
            const fa_rule *r = &rs->rules[rs->scope_ident[FA_SCOPE_VALUE][k]];
            if (r->ident != kind)
                continue;
            if (r->cat >= 0)
                fld->categories |= FA_CAT_BIT(r->cat);
            ac->scope = FA_SCOPE_VALUE;
            ac->orig = fld->value;
            char *raw = fa_strndup(fld->value + a, b - a);
            char *q = raw ? fa_ident_mask_value(raw) : NULL;
            fa_status st = q ? add_finding(ac, r, fa_ident_kind_name(kind), a, b, q) : FA_ERR_NOMEM;
            free(raw);
            free(q);
            if (st)
                return st;
        }
        pos = b;
    }
    return FA_OK;
}

/* Identifiers in running text (paragraphs that are not field values): document-level
 * "value" findings (CONTRACT §4), never the raw value. */
static fa_status ident_body(const fa_rules *rs, const fa_doc *doc, fa_result *res, fa_strvec *seen)
{
    fa_iter it;
    const fa_node *node;
    fa_event ev;
    fa_iter_init(&it, doc->root);
    while ((ev = fa_iter_next(&it, &node)) != FA_EV_DONE) {
        if (ev != FA_EV_ENTER || !fa_node_is_text(node) || !node->text || !node->len)
            continue;
        size_t pos = 0, a, b;
        fa_ident_kind kind;
        while ((kind = fa_ident_find(node->text, node->len, pos, &a, &b)) != FA_ID_NONE) {
            pos = b;
            char key[48];
            ident_key(node->text + a, b - a, key, sizeof key);
            bool dup = false;
            for (size_t i = 0; i < seen->n && !dup; i++)
                dup = !strcmp(seen->v[i], key);
            if (dup)
                continue;
            if (fa_strvec_push(seen, key) != FA_OK)
                return FA_ERR_NOMEM;
            for (size_t k = 0; k < rs->n_scope_ident[FA_SCOPE_BODY]; k++) {
                const fa_rule *r = &rs->rules[rs->scope_ident[FA_SCOPE_BODY][k]];
                if (r->ident != kind)
                    continue;
                fa_finding *fd = fa_result_add_finding(res);
                if (!fd)
                    return res->n_findings >= FA_MAX_FINDINGS ? FA_OK : FA_ERR_NOMEM;
                int li = lang_idx(res->lang);
                char *raw = fa_strndup(node->text + a, b - a);
                fd->rule = strdup(r->id);
                fd->category = strdup("value");
                fd->severity = r->severity;
                fd->field = -1;
                fd->quote = raw ? fa_ident_mask_value(raw) : NULL;
                fd->matched = raw ? fa_ident_mask_value(raw) : NULL;
                free(raw);
                fd->message = strdup(r->message[li]);
                fd->recommendation = strdup(r->recommendation[li]);
                fd->pattern = strdup(fa_ident_kind_name(kind));
                fd->scope = strdup("body");
                fd->loc = node->loc;
                for (size_t i = 0; i < r->legal.n; i++)
                    if (fa_strvec_push(&fd->legal_basis, r->legal.v[i]) != FA_OK)
                        return FA_ERR_NOMEM;
                if (!fd->rule || !fd->category || !fd->quote || !fd->matched || !fd->message ||
                    !fd->recommendation || !fd->pattern || !fd->scope)
                    return FA_ERR_NOMEM;
            }
        }
    }
    return FA_OK;
}

/* What a document says it is: its title and first text blocks, folded, for rules whose
 * context is the document ("Grille d'évaluation…" as a plain first paragraph). */
static fa_status document_lead(const fa_doc *doc, char **out)
{
    enum { LEAD_BLOCKS = 8, LEAD_BYTES = 200 };
    fa_buf b = {0};
    fa_status st = FA_OK;
    if (doc->meta.title && *doc->meta.title)
        st = fa_buf_printf(&b, "%.*s / ", LEAD_BYTES, doc->meta.title);
    fa_iter it;
    const fa_node *node;
    fa_event ev;
    int blocks = 0;
    fa_iter_init(&it, doc->root);
    while (st == FA_OK && blocks < LEAD_BLOCKS && (ev = fa_iter_next(&it, &node)) != FA_EV_DONE) {
        if (ev != FA_EV_ENTER || !fa_node_is_text(node) || fa_str_blank(node->text) ||
            (node->flags & (FA_NF_HIDDEN | FA_NF_HEADER | FA_NF_COMMENT)))
            continue;
        st = fa_buf_printf(&b, "%.*s / ", LEAD_BYTES, node->text);
        blocks++;
    }
    if (st == FA_OK && !b.data)
        st = fa_buf_puts(&b, "");
    if (st == FA_OK) {
        *out = fa_fold_simple(b.data);
        if (!*out)
            st = FA_ERR_NOMEM;
    }
    fa_buf_free(&b);
    return st;
}

/* The language of folded text S: its own stop-words when they decide (one is enough in
 * a label: "la parole"), else those of CTX, else DFLT (the document's). -1 = unknown. */
static int text_lang(const fa_rules *rs, const char *s, size_t n, const char *ctx, int dflt)
{
    int nl = fa_langdata_count(rs->ld);
    if (!nl)
        return -1;
    unsigned counts[FA_LANG_MAX] = {0};
    fa_langdata_count_words(rs->ld, s, n, counts);
    int l = fa_langdata_pick(rs->ld, counts, 1);
    if (l < 0 && ctx) {
        memset(counts, 0, sizeof counts);
        fa_langdata_count_words(rs->ld, ctx, strlen(ctx), counts);
        l = fa_langdata_pick(rs->ld, counts, 1);
    }
    return l >= 0 ? l : dflt;
}

/* The language of the whole document: the stop-words of its visible text blocks. */
static int document_lang(const fa_rules *rs, const fa_doc *doc)
{
    if (!doc || !doc->root || !fa_langdata_count(rs->ld))
        return -1;
    unsigned counts[FA_LANG_MAX] = {0};
    fa_iter it;
    const fa_node *node;
    fa_event ev;
    fa_iter_init(&it, doc->root);
    while ((ev = fa_iter_next(&it, &node)) != FA_EV_DONE) {
        if (ev != FA_EV_ENTER || !fa_node_is_text(node) || fa_str_blank(node->text) ||
            (node->flags & (FA_NF_HIDDEN | FA_NF_COMMENT)))
            continue;
        char *f = fa_fold_simple(node->text);
        if (f)
            fa_langdata_count_words(rs->ld, f, strlen(f), counts);
        free(f);
    }
    return fa_langdata_pick(rs->ld, counts, 3);
}

/* Text of the first text block under N (a cell), borrowed; NULL if none. */
static const char *cell_text(const fa_node *n)
{
    fa_iter it;
    const fa_node *k;
    fa_event ev;
    fa_iter_init(&it, n);
    while ((ev = fa_iter_next(&it, &k)) != FA_EV_DONE)
        if (ev == FA_EV_ENTER && fa_node_is_text(k) && !fa_str_blank(k->text))
            return k->text;
    return NULL;
}

/* The header of the table column a field sits in: the text of the first row's cell at
 * the same grid column ("Nature des charges" over "Gaz"), or NULL. A cell's meaning
 * comes from its column as much as from the section. */
static const char *column_header(const fa_node *n, const char *label)
{
    const fa_node *cell = n;
    while (cell && cell->type != FA_N_CELL)
        cell = cell->parent;
    if (!cell || !cell->parent || cell->parent->type != FA_N_ROW || !cell->parent->parent)
        return NULL;
    const fa_node *row = cell->parent, *first = cell->parent->parent->first;
    if (!first || first == row || first->type != FA_N_ROW)
        return NULL;
    int col = 0;
    for (const fa_node *c = row->first; c && c != cell; c = c->next)
        col += c->colspan > 0 ? c->colspan : 1;
    int at = 0;
    for (const fa_node *c = first->first; c; c = c->next) {
        int span = c->colspan > 0 ? c->colspan : 1;
        if (col >= at && col < at + span) {
            const char *t = cell_text(c);
            return t && (!label || strcmp(t, label)) ? t : NULL;
        }
        at += span;
    }
    return NULL;
}

/* The folded context of a field's label: its section, then its column header. */
static char *label_context(const fa_field *fld)
{
    const char *hdr = fld->node ? column_header(fld->node, fld->label) : NULL;
    if (!hdr)
        return fa_str_blank(fld->section) ? NULL : fa_fold_simple(fld->section);
    fa_buf b = {0};
    char *out = NULL;
    if (fa_buf_printf(&b, "%s / %s", fld->section ? fld->section : "", hdr) == FA_OK)
        out = fa_fold_simple(b.data);
    fa_buf_free(&b);
    return out;
}

/* An option that is a warning or a technical name ("Prendre-des-notes") is not read. */
static bool option_not_data(scanner *sc, const char *opt)
{
    char *f = fa_fold_simple(opt);
    bool r = f && fa_langdata_not_data(sc->rs->ld, f, strlen(f), sc->md, sc->rs->mctx,
                                       sc->rs->jit_after);
    free(f);
    return r;
}

/* Run the rules on field I: label, options (under "section / label"), section, value.
 * A label shaped as a warning or a legal mention is not data: only identifiers in its
 * value are still looked for. */
static fa_status classify_field_run(scanner *sc, apply_ctx *ac, size_t i, int doc_lang,
                                    fa_strvec *seen)
{
    const fa_rules *rs = sc->rs;
    fa_field *fld = &ac->res->fields[i];
    ac->field = i;
    memset(ac->per_field_done, 0, rs->n_rules * sizeof *ac->per_field_done);
    fa_status st = FA_OK;
    char *sec = label_context(fld);
    char *flabel = fa_fold_simple(fld->label ? fld->label : "");
    /* options are read under their group label (and the section above it) */
    char *grp = NULL;
    if (fld->options.n) {
        fa_buf b = {0};
        if (fa_buf_printf(&b, "%s / %s", fld->section ? fld->section : "",
                          fld->label ? fld->label : "") == FA_OK) {
            grp = fa_fold_simple(b.data);
        }
        fa_buf_free(&b);
    }
    if (!flabel || (fld->options.n && !grp))
        st = FA_ERR_NOMEM;
    bool data = st == FA_OK && !fa_langdata_not_data(rs->ld, flabel, strlen(flabel), sc->md,
                                                     rs->mctx, rs->jit_after);
    if (data) {
        sc->lang = text_lang(rs, flabel, strlen(flabel), sec, doc_lang);
        st = run_text(sc, ac, FA_SCOPE_LABEL, fld->label, fld->label, sec);
        for (size_t k = 0; st == FA_OK && k < fld->options.n; k++)
            if (!option_not_data(sc, fld->options.v[k]))
                st = run_text(sc, ac, FA_SCOPE_OPTION, fld->options.v[k], fld->options.v[k], grp);
        if (st == FA_OK && !fa_str_blank(fld->section))
            st =
                run_text(sc, ac, FA_SCOPE_SECTION, fld->section, fld->label ? fld->label : "", sec);
        if (st == FA_OK && fld->value)
            st = run_text(sc, ac, FA_SCOPE_VALUE, fld->value, fld->value, sec);
        sc->lang = -1;
    }
    if (st == FA_OK && !sc->fallback_pass)
        st = ident_value(rs, ac, seen);
    free(sec);
    free(grp);
    free(flabel);
    return st;
}

/* ---------------------------------------------------------------- field memo */

/* A long form repeats its fields: a 346-page dossier has 2,550 fields but 17 distinct
 * labels. Everything classify_field_run reads of a field without a value is in its
 * key (kind, label, section, column context, options, categories so far, pass), and
 * the document's language and context do not change within an audit; so the findings
 * and categories it gives a field are computed once per distinct key and copied to
 * the next field with that key (field index and location set to that field's). */
typedef struct memo_entry {
    char *key;
    fa_catset cats;  /* categories the run added */
    size_t first, n; /* findings the run added: templates[first .. first + n) */
} memo_entry;

typedef struct field_memo {
    memo_entry *v; /* open addressing, size a power of two, at most half full */
    size_t n, alloc;
    fa_finding *t; /* templates (owned copies) */
    size_t nt, alloct;
} field_memo;

static void finding_clear(fa_finding *f)
{
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
    memset(f, 0, sizeof *f);
}

static void memo_free(field_memo *m)
{
    for (size_t i = 0; i < m->alloc; i++)
        free(m->v[i].key);
    for (size_t i = 0; i < m->nt; i++)
        finding_clear(&m->t[i]);
    free(m->v);
    free(m->t);
}

static fa_status finding_copy(fa_finding *d, const fa_finding *s)
{
    memset(d, 0, sizeof *d);
    d->severity = s->severity;
    d->field = s->field;
    d->loc = s->loc;
    char **dst[] = {&d->rule,    &d->category, &d->quote,   &d->message, &d->recommendation,
                    &d->pattern, &d->scope,    &d->matched, &d->note};
    const char *src[] = {s->rule,    s->category, s->quote,   s->message, s->recommendation,
                         s->pattern, s->scope,    s->matched, s->note};
    for (size_t i = 0; i < sizeof dst / sizeof *dst; i++)
        if (src[i] && !(*dst[i] = strdup(src[i])))
            return FA_ERR_NOMEM;
    for (size_t i = 0; i < s->legal_basis.n; i++)
        if (fa_strvec_push(&d->legal_basis, s->legal_basis.v[i]) != FA_OK)
            return FA_ERR_NOMEM;
    return FA_OK;
}

static size_t memo_hash(const char *s)
{
    size_t h = 14695981039346656037u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static memo_entry *memo_slot(memo_entry *v, size_t alloc, const char *key)
{
    for (size_t i = memo_hash(key) & (alloc - 1);; i = (i + 1) & (alloc - 1))
        if (!v[i].key || !strcmp(v[i].key, key))
            return &v[i];
}

/* The key of field FLD for this pass: NULL when the field is not memoised (a field
 * with a value: identifiers are deduplicated across the document). malloc'd. */
static char *memo_key(const fa_field *fld, bool fallback)
{
    if (fld->value)
        return NULL;
    fa_buf b = {0};
    const char *hdr = fld->node ? column_header(fld->node, fld->label) : NULL;
    fa_status st = fa_buf_printf(&b, "%d\x1f%d\x1f%u\x1f%s\x1f%s\x1f%s", (int)fld->kind, fallback,
                                 (unsigned)fld->categories, fld->label ? fld->label : "\x02",
                                 fld->section ? fld->section : "\x02", hdr ? hdr : "\x02");
    for (size_t k = 0; st == FA_OK && k < fld->options.n; k++)
        st = fa_buf_printf(&b, "\x1e%s", fld->options.v[k]);
    if (st != FA_OK) {
        fa_buf_free(&b);
        return NULL;
    }
    return fa_buf_steal(&b);
}

/* Give field I what the run of an earlier field with the same key gave it. */
static fa_status memo_replay(fa_result *res, size_t i, const field_memo *m, const memo_entry *e)
{
    fa_field *fld = &res->fields[i];
    fld->categories |= e->cats;
    for (size_t k = 0; k < e->n; k++) {
        fa_finding *fd = fa_result_add_finding(res);
        if (!fd)
            return res->n_findings >= FA_MAX_FINDINGS ? FA_OK : FA_ERR_NOMEM;
        fa_status st = finding_copy(fd, &m->t[e->first + k]);
        fd->field = (int)i;
        fd->loc = fld->loc;
        if (st != FA_OK)
            return st;
    }
    return FA_OK;
}

/* Remember what the run on field I gave (findings from N0, categories CATS0 before). */
static fa_status memo_store(field_memo *m, char *key, const fa_result *res, size_t n0,
                            fa_catset cats0, size_t i)
{
    if (2 * (m->n + 1) > m->alloc) {
        size_t na = m->alloc ? 2 * m->alloc : 64;
        memo_entry *nv = calloc(na, sizeof *nv);
        if (!nv)
            return FA_ERR_NOMEM;
        for (size_t k = 0; k < m->alloc; k++)
            if (m->v[k].key)
                *memo_slot(nv, na, m->v[k].key) = m->v[k];
        free(m->v);
        m->v = nv;
        m->alloc = na;
    }
    size_t n = res->n_findings - n0;
    if (m->nt + n > m->alloct) {
        size_t na = m->alloct ? 2 * m->alloct : 64;
        while (na < m->nt + n)
            na *= 2;
        fa_finding *nt = realloc(m->t, na * sizeof *nt);
        if (!nt)
            return FA_ERR_NOMEM;
        m->t = nt;
        m->alloct = na;
    }
    memo_entry *e = memo_slot(m->v, m->alloc, key);
    e->key = key;
    e->cats = res->fields[i].categories & ~cats0;
    e->first = m->nt;
    e->n = n;
    m->n++;
    for (size_t k = 0; k < n; k++) {
        fa_status st = finding_copy(&m->t[m->nt], &res->findings[n0 + k]);
        m->nt++;
        if (st != FA_OK)
            return st;
    }
    return FA_OK;
}

static fa_status classify_field(scanner *sc, apply_ctx *ac, size_t i, int doc_lang, fa_strvec *seen,
                                field_memo *memo)
{
    fa_result *res = ac->res;
    char *key = memo_key(&res->fields[i], sc->fallback_pass);
    if (key && memo->alloc) {
        const memo_entry *e = memo_slot(memo->v, memo->alloc, key);
        if (e->key) {
            free(key);
            return memo_replay(res, i, memo, e);
        }
    }
    size_t n0 = res->n_findings;
    fa_catset cats0 = res->fields[i].categories;
    fa_status st = classify_field_run(sc, ac, i, doc_lang, seen);
    if (st == FA_OK && key && res->n_findings < FA_MAX_FINDINGS) {
        st = memo_store(memo, key, res, n0, cats0, i);
        key = NULL;
    }
    free(key);
    return st;
}

/* The evasion tricks of FLD's label and options; its texts are then cleaned of
 * invisible characters. */
static unsigned field_tricks(fa_field *fld)
{
    unsigned tricks = fa_evasion_tricks(fld->label);
    for (size_t k = 0; k < fld->options.n; k++)
        tricks |= fa_evasion_tricks(fld->options.v[k]);
    fa_evasion_strip(fld->label);
    fa_evasion_strip(fld->section);
    fa_evasion_strip(fld->value);
    for (size_t k = 0; k < fld->options.n; k++)
        fa_evasion_strip(fld->options.v[k]);
    return tricks;
}

fa_status fa_rules_apply(const fa_rules *rs, const fa_doc *doc, fa_result *res, fa_error *err)
{
    if (!rs || !res)
        return FA_OK;
    if (!rs->compiled)
        return fa_error_set(err, FA_ERR_USAGE, "rules: fa_rules_compile() not called");
    scanner sc;
    apply_ctx ac = {rs, res, 0, FA_SCOPE_LABEL, NULL, NULL, NULL, NULL, FA_OK, NULL};
    fa_strvec seen = {0};
    fa_status st = scanner_init(&sc, rs);
    char *doc_lead = NULL;
    if (st == FA_OK && doc && (st = document_lead(doc, &doc_lead)) == FA_OK)
        ac.doc = doc_lead;
    ac.per_field_done = calloc(rs->n_rules + 1, sizeof *ac.per_field_done);
    if (!ac.per_field_done)
        st = FA_ERR_NOMEM;
    int doc_lang = document_lang(rs, doc);
    size_t n_fields = res->n_fields; /* findings never add fields */
    field_memo memo = {0};
    for (size_t i = 0; st == FA_OK && i < n_fields; i++) {
        /* tricks that hide a label from the rules are seen, then the texts reports show
         * are cleaned of invisible characters (evasion.c; the fold reads through the
         * rest) */
        unsigned tricks = field_tricks(&res->fields[i]);
        st = classify_field(&sc, &ac, i, doc_lang, &seen, &memo);
        if (st == FA_OK && tricks)
            st = fa_evasion_finding(res, i, tricks);
    }
    /* fallback rules: what a field collects when nothing else said (in a medical
     * certificate, any field that is not identity or contact is health data) */
    sc.fallback_pass = true;
    for (size_t i = 0; st == FA_OK && i < n_fields; i++)
        if (!res->fields[i].categories && !res->fields[i].label_from_name)
            st = classify_field(&sc, &ac, i, doc_lang, &seen, &memo);
    sc.fallback_pass = false;
    memo_free(&memo);
    if (st == FA_OK && doc && doc->root)
        st = ident_body(rs, doc, res, &seen);
    scanner_free(&sc);
    free(ac.per_field_done);
    free(doc_lead);
    fa_strvec_free(&seen);
    if (st != FA_OK)
        return fa_error_set(err, st, "rules: %s", fa_strerror(st));
    return FA_OK;
}

/* ---------------------------------------------------------------- list / explain / test */

static const char *scope_list(const fa_rule *r, char *buf, size_t cap)
{
    buf[0] = 0;
    for (int s = 0; s < FA_SCOPE_COUNT; s++)
        if (r->scopes & (1u << s)) {
            size_t l = strlen(buf);
            snprintf(buf + l, cap - l, "%s%s", l ? "," : "", scope_names[s]);
        }
    return buf;
}

void fa_rules_list(const fa_rules *rs, FILE *out)
{
    if (!rs || !out)
        return;
    for (size_t p = 0; p < rs->n_packs; p++) {
        fprintf(out, "# %s %s (%s)%s%s\n", rs->packs[p].name, rs->packs[p].version,
                rs->packs[p].path, rs->packs[p].description[0] ? " — " : "",
                rs->packs[p].description);
        for (size_t i = 0; i < rs->n_rules; i++) {
            const fa_rule *r = &rs->rules[i];
            if (r->pack != p)
                continue;
            char sc[64];
            fprintf(out, "%-34s %-22s %-8s %-18s %s\n", r->id, r->category,
                    fa_severity_name(r->severity), scope_list(r, sc, sizeof sc), r->message[0]);
        }
    }
}

fa_status fa_rules_explain(const fa_rules *rs, const char *id, const char *lang, FILE *out)
{
    const fa_rule *r = find_rule(rs, id);
    if (!r || !out)
        return FA_ERR_USAGE;
    int li = lang_idx(lang);
    char sc[64];
    const char *const *L = li ? (const char *const[]){"Rule",           "Pack",
                                                      "Category",       "Severity",
                                                      "Looks at",       "Why",
                                                      "Recommendation", "Legal basis",
                                                      "Words",          "Patterns",
                                                      "Except when",    "Only under",
                                                      "Not under",      "Or in a document about",
                                                      "Caught",         "Not caught",
                                                      "Checksum"}
                              : (const char *const[]){"Règle",
                                                      "Pack",
                                                      "Catégorie",
                                                      "Gravité",
                                                      "Regarde",
                                                      "Pourquoi",
                                                      "Recommandation",
                                                      "Base légale",
                                                      "Mots",
                                                      "Motifs",
                                                      "Sauf si",
                                                      "Seulement sous",
                                                      "Pas sous",
                                                      "Ou dans un document sur",
                                                      "Repéré",
                                                      "Non repéré",
                                                      "Somme de contrôle"};
    fprintf(out, "%s: %s\n%s: %s %s\n%s: %s", L[0], r->id, L[1], rs->packs[r->pack].name,
            rs->packs[r->pack].version, L[2], r->category);
    if (r->cat >= 0)
        fprintf(out, " (%s)", fa_category_label((fa_category)r->cat, li ? "en" : "fr"));
    fprintf(out, "\n%s: %s\n%s: %s\n\n%s: %s\n%s: %s\n", L[3], fa_severity_name(r->severity), L[4],
            scope_list(r, sc, sizeof sc), L[5], r->message[li], L[6], r->recommendation[li]);
    fprintf(out, "%s:", L[7]);
    for (size_t i = 0; i < r->legal.n; i++)
        fprintf(out, "%s %s", i ? ";" : "", r->legal.v[i]);
    fputc('\n', out);
    const fa_strvec *lists[] = {&r->words, &r->patterns, &r->exceptions,
                                &r->must,  &r->must_not, &r->doc_must};
    for (int k = 0; k < 6; k++) {
        if (!lists[k]->n)
            continue;
        fprintf(out, "%s:", L[8 + k]);
        for (size_t i = 0; i < lists[k]->n; i++)
            fprintf(out, "%s %s", i ? " |" : "", lists[k]->v[i]);
        fputc('\n', out);
    }
    if (r->ident)
        fprintf(out, "%s: %s\n", L[16], fa_ident_kind_name(r->ident));
    for (int k = 0; k < 2; k++) {
        const rule_example *e = k ? r->ex_no : r->ex_match;
        size_t n = k ? r->n_no : r->n_match;
        fprintf(out, "%s:\n", L[14 + k]);
        for (size_t i = 0; i < n; i++) {
            /* examples may hold identifiers (checksum demos): show them masked */
            char *m = fa_ident_mask(e[i].text);
            fprintf(out, "  « %s »%s%s%s%s%s%s\n", m ? m : "", e[i].context ? " [" : "",
                    e[i].context ? e[i].context : "", e[i].context ? "]" : "",
                    e[i].document ? " {" : "", e[i].document ? e[i].document : "",
                    e[i].document ? "}" : "");
            free(m);
        }
    }
    return ferror(out) ? FA_ERR_IO : FA_OK;
}

typedef struct test_ud {
    bool hit;
} test_ud;

static void test_cb(size_t rule, const char *source, size_t fa, size_t fb, void *ud)
{
    (void)rule;
    (void)source;
    (void)fa;
    (void)fb;
    ((test_ud *)ud)->hit = true;
}

/* Does rule RI fire on TEXT under CTX, in its first scope? */
static bool rule_fires(scanner *sc, size_t ri, const rule_example *e)
{
    const fa_rule *r = &sc->rs->rules[ri];
    if (r->ident) {
        size_t a, b, pos = 0, n = strlen(e->text);
        fa_ident_kind k;
        while ((k = fa_ident_find(e->text, n, pos, &a, &b)) != FA_ID_NONE) {
            if (k == r->ident)
                return true;
            pos = b;
        }
        return false;
    }
    fa_scope scope = FA_SCOPE_LABEL;
    for (int s = 0; s < FA_SCOPE_COUNT; s++)
        if (r->scopes & (1u << s)) {
            scope = (fa_scope)s;
            break;
        }
    fa_folded f;
    if (fa_fold(e->text, strlen(e->text), &f) != FA_OK)
        return false;
    char *ctx = e->context ? fa_fold_simple(e->context) : NULL;
    char *doc = e->document ? fa_fold_simple(e->document) : NULL;
    test_ud tu = {false};
    /* an example is read in its own language, as a label of a document would be */
    sc->lang = text_lang(sc->rs, f.s, f.len, doc ? doc : "", -1);
    sc->fallback_pass = r->fallback;
    scan(sc, scope, f.s, f.len, ctx, doc, false, ri, test_cb, &tu);
    sc->lang = -1;
    sc->fallback_pass = false;
    free(ctx);
    free(doc);
    fa_folded_free(&f);
    return tu.hit;
}

int fa_rules_test(const fa_rules *rs, FILE *out)
{
    if (!rs || !rs->compiled)
        return 1;
    scanner sc;
    if (scanner_init(&sc, rs) != FA_OK) {
        scanner_free(&sc);
        return 1;
    }
    int failures = 0;
    for (size_t p = 0; p < rs->n_packs; p++) {
        size_t tp = 0, fn = 0, tn = 0, fp = 0, nr = 0;
        for (size_t i = 0; i < rs->n_rules; i++) {
            const fa_rule *r = &rs->rules[i];
            if (r->pack != p)
                continue;
            nr++;
            for (size_t k = 0; k < r->n_match; k++) {
                if (rule_fires(&sc, i, &r->ex_match[k])) {
                    tp++;
                } else {
                    fn++;
                    failures++;
                    if (out)
                        fprintf(out, "FAIL %s: should match: \"%s\"%s%s\n", r->id,
                                r->ex_match[k].text, r->ex_match[k].context ? " under " : "",
                                r->ex_match[k].context ? r->ex_match[k].context : "");
                }
            }
            for (size_t k = 0; k < r->n_no; k++) {
                if (!rule_fires(&sc, i, &r->ex_no[k])) {
                    tn++;
                } else {
                    fp++;
                    failures++;
                    if (out)
                        fprintf(out, "FAIL %s: should not match: \"%s\"%s%s\n", r->id,
                                r->ex_no[k].text, r->ex_no[k].context ? " under " : "",
                                r->ex_no[k].context ? r->ex_no[k].context : "");
                }
            }
        }
        if (out)
            fprintf(out, "%s %s: %zu rules, TP %zu FN %zu TN %zu FP %zu%s\n", rs->packs[p].name,
                    rs->packs[p].version, nr, tp, fn, tn, fp, fn + fp ? "" : " — ok");
    }
    scanner_free(&sc);
    return failures;
}
