/* notice_clauses.c — what the form says about itself, part 2: the issuer (legal
 * context) and how it shifts severities, sharing with third parties and professional
 * secrecy, retention, consent, and the DPIA indicator. Runs on the blocks and the
 * notice that notice.c gathered; the vocabulary is in notice.c.
 *
 * The legal anchors are in /work/shared/context/legal-framework.md: professional secrecy
 * §4 (Code pénal 226-13, CASF L411-3, L121-6-2, L226-2-2, CSP L1110-4), retention §3.2
 * (CNIL référentiel social 2021 and délib. 2023-095: two years after the last contact for
 * social support), DPIA §1 (EDPB WP248 criteria, CNIL list délib. 2018-327). */
#include "notice_int.h"

#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- helpers */

static size_t count_hits(nt_ctx *c, const nt_word *t, size_t k, const char *s, size_t n)
{
    size_t pos = 0, ms, me, cnt = 0;
    while (nt_find_word(c, t, k, s, n, pos, &ms, &me)) {
        cnt++;
        pos = me > pos ? me : pos + 1;
    }
    return cnt;
}

/* Some block has pattern ID. Asked once per pattern: several checks share one. */
static bool any_block(nt_ctx *c, nt_re id)
{
    if (c->any[id])
        return c->any[id] == 2;
    bool hit = false;
    for (size_t i = 0; i < c->nu && !hit; i++) {
        const nt_block *b = &c->b[c->u[i].first];
        hit = nt_find(c, id, b->f.s, b->f.len, 0, NULL, NULL);
    }
    c->any[id] = hit ? 2 : 1;
    return hit;
}

static const char *ctx_label(fa_context x, bool en)
{
    static const char *const fr[] = {"indéterminé",
                                     "employeur",
                                     "action sociale",
                                     "établissement scolaire",
                                     "établissement de santé",
                                     "logement social"};
    static const char *const enl[] = {"unknown", "employer",    "social services",
                                      "school",  "health care", "social housing"};
    return (unsigned)x < 6 ? (en ? enl[x] : fr[x]) : "?";
}

/* ---------------------------------------------------------------- context */

/* Guess the issuer from its vocabulary unless the caller gave it. The first blocks (title,
 * subtitle) weigh double: they usually name the issuer. At least three points are needed;
 * otherwise the context stays unknown rather than guessed from one word. */
fa_status nt_context_guess(nt_ctx *c, const fa_audit_opts *opts)
{
    size_t score[6] = {0};
    size_t assoc = 0;
    /* per distinct text: its points per context, and whether it names an association */
    size_t nctx = 0;
    while (nt_vocab_context[nctx].pat)
        nctx++;
    size_t *hits = malloc((c->nu ? c->nu : 1) * (nctx + 1) * sizeof *hits);
    if (!hits)
        return FA_ERR_NOMEM;
    for (size_t i = 0; i < c->nb; i++) {
        const nt_block *b = &c->b[i];
        size_t *h = hits + b->u * (nctx + 1);
        if (c->u[b->u].first == i) {
            for (size_t k = 0; k < nctx; k++)
                h[k] = count_hits(c, nt_vocab_context, k, b->f.s, b->f.len);
            h[nctx] = nt_find(c, NT_RE_ASSOCIATION, b->f.s, b->f.len, 0, NULL, NULL);
        }
        size_t w = i < 3 ? 2 : 1;
        for (size_t k = 0; k < nctx; k++)
            score[nt_vocab_context[k].value] += w * h[k];
        if (h[nctx])
            assoc += i < 5 || b->in_notice ? 2 : 1;
    }
    free(hits);
    fa_context best = FA_CTX_AUTO;
    size_t top = 2; /* three points at least: a title word and one more */
    for (int k = FA_CTX_EMPLOYER; k <= FA_CTX_HOUSING; k++)
        if (score[k] > top) {
            top = score[k];
            best = (fa_context)k;
        }
    if (opts && opts->context != FA_CTX_AUTO)
        c->res->context = opts->context;
    else if (c->res->context == FA_CTX_AUTO)
        c->res->context = best;
    /* an association running a social or health establishment is judged as such */
    c->assoc = assoc >= 2 && c->res->context != FA_CTX_SOCIAL && c->res->context != FA_CTX_HEALTH &&
               c->res->context != FA_CTX_EMPLOYER;
    return FA_OK;
}

static fa_status set_note(fa_finding *f, fa_severity sev, const char *note)
{
    f->severity = sev;
    char *n = fa_strdup(note);
    if (!n)
        return FA_ERR_NOMEM;
    free(f->note);
    f->note = n;
    return FA_OK;
}

/* Shift field findings by issuer: a NIR is lawful for a social or health body (décret
 * 2019-341) and not for an employer outside social declarations nor for an association;
 * health, union and criminal data on an employer's form are the gravest cases. */
fa_status nt_context_adjust(nt_ctx *c)
{
    fa_context x = c->res->context;
    bool employer = x == FA_CTX_EMPLOYER;
    bool social = x == FA_CTX_SOCIAL || x == FA_CTX_HEALTH;
    for (size_t i = 0; i < c->res->n_findings; i++) {
        fa_finding *f = &c->res->findings[i];
        /* a value finding is about a filled file to protect, not about lawfulness */
        if (f->field < 0 || !f->category || (f->scope && !strcmp(f->scope, "value")))
            continue;
        int cat = fa_category_from_name(f->category);
        fa_status st = FA_OK;
        if (cat == FA_CAT_NATIONAL_ID) {
            if ((employer || c->assoc) && f->severity < FA_SEV_CRITICAL)
                st = set_note(f, FA_SEV_CRITICAL,
                              employer ? (c->en ? "severity raised: issuer looks like an employer, "
                                                  "who may use the NIR only for social "
                                                  "declarations (décret 2019-341)"
                                                : "sévérité relevée : l'émetteur semble être un "
                                                  "employeur, qui ne peut utiliser le NIR que pour "
                                                  "les déclarations sociales (décret 2019-341)")
                                       : (c->en ? "severity raised: issuer looks like an "
                                                  "association, outside the uses allowed by the "
                                                  "décret NIR (2019-341)"
                                                : "sévérité relevée : l'émetteur semble être une "
                                                  "association, hors des cas d'usage du décret NIR "
                                                  "(2019-341)"));
            else if (social && f->severity > FA_SEV_MEDIUM)
                st = set_note(f, FA_SEV_MEDIUM,
                              c->en ? "severity lowered: issuer looks like a social or health "
                                      "body, which the décret NIR (2019-341) may authorise; check "
                                      "the use case"
                                    : "sévérité abaissée : l'émetteur semble être un organisme "
                                      "social ou de santé, que le décret NIR (2019-341) peut "
                                      "autoriser ; vérifier le cas d'usage");
        } else if (employer && cat == FA_CAT_HEALTH && f->severity < FA_SEV_CRITICAL) {
            st = set_note(f, FA_SEV_CRITICAL,
                          c->en ? "severity raised: health data on an employer's form (only the "
                                  "occupational physician may hold it)"
                                : "sévérité relevée : donnée de santé dans un formulaire "
                                  "d'employeur (seul le médecin du travail peut la détenir)");
        } else if (employer &&
                   (cat == FA_CAT_UNION_MEMBERSHIP || cat == FA_CAT_POLITICAL_OPINION) &&
                   f->severity < FA_SEV_CRITICAL) {
            st = set_note(f, FA_SEV_CRITICAL,
                          c->en ? "severity raised: an employer may not take union activity or "
                                  "opinions into account (Code du travail L1132-1, L2141-5)"
                                : "sévérité relevée : un employeur ne peut prendre en compte "
                                  "l'activité syndicale ni les opinions (Code du travail "
                                  "L1132-1, L2141-5)");
        } else if (cat == FA_CAT_CRIMINAL && (employer || c->assoc || x == FA_CTX_SCHOOL) &&
                   f->severity < FA_SEV_CRITICAL) {
            st = set_note(f, FA_SEV_CRITICAL,
                          c->en ? "severity raised: this issuer is not among those allowed to "
                                  "process criminal data (loi 78-17 art. 46)"
                                : "sévérité relevée : cet émetteur ne fait pas partie de ceux "
                                  "que l'article 46 de la loi 78-17 autorise à traiter des "
                                  "données pénales");
        }
        if (st != FA_OK)
            return st;
    }
    return FA_OK;
}

/* ---------------------------------------------------------------- sharing */

#define MAX_RCP 32

/* The issuer's own names: the controller's sentence in the notice and the first blocks
 * (title, subtitle) unless they speak of transmission ("Fiche de liaison Département –
 * France Travail") or name several bodies (the parties of a convention). A recipient that is
 * the issuer ("les agents du CCAS" on a CCAS form) is internal, not a third party. */
static void issuer_names(nt_ctx *c, bool *issuer)
{
    for (size_t i = 0; i < c->nb && i < 3; i++) {
        const nt_block *b = &c->b[i];
        if (b->in_notice || nt_find(c, NT_RE_SHARE_VERB, b->f.s, b->f.len, 0, NULL, NULL))
            continue;
        bool named[MAX_RCP] = {false};
        int nnamed = 0;
        for (size_t k = 0; nt_vocab_recipients[k].pat && k < MAX_RCP; k++)
            if (nt_find_word(c, nt_vocab_recipients, k, b->f.s, b->f.len, 0, NULL, NULL)) {
                named[k] = true;
                nnamed++;
            }
        if (nnamed > 1)
            continue; /* "Entre le Département, la commune et le bailleur": parties, not the issuer
                       */
        for (size_t k = 0; k < MAX_RCP; k++)
            issuer[k] = issuer[k] || named[k];
    }
    size_t pos = 0, ms, me;
    while (c->nf.s && nt_find(c, NT_RE_CONTROLLER, c->nf.s, c->nf.len, pos, &ms, &me)) {
        size_t a, b;
        nt_sentence(c->nf.s, c->nf.len, ms, &a, &b);
        /* the controller is named before "responsable du traitement" */
        for (size_t k = 0; nt_vocab_recipients[k].pat && k < MAX_RCP; k++)
            if (nt_find_word(c, nt_vocab_recipients, k, c->nf.s, me, a, NULL, NULL))
                issuer[k] = true;
        pos = b > pos ? b : pos + 1;
    }
}

fa_status nt_sharing(nt_ctx *c)
{
    bool issuer[MAX_RCP] = {false}, found[MAX_RCP] = {false};
    issuer_names(c, issuer);
    char *quote = NULL;
    bool inline_ask = false; /* the sharing sentence itself asks the person ("J'accepte que...") */
    fa_loc qloc = {0};
    const char *qscope = "body";
    for (size_t i = 0; i < c->nb; i++) {
        const nt_block *b = &c->b[i];
        if (c->u[b->u].first != i)
            continue; /* a repeated text finds what its first copy found, quoted already */
        const char *s = b->f.s;
        size_t n = b->f.len, a = 0;
        while (a < n) {
            size_t sa, sb, ms, me;
            nt_sentence(s, n, a, &sa, &sb);
            size_t next = nt_sentence_next(s, n, sa);
            a = next > a ? next : a + 1;
            if (!nt_find(c, NT_RE_SHARE_VERB, s, sb, sa, &ms, &me))
                continue;
            size_t from = ms; /* recipients follow the verb; the sender comes before it */
            if (nt_find(c, NT_RE_NEGATION, s, sb, sa, NULL, NULL)) {
                /* "ne sont transmises à aucun tiers, sauf à la CAF" */
                if (!nt_find(c, NT_RE_EXCEPT, s, sb, sa, &ms, &me))
                    continue;
                from = me > from ? me : from;
            }
            bool hit = false;
            for (size_t k = 0; nt_vocab_recipients[k].pat && k < MAX_RCP; k++) {
                size_t rs, re;
                if (issuer[k] || !nt_find_word(c, nt_vocab_recipients, k, s, sb, from, &rs, &re))
                    continue;
                found[k] = hit = true;
            }
            if (hit && nt_find(c, NT_RE_CONSENT_WORDS, s, sb, sa, NULL, NULL))
                inline_ask = true;
            if (hit && !quote) {
                quote = nt_quote(&b->f, b->text, sa, sb);
                if (!quote)
                    return FA_ERR_NOMEM;
                qloc = b->node->loc;
                qscope = b->in_notice ? "notice" : "body";
            }
        }
    }
    if (!quote)
        return FA_OK;

    bool not_bound = false, bound = false, only_processor = true, mayor = false, child = false,
         health = false;
    fa_buf names = {0}, nb = {0};
    fa_status st = FA_OK;
    for (size_t k = 0; nt_vocab_recipients[k].pat && k < MAX_RCP; k++) {
        if (!found[k])
            continue;
        const nt_word *w = &nt_vocab_recipients[k];
        const char *name = c->en ? w->name_en : w->name_fr;
        if (st == FA_OK)
            st = fa_strvec_push(&c->res->notice.recipients, name);
        if (st == FA_OK)
            st = fa_buf_printf(&names, "%s%s", names.len ? ", " : "", name);
        if (w->value == NT_RCP_NOT_BOUND) {
            not_bound = true;
            if (st == FA_OK)
                st = fa_buf_printf(&nb, "%s%s", nb.len ? ", " : "", name);
        }
        if (w->value != NT_RCP_PROCESSOR)
            only_processor = false;
        if (w->value == NT_RCP_BOUND)
            bound = true;
        if (strstr(w->pat, "maire") || strstr(w->pat, "clspd"))
            mayor = true;
        if (strstr(w->pat, "enfance"))
            child = true;
        if (strstr(w->pat, "medecin"))
            health = true;
    }
    if (st != FA_OK) {
        free(quote);
        fa_buf_free(&names);
        fa_buf_free(&nb);
        return st;
    }
    fa_catset sens = c->collected & FA_CAT_SENSITIVE & ~FA_CAT_BIT(FA_CAT_FREE_COMMENT);
    fa_severity sev = not_bound ? FA_SEV_CRITICAL : only_processor ? FA_SEV_MEDIUM : FA_SEV_HIGH;
    if (!sens && sev > FA_SEV_LOW)
        sev = (fa_severity)(sev - 1); /* what is shared matters: nothing sensitive, one step less */
    if (inline_ask && !not_bound && sev > FA_SEV_LOW)
        sev = (fa_severity)(sev - 1); /* the person decides, case by case */
    c->share_found = !only_processor;
    c->share_level = not_bound ? 2 : 1;
    bool informed =
        inline_ask || (c->res->notice.present && (c->res->notice.items & (1u << FA_NI_RECIPIENTS)));
    bool asked = inline_ask || any_block(c, NT_RE_CONSENT_WORDS);
    child = child || c->res->context == FA_CTX_SCHOOL;
    health = health || (c->collected & FA_CAT_BIT(FA_CAT_HEALTH));

    fa_buf msg = {0};
    if (c->en) {
        fa_buf_printf(&msg,
                      "The document provides for transmission to, or consultation by, "
                      "third parties: %s.",
                      names.data);
        if (not_bound)
            fa_buf_printf(&msg,
                          " Some of them are not bound by professional secrecy (%s): "
                          "what social workers learn in confidence may not be passed to "
                          "them.",
                          nb.data);
        else if (only_processor)
            fa_buf_puts(&msg, " A service provider processes data on the controller's behalf: "
                              "a GDPR art. 28 contract must bind it and the person must be told.");
        else if (bound)
            fa_buf_puts(&msg, " Sharing between professionals is allowed only within a legal "
                              "text, strictly limited to what the mission needs.");
        else
            fa_buf_puts(&msg, " Each recipient must be named to the person and receive only "
                              "what it needs.");
        fa_buf_printf(&msg, " The person is %s and %s.",
                      informed ? "told of these recipients" : "not told of these recipients",
                      asked ? "the form records their agreement"
                            : "is not asked for their agreement");
    } else {
        fa_buf_printf(&msg,
                      "Le document prévoit la transmission des informations à des tiers "
                      "ou leur consultation par eux : %s.",
                      names.data);
        if (not_bound)
            fa_buf_printf(&msg,
                          " Certains de ces destinataires ne sont pas tenus au secret "
                          "professionnel (%s) : ce qui est confié aux travailleurs sociaux "
                          "ne peut leur être révélé.",
                          nb.data);
        else if (only_processor)
            fa_buf_puts(&msg, " Un prestataire traite les données pour le compte du "
                              "responsable : un contrat conforme à l'article 28 du RGPD doit "
                              "l'encadrer et la personne doit en être informée.");
        else if (bound)
            fa_buf_puts(&msg, " Le partage entre professionnels n'est permis que dans le cadre "
                              "d'un texte, et limité à ce qui est strictement nécessaire à la "
                              "mission.");
        else
            fa_buf_puts(&msg, " Chaque destinataire doit être indiqué à la personne et ne "
                              "recevoir que ce qui lui est nécessaire.");
        fa_buf_printf(&msg, " La personne %s et %s.",
                      informed ? "est informée de ces destinataires"
                               : "n'est pas informée de ces destinataires",
                      asked ? "le formulaire recueille son accord"
                            : "son accord n'est pas demandé");
    }
    const char *basis[12];
    size_t nbasis = 0;
    /* secrecy texts where secrets are at stake: social, health or housing files, or
     * recipients from those fields */
    fa_context x = c->res->context;
    if (bound || x == FA_CTX_SOCIAL || x == FA_CTX_HEALTH || x == FA_CTX_HOUSING ||
        (not_bound && sens)) {
        basis[nbasis++] = "Code pénal art. 226-13";
        basis[nbasis++] = "CASF art. L411-3";
    }
    if (mayor)
        basis[nbasis++] = "CASF art. L121-6-2";
    if (child)
        basis[nbasis++] = "CASF art. L226-2-2";
    if (health)
        basis[nbasis++] = "CSP art. L1110-4";
    basis[nbasis++] = "RGPD art. 13.1.e";
    if (!bound && !not_bound && !only_processor)
        basis[nbasis++] = "RGPD art. 5.1.c";
    if (only_processor)
        basis[nbasis++] = "RGPD art. 28";
    basis[nbasis] = NULL;
    st = msg.data ? nt_add(c, "fr.sharing", "sharing", sev, quote, &qloc, qscope, msg.data,
                           c->en ? "Limit transmission to professionals bound by secrecy and to "
                                   "what is strictly necessary; remove any transmission to the "
                                   "mayor, the police, landlords or the employer that no law "
                                   "provides for; inform the person beforehand and ask for their "
                                   "agreement where the law requires it."
                                 : "Limiter la transmission aux professionnels tenus au secret et "
                                   "à ce qui est strictement nécessaire ; supprimer toute "
                                   "transmission au maire, aux forces de l'ordre, aux bailleurs "
                                   "ou à l'employeur qu'aucun texte ne prévoit ; informer la "
                                   "personne au préalable et recueillir son accord lorsque la loi "
                                   "l'exige.",
                           basis, NULL)
                  : FA_ERR_NOMEM;
    free(quote);
    fa_buf_free(&msg);
    fa_buf_free(&names);
    fa_buf_free(&nb);
    return st;
}

/* ---------------------------------------------------------------- retention */

static int number_word(const char *s, size_t n)
{
    static const struct {
        const char *w;
        int v;
    } words[] = {{"un", 1},      {"une", 1},   {"deux", 2},   {"trois", 3},   {"quatre", 4},
                 {"cinq", 5},    {"six", 6},   {"sept", 7},   {"huit", 8},    {"neuf", 9},
                 {"dix", 10},    {"onze", 11}, {"douze", 12}, {"quinze", 15}, {"vingt", 20},
                 {"trente", 30}, {"one", 1},   {"two", 2},    {"three", 3},   {"four", 4},
                 {"five", 5},    {"seven", 7}, {"eight", 8},  {"nine", 9},    {"ten", 10},
                 {"twelve", 12}};
    if (n && s[0] >= '0' && s[0] <= '9') {
        int v = 0;
        for (size_t i = 0; i < n && i < 4; i++)
            v = v * 10 + (s[i] - '0');
        return v;
    }
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i].w) == n && !strncmp(words[i].w, s, n))
            return words[i].v;
    return 0;
}

/* Longest period (in months) stated in folded S[a, b). */
static int longest_months(nt_ctx *c, const char *s, size_t a, size_t b)
{
    int best = 0;
    size_t pos = a, ms, me;
    while (nt_find(c, NT_RE_PERIOD, s, b, pos, &ms, &me)) {
        size_t ns, ne, us, ue;
        if (nt_group(c, 1, &ns, &ne) && nt_group(c, 2, &us, &ue)) {
            int v = number_word(s + ns, ne - ns);
            int m = s[us] == 'a' || s[us] == 'y' ? v * 12 : s[us] == 'm' ? v : 0;
            if (m > best)
                best = m;
        }
        pos = me > pos ? me : pos + 1;
    }
    return best;
}

fa_status nt_retention(nt_ctx *c)
{
    char *clause = NULL;
    const nt_block *cb = NULL;
    bool open = false, vague_only = false;
    int months = 0;
    /* notice blocks first, then the body */
    for (size_t i = 0; i < c->nu; i++)
        c->u[i].seen = 0;
    for (int pass = 0; pass < 2 && !open; pass++) {
        for (size_t i = 0; i < c->nb && !open; i++) {
            const nt_block *b = &c->b[i];
            if (b->in_notice != (pass == 0) || b->has_box)
                continue;
            /* a text read already in this pass: same sentences, same outcome (the first
             * clause is kept, and an open-ended one would have ended the search) */
            if (c->u[b->u].seen == pass + 1)
                continue;
            c->u[b->u].seen = (unsigned char)(pass + 1);
            const char *s = b->f.s;
            size_t n = b->f.len, a = 0;
            while (a < n && !open) {
                size_t sa, sb, ms, me;
                nt_sentence(s, n, a, &sa, &sb);
                size_t next = nt_sentence_next(s, n, sa);
                a = next > a ? next : a + 1;
                if (!nt_find(c, NT_RE_RETENTION_WORD, s, sb, sa, &ms, &me))
                    continue;
                if (!b->in_notice && !nt_find(c, NT_RE_DATA_WORD, s, sb, sa, NULL, NULL))
                    continue;
                bool is_open = nt_find(c, NT_RE_OPEN_ENDED, s, sb, sa, NULL, NULL);
                bool dur = nt_find(c, NT_RE_DURATION, s, sb, sa, NULL, NULL);
                bool vague = nt_find(c, NT_RE_VAGUE, s, sb, sa, NULL, NULL);
                if (!is_open && !dur && !vague)
                    continue;
                if (clause && !is_open)
                    continue; /* keep the first clause, unless an open-ended one comes */
                free(clause);
                clause = nt_quote(&b->f, b->text, sa, sb);
                if (!clause)
                    return FA_ERR_NOMEM;
                cb = b;
                open = is_open;
                vague_only = vague && !nt_find(c, NT_RE_PERIOD, s, sb, sa, NULL, NULL) &&
                             !nt_find(c, NT_RE_DURATION, s, sb, sa, NULL, NULL);
                months = longest_months(c, s, sa, sb);
            }
        }
    }
    c->res->notice.retention = clause; /* owned by the result from here */
    static const char *const basis_none[] = {"RGPD art. 5.1.e", "RGPD art. 13.2.a", NULL};
    static const char *const basis_long[] = {"RGPD art. 5.1.e", "CNIL référentiel social 2021",
                                             "CNIL délib. 2023-095", NULL};
    const fa_loc *loc = cb ? &cb->node->loc : (c->res->notice.present ? &c->res->notice.loc : NULL);
    const char *scope = cb ? (cb->in_notice ? "notice" : "body") : "document";
    if (!clause)
        return nt_add(c, "fr.retention.none", "retention", FA_SEV_MEDIUM, "", loc, scope,
                      c->en ? "The document states no retention period for the data it collects."
                            : "Le document n'indique aucune durée de conservation des données "
                              "recueillies.",
                      c->en ? "State how long the data are kept (or the criteria), e.g. two years "
                              "after the last contact for social support (CNIL référentiel)."
                            : "Indiquer la durée de conservation (ou ses critères), par exemple "
                              "deux ans après le dernier contact pour un accompagnement social "
                              "(référentiel CNIL).",
                      basis_none, NULL);
    if (open)
        return nt_add(c, "fr.retention.open", "retention", FA_SEV_HIGH, clause, loc, scope,
                      c->en ? "The retention period is open-ended: a minimum or no limit is not "
                              "a retention period."
                            : "La durée de conservation est sans limite : une durée minimale ou "
                              "illimitée n'est pas une durée de conservation.",
                      c->en ? "Set a maximum period tied to the purpose, then delete or archive "
                              "under the rules for archives."
                            : "Fixer une durée maximale liée à la finalité, puis supprimer les "
                              "données ou les archiver selon les règles des archives.",
                      basis_long, NULL);
    if (vague_only)
        return nt_add(c, "fr.retention.vague", "retention", FA_SEV_LOW, clause, loc, scope,
                      c->en ? "The retention period is vague (\"as long as necessary\")."
                            : "La durée de conservation est imprécise (« le temps nécessaire »).",
                      c->en ? "State a period or precise criteria."
                            : "Indiquer une durée ou des critères précis.",
                      basis_none, NULL);
    /* the référentiel's two years concern social support: its purpose must show in the
     * notice or in the clause itself */
    bool support =
        c->res->context == FA_CTX_SOCIAL &&
        ((c->nf.s && nt_find(c, NT_RE_SOCIAL_SUPPORT, c->nf.s, c->nf.len, 0, NULL, NULL)) ||
         nt_find(c, NT_RE_SOCIAL_SUPPORT, cb->f.s, cb->f.len, 0, NULL, NULL));
    if (support && months > 24) {
        char msg[400];
        snprintf(msg, sizeof msg,
                 c->en ? "The retention period (%d months) goes beyond the usual period for "
                         "social support (two years after the last contact)."
                       : "La durée de conservation (%d mois) dépasse la durée usuelle pour un "
                         "accompagnement social (deux ans après le dernier contact).",
                 months);
        return nt_add(c, "fr.retention.long", "retention", FA_SEV_MEDIUM, clause, loc, scope, msg,
                      c->en ? "Bring the active retention down to two years after the last "
                              "contact, or cite the text that requires longer."
                            : "Ramener la conservation en base active à deux ans après le dernier "
                              "contact, ou citer le texte qui impose une durée plus longue.",
                      basis_long, NULL);
    }
    return FA_OK;
}

/* ---------------------------------------------------------------- consent */

/* ☑ ☒ ✓ ✔ ⊠, "[x]" or "[X]" in S, in one pass (seven strstr per block before). */
static bool checked_glyph(const char *s)
{
    for (const char *p = s; (p = strpbrk(p, "\xE2[")); p++) {
        const unsigned char *u = (const unsigned char *)p;
        if (*u == '[' ? (u[1] == 'x' || u[1] == 'X') && u[2] == ']'
                      : (u[1] == 0x98 && (u[2] == 0x91 || u[2] == 0x92)) ||
                            (u[1] == 0x9C && (u[2] == 0x93 || u[2] == 0x94)) ||
                            (u[1] == 0x8A && u[2] == 0xA0))
            return true;
    }
    return false;
}

/* A box ticked in advance on a consent item of a blank form: from a control whose state
 * is checked, or a checked glyph in the text. Returns the quote (malloc'd) or NULL. */
static char *find_preticked(nt_ctx *c, fa_loc *loc, fa_status *st)
{
    *st = FA_OK;
    if (c->filled)
        return NULL; /* on a filled form a ticked box is the person's answer */
    fa_iter it;
    const fa_node *n;
    fa_event ev;
    fa_iter_init(&it, c->doc->root);
    while ((ev = fa_iter_next(&it, &n)) != FA_EV_DONE) {
        if (ev != FA_EV_ENTER || n->type != FA_N_CONTROL || !n->ctl)
            continue;
        const fa_control *k = n->ctl;
        if ((k->kind != FA_CTL_CHECKBOX && k->kind != FA_CTL_RADIO) || k->checked != 1)
            continue;
        const char *cands[] = {k->label, k->tooltip,
                               n->parent && fa_node_is_text(n->parent) ? n->parent->text : NULL};
        for (size_t i = 0; i < 3; i++) {
            if (fa_str_blank(cands[i]))
                continue;
            char *f = fa_fold_simple(cands[i]);
            if (!f) {
                *st = FA_ERR_NOMEM;
                return NULL;
            }
            bool topic = nt_find(c, NT_RE_PRETICK_TOPIC, f, strlen(f), 0, NULL, NULL);
            free(f);
            if (topic) {
                *loc = n->parent ? n->parent->loc : n->loc;
                char *q = fa_strdup(cands[i]);
                if (!q)
                    *st = FA_ERR_NOMEM;
                return q;
            }
        }
    }
    for (size_t i = 0; i < c->nb; i++) {
        const nt_block *b = &c->b[i];
        if (checked_glyph(b->text) &&
            nt_find(c, NT_RE_PRETICK_TOPIC, b->f.s, b->f.len, 0, NULL, NULL)) {
            *loc = b->node->loc;
            char *q = fa_strdup(b->text);
            if (!q)
                *st = FA_ERR_NOMEM;
            return q;
        }
    }
    return NULL;
}

/* Consent that is not free: bundled with the signature or the service, made mandatory,
 * or a condition for the help. Returns the quote (malloc'd) or NULL. */
static char *find_forced(nt_ctx *c, fa_loc *loc, fa_status *st)
{
    *st = FA_OK;
    for (size_t i = 0; i < c->nu; i++)
        c->u[i].seen = 0;
    for (size_t i = 0; i < c->nb; i++) {
        const nt_block *b = &c->b[i];
        /* a text read already whose sentences are neither forced nor a mandatory
         * signature (which also looks at the block before) */
        if (c->u[b->u].seen)
            continue;
        bool sign = false;
        const char *s = b->f.s;
        size_t n = b->f.len, a = 0;
        while (a < n) {
            size_t sa, sb;
            nt_sentence(s, n, a, &sa, &sb);
            size_t next = nt_sentence_next(s, n, sa);
            a = next > a ? next : a + 1;
            bool forced = nt_find(c, NT_RE_FORCED, s, sb, sa, NULL, NULL);
            if (!forced && nt_find(c, NT_RE_SIGN_MANDATORY, s, sb, sa, NULL, NULL)) {
                sign = true;
                /* a mandatory signature matters only when it stands for consent */
                const nt_block *p = i ? &c->b[i - 1] : NULL;
                forced = nt_find(c, NT_RE_CONSENT_WORDS, s, n, 0, NULL, NULL) ||
                         (p && nt_find(c, NT_RE_CONSENT_WORDS, p->f.s, p->f.len, 0, NULL, NULL));
            }
            if (forced) {
                *loc = b->node->loc;
                char *q = nt_quote(&b->f, b->text, sa, sb);
                if (!q)
                    *st = FA_ERR_NOMEM;
                return q;
            }
        }
        if (!sign)
            c->u[b->u].seen = 1;
    }
    return NULL;
}

fa_status nt_consent(nt_ctx *c)
{
    fa_catset sens = c->collected & FA_CAT_SENSITIVE & ~FA_CAT_BIT(FA_CAT_FREE_COMMENT);
    c->asked = any_block(c, NT_RE_CONSENT_WORDS);
    c->informed = c->res->notice.present || any_block(c, NT_RE_INFO_SENTENCE);
    fa_status st = FA_OK;
    if (!c->informed && !c->asked) {
        static const char *const basis[] = {"RGPD art. 5.1.a", "RGPD art. 13", NULL};
        st = nt_add(c, "fr.consent.uninformed", "consent", sens ? FA_SEV_HIGH : FA_SEV_MEDIUM, "",
                    NULL, "document",
                    c->en ? "The person is neither informed nor asked: the form says nothing of "
                            "what happens to the data and records no agreement."
                          : "La personne n'est ni informée ni consultée : le formulaire ne dit "
                            "rien de l'usage des données et ne recueille aucun accord.",
                    c->en ? "Inform the person at collection (GDPR art. 13), give them a copy, "
                            "and record their agreement where the processing rests on it."
                          : "Informer la personne lors de la collecte (RGPD art. 13), lui remettre "
                            "un exemplaire, et recueillir son accord lorsque le traitement en "
                            "dépend.",
                    basis, NULL);
        if (st != FA_OK)
            return st;
    }
    fa_loc loc = {0};
    char *q = find_preticked(c, &loc, &st);
    if (st != FA_OK)
        return st;
    if (q) {
        static const char *const basis[] = {"RGPD art. 4.11", "RGPD art. 7", NULL};
        st = nt_add(c, "fr.consent.preticked", "consent", FA_SEV_HIGH, q, &loc, "body",
                    c->en ? "A consent box is ticked in advance: a pre-ticked box is not a "
                            "consent."
                          : "Une case de consentement est cochée d'avance : une case pré-cochée "
                            "ne vaut pas consentement.",
                    c->en ? "Leave consent boxes blank and let the person tick them."
                          : "Laisser les cases de consentement vides et laisser la personne les "
                            "cocher.",
                    basis, NULL);
        free(q);
        if (st != FA_OK)
            return st;
    }
    q = find_forced(c, &loc, &st);
    if (st != FA_OK)
        return st;
    if (q) {
        static const char *const basis[] = {"RGPD art. 4.11", "RGPD art. 7.4", "RGPD art. 9.2.a",
                                            NULL};
        st = nt_add(c, "fr.consent.forced", "consent", FA_SEV_HIGH, q, &loc, "body",
                    c->en ? "Consent is not free: it is bundled with the signature or made a "
                            "condition of the service."
                          : "Le consentement n'est pas libre : il est lié à la signature ou posé "
                            "comme condition de la prestation.",
                    c->en ? "Separate the consent from the application, make it optional and "
                            "say that refusing has no consequence on the help."
                          : "Séparer le consentement de la demande, le rendre facultatif et "
                            "préciser qu'un refus est sans conséquence sur l'aide.",
                    basis, NULL);
        free(q);
    }
    return st;
}

/* ---------------------------------------------------------------- DPIA */

/* EDPB WP248 criteria that a form can show, plus the CNIL list (délib. 2018-327), which
 * makes a DPIA mandatory for social support, social housing and alerts. */
fa_status nt_dpia(nt_ctx *c)
{
    fa_catset special =
        FA_CAT_SENSITIVE &
        ~(FA_CAT_BIT(FA_CAT_FREE_COMMENT) | FA_CAT_BIT(FA_CAT_FINANCIAL) |
          FA_CAT_BIT(FA_CAT_NATIONAL_ID) | FA_CAT_BIT(FA_CAT_SUBJECTIVE_ASSESSMENT));
    fa_context x = c->res->context;
    struct {
        bool on;
        const char *fr, *en;
    } crit[] = {
        {(c->collected & special) != 0, "données sensibles ou très personnelles",
         "sensitive or highly personal data"},
        {x != FA_CTX_AUTO || any_block(c, NT_RE_VULNERABLE),
         "personnes vulnérables (usagers de l'action sociale, enfants, salariés, patients)",
         "vulnerable people (social-services users, children, employees, patients)"},
        {(c->collected & FA_CAT_BIT(FA_CAT_SUBJECTIVE_ASSESSMENT)) ||
             any_block(c, NT_RE_EVALUATION),
         "évaluation ou notation des personnes", "evaluation or scoring of people"},
        {c->share_found, "partage entre organismes", "sharing between bodies"},
        {any_block(c, NT_RE_MATCHING), "croisement de fichiers", "matching of datasets"},
        {any_block(c, NT_RE_EXCLUSION),
         "effets sur un droit ou une prestation (exclusion, suspension)",
         "effects on a right or benefit (exclusion, suspension)"},
        {any_block(c, NT_RE_LARGE_SCALE), "traitement à grande échelle", "large-scale processing"},
    };
    bool cnil = any_block(c, NT_RE_CNIL_LIST);
    int k = 0;
    fa_buf list = {0};
    for (size_t i = 0; i < sizeof crit / sizeof crit[0]; i++)
        if (crit[i].on)
            fa_buf_printf(&list, "%s%s", k++ ? (c->en ? "; " : " ; ") : "",
                          c->en ? crit[i].en : crit[i].fr);
    if (k < 2 && !(cnil && k >= 1)) {
        fa_buf_free(&list);
        return FA_OK;
    }
    fa_buf msg = {0};
    fa_buf_printf(&msg,
                  c->en ? "The processing meets %d criteria calling for a data-protection impact "
                          "assessment: %s."
                        : "Le traitement réunit %d critères appelant une analyse d'impact "
                          "relative à la protection des données (AIPD) : %s.",
                  k, list.data ? list.data : "");
    if (cnil)
        fa_buf_puts(&msg, c->en ? " Its purpose is on the CNIL list of processing that always "
                                  "requires one (délib. 2018-327)."
                                : " Sa finalité figure sur la liste CNIL des traitements pour "
                                  "lesquels une AIPD est obligatoire (délib. 2018-327).");
    static const char *const basis[] = {"RGPD art. 35", "CNIL délib. 2018-327", NULL};
    char note[160];
    snprintf(note, sizeof note, c->en ? "issuer context: %s" : "contexte de l'émetteur : %s",
             ctx_label(x, c->en));
    fa_status st = msg.data
                       ? nt_add(c, "fr.dpia", "dpia", k >= 3 || cnil ? FA_SEV_HIGH : FA_SEV_MEDIUM,
                                "", NULL, "document", msg.data,
                                c->en ? "Carry out a DPIA before use, with the DPO, and "
                                        "review the form in its light."
                                      : "Conduire une AIPD avant la mise en service, avec le "
                                        "délégué à la protection des données, et revoir le "
                                        "formulaire à sa lumière.",
                                basis, note)
                       : FA_ERR_NOMEM;
    fa_buf_free(&list);
    fa_buf_free(&msg);
    return st;
}
