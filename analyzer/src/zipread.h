/* zipread.h — safe access to the parts of a zip package (DOCX, ODT) held in memory.
 *
 * Every limit of fa_limits.h that concerns archives is enforced here, once, for both
 * readers: entry count (FA_MAX_ZIP_ENTRIES), uncompressed size (FA_MAX_ZIP_ENTRY) and
 * compression ratio (FA_MAX_ZIP_RATIO), first on the sizes the archive declares, then
 * again on the bytes actually inflated (headers lie in zip bombs). Encrypted entries
 * give FA_ERR_ENCRYPTED, damaged archives FA_ERR_CORRUPT. Internal.
 */
#ifndef FA_ZIPREAD_H
#define FA_ZIPREAD_H

#include "util.h"
#include <stdbool.h>
#include <stddef.h>

typedef struct fa_zip fa_zip;

/* Open the archive in DATA (borrowed: must outlive the fa_zip). *out receives an
 * fa_zip to close with fa_zip_close(). */
fa_status fa_zip_open(const void *data, size_t size, fa_zip **out, fa_error *err);
void fa_zip_close(fa_zip *z);

/* Number of entries and the name of entry I (borrowed, lives as long as Z). */
size_t fa_zip_count(const fa_zip *z);
const char *fa_zip_name(const fa_zip *z, size_t i);
bool fa_zip_has(const fa_zip *z, const char *name);
/* Names the archive holds more than once (a trick: readers disagree on which copy
 * counts). Every lookup here gives the last copy, as LibreOffice reads. *EXAMPLE
 * (when not NULL) receives one such name (borrowed) or NULL. */
size_t fa_zip_duplicates(const fa_zip *z, const char **example);

/* Inflate entry NAME whole. *out receives malloc'd bytes, NUL-terminated, *len their
 * length. A missing entry is FA_ERR_CORRUPT ("NAME: missing part"). */
fa_status fa_zip_read(fa_zip *z, const char *name, char **out, size_t *len, fa_error *err);

/* The same, piece by piece, so that a large part never sits whole in memory. The
 * declared sizes are checked by fa_zip_open_entry, the real ones by every
 * fa_zip_read_entry. One entry of Z open at a time. */
typedef struct fa_zip_entry fa_zip_entry;
/* NAME is borrowed and must outlive *out (messages name it). */
fa_status fa_zip_open_entry(fa_zip *z, const char *name, fa_zip_entry **out, fa_error *err);
/* Up to N bytes into BUF; *got is 0 at the end of the entry. */
fa_status fa_zip_read_entry(fa_zip_entry *e, char *buf, size_t n, size_t *got, fa_error *err);
void fa_zip_close_entry(fa_zip_entry *e);

#endif
