/* match.h — the regular-expression layer under the rule engine: PCRE2 compilation with
 * JIT once a pattern has been used enough to pay for it, the suffix-tolerant word
 * patterns ("separe" also matches "séparée", "séparé(e)s", "séparé·e"), and the literal
 * prefilter that lets a set of 1000 rules run on a label without trying every regex:
 * each pattern yields the literals that any match must contain, one pass over the text
 * finds which of all the literals occur, and only the regexes owning one of them run. */
#ifndef FA_MATCH_H
#define FA_MATCH_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "util.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The regex for a word-list entry (already folded): tokens joined by spaces or hyphens,
 * each token tolerant of French plural and gender marks, bounded by non-alphanumerics.
 * A trailing '*' makes the entry a prefix ("psychiatr*"). malloc'd; NULL on OOM. */
char *fa_word_pattern(const char *word);

/* Compile PATTERN (UTF) and JIT-compile it now when available. On failure returns NULL
 * and writes "at offset N: message" to MSG. The code is immutable after this and may be
 * shared by threads (each match uses its own match data). */
pcre2_code *fa_regex_compile(const char *pattern, char *msg, size_t msglen);

/* When a regex is JIT-compiled: once the interpreter has scanned FA_JIT_AFTER_BYTES of
 * subject with it, each call counting FA_JIT_CALL_BYTES plus the bytes it scans. Most
 * of a pack's regexes never run on a given document (the literal prefilter skips them),
 * so JIT-compiling them all at load was most of the start-up time. Measured on the
 * default packs and the labels of the corpora (bench/README): a JIT compilation costs
 * ~16-23 µs and saves ~75-120 ns per call on a ~21-byte label that holds the regex's
 * literal, so it pays after ~200 calls, ~17 KB by this count: rent until the rent paid
 * equals the price, at most twice the cost of knowing the future. */
#ifndef FA_JIT_AFTER_BYTES /* -DFA_JIT_AFTER_BYTES=0: JIT at first use (tests) */
#define FA_JIT_AFTER_BYTES 16384
#endif
#define FA_JIT_CALL_BYTES 64

/* A regex that JIT-compiles itself once it has been used enough, and may even be
 * compiled only when first used (fa_regex_init_word). The interpreter and the JIT give
 * the same matches (the match limits of fa_limits.h count differently, which only matters
 * for runaway patterns). Thread-safe: the counter is atomic, exactly one caller crosses
 * the threshold and JIT-compiles a private copy, which it then publishes; others keep
 * interpreting until they see it. A lazy compilation is published the same way (the
 * loser of a race frees its own copy). */
typedef struct fa_regex {
    _Atomic(pcre2_code *) code; /* interpreter code, owned; NULL until a lazy one runs */
    _Atomic(pcre2_code *) jit;  /* JIT-compiled copy once published, owned; or NULL */
    atomic_size_t work;         /* bytes interpreted so far */
    const char *word;           /* word whose pattern is still to compile, borrowed */
    bool plain;                 /* WORD is a plain pattern, compiled as it is */
} fa_regex;

/* Compile PATTERN (UTF, no JIT yet) into RE. On failure returns false and writes
 * "at offset N: message" to MSG (the same text as fa_regex_compile). */
bool fa_regex_init(fa_regex *re, const char *pattern, char *msg, size_t msglen);
/* The pattern of WORD (fa_word_pattern), to compile on first use; WORD is borrowed and
 * must outlive RE. Only for words of at most FA_WORD_LAZY_MAX bytes, whose pattern
 * cannot fail to compile, as there is nobody to tell then (out of memory then matches
 * nothing): fa_word_pattern escapes every metacharacter, and PCRE2 first refuses one
 * as too large at ~1900 bytes (words of 3-letter tokens, the worst case). */
void fa_regex_init_word(fa_regex *re, const char *word);
#define FA_WORD_LAZY_MAX 256
/* Whether PATTERN is plain text (printable ASCII without a metacharacter, at most
 * FA_WORD_LAZY_MAX bytes), which cannot fail to compile: half the patterns,
 * exceptions and contexts of the default packs ("sans distinction"), most of which
 * never run on a given document. fa_regex_init_plain() defers its compilation to the
 * first use, as for words; PATTERN is borrowed and must outlive RE. */
bool fa_regex_is_plain(const char *pattern);
void fa_regex_init_plain(fa_regex *re, const char *pattern);
/* RE from CODE, compiled already (fa_regex_compile_only), which RE now owns. */
void fa_regex_init_code(fa_regex *re, pcre2_code *code);
/* PATTERN compiled on first use, as a plain pattern is: PATTERN is borrowed and must
 * outlive RE, and must have been checked by its caller (a failure to compile then
 * matches nothing, there is nobody to tell). */
void fa_regex_init_lazy(fa_regex *re, const char *pattern);
void fa_regex_free(fa_regex *re);
/* pcre2_match of RE on S[0..n) from FROM. JIT_AFTER is the work threshold (bytes, as
 * FA_JIT_AFTER_BYTES) or SIZE_MAX never to JIT (FA_PCRE2_NO_JIT). */
int fa_regex_match(fa_regex *re, const char *s, size_t n, size_t from, pcre2_match_data *md,
                   pcre2_match_context *mctx, size_t jit_after);
/* The same with pcre2_match OPTIONS: PCRE2_NO_UTF_CHECK where the caller knows the
 * subject is valid UTF-8 (folded text), as checking it read the rest of the subject at
 * every call. */
int fa_regex_match_opt(fa_regex *re, const char *s, size_t n, size_t from, uint32_t options,
                       pcre2_match_data *md, pcre2_match_context *mctx, size_t jit_after);
/* Compile PATTERN as fa_regex_init does (UTF, no JIT), to inspect it (capture count):
 * NULL and "at offset N: message" in MSG on failure. The caller frees the code. */
pcre2_code *fa_regex_compile_only(const char *pattern, char *msg, size_t msglen);

/* The required literals of PATTERN: any match contains at least one of them. Pushes them
 * to OUT (as written: patterns run on folded, lower-case text); pushes nothing when no
 * literal can be proved (the pattern must then always run). Looks into required groups:
 * "(?:conflits?|tensions?)\s+entre" yields {"conflit", "tension"} or {"entre"},
 * whichever set has the longer shortest member. Conservative: a wrong answer here would
 * lose matches. */
fa_status fa_regex_literals(const char *pattern, fa_strvec *out);

/* Required literal of a word-list entry (the longest token stem). malloc'd, or NULL. */
char *fa_word_literal(const char *word);

/* All the literals of a rule set, searched in one pass (an Aho-Corasick automaton over
 * the bytes that occur in them): the cost per text is its length, whatever the number
 * of literals. Immutable once built. */
typedef struct fa_litset fa_litset;

/* Build the automaton of LITS[0..n) (non-empty strings). NULL on OOM. */
fa_litset *fa_litset_build(char *const *lits, size_t n);
void fa_litset_free(fa_litset *ls);
/* Indices of the literals that occur in TEXT[0..n), each once, into FOUND (room for as
 * many as there are literals); returns how many. SEEN (one entry per literal, owned by
 * the caller) records GEN for each literal found: pass a new GEN per text, and clear
 * SEEN when GEN wraps to 0. */
size_t fa_litset_find(const fa_litset *ls, const char *text, size_t n, uint32_t *seen, uint32_t gen,
                      size_t *found);

#endif
