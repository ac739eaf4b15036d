/* formaudit.h — public API of the formaudit library.
 *
 * Pipeline: fa_doc_open (read_*.c) -> fa_fields_detect (fields.c) -> rules (rules.c,
 * match.c) -> notice (notice.c) -> fa_result (audit.c) -> JSON document object
 * -> renderers (reports/).
 *
 * Ownership rule, once for the whole API: a function named *_new, *_open or *_load
 * gives the caller an object that the caller frees with the matching *_free; every
 * const char * returned by an accessor is borrowed and lives as long as the object it
 * came from. Every *_free accepts NULL. The library never prints and never aborts:
 * fallible functions return an fa_status and fill an fa_error when one is given.
 */
#ifndef FORMAUDIT_H
#define FORMAUDIT_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define FA_API __attribute__((visibility("default")))
#else
#define FA_API
#endif

/* Status codes. The names given by fa_status_code() are the `error.code` strings of
 * the JSON report; keep them stable. */
typedef enum fa_status {
    FA_OK = 0,
    FA_ERR_NOMEM,     /* "nomem": out of memory */
    FA_ERR_IO,        /* "io": cannot open or read the file */
    FA_ERR_FORMAT,    /* "format": not a document formaudit reads */
    FA_ERR_CORRUPT,   /* "corrupt": damaged or truncated document */
    FA_ERR_ENCRYPTED, /* "encrypted": password-protected document */
    FA_ERR_LIMIT,     /* "limit": a limit of fa_limits.h was exceeded (zip bomb...) */
    FA_ERR_NO_TEXT,   /* "no_text": PDF without a text layer (scanned) */
    FA_ERR_RULES,     /* "rules": invalid rule pack */
    FA_ERR_USAGE,     /* "usage": bad argument */
    FA_ERR_TIMEOUT,   /* "timeout": per-document time limit reached */
    FA_ERR_CRASH,     /* "crash": the isolated reader died (signal) */
    FA_ERR_INTERNAL   /* "internal": a bug */
} fa_status;

/* A status with a detail message naming what and where, e.g.
 * "word/document.xml: line 12: expected '>'". The message never contains the path of
 * the document (the caller prefixes it). */
typedef struct fa_error {
    fa_status status;
    char message[512];
} fa_error;

FA_API const char *fa_strerror(fa_status status);    /* static string, English */
FA_API const char *fa_status_code(fa_status status); /* static string, e.g. "corrupt" */

/* Document formats. Chosen from content, never from the file name. */
typedef enum fa_format {
    FA_FMT_UNKNOWN = 0,
    FA_FMT_DOCX,
    FA_FMT_ODT,
    FA_FMT_PDF,
    FA_FMT_HTML,
    FA_FMT_TXT,
    FA_FMT_RTF /* Rich Text Format (extension of the contract's list: "rtf") */
} fa_format;

FA_API const char *fa_format_name(fa_format fmt); /* "docx", "odt"... */

FA_API const char *fa_version(void);

/* ---------------------------------------------------------------- documents */

typedef struct fa_doc fa_doc; /* the document model (model.h) */

/* Read PATH into a document model. On failure *out is NULL and err says why. */
FA_API fa_status fa_doc_open(const char *path, fa_doc **out, fa_error *err);
/* Read from memory (fuzzing, tests). NAME is only used in messages and as the path. */
FA_API fa_status fa_doc_open_mem(const char *name, const void *data, size_t size, fa_doc **out,
                                 fa_error *err);
FA_API void fa_doc_free(fa_doc *doc);

/* Write the text of DOC in reading order (tables row by row, controls as [ ] and
 * [____] placeholders with their labels) to OUT. */
FA_API fa_status fa_doc_write_text(const fa_doc *doc, FILE *out);

/* ---------------------------------------------------------------- rules */

typedef struct fa_rules fa_rules; /* a compiled set of rule packs, shared read-only */

/* A new, empty rule set; add packs, then fa_rules_compile() before use. */
FA_API fa_rules *fa_rules_new(void);
/* Load the built-in packs (FA_RULES_DIR env, then next to the binary, then the
 * source tree, then the install directory). */
FA_API fa_status fa_rules_add_default(fa_rules *rules, fa_error *err);
/* Load one pack. Errors read "pack.json:12:7: rule \"id\": ..." in err->message. */
FA_API fa_status fa_rules_add_file(fa_rules *rules, const char *path, fa_error *err);
FA_API fa_status fa_rules_compile(fa_rules *rules, fa_error *err);
FA_API void fa_rules_free(fa_rules *rules);
/* Version string of the loaded packs, e.g. "fr-core 1.0, fr-notice 1.0". Borrowed. */
FA_API const char *fa_rules_version(const fa_rules *rules);

/* `formaudit rules list|explain|test`: write human-readable output to OUT.
 * fa_rules_test returns the number of failing examples (0 = all pass). */
FA_API void fa_rules_list(const fa_rules *rules, FILE *out);
FA_API fa_status fa_rules_explain(const fa_rules *rules, const char *id, const char *lang,
                                  FILE *out);
FA_API int fa_rules_test(const fa_rules *rules, FILE *out);

/* ---------------------------------------------------------------- audit */

typedef enum fa_context {
    FA_CTX_AUTO = 0, /* guess the issuer from the document */
    FA_CTX_EMPLOYER,
    FA_CTX_SOCIAL,
    FA_CTX_SCHOOL,
    FA_CTX_HEALTH,
    FA_CTX_HOUSING
} fa_context;

typedef struct fa_audit_opts {
    fa_context context;
    const char *lang; /* "fr" (default) or "en": language of messages */
} fa_audit_opts;

typedef struct fa_result fa_result; /* fields, findings, notice of one document */

/* Run the whole analysis on DOC with the compiled RULES. RULES is shared: several
 * threads may audit with the same set at once. What the set fills in lazily on first use
 * (JIT code, prefilter states) is published with atomics and never changes a result. */
FA_API fa_status fa_audit(const fa_doc *doc, const fa_rules *rules, const fa_audit_opts *opts,
                          fa_result **out, fa_error *err);
FA_API void fa_result_free(fa_result *res);

/* The JSON document object of the contract (CONTRACT.md §2) plus formaudit's extra keys,
 * as a jansson json_t * (returned as void * so this header does not need jansson.h).
 * New reference: the caller json_decref()s it. For a document that could not be read,
 * use fa_error_to_json(). */
FA_API void *fa_result_to_json(const fa_result *res, const fa_doc *doc, const char *path);
FA_API void *fa_error_to_json(const char *path, fa_format fmt, const fa_error *err);

/* Convenience for the field inventory: `formaudit fields` (-f json gives the contract's
 * fields array). */
FA_API fa_status fa_fields_write(const fa_result *res, int json, FILE *out);

#ifdef __cplusplus
}
#endif
#endif /* FORMAUDIT_H */
