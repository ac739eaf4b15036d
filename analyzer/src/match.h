/* match.h — the regular-expression layer under the rule engine: PCRE2 compilation with
 * JIT, the suffix-tolerant word patterns ("separe" also matches "séparée", "séparé(e)s",
 * "séparé·e"), and the literal prefilter that lets a set of 1000 rules run on a label
 * without trying every regex: each pattern yields the literals that any match must
 * contain, and a regex only runs when one of them occurs in the text. */
#ifndef FA_MATCH_H
#define FA_MATCH_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "util.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The regex for a word-list entry (already folded): tokens joined by spaces or hyphens,
 * each token tolerant of French plural and gender marks, bounded by non-alphanumerics.
 * A trailing '*' makes the entry a prefix ("psychiatr*"). malloc'd; NULL on OOM. */
char *fa_word_pattern(const char *word);

/* Compile PATTERN (UTF, JIT when available). On failure returns NULL and writes
 * "at offset N: message" to MSG. The code is immutable after this and may be shared by
 * threads (each match uses its own match data). */
pcre2_code *fa_regex_compile(const char *pattern, char *msg, size_t msglen);

/* Check that PATTERN compiles (no JIT: the loader only validates). On failure writes
 * "at offset N: message" to MSG and returns false. */
bool fa_regex_check(const char *pattern, char *msg, size_t msglen);

/* The required literals of PATTERN: any match contains at least one of them. Pushes them
 * to OUT (lower case); pushes nothing when no literal can be proved (the pattern must
 * then always run). Conservative: a wrong answer here would lose matches. */
fa_status fa_regex_literals(const char *pattern, fa_strvec *out);

/* Required literal of a word-list entry (the longest token stem). malloc'd, or NULL. */
char *fa_word_literal(const char *word);

/* A bitmap of the byte pairs present in a text: a cheap first test before memmem. */
typedef struct fa_bigrams {
    uint8_t bits[8192];
} fa_bigrams;

void fa_bigrams_fill(fa_bigrams *bg, const char *text, size_t n);
/* True when LIT (length LEN >= 1) occurs in TEXT. */
bool fa_literal_in(const fa_bigrams *bg, const char *lit, size_t len, const char *text,
                   size_t n);

#endif
