/* xmlread.h — the one way formaudit parses XML parts of DOCX and ODT packages:
 * libxml2's SAX2 push parser, configured safely, calling a handler once per node.
 *
 * Safety, by construction: no network (XML_PARSE_NONET), no DTD loading, no entity
 * substitution (XML_PARSE_NOENT is never set), and any DOCTYPE is refused — neither
 * OOXML nor ODF uses one, while entity bombs and external entities need one. Element
 * depth is bounded by FA_MAX_XML_DEPTH (FA_ERR_LIMIT). Parse errors are collected and
 * reported as FA_ERR_CORRUPT "PART: line N: message". Internal.
 *
 * Nodes are the ones an xmlTextReader would show, without building a tree: a start
 * tag (FA_X_START; <x/> has no FA_X_END), an end tag, and the whole text between two
 * tags (character data, CDATA and entity references joined into one FA_X_TEXT).
 * Comments and processing instructions are not sent. The bytes are fed to libxml2
 * in the reader's 512-byte chunks, so error messages are the ones it gave, and the
 * checks its tree builder made are kept (xml:id must be an NCName, unique per part).
 */
#ifndef FA_XMLREAD_H
#define FA_XMLREAD_H

#include "util.h"
#include <stdbool.h>
#include <stddef.h>

/* Node kinds we distinguish. */
typedef enum fa_xml_kind {
    FA_X_OTHER = 0,
    FA_X_START, /* element start tag (see fa_xml_empty for <x/>) */
    FA_X_END,   /* element end tag (not sent for empty elements) */
    FA_X_TEXT   /* text, CDATA or white space */
} fa_xml_kind;

typedef struct fa_xml fa_xml;

/* Called for each node; what it returns other than FA_OK stops the parse and is
 * returned by fa_xml_push (with the message the handler put in its own fa_error). */
typedef fa_status (*fa_xml_handler)(fa_xml *x, void *arg);

/* A parser for part PART (borrowed, must outlive the fa_xml; names it in messages)
 * calling H(X, ARG) for every node, in document order, as fa_xml_push feeds it. Parse
 * errors and limits go to ERR. Close with fa_xml_close(). */
fa_status fa_xml_open(const char *part, fa_xml_handler h, void *arg, fa_error *err, fa_xml **out);
/* Parse the next LEN bytes of the part (DATA borrowed for the call); LAST: they end
 * it (LEN may be 0). The whole part may come in any number of pieces. Each piece is
 * searched for a DOCTYPE before any of it is parsed. After a failure every push
 * returns it again. The accessors below are valid inside H (fa_xml_line until
 * fa_xml_close). */
fa_status fa_xml_push(fa_xml *x, const char *data, size_t len, bool last);
void fa_xml_close(fa_xml *x);

/* Skip the children of the current start element: no node inside it and no FA_X_END
 * for it reaches the handler. */
void fa_xml_skip(fa_xml *x);

fa_xml_kind fa_xml_kind_of(const fa_xml *x);
bool fa_xml_empty(const fa_xml *x); /* <x/>: no FA_X_END will follow */
int fa_xml_depth(const fa_xml *x);  /* root element 0; text one deeper than its element */
int fa_xml_line(const fa_xml *x);   /* where the parser is */
/* Namespaces are URIs, never prefixes: documents may use any prefix. */
const char *fa_xml_local(const fa_xml *x); /* borrowed, "" when none */
const char *fa_xml_ns(const fa_xml *x);    /* borrowed, "" when none; within a part, the
                                            * same pointer for every node of a namespace */
/* Index in URIS (N namespace URIs) of the current element's namespace, -1 when it is
 * none of them. Remembered per namespace and table: a part pays the string
 * comparisons once per namespace, not once per element. */
int fa_xml_ns_index(fa_xml *x, const char *const *uris, int n);
/* Text of the current text node and its length (borrowed, until the handler returns). */
const char *fa_xml_text(const fa_xml *x);
size_t fa_xml_text_len(const fa_xml *x);

/* Attribute LOCAL in namespace NS (NULL ns = no namespace) of the current element:
 * malloc'd copy, or NULL when absent. */
char *fa_xml_attr(const fa_xml *x, const char *ns, const char *local);
/* Same, copied into BUF (truncated to N-1 bytes); false when absent (BUF = ""). */
bool fa_xml_attr_buf(const fa_xml *x, const char *ns, const char *local, char *buf, size_t n);

/* ---- token guard: what libxml2 parses slowly, refused before it sees it */

/* Lexer state of one XML part or HTML page, fed piece by piece. fa_xml_push runs one
 * itself; the HTML reader runs one over the whole page before htmlReadMemory. */
typedef struct fa_markup_guard {
    const char *part; /* names the part in messages; borrowed */
    bool html;        /* HTML rules: unquoted values, <script>/<style> raw text, no CDATA */
    unsigned char lx, m;
    char quote, prev, last;
    bool name_done;
    char name[8]; /* the tag's name, lower case, while short */
    size_t pos;   /* bytes scanned before the current piece */
    size_t tok;   /* bytes of the current comment, PI, CDATA or tag markup */
    size_t vtok;  /* bytes of the current attribute value */
    unsigned attrs;
} fa_markup_guard;

void fa_markup_guard_init(fa_markup_guard *g, const char *part, bool html);
/* The next LEN bytes: FA_ERR_LIMIT (message in ERR: "PART: byte N: a comment of more
 * than 4 MiB (limit FA_MAX_XML_TOKEN)", or an element with more than FA_MAX_XML_ATTRS
 * attributes) as soon as a token passes a limit, else FA_OK. */
fa_status fa_markup_guard_scan(fa_markup_guard *g, const char *data, size_t len, fa_error *err);

#endif
