/* notice_int.h — private to notice.c and notice_clauses.c: the working state of one
 * notice analysis, and its vocabulary, sentence and finding helpers.
 *
 * The vocabulary is the language data of the packs (langpack.h): patterns written for
 * FOLDED text (fold.h: lower case, no accents, ’ -> '), compiled with the packs and
 * shared read-only by every thread; each analysis owns its match data. Its texts
 * (messages, labels) are looked up by id in the report's language. */
#ifndef FA_NOTICE_INT_H
#define FA_NOTICE_INT_H

#include "fold.h"
#include "langpack.h"
#include "notice.h"

#include <stdbool.h>
#include <stddef.h>

/* One text block of the document (heading, paragraph, list item, incl. table cells). */
typedef struct nt_block {
    const fa_node *node;
    const char *text; /* borrowed from the node */
    fa_folded f;      /* folded text, without its map (nt_quote makes it) */
    bool f_shared;    /* f is an earlier block's (same text), not to be freed */
    bool has_box;     /* carries a control, a box glyph or a leader: a place to fill */
    bool is_field;    /* a detected field points at it */
    bool in_table;
    bool in_notice;
    int strong, weak; /* notice signals */
    bool info;        /* a CNIL-style information sentence ("les informations
                       * recueillies font l'objet d'un traitement destiné à...") */
    size_t u;         /* its entry in nt_ctx.u, shared by blocks of the same folded text */
} nt_block;

/* What depends on a block's folded text only, worked out once per distinct text: forms
 * repeat their lines (underscores, "Oui ☐ Non ☐", a section per person), and every pattern
 * used to run again on each copy. */
typedef struct nt_uniq {
    size_t first;       /* the first block with this text */
    signed char info;   /* an information sentence with a notice item: -1 not asked */
    signed char title;  /* FA_NRE_TITLE matches: -1 not asked */
    signed char engage; /* FA_NRE_ENGAGEMENT matches (a party binds itself): -1 not asked */
    unsigned char seen; /* scratch of the clause passes (nt_retention, find_forced) */
} nt_uniq;

#define NT_MAX_PARTIES 8

typedef struct nt_ctx {
    const fa_rules *rules;
    const fa_langdata *ld; /* the vocabulary; NULL: nothing matches */
    const fa_doc *doc;
    fa_result *res;
    const char *lang; /* language of the report's texts */
    nt_block *b;
    size_t nb;
    nt_uniq *u; /* distinct block texts, in order of first appearance */
    size_t nu;
    /* the notice: blocks in it, their start offsets in res->notice.text */
    size_t *nblk, *nstart;
    size_t nn;
    fa_folded nf;        /* folded res->notice.text */
    fa_catset collected; /* union of the fields' categories */
    bool filled;         /* the form carries values (a filled form) */
    bool assoc;          /* the issuer looks like an association */
    bool agreement;      /* prose about a processing (kind.h): clauses are not a notice */
    /* an agreement's parties as it defines them ("ci-après dénommé « le Partenaire »"):
     * folded, and as written */
    char *party_f[NT_MAX_PARTIES], *party[NT_MAX_PARTIES];
    size_t n_party;
    const char *ret_class; /* the retention read: none, open, vague, long, fixed; or NULL */
    fa_buf rcp_detail;     /* the recipients and their secrecy, for the clause */
    fa_loc ret_loc;
    bool asked;      /* the form asks or records the person's agreement */
    bool informed;   /* an information sentence or a notice exists */
    int share_level; /* 0 none, 1 high, 2 critical */
    bool share_found;
    pcre2_match_data *md;
    size_t last;                   /* the pattern nt_find ran last (for nt_group) */
    signed char any[FA_NRE_COUNT]; /* any_block's answers: 0 not asked yet, 1 no, 2 yes */
} nt_ctx;

/* ---- notice.c */

/* Find role ID (or pattern SLOT, FA_LX_*) in S[from..n) (folded text). Sets [*ms, *me)
 * when given. */
bool nt_find(nt_ctx *c, fa_nre id, const char *s, size_t n, size_t from, size_t *ms, size_t *me);
bool nt_find_slot(nt_ctx *c, size_t slot, const char *s, size_t n, size_t from, size_t *ms,
                  size_t *me);
/* Captured group G of the last successful match (folded offsets), false if unset. */
bool nt_group(nt_ctx *c, int g, size_t *gs, size_t *ge);

/* Text ID in the report's language (borrowed, "" when no pack gives it); the same
 * appended to OUT with its "{name}" placeholders filled from KV (name, value, ..., NULL). */
const char *nt_text(const nt_ctx *c, const char *id);
fa_status nt_format(const nt_ctx *c, fa_buf *out, const char *id, const char *const *kv);
/* Append the legal bases listed under ID to OUT[*n..] (room for CAP, NULL-terminated). */
fa_status nt_basis(const nt_ctx *c, const char *id, const char **out, size_t *n, size_t cap);

/* The sentence of folded text S (length N) around offset POS: [*a, *b). */
void nt_sentence(const nt_ctx *c, const char *s, size_t n, size_t pos, size_t *a, size_t *b);
/* Next sentence start after offset FROM (== n at the end). */
size_t nt_sentence_next(const nt_ctx *c, const char *s, size_t n, size_t from);

/* Exact original text of folded span [fs, fe) of F over ORIG, trimmed, malloc'd (NULL
 * when out of memory). F without a map is ORIG folded by fa_fold_nomap. */
char *nt_quote(const fa_folded *f, const char *orig, size_t fs, size_t fe);

/* Add a document-level finding. Strings are copied; QUOTE is masked (fa_ident_mask);
 * BASIS is NULL-terminated. NULL quote -> "". */
fa_status nt_add(nt_ctx *c, const char *rule, const char *kind, fa_severity sev, const char *quote,
                 const fa_loc *loc, const char *scope, const char *message,
                 const char *recommendation, const char *const *basis, const char *note);

/* ---- notice_clauses.c */

fa_status nt_context_guess(nt_ctx *c, const fa_audit_opts *opts);
fa_status nt_context_adjust(nt_ctx *c);
fa_status nt_sharing(nt_ctx *c);
fa_status nt_retention(nt_ctx *c);
fa_status nt_consent(nt_ctx *c);
fa_status nt_dpia(nt_ctx *c);

/* Whether block B is a clause by which a party binds itself ("s'engage à"). */
bool nt_engagement(nt_ctx *c, const nt_block *b);
/* Whether block B is a notice heading (FA_NRE_TITLE on a short block with no box). */
bool nt_is_title(nt_ctx *c, const nt_block *b);

/* ---- notice_agreement.c */

/* The parties an agreement defines (c->party); FA_ERR_NOMEM only. */
fa_status nt_parties(nt_ctx *c);

/* The notice of an agreement: a titled section (with its subsections) whose text, less
 * the parties' engagements, speaks to the persons. Marks the blocks in_notice. */
void nt_agreement_notice(nt_ctx *c);
/* An agreement's clauses: parties and roles, art. 28(3), transfers, security, breach,
 * audits, end of contract, health-data hosting, joint control, categories left
 * elsewhere; records res->clauses and the findings. */
fa_status nt_agreement(nt_ctx *c);

#endif
