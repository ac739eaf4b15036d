/* result.h — what an audit produces: fields, findings, notice. Internal structs
 * behind the opaque fa_result. Everything is owned by the fa_result. */
#ifndef FA_RESULT_H
#define FA_RESULT_H

#include "model.h"
#include <stdint.h>

/* Field categories (CONTRACT.md §3), as bits. The order is the order of reports. */
typedef enum fa_category {
    FA_CAT_IDENTITY = 0,
    FA_CAT_CONTACT,
    FA_CAT_NATIONAL_ID,
    FA_CAT_FINANCIAL,
    FA_CAT_HEALTH,
    FA_CAT_ETHNIC_ORIGIN,
    FA_CAT_POLITICAL_OPINION,
    FA_CAT_RELIGION,
    FA_CAT_UNION_MEMBERSHIP,
    FA_CAT_SEX_LIFE,
    FA_CAT_GENETIC,
    FA_CAT_BIOMETRIC,
    FA_CAT_CRIMINAL,
    FA_CAT_IMMIGRATION_STATUS,
    FA_CAT_FAMILY_LIFE,
    FA_CAT_SUBJECTIVE_ASSESSMENT,
    FA_CAT_FREE_COMMENT,
    FA_CAT_COUNT
} fa_category;

typedef uint32_t fa_catset; /* bit (1u << fa_category) */
#define FA_CAT_BIT(c) ((fa_catset)1u << (c))
/* Every category except identity and contact. */
#define FA_CAT_SENSITIVE                                                                           \
    (((fa_catset)1u << FA_CAT_COUNT) - 1u - FA_CAT_BIT(FA_CAT_IDENTITY) -                          \
     FA_CAT_BIT(FA_CAT_CONTACT))

const char *fa_category_name(fa_category c);                    /* "health" */
int fa_category_from_name(const char *name);                    /* -1 when unknown */
const char *fa_category_label(fa_category c, const char *lang); /* "santé" / "health" */

typedef enum fa_severity {
    FA_SEV_INFO = 0,
    FA_SEV_LOW,
    FA_SEV_MEDIUM,
    FA_SEV_HIGH,
    FA_SEV_CRITICAL
} fa_severity;
const char *fa_severity_name(fa_severity s); /* "high" */
int fa_severity_from_name(const char *name); /* -1 when unknown */

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
    char *pattern; /* which pattern (or word) fired — for the reviewer */
    char *scope;   /* "label", "option", "value", "section", "notice", "body" */
    char *matched; /* the matched text span (masked if an identifier) */
    fa_loc loc;    /* where the quote is */
    char *note;    /* e.g. "severity raised: issuer is an employer" or NULL */
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

struct fa_result {
    fa_field *fields;
    size_t n_fields, alloc_fields;
    fa_finding *findings;
    size_t n_findings, alloc_findings;
    fa_notice notice;
    fa_context context; /* effective context (given or guessed) */
    const char *lang;   /* "fr" or "en" (static) */
    char *rules_version;
    char sha256[65];
};

/* Builders. Strings are copied. Return NULL when out of memory or over the limit. */
fa_field *fa_result_add_field(fa_result *res);
fa_finding *fa_result_add_finding(fa_result *res);

/* The document object of fa_result_to_json with "fields": [] and "findings": [] (the
 * summary still counts them): all a parent needs beside a report rendered for it. */
void *fa_result_to_json_light(const fa_result *res, const fa_doc *doc, const char *path);

/* Append to OUT exactly the bytes fa_json_dump_at (jsonw.h) prints for
 * fa_result_to_json(RES, DOC, PATH) with INDENT and DEPTH, without building the tree:
 * 3-4x cheaper for a large form. FA_ERR_LIMIT, FA_ERR_NOMEM (OUT left as it was). */
fa_status fa_result_write_json(const fa_result *res, const fa_doc *doc, const char *path,
                               int indent, unsigned depth, fa_buf *out);

#endif
