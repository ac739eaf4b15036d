/* rules.c — rule packs: loading and compiling (stub). */
#include "rules.h"
#include <stdlib.h>

struct fa_rules {
    int dummy;
};

fa_rules *fa_rules_new(void) { return calloc(1, sizeof(fa_rules)); }
fa_status fa_rules_add_default(fa_rules *r, fa_error *e) { (void)r; (void)e; return FA_OK; }
fa_status fa_rules_add_file(fa_rules *r, const char *p, fa_error *e) { (void)r; (void)p; (void)e; return FA_OK; }
fa_status fa_rules_compile(fa_rules *r, fa_error *e) { (void)r; (void)e; return FA_OK; }
void fa_rules_free(fa_rules *r) { free(r); }
const char *fa_rules_version(const fa_rules *r) { (void)r; return "none"; }
void fa_rules_list(const fa_rules *r, FILE *o) { (void)r; (void)o; }
fa_status fa_rules_explain(const fa_rules *r, const char *id, const char *l, FILE *o) { (void)r; (void)id; (void)l; (void)o; return FA_ERR_USAGE; }
int fa_rules_test(const fa_rules *r, FILE *o) { (void)r; (void)o; return 0; }
fa_status fa_rules_apply(const fa_rules *r, const fa_doc *d, fa_result *res, fa_error *e) { (void)r; (void)d; (void)res; (void)e; return FA_OK; }
fa_status fa_rules_match(const fa_rules *r, fa_scope s, const char *t, fa_rule_hit_fn fn, void *ud) { (void)r; (void)s; (void)t; (void)fn; (void)ud; return FA_OK; }
const char *fa_rules_message(const fa_rules *r, const char *id, const char *l) { (void)r; (void)id; (void)l; return NULL; }
const char *fa_rules_recommendation(const fa_rules *r, const char *id, const char *l) { (void)r; (void)id; (void)l; return NULL; }
fa_status fa_rules_legal_basis(const fa_rules *r, const char *id, fa_strvec *o) { (void)r; (void)id; (void)o; return FA_OK; }
