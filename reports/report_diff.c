/* report_diff.c — what a new version of a form changes (the fa_diff of diff.c), written
 * for a person (txt on the terminal, md, html) or a program (json); and reading a
 * formaudit JSON report back into a result, so that a form can be compared with an
 * archived audit of its old version (fa_result_from_report).
 *
 * The txt, md and html texts are one walk over the diff (diff_text) through a small
 * writer that only decides how a heading, a list item, a quote look in each format.
 * Document strings (labels, options, quotes) are flattened to one line and masked as in
 * every report. The JSON keys are documented in docs/formaudit.1.md. */
#include "diff.h"
#include "interop.h"
#include "jsonw.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ================================================================ text writer */

typedef struct dw {
    fa_report_format fmt; /* FA_REPORT_TXT, _MD or _HTML */
    fa_buf *out;
    bool en;
    fa_status st;
} dw;

#define LG(w, fr_, en_) ((w)->en ? (en_) : (fr_))

static void put(dw *w, const char *s)
{
    if (!w->st)
        w->st = fa_buf_puts(w->out, s);
}

static void putf(dw *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(dw *w, const char *fmt, ...)
{
    if (w->st)
        return;
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    put(w, buf);
}

/* Text in the writer's format: HTML-escaped, Markdown-escaped, or as is. */
static void text(dw *w, const char *s)
{
    if (w->st || !s)
        return;
    if (w->fmt == FA_REPORT_HTML) {
        w->st = fa_html_escape(w->out, s);
        return;
    }
    for (const char *p = s; *p && !w->st; p++) {
        if (w->fmt == FA_REPORT_MD && strchr("\\`*_[]<>#|", *p))
            w->st = fa_buf_putc(w->out, '\\');
        if (!w->st)
            w->st = fa_buf_putc(w->out, *p);
    }
}

/* Document text: one line, identifiers masked, then escaped. */
static void doc_text(dw *w, const char *s)
{
    char *t = fa_avis_doc_text(s);
    if (!t && !w->st)
        w->st = FA_ERR_NOMEM;
    text(w, t);
    free(t);
}

static void quote(dw *w, const char *s)
{
    put(w, LG(w, "«\xc2\xa0", "\xe2\x80\x9c"));
    doc_text(w, s);
    put(w, LG(w, "\xc2\xa0»", "\xe2\x80\x9d"));
}

static void code(dw *w, const char *s)
{
    put(w, w->fmt == FA_REPORT_MD ? "`" : w->fmt == FA_REPORT_HTML ? "<code>" : "");
    if (w->fmt == FA_REPORT_MD)
        put(w, s); /* rule ids: no backquote in them */
    else
        text(w, s);
    put(w, w->fmt == FA_REPORT_MD ? "`" : w->fmt == FA_REPORT_HTML ? "</code>" : "");
}

static void heading(dw *w, const char *title, size_t n)
{
    put(w, w->fmt == FA_REPORT_HTML ? "<h2>" : w->fmt == FA_REPORT_MD ? "\n## " : "\n");
    text(w, title);
    if (n)
        putf(w, " (%zu)", n);
    put(w, w->fmt == FA_REPORT_HTML ? "</h2>\n" : w->fmt == FA_REPORT_MD ? "\n\n" : "\n");
}

static void list_begin(dw *w)
{
    put(w, w->fmt == FA_REPORT_HTML ? "<ul>\n" : "");
}

static void list_end(dw *w)
{
    put(w, w->fmt == FA_REPORT_HTML ? "</ul>\n" : "");
}

/* A list item; MARK ("+", "-", "~") shows in txt only. */
static void item_begin(dw *w, const char *mark)
{
    if (w->fmt == FA_REPORT_HTML)
        put(w, "<li>");
    else if (w->fmt == FA_REPORT_MD)
        put(w, "- ");
    else {
        put(w, "  ");
        put(w, mark);
        put(w, " ");
    }
}

static void item_end(dw *w)
{
    put(w, w->fmt == FA_REPORT_HTML ? "</li>\n" : "\n");
}

static void para_begin(dw *w)
{
    put(w, w->fmt == FA_REPORT_HTML ? "<p>" : "");
}

static void para_end(dw *w)
{
    put(w, w->fmt == FA_REPORT_HTML ? "</p>\n" : w->fmt == FA_REPORT_MD ? "\n\n" : "\n");
}

static void categories(dw *w, fa_catset set)
{
    const char *sep = "";
    for (int c = 0; c < FA_CAT_COUNT; c++)
        if (set & FA_CAT_BIT(c)) {
            put(w, sep);
            text(w, fa_category_label((fa_category)c, w->en ? "en" : "fr"));
            sep = ", ";
        }
}

static void quotes(dw *w, const fa_strvec *v)
{
    for (size_t i = 0; i < v->n; i++) {
        put(w, i ? ", " : "");
        quote(w, v->v[i]);
    }
}

/* ================================================================ the diff as text */

static const char *path_of(const fa_result *r)
{
    return fa_result_path(r) ? fa_result_path(r) : "";
}

/* « label » [categories] — section (F7) */
static void field_line(dw *w, const fa_field *f)
{
    quote(w, f->label && *f->label ? f->label : f->id);
    if (f->categories) {
        put(w, " [");
        categories(w, f->categories);
        put(w, "]");
    }
    if (f->section && *f->section) {
        put(w, " — ");
        doc_text(w, f->section);
    }
    put(w, " (");
    text(w, f->id);
    put(w, ")");
}

static void head(dw *w, const fa_diff *d)
{
    const fa_result *r[2] = {d->a, d->b};
    static const char *const which[2][2] = {{"Ancienne version", "Old version"},
                                            {"Nouvelle version", "New version"}};
    for (int k = 0; k < 2; k++) {
        para_begin(w);
        text(w, which[k][w->en]);
        put(w, " : ");
        code(w, path_of(r[k]));
        putf(w, LG(w, " (%s, %zu champ(s), %zu constat(s))", " (%s, %zu field(s), %zu finding(s))"),
             fa_format_name(r[k]->format), r[k]->n_fields, r[k]->n_findings);
        para_end(w);
    }
    if (d->rules_differ) {
        para_begin(w);
        text(w, LG(w,
                   "Attention : les deux versions n'ont pas été auditées avec les mêmes "
                   "règles ; une différence de constats peut venir des règles.",
                   "Note: the two versions were not audited with the same rules; a "
                   "difference in findings may come from the rules."));
        para_end(w);
    }
    para_begin(w);
    size_t same = d->n_pairs - d->n_changed;
    putf(w,
         LG(w, "Champs : %zu inchangé(s), %zu ajouté(s), %zu supprimé(s), %zu modifié(s). ",
            "Fields: %zu unchanged, %zu added, %zu removed, %zu changed. "),
         same, d->n_added, d->n_removed, d->n_changed);
    putf(w, LG(w, "Constats : %zu nouveau(x), %zu disparu(s)", "Findings: %zu new, %zu gone"),
         d->n_new, d->n_gone);
    if (d->worst_new >= 0) {
        put(w, LG(w, " (le plus grave : ", " (worst: "));
        text(w, fa_avis_severity_label(d->worst_new, w->en));
        put(w, ")");
    }
    put(w, ".");
    para_end(w);
    if (fa_diff_empty(d)) {
        para_begin(w);
        text(w, LG(w,
                   "Aucun changement : mêmes champs, mêmes catégories, même mention "
                   "d'information, mêmes constats.",
                   "No change: same fields, same categories, same notice, same findings."));
        para_end(w);
    }
}

static void changed_line(dw *w, const fa_diff *d, const fa_diff_pair *p)
{
    const fa_field *fa = &d->a->fields[p->a], *fb = &d->b->fields[p->b];
    item_begin(w, "~");
    quote(w, fa->label && *fa->label ? fa->label : fa->id);
    if (p->changes & FA_DC_LABEL) {
        put(w, " → ");
        quote(w, fb->label && *fb->label ? fb->label : fb->id);
    }
    putf(w, " (%s → %s)", fa->id, fb->id);
    const char *sep = " : ";
    if (p->changes & FA_DC_LABEL) {
        put(w, sep);
        text(w, LG(w, "libellé modifié", "relabelled"));
        sep = " ; ";
    }
    if (p->changes & FA_DC_KIND) {
        put(w, sep);
        putf(w, LG(w, "saisie %s → %s", "entry %s → %s"), fa_diff_kind_class(fa->kind),
             fa_diff_kind_class(fb->kind));
        sep = " ; ";
    }
    if (p->options_added.n) {
        put(w, sep);
        text(w, LG(w, "options ajoutées ", "options added "));
        quotes(w, &p->options_added);
        sep = " ; ";
    }
    if (p->options_removed.n) {
        put(w, sep);
        text(w, LG(w, "options retirées ", "options removed "));
        quotes(w, &p->options_removed);
        sep = " ; ";
    }
    if (p->categories_added) {
        put(w, sep);
        text(w, LG(w, "collecte en plus : ", "now collects: "));
        categories(w, p->categories_added);
        sep = " ; ";
    }
    if (p->categories_removed) {
        put(w, sep);
        text(w, LG(w, "ne collecte plus : ", "no longer collects: "));
        categories(w, p->categories_removed);
    }
    item_end(w);
}

static void fields_text(dw *w, const fa_diff *d)
{
    if (d->n_added) {
        heading(w, LG(w, "Champs ajoutés", "Fields added"), d->n_added);
        list_begin(w);
        for (size_t i = 0; i < d->n_added; i++) {
            item_begin(w, "+");
            field_line(w, &d->b->fields[d->added[i]]);
            item_end(w);
        }
        list_end(w);
    }
    if (d->n_removed) {
        heading(w, LG(w, "Champs supprimés", "Fields removed"), d->n_removed);
        list_begin(w);
        for (size_t i = 0; i < d->n_removed; i++) {
            item_begin(w, "-");
            field_line(w, &d->a->fields[d->removed[i]]);
            item_end(w);
        }
        list_end(w);
    }
    if (d->n_changed) {
        heading(w, LG(w, "Champs modifiés", "Fields changed"), d->n_changed);
        list_begin(w);
        for (size_t i = 0; i < d->n_pairs; i++)
            if (d->pairs[i].changes)
                changed_line(w, d, &d->pairs[i]);
        list_end(w);
    }
    fa_catset gained = d->categories_b & ~d->categories_a,
              lost = d->categories_a & ~d->categories_b;
    if (gained || lost) {
        heading(w, LG(w, "Catégories de données", "Categories of data"), 0);
        list_begin(w);
        if (gained) {
            item_begin(w, "+");
            text(w, LG(w, "collectées en plus : ", "gained: "));
            categories(w, gained);
            item_end(w);
        }
        if (lost) {
            item_begin(w, "-");
            text(w, LG(w, "plus collectées : ", "lost: "));
            categories(w, lost);
            item_end(w);
        }
        list_end(w);
    }
}

static void items_line(dw *w, unsigned items, const char *mark, const char *label)
{
    if (!items)
        return;
    item_begin(w, mark);
    text(w, label);
    const char *sep = "";
    for (int i = 0; i < FA_NI_COUNT; i++)
        if (items & (1u << i)) {
            put(w, sep);
            text(w, fa_notice_item_label(i, w->en));
            sep = ", ";
        }
    item_end(w);
}

static void strs_line(dw *w, const fa_strvec *v, const char *mark, const char *label)
{
    if (!v->n)
        return;
    item_begin(w, mark);
    text(w, label);
    quotes(w, v);
    item_end(w);
}

static void notice_text(dw *w, const fa_diff *d)
{
    const fa_notice *na = &d->a->notice, *nb = &d->b->notice;
    bool clauses = false;
    for (int k = 0; k < FA_DIFF_NCLAUSES; k++)
        clauses |= d->clauses[k].added.n || d->clauses[k].removed.n;
    if (na->present == nb->present && d->items_a == d->items_b && !d->retention_changed &&
        !d->recipients.added.n && !d->recipients.removed.n && !clauses)
        return;
    heading(w, LG(w, "Mention d'information et clauses", "Notice and clauses"), 0);
    list_begin(w);
    if (na->present != nb->present) {
        item_begin(w, nb->present ? "+" : "-");
        text(w, nb->present ? LG(w, "la nouvelle version a une mention d'information",
                                 "the new version has a notice")
                            : LG(w, "la nouvelle version n'a plus de mention d'information",
                                 "the new version has no notice any more"));
        item_end(w);
    }
    items_line(w, d->items_b & ~d->items_a, "+", LG(w, "éléments gagnés : ", "items gained: "));
    items_line(w, d->items_a & ~d->items_b, "-", LG(w, "éléments perdus : ", "items lost: "));
    if (d->retention_changed) {
        item_begin(w, "~");
        text(w, LG(w, "durée de conservation : ", "retention: "));
        if (na->retention)
            quote(w, na->retention);
        else
            text(w, LG(w, "(aucune)", "(none)"));
        put(w, " → ");
        if (nb->retention)
            quote(w, nb->retention);
        else
            text(w, LG(w, "(aucune)", "(none)"));
        item_end(w);
    }
    strs_line(w, &d->recipients.added, "+",
              LG(w, "destinataires ajoutés : ", "recipients added: "));
    strs_line(w, &d->recipients.removed, "-",
              LG(w, "destinataires retirés : ", "recipients removed: "));
    static const char *const names[FA_DIFF_NCLAUSES][2][2] = {
        {{"clauses de partage ajoutées : ", "sharing clauses added: "},
         {"clauses de partage retirées : ", "sharing clauses removed: "}},
        {{"clauses de conservation ajoutées : ", "retention clauses added: "},
         {"clauses de conservation retirées : ", "retention clauses removed: "}},
        {{"clauses de consentement ajoutées : ", "consent clauses added: "},
         {"clauses de consentement retirées : ", "consent clauses removed: "}}};
    for (int k = 0; k < FA_DIFF_NCLAUSES; k++) {
        strs_line(w, &d->clauses[k].added, "+", names[k][0][w->en]);
        strs_line(w, &d->clauses[k].removed, "-", names[k][1][w->en]);
    }
    list_end(w);
}

static void finding_line(dw *w, const fa_result *r, int idx, const char *mark)
{
    const fa_finding *f = &r->findings[idx];
    item_begin(w, mark);
    put(w, "[");
    text(w, fa_avis_severity_label((int)f->severity, w->en));
    put(w, "] ");
    code(w, f->rule ? f->rule : "");
    if (f->quote && *f->quote) {
        put(w, " ");
        quote(w, f->quote);
    }
    put(w, " — ");
    doc_text(w, f->message);
    item_end(w);
}

static void findings_text(dw *w, const fa_diff *d)
{
    if (d->n_new) {
        heading(w, LG(w, "Constats nouveaux", "New findings"), d->n_new);
        list_begin(w);
        for (size_t i = 0; i < d->n_new; i++)
            finding_line(w, d->b, d->findings_new[i], "+");
        list_end(w);
    }
    if (d->n_gone) {
        heading(w, LG(w, "Constats disparus", "Findings gone"), d->n_gone);
        list_begin(w);
        for (size_t i = 0; i < d->n_gone; i++)
            finding_line(w, d->a, d->findings_gone[i], "-");
        list_end(w);
    }
}

static fa_status diff_text(const fa_diff *d, fa_report_format fmt, const fa_report_opts *opts,
                           fa_buf *out)
{
    dw w = {fmt, out, fa_avis_en(opts), FA_OK};
    const char *title = LG(&w, "Comparaison de deux versions d'un formulaire",
                           "Comparison of two versions of a form");
    if (fmt == FA_REPORT_HTML) {
        putf(&w, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n<title>",
             w.en ? "en" : "fr");
        text(&w, title);
        put(&w, "</title>\n<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;"
                "line-height:1.4}code{background:#eee}</style>\n</head>\n<body>\n<h1>");
        text(&w, title);
        put(&w, "</h1>\n");
    } else if (fmt == FA_REPORT_MD) {
        put(&w, "# ");
        text(&w, title);
        put(&w, "\n\n");
    } else {
        text(&w, title);
        put(&w, "\n");
    }
    head(&w, d);
    fields_text(&w, d);
    notice_text(&w, d);
    findings_text(&w, d);
    if (fmt == FA_REPORT_HTML)
        put(&w, "</body>\n</html>\n");
    return w.st;
}

/* ================================================================ JSON */

static void key(fa_jw *w, const char *k)
{
    if (k)
        fa_jw_key_lit(w, k, strlen(k));
    else
        fa_jw_item(w);
}

static void str(fa_jw *w, const char *k, const char *s)
{
    key(w, k);
    if (!s)
        fa_jw_lit(w, "null", 4);
    else
        fa_jw_str(w, s, strlen(s));
}

/* A path as given may not be UTF-8: null then. */
static void str_checked(fa_jw *w, const char *k, const char *s)
{
    str(w, k, s && fa_json_utf8_valid(s, strlen(s)) ? s : NULL);
}

static void num(fa_jw *w, const char *k, long long v)
{
    key(w, k);
    fa_jw_int(w, v);
}

static void boolean(fa_jw *w, const char *k, bool v)
{
    key(w, k);
    fa_jw_lit(w, v ? "true" : "false", v ? 4 : 5);
}

static void cats(fa_jw *w, const char *k, fa_catset set)
{
    key(w, k);
    fa_jw_open(w, '[');
    for (int c = 0; c < FA_CAT_COUNT; c++)
        if (set & FA_CAT_BIT(c))
            str(w, NULL, fa_category_name((fa_category)c));
    fa_jw_close(w, ']');
}

static void strvec(fa_jw *w, const char *k, const fa_strvec *v)
{
    key(w, k);
    fa_jw_open(w, '[');
    for (size_t i = 0; i < v->n; i++)
        str(w, NULL, v->v[i]);
    fa_jw_close(w, ']');
}

static void items(fa_jw *w, const char *k, unsigned set)
{
    key(w, k);
    fa_jw_open(w, '[');
    for (int i = 0; i < FA_NI_COUNT; i++)
        if (set & (1u << i))
            str(w, NULL, fa_notice_item_name((fa_notice_item)i));
    fa_jw_close(w, ']');
}

static void doc_json(fa_jw *w, const char *k, const fa_result *r)
{
    key(w, k);
    fa_jw_open(w, '{');
    str_checked(w, "path", r->path);
    str(w, "format", fa_format_name(r->format));
    str(w, "title", r->meta.title);
    str(w, "sha256", r->sha256);
    str_checked(w, "rules_version", r->rules_version);
    num(w, "fields", (long long)r->n_fields);
    num(w, "findings", (long long)r->n_findings);
    fa_jw_close(w, '}');
}

static void field_json(fa_jw *w, const char *k, const fa_field *f)
{
    key(w, k);
    fa_jw_open(w, '{');
    str(w, "id", f->id);
    str(w, "label", f->label ? f->label : "");
    str(w, "kind", fa_field_kind_name(f->kind));
    strvec(w, "options", &f->options);
    str(w, "section", f->section ? f->section : "");
    cats(w, "categories", f->categories);
    fa_jw_close(w, '}');
}

static void pair_json(fa_jw *w, const fa_diff *d, const fa_diff_pair *p)
{
    fa_jw_item(w);
    fa_jw_open(w, '{');
    field_json(w, "old", &d->a->fields[p->a]);
    field_json(w, "new", &d->b->fields[p->b]);
    key(w, "changes");
    fa_jw_open(w, '[');
    static const char *const names[] = {"label", "kind", "options", "categories"};
    for (int i = 0; i < 4; i++)
        if (p->changes & (1u << i))
            str(w, NULL, names[i]);
    fa_jw_close(w, ']');
    char sim[16];
    snprintf(sim, sizeof sim, "%.2f", p->similarity);
    key(w, "similarity");
    fa_jw_lit(w, sim, strlen(sim));
    strvec(w, "options_added", &p->options_added);
    strvec(w, "options_removed", &p->options_removed);
    cats(w, "categories_added", p->categories_added);
    cats(w, "categories_removed", p->categories_removed);
    fa_jw_close(w, '}');
}

static void finding_json(fa_jw *w, const fa_result *r, int idx)
{
    const fa_finding *f = &r->findings[idx];
    fa_jw_item(w);
    fa_jw_open(w, '{');
    str(w, "rule", f->rule ? f->rule : "");
    str(w, "category", f->category ? f->category : "");
    str(w, "severity", fa_severity_name(f->severity));
    str(w, "field",
        f->field >= 0 && (size_t)f->field < r->n_fields ? r->fields[f->field].id : NULL);
    str(w, "quote", f->quote ? f->quote : "");
    str(w, "message", f->message ? f->message : "");
    strvec(w, "legal_basis", &f->legal_basis);
    str(w, "recommendation", f->recommendation ? f->recommendation : "");
    fa_jw_close(w, '}');
}

static void notice_json(fa_jw *w, const fa_diff *d)
{
    const fa_notice *na = &d->a->notice, *nb = &d->b->notice;
    key(w, "notice");
    fa_jw_open(w, '{');
    key(w, "present");
    fa_jw_open(w, '{');
    boolean(w, "old", na->present);
    boolean(w, "new", nb->present);
    fa_jw_close(w, '}');
    items(w, "items_gained", d->items_b & ~d->items_a);
    items(w, "items_lost", d->items_a & ~d->items_b);
    cats(w, "declared_gained", nb->declared & ~na->declared);
    cats(w, "declared_lost", na->declared & ~nb->declared);
    cats(w, "unlisted_gained", nb->unlisted & ~na->unlisted);
    cats(w, "unlisted_lost", na->unlisted & ~nb->unlisted);
    key(w, "retention");
    fa_jw_open(w, '{');
    str(w, "old", na->retention);
    str(w, "new", nb->retention);
    boolean(w, "changed", d->retention_changed);
    fa_jw_close(w, '}');
    strvec(w, "recipients_added", &d->recipients.added);
    strvec(w, "recipients_removed", &d->recipients.removed);
    key(w, "clauses");
    fa_jw_open(w, '{');
    static const char *const kinds[FA_DIFF_NCLAUSES] = {"sharing", "retention", "consent"};
    for (int k = 0; k < FA_DIFF_NCLAUSES; k++) {
        key(w, kinds[k]);
        fa_jw_open(w, '{');
        strvec(w, "added", &d->clauses[k].added);
        strvec(w, "removed", &d->clauses[k].removed);
        fa_jw_close(w, '}');
    }
    fa_jw_close(w, '}');
    fa_jw_close(w, '}');
}

static void summary_json(fa_jw *w, const fa_diff *d)
{
    key(w, "summary");
    fa_jw_open(w, '{');
    num(w, "fields_old", (long long)d->a->n_fields);
    num(w, "fields_new", (long long)d->b->n_fields);
    num(w, "unchanged", (long long)(d->n_pairs - d->n_changed));
    num(w, "added", (long long)d->n_added);
    num(w, "removed", (long long)d->n_removed);
    num(w, "changed", (long long)d->n_changed);
    num(w, "findings_new", (long long)d->n_new);
    num(w, "findings_gone", (long long)d->n_gone);
    str(w, "worst_new", d->worst_new >= 0 ? fa_severity_name((fa_severity)d->worst_new) : NULL);
    boolean(w, "rules_differ", d->rules_differ);
    boolean(w, "empty", fa_diff_empty(d));
    fa_jw_close(w, '}');
}

static fa_status diff_json(const fa_diff *d, fa_buf *out)
{
    fa_jw w;
    fa_jw_begin(&w, out, 2, 0);
    fa_jw_open(&w, '{');
    doc_json(&w, "old", d->a);
    doc_json(&w, "new", d->b);
    key(&w, "added");
    fa_jw_open(&w, '[');
    for (size_t i = 0; i < d->n_added; i++)
        field_json(&w, NULL, &d->b->fields[d->added[i]]);
    fa_jw_close(&w, ']');
    key(&w, "removed");
    fa_jw_open(&w, '[');
    for (size_t i = 0; i < d->n_removed; i++)
        field_json(&w, NULL, &d->a->fields[d->removed[i]]);
    fa_jw_close(&w, ']');
    key(&w, "changed");
    fa_jw_open(&w, '[');
    for (size_t i = 0; i < d->n_pairs; i++)
        if (d->pairs[i].changes)
            pair_json(&w, d, &d->pairs[i]);
    fa_jw_close(&w, ']');
    cats(&w, "categories_gained", d->categories_b & ~d->categories_a);
    cats(&w, "categories_lost", d->categories_a & ~d->categories_b);
    notice_json(&w, d);
    key(&w, "findings_new");
    fa_jw_open(&w, '[');
    for (size_t i = 0; i < d->n_new; i++)
        finding_json(&w, d->b, d->findings_new[i]);
    fa_jw_close(&w, ']');
    key(&w, "findings_gone");
    fa_jw_open(&w, '[');
    for (size_t i = 0; i < d->n_gone; i++)
        finding_json(&w, d->a, d->findings_gone[i]);
    fa_jw_close(&w, ']');
    summary_json(&w, d);
    fa_jw_close(&w, '}');
    fa_status st = fa_jw_end(&w);
    return st ? st : fa_buf_putc(out, '\n');
}

fa_status fa_diff_render(const fa_diff *d, fa_report_format fmt, const fa_report_opts *opts,
                         fa_buf *out)
{
    if (!d || !out)
        return FA_ERR_USAGE;
    switch (fmt) {
    case FA_REPORT_JSON:
        return diff_json(d, out);
    case FA_REPORT_TXT:
    case FA_REPORT_MD:
    case FA_REPORT_HTML:
        return diff_text(d, fmt, opts, out);
    default:
        return FA_ERR_USAGE;
    }
}

/* ================================================================ reading a report */

static fa_status from_report(const char *text, size_t len, fa_result **out, fa_error *err)
{
    *out = NULL;
    json_error_t je;
    json_t *j = json_loadb(text, len, 0, &je);
    if (!j)
        return fa_error_set(err, FA_ERR_FORMAT, "not JSON: line %d, column %d: %s", je.line,
                            je.column, je.text);
    json_t *docs = json_object_get(j, "documents");
    if (!docs) {
        json_decref(j);
        return fa_result_from_json(text, len, out, err);
    }
    if (!json_is_array(docs) || json_array_size(docs) != 1) {
        size_t n = json_is_array(docs) ? json_array_size(docs) : 0;
        json_decref(j);
        return fa_error_set(err, FA_ERR_FORMAT,
                            "a formaudit report of %zu documents: give a report of one", n);
    }
    char *one = json_dumps(json_array_get(docs, 0), JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(j);
    if (!one)
        return fa_error_set(err, FA_ERR_NOMEM, "out of memory");
    fa_status st = fa_result_from_json(one, strlen(one), out, err);
    free(one);
    return st;
}

fa_status fa_result_from_report(const char *text, size_t len, fa_result **out, fa_error *err)
{
    fa_status st = from_report(text, len, out, err);
    if (st)
        return st;
    /* An archived report may have been edited or made elsewhere: mask it again, as the
     * audit does, before any report repeats its strings. */
    (*out)->sealed = false;
    st = fa_result_seal(*out);
    if (st) {
        fa_result_free(*out);
        *out = NULL;
        return fa_error_set(err, st, "out of memory");
    }
    return FA_OK;
}
