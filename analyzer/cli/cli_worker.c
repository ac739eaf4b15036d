/* cli_worker.c — what is done for one document, wherever it runs (a worker process of
 * the pool, or this process with --no-isolate): read and audit it, then render every
 * report the run asks for, each as a frame (cli.h). The summary goes first, so the
 * receiver knows before any report whether to keep the document at all.
 *
 * Test hooks (environment, read here; used by tests/cli/isolation.sh):
 *   FA_TEST_CRASH_ON=TEXT  a document whose path contains TEXT raises SIGSEGV;
 *   FA_TEST_HANG_ON=TEXT   ... sleeps forever (wall-clock kill);
 *   FA_TEST_SPIN_ON=TEXT   ... burns CPU forever (CPU limit);
 *   FA_TEST_NOMEM_ON=TEXT  ... asks malloc for more than RLIMIT_AS allows.
 * They are read by worker processes only (never with --no-isolate) and only change what
 * happens to the process that reads them. */
#include "cli.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool hook(const fa_run_opts *o, const char *name, const char *path)
{
    if (!o->test_hooks)
        return false;
    const char *v = getenv(name);
    return v && *v && strstr(path, v);
}

/* A walked file that is neither named like a document nor read as a structured one
 * (plain text, unknown) is not a form: said in its summary, nothing rendered. */
static bool dropped(const fa_job *job, fa_format fmt)
{
    return fa_job_may_drop(job) && (fmt == FA_FMT_TXT || fmt == FA_FMT_UNKNOWN);
}

/* Summary first, then the reports, then the end. */
static int emit_result(const fa_result *res, bool dropped, size_t index, const fa_run_opts *o,
                       fa_frame_fn fn, void *ctx)
{
    fa_summary s;
    fa_buf b = {0};
    b.cap = FA_DOC_RESULT_MAX;
    if (fa_summary_of(res, &s) != FA_OK || fa_summary_to_json(&s, &b) != FA_OK) {
        fa_summary_clear(&s);
        fa_buf_free(&b);
        return -1;
    }
    fa_summary_clear(&s);
    int rc = fn(ctx, index, 'S', dropped, b.data, b.len);
    for (int f = 0; !rc && !dropped && f < FA_REPORT_NFORMATS; f++) {
        if (!(o->formats & (1u << f)))
            continue;
        fa_buf_reset(&b);
        fa_status st;
        if (f == FA_REPORT_JSON && o->json_depth)
            st = fa_report_json_at(res, 2, o->json_depth, &b);
        else if (f == FA_REPORT_SARIF && o->sarif_results)
            st = fa_report_sarif_results(res, o->report, &b);
        else
            st = fa_report_render((fa_report_format)f, res, o->report, &b);
        if (st == FA_OK)
            rc = fn(ctx, index, 'R', (unsigned char)f, b.data ? b.data : "", b.len);
        else
            rc = fn(ctx, index, 'F', (unsigned char)f, fa_status_code(st),
                    strlen(fa_status_code(st)));
    }
    fa_buf_free(&b);
    return rc ? rc : fn(ctx, index, 'E', 0, "", 0);
}

int fa_worker_failed(const fa_job *job, size_t index, const fa_run_opts *o, fa_format fmt,
                     fa_status st, const char *message, fa_frame_fn fn, void *ctx)
{
    fa_error err = {0};
    err.status = st;
    snprintf(err.message, sizeof err.message, "%s", message ? message : fa_strerror(st));
    fa_result *res = fa_result_new_error(job->path, fmt, &err);
    if (!res)
        return -1;
    int rc = emit_result(res, dropped(job, fmt), index, o, fn, ctx);
    fa_result_free(res);
    return rc;
}

/* Out of memory under RLIMIT_AS is the memory limit, not a bug: say which. */
static int out_of_memory(const fa_job *job, size_t index, const fa_run_opts *o, fa_format fmt,
                         fa_frame_fn fn, void *ctx)
{
    if (!o->memory)
        return fa_worker_failed(job, index, o, fmt, FA_ERR_NOMEM, "out of memory", fn, ctx);
    char msg[96];
    snprintf(msg, sizeof msg, "memory limit of %zu MiB reached", o->memory >> 20);
    return fa_worker_failed(job, index, o, fmt, FA_ERR_LIMIT, msg, fn, ctx);
}

int fa_worker_audit(const fa_job *job, size_t index, const fa_run_opts *o, fa_frame_fn fn,
                    void *ctx)
{
    if (job->pre.status != FA_OK)
        return fa_worker_failed(job, index, o, FA_FMT_UNKNOWN, job->pre.status, job->pre.message,
                                fn, ctx);
    if (hook(o, "FA_TEST_CRASH_ON", job->path))
        raise(SIGSEGV);
    if (hook(o, "FA_TEST_HANG_ON", job->path))
        for (;;)
            pause();
    if (hook(o, "FA_TEST_SPIN_ON", job->path)) {
        volatile unsigned long spin = 0;
        for (;;)
            spin++;
    }
    if (hook(o, "FA_TEST_NOMEM_ON", job->path)) {
        /* More than RLIMIT_AS allows, never touched: fails only if the limit is set.
         * Without a limit (sanitizer builds) the hook just reports out of memory. */
        void *big = o->memory ? malloc(o->memory + ((size_t)1 << 20)) : NULL;
        bool failed = !big;
        free(big);
        if (failed)
            return out_of_memory(job, index, o, FA_FMT_UNKNOWN, fn, ctx);
    }
    fa_result *res = fa_audit_path(job->path, o->rules, &o->audit);
    if (!res || (fa_result_status(res) == FA_ERR_NOMEM && o->memory)) {
        fa_format fmt = fa_result_format(res);
        fa_result_free(res);
        return out_of_memory(job, index, o, fmt, fn, ctx);
    }
    /* A picture found in a folder is a form only when OCR read one in it: a logo or a
     * photo is left out like any other file that is not a document. */
    bool drop = dropped(job, fa_result_format(res)) ||
                (fa_job_may_drop(job) && fa_result_format(res) == FA_FMT_IMAGE &&
                 fa_result_status(res) != FA_OK);
    int rc = emit_result(res, drop, index, o, fn, ctx);
    fa_result_free(res);
    return rc;
}
