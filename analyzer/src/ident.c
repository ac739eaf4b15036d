/* ident.c — identifiers with checksums (stub). */
#include "ident.h"
#include <stdlib.h>
#include <string.h>

const char *fa_ident_kind_name(fa_ident_kind k) { return k == FA_ID_NIR ? "nir" : k == FA_ID_IBAN ? "iban" : k == FA_ID_SPI ? "spi" : "none"; }
bool fa_nir_valid(const char *s, size_t n) { (void)s; (void)n; return false; }
bool fa_iban_valid(const char *s, size_t n) { (void)s; (void)n; return false; }
bool fa_spi_valid(const char *s, size_t n) { (void)s; (void)n; return false; }
fa_ident_kind fa_ident_find(const char *text, size_t n, size_t from, size_t *start, size_t *end)
{
    (void)text; (void)n; (void)from; (void)start; (void)end;
    return FA_ID_NONE;
}
char *fa_ident_mask(const char *text) { return strdup(text ? text : ""); }
char *fa_ident_mask_value(const char *text) { return strdup(text ? text : ""); }
