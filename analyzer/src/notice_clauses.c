/* notice_clauses.c — what the form says about itself, part 2: the issuer (legal
 * context) and how it shifts severities, sharing with third parties and professional
 * secrecy, retention, consent, and the DPIA indicator. Runs on the blocks and the
 * notice that notice.c gathered; the vocabulary and the texts are language data of the
 * packs (langpack.h).
 *
 * The legal anchors are in /work/shared/context/legal-framework.md: professional secrecy
 * §4 (Code pénal 226-13, CASF L411-3, L121-6-2, L226-2-2, CSP L1110-4), retention §3.2
 * (CNIL référentiel social 2021 and délib. 2023-095: two years after the last contact for
 * social support), DPIA §1 (EDPB WP248 criteria, CNIL list délib. 2018-327). */
#include "notice_int.h"

#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- helpers */

static size_t count_hits(nt_ctx *c, size_t slot, const char *s, size_t n)
{
    size_t pos = 0, ms, me, cnt = 0;
    while (nt_find_slot(c, slot, s, n, pos, &ms, &me)) {
        cnt++;
        pos = me > pos ? me : pos + 1;
    }
    return cnt;
}

/* Some block has pattern ID. Asked once per pattern: several checks share one. */
static bool any_block(nt_ctx *c, fa_nre id)
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

static const char *ctx_label(const nt_ctx *c, fa_context x)
{
    char id[64];
    snprintf(id, sizeof id, "context.%s", fa_context_name(x));
    return nt_text(c, id);
}

/* ---------------------------------------------------------------- context */

/* Guess the issuer from its vocabulary unless the caller gave it. The first blocks (title,
 * subtitle) weigh double: they usually name the issuer. At least three points are needed;
 * otherwise the context stays unknown rather than guessed from one word. */
fa_status nt_context_guess(nt_ctx *c, const fa_audit_opts *opts)
{
    size_t score[FA_CTX_COUNT] = {0};
    size_t assoc = 0;
    /* per distinct text: its points per context (employer .. housing), and whether it
     * names an association */
    size_t nctx = FA_CTX_COUNT - 1;
    size_t *hits = malloc((c->nu ? c->nu : 1) * (nctx + 1) * sizeof *hits);
    if (!hits)
        return FA_ERR_NOMEM;
    for (size_t i = 0; i < c->nb; i++) {
        const nt_block *b = &c->b[i];
        size_t *h = hits + b->u * (nctx + 1);
        if (c->u[b->u].first == i) {
            for (size_t k = 0; k < nctx; k++)
                h[k] = count_hits(c, FA_LX_CONTEXT(k + 1), b->f.s, b->f.len);
            h[nctx] = nt_find(c, FA_NRE_ASSOCIATION, b->f.s, b->f.len, 0, NULL, NULL);
        }
        size_t w = i < 3 ? 2 : 1;
        for (size_t k = 0; k < nctx; k++)
            score[k + 1] += w * h[k];
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
                st = set_note(
                    f, FA_SEV_CRITICAL,
                    nt_text(c, employer ? "adjust.nir.employer" : "adjust.nir.association"));
            else if (social && f->severity > FA_SEV_MEDIUM)
                st = set_note(f, FA_SEV_MEDIUM, nt_text(c, "adjust.nir.social"));
        } else if (employer && cat == FA_CAT_HEALTH && f->severity < FA_SEV_CRITICAL) {
            st = set_note(f, FA_SEV_CRITICAL, nt_text(c, "adjust.health.employer"));
        } else if (employer &&
                   (cat == FA_CAT_UNION_MEMBERSHIP || cat == FA_CAT_POLITICAL_OPINION) &&
                   f->severity < FA_SEV_CRITICAL) {
            st = set_note(f, FA_SEV_CRITICAL, nt_text(c, "adjust.union.employer"));
        } else if (cat == FA_CAT_CRIMINAL && (employer || c->assoc || x == FA_CTX_SCHOOL) &&
                   f->severity < FA_SEV_CRITICAL) {
            st = set_note(f, FA_SEV_CRITICAL, nt_text(c, "adjust.criminal"));
        }
        if (st != FA_OK)
            return st;
    }
    return FA_OK;
}

/* ---------------------------------------------------------------- sharing */

#define MAX_RCP 64

/* Recipients the packs define, MAX_RCP at most. */
static size_t n_rcp(const nt_ctx *c)
{
    size_t n = fa_langdata_recipients(c->ld);
    return n < MAX_RCP ? n : MAX_RCP;
}

/* The issuer's own names: the controller's sentence in the notice and the first blocks
 * (title, subtitle) unless they speak of transmission ("Fiche de liaison Département –
 * France Travail") or name several bodies (the parties of a convention). A recipient that is
 * the issuer ("les agents du CCAS" on a CCAS form) is internal, not a third party. */
static void issuer_names(nt_ctx *c, bool *issuer)
{
    /* an agreement's first blocks name its parties, who send and receive */
    for (size_t i = 0; i < c->nb && i < 3 && !c->agreement; i++) {
        const nt_block *b = &c->b[i];
        if (b->in_notice || nt_find(c, FA_NRE_SHARE_VERB, b->f.s, b->f.len, 0, NULL, NULL))
            continue;
        bool named[MAX_RCP] = {false};
        int nnamed = 0;
        for (size_t k = 0; k < n_rcp(c); k++)
            if (nt_find_slot(c, FA_LX_RECIPIENT(k), b->f.s, b->f.len, 0, NULL, NULL)) {
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
    while (c->nf.s && nt_find(c, FA_NRE_CONTROLLER, c->nf.s, c->nf.len, pos, &ms, &me)) {
        size_t a, b;
        nt_sentence(c, c->nf.s, c->nf.len, ms, &a, &b);
        /* the controller is named before "responsable du traitement" */
        for (size_t k = 0; k < n_rcp(c); k++)
            if (nt_find_slot(c, FA_LX_RECIPIENT(k), c->nf.s, me, a, NULL, NULL))
                issuer[k] = true;
        pos = b > pos ? b : pos + 1;
    }
}

/* What the sharing scan found: the recipients, the first sentence naming one, whether a
 * sharing sentence itself asks the person ("J'accepte que... soient transmises"). */
typedef struct share_scan {
    bool found[MAX_RCP];
    char *unasked; /* a sentence where those who support the person pass on what they
                    * know with no agreement of the person: the quote, or NULL */
    fa_loc unasked_loc;
    bool party[NT_MAX_PARTIES]; /* an agreement's parties named as recipients */
    char *quote;
    bool quote_heading; /* the quote is a heading */
    fa_loc loc;
    const char *scope;
    bool inline_ask;
} share_scan;

/* Every sentence with a sharing verb: the recipients named after the verb (the sender
 * comes before it), not the issuer, not under a negation unless an exception follows. */
/* Where the recipients of a transmission end in S[from, sb): before "par" after a
 * passive of sending ("transmises au CNCESU par le Département": the Département is the
 * sender); access verbs keep theirs ("consultables par la commission"). */
static size_t recipients_end(const char *s, size_t ms, size_t me, size_t sb)
{
    static const char *const sent[] = {"transmi", "communiqu", "adress",
                                       "envoy",   "remis",     "signal"};
    bool passive = false;
    for (size_t k = 0; k < sizeof sent / sizeof sent[0] && !passive; k++)
        passive = !strncmp(s + ms, sent[k], strlen(sent[k]));
    if (!passive || me <= ms || !strchr("es", s[me - 1]))
        return sb;
    for (size_t i = me; i + 5 <= sb; i++)
        if (!memcmp(s + i, " par ", 5))
            return i;
    return sb;
}

/* The parties an agreement names after position FROM of S[.., end): each one found
 * marks SC->party. */
static bool party_hits(nt_ctx *c, const char *s, size_t from, size_t end, share_scan *sc)
{
    bool hit = false;
    static const char *const to[] = {"a ", "au ", "aux ", "vers ", "avec "};
    for (size_t p = 0; p < c->n_party; p++) {
        size_t k = strlen(c->party_f[p]);
        for (size_t i = from; i + k <= end && !sc->party[p]; i++) {
            if (memcmp(s + i, c->party_f[p], k))
                continue;
            /* "transmet à l'Association", not "sur instruction du Responsable" */
            for (size_t t = 0; t < sizeof to / sizeof to[0]; t++) {
                size_t n = strlen(to[t]);
                if (i >= from + n && !memcmp(s + i - n, to[t], n) &&
                    (i - n == 0 || s[i - n - 1] == ' ')) {
                    sc->party[p] = hit = true;
                    break;
                }
                /* "à l'Association" when the name is written without its article */
                if (!strncmp(c->party_f[p], "l'", 2) || !strncmp(c->party_f[p], "la ", 3) ||
                    !strncmp(c->party_f[p], "le ", 3))
                    continue;
            }
        }
    }
    return hit;
}

static fa_status scan_sharing(nt_ctx *c, const bool *issuer, share_scan *sc)
{
    sc->scope = "body";
    for (size_t i = 0; i < c->nb; i++) {
        const nt_block *b = &c->b[i];
        if (c->u[b->u].first != i)
            continue; /* a repeated text finds what its first copy found, quoted already */
        const char *s = b->f.s;
        size_t n = b->f.len, a = 0;
        while (a < n) {
            size_t sa, sb, ms, me;
            nt_sentence(c, s, n, a, &sa, &sb);
            size_t next = nt_sentence_next(c, s, n, sa);
            a = next > a ? next : a + 1;
            /* in an agreement, making data available is its purpose: "met à
             * disposition", "donne accès", "orientation vers une structure" */
            if (!nt_find(c, FA_NRE_SHARE_VERB, s, sb, sa, &ms, &me) &&
                !(c->agreement && nt_find(c, FA_NRE_FLOW, s, sb, sa, &ms, &me)))
                continue;
            size_t from = ms; /* recipients follow the verb; the sender comes before it */
            size_t end = recipients_end(s, ms, me, sb);
            if (nt_find(c, FA_NRE_NEGATION, s, sb, sa, NULL, NULL)) {
                /* "ne sont transmises à aucun tiers, sauf à la CAF" */
                if (!nt_find(c, FA_NRE_EXCEPT, s, sb, sa, &ms, &me))
                    continue;
                from = me > from ? me : from;
            }
            if (from >= end)
                continue;
            bool hit = false;
            for (size_t k = 0; k < n_rcp(c); k++) {
                if (issuer[k] || !nt_find_slot(c, FA_LX_RECIPIENT(k), s, end, from, NULL, NULL))
                    continue;
                sc->found[k] = hit = true;
            }
            if (c->agreement && party_hits(c, s, from, end, sc))
                hit = true;
            if (hit && nt_find(c, FA_NRE_CONSENT_WORDS, s, sb, sa, NULL, NULL))
                sc->inline_ask = true;
            if (hit && c->agreement && !sc->unasked &&
                nt_find(c, FA_NRE_SUPPORT_STAFF, s, sb, sa, NULL, NULL) &&
                !nt_find(c, FA_NRE_PERSON_SAY, s, n, 0, NULL, NULL) &&
                !nt_find(c, FA_NRE_CONSENT_WORDS, s, n, 0, NULL, NULL)) {
                sc->unasked = nt_quote(&b->f, b->text, sa, sb);
                if (!sc->unasked)
                    return FA_ERR_NOMEM;
                sc->unasked_loc = b->node->loc;
            }
            /* quote the first sentence naming a recipient, a heading only until running
             * text says it ("Convention d'échange entre la DGFiP et le Département") */
            bool heading = b->node->type == FA_N_HEADING;
            if (hit && (!sc->quote || (sc->quote_heading && !heading && c->agreement))) {
                free(sc->quote);
                sc->quote = nt_quote(&b->f, b->text, sa, sb);
                if (!sc->quote)
                    return FA_ERR_NOMEM;
                sc->quote_heading = heading;
                sc->loc = b->node->loc;
                sc->scope = b->in_notice ? "notice" : "body";
            }
        }
    }
    return FA_OK;
}

/* The recipients found, by secrecy: their names (all, and those not bound), and which
 * secrecy texts they call for. */
typedef struct share_who {
    fa_buf names, not_bound_names;
    bool not_bound, bound, only_processor, mayor, child, health;
    bool admin;      /* administrations exchange data (CRPA L114-8) */
    bool social;     /* social workers, partners or structures of social support */
    bool employment; /* the public employment service */
    bool host;       /* a hosting provider */
    bool non_eu;     /* a provider under a non-EU law (a transfer risk) */
} share_who;

/* Push NAME of class CLS to the result and the message's lists, and "name (secrecy)" to
 * the agreement's recipients clause. */
static fa_status add_recipient(nt_ctx *c, share_who *w, const char *name, fa_rcp_class cls)
{
    static const char *const cls_id[] = {"recipient.not_bound", "recipient.bound",
                                         "recipient.unknown", "recipient.processor",
                                         "recipient.administration"};
    fa_status st = fa_strvec_push(&c->res->notice.recipients, name);
    if (st == FA_OK && (unsigned)cls < sizeof cls_id / sizeof cls_id[0])
        st = fa_buf_printf(&c->rcp_detail, "%s%s : %s", c->rcp_detail.len ? " ; " : "", name,
                           nt_text(c, cls_id[cls]));
    if (st == FA_OK)
        st = fa_buf_printf(&w->names, "%s%s", w->names.len ? ", " : "", name);
    if (cls == FA_RCL_NOT_BOUND) {
        w->not_bound = true;
        if (st == FA_OK)
            st = fa_buf_printf(&w->not_bound_names, "%s%s", w->not_bound_names.len ? ", " : "",
                               name);
    }
    if (cls != FA_RCL_PROCESSOR)
        w->only_processor = false;
    if (cls == FA_RCL_BOUND)
        w->bound = true;
    if (cls == FA_RCL_ADMINISTRATION)
        w->admin = true;
    return st;
}

/* The class of an agreement's party P: that of the recipient its name is ("l'Administration"
 * is an administration), else unknown. */
static fa_rcp_class party_class(nt_ctx *c, size_t p)
{
    const char *f = c->party_f[p];
    for (size_t k = 0; k < n_rcp(c); k++)
        if (nt_find_slot(c, FA_LX_RECIPIENT(k), f, strlen(f), 0, NULL, NULL))
            return fa_langdata_recipient_class(c->ld, k);
    return FA_RCL_UNKNOWN;
}

static fa_status sort_recipients(nt_ctx *c, const share_scan *sc, share_who *w)
{
    fa_status st = FA_OK;
    w->only_processor = true;
    for (size_t k = 0; k < n_rcp(c) && st == FA_OK; k++) {
        if (!sc->found[k])
            continue;
        st = add_recipient(c, w, fa_langdata_recipient_name(c->ld, k, c->lang),
                           fa_langdata_recipient_class(c->ld, k));
        w->mayor = w->mayor || fa_langdata_recipient_tag(c->ld, k, "mayor");
        w->child = w->child || fa_langdata_recipient_tag(c->ld, k, "child");
        w->health = w->health || fa_langdata_recipient_tag(c->ld, k, "health");
        w->social = w->social || fa_langdata_recipient_tag(c->ld, k, "social");
        w->employment = w->employment || fa_langdata_recipient_tag(c->ld, k, "employment");
        w->host = w->host || fa_langdata_recipient_tag(c->ld, k, "host");
        w->non_eu = w->non_eu || fa_langdata_recipient_tag(c->ld, k, "non_eu");
    }
    for (size_t p = 0; p < c->n_party && st == FA_OK; p++)
        if (sc->party[p])
            st = add_recipient(c, w, c->party[p], party_class(c, p));
    /* exchanges between administrations, as the agreement says it organises them */
    if (c->agreement && any_block(c, FA_NRE_ADMIN_EXCHANGE))
        w->admin = true;
    return st;
}

/* The message: who receives, what secrecy means for them, whether the person knows and
 * has a say. */
static fa_status sharing_message(const nt_ctx *c, const share_who *w, bool informed, bool asked,
                                 fa_buf *msg)
{
    const char *kv[] = {"recipients", w->names.data ? w->names.data : "", "names",
                        w->not_bound_names.data ? w->not_bound_names.data : "", NULL};
    fa_status st = nt_format(c, msg, "sharing", kv);
    const char *more = w->not_bound        ? "sharing.not_bound"
                       : w->only_processor ? "sharing.processor"
                       : w->admin          ? "sharing.administrations"
                       : w->bound          ? "sharing.bound"
                                           : "sharing.unnamed";
    if (st == FA_OK)
        st = fa_buf_putc(msg, ' ');
    if (st == FA_OK)
        st = nt_format(c, msg, more, kv);
    const char *asked_id =
        asked ? (c->agreement ? "sharing.asked.agreement" : "sharing.asked") : "sharing.not_asked";
    const char *person[] = {"informed",
                            nt_text(c, informed ? "sharing.informed" : "sharing.not_informed"),
                            "asked", nt_text(c, asked_id), NULL};
    if (st == FA_OK)
        st = fa_buf_putc(msg, ' ');
    if (st == FA_OK)
        st = nt_format(c, msg, "sharing.person", person);
    return st;
}

/* The legal bases: secrecy texts where secrets are at stake (social, health or housing
 * files, or recipients from those fields), the texts the recipients call for, then
 * information and minimisation, or art. 28 for a processor alone. */
static fa_status sharing_basis(nt_ctx *c, const share_who *w, fa_catset sens, const char **basis,
                               size_t cap)
{
    size_t n = 0;
    fa_status st = FA_OK;
    fa_context x = c->res->context;
    basis[0] = NULL;
    if (w->admin) {
        /* between administrations the frame is the CRPA, not social workers' secrecy
         * (which only their presence among the recipients calls for) */
        st = nt_basis(c, "sharing.administrations", basis, &n, cap);
        if (st == FA_OK && w->social)
            st = nt_basis(c, "sharing.secrecy", basis, &n, cap);
    } else if (w->bound || x == FA_CTX_SOCIAL || x == FA_CTX_HEALTH || x == FA_CTX_HOUSING ||
               (w->not_bound && sens)) {
        st = nt_basis(c, "sharing.secrecy", basis, &n, cap);
    }
    if (st == FA_OK && (w->mayor || (c->agreement && w->social && !w->admin)))
        st = nt_basis(c, "sharing.mayor", basis, &n, cap);
    if (st == FA_OK && w->child)
        st = nt_basis(c, "sharing.child", basis, &n, cap);
    if (st == FA_OK && w->health)
        st = nt_basis(c, "sharing.health", basis, &n, cap);
    if (st == FA_OK && w->employment && c->agreement)
        st = nt_basis(c, "sharing.employment", basis, &n, cap);
    if (st == FA_OK && w->host && c->agreement &&
        ((c->collected & FA_CAT_BIT(FA_CAT_HEALTH)) || any_block(c, FA_NRE_HEALTH_DATA)))
        st = nt_basis(c, "sharing.health_host", basis, &n, cap);
    if (st == FA_OK)
        st = nt_basis(c, "sharing.inform", basis, &n, cap);
    if (st == FA_OK && !w->bound && !w->not_bound && !w->only_processor)
        st = nt_basis(c, "sharing.minimise", basis, &n, cap);
    if (st == FA_OK && w->only_processor)
        st = nt_basis(c, "sharing.processor", basis, &n, cap);
    return st;
}

/* Those who support the person (the team, the referent) pass what they know of them to
 * partners with no agreement asked and no way to object: shared secrecy supposes the
 * person informed beforehand and free to refuse (legal-framework §4: the six
 * conditions of "secret partagé"). A consent finding: the person has no say. */
static fa_status unasked_sharing(nt_ctx *c, const share_scan *sc)
{
    const char *basis[8];
    size_t nb = 0;
    fa_status st = nt_basis(c, "fr.consent.sharing", basis, &nb, 8);
    if (st == FA_OK)
        st = nt_add(c, "fr.consent.sharing", "consent", FA_SEV_HIGH, sc->unasked, &sc->unasked_loc,
                    "body", nt_text(c, "consent.sharing"),
                    nt_text(c, "consent.sharing.recommendation"), basis, NULL);
    return st;
}

/* A processing agreement hands the data to its processor, a mandate to the agent: the
 * recipient tagged TAG is among the recipients, and when no sentence names one, the
 * first where role ROLE shows is the transmission quoted. */
static fa_status role_sharing(nt_ctx *c, share_scan *sc, const char *tag, fa_nre role)
{
    size_t proc = n_rcp(c);
    for (size_t k = 0; k < n_rcp(c) && proc == n_rcp(c); k++)
        if (fa_langdata_recipient_tag(c->ld, k, tag))
            proc = k;
    for (size_t i = 0; i < c->nb && proc < n_rcp(c); i++) {
        const nt_block *b = &c->b[i];
        size_t ms, me, a, e;
        if (!nt_find(c, role, b->f.s, b->f.len, 0, &ms, &me))
            continue;
        sc->found[proc] = true;
        if (sc->quote)
            return FA_OK;
        nt_sentence(c, b->f.s, b->f.len, ms, &a, &e);
        sc->quote = nt_quote(&b->f, b->text, a, e);
        if (!sc->quote)
            return FA_ERR_NOMEM;
        sc->loc = b->node->loc;
        return FA_OK;
    }
    return FA_OK;
}

fa_status nt_sharing(nt_ctx *c)
{
    bool issuer[MAX_RCP] = {false};
    issuer_names(c, issuer);
    share_scan sc;
    memset(&sc, 0, sizeof sc);
    fa_status st = scan_sharing(c, issuer, &sc);
    if (st == FA_OK && c->res->kind == FA_DK_PROCESSING_AGREEMENT)
        st = role_sharing(c, &sc, "processor", FA_NRE_PROCESSOR);
    if (st == FA_OK && c->res->kind == FA_DK_MANDATE)
        st = role_sharing(c, &sc, "agent", FA_NRE_AGENT);
    if (st != FA_OK || !sc.quote)
        return st;
    share_who w;
    memset(&w, 0, sizeof w);
    st = sort_recipients(c, &sc, &w);
    fa_catset sens = c->collected & FA_CAT_SENSITIVE & ~FA_CAT_BIT(FA_CAT_FREE_COMMENT);
    fa_severity sev = w.not_bound        ? FA_SEV_CRITICAL
                      : w.only_processor ? FA_SEV_MEDIUM
                                         : FA_SEV_HIGH;
    if (!sens && sev > FA_SEV_LOW)
        sev = (fa_severity)(sev - 1); /* what is shared matters: nothing sensitive, one step less */
    if (sc.inline_ask && !w.not_bound && sev > FA_SEV_LOW)
        sev = (fa_severity)(sev - 1); /* the person decides, case by case */
    c->share_found = !w.only_processor;
    c->share_level = w.not_bound ? 2 : 1;
    bool informed = sc.inline_ask ||
                    (c->res->notice.present && (c->res->notice.items & (1u << FA_NI_RECIPIENTS)));
    bool asked = sc.inline_ask || any_block(c, FA_NRE_CONSENT_WORDS);
    w.child = w.child || (c->res->context == FA_CTX_SCHOOL && !w.admin);
    w.health = w.health || (c->collected & FA_CAT_BIT(FA_CAT_HEALTH));

    fa_buf msg = {0};
    const char *basis[24];
    if (st == FA_OK)
        st = sharing_message(c, &w, informed, asked, &msg);
    if (st == FA_OK)
        st = sharing_basis(c, &w, sens, basis, sizeof basis / sizeof basis[0]);
    if (st == FA_OK)
        st = msg.data ? nt_add(c, "fr.sharing", "sharing", sev, sc.quote, &sc.loc, sc.scope,
                               msg.data, nt_text(c, "sharing.recommendation"), basis, NULL)
                      : FA_ERR_NOMEM;
    if (st == FA_OK && sc.unasked && !w.admin)
        st = unasked_sharing(c, &sc);
    free(sc.quote);
    free(sc.unasked);
    fa_buf_free(&msg);
    fa_buf_free(&w.names);
    fa_buf_free(&w.not_bound_names);
    return st;
}

/* ---------------------------------------------------------------- retention */

/* Longest period (in months) stated in folded S[a, b). */
static int longest_months(nt_ctx *c, const char *s, size_t a, size_t b)
{
    int best = 0;
    size_t pos = a, ms, me;
    while (nt_find(c, FA_NRE_PERIOD, s, b, pos, &ms, &me)) {
        size_t ns, ne, us, ue;
        if (nt_group(c, 1, &ns, &ne) && nt_group(c, 2, &us, &ue)) {
            int v = fa_langdata_number(c->ld, s + ns, ne - ns);
            int m = v * fa_langdata_unit_months(c->ld, s + us, ue - us);
            if (m > best)
                best = m;
        }
        pos = me > pos ? me : pos + 1;
    }
    return best;
}

/* The retention clause: the first sentence of the notice, then of the body, that gives
 * a period, a criterion or an open-ended term for the data; an open-ended one wins. */
typedef struct ret_scan {
    char *clause;
    const nt_block *cb;
    bool open, vague_only;
    int months;
} ret_scan;

/* Whether the sentence [sa, sb) of S leaves retention without end: a minimum, no
 * limit, as long as an open event lasts ("tant que", "jusqu'à la suppression du
 * compte"), a period left to someone else ("fixée par l'Administration"), or deletion
 * only after a time without use. An event's term followed by a period after its end
 * ("pendant la durée de l'abonnement puis un an", the CNIL's usual wording) is bounded:
 * the person ends the subscription, and the period runs from there. */
static bool open_ended(nt_ctx *c, const char *s, size_t sa, size_t sb)
{
    static const fa_nre open_re[] = {FA_NRE_OPEN_ENDED, FA_NRE_DELEGATED, FA_NRE_INACTIVITY};
    for (size_t k = 0; k < sizeof open_re / sizeof open_re[0]; k++)
        if (nt_find(c, open_re[k], s, sb, sa, NULL, NULL))
            return true;
    size_t ms, me;
    return nt_find(c, FA_NRE_OPEN_TERM, s, sb, sa, &ms, &me) &&
           !nt_find(c, FA_NRE_TERM_BOUNDED, s, sb, me, NULL, NULL);
}

static fa_status scan_retention(nt_ctx *c, ret_scan *r)
{
    for (size_t i = 0; i < c->nu; i++)
        c->u[i].seen = 0;
    for (int pass = 0; pass < 2 && !r->open; pass++) {
        for (size_t i = 0; i < c->nb && !r->open; i++) {
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
            while (a < n && !r->open) {
                size_t sa, sb, ms, me;
                nt_sentence(c, s, n, a, &sa, &sb);
                size_t next = nt_sentence_next(c, s, n, sa);
                a = next > a ? next : a + 1;
                if (!nt_find(c, FA_NRE_RETENTION_WORD, s, sb, sa, &ms, &me))
                    continue;
                if (!b->in_notice && !nt_find(c, FA_NRE_DATA_WORD, s, sb, sa, NULL, NULL))
                    continue;
                bool is_open = open_ended(c, s, sa, sb);
                bool dur = nt_find(c, FA_NRE_DURATION, s, sb, sa, NULL, NULL);
                bool vague = nt_find(c, FA_NRE_VAGUE, s, sb, sa, NULL, NULL);
                if (!is_open && !dur && !vague)
                    continue;
                /* in an agreement, a period for its logs is not the data's retention;
                 * logs kept "for a minimum of 36 months" are still kept without end */
                if (!is_open && c->agreement && nt_find(c, FA_NRE_LOGS, s, sb, sa, NULL, NULL))
                    continue;
                if (r->clause && !is_open)
                    continue; /* keep the first clause, unless an open-ended one comes */
                free(r->clause);
                r->clause = nt_quote(&b->f, b->text, sa, sb);
                if (!r->clause)
                    return FA_ERR_NOMEM;
                r->cb = b;
                r->open = is_open;
                r->vague_only = vague && !nt_find(c, FA_NRE_PERIOD, s, sb, sa, NULL, NULL) &&
                                !nt_find(c, FA_NRE_DURATION, s, sb, sa, NULL, NULL);
                r->months = longest_months(c, s, sa, sb);
            }
        }
    }
    return FA_OK;
}

/* A processor keeps the data for as long as it processes them (art. 28.3, first
 * paragraph: the duration of the processing): when a processing agreement states no
 * retention, an open-ended term of the agreement itself ("reste en vigueur tant que le
 * sous-traitant traite des données", "pour une durée indéterminée") leaves it open. */
static fa_status agreement_term(nt_ctx *c, ret_scan *r)
{
    if (r->clause || c->res->kind != FA_DK_PROCESSING_AGREEMENT)
        return FA_OK;
    for (size_t k = 0; k < c->nu; k++) {
        const nt_block *b = &c->b[c->u[k].first];
        const char *s = b->f.s;
        size_t n = b->f.len, a = 0;
        while (a < n) {
            size_t sa, sb;
            nt_sentence(c, s, n, a, &sa, &sb);
            size_t next = nt_sentence_next(c, s, n, sa);
            a = next > a ? next : a + 1;
            if (!nt_find(c, FA_NRE_AGREEMENT_TERM, s, sb, sa, NULL, NULL) ||
                !(open_ended(c, s, sa, sb) || nt_find(c, FA_NRE_OPEN_ENDED, s, sb, sa, NULL, NULL)))
                continue;
            r->clause = nt_quote(&b->f, b->text, sa, sb);
            if (!r->clause)
                return FA_ERR_NOMEM;
            r->cb = b;
            r->open = true;
            return FA_OK;
        }
    }
    return FA_OK;
}

fa_status nt_retention(nt_ctx *c)
{
    ret_scan r;
    memset(&r, 0, sizeof r);
    fa_status st = scan_retention(c, &r);
    if (st == FA_OK)
        st = agreement_term(c, &r);
    if (st != FA_OK) {
        free(r.clause);
        return st;
    }
    char *clause = r.clause;
    const nt_block *cb = r.cb;
    bool open = r.open, vague_only = r.vague_only;
    int months = r.months;
    c->res->notice.retention = clause; /* owned by the result from here */
    if (cb)
        c->ret_loc = cb->node->loc;
    c->ret_class = !clause ? "none" : open ? "open" : vague_only ? "vague" : "fixed";
    const char *basis[16];
    size_t nb = 0;
    st = nt_basis(c, !clause || (vague_only && !open) ? "retention.none" : "retention.long", basis,
                  &nb, 16);

    const fa_loc *loc = cb ? &cb->node->loc : (c->res->notice.present ? &c->res->notice.loc : NULL);
    const char *scope = cb ? (cb->in_notice ? "notice" : "body") : "document";
    if (st != FA_OK)
        return st;
    if (!clause)
        return nt_add(c, "fr.retention.none", "retention", FA_SEV_MEDIUM, "", loc, scope,
                      nt_text(c, "retention.none"), nt_text(c, "retention.none.recommendation"),
                      basis, NULL);
    if (open)
        return nt_add(c, "fr.retention.open", "retention", FA_SEV_HIGH, clause, loc, scope,
                      nt_text(c, "retention.open"), nt_text(c, "retention.open.recommendation"),
                      basis, NULL);
    if (vague_only)
        return nt_add(c, "fr.retention.vague", "retention", FA_SEV_LOW, clause, loc, scope,
                      nt_text(c, "retention.vague"), nt_text(c, "retention.vague.recommendation"),
                      basis, NULL);
    /* the référentiel's two years concern social support: its purpose must show in the
     * notice or in the clause itself */
    bool support =
        c->res->context == FA_CTX_SOCIAL &&
        ((c->nf.s && nt_find(c, FA_NRE_SOCIAL_SUPPORT, c->nf.s, c->nf.len, 0, NULL, NULL)) ||
         nt_find(c, FA_NRE_SOCIAL_SUPPORT, cb->f.s, cb->f.len, 0, NULL, NULL));
    if (support && months > 24) {
        c->ret_class = "long";
        char num[16];
        snprintf(num, sizeof num, "%d", months);
        const char *kv[] = {"months", num, NULL};
        fa_buf msg = {0};
        st = nt_format(c, &msg, "retention.long", kv);
        if (st == FA_OK)
            st = msg.data ? nt_add(c, "fr.retention.long", "retention", FA_SEV_MEDIUM, clause, loc,
                                   scope, msg.data, nt_text(c, "retention.long.recommendation"),
                                   basis, NULL)
                          : FA_ERR_NOMEM;
        fa_buf_free(&msg);
        return st;
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
            bool topic = nt_find(c, FA_NRE_PRETICK_TOPIC, f, strlen(f), 0, NULL, NULL);
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
            nt_find(c, FA_NRE_PRETICK_TOPIC, b->f.s, b->f.len, 0, NULL, NULL)) {
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
            nt_sentence(c, s, n, a, &sa, &sb);
            size_t next = nt_sentence_next(c, s, n, sa);
            a = next > a ? next : a + 1;
            /* a party accepting an agreement's terms ("La demande de raccordement emporte
             * acceptation des présentes modalités") gives no person's consent */
            bool forced = nt_find(c, FA_NRE_FORCED, s, sb, sa, NULL, NULL) &&
                          !(c->agreement && nt_find(c, FA_NRE_ACCEPTANCE, s, sb, sa, NULL, NULL));
            if (!forced && nt_find(c, FA_NRE_SIGN_MANDATORY, s, sb, sa, NULL, NULL)) {
                sign = true;
                /* a mandatory signature matters only when it stands for consent */
                const nt_block *p = i ? &c->b[i - 1] : NULL;
                forced = nt_find(c, FA_NRE_CONSENT_WORDS, s, n, 0, NULL, NULL) ||
                         (p && nt_find(c, FA_NRE_CONSENT_WORDS, p->f.s, p->f.len, 0, NULL, NULL));
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
    c->asked = any_block(c, FA_NRE_CONSENT_WORDS);
    c->informed = c->res->notice.present || any_block(c, FA_NRE_INFO_SENTENCE);
    fa_status st = FA_OK;
    /* an agreement between bodies does not speak to the persons: that no notice
     * informs them is notice.missing; "not asked" applies where they are a party */
    bool party = !c->agreement || any_block(c, FA_NRE_PERSON_PARTY);
    if (!c->informed && !c->asked && party) {
        const char *basis[8];
        size_t nb = 0;
        st = nt_basis(c, "fr.consent.uninformed", basis, &nb, 8);
        if (st == FA_OK)
            st = nt_add(
                c, "fr.consent.uninformed", "consent", sens ? FA_SEV_HIGH : FA_SEV_MEDIUM, "", NULL,
                "document",
                nt_text(c, c->agreement ? "consent.uninformed.agreement" : "consent.uninformed"),
                nt_text(c, "consent.uninformed.recommendation"), basis, NULL);
        if (st != FA_OK)
            return st;
    }
    fa_loc loc = {0};
    char *q = find_preticked(c, &loc, &st);
    if (st != FA_OK)
        return st;
    if (q) {
        const char *basis[8];
        size_t nb = 0;
        st = nt_basis(c, "fr.consent.preticked", basis, &nb, 8);
        if (st == FA_OK)
            st = nt_add(c, "fr.consent.preticked", "consent", FA_SEV_HIGH, q, &loc, "body",
                        nt_text(c, "consent.preticked"),
                        nt_text(c, "consent.preticked.recommendation"), basis, NULL);
        free(q);
        if (st != FA_OK)
            return st;
    }
    q = find_forced(c, &loc, &st);
    if (st != FA_OK)
        return st;
    if (q) {
        const char *basis[8];
        size_t nb = 0;
        st = nt_basis(c, "fr.consent.forced", basis, &nb, 8);
        if (st == FA_OK)
            st = nt_add(c, "fr.consent.forced", "consent", FA_SEV_HIGH, q, &loc, "body",
                        nt_text(c, "consent.forced"), nt_text(c, "consent.forced.recommendation"),
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
        const char *id;
    } crit[] = {
        {(c->collected & special) != 0, "dpia.criterion.sensitive"},
        {x != FA_CTX_AUTO || any_block(c, FA_NRE_VULNERABLE), "dpia.criterion.vulnerable"},
        {(c->collected & FA_CAT_BIT(FA_CAT_SUBJECTIVE_ASSESSMENT)) ||
             any_block(c, FA_NRE_EVALUATION),
         "dpia.criterion.evaluation"},
        {c->share_found, "dpia.criterion.sharing"},
        {any_block(c, FA_NRE_MATCHING), "dpia.criterion.matching"},
        {any_block(c, FA_NRE_EXCLUSION), "dpia.criterion.exclusion"},
        {any_block(c, FA_NRE_LARGE_SCALE), "dpia.criterion.large_scale"},
    };
    bool cnil = any_block(c, FA_NRE_CNIL_LIST);
    int k = 0;
    fa_buf list = {0};
    for (size_t i = 0; i < sizeof crit / sizeof crit[0]; i++)
        if (crit[i].on)
            fa_buf_printf(&list, "%s%s", k++ ? nt_text(c, "list.separator") : "",
                          nt_text(c, crit[i].id));
    if (k < 2 && !(cnil && k >= 1)) {
        fa_buf_free(&list);
        return FA_OK;
    }
    char num[16];
    snprintf(num, sizeof num, "%d", k);
    const char *kv[] = {"count",         num, "criteria", list.data ? list.data : "", "context",
                        ctx_label(c, x), NULL};
    fa_buf msg = {0}, note = {0};
    fa_status st = nt_format(c, &msg, "dpia", kv);
    if (st == FA_OK && cnil) {
        st = fa_buf_putc(&msg, ' ');
        if (st == FA_OK)
            st = nt_format(c, &msg, "dpia.cnil_list", NULL);
    }
    if (st == FA_OK)
        st = nt_format(c, &note, "dpia.note", kv);
    const char *basis[8];
    size_t nb = 0;
    if (st == FA_OK)
        st = nt_basis(c, "fr.dpia", basis, &nb, 8);
    if (st == FA_OK)
        st = msg.data && note.data
                 ? nt_add(c, "fr.dpia", "dpia", k >= 3 || cnil ? FA_SEV_HIGH : FA_SEV_MEDIUM, "",
                          NULL, "document", msg.data, nt_text(c, "dpia.recommendation"), basis,
                          note.data)
                 : FA_ERR_NOMEM;
    fa_buf_free(&list);
    fa_buf_free(&msg);
    fa_buf_free(&note);
    return st;
}
