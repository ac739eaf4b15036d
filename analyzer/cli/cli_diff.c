/* cli_diff.c — `formaudit diff OLD NEW`: what a new version of a form changes. Each side
 * is a document, audited here (in the worker pool, like `audit`, so a document that
 * crashes a parser fails alone), or a formaudit JSON report of one document (an archived
 * audit, read back). Both documents are audited by one run with one rule set. The
 * comparison and its renderers are the library's (fa_diff_*); this file reads the
 * options, gets the two results and says the exit code: 1 when the new version adds a
 * finding at or above --fail-on. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct diff_opts {
    fa_report_format format;
    const char *output;
    fa_cli_rule_opts r;
    int fail_on; /* severity rank, -1 = none */
    bool quiet;
    bool isolate;
} diff_opts;

static int parse_diff(int argc, char **argv, diff_opts *o)
{
    enum { OPT_FAIL_ON = FA_OPT_OWN, OPT_NO_ISOLATE };
    static const struct option longopts[] = {{"format", required_argument, NULL, 'f'},
                                             {"output", required_argument, NULL, 'o'},
                                             FA_CLI_RULE_LONGOPTS,
                                             {"fail-on", required_argument, NULL, OPT_FAIL_ON},
                                             {"quiet", no_argument, NULL, 'q'},
                                             {"no-isolate", no_argument, NULL, OPT_NO_ISOLATE},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    o->format = FA_REPORT_TXT;
    o->fail_on = -1;
    o->isolate = true;
    if (fa_cli_rule_opts_init(&o->r, argc))
        return -1;
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "f:o:qh", longopts, NULL)) != -1) {
        int r = fa_cli_rule_opt(&o->r, c, optarg);
        if (r < 0)
            return -1;
        if (r > 0)
            continue;
        switch (c) {
        case 'f': {
            int f = fa_report_format_from_name(optarg);
            if (f != FA_REPORT_TXT && f != FA_REPORT_MD && f != FA_REPORT_HTML &&
                f != FA_REPORT_JSON) {
                fa_cli_usage_error("diff: -f %s: expected txt, md, html or json", optarg);
                return -1;
            }
            o->format = (fa_report_format)f;
            break;
        }
        case 'o':
            if (!*optarg) {
                fa_cli_usage_error("-o: empty path");
                return -1;
            }
            o->output = optarg;
            break;
        case OPT_FAIL_ON:
            o->fail_on = fa_severity_from_name(optarg);
            if (o->fail_on < 0) {
                fa_cli_usage_error("--fail-on %s: expected info, low, medium, high or critical",
                                   optarg);
                return -1;
            }
            break;
        case 'q':
            o->quiet = true;
            break;
        case OPT_NO_ISOLATE:
            o->isolate = false;
            break;
        case 'h':
            fa_cli_usage(stdout);
            return 1;
        default:
            fa_cli_usage_error("diff: unknown option or missing argument: %s",
                               fa_cli_bad_option(argc, argv));
            return -1;
        }
    }
    return 0;
}

/* ---------------------------------------------------------------- the two results */

/* Does PATH hold JSON (first non-blank byte '{', after a BOM)? */
static bool json_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    unsigned char buf[64];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    size_t i = n >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF ? 3 : 0;
    while (i < n && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n' || buf[i] == '\r'))
        i++;
    return i < n && buf[i] == '{';
}

/* A formaudit JSON report of one document read back; NULL after a message. */
static fa_result *read_report(const char *path)
{
    FILE *f = fopen(path, "rb");
    fa_buf b = {0};
    b.cap = FA_DOC_RESULT_MAX;
    char chunk[65536];
    size_t n;
    fa_status st = f ? FA_OK : FA_ERR_IO;
    while (!st && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        st = fa_buf_append(&b, chunk, n);
    if (f && ferror(f))
        st = FA_ERR_IO;
    if (f)
        fclose(f);
    fa_result *res = NULL;
    fa_error err = {0};
    if (st)
        fa_cli_warn("%s: %s", path, st == FA_ERR_IO ? strerror(errno) : fa_strerror(st));
    else if (fa_result_from_report(b.data ? b.data : "", b.len, &res, &err) != FA_OK)
        fa_cli_warn("%s: not a formaudit JSON report of one document: %s", path, err.message);
    fa_buf_free(&b);
    return res;
}

/* What the pool says of the documents audited here: their JSON Lines report. */
typedef struct collect {
    fa_buf line[2];
} collect;

static int collect_frame(void *ctx, size_t k, char kind, unsigned char arg, const char *data,
                         size_t len)
{
    collect *c = ctx;
    if (k >= 2)
        return -1;
    if (kind == 'S')
        fa_buf_reset(&c->line[k]); /* a document started over after its worker failed */
    if (kind == 'R' && arg == FA_REPORT_JSONL)
        return fa_buf_append(&c->line[k], data, len) == FA_OK ? 0 : -1;
    return 0;
}

/* Audit the documents among PATHS[0..1] (AUDIT[i]) in one run, results in RES[i]. */
static int audit_docs(const char *const *paths, const bool *audit, const fa_rules *rules,
                      const diff_opts *o, fa_result **res)
{
    fa_joblist jobs = {0};
    size_t idx[2] = {0, 0};
    for (int i = 0; i < 2; i++) {
        if (!audit[i])
            continue;
        idx[i] = jobs.n;
        if (!fa_joblist_add(&jobs, paths[i], paths[i], false)) {
            fa_joblist_free(&jobs);
            fa_cli_warn("out of memory");
            return -1;
        }
    }
    collect c = {0};
    fa_report_opts ro = {0};
    ro.lang = o->r.lang;
    fa_run_opts run;
    fa_run_opts_init(&run);
    run.rules = rules;
    run.audit.context = o->r.context;
    run.audit.lang = o->r.lang;
    run.report = &ro;
    run.formats = 1u << FA_REPORT_JSONL;
    run.jobs = (int)jobs.n;
    run.isolate = o->isolate;
    fa_error err = {0};
    int rc = 0;
    if (jobs.n && fa_run(&jobs, NULL, &run, collect_frame, &c, &err) != FA_OK) {
        fa_cli_warn("%s", err.message[0] ? err.message : fa_strerror(err.status));
        rc = -1;
    }
    for (int i = 0; i < 2 && !rc; i++) {
        if (!audit[i])
            continue;
        const fa_buf *b = &c.line[idx[i]];
        if (fa_result_from_json(b->data ? b->data : "", b->len, &res[i], &err) != FA_OK) {
            fa_cli_warn("%s: %s", paths[i], err.message);
            rc = -1;
        } else if (fa_result_status(res[i]) != FA_OK) {
            fa_cli_warn("%s: %s (%s)", paths[i], fa_result_error(res[i]),
                        fa_status_code(fa_result_status(res[i])));
            rc = -1;
        }
    }
    fa_buf_free(&c.line[0]);
    fa_buf_free(&c.line[1]);
    fa_joblist_free(&jobs);
    return rc;
}

/* ---------------------------------------------------------------- output */

static int write_output(const diff_opts *o, const fa_buf *b)
{
    if (!o->output) {
        if (b->len && fwrite(b->data, 1, b->len, stdout) != b->len) {
            fa_cli_warn("standard output: %s", strerror(errno));
            return -1;
        }
        return 0;
    }
    fa_error err = {0};
    if (fa_write_file_atomic(o->output, b->data ? b->data : "", b->len, &err) != FA_OK) {
        fa_cli_warn("%s", err.message);
        return -1;
    }
    return 0;
}

int fa_cmd_diff(int argc, char **argv)
{
    int rc = FA_EXIT_ERROR;
    diff_opts o = {0};
    fa_rules *rules = NULL;
    fa_result *res[2] = {NULL, NULL};
    fa_diff *d = NULL;
    fa_buf out = {0};
    int p = parse_diff(argc, argv, &o);
    if (p) {
        rc = p > 0 ? FA_EXIT_OK : FA_EXIT_ERROR;
        goto done;
    }
    if (argc - optind != 2) {
        rc = fa_cli_usage_error("diff: expected OLD and NEW");
        goto done;
    }
    const char *paths[2] = {argv[optind], argv[optind + 1]};
    /* Rules before any document: an invalid pack is exit 3, whatever the inputs. */
    rules = fa_cli_load_rules(&o.r, &rc);
    if (!rules)
        goto done;
    rc = FA_EXIT_ERROR;
    bool audit[2];
    for (int i = 0; i < 2; i++) {
        const char *what;
        if (!fa_cli_regular_file(paths[i], &what)) {
            fa_cli_warn("%s: not a regular file (%s): not read", paths[i],
                        !strcmp(what, "cannot be read") ? strerror(errno) : what);
            goto done;
        }
        audit[i] = !json_file(paths[i]);
        if (!audit[i] && !(res[i] = read_report(paths[i])))
            goto done;
    }
    if (audit_docs(paths, audit, rules, &o, res))
        goto done;
    fa_status st = fa_diff_new(res[0], res[1], &d);
    if (st) {
        fa_cli_warn("diff: %s", fa_strerror(st));
        goto done;
    }
    if (!o.quiet && strcmp(fa_result_rules_version(res[0]), fa_result_rules_version(res[1])))
        fa_cli_warn("warning: %s and %s were not audited with the same rules: findings may "
                    "differ because of the rules",
                    paths[0], paths[1]);
    fa_report_opts ro = {0};
    ro.lang = o.r.lang;
    ro.tool_version = fa_version();
    ro.rules_version = fa_rules_version(rules);
    st = fa_diff_render(d, o.format, &ro, &out);
    if (st) {
        fa_cli_warn("diff: %s", fa_strerror(st));
        goto done;
    }
    if (write_output(&o, &out))
        goto done;
    rc = o.fail_on >= 0 && fa_diff_worst_new(d) >= o.fail_on ? FA_EXIT_FINDINGS : FA_EXIT_OK;
done:
    fa_buf_free(&out);
    fa_diff_free(d);
    fa_result_free(res[0]);
    fa_result_free(res[1]);
    fa_rules_free(rules);
    free(o.r.packs);
    return rc;
}
