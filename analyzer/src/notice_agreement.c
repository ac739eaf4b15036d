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

fa_status nt_agreement(nt_ctx *c)
{
    (void)c;
    return FA_OK;
}
