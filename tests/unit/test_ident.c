/* test_ident.c — identifiers with checksums (NIR incl. Corsica, IBAN, SPI) and masking:
 * a filled form's values are found only when their checksum holds, and a masked copy
 * never contains the raw value. */
#include "ident.h"

#include "fixtures.h"
#include <check.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#define V(fn, s) fn((s), strlen(s))

START_TEST(nir_checksums)
{
    ck_assert(V(fa_nir_valid, "186022A21532523"));       /* Corsica 2A */
    ck_assert(V(fa_nir_valid, "295109912611193"));       /* born abroad (99) */
    ck_assert(V(fa_nir_valid, "2 95 10 99 126 111 93")); /* as printed on forms */
    ck_assert(!V(fa_nir_valid, "295109912611194"));      /* wrong key */
    ck_assert(!V(fa_nir_valid, "186022A21532524"));
    ck_assert(!V(fa_nir_valid, "595109912611193")); /* no such sex digit */
    ck_assert(!V(fa_nir_valid, "0612345678"));      /* a phone number */
    ck_assert(!V(fa_nir_valid, "18602"));
}
END_TEST

START_TEST(iban_checksums)
{
    ck_assert(V(fa_iban_valid, "FR7630006000011234567890189"));
    ck_assert(V(fa_iban_valid, "FR76 3000 6000 0112 3456 7890 189"));
    ck_assert(V(fa_iban_valid, "FR1420041010050500013M02606")); /* letter in the account */
    ck_assert(!V(fa_iban_valid, "FR7630006000011234567890188"));
    ck_assert(!V(fa_iban_valid, "FR763000600001123456789018")); /* one short for FR */
    ck_assert(!V(fa_iban_valid, "Bonjour"));
}
END_TEST

START_TEST(spi_checksums)
{
    ck_assert(V(fa_spi_valid, "3023217600053"));
    ck_assert(V(fa_spi_valid, "30 23 217 600 053"));
    ck_assert(!V(fa_spi_valid, "3023217600054"));
    ck_assert(!V(fa_spi_valid, "4023217600053")); /* first digit 0-3 only */
}
END_TEST

START_TEST(find_in_running_text)
{
    const char *t = "Né le 12/03/1986, NIR : 1 86 02 2A 215 325 23, tél. 06 12 34 56 78, "
                    "IBAN FR76 3000 6000 0112 3456 7890 189 pour le versement.";
    size_t n = strlen(t), a, b, pos = 0;
    fa_ident_kind k = fa_ident_find(t, n, pos, &a, &b);
    ck_assert_int_eq(k, FA_ID_NIR);
    ck_assert(fa_nir_valid(t + a, b - a));
    ck_assert_int_eq(strncmp(t + a, "1 86", 4), 0);
    ck_assert_int_eq(strncmp(t + b - 2, "23", 2), 0);
    k = fa_ident_find(t, n, b, &a, &b);
    ck_assert_int_eq(k, FA_ID_IBAN);
    ck_assert_int_eq(strncmp(t + a, "FR76", 4), 0);
    ck_assert_int_eq(strncmp(t + b - 3, "189", 3), 0);
    ck_assert_int_eq(fa_ident_find(t, n, b, &a, &b), FA_ID_NONE);
}
END_TEST

START_TEST(no_false_identifiers)
{
    /* Dates, phone numbers, postcodes and a NIR with a wrong key are not identifiers. */
    const char *t = "Le 01 02 2020 au 75011 Paris, 01 23 45 67 89, n° 1 86 02 2A 215 325 24.";
    size_t a, b;
    ck_assert_int_eq(fa_ident_find(t, strlen(t), 0, &a, &b), FA_ID_NONE);
    ck_assert_str_eq(fa_ident_kind_name(FA_ID_SPI), "spi");
}
END_TEST

static void loose_is(const char *in, const char *want)
{
    char *m = fa_ident_mask_loose(in);
    ck_assert_ptr_nonnull(m);
    ck_assert_str_eq(m, want);
    free(m);
}

/* Values in fields no rule recognised: identifier-like runs are masked whatever their
 * checksum; words, dates with slashes, short numbers and legal references are kept. */
START_TEST(loose_masking)
{
    loose_is("2310453721F", "23*********");
    loose_is("INE : 2310453721F", "INE : 23*********");
    loose_is("QQ 12 34 56 C", "QQ ** ** ** *");
    loose_is("06.12.34.56.78", "06.**.**.**.**");
    loose_is("Passeport 12AB34567, valide", "Passeport 12*******, valide");
    loose_is("12 rue de la Paix, 75002 Paris", "12 rue de la Paix, 75002 Paris");
    loose_is("né le 12/03/2010", "né le 12/03/2010");
    loose_is("décret n° 2014-1526 et loi 78-17", "décret n° 2014-1526 et loi 78-17");
    loose_is("3 enfants de 2, 5 et 11 ans", "3 enfants de 2, 5 et 11 ans");
    loose_is("", "");
    /* checksum identifiers keep their own shape */
    loose_is("NIR : 2 95 10 99 126 111 93.", "NIR : 2 95 10 ** *** *** **.");
    loose_is("1 84 12 75 056 009 91", "1 8* ** ** *** *** **"); /* bad key: still masked */
}
END_TEST

START_TEST(masking)
{
    char *m = fa_ident_mask("NIR : 2 95 10 99 126 111 93.");
    ck_assert_str_eq(m, "NIR : 2 95 10 ** *** *** **.");
    free(m);
    m = fa_ident_mask("FR1420041010050500013M02606");
    ck_assert_str_eq(m, "FR14***********************");
    ck_assert_ptr_null(strstr(m, "20041"));
    free(m);
    m = fa_ident_mask("fiscal 3023217600053");
    ck_assert_str_eq(m, "fiscal 30***********");
    free(m);
    m = fa_ident_mask("Rien à masquer ici : 06 12 34 56 78");
    ck_assert_str_eq(m, "Rien à masquer ici : 06 12 34 56 78");
    free(m);
    /* A value known to be an identifier is masked even with a bad key. */
    m = fa_ident_mask_value("1 86 02 2A 215 325 24");
    ck_assert_str_eq(m, "1 86 02 ** *** *** **");
    free(m);
    m = fa_ident_mask_value("12AB34567");
    ck_assert_ptr_null(strstr(m, "34567"));
    free(m);
}
END_TEST

/* Issue 12: the identifiers of French-speaking neighbours, with their own checksums. */
START_TEST(neighbours_numbers)
{
    ck_assert(fa_be_nrn_valid("85.07.30-033.28", 15));
    ck_assert(!fa_be_nrn_valid("85.07.30-033.27", 15));
    ck_assert(fa_ch_avs_valid("756.1234.5678.97", 16));
    ck_assert(!fa_ch_avs_valid("756.1234.5678.98", 16));
    ck_assert(fa_lu_matricule_valid("1983 0812 4678 5", 16));
    ck_assert(!fa_lu_matricule_valid("1983 0812 4678 4", 16));
    size_t a, b;
    const char *t = "Registre national : 85.07.30-033.28 ; AVS 756.1234.5678.97";
    ck_assert_int_eq(fa_ident_find(t, strlen(t), 0, &a, &b), FA_ID_BE_NRN);
    ck_assert_int_eq(fa_ident_find(t, strlen(t), b, &a, &b), FA_ID_CH_AVS);
    char *m = fa_ident_mask(t);
    ck_assert_ptr_nonnull(m);
    ck_assert_ptr_null(strstr(m, "033.28"));
    ck_assert_ptr_null(strstr(m, "5678.97"));
    free(m);
}
END_TEST

/* ---------------------------------------------------------------- written forms */

/* The significant characters of S folded to ASCII digits/capitals (what must not
 * survive masking), for "no run of K raw characters of the value is left". */
static bool leaks(const char *masked, const char *value_digits, size_t k)
{
    /* fold the masked text's digits of any script to ASCII, drop everything else */
    char folded[512];
    size_t n = 0;
    for (const char *p = masked; *p && n + 1 < sizeof folded;) {
        gunichar c = g_utf8_get_char(p);
        int v = g_unichar_digit_value(c);
        if (v >= 0)
            folded[n++] = (char)('0' + v);
        else if (c >= 0xFF21 && c <= 0xFF3A)
            folded[n++] = (char)('A' + (c - 0xFF21));
        else if ((c >= 'A' && c <= 'Z') || c == '*')
            folded[n++] = (char)c;
        p = g_utf8_next_char(p);
    }
    folded[n] = 0;
    size_t len = strlen(value_digits);
    for (size_t i = 0; i + k <= len; i++) {
        char sub[64];
        memcpy(sub, value_digits + i, k);
        sub[k] = 0;
        if (strstr(folded, sub))
            return true;
    }
    return false;
}

/* VALUE written the ways people write it: every mask function must hide all but the
 * kept head, whatever the digits' script, the separators or invisible characters. */
static void all_forms_masked(const char *value, size_t keep)
{
    /* separators: none, space, dot, hyphen, slash, comma, underscore, NBSP, narrow
     * NBSP, thin space, " / ", " - " */
    static const char *const seps[] = {"",  " ",      ".",      "-",      "/",   ",",
                                       "_", "\u00a0", "\u202f", "\u2009", " / ", " - "};
    /* digits: ASCII, fullwidth, Arabic-Indic, extended Arabic-Indic, Devanagari */
    static const unsigned zero[] = {'0', 0xFF10, 0x0660, 0x06F0, 0x0966};
    /* invisible characters slipped between groups */
    static const char *const inv[] = {"", "\u200b", "\u00ad", "\u2060", "\ufeff"};
    char sig[64];
    size_t ns = 0;
    for (const char *p = value; *p; p++)
        if (*p != ' ')
            sig[ns++] = *p;
    sig[ns] = 0;
    for (size_t si = 0; si < sizeof seps / sizeof seps[0]; si++)
        for (size_t zi = 0; zi < sizeof zero / sizeof zero[0]; zi++)
            for (size_t ii = 0; ii < sizeof inv / sizeof inv[0]; ii++) {
                fa_buf b = {0};
                fa_buf_puts(&b, "Valeur : ");
                for (const char *p = value; *p; p++) {
                    if (*p == ' ') {
                        fa_buf_puts(&b, seps[si]);
                        fa_buf_puts(&b, inv[ii]);
                    } else if (*p >= '0' && *p <= '9') {
                        char u[8];
                        int k = g_unichar_to_utf8(zero[zi] + (gunichar)(*p - '0'), u);
                        fa_buf_append(&b, u, (size_t)k);
                    } else if (zi == 1 && *p >= 'A' && *p <= 'Z') { /* fullwidth letters */
                        char u[8];
                        int k = g_unichar_to_utf8(0xFF21 + (gunichar)(*p - 'A'), u);
                        fa_buf_append(&b, u, (size_t)k);
                    } else {
                        fa_buf_putc(&b, *p);
                    }
                }
                fa_buf_puts(&b, ".");
                char *(*fns[])(const char *) = {fa_ident_mask, fa_ident_mask_loose,
                                                fa_ident_mask_value, fa_ident_mask_message};
                for (size_t f = 0; f < sizeof fns / sizeof fns[0]; f++) {
                    char *m = fns[f](b.data);
                    ck_assert_ptr_nonnull(m);
                    /* past the kept head, no 3 characters of the value in a row */
                    ck_assert_msg(!leaks(m, sig + keep, 3), "fn %zu: %s -> %s", f, b.data, m);
                    free(m);
                }
                fa_buf_free(&b);
            }
}

START_TEST(every_written_form_is_masked)
{
    all_forms_masked("2 84 05 75 416 516 49", 5);             /* NIR */
    all_forms_masked("1 86 02 2A 215 325 23", 5);             /* NIR, Corsica */
    all_forms_masked("2 84 05 75 416 516", 5);                /* NIR without its key */
    all_forms_masked("FR76 3000 6000 0112 3456 7890 189", 4); /* IBAN */
    all_forms_masked("30 23 217 600 053", 2);                 /* tax number (SPI) */
}
END_TEST

static void is(char *(*fn)(const char *), const char *in, const char *want)
{
    char *m = fn(in);
    ck_assert_ptr_nonnull(m);
    ck_assert_str_eq(m, want);
    free(m);
}

START_TEST(written_forms_keep_their_shape)
{
    is(fa_ident_mask, "NIR : 2/84/05/75/416/516/49", "NIR : 2/84/05/**/***/***/**");
    is(fa_ident_mask, "n° 2-84-05-75-416-516", "n° 2-84-05-**-***-***");
    is(fa_ident_mask,
       "\uff12 \uff18\uff14 \uff10\uff15 \uff17\uff15 \uff14\uff11\uff16 "
       "\uff15\uff11\uff16 \uff14\uff19",
       "\uff12 \uff18\uff14 \uff10\uff15 ** *** *** **");
    /* an invisible character inside goes with the masked digit before it */
    is(fa_ident_mask, "Reli\u200bgion 2 84 05 75\u200b416 516 49",
       "Reli\u200bgion 2 84 05 ***** *** **");
    is(fa_ident_mask, "IBAN FR76-3000-6000-0112-3456-7890-189",
       "IBAN FR76-****-****-****-****-****-***");
    /* not identifiers: dates, legal references, amounts */
    is(fa_ident_mask_loose, "le 12/03/2010, loi n° 2016-1547 du 18 novembre 2016",
       "le 12/03/2010, loi n° 2016-1547 du 18 novembre 2016");
    is(fa_ident_mask_loose, "RGPD art. 9, 10, 13 et 14", "RGPD art. 9, 10, 13 et 14");
    is(fa_ident_mask_loose, "tél. 06-12-34-56-78", "tél. 06-**-**-**-**");
}
END_TEST

/* Paths: what names the file is masked, its extension kept (issue 18: the index and
 * report paths copied "NIR284057577788802.txt" raw). */
START_TEST(paths_are_masked)
{
    is(fa_ident_mask_path, "NIR284057577788802.txt", "NIR28405**********.txt");
    is(fa_ident_mask_path, "in/dossier_2_84_05_75_416_516_49.docx",
       "in/dossier_2_84_05_**_***_***_**.docx");
    is(fa_ident_mask_path, "out/FR7630006000011234567890189.pdf",
       "out/FR76***********************.pdf");
    is(fa_ident_mask_path, "forms/0612345678/fiche.odt", "forms/06********/fiche.odt");
    is(fa_ident_mask_path, "avis-2024-11-25.pdf", "avis-2024-11-25.pdf");
    is(fa_ident_mask_path, "d1-contrat-engagement-rsa.pdf", "d1-contrat-engagement-rsa.pdf");
    is(fa_ident_mask_path, "", "");
}
END_TEST

/* formaudit's own measures in a message are no identifiers (issue 18: "declared size
 * 21******** bytes"); a part name that holds one still is. */
START_TEST(messages_keep_their_measures)
{
    is(fa_ident_mask_message,
       "word/document.xml: declared size 2147483648 bytes exceeds 128 MiB (limit FA_MAX_ZIP_ENTRY)",
       "word/document.xml: declared size 2147483648 bytes exceeds 128 MiB (limit "
       "FA_MAX_ZIP_ENTRY)");
    is(fa_ident_mask_message, "HTML: byte 1888943: an element with more than 256 attributes",
       "HTML: byte 1888943: an element with more than 256 attributes");
    is(fa_ident_mask_message, "word/NIR_284057577788802.xml: missing part",
       "word/NIR_28405**********.xml: missing part");
    is(fa_ident_mask_message, "word/0612345678.xml: missing part",
       "word/06********.xml: missing part");
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("ident");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, nir_checksums);
    tcase_add_test(tc, iban_checksums);
    tcase_add_test(tc, spi_checksums);
    tcase_add_test(tc, find_in_running_text);
    tcase_add_test(tc, no_false_identifiers);
    tcase_add_test(tc, masking);
    tcase_add_test(tc, loose_masking);
    tcase_add_test(tc, neighbours_numbers);
    tcase_add_test(tc, every_written_form_is_masked);
    tcase_add_test(tc, written_forms_keep_their_shape);
    tcase_add_test(tc, paths_are_masked);
    tcase_add_test(tc, messages_keep_their_measures);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return fx_run_suite(suite());
}
