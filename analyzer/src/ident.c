/* ident.c — state identifiers and bank details found in filled forms: NIR (French social
 * security number, with Corsica 2A/2B), IBAN (ISO 13616, mod 97) and SPI (French tax
 * number, mod 511). A candidate only counts when its checksum holds, so phone numbers
 * and dates are not reported as identifiers. Masking keeps the few leading characters
 * a reader needs to recognise the kind (NIR: sex, year, month) and hides the rest, so a
 * report never repeats an identifier (CONTRACT.md §5). */
#include "ident.h"

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
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5}, {2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
        {3, 4, 0, 1, 2, 8, 9, 5, 6, 7}, {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
        {6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3}, {8, 7, 6, 5, 9, 3, 2, 1, 0, 4},
        {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
    static const unsigned char p[8][10] = {
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4}, {5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
        {8, 9, 1, 6, 0, 4, 3, 5, 2, 7}, {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
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

/* Mask TEXT[a..b) in OUT (same offsets), keeping the first KEEP significant characters. */
static void mask_span(char *out, size_t a, size_t b, size_t keep)
{
    size_t k = 0;
    for (size_t i = a; i < b; i++) {
        if (is_alnum((unsigned char)out[i])) {
            if (k >= keep)
                out[i] = '*';
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

char *fa_ident_mask(const char *text)
{
    if (!text)
        return strdup("");
    size_t n = strlen(text);
    char *out = strdup(text);
    if (!out)
        return NULL;
    size_t pos = 0, a, b;
    fa_ident_kind k;
    while ((k = fa_ident_find(text, n, pos, &a, &b)) != FA_ID_NONE) {
        mask_span(out, a, b, keep_for(k));
        pos = b;
    }
    return out;
}

char *fa_ident_mask_value(const char *text)
{
    if (!text)
        return strdup("");
    char *out = strdup(text);
    if (!out)
        return NULL;
    size_t n = strlen(out);
    /* Find the first significant character to guess the shape. */
    size_t i = 0;
    while (i < n && !is_alnum((unsigned char)out[i]))
        i++;
    size_t keep = 2;
    if (i + 1 < n && is_upper(up((unsigned char)out[i])) && is_upper(up((unsigned char)out[i + 1])))
        keep = 4;
    else if (i < n && is_digit((unsigned char)out[i])) {
        char c[40];
        size_t k = squeeze(out, n, c, 34);
        keep = k == 15 ? 5 : 2;
    }
    mask_span(out, 0, n, keep);
    return out;
}

/* A chunk of an identifier-like run: letters and digits with at least one digit, or at
 * most two letters ("FR", "QQ", "2B", the key letter of an INE). */
static bool id_chunk(const char *s, size_t a, size_t b, size_t *digits)
{
    size_t d = 0;
    for (size_t i = a; i < b; i++)
        d += is_digit((unsigned char)s[i]);
    *digits = d;
    return d > 0 || b - a <= 2;
}

bool fa_ident_maybe(const char *s, size_t n)
{
    size_t d = 0;
    for (size_t i = 0; i < n && d < FA_ID_LOOSE_DIGITS; i++)
        d += is_digit((unsigned char)s[i]);
    return d >= FA_ID_LOOSE_DIGITS;
}

char *fa_ident_mask_loose(const char *text)
{
    char *out = fa_ident_mask(text);
    if (!out)
        return NULL;
    size_t n = strlen(out), i = 0;
    while (i < n) {
        if (!is_alnum((unsigned char)out[i])) {
            i++;
            continue;
        }
        /* a run of chunks joined by single spaces or dots: "2310453721F",
         * "QQ 12 34 56 C", "06.12.34.56.78" */
        size_t start = i, end = i, digits = 0;
        for (;;) {
            size_t a = end, b = a, d;
            while (b < n && is_alnum((unsigned char)out[b]))
                b++;
            if (!id_chunk(out, a, b, &d))
                break;
            digits += d;
            end = b;
            if (b + 1 < n && (out[b] == ' ' || out[b] == '.') &&
                is_alnum((unsigned char)out[b + 1]))
                end = b + 1;
            else
                break;
        }
        if (end > start && out[end - 1] == ' ')
            end--;
        if (end > start && out[end - 1] == '.')
            end--;
        if (digits >= FA_ID_LOOSE_DIGITS)
            mask_span(out, start, end, 2);
        /* past this run, or past the word that is no chunk */
        i = end > start ? end : start + 1;
        while (i < n && is_alnum((unsigned char)out[i]))
            i++;
    }
    return out;
}
