/* ident.h — state identifiers and bank details: detection with checksums, masking.
 * A value that fails its checksum is not an identifier. */
#ifndef FA_IDENT_H
#define FA_IDENT_H

#include <stdbool.h>
#include <stddef.h>

typedef enum fa_ident_kind {
    FA_ID_NONE = 0,
    FA_ID_NIR,
    FA_ID_IBAN,
    FA_ID_SPI,
    FA_ID_BE_NRN, /* Belgian national register number (NISS) */
    FA_ID_CH_AVS, /* Swiss AVS / AHV number 756.xxxx.xxxx.xx */
    FA_ID_LU_MAT  /* Luxembourg national identification number (matricule) */
} fa_ident_kind;

const char *fa_ident_kind_name(fa_ident_kind k); /* "nir", "iban", "spi", "be_nrn"... */
/* The kind named NAME (as fa_ident_kind_name), or FA_ID_NONE. */
fa_ident_kind fa_ident_kind_from_name(const char *name);

/* Checks on a candidate (spaces allowed inside). */
bool fa_nir_valid(const char *s, size_t n);  /* 15 chars incl. 2A/2B, key 97 - n mod 97 */
bool fa_iban_valid(const char *s, size_t n); /* mod 97 == 1 */
bool fa_spi_valid(const char *s, size_t n);  /* 13 digits, first 0-3, last 3 = first 10 mod 511 */
/* 11 digits YYMMDDSSSCC, CC = 97 - (first 9 mod 97), or with "2" before them for births
 * from 2000 (loi du 8 août 1983 organisant un registre national). */
bool fa_be_nrn_valid(const char *s, size_t n);
/* 13 digits starting 756, EAN-13 check digit (LAVS art. 50c; 756.1234.5678.97). */
bool fa_ch_avs_valid(const char *s, size_t n);
/* 13 digits YYYYMMDDXXXCC: a Luhn digit then a Verhoeff digit, both over the first 11
 * (loi du 19 juin 2013 relative à l'identification des personnes physiques). */
bool fa_lu_matricule_valid(const char *s, size_t n);

/* Find the next checksum-valid identifier in TEXT[from..n): returns its kind and sets
 * [*start, *end) (byte offsets), or FA_ID_NONE. */
fa_ident_kind fa_ident_find(const char *text, size_t n, size_t from, size_t *start, size_t *end);

/* Copy of TEXT with every checksum-valid identifier masked: the first characters kept
 * (NIR: sex, year, month — "2 84 05 ** *** *** **"; IBAN: country and key "FR76 **** ..."),
 * the rest replaced by '*'. malloc'd; NULL on OOM. Used on every quote a report prints. */
char *fa_ident_mask(const char *text);
/* Mask a whole value known to be an identifier (even with a bad checksum). malloc'd. */
char *fa_ident_mask_value(const char *text);
/* fa_ident_mask, plus every run that looks like an identifier whatever its checksum or
 * label: letters and digits, chunks joined by single spaces or dots, with at least
 * FA_ID_LOOSE_DIGITS digits (INE "2310453721F", "QQ 12 34 56 C", a phone number, a
 * passport number); the first two characters kept. For filled values: a report never
 * repeats one, even in a field no rule recognised; reports pass every document string
 * through it. malloc'd; NULL on OOM. */
#define FA_ID_LOOSE_DIGITS 6
char *fa_ident_mask_loose(const char *text);
/* False when S[0..N) cannot hold anything fa_ident_mask_loose masks (fewer digits than
 * FA_ID_LOOSE_DIGITS; every checksum identifier has more): the fast path of reports. */
bool fa_ident_maybe(const char *s, size_t n);

#endif
