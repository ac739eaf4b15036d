/* xmlread.c — safe streaming XML for the package readers (see xmlread.h). */
#include "xmlread.h"
#include "limits.h"

#include <libxml/xmlreader.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fa_xml {
    xmlTextReaderPtr r;
    const char *part;
    fa_xml_kind kind;
    bool skip_next;
    bool failed;        /* an error was reported by libxml2 */
    bool depth_error;   /* ... and it was libxml2's own nesting limit */
    int err_line;
    char err_msg[256];
};

/* Keep the first error only: later ones are usually consequences of it. */
static void on_error(void *arg, xmlErrorPtr e)
{
    fa_xml *x = arg;
    if (!e || e->level < XML_ERR_ERROR || x->failed)
        return;
    x->failed = true;
    x->err_line = e->line;
    snprintf(x->err_msg, sizeof x->err_msg, "%s", e->message ? e->message : "XML error");
    size_t n = strlen(x->err_msg);
    while (n && (x->err_msg[n - 1] == '\n' || x->err_msg[n - 1] == ' '))
        x->err_msg[--n] = '\0';
    if (strstr(x->err_msg, "Excessive depth") || strstr(x->err_msg, "depth"))
        x->depth_error = true;
}

/* True when the part contains "<!DOCTYPE" or "<!ENTITY" anywhere. */
static bool has_dtd(const char *data, size_t len)
{
    for (const char *p = data, *end = data + len; (p = memchr(p, '<', (size_t)(end - p))); p++) {
        size_t left = (size_t)(end - p);
        if ((left >= 9 && !memcmp(p, "<!DOCTYPE", 9)) || (left >= 8 && !memcmp(p, "<!ENTITY", 8)))
            return true;
    }
    return false;
}

fa_status fa_xml_open(const char *part, const char *data, size_t len, fa_xml **out,
                      fa_error *err)
{
    *out = NULL;
    if (len > (size_t)INT32_MAX)
        return fa_error_set(err, FA_ERR_LIMIT, "%s: part too large", part);
    fa_xml *x = calloc(1, sizeof *x);
    if (!x)
        return fa_error_set(err, FA_ERR_NOMEM, "%s: out of memory", part);
    x->part = part;
    /* OOXML and ODF parts never carry a DTD. Refusing any "<!DOCTYPE" before parsing
     * means no entity is ever declared, so XML_PARSE_HUGE (needed for text nodes over
     * 10 MB, e.g. one 40 MB paragraph) cannot open the door to entity amplification,
     * which is the only protection HUGE turns off that we rely on; depth is bounded by
     * FA_MAX_XML_DEPTH ourselves and size by FA_MAX_ZIP_ENTRY. */
    if (has_dtd(data, len)) {
        free(x);
        return fa_error_set(err, FA_ERR_CORRUPT,
                            "%s: DOCTYPE or entity declarations are not allowed in this part", part);
    }
    /* No XML_PARSE_NOENT (entities stay references), no DTDLOAD/DTDATTR/DTDVALID. */
    int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA |
               XML_PARSE_HUGE;
    x->r = xmlReaderForMemory(data, (int)len, NULL, NULL, opts);
    if (!x->r) {
        free(x);
        return fa_error_set(err, FA_ERR_NOMEM, "%s: cannot create XML reader", part);
    }
    xmlTextReaderSetStructuredErrorHandler(x->r, on_error, x);
    *out = x;
    return FA_OK;
}

void fa_xml_close(fa_xml *x)
{
    if (!x)
        return;
    xmlFreeTextReader(x->r);
    free(x);
}

static fa_status fail(fa_xml *x, fa_error *err)
{
    if (x->depth_error)
        return fa_error_set(err, FA_ERR_LIMIT,
                            "%s: line %d: elements nested deeper than %d (limit FA_MAX_XML_DEPTH)",
                            x->part, x->err_line, FA_MAX_XML_DEPTH);
    if (x->failed)
        return fa_error_set(err, FA_ERR_CORRUPT, "%s: line %d: %s", x->part, x->err_line,
                            x->err_msg);
    return fa_error_set(err, FA_ERR_CORRUPT, "%s: line %d: malformed XML", x->part,
                        xmlTextReaderGetParserLineNumber(x->r));
}

fa_status fa_xml_next(fa_xml *x, bool *done, fa_error *err)
{
    *done = false;
    for (;;) {
        int rc;
        if (x->skip_next) {
            x->skip_next = false;
            rc = xmlTextReaderNext(x->r);
        } else {
            rc = xmlTextReaderRead(x->r);
        }
        if (rc < 0 || x->failed)
            return fail(x, err);
        if (rc == 0) {
            *done = true;
            x->kind = FA_X_OTHER;
            return FA_OK;
        }
        int t = xmlTextReaderNodeType(x->r);
        switch (t) {
        case XML_READER_TYPE_ELEMENT:
            if (xmlTextReaderDepth(x->r) >= FA_MAX_XML_DEPTH)
                return fa_error_set(err, FA_ERR_LIMIT,
                                    "%s: line %d: elements nested deeper than %d (limit FA_MAX_XML_DEPTH)",
                                    x->part, xmlTextReaderGetParserLineNumber(x->r),
                                    FA_MAX_XML_DEPTH);
            x->kind = FA_X_START;
            return FA_OK;
        case XML_READER_TYPE_END_ELEMENT:
            x->kind = FA_X_END;
            return FA_OK;
        case XML_READER_TYPE_TEXT:
        case XML_READER_TYPE_CDATA:
        case XML_READER_TYPE_WHITESPACE:
        case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
            x->kind = FA_X_TEXT;
            return FA_OK;
        case XML_READER_TYPE_DOCUMENT_TYPE:
        case XML_READER_TYPE_ENTITY_REFERENCE:
        case XML_READER_TYPE_ENTITY:
            /* OOXML and ODF never declare a DTD; one here is an attack or damage. */
            return fa_error_set(err, FA_ERR_CORRUPT,
                                "%s: line %d: DOCTYPE or entity declarations are not allowed in this part",
                                x->part, xmlTextReaderGetParserLineNumber(x->r));
        default:
            continue; /* comments, processing instructions, XML declaration */
        }
    }
}

void fa_xml_skip(fa_xml *x)
{
    if (x->kind == FA_X_START && !fa_xml_empty(x))
        x->skip_next = true;
}

fa_xml_kind fa_xml_kind_of(const fa_xml *x) { return x->kind; }

bool fa_xml_empty(const fa_xml *x)
{
    return x->kind == FA_X_START && xmlTextReaderIsEmptyElement(x->r) == 1;
}

int fa_xml_depth(const fa_xml *x) { return xmlTextReaderDepth(x->r); }

int fa_xml_line(const fa_xml *x) { return xmlTextReaderGetParserLineNumber(x->r); }

const char *fa_xml_local(const fa_xml *x)
{
    const xmlChar *s = xmlTextReaderConstLocalName(x->r);
    return s ? (const char *)s : "";
}

const char *fa_xml_ns(const fa_xml *x)
{
    const xmlChar *s = xmlTextReaderConstNamespaceUri(x->r);
    return s ? (const char *)s : "";
}

bool fa_xml_is(const fa_xml *x, const char *ns, const char *local)
{
    return !strcmp(fa_xml_local(x), local) && !strcmp(fa_xml_ns(x), ns);
}

const char *fa_xml_text(const fa_xml *x)
{
    const xmlChar *s = xmlTextReaderConstValue(x->r);
    return s ? (const char *)s : "";
}

char *fa_xml_attr(const fa_xml *x, const char *ns, const char *local)
{
    xmlChar *v = ns ? xmlTextReaderGetAttributeNs(x->r, (const xmlChar *)local, (const xmlChar *)ns)
                    : xmlTextReaderGetAttribute(x->r, (const xmlChar *)local);
    if (!v)
        return NULL;
    char *s = fa_strdup((const char *)v);
    xmlFree(v);
    return s;
}

bool fa_xml_attr_buf(const fa_xml *x, const char *ns, const char *local, char *buf, size_t n)
{
    xmlChar *v = ns ? xmlTextReaderGetAttributeNs(x->r, (const xmlChar *)local, (const xmlChar *)ns)
                    : xmlTextReaderGetAttribute(x->r, (const xmlChar *)local);
    if (n)
        buf[0] = '\0';
    if (!v)
        return false;
    if (n)
        snprintf(buf, n, "%s", (const char *)v);
    xmlFree(v);
    return true;
}
