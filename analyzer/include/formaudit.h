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

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
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

const char *fa_strerror(fa_status status); /* static string, English */
/* Fill ERR (if not NULL) with STATUS and the message, and return STATUS. */
fa_status fa_error_set(fa_error *err, fa_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
const char *fa_status_code(fa_status status); /* static string, e.g. "corrupt" */

/* Document formats. Chosen from content, never from the file name. */
typedef enum fa_format {
    FA_FMT_UNKNOWN = 0,
    FA_FMT_DOCX,
    FA_FMT_ODT,
    FA_FMT_PDF,
    FA_FMT_HTML,
    FA_FMT_TXT,
    FA_FMT_RTF,   /* Rich Text Format (extension of the contract's list: "rtf") */
    FA_FMT_IMAGE, /* a scan or photo (PNG, JPEG, TIFF): read by OCR */
    FA_FMT_COUNT
} fa_format;

const char *fa_format_name(fa_format fmt); /* "docx", "odt"... */

const char *fa_version(void);

/* A growable byte buffer that refuses to grow past `cap` (0 = FA_MAX_TEXT).
 * data is always NUL-terminated when non-NULL. Free with fa_buf_free. Renderers append
 * to one the caller owns. */
typedef struct fa_buf {
    char *data;
    size_t len;
    size_t alloc;
    size_t cap;
} fa_buf;

fa_status fa_buf_append(fa_buf *b, const char *s, size_t n);
fa_status fa_buf_puts(fa_buf *b, const char *s);
fa_status fa_buf_putc(fa_buf *b, char c);
fa_status fa_buf_printf(fa_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void fa_buf_reset(fa_buf *b);
void fa_buf_free(fa_buf *b);
/* Hand the data over to the caller (malloc'd, NUL-terminated, never NULL on success). */
char *fa_buf_steal(fa_buf *b);

/* ---------------------------------------------------------------- documents */

typedef struct fa_doc fa_doc; /* the document model (model.h) */

/* Read PATH into a document model. On failure *out is NULL and err says why. */
fa_status fa_doc_open(const char *path, fa_doc **out, fa_error *err);
/* Read from memory (fuzzing, tests). NAME is only used in messages and as the path. */
fa_status fa_doc_open_mem(const char *name, const void *data, size_t size, fa_doc **out,
                          fa_error *err);
void fa_doc_free(fa_doc *doc);

/* The format of the file at PATH from its first bytes (as fa_doc_open chooses it);
 * FA_FMT_UNKNOWN when it cannot be read or is no known format. Never blocks on a FIFO
 * or a device: only regular files are read. */
fa_format fa_sniff_path(const char *path);

/* The PDF reader is a module loaded at the first PDF (poppler and its ~50 libraries
 * cost nothing to runs without one). A batch that forks workers loads it once first:
 * FA_OK, or why it is not available (each PDF then reports it). */
fa_status fa_pdf_preload(fa_error *err);
/* Helper threads a reader may use for one document (PDF page layout); 1 = none, for
 * a batch that already runs a worker per core. */
void fa_read_set_threads(unsigned n);

/* OCR of scanned pages (a PDF page with no text under an image, or any page of a PNG,
 * JPEG or TIFF file) with Tesseract, built as a module (formaudit-ocr.so) loaded at the
 * first scanned page, like the PDF reader. One Tesseract engine per process, made at
 * the first scanned page and kept for the process's life. */
typedef struct fa_ocr_opts {
    bool disabled;     /* refuse OCR: scanned PDFs fail with FA_ERR_NO_TEXT as before, and
                          images with FA_ERR_FORMAT */
    const char *langs; /* Tesseract languages, "fra+eng" when NULL; letters, digits, '_'
                          and '+' only. Copied. */
} fa_ocr_opts;
/* Set before reading (a batch sets it before forking its workers): FA_OK, or
 * FA_ERR_USAGE for an invalid language list (nothing changed). */
fa_status fa_read_set_ocr(const fa_ocr_opts *opts, fa_error *err);

/* Write the text of DOC in reading order (tables row by row, controls as [ ] and
 * [____] placeholders with their labels) to OUT. */
fa_status fa_doc_write_text(const fa_doc *doc, FILE *out);

/* ---------------------------------------------------------------- rules */

typedef struct fa_rules fa_rules; /* a compiled set of rule packs, shared read-only */

/* A new, empty rule set; add packs, then fa_rules_compile() before use. */
fa_rules *fa_rules_new(void);
/* Load the built-in packs (FA_RULES_DIR env, then next to the binary, then the
 * source tree, then the install directory). */
fa_status fa_rules_add_default(fa_rules *rules, fa_error *err);
/* Load one pack. Errors read "pack.json:12:7: rule \"id\": ..." in err->message. */
fa_status fa_rules_add_file(fa_rules *rules, const char *path, fa_error *err);
fa_status fa_rules_compile(fa_rules *rules, fa_error *err);
void fa_rules_free(fa_rules *rules);
/* Version string of the loaded packs, e.g. "fr-core 1.0, fr-notice 1.0". Borrowed. */
const char *fa_rules_version(const fa_rules *rules);

/* `formaudit rules list|explain|test`: write human-readable output to OUT.
 * fa_rules_test returns the number of failing examples (0 = all pass). */
void fa_rules_list(const fa_rules *rules, FILE *out);
fa_status fa_rules_explain(const fa_rules *rules, const char *id, const char *lang, FILE *out);
int fa_rules_test(const fa_rules *rules, FILE *out);

/* One rule of the loaded packs as a report describes it (SARIF's tool.driver.rules).
 * Every string is borrowed from the rule set. */
typedef struct fa_rule_info {
    const char *id;       /* "fr.health.mental" */
    const char *category; /* a category name (CONTRACT.md §3) or a document-level kind */
    int severity;         /* fa_severity when no issuer context raises it */
    bool reports;         /* false: the rule classifies fields and records no finding */
    const char *message;  /* in the language asked */
    const char *recommendation;
    const char *const *legal_basis; /* n_legal strings */
    size_t n_legal;
    const char *pack; /* name of the pack it comes from, and its version */
    const char *pack_version;
} fa_rule_info;

/* Number of rules in RULES (0 for NULL), and the I-th of them (pack order, then order
 * in the pack) with its texts in LANG ("fr" or "en"): FA_ERR_USAGE when I is out of
 * range. */
size_t fa_rules_count(const fa_rules *rules);
fa_status fa_rules_get(const fa_rules *rules, size_t i, const char *lang, fa_rule_info *out);

/* ---------------------------------------------------------------- vocabulary */

/* Field categories (CONTRACT.md §3), as bits. The order is the order of reports. */
typedef enum fa_category {
    FA_CAT_IDENTITY = 0,
    FA_CAT_CONTACT,
    FA_CAT_NATIONAL_ID,
    FA_CAT_FINANCIAL,
    FA_CAT_HEALTH,
    FA_CAT_ETHNIC_ORIGIN,
    FA_CAT_POLITICAL_OPINION,
    FA_CAT_RELIGION,
    FA_CAT_UNION_MEMBERSHIP,
    FA_CAT_SEX_LIFE,
    FA_CAT_GENETIC,
    FA_CAT_BIOMETRIC,
    FA_CAT_CRIMINAL,
    FA_CAT_IMMIGRATION_STATUS,
    FA_CAT_FAMILY_LIFE,
    FA_CAT_SUBJECTIVE_ASSESSMENT,
    FA_CAT_FREE_COMMENT,
    FA_CAT_COUNT
} fa_category;

typedef uint32_t fa_catset; /* bit (1u << fa_category) */
#define FA_CAT_BIT(c) ((fa_catset)1u << (c))
/* Every category except identity and contact. */
#define FA_CAT_SENSITIVE                                                                           \
    (((fa_catset)1u << FA_CAT_COUNT) - 1u - FA_CAT_BIT(FA_CAT_IDENTITY) -                          \
     FA_CAT_BIT(FA_CAT_CONTACT))

const char *fa_category_name(fa_category c);                    /* "health" */
int fa_category_from_name(const char *name);                    /* -1 when unknown */
const char *fa_category_label(fa_category c, const char *lang); /* "santé" / "health" */

typedef enum fa_severity {
    FA_SEV_INFO = 0,
    FA_SEV_LOW,
    FA_SEV_MEDIUM,
    FA_SEV_HIGH,
    FA_SEV_CRITICAL,
    FA_SEV_COUNT
} fa_severity;
const char *fa_severity_name(fa_severity s); /* "high" */
int fa_severity_from_name(const char *name); /* -1 when unknown */

/* ---------------------------------------------------------------- audit */

typedef enum fa_context {
    FA_CTX_AUTO = 0, /* guess the issuer from the document */
    FA_CTX_EMPLOYER,
    FA_CTX_SOCIAL,
    FA_CTX_SCHOOL,
    FA_CTX_HEALTH,
    FA_CTX_HOUSING,
    FA_CTX_COUNT
} fa_context;

typedef struct fa_audit_opts {
    fa_context context;
    const char *lang; /* "fr" (default) or "en": language of messages */
} fa_audit_opts;

/* The result of one document: an audited one (fields, findings, notice) or one that
 * could not be read (path, format, error). Every report is made from it. Its strings
 * are sealed: identifier values masked as reports show them (CONTRACT.md §5). */
typedef struct fa_result fa_result;

/* Run the whole analysis on DOC with the compiled RULES; the result names the document
 * PATH (NULL: the document's own path). RULES is shared: several threads may audit
 * with the same set at once. What the set fills in lazily on first use (JIT code,
 * prefilter states) is published with atomics and never changes a result. The result
 * does not borrow DOC's strings; DOC may be freed first. */
fa_status fa_audit(const fa_doc *doc, const char *path, const fa_rules *rules,
                   const fa_audit_opts *opts, fa_result **out, fa_error *err);
/* The result of a document that could not be read: status and message from ERR. NULL
 * when out of memory. */
fa_result *fa_result_new_error(const char *path, fa_format fmt, const fa_error *err);
/* Read PATH and audit it: always a result (an error result when it cannot be read),
 * NULL only when out of memory. */
fa_result *fa_audit_path(const char *path, const fa_rules *rules, const fa_audit_opts *opts);
/* A result from its JSON document object (CONTRACT.md §2 and formaudit's keys, as
 * report_json.c writes it: `formaudit merge` reads JSON Lines shards with it). */
fa_status fa_result_from_json(const char *text, size_t len, fa_result **out, fa_error *err);
void fa_result_free(fa_result *res);

/* PATH with every run that looks like an identifier masked, extension kept
 * ("forms/NIR284057577788802.txt" -> "forms/NIR28405**********.txt"): what reports
 * show of a file name. malloc'd; NULL when out of memory. */
char *fa_mask_path(const char *path);

/* What a batch needs of a result. Strings are borrowed from RES. */
fa_status fa_result_status(const fa_result *res); /* FA_OK: audited */
const char *fa_result_path(const fa_result *res);
fa_format fa_result_format(const fa_result *res);
const char *fa_result_error(const fa_result *res);         /* NULL when audited */
const char *fa_result_title(const fa_result *res);         /* "" when none */
const char *fa_result_rules_version(const fa_result *res); /* "" when none */

/* Findings counted as every report and the index summarise them. */
typedef struct fa_counts {
    int severity[FA_SEV_COUNT]; /* by fa_severity */
    int category[FA_CAT_COUNT]; /* findings whose category is a field category */
    bool dpia;                  /* a finding of kind "dpia" */
} fa_counts;
void fa_result_counts(const fa_result *res, fa_counts *out);

/* Convenience for the field inventory: `formaudit fields` (-f json gives the contract's
 * fields array). */
fa_status fa_fields_write(const fa_result *res, int json, FILE *out);

#ifdef __cplusplus
}
#endif
#endif /* FORMAUDIT_H */
