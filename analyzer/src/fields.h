/* fields.h — field detection: every place where a form collects data (controls,
 * leaders "Label : ____", blank table cells, grids, checkbox glyphs, questions). */
#ifndef FA_FIELDS_H
#define FA_FIELDS_H

#include "result.h"

/* Append the fields of DOC to RES (ids "F1".. in document order). */
fa_status fa_fields_detect(const fa_doc *doc, fa_result *res, fa_error *err);

#endif
