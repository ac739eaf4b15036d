/* jsonw.h — a fast serializer for jansson trees. Internal.
 *
 * fa_json_dump prints exactly what jansson 2.14's
 *     json_dumps(v, (indent ? JSON_INDENT(indent) : JSON_COMPACT) | JSON_PRESERVE_ORDER)
 * prints, byte for byte, without its per-token callbacks, per-character UTF-8 decoding,
 * cycle-check hash table and final copy. tests/unit/test_jsonw.c holds it to that. */
#ifndef FA_JSONW_H
#define FA_JSONW_H

#include "util.h"

#include <jansson.h>

/* Append the JSON text of V to OUT (no trailing newline, OUT stays NUL-terminated).
 * indent 0 = compact ("," and ":" with no spaces); 1..31 = that many spaces per level,
 * ", " / ": " separators as jansson prints them. V may be any value, not only an array
 * or object (as with JSON_ENCODE_ANY). Object keys come in jansson's iteration order,
 * which is insertion order in 2.14. Borrows V, never modifies it.
 * Returns FA_ERR_USAGE (V NULL, indent out of range), FA_ERR_LIMIT (nesting deeper
 * than FA_MAX_JSON_DEPTH, e.g. a cycle, or OUT would pass its cap), FA_ERR_NOMEM.
 * On error OUT is left as it was on entry. */
fa_status fa_json_dump(const json_t *v, int indent, fa_buf *out);

#endif
