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

#endif
