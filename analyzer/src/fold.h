/* fold.h — text folding for matching: case-, accent- and ligature-insensitive, with a
 * map back to the original bytes so quotes stay exact.
 *
 * Folding: NFKD, combining marks removed, lower case (Unicode case folding),
 * œ->oe, æ->ae, ß->ss, typographic apostrophes and quotes (’ ‘ ` ´ ʼ) -> ', all dashes
 * (‐ ‑ ‒ – — −) -> '-', every kind of space -> ' ', runs of spaces collapsed to one,
 * the middle dot of inclusive writing (·) kept as '.', other text kept as is. */
#ifndef FA_FOLD_H
#define FA_FOLD_H

#include "formaudit.h"
#include <stddef.h>

typedef struct fa_folded {
    char *s; /* folded text, NUL-terminated (ASCII for Latin text) */
    size_t len;
    size_t *map; /* map[i] = byte offset in the original of folded byte i; len+1 entries,
                    map[len] = end of the original; NULL from fa_fold_nomap */
} fa_folded;

fa_status fa_fold(const char *s, size_t n, fa_folded *out);
/* The same fold without the map (out->map NULL): for text that is only searched. Spans
 * of it need the map: fold the original again with fa_fold. */
fa_status fa_fold_nomap(const char *s, size_t n, fa_folded *out);
void fa_folded_free(fa_folded *f);
/* Folded copy without a map (malloc'd), for keys and comparisons. NULL on OOM. */
char *fa_fold_simple(const char *s);
/* Original span [*start, *end) of the folded span [fs, fe). F must have its map. */
void fa_fold_span(const fa_folded *f, size_t fs, size_t fe, size_t *start, size_t *end);

#endif
