/* cli_main.c — entry point of formaudit: dispatches the sub-commands, prints
 * messages (always prefixed "formaudit:"), and implements the small one-document
 * commands `text`, `fields` and `rules`. `audit` lives in cli_audit.c, `diff` in
 * cli_diff.c. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#ifdef __GLIBC__
#include <malloc.h>
#include <sys/mman.h>
#endif

void fa_cli_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("formaudit: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

char *fa_cli_strdup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    return d ? memcpy(d, s, n) : NULL;
}

bool fa_cli_regular_file(const char *path, const char **what)
{
    struct stat sb;
    *what = "cannot be read";
    if (stat(path, &sb) != 0)
        return false;
    *what = S_ISREG(sb.st_mode)    ? "regular file"
            : S_ISDIR(sb.st_mode)  ? "a folder"
            : S_ISFIFO(sb.st_mode) ? "a FIFO"
            : S_ISSOCK(sb.st_mode) ? "a socket"
            : S_ISCHR(sb.st_mode)  ? "a character device"
            : S_ISBLK(sb.st_mode)  ? "a block device"
                                   : "not a file";
    return S_ISREG(sb.st_mode);
}

const char *fa_cli_bad_option(int argc, char **argv)
{
    /* getopt_long reads short options inside one argument ("-1+2.txt"): name the
     * option itself, not the previous argument. */
    static char shortopt[3];
    if (optopt > 0 && optopt < 128) {
        shortopt[0] = '-';
        shortopt[1] = (char)optopt;
        return shortopt;
    }
    return optind > 0 && optind - 1 < argc ? argv[optind - 1] : "?";
}

volatile sig_atomic_t fa_cli_stop;

static void on_signal(int sig)
{
    fa_cli_stop = sig;
}

void fa_cli_catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: poll() returns at once */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

int fa_cli_usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("formaudit: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    fputs("formaudit: try 'formaudit --help' for more information\n", stderr);
    return FA_EXIT_ERROR;
}

int fa_cli_rule_opts_init(fa_cli_rule_opts *o, int argc)
{
    memset(o, 0, sizeof *o);
    o->lang = "fr";
    o->packs = calloc((size_t)argc + 1, sizeof *o->packs);
    if (!o->packs) {
        fa_cli_warn("out of memory");
        return -1;
    }
    return 0;
}

int fa_cli_rule_opt(fa_cli_rule_opts *o, int c, const char *arg)
{
    static const char *const contexts[] = {"auto",   "employer", "social",
                                           "school", "health",   "housing"};
    int i;
    switch (c) {
    case FA_OPT_RULES:
        o->packs[o->n_packs++] = arg;
        return 1;
    case FA_OPT_NO_DEFAULT:
        o->no_default = true;
        return 1;
    case FA_OPT_LANG:
        if (strcmp(arg, "fr") && strcmp(arg, "en")) {
            fa_cli_usage_error("--lang %s: expected 'fr' or 'en'", arg);
            return -1;
        }
        o->lang = arg;
        return 1;
    case FA_OPT_NO_OCR:
    case FA_OPT_OCR_LANG: {
        if (c == FA_OPT_NO_OCR)
            o->ocr.disabled = true;
        else
            o->ocr.langs = arg;
        fa_error err = {0};
        if (fa_read_set_ocr(&o->ocr, &err) != FA_OK) {
            fa_cli_usage_error("%s", err.message);
            return -1;
        }
        return 1;
    }
    case FA_OPT_CONTEXT:
        for (i = 0; i < 6 && strcmp(arg, contexts[i]); i++)
            ;
        if (i == 6) {
            fa_cli_usage_error("--context %s: expected employer, social, school, health "
                               "or housing",
                               arg);
            return -1;
        }
        o->context = (fa_context)i;
        return 1;
    default:
        return 0;
    }
}

fa_rules *fa_cli_load_rules(const fa_cli_rule_opts *o, int *exit_code)
{
    bool no_default = o->no_default;
    const char *const *packs = o->packs;
    size_t n_packs = o->n_packs;
    fa_error err = {0};
    fa_rules *rules = fa_rules_new();
    if (!rules) {
        fa_cli_warn("out of memory");
        *exit_code = FA_EXIT_ERROR;
        return NULL;
    }
    fa_status st = FA_OK;
    if (!no_default)
        st = fa_rules_add_default(rules, &err);
    for (size_t i = 0; st == FA_OK && i < n_packs; i++) {
        /* A pack that cannot be opened is an I/O error (exit 2), not an invalid one;
         * a FIFO or a device is never opened (it could block forever). */
        const char *what;
        if (!fa_cli_regular_file(packs[i], &what)) {
            fa_cli_warn("%s: cannot open rule pack: %s", packs[i],
                        !strcmp(what, "cannot be read") ? strerror(errno) : what);
            *exit_code = FA_EXIT_ERROR;
            fa_rules_free(rules);
            return NULL;
        }
        FILE *f = fopen(packs[i], "rb");
        if (!f) {
            fa_cli_warn("%s: cannot open rule pack: %s", packs[i], strerror(errno));
            *exit_code = FA_EXIT_ERROR;
            fa_rules_free(rules);
            return NULL;
        }
        fclose(f);
        st = fa_rules_add_file(rules, packs[i], &err);
    }
    if (st == FA_OK)
        st = fa_rules_compile(rules, &err);
    if (st != FA_OK) {
        fa_cli_warn("%s", err.message[0] ? err.message : fa_strerror(st));
        *exit_code = st == FA_ERR_RULES ? FA_EXIT_RULES : FA_EXIT_ERROR;
        fa_rules_free(rules);
        return NULL;
    }
    return rules;
}

/* Options shared by the one-document commands. */
typedef struct small_opts {
    bool json;
    fa_cli_rule_opts r;
    fa_audit_opts audit;
} small_opts;

/* Parse the options of text/fields/rules; returns -1 after a usage message. */
static int parse_small(int argc, char **argv, bool allow_format, small_opts *o)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'}, FA_CLI_RULE_LONGOPTS, {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    if (fa_cli_rule_opts_init(&o->r, argc))
        return -1;
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "f:", longopts, NULL)) != -1) {
        int r = fa_cli_rule_opt(&o->r, c, optarg);
        if (r < 0)
            return -1;
        if (r > 0)
            continue;
        if (c == 'f') {
            if (!allow_format || (strcmp(optarg, "json") && strcmp(optarg, "txt"))) {
                fa_cli_usage_error("%s: -f %s: only 'txt' and 'json' here", argv[0], optarg);
                return -1;
            }
            o->json = !strcmp(optarg, "json");
        } else {
            fa_cli_usage_error("%s: unknown option or missing argument: %s", argv[0],
                               fa_cli_bad_option(argc, argv));
            return -1;
        }
    }
    o->audit.lang = o->r.lang;
    o->audit.context = o->r.context;
    return 0;
}

int fa_cmd_text(int argc, char **argv)
{
    small_opts o;
    if (parse_small(argc, argv, false, &o)) {
        free(o.r.packs);
        return FA_EXIT_ERROR;
    }
    free(o.r.packs);
    if (argc - optind != 1)
        return fa_cli_usage_error("text: expected one PATH");
    const char *path = argv[optind];
    const char *what;
    if (!fa_cli_regular_file(path, &what)) {
        fa_cli_warn("%s: not a regular file (%s): not read", path, what);
        return FA_EXIT_ERROR;
    }
    fa_doc *doc = NULL;
    fa_error err = {0};
    fa_status st = fa_doc_open(path, &doc, &err);
    if (st != FA_OK) {
        fa_cli_warn("%s: %s", path, err.message[0] ? err.message : fa_strerror(st));
        return FA_EXIT_ERROR;
    }
    st = fa_doc_write_text(doc, stdout);
    fa_doc_free(doc);
    if (st != FA_OK) {
        fa_cli_warn("%s: %s", path, fa_strerror(st));
        return FA_EXIT_ERROR;
    }
    return FA_EXIT_OK;
}

int fa_cmd_fields(int argc, char **argv)
{
    int rc = FA_EXIT_ERROR;
    fa_rules *rules = NULL;
    fa_result *res = NULL;
    fa_status st;
    small_opts o;
    if (parse_small(argc, argv, true, &o))
        goto done;
    if (argc - optind != 1) {
        rc = fa_cli_usage_error("fields: expected one PATH");
        goto done;
    }
    const char *path = argv[optind];
    /* The categories of a field come from the rules, so load them first: a bad
     * --rules pack must say so (exit 3) before any document is read. */
    rules = fa_cli_load_rules(&o.r, &rc);
    if (!rules)
        goto done;
    const char *what;
    if (!fa_cli_regular_file(path, &what)) {
        fa_cli_warn("%s: not a regular file (%s): not read", path, what);
        rc = FA_EXIT_ERROR;
        goto done;
    }
    res = fa_audit_path(path, rules, &o.audit);
    if (!res || fa_result_status(res) != FA_OK) {
        fa_cli_warn("%s: %s", path, res ? fa_result_error(res) : "out of memory");
        rc = FA_EXIT_ERROR;
        goto done;
    }
    st = fa_fields_write(res, o.json, stdout);
    if (st != FA_OK) {
        fa_cli_warn("standard output: %s", fa_strerror(st));
        rc = FA_EXIT_ERROR;
        goto done;
    }
    rc = FA_EXIT_OK;
done:
    fa_result_free(res);
    fa_rules_free(rules);
    free(o.r.packs);
    return rc;
}

int fa_cmd_rules(int argc, char **argv)
{
    int rc = FA_EXIT_ERROR;
    fa_rules *rules = NULL;
    small_opts o;
    if (parse_small(argc, argv, false, &o))
        goto done;
    int left = argc - optind;
    const char *what = left > 0 ? argv[optind] : "";
    if (!((left == 1 && (!strcmp(what, "list") || !strcmp(what, "test"))) ||
          (left == 2 && !strcmp(what, "explain")))) {
        rc = fa_cli_usage_error("rules: expected 'list', 'test' or 'explain ID'");
        goto done;
    }
    rules = fa_cli_load_rules(&o.r, &rc);
    if (!rules)
        goto done;
    if (!strcmp(what, "list")) {
        fa_rules_list(rules, stdout);
        rc = FA_EXIT_OK;
    } else if (!strcmp(what, "test")) {
        int failed = fa_rules_test(rules, stdout);
        if (failed)
            fa_cli_warn("%d rule example%s failed", failed, failed > 1 ? "s" : "");
        rc = failed ? FA_EXIT_FINDINGS : FA_EXIT_OK;
    } else {
        fa_status st = fa_rules_explain(rules, argv[optind + 1], o.audit.lang, stdout);
        if (st != FA_OK) {
            fa_cli_warn("rules explain %s: %s", argv[optind + 1],
                        st == FA_ERR_USAGE ? "no such rule" : fa_strerror(st));
            rc = FA_EXIT_ERROR;
        } else {
            rc = FA_EXIT_OK;
        }
    }
done:
    fa_rules_free(rules);
    free(o.r.packs);
    return rc;
}

static int version(void)
{
    int rc = FA_EXIT_OK;
    fa_rules *rules = fa_rules_new();
    fa_error err = {0};
    printf("formaudit %s\n", fa_version());
    /* Loading validates the packs and names them; compiling the set (literal index,
     * prefilter) could only fail for want of memory, and nothing matches here. */
    if (rules && fa_rules_add_default(rules, &err) == FA_OK)
        printf("rules: %s\n", fa_rules_version(rules));
    else
        printf("rules: unavailable (%s)\n", err.message[0] ? err.message : "out of memory");
    fa_rules_free(rules);
    return rc;
}

#ifdef __GLIBC__
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FA_MAIN_ASAN 1
#endif
#endif
/* Speed: most page faults of an audit were first touches of fresh heap, one per 4 KiB
 * (several us each on a VM). Grow the heap once by FA_HEAP_HUGE_RESERVE and ask for
 * transparent huge pages there (THP "madvise" mode, Debian's default): one fault per
 * 2 MiB touched. DOCX bench form in process: 4800 faults -> ~800, CPU -35%; peak RSS
 * +4 MB. Only address space until touched; freed at once but kept in the heap
 * (M_TRIM_THRESHOLD), so every later malloc and the forked children use it. Not with
 * sanitizers: their allocator is not this heap. */
static void heap_hugepages(void)
{
#if !defined(__SANITIZE_ADDRESS__) && !defined(FA_MAIN_ASAN)
    size_t n = FA_HEAP_HUGE_RESERVE;
    char *p = malloc(n);
    if (!p)
        return;
    uintptr_t a = ((uintptr_t)p + 4095) & ~(uintptr_t)4095;
    (void)madvise((void *)a, (uintptr_t)p + n - a, MADV_HUGEPAGE); /* EINVAL: as before */
    free(p);
#endif
}
#endif

int main(int argc, char **argv)
{
    int rc = FA_EXIT_ERROR;
#ifdef __GLIBC__
    /* Speed: a large form builds megabytes of strings (text, JSON) in blocks that grow
     * by realloc. With glibc's defaults each block over 128 KiB is its own mmap, and
     * every free gives memory back (munmap, trim) only to fault it in again a moment
     * later: a third of the CPU time of a 200-page audit was page faults. Keep freed
     * memory in the heap instead (RLIMIT_AS still bounds the total). */
    mallopt(M_MMAP_THRESHOLD, (int)FA_MMAP_THRESHOLD);
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    mallopt(M_TOP_PAD, 4 << 20);
    heap_hugepages();
#endif
    const char *cmd = argc > 1 ? argv[1] : NULL;
    if (!cmd) {
        rc = fa_cli_usage_error("no command given (audit, diff, fields, text or rules)");
        goto done;
    }
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        fa_cli_usage(stdout);
        rc = FA_EXIT_OK;
    } else if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
        rc = version();
    } else if (!strcmp(cmd, "audit")) {
        rc = fa_cmd_audit(argc - 1, argv + 1);
    } else if (!strcmp(cmd, "merge")) {
        rc = fa_cmd_merge(argc - 1, argv + 1);
    } else if (!strcmp(cmd, "fields")) {
        rc = fa_cmd_fields(argc - 1, argv + 1);
    } else if (!strcmp(cmd, "text")) {
        rc = fa_cmd_text(argc - 1, argv + 1);
    } else if (!strcmp(cmd, "rules")) {
        rc = fa_cmd_rules(argc - 1, argv + 1);
    } else if (!strcmp(cmd, "diff")) {
        rc = fa_cmd_diff(argc - 1, argv + 1);
    } else {
        rc = fa_cli_usage_error("unknown command '%s'", cmd);
    }
done:
    /* A full disk or a closed pipe must not pass for success. */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fa_cli_warn("error writing to standard output");
        if (rc == FA_EXIT_OK || rc == FA_EXIT_FINDINGS)
            rc = FA_EXIT_ERROR;
    }
    return rc;
}
