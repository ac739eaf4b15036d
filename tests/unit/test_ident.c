/* test_ident.c — identifiers with checksums (NIR incl. Corsica, IBAN, SPI) and masking:
 * a filled form's values are found only when their checksum holds, and a masked copy
 * never contains the raw value. */
#include "ident.h"

#include "fixtures.h"
#include <check.h>
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
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return fx_run_suite(suite());
}
