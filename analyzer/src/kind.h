/* kind.h — what kind of document this is (issue 19): a form that collects data about a
 * person, or prose about a processing (a convention, data-exchange terms, a charter,
 * terms of use, a mandate, a processing agreement, a notice alone). Runs after field
 * detection and before the rules: prose gets no fields unless it holds a form (an annex
 * with blanks), and the notice analysis reads an agreement's clauses as clauses. */
#ifndef FA_KIND_H
#define FA_KIND_H

#include "langpack.h"
#include "result.h"

/* Set RES->kind from the title and the text of DOC (the lexicon's "document_kinds" in
 * LD; NULL: a form), then, in prose, drop the fields that are no blanks of a form:
 * headings taken for labels, numbers, the second half of a split "Fait à … le", and
 * every field when there is no form at all. Field ids are renumbered. */
fa_status fa_kind_detect(const fa_langdata *ld, const fa_doc *doc, fa_result *res);

/* Whether kind K is prose about a processing (every kind but a form). */
bool fa_kind_is_agreement(fa_doc_kind k);

#endif
