/* avis_int.h — private to avis.c and avis_parts.c: the state of one avis being emitted,
 * the emitters every section uses, the themes and the groups of findings. avis.c has the
 * grouping and the analysis point by point; avis_parts.c the other parts (at a glance,
 * referral, legal frame, good practices, conclusion, signature, annexes). */
#ifndef FA_AVIS_INT_H
#define FA_AVIS_INT_H

#include "avis.h"

#include <stdbool.h>
#include <stddef.h>

/* Themes of the analysis, in the order an expert writes them. */
enum {
    TH_SUBJ = 0,   /* subjective assessments, free comment zones */
    TH_SENS,       /* special categories (GDPR art. 9) and criminal data (art. 10) */
    TH_PRIVATE,    /* residence status, intimate family life: minimisation, not art. 9 */
    TH_IDENT,      /* identifiers, financial data */
    TH_VALUE,      /* a real person's data in the document */
    TH_PRESCRIBED, /* questions the legal frame provides for */
    TH_NOTICE,
    TH_SHARING, /* recipients and professional secrecy */
    TH_SYSTEM,  /* access, referral, proportionality, register, joint control, paper */
    TH_RETENTION,
    TH_CONSENT, /* consent and the person's part (validation) */
    TH_DPIA,
    TH_OTHER,
    TH_COUNT
};

typedef struct group {
    size_t first; /* first finding (document order) */
    size_t *idx;  /* findings of the group, document order */
    size_t n;
    int theme;
    int sev; /* highest severity */
} group;

typedef struct av {
    const fa_avis_sink *s;
    const fa_report_opts *opts;
    bool en;
    const fa_result *res;
    size_t nf;
    group *groups;
    size_t ng;
    size_t *order; /* storage for the groups' idx */
    fa_status st;  /* first error: every emitter is a no-op after it */
} av;

#define LF(a, f, e) ((a)->en ? (e) : (f))

const char *L(const av *a, const char *fr, const char *en);
void heading(av *a, int level, const char *text);
void begin(av *a, fa_avis_block k, int sev);
void end(av *a, fa_avis_block k);
void span(av *a, fa_avis_span k, const char *text);
void text(av *a, const char *t);
void tl(av *a, const char *fr, const char *en);
void strong(av *a, const char *t);
void textf(av *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void quote(av *a, const char *doc_text);
void doc_text(av *a, const char *s);
void para(av *a, const char *fr, const char *en);
void list_begin(av *a);
void list_end(av *a);
void sentence(av *a, const char *msg);
void item(av *a, const char *fr, const char *en);
/* The first sentence (or line) of S, at most N-1 bytes, into OUT. */
void first_sentence(const char *s, char *out, size_t n);
/* "1 point", "3 points": N and the singular or plural form. */
void count_of(av *a, size_t n, const char *one_fr, const char *many_fr, const char *one_en,
              const char *many_en);

const fa_finding *finding(const av *a, size_t i);
const fa_field *field_of(const av *a, const fa_finding *f);
const fa_finding *representative(const av *a, const group *g);
bool theme_present(const av *a, int th);
const char *theme_name(int th, bool en);
/* The document as the avis names it: "le formulaire", "la convention"... */
const char *doc_noun(const av *a, bool definite);
/* What the avis concludes, from the gravest point: 0 favourable, 1 favourable with
 * reservations, 2 reserved, 3 unfavourable. */
int verdict(const av *a);
const char *verdict_label(int v, bool en);
/* The title the avis gives the document: its own, else its file name. */
const char *doc_title(const av *a);
/* A long date: "15 janvier 2026". */
void long_date(const char *iso, bool en, char *out, size_t n);

/* avis_parts.c */
void sec_glance(av *a);
void sec_referral(av *a);
void sec_legal(av *a);
void sec_practices(av *a);
void sec_conclusion(av *a);
void sec_signature(av *a);
void sec_annex(av *a);
void emit_error(av *a);

/* avis.c */
void sec_analysis(av *a);
fa_status make_groups(av *a);

#endif
