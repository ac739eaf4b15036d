/* ident.c — state identifiers and bank details found in filled forms: NIR (French social
 * security number, with Corsica 2A/2B), IBAN (ISO 13616, mod 97) and SPI (French tax
 * number, mod 511). A candidate only counts when its checksum holds, so phone numbers
 * and dates are not reported as identifiers. Masking keeps the few leading characters
 * a reader needs to recognise the kind (NIR: sex, year, month) and hides the rest, so a
 * report never repeats an identifier (CONTRACT.md §5). */
#include "ident.h"
#include "util.h"

#include <glib.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const char *fa_ident_kind_name(fa_ident_kind k)
{
    switch (k) {
    case FA_ID_NIR:
        return "nir";
    case FA_ID_IBAN:
        return "iban";
    case FA_ID_SPI:
        return "spi";
    case FA_ID_BE_NRN:
        return "be_nrn";
    case FA_ID_CH_AVS:
        return "ch_avs";
    case FA_ID_LU_MAT:
        return "lu_matricule";
    default:
        return "none";
    }
}

fa_ident_kind fa_ident_kind_from_name(const char *name)
{
    for (int k = FA_ID_NIR; name && k <= FA_ID_LU_MAT; k++)
        if (!strcmp(name, fa_ident_kind_name((fa_ident_kind)k)))
            return (fa_ident_kind)k;
    return FA_ID_NONE;
}

/* ---------------------------------------------------------------- scanning helpers */

static bool is_digit(int c)
{
    return c >= '0' && c <= '9';
}
static bool is_upper(int c)
{
    return c >= 'A' && c <= 'Z';
}
static bool is_alnum(int c)
{
    return is_digit(c) || is_upper(c) || (c >= 'a' && c <= 'z');
}
static int up(int c)
{
    return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

/* Length of a separator allowed inside an identifier at S (space, NBSP, narrow NBSP,
 * dot, hyphen), 0 if none. Forms print "1 84 05 75 123 456 78" or "FR76 3000 6000…". */
static size_t sep_len(const unsigned char *s, size_t n)
{
    if (n >= 1 && (s[0] == ' ' || s[0] == '.' || s[0] == '-' || s[0] == '\t'))
        return 1;
    if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0)
        return 2;
    if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0xAF || s[2] == 0x89))
        return 3;
    return 0;
}

/* Collect up to MAX significant (alphanumeric) characters from TEXT[pos..n), allowing one
 * separator between them. Fills OUT (upper-cased) and ENDS[i] = offset just after the
 * i-th character. Returns the count. */
static size_t collect(const char *text, size_t n, size_t pos, size_t max, char *out, size_t *ends)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t k = 0;
    while (pos < n && k < max) {
        if (is_alnum(s[pos])) {
            out[k] = (char)up(s[pos]);
            ends[k++] = ++pos;
            continue;
        }
        size_t sl = k ? sep_len(s + pos, n - pos) : 0;
        if (sl && pos + sl < n && is_alnum(s[pos + sl])) {
            pos += sl;
            continue;
        }
        break;
    }
    return k;
}

/* Significant characters of a whole candidate string (spaces allowed inside). */
static size_t squeeze(const char *s, size_t n, char *out, size_t max)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (is_alnum(c)) {
            if (k == max)
                return max + 1;
            out[k++] = (char)up(c);
        } else if (c == ' ' || c == '.' || c == '-' || c == '\t' || c >= 0x80) {
            continue;
        } else {
            return max + 1;
        }
    }
    return k;
}

/* ---------------------------------------------------------------- NIR */

/* C: 15 characters, digits except 2A/2B at positions 6-7. */
static bool nir_check(const char *c)
{
    if (!(c[0] == '1' || c[0] == '2' || c[0] == '3' || c[0] == '4' || c[0] == '7' || c[0] == '8'))
        return false;
    for (int i = 0; i < 15; i++) {
        if (i == 6 && c[5] == '2' && (c[6] == 'A' || c[6] == 'B'))
            continue;
        if (!is_digit(c[i]))
            return false;
    }
    int month = (c[3] - '0') * 10 + (c[4] - '0');
    if (month == 0 || (month > 12 && month < 20) || (month > 42 && month < 50))
        return false;
    /* Corsica: 2A counts as 19, 2B as 18 in the 13-digit number. */
    uint64_t v = 0;
    for (int i = 0; i < 13; i++) {
        int d;
        if (i == 5 && (c[6] == 'A' || c[6] == 'B'))
            d = 1;
        else if (i == 6 && c[6] == 'A')
            d = 9;
        else if (i == 6 && c[6] == 'B')
            d = 8;
        else
            d = c[i] - '0';
        v = v * 10 + (uint64_t)d;
    }
    int key = (c[13] - '0') * 10 + (c[14] - '0');
    return key == (int)(97 - v % 97);
}

bool fa_nir_valid(const char *s, size_t n)
{
    char c[16];
    if (!s || squeeze(s, n, c, 15) != 15)
        return false;
    return nir_check(c);
}

/* ---------------------------------------------------------------- IBAN */

static bool iban_check(const char *c, size_t k)
{
    if (k < 15 || k > 34 || !is_upper(c[0]) || !is_upper(c[1]) || !is_digit(c[2]) ||
        !is_digit(c[3]))
        return false;
    unsigned rem = 0;
    for (size_t j = 0; j < k; j++) {
        char ch = c[(j + 4) % k];
        if (is_digit(ch))
            rem = (rem * 10 + (unsigned)(ch - '0')) % 97;
        else if (is_upper(ch))
            rem = (rem * 100 + (unsigned)(ch - 'A' + 10)) % 97;
        else
            return false;
    }
    return rem == 1;
}

/* Length of the IBAN of a few countries met on French forms; 0 = unknown (15..34). */
static size_t iban_country_len(const char *c)
{
    static const struct {
        char cc[3];
        unsigned char len;
    } t[] = {{"FR", 27}, {"MC", 27}, {"DE", 22}, {"BE", 16}, {"ES", 24}, {"IT", 27},
             {"GB", 22}, {"CH", 21}, {"LU", 20}, {"NL", 18}, {"PT", 25}, {"AT", 20}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (c[0] == t[i].cc[0] && c[1] == t[i].cc[1])
            return t[i].len;
    return 0;
}

bool fa_iban_valid(const char *s, size_t n)
{
    char c[40];
    size_t k = s ? squeeze(s, n, c, 34) : 0;
    if (k < 15 || k > 34)
        return false;
    size_t want = iban_country_len(c);
    return (!want || want == k) && iban_check(c, k);
}

/* ---------------------------------------------------------------- SPI */

static bool spi_check(const char *c)
{
    for (int i = 0; i < 13; i++)
        if (!is_digit(c[i]))
            return false;
    if (c[0] > '3')
        return false;
    uint64_t v = 0;
    for (int i = 0; i < 10; i++)
        v = v * 10 + (uint64_t)(c[i] - '0');
    unsigned key = (unsigned)((c[10] - '0') * 100 + (c[11] - '0') * 10 + (c[12] - '0'));
    return key == v % 511;
}

bool fa_spi_valid(const char *s, size_t n)
{
    char c[16];
    if (!s || squeeze(s, n, c, 13) != 13)
        return false;
    return spi_check(c);
}

/* ---------------------------------------------------------------- neighbours' numbers */

static bool all_digits(const char *c, int n)
{
    for (int i = 0; i < n; i++)
        if (!is_digit(c[i]))
            return false;
    return true;
}

static uint64_t number(const char *c, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (uint64_t)(c[i] - '0');
    return v;
}

/* Belgium: birth date (month 00-12, +20 or +40 for bis numbers; day 00-31), serial,
 * key 97 - (first 9 mod 97), the first 9 prefixed by 2 for births from 2000. */
static bool be_nrn_check(const char *c)
{
    if (!all_digits(c, 11))
        return false;
    int mm = ((c[2] - '0') * 10 + (c[3] - '0')) % 20, dd = (c[4] - '0') * 10 + (c[5] - '0');
    if (mm > 12 || dd > 31)
        return false;
    uint64_t base = number(c, 9), key = number(c + 9, 2);
    return key == 97 - base % 97 || key == 97 - (2000000000ull + base) % 97;
}

/* Switzerland: 756, then 9 digits, then an EAN-13 check digit (weights 1 and 3). */
static bool ch_avs_check(const char *c)
{
    if (!all_digits(c, 13) || c[0] != '7' || c[1] != '5' || c[2] != '6')
        return false;
    int sum = 0;
    for (int i = 0; i < 12; i++)
        sum += (c[i] - '0') * (i % 2 ? 3 : 1);
    return (10 - sum % 10) % 10 == c[12] - '0';
}

static int luhn_digit(const char *c, int n)
{
    int sum = 0;
    for (int i = 0; i < n; i++) {
        int d = c[n - 1 - i] - '0';
        if (i % 2 == 0 && (d *= 2) > 9)
            d -= 9;
        sum += d;
    }
    return (10 - sum % 10) % 10;
}

static int verhoeff_digit(const char *c, int n)
{
    static const unsigned char d[10][10] = {
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
        {2, 3, 4, 0, 1, 7, 8, 9, 5, 6}, {3, 4, 0, 1, 2, 8, 9, 5, 6, 7},
        {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
        {6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
        {8, 7, 6, 5, 9, 3, 2, 1, 0, 4}, {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
    static const unsigned char p[8][10] = {
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
        {5, 8, 0, 3, 7, 9, 6, 1, 4, 2}, {8, 9, 1, 6, 0, 4, 3, 5, 2, 7},
        {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
        {2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}};
    static const unsigned char inv[10] = {0, 4, 3, 2, 1, 5, 6, 7, 8, 9};
    int x = 0;
    for (int i = 0; i < n; i++)
        x = d[x][p[(i + 1) % 8][c[n - 1 - i] - '0']];
    return inv[x];
}

/* Luxembourg: YYYYMMDD (month 01-12, day 01-31), 3 digits, Luhn then Verhoeff over the
 * first 11. */
static bool lu_mat_check(const char *c)
{
    if (!all_digits(c, 13) || !((c[0] == '1' && c[1] == '9') || (c[0] == '2' && c[1] == '0')))
        return false;
    int mm = (c[4] - '0') * 10 + (c[5] - '0'), dd = (c[6] - '0') * 10 + (c[7] - '0');
    if (mm < 1 || mm > 12 || dd < 1 || dd > 31)
        return false;
    return luhn_digit(c, 11) == c[11] - '0' && verhoeff_digit(c, 11) == c[12] - '0';
}

bool fa_be_nrn_valid(const char *s, size_t n)
{
    char c[16];
    return s && squeeze(s, n, c, 11) == 11 && be_nrn_check(c);
}

bool fa_ch_avs_valid(const char *s, size_t n)
{
    char c[16];
    return s && squeeze(s, n, c, 13) == 13 && ch_avs_check(c);
}

bool fa_lu_matricule_valid(const char *s, size_t n)
{
    char c[16];
    return s && squeeze(s, n, c, 13) == 13 && lu_mat_check(c);
}

/* ---------------------------------------------------------------- finding */

/* True when P continues a spaced digit run ("12 34"): a number does not start there. */
static bool inside_number(const unsigned char *s, size_t p)
{
    return p >= 2 && (s[p - 1] == ' ' || s[p - 1] == '.') && is_digit(s[p - 2]);
}

fa_ident_kind fa_ident_find(const char *text, size_t n, size_t from, size_t *start, size_t *end)
{
    const unsigned char *s = (const unsigned char *)text;
    char c[40];
    size_t ends[40];
    if (!text)
        return FA_ID_NONE;
    for (size_t p = from; p < n; p++) {
        /* every kind starts with a digit (NIR, SPI) or two capitals (IBAN), at the start
         * of a word: skip the words of prose before collecting 34 characters across them
         * (the cheapest test first: most bytes are lower-case letters) */
        if (!is_digit(s[p]) && !is_upper(s[p]))
            continue;
        if (p > 0 && is_alnum(s[p - 1]))
            continue;
        if (!is_digit(s[p]) && !(p + 1 < n && is_upper(s[p + 1])))
            continue;
        size_t k = collect(text, n, p, 34, c, ends);
        /* NIR: exactly 15 characters ending at a boundary. */
        if (k >= 15 && is_digit(s[p]) && !inside_number(s, p) && (k == 15 || !is_digit(c[15]))) {
            if (ends[14] >= n || !is_alnum(s[ends[14]])) {
                if (nir_check(c)) {
                    *start = p;
                    *end = ends[14];
                    return FA_ID_NIR;
                }
            }
        }
        /* IBAN: two letters, two digits, then the country's length (or the longest
         * checksum-valid run between 15 and 34 characters that ends a group). */
        if (k >= 15 && is_upper(c[0]) && is_upper(c[1]) && is_digit(c[2]) && is_digit(c[3]) &&
            p + 1 < n && is_upper(s[p]) && is_upper(s[p + 1])) {
            size_t want = iban_country_len(c);
            for (size_t len = want ? want : k; len >= 15 && len <= k; len--) {
                size_t e = ends[len - 1];
                if ((e >= n || !is_alnum(s[e])) && iban_check(c, len)) {
                    *start = p;
                    *end = e;
                    return FA_ID_IBAN;
                }
                if (want)
                    break;
            }
        }
        /* SPI: a run of exactly 13 digits ending at a boundary; the Swiss AVS and the
         * Luxembourg matricule have 13 digits too, each with its own checks. */
        if (k >= 13 && is_digit(s[p]) && !inside_number(s, p) && (k == 13 || !is_digit(c[13]))) {
            size_t e = ends[12];
            if (e >= n || !is_alnum(s[e])) {
                fa_ident_kind kind = spi_check(c)      ? FA_ID_SPI
                                     : ch_avs_check(c) ? FA_ID_CH_AVS
                                     : lu_mat_check(c) ? FA_ID_LU_MAT
                                                       : FA_ID_NONE;
                if (kind != FA_ID_NONE) {
                    *start = p;
                    *end = e;
                    return kind;
                }
            }
        }
        /* Belgian national register number: exactly 11 digits. */
        if (k >= 11 && is_digit(s[p]) && !inside_number(s, p) && (k == 11 || !is_digit(c[11]))) {
            size_t e = ends[10];
            if ((e >= n || !is_alnum(s[e])) && be_nrn_check(c)) {
                *start = p;
                *end = e;
                return FA_ID_BE_NRN;
            }
        }
    }
    return FA_ID_NONE;
}

/* ---------------------------------------------------------------- masking */

/* Masking runs on an ASCII "shadow" of the text, each byte mapped back to the original
 * character it comes from, so that the identifiers people actually write are found:
 * digits of any script (Unicode Nd: fullwidth "２８４", Arabic-Indic "٢٨٤"...) and
 * fullwidth or mathematical letters fold to ASCII, invisible characters (zero-width
 * spaces, soft hyphens, bidi marks, combining marks) vanish, every kind of space is a
 * space, dashes are '-'. The detectors above then run unchanged on the shadow, with '/',
 * ',' and '_' read as spaces ("2/84/05/75/416/516/49"), and the characters they cover
 * are replaced in the original. */

enum { FOLD_DROP = 0x01, FOLD_OTHER = 0x7F }; /* besides ASCII 0x20..0x7E */

static unsigned char fold_cp(gunichar c)
{
    if (c < 0x80)
        return (unsigned char)c;
    GUnicodeType t = g_unichar_type(c);
    if (t == G_UNICODE_FORMAT || t == G_UNICODE_NON_SPACING_MARK || t == G_UNICODE_ENCLOSING_MARK)
        return FOLD_DROP;
    if (g_unichar_isspace(c) || t == G_UNICODE_SPACE_SEPARATOR)
        return ' ';
    int v = g_unichar_digit_value(c);
    if (v >= 0 && v <= 9)
        return (unsigned char)('0' + v);
    if ((c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0xFE58 || c == 0xFE63)
        return '-';
    if (c == 0x2044 || c == 0x2215)
        return '/';
    gunichar d[4];
    if (g_unichar_fully_decompose(c, TRUE, d, 4) == 1 && d[0] < 0x7F &&
        (g_ascii_isalnum((gchar)d[0]) || strchr("-/.,_", (int)d[0])))
        return (unsigned char)d[0]; /* fullwidth, mathematical, circled... */
    return FOLD_OTHER;
}

/* The fold of BMP characters, computed a block of 256 at a time when first needed
 * (French text meets two or three blocks; all of them would take 2 ms to fold). */
static unsigned char fold_bmp[0x10000];
static _Atomic unsigned char fold_ready[0x100];
static pthread_mutex_t fold_lock = PTHREAD_MUTEX_INITIALIZER;

static unsigned char fold_bmp_at(gunichar c)
{
    unsigned blk = c >> 8;
    if (!atomic_load_explicit(&fold_ready[blk], memory_order_acquire)) {
        pthread_mutex_lock(&fold_lock);
        if (!atomic_load_explicit(&fold_ready[blk], memory_order_relaxed)) {
            for (gunichar k = blk << 8; k < (blk + 1) << 8; k++)
                fold_bmp[k] = k >= 0xD800 && k < 0xE000 ? FOLD_OTHER : fold_cp(k);
            atomic_store_explicit(&fold_ready[blk], 1, memory_order_release);
        }
        pthread_mutex_unlock(&fold_lock);
    }
    return fold_bmp[c];
}

/* The character at S (N bytes left): its fold, its length in *len. */
static unsigned char fold_at(const char *s, size_t n, size_t *len)
{
    unsigned char b = (unsigned char)s[0];
    if (b < 0x80) {
        *len = 1;
        return b;
    }
    gunichar c = g_utf8_get_char_validated(s, (gssize)n);
    if (c == (gunichar)-1 || c == (gunichar)-2) {
        *len = 1;
        return FOLD_OTHER;
    }
    *len = (size_t)g_utf8_skip[b];
    return c < 0x10000 ? fold_bmp_at(c) : fold_cp(c);
}

/* The shadow: S[0..n) in ASCII; AT[i] the original offset of S[i] (AT[n] the original
 * length), or AT NULL when S is a plain copy (ASCII text, no letter/digit split). */
typedef struct idtext {
    char *s;
    size_t n;
    size_t *at;
} idtext;

static void idtext_free(idtext *t)
{
    free(t->s);
    free(t->at);
}

/* SPLIT: a space between a letter and a digit (file names: "NIR284057577788802"). */
static bool idtext_make(idtext *t, const char *text, size_t len, bool split)
{
    memset(t, 0, sizeof *t);
    bool ascii = true;
    for (size_t i = 0; i < len && ascii; i++)
        ascii = (unsigned char)text[i] < 0x80;
    if (ascii && !split) {
        t->s = malloc(len + 1);
        if (!t->s)
            return false;
        memcpy(t->s, text, len);
        t->s[len] = 0;
        t->n = len;
        return true;
    }
    size_t cap = 2 * len + 1; /* a split adds at most one byte per character */
    t->s = malloc(cap);
    t->at = malloc((cap + 1) * sizeof *t->at);
    if (!t->s || !t->at) {
        idtext_free(t);
        return false;
    }
    for (size_t i = 0, k; i < len; i += k) {
        unsigned char f = fold_at(text + i, len - i, &k);
        if (f == FOLD_DROP)
            continue;
        if (split && t->n &&
            ((is_digit(f) && g_ascii_isalpha(t->s[t->n - 1])) ||
             (g_ascii_isalpha((gchar)f) && is_digit(t->s[t->n - 1])))) {
            t->at[t->n] = i;
            t->s[t->n++] = ' ';
        }
        t->at[t->n] = i;
        t->s[t->n++] = (char)f;
    }
    t->at[t->n] = len;
    t->s[t->n] = 0;
    return true;
}

/* Mark in M the significant characters of SHADOW[a..b) past the first KEEP. */
static void mark(const char *s, unsigned char *m, size_t a, size_t b, size_t keep)
{
    size_t k = 0;
    for (size_t i = a; i < b; i++) {
        if (is_alnum((unsigned char)s[i])) {
            if (k >= keep)
                m[i] = 1;
            k++;
        }
    }
}

static size_t keep_for(fa_ident_kind kind)
{
    switch (kind) {
    case FA_ID_NIR:
        return 5; /* sex, year, month: "2 84 05 ** *** *** **" */
    case FA_ID_IBAN:
        return 4; /* country and key: "FR76 **** ****…" */
    default:
        return 2;
    }
}

/* A NIR without its key, as forms often ask it (13 characters, digits but 2A/2B):
 * sex digit and month checked, no checksum to check. Marked like a NIR. */
static void mark_nir13(const char *d, size_t n, unsigned char *m)
{
    const unsigned char *s = (const unsigned char *)d;
    char c[20];
    size_t ends[20];
    for (size_t p = 0; p < n; p++) {
        if (!is_digit(s[p]) || (p > 0 && is_alnum(s[p - 1])) || inside_number(s, p))
            continue;
        size_t k = collect(d, n, p, 14, c, ends);
        if (k != 13 || (ends[12] < n && is_alnum(s[ends[12]])))
            continue;
        bool ok = strchr("123478", c[0]) != NULL;
        for (int i = 0; i < 13 && ok; i++)
            ok = is_digit(c[i]) || (i == 6 && c[5] == '2' && (c[6] == 'A' || c[6] == 'B'));
        int month = ok ? (c[3] - '0') * 10 + (c[4] - '0') : 0;
        if (!ok || month == 0 || (month > 12 && month < 20) || (month > 42 && month < 50))
            continue;
        mark(d, m, p, ends[12], 5);
        p = ends[12];
    }
}

/* Units and words around the numbers formaudit's own messages print ("declared size
 * 2147483648 bytes", "byte 1888943"): such a number is a measure, not an identifier. */
static bool measure(const char *s, size_t n, size_t a, size_t b)
{
    static const char *const after[] = {
        " bytes", " byte",       " MiB",      " KiB",     " GiB",        " MB",    " KB",
        " GB",    " entries",    " nodes",    " rules",   " fields",     " pages", " options",
        " lines", " attributes", " findings", " filters", " characters", ":1"};
    static const char *const before[] = {"byte ", "line ", "offset ", "object ",
                                         "page ", "size ", "limit "};
    for (size_t i = 0; i < sizeof after / sizeof after[0]; i++) {
        size_t k = strlen(after[i]);
        if (b + k <= n && !memcmp(s + b, after[i], k) &&
            (b + k == n || !is_alnum((unsigned char)s[b + k])))
            return true;
    }
    for (size_t i = 0; i < sizeof before / sizeof before[0]; i++) {
        size_t k = strlen(before[i]);
        if (a >= k && !memcmp(s + a - k, before[i], k))
            return true;
    }
    return false;
}

enum { MASK_LOOSE = 1, MASK_PATH = 2, MASK_MESSAGE = 4 };

/* A chunk of an identifier-like run: letters and digits with at least one digit, or at
 * most two capitals ("FR", "QQ", "2B", the key letter of an INE; not "du", "et"). */
static bool id_chunk(const char *s, size_t a, size_t b, size_t *digits)
{
    size_t d = 0;
    bool upper = true;
    for (size_t i = a; i < b; i++) {
        d += is_digit((unsigned char)s[i]);
        upper = upper && !(s[i] >= 'a' && s[i] <= 'z');
    }
    *digits = d;
    return d > 0 || (b - a <= 2 && upper);
}

/* The joiner of two chunks at S[b..]: its length, 0 if none. A single space or dot
 * ("06 12 34", "06.12.34"), or '-', '/', ',' or '_' with a space on either side or
 * none ("2/84/05", "2 - 84"): *ext then, and the run needs more digits (dates and legal
 * references, "12/03/2010", "2016-1547", have 8 at most). */
static size_t joiner(const char *s, size_t n, size_t b, const unsigned char *m, bool *ext)
{
    size_t j = b;
    if (j < n && s[j] == ' ')
        j++;
    if (j < n && strchr("-/,_", s[j]) && s[j]) {
        j++;
        if (j < n && s[j] == ' ')
            j++;
        *ext = true;
    } else if (j == b && j < n && s[j] == '.') {
        j++;
    }
    if (j == b || j >= n || !is_alnum((unsigned char)s[j]) || m[j])
        return 0;
    return j - b;
}

/* Identifier-like runs whatever their checksum (fa_ident_mask_loose): the first two
 * characters kept. M's marks break runs (a checksum identifier keeps its own shape). */
static void mark_loose(const char *s, size_t n, unsigned char *m, unsigned mode)
{
    size_t i = 0;
    while (i < n) {
        if (!is_alnum((unsigned char)s[i]) || m[i]) {
            i++;
            continue;
        }
        size_t start = i, end = i, digits = 0, chunks = 0;
        bool ext = false, ok = false, next_ext = false;
        for (;;) {
            size_t a = end, b = a, d;
            while (b < n && is_alnum((unsigned char)s[b]) && !m[b])
                b++;
            if (!id_chunk(s, a, b, &d))
                break;
            ok = true;
            ext = ext || next_ext; /* the joiner before this chunk counts */
            digits += d;
            chunks++;
            end = b;
            next_ext = false;
            size_t j = joiner(s, n, b, m, &next_ext);
            if (!j)
                break;
            end = b + j;
        }
        while (end > start && !is_alnum((unsigned char)s[end - 1]))
            end--;
        bool exempt = (mode & MASK_MESSAGE) && chunks == 1 && digits == end - start &&
                      measure(s, n, start, end);
        if (ok && !exempt && digits >= (ext ? FA_ID_LOOSE_DIGITS_SEP : FA_ID_LOOSE_DIGITS))
            mark(s, m, start, end, 2);
        i = end > start ? end : start + 1;
        while (i < n && is_alnum((unsigned char)s[i]))
            i++;
    }
}

/* Copy of TEXT[0..len) with the characters of the shadow marked in M replaced by '*'. */
static char *render(const char *text, size_t len, const idtext *t, const unsigned char *m)
{
    fa_buf b = {.cap = len * 2 + 16};
    size_t from = t->at ? t->at[0] : 0;
    fa_status st = fa_buf_append(&b, text, from);
    for (size_t i = 0; i < t->n && st == FA_OK; i++) {
        size_t a = t->at ? t->at[i] : i, e = t->at ? t->at[i + 1] : i + 1;
        if (m[i])
            st = fa_buf_putc(&b, '*');
        else
            st = fa_buf_append(&b, text + a, e - a);
    }
    if (st == FA_OK && !b.data)
        st = fa_buf_puts(&b, "");
    if (st != FA_OK) {
        fa_buf_free(&b);
        return NULL;
    }
    return fa_buf_steal(&b);
}

/* The extension of the file name ending PATH[0..len) (".pdf"): its offset, or LEN. */
static size_t extension_at(const char *path, size_t len)
{
    size_t i = len, letters = 0;
    while (i > 0 && len - i <= 6 && g_ascii_isalnum(path[i - 1]))
        letters += g_ascii_isalpha(path[--i]) != 0;
    if (i > 1 && path[i - 1] == '.' && i < len && letters && path[i - 2] != '/')
        return i - 1;
    return len;
}

static char *mask_text(const char *text, unsigned mode)
{
    if (!text)
        text = "";
    size_t len = strlen(text);
    if (!fa_ident_maybe(text, len)) /* every identifier has more digits */
        return strdup(text);
    idtext t;
    if (!idtext_make(&t, text, len, mode & MASK_PATH))
        return NULL;
    unsigned char *m = calloc(t.n + 1, 1), *dm = calloc(t.n + 1, 1);
    char *d = malloc(t.n + 1);
    size_t *dmap = malloc((t.n + 1) * sizeof *dmap), dn = 0;
    char *out = NULL;
    if (m && dm && d && dmap) {
        /* What the detectors read: separators between two significant characters, up
         * to three with one '-' '/' ',' '_' or '.' at most ("2/84", "2 - 84"), as one
         * space; DMAP takes each of its bytes back to the shadow. */
        for (size_t i = 0; i < t.n;) {
            size_t j = i, punct = 0;
            while (j < t.n && j - i < 3 && (t.s[j] == ' ' || strchr("-/,_.", t.s[j])))
                punct += t.s[j++] != ' ';
            if (j > i && i > 0 && j < t.n && is_alnum((unsigned char)t.s[i - 1]) &&
                is_alnum((unsigned char)t.s[j]) && punct <= 1 && (j - i == 1 || punct)) {
                dmap[dn] = i;
                d[dn++] = ' ';
                i = j;
            } else {
                dmap[dn] = i;
                d[dn++] = t.s[i++];
            }
        }
        d[dn] = 0;
        size_t pos = 0, a, b;
        fa_ident_kind k;
        while ((k = fa_ident_find(d, dn, pos, &a, &b)) != FA_ID_NONE) {
            mark(d, dm, a, b, keep_for(k));
            pos = b;
        }
        mark_nir13(d, dn, dm);
        for (size_t i = 0; i < dn; i++)
            if (dm[i])
                m[dmap[i]] = 1;
        if (mode)
            mark_loose(t.s, t.n, m, mode);
        if (mode & MASK_PATH) { /* the extension says what the file is: kept */
            size_t ext = extension_at(text, len);
            for (size_t i = 0; i < t.n; i++)
                if ((t.at ? t.at[i] : i) >= ext)
                    m[i] = 0;
        }
        out = render(text, len, &t, m);
    }
    free(m);
    free(dm);
    free(d);
    free(dmap);
    idtext_free(&t);
    return out;
}

char *fa_ident_mask(const char *text)
{
    return mask_text(text, 0);
}

char *fa_ident_mask_loose(const char *text)
{
    return mask_text(text, MASK_LOOSE);
}

char *fa_ident_mask_path(const char *path)
{
    return mask_text(path, MASK_LOOSE | MASK_PATH);
}

char *fa_ident_mask_message(const char *message)
{
    return mask_text(message, MASK_LOOSE | MASK_MESSAGE);
}

char *fa_ident_mask_value(const char *text)
{
    if (!text)
        text = "";
    size_t len = strlen(text);
    idtext t;
    if (!idtext_make(&t, text, len, false))
        return NULL;
    unsigned char *m = calloc(t.n + 1, 1);
    char *out = NULL;
    if (m) {
        /* the first significant characters tell the shape */
        size_t i = 0;
        while (i < t.n && !is_alnum((unsigned char)t.s[i]))
            i++;
        size_t keep = 2;
        if (i + 1 < t.n && is_upper(up((unsigned char)t.s[i])) &&
            is_upper(up((unsigned char)t.s[i + 1])))
            keep = 4;
        else if (i < t.n && is_digit((unsigned char)t.s[i])) {
            char c[40];
            keep = squeeze(t.s, t.n, c, 34) == 15 ? 5 : 2;
        }
        mark(t.s, m, 0, t.n, keep);
        out = render(text, len, &t, m);
    }
    free(m);
    idtext_free(&t);
    return out;
}

bool fa_ident_maybe(const char *s, size_t n)
{
    size_t d = 0;
    bool wide = false;
    for (size_t i = 0; i < n && d < FA_ID_LOOSE_DIGITS; i++) {
        d += is_digit((unsigned char)s[i]);
        wide = wide || (unsigned char)s[i] >= 0x80;
    }
    for (size_t i = 0, k; wide && i < n && d < FA_ID_LOOSE_DIGITS; i += k)
        if ((unsigned char)s[i] >= 0x80)
            d += is_digit(fold_at(s + i, n - i, &k));
        else
            k = 1;
    return d >= FA_ID_LOOSE_DIGITS;
}
