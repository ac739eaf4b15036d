/* read_html.c — the HTML reader (libxml2's forgiving HTML parser, no network).
 *
 * The DOM is walked once into the model: h1-h6 become headings, p/div/li and the other
 * block elements paragraphs or list items, tables rows and cells (colspan/rowspan, th
 * and thead rows marked as header rows), <br> ends a visual line (a new paragraph, as a
 * person reads "Nom : ___<br>Prénom : ___" as two lines). Inline text and controls are
 * gathered into the enclosing paragraph-like block, created on first use so empty
 * wrappers leave nothing behind. Form controls (input, select, textarea, button) become
 * CONTROL nodes anchored at their place in that text, with the label a browser would
 * announce: <label for=id>, a wrapping <label>, aria-label, aria-labelledby, title,
 * placeholder, in that order. Framework templates (Angular, Vue and their component
 * libraries: ng-model, v-model, formControlName, mat-select, v-text-field...) are forms
 * too: a custom element bound to the model, or a known input component, is a CONTROL.
 * Head, script, style and noscript are left out. What a page hides (hidden inputs, the
 * `hidden` attribute, display:none, visibility:hidden) is read but marked
 * FA_NF_HIDDEN | FA_NF_CONCEALED: not shown, yet its controls still collect data.
 *
 * Depth: the walk recurses at most FA_MAX_XML_DEPTH elements deep; deeper content is
 * still read, as flat text gathered iteratively, with a warning. */
#include "fa_limits.h"
#include "read.h"
#include "xmlread.h"

#include <glib.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#define LABEL_MAX                                                                                  \
    400 /* bytes of label text kept: labels are short, a wrapping <label>                          \
           around a whole section is not */

typedef struct hctx {
    fa_doc *doc;
    fa_node *container;   /* where blocks go: the document or a cell */
    fa_node *para;        /* open paragraph-like node, or NULL */
    fa_node_type pending; /* type the next paragraph takes (heading, list item) */
    int pending_level;
    int list_depth;
    int small;             /* inside <small> */
    int pre;               /* inside <pre>: its line breaks are visual lines */
    xmlNode *label;        /* enclosing <label> element, or NULL */
    xmlNode *form_field;   /* enclosing mat-form-field (its mat-label names the control) */
    int hidden;            /* inside an element the page hides */
    GHashTable *ids;       /* id -> element */
    GHashTable *label_for; /* for= id -> label element */
    GHashTable *groups;    /* radio/checkbox name -> group id */
    int next_group;
    bool deep_warned;
} hctx;

static bool is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->name && !xmlStrcasecmp(n->name, (const xmlChar *)name);
}

static bool is_any(const xmlNode *n, const char *const *names)
{
    for (; *names; names++)
        if (is(n, *names))
            return true;
    return false;
}

/* Attribute value (owned by the tree through a temporary we free), malloc'd or NULL. */
static char *attr(const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v)
        return NULL;
    char *s = fa_strdup((const char *)v);
    xmlFree(v);
    return s;
}

static bool has_attr(const xmlNode *n, const char *name)
{
    return xmlHasProp(n, (const xmlChar *)name) != NULL;
}

static const char *const SKIP[] = {"head",   "script", "style",    "noscript", "title",  "iframe",
                                   "object", "embed",  "svg",      "math",     "canvas", "audio",
                                   "video",  "map",    "datalist", NULL};

/* Not shown to a visitor: `hidden`, inline display:none / visibility:hidden,
 * hidden inputs. */
static bool invisible(const xmlNode *n)
{
    if (n->type != XML_ELEMENT_NODE)
        return false;
    if (has_attr(n, "hidden"))
        return true;
    bool hid = false;
    char *st = attr(n, "style");
    if (st) {
        char *p = st, *q = st;
        for (; *p; p++)
            if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
                *q++ = (char)g_ascii_tolower(*p);
        *q = '\0';
        hid = strstr(st, "display:none") || strstr(st, "visibility:hidden");
        free(st);
    }
    if (!hid && is(n, "input")) {
        char *t = attr(n, "type");
        hid = t && !g_ascii_strcasecmp(t, "hidden");
        free(t);
    }
    return hid;
}

/* The node after N in document order, staying inside ROOT: N's first child when DESCEND,
 * else the next sibling of N or of its nearest ancestor below ROOT; NULL at the end.
 * The walks below use it so none recurses, whatever the depth. */
static xmlNode *next_node(const xmlNode *n, const xmlNode *root, bool descend)
{
    if (descend && n->children)
        return n->children;
    while (n && n != root && !n->next)
        n = n->parent;
    return n && n != root ? n->next : NULL;
}

/* Visible text of a subtree, iteratively (no recursion whatever the depth), skipping
 * scripts, hidden parts and the text of controls (a select's options are not part of
 * the label around it). Appends at most `max` bytes to b. */
static void gather_text(const xmlNode *top, fa_buf *b, size_t max)
{
    const xmlNode *n = top->children;
    while (n && n != top) {
        bool descend = false;
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content && b->len < max) {
                size_t l = strlen((const char *)n->content);
                fa_buf_append(b, (const char *)n->content, l > max - b->len ? max - b->len : l);
            }
        } else if (n->type == XML_ELEMENT_NODE) {
            if (is(n, "br") || is(n, "p") || is(n, "div") || is(n, "td") || is(n, "th") ||
                is(n, "li"))
                fa_buf_putc(b, ' ');
            static const char *const CTL[] = {"select", "textarea", "button", NULL};
            descend = n->children && !is_any(n, SKIP) && !is_any(n, CTL) && !invisible(n);
        }
        n = next_node(n, top, descend);
    }
}

/* Squeezed visible text of an element, malloc'd (may be ""). */
static char *text_of(const xmlNode *n)
{
    fa_buf b = {0};
    gather_text(n, &b, LABEL_MAX);
    char *s = fa_buf_steal(&b);
    char *c = s ? fa_utf8_clean(s, strlen(s)) : NULL;
    free(s);
    return c ? fa_str_squeeze(c) : NULL;
}

/* One pass over the tree, iteratively: element ids, and labels by their `for`. */
static void index_tree(hctx *x, xmlNode *root)
{
    xmlNode *n = root;
    while (n) {
        if (n->type == XML_ELEMENT_NODE) {
            xmlChar *id = xmlGetProp(n, (const xmlChar *)"id");
            if (id) {
                if (!g_hash_table_contains(x->ids, id))
                    g_hash_table_insert(x->ids, g_strdup((const char *)id), n);
                xmlFree(id);
            }
            if (is(n, "label")) {
                xmlChar *f = xmlGetProp(n, (const xmlChar *)"for");
                if (f) {
                    if (!g_hash_table_contains(x->label_for, f))
                        g_hash_table_insert(x->label_for, g_strdup((const char *)f), n);
                    xmlFree(f);
                }
            }
        }
        n = next_node(n, root, n->type == XML_ELEMENT_NODE);
    }
}

/* ---- building blocks */

static fa_node *open_para(hctx *x)
{
    if (x->para)
        return x->para;
    fa_node *p = fa_node_new(x->doc, x->pending);
    if (!p)
        return NULL;
    p->level = x->pending == FA_N_PARAGRAPH ? 0 : x->pending_level;
    if (x->small)
        p->flags |= FA_NF_SMALL;
    if (x->hidden)
        p->flags |= FA_NF_HIDDEN | FA_NF_CONCEALED;
    fa_node_append(x->container, p);
    x->para = p;
    return p;
}

/* Close the open paragraph; an empty one without controls is dropped. */
static void close_para(hctx *x)
{
    fa_node *p = x->para;
    if (!p)
        return;
    x->para = NULL;
    fa_node_squeeze(p);
    if (!p->len && !p->first)
        fa_node_unlink(p);
    else
        x->pending = FA_N_PARAGRAPH; /* a heading/item continues as paragraphs */
}

static bool blank_n(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return false;
    return true;
}

static void add_text(hctx *x, const char *s)
{
    if (!s || !*s)
        return;
    if (x->pre) {
        const char *nl;
        while ((nl = strchr(s, '\n')) != NULL) {
            if (nl > s && (x->para || !blank_n(s, (size_t)(nl - s)))) {
                fa_node *p = open_para(x);
                if (p)
                    fa_node_append_text(x->doc, p, s, (size_t)(nl - s));
            }
            close_para(x);
            s = nl + 1;
        }
        if (!*s)
            return;
    }
    if (!x->para && fa_str_blank(s))
        return;
    fa_node *p = open_para(x);
    if (p)
        fa_node_append_text(x->doc, p, s, strlen(s));
}

/* ---- controls */

static int group_of(hctx *x, const char *name)
{
    gpointer v = g_hash_table_lookup(x->groups, name);
    if (v)
        return GPOINTER_TO_INT(v);
    int g = ++x->next_group;
    g_hash_table_insert(x->groups, g_strdup(name), GINT_TO_POINTER(g));
    return g;
}

/* The label a browser would give the control, in the brief's order. */
static char *find_label(hctx *x, const xmlNode *n)
{
    char *s = NULL;
    char *id = attr(n, "id");
    if (id) {
        xmlNode *l = g_hash_table_lookup(x->label_for, id);
        free(id);
        if (l && (s = text_of(l)) && *s)
            return s;
        free(s);
        s = NULL;
    }
    if (x->label && (s = text_of(x->label)) && *s)
        return s;
    free(s);
    if ((s = attr(n, "aria-label")) && !fa_str_blank(s))
        return s;
    free(s);
    char *ids = attr(n, "aria-labelledby");
    if (ids) {
        fa_buf b = {0};
        char **v = g_strsplit_set(ids, " \t\n", -1);
        for (char **p = v; p && *p; p++) {
            xmlNode *e = **p ? g_hash_table_lookup(x->ids, *p) : NULL;
            if (e) {
                if (b.len)
                    fa_buf_putc(&b, ' ');
                gather_text(e, &b, LABEL_MAX);
            }
        }
        g_strfreev(v);
        free(ids);
        s = fa_buf_steal(&b);
        if (s && !fa_str_blank(s))
            return s;
        free(s);
    }
    if ((s = attr(n, "title")) && !fa_str_blank(s))
        return s;
    free(s);
    if ((s = attr(n, "placeholder")) && !fa_str_blank(s))
        return s;
    free(s);
    return NULL;
}

static char *first_attr(const xmlNode *n, const char *const *names)
{
    for (; *names; names++) {
        char *s = attr(n, *names);
        if (s && !fa_str_blank(s))
            return s;
        free(s);
    }
    return NULL;
}

static void add_option(fa_doc *d, fa_control *c, const xmlNode *o)
{
    if (!is(o, "option") || invisible(o))
        return;
    char *t = text_of(o);
    if (t && !*t) {
        free(t);
        t = attr(o, "label");
    }
    if (t && *t) {
        fa_control_add_option(d, c, t, strlen(t));
        if (has_attr(o, "selected") && !c->value)
            c->value = fa_doc_strdup(d, t);
    }
    free(t);
}

/* Hidden inputs that only carry a page's plumbing (anti-forgery tokens, ASP.NET
 * state, the form's own id): no data about anyone. */
static bool plumbing(const char *name)
{
    static const char *const w[] = {"csrf",
                                    "token",
                                    "viewstate",
                                    "eventvalidation",
                                    "eventtarget",
                                    "eventargument",
                                    "form_build_id",
                                    "form_id",
                                    "_method",
                                    "requestverification",
                                    NULL};
    if (!name)
        return false;
    gchar *l = g_ascii_strdown(name, -1);
    bool r = false;
    for (size_t i = 0; w[i] && !r; i++)
        r = strstr(l, w[i]) != NULL;
    g_free(l);
    return r;
}

/* Text of the mat-label (or any *-label element) of the enclosing mat-form-field. */
static char *form_field_label(const hctx *x)
{
    if (!x->form_field)
        return NULL;
    const xmlNode *n = x->form_field->children;
    while (n && n != x->form_field) {
        if (n->type == XML_ELEMENT_NODE && n->name) {
            size_t l = strlen((const char *)n->name);
            if (l > 6 && !g_ascii_strcasecmp((const char *)n->name + l - 6, "-label"))
                return text_of(n);
        }
        n = next_node(n, x->form_field, n->type == XML_ELEMENT_NODE);
    }
    return NULL;
}

/* The model path an element is bound to by a framework: ng-model, v-model (and its
 * modifiers, v-model.trim), formControlName, x-model, wire:model. malloc'd, or NULL.
 * libxml2 gives attribute names in lower case and drops the ones it cannot parse
 * ("[(ngModel)]"): known components count without a binding (component_kind). */
static char *binding(const xmlNode *n)
{
    static const char *const b[] = {
        "ng-model",    "data-ng-model", "v-model",    "x-model", "formcontrolname",
        "formcontrol", "wire:model",    "bind:value", "ngmodel", NULL};
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        const char *nm = (const char *)a->name;
        for (size_t i = 0; nm && b[i]; i++)
            if (!g_ascii_strncasecmp(nm, b[i], strlen(b[i]))) {
                char *v = attr(n, nm);
                if (v && !fa_str_blank(v))
                    return v;
                free(v);
                return fa_strdup(b[i]);
            }
    }
    return NULL;
}

static bool bound(const xmlNode *n)
{
    char *b = binding(n);
    free(b);
    return b != NULL;
}

/* A CONTROL node of KIND for element N, in the open paragraph, with its name, tooltip
 * and label; hidden when the page hides it. NULL when out of nodes. */
static fa_control *make_control(hctx *x, xmlNode *n, fa_control_kind kind)
{
    fa_node *p = open_para(x);
    fa_node *cn = p ? fa_doc_add_control(x->doc, p, kind) : NULL;
    if (!cn)
        return NULL;
    if (x->hidden)
        cn->flags |= FA_NF_HIDDEN | FA_NF_CONCEALED;
    fa_control *c = cn->ctl;
    fa_doc *d = x->doc;
    char *s = attr(n, "name");
    if (!s)
        s = binding(n);
    if (!s)
        s = attr(n, "id");
    c->name = fa_doc_strdup(d, s);
    if (s && (kind == FA_CTL_RADIO || kind == FA_CTL_CHECKBOX) && *s)
        c->group = group_of(x, s);
    free(s);
    static const char *const TIPS[] = {"title", "aria-label", "placeholder", NULL};
    s = first_attr(n, TIPS);
    c->tooltip = fa_doc_strdup(d, s);
    free(s);
    s = find_label(x, n);
    if (!s)
        s = attr(n, "label"); /* Vuetify, Element, PrimeNG components */
    if (s && fa_str_blank(s)) {
        free(s);
        s = NULL;
    }
    if (!s)
        s = form_field_label(x);
    if (!s && kind == FA_CTL_BUTTON)
        s = is(n, "button") ? text_of(n) : attr(n, "value");
    c->label = s && !fa_str_blank(s) ? fa_doc_strdup(d, s) : NULL;
    free(s);
    return c;
}

static void add_control(hctx *x, xmlNode *n)
{
    fa_control_kind kind = FA_CTL_TEXT;
    char *type = attr(n, "type");
    if (is(n, "select"))
        kind = FA_CTL_CHOICE;
    else if (is(n, "textarea"))
        kind = FA_CTL_MULTILINE;
    else if (is(n, "button"))
        kind = FA_CTL_BUTTON;
    else if (type) {
        static const struct {
            const char *t;
            fa_control_kind k;
        } map[] = {
            {"checkbox", FA_CTL_CHECKBOX},   {"radio", FA_CTL_RADIO},   {"date", FA_CTL_DATE},
            {"datetime-local", FA_CTL_DATE}, {"datetime", FA_CTL_DATE}, {"month", FA_CTL_DATE},
            {"week", FA_CTL_DATE},           {"time", FA_CTL_DATE},     {"file", FA_CTL_OTHER},
            {"range", FA_CTL_OTHER},         {"color", FA_CTL_OTHER},   {"submit", FA_CTL_BUTTON},
            {"button", FA_CTL_BUTTON},       {"reset", FA_CTL_BUTTON},  {"image", FA_CTL_BUTTON}};
        for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
            if (!g_ascii_strcasecmp(type, map[i].t))
                kind = map[i].k;
    }
    bool hidden_input = type && !g_ascii_strcasecmp(type, "hidden");
    free(type);
    if (hidden_input) {
        char *name = attr(n, "name");
        bool skip = plumbing(name);
        free(name);
        if (skip)
            return;
    }
    fa_control *c = make_control(x, n, kind);
    if (!c)
        return;
    fa_doc *d = x->doc;
    if (kind == FA_CTL_CHECKBOX || kind == FA_CTL_RADIO) {
        c->checked = has_attr(n, "checked") ? 1 : 0;
    } else if (kind == FA_CTL_CHOICE) {
        /* options, also inside optgroup; the selected one gives the value */
        for (xmlNode *o = n->children; o; o = o->next) {
            if (is(o, "optgroup")) {
                for (xmlNode *q = o->children; q; q = q->next)
                    add_option(d, c, q);
            } else {
                add_option(d, c, o);
            }
        }
    } else if (kind == FA_CTL_MULTILINE) {
        char *t = text_of(n);
        if (t && !fa_str_blank(t))
            c->value = fa_doc_strdup(d, t);
        free(t);
    } else if (kind != FA_CTL_BUTTON) {
        char *s = attr(n, "value");
        if (s && !fa_str_blank(s))
            c->value = fa_doc_strdup(d, s);
        free(s);
    }
}

/* ---- framework components (Angular Material, Vuetify, Element, PrimeNG, Ionic...) */

static void walk_children(hctx *x, xmlNode *n, int depth);

typedef enum comp { C_NONE = 0, C_INPUT, C_GROUP, C_BOX } comp;

/* What a custom element is, from its tag name: a group of options (a select, a radio
 * group: the options are its children), a box (a checkbox, a switch: its text is its
 * label), an input, or nothing (a wrapper, a label, an option, a popup). */
static comp component_kind(const char *tag, bool is_bound, fa_control_kind *kind)
{
    static const char *const parts[] = {"-option",
                                        "-item",
                                        "-label",
                                        "-hint",
                                        "-error",
                                        "-panel",
                                        "-trigger",
                                        "-content",
                                        "-header",
                                        "-icon",
                                        "-prefix",
                                        "-suffix",
                                        "-form-field",
                                        "-form-group",
                                        "datepicker-toggle",
                                        "mat-datepicker",
                                        "date-range-picker",
                                        NULL};
    static const char *const libs[] = {"mat-",      "p-",  "v-",     "el-", "b-form-", "ion-", "q-",
                                       "ng-select", "nz-", "kendo-", "md-", "vaadin-", NULL};
    gchar *t = g_ascii_strdown(tag, -1);
    comp c = C_NONE;
    for (size_t i = 0; parts[i]; i++)
        if (strstr(t, parts[i]) && !(is_bound && strstr(t, "datepicker"))) {
            g_free(t);
            return C_NONE;
        }
    if (strstr(t, "radio-group") || strstr(t, "toggle-group") || strstr(t, "select") ||
        strstr(t, "dropdown") || strstr(t, "combo") || strstr(t, "autocomplete") ||
        strstr(t, "listbox")) {
        c = C_GROUP;
        *kind = strstr(t, "radio") ? FA_CTL_RADIO : FA_CTL_CHOICE;
    } else if (strstr(t, "checkbox") || strstr(t, "switch") || strstr(t, "toggle")) {
        c = C_BOX;
        *kind = FA_CTL_CHECKBOX;
    } else if (strstr(t, "radio")) {
        c = C_BOX;
        *kind = FA_CTL_RADIO;
    } else if (strstr(t, "date") || strstr(t, "calendar") || strstr(t, "time")) {
        c = C_INPUT;
        *kind = FA_CTL_DATE;
    } else if (strstr(t, "textarea")) {
        c = C_INPUT;
        *kind = FA_CTL_MULTILINE;
    } else if (strstr(t, "input") || strstr(t, "text-field") || strstr(t, "textfield") ||
               strstr(t, "number") || strstr(t, "mask") || strstr(t, "password")) {
        c = C_INPUT;
        *kind = FA_CTL_TEXT;
    } else if (strstr(t, "slider") || strstr(t, "rating") || strstr(t, "upload") ||
               strstr(t, "file")) {
        c = C_INPUT;
        *kind = FA_CTL_OTHER;
    } else if (is_bound) {
        c = C_INPUT;
        *kind = FA_CTL_TEXT;
    }
    bool lib = false;
    for (size_t i = 0; libs[i] && !lib; i++)
        lib = !strncmp(t, libs[i], strlen(libs[i]));
    g_free(t);
    return c != C_NONE && (is_bound || lib) ? c : C_NONE;
}

/* Options of a group component: its descendants that are options or buttons
 * (mat-option, mat-radio-button, ng-option, el-option...), their text or value. */
static void component_options(hctx *x, xmlNode *g, fa_control *c)
{
    xmlNode *n = g->children;
    while (n && n != g) {
        bool descend = n->type == XML_ELEMENT_NODE && !is_any(n, SKIP);
        if (n->type == XML_ELEMENT_NODE && n->name && strchr((const char *)n->name, '-') &&
            (strstr((const char *)n->name, "option") || strstr((const char *)n->name, "radio") ||
             strstr((const char *)n->name, "toggle") || strstr((const char *)n->name, "item"))) {
            char *t = text_of(n);
            if (!t || !*t || strstr(t, "{{")) {
                free(t);
                t = attr(n, "label");
            }
            if (t && *t && !strstr(t, "{{"))
                fa_control_add_option(x->doc, c, t, strlen(t));
            free(t);
            descend = false;
        }
        n = next_node(n, g, descend);
    }
}

/* A custom element that is a form control. True when N was read as one. */
static bool walk_component(hctx *x, xmlNode *n, int depth)
{
    const char *tag = (const char *)n->name;
    size_t tl = strlen(tag);
    /* form fields and controls are blocks of their own, as the libraries lay them out */
    if (tl > 11 && !g_ascii_strcasecmp(tag + tl - 11, "-form-field")) {
        xmlNode *saved = x->form_field;
        x->form_field = n;
        close_para(x);
        walk_children(x, n, depth);
        close_para(x);
        x->form_field = saved;
        return true;
    }
    fa_control_kind kind = FA_CTL_TEXT;
    comp k = component_kind(tag, bound(n), &kind);
    if (k == C_NONE)
        return false;
    if (!x->form_field)
        close_para(x);
    fa_control *c = make_control(x, n, kind);
    if (c && k == C_GROUP) {
        component_options(x, n, c);
    } else if (c && k == C_BOX) {
        c->checked = has_attr(n, "checked") ? 1 : 0;
        walk_children(x, n, depth); /* the box's text reads after it, as its label */
    }
    if (!x->form_field)
        close_para(x);
    return true;
}

/* ---- the walk */

static const char *const BLOCKS[] = {
    "p",     "div",  "section",  "article",    "header",     "footer",  "main",   "nav",
    "aside", "form", "fieldset", "legend",     "blockquote", "address", "center", "dl",
    "dt",    "dd",   "figure",   "figcaption", "details",    "summary", "ul",     "ol",
    "menu",  "hr",   "body",     "html",       "caption",    NULL};

static void walk(hctx *x, xmlNode *n, int depth);

static void walk_children(hctx *x, xmlNode *n, int depth)
{
    for (xmlNode *c = n->children; c; c = c->next)
        walk(x, c, depth + 1);
}

/* Past the depth limit: the subtree's text joins the open paragraph, flat. */
static void walk_flat(hctx *x, xmlNode *n)
{
    if (!x->deep_warned) {
        x->deep_warned = true;
        fa_doc_warn(x->doc,
                    "HTML nested deeper than %d elements: deeper content read as plain text "
                    "(limit FA_MAX_XML_DEPTH)",
                    FA_MAX_XML_DEPTH);
    }
    fa_buf b = {0};
    if (n->type == XML_TEXT_NODE)
        fa_buf_puts(&b, n->content ? (const char *)n->content : "");
    else
        gather_text(n, &b, FA_MAX_PARAGRAPH);
    add_text(x, b.data);
    fa_buf_free(&b);
}

static int span_attr(const xmlNode *n, const char *name)
{
    char *s = attr(n, name);
    int v = s ? atoi(s) : 1;
    free(s);
    return v < 1 ? 1 : v > 1000 ? 1000 : v;
}

static void walk_table(hctx *x, xmlNode *t, int depth);

/* A cell: its own container, paragraphs inside. */
static void walk_cell(hctx *x, fa_node *row, xmlNode *td, int depth)
{
    fa_node *cell = fa_node_new(x->doc, FA_N_CELL);
    if (!cell)
        return;
    cell->colspan = span_attr(td, "colspan");
    cell->rowspan = span_attr(td, "rowspan");
    fa_node_append(row, cell);
    fa_node *saved_c = x->container;
    fa_node_type saved_t = x->pending;
    x->container = cell;
    x->para = NULL;
    x->pending = FA_N_PARAGRAPH;
    walk_children(x, td, depth);
    close_para(x);
    x->container = saved_c;
    x->pending = saved_t;
}

static void walk_row(hctx *x, fa_node *table, xmlNode *tr, bool head, int depth)
{
    fa_node *row = fa_node_new(x->doc, FA_N_ROW);
    if (!row)
        return;
    fa_node_append(table, row);
    bool all_th = true, any = false;
    for (xmlNode *c = tr->children; c; c = c->next) {
        if (is(c, "td") || is(c, "th")) {
            if (invisible(c))
                continue;
            any = true;
            if (!is(c, "th"))
                all_th = false;
            walk_cell(x, row, c, depth + 1);
        }
    }
    if (head || (any && all_th))
        row->flags |= FA_NF_HEADER_ROW;
}

static void walk_rows(hctx *x, fa_node *table, xmlNode *parent, bool head, int depth)
{
    for (xmlNode *c = parent->children; c; c = c->next) {
        if (invisible(c))
            continue;
        if (is(c, "tr"))
            walk_row(x, table, c, head, depth + 1);
        else if (is(c, "thead"))
            walk_rows(x, table, c, true, depth + 1);
        else if (is(c, "tbody") || is(c, "tfoot"))
            walk_rows(x, table, c, head, depth + 1);
        else if (is(c, "td") || is(c, "th")) {
            /* a cell without a row: give it one */
            fa_node *row = table->last && table->last->type == FA_N_ROW ? table->last : NULL;
            if (!row && (row = fa_node_new(x->doc, FA_N_ROW)) != NULL)
                fa_node_append(table, row);
            if (row)
                walk_cell(x, row, c, depth + 1);
        } else if (c->type == XML_ELEMENT_NODE && !is_any(c, SKIP) && !is(c, "table") &&
                   depth < FA_MAX_XML_DEPTH) {
            /* a <form> or <div> wrapped around rows in old pages: see through it */
            walk_rows(x, table, c, head, depth + 1);
        }
    }
}

static void walk_table(hctx *x, xmlNode *t, int depth)
{
    close_para(x);
    for (xmlNode *c = t->children; c; c = c->next)
        if (is(c, "caption") && !invisible(c)) {
            walk_children(x, c, depth);
            close_para(x);
        }
    fa_node *table = fa_node_new(x->doc, FA_N_TABLE);
    if (!table)
        return;
    fa_node_append(x->container, table);
    walk_rows(x, table, t, false, depth);
    if (!table->first)
        fa_node_unlink(table);
}

/* An element with nothing inside but white space. */
static bool empty_block(const xmlNode *n)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE)
            return false;
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content &&
            !fa_str_blank((const char *)c->content))
            return false;
    }
    return true;
}

static void walk_element(hctx *x, xmlNode *n, int depth);

/* An element the page hides: read, marked hidden. A hidden input joins the paragraph
 * it sits in; other hidden content gets paragraphs of its own, so that no hidden word
 * mixes with the visible text around it. */
static void walk_hidden(hctx *x, xmlNode *n, int depth)
{
    x->hidden++;
    if (is(n, "input") || is(n, "select") || is(n, "textarea")) {
        add_control(x, n);
    } else {
        close_para(x);
        walk_element(x, n, depth);
        close_para(x);
    }
    x->hidden--;
}

static void walk(hctx *x, xmlNode *n, int depth)
{
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        add_text(x, (const char *)n->content);
        return;
    }
    if (n->type != XML_ELEMENT_NODE || !n->name)
        return; /* comments, processing instructions */
    if (depth > FA_MAX_XML_DEPTH) {
        walk_flat(x, n);
        return;
    }
    if (is_any(n, SKIP))
        return;
    if (invisible(n))
        walk_hidden(x, n, depth);
    else
        walk_element(x, n, depth);
}

/* An element shown (or read as hidden by walk_hidden): its kind decides. */
static void walk_element(hctx *x, xmlNode *n, int depth)
{
    if (is(n, "input") || is(n, "select") || is(n, "textarea") || is(n, "button")) {
        add_control(x, n);
        return;
    }
    if (strchr((const char *)n->name, '-') && walk_component(x, n, depth))
        return;
    if (is(n, "br")) {
        close_para(x);
        return;
    }
    if (is(n, "table")) {
        walk_table(x, n, depth);
        return;
    }
    if (is(n, "label")) {
        xmlNode *saved = x->label;
        x->label = n;
        walk_children(x, n, depth);
        x->label = saved;
        return;
    }
    if (is(n, "pre")) {
        close_para(x);
        x->pre++;
        walk_children(x, n, depth);
        x->pre--;
        close_para(x);
        return;
    }
    if (is(n, "small")) {
        x->small++;
        walk_children(x, n, depth);
        x->small--;
        return;
    }
    if (n->name[0] && (n->name[0] == 'h' || n->name[0] == 'H') && n->name[1] >= '1' &&
        n->name[1] <= '6' && !n->name[2]) {
        close_para(x);
        x->pending = FA_N_HEADING;
        x->pending_level = n->name[1] - '0';
        walk_children(x, n, depth);
        close_para(x);
        x->pending = FA_N_PARAGRAPH;
        return;
    }
    if (is(n, "li")) {
        close_para(x);
        x->pending = FA_N_LIST_ITEM;
        x->pending_level = x->list_depth < 1 ? 1 : x->list_depth;
        walk_children(x, n, depth);
        close_para(x);
        x->pending = FA_N_PARAGRAPH;
        return;
    }
    if (is(n, "ul") || is(n, "ol") || is(n, "menu")) {
        close_para(x);
        x->list_depth++;
        walk_children(x, n, depth);
        x->list_depth--;
        close_para(x);
        return;
    }
    if (is_any(n, BLOCKS)) {
        close_para(x);
        if ((is(n, "div") || is(n, "p")) && empty_block(n)) {
            /* an empty box: vertical room left on the page, read as a blank line
             * (after "Motif de la demande :", the space to write the answer) */
            fa_node *e = fa_node_new(x->doc, FA_N_PARAGRAPH);
            if (e)
                fa_node_append(x->container, e);
            return;
        }
        walk_children(x, n, depth);
        close_para(x);
        return;
    }
    walk_children(x, n, depth); /* inline: span, a, b, strong, em, font... */
}

/* Controls the page hides still send what they hold: a reader of the report should
 * know the form collects more than it shows. */
static void warn_hidden_controls(fa_doc *doc)
{
    fa_iter it;
    const fa_node *n;
    fa_event ev;
    size_t k = 0;
    fa_iter_init(&it, doc->root);
    while ((ev = fa_iter_next(&it, &n)) != FA_EV_DONE)
        k += ev == FA_EV_ENTER && n->type == FA_N_CONTROL && (n->flags & FA_NF_CONCEALED) &&
             n->ctl && n->ctl->kind != FA_CTL_BUTTON;
    if (k)
        fa_doc_warn(
            doc,
            "%zu form control%s hidden from view (hidden input, hidden attribute, display:none) "
            "but still sent with the form",
            k, k > 1 ? "s are" : " is");
}

/* Title and author from <head>. */
static void read_meta(fa_doc *doc, xmlNode *root)
{
    xmlNode *n = root;
    int steps = 0;
    while (n && steps++ < 100000) {
        if (n->type == XML_ELEMENT_NODE) {
            if (is(n, "title") && !doc->meta.title) {
                char *t = text_of(n);
                if (t && *t)
                    doc->meta.title = fa_doc_strdup(doc, t);
                free(t);
            } else if (is(n, "meta")) {
                char *name = attr(n, "name"), *content = attr(n, "content");
                if (name && content) {
                    if (!g_ascii_strcasecmp(name, "author") && !doc->meta.author)
                        doc->meta.author = fa_doc_strdup(doc, content);
                    else if (!g_ascii_strcasecmp(name, "generator") && !doc->meta.creator)
                        doc->meta.creator = fa_doc_strdup(doc, content);
                    else if (!g_ascii_strcasecmp(name, "description") && !doc->meta.subject)
                        doc->meta.subject = fa_doc_strdup(doc, content);
                }
                free(name);
                free(content);
            }
        }
        n = next_node(n, root, n->type == XML_ELEMENT_NODE && !is(n, "body"));
    }
}

/* True when the head of the file declares a charset (then libxml2 honours it). A
 * UTF-16 declaration does not count: the bytes reaching us are then already UTF-8
 * (read.c converts UTF-16 files). */
static bool declares_charset(const char *s, size_t n)
{
    size_t h = n < 4096 ? n : 4096;
    for (size_t i = 0; i + 7 <= h; i++)
        if (!g_ascii_strncasecmp(s + i, "charset", 7)) {
            size_t j = i + 7;
            while (j < h && strchr(" \t=\"'", s[j]))
                j++;
            return !(j + 6 <= h && !g_ascii_strncasecmp(s + j, "utf-16", 6));
        }
    return false;
}

fa_status fa_read_html(fa_doc *doc, const void *data, size_t size, fa_error *err)
{
    if (size > INT32_MAX)
        return fa_error_set(err, FA_ERR_LIMIT, "HTML larger than 2 GiB");
    const char *s = data;
    fa_markup_guard guard; /* names and attribute counts libxml2 parses in quadratic time */
    fa_markup_guard_init(&guard, "HTML", true);
    fa_status gst = fa_markup_guard_scan(&guard, s, size, err);
    if (gst)
        return gst;
    /* No declared charset: UTF-8 when the bytes are UTF-8 (the web's default), else let
     * libxml2 fall back to its Latin-1 guess. */
    const char *enc = NULL;
    if (!declares_charset(s, size) && g_utf8_validate(s, (gssize)size, NULL))
        enc = "UTF-8";
    /* XML_PARSE_HUGE lifts libxml2's own depth cap (256), which would silently drop
     * the rest of the page; our walk bounds the depth itself (walk_flat). */
    htmlDocPtr h = htmlReadMemory(s, (int)size, NULL, enc,
                                  HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                      HTML_PARSE_RECOVER | XML_PARSE_HUGE);
    if (!h)
        return fa_error_set(err, FA_ERR_CORRUPT, "HTML: the parser could not build a document");
    xmlNode *root = xmlDocGetRootElement(h);
    hctx x = {.doc = doc, .container = doc->root, .pending = FA_N_PARAGRAPH};
    x.ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    x.label_for = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    x.groups = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    if (root) {
        read_meta(doc, root);
        index_tree(&x, root);
        walk(&x, root, 0);
        close_para(&x);
        warn_hidden_controls(doc);
    }
    g_hash_table_destroy(x.ids);
    g_hash_table_destroy(x.label_for);
    g_hash_table_destroy(x.groups);
    xmlFreeDoc(h);
    fa_doc_finish(doc);
    return FA_OK;
}
