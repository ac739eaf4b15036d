/* cli.h — the pieces of the formaudit command line talk through this header (tool
 * side, in the spirit of curl's tool_*.h): exit codes, messages, the usage text, the
 * documents of a run, the directory walk, the worker pool and where the reports go.
 * Nothing here is library API. The library is used only through its public headers,
 * formaudit.h, formaudit_report.h and fa_limits.h (the CLI target sees no other
 * include directory, and scripts/check verifies the #include lines).
 *
 * The pipeline of `formaudit audit`: cli_walk.c lists the documents (fa_joblist);
 * cli_pool.c audits each one in a long-lived worker process (or in process), where
 * cli_worker.c reads, audits and renders it into frames; cli_out.c puts each frame
 * where it belongs (report files, standard output, the batch journal) as soon as it
 * arrives and writes the index from the documents' summaries at the end.
 *
 * Ownership: a fa_joblist owns its jobs and their strings; fa_joblist_free releases
 * everything. */
#ifndef FA_CLI_H
#define FA_CLI_H

#include "fa_limits.h"
#include "formaudit.h"
#include "formaudit_report.h"

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

/* Exit codes of the contract (CONTRACT.md §1), and --strict's own. */
enum {
    FA_EXIT_OK = 0,        /* audit done, nothing at or above --fail-on */
    FA_EXIT_FINDINGS = 1,  /* a finding at or above --fail-on */
    FA_EXIT_ERROR = 2,     /* usage or I/O error */
    FA_EXIT_RULES = 3,     /* a rule pack is invalid */
    FA_EXIT_UNREADABLE = 4 /* --strict: a document could not be audited */
};

/* ---------------------------------------------------------------- messages */

/* The usage text, one source for --help and docs/formaudit.1.md (a CLI test checks
 * that the manual quotes it verbatim). */
void fa_cli_usage(FILE *out);

/* "formaudit: MESSAGE\n" on stderr. */
void fa_cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A usage error: the message, then a pointer to --help. Returns FA_EXIT_ERROR. */
int fa_cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* SIGINT/SIGTERM/SIGHUP: set fa_cli_stop instead of dying, so a batch stops between
 * two steps, kills its workers and never leaves a report half-written (a temporary
 * file) behind. */
extern volatile sig_atomic_t fa_cli_stop;
void fa_cli_catch_signals(void);

/* Is PATH a regular file? Otherwise (FIFO, socket, device, directory) *what says
 * what it is, and nothing may open it: a FIFO would block the run. */
bool fa_cli_regular_file(const char *path, const char **what);

/* strdup that exits nothing: NULL when out of memory. */
char *fa_cli_strdup(const char *s);

/* ---------------------------------------------------------------- commands */

int fa_cmd_audit(int argc, char **argv);
int fa_cmd_merge(int argc, char **argv);
int fa_cmd_fields(int argc, char **argv);
int fa_cmd_text(int argc, char **argv);
int fa_cmd_rules(int argc, char **argv);
int fa_cmd_diff(int argc, char **argv);

/* Options of every command that applies rules, parsed in one place:
 * --rules PACK (repeatable), --no-default-rules, --lang fr|en, --context NAME, and how
 * documents are read: --no-ocr, --ocr-lang LANGS (set for the process as they come,
 * with fa_read_set_ocr).
 * A command lists FA_CLI_RULE_LONGOPTS in its getopt_long table (its own option
 * values start at FA_OPT_OWN) and hands every option to fa_cli_rule_opt first. */
typedef struct fa_cli_rule_opts {
    const char **packs; /* owned array, strings borrowed from argv; free(packs) */
    size_t n_packs;
    bool no_default;
    const char *lang; /* "fr" unless --lang */
    fa_context context;
    fa_ocr_opts ocr; /* --no-ocr, --ocr-lang */
} fa_cli_rule_opts;

enum {
    FA_OPT_RULES = 256,
    FA_OPT_NO_DEFAULT,
    FA_OPT_LANG,
    FA_OPT_CONTEXT,
    FA_OPT_NO_OCR,
    FA_OPT_OCR_LANG,
    FA_OPT_OWN
};
#define FA_CLI_RULE_LONGOPTS                                                                       \
    {"rules", required_argument, NULL, FA_OPT_RULES},                                              \
        {"no-default-rules", no_argument, NULL, FA_OPT_NO_DEFAULT},                                \
        {"lang", required_argument, NULL, FA_OPT_LANG},                                            \
        {"no-ocr", no_argument, NULL, FA_OPT_NO_OCR},                                              \
        {"ocr-lang", required_argument, NULL, FA_OPT_OCR_LANG},                                    \
    {                                                                                              \
        "context", required_argument, NULL, FA_OPT_CONTEXT                                         \
    }

/* Defaults, and room for the packs of ARGC arguments. -1 when out of memory (said). */
int fa_cli_rule_opts_init(fa_cli_rule_opts *o, int argc);
/* Option C of getopt_long with argument ARG: 1 when it is one of these (stored), 0
 * when it is not, -1 for an invalid value (usage message printed). */
int fa_cli_rule_opt(fa_cli_rule_opts *o, int c, const char *arg);
/* The argument getopt_long could not take (unknown option, missing value), for the
 * message: the option itself, not the word after it. */
const char *fa_cli_bad_option(int argc, char **argv);

/* Load the rule set of a command: the built-in packs unless NO_DEFAULT, then PACKS
 * in order, then compile. On failure prints the loader's message and returns NULL with
 * *exit_code set (FA_EXIT_RULES for an invalid pack, FA_EXIT_ERROR otherwise). */
fa_rules *fa_cli_load_rules(const fa_cli_rule_opts *o, int *exit_code);

/* ---------------------------------------------------------------- jobs */

/* One document of a run, or an entry of a walked folder that could not be visited
 * (pre.status != FA_OK: reported with that error, never audited). */
typedef struct fa_job {
    char *path;   /* as shown in reports: the argument, or argument/sub/file */
    char *rel;    /* path relative to the argument it came from (report file names) */
    char *report; /* base name of its reports in an output directory, or NULL */
    bool walked;  /* found inside a directory or a --files-from list */
    bool keep;    /* always reported (named on the command line, unreadable folder) */
    fa_error pre; /* failure found by the walk (unreadable entry, broken link, FIFO) */
} fa_job;

typedef struct fa_joblist {
    fa_job *v;
    size_t n;
    size_t alloc;
} fa_joblist;

/* Append a job (copies the strings). NULL when out of memory. */
fa_job *fa_joblist_add(fa_joblist *l, const char *path, const char *rel, bool walked);
void fa_joblist_free(fa_joblist *l);

/* May the worker drop this job when its content is plain text or unknown? A walked
 * file without a document extension is kept only when it is a structured document. */
bool fa_job_may_drop(const fa_job *j);

/* One unique report base name per job (j->report): the relative path with '/' ->
 * "__" and unsafe characters made '_', unique without regard to case, "index"
 * reserved. FA_ERR_NOMEM. */
fa_status fa_joblist_name_reports(fa_joblist *l);

/* ---------------------------------------------------------------- walk */

typedef struct fa_walk_opts {
    bool quiet;     /* no warning about skipped special files */
    bool have_skip; /* a directory never entered: the output directory of the run */
    dev_t skip_dev;
    ino_t skip_ino;
} fa_walk_opts;

/* Add the documents named by PATH to L: a file is one job; a directory is walked
 * recursively in byte order of names, skipping hidden entries and Word lock files
 * (~$name.docx), following symbolic links but never entering a directory twice (loops
 * are reported on stderr). Entries that cannot be used (unreadable, broken link, not
 * a regular file) become jobs with pre.status set. Returns FA_OK, FA_ERR_IO when PATH
 * itself cannot be used (message printed), FA_ERR_NOMEM. */
fa_status fa_walk(const char *path, const fa_walk_opts *o, fa_joblist *l);

/* Add the paths listed in FILE ("-": standard input), one per line or NUL-separated
 * (NUL_SEP), as walked jobs relative to BASE (NULL: the path itself). */
fa_status fa_walk_list(const char *file, bool nul_sep, const char *base, fa_joblist *l);

/* The relative name of PATH under BASE ("dir/sub/a.docx" under "dir" is "sub/a.docx");
 * PATH without a leading "./" when BASE is NULL or does not contain it. Borrowed. */
const char *fa_rel_path(const char *path, const char *base);

/* True when NAME has the extension of a document formaudit reads or that people use
 * for forms (.docx .odt .pdf .html .htm .txt .doc .rtf ...). */
bool fa_doc_extension(const char *name);

/* ---------------------------------------------------------------- frames */

/* What a worker says about one document is a sequence of frames, in this order:
 *   'S' dropped  the document's summary (fa_summary_to_json), first; dropped = 1 when
 *                the document is a walked file that is not a document (nothing more)
 *   'R' f        the report in format f (fa_report_format)
 *   'F' f        format f could not be rendered (payload: the status name)
 *   'E' 0        the end of the document
 * Over a pipe each frame is a header (kind, one byte of argument, a 64-bit length in
 * host order: both ends are the same program) and that many bytes. */
#define FA_FRAME_HEADER 10

/* Where frames go. Returns 0, or -1 when writing failed (the worker stops). */
typedef int (*fa_frame_fn)(void *ctx, size_t job, char kind, unsigned char arg, const char *data,
                           size_t len);

/* What the run asks of every document. */
typedef struct fa_run_opts {
    const fa_rules *rules;
    fa_audit_opts audit;
    const fa_report_opts *report;
    unsigned formats;      /* bit 1 << fa_report_format: the reports each document needs */
    unsigned json_depth;   /* the JSON report as it sits in its output (fa_report_json_at) */
    bool sarif_results;    /* SARIF: only the document's results, for the stream's one run
                              (fa_report_sarif_results), not a log of its own */
    int jobs;              /* worker processes, >= 1 */
    bool isolate;          /* false: audit in process (--no-isolate, debugging) */
    bool progress;         /* "\r[i/n] path" on stderr */
    unsigned cpu_seconds;  /* CPU budget of one document */
    unsigned wall_seconds; /* a worker is killed after this on one document */
    size_t memory;         /* RLIMIT_AS of a worker, 0 = none */
    pid_t parent;          /* set by fa_run: workers die with this process */
    bool test_hooks;       /* set by fa_run in workers: FA_TEST_* hooks read (cli_worker.c) */
} fa_run_opts;

/* Fill the defaults from fa_limits.h (and the test hook FA_TEST_DOC_SECONDS). */
void fa_run_opts_init(fa_run_opts *o);

/* Audit the document of job JOB (index INDEX) and emit its frames to FN. Used by a
 * worker process and, in process, by --no-isolate. Returns 0, -1 when FN failed. */
int fa_worker_audit(const fa_job *job, size_t index, const fa_run_opts *o, fa_frame_fn fn,
                    void *ctx);

/* The frames of a document that failed outside the audit (crash, time or memory limit
 * of its worker, or a walk error): an error result of format FMT rendered in every
 * format asked. */
int fa_worker_failed(const fa_job *job, size_t index, const fa_run_opts *o, fa_format fmt,
                     fa_status st, const char *message, fa_frame_fn fn, void *ctx);

/* Audit every job of L whose SKIP bit is not set (SKIP may be NULL), each document's
 * frames handed to FN as they come (in any order across documents, in order within
 * one). A failing document never stops the run; returns != FA_OK only when the run
 * itself cannot go on (fork, pipe, memory, FN failing, interrupted). */
fa_status fa_run(const fa_joblist *l, const unsigned char *skip, const fa_run_opts *o,
                 fa_frame_fn fn, void *ctx, fa_error *err);

#endif
