/* shapes.h — the drawn parts of a form found in a grey page image: boxes to tick, comb
 * boxes of one character each, lines to write on (solid, dashed or dotted) and the cells
 * of ruled grids and frames.
 *
 * It reads pixels only, so it serves every source of page images: the PDF reader gives
 * it a render of each page with the text painted out (a PDF's graphics are not exposed
 * by poppler-glib), and OCR of scanned pages can give it the scan. It depends on libc
 * alone and keeps no state: safe to call from several threads.
 *
 * Memory: fa_shapes_find fills OUT (a growable vector the caller owns and frees with
 * fa_shapes_free); nothing else is kept. */
#ifndef FA_SHAPES_H
#define FA_SHAPES_H

#include "formaudit.h"

#include <stdbool.h>
#include <stddef.h>

/* A grey image: 0 is black ink, 255 white paper. SCALE is pixels per point (1/72
 * inch), so that sizes can be judged in the page's own units. */
typedef struct fa_gray {
    const unsigned char *px;
    int w, h;
    size_t stride; /* bytes from one row to the next */
    double scale;
} fa_gray;

typedef enum fa_shape_kind {
    FA_SH_BOX = 0, /* a small square to tick (a drawn checkbox) */
    FA_SH_COMB,    /* a row of character cells: an identifier, a date */
    FA_SH_RULE,    /* a horizontal line to write on */
    FA_SH_CELL     /* a closed cell of a ruled grid, or a frame */
} fa_shape_kind;

#define FA_SHAPE_GROUPS 8

typedef struct fa_shape {
    fa_shape_kind kind;
    double x1, y1, x2, y2;                    /* bounding box in points, top-left origin */
    bool ticked;                              /* box: something is drawn inside */
    bool dotted;                              /* rule: drawn as dots or dashes */
    int cells;                                /* comb: number of character cells */
    int groups;                               /* comb: runs of adjacent cells ("jj mm aaaa": 3) */
    unsigned char group_len[FA_SHAPE_GROUPS]; /* comb: cells of each run (first 8) */
    int grid;                                 /* cell: which grid (1-based) on the image */
    int row, col;                             /* cell: place of its top-left corner in the grid */
    int rows, cols;                           /* cell: grid rows and columns it spans */
} fa_shape;

typedef struct fa_shapes {
    fa_shape *v;
    size_t n, alloc;
    int grids; /* grids and frames found */
} fa_shapes;

/* Find the shapes of IMG and append them to OUT, in no particular order. FA_OK,
 * FA_ERR_NOMEM, or FA_ERR_LIMIT when the image holds more ink runs than
 * FA_MAX_SHAPE_RUNS (a photograph, not a form: OUT is then left as it was). */
fa_status fa_shapes_find(const fa_gray *img, fa_shapes *out);

/* Free the vector of S (S itself is the caller's). Accepts NULL. */
void fa_shapes_free(fa_shapes *s);

#endif
