/* read_pdf_int.h — what the files of the PDF module share (read_pdf.c reads pages and
 * builds the document; read_pdf_gfx.c finds the page's drawn boxes and lines and writes
 * them into its text; read_pdf_xfa.c reads XFA forms). Internal to the module. */
#ifndef FA_READ_PDF_INT_H
#define FA_READ_PDF_INT_H

#include "model.h"
#include "shapes.h"

#include <glib.h>
#include <poppler.h>
#include <stdbool.h>
#include <stddef.h>

/* What poppler gives of one page: its text in reading order, a box per character and
 * each character's font size and weight; then the shapes drawn on it. Plain memory, so
 * that the helper thread can fill it from its own document. Owns every array. */
typedef struct ptext {
    gchar *text; /* never NULL once read */
    size_t len, n_chars;
    PopplerRectangle *rects; /* one per character, or NULL (no geometry: lines without boxes) */
    guint n_rects;
    float *size; /* n_chars font sizes and bold flags, NULL when out of memory */
    unsigned char *bold;
    fa_shapes shapes; /* drawn boxes, combs, rules and cells (points, top-left origin) */
    bool shapes_read; /* the page was rendered and searched (even if nothing was found) */
} ptext;

/* Free every array of T and zero it. */
void fa_pdf_ptext_free(ptext *t);

/* One visual line of a page. */
typedef struct pline {
    size_t b0, b1;         /* byte range in the page text */
    size_t c0, c1;         /* character index range */
    double x1, y1, x2, y2; /* bounding box of its visible glyphs (top-left origin) */
    bool has_box;
    double size; /* dominant font size */
    bool bold;   /* every glyph in a bold face */
} pline;

/* A rectangle in page space (points, top-left origin): an AcroForm widget. */
typedef struct prect {
    double x1, y1, x2, y2;
} prect;

/* Render PAGE, paint out the glyphs of T (its text must be read) and the N_W widget
 * rectangles WR (fields already: their frames are not shapes), and find the shapes
 * drawn on it into T->shapes. Nothing is found (and FA_OK returned) for a page too
 * large to render within FA_PDF_RENDER_PIXELS. FA_ERR_NOMEM, or FA_ERR_LIMIT when the
 * page holds too much ink to be a form (a photograph). */
fa_status fa_pdf_find_shapes(PopplerPage *page, ptext *t, const prect *wr, size_t n_w);

/* Write the shapes of T into its text, where a person sees them: a drawn box becomes
 * "☐" in the line it sits in (a symbol-font glyph drawn as a box is replaced by it), a
 * comb or a line to write on becomes a leader ("__/__/____", "______"), an empty cell
 * of a ruled grid a leader in its row; shapes beside no text make lines of their own,
 * placed in reading order before the first line below them. Shapes that overlap one of
 * the N_W rectangles of W (AcroForm widgets) are left out: the widget is the field.
 * T's text and arrays are replaced (same ownership). FA_OK or FA_ERR_NOMEM (then T is
 * unchanged). */
fa_status fa_pdf_apply_shapes(ptext *t, const prect *w, size_t n_w);

/* A field of an XFA template (read_pdf_xfa.c). Owns its strings. */
typedef struct pxfa_field {
    fa_control_kind kind;
    char *name;    /* name= (technical), or NULL */
    char *caption; /* the text printed with it, or NULL */
    char *tooltip; /* <assist><toolTip>, or NULL */
    char **items;  /* choice items, radio group buttons */
    size_t n_items;
} pxfa_field;

/* The fields of a document's XFA form. */
typedef struct pxfa {
    bool present;  /* the document has an /AcroForm /XFA */
    pxfa_field *v; /* fillable fields, in template order */
    size_t n, alloc;
    size_t closed; /* fields a person cannot fill: protected, hidden, buttons */
} pxfa;

/* Read the XFA template of the PDF in DATA (libqpdf, libxml2). FA_OK with
 * OUT->present false when there is no XFA; FA_ERR_CORRUPT when there is one that
 * cannot be read (OUT->present true then); FA_ERR_NOMEM. OUT is the caller's, freed
 * with fa_pdf_xfa_free in every case. */
fa_status fa_pdf_xfa_read(const void *data, size_t size, pxfa *out);
void fa_pdf_xfa_free(pxfa *x);

/* Split the page text T into visual lines (malloc'd array, *N_OUT of them); *VIS is
 * increased by the number of visible characters. NULL when out of memory. */
pline *fa_pdf_page_lines(const ptext *t, size_t *n_out, size_t *vis);

#endif
