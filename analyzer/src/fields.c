/* fields.c — field detection: every place where a form asks someone to write, tick or
 * choose, with the label a person reads next to it.
 *
 * Two halves. fields_scan.c finds the marks inside one paragraph (leaders "____",
 * checkbox glyphs, inline controls) and knows the vocabularies. This file reads the
 * structure: each container (document, table cell) is a sequence of blocks that are
 * classified first (empty, heading, blank lines, option lines, field lines, "Label :",
 * questions, "Label : value", running text), then read in order with one pending
 * label, because the label of a field is often in the block before it ("Motif :" then
 * one "☐ option" per line; "Observations :" then lines of underscores). Tables are
 * read as grids: label cell + empty neighbour, header row + empty rows, rating
 * matrices, label cell + filled cell.
 *
 * Precision matters as much as recall: a heading, an instruction or a line of the
 * data-protection notice reported as a field is noise in the report, so weak signals
 * ("Label : value", "Label :" alone, a question) are ignored inside the notice and in
 * small print, and accepted only in a form context. */
#include "fields.h"
#include "audit_limits.h"
#include "fields_plc.h"
#include "fields_scan.h"
#include "fold.h"
#include "fa_limits.h"

#include <stdlib.h>
#include <string.h>

/* Longest label, in words, still read as a label and not as a sentence. */
#define LABEL_WORDS 12
/* "Label : value" lines: longest label. */
#define VALUE_LABEL_WORDS 8

typedef enum bclass {
    B_SKIP = 0, /* hidden, comment, page furniture, note */
    B_EMPTY,    /* nothing visible: the blank after "Label :" */
    B_HEADING,
    B_LEADERS, /* only leaders: "__________" (continuation of a multi-line field) */
    B_OPTS,    /* option line without its own label: "☐ Santé", "Oui ☐ Non ☐", "Oui / Non" */
    B_FIELDS,  /* one or more fields with their labels on the line */
    B_COLON,   /* "Label :" with nothing after */
    B_QUESTION, /* "Question ?" with nothing after */
    B_YESNO,    /* "Question ? Oui / Non" */
    B_VALUE,    /* "Label : value" candidate */
    B_TEXT,     /* running text */
    B_TABLE,
    B_CTL, /* block-level control */
    B_BARE /* PDF: a label alone on its line in a run of such labels (a grid whose
              cell borders were graphics) */
} bclass;

typedef struct blk {
    const fa_node *n;
    bclass cls;
    fa_marks mk;
    size_t words;
    bool notice;   /* inside the data-protection notice, or small print */
    char *label;   /* B_COLON, B_QUESTION, B_YESNO, B_VALUE */
    char *value;   /* B_VALUE */
    size_t opt_at; /* B_YESNO: where the options start in the text */
    char *own;     /* PDF/TXT: the line joined with its wrapped continuation, or NULL */
    size_t own_len;
} blk;

/* The text of a block: its node's, or the joined lines. */
static const char *btext(const blk *b)
{
    return b->own ? b->own : (b->n->text ? b->n->text : "");
}
static size_t blen(const blk *b)
{
    return b->own ? b->own_len : (b->n->text ? b->n->len : 0);
}

typedef struct dctx {
    const fa_doc *doc;
    fa_result *res;
    fa_error *err;
    char *section;
    bool in_notice;
    int notice_level;  /* heading level that opened the notice; 99 = a paragraph title */
    bool templated;    /* a model letter: «guillemets» and [brackets] are slots (fields_plc.h) */
    size_t open_group; /* 1 + index of the field of a "Label : ☐ a ☐ b" line that the
                          next option lines may go on ("☐ c ☐ d"), 0 none */
    int group_lines;   /* option lines it took so far */
    fa_status st;
} dctx;

/* ---------------------------------------------------------------- emitting */

static fa_status fail(dctx *x, fa_status st, const char *what)
{
    if (x->st == FA_OK)
        x->st = fa_error_set(x->err, st, "field detection: %s", what);
    return x->st;
}

/* The loc of a node, falling back on its parent's for inline controls. */
static fa_loc node_loc(const fa_node *n)
{
    fa_loc l = n->loc;
    if (n->type == FA_N_CONTROL && n->parent && !l.paragraph && !l.table && !l.page)
        l = n->parent->loc;
    return l;
}

/* Add a field; LABEL is taken over (freed on failure). */
static fa_field *emit(dctx *x, char *label, fa_field_kind kind, fa_field_method m,
                      const fa_node *node)
{
    if (x->st) {
        free(label);
        return NULL;
    }
    if (!label) {
        fail(x, FA_ERR_NOMEM, "out of memory");
        return NULL;
    }
    if (node && (node->flags & FA_NF_HEADER)) {
        /* the same header on first, odd and even pages: one field */
        for (size_t i = 0; i < x->res->n_fields; i++) {
            const fa_field *g = &x->res->fields[i];
            if (g->node && (g->node->flags & FA_NF_HEADER) && g->label &&
                !strcmp(g->label, label)) {
                free(label);
                return NULL;
            }
        }
    }
    if (x->res->n_fields >= FA_MAX_FIELDS) {
        /* A 50,000-row grid is still a document to audit: keep the first
         * FA_MAX_FIELDS fields rather than failing the whole document, say so, and let
         * the rules read the text past the last one (audit_limits.c). */
        char n[32];
        fa_doc_warn_limit(x->doc, FA_FIELDS_CUT, fa_count_str(n, sizeof n, FA_MAX_FIELDS), n);
        free(label);
        return NULL;
    }
    fa_field *f = fa_result_add_field(x->res);
    if (!f) {
        free(label);
        fail(x, FA_ERR_NOMEM, "out of memory");
        return NULL;
    }
    f->label = label;
    f->kind = kind;
    f->method = m;
    f->node = node;
    f->loc = node_loc(node);
    if (x->section) {
        f->section = fa_strdup(x->section);
        if (!f->section)
            fail(x, FA_ERR_NOMEM, "out of memory");
    }
    return f;
}

static void set_value(dctx *x, fa_field *f, const char *v)
{
    if (!f || fa_str_blank(v) || fa_is_placeholder(v))
        return;
    free(f->value);
    f->value = fa_str_squeeze(fa_strdup(v));
    if (!f->value)
        fail(x, FA_ERR_NOMEM, "out of memory");
}

static void add_option(dctx *x, fa_field *f, const char *o)
{
    if (!f || fa_str_blank(o))
        return;
    if (f->options.n >= FA_MAX_OPTIONS) {
        char n[32];
        fa_doc_warn_limit(x->doc,
                          "a list with more than %s options: the rest are not read (limit "
                          "FA_MAX_OPTIONS)",
                          fa_count_str(n, sizeof n, FA_MAX_OPTIONS));
        return;
    }
    if (fa_strvec_push(&f->options, o))
        fail(x, FA_ERR_NOMEM, "out of memory");
}

/* ---------------------------------------------------------------- small helpers */

static const char *ntext(const fa_node *n)
{
    return n->text ? n->text : "";
}

/* Not part of the form a person fills: hidden text, reviewers' comments, page
 * furniture, notes. A part the page hides but whose controls still collect data (HTML
 * hidden inputs and sections, FA_NF_CONCEALED) is read: its fields are hidden ones. */
static bool skipped_node(const fa_node *n)
{
    if ((n->flags & FA_NF_CONCEALED) && !(n->flags & FA_NF_COMMENT))
        return false;
    return (n->flags & (FA_NF_HIDDEN | FA_NF_COMMENT)) != 0;
}

/* Page headers and footers, footnotes and endnotes: what a person reads there is page
 * furniture and references, but a question put there is still asked (a way to hide
 * one from tools that skip them). Only lines that show their blank are fields there. */
static bool furniture(const fa_node *n)
{
    return (n->flags & (FA_NF_HEADER | FA_NF_NOTE)) != 0;
}

static bool is_box_ctl(const fa_node *c)
{
    return c && c->ctl && (c->ctl->kind == FA_CTL_CHECKBOX || c->ctl->kind == FA_CTL_RADIO) &&
           c->ctl->n_options < 2;
}

/* Text a control shows for itself as an option (HTML <label> of a checkbox, ODF label,
 * PDF tooltip), or NULL. */
static const char *ctl_own_text(const fa_node *c)
{
    if (!c || !c->ctl)
        return NULL;
    if (!fa_str_blank(c->ctl->label))
        return c->ctl->label;
    if (!fa_str_blank(c->ctl->tooltip))
        return c->ctl->tooltip;
    return NULL;
}

static fa_field_kind kind_of_ctl(const fa_control *c)
{
    switch (c->kind) {
    case FA_CTL_MULTILINE:
        return FA_FK_MULTILINE;
    case FA_CTL_CHECKBOX:
        return FA_FK_CHECKBOX;
    case FA_CTL_RADIO:
    case FA_CTL_CHOICE:
        return FA_FK_CHOICE;
    case FA_CTL_DATE:
        return FA_FK_DATE;
    case FA_CTL_SIGNATURE:
        return FA_FK_SIGNATURE;
    case FA_CTL_OTHER:
        return FA_FK_OTHER;
    default:
        return FA_FK_TEXT;
    }
}

/* Last word of a "Label :" that introduces a list or a sentence rather than a blank:
 * "Le bénéficiaire s'engage à :", "les pièces suivantes :". */
static bool intro_label(const char *label)
{
    static const char *const tail[] = {
        "a",     "de",     "des",      "du",        "pour",       "par",
        "que",   "qui",    "comme",    "notamment", "ci-dessous", "ci-apres",
        "ainsi", "sont",   "est",      "avec",      "sur",        "dans",
        "en",    "les",    "la",       "le",        "aux",        "au",
        "et",    "ou",     "suivant",  "suivants",  "suivante",   "suivantes",
        "suit",  "engage", "s'engage", "engagent",  "vous",       NULL};
    char *f = fa_fold_simple(label);
    if (!f)
        return false;
    fa_str_squeeze(f);
    const char *sp = strrchr(f, ' ');
    const char *last = sp ? sp + 1 : f;
    bool r = strstr(f, "ci-dessous") || strstr(f, "ci-apres") || strstr(f, "suivant");
    for (size_t i = 0; !r && tail[i]; i++)
        r = !strcmp(last, tail[i]);
    free(f);
    return r;
}

/* A label starting like a sentence or a note, not a field: "Article 3 : ...",
 * "Attention : ...", "Vous : ...". */
static bool sentence_label(const char *label)
{
    static const char *const w[] = {"article",
                                    "annexe",
                                    "chapitre",
                                    "note",
                                    "nb",
                                    "n.b",
                                    "attention",
                                    "important",
                                    "rappel",
                                    "exemple",
                                    "source",
                                    "pour",
                                    "si",
                                    "en cas",
                                    "a noter",
                                    "soit",
                                    "cf",
                                    "voir",
                                    "je",
                                    "nous",
                                    "vous",
                                    "il",
                                    "elle",
                                    "on",
                                    "ils",
                                    "elles",
                                    "ps",
                                    "p.s",
                                    "remarque importante",
                                    "avertissement",
                                    "conformement",
                                    NULL};
    char *f = fa_fold_simple(label);
    if (!f)
        return false;
    bool r = false;
    for (size_t i = 0; !r && w[i]; i++) {
        size_t n = strlen(w[i]);
        r = !strncmp(f, w[i], n) && (!f[n] || f[n] == ' ' || f[n] == '.' || f[n] == '\'');
        /* "NB : ..." is a note, "Nb d'enfants" a count to give */
        if (r && f[n] && (!strcmp(w[i], "nb") || !strcmp(w[i], "n.b")))
            r = f[n] == '.' && !f[n + 1];
    }
    free(f);
    return r;
}

static bool parens_balanced(const char *s)
{
    int d = 0, g = 0;
    for (; *s; s++) {
        if (*s == '(')
            d++;
        else if (*s == ')')
            d--;
        else if (!strncmp(s, "\xC2\xAB", 2)) /* « » */
            g++;
        else if (!strncmp(s, "\xC2\xBB", 2))
            g--;
    }
    return d == 0 && g == 0;
}

/* The subject line of a letter ("Objet : demande de ..."): its value is the
 * letter's own text, not an answer. */
static bool subject_label(const char *label)
{
    char *f = fa_fold_simple(label);
    bool r = f && (!strcmp(f, "objet") || !strcmp(f, "object") || !strcmp(f, "subject") ||
                   !strcmp(f, "concerne") || !strcmp(f, "re"));
    free(f);
    return r;
}

/* Option texts "Oui / Non", "Oui - Non - Ne sait pas" in [s, e) of T: pushed to OUT
 * (when not NULL). True when there are at least two and every one is a rating word. */
static bool text_options(const char *t, size_t s, size_t e, fa_strvec *out)
{
    char *buf = fa_strndup(t + s, e - s);
    if (!buf)
        return false;
    /* "Oui - Non": a spaced dash separates options as a slash does */
    for (char *d = strstr(buf, " - "); d; d = strstr(d + 3, " - "))
        d[1] = '/';
    fa_strvec tmp = {0};
    bool ok = true;
    char *save = NULL;
    for (char *tok = strtok_r(buf, "/|,;", &save); tok && ok; tok = strtok_r(NULL, "/|,;", &save)) {
        fa_str_squeeze(tok);
        if (!*tok)
            continue;
        ok = fa_is_rating_word(tok) && fa_word_count(tok) <= 4;
        if (ok && fa_strvec_push(&tmp, tok))
            ok = false;
    }
    ok = ok && tmp.n >= 2;
    if (ok && out)
        for (size_t i = 0; i < tmp.n; i++)
            fa_strvec_push(out, tmp.v[i]);
    fa_strvec_free(&tmp);
    free(buf);
    return ok;
}

/* ---------------------------------------------------------------- box regions */

/* A run of boxes on one line, read either way: "☐ Célibataire ☐ En couple" (box then
 * text) or "Oui ☐ Non ☐" (text then box). */
typedef struct boxrun {
    char *label; /* text before the boxes ("Situation"), NULL when none */
    fa_strvec options;
    fa_strvec checked; /* ticked options */
    size_t next;       /* index of the first mark after the run */
    size_t end;        /* byte offset where the run's text ends */
    bool radio;        /* made of radio controls */
    bool named;        /* an option is only a control's technical name */
    int group;         /* control group id of the first box, 0 none */
} boxrun;

static void boxrun_free(boxrun *r)
{
    free(r->label);
    fa_strvec_free(&r->options);
    fa_strvec_free(&r->checked);
    memset(r, 0, sizeof *r);
}

static fa_status push_opt(boxrun *r, const fa_mark *b, char *text)
{
    if (!text)
        return FA_ERR_NOMEM;
    if (!*text && b->ctl && ctl_own_text(b->ctl)) {
        free(text);
        text = fa_strdup(ctl_own_text(b->ctl));
        if (!text)
            return FA_ERR_NOMEM;
    }
    if (!*text && b->ctl && b->ctl->ctl->name) {
        free(text);
        text = fa_strdup(b->ctl->ctl->name);
        if (!text)
            return FA_ERR_NOMEM;
        r->named = true;
    }
    fa_status st = FA_OK;
    if (*text) {
        st = fa_strvec_push(&r->options, text);
        if (!st && b->checked == 1)
            st = fa_strvec_push(&r->checked, text);
    }
    free(text);
    return st;
}

/* Read the box run starting at mark I (a box) of node N; SEG is where the text of the
 * run may start (end of the previous mark). */
static fa_status box_run(const char *t, size_t len, const fa_marks *mk, size_t i, size_t seg,
                         boxrun *r)
{
    const fa_mark *m = mk->v;
    memset(r, 0, sizeof *r);
    size_t lb = i; /* last box of the line */
    for (size_t k = i; k < mk->n; k++)
        if (m[k].type == FA_MK_BOX)
            lb = k;
    r->radio = m[i].ctl && m[i].ctl->ctl->kind == FA_CTL_RADIO;
    r->group = m[i].ctl ? m[i].ctl->ctl->group : 0;
    bool prefix = !fa_span_empty(t, seg, m[i].s);
    bool tail = !fa_span_empty(t, m[lb].e, len);
    int before = 0;
    {
        size_t k = m[i].s;
        while (k > seg && t[k - 1] == ' ')
            k--;
        before = k > seg ? (unsigned char)t[k - 1] : 0;
    }
    fa_status st = FA_OK;
    if (prefix && !tail && before != ':' && before != '?') {
        /* text then box: "Oui ☐ Non ☐"; "Question ? Oui ☐ Non ☐" keeps its label */
        size_t q = m[i].s, cut = seg;
        while (q > seg) {
            q--;
            if (t[q] == '?' || t[q] == ':') {
                cut = q + 1;
                break;
            }
        }
        if (cut > seg) {
            r->label = fa_label_clean(t, seg, t[cut - 1] == '?' ? cut : cut - 1);
            if (!r->label)
                return FA_ERR_NOMEM;
            if (t[cut - 1] == '?') {
                size_t l = strlen(r->label);
                if (!l || r->label[l - 1] != '?') {
                    char *p = realloc(r->label, l + 3);
                    if (!p)
                        return FA_ERR_NOMEM;
                    r->label = p;
                    memcpy(r->label + l, " ?", 3);
                }
            }
        }
        size_t prev = cut;
        for (size_t k = i; k <= lb && !st; k++) {
            if (m[k].type != FA_MK_BOX)
                continue;
            st = push_opt(r, &m[k], fa_label_clean(t, prev, m[k].s));
            prev = m[k].e;
        }
        r->next = lb + 1;
        r->end = m[lb].e;
    } else {
        /* box then text: the label is the text before the first box */
        if (prefix) {
            r->label = fa_label_clean(t, seg, m[i].s);
            if (!r->label)
                return FA_ERR_NOMEM;
        }
        for (size_t k = i; k <= lb && !st; k++) {
            if (m[k].type != FA_MK_BOX)
                continue;
            size_t e = len;
            for (size_t j = k + 1; j < mk->n; j++) {
                e = m[j].s; /* the text of an option stops at the next mark */
                break;
            }
            st = push_opt(r, &m[k], fa_label_clean(t, m[k].e, e));
        }
        /* "☐ Autre : ______": the blank after the last box belongs to that option */
        r->next = mk->n;
        r->end = len;
    }
    if (r->label && !*r->label) {
        free(r->label);
        r->label = NULL;
    }
    return st;
}

/* ---------------------------------------------------------------- placeholders */

/* Placeholder P of T counts as a slot in this document (see fields_plc.c). */
static bool plc_counts(const dctx *x, const char *t, const fa_plc *p)
{
    switch (p->style) {
    case FA_PLC_TEMPLATE:
        /* in HTML, {{ }} is a framework's output, not an input */
        if (x->doc->format == FA_FMT_HTML)
            return false;
        break;
    default:
        /* braces, guillemets and brackets are also prose (a citation's {Title}) */
        if (!x->templated || (p->style == FA_PLC_BRACE && x->doc->format == FA_FMT_HTML))
            return false;
    }
    char *l = fa_plc_label(t, p);
    free(l);
    return l != NULL;
}

/* Add the placeholders of text T[0..N) that count as marks to MK, in text order;
 * one overlapping a mark already found (a box "[ ]", a leader inside) is left out. */
static fa_status add_placeholders(const dctx *x, const char *t, size_t n, fa_marks *mk)
{
    fa_plc v[FA_MAX_PLACEHOLDERS];
    size_t k = fa_plc_find(t, n, v, FA_MAX_PLACEHOLDERS);
    size_t before = mk->n;
    for (size_t i = 0; i < k; i++) {
        bool overlap = false;
        for (size_t j = 0; j < before && !overlap; j++)
            overlap = mk->v[j].s < v[i].e &&
                      v[i].s < (mk->v[j].e > mk->v[j].s ? mk->v[j].e : mk->v[j].s + 1);
        if (overlap || !plc_counts(x, t, &v[i]))
            continue;
        if (mk->n == mk->alloc) {
            size_t na = mk->alloc ? mk->alloc * 2 : 4;
            fa_mark *p = realloc(mk->v, na * sizeof *p);
            if (!p)
                return FA_ERR_NOMEM;
            mk->v = p;
            mk->alloc = na;
        }
        mk->v[mk->n++] = (fa_mark){.type = FA_MK_PLACEHOLDER, .s = v[i].s, .e = v[i].e};
    }
    /* keep text order: insertion sort of the few added */
    for (size_t i = before; i < mk->n; i++)
        for (size_t j = i; j > 0 && mk->v[j - 1].s > mk->v[j].s; j--) {
            fa_mark tmp = mk->v[j];
            mk->v[j] = mk->v[j - 1];
            mk->v[j - 1] = tmp;
        }
    return FA_OK;
}

/* The label of placeholder mark M of T (malloc'd), or NULL. */
static char *plc_mark_label(const char *t, const fa_mark *m)
{
    fa_plc p;
    if (fa_plc_find(t + m->s, m->e - m->s, &p, 1) != 1)
        return NULL;
    p.s += m->s, p.e += m->s, p.ls += m->s, p.le += m->s;
    char *l = fa_plc_label(t, &p);
    if (!l)
        return NULL;
    char *c = fa_label_clean(l, 0, strlen(l));
    free(l);
    return c;
}

/* A model letter: at least two of its paragraphs are placeholders and little else
 * ("« Prénom Nom du salarié »", "« Lieu », le « Date »"). Then its guillemets and
 * brackets are slots even inside sentences. */
static bool templated_doc(const fa_doc *doc)
{
    fa_iter it;
    const fa_node *n;
    fa_event ev;
    int alone = 0;
    fa_iter_init(&it, doc->root);
    while (alone < 2 && (ev = fa_iter_next(&it, &n)) != FA_EV_DONE) {
        if (ev != FA_EV_ENTER || !fa_node_is_text(n) || !n->len ||
            (n->flags & (FA_NF_HIDDEN | FA_NF_COMMENT)))
            continue;
        fa_plc v[FA_MAX_PLACEHOLDERS];
        size_t k = fa_plc_find(n->text, n->len, v, FA_MAX_PLACEHOLDERS), good = 0;
        for (size_t i = 0; i < k; i++) {
            if (v[i].style == FA_PLC_TEMPLATE && doc->format == FA_FMT_HTML)
                continue; /* Angular or Vue output, not a template's slot */
            char *l = fa_plc_label(n->text, &v[i]);
            good += l != NULL;
            free(l);
        }
        alone += good && fa_plc_alone(n->text, n->len, v, k);
    }
    return alone >= 2;
}

/* ---------------------------------------------------------------- classification */

static int letter_case(const char *s);

/* The first ':' that separates a label from its value: followed by a space or the
 * end, not inside parentheses, not in "http:" or "10:30". */
static size_t value_colon(const char *t, size_t len)
{
    int depth = 0;
    for (size_t i = 0; i < len; i++) {
        if (t[i] == '(')
            depth++;
        else if (t[i] == ')')
            depth--;
        else if (t[i] == ':' && depth <= 0 && (i + 1 >= len || t[i + 1] == ' '))
            return i;
    }
    return (size_t)-1;
}

/* A value that is an instruction, not an answer: "Mineur : remplir le questionnaire de
 * santé.", "Pièces : joignez un RIB." It starts with a verb in the infinitive or the
 * imperative ("-ez"), or, after a one- or two-word label that is not a usual form label,
 * it is a whole sentence (eight words or more, ending with a period): "Majeur :
 * certificat médical de moins d'un an ou attestation du questionnaire." A filled value
 * ("Nom : MARTINI", "Motif de la demande : perte d'emploi.") is neither. */
static bool instruction_value(const char *label, const char *value)
{
    static const char *const verbs[] = {
        "remplir",   "completer",    "joindre",   "fournir",  "cocher",      "indiquer",
        "preciser",  "renseigner",   "signer",    "dater",    "retourner",   "renvoyer",
        "envoyer",   "adresser",     "presenter", "produire", "transmettre", "lire",
        "consulter", "contacter",    "prendre",   "apporter", "deposer",     "imprimer",
        "rayer",     "entourer",     "souligner", "veuillez", "merci de",    "ne pas",
        "se munir",  "se presenter", NULL};
    size_t wv = fa_word_count(value);
    if (wv < 3)
        return false;
    char *f = fa_fold_simple(value);
    if (!f)
        return false;
    fa_str_squeeze(f);
    bool r = false;
    for (size_t i = 0; !r && verbs[i]; i++) {
        size_t n = strlen(verbs[i]);
        r = !strncmp(f, verbs[i], n) && (f[n] == ' ' || f[n] == '\'' || f[n] == ',');
    }
    if (!r) {
        /* "joignez", "indiquez", "remplissez": a lower-case word of six letters or more
         * ending in -ez */
        size_t n = 0;
        while (f[n] >= 'a' && f[n] <= 'z')
            n++;
        r = n >= 6 && f[n] == ' ' && f[n - 2] == 'e' && f[n - 1] == 'z' && letter_case(value) == -1;
    }
    if (!r && wv >= 8 && fa_word_count(label) <= 2 && fa_last_char(value) == '.' &&
        letter_case(value) == -1 && !fa_is_form_label(label))
        r = true;
    free(f);
    return r;
}

static bclass classify_value(blk *b)
{
    const char *t = btext(b);
    size_t len = blen(b);
    size_t c = value_colon(t, len);
    if (c == (size_t)-1 || c == 0)
        return B_TEXT;
    char *label = fa_label_clean(t, 0, c);
    char *value = fa_str_squeeze(fa_strndup(t + c + 1, len - c - 1));
    bool ok = label && value && *label && *value;
    if (ok) {
        size_t w = fa_word_count(label);
        unsigned char c0 = (unsigned char)label[0];
        ok = w >= 1 && w <= VALUE_LABEL_WORDS && strlen(label) <= 80 && !strpbrk(label, ".!?;") &&
             parens_balanced(label) && !(c0 >= 'a' && c0 <= 'z') && fa_word_count(value) <= 60 &&
             !fa_is_notice_text(label) && !sentence_label(label) && !fa_is_notice_text(value) &&
             !instruction_value(label, value) && !subject_label(label);
    }
    if (!ok) {
        free(label);
        free(value);
        return B_TEXT;
    }
    b->label = label;
    b->value = value;
    return B_VALUE;
}

/* A line with marks: blank lines, option lines, field lines. */
static fa_status classify_marks(blk *b)
{
    const char *t = btext(b);
    size_t len = blen(b);
    const fa_mark *m = b->mk.v;
    bool only_blanks = true;
    size_t prev = 0;
    for (size_t i = 0; i < b->mk.n; i++) {
        if (m[i].type != FA_MK_BLANK || !fa_span_empty(t, prev, m[i].s))
            only_blanks = false;
        prev = m[i].e;
    }
    if (only_blanks && fa_span_empty(t, prev, len)) {
        b->cls = B_LEADERS;
        return FA_OK;
    }
    if (m[0].type == FA_MK_BOX) {
        boxrun r;
        fa_status st = box_run(t, len, &b->mk, 0, 0, &r);
        b->cls = !r.label && r.next >= b->mk.n ? B_OPTS : B_FIELDS;
        boxrun_free(&r);
        return st;
    }
    b->cls = B_FIELDS;
    return FA_OK;
}

static fa_status classify_block(dctx *x, blk *b);

/* Classify block B; in page furniture and notes only the strong signals stay. */
static fa_status classify(dctx *x, blk *b)
{
    fa_status st = classify_block(x, b);
    bool choice =
        b->cls == B_VALUE && b->value && text_options(b->value, 0, strlen(b->value), NULL);
    if (!st && furniture(b->n) && b->cls != B_FIELDS && b->cls != B_LEADERS && b->cls != B_OPTS &&
        b->cls != B_YESNO && b->cls != B_CTL && b->cls != B_TABLE && b->cls != B_EMPTY &&
        !choice) /* "Suivi : oui / non" asks */
        b->cls = B_SKIP;
    return st;
}

static fa_status classify_block(dctx *x, blk *b)
{
    const fa_node *n = b->n;
    if (n->type == FA_N_TABLE) {
        b->cls = B_TABLE;
        return FA_OK;
    }
    if (n->type == FA_N_CONTROL) {
        b->cls = n->ctl && n->ctl->kind != FA_CTL_BUTTON && !skipped_node(n) ? B_CTL : B_SKIP;
        return FA_OK;
    }
    if (!fa_node_is_text(n) || skipped_node(n)) {
        b->cls = B_SKIP;
        return FA_OK;
    }
    b->notice = x->in_notice || (n->flags & FA_NF_SMALL);
    fa_status st = fa_scan_marks(n, &b->mk);
    if (!st && n->len)
        st = add_placeholders(x, n->text, n->len, &b->mk);
    if (st)
        return st;
    if (n->type == FA_N_HEADING) {
        /* a "heading" that asks for something is a label styled big (or a PDF line
         * guessed as a title from its font size) */
        int lc = fa_last_char(ntext(n));
        bool guessed = fa_doc_laid_out(x->doc) || x->doc->format == FA_FMT_TXT;
        if (!b->mk.n && (!guessed || (lc != ':' && lc != '?'))) {
            b->cls = B_HEADING;
            return FA_OK;
        }
    }
    const char *t = ntext(n);
    if (b->mk.n)
        return classify_marks(b);
    if (fa_str_blank(t)) {
        b->cls = B_EMPTY;
        return FA_OK;
    }
    b->words = fa_word_count(t);
    int last = fa_last_char(t);
    if (last == ':' && b->words <= 15) {
        b->label = fa_label_clean(t, 0, n->len);
        b->cls = B_COLON;
        return b->label ? FA_OK : FA_ERR_NOMEM;
    }
    if (last == '?' && b->words <= 30) {
        b->label = fa_label_clean(t, 0, n->len);
        b->cls = B_QUESTION;
        return b->label ? FA_OK : FA_ERR_NOMEM;
    }
    const char *q = strrchr(t, '?');
    if (q && text_options(t, (size_t)(q - t) + 1, n->len, NULL) && fa_word_count(t) <= 40) {
        b->label = fa_label_clean(t, 0, (size_t)(q - t) + 1);
        b->opt_at = (size_t)(q - t) + 1;
        b->cls = B_YESNO;
        return b->label ? FA_OK : FA_ERR_NOMEM;
    }
    if (text_options(t, 0, n->len, NULL)) {
        b->cls = B_OPTS;
        return FA_OK;
    }
    if (q && fa_word_count(t) <= 60) {
        /* "Le participant peut-il prendre part aux activités ? (sport, jeux…)": a
         * question with an aside, the answer on the lines below */
        const char *r = q + 1;
        while (*r == ' ')
            r++;
        char *head = *r == '(' ? fa_label_clean(t, 0, (size_t)(q - t) + 1) : NULL;
        if (head && fa_word_count(head) >= 3 && fa_word_count(head) <= 30) {
            b->label = head;
            b->cls = B_QUESTION;
            return FA_OK;
        }
        free(head);
    }
    b->cls = classify_value(b);
    return FA_OK;
}

/* ---------------------------------------------------------------- sequences */

static void process_container(dctx *x, const fa_node *parent, const char *ctx_label);
static void process_table(dctx *x, const fa_node *table, bool in_form);

/* The label waiting for its blank: a "Label :" or a question (strong), or a short
 * line or heading that may head a list of options (weak). */
typedef struct pending {
    const blk *b;
    bool strong;
    bool blank_after; /* empty paragraphs followed */
    int blanks;       /* how many */
    const char *text; /* label text (borrowed from the blk or the node) */
} pending;

static void update_section(dctx *x, const fa_node *h)
{
    char *s = fa_label_clean(ntext(h), 0, h->len);
    if (!s) {
        fail(x, FA_ERR_NOMEM, "out of memory");
        return;
    }
    if (!*s) {
        free(s);
        return;
    }
    free(x->section);
    x->section = s;
    int level = h->level > 0 ? h->level : 1;
    if (fa_is_notice_title(s)) {
        x->in_notice = true;
        x->notice_level = level;
    } else if (x->in_notice && (level <= x->notice_level || x->notice_level == 99)) {
        x->in_notice = false;
    }
}

/* A "Label :" or question left alone: a field when what follows does not make it an
 * introduction (to a table, a list, a paragraph). */
static void flush_pending(dctx *x, pending *p, bclass next_cls, const fa_node *next)
{
    if (!p->b || !p->strong || p->b->notice) {
        memset(p, 0, sizeof *p);
        return;
    }
    const blk *b = p->b;
    bool emit_it = false;
    switch (next_cls) {
    case B_TABLE:
        /* "Composition du foyer :" then a grid introduces it; room left before the
         * table (two blank lines or more) is the answer's */
        emit_it = p->blanks >= 2;
        break;
    case B_TEXT:
        /* room left to write before the text goes on: two empty paragraphs at least,
         * and a label, not a sentence ("And this is the way most people do it:") */
        emit_it = p->blanks >= 2 && next && next->type != FA_N_LIST_ITEM &&
                  fa_word_count(b->label) <= VALUE_LABEL_WORDS;
        break;
    case B_EMPTY: /* end of the container */
        /* a question at the very end asks for an answer only if room is left */
        emit_it = b->cls != B_QUESTION || p->blank_after;
        break;
    case B_HEADING:
    case B_FIELDS:
    case B_VALUE:
    case B_COLON:
    case B_QUESTION:
    case B_YESNO:
    case B_CTL:
    case B_LEADERS:
    case B_OPTS:
        emit_it = next == NULL || next->type != FA_N_LIST_ITEM || p->blank_after;
        break;
    default:
        break;
    }
    if (emit_it && b->label && *b->label && fa_word_count(b->label) <= LABEL_WORDS + 6 &&
        !intro_label(b->label) && !sentence_label(b->label) && !fa_is_notice_text(b->label)) {
        fa_field_kind k = p->blank_after ? FA_FK_MULTILINE : FA_FK_TEXT;
        fa_field *f = emit(x, fa_strdup(b->label), fa_kind_from_label(b->label, k),
                           b->cls == B_QUESTION ? FA_FM_QUESTION : FA_FM_LEADER, b->n);
        (void)f;
    }
    memset(p, 0, sizeof *p);
}

/* The label for a mark that has none on its line. */
static const char *fallback_label(pending *p, const char *ctx_label)
{
    if (p->b && p->text && *p->text)
        return p->text;
    if (ctx_label && *ctx_label)
        return ctx_label;
    return NULL;
}

/* A control's own label, else the text before it, else the pending label / the cell
 * context, else its technical name. TEXT_BEFORE is the text before it on its line (may be ""). */
static void emit_control(dctx *x, const fa_node *c, const char *text_before, pending *p,
                         const char *ctx_label)
{
    const fa_control *ctl = c->ctl;
    const char *label = NULL;
    bool from_name = false;
    if (!fa_str_blank(ctl->label))
        label = ctl->label;
    else if (text_before && *text_before)
        label = text_before;
    else if ((label = fallback_label(p, ctx_label)) != NULL)
        ;
    else if (!fa_str_blank(ctl->tooltip))
        label = ctl->tooltip;
    else if (!fa_str_blank(ctl->name)) {
        label = ctl->name;
        from_name = true;
    } else {
        label = fa_control_kind_name(ctl->kind);
        from_name = true;
    }
    if (from_name && furniture(c))
        return; /* a header's empty placeholder ("[Tapez ici]"): the author's, not a field */
    char *l = fa_label_clean(label, 0, strlen(label));
    if (l && !*l && !from_name) {
        /* text that cleans to nothing (":", "/"): the control's name says more */
        free(l);
        from_name = true;
        label = !fa_str_blank(ctl->name) ? ctl->name : fa_control_kind_name(ctl->kind);
        l = fa_label_clean(label, 0, strlen(label));
    }
    fa_field_kind k = kind_of_ctl(ctl);
    if (k == FA_FK_TEXT)
        k = fa_kind_from_label(l, k);
    fa_field *f = emit(x, l, k, FA_FM_CONTROL, c);
    if (!f)
        return;
    f->label_from_name = from_name;
    for (size_t i = 0; i < ctl->n_options; i++)
        add_option(x, f, ctl->options[i]);
    if (ctl->kind == FA_CTL_CHECKBOX || ctl->kind == FA_CTL_RADIO) {
        if (ctl->checked == 1)
            set_value(x, f, ctl->value && *ctl->value ? ctl->value : "X");
    } else {
        set_value(x, f, ctl->value);
    }
}

/* A blank in running text: keep the last clause when the text before is a sentence
 * ("... je soussigné(e) : ____"); NULL when it is not a label. LABEL is freed or
 * returned. */
static char *blank_label(char *label, const fa_mark *m, const char *t, size_t seg, size_t next)
{
    if (!label)
        return NULL;
    size_t w = fa_word_count(label);
    /* "... conclu pour une durée de ___ mois renouvelable dans les conditions ...": a
     * blank inside a sentence that goes on, with no colon to mark a label */
    size_t k = m->s;
    while (k > seg && t[k - 1] == ' ')
        k--;
    bool colon = k > seg && t[k - 1] == ':';
    if (!colon && w > 3) {
        char *after = fa_label_clean(t, m->e, next);
        size_t wa = after ? fa_word_count(after) : 0;
        free(after);
        if (wa > 3) {
            free(label);
            return NULL;
        }
    }
    if (w <= LABEL_WORDS)
        return label;
    /* the last clause, after a sentence boundary */
    k = m->s;
    while (k > seg && t[k - 1] != '.' && t[k - 1] != '!' && t[k - 1] != ';' && t[k - 1] != '?')
        k--;
    if (k > seg) {
        char *tail = fa_label_clean(t, k, m->s);
        if (tail && *tail && fa_word_count(tail) <= LABEL_WORDS) {
            free(label);
            return tail;
        }
        free(tail);
    }
    if (m->units >= 8 && w <= 25)
        return label;
    free(label);
    return NULL;
}

/* The text T[0..E) is an aside in parentheses and nothing else. */
static bool aside_only(const char *t, size_t e)
{
    size_t a = 0;
    while (a < e && t[a] == ' ')
        a++;
    while (e > a && t[e - 1] == ' ')
        e--;
    return e > a + 2 && t[a] == '(' && t[e - 1] == ')' && memchr(t + a + 1, ')', e - a - 2) == NULL;
}

/* Every option is a word of a rating scale ("oui", "non", "ne sait pas"). */
static bool rating_options(const fa_strvec *o)
{
    for (size_t i = 0; i < o->n; i++)
        if (!fa_is_rating_word(o->v[i]))
            return false;
    return true;
}

/* The fields of one B_FIELDS line, in order. */
/* Every word of T outside its blanks is a small linking word: "de ____ à ____", "du
 * ____ au ____" (a range whose label is elsewhere: a column header, the line before). */
static bool only_links(const char *t, size_t len, const fa_marks *mk)
{
    static const char *const links[] = {"de",  "du",   "des", "d'",       "a",     "au", "aux",
                                        "le",  "la",   "les", "l'",       "et",    "ou", "en",
                                        "par", "pour", "sur", "jusqu'au", "entre", "h",  NULL};
    size_t seg = 0, words = 0;
    for (size_t i = 0; i <= mk->n; i++) {
        if (i < mk->n && mk->v[i].type != FA_MK_BLANK)
            return false;
        size_t e = i < mk->n ? mk->v[i].s : len;
        char *raw = e > seg ? fa_strndup(t + seg, e - seg) : NULL;
        char *f = raw ? fa_fold_simple(raw) : NULL;
        free(raw);
        if (e > seg && !f)
            return false;
        char *save = NULL;
        for (char *w = f ? strtok_r(f, " ,;:/-", &save) : NULL; w;
             w = strtok_r(NULL, " ,;:/-", &save)) {
            bool link = false;
            for (size_t k = 0; links[k] && !link; k++)
                link = !strcmp(w, links[k]);
            if (!link) {
                free(f);
                return false;
            }
            words++;
        }
        free(f);
        seg = i < mk->n ? mk->v[i].e : len;
    }
    return words > 0;
}

static void emit_line(dctx *x, const blk *b, pending *p, const char *ctx_label)
{
    const fa_node *n = b->n;
    const char *t = btext(b);
    size_t len = blen(b);
    const fa_mark *m = b->mk.v;
    size_t seg = 0, i = 0;
    char *prev_label = NULL;
    bool first = true;
    if (b->mk.n >= 2 && only_links(t, len, &b->mk)) {
        /* "de ______ à ______": one answer, labelled by what comes before */
        const char *lab = fallback_label(p, ctx_label);
        if (lab && !b->notice)
            emit(x, fa_strdup(lab), fa_kind_from_label(lab, FA_FK_TEXT), FA_FM_LEADER, n);
        return;
    }
    while (i < b->mk.n && !x->st) {
        if (m[i].type == FA_MK_BOX) {
            boxrun r;
            if (box_run(t, len, &b->mk, i, seg, &r)) {
                fail(x, FA_ERR_NOMEM, "out of memory");
                boxrun_free(&r);
                break;
            }
            const char *lab = r.label ? r.label : first ? fallback_label(p, ctx_label) : NULL;
            if (lab && !r.options.n) {
                /* "Accord : ☐": one box, its label before it */
                emit(x, fa_strdup(lab), FA_FK_CHECKBOX, FA_FM_CHECKBOX, m[i].ctl ? m[i].ctl : n);
            } else if (lab) {
                fa_field_kind k = r.options.n == 1 ? FA_FK_CHECKBOX : FA_FK_CHOICE;
                fa_field *f = emit(x, fa_strdup(lab), k, FA_FM_CHECKBOX, m[i].ctl ? m[i].ctl : n);
                for (size_t o = 0; f && o < r.options.n; o++)
                    add_option(x, f, r.options.v[o]);
                if (f && r.label && r.next >= b->mk.n && !r.radio) {
                    x->open_group = x->res->n_fields; /* its options may go on below */
                    x->group_lines = 0;
                }
                if (f && r.checked.n) {
                    fa_buf v = {0};
                    for (size_t o = 0; o < r.checked.n; o++) {
                        if (o)
                            fa_buf_puts(&v, ", ");
                        fa_buf_puts(&v, r.checked.v[o]);
                    }
                    set_value(x, f, v.data);
                    fa_buf_free(&v);
                }
            } else if (r.options.n >= 2 && rating_options(&r.options)) {
                /* "oui ☐ non ☐" with no question anywhere: one answer, not one field
                 * per box; its options are all that can be said of it */
                fa_buf lb = {0};
                for (size_t o = 0; o < r.options.n; o++)
                    fa_buf_printf(&lb, "%s%s", o ? " / " : "", r.options.v[o]);
                fa_field *f = emit(x, fa_buf_steal(&lb), FA_FK_CHOICE, FA_FM_CHECKBOX,
                                   m[i].ctl ? m[i].ctl : n);
                for (size_t o = 0; f && o < r.options.n; o++)
                    add_option(x, f, r.options.v[o]);
            } else {
                /* no label anywhere: one field per box */
                for (size_t o = 0; o < r.options.n; o++) {
                    fa_field *f = emit(x, fa_strdup(r.options.v[o]), FA_FK_CHECKBOX, FA_FM_CHECKBOX,
                                       m[i].ctl ? m[i].ctl : n);
                    add_option(x, f, r.options.v[o]);
                    if (f)
                        f->label_from_name = r.named;
                }
            }
            seg = r.end;
            i = r.next;
            boxrun_free(&r);
            first = false;
            continue;
        }
        if (m[i].type == FA_MK_PLACEHOLDER) {
            /* the slot names what it asks for: «Nom du salarié» */
            char *pl = plc_mark_label(t, &m[i]);
            if (pl && *pl)
                emit(x, fa_strdup(pl), fa_kind_from_label(pl, FA_FK_TEXT), FA_FM_LEADER, n);
            free(prev_label);
            prev_label = pl;
            seg = m[i].e;
            i++;
            first = false;
            continue;
        }
        if (!first) {
            /* "Poids : ____ kg Taille : ____ cm": the unit closes the blank before */
            size_t a = seg, w = a;
            while (a < m[i].s && t[a] == ' ')
                a++;
            w = a;
            while (w < m[i].s && t[w] != ' ')
                w++;
            if (w > a && w < m[i].s && fa_is_unit(t + a, w - a))
                seg = w;
        }
        char *label = fa_label_clean(t, seg, m[i].s);
        if (!label) {
            fail(x, FA_ERR_NOMEM, "out of memory");
            break;
        }
        if (m[i].type == FA_MK_CTL) {
            if (fa_is_unit(label, strlen(label)))
                label[0] = '\0'; /* "€ [____]": the unit of the widget before */
            emit_control(x, m[i].ctl, label, first ? p : &(pending){0}, first ? ctx_label : NULL);
            free(prev_label);
            prev_label = label;
        } else {
            const char *fb = first ? fallback_label(p, ctx_label) : NULL;
            if (!*label || (fb && aside_only(t, m[i].s))) {
                /* "(rougeole, appendicite…) ______" under its question: the aside
                 * only illustrates the question above */
                free(label);
                label = fb ? fa_strdup(fb) : NULL;
            } else {
                label = blank_label(label, &m[i], t, seg, i + 1 < b->mk.n ? m[i + 1].s : len);
            }
            if (label && prev_label && fa_word_count(label) == 1 && strlen(label) <= 3 &&
                label[0] >= 'a' && label[0] <= 'z') {
                /* "Fait à ____ le ____": "le" continues the previous label */
                fa_buf nb = {0};
                fa_buf_printf(&nb, "%s … %s", prev_label, label);
                free(label);
                label = fa_buf_steal(&nb);
            }
            if (label && *label && !(b->notice && fa_is_notice_text(label))) {
                fa_field_kind k = fa_kind_from_label(label, m[i].date ? FA_FK_DATE : FA_FK_TEXT);
                emit(x, fa_strdup(label), k, FA_FM_LEADER, n);
            }
            free(prev_label);
            prev_label = label;
        }
        seg = m[i].e;
        i++;
        first = false;
    }
    free(prev_label);
}

/* Options of one B_OPTS / option B_CTL block, appended to ACC. */
static fa_status opts_of(const blk *b, boxrun *acc)
{
    if (b->cls == B_CTL) {
        const char *o = ctl_own_text(b->n);
        if (!o)
            o = b->n->ctl->name;
        if (o && fa_strvec_push(&acc->options, o))
            return FA_ERR_NOMEM;
        acc->named |= o && o == b->n->ctl->name;
        if (o && b->n->ctl->checked == 1 && fa_strvec_push(&acc->checked, o))
            return FA_ERR_NOMEM;
        acc->radio |= b->n->ctl->kind == FA_CTL_RADIO;
        return FA_OK;
    }
    if (!b->mk.n) {
        fa_strvec tmp = {0};
        text_options(btext(b), 0, blen(b), &tmp);
        for (size_t i = 0; i < tmp.n; i++)
            if (fa_strvec_push(&acc->options, tmp.v[i]))
                return FA_ERR_NOMEM;
        fa_strvec_free(&tmp);
        return FA_OK;
    }
    boxrun r;
    fa_status st = box_run(btext(b), blen(b), &b->mk, 0, 0, &r);
    for (size_t i = 0; !st && i < r.options.n; i++)
        st = fa_strvec_push(&acc->options, r.options.v[i]);
    for (size_t i = 0; !st && i < r.checked.n; i++)
        st = fa_strvec_push(&acc->checked, r.checked.v[i]);
    acc->radio |= r.radio;
    acc->named |= r.named;
    if (!acc->group)
        acc->group = r.group;
    boxrun_free(&r);
    return st;
}

static bool option_block(const blk *b)
{
    return b->cls == B_OPTS || (b->cls == B_CTL && is_box_ctl(b->n));
}

/* A group of option lines from B[I]: one field with options under the pending
 * label. Returns the index of the last block consumed. */
static size_t emit_group(dctx *x, blk *b, size_t nb, size_t i, pending *p, const char *ctx_label)
{
    boxrun acc;
    memset(&acc, 0, sizeof acc);
    size_t j = i, last = i;
    int group = 0;
    for (; j < nb; j++) {
        if (b[j].cls == B_EMPTY || b[j].cls == B_SKIP)
            continue;
        if (!option_block(&b[j]))
            break;
        /* radio buttons of another group start another field */
        const fa_node *gc = b[j].cls == B_CTL ? b[j].n : (b[j].mk.n ? b[j].mk.v[0].ctl : NULL);
        /* checkboxes each have their own name; only radio groups are told apart */
        int g = gc && gc->ctl->kind == FA_CTL_RADIO ? gc->ctl->group : 0;
        if (group && g && g != group)
            break;
        if (g)
            group = g;
        if (opts_of(&b[j], &acc)) {
            fail(x, FA_ERR_NOMEM, "out of memory");
            break;
        }
        last = j;
    }
    const char *label = fallback_label(p, ctx_label);
    if (label && acc.options.n) {
        fa_field_kind k = acc.radio ? FA_FK_CHOICE : FA_FK_CHECKBOX;
        if (!acc.radio && acc.options.n <= 3) {
            bool rating = true;
            for (size_t o = 0; o < acc.options.n && rating; o++)
                rating = fa_is_rating_word(acc.options.v[o]);
            if (rating)
                k = FA_FK_CHOICE;
        }
        fa_field *f = emit(x, fa_strdup(label), k,
                           p->b && p->b->cls == B_QUESTION ? FA_FM_QUESTION : FA_FM_CHECKBOX,
                           p->b ? p->b->n : b[i].n);
        for (size_t o = 0; f && o < acc.options.n; o++)
            add_option(x, f, acc.options.v[o]);
        if (f && acc.checked.n) {
            fa_buf v = {0};
            for (size_t o = 0; o < acc.checked.n; o++) {
                if (o)
                    fa_buf_puts(&v, ", ");
                fa_buf_puts(&v, acc.checked.v[o]);
            }
            set_value(x, f, v.data);
            fa_buf_free(&v);
        }
    } else if (acc.options.n >= 2 && rating_options(&acc.options)) {
        /* "oui ☐ non ☐" with no question anywhere: one answer */
        fa_buf lb = {0};
        for (size_t o = 0; o < acc.options.n; o++)
            fa_buf_printf(&lb, "%s%s", o ? " / " : "", acc.options.v[o]);
        fa_field *f = emit(x, fa_buf_steal(&lb), FA_FK_CHOICE, FA_FM_CHECKBOX, b[i].n);
        for (size_t o = 0; f && o < acc.options.n; o++)
            add_option(x, f, acc.options.v[o]);
    } else {
        /* no group label: each box is its own field, named by its text */
        for (size_t o = 0; o < acc.options.n; o++) {
            fa_field *f =
                emit(x, fa_strdup(acc.options.v[o]), FA_FK_CHECKBOX, FA_FM_CHECKBOX, b[i].n);
            add_option(x, f, acc.options.v[o]);
            if (f)
                f->label_from_name = acc.named;
        }
    }
    boxrun_free(&acc);
    memset(p, 0, sizeof *p);
    return last;
}

/* A field line is near: the block before or after (skipping empty ones) is a field. */
static bool form_context(const blk *b, size_t nb, size_t i)
{
    for (int dir = -1; dir <= 1; dir += 2) {
        size_t j = i;
        for (;;) {
            if (dir < 0 && j == 0)
                break;
            j = dir < 0 ? j - 1 : j + 1;
            if (j >= nb)
                break;
            bclass c = b[j].cls;
            if (c == B_EMPTY || c == B_SKIP)
                continue;
            if (c == B_FIELDS || c == B_LEADERS || c == B_OPTS || c == B_CTL || c == B_YESNO ||
                c == B_BARE || (c == B_VALUE && fa_is_form_label(b[j].label)))
                return true;
            break;
        }
    }
    return false;
}

/* A short line that may head a list of options: "Autorisations", a heading. */
static bool weak_label_text(const blk *b)
{
    const char *t = ntext(b->n);
    int last = fa_last_char(t);
    return b->words && b->words <= LABEL_WORDS && last != '.' && last != ';' && last != ',' &&
           !b->notice;
}

/* Every cell of TABLE is empty: a frame to write in. */
static bool table_blank(const fa_node *table)
{
    for (const fa_node *r = table->first; r; r = r->next)
        for (const fa_node *c = r->first; c; c = c->next)
            if (c->type == FA_N_CELL && !fa_cell_blank(c))
                return false;
    return true;
}

static bool short_opts_line(const blk *nx);

/* The options of line B added to the open group's field. */
static void continue_group(dctx *x, const blk *b)
{
    boxrun r;
    if (box_run(btext(b), blen(b), &b->mk, 0, 0, &r)) {
        fail(x, FA_ERR_NOMEM, "out of memory");
    } else {
        fa_field *f = &x->res->fields[x->open_group - 1];
        for (size_t o = 0; o < r.options.n; o++)
            add_option(x, f, r.options.v[o]);
        if (f->kind == FA_FK_CHECKBOX && f->options.n > 1)
            f->kind = FA_FK_CHOICE;
    }
    boxrun_free(&r);
}

/* A question with its choices written out in T[s, e) ("oui / non", "Oui - Non"): one
 * choice field labelled by B, the choices its options. */
static void emit_question(dctx *x, const blk *b, const char *t, size_t s, size_t e)
{
    fa_field *f = emit(x, fa_strdup(b->label), FA_FK_CHOICE, FA_FM_QUESTION, b->n);
    fa_strvec tmp = {0};
    text_options(t, s, e, &tmp);
    for (size_t o = 0; f && o < tmp.n; o++)
        add_option(x, f, tmp.v[o]);
    fa_strvec_free(&tmp);
}

static void process_blocks(dctx *x, blk *b, size_t nb, const char *ctx_label)
{
    pending p;
    memset(&p, 0, sizeof p);
    x->open_group = 0;
    for (size_t i = 0; i < nb && !x->st; i++) {
        blk *cur = &b[i];
        size_t group = x->open_group;
        if (cur->cls != B_EMPTY && cur->cls != B_SKIP)
            x->open_group = 0; /* a group goes on only on the next line */
        switch (cur->cls) {
        case B_SKIP:
            break;
        case B_EMPTY:
            if (p.b) {
                p.blank_after = true;
                p.blanks++;
            }
            break;
        case B_HEADING:
            flush_pending(x, &p, B_HEADING, cur->n);
            update_section(x, cur->n);
            p.b = cur;
            p.strong = false;
            p.text = x->section;
            break;
        case B_TABLE:
            if (p.b && p.strong && !p.b->notice && table_blank(cur->n)) {
                /* "Observations :" then an empty frame to write in */
                emit(x, fa_strdup(p.b->label), FA_FK_MULTILINE, FA_FM_TABLE, p.b->n);
                memset(&p, 0, sizeof p);
                break;
            }
            flush_pending(x, &p, B_TABLE, cur->n);
            process_table(x, cur->n, form_context(b, nb, i));
            break;
        case B_LEADERS:
            if (p.b && p.strong) {
                /* "Observations :" then lines of underscores */
                fa_field *f = emit(x, fa_strdup(p.b->label), FA_FK_MULTILINE,
                                   p.b->cls == B_QUESTION ? FA_FM_QUESTION : FA_FM_LEADER, p.b->n);
                (void)f;
                memset(&p, 0, sizeof p);
                while (i + 1 < nb && (b[i + 1].cls == B_LEADERS || b[i + 1].cls == B_EMPTY))
                    i++;
            } else if (x->res->n_fields &&
                       x->res->fields[x->res->n_fields - 1].method == FA_FM_LEADER && i > 0 &&
                       x->res->fields[x->res->n_fields - 1].node == b[i - 1].n) {
                /* "Observations : ____" continued on the next lines */
                x->res->fields[x->res->n_fields - 1].kind = FA_FK_MULTILINE;
            } else if (!p.b && ctx_label && *ctx_label && i == 0) {
                emit(x, fa_strdup(ctx_label), FA_FK_MULTILINE, FA_FM_LEADER, cur->n);
            }
            break;
        case B_OPTS:
        case B_CTL:
            if (cur->cls == B_OPTS && group && !p.b && cur->mk.n && short_opts_line(cur) &&
                (cur->mk.n >= 2 || x->group_lines > 0)) {
                /* "Etat civil : ☐ Marié(e) ☐ Veuf" then "☐ Célibataire ☐ Séparé(e)": a
                 * grid of options, row by row (a lone "☐ Certificat fourni" after a
                 * group is a statement of its own, unless the grid went on before) */
                x->open_group = group;
                x->group_lines++;
                continue_group(x, cur);
                break;
            }
            if (option_block(cur)) {
                if (p.b && !p.strong && p.b->cls != B_HEADING && p.blank_after)
                    memset(&p, 0, sizeof p);
                i = emit_group(x, b, nb, i, &p, i == 0 ? ctx_label : NULL);
                break;
            }
            emit_control(x, cur->n, NULL, &p, ctx_label);
            memset(&p, 0, sizeof p);
            break;
        case B_FIELDS: {
            /* a line that starts with its blank or control takes the label before it
             * ("Nom" then a PDF widget on the next line) */
            bool needs = cur->mk.n && (fa_span_empty(btext(cur), 0, cur->mk.v[0].s) ||
                                       aside_only(btext(cur), cur->mk.v[0].s));
            if (p.b && !needs)
                flush_pending(x, &p, B_FIELDS, cur->n);
            emit_line(x, cur, &p, ctx_label);
            memset(&p, 0, sizeof p);
            break;
        }
        case B_YESNO: {
            flush_pending(x, &p, B_YESNO, cur->n);
            if (cur->notice)
                break;
            emit_question(x, cur, ntext(cur->n), cur->opt_at, cur->n->len);
            break;
        }
        case B_COLON:
        case B_QUESTION:
            flush_pending(x, &p, cur->cls, cur->n);
            if (!cur->notice && fa_is_notice_title(cur->label) && cur->words <= 6) {
                x->in_notice = true;
                x->notice_level = 99;
                break;
            }
            p.b = cur;
            p.strong = true;
            p.text = cur->label;
            break;
        case B_BARE:
            flush_pending(x, &p, B_FIELDS, cur->n);
            emit(x, fa_strdup(cur->label), fa_kind_from_label(cur->label, FA_FK_TEXT), FA_FM_TABLE,
                 cur->n);
            break;
        case B_VALUE:
            flush_pending(x, &p, B_VALUE, cur->n);
            if (!cur->notice && text_options(cur->value, 0, strlen(cur->value), NULL)) {
                /* "Suivi psychiatrique : oui / non": a question and its choices */
                emit_question(x, cur, cur->value, 0, strlen(cur->value));
            } else if (!cur->notice && (form_context(b, nb, i) || fa_is_form_label(cur->label))) {
                fa_field *f =
                    emit(x, fa_strdup(cur->label), fa_kind_from_label(cur->label, FA_FK_TEXT),
                         FA_FM_LEADER, cur->n);
                set_value(x, f, cur->value);
            }
            break;
        case B_TEXT:
            if (p.b && p.strong && cur->words <= LABEL_WORDS) {
                /* "Régime :" then "(cochez une case)" then the options */
                size_t j = i + 1;
                while (j < nb && (b[j].cls == B_EMPTY || b[j].cls == B_SKIP))
                    j++;
                if (j < nb && (option_block(&b[j]) || b[j].cls == B_LEADERS))
                    break;
            }
            flush_pending(x, &p, B_TEXT, cur->n);
            if (!cur->notice && fa_is_notice_title(ntext(cur->n)) && cur->words <= 6) {
                x->in_notice = true;
                x->notice_level = 99;
                break;
            }
            if (weak_label_text(cur)) {
                p.b = cur;
                p.strong = false;
                p.text = ntext(cur->n);
            }
            break;
        }
    }
    flush_pending(x, &p, B_EMPTY, NULL);
}

/* ---------------------------------------------------------------- PDF lines */

/* Upper-case Latin letter at S: 1, lower-case: -1, other: 0. */
static int letter_case(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    if (p[0] >= 'A' && p[0] <= 'Z')
        return 1;
    if (p[0] >= 'a' && p[0] <= 'z')
        return -1;
    if (p[0] == 0xC3 && p[1]) {
        unsigned cp = 0xC0 + (p[1] & 0x3F);
        if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
            return 1;
        if (cp >= 0xDF && cp != 0xF7)
            return -1;
    }
    return 0;
}

/* Next character of S (UTF-8). */
static const char *next_char(const char *s)
{
    if (!*s)
        return s;
    s++;
    while (((unsigned char)*s & 0xC0) == 0x80)
        s++;
    return s;
}

/* A PDF line that reads like a field label: short, capitalised (not all capitals: a
 * filled value "MARTINI" is not a label), no final punctuation. */
static bool label_line(const blk *b)
{
    if (b->notice || b->mk.n || (b->n->flags & FA_NF_BOLD) ||
        (b->cls != B_TEXT && b->cls != B_VALUE))
        return false;
    const char *t = ntext(b->n);
    if (b->cls == B_VALUE && letter_case(b->value) != -1)
        return false; /* "Nom : MARTINI" is a filled field, not a bare label */
    size_t w = fa_word_count(t);
    int last = fa_last_char(t);
    if (w < 1 || w > VALUE_LABEL_WORDS || b->n->len > 80 || !last || strchr(".;,!", last) ||
        strstr(t, "\xE2\x80\x94") || strstr(t, "\xE2\x80\x93")) /* "Mairie — Service" */
        return false;
    return letter_case(t) == 1 && letter_case(next_char(t)) != 1;
}

static bool has_ctl(const blk *b)
{
    for (size_t i = 0; i < b->mk.n; i++)
        if (b->mk.v[i].ctl)
            return true;
    return false;
}

/* Characters (not bytes) of S[0..N). */
static size_t u8_chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* Characters of S[0..N) without its runs of underscores: the PDF reader writes a
 * drawn line or cell as a leader whose length follows the drawing, not the text, so
 * lines are compared by their text when judging which reach the margin. */
static size_t text_chars(const char *s, size_t n)
{
    size_t c = 0, run = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '_') {
            run++;
            continue;
        }
        c += run < 3 ? run : 0;
        run = 0;
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    }
    return c + (run < 3 ? run : 0);
}

/* NX holds only short options, box first: "☐ Non ☐ Ne sait pas", not a statement of
 * its own to tick ("☐ J'accepte le règlement intérieur."). */
static bool short_opts_line(const blk *nx)
{
    if (nx->cls != B_OPTS || !nx->mk.n || nx->mk.v[0].type != FA_MK_BOX)
        return false;
    const char *nt = btext(nx);
    int lc = fa_last_char(nt);
    if (lc == '.' || lc == ';' || lc == '!')
        return false;
    boxrun r;
    if (box_run(nt, blen(nx), &nx->mk, 0, 0, &r)) {
        boxrun_free(&r);
        return false;
    }
    bool ok = r.options.n > 0 && !r.label;
    for (size_t o = 0; ok && o < r.options.n; o++) {
        char *f = fa_fold_simple(r.options.v[o]);
        ok = f && fa_word_count(r.options.v[o]) <= 5 && strncmp(f, "j'", 2) &&
             strncmp(f, "je ", 3) && strncmp(f, "nous ", 5);
        free(f);
    }
    boxrun_free(&r);
    return ok;
}

/* Every mark of B is a glyph box (no leader, no control). */
static bool boxes_only(const blk *b)
{
    for (size_t i = 0; i < b->mk.n; i++)
        if (b->mk.v[i].type != FA_MK_BOX || b->mk.v[i].ctl)
            return false;
    return b->mk.n > 0;
}

/* NX, after the box line CUR that reaches the right margin, is the end of CUR's last
 * option then more boxes: "... ☐ White – English, Welsh," / "Scottish, Northern Irish
 * or British ☐ White – Irish ☐ ...". The cut text is short and asks nothing (no ':' or
 * '?': a question of its own starts a new group). */
static bool opts_tail(const blk *cur, const blk *nx, size_t full)
{
    if (!full || (nx->cls != B_OPTS && nx->cls != B_FIELDS) || !boxes_only(nx) ||
        u8_chars(btext(cur), blen(cur)) < full)
        return false;
    const char *nt = btext(nx);
    size_t s = nx->mk.v[0].s, words = 0;
    bool in_word = false;
    for (size_t i = 0; i < s; i++) {
        if (nt[i] == ':' || nt[i] == '?')
            return false;
        bool sp = nt[i] == ' ' || nt[i] == '\t';
        words += !sp && !in_word;
        in_word = !sp;
    }
    return words >= 1 && words <= 8;
}

/* NX continues the box line CUR that the page wrapped: "... ? : ☐" / "Oui ☐ Non",
 * "☐ Veuf ou" / "veuve", "☐ GIR 4 ☐ GIR" / "5 ☐ GIR 6", or a full line of options
 * whose last boxes went to the next line: "Question : ☐ Oui" / "☐ Non ☐ Ne sait pas".
 * FULL is the length in characters from which a line reaches the right margin (0:
 * unknown, plain text). */
static bool wrapped(const blk *cur, const blk *nx, size_t full)
{
    if ((cur->cls != B_OPTS && cur->cls != B_FIELDS) || !cur->mk.n ||
        cur->mk.v[cur->mk.n - 1].type != FA_MK_BOX || has_ctl(cur))
        return false;
    if ((nx->cls != B_TEXT && nx->cls != B_OPTS && nx->cls != B_FIELDS) || has_ctl(nx))
        return false;
    const char *nt = btext(nx);
    /* a long NX is still the rest of CUR's options when it starts with a box (each
     * option is then checked short) or with the tail of the option cut */
    bool tail = opts_tail(cur, nx, full);
    bool box_first = nx->mk.n && fa_span_empty(nt, 0, nx->mk.v[0].s);
    if ((!tail && !box_first && fa_word_count(nt) > 8) ||
        (nx->mk.n && nx->mk.v[0].type != FA_MK_BOX))
        return false;
    const char *t = btext(cur);
    bool starts_text = nx->mk.n == 0 || !fa_span_empty(nt, 0, nx->mk.v[0].s);
    if (fa_span_empty(t, cur->mk.v[cur->mk.n - 1].e, blen(cur)))
        return starts_text; /* the last box waits for its text */
    int lc = fa_last_char(t);
    if (!lc || strchr(".:?!;", lc))
        return false;
    if (!starts_text)
        return full && u8_chars(t, blen(cur)) >= full && short_opts_line(nx);
    /* the option cut by the wrap goes on in lower case, or with its number */
    int c0 = letter_case(nt);
    return tail || c0 == -1 || (c0 == 0 && nt[0] >= '0' && nt[0] <= '9' && nx->mk.n);
}

/* PDF and plain text break lines where the page did: join a wrapped option
 * ("☐ Veuf ou" / "veuve"), and read a run of bare label lines as a grid whose cell
 * borders were drawn as graphics (d1: "Nom", "Prénom", "Date de naissance"). */
static void join_lines(dctx *x, blk *b, size_t nb)
{
    /* OCR'd pages read as PDF pages: lines laid out from positions */
    fa_format f = fa_doc_laid_out(x->doc) ? FA_FMT_PDF : x->doc->format;
    if (f != FA_FMT_PDF && f != FA_FMT_TXT)
        return;
    /* a PDF line reaches the right margin when it is nearly as long as the longest
     * lines of the container (same font: character counts stand for widths). The
     * third longest, as the reader already joined wrapped sentences into one line. */
    size_t full = 0;
    if (f == FA_FMT_PDF) {
        size_t top[3] = {0, 0, 0};
        for (size_t i = 0; i < nb; i++)
            if (b[i].cls != B_SKIP && b[i].cls != B_TABLE && b[i].cls != B_LEADERS &&
                b[i].cls != B_CTL && !b[i].notice) {
                size_t c = text_chars(btext(&b[i]), blen(&b[i]));
                for (size_t k = 0; k < 3; k++)
                    if (c > top[k]) {
                        size_t t = top[k];
                        top[k] = c;
                        c = t;
                    }
            }
        size_t ref = top[2] ? top[2] : top[1] ? top[1] : top[0];
        full = ref >= 40 ? ref * 3 / 5 : 0;
    }
    for (size_t i = 0; i < nb;) {
        blk *cur = &b[i];
        size_t j = i + 1;
        /* a wrapped option takes a line or two; the cap keeps joining linear */
        while (j < nb && j - i <= 3 && wrapped(cur, &b[j], full)) {
            fa_buf jb = {0};
            fa_buf_append(&jb, btext(cur), blen(cur));
            fa_buf_putc(&jb, ' ');
            fa_buf_append(&jb, btext(&b[j]), blen(&b[j]));
            if (!jb.data) {
                fail(x, FA_ERR_NOMEM, "out of memory");
                return;
            }
            free(cur->own);
            cur->own_len = jb.len;
            cur->own = fa_buf_steal(&jb);
            cur->mk.n = 0;
            if (fa_scan_text(cur->own, cur->own_len, &cur->mk) || classify_marks(cur)) {
                fail(x, FA_ERR_NOMEM, "out of memory");
                return;
            }
            b[j++].cls = B_SKIP;
        }
        i = j;
    }
    if (f != FA_FMT_PDF)
        return;
    bool form_fields = false;
    for (size_t i = 0; i < nb && !form_fields; i++)
        form_fields = b[i].cls == B_FIELDS || b[i].cls == B_LEADERS || b[i].cls == B_OPTS ||
                      b[i].cls == B_CTL || b[i].cls == B_YESNO;
    for (size_t i = 0; i < nb;) {
        /* collect a run of label lines, joining wrapped ones */
        size_t j = i, labels = 0, known = 0;
        while (j < nb && label_line(&b[j])) {
            size_t k = j + 1;
            fa_buf lb = {0};
            fa_buf_puts(&lb, ntext(b[j].n));
            while (k < nb && k - j <= 3 && b[k].cls == B_TEXT && !b[k].mk.n &&
                   fa_word_count(ntext(b[k].n)) <= 4 && letter_case(ntext(b[k].n)) == -1) {
                fa_buf_putc(&lb, ' ');
                fa_buf_puts(&lb, ntext(b[k].n));
                k++;
            }
            char *l = lb.data ? fa_label_clean(lb.data, 0, lb.len) : NULL;
            fa_buf_free(&lb);
            if (!l) {
                fail(x, FA_ERR_NOMEM, "out of memory");
                return;
            }
            labels++;
            known += fa_is_form_label(l);
            free(b[j].value);
            b[j].value = NULL;
            free(b[j].label);
            b[j].label = l;  /* kept as the label if the run qualifies */
            b[j].opt_at = k; /* end of this label's lines */
            j = k;
        }
        /* the run is a grid when most labels are usual form labels, or when it is long
         * enough, in a form (other fields around), and not the list announced by a
         * "Pièces à fournir :" */
        size_t pv = i;
        while (pv > 0 && (b[pv - 1].cls == B_EMPTY || b[pv - 1].cls == B_SKIP))
            pv--;
        bool announced = pv > 0 && (b[pv - 1].cls == B_COLON || b[pv - 1].cls == B_QUESTION);
        bool grid = labels >= 2 && known * 2 >= labels && known >= 2;
        if (!grid && labels >= 3 && !announced && form_fields) {
            grid = true;
            for (size_t k = i; k < j && grid; k++)
                grid = b[k].cls == B_SKIP || fa_word_count(b[k].label) <= 6;
        }
        if (grid) {
            for (size_t k = i; k < j;) {
                size_t e = b[k].opt_at;
                b[k].cls = B_BARE;
                for (size_t m = k + 1; m < e; m++)
                    b[m].cls = B_SKIP;
                k = e;
            }
        } else {
            /* not a grid: restore what classification said */
            for (size_t k = i; k < j; k++) {
                if (b[k].label) {
                    free(b[k].label);
                    b[k].label = NULL;
                    b[k].opt_at = 0;
                    b[k].cls = B_TEXT;
                    if (classify_value(&b[k]) == B_VALUE)
                        b[k].cls = B_VALUE;
                }
            }
        }
        i = j > i ? j : i + 1;
    }
}

static void blk_free(blk *b)
{
    free(b->own);
    free(b->mk.v);
    free(b->label);
    free(b->value);
}

static void process_container(dctx *x, const fa_node *parent, const char *ctx_label)
{
    size_t nb = 0;
    for (const fa_node *c = parent->first; c; c = c->next)
        nb++;
    if (!nb)
        return;
    blk *b = calloc(nb, sizeof *b);
    if (!b) {
        fail(x, FA_ERR_NOMEM, "out of memory");
        return;
    }
    size_t i = 0;
    /* classification needs the notice zone, which headings open and close: replay the
     * heading updates on a copy of the zone state */
    bool saved_notice = x->in_notice;
    int saved_level = x->notice_level;
    for (const fa_node *c = parent->first; c; c = c->next, i++) {
        b[i].n = c;
        if (c->type == FA_N_HEADING && !skipped_node(c)) {
            int level = c->level > 0 ? c->level : 1;
            if (fa_is_notice_title(ntext(c))) {
                x->in_notice = true;
                x->notice_level = level;
            } else if (x->in_notice && (level <= x->notice_level || x->notice_level == 99)) {
                x->in_notice = false;
            }
        }
        if (classify(x, &b[i]))
            fail(x, FA_ERR_NOMEM, "out of memory");
        if (fa_node_is_text(c) && c->type != FA_N_HEADING && !b[i].mk.n && !x->in_notice &&
            b[i].cls != B_VALUE && fa_word_count(ntext(c)) <= 6 && fa_is_notice_title(ntext(c))) {
            x->in_notice = true;
            x->notice_level = 99;
        }
    }
    x->in_notice = saved_notice;
    x->notice_level = saved_level;
    if (!x->st)
        join_lines(x, b, nb);
    if (!x->st)
        process_blocks(x, b, nb, ctx_label);
    for (i = 0; i < nb; i++)
        blk_free(&b[i]);
    free(b);
}

/* ---------------------------------------------------------------- tables */

typedef struct tcell {
    const fa_node *n;
    char *text;
    bool blank; /* no text, no control */
    bool marks; /* holds a control, a leader, a box or a nested table */
    bool fill;  /* blank, or only leaders and placeholders: room to write in a grid */
    bool done;
    size_t words;
} tcell;

typedef struct trow {
    tcell *c;
    size_t n;
    bool header;
} trow;

/* The cell holds only leaders ("……", "____") and placeholders ("«date»", "[nom]"):
 * in a grid whose columns are named by a header row, still an empty cell to fill. */
static bool cell_fill_only(const dctx *x, const fa_node *cell)
{
    bool any = false;
    for (const fa_node *n = cell->first; n; n = n->next) {
        if (n->type == FA_N_CONTROL || n->type == FA_N_TABLE)
            return false;
        if (!fa_node_is_text(n) || skipped_node(n) || fa_str_blank(n->text))
            continue;
        fa_marks m = {0};
        bool ok =
            fa_scan_marks(n, &m) == FA_OK && add_placeholders(x, n->text, n->len, &m) == FA_OK;
        size_t prev = 0;
        for (size_t i = 0; ok && i < m.n; i++) {
            ok = (m.v[i].type == FA_MK_BLANK || m.v[i].type == FA_MK_PLACEHOLDER) &&
                 fa_span_empty(n->text, prev, m.v[i].s);
            prev = m.v[i].e;
        }
        ok = ok && m.n && fa_span_empty(n->text, prev, n->len);
        free(m.v);
        if (!ok)
            return false;
        any = true;
    }
    return any;
}

static bool cell_has_marks(const dctx *x, const fa_node *cell)
{
    fa_iter it;
    const fa_node *n;
    fa_event ev;
    fa_iter_init(&it, cell);
    while ((ev = fa_iter_next(&it, &n)) != FA_EV_DONE) {
        if (ev != FA_EV_ENTER || n == cell)
            continue;
        if (n->type == FA_N_CONTROL || n->type == FA_N_TABLE)
            return !(n->type == FA_N_CONTROL && n->ctl && n->ctl->kind == FA_CTL_BUTTON);
        if (fa_node_is_text(n) && !skipped_node(n)) {
            fa_marks m = {0};
            fa_scan_marks(n, &m);
            if (n->len)
                add_placeholders(x, n->text, n->len, &m);
            free(m.v);
            if (m.n)
                return true;
        }
    }
    return false;
}

/* Letters in S (a label has words, "8" or "B1-1" is data). */
static size_t letters(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        n += ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') || (*p >= 0xC3 && *p <= 0xC5);
    return n;
}

/* Words of a cell's text, an aside in parentheses left out: "Adresse actuelle (ne pas
 * communiquer au mis en cause)" is a short label with an instruction. */
static size_t cell_words(const char *s)
{
    if (!s || !strchr(s, '(') || !parens_balanced(s))
        return fa_word_count(s);
    char *t = fa_strdup(s);
    if (!t)
        return fa_word_count(s);
    size_t w = 0;
    int depth = 0;
    for (const char *p = s; *p; p++) {
        depth += *p == '(';
        if (!depth)
            t[w++] = *p;
        depth -= *p == ')' && depth > 0;
    }
    t[w] = 0;
    w = fa_word_count(t);
    free(t);
    return w ? w : fa_word_count(s);
}

static bool label_cell(const tcell *c)
{
    if (!c || c->blank || c->marks || !c->text || !*c->text)
        return false;
    int last = fa_last_char(c->text);
    return c->words >= 1 && c->words <= LABEL_WORDS && last != '.' && last != ';' &&
           letters(c->text) >= 2 && !fa_is_notice_text(c->text);
}

/* A label cell that says it is one: "Nom", "Adresse :", "Date de naissance". */
static bool strong_label_cell(const tcell *c)
{
    return label_cell(c) && (fa_last_char(c->text) == ':' || fa_is_form_label(c->text));
}

static fa_field *emit_cell_field(dctx *x, const tcell *c, fa_field_kind dflt, fa_field_method m,
                                 const char *value)
{
    char *l = fa_label_clean(c->text, 0, strlen(c->text));
    fa_field *f =
        emit(x, l, dflt == FA_FK_TABLE_CELL ? dflt : fa_kind_from_label(l, dflt), m, c->n);
    if (value)
        set_value(x, f, value);
    return f;
}

/* Letters and digits in S. */
static size_t alnums(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++)
        n += (*p >= '0' && *p <= '9') || ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') || *p >= 0xC3;
    return n;
}

/* T[0..E) is a row number: "1", "12.", "3)". */
static bool row_number(const char *t, size_t e)
{
    size_t a = 0, d = 0;
    while (a < e && t[a] == ' ')
        a++;
    while (a + d < e && t[a + d] >= '0' && t[a + d] <= '9')
        d++;
    size_t k = a + d;
    if (k < e && (t[k] == '.' || t[k] == ')'))
        k++;
    return d >= 1 && d <= 3 && fa_span_empty(t, k, e);
}

/* What a cell holds when it is an answer only: controls, boxes or leaders and no
 * text. 0 when it is not an answer; else 1 (boxes), 2 (text controls or leaders), 3
 * (both). */
static int answer_cell(const fa_node *cell)
{
    int kind = 0;
    fa_iter it;
    const fa_node *n;
    fa_event ev;
    fa_iter_init(&it, cell);
    while ((ev = fa_iter_next(&it, &n)) != FA_EV_DONE) {
        if (ev != FA_EV_ENTER || n == cell)
            continue;
        if (n->type == FA_N_TABLE)
            return 0;
        if (n->type == FA_N_CONTROL && n->ctl && n->ctl->kind != FA_CTL_BUTTON)
            kind |= is_box_ctl(n) ? 1 : 2;
        if (!fa_node_is_text(n) || skipped_node(n) || fa_str_blank(n->text))
            continue;
        fa_marks mk = {0};
        if (fa_scan_marks(n, &mk)) {
            free(mk.v);
            return 0;
        }
        size_t prev = 0;
        bool empty = true;
        for (size_t i = 0; i < mk.n && empty; i++) {
            /* a row's number before its blanks ("1 ______") is no text of its own */
            empty = fa_span_empty(n->text, prev, mk.v[i].s) ||
                    (i == 0 && row_number(n->text, mk.v[i].s));
            if (!mk.v[i].ctl)
                kind |= mk.v[i].type == FA_MK_BOX ? 1 : 2;
            prev = mk.v[i].e;
        }
        empty = empty && fa_span_empty(n->text, prev, n->len);
        free(mk.v);
        if (!empty)
            return 0;
    }
    return kind;
}

/* Grid column where each cell of ROW starts (spans counted), in COL[]. */
static void grid_columns(const trow *row, int *col)
{
    int at = 0;
    for (size_t c = 0; c < row->n; c++) {
        col[c] = at;
        at += row->c[c].n->colspan > 1 ? row->c[c].n->colspan : 1;
    }
}

/* The header text of grid column COL (the header cell starting there or spanning it). */
static const char *header_at(const trow *h, const int *hcol, int col)
{
    for (size_t c = h->n; c-- > 0;)
        if (hcol[c] <= col && !h->c[c].blank)
            return hcol[c] + (h->c[c].n->colspan > 1 ? h->c[c].n->colspan : 1) > col ? h->c[c].text
                                                                                     : NULL;
    return NULL;
}

#define GRID_COLS 64

/* A grid of answers under a header row naming its columns: an evaluation grid (a label
 * cell, then a box per column: one field per row, the boxed columns' headers its
 * options; a column of text areas is one field named by its header) or a list whose
 * rows are all answers (one field per column). Cells before the row's label (a
 * category spanning rows) are left out. True when TABLE was read so. */
static bool control_grid(dctx *x, trow *rows, size_t nr)
{
    if (nr < 3 || rows[0].n < 3 || rows[0].n > GRID_COLS)
        return false;
    int hcol[GRID_COLS], col[GRID_COLS];
    grid_columns(&rows[0], hcol);
    size_t htext = 0;
    for (size_t c = 0; c < rows[0].n; c++) {
        if (answer_cell(rows[0].c[c].n))
            return false;
        htext += !rows[0].c[c].blank;
    }
    if (htext < 2)
        return false;
    /* classify the body rows: 1 evaluation row, 2 list row, 0 ignored, -1 other */
    size_t graded = 0;
    unsigned long long text_cols = 0;
    for (size_t r = 1; r < nr; r++) {
        trow *row = &rows[r];
        if (row->n > GRID_COLS)
            return false;
        int answers = 0;
        bool other = false;
        for (size_t c = 0; c < row->n && !other; c++) {
            const tcell *tc = &row->c[c];
            if (tc->n->rowspan == 0 || tc->blank)
                continue;
            if (answer_cell(tc->n))
                answers++;
            else if (answers > 0 && alnums(tc->text) > 3)
                other = true; /* text after the answers: not a grid of answers (a stray
                                 margin mark of three characters is nothing) */
        }
        if (other)
            return false;
        graded += answers >= 2; /* a last row may hold fewer ("Samedi": morning only) */
    }
    if (graded < 2)
        return false;
    for (size_t r = 1; r < nr && !x->st; r++) {
        trow *row = &rows[r];
        grid_columns(row, col);
        int label = -1;
        fa_strvec opts = {0};
        for (size_t c = 0; c < row->n; c++) {
            const tcell *tc = &row->c[c];
            if (tc->n->rowspan == 0 || tc->blank)
                continue;
            int k = answer_cell(tc->n);
            if (!k) {
                label = (int)c;
                continue;
            }
            const char *h = header_at(&rows[0], hcol, col[c]);
            if ((k & 1) && h)
                fa_strvec_push(&opts, h);
            if ((k & 2) && col[c] < 64)
                text_cols |= 1ull << col[c];
        }
        if (label >= 0 && opts.n) {
            const tcell *lc = &row->c[label];
            fa_field *f = emit(x, fa_label_clean(lc->text, 0, strlen(lc->text)), FA_FK_CHOICE,
                               FA_FM_TABLE, lc->n);
            for (size_t o = 0; f && o < opts.n; o++)
                add_option(x, f, opts.v[o]);
        }
        fa_strvec_free(&opts);
    }
    /* the columns of text areas, and the columns of a list: one field each */
    for (int c = 0; c < 64 && !x->st; c++) {
        if (!(text_cols & (1ull << c)))
            continue;
        const char *h = header_at(&rows[0], hcol, c);
        if (!h || letters(h) < 2)
            continue;
        size_t hc = 0;
        while (hc + 1 < rows[0].n && hcol[hc + 1] <= c)
            hc++;
        emit(x, fa_label_clean(h, 0, strlen(h)), FA_FK_MULTILINE, FA_FM_TABLE, rows[0].c[hc].n);
    }
    return true;
}

typedef struct tgrid {
    trow *rows;
    size_t nr, maxc;
} tgrid;

static void grid_free(tgrid *g)
{
    for (size_t r = 0; r < g->nr; r++) {
        for (size_t c = 0; c < g->rows[r].n; c++)
            free(g->rows[r].c[c].text);
        free(g->rows[r].c);
    }
    free(g->rows);
}

/* The rows and cells of TABLE, each cell's text and shape. */
static bool grid_build(dctx *x, const fa_node *table, tgrid *g)
{
    memset(g, 0, sizeof *g);
    size_t nr = 0;
    for (const fa_node *r = table->first; r; r = r->next)
        nr += r->type == FA_N_ROW;
    if (!nr)
        return false;
    g->rows = calloc(nr, sizeof *g->rows);
    if (!g->rows) {
        fail(x, FA_ERR_NOMEM, "out of memory");
        return false;
    }
    for (const fa_node *r = table->first; r && !x->st; r = r->next) {
        if (r->type != FA_N_ROW)
            continue;
        trow *row = &g->rows[g->nr++];
        row->header = (r->flags & FA_NF_HEADER_ROW) != 0;
        size_t nc = 0;
        for (const fa_node *c = r->first; c; c = c->next)
            nc += c->type == FA_N_CELL;
        row->c = calloc(nc ? nc : 1, sizeof *row->c);
        if (!row->c) {
            fail(x, FA_ERR_NOMEM, "out of memory");
            break;
        }
        for (const fa_node *c = r->first; c; c = c->next) {
            if (c->type != FA_N_CELL)
                continue;
            tcell *tc = &row->c[row->n++];
            tc->n = c;
            tc->text = fa_cell_text(c);
            tc->blank = fa_cell_blank(c);
            tc->marks = cell_has_marks(x, c);
            tc->fill = tc->blank || cell_fill_only(x, c);
            tc->words = cell_words(tc->text);
        }
        if (row->n > g->maxc)
            g->maxc = row->n;
    }
    return !x->st;
}

/* A cell that numbers the rows of a register: "1", "2.", "a)", "#". */
static bool ordinal_cell(const tcell *c)
{
    return c->blank || (c->text && letters(c->text) <= 1 && strlen(c->text) <= 4);
}

/* Header row + body: a grid whose columns are fields (a list of children, a register
 * of accidents: empty rows, or rows of leaders or placeholders to fill), or a rating
 * matrix whose rows are fields. Title rows above the header (one cell across the
 * table: "Composition de la famille") are skipped. True when the table was read so. */
static bool header_grid(dctx *x, const tgrid *g)
{
    trow *rows = g->rows;
    size_t nr = g->nr, h = 0;
    while (h + 2 < nr && rows[h].n == 1 && g->maxc >= 2 && !rows[h].c[0].blank &&
           rows[h + 1].n >= 2)
        h++;
    if (rows[h].n < 2 || nr < h + 2)
        return false;
    for (size_t c = 0; c < rows[h].n; c++) {
        const tcell *hc = &rows[h].c[c];
        if (!((label_cell(hc) && hc->words <= 8) || (c == 0 && ordinal_cell(hc))))
            return false;
    }
    const trow *hr = &rows[h];
    bool all_fill = true, numbered = true, matrix = true, rating = true, boxes = false;
    for (size_t r = h + 1; r < nr; r++)
        for (size_t c = 0; c < rows[r].n; c++) {
            const tcell *tc = &rows[r].c[c];
            if (c == 0)
                numbered = numbered && ordinal_cell(tc);
            if (!tc->fill && !(c == 0 && ordinal_cell(tc)))
                all_fill = false;
            if (c == 0 && !label_cell(tc))
                matrix = false;
            if (c > 0 && !tc->blank) {
                /* a cell holding only a box is still an empty answer; text
                 * controls under column headers are the columns' fields (a
                 * timetable), read by control_grid */
                if (tc->marks && fa_word_count(tc->text) == 0 && answer_cell(tc->n) != 2)
                    boxes = true;
                else
                    matrix = false;
            }
        }
    for (size_t c = 1; c < hr->n; c++)
        rating = rating && fa_is_rating_word(hr->c[c].text);
    if (all_fill && !hr->c[0].blank) {
        /* a first column of row numbers ("N°" over 1, 2, 3) is no field */
        bool all_blank_first = true;
        for (size_t r = h + 1; r < nr; r++)
            all_blank_first = all_blank_first && (!rows[r].n || rows[r].c[0].fill);
        size_t c0 = numbered && !all_blank_first && hr->n > 1 ? 1 : 0;
        for (size_t c = c0; c < hr->n; c++)
            emit_cell_field(x, &hr->c[c], FA_FK_TABLE_CELL, FA_FM_TABLE, NULL);
        return true;
    }
    if (matrix && (rating || boxes || hr->c[0].blank)) {
        for (size_t r = h + 1; r < nr && !x->st; r++) {
            char *l = fa_label_clean(rows[r].c[0].text, 0, strlen(rows[r].c[0].text));
            fa_field *f = emit(x, l, FA_FK_CHOICE, FA_FM_TABLE, rows[r].c[0].n);
            for (size_t c = 1; f && c < hr->n; c++)
                add_option(x, f, hr->c[c].text);
        }
        return true;
    }
    if (matrix && hr->n >= 3) {
        /* first column names the rows ("Enfant 1"), the other columns are fields */
        for (size_t c = 1; c < hr->n; c++)
            emit_cell_field(x, &hr->c[c], FA_FK_TABLE_CELL, FA_FM_TABLE, NULL);
        return true;
    }
    return false;
}

/* A cell "Label :" with nothing after: a label waiting for its answer in the same
 * cell, never the value of the cell on its left. */
static bool colon_label_cell(const tcell *c)
{
    return c && label_cell(c) && fa_last_char(c->text) == ':';
}

/* Label cells: "Nom" | (blank), "Nom" | MARTINI, "Nom" | [control]. A table is a form
 * table when most of its rows start with a short label. */
static void label_cells(dctx *x, const tgrid *g, bool in_form)
{
    trow *rows = g->rows;
    size_t nr = g->nr, labelled = 0, strong = 0, blanks = 0, filled = 0, cells = 0;
    for (size_t r = 0; r < nr; r++) {
        if (rows[r].n >= 2 && label_cell(&rows[r].c[0]) &&
            rows[r].c[0].words <= VALUE_LABEL_WORDS) {
            labelled++;
            strong += strong_label_cell(&rows[r].c[0]);
            blanks += rows[r].c[1].blank;
        }
        for (size_t c = 1; c < rows[r].n; c++) {
            cells++;
            filled += !rows[r].c[c].blank;
        }
    }
    /* filled label | value rows: a form when its labels are the usual ones, or when
     * some answers are still blank */
    bool form_table = labelled >= 2 && labelled * 2 >= nr && (blanks > 0 || strong * 2 >= labelled);
    /* or two columns, every row "label | value", among other fields: the rows a PDF
     * reads side by side ("National Insurance number | JT 48 27 19 C") */
    if (!form_table && in_form && g->maxc == 2 && labelled == nr && nr >= 2)
        form_table = true;
    /* a data table (3+ columns mostly filled) has empty cells that are not blanks */
    bool data_table = g->maxc >= 3 && filled * 2 >= cells;
    for (size_t r = 0; r < nr && !x->st; r++) {
        trow *row = &rows[r];
        for (size_t c = 0; c < row->n && !x->st; c++) {
            tcell *tc = &row->c[c];
            if (tc->done || tc->blank)
                continue;
            tcell *right = c + 1 < row->n ? &row->c[c + 1] : NULL;
            tcell *below = r + 1 < nr && c < rows[r + 1].n ? &rows[r + 1].c[c] : NULL;
            if (tc->marks) {
                const char *ctx = NULL;
                if (c > 0 && label_cell(&row->c[c - 1]))
                    ctx = row->c[c - 1].text;
                else if (r > 0 && c < rows[r - 1].n && label_cell(&rows[r - 1].c[c]))
                    ctx = rows[r - 1].c[c].text;
                process_container(x, tc->n, ctx);
                tc->done = true;
                continue;
            }
            if (label_cell(tc) && right && right->marks) {
                tc->done = true; /* the label of the controls on its right */
                continue;
            }
            if (label_cell(tc) && right && right->blank && !data_table) {
                emit_cell_field(x, tc, FA_FK_TEXT, FA_FM_TABLE, NULL);
                tc->done = right->done = true;
                continue;
            }
            if (label_cell(tc) && right && form_table && tc->words <= VALUE_LABEL_WORDS &&
                right->words <= 60 && !row->header && c % 2 == 0 && row->n % 2 == 0 &&
                !colon_label_cell(right)) {
                emit_cell_field(x, tc, FA_FK_TEXT, FA_FM_TABLE, right->text);
                tc->done = right->done = true;
                continue;
            }
            if ((strong_label_cell(tc) ||
                 (label_cell(tc) && row->n == 1 && (in_form || x->res->n_fields > 0))) &&
                !right && below && below->blank && rows[r + 1].n == 1) {
                /* label above, writing space below (one-column boxes: "Appréciation de
                 * l'évaluateur" over an empty frame) */
                emit_cell_field(x, tc, FA_FK_MULTILINE, FA_FM_TABLE, NULL);
                tc->done = below->done = true;
                continue;
            }
            process_container(x, tc->n, NULL);
            tc->done = true;
        }
    }
}

/* IN_FORM: a field line sits just before or after the table. */
static void process_table(dctx *x, const fa_node *table, bool in_form)
{
    tgrid g;
    if (grid_build(x, table, &g) && !header_grid(x, &g) && !control_grid(x, g.rows, g.nr))
        label_cells(x, &g, in_form);
    grid_free(&g);
}

/* ---------------------------------------------------------------- entry */

fa_status fa_fields_detect(const fa_doc *doc, fa_result *res, const fa_langdata *ld, fa_error *err)
{
    if (!doc || !res)
        return fa_error_set(err, FA_ERR_INTERNAL, "field detection: no document");
    if (!doc->root)
        return FA_OK;
    const fa_langdata *prev = fa_scan_use(ld);
    dctx x = {.doc = doc, .res = res, .err = err};
    x.templated = templated_doc(doc);
    process_container(&x, doc->root, NULL);
    free(x.section);
    fa_scan_use(prev);
    return x.st;
}
