/* read_docx.c — DOCX (WordprocessingML) reader: the package's parts, streamed with
 * xmlread.c, into the document model.
 *
 * One pass per part, driven by a stack of frames (one per open element). Each frame
 * saves the reading context (where blocks go, which paragraph/run/table/content
 * control is open, whether text is hidden) and restores it when its element ends, so
 * nesting — tables in cells, text boxes in runs, controls in tables — needs no special
 * case. What a person reads goes into paragraph text; what a person types (content
 * controls, legacy form fields) goes into CONTROL nodes anchored where they sit.
 */
#include "fa_limits.h"
#include "pkgread.h"
#include "read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_W_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define NS_W14 "http://schemas.microsoft.com/office/word/2010/wordml"
#define NS_MC "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define NS_MATH "http://schemas.openxmlformats.org/officeDocument/2006/math"

/* Word's default font size when neither the run, its styles nor docDefaults give one:
 * 10 pt (20 half-points). */
#define DEFAULT_SZ 20
/* Below 9 pt (18 half-points) text is small print. */
#define SMALL_SZ 18
/* Legacy fields nest (a field in a field's code); deeper nesting is ignored. */
#define MAX_FIELDS 32
/* Custom tab stops kept per paragraph or style (Word allows 64; forms use 1-4). */
#define MAX_TABS 16
/* Word's default tab stops: every 1.25 cm (708 twips) when the document sets none. */
#define DEFAULT_TAB_TWIPS 708

/* What a tab stop draws up to itself. */
typedef enum lead { LEAD_NONE = 0, LEAD_DOT, LEAD_LINE, LEAD_CLEAR } lead;
typedef struct tabstop {
    int pos; /* twips from the margin */
    lead leader;
} tabstop;

/* ---------------------------------------------------------------- styles */

typedef struct style {
    char *id, *based;
    int level;             /* heading level (1 = title / heading 1), 0 none, -1 unresolved */
    int bold;              /* -1 unset, 0, 1 */
    int sz;                /* half-points, 0 unset */
    int list;              /* style carries numbering: ilvl + 1, 0 none */
    int vanish;            /* hidden text style: -1 unset, 0, 1 */
    tabstop own[MAX_TABS]; /* w:tabs of the style itself (LEAD_CLEAR: removes) */
    int nown;
    tabstop tabs[MAX_TABS]; /* resolved along basedOn, sorted by position */
    int ntabs;
} style;

typedef struct styles {
    style *v;
    size_t n, alloc;
    int default_sz;
} styles;

static int cmp_style(const void *a, const void *b)
{
    return strcmp(((const style *)a)->id, ((const style *)b)->id);
}

static style *style_find(const styles *ss, const char *id)
{
    if (!id || !*id || !ss->n)
        return NULL;
    style key = {.id = (char *)(uintptr_t)id};
    return bsearch(&key, ss->v, ss->n, sizeof *ss->v, cmp_style);
}

static void styles_free(styles *ss)
{
    for (size_t i = 0; i < ss->n; i++) {
        free(ss->v[i].id);
        free(ss->v[i].based);
    }
    free(ss->v);
}

/* Heading level from a style name or id: "heading 2", "Heading2", "Titre 2", "Title". */
static int level_from_name(const char *s)
{
    if (!s)
        return 0;
    if (!strcasecmp(s, "title") || !strcasecmp(s, "titre"))
        return 1;
    size_t k = 0;
    if (!strncasecmp(s, "heading", 7))
        k = 7;
    else if (!strncasecmp(s, "titre", 5))
        k = 5;
    else
        return 0;
    while (s[k] == ' ')
        k++;
    if (s[k] >= '1' && s[k] <= '9' && !s[k + 1])
        return s[k] - '0';
    return 0;
}

/* ---------------------------------------------------------------- reading context */

typedef enum fkind {
    F_OTHER = 0,
    F_BODY,
    F_P,
    F_PPR,
    F_NUMPR,
    F_R,
    F_RPR,
    F_TBL,
    F_TR,
    F_TC,
    F_TCPR,
    F_TRPR,
    F_SDT,
    F_SDTPR,
    F_FLDCHAR,
    F_ALT,
    F_STYLE,
    F_SECTPR,
    F_TABS,
    F_FLDSIMPLE
} fkind;

typedef enum tmode { T_NONE = 0, T_TEXT, T_DEL, T_INSTR } tmode;

enum { SDT_RUN, SDT_BLOCK, SDT_STRUCT };
enum { VM_NONE, VM_RESTART, VM_CONTINUE };

typedef struct sdt {
    int level;
    bool typed, rich, plc, is_ctl, docpart;
    fa_control_kind kind;
    char *alias, *tag;
    int checked;
    fa_strvec options;
    fa_node *ctl; /* CONTROL node, NULL when the sdt is transparent */
    fa_buf value;
} sdt;

typedef struct field {
    int state;   /* 0 code, 1 result */
    bool ff;     /* has ffData */
    int ff_kind; /* 0 none, 1 text, 2 checkbox, 3 dropdown, 4 merge or prompt field */
    bool date;
    int def_checked, checked, result;
    char *name, *tip, *deftext, *prompt;
    fa_strvec entries;
    fa_buf instr, value;
    fa_node *ctl;
} field;

/* What a frame restores when its element ends. */
typedef struct ctx {
    fa_node *container;     /* where new blocks go */
    unsigned flags;         /* FA_NF_* given to new blocks */
    int p, r, tbl, tr, sdt; /* frame indices of the open paragraph, run, ..., -1 none */
    bool hidden;            /* inside w:del / w:moveFrom */
    tmode tm;
} ctx;

typedef struct frame {
    fkind kind;
    ctx saved;
    fa_node *node;
    /* paragraph */
    int p_level, p_list, p_bold, p_sz, p_vanish;
    bool sect_break; /* the paragraph ends a section that starts a new page */
    bool absorbed;   /* paragraph inside a block-level control: text is its value */
    size_t bold_bytes, plain_bytes, small_bytes, big_bytes;
    tabstop tabs[MAX_TABS]; /* the paragraph's tab stops (style's, then its own) */
    int ntabs;
    int pen;       /* estimated pen position on the line, in twips */
    fa_buf hidden; /* hidden text (w:vanish) of the paragraph: read, marked apart */
    /* run */
    int r_bold, r_sz, r_vanish; /* -1 / 0 unset */
    /* table / cell */
    fa_node **vm; /* table: restart cell of each grid column */
    size_t nvm;
    int col, vmerge, start_col;
    /* alternate content */
    bool choice_taken;
    sdt *sd;
} frame;

typedef struct rd {
    fa_pkg pk; /* first: the state is made by fa_pkg_new */
    fa_doc *doc;
    styles ss;
    frame st[FA_MAX_XML_DEPTH + 8];
    int top; /* index of the top frame, -1 empty */
    ctx c;
    field fields[MAX_FIELDS];
    int nfields, field_overflow, n_code;
    field *ff;        /* field whose ffData is being read */
    style *cur_style; /* styles.xml: style being read */
    bool in_defaults;
    struct rels *rels_out;        /* relationships part being read */
    const struct rels *main_rels; /* the main part's, while it is read (altChunk) */
    const char *main_dir;         /* its folder, for relative targets */
    /* ActiveX controls of the main part: relationship id -> kind */
    struct axctl {
        char *id;
        fa_control_kind kind;
    } * ax;
    size_t nax;
} rd;

/* The namespaces the reader tells apart, in fa_xml_ns_index order. */
enum { X_W, X_W_STRICT, X_MC, X_MATH, X_W14 };
static const char *const known_ns[] = {NS_W, NS_W_STRICT, NS_MC, NS_MATH, NS_W14};
#define N_KNOWN_NS ((int)(sizeof known_ns / sizeof known_ns[0]))

static int ns_of(fa_xml *x)
{
    return fa_xml_ns_index(x, known_ns, N_KNOWN_NS);
}

static bool is_w(fa_xml *x, const char *local)
{
    if (strcmp(fa_xml_local(x), local))
        return false;
    int k = ns_of(x);
    return k == X_W || k == X_W_STRICT;
}

/* w:val (or another attribute) in the element's own namespace. */
static bool wattr(const fa_xml *x, const char *local, char *buf, size_t n)
{
    return fa_xml_attr_buf(x, fa_xml_ns(x), local, buf, n);
}

static int wattr_int(const fa_xml *x, const char *local, int dflt)
{
    char b[32];
    if (!wattr(x, local, b, sizeof b))
        return dflt;
    return atoi(b);
}

/* OOXML on/off properties: <w:b/> is on, w:val="0|false|off" is off. */
static int wattr_onoff(const fa_xml *x)
{
    char b[16];
    if (!wattr(x, "val", b, sizeof b))
        return 1;
    return !(!strcmp(b, "0") || !strcasecmp(b, "false") || !strcasecmp(b, "off") ||
             !strcasecmp(b, "none"));
}

static frame *fr(rd *R, int i)
{
    return i >= 0 ? &R->st[i] : NULL;
}

static fa_node *new_block(rd *R, fa_node_type t)
{
    return fa_pkg_node(&R->pk, t, R->c.container, R->c.flags);
}

static void field_free(field *f)
{
    free(f->name);
    free(f->tip);
    free(f->deftext);
    free(f->prompt);
    fa_strvec_free(&f->entries);
    fa_buf_free(&f->instr);
    fa_buf_free(&f->value);
    memset(f, 0, sizeof *f);
}

static void sdt_free(sdt *s)
{
    if (!s)
        return;
    free(s->alias);
    free(s->tag);
    fa_strvec_free(&s->options);
    fa_buf_free(&s->value);
    free(s);
}

/* ---------------------------------------------------------------- text routing */

/* The pen estimate stops growing here (twips, ~17 m): a 40 MB paragraph is no line. */
#define PEN_MAX (1 << 24)

/* Characters of S[0..N) that take room on the line (not tabs nor newlines). */
static long long line_chars(const char *s, size_t n)
{
    long long c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80 && s[i] != '\t' && s[i] != '\n';
    return c;
}

/* Hidden text (w:vanish, or a hidden paragraph style) of the open paragraph: kept
 * apart, to become a paragraph marked hidden (read, but not what the form shows). */
static bool hidden_run(const frame *run, const frame *para)
{
    if (run && run->r_vanish == 1)
        return true;
    return para && para->p_vanish == 1 && (!run || run->r_vanish != 0);
}

/* Send characters where they belong: nowhere (deleted, field code), apart (hidden
 * text), to a control's value (content control content, form field result) or to
 * the paragraph. */
static void emit(rd *R, const char *s, size_t n)
{
    if (!n || R->c.hidden)
        return;
    frame *run = fr(R, R->c.r);
    frame *para = fr(R, R->c.p);
    if (R->n_code > 0)
        return; /* inside some field's instructions */
    if (hidden_run(run, para)) {
        if (para && para->node && R->nfields == 0 && R->c.sdt < 0) {
            para->hidden.cap = FA_MAX_PARAGRAPH;
            fa_buf_append(&para->hidden, s, n);
        }
        return;
    }
    int sz = run && run->r_sz > 0 ? run->r_sz : para ? para->p_sz : DEFAULT_SZ;
    if (para) { /* about half an em a character; past a page width the place is moot */
        long long w = (long long)line_chars(s, n) * (sz > 0 && sz < 4000 ? sz : DEFAULT_SZ) * 5;
        para->pen = (int)(para->pen + w < PEN_MAX ? para->pen + w : PEN_MAX);
    }
    if (R->nfields > 0) {
        field *f = &R->fields[R->nfields - 1];
        if (f->state == 1 && f->ctl) {
            fa_buf_append(&f->value, s, n);
            return;
        }
    }
    frame *sf = fr(R, R->c.sdt);
    if (sf && sf->sd && sf->sd->ctl) {
        sdt *sd = sf->sd;
        /* The checkbox glyph and placeholder prompts are not what the person typed. */
        if (!sd->plc && sd->kind != FA_CTL_CHECKBOX)
            fa_buf_append(&sd->value, s, n);
        return;
    }
    frame *p = para;
    if (!p || !p->node)
        return;
    fa_node_append_text(R->doc, p->node, s, n);
    size_t k = fa_ink(s, n); /* visible characters: "all bold" / "all small" */
    if (!k)
        return;
    int bold = run && run->r_bold >= 0 ? run->r_bold : p->p_bold;
    if (bold == 1)
        p->bold_bytes += k;
    else
        p->plain_bytes += k;
    if (sz > 0 && sz < SMALL_SZ)
        p->small_bytes += k;
    else
        p->big_bytes += k;
}

/* A line break: the pen goes back to the margin. */
static void pen_reset(rd *R)
{
    frame *p = fr(R, R->c.p);
    if (p)
        p->pen = 0;
}

/* ---------------------------------------------------------------- frames */

static fa_status push(rd *R, fkind k)
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

static void finish_paragraph(rd *R, frame *f)
{
    fa_node *n = f->node;
    if (!n)
        return;
    if (f->p_level > 0) {
        n->type = FA_N_HEADING;
        n->level = f->p_level;
    } else if (f->p_list > 0) {
        n->type = FA_N_LIST_ITEM;
        n->level = f->p_list;
    }
    if (f->bold_bytes && !f->plain_bytes)
        n->flags |= FA_NF_BOLD;
    if (f->small_bytes && !f->big_bytes)
        n->flags |= FA_NF_SMALL;
    fa_node_squeeze(n);
    if (f->hidden.len && fa_ink(f->hidden.data, f->hidden.len)) {
        /* hidden text: the paragraph itself when nothing else shows, else a hidden
         * paragraph after it */
        fa_node *h = n;
        if (n->len || n->first) {
            h = fa_node_new(R->doc, FA_N_PARAGRAPH);
            if (h) {
                h->loc = n->loc;
                h->flags = n->flags & ~(unsigned)(FA_NF_BOLD | FA_NF_SMALL);
                fa_node_append(n->parent, h);
            }
        }
        if (h) {
            fa_node_append_text(R->doc, h, f->hidden.data, f->hidden.len);
            fa_node_squeeze(h);
            h->flags |= FA_NF_HIDDEN;
        }
    }
    fa_buf_free(&f->hidden);
}

static void finish_sdt(rd *R, sdt *sd)
{
    if (!sd->ctl)
        return;
    fa_control *c = sd->ctl->ctl;
    if (sd->value.len && sd->kind != FA_CTL_CHECKBOX) {
        char *v = fa_doc_strndup(R->doc, sd->value.data, sd->value.len);
        c->value = v && *v ? v : NULL;
    }
}

static void finish_cell(rd *R, frame *f)
{
    frame *t = fr(R, R->c.tbl); /* context is still the cell's own */
    fa_node *cell = f->node;
    if (!t || !cell)
        return;
    int col = f->start_col, span = cell->colspan > 0 ? cell->colspan : 1;
    t->col = col + span;
    if ((size_t)(col + span) > t->nvm) {
        size_t na = (size_t)(col + span) + 8;
        fa_node **p = realloc(t->vm, na * sizeof *p);
        if (!p)
            return;
        memset(p + t->nvm, 0, (na - t->nvm) * sizeof *p);
        t->vm = p;
        t->nvm = na;
    }
    if (f->vmerge == VM_CONTINUE && t->vm[col]) {
        /* Covered by the cell above: see model.h, rowspan 0 marks a covered cell. */
        t->vm[col]->rowspan++;
        cell->rowspan = 0;
    } else {
        for (int i = col; i < col + span; i++)
            t->vm[i] = f->vmerge == VM_RESTART ? cell : NULL;
    }
}

static void field_make_control(rd *R, field *f)
{
    if (f->ctl)
        return;
    frame *p = fr(R, R->c.p);
    fa_node *anchor = p && p->node ? p->node : R->c.container;
    fa_control_kind k = f->ff_kind == 2   ? FA_CTL_CHECKBOX
                        : f->ff_kind == 3 ? FA_CTL_CHOICE
                        : f->date         ? FA_CTL_DATE
                                          : FA_CTL_TEXT;
    fa_node *n = fa_doc_add_control(R->doc, anchor, k);
    if (!n)
        return;
    n->loc.part = R->pk.part;
    n->loc.line = fa_xml_line(R->pk.x);
    n->flags = R->c.flags;
    fa_control *c = n->ctl;
    c->name = fa_doc_strdup(R->doc, f->name);
    c->tooltip = fa_doc_strdup(R->doc, f->tip);
    c->label = fa_doc_strdup(R->doc, f->prompt);
    if (k == FA_CTL_CHECKBOX)
        c->checked = f->checked >= 0 ? f->checked : f->def_checked >= 0 ? f->def_checked : 0;
    for (size_t i = 0; i < f->entries.n; i++)
        fa_control_add_option(R->doc, c, f->entries.v[i], strlen(f->entries.v[i]));
    if (k == FA_CTL_CHOICE && f->result >= 0 && (size_t)f->result < c->n_options)
        c->value = c->options[f->result];
    f->ctl = n;
}

static void field_begin(rd *R)
{
    if (R->nfields >= MAX_FIELDS) {
        R->field_overflow++;
        return;
    }
    field *f = &R->fields[R->nfields++];
    memset(f, 0, sizeof *f);
    f->def_checked = f->checked = f->result = -1;
    f->instr.cap = 4096;
    f->value.cap = FA_MAX_PARAGRAPH;
    R->n_code++;
}

static bool instr_has(const field *f, const char *word)
{
    return f->instr.data && strstr(f->instr.data, word);
}

/* The next argument of a field code from *P: a quoted string or a word. malloc'd. */
static char *field_arg(const char **p)
{
    const char *s = *p;
    while (*s == ' ')
        s++;
    if (!*s || *s == '\\')
        return NULL;
    const char *e;
    if (*s == '"') {
        e = strchr(++s, '"');
        if (!e)
            e = s + strlen(s);
        *p = *e ? e + 1 : e;
    } else {
        e = s;
        while (*e && *e != ' ')
            e++;
        *p = e;
    }
    return e > s ? fa_strndup(s, (size_t)(e - s)) : NULL;
}

/* Fields a generated or merged document fills in (MERGEFIELD, DOCVARIABLE) or that
 * prompt the person at opening (FILLIN, ASK): a control named by the field, labelled
 * by its prompt. */
static void merge_field(field *f)
{
    const char *s = f->instr.data ? f->instr.data : "";
    while (*s == ' ')
        s++;
    static const char *const kinds[] = {"MERGEFIELD", "DOCVARIABLE", "FILLIN", "ASK", NULL};
    int k = -1;
    for (int i = 0; kinds[i] && k < 0; i++)
        if (!strncmp(s, kinds[i], strlen(kinds[i])) && s[strlen(kinds[i])] == ' ')
            k = i;
    if (k < 0)
        return;
    s += strlen(kinds[k]);
    f->ff_kind = 4;
    if (k == 2) { /* FILLIN "prompt" */
        f->prompt = field_arg(&s);
        return;
    }
    free(f->name);
    f->name = field_arg(&s);
    if (k == 3) /* ASK bookmark "prompt" */
        f->prompt = field_arg(&s);
}

static void field_separate(rd *R)
{
    if (R->field_overflow || !R->nfields)
        return;
    field *f = &R->fields[R->nfields - 1];
    if (f->state != 0)
        return;
    f->state = 1;
    R->n_code--;
    if (!f->ff) { /* a form field whose ffData is missing still is one */
        if (instr_has(f, "FORMTEXT"))
            f->ff_kind = 1;
        else if (instr_has(f, "FORMCHECKBOX"))
            f->ff_kind = 2;
        else if (instr_has(f, "FORMDROPDOWN"))
            f->ff_kind = 3;
        else
            merge_field(f);
        if (f->ff_kind)
            field_make_control(R, f);
    }
}

static void field_end(rd *R)
{
    if (R->field_overflow) {
        R->field_overflow--;
        return;
    }
    if (!R->nfields)
        return;
    field *f = &R->fields[R->nfields - 1];
    if (f->state == 0) {
        R->n_code--;
        if (!f->ff && !f->ctl) {
            if (instr_has(f, "FORMCHECKBOX"))
                f->ff_kind = 2, field_make_control(R, f);
            else if (instr_has(f, "FORMDROPDOWN"))
                f->ff_kind = 3, field_make_control(R, f);
        }
    }
    if (f->ctl && (f->ff_kind == 1 || f->ff_kind == 4) && f->value.len) {
        /* Word fills an empty FORMTEXT with five spaces (or en spaces): blank. A merge
         * field not merged yet shows its own name between guillemets: blank too. */
        char *v = fa_doc_strndup(R->doc, f->value.data, f->value.len);
        size_t n = v ? strlen(v) : 0;
        if (f->ff_kind == 4 && n >= 4 && !strncmp(v, "\xC2\xAB", 2) &&
            !strcmp(v + n - 2, "\xC2\xBB"))
            v = NULL;
        f->ctl->ctl->value = v && *v ? v : NULL;
    }
    field_free(f);
    R->nfields--;
}

static void pop(rd *R)
{
    frame *f = &R->st[R->top];
    switch (f->kind) {
    case F_P:
        if (f->absorbed) {
            frame *sf = fr(R, R->c.sdt);
            if (sf && sf->sd)
                fa_buf_putc(&sf->sd->value, '\n');
        } else {
            finish_paragraph(R, f);
            if (f->sect_break && f->node && f->node->parent) {
                fa_node *br = fa_node_new(R->doc, FA_N_PAGE_BREAK);
                if (br) {
                    br->loc.part = R->pk.part;
                    fa_node_append(f->node->parent, br);
                }
            }
        }
        break;
    case F_TC:
        finish_cell(R, f);
        break;
    case F_TBL:
        free(f->vm);
        break;
    case F_SDT:
        if (f->sd) {
            finish_sdt(R, f->sd);
            sdt_free(f->sd);
            f->sd = NULL;
        }
        break;
    case F_FLDCHAR:
        if (R->ff && R->ff->ff)
            field_make_control(R, R->ff);
        R->ff = NULL;
        break;
    case F_FLDSIMPLE:
        field_end(R);
        break;
    default:
        break;
    }
    fa_buf_free(&f->hidden);
    R->c = f->saved;
    R->top--;
}

/* ---------------------------------------------------------------- document parts */

static void on_sdtpr_end(rd *R, frame *sf)
{
    sdt *sd = sf->sd;
    if (!sd)
        return;
    sd->is_ctl = !sd->docpart && (sd->typed || sd->rich || sd->plc) && sd->level != SDT_STRUCT;
    if (!sd->is_ctl)
        return;
    frame *outer = fr(R, sf->saved.sdt);
    if (outer && outer->sd && outer->sd->ctl)
        return; /* a control inside a control: the outer one takes the text */
    fa_node *anchor;
    if (sd->level == SDT_RUN) {
        frame *p = fr(R, R->c.p);
        if (!p || !p->node)
            return;
        anchor = p->node;
    } else {
        /* Block-level control: a paragraph of its own holds it. */
        anchor = new_block(R, FA_N_PARAGRAPH);
        if (!anchor)
            return;
    }
    fa_node *n = fa_doc_add_control(R->doc, anchor, sd->kind);
    if (!n)
        return;
    n->loc.part = R->pk.part;
    n->loc.line = fa_xml_line(R->pk.x);
    n->flags = R->c.flags;
    fa_control *c = n->ctl;
    c->name = fa_doc_strdup(R->doc, sd->tag);
    c->label = fa_doc_strdup(R->doc, sd->alias);
    if (sd->kind == FA_CTL_CHECKBOX)
        c->checked = sd->checked >= 0 ? sd->checked : 0;
    for (size_t i = 0; i < sd->options.n; i++)
        fa_control_add_option(R->doc, c, sd->options.v[i], strlen(sd->options.v[i]));
    sd->ctl = n;
    sd->value.cap = FA_MAX_PARAGRAPH;
    R->c.sdt = R->top; /* text inside goes to this control */
}

static void sdtpr_child(rd *R, sdt *sd)
{
    fa_xml *x = R->pk.x;
    const char *l = fa_xml_local(x);
    char b[1024];
    if (is_w(x, "alias")) {
        if (wattr(x, "val", b, sizeof b))
            free(sd->alias), sd->alias = fa_strdup(b);
    } else if (is_w(x, "tag")) {
        if (wattr(x, "val", b, sizeof b))
            free(sd->tag), sd->tag = fa_strdup(b);
    } else if (is_w(x, "showingPlcHdr")) {
        sd->plc = wattr_onoff(x);
    } else if (is_w(x, "text")) {
        sd->typed = true;
        char m[16];
        sd->kind = fa_xml_attr_buf(x, fa_xml_ns(x), "multiLine", m, sizeof m) &&
                           (!strcmp(m, "1") || !strcasecmp(m, "true") || !strcasecmp(m, "on"))
                       ? FA_CTL_MULTILINE
                       : FA_CTL_TEXT;
    } else if (is_w(x, "dropDownList") || is_w(x, "comboBox")) {
        sd->typed = true;
        sd->kind = FA_CTL_CHOICE;
    } else if (is_w(x, "listItem")) {
        if (wattr(x, "displayText", b, sizeof b) || wattr(x, "value", b, sizeof b))
            fa_strvec_push(&sd->options, b);
    } else if (is_w(x, "date")) {
        sd->typed = true;
        sd->kind = FA_CTL_DATE;
    } else if (!strcmp(l, "checkbox") && ns_of(x) == X_W14) {
        sd->typed = true;
        sd->kind = FA_CTL_CHECKBOX;
    } else if (!strcmp(l, "checked") && ns_of(x) == X_W14) {
        sd->checked = wattr_onoff(x);
    } else if (is_w(x, "richText")) {
        sd->rich = true;
    } else if (is_w(x, "docPartObj") || is_w(x, "docPartList") || is_w(x, "citation") ||
               is_w(x, "bibliography") || is_w(x, "equation") || is_w(x, "group") ||
               is_w(x, "picture")) {
        sd->docpart = true; /* tables of contents, citations...: content, not input */
    }
}

static void ffdata_child(rd *R, field *f)
{
    fa_xml *x = R->pk.x;
    char b[1024];
    if (is_w(x, "name")) {
        if (wattr(x, "val", b, sizeof b) && *b)
            free(f->name), f->name = fa_strdup(b);
    } else if (is_w(x, "textInput")) {
        f->ff_kind = 1;
    } else if (is_w(x, "checkBox")) {
        f->ff_kind = 2;
    } else if (is_w(x, "ddList")) {
        f->ff_kind = 3;
    } else if (is_w(x, "type")) {
        if (wattr(x, "val", b, sizeof b) && (!strcmp(b, "date") || !strcmp(b, "currentDate")))
            f->date = true;
    } else if (is_w(x, "default")) {
        if (f->ff_kind == 2)
            f->def_checked = wattr_int(x, "val", 0) != 0;
        else if (f->ff_kind == 3)
            f->result = f->result < 0 ? wattr_int(x, "val", -1) : f->result;
    } else if (is_w(x, "checked")) {
        f->checked = wattr_onoff(x);
    } else if (is_w(x, "result")) {
        f->result = wattr_int(x, "val", -1);
    } else if (is_w(x, "listEntry")) {
        if (wattr(x, "val", b, sizeof b) && f->entries.n <= FA_MAX_OPTIONS) /* one past: warned */
            fa_strvec_push(&f->entries, b);
    } else if (is_w(x, "statusText") || is_w(x, "helpText")) {
        if (!f->tip && wattr(x, "val", b, sizeof b) && *b)
            f->tip = fa_strdup(b);
    }
}

/* Map the few symbol-font check boxes forms use to the characters they show. */
static const char *sym_glyph(const char *font, const char *hex)
{
    unsigned v = (unsigned)strtoul(hex, NULL, 16) & 0xFF;
    if (!font)
        return NULL;
    if (!strcasecmp(font, "Wingdings")) {
        if (v == 0x6F || v == 0xA8 || v == 0x71 || v == 0x72)
            return "\xE2\x98\x90"; /* ☐ */
        if (v == 0xFE)
            return "\xE2\x98\x91"; /* ☑ */
        if (v == 0xFD || v == 0x78)
            return "\xE2\x98\x92"; /* ☒ */
    } else if (!strcasecmp(font, "Wingdings 2")) {
        if (v == 0xA3 || v == 0xA2 || v == 0x2A)
            return "\xE2\x98\x90";
        if (v == 0x52)
            return "\xE2\x98\x91";
        if (v == 0x54 || v == 0x51 || v == 0x4F)
            return "\xE2\x98\x92";
    }
    return NULL;
}

static void page_break_after_paragraph(rd *R, bool before)
{
    frame *p = fr(R, R->c.p);
    if (!p || !p->node || !p->node->parent)
        return;
    fa_node *br = fa_node_new(R->doc, FA_N_PAGE_BREAK);
    if (!br)
        return;
    br->loc.part = R->pk.part;
    fa_node *para = p->node, *parent = para->parent;
    if (before) {
        fa_node_unlink(para);
        fa_node_append(parent, br);
        fa_node_append(parent, para);
    } else {
        fa_node_append(parent, br);
    }
}

#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

/* An ActiveX form control (w:object/w:control): its kind comes from the class of the
 * activeX part it points to, else from the default name Word gives ("TextBox1"). */
static void activex_control(rd *R)
{
    if (R->c.hidden || R->n_code > 0)
        return;
    char id[128], name[256];
    fa_xml_attr_buf(R->pk.x, NS_REL, "id", id, sizeof id);
    wattr(R->pk.x, "name", name, sizeof name);
    fa_control_kind k = FA_CTL_OTHER;
    bool known = false;
    for (size_t i = 0; i < R->nax; i++)
        if (!strcmp(R->ax[i].id, id)) {
            k = R->ax[i].kind;
            known = true;
            break;
        }
    if (!known) {
        if (!strncasecmp(name, "TextBox", 7))
            k = FA_CTL_TEXT;
        else if (!strncasecmp(name, "CheckBox", 8))
            k = FA_CTL_CHECKBOX;
        else if (!strncasecmp(name, "OptionButton", 12))
            k = FA_CTL_RADIO;
        else if (!strncasecmp(name, "ComboBox", 8) || !strncasecmp(name, "ListBox", 7))
            k = FA_CTL_CHOICE;
        else if (!strncasecmp(name, "CommandButton", 13))
            k = FA_CTL_BUTTON;
    }
    frame *p = fr(R, R->c.p);
    fa_node *n = fa_doc_add_control(R->doc, p && p->node ? p->node : R->c.container, k);
    if (!n)
        return;
    n->loc.part = R->pk.part;
    n->loc.line = fa_xml_line(R->pk.x);
    n->flags = R->c.flags;
    n->ctl->name = *name ? fa_doc_strdup(R->doc, name) : NULL;
}

/* Kind of an ActiveX control from its activeX part's class id. */
static fa_control_kind activex_kind(const char *xml)
{
    static const struct {
        const char *clsid;
        fa_control_kind kind;
    } classes[] = {
        {"8BD21D10", FA_CTL_TEXT},   {"8BD21D40", FA_CTL_CHECKBOX}, {"8BD21D50", FA_CTL_RADIO},
        {"8BD21D30", FA_CTL_CHOICE}, {"8BD21D20", FA_CTL_CHOICE},   {"D7053240", FA_CTL_BUTTON},
        {"8bd21d10", FA_CTL_TEXT},   {"8bd21d40", FA_CTL_CHECKBOX}, {"8bd21d50", FA_CTL_RADIO},
        {"8bd21d30", FA_CTL_CHOICE}, {"8bd21d20", FA_CTL_CHOICE},   {"d7053240", FA_CTL_BUTTON},
    };
    for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++)
        if (strstr(xml, classes[i].clsid))
            return classes[i].kind;
    return FA_CTL_OTHER;
}

/* ---------------------------------------------------------------- tab stops */

/* The tab stop a w:tab of paragraph frame P reaches: the first custom stop past the
 * estimated pen position (text width guessed from the character count and the font
 * size); its leader decides what the tab draws. */
static const tabstop *reached_stop(const frame *p)
{
    for (int i = 0; i < p->ntabs; i++)
        if (p->tabs[i].pos > p->pen)
            return &p->tabs[i];
    return NULL;
}

/* Inside a table of contents (the result of a TOC field): its dotted leaders lead to
 * page numbers, not to blanks. */
static bool in_toc(const rd *R)
{
    for (int i = 0; i < R->nfields; i++) {
        const char *s = R->fields[i].instr.data;
        while (s && *s == ' ')
            s++;
        if (s && !strncmp(s, "TOC", 3) && (s[3] == ' ' || !s[3]))
            return true;
    }
    return false;
}

/* A w:tab in a run: white space, or the dotted / underscored line of a tab stop with a
 * leader ("Nom :<tab>" up to a right stop drawn as "Nom : ........"), written as the
 * characters field detection reads as a blank to fill. */
static void emit_tab(rd *R)
{
    frame *p = fr(R, R->c.p);
    const tabstop *t = p && !in_toc(R) ? reached_stop(p) : NULL;
    int pen = p ? t ? t->pos : (p->pen / DEFAULT_TAB_TWIPS + 1) * DEFAULT_TAB_TWIPS : 0;
    if (!t || t->leader == LEAD_NONE || t->leader == LEAD_CLEAR)
        emit(R, "\t", 1);
    else
        emit(R, t->leader == LEAD_DOT ? " ........ " : " ________ ", 10);
    if (p)
        p->pen = pen;
}

/* Put stop T in the list V (N stops, sorted by position): a stop at the same place is
 * replaced; LEAD_CLEAR removes it instead, or is kept (KEEP_CLEAR: a style's own
 * definitions, applied later over its base style's stops). */
static void tab_put(tabstop *v, int *n, tabstop t, bool keep_clear)
{
    int k = 0;
    while (k < *n && v[k].pos < t.pos)
        k++;
    bool same = k < *n && v[k].pos == t.pos;
    if (t.leader == LEAD_CLEAR && !keep_clear) {
        if (same) {
            memmove(v + k, v + k + 1, (size_t)(*n - k - 1) * sizeof *v);
            (*n)--;
        }
        return;
    }
    if (!same) {
        if (*n >= MAX_TABS)
            return;
        memmove(v + k + 1, v + k, (size_t)(*n - k) * sizeof *v);
        (*n)++;
    }
    v[k] = t;
}

/* The stop the current w:tabs/w:tab element defines, put in V. */
static void tab_def(const fa_xml *x, tabstop *v, int *n, bool keep_clear)
{
    char b[32];
    int pos = wattr_int(x, "pos", INT32_MIN);
    if (pos == INT32_MIN)
        return;
    lead l = LEAD_NONE;
    if (wattr(x, "val", b, sizeof b) && (!strcmp(b, "clear") || !strcmp(b, "bar")))
        l = LEAD_CLEAR;
    else if (wattr(x, "leader", b, sizeof b)) {
        if (!strcmp(b, "dot") || !strcmp(b, "middleDot"))
            l = LEAD_DOT;
        else if (!strcmp(b, "underscore") || !strcmp(b, "heavy") || !strcmp(b, "hyphen"))
            l = LEAD_LINE;
    }
    tab_put(v, n, (tabstop){.pos = pos, .leader = l}, keep_clear);
}

/* ---------------------------------------------------------------- properties */

/* A child of w:pPr of the open paragraph. Returns the frame kind to push. */
static fkind ppr_child(rd *R, const char *l)
{
    fa_xml *x = R->pk.x;
    frame *p = fr(R, R->c.p);
    char b[256];
    if (p && !strcmp(l, "pStyle") && wattr(x, "val", b, sizeof b)) {
        style *s = style_find(&R->ss, b);
        int lv = s ? s->level : level_from_name(b);
        if (lv > 0)
            p->p_level = lv;
        if (s) {
            if (s->list)
                p->p_list = s->list;
            if (s->bold >= 0)
                p->p_bold = s->bold;
            if (s->sz > 0)
                p->p_sz = s->sz;
            if (s->vanish == 1)
                p->p_vanish = 1;
            p->ntabs = s->ntabs < MAX_TABS ? s->ntabs : MAX_TABS;
            if (p->ntabs)
                memcpy(p->tabs, s->tabs, (size_t)p->ntabs * sizeof *p->tabs);
        }
    } else if (p && !strcmp(l, "outlineLvl")) {
        int v = wattr_int(x, "val", 9);
        p->p_level = v >= 0 && v < 9 ? v + 1 : 0;
    } else if (p && !strcmp(l, "pageBreakBefore") && wattr_onoff(x) && p->node) {
        page_break_after_paragraph(R, true);
    } else if (!strcmp(l, "numPr")) {
        return F_NUMPR;
    } else if (!strcmp(l, "tabs")) {
        return F_TABS;
    } else if (p && !strcmp(l, "sectPr")) {
        /* a section ends here; the next one starts a new page unless continuous */
        p->sect_break = true;
        return F_SECTPR;
    }
    return F_OTHER;
}

static void rpr_child(rd *R, const char *l)
{
    fa_xml *x = R->pk.x;
    frame *r = fr(R, R->c.r);
    char b[256];
    if (!r)
        return;
    if (!strcmp(l, "b"))
        r->r_bold = wattr_onoff(x);
    else if (!strcmp(l, "sz"))
        r->r_sz = wattr_int(x, "val", 0);
    else if (!strcmp(l, "vanish") || !strcmp(l, "specVanish"))
        r->r_vanish = wattr_onoff(x);
    else if (!strcmp(l, "rStyle") && wattr(x, "val", b, sizeof b)) {
        style *s = style_find(&R->ss, b);
        if (s && s->bold >= 0 && r->r_bold < 0)
            r->r_bold = s->bold;
        if (s && s->sz > 0 && !r->r_sz)
            r->r_sz = s->sz;
        if (s && s->vanish == 1 && r->r_vanish < 0)
            r->r_vanish = 1;
    }
}

/* Children of table row and cell properties. */
static void table_props_child(rd *R, fkind tk, const char *l)
{
    fa_xml *x = R->pk.x;
    char b[32];
    if (tk == F_TRPR) {
        frame *t = fr(R, R->c.tr);
        if (t && t->node && !strcmp(l, "tblHeader") && wattr_onoff(x))
            t->node->flags |= FA_NF_HEADER_ROW;
        else if (!strcmp(l, "gridBefore")) {
            frame *tb = fr(R, R->c.tbl);
            int v = wattr_int(x, "val", 0);
            if (tb && v > 0 && v < 1000)
                tb->col += v;
        }
        return;
    }
    frame *cf = &R->st[R->top - 1];
    if (cf->kind != F_TC || !cf->node)
        return;
    if (!strcmp(l, "gridSpan")) {
        int v = wattr_int(x, "val", 1);
        cf->node->colspan = v > 0 && v < 1000 ? v : 1;
    } else if (!strcmp(l, "vMerge")) {
        cf->vmerge =
            wattr(x, "val", b, sizeof b) && !strcmp(b, "restart") ? VM_RESTART : VM_CONTINUE;
    }
}

/* An element inside some properties element (pPr, rPr, numPr, trPr, tcPr, tabs,
 * sectPr). Returns true when handled. */
static bool props_start(rd *R, fkind tk, const char *l, bool empty, fa_status *st)
{
    fa_xml *x = R->pk.x;
    fkind push_kind = F_OTHER;
    char b[32];
    switch (tk) {
    case F_PPR:
        push_kind = ppr_child(R, l);
        break;
    case F_TABS: {
        frame *p = fr(R, R->c.p);
        if (p && !strcmp(l, "tab"))
            tab_def(x, p->tabs, &p->ntabs, false);
        break;
    }
    case F_SECTPR: {
        frame *p = fr(R, R->c.p);
        if (p && !strcmp(l, "type") && wattr(x, "val", b, sizeof b) && !strcmp(b, "continuous"))
            p->sect_break = false;
        break;
    }
    case F_NUMPR: {
        frame *p = fr(R, R->c.p);
        if (p && !strcmp(l, "ilvl"))
            p->p_list = wattr_int(x, "val", 0) + 1;
        else if (p && !strcmp(l, "numId")) {
            if (wattr_int(x, "val", 0) == 0)
                p->p_list = -1000; /* numbering removed */
            else if (p->p_list <= 0)
                p->p_list = 1;
        }
        break;
    }
    case F_RPR:
        rpr_child(R, l);
        break;
    case F_TRPR:
    case F_TCPR:
        table_props_child(R, tk, l);
        break;
    default:
        return false;
    }
    *st = empty ? FA_OK : push(R, push_kind);
    return true;
}

/* ---------------------------------------------------------------- run content */

/* A child of w:r other than text and properties: tabs, breaks, symbols, fields. */
static fa_status run_child(rd *R, const char *l, bool empty)
{
    fa_xml *x = R->pk.x;
    char b[256];
    if (!strcmp(l, "tab")) {
        emit_tab(R);
    } else if (!strcmp(l, "ptab")) {
        emit(R, "\t", 1);
    } else if (!strcmp(l, "cr")) {
        emit(R, "\n", 1);
        pen_reset(R);
    } else if (!strcmp(l, "br")) {
        if (wattr(x, "type", b, sizeof b) && !strcmp(b, "page")) {
            if (!R->c.hidden && R->n_code == 0)
                page_break_after_paragraph(R, false);
        } else {
            emit(R, "\n", 1);
        }
        pen_reset(R);
    } else if (!strcmp(l, "noBreakHyphen")) {
        emit(R, "-", 1);
    } else if (!strcmp(l, "sym")) {
        char font[64], ch[16];
        wattr(x, "font", font, sizeof font);
        if (wattr(x, "char", ch, sizeof ch)) {
            const char *g = sym_glyph(font, ch);
            if (g)
                emit(R, g, strlen(g));
        }
    } else if (!strcmp(l, "fldChar")) {
        char t[32];
        wattr(x, "fldCharType", t, sizeof t);
        if (!strcmp(t, "begin")) {
            field_begin(R);
            if (!empty && !R->field_overflow) {
                fa_status st = push(R, F_FLDCHAR);
                R->ff = &R->fields[R->nfields - 1];
                return st;
            }
        } else if (!strcmp(t, "separate")) {
            field_separate(R);
        } else if (!strcmp(t, "end")) {
            field_end(R);
        }
    }
    return empty ? FA_OK : push(R, F_OTHER);
}

/* ---------------------------------------------------------------- structure */

static fa_status para_start(rd *R, bool empty)
{
    frame *sf = fr(R, R->c.sdt);
    bool absorbed = sf && sf->sd && sf->sd->ctl && sf->sd->level == SDT_BLOCK;
    fa_node *n = absorbed ? NULL : new_block(R, FA_N_PARAGRAPH);
    if (empty)
        return FA_OK;
    fa_status st = push(R, F_P);
    if (st)
        return st;
    frame *f = &R->st[R->top];
    f->node = n;
    f->absorbed = absorbed;
    f->p_bold = -1;
    f->p_sz = R->ss.default_sz;
    R->c.p = R->top;
    R->c.r = -1;
    return FA_OK;
}

static fa_status table_start(rd *R, const char *l, bool empty)
{
    if (!strcmp(l, "tbl")) {
        fa_node *n = new_block(R, FA_N_TABLE);
        if (empty)
            return FA_OK;
        fa_status st = push(R, F_TBL);
        if (st)
            return st;
        R->st[R->top].node = n;
        R->c.tbl = R->top;
        R->c.tr = -1;
        R->c.p = R->c.r = -1;
        return FA_OK;
    }
    if (!strcmp(l, "tr")) {
        frame *t = fr(R, R->c.tbl);
        if (!t || empty)
            return empty ? FA_OK : push(R, F_OTHER);
        fa_node *n = fa_node_new(R->doc, FA_N_ROW);
        if (n) {
            n->loc.part = R->pk.part;
            n->flags = R->c.flags;
            fa_node_append(t->node, n);
        }
        t->col = 0;
        fa_status st = push(R, F_TR);
        if (st)
            return st;
        R->st[R->top].node = n;
        R->c.tr = R->top;
        return FA_OK;
    }
    /* w:tc */
    frame *t = fr(R, R->c.tbl), *row = fr(R, R->c.tr);
    if (!t || !row || empty)
        return empty ? FA_OK : push(R, F_OTHER);
    fa_node *n = fa_node_new(R->doc, FA_N_CELL);
    if (n) {
        n->loc.part = R->pk.part;
        n->flags = R->c.flags;
        fa_node_append(row->node, n);
    }
    fa_status st = push(R, F_TC);
    if (st)
        return st;
    frame *f = &R->st[R->top];
    f->node = n;
    f->start_col = t->col;
    if (n)
        R->c.container = n;
    R->c.p = R->c.r = -1;
    return FA_OK;
}

static fa_status sdt_start(rd *R, fkind tk, bool empty)
{
    if (empty)
        return FA_OK;
    fa_status st = push(R, F_SDT);
    if (st)
        return st;
    frame *f = &R->st[R->top];
    f->sd = calloc(1, sizeof *f->sd);
    if (!f->sd)
        return fa_error_set(R->pk.err, FA_ERR_NOMEM, "out of memory");
    f->sd->checked = -1;
    f->sd->kind = FA_CTL_TEXT;
    f->sd->level = tk == F_TR || tk == F_TBL ? SDT_STRUCT : R->c.p >= 0 ? SDT_RUN : SDT_BLOCK;
    return FA_OK;
}

/* Text box content (DrawingML wps:txbx and VML v:textbox both hold w:txbxContent):
 * its paragraphs read after the paragraph that anchors the box. */
static fa_status textbox_start(rd *R, bool empty)
{
    if (empty)
        return FA_OK;
    frame *p = fr(R, R->c.p);
    fa_node *container = p && p->node && p->node->parent ? p->node->parent : R->c.container;
    fa_status st = push(R, F_OTHER);
    R->c.container = container;
    R->c.flags |= FA_NF_TEXTBOX;
    R->c.p = R->c.r = R->c.tbl = R->c.tr = -1;
    R->c.sdt = -1;
    R->c.tm = T_NONE;
    return st;
}

static fa_status alt_chunk(rd *R);

/* Body structure: paragraphs, runs, text, tables, controls, text boxes, notes. */
static fa_status structure_start(rd *R, fkind tk, const char *l, bool empty)
{
    fa_xml *x = R->pk.x;
    char b[64];
    if (!strcmp(l, "p"))
        return para_start(R, empty);
    if (tk == F_P && !strcmp(l, "pPr"))
        return empty ? FA_OK : push(R, F_PPR);
    if (!strcmp(l, "r")) {
        if (empty)
            return FA_OK;
        fa_status st = push(R, F_R);
        if (st)
            return st;
        frame *f = &R->st[R->top];
        f->r_bold = -1;
        f->r_vanish = -1;
        R->c.r = R->top;
        return FA_OK;
    }
    if (tk == F_R && !strcmp(l, "rPr"))
        return empty ? FA_OK : push(R, F_RPR);
    if (!strcmp(l, "t") || !strcmp(l, "delText") || !strcmp(l, "instrText") ||
        !strcmp(l, "delInstrText")) {
        if (empty)
            return FA_OK;
        fa_status st = push(R, F_OTHER);
        R->c.tm = l[0] == 't' ? T_TEXT : l[0] == 'i' ? T_INSTR : T_DEL;
        return st;
    }
    if (tk == F_R)
        return run_child(R, l, empty);
    if (tk == F_FLDCHAR && !strcmp(l, "ffData")) {
        if (R->ff)
            R->ff->ff = true;
        return empty ? FA_OK : push(R, F_OTHER);
    }
    if (!strcmp(l, "control") && tk != F_SDTPR) {
        activex_control(R);
        return empty ? FA_OK : push(R, F_OTHER);
    }
    if (!strcmp(l, "del") || !strcmp(l, "moveFrom")) {
        if (empty)
            return FA_OK;
        fa_status st = push(R, F_OTHER);
        R->c.hidden = true;
        return st;
    }
    if (!strcmp(l, "tbl") || !strcmp(l, "tr") || !strcmp(l, "tc"))
        return table_start(R, l, empty);
    if (tk == F_TR && !strcmp(l, "trPr"))
        return empty ? FA_OK : push(R, F_TRPR);
    if (tk == F_TC && !strcmp(l, "tcPr"))
        return empty ? FA_OK : push(R, F_TCPR);
    if (!strcmp(l, "sdt"))
        return sdt_start(R, tk, empty);
    if (tk == F_SDT && !strcmp(l, "sdtPr"))
        return empty ? FA_OK : push(R, F_SDTPR);
    if (!strcmp(l, "txbxContent"))
        return textbox_start(R, empty);
    if (!strcmp(l, "fldSimple") && !empty) {
        /* a field in one element (mail merge writes them): its code in w:instr */
        field_begin(R);
        if (R->field_overflow)
            return push(R, F_OTHER);
        char *instr = fa_xml_attr(x, fa_xml_ns(x), "instr");
        if (instr)
            fa_buf_puts(&R->fields[R->nfields - 1].instr, instr);
        free(instr);
        field_separate(R);
        return push(R, F_FLDSIMPLE);
    }
    if (!strcmp(l, "altChunk")) {
        fa_status st = alt_chunk(R);
        return st ? st : empty ? FA_OK : push(R, F_OTHER);
    }
    if ((!strcmp(l, "footnote") || !strcmp(l, "endnote")) && wattr(x, "type", b, sizeof b) &&
        strcmp(b, "normal")) {
        fa_xml_skip(x); /* separators */
        return FA_OK;
    }
    return empty ? FA_OK : push(R, F_OTHER);
}

/* An element starts in a body-like part (document, header, footer, notes, comments). */
static fa_status body_start(rd *R)
{
    fa_xml *x = R->pk.x;
    bool empty = fa_xml_empty(x);
    frame *top = fr(R, R->top);
    fkind tk = top ? top->kind : F_OTHER;
    int nsk = ns_of(x);
    bool w = nsk == X_W || nsk == X_W_STRICT;
    const char *l = fa_xml_local(x);

    /* Markup compatibility: read one branch only, or text boxes come out twice. */
    if (nsk == X_MC) {
        if (!strcmp(l, "Choice") || !strcmp(l, "Fallback")) {
            if (tk == F_ALT && top->choice_taken) {
                fa_xml_skip(x);
                return FA_OK;
            }
            if (tk == F_ALT)
                top->choice_taken = true;
        }
        if (empty)
            return FA_OK;
        return push(R, !strcmp(l, "AlternateContent") ? F_ALT : F_OTHER);
    }
    /* ---- inside content-control properties (w: and w14: elements) */
    if (tk == F_SDTPR || (R->top >= 1 && R->st[R->top - 1].kind == F_SDTPR)) {
        /* the sdt frame is the parent of sdtPr */
        frame *s = &R->st[tk == F_SDTPR ? R->top - 1 : R->top - 2];
        if (s->kind == F_SDT && s->sd)
            sdtpr_child(R, s->sd);
        return empty ? FA_OK : push(R, F_OTHER);
    }
    if (!w) {
        if (nsk == X_MATH && !strcmp(l, "t")) {
            if (empty)
                return FA_OK;
            fa_status st = push(R, F_OTHER);
            R->c.tm = T_TEXT;
            return st;
        }
        return empty ? FA_OK : push(R, F_OTHER);
    }
    /* ---- inside properties */
    if (R->ff) {
        ffdata_child(R, R->ff);
        return empty ? FA_OK : push(R, F_OTHER);
    }
    fa_status st = FA_OK;
    if (props_start(R, tk, l, empty, &st))
        return st;
    return structure_start(R, tk, l, empty);
}

static fa_status body_event(fa_xml *x, void *arg)
{
    rd *R = arg;
    switch (fa_xml_kind_of(x)) {
    case FA_X_START:
        return body_start(R);
    case FA_X_END:
        if (R->top >= 0) {
            frame *f = &R->st[R->top];
            if (f->kind == F_SDTPR) {
                frame *sf = &R->st[R->top - 1];
                pop(R);
                on_sdtpr_end(R, sf);
                return FA_OK;
            }
            pop(R);
        }
        return FA_OK;
    case FA_X_TEXT:
        if (R->c.tm == T_TEXT)
            emit(R, fa_xml_text(x), fa_xml_text_len(x));
        else if (R->c.tm == T_INSTR && R->nfields && !R->field_overflow)
            fa_buf_append(&R->fields[R->nfields - 1].instr, fa_xml_text(x), fa_xml_text_len(x));
        return FA_OK;
    default:
        return FA_OK;
    }
}

/* After a part, whole or not (truncated or failing parts): close what it left open. */
static void part_end(void *arg)
{
    rd *R = arg;
    while (R->top >= 0)
        pop(R);
    while (R->nfields > 0) {
        field_free(&R->fields[R->nfields - 1]);
        R->nfields--;
    }
    R->field_overflow = R->n_code = 0;
    R->ff = NULL;
}

/* ---------------------------------------------------------------- styles.xml */

static fa_status styles_event(fa_xml *x, void *arg)
{
    rd *R = arg;
    fa_xml_kind k = fa_xml_kind_of(x);
    if (k == FA_X_END) {
        if (is_w(x, "style"))
            R->cur_style = NULL;
        else if (is_w(x, "docDefaults"))
            R->in_defaults = false;
        return FA_OK;
    }
    if (k != FA_X_START)
        return FA_OK;
    char b[256];
    if (is_w(x, "docDefaults")) {
        R->in_defaults = !fa_xml_empty(x);
    } else if (is_w(x, "style")) {
        R->cur_style = NULL;
        if (!wattr(x, "styleId", b, sizeof b) || fa_xml_empty(x))
            return FA_OK;
        styles *ss = &R->ss;
        if (ss->n == ss->alloc) {
            size_t na = ss->alloc ? ss->alloc * 2 : 64;
            if (na > 100000)
                return FA_OK; /* absurd style count: ignore the rest */
            style *v = realloc(ss->v, na * sizeof *v);
            if (!v)
                return fa_error_set(R->pk.err, FA_ERR_NOMEM, "out of memory");
            ss->v = v;
            ss->alloc = na;
        }
        style *s = &ss->v[ss->n++];
        memset(s, 0, sizeof *s);
        s->id = fa_strdup(b);
        if (!s->id) {
            ss->n--;
            return fa_error_set(R->pk.err, FA_ERR_NOMEM, "out of memory");
        }
        s->bold = -1;
        s->vanish = -1;
        s->level = level_from_name(b);
        R->cur_style = s;
    } else if (R->cur_style) {
        style *s = R->cur_style;
        if (is_w(x, "name") && wattr(x, "val", b, sizeof b)) {
            int lv = level_from_name(b);
            if (lv)
                s->level = lv;
        } else if (is_w(x, "basedOn") && wattr(x, "val", b, sizeof b)) {
            free(s->based);
            s->based = fa_strdup(b);
        } else if (is_w(x, "outlineLvl")) {
            int v = wattr_int(x, "val", 9);
            s->level = v >= 0 && v < 9 ? v + 1 : 0;
        } else if (is_w(x, "b")) {
            s->bold = wattr_onoff(x);
        } else if (is_w(x, "sz")) {
            s->sz = wattr_int(x, "val", 0);
        } else if (is_w(x, "vanish")) {
            s->vanish = wattr_onoff(x);
        } else if (is_w(x, "tab")) {
            tab_def(x, s->own, &s->nown, true);
        } else if (is_w(x, "ilvl")) {
            s->list = wattr_int(x, "val", 0) + 1;
        } else if (is_w(x, "numId") && !s->list && wattr_int(x, "val", 0) > 0) {
            s->list = 1;
        }
    } else if (R->in_defaults && is_w(x, "sz")) {
        R->ss.default_sz = wattr_int(x, "val", DEFAULT_SZ);
    }
    return FA_OK;
}

/* Inherit unset properties along basedOn chains (bounded: chains may loop). Tab
 * stops add up from the farthest base style to the style itself. */
static void styles_resolve(styles *ss)
{
    if (ss->n > 1)
        qsort(ss->v, ss->n, sizeof *ss->v, cmp_style);
    for (size_t i = 0; i < ss->n; i++) {
        style *s = &ss->v[i], *b = s;
        style *chain[11];
        int nchain = 0;
        chain[nchain++] = s;
        for (int hop = 0; hop < 10 && b->based; hop++) {
            b = style_find(ss, b->based);
            if (!b)
                break;
            chain[nchain++] = b;
            if (!s->level && b->level > 0 && b->level < 9)
                s->level = b->level;
            if (s->bold < 0)
                s->bold = b->bold;
            if (!s->sz)
                s->sz = b->sz;
            if (s->vanish < 0)
                s->vanish = b->vanish;
        }
        s->ntabs = 0;
        for (int k = nchain - 1; k >= 0; k--)
            for (int t = 0; t < chain[k]->nown; t++)
                tab_put(s->tabs, &s->ntabs, chain[k]->own[t], false);
    }
}

/* ---------------------------------------------------------------- relationships */

struct rels {
    fa_strvec type, target, id;
};
typedef struct rels rels;

static fa_status rels_event(fa_xml *x, void *arg)
{
    rd *R = arg;
    if (fa_xml_kind_of(x) != FA_X_START || strcmp(fa_xml_local(x), "Relationship"))
        return FA_OK;
    char t[512], g[512], mode[32];
    if (!fa_xml_attr_buf(x, NULL, "Type", t, sizeof t) ||
        !fa_xml_attr_buf(x, NULL, "Target", g, sizeof g))
        return FA_OK;
    if (fa_xml_attr_buf(x, NULL, "TargetMode", mode, sizeof mode) && !strcmp(mode, "External"))
        return FA_OK;
    const char *slash = strrchr(t, '/');
    fa_strvec_push(&R->rels_out->type, slash ? slash + 1 : t);
    fa_strvec_push(&R->rels_out->target, g);
    char id[128];
    fa_xml_attr_buf(x, NULL, "Id", id, sizeof id);
    fa_strvec_push(&R->rels_out->id, id);
    return FA_OK;
}

/* Relationship targets are relative to the source part's folder, or absolute. */
static char *resolve_target(const char *base_dir, const char *target)
{
    fa_buf b = {.cap = 4096};
    if (target[0] == '/')
        fa_buf_puts(&b, target + 1);
    else {
        fa_buf_puts(&b, base_dir);
        fa_buf_puts(&b, target);
    }
    /* collapse "dir/../" */
    char *s = fa_buf_steal(&b), *p;
    while (s && (p = strstr(s, "/../")) != NULL) {
        char *q = p;
        while (q > s && q[-1] != '/')
            q--;
        memmove(q, p + 4, strlen(p + 4) + 1);
    }
    return s;
}

/* A damaged relationships part is warned about; what was read of it stays. */
static void read_rels(rd *R, const char *name, rels *out)
{
    memset(out, 0, sizeof *out);
    if (!fa_zip_has(R->pk.zip, name))
        return;
    fa_error e = {0};
    fa_error *saved = R->pk.err;
    R->pk.err = &e;
    R->rels_out = out;
    if (fa_pkg_read(&R->pk, name, rels_event, 0) != FA_OK)
        fa_doc_warn(R->doc, "%s", e.message);
    R->rels_out = NULL;
    R->pk.err = saved;
}

static void rels_free(rels *r)
{
    fa_strvec_free(&r->type);
    fa_strvec_free(&r->target);
    fa_strvec_free(&r->id);
}

/* ---------------------------------------------------------------- altChunk */

/* Documents being read inside documents on this thread (altChunk in altChunk). */
static _Thread_local int chunk_depth;

/* w:altChunk: another document (HTML, RTF, DOCX, text) that Word and LibreOffice show
 * in place. It is read with its own reader and its blocks copied here; a document
 * warning says so, as the trick hides questions from tools that skip it. */
static fa_status alt_chunk(rd *R)
{
    char id[128];
    if (!R->main_rels || R->c.hidden || R->n_code > 0 ||
        !fa_xml_attr_buf(R->pk.x, NS_REL, "id", id, sizeof id))
        return FA_OK;
    const rels *rl = R->main_rels;
    char *t = NULL;
    for (size_t i = 0; i < rl->id.n && i < rl->target.n && !t; i++)
        if (!strcmp(rl->id.v[i], id) && !strcasecmp(rl->type.v[i], "aFChunk"))
            t = resolve_target(R->main_dir, rl->target.v[i]);
    if (!t || !fa_zip_has(R->pk.zip, t)) {
        free(t);
        return FA_OK;
    }
    fa_status st = FA_OK;
    if (chunk_depth >= FA_MAX_EMBED_DEPTH) {
        fa_doc_warn(R->doc,
                    "%s: documents imported more than %d deep (altChunk, limit "
                    "FA_MAX_EMBED_DEPTH): not read",
                    t, FA_MAX_EMBED_DEPTH);
        free(t);
        return FA_OK;
    }
    char *data = NULL;
    size_t len = 0;
    fa_error e = {0};
    st = fa_zip_read(R->pk.zip, t, &data, &len, &e);
    fa_doc *sub = NULL;
    if (!st) {
        fa_format f = fa_sniff(data, len);
        if (f == FA_FMT_PDF || f == FA_FMT_UNKNOWN) {
            fa_doc_warn(R->doc,
                        "%s: imported document (altChunk) of a type Word does not "
                        "import: not read",
                        t);
        } else {
            chunk_depth++;
            st = fa_doc_open_mem(t, data, len, &sub, &e);
            chunk_depth--;
        }
    }
    free(data);
    if (st == FA_ERR_LIMIT || st == FA_ERR_NOMEM || st == FA_ERR_ENCRYPTED) {
        st = fa_error_set(R->pk.err, st, "%s", e.message);
    } else if (st) {
        fa_doc_warn(R->doc, "%s: %s (imported document not read)", t, e.message);
        st = FA_OK;
    } else if (sub) {
        st = fa_doc_graft(R->doc, R->c.container, sub, R->c.flags);
        fa_doc_warn(R->doc,
                    "the document imports another document (altChunk %s, %s): read "
                    "where Word and LibreOffice show it",
                    t, fa_format_name(sub->format));
        if (st)
            st = fa_error_set(R->pk.err, st, "out of memory");
    }
    fa_doc_free(sub);
    free(t);
    return st;
}

/* ---------------------------------------------------------------- docProps */

/* core.xml (cp:coreProperties / dc:title...) and app.xml (Properties / Application),
 * in fa_pkg_read_meta's order. */
static const char *const meta_names[FA_PKG_META_FIELDS] = {
    "title", "subject", "creator", "Application", NULL, "created", "modified", "lastModifiedBy"};

/* ---------------------------------------------------------------- the reader */

/* A secondary part (header, notes, comments, styles, properties) that fails to parse
 * is skipped with a warning; limits and encryption still stop the whole document. */
static fa_status read_optional(rd *R, const char *name, fa_pkg_handler h, fa_node *container,
                               unsigned flags)
{
    R->c = (ctx){
        .container = container, .flags = flags, .p = -1, .r = -1, .tbl = -1, .tr = -1, .sdt = -1};
    R->top = -1;
    return fa_pkg_read_optional(&R->pk, name, h, 0);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Parts of one relationship type, in name order (header1, header2...). */
static fa_status read_related(rd *R, const rels *rl, const char *dir, const char *type,
                              unsigned flags)
{
    fa_strvec names = {0};
    for (size_t i = 0; i < rl->type.n; i++) {
        if (strcmp(rl->type.v[i], type))
            continue;
        char *t = resolve_target(dir, rl->target.v[i]);
        if (t)
            fa_strvec_push(&names, t);
        free(t);
    }
    if (names.n > 1)
        qsort(names.v, names.n, sizeof *names.v, cmp_str);
    fa_status st = FA_OK;
    for (size_t i = 0; i < names.n && !st; i++)
        st = read_optional(R, names.v[i], body_event, R->doc->root, flags);
    fa_strvec_free(&names);
    return st;
}

/* A Word package that starts with an OpenDocument "mimetype" entry is read for what
 * its main part is (read.c sniffs by the main part); the disguise is worth a word. */
static void odf_mimetype_warning(rd *R)
{
    if (!fa_zip_has(R->pk.zip, "mimetype"))
        return;
    char *m = NULL;
    size_t n = 0;
    fa_error e = {0};
    if (fa_zip_read(R->pk.zip, "mimetype", &m, &n, &e) == FA_OK && m &&
        !strncmp(m, "application/vnd.oasis.opendocument", 34))
        fa_doc_warn(R->doc, "the package declares an OpenDocument type (mimetype entry) but "
                            "holds a Word document: read as DOCX");
    free(m);
}

fa_status fa_read_docx(fa_doc *doc, const void *data, size_t size, fa_error *err)
{
    fa_status st;
    rd *R = fa_pkg_new(sizeof *R, doc, data, size, part_end, &st, err);
    if (!R)
        return st;
    R->doc = doc;
    R->top = -1;
    fa_zip *z = R->pk.zip;
    R->ss.default_sz = DEFAULT_SZ;
    odf_mimetype_warning(R);

    /* The main part is named by the package relationships; word/document.xml by
     * convention. */
    char *main_part = NULL;
    rels pr;
    read_rels(R, "_rels/.rels", &pr);
    for (size_t i = 0; i < pr.type.n && !main_part; i++)
        if (!strcmp(pr.type.v[i], "officeDocument"))
            main_part = resolve_target("", pr.target.v[i]);
    rels_free(&pr);
    if (!main_part || !fa_zip_has(z, main_part)) {
        free(main_part);
        main_part = fa_strdup("word/document.xml");
    }
    if (!main_part || !fa_zip_has(z, main_part)) {
        st = fa_error_set(err, FA_ERR_CORRUPT,
                          "word/document.xml: missing part (not a Word document)");
        goto out;
    }
    char dir[512] = "", relname[600];
    const char *slash = strrchr(main_part, '/');
    if (slash && (size_t)(slash - main_part + 1) < sizeof dir)
        memcpy(dir, main_part, (size_t)(slash - main_part + 1)), dir[slash - main_part + 1] = '\0';
    snprintf(relname, sizeof relname, "%s_rels/%s.rels", dir, slash ? slash + 1 : main_part);
    rels dr;
    read_rels(R, relname, &dr);
    if (!dr.type.n) { /* no relationships: the conventional names */
        for (size_t i = 0; i < fa_zip_count(z); i++) {
            const char *n = fa_zip_name(z, i);
            const char *types[] = {"header",   "footer",   "footnotes",
                                   "endnotes", "comments", "styles"};
            if (strncmp(n, "word/", 5))
                continue;
            for (size_t k = 0; k < sizeof types / sizeof *types; k++)
                if (!strncmp(n + 5, types[k], strlen(types[k])) && strstr(n, ".xml") &&
                    !strchr(n + 5, '/')) {
                    fa_strvec_push(&dr.type, types[k]);
                    fa_strvec_push(&dr.target, n + 5);
                }
        }
    }

    for (size_t i = 0; i < dr.type.n && !st && i < dr.id.n; i++) {
        if (strcmp(dr.type.v[i], "control"))
            continue;
        char *t = resolve_target(dir, dr.target.v[i]), *xml = NULL;
        size_t xlen = 0;
        fa_error e = {0};
        if (t && fa_zip_has(z, t)) {
            fa_status s2 = fa_zip_read(z, t, &xml, &xlen, &e);
            if (s2 == FA_ERR_LIMIT || s2 == FA_ERR_ENCRYPTED || s2 == FA_ERR_NOMEM)
                st = fa_error_set(err, s2, "%s", e.message);
        }
        struct axctl *v = xml ? realloc(R->ax, (R->nax + 1) * sizeof *v) : NULL;
        if (v) {
            R->ax = v;
            v[R->nax].id = fa_strdup(dr.id.v[i]);
            v[R->nax].kind = activex_kind(xml);
            if (v[R->nax].id)
                R->nax++;
        }
        free(xml);
        free(t);
    }
    for (size_t i = 0; i < dr.type.n && !st; i++)
        if (!strcmp(dr.type.v[i], "styles")) {
            char *t = resolve_target(dir, dr.target.v[i]);
            if (t)
                st = read_optional(R, t, styles_event, doc->root, 0);
            free(t);
            break;
        }
    styles_resolve(&R->ss);

    if (!st)
        st = read_related(R, &dr, dir, "header", FA_NF_HEADER);
    if (!st) {
        /* The body: any failure here is the document's. */
        R->c = (ctx){.container = doc->root, .p = -1, .r = -1, .tbl = -1, .tr = -1, .sdt = -1};
        R->top = -1;
        R->main_rels = &dr;
        R->main_dir = dir;
        st = fa_pkg_read(&R->pk, main_part, body_event, 0);
        R->main_rels = NULL;
    }
    if (!st)
        st = read_related(R, &dr, dir, "footer", FA_NF_HEADER);
    if (!st)
        st = read_related(R, &dr, dir, "footnotes", FA_NF_NOTE);
    if (!st)
        st = read_related(R, &dr, dir, "endnotes", FA_NF_NOTE);
    if (!st)
        st = read_related(R, &dr, dir, "comments", FA_NF_COMMENT | FA_NF_HIDDEN);
    rels_free(&dr);

    if (!st)
        st = fa_pkg_read_meta(&R->pk, "docProps/core.xml", 1, meta_names);
    if (!st)
        st = fa_pkg_read_meta(&R->pk, "docProps/app.xml", 1, meta_names);
    if (!st)
        fa_doc_finish(doc);
out:
    free(main_part);
    styles_free(&R->ss);
    for (size_t i = 0; i < R->nax; i++)
        free(R->ax[i].id);
    free(R->ax);
    fa_pkg_free(R);
    return st;
}
