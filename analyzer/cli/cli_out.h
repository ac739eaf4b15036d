/* cli_out.h — where the frames of a batch go (cli_out.c): report files and the journal
 * of an output directory, or one stream (standard output, one file) in document order.
 * Ownership: a fa_out borrows the job list and the report options; fa_out_free
 * releases what it allocated. */
#ifndef FA_CLI_OUT_H
#define FA_CLI_OUT_H

#include "cli.h"

#include <stdio.h>

typedef enum fa_out_mode { FA_OUT_STDOUT, FA_OUT_FILE, FA_OUT_DIR } fa_out_mode;

typedef struct fa_out {
    /* set by the caller before fa_out_open */
    fa_out_mode mode;
    const char *dir;         /* FA_OUT_DIR */
    FILE *stream;            /* otherwise: standard output, or the temporary file */
    unsigned formats;        /* FA_OUT_DIR: bit 1 << fa_report_format */
    fa_report_format format; /* the stream's format */
    bool ordered;            /* JSON Lines in document order (else completion order) */
    bool quiet;
    const fa_report_opts *report;
    /* state */
    const fa_joblist *l;
    fa_summary *sum;      /* per job */
    unsigned char *state; /* per job: pending, started, done */
    unsigned char *skip;  /* per job: already done by an earlier run (--resume) */
    fa_buf *pending;      /* per job: stream bytes held back for document order */
    size_t next;          /* the first job not yet flushed in order */
    size_t emitted;       /* documents written to the stream */
    bool sarif_any;       /* SARIF stream: a result was written (',' before the next) */
    FILE *journal;        /* DIR/index.jsonl */
    int worst;            /* highest severity seen, -1 none */
    size_t dropped, unreadable;
    bool io_error;
} fa_out;

/* Start: the stream's head, or the journal (reading an earlier one first when
 * RESUME: documents it lists as done get their skip bit). */
fa_status fa_out_open(fa_out *o, const fa_joblist *l, bool resume);
/* fa_frame_fn: one frame of document K. */
int fa_out_frame(void *ctx, size_t k, char kind, unsigned char arg, const char *data, size_t len);
/* Finish: the stream's tail, or the index of the directory. */
fa_status fa_out_close(fa_out *o);
void fa_out_free(fa_out *o);

#endif
