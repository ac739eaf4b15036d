/* xmlread.c — safe streaming XML for the package readers (see xmlread.h).
 *
 * libxml2's xmlTextReader builds a node for every tag and frees it again; on a
 * 350-page form that tree work was most of the reading time. Here the SAX2 callbacks
 * hand each node to the reader's handler directly. What the reader's tree builder
 * added on top of the parser is done here: text pieces are joined into one node, empty
 * elements are told from the "/>" the parser stands on, attribute values get their
 * "&#38;" back to "&", and xml:id values are checked as it checked them.
 */
#include "xmlread.h"
#include "fa_limits.h"

#include <libxml/hash.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The chunk size of xmlTextReader: the same cuts give the same error messages. */
#define CHUNK 512

struct fa_xml {
    xmlParserCtxtPtr ctxt; /* created once the first 4 bytes are there */
    const char *part;
    fa_xml_handler h;
    void *arg;
    fa_error *err;
    fa_status st;     /* why the parse was stopped (handler or our own limit) */
    fa_status result; /* once failed: what every push returns */
    bool refused;     /* ... and no later piece can change it */
    bool stopped;
    /* input */
    size_t total;      /* bytes pushed */
    char stage[CHUNK]; /* bytes waiting for a whole chunk */
    size_t nstage;
    char tail[8]; /* last bytes pushed: a "<!DOCTYPE" may straddle two pieces */
    size_t ntail;
    /* current node */
    fa_xml_kind kind;
    bool empty;
    int depth;
    const xmlChar *local, *ns;
    const xmlChar **attrs; /* libxml2's 5 pointers an attribute: local, prefix, URI, value, end */
    int nattrs;
    /* nesting */
    int open;      /* elements open in the parser */
    int skip_at;   /* depth of the element whose content is skipped, -1 none */
    bool skip_req; /* the handler asked to skip the current start element */
    bool drop_end; /* the next end tag closes an empty element: not sent */
    /* text gathered since the last tag */
    char *text;
    size_t tlen, talloc;
    bool in_text;
    xmlHashTablePtr ids; /* xml:id values of this part */
    struct {             /* fa_xml_ns_index answers: the parser gives one pointer a URI */
        const xmlChar *ns;
        const char *const *uris;
        int index;
    } nsmemo[8];
    unsigned nsnext;
    /* first error reported by libxml2 */
    bool failed;      /* an error was reported by libxml2 */
    bool depth_error; /* ... and it was libxml2's own nesting limit */
    int err_line;
    char err_msg[256];
};

/* Keep the first error only: later ones are usually consequences of it. */
static void note_error(fa_xml *x, int line, const char *message)
{
    if (x->failed)
        return;
    x->failed = true;
    x->err_line = line;
    /* cut on purpose: a message is quoted, not kept whole */
    snprintf(x->err_msg, sizeof x->err_msg, "%.*s", (int)sizeof x->err_msg - 1,
             message ? message : "XML error");
    size_t n = strlen(x->err_msg);
    while (n && (x->err_msg[n - 1] == '\n' || x->err_msg[n - 1] == ' '))
        x->err_msg[--n] = '\0';
    if (strstr(x->err_msg, "Excessive depth") || strstr(x->err_msg, "depth"))
        x->depth_error = true;
}

static void on_error(void *arg, xmlErrorPtr e)
{
    if (e && e->level >= XML_ERR_ERROR)
        note_error(arg, e->line, e->message);
}

static int parser_line(const fa_xml *x)
{
    return x->ctxt && x->ctxt->input ? x->ctxt->input->line : 0;
}

static void stop(fa_xml *x, fa_status st)
{
    if (!x->st)
        x->st = st;
    x->stopped = true;
    xmlStopParser(x->ctxt);
}

/* Nothing reaches the handler once the parse failed or was stopped. */
static bool halted(fa_xml *x)
{
    if (x->stopped)
        return true;
    if (x->failed) {
        x->stopped = true;
        xmlStopParser(x->ctxt);
        return true;
    }
    return false;
}

static void deliver(fa_xml *x)
{
    fa_status st = x->h(x, x->arg);
    if (st)
        stop(x, st);
}

/* Text pieces end at the next tag, comment or processing instruction: that is where
 * the tree builder ended a text node. */
static void flush_text(fa_xml *x)
{
    if (!x->in_text)
        return;
    x->in_text = false;
    if (halted(x))
        return;
    x->text[x->tlen] = '\0';
    x->kind = FA_X_TEXT;
    x->empty = false;
    x->depth = x->open;
    x->local = (const xmlChar *)"#text";
    x->ns = NULL;
    x->attrs = NULL;
    x->nattrs = 0;
    deliver(x);
    x->tlen = 0;
}

static void on_chars(void *ctx, const xmlChar *s, int n)
{
    fa_xml *x = ctx;
    if (x->stopped || x->skip_at >= 0 || n <= 0)
        return;
    if (x->talloc - x->tlen <= (size_t)n) {
        size_t na = x->talloc ? x->talloc : 4096;
        while (na - x->tlen <= (size_t)n)
            na *= 2;
        char *p = realloc(x->text, na);
        if (!p) {
            stop(x, fa_error_set(x->err, FA_ERR_NOMEM, "%s: out of memory", x->part));
            return;
        }
        x->text = p;
        x->talloc = na;
    }
    memcpy(x->text + x->tlen, s, (size_t)n);
    x->tlen += (size_t)n;
    x->in_text = true;
}

/* Copy an attribute value, turning the "&#38;" libxml2 leaves for '&' (entities are
 * not substituted) back into '&', into BUF (at most N-1 bytes, NUL-terminated). */
static size_t attr_copy(char *buf, size_t n, const xmlChar *v, const xmlChar *end)
{
    size_t k = 0;
    while (v < end && k + 1 < n) {
        if (*v == '&' && end - v >= 5 && !memcmp(v, "&#38;", 5)) {
            buf[k++] = '&';
            v += 5;
        } else {
            buf[k++] = (char)*v++;
        }
    }
    if (n)
        buf[k] = '\0';
    return k;
}

/* libxml2's tree builder refused an xml:id that is not an NCName or that repeats one
 * of the same part: documents it refused stay refused. */
static void check_xml_ids(fa_xml *x, int nattrs, const xmlChar **a)
{
    for (int i = 0; i < nattrs; i++, a += 5) {
        if (a[0][0] != 'i' || strcmp((const char *)a[0], "id") || !a[2] ||
            strcmp((const char *)a[2], (const char *)XML_XML_NAMESPACE))
            continue;
        size_t cap = (size_t)(a[4] - a[3]) + 1;
        char *v = malloc(cap);
        if (!v) {
            stop(x, fa_error_set(x->err, FA_ERR_NOMEM, "%s: out of memory", x->part));
            return;
        }
        attr_copy(v, cap, a[3], a[4]);
        char msg[512];
        if (xmlValidateNCName((const xmlChar *)v, 1) != 0) {
            snprintf(msg, sizeof msg, "xml:id : attribute value %s is not an NCName", v);
            note_error(x, parser_line(x), msg);
        }
        if (*v) {
            if (!x->ids)
                x->ids = xmlHashCreate(0);
            if (x->ids && xmlHashAddEntry(x->ids, (const xmlChar *)v, x) < 0) {
                snprintf(msg, sizeof msg, "ID %s already defined", v);
                note_error(x, parser_line(x), msg);
            }
        }
        free(v);
    }
}

static void on_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
                     int nb_ns, const xmlChar **nss, int nattrs, int ndefaulted,
                     const xmlChar **attrs)
{
    (void)prefix, (void)nb_ns, (void)nss, (void)ndefaulted;
    fa_xml *x = ctx;
    flush_text(x);
    if (x->stopped)
        return;
    int d = x->open++;
    if (nattrs)
        check_xml_ids(x, nattrs, attrs);
    if (halted(x) || x->skip_at >= 0)
        return;
    if (d >= FA_MAX_XML_DEPTH) {
        stop(x, fa_error_set(x->err, FA_ERR_LIMIT,
                             "%s: line %d: elements nested deeper than %d (limit FA_MAX_XML_DEPTH)",
                             x->part, parser_line(x), FA_MAX_XML_DEPTH));
        return;
    }
    const xmlChar *cur = x->ctxt->input ? x->ctxt->input->cur : NULL;
    x->kind = FA_X_START;
    x->empty = cur && cur[0] == '/' && cur[1] == '>';
    x->depth = d;
    x->local = local;
    x->ns = uri;
    x->attrs = attrs;
    x->nattrs = nattrs;
    x->skip_req = false;
    deliver(x);
    if (x->empty)
        x->drop_end = true;
    else if (x->skip_req)
        x->skip_at = d;
    x->attrs = NULL;
    x->nattrs = 0;
}

static void on_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
    (void)prefix;
    fa_xml *x = ctx;
    flush_text(x);
    if (x->stopped)
        return;
    x->open--;
    if (x->skip_at >= 0) {
        if (x->open == x->skip_at)
            x->skip_at = -1;
        return;
    }
    if (x->drop_end) {
        x->drop_end = false;
        return;
    }
    if (halted(x))
        return;
    x->kind = FA_X_END;
    x->empty = false;
    x->depth = x->open;
    x->local = local;
    x->ns = uri;
    deliver(x);
}

static void on_other(void *ctx, const xmlChar *a, const xmlChar *b)
{
    (void)a, (void)b;
    fa_xml *x = ctx;
    if (x->skip_at < 0)
        flush_text(x);
}

static void on_comment(void *ctx, const xmlChar *s)
{
    on_other(ctx, s, NULL);
}

/* OOXML and ODF never declare a DTD; one here is an attack or damage. */
static void refuse_dtd(fa_xml *x)
{
    if (x->stopped)
        return;
    stop(x, fa_error_set(x->err, FA_ERR_CORRUPT,
                         "%s: line %d: DOCTYPE or entity declarations are not allowed in this part",
                         x->part, parser_line(x)));
}

static void on_subset(void *ctx, const xmlChar *name, const xmlChar *eid, const xmlChar *sid)
{
    (void)name, (void)eid, (void)sid;
    refuse_dtd(ctx);
}

static void on_reference(void *ctx, const xmlChar *name)
{
    (void)name;
    refuse_dtd(ctx);
}

/* True when the part contains "<!DOCTYPE" or "<!ENTITY" anywhere. Looks for the '!'
 * (rarer than '<' in markup). */
static bool has_dtd(const char *data, size_t len)
{
    const char *end = data + len;
    for (const char *p = data; p < end && (p = memchr(p, '!', (size_t)(end - p))); p++) {
        if (p == data || p[-1] != '<')
            continue;
        size_t left = (size_t)(end - p);
        if ((left >= 8 && !memcmp(p, "!DOCTYPE", 8)) || (left >= 7 && !memcmp(p, "!ENTITY", 7)))
            return true;
    }
    return false;
}

fa_status fa_xml_open(const char *part, fa_xml_handler h, void *arg, fa_error *err, fa_xml **out)
{
    *out = NULL;
    fa_xml *x = calloc(1, sizeof *x);
    if (!x)
        return fa_error_set(err, FA_ERR_NOMEM, "%s: out of memory", part);
    x->part = part;
    x->h = h;
    x->arg = arg;
    x->err = err;
    x->skip_at = -1;
    *out = x;
    return FA_OK;
}

/* Like the reader: the first 4 bytes (encoding detection) go with the creation. */
static fa_status create(fa_xml *x, const char *first, int n)
{
    /* Copied by libxml2 (not const in its prototype). No getEntity: only the five
     * predefined entities exist. */
    static xmlSAXHandler sax = {
        .initialized = XML_SAX2_MAGIC,
        .startElementNs = on_start,
        .endElementNs = on_end,
        .characters = on_chars,
        .ignorableWhitespace = on_chars,
        .cdataBlock = on_chars,
        .comment = on_comment,
        .processingInstruction = on_other,
        .internalSubset = on_subset,
        .externalSubset = on_subset,
        .reference = on_reference,
        .serror = on_error,
    };
    x->ctxt = xmlCreatePushParserCtxt(&sax, x, n ? first : NULL, n, NULL);
    if (!x->ctxt)
        return fa_error_set(x->err, FA_ERR_NOMEM, "%s: cannot create XML reader", x->part);
    /* No XML_PARSE_NOENT (entities stay references), no DTDLOAD/DTDATTR/DTDVALID. */
    xmlCtxtUseOptions(x->ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                   XML_PARSE_NOCDATA | XML_PARSE_HUGE);
    return FA_OK;
}

void fa_xml_close(fa_xml *x)
{
    if (!x)
        return;
    xmlFreeParserCtxt(x->ctxt);
    if (x->ids)
        xmlHashFree(x->ids, NULL);
    free(x->text);
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
    return fa_error_set(err, FA_ERR_CORRUPT, "%s: line %d: malformed XML", x->part, parser_line(x));
}

/* OOXML and ODF parts never carry a DTD. Refusing any "<!DOCTYPE" before parsing it
 * means no entity is ever declared, so XML_PARSE_HUGE (needed for text nodes over
 * 10 MB, e.g. one 40 MB paragraph) cannot open the door to entity amplification, which
 * is the only protection HUGE turns off that we rely on; depth is bounded by
 * FA_MAX_XML_DEPTH ourselves and size by FA_MAX_ZIP_ENTRY. */
static bool piece_has_dtd(fa_xml *x, const char *data, size_t len)
{
    char edge[16];
    size_t k = len < 8 ? len : 8;
    memcpy(edge, x->tail, x->ntail);
    memcpy(edge + x->ntail, data, k);
    if (has_dtd(edge, x->ntail + k) || has_dtd(data, len))
        return true;
    if (len >= 8) {
        memcpy(x->tail, data + len - 8, 8);
        x->ntail = 8;
    } else {
        size_t n = x->ntail + len, drop = n > 8 ? n - 8 : 0;
        memcpy(x->tail, edge + drop, n - drop);
        x->ntail = n - drop;
    }
    return false;
}

static void feed(fa_xml *x, const char *p, size_t n, bool terminate)
{
    if (!x->stopped && !x->failed)
        xmlParseChunk(x->ctxt, p, (int)n, terminate);
}

/* Bytes go to libxml2 in the reader's cuts: 4 with the creation, then 512 at a time,
 * then the rest, then the end. */
fa_status fa_xml_push(fa_xml *x, const char *data, size_t len, bool last)
{
    if (x->refused)
        return x->result;
    if (len > (size_t)INT32_MAX - x->total) {
        x->refused = true;
        return x->result = fa_error_set(x->err, FA_ERR_LIMIT, "%s: part too large", x->part);
    }
    x->total += len;
    /* A DOCTYPE anywhere refuses the part, even after a parse error: when parts were
     * parsed whole, the search came first. */
    if (piece_has_dtd(x, data, len)) {
        x->refused = true;
        return x->result = fa_error_set(
                   x->err, FA_ERR_CORRUPT,
                   "%s: DOCTYPE or entity declarations are not allowed in this part", x->part);
    }
    if (x->result)
        return x->result;
    while (len && !x->stopped && !x->failed) {
        if (!x->ctxt || x->nstage || len < CHUNK) {
            size_t want = !x->ctxt ? 4 : CHUNK, k = want - x->nstage < len ? want - x->nstage : len;
            memcpy(x->stage + x->nstage, data, k);
            x->nstage += k;
            data += k;
            len -= k;
            if (x->nstage < want)
                break;
            x->nstage = 0;
            if (!x->ctxt) {
                if ((x->result = create(x, x->stage, 4)))
                    return x->result;
            } else {
                feed(x, x->stage, CHUNK, false);
            }
        } else {
            feed(x, data, CHUNK, false);
            data += CHUNK;
            len -= CHUNK;
        }
    }
    if (last && !x->ctxt && (x->result = create(x, NULL, 0)))
        return x->result;
    if (last) {
        if (x->nstage)
            feed(x, x->stage, x->nstage, false);
        x->nstage = 0;
        feed(x, NULL, 0, true);
    }
    if (x->st)
        return x->result = x->st;
    if (x->failed || (last && !x->ctxt->wellFormed))
        return x->result = fail(x, x->err);
    return FA_OK;
}

void fa_xml_skip(fa_xml *x)
{
    if (x->kind == FA_X_START && !x->empty)
        x->skip_req = true;
}

fa_xml_kind fa_xml_kind_of(const fa_xml *x)
{
    return x->kind;
}

bool fa_xml_empty(const fa_xml *x)
{
    return x->kind == FA_X_START && x->empty;
}

int fa_xml_depth(const fa_xml *x)
{
    return x->depth;
}

int fa_xml_line(const fa_xml *x)
{
    return parser_line(x);
}

const char *fa_xml_local(const fa_xml *x)
{
    return x->local ? (const char *)x->local : "";
}

const char *fa_xml_ns(const fa_xml *x)
{
    return x->ns ? (const char *)x->ns : "";
}

int fa_xml_ns_index(fa_xml *x, const char *const *uris, int n)
{
    if (!x->ns)
        return -1;
    for (unsigned i = 0; i < sizeof x->nsmemo / sizeof x->nsmemo[0]; i++)
        if (x->nsmemo[i].ns == x->ns && x->nsmemo[i].uris == uris)
            return x->nsmemo[i].index;
    int k = n;
    while (--k >= 0 && strcmp((const char *)x->ns, uris[k]))
        ;
    unsigned slot = x->nsnext++ % (sizeof x->nsmemo / sizeof x->nsmemo[0]);
    x->nsmemo[slot].ns = x->ns;
    x->nsmemo[slot].uris = uris;
    x->nsmemo[slot].index = k;
    return k;
}

const char *fa_xml_text(const fa_xml *x)
{
    return x->kind == FA_X_TEXT ? x->text : "";
}

size_t fa_xml_text_len(const fa_xml *x)
{
    return x->kind == FA_X_TEXT ? x->tlen : 0;
}

/* The attribute LOCAL in NS of the current element (libxml2's 5 pointers), or NULL. */
static const xmlChar **find_attr(const fa_xml *x, const char *ns, const char *local)
{
    const xmlChar **a = x->attrs;
    for (int i = 0; i < x->nattrs; i++, a += 5) {
        if (strcmp((const char *)a[0], local))
            continue;
        if (ns ? a[2] && ((const char *)a[2] == ns || !strcmp((const char *)a[2], ns)) : !a[2])
            return a;
    }
    return NULL;
}

char *fa_xml_attr(const fa_xml *x, const char *ns, const char *local)
{
    const xmlChar **a = find_attr(x, ns, local);
    if (!a)
        return NULL;
    size_t cap = (size_t)(a[4] - a[3]) + 1;
    char *s = malloc(cap);
    if (s)
        attr_copy(s, cap, a[3], a[4]);
    return s;
}

bool fa_xml_attr_buf(const fa_xml *x, const char *ns, const char *local, char *buf, size_t n)
{
    const xmlChar **a = find_attr(x, ns, local);
    if (n)
        buf[0] = '\0';
    if (!a)
        return false;
    attr_copy(buf, n, a[3], a[4]);
    return true;
}
