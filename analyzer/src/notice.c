/* notice.c — what the form says about itself, part 1: finding the data-protection notice
 * wherever it sits (titled section, footer, small print, or paragraphs carrying strong
 * notice signals), checking the GDPR art. 13 items, reading the categories the notice
 * declares and cross-checking them with what the fields collect. Sharing, retention,
 * consent, DPIA and the issuer context are in notice_clauses.c.
 *
 * The vocabulary (French and English, on folded text) is language data of the packs
 * (langpack.h, rules/SCHEMA.md "Lexicon"); with no pack (`rules` NULL) nothing matches.
 *
 * Decisions worth knowing:
 * - "situation familiale" declared in a notice counts as declaring family_life: the
 *   person has been told that their family situation is processed, which is how
 *   reviewers read such notices. The fields that go further (conflicts, violence,
 *   placement) are still flagged one by one as family_life findings; only the
 *   "undeclared" cross-check treats them as announced.
 * - "régime alimentaire" does not declare religion, for the same reason: the point of
 *   the check is that meal choices reveal beliefs without saying so.
 * - free_comment is never "unlisted": a comment zone is a risk of its own (CNIL
 *   bloc-notes guidance), not a category a notice could list.
 * - A sentence with a negation ("aucune donnée de santé n'est collectée") declares
 *   nothing.
 * - The one-sentence CNIL mention ("Les informations recueillies font l'objet d'un
 *   traitement destiné à...") is a notice even without a strong word or a notice title:
 *   a sentence about the data being processed plus a purpose, a recipient, a right or a
 *   controller (nt_block.info). Retention alone does not count ("must be kept up to
 *   date"). Such a notice is then reported incomplete, item by item. */
#include "notice_int.h"

#include "fa_limits.h"
#include "ident.h"
#include "kind.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- vocabulary */

/* The vocabulary is language data of the packs (langpack.h: roles, what a notice may
 * declare, recipients, contexts, texts by id). Each pattern runs in PCRE2's interpreter
 * until it has scanned NT_JIT_AFTER bytes of subject, then JIT-compiles itself
 * (match.h): JIT-compiling all ~80 up front cost more than the whole analysis of a form
 * of usual size (33 of 35 M instructions on d2-demande-logement, callgrind). The
 * threshold is lower than the rules' (match.h): every notice pattern runs on every
 * block, with no literal prefilter; 1 KiB was the cheapest of 0.5-16 KiB on the
 * 215-page bench form. */
#define NT_JIT_AFTER 1024
static size_t jit_after; /* NT_JIT_AFTER; SIZE_MAX with FA_PCRE2_NO_JIT (valgrind runs) */
static pcre2_match_context *re_mctx;
static pthread_once_t re_once = PTHREAD_ONCE_INIT;

static void init_matching(void)
{
    jit_after = getenv("FA_PCRE2_NO_JIT") ? SIZE_MAX : NT_JIT_AFTER;
    re_mctx = pcre2_match_context_create(NULL);
    if (re_mctx) {
        pcre2_set_match_limit(re_mctx, FA_PCRE2_MATCH_LIMIT);
        pcre2_set_depth_limit(re_mctx, FA_PCRE2_DEPTH_LIMIT);
    }
}

bool nt_find_slot(nt_ctx *c, size_t slot, const char *s, size_t n, size_t from, size_t *ms,
                  size_t *me)
{
    c->last = slot;
    return fa_lexicon_find(c->ld, slot, s, n, from, c->md, re_mctx, jit_after, ms, me);
}

bool nt_find(nt_ctx *c, fa_nre id, const char *s, size_t n, size_t from, size_t *ms, size_t *me)
{
    return (unsigned)id < FA_NRE_COUNT && nt_find_slot(c, FA_LX_ROLE(id), s, n, from, ms, me);
}

bool nt_group(nt_ctx *c, int g, size_t *gs, size_t *ge)
{
    return fa_lexicon_group(c->ld, c->last, c->md, g, gs, ge);
}

const char *nt_text(const nt_ctx *c, const char *id)
{
    return fa_langdata_text(c->ld, id, c->lang);
}

fa_status nt_format(const nt_ctx *c, fa_buf *out, const char *id, const char *const *kv)
{
    return fa_langdata_format(c->ld, id, c->lang, out, kv);
}

fa_status nt_basis(const nt_ctx *c, const char *id, const char **out, size_t *n, size_t cap)
{
    const fa_strvec *b = fa_langdata_basis(c->ld, id);
    for (size_t i = 0; b && i < b->n; i++) {
        if (*n + 1 >= cap)
            return FA_ERR_LIMIT;
        out[(*n)++] = b->v[i];
    }
    out[*n] = NULL;
    return FA_OK;
}

/* ---------------------------------------------------------------- text helpers */

/* A sentence ends at a newline, or at . ! ? followed by a space (not after a one-letter
 * or short abbreviation such as "art." or "n."). */
static inline bool is_end(const fa_langdata *ld, const char *s, size_t n, size_t i)
{
    if (s[i] == '\n')
        return true;
    if (s[i] != '.' && s[i] != '!' && s[i] != '?')
        return false;
    if (i + 1 < n && s[i + 1] != ' ' && s[i + 1] != '\n')
        return false;
    if (s[i] == '.') {
        size_t w = i;
        while (w > 0 && s[w - 1] >= 'a' && s[w - 1] <= 'z')
            w--;
        size_t wl = i - w;
        if (wl == 1 || fa_langdata_abbrev(ld, s + w, wl))
            return false;
    }
    return true;
}

void nt_sentence(const nt_ctx *c, const char *s, size_t n, size_t pos, size_t *a, size_t *b)
{
    if (pos > n)
        pos = n;
    size_t i = pos;
    while (i > 0 && !is_end(c->ld, s, n, i - 1))
        i--;
    while (i < n && s[i] == ' ')
        i++;
    size_t j = pos;
    while (j < n && !is_end(c->ld, s, n, j))
        j++;
    if (j < n && s[j] != '\n')
        j++; /* keep the full stop */
    *a = i;
    *b = j < i ? i : j;
}

size_t nt_sentence_next(const nt_ctx *c, const char *s, size_t n, size_t from)
{
    size_t j = from;
    while (j < n && !is_end(c->ld, s, n, j))
        j++;
    if (j < n)
        j++;
    while (j < n && (s[j] == ' ' || s[j] == '\n'))
        j++;
    return j;
}

char *nt_quote(const fa_folded *f, const char *orig, size_t fs, size_t fe)
{
    size_t a, b;
    if (f->map) {
        fa_fold_span(f, fs, fe, &a, &b);
    } else {
        /* a block folded without its map (index_blocks): fold it again, rare */
        fa_folded m;
        if (fa_fold(orig, strlen(orig), &m) != FA_OK)
            return NULL;
        fa_fold_span(&m, fs, fe, &a, &b);
        fa_folded_free(&m);
    }
    while (a < b && (orig[a] == ' ' || orig[a] == '\n' || orig[a] == '\t'))
        a++;
    while (b > a && (orig[b - 1] == ' ' || orig[b - 1] == '\n' || orig[b - 1] == '\t'))
        b--;
    return fa_strndup(orig + a, b - a);
}

fa_status nt_add(nt_ctx *c, const char *rule, const char *kind, fa_severity sev, const char *quote,
                 const fa_loc *loc, const char *scope, const char *message,
                 const char *recommendation, const char *const *basis, const char *note)
{
    fa_finding *f = fa_result_add_finding(c->res);
    if (!f)
        return c->res->n_findings >= FA_MAX_FINDINGS ? FA_OK : FA_ERR_NOMEM;
    f->field = -1;
    f->severity = sev;
    f->rule = fa_strdup(rule);
    f->category = fa_strdup(kind);
    f->quote = fa_ident_mask(quote ? quote : "");
    f->message = fa_strdup(message);
    f->recommendation = fa_strdup(recommendation);
    f->scope = fa_strdup(scope ? scope : "document");
    f->note = note ? fa_strdup(note) : NULL;
    if (loc)
        f->loc = *loc;
    fa_status st = FA_OK;
    for (size_t i = 0; basis && basis[i] && st == FA_OK; i++)
        st = fa_strvec_push(&f->legal_basis, basis[i]);
    if (st != FA_OK || !f->rule || !f->category || !f->quote || !f->message || !f->recommendation ||
        !f->scope || (note && !f->note))
        return FA_ERR_NOMEM;
    return FA_OK;
}

/* ---------------------------------------------------------------- blocks */

/* ☐ ☑ ☒ □ ■ ❏, "[ ]", "[x]", "[X]", "____" or "....." in S: one pass that stops only
 * where one may start (eleven strstr per block were as costly as the block's patterns). */
static bool has_box_glyph(const char *s)
{
    for (const char *p = s; (p = strpbrk(p, "\xE2[_.")); p++) {
        const unsigned char *u = (const unsigned char *)p;
        switch (*u) {
        case 0xE2:
            if ((u[1] == 0x98 && u[2] >= 0x90 && u[2] <= 0x92) ||
                (u[1] == 0x96 && (u[2] == 0xA1 || u[2] == 0xA0)) || (u[1] == 0x9D && u[2] == 0x8F))
                return true;
            break;
        case '[':
            if ((u[1] == ' ' || u[1] == 'x' || u[1] == 'X') && u[2] == ']')
                return true;
            break;
        case '_':
            if (!strncmp(p, "____", 4))
                return true;
            break;
        default:
            if (!strncmp(p, ".....", 5))
                return true;
            break;
        }
    }
    return false;
}

static int cmp_ptr(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t) * (const void *const *)a, y = (uintptr_t) * (const void *const *)b;
    return x < y ? -1 : x > y;
}

static uint64_t fnv1a(const char *s, size_t n)
{
    uint64_t h = 14695981039346656037u;
    for (size_t k = 0; k < n; k++)
        h = (h ^ (unsigned char)s[k]) * 1099511628211u;
    return h;
}

/* Fold each block and give it its nt_uniq, one per distinct folded text. A block whose
 * text repeats an earlier one byte for byte borrows that block's fold (f_shared). */
static fa_status index_blocks(nt_ctx *c)
{
    if (!c->nb)
        return FA_OK;
    size_t cap = 16;
    while (cap < 2 * c->nb)
        cap *= 2;
    /* open addressing, block index + 1 (0 empty): by original text, by folded text */
    size_t *raw = calloc(cap, sizeof *raw), *fold = calloc(cap, sizeof *fold);
    c->u = malloc(c->nb * sizeof *c->u);
    fa_status st = raw && fold && c->u ? FA_OK : FA_ERR_NOMEM;
    for (size_t i = 0; i < c->nb && st == FA_OK; i++) {
        nt_block *b = &c->b[i];
        size_t len = strlen(b->text);
        size_t j = (size_t)fnv1a(b->text, len) & (cap - 1);
        while (raw[j] && strcmp(c->b[raw[j] - 1].text, b->text))
            j = (j + 1) & (cap - 1);
        if (raw[j]) {
            const nt_block *o = &c->b[raw[j] - 1];
            b->f = o->f;
            b->f_shared = true;
            b->u = o->u;
            continue;
        }
        raw[j] = i + 1;
        if ((st = fa_fold_nomap(b->text, len, &b->f)) != FA_OK)
            break;
        j = (size_t)fnv1a(b->f.s, b->f.len) & (cap - 1);
        for (; fold[j]; j = (j + 1) & (cap - 1)) {
            const nt_block *o = &c->b[fold[j] - 1];
            if (o->f.len == b->f.len && !memcmp(o->f.s, b->f.s, b->f.len))
                break;
        }
        if (fold[j]) {
            b->u = c->b[fold[j] - 1].u;
            continue;
        }
        fold[j] = i + 1;
        b->u = c->nu;
        c->u[c->nu++] = (nt_uniq){.first = i, .info = -1, .title = -1, .engage = -1};
    }
    free(raw);
    free(fold);
    return st;
}

/* Collect every visible text block in reading order, folded. */
static fa_status collect_blocks(nt_ctx *c)
{
    const fa_result *res = c->res;
    const void **fnodes = NULL;
    size_t nf = 0;
    if (res->n_fields) {
        fnodes = malloc(res->n_fields * sizeof *fnodes);
        if (!fnodes)
            return FA_ERR_NOMEM;
        for (size_t i = 0; i < res->n_fields; i++)
            if (res->fields[i].node)
                fnodes[nf++] = res->fields[i].node;
        qsort(fnodes, nf, sizeof *fnodes, cmp_ptr);
    }
    size_t alloc = 0;
    fa_status st = FA_OK;
    fa_iter it;
    const fa_node *n;
    fa_event ev;
    fa_iter_init(&it, c->doc->root);
    while ((ev = fa_iter_next(&it, &n)) != FA_EV_DONE) {
        if (ev != FA_EV_ENTER || !fa_node_is_text(n) || !n->text || fa_str_blank(n->text))
            continue;
        bool hidden = false, in_table = false;
        for (const fa_node *p = n; p; p = p->parent) {
            if (p->flags & (FA_NF_HIDDEN | FA_NF_COMMENT))
                hidden = true;
            if (p->type == FA_N_CELL)
                in_table = true;
        }
        if (hidden)
            continue;
        if (c->nb == alloc) {
            size_t na = alloc ? alloc * 2 : 64;
            nt_block *p = realloc(c->b, na * sizeof *p);
            if (!p) {
                st = FA_ERR_NOMEM;
                break;
            }
            c->b = p;
            alloc = na;
        }
        nt_block *b = &c->b[c->nb];
        memset(b, 0, sizeof *b);
        b->node = n;
        b->text = n->text;
        b->in_table = in_table;
        c->nb++; /* folded by index_blocks */
        b->has_box = has_box_glyph(n->text);
        for (const fa_node *k = n->first; k && !b->has_box; k = k->next)
            if (k->type == FA_N_CONTROL)
                b->has_box = true;
        const void *key = n, *cell = NULL;
        for (const fa_node *p = n->parent; p; p = p->parent)
            if (p->type == FA_N_CELL) {
                cell = p;
                break;
            }
        b->is_field = (nf && bsearch(&key, fnodes, nf, sizeof *fnodes, cmp_ptr)) ||
                      (nf && cell && bsearch(&cell, fnodes, nf, sizeof *fnodes, cmp_ptr));
    }
    free(fnodes);
    if (st == FA_OK)
        st = index_blocks(c);
    for (size_t i = 0; i < c->nb && st == FA_OK; i++) {
        nt_block *b = &c->b[i];
        nt_uniq *u = &c->u[b->u];
        if (u->first != i) {
            const nt_block *f = &c->b[u->first];
            b->strong = f->strong;
            b->weak = f->weak;
        } else {
            size_t pos = 0, ms, me;
            while (nt_find(c, FA_NRE_STRONG, b->f.s, b->f.len, pos, &ms, &me) && me > pos) {
                b->strong++;
                pos = me;
            }
            pos = 0;
            while (nt_find(c, FA_NRE_WEAK, b->f.s, b->f.len, pos, &ms, &me) && me > pos) {
                b->weak++;
                pos = me;
            }
            /* a sentence that lists what is processed ("Elle contient votre identité, la
             * composition de votre famille...") carries no notice word, yet belongs to it */
            if (nt_find(c, FA_NRE_DECLARE, b->f.s, b->f.len, 0, NULL, NULL))
                b->weak++;
        }
        /* the one-sentence CNIL mention carries no strong word: it is recognised by its
         * shape, a sentence about "les informations" being processed, together with one
         * notice item (a purpose, a recipient, a right, a controller) */
        if (!b->has_box && u->info < 0) {
            bool info = false;
            if (nt_find(c, FA_NRE_INFO_SENTENCE, b->f.s, b->f.len, 0, NULL, NULL)) {
                /* not retention: "must be kept up to date" is no notice */
                static const fa_nre item[] = {FA_NRE_PURPOSES, FA_NRE_RECIPIENTS, FA_NRE_RIGHTS,
                                              FA_NRE_CONTROLLER};
                for (size_t k = 0; k < sizeof item / sizeof item[0] && !info; k++)
                    info = nt_find(c, item[k], b->f.s, b->f.len, 0, NULL, NULL);
            }
            u->info = info;
        }
        b->info = !b->has_box && u->info > 0;
    }
    return st;
}

/* ---------------------------------------------------------------- notice detection */

bool nt_engagement(nt_ctx *c, const nt_block *b)
{
    nt_uniq *u = &c->u[b->u];
    if (u->engage < 0)
        u->engage = nt_find(c, FA_NRE_ENGAGEMENT, b->f.s, b->f.len, 0, NULL, NULL);
    return u->engage > 0;
}

static bool is_title(nt_ctx *c, const nt_block *b)
{
    if (b->f.len > 120 || b->has_box)
        return false;
    nt_uniq *u = &c->u[b->u];
    if (u->title < 0)
        u->title = nt_find(c, FA_NRE_TITLE, b->f.s, b->f.len, 0, NULL, NULL);
    return u->title > 0;
}

bool nt_is_title(nt_ctx *c, const nt_block *b)
{
    return is_title(c, b);
}

static bool signals(const nt_block *b)
{
    return b->strong > 0 || b->weak > 0 || b->info;
}

static bool small_print(const nt_block *b)
{
    for (const fa_node *p = b->node; p; p = p->parent)
        if (p->flags & (FA_NF_SMALL | FA_NF_HEADER | FA_NF_NOTE))
            return true;
    return false;
}

/* Mark the notice blocks. A titled section takes the blocks after its title up to the
 * next heading (or, when the title is a plain paragraph, as long as blocks keep notice
 * signals or small print); it counts when its content carries a strong signal or two
 * weak ones. Untitled notices grow around blocks with a strong signal. A block where
 * something is filled in (a box, a control) is never notice text. */
static void detect_notice(nt_ctx *c)
{
    for (size_t i = 0; i < c->nb; i++) {
        const nt_block *t = &c->b[i];
        if (t->in_notice || !is_title(c, t))
            continue;
        bool heading = t->node->type == FA_N_HEADING;
        size_t j = i + 1;
        int strong = t->strong > 1 ? 1 : 0, weak = 0; /* the title's own words barely count */
        bool info = false;
        for (; j < c->nb && j < i + 40; j++) {
            const nt_block *b = &c->b[j];
            if (b->node->type == FA_N_HEADING || b->has_box)
                break;
            if (heading ? (b->is_field && !signals(b)) : !(signals(b) || small_print(b)))
                break;
            if (!heading && is_title(c, b))
                break;
            strong += b->strong;
            weak += b->weak;
            info = info || b->info;
        }
        if (j > i + 1 && (strong > 0 || weak >= 2 || info)) {
            for (size_t k = i; k < j; k++)
                c->b[k].in_notice = true;
            i = j - 1;
        }
    }
    for (size_t i = 0; i < c->nb; i++) {
        nt_block *b = &c->b[i];
        /* a short field label ("Conformité RGPD :") is something asked, not a notice */
        if (b->in_notice || b->has_box || (b->strong == 0 && !b->info) ||
            b->node->type == FA_N_HEADING || (b->is_field && b->f.len <= 60))
            continue;
        b->in_notice = true;
        for (size_t k = i; k > 0; k--) {
            nt_block *p = &c->b[k - 1];
            if (p->in_notice || p->has_box || !signals(p) || p->node->type == FA_N_HEADING)
                break;
            p->in_notice = true;
        }
        for (size_t k = i + 1; k < c->nb; k++) {
            nt_block *p = &c->b[k];
            if (p->in_notice || p->has_box || !(signals(p) || (small_print(p) && small_print(b))) ||
                p->node->type == FA_N_HEADING)
                break;
            p->in_notice = true;
        }
    }
}

/* Join the notice blocks (titles excluded when content follows) into res->notice.text. */
static fa_status build_notice_text(nt_ctx *c)
{
    fa_buf buf = {0};
    size_t cnt = 0;
    for (size_t i = 0; i < c->nb; i++)
        cnt += c->b[i].in_notice;
    if (!cnt)
        return FA_OK;
    c->nblk = malloc(cnt * sizeof *c->nblk);
    c->nstart = malloc(cnt * sizeof *c->nstart);
    if (!c->nblk || !c->nstart)
        return FA_ERR_NOMEM;
    bool first = true;
    for (size_t i = 0; i < c->nb; i++) {
        const nt_block *b = &c->b[i];
        if (!b->in_notice)
            continue;
        bool title_only = is_title(c, b) && i + 1 < c->nb && c->b[i + 1].in_notice;
        if (first) {
            c->res->notice.loc = b->node->loc;
            first = false;
        }
        if (title_only)
            continue;
        if (buf.len && fa_buf_putc(&buf, '\n') != FA_OK)
            goto oom;
        c->nblk[c->nn] = i;
        c->nstart[c->nn] = buf.len;
        c->nn++;
        if (fa_buf_puts(&buf, b->text) != FA_OK)
            goto oom;
    }
    if (!buf.data)
        return FA_OK;
    c->res->notice.present = true;
    c->res->notice.text = fa_buf_steal(&buf);
    if (!c->res->notice.text)
        return FA_ERR_NOMEM;
    return fa_fold(c->res->notice.text, strlen(c->res->notice.text), &c->nf);
oom:
    fa_buf_free(&buf);
    return FA_ERR_NOMEM;
}

/* The block of the notice holding original offset OFF of notice.text. */
static const nt_block *notice_block_at(const nt_ctx *c, size_t off)
{
    size_t k = 0;
    while (k + 1 < c->nn && c->nstart[k + 1] <= off)
        k++;
    return c->nn ? &c->b[c->nblk[k]] : NULL;
}

/* ---------------------------------------------------------------- items */

/* Whether S[from..n) holds item I of art. 13 (FA_NI_*), with the checks each item
 * needs: a period or a criterion with retention; in an agreement, no logs for retention
 * and no citation of the data-protection law itself for the legal basis. */
static bool find_item(nt_ctx *c, int i, const char *s, size_t n, size_t from)
{
    static const fa_nre item_re[FA_NI_COUNT] = {FA_NRE_CONTROLLER, FA_NRE_DPO,
                                                FA_NRE_PURPOSES,   FA_NRE_LEGAL_BASIS,
                                                FA_NRE_RECIPIENTS, FA_NRE_RETENTION_WORD,
                                                FA_NRE_RIGHTS,     FA_NRE_COMPLAINT};
    size_t pos = from, ms, me;
    while (nt_find(c, item_re[i], s, n, pos, &ms, &me)) {
        bool ok = true;
        if (i == FA_NI_RETENTION) {
            /* retention counts only with a period or a criterion in the sentence */
            size_t a, b;
            nt_sentence(c, s, n, ms, &a, &b);
            ok = nt_find(c, FA_NRE_DURATION, s, b, a, NULL, NULL) ||
                 nt_find(c, FA_NRE_VAGUE, s, b, a, NULL, NULL) ||
                 nt_find(c, FA_NRE_OPEN_ENDED, s, b, a, NULL, NULL);
            /* in an agreement, how long logs are kept is not how long the data are */
            if (ok && c->agreement)
                ok = !nt_find(c, FA_NRE_LOGS, s, b, a, NULL, NULL);
        } else if (i == FA_NI_LEGAL_BASIS && c->agreement) {
            /* citing the data-protection law itself ("prévus par la loi n° 78-17")
             * gives no basis for the processing */
            ok = !nt_find(c, FA_NRE_PROTECTION_LAW, s, me, ms, NULL, NULL);
        }
        if (ok)
            return true;
        pos = me > pos ? me : pos + 1;
    }
    return false;
}

static void check_items(nt_ctx *c)
{
    for (int i = 0; i < FA_NI_COUNT; i++)
        if (find_item(c, i, c->nf.s, c->nf.len, 0))
            c->res->notice.items |= 1u << i;
    if (!c->agreement)
        return;
    /* In an agreement the information is spread over its articles: what a person
     * reading it learns counts wherever it is, except in the parties' engagements to
     * each other ("le Partenaire s'engage à informer l'Usager"). Not the legal basis
     * nor the recipients: an agreement cites the texts that frame it and organises
     * transmissions between its parties, which is neither. */
    unsigned want = ((1u << FA_NI_COUNT) - 1) & ~c->res->notice.items &
                    ~((1u << FA_NI_LEGAL_BASIS) | (1u << FA_NI_RECIPIENTS));
    for (size_t k = 0; k < c->nu && want; k++) {
        const nt_block *b = &c->b[c->u[k].first];
        if (b->has_box)
            continue;
        const char *s = b->f.s;
        size_t n = b->f.len, a = 0;
        while (a < n && want) {
            size_t sa, sb;
            nt_sentence(c, s, n, a, &sa, &sb);
            size_t next = nt_sentence_next(c, s, n, sa);
            a = next > a ? next : a + 1;
            if (sb <= sa || nt_find(c, FA_NRE_ENGAGEMENT, s, sb, sa, NULL, NULL))
                continue;
            for (int i = 0; i < FA_NI_COUNT; i++)
                if ((want & (1u << i)) && find_item(c, i, s, sb, sa)) {
                    c->res->notice.items |= 1u << i;
                    want &= ~(1u << i);
                }
        }
    }
}

/* ---------------------------------------------------------------- declared categories */

static void declare_span(nt_ctx *c, const char *s, size_t a, size_t b)
{
    for (int k = 0; k < FA_CAT_COUNT; k++)
        if (nt_find_slot(c, FA_LX_CATEGORY(k), s, b, a, NULL, NULL))
            c->res->notice.declared |= FA_CAT_BIT(k);
}

/* A declaration sentence ("Les données traitées sont : ...") declares every category it
 * names; when it ends with ':' the list continues on the next lines (list items, table
 * cells). Elsewhere in the notice, "données relatives à X" declares X, and so does a data
 * noun with its adjectives in any sentence ("les données médicales sont adressées au
 * médecin" declares health: saying the data are sent is saying they are processed).
 * Table rows of a notice ("Catégorie de données | Finalité | Durée") are read as
 * declarations when the table speaks of data. Sentences with a negation declare nothing. */
/* Does the DECLARE match M (N bytes) start with a data noun followed by its verb? */
static bool passive_subject(const nt_ctx *c, const char *m, size_t n)
{
    return fa_langdata_passive_subject(c->ld, m, n);
}

static void read_declared(nt_ctx *c)
{
    const char *s = c->nf.s;
    size_t n = c->nf.len;
    size_t a = 0;
    bool table_decl = false;
    for (size_t k = 0; k < c->nn; k++) {
        const nt_block *b = &c->b[c->nblk[k]];
        if (b->in_table && nt_find(c, FA_NRE_DECLARE, b->f.s, b->f.len, 0, NULL, NULL))
            table_decl = true;
    }
    while (a < n) {
        size_t sa, sb, ms, me;
        nt_sentence(c, s, n, a, &sa, &sb);
        bool neg = nt_find(c, FA_NRE_NEGATION, s, sb, sa, NULL, NULL);
        if (!neg && nt_find(c, FA_NRE_DECLARE, s, sb, sa, &ms, &me)) {
            /* what is declared follows the trigger ("nous collectons : ..."), except in
             * a passive whose subject is the data ("Ethnic group answers are kept...") */
            declare_span(c, s, passive_subject(c, s + ms, me - ms) ? sa : ms, sb);
            /* a list announced by ':' goes on over the following short lines */
            size_t e = sb;
            while (e > sa && s[e - 1] == ' ')
                e--;
            if (e > sa && s[e - 1] == ':') {
                size_t p = sb;
                for (int lines = 0; p < n && lines < 30; lines++) {
                    while (p < n && (s[p] == '\n' || s[p] == ' '))
                        p++;
                    size_t q = p;
                    while (q < n && s[q] != '\n')
                        q++;
                    if (q == p || q - p > 160)
                        break;
                    size_t o0, o1;
                    fa_fold_span(&c->nf, p, q, &o0, &o1);
                    const nt_block *lb = notice_block_at(c, o0);
                    if (!lb || (lb->node->type != FA_N_LIST_ITEM && !lb->in_table && q - p > 80))
                        break;
                    declare_span(c, s, p, q);
                    p = q;
                }
            }
        } else if (!neg) {
            size_t pos = sa;
            while (nt_find(c, FA_NRE_ABOUT, s, sb, pos, &ms, &me)) {
                /* only the few words after "données relatives à" */
                size_t end = me + 60 < sb ? me + 60 : sb;
                declare_span(c, s, me, end);
                pos = me;
            }
            /* "les données médicales sont adressées au médecin": the adjectives only */
            pos = sa;
            while (nt_find(c, FA_NRE_ABOUT_ADJ, s, sb, pos, &ms, &me) && me > pos) {
                size_t gs, ge;
                if (nt_group(c, 1, &gs, &ge))
                    declare_span(c, s, gs, ge);
                pos = me;
            }
            if (table_decl) {
                size_t o0, o1;
                fa_fold_span(&c->nf, sa, sb, &o0, &o1);
                const nt_block *lb = notice_block_at(c, o0);
                if (lb && lb->in_table && lb->f.len <= 200)
                    declare_span(c, s, sa, sb);
            }
        }
        size_t next = nt_sentence_next(c, s, n, sa);
        a = next > a ? next : a + 1;
    }
}

/* ---------------------------------------------------------------- findings */

static const char *cat_list(fa_buf *out, fa_catset set, const char *lang)
{
    fa_buf_reset(out);
    for (int k = 0; k < FA_CAT_COUNT; k++)
        if (set & FA_CAT_BIT(k))
            fa_buf_printf(out, "%s%s", out->len ? ", " : "",
                          fa_category_label((fa_category)k, lang));
    return out->data ? out->data : "";
}

static fa_status report_missing(nt_ctx *c)
{
    fa_catset sens = c->collected & FA_CAT_SENSITIVE & ~FA_CAT_BIT(FA_CAT_FREE_COMMENT);
    const char *basis[8];
    size_t nb = 0;
    fa_buf cats = {0};
    fa_buf msg = {0};
    fa_status st = nt_basis(c, "fr.notice.missing", basis, &nb, 8);
    if (sens) {
        const char *kv[] = {"categories", cat_list(&cats, sens, c->lang), NULL};
        nt_format(c, &msg,
                  c->agreement ? "notice.missing.sensitive.agreement" : "notice.missing.sensitive",
                  kv);
    } else {
        nt_format(c, &msg, c->agreement ? "notice.missing.agreement" : "notice.missing", NULL);
    }
    if (st == FA_OK)
        st = msg.data ? nt_add(c, "fr.notice.missing", "notice.missing",
                               sens ? FA_SEV_HIGH : FA_SEV_MEDIUM, "", NULL, "document", msg.data,
                               nt_text(c, "notice.missing.recommendation"), basis, NULL)
                      : FA_ERR_NOMEM;
    fa_buf_free(&cats);
    fa_buf_free(&msg);
    return st;
}

static const char *item_label(const nt_ctx *c, int i)
{
    char id[64];
    snprintf(id, sizeof id, "notice.item.%s", fa_notice_item_name((fa_notice_item)i));
    return nt_text(c, id);
}

static fa_status report_incomplete(nt_ctx *c)
{
    unsigned missing = 0;
    int nmiss = 0;
    for (int i = 0; i < FA_NI_COUNT; i++)
        if (!(c->res->notice.items & (1u << i))) {
            missing |= 1u << i;
            nmiss++;
        }
    if (!nmiss)
        return FA_OK;
    fa_buf items = {0}, msg = {0};
    int k = 0;
    for (int i = 0; i < FA_NI_COUNT; i++)
        if (missing & (1u << i))
            fa_buf_printf(&items, "%s%s", k++ ? ", " : "", item_label(c, i));
    const char *kv[] = {"items", items.data ? items.data : "", NULL};
    nt_format(c, &msg, "notice.incomplete", kv);
    fa_buf_free(&items);
    const char *note = NULL;
    unsigned core = (1u << FA_NI_CONTROLLER) | (1u << FA_NI_PURPOSES) | (1u << FA_NI_RIGHTS);
    fa_severity sev = (missing & core) || nmiss >= 3 ? FA_SEV_MEDIUM : FA_SEV_LOW;
    if (missing == (1u << FA_NI_DPO) && c->assoc) {
        sev = FA_SEV_LOW;
        note = nt_text(c, "notice.incomplete.association_dpo");
    }
    /* quote: the notice's first sentence */
    size_t a, b;
    nt_sentence(c, c->nf.s, c->nf.len, 0, &a, &b);
    char *q = nt_quote(&c->nf, c->res->notice.text, a, b);
    const char *basis[8];
    size_t nb = 0;
    fa_status st = nt_basis(c, "fr.notice.incomplete", basis, &nb, 8);
    if (st == FA_OK)
        st = msg.data && q ? nt_add(c, "fr.notice.incomplete", "notice.incomplete", sev, q,
                                    &c->res->notice.loc, "notice", msg.data,
                                    nt_text(c, "notice.incomplete.recommendation"), basis, note)
                           : FA_ERR_NOMEM;
    free(q);
    fa_buf_free(&msg);
    return st;
}

/* Labels of up to 3 fields collecting SET, joined with " ; ". */
static char *fields_quote(const fa_result *res, fa_catset set)
{
    fa_buf q = {0};
    fa_catset seen = 0;
    int k = 0;
    for (size_t i = 0; i < res->n_fields && k < 3; i++) {
        const fa_field *f = &res->fields[i];
        fa_catset hit = f->categories & set & ~seen;
        if (!hit || fa_str_blank(f->label))
            continue;
        seen |= hit;
        if (fa_buf_printf(&q, "%s%s", k++ ? " ; " : "", f->label) != FA_OK)
            break;
    }
    return q.data ? fa_buf_steal(&q) : fa_strdup("");
}

static fa_status report_unlisted(nt_ctx *c)
{
    fa_catset un = c->res->notice.unlisted;
    if (!un)
        return FA_OK;
    fa_buf cats = {0}, msg = {0};
    const char *kv[] = {"categories", cat_list(&cats, un, c->lang), NULL};
    nt_format(c, &msg,
              c->res->notice.present
                  ? (c->agreement ? "notice.unlisted.agreement" : "notice.unlisted")
              : c->agreement ? "notice.unlisted.no_notice.agreement"
                             : "notice.unlisted.no_notice",
              kv);
    fa_catset art9 = FA_CAT_BIT(FA_CAT_HEALTH) | FA_CAT_BIT(FA_CAT_ETHNIC_ORIGIN) |
                     FA_CAT_BIT(FA_CAT_POLITICAL_OPINION) | FA_CAT_BIT(FA_CAT_RELIGION) |
                     FA_CAT_BIT(FA_CAT_UNION_MEMBERSHIP) | FA_CAT_BIT(FA_CAT_SEX_LIFE) |
                     FA_CAT_BIT(FA_CAT_GENETIC) | FA_CAT_BIT(FA_CAT_BIOMETRIC) |
                     FA_CAT_BIT(FA_CAT_CRIMINAL);
    char *q = fields_quote(c->res, un);
    const char *basis[8];
    size_t nb = 0;
    fa_status st = nt_basis(c, "fr.notice.unlisted", basis, &nb, 8);
    if (st == FA_OK)
        st = msg.data && q ? nt_add(c, "fr.notice.unlisted", "notice.unlisted",
                                    (un & art9) ? FA_SEV_HIGH : FA_SEV_MEDIUM, q,
                                    c->res->notice.present ? &c->res->notice.loc : NULL,
                                    c->res->notice.present ? "notice" : "document", msg.data,
                                    nt_text(c, "notice.unlisted.recommendation"), basis, NULL)
                           : FA_ERR_NOMEM;
    free(q);
    fa_buf_free(&cats);
    fa_buf_free(&msg);
    return st;
}

/* ---------------------------------------------------------------- entry point */

static void ctx_free(nt_ctx *c)
{
    for (size_t i = 0; i < c->nb; i++)
        if (!c->b[i].f_shared)
            fa_folded_free(&c->b[i].f);
    free(c->b);
    free(c->u);
    free(c->nblk);
    free(c->nstart);
    fa_folded_free(&c->nf);
    pcre2_match_data_free(c->md);
    for (size_t i = 0; i < c->n_party; i++) {
        free(c->party_f[i]);
        free(c->party[i]);
    }
    fa_buf_free(&c->rcp_detail);
}

fa_status fa_notice_analyze(const fa_rules *rules, const fa_doc *doc, const fa_audit_opts *opts,
                            fa_result *res, fa_error *err)
{
    if (!doc || !res)
        return fa_error_set(err, FA_ERR_USAGE, "notice: no document or result");
    pthread_once(&re_once, init_matching);
    if (!re_mctx)
        return fa_error_set(err, FA_ERR_NOMEM, "notice: out of memory");
    fa_status st = FA_OK;
    nt_ctx c;
    memset(&c, 0, sizeof c);
    c.rules = rules;
    c.ld = rules ? fa_rules_langdata(rules) : NULL;
    c.doc = doc;
    c.res = res;
    c.lang = res->lang ? res->lang : "fr";
    c.md = pcre2_match_data_create(fa_langdata_groups(c.ld), NULL);
    if (!c.md)
        return fa_error_set(err, FA_ERR_NOMEM, "notice: out of memory");
    int values = 0;
    for (size_t i = 0; i < res->n_fields; i++) {
        c.collected |= res->fields[i].categories;
        values += !fa_str_blank(res->fields[i].value);
    }
    c.filled = values >= 2;

    if ((st = collect_blocks(&c)) != FA_OK)
        goto out;
    c.agreement = fa_kind_is_agreement(res->kind);
    if (c.agreement && (st = nt_parties(&c)) != FA_OK)
        goto out;
    if (c.agreement)
        nt_agreement_notice(&c);
    else
        detect_notice(&c);
    if ((st = build_notice_text(&c)) != FA_OK)
        goto out;
    if ((st = nt_context_guess(&c, opts)) != FA_OK)
        goto out;
    fa_catset sens = c.collected & FA_CAT_SENSITIVE & ~FA_CAT_BIT(FA_CAT_FREE_COMMENT);
    if (res->notice.present) {
        check_items(&c);
        read_declared(&c);
        res->notice.unlisted = sens & ~res->notice.declared;
        st = report_incomplete(&c);
    } else {
        res->notice.unlisted = sens;
        st = report_missing(&c);
    }
    if (st == FA_OK)
        st = report_unlisted(&c);
    if (st == FA_OK)
        st = nt_sharing(&c);
    if (st == FA_OK)
        st = nt_retention(&c);
    if (st == FA_OK)
        st = nt_consent(&c);
    if (st == FA_OK)
        st = nt_dpia(&c);
    if (st == FA_OK && c.agreement)
        st = nt_agreement(&c);
    if (st == FA_OK)
        st = nt_context_adjust(&c);
out:
    ctx_free(&c);
    if (st == FA_ERR_NOMEM)
        return fa_error_set(err, st, "notice: out of memory");
    if (st != FA_OK && err && !err->message[0])
        fa_error_set(err, st, "notice: analysis failed");
    return st;
}
