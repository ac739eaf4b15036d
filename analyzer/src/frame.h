/* frame.h — the document in its legal frame and as part of a system: its title, who
 * issues it and under which text, the questions that text prescribes, the recipients it
 * names with their secrecy, the whole-system points and the good practices (frame.c).
 * Runs after fa_notice_analyze, before sealing. */
#ifndef FA_FRAME_H
#define FA_FRAME_H

#include "rules.h"

fa_status fa_frame_analyze(const fa_rules *rules, const fa_doc *doc, fa_result *res, fa_error *err);

#endif
