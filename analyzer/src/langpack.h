/* langpack.h — what the rule engine knows of a language besides its rules, read from the
 * top-level keys of the packs (rules/SCHEMA.md, "Language data"):
 *
 * - stop-words: the most frequent function words of the pack's language, which tell in
 *   which language a document or a label is written, so that a rule written for English
 *   never fires on French text ("la parole" is speech, not a release on parole);
 * - negation cues: text that forbids what it names ("sans appréciation personnelle",
 *   "ne pas indiquer de diagnostic"); a rule's match that a cue covers is cancelled;
 * - not-data shapes: a warning, a penalty or a legal mention ("la loi punit quiconque…
 *   article 441-1 du code pénal") that field detection took for a label: such a text is
 *   read by the notice analysis, never classified as data collected.
 *
 * Built while packs load, immutable afterwards, shared by threads (each call brings its
 * own match data). All text is folded (fold.h). */
#ifndef FA_LANGPACK_H
#define FA_LANGPACK_H

#include "match.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct fa_langdata fa_langdata;

/* Languages with stop-words, at most this many (a language is one more pack). */
#define FA_LANG_MAX 8

fa_langdata *fa_langdata_new(void); /* NULL on OOM */
void fa_langdata_free(fa_langdata *ld);

/* Read the language keys ("stopwords", "negations", "not_data") of pack ROOT (a
 * json_t * object) written in LANG (may be NULL when the pack names none; stop-words
 * then are an error). On an error returns FA_ERR_RULES and writes what and where
 * (`"negations"[2]: at offset 4: …`) into MSG; FA_ERR_NOMEM when out of memory. Strings
 * are copied. */
fa_status fa_langdata_add(fa_langdata *ld, const char *lang, void *root, char *msg, size_t msglen);

/* Index of LANG among the languages that have stop-words, or -1. */
int fa_langdata_index(const fa_langdata *ld, const char *lang);
/* Number of languages with stop-words. */
int fa_langdata_count(const fa_langdata *ld);

/* Add to COUNTS[0 .. fa_langdata_count) the stop-words of each language found in folded
 * text S[0..n); a word that two languages share counts for neither. */
void fa_langdata_count_words(const fa_langdata *ld, const char *s, size_t n, unsigned *counts);
/* The language COUNTS point to: the one with the most stop-words, provided it has at
 * least MIN of them and more than any other; else -1. */
int fa_langdata_pick(const fa_langdata *ld, const unsigned *counts, unsigned min);

/* Whether a negation cue of any pack covers part of the span [a, b) of folded S[0..n):
 * the cue matches within S and its match overlaps the span. */
bool fa_langdata_negated(const fa_langdata *ld, const char *s, size_t n, size_t a, size_t b,
                         pcre2_match_data *md, pcre2_match_context *mctx, size_t jit_after);
/* Whether folded S[0..n) has the shape of a warning or legal mention (not data). */
bool fa_langdata_not_data(const fa_langdata *ld, const char *s, size_t n, pcre2_match_data *md,
                          pcre2_match_context *mctx, size_t jit_after);

/* ---------------------------------------------------------------- lexicon
 *
 * What the notice analysis and field detection read in a document, as the packs give it
 * (rules/SCHEMA.md, "Lexicon"): named patterns ("notice": the roles below), what a
 * notice may declare per category, who issues a form per context, who may receive the
 * data, field words, and the report texts by id in each report language. A language is
 * one more pack: each pack adds its own part to a pattern, and the parts are joined. */

/* Roles of the notice vocabulary, in the order of their JSON names (langpack.c). */
typedef enum fa_nre {
    FA_NRE_TITLE = 0, /* a notice heading */
    FA_NRE_STRONG,    /* strong notice signal */
    FA_NRE_WEAK,      /* weak notice signal */
    FA_NRE_CONTROLLER,
    FA_NRE_DPO,
    FA_NRE_PURPOSES,
    FA_NRE_LEGAL_BASIS,
    FA_NRE_RECIPIENTS,
    FA_NRE_RETENTION_WORD,
    FA_NRE_DURATION, /* a period or a criterion */
    FA_NRE_RIGHTS,
    FA_NRE_COMPLAINT,
    FA_NRE_DECLARE,   /* "les données traitées sont :" */
    FA_NRE_ABOUT,     /* "données relatives à", "informations sur" */
    FA_NRE_ABOUT_ADJ, /* "données médicales": group 1 names the category */
    FA_NRE_NEGATION,
    FA_NRE_SHARE_VERB, /* transmission, consultation, liaison */
    FA_NRE_EXCEPT,     /* "sauf", "à l'exception de": lifts a negation */
    FA_NRE_OPEN_ENDED,
    FA_NRE_VAGUE,  /* "le temps nécessaire" */
    FA_NRE_PERIOD, /* number (group 1) + unit (group 2) */
    FA_NRE_SOCIAL_SUPPORT,
    FA_NRE_CONSENT_WORDS, /* asked: j'accepte, accord de la personne, consentement */
    FA_NRE_INFO_SENTENCE, /* informed: "les informations recueillies sont ..." */
    FA_NRE_FORCED,        /* bundled / mandatory consent */
    FA_NRE_SIGN_MANDATORY,
    FA_NRE_PRETICK_TOPIC, /* what a consent box is about */
    FA_NRE_DATA_WORD,
    FA_NRE_VULNERABLE,
    FA_NRE_EVALUATION,
    FA_NRE_MATCHING,
    FA_NRE_EXCLUSION,
    FA_NRE_CNIL_LIST,
    FA_NRE_LARGE_SCALE,
    FA_NRE_ASSOCIATION,
    /* agreements (conventions, terms, processing agreements: notice_agreement.c) */
    FA_NRE_ENGAGEMENT,       /* a party binds itself: "s'engage à", "est tenu de" */
    FA_NRE_PERSON_RIGHTS,    /* the persons' rights stated to them ("vous disposez") */
    FA_NRE_PROTECTION_LAW,   /* the data-protection law itself (78-17, RGPD): no basis */
    FA_NRE_FLOW,             /* data made available, sent, opened to a party */
    FA_NRE_ACCEPTANCE,       /* a party accepting terms ("emporte acceptation des CGU") */
    FA_NRE_OPEN_TERM,        /* kept as long as an open event lasts ("tant que") */
    FA_NRE_DELEGATED,        /* a period left to someone else ("fixée par") */
    FA_NRE_INACTIVITY,       /* deleted only after a period without use */
    FA_NRE_TERM_BOUNDED,     /* then a period after its end ("puis un an"): bounded */
    FA_NRE_LOGS,             /* logs, traces: their retention is not the data's */
    FA_NRE_PROCESSOR,        /* a processor within art. 28 ("pour le compte de") */
    FA_NRE_SUBPROCESSOR,     /* sub-processors (art. 28.2 and 28.4) */
    FA_NRE_SUBPROC_NAMED,    /* sub-processors named or listed in the document */
    FA_NRE_JOINT,            /* joint controllers (art. 26) */
    FA_NRE_NOT_OPPOSABLE,    /* the arrangement cannot be invoked by the persons */
    FA_NRE_TRANSFER,         /* transfers outside the EU (art. 44 ff.) */
    FA_NRE_TRANSFER_SAFE,    /* their safeguards: adequacy, SCC, BCR (art. 45-47) */
    FA_NRE_SECURITY,         /* security measures (art. 32) */
    FA_NRE_BREACH,           /* breach notification (art. 33) */
    FA_NRE_AUDIT,            /* audits and inspections */
    FA_NRE_END_RETURN,       /* deletion or return at the end of the contract */
    FA_NRE_HEALTH_DATA,      /* health data named in prose (dossier médical, MDPH) */
    FA_NRE_HEALTH_HOST,      /* a certified health-data host (CSP L1111-8, HDS) */
    FA_NRE_CATS_ELSEWHERE,   /* categories left to another document */
    FA_NRE_ADMIN_EXCHANGE,   /* exchanges between administrations (CRPA L114-8) */
    FA_NRE_PERSON_SAY,       /* the person agrees or may object before a transmission */
    FA_NRE_CLAUSE_TITLE,     /* a clause's heading ("Confidentialité", "Obligations du") */
    FA_NRE_SECTION_TITLE,    /* an agreement's data-protection heading ("Article 6 - ...") */
    FA_NRE_AGREEMENT_TERM,   /* the agreement's own term ("reste en vigueur", "durée de") */
    FA_NRE_SUPPORT_STAFF,    /* who supports the person (équipe, référent, accompagnateur) */
    FA_NRE_PERSON_PARTY,     /* the person is a party: "je soussigné", "lu et approuvé" */
    FA_NRE_PERSON_ADDRESS,   /* the text speaks to the person: "vous", "votre", "vos" */
    FA_NRE_AGENT,            /* the agent of a mandate ("le mandataire") */
    FA_NRE_EXPLICIT_CONSENT, /* consent given explicitly ("consentement explicite") */
    FA_NRE_PARTY_DEF,        /* a party defined: "ci-après dénommé « X »" (group 1) */
    FA_NRE_ART28_A,          /* art. 28(3)(a)..(h), each: clause present */
    FA_NRE_ART28_B,
    FA_NRE_ART28_C,
    FA_NRE_ART28_D,
    FA_NRE_ART28_E,
    FA_NRE_ART28_F,
    FA_NRE_ART28_G,
    FA_NRE_ART28_H,
    FA_NRE_ART28_A_PART, /* ... each: partly (a part of what the letter requires) */
    FA_NRE_ART28_B_PART,
    FA_NRE_ART28_C_PART,
    FA_NRE_ART28_D_PART,
    FA_NRE_ART28_E_PART,
    FA_NRE_ART28_F_PART,
    FA_NRE_ART28_G_PART,
    FA_NRE_ART28_H_PART,
    FA_NRE_COUNT
} fa_nre;

/* Word lists of field detection ("fields" in a pack), folded. */
typedef enum fa_flist {
    FA_FL_SIGNATURE = 0,  /* a label holding one of them is a signature */
    FA_FL_DATE_START,     /* a label starting with one of them (a word) is a date */
    FA_FL_DATE_END,       /* ... or ending with one ("Fait à … le") */
    FA_FL_NOTICE_TITLE,   /* a short heading holding one opens a notice */
    FA_FL_NOTICE_TEXT,    /* text holding one belongs to a notice */
    FA_FL_FORM_LABEL,     /* a label starting with one (a word) names a usual field */
    FA_FL_RATING,         /* the whole text is a rating-scale header */
    FA_FL_RATING_PREFIX,  /* ... or starts with one of these words (four words at most) */
    FA_FL_PLACEHOLDER,    /* placeholder text of an empty control (a prefix) */
    FA_FL_CLAUSE_HEADING, /* a label starting with one (a word) titles a clause: "Article 3" */
    FA_FL_COUNT
} fa_flist;

/* Recipient classes (professional secrecy, legal-framework.md §4). */
typedef enum fa_rcp_class {
    FA_RCL_NOT_BOUND = 0, /* mayor, police, landlord, employer: no secrecy covers them */
    FA_RCL_BOUND,         /* social, health and social-security bodies */
    FA_RCL_UNKNOWN,       /* unnamed or mixed: "partenaires", "commission", "tiers" */
    FA_RCL_PROCESSOR,     /* a service provider acting for the controller */
    FA_RCL_ADMINISTRATION /* an administration: exchanges framed by the CRPA (L114-8) */
} fa_rcp_class;

/* Document kinds (the values of fa_doc_kind, result.h), for the lexicon's
 * "document_kinds": a title pattern and a body pattern each. */
#define FA_LX_KINDS 8

/* A pattern of the lexicon: a role, what declares a category, a context, a document
 * kind's title or body, a recipient. */
#define FA_LX_ROLE(r) ((size_t)(r))
#define FA_LX_CATEGORY(c) ((size_t)FA_NRE_COUNT + (size_t)(c))
#define FA_LX_CONTEXT(x) ((size_t)FA_NRE_COUNT + FA_CAT_COUNT + (size_t)(x))
#define FA_LX_KIND_TITLE(k) ((size_t)FA_NRE_COUNT + FA_CAT_COUNT + FA_CTX_COUNT + (size_t)(k))
#define FA_LX_KIND_BODY(k)                                                                         \
    ((size_t)FA_NRE_COUNT + FA_CAT_COUNT + FA_CTX_COUNT + FA_LX_KINDS + (size_t)(k))
#define FA_LX_RECIPIENT(k)                                                                         \
    ((size_t)FA_NRE_COUNT + FA_CAT_COUNT + FA_CTX_COUNT + 2 * FA_LX_KINDS + (size_t)(k))

/* Join the parts the packs gave and compile every pattern; after it LD is immutable. On
 * an error returns FA_ERR_RULES with what in MSG (a recipient with no class...). */
fa_status fa_langdata_compile(fa_langdata *ld, char *msg, size_t msglen);

/* Search pattern SLOT (FA_LX_*) in folded S[0..n) from FROM. S must be valid UTF-8,
 * NUL-terminated at N or beyond (folded text is): it is not checked again. A span that
 * starts or ends inside a character matches nothing. [*ms, *me) when given. A pattern
 * no pack gives matches nothing. MD needs fa_langdata_groups(LD) pairs. */
bool fa_lexicon_find(const fa_langdata *ld, size_t slot, const char *s, size_t n, size_t from,
                     pcre2_match_data *md, pcre2_match_context *mctx, size_t jit_after, size_t *ms,
                     size_t *me);
/* Group G of the last match of SLOT in MD, numbered inside the pack's own part. */
bool fa_lexicon_group(const fa_langdata *ld, size_t slot, pcre2_match_data *md, int g, size_t *gs,
                      size_t *ge);
/* Capture pairs a match data needs for any pattern of LD (at least 8). */
uint32_t fa_langdata_groups(const fa_langdata *ld);

/* Recipients, in the order the packs define them. */
size_t fa_langdata_recipients(const fa_langdata *ld);
fa_rcp_class fa_langdata_recipient_class(const fa_langdata *ld, size_t k);
/* Display name in the report language LANG (else French), borrowed. */
const char *fa_langdata_recipient_name(const fa_langdata *ld, size_t k, const char *lang);
/* Whether recipient K carries TAG ("mayor", "child", "health": which secrecy text the
 * sharing cites). */
bool fa_langdata_recipient_tag(const fa_langdata *ld, size_t k, const char *tag);

/* Word list L (fields): whether folded F holds an entry (FA_FL_SIGNATURE,
 * FA_FL_NOTICE_TITLE, FA_FL_NOTICE_TEXT), starts with one as a word (DATE_START,
 * FORM_LABEL, CLAUSE_HEADING), ends with one as a word (DATE_END), equals one (RATING), starts with
 * one followed by a space (RATING_PREFIX), or starts with one (PLACEHOLDER). */
bool fa_langdata_list_has(const fa_langdata *ld, fa_flist l, const char *f);
/* First bytes (ASCII, either case) and first two lower-case letters that a placeholder
 * may start with: a quick refusal before folding a text. */
bool fa_langdata_placeholder_start(const fa_langdata *ld, unsigned char c);
bool fa_langdata_placeholder_pair(const fa_langdata *ld, unsigned char a, unsigned char b);

/* Report text ID in LANG (else French), borrowed; "" when no pack gives it. */
const char *fa_langdata_text(const fa_langdata *ld, const char *id, const char *lang);
/* Append text ID in LANG to OUT, "{name}" replaced by the value after NAME in KV (a
 * NULL-terminated list of name, value pairs). */
fa_status fa_langdata_format(const fa_langdata *ld, const char *id, const char *lang, fa_buf *out,
                             const char *const *kv);
/* The legal bases listed under ID, or NULL. */
const fa_strvec *fa_langdata_basis(const fa_langdata *ld, const char *id);

/* A number word ("deux", "twelve") of S[0..n): its value, 0 when unknown. */
int fa_langdata_number(const fa_langdata *ld, const char *s, size_t n);
/* Months in one unit of S[0..n) ("ans" 12, "mois" 1), by its longest listed prefix. */
int fa_langdata_unit_months(const fa_langdata *ld, const char *s, size_t n);
/* Whether the word S[0..n) is an abbreviation a full stop does not end ("art", "cf"). */
bool fa_langdata_abbrev(const fa_langdata *ld, const char *s, size_t n);
/* Whether S[0..n) starts with a data noun that is the subject of a passive ("answers
 * are kept"): an entry followed by a space, or a prefix entry ("record*"). */
bool fa_langdata_passive_subject(const fa_langdata *ld, const char *s, size_t n);

#endif
