/* diff.h — what a new version of a form changes (diff.c), as its renderer
 * (reports/report_diff.c) reads it. Internal side of fa_diff. Everything is owned by the
 * fa_diff except the two results, which it borrows. */
#ifndef FA_DIFF_H
#define FA_DIFF_H

#include "formaudit_report.h"
#include "result.h"

/* What differs between two matched fields. */
enum {
    FA_DC_LABEL = 1u << 0,      /* normalised labels differ: relabelled */
    FA_DC_KIND = 1u << 1,       /* another kind of entry (text, choice, signature) */
    FA_DC_OPTIONS = 1u << 2,    /* options added or removed */
    FA_DC_CATEGORIES = 1u << 3, /* the field collects other categories */
};

typedef struct fa_diff_pair {
    int a, b;                                 /* field index in the old and the new result */
    unsigned changes;                         /* FA_DC_* (0: the same field) */
    double similarity;                        /* of the normalised labels: 1 when equal */
    fa_strvec options_added, options_removed; /* option texts, as each version has them */
    fa_catset categories_added, categories_removed;
} fa_diff_pair;

/* Clauses the notice analysis quotes, by kind. */
enum { FA_DIFF_SHARING = 0, FA_DIFF_RETENTION, FA_DIFF_CONSENT, FA_DIFF_NCLAUSES };

typedef struct fa_diff_strs {
    fa_strvec added, removed;
} fa_diff_strs;

struct fa_diff {
    const fa_result *a, *b; /* old, new: borrowed */
    /* fields */
    fa_diff_pair *pairs; /* every matched pair, in the old order */
    size_t n_pairs;
    int *added; /* new fields matching none, in order */
    size_t n_added;
    int *removed; /* old fields matching none, in order */
    size_t n_removed;
    size_t n_changed; /* pairs with changes */
    fa_catset categories_a, categories_b;
    /* the notice */
    unsigned items_a, items_b; /* notice items present (0 without a notice) */
    bool retention_changed;    /* the retention clause's text changed */
    fa_diff_strs recipients;
    fa_diff_strs clauses[FA_DIFF_NCLAUSES]; /* quotes of sharing, retention, consent */
    /* findings */
    int *findings_new; /* indices into b->findings */
    size_t n_new;
    int *findings_gone; /* indices into a->findings */
    size_t n_gone;
    int worst_new;     /* fa_severity, -1 none */
    bool rules_differ; /* audited with other rule packs */
};

/* The kind of entry a field kind is, for comparison across formats: "text" (text,
 * multiline, date, table cell, other), "choice" (checkbox, choice), "signature". */
const char *fa_diff_kind_class(fa_field_kind k);

/* How alike two normalised labels are, from 0 to 1 (1: equal). */
double fa_diff_similarity(const char *a, const char *b);

#endif
