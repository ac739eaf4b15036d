/* rules.h — the rule engine (internal side of fa_rules). Rule packs are JSON (see
 * rules/SCHEMA.md and rules/schema.json), compiled once into a set shared by all
 * workers: what it fills in lazily (regex JIT, prefilter transitions) goes through
 * atomics (rules.c, match.h). */
#ifndef FA_RULES_H
#define FA_RULES_H

#include "framepack.h"
#include "result.h"

/* Where a rule looks. */
typedef enum fa_scope {
    FA_SCOPE_LABEL = 0, /* a field's label */
    FA_SCOPE_OPTION,    /* one option text of a choice / checkbox group */
    FA_SCOPE_VALUE,     /* a field's filled value */
    FA_SCOPE_SECTION,   /* the heading path a field sits under */
    FA_SCOPE_NOTICE,    /* the data-protection notice text */
    FA_SCOPE_BODY,      /* running text of the document (paragraphs that are not fields) */
    FA_SCOPE_COUNT
} fa_scope;

/* Classify every field of RES (sets fa_field.categories) and add one finding per
 * (field or option, rule) that fires, with the rule's message in RES->lang. Also runs
 * identifier detection on values (FA_CAT_NATIONAL_ID / FINANCIAL "value" findings). */
fa_status fa_rules_apply(const fa_rules *rules, const fa_doc *doc, fa_result *res, fa_error *err);

/* One match of a rule of SCOPE in TEXT (used by notice.c for notice/body rules). */
typedef struct fa_rule_hit {
    const char *rule_id;  /* borrowed from the rule set */
    const char *category; /* borrowed */
    fa_severity severity;
    size_t start, end;   /* byte span in the original TEXT */
    const char *pattern; /* borrowed: the pattern or word that fired */
} fa_rule_hit;

typedef void (*fa_rule_hit_fn)(const fa_rule_hit *hit, void *ud);

/* Run every rule of SCOPE on TEXT, calling FN for each hit (after exceptions). */
fa_status fa_rules_match(const fa_rules *rules, fa_scope scope, const char *text, fa_rule_hit_fn fn,
                         void *ud);

/* Load one pack from memory (fuzzing, tests): as fa_rules_add_file, NAME standing for the
 * path in messages. DATA is copied. */
fa_status fa_rules_add_mem(fa_rules *rules, const char *name, const void *data, size_t size,
                           fa_error *err);

/* The issuer and legal-frame table of the loaded packs (framepack.h); NULL when none. */
fa_framedata *fa_rules_framedata(const fa_rules *rules);
/* The match limits of the compiled set (fa_limits.h) and its JIT threshold, for the
 * patterns of other tables that run beside the rules (framepack.h). */
void fa_rules_limits(const fa_rules *rules, pcre2_match_context **mctx, size_t *jit_after);

/* Message, recommendation and legal basis of rule ID in LANG, borrowed; NULL if none. */
const char *fa_rules_message(const fa_rules *rules, const char *id, const char *lang);
const char *fa_rules_recommendation(const fa_rules *rules, const char *id, const char *lang);
/* The language data of the loaded packs (langpack.h), borrowed; NULL before any pack. */
typedef struct fa_langdata fa_langdata;
const fa_langdata *fa_rules_langdata(const fa_rules *rules);

/* Copy the legal basis list of rule ID into OUT. */
fa_status fa_rules_legal_basis(const fa_rules *rules, const char *id, fa_strvec *out);

#endif
