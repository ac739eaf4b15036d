/* read_odt.c — ODT (OpenDocument text) reader: content.xml, styles.xml (page headers
 * and footers, paragraph styles) and meta.xml, streamed with xmlread.c.
 *
 * Form controls are declared in office:forms before the body text and placed in the
 * text by `draw:control draw:control="ID"`; the reader keeps the declarations and
 * creates each CONTROL where its anchor sits. Fields of the text itself (text input
 * fields, placeholders, drop-downs, user and variable fields, database fields) are
 * CONTROLs too, where they sit. Tab stops with a leader are written as the dotted or
 * underscored line they draw; hidden text is read into paragraphs marked hidden. Like
 * read_docx.c, a stack of frames saves and restores the reading context as elements
 * open and close.
 */
#include "fa_limits.h"
#include "pkgread.h"
#include "read.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_TABLE "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_DRAW "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_FORM "urn:oasis:names:tc:opendocument:xmlns:form:1.0"
#define NS_STYLE "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define NS_FO "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
#define NS_XML "http://www.w3.org/XML/1998/namespace"

/* Below 9 pt text is small print (same threshold as DOCX). */
#define SMALL_PT2 18
/* LibreOffice's default font size (12 pt) in half-points, for the pen estimate. */
#define DEFAULT_PT2 24
/* Custom tab stops kept per style (forms use 1-4). */
#define MAX_TABS 8
/* LibreOffice's default tab stops: every 1.25 cm (709 twips). */
#define DEFAULT_TAB_TWIPS 709

/* A tab stop: position in twips from the indent, and whether a leader draws the line
 * to fill up to it (0 none, 1 dots, 2 a line). */
typedef struct tabstop {
    int pos;
    int leader;
} tabstop;

/* ---------------------------------------------------------------- styles */

typedef struct ostyle {
    char *name, *parent;
    int bold;      /* -1 unset */
    int size;      /* half-points, 0 unset */
    int hidden;    /* text:display="none": -1 unset */
    int level;     /* heading level of a paragraph style, 0 unset */
    bool has_tabs; /* style:tab-stops given: they replace the parent style's */
    tabstop tabs[MAX_TABS];
    int ntabs;
} ostyle;

/* Heading level from a style name: "Heading_20_2" / "Heading 2", "Title", "Titre 1". */
static int level_from_name(const char *s)
{
    if (!s)
        return 0;
    if (!strcasecmp(s, "Title") || !strcasecmp(s, "Titre"))
        return 1;
    size_t k;
    if (!strncasecmp(s, "Heading", 7))
        k = 7;
    else if (!strncasecmp(s, "Titre", 5))
        k = 5;
    else
        return 0;
    if (!strncmp(s + k, "_20_", 4))
        k += 4;
    while (s[k] == ' ')
        k++;
    char *end;
    long v = strtol(s + k, &end, 10);
    return end != s + k && !*end && v >= 1 && v <= 10 ? (int)v : 0;
}

/* ---------------------------------------------------------------- form controls */

typedef struct pctl {
    char *id;
    fa_control_kind kind;
    char *name, *label, *tooltip, *value;
    int checked;
    fa_strvec options;
    char *selected; /* option marked selected */
    bool used;
} pctl;

typedef struct ctx {
    fa_node *container;
    unsigned flags;
    int p;        /* frame of the open paragraph, -1 none */
    int tbl, row; /* frames of the open table / row */
    int list;     /* list nesting */
    bool text;    /* character data here is document text */
    bool hidden;  /* ... but hidden (display:none, hidden text): kept apart, marked */
    bool index;   /* inside a table of contents or an index: leaders lead to page numbers */
    int field;    /* frame of the open text field whose content is its value, -1 none */
    bool header_row;
    int bold, size; /* current span formatting, -1 / 0 unset */
    bool in_forms, in_body;
} ctx;

typedef enum okind { O_OTHER = 0, O_P, O_TABLE, O_ROW, O_CELL, O_STYLE, O_PCTL, O_FIELD } okind;

typedef struct frame {
    okind kind;
    ctx saved;
    fa_node *node;
    size_t bold_bytes, plain_bytes, small_bytes, big_bytes;
    /* paragraph: tab stops, pen estimate (twips), hidden text; field: its value */
    tabstop tabs[MAX_TABS];
    int ntabs, pen;
    fa_buf buf;
    bool placeholder;
    /* table grid */
    int *vcover, *vcols;
    size_t ncols;
    int col, hskip;
} frame;

typedef struct rd {
    fa_pkg pk; /* first: the state is made by fa_pkg_new */
    fa_doc *doc;
    frame st[FA_MAX_XML_DEPTH + 8];
    int top;
    ctx c;
    ostyle *sv;
    size_t ns, nalloc;
    int *slots; /* styles by name: index into sv, -1 empty (NULL: scan sv) */
    size_t nslots;
    ostyle *cur_style;
    pctl *pc;
    size_t npc, pcalloc;
    pctl *cur_pctl;
    fa_strvec radio_groups;
    int hf;       /* styles.xml pass: 1 headers, 2 footers */
    int hf_depth; /* inside style:header... */
    bool flat;    /* flat ODT: every pass reads the whole file */
} rd;

/* The namespaces the reader tells apart, in fa_xml_ns_index order. */
enum { K_TEXT, K_TABLE, K_DRAW, K_OFFICE, K_FORM, K_STYLE };
static const char *const known_ns[] = {NS_TEXT, NS_TABLE, NS_DRAW, NS_OFFICE, NS_FORM, NS_STYLE};

static int ns_of(fa_xml *x)
{
    return fa_xml_ns_index(x, known_ns, (int)(sizeof known_ns / sizeof *known_ns));
}

/* The current element is L in namespace NS (K_*). */
static bool is(fa_xml *x, int ns, const char *l)
{
    return ns_of(x) == ns && !strcmp(fa_xml_local(x), l);
}

static size_t name_hash(const char *s)
{
    size_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* Put style I in the table; a later style of the same name takes the slot. */
static void slot_put(rd *R, size_t i)
{
    size_t mask = R->nslots - 1, k = name_hash(R->sv[i].name) & mask;
    while (R->slots[k] >= 0 && strcmp(R->sv[R->slots[k]].name, R->sv[i].name))
        k = (k + 1) & mask;
    R->slots[k] = (int)i;
}

/* Index the style just added (the last of sv). The table stays at most half full;
 * without memory for it, style_find scans. */
static void style_indexed(rd *R)
{
    if (!R->slots && R->ns > 1)
        return; /* no memory for the table earlier: scanning */
    if (R->ns * 2 <= R->nslots) {
        slot_put(R, R->ns - 1);
        return;
    }
    size_t n = R->nslots ? R->nslots * 2 : 256;
    int *v = realloc(R->slots, n * sizeof *v);
    if (!v) {
        free(R->slots);
        R->slots = NULL;
        R->nslots = 0;
        return;
    }
    memset(v, 0xff, n * sizeof *v); /* all -1 */
    R->slots = v;
    R->nslots = n;
    for (size_t i = 0; i < R->ns; i++)
        slot_put(R, i);
}

/* The last style defined with NAME: content.xml's automatic styles come after
 * styles.xml's and win. */
static ostyle *style_find(rd *R, const char *name)
{
    if (!name)
        return NULL;
    if (R->slots) {
        size_t mask = R->nslots - 1;
        for (size_t k = name_hash(name) & mask; R->slots[k] >= 0; k = (k + 1) & mask)
            if (!strcmp(R->sv[R->slots[k]].name, name))
                return &R->sv[R->slots[k]];
        return NULL;
    }
    for (size_t i = R->ns; i-- > 0;)
        if (!strcmp(R->sv[i].name, name))
            return &R->sv[i];
    return NULL;
}

/* Properties of style NAME, following parent styles (bounded: parents may loop). */
static void style_props(rd *R, const char *name, int *bold, int *size, int *hidden, int *level)
{
    *bold = -1, *size = 0, *hidden = -1, *level = 0;
    ostyle *s = style_find(R, name);
    const char *missing = s ? NULL : name;
    for (int hop = 0; s && hop < 10; hop++) {
        if (!*level)
            *level = s->level;
        if (*bold < 0)
            *bold = s->bold;
        if (!*size)
            *size = s->size;
        if (*hidden < 0)
            *hidden = s->hidden;
        const char *parent = s->parent;
        s = style_find(R, parent);
        if (!s)
            missing = parent;
    }
    /* A style used but not defined (styles.xml absent) still says what it is. */
    if (!*level && missing)
        *level = level_from_name(missing);
}

/* The tab stops of style NAME: its own, or its nearest parent's that has some. */
static int style_tabs(rd *R, const char *name, tabstop *out)
{
    ostyle *s = style_find(R, name);
    for (int hop = 0; s && hop < 10; hop++) {
        if (s->has_tabs) {
            memcpy(out, s->tabs, (size_t)s->ntabs * sizeof *out);
            return s->ntabs;
        }
        s = style_find(R, s->parent);
    }
    return 0;
}

static void styles_free(rd *R)
{
    for (size_t i = 0; i < R->ns; i++) {
        free(R->sv[i].name);
        free(R->sv[i].parent);
    }
    free(R->sv);
    free(R->slots);
}

static void pctls_free(rd *R)
{
    for (size_t i = 0; i < R->npc; i++) {
        pctl *p = &R->pc[i];
        free(p->id);
        free(p->name);
        free(p->label);
        free(p->tooltip);
        free(p->value);
        free(p->selected);
        fa_strvec_free(&p->options);
    }
    free(R->pc);
    fa_strvec_free(&R->radio_groups);
}

/* "12pt", "0.4cm", "9.5pt" -> half-points (0 when unknown or relative). */
static int font_size(const char *s)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || v <= 0 || v > 2000)
        return 0;
    if (!strcmp(end, "pt"))
        return (int)(v * 2 + 0.5);
    if (!strcmp(end, "cm"))
        return (int)(v / 2.54 * 72 * 2 + 0.5);
    if (!strcmp(end, "mm"))
        return (int)(v / 25.4 * 72 * 2 + 0.5);
    if (!strcmp(end, "in"))
        return (int)(v * 72 * 2 + 0.5);
    return 0;
}

/* "17cm", "6.5in", "120pt" -> twips (0 when unknown). */
static int length_twips(const char *s)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || v < 0 || v > 10000)
        return 0;
    if (!strcmp(end, "cm"))
        return (int)(v * 567 + 0.5);
    if (!strcmp(end, "mm"))
        return (int)(v * 56.7 + 0.5);
    if (!strcmp(end, "in"))
        return (int)(v * 1440 + 0.5);
    if (!strcmp(end, "pt"))
        return (int)(v * 20 + 0.5);
    return 0;
}

/* ---------------------------------------------------------------- frames */

/* Hidden text of paragraph frame F: the paragraph itself when nothing else shows,
 * else a paragraph marked hidden after it (read, not what the form shows). */
static void hidden_paragraph(rd *R, frame *f)
{
    if (f->kind != O_P || !f->buf.len || !fa_ink(f->buf.data, f->buf.len))
        return;
    fa_node *n = f->node, *h = n;
    if (n->len || n->first) {
        h = fa_node_new(R->doc, FA_N_PARAGRAPH);
        if (!h)
            return;
        h->loc = n->loc;
        h->flags = n->flags & ~(unsigned)(FA_NF_BOLD | FA_NF_SMALL);
        fa_node_append(n->parent, h);
    }
    fa_node_append_text(R->doc, h, f->buf.data, f->buf.len);
    fa_node_squeeze(h);
    h->flags |= FA_NF_HIDDEN;
}

/* A text field ends: what it showed is its value, or, for a placeholder ("<Nom>"),
 * the name of what to type. */
static void field_end(rd *R, frame *f)
{
    if (!f->node || !f->node->ctl)
        return;
    fa_control *c = f->node->ctl;
    char *v = f->buf.len ? fa_doc_strndup(R->doc, f->buf.data, f->buf.len) : NULL;
    if (v && !*v)
        v = NULL;
    if (f->placeholder) {
        if (!c->label && v) {
            size_t n = strlen(v);
            if (n >= 2 && v[0] == '<' && v[n - 1] == '>')
                v = fa_doc_strndup(R->doc, v + 1, n - 2);
            c->label = v && *v ? v : NULL;
        }
    } else if (c->kind == FA_CTL_CHOICE) {
        if (!c->value)
            c->value = v;
    } else {
        c->value = v;
    }
}

static fa_status push(rd *R, okind k)
{
    if (R->top + 1 >= (int)(sizeof R->st / sizeof R->st[0]))
        return fa_error_set(R->pk.err, FA_ERR_LIMIT, "%s: elements nested deeper than %d",
                            R->pk.part, FA_MAX_XML_DEPTH);
    frame *f = &R->st[++R->top];
    memset(f, 0, sizeof *f);
    f->kind = k;
    f->saved = R->c;
    return FA_OK;
}

static void pop(rd *R)
{
    frame *f = &R->st[R->top];
    if (f->kind == O_P && f->node) {
        if (f->bold_bytes && !f->plain_bytes)
            f->node->flags |= FA_NF_BOLD;
        if (f->small_bytes && !f->big_bytes)
            f->node->flags |= FA_NF_SMALL;
        fa_node_squeeze(f->node);
        hidden_paragraph(R, f);
    } else if (f->kind == O_FIELD) {
        field_end(R, f);
    } else if (f->kind == O_ROW) {
        frame *t = R->c.tbl >= 0 ? &R->st[R->c.tbl] : NULL;
        for (size_t i = 0; t && i < t->ncols; i++)
            if (t->vcover[i] > 0)
                t->vcover[i]--;
    } else if (f->kind == O_TABLE) {
        free(f->vcover);
        free(f->vcols);
    } else if (f->kind == O_STYLE) {
        R->cur_style = NULL;
    } else if (f->kind == O_PCTL) {
        R->cur_pctl = NULL;
    }
    fa_buf_free(&f->buf);
    R->c = f->saved;
    R->top--;
}

static fa_node *new_block(rd *R, fa_node_type t)
{
    return fa_pkg_node(&R->pk, t, R->c.container, R->c.flags);
}

static void emit(rd *R, const char *s, size_t n)
{
    if (!n || !R->c.text || R->c.p < 0)
        return;
    frame *p = &R->st[R->c.p];
    if (!p->node)
        return;
    if (R->c.field >= 0) { /* a text field's content is its value */
        fa_buf_append(&R->st[R->c.field].buf, s, n);
        return;
    }
    if (R->c.hidden) {
        p->buf.cap = FA_MAX_PARAGRAPH;
        fa_buf_append(&p->buf, s, n);
        return;
    }
    long long chars = 0;
    for (size_t i = 0; i < n; i++)
        chars += ((unsigned char)s[i] & 0xC0) != 0x80 && s[i] != '\t' && s[i] != '\n';
    /* half an em a character; past a page width (capped: a huge paragraph is no line) */
    long long w = chars * (R->c.size > 0 && R->c.size < 4000 ? R->c.size : DEFAULT_PT2) * 5;
    p->pen = (int)(p->pen + w < (1 << 24) ? p->pen + w : (1 << 24));
    fa_node_append_text(R->doc, p->node, s, n);
    size_t k = fa_ink(s, n);
    if (R->c.bold == 1)
        p->bold_bytes += k;
    else
        p->plain_bytes += k;
    if (R->c.size > 0 && R->c.size < SMALL_PT2)
        p->small_bytes += k;
    else
        p->big_bytes += k;
}

/* Paragraph-level style formatting becomes the starting span formatting. */
static void apply_style(rd *R, bool *hidden, int *level)
{
    char name[256];
    *hidden = false;
    *level = 0;
    if (!fa_xml_attr_buf(R->pk.x, NS_TEXT, "style-name", name, sizeof name))
        return;
    int b, sz, h;
    style_props(R, name, &b, &sz, &h, level);
    if (b >= 0)
        R->c.bold = b;
    if (sz > 0)
        R->c.size = sz;
    *hidden = h == 1;
}

static void page_break(rd *R)
{
    fa_node *br = fa_node_new(R->doc, FA_N_PAGE_BREAK);
    if (!br)
        return;
    br->loc.part = R->pk.part;
    if (R->c.p >= 0 && R->st[R->c.p].node && R->st[R->c.p].node->parent)
        fa_node_append(R->st[R->c.p].node->parent, br);
    else
        fa_node_append(R->c.container, br);
}

/* ---------------------------------------------------------------- office:forms */

static fa_status form_control_start(rd *R)
{
    fa_xml *x = R->pk.x;
    const char *l = fa_xml_local(x);
    fa_control_kind k;
    if (!strcmp(l, "text") || !strcmp(l, "formatted-text") || !strcmp(l, "number") ||
        !strcmp(l, "password") || !strcmp(l, "time"))
        k = FA_CTL_TEXT;
    else if (!strcmp(l, "textarea"))
        k = FA_CTL_MULTILINE;
    else if (!strcmp(l, "checkbox"))
        k = FA_CTL_CHECKBOX;
    else if (!strcmp(l, "radio"))
        k = FA_CTL_RADIO;
    else if (!strcmp(l, "listbox") || !strcmp(l, "combobox"))
        k = FA_CTL_CHOICE;
    else if (!strcmp(l, "date"))
        k = FA_CTL_DATE;
    else if (!strcmp(l, "button") || !strcmp(l, "image"))
        k = FA_CTL_BUTTON;
    else if (!strcmp(l, "file"))
        k = FA_CTL_OTHER;
    else
        return FA_OK;
    char *id = fa_xml_attr(x, NS_FORM, "id");
    if (!id)
        id = fa_xml_attr(x, NS_XML, "id");
    if (!id)
        return FA_OK; /* nothing can anchor it */
    if (R->npc == R->pcalloc) {
        size_t na = R->pcalloc ? R->pcalloc * 2 : 32;
        if (na > (size_t)FA_MAX_FIELDS * 2) {
            char n[32];
            fa_doc_warn(R->doc,
                        "more than %s form controls: the rest are not read (limit FA_MAX_FIELDS)",
                        fa_count_str(n, sizeof n, R->pcalloc));
            free(id);
            return FA_OK;
        }
        pctl *v = realloc(R->pc, na * sizeof *v);
        if (!v) {
            free(id);
            return fa_error_set(R->pk.err, FA_ERR_NOMEM, "out of memory");
        }
        R->pc = v;
        R->pcalloc = na;
    }
    pctl *p = &R->pc[R->npc++];
    memset(p, 0, sizeof *p);
    p->id = id;
    p->kind = k;
    p->name = fa_xml_attr(x, NS_FORM, "name");
    p->label = fa_xml_attr(x, NS_FORM, "label");
    p->tooltip = fa_xml_attr(x, NS_FORM, "title");
    p->value = fa_xml_attr(x, NS_FORM, "current-value");
    if (!p->value && k != FA_CTL_CHECKBOX && k != FA_CTL_RADIO && k != FA_CTL_BUTTON)
        p->value = fa_xml_attr(x, NS_FORM, "value");
    p->checked = -1;
    if (k == FA_CTL_CHECKBOX || k == FA_CTL_RADIO) {
        char s[32];
        if (fa_xml_attr_buf(x, NS_FORM, "current-state", s, sizeof s) ||
            fa_xml_attr_buf(x, NS_FORM, "state", s, sizeof s))
            p->checked = !strcmp(s, "checked");
        else if (fa_xml_attr_buf(x, NS_FORM, "current-selected", s, sizeof s) ||
                 fa_xml_attr_buf(x, NS_FORM, "selected", s, sizeof s))
            p->checked = !strcmp(s, "true");
        else
            p->checked = 0;
    }
    if (!fa_xml_empty(x)) {
        fa_status st = push(R, O_PCTL);
        R->cur_pctl = p;
        return st;
    }
    return FA_OK;
}

static void form_option(rd *R)
{
    pctl *p = R->cur_pctl;
    fa_xml *x = R->pk.x;
    if (!p || (!is(x, K_FORM, "option") && !is(x, K_FORM, "item")))
        return;
    char b[1024];
    if (!fa_xml_attr_buf(x, NS_FORM, "label", b, sizeof b) || !*b)
        if (!fa_xml_attr_buf(x, NS_FORM, "value", b, sizeof b))
            return;
    if (p->options.n <= FA_MAX_OPTIONS) /* one past the limit: fa_control_add_option warns */
        fa_strvec_push(&p->options, b);
    char s[16];
    if (!p->selected &&
        ((fa_xml_attr_buf(x, NS_FORM, "current-selected", s, sizeof s) && !strcmp(s, "true"))))
        p->selected = fa_strdup(b);
}

static void anchor_control(rd *R)
{
    char id[256];
    if (!fa_xml_attr_buf(R->pk.x, NS_DRAW, "control", id, sizeof id))
        return;
    pctl *p = NULL;
    for (size_t i = 0; i < R->npc; i++)
        if (!R->pc[i].used && !strcmp(R->pc[i].id, id)) {
            p = &R->pc[i];
            break;
        }
    if (!p)
        return;
    p->used = true;
    fa_node *anchor = R->c.p >= 0 && R->st[R->c.p].node ? R->st[R->c.p].node : R->c.container;
    fa_node *n = fa_doc_add_control(R->doc, anchor, p->kind);
    if (!n)
        return;
    n->loc.part = R->pk.part;
    n->loc.line = fa_xml_line(R->pk.x);
    n->flags = R->c.flags;
    fa_control *c = n->ctl;
    c->name = fa_doc_strdup(R->doc, p->name);
    c->label = fa_doc_strdup(R->doc, p->label);
    c->tooltip = fa_doc_strdup(R->doc, p->tooltip);
    c->checked = p->checked;
    for (size_t i = 0; i < p->options.n; i++)
        fa_control_add_option(R->doc, c, p->options.v[i], strlen(p->options.v[i]));
    const char *v = p->selected ? p->selected : p->value;
    if (v && *v) {
        char *s = fa_doc_strdup(R->doc, v);
        c->value = s && *s ? s : NULL;
    }
    if (p->kind == FA_CTL_RADIO && p->name) {
        size_t g = 0;
        while (g < R->radio_groups.n && strcmp(R->radio_groups.v[g], p->name))
            g++;
        if (g == R->radio_groups.n)
            fa_strvec_push(&R->radio_groups, p->name);
        c->group = (int)g + 1;
    }
}

/* ---------------------------------------------------------------- content */

static fa_status table_cell(rd *R, bool covered, bool empty)
{
    fa_xml *x = R->pk.x;
    frame *t = R->c.tbl >= 0 ? &R->st[R->c.tbl] : NULL;
    frame *row = R->c.row >= 0 ? &R->st[R->c.row] : NULL;
    if (!t || !row || !row->node) {
        if (empty)
            return FA_OK;
        return push(R, O_OTHER);
    }
    int col = t->col++;
    if ((size_t)col >= t->ncols) {
        size_t na = (size_t)col + 16;
        if (na > 100000) { /* absurd grids: stop tracking */
            fa_xml_skip(x);
            return FA_OK;
        }
        int *a = realloc(t->vcover, na * sizeof *a),
            *b = a ? realloc(t->vcols, na * sizeof *b) : NULL;
        if (a)
            t->vcover = a;
        if (!a || !b)
            return fa_error_set(R->pk.err, FA_ERR_NOMEM, "out of memory");
        t->vcols = b;
        memset(t->vcover + t->ncols, 0, (na - t->ncols) * sizeof *a);
        memset(t->vcols + t->ncols, 0, (na - t->ncols) * sizeof *b);
        t->ncols = na;
    }
    int rowspan = 1, colspan = 1;
    if (covered) {
        if (t->hskip > 0) {
            /* part of a wider cell on this row: not a cell of its own */
            t->hskip--;
            fa_xml_skip(x);
            return FA_OK;
        }
        rowspan = 0;
        colspan = t->vcover[col] > 0 && t->vcols[col] > 0 ? t->vcols[col] : 1;
        t->hskip = colspan - 1;
    } else {
        char b[32];
        if (fa_xml_attr_buf(x, NS_TABLE, "number-columns-spanned", b, sizeof b))
            colspan = atoi(b);
        if (fa_xml_attr_buf(x, NS_TABLE, "number-rows-spanned", b, sizeof b))
            rowspan = atoi(b);
        if (colspan < 1 || colspan > 1000)
            colspan = 1;
        if (rowspan < 1 || rowspan > 100000)
            rowspan = 1;
        t->hskip = colspan - 1;
        t->vcover[col] = rowspan > 1 ? rowspan : 0;
        t->vcols[col] = colspan;
    }
    fa_node *n = fa_node_new(R->doc, FA_N_CELL);
    if (n) {
        n->loc.part = R->pk.part;
        n->flags = R->c.flags;
        n->rowspan = rowspan;
        n->colspan = colspan;
        fa_node_append(row->node, n);
    }
    /* table:number-columns-repeated: identical cells (in forms, empty ones to fill) */
    char rep[32];
    int nrep = !covered && fa_xml_attr_buf(x, NS_TABLE, "number-columns-repeated", rep, sizeof rep)
                   ? atoi(rep)
                   : 1;
    for (int i = 1; i < nrep && i < 64 && n; i++) {
        fa_node *c = fa_node_new(R->doc, FA_N_CELL);
        if (!c)
            break;
        c->loc.part = R->pk.part;
        c->flags = R->c.flags;
        fa_node_append(row->node, c);
        if (t->col < (int)t->ncols)
            t->vcover[t->col] = 0;
        t->col++;
    }
    if (empty)
        return FA_OK;
    fa_status st = push(R, O_CELL);
    if (st)
        return st;
    R->st[R->top].node = n;
    if (n)
        R->c.container = n;
    R->c.p = -1;
    return FA_OK;
}

static fa_status style_start(rd *R)
{
    fa_xml *x = R->pk.x;
    if (is(x, K_STYLE, "style")) {
        char *name = fa_xml_attr(x, NS_STYLE, "name");
        if (!name)
            return fa_xml_empty(x) ? FA_OK : push(R, O_OTHER);
        if (R->ns == R->nalloc) {
            size_t na = R->nalloc ? R->nalloc * 2 : 64;
            ostyle *v = na <= 200000 ? realloc(R->sv, na * sizeof *v) : NULL;
            if (!v) {
                free(name);
                return fa_xml_empty(x) ? FA_OK : push(R, O_OTHER);
            }
            R->sv = v;
            R->nalloc = na;
        }
        ostyle *s = &R->sv[R->ns++];
        s->name = name;
        style_indexed(R);
        s->parent = fa_xml_attr(x, NS_STYLE, "parent-style-name");
        s->bold = s->hidden = -1;
        s->size = 0;
        s->has_tabs = false;
        s->ntabs = 0;
        char b[64];
        if (fa_xml_attr_buf(x, NS_STYLE, "default-outline-level", b, sizeof b))
            s->level = atoi(b) >= 1 && atoi(b) <= 10 ? atoi(b) : 0;
        else
            s->level = level_from_name(name);
        if (fa_xml_empty(x))
            return FA_OK;
        fa_status st = push(R, O_STYLE);
        R->cur_style = s;
        return st;
    }
    if (R->cur_style && is(x, K_STYLE, "tab-stops")) {
        R->cur_style->has_tabs = true;
        R->cur_style->ntabs = 0;
    }
    if (R->cur_style && is(x, K_STYLE, "tab-stop")) {
        ostyle *s = R->cur_style;
        char b[64];
        s->has_tabs = true;
        if (s->ntabs < MAX_TABS && fa_xml_attr_buf(x, NS_STYLE, "position", b, sizeof b)) {
            tabstop t = {.pos = length_twips(b)};
            char ls[32] = "", lt[16] = "";
            fa_xml_attr_buf(x, NS_STYLE, "leader-style", ls, sizeof ls);
            fa_xml_attr_buf(x, NS_STYLE, "leader-text", lt, sizeof lt);
            if (!strcmp(lt, "_") || !strcmp(ls, "solid"))
                t.leader = 2;
            else if ((*ls && strcmp(ls, "none")) || (*lt && strcmp(lt, " ")))
                t.leader = 1;
            int k = s->ntabs;
            while (k > 0 && s->tabs[k - 1].pos > t.pos) {
                s->tabs[k] = s->tabs[k - 1];
                k--;
            }
            s->tabs[k] = t;
            s->ntabs++;
        }
    }
    if (R->cur_style && is(x, K_STYLE, "text-properties")) {
        char b[64];
        ostyle *s = R->cur_style;
        if (fa_xml_attr_buf(x, NS_FO, "font-weight", b, sizeof b))
            s->bold = !strcmp(b, "bold") || atoi(b) >= 600;
        if (fa_xml_attr_buf(x, NS_FO, "font-size", b, sizeof b))
            s->size = font_size(b);
        if (fa_xml_attr_buf(x, NS_TEXT, "display", b, sizeof b))
            s->hidden = !strcmp(b, "none");
    }
    return fa_xml_empty(x) ? FA_OK : push(R, O_OTHER);
}

/* ---------------------------------------------------------------- text elements */

static fa_status para_start(rd *R, const char *l, bool empty)
{
    fa_xml *x = R->pk.x;
    char b[64];
    fa_node_type t = !strcmp(l, "h") ? FA_N_HEADING
                     : R->c.list > 0 ? FA_N_LIST_ITEM
                                     : FA_N_PARAGRAPH;
    fa_node *n = new_block(R, t);
    if (n && t == FA_N_HEADING) {
        int lv = fa_xml_attr_buf(x, NS_TEXT, "outline-level", b, sizeof b) ? atoi(b) : 1;
        n->level = lv >= 1 && lv <= 10 ? lv : 1;
    } else if (n && t == FA_N_LIST_ITEM) {
        n->level = R->c.list;
    }
    if (empty)
        return FA_OK;
    fa_status st = push(R, O_P);
    if (st)
        return st;
    frame *f = &R->st[R->top];
    f->node = n;
    R->c.p = R->top;
    R->c.text = true;
    R->c.bold = -1;
    R->c.size = 0;
    bool hidden;
    int lv;
    apply_style(R, &hidden, &lv);
    char name[256];
    if (fa_xml_attr_buf(x, NS_TEXT, "style-name", name, sizeof name))
        f->ntabs = style_tabs(R, name, f->tabs);
    if (hidden && n)
        n->flags |= FA_NF_HIDDEN;
    if (n && lv > 0 && n->type == FA_N_PARAGRAPH) {
        /* a paragraph in a heading style reads as a heading */
        n->type = FA_N_HEADING;
        n->level = lv;
    }
    return FA_OK;
}

/* text:tab: white space, or the dotted / underscored line of a tab stop with a leader
 * (a stop past the estimated pen position), written as field detection reads a blank. */
static void tab(rd *R)
{
    frame *p = R->c.p >= 0 ? &R->st[R->c.p] : NULL;
    const tabstop *t = NULL;
    for (int i = 0; p && i < p->ntabs && !t; i++)
        if (p->tabs[i].pos > p->pen)
            t = &p->tabs[i];
    int pen = p ? t ? t->pos : (p->pen / DEFAULT_TAB_TWIPS + 1) * DEFAULT_TAB_TWIPS : 0;
    if (!t || !t->leader || R->c.hidden || R->c.field >= 0 || R->c.index)
        emit(R, "\t", 1);
    else
        emit(R, t->leader == 1 ? " ........ " : " ________ ", 10);
    if (p)
        p->pen = pen;
}

/* Fields of the text: input fields, placeholders, drop-downs, user and variable
 * fields, database fields. Each is a CONTROL where it sits; what it shows is its value
 * (or, for a placeholder, what to type). True when L is one. */
static bool field_start(rd *R, const char *l, bool empty, fa_status *st)
{
    /* user fields and database fields show data about someone (a template's "Nom du
     * client", a mail merge column); variables and expressions show computed values */
    static const char *const getters[] = {"user-field-get", "database-display", NULL};
    fa_xml *x = R->pk.x;
    fa_control_kind k = FA_CTL_TEXT;
    bool input =
        !strcmp(l, "text-input") || !strcmp(l, "variable-input") || !strcmp(l, "user-field-input");
    bool plc = !strcmp(l, "placeholder"), drop = !strcmp(l, "drop-down"), get = false;
    for (size_t i = 0; getters[i] && !get; i++)
        get = !strcmp(l, getters[i]);
    if (!input && !plc && !drop && !get)
        return false;
    *st = FA_OK;
    char b[1024];
    if (plc && fa_xml_attr_buf(x, NS_TEXT, "placeholder-type", b, sizeof b) && strcmp(b, "text"))
        return false; /* image, table, object placeholders: their text is shown as is */
    if (drop)
        k = FA_CTL_CHOICE;
    if (R->c.p < 0 || !R->st[R->c.p].node || R->c.field >= 0 || R->c.hidden) {
        *st = empty ? FA_OK : push(R, O_OTHER);
        return true;
    }
    fa_node *n = fa_doc_add_control(R->doc, R->st[R->c.p].node, k);
    if (n) {
        n->loc.part = R->pk.part;
        n->loc.line = fa_xml_line(x);
        n->flags = R->c.flags;
        fa_control *c = n->ctl;
        if (fa_xml_attr_buf(x, NS_TEXT, "name", b, sizeof b) ||
            fa_xml_attr_buf(x, NS_TEXT, "column-name", b, sizeof b))
            c->name = fa_doc_strdup(R->doc, b);
        if (fa_xml_attr_buf(x, NS_TEXT, "description", b, sizeof b) && *b)
            c->label = fa_doc_strdup(R->doc, b);
    }
    if (empty)
        return true;
    *st = push(R, O_FIELD);
    if (*st)
        return true;
    frame *f = &R->st[R->top];
    f->node = n;
    f->placeholder = plc;
    f->buf.cap = FA_MAX_PARAGRAPH;
    R->c.field = R->top;
    return true;
}

/* text:label of a drop-down: one of its options. */
static void drop_down_option(rd *R)
{
    frame *f = R->c.field >= 0 ? &R->st[R->c.field] : NULL;
    char b[1024];
    if (!f || !f->node || !f->node->ctl || f->node->ctl->kind != FA_CTL_CHOICE ||
        !fa_xml_attr_buf(R->pk.x, NS_TEXT, "value", b, sizeof b) || !*b)
        return;
    fa_control *c = f->node->ctl;
    fa_control_add_option(R->doc, c, b, strlen(b));
    char sel[16];
    if (fa_xml_attr_buf(R->pk.x, NS_TEXT, "current-selected", sel, sizeof sel) &&
        !strcmp(sel, "true"))
        c->value = c->options[c->n_options - 1];
}

/* Hidden text: text:hidden-text keeps its text in an attribute, shown or not by a
 * condition; text:hidden-paragraph hides the paragraph it is in. */
static void hidden_start(rd *R, const char *l)
{
    fa_xml *x = R->pk.x;
    char b[16];
    bool hidden = !(fa_xml_attr_buf(x, NS_TEXT, "is-hidden", b, sizeof b) && !strcmp(b, "false"));
    if (!strcmp(l, "hidden-paragraph")) {
        if (hidden && R->c.p >= 0 && R->st[R->c.p].node)
            R->st[R->c.p].node->flags |= FA_NF_HIDDEN;
        return;
    }
    char *v = fa_xml_attr(x, NS_TEXT, "string-value");
    if (v) {
        bool saved = R->c.hidden;
        R->c.hidden = saved || hidden;
        emit(R, v, strlen(v));
        R->c.hidden = saved;
        free(v);
    }
}

/* Content that reads after the paragraph anchoring it (notes, text boxes, comments). */
static fa_status aside_start(rd *R, unsigned flags, bool empty)
{
    if (empty)
        return FA_OK;
    frame *p = R->c.p >= 0 ? &R->st[R->c.p] : NULL;
    fa_node *container = p && p->node && p->node->parent ? p->node->parent : R->c.container;
    fa_status st = push(R, O_OTHER);
    R->c.container = container;
    R->c.flags |= flags;
    R->c.p = -1;
    R->c.list = 0;
    R->c.text = false;
    R->c.hidden = false;
    R->c.field = -1;
    return st;
}

/* An element of the text namespace. */
static fa_status text_ns_start(rd *R, const char *l, bool empty)
{
    fa_xml *x = R->pk.x;
    char b[64];
    fa_status st = FA_OK;
    if (!strcmp(l, "p") || !strcmp(l, "h"))
        return para_start(R, l, empty);
    if (!strcmp(l, "span") || !strcmp(l, "a")) {
        if (empty)
            return FA_OK;
        st = push(R, O_OTHER);
        bool hidden;
        int lv;
        apply_style(R, &hidden, &lv);
        if (hidden)
            R->c.hidden = true; /* display:none: read apart, marked */
        return st;
    }
    if (!strcmp(l, "s")) {
        int n = fa_xml_attr_buf(x, NS_TEXT, "c", b, sizeof b) ? atoi(b) : 1;
        n = n < 1 ? 1 : n > 1000 ? 1000 : n;
        for (int i = 0; i < n; i++)
            emit(R, " ", 1);
    } else if (!strcmp(l, "tab")) {
        tab(R);
    } else if (!strcmp(l, "line-break")) {
        emit(R, "\n", 1);
        if (R->c.p >= 0)
            R->st[R->c.p].pen = 0;
    } else if (!strcmp(l, "soft-page-break")) {
        page_break(R);
    } else if (!strcmp(l, "hidden-text") || !strcmp(l, "hidden-paragraph")) {
        hidden_start(R, l);
        if (!empty)
            fa_xml_skip(x);
        return FA_OK;
    } else if (!strcmp(l, "note-citation")) {
        fa_xml_skip(x); /* the note's number, a mark glued to the word before */
        return FA_OK;
    } else if (!strcmp(l, "tracked-changes") || !strcmp(l, "variable-decls") ||
               !strcmp(l, "sequence-decls") || !strcmp(l, "user-field-decls") ||
               !strcmp(l, "index-title-template")) {
        fa_xml_skip(x); /* deleted text, declarations */
        return FA_OK;
    } else if (!strcmp(l, "list")) {
        if (empty)
            return FA_OK;
        st = push(R, O_OTHER);
        R->c.list++;
        return st;
    } else if (!strcmp(l, "note-body")) {
        return aside_start(R, FA_NF_NOTE, empty);
    } else if (!strcmp(l, "table-of-content") || !strcmp(l, "bibliography") ||
               (strlen(l) > 6 && !strcmp(l + strlen(l) - 6, "-index"))) {
        if (empty)
            return FA_OK;
        st = push(R, O_OTHER);
        R->c.index = true;
        return st;
    } else if (!strcmp(l, "label")) {
        drop_down_option(R);
    } else if (field_start(R, l, empty, &st)) {
        return st;
    }
    return empty ? FA_OK : push(R, O_OTHER);
}

static fa_status table_ns_start(rd *R, const char *l, bool empty)
{
    if (!strcmp(l, "table")) {
        fa_node *n = new_block(R, FA_N_TABLE);
        if (empty)
            return FA_OK;
        fa_status st = push(R, O_TABLE);
        if (st)
            return st;
        R->st[R->top].node = n;
        R->c.tbl = R->top;
        R->c.row = -1;
        R->c.p = -1;
        R->c.list = 0;
        R->c.header_row = false;
        return FA_OK;
    }
    if (!strcmp(l, "table-header-rows")) {
        if (empty)
            return FA_OK;
        fa_status st = push(R, O_OTHER);
        R->c.header_row = true;
        return st;
    }
    if (!strcmp(l, "table-row")) {
        frame *t = R->c.tbl >= 0 ? &R->st[R->c.tbl] : NULL;
        fa_node *n = NULL;
        if (t && t->node) {
            n = fa_node_new(R->doc, FA_N_ROW);
            if (n) {
                n->loc.part = R->pk.part;
                n->flags = R->c.flags | (R->c.header_row ? FA_NF_HEADER_ROW : 0);
                fa_node_append(t->node, n);
            }
            t->col = 0;
            t->hskip = 0;
        }
        if (empty)
            return FA_OK;
        fa_status st = push(R, O_ROW);
        if (st)
            return st;
        R->st[R->top].node = n;
        R->c.row = R->top;
        return FA_OK;
    }
    if (!strcmp(l, "table-cell"))
        return table_cell(R, false, empty);
    if (!strcmp(l, "covered-table-cell"))
        return table_cell(R, true, empty);
    return empty ? FA_OK : push(R, O_OTHER);
}

static fa_status text_start(rd *R)
{
    fa_xml *x = R->pk.x;
    int ns = ns_of(x);
    const char *l = fa_xml_local(x);
    bool empty = fa_xml_empty(x);

    if (ns == K_STYLE && (!strcmp(l, "style") || !strcmp(l, "text-properties") ||
                          !strcmp(l, "tab-stops") || !strcmp(l, "tab-stop")))
        return style_start(R);
    if (is(x, K_OFFICE, "forms")) {
        if (empty)
            return FA_OK;
        fa_status st = push(R, O_OTHER);
        R->c.in_forms = true;
        return st;
    }
    if (R->c.in_forms) {
        if (ns == K_FORM) {
            if (R->cur_pctl) {
                form_option(R);
                return empty ? FA_OK : push(R, O_OTHER);
            }
            if (strcmp(l, "form") && strcmp(l, "properties") && strcmp(l, "property") &&
                strcmp(l, "list-property") && strcmp(l, "list-value"))
                return form_control_start(R);
        }
        return empty ? FA_OK : push(R, O_OTHER);
    }
    if (!R->c.in_body)
        return empty ? FA_OK : push(R, O_OTHER);
    if (ns == K_TEXT)
        return text_ns_start(R, l, empty);
    if (ns == K_TABLE)
        return table_ns_start(R, l, empty);
    if (ns == K_DRAW) {
        if (!strcmp(l, "control")) {
            anchor_control(R);
            return empty ? FA_OK : push(R, O_OTHER);
        }
        if (!strcmp(l, "text-box"))
            return aside_start(R, FA_NF_TEXTBOX, empty);
        return empty ? FA_OK : push(R, O_OTHER);
    }
    if (is(x, K_OFFICE, "annotation"))
        return aside_start(R, FA_NF_COMMENT | FA_NF_HIDDEN, empty);
    /* anything else (svg:title, dc:creator in annotations, ...) is not body text */
    if (empty)
        return FA_OK;
    fa_status st = push(R, O_OTHER);
    if (ns != K_OFFICE)
        R->c.text = false;
    return st;
}

/* Flat ODT: what each pass leaves to the others (the styles and master pages are
 * read by the header and footer passes, the body by the content pass). */
static bool flat_skip(const rd *R, fa_xml *x)
{
    if (fa_xml_depth(x) != 1 || ns_of(x) != K_OFFICE)
        return false;
    const char *l = fa_xml_local(x);
    if (R->hf)
        return !strcmp(l, "body");
    return !strcmp(l, "styles") || !strcmp(l, "automatic-styles") || !strcmp(l, "master-styles") ||
           !strcmp(l, "font-face-decls");
}

static fa_status content_event(fa_xml *x, void *arg)
{
    rd *R = arg;
    switch (fa_xml_kind_of(x)) {
    case FA_X_START:
        if (R->flat && flat_skip(R, x)) {
            fa_xml_skip(x);
            return FA_OK;
        }
        if (is(x, K_OFFICE, "body")) {
            if (fa_xml_empty(x))
                return FA_OK;
            fa_status st = push(R, O_OTHER);
            R->c.in_body = true;
            return st;
        }
        if (R->hf) {
            /* styles.xml: headers or footers of the master pages */
            const char *l = fa_xml_local(x);
            bool hdr = !strncmp(l, "header", 6) && strcmp(l, "header-style");
            bool ftr = !strncmp(l, "footer", 6) && strcmp(l, "footer-style");
            if (ns_of(x) == K_STYLE && ((R->hf == 1 && hdr) || (R->hf == 2 && ftr))) {
                if (fa_xml_empty(x))
                    return FA_OK;
                fa_status st = push(R, O_OTHER);
                R->c.in_body = true;
                R->c.flags |= FA_NF_HEADER;
                return st;
            }
            if (!R->c.in_body && R->hf == 2)
                return fa_xml_empty(x) ? FA_OK : push(R, O_OTHER); /* styles already read */
        }
        return text_start(R);
    case FA_X_END:
        if (R->top >= 0)
            pop(R);
        return FA_OK;
    case FA_X_TEXT:
        emit(R, fa_xml_text(x), fa_xml_text_len(x));
        return FA_OK;
    default:
        return FA_OK;
    }
}

/* meta.xml: office:document-meta / office:meta / the properties, in fa_pkg_read_meta's
 * order. */
static const char *const meta_names[FA_PKG_META_FIELDS] = {
    "title", "subject", "initial-creator", "generator", NULL, "creation-date", "date", "creator"};

/* Each part starts with nothing open, blocks going to the document. */
static void part_begin(rd *R)
{
    R->top = -1;
    R->c = (ctx){.container = R->doc->root, .p = -1, .tbl = -1, .row = -1, .bold = -1, .field = -1};
}

/* After a part, whole or not: close what it left open. */
static void part_end(void *arg)
{
    rd *R = arg;
    while (R->top >= 0)
        pop(R);
    R->cur_pctl = NULL;
    R->cur_style = NULL;
}

fa_status fa_read_odt(fa_doc *doc, const void *data, size_t size, fa_error *err)
{
    fa_status st;
    /* A flat ODT (.fodt) is one XML file holding what the package's parts hold: read
     * with the same handlers, each pass over the whole file. */
    bool flat = !(size >= 2 && !memcmp(data, "PK", 2));
    rd *R = flat ? fa_pkg_new_flat(sizeof *R, doc, data, size, part_end, &st, err)
                 : fa_pkg_new(sizeof *R, doc, data, size, part_end, &st, err);
    if (!R)
        return st;
    R->doc = doc;
    R->top = -1;
    R->flat = flat;
    const char *styles = flat ? "office:document" : "styles.xml";
    const char *content = flat ? "office:document" : "content.xml";
    const char *meta = flat ? "office:document" : "meta.xml";

    /* ODF encryption is declared per file in the manifest. */
    if (!flat && fa_zip_has(R->pk.zip, "META-INF/manifest.xml")) {
        char *m = NULL;
        size_t mlen = 0;
        st = fa_zip_read(R->pk.zip, "META-INF/manifest.xml", &m, &mlen, err);
        if (!st && m && strstr(m, "encryption-data"))
            st = fa_error_set(err, FA_ERR_ENCRYPTED, "password-protected ODT");
        free(m);
        if (st == FA_ERR_CORRUPT) { /* a damaged manifest alone is not fatal */
            fa_doc_warn(doc, "%s", err->message);
            st = FA_OK;
        }
    }
    if (!st && !fa_pkg_has(&R->pk, content))
        st = fa_error_set(err, FA_ERR_CORRUPT,
                          "content.xml: missing part (not an OpenDocument text)");
    if (!st && !flat && fa_zip_has(R->pk.zip, "word/document.xml"))
        fa_doc_warn(doc, "the package also holds a Word document body (word/document.xml), "
                         "which Word would show instead: read as ODT, as its mimetype says");
    /* styles.xml twice: its styles and page headers before the body, its footers
     * after; inflated once. */
    if (!st) {
        R->hf = 1;
        part_begin(R);
        st = fa_pkg_read_optional(&R->pk, styles, content_event, FA_PKG_KEEP);
        R->hf = 0;
    }
    if (!st) {
        part_begin(R);
        st = fa_pkg_read(&R->pk, content, content_event, 0);
    }
    if (!st) {
        R->hf = 2;
        part_begin(R);
        st = fa_pkg_read_optional(&R->pk, styles, content_event, 0);
        R->hf = 0;
    }
    if (!st)
        st = fa_pkg_read_meta(&R->pk, meta, 2, meta_names);
    if (!st)
        fa_doc_finish(doc);
    styles_free(R);
    pctls_free(R);
    fa_pkg_free(R);
    return st;
}
