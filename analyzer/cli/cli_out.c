/* cli_out.c — where the frames of a batch go, as soon as they arrive: in a directory,
 * each report straight to its file (written atomically) and each document's summary to
 * the journal (index.jsonl, one line per finished document, flushed), the index made
 * from the summaries at the end (the journal is kept in document order too, so two runs
 * write the same directory); on standard output or in one file, the stream of
 * reports in the order of the documents (JSON inside one envelope), a document held
 * back only while one before it is still being audited. The parent keeps a summary per
 * document, never a report: a batch of 10,000 documents stays small.
 *
 * A document whose worker failed after sending some frames is sent again by the pool
 * (an error result): its summary frame starts it over. */
#include "cli_out.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { ST_PENDING = 0, ST_STARTED, ST_DONE };

static bool stream_format(const fa_out *o, fa_report_format f)
{
    return o->mode != FA_OUT_DIR && f == o->format;
}

/* Bytes for the stream: written at once when the document is next in order (or the
 * stream is in completion order), held back otherwise. */
static fa_status stream_put(fa_out *o, const char *s, size_t n)
{
    if (n && fwrite(s, 1, n, o->stream) != n)
        return FA_ERR_IO;
    return FA_OK;
}

/* The separator before the K-th document of the stream, and its report. */
static fa_status stream_doc(fa_out *o, const fa_buf *b)
{
    fa_status st = FA_OK;
    fa_buf sep = {0};
    if (o->format == FA_REPORT_JSON)
        st = fa_report_envelope_item(o->emitted, &sep);
    else if (o->format == FA_REPORT_TXT && o->emitted)
        st = fa_buf_puts(&sep, "\n");
    else if (o->format == FA_REPORT_SARIF && b->len) { /* results of the one run */
        if (o->sarif_any)
            st = fa_buf_putc(&sep, ',');
        o->sarif_any = true;
    }
    if (!st)
        st = stream_put(o, sep.data, sep.len);
    fa_buf_free(&sep);
    size_t n = b->len;
    if (o->format == FA_REPORT_JSON) /* the envelope puts its own line breaks */
        while (n && b->data[n - 1] == '\n')
            n--;
    if (!st)
        st = stream_put(o, b->data ? b->data : "", n);
    o->emitted++;
    return st;
}

/* What is said on stderr of a finished document, and its share of the exit code. */
static void doc_finished(fa_out *o, size_t k)
{
    fa_summary *s = &o->sum[k];
    if (s->dropped) {
        o->dropped++;
        return;
    }
    for (int v = FA_SEV_COUNT - 1; v >= 0; v--)
        if (s->counts.severity[v] > 0) {
            if (v > o->worst)
                o->worst = v;
            break;
        }
    if (s->status != FA_OK) {
        o->unreadable++;
        if (!o->quiet)
            fa_cli_warn("%s: %s (%s)", s->path, s->error ? s->error : "",
                        fa_status_code(s->status));
    }
}

static fa_status journal(fa_out *o, size_t k)
{
    if (!o->journal)
        return FA_OK;
    fa_summary *s = &o->sum[k];
    struct stat sb;
    if (stat(o->l->v[k].path, &sb) == 0) {
        s->size = (long long)sb.st_size;
        s->mtime = (long long)sb.st_mtime;
    }
    fa_buf b = {0};
    fa_status st = fa_summary_to_json(s, &b);
    if (!st && (fwrite(b.data, 1, b.len, o->journal) != b.len || fflush(o->journal) != 0))
        st = FA_ERR_IO;
    fa_buf_free(&b);
    return st;
}

/* Everything that is ready in document order: warnings, journal, stream output. */
static fa_status flush_ordered(fa_out *o)
{
    fa_status st = FA_OK;
    while (o->next < o->l->n && o->state[o->next] == ST_DONE) {
        size_t k = o->next++;
        doc_finished(o, k);
        if (!o->sum[k].dropped && !(o->skip && o->skip[k]) && journal(o, k) != FA_OK) {
            fa_cli_warn("%s/index.jsonl: %s", o->dir, strerror(errno));
            o->io_error = true;
        }
        if (o->pending && !o->sum[k].dropped && !(o->skip && o->skip[k]) &&
            (o->format != FA_REPORT_JSONL || o->ordered) && !st)
            st = stream_doc(o, &o->pending[k]);
        if (o->pending)
            fa_buf_free(&o->pending[k]);
    }
    return st;
}

static int report_frame(fa_out *o, size_t k, fa_report_format f, const char *data, size_t len)
{
    if (o->mode == FA_OUT_DIR) {
        if (!(o->formats & (1u << f)) || f == FA_REPORT_JSONL)
            return 0;
        fa_buf path = {0};
        fa_error err = {0};
        fa_status st =
            fa_buf_printf(&path, "%s/%s.%s", o->dir, o->l->v[k].report, fa_report_format_ext(f));
        if (!st)
            st = fa_write_file_atomic(path.data, data, len, &err);
        if (st) {
            fa_cli_warn("%s", err.message[0] ? err.message : fa_strerror(st));
            o->io_error = true;
        }
        fa_buf_free(&path);
        return 0;
    }
    if (!stream_format(o, f))
        return 0;
    if (o->format == FA_REPORT_JSONL && !o->ordered) { /* completion order: at once */
        if (stream_put(o, data, len) != FA_OK)
            return -1;
        return 0;
    }
    return fa_buf_append(&o->pending[k], data, len) == FA_OK ? 0 : -1;
}

int fa_out_frame(void *ctx, size_t k, char kind, unsigned char arg, const char *data, size_t len)
{
    fa_out *o = ctx;
    fa_error err = {0};
    switch (kind) {
    case 'S':
        /* first frame of a document, or of its error result after a failed worker */
        if (o->pending)
            fa_buf_free(&o->pending[k]);
        fa_summary_clear(&o->sum[k]);
        if (fa_summary_from_json(data, len, &o->sum[k], &err) != FA_OK) {
            fa_cli_warn("%s: %s", o->l->v[k].path, err.message);
            return -1;
        }
        o->sum[k].dropped = arg != 0;
        free(o->sum[k].report);
        o->sum[k].report = o->l->v[k].report ? fa_cli_strdup(o->l->v[k].report) : NULL;
        o->state[k] = ST_STARTED;
        return 0;
    case 'R':
        if (arg >= FA_REPORT_NFORMATS || o->state[k] != ST_STARTED)
            return -1;
        return report_frame(o, k, (fa_report_format)arg, data, len);
    case 'F':
        fa_cli_warn("%s: %s report: %.*s", o->l->v[k].path,
                    fa_report_format_ext((fa_report_format)(arg % FA_REPORT_NFORMATS)), (int)len,
                    data);
        o->io_error = true;
        return 0;
    case 'E':
        if (o->state[k] != ST_STARTED)
            return -1;
        o->state[k] = ST_DONE;
        if (o->format == FA_REPORT_JSONL && !o->ordered && o->pending)
            fa_buf_free(&o->pending[k]);
        return flush_ordered(o) == FA_OK ? 0 : -1;
    default:
        return -1;
    }
}

/* ---------------------------------------------------------------- resume */

/* The journal of an earlier run into the same directory: which documents are done
 * (same path, same size and modification time, every report asked present). */
static void resume_read(fa_out *o)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/index.jsonl", o->dir);
    FILE *f = fopen(path, "rb");
    if (!f)
        return;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    size_t reused = 0;
    while ((n = getline(&line, &cap, f)) > 0) {
        fa_summary s;
        fa_error err = {0};
        if (fa_summary_from_json(line, (size_t)n, &s, &err) != FA_OK)
            continue; /* a line cut by a kill: that document is audited again */
        for (size_t k = 0; k < o->l->n; k++) {
            const fa_job *j = &o->l->v[k];
            struct stat sb;
            char *shown = fa_mask_path(j->path); /* as the journal says it */
            bool same = shown && !strcmp(shown, s.path);
            free(shown);
            if (!same || stat(j->path, &sb) != 0 || s.size != (long long)sb.st_size ||
                s.mtime != (long long)sb.st_mtime)
                continue;
            bool all = true;
            for (int fm = 0; fm < FA_REPORT_NFORMATS && all && !s.dropped && j->report; fm++) {
                if (!(o->formats & (1u << fm)) || fm == FA_REPORT_JSONL)
                    continue;
                char rp[4096];
                snprintf(rp, sizeof rp, "%s/%s.%s", o->dir, j->report,
                         fa_report_format_ext((fa_report_format)fm));
                all = access(rp, F_OK) == 0;
            }
            if (!all)
                continue;
            reused += !o->skip[k];
            o->skip[k] = 1;
            fa_summary_clear(&o->sum[k]);
            o->sum[k] = s;
            free(o->sum[k].report);
            o->sum[k].report = j->report ? fa_cli_strdup(j->report) : NULL;
            o->state[k] = ST_DONE;
            memset(&s, 0, sizeof s);
            break;
        }
        fa_summary_clear(&s);
    }
    free(line);
    fclose(f);
    if (reused && !o->quiet)
        fa_cli_warn("--resume: %zu document%s already audited in %s", reused, reused > 1 ? "s" : "",
                    o->dir);
}

/* ---------------------------------------------------------------- life */

fa_status fa_out_open(fa_out *o, const fa_joblist *l, bool resume)
{
    o->l = l;
    o->worst = -1;
    size_t n = l->n ? l->n : 1;
    o->sum = calloc(n, sizeof *o->sum);
    o->state = calloc(n, 1);
    o->skip = calloc(n, 1);
    if (o->mode != FA_OUT_DIR)
        o->pending = calloc(n, sizeof *o->pending);
    if (!o->sum || !o->state || !o->skip || (o->mode != FA_OUT_DIR && !o->pending))
        return FA_ERR_NOMEM;
    for (size_t k = 0; k < l->n; k++)
        o->sum[k].size = o->sum[k].mtime = -1;
    if (o->mode == FA_OUT_DIR) {
        if (resume)
            resume_read(o);
        char path[4096];
        snprintf(path, sizeof path, "%s/index.jsonl", o->dir);
        o->journal = fopen(path, resume ? "ab" : "wb");
        if (!o->journal) {
            fa_cli_warn("%s: cannot write the journal: %s", path, strerror(errno));
            return FA_ERR_IO;
        }
        return FA_OK;
    }
    if (o->format == FA_REPORT_JSON || o->format == FA_REPORT_SARIF) {
        fa_buf head = {0};
        fa_status st = o->format == FA_REPORT_JSON ? fa_report_envelope_head(o->report, &head)
                                                   : fa_report_sarif_head(o->report, &head);
        if (!st)
            st = stream_put(o, head.data, head.len);
        fa_buf_free(&head);
        return st;
    }
    return FA_OK;
}

fa_status fa_out_close(fa_out *o)
{
    fa_status st = flush_ordered(o); /* documents resumed at the end of the list */
    if (o->dropped && !o->quiet)
        fa_cli_warn("%zu file%s skipped in folders: not a document", o->dropped,
                    o->dropped > 1 ? "s" : "");
    if (o->mode != FA_OUT_DIR) {
        if (!st && (o->format == FA_REPORT_JSON || o->format == FA_REPORT_SARIF)) {
            fa_buf tail = {0};
            st = o->format == FA_REPORT_JSON
                     ? fa_report_envelope_tail(o->emitted, &tail)
                     : fa_report_sarif_tail(o->sarif_any, o->sum, o->l->n, &tail);
            if (!st)
                st = stream_put(o, tail.data, tail.len);
            fa_buf_free(&tail);
        }
        return st;
    }
    if (o->journal && fclose(o->journal) != 0)
        st = FA_ERR_IO;
    o->journal = NULL;
    /* the index: kept documents, in the order of the run */
    fa_summary *kept = calloc(o->l->n ? o->l->n : 1, sizeof *kept);
    if (!kept)
        return FA_ERR_NOMEM;
    size_t nk = 0;
    for (size_t k = 0; k < o->l->n; k++)
        if (o->state[k] == ST_DONE && !o->sum[k].dropped)
            kept[nk++] = o->sum[k]; /* borrowed */
    fa_error err = {0};
    fa_status ist = fa_index_write(kept, nk, o->report, o->dir, &err);
    free(kept);
    if (ist != FA_OK) {
        fa_cli_warn("%s", err.message[0] ? err.message : fa_strerror(ist));
        st = ist;
    }
    return st;
}

void fa_out_free(fa_out *o)
{
    for (size_t k = 0; o->sum && k < o->l->n; k++)
        fa_summary_clear(&o->sum[k]);
    for (size_t k = 0; o->pending && k < o->l->n; k++)
        fa_buf_free(&o->pending[k]);
    if (o->journal)
        fclose(o->journal);
    free(o->sum);
    free(o->state);
    free(o->skip);
    free(o->pending);
}
