/* avis.c — what the avis technique says, in French and English, for every rich format.
 * It reads the sealed result of one document and emits headings,
 * paragraphs, lists and tables to a sink (avis.h). Findings are grouped as an expert
 * would write them: by theme, then by rule, so one rule firing on the twelve options of
 * a list is said once with the twelve options quoted together. The legal framework
 * only lists the texts the findings cite. */
#include "avis.h"

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
static void long_date(const char *iso, bool en, char *out, size_t n)
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

/* ================================================================ known legal texts */

typedef enum {
    LAW_RGPD = 1,
    LAW_LIL,
    LAW_DECRET_NIR,
    LAW_CP,
    LAW_CASF,
    LAW_CSP,
    LAW_CT,
    LAW_CC,
    LAW_CNIL_REF,
    LAW_CNIL_NOTES,
    LAW_CNIL_RETENTION,
    LAW_CNIL_DPIA,
    LAW_CNIL_2015
} law_family;

typedef struct legal_text {
    law_family family;
    const char *article; /* "9", "226-13", "l411-3"; NULL for a whole text */
    const char *name_fr, *name_en;
    const char *fr, *en;
} legal_text;

static const legal_text known_texts[] = {
    {LAW_RGPD, "4", "RGPD, art. 4", "GDPR, art. 4",
     "définitions ; le consentement (4.11) y est une manifestation de volonté libre, spécifique, "
     "éclairée et univoque.",
     "definitions; consent (4(11)) is a freely given, specific, informed and unambiguous "
     "indication of wishes."},
    {LAW_RGPD, "5", "RGPD, art. 5", "GDPR, art. 5",
     "principes du traitement : licéité, loyauté et transparence, limitation des finalités, "
     "minimisation (données adéquates, pertinentes et limitées au nécessaire), exactitude, "
     "conservation limitée.",
     "principles: lawfulness, fairness and transparency, purpose limitation, data minimisation "
     "(adequate, relevant and limited to what is necessary), accuracy, storage limitation."},
    {LAW_RGPD, "7", "RGPD, art. 7", "GDPR, art. 7",
     "conditions du consentement : il doit être libre, spécifique, éclairé, démontrable et pouvoir "
     "être retiré.",
     "conditions for consent: freely given, specific, informed, demonstrable, and withdrawable."},
    {LAW_RGPD, "9", "RGPD, art. 9", "GDPR, art. 9",
     "interdit de traiter les catégories particulières de données (santé, origine, opinions, "
     "convictions, appartenance syndicale, vie sexuelle, données génétiques ou biométriques) sauf "
     "exceptions limitées (consentement explicite, protection sociale, prise en charge sanitaire "
     "ou sociale).",
     "prohibits processing special categories of data (health, origin, opinions, beliefs, union "
     "membership, sex life, genetic or biometric data) save for narrow exceptions (explicit "
     "consent, social protection, health or social care)."},
    {LAW_RGPD, "10", "RGPD, art. 10", "GDPR, art. 10",
     "les données relatives aux infractions et condamnations ne peuvent être traitées que sous le "
     "contrôle de l'autorité publique ou si le droit le prévoit avec des garanties appropriées.",
     "data on offences and convictions may be processed only under the control of official "
     "authority or where the law authorises it with appropriate safeguards."},
    {LAW_RGPD, "12", "RGPD, art. 12", "GDPR, art. 12",
     "l'information doit être concise, transparente, compréhensible et aisément accessible, en des "
     "termes clairs et simples.",
     "information must be concise, transparent, intelligible and easily accessible, in clear and "
     "plain language."},
    {LAW_RGPD, "13", "RGPD, art. 13", "GDPR, art. 13",
     "information due à la personne lors de la collecte : responsable, délégué à la protection des "
     "données, finalités et base légale, destinataires, durée de conservation, droits, réclamation "
     "auprès de la CNIL, caractère obligatoire ou non des réponses.",
     "information due when data are collected from the person: controller, DPO, purposes and legal "
     "basis, recipients, retention period, rights, complaint to the supervisory authority, whether "
     "answering is mandatory."},
    {LAW_RGPD, "14", "RGPD, art. 14", "GDPR, art. 14",
     "même information, avec les catégories de données et leur source, lorsque les données ne sont "
     "pas recueillies auprès de la personne.",
     "the same information, plus the categories of data and their source, when the data are not "
     "obtained from the person."},
    {LAW_RGPD, "15", "RGPD, art. 15", "GDPR, art. 15",
     "droit d'accès : la personne obtient communication de toutes les données qui la concernent, "
     "commentaires compris.",
     "right of access: the person obtains all the data about them, comments included."},
    {LAW_RGPD, "22", "RGPD, art. 22", "GDPR, art. 22",
     "pas de décision fondée exclusivement sur un traitement automatisé, y compris le profilage, "
     "produisant des effets juridiques ou significatifs, sauf exceptions assorties de garanties.",
     "no decision based solely on automated processing, including profiling, with legal or "
     "similarly significant effects, save for exceptions with safeguards."},
    {LAW_RGPD, "28", "RGPD, art. 28", "GDPR, art. 28",
     "le sous-traitant n'agit que sur instruction documentée du responsable, dans un contrat qui "
     "fixe ses obligations.",
     "a processor acts only on the controller's documented instructions, under a contract setting "
     "its obligations."},
    {LAW_RGPD, "32", "RGPD, art. 32", "GDPR, art. 32",
     "sécurité du traitement : mesures techniques et organisationnelles adaptées au risque.",
     "security of processing: technical and organisational measures appropriate to the risk."},
    {LAW_RGPD, "35", "RGPD, art. 35", "GDPR, art. 35",
     "analyse d'impact (AIPD) obligatoire avant un traitement susceptible d'engendrer un risque "
     "élevé ; la liste de la CNIL y inclut l'accompagnement social ou médico-social des personnes.",
     "a data-protection impact assessment (DPIA) is required before processing likely to result in "
     "a high risk; the CNIL list includes social and medico-social support."},
    {LAW_LIL, "6", "Loi 78-17, art. 6", "Loi 78-17 (French Data Protection Act), art. 6",
     "reprend en droit français l'interdiction de traiter les données sensibles.",
     "restates in French law the prohibition on processing sensitive data."},
    {LAW_LIL, "30", "Loi 78-17, art. 30", "Loi 78-17 (French Data Protection Act), art. 30",
     "l'utilisation du numéro de sécurité sociale (NIR) est encadrée par un décret en Conseil "
     "d'État.",
     "use of the social security number (NIR) is governed by a decree of the Conseil d'État."},
    {LAW_LIL, "46", "Loi 78-17, art. 46", "Loi 78-17 (French Data Protection Act), art. 46",
     "liste limitative des organismes pouvant traiter des données pénales (juridictions, autorités "
     "publiques dans leurs attributions, auxiliaires de justice…).",
     "closed list of the bodies that may process criminal data (courts, public authorities within "
     "their legal remit, officers of the court…)."},
    {LAW_DECRET_NIR, NULL, "Décret n° 2019-341 du 19 avril 2019",
     "Decree no. 2019-341 of 19 April 2019",
     "« décret cadre NIR » : liste limitative des cas d'usage du NIR ; tout autre usage est "
     "interdit.",
     "the \"NIR framework decree\": closed list of the permitted uses of the NIR; any other use is "
     "prohibited."},
    {LAW_CP, "226-13", "Code pénal, art. 226-13", "Criminal Code, art. 226-13",
     "la révélation d'une information à caractère secret par la personne qui en est dépositaire "
     "est punie d'un an d'emprisonnement et de 15 000 € d'amende.",
     "disclosure of secret information by the person entrusted with it is punishable by one year's "
     "imprisonment and a €15,000 fine."},
    {LAW_CP, "226-14", "Code pénal, art. 226-14", "Criminal Code, art. 226-14",
     "le secret ne s'applique pas lorsque la loi impose ou autorise sa levée (signalements "
     "notamment).",
     "secrecy does not apply where the law requires or allows disclosure (reports of abuse in "
     "particular)."},
    {LAW_CASF, "l411-3", "CASF, art. L411-3", "Social Action Code (CASF), art. L411-3",
     "les assistants de service social sont tenus au secret professionnel.",
     "social workers (assistants de service social) are bound by professional secrecy."},
    {LAW_CASF, "l226-2-2", "CASF, art. L226-2-2", "Social Action Code (CASF), art. L226-2-2",
     "protection de l'enfance : partage d'informations entre professionnels tenus au secret, "
     "strictement limité à la mission, parents informés au préalable.",
     "child protection: sharing between professionals bound by secrecy, strictly limited to the "
     "mission, parents informed beforehand."},
    {LAW_CASF, "l121-6-2", "CASF, art. L121-6-2", "Social Action Code (CASF), art. L121-6-2",
     "action sociale : le maire est informé du besoin de coordination ; le partage est limité au "
     "strictement nécessaire à la mission.",
     "social action: the mayor is informed of the need for coordination; sharing is limited to "
     "what the mission strictly requires."},
    {LAW_CSP, "l1110-4", "Code de la santé publique, art. L1110-4",
     "Public Health Code, art. L1110-4",
     "secret des informations sur la personne ; partage entre professionnels limité au strictement "
     "nécessaire, consentement préalable hors de l'équipe de soins.",
     "confidentiality of information on the person; sharing between professionals limited to what "
     "is strictly necessary, prior consent outside the care team."},
    {LAW_CT, "l1132-1", "Code du travail, art. L1132-1", "Labour Code, art. L1132-1",
     "interdit toute discrimination dans l'emploi, notamment en raison de l'origine, de la "
     "situation de famille, de la grossesse, de l'état de santé, du handicap, des convictions ou "
     "des activités syndicales.",
     "prohibits discrimination in employment, in particular on grounds of origin, family "
     "situation, pregnancy, health, disability, beliefs or union activity."},
    {LAW_CT, "l1225-1", "Code du travail, art. L1225-1", "Labour Code, art. L1225-1",
     "l'employeur ne peut rechercher d'information sur l'état de grossesse ni en tenir compte pour "
     "embaucher.",
     "an employer may neither seek information on pregnancy nor take it into account when hiring."},
    {LAW_CC, "16-10", "Code civil, art. 16-10", "Civil Code, art. 16-10",
     "l'examen des caractéristiques génétiques n'est permis qu'à des fins médicales ou de "
     "recherche, avec le consentement exprès de la personne.",
     "genetic testing is allowed only for medical or research purposes, with the person's express "
     "consent."},
    {LAW_CNIL_2015, NULL, "CNIL, mise en demeure n° 2015-063", "CNIL formal notice no. 2015-063",
     "commentaires excessifs ou injurieux dans un fichier (« client alcoolique », « n'a pas de "
     "cerveau ») : la CNIL a exigé leur suppression et un filtrage.",
     "excessive or insulting comments in a file (\"alcoholic client\", \"has no brain\"): the CNIL "
     "required their removal and filtering."},
    {LAW_CNIL_REF, NULL,
     "CNIL, référentiel « accompagnement social et médico-social » (délib. 2021-028)",
     "CNIL reference framework for social and medico-social support (deliberation 2021-028)",
     "données pertinentes pour l'accompagnement social et exemples de minimisation (nationalité « "
     "Français / UE / hors UE », titre de séjour seulement si l'aide l'exige).",
     "relevant data for social support and minimisation examples (nationality as \"French / EU / "
     "non-EU\", residence permit only when the aid requires it)."},
    {LAW_CNIL_NOTES, NULL, "CNIL, « Zones bloc-notes et commentaires » (2019)",
     "CNIL guidance on free-text and comment zones (2019)",
     "les commentaires doivent être objectifs, jamais excessifs ni insultants, sans données "
     "sensibles ni infractions ; la personne peut les lire à tout moment (droit d'accès).",
     "comments must be objective, never excessive or insulting, with no sensitive data or "
     "offences; the person may read them at any time (right of access)."},
    {LAW_CNIL_RETENTION, NULL, "CNIL, durées de conservation du secteur social (délib. 2023-095)",
     "CNIL retention periods for the social sector (deliberation 2023-095)",
     "accompagnement social : base active limitée à deux ans après le dernier contact, puis "
     "archivage pour les seuls besoins légaux.",
     "social support: active records kept two years after the last contact, then archived only for "
     "legal needs."},
    {LAW_CNIL_DPIA, NULL, "CNIL, liste des traitements soumis à AIPD (délib. 2018-327)",
     "CNIL list of processing requiring a DPIA (deliberation 2018-327)",
     "inclut l'accompagnement social ou médico-social, la gestion des signalements et "
     "l'instruction des demandes de logement social.",
     "includes social and medico-social support, handling of social and health alerts, and social "
     "housing applications."},
};
#define N_KNOWN ((int)(sizeof known_texts / sizeof known_texts[0]))

/* Which known text a citation such as "RGPD art. 5.1.c" or "CASF L411-3" names;
 * -1 when none. Citations come from rule packs, so this is tolerant of spelling. */
static int legal_lookup(const char *cite)
{
    char low[256];
    size_t n = 0;
    for (const char *p = cite; *p && n + 1 < sizeof low; p++)
        low[n++] = (char)tolower((unsigned char)*p);
    low[n] = 0;
    law_family fam = 0;
    const char *after = NULL;
    static const struct {
        const char *key;
        law_family fam;
    } fams[] = {{"2019-341", LAW_DECRET_NIR},
                {"2021-028", LAW_CNIL_REF},
                {"2023-095", LAW_CNIL_RETENTION},
                {"2018-327", LAW_CNIL_DPIA},
                {"2015-063", LAW_CNIL_2015},
                {"code du travail", LAW_CT},
                {"code civil", LAW_CC},
                {"rgpd", LAW_RGPD},
                {"gdpr", LAW_RGPD},
                {"2016/679", LAW_RGPD},
                {"78-17", LAW_LIL},
                {"informatique et libert", LAW_LIL},
                {"lil", LAW_LIL},
                {"code p", LAW_CP},
                {"cp ", LAW_CP},
                {"casf", LAW_CASF},
                {"csp", LAW_CSP},
                {"sant\xc3\xa9 publique", LAW_CSP}};
    for (size_t i = 0; i < sizeof fams / sizeof fams[0] && !fam; i++) {
        const char *h = strstr(low, fams[i].key);
        if (h) {
            fam = fams[i].fam;
            after = h + strlen(fams[i].key);
        }
    }
    if (!fam && strstr(low, "cnil")) {
        if (strstr(low, "bloc") || strstr(low, "comment"))
            fam = LAW_CNIL_NOTES;
        else if (strstr(low, "r\xc3\xa9"
                             "f\xc3\xa9rentiel") ||
                 strstr(low, "referentiel"))
            fam = strstr(low, "conserv") ? LAW_CNIL_RETENTION : LAW_CNIL_REF;
        else if (strstr(low, "aipd") || strstr(low, "dpia"))
            fam = LAW_CNIL_DPIA;
    }
    if (!fam)
        return -1;
    /* The article: after "art", else the first number after the text's name. */
    char art[32] = "";
    if (after) {
        const char *a = strstr(after, "art");
        const char *p = a ? a + 3 : after;
        while (*p && !isdigit((unsigned char)*p) &&
               !((*p == 'l' || *p == 'r') && isdigit((unsigned char)p[1])))
            p++;
        size_t k = 0;
        if (*p == 'l' || *p == 'r')
            art[k++] = *p++;
        while ((isdigit((unsigned char)*p) || (*p == '-' && isdigit((unsigned char)p[1]))) &&
               k + 1 < sizeof art)
            art[k++] = *p++;
        art[k] = 0;
    }
    for (int i = 0; i < N_KNOWN; i++) {
        if (known_texts[i].family != fam)
            continue;
        if (!known_texts[i].article || !strcmp(known_texts[i].article, art))
            return i;
    }
    return -1;
}

/* ================================================================ themes */

enum {
    TH_SUBJ = 0,
    TH_SENS,
    TH_IDENT,
    TH_NOTICE,
    TH_SHARING,
    TH_RETENTION,
    TH_CONSENT,
    TH_DPIA,
    TH_OTHER,
    TH_COUNT
};

static const char *const theme_fr[TH_COUNT] = {
    "Appréciations subjectives et zones de commentaire libre",
    "Données sensibles (art. 9 et 10, séjour, vie familiale)",
    "Identifiants et données financières",
    "Information de la personne",
    "Partage et secret professionnel",
    "Conservation",
    "Consentement",
    "Analyse d'impact (AIPD)",
    "Autres constats"};
static const char *const theme_en[TH_COUNT] = {
    "Subjective assessments and free comment zones",
    "Sensitive data (art. 9 and 10, immigration status, family life)",
    "Identifiers and financial data",
    "Informing the person",
    "Sharing and professional secrecy",
    "Retention",
    "Consent",
    "Impact assessment (DPIA)",
    "Other findings"};

static int theme_of(const char *cat)
{
    static const struct {
        const char *cat;
        int theme;
    } map[] = {{"subjective_assessment", TH_SUBJ},
               {"free_comment", TH_SUBJ},
               {"health", TH_SENS},
               {"ethnic_origin", TH_SENS},
               {"political_opinion", TH_SENS},
               {"religion", TH_SENS},
               {"union_membership", TH_SENS},
               {"sex_life", TH_SENS},
               {"genetic", TH_SENS},
               {"biometric", TH_SENS},
               {"criminal", TH_SENS},
               {"immigration_status", TH_SENS},
               {"family_life", TH_SENS},
               {"national_id", TH_IDENT},
               {"financial", TH_IDENT},
               {"value", TH_IDENT},
               {"identity", TH_IDENT},
               {"contact", TH_IDENT},
               {"sharing", TH_SHARING},
               {"retention", TH_RETENTION},
               {"consent", TH_CONSENT},
               {"dpia", TH_DPIA}};
    if (!strncmp(cat, "notice", 6))
        return TH_NOTICE;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(cat, map[i].cat))
            return map[i].theme;
    return TH_OTHER;
}

/* The risk of each category, in one or two sentences: why an expert objects. */
static const struct {
    const char *cat, *fr, *en;
} risks[] = {
    {"subjective_assessment",
     "une appréciation portée par un tiers est enregistrée comme un fait ; elle suit la personne "
     "d'un dossier à l'autre et peut la priver d'une aide, alors qu'elle ne l'a ni dite ni "
     "validée.",
     "a third party's opinion is recorded as a fact; it follows the person from file to file and "
     "may deprive them of help, although they neither said nor approved it."},
    {"free_comment",
     "une zone sans cadre appelle des jugements, des données sensibles ou des propos excessifs que "
     "la CNIL proscrit ; la personne pourra tout lire.",
     "an unframed zone invites judgements, sensitive data or excessive remarks that the CNIL "
     "forbids; the person will be able to read all of it."},
    {"health",
     "donnée de santé : catégorie particulière, interdite sauf exception, dont la révélation "
     "expose la personne à une discrimination.",
     "health data: a special category, prohibited save for exceptions, whose disclosure exposes "
     "the person to discrimination."},
    {"criminal",
     "donnée pénale : seuls les organismes énumérés par la loi peuvent la traiter ; sa présence "
     "dans un dossier social ou d'emploi n'a pas de base légale.",
     "criminal data: only the bodies listed by law may process it; in a social or employment file "
     "it has no legal basis."},
    {"immigration_status",
     "la situation au regard du séjour n'est nécessaire que si l'aide l'exige ; la consigner "
     "expose la personne et dissuade de demander de l'aide.",
     "residence status is needed only when the aid requires it; recording it exposes the person "
     "and deters them from seeking help."},
    {"family_life",
     "la vie familiale intime (conflits, séparation, violences) relève du secret ; l'enregistrer "
     "dans une liste à cocher excède ce qui est nécessaire.",
     "intimate family life (conflict, separation, violence) is confidential; recording it in a "
     "checklist goes beyond what is necessary."},
    {"national_id",
     "le NIR ne peut être utilisé que dans les cas prévus par le décret cadre ; ailleurs il permet "
     "de relier des fichiers sans base légale.",
     "the NIR may be used only in the cases listed by the framework decree; elsewhere it allows "
     "files to be linked with no legal basis."},
    {"financial",
     "les données financières détaillées ne sont justifiées que pour verser ou calculer une aide.",
     "detailed financial data are justified only to calculate or pay a benefit."},
    {"value",
     "le document contient des données réelles d'une personne : il doit être protégé et ne pas "
     "circuler comme un modèle.",
     "the document holds a real person's data: it must be protected and not circulated as a "
     "template."},
    {"notice.missing",
     "sans information, la personne ne sait ni qui traite ses données, ni pourquoi, ni comment "
     "exercer ses droits.",
     "without information the person knows neither who processes their data, nor why, nor how to "
     "exercise their rights."},
    {"notice.incomplete", "une information incomplète empêche la personne d'exercer ses droits.",
     "incomplete information prevents the person from exercising their rights."},
    {"notice.unlisted",
     "la personne n'est pas informée que des données sensibles la concernant sont recueillies.",
     "the person is not told that sensitive data about them are collected."},
    {"sharing",
     "transmettre à des tiers non tenus au secret des informations confiées à un professionnel "
     "expose celui-ci à une violation du secret et rompt la relation de confiance.",
     "passing information entrusted to a professional to third parties not bound by secrecy "
     "exposes the professional to a breach of secrecy and breaks trust."},
    {"retention",
     "faute de durée précise et proportionnée, des informations anciennes, parfois périmées, "
     "restent accessibles à de nombreux intervenants.",
     "without a precise and proportionate period, old and sometimes outdated information stays "
     "available to many people."},
    {"consent",
     "un consentement forcé ou absent n'est pas un consentement : la personne ne peut que subir ce "
     "qui est décidé pour elle.",
     "forced or absent consent is no consent: the person can only submit to what is decided for "
     "them."},
    {"dpia",
     "sans analyse d'impact, les risques pour des personnes vulnérables ne sont ni évalués ni "
     "réduits.",
     "without an impact assessment the risks for vulnerable people are neither assessed nor "
     "reduced."},
};
#define SENSITIVE_RISK_FR                                                                          \
    "catégorie particulière de données (art. 9) : interdite sauf exception, elle expose la "    \
    "personne à une discrimination si elle circule."
#define SENSITIVE_RISK_EN                                                                          \
    "special category of data (art. 9): prohibited save for exceptions, it exposes the person to " \
    "discrimination if it circulates."

static const char *risk_of(const char *cat, bool en)
{
    for (size_t i = 0; i < sizeof risks / sizeof risks[0]; i++)
        if (!strcmp(cat, risks[i].cat))
            return en ? risks[i].en : risks[i].fr;
    if (theme_of(cat) == TH_SENS)
        return en ? SENSITIVE_RISK_EN : SENSITIVE_RISK_FR;
    return NULL;
}

static const char *notice_item_label(const char *item, bool en)
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
        if (!strcmp(item, items[i].name))
            return en ? items[i].en : items[i].fr;
    return item;
}

/* ================================================================ emission state */

typedef struct group {
    size_t first; /* first finding (document order) */
    size_t *idx;  /* findings of the group, document order */
    size_t n;
    int theme;
    int sev; /* highest severity */
} group;

typedef struct av {
    const fa_avis_sink *s;
    const fa_report_opts *opts;
    bool en;
    const fa_result *res;
    size_t nf;
    group *groups;
    size_t ng;
    size_t *order; /* storage for the groups' idx */
    fa_status st;  /* first error: every emitter is a no-op after it */
} av;

/* For format strings: a conditional of two literals keeps -Wformat checks. */
#define LF(a, f, e) ((a)->en ? (e) : (f))

static const char *L(const av *a, const char *fr, const char *en)
{
    return a->en ? en : fr;
}

static void heading(av *a, int level, const char *text)
{
    if (!a->st)
        a->st = a->s->heading(a->s->ctx, level, text);
}

static void begin(av *a, fa_avis_block k, int sev)
{
    if (!a->st)
        a->st = a->s->block_begin(a->s->ctx, k, sev);
}

static void end(av *a, fa_avis_block k)
{
    if (!a->st)
        a->st = a->s->block_end(a->s->ctx, k);
}

static void span(av *a, fa_avis_span k, const char *text)
{
    if (!a->st && text && *text)
        a->st = a->s->span(a->s->ctx, k, text);
}

static void text(av *a, const char *t)
{
    span(a, FA_SPAN_TEXT, t);
}
static void tl(av *a, const char *fr, const char *en)
{
    span(a, FA_SPAN_TEXT, L(a, fr, en));
}
static void strong(av *a, const char *t)
{
    span(a, FA_SPAN_STRONG, t);
}

static void textf(av *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void textf(av *a, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    text(a, buf);
}

/* Document text, masked and flattened, between guillemets (EN: curly quotes). */
static void quote(av *a, const char *doc_text)
{
    if (a->st)
        return;
    char *q = fa_avis_doc_text(doc_text);
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
static void doc_text(av *a, const char *s)
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

static void para(av *a, const char *fr, const char *en)
{
    begin(a, FA_BLOCK_PARA, -1);
    tl(a, fr, en);
    end(a, FA_BLOCK_PARA);
}

static void list_begin(av *a)
{
    if (!a->st)
        a->st = a->s->list_begin(a->s->ctx);
}

static void list_end(av *a)
{
    if (!a->st)
        a->st = a->s->list_end(a->s->ctx);
}

/* Ends the sentence of a message from a rule pack with a full stop if it has none. */
static void sentence(av *a, const char *msg)
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

/* ================================================================ grouping */

static const fa_finding *finding(const av *a, size_t i)
{
    return &a->res->findings[i];
}

/* The id of the field a finding is about, or NULL for a document-level finding. */
static const fa_field *field_of(const av *a, const fa_finding *f)
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

/* Groups: one per (theme, rule), most serious first inside a theme. */
static fa_status make_groups(av *a)
{
    a->nf = a->res->n_findings;
    if (!a->nf)
        return FA_OK;
    a->order = malloc(a->nf * sizeof *a->order);
    a->groups = calloc(a->nf, sizeof *a->groups);
    if (!a->order || !a->groups)
        return FA_ERR_NOMEM;
    fkey *keys = malloc(a->nf * sizeof *keys);
    if (!keys)
        return FA_ERR_NOMEM;
    for (size_t i = 0; i < a->nf; i++) {
        const fa_finding *f = finding(a, i);
        keys[i] = (fkey){i, theme_of(fa_avis_s(f->category)), fa_avis_s(f->rule), NULL};
        /* Options of one list that collect the same category are one problem, whatever
         * rule saw each: "« Santé », « Handicap » et « Addictions »". */
        if (!strcmp(fa_avis_s(f->scope), "option") && field_of(a, f)) {
            fa_buf kb = {0};
            if (fa_buf_printf(&kb, "\x01%s\x01%s", field_of(a, f)->id, fa_avis_s(f->category))) {
                fa_buf_free(&kb);
                for (size_t j = 0; j < i; j++)
                    free(keys[j].own);
                free(keys);
                return FA_ERR_NOMEM;
            }
            keys[i].own = fa_buf_steal(&kb);
            keys[i].rule = keys[i].own;
        }
    }
    qsort(keys, a->nf, sizeof *keys, cmp_fkey);
    for (size_t k = 0; k < a->nf; k++) {
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
    for (size_t k = 0; k < a->nf; k++)
        free(keys[k].own);
    free(keys);
    qsort(a->groups, a->ng, sizeof *a->groups, cmp_group);
    return FA_OK;
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
    fa_strset seen = {0}; /* distinct quotes, so a long list costs O(n) */
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
        a->st = a->st ? a->st : fa_avis_location(&cur, &finding(a, pick[j])->loc, a->en);
        fa_buf_reset(&next);
        if (j + 1 < ns && !a->st)
            a->st = fa_avis_location(&next, &finding(a, pick[j + 1])->loc, a->en);
        bool last_of_run =
            j + 1 == ns || strcmp(cur.data ? cur.data : "", next.data ? next.data : "");
        if (last_of_run && cur.len)
            textf(a, " (%s)", cur.data);
    }
    if (more)
        textf(a, LF(a, " et %zu autre(s)", " and %zu more"), more);
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

/* The finding that speaks for a group: the first one of the group's severity. */
static const fa_finding *representative(const av *a, const group *g)
{
    for (size_t k = 0; k < g->n; k++)
        if ((int)finding(a, g->idx[k])->severity == g->sev)
            return finding(a, g->idx[k]);
    return finding(a, g->idx[0]);
}

/* Label of the field of a finding ("" when none). */
static const char *field_label(const av *a, const fa_finding *f)
{
    const fa_field *fd = field_of(a, f);
    return fd ? fa_avis_s(fd->label) : "";
}

static void emit_group(av *a, const group *g)
{
    const fa_finding *f0 = finding(a, g->idx[0]);
    const char *cat = fa_avis_s(f0->category);
    bool many_rules = false;
    for (size_t k = 1; k < g->n && !many_rules; k++)
        many_rules = strcmp(fa_avis_s(finding(a, g->idx[k])->rule), fa_avis_s(f0->rule)) != 0;
    begin(a, FA_BLOCK_ITEM, g->sev);
    strong(a, fa_avis_severity_label(g->sev, a->en));
    text(a, " — ");
    if (many_rules) {
        /* Several rules on one list: their messages differ, say what they share. */
        tl(a, "La liste ", "The list ");
        quote(a, field_label(a, f0));
        textf(a,
              LF(a, " propose des options qui recueillent des données de la catégorie « %s ».",
                 " offers options that collect data of the category \"%s\"."),
              fa_avis_category_label(cat, a->en));
    } else {
        sentence(a, f0->message);
    }
    size_t nq = 0;
    for (size_t k = 0; k < g->n; k++)
        nq += *fa_avis_s(finding(a, g->idx[k])->quote) != 0;
    if (nq) {
        bool options = !strcmp(fa_avis_s(f0->scope), "option");
        if (options)
            tl(a, " Options concernées : ", " Options concerned: ");
        else if (field_of(a, f0))
            tl(a, nq > 1 ? " Champs concernés : " : " Champ concerné : ",
               nq > 1 ? " Fields: " : " Field: ");
        else
            tl(a, " Texte du document : ", " Document text: ");
        group_quotes(a, g);
        text(a, ".");
    }
    textf(a, LF(a, " Catégorie : %s.", " Category: %s."), fa_avis_category_label(cat, a->en));
    group_bases(a, g);
    const char *risk = risk_of(cat, a->en);
    if (risk) {
        tl(a, " Risque : ", " Risk: ");
        text(a, risk);
    }
    const char *rec = "";
    for (size_t k = 0; k < g->n && !*rec; k++)
        rec = fa_avis_s(finding(a, g->idx[k])->recommendation);
    if (*rec) {
        tl(a, " Recommandation : ", " Recommendation: ");
        sentence(a, rec);
    }
    const char *note = "";
    for (size_t k = 0; k < g->n && !*note; k++)
        note = fa_avis_s(finding(a, g->idx[k])->note);
    if (*note) {
        text(a, " (");
        doc_text(a, note);
        text(a, ")");
    }
    fa_strset rules = {0};
    for (size_t k = 0; k < g->n && !a->st; k++) {
        const char *r = fa_avis_s(finding(a, g->idx[k])->rule);
        int added = *r ? fa_strset_add(&rules, r) : 0;
        if (added < 0)
            a->st = FA_ERR_NOMEM;
        if (added <= 0)
            continue;
        text(a, " ");
        span(a, FA_SPAN_CODE, r);
    }
    fa_strset_free(&rules);
    end(a, FA_BLOCK_ITEM);
}

/* ================================================================ sections */

static void sec_documents(av *a)
{
    char date[16], longd[64];
    const fa_result *d = a->res;
    heading(a, 2, L(a, "Documents examinés", "Documents examined"));
    list_begin(a);
    begin(a, FA_BLOCK_ITEM, -1);
    strong(a, L(a, "Fichier : ", "File: "));
    doc_text(a, fa_result_path(d));
    end(a, FA_BLOCK_ITEM);
    begin(a, FA_BLOCK_ITEM, -1);
    strong(a, L(a, "Format : ", "Format: "));
    const char *fmt = fa_format_name(d->format);
    char up[16];
    size_t i = 0;
    for (; fmt[i] && i + 1 < sizeof up; i++)
        up[i] = (char)toupper((unsigned char)fmt[i]);
    up[i] = 0;
    text(a, *up ? up : "?");
    long long pages = d->pages, size = d->size;
    if (pages > 0)
        textf(a, ", %lld page%s", pages, pages > 1 ? "s" : "");
    if (size > 0)
        textf(a, LF(a, ", %lld octets", ", %lld bytes"), size);
    end(a, FA_BLOCK_ITEM);
    const char *title = fa_avis_s(d->meta.title);
    if (*title) {
        begin(a, FA_BLOCK_ITEM, -1);
        strong(a, L(a, "Titre (métadonnées) : ", "Title (metadata): "));
        doc_text(a, title);
        end(a, FA_BLOCK_ITEM);
    }
    if (*d->sha256) {
        begin(a, FA_BLOCK_ITEM, -1);
        strong(a, L(a, "SHA-256 : ", "SHA-256: "));
        span(a, FA_SPAN_CODE, d->sha256);
        end(a, FA_BLOCK_ITEM);
    }
    begin(a, FA_BLOCK_ITEM, -1);
    strong(a, L(a, "Date de l'examen : ", "Date of review: "));
    long_date(fa_avis_date(a->opts, date), a->en, longd, sizeof longd);
    text(a, longd);
    end(a, FA_BLOCK_ITEM);
    begin(a, FA_BLOCK_ITEM, -1);
    strong(a, L(a, "Outil : ", "Tool: "));
    textf(a, "formaudit %s",
          a->opts && a->opts->tool_version ? a->opts->tool_version : fa_version());
    const char *rv = d->status == FA_OK ? fa_avis_s(d->rules_version) : "";
    if (!*rv && a->opts && a->opts->rules_version)
        rv = a->opts->rules_version;
    if (*rv) {
        text(a, L(a, ", règles ", ", rules "));
        doc_text(a, rv);
    }
    end(a, FA_BLOCK_ITEM);
    /* What the reader could not read (scanned pages, damaged parts) limits the avis:
     * say so where the document is described. */
    size_t nw = d->warnings.n;
    for (size_t k = 0; k < nw && k < 10; k++) {
        const char *w = d->warnings.v[k];
        begin(a, FA_BLOCK_ITEM, -1);
        strong(a, L(a, "Lecture incomplète : ", "Incomplete reading: "));
        doc_text(a, w ? w : "");
        end(a, FA_BLOCK_ITEM);
    }
    if (nw > 10) {
        begin(a, FA_BLOCK_ITEM, -1);
        textf(a, a->en ? "%zu more reading warnings." : "%zu autre(s) avertissement(s) de lecture.",
              nw - 10);
        end(a, FA_BLOCK_ITEM);
    }
    list_end(a);
}

static void sec_summary(av *a)
{
    fa_counts sum;
    fa_result_counts(a->res, &sum);
    heading(a, 2, L(a, "Synthèse", "Summary"));
    begin(a, FA_BLOCK_PARA, -1);
    if (!a->nf) {
        tl(a, "L'examen n'a relevé aucun problème dans ce document.",
           "The review found no problem in this document.");
    } else {
        long long c[5];
        for (int s = 0; s < 5; s++)
            c[s] = sum.severity[s];
        textf(a, LF(a, "L'examen relève %zu constat(s) : ", "The review records %zu finding(s): "),
              a->nf);
        bool first = true;
        for (int s = 4; s >= 0; s--) {
            if (!c[s])
                continue;
            const char *w = fa_avis_severity_label(s, a->en);
            textf(a, "%s%lld %s%s", first ? "" : ", ", c[s], w,
                  c[s] > 1 && s > 0 && !a->en ? "s" : "");
            first = false;
        }
        if (first)
            tl(a, "sans niveau de gravité", "with no severity");
        textf(a,
              LF(a, " ; %zu point(s) distinct(s) après regroupement.",
                 "; %zu distinct issue(s) once grouped."),
              a->ng);
    }
    end(a, FA_BLOCK_PARA);
    size_t nfields = a->res->n_fields, ncats = 0;
    for (int c = 0; c < FA_CAT_COUNT; c++)
        ncats += sum.category[c] > 0;
    begin(a, FA_BLOCK_PARA, -1);
    textf(
        a,
        LF(a, "Le formulaire comporte %zu champ(s) à remplir", "The form has %zu field(s) to fill"),
        nfields);
    if (ncats) {
        tl(a, " ; données collectées : ", "; data collected: ");
        bool first = true;
        for (int c = 0; c < FA_CAT_COUNT; c++) {
            if (!sum.category[c])
                continue;
            textf(a, "%s%s (%lld)", first ? "" : ", ",
                  fa_category_label((fa_category)c, a->en ? "en" : "fr"),
                  (long long)sum.category[c]);
            first = false;
        }
    }
    text(a, ".");
    end(a, FA_BLOCK_PARA);
    if (a->ng) {
        /* The three most serious issues: groups by severity, then document order. */
        size_t top[3], nt = 0;
        while (nt < 3 && nt < a->ng) {
            size_t best = (size_t)-1;
            for (size_t g = 0; g < a->ng; g++) {
                bool taken = false;
                for (size_t t = 0; t < nt; t++)
                    taken |= top[t] == g;
                if (taken)
                    continue;
                if (best == (size_t)-1 || a->groups[g].sev > a->groups[best].sev ||
                    (a->groups[g].sev == a->groups[best].sev &&
                     a->groups[g].first < a->groups[best].first))
                    best = g;
            }
            top[nt++] = best;
        }
        begin(a, FA_BLOCK_PARA, -1);
        tl(a, nt > 1 ? "Les problèmes les plus graves :" : "Le problème le plus grave :",
           nt > 1 ? "The most serious problems:" : "The most serious problem:");
        end(a, FA_BLOCK_PARA);
        list_begin(a);
        for (size_t t = 0; t < nt; t++) {
            const group *g = &a->groups[top[t]];
            const fa_finding *f0 = representative(a, g);
            begin(a, FA_BLOCK_ITEM, g->sev);
            strong(a, fa_avis_category_label(fa_avis_s(f0->category), a->en));
            textf(a, " (%s) — ", fa_avis_severity_label(g->sev, a->en));
            sentence(a, f0->message);
            const char *q = fa_avis_s(f0->quote);
            if (*q) {
                text(a, " ");
                quote(a, q);
                if (g->n > 1)
                    textf(a, LF(a, " et %zu autre(s) mention(s).", " and %zu more."), g->n - 1);
                else
                    text(a, ".");
            }
            end(a, FA_BLOCK_ITEM);
        }
        list_end(a);
    }
    if (a->s->chart && a->nf && !a->st)
        a->st = a->s->chart(a->s->ctx, a->res, a->en ? "en" : "fr");
    begin(a, FA_BLOCK_PARA, -1);
    strong(a, L(a, "AIPD : ", "DPIA: "));
    if (sum.dpia)
        tl(a,
           "les critères d'une analyse d'impact relative à la protection des données sont réunis ; "
           "elle doit précéder la mise en service.",
           "the criteria for a data-protection impact assessment are met; it must be carried out "
           "before use.");
    else
        tl(a,
           "aucun critère d'analyse d'impact n'a été relevé dans le document ; à confirmer au vu "
           "du traitement complet.",
           "no DPIA criterion was found in the document; to be confirmed in the light of the whole "
           "processing.");
    end(a, FA_BLOCK_PARA);
}

static void sec_legal(av *a)
{
    /* Known texts in table order; unknown citations in order of appearance. */
    bool used[N_KNOWN] = {false};
    fa_strset seen = {0};
    fa_strvec unknown = {0}; /* borrowed strings */
    for (size_t i = 0; i < a->nf && !a->st; i++) {
        const fa_strvec *lb = &finding(a, i)->legal_basis;
        for (size_t k = 0; k < lb->n && !a->st; k++) {
            const char *s = lb->v[k];
            if (!s || !*s)
                continue;
            int t = legal_lookup(s);
            if (t >= 0) {
                used[t] = true;
                continue;
            }
            int added = fa_strset_add(&seen, s);
            if (added < 0 || (added && fa_strvec_push(&unknown, s) != FA_OK))
                a->st = FA_ERR_NOMEM;
        }
    }
    bool any = unknown.n > 0;
    for (int t = 0; t < N_KNOWN; t++)
        any |= used[t];
    if (!any)
        goto out;
    heading(a, 2, L(a, "Cadre juridique", "Legal framework"));
    para(a, "Textes cités par les constats ci-dessous :", "Texts cited by the findings below:");
    list_begin(a);
    for (int t = 0; t < N_KNOWN; t++) {
        if (!used[t])
            continue;
        begin(a, FA_BLOCK_ITEM, -1);
        strong(a, a->en ? known_texts[t].name_en : known_texts[t].name_fr);
        text(a, " — ");
        text(a, a->en ? known_texts[t].en : known_texts[t].fr);
        end(a, FA_BLOCK_ITEM);
    }
    for (size_t k = 0; k < unknown.n; k++) {
        begin(a, FA_BLOCK_ITEM, -1);
        doc_text(a, unknown.v[k]);
        tl(a, " — texte cité par les règles appliquées.", " — cited by the rules applied.");
        end(a, FA_BLOCK_ITEM);
    }
    list_end(a);
out:
    fa_strvec_free(&unknown);
    fa_strset_free(&seen);
}

static void theme_intro(av *a, int th)
{
    const fa_notice *no = &a->res->notice;
    switch (th) {
    case TH_SUBJ:
        if (a->res->context == FA_CTX_EMPLOYER)
            para(a,
                 "Ces champs demandent à l'évaluateur de consigner son jugement sur la personne. "
                 "Une évaluation professionnelle doit porter sur des objectifs et des faits "
                 "vérifiables, distincts de l'opinion de l'évaluateur ; une zone libre doit dire "
                 "ce qu'on peut y écrire.",
                 "These fields ask the assessor to record their judgement of the person. A "
                 "professional review must rest on objectives and verifiable facts, kept apart "
                 "from the assessor's opinion; a free zone must say what may be written in it.");
        else
            para(a,
                 "Ces champs demandent au professionnel de consigner son interprétation de la "
                 "situation. Un dossier doit distinguer ce que la personne a dit ou établi (des "
                 "faits) de ce que le professionnel en pense (une hypothèse, datée et signée) ; "
                 "une zone libre doit dire ce qu'on peut y écrire.",
                 "These fields ask the professional to record their own interpretation of the "
                 "situation. A file must separate what the person said or showed (facts) from what "
                 "the professional thinks (a hypothesis, dated and signed); a free zone must say "
                 "what may be written in it.");
        break;
    case TH_NOTICE: {
        begin(a, FA_BLOCK_PARA, -1);
        if (!no->present) {
            tl(a,
               "Le document ne comporte aucune notice d'information sur la protection des données.",
               "The document has no data-protection notice.");
        } else {
            tl(a, "Le document comporte une notice d'information",
               "The document has a data-protection notice");
            const char *q = fa_avis_s(no->text);
            if (*q) {
                tl(a, " qui commence ainsi : ", " which begins: ");
                quote(a, q);
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
            if (no->present)
                tl(a, " Elle ne mentionne pas les catégories suivantes, pourtant collectées : ",
                   " It does not mention these categories, which the form collects: ");
            else
                tl(a, " Le formulaire recueille pourtant : ", " Yet the form collects: ");
            size_t k = 0;
            for (int c = 0; c < FA_CAT_COUNT; c++) {
                if (!(no->unlisted & FA_CAT_BIT(c)))
                    continue;
                text(a, k++ ? ", " : "");
                text(a, fa_category_label((fa_category)c, a->en ? "en" : "fr"));
            }
            text(a, ".");
        }
        end(a, FA_BLOCK_PARA);
        break;
    }
    case TH_SHARING: {
        const fa_strvec *rec = &no->recipients;
        if (rec->n) {
            begin(a, FA_BLOCK_PARA, -1);
            tl(a, "Destinataires mentionnés : ", "Recipients named: ");
            for (size_t i = 0; i < rec->n; i++) {
                text(a, i ? ", " : "");
                doc_text(a, rec->v[i]);
            }
            tl(a,
               ". Un partage n'est possible que s'il repose sur un texte, entre professionnels "
               "tenus au secret, pour la même mission, limité au strictement nécessaire et après "
               "information de la personne.",
               ". Sharing is lawful only under a specific text, between professionals bound by "
               "secrecy, for the same mission, limited to what is strictly necessary and after "
               "informing the person.");
            end(a, FA_BLOCK_PARA);
        }
        break;
    }
    case TH_RETENTION: {
        const char *r = fa_avis_s(no->retention);
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
}

static void sec_analysis(av *a)
{
    const fa_notice *no = &a->res->notice;
    bool notice_info =
        (no->present && (no->items & ((1u << FA_NI_COUNT) - 1)) != (1u << FA_NI_COUNT) - 1) ||
        no->unlisted;
    if (!a->ng && !notice_info)
        return;
    heading(a, 2, L(a, "Analyse par thème", "Analysis by theme"));
    for (int th = 0; th < TH_COUNT && !a->st; th++) {
        size_t g0 = 0;
        while (g0 < a->ng && a->groups[g0].theme != th)
            g0++;
        bool has = g0 < a->ng;
        if (!has && !(th == TH_NOTICE && notice_info))
            continue;
        heading(a, 3, a->en ? theme_en[th] : theme_fr[th]);
        theme_intro(a, th);
        if (has) {
            list_begin(a);
            for (size_t g = g0; g < a->ng && a->groups[g].theme == th; g++)
                emit_group(a, &a->groups[g]);
            list_end(a);
        }
        if (th == TH_SUBJ) {
            begin(a, FA_BLOCK_NOTE, -1);
            strong(a, L(a, "Rappel : ", "Reminder: "));
            tl(a,
               "la personne concernée peut lire tout ce qui est écrit sur elle (droit d'accès, "
               "RGPD art. 15) ; chaque mention doit pouvoir lui être montrée telle quelle.",
               "the person concerned can read everything written about them (right of access, GDPR "
               "art. 15); every entry must be fit to be shown to them as it stands.");
            end(a, FA_BLOCK_NOTE);
        }
    }
}

static bool theme_present(const av *a, int th)
{
    for (size_t g = 0; g < a->ng; g++)
        if (a->groups[g].theme == th)
            return true;
    return false;
}

static void request(av *a, const char *fr, const char *en)
{
    begin(a, FA_BLOCK_ITEM, -1);
    tl(a, fr, en);
    end(a, FA_BLOCK_ITEM);
}

static void sec_conclusion(av *a)
{
    heading(a, 2, L(a, "Conclusion et demandes", "Conclusion and requests"));
    if (!a->nf) {
        para(a,
             "Le document examiné ne présente pas de champ problématique au regard des règles "
             "appliquées. Cet examen automatique ne remplace pas la lecture du traitement dans son "
             "ensemble (finalité, destinataires, sécurité).",
             "The document raises no problematic field under the rules applied. This automated "
             "review does not replace a reading of the whole processing (purpose, recipients, "
             "security).");
    } else {
        para(a,
             "Au vu de ce qui précède, il est demandé :", "In the light of the above, we request:");
        list_begin(a);
        if (theme_present(a, TH_SENS))
            request(a,
                    "de supprimer les champs et options qui recueillent des données sensibles ou "
                    "pénales, ou de justifier pour chacun la base légale et la nécessité ; à "
                    "défaut, de fermer les listes sur des faits utiles à l'aide demandée ;",
                    "to delete the fields and options that collect sensitive or criminal data, or "
                    "to justify the legal basis and necessity of each; failing that, to close the "
                    "lists on facts needed for the help requested;");
        if (theme_present(a, TH_SUBJ))
            request(a,
                    "de reformuler les appréciations subjectives en faits constatés ou déclarés "
                    "par la personne, et d'encadrer ou supprimer les zones de commentaire libre ;",
                    "to rephrase subjective assessments as facts observed or stated by the person, "
                    "and to frame or delete free comment zones;");
        if (theme_present(a, TH_IDENT))
            request(
                a,
                "de supprimer le NIR et les identifiants qui ne relèvent pas d'un usage autorisé, "
                "et de limiter les données financières au calcul ou au versement d'une aide ;",
                "to remove the NIR and identifiers outside an authorised use, and to limit "
                "financial data to calculating or paying a benefit;");
        if (theme_present(a, TH_NOTICE))
            request(a,
                    "de compléter la notice d'information (RGPD art. 13 et 14) et d'y déclarer "
                    "toutes les catégories de données recueillies ;",
                    "to complete the privacy notice (GDPR art. 13 and 14) and declare every "
                    "category of data collected;");
        if (theme_present(a, TH_SHARING))
            request(a,
                    "de limiter tout partage au strictement nécessaire, entre professionnels tenus "
                    "au secret, sur une base légale précise et après information de la personne ;",
                    "to limit any sharing to what is strictly necessary, between professionals "
                    "bound by secrecy, on a precise legal basis and after informing the person;");
        if (theme_present(a, TH_RETENTION) && a->res->context == FA_CTX_SOCIAL)
            request(a,
                    "de fixer une durée de conservation précise et proportionnée (deux ans après "
                    "le dernier contact pour l'accompagnement social, selon la CNIL) ;",
                    "to set a precise and proportionate retention period (two years after the last "
                    "contact for social support, per the CNIL);");
        else if (theme_present(a, TH_RETENTION))
            request(a,
                    "de fixer une durée de conservation précise et proportionnée à la finalité, et "
                    "de l'indiquer dans la notice ;",
                    "to set a retention period that is precise and proportionate to the purpose, "
                    "and state it in the notice;");
        if (theme_present(a, TH_CONSENT))
            request(a,
                    "d'informer la personne avant la collecte et de recueillir, lorsqu'il est "
                    "requis, un consentement libre et éclairé ;",
                    "to inform the person before collection and, where required, obtain free and "
                    "informed consent;");
        fa_counts sum;
        fa_result_counts(a->res, &sum);
        if (sum.dpia || theme_present(a, TH_DPIA))
            request(a, "de réaliser une analyse d'impact (AIPD) avant toute mise en service ;",
                    "to carry out a data-protection impact assessment before use;");
        request(a,
                "de soumettre le formulaire révisé au délégué à la protection des données (DPO) "
                "et, en cas de désaccord persistant, de saisir la CNIL.",
                "to submit the revised form to the data protection officer (DPO) and, if "
                "disagreement persists, to refer the matter to the CNIL.");
        list_end(a);
    }
    begin(a, FA_BLOCK_NOTE, -1);
    tl(a,
       "La personne concernée a le droit de lire tout ce qui est écrit sur elle : chaque champ "
       "doit être rempli en pensant qu'elle le lira. Les faits qu'elle déclare doivent rester "
       "distincts de l'interprétation du professionnel.",
       "The person concerned has the right to read everything written about them: every field "
       "should be filled in as if they will read it. Facts they state must stay separate from the "
       "professional's interpretation.");
    end(a, FA_BLOCK_NOTE);
}

/* Categories of a field, as labels joined with ", ". */
static fa_status cat_list(fa_buf *b, fa_catset cats, bool en)
{
    fa_status st = FA_OK;
    size_t i = 0;
    for (int c = 0; c < FA_CAT_COUNT && !st; c++)
        if (cats & FA_CAT_BIT(c))
            st = fa_buf_printf(b, "%s%s", i++ ? ", " : "",
                               fa_category_label((fa_category)c, en ? "en" : "fr"));
    return st;
}

static void sec_annex(av *a)
{
    heading(a, 2, L(a, "Annexe A — Inventaire des champs", "Annex A — Field inventory"));
    if (!a->res->n_fields) {
        para(a, "Aucun champ à remplir n'a été trouvé.", "No field to fill was found.");
    } else if (!a->st) {
        const char *h_fr[6] = {"N°", "Libellé", "Type", "Section", "Emplacement", "Catégories"};
        const char *h_en[6] = {"No.", "Label", "Kind", "Section", "Location", "Categories"};
        static const int w[6] = {1, 5, 2, 3, 3, 3};
        a->st = a->s->table_begin(a->s->ctx, 6, a->en ? h_en : h_fr, w);
        fa_buf lab = {0}, loc = {0}, cats = {0};
        for (size_t i = 0; i < a->res->n_fields && !a->st; i++) {
            const fa_field *f = &a->res->fields[i];
            fa_buf_reset(&lab);
            fa_buf_reset(&loc);
            fa_buf_reset(&cats);
            char *l = fa_avis_doc_text(f->label), *sec = fa_avis_doc_text(f->section);
            if (!l || !sec) {
                free(l);
                free(sec);
                a->st = FA_ERR_NOMEM;
                break;
            }
            a->st = fa_buf_puts(&lab, l);
            for (size_t k = 0; k < f->options.n; k++) {
                char *ot = fa_avis_doc_text(f->options.v[k]);
                if (!a->st)
                    a->st = ot ? fa_buf_printf(&lab, "%s%s", k ? " / " : " : ", ot) : FA_ERR_NOMEM;
                free(ot);
            }
            if (!a->st)
                a->st = fa_avis_location(&loc, &f->loc, a->en);
            if (!a->st)
                a->st = cat_list(&cats, f->categories, a->en);
            const char *kind = fa_field_kind_name(f->kind);
            const char *cells[6] = {f->id, lab.data ? lab.data : "", kind,
                                    sec,   loc.data ? loc.data : "", cats.data ? cats.data : ""};
            if (!a->st)
                a->st = a->s->table_row(a->s->ctx, cells);
            free(l);
            free(sec);
        }
        fa_buf_free(&lab);
        fa_buf_free(&loc);
        fa_buf_free(&cats);
        if (!a->st)
            a->st = a->s->table_end(a->s->ctx);
    }
    if (!a->nf || a->st)
        return;
    heading(a, 2, L(a, "Annexe B — Liste des constats", "Annex B — List of findings"));
    const char *h_fr[5] = {"Gravité", "Règle", "Catégorie", "Citation", "Emplacement"};
    const char *h_en[5] = {"Severity", "Rule", "Category", "Quote", "Location"};
    static const int w[5] = {2, 4, 3, 6, 3};
    a->st = a->s->table_begin(a->s->ctx, 5, a->en ? h_en : h_fr, w);
    fa_buf loc = {0};
    for (size_t i = 0; i < a->nf && !a->st; i++) {
        const fa_finding *f = finding(a, i);
        fa_buf_reset(&loc);
        a->st = fa_avis_location(&loc, &f->loc, a->en);
        char *q = fa_avis_doc_text(f->quote);
        if (!q) {
            a->st = FA_ERR_NOMEM;
            break;
        }
        const char *cells[5] = {fa_avis_severity_label((int)f->severity, a->en), fa_avis_s(f->rule),
                                fa_avis_category_label(fa_avis_s(f->category), a->en), q,
                                loc.data ? loc.data : ""};
        if (!a->st)
            a->st = a->s->table_row(a->s->ctx, cells);
        free(q);
    }
    fa_buf_free(&loc);
    if (!a->st)
        a->st = a->s->table_end(a->s->ctx);
}

/* The short avis of a document that could not be read. */
static void emit_error(av *a)
{
    const char *code = fa_status_code(a->res->status);
    heading(a, 2, L(a, "Objet", "Subject"));
    begin(a, FA_BLOCK_PARA, -1);
    tl(a, "Le document ", "The document ");
    quote(a, fa_avis_basename(fa_result_path(a->res)));
    tl(a, " n'a pas pu être lu ; aucune analyse de son contenu n'a donc été faite.",
       " could not be read, so its content was not analysed.");
    end(a, FA_BLOCK_PARA);
    sec_documents(a);
    heading(a, 2, L(a, "Motif", "Reason"));
    begin(a, FA_BLOCK_PARA, -1);
    strong(a, L(a, "Erreur : ", "Error: "));
    span(a, FA_SPAN_CODE, *code ? code : "?");
    const char *msg = fa_avis_s(a->res->error);
    if (*msg) {
        text(a, " — ");
        sentence(a, msg);
    }
    end(a, FA_BLOCK_PARA);
    static const struct {
        const char *code, *fr, *en;
    } advice[] = {
        {"encrypted",
         "Le fichier est protégé par un mot de passe : fournir une version non chiffrée.",
         "The file is password-protected: provide an unencrypted copy."},
        {"no_text",
         "Le fichier ne contient pas de texte (document numérisé) : fournir la version d'origine "
         "(traitement de texte) ou une version reconnue par OCR.",
         "The file has no text layer (scanned): provide the original word-processor file or an "
         "OCR'd copy."},
        {"corrupt", "Le fichier est endommagé ou tronqué : fournir une copie intacte.",
         "The file is damaged or truncated: provide an intact copy."},
        {"format",
         "Le format n'est pas reconnu : fournir le document en DOCX, ODT, PDF, HTML ou texte.",
         "The format is not recognised: provide the document as DOCX, ODT, PDF, HTML or text."},
        {"limit",
         "Le fichier dépasse une limite de sécurité (taille, compression) : vérifier son origine.",
         "The file exceeds a safety limit (size, compression): check where it comes from."},
    };
    for (size_t i = 0; i < sizeof advice / sizeof advice[0]; i++)
        if (!strcmp(code, advice[i].code))
            para(a, advice[i].fr, advice[i].en);
}

fa_status fa_avis_emit(const fa_result *res, const fa_report_opts *opts, const fa_avis_sink *sink)
{
    av a = {.s = sink, .opts = opts, .en = fa_avis_en(opts), .res = res};
    char *name = fa_avis_doc_text(fa_avis_basename(fa_result_path(res)));
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
    heading(&a, 2, L(&a, "Objet", "Subject"));
    begin(&a, FA_BLOCK_PARA, -1);
    tl(&a, "Le présent avis porte sur le formulaire ", "This opinion concerns the form ");
    quote(&a, fa_avis_basename(fa_result_path(res)));
    tl(&a,
       ". Il recense les champs que le formulaire demande de remplir, qualifie les données que "
       "chacun recueille, vérifie l'information donnée à la personne et formule des "
       "recommandations.",
       ". It lists the fields the form asks to fill in, qualifies the data each one collects, "
       "checks the information given to the person and makes recommendations.");
    const char *ctx = fa_context_name(res->context);
    static const struct {
        const char *name, *fr, *en;
    } ctxs[] = {
        {"social", "un service social", "a social service"},
        {"employer", "un employeur", "an employer"},
        {"school", "un établissement scolaire", "a school"},
        {"health", "un établissement de santé", "a health provider"},
        {"housing", "un bailleur ou un service du logement", "a landlord or housing service"}};
    for (size_t i = 0; i < sizeof ctxs / sizeof ctxs[0]; i++)
        if (!strcmp(ctx, ctxs[i].name)) {
            tl(&a, " Émetteur : ", " Issuer: ");
            text(&a, L(&a, ctxs[i].fr, ctxs[i].en));
            tl(&a, " (déduit du document).", " (inferred from the document).");
        }
    end(&a, FA_BLOCK_PARA);
    sec_documents(&a);
    sec_summary(&a);
    sec_legal(&a);
    sec_analysis(&a);
    sec_conclusion(&a);
    sec_annex(&a);
    free(a.order);
    free(a.groups);
    return a.st;
}
