/* xmlread.h — the one way formaudit parses XML parts of DOCX and ODT packages:
 * libxml2's streaming xmlTextReader, configured safely.
 *
 * Safety, by construction: no network (XML_PARSE_NONET), no DTD loading, no entity
 * substitution (XML_PARSE_NOENT is never set), and any DOCTYPE is refused — neither
 * OOXML nor ODF uses one, while entity bombs and external entities need one. Element
 * depth is bounded by FA_MAX_XML_DEPTH (FA_ERR_LIMIT). Parse errors are collected and
 * reported as FA_ERR_CORRUPT "PART: line N: message". Internal.
 */
#ifndef FA_XMLREAD_H
#define FA_XMLREAD_H

#include "util.h"
#include <stdbool.h>
#include <stddef.h>

/* Node kinds we distinguish (a subset of xmlReaderTypes). */
typedef enum fa_xml_kind {
    FA_X_OTHER = 0,
    FA_X_START, /* element start tag (see fa_xml_empty for <x/>) */
    FA_X_END,   /* element end tag (not sent for empty elements) */
    FA_X_TEXT   /* text, CDATA or white space */
} fa_xml_kind;

typedef struct fa_xml fa_xml;

/* A reader over DATA (borrowed, LEN bytes) naming PART (static) in messages. */
fa_status fa_xml_open(const char *part, const char *data, size_t len, fa_xml **out,
                      fa_error *err);
void fa_xml_close(fa_xml *x);

/* Advance to the next node. Sets *done at the end of the document. */
fa_status fa_xml_next(fa_xml *x, bool *done, fa_error *err);
/* Skip the children of the current start element: the next fa_xml_next() returns the
 * node after its end tag, and no FA_X_END is sent for it. */
void fa_xml_skip(fa_xml *x);

fa_xml_kind fa_xml_kind_of(const fa_xml *x);
bool fa_xml_empty(const fa_xml *x);   /* <x/>: no FA_X_END will follow */
int fa_xml_depth(const fa_xml *x);
int fa_xml_line(const fa_xml *x);
/* True when the current element is LOCAL in namespace NS (a URI, never a prefix:
 * documents may use any prefix). */
bool fa_xml_is(const fa_xml *x, const char *ns, const char *local);
const char *fa_xml_local(const fa_xml *x); /* borrowed, "" when none */
const char *fa_xml_ns(const fa_xml *x);    /* borrowed, "" when none */
/* Text of the current text node (borrowed, until the next call). */
const char *fa_xml_text(const fa_xml *x);

/* Attribute LOCAL in namespace NS (NULL ns = no namespace) of the current element:
 * malloc'd copy, or NULL when absent. */
char *fa_xml_attr(const fa_xml *x, const char *ns, const char *local);
/* Same, copied into BUF (truncated to N-1 bytes); false when absent (BUF = ""). */
bool fa_xml_attr_buf(const fa_xml *x, const char *ns, const char *local, char *buf, size_t n);

#endif
