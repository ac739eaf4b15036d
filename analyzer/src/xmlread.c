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
    fa_markup_guard guard; /* where the bytes not yet fed stand (token limits) */
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
    fa_markup_guard_init(&x->guard, part, false);
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

/* ---------------------------------------------------------------- token guard */

/* libxml2 2.9's push parser rescans a token that spans many pushed chunks: past about
 * 10 MB (XML_MAX_TEXT_LENGTH, lifted by XML_PARSE_HUGE) a comment, processing
 * instruction, CDATA section, attribute value or name costs seconds per megabyte (a
 * 12 MB comment: 55 s, a 12 MB name: 77 s), and an element's attributes are compared
 * pairwise (200,000 attributes: 19 s). Its HTML parser (not a push parser) reads long
 * comments and values in linear time (12 MB: 0.7 s; saved pages carry images as data:
 * URIs of megabytes) but not long names nor many attributes (> 100 s each): in HTML
 * only those two are limited.
 * Text between tags does not suffer (10 MB: 0.2 s). So the bytes are lexed, cheaply,
 * before libxml2 sees them: a token longer than FA_MAX_XML_TOKEN or a tag with more than
 * FA_MAX_XML_ATTRS attributes stops the part with FA_ERR_LIMIT naming the limit. The
 * lexer only follows the markup; well-formedness is libxml2's business. */
enum {
    LX_TEXT = 0, /* character data: looking for '<' */
    LX_LT,       /* after '<' */
    LX_BANG,     /* after "<!": "--" makes a comment, "[CDATA[" a CDATA section (XML) */
    LX_COMMENT,  /* until "-->" */
    LX_CDATA,    /* until "]]>" */
    LX_PI,       /* until "?>" (HTML: '>') */
    LX_TAG,      /* start or end tag (or "<!..."): markup until '>' */
    LX_VALUE,    /* quoted attribute value, until its quote */
    LX_RAW       /* HTML <script>/<style> content, until "</script" / "</style" */
};

void fa_markup_guard_init(fa_markup_guard *g, const char *part, bool html)
{
    memset(g, 0, sizeof *g);
    g->part = part;
    g->html = html;
}

/* FA_ERR_LIMIT for WHAT, a token that starts at byte AT. */
static fa_status guard_limit(const fa_markup_guard *g, fa_error *err, size_t at, const char *what)
{
    return fa_error_set(err, FA_ERR_LIMIT,
                        "%s: byte %zu: %s of more than %zu MiB (limit FA_MAX_XML_TOKEN)", g->part,
                        at, what, FA_MAX_XML_TOKEN >> 20);
}

static fa_status attrs_limit(const fa_markup_guard *g, fa_error *err, size_t at)
{
    return fa_error_set(err, FA_ERR_LIMIT,
                        "%s: byte %zu: an element with more than %d attributes "
                        "(limit FA_MAX_XML_ATTRS)",
                        g->part, at, FA_MAX_XML_ATTRS);
}

/* Comment, CDATA or PI content from P: to its closing sequence or the end. */
static const char *guard_closing(fa_markup_guard *g, const char *p, const char *end)
{
    char mark = g->lx == LX_COMMENT ? '-' : g->lx == LX_CDATA ? ']' : '?';
    unsigned need = g->lx == LX_PI ? (g->html ? 0 : 1) : 2;
    for (; p < end; p++, g->tok++) {
        if (*p == '>' && g->m >= need) {
            g->lx = LX_TEXT;
            return p + 1;
        }
        g->m = *p == mark ? (unsigned char)(g->m < 2 ? g->m + 1 : 2) : 0;
    }
    return p;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* HTML tag markup from P: to '>' (then LX_TEXT, or LX_RAW after <script>/<style>), to a
 * quote (LX_VALUE), or to the end. Counts attributes in g->attrs: every name (values
 * may go unquoted, names may come alone) and quoted values not after '='. (XML tags:
 * xml_fast.) */
static const char *guard_tag(fa_markup_guard *g, const char *p, const char *end)
{
    for (; p < end; p++, g->tok++) {
        char c = *p;
        if (g->tok < sizeof g->name - 1 && !g->name_done) {
            if (is_space(c) || c == '>' || (c == '/' && g->tok))
                g->name_done = true;
            else
                g->name[g->tok] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        } else if (g->tok >= sizeof g->name - 1) {
            g->name_done = true;
        }
        if (c == '>') {
            g->lx = LX_TEXT;
            if (!strcmp(g->name, "script") || !strcmp(g->name, "style")) {
                g->lx = LX_RAW;
                g->m = 0;
            }
            return p + 1;
        }
        if (c == '"' || c == '\'') {
            g->attrs += g->prev != '=';
            g->quote = c;
            g->lx = LX_VALUE;
            g->prev = c;
            return p + 1;
        }
        if (g->name_done && !is_space(c) && c != '=' && c != '/' && g->prev != '=' &&
            is_space(g->last))
            g->attrs++;
        if (!is_space(c))
            g->prev = c;
        g->last = c;
    }
    return p;
}

/* HTML raw text from P: to "</" + the element's name (any case), or the end. */
static const char *guard_raw(fa_markup_guard *g, const char *p, const char *end)
{
    size_t nl = strlen(g->name);
    while (p < end) {
        if (g->m == 0) {
            const char *lt = memchr(p, '<', (size_t)(end - p));
            if (!lt)
                return end;
            p = lt + 1;
            g->m = 1;
            continue;
        }
        char c = *p >= 'A' && *p <= 'Z' ? (char)(*p + 32) : *p;
        if (g->m == 1 ? c == '/' : (size_t)g->m - 2 < nl && c == g->name[g->m - 2]) {
            p++;
            if ((size_t)++g->m - 2 == nl) { /* "</script": the end tag, lexed as a tag */
                g->lx = LX_TAG;
                g->tok = nl + 1;
                g->name[0] = '/'; /* an end tag: no raw text after it */
                g->name_done = true;
                g->attrs = 0;
                g->prev = g->last = 0;
                return p;
            }
        } else {
            g->m = 0;
        }
    }
    return p;
}

/* XML text, tags and values from P, the bulk of every part, in one tight loop (the
 * general one below costs twice as much on them). Returns where it stopped: at the end,
 * or at the '!' or '?' of a comment, CDATA or PI (g->lx is LX_LT then), or at a limit
 * passed (g->lx is LX_TAG or LX_VALUE, with g->tok, g->vtok or g->attrs past it). */
static const char *xml_fast(fa_markup_guard *g, const char *p, const char *end)
{
    static const bool stop[256] = {['>'] = true, ['"'] = true, ['\''] = true};
    for (;;) {
        if (g->lx == LX_TEXT) {
            /* most texts between tags are empty or short: memchr's call costs more */
            const char *lt = p;
            for (int k = 0; k < 32 && lt < end && *lt != '<'; k++)
                lt++;
            if (lt < end && *lt != '<')
                lt = memchr(lt, '<', (size_t)(end - lt));
            if (!lt || lt == end)
                return end;
            p = lt + 1;
            g->lx = LX_LT;
        }
        if (g->lx == LX_LT) {
            if (p == end)
                return p;
            if (*p == '!' || *p == '?')
                return p;
            g->lx = LX_TAG;
            g->tok = 0;
            g->attrs = 0;
        }
        while (g->lx == LX_TAG || g->lx == LX_VALUE) {
            const char *q = p;
            if (g->lx == LX_VALUE) {
                char quote = g->quote;
                while (q < end && *q != quote)
                    q++;
                g->vtok += (size_t)(q - p);
                if (q == end || g->vtok > FA_MAX_XML_TOKEN)
                    return q;
                g->lx = LX_TAG;
                p = q + 1;
                continue;
            }
            while (q < end && !stop[(unsigned char)*q])
                q++;
            g->tok += (size_t)(q - p);
            if (q == end || g->tok > FA_MAX_XML_TOKEN)
                return q;
            if (*q == '>') {
                g->lx = LX_TEXT;
                p = q + 1;
                break;
            }
            g->quote = *q;
            g->lx = LX_VALUE;
            g->vtok = 0;
            p = q + 1;
            if (++g->attrs > FA_MAX_XML_ATTRS)
                return p;
        }
    }
}

fa_status fa_markup_guard_scan(fa_markup_guard *g, const char *data, size_t len, fa_error *err)
{
    static const char cdata[] = "[CDATA[";
    const char *p = data, *end = data + len;
    while (p < end) {
        if (!g->html && (g->lx <= LX_LT || g->lx == LX_TAG || g->lx == LX_VALUE)) {
            p = xml_fast(g, p, end);
            size_t here = g->pos + (size_t)(p - data);
            if ((g->lx == LX_TAG || g->lx == LX_VALUE) && g->attrs > FA_MAX_XML_ATTRS)
                return attrs_limit(g, err, here);
            if (g->lx == LX_TAG && g->tok > FA_MAX_XML_TOKEN)
                return guard_limit(g, err, here - g->tok, "an element's name or markup");
            if (g->lx == LX_VALUE && g->vtok > FA_MAX_XML_TOKEN)
                return guard_limit(g, err, here - g->vtok, "an attribute value");
            if (p == end)
                break; /* else at the '!' or '?' after a '<': the loop below */
        }
        size_t at = g->pos + (size_t)(p - data);
        switch (g->lx) {
        case LX_TEXT: {
            const char *lt = memchr(p, '<', (size_t)(end - p));
            p = lt ? lt + 1 : end;
            if (lt)
                g->lx = LX_LT;
            continue;
        }
        case LX_LT:
            g->tok = g->attrs = 0;
            g->m = 0;
            if (g->html) {
                g->prev = g->last = 0;
                g->name_done = false;
                memset(g->name, 0, sizeof g->name);
            }
            g->lx = *p == '!' ? LX_BANG : *p == '?' ? LX_PI : LX_TAG;
            p += g->lx != LX_TAG; /* a tag's first byte is its name's */
            continue;
        case LX_BANG: /* "--" (m counts dashes) or, in XML, "[CDATA[" (m is 10 + matched) */
            if (g->m < 2 && *p == '-') {
                if (++g->m == 2)
                    g->lx = LX_COMMENT, g->m = 0;
                p++;
            } else if (!g->html && g->m == 0 && *p == '[') {
                g->m = 11;
                p++;
            } else if (g->m >= 10 && *p == cdata[g->m - 10]) {
                if (++g->m - 10 == sizeof cdata - 1)
                    g->lx = LX_CDATA, g->m = 0;
                p++;
            } else {
                g->lx = LX_TAG; /* a declaration or damage: markup to '>' */
                g->name_done = true;
            }
            continue;
        case LX_COMMENT:
        case LX_CDATA:
        case LX_PI: {
            unsigned char was = g->lx;
            p = guard_closing(g, p, end);
            if (g->tok > FA_MAX_XML_TOKEN && !g->html)
                return guard_limit(g, err, g->pos + (size_t)(p - data) - g->tok,
                                   was == LX_COMMENT ? "a comment"
                                   : was == LX_CDATA ? "a CDATA section"
                                                     : "a processing instruction");
            continue;
        }
        case LX_TAG:
            p = guard_tag(g, p, end);
            if (g->attrs > FA_MAX_XML_ATTRS)
                return attrs_limit(g, err, g->pos + (size_t)(p - data));
            if (g->tok > FA_MAX_XML_TOKEN)
                return guard_limit(g, err, g->pos + (size_t)(p - data) - g->tok,
                                   "an element's name or markup");
            if (g->lx == LX_VALUE)
                g->vtok = 0;
            continue;
        case LX_VALUE: {
            const char *q = p; /* values are short: a loop beats memchr's call */
            while (q < end && *q != g->quote)
                q++;
            size_t k = (size_t)(q - p);
            if (q == end)
                q = NULL;
            g->vtok += k;
            if (g->vtok > FA_MAX_XML_TOKEN && !g->html)
                return guard_limit(g, err, at + k - g->vtok, "an attribute value");
            p = q ? q + 1 : end;
            if (q)
                g->lx = LX_TAG;
            continue;
        }
        case LX_RAW:
            p = guard_raw(g, p, end);
            continue;
        default:
            g->lx = LX_TEXT;
            continue;
        }
    }
    g->pos += len;
    return FA_OK;
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
    fa_status gst = fa_markup_guard_scan(&x->guard, data, len, x->err);
    if (gst) {
        x->refused = true;
        return x->result = gst;
    }
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
