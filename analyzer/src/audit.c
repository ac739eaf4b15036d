/* audit.c — the whole analysis of one document, in order: fields (fields.c), the
 * document's kind (kind.c), rules (rules.c), the document's own promises (notice.c), its
 * legal frame and system (frame.c); then the result is sealed (result.c) so that nothing
 * leaves the process unmasked. Nothing else lives here: the result's builders are in
 * result.c and its only JSON writer is reports/report_json.c. */
#include "audit_limits.h"
#include "fields.h"
#include "frame.h"
#include "kind.h"
#include "notice.h"
#include "read.h"
#include "read_pdf_module.h"
#include "rules.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

fa_status fa_audit(const fa_doc *doc, const char *path, const fa_rules *rules,
                   const fa_audit_opts *opts, fa_result **out, fa_error *err)
{
    *out = NULL;
    fa_result *res = fa_result_new(path ? path : doc->path);
    if (!res)
        return fa_error_set(err, FA_ERR_NOMEM, "out of memory");
    res->lang = opts && opts->lang && !strcmp(opts->lang, "en") ? "en" : "fr";
    res->context = opts ? opts->context : FA_CTX_AUTO;
    res->context_given = res->context != FA_CTX_AUTO;
    res->rules_version = fa_strdup(rules ? fa_rules_version(rules) : "none");
    fa_status st = res->rules_version ? fa_result_set_doc(res, doc) : FA_ERR_NOMEM;
    if (st != FA_OK)
        fa_error_set(err, st, "out of memory");
    const fa_langdata *ld = rules ? fa_rules_langdata(rules) : NULL;
    if (st == FA_OK)
        st = fa_fields_detect(doc, res, ld, err);
    if (st == FA_OK && (st = fa_kind_detect(ld, doc, res)) != FA_OK)
        fa_error_set(err, st, "out of memory");
    if (st == FA_OK && rules)
        st = fa_rules_apply(rules, doc, res, err);
    if (st == FA_OK && (st = fa_result_dedup(res)) != FA_OK)
        fa_error_set(err, st, "out of memory");
    if (st == FA_OK)
        st = fa_notice_analyze(rules, doc, opts, res, err);
    if (st == FA_OK)
        st = fa_frame_analyze(rules, doc, res, err);
    if (st == FA_OK && (st = fa_audit_limits(rules, doc, res)) != FA_OK) /* limits said */
        fa_error_set(err, st, "out of memory");
    /* the document's warnings (the stages above add theirs: a limit reached), then
     * everything masked once */
    if (st == FA_OK &&
        ((st = fa_result_copy_warnings(res, doc)) != FA_OK || (st = fa_result_seal(res)) != FA_OK))
        fa_error_set(err, st, "out of memory");
    if (st != FA_OK) {
        fa_result_free(res);
        return st;
    }
    *out = res;
    return FA_OK;
}

fa_format fa_sniff_path(const char *path)
{
    /* never block on a FIFO or a device */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return FA_FMT_UNKNOWN;
    struct stat st;
    fa_format fmt = FA_FMT_UNKNOWN;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        /* the first MiB holds every signature */
        size_t cap = (size_t)1 << 20;
        char *buf = malloc(cap);
        ssize_t n = buf ? read(fd, buf, cap) : -1;
        if (n > 0)
            fmt = fa_sniff(buf, (size_t)n);
        free(buf);
    }
    close(fd);
    return fmt;
}

fa_result *fa_audit_path(const char *path, const fa_rules *rules, const fa_audit_opts *opts)
{
    fa_doc *doc = NULL;
    fa_result *res = NULL;
    fa_error err = {0};
    fa_status st = fa_doc_open(path, &doc, &err);
    if (st != FA_OK) {
        fa_format fmt =
            st == FA_ERR_IO || st == FA_ERR_NOMEM ? FA_FMT_UNKNOWN : fa_sniff_path(path);
        return fa_result_new_error(path, fmt, &err);
    }
    st = fa_audit(doc, path, rules, opts, &res, &err);
    if (st != FA_OK)
        res = fa_result_new_error(path, doc->format, &err);
    fa_doc_free(doc);
    return res;
}

fa_status fa_pdf_preload(fa_error *err)
{
    return fa_pdf_load(err);
}
