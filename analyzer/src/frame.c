/* frame.c — the document in its legal frame and as part of a system (issue 13). Runs
 * after the notice analysis, on the findings it leaves:
 *
 *  1. the document's own title (metadata, else its first heading), so reports name it;
 *  2. who issues it and under which text, from the frames of the rule packs
 *     (framepack.h, rules/fr-frames.json): cerfa numbers and the issuer's words in the
 *     title and opening lines weigh most;
 *  3. the questions that frame prescribes (the resources of an RSA application, the
 *     danger facts of an information préoccupante): marked "prescribed", lowered, and
 *     their recommendation turned from deleting to checking notice, access, retention;
 *  4. the texts cited where they apply: CSP L1110-4 only for a care or medico-social
 *     team or health professionals among the recipients; the secrecy and discretion of
 *     public agents (CGFP L121-6, L121-7) for public bodies; the mandatory transmission
 *     of an information préoccupante (CASF L226-2-1, L226-2-2, Code pénal 226-14);
 *  5. each recipient named, with what binds it to secrecy;
 *  6. the whole system, each point only where the document gives grounds, with its
 *     quote: who may read the file, referral "par tout citoyen", a file for everyone
 *     received, the register, joint controllers, paper files, whether the person reads
 *     and validates what is written (body rules of the packs, categories sharing.*,
 *     processing.*, consent.validation);
 *  7. the good practices the avis credits (practice.* rules, a complete notice, a set
 *     retention period).
 * Vocabulary and texts are data; what is here is how they combine. */
#include "frame.h"

#include "fa_limits.h"
#include "fold.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---------------------------------------------------------------- working state */

typedef struct fblock {
    const fa_node *node;
    fa_folded f; /* with its map: quotes come back exact */
    size_t off;  /* offset of its text in fx.body */
} fblock;

typedef struct fx {
    const fa_rules *rules;
    fa_framedata *fd;
    const fa_doc *doc;
    fa_result *res;
    bool en;
    int li; /* 0 fr, 1 en */
    fblock *b;
    size_t nb;
    fa_buf body; /* every block's original text, one per line: for the body rules */
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    size_t jit_after;
    fa_frame_def *frame;
    fa_catset collected;
    fa_status st;
} fx;

static bool rx(fx *x, fa_regex *re, const char *s, size_t n, size_t from, size_t *a, size_t *b)
{
    if (fa_regex_match(re, s, n, from, x->md, x->mctx, x->jit_after) < 0)
        return false;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(x->md);
    if (a)
        *a = ov[0];
    if (b)
        *b = ov[1];
    return true;
}

static bool visible(const fa_node *n)
{
    return fa_node_is_text(n) && n->text && !fa_str_blank(n->text) &&
           !(n->flags & (FA_NF_HIDDEN | FA_NF_COMMENT | FA_NF_HEADER));
}

static fa_status collect(fx *x)
{
    size_t alloc = 0;
    fa_iter it;
    const fa_node *n;
    fa_event ev;
    fa_iter_init(&it, x->doc->root);
    while ((ev = fa_iter_next(&it, &n)) != FA_EV_DONE) {
        if (ev != FA_EV_ENTER || !visible(n))
            continue;
        if (x->nb == alloc) {
            size_t na = alloc ? 2 * alloc : 64;
            fblock *p = realloc(x->b, na * sizeof *p);
            if (!p)
                return FA_ERR_NOMEM;
            x->b = p;
            alloc = na;
        }
        fblock *b = &x->b[x->nb];
        memset(b, 0, sizeof *b);
        b->node = n;
        b->off = x->body.len;
        fa_status st = fa_fold(n->text, n->len, &b->f);
        if (!st)
            st = fa_buf_append(&x->body, n->text, n->len);
        /* a full stop between blocks: no pattern or exception reaches over a block's end */
        if (!st)
            st = fa_buf_puts(&x->body, " .\n");
        if (st) {
            fa_folded_free(&b->f);
            return st;
        }
        x->nb++;
    }
    return FA_OK;
}

/* The sentence of folded S around [a, b): from the previous end of sentence to the next. */
static void sentence(const char *s, size_t n, size_t a, size_t b, size_t *sa, size_t *sb)
{
    size_t i = a;
    while (i > 0 && !strchr(".;!?\n", s[i - 1]))
        i--;
    while (i < a && s[i] == ' ')
        i++;
    size_t j = b;
    while (j < n && !strchr(".;!?\n", s[j]))
        j++;
    if (j < n)
        j++;
    *sa = i;
    *sb = j;
}

static char *quote_of(const fblock *b, size_t fa, size_t fb)
{
    size_t a, e;
    fa_fold_span(&b->f, fa, fb, &a, &e);
    char *q = fa_strndup(b->node->text + a, e - a);
    return q ? fa_str_squeeze(q) : NULL;
}

/* ---------------------------------------------------------------- 1. title */

static bool bad_title(const char *t)
{
    if (fa_str_blank(t))
        return true;
    size_t n = strlen(t);
    if (n < 4 || n > 200 || strchr(t, '_') || !strchr(t, ' '))
        return true; /* "MD P_demande rsa (2013)_Demande de RMI.q", "Document1" */
    static const char *const exts[] = {".docx", ".doc", ".odt", ".pdf", ".rtf", ".html",
                                       ".htm",  ".txt", ".dot", ".ott", ".q"};
    for (size_t i = 0; i < sizeof exts / sizeof *exts; i++) {
        size_t k = strlen(exts[i]);
        if (n > k && !strcasecmp(t + n - k, exts[i]))
            return true;
    }
    char *f = fa_fold_simple(t);
    bool generic = !f || strstr(f, "microsoft word") || !strncmp(f, "document", 8) ||
                   !strcmp(f, "untitled") || !strcmp(f, "sans titre") || !strcmp(f, "titre") ||
                   !strcmp(f, "titre du document") || !strncmp(f, "modele", 6) ||
                   !strncmp(f, "template", 8) || f[0] == '"' || f[0] == '<' || f[0] == '{' ||
                   f[0] == '[' || !strncmp(t, "\xc2\xab", 2);
    free(f);
    return generic;
}

/* The text of a block cut where a form's furniture starts: "[____", " | ", "____",
 * "....", "……". */
static char *title_of(const char *text)
{
    size_t n = 0;
    for (; text[n]; n++) {
        const char *p = text + n;
        if (*p == '[' || *p == '|' || !strncmp(p, "__", 2) || !strncmp(p, "...", 3) ||
            !strncmp(p, "\xe2\x80\xa6", 3) || !strncmp(p, " : ", 3))
            break;
    }
    while (n && (text[n - 1] == ' ' || text[n - 1] == ':'))
        n--;
    char *t = fa_strndup(text, n);
    if (t)
        fa_str_squeeze(t);
    return t;
}

/* A title: the metadata's when it is one, else the first level-1 heading of the opening
 * blocks, else the first line with words that is not a field. */
static fa_status find_title(fx *x)
{
    const char *mt = x->res->meta.title;
    if (!bad_title(mt))
        return (x->res->title = fa_strdup(mt)) ? FA_OK : FA_ERR_NOMEM;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < x->nb && i < 12; i++) {
            const fa_node *n = x->b[i].node;
            if (pass == 0 && (n->type != FA_N_HEADING || n->level > 1))
                continue;
            char *t = title_of(n->text);
            if (!t)
                return FA_ERR_NOMEM;
            size_t letters = 0;
            for (const char *p = t; *p; p++)
                letters += (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z');
            if (letters >= 4 && strlen(t) <= 160 && !bad_title(t) &&
                (pass == 0 || strlen(t) * 2 > strlen(n->text))) {
                x->res->title = t;
                return FA_OK;
            }
            free(t);
        }
    }
    return FA_OK;
}

/* ---------------------------------------------------------------- 2. the frame */

static bool has_cerfa(const fx *x, const char *num, size_t *blk)
{
    size_t k = strlen(num);
    for (size_t i = 0; i < x->nb; i++) {
        const char *s = x->b[i].f.s, *p = s;
        while ((p = strstr(p, num)) != NULL) {
            bool alone =
                (p == s || !(p[-1] >= '0' && p[-1] <= '9')) && !(p[k] >= '0' && p[k] <= '9');
            if (alone) {
                *blk = i;
                return true;
            }
            p += k;
        }
    }
    if (x->res->meta.title && strstr(x->res->meta.title, num)) {
        *blk = 0;
        return true;
    }
    return false;
}

enum { LEAD_BLOCKS = 8 };

/* Points of frame F: a pattern in the title or the opening blocks 2, elsewhere 1; a cerfa
 * number 3. *LEAD: whether the title, the opening blocks or a cerfa number showed it (a
 * word met only in the body, "RSA" among a list of resources, names no issuer).
 * *EVIDENCE: the block that showed it best. */
static int frame_points(fx *x, fa_frame_def *f, bool *lead, size_t *evidence)
{
    int pts = 0;
    size_t ev = (size_t)-1;
    *lead = false;
    char *title = x->res->title ? fa_fold_simple(x->res->title) : NULL;
    for (size_t k = 0; k < f->n_doc; k++) {
        int got = 0;
        if (title && rx(x, &f->doc[k], title, strlen(title), 0, NULL, NULL))
            got = 2;
        for (size_t i = 0; i < x->nb && got < 2; i++) {
            if (!rx(x, &f->doc[k], x->b[i].f.s, x->b[i].f.len, 0, NULL, NULL))
                continue;
            int p = i < LEAD_BLOCKS ? 2 : 1;
            if (p > got) {
                got = p;
                if (ev == (size_t)-1 || i < ev)
                    ev = i;
            }
        }
        pts += got;
        *lead = *lead || got == 2;
    }
    free(title);
    for (size_t k = 0; k < f->cerfa.n; k++) {
        size_t blk;
        if (has_cerfa(x, f->cerfa.v[k], &blk)) {
            pts += 3;
            ev = blk;
            *lead = true;
        }
    }
    *evidence = ev;
    return pts;
}

static fa_status set_frame(fx *x, fa_frame_def *f, size_t ev)
{
    fa_frame *fr = &x->res->frame;
    fr->id = fa_strdup(f->id);
    fr->kind = fa_strdup(f->kind);
    fr->issuer = fa_strdup(f->issuer[x->li]);
    fr->text = fa_strdup(f->text[x->li]);
    fr->flags = f->flags;
    fa_status st = fr->id && fr->kind && fr->issuer && fr->text ? FA_OK : FA_ERR_NOMEM;
    for (size_t i = 0; !st && i < f->legal.n; i++)
        st = fa_strvec_push(&fr->legal, f->legal.v[i]);
    if (!st && ev < x->nb) {
        const char *t = x->b[ev].node->text;
        fr->evidence = fa_strndup(t, strlen(t) > 300 ? 300 : strlen(t));
        fr->loc = x->b[ev].node->loc;
        if (!fr->evidence)
            st = FA_ERR_NOMEM;
        else
            fa_str_squeeze(fr->evidence);
    }
    x->frame = f;
    return st;
}

/* The first frame of the table (most specific first) that reaches its points. */
static fa_status recognise(fx *x)
{
    for (size_t i = 0; i < x->fd->n_frames; i++) {
        fa_frame_def *f = &x->fd->frames[i];
        size_t ev;
        bool lead;
        if (frame_points(x, f, &lead, &ev) >= f->min && lead)
            return set_frame(x, f, ev);
    }
    return FA_OK;
}

/* ---------------------------------------------------------------- 3. prescribed */

static bool vec_has(const fa_strvec *v, const char *s)
{
    for (size_t i = 0; s && i < v->n; i++)
        if (!strcmp(v->v[i], s))
            return true;
    return false;
}

/* What the quote of F is about, folded: the quote and the field's label (for an option,
 * its list's label: "Nature des faits signalés"), not the section, which may gather
 * questions of every kind under "Éléments de danger". */
static char *about(const fx *x, const fa_finding *f)
{
    const fa_field *fd = &x->res->fields[f->field];
    fa_buf b = {0};
    fa_status st =
        fa_buf_printf(&b, "%s / %s", f->quote ? f->quote : "", fd->label ? fd->label : "");
    char *s = st ? NULL : fa_fold_simple(b.data);
    fa_buf_free(&b);
    return s;
}

static fa_prescription *prescription(fx *x, const fa_finding *f)
{
    if (!x->frame || f->field < 0 || (size_t)f->field >= x->res->n_fields || !f->category ||
        (f->scope && !strcmp(f->scope, "value")))
        return NULL;
    int c = fa_category_from_name(f->category);
    for (size_t i = 0; i < x->frame->n_presc; i++) {
        fa_prescription *p = &x->frame->presc[i];
        if (!((c >= 0 && (p->cats & (1u << c))) || vec_has(&p->rules, f->rule)))
            continue;
        if (!p->has_where)
            return p;
        char *s = about(x, f);
        if (!s) {
            x->st = FA_ERR_NOMEM;
            return NULL;
        }
        bool hit = rx(x, &p->where, s, strlen(s), 0, NULL, NULL);
        free(s);
        if (hit)
            return p;
    }
    return NULL;
}

static fa_status replace(char **dst, const char *s)
{
    char *c = fa_strdup(s);
    if (!c)
        return FA_ERR_NOMEM;
    free(*dst);
    *dst = c;
    return FA_OK;
}

static fa_status prescribe(fx *x)
{
    static const char *const rec[2] = {
        "Question prévue par le cadre légal du document : la conserver ; vérifier que la notice "
        "la mentionne, que seules les personnes chargées du dossier y ont accès et que la durée "
        "de conservation est fixée.",
        "A question the document's legal frame provides for: keep it; check that the notice "
        "mentions it, that only those in charge of the file can see it and that a retention "
        "period is set."};
    for (size_t i = 0; i < x->res->n_findings && !x->st; i++) {
        fa_finding *f = &x->res->findings[i];
        const fa_prescription *p = prescription(x, f);
        if (!p)
            continue;
        fa_status st = replace(&f->prescribed, p->what[x->li]);
        if (!st)
            st = replace(&f->recommendation, rec[x->li]);
        if (st)
            return st;
        if (f->severity > FA_SEV_LOW)
            f->severity = FA_SEV_LOW;
    }
    return x->st;
}

/* ---------------------------------------------------------------- 4. texts that apply */

static fa_status drop_basis(fa_strvec *v, const char *prefix)
{
    size_t w = 0;
    for (size_t i = 0; i < v->n; i++) {
        char *f = fa_fold_simple(v->v[i]);
        if (!f)
            return FA_ERR_NOMEM;
        bool hit = strstr(f, prefix) != NULL;
        free(f);
        if (hit)
            free(v->v[i]);
        else
            v->v[w++] = v->v[i];
    }
    v->n = w;
    return FA_OK;
}

static fa_status add_basis(fa_strvec *v, const char *s)
{
    return vec_has(v, s) ? FA_OK : fa_strvec_push(v, s);
}

/* Recipients (ids) named in folded S. */
static size_t rcp_in(fx *x, const char *s, size_t n, const fa_recipient_def **out, size_t max)
{
    size_t k = 0;
    for (size_t i = 0; i < x->fd->n_rcp && k < max; i++)
        if (rx(x, &x->fd->rcp[i].re, s, n, 0, NULL, NULL))
            out[k++] = &x->fd->rcp[i];
    return k;
}

enum { MAX_RCP = 32 };

/* A transmission the frame's law imposes (the CRIP, the prosecutor): every recipient the
 * sentence names is one the law names. */
static bool transmission_by_law(fx *x, const char *quote)
{
    if (!x->frame || !x->frame->by_law.n || !quote)
        return false;
    char *s = fa_fold_simple(quote);
    if (!s)
        return false;
    const fa_recipient_def *r[MAX_RCP];
    size_t n = rcp_in(x, s, strlen(s), r, MAX_RCP);
    free(s);
    bool all = n > 0;
    for (size_t i = 0; i < n; i++)
        all = all && vec_has(&x->frame->by_law, r[i]->id);
    return all;
}

static fa_status sharing_by_law(fx *x, fa_finding *f)
{
    static const char *const rec[2] = {
        "Conserver la transmission ; dire à la personne (ou aux parents) qui reçoit quoi et "
        "pourquoi ; ne transmettre que des faits datés, sans appréciation, limités à ce que le "
        "destinataire doit connaître.",
        "Keep the transmission; tell the person (or the parents) who receives what and why; "
        "pass on only dated facts, without appraisal, limited to what the recipient must know."};
    fa_status st = replace(&f->message, x->frame->transmission[x->li]);
    if (!st)
        st = replace(&f->recommendation, rec[x->li]);
    if (!st)
        st = replace(&f->prescribed, x->frame->text[x->li]);
    if (f->severity > FA_SEV_LOW)
        f->severity = FA_SEV_LOW;
    return st;
}

/* "son accord n'est pas demandé" is no objection where the processing rests on the law. */
static fa_status not_consent_wording(fa_finding *f)
{
    static const struct {
        const char *from, *to;
    } sw[] = {
        {" et son accord n'est pas demandé.",
         " ; le traitement reposant sur la loi, son accord n'est pas requis, mais son information "
         "l'est."},
        {" and is not asked for their agreement.",
         "; as the processing rests on the law, their agreement is not required, but informing "
         "them is."},
        {"La personne n'est ni informée ni consultée : le formulaire ne dit rien de l'usage des "
         "données et ne recueille aucun accord.",
         "La personne n'est pas informée : le formulaire ne dit rien de l'usage des données. Le "
         "traitement reposant sur la loi, son accord n'est pas requis, mais l'information prévue "
         "par le RGPD (art. 13 et 14) l'est."},
        {"The person is neither informed nor asked: the form says nothing of what happens to the "
         "data and records no agreement.",
         "The person is not informed: the form says nothing of what happens to the data. As the "
         "processing rests on the law, their agreement is not required, but the information "
         "GDPR art. 13 and 14 require is."}};
    for (size_t i = 0; f->message && i < sizeof sw / sizeof *sw; i++) {
        char *p = strstr(f->message, sw[i].from);
        if (!p)
            continue;
        fa_buf b = {0};
        fa_status st = fa_buf_append(&b, f->message, (size_t)(p - f->message));
        if (!st)
            st = fa_buf_puts(&b, sw[i].to);
        if (!st)
            st = fa_buf_puts(&b, p + strlen(sw[i].from));
        if (st) {
            fa_buf_free(&b);
            return st;
        }
        free(f->message);
        f->message = fa_buf_steal(&b);
    }
    return FA_OK;
}

/* The référentiel's two years concern social support, not a benefit the law governs:
 * there, the period is set by the benefit's own texts. */
static fa_status legal_retention(fx *x, fa_finding *f)
{
    if (f->severity > FA_SEV_LOW)
        f->severity = FA_SEV_LOW;
    return replace(&f->note, x->en ? "the two years of the CNIL framework concern social support; "
                                     "for a benefit the law governs, check the period its own "
                                     "texts set"
                                   : "les deux ans du référentiel de la CNIL visent "
                                     "l'accompagnement social ; pour une prestation légale, "
                                     "vérifier la durée que fixent ses propres textes");
}

/* The texts a finding cites, fitted to the frame: the public-health secrecy only where
 * care is concerned, public agents' secrecy and discretion for public bodies, child
 * protection's own texts for a concern about a child. */
static fa_status fit_texts(fx *x, fa_finding *f)
{
    unsigned fl = x->frame ? x->frame->flags : 0;
    bool sharing = f->category && !strncmp(f->category, "sharing", 7);
    fa_status st = FA_OK;
    if (!(fl & FA_FRAME_HEALTH_TEAM)) {
        bool health_rcp = false;
        if (sharing && f->quote) {
            char *s = fa_fold_simple(f->quote);
            const fa_recipient_def *r[MAX_RCP];
            size_t n = s ? rcp_in(x, s, strlen(s), r, MAX_RCP) : 0;
            for (size_t i = 0; i < n; i++)
                health_rcp |= !strcmp(r[i]->id, "health");
            free(s);
        }
        if (!health_rcp)
            st = drop_basis(&f->legal_basis, "l1110-4");
    }
    /* the Labour Code's rules on hiring and employment bind an employer, not a Caf asking
     * whether the applicant is pregnant to open a benefit */
    if (!st && x->frame && !(fl & FA_FRAME_EMPLOYER)) {
        static const char *const work[] = {
            "code du travail art. l1225", "code du travail art. l1132",
            "code du travail art. l1221", "code du travail art. l1222",
            "code du travail art. l2141"};
        for (size_t i = 0; !st && i < sizeof work / sizeof *work; i++)
            st = drop_basis(&f->legal_basis, work[i]);
    }
    if (!st && sharing && (fl & FA_FRAME_PUBLIC_AGENTS)) {
        st = add_basis(&f->legal_basis, "CGFP art. L121-6");
        if (!st)
            st = add_basis(&f->legal_basis, "CGFP art. L121-7");
    }
    if (!st && sharing && (fl & (FA_FRAME_CHILD | FA_FRAME_MANDATORY_TX))) {
        static const char *const t[] = {"CASF art. L226-2-1", "CASF art. L226-2-2",
                                        "Code pénal art. 226-14"};
        for (size_t i = 0; !st && i < 3; i++)
            st = add_basis(&f->legal_basis, t[i]);
    }
    if (!st && sharing && x->frame && x->frame->transmission[0] &&
        !strcmp(f->category, "sharing") && transmission_by_law(x, f->quote))
        st = sharing_by_law(x, f);
    if (!st && (fl & FA_FRAME_NOT_CONSENT) && f->rule && !strcmp(f->rule, "fr.retention.long"))
        st = legal_retention(x, f);
    if (!st && (fl & (FA_FRAME_NOT_CONSENT | FA_FRAME_MANDATORY_TX)) &&
        (sharing || (f->category && !strcmp(f->category, "consent"))))
        st = not_consent_wording(f);
    return st;
}

static fa_status fit_all(fx *x)
{
    fa_status st = FA_OK;
    for (size_t i = 0; !st && i < x->res->n_findings; i++)
        st = fit_texts(x, &x->res->findings[i]);
    return st;
}

/* ---------------------------------------------------------------- 5. recipients */

static bool rcp_self(const fx *x, const fa_recipient_def *r)
{
    return x->frame && vec_has(&x->frame->self, r->id);
}

static fa_status add_recipient(fx *x, const fa_recipient_def *d, const fblock *b, size_t sa,
                               size_t sb)
{
    fa_recipient *r = fa_result_add_recipient(x->res);
    if (!r)
        return FA_ERR_NOMEM;
    r->id = fa_strdup(d->id);
    r->name = fa_strdup(d->name[x->li]);
    r->status = fa_strdup(fa_rcp_status_name(d->status));
    r->why = fa_strdup(d->why[x->li]);
    r->quote = quote_of(b, sa, sb);
    r->loc = b->node->loc;
    fa_status st = r->id && r->name && r->status && r->why && r->quote ? FA_OK : FA_ERR_NOMEM;
    for (size_t i = 0; !st && i < d->legal.n; i++)
        st = fa_strvec_push(&r->legal, d->legal.v[i]);
    return st;
}

/* Every recipient named in a sentence that shares, consults or gathers ("transmis",
 * "membres", "destinataires"), each once, in document order. */
static fa_status recipients(fx *x)
{
    if (!x->fd->has_cues)
        return FA_OK;
    bool *seen = calloc(x->fd->n_rcp + 1, sizeof *seen);
    if (!seen)
        return FA_ERR_NOMEM;
    fa_status st = FA_OK;
    for (size_t i = 0; !st && i < x->nb; i++) {
        const fblock *b = &x->b[i];
        size_t pos = 0, ca, cb;
        while (!st && pos < b->f.len && rx(x, &x->fd->cues, b->f.s, b->f.len, pos, &ca, &cb)) {
            size_t sa, sb;
            sentence(b->f.s, b->f.len, ca, cb, &sa, &sb);
            bool skip = x->fd->has_skip && rx(x, &x->fd->skip, b->f.s, sb, sa, NULL, NULL);
            for (size_t k = 0; !st && !skip && k < x->fd->n_rcp; k++) {
                fa_recipient_def *d = &x->fd->rcp[k];
                if (seen[k] || rcp_self(x, d) || !rx(x, &d->re, b->f.s, sb, sa, NULL, NULL))
                    continue;
                seen[k] = true;
                st = add_recipient(x, d, b, sa, sb);
            }
            pos = sb > cb ? sb : cb;
        }
    }
    free(seen);
    return st;
}

static fa_finding *find_cat(fa_result *res, const char *cat)
{
    for (size_t i = 0; i < res->n_findings; i++)
        if (res->findings[i].category && !strcmp(res->findings[i].category, cat))
            return &res->findings[i];
    return NULL;
}

static fa_status new_finding(fx *x, const char *rule, const char *cat, fa_severity sev,
                             const char *quote, const fa_loc *loc, const char *msg, const char *rec,
                             const char *const *basis, size_t nbasis, const fa_strvec *more)
{
    /* QUOTE and LOC may belong to a finding of the same array, which adding one may
     * move: take them before it grows */
    char *q = fa_strdup(quote ? quote : "");
    fa_loc where = loc ? *loc : (fa_loc){0};
    if (!q)
        return FA_ERR_NOMEM;
    fa_finding *f = fa_result_add_finding(x->res);
    if (!f) {
        free(q);
        return x->res->n_findings >= FA_MAX_FINDINGS ? FA_OK : FA_ERR_NOMEM;
    }
    f->rule = fa_strdup(rule);
    f->category = fa_strdup(cat);
    f->severity = sev;
    f->quote = q;
    f->message = fa_strdup(msg);
    f->recommendation = fa_strdup(rec);
    f->scope = fa_strdup(*q ? "body" : "document");
    if (loc)
        f->loc = where;
    fa_status st = f->rule && f->category && f->quote && f->message && f->recommendation && f->scope
                       ? FA_OK
                       : FA_ERR_NOMEM;
    for (size_t i = 0; !st && i < nbasis; i++)
        st = add_basis(&f->legal_basis, basis[i]);
    for (size_t i = 0; !st && more && i < more->n; i++)
        st = add_basis(&f->legal_basis, more->v[i]);
    return st;
}

/* The notice analysis found no sharing clause, yet the document names recipients who are
 * not all bound by secrecy (an instance whose "membres associés" are the CAF, the PJJ and
 * landlords): a sharing finding, quoting where they are named. */
static fa_status sharing_from_recipients(fx *x)
{
    if (find_cat(x->res, "sharing"))
        return FA_OK;
    const fa_frame *fr = &x->res->frame;
    const fa_recipient *first = NULL;
    fa_buf names = {0};
    fa_strvec basis = {0};
    bool not_bound = false;
    fa_status st = FA_OK;
    for (size_t i = 0; !st && i < fr->n_rcp; i++) {
        const fa_recipient *r = &fr->rcp[i];
        if (strcmp(r->status, "not_bound") && strcmp(r->status, "depends"))
            continue;
        if (x->frame && vec_has(&x->frame->by_law, r->id))
            continue;
        not_bound |= !strcmp(r->status, "not_bound");
        first = first ? first : r;
        st = fa_buf_printf(&names, "%s%s", names.len ? ", " : "", r->name);
        for (size_t k = 0; !st && k < r->legal.n; k++)
            st = add_basis(&basis, r->legal.v[k]);
    }
    if (!st && first) {
        fa_buf msg = {0};
        st = fa_buf_printf(&msg,
                           x->en ? "The document provides for the person's situation to be "
                                   "discussed with, or passed to, bodies not all bound by "
                                   "professional secrecy: %s. Nothing confided to a social "
                                   "worker may reach them without a text that allows it or the "
                                   "person's agreement, case by case."
                                 : "Le document prévoit que la situation de la personne soit "
                                   "examinée avec des organismes qui ne sont pas tous tenus au "
                                   "secret professionnel, ou leur soit transmise : %s. Rien de ce "
                                   "qui est confié à un travailleur social ne peut leur parvenir "
                                   "sans un texte qui le permet ou l'accord de la personne, au cas "
                                   "par cas.",
                           names.data);
        static const char *const b[] = {"Code pénal art. 226-13", "CASF art. L411-3"};
        static const char *const rec[2] = {
            "Limiter l'instance aux professionnels tenus au secret et à la même mission ; n'y "
            "évoquer une situation qu'avec l'accord de la personne, informée de qui siège ; ne "
            "garder qu'un relevé des décisions.",
            "Limit the body to professionals bound by secrecy and sharing one mission; discuss a "
            "situation there only with the person's agreement, telling them who sits there; keep "
            "only a record of decisions."};
        fa_catset sens = x->collected & FA_CAT_SENSITIVE;
        fa_severity sev = not_bound ? FA_SEV_HIGH : FA_SEV_MEDIUM;
        if (!st)
            st = new_finding(x, "fr.frame.sharing", "sharing",
                             sens || not_bound ? sev : FA_SEV_MEDIUM, first->quote, &first->loc,
                             msg.data, rec[x->li], b, 2, &basis);
        fa_buf_free(&msg);
    }
    fa_buf_free(&names);
    fa_strvec_free(&basis);
    return st;
}

/* ---------------------------------------------------------------- 6-7. system, practices */

typedef struct hit {
    const char *rule, *category;
    fa_severity sev;
    size_t start, end; /* in x->body */
} hit;

typedef struct hits {
    hit *v;
    size_t n, alloc;
    fa_status st;
} hits;

static void on_hit(const fa_rule_hit *h, void *ud)
{
    hits *hs = ud;
    if (hs->st || !h->category ||
        (strncmp(h->category, "practice", 8) && strncmp(h->category, "processing", 10) &&
         strcmp(h->category, "sharing.access") && strcmp(h->category, "sharing.referral")))
        return;
    if (hs->n == hs->alloc) {
        size_t na = hs->alloc ? 2 * hs->alloc : 16;
        hit *p = realloc(hs->v, na * sizeof *p);
        if (!p) {
            hs->st = FA_ERR_NOMEM;
            return;
        }
        hs->v = p;
        hs->alloc = na;
    }
    hs->v[hs->n++] = (hit){h->rule_id, h->category, h->severity, h->start, h->end};
}

/* The block holding body offset OFF. */
static size_t block_at(const fx *x, size_t off)
{
    size_t lo = 0, hi = x->nb;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (x->b[mid].off <= off)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* The sentence of the original text around a hit, and where it is. */
static char *hit_quote(fx *x, const hit *h, fa_loc *loc)
{
    if (!x->nb)
        return fa_strdup("");
    size_t i = block_at(x, h->start);
    const fa_node *n = x->b[i].node;
    *loc = n->loc;
    size_t a = h->start - x->b[i].off, b = h->end - x->b[i].off;
    if (b > n->len)
        b = n->len;
    const char *s = n->text;
    while (a > 0 && !strchr(".;!?", s[a - 1]))
        a--;
    while (b < n->len && !strchr(".;!?", s[b]))
        b++;
    if (b < n->len)
        b++;
    char *q = fa_strndup(s + a, b - a);
    return q ? fa_str_squeeze(q) : NULL;
}

static bool has_practice(const fa_result *res, const char *rule)
{
    for (size_t i = 0; i < res->frame.n_prac; i++)
        if (!strcmp(res->frame.prac[i].rule, rule))
            return true;
    return false;
}

static fa_status add_practice(fx *x, const char *rule, const char *text, const char *quote,
                              const fa_loc *loc)
{
    if (has_practice(x->res, rule))
        return FA_OK;
    fa_practice *p = fa_result_add_practice(x->res);
    if (!p)
        return FA_ERR_NOMEM;
    p->rule = fa_strdup(rule);
    p->text = fa_strdup(text);
    p->quote = fa_strdup(quote ? quote : "");
    if (loc)
        p->loc = *loc;
    return p->rule && p->text && p->quote ? FA_OK : FA_ERR_NOMEM;
}

/* Distinct bodies named in folded S (recipients that are institutions, the issuer too). */
static size_t bodies_in(fx *x, const char *s)
{
    const fa_recipient_def *r[MAX_RCP];
    size_t n = rcp_in(x, s, strlen(s), r, MAX_RCP), k = 0;
    for (size_t i = 0; i < n; i++)
        k += r[i]->status != FA_RCP_UNKNOWN;
    return k;
}

static fa_status system_hit(fx *x, const hit *h, const char *quote, const fa_loc *loc)
{
    const char *msg = fa_rules_message(x->rules, h->rule, x->res->lang);
    const char *rec = fa_rules_recommendation(x->rules, h->rule, x->res->lang);
    fa_strvec basis = {0};
    fa_status st = fa_rules_legal_basis(x->rules, h->rule, &basis);
    fa_severity sev = h->sev;
    fa_catset sens = x->collected & FA_CAT_SENSITIVE & ~FA_CAT_BIT(FA_CAT_FREE_COMMENT);
    bool skip = false;
    if (!strcmp(h->category, "processing.joint")) {
        /* a scheme of several bodies, while the notice names a controller (or none) */
        char *s = fa_fold_simple(quote);
        skip = !s || bodies_in(x, s) < 2 ||
               (x->res->notice.present && !(x->res->notice.items & (1u << FA_NI_CONTROLLER)));
        free(s);
    } else if (!strcmp(h->category, "processing.register")) {
        skip = has_practice(x->res, "fr.practice.register");
    } else if ((!strcmp(h->category, "sharing.access") ||
                !strcmp(h->category, "processing.proportionality")) &&
               sens && sev < FA_SEV_HIGH) {
        sev = FA_SEV_HIGH; /* a wide-open file of sensitive data */
    }
    if (!strcmp(h->category, "processing.joint") && !x->res->notice.present)
        msg = x->en ? "Several bodies run the scheme together, and no notice says which is the "
                      "controller: if they decide purposes and means together, they are joint "
                      "controllers."
                    : "Plusieurs organismes portent ensemble le dispositif, et aucune notice ne "
                      "dit lequel est responsable du traitement : s'ils déterminent ensemble les "
                      "finalités et les moyens, ils sont responsables conjoints du traitement.";
    if (!st && !skip && msg && rec && !find_cat(x->res, h->category))
        st = new_finding(x, h->rule, h->category, sev, quote, loc, msg, rec, NULL, 0, &basis);
    fa_strvec_free(&basis);
    return st;
}

/* The field texts a reader sees as one line: "J'accepte … : Oui / Non". */
static fa_status field_lines(fx *x)
{
    fa_status st = FA_OK;
    for (size_t i = 0; !st && i < x->res->n_fields; i++) {
        const fa_field *f = &x->res->fields[i];
        if (!f->options.n || fa_str_blank(f->label))
            continue;
        st = fa_buf_printf(&x->body, "%s :", f->label);
        for (size_t k = 0; !st && k < f->options.n; k++)
            st = fa_buf_printf(&x->body, "%s %s", k ? " /" : "", f->options.v[k]);
        if (!st)
            st = fa_buf_puts(&x->body, " .\n");
    }
    return st;
}

static fa_status body_rules(fx *x)
{
    size_t text_end = x->body.len;
    fa_status st = field_lines(x);
    hits hs = {0};
    if (!st && x->body.data)
        st = fa_rules_match(x->rules, FA_SCOPE_BODY, x->body.data, on_hit, &hs);
    if (!st)
        st = hs.st;
    /* practices first: a register mentioned makes the "declaration" point moot */
    for (int pass = 0; pass < 2 && !st; pass++) {
        for (size_t i = 0; i < hs.n && !st; i++) {
            const hit *h = &hs.v[i];
            bool practice = !strncmp(h->category, "practice", 8);
            if (practice != (pass == 0))
                continue;
            fa_loc loc = {0};
            char *q = h->start < text_end ? hit_quote(x, h, &loc) : NULL;
            if (h->start >= text_end) { /* a field line */
                q = fa_strndup(x->body.data + h->start, h->end - h->start);
                for (size_t k = 0; q && k < x->res->n_fields; k++)
                    if (x->res->fields[k].label && strstr(q, x->res->fields[k].label))
                        loc = x->res->fields[k].loc;
            }
            if (!q) {
                st = FA_ERR_NOMEM;
                break;
            }
            if (practice)
                st = add_practice(x, h->rule, fa_rules_message(x->rules, h->rule, x->res->lang), q,
                                  &loc);
            else
                st = system_hit(x, h, q, &loc);
            free(q);
        }
    }
    free(hs.v);
    return st;
}

/* What the document does well that is not a sentence: a complete notice, a retention
 * period that raises no finding. */
static fa_status structural_practices(fx *x)
{
    const fa_notice *n = &x->res->notice;
    fa_status st = FA_OK;
    unsigned all = (1u << FA_NI_COUNT) - 1;
    if (n->present && (n->items & all) == all)
        st = add_practice(x, "notice.complete",
                          x->en ? "The privacy notice is complete: controller, DPO, purposes and "
                                  "legal basis, recipients, retention, rights and the right to "
                                  "complain to the CNIL are all there."
                                : "La notice d'information est complète : responsable, délégué "
                                  "à la protection des données, finalités et base légale, "
                                  "destinataires, durée de conservation, droits et réclamation "
                                  "auprès de la CNIL y figurent.",
                          n->text, &n->loc);
    if (!st && n->retention && !find_cat(x->res, "retention"))
        st = add_practice(x, "retention.set",
                          x->en ? "A retention period is set."
                                : "La durée de conservation est "
                                  "fixée.",
                          n->retention, &n->loc);
    return st;
}

/* Whoever writes a judgement or a comment about the person: does the person read and
 * approve it? Said only where the form asks for one. */
static fa_status validation(fx *x)
{
    /* a transmission the law imposes is not written with the person (parents are told) */
    if (x->frame && (x->frame->flags & FA_FRAME_MANDATORY_TX))
        return FA_OK;
    if (has_practice(x->res, "fr.practice.validation") || find_cat(x->res, "consent.validation"))
        return FA_OK;
    const fa_finding *g = NULL;
    for (size_t i = 0; i < x->res->n_findings && !g; i++) {
        const fa_finding *f = &x->res->findings[i];
        if (f->field >= 0 && f->category && !f->prescribed &&
            (!strcmp(f->category, "subjective_assessment") || !strcmp(f->category, "free_comment")))
            g = f;
    }
    if (!g)
        return FA_OK;
    static const char *const b[] = {"RGPD art. 5.1.d", "RGPD art. 15"};
    return new_finding(
        x, "fr.frame.validation", "consent.validation", FA_SEV_MEDIUM, g->quote, &g->loc,
        x->en ? "Nothing says that the person reads, completes or approves what is written about "
                "them: a professional's reading of the situation would stand in the file without "
                "their word beside it."
              : "Rien n'indique que la personne relit, complète ou valide ce qui est écrit sur "
                "elle : l'interprétation du professionnel resterait au dossier sans sa parole à "
                "côté.",
        x->en ? "Write the entry with the person, let them add their own view and sign, and give "
                "them a copy."
              : "Rédiger la rubrique avec la personne, lui permettre d'y ajouter son point de vue "
                "et de la signer, et lui en remettre une copie.",
        b, 2, NULL);
}

/* ---------------------------------------------------------------- entry point */

fa_status fa_frame_analyze(const fa_rules *rules, const fa_doc *doc, fa_result *res, fa_error *err)
{
    if (!doc || !res)
        return fa_error_set(err, FA_ERR_USAGE, "frame: no document or result");
    fx x = {.rules = rules, .doc = doc, .res = res};
    x.en = res->lang && !strcmp(res->lang, "en");
    x.li = x.en ? 1 : 0;
    x.fd = rules ? fa_rules_framedata(rules) : NULL;
    fa_rules_limits(rules, &x.mctx, &x.jit_after);
    for (size_t i = 0; i < res->n_fields; i++)
        x.collected |= res->fields[i].categories;
    fa_status st = collect(&x);
    if (!st)
        st = find_title(&x);
    if (!st && x.fd) {
        x.md = pcre2_match_data_create(16, NULL);
        st = x.md ? FA_OK : FA_ERR_NOMEM;
        if (!st)
            st = recognise(&x);
        if (!st)
            st = prescribe(&x);
        if (!st)
            st = recipients(&x);
        if (!st)
            st = fit_all(&x);
        if (!st)
            st = sharing_from_recipients(&x);
        if (!st)
            st = body_rules(&x);
        if (!st)
            st = validation(&x);
    }
    if (!st)
        st = structural_practices(&x);
    for (size_t i = 0; i < x.nb; i++)
        fa_folded_free(&x.b[i].f);
    free(x.b);
    fa_buf_free(&x.body);
    pcre2_match_data_free(x.md);
    if (st)
        fa_error_set(err, st, "frame: %s", st == FA_ERR_NOMEM ? "out of memory" : "failed");
    return st;
}
