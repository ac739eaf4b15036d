/* notice_agreement.c — what the document says about itself, part 3: agreements
 * (conventions, data-exchange terms, charters, terms of use, mandates, processing
 * agreements; kind.h). Their data-protection clauses are addressed to the other party,
 * not to the persons: which of them is a notice, who the parties are and in what role,
 * and the clauses GDPR art. 26 and 28 require. The vocabulary and the texts are the
 * lexicon of the packs (langpack.h).
 *
 * Decisions worth knowing:
 * - A notice in an agreement is a titled section ("Traitement des données à caractère
 *   personnel", "Article 6 - Protection des données", with its subsections) whose text,
 *   less the parties' engagements ("le Partenaire s'engage à informer l'Usager"), states
 *   the persons' rights to them, gives two of the core items of art. 13 (controller,
 *   purposes, recipients, retention, rights), or one said to the person ("votre
 *   dossier"). In a processing agreement only the first: it describes the processing
 *   to the controller. Without such a section, an information sentence in the second
 *   person (a contract with the person) is one. "Chaque partie est responsable de ses
 *   données" is a clause between parties; a clause is never a notice, whatever its
 *   data-protection words.
 * - The art. 28(3) findings take the kind "sharing" (CONTRACT §4 allows only its kinds
 *   for document-level findings): art. 28 is the condition under which handing data to
 *   a processor is lawful, so a missing item is a defect of that transmission. The
 *   letter is in the rule id (fr.convention.art28.e) and in the message. */
#include "notice_int.h"

#include "fa_limits.h"

#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- the notice */

/* Core items of art. 13 that the sentence [a, e) of S gives (bits of fa_notice_item). */
static unsigned block_items(nt_ctx *c, const char *s, size_t a, size_t e)
{
    static const struct {
        fa_nre re;
        fa_notice_item item;
    } core[] = {{FA_NRE_CONTROLLER, FA_NI_CONTROLLER},
                {FA_NRE_PURPOSES, FA_NI_PURPOSES},
                {FA_NRE_RECIPIENTS, FA_NI_RECIPIENTS},
                {FA_NRE_RETENTION_WORD, FA_NI_RETENTION},
                {FA_NRE_RIGHTS, FA_NI_RIGHTS}};
    unsigned items = 0;
    for (size_t k = 0; k < sizeof core / sizeof core[0]; k++) {
        if (!nt_find(c, core[k].re, s, e, a, NULL, NULL))
            continue;
        if (core[k].item == FA_NI_RETENTION && !nt_find(c, FA_NRE_DURATION, s, e, a, NULL, NULL))
            continue;
        items |= 1u << core[k].item;
    }
    return items;
}

static int popcount(unsigned x)
{
    int n = 0;
    for (; x; x &= x - 1)
        n++;
    return n;
}

/* The end of the section titled by block I: the next heading of the same or a higher
 * level (a title that is a plain paragraph ends at the next heading). */
static size_t section_end(const nt_ctx *c, size_t i)
{
    const fa_node *t = c->b[i].node;
    int level = t->type == FA_N_HEADING ? t->level : 0;
    size_t j = i + 1;
    for (; j < c->nb && j < i + 200; j++) {
        const fa_node *n = c->b[j].node;
        if (n->type == FA_N_HEADING && (!level || n->level <= level))
            break;
    }
    return j;
}

/* Block B ends with ':' (it announces a list). */
static bool announces(const nt_block *b)
{
    size_t n = b->f.len;
    while (n && b->f.s[n - 1] == ' ')
        n--;
    return n && b->f.s[n - 1] == ':';
}

/* An item of the list the previous block announced: a list item, or a line starting
 * with a dash or a bullet. */
static bool list_line(const nt_block *b)
{
    const unsigned char *s = (const unsigned char *)b->text;
    while (*s == ' ')
        s++;
    return b->node->type == FA_N_LIST_ITEM || *s == '-' || *s == '*' ||
           (s[0] == 0xE2 && s[1] == 0x80 &&
            (s[2] == 0x95 || s[2] == 0x94 || s[2] == 0x93 || s[2] == 0xA2));
}

/* Marks ENGAGED[j] for the blocks of [from, to) that are the parties' engagements: a
 * clause ("s'engage à"), and the items of a list such a clause announces. */
static void engagements(nt_ctx *c, size_t from, size_t to, bool *engaged)
{
    bool in_list = false;
    for (size_t j = from; j < to; j++) {
        const nt_block *b = &c->b[j];
        bool e = nt_engagement(c, b);
        if (!e && in_list && list_line(b))
            e = true;
        else if (!e)
            in_list = false;
        if (e && announces(b))
            in_list = true;
        engaged[j - from] = e;
    }
}

/* What the sentences of block B that no party's engagement holds give: core items,
 * and whether they state the persons' rights to them. False when every sentence is an
 * engagement. */
static bool block_content(nt_ctx *c, const nt_block *b, unsigned *items, bool *person,
                          bool *address)
{
    const char *s = b->f.s;
    size_t n = b->f.len, a = 0;
    bool any = false;
    while (a < n) {
        size_t sa, sb;
        nt_sentence(c, s, n, a, &sa, &sb);
        size_t next = nt_sentence_next(c, s, n, sa);
        a = next > a ? next : a + 1;
        if (sb <= sa || nt_find(c, FA_NRE_ENGAGEMENT, s, sb, sa, NULL, NULL))
            continue;
        any = true;
        *items |= block_items(c, s, sa, sb);
        *person = *person || nt_find(c, FA_NRE_PERSON_RIGHTS, s, sb, sa, NULL, NULL);
        *address = *address || nt_find(c, FA_NRE_PERSON_ADDRESS, s, sb, sa, NULL, NULL);
    }
    return any;
}

/* A heading, or a short line that reads as one (no list item, no closing punctuation). */
static bool heading_like(const nt_block *b)
{
    if (b->node->type == FA_N_HEADING)
        return true;
    if (b->node->type == FA_N_LIST_ITEM || b->f.len > 100 || !b->f.len)
        return false;
    char last = b->f.s[b->f.len - 1];
    return !strchr(";,:.", last);
}

/* A heading that opens a notice in an agreement: a notice title, or an agreement's
 * data-protection heading ("Article 8 — Accord de responsabilité conjointe de
 * traitement de données"), and not a clause's ("6.1. Confidentialité"). */
static bool notice_title(nt_ctx *c, const nt_block *t)
{
    if (t->has_box || t->f.len > 200)
        return false;
    if (!nt_is_title(c, t) &&
        !(heading_like(t) && nt_find(c, FA_NRE_SECTION_TITLE, t->f.s, t->f.len, 0, NULL, NULL)))
        return false;
    return !nt_find(c, FA_NRE_CLAUSE_TITLE, t->f.s, t->f.len, 0, NULL, NULL);
}

/* With no titled notice: an information sentence spoken to the person ("Les
 * renseignements portés sur ce document sont nécessaires au suivi de votre
 * accompagnement"), the way a contract with the person informs them, with the
 * neighbouring blocks that carry notice signals. Not the parties' engagements, not
 * the person's own words in a mandate ("mes données sont traitées par..."). */
static void untitled_notice(nt_ctx *c)
{
    for (size_t i = 0; i < c->nb; i++)
        if (c->b[i].in_notice)
            return;
    for (size_t i = 0; i < c->nb; i++) {
        nt_block *b = &c->b[i];
        if (b->in_notice || b->has_box || (!b->info && !b->strong) ||
            b->node->type == FA_N_HEADING || nt_engagement(c, b) ||
            !nt_find(c, FA_NRE_PERSON_ADDRESS, b->f.s, b->f.len, 0, NULL, NULL))
            continue;
        b->in_notice = true;
        for (size_t k = i; k > 0; k--) {
            nt_block *p = &c->b[k - 1];
            if (p->in_notice || p->has_box || !(p->strong || p->weak || p->info) ||
                p->node->type == FA_N_HEADING || nt_engagement(c, p))
                break;
            p->in_notice = true;
        }
        for (size_t k = i + 1; k < c->nb; k++) {
            nt_block *p = &c->b[k];
            if (p->in_notice || p->has_box || !(p->strong || p->weak || p->info) ||
                p->node->type == FA_N_HEADING || nt_engagement(c, p))
                break;
            p->in_notice = true;
        }
    }
}

void nt_agreement_notice(nt_ctx *c)
{
    bool *engaged = malloc((c->nb + 1) * sizeof *engaged);
    bool *content = malloc((c->nb + 1) * sizeof *content);
    if (!engaged || !content) {
        free(engaged);
        free(content);
        return; /* out of memory: no notice rather than a wrong one */
    }
    /* a processing agreement describes the processing to the controller: only the
     * persons' rights stated to them make a notice there */
    bool need_person = c->res->kind == FA_DK_PROCESSING_AGREEMENT;
    for (size_t i = 0; i < c->nb; i++) {
        const nt_block *t = &c->b[i];
        if (t->in_notice || !notice_title(c, t))
            continue;
        size_t end = section_end(c, i);
        engagements(c, i + 1, end, engaged);
        unsigned items = 0;
        bool person = false, address = false;
        for (size_t j = i + 1; j < end; j++) {
            const nt_block *b = &c->b[j];
            content[j - i - 1] = !b->has_box && !engaged[j - i - 1] &&
                                 block_content(c, b, &items, &person, &address);
        }
        /* the persons' rights stated to them; or two core items; or one, said to the
         * person ("ne sont communiqués qu'aux professionnels qui suivent votre dossier") */
        int k = popcount(items);
        if (!person && (need_person || (k < 2 && !(address && k >= 1))))
            continue;
        c->b[i].in_notice = true;
        for (size_t j = i + 1; j < end; j++)
            c->b[j].in_notice = content[j - i - 1];
        i = end - 1;
    }
    free(engaged);
    free(content);
    untitled_notice(c);
}

/* ---------------------------------------------------------------- parties */

fa_status nt_parties(nt_ctx *c)
{
    for (size_t k = 0; k < c->nu && c->n_party < NT_MAX_PARTIES; k++) {
        const nt_block *b = &c->b[c->u[k].first];
        size_t pos = 0, ms, me, gs, ge;
        while (c->n_party < NT_MAX_PARTIES &&
               nt_find(c, FA_NRE_PARTY_DEF, b->f.s, b->f.len, pos, &ms, &me) && me > pos) {
            pos = me;
            if (!nt_group(c, 1, &gs, &ge) || ge <= gs)
                continue;
            bool dup = false;
            for (size_t p = 0; p < c->n_party && !dup; p++)
                dup = strlen(c->party_f[p]) == ge - gs &&
                      !memcmp(c->party_f[p], b->f.s + gs, ge - gs);
            if (dup)
                continue;
            char *f = fa_strndup(b->f.s + gs, ge - gs);
            char *o = nt_quote(&b->f, b->text, gs, ge);
            if (!f || !o) {
                free(f);
                free(o);
                return FA_ERR_NOMEM;
            }
            c->party_f[c->n_party] = f;
            c->party[c->n_party++] = o;
        }
    }
    return FA_OK;
}

/* ---------------------------------------------------------------- clauses */

/* Record a clause. Strings are copied; QUOTE may be NULL (""), DETAIL NULL. */
static fa_status add_clause(nt_ctx *c, const char *id, const char *status, const char *quote,
                            const char *detail, const fa_loc *loc)
{
    fa_clause *k = fa_result_add_clause(c->res);
    if (!k)
        return c->res->n_clauses >= FA_MAX_FINDINGS ? FA_OK : FA_ERR_NOMEM;
    k->id = fa_strdup(id);
    k->status = fa_strdup(status);
    k->quote = fa_strdup(quote ? quote : "");
    k->detail = detail ? fa_strdup(detail) : NULL;
    if (loc)
        k->loc = *loc;
    return k->id && k->status && k->quote && (!detail || k->detail) ? FA_OK : FA_ERR_NOMEM;
}

/* The first sentence of the document where pattern SLOT matches: its quote (malloc'd,
 * NULL when none) and location. Running text first, headings (and lines of a table of
 * contents) only when nothing else says it. FA_ERR_NOMEM only. */
static fa_status first_sentence(nt_ctx *c, size_t slot, char **quote, fa_loc *loc)
{
    *quote = NULL;
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = 0; k < c->nu; k++) {
            const nt_block *b = &c->b[c->u[k].first];
            bool heading = b->node->type == FA_N_HEADING || strstr(b->text, "](");
            size_t ms, me, a, e;
            if (heading != (pass == 1) || !nt_find_slot(c, slot, b->f.s, b->f.len, 0, &ms, &me))
                continue;
            nt_sentence(c, b->f.s, b->f.len, ms, &a, &e);
            *quote = nt_quote(&b->f, b->text, a, e);
            if (!*quote)
                return FA_ERR_NOMEM;
            *loc = b->node->loc;
            return FA_OK;
        }
    return FA_OK;
}

/* Some block of the document has pattern SLOT. */
static bool any_slot(nt_ctx *c, size_t slot)
{
    for (size_t k = 0; k < c->nu; k++) {
        const nt_block *b = &c->b[c->u[k].first];
        if (nt_find_slot(c, slot, b->f.s, b->f.len, 0, NULL, NULL))
            return true;
    }
    return false;
}

/* A finding of an agreement: rule RULE_ID, else fr.convention.NAME; its message and
 * recommendation are the texts "convention.NAME" and "convention.NAME.recommendation"
 * with KV filled, its legal bases those listed under the rule id. */
static fa_status agreement_finding(nt_ctx *c, const char *name, const char *kind, fa_severity sev,
                                   const char *quote, const fa_loc *loc, const char *const *kv,
                                   const char *rule_id)
{
    char rule[96], msg_id[96], rec_id[112];
    snprintf(rule, sizeof rule, "%s%s", rule_id ? "" : "fr.convention.", rule_id ? rule_id : name);
    snprintf(msg_id, sizeof msg_id, "convention.%s", name);
    snprintf(rec_id, sizeof rec_id, "convention.%s.recommendation", name);
    const char *basis[16];
    size_t nb = 0;
    fa_buf msg = {0}, rec = {0};
    fa_status st = nt_basis(c, rule, basis, &nb, 16);
    if (st == FA_OK)
        st = nt_format(c, &msg, msg_id, kv);
    if (st == FA_OK)
        st = nt_format(c, &rec, rec_id, kv);
    bool quoted = quote && *quote;
    if (st == FA_OK)
        st = msg.data && rec.data
                 ? nt_add(c, rule, kind, sev, quoted ? quote : "", quoted ? loc : NULL,
                          quoted ? "body" : "document", msg.data, rec.data, basis, NULL)
                 : FA_ERR_NOMEM;
    fa_buf_free(&msg);
    fa_buf_free(&rec);
    return st;
}

/* The parties as the agreement defines them, and the roles it gives. */
static fa_status parties_clause(nt_ctx *c)
{
    static const struct {
        fa_nre re;
        const char *id;
    } roles[] = {{FA_NRE_CONTROLLER, "convention.role.controller"},
                 {FA_NRE_JOINT, "convention.role.joint"},
                 {FA_NRE_PROCESSOR, "convention.role.processor"},
                 {FA_NRE_SUBPROCESSOR, "convention.role.subprocessor"}};
    fa_buf d = {0};
    fa_status st = FA_OK;
    for (size_t p = 0; p < c->n_party && st == FA_OK; p++)
        st = fa_buf_printf(&d, "%s%s", p ? ", " : "", c->party[p]);
    bool any = false;
    for (size_t r = 0; r < sizeof roles / sizeof roles[0] && st == FA_OK; r++)
        if (any_slot(c, FA_LX_ROLE(roles[r].re))) {
            st = fa_buf_printf(&d, "%s%s",
                               !d.len ? ""
                               : any  ? ", "
                                      : " ; ",
                               nt_text(c, roles[r].id));
            any = true;
        }
    char *q = NULL;
    fa_loc loc = {0};
    if (st == FA_OK && d.len)
        st = first_sentence(c, FA_LX_ROLE(FA_NRE_PARTY_DEF), &q, &loc);
    if (st == FA_OK && d.len && !q)
        st = first_sentence(c, FA_LX_ROLE(FA_NRE_CONTROLLER), &q, &loc);
    if (st == FA_OK && d.len)
        st = add_clause(c, "parties", "named", q, d.data, &loc);
    free(q);
    fa_buf_free(&d);
    return st;
}

/* The recipients the sharing named, one by one with their secrecy, quoted where the
 * sharing is. */
static fa_status recipients_clause(nt_ctx *c)
{
    if (!c->rcp_detail.len)
        return FA_OK;
    const fa_finding *share = NULL;
    for (size_t i = 0; i < c->res->n_findings && !share; i++)
        if (!strcmp(c->res->findings[i].rule, "fr.sharing"))
            share = &c->res->findings[i];
    return add_clause(c, "recipients", "named", share ? share->quote : "", c->rcp_detail.data,
                      share ? &share->loc : NULL);
}

/* Transfers outside the EU: named with their safeguards, or not; and recipients under a
 * non-EU law (US cloud providers), whatever the place of their servers. */
static fa_status transfers_clause(nt_ctx *c)
{
    char *q = NULL;
    fa_loc loc = {0};
    fa_status st = first_sentence(c, FA_LX_ROLE(FA_NRE_TRANSFER), &q, &loc);
    if (st == FA_OK && q) {
        bool safe = any_slot(c, FA_LX_ROLE(FA_NRE_TRANSFER_SAFE));
        st = add_clause(c, "transfers", safe ? "present" : "missing", q, NULL, &loc);
        if (st == FA_OK && !safe)
            st = agreement_finding(c, "transfer", "sharing", FA_SEV_HIGH, q, &loc, NULL, NULL);
    }
    free(q);
    q = NULL;
    for (size_t k = 0; k < fa_langdata_recipients(c->ld) && st == FA_OK && !q; k++)
        if (fa_langdata_recipient_tag(c->ld, k, "non_eu")) {
            st = first_sentence(c, FA_LX_RECIPIENT(k), &q, &loc);
            if (st == FA_OK && q)
                st = agreement_finding(c, "non_eu_provider", "sharing", FA_SEV_MEDIUM, q, &loc,
                                       NULL, NULL);
        }
    free(q);
    return st;
}

/* Security (art. 32), breach notification (art. 33), audits, deletion or return at the
 * end: present or not. Missing security or breach notification is a finding in terms
 * that organise exchanges and in conventions between bodies (a processing agreement has
 * its art. 28 checklist). */
static fa_status obligations_clauses(nt_ctx *c)
{
    static const struct {
        fa_nre re;
        const char *id, *finding;
        fa_severity sev;
    } obl[] = {{FA_NRE_SECURITY, "security", "security", FA_SEV_MEDIUM},
               {FA_NRE_BREACH, "breach", "breach", FA_SEV_LOW},
               {FA_NRE_AUDIT, "audit", NULL, FA_SEV_INFO},
               {FA_NRE_END_RETURN, "end_of_contract", NULL, FA_SEV_INFO}};
    /* between bodies: a contract with the person (a "contrat jeune majeur") is no
     * organisation of exchanges */
    bool exchange = (c->res->kind == FA_DK_DATA_EXCHANGE || c->res->kind == FA_DK_CONVENTION) &&
                    !any_slot(c, FA_LX_ROLE(FA_NRE_PERSON_PARTY));
    fa_status st = FA_OK;
    for (size_t i = 0; i < sizeof obl / sizeof obl[0] && st == FA_OK; i++) {
        char *q = NULL;
        fa_loc loc = {0};
        st = first_sentence(c, FA_LX_ROLE(obl[i].re), &q, &loc);
        if (st == FA_OK)
            st = add_clause(c, obl[i].id, q ? "present" : "missing", q, NULL, q ? &loc : NULL);
        if (st == FA_OK && !q && obl[i].finding && exchange && c->share_found)
            st =
                agreement_finding(c, obl[i].finding, "sharing", obl[i].sev, NULL, NULL, NULL, NULL);
        free(q);
    }
    return st;
}

/* Health data hosted by a provider: a host certified for health data (CSP L1111-8). */
static fa_status health_hosting(nt_ctx *c)
{
    bool health =
        (c->collected & FA_CAT_BIT(FA_CAT_HEALTH)) || any_slot(c, FA_LX_ROLE(FA_NRE_HEALTH_DATA));
    if (!health)
        return FA_OK;
    char *q = NULL;
    fa_loc loc = {0};
    fa_status st = FA_OK;
    for (size_t k = 0; k < fa_langdata_recipients(c->ld) && st == FA_OK && !q; k++)
        if (fa_langdata_recipient_tag(c->ld, k, "host"))
            st = first_sentence(c, FA_LX_RECIPIENT(k), &q, &loc);
    if (st == FA_OK && q) {
        bool certified = any_slot(c, FA_LX_ROLE(FA_NRE_HEALTH_HOST));
        st = add_clause(c, "health_hosting", certified ? "present" : "missing", q, NULL, &loc);
        if (st == FA_OK && !certified)
            st =
                agreement_finding(c, "health_hosting", "sharing", FA_SEV_HIGH, q, &loc, NULL, NULL);
    }
    free(q);
    return st;
}

/* Joint controllers (art. 26) and, when the arrangement says so, that it does not bind
 * them towards the persons (contrary to art. 26.3: the persons may exercise their
 * rights against each of them). A consent finding: the person loses a say. */
static fa_status joint_clause(nt_ctx *c)
{
    char *q = NULL, *no = NULL;
    fa_loc loc = {0}, nloc = {0};
    fa_status st = first_sentence(c, FA_LX_ROLE(FA_NRE_JOINT), &q, &loc);
    if (st == FA_OK && q)
        st = first_sentence(c, FA_LX_ROLE(FA_NRE_NOT_OPPOSABLE), &no, &nloc);
    if (st == FA_OK && q)
        st = add_clause(c, "joint_controllers", no ? "partial" : "present", no ? no : q, NULL,
                        no ? &nloc : &loc);
    if (st == FA_OK && no)
        st = agreement_finding(c, "joint.not_opposable", "consent", FA_SEV_HIGH, no, &nloc, NULL,
                               NULL);
    free(q);
    free(no);
    return st;
}

/* The data categories left to another document ("précisée dans la documentation
 * technique", "au moment de la création d'une démarche"): what is exchanged is not in
 * the agreement. */
static fa_status categories_clause(nt_ctx *c)
{
    char *q = NULL;
    fa_loc loc = {0};
    fa_status st = first_sentence(c, FA_LX_ROLE(FA_NRE_CATS_ELSEWHERE), &q, &loc);
    if (st == FA_OK && q) {
        st = add_clause(c, "categories", "elsewhere", q, NULL, &loc);
        if (st == FA_OK)
            st = agreement_finding(c, "categories_elsewhere", "sharing", FA_SEV_MEDIUM, q, &loc,
                                   NULL, NULL);
    }
    free(q);
    return st;
}

/* Sub-processors authorised in bulk and named nowhere in the agreement (art. 28.2 and
 * 28.4: the controller must know who processes its data). */
static fa_status subprocessors(nt_ctx *c)
{
    if (any_slot(c, FA_LX_ROLE(FA_NRE_SUBPROC_NAMED)))
        return FA_OK;
    char *q = NULL;
    fa_loc loc = {0};
    fa_status st = first_sentence(c, FA_LX_ROLE(FA_NRE_SUBPROCESSOR), &q, &loc);
    if (st == FA_OK && q)
        st = agreement_finding(c, "subprocessors_unnamed", "sharing", FA_SEV_MEDIUM, q, &loc, NULL,
                               NULL);
    free(q);
    return st;
}

/* The checklist of art. 28(3), (a) to (h), in a processing agreement: each clause
 * present, partial or missing, quoted. Findings of kind "sharing" (see the file
 * comment), the letter in the rule id. */
static fa_status art28(nt_ctx *c)
{
    static const fa_severity missing_sev[8] = {FA_SEV_HIGH,   FA_SEV_MEDIUM, FA_SEV_HIGH,
                                               FA_SEV_MEDIUM, FA_SEV_MEDIUM, FA_SEV_MEDIUM,
                                               FA_SEV_HIGH,   FA_SEV_MEDIUM};
    fa_status st = FA_OK;
    for (int i = 0; i < 8 && st == FA_OK; i++) {
        char letter[2] = {(char)('a' + i), 0}, id[16], item_id[48], rule[48];
        snprintf(id, sizeof id, "art28.%s", letter);
        snprintf(item_id, sizeof item_id, "convention.art28.item.%s", letter);
        snprintf(rule, sizeof rule, "fr.convention.art28.%s", letter);
        char *q = NULL;
        fa_loc loc = {0};
        const char *status = "present";
        st = first_sentence(c, FA_LX_ROLE(FA_NRE_ART28_A + i), &q, &loc);
        if (st == FA_OK && !q) {
            status = "partial";
            st = first_sentence(c, FA_LX_ROLE(FA_NRE_ART28_A_PART + i), &q, &loc);
        }
        if (st == FA_OK && !q)
            status = "missing";
        if (st == FA_OK)
            st = add_clause(c, id, status, q, nt_text(c, item_id), q ? &loc : NULL);
        const char *kv[] = {"letter", letter, "item", nt_text(c, item_id), NULL};
        if (st == FA_OK && strcmp(status, "present")) {
            bool partial = !strcmp(status, "partial");
            st = agreement_finding(c, partial ? "art28.partial" : "art28.missing", "sharing",
                                   partial ? FA_SEV_LOW : missing_sev[i], q, &loc, kv, rule);
        }
        free(q);
    }
    return st;
}

/* A mandate that lets its agent use special-category, criminal or residence data: the
 * person's explicit consent, category by category (art. 9.2.a, 10), and what the agent
 * does with them must be in it. */
static fa_status mandate_sensitive(nt_ctx *c)
{
    fa_catset special =
        FA_CAT_SENSITIVE &
        ~(FA_CAT_BIT(FA_CAT_FREE_COMMENT) | FA_CAT_BIT(FA_CAT_FINANCIAL) |
          FA_CAT_BIT(FA_CAT_SUBJECTIVE_ASSESSMENT) | FA_CAT_BIT(FA_CAT_NATIONAL_ID));
    fa_catset got = c->collected & special;
    if (!got || any_slot(c, FA_LX_ROLE(FA_NRE_EXPLICIT_CONSENT)))
        return FA_OK;
    fa_buf cats = {0}, q = {0};
    fa_status st = FA_OK;
    for (int k = 0; k < FA_CAT_COUNT && st == FA_OK; k++)
        if (got & FA_CAT_BIT(k))
            st = fa_buf_printf(&cats, "%s%s", cats.len ? ", " : "",
                               fa_category_label((fa_category)k, c->lang));
    int n = 0;
    for (size_t i = 0; i < c->res->n_fields && n < 3 && st == FA_OK; i++)
        if (c->res->fields[i].categories & got && c->res->fields[i].label)
            st = fa_buf_printf(&q, "%s%s", n++ ? " ; " : "", c->res->fields[i].label);
    const char *kv[] = {"categories", cats.data ? cats.data : "", NULL};
    if (st == FA_OK)
        st = agreement_finding(c, "mandate.sensitive", "consent", FA_SEV_HIGH, q.data ? q.data : "",
                               NULL, kv, NULL);
    fa_buf_free(&cats);
    fa_buf_free(&q);
    return st;
}

fa_status nt_agreement(nt_ctx *c)
{
    fa_status st = parties_clause(c);
    if (st == FA_OK)
        st = recipients_clause(c);
    if (st == FA_OK && c->ret_class)
        st = add_clause(c, "retention", c->ret_class, c->res->notice.retention, NULL,
                        c->ret_loc.paragraph || c->ret_loc.page ? &c->ret_loc : NULL);
    if (st == FA_OK)
        st = categories_clause(c);
    if (st == FA_OK)
        st = transfers_clause(c);
    if (st == FA_OK)
        st = obligations_clauses(c);
    if (st == FA_OK)
        st = health_hosting(c);
    if (st == FA_OK)
        st = joint_clause(c);
    if (st == FA_OK)
        st = subprocessors(c);
    if (st == FA_OK && c->res->kind == FA_DK_PROCESSING_AGREEMENT)
        st = art28(c);
    if (st == FA_OK && c->res->kind == FA_DK_MANDATE)
        st = mandate_sensitive(c);
    return st;
}
