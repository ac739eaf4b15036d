/* avis.c — what the avis technique says, in French and English, for every rich format.
 * It reads the sealed result of one document and emits headings, paragraphs, lists and
 * tables to a sink (avis.h). Findings are grouped as an expert would write them: by
 * theme, then by rule, so one rule firing on the twelve options of a list is said once
 * with the twelve options quoted together; each theme states its risk once. This file
 * has the emitters, the grouping and the analysis point by point; avis_parts.c the other
 * parts of the avis. */
#include "avis_int.h"

#include "ident.h"
#include "result.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ================================================================ small helpers */

bool fa_avis_en(const fa_report_opts *opts)
{
    return opts && opts->lang && !strcmp(opts->lang, "en");
}

char *fa_avis_doc_text(const char *s)
{
    /* sealed strings are masked already; this is for results read back from older JSON */
    char *m = fa_result_mask_text(s, false);
    if (!m)
        return NULL;
    /* One line: quotes are printed inline, and a line break inside one would start a
     * Markdown block or a new txt line. */
    for (unsigned char *p = (unsigned char *)m; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            *p = ' ';
    return fa_str_squeeze(m);
}

const char *fa_avis_s(const char *s)
{
    return s ? s : "";
}

const char *fa_avis_basename(const char *path)
{
    if (!path)
        return "";
    const char *b = strrchr(path, '/');
    return b && b[1] ? b + 1 : path;
}

const char *fa_avis_severity_label(int sev, bool en)
{
    static const char *const fr[5] = {"info", "faible", "moyen", "élevé", "critique"};
    static const char *const enl[5] = {"info", "low", "medium", "high", "critical"};
    if (sev < 0 || sev > 4)
        sev = 0;
    return en ? enl[sev] : fr[sev];
}

fa_status fa_avis_location(fa_buf *out, const fa_loc *loc, bool en)
{
    long long page = loc->page, table = loc->table, row = loc->row;
    fa_status st = FA_OK;
    const char *sep = "";
    if (page > 0) {
        st = fa_buf_printf(out, "page %lld", page);
        sep = ", ";
    }
    if (!st && table > 0) {
        st = fa_buf_printf(out, "%s%s %lld", sep, en ? "table" : "tableau", table);
        sep = ", ";
    }
    if (!st && table > 0 && row > 0)
        st = fa_buf_printf(out, "%s%s %lld", sep, en ? "row" : "ligne", row);
    return st;
}

static const struct {
    const char *name, *fr, *en;
} kind_labels[] = {
    {"notice.missing", "absence de notice d'information", "no privacy notice"},
    {"notice.incomplete", "notice d'information incomplète", "incomplete privacy notice"},
    {"notice.unlisted", "catégories non déclarées dans la notice",
     "categories missing from the notice"},
    {"sharing", "partage avec des tiers", "sharing with third parties"},
    {"retention", "durée de conservation", "retention period"},
    {"consent", "consentement et information", "consent and information"},
    {"dpia", "analyse d'impact (AIPD)", "impact assessment (DPIA)"},
    {"value", "données personnelles présentes", "personal data present"},
    {"sharing.access", "accès au dossier", "access to the file"},
    {"sharing.referral", "saisine du dispositif", "referral to the scheme"},
    {"processing.proportionality", "proportionnalité", "proportionality"},
    {"processing.register", "registre des traitements", "record of processing"},
    {"processing.paper", "dossier papier", "paper file"},
    {"processing.joint", "responsabilité conjointe", "joint controllers"},
    {"consent.validation", "validation par la personne", "validation by the person"},
};

const char *fa_avis_category_label(const char *name, bool en)
{
    int c = fa_category_from_name(name);
    if (c >= 0)
        return fa_category_label((fa_category)c, en ? "en" : "fr");
    for (size_t i = 0; i < sizeof kind_labels / sizeof kind_labels[0]; i++)
        if (name && !strcmp(name, kind_labels[i].name))
            return en ? kind_labels[i].en : kind_labels[i].fr;
    return name ? name : "";
}

const char *fa_avis_date(const fa_report_opts *opts, char buf[16])
{
    if (opts && opts->date && *opts->date) {
        snprintf(buf, 16, "%s", opts->date);
        return buf;
    }
    time_t t = time(NULL);
    struct tm tm;
    if (!gmtime_r(&t, &tm) || !strftime(buf, 16, "%Y-%m-%d", &tm))
        snprintf(buf, 16, "?");
    return buf;
}

/* "2026-01-15" -> "15 janvier 2026" / "15 January 2026"; other text is kept. */
void long_date(const char *iso, bool en, char *out, size_t n)
{
    static const char *const fr[12] = {"janvier",   "février", "mars",     "avril",
                                       "mai",       "juin",    "juillet",  "août",
                                       "septembre", "octobre", "novembre", "décembre"};
    static const char *const enm[12] = {"January",   "February", "March",    "April",
                                        "May",       "June",     "July",     "August",
                                        "September", "October",  "November", "December"};
    int y, m, d;
    if (sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) == 3 && m >= 1 && m <= 12 && d >= 1 && d <= 31)
        snprintf(out, n, "%d %s %d", d, en ? enm[m - 1] : fr[m - 1], y);
    else
        snprintf(out, n, "%s", iso);
}

/* ================================================================ emitters */

const char *L(const av *a, const char *fr, const char *en)
{
    return a->en ? en : fr;
}

void heading(av *a, int level, const char *t)
{
    if (!a->st)
        a->st = a->s->heading(a->s->ctx, level, t);
}

void begin(av *a, fa_avis_block k, int sev)
{
    if (!a->st)
        a->st = a->s->block_begin(a->s->ctx, k, sev);
}

void end(av *a, fa_avis_block k)
{
    if (!a->st)
        a->st = a->s->block_end(a->s->ctx, k);
}

void span(av *a, fa_avis_span k, const char *t)
{
    if (!a->st && t && *t)
        a->st = a->s->span(a->s->ctx, k, t);
}

void text(av *a, const char *t)
{
    span(a, FA_SPAN_TEXT, t);
}

void tl(av *a, const char *fr, const char *en)
{
    span(a, FA_SPAN_TEXT, L(a, fr, en));
}

void strong(av *a, const char *t)
{
    span(a, FA_SPAN_STRONG, t);
}

void textf(av *a, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    text(a, buf);
}

/* Document text, masked and flattened, between guillemets (EN: curly quotes). */
void quote(av *a, const char *dtext)
{
    if (a->st)
        return;
    char *q = fa_avis_doc_text(dtext);
    if (!q) {
        a->st = FA_ERR_NOMEM;
        return;
    }
    text(a, L(a, "«\xc2\xa0", "\xe2\x80\x9c"));
    span(a, FA_SPAN_QUOTE, *q ? q : "…");
    text(a, L(a, "\xc2\xa0»", "\xe2\x80\x9d"));
    free(q);
}

/* Plain document text (file names, sections), masked, no quotation marks. */
void doc_text(av *a, const char *s)
{
    if (a->st)
        return;
    char *q = fa_avis_doc_text(s);
    if (!q) {
        a->st = FA_ERR_NOMEM;
        return;
    }
    text(a, q);
    free(q);
}

void para(av *a, const char *fr, const char *en)
{
    begin(a, FA_BLOCK_PARA, -1);
    tl(a, fr, en);
    end(a, FA_BLOCK_PARA);
}

void item(av *a, const char *fr, const char *en)
{
    begin(a, FA_BLOCK_ITEM, -1);
    tl(a, fr, en);
    end(a, FA_BLOCK_ITEM);
}

void list_begin(av *a)
{
    if (!a->st)
        a->st = a->s->list_begin(a->s->ctx);
}

void list_end(av *a)
{
    if (!a->st)
        a->st = a->s->list_end(a->s->ctx);
}

/* A message from a rule pack, ended with a full stop if it has none. */
void sentence(av *a, const char *msg)
{
    if (a->st || !msg || !*msg)
        return;
    doc_text(a, msg);
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == ' ' || msg[n - 1] == '\n'))
        n--;
    bool ellipsis = n >= 3 && !strncmp(msg + n - 3, "\xe2\x80\xa6", 3);
    if (n && !strchr(".!?", msg[n - 1]) && !ellipsis)
        text(a, ".");
}

void first_sentence(const char *s, char *out, size_t n)
{
    size_t k = strcspn(s, "\n");
    for (size_t i = 20; i + 1 < k; i++)
        if (s[i] == '.' && s[i + 1] == ' ') {
            k = i + 1;
            break;
        }
    snprintf(out, n, "%.*s", (int)(k < n - 1 ? k : n - 1), s);
}

void count_of(av *a, size_t n, const char *one_fr, const char *many_fr, const char *one_en,
              const char *many_en)
{
    /* French takes the singular for 0 and 1, English for 1 only */
    bool one = a->en ? n == 1 : n <= 1;
    textf(a, "%zu %s", n, one ? L(a, one_fr, one_en) : L(a, many_fr, many_en));
}

/* ================================================================ the document */

const char *doc_title(const av *a)
{
    const char *t = fa_result_title(a->res);
    return *t ? t : fa_avis_basename(fa_result_path(a->res));
}

const char *doc_noun(const av *a, bool definite)
{
    static const char *const fr[FA_DK_COUNT][2] = {
        {"un formulaire", "le formulaire"},
        {"une convention", "la convention"},
        {"des conditions d'échange de données", "les conditions d'échange de données"},
        {"une charte", "la charte"},
        {"des conditions d'utilisation", "les conditions d'utilisation"},
        {"un mandat", "le mandat"},
        {"un accord de sous-traitance", "l'accord de sous-traitance"},
        {"une notice d'information", "la notice d'information"}};
    static const char *const en[FA_DK_COUNT][2] = {
        {"a form", "the form"},
        {"a convention", "the convention"},
        {"data-exchange terms", "the data-exchange terms"},
        {"a charter", "the charter"},
        {"terms of use", "the terms of use"},
        {"a mandate", "the mandate"},
        {"a processing agreement", "the processing agreement"},
        {"a privacy notice", "the privacy notice"}};
    unsigned k = (unsigned)a->res->kind < FA_DK_COUNT ? (unsigned)a->res->kind : 0;
    return a->en ? en[k][definite] : fr[k][definite];
}

int verdict(const av *a)
{
    int worst = -1;
    for (size_t g = 0; g < a->ng; g++)
        if (a->groups[g].sev > worst)
            worst = a->groups[g].sev;
    return worst >= FA_SEV_CRITICAL ? 3 : worst >= FA_SEV_HIGH ? 2 : worst >= FA_SEV_LOW ? 1 : 0;
}

const char *verdict_label(int v, bool en)
{
    static const char *const fr[4] = {"Avis favorable", "Avis favorable sous réserves",
                                      "Avis réservé", "Avis défavorable en l'état"};
    static const char *const enl[4] = {"Favourable opinion", "Favourable, with reservations",
                                       "Reserved opinion", "Unfavourable as it stands"};
    return (en ? enl : fr)[v < 0 ? 0 : v > 3 ? 3 : v];
}

/* ================================================================ themes */

static const char *const theme_fr[TH_COUNT] = {
    "Appréciations subjectives et zones de commentaire libre",
    "Catégories particulières de données et données pénales (RGPD art. 9 et 10)",
    "Situation au regard du séjour et vie familiale intime",
    "Identifiants et données financières",
    "Données réelles présentes dans le document",
    "Questions prévues par le cadre légal",
    "Information de la personne",
    "Destinataires et secret professionnel",
    "Accès au dossier, proportionnalité et responsabilité du traitement",
    "Conservation",
    "Consentement et place de la personne",
    "Analyse d'impact (AIPD)",
    "Autres points"};
static const char *const theme_en[TH_COUNT] = {
    "Subjective assessments and free comment zones",
    "Special categories of data and criminal data (GDPR art. 9 and 10)",
    "Residence status and intimate family life",
    "Identifiers and financial data",
    "A real person's data in the document",
    "Questions the legal frame provides for",
    "Informing the person",
    "Recipients and professional secrecy",
    "Access to the file, proportionality and responsibility for the processing",
    "Retention",
    "Consent and the person's part",
    "Impact assessment (DPIA)",
    "Other points"};

const char *theme_name(int th, bool en)
{
    return th >= 0 && th < TH_COUNT ? (en ? theme_en[th] : theme_fr[th]) : "";
}

static int theme_of(const fa_finding *f)
{
    static const struct {
        const char *cat;
        int theme;
    } map[] = {{"subjective_assessment", TH_SUBJ},
               {"free_comment", TH_SUBJ},
               {"immigration_status", TH_PRIVATE},
               {"family_life", TH_PRIVATE},
               {"national_id", TH_IDENT},
               {"financial", TH_IDENT},
               {"identity", TH_IDENT},
               {"contact", TH_IDENT},
               {"value", TH_VALUE},
               {"sharing.access", TH_SYSTEM},
               {"sharing.referral", TH_SYSTEM},
               {"sharing", TH_SHARING},
               {"processing", TH_SYSTEM},
               {"retention", TH_RETENTION},
               {"consent", TH_CONSENT},
               {"dpia", TH_DPIA}};
    const char *cat = fa_avis_s(f->category);
    if (f->prescribed && *f->prescribed && f->field >= 0)
        return TH_PRESCRIBED;
    if (!strncmp(cat, "notice", 6))
        return TH_NOTICE;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        size_t k = strlen(map[i].cat);
        if (!strncmp(cat, map[i].cat, k) && (cat[k] == 0 || cat[k] == '.'))
            return map[i].theme;
    }
    int c = fa_category_from_name(cat);
    if (c >= 0)
        return TH_SENS; /* art. 9 categories and criminal data */
    return TH_OTHER;
}

/* One risk statement per theme: why an expert objects. */
static const char *const risk_fr[TH_COUNT] = {
    "une appréciation portée par un tiers, consignée comme un fait, suit la personne d'un dossier "
    "à l'autre et peut la priver d'une aide, alors qu'elle ne l'a ni dite ni validée ; une zone "
    "libre sans cadre appelle les jugements et les données sensibles que la CNIL proscrit.",
    "ces données sont interdites sauf exception prévue par le règlement (art. 9.2) ou, pour les "
    "données pénales, par la loi (art. 10) ; leur révélation expose la personne à la "
    "discrimination et à l'exclusion.",
    "la situation au regard du séjour et la vie familiale intime ne sont pas des catégories "
    "particulières au sens de l'article 9, mais leur collecte n'est admise que si la finalité "
    "l'exige ; au-delà, elle expose la personne et dissuade de demander de l'aide.",
    "le numéro de sécurité sociale permet de relier des fichiers : hors des cas du décret cadre, "
    "il n'a pas sa place ; les données financières ne se justifient que pour calculer ou verser "
    "une aide.",
    "le document contient les données d'une personne réelle : il doit être protégé comme un "
    "dossier et ne pas circuler comme un modèle.",
    NULL,
    "sans information complète, la personne ne sait ni qui traite ses données, ni pourquoi, ni "
    "comment exercer ses droits.",
    "ce qui est confié à un professionnel tenu au secret ne peut être révélé à qui ne l'est pas : "
    "la transmission expose le professionnel à une violation du secret (Code pénal art. 226-13) et "
    "rompt la relation de confiance.",
    "un dossier ouvert trop largement (à trop de lecteurs, pour toute personne reçue, sur "
    "signalement de n'importe qui) fait d'un outil d'accompagnement un fichier de population.",
    "faute de durée précise et proportionnée, des informations anciennes, parfois périmées, "
    "restent accessibles.",
    "un consentement forcé ou absent n'en est pas un, et ce qui est écrit sans la personne ne "
    "porte pas sa parole : elle ne peut que subir ce qui est décidé pour elle.",
    "sans analyse d'impact, les risques pour des personnes vulnérables ne sont ni évalués ni "
    "réduits.",
    NULL};
static const char *const risk_en[TH_COUNT] = {
    "a third party's opinion, recorded as a fact, follows the person from file to file and may "
    "deprive them of help, although they neither said nor approved it; an unframed free zone "
    "invites the judgements and sensitive data the CNIL forbids.",
    "these data are prohibited save for the exceptions of the regulation (art. 9(2)) or, for "
    "criminal data, of the law (art. 10); their disclosure exposes the person to discrimination "
    "and exclusion.",
    "residence status and intimate family life are not special categories under art. 9, but "
    "collecting them is allowed only where the purpose requires it; beyond that, it exposes the "
    "person and deters them from seeking help.",
    "the social security number links files together: outside the cases of the framework decree "
    "it has no place; financial data are justified only to calculate or pay a benefit.",
    "the document holds a real person's data: it must be protected as a file and not circulate "
    "as a template.",
    NULL,
    "without complete information the person knows neither who processes their data, nor why, "
    "nor how to exercise their rights.",
    "what is confided to a professional bound by secrecy may not be disclosed to those who are "
    "not: the transmission exposes the professional to a breach of secrecy (Criminal Code art. "
    "226-13) and breaks trust.",
    "a file opened too widely (to too many readers, for everyone received, on anyone's referral) "
    "turns a support tool into a population register.",
    "without a precise and proportionate period, old and sometimes outdated information stays "
    "available.",
    "forced or absent consent is no consent, and what is written without the person does not "
    "carry their word: they can only submit to what is decided for them.",
    "without an impact assessment the risks for vulnerable people are neither assessed nor "
    "reduced.",
    NULL};

static const char *notice_item_label(const char *it, bool en)
{
    static const struct {
        const char *name, *fr, *en;
    } items[] = {
        {"controller", "l'identité du responsable du traitement", "the controller's identity"},
        {"dpo", "les coordonnées du délégué à la protection des données",
         "the DPO's contact details"},
        {"purposes", "les finalités", "the purposes"},
        {"legal_basis", "la base légale", "the legal basis"},
        {"recipients", "les destinataires", "the recipients"},
        {"retention", "la durée de conservation", "the retention period"},
        {"rights", "les droits de la personne (accès, rectification, effacement, opposition)",
         "the person's rights (access, rectification, erasure, objection)"},
        {"complaint", "le droit d'introduire une réclamation auprès de la CNIL",
         "the right to lodge a complaint with the CNIL"}};
    for (size_t i = 0; i < sizeof items / sizeof items[0]; i++)
        if (!strcmp(it, items[i].name))
            return en ? items[i].en : items[i].fr;
    return it;
}

/* ================================================================ grouping */

const fa_finding *finding(const av *a, size_t i)
{
    return &a->res->findings[i];
}

const fa_field *field_of(const av *a, const fa_finding *f)
{
    return f->field >= 0 && (size_t)f->field < a->res->n_fields ? &a->res->fields[f->field] : NULL;
}

/* Sort key of a finding: theme, rule, document order. */
typedef struct fkey {
    size_t i;
    int theme;
    const char *rule; /* the grouping key: rule id, or "field\x01category" for options */
    char *own;        /* storage of rule when built */
} fkey;

static int cmp_fkey(const void *x, const void *y)
{
    const fkey *p = x, *q = y;
    if (p->theme != q->theme)
        return p->theme - q->theme;
    int c = strcmp(p->rule, q->rule);
    if (c)
        return c;
    return p->i < q->i ? -1 : p->i > q->i;
}

static int cmp_group(const void *x, const void *y)
{
    const group *g = x, *h = y;
    if (g->theme != h->theme)
        return g->theme - h->theme;
    if (g->sev != h->sev)
        return h->sev - g->sev;
    return g->first < h->first ? -1 : g->first > h->first;
}

/* The grouping key of finding I: its rule; for the options of one list that collect the
 * same category, whatever rule saw each, the list and the category ("« Santé »,
 * « Handicap » et « Addictions »"); for prescribed questions, their category. */
static fa_status group_key(av *a, size_t i, fkey *k)
{
    const fa_finding *f = finding(a, i);
    *k = (fkey){i, theme_of(f), fa_avis_s(f->rule), NULL};
    fa_buf kb = {0};
    fa_status st = FA_OK;
    if (k->theme == TH_PRESCRIBED)
        st = fa_buf_printf(&kb, "\x02%s", fa_avis_s(f->category));
    else if (!strcmp(fa_avis_s(f->scope), "option") && field_of(a, f))
        st = fa_buf_printf(&kb, "\x01%s\x01%s", field_of(a, f)->id, fa_avis_s(f->category));
    else
        return FA_OK;
    if (st) {
        fa_buf_free(&kb);
        return st;
    }
    k->own = fa_buf_steal(&kb);
    k->rule = k->own;
    return FA_OK;
}

/* Groups: one per (theme, key), most serious first inside a theme. */
fa_status make_groups(av *a)
{
    a->nf = a->res->n_findings;
    if (!a->nf)
        return FA_OK;
    a->order = malloc(a->nf * sizeof *a->order);
    a->groups = calloc(a->nf, sizeof *a->groups);
    fkey *keys = calloc(a->nf, sizeof *keys);
    fa_status st = a->order && a->groups && keys ? FA_OK : FA_ERR_NOMEM;
    for (size_t i = 0; !st && i < a->nf; i++)
        st = group_key(a, i, &keys[i]);
    if (!st)
        qsort(keys, a->nf, sizeof *keys, cmp_fkey);
    for (size_t k = 0; !st && k < a->nf; k++) {
        a->order[k] = keys[k].i;
        group *g = a->ng ? &a->groups[a->ng - 1] : NULL;
        if (!g || g->theme != keys[k].theme || strcmp(keys[k - 1].rule, keys[k].rule)) {
            g = &a->groups[a->ng++];
            g->idx = &a->order[k];
            g->first = keys[k].i;
            g->theme = keys[k].theme;
            g->sev = -1;
        }
        g->n++;
        int sev = (int)finding(a, keys[k].i)->severity;
        if (sev > g->sev)
            g->sev = sev;
    }
    for (size_t k = 0; keys && k < a->nf; k++)
        free(keys[k].own);
    free(keys);
    if (!st)
        qsort(a->groups, a->ng, sizeof *a->groups, cmp_group);
    return st;
}

bool theme_present(const av *a, int th)
{
    for (size_t g = 0; g < a->ng; g++)
        if (a->groups[g].theme == th)
            return true;
    return false;
}

/* Where a quote is, as the analysis says it: the page only when the document has
 * several (annex B gives every location in full). */
static fa_status where(const av *a, fa_buf *out, const fa_loc *loc)
{
    fa_loc l = *loc;
    if (a->res->pages <= 1)
        l.page = 0;
    return fa_avis_location(out, &l, a->en);
}

/* At most this many distinct quotes are printed for one group; the rest are counted. */
#define MAX_GROUP_QUOTES 15

/* « A », « B » (page 2, tableau 1) et « C » (page 3): each run of quotes sharing a
 * location is followed by it once. */
static void group_quotes(av *a, const group *g)
{
    const char *shown[MAX_GROUP_QUOTES];
    size_t ns = 0, more = 0;
    size_t pick[MAX_GROUP_QUOTES];
    fa_strset seen = {0};
    for (size_t k = 0; k < g->n; k++) {
        const char *q = fa_avis_s(finding(a, g->idx[k])->quote);
        if (!*q)
            continue;
        int added = fa_strset_add(&seen, q);
        if (added < 0) {
            a->st = FA_ERR_NOMEM;
            break;
        }
        if (!added)
            continue;
        if (ns == MAX_GROUP_QUOTES) {
            more++;
            continue;
        }
        pick[ns] = g->idx[k];
        shown[ns++] = q;
    }
    fa_strset_free(&seen);
    fa_buf cur = {0}, next = {0};
    for (size_t j = 0; j < ns && !a->st; j++) {
        if (j > 0)
            text(a, j + 1 == ns && !more ? L(a, " et ", " and ") : ", ");
        quote(a, shown[j]);
        fa_buf_reset(&cur);
        a->st = a->st ? a->st : where(a, &cur, &finding(a, pick[j])->loc);
        fa_buf_reset(&next);
        if (j + 1 < ns && !a->st)
            a->st = where(a, &next, &finding(a, pick[j + 1])->loc);
        bool last_of_run =
            j + 1 == ns || strcmp(cur.data ? cur.data : "", next.data ? next.data : "");
        if (last_of_run && cur.len)
            textf(a, " (%s)", cur.data);
    }
    if (more) {
        text(a, L(a, " et ", " and "));
        count_of(a, more, "autre", "autres", "more", "more");
    }
    fa_buf_free(&cur);
    fa_buf_free(&next);
}

/* The legal bases of a group, each once, joined with "; ". */
static void group_bases(av *a, const group *g)
{
    fa_strset seen = {0};
    bool any = false;
    for (size_t k = 0; k < g->n && !a->st; k++) {
        const fa_strvec *lb = &finding(a, g->idx[k])->legal_basis;
        for (size_t i = 0; i < lb->n && !a->st; i++) {
            const char *s = lb->v[i];
            if (!s || !*s)
                continue;
            int added = fa_strset_add(&seen, s);
            if (added < 0)
                a->st = FA_ERR_NOMEM;
            if (added <= 0)
                continue;
            text(a, any ? L(a, " ; ", "; ") : L(a, " Fondement : ", " Legal basis: "));
            doc_text(a, s);
            any = true;
        }
    }
    if (any)
        text(a, ".");
    fa_strset_free(&seen);
}

const fa_finding *representative(const av *a, const group *g)
{
    for (size_t k = 0; k < g->n; k++)
        if ((int)finding(a, g->idx[k])->severity == g->sev)
            return finding(a, g->idx[k]);
    return finding(a, g->idx[0]);
}

static const char *field_label(const av *a, const fa_finding *f)
{
    const fa_field *fd = field_of(a, f);
    return fd ? fa_avis_s(fd->label) : "";
}

/* A message or recommendation of a pack, said of a box of a list rather than a field:
 * "Ce champ porte sur…" becomes "Cette option porte sur…". */
static void fitted(av *a, const char *msg, bool option)
{
    static const struct {
        const char *from, *to;
    } sw[] = {{"Ce champ ", "Cette option "},  {"ce champ ", "cette option "},
              {"Le champ ", "L'option "},      {"le champ ", "l'option "},
              {"This field ", "This option "}, {"this field ", "this option "},
              {"The field ", "The option "},   {"the field ", "the option "}};
    if (!option || !msg) {
        sentence(a, msg);
        return;
    }
    fa_buf b = {0};
    const char *p = msg;
    while (*p && !a->st) {
        size_t i = 0;
        while (i < sizeof sw / sizeof *sw && strncmp(p, sw[i].from, strlen(sw[i].from)))
            i++;
        if (i < sizeof sw / sizeof *sw) {
            a->st = fa_buf_puts(&b, sw[i].to);
            p += strlen(sw[i].from);
        } else {
            a->st = fa_buf_putc(&b, *p++);
        }
    }
    if (!a->st)
        sentence(a, b.data ? b.data : "");
    fa_buf_free(&b);
}

static void emit_group(av *a, const group *g)
{
    const fa_finding *f0 = representative(a, g);
    const char *cat = fa_avis_s(f0->category);
    bool options = !strcmp(fa_avis_s(f0->scope), "option");
    bool many_rules = false;
    for (size_t k = 1; k < g->n && !many_rules; k++)
        many_rules = strcmp(fa_avis_s(finding(a, g->idx[k])->rule),
                            fa_avis_s(finding(a, g->idx[0])->rule)) != 0;
    begin(a, FA_BLOCK_ITEM, g->sev);
    strong(a, fa_avis_severity_label(g->sev, a->en));
    text(a, " — ");
    if (many_rules && options) {
        tl(a, "La liste ", "The list ");
        quote(a, field_label(a, f0));
        textf(a,
              LF(a, " propose des options qui recueillent des données de la catégorie « %s ».",
                 " offers options that collect data of the category \"%s\"."),
              fa_avis_category_label(cat, a->en));
    } else {
        fitted(a, f0->message, options);
    }
    size_t nq = 0;
    for (size_t k = 0; k < g->n; k++)
        nq += *fa_avis_s(finding(a, g->idx[k])->quote) != 0;
    if (nq) {
        if (options)
            tl(a, nq > 1 ? " Options concernées : " : " Option concernée : ",
               nq > 1 ? " Options concerned: " : " Option concerned: ");
        else if (field_of(a, f0))
            tl(a, nq > 1 ? " Champs concernés : " : " Champ concerné : ",
               nq > 1 ? " Fields: " : " Field: ");
        else
            tl(a, " Texte du document : ", " Document text: ");
        group_quotes(a, g);
        text(a, ".");
    }
    (void)cat; /* the theme and annex C say the category */
    group_bases(a, g);
    const char *rec = "";
    for (size_t k = 0; k < g->n && !*rec; k++)
        rec = fa_avis_s(finding(a, g->idx[k])->recommendation);
    if (*rec) {
        tl(a, " Recommandation : ", " Recommendation: ");
        fitted(a, rec, options);
    }
    const char *note = fa_avis_s(f0->note);
    if (*note) {
        text(a, " (");
        doc_text(a, note);
        text(a, ")");
    }
    end(a, FA_BLOCK_ITEM);
}

/* A prescribed question: what the frame provides for, and the quotes, once per category. */
static void emit_prescribed(av *a, const group *g)
{
    const fa_finding *f0 = representative(a, g);
    begin(a, FA_BLOCK_ITEM, g->sev);
    strong(a, fa_avis_category_label(fa_avis_s(f0->category), a->en));
    text(a, " — ");
    group_quotes(a, g);
    text(a, L(a, " : ", ": "));
    tl(a, "question prévue : ", "provided for: ");
    sentence(a, f0->prescribed);
    end(a, FA_BLOCK_ITEM);
}

/* ================================================================ analysis */

static void notice_intro(av *a)
{
    const fa_notice *no = &a->res->notice;
    begin(a, FA_BLOCK_PARA, -1);
    if (!no->present) {
        tl(a, "Le document ne comporte aucune notice d'information sur la protection des données.",
           "The document has no data-protection notice.");
    } else {
        tl(a, "Le document comporte une notice d'information", "The document has a privacy notice");
        const char *q = fa_avis_s(no->text);
        if (*q) {
            tl(a, " qui commence ainsi : ", " which begins: ");
            char first[400];
            first_sentence(q, first, sizeof first);
            quote(a, first);
        }
        text(a, ".");
    }
    size_t nmiss = 0;
    for (int i = 0; no->present && i < FA_NI_COUNT; i++)
        nmiss += !(no->items & (1u << i));
    if (nmiss) {
        tl(a, " Il y manque : ", " It lacks: ");
        size_t k = 0;
        for (int i = 0; i < FA_NI_COUNT; i++) {
            if (no->items & (1u << i))
                continue;
            text(a, k ? (k + 1 == nmiss ? L(a, " et ", " and ") : ", ") : "");
            text(a, notice_item_label(fa_notice_item_name((fa_notice_item)i), a->en));
            k++;
        }
        text(a, ".");
    }
    if (no->unlisted) {
        tl(a,
           no->present ? " Elle ne mentionne pas ces catégories, pourtant recueillies : "
                       : " Le document recueille pourtant : ",
           no->present ? " It does not mention these categories, which are collected: "
                       : " Yet the document collects: ");
        size_t k = 0;
        for (int c = 0; c < FA_CAT_COUNT; c++)
            if (no->unlisted & FA_CAT_BIT(c)) {
                text(a, k++ ? ", " : "");
                text(a, fa_category_label((fa_category)c, a->en ? "en" : "fr"));
            }
        text(a, ".");
    }
    end(a, FA_BLOCK_PARA);
}

static const char *rcp_status_label(const char *s, bool en)
{
    static const struct {
        const char *id, *fr, *en;
    } st[] = {{"bound", "tenu au secret", "bound by secrecy"},
              {"not_bound", "non tenu au secret", "not bound by secrecy"},
              {"depends", "selon ses membres", "depends on its members"},
              {"by_law", "destinataire prévu par la loi", "a recipient the law names"},
              {"unknown", "non identifié", "not identified"}};
    for (size_t i = 0; i < sizeof st / sizeof *st; i++)
        if (!strcmp(fa_avis_s(s), st[i].id))
            return en ? st[i].en : st[i].fr;
    return fa_avis_s(s);
}

/* Each recipient the document names, with what binds it to secrecy. */
static void recipients_table(av *a)
{
    const fa_frame *fr = &a->res->frame;
    const fa_strvec *named = &a->res->notice.recipients;
    if (!fr->n_rcp && named->n && !a->st) {
        /* no frames pack (a result read back from JSON, --no-default-rules): the names the
         * notice analysis found */
        begin(a, FA_BLOCK_PARA, -1);
        tl(a, "Destinataires mentionnés : ", "Recipients named: ");
        for (size_t i = 0; i < named->n; i++) {
            text(a, i ? ", " : "");
            doc_text(a, named->v[i]);
        }
        tl(a,
           ". Un partage suppose un texte, des professionnels tous tenus au secret, la même "
           "mission, le strict nécessaire et la personne informée.",
           ". Sharing needs a text, professionals all bound by secrecy, one mission, what is "
           "strictly necessary and the person informed.");
        end(a, FA_BLOCK_PARA);
    }
    if (!fr->n_rcp || a->st)
        return;
    para(a,
         "Destinataires nommés par le document, un par un. Le « secret partagé » n'existe pas "
         "comme tel dans la loi : un partage suppose un texte, des professionnels tous tenus au "
         "secret, la même mission, le strict nécessaire et la personne informée.",
         "Recipients the document names, one by one. \"Shared secrecy\" does not exist as such in "
         "the law: sharing needs a text, professionals all bound by secrecy, one mission, what is "
         "strictly necessary and the person informed.");
    const char *h_fr[3] = {"Destinataire", "Secret", "Pourquoi"};
    const char *h_en[3] = {"Recipient", "Secrecy", "Why"};
    static const int w[3] = {3, 2, 6};
    a->st = a->s->table_begin(a->s->ctx, 3, a->en ? h_en : h_fr, w);
    for (size_t i = 0; i < fr->n_rcp && !a->st; i++) {
        const fa_recipient *r = &fr->rcp[i];
        char *why = fa_avis_doc_text(r->why);
        if (!why) {
            a->st = FA_ERR_NOMEM;
            break;
        }
        const char *cells[3] = {fa_avis_s(r->name), rcp_status_label(r->status, a->en), why};
        a->st = a->s->table_row(a->s->ctx, cells);
        free(why);
    }
    if (!a->st)
        a->st = a->s->table_end(a->s->ctx);
}

static void prescribed_intro(av *a)
{
    const fa_frame *fr = &a->res->frame;
    begin(a, FA_BLOCK_PARA, -1);
    tl(a, "Ces questions sont prévues par le cadre légal du document (",
       "These questions are provided for by the document's legal frame (");
    doc_text(a, fr->issuer);
    tl(a,
       ") : elles ne sont pas à supprimer. Ce qui est vérifié à leur égard : que la notice les "
       "annonce, que seules les personnes chargées du dossier y ont accès et qu'une durée de "
       "conservation est fixée.",
       "): they are not to be removed. What is checked for them: that the notice announces them, "
       "that only those in charge of the file can see them and that a retention period is set.");
    fa_catset presc = 0;
    for (size_t i = 0; i < a->nf; i++) {
        const fa_finding *f = finding(a, i);
        int c = f->prescribed ? fa_category_from_name(f->category) : -1;
        if (c >= 0)
            presc |= FA_CAT_BIT(c);
    }
    fa_catset gap = presc & a->res->notice.unlisted;
    if (gap) {
        tl(a, " La notice n'annonce pas : ", " The notice does not announce: ");
        size_t k = 0;
        for (int c = 0; c < FA_CAT_COUNT; c++)
            if (gap & FA_CAT_BIT(c)) {
                text(a, k++ ? ", " : "");
                text(a, fa_category_label((fa_category)c, a->en ? "en" : "fr"));
            }
        text(a, ".");
    } else if (a->res->notice.present) {
        tl(a, " La notice les annonce.", " The notice announces them.");
    }
    end(a, FA_BLOCK_PARA);
}

static void theme_intro(av *a, int th)
{
    switch (th) {
    case TH_SUBJ:
        if (a->res->context == FA_CTX_EMPLOYER || (a->res->frame.flags & FA_FRAME_EMPLOYER))
            para(
                a,
                "Ces rubriques demandent à l'évaluateur de consigner son jugement sur la personne. "
                "Une évaluation professionnelle doit porter sur des objectifs et des faits "
                "vérifiables, distincts de l'opinion de l'évaluateur ; une zone libre doit dire "
                "ce qu'on peut y écrire.",
                "These entries ask the assessor to record their judgement of the person. A "
                "professional review must rest on objectives and verifiable facts, kept apart "
                "from the assessor's opinion; a free zone must say what may be written in it.");
        else
            para(a,
                 "Ces rubriques demandent au professionnel de consigner son interprétation de la "
                 "situation. Un dossier distingue ce que la personne a dit ou établi (des faits) "
                 "de ce que le professionnel en pense (une hypothèse, datée et signée) ; une zone "
                 "libre doit dire ce qu'on peut y écrire.",
                 "These entries ask the professional to record their own reading of the situation. "
                 "A file separates what the person said or showed (facts) from what the "
                 "professional thinks (a hypothesis, dated and signed); a free zone must say what "
                 "may be written in it.");
        break;
    case TH_PRESCRIBED:
        prescribed_intro(a);
        break;
    case TH_NOTICE:
        notice_intro(a);
        break;
    case TH_SHARING:
        recipients_table(a);
        break;
    case TH_RETENTION: {
        const char *r = fa_avis_s(a->res->notice.retention);
        if (*r) {
            begin(a, FA_BLOCK_PARA, -1);
            tl(a, "Clause de conservation : ", "Retention clause: ");
            quote(a, r);
            text(a, ".");
            end(a, FA_BLOCK_PARA);
        }
        break;
    }
    default:
        break;
    }
    const char *risk = a->en ? risk_en[th] : risk_fr[th];
    if (risk && theme_present(a, th)) {
        begin(a, FA_BLOCK_PARA, -1);
        strong(a, L(a, "Risque : ", "Risk: "));
        text(a, risk);
        end(a, FA_BLOCK_PARA);
    }
}

static bool notice_info(const av *a)
{
    const fa_notice *no = &a->res->notice;
    unsigned all = (1u << FA_NI_COUNT) - 1;
    return (no->present && (no->items & all) != all) || no->unlisted;
}

void sec_analysis(av *a)
{
    bool any_rcp = a->res->frame.n_rcp > 0 || a->res->notice.recipients.n > 0;
    if (!a->ng && !notice_info(a) && !any_rcp)
        return;
    heading(a, 2, L(a, "Analyse point par point", "Analysis point by point"));
    for (int th = 0; th < TH_COUNT && !a->st; th++) {
        size_t g0 = 0;
        while (g0 < a->ng && a->groups[g0].theme != th)
            g0++;
        bool has = g0 < a->ng;
        if (!has && !(th == TH_NOTICE && notice_info(a)) && !(th == TH_SHARING && any_rcp))
            continue;
        heading(a, 3, theme_name(th, a->en));
        theme_intro(a, th);
        if (has) {
            list_begin(a);
            for (size_t g = g0; g < a->ng && a->groups[g].theme == th; g++) {
                if (th == TH_PRESCRIBED)
                    emit_prescribed(a, &a->groups[g]);
                else
                    emit_group(a, &a->groups[g]);
            }
            list_end(a);
        }
        if (th == TH_SUBJ) {
            begin(a, FA_BLOCK_NOTE, -1);
            strong(a, L(a, "Faits et interprétation : ", "Facts and interpretation: "));
            tl(a,
               "ce que la personne déclare ou que des pièces établissent se note comme tel ; ce "
               "que le professionnel en comprend est une hypothèse, à dater, à signer et à "
               "soumettre à la personne. Elle peut lire tout ce qui est écrit sur elle (droit "
               "d'accès, RGPD art. 15).",
               "what the person states or documents show is recorded as such; what the "
               "professional makes of it is a hypothesis, to date, sign and show to the person. "
               "They can read everything written about them (right of access, GDPR art. 15).");
            end(a, FA_BLOCK_NOTE);
        }
    }
}

/* ================================================================ entry */

fa_status fa_avis_emit(const fa_result *res, const fa_report_opts *opts, const fa_avis_sink *sink)
{
    av a = {.s = sink, .opts = opts, .en = fa_avis_en(opts), .res = res};
    char *name = fa_avis_doc_text(res->status == FA_OK ? doc_title(&a)
                                                       : fa_avis_basename(fa_result_path(res)));
    if (!name)
        return FA_ERR_NOMEM;
    fa_buf title = {0};
    a.st = fa_buf_printf(&title, "%s — %s", L(&a, "Avis technique", "Technical opinion"), name);
    heading(&a, 1, title.data);
    fa_buf_free(&title);
    free(name);
    if (res->status != FA_OK) {
        emit_error(&a);
        return a.st;
    }
    if (!a.st)
        a.st = make_groups(&a);
    sec_glance(&a);
    sec_referral(&a);
    sec_legal(&a);
    sec_practices(&a);
    sec_analysis(&a);
    sec_conclusion(&a);
    sec_signature(&a);
    sec_annex(&a);
    free(a.order);
    free(a.groups);
    return a.st;
}
