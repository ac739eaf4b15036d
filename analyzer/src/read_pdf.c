/* read_pdf.c — the PDF reader (poppler-glib, from memory, no network).
 *
 * A PDF has no paragraphs, only glyphs at positions. poppler gives each page's text in
 * reading order, one visual line per '\n', with a rectangle per character; each visual
 * line becomes one paragraph (on a form, a line is a label, a question or an option).
 * Lines set clearly larger than the body text become headings, ranked by size; small
 * print is flagged. A FA_N_PAGE_BREAK node separates pages.
 *
 * AcroForm widgets are placed where a person sees them: inside the line whose vertical
 * extent overlaps the widget, at the byte offset matching its x position, so "Nom :"
 * printed to its left stays just before it. A widget beside no text gets a paragraph of
 * its own at its height in reading order. A widget without a tooltip (/TU) gets as label
 * the nearest text: to its right for boxes ("☐ Oui"), else to its left on the same
 * line, else the line just above.
 *
 * Errors: a password-protected file is FA_ERR_ENCRYPTED, a damaged one FA_ERR_CORRUPT
 * with poppler's message, a file whose pages carry no text and no field at all (a scan)
 * FA_ERR_NO_TEXT. poppler's diagnostics are routed away from stderr where glib lets us.
 *
 * Speed: poppler's text layout is nearly all of the time; with a core to spare, a
 * helper thread lays out every other page from a second document (see helper_run). */
#include "fa_limits.h"
#include "read.h"
#include "read_pdf_int.h"
#include "read_pdf_module.h"

#include <cairo.h>
#include <glib.h>
#include <math.h>
#include <poppler.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* This file is also built as formaudit-pdf.so (see read_pdf_module.h): it reaches the
 * core's builders only through the host table given to fa_pdf_module_entry, under
 * their usual names. */
static const fa_pdf_host *host;
#define fa_node_new(...) host->node_new(__VA_ARGS__)
#define fa_node_append(...) host->node_append(__VA_ARGS__)
#define fa_node_append_text(...) host->node_append_text(__VA_ARGS__)
#define fa_node_squeeze(...) host->node_squeeze(__VA_ARGS__)
#define fa_doc_add_control(...) host->doc_add_control(__VA_ARGS__)
#define fa_control_add_option(...) host->control_add_option(__VA_ARGS__)
#define fa_doc_strdup(...) host->doc_strdup(__VA_ARGS__)
#define fa_doc_warn(...) host->doc_warn(__VA_ARGS__)
#define fa_doc_finish(...) host->doc_finish(__VA_ARGS__)
#define fa_error_set(...) host->error_set(__VA_ARGS__)
#define fa_utf8_clean(...) host->utf8_clean(__VA_ARGS__)
#define fa_str_squeeze(...) host->str_squeeze(__VA_ARGS__)
#define fa_str_blank(...) host->str_blank(__VA_ARGS__)

/* Next UTF-8 character (glib's g_utf8_next_char casts const away). */
static const char *u8next(const char *p)
{
    return p + g_utf8_skip[*(const unsigned char *)p];
}

/* One widget of a page, before it is placed. */
typedef struct pwidget {
    fa_control_kind kind;
    double x1, y1, x2, y2; /* top-left origin */
    PopplerFormField *field;
    int line;      /* index of the line it sits in, or -1 */
    size_t offset; /* byte offset in that line's text */
    int cell;      /* index in the page's shapes of the grid cell holding it, or -1 */
    bool placed;
} pwidget;

/* What heading detection needs to know of every line, across the document. */
typedef struct lineinfo {
    fa_node *node;
    double size;
    bool bold;
    size_t nchars;
    bool has_control;
} lineinfo;

typedef struct pctx {
    fa_doc *doc;
    GHashTable *groups; /* field name -> radio/checkbox group id */
    int next_group;
    lineinfo *info;
    size_t n_info, alloc_info;
    size_t visible_chars;
    size_t n_widgets;
    int gfx_skipped;         /* pages whose graphics were not searched (too much ink) */
    const pwidget *page_ws;  /* widgets of the page being read */
    const int *page_cell_of; /* its lines' grid cells (ppage.cell_of), or NULL */
    const ptext *page_t;     /* its text and glyph boxes */
    size_t page_nws;
} pctx;

static void quiet_log(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer data)
{
    (void)domain;
    (void)level;
    (void)msg;
    (void)data;
}

/* poppler-glib reports through glib's log under the "Poppler" domain: keep it off
 * stderr, a library does not print. Installed once per process. */
static void silence_poppler(void)
{
    static gsize once = 0;
    if (g_once_init_enter(&once)) {
        g_log_set_handler(
            "Poppler", (GLogLevelFlags)(G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION),
            quiet_log, NULL);
        g_once_init_leave(&once, 1);
    }
}

static char *iso_date(fa_doc *doc, GDateTime *dt)
{
    if (!dt)
        return NULL;
    gchar *s = g_date_time_format_iso8601(dt);
    char *r = fa_doc_strdup(doc, s);
    g_free(s);
    g_date_time_unref(dt);
    return r;
}

static char *take(fa_doc *doc, gchar *s)
{
    char *r = s && *s ? fa_doc_strdup(doc, s) : NULL;
    g_free(s);
    return r;
}

static void read_meta(fa_doc *doc, PopplerDocument *pd)
{
    doc->meta.title = take(doc, poppler_document_get_title(pd));
    doc->meta.subject = take(doc, poppler_document_get_subject(pd));
    doc->meta.author = take(doc, poppler_document_get_author(pd));
    doc->meta.creator = take(doc, poppler_document_get_creator(pd));
    doc->meta.producer = take(doc, poppler_document_get_producer(pd));
    doc->meta.created = iso_date(doc, poppler_document_get_creation_date_time(pd));
    doc->meta.modified = iso_date(doc, poppler_document_get_modification_date_time(pd));
}

static bool bold_font(const char *name)
{
    if (!name)
        return false;
    char *l = g_ascii_strdown(name, -1);
    bool b = strstr(l, "bold") || strstr(l, "black") || strstr(l, "heavy") ||
             strstr(l, "semibold") || strstr(l, "demi") || strstr(l, ",bd");
    g_free(l);
    return b;
}

static int group_of(pctx *x, const char *name)
{
    if (!name || !*name)
        return 0;
    gpointer v = g_hash_table_lookup(x->groups, name);
    if (v)
        return GPOINTER_TO_INT(v);
    int g = ++x->next_group;
    g_hash_table_insert(x->groups, g_strdup(name), GINT_TO_POINTER(g));
    return g;
}

static fa_control_kind kind_of(PopplerFormField *f)
{
    switch (poppler_form_field_get_field_type(f)) {
    case POPPLER_FORM_FIELD_BUTTON:
        switch (poppler_form_field_button_get_button_type(f)) {
        case POPPLER_FORM_BUTTON_CHECK:
            return FA_CTL_CHECKBOX;
        case POPPLER_FORM_BUTTON_RADIO:
            return FA_CTL_RADIO;
        default:
            return FA_CTL_BUTTON;
        }
    case POPPLER_FORM_FIELD_TEXT:
        switch (poppler_form_field_text_get_text_type(f)) {
        case POPPLER_FORM_TEXT_MULTILINE:
            return FA_CTL_MULTILINE;
        case POPPLER_FORM_TEXT_FILE_SELECT:
            return FA_CTL_OTHER;
        default:
            return FA_CTL_TEXT;
        }
    case POPPLER_FORM_FIELD_CHOICE:
        return FA_CTL_CHOICE;
    case POPPLER_FORM_FIELD_SIGNATURE:
        return FA_CTL_SIGNATURE;
    default:
        return FA_CTL_OTHER;
    }
}

/* Trim spaces and fill-in leaders ("____", "....", "…", ':') at both ends of a label
 * candidate; NULL when nothing readable is left. malloc'd. */
static char *clean_label(const char *s, size_t n)
{
    if (n > 300)
        s += n - 300, n = 300; /* nearest text only */
    char *c = fa_utf8_clean(s, n);
    if (!c)
        return NULL;
    fa_str_squeeze(c);
    size_t a = 0, e = strlen(c);
    for (;;) {
        if (e > a && strchr(" _.:*\t", c[e - 1]))
            e--;
        else if (e >= a + 3 && !memcmp(c + e - 3, "\xE2\x80\xA6", 3))
            e -= 3;
        else
            break;
    }
    for (;;) {
        if (a < e && strchr(" _.:*\t", c[a]))
            a++;
        else if (a + 3 <= e && !memcmp(c + a, "\xE2\x80\xA6", 3))
            a += 3;
        else
            break;
    }
    /* a box glyph left of an option's text is not part of the label */
    static const char *const BOX[] = {"\xE2\x98\x90",
                                      "\xE2\x98\x91",
                                      "\xE2\x98\x92",
                                      "\xE2\x96\xA1",
                                      "\xE2\x96\xA0",
                                      "\xEF\x82\xA8",
                                      NULL};
    for (int i = 0; BOX[i]; i++)
        if (e - a >= 3 && !memcmp(c + a, BOX[i], 3)) {
            a += 3;
            while (a < e && c[a] == ' ')
                a++;
        }
    memmove(c, c + a, e - a);
    c[e - a] = '\0';
    if (!*c) {
        free(c);
        return NULL;
    }
    return c;
}

/* A unit written after a blank ("Poids ____ kg", "Montant ____ €"): what the answer is
 * counted in, never what it is. */
static bool unit_text(const char *s)
{
    static const char *const units[] = {
        "€",      "euros",      "euro",     "eur",      "kg", "g",   "cm",     "mm",
        "m",      "km",         "m²",       "m2",       "%",  "ans", "an",     "mois",
        "jours",  "jour",       "heures",   "heure",    "h",  "min", "mètres", "metres",
        "€/mois", "€ par mois", "par mois", "semaines", NULL};
    if (!s)
        return false;
    for (int i = 0; units[i]; i++)
        if (!g_ascii_strcasecmp(s, units[i]) || !strcmp(s, units[i]))
            return true;
    return false;
}

/* Fill a control from its poppler field. */
static void fill_control(pctx *x, fa_control *c, PopplerFormField *f)
{
    fa_doc *doc = x->doc;
    gchar *name = poppler_form_field_get_name(f);
    if (!name || !*name) {
        g_free(name);
        name = poppler_form_field_get_partial_name(f);
    }
    c->name = name && *name ? fa_doc_strdup(doc, name) : NULL;
    gchar *tu = poppler_form_field_get_alternate_ui_name(f);
    if (tu && *tu) {
        c->tooltip = fa_doc_strdup(doc, tu);
        /* a tooltip names the field, unless it only gives its unit ("kg"): then the
         * printed text beside the widget does */
        if (!unit_text(c->tooltip))
            c->label = c->tooltip;
    }
    g_free(tu);
    if (c->kind == FA_CTL_CHECKBOX || c->kind == FA_CTL_RADIO) {
        c->checked = poppler_form_field_button_get_state(f) ? 1 : 0;
        c->group = group_of(x, name);
    } else if (c->kind == FA_CTL_TEXT || c->kind == FA_CTL_MULTILINE) {
        gchar *v = poppler_form_field_text_get_text(f);
        if (v && !fa_str_blank(v))
            c->value = fa_doc_strdup(doc, v);
        g_free(v);
    } else if (c->kind == FA_CTL_CHOICE) {
        gint n = poppler_form_field_choice_get_n_items(f);
        for (gint i = 0; i < n && i <= FA_MAX_OPTIONS; i++) { /* one past: warned */
            gchar *it = poppler_form_field_choice_get_item(f, i);
            if (it && *it) {
                fa_control_add_option(doc, c, it, strlen(it));
                if (!c->value && poppler_form_field_choice_is_item_selected(f, i))
                    c->value = fa_doc_strdup(doc, it);
            }
            g_free(it);
        }
        if (!c->value && poppler_form_field_choice_is_editable(f)) {
            gchar *v = poppler_form_field_choice_get_text(f);
            if (v && !fa_str_blank(v))
                c->value = fa_doc_strdup(doc, v);
            g_free(v);
        }
    }
    g_free(name);
}

static void note_line(pctx *x, fa_node *n, const pline *l, bool has_control)
{
    if (x->n_info == x->alloc_info) {
        size_t na = x->alloc_info ? x->alloc_info * 2 : 256;
        lineinfo *p = realloc(x->info, na * sizeof *p);
        if (!p)
            return;
        x->info = p;
        x->alloc_info = na;
    }
    x->info[x->n_info++] = (lineinfo){.node = n,
                                      .size = l ? l->size : 0,
                                      .bold = l && l->bold,
                                      .nchars = l ? l->c1 - l->c0 : 0,
                                      .has_control = has_control};
}

/* The label of an unlabelled widget from the text around it. */
/* Text of the segment just right of a box on its row ("☐ Oui" drawn as a box widget
 * and a separate text object), up to the next widget. */
static size_t offset_at_x(const char *text, const pline *l, const PopplerRectangle *rects,
                          guint n_rects, double x);

static char *right_segment(const ptext *page_t, const pline *lines, size_t n_lines,
                           const int *cell_of, const pwidget *w, const pwidget *ws, size_t n_w)
{
    const char *text = page_t->text;
    int bi = -1;
    double best = 40; /* points: an option's text sits right by its box */
    for (size_t i = 0; i < n_lines; i++) {
        const pline *l = &lines[i];
        double h = fmin(l->y2 - l->y1, w->y2 - w->y1);
        if (!l->has_box || fmin(l->y2, w->y2) - fmax(l->y1, w->y1) < 0.3 * h ||
            (cell_of && cell_of[i] != w->cell))
            continue;
        double dx = l->x1 - w->x2;
        if (dx > -2 && dx < best) {
            best = dx;
            bi = (int)i;
        }
    }
    if (bi < 0)
        return NULL;
    const pline *l = &lines[bi];
    double stop = l->x2 + 1;
    for (size_t i = 0; i < n_w; i++)
        if (&ws[i] != w && ws[i].x1 > w->x2 && ws[i].x1 < stop &&
            fmin(ws[i].y2, w->y2) - fmax(ws[i].y1, w->y1) > 0)
            stop = ws[i].x1;
    /* the line's text up to the next widget, by its glyphs' places, never cutting a
     * word ("dans le dép" is no label) */
    size_t n = l->b1 - l->b0;
    if (stop <= l->x2 && page_t->rects)
        n = offset_at_x(text, l, page_t->rects, page_t->n_rects, stop);
    else if (stop <= l->x2 && l->x2 > l->x1)
        n = (size_t)((double)n * (stop - l->x1) / (l->x2 - l->x1));
    while (n < l->b1 - l->b0 && ((unsigned char)text[l->b0 + n] & 0xC0) == 0x80)
        n++; /* never cut inside a character */
    if (n < l->b1 - l->b0 && text[l->b0 + n] != ' ')
        while (n > 0 && text[l->b0 + n - 1] != ' ')
            n--; /* the word cut goes with the next widget */
    return clean_label(text + l->b0, n);
}

/* The label of a widget whose own line gives none: the nearest text to its left on its
 * row (a label column read by poppler as a line of its own), passing over units and
 * other widgets' option words. */
static char *left_segment(const char *text, const pline *lines, size_t n_lines, const int *cell_of,
                          const pwidget *w)
{
    double limit = 1e9; /* right end of the last segment passed over */
    for (int tries = 0; tries < 8; tries++) {
        int bi = -1;
        double best = -1e9;
        for (size_t i = 0; i < n_lines; i++) {
            const pline *l = &lines[i];
            double h = fmin(l->y2 - l->y1, w->y2 - w->y1);
            if (!l->has_box || fmin(l->y2, w->y2) - fmax(l->y1, w->y1) < 0.3 * h ||
                l->x2 > w->x1 + 2 || l->x2 >= limit || (cell_of && cell_of[i] != w->cell))
                continue;
            if (l->x2 > best) {
                best = l->x2;
                bi = (int)i;
            }
        }
        if (bi < 0)
            return NULL;
        char *lab = clean_label(text + lines[bi].b0, lines[bi].b1 - lines[bi].b0);
        if (lab && !unit_text(lab) && strlen(lab) > 3)
            return lab;
        free(lab);
        limit = lines[bi].x2 - 1;
    }
    return NULL;
}

/* Text beside a text widget that cannot name it: a unit, or the words of the yes/no
 * boxes next to it ("oui non", read "ouinon" when set close). */
static bool not_a_label(const char *s)
{
    if (unit_text(s))
        return true;
    char *f = g_utf8_casefold(s, -1);
    gchar *n = g_strdelimit(f, " /-", ' ');
    bool r = !strcmp(n, "oui") || !strcmp(n, "non") || !strcmp(n, "ouinon") ||
             !strcmp(n, "oui non") || !strcmp(n, "non oui");
    g_free(f);
    return r;
}

/* Line L (index LI) starts with a word and ends with a box widget: "oui ☐ non ☐". */
static bool text_then_box(const char *text, const pline *l, int li, const pwidget *ws, size_t n_w)
{
    size_t len = l->b1 - l->b0, start = 0;
    while (len > 0 && text[l->b0 + len - 1] == ' ')
        len--;
    while (start < len && text[l->b0 + start] == ' ')
        start++;
    bool lead = false, tail = false;
    for (size_t i = 0; i < n_w; i++) {
        if (ws[i].line != li || (ws[i].kind != FA_CTL_CHECKBOX && ws[i].kind != FA_CTL_RADIO))
            continue;
        lead |= ws[i].offset <= start;
        tail |= ws[i].offset >= len;
    }
    return tail && !lead && start < len;
}

static char *nearby_label(const ptext *page_t, const pline *lines, size_t n_lines,
                          const int *cell_of, pwidget *w, size_t seg0, size_t seg1,
                          const pwidget *ws, size_t n_w)
{
    const char *text = page_t->text;
    char *lab = NULL;
    if (w->line >= 0) {
        const pline *l = &lines[w->line];
        bool box = w->kind == FA_CTL_CHECKBOX || w->kind == FA_CTL_RADIO;
        /* seg0..seg1: the text between the previous and the next widget of the line.
         * A box's option is written after it ("☐ Oui"), unless the line puts its
         * boxes after their words ("oui ☐ non ☐": it ends with a box, starts with a
         * word) */
        if (box && text_then_box(text, l, w->line, ws, n_w)) {
            /* the option word just before the box; a label ("Mode de transport :")
             * is not an option */
            size_t k = w->offset;
            while (k > seg0 && text[l->b0 + k - 1] == ' ')
                k--;
            char last = k > seg0 ? text[l->b0 + k - 1] : 0;
            lab = last == ':' || last == '?' ? NULL
                                             : clean_label(text + l->b0 + seg0, w->offset - seg0);
            if (lab && strchr(lab, ' ') && strchr(strchr(lab, ' ') + 1, ' ')) {
                free(lab); /* three words or more: a sentence, not an option */
                lab = NULL;
            }
        }
        if (!lab && box)
            lab = clean_label(text + l->b0 + w->offset, seg1 - w->offset);
        if (!lab && box)
            lab = right_segment(page_t, lines, n_lines, cell_of, w, ws, n_w);
        if (!lab)
            lab = clean_label(text + l->b0 + seg0, w->offset - seg0);
        if (!lab && !box)
            lab = clean_label(text + l->b0 + w->offset, seg1 - w->offset);
        if (lab && !box && not_a_label(lab)) {
            free(lab); /* "Poids [____] kg", "€ [____]", "oui ☐ non ☐ [____]" */
            lab = NULL;
        }
        if (!lab && !box)
            lab = left_segment(text, lines, n_lines, cell_of, w);
        if (lab)
            return lab;
    }
    /* the nearest line above that spans the widget horizontally (or close to it) */
    double h = w->y2 - w->y1, best = 1e9;
    int bi = -1;
    for (size_t i = 0; i < n_lines; i++) {
        const pline *l = &lines[i];
        /* in a ruled grid, only the text of the widget's own cell */
        if (!l->has_box || l->y2 > w->y1 + h * 0.5 || (cell_of && cell_of[i] != w->cell))
            continue;
        double gap = w->y1 - l->y2;
        if (gap > 3 * (h > 12 ? h : 12) + 12)
            continue;
        if (l->x2 < w->x1 - 150 || l->x1 > w->x2)
            continue;
        if (gap < best) {
            best = gap;
            bi = (int)i;
        }
    }
    if (bi >= 0)
        lab = clean_label(text + lines[bi].b0, lines[bi].b1 - lines[bi].b0);
    if (lab && not_a_label(lab)) {
        free(lab);
        lab = NULL;
    }
    return lab;
}

static int cmp_widget_pos(const void *a, const void *b)
{
    const pwidget *x = *(const pwidget *const *)a, *y = *(const pwidget *const *)b;
    if (x->offset != y->offset)
        return x->offset < y->offset ? -1 : 1;
    if (x->x1 != y->x1)
        return x->x1 < y->x1 ? -1 : 1;
    return 0;
}

static int cmp_widget_yx(const void *a, const void *b)
{
    const pwidget *x = *(const pwidget *const *)a, *y = *(const pwidget *const *)b;
    if (fabs(x->y1 - y->y1) > 2)
        return x->y1 < y->y1 ? -1 : 1;
    if (x->x1 != y->x1)
        return x->x1 < y->x1 ? -1 : 1;
    return 0;
}

/* A control node for widget W anchored in paragraph P (at P's current end). */
static void emit_widget(pctx *x, fa_node *p, pwidget *w, const pline *lines, size_t n_lines,
                        size_t seg0, size_t seg1)
{
    fa_node *cn = fa_doc_add_control(x->doc, p, w->kind);
    if (!cn)
        return;
    fa_control *c = cn->ctl;
    c->rect[0] = w->x1;
    c->rect[1] = w->y1;
    c->rect[2] = w->x2;
    c->rect[3] = w->y2;
    c->has_rect = true;
    fill_control(x, c, w->field);
    if (!c->label) {
        char *lab = nearby_label(x->page_t, lines, n_lines, x->page_cell_of, w, seg0, seg1,
                                 x->page_ws, x->page_nws);
        if (lab)
            c->label = fa_doc_strdup(x->doc, lab);
        free(lab);
    }
    w->placed = true;
}

/* Orphan widgets (beside no text) above y, in one paragraph per visual row. */
static void emit_orphans(pctx *x, pwidget **orph, size_t n_orph, size_t *next, double y, int page,
                         const pline *lines, size_t n_lines)
{
    while (*next < n_orph && orph[*next]->y1 < y) {
        fa_node *p = fa_node_new(x->doc, FA_N_PARAGRAPH);
        if (!p)
            return;
        p->loc.page = page;
        fa_node_append(x->doc->root, p);
        double top = orph[*next]->y1, bottom = orph[*next]->y2;
        /* The first widget always goes in, so a zero-height one (an invisible
         * signature field) cannot stall the loop; the others join it when they sit
         * on the same band. */
        do {
            emit_widget(x, p, orph[*next], lines, n_lines, 0, 0);
            (*next)++;
        } while (*next < n_orph && orph[*next]->y1 < bottom && orph[*next]->y1 >= top - 2);
        note_line(x, p, NULL, true);
    }
}

void fa_pdf_ptext_free(ptext *t)
{
    g_free(t->text);
    g_free(t->rects);
    free(t->size);
    free(t->bold);
    fa_shapes_free(&t->shapes);
    memset(t, 0, sizeof *t);
}

static void read_text(PopplerPage *page, ptext *t)
{
    t->text = poppler_page_get_text(page);
    if (!t->text)
        t->text = g_strdup("");
    t->len = strlen(t->text);
    size_t n_chars = t->n_chars = (size_t)g_utf8_strlen(t->text, -1);
    if (!poppler_page_get_text_layout(page, &t->rects, &t->n_rects) || t->n_rects != n_chars) {
        g_free(t->rects);
        t->rects = NULL;
        t->n_rects = 0;
    }
    float *size = t->size = n_chars ? calloc(n_chars, sizeof *size) : NULL;
    unsigned char *bold = t->bold = n_chars ? calloc(n_chars, 1) : NULL;
    GList *attrs = poppler_page_get_text_attributes(page);
    if (size && bold)
        for (GList *a = attrs; a; a = a->next) {
            PopplerTextAttributes *ta = a->data;
            bool b = bold_font(ta->font_name);
            for (gint i = ta->start_index; i >= 0 && i <= ta->end_index && (size_t)i < n_chars;
                 i++) {
                size[i] = (float)ta->font_size;
                bold[i] = b;
            }
        }
    poppler_page_free_text_attributes(attrs);
}

/* fmin and fmax (a NaN argument loses), which gcc only inlines under -ffast-math: the
 * loop below calls them four times per character. */
static inline double dmin(double a, double b)
{
    return a < b || b != b ? a : b;
}

static inline double dmax(double a, double b)
{
    return a > b || b != b ? a : b;
}

/* g_unichar_isspace (or a no-break space) without a call for ASCII. */
static inline bool blank_char(gunichar u)
{
    if (u < 0x80)
        return u == ' ' || (u >= '\t' && u <= '\r' && u != '\v');
    return u == 0xA0 || g_unichar_isspace(u);
}

/* Glyph B is not on the row of glyph A: its centre lies off A's height by more than
 * half of it (a line goes on at the same height; a superscript stays within it). */
static bool off_row(const PopplerRectangle *a, const PopplerRectangle *b)
{
    double h = a->y2 - a->y1, cy = (b->y1 + b->y2) / 2;
    return h > 0 && b->y2 > b->y1 && (cy < a->y1 - 0.5 * h || cy > a->y2 + 0.5 * h);
}

pline *fa_pdf_page_lines(const ptext *t, size_t *n_out, size_t *vis)
{
    const char *text = t->text;
    const PopplerRectangle *rects = t->rects;
    guint n_rects = t->n_rects;
    const float *size = t->size;
    const unsigned char *bold = t->bold;

    size_t alloc = 16, n = 0;
    pline *lines = malloc(alloc * sizeof *lines);
    size_t ci = 0, b = 0, len = t->len;
    while (lines && b <= len) {
        if (b == len)
            break;
        pline l = {.b0 = b, .c0 = ci, .x1 = 1e9, .y1 = 1e9, .x2 = -1e9, .y2 = -1e9, .bold = true};
        double sizes[64] = {0};
        size_t counts[64] = {0}, ns = 0, nvis = 0;
        const PopplerRectangle *prev = NULL;
        bool jump = false;
        while (b < len && text[b] != '\n') {
            unsigned char c0 = (unsigned char)text[b];
            gunichar u = c0 < 0x80 ? c0 : g_utf8_get_char(text + b);
            if (!blank_char(u)) {
                if (rects && ci < n_rects && prev && off_row(prev, &rects[ci])) {
                    jump = true; /* poppler joined glyphs of two rows: cut here */
                    break;
                }
                nvis++;
                if (rects && ci < n_rects) {
                    const PopplerRectangle *r = &rects[ci];
                    prev = r;
                    l.x1 = dmin(l.x1, r->x1);
                    l.y1 = dmin(l.y1, r->y1);
                    l.x2 = dmax(l.x2, r->x2);
                    l.y2 = dmax(l.y2, r->y2);
                    l.has_box = true;
                }
                if (size && bold) {
                    if (!bold[ci])
                        l.bold = false;
                    size_t k = 0;
                    while (k < ns && fabs(sizes[k] - size[ci]) > 0.25)
                        k++;
                    if (k == ns && ns < 64)
                        sizes[ns++] = size[ci];
                    if (k < 64)
                        counts[k]++;
                }
            }
            b += (size_t)g_utf8_skip[c0];
            ci++;
        }
        l.b1 = b;
        l.c1 = ci;
        for (size_t k = 0, best = 0; k < ns; k++)
            if (counts[k] > best) {
                best = counts[k];
                l.size = sizes[k];
            }
        if (!nvis)
            l.bold = false;
        *vis += nvis;
        if (b < len && !jump) { /* the '\n' */
            b++;
            ci++;
        }
        if (!nvis)
            continue;
        if (n == alloc) {
            alloc *= 2;
            pline *p = realloc(lines, alloc * sizeof *p);
            if (!p)
                break;
            lines = p;
        }
        lines[n++] = l;
    }
    *n_out = n;
    return lines;
}

/* Byte offset, inside line L, of the first glyph whose centre lies right of x. */
static size_t offset_at_x(const char *text, const pline *l, const PopplerRectangle *rects,
                          guint n_rects, double x)
{
    size_t b = l->b0, ci = l->c0;
    while (b < l->b1) {
        if (rects && ci < n_rects) {
            double mid = (rects[ci].x1 + rects[ci].x2) / 2;
            if (mid > x)
                break;
        }
        b = (size_t)(u8next(text + b) - text);
        ci++;
    }
    return b - l->b0;
}

/* A widget beside the line that does not lie wholly to its right: joining the line
 * with the next would move the widget's place in the text. */
static bool widget_near(const pline *l, const pwidget *ws, size_t n_w)
{
    for (size_t i = 0; i < n_w; i++)
        if (fmin(ws[i].y2, l->y2) - fmax(ws[i].y1, l->y1) > 0 && ws[i].x1 < l->x2 + 2)
            return true;
    return false;
}

/* Last and first visible characters of a line. */
static gunichar last_char(const char *text, const pline *l)
{
    const char *p = text + l->b1;
    while (p > text + l->b0) {
        p = g_utf8_prev_char(p);
        gunichar c = g_utf8_get_char(p);
        if (!g_unichar_isspace(c))
            return c;
    }
    return 0;
}

static gunichar first_char(const char *text, const pline *l)
{
    for (const char *p = text + l->b0; p < text + l->b1; p = u8next(p)) {
        gunichar c = g_utf8_get_char(p);
        if (!g_unichar_isspace(c)) {
            if (c == '(' || c == 0xAB || c == '"')
                continue;
            return c;
        }
    }
    return 0;
}

/* Words of line L. */
static size_t words_in(const char *text, const pline *l)
{
    size_t w = 0;
    for (size_t k = l->b0; k < l->b1; k++)
        w += text[k] != ' ' && (k == l->b0 || text[k - 1] == ' ');
    return w;
}

/* True when line I has a neighbour side by side (a table row) that does not also sit
 * beside A: then I is the next row's cell, not the continuation of A. */
static bool own_row(const char *text, const pline *lines, size_t n, size_t i, const pline *a)
{
    const pline *b = &lines[i];
    double hb = b->y2 - b->y1;
    for (size_t j = 0; j < n && n <= 4000; j++) {
        const pline *c = &lines[j];
        if (j == i || !c->has_box || fmin(c->x2, b->x2) - fmax(c->x1, b->x1) > 0 ||
            (c->x1 > b->x2 && words_in(text, c) <= 3))
            continue; /* options on the right ("oui ☐ non ☐") are not a table's next cell */
        double hc = c->y2 - c->y1;
        if (fmin(c->y2, b->y2) - fmax(c->y1, b->y1) < 0.5 * fmin(hb, hc))
            continue;
        double ha = a->y2 - a->y1;
        if (fmin(c->y2, a->y2) - fmax(c->y1, a->y1) < 0.5 * fmin(ha, hc))
            return true;
    }
    return false;
}

/* Join a line wrapped onto the next one: a sentence or a long label that continues in
 * lower case just below, left-aligned, same size, no widget beside either. A form's
 * labels ("Nom :", "☐ Oui", "Prénom") end with punctuation or start with a capital or
 * a box, so they stay one paragraph per line. */
static void merge_wrapped(const char *text, pline *lines, size_t *n_lines, const pwidget *ws,
                          size_t n_w)
{
    size_t n = *n_lines, w = 0;
    for (size_t i = 0; i < n; i++) {
        if (w > 0) {
            pline *a = &lines[w - 1];
            const pline *b = &lines[i];
            double h = a->y2 - a->y1;
            gunichar la = last_char(text, a), fb = first_char(text, b);
            bool cont = a->has_box && b->has_box && fabs(a->size - b->size) < 0.6 &&
                        a->bold == b->bold && fb && g_unichar_islower(fb) && la &&
                        (g_unichar_isalpha(la) || la == ',' || la == ')' || la == '\'') &&
                        b->y1 - a->y2 > -0.5 * h && b->y1 - a->y2 < 0.8 * (h > 4 ? h : 4) &&
                        fabs(b->x1 - a->x1) < 4 && b->b0 > a->b1 &&
                        !memchr(text + a->b0, '_', a->b1 - a->b0) && !widget_near(a, ws, n_w) &&
                        !widget_near(b, ws, n_w) && !own_row(text, lines, n, i, a);
            if (cont) {
                /* the '\n' between them becomes a space when the text is squeezed */
                a->b1 = b->b1;
                a->c1 = b->c1;
                a->x1 = fmin(a->x1, b->x1);
                a->x2 = fmax(a->x2, b->x2);
                a->y2 = fmax(a->y2, b->y2);
                continue;
            }
        }
        lines[w++] = lines[i];
    }
    *n_lines = w;
}

/* A visual row: the segments memb[first .. first+n) in x order. */
typedef struct prow {
    size_t first, n;
    double y1;
} prow;

/* Group lines that sit side by side (vertical overlap of at least half the smaller
 * height, no horizontal overlap) into rows, in the reading order of each row's first
 * line. Returns the number of rows. Quadratic in the lines of a page; above a few
 * thousand lines (never a form) every line stays its own row. */
static size_t group_rows(const pline *lines, size_t n, prow *rows, size_t *memb)
{
    size_t nr = 0, nm = 0;
    bool *used = calloc(n ? n : 1, 1);
    if (!used)
        return 0;
    bool pair = n <= 4000;
    for (size_t i = 0; i < n; i++) {
        if (used[i])
            continue;
        used[i] = true;
        prow *r = &rows[nr++];
        r->first = nm;
        r->n = 1;
        r->y1 = lines[i].has_box ? lines[i].y1 : -1e9;
        memb[nm++] = i;
        if (!pair || !lines[i].has_box)
            continue;
        const pline *a = &lines[i];
        double ha = a->y2 - a->y1;
        for (size_t j = i + 1; j < n; j++) {
            const pline *b = &lines[j];
            if (used[j] || !b->has_box)
                continue;
            double hb = b->y2 - b->y1;
            double ov = fmin(a->y2, b->y2) - fmax(a->y1, b->y1);
            if (ov < 0.5 * fmin(ha, hb))
                continue;
            bool clash = false;
            for (size_t k = r->first; k < nm && !clash; k++) {
                const pline *c = &lines[memb[k]];
                clash = fmin(c->x2, b->x2) - fmax(c->x1, b->x1) > 0;
            }
            if (clash)
                continue;
            used[j] = true;
            memb[nm++] = j;
            r->n++;
        }
        /* x order inside the row (insertion sort: rows are short) */
        for (size_t k = r->first + 1; k < nm; k++) {
            size_t v = memb[k], q = k;
            while (q > r->first && lines[memb[q - 1]].x1 > lines[v].x1) {
                memb[q] = memb[q - 1];
                q--;
            }
            memb[q] = v;
        }
    }
    free(used);
    return nr;
}

/* Append line I's text to P with the widgets sitting in it. */
static void emit_segment(pctx *x, fa_node *p, size_t i, pwidget **inl, size_t n_inl,
                         const char *text, const pline *lines, size_t n_lines, bool *has_ctl)
{
    const pline *l = &lines[i];
    size_t pos = 0;
    /* the widgets of this line, in offset order (inl is sorted by offset, then x) */
    pwidget *mine[256];
    size_t nm = 0;
    for (size_t j = 0; j < n_inl && nm < 256; j++)
        if (inl[j]->line == (int)i)
            mine[nm++] = inl[j];
    for (size_t j = 0; j < nm; j++) {
        pwidget *w = mine[j];
        fa_node_append_text(x->doc, p, text + l->b0 + pos, w->offset - pos);
        pos = w->offset;
        size_t seg0 = j ? mine[j - 1]->offset : 0;
        size_t seg1 = j + 1 < nm ? mine[j + 1]->offset : l->b1 - l->b0;
        emit_widget(x, p, w, lines, n_lines, seg0, seg1);
        *has_ctl = true;
    }
    fa_node_append_text(x->doc, p, text + l->b0 + pos, l->b1 - l->b0 - pos);
}

/* ---------------------------------------------------------------- ruled grids */

/* What read_page knows of the page being built. */
typedef struct ppage {
    const ptext *t;
    pline *lines;
    size_t n_lines;
    pwidget **inl; /* widgets inside lines, by line then offset */
    size_t n_inl;
    int *cell_of;          /* per line: index in t->shapes of the grid cell holding it, -1 */
    unsigned char *placed; /* per grid id (1..t->shapes.grids): its table was emitted */
    int *grid_cells;       /* per grid id: its cells */
    const size_t *memb;    /* rows' members (group_rows) */
    pwidget *ws;           /* every widget of the page */
    size_t n_w;
    int pageno;
} ppage;

/* The cell (index in SH) of a grid of two cells or more whose box holds the point, -1. */
static int cell_at(const fa_shapes *sh, const int *grid_cells, double x, double y)
{
    for (size_t i = 0; i < sh->n; i++) {
        const fa_shape *c = &sh->v[i];
        if (c->kind == FA_SH_CELL && grid_cells[c->grid] >= 2 && x > c->x1 && x < c->x2 &&
            y > c->y1 && y < c->y2)
            return (int)i;
    }
    return -1;
}

/* Cut the lines that run across the border of a grid cell (poppler reads "Référence
 * du bail" and "BX-2019-04517" in two cells as one line). LINES may be reallocated. */
static pline *split_at_cells(const ptext *t, pline *lines, size_t *n_lines, const int *grid_cells)
{
    const fa_shapes *sh = &t->shapes;
    if (!sh->grids || !t->rects)
        return lines;
    for (size_t i = 0; i < *n_lines; i++) {
        pline *l = &lines[i];
        double cy = (l->y1 + l->y2) / 2;
        double cut = 0;
        for (size_t k = 0; k < sh->n && !cut; k++) {
            const fa_shape *c = &sh->v[k];
            if (c->kind == FA_SH_CELL && grid_cells[c->grid] >= 2 && cy > c->y1 && cy < c->y2 &&
                c->x2 > l->x1 + 2 && c->x2 < l->x2 - 2)
                cut = c->x2;
        }
        if (!cut)
            continue;
        size_t ci = l->c0, b = l->b0;
        while (ci < l->c1 && !(ci < t->n_rects && t->rects[ci].x2 > t->rects[ci].x1 &&
                               (t->rects[ci].x1 + t->rects[ci].x2) / 2 > cut)) {
            b += (size_t)g_utf8_skip[(unsigned char)t->text[b]];
            ci++;
        }
        if (ci == l->c0 || ci >= l->c1)
            continue;
        pline *nl = realloc(lines, (*n_lines + 1) * sizeof *nl);
        if (!nl)
            return lines; /* keep the line whole */
        lines = nl;
        l = &lines[i];
        memmove(&lines[i + 2], &lines[i + 1], (*n_lines - i - 1) * sizeof *lines);
        pline right = *l;
        l->b1 = b;
        l->c1 = ci;
        right.b0 = b;
        right.c0 = ci;
        /* boxes of both halves from their glyphs */
        l->x2 = -1e9;
        right.x1 = 1e9;
        for (size_t c = l->c0; c < right.c1 && c < t->n_rects; c++) {
            const PopplerRectangle *r = &t->rects[c];
            if (r->x2 <= r->x1)
                continue;
            if (c < ci)
                l->x2 = fmax(l->x2, r->x2);
            else
                right.x1 = fmin(right.x1, r->x1);
        }
        if (l->x2 < l->x1 || right.x1 > right.x2) {
            memmove(&lines[i + 1], &lines[i + 2], (*n_lines - i - 1) * sizeof *lines);
            *l = right; /* cannot happen: glyphs on both sides; undo */
            continue;
        }
        lines[i + 1] = right;
        (*n_lines)++;
    }
    return lines;
}

static fa_status fill_cell(pctx *x, ppage *pg, fa_node *cell, int at);

/* Emit grid G of the page as a table at the current end of the document: one row per
 * grid row, a cell per ruled cell (spanning as drawn; a cell covered by one above is
 * a covered cell), the lines inside each cell as its paragraphs. */
static fa_status emit_grid(pctx *x, ppage *pg, int g)
{
    const fa_shapes *sh = &pg->t->shapes;
    fa_doc *doc = x->doc;
    int nr = 0, nc = 0;
    for (size_t i = 0; i < sh->n; i++) {
        const fa_shape *c = &sh->v[i];
        if (c->kind == FA_SH_CELL && c->grid == g) {
            nr = c->row + c->rows > nr ? c->row + c->rows : nr;
            nc = c->col + c->cols > nc ? c->col + c->cols : nc;
        }
    }
    pg->placed[g] = 1;
    fa_node *table = fa_node_new(doc, FA_N_TABLE);
    if (!table)
        return FA_ERR_LIMIT;
    table->loc.page = pg->pageno;
    fa_node_append(doc->root, table);
    for (int r = 0; r < nr; r++) {
        fa_node *tr = fa_node_new(doc, FA_N_ROW);
        if (!tr)
            return FA_ERR_LIMIT;
        fa_node_append(table, tr);
        for (int c = 0; c < nc; c++) {
            int at = -1;
            bool covered = false;
            for (size_t i = 0; i < sh->n && at < 0; i++) {
                const fa_shape *s = &sh->v[i];
                if (s->kind != FA_SH_CELL || s->grid != g || r < s->row || r >= s->row + s->rows ||
                    c < s->col || c >= s->col + s->cols)
                    continue;
                if (s->row == r && s->col == c)
                    at = (int)i;
                else
                    covered = true;
                if (covered)
                    break;
            }
            if (at < 0 && covered && c > 0) {
                /* horizontally covered: the cell to the left spans it (no node) —
                 * unless it is covered from above, which needs a covered cell */
                bool above = false;
                for (size_t i = 0; i < sh->n && !above; i++) {
                    const fa_shape *s = &sh->v[i];
                    above = s->kind == FA_SH_CELL && s->grid == g && s->row < r &&
                            r < s->row + s->rows && s->col == c;
                }
                if (!above)
                    continue;
            }
            fa_node *cell = fa_node_new(doc, FA_N_CELL);
            if (!cell)
                return FA_ERR_LIMIT;
            fa_node_append(tr, cell);
            if (at < 0) {
                cell->rowspan = 0; /* covered from above, or an open area of the grid */
                continue;
            }
            cell->rowspan = sh->v[at].rows;
            cell->colspan = sh->v[at].cols;
            fa_status st = fill_cell(x, pg, cell, at);
            if (st)
                return st;
        }
    }
    return FA_OK;
}

/* The lines of grid cell AT (shape index), top to bottom, as paragraphs of CELL. */
static fa_status fill_cell(pctx *x, ppage *pg, fa_node *cell, int at)
{
    size_t order[256], n = 0;
    for (size_t i = 0; i < pg->n_lines && n < 256; i++)
        if (pg->cell_of[i] == at)
            order[n++] = i;
    for (size_t a = 1; a < n; a++) { /* insertion sort by y, then x */
        size_t v = order[a], q = a;
        while (q > 0 && (pg->lines[order[q - 1]].y1 > pg->lines[v].y1 + 2 ||
                         (fabs(pg->lines[order[q - 1]].y1 - pg->lines[v].y1) <= 2 &&
                          pg->lines[order[q - 1]].x1 > pg->lines[v].x1))) {
            order[q] = order[q - 1];
            q--;
        }
        order[q] = v;
    }
    for (size_t k = 0; k < n; k++) {
        fa_node *p = fa_node_new(x->doc, FA_N_PARAGRAPH);
        if (!p)
            return FA_ERR_LIMIT;
        p->loc.page = pg->pageno;
        fa_node_append(cell, p);
        bool has_ctl = false;
        emit_segment(x, p, order[k], pg->inl, pg->n_inl, pg->t->text, pg->lines, pg->n_lines,
                     &has_ctl);
        fa_node_squeeze(p);
        note_line(x, p, &pg->lines[order[k]], has_ctl);
    }
    /* widgets alone in the cell (a box of an evaluation grid): block-level, by x */
    for (;;) {
        pwidget *next = NULL;
        for (size_t i = 0; i < pg->n_w; i++) {
            pwidget *w = &pg->ws[i];
            if (w->cell == at && w->line < 0 && !w->placed &&
                (!next || w->y1 < next->y1 - 2 ||
                 (fabs(w->y1 - next->y1) <= 2 && w->x1 < next->x1)))
                next = w;
        }
        if (!next)
            break;
        emit_widget(x, cell, next, pg->lines, pg->n_lines, 0, 0);
        next->placed = true;
    }
    return FA_OK;
}

/* Grids of the page as tables: how many cells each has (GRID_CELLS, by grid id), which
 * line sits in which cell. False when there is none (or no memory: then the page is
 * read as lines only). */
static bool page_grids(const ptext *t, ppage *pg)
{
    const fa_shapes *sh = &t->shapes;
    if (!sh->grids)
        return false;
    pg->grid_cells = calloc((size_t)sh->grids + 1, sizeof *pg->grid_cells);
    pg->placed = calloc((size_t)sh->grids + 1, 1);
    if (!pg->grid_cells || !pg->placed)
        return false;
    bool any = false;
    for (size_t i = 0; i < sh->n; i++)
        if (sh->v[i].kind == FA_SH_CELL && sh->v[i].grid > 0 && sh->v[i].grid <= sh->grids)
            any |= ++pg->grid_cells[sh->v[i].grid] >= 2;
    return any;
}

/* ---------------------------------------------------------------- the page */

/* The page's text looks like a form somewhere: a line ending with ':' or '?', a short
 * line (a label, an option), leaders, boxes or symbol-font glyphs. A page of running
 * text only (a notice, instructions, the terms of a contract) has nothing drawn to
 * fill, and rendering it would cost more than reading it (README, "Speed"). */
static bool form_like(const ptext *t)
{
    size_t words = 0, short_lines = 0, visible = 0;
    bool in_word = false;
    char last = 0;
    for (size_t i = 0; i <= t->len; i++) {
        unsigned char c = i < t->len ? (unsigned char)t->text[i] : '\n';
        if (c == '\n') {
            if (last == ':' || last == '?')
                return true;
            short_lines += visible && words <= 6;
            if (short_lines >= 3)
                return true;
            words = visible = 0;
            in_word = false;
            last = 0;
            continue;
        }
        if (c == '_' ||
            (c == '.' && i + 2 < t->len && t->text[i + 1] == '.' && t->text[i + 2] == '.'))
            return true; /* a leader */
        if (c == 0xE2 || c == 0xEF)
            return true; /* U+2xxx (boxes, dashes, arrows) or a private-use glyph */
        bool sp = c == ' ' || c == '\t' || c == '\r';
        words += !sp && !in_word;
        in_word = !sp;
        visible += !sp;
        if (!sp)
            last = (char)c;
    }
    return false;
}

/* The boxes and lines drawn on the page, written into its text (read_pdf_gfx.c), but
 * for those under a widget (its own frame). A page without text (a scan, a drawing)
 * or with running text only has no label to read there and is left alone. */
static fa_status page_graphics(pctx *x, PopplerPage *page, ptext *t, const pwidget *ws, size_t n_w)
{
    if (!t->rects || (!n_w && !form_like(t)))
        return FA_OK;
    prect *r = n_w ? malloc(n_w * sizeof *r) : NULL;
    if (n_w && !r)
        return FA_ERR_NOMEM;
    for (size_t i = 0; i < n_w; i++)
        r[i] = (prect){ws[i].x1, ws[i].y1, ws[i].x2, ws[i].y2};
    fa_status st = t->shapes_read ? FA_OK : fa_pdf_find_shapes(page, t, r, n_w);
    if (st == FA_ERR_LIMIT) {
        x->gfx_skipped++; /* a photograph: read without its graphics */
        st = FA_OK;
    } else if (st == FA_OK) {
        st = fa_pdf_apply_shapes(t, r, n_w);
    }
    free(r);
    return st;
}

/* The widgets of PAGE (PH its height), with their kinds and boxes; *N_OUT of them. */
static pwidget *page_widgets(GList *maps, double ph, size_t *n_out)
{
    size_t n_w = g_list_length(maps), k = 0;
    pwidget *ws = n_w ? calloc(n_w, sizeof *ws) : NULL;
    for (GList *m = maps; ws && m && k < n_w; m = m->next) {
        PopplerFormFieldMapping *fm = m->data;
        pwidget *w = &ws[k++];
        w->field = fm->field;
        w->kind = kind_of(fm->field);
        w->x1 = fmin(fm->area.x1, fm->area.x2);
        w->x2 = fmax(fm->area.x1, fm->area.x2);
        w->y1 = ph - fmax(fm->area.y1, fm->area.y2);
        w->y2 = ph - fmin(fm->area.y1, fm->area.y2);
        w->line = -1;
        w->cell = -1;
    }
    *n_out = ws ? k : 0;
    return ws;
}

/* A widget too far from any text to be placed in a line, at the height of a widget
 * that is, just to its right: it belongs to the same row (the boxes of an evaluation
 * grid, far right of the row's label). Rows are followed left to right. */
static void chain_widgets(pwidget *ws, size_t k)
{
    for (bool changed = true; changed;) {
        changed = false;
        for (size_t i = 0; i < k; i++) {
            pwidget *w = &ws[i];
            if (w->line >= 0)
                continue;
            double cy = (w->y1 + w->y2) / 2, h = w->y2 - w->y1;
            for (size_t j = 0; j < k && w->line < 0; j++) {
                const pwidget *v = &ws[j];
                double vh = v->y2 - v->y1;
                if (v->line < 0 || v->cell != w->cell || vh > 3 * h || h > 3 * vh ||
                    fabs((v->y1 + v->y2) / 2 - cy) > 0.5 * fmin(h, vh) || v->x2 > w->x1 + 1 ||
                    w->x1 - v->x2 > 80)
                    continue;
                w->line = v->line;
                changed = true;
            }
        }
    }
}

/* Place each widget in the line it overlaps (the horizontally nearest), else among the
 * orphans; both lists sorted for emission. */
static void place_widgets(const ptext *t, const pline *lines, size_t n_lines, const int *cell_of,
                          pwidget *ws, size_t k, pwidget **inl, size_t *n_inl, pwidget **orph,
                          size_t *n_orph)
{
    for (size_t wi = 0; wi < k; wi++) {
        pwidget *w = &ws[wi];
        double h = w->y2 - w->y1, best = 0;
        for (size_t i = 0; i < n_lines; i++) {
            const pline *l = &lines[i];
            if (!l->has_box || (cell_of && cell_of[i] != w->cell))
                continue; /* in a ruled grid, a widget goes with the text of its cell */
            double ov = fmin(w->y2, l->y2) - fmax(w->y1, l->y1);
            double lh = l->y2 - l->y1;
            double need = 0.3 * fmin(h > 1 ? h : 1, lh > 1 ? lh : 1);
            if (ov < need)
                continue;
            /* a tall box (a text area) sits in the line at its top, not in the lines of
             * a neighbouring column that run alongside it */
            double cy = (l->y1 + l->y2) / 2;
            if (h > 2.5 * lh && (cy < w->y1 - lh || cy > w->y1 + 1.5 * lh))
                continue;
            /* prefer the line horizontally closest to the widget */
            double dx = w->x1 > l->x2 ? w->x1 - l->x2 : l->x1 > w->x2 ? l->x1 - w->x2 : 0;
            if (dx > 200)
                continue;
            double score = ov - dx * 0.1;
            if (w->line < 0 || score > best) {
                best = score;
                w->line = (int)i;
            }
        }
    }
    chain_widgets(ws, k);
    for (size_t wi = 0; wi < k; wi++) {
        pwidget *w = &ws[wi];
        if (w->line >= 0) {
            w->offset = offset_at_x(t->text, &lines[w->line], t->rects, t->n_rects, w->x1);
            inl[(*n_inl)++] = w;
        } else if (w->cell < 0) {
            orph[(*n_orph)++] = w;
        } /* else alone in its grid cell: fill_cell places it */
    }
    if (*n_inl > 1)
        qsort(inl, *n_inl, sizeof *inl, cmp_widget_pos);
    if (*n_orph > 1)
        qsort(orph, *n_orph, sizeof *orph, cmp_widget_yx);
}

/* One visual row that is not part of a table: a paragraph, its segments joined. */
static fa_status emit_row_para(pctx *x, ppage *pg, const size_t *memb, size_t n)
{
    fa_node *p = fa_node_new(x->doc, FA_N_PARAGRAPH);
    if (!p)
        return FA_ERR_LIMIT;
    p->loc.page = pg->pageno;
    fa_node_append(x->doc->root, p);
    bool has_ctl = false;
    for (size_t m = 0; m < n; m++) {
        if (m)
            fa_node_append_text(x->doc, p, " ", 1);
        emit_segment(x, p, memb[m], pg->inl, pg->n_inl, pg->t->text, pg->lines, pg->n_lines,
                     &has_ctl);
    }
    fa_node_squeeze(p);
    note_line(x, p, &pg->lines[memb[0]], has_ctl);
    return FA_OK;
}

/* One visual row of a table of side-by-side segments: a table row, a cell each. */
static fa_status emit_row_cells(pctx *x, ppage *pg, fa_node **table, const size_t *memb, size_t n)
{
    fa_doc *doc = x->doc;
    if (!*table) {
        *table = fa_node_new(doc, FA_N_TABLE);
        if (!*table)
            return FA_ERR_LIMIT;
        (*table)->loc.page = pg->pageno;
        fa_node_append(doc->root, *table);
    }
    fa_node *tr = fa_node_new(doc, FA_N_ROW);
    if (!tr)
        return FA_ERR_LIMIT;
    fa_node_append(*table, tr);
    for (size_t m = 0; m < n; m++) {
        fa_node *cell = fa_node_new(doc, FA_N_CELL), *p = fa_node_new(doc, FA_N_PARAGRAPH);
        if (!cell || !p)
            return FA_ERR_LIMIT;
        fa_node_append(tr, cell);
        fa_node_append(cell, p);
        p->loc.page = pg->pageno;
        bool has_ctl = false;
        emit_segment(x, p, memb[m], pg->inl, pg->n_inl, pg->t->text, pg->lines, pg->n_lines,
                     &has_ctl);
        fa_node_squeeze(p);
        note_line(x, p, &pg->lines[memb[m]], has_ctl);
    }
    return FA_OK;
}

/* The segment (line I) starts with a box: a glyph ("☐ Oui") or a box widget. */
static bool starts_with_box(const ppage *pg, size_t i)
{
    const char *p = pg->t->text + pg->lines[i].b0, *e = pg->t->text + pg->lines[i].b1;
    while (p < e && *p == ' ')
        p++;
    for (size_t j = 0; j < pg->n_inl; j++) {
        const pwidget *w = pg->inl[j];
        if (w->line == (int)i && (w->kind == FA_CTL_CHECKBOX || w->kind == FA_CTL_RADIO) &&
            w->offset <= (size_t)(p - (pg->t->text + pg->lines[i].b0)))
            return true;
    }
    static const char *const box[] = {"\xE2\x98\x90", "\xE2\x98\x91", "\xE2\x98\x92",
                                      "\xE2\x96\xA1", "\xE2\x96\xA0", NULL};
    for (int k = 0; box[k]; k++)
        if (e - p >= 3 && !memcmp(p, box[k], 3))
            return true;
    return false;
}

/* The segment (line I) is one option: a box then a few words ("☐ Train"), or a few
 * words then a box ("oui ☐"). */
static bool option_segment(const ppage *pg, size_t i)
{
    if (starts_with_box(pg, i))
        return true;
    const pline *l = &pg->lines[i];
    const char *t = pg->t->text + l->b0;
    size_t n = l->b1 - l->b0, words = 0, end = n;
    while (end > 0 && t[end - 1] == ' ')
        end--;
    for (size_t k = 0; k < end; k++)
        words += t[k] != ' ' && (k == 0 || t[k - 1] == ' ');
    if (words > 3)
        return false;
    static const char *const box[] = {"\xE2\x98\x90", "\xE2\x98\x91", "\xE2\x98\x92",
                                      "\xE2\x96\xA1", NULL};
    for (int k = 0; box[k]; k++)
        if (end >= 3 && !memcmp(t + end - 3, box[k], 3))
            return true;
    for (size_t j = 0; j < pg->n_inl; j++) {
        const pwidget *w = pg->inl[j];
        if (w->line == (int)i && (w->kind == FA_CTL_CHECKBOX || w->kind == FA_CTL_RADIO) &&
            w->offset >= end)
            return true;
    }
    return false;
}

/* Row R (its KEPT[R] segments outside grids) is read as table cells: several segments,
 * not just a label followed by its options ("Moyen de transport : | ☐ Train | ☐ Bus",
 * "Question ? ..... | ☐ oui | ☐ non" are one line of a form). */
static bool cells_row(const ppage *pg, const prow *rows, const size_t *kept, size_t r)
{
    if (kept[r] < 2)
        return false;
    const size_t *m = pg->memb + rows[r].first;
    bool labels = true; /* "Nationalité : | Nationalité :" (vous, conjoint): labels
                           waiting for their options on the line below */
    for (size_t k = 0; k < kept[r] && labels; k++) {
        const pline *l = &pg->lines[m[k]];
        size_t e = l->b1;
        while (e > l->b0 && pg->t->text[e - 1] == ' ')
            e--;
        labels = e > l->b0 && (pg->t->text[e - 1] == ':' || pg->t->text[e - 1] == '?');
    }
    if (labels)
        return false;
    for (size_t k = 1; k < kept[r]; k++)
        if (!option_segment(pg, m[k]))
            return true;
    return false;
}

/* The rows of the page in reading order: a ruled grid as a table where its first line
 * comes, segments side by side on consecutive rows as a table, other rows as
 * paragraphs; orphan widgets at their height. MEMB/ROWS as group_rows made them. */
static fa_status emit_rows(pctx *x, ppage *pg, const prow *rows, size_t n_rows, size_t *memb,
                           pwidget **orph, size_t n_orph)
{
    fa_status st = FA_OK;
    size_t next_orph = 0;
    fa_node *table = NULL;
    pg->memb = memb;
    /* the rows' members outside grids, packed at the front of each row */
    size_t *kept = calloc(n_rows ? n_rows : 1, sizeof *kept);
    size_t *tmp = calloc(pg->n_lines ? pg->n_lines : 1, sizeof *tmp);
    if (!kept || !tmp) {
        free(kept);
        free(tmp);
        return FA_ERR_NOMEM;
    }
    for (size_t r = 0; r < n_rows; r++) {
        /* stable partition: lines outside grids first, grid lines after them */
        size_t w = 0, f = rows[r].first, n = rows[r].n;
        for (size_t m = f; m < f + n; m++)
            if (!pg->cell_of || pg->cell_of[memb[m]] < 0)
                tmp[w++] = memb[m];
        kept[r] = w;
        for (size_t m = f; m < f + n; m++)
            if (pg->cell_of && pg->cell_of[memb[m]] >= 0)
                tmp[w++] = memb[m];
        memcpy(memb + f, tmp, n * sizeof *memb);
    }
    free(tmp);
    for (size_t r = 0; r < n_rows && st == FA_OK; r++) {
        const prow *row = &rows[r];
        emit_orphans(x, orph, n_orph, &next_orph, row->y1, pg->pageno, pg->lines, pg->n_lines);
        if (x->doc->root->last != table)
            table = NULL; /* an orphan widget came in between */
        /* a grid starts at its first line in reading order */
        for (size_t m = row->first; pg->cell_of && m < row->first + row->n && st == FA_OK; m++) {
            int c = pg->cell_of[memb[m]];
            if (c >= 0 && !pg->placed[pg->t->shapes.v[c].grid]) {
                st = emit_grid(x, pg, pg->t->shapes.v[c].grid);
                table = NULL;
            }
        }
        size_t n = kept[r];
        if (!n || st)
            continue;
        bool tabular =
            cells_row(pg, rows, kept, r) && ((r > 0 && cells_row(pg, rows, kept, r - 1)) ||
                                             (r + 1 < n_rows && cells_row(pg, rows, kept, r + 1)));
        if (!tabular) {
            table = NULL;
            st = emit_row_para(x, pg, memb + row->first, n);
        } else {
            st = emit_row_cells(x, pg, &table, memb + row->first, n);
        }
    }
    free(kept);
    if (st == FA_OK)
        emit_orphans(x, orph, n_orph, &next_orph, 1e18, pg->pageno, pg->lines, pg->n_lines);
    return st;
}

/* Page PAGE of the document, whose text T has been read (by this thread or the
 * helper): its drawn shapes written in, its lines, its widgets placed in them, its
 * ruled grids as tables. */
static fa_status read_page(pctx *x, PopplerPage *page, ptext *t, int pageno)
{
    fa_doc *doc = x->doc;
    double pw = 0, ph = 0;
    poppler_page_get_size(page, &pw, &ph);
    GList *maps = poppler_page_get_form_field_mapping(page);
    size_t k = 0;
    pwidget *ws = page_widgets(maps, ph, &k);
    pwidget **inl = k ? calloc(k, sizeof *inl) : NULL;
    pwidget **orph = k ? calloc(k, sizeof *orph) : NULL;
    size_t n_inl = 0, n_orph = 0, n_lines = 0;
    ppage pg = {.t = t, .pageno = pageno};
    fa_status st = k && (!inl || !orph) ? FA_ERR_NOMEM : FA_OK;
    if (!st)
        st = page_graphics(x, page, t, ws, k);
    pline *lines = st ? NULL : fa_pdf_page_lines(t, &n_lines, &x->visible_chars);
    if (!lines)
        st = FA_ERR_NOMEM;
    bool grids = !st && page_grids(t, &pg);
    if (grids)
        lines = split_at_cells(t, lines, &n_lines, pg.grid_cells);
    if (!st)
        merge_wrapped(t->text, lines, &n_lines, ws, k);
    if (!st && grids && n_lines) {
        pg.cell_of = malloc(n_lines * sizeof *pg.cell_of);
        for (size_t i = 0; pg.cell_of && i < n_lines; i++)
            pg.cell_of[i] = lines[i].has_box ? cell_at(&t->shapes, pg.grid_cells,
                                                       (lines[i].x1 + lines[i].x2) / 2,
                                                       (lines[i].y1 + lines[i].y2) / 2)
                                             : -1;
        for (size_t i = 0; pg.cell_of && i < k; i++)
            ws[i].cell = cell_at(&t->shapes, pg.grid_cells, (ws[i].x1 + ws[i].x2) / 2,
                                 (ws[i].y1 + ws[i].y2) / 2);
    }
    if (!st) {
        x->page_ws = ws;
        x->page_nws = k;
        x->page_cell_of = pg.cell_of;
        x->page_t = t;
        place_widgets(t, lines, n_lines, pg.cell_of, ws, k, inl, &n_inl, orph, &n_orph);
        x->n_widgets += k;
    }
    pg.lines = lines;
    pg.n_lines = n_lines;
    pg.inl = inl;
    pg.n_inl = n_inl;
    pg.ws = ws;
    pg.n_w = k;
    /* Visual rows: segments poppler reads apart (a table's label column, then its value
     * column) but a person reads side by side. */
    prow *rows = n_lines ? calloc(n_lines, sizeof *rows) : NULL;
    size_t *memb = n_lines ? calloc(n_lines, sizeof *memb) : NULL;
    if (!st && n_lines && (!rows || !memb))
        st = FA_ERR_NOMEM;
    if (!st) {
        size_t n_rows = n_lines ? group_rows(lines, n_lines, rows, memb) : 0;
        st = emit_rows(x, &pg, rows, n_rows, memb, orph, n_orph);
    }
    /* widgets of over-full lines (> 256) that could not be placed inline */
    for (size_t j = 0; j < n_inl && !st; j++)
        if (!inl[j]->placed) {
            fa_node *p = fa_node_new(doc, FA_N_PARAGRAPH);
            if (!p)
                break;
            p->loc.page = pageno;
            fa_node_append(doc->root, p);
            emit_widget(x, p, inl[j], lines, n_lines, 0, 0);
        }
    free(rows);
    free(memb);
    x->page_cell_of = NULL;
    x->page_t = NULL;
    free(pg.cell_of);
    free(pg.placed);
    free(pg.grid_cells);
    free(ws);
    free(inl);
    free(orph);
    poppler_page_free_form_field_mapping(maps);
    free(lines);
    return st;
}

static int cmp_double_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? 1 : x > y ? -1 : 0;
}

/* Starts like a section number: "1.", "2)", "IV.", "A." or "Article". */
static bool numbered(const char *s)
{
    size_t i = 0;
    while (s[i] >= '0' && s[i] <= '9')
        i++;
    if (!i)
        while (s[i] && strchr("IVXivx", s[i]))
            i++;
    if (!i && s[0] >= 'A' && s[0] <= 'Z')
        i = 1;
    if (i && i <= 4 && (s[i] == '.' || s[i] == ')' || s[i] == '-') && s[i + 1] == ' ')
        return true;
    return !g_ascii_strncasecmp(s, "article ", 8) || !g_ascii_strncasecmp(s, "partie ", 7) ||
           !g_ascii_strncasecmp(s, "section ", 8) || !g_ascii_strncasecmp(s, "cadre ", 6);
}

static bool all_caps(const char *s)
{
    int up = 0;
    for (const char *p = s; *p; p = u8next(p)) {
        gunichar c = g_utf8_get_char(p);
        if (g_unichar_islower(c))
            return false;
        if (g_unichar_isupper(c))
            up++;
    }
    return up >= 3;
}

/* Headings by font size rank; bold flags; small print. */
static void classify_lines(pctx *x)
{
    /* body size: the size carrying the most characters */
    double sizes[128];
    size_t counts[128] = {0}, ns = 0;
    for (size_t i = 0; i < x->n_info; i++) {
        lineinfo *li = &x->info[i];
        if (li->size <= 0)
            continue;
        double s = round(li->size * 2) / 2;
        size_t k = 0;
        while (k < ns && sizes[k] != s)
            k++;
        if (k == ns) {
            if (ns == 128)
                continue;
            sizes[ns++] = s;
        }
        counts[k]++; /* by lines: a form's many short lines outweigh a long notice */
    }
    double body = 0;
    for (size_t k = 0, best = 0; k < ns; k++)
        if (counts[k] > best) {
            best = counts[k];
            body = sizes[k];
        }
    if (body <= 0)
        return;
    /* distinct heading sizes, largest first */
    double hs[128];
    size_t nh = 0;
    for (size_t k = 0; k < ns; k++)
        if (sizes[k] >= body * 1.15)
            hs[nh++] = sizes[k];
    qsort(hs, nh, sizeof *hs, cmp_double_desc);
    for (size_t i = 0; i < x->n_info; i++) {
        lineinfo *li = &x->info[i];
        fa_node *n = li->node;
        if (li->size <= 0 || li->has_control || !n->len)
            continue;
        double s = round(li->size * 2) / 2;
        char last = n->text[n->len - 1];
        /* leaders, questions, labels and boxes ask for an answer: not section titles */
        bool leader = strstr(n->text, "___") || strstr(n->text, "...") ||
                      strstr(n->text, "\xE2\x80\xA6") || strstr(n->text, "\xE2\x98\x90") ||
                      strstr(n->text, "\xE2\x96\xA1") || last == ':' || last == '?';
        if (li->bold)
            n->flags |= FA_NF_BOLD;
        if (s < 9 && s < body)
            n->flags |= FA_NF_SMALL;
        if (leader || li->nchars > 200)
            continue;
        if (s >= body * 1.15) {
            int lvl = 1;
            while ((size_t)lvl <= nh && hs[lvl - 1] > s)
                lvl++;
            n->type = FA_N_HEADING;
            n->level = lvl > 6 ? 6 : lvl;
        } else if (li->bold && li->nchars <= 120 && s >= body - 0.5 &&
                   (numbered(n->text) || all_caps(n->text))) {
            /* a bold numbered or capitalised line at body size: a section title */
            n->type = FA_N_HEADING;
            n->level = (int)nh + 1 > 6 ? 6 : (int)nh + 1;
        }
    }
}

static fa_status open_error(GError *ge, fa_error *err)
{
    fa_status st;
    if (ge && ge->domain == POPPLER_ERROR && ge->code == POPPLER_ERROR_ENCRYPTED)
        st = fa_error_set(err, FA_ERR_ENCRYPTED, "password-protected PDF");
    else
        st = fa_error_set(err, FA_ERR_CORRUPT, "PDF: %s",
                          ge && ge->message ? ge->message : "cannot be opened");
    if (ge)
        g_error_free(ge);
    return st;
}

static bool has_bytes(const unsigned char *d, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; n >= k && i + k <= n; i++)
        if (d[i] == (unsigned char)needle[0] && !memcmp(d + i, needle, k))
            return true;
    return false;
}

/* ---------------------------------------------------------------- scanned pages */

/* Render PAGE in grey (0 black, 255 white) at FA_OCR_DPI, or lower when the page would
 * pass FA_OCR_MAX_PIXELS; *DPI receives the resolution. malloc'd, NULL when out of
 * memory or for an empty page box. */
static unsigned char *render_gray(PopplerPage *page, int *w, int *h, int *dpi)
{
    double pw = 0, ph = 0;
    poppler_page_get_size(page, &pw, &ph);
    if (!(pw >= 1 && ph >= 1 && pw < 1e5 && ph < 1e5))
        return NULL;
    double d = FA_OCR_DPI;
    while (d > 50 && (pw * d / 72) * (ph * d / 72) > (double)FA_OCR_MAX_PIXELS)
        d *= 0.9;
    *dpi = (int)d;
    *w = (int)(pw * d / 72);
    *h = (int)(ph * d / 72);
    if (*w < 16 || *h < 16)
        return NULL;
    cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, *w, *h);
    if (cairo_surface_status(sf) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(sf);
        return NULL;
    }
    cairo_t *cr = cairo_create(sf);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, d / 72, d / 72);
    poppler_page_render(page, cr);
    cairo_destroy(cr);
    cairo_surface_flush(sf);
    unsigned char *g = malloc((size_t)*w * (size_t)*h);
    const unsigned char *data = cairo_image_surface_get_data(sf);
    int stride = cairo_image_surface_get_stride(sf);
    for (int y = 0; g && data && y < *h; y++) {
        const uint32_t *row = (const uint32_t *)(const void *)(data + (size_t)y * (size_t)stride);
        unsigned char *dst = g + (size_t)y * (size_t)*w;
        for (int x = 0; x < *w; x++) {
            uint32_t p = row[x];
            unsigned r = (p >> 16) & 0xFF, gr = (p >> 8) & 0xFF, b = p & 0xFF;
            dst[x] = (unsigned char)((r * 299 + gr * 587 + b * 114) / 1000);
        }
    }
    cairo_surface_destroy(sf);
    return g;
}

/* Read page PAGENO, which has no text layer, by OCR: its render goes to the core's OCR
 * (host->ocr_page), which writes the page's lines and drawn fields into the document.
 * Returns the visible characters written (0: nothing read, the reason in WHY when
 * OCR could not run). */
static size_t ocr_scanned_page(pctx *x, PopplerPage *page, int pageno, fa_error *why)
{
    int w = 0, h = 0, dpi = 0;
    unsigned char *g = render_gray(page, &w, &h, &dpi);
    if (!g) {
        fa_error_set(why, FA_ERR_NOMEM, "page %d could not be rendered for OCR", pageno);
        return 0;
    }
    fa_gray img = {.px = g, .w = w, .h = h, .stride = (size_t)w, .scale = dpi / 72.0};
    size_t chars = 0;
    fa_error e = {0};
    if (host->ocr_page(x->doc, &img, dpi, pageno, &chars, &e) != FA_OK && !why->message[0])
        *why = e;
    free(g);
    return chars;
}

/* A page that holds at most this many characters of text (a page number, a stamp, a
 * file name printed by the scanner) under an image covering half of it is a scan. */
#define SCAN_TEXT_CHARS 40

/* Images cover at least half of PAGE (summed areas clipped to the page: a scan is one
 * image, or a few strips). Only asked of pages with almost no text: it walks the
 * page's content again. */
static bool page_mostly_image(PopplerPage *page)
{
    double pw = 0, ph = 0;
    poppler_page_get_size(page, &pw, &ph);
    if (pw <= 0 || ph <= 0)
        return false;
    GList *maps = poppler_page_get_image_mapping(page);
    double area = 0;
    for (GList *m = maps; m; m = m->next) {
        const PopplerImageMapping *im = m->data;
        double x1 = fmax(0, fmin(im->area.x1, im->area.x2)),
               x2 = fmin(pw, fmax(im->area.x1, im->area.x2));
        double y1 = fmax(0, fmin(im->area.y1, im->area.y2)),
               y2 = fmin(ph, fmax(im->area.y1, im->area.y2));
        if (x2 > x1 && y2 > y1)
            area += (x2 - x1) * (y2 - y1);
    }
    poppler_page_free_image_mapping(maps);
    return area >= 0.5 * pw * ph;
}

/* Append page PAGE to the list of scanned pages in BUF ("1-3, 7"): LAST is the last
 * page listed, RUN_START the first page of its run. */
static void list_page(GString *buf, int page, int *last, int *run_start)
{
    if (*last && page == *last + 1) {
        *last = page;
        return;
    }
    if (*last && *last > *run_start)
        g_string_append_printf(buf, "-%d", *last);
    g_string_append_printf(buf, "%s%d", buf->len ? ", " : "", page);
    *last = *run_start = page;
}

/* The helper thread. Nearly all of a PDF's reading time is poppler laying out the text
 * of each page (it even re-reads the page's fonts every time: they are not shared
 * between pages), pages are laid out independently, and a PopplerDocument must not be
 * used by two threads at once. So on a machine with a spare core, a helper opens the
 * same bytes as a second document and reads the text of the odd pages (0-based) while
 * this thread reads the even ones and builds the document in page order. Which
 * document a page's text comes from changes nothing in it; and the split is fixed,
 * not left to timing, so that even a damaged file whose cross-reference table poppler
 * rebuilds part-way through reads the same from run to run. Widgets, sizes and scan
 * checks always come from this thread's document. */
#define HELPER_MIN_PAGES 4 /* below that, starting a thread and a document costs more */
#define HELPER_AHEAD 8     /* pages the helper may read ahead of this thread (memory) */

typedef struct helper {
    PopplerDocument *pd; /* the helper's own document */
    int n_pages;
    ptext *pages;         /* [n_pages], the odd ones filled by the helper */
    unsigned char *state; /* [n_pages]: 0 not yet, 1 read, 2 failed (read here instead) */
    int at;               /* the page this thread is at */
    bool stop;
    pthread_mutex_t lock; /* pthread rather than GMutex: helgrind and tsan see it */
    pthread_cond_t cond;
    pthread_t thread;
} helper;

static void *helper_run(void *data)
{
    helper *h = data;
    for (int i = 1; i < h->n_pages; i += 2) {
        pthread_mutex_lock(&h->lock);
        while (!h->stop && i > h->at + HELPER_AHEAD)
            pthread_cond_wait(&h->cond, &h->lock);
        bool stop = h->stop;
        pthread_mutex_unlock(&h->lock);
        if (stop)
            break;
        PopplerPage *page = poppler_document_get_page(h->pd, i);
        if (page) {
            read_text(page, &h->pages[i]);
            g_object_unref(page); /* frees poppler's layout here too */
        }
        pthread_mutex_lock(&h->lock);
        h->state[i] = page ? 1 : 2;
        pthread_cond_broadcast(&h->cond);
        pthread_mutex_unlock(&h->lock);
    }
    return NULL;
}

static void helper_free(helper *h)
{
    if (!h)
        return;
    if (h->pages)
        for (int i = 0; i < h->n_pages; i++)
            fa_pdf_ptext_free(&h->pages[i]);
    free(h->pages);
    free(h->state);
    if (h->pd)
        g_object_unref(h->pd);
    free(h);
}

/* A helper for a document of N_PAGES opened from BYTES, or NULL: too few pages, a
 * single core or a caller that wants no extra thread (fa_read_set_threads: a batch with
 * a worker per core), or no memory, document or thread for it (then this thread reads
 * every page, as it would anyway). */
static helper *helper_start(GBytes *bytes, int n_pages)
{
    unsigned threads = host->read_threads();
    if (n_pages < HELPER_MIN_PAGES || threads == 1 || (threads == 0 && g_get_num_processors() < 2))
        return NULL;
    helper *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->n_pages = n_pages;
    h->pages = calloc((size_t)n_pages, sizeof *h->pages);
    h->state = calloc((size_t)n_pages, 1);
    if (h->pages && h->state)
        h->pd = poppler_document_new_from_bytes(bytes, NULL, NULL);
    if (!h->pd || poppler_document_get_n_pages(h->pd) < n_pages) {
        helper_free(h);
        return NULL;
    }
    pthread_mutex_init(&h->lock, NULL);
    pthread_cond_init(&h->cond, NULL);
    if (pthread_create(&h->thread, NULL, helper_run, h) != 0) {
        pthread_cond_destroy(&h->cond);
        pthread_mutex_destroy(&h->lock);
        helper_free(h);
        return NULL;
    }
    return h;
}

/* This thread is at page I: let the helper read ahead of it and, for one of the
 * helper's pages, wait for its text and move it to T. False when this thread must read
 * page I itself. */
static bool helper_take(helper *h, int i, ptext *t)
{
    if (!h)
        return false;
    pthread_mutex_lock(&h->lock);
    h->at = i;
    pthread_cond_broadcast(&h->cond);
    bool got = false;
    if (i % 2) {
        while (!h->state[i])
            pthread_cond_wait(&h->cond, &h->lock);
        got = h->state[i] == 1;
    }
    pthread_mutex_unlock(&h->lock);
    if (got) {
        *t = h->pages[i];
        memset(&h->pages[i], 0, sizeof h->pages[i]);
    }
    return got;
}

static void helper_stop(helper *h)
{
    if (!h)
        return;
    pthread_mutex_lock(&h->lock);
    h->stop = true;
    pthread_cond_broadcast(&h->cond);
    pthread_mutex_unlock(&h->lock);
    pthread_join(h->thread, NULL);
    pthread_cond_destroy(&h->cond);
    pthread_mutex_destroy(&h->lock);
    helper_free(h);
}

/* ---------------------------------------------------------------- XFA */

/* One XFA field as a paragraph holding its caption and its control. */
static fa_status add_xfa_field(pctx *x, const pxfa_field *f)
{
    fa_doc *doc = x->doc;
    fa_node *p = fa_node_new(doc, FA_N_PARAGRAPH);
    if (!p)
        return FA_ERR_LIMIT;
    fa_node_append(doc->root, p);
    const char *cap = f->caption ? f->caption : f->tooltip;
    if (cap)
        fa_node_append_text(doc, p, cap, strlen(cap));
    fa_node *cn = fa_doc_add_control(doc, p, f->kind);
    if (!cn)
        return FA_ERR_LIMIT;
    fa_control *c = cn->ctl;
    c->name = f->name ? fa_doc_strdup(doc, f->name) : NULL;
    c->tooltip = f->tooltip ? fa_doc_strdup(doc, f->tooltip) : NULL;
    /* a caption printed before the control is its label (field detection reads it);
     * a field with none is known by its tooltip */
    c->label = !f->caption && f->tooltip ? c->tooltip : NULL;
    c->checked = f->kind == FA_CTL_CHECKBOX || f->kind == FA_CTL_RADIO ? 0 : -1;
    if (f->kind == FA_CTL_RADIO && f->n_items > 1)
        c->kind = FA_CTL_CHOICE; /* an exclusion group: one choice among its buttons */
    for (size_t i = 0; i < f->n_items; i++)
        fa_control_add_option(doc, c, f->items[i], strlen(f->items[i]));
    fa_node_squeeze(p);
    note_line(x, p, NULL, true);
    return FA_OK;
}

/* An XFA form: its template's fields when the pages do not show them as widgets (a
 * dynamic form, or a static one whose AcroForm mirror is missing), after the pages
 * under a heading of their own; a warning says where they come from, or that they
 * could not be read. */
static fa_status read_xfa(pctx *x, const void *data, size_t size)
{
    fa_doc *doc = x->doc;
    pxfa xf;
    fa_status xst = fa_pdf_xfa_read(data, size, &xf);
    fa_status st = FA_OK;
    if (!xf.present) {
        st = xst == FA_ERR_NOMEM ? FA_ERR_NOMEM : FA_OK;
    } else if (xst == FA_ERR_NOMEM) {
        st = FA_ERR_NOMEM;
    } else if (xst != FA_OK) {
        fa_doc_warn(doc,
                    "XFA form: its template could not be read (%s); only the fields its "
                    "pages show were found",
                    xst == FA_ERR_LIMIT ? "too large" : "damaged");
    } else if (!xf.n) {
        fa_doc_warn(doc,
                    "XFA form whose template declares no field to fill (%zu protected, "
                    "hidden or buttons): the fields were read from what the pages print",
                    xf.closed);
    } else if (x->n_widgets * 2 >= xf.n) {
        /* a static form: poppler reads the same fields as AcroForm widgets */
    } else {
        fa_node *h = fa_node_new(doc, FA_N_HEADING);
        if (h) {
            h->level = 1;
            fa_node_append(doc->root, h);
            const char *t = "Champs du formulaire XFA";
            fa_node_append_text(doc, h, t, strlen(t));
        }
        for (size_t i = 0; i < xf.n && st == FA_OK; i++)
            st = add_xfa_field(x, &xf.v[i]);
        x->n_widgets += xf.n;
        fa_doc_warn(doc,
                    "XFA form: %zu field%s read from its XFA template; where they sit on "
                    "the page is not known",
                    xf.n, xf.n > 1 ? "s" : "");
        if (st == FA_ERR_LIMIT)
            st = FA_OK; /* node limit: warned by the model */
    }
    fa_pdf_xfa_free(&xf);
    return st;
}

static fa_status read_pdf(fa_doc *doc, const void *data, size_t size, fa_error *err)
{
    silence_poppler();
    GBytes *bytes = g_bytes_new(data, size);
    GError *ge = NULL;
    PopplerDocument *pd = poppler_document_new_from_bytes(bytes, NULL, &ge);
    if (!pd) {
        g_bytes_unref(bytes);
        return open_error(ge, err);
    }
    /* opened, yet encrypted: an empty user password (restrictions only) */
    doc->encrypted = has_bytes(data, size, "/Encrypt");
    read_meta(doc, pd);
    int n_pages = poppler_document_get_n_pages(pd);
    if (n_pages <= 0) {
        g_bytes_unref(bytes);
        g_object_unref(pd);
        return fa_error_set(err, FA_ERR_CORRUPT, "PDF: no page could be read (damaged page tree)");
    }
    if (n_pages > FA_MAX_PDF_PAGES) {
        fa_doc_warn(doc, "PDF of %d pages: only the first %d read (limit FA_MAX_PDF_PAGES)",
                    n_pages, FA_MAX_PDF_PAGES);
        n_pages = FA_MAX_PDF_PAGES;
    }
    helper *h = helper_start(bytes, n_pages);
    g_bytes_unref(bytes); /* the documents keep their reference */
    pctx x = {.doc = doc};
    x.groups = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    fa_status st = FA_OK;
    GString *blank = g_string_new(NULL);
    fa_error ocr_why = {0}; /* why OCR could not read a scanned page */
    int n_blank = 0, last_blank = 0, run_start = 0, runs = 0;
    bool more = false; /* scanned pages left out of the list */
    for (int i = 0; i < n_pages && st == FA_OK; i++) {
        PopplerPage *page = poppler_document_get_page(pd, i);
        if (!page) {
            fa_doc_warn(doc, "page %d could not be read", i + 1);
            continue;
        }
        if (i > 0) {
            fa_node *br = fa_node_new(doc, FA_N_PAGE_BREAK);
            if (br) {
                br->loc.page = i + 1;
                fa_node_append(doc->root, br);
            }
        }
        size_t chars0 = x.visible_chars, widgets0 = x.n_widgets;
        ptext t = {0};
        if (!helper_take(h, i, &t))
            read_text(page, &t);
        st = read_page(&x, page, &t, i + 1);
        fa_pdf_ptext_free(&t);
        size_t chars = x.visible_chars - chars0;
        bool scanned = st == FA_OK && x.n_widgets == widgets0 &&
                       (chars == 0 || (chars <= SCAN_TEXT_CHARS && page_mostly_image(page)));
        if (scanned && host->ocr_enabled()) {
            size_t got = ocr_scanned_page(&x, page, i + 1, &ocr_why);
            x.visible_chars += got;
            scanned = got == 0;
        }
        if (scanned) {
            /* a page image without text (or a page number over it): what it asks is
             * invisible to the audit */
            bool new_run = !last_blank || i + 1 != last_blank + 1;
            if (runs < 20 || !new_run) {
                list_page(blank, i + 1, &last_blank, &run_start);
                runs += new_run;
            } else {
                more = true;
            }
            n_blank++;
        }
        g_object_unref(page);
    }
    helper_stop(h);
    if (st == FA_ERR_LIMIT)
        st = FA_OK; /* node limit: warned by the model, keep what was read */
    if (last_blank > run_start)
        g_string_append_printf(blank, "-%d", last_blank);
    if (n_blank && (n_blank < n_pages || x.visible_chars || x.n_widgets))
        fa_doc_warn(
            doc,
            "page%s %s%s look%s scanned (%d of %d pages, no text layer): %s content was not read",
            n_blank > 1 ? "s" : "", blank->str, more ? ", ..." : "", n_blank > 1 ? "" : "s",
            n_blank, n_pages, n_blank > 1 ? "their" : "its");
    g_string_free(blank, TRUE);
    if (x.gfx_skipped)
        fa_doc_warn(doc,
                    "%d page%s with too much ink to be a form (a photograph?): %s drawn boxes "
                    "and lines were not read",
                    x.gfx_skipped, x.gfx_skipped > 1 ? "s" : "",
                    x.gfx_skipped > 1 ? "their" : "its");
    if (st == FA_OK)
        st = read_xfa(&x, data, size);
    classify_lines(&x);
    host->ocr_summarize(doc);
    free(x.info);
    g_hash_table_destroy(x.groups);
    g_object_unref(pd);
    doc->pages = n_pages;
    if (st != FA_OK)
        return fa_error_set(err, st, "PDF: out of memory");
    if (x.visible_chars == 0 && x.n_widgets == 0 && n_pages > 0) {
        doc->no_text_layer = true;
        if (!host->ocr_enabled())
            return fa_error_set(err, FA_ERR_NO_TEXT,
                                "no text layer: scanned PDF (%d page%s); OCR it first", n_pages,
                                n_pages > 1 ? "s" : "");
        return fa_error_set(err, FA_ERR_NO_TEXT, "no text layer (%d page%s) and %s", n_pages,
                            n_pages > 1 ? "s" : "",
                            ocr_why.message[0] ? ocr_why.message : "OCR found no text");
    }
    fa_doc_finish(doc);
    return FA_OK;
}

fa_pdf_read_fn fa_pdf_module_entry(const fa_pdf_host *h)
{
    if (!h || strcmp(h->version, FA_VERSION) != 0 || h->abi != FA_PDF_ABI ||
        h->doc_size != sizeof(fa_doc) || h->node_size != sizeof(fa_node) ||
        h->control_size != sizeof(fa_control) || h->error_size != sizeof(fa_error))
        return NULL;
    host = h;
    return read_pdf;
}
