/* read_pdf_xfa.c — the fields of an XFA form, read from its template.
 *
 * An XFA form (Adobe LiveCycle, many cerfa) keeps its fields in an XML "template"
 * packet under /AcroForm /XFA, often with a single AcroForm widget and, for dynamic
 * forms, pages that only say "please wait". poppler-glib does not expose it, so the
 * catalog is opened a second time with libqpdf (C API, object handles) to reach the
 * packet, and libxml2 reads it (no network, no entity expansion, depth bounded). Each
 * <field> gives its caption, tooltip, kind and choice items; an <exclGroup> of buttons
 * is one choice. Fields a person cannot fill (protected, read-only, hidden, buttons)
 * are counted apart. */
#include "fa_limits.h"
#include "read_pdf_int.h"

#include <libxml/parser.h>
#include <stdint.h>
#include <libxml/tree.h>
#include <qpdf/qpdf-c.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- the packet */

/* The template packet of the XFA of DATA (malloc'd into *OUT, *LEN bytes), or the
 * whole XFA stream when it is not split in packets. FA_OK with *OUT NULL when the
 * document has no XFA; FA_ERR_CORRUPT when it has one that cannot be read. */
static fa_status template_packet(const void *data, size_t size, unsigned char **out, size_t *len,
                                 bool *has_xfa)
{
    *out = NULL;
    *len = 0;
    *has_xfa = false;
    qpdf_data q = qpdf_init();
    if (!q)
        return FA_ERR_NOMEM;
    qpdf_silence_errors(q);
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    fa_status st = FA_OK;
    if (qpdf_read_memory(q, "pdf", data, size, "") & QPDF_ERRORS) {
        st = FA_ERR_CORRUPT;
        goto out;
    }
    qpdf_oh root = qpdf_get_root(q);
    qpdf_oh af = qpdf_oh_get_key_if_dict(q, root, "/AcroForm");
    qpdf_oh xfa = qpdf_oh_get_key_if_dict(q, af, "/XFA");
    qpdf_oh stream = 0;
    if (qpdf_oh_is_stream(q, xfa)) {
        stream = xfa;
    } else if (qpdf_oh_is_array(q, xfa)) {
        int n = qpdf_oh_get_array_n_items(q, xfa);
        for (int i = 0; i + 1 < n && !stream; i += 2) {
            qpdf_oh k = qpdf_oh_get_array_item(q, xfa, i);
            const char *name = qpdf_oh_is_string(q, k) ? qpdf_oh_get_utf8_value(q, k) : NULL;
            qpdf_oh v = qpdf_oh_get_array_item(q, xfa, i + 1);
            if (name && !strcmp(name, "template") && qpdf_oh_is_stream(q, v))
                stream = v;
        }
    } else {
        goto out; /* no XFA */
    }
    *has_xfa = true;
    if (!stream) {
        st = FA_ERR_CORRUPT;
        goto out;
    }
    QPDF_BOOL filtered = QPDF_FALSE;
    unsigned char *buf = NULL;
    size_t n = 0;
    if (qpdf_oh_get_stream_data(q, stream, qpdf_dl_generalized, &filtered, &buf, &n) || !filtered) {
        free(buf);
        st = FA_ERR_CORRUPT;
        goto out;
    }
    if (n > FA_MAX_ZIP_ENTRY) {
        free(buf);
        st = FA_ERR_LIMIT;
        goto out;
    }
    *out = buf;
    *len = n;
out:
    if (qpdf_has_error(q) && st == FA_OK && !*out && *has_xfa)
        st = FA_ERR_CORRUPT;
    qpdf_cleanup(&q);
    return st;
}

/* ---------------------------------------------------------------- the template */

static bool named(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static const xmlNode *child(const xmlNode *n, const char *name)
{
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (named(c, name))
            return c;
    return NULL;
}

/* The text of N and its descendants (an <exData> caption holds XHTML), squeezed,
 * malloc'd; NULL when none. */
static char *text_of(const xmlNode *n)
{
    if (!n)
        return NULL;
    xmlChar *c = xmlNodeGetContent((xmlNodePtr)(uintptr_t)n);
    if (!c)
        return NULL;
    char *s = strdup((const char *)c);
    xmlFree(c);
    if (!s)
        return NULL;
    g_strstrip(g_strdelimit(s, "\t\r\n", ' '));
    if (!*s) {
        free(s);
        return NULL;
    }
    return s;
}

static char *attr(const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp((xmlNodePtr)(uintptr_t)n, (const xmlChar *)name);
    char *r = v ? strdup((const char *)v) : NULL;
    xmlFree(v);
    return r;
}

/* A person cannot fill it: protected, read-only, hidden or invisible. */
static bool closed(const xmlNode *n)
{
    char *access = attr(n, "access"), *presence = attr(n, "presence");
    bool r = (access && (!strcmp(access, "protected") || !strcmp(access, "readOnly") ||
                         !strcmp(access, "nonInteractive"))) ||
             (presence && (!strcmp(presence, "hidden") || !strcmp(presence, "invisible")));
    free(access);
    free(presence);
    return r;
}

static fa_status push_field(pxfa *x, const pxfa_field *f)
{
    if (x->n == x->alloc) {
        size_t na = x->alloc ? x->alloc * 2 : 32;
        pxfa_field *p = realloc(x->v, na * sizeof *p);
        if (!p)
            return FA_ERR_NOMEM;
        x->v = p;
        x->alloc = na;
    }
    x->v[x->n++] = *f;
    return FA_OK;
}

static void field_free(pxfa_field *f)
{
    free(f->name);
    free(f->caption);
    free(f->tooltip);
    for (size_t i = 0; i < f->n_items; i++)
        free(f->items[i]);
    free(f->items);
    memset(f, 0, sizeof *f);
}

static fa_status add_item(pxfa_field *f, char *s)
{
    if (!s)
        return FA_OK;
    if (f->n_items >= FA_MAX_OPTIONS) {
        free(s);
        return FA_OK;
    }
    char **p = realloc(f->items, (f->n_items + 1) * sizeof *p);
    if (!p) {
        free(s);
        return FA_ERR_NOMEM;
    }
    f->items = p;
    f->items[f->n_items++] = s;
    return FA_OK;
}

/* The kind of a <field> from its <ui> child; BUTTON for what collects nothing. */
static fa_control_kind ui_kind(const xmlNode *field)
{
    const xmlNode *ui = child(field, "ui");
    for (const xmlNode *c = ui ? ui->children : NULL; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        const char *n = (const char *)c->name;
        if (!strcmp(n, "textEdit")) {
            char *ml = attr(c, "multiLine");
            bool multi = ml && !strcmp(ml, "1");
            free(ml);
            return multi ? FA_CTL_MULTILINE : FA_CTL_TEXT;
        }
        if (!strcmp(n, "checkButton")) {
            char *shape = attr(c, "shape");
            bool round = shape && !strcmp(shape, "round");
            free(shape);
            return round ? FA_CTL_RADIO : FA_CTL_CHECKBOX;
        }
        if (!strcmp(n, "choiceList"))
            return FA_CTL_CHOICE;
        if (!strcmp(n, "dateTimeEdit"))
            return FA_CTL_DATE;
        if (!strcmp(n, "signature"))
            return FA_CTL_SIGNATURE;
        if (!strcmp(n, "numericEdit") || !strcmp(n, "passwordEdit"))
            return FA_CTL_TEXT;
        if (!strcmp(n, "imageEdit"))
            return FA_CTL_OTHER;
        if (!strcmp(n, "button") || !strcmp(n, "barcode"))
            return FA_CTL_BUTTON;
    }
    return FA_CTL_TEXT; /* a field without <ui> is a text field */
}

/* Caption, tooltip, items of a <field> or <exclGroup> into F. */
static fa_status describe(const xmlNode *n, pxfa_field *f)
{
    f->name = attr(n, "name");
    const xmlNode *cap = child(n, "caption");
    f->caption = text_of(child(cap, "value"));
    const xmlNode *assist = child(n, "assist");
    f->tooltip = text_of(child(assist, "toolTip"));
    if (!f->tooltip)
        f->tooltip = text_of(child(assist, "speak"));
    fa_status st = FA_OK;
    /* choice items: the first <items> lists what a person reads */
    const xmlNode *items = child(n, "items");
    for (const xmlNode *c = items ? items->children : NULL; c && !st; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            st = add_item(f, text_of(c));
    return st;
}

static fa_status walk(const xmlNode *n, int depth, pxfa *x);

/* An <exclGroup>: its buttons are the options of one choice. */
static fa_status excl_group(const xmlNode *n, int depth, pxfa *x)
{
    pxfa_field f = {.kind = FA_CTL_RADIO};
    fa_status st = describe(n, &f);
    for (const xmlNode *c = n->children; c && !st; c = c->next) {
        if (!named(c, "field"))
            continue;
        const xmlNode *cap = child(c, "caption");
        char *t = text_of(child(cap, "value"));
        if (!t)
            t = attr(c, "name");
        st = add_item(&f, t);
    }
    if (!st && (closed(n) || !f.n_items)) {
        x->closed++;
        field_free(&f);
        return walk(n, depth + 1, x) == FA_ERR_NOMEM ? FA_ERR_NOMEM : FA_OK;
    }
    if (!st)
        st = push_field(x, &f);
    if (st)
        field_free(&f);
    return st;
}

/* Fields in document order, subforms followed down to FA_MAX_XML_DEPTH. */
static fa_status walk(const xmlNode *n, int depth, pxfa *x)
{
    if (depth > FA_MAX_XML_DEPTH)
        return FA_ERR_LIMIT;
    fa_status st = FA_OK;
    for (const xmlNode *c = n->children; c && !st; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (named(c, "field")) {
            fa_control_kind k = ui_kind(c);
            if (k == FA_CTL_BUTTON || closed(c)) {
                x->closed++;
                continue;
            }
            pxfa_field f = {.kind = k};
            st = describe(c, &f);
            if (!st)
                st = push_field(x, &f);
            if (st)
                field_free(&f);
        } else if (named(c, "exclGroup")) {
            st = excl_group(c, depth, x);
        } else if (!named(c, "draw") && !named(c, "proto")) {
            st = walk(c, depth + 1, x); /* subform, area, subformSet, pageSet... */
        }
    }
    return st;
}

fa_status fa_pdf_xfa_read(const void *data, size_t size, pxfa *out)
{
    memset(out, 0, sizeof *out);
    unsigned char *buf = NULL;
    size_t len = 0;
    fa_status st = template_packet(data, size, &buf, &len, &out->present);
    if (st || !buf)
        return st;
    /* no network, no entities substituted, no DTD loaded; errors kept quiet */
    xmlDocPtr xd =
        xmlReadMemory((const char *)buf, (int)(len > INT32_MAX ? INT32_MAX : len), "xfa.xml", NULL,
                      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    free(buf);
    if (!xd)
        return FA_ERR_CORRUPT;
    if (xd->intSubset) {
        /* a template has no DTD; one with entities could expand without bound when
         * its text is read */
        xmlFreeDoc(xd);
        return FA_ERR_CORRUPT;
    }
    const xmlNode *root = xmlDocGetRootElement(xd);
    /* the whole XFA stream: its <template> packet; a packet alone: itself */
    const xmlNode *tpl = named(root, "template") ? root : child(root, "template");
    st = tpl ? walk(tpl, 0, out) : FA_ERR_CORRUPT;
    xmlFreeDoc(xd);
    if (st == FA_ERR_LIMIT)
        st = FA_OK; /* deeper than any form: keep the fields read */
    return st;
}

void fa_pdf_xfa_free(pxfa *x)
{
    if (!x)
        return;
    for (size_t i = 0; i < x->n; i++)
        field_free(&x->v[i]);
    free(x->v);
    memset(x, 0, sizeof *x);
}
