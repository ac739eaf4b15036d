/* fixtures.h — helpers shared by the unit suites: building small documents in memory
 * (zip archives for DOCX/ODT fixtures), reading test data, finding nodes in a document. */
#ifndef FA_TEST_FIXTURES_H
#define FA_TEST_FIXTURES_H

#include "formaudit.h"
#include "model.h"
#include <check.h>
#include <stddef.h>

/* A zip archive in memory from NULL-terminated pairs of (name, content) strings.
 * Returns malloc'd bytes and sets *size; NULL on failure. */
unsigned char *fx_zip(size_t *size, const char *const *name_content_pairs);

/* The same, written by hand: every entry stored (not compressed) in the order given,
 * a name given twice kept twice (libzip would replace it) — for packages that play
 * tricks on readers. */
unsigned char *fx_zip_stored(size_t *size, const char *const *name_content_pairs);

/* A minimal OLE2 compound file (512-byte sectors) holding one stream NAME of 4096
 * bytes that start with the LEN bytes of HEAD (the rest zero). malloc'd. */
unsigned char *fx_cfb(size_t *size, const char *name, const void *head, size_t len);

/* Open a document from memory; fails the current Check test on error. */
fa_doc *fx_open_mem(const char *name, const void *data, size_t size);

/* Whole file in memory (malloc'd), NULL if missing. */
unsigned char *fx_read_file(const char *path, size_t *size);

/* Text of the document as `formaudit text` prints it (malloc'd). */
char *fx_text(const fa_doc *doc);

/* A node of TYPE holding TEXT (none when NULL), appended to PARENT (the root when NULL). */
fa_node *fx_block(fa_doc *doc, fa_node *parent, fa_node_type type, const char *text);

/* The K-th (0-based) node of TYPE in document order, NULL when there is none. */
const fa_node *fx_nth(const fa_doc *doc, fa_node_type type, int k);

/* The first text node (heading, paragraph, list item) whose text contains S, or NULL. */
const fa_node *fx_find_text(const fa_doc *doc, const char *s);

/* N itself, failing the current test when it is NULL (keeps -Wnull-dereference quiet). */
const fa_node *fx_must(const fa_node *n);

/* The control of the K-th CONTROL node; fails the current test when there is none. */
const fa_control *fx_ctl(const fa_doc *doc, int k);

/* Monotonic clock in seconds, for "not too slow" checks. */
double fx_now(void);

/* Open every file of DIR whose name ends in EXT: each must open within 5 s, and as a
 * document or with a clean refusal (corrupt, encrypted, another format). Returns how
 * many opened and sets *total to how many were tried; -1 when DIR is absent. */
int fx_open_dir(const char *dir, const char *ext, int *total);

/* The built-in rule packs (rules/, with their language data), loaded and compiled once
 * per process; fails the current test when they cannot be. */
const fa_rules *fx_rules(void);

/* Run every test of S (then free it); the exit status for main(). */
int fx_run_suite(Suite *s);

#endif
