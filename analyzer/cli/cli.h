/* cli.h — the pieces of the formaudit command line talk through this header (tool
 * side, in the spirit of curl's tool_*.h): exit codes, messages, the usage text, the
 * list of documents of a run, the directory walk and the (isolated) runner.
 * Nothing here is library API; the library is used only through formaudit.h and
 * report.h.
 *
 * Ownership: a fa_joblist owns its jobs, their strings, their JSON results and the
 * reports their children rendered; fa_joblist_free releases everything. */
#ifndef FA_CLI_H
#define FA_CLI_H

#include "formaudit.h"
#include "report.h"

#include <jansson.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Exit codes of the contract (CONTRACT.md §1). */
enum {
    FA_EXIT_OK = 0,       /* audit done, nothing at or above --fail-on */
    FA_EXIT_FINDINGS = 1, /* a finding at or above --fail-on */
    FA_EXIT_ERROR = 2,    /* usage or I/O error */
    FA_EXIT_RULES = 3     /* a rule pack is invalid */
};

/* ---------------------------------------------------------------- messages */

/* The usage text, one source for --help and docs/formaudit.1.md (a CLI test checks
 * that the manual quotes it verbatim). */
extern const char fa_cli_usage_text[];

/* "formaudit: MESSAGE\n" on stderr. */
void fa_cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A usage error: the message, then a pointer to --help. Returns FA_EXIT_ERROR. */
int fa_cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* SIGINT/SIGTERM/SIGHUP: set fa_cli_stop instead of dying, so a batch stops between
 * two steps, kills its children and never leaves a report half-written (a temporary
 * file) behind. */
extern volatile sig_atomic_t fa_cli_stop;
void fa_cli_catch_signals(void);

/* ---------------------------------------------------------------- commands */

int fa_cmd_audit(int argc, char **argv);
int fa_cmd_fields(int argc, char **argv);
int fa_cmd_text(int argc, char **argv);
int fa_cmd_rules(int argc, char **argv);

/* Options of every command that applies rules, parsed in one place:
 * --rules PACK (repeatable), --no-default-rules, --lang fr|en, --context NAME.
 * A command lists FA_CLI_RULE_LONGOPTS in its getopt_long table (its own option
 * values start at FA_OPT_OWN) and hands every option to fa_cli_rule_opt first. */
typedef struct fa_cli_rule_opts {
    const char **packs; /* owned array, strings borrowed from argv; free(packs) */
    size_t n_packs;
    bool no_default;
    const char *lang; /* "fr" unless --lang */
    fa_context context;
} fa_cli_rule_opts;

enum { FA_OPT_RULES = 256, FA_OPT_NO_DEFAULT, FA_OPT_LANG, FA_OPT_CONTEXT, FA_OPT_OWN };
#define FA_CLI_RULE_LONGOPTS                                                                       \
    {"rules", required_argument, NULL, FA_OPT_RULES},                                              \
        {"no-default-rules", no_argument, NULL, FA_OPT_NO_DEFAULT},                                \
        {"lang", required_argument, NULL, FA_OPT_LANG},                                            \
    {                                                                                              \
        "context", required_argument, NULL, FA_OPT_CONTEXT                                         \
    }

/* Defaults, and room for the packs of ARGC arguments. -1 when out of memory (said). */
int fa_cli_rule_opts_init(fa_cli_rule_opts *o, int argc);
/* Option C of getopt_long with argument ARG: 1 when it is one of these (stored), 0
 * when it is not, -1 for an invalid value (usage message printed). */
int fa_cli_rule_opt(fa_cli_rule_opts *o, int c, const char *arg);

/* Load the rule set of a command: the built-in packs unless NO_DEFAULT, then PACKS
 * in order, then compile. On failure prints the loader's message and returns NULL with
 * *exit_code set (FA_EXIT_RULES for an invalid pack, FA_EXIT_ERROR otherwise). */
fa_rules *fa_cli_load_rules(const fa_cli_rule_opts *o, int *exit_code);

/* ---------------------------------------------------------------- jobs */

/* One entry of a run: a document to audit, or an entry of a walked folder that could
 * not be visited (pre.status != FA_OK: reported with that error, never audited). */
typedef struct fa_job {
    char *path;        /* as shown in reports: the argument, or argument/sub/file */
    char *rel;         /* path relative to the argument it came from (report file names) */
    bool walked;       /* found inside a directory, not named on the command line */
    bool keep;         /* always reported (named on the command line, unreadable folder) */
    fa_error pre;      /* failure found by the walk (unreadable entry, broken link) */
    json_t *result;    /* the JSON document object once audited (owned); when the child
                          rendered the reports (see fa_run_opts.render) an ok document
                          comes back without its fields and findings: only what the
                          parent itself reads (status, error, format, summary, notice) */
    bool light;        /* result is such a document without fields and findings */
    unsigned rendered; /* bit 1 << fa_report_format: report[f] holds that report */
    fa_buf report[FA_REPORT_NFORMATS]; /* bytes rendered by the child per format */
    bool dropped;                      /* walked file that turned out not to be a document */
} fa_job;

typedef struct fa_joblist {
    fa_job *v;
    size_t n;
    size_t alloc;
} fa_joblist;

/* Append a job (copies the strings). NULL when out of memory. */
fa_job *fa_joblist_add(fa_joblist *l, const char *path, const char *rel, bool walked);
void fa_joblist_free(fa_joblist *l);

/* ---------------------------------------------------------------- walk */

typedef struct fa_walk_opts {
    bool quiet;     /* no warning about skipped special files */
    bool have_skip; /* a directory never entered: the output directory of the run */
    dev_t skip_dev;
    ino_t skip_ino;
} fa_walk_opts;

/* Add the documents named by PATH to L: a file is one job; a directory is walked
 * recursively in byte order of names, skipping hidden entries and Word lock files
 * (~$name.docx), following symbolic
 * links but never entering a directory twice (loops are reported on stderr).
 * Unreadable entries become jobs with pre.status set. Returns FA_OK, FA_ERR_IO when
 * PATH itself cannot be used (message printed), FA_ERR_NOMEM. */
fa_status fa_walk(const char *path, const fa_walk_opts *o, fa_joblist *l);

/* True when NAME has the extension of a document formaudit reads or that people use
 * for forms (.docx .odt .pdf .html .htm .txt .doc .rtf ...). Walked files without
 * such an extension are kept only when their content is a structured document
 * (docx, odt, pdf, html): plain text has no signature, so a .json or .csv found in a
 * folder of forms is not audited as a form. */
bool fa_doc_extension(const char *name);

/* ---------------------------------------------------------------- run */

typedef struct fa_run_opts {
    const fa_rules *rules;
    fa_audit_opts audit;
    int jobs;              /* worker processes, >= 1 */
    bool isolate;          /* false: audit in process (--no-isolate, debugging) */
    bool progress;         /* "\r[i/n] path" on stderr */
    unsigned cpu_seconds;  /* RLIMIT_CPU of a child */
    unsigned wall_seconds; /* the parent kills a child after this */
    size_t memory;         /* RLIMIT_AS of a child, 0 = none */
    pid_t parent;          /* set by fa_run: children die with this process */
    /* Rendering in the child (isolated runs only). The document object of a large
     * form is megabytes of JSON: shipping it to the parent to be parsed and rendered
     * there cost a third of an audit. So the child renders the reports in these
     * formats (bit 1 << fa_report_format; not ODT, which writes a file) with REPORT
     * and sends the bytes; unless FULL_RESULT, it then sends the document object
     * without fields and findings. Errors found by the parent (crash, timeout) are
     * still rendered by the parent from their error document. When JSON is the only
     * format asked and not FULL_RESULT, the JSON report is streamed from the audit
     * result (fa_result_write_json) without building the document tree at all; in
     * process (not isolated) too. */
    unsigned render;
    const fa_report_opts *report;
    bool full_result;
    /* The JSON report comes shaped for where it goes (fa_render_json_at): 0 = a file
     * of its own, 2 = an element of the envelope's "documents" (stdout, -o FILE), so
     * the parent copies it out as is. */
    unsigned json_depth;
} fa_run_opts;

/* Fill the defaults from fa_limits.h (and the test hook FA_TEST_DOC_SECONDS). */
void fa_run_opts_init(fa_run_opts *o);

/* Audit every job of L not already failed, setting job->result (a document object,
 * ok or error) for every job. Results land at the job's index, so the output does
 * not depend on the number of workers. A failing document never stops the run;
 * returns != FA_OK only when the run itself cannot go on (fork, pipe, memory). */
fa_status fa_run(fa_joblist *l, const fa_run_opts *o, fa_error *err);

/* Audit PATH in this process: always a document object (error object on failure),
 * NULL only when out of memory. */
json_t *fa_audit_path(const char *path, const fa_rules *rules, const fa_audit_opts *o);

#endif
