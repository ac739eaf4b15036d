/* fields.h — field detection: every place where a form collects data (controls,
 * leaders "Label : ____", blank table cells, grids, checkbox glyphs, questions). */
#ifndef FA_FIELDS_H
#define FA_FIELDS_H

#include "langpack.h"
#include "result.h"

/* Append the fields of DOC to RES (ids "F1".. in document order). LD gives the words
 * that tell a form line from a sentence (langpack.h; NULL: none). */
fa_status fa_fields_detect(const fa_doc *doc, fa_result *res, const fa_langdata *ld, fa_error *err);

#endif
