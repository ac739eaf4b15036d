/* audit_limits.c — limits reached during an audit are said, and the text a limit left
 * out of the field inventory is still classified (see audit_limits.h). Issue 18: past
 * FA_MAX_FIELDS the rest of a document went unaudited, status ok, no warning. */
#include "audit_limits.h"
#include "fa_limits.h"
#include "ident.h"

#include <stdlib.h>
#include <string.h>

/* One rule that fired past the field limit: its finding and in how many paragraphs. */
typedef struct past_rule {
    const char *id; /* borrowed from the rule set */
    size_t finding;
    size_t paragraphs;
    const fa_node *last; /* the paragraph it last fired in */
} past_rule;

typedef struct past {
    const fa_rules *rs;
    fa_result *res;
    const fa_node *node; /* the paragraph being read */
    past_rule *v;
    size_t n, alloc;
    bool full; /* FA_MAX_FINDINGS reached */
    fa_status st;
} past;

static fa_status new_finding(past *p, const fa_rule_hit *h)
{
    fa_result *res = p->res;
    fa_finding *fd = fa_result_add_finding(res);
    if (!fd) {
        p->full = true;
        return FA_OK;
    }
    const char *text = p->node->text;
    char *span = fa_strndup(text + h->start, h->end - h->start);
    fd->rule = strdup(h->rule_id);
    fd->category = strdup(h->category);
    fd->severity = h->severity;
    fd->field = -1;
    fd->quote = fa_ident_mask(text);
    fd->matched = span ? fa_ident_mask(span) : NULL;
    free(span);
    const char *msg = fa_rules_message(p->rs, h->rule_id, res->lang);
    const char *rec = fa_rules_recommendation(p->rs, h->rule_id, res->lang);
    fd->message = strdup(msg ? msg : "");
    fd->recommendation = strdup(rec ? rec : "");
    fd->pattern = strdup(h->pattern ? h->pattern : "");
    fd->scope = strdup("body");
    fd->loc = p->node->loc;
    if (fa_rules_legal_basis(p->rs, h->rule_id, &fd->legal_basis) != FA_OK || !fd->rule ||
        !fd->category || !fd->quote || !fd->matched || !fd->message || !fd->recommendation ||
        !fd->pattern || !fd->scope)
        return FA_ERR_NOMEM;
    if (p->n == p->alloc) {
        size_t na = p->alloc ? p->alloc * 2 : 16;
        past_rule *v = realloc(p->v, na * sizeof *v);
        if (!v)
            return FA_ERR_NOMEM;
        p->v = v;
        p->alloc = na;
    }
    p->v[p->n++] = (past_rule){h->rule_id, res->n_findings - 1, 1, p->node};
    return FA_OK;
}

static void past_hit(const fa_rule_hit *h, void *ud)
{
    past *p = ud;
    int cat = fa_category_from_name(h->category);
    /* what a field collects, sensitive: identity and contact rules only classify */
    if (p->st || cat < 0 || cat == FA_CAT_IDENTITY || cat == FA_CAT_CONTACT)
        return;
    for (size_t i = 0; i < p->n; i++) {
        if (p->v[i].id == h->rule_id || !strcmp(p->v[i].id, h->rule_id)) {
            if (p->v[i].last != p->node) {
                p->v[i].paragraphs++;
                p->v[i].last = p->node;
            }
            return;
        }
    }
    if (!p->full)
        p->st = new_finding(p, h);
}

/* The note of each finding: where it comes from and how often it fired there. */
static fa_status past_notes(past *p)
{
    bool en = p->res->lang && !strcmp(p->res->lang, "en");
    char n[32];
    fa_count_str(n, sizeof n, FA_MAX_FIELDS);
    for (char *c = n; !en && *c; c++) /* "20 000" in French */
        if (*c == ',')
            *c = ' ';
    for (size_t i = 0; i < p->n; i++) {
        char note[320], more[96] = "";
        size_t k = p->v[i].paragraphs - 1;
        if (k)
            snprintf(more, sizeof more,
                     en ? "; also in %zu other paragraph%s there"
                        : " ; aussi dans %zu autre%s paragraphe%s",
                     k, k > 1 ? "s" : "", k > 1 ? "s" : "");
        snprintf(note, sizeof note,
                 en ? "past the first %s fields (limit FA_MAX_FIELDS): text the field "
                      "inventory does not list%s"
                    : "au-delà des %s premiers champs (limite FA_MAX_FIELDS) : texte que "
                      "l'inventaire des champs ne liste pas%s",
                 n, more);
        fa_finding *fd = &p->res->findings[p->v[i].finding];
        free(fd->note);
        fd->note = strdup(note);
        if (!fd->note)
            return FA_ERR_NOMEM;
    }
    return FA_OK;
}

static bool unread(const fa_node *n)
{
    return (n->flags & (FA_NF_HIDDEN | FA_NF_COMMENT | FA_NF_HEADER | FA_NF_NOTE)) != 0;
}

/* The label rules over every text block after CUT (the last field's node). */
static fa_status read_past(const fa_rules *rs, const fa_doc *doc, fa_result *res,
                           const fa_node *cut)
{
    past p = {.rs = rs, .res = res};
    fa_iter it;
    const fa_node *node;
    fa_event ev;
    bool after = cut == NULL;
    fa_iter_init(&it, doc->root);
    while (p.st == FA_OK && (ev = fa_iter_next(&it, &node)) != FA_EV_DONE) {
        if (ev == FA_EV_EXIT && node == cut)
            after = true;
        if (!after || ev != FA_EV_ENTER || !fa_node_is_text(node) || unread(node) ||
            fa_str_blank(node->text))
            continue;
        p.node = node;
        fa_status st = fa_rules_match(rs, FA_SCOPE_LABEL, node->text, past_hit, &p);
        if (st != FA_OK && p.st == FA_OK)
            p.st = st;
    }
    if (p.st == FA_OK)
        p.st = past_notes(&p);
    free(p.v);
    return p.st == FA_ERR_USAGE ? FA_OK : p.st; /* an uncompiled set reads nothing */
}

/* True when field detection dropped fields (it said so: FA_FIELDS_CUT). */
static bool fields_cut(const fa_doc *doc)
{
    char head[64], n[32];
    snprintf(head, sizeof head, "more than %s fields:", fa_count_str(n, sizeof n, FA_MAX_FIELDS));
    for (size_t i = 0; i < doc->warnings.n; i++)
        if (!strncmp(doc->warnings.v[i], head, strlen(head)))
            return true;
    return false;
}

fa_status fa_audit_limits(const fa_rules *rules, const fa_doc *doc, fa_result *res)
{
    char n[32];
    fa_status st = FA_OK;
    if (rules && doc && doc->root && res->n_fields >= FA_MAX_FIELDS && fields_cut(doc))
        st = read_past(rules, doc, res, res->fields[res->n_fields - 1].node);
    if (res->n_findings >= FA_MAX_FINDINGS && doc)
        fa_doc_warn_limit(doc,
                          "more than %s findings: the rest are not recorded (limit "
                          "FA_MAX_FINDINGS)",
                          fa_count_str(n, sizeof n, FA_MAX_FINDINGS));
    return st;
}
