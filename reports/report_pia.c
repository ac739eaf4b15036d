/* report_pia.c — the audit of a form as a file the CNIL's PIA tool imports ("Importer"):
 * {"pia", "answers", "measures", "evaluations", "comments"}, the shape the tool exports
 * (see the project's PIA-EXPORT.md and the tool's own example).
 *
 * It pre-fills only what reading a form can honestly say, each answer built from the
 * result and saying where it comes from:
 *   121 the data the form collects, by category, the sensitive ones marked;
 *   211 the purposes and 212 the legal basis its notice states, or their absence;
 *   213 minimisation: subjective assessments, free comments, data beyond what the
 *       notice declares, other sensitive data to justify;
 *   215 the retention clause, or its absence; 221 the information of the person (the
 *   art. 13 items of the notice); 222 the consent clauses; 226 the recipients named;
 * and one measure per recommendation of the audit. The gauges, evaluations and opinions
 * are the DPO's: evaluations stay empty, the DPO's and the people's opinions unset.
 * Texts are the HTML the tool's editor writes (<p>, <ul><li>, <strong>, <em>), every
 * document string escaped. */
#include "interop.h"
#include "fold.h"
#include "jsonw.h"

#include <stdlib.h>
#include <string.h>

/* Long lists are cut: a PIA answer is read by a person. */
#define PIA_MAX_ITEMS 40

typedef struct pia {
    const fa_result *res;
    const fa_report_opts *opts;
    bool en;
    char stamp[40]; /* created_at / updated_at of everything */
    fa_buf h;       /* the HTML text being built */
    fa_status st;
} pia;

#define L(p, fr_, en_) ((p)->en ? (en_) : (fr_))

/* ---------------------------------------------------------------- HTML text */

static void raw(pia *p, const char *s)
{
    if (!p->st)
        p->st = fa_buf_puts(&p->h, s);
}

static void esc(pia *p, const char *s)
{
    if (!p->st)
        p->st = fa_html_escape(&p->h, s ? s : "");
}

/* "« S »" (EN “S”), escaped */
static void quote(pia *p, const char *s)
{
    raw(p, L(p, "«\xc2\xa0", "\xe2\x80\x9c"));
    esc(p, s);
    raw(p, L(p, "\xc2\xa0»", "\xe2\x80\x9d"));
}

/* <p>S</p> */
static void para(pia *p, const char *s)
{
    raw(p, "<p>");
    esc(p, s);
    raw(p, "</p>");
}

/* <p><strong>TITLE</strong> (N)</p> */
static void subhead(pia *p, const char *title, size_t n)
{
    raw(p, "<p><strong>");
    esc(p, title);
    raw(p, "</strong>");
    if (n && !p->st)
        p->st = fa_buf_printf(&p->h, " (%zu)", n);
    raw(p, "</p>");
}

static void more_item(pia *p, size_t more)
{
    if (more && !p->st)
        p->st = fa_buf_printf(&p->h, L(p, "<li>… et %zu autre(s)</li>", "<li>… and %zu more</li>"),
                              more);
}

static const fa_field *field_of(const fa_result *res, const fa_finding *f)
{
    return f->field >= 0 && (size_t)f->field < res->n_fields ? &res->fields[f->field] : NULL;
}

/* ---------------------------------------------------------------- 121 data */

/* How a category of the sensitive set is to be read, with its anchor. */
static const char *sensitive_note(int c, bool en)
{
    switch (c) {
    case FA_CAT_IDENTITY:
    case FA_CAT_CONTACT:
        return NULL;
    case FA_CAT_CRIMINAL:
        return en ? "offences and convictions, GDPR art. 10"
                  : "infractions et condamnations, RGPD art. 10";
    case FA_CAT_NATIONAL_ID:
        return en ? "state identifier, loi 78-17 art. 30" : "identifiant d'État, loi 78-17 art. 30";
    case FA_CAT_FINANCIAL:
    case FA_CAT_IMMIGRATION_STATUS:
    case FA_CAT_FAMILY_LIFE:
        return en ? "sensitive, to justify: GDPR art. 5.1.c"
                  : "sensible, à justifier : RGPD art. 5.1.c";
    case FA_CAT_SUBJECTIVE_ASSESSMENT:
        return en ? "appraisal by someone else: GDPR art. 5.1.a, c, d"
                  : "appréciation par un tiers : RGPD art. 5.1.a, c, d";
    case FA_CAT_FREE_COMMENT:
        return en ? "open comment zone: CNIL guidance on comments"
                  : "commentaire libre : recommandation CNIL sur les zones de commentaires";
    default:
        return en ? "special category, GDPR art. 9" : "donnée sensible, RGPD art. 9";
    }
}

/* The option texts of field I that findings of category C quote. */
static void option_quotes(pia *p, size_t i, int c)
{
    const fa_result *res = p->res;
    fa_strset seen = {0};
    const char *sep = " (";
    for (size_t k = 0; k < res->n_findings && !p->st; k++) {
        const fa_finding *f = &res->findings[k];
        if (f->field != (int)i || !f->scope || strcmp(f->scope, "option") || !f->quote ||
            fa_category_from_name(f->category) != c)
            continue;
        int r = fa_strset_add(&seen, f->quote);
        if (r < 0)
            p->st = FA_ERR_NOMEM;
        if (r <= 0)
            continue;
        raw(p, sep);
        esc(p, f->quote);
        sep = ", ";
    }
    if (sep[0] == ',')
        raw(p, ")");
    fa_strset_free(&seen);
}

/* The labels of the fields collecting category C (-1: fields with none). */
static void labels_of(pia *p, int c)
{
    const fa_result *res = p->res;
    size_t shown = 0, more = 0;
    for (size_t i = 0; i < res->n_fields && !p->st; i++) {
        const fa_field *f = &res->fields[i];
        bool in = c < 0 ? !f->categories : (f->categories & FA_CAT_BIT(c)) != 0;
        if (!in)
            continue;
        if (shown == PIA_MAX_ITEMS) {
            more++;
            continue;
        }
        raw(p, shown++ ? " ; " : "");
        esc(p, f->label && *f->label ? f->label : f->id);
        if (c >= 0 && f->options.n)
            option_quotes(p, i, c);
    }
    if (more && !p->st)
        p->st = fa_buf_printf(&p->h, L(p, " ; … et %zu autre(s)", " ; … and %zu more"), more);
}

static void answer_121(pia *p)
{
    const fa_result *res = p->res;
    const char *name =
        res->meta.title && *res->meta.title ? res->meta.title : fa_avis_basename(res->path);
    raw(p, "<p>");
    raw(p, L(p, "Le document ", "The document "));
    quote(p, name);
    if (!p->st)
        p->st = fa_buf_printf(&p->h,
                              L(p, " collecte %zu champ(s). Données collectées par catégorie :",
                                " collects %zu field(s). Data collected, by category:"),
                              res->n_fields);
    raw(p, "</p>");
    if (!res->n_fields) {
        para(p, L(p, "Aucun champ de collecte n'a été repéré dans le document.",
                  "No field collecting data was found in the document."));
        return;
    }
    fa_catset all = 0;
    bool uncategorised = false;
    for (size_t i = 0; i < res->n_fields; i++) {
        all |= res->fields[i].categories;
        uncategorised |= !res->fields[i].categories;
    }
    raw(p, "<ul>");
    for (int c = 0; c < FA_CAT_COUNT; c++) {
        if (!(all & FA_CAT_BIT(c)))
            continue;
        raw(p, "<li><strong>");
        esc(p, fa_category_label((fa_category)c, p->en ? "en" : "fr"));
        raw(p, "</strong>");
        const char *note = sensitive_note(c, p->en);
        if (note) {
            raw(p, " — <em>");
            esc(p, note);
            raw(p, "</em>");
        }
        raw(p, " : ");
        labels_of(p, c);
        raw(p, "</li>");
    }
    if (uncategorised) {
        raw(p, "<li><strong>");
        raw(p, L(p, "Autres données", "Other data"));
        raw(p, "</strong> : ");
        labels_of(p, -1);
        raw(p, "</li>");
    }
    raw(p, "</ul>");
    if (all & FA_CAT_SENSITIVE)
        para(p, L(p,
                  "Les catégories marquées appellent une justification (voir 2.1.3, "
                  "minimisation).",
                  "The marked categories call for a justification (see 2.1.3, "
                  "minimisation)."));
}

/* ---------------------------------------------------------------- notice sentences */

/* The sentences of the notice that contain one of CUES (folded), as list items;
 * how many. */
static size_t notice_sentences(pia *p, const char *const *cues)
{
    const char *t = p->res->notice.text;
    size_t n = 0;
    while (t && *t && !p->st && n < 6) {
        size_t len = strcspn(t, ".;\n");
        if (t[len] == '.' || t[len] == ';')
            len++;
        char *s = fa_strndup(t, len);
        char *folded = s ? fa_fold_simple(s) : NULL;
        if (!s || !folded)
            p->st = FA_ERR_NOMEM;
        bool hit = false;
        for (size_t k = 0; folded && cues[k] && !hit; k++)
            hit = strstr(folded, cues[k]) != NULL;
        if (hit && s && !fa_str_blank(s)) {
            raw(p, n++ ? "" : "<ul>");
            raw(p, "<li>");
            quote(p, fa_str_squeeze(s));
            raw(p, "</li>");
        }
        free(folded);
        free(s);
        t += len;
        while (*t == '\n' || *t == ' ')
            t++;
    }
    if (n)
        raw(p, "</ul>");
    return n;
}

/* 211 and 212: what the notice states of ITEM, by the sentences saying it. */
static void answer_notice_item(pia *p, fa_notice_item item, const char *const *cues)
{
    const fa_notice *n = &p->res->notice;
    const char *what = fa_notice_item_label((int)item, p->en);
    if (!n->present) {
        raw(p, "<p>");
        raw(p, L(p,
                 "Le document ne comporte aucune mention d'information : il n'énonce pas "
                 "les ",
                 "The document has no data-protection notice: it does not state the "));
        esc(p, what);
        raw(p, L(p, " (RGPD art. 13).</p>", " (GDPR art. 13).</p>"));
        return;
    }
    if (!(n->items & (1u << item))) {
        raw(p, "<p>");
        raw(p, L(p, "La mention d'information du document n'énonce pas : ",
                 "The document's notice does not state: "));
        esc(p, what);
        raw(p, L(p, " (RGPD art. 13).</p>", " (GDPR art. 13).</p>"));
        return;
    }
    raw(p, "<p>");
    raw(p, L(p, "Phrases de la mention d'information du document sur : ",
             "Sentences of the document's notice on: "));
    esc(p, what);
    raw(p, "</p>");
    if (!notice_sentences(p, cues))
        para(p, L(p, "La mention en traite ; son texte est cité en 2.2.1.",
                  "The notice speaks of it; its text is quoted in 2.2.1."));
}

static void answer_211(pia *p)
{
    /* folded: no accents, lower case; "afin de " with its space leaves "afin d'exercer
     * vos droits" alone, "destine a " leaves "destinées au service" (a recipient) */
    static const char *const cues[] = {"finalit",
                                       "pour objet",
                                       "pour but",
                                       "dans le but",
                                       "destine a ",
                                       "destinee a ",
                                       "destines a ",
                                       "destinees a ",
                                       "au suivi",
                                       "pour gerer",
                                       "pour la gestion",
                                       "pour le suivi",
                                       "pour instruire",
                                       "pour l'instruction",
                                       "pour assurer",
                                       "pour permettre",
                                       "permettre de ",
                                       "permet de ",
                                       "permettent de ",
                                       "en vue de",
                                       "afin de ",
                                       "aux fins",
                                       "purpose",
                                       "used to",
                                       "used for",
                                       "in order to",
                                       NULL};
    answer_notice_item(p, FA_NI_PURPOSES, cues);
}

static void answer_212(pia *p)
{
    static const char *const cues[] = {
        "base legale",         "base juridique",   "fondement",
        "article 6",           "art. 6",           "mission d'interet",
        "obligation legale",   "interet legitime", "execution d'un contrat",
        "consentement",        "legal basis",      "lawful",
        "public task",         "public interest",  "legal obligation",
        "legitimate interest", "consent",          NULL};
    answer_notice_item(p, FA_NI_LEGAL_BASIS, cues);
    fa_catset all = 0;
    for (size_t i = 0; i < p->res->n_fields; i++)
        all |= p->res->fields[i].categories;
    fa_catset art9 = FA_CAT_BIT(FA_CAT_HEALTH) | FA_CAT_BIT(FA_CAT_ETHNIC_ORIGIN) |
                     FA_CAT_BIT(FA_CAT_POLITICAL_OPINION) | FA_CAT_BIT(FA_CAT_RELIGION) |
                     FA_CAT_BIT(FA_CAT_UNION_MEMBERSHIP) | FA_CAT_BIT(FA_CAT_SEX_LIFE) |
                     FA_CAT_BIT(FA_CAT_GENETIC) | FA_CAT_BIT(FA_CAT_BIOMETRIC);
    if (all & art9)
        para(p, L(p,
                  "Le document collecte des données de l'article 9 du RGPD : le traitement "
                  "doit relever de l'une des exceptions de l'article 9.2, que la mention "
                  "devrait nommer.",
                  "The document collects special categories (GDPR art. 9): the processing "
                  "must rest on one of the exceptions of art. 9.2, which the notice should "
                  "name."));
    if (all & FA_CAT_BIT(FA_CAT_CRIMINAL))
        para(p, L(p,
                  "Il collecte des données relatives aux infractions : l'article 10 du RGPD "
                  "les réserve à l'autorité publique ou à ce qu'un texte autorise.",
                  "It collects data on offences: GDPR art. 10 reserves them to official "
                  "authority or what a law authorises."));
}

/* ---------------------------------------------------------------- 213 minimisation */

/* The fields of category C as list items: « label » (section). */
static size_t field_items(pia *p, int c)
{
    const fa_result *res = p->res;
    size_t n = 0, more = 0;
    for (size_t i = 0; i < res->n_fields && !p->st; i++) {
        const fa_field *f = &res->fields[i];
        if (!(f->categories & FA_CAT_BIT(c)))
            continue;
        if (n >= PIA_MAX_ITEMS) {
            more++;
            continue;
        }
        raw(p, n++ ? "<li>" : "<ul><li>");
        quote(p, f->label && *f->label ? f->label : f->id);
        if (f->options.n)
            option_quotes(p, i, c);
        if (f->section && *f->section) {
            raw(p, " — ");
            esc(p, f->section);
        }
        raw(p, "</li>");
    }
    more_item(p, more);
    if (n)
        raw(p, "</ul>");
    return n;
}

static size_t count_fields(const fa_result *res, int c)
{
    size_t n = 0;
    for (size_t i = 0; i < res->n_fields; i++)
        n += (res->fields[i].categories & FA_CAT_BIT(c)) != 0;
    return n;
}

static void answer_213(pia *p)
{
    const fa_result *res = p->res;
    fa_catset all = 0;
    for (size_t i = 0; i < res->n_fields; i++)
        all |= res->fields[i].categories;
    para(p, L(p,
              "Points relevés par l'audit du document au regard de la minimisation "
              "(RGPD art. 5.1.c) :",
              "What the audit of the document found about minimisation (GDPR art. 5.1.c):"));
    bool any = false;
    static const int heads[] = {FA_CAT_SUBJECTIVE_ASSESSMENT, FA_CAT_FREE_COMMENT};
    static const char *const titles[][2] = {
        {"Appréciations subjectives de la personne par un tiers (à supprimer ou à reformuler "
         "en faits vérifiables)",
         "Subjective assessments of the person by someone else (to remove or rephrase as "
         "verifiable facts)"},
        {"Zones de commentaire libre (à encadrer ou supprimer)",
         "Free comment zones (to frame or remove)"}};
    for (size_t k = 0; k < 2; k++) {
        if (!(all & FA_CAT_BIT(heads[k])))
            continue;
        any = true;
        subhead(p, titles[k][p->en], count_fields(res, heads[k]));
        field_items(p, heads[k]);
    }
    fa_catset unl = res->notice.unlisted & all;
    fa_catset rest = all & FA_CAT_SENSITIVE & ~unl & ~FA_CAT_BIT(FA_CAT_SUBJECTIVE_ASSESSMENT) &
                     ~FA_CAT_BIT(FA_CAT_FREE_COMMENT);
    for (int pass = 0; pass < 2; pass++) {
        fa_catset set = pass ? rest
                             : unl & ~FA_CAT_BIT(FA_CAT_SUBJECTIVE_ASSESSMENT) &
                                   ~FA_CAT_BIT(FA_CAT_FREE_COMMENT);
        if (!set)
            continue;
        any = true;
        subhead(p,
                pass ? L(p, "Autres données sensibles, à justifier au regard de la finalité",
                         "Other sensitive data, to justify against the purpose")
                     : L(p,
                         "Données que la mention d'information ne déclare pas (au-delà de "
                         "la finalité annoncée)",
                         "Data the notice does not declare (beyond the stated purpose)"),
                0);
        raw(p, "<ul>");
        for (int c = 0; c < FA_CAT_COUNT; c++) {
            if (!(set & FA_CAT_BIT(c)))
                continue;
            raw(p, "<li><strong>");
            esc(p, fa_category_label((fa_category)c, p->en ? "en" : "fr"));
            raw(p, "</strong> : ");
            labels_of(p, c);
            raw(p, "</li>");
        }
        raw(p, "</ul>");
    }
    if (!any)
        para(p, L(p,
                  "L'audit n'a relevé ni appréciation subjective, ni zone de commentaire "
                  "libre, ni donnée sensible.",
                  "The audit found no subjective assessment, no free comment zone and no "
                  "sensitive data."));
}

/* ---------------------------------------------------------------- clauses */

/* The findings whose category starts with KIND, as list items: message « quote ». */
static size_t finding_items(pia *p, const char *kind)
{
    const fa_result *res = p->res;
    size_t n = 0, k = strlen(kind);
    for (size_t i = 0; i < res->n_findings && !p->st; i++) {
        const fa_finding *f = &res->findings[i];
        if (!f->category || strncmp(f->category, kind, k) ||
            (f->category[k] && f->category[k] != '.'))
            continue;
        if (n >= PIA_MAX_ITEMS)
            break;
        raw(p, n++ ? "<li>" : "<ul><li>");
        esc(p, f->message);
        if (f->quote && *f->quote) {
            raw(p, " ");
            quote(p, f->quote);
        }
        raw(p, "</li>");
    }
    if (n)
        raw(p, "</ul>");
    return n;
}

static void answer_215(pia *p)
{
    const fa_notice *n = &p->res->notice;
    if (n->retention && *n->retention) {
        raw(p, "<p>");
        raw(p, L(p, "Durée de conservation indiquée par le document : ",
                 "Retention period the document states: "));
        quote(p, n->retention);
        raw(p, "</p>");
    }
    size_t k = 0;
    for (size_t i = 0; i < p->res->n_findings; i++)
        k += p->res->findings[i].category && !strcmp(p->res->findings[i].category, "retention");
    if (k) {
        para(p, L(p, "Ce que l'audit en relève :", "What the audit finds:"));
        finding_items(p, "retention");
    } else if (!n->retention || !*n->retention) {
        para(p, L(p, "Le document n'indique aucune durée de conservation.",
                  "The document states no retention period."));
    }
}

static void answer_221(pia *p)
{
    const fa_notice *n = &p->res->notice;
    if (!n->present) {
        para(p, L(p,
                  "Le document ne comporte aucune mention d'information (RGPD art. 13) : "
                  "les personnes ne sont pas informées par ce document.",
                  "The document has no data-protection notice (GDPR art. 13): it does not "
                  "inform the people concerned."));
        finding_items(p, "consent");
        return;
    }
    para(p, L(p,
              "Le document comporte une mention d'information. Éléments de l'article 13 "
              "du RGPD :",
              "The document has a data-protection notice. Items of GDPR art. 13:"));
    raw(p, "<ul>");
    for (int i = 0; i < FA_NI_COUNT; i++) {
        raw(p, "<li>");
        esc(p, fa_notice_item_label(i, p->en));
        raw(p, " : ");
        raw(p, n->items & (1u << i) ? L(p, "présent", "given")
                                    : L(p, "<strong>absent</strong>", "<strong>missing</strong>"));
        raw(p, "</li>");
    }
    raw(p, "</ul>");
    if (n->unlisted) {
        raw(p, "<p>");
        raw(p, L(p, "Catégories collectées que la mention ne déclare pas : ",
                 "Categories collected that the notice does not declare: "));
        const char *sep = "";
        for (int c = 0; c < FA_CAT_COUNT; c++)
            if (n->unlisted & FA_CAT_BIT(c)) {
                raw(p, sep);
                esc(p, fa_category_label((fa_category)c, p->en ? "en" : "fr"));
                sep = ", ";
            }
        raw(p, ".</p>");
    }
    if (n->text && *n->text) {
        raw(p, "<p>");
        raw(p, L(p, "Texte de la mention : ", "Text of the notice: "));
        quote(p, n->text);
        raw(p, "</p>");
    }
}

static void answer_222(pia *p)
{
    para(p, L(p, "Clauses de consentement et d'information relevées par l'audit :",
              "Consent and information clauses the audit found:"));
    if (!finding_items(p, "consent"))
        para(p, L(p,
                  "Aucune : ni case pré-cochée, ni consentement lié à la signature ou "
                  "imposé, ni absence totale d'information.",
                  "None: no pre-ticked box, no consent bundled with the signature or made "
                  "mandatory, no complete lack of information."));
}

static void answer_226(pia *p)
{
    const fa_notice *n = &p->res->notice;
    size_t sharing = 0;
    for (size_t i = 0; i < p->res->n_findings; i++)
        sharing += p->res->findings[i].category && !strcmp(p->res->findings[i].category, "sharing");
    if (!n->recipients.n && !sharing) {
        if (n->present && (n->items & (1u << FA_NI_RECIPIENTS)))
            para(p, L(p,
                      "La mention d'information traite des destinataires (voir 2.2.1) ; "
                      "l'audit ne relève aucune transmission à un tiers nommé.",
                      "The notice speaks of recipients (see 2.2.1); the audit finds no "
                      "transmission to a named third party."));
        else
            para(p, L(p, "Le document ne nomme ni destinataire ni sous-traitant.",
                      "The document names no recipient and no processor."));
        return;
    }
    if (n->recipients.n) {
        para(p, L(p,
                  "Destinataires que le document nomme (à qualifier : sous-traitant lié "
                  "par un contrat, RGPD art. 28, ou destinataire tiers) :",
                  "Recipients the document names (to be qualified: a processor bound by a "
                  "contract, GDPR art. 28, or a third-party recipient):"));
        raw(p, "<ul>");
        for (size_t i = 0; i < n->recipients.n && i < PIA_MAX_ITEMS; i++) {
            raw(p, "<li>");
            esc(p, n->recipients.v[i]);
            raw(p, "</li>");
        }
        more_item(p, n->recipients.n > PIA_MAX_ITEMS ? n->recipients.n - PIA_MAX_ITEMS : 0);
        raw(p, "</ul>");
    }
    if (sharing) {
        para(p, L(p, "Clauses de transmission :", "Sharing clauses:"));
        finding_items(p, "sharing");
    }
}

/* ---------------------------------------------------------------- JSON */

static void key(fa_jw *w, const char *k)
{
    fa_jw_key_lit(w, k, strlen(k));
}

static void str(fa_jw *w, const char *k, const char *s)
{
    if (k)
        key(w, k);
    s = s ? s : "";
    fa_jw_str(w, s, strlen(s));
}

static void lit(fa_jw *w, const char *k, const char *v)
{
    key(w, k);
    fa_jw_lit(w, v, strlen(v));
}

static void num(fa_jw *w, const char *k, long long v)
{
    key(w, k);
    fa_jw_int(w, v);
}

static void pia_object(fa_jw *w, pia *p)
{
    const fa_result *res = p->res;
    fa_buf name = {0};
    const char *doc =
        res->meta.title && *res->meta.title ? res->meta.title : fa_avis_basename(res->path);
    bool utf8 = fa_json_utf8_valid(doc, strlen(doc));
    if (fa_buf_printf(&name, "%s (formaudit)", utf8 ? doc : "document") != FA_OK)
        p->st = FA_ERR_NOMEM;
    key(w, "pia");
    fa_jw_open(w, '{');
    str(w, "name", name.data);
    str(w, "category", "");
    str(w, "author_name", "");
    str(w, "evaluator_name", "");
    str(w, "validator_name", "");
    num(w, "status", 0); /* in progress */
    /* the DPO's opinion and the people's are theirs to give: unset */
    lit(w, "dpo_status", "null");
    str(w, "dpo_opinion", "");
    str(w, "dpos_names", "");
    lit(w, "concerned_people_status", "null");
    str(w, "concerned_people_opinion", "");
    lit(w, "concerned_people_searched_opinion", "null");
    str(w, "concerned_people_searched_content", "");
    str(w, "people_names", "");
    str(w, "rejection_reason", "");
    str(w, "applied_adjustments", "");
    str(w, "created_at", p->stamp);
    str(w, "updated_at", p->stamp);
    fa_jw_close(w, '}');
    fa_buf_free(&name);
}

typedef void (*answer_fn)(pia *p);

static void answers(fa_jw *w, pia *p)
{
    static const struct {
        int id;
        answer_fn fn;
    } qs[] = {{121, answer_121}, {211, answer_211}, {212, answer_212}, {213, answer_213},
              {215, answer_215}, {221, answer_221}, {222, answer_222}, {226, answer_226}};
    key(w, "answers");
    fa_jw_open(w, '[');
    for (size_t i = 0; p->res->status == FA_OK && i < sizeof qs / sizeof qs[0] && !p->st; i++) {
        fa_buf_reset(&p->h);
        qs[i].fn(p);
        fa_jw_item(w);
        fa_jw_open(w, '{');
        num(w, "reference_to", qs[i].id);
        key(w, "data");
        fa_jw_open(w, '{');
        str(w, "text", p->h.data);
        num(w, "gauge", 0);
        key(w, "list");
        fa_jw_open(w, '[');
        fa_jw_close(w, ']');
        fa_jw_close(w, '}');
        str(w, "created_at", p->stamp);
        str(w, "updated_at", p->stamp);
        fa_jw_close(w, '}');
    }
    fa_jw_close(w, ']');
}

/* One measure per distinct recommendation: what to do, and the points it answers. */
static void measure(fa_jw *w, pia *p, size_t first, long id)
{
    const fa_result *res = p->res;
    const fa_finding *f0 = &res->findings[first];
    fa_buf_reset(&p->h);
    para(p, f0->recommendation);
    size_t n = 0;
    for (size_t i = first; i < res->n_findings && !p->st; i++) {
        const fa_finding *f = &res->findings[i];
        if (!f->recommendation || strcmp(f->recommendation, f0->recommendation))
            continue;
        if (n == PIA_MAX_ITEMS)
            break;
        raw(p, n++ ? "<li>" : "<ul><li>");
        const fa_field *fld = field_of(res, f);
        const char *q = f->quote && *f->quote ? f->quote : fld ? fld->label : NULL;
        if (q)
            quote(p, q);
        else
            esc(p, f->message);
        raw(p, "</li>");
    }
    if (n)
        raw(p, "</ul>");
    if (f0->legal_basis.n) {
        raw(p, "<p>");
        raw(p, L(p, "Base légale : ", "Legal basis: "));
        for (size_t i = 0; i < f0->legal_basis.n; i++) {
            raw(p, i ? " ; " : "");
            esc(p, f0->legal_basis.v[i]);
        }
        raw(p, "</p>");
    }
    fa_buf title = {0};
    const char *label = fa_avis_category_label(f0->category, p->en);
    if (fa_buf_printf(&title, "%s (%s)", label, f0->rule ? f0->rule : "") != FA_OK)
        p->st = FA_ERR_NOMEM;
    if (title.data && title.data[0] >= 'a' && title.data[0] <= 'z')
        title.data[0] = (char)(title.data[0] - 'a' + 'A');
    fa_jw_item(w);
    fa_jw_open(w, '{');
    num(w, "id", id);
    str(w, "title", title.data);
    str(w, "content", p->h.data);
    str(w, "placeholder", "measures.default_placeholder");
    str(w, "created_at", p->stamp);
    str(w, "updated_at", p->stamp);
    fa_jw_close(w, '}');
    fa_buf_free(&title);
}

static void measures(fa_jw *w, pia *p)
{
    const fa_result *res = p->res;
    key(w, "measures");
    fa_jw_open(w, '[');
    long id = 0;
    for (size_t i = 0; res->status == FA_OK && i < res->n_findings && !p->st; i++) {
        const char *rec = res->findings[i].recommendation;
        if (!rec || !*rec)
            continue;
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = res->findings[j].recommendation && !strcmp(res->findings[j].recommendation, rec);
        if (!seen)
            measure(w, p, i, ++id);
    }
    fa_jw_close(w, ']');
}

/* Where the answers come from, for the DPO who reads them. */
static void comments(fa_jw *w, pia *p)
{
    const fa_result *res = p->res;
    fa_buf d = {0};
    const char *version = p->opts && p->opts->tool_version ? p->opts->tool_version : fa_version();
    const char *base = fa_avis_basename(res->path);
    if (!fa_json_utf8_valid(base, strlen(base)))
        base = "document";
    const char *why = res->error && fa_json_utf8_valid(res->error, strlen(res->error))
                          ? res->error
                          : fa_strerror(res->status);
    fa_status st;
    if (res->status != FA_OK)
        st = fa_buf_printf(&d,
                           L(p,
                             "formaudit %s n'a pas pu lire %s : %s. Aucune réponse n'est "
                             "pré-remplie.",
                             "formaudit %s could not read %s: %s. No answer is pre-filled."),
                           version, base, why);
    else
        st = fa_buf_printf(&d,
                           L(p,
                             "Réponses 1.2.1, 2.1.1, 2.1.2, 2.1.3, 2.1.5, 2.2.1, 2.2.2 et "
                             "2.2.6 et mesures pré-remplies par formaudit %s à partir du "
                             "document %s (SHA-256 %s) : elles rapportent ce que le "
                             "document montre. Les autres réponses, les jauges et "
                             "l'évaluation restent à faire.",
                             "Answers 1.2.1, 2.1.1, 2.1.2, 2.1.3, 2.1.5, 2.2.1, 2.2.2 and "
                             "2.2.6 and the measures were pre-filled by formaudit %s from the "
                             "document %s (SHA-256 %s): they report what the document shows. "
                             "The other answers, the gauges and the evaluation remain to be "
                             "done."),
                           version, base, res->sha256);
    if (st)
        p->st = st;
    key(w, "comments");
    fa_jw_open(w, '[');
    fa_jw_item(w);
    fa_jw_open(w, '{');
    str(w, "description", d.data);
    num(w, "reference_to", 121);
    lit(w, "for_measure", "false");
    str(w, "created_at", p->stamp);
    fa_jw_close(w, '}');
    fa_jw_close(w, ']');
    fa_buf_free(&d);
}

fa_status fa_render_pia(const fa_result *res, const fa_report_opts *opts, fa_buf *out)
{
    pia p = {.res = res, .opts = opts, .en = fa_avis_en(opts)};
    char day[16];
    snprintf(p.stamp, sizeof p.stamp, "%sT00:00:00.000Z", fa_avis_date(opts, day));
    fa_jw w;
    fa_jw_begin(&w, out, 2, 0);
    fa_jw_open(&w, '{');
    pia_object(&w, &p);
    answers(&w, &p);
    measures(&w, &p);
    key(&w, "evaluations"); /* the DPO's work */
    fa_jw_open(&w, '[');
    fa_jw_close(&w, ']');
    comments(&w, &p);
    fa_jw_close(&w, '}');
    fa_buf_free(&p.h);
    fa_status st = fa_jw_end(&w);
    if (!st && p.st) {
        st = p.st;
        out->len = w.len0;
        if (out->data)
            out->data[out->len] = '\0';
    }
    return st ? st : fa_buf_putc(out, '\n');
}
