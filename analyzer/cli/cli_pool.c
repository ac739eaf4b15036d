/* cli_pool.c — runs the audits of a batch in a pool of long-lived worker processes.
 *
 * Why processes: forms come from anywhere, and the readers (libzip, libxml2, poppler)
 * parse hostile input. A crash, an endless loop or a memory blow-up in one reader must
 * fail that one document, not the batch, and must never leave a half-written report.
 * Why a pool: forking once per worker, not once per document, spares a fork, an exit
 * and the copy-on-write faults of a fresh process per document, and the rules, the
 * JIT code and the PDF module are loaded once, before the workers are forked.
 *
 * Each worker gets its documents one at a time (the index of a job: workers inherit
 * the job list) on a pipe and answers on another with the document's frames (cli.h).
 * Limits, per document: a CPU budget (RLIMIT_CPU's soft limit moved to the time already
 * used plus the budget before each document; SIGXCPU ends the worker), a wall-clock
 * deadline (the parent kills the worker), RLIMIT_AS for the worker's whole life, no core
 * dumps (a core would hold the form's personal data), answers bounded by
 * FA_DOC_RESULT_MAX. A worker that dies, overruns a limit or answers garbage is
 * replaced, and only its document is reported as failed (crash, timeout, limit). A
 * worker whose memory grew past FA_WORKER_RECYCLE_RSS exits after its document and is
 * replaced too, so one huge form does not leave a bloated heap behind.
 *
 * The parent never waits on a timer for a worker: the end of a worker shows as the
 * end of its pipe, then its exit status is collected at once. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#if defined(__SANITIZE_ADDRESS__)
#define FA_POOL_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FA_POOL_ASAN 1
#endif
#endif
#ifndef FA_POOL_ASAN
#define FA_POOL_ASAN 0
#endif

void fa_run_opts_init(fa_run_opts *o)
{
    memset(o, 0, sizeof *o);
    o->jobs = 1;
    o->isolate = true;
    o->cpu_seconds = FA_DOC_CPU_SECONDS;
    o->wall_seconds = FA_DOC_WALL_SECONDS;
    /* ASan reserves terabytes of address space: no RLIMIT_AS there */
    o->memory = FA_POOL_ASAN ? 0 : FA_DOC_MEMORY;
    const char *t = getenv("FA_TEST_DOC_SECONDS");
    if (t) {
        long n = strtol(t, NULL, 10);
        if (n >= 1 && n <= 3600) {
            o->cpu_seconds = (unsigned)n;
            o->wall_seconds = 12 * (unsigned)n; /* CPU limit first, even on a busy machine */
        }
    }
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
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

/* ================================================================ worker side */

/* fa_frame_fn of a worker: the frame on its answer pipe. */
static int pipe_frame(void *ctx, size_t job, char kind, unsigned char arg, const char *data,
                      size_t len)
{
    (void)job;
    int fd = *(int *)ctx;
    char h[FA_FRAME_HEADER];
    uint64_t n = len;
    h[0] = kind;
    h[1] = (char)arg;
    memcpy(h + 2, &n, sizeof n);
    return write_all(fd, h, sizeof h) && write_all(fd, data, len) ? 0 : -1;
}

/* Move the soft CPU limit to the time used so far plus the document's budget. */
static void cpu_budget(unsigned seconds)
{
    if (!seconds)
        return;
    struct rusage ru;
    struct rlimit rl;
    if (getrusage(RUSAGE_SELF, &ru) != 0 || getrlimit(RLIMIT_CPU, &rl) != 0)
        return;
    rlim_t used = (rlim_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + 1;
    rl.rlim_cur = used + seconds;
    if (rl.rlim_max != RLIM_INFINITY && rl.rlim_cur > rl.rlim_max)
        rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_CPU, &rl);
}

/* Has this worker grown enough that a fresh one would serve better? The tests lower the
 * threshold with FA_WORKER_RECYCLE_RSS (bytes) in the environment, to recycle workers
 * after every document. */
static bool bloated(void)
{
    static size_t limit;
    if (!limit) {
        const char *e = getenv("FA_WORKER_RECYCLE_RSS");
        unsigned long long v = e && *e ? strtoull(e, NULL, 10) : 0;
        limit = v ? (size_t)v : FA_WORKER_RECYCLE_RSS;
    }
    struct rusage ru;
    return getrusage(RUSAGE_SELF, &ru) == 0 && (size_t)ru.ru_maxrss * 1024 > limit;
}

/* The worker: limits, then documents until the job pipe closes. Never returns. */
static void worker_main(int cmd, int res, const fa_joblist *l, const fa_run_opts *o)
{
#if defined(__GLIBC__) && !FA_POOL_ASAN
    mallopt(M_MMAP_THRESHOLD, (int)FA_MMAP_THRESHOLD); /* the parent's batch value */
#endif
    struct rlimit rl = {0, 0};
    setrlimit(RLIMIT_CORE, &rl);
    if (o->memory) {
        rl.rlim_cur = rl.rlim_max = o->memory;
        setrlimit(RLIMIT_AS, &rl);
    }
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
    /* Standard output carries the parent's report: a library that prints must not
     * corrupt it. */
    int null = open("/dev/null", O_WRONLY);
    if (null >= 0) {
        dup2(null, STDOUT_FILENO);
        close(null);
    }
    for (;;) {
        uint64_t idx;
        size_t got = 0;
        while (got < sizeof idx) {
            ssize_t r = read(cmd, (char *)&idx + got, sizeof idx - got);
            if (r < 0 && errno == EINTR)
                continue;
            if (r <= 0)
                _exit(0); /* no more documents */
            got += (size_t)r;
        }
        if (idx >= l->n)
            _exit(6);
        cpu_budget(o->cpu_seconds);
        if (fa_worker_audit(&l->v[idx], (size_t)idx, o, pipe_frame, &res) != 0)
            _exit(4);
#ifdef __GLIBC__
        malloc_trim(0);
#endif
        if (bloated()) {
            /* After its document: say so, so that a document the parent has already
             * sent is given to a fresh worker instead, then end. */
            pipe_frame(&res, 0, 'X', 0, "", 0);
            _exit(0);
        }
    }
}

/* ================================================================ parent side */

typedef struct worker {
    pid_t pid; /* 0: none */
    int cmd;   /* write end of its job pipe */
    int res;   /* read end of its answer pipe */
    bool busy;
    size_t job;
    double deadline;
    /* the frame being read */
    char hdr[FA_FRAME_HEADER];
    size_t hlen;
    fa_buf body;
    size_t left;
    bool in_body;
    size_t total;  /* bytes of answer for the current document */
    bool bad;      /* bytes that are not frames */
    bool retiring; /* said it ends ('X'): no new document, retired at its end of pipe */
} worker;

typedef struct pool {
    const fa_joblist *l;
    const fa_run_opts *o;
    fa_frame_fn fn;
    void *ctx;
    worker *w;
    int n;
    size_t done, total;
    fa_status st;    /* fatal error */
    size_t *requeue; /* documents sent to a worker that ended before reading them */
    size_t nrequeue;
} pool;

static void progress(const pool *p, const char *path)
{
    if (!p->o->progress)
        return;
    /* A file name may hold terminal escapes: show control bytes as '?'. */
    fprintf(stderr, "\r[%zu/%zu] ", p->done, p->total);
    size_t shown = 0;
    for (const unsigned char *c = (const unsigned char *)path; *c && shown < 70; c++, shown++)
        fputc(*c < 0x20 || *c == 0x7f ? '?' : *c, stderr);
    fputs("\033[K", stderr);
    fflush(stderr);
}

static void close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

static void reset_frames(worker *w)
{
    fa_buf_free(&w->body);
    w->hlen = w->left = w->total = 0;
    w->in_body = w->bad = false;
}

static fa_status spawn(pool *p, worker *w, fa_error *err)
{
    int c[2], r[2];
    if (pipe(c) != 0)
        return fa_error_set(err, FA_ERR_IO, "cannot create a pipe: %s", strerror(errno));
    if (pipe(r) != 0) {
        int e = errno;
        close(c[0]);
        close(c[1]);
        return fa_error_set(err, FA_ERR_IO, "cannot create a pipe: %s", strerror(e));
    }
#ifdef F_SETPIPE_SZ
    /* 1 MiB (the unprivileged maximum) instead of 64 KiB: a large report crosses in a
     * few reads and wake-ups instead of dozens. Failure only costs speed. */
    (void)fcntl(r[0], F_SETPIPE_SZ, 1 << 20);
#endif
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(c[0]), close(c[1]), close(r[0]), close(r[1]);
        return fa_error_set(err, FA_ERR_IO, "cannot start a worker process: %s", strerror(e));
    }
    if (pid == 0) {
        close(c[1]);
        close(r[0]);
        for (int i = 0; i < p->n; i++) { /* the other workers' pipes are not ours */
            if (&p->w[i] != w) {
                close_fd(&p->w[i].cmd);
                close_fd(&p->w[i].res);
            }
        }
        worker_main(c[0], r[1], p->l, p->o);
    }
    close(c[0]);
    close(r[1]);
    (void)fcntl(c[1], F_SETFD, FD_CLOEXEC);
    (void)fcntl(r[0], F_SETFD, FD_CLOEXEC);
    w->pid = pid;
    w->cmd = c[1];
    w->res = r[0];
    w->busy = w->retiring = false;
    reset_frames(w);
    return FA_OK;
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

/* The end of worker W: kill it first when asked, collect its status, and when it was
 * busy report its document as failed with WHY (or from its exit status). */
static void retire(pool *p, worker *w, bool kill_it, fa_status why, const char *msg)
{
    if (kill_it)
        kill(w->pid, SIGKILL);
    close_fd(&w->cmd);
    close_fd(&w->res);
    int status = 0;
    while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
        ;
    w->pid = 0;
    w->retiring = false; /* its slot takes a fresh worker at the next document */
    if (!w->busy) {
        reset_frames(w);
        return;
    }
    char buf[160];
    const fa_run_opts *o = p->o;
    if (!msg) {
        if (WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU) { /* RLIMIT_CPU */
            why = FA_ERR_TIMEOUT;
            snprintf(buf, sizeof buf, "CPU time limit of %u s exceeded", o->cpu_seconds);
        } else if (WIFSIGNALED(status)) {
            const char *name = signal_name(WTERMSIG(status));
            why = FA_ERR_CRASH;
            if (name)
                snprintf(buf, sizeof buf, "reader crashed (%s)", name);
            else
                snprintf(buf, sizeof buf, "reader crashed (signal %d)", WTERMSIG(status));
        } else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
            why = FA_ERR_CRASH;
            snprintf(buf, sizeof buf, "reader exited with status %d", WEXITSTATUS(status));
        } else {
            why = FA_ERR_CRASH;
            snprintf(buf, sizeof buf, "reader returned an invalid result");
        }
        msg = buf;
    }
    w->busy = false;
    reset_frames(w);
    const fa_job *j = &p->l->v[w->job];
    if (fa_worker_failed(j, w->job, o, FA_FMT_UNKNOWN, why, msg, p->fn, p->ctx) != 0)
        p->st = FA_ERR_IO;
    p->done++;
    progress(p, j->path);
}

/* A complete frame of W: hand it on; the end frame frees the worker. */
static void frame_done(pool *p, worker *w)
{
    char kind = w->hdr[0];
    unsigned char arg = (unsigned char)w->hdr[1];
    if (kind == 'X') { /* it ends: a document already sent goes to another worker */
        w->retiring = true;
        if (w->busy)
            p->requeue[p->nrequeue++] = w->job;
        w->busy = false;
        fa_buf_free(&w->body);
        w->in_body = false;
        return;
    }
    if (p->fn(p->ctx, w->job, kind, arg, w->body.data ? w->body.data : "", w->body.len) != 0)
        p->st = FA_ERR_IO;
    fa_buf_free(&w->body);
    w->in_body = false;
    if (kind == 'E') {
        w->busy = false;
        w->total = 0;
        p->done++;
        progress(p, p->l->v[w->job].path);
    }
}

/* A frame header is complete: check it and get room for its bytes. */
static void frame_header(worker *w)
{
    uint64_t n;
    memcpy(&n, w->hdr + 2, sizeof n);
    w->hlen = 0;
    if (!w->hdr[0] || !strchr("SRFEX", w->hdr[0]) || (!w->busy && w->hdr[0] != 'X')) {
        w->bad = true;
        return;
    }
    if (n > FA_DOC_RESULT_MAX - w->total) {
        w->total = FA_DOC_RESULT_MAX + 1; /* over: the caller kills the worker */
        return;
    }
    w->body.cap = FA_DOC_RESULT_MAX;
    w->body.data = malloc((size_t)n + 1);
    if (!w->body.data) {
        w->total = FA_DOC_RESULT_MAX + 1;
        return;
    }
    w->body.data[0] = '\0';
    w->body.alloc = (size_t)n + 1;
    w->body.len = 0;
    w->left = (size_t)n;
    w->in_body = true;
}

/* Read what W wrote; frames are handed on as they complete. Returns read(2)'s result. */
static ssize_t worker_read(pool *p, worker *w)
{
    char *to;
    size_t want;
    if (w->in_body) {
        to = w->body.data + w->body.len;
        want = w->left;
    } else {
        to = w->hdr + w->hlen;
        want = FA_FRAME_HEADER - w->hlen;
    }
    ssize_t r = read(w->res, to, want);
    if (r <= 0)
        return r;
    w->total += (size_t)r;
    if (w->in_body) {
        w->body.len += (size_t)r;
        w->left -= (size_t)r;
        w->body.data[w->body.len] = '\0';
    } else if ((w->hlen += (size_t)r) == FA_FRAME_HEADER) {
        frame_header(w);
    }
    if (w->in_body && !w->left)
        frame_done(p, w);
    return r;
}

static bool send_job(worker *w, size_t idx)
{
    uint64_t v = idx;
    return write_all(w->cmd, (const char *)&v, sizeof v);
}

/* Audit a tiny form once in the parent before forking: whatever the library
 * initialises lazily (regex JIT, tables) is then inherited by every worker. */
static void warm_up(const fa_run_opts *o)
{
    static const char form[] = "Nom : ____\nCommentaires : ________\n";
    fa_doc *doc = NULL;
    fa_result *res = NULL;
    if (fa_doc_open_mem("warm-up.txt", form, sizeof form - 1, &doc, NULL) == FA_OK)
        fa_audit(doc, NULL, o->rules, &o->audit, &res, NULL);
    fa_result_free(res);
    fa_doc_free(doc);
}

static bool any_pdf(const fa_joblist *l, const unsigned char *skip)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->v[i].pre.status == FA_OK && !(skip && skip[i]) &&
            fa_sniff_path(l->v[i].path) == FA_FMT_PDF)
            return true;
    return false;
}

/* One round: start what can start, wait for answers or the nearest deadline, read. */
static void pool_step(pool *p, size_t *next, const unsigned char *skip)
{
    const fa_joblist *l = p->l;
    for (int i = 0; i < p->n && p->st == FA_OK; i++) {
        worker *w = &p->w[i];
        while (!w->busy && !w->retiring && (p->nrequeue || *next < l->n)) {
            bool again = p->nrequeue > 0;
            size_t k = again ? p->requeue[p->nrequeue - 1] : *next;
            if (!again && skip && skip[k]) {
                (*next)++;
                continue;
            }
            if (l->v[k].pre.status != FA_OK) { /* a walk error: no worker needed */
                (*next)++;
                if (fa_worker_audit(&l->v[k], k, p->o, p->fn, p->ctx) != 0)
                    p->st = FA_ERR_IO;
                p->done++;
                progress(p, l->v[k].path);
                continue;
            }
            fa_error err = {0};
            if (!w->pid && spawn(p, w, &err) != FA_OK) {
                p->st = err.status;
                fa_cli_warn("%s", err.message);
                return;
            }
            if (!send_job(w, k)) { /* it ended while idle: a fresh one takes the document */
                retire(p, w, true, FA_OK, NULL);
                continue;
            }
            w->busy = true;
            w->job = k;
            w->total = 0;
            w->deadline = now() + (p->o->wall_seconds ? p->o->wall_seconds : 1e9);
            if (again)
                p->nrequeue--;
            else
                (*next)++;
        }
    }
    struct pollfd pfd[FA_MAX_JOBS];
    worker *who[FA_MAX_JOBS];
    int np = 0;
    double t = now(), nearest = 1e18;
    for (int i = 0; i < p->n; i++) {
        worker *w = &p->w[i];
        if (!w->pid)
            continue;
        pfd[np] = (struct pollfd){w->res, POLLIN, 0};
        who[np++] = w;
        if (w->busy && w->deadline < nearest)
            nearest = w->deadline;
    }
    if (!np)
        return;
    double wait = nearest - t;
    int ms = wait <= 0 ? 0 : wait > 1 ? 1000 : (int)(wait * 1000) + 1;
    int pr = poll(pfd, (nfds_t)np, ms);
    if (pr < 0 && errno != EINTR) {
        p->st = FA_ERR_IO;
        return;
    }
    t = now();
    for (int k = 0; k < np && p->st == FA_OK; k++) {
        worker *w = who[k];
        if (pr > 0 && (pfd[k].revents & (POLLIN | POLLHUP | POLLERR))) {
            ssize_t r = worker_read(p, w);
            if (r == 0 || (r < 0 && errno != EINTR && errno != EAGAIN)) {
                retire(p, w, false, FA_ERR_CRASH, NULL); /* ended: busy means failed */
                continue;
            }
        }
        if (w->busy && (w->bad || w->total > FA_DOC_RESULT_MAX)) {
            char msg[96];
            if (w->bad)
                retire(p, w, true, FA_ERR_CRASH, "reader returned an invalid result");
            else {
                snprintf(msg, sizeof msg, "result larger than %zu MiB (limit FA_DOC_RESULT_MAX)",
                         FA_DOC_RESULT_MAX >> 20);
                retire(p, w, true, FA_ERR_LIMIT, msg);
            }
        } else if (w->busy && t >= w->deadline) {
            char msg[64];
            snprintf(msg, sizeof msg, "time limit of %u s exceeded", p->o->wall_seconds);
            retire(p, w, true, FA_ERR_TIMEOUT, msg);
        }
    }
}

static fa_status run_pool(const fa_joblist *l, const unsigned char *skip, const fa_run_opts *o_in,
                          fa_frame_fn fn, void *ctx, fa_error *err)
{
    fa_run_opts opts = *o_in;
    opts.parent = getpid();
    opts.test_hooks = true; /* read by the workers only */
    size_t todo = 0;
    for (size_t i = 0; i < l->n; i++)
        todo += !(skip && skip[i]);
    pool p = {l, &opts, fn, ctx, NULL, opts.jobs < 1 ? 1 : opts.jobs, 0, todo, FA_OK, NULL, 0};
    if (p.n > FA_MAX_JOBS)
        p.n = FA_MAX_JOBS;
    if ((size_t)p.n > todo)
        p.n = todo ? (int)todo : 1;
    if (p.n > 1)
        fa_read_set_threads(1); /* a worker per core already: no reader helper threads */
    if (todo > 1) {
        warm_up(&opts);
        if (any_pdf(l, skip))
            (void)fa_pdf_preload(NULL); /* failure: each PDF reports it */
    }
    p.w = calloc((size_t)p.n, sizeof *p.w);
    p.requeue = calloc((size_t)p.n, sizeof *p.requeue);
    /* A worker that ended leaves its pipe: writing to it must fail, not kill us. */
    signal(SIGPIPE, SIG_IGN);
    /* Workers inherit it and _exit without freeing it: a static keeps it reachable for
     * leak checkers that follow children (valgrind --trace-children). */
    static worker *volatile inherited;
    inherited = p.w;
    (void)inherited;
    if (!p.w || !p.requeue) {
        free(p.w);
        free(p.requeue);
        return fa_error_set(err, FA_ERR_NOMEM, "out of memory");
    }
    for (int i = 0; i < p.n; i++)
        p.w[i].cmd = p.w[i].res = -1;
    size_t next = 0;
    while (p.done < todo && p.st == FA_OK) {
        if (fa_cli_stop) {
            p.st = FA_ERR_IO;
            fa_error_set(err, FA_ERR_IO, "interrupted");
            break;
        }
        pool_step(&p, &next, skip);
    }
    if (p.st != FA_OK && !err->message[0])
        fa_error_set(err, p.st, "%s", p.st == FA_ERR_IO ? "cannot write the reports" : "");
    /* Idle workers end when their job pipe closes; busy ones (only after an error or
     * an interruption) are killed. */
    for (int i = 0; i < p.n; i++)
        if (p.w[i].pid) {
            p.w[i].busy = false;
            retire(&p, &p.w[i], p.st != FA_OK, FA_OK, NULL);
        }
    free(p.w);
    free(p.requeue);
    return p.st;
}

static fa_status run_in_process(const fa_joblist *l, const unsigned char *skip,
                                const fa_run_opts *o_in, fa_frame_fn fn, void *ctx, fa_error *err)
{
    fa_run_opts opts = *o_in;
    const fa_run_opts *o = &opts;
    opts.memory = 0; /* no RLIMIT_AS here: running out of memory is not a limit */
    size_t todo = 0;
    for (size_t i = 0; i < l->n; i++)
        todo += !(skip && skip[i]);
    pool p = {l, o, fn, ctx, NULL, 0, 0, todo, FA_OK, NULL, 0};
    for (size_t i = 0; i < l->n; i++) {
        if (skip && skip[i])
            continue;
        if (fa_cli_stop)
            return fa_error_set(err, FA_ERR_IO, "interrupted");
        if (fa_worker_audit(&l->v[i], i, o, fn, ctx) != 0)
            return fa_error_set(err, FA_ERR_IO, "cannot write the reports");
        p.done++;
        progress(&p, l->v[i].path);
    }
    return FA_OK;
}

fa_status fa_run(const fa_joblist *l, const unsigned char *skip, const fa_run_opts *o,
                 fa_frame_fn fn, void *ctx, fa_error *err)
{
    fa_status st =
        o->isolate ? run_pool(l, skip, o, fn, ctx, err) : run_in_process(l, skip, o, fn, ctx, err);
    if (o->progress && l->n)
        fputs("\r\033[K", stderr);
    return st;
}
