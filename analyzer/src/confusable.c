/* confusable.c — the confusables table of fold.c, taken from ICU's spoof checker.
 *
 * Why ICU: Unicode's confusables data (UTS #39) is the well-kept list of characters
 * that look alike, and ICU (libicu, already loaded by libxml2) ships it and keeps it
 * current with each Unicode version; no hand-made table to maintain. Its skeletons are
 * not used as such: they map whole strings to prototypes ("m" -> "rn", "l" -> "I"),
 * which would wreck the folded French the rule packs are written in. Only this is
 * taken: for each letter of the scripts a form author could slip into a Latin word
 * (Latin extensions and IPA, Greek, Cyrillic, Armenian, Cherokee, letter-like symbols),
 * whether its skeleton is one ASCII letter. */
#include "confusable.h"

#include <pthread.h>
#include <stdlib.h>
#include <unicode/uchar.h>
#include <unicode/uspoof.h>
#include <unicode/ustring.h>

typedef struct conf {
    uint32_t c;
    char ascii;
} conf;

static conf *table;
static size_t n_table;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void build(void)
{
    static const uint32_t ranges[][2] = {
        {0x0100, 0x024F}, /* Latin Extended-A/B: ı, ƖƟ... */
        {0x0250, 0x02AF}, /* IPA: ɑ ɡ ɩ ɪ... */
        {0x0370, 0x03FF}, /* Greek */
        {0x0400, 0x052F}, /* Cyrillic and its supplement */
        {0x0530, 0x058F}, /* Armenian: օ ս... */
        {0x13A0, 0x13FF}, /* Cherokee */
        {0x1D00, 0x1DBF}, /* phonetic extensions: small capitals */
        {0x2100, 0x214F}, /* letter-like symbols: ℓ ℮ K (Kelvin)... */
        {0xA640, 0xA69F}, /* Cyrillic Extended-B */
        {0xAB70, 0xABBF}, /* Cherokee small letters */
    };
    UErrorCode err = U_ZERO_ERROR;
    USpoofChecker *sc = uspoof_open(&err);
    if (U_FAILURE(err) || !sc)
        return; /* no data: no homoglyph is folded, matching goes on without */
    size_t cap = 1024;
    conf *t = malloc(cap * sizeof *t);
    size_t n = 0;
    for (size_t r = 0; t && r < sizeof ranges / sizeof ranges[0]; r++) {
        for (uint32_t c = ranges[r][0]; c <= ranges[r][1]; c++) {
            if (!u_isalpha((UChar32)c))
                continue;
            UChar in[2], out[8];
            int32_t len = 0;
            U16_APPEND_UNSAFE(in, len, c);
            err = U_ZERO_ERROR;
            int32_t k = uspoof_getSkeleton(sc, 0, in, len, out, 8, &err);
            if (U_FAILURE(err) || k != 1 || out[0] >= 0x80 ||
                !((out[0] >= 'a' && out[0] <= 'z') || (out[0] >= 'A' && out[0] <= 'Z')))
                continue;
            if (n == cap) {
                conf *nt = realloc(t, (cap *= 2) * sizeof *t);
                if (!nt)
                    break;
                t = nt;
            }
            char a = (char)out[0];
            t[n++] = (conf){c, (char)(a >= 'A' && a <= 'Z' ? a + ('a' - 'A') : a)};
        }
    }
    uspoof_close(sc);
    table = t;
    n_table = t ? n : 0;
}

char fa_confusable_ascii(uint32_t c)
{
    if (c < 0x80)
        return 0;
    pthread_once(&once, build);
    size_t lo = 0, hi = n_table; /* built in code point order */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (table[mid].c == c)
            return table[mid].ascii;
        if (table[mid].c < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}
