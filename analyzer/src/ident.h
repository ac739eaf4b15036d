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
 * the rest replaced by '*'; a NIR written without its key (13 characters, sex digit and
 * month plausible) is masked the same way. Identifiers are found as people write them:
 * digits of any script (fullwidth, Arabic-Indic...) and fullwidth letters, separators
 * ' ' '.' '-' '/' ',' '_' and every kind of space, invisible characters (zero-width,
 * soft hyphen) anywhere inside; each character found is replaced by one '*'. malloc'd;
 * NULL on OOM. Used on every quote a report prints. */
char *fa_ident_mask(const char *text);
/* Mask a whole value known to be an identifier (even with a bad checksum). malloc'd. */
char *fa_ident_mask_value(const char *text);
/* fa_ident_mask, plus every run that looks like an identifier whatever its checksum or
 * label: chunks of letters and digits (a chunk without a digit has at most two
 * capitals) joined by single spaces or dots, with at least FA_ID_LOOSE_DIGITS digits
 * (INE "2310453721F", "QQ 12 34 56 C", a phone number, a passport number), or joined by
 * '-', '/', ',' or '_' (a space around allowed) with at least FA_ID_LOOSE_DIGITS_SEP
 * ("06-12-34-56-78", "2/84/05/75/416/516", not "12/03/2010" nor "loi 2016-1547"); the
 * first two characters kept. For filled values: a report never repeats one, even in a
 * field no rule recognised; reports pass every document string through it. malloc'd;
 * NULL on OOM. */
#define FA_ID_LOOSE_DIGITS 6
#define FA_ID_LOOSE_DIGITS_SEP 9
char *fa_ident_mask_loose(const char *text);
/* fa_ident_mask_loose for a file path ("forms/NIR284057577788802.txt" ->
 * "forms/NIR28*************.txt"): a letter next to a digit separates them (names glue
 * words and numbers), and the file's extension is kept. For the "path" of a report,
 * index files and links. malloc'd; NULL on OOM. */
char *fa_ident_mask_path(const char *path);
/* fa_ident_mask_loose for formaudit's own messages (an error's message, a warning): a
 * number that is a measure ("2147483648 bytes", "byte 1888943", "limit 20000 fields") is
 * kept; what comes from the document (a part name, a label) is masked as elsewhere.
 * malloc'd; NULL on OOM. */
char *fa_ident_mask_message(const char *message);
/* False when S[0..N) cannot hold anything fa_ident_mask_loose masks (fewer digits than
 * FA_ID_LOOSE_DIGITS; every checksum identifier has more): the fast path of reports. */
bool fa_ident_maybe(const char *s, size_t n);

#endif
