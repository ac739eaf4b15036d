/* confusable.h — letters of other scripts that look like a Latin letter ("о" Cyrillic,
 * "ο" Greek, "ı" dotless), for the matcher's fold (fold.c). Internal. */
#ifndef FA_CONFUSABLE_H
#define FA_CONFUSABLE_H

#include <stdint.h>

/* The lower-case ASCII letter that C (a code point outside ASCII) is made to look like,
 * or 0. From Unicode's confusables (UTS #39) as ICU's spoof checker ships them; thread
 * safe; the table is built at the first call (~2 ms). */
char fa_confusable_ascii(uint32_t c);

#endif
