/* kind.c — the document's kind, from its title and its text, and the fields prose keeps
 * (see kind.h). The vocabulary is the lexicon's "document_kinds" (rules/SCHEMA.md): a
 * title pattern, looked for in the title and the first blocks, and a body pattern,
 * counted over the blocks.
 *
 * Decisions worth knowing:
 * - The title decides, in this order: processing agreement, data-exchange terms,
 *   mandate, charter, terms of use, convention, notice. A form's heading rarely names
 *   an agreement; an agreement almost always does.
 * - Terms of use or a convention whose clauses are those of GDPR art. 28 (three blocks
 *   at least: "pour le compte de", "instructions documentées", "sous-traitants
 *   ultérieurs") are a processing agreement; terms of use that organise exchanges
 *   between administrations (two blocks) are data-exchange terms.
 * - Without a title that says so, two blocks of convention language ("entre les
 *   soussignés", "il est convenu") make a convention; otherwise it is a form.
 * - Prose holds a form when three fields at least are blanks about something other
 *   than a date or a signature: then its fields stay (an annex, the identification of
 *   the person), less headings, bare numbers and the halves of a split line. */
#include "kind.h"

#include "fa_limits.h"
#include "fold.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { TITLE_BLOCKS = 4, TITLE_CHARS = 300, FORM_FIELDS = 3, AGREEMENT_BLOCKS = 3 };

bool fa_kind_is_agreement(fa_doc_kind k)
{
    return k != FA_DK_FORM && k != FA_DK_NOTICE;
}

/* The body patterns run interpreted until they have scanned this much text, then JIT
 * (match.h), as the notice's do (notice.c). */
#define KIND_JIT_AFTER 1024

typedef struct kscan {
    const fa_langdata *ld;
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    char *title[TITLE_BLOCKS + 1]; /* folded: metadata title, then the first blocks */
    int n_title;
    unsigned body[FA_LX_KINDS]; /* distinct blocks where each kind's body pattern matches */
    uint64_t *seen;             /* hashes of the block texts read (forms repeat lines) */
    size_t n_seen, cap_seen;
    int blocks;       /* visible text blocks seen */
    size_t jit_after; /* KIND_JIT_AFTER, or SIZE_MAX with FA_PCRE2_NO_JIT */
} kscan;

static bool find(kscan *k, size_t slot, const char *s, size_t n)
{
    return fa_lexicon_find(k->ld, slot, s, n, 0, k->md, k->mctx, k->jit_after, NULL, NULL);
}

/* Whether text S (N bytes) was read already; records it otherwise (an open-addressing
 * set of FNV-1a hashes: a collision only skips a block's body signals). */
static bool seen_before(kscan *k, const char *s, size_t n)
{
    uint64_t h = 14695981039346656037u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    h |= 1; /* 0 marks an empty slot */
    if (2 * (k->n_seen + 1) > k->cap_seen) {
        size_t cap = k->cap_seen ? 2 * k->cap_seen : 256;
        uint64_t *t = calloc(cap, sizeof *t);
        if (!t)
            return false;
        for (size_t i = 0; i < k->cap_seen; i++)
            if (k->seen[i]) {
                size_t j = k->seen[i] & (cap - 1);
                while (t[j])
                    j = (j + 1) & (cap - 1);
                t[j] = k->seen[i];
            }
        free(k->seen);
        k->seen = t;
        k->cap_seen = cap;
    }
    size_t j = h & (k->cap_seen - 1);
    for (; k->seen[j]; j = (j + 1) & (k->cap_seen - 1))
        if (k->seen[j] == h)
            return true;
    k->seen[j] = h;
    k->n_seen++;
    return false;
}

/* A block that reads as a title: a heading, the first block, a line mostly in capitals,
 * or a short line without a colon (a label with its colon is a form's). */
static bool title_like(const fa_node *n, int index)
{
    if (n->type == FA_N_HEADING || index == 0)
        return true;
    size_t upper = 0, lower = 0, len = strlen(n->text);
    for (const unsigned char *p = (const unsigned char *)n->text; *p; p++) {
        upper += *p >= 'A' && *p <= 'Z';
        lower += *p >= 'a' && *p <= 'z';
    }
    return upper > 3 * lower || (len <= 80 && !strchr(n->text, ':'));
}

static fa_status scan_block(kscan *k, const fa_node *node)
{
    char *f = fa_fold_simple(node->text);
    if (!f)
        return FA_ERR_NOMEM;
    size_t n = strlen(f);
    fa_status st = FA_OK;
    if (k->blocks < TITLE_BLOCKS && title_like(node, k->blocks) && k->n_title <= TITLE_BLOCKS) {
        if (n > TITLE_CHARS)
            n = TITLE_CHARS;
        if (!(k->title[k->n_title++] = fa_strndup(f, n)))
            st = FA_ERR_NOMEM;
        n = strlen(f);
    }
    if (!seen_before(k, f, n))
        for (int i = 0; i < FA_LX_KINDS; i++)
            if (find(k, FA_LX_KIND_BODY(i), f, n))
                k->body[i]++;
    k->blocks++;
    free(f);
    return st;
}

static fa_status scan_doc(kscan *k, const fa_doc *doc, const fa_result *res)
{
    fa_status st = FA_OK;
    if (res->meta.title && *res->meta.title &&
        !(k->title[k->n_title++] = fa_fold_simple(res->meta.title)))
        st = FA_ERR_NOMEM;
    fa_iter it;
    const fa_node *n;
    fa_event ev;
    fa_iter_init(&it, doc->root);
    while (st == FA_OK && (ev = fa_iter_next(&it, &n)) != FA_EV_DONE) {
        if (ev != FA_EV_ENTER || !fa_node_is_text(n) || !n->text || fa_str_blank(n->text))
            continue;
        bool hidden = false;
        for (const fa_node *p = n; p && !hidden; p = p->parent)
            hidden = (p->flags & (FA_NF_HIDDEN | FA_NF_COMMENT)) != 0;
        if (!hidden)
            st = scan_block(k, n);
    }
    return st;
}

static fa_doc_kind decide(kscan *k)
{
    static const fa_doc_kind order[] = {
        FA_DK_PROCESSING_AGREEMENT, FA_DK_DATA_EXCHANGE, FA_DK_MANDATE, FA_DK_CHARTER, FA_DK_TERMS,
        FA_DK_CONVENTION,           FA_DK_NOTICE};
    /* the first title that names a kind decides: "Convention de partenariat" before a
     * heading "Échange d'informations" */
    fa_doc_kind title = FA_DK_FORM;
    for (int b = 0; b < k->n_title && title == FA_DK_FORM; b++)
        for (size_t i = 0; i < sizeof order / sizeof order[0] && title == FA_DK_FORM; i++)
            if (find(k, FA_LX_KIND_TITLE(order[i]), k->title[b], strlen(k->title[b])))
                title = order[i];
    bool generic = title == FA_DK_FORM || title == FA_DK_TERMS || title == FA_DK_CONVENTION;
    if (generic && k->body[FA_DK_PROCESSING_AGREEMENT] >= AGREEMENT_BLOCKS)
        return FA_DK_PROCESSING_AGREEMENT;
    if ((title == FA_DK_TERMS || title == FA_DK_CONVENTION) && k->body[FA_DK_DATA_EXCHANGE] >= 2)
        return FA_DK_DATA_EXCHANGE;
    if (title != FA_DK_FORM)
        return title;
    if (k->body[FA_DK_CONVENTION] >= 2)
        return FA_DK_CONVENTION;
    if (k->body[FA_DK_MANDATE] >= 2)
        return FA_DK_MANDATE;
    return FA_DK_FORM;
}

/* ---------------------------------------------------------------- prose fields */

static bool no_letter(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z')
            return false;
        else if (*p >= 0x80)
            return false;
    return true;
}

/* A heading taken for a label: a Markdown heading, or a clause title ("Article 3"). */
static bool heading_label(const fa_langdata *ld, const char *label)
{
    const char *p = label;
    while (*p == ' ')
        p++;
    if (*p == '#')
        return true;
    char *f = fa_fold_simple(p);
    bool r = f && fa_langdata_list_has(ld, FA_FL_CLAUSE_HEADING, f);
    if (r) {
        /* the word must be followed by its number: "Article 3", "Annexe II", not
         * "Titre de séjour" */
        const char *q = f;
        while (*q >= 'a' && *q <= 'z')
            q++;
        while (*q == ' ')
            q++;
        size_t roman = strspn(q, "ivxlc");
        r = (*q >= '0' && *q <= '9') || (roman && (!q[roman] || strchr(" .-:)", q[roman])));
    }
    free(f);
    return r;
}

/* The second half of a line cut in two: same node, the label is the previous one's
 * followed by what was between the blanks ("Fait à" then "Fait à … le"). */
static bool continuation(const fa_field *f, const fa_field *prev)
{
    if (!prev || !prev->label || !f->label || prev->node != f->node)
        return false;
    size_t n = strlen(prev->label);
    return n && !strncmp(f->label, prev->label, n) && strstr(f->label + n, "\xE2\x80\xA6");
}

static bool date_or_signature(const fa_field *f)
{
    return f->kind == FA_FK_DATE || f->kind == FA_FK_SIGNATURE;
}

static void field_free(fa_field *f)
{
    free(f->label);
    fa_strvec_free(&f->options);
    free(f->section);
    free(f->value);
}

static fa_status prune_fields(const fa_langdata *ld, fa_result *res)
{
    if (!res->n_fields)
        return FA_OK;
    bool *drop = calloc(res->n_fields, sizeof *drop);
    if (!drop)
        return FA_ERR_NOMEM;
    size_t blanks = 0;
    for (size_t i = 0; i < res->n_fields; i++) {
        const fa_field *f = &res->fields[i];
        drop[i] = !f->label || heading_label(ld, f->label) || no_letter(f->label) ||
                  continuation(f, i ? &res->fields[i - 1] : NULL);
        blanks += !drop[i] && !date_or_signature(f);
    }
    size_t w = 0;
    for (size_t i = 0; i < res->n_fields; i++) {
        fa_field *f = &res->fields[i];
        if (drop[i] || blanks < FORM_FIELDS) {
            field_free(f);
            continue;
        }
        if (w != i)
            res->fields[w] = *f;
        snprintf(res->fields[w].id, sizeof res->fields[w].id, "F%zu", w + 1);
        w++;
    }
    res->n_fields = w;
    free(drop);
    return FA_OK;
}

fa_status fa_kind_detect(const fa_langdata *ld, const fa_doc *doc, fa_result *res)
{
    res->kind = FA_DK_FORM;
    if (!ld || !doc || !doc->root)
        return FA_OK;
    kscan k;
    memset(&k, 0, sizeof k);
    k.ld = ld;
    k.jit_after = getenv("FA_PCRE2_NO_JIT") ? SIZE_MAX : KIND_JIT_AFTER;
    k.md = pcre2_match_data_create(fa_langdata_groups(ld), NULL);
    k.mctx = pcre2_match_context_create(NULL);
    if (k.mctx) {
        pcre2_set_match_limit(k.mctx, FA_PCRE2_MATCH_LIMIT);
        pcre2_set_depth_limit(k.mctx, FA_PCRE2_DEPTH_LIMIT);
    }
    fa_status st = k.md && k.mctx ? scan_doc(&k, doc, res) : FA_ERR_NOMEM;
    if (st == FA_OK) {
        res->kind = decide(&k);
        if (res->kind != FA_DK_FORM)
            st = prune_fields(ld, res);
    }
    for (int i = 0; i < k.n_title; i++)
        free(k.title[i]);
    free(k.seen);
    pcre2_match_data_free(k.md);
    pcre2_match_context_free(k.mctx);
    return st;
}
