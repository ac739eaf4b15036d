/* result.h — what an audit produces: fields, findings, notice. Internal structs
 * behind the opaque fa_result. Everything is owned by the fa_result. */
#ifndef FA_RESULT_H
#define FA_RESULT_H

#include "model.h"
#include <stdint.h>

typedef enum fa_field_kind {
    FA_FK_TEXT = 0,
    FA_FK_MULTILINE,
    FA_FK_CHECKBOX,
    FA_FK_CHOICE,
    FA_FK_DATE,
    FA_FK_SIGNATURE,
    FA_FK_TABLE_CELL,
    FA_FK_OTHER
} fa_field_kind;
const char *fa_field_kind_name(fa_field_kind k);

/* How a field was found, so a reviewer can trust it. */
typedef enum fa_field_method {
    FA_FM_CONTROL = 0, /* a form control of the format */
    FA_FM_LEADER,      /* "Label : ______" or "Label :" then blank lines */
    FA_FM_TABLE,       /* label cell with an empty neighbour, or a grid column */
    FA_FM_CHECKBOX,    /* checkbox glyphs with option text */
    FA_FM_QUESTION     /* a question followed by a blank or options */
} fa_field_method;
const char *fa_field_method_name(fa_field_method m);

typedef struct fa_field {
    char id[16];          /* "F1", "F2"... in document order */
    char *label;          /* what a person reads next to it */
    bool label_from_name; /* label is the control's technical name (nothing better) */
    fa_field_kind kind;
    fa_strvec options; /* option texts of a choice / checkbox group */
    char *section;     /* heading path "3. Capacités du ménage" (last heading(s)) */
    fa_loc loc;
    char *value; /* filled value, or NULL */
    fa_field_method method;
    fa_catset categories; /* filled by the rule engine */
    const fa_node *node;  /* the node it was found at (borrowed from the doc) */
} fa_field;

/* A finding. Document-level findings have field == -1 and category one of the kinds
 * of CONTRACT.md §4 ("notice.missing", "sharing"...). */
typedef struct fa_finding {
    char *rule;     /* rule id, e.g. "fr.health.mental" */
    char *category; /* category name or document-level kind */
    fa_severity severity;
    int field;     /* index into fields, or -1 */
    char *quote;   /* exact document text (identifier values masked) */
    char *message; /* in the audit language */
    fa_strvec legal_basis;
    char *recommendation;
    char *pattern;    /* which pattern (or word) fired — for the reviewer */
    char *scope;      /* "label", "option", "value", "section", "notice", "body" */
    char *matched;    /* the matched text span (masked if an identifier) */
    fa_loc loc;       /* where the quote is */
    char *note;       /* e.g. "severity raised: issuer is an employer" or NULL */
    char *prescribed; /* what the legal frame prescribes that covers this question, and by
                         which text (frame.c), or NULL: such a question is not "to delete" */
} fa_finding;

/* GDPR art. 13 items of a notice. */
typedef enum fa_notice_item {
    FA_NI_CONTROLLER = 0,
    FA_NI_DPO,
    FA_NI_PURPOSES,
    FA_NI_LEGAL_BASIS,
    FA_NI_RECIPIENTS,
    FA_NI_RETENTION,
    FA_NI_RIGHTS,
    FA_NI_COMPLAINT,
    FA_NI_COUNT
} fa_notice_item;
const char *fa_notice_item_name(fa_notice_item i); /* "controller"... */

typedef struct fa_notice {
    bool present;
    unsigned items;       /* bits (1u << fa_notice_item) found */
    fa_catset declared;   /* categories the notice says it processes */
    fa_catset unlisted;   /* sensitive categories collected but not declared */
    char *text;           /* the notice text (for quotes), or NULL */
    fa_loc loc;           /* where it starts */
    char *retention;      /* retention clause quoted, or NULL */
    fa_strvec recipients; /* recipients named in sharing clauses */
} fa_notice;

/* What kind of document this is: a form collects data about a person; the others are
 * prose about a processing (issue 19). Set by kind.c from the text; reports name the
 * document for what it is. */
typedef enum fa_doc_kind {
    FA_DK_FORM = 0,             /* a form or a model letter with blanks */
    FA_DK_CONVENTION,           /* partnership convention, agreement between bodies */
    FA_DK_DATA_EXCHANGE,        /* data-exchange terms between administrations */
    FA_DK_CHARTER,              /* charter, protocol (secret partagé, CLSPD...) */
    FA_DK_TERMS,                /* terms of use of a service */
    FA_DK_MANDATE,              /* a person authorising someone to act for them */
    FA_DK_PROCESSING_AGREEMENT, /* controller-processor agreement (GDPR art. 28) */
    FA_DK_NOTICE,               /* an information notice alone */
    FA_DK_COUNT
} fa_doc_kind;
const char *fa_doc_kind_name(fa_doc_kind k); /* "form", "convention"... */

/* A clause of an agreement as the analysis read it (issue 19): the parties and their
 * roles, the art. 28(3) items, transfers, security, retention... One per subject, in the
 * order the analysis meets them; reports and the avis build their clause-by-clause
 * reading from them, findings say what is wrong. */
typedef struct fa_clause {
    char *id;     /* "parties", "art28.a" .. "art28.h", "transfers", "retention"... */
    char *status; /* "present", "partial", "missing"; for retention "none", "open",
                   * "fixed", "long"; for parties and recipients "named" */
    char *quote;  /* the exact text ("" when missing) */
    char *detail; /* what was read there: roles, names, the period; or NULL */
    fa_loc loc;
} fa_clause;

/* What a legal frame says of its documents (frames pack "flags"). */
enum {
    FA_FRAME_HEALTH_TEAM = 1u << 0,   /* a care or medico-social team: CSP L1110-4 applies */
    FA_FRAME_PUBLIC_AGENTS = 1u << 1, /* public servants: CGFP L121-6 and L121-7 */
    FA_FRAME_MANDATORY_TX = 1u << 2,  /* the law requires the transmission (CRIP) */
    FA_FRAME_NOT_CONSENT = 1u << 3,   /* rests on a legal obligation or a public task */
    FA_FRAME_CONSENT_BASIS = 1u << 4, /* rests on consent (research, associations) */
    FA_FRAME_EMPLOYER = 1u << 5,      /* the issuer employs the person */
    FA_FRAME_CHILD = 1u << 6,         /* concerns a child (child protection) */
    FA_FRAME_SCHOOL = 1u << 7,        /* a school or children's centre */
    FA_FRAME_NFLAGS = 8
};
const char *fa_frame_flag_name(int bit); /* "health_team"... for bit 0..FA_FRAME_NFLAGS-1 */

/* A recipient the document names, with what binds it to secrecy (frame.c). */
typedef struct fa_recipient {
    char *id;     /* "clspd" */
    char *name;   /* in the audit language */
    char *status; /* "bound", "not_bound", "depends", "by_law", "unknown" */
    char *why;    /* one sentence, audit language */
    fa_strvec legal;
    char *quote; /* the sentence that names it */
    fa_loc loc;
} fa_recipient;

/* A good practice the document shows, which the avis credits (frame.c). */
typedef struct fa_practice {
    char *rule;  /* "fr.practice.no_appraisal", "notice.complete"... */
    char *text;  /* what is credited, audit language */
    char *quote; /* the document's words ("" when none) */
    fa_loc loc;
} fa_practice;

/* Who issues the document and under which text (frame.c, from the frames of the rule
 * packs), the recipients it names and the good practices it shows. */
typedef struct fa_frame {
    char *id;        /* "crip", "rsa"...; NULL when no frame was recognised */
    char *kind;      /* "child_protection", "benefits"... */
    char *issuer;    /* who issues it, audit language */
    char *text;      /* what frames it, audit language */
    fa_strvec legal; /* the texts that frame it */
    char *evidence;  /* the document text that showed it */
    fa_loc loc;
    unsigned flags; /* FA_FRAME_* */
    fa_recipient *rcp;
    size_t n_rcp;
    fa_practice *prac;
    size_t n_prac;
} fa_frame;

/* The result of one document: what every report is made from (one result, one
 * serialiser per format). An audited document carries its fields, findings and notice;
 * a document that could not be read carries only its path, format and error. The
 * strings about the document itself (path, metadata, warnings) are copied from the
 * fa_doc, so a result outlives its document; only fa_field.node borrows from it.
 *
 * Sealing (fa_result_seal) makes the result fit to leave the process: every string that
 * came from the document is masked for identifiers (fa_ident_mask_loose; a value in a
 * national_id or financial field whole) and made valid UTF-8. The audit seals what it
 * returns; renderers, the JSON writer and the batch runner see sealed results only. */
struct fa_result {
    /* the document */
    char *path;       /* as given by the caller (shown in reports) */
    fa_format format; /* FA_FMT_UNKNOWN when not even sniffed */
    fa_status status; /* FA_OK: audited; otherwise error holds the message */
    char *error;      /* message of a document that could not be read, or NULL */
    char sha256[65];  /* of the file's bytes ("" for an error) */
    long long size;   /* bytes */
    int pages;        /* 0 when unknown */
    fa_meta meta;     /* owned copies */
    fa_strvec warnings;
    /* the analysis */
    fa_field *fields;
    size_t n_fields, alloc_fields;
    fa_finding *findings;
    size_t n_findings, alloc_findings;
    fa_notice notice;
    fa_clause *clauses; /* an agreement's clauses (empty for a form) */
    size_t n_clauses, alloc_clauses;
    fa_context context; /* effective context (given or guessed) */
    bool context_given; /* context came from --context, not guessed */
    fa_doc_kind kind;   /* form unless kind.c recognises another kind */
    char *title;        /* the document's own title (metadata, else its first heading), or
                           NULL: reports name the document by it, not by its file name */
    fa_frame frame;     /* issuer, legal frame, recipients, good practices (frame.c) */
    const char *lang;   /* "fr" or "en" (static) */
    char *rules_version;
    fa_strvec parts; /* owned copies of the zip part names that fa_loc.part points at */
    bool sealed;
};

/* Builders. Strings are copied. Return NULL when out of memory or over the limit. */
fa_field *fa_result_add_field(fa_result *res);
fa_finding *fa_result_add_finding(fa_result *res);
fa_clause *fa_result_add_clause(fa_result *res);
/* A new recipient / practice of RES->frame, zeroed; NULL when out of memory. */
fa_recipient *fa_result_add_recipient(fa_result *res);
fa_practice *fa_result_add_practice(fa_result *res);

/* Keep one finding per (field, category, quote): the same span seen by a French and an
 * English rule, a box that is a field's label and its option. The graver finding stays,
 * then the one in the audit's language. Only the built-in packs' rules ("fr.", "en.") are
 * merged: a rule of the user's own pack always reports. Document-level findings are left
 * alone. */
fa_status fa_result_dedup(fa_result *res);

/* A new, empty result for PATH (copied); NULL when out of memory. */
fa_result *fa_result_new(const char *path);
/* Copy what reports say about DOC (format, hash, size, pages, metadata). */
fa_status fa_result_set_doc(fa_result *res, const fa_doc *doc);
/* Copy DOC's warnings (after every stage: a stage may add one, a limit reached). */
fa_status fa_result_copy_warnings(fa_result *res, const fa_doc *doc);
/* Mask and clean every document string in place (see above), and take copies of the
 * part names locations borrow from the document. Idempotent. */
fa_status fa_result_seal(fa_result *res);
/* *PART (a part name, or NULL) pointed at RES's own copy of it. */
fa_status fa_result_own_part(fa_result *res, const char **part);

/* S as sealing masks a document string: every checksum-valid identifier replaced by its
 * kind ("[NIR, clé valide]", EN "[NIR, valid check digits]"), every identifier-like run
 * (ident.h, fa_ident_mask_loose) starred whole, no digit kept. malloc'd; NULL on OOM. */
char *fa_result_mask_text(const char *s, bool en);

/* "unknown", "employer", "social"... (the JSON report's "context"). */
const char *fa_context_name(fa_context c);

#endif
