/* cli_merge.c — `formaudit merge -o DIR [-f FMT,...] [--base DIR] SHARD.jsonl...`: the
 * reports and the index of a corpus audited in parts, on one machine or many (GNU
 * parallel, Slurm job arrays; docs/scale-out.md). Each line of a shard is a document
 * object as `audit -f jsonl` writes it; it is read back into a result
 * (fa_result_from_json) and rendered exactly as the single run would have: documents
 * in the byte order of their paths (a folder's walk order), report names from the
 * path relative to --base (a single run's argument), the same index. A document listed
 * twice keeps its last line (a shard audited again after a failure). */
#include "cli_out.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct line {
    char *path;
    char *text; /* the document object */
    size_t len;
    size_t seq; /* order of appearance across the shards */
} line;

static int cmp_line(const void *a, const void *b)
{
    const line *x = a, *y = b;
    int c = strcmp(x->path, y->path);
    return c ? c : x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The rules that audited the corpus (the index and the avis name them), from the first
 * document audited; NULL when there is none. malloc'd. */
static char *rules_version(const line *lines, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        fa_result *res = NULL;
        fa_error err = {0};
        if (fa_result_from_json(lines[i].text, lines[i].len, &res, &err) != FA_OK)
            continue;
        char *v =
            fa_result_status(res) == FA_OK ? fa_cli_strdup(fa_result_rules_version(res)) : NULL;
        fa_result_free(res);
        if (v)
            return v;
    }
    return NULL;
}

/* Every line of every shard, with its path. -1 on error (said). */
static int read_shards(int argc, char **argv, line **out, size_t *n)
{
    size_t alloc = 0;
    for (int i = optind; i < argc; i++) {
        const char *what;
        if (strcmp(argv[i], "-") && !fa_cli_regular_file(argv[i], &what)) {
            fa_cli_warn("%s: not a regular file (%s)", argv[i], what);
            return -1;
        }
        FILE *f = strcmp(argv[i], "-") ? fopen(argv[i], "rb") : stdin;
        if (!f) {
            fa_cli_warn("%s: %s", argv[i], strerror(errno));
            return -1;
        }
        char *buf = NULL;
        size_t cap = 0;
        ssize_t len;
        long lineno = 0;
        while ((len = getline(&buf, &cap, f)) > 0) {
            lineno++;
            if (len == 1 && buf[0] == '\n')
                continue;
            fa_result *res = NULL;
            fa_error err = {0};
            if (fa_result_from_json(buf, (size_t)len, &res, &err) != FA_OK) {
                fa_cli_warn("%s:%ld: %s", argv[i], lineno, err.message);
                free(buf);
                if (f != stdin)
                    fclose(f);
                return -1;
            }
            if (*n == alloc) {
                alloc = alloc ? 2 * alloc : 256;
                line *v = realloc(*out, alloc * sizeof *v);
                if (!v) {
                    fa_result_free(res);
                    free(buf);
                    if (f != stdin)
                        fclose(f);
                    fa_cli_warn("out of memory");
                    return -1;
                }
                *out = v;
            }
            line *l = &(*out)[(*n)++];
            l->seq = *n;
            l->path = fa_cli_strdup(fa_result_path(res));
            l->text = malloc((size_t)len + 1);
            l->len = (size_t)len;
            if (l->text)
                memcpy(l->text, buf, (size_t)len + 1);
            fa_result_free(res);
            if (!l->path || !l->text) {
                fa_cli_warn("out of memory");
                free(buf);
                if (f != stdin)
                    fclose(f);
                return -1;
            }
        }
        free(buf);
        if (f != stdin)
            fclose(f);
    }
    return 0;
}

/* The frames of a document read back from its line: rendered here, like a worker. */
static int merge_doc(const line *ln, size_t k, const fa_run_opts *run, fa_out *out)
{
    fa_result *res = NULL;
    fa_error err = {0};
    if (fa_result_from_json(ln->text, ln->len, &res, &err) != FA_OK)
        return -1;
    fa_summary s;
    fa_buf b = {0};
    int rc = fa_summary_of(res, &s) == FA_OK && fa_summary_to_json(&s, &b) == FA_OK ? 0 : -1;
    fa_summary_clear(&s);
    if (!rc)
        rc = fa_out_frame(out, k, 'S', 0, b.data, b.len);
    for (int f = 0; !rc && f < FA_REPORT_NFORMATS; f++) {
        if (!(run->formats & (1u << f)))
            continue;
        fa_buf_reset(&b);
        fa_status st = fa_report_render((fa_report_format)f, res, run->report, &b);
        rc = st == FA_OK ? fa_out_frame(out, k, 'R', (unsigned char)f, b.data, b.len)
                         : fa_out_frame(out, k, 'F', (unsigned char)f, fa_status_code(st),
                                        strlen(fa_status_code(st)));
    }
    if (!rc)
        rc = fa_out_frame(out, k, 'E', 0, "", 0);
    fa_buf_free(&b);
    fa_result_free(res);
    return rc;
}

int fa_cmd_merge(int argc, char **argv)
{
    enum { OPT_BASE = FA_OPT_OWN, OPT_DATE, OPT_AUTHOR, OPT_ORGANISATION };
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"base", required_argument, NULL, OPT_BASE},
        {"lang", required_argument, NULL, FA_OPT_LANG},
        {"date", required_argument, NULL, OPT_DATE},
        {"quiet", no_argument, NULL, 'q'},
        {"author", required_argument, NULL, OPT_AUTHOR},
        {"organisation", required_argument, NULL, OPT_ORGANISATION},
        {"organization", required_argument, NULL, OPT_ORGANISATION},
        {NULL, 0, NULL, 0}};
    const char *dir = NULL, *base = NULL, *formats = "txt,json,md,html,odt", *lang = "fr";
    const char *date = getenv("FA_REPORT_DATE");
    const char *author = NULL, *organisation = NULL;
    bool quiet = false;
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "f:o:q", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            formats = optarg;
            break;
        case 'o':
            dir = optarg;
            break;
        case 'q':
            quiet = true;
            break;
        case OPT_BASE:
            base = optarg;
            break;
        case OPT_DATE:
            date = optarg;
            break;
        case OPT_AUTHOR:
            author = optarg;
            break;
        case OPT_ORGANISATION:
            organisation = optarg;
            break;
        case FA_OPT_LANG:
            if (strcmp(optarg, "fr") && strcmp(optarg, "en"))
                return fa_cli_usage_error("--lang %s: expected 'fr' or 'en'", optarg);
            lang = optarg;
            break;
        default:
            return fa_cli_usage_error("merge: unknown option or missing argument: %s",
                                      fa_cli_bad_option(argc, argv));
        }
    }
    if (!dir || optind >= argc)
        return fa_cli_usage_error("merge: expected -o DIR and at least one SHARD.jsonl");
    unsigned fmts = 0;
    char *copy = fa_cli_strdup(formats), *save = NULL;
    for (char *t = copy ? strtok_r(copy, ",", &save) : NULL; t; t = strtok_r(NULL, ",", &save)) {
        int f = fa_report_format_from_name(t);
        if (f < 0 || f == FA_REPORT_JSONL) {
            free(copy);
            return fa_cli_usage_error("merge: -f %s: expected txt, json, md, html, odt, sarif, pia",
                                      t);
        }
        fmts |= 1u << f;
    }
    free(copy);

    int rc = FA_EXIT_ERROR;
    line *lines = NULL;
    size_t n = 0;
    fa_joblist jobs = {0};
    fa_out out = {0};
    char *rules = NULL;
    if (read_shards(argc, argv, &lines, &n) != 0)
        goto done;
    /* a folder's walk order; the last line of a document listed twice */
    qsort(lines, n, sizeof *lines, cmp_line);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (m && !strcmp(lines[m - 1].path, lines[i].path)) {
            free(lines[m - 1].path);
            free(lines[m - 1].text);
            lines[m - 1] = lines[i];
        } else {
            lines[m++] = lines[i];
        }
    }
    n = m;
    rules = rules_version(lines, n);
    for (size_t i = 0; i < n; i++) {
        fa_job *j = fa_joblist_add(&jobs, lines[i].path, fa_rel_path(lines[i].path, base), true);
        if (!j) {
            fa_cli_warn("out of memory");
            goto done;
        }
        j->keep = true; /* the shard's run already chose what to keep */
    }
    struct stat sb;
    if ((stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) && mkdir(dir, 0777) != 0) {
        fa_cli_warn("%s: cannot create the output directory: %s", dir, strerror(errno));
        goto done;
    }
    if (fa_joblist_name_reports(&jobs) != FA_OK) {
        fa_cli_warn("out of memory");
        goto done;
    }
    fa_report_opts ro = {0};
    ro.lang = lang;
    ro.date = date && *date ? date : NULL;
    ro.author = author;
    ro.organisation = organisation;
    ro.tool_version = fa_version();
    ro.rules_version = rules;
    fa_run_opts run;
    fa_run_opts_init(&run);
    run.report = &ro;
    run.formats = fmts;
    out.mode = FA_OUT_DIR;
    out.dir = dir;
    out.formats = fmts;
    out.quiet = quiet;
    out.report = &ro;
    if (fa_out_open(&out, &jobs, false) != FA_OK)
        goto done;
    bool bad = false;
    for (size_t i = 0; i < n && !bad; i++)
        bad = merge_doc(&lines[i], i, &run, &out) != 0;
    if (fa_out_close(&out) != FA_OK || bad || out.io_error)
        goto done;
    rc = FA_EXIT_OK;
done:
    fa_out_free(&out);
    fa_joblist_free(&jobs);
    for (size_t i = 0; i < n; i++) {
        free(lines[i].path);
        free(lines[i].text);
    }
    free(lines);
    free(rules);
    return rc;
}
