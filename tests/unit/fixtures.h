/* fixtures.h — helpers shared by the unit suites: building small documents in memory
 * (zip archives for DOCX/ODT fixtures), reading test data. */
#ifndef FA_TEST_FIXTURES_H
#define FA_TEST_FIXTURES_H

#include "formaudit.h"
#include <check.h>
#include <stddef.h>

/* A zip archive in memory from NULL-terminated pairs of (name, content) strings.
 * Returns malloc'd bytes and sets *size; NULL on failure. */
unsigned char *fx_zip(size_t *size, const char *const *name_content_pairs);

/* Open a document from memory; fails the current Check test on error. */
fa_doc *fx_open_mem(const char *name, const void *data, size_t size);

/* Whole file in memory (malloc'd), NULL if missing. */
unsigned char *fx_read_file(const char *path, size_t *size);

/* Text of the document as `formaudit text` prints it (malloc'd). */
char *fx_text(const fa_doc *doc);

/* Run every test of S (then free it); the exit status for main(). */
int fx_run_suite(Suite *s);

#endif
