/* evasion.h — labels written to slip past a reader: invisible characters inside a word,
 * letters of another script drawn like Latin ones, letter-spaced words. The matcher's
 * fold (fold.c) reads through them; this module cleans what reports show and flags the
 * trick itself. Internal. */
#ifndef FA_EVASION_H
#define FA_EVASION_H

#include "result.h"

enum {
    FA_TRICK_INVISIBLE = 1u << 0, /* zero-width character or soft hyphen inside a word */
    FA_TRICK_HOMOGLYPH = 1u << 1, /* a word mixing Latin letters with look-alikes */
    FA_TRICK_SPACED = 1u << 2     /* "R e l i g i o n" */
};

/* The tricks used in S (FA_TRICK_* bits), 0 for none (or S NULL). */
unsigned fa_evasion_tricks(const char *s);

/* Remove the invisible characters (Unicode format characters: zero-width spaces and
 * joiners, word joiner, BOM, soft hyphen, bidi marks) from S, in place. */
void fa_evasion_strip(char *s);

/* A finding on field FIELD of RES for TRICKS: "texte masqué ou caractères invisibles
 * dans un libellé", severity medium, category the field's most sensitive one (nothing
 * when the field collects nothing), quoting its label. FA_ERR_NOMEM only. */
fa_status fa_evasion_finding(fa_result *res, size_t field, unsigned tricks);

#endif
