/* model.h — the document model: one tree for every format.
 *
 * A document is a tree of block nodes (headings, paragraphs, list items, tables,
 * page breaks). Tables hold rows, rows hold cells, cells hold blocks. Form controls are
 * CONTROL nodes: inline (child of a paragraph/heading/list item, anchored at a byte
 * offset of its text) or block-level (child of the document or of a cell) when the
 * format gives no paragraph to anchor them in. Every node records where it came from.
 *
 * Memory: the fa_doc owns every node, control and string reachable from it; they all
 * live until fa_doc_free(). Readers build the tree with the fa_doc_* / fa_node_*
 * builders below and never free nodes themselves.
 */
#ifndef FA_MODEL_H
#define FA_MODEL_H

#include "formaudit.h"
#include "util.h"
#include <stdbool.h>
#include <stddef.h>

typedef enum fa_node_type {
    FA_N_DOCUMENT = 0,
    FA_N_HEADING,   /* text, level (1 = title/h1) */
    FA_N_PARAGRAPH, /* text, inline CONTROL children */
    FA_N_LIST_ITEM, /* text, level (nesting, 1-based), inline CONTROL children */
    FA_N_TABLE,     /* ROW children */
    FA_N_ROW,       /* CELL children */
    FA_N_CELL,      /* block children; rowspan/colspan */
    FA_N_CONTROL,   /* ctl */
    FA_N_PAGE_BREAK /* page boundary: loc.page is the page that starts here */
} fa_node_type;

/* Node flags. */
enum {
    FA_NF_HIDDEN = 1u << 0,     /* hidden text, tracked deletion: not visible to a reader */
    FA_NF_COMMENT = 1u << 1,    /* reviewer comment (DOCX comments, ODT annotations) */
    FA_NF_HEADER = 1u << 2,     /* page header or footer furniture */
    FA_NF_NOTE = 1u << 3,       /* footnote / endnote */
    FA_NF_SMALL = 1u << 4,      /* small print (HTML <small>, font < 9 pt) */
    FA_NF_BOLD = 1u << 5,       /* whole paragraph bold (often a label or heading) */
    FA_NF_HEADER_ROW = 1u << 6, /* table row marked as header (w:tblHeader, <th>, thead) */
    FA_NF_TEXTBOX = 1u << 7,    /* text box / frame content */
    FA_NF_CONCEALED = 1u << 8   /* with FA_NF_HIDDEN: part of the form a page does not show
                                   (HTML hidden input, `hidden`, display:none) whose controls
                                   still collect data: field detection reads it, its fields
                                   are hidden ones (node flags) */
};

typedef enum fa_control_kind {
    FA_CTL_TEXT = 0,
    FA_CTL_MULTILINE,
    FA_CTL_CHECKBOX,
    FA_CTL_RADIO,
    FA_CTL_CHOICE, /* drop-down, list box, combo box */
    FA_CTL_DATE,
    FA_CTL_SIGNATURE,
    FA_CTL_BUTTON,
    FA_CTL_OTHER
} fa_control_kind;

const char *fa_control_kind_name(fa_control_kind k); /* "text", "checkbox"... */

/* Where a node came from, so a report can say "page 2, table 1, row 4".
 * Numbers are 1-based; 0 means unknown / not applicable. */
typedef struct fa_loc {
    int page;         /* page number (PDF; explicit page breaks elsewhere) */
    int paragraph;    /* index of the block in document order (headings, paragraphs, items) */
    int table;        /* table number in document order */
    int row;          /* row in that table */
    int cell;         /* cell in that row */
    int line;         /* line in the source (TXT; XML line where known) */
    const char *part; /* zip part or section, e.g. "word/document.xml"; borrowed, static
                         or owned by the doc */
} fa_loc;

typedef struct fa_control {
    fa_control_kind kind;
    char *name;     /* technical name (w:tag, form:name, /T, name=) or NULL */
    char *label;    /* visible label given by the format (<label>, w:alias, ODF label,
                       /TU tooltip) or NULL; field detection looks further */
    char *tooltip;  /* /TU, title=, aria-label, placeholder, w:tag when distinct */
    char **options; /* option texts (choice, radio group); n_options of them */
    size_t n_options;
    char *value;    /* current value (text, selected option) or NULL */
    int checked;    /* checkbox/radio: 1 checked, 0 not, -1 unknown */
    int group;      /* radio/checkbox group id shared by the buttons of one group, 0 none */
    double rect[4]; /* PDF widget rectangle x1,y1,x2,y2 in page space (top-left origin) */
    bool has_rect;
} fa_control;

typedef struct fa_node fa_node;
struct fa_node {
    fa_node_type type;
    fa_node *parent, *first, *last, *next, *prev;
    char *text; /* heading/paragraph/list item text, UTF-8, NUL-terminated, never
                   NULL for those types ("" when empty) */
    size_t len;
    size_t alloc;
    int level;      /* heading level; list nesting level */
    unsigned flags; /* FA_NF_* */
    fa_loc loc;
    int rowspan, colspan; /* cells: 1 by default. rowspan 0 marks a covered cell: the
                             continuation of a vertically merged cell above (DOCX
                             w:vMerge continue, ODF table:covered-table-cell); it has
                             no content of its own and is not a blank cell to fill.
                             Horizontally covered cells are not created (colspan says
                             how many grid columns the cell takes). */
    size_t offset;        /* CONTROL inline: byte offset in the parent's text where it sits */
    fa_control *ctl;      /* CONTROL only */
};

/* A list of page numbers written as runs ("1-3, 7"), bounded: "..." when full. */
typedef struct fa_pagelist {
    char text[96];
    int last, run_start; /* last page listed and the first page of its run */
    int count;
    bool full;
} fa_pagelist;

/* Add PAGE (in increasing order) to L. */
void fa_pagelist_add(fa_pagelist *l, int page);

/* What OCR read of a document (ocr.c), for its warning and the reports. */
typedef struct fa_doc_ocr {
    fa_pagelist read;     /* pages read by OCR */
    fa_pagelist unread;   /* scanned pages OCR could not read (budget, limit, failure) */
    char unread_why[200]; /* the first reason */
    size_t words, uncertain;
    double conf_sum; /* sum of the word confidences */
    double cpu;      /* CPU seconds spent in OCR */
    double start;    /* monotonic time of the first page OCR'd, 0 before */
    int cut;         /* pages stopped by the per-page deadline */
} fa_doc_ocr;

typedef struct fa_meta {
    char *title, *subject, *author, *creator, *producer, *created, *modified;
    char *last_modified_by;
} fa_meta;

struct fa_doc {
    char *path;      /* as given */
    char sha256[65]; /* of the file's bytes (hex) */
    size_t size;     /* file size in bytes */
    fa_format format;
    fa_node *root; /* FA_N_DOCUMENT */
    fa_meta meta;
    int pages;          /* number of pages when known (PDF), else 0 */
    bool no_text_layer; /* PDF whose pages have no text (scanned) */
    bool encrypted;     /* opened although encrypted (e.g. PDF with empty user password) */
    fa_strvec warnings; /* non-fatal problems met while reading ("truncated paragraph") */
    fa_doc_ocr ocr;     /* pages read by OCR, and how well */
    size_t n_nodes;
    size_t text_bytes;
    int next_paragraph; /* counters the builders keep for fa_loc */
    int next_table;
    /* private: arena of nodes and strings */
    void *arena;
};

/* ---- builders (readers) */

/* A new empty document for PATH. NULL when out of memory. */
fa_doc *fa_doc_new(const char *path, fa_format fmt);

/* A new node owned by DOC, not yet attached. NULL when out of memory or when
 * FA_MAX_NODES is reached (check fa_doc_limit_hit()). Text nodes start with "". */
fa_node *fa_node_new(fa_doc *doc, fa_node_type type);
/* Attach CHILD as last child of PARENT. */
void fa_node_append(fa_node *parent, fa_node *child);
/* Detach N from its parent (N stays owned by the doc). */
void fa_node_unlink(fa_node *n);

/* Append text to a text node, cleaning invalid UTF-8 / NULs (see fa_utf8_clean).
 * Truncates at FA_MAX_PARAGRAPH, and drops text past FA_MAX_TEXT for the document,
 * with a warning naming the limit. */
fa_status fa_node_append_text(fa_doc *doc, fa_node *n, const char *s, size_t len);
/* Squeeze white space of a text node's text (after the reader finished it). Control
 * offsets of inline children are remapped. */
void fa_node_squeeze(fa_node *n);

/* A new control node of KIND, attached inline to PARA (at the current end of its
 * text) when PARA is a text node, or as a block child otherwise. */
fa_node *fa_doc_add_control(fa_doc *doc, fa_node *para, fa_control_kind kind);
/* FA_ERR_LIMIT past FA_MAX_OPTIONS (with a warning naming the limit). */
fa_status fa_control_add_option(fa_doc *doc, fa_control *c, const char *s, size_t len);

/* Strings owned by the doc (freed with it). Cleaned to valid UTF-8 and squeezed. */
char *fa_doc_strdup(fa_doc *doc, const char *s);
char *fa_doc_strndup(fa_doc *doc, const char *s, size_t n);

/* Add a warning (copied). Warnings are printed in reports ("warnings" of the JSON
 * document object): a limit of fa_limits.h that cuts content says so there, naming
 * itself ("(limit FA_MAX_OPTIONS)"). */
void fa_doc_warn(fa_doc *doc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same from the audit stages, which get the document read-only (fields, rules): a
 * limit they reach is the document's to report. The warnings are the one part of a
 * document an audit writes to; two audits of one document must then not run at once. */
void fa_doc_warn_limit(const fa_doc *doc, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* N with thousands separators ("20,000") into BUF, returned: the numbers of warnings
 * stay clear of the identifier masking of reports (six digits in a row are masked). */
const char *fa_count_str(char *buf, size_t cap, size_t n);

/* Copy every block of SRC (its root's children, with their text, controls and
 * flags, FLAGS added) to the end of PARENT, a node of DST: a document embedded in
 * another (DOCX altChunk) is read apart, then placed where it shows. Strings are
 * copied into DST; SRC is left as it was. FA_ERR_NOMEM, or FA_OK (nodes past
 * FA_MAX_NODES are dropped as everywhere). */
fa_status fa_doc_graft(fa_doc *dst, fa_node *parent, const fa_doc *src, unsigned flags);

/* Assign loc.paragraph / table / row / cell numbers in document order and set each
 * block's loc.page from the page breaks before it. Readers call it once at the end. */
void fa_doc_finish(fa_doc *doc);

/* Text laid out from positions on pages (a PDF text layer, OCR of a page image) rather
 * than written as paragraphs: field detection guesses lines and labels the same way. */
static inline bool fa_doc_laid_out(const fa_doc *doc)
{
    return doc->format == FA_FMT_PDF || doc->format == FA_FMT_IMAGE;
}

/* ---- walking: one iterator, enter/exit events (as cmark) */

typedef enum fa_event { FA_EV_NONE = 0, FA_EV_ENTER, FA_EV_EXIT, FA_EV_DONE } fa_event;

typedef struct fa_iter {
    const fa_node *root;
    const fa_node *cur;
    fa_event ev;
} fa_iter;

void fa_iter_init(fa_iter *it, const fa_node *root);
/* Next event; *node receives the node. Every node gets ENTER, then its children's
 * events, then EXIT, so renderers can open and close. Returns FA_EV_DONE at the end. */
fa_event fa_iter_next(fa_iter *it, const fa_node **node);

/* Helpers for detection. */
bool fa_node_is_text(const fa_node *n); /* heading, paragraph, list item */
/* Text of a cell (all its text blocks joined with " "), malloc'd. */
char *fa_cell_text(const fa_node *cell);
/* True when the cell has no visible text and no control. */
bool fa_cell_blank(const fa_node *cell);

#endif
