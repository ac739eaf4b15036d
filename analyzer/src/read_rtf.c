/* read_rtf.c — the RTF reader: a small RTF-to-model reader, no third-party library.
 *
 * RTF is a stream of groups ({...}), control words (\par, \b0, \u233, \'e9) and text.
 * The reader keeps one state per open group (which destination the text goes to, the
 * font, hidden or bold text, the \uc skip count) and one "sink" per text flow (the
 * body, a header or footer, a footnote, a text box), which holds the open paragraph
 * and the table being built. What a person reads becomes paragraphs and table cells
 * (\par, \cell, \row); what a person types in a legacy form field (\field with
 * FORMTEXT / FORMCHECKBOX / FORMDROPDOWN and its \*\formfield data) becomes a CONTROL
 * node where it sits. Bytes are decoded with the document's code page (\ansicpg) or
 * the font's charset; \uN gives Unicode directly. Destinations nobody reads (font and
 * colour tables, pictures, revision tables, ignorable \* groups) are skipped; the
 * font table, the style sheet (heading levels) and \info (title, author) are read. */
#include "fa_limits.h"
#include "read.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Fields nest (a field in a field's instructions); deeper nesting is read as text. */
#define MAX_FIELDS 16
/* Text flows open at once: body, then a footnote or text box inside it, ... */
#define MAX_SINKS 8
/* Cell definitions kept for one row (Word allows 63 columns). */
#define MAX_CELLDEFS 64
/* Fonts remembered from the font table. */
#define MAX_FONTS 256

typedef enum dest {
    D_TEXT = 0,   /* document text */
    D_SKIP,       /* not read */
    D_FONTTBL,    /* inside \fonttbl: one group per font */
    D_FONTNAME,   /* a font's name */
    D_STYLESHEET, /* inside \stylesheet */
    D_STYLENAME,  /* a style's name */
    D_INFO,       /* inside \info */
    D_META,       /* \title, \author... : text to a meta field */
    D_FLDINST,    /* a field's instructions */
    D_FLDRSLT,    /* a field's result (what the page shows) */
    D_FORMFIELD,  /* \*\formfield: the form field's properties */
    D_FFTEXT      /* \*\ffname, \*\ffdeftext, \*\ffl, \*\ffhelptext: text for the field */
} dest;

/* What a group says about the text inside it. Copied when a group opens, restored
 * when it closes. */
typedef struct gstate {
    dest d;
    int uc;      /* characters to skip after \uN */
    int font;    /* current font number, -1 none */
    bool hidden; /* \v */
    int bold;    /* \b: 1, 0 */
    int fs;      /* \fs: half-points, 0 default */
    int sink;    /* index of the text flow */
    int field;   /* field whose group this is inside, -1 none */
    int meta;    /* D_META: which meta field (0 title, 1 subject, 2 author, 3 operator) */
    int fftext;  /* D_FFTEXT: 0 name, 1 default text, 2 list entry, 3 help */
    int style;   /* D_STYLESHEET child: style number being defined, -1 none */
    int outline; /* D_STYLESHEET child: \outlinelevel, -1 none */
    int charset; /* D_FONTNAME: \fcharset of the font being defined, -1 none */
} gstate;

typedef struct celldef {
    bool hmerge_cont, vmerge_first, vmerge_cont;
} celldef;

/* A text flow: where its paragraphs go and the paragraph and table open in it. */
typedef struct sink {
    fa_node *container; /* document root (body, headers, notes) */
    unsigned flags;     /* FA_NF_HEADER, FA_NF_NOTE, FA_NF_TEXTBOX */
    fa_node *para;      /* open paragraph, NULL until text or \par */
    fa_buf hidden;      /* hidden text (\v) of the open paragraph */
    size_t bold, plain, small, big;
    /* paragraph properties (\pard resets them) */
    bool intbl;
    int style, outline, list;
    /* table being built */
    fa_node *table, *row, *cell;
    int ncell; /* cells opened in the row */
    celldef defs[MAX_CELLDEFS], next_defs[MAX_CELLDEFS];
    int ndefs, nnext;
    bool header_row, next_header_row;
    celldef pending;           /* properties of the next \cellx */
    fa_node *vm[MAX_CELLDEFS]; /* restart cell of each column (vertical merges) */
} sink;

typedef struct field {
    int depth; /* group depth of the \field group */
    fa_buf instr;
    int fftype; /* -1 none, 0 text, 1 checkbox, 2 drop-down */
    int ffres, ffdefres, fftypetxt;
    fa_buf name, deftext, help, entry;
    fa_strvec entries;
    bool result_seen;
    fa_node *ctl; /* created at the result (or at the end) */
    fa_buf value;
} field;

typedef struct font {
    int num, cp; /* code page of the charset, 0 default */
    bool symbol; /* Symbol / Wingdings: bytes are glyph codes */
    char name[32];
} font;

typedef struct rd {
    fa_doc *doc;
    fa_error *err;
    const unsigned char *s;
    size_t n, i;
    gstate st[FA_MAX_XML_DEPTH + 1];
    int depth; /* groups open */
    int flat;  /* groups open beyond the limit, read with the outer state */
    gstate g;  /* the current group's state */
    sink sk[MAX_SINKS];
    int nsk;
    field fld[MAX_FIELDS];
    int nfld;
    font fonts[MAX_FONTS];
    int nfonts, deffont;
    int cp; /* document code page (\ansicpg), 1252 by default */
    /* byte -> code point for the code page in use; cp_for is the page it is for */
    gunichar map[128];
    int cp_for;
    unsigned char lead;    /* first byte of a double-byte character */
    int skip;              /* fallback characters still to skip after \uN */
    gunichar high;         /* pending high surrogate of \uN */
    fa_buf run;            /* text decoded, not yet sent to its destination */
    fa_buf scratch;        /* font and style names */
    int styles_level[256]; /* heading level of paragraph style \sN, 0 none */
    bool warned_depth;
} rd;

/* ---------------------------------------------------------------- code pages */

/* Code page of an RTF \fcharset. */
static int charset_cp(int cs)
{
    switch (cs) {
    case 77:
        return 10000;
    case 128:
        return 932;
    case 129:
        return 949;
    case 134:
        return 936;
    case 136:
        return 950;
    case 161:
        return 1253;
    case 162:
        return 1254;
    case 163:
        return 1258;
    case 177:
        return 1255;
    case 178:
        return 1256;
    case 186:
        return 1257;
    case 204:
        return 1251;
    case 222:
        return 874;
    case 238:
        return 1250;
    default:
        return 0;
    }
}

static bool dbcs(int cp)
{
    return cp == 932 || cp == 936 || cp == 949 || cp == 950;
}

static const char *cp_name(int cp, char *buf, size_t n)
{
    if (cp == 10000)
        return "MACINTOSH";
    g_snprintf(buf, n, "CP%d", cp);
    return buf;
}

/* Fill R->map for code page CP: the code point of each byte 0x80-0xFF, 0 when the
 * byte is not a character of its own (a lead byte) or iconv does not know the page. */
static void load_map(rd *R, int cp)
{
    char nm[32];
    const char *name = cp_name(cp, nm, sizeof nm);
    for (int b = 0; b < 128; b++) {
        char in = (char)(b + 128);
        gsize w = 0;
        gchar *u = g_convert(&in, 1, "UTF-8", name, NULL, &w, NULL);
        R->map[b] = u && w ? g_utf8_get_char_validated(u, (gssize)w) : 0;
        if (R->map[b] == (gunichar)-1 || R->map[b] == (gunichar)-2)
            R->map[b] = 0;
        g_free(u);
    }
    if (cp == 1252 || !R->map[0x69]) { /* iconv without the page: Windows-1252 by hand */
        static const unsigned short w1252[32] = {
            0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
            0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
            0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};
        if (!dbcs(cp))
            for (int b = 0; b < 128; b++)
                if (!R->map[b])
                    R->map[b] = b < 32 ? w1252[b] : (gunichar)(b + 128);
    }
    R->cp_for = cp;
}

static const font *font_of(const rd *R, int num)
{
    for (int i = 0; i < R->nfonts; i++)
        if (R->fonts[i].num == num)
            return &R->fonts[i];
    return NULL;
}

static void put_cp(rd *R, gunichar c)
{
    char u[8];
    int k = g_unichar_to_utf8(c, u);
    fa_buf_append(&R->run, u, (size_t)k);
}

/* Map the few symbol-font check boxes forms use to the characters they show. */
static gunichar symbol_glyph(const char *fontname, unsigned v)
{
    if (!strncasecmp(fontname, "Wingdings 2", 11)) {
        if (v == 0xA3 || v == 0xA2 || v == 0x2A)
            return 0x2610;
        if (v == 0x52)
            return 0x2611;
        if (v == 0x54 || v == 0x51 || v == 0x4F)
            return 0x2612;
    } else if (!strncasecmp(fontname, "Wingdings", 9)) {
        if (v == 0x6F || v == 0xA8 || v == 0x71 || v == 0x72)
            return 0x2610;
        if (v == 0xFE)
            return 0x2611;
        if (v == 0xFD || v == 0x78)
            return 0x2612;
    }
    return 0;
}

/* A byte of text (from \'hh or a raw byte) in the current font's code page. */
static void put_byte(rd *R, unsigned char b)
{
    const font *f = font_of(R, R->g.font);
    if (f && f->symbol) {
        gunichar g = symbol_glyph(f->name, b);
        if (g)
            put_cp(R, g);
        else if (b >= 0x20 && b < 0x7F && strncasecmp(f->name, "Wingdings", 9))
            put_cp(R, b); /* Symbol font letters: Greek, keep the byte */
        return;
    }
    int cp = f && f->cp ? f->cp : R->cp;
    if (b < 0x80 && !R->lead) {
        put_cp(R, b);
        return;
    }
    if (dbcs(cp)) {
        if (!R->lead) {
            R->lead = b;
            return;
        }
        char in[2] = {(char)R->lead, (char)b}, nm[32];
        R->lead = 0;
        gsize w = 0;
        gchar *u = g_convert(in, 2, "UTF-8", cp_name(cp, nm, sizeof nm), NULL, &w, NULL);
        if (u && w)
            fa_buf_append(&R->run, u, w);
        else
            put_cp(R, 0xFFFD);
        g_free(u);
        return;
    }
    if (R->cp_for != cp)
        load_map(R, cp);
    put_cp(R, R->map[b - 128] ? R->map[b - 128] : 0xFFFD);
}

/* \uN: signed 16-bit; surrogate pairs come as two \u. */
static void put_unicode(rd *R, long v)
{
    gunichar c = (gunichar)(v < 0 ? v + 65536 : v) & 0xFFFF;
    if (c >= 0xD800 && c <= 0xDBFF) {
        R->high = c;
        return;
    }
    if (c >= 0xDC00 && c <= 0xDFFF) {
        if (R->high)
            c = 0x10000 + ((R->high - 0xD800) << 10) + (c - 0xDC00);
        else
            c = 0xFFFD;
    }
    R->high = 0;
    if (c >= 0xF000 && c <= 0xF0FF) { /* symbol fonts' private-use glyphs */
        const font *f = font_of(R, R->g.font);
        gunichar g = f && f->symbol ? symbol_glyph(f->name, c - 0xF000) : 0;
        if (g)
            c = g;
    }
    put_cp(R, c);
}

/* ---------------------------------------------------------------- building */

static sink *cur_sink(rd *R)
{
    return &R->sk[R->g.sink];
}

static void close_table(sink *k)
{
    k->table = k->row = k->cell = NULL;
    k->ncell = 0;
    memset(k->vm, 0, sizeof k->vm);
}

/* Open the cell the next table paragraph goes into. */
static fa_node *open_cell(rd *R, sink *k)
{
    if (k->cell)
        return k->cell;
    if (!k->table) {
        k->table = fa_node_new(R->doc, FA_N_TABLE);
        if (!k->table)
            return NULL;
        k->table->flags = k->flags;
        fa_node_append(k->container, k->table);
        memset(k->vm, 0, sizeof k->vm);
    }
    if (!k->row) {
        k->row = fa_node_new(R->doc, FA_N_ROW);
        if (!k->row)
            return NULL;
        k->row->flags = k->flags | (k->header_row ? FA_NF_HEADER_ROW : 0);
        fa_node_append(k->table, k->row);
        k->ncell = 0;
    }
    int col = k->ncell++;
    const celldef *cd = col < k->ndefs ? &k->defs[col] : NULL;
    if (cd && cd->hmerge_cont && k->row->last) {
        /* part of the cell on its left: no cell of its own */
        k->row->last->colspan++;
        k->cell = k->row->last;
        return k->cell;
    }
    fa_node *c = fa_node_new(R->doc, FA_N_CELL);
    if (!c)
        return NULL;
    c->flags = k->flags;
    fa_node_append(k->row, c);
    if (col < MAX_CELLDEFS) {
        if (cd && cd->vmerge_cont && k->vm[col]) {
            k->vm[col]->rowspan++;
            c->rowspan = 0; /* covered by the cell above (model.h) */
        } else {
            k->vm[col] = cd && cd->vmerge_first ? c : NULL;
        }
    }
    k->cell = c;
    return c;
}

/* The paragraph text goes to, created on first use. */
static fa_node *open_para(rd *R, sink *k)
{
    if (k->para)
        return k->para;
    fa_node *container = k->container;
    if (k->intbl) {
        container = open_cell(R, k);
        if (!container)
            return NULL;
    } else if (k->table) {
        close_table(k);
    }
    fa_node_type t = FA_N_PARAGRAPH;
    int level = 0;
    if (k->outline >= 0 && k->outline < 9) {
        t = FA_N_HEADING;
        level = k->outline + 1;
    } else if (k->style >= 0 && k->style < 256 && R->styles_level[k->style] > 0) {
        t = FA_N_HEADING;
        level = R->styles_level[k->style];
    } else if (k->list > 0) {
        t = FA_N_LIST_ITEM;
        level = k->list;
    }
    fa_node *p = fa_node_new(R->doc, t);
    if (!p)
        return NULL;
    p->level = level;
    p->flags = k->flags;
    p->loc.part = "rtf";
    fa_node_append(container, p);
    k->para = p;
    k->bold = k->plain = k->small = k->big = 0;
    return p;
}

/* Visible characters (neither space, tab nor newline). */
static size_t ink(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += s[i] != ' ' && s[i] != '\t' && s[i] != '\n';
    return c;
}

/* End the open paragraph (\par, \cell, end of a flow). Hidden text becomes a hidden
 * paragraph of its own after it (read, but marked: a person does not see it). */
static void end_para(rd *R, sink *k, bool make_empty)
{
    fa_node *p = k->para;
    if (!p && make_empty)
        p = open_para(R, k);
    if (p) {
        if (k->bold && !k->plain)
            p->flags |= FA_NF_BOLD;
        if (k->small && !k->big)
            p->flags |= FA_NF_SMALL;
        fa_node_squeeze(p);
    }
    if (k->hidden.len && ink(k->hidden.data, k->hidden.len)) {
        if (p && !p->len && !p->first) {
            fa_node_append_text(R->doc, p, k->hidden.data, k->hidden.len);
            fa_node_squeeze(p);
            p->flags |= FA_NF_HIDDEN;
        } else {
            fa_node *h = fa_node_new(R->doc, FA_N_PARAGRAPH);
            if (h) {
                h->flags = k->flags | FA_NF_HIDDEN;
                h->loc.part = "rtf";
                fa_node_append(p && p->parent ? p->parent : k->container, h);
                fa_node_append_text(R->doc, h, k->hidden.data, k->hidden.len);
                fa_node_squeeze(h);
            }
        }
    }
    fa_buf_reset(&k->hidden);
    k->para = NULL;
}

static field *cur_field(rd *R)
{
    return R->g.field >= 0 && R->g.field < R->nfld ? &R->fld[R->g.field] : NULL;
}

/* Send the decoded text of R->run where the current group says. */
static void flush(rd *R)
{
    if (!R->run.len)
        return;
    const char *s = R->run.data;
    size_t n = R->run.len;
    field *f = cur_field(R);
    switch (R->g.d) {
    case D_TEXT:
    case D_FLDRSLT: {
        if (R->g.d == D_FLDRSLT && f && f->ctl) {
            fa_buf_append(&f->value, s, n);
            break;
        }
        sink *k = cur_sink(R);
        if (R->g.hidden) {
            fa_buf_append(&k->hidden, s, n);
            break;
        }
        fa_node *p = open_para(R, k);
        if (!p)
            break;
        fa_node_append_text(R->doc, p, s, n);
        size_t c = ink(s, n);
        if (R->g.bold == 1)
            k->bold += c;
        else
            k->plain += c;
        if (R->g.fs > 0 && R->g.fs < 18)
            k->small += c;
        else
            k->big += c;
        break;
    }
    case D_FLDINST:
        if (f)
            fa_buf_append(&f->instr, s, n);
        break;
    case D_FFTEXT:
        if (f) {
            fa_buf *b = R->g.fftext == 0   ? &f->name
                        : R->g.fftext == 1 ? &f->deftext
                        : R->g.fftext == 2 ? &f->entry
                                           : &f->help;
            fa_buf_append(b, s, n);
        }
        break;
    case D_FONTNAME:
    case D_STYLENAME:
    case D_META:
        fa_buf_append(&R->scratch, s, n);
        break;
    default:
        break;
    }
    fa_buf_reset(&R->run);
}

/* ---------------------------------------------------------------- fields */

static bool instr_has(const field *f, const char *w)
{
    return f->instr.data && strstr(f->instr.data, w);
}

static int field_kind(const field *f)
{
    if (f->fftype >= 0)
        return f->fftype;
    if (instr_has(f, "FORMTEXT"))
        return 0;
    if (instr_has(f, "FORMCHECKBOX"))
        return 1;
    if (instr_has(f, "FORMDROPDOWN"))
        return 2;
    return -1;
}

/* The CONTROL of a form field, where the field sits. */
static void field_control(rd *R, field *f)
{
    int k = field_kind(f);
    if (f->ctl || k < 0)
        return;
    sink *sk = cur_sink(R);
    fa_node *p = open_para(R, sk);
    if (!p)
        return;
    fa_control_kind kind = k == 1                                   ? FA_CTL_CHECKBOX
                           : k == 2                                 ? FA_CTL_CHOICE
                           : f->fftypetxt == 2 || f->fftypetxt == 3 ? FA_CTL_DATE
                                                                    : FA_CTL_TEXT;
    fa_node *n = fa_doc_add_control(R->doc, p, kind);
    if (!n)
        return;
    n->flags = sk->flags | (R->g.hidden ? FA_NF_HIDDEN : 0);
    n->loc.part = "rtf";
    fa_control *c = n->ctl;
    c->name = f->name.len ? fa_doc_strndup(R->doc, f->name.data, f->name.len) : NULL;
    c->tooltip = f->help.len ? fa_doc_strndup(R->doc, f->help.data, f->help.len) : NULL;
    for (size_t i = 0; i < f->entries.n; i++)
        fa_control_add_option(R->doc, c, f->entries.v[i], strlen(f->entries.v[i]));
    int res = f->ffres >= 0 ? f->ffres : f->ffdefres;
    if (kind == FA_CTL_CHECKBOX)
        c->checked = res == 1;
    else if (kind == FA_CTL_CHOICE && res >= 0 && (size_t)res < c->n_options)
        c->value = c->options[res];
    f->ctl = n;
}

static void field_end(rd *R, field *f)
{
    if (field_kind(f) >= 0 && !f->ctl)
        field_control(R, f);
    if (f->ctl && f->ctl->ctl->kind != FA_CTL_CHECKBOX && f->ctl->ctl->kind != FA_CTL_CHOICE &&
        f->value.len) {
        /* Word fills an empty text field with five en spaces: blank (squeezed away) */
        char *v = fa_doc_strndup(R->doc, f->value.data, f->value.len);
        f->ctl->ctl->value = v && *v ? v : NULL;
    }
    fa_buf_free(&f->instr);
    fa_buf_free(&f->name);
    fa_buf_free(&f->deftext);
    fa_buf_free(&f->help);
    fa_buf_free(&f->entry);
    fa_buf_free(&f->value);
    fa_strvec_free(&f->entries);
}

/* ---------------------------------------------------------------- groups */

static int level_from_name(const char *s)
{
    while (*s == ' ')
        s++;
    if (!strcasecmp(s, "title") || !strcasecmp(s, "titre"))
        return 1;
    size_t k;
    if (!strncasecmp(s, "heading", 7))
        k = 7;
    else if (!strncasecmp(s, "titre", 5))
        k = 5;
    else
        return 0;
    while (s[k] == ' ')
        k++;
    return s[k] >= '1' && s[k] <= '9' && (!s[k + 1] || s[k + 1] == ' ') ? s[k] - '0' : 0;
}

static void group_open(rd *R)
{
    flush(R);
    if (R->depth >= FA_MAX_XML_DEPTH) {
        R->flat++;
        if (!R->warned_depth) {
            R->warned_depth = true;
            fa_doc_warn(R->doc, "RTF groups nested deeper than %d: deeper ones read flat",
                        FA_MAX_XML_DEPTH);
        }
        return;
    }
    R->st[R->depth++] = R->g;
    /* a new child of the font table or the style sheet starts a definition */
    if (R->g.d == D_FONTTBL) {
        R->g.d = D_FONTNAME;
        fa_buf_reset(&R->scratch);
        R->g.font = -1;
        R->g.charset = -1;
    } else if (R->g.d == D_STYLESHEET) {
        R->g.d = D_STYLENAME;
        fa_buf_reset(&R->scratch);
        R->g.style = -1;
        R->g.outline = -1;
    }
}

/* Commit what a closing group defined (a font, a style, a meta field, a field). */
static void group_commit(rd *R, const gstate *inner, const gstate *outer)
{
    if (inner->d == D_FONTNAME && outer->d == D_FONTTBL && inner->font >= 0 &&
        R->nfonts < MAX_FONTS) {
        font *f = &R->fonts[R->nfonts++];
        memset(f, 0, sizeof *f);
        f->num = inner->font;
        f->cp = inner->charset > 0 ? charset_cp(inner->charset) : 0;
        char empty[1] = "";
        char *name = R->scratch.data ? R->scratch.data : empty;
        char *semi = strchr(name, ';');
        if (semi)
            *semi = '\0';
        while (*name == ' ')
            name++;
        g_strlcpy(f->name, name, sizeof f->name);
        f->symbol = inner->charset == 2 || !strncasecmp(f->name, "Wingdings", 9) ||
                    !strcasecmp(f->name, "Symbol") || !strncasecmp(f->name, "Webdings", 8);
    } else if (inner->d == D_STYLENAME && outer->d == D_STYLESHEET && inner->style >= 0 &&
               inner->style < 256) {
        char empty[1] = "";
        char *name = R->scratch.data ? R->scratch.data : empty;
        char *semi = strchr(name, ';');
        if (semi)
            *semi = '\0';
        int lv =
            inner->outline >= 0 && inner->outline < 9 ? inner->outline + 1 : level_from_name(name);
        R->styles_level[inner->style] = lv;
    } else if (inner->d == D_META && outer->d != D_META) {
        char **slot[] = {&R->doc->meta.title, &R->doc->meta.subject, &R->doc->meta.author,
                         &R->doc->meta.last_modified_by};
        if (inner->meta >= 0 && inner->meta < 4 && !*slot[inner->meta] && R->scratch.len) {
            char *v = fa_doc_strndup(R->doc, R->scratch.data, R->scratch.len);
            *slot[inner->meta] = v && *v ? v : NULL;
        }
        fa_buf_reset(&R->scratch);
    } else if (inner->d == D_FFTEXT && outer->d != D_FFTEXT && inner->fftext == 2) {
        field *f = inner->field >= 0 && inner->field < R->nfld ? &R->fld[inner->field] : NULL;
        if (f && f->entry.len && f->entries.n < FA_MAX_OPTIONS)
            fa_strvec_push_n(&f->entries, f->entry.data, f->entry.len);
        if (f)
            fa_buf_reset(&f->entry);
    }
}

static void group_close(rd *R)
{
    flush(R);
    if (R->flat) {
        R->flat--;
        return;
    }
    if (R->depth == 0)
        return; /* unbalanced '}': ignored */
    gstate inner = R->g;
    R->g = R->st[--R->depth];
    group_commit(R, &inner, &R->g);
    /* a field ends with its group */
    while (R->nfld > 0 && R->fld[R->nfld - 1].depth > R->depth) {
        field_end(R, &R->fld[R->nfld - 1]);
        R->nfld--;
    }
    /* a text flow (header, footnote, text box) ends with its group */
    if (inner.sink != R->g.sink && inner.sink > 0 && inner.sink == R->nsk - 1) {
        sink *k = &R->sk[inner.sink];
        end_para(R, k, false);
        fa_buf_free(&k->hidden);
        R->nsk--;
    }
    R->skip = 0;
}

/* Start a new text flow (header, footnote, text box) for the current group. */
static void open_sink(rd *R, unsigned flags)
{
    if (R->nsk >= MAX_SINKS) {
        R->g.d = D_SKIP;
        return;
    }
    sink *outer = cur_sink(R);
    sink *k = &R->sk[R->nsk];
    memset(k, 0, sizeof *k);
    /* a note or a text box reads after the paragraph it is anchored in */
    k->container = outer->para && outer->para->parent ? outer->para->parent : outer->container;
    k->flags = outer->flags | flags;
    k->style = k->outline = -1;
    k->hidden.cap = FA_MAX_PARAGRAPH;
    R->g.sink = R->nsk++;
    R->g.d = D_TEXT;
}

/* ---------------------------------------------------------------- control words */

/* Destinations whose content nobody reads. */
static bool skipped_dest(const char *w)
{
    static const char *const skip[] = {"colortbl",
                                       "pict",
                                       "listtable",
                                       "listoverridetable",
                                       "revtbl",
                                       "rsidtbl",
                                       "filetbl",
                                       "themedata",
                                       "colorschememapping",
                                       "latentstyles",
                                       "datastore",
                                       "xmlnstbl",
                                       "nonshppict",
                                       "sp",
                                       "objdata",
                                       "pntext",
                                       "listtext",
                                       "pntxta",
                                       "pntxtb",
                                       "xe",
                                       "tc",
                                       "txe",
                                       "bkmkstart",
                                       "bkmkend",
                                       "fldtype",
                                       "generator",
                                       "mmathPr",
                                       "atnid",
                                       "atnauthor",
                                       "annotation",
                                       "printim",
                                       "buptim",
                                       "creatim",
                                       "revtim",
                                       "keywords",
                                       "doccomm",
                                       "comment",
                                       "hlinkbase",
                                       "userprops",
                                       "datafield",
                                       "template",
                                       "pgdsctbl",
                                       "protusertbl",
                                       "wgrffmtfilter",
                                       "blipuid",
                                       "picprop",
                                       "shppict",
                                       "passwordhash",
                                       "panose",
                                       "falt",
                                       NULL};
    for (size_t i = 0; skip[i]; i++)
        if (!strcmp(w, skip[i]))
            return true;
    return false;
}

/* Control words that stand for a character. True when W was one. */
static bool char_word(rd *R, const char *w)
{
    static const struct {
        const char *w;
        const char *s;
    } chars[] = {{"tab", "\t"},
                 {"line", "\n"},
                 {"emdash", "\xE2\x80\x94"},
                 {"endash", "\xE2\x80\x93"},
                 {"lquote", "\xE2\x80\x98"},
                 {"rquote", "\xE2\x80\x99"},
                 {"ldblquote", "\xE2\x80\x9C"},
                 {"rdblquote", "\xE2\x80\x9D"},
                 {"bullet", "\xE2\x80\xA2"},
                 {"emspace", " "},
                 {"enspace", " "},
                 {"qmspace", " "},
                 {"zwj", ""},
                 {"zwnj", ""},
                 {"ltrmark", ""},
                 {"rtlmark", ""}};
    for (size_t i = 0; i < sizeof chars / sizeof chars[0]; i++)
        if (!strcmp(w, chars[i].w)) {
            fa_buf_puts(&R->run, chars[i].s);
            return true;
        }
    return false;
}

/* The first word of a group names its destination. True when W was one (the
 * group's state is set). */
static bool dest_word(rd *R, const char *w, bool ignorable)
{
    gstate *g = &R->g;
    static const char *const metas[] = {"title", "subject", "author", "operator", NULL};
    static const char *const fft[] = {"ffname",     "ffdeftext",  "ffl",
                                      "ffhelptext", "ffstattext", NULL};
    if (!strcmp(w, "fonttbl"))
        g->d = D_FONTTBL;
    else if (!strcmp(w, "stylesheet"))
        g->d = D_STYLESHEET;
    else if (!strcmp(w, "info"))
        g->d = D_INFO;
    else if (g->d == D_INFO) {
        g->d = D_SKIP; /* \info children other than the ones below */
        for (int i = 0; metas[i]; i++)
            if (!strcmp(w, metas[i])) {
                g->d = D_META;
                g->meta = i;
                fa_buf_reset(&R->scratch);
            }
    } else if (!strcmp(w, "field")) {
        if (R->nfld < MAX_FIELDS) {
            field *f = &R->fld[R->nfld];
            memset(f, 0, sizeof *f);
            f->depth = R->depth;
            f->fftype = f->ffres = f->ffdefres = -1;
            f->instr.cap = 4096;
            f->value.cap = FA_MAX_PARAGRAPH;
            f->name.cap = f->deftext.cap = f->help.cap = f->entry.cap = 1024;
            g->field = R->nfld++;
        }
    } else if (!strcmp(w, "fldinst")) {
        g->d = cur_field(R) ? D_FLDINST : D_SKIP;
    } else if (!strcmp(w, "fldrslt")) {
        field *f = cur_field(R);
        g->d = D_FLDRSLT;
        if (f) {
            f->result_seen = true;
            field_control(R, f);
        }
    } else if (!strcmp(w, "formfield")) {
        g->d = cur_field(R) ? D_FORMFIELD : D_SKIP;
    } else if (!strncmp(w, "header", 6) || !strncmp(w, "footer", 6)) {
        open_sink(R, FA_NF_HEADER);
    } else if (!strcmp(w, "footnote")) {
        open_sink(R, FA_NF_NOTE);
    } else if (!strcmp(w, "shptxt")) {
        open_sink(R, FA_NF_TEXTBOX);
    } else if (!strcmp(w, "shpinst") || !strcmp(w, "shp") || !strcmp(w, "object") ||
               !strcmp(w, "result")) {
        /* transparent: their text box or result is read */
    } else {
        for (int i = 0; fft[i]; i++)
            if (!strcmp(w, fft[i])) {
                g->d = cur_field(R) ? D_FFTEXT : D_SKIP;
                g->fftext = i < 4 ? i : 3;
                return true;
            }
        if (!skipped_dest(w) && !ignorable)
            return false;
        g->d = D_SKIP;
    }
    return true;
}

/* Words inside a font or style definition, or a form field's properties. True when
 * the group is one of those (W is then used or ignored). */
static bool def_word(rd *R, const char *w, long p, bool has_p)
{
    gstate *g = &R->g;
    if (g->d == D_FONTNAME) {
        if (!strcmp(w, "f") && has_p)
            g->font = (int)p;
        else if (!strcmp(w, "fcharset") && has_p)
            g->charset = (int)p;
        return true;
    }
    if (g->d == D_STYLENAME) {
        if (!strcmp(w, "s") && has_p)
            g->style = (int)p;
        else if (!strcmp(w, "outlinelevel") && has_p)
            g->outline = (int)p;
        else if (!strcmp(w, "cs") || !strcmp(w, "ts") || !strcmp(w, "ds"))
            g->style = -1; /* character, table, section styles: not headings */
        return true;
    }
    if (g->d != D_FORMFIELD)
        return false;
    field *f = cur_field(R);
    if (!f)
        return true;
    if (!strcmp(w, "fftype"))
        f->fftype = has_p ? (int)p : 0;
    else if (!strcmp(w, "ffres"))
        f->ffres = has_p ? (int)p : -1;
    else if (!strcmp(w, "ffdefres"))
        f->ffdefres = has_p ? (int)p : -1;
    else if (!strcmp(w, "fftypetxt"))
        f->fftypetxt = has_p ? (int)p : 0;
    return true;
}

/* Table words: row definitions (\trowd, \cellx and the merges before it), \cell,
 * \row. True when W was one. */
static bool table_word(rd *R, sink *k, const char *w)
{
    if (!strcmp(w, "intbl")) {
        k->intbl = true;
    } else if (!strcmp(w, "trowd")) {
        k->nnext = 0;
        k->next_header_row = false;
        memset(&k->pending, 0, sizeof k->pending);
    } else if (!strcmp(w, "trhdr")) {
        k->next_header_row = true;
    } else if (!strcmp(w, "clmrg")) {
        k->pending.hmerge_cont = true;
    } else if (!strcmp(w, "clvmgf")) {
        k->pending.vmerge_first = true;
    } else if (!strcmp(w, "clvmrg")) {
        k->pending.vmerge_cont = true;
    } else if (!strcmp(w, "cellx")) {
        if (k->nnext < MAX_CELLDEFS)
            k->next_defs[k->nnext++] = k->pending;
        memset(&k->pending, 0, sizeof k->pending);
        if (!k->row) { /* the definition of the row about to start */
            memcpy(k->defs, k->next_defs, sizeof k->defs);
            k->ndefs = k->nnext;
            k->header_row = k->next_header_row;
        }
    } else if (!strcmp(w, "cell") || !strcmp(w, "nestcell")) {
        k->intbl = true;
        end_para(R, k, false);
        if (!strcmp(w, "cell")) {
            open_cell(R, k);
            k->cell = NULL;
        }
    } else if (!strcmp(w, "row")) {
        end_para(R, k, false);
        k->cell = NULL;
        k->row = NULL;
        k->ndefs = k->nnext;
        memcpy(k->defs, k->next_defs, sizeof k->defs);
        k->header_row = k->next_header_row;
    } else {
        return false;
    }
    return true;
}

/* Document, character and paragraph properties. */
static void prop_word(rd *R, sink *k, const char *w, long p, bool has_p)
{
    gstate *g = &R->g;
    if (!strcmp(w, "ansicpg") && has_p) {
        R->cp = p > 0 && p < 100000 ? (int)p : 1252;
    } else if (!strcmp(w, "deff") && has_p) {
        R->deffont = (int)p;
        g->font = (int)p;
    } else if (!strcmp(w, "f") && has_p) {
        g->font = (int)p;
    } else if (!strcmp(w, "uc") && has_p) {
        g->uc = p >= 0 && p < 10 ? (int)p : 1;
    } else if (!strcmp(w, "v")) {
        g->hidden = !has_p || p != 0;
    } else if (!strcmp(w, "b")) {
        g->bold = !has_p || p != 0;
    } else if (!strcmp(w, "fs") && has_p) {
        g->fs = (int)p;
    } else if (!strcmp(w, "plain")) {
        g->bold = 0;
        g->hidden = false;
        g->fs = 0;
        g->font = R->deffont;
    } else if (!strcmp(w, "bin") && has_p) {
        size_t skip = p > 0 ? (size_t)p : 0;
        R->i = skip > R->n - R->i ? R->n : R->i + skip;
    } else if (!strcmp(w, "par")) {
        end_para(R, k, true);
    } else if (!strcmp(w, "sect")) {
        end_para(R, k, false);
    } else if (!strcmp(w, "pard")) {
        k->intbl = false;
        k->style = k->outline = -1;
        k->list = 0;
    } else if (!strcmp(w, "s") && has_p) {
        k->style = (int)p;
    } else if (!strcmp(w, "outlinelevel") && has_p) {
        k->outline = (int)p;
    } else if (!strcmp(w, "ls") && has_p) {
        if (k->list <= 0)
            k->list = 1;
    } else if (!strcmp(w, "ilvl") && has_p) {
        k->list = p >= 0 && p < 9 ? (int)p + 1 : 1;
    } else if (!strcmp(w, "page")) {
        end_para(R, k, false);
        fa_node *br = fa_node_new(R->doc, FA_N_PAGE_BREAK);
        if (br)
            fa_node_append(k->intbl && k->cell ? k->cell : k->container, br);
    }
}

/* A control word: W with parameter P (HAS_P when given). IGNORABLE: the group began
 * with \*, so an unknown destination is skipped. FIRST: W is the group's first word. */
static void control_word(rd *R, const char *w, long p, bool has_p, bool ignorable, bool first)
{
    if (R->g.d == D_SKIP)
        return;
    if (!strcmp(w, "u") && has_p) {
        put_unicode(R, p);
        R->skip = R->g.uc > 0 ? R->g.uc : 0;
        return;
    }
    if (char_word(R, w))
        return;
    flush(R);
    if (first && dest_word(R, w, ignorable))
        return;
    if (def_word(R, w, p, has_p))
        return;
    sink *k = cur_sink(R);
    if (!table_word(R, k, w))
        prop_word(R, k, w, p, has_p);
}

/* ---------------------------------------------------------------- the parser */

static fa_status parse(rd *R)
{
    const unsigned char *s = R->s;
    bool group_start = false, ignorable = false;
    while (R->i < R->n) {
        unsigned char c = s[R->i];
        if (c == '{') {
            R->i++;
            group_open(R);
            group_start = true;
            ignorable = false;
            continue;
        }
        if (c == '}') {
            R->i++;
            group_close(R);
            group_start = false;
            continue;
        }
        if (c == '\r' || c == '\n') {
            R->i++;
            continue;
        }
        if (c != '\\') {
            R->i++;
            group_start = false;
            if (R->g.d == D_SKIP)
                continue;
            if (R->skip > 0) {
                R->skip--;
                continue;
            }
            if (c == '\t')
                fa_buf_putc(&R->run, '\t');
            else if (R->g.d == D_FONTNAME)
                fa_buf_putc(&R->run, (char)c); /* font names: raw bytes, ASCII in practice */
            else
                put_byte(R, c);
            continue;
        }
        /* backslash */
        R->i++;
        if (R->i >= R->n)
            break;
        c = s[R->i];
        if (c == '\'') {
            unsigned v = 0;
            int got = 0;
            R->i++;
            while (got < 2 && R->i < R->n && g_ascii_isxdigit(s[R->i])) {
                v = v * 16 + (unsigned)g_ascii_xdigit_value(s[R->i]);
                R->i++;
                got++;
            }
            group_start = false;
            if (R->g.d == D_SKIP || !got)
                continue;
            if (R->skip > 0) {
                R->skip--;
                continue;
            }
            put_byte(R, (unsigned char)v);
            continue;
        }
        if (!g_ascii_isalpha(c)) {
            /* control symbol */
            R->i++;
            if (c == '*') {
                ignorable = group_start;
                continue;
            }
            group_start = false;
            if (R->g.d == D_SKIP)
                continue;
            if (R->skip > 0 && c != '\\' && c != '{' && c != '}') {
                R->skip--;
                continue;
            }
            if (c == '\\' || c == '{' || c == '}')
                put_byte(R, c);
            else if (c == '~')
                put_cp(R, 0x00A0);
            else if (c == '_')
                put_cp(R, '-');
            else if (c == '\r' || c == '\n') {
                flush(R);
                end_para(R, cur_sink(R), true);
            }
            /* \- optional hyphen, \: index entries: nothing shown */
            continue;
        }
        char word[33];
        size_t wl = 0;
        while (R->i < R->n && g_ascii_isalpha(s[R->i])) {
            if (wl < sizeof word - 1)
                word[wl++] = (char)s[R->i];
            R->i++;
        }
        word[wl] = '\0';
        long p = 0;
        bool has_p = false, neg = false;
        if (R->i < R->n && s[R->i] == '-' && R->i + 1 < R->n && g_ascii_isdigit(s[R->i + 1])) {
            neg = true;
            R->i++;
        }
        int digits = 0;
        while (R->i < R->n && g_ascii_isdigit(s[R->i])) {
            if (digits < 10)
                p = p * 10 + (s[R->i] - '0');
            digits++;
            has_p = true;
            R->i++;
        }
        if (neg)
            p = -p;
        if (R->i < R->n && s[R->i] == ' ')
            R->i++; /* the delimiter space belongs to the word */
        bool first = group_start;
        group_start = false;
        if (R->skip > 0 && strcmp(word, "u")) {
            /* the fallback of \uN may be a control word (\'hh counted above) */
            if (!strcmp(word, "par") || !strcmp(word, "cell") || !strcmp(word, "row"))
                R->skip = 0;
            else {
                R->skip--;
                continue;
            }
        }
        control_word(R, word, p, has_p, ignorable, first);
        ignorable = false;
    }
    flush(R);
    return FA_OK;
}

fa_status fa_read_rtf(fa_doc *doc, const void *data, size_t size, fa_error *err)
{
    rd *R = calloc(1, sizeof *R);
    if (!R)
        return fa_error_set(err, FA_ERR_NOMEM, "out of memory");
    R->doc = doc;
    R->err = err;
    R->s = data;
    R->n = size;
    R->cp = 1252;
    R->g = (gstate){.d = D_TEXT,
                    .uc = 1,
                    .font = -1,
                    .bold = -1,
                    .field = -1,
                    .style = -1,
                    .outline = -1,
                    .meta = -1,
                    .charset = -1};
    R->sk[0] = (sink){.container = doc->root, .style = -1, .outline = -1};
    R->sk[0].hidden.cap = FA_MAX_PARAGRAPH;
    R->nsk = 1;
    R->run.cap = FA_MAX_PARAGRAPH;
    R->scratch.cap = 4096;
    /* skip what precedes the header: a byte-order mark, spaces */
    while (R->i < R->n && R->s[R->i] != '{')
        R->i++;
    fa_status st = parse(R);
    while (R->nfld > 0) {
        field_end(R, &R->fld[R->nfld - 1]);
        R->nfld--;
    }
    for (int i = R->nsk - 1; i >= 0; i--) {
        end_para(R, &R->sk[i], false);
        fa_buf_free(&R->sk[i].hidden);
    }
    fa_buf_free(&R->run);
    fa_buf_free(&R->scratch);
    free(R);
    if (st == FA_OK)
        fa_doc_finish(doc);
    return st;
}
