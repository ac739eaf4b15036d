/* diff.c — what a new version of a form changes: its fields, its categories, its notice
 * and its findings, compared with the old version's (formaudit_report.h, diff.h).
 *
 * Fields are matched by what a person reads, never by ids or file structure, so the
 * same form saved as DOCX and as ODT, or as a PDF, has no field change:
 *  1. Each label is normalised (folded: case, accents, ligatures; punctuation and
 *     spacing dropped) and the two sequences of labels aligned as a text diff aligns
 *     lines (patience diff: labels met once on each side anchor the alignment, the gaps
 *     between anchors are aligned again, then in order);
 *  2. between two aligned fields, the fields left on each side are paired when their
 *     labels are similar enough (character bigrams, or the words of one contained in
 *     the other), or when a gap holds exactly one field on each side, of the same kind,
 *     collecting the same categories: a relabelled field;
 *  3. what is left was added or removed.
 * A matched pair differs when its label, its kind of entry (text, choice, signature),
 * its options or its categories differ.
 *
 * Findings are matched by rule and place: the same rule on the matched field (or on the
 * document) with the same quote, then with any quote (a relabelled field keeps its
 * finding). What is left appeared or disappeared. */
#include "diff.h"

#include "fold.h"

#include <stdlib.h>
#include <string.h>

/* Labels at least this similar (0..1) are the same field relabelled. */
#define DIFF_SIMILAR 0.6
/* Gaps with more candidate pairs than this are not searched for relabels (a form
 * rewritten from top to bottom): their fields are added and removed. */
#define DIFF_MAX_PAIRS_SEARCHED 250000
/* Deeper than this, the patience alignment finishes in order. */
#define DIFF_MAX_DEPTH 48

const char *fa_diff_kind_class(fa_field_kind k)
{
    switch (k) {
    case FA_FK_CHECKBOX:
    case FA_FK_CHOICE:
        return "choice";
    case FA_FK_SIGNATURE:
        return "signature";
    default:
        return "text";
    }
}

/* ---------------------------------------------------------------- normalising */

/* Folded, every run of characters other than letters and digits made one space,
 * trimmed: "Téléphone :" and "TELEPHONE" are "telephone". malloc'd; NULL on OOM. */
static char *norm(const char *s)
{
    char *f = fa_fold_simple(s ? s : "");
    if (!f)
        return NULL;
    size_t o = 0;
    bool space = false;
    for (const unsigned char *p = (const unsigned char *)f; *p; p++) {
        bool word = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p >= 0x80;
        if (!word) {
            space = o > 0;
            continue;
        }
        if (space)
            f[o++] = ' ';
        space = false;
        f[o++] = (char)*p;
    }
    f[o] = '\0';
    return f;
}

static bool stop_word(const char *w, size_t n)
{
    static const char *const stop[] = {
        "a",   "au",  "aux", "d",    "de",  "des",   "du",  "en",   "et",  "l",  "la",  "le",
        "les", "ou",  "un",  "une",  "par", "pour",  "sur", "dans", "son", "sa", "ses", "the",
        "of",  "and", "or",  "your", "vos", "votre", "to",  "for",  "in",  "an", NULL};
    for (size_t i = 0; stop[i]; i++)
        if (strlen(stop[i]) == n && !memcmp(stop[i], w, n))
            return true;
    return false;
}

/* The content words of a normalised key, as (offset, length) pairs; how many. */
static size_t words(const char *k, size_t (*w)[2], size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; k[i] && n < cap;) {
        size_t len = strcspn(k + i, " ");
        if (!stop_word(k + i, len)) {
            w[n][0] = i;
            w[n][1] = len;
            n++;
        }
        i += len;
        while (k[i] == ' ')
            i++;
    }
    return n;
}

static int cmp_u16(const void *x, const void *y)
{
    unsigned a = *(const unsigned short *)x, b = *(const unsigned short *)y;
    return (a > b) - (a < b);
}

/* Sørensen-Dice coefficient of the byte bigrams of A and B without their spaces. */
static double dice(const char *a, const char *b)
{
    enum { CAP = 256 };
    unsigned short ga[CAP], gb[CAP];
    size_t na = 0, nb = 0;
    for (int side = 0; side < 2; side++) {
        const char *s = side ? b : a;
        unsigned short *g = side ? gb : ga;
        size_t *n = side ? &nb : &na;
        int prev = -1;
        for (const unsigned char *p = (const unsigned char *)s; *p && *n < CAP; p++) {
            if (*p == ' ')
                continue;
            if (prev >= 0)
                g[(*n)++] = (unsigned short)(prev << 8 | *p);
            prev = *p;
        }
        qsort(g, *n, sizeof *g, cmp_u16);
    }
    if (!na || !nb)
        return 0;
    size_t i = 0, j = 0, common = 0;
    while (i < na && j < nb) {
        if (ga[i] == gb[j]) {
            common++;
            i++;
            j++;
        } else if (ga[i] < gb[j]) {
            i++;
        } else {
            j++;
        }
    }
    return 2.0 * (double)common / (double)(na + nb);
}

/* How alike two normalised labels are, 0..1: their bigrams, or the share of the
 * shorter one's content words found in the other (weighted 0.8: "Nom" is in "Nom de
 * naissance" but "Nom du conjoint" too). */
double fa_diff_similarity(const char *a, const char *b)
{
    if (!strcmp(a, b))
        return 1.0;
    double d = dice(a, b);
    size_t wa[32][2], wb[32][2];
    size_t na = words(a, wa, 32), nb = words(b, wb, 32);
    size_t common = 0;
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++)
            if (wa[i][1] == wb[j][1] && !memcmp(a + wa[i][0], b + wb[j][0], wa[i][1])) {
                common++;
                break;
            }
    size_t least = na < nb ? na : nb;
    double contained = least ? 0.8 * (double)common / (double)least : 0;
    return d > contained ? d : contained;
}

/* ---------------------------------------------------------------- alignment */

typedef struct aligner {
    const int *ida, *idb; /* label ids of the old and new fields */
    int *a_to_b, *b_to_a;
    int *cnt_a, *cnt_b, *pos_a, *pos_b; /* per id, zero/-1 between uses */
    int *next;                          /* per new field */
    int *first;                         /* per id */
    int *tails, *tail_at, *prev;        /* patience sorting, per old field */
} aligner;

static void link(aligner *al, int i, int j)
{
    al->a_to_b[i] = j;
    al->b_to_a[j] = i;
}

/* Match [a0, a1) and [b0, b1) in order: each old field to the first unmatched new field
 * with its label after the last match. */
static void in_order(aligner *al, int a0, int a1, int b0, int b1)
{
    for (int j = b1 - 1; j >= b0; j--) {
        al->next[j] = al->first[al->idb[j]];
        al->first[al->idb[j]] = j;
    }
    int cur = b0;
    for (int i = a0; i < a1; i++) {
        int id = al->ida[i];
        int j = al->first[id];
        while (j >= 0 && j < cur)
            j = al->next[j];
        if (j >= 0) {
            link(al, i, j);
            cur = j + 1;
            al->first[id] = al->next[j];
        } else {
            al->first[id] = -1;
        }
    }
    for (int j = b0; j < b1; j++)
        al->first[al->idb[j]] = -1;
}

/* The old fields of [a0, a1) whose label is met once in each range, linked to their
 * new field by the longest increasing run of new positions (patience sorting); how
 * many anchors, their old indices in ANCH[] in order. */
static int anchors(aligner *al, int a0, int a1, int b0, int b1, int *anch)
{
    for (int i = a0; i < a1; i++) {
        al->cnt_a[al->ida[i]]++;
        al->pos_a[al->ida[i]] = i;
    }
    for (int j = b0; j < b1; j++) {
        al->cnt_b[al->idb[j]]++;
        al->pos_b[al->idb[j]] = j;
    }
    int piles = 0;
    for (int i = a0; i < a1; i++) {
        int id = al->ida[i];
        if (al->cnt_a[id] != 1 || al->cnt_b[id] != 1)
            continue;
        int j = al->pos_b[id];
        int lo = 0, hi = piles; /* first pile whose top is >= j */
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            if (al->pos_b[al->ida[al->tails[mid]]] < j)
                lo = mid + 1;
            else
                hi = mid;
        }
        al->prev[i] = lo ? al->tails[lo - 1] : -1;
        al->tails[lo] = i;
        if (lo == piles)
            piles++;
    }
    int n = 0;
    for (int i = piles ? al->tails[piles - 1] : -1; i >= 0; i = al->prev[i])
        anch[n++] = i;
    for (int k = 0; k < n / 2; k++) {
        int t = anch[k];
        anch[k] = anch[n - 1 - k];
        anch[n - 1 - k] = t;
    }
    for (int i = a0; i < a1; i++)
        al->cnt_a[al->ida[i]] = 0;
    for (int j = b0; j < b1; j++)
        al->cnt_b[al->idb[j]] = 0;
    return n;
}

static fa_status align(aligner *al, int a0, int a1, int b0, int b1, int depth)
{
    while (a0 < a1 && b0 < b1 && al->ida[a0] == al->idb[b0])
        link(al, a0++, b0++);
    while (a1 > a0 && b1 > b0 && al->ida[a1 - 1] == al->idb[b1 - 1])
        link(al, --a1, --b1);
    if (a0 == a1 || b0 == b1)
        return FA_OK;
    int *anch = depth < DIFF_MAX_DEPTH ? malloc((size_t)(a1 - a0) * sizeof *anch) : NULL;
    int n = anch ? anchors(al, a0, a1, b0, b1, anch) : 0;
    if (depth < DIFF_MAX_DEPTH && !anch)
        return FA_ERR_NOMEM;
    if (!n) {
        free(anch);
        in_order(al, a0, a1, b0, b1);
        return FA_OK;
    }
    fa_status st = FA_OK;
    int pa = a0, pb = b0;
    for (int k = 0; k <= n && !st; k++) {
        int ea = k < n ? anch[k] : a1;
        int eb = k < n ? al->pos_b[al->ida[anch[k]]] : b1;
        st = align(al, pa, ea, pb, eb, depth + 1);
        if (k < n)
            link(al, ea, eb);
        pa = ea + 1;
        pb = eb + 1;
    }
    free(anch);
    return st;
}

/* ---------------------------------------------------------------- relabelled fields */

typedef struct cand {
    int i, j;
    double score;
    int dist;
} cand;

static int cmp_cand(const void *x, const void *y)
{
    const cand *a = x, *b = y;
    if (a->score != b->score)
        return a->score < b->score ? 1 : -1;
    if (a->dist != b->dist)
        return a->dist - b->dist;
    return a->i != b->i ? a->i - b->i : a->j - b->j;
}

typedef struct dctx {
    fa_diff *d;
    char **ka, **kb; /* normalised labels */
    int *a_to_b, *b_to_a;
    double *sim; /* per old field: similarity of its pair */
} dctx;

/* Pair the unmatched fields of one gap: similar labels first; then a lone field on each
 * side of the same kind and categories. */
static fa_status relabel_gap(dctx *c, int a0, int a1, int b0, int b1)
{
    const fa_result *A = c->d->a, *B = c->d->b;
    int ua = 0, ub = 0;
    for (int i = a0; i < a1; i++)
        ua += c->a_to_b[i] < 0;
    for (int j = b0; j < b1; j++)
        ub += c->b_to_a[j] < 0;
    if (!ua || !ub || (size_t)ua * (size_t)ub > DIFF_MAX_PAIRS_SEARCHED)
        return FA_OK;
    cand *v = malloc((size_t)ua * (size_t)ub * sizeof *v);
    if (!v)
        return FA_ERR_NOMEM;
    size_t n = 0;
    int ra = 0;
    for (int i = a0; i < a1; i++) {
        if (c->a_to_b[i] >= 0)
            continue;
        int rb = 0;
        for (int j = b0; j < b1; j++) {
            if (c->b_to_a[j] >= 0)
                continue;
            double s = fa_diff_similarity(c->ka[i], c->kb[j]);
            if (s >= DIFF_SIMILAR)
                v[n++] = (cand){i, j, s, abs(ra - rb)};
            rb++;
        }
        ra++;
    }
    qsort(v, n, sizeof *v, cmp_cand);
    for (size_t k = 0; k < n; k++) {
        if (c->a_to_b[v[k].i] >= 0 || c->b_to_a[v[k].j] >= 0)
            continue;
        c->a_to_b[v[k].i] = v[k].j;
        c->b_to_a[v[k].j] = v[k].i;
        c->sim[v[k].i] = v[k].score;
        ua--;
        ub--;
    }
    free(v);
    if (ua == 1 && ub == 1) {
        int i = a0, j = b0;
        while (c->a_to_b[i] >= 0)
            i++;
        while (c->b_to_a[j] >= 0)
            j++;
        const fa_field *fa = &A->fields[i], *fb = &B->fields[j];
        if (fa->categories == fb->categories &&
            !strcmp(fa_diff_kind_class(fa->kind), fa_diff_kind_class(fb->kind))) {
            c->a_to_b[i] = j;
            c->b_to_a[j] = i;
            c->sim[i] = fa_diff_similarity(c->ka[i], c->kb[j]);
        }
    }
    return FA_OK;
}

/* Every gap between two aligned fields. */
static fa_status relabels(dctx *c)
{
    const fa_result *A = c->d->a, *B = c->d->b;
    int pa = 0, pb = 0;
    fa_status st = FA_OK;
    for (int i = 0; i <= (int)A->n_fields && !st; i++) {
        if (i < (int)A->n_fields && c->a_to_b[i] < 0)
            continue;
        int eb = i < (int)A->n_fields ? c->a_to_b[i] : (int)B->n_fields;
        st = relabel_gap(c, pa, i, pb, eb);
        pa = i + 1;
        pb = eb + 1;
    }
    return st;
}

/* ---------------------------------------------------------------- field pairs */

/* Options of F as normalised keys and their texts. */
static fa_status option_delta(const fa_field *fa, const fa_field *fb, fa_diff_pair *p)
{
    fa_status st = FA_OK;
    for (int side = 0; side < 2 && !st; side++) {
        const fa_field *x = side ? fb : fa, *y = side ? fa : fb;
        for (size_t i = 0; i < x->options.n && !st; i++) {
            char *k = norm(x->options.v[i]);
            bool found = false;
            for (size_t j = 0; k && j < y->options.n && !found; j++) {
                char *l = norm(y->options.v[j]);
                found = l && !strcmp(k, l);
                if (!l)
                    st = FA_ERR_NOMEM;
                free(l);
            }
            if (!k)
                st = FA_ERR_NOMEM;
            else if (!found && !st)
                st =
                    fa_strvec_push(side ? &p->options_added : &p->options_removed, x->options.v[i]);
            free(k);
        }
    }
    return st;
}

static fa_status make_pairs(dctx *c)
{
    fa_diff *d = c->d;
    const fa_result *A = d->a, *B = d->b;
    size_t n = 0;
    for (size_t i = 0; i < A->n_fields; i++)
        n += c->a_to_b[i] >= 0;
    d->pairs = calloc(n ? n : 1, sizeof *d->pairs);
    d->removed = calloc(A->n_fields ? A->n_fields : 1, sizeof *d->removed);
    d->added = calloc(B->n_fields ? B->n_fields : 1, sizeof *d->added);
    if (!d->pairs || !d->removed || !d->added)
        return FA_ERR_NOMEM;
    fa_status st = FA_OK;
    for (size_t i = 0; i < A->n_fields && !st; i++) {
        int j = c->a_to_b[i];
        if (j < 0) {
            d->removed[d->n_removed++] = (int)i;
            continue;
        }
        fa_diff_pair *p = &d->pairs[d->n_pairs++];
        const fa_field *fa = &A->fields[i], *fb = &B->fields[j];
        p->a = (int)i;
        p->b = j;
        p->similarity = c->sim[i];
        if (strcmp(c->ka[i], c->kb[j]))
            p->changes |= FA_DC_LABEL;
        if (strcmp(fa_diff_kind_class(fa->kind), fa_diff_kind_class(fb->kind)))
            p->changes |= FA_DC_KIND;
        st = option_delta(fa, fb, p);
        if (p->options_added.n || p->options_removed.n)
            p->changes |= FA_DC_OPTIONS;
        p->categories_added = fb->categories & ~fa->categories;
        p->categories_removed = fa->categories & ~fb->categories;
        if (p->categories_added || p->categories_removed)
            p->changes |= FA_DC_CATEGORIES;
        d->n_changed += p->changes != 0;
    }
    for (size_t j = 0; j < B->n_fields; j++)
        if (c->b_to_a[j] < 0)
            d->added[d->n_added++] = (int)j;
    for (size_t i = 0; i < A->n_fields; i++)
        d->categories_a |= A->fields[i].categories;
    for (size_t j = 0; j < B->n_fields; j++)
        d->categories_b |= B->fields[j].categories;
    return st;
}

/* Label ids: equal normalised labels share an id. */
static fa_status label_ids(dctx *c, int *ida, int *idb, int *nid)
{
    const fa_result *A = c->d->a, *B = c->d->b;
    size_t n = A->n_fields + B->n_fields;
    char **all = malloc((n ? n : 1) * sizeof *all);
    if (!all)
        return FA_ERR_NOMEM;
    for (size_t i = 0; i < A->n_fields; i++)
        all[i] = c->ka[i];
    for (size_t j = 0; j < B->n_fields; j++)
        all[A->n_fields + j] = c->kb[j];
    /* ids by first occurrence: a simple chained hash of the keys */
    size_t cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    int *head = malloc(cap * sizeof *head), *chain = malloc((n ? n : 1) * sizeof *chain);
    int *id = malloc((n ? n : 1) * sizeof *id);
    if (!head || !chain || !id) {
        free(all);
        free(head);
        free(chain);
        free(id);
        return FA_ERR_NOMEM;
    }
    for (size_t h = 0; h < cap; h++)
        head[h] = -1;
    int next = 0;
    for (size_t k = 0; k < n; k++) {
        size_t h = 1469598103934665603ULL;
        for (const unsigned char *p = (const unsigned char *)all[k]; *p; p++)
            h = (h ^ *p) * 1099511628211ULL;
        h &= cap - 1;
        int m = head[h];
        while (m >= 0 && strcmp(all[m], all[k]))
            m = chain[m];
        if (m >= 0) {
            id[k] = id[m];
            chain[k] = -2; /* not in the chain: its twin is */
        } else {
            id[k] = next++;
            chain[k] = head[h];
            head[h] = (int)k;
        }
    }
    for (size_t i = 0; i < A->n_fields; i++)
        ida[i] = id[i];
    for (size_t j = 0; j < B->n_fields; j++)
        idb[j] = id[A->n_fields + j];
    *nid = next;
    free(all);
    free(head);
    free(chain);
    free(id);
    return FA_OK;
}

static fa_status match_fields(dctx *c)
{
    const fa_result *A = c->d->a, *B = c->d->b;
    size_t na = A->n_fields, nb = B->n_fields;
    size_t nn = na + nb + 1;
    int *ida = malloc((na + 1) * sizeof(int)), *idb = malloc((nb + 1) * sizeof(int));
    aligner al = {0};
    int nid = 0;
    fa_status st = ida && idb ? label_ids(c, ida, idb, &nid) : FA_ERR_NOMEM;
    if (!st) {
        al.ida = ida;
        al.idb = idb;
        al.a_to_b = c->a_to_b;
        al.b_to_a = c->b_to_a;
        al.cnt_a = calloc(nn, sizeof(int));
        al.cnt_b = calloc(nn, sizeof(int));
        al.pos_a = calloc(nn, sizeof(int));
        al.pos_b = calloc(nn, sizeof(int));
        al.next = calloc(nn, sizeof(int));
        al.first = malloc(nn * sizeof(int));
        al.tails = calloc(nn, sizeof(int));
        al.prev = calloc(nn, sizeof(int));
        if (!al.cnt_a || !al.cnt_b || !al.pos_a || !al.pos_b || !al.next || !al.first ||
            !al.tails || !al.prev)
            st = FA_ERR_NOMEM;
    }
    for (size_t k = 0; !st && k < nn; k++)
        al.first[k] = -1;
    if (!st)
        st = align(&al, 0, (int)na, 0, (int)nb, 0);
    for (size_t i = 0; !st && i < na; i++)
        c->sim[i] = 1.0;
    if (!st)
        st = relabels(c);
    free(al.cnt_a);
    free(al.cnt_b);
    free(al.pos_a);
    free(al.pos_b);
    free(al.next);
    free(al.first);
    free(al.tails);
    free(al.prev);
    free(ida);
    free(idb);
    return st;
}

/* ---------------------------------------------------------------- notice */

static int clause_kind(const char *category)
{
    static const char *const kinds[FA_DIFF_NCLAUSES] = {"sharing", "retention", "consent"};
    for (int k = 0; category && k < FA_DIFF_NCLAUSES; k++) {
        size_t n = strlen(kinds[k]);
        if (!strncmp(category, kinds[k], n) && (!category[n] || category[n] == '.'))
            return k;
    }
    return -1;
}

/* Texts of X missing from Y (compared normalised), pushed to OUT. */
static fa_status strs_missing(const char *const *x, size_t nx, const char *const *y, size_t ny,
                              fa_strvec *out)
{
    fa_status st = FA_OK;
    for (size_t i = 0; i < nx && !st; i++) {
        char *k = norm(x[i]);
        bool found = false, dup = false;
        for (size_t j = 0; k && j < ny && !found; j++) {
            char *l = norm(y[j]);
            found = l && !strcmp(k, l);
            free(l);
        }
        for (size_t j = 0; k && j < out->n && !dup; j++) {
            char *l = norm(out->v[j]);
            dup = l && !strcmp(k, l);
            free(l);
        }
        if (!k)
            st = FA_ERR_NOMEM;
        else if (!found && !dup)
            st = fa_strvec_push(out, x[i]);
        free(k);
    }
    return st;
}

/* The quotes of the findings of clause kind K in R. */
static fa_status clause_quotes(const fa_result *r, int k, fa_strvec *out)
{
    fa_status st = FA_OK;
    for (size_t i = 0; i < r->n_findings && !st; i++) {
        const fa_finding *f = &r->findings[i];
        if (clause_kind(f->category) == k && f->quote && *f->quote)
            st = fa_strvec_push(out, f->quote);
    }
    return st;
}

static fa_status compare_notice(fa_diff *d)
{
    const fa_notice *na = &d->a->notice, *nb = &d->b->notice;
    d->items_a = na->present ? na->items : 0;
    d->items_b = nb->present ? nb->items : 0;
    char *ra = norm(na->retention ? na->retention : "");
    char *rb = norm(nb->retention ? nb->retention : "");
    fa_status st = ra && rb ? FA_OK : FA_ERR_NOMEM;
    d->retention_changed = !st && strcmp(ra, rb) != 0;
    free(ra);
    free(rb);
    if (!st)
        st = strs_missing((const char *const *)nb->recipients.v, nb->recipients.n,
                          (const char *const *)na->recipients.v, na->recipients.n,
                          &d->recipients.added);
    if (!st)
        st = strs_missing((const char *const *)na->recipients.v, na->recipients.n,
                          (const char *const *)nb->recipients.v, nb->recipients.n,
                          &d->recipients.removed);
    for (int k = 0; k < FA_DIFF_NCLAUSES && !st; k++) {
        fa_strvec qa = {0}, qb = {0};
        st = clause_quotes(d->a, k, &qa);
        if (!st)
            st = clause_quotes(d->b, k, &qb);
        if (!st)
            st = strs_missing((const char *const *)qb.v, qb.n, (const char *const *)qa.v, qa.n,
                              &d->clauses[k].added);
        if (!st)
            st = strs_missing((const char *const *)qa.v, qa.n, (const char *const *)qb.v, qb.n,
                              &d->clauses[k].removed);
        fa_strvec_free(&qa);
        fa_strvec_free(&qb);
    }
    return st;
}

/* ---------------------------------------------------------------- findings */

typedef struct fkey {
    char *k;     /* rule \x1f slot \x1f quote */
    size_t full; /* its length */
    size_t plen; /* length of the "rule \x1f slot \x1f" prefix */
    size_t len;  /* what the current pass compares: full or plen */
    int idx;
    int side; /* 0 old, 1 new */
} fkey;

static int cmp_fkey(const void *x, const void *y)
{
    const fkey *a = x, *b = y;
    size_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->k, b->k, n);
    if (c)
        return c;
    if (a->len != b->len)
        return a->len < b->len ? -1 : 1;
    if (a->side != b->side)
        return a->side - b->side;
    return a->idx - b->idx;
}

/* Where a finding sits, in the old result's terms: the old field it is on (a new
 * field's match), -1 for the document, a value no other side has otherwise. */
static long slot_of(const dctx *c, int side, const fa_finding *f)
{
    if (f->field < 0)
        return -1;
    if (!side)
        return f->field;
    int a = (size_t)f->field < c->d->b->n_fields ? c->b_to_a[f->field] : -1;
    return a >= 0 ? a : -2 - (long)f->field;
}

static fa_status finding_keys(const dctx *c, fkey *v, size_t *n)
{
    *n = 0;
    for (int side = 0; side < 2; side++) {
        const fa_result *r = side ? c->d->b : c->d->a;
        for (size_t i = 0; i < r->n_findings; i++) {
            const fa_finding *f = &r->findings[i];
            char *q = norm(f->quote);
            fa_buf b = {0};
            fa_status st =
                q ? fa_buf_printf(&b, "%s\x1f%ld\x1f", f->rule ? f->rule : "", slot_of(c, side, f))
                  : FA_ERR_NOMEM;
            size_t plen = b.len;
            if (!st)
                st = fa_buf_puts(&b, q);
            free(q);
            if (st) {
                fa_buf_free(&b);
                return st;
            }
            size_t full = b.len;
            v[*n] = (fkey){fa_buf_steal(&b), full, plen, full, (int)i, side};
            if (!v[*n].k)
                return FA_ERR_NOMEM;
            (*n)++;
        }
    }
    return FA_OK;
}

/* Pair old and new findings with equal keys (whole key, then the prefix only), each
 * group's old ones with its new ones in order. */
static void pair_findings(fkey *v, size_t n, unsigned char *used_a, unsigned char *used_b,
                          bool prefix)
{
    for (size_t k = 0; k < n; k++)
        v[k].len = prefix ? v[k].plen : v[k].full;
    qsort(v, n, sizeof *v, cmp_fkey);
    for (size_t s = 0; s < n;) {
        size_t e = s + 1;
        while (e < n && v[e].len == v[s].len && !memcmp(v[s].k, v[e].k, v[s].len))
            e++;
        size_t i = s, j = s;
        while (j < e && v[j].side == 0)
            j++;
        while (i < e && v[i].side == 0 && j < e) {
            if (used_a[v[i].idx]) {
                i++;
            } else if (used_b[v[j].idx]) {
                j++;
            } else {
                used_a[v[i++].idx] = 1;
                used_b[v[j++].idx] = 1;
            }
        }
        s = e;
    }
}

static fa_status match_findings(dctx *c)
{
    fa_diff *d = c->d;
    size_t na = d->a->n_findings, nb = d->b->n_findings, n = 0;
    fkey *v = calloc(na + nb + 1, sizeof *v);
    unsigned char *ua = calloc(na + 1, 1), *ub = calloc(nb + 1, 1);
    d->findings_new = calloc(nb + 1, sizeof *d->findings_new);
    d->findings_gone = calloc(na + 1, sizeof *d->findings_gone);
    fa_status st = v && ua && ub && d->findings_new && d->findings_gone ? FA_OK : FA_ERR_NOMEM;
    if (!st)
        st = finding_keys(c, v, &n);
    if (!st) {
        pair_findings(v, n, ua, ub, false);
        pair_findings(v, n, ua, ub, true);
        d->worst_new = -1;
        for (size_t j = 0; j < nb; j++)
            if (!ub[j]) {
                d->findings_new[d->n_new++] = (int)j;
                if ((int)d->b->findings[j].severity > d->worst_new)
                    d->worst_new = (int)d->b->findings[j].severity;
            }
        for (size_t i = 0; i < na; i++)
            if (!ua[i])
                d->findings_gone[d->n_gone++] = (int)i;
    }
    for (size_t k = 0; v && k < n; k++)
        free(v[k].k);
    free(v);
    free(ua);
    free(ub);
    return st;
}

/* ---------------------------------------------------------------- public */

fa_status fa_diff_new(const fa_result *old_res, const fa_result *new_res, fa_diff **out)
{
    if (!out)
        return FA_ERR_USAGE;
    *out = NULL;
    if (!old_res || !new_res || old_res->status != FA_OK || new_res->status != FA_OK)
        return FA_ERR_USAGE;
    fa_diff *d = calloc(1, sizeof *d);
    dctx c = {0};
    size_t na = old_res->n_fields, nb = new_res->n_fields;
    if (d) {
        d->a = old_res;
        d->b = new_res;
        d->worst_new = -1;
        c.d = d;
        c.ka = calloc(na + 1, sizeof *c.ka);
        c.kb = calloc(nb + 1, sizeof *c.kb);
        c.a_to_b = malloc((na + 1) * sizeof(int));
        c.b_to_a = malloc((nb + 1) * sizeof(int));
        c.sim = calloc(na + 1, sizeof(double));
    }
    fa_status st = d && c.ka && c.kb && c.a_to_b && c.b_to_a && c.sim ? FA_OK : FA_ERR_NOMEM;
    for (size_t i = 0; !st && i < na; i++) {
        c.a_to_b[i] = -1;
        c.ka[i] = norm(old_res->fields[i].label);
        st = c.ka[i] ? FA_OK : FA_ERR_NOMEM;
    }
    for (size_t j = 0; !st && j < nb; j++) {
        c.b_to_a[j] = -1;
        c.kb[j] = norm(new_res->fields[j].label);
        st = c.kb[j] ? FA_OK : FA_ERR_NOMEM;
    }
    if (!st)
        st = match_fields(&c);
    if (!st)
        st = make_pairs(&c);
    if (!st)
        st = compare_notice(d);
    if (!st)
        st = match_findings(&c);
    if (!st)
        d->rules_differ = strcmp(old_res->rules_version ? old_res->rules_version : "",
                                 new_res->rules_version ? new_res->rules_version : "") != 0;
    for (size_t i = 0; c.ka && i < na; i++)
        free(c.ka[i]);
    for (size_t j = 0; c.kb && j < nb; j++)
        free(c.kb[j]);
    free(c.ka);
    free(c.kb);
    free(c.a_to_b);
    free(c.b_to_a);
    free(c.sim);
    if (st) {
        fa_diff_free(d);
        return st;
    }
    *out = d;
    return FA_OK;
}

void fa_diff_free(fa_diff *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n_pairs; i++) {
        fa_strvec_free(&d->pairs[i].options_added);
        fa_strvec_free(&d->pairs[i].options_removed);
    }
    free(d->pairs);
    free(d->added);
    free(d->removed);
    fa_strvec_free(&d->recipients.added);
    fa_strvec_free(&d->recipients.removed);
    for (int k = 0; k < FA_DIFF_NCLAUSES; k++) {
        fa_strvec_free(&d->clauses[k].added);
        fa_strvec_free(&d->clauses[k].removed);
    }
    free(d->findings_new);
    free(d->findings_gone);
    free(d);
}

int fa_diff_worst_new(const fa_diff *d)
{
    return d ? d->worst_new : -1;
}

bool fa_diff_empty(const fa_diff *d)
{
    if (!d)
        return true;
    bool clauses = false;
    for (int k = 0; k < FA_DIFF_NCLAUSES; k++)
        clauses |= d->clauses[k].added.n || d->clauses[k].removed.n;
    return !d->n_added && !d->n_removed && !d->n_changed && d->categories_a == d->categories_b &&
           d->items_a == d->items_b && d->a->notice.present == d->b->notice.present &&
           !d->retention_changed && !d->recipients.added.n && !d->recipients.removed.n &&
           !clauses && !d->n_new && !d->n_gone;
}
