/* avis_law.c — the legal texts an avis may cite, each with one sentence saying what it
 * provides (written for this project, not quoted), and the lookup from the citations of
 * rule packs and frames ("RGPD art. 5.1.c", "CASF L411-3", "CGFP art. L121-6"). Only the
 * texts a document's findings or frame cite are listed in its avis. */
#include "avis.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

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
    LAW_CNIL_2015,
    LAW_CGFP,
    LAW_CSS,
    LAW_CCH,
    LAW_DECRET_2010_888
} law_family;

typedef struct legal_text {
    law_family family;
    const char *article; /* "9", "226-13", "l411-3"; NULL for a whole text */
    const char *name_fr, *name_en;
    const char *fr, *en;
} legal_text;

static const legal_text known_texts[] = {
    /* the order of the list in the avis: EU, French data protection, codes, CNIL */
    {LAW_RGPD, "2", "RGPD, art. 2", "GDPR, art. 2",
     "le règlement s'applique aux traitements automatisés et aux fichiers papier structurés "
     "(« fichiers » au sens de l'art. 4.6).",
     "the regulation applies to automated processing and to structured paper files (\"filing "
     "systems\", art. 4(6))."},
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
    {LAW_RGPD, "26", "RGPD, art. 26", "GDPR, art. 26",
     "responsables conjoints : ceux qui déterminent ensemble finalités et moyens définissent leurs "
     "obligations par un accord, dont les grandes lignes sont mises à la disposition de la "
     "personne.",
     "joint controllers: those who decide purposes and means together set their duties in an "
     "arrangement whose essence is made available to the person."},
    {LAW_RGPD, "28", "RGPD, art. 28", "GDPR, art. 28",
     "le sous-traitant n'agit que sur instruction documentée du responsable, dans un contrat qui "
     "fixe ses obligations.",
     "a processor acts only on the controller's documented instructions, under a contract setting "
     "its obligations."},
    {LAW_RGPD, "30", "RGPD, art. 30", "GDPR, art. 30",
     "registre des activités de traitement tenu par le responsable (finalités, catégories, "
     "destinataires, durées) ; il a remplacé en 2018 les déclarations à la CNIL.",
     "record of processing activities kept by the controller (purposes, categories, recipients, "
     "periods); it replaced declarations to the CNIL in 2018."},
    {LAW_RGPD, "32", "RGPD, art. 32", "GDPR, art. 32",
     "sécurité du traitement : mesures techniques et organisationnelles adaptées au risque.",
     "security of processing: technical and organisational measures appropriate to the risk."},
    {LAW_RGPD, "33", "RGPD, art. 33", "GDPR, art. 33",
     "une violation de données est notifiée à la CNIL dans les 72 heures ; le sous-traitant en "
     "avertit le responsable sans délai.",
     "a personal-data breach is notified to the supervisory authority within 72 hours; the "
     "processor tells the controller without undue delay."},
    {LAW_RGPD, "44", "RGPD, art. 44", "GDPR, art. 44",
     "un transfert hors de l'Union n'a lieu que dans les conditions des articles 45 à 49 "
     "(adéquation du pays ou garanties appropriées).",
     "a transfer outside the Union takes place only under the conditions of articles 45 to 49 "
     "(adequacy of the country or appropriate safeguards)."},
    {LAW_RGPD, "46", "RGPD, art. 46", "GDPR, art. 46",
     "garanties appropriées d'un transfert : clauses contractuelles types de la Commission, "
     "règles d'entreprise contraignantes, code de conduite ou certification.",
     "appropriate safeguards for a transfer: the Commission's standard contractual clauses, "
     "binding corporate rules, a code of conduct or a certification."},
    {LAW_RGPD, "35", "RGPD, art. 35", "GDPR, art. 35",
     "analyse d'impact (AIPD) obligatoire avant un traitement susceptible d'engendrer un risque "
     "élevé ; la liste de la CNIL y inclut l'accompagnement social ou médico-social des personnes.",
     "a data-protection impact assessment (DPIA) is required before processing likely to result in "
     "a high risk; the CNIL list includes social and medico-social support."},
    {LAW_RGPD, "89", "RGPD, art. 89", "GDPR, art. 89",
     "garanties propres à la recherche (minimisation, pseudonymisation).",
     "safeguards for research (minimisation, pseudonymisation)."},
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
    {LAW_CASF, "l226-2-1", "CASF, art. L226-2-1", "Social Action Code (CASF), art. L226-2-1",
     "toute information préoccupante sur un mineur en danger ou en risque de l'être est transmise "
     "sans délai au président du conseil départemental ; les parents en sont informés au "
     "préalable, sauf intérêt contraire de l'enfant.",
     "any concern about a child in danger or at risk is passed without delay to the president of "
     "the département council; parents are told beforehand unless this is against the child's "
     "interest."},
    {LAW_CASF, "l226-3", "CASF, art. L226-3", "Social Action Code (CASF), art. L226-3",
     "le président du conseil départemental recueille, traite et évalue les informations "
     "préoccupantes, par une cellule départementale.",
     "the president of the département council collects, handles and assesses concerns about "
     "children, through a dedicated unit."},
    {LAW_CASF, "l226-4", "CASF, art. L226-4", "Social Action Code (CASF), art. L226-4",
     "cas où le président du conseil départemental avise le procureur de la République.",
     "cases in which the president of the département council informs the public prosecutor."},
    {LAW_CASF, "l221-6", "CASF, art. L221-6", "Social Action Code (CASF), art. L221-6",
     "toute personne qui participe aux missions de l'aide sociale à l'enfance est tenue au secret "
     "professionnel.",
     "anyone taking part in child welfare is bound by professional secrecy."},
    {LAW_CASF, "l123-5", "CASF, art. L123-5", "Social Action Code (CASF), art. L123-5",
     "missions du centre communal d'action sociale (action sociale générale, instruction des "
     "demandes d'aide sociale).",
     "duties of the municipal social action centre (general social action, social aid "
     "applications)."},
    {LAW_CASF, "l133-5", "CASF, art. L133-5", "Social Action Code (CASF), art. L133-5",
     "les personnes qui interviennent dans l'instruction de l'aide sociale sont tenues au secret "
     "professionnel.",
     "those who take part in handling social aid are bound by professional secrecy."},
    {LAW_CASF, "l146-8", "CASF, art. L146-8", "Social Action Code (CASF), art. L146-8",
     "l'équipe pluridisciplinaire de la MDPH évalue les besoins de compensation de la personne "
     "handicapée.",
     "the MDPH's multidisciplinary team assesses the disabled person's compensation needs."},
    {LAW_CASF, "l241-6", "CASF, art. L241-6", "Social Action Code (CASF), art. L241-6",
     "décisions de la commission des droits et de l'autonomie des personnes handicapées.",
     "decisions of the rights and autonomy commission for disabled people."},
    {LAW_CASF, "l241-10", "CASF, art. L241-10", "Social Action Code (CASF), art. L241-10",
     "les personnes qui participent à l'instruction et à l'évaluation des demandes à la MDPH "
     "sont tenues au secret professionnel.",
     "those who take part in handling and assessing MDPH requests are bound by professional "
     "secrecy."},
    {LAW_CASF, "l262-1", "CASF, art. L262-1", "Social Action Code (CASF), art. L262-1",
     "revenu de solidarité active : droit et montant selon les ressources et la composition du "
     "foyer.",
     "RSA minimum income: entitlement and amount according to household resources and "
     "composition."},
    {LAW_CASF, "l262-4", "CASF, art. L262-4", "Social Action Code (CASF), art. L262-4",
     "conditions du RSA, dont la régularité du séjour pour une personne étrangère.",
     "conditions of the RSA, including lawful residence for a foreign national."},
    {LAW_CASF, "l311-3", "CASF, art. L311-3", "Social Action Code (CASF), art. L311-3",
     "droits des usagers des établissements et services sociaux et médico-sociaux, dont la "
     "confidentialité des informations qui les concernent.",
     "rights of users of social and medico-social services, including confidentiality of their "
     "information."},
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
    {LAW_CGFP, "l121-6", "Code général de la fonction publique, art. L121-6",
     "General Civil Service Code, art. L121-6",
     "les agents publics sont tenus au secret professionnel, dans les conditions du code pénal.",
     "public servants are bound by professional secrecy, as the Criminal Code provides."},
    {LAW_CGFP, "l121-7", "Code général de la fonction publique, art. L121-7",
     "General Civil Service Code, art. L121-7",
     "discrétion professionnelle des agents publics sur ce qu'ils apprennent dans leurs "
     "fonctions ; elle protège le service, le secret protège la personne.",
     "public servants' professional discretion about what they learn at work; it protects the "
     "service, secrecy protects the person."},
    {LAW_DECRET_2010_888, NULL, "Décret n° 2010-888 du 28 juillet 2010",
     "Decree no. 2010-888 of 28 July 2010",
     "entretien professionnel des fonctionnaires de l'État : critères d'appréciation de la "
     "valeur professionnelle et compte rendu communiqué à l'agent.",
     "professional review of state civil servants: appraisal criteria and a report given to the "
     "employee."},
    {LAW_CSS, "l511-1", "Code de la sécurité sociale, art. L511-1",
     "Social Security Code, art. L511-1", "liste des prestations familiales.",
     "list of family benefits."},
    {LAW_CSS, "l512-2", "Code de la sécurité sociale, art. L512-2",
     "Social Security Code, art. L512-2",
     "conditions de séjour des étrangers pour les prestations familiales.",
     "residence conditions for foreign nationals to receive family benefits."},
    {LAW_CSS, "l523-1", "Code de la sécurité sociale, art. L523-1",
     "Social Security Code, art. L523-1",
     "allocation de soutien familial (enfant privé de l'aide d'un parent).",
     "family support allowance (a child without a parent's support)."},
    {LAW_CSS, "l861-1", "Code de la sécurité sociale, art. L861-1",
     "Social Security Code, art. L861-1",
     "complémentaire santé solidaire, sous condition de ressources.",
     "means-tested supplementary health cover."},
    {LAW_CCH, "l441-2-1", "Code de la construction et de l'habitation, art. L441-2-1",
     "Building and Housing Code, art. L441-2-1",
     "demande de logement social enregistrée sous un numéro unique.",
     "social housing applications registered under a single number."},
    {LAW_CCH, "r441-1", "Code de la construction et de l'habitation, art. R441-1",
     "Building and Housing Code, art. R441-1",
     "conditions d'attribution d'un logement social, dont les ressources et la régularité du "
     "séjour.",
     "conditions for social housing, including resources and lawful residence."},
    {LAW_CT, "l1221-6", "Code du travail, art. L1221-6", "Labour Code, art. L1221-6",
     "l'employeur ne demande au candidat que des informations ayant un lien direct et nécessaire "
     "avec l'emploi ou l'évaluation de ses aptitudes.",
     "an employer asks a candidate only for information directly and necessarily linked to the "
     "job or to assessing aptitude."},
    {LAW_CT, "l1222-2", "Code du travail, art. L1222-2", "Labour Code, art. L1222-2",
     "les informations demandées à un salarié ne servent qu'à évaluer ses aptitudes "
     "professionnelles.",
     "information asked of an employee serves only to assess professional aptitude."},
    {LAW_CT, "l5312-1", "Code du travail, art. L5312-1", "Labour Code, art. L5312-1",
     "missions de France Travail.", "duties of France Travail."},
    {LAW_CT, "l5411-1", "Code du travail, art. L5411-1", "Labour Code, art. L5411-1",
     "inscription des demandeurs d'emploi.", "registration of job seekers."},
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

int fa_avis_law_count(void)
{
    return N_KNOWN;
}

const char *fa_avis_law_name(int i, bool en)
{
    return i >= 0 && i < N_KNOWN ? (en ? known_texts[i].name_en : known_texts[i].name_fr) : "";
}

const char *fa_avis_law_text(int i, bool en)
{
    return i >= 0 && i < N_KNOWN ? (en ? known_texts[i].en : known_texts[i].fr) : "";
}

/* Which known text a citation such as "RGPD art. 5.1.c" or "CASF L411-3" names;
 * -1 when none. Citations come from rule packs, so this is tolerant of spelling. */
int fa_avis_law_lookup(const char *cite)
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
                {"2010-888", LAW_DECRET_2010_888},
                {"cgfp", LAW_CGFP},
                {"fonction publique", LAW_CGFP},
                {"s\xc3\xa9"
                 "curit\xc3\xa9 sociale",
                 LAW_CSS},
                {"securite sociale", LAW_CSS},
                {"css ", LAW_CSS},
                {"cch ", LAW_CCH},
                {"construction et de l'habitation", LAW_CCH},
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
