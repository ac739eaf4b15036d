/* cli_run.c — runs the audits of a batch, each document isolated in a child process.
 *
 * Why: forms come from anywhere, and the readers (libzip, libxml2, poppler) parse
 * hostile input. A crash, an endless loop or a memory blow-up in one reader must fail
 * that one document, not the batch, and must never leave a half-written report. So
 * the parent forks one child per document with RLIMIT_CPU, RLIMIT_AS and no core
 * dumps (a core would hold the form's personal data), kills it after a wall-clock
 * limit, and reads back on a pipe (bounded by FA_DOC_RESULT_MAX) the reports the
 * child rendered and the JSON document object (see send_result for the frames).
 * Anything else — a signal, a timeout, a non-zero exit, bytes that are not such
 * frames — becomes a status "error" document with code crash,
 * timeout or limit and a message naming the cause. At most `jobs` children run at
 * once; each result is stored at its job's index, so the output is the same whatever
 * the number of workers or the order in which children finish.
 *
 * Test hooks (environment, read in the child; used by tests/cli/isolation.sh):
 *   FA_TEST_CRASH_ON=TEXT  a child whose path contains TEXT raises SIGSEGV;
 *   FA_TEST_HANG_ON=TEXT   such a child sleeps forever (wall-clock kill);
 *   FA_TEST_SPIN_ON=TEXT   such a child burns CPU forever (RLIMIT_CPU);
 *   FA_TEST_NOMEM_ON=TEXT  such a child asks malloc for more than RLIMIT_AS allows;
 *   FA_TEST_DOC_SECONDS=N  CPU limit N s and wall limit 12N s instead of fa_limits.h
 *                          (a CPU second can take 5 s of wall time on a loaded CI box).
 * They only change what happens to the process that reads them. */
#include "cli.h"
#include "jsonw.h"
#include "fa_limits.h"
#include "read.h"
#include "read_pdf_module.h"
#include "result.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#if defined(__SANITIZE_ADDRESS__)
#define FA_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FA_ASAN 1
#endif
#endif

void fa_run_opts_init(fa_run_opts *o)
{
    memset(o, 0, sizeof *o);
    o->jobs = 1;
    o->isolate = true;
    o->cpu_seconds = FA_DOC_CPU_SECONDS;
    o->wall_seconds = FA_DOC_WALL_SECONDS;
#ifndef FA_ASAN
    o->memory = FA_DOC_MEMORY; /* ASan reserves terabytes of address space */
#endif
    const char *t = getenv("FA_TEST_DOC_SECONDS");
    if (t) {
        long n = strtol(t, NULL, 10);
        if (n >= 1 && n <= 3600) {
            o->cpu_seconds = (unsigned)n;
            o->wall_seconds = 12 * (unsigned)n; /* CPU limit first, even on a busy machine */
        }
    }
}

/* Sniff the format of a file the readers refused, so an error document still says
 * "docx" for a damaged DOCX. The first MiB is enough for every signature. */
static fa_format sniff_path(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return FA_FMT_UNKNOWN;
    size_t cap = (size_t)1 << 20;
    char *buf = malloc(cap);
    size_t n = buf ? fread(buf, 1, cap, f) : 0;
    fclose(f);
    fa_format fmt = n ? fa_sniff(buf, n) : FA_FMT_UNKNOWN;
    free(buf);
    return fmt;
}

/* Audit PATH in this process. With JSON (not NULL), an audit that succeeds writes its
 * JSON report there, streamed from the result and shaped for DEPTH, and comes back
 * as the light document object (*STREAMED set): no document tree is built. */
static json_t *audit_doc(const char *path, const fa_rules *rules, const fa_audit_opts *o,
                         fa_buf *json, unsigned depth, bool *streamed)
{
    fa_doc *doc = NULL;
    fa_result *res = NULL;
    fa_error err = {0};
    *streamed = false;
    fa_status st = fa_doc_open(path, &doc, &err);
    if (st != FA_OK) {
        fa_format fmt = st == FA_ERR_IO || st == FA_ERR_NOMEM ? FA_FMT_UNKNOWN : sniff_path(path);
        return fa_error_to_json(path, fmt, &err);
    }
    st = fa_audit(doc, rules, o, &res, &err);
    json_t *j = NULL;
    if (st != FA_OK) {
        j = fa_error_to_json(path, doc->format, &err);
    } else if (json) {
        fa_status ws = fa_result_write_json(res, doc, path, 2, depth, json);
        if (ws == FA_OK && !depth)
            ws = fa_buf_putc(json, '\n');
        if (ws == FA_OK)
            j = fa_result_to_json_light(res, doc, path);
        *streamed = j != NULL;
        if (!j)
            fa_buf_reset(json); /* the whole tree, rendered from it as before */
    }
    if (st == FA_OK && !j)
        j = fa_result_to_json(res, doc, path);
    fa_result_free(res);
    fa_doc_free(doc);
    return j;
}

json_t *fa_audit_path(const char *path, const fa_rules *rules, const fa_audit_opts *o)
{
    bool streamed;
    return audit_doc(path, rules, o, NULL, 0, &streamed);
}

/* Is the JSON report the only thing asked of a document, so it can be streamed? */
static bool stream_json(const fa_run_opts *o)
{
    return o->report && !o->full_result &&
           (o->render & ~(1u << FA_REPORT_ODT)) == 1u << FA_REPORT_JSON;
}

/* ---------------------------------------------------------------- child */

static bool hook(const char *name, const char *path)
{
    const char *v = getenv(name);
    return v && *v && strstr(path, v);
}

static bool write_all(int fd, const char *s, size_t n)
{
    while (n) {
        ssize_t w = write(fd, s, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        s += w;
        n -= (size_t)w;
    }
    return true;
}

/* The answer of a child is a sequence of frames: a header (kind, one byte of
 * argument, a 64-bit length in host order: parent and child are the same program on
 * the same machine) and that many bytes.
 *   'R' f   the report in format f, rendered by the child;
 *   'D' l   the document object, compact JSON, last; l = 1 when it comes without its
 *           fields and findings (every report the parent needs is in an R frame). */
#define FRAME_HEADER 10

static bool send_frame(int fd, char kind, unsigned char arg, const char *data, size_t n)
{
    char h[FRAME_HEADER];
    uint64_t len = n;
    h[0] = kind;
    h[1] = (char)arg;
    memcpy(h + 2, &len, sizeof len);
    return write_all(fd, h, sizeof h) && write_all(fd, data, n);
}

/* JSON, when not NULL, is the JSON report streamed by audit_doc: D is then light. */
static bool send_result(int fd, json_t *d, const fa_run_opts *o, const fa_buf *json)
{
    bool light = o->render && o->report && !o->full_result;
    fa_buf r = {0};
    for (int f = 0; o->report && f < FA_REPORT_NFORMATS; f++) {
        if (!(o->render & (1u << f)) || f == FA_REPORT_ODT)
            continue;
        const fa_buf *rep = &r;
        if (f == FA_REPORT_JSON && json) {
            rep = json;
        } else {
            fa_buf_reset(&r);
            fa_status st = f == FA_REPORT_JSON
                               ? fa_render_json_at(d, o->json_depth, &r)
                               : fa_report_render((fa_report_format)f, d, o->report, &r);
            if (st != FA_OK) {
                light = false; /* the parent renders this one from the whole object */
                continue;
            }
        }
        if (!send_frame(fd, 'R', (unsigned char)f, rep->data ? rep->data : "", rep->len)) {
            fa_buf_free(&r);
            return false;
        }
    }
    fa_buf_free(&r);
    if (light && !json) {
        json_object_set_new(d, "fields", json_array());
        json_object_set_new(d, "findings", json_array());
    }
    fa_buf s = {0};
    s.cap = FA_DOC_RESULT_MAX;
    bool ok = fa_json_dump(d, 0, &s) == FA_OK && send_frame(fd, 'D', light, s.data, s.len);
    fa_buf_free(&s);
    return ok;
}

/* The child: limits, audit, the frames on FD, exit. Never returns. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FA_HAS_ASAN 1
#endif
#endif
#ifndef FA_HAS_ASAN
#define FA_HAS_ASAN 0
#endif

static void child_main(int fd, const fa_job *j, const fa_run_opts *o)
{
#if defined(__GLIBC__) && !defined(FA_ASAN)
    mallopt(M_MMAP_THRESHOLD, (int)FA_MMAP_THRESHOLD);
#endif
    struct rlimit rl;
    rl.rlim_cur = rl.rlim_max = 0;
    setrlimit(RLIMIT_CORE, &rl);
    if (o->cpu_seconds) {
        rl.rlim_cur = o->cpu_seconds;
        rl.rlim_max = o->cpu_seconds + 1; /* SIGXCPU first, SIGKILL if ignored */
        setrlimit(RLIMIT_CPU, &rl);
    }
    /* Sanitizer runtimes reserve terabytes of address space up front: RLIMIT_AS would
     * kill every child of an ASan build, so the memory limit is left to normal builds. */
#if !defined(__SANITIZE_ADDRESS__) && !FA_HAS_ASAN
    if (o->memory) {
        rl.rlim_cur = rl.rlim_max = o->memory;
        setrlimit(RLIMIT_AS, &rl);
    }
#endif
    signal(SIGPIPE, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    signal(SIGINT, SIG_IGN); /* Ctrl-C reaches the whole group: the parent decides */
#ifdef __linux__
    /* If the parent is killed (SIGTERM from a job scheduler), nobody would enforce the
     * wall-clock limit: die with it. getppid() catches a parent already gone. */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != o->parent)
        _exit(5);
#endif
    /* Standard output carries the parent's report (one JSON object): a library that
     * prints must not corrupt it. */
    int null = open("/dev/null", O_WRONLY);
    if (null >= 0) {
        dup2(null, STDOUT_FILENO);
        close(null);
    }
    if (hook("FA_TEST_CRASH_ON", j->path))
        raise(SIGSEGV);
    if (hook("FA_TEST_HANG_ON", j->path))
        for (;;)
            pause();
    if (hook("FA_TEST_SPIN_ON", j->path)) {
        volatile unsigned long spin = 0;
        for (;;)
            spin++;
    }
    json_t *d = NULL;
    fa_buf json = {0};
    bool streamed = false;
    if (hook("FA_TEST_NOMEM_ON", j->path)) {
        /* More than RLIMIT_AS allows, never touched: fails only if the limit is set.
         * Without a limit (sanitizer builds) the hook just reports out of memory. */
        void *big = o->memory ? malloc(o->memory + ((size_t)1 << 20)) : NULL;
        if (!big) {
            fa_error e;
            fa_error_set(&e, FA_ERR_NOMEM, "out of memory");
            d = fa_error_to_json(j->path, FA_FMT_UNKNOWN, &e);
        }
        free(big);
    }
    if (!d)
        d = audit_doc(j->path, o->rules, &o->audit, stream_json(o) ? &json : NULL, o->json_depth,
                      &streamed);
    /* Out of memory under RLIMIT_AS is the memory limit, not a bug. */
    json_t *e = json_object_get(d, "error");
    const char *code = json_string_value(json_object_get(e, "code"));
    if (o->memory && code && !strcmp(code, "nomem")) {
        fa_error err;
        fa_error_set(&err, FA_ERR_LIMIT, "memory limit of %zu MiB reached", o->memory >> 20);
        json_t *lim = fa_error_to_json(j->path, FA_FMT_UNKNOWN, &err);
        if (lim) {
            json_object_set(lim, "format", json_object_get(d, "format"));
            json_decref(d);
            d = lim;
            streamed = false;
        }
    }
    bool ok = d && send_result(fd, d, o, streamed ? &json : NULL);
    json_decref(d); /* (keeps leak checkers quiet about children) */
    fa_buf_free(&json);
    _exit(ok ? 0 : 4);
}

/* ---------------------------------------------------------------- parent */

/* The frames of a child are read straight into buffers sized once from their
 * headers: a report of megabytes is neither copied nor grown on the way. */
typedef struct slot {
    pid_t pid; /* 0 = free */
    int fd;    /* read end, -1 once EOF was seen */
    size_t job;
    char hdr[FRAME_HEADER]; /* header of the next frame, hlen bytes of it read */
    size_t hlen;
    fa_buf *body; /* the frame being read (left bytes to come), or NULL */
    size_t left;
    fa_buf rep[FA_REPORT_NFORMATS]; /* R frames, bit 1 << f in got once complete */
    unsigned got;
    fa_buf doc; /* the D frame */
    bool have_doc, light;
    bool bad;        /* bytes that are not frames: read and dropped */
    size_t total;    /* bytes read, at most FA_DOC_RESULT_MAX */
    double deadline; /* monotonic seconds */
    bool overflow;
} slot;

static void slot_clear(slot *s)
{
    for (int f = 0; f < FA_REPORT_NFORMATS; f++)
        fa_buf_free(&s->rep[f]);
    fa_buf_free(&s->doc);
    s->hlen = s->left = s->total = 0;
    s->body = NULL;
    s->got = 0;
    s->have_doc = s->light = s->bad = s->overflow = false;
}

/* A frame header is complete: where its bytes go. */
static void slot_frame(slot *s)
{
    uint64_t n;
    memcpy(&n, s->hdr + 2, sizeof n);
    char kind = s->hdr[0];
    unsigned char arg = (unsigned char)s->hdr[1];
    s->hlen = 0;
    fa_buf *b = NULL;
    if (s->have_doc) /* something after the document */
        s->bad = true;
    else if (kind == 'R' && arg < FA_REPORT_NFORMATS)
        b = &s->rep[arg];
    else if (kind == 'D')
        b = &s->doc;
    else
        s->bad = true;
    if (!b)
        return;
    if (n > FA_DOC_RESULT_MAX - s->total) {
        s->overflow = true;
        return;
    }
    fa_buf_free(b);
    b->data = malloc((size_t)n + 1);
    if (!b->data) {
        s->overflow = true;
        return;
    }
    b->data[0] = '\0';
    b->alloc = (size_t)n + 1;
    b->cap = FA_DOC_RESULT_MAX;
    s->body = b;
    s->left = (size_t)n;
}

/* A frame's bytes are all there. */
static void slot_done(slot *s)
{
    s->body->data[s->body->len] = '\0';
    if (s->body == &s->doc) {
        s->have_doc = true;
        s->light = s->hdr[1] == 1;
    } else {
        s->got |= 1u << (s->body - s->rep);
    }
    s->body = NULL;
}

/* Read what the child of S wrote. Returns the read(2) result. */
static ssize_t slot_read(slot *s)
{
    char drop[65536];
    char *to;
    size_t want;
    if (s->bad || s->overflow) {
        to = drop;
        want = sizeof drop;
    } else if (s->body) {
        to = s->body->data + s->body->len;
        want = s->left;
    } else {
        to = s->hdr + s->hlen;
        want = FRAME_HEADER - s->hlen;
    }
    ssize_t r = read(s->fd, to, want);
    if (r <= 0 || s->overflow)
        return r;
    s->total += (size_t)r;
    if (s->bad) {
        s->overflow = s->total > FA_DOC_RESULT_MAX;
        return r;
    }
    if (s->body) {
        s->body->len += (size_t)r;
        s->left -= (size_t)r;
    } else if ((s->hlen += (size_t)r) == FRAME_HEADER) {
        slot_frame(s);
    }
    if (s->body && !s->left)
        slot_done(s);
    return r;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *signal_name(int sig)
{
    switch (sig) {
    case SIGSEGV:
        return "SIGSEGV";
    case SIGBUS:
        return "SIGBUS";
    case SIGABRT:
        return "SIGABRT";
    case SIGFPE:
        return "SIGFPE";
    case SIGILL:
        return "SIGILL";
    case SIGKILL:
        return "SIGKILL";
    case SIGTERM:
        return "SIGTERM";
    case SIGINT:
        return "SIGINT";
    case SIGXCPU:
        return "SIGXCPU";
    case SIGXFSZ:
        return "SIGXFSZ";
    case SIGPIPE:
        return "SIGPIPE";
    case SIGSYS:
        return "SIGSYS";
    case SIGTRAP:
        return "SIGTRAP";
    default:
        return NULL;
    }
}

static json_t *error_doc(const char *path, fa_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static json_t *error_doc(const char *path, fa_status st, const char *fmt, ...)
{
    fa_error err = {0};
    err.status = st;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err.message, sizeof err.message, fmt, ap);
    va_end(ap);
    return fa_error_to_json(path, FA_FMT_UNKNOWN, &err);
}

/* Turn what a finished child left (exit status, bytes) into a document object. */
static json_t *collect(fa_job *j, slot *s, int status, bool timed_out, const fa_run_opts *o)
{
    if (timed_out)
        return error_doc(j->path, FA_ERR_TIMEOUT, "time limit of %u s exceeded", o->wall_seconds);
    if (s->overflow)
        return error_doc(j->path, FA_ERR_LIMIT,
                         "result larger than %zu MiB (limit "
                         "FA_DOC_RESULT_MAX)",
                         FA_DOC_RESULT_MAX >> 20);
    if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        if (sig == SIGXCPU) /* RLIMIT_CPU */
            return error_doc(j->path, FA_ERR_TIMEOUT, "CPU time limit of %u s exceeded",
                             o->cpu_seconds);
        const char *name = signal_name(sig);
        if (name)
            return error_doc(j->path, FA_ERR_CRASH, "reader crashed (%s)", name);
        return error_doc(j->path, FA_ERR_CRASH, "reader crashed (signal %d)", sig);
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return error_doc(j->path, FA_ERR_CRASH, "reader exited with status %d",
                         WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    json_t *d = NULL;
    if (!s->bad && !s->hlen && !s->body && s->have_doc) {
        json_error_t jerr;
        d = json_loadb(s->doc.data, s->doc.len, 0, &jerr);
    }
    if (!json_is_object(d) || !json_is_string(json_object_get(d, "status")) ||
        !json_is_array(json_object_get(d, "findings"))) {
        json_decref(d);
        return error_doc(j->path, FA_ERR_CRASH, "reader returned an invalid result");
    }
    for (int f = 0; f < FA_REPORT_NFORMATS; f++) {
        if (!(s->got & (1u << f)))
            continue;
        fa_buf_free(&j->report[f]);
        j->report[f] = s->rep[f]; /* handed over, not copied */
        s->rep[f] = (fa_buf){0};
    }
    j->rendered = s->got;
    j->light = s->light;
    return d;
}

static void progress(const fa_run_opts *o, size_t done, size_t total, const char *path)
{
    if (!o->progress)
        return;
    /* A file name may hold terminal escapes: show control bytes as '?'. */
    fprintf(stderr, "\r[%zu/%zu] ", done, total);
    size_t shown = 0;
    for (const unsigned char *p = (const unsigned char *)path; *p && shown < 70; p++, shown++)
        fputc(*p < 0x20 || *p == 0x7f ? '?' : *p, stderr);
    fputs("\033[K", stderr);
    fflush(stderr);
}

static fa_status start_child(slot *s, fa_job *j, size_t idx, const fa_run_opts *o, fa_error *err)
{
    int p[2];
    if (pipe(p) != 0)
        return fa_error_set(err, FA_ERR_IO, "cannot create a pipe: %s", strerror(errno));
#ifdef F_SETPIPE_SZ
    /* 1 MiB (the unprivileged maximum) instead of 64 KiB: a large report crosses in a
     * few reads and wake-ups instead of dozens. Failure only costs speed. */
    (void)fcntl(p[0], F_SETPIPE_SZ, 1 << 20);
#endif
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(p[0]);
        close(p[1]);
        return fa_error_set(err, FA_ERR_IO, "cannot start a worker process: %s", strerror(e));
    }
    if (pid == 0) {
        close(p[0]);
        child_main(p[1], j, o);
    }
    close(p[1]);
    s->pid = pid;
    s->fd = p[0];
    s->job = idx;
    slot_clear(s);
    s->deadline = now() + (o->wall_seconds ? o->wall_seconds : 1e9);
    return FA_OK;
}

/* Reap the child of slot S (killing it first if asked, for a timeout or an overflow;
 * STATUS is used when the child was already reaped) and store the job's result. */
static void finish(slot *s, fa_joblist *l, bool reaped, int status, bool kill_it, bool timed_out,
                   const fa_run_opts *o)
{
    if (kill_it)
        kill(s->pid, SIGKILL);
    if (s->fd >= 0) {
        close(s->fd);
        s->fd = -1;
    }
    while (!reaped && waitpid(s->pid, &status, 0) < 0 && errno == EINTR)
        ;
    fa_job *j = &l->v[s->job];
    j->result = collect(j, s, status, timed_out, o);
    s->pid = 0;
    slot_clear(s);
}

/* Audit a tiny form once in the parent before forking: whatever the library
 * initialises lazily (regex JIT, tables) is then inherited by every child instead of
 * being redone per document. Failure does not matter. */
static void warm_up(const fa_run_opts *o)
{
    static const char form[] = "Nom : ____\nCommentaires : ________\n";
    fa_doc *doc = NULL;
    fa_result *res = NULL;
    if (fa_doc_open_mem("warm-up.txt", form, sizeof form - 1, &doc, NULL) == FA_OK &&
        fa_audit(doc, o->rules, &o->audit, &res, NULL) == FA_OK) {
        json_t *j = fa_result_to_json(res, doc, "warm-up.txt");
        json_decref(j);
    }
    fa_result_free(res);
    fa_doc_free(doc);
}

/* Does the batch hold a PDF (by content: "%PDF-" in the first KiB, as the sniffer
 * looks for it)? Then the parent loads the PDF module once before forking instead of
 * every child loading it (~20 ms and fifty libraries each). */
static bool any_pdf(const fa_joblist *l)
{
    char head[1024];
    for (size_t i = 0; i < l->n; i++) {
        if (l->v[i].pre.status != FA_OK)
            continue;
        /* never block on a FIFO or a device named on the command line */
        int fd = open(l->v[i].path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0)
            continue;
        struct stat st;
        ssize_t r = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? read(fd, head, sizeof head) : 0;
        close(fd);
        size_t n = r > 0 ? (size_t)r : 0;
        for (size_t k = 0; k + 5 <= n; k++)
            if (head[k] == '%' && !memcmp(head + k, "%PDF-", 5))
                return true;
    }
    return false;
}

static fa_status run_isolated(fa_joblist *l, const fa_run_opts *o_in, fa_error *err)
{
    fa_run_opts opts = *o_in;
    const fa_run_opts *o = &opts;
    opts.parent = getpid();
#if defined(__GLIBC__) && !defined(FA_ASAN)
    /* frames this large get a fresh mapping, returned to the system when freed, so
     * that the heap children inherit stays small; each child puts the heap-friendly
     * threshold back (child_main). Never MADV_DONTFORK: malloc may serve a large frame
     * from a free heap chunk, and a child forked later would lose those heap pages. */
    mallopt(M_MMAP_THRESHOLD, (int)FA_FRAME_OWN_MAP);
#endif
    if (o->jobs > 1)
        fa_read_set_threads(1); /* a worker per core already: no reader helper threads */
    if (l->n > 1) {
        warm_up(o);
        if (any_pdf(l))
            (void)fa_pdf_load(NULL); /* failure: each PDF reports it */
    }
    size_t n = l->n, next = 0, done = 0;
    int nslots = o->jobs < 1 ? 1 : o->jobs;
    if ((size_t)nslots > n)
        nslots = n ? (int)n : 1;
    slot *slots = calloc((size_t)nslots, sizeof *slots);
    struct pollfd *pfd = calloc((size_t)nslots, sizeof *pfd);
    /* Children inherit both and _exit without freeing them: statics keep them
     * reachable for leak checkers that follow children (valgrind --trace-children). */
    static slot *volatile inherited_slots;
    static struct pollfd *volatile inherited_pfd;
    inherited_slots = slots;
    inherited_pfd = pfd;
    (void)inherited_slots;
    (void)inherited_pfd;
    fa_status st = FA_OK;
    if (!slots || !pfd) {
        st = fa_error_set(err, FA_ERR_NOMEM, "out of memory");
        goto out;
    }
    for (int i = 0; i < nslots; i++)
        slots[i].fd = -1;
    int running = 0;
    while (done < n) {
        if (fa_cli_stop) {
            st = fa_error_set(err, FA_ERR_IO, "interrupted");
            goto out;
        }
        /* Fill free slots. Jobs that failed in the walk need no child. */
        for (int i = 0; i < nslots && next < n; i++) {
            if (slots[i].pid)
                continue;
            fa_job *j = &l->v[next];
            if (j->pre.status != FA_OK) {
                j->result = fa_error_to_json(j->path, FA_FMT_UNKNOWN, &j->pre);
                next++;
                progress(o, ++done, n, j->path);
                i--; /* this slot is still free */
                continue;
            }
            fa_error ferr = {0};
            if (start_child(&slots[i], j, next, o, &ferr) != FA_OK) {
                if (running)
                    break; /* out of processes for now: wait for one to end */
                j->result = fa_error_to_json(j->path, FA_FMT_UNKNOWN, &ferr);
                next++;
                progress(o, ++done, n, j->path);
                continue;
            }
            next++;
            running++;
        }
        if (!running)
            continue;
        /* Wait for output, an end of file, or the nearest deadline. A slot whose
         * pipe is closed (fd -1, ignored by poll) waits for its child to exit. */
        int np = 0;
        bool exiting = false;
        double t = now(), nearest = 1e18;
        for (int i = 0; i < nslots; i++) {
            if (!slots[i].pid)
                continue;
            pfd[np].fd = slots[i].fd;
            pfd[np].events = POLLIN;
            pfd[np].revents = 0;
            np++;
            exiting |= slots[i].fd < 0;
            if (slots[i].deadline < nearest)
                nearest = slots[i].deadline;
        }
        double wait = nearest - t;
        int ms = wait <= 0 ? 0 : wait > 1 ? 1000 : (int)(wait * 1000) + 1;
        if (exiting && ms > 10)
            ms = 10;
        int pr = poll(pfd, (nfds_t)np, ms);
        if (pr < 0 && errno != EINTR) {
            st = fa_error_set(err, FA_ERR_IO, "poll: %s", strerror(errno));
            goto out;
        }
        t = now();
        for (int i = 0, k = 0; i < nslots; i++) {
            slot *s = &slots[i];
            if (!s->pid)
                continue;
            short rev = pr > 0 ? pfd[k].revents : 0;
            k++;
            if (s->fd >= 0 && (rev & (POLLIN | POLLHUP | POLLERR))) {
                ssize_t r = slot_read(s);
                if (r == 0 || (r < 0 && errno != EINTR && errno != EAGAIN)) {
                    close(s->fd); /* EOF: the child has exited or is exiting */
                    s->fd = -1;
                }
            }
            int status = 0;
            bool reaped = false, kill_it = false, timed_out = false;
            if (s->overflow) {
                kill_it = true;
            } else if (s->fd < 0) {
                pid_t w = waitpid(s->pid, &status, WNOHANG);
                reaped = w == s->pid || (w < 0 && errno == ECHILD);
            }
            if (!reaped && !kill_it && t >= s->deadline)
                kill_it = timed_out = true;
            if (reaped || kill_it) {
                size_t idx = s->job;
                finish(s, l, reaped, status, kill_it, timed_out, o);
                running--;
                progress(o, ++done, n, l->v[idx].path);
            }
        }
    }
out:
    /* Only reached early on a fatal error: do not leave children behind. */
    for (int i = 0; slots && i < nslots; i++) {
        if (slots[i].pid)
            finish(&slots[i], l, false, 0, true, false, o);
        slot_clear(&slots[i]);
    }
    free(slots);
    free(pfd);
    return st;
}

static fa_status run_in_process(fa_joblist *l, const fa_run_opts *o)
{
    for (size_t i = 0; i < l->n; i++) {
        fa_job *j = &l->v[i];
        if (fa_cli_stop)
            return FA_ERR_IO;
        if (j->pre.status != FA_OK)
            j->result = fa_error_to_json(j->path, FA_FMT_UNKNOWN, &j->pre);
        else {
            bool streamed = false;
            fa_buf *json = stream_json(o) ? &j->report[FA_REPORT_JSON] : NULL;
            j->result = audit_doc(j->path, o->rules, &o->audit, json, o->json_depth, &streamed);
            if (streamed) { /* as an isolated child would have sent it */
                j->rendered |= 1u << FA_REPORT_JSON;
                j->light = true;
            }
        }
        if (!j->result)
            return FA_ERR_NOMEM;
        progress(o, i + 1, l->n, j->path);
    }
    return FA_OK;
}

fa_status fa_run(fa_joblist *l, const fa_run_opts *o, fa_error *err)
{
    fa_status st = o->isolate ? run_isolated(l, o, err) : run_in_process(l, o);
    if (st == FA_ERR_IO && fa_cli_stop)
        fa_error_set(err, FA_ERR_IO, "interrupted");
    if (o->progress && l->n)
        fputs("\r\033[K", stderr);
    for (size_t i = 0; st == FA_OK && i < l->n; i++)
        if (!l->v[i].result)
            st = fa_error_set(err, FA_ERR_NOMEM, "out of memory");
    return st;
}
