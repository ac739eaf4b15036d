/* notice_int.h — private to notice.c and notice_clauses.c: the working state of one
 * notice analysis, the compiled vocabulary, sentence and finding helpers.
 *
 * Every pattern is a PCRE2 regex written for FOLDED text (fold.h: lower case, no
 * accents, ’ -> '), compiled once per process (pthread_once) and shared read-only by
 * every thread; each analysis owns its match data. */
#ifndef FA_NOTICE_INT_H
#define FA_NOTICE_INT_H

#include "fold.h"
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
    signed char title;  /* NT_RE_TITLE matches: -1 not asked */
    unsigned char seen; /* scratch of the clause passes (nt_retention, find_forced) */
} nt_uniq;

/* Pattern tables (see notice.c for the patterns and why each is there). */
typedef enum nt_re {
    NT_RE_TITLE = 0, /* a notice heading */
    NT_RE_STRONG,    /* strong notice signal */
    NT_RE_WEAK,      /* weak notice signal */
    NT_RE_CONTROLLER,
    NT_RE_DPO,
    NT_RE_PURPOSES,
    NT_RE_LEGAL_BASIS,
    NT_RE_RECIPIENTS,
    NT_RE_RETENTION_WORD,
    NT_RE_DURATION, /* a period or a criterion */
    NT_RE_RIGHTS,
    NT_RE_COMPLAINT,
    NT_RE_DECLARE,   /* "les données traitées sont :" */
    NT_RE_ABOUT,     /* "données relatives à", "informations sur" */
    NT_RE_ABOUT_ADJ, /* "données médicales", "informations bancaires": group 1 */
    NT_RE_NEGATION,
    NT_RE_SHARE_VERB, /* transmission, consultation, liaison */
    NT_RE_EXCEPT,     /* "sauf", "à l'exception de": lifts a negation */
    NT_RE_OPEN_ENDED,
    NT_RE_VAGUE,  /* "le temps nécessaire" */
    NT_RE_PERIOD, /* number + unit, captured */
    NT_RE_SOCIAL_SUPPORT,
    NT_RE_CONSENT_WORDS, /* asked: j'accepte, accord de la personne, consentement */
    NT_RE_INFO_SENTENCE, /* informed: "les informations recueillies sont ..." */
    NT_RE_FORCED,        /* bundled / mandatory consent */
    NT_RE_SIGN_MANDATORY,
    NT_RE_PRETICK_TOPIC, /* what a consent box is about */
    NT_RE_DATA_WORD,
    NT_RE_VULNERABLE,
    NT_RE_EVALUATION,
    NT_RE_MATCHING,
    NT_RE_EXCLUSION,
    NT_RE_CNIL_LIST,
    NT_RE_LARGE_SCALE,
    NT_RE_ASSOCIATION,
    NT_RE_COUNT
} nt_re;

/* A vocabulary entry: pattern -> a value (category, recipient class, context). */
typedef struct nt_word {
    const char *pat;
    int value;
    const char *name_fr, *name_en; /* display name (recipients), or NULL */
} nt_word;

/* Recipient classes for sharing. */
enum { NT_RCP_NOT_BOUND = 0, NT_RCP_BOUND, NT_RCP_UNKNOWN, NT_RCP_PROCESSOR };

typedef struct nt_ctx {
    const fa_rules *rules;
    const fa_doc *doc;
    fa_result *res;
    bool en; /* messages in English */
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
    bool asked;          /* the form asks or records the person's agreement */
    bool informed;       /* an information sentence or a notice exists */
    int share_level;     /* 0 none, 1 high, 2 critical */
    bool share_found;
    void *md;                     /* pcre2_match_data * */
    signed char any[NT_RE_COUNT]; /* any_block's answers: 0 not asked yet, 1 no, 2 yes */
} nt_ctx;

/* ---- notice.c */

/* Compile the tables once; FA_OK or FA_ERR_INTERNAL naming the bad pattern. */
fa_status nt_compile(fa_error *err);
/* Find pattern ID in S[from..n) (folded text). Sets [*ms, *me) when given. */
bool nt_find(nt_ctx *c, nt_re id, const char *s, size_t n, size_t from, size_t *ms, size_t *me);
/* Same with a vocabulary table entry. TABLE is one of the nt_vocab_* tables. */
bool nt_find_word(nt_ctx *c, const nt_word *table, size_t i, const char *s, size_t n, size_t from,
                  size_t *ms, size_t *me);
/* Captured group G of the last successful match (folded offsets), false if unset. */
bool nt_group(nt_ctx *c, int g, size_t *gs, size_t *ge);

/* Vocabulary tables, NULL-terminated (pat == NULL). */
extern const nt_word nt_vocab_recipients[];
extern const nt_word nt_vocab_context[];

/* The sentence of folded text S (length N) around offset POS: [*a, *b). */
void nt_sentence(const char *s, size_t n, size_t pos, size_t *a, size_t *b);
/* Next sentence start after offset FROM (== n at the end). */
size_t nt_sentence_next(const char *s, size_t n, size_t from);

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

#endif
