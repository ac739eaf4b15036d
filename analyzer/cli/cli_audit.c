/* cli_audit.c — `formaudit audit`: options, then the run: the walk (cli_walk.c), the
 * audits in the worker pool (cli_pool.c, cli_worker.c), the reports put where they go
 * as each document ends (cli_out.c: standard output, one file, or a directory with a
 * journal and an index), and the exit code. */
#include "cli_out.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Sanitizer builds check for leaks at exit: they free everything (see the end of
 * fa_cmd_audit). */
#if defined(__SANITIZE_ADDRESS__)
#define FA_CLI_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FA_CLI_ASAN 1
#endif
#endif
#ifndef FA_CLI_ASAN
#define FA_CLI_ASAN 0
#endif

typedef struct audit_opts {
    unsigned formats; /* bit (1 << fa_report_format) per asked format */
    int n_formats;
    fa_report_format format; /* the first one asked */
    const char *output;
    fa_cli_rule_opts r; /* --rules, --no-default-rules, --lang, --context */
    long jobs;
    int fail_on; /* severity rank, -1 = none */
    const char *date;
    const char *author, *organisation; /* --author, --organisation: the avis' signature */
    bool quiet;
    bool isolate;
    const char *files_from; /* --files-from FILE or "-" */
    bool nul_sep;           /* -0 */
    const char *base;       /* --base DIR */
    bool resume, strict, ordered;
} audit_opts;

static int parse_formats(const char *arg, audit_opts *o)
{
    char *copy = fa_cli_strdup(arg);
    if (!copy)
        return -1;
    int rc = 0;
    char *save = NULL;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        int f = fa_report_format_from_name(t);
        if (f < 0) {
            fa_cli_usage_error(
                "-f %s: unknown format '%s' (txt, json, md, html, odt, jsonl, sarif, pia)", arg, t);
            rc = -1;
            break;
        }
        if (!(o->formats & (1u << f))) {
            if (!o->n_formats)
                o->format = (fa_report_format)f;
            o->formats |= 1u << f;
            o->n_formats++;
        }
    }
    free(copy);
    if (rc == 0 && !o->n_formats) {
        fa_cli_usage_error("-f: no format given");
        rc = -1;
    }
    return rc;
}

/* YYYY-MM-DD with a plausible month and day: the date goes verbatim into reports. */
static bool valid_date(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

static int parse_audit(int argc, char **argv, audit_opts *o)
{
    enum {
        OPT_FAIL_ON = FA_OPT_OWN,
        OPT_DATE,
        OPT_NO_ISOLATE,
        OPT_FILES_FROM,
        OPT_BASE,
        OPT_RESUME,
        OPT_STRICT,
        OPT_ORDERED,
        OPT_AUTHOR,
        OPT_ORGANISATION
    };
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        FA_CLI_RULE_LONGOPTS,
        {"jobs", required_argument, NULL, 'j'},
        {"fail-on", required_argument, NULL, OPT_FAIL_ON},
        {"date", required_argument, NULL, OPT_DATE},
        {"quiet", no_argument, NULL, 'q'},
        {"no-isolate", no_argument, NULL, OPT_NO_ISOLATE},
        {"files-from", required_argument, NULL, OPT_FILES_FROM},
        {"null", no_argument, NULL, '0'},
        {"base", required_argument, NULL, OPT_BASE},
        {"resume", no_argument, NULL, OPT_RESUME},
        {"strict", no_argument, NULL, OPT_STRICT},
        {"ordered", no_argument, NULL, OPT_ORDERED},
        {"author", required_argument, NULL, OPT_AUTHOR},
        {"organisation", required_argument, NULL, OPT_ORGANISATION},
        {"organization", required_argument, NULL, OPT_ORGANISATION},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    o->fail_on = -1;
    o->isolate = true;
    if (fa_cli_rule_opts_init(&o->r, argc))
        return -1;
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "f:o:j:q0h", longopts, NULL)) != -1) {
        char *end;
        int r = fa_cli_rule_opt(&o->r, c, optarg);
        if (r < 0)
            return -1;
        if (r > 0)
            continue;
        switch (c) {
        case 'f':
            if (parse_formats(optarg, o))
                return -1;
            break;
        case 'o':
            if (!*optarg) {
                fa_cli_usage_error("-o: empty path");
                return -1;
            }
            o->output = optarg;
            break;
        case 'j':
            errno = 0;
            o->jobs = strtol(optarg, &end, 10);
            if (errno || end == optarg || *end || o->jobs < 1 || o->jobs > FA_MAX_JOBS) {
                fa_cli_usage_error("-j %s: expected a number of workers from 1 to %d", optarg,
                                   FA_MAX_JOBS);
                return -1;
            }
            break;
        case OPT_FAIL_ON:
            o->fail_on = fa_severity_from_name(optarg);
            if (o->fail_on < 0) {
                fa_cli_usage_error("--fail-on %s: expected info, low, medium, high or critical",
                                   optarg);
                return -1;
            }
            break;
        case OPT_DATE:
            if (!valid_date(optarg)) {
                fa_cli_usage_error("--date %s: expected YYYY-MM-DD", optarg);
                return -1;
            }
            o->date = optarg;
            break;
        case 'q':
            o->quiet = true;
            break;
        case OPT_NO_ISOLATE:
            o->isolate = false;
            break;
        case OPT_FILES_FROM:
            o->files_from = optarg;
            break;
        case '0':
            o->nul_sep = true;
            break;
        case OPT_BASE:
            o->base = optarg;
            break;
        case OPT_RESUME:
            o->resume = true;
            break;
        case OPT_STRICT:
            o->strict = true;
            break;
        case OPT_ORDERED:
            o->ordered = true;
            break;
        case OPT_AUTHOR:
        case OPT_ORGANISATION:
            if (!*optarg || strlen(optarg) > 200) {
                fa_cli_usage_error("--%s: expected a name of 1 to 200 bytes",
                                   c == OPT_AUTHOR ? "author" : "organisation");
                return -1;
            }
            *(c == OPT_AUTHOR ? &o->author : &o->organisation) = optarg;
            break;
        case 'h':
            fa_cli_usage(stdout);
            return 1;
        default:
            if (optopt && strchr("foj", optopt))
                fa_cli_usage_error("audit: option -%c needs an argument", optopt);
            else
                fa_cli_usage_error("audit: unknown option or missing argument: %s",
                                   fa_cli_bad_option(argc, argv));
            return -1;
        }
    }
    if (!o->n_formats) {
        o->format = FA_REPORT_TXT;
        o->formats = 1u << FA_REPORT_TXT;
        o->n_formats = 1;
    }
    if (!o->date) {
        const char *env = getenv("FA_REPORT_DATE");
        if (env && *env) {
            if (!valid_date(env)) {
                fa_cli_usage_error("FA_REPORT_DATE=%s: expected YYYY-MM-DD", env);
                return -1;
            }
            o->date = env;
        }
    }
    if (!o->jobs) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        o->jobs = n < 1 ? 1 : n > 64 ? 64 : n;
    }
    return 0;
}

/* ---------------------------------------------------------------- helpers */

static int mkdir_p(const char *path)
{
    char *p = fa_cli_strdup(path);
    if (!p)
        return -1;
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            free(p);
            return -1;
        }
        *s = '/';
    }
    int rc = mkdir(p, 0777) != 0 && errno != EEXIST ? -1 : 0;
    free(p);
    struct stat st;
    if (rc == 0 && (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))) {
        errno = ENOTDIR;
        rc = -1;
    }
    return rc;
}

/* Where do the reports go? -o DIR when -o names a directory, ends with '/', a PATH to
 * audit is a directory, a list of files is given, or several formats are asked. */
static int output_mode(const audit_opts *o, int argc, char **argv, fa_out_mode *mode)
{
    struct stat sb;
    bool any_dir = o->files_from != NULL;
    for (int i = optind; i < argc; i++)
        if (stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode))
            any_dir = true;
    bool stream_only = o->format == FA_REPORT_JSONL;
    if (o->output) {
        size_t len = strlen(o->output);
        bool is_dir = stat(o->output, &sb) == 0 && S_ISDIR(sb.st_mode);
        *mode =
            (is_dir || o->output[len - 1] == '/' || (any_dir && !stream_only) || o->n_formats > 1)
                ? FA_OUT_DIR
                : FA_OUT_FILE;
    } else {
        *mode = FA_OUT_STDOUT;
        if (o->n_formats > 1)
            return fa_cli_usage_error("audit: several formats need -o DIR");
        if (o->format == FA_REPORT_HTML || o->format == FA_REPORT_ODT)
            return fa_cli_usage_error("audit: -f %s writes files: add -o REPORT.%s or -o DIR",
                                      fa_report_format_ext(o->format),
                                      fa_report_format_ext(o->format));
    }
    if (*mode == FA_OUT_DIR && (o->formats & (1u << FA_REPORT_JSONL)))
        return fa_cli_usage_error("audit: -f jsonl is a stream: standard output or -o FILE");
    if (o->resume && *mode != FA_OUT_DIR)
        return fa_cli_usage_error("audit: --resume needs -o DIR");
    return 0;
}

/* The documents of the run: the PATH arguments, then --files-from. */
static int collect_jobs(const audit_opts *o, int argc, char **argv, fa_out_mode mode,
                        fa_joblist *jobs, bool *io_error)
{
    fa_walk_opts wo = {0};
    wo.quiet = o->quiet;
    struct stat sb;
    if (mode == FA_OUT_DIR && stat(o->output, &sb) == 0) {
        wo.have_skip = true;
        wo.skip_dev = sb.st_dev;
        wo.skip_ino = sb.st_ino;
    }
    for (int i = optind; i < argc; i++) {
        fa_status st = fa_walk(argv[i], &wo, jobs);
        if (st == FA_ERR_NOMEM) {
            fa_cli_warn("out of memory");
            return FA_EXIT_ERROR;
        }
        if (st != FA_OK)
            *io_error = true; /* message printed by the walk; audit the others */
    }
    if (o->files_from) {
        fa_status st = fa_walk_list(o->files_from, o->nul_sep, o->base, jobs);
        if (st == FA_ERR_NOMEM) {
            fa_cli_warn("out of memory");
            return FA_EXIT_ERROR;
        }
        if (st != FA_OK)
            return FA_EXIT_ERROR;
    }
    if (mode == FA_OUT_DIR && fa_joblist_name_reports(jobs) != FA_OK) {
        fa_cli_warn("out of memory");
        return FA_EXIT_ERROR;
    }
    return FA_EXIT_OK;
}

/* ---------------------------------------------------------------- command */

int fa_cmd_audit(int argc, char **argv)
{
    int rc = FA_EXIT_ERROR;
    bool io_error = false;
    audit_opts o = {0};
    fa_rules *rules = NULL;
    fa_joblist jobs = {0};
    fa_out out = {0};
    fa_error err = {0};
    fa_out_mode mode = FA_OUT_STDOUT;
    char tmp[4096] = "";

    int p = parse_audit(argc, argv, &o);
    if (p) {
        rc = p > 0 ? FA_EXIT_OK : FA_EXIT_ERROR;
        goto done;
    }
    if (optind >= argc && !o.files_from) {
        rc = fa_cli_usage_error("audit: no PATH to audit");
        goto done;
    }
    if (output_mode(&o, argc, argv, &mode))
        goto done;

    /* Rules before any document: an invalid pack is exit 3, whatever the inputs. */
    rules = fa_cli_load_rules(&o.r, &rc);
    if (!rules)
        goto done;
    if (mode == FA_OUT_DIR && mkdir_p(o.output) != 0) {
        fa_cli_warn("%s: cannot create the output directory: %s", o.output, strerror(errno));
        rc = FA_EXIT_ERROR;
        goto done;
    }
    rc = collect_jobs(&o, argc, argv, mode, &jobs, &io_error);
    if (rc != FA_EXIT_OK)
        goto done;
    rc = FA_EXIT_ERROR;
    /* An avis page, an ODT and a PIA are one document's each. */
    if (mode != FA_OUT_DIR && jobs.n > 1 &&
        (o.format == FA_REPORT_HTML || o.format == FA_REPORT_ODT || o.format == FA_REPORT_PIA)) {
        rc = fa_cli_usage_error("audit: %zu documents cannot share one %s %s: use -o DIR", jobs.n,
                                fa_report_format_ext(o.format),
                                mode == FA_OUT_FILE ? "file" : "stream");
        goto done;
    }

    fa_report_opts ro = {0};
    ro.lang = o.r.lang;
    ro.date = o.date;
    ro.author = o.author;
    ro.organisation = o.organisation;
    ro.tool_version = fa_version();
    ro.rules_version = fa_rules_version(rules);
    ro.rules = rules; /* SARIF lists every rule of the run */
    const char *nc = getenv("NO_COLOR");
    ro.color =
        mode == FA_OUT_STDOUT && o.format == FA_REPORT_TXT && isatty(STDOUT_FILENO) && !(nc && *nc);

    out.mode = mode;
    out.dir = o.output;
    out.formats = o.formats;
    out.format = o.format;
    out.ordered = o.ordered;
    out.quiet = o.quiet;
    out.report = &ro;
    out.stream = stdout;
    if (mode == FA_OUT_FILE) {
        snprintf(tmp, sizeof tmp, "%s.tmp.%ld", o.output, (long)getpid());
        out.stream = fopen(tmp, "wb");
        if (!out.stream) {
            fa_cli_warn("%s: %s", tmp, strerror(errno));
            tmp[0] = '\0';
            goto done;
        }
    }
    if (fa_out_open(&out, &jobs, o.resume) != FA_OK) {
        io_error = true;
        goto finish;
    }

    fa_cli_catch_signals();
    fa_run_opts run;
    fa_run_opts_init(&run);
    run.rules = rules;
    run.audit.context = o.r.context;
    run.audit.lang = o.r.lang;
    run.report = &ro;
    run.formats = mode == FA_OUT_DIR ? o.formats : 1u << o.format;
    run.json_depth = mode == FA_OUT_DIR ? 0 : 2; /* an element of the envelope */
    run.sarif_results = mode != FA_OUT_DIR;      /* the results of the stream's one run */
    run.jobs = (int)o.jobs;
    run.isolate = o.isolate;
    run.progress = !o.quiet && isatty(STDERR_FILENO);
    if (fa_run(&jobs, out.skip, &run, fa_out_frame, &out, &err) != FA_OK) {
        fa_cli_warn("%s", err.message[0] ? err.message : fa_strerror(err.status));
        io_error = true;
        if (fa_cli_stop)
            goto finish; /* no index, no stream tail: nothing pretends to be complete */
    }
    if (fa_out_close(&out) != FA_OK)
        io_error = true;
finish:
    io_error |= out.io_error;
    if (mode == FA_OUT_FILE && out.stream) {
        bool bad = ferror(out.stream) != 0;
        if (fclose(out.stream) != 0)
            bad = true;
        out.stream = NULL;
        if (bad || io_error || rename(tmp, o.output) != 0) {
            if (bad || !io_error)
                fa_cli_warn("%s: %s", o.output, strerror(errno));
            io_error = true;
            unlink(tmp);
        }
        tmp[0] = '\0';
    }
    if (io_error)
        rc = FA_EXIT_ERROR;
    else if (o.fail_on >= 0 && out.worst >= o.fail_on)
        rc = FA_EXIT_FINDINGS;
    else if (o.strict && out.unreadable)
        rc = FA_EXIT_UNREADABLE;
    else
        rc = FA_EXIT_OK;
done:
    if (tmp[0]) {
        if (out.stream && out.stream != stdout)
            fclose(out.stream);
        unlink(tmp);
    }
    fa_out_free(&out);
    fa_joblist_free(&jobs);
    /* Speed: the process ends right after this. Freeing the compiled packs releases
     * hundreds of JIT code pages one munmap (and TLB flush) at a time, ~10% of a whole
     * audit's CPU time: let exit() do it at once. The pointer stays in a static, so
     * leak checkers see the packs as still reachable, not leaked; sanitizer and
     * valgrind runs (no JIT) free them as before. */
    if (getenv("FA_PCRE2_NO_JIT") || FA_CLI_ASAN) {
        fa_rules_free(rules);
    } else {
        static fa_rules *kept_until_exit;
        kept_until_exit = rules;
        (void)kept_until_exit;
    }
    free(o.r.packs);
    return rc;
}
