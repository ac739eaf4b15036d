/* cli_audit.c — `formaudit audit`: options, the run (walk -> isolated audits ->
 * reports), where the reports go (stdout, one file, or a directory with an index) and
 * the exit code. Each child renders its document's reports (cli_run.c); this
 * (parent) process alone writes them, through a temporary file and a rename, so a
 * document that crashes its reader never leaves a half-written report. */
#include "cli.h"
#include "jsonw.h"

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

/* Longest report base name: NAME_MAX (255) less room for "-NNNN" and ".html". */
#define REPORT_NAME_MAX 200

typedef enum out_mode { OUT_STDOUT, OUT_FILE, OUT_DIR } out_mode;

typedef struct audit_opts {
    unsigned formats; /* bit (1 << fa_report_format) per asked format */
    int n_formats;
    fa_report_format format; /* the first one asked */
    const char *output;
    fa_cli_rule_opts r; /* --rules, --no-default-rules, --lang, --context */
    long jobs;
    int fail_on; /* severity rank, -1 = none */
    const char *date;
    bool quiet;
    bool isolate;
} audit_opts;

static const char *const severities[] = {"info", "low", "medium", "high", "critical"};

static int severity_rank(const char *s)
{
    for (int i = 0; s && i < 5; i++)
        if (!strcmp(s, severities[i]))
            return i;
    return -1;
}

static int parse_formats(const char *arg, audit_opts *o)
{
    char *copy = fa_strdup(arg);
    if (!copy)
        return -1;
    int rc = 0;
    char *save = NULL;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        int f = fa_report_format_from_name(t);
        if (f < 0) {
            fa_cli_usage_error("-f %s: unknown format '%s' (txt, json, md, html, odt)", arg, t);
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
    enum { OPT_FAIL_ON = FA_OPT_OWN, OPT_DATE, OPT_NO_ISOLATE };
    static const struct option longopts[] = {{"format", required_argument, NULL, 'f'},
                                             {"output", required_argument, NULL, 'o'},
                                             FA_CLI_RULE_LONGOPTS,
                                             {"jobs", required_argument, NULL, 'j'},
                                             {"fail-on", required_argument, NULL, OPT_FAIL_ON},
                                             {"date", required_argument, NULL, OPT_DATE},
                                             {"quiet", no_argument, NULL, 'q'},
                                             {"no-isolate", no_argument, NULL, OPT_NO_ISOLATE},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    o->fail_on = -1;
    o->isolate = true;
    if (fa_cli_rule_opts_init(&o->r, argc))
        return -1;
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "f:o:j:qh", longopts, NULL)) != -1) {
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
            if (errno || end == optarg || *end || o->jobs < 1 || o->jobs > 1024) {
                fa_cli_usage_error("-j %s: expected a number of workers from 1 to 1024", optarg);
                return -1;
            }
            break;
        case OPT_FAIL_ON:
            o->fail_on = severity_rank(optarg);
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
        case 'h':
            fputs(fa_cli_usage_text, stdout);
            return 1;
        default:
            if (optopt && strchr("foj", optopt))
                fa_cli_usage_error("audit: option -%c needs an argument", optopt);
            else
                fa_cli_usage_error("audit: unknown option or missing argument: %s",
                                   argv[optind - 1]);
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

/* ---------------------------------------------------------------- names */

/* Report base name of a document: its relative path with '/' -> "__", characters that
 * some file system or shell refuses, and '#' and '%' that would break the links of
 * index.html, made '_', cut at REPORT_NAME_MAX on a UTF-8 boundary. Non-ASCII letters
 * stay (French file names). */
static char *report_base(const char *rel)
{
    fa_buf b = {0};
    b.cap = 4 * REPORT_NAME_MAX;
    for (const unsigned char *p = (const unsigned char *)rel; *p; p++) {
        if (b.len >= REPORT_NAME_MAX && (*p & 0xC0) != 0x80)
            break;
        fa_status st;
        if (*p == '/')
            st = fa_buf_puts(&b, "__");
        else if (*p < 0x20 || *p == 0x7f || strchr("<>:\"\\|?*#%", *p) ||
                 (b.len == 0 && (*p == '.' || *p == '-' || *p == ' ')))
            st = fa_buf_putc(&b, '_');
        else
            st = fa_buf_putc(&b, (char)*p);
        if (st != FA_OK) {
            fa_buf_free(&b);
            return NULL;
        }
    }
    /* Windows drops trailing dots and spaces: keep names distinct there too. */
    while (b.len && (b.data[b.len - 1] == '.' || b.data[b.len - 1] == ' '))
        b.data[b.len - 1] = '_';
    if (!b.len && fa_buf_puts(&b, "document") != FA_OK) {
        fa_buf_free(&b);
        return NULL;
    }
    return fa_buf_steal(&b);
}

static bool name_taken(char **names, size_t n, const char *name)
{
    /* Case-insensitive: reports may be copied to a case-insensitive file system. The
     * index files own the base name "index". */
    if (!strcasecmp(name, "index"))
        return true;
    for (size_t i = 0; i < n; i++)
        if (names[i] && !strcasecmp(names[i], name))
            return true;
    return false;
}

/* One unique base name per kept job, NULL for dropped ones. */
static char **report_names(const fa_joblist *l)
{
    char **names = calloc(l->n + 1, sizeof *names);
    if (!names)
        return NULL;
    for (size_t i = 0; i < l->n; i++) {
        if (l->v[i].dropped)
            continue;
        char *base = report_base(l->v[i].rel);
        if (!base)
            goto nomem;
        char *name = base;
        for (unsigned k = 2; name_taken(names, i, name); k++) {
            if (name != base)
                free(name);
            size_t len = strlen(base) + 16;
            name = malloc(len);
            if (!name) {
                free(base);
                goto nomem;
            }
            snprintf(name, len, "%s-%u", base, k);
        }
        if (name != base)
            free(base);
        names[i] = name;
    }
    return names;
nomem:
    for (size_t i = 0; i < l->n; i++)
        free(names[i]);
    free(names);
    return NULL;
}

/* ---------------------------------------------------------------- helpers */

static int mkdir_p(const char *path)
{
    char *p = fa_strdup(path);
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

static const char *json_str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

/* The highest severity rank among the findings of DOC, -1 when none. Read from the
 * summary's counts: a document rendered by its child comes back without findings. */
static int worst_severity(json_t *doc)
{
    json_t *sum = json_object_get(doc, "summary");
    int worst = -1;
    for (int i = 0; i < 5; i++)
        if (json_integer_value(json_object_get(sum, severities[i])) > 0)
            worst = i;
    return worst;
}

/* Is the document of this walked file something the user wants audited? */
static bool keep_walked(const fa_job *j)
{
    if (j->keep || !j->walked || fa_doc_extension(j->rel))
        return true;
    const char *fmt = json_str(j->result, "format");
    return strcmp(fmt, "txt") && strcmp(fmt, "unknown") && *fmt;
}

/* Append the report of job J in format F to OUT: the bytes its child rendered, or
 * rendered here from its document object (documents audited in process, errors
 * found by the parent: crash, timeout). */
static fa_status job_report(const fa_job *j, fa_report_format f, const fa_report_opts *ro,
                            fa_buf *out)
{
    if (j->rendered & (1u << f))
        return fa_buf_append(out, j->report[f].data ? j->report[f].data : "", j->report[f].len);
    if (j->light)
        return FA_ERR_INTERNAL; /* never render a document stripped of its findings */
    return fa_report_render(f, j->result, ro, out);
}

#define LIT(s) s, sizeof s - 1

/* OUT gets S[0..N), or DIRECT when not NULL (stdout: no copy of a large report). */
static fa_status emit(fa_buf *out, FILE *direct, const char *s, size_t n)
{
    if (direct)
        return n && fwrite(s, 1, n, direct) != n ? FA_ERR_IO : FA_OK;
    return fa_buf_append(out, s, n);
}

/* Render every kept document of L in format F into one buffer (stdout or one file):
 * the JSON envelope for json, the reports one after another for txt and md. JSON goes
 * to DIRECT instead when it is not NULL; FA_ERR_IO then means writing failed, after
 * every report was rendered. */
static fa_status render_all(fa_report_format f, fa_joblist *l, const fa_report_opts *ro,
                            fa_buf *out, FILE *direct)
{
    fa_status st = FA_OK;
    size_t k = 0;
    if (f == FA_REPORT_JSON) {
        /* The envelope exactly as json_dumps(JSON_INDENT(2)) prints it, around each
         * document's JSON report already shaped for its depth in it (rendered so by its
         * child, see fa_run_opts.json_depth, or here for documents the parent made): no
         * document is parsed, re-indented or copied again. */
        size_t total = 64;
        for (size_t i = 0; st == FA_OK && i < l->n; i++) {
            fa_job *j = &l->v[i];
            if (j->dropped)
                continue;
            if (!(j->rendered & (1u << FA_REPORT_JSON))) {
                if (j->light)
                    return FA_ERR_INTERNAL; /* never render a document without findings */
                fa_buf_reset(&j->report[FA_REPORT_JSON]);
                st = fa_render_json_at(j->result, 2, &j->report[FA_REPORT_JSON]);
                j->rendered |= 1u << FA_REPORT_JSON;
            }
            total += j->report[FA_REPORT_JSON].len + 8;
        }
        json_t *none = st == FA_OK ? json_array() : NULL;
        json_t *env = none ? fa_report_envelope(none, ro) : NULL;
        fa_buf tool = {0};
        if (st == FA_OK &&
            (!env || fa_json_dump_at(json_object_get(env, "tool"), 2, 1, &tool) != FA_OK))
            st = FA_ERR_NOMEM;
        json_decref(env);
        json_decref(none);
        if (st == FA_OK && !direct && out->alloc < out->len + total + tool.len) {
            /* one allocation for the whole report */
            char *d = realloc(out->data, out->len + total + tool.len + 1);
            if (!d)
                st = FA_ERR_NOMEM;
            else {
                if (!out->data)
                    d[0] = '\0';
                out->data = d;
                out->alloc = out->len + total + tool.len + 1;
            }
        }
        if (st == FA_OK)
            st = emit(out, direct, LIT("{\n  \"tool\": "));
        if (st == FA_OK)
            st = emit(out, direct, tool.data, tool.len);
        fa_buf_free(&tool);
        if (st == FA_OK)
            st = emit(out, direct, LIT(",\n  \"documents\": ["));
        for (size_t i = 0; st == FA_OK && i < l->n; i++) {
            const fa_buf *r = &l->v[i].report[FA_REPORT_JSON];
            if (l->v[i].dropped)
                continue;
            size_t n = r->len;
            while (n && r->data[n - 1] == '\n')
                n--;
            st = k++ ? emit(out, direct, LIT(",\n    ")) : emit(out, direct, LIT("\n    "));
            if (st == FA_OK)
                st = emit(out, direct, r->data ? r->data : "", n);
        }
        if (st == FA_OK)
            st = k ? emit(out, direct, LIT("\n  ]\n}\n")) : emit(out, direct, LIT("]\n}\n"));
        return st;
    }
    for (size_t i = 0; st == FA_OK && i < l->n; i++) {
        if (l->v[i].dropped)
            continue;
        if (k++ && f == FA_REPORT_TXT)
            st = fa_buf_puts(out, "\n");
        if (st == FA_OK)
            st = job_report(&l->v[i], f, ro, out);
    }
    return st;
}

static const char *render_error(fa_status st, fa_report_format f)
{
    static char msg[128];
    if (st == FA_ERR_USAGE)
        snprintf(msg, sizeof msg, "the %s renderer is not available", fa_report_format_ext(f));
    else
        snprintf(msg, sizeof msg, "%s report: %s", fa_report_format_ext(f), fa_strerror(st));
    return msg;
}

/* The messages of fa_write_file_atomic, fa_report_write_odt and fa_index_write
 * already name the file; others do not. */
static void report_write_error(const char *path, const fa_error *err)
{
    const char *m = err->message[0] ? err->message : fa_strerror(err->status);
    if (!strncmp(m, path, strlen(path)))
        fa_cli_warn("%s", m);
    else
        fa_cli_warn("%s: %s", path, m);
}

/* Write one report per document and format into DIR, then the index. */
static int write_dir(const char *dir, const audit_opts *o, fa_joblist *l, json_t *docs,
                     const fa_report_opts *ro)
{
    int rc = FA_EXIT_OK;
    char **names = report_names(l);
    const char **kept = calloc(l->n + 1, sizeof *kept);
    fa_buf path = {0};
    fa_buf body = {0};
    if (!names || !kept) {
        fa_cli_warn("out of memory");
        rc = FA_EXIT_ERROR;
        goto done;
    }
    size_t nk = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (fa_cli_stop) {
            fa_cli_warn("interrupted: %s is incomplete", dir);
            rc = FA_EXIT_ERROR;
            goto done;
        }
        if (l->v[i].dropped)
            continue;
        kept[nk++] = names[i];
        for (int f = 0; f < 5; f++) {
            if (!(o->formats & (1u << f)))
                continue;
            fa_error err = {0};
            fa_status st;
            fa_buf_reset(&path);
            st = fa_buf_printf(&path, "%s/%s.%s", dir, names[i],
                               fa_report_format_ext((fa_report_format)f));
            if (st == FA_OK && f == FA_REPORT_ODT) {
                st = l->v[i].light ? FA_ERR_INTERNAL
                                   : fa_report_write_odt(l->v[i].result, ro, path.data, &err);
            } else if (st == FA_OK) {
                fa_buf_reset(&body);
                st = job_report(&l->v[i], (fa_report_format)f, ro, &body);
                if (st != FA_OK)
                    snprintf(err.message, sizeof err.message, "%s",
                             render_error(st, (fa_report_format)f));
                else
                    st =
                        fa_write_file_atomic(path.data, body.data ? body.data : "", body.len, &err);
            }
            if (st != FA_OK) {
                err.status = st;
                report_write_error(path.data ? path.data : dir, &err);
                rc = FA_EXIT_ERROR;
            }
        }
    }
    fa_error err = {0};
    fa_status st = fa_index_write(docs, kept, ro, dir, &err);
    if (st != FA_OK) {
        err.status = st;
        report_write_error(dir, &err);
        rc = FA_EXIT_ERROR;
    }
done:
    if (names)
        for (size_t i = 0; i < l->n; i++)
            free(names[i]);
    free(names);
    free(kept);
    fa_buf_free(&path);
    fa_buf_free(&body);
    return rc;
}

/* ---------------------------------------------------------------- command */

int fa_cmd_audit(int argc, char **argv)
{
    int rc = FA_EXIT_ERROR;
    bool io_error = false;
    audit_opts o = {0};
    fa_rules *rules = NULL;
    fa_joblist jobs = {0};
    json_t *docs = NULL;
    fa_buf out = {0};
    fa_error err = {0};
    fa_status st;
    out_mode mode = OUT_STDOUT;
    struct stat sb;

    int p = parse_audit(argc, argv, &o);
    if (p) {
        rc = p > 0 ? FA_EXIT_OK : FA_EXIT_ERROR;
        goto done;
    }
    if (optind >= argc) {
        rc = fa_cli_usage_error("audit: no PATH to audit");
        goto done;
    }

    /* Where do the reports go? */
    bool any_dir = false;
    for (int i = optind; i < argc; i++)
        if (stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode))
            any_dir = true;
    if (o.output) {
        size_t len = strlen(o.output);
        bool is_dir = stat(o.output, &sb) == 0 && S_ISDIR(sb.st_mode);
        if (is_dir || o.output[len - 1] == '/' || any_dir || o.n_formats > 1)
            mode = OUT_DIR;
        else
            mode = OUT_FILE;
    } else {
        if (o.n_formats > 1) {
            rc = fa_cli_usage_error("audit: several formats need -o DIR");
            goto done;
        }
        if (o.format == FA_REPORT_HTML || o.format == FA_REPORT_ODT) {
            rc = fa_cli_usage_error("audit: -f %s writes files: add -o REPORT.%s or -o DIR",
                                    fa_report_format_ext(o.format), fa_report_format_ext(o.format));
            goto done;
        }
    }

    /* Rules before any document: an invalid pack is exit 3, whatever the inputs. */
    rules = fa_cli_load_rules(&o.r, &rc);
    if (!rules)
        goto done;

    fa_walk_opts wo = {0};
    wo.quiet = o.quiet;
    if (mode == OUT_DIR) {
        if (mkdir_p(o.output) != 0) {
            fa_cli_warn("%s: cannot create the output directory: %s", o.output, strerror(errno));
            rc = FA_EXIT_ERROR;
            goto done;
        }
        if (stat(o.output, &sb) == 0) {
            wo.have_skip = true;
            wo.skip_dev = sb.st_dev;
            wo.skip_ino = sb.st_ino;
        }
    }
    for (int i = optind; i < argc; i++) {
        st = fa_walk(argv[i], &wo, &jobs);
        if (st == FA_ERR_NOMEM) {
            fa_cli_warn("out of memory");
            rc = FA_EXIT_ERROR;
            goto done;
        }
        if (st != FA_OK)
            io_error = true; /* message printed by the walk; audit the others */
    }
    if (mode == OUT_FILE && jobs.n > 1 &&
        (o.format == FA_REPORT_HTML || o.format == FA_REPORT_ODT)) {
        rc = fa_cli_usage_error("audit: %zu documents cannot share one %s file: use -o DIR", jobs.n,
                                fa_report_format_ext(o.format));
        goto done;
    }

    fa_report_opts ro = {0};
    ro.lang = o.r.lang;
    ro.date = o.date;
    ro.tool_version = fa_version();
    ro.rules_version = fa_rules_version(rules);
    const char *nc = getenv("NO_COLOR");
    ro.color =
        mode == OUT_STDOUT && o.format == FA_REPORT_TXT && isatty(STDOUT_FILENO) && !(nc && *nc);

    fa_cli_catch_signals();
    fa_run_opts ro_run;
    fa_run_opts_init(&ro_run);
    ro_run.rules = rules;
    ro_run.audit.context = o.r.context;
    ro_run.audit.lang = o.r.lang;
    ro_run.jobs = (int)o.jobs;
    ro_run.isolate = o.isolate;
    ro_run.progress = !o.quiet && isatty(STDERR_FILENO);
    /* The children render the reports (all but ODT, which the parent writes from the
     * whole document object). */
    unsigned odt = 1u << FA_REPORT_ODT;
    ro_run.render = (mode == OUT_DIR ? o.formats : 1u << o.format) & ~odt;
    ro_run.report = &ro;
    ro_run.full_result = (o.formats & odt) != 0;
    ro_run.json_depth = mode == OUT_DIR ? 0 : 2;
    st = fa_run(&jobs, &ro_run, &err);
    if (st != FA_OK) {
        fa_cli_warn("%s", err.message[0] ? err.message : fa_strerror(st));
        rc = FA_EXIT_ERROR;
        goto done;
    }

    /* Keep the documents, in input order; drop walked files that are not documents. */
    docs = json_array();
    if (!docs) {
        fa_cli_warn("out of memory");
        goto done;
    }
    size_t dropped = 0;
    int worst = -1;
    for (size_t i = 0; i < jobs.n; i++) {
        fa_job *j = &jobs.v[i];
        if (!keep_walked(j)) {
            j->dropped = true;
            dropped++;
            continue;
        }
        json_array_append(docs, j->result);
        int w = worst_severity(j->result);
        if (w > worst)
            worst = w;
        if (!o.quiet && strcmp(json_str(j->result, "status"), "ok")) {
            json_t *e = json_object_get(j->result, "error");
            fa_cli_warn("%s: %s (%s)", j->path, json_str(e, "message"), json_str(e, "code"));
        }
    }
    if (dropped && !o.quiet)
        fa_cli_warn("%zu file%s skipped in folders: not a document", dropped,
                    dropped > 1 ? "s" : "");

    if (mode == OUT_DIR) {
        if (write_dir(o.output, &o, &jobs, docs, &ro) != FA_EXIT_OK)
            io_error = true;
    } else if (mode == OUT_FILE && o.format == FA_REPORT_ODT) {
        if (json_array_size(docs) &&
            fa_report_write_odt(json_array_get(docs, 0), &ro, o.output, &err) != FA_OK) {
            report_write_error(o.output, &err);
            io_error = true;
        }
    } else {
        FILE *direct = mode == OUT_STDOUT && o.format == FA_REPORT_JSON ? stdout : NULL;
        st = render_all(o.format, &jobs, &ro, &out, direct);
        if (st == FA_ERR_IO && direct) {
            io_error = true; /* reported by main's ferror(stdout) check */
        } else if (st != FA_OK) {
            fa_cli_warn("%s", render_error(st, o.format));
            io_error = true;
        } else if (mode == OUT_FILE) {
            st = fa_write_file_atomic(o.output, out.data ? out.data : "", out.len, &err);
            if (st != FA_OK) {
                report_write_error(o.output, &err);
                io_error = true;
            }
        } else if (out.len && fwrite(out.data, 1, out.len, stdout) != out.len) {
            io_error = true; /* reported by main's ferror(stdout) check */
        }
    }
    if (io_error)
        rc = FA_EXIT_ERROR;
    else if (o.fail_on >= 0 && worst >= o.fail_on)
        rc = FA_EXIT_FINDINGS;
    else
        rc = FA_EXIT_OK;
done:
    fa_buf_free(&out);
    json_decref(docs);
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
