/* notice.c — what the form says about itself, part 1: finding the data-protection notice
 * wherever it sits (titled section, footer, small print, or paragraphs carrying strong
 * notice signals), checking the GDPR art. 13 items, reading the categories the notice
 * declares and cross-checking them with what the fields collect. Sharing, retention,
 * consent, DPIA and the issuer context are in notice_clauses.c.
 *
 * The vocabulary is data in this file (French and English, on folded text) so the
 * analysis works without any rule pack; `rules` may be NULL.
 *
 * Decisions worth knowing:
 * - "situation familiale" declared in a notice counts as declaring family_life: the
 *   person has been told that their family situation is processed, which is how
 *   reviewers read such notices. The fields that go further (conflicts, violence,
 *   placement) are still flagged one by one as family_life findings; only the
 *   "undeclared" cross-check treats them as announced.
 * - "régime alimentaire" does not declare religion, for the same reason: the point of
 *   the check is that meal choices reveal beliefs without saying so.
 * - free_comment is never "unlisted": a comment zone is a risk of its own (CNIL
 *   bloc-notes guidance), not a category a notice could list.
 * - A sentence with a negation ("aucune donnée de santé n'est collectée") declares
 *   nothing.
 * - The one-sentence CNIL mention ("Les informations recueillies font l'objet d'un
 *   traitement destiné à...") is a notice even without a strong word or a notice title:
 *   a sentence about the data being processed plus a purpose, a recipient, a right or a
 *   controller (nt_block.info). Retention alone does not count ("must be kept up to
 *   date"). Such a notice is then reported incomplete, item by item. */
#include "notice_int.h"

#include "ident.h"
#include "fa_limits.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- vocabulary */

/* Patterns on folded text, indexed by nt_re. */
static const char *const re_src[NT_RE_COUNT] = {
    /* NT_RE_TITLE: the heading of a notice; the whole (short) block must be it */
    [NT_RE_TITLE] =
        "^\\s*(?:[0-9ivx]{1,4}[.)-]?\\s*)?(?:protection (?:de vos |des |de la |de )?donnees"
        "(?: (?:a caractere )?personnelles)?|informatique (?:et|&) libertes?|rgpd"
        "|reglement general sur la protection des donnees|donnees (?:a caractere )?personnelles"
        "|(?:vos|tes|ses|nos) donnees(?: personnelles)?"
        "|mentions? (?:legales|d'information|informatives?|rgpd|cnil|relatives? (?:a|aux) "
        "(?:la protection|donnees))"
        "|informations? (?:sur|relatives? (?:a|au|aux)|concernant) (?:la protection|le traitement"
        "|vos donnees|les donnees|le rgpd|l'utilisation)"
        "|(?:politique|charte) de (?:confidentialite|protection des donnees)"
        "|traitement (?:de vos|des) donnees(?: personnelles| a caractere personnel)?"
        /* a section that says how what is written will be kept secret ("Confidentialité")
         * counts only if its text then carries notice signals, as every title here */
        "|confidentialite(?: (?:des|de vos) (?:donnees|informations|renseignements))?"
        "|data protection(?: notice| statement| information)?"
        "|privacy(?: notice| policy| statement| information)?"
        "|(?:your |processing of )?personal data|your data|gdpr(?: notice| information)?"
        "|information (?:notice|about (?:your|the processing))"
        "|how (?:we|will we|do we) (?:use|handle|process|look after|protect) (?:your )?(?:personal "
        ")?"
        "(?:information|data|details)|(?:use|processing) of your (?:personal )?(?:information|data)"
        "|confidentiality|mentions?(?=\\s*:?\\s*$))\\b[^\\n]{0,70}$",
    [NT_RE_STRONG] =
        "responsable (?:du |de |des )?traitements?|\\brgpd\\b|\\bcnil\\b"
        "|droits? (?:d'acces|de rectification|d'opposition|a l'effacement|d'effacement"
        "|a la portabilite|a la limitation)|delegue(?:e)? (?:a la )?protection des donnees"
        "|\\bdpo\\b|informatique et libertes|78-17|2016/679"
        "|reglement general sur la protection|protection des donnees personnelles"
        "|data controller|\\bgdpr\\b|data protection officer"
        "|right (?:of|to) (?:access|rectification|erasure|object)|supervisory authority",
    [NT_RE_WEAK] =
        "\\bdonnees\\b|\\btraitements?\\b|\\btraitee?s?\\b|conserv\\w*|destinataires?"
        "|destinee?s?\\b|finalites?|\\bdroits?\\b|\\binformations?\\b|recueill\\w*"
        "|collect\\w*|personal data|\\bdata\\b|\\bretained\\b|\\bkept\\b|\\bstored\\b"
        "|\\brights?\\b|\\bprocess(?:es|ed|ing)?\\b|\\bpurposes?\\b|\\bshared\\b"
        "|\\brenseignements?\\b|\\bconfidentiel\\w*|\\bcommuniquee?s?\\b|\\bhabilitee?s?\\b"
        "|\\bconfidential\\b|\\bcontroller\\b",
    [NT_RE_CONTROLLER] =
        "responsable (?:du |de |des )?traitements?|\\bdata controller\\b|\\bcontroller\\b"
        "|traitement (?:est )?(?:mis en oeuvre|gere|realise|effectue) par"
        "|responsable de ce traitement",
    [NT_RE_DPO] = "delegue(?:e)? (?:a la )?protection des donnees|\\bdpo\\b|\\bdpd\\b"
                  "|data protection officer|correspondant informatique et libertes|rgpd@"
                  "|donnees-?personnelles@|privacy@",
    [NT_RE_PURPOSES] =
        "finalites?|\\b(?:pour |afin d'|afin de |en vue d'|en vue de )(?:l'|la |le |les |vous )?"
        "(?:elaborer|instruire|gerer|organiser|suivre|traiter|permettre|assurer|etablir|verifier"
        "|evaluer|accompagner|attribuer|facturer|calculer|proposer|examiner|constituer|realiser"
        "|mettre en oeuvre|preparer|inscrire|contacter|informer|delivrer|verser|payer|gestion"
        "|suivi|instruction|attribution|accompagnement|organisation|inscription|elaboration"
        "|evaluation)"
        "|ont pour (?:objet|objectif|finalite|but)|\\b(?:servent|sert|serviront|servira) "
        "(?:a|au|aux)\\b"
        "|(?:utilisees|traitees|necessaires|collectees|recueillies|enregistrees) (?:pour|afin"
        "|dans le but|en vue)"
        "|instrui\\w* (?:votre|la|le|les|vos) (?:demande|dossier)|\\bpurposes?\\b"
        "|\\b(?:a|pour) l'(?:instruction|examen|etude) (?:de |du |des |d')"
        /* "au titre de sa mission de protection de l'enfance", "pour l'exercice d'une
         * mission d'intérêt public de protection des élèves", "en exécution d'une mesure
         * d'assistance éducative": the mission or measure named is the purpose */
        "|\\b(?:au titre|dans le cadre|pour l'exercice|en execution) (?:de |d'|du |des )"
        "(?:sa |ses |leur |leurs |une? |la |l'|cette |ces )?(?:missions?|mesures?|decisions?)"
        "(?: [a-z]+)?(?: d'interet public| de service public)? (?:de |d')"
        "|\\bmise? en oeuvre (?:pour|afin|en vue)"
        "|\\bin order to\\b|\\bused (?:to|for)\\b|\\bso that we can\\b"
        "|\\b(?:to|for) (?:manag|provid|organi[sz]|handl|administer|process|assess|contact"
        "|run)\\w*",
    [NT_RE_LEGAL_BASIS] =
        "bases? (?:legale|juridique|de liceite)|fondement (?:juridique|legal)"
        "|obligations? (?:legales?|reglementaires?)"
        "|missions? (?:d'interet public|de service public)|interets? (?:public|legitimes?)"
        "|consentement|execution (?:du|d'un|de votre|de ce) contrat|mesures? precontractuelles?"
        "|en application (?:de |des |du |d')(?:l'|la |le )?(?:articles?|art\\.?|loi|decret|code"
        "|reglement)"
        /* a cited text is the basis the controller relies on: "(décret n° 2014-1526)",
         * "(article L226-3 du code de l'action sociale et des familles)", "article 375
         * du code civil"; and so is acting "au titre de sa mission" or on a decision */
        "|\\b(?:decret|loi|ordonnance|arrete)(?: n\\S{0,3})? ?\\d{2,4}[-/]\\d+"
        "|\\b(?:articles?|art\\.) ?[lrd]\\.? ?\\d+(?:-\\d+)*\\b"
        "|\\b(?:articles?|art\\.) ?\\d+(?:-\\d+)* (?:du|de la|de l') (?:code|loi)\\b"
        "|\\bau titre (?:de |d')(?:sa |ses |leur |leurs |la |l'|cette )?(?:missions?"
        "|competences?|obligations?|attributions?)"
        "|\\ben execution d'une? (?:decision|mesure|mandat|jugement|ordonnance|convention)"
        "|article 6[. ]?1|\\bart\\.? ?6\\b|\\blegal (?:basis|obligation)|\\bpublic[ "
        "-](?:interest|task)"
        "|legitimate interest|\\bconsent\\b|lawful basis|performance of (?:a|the) contract"
        "|vital interest|interets? vitaux",
    [NT_RE_RECIPIENTS] =
        "destinataires?|destinee?s? (?:a |au |aux |uniquement |exclusivement )"
        "|transmise?s? (?:a |au |aux |uniquement )|communiquee?s? (?:a |au |aux |uniquement )"
        "|accessibles? (?:a |au |aux |par |uniquement )|partagee?s? avec|consultables? par"
        "|ne (?:sont|seront) (?:ni )?(?:transmises|communiquees|cedees)|\\brecipients?\\b"
        /* sent to someone, with words between: "sont adressées sous pli confidentiel au
         * médecin coordonnateur", "ne sont communiquées qu'à l'assistant sanitaire", "il
         * est adressé au juge"; the auxiliary keeps "votre adresse" out */
        "|\\b(?:est|sont|sera|seront|etre) (?:[a-z]+ )?(?:adressee?s?|transmise?s?|communiquee?s?"
        "|envoyee?s?|remise?s?|destinee?s?|partagee?s?|accessibles?|consultables?)\\b"
        "[^.;:\\n]{0,50}?(?:\\b(?:a|au|aux|avec|par) |qu'(?:a|au|aux)\\b)"
        /* examined by a body: "l'examen de votre demande par la commission" */
        "|\\b(?:examen|examinee?s?|etudiee?s?|etude)\\b[^.;:\\n]{0,40}\\bpar (?:la |le |les |l')?"
        "(?:commissions?|comites?|jurys?|equipes?|instances?|cellules?)\\b"
        "|\\b(?:shared|disclosed|transferred|passed|forwarded|sent) (?:only |solely |exclusively )"
        "?(?:with|to)\\b"
        "|shared with|disclosed to|transferred to|accessible (?:to|by)",
    [NT_RE_RETENTION_WORD] =
        "conserv\\w*|archiv\\w*|gardee?s?\\b|\\bretention\\b|\\bretained\\b|\\bkept\\b"
        "|\\bstored\\b|supprimee?s?\\b|detruite?s?\\b"
        "|effacee?s? (?:au terme|a l'issue|apres)",
    [NT_RE_DURATION] =
        "\\b(?:\\d+|une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|quinze|vingt"
        "|trente|one|two|three|four|five|seven|eight|nine|ten|twelve)\\s+(?:ans?|annees?|mois"
        "|jours?|semaines?|years?|months?|weeks?|days?)\\b"
        "|\\bduree (?:de |du |des |d')|jusqu'(?:a|au|aux)\\b|pendant (?:la|le|toute|tout|les)\\b"
        "|le temps (?:de |du |d'|necessaire)|a l'issue|au terme|apres la (?:fin|cloture|derniere)"
        "|\\b(?:a|des) la (?:fin|cloture) (?:de |du |des |d')"
        "|\\buntil\\b|for the duration|\\bfor (?:as long|the period)",
    [NT_RE_RIGHTS] =
        "droits? (?:d'acces|de rectification|d'effacement|a l'effacement|d'opposition"
        "|de limitation|a la limitation|a la portabilite|de portabilite|d'interrogation)"
        "|(?:exercer|exercez) (?:vos|ce|ces|votre|les) droits?|vos droits"
        "|\\brights? (?:of|to) (?:access|rectification|erasure|object|restrict)|your rights"
        "|acceder aux (?:donnees|informations)|access (?:to )?your data"
        "|\\bacces (?:a|aux) (?:vos|ses|leurs|ces|les) (?:donnees|informations)"
        /* the rights as verbs: "vous pouvez accéder à vos données, les faire rectifier ou
         * vous opposer à leur traitement", "peuvent consulter le dossier", and as a list
         * under "Droits :" */
        "|\\b(?:pouvez|peut|peuvent|pourrez|pourra|pourront)(?: a tout moment)? (?:demander (?:a "
        "|l')?"
        ")?(?:acceder|consulter|obtenir (?:l'acces|la rectification|la communication|l'effacement)"
        "|faire rectifier|rectifier|corriger|vous opposer|s'opposer|faire effacer|effacer)\\b"
        "|\\bles faire (?:rectifier|corriger|effacer|supprimer)\\b"
        "|\\bdroits? ?: ?(?:d'|de |du )?(?:acces|rectification|opposition|effacement)"
        "|\\b(?:may|can) (?:request |ask to )?(?:access|correct|rectify|erase|object)\\b",
    [NT_RE_COMPLAINT] =
        "\\bcnil\\b|reclamation|autorite de controle|supervisory authority|\\bcomplaint\\b",
    [NT_RE_DECLARE] =
        "(?:donnees|informations|renseignements)(?: personnelles| a caractere personnel)?"
        " (?:traitees|collectees|recueillies|concernees|demandees|utilisees|enregistrees"
        "|necessaires|suivantes|vous concernant (?:sont|traitees|collectees))"
        "|categories? de donnees|\\bles donnees (?:sont|suivantes)"
        "|nous (?:collectons|traitons|recueillons|utilisons)"
        "|(?:sont|seront) (?:collectees|traitees|recueillies|enregistrees) (?:les )?"
        "(?:donnees|informations) suivantes"
        "|\\b(?:data|information) (?:we )?(?:collect(?:ed)?|process(?:ed)?|held)\\b"
        "|categories of (?:personal )?data|personal data (?:processed|collected)"
        "|data categories|\\bwe (?:collect|process|use)\\b"
        "|\\b(?:recueill|collect|enregistr)(?:e|ons|ent) (?:vos |votre |les |des )"
        /* inverted ("Sont traitées : l'identité, la santé..."), containers ("Il contient
         * des informations sur..."), "types de données", "les données ... concernent" */
        "|\\b(?:sont|seront) (?:collectees|traitees|recueillies|enregistrees|utilisees"
        "|conservees|concernees)\\s*:"
        "|\\b(?:il|elle|(?:le|ce) (?:traitement|fichier|dossier|formulaire|document)"
        "|(?:la|cette) (?:fiche|demande|base)) (?:contient|comporte|regroupe|rassemble|recense"
        "|porte sur|mentionne)\\b"
        "|(?:types?|nature) (?:de |des )donnees"
        "|(?:donnees|informations|renseignements)\\b[^.:;\\n]{0,40}\\b(?:concernent|portent sur"
        "|comprennent|incluent|sont les suivantes)\\b"
        "|\\b(?:data|information) (?:is|are|will be) (?:collected|processed|recorded|held)\\b"
        "|\\bthe following (?:personal )?(?:data|information)\\b"
        "|\\b(?:it|this (?:form|record|file)) (?:contains|includes|holds|records) (?:personal )?"
        "(?:data|information)\\b"
        /* "Ethnic group and disability answers are kept apart...", "... details are used" */
        "|\\b(?:answers|details|information|data|records?|responses) (?:are|is|will be) (?:only )?"
        "(?:kept|used|held|stored|processed|recorded|collected|read|seen)\\b"
        "|\\bsection is (?:only )?(?:read|seen|kept|used)\\b",
    [NT_RE_ABOUT] = "(?:donnees|informations|renseignements|data|information) (?:de |d'|relatives? "
                    "(?:a|au|aux) "
                    "|concernant |sur |about |on |regarding |relating to )",
    /* a data noun and the adjectives that follow it (group 1): "les données médicales
     * sont adressées...", "les informations bancaires"; English puts them before. Data
     * only: "aussi longtemps que votre dossier médical" refers to a file, it declares
     * nothing */
    [NT_RE_ABOUT_ADJ] =
        "\\b(?:donnees|informations|renseignements|elements)"
        "((?: [a-z-]+(?:ales?|aux|ques?|ieres?|iers?|aires?|ives?|ifs?|elles?|els?)\\b){1,3})"
        "|\\b((?:medical|health|financial|bank|criminal|biometric|genetic|religious"
        "|ethnic|political) )(?:data|information|details)\\b",
    [NT_RE_NEGATION] =
        "\\bne\\b[^.;\\n]{0,60}\\b(?:pas|jamais|aucune?|nullement|en aucun cas)\\b|\\baucune?\\b"
        "|\\bni\\b|\\bnot\\b|\\bnever\\b|\\bno\\b|\\bnone\\b",
    [NT_RE_SHARE_VERB] =
        "transmise?s?\\b|transmet\\w*|transmission|communiquee?s?\\b|communique (?:a |au |aux )"
        "|communication (?:de |des |du )(?:dossier|donnees|informations|fiche)|consultables?"
        /* participles need their preposition: "adresse", "partage", "echange" are also
         * nouns ("Adresse du bailleur : ____" is no transmission) */
        "|consultee?s? (?:par|a |au |aux )|partagee?s? (?:avec|entre|a |au |aux )"
        "|partage (?:d'informations|des informations|avec)"
        "|adressee?s? (?:a |au |aux )|envoyee?s? (?:a |au |aux )|signalee?s? (?:a |au |aux )"
        "|signalement|echangee?s? (?:avec|entre)|echanges? d'informations"
        "|accessibles? (?:a |au |aux |par )|fiche de liaison|destinataires?"
        "|presentee?s? (?:a |au |aux |en |devant )|soumise?s? (?:a |au |aux )"
        "|examinee?s? (?:par|en) "
        "|destinee?s? (?:a |au |aux )|\\bshared\\b|\\bdisclosed\\b|\\btransmitted\\b"
        "|\\bforwarded\\b|\\bsent to\\b|\\bpassed (?:on )?to\\b|\\brecipients?\\b",
    [NT_RE_EXCEPT] = "\\b(?:sauf|excepte|hormis|a l'exception d\\w*|except|other than)\\b",
    [NT_RE_OPEN_ENDED] =
        "au moins|au minimum|\\bminimum\\b|sans limit\\w*|indefiniment|illimitee?s?|sans duree"
        "|\\ba vie\\b|definitivement|sans date (?:de fin|limite)|permanen\\w*|\\bat least\\b"
        "|indefinitely|unlimited|no time limit|\\bforever\\b",
    [NT_RE_VAGUE] = "(?:le temps|la duree|aussi longtemps que|le delai) (?:necessaire|utile)"
                    "|as long as (?:necessary|needed)",
    [NT_RE_PERIOD] =
        "\\b(\\d+|une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|quinze|vingt"
        "|trente|one|two|three|four|five|seven|eight|nine|ten|twelve)\\s+(ans?|annees?|mois"
        "|jours?|semaines?|years?|months?|weeks?|days?)\\b",
    /* the purpose the CNIL two-year period is about, not any mention of "action sociale" */
    [NT_RE_SOCIAL_SUPPORT] =
        "accompagnement|suivi social|insertion|\\brsa\\b|social support|travail social",
    [NT_RE_CONSENT_WORDS] =
        "j'accepte|j'autorise|je consens|je donne mon (?:accord|consentement)"
        "|j'ai pris connaissance|accord de (?:la personne|l'interesse\\w*|l'usager|du beneficiaire"
        "|du demandeur|du salarie|de l'agent)|consentement|avec (?:votre|son|leur) accord"
        "|(?:votre|son|leur) accord (?:prealable|expres|ecrit)"
        "|autorisation (?:de |du |des |parentale)|(?:accepte|autorise|refuse) que"
        "|\\bi (?:agree|consent|accept|authori[sz]e)\\b|\\bconsent\\b"
        "|with (?:your|their) (?:agreement|consent)",
    [NT_RE_INFO_SENTENCE] =
        "(?:vos|ces|les) (?:donnees|informations|renseignements)(?: personnelles)?"
        "(?: recueillies| collectees| demandees| fournies)?[^.\\n]{0,80}(?:traitement|traitee?s?\\b"
        "|utilisee?s?\\b|destinee?s?\\b|conservee?s?\\b|enregistree?s?\\b|informatis\\w*"
        "|font l'objet|ne seront|ne sont)"
        "|(?:your|the) (?:personal )?(?:data|information|details)[^.\\n]{0,80}\\b(?:processed|used"
        "|kept|stored|shared|recorded)\\b",
    [NT_RE_FORCED] =
        "(?:accord|consentement|acceptation|autorisation)[^.\\n]{0,40}\\b(?:obligatoire"
        "|requise?|indispensable|imperati\\w*|exige\\w*)"
        "|en (?:signant|remplissant|completant|transmettant|validant|retournant|deposant)"
        "[^.\\n]{0,100}\\b(?:acceptez|accepte|autorisez|autorise|consentez|consent\\w*"
        "|donnez votre accord|reconnaissez)"
        "|(?:vaut|valent|emporte|implique) (?:acceptation|accord|consentement|autorisation)"
        "|(?:a defaut|faute|en l'absence|sans) (?:de )?(?:cet |votre |son |leur |d'|l')?"
        "(?:accord|consentement|acceptation|autorisation)[^.\\n]{0,100}(?:ne pourra|ne sera"
        "|ne peut|ne pourront|irrecevable|rejet\\w*|refus\\w*|suspen\\w*|pas (?:etre )?"
        "(?:instruit|traite|examine|pris en compte))"
        "|(?:accepte|acceptez|autorise|autorisez) que (?:ses|mes|vos|leurs|les) "
        "(?:donnees|informations)[^.\\n]{0,140}(?:obligatoire|condition|necessaire|indispensable"
        "|sans quoi|faute de quoi|a defaut)"
        "|\\bby (?:signing|submitting|completing)\\b[^.\\n]{0,80}\\b(?:agree|consent|accept)"
        "|consent is (?:mandatory|required|compulsory)",
    [NT_RE_SIGN_MANDATORY] =
        "signature[^.\\n]{0,40}(?:obligatoire|requise|indispensable)"
        "|(?:obligatoire|requise)[^.\\n]{0,20}signature|signature (?:is )?(?:mandatory|required)",
    [NT_RE_PRETICK_TOPIC] =
        "j'accepte|j'autorise|je consens|\\baccord\\b|consentement|autoris\\w*|droit a l'image"
        "|newsletter|lettre d'information|partenaires|transmission|prospection"
        "|communication (?:de|des) (?:mes|vos|ses) donnees|\\bagree\\b|\\bconsent\\b|marketing",
    [NT_RE_DATA_WORD] =
        "\\bdonnees\\b|informations|\\bdossiers?\\b|\\bdocuments?\\b|\\bfiches?\\b|\\belles\\b"
        "|\\bils\\b|\\bdata\\b|\\brecords?\\b|\\binformation\\b",
    [NT_RE_VULNERABLE] =
        "\\benfants?\\b|\\bmineurs?\\b|\\beleves?\\b|demandeurs? d'emploi|beneficiaires?"
        "|\\bresidents?\\b|\\bpatients?\\b|\\bsalaries?\\b|handicap\\w*|personnes? agees?"
        "|demandeurs? d'asile|precari\\w*|sans (?:domicile|abri)|hebergement d'urgence|\\brsa\\b"
        "|majeurs? proteges?|tutelle|curatelle|children|\\bminors?\\b|employees?|job seekers?"
        "|vulnerable",
    [NT_RE_EVALUATION] =
        "\\bgrilles?\\b|\\bscores?\\b|scoring|cotations?|\\bnotations?\\b|\\bbareme\\b"
        "|\\bevaluations?\\b|diagnostic|profilage|\\brating\\b|assessment",
    [NT_RE_MATCHING] = "croisement|interconnexion|rapprochement (?:de|des) (?:fichiers|donnees)"
                       "|mise en commun (?:de|des) (?:fichiers|donnees)|data matching|combin\\w* "
                       "(?:datasets|data)",
    [NT_RE_EXCLUSION] =
        "\\bsuspension|\\bradiation|\\bexclusion|suppression (?:de |du |des )(?:droit|allocation"
        "|aide|prestation)|\\bsanctions?\\b|refus (?:de |d'|du )(?:l'aide|la prestation"
        "|l'attribution)|reduction (?:de |du )(?:rsa|l'allocation)|\\bdenial\\b|\\btermination\\b",
    [NT_RE_CNIL_LIST] =
        "accompagnement (?:social|medico-social)|suivi social|logement social"
        "|attribution (?:de|des) logements?|signalements?|(?:evaluation|entretien) (?:annuel"
        "|professionnel|des salaries|des agents)|gestion des alertes",
    [NT_RE_LARGE_SCALE] = "fichier (?:departemental|national|regional|centralise)"
                          "|plateforme (?:departementale|nationale)"
                          "|base de donnees (?:departementale|nationale|commune|partagee)"
                          "|ensemble des (?:beneficiaires|usagers|allocataires)",
    [NT_RE_ASSOCIATION] =
        "\\bassociations?\\b|loi (?:de )?1901|\\bclub\\b|\\badherents?\\b|\\badhesion\\b",
};

/* What a notice may say it processes, mapped to the taxonomy (CONTRACT.md §3). */
static const nt_word vocab_cats[] = {
    {"identite|etat civil|\\bnoms?\\b|\\bprenoms?\\b|date (?:et lieu )?de naissance|\\bsexe\\b"
     "|\\bidentity\\b|\\bnames?\\b|date of birth",
     FA_CAT_IDENTITY, NULL, NULL},
    {"coordonnees(?! bancaires)|\\badresses?\\b|telephones?|courriels?|e-?mails?"
     "|contact details|\\bcontacts?\\b|personnes? a prevenir",
     FA_CAT_CONTACT, NULL, NULL},
    {"\\bnir\\b|securite sociale|numero d'inscription au repertoire|numero fiscal|\\bspi\\b"
     "|passeports?|carte (?:nationale )?d'identite|social security|national (?:insurance"
     "|identification) number|identifiant national",
     FA_CAT_NATIONAL_ID, NULL, NULL},
    {"ressources|revenus?|situation (?:financiere|budgetaire|economique)|budget|dettes?"
     "|endettement|bancaires?|\\brib\\b|\\biban\\b|quotient familial|patrimoine|imposition"
     "|financ\\w*|\\bincome\\b|\\bbank\\b|\\bdebts?\\b",
     FA_CAT_FINANCIAL, NULL, NULL},
    {"\\bsante\\b|handicap|medica\\w*|allergies?|pathologies?|invalidite|\\bhealth\\b"
     "|disabilit\\w*|grossesse|addictions?|\\bmedical\\b",
     FA_CAT_HEALTH, NULL, NULL},
    /* "origine" alone (discriminations liées à l'origine, origine migratoire), not the
     * source of the data (art. 14: "l'origine des données") */
    {"origines? (?:raciales?|ethniques?)|ethni\\w*|\\bracial\\b"
     "|\\borigines?\\b(?! (?:des |de (?:la|ces|vos|ces) |du "
     ")(?:donnees|informations|renseignements))",
     FA_CAT_ETHNIC_ORIGIN, NULL, NULL},
    /* the adjective after a noun of belief ("convictions religieuses et politiques"), never
     * "politique de confidentialité" */
    {"(?:opinions?|positionnements?|engagements?|convictions?|sympathies?|appartenances?|idees"
     "|orientations?|sensibilites?)(?: [a-z]+){0,2} (?:et )?politiques?\\b|\\bpolitical\\b",
     FA_CAT_POLITICAL_OPINION, NULL, NULL},
    {"religi\\w*|convictions? (?:religieuses|philosophiques)|croyances?|\\bbeliefs?\\b",
     FA_CAT_RELIGION, NULL, NULL},
    {"syndica\\w*|trade.?unions?|union membership", FA_CAT_UNION_MEMBERSHIP, NULL, NULL},
    {"vie (?:affective et )?sexuelle|orientation sexuelle|sexualite|identite de genre"
     "|sex life|sexual orientation|sexuality",
     FA_CAT_SEX_LIFE, NULL, NULL},
    {"genetiques?|\\badn\\b|\\bgenetic\\b|\\bdna\\b", FA_CAT_GENETIC, NULL, NULL},
    {"biometri\\w*|empreintes?|fingerprints?", FA_CAT_BIOMETRIC, NULL, NULL},
    {"infractions?|condamnations?|casier judiciaire|judiciaires?|\\bpenal\\w*"
     "|mesures de surete|offen[cs]es?|criminal|\\bplaintes?\\b|main courante"
     "|mise?s? en cause|harcelement|harassment",
     FA_CAT_CRIMINAL, NULL, NULL},
    {"situation administrative|titres? de sejour|droit au sejour|\\bsejour\\b|\\basile\\b"
     "|residence (?:permit|status)|immigration|statut de refugie|right to work|\\bvisas?\\b",
     FA_CAT_IMMIGRATION_STATUS, NULL, NULL},
    /* "situation familiale" declares family_life (see the file comment) */
    {"situation familiale|family situation|vie familiale|difficultes familiales|vie "
     "conjugale|conflits? (?:familiaux|conjugaux)"
     "|violences? (?:conjugales|familiales|intrafamiliales)|\\bseparation\\b|parentalite"
     "|protection de l'enfance|aide sociale a l'enfance|family life|\\bviolences?\\b"
     "|composition (?:de (?:votre |la |leur |sa )?)?famil\\w*|parcours familial|histoire familiale"
     "|relations? familiales?|marital status|domestic abuse",
     FA_CAT_FAMILY_LIFE, NULL, NULL},
    {"appreciations?|evaluations?|diagnostics?|observations? (?:du|de la|des|de l') ?(?:referent"
     "|travailleur|professionnel|equipe|agent|conseiller|evaluateur|enqueteur|enqueteuse"
     "|intervenant|interviewer)|avis (?:du|de la|des) "
     "(?:referent|travailleur|professionnel|equipe)|\\bbilans?\\b|assessments?|appraisals?",
     FA_CAT_SUBJECTIVE_ASSESSMENT, NULL, NULL},
    {"commentaires?|observations?|remarques?|\\bcomments?\\b|notes? libres?", FA_CAT_FREE_COMMENT,
     NULL, NULL},
    {NULL, 0, NULL, NULL}};

/* Who may receive the data, and whether they are bound by professional secrecy
 * (legal-framework.md §4). NOT_BOUND: no secrecy covers them (mayor, police, landlord,
 * employer...). BOUND: social, health and social-security bodies whose staff are bound.
 * UNKNOWN: unnamed or mixed ("partenaires", "commission", "tiers"). PROCESSOR: a service
 * provider acting for the controller. */
const nt_word nt_vocab_recipients[] = {
    {"\\bmaires?\\b|\\bmunicipalite\\b", NT_RCP_NOT_BOUND, "le maire", "the mayor"},
    {"\\bpolice\\b|forces de l'ordre|commissariat", NT_RCP_NOT_BOUND, "la police", "the police"},
    {"gendarmerie|\\bgendarmes?\\b", NT_RCP_NOT_BOUND, "la gendarmerie", "the gendarmerie"},
    {"\\bclspd\\b|\\bcisp?d\\b|conseils? (?:local|intercommunal) de securite"
     "(?: et de prevention de la delinquance)?|prevention de la delinquance",
     NT_RCP_NOT_BOUND, "le CLSPD (conseil local de sécurité et de prévention de la délinquance)",
     "the local crime-prevention council (CLSPD)"},
    {"prefecture|\\bprefets?\\b", NT_RCP_NOT_BOUND, "la préfecture", "the prefecture"},
    {"bailleurs?(?: sociaux)?|reservataires?|organismes? (?:hlm|de logement)|\\bhlm\\b"
     "|action logement|\\bproprietaires?\\b|\\blandlords?\\b",
     NT_RCP_NOT_BOUND, "les bailleurs et réservataires", "landlords"},
    {"employeurs?|entreprises? (?:d'accueil|partenaires)|\\bemployers?\\b", NT_RCP_NOT_BOUND,
     "l'employeur", "the employer"},
    {"procureur|\\bparquet\\b|autorites? judiciaires?|\\btribunal\\b|\\bjuges?\\b",
     NT_RCP_NOT_BOUND, "l'autorité judiciaire", "the judicial authority"},
    {"education nationale|etablissements? scolaires?|\\benseignants?\\b"
     "|directeur (?:de l'|d')ecole|chef d'etablissement",
     NT_RCP_NOT_BOUND, "l'établissement scolaire", "the school"},
    {"\\bassureurs?\\b|compagnies? d'assurance", NT_RCP_NOT_BOUND, "les assureurs", "insurers"},
    {"\\bcaf\\b|caisses? d'allocations familiales", NT_RCP_BOUND, "la CAF", "the CAF"},
    {"\\bcpam\\b|assurance maladie|\\bmsa\\b|\\bcarsat\\b|\\bcnav\\b|\\burssaf\\b", NT_RCP_BOUND,
     "les organismes de sécurité sociale", "social-security bodies"},
    {"france travail|pole emploi|missions? locales?|cap emploi", NT_RCP_BOUND,
     "France Travail / service public de l'emploi", "France Travail (public employment service)"},
    {"\\bmdph\\b|maison departementale des personnes handicapees", NT_RCP_BOUND, "la MDPH",
     "the MDPH"},
    {"aide sociale a l'enfance|\\base\\b|protection de l'enfance|\\bpmi\\b|\\bcrip\\b",
     NT_RCP_BOUND, "l'aide sociale à l'enfance", "child protection services"},
    {"\\bccas\\b|\\bcias\\b|centres? (?:communal|intercommunal) d'action sociale", NT_RCP_BOUND,
     "le CCAS", "the CCAS"},
    {"conseil departemental|\\bdepartement\\b|president du conseil", NT_RCP_BOUND, "le Département",
     "the Département"},
    {"\\bmedecins?\\b|infirmi\\w*|psychologues?|professionnels? de (?:la )?sante"
     "|services? de sante",
     NT_RCP_BOUND, "des professionnels de santé", "health professionals"},
    {"travailleurs? sociaux|travailleur social|assistante?s? (?:de service )?sociale?s?"
     "|services? sociaux",
     NT_RCP_BOUND, "des travailleurs sociaux", "social workers"},
    {"commissions?(?: d'attribution| pluridisciplinaire| locale| de (?:suivi|coordination))?"
     "|instances? partenariales?",
     NT_RCP_UNKNOWN, "une commission", "a committee"},
    {"prestataires?|sous-traitants?|\\bprocessors?\\b", NT_RCP_PROCESSOR, "un prestataire",
     "a service provider"},
    {"federations?(?: sportives?)?", NT_RCP_UNKNOWN, "la fédération", "the federation"},
    {"partenaires?|\\bpartners?\\b", NT_RCP_UNKNOWN, "des partenaires", "partners"},
    {"\\btiers\\b|third part(?:y|ies)", NT_RCP_UNKNOWN, "des tiers", "third parties"},
    {NULL, 0, NULL, NULL}};

/* Who issued the form: each hit counts one point for its context. */
const nt_word nt_vocab_context[] = {
    {"\\bsalaries?\\b|employeurs?|entretien (?:annuel|professionnel)|ressources humaines"
     "|\\bdrh?\\b|\\bmanagers?\\b|poste occupe|collaborateurs?|contrat de travail"
     "|fiche de poste|\\bemployees?\\b|\\bemployer\\b|human resources|\\bappraisal\\b"
     "|arret maladie|\\bgreve\\b",
     FA_CTX_EMPLOYER, NULL, NULL},
    {"action sociale|\\brsa\\b|revenu de solidarite|travailleurs? sociaux|travailleur social"
     "|assistante? sociale?|\\bccas\\b|\\bcias\\b|insertion|accompagnement social"
     "|beneficiaires?|\\bchrs\\b|hebergement|domiciliation|aide sociale|conseil departemental"
     "|\\breferent\\b|social work|demandeurs? d'emploi|accompagnement "
     "(?:global|socio-professionnel)"
     "|freins peripheriques|france travail|pole emploi",
     FA_CTX_SOCIAL, NULL, NULL},
    {"\\beleves?\\b|\\becoles?\\b|cantine|restauration scolaire|scolari\\w*|periscolaire"
     "|\\bcollege\\b|\\blycee\\b|\\bschool\\b|\\bpupils?\\b|(?:centre|accueil) de "
     "loisirs|\\bcreches?\\b"
     "|petite enfance|service enfance",
     FA_CTX_SCHOOL, NULL, NULL},
    {"\\bpatients?\\b|hopital|hospitali\\w*|clinique|medecin traitant|centre hospitalier"
     "|dossier medical|\\bhospital\\b",
     FA_CTX_HEALTH, NULL, NULL},
    {"logement social|bailleurs?|\\bhlm\\b|demande de logement|attribution (?:de|des) logements?"
     "|locataires?|social housing|\\blandlords?\\b",
     FA_CTX_HOUSING, NULL, NULL},
    {NULL, 0, NULL, NULL}};

#define N_CATS (sizeof vocab_cats / sizeof vocab_cats[0] - 1)
#define N_RCP (sizeof nt_vocab_recipients / sizeof nt_vocab_recipients[0] - 1)
#define N_CTX (sizeof nt_vocab_context / sizeof nt_vocab_context[0] - 1)
#define N_WORDS (N_CATS + N_RCP + N_CTX)

/* Patterns: NT_RE_* first, then the vocabulary tables (word_base). Each runs in PCRE2's
 * interpreter until it has scanned NT_JIT_AFTER bytes of subject, each call counting
 * NT_JIT_CALL bytes more, then JIT-compiles itself: JIT-compiling all ~80 up front cost
 * more than the whole analysis of a form of usual size (33 of 35 M instructions on
 * d2-demande-logement, callgrind). The threshold is lower than the rules' (match.h):
 * every notice pattern runs on every block, with no literal prefilter; 1 KiB was the
 * cheapest of 0.5-16 KiB on the 215-page bench form. The first caller past it compiles
 * a copy and publishes it; others keep interpreting until they see it. */
#define NT_JIT_AFTER 1024
#define NT_JIT_CALL 64
#define N_PATS (NT_RE_COUNT + N_WORDS)
static pcre2_code *pat_code[N_PATS];
static _Atomic(pcre2_code *) pat_jit[N_PATS];
static atomic_size_t pat_work[N_PATS];
static size_t jit_after; /* NT_JIT_AFTER; SIZE_MAX with FA_PCRE2_NO_JIT (valgrind runs) */
static pcre2_match_context *re_mctx;
static pthread_once_t re_once = PTHREAD_ONCE_INIT;
static char re_failed[256];

static pcre2_code *compile_one(const char *pat)
{
    int ec;
    PCRE2_SIZE eo;
    /* not caseless: the subjects are folded to lower case, and so are the patterns */
    pcre2_code *code =
        pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &ec, &eo, NULL);
    if (!code) {
        PCRE2_UCHAR buf[120];
        pcre2_get_error_message(ec, buf, sizeof buf);
        snprintf(re_failed, sizeof re_failed, "notice: pattern \"%.40s...\" at offset %zu: %s", pat,
                 (size_t)eo, (const char *)buf);
        return NULL;
    }
    return code;
}

static size_t word_base(const nt_word *t)
{
    if (t == vocab_cats)
        return NT_RE_COUNT;
    if (t == nt_vocab_recipients)
        return NT_RE_COUNT + N_CATS;
    return NT_RE_COUNT + N_CATS + N_RCP;
}

static void compile_all(void)
{
    jit_after = getenv("FA_PCRE2_NO_JIT") ? SIZE_MAX : NT_JIT_AFTER;
    re_mctx = pcre2_match_context_create(NULL);
    if (!re_mctx) {
        snprintf(re_failed, sizeof re_failed, "notice: out of memory compiling patterns");
        return;
    }
    pcre2_set_match_limit(re_mctx, FA_PCRE2_MATCH_LIMIT);
    pcre2_set_depth_limit(re_mctx, FA_PCRE2_DEPTH_LIMIT);
    for (int i = 0; i < NT_RE_COUNT; i++)
        if (!(pat_code[i] = compile_one(re_src[i])))
            return;
    const nt_word *tables[] = {vocab_cats, nt_vocab_recipients, nt_vocab_context};
    for (size_t t = 0; t < 3; t++)
        for (size_t i = 0; tables[t][i].pat; i++)
            if (!(pat_code[word_base(tables[t]) + i] = compile_one(tables[t][i].pat)))
                return;
}

fa_status nt_compile(fa_error *err)
{
    pthread_once(&re_once, compile_all);
    if (re_failed[0])
        return fa_error_set(err, FA_ERR_INTERNAL, "%s", re_failed);
    return FA_OK;
}

/* The code to run pattern K with, counting WORK bytes against the JIT threshold. */
static const pcre2_code *code_for(size_t k, size_t work)
{
    pcre2_code *jit = atomic_load_explicit(&pat_jit[k], memory_order_acquire);
    if (jit)
        return jit;
    if (jit_after == SIZE_MAX)
        return pat_code[k];
    size_t w = NT_JIT_CALL + work;
    size_t before = atomic_fetch_add_explicit(&pat_work[k], w, memory_order_relaxed);
    if (before <= jit_after && before + w > jit_after) {
        /* a copy: other threads may be interpreting the original */
        pcre2_code *c = pcre2_code_copy(pat_code[k]);
        if (c && pcre2_jit_compile(c, PCRE2_JIT_COMPLETE) == 0) {
            atomic_store_explicit(&pat_jit[k], c, memory_order_release);
            return c;
        }
        pcre2_code_free(c); /* no JIT here: the interpreter gives the same answers */
    }
    return pat_code[k];
}

static bool run(nt_ctx *c, size_t k, const char *s, size_t n, size_t from, size_t *ms, size_t *me)
{
    if (k >= N_PATS || !pat_code[k] || from > n)
        return false;
    /* Every subject is folded text (fold.c writes valid UTF-8 only), NUL-terminated and
     * at least N bytes long, so PCRE2 need not validate it on each call: that check read
     * the rest of the subject every time, a tenth of the whole audit. A span may still
     * start or end inside a character (pos + 1, me + 60), which PCRE2 refused: so do we. */
    if ((from < n && ((unsigned char)s[from] & 0xC0) == 0x80) ||
        ((unsigned char)s[n] & 0xC0) == 0x80)
        return false;
    pcre2_match_data *md = c->md;
    int rc =
        pcre2_match(code_for(k, n - from), (PCRE2_SPTR)s, n, from, PCRE2_NO_UTF_CHECK, md, re_mctx);
    if (rc < 0)
        return false; /* no match, or a match limit: either way nothing to report */
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    if (ms)
        *ms = ov[0];
    if (me)
        *me = ov[1];
    return true;
}

bool nt_find(nt_ctx *c, nt_re id, const char *s, size_t n, size_t from, size_t *ms, size_t *me)
{
    return (unsigned)id < NT_RE_COUNT && run(c, (size_t)id, s, n, from, ms, me);
}

bool nt_find_word(nt_ctx *c, const nt_word *table, size_t i, const char *s, size_t n, size_t from,
                  size_t *ms, size_t *me)
{
    size_t k = word_base(table) + i;
    return k >= NT_RE_COUNT && run(c, k, s, n, from, ms, me);
}

bool nt_group(nt_ctx *c, int g, size_t *gs, size_t *ge)
{
    pcre2_match_data *md = c->md;
    if (g < 0 || (uint32_t)g >= pcre2_get_ovector_count(md))
        return false;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    if (ov[2 * g] == PCRE2_UNSET)
        return false;
    *gs = ov[2 * g];
    *ge = ov[2 * g + 1];
    return true;
}

/* ---------------------------------------------------------------- text helpers */

/* A sentence ends at a newline, or at . ! ? followed by a space (not after a one-letter
 * or short abbreviation such as "art." or "n."). */
static inline bool is_end(const char *s, size_t n, size_t i)
{
    if (s[i] == '\n')
        return true;
    if (s[i] != '.' && s[i] != '!' && s[i] != '?')
        return false;
    if (i + 1 < n && s[i + 1] != ' ' && s[i + 1] != '\n')
        return false;
    if (s[i] == '.') {
        size_t w = i;
        while (w > 0 && s[w - 1] >= 'a' && s[w - 1] <= 'z')
            w--;
        size_t wl = i - w;
        if ((wl == 1) || (wl == 3 && !strncmp(s + w, "art", 3)) ||
            (wl == 2 && !strncmp(s + w, "cf", 2)))
            return false;
    }
    return true;
}

void nt_sentence(const char *s, size_t n, size_t pos, size_t *a, size_t *b)
{
    if (pos > n)
        pos = n;
    size_t i = pos;
    while (i > 0 && !is_end(s, n, i - 1))
        i--;
    while (i < n && s[i] == ' ')
        i++;
    size_t j = pos;
    while (j < n && !is_end(s, n, j))
        j++;
    if (j < n && s[j] != '\n')
        j++; /* keep the full stop */
    *a = i;
    *b = j < i ? i : j;
}

size_t nt_sentence_next(const char *s, size_t n, size_t from)
{
    size_t j = from;
    while (j < n && !is_end(s, n, j))
        j++;
    if (j < n)
        j++;
    while (j < n && (s[j] == ' ' || s[j] == '\n'))
        j++;
    return j;
}

char *nt_quote(const fa_folded *f, const char *orig, size_t fs, size_t fe)
{
    size_t a, b;
    if (f->map) {
        fa_fold_span(f, fs, fe, &a, &b);
    } else {
        /* a block folded without its map (index_blocks): fold it again, rare */
        fa_folded m;
        if (fa_fold(orig, strlen(orig), &m) != FA_OK)
            return NULL;
        fa_fold_span(&m, fs, fe, &a, &b);
        fa_folded_free(&m);
    }
    while (a < b && (orig[a] == ' ' || orig[a] == '\n' || orig[a] == '\t'))
        a++;
    while (b > a && (orig[b - 1] == ' ' || orig[b - 1] == '\n' || orig[b - 1] == '\t'))
        b--;
    return fa_strndup(orig + a, b - a);
}

fa_status nt_add(nt_ctx *c, const char *rule, const char *kind, fa_severity sev, const char *quote,
                 const fa_loc *loc, const char *scope, const char *message,
                 const char *recommendation, const char *const *basis, const char *note)
{
    fa_finding *f = fa_result_add_finding(c->res);
    if (!f)
        return c->res->n_findings >= FA_MAX_FINDINGS ? FA_OK : FA_ERR_NOMEM;
    f->field = -1;
    f->severity = sev;
    f->rule = fa_strdup(rule);
    f->category = fa_strdup(kind);
    f->quote = fa_ident_mask(quote ? quote : "");
    f->message = fa_strdup(message);
    f->recommendation = fa_strdup(recommendation);
    f->scope = fa_strdup(scope ? scope : "document");
    f->note = note ? fa_strdup(note) : NULL;
    if (loc)
        f->loc = *loc;
    fa_status st = FA_OK;
    for (size_t i = 0; basis && basis[i] && st == FA_OK; i++)
        st = fa_strvec_push(&f->legal_basis, basis[i]);
    if (st != FA_OK || !f->rule || !f->category || !f->quote || !f->message || !f->recommendation ||
        !f->scope || (note && !f->note))
        return FA_ERR_NOMEM;
    return FA_OK;
}

/* ---------------------------------------------------------------- blocks */

/* ☐ ☑ ☒ □ ■ ❏, "[ ]", "[x]", "[X]", "____" or "....." in S: one pass that stops only
 * where one may start (eleven strstr per block were as costly as the block's patterns). */
static bool has_box_glyph(const char *s)
{
    for (const char *p = s; (p = strpbrk(p, "\xE2[_.")); p++) {
        const unsigned char *u = (const unsigned char *)p;
        switch (*u) {
        case 0xE2:
            if ((u[1] == 0x98 && u[2] >= 0x90 && u[2] <= 0x92) ||
                (u[1] == 0x96 && (u[2] == 0xA1 || u[2] == 0xA0)) || (u[1] == 0x9D && u[2] == 0x8F))
                return true;
            break;
        case '[':
            if ((u[1] == ' ' || u[1] == 'x' || u[1] == 'X') && u[2] == ']')
                return true;
            break;
        case '_':
            if (!strncmp(p, "____", 4))
                return true;
            break;
        default:
            if (!strncmp(p, ".....", 5))
                return true;
            break;
        }
    }
    return false;
}

static int cmp_ptr(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t) * (const void *const *)a, y = (uintptr_t) * (const void *const *)b;
    return x < y ? -1 : x > y;
}

static uint64_t fnv1a(const char *s, size_t n)
{
    uint64_t h = 14695981039346656037u;
    for (size_t k = 0; k < n; k++)
        h = (h ^ (unsigned char)s[k]) * 1099511628211u;
    return h;
}

/* Fold each block and give it its nt_uniq, one per distinct folded text. A block whose
 * text repeats an earlier one byte for byte borrows that block's fold (f_shared). */
static fa_status index_blocks(nt_ctx *c)
{
    if (!c->nb)
        return FA_OK;
    size_t cap = 16;
    while (cap < 2 * c->nb)
        cap *= 2;
    /* open addressing, block index + 1 (0 empty): by original text, by folded text */
    size_t *raw = calloc(cap, sizeof *raw), *fold = calloc(cap, sizeof *fold);
    c->u = malloc(c->nb * sizeof *c->u);
    fa_status st = raw && fold && c->u ? FA_OK : FA_ERR_NOMEM;
    for (size_t i = 0; i < c->nb && st == FA_OK; i++) {
        nt_block *b = &c->b[i];
        size_t len = strlen(b->text);
        size_t j = (size_t)fnv1a(b->text, len) & (cap - 1);
        while (raw[j] && strcmp(c->b[raw[j] - 1].text, b->text))
            j = (j + 1) & (cap - 1);
        if (raw[j]) {
            const nt_block *o = &c->b[raw[j] - 1];
            b->f = o->f;
            b->f_shared = true;
            b->u = o->u;
            continue;
        }
        raw[j] = i + 1;
        if ((st = fa_fold_nomap(b->text, len, &b->f)) != FA_OK)
            break;
        j = (size_t)fnv1a(b->f.s, b->f.len) & (cap - 1);
        for (; fold[j]; j = (j + 1) & (cap - 1)) {
            const nt_block *o = &c->b[fold[j] - 1];
            if (o->f.len == b->f.len && !memcmp(o->f.s, b->f.s, b->f.len))
                break;
        }
        if (fold[j]) {
            b->u = c->b[fold[j] - 1].u;
            continue;
        }
        fold[j] = i + 1;
        b->u = c->nu;
        c->u[c->nu++] = (nt_uniq){.first = i, .info = -1, .title = -1};
    }
    free(raw);
    free(fold);
    return st;
}

/* Collect every visible text block in reading order, folded. */
static fa_status collect_blocks(nt_ctx *c)
{
    const fa_result *res = c->res;
    const void **fnodes = NULL;
    size_t nf = 0;
    if (res->n_fields) {
        fnodes = malloc(res->n_fields * sizeof *fnodes);
        if (!fnodes)
            return FA_ERR_NOMEM;
        for (size_t i = 0; i < res->n_fields; i++)
            if (res->fields[i].node)
                fnodes[nf++] = res->fields[i].node;
        qsort(fnodes, nf, sizeof *fnodes, cmp_ptr);
    }
    size_t alloc = 0;
    fa_status st = FA_OK;
    fa_iter it;
    const fa_node *n;
    fa_event ev;
    fa_iter_init(&it, c->doc->root);
    while ((ev = fa_iter_next(&it, &n)) != FA_EV_DONE) {
        if (ev != FA_EV_ENTER || !fa_node_is_text(n) || !n->text || fa_str_blank(n->text))
            continue;
        bool hidden = false, in_table = false;
        for (const fa_node *p = n; p; p = p->parent) {
            if (p->flags & (FA_NF_HIDDEN | FA_NF_COMMENT))
                hidden = true;
            if (p->type == FA_N_CELL)
                in_table = true;
        }
        if (hidden)
            continue;
        if (c->nb == alloc) {
            size_t na = alloc ? alloc * 2 : 64;
            nt_block *p = realloc(c->b, na * sizeof *p);
            if (!p) {
                st = FA_ERR_NOMEM;
                break;
            }
            c->b = p;
            alloc = na;
        }
        nt_block *b = &c->b[c->nb];
        memset(b, 0, sizeof *b);
        b->node = n;
        b->text = n->text;
        b->in_table = in_table;
        c->nb++; /* folded by index_blocks */
        b->has_box = has_box_glyph(n->text);
        for (const fa_node *k = n->first; k && !b->has_box; k = k->next)
            if (k->type == FA_N_CONTROL)
                b->has_box = true;
        const void *key = n, *cell = NULL;
        for (const fa_node *p = n->parent; p; p = p->parent)
            if (p->type == FA_N_CELL) {
                cell = p;
                break;
            }
        b->is_field = (nf && bsearch(&key, fnodes, nf, sizeof *fnodes, cmp_ptr)) ||
                      (nf && cell && bsearch(&cell, fnodes, nf, sizeof *fnodes, cmp_ptr));
    }
    free(fnodes);
    if (st == FA_OK)
        st = index_blocks(c);
    for (size_t i = 0; i < c->nb && st == FA_OK; i++) {
        nt_block *b = &c->b[i];
        nt_uniq *u = &c->u[b->u];
        if (u->first != i) {
            const nt_block *f = &c->b[u->first];
            b->strong = f->strong;
            b->weak = f->weak;
        } else {
            size_t pos = 0, ms, me;
            while (nt_find(c, NT_RE_STRONG, b->f.s, b->f.len, pos, &ms, &me) && me > pos) {
                b->strong++;
                pos = me;
            }
            pos = 0;
            while (nt_find(c, NT_RE_WEAK, b->f.s, b->f.len, pos, &ms, &me) && me > pos) {
                b->weak++;
                pos = me;
            }
            /* a sentence that lists what is processed ("Elle contient votre identité, la
             * composition de votre famille...") carries no notice word, yet belongs to it */
            if (nt_find(c, NT_RE_DECLARE, b->f.s, b->f.len, 0, NULL, NULL))
                b->weak++;
        }
        /* the one-sentence CNIL mention carries no strong word: it is recognised by its
         * shape, a sentence about "les informations" being processed, together with one
         * notice item (a purpose, a recipient, a right, a controller) */
        if (!b->has_box && u->info < 0) {
            bool info = false;
            if (nt_find(c, NT_RE_INFO_SENTENCE, b->f.s, b->f.len, 0, NULL, NULL)) {
                /* not retention: "must be kept up to date" is no notice */
                static const nt_re item[] = {NT_RE_PURPOSES, NT_RE_RECIPIENTS, NT_RE_RIGHTS,
                                             NT_RE_CONTROLLER};
                for (size_t k = 0; k < sizeof item / sizeof item[0] && !info; k++)
                    info = nt_find(c, item[k], b->f.s, b->f.len, 0, NULL, NULL);
            }
            u->info = info;
        }
        b->info = !b->has_box && u->info > 0;
    }
    return st;
}

/* ---------------------------------------------------------------- notice detection */

static bool is_title(nt_ctx *c, const nt_block *b)
{
    if (b->f.len > 120 || b->has_box)
        return false;
    nt_uniq *u = &c->u[b->u];
    if (u->title < 0)
        u->title = nt_find(c, NT_RE_TITLE, b->f.s, b->f.len, 0, NULL, NULL);
    return u->title > 0;
}

static bool signals(const nt_block *b)
{
    return b->strong > 0 || b->weak > 0 || b->info;
}

static bool small_print(const nt_block *b)
{
    for (const fa_node *p = b->node; p; p = p->parent)
        if (p->flags & (FA_NF_SMALL | FA_NF_HEADER | FA_NF_NOTE))
            return true;
    return false;
}

/* Mark the notice blocks. A titled section takes the blocks after its title up to the
 * next heading (or, when the title is a plain paragraph, as long as blocks keep notice
 * signals or small print); it counts when its content carries a strong signal or two
 * weak ones. Untitled notices grow around blocks with a strong signal. A block where
 * something is filled in (a box, a control) is never notice text. */
static void detect_notice(nt_ctx *c)
{
    for (size_t i = 0; i < c->nb; i++) {
        const nt_block *t = &c->b[i];
        if (t->in_notice || !is_title(c, t))
            continue;
        bool heading = t->node->type == FA_N_HEADING;
        size_t j = i + 1;
        int strong = t->strong > 1 ? 1 : 0, weak = 0; /* the title's own words barely count */
        bool info = false;
        for (; j < c->nb && j < i + 40; j++) {
            const nt_block *b = &c->b[j];
            if (b->node->type == FA_N_HEADING || b->has_box)
                break;
            if (heading ? (b->is_field && !signals(b)) : !(signals(b) || small_print(b)))
                break;
            if (!heading && is_title(c, b))
                break;
            strong += b->strong;
            weak += b->weak;
            info = info || b->info;
        }
        if (j > i + 1 && (strong > 0 || weak >= 2 || info)) {
            for (size_t k = i; k < j; k++)
                c->b[k].in_notice = true;
            i = j - 1;
        }
    }
    for (size_t i = 0; i < c->nb; i++) {
        nt_block *b = &c->b[i];
        /* a short field label ("Conformité RGPD :") is something asked, not a notice */
        if (b->in_notice || b->has_box || (b->strong == 0 && !b->info) ||
            b->node->type == FA_N_HEADING || (b->is_field && b->f.len <= 60))
            continue;
        b->in_notice = true;
        for (size_t k = i; k > 0; k--) {
            nt_block *p = &c->b[k - 1];
            if (p->in_notice || p->has_box || !signals(p) || p->node->type == FA_N_HEADING)
                break;
            p->in_notice = true;
        }
        for (size_t k = i + 1; k < c->nb; k++) {
            nt_block *p = &c->b[k];
            if (p->in_notice || p->has_box || !(signals(p) || (small_print(p) && small_print(b))) ||
                p->node->type == FA_N_HEADING)
                break;
            p->in_notice = true;
        }
    }
}

/* Join the notice blocks (titles excluded when content follows) into res->notice.text. */
static fa_status build_notice_text(nt_ctx *c)
{
    fa_buf buf = {0};
    size_t cnt = 0;
    for (size_t i = 0; i < c->nb; i++)
        cnt += c->b[i].in_notice;
    if (!cnt)
        return FA_OK;
    c->nblk = malloc(cnt * sizeof *c->nblk);
    c->nstart = malloc(cnt * sizeof *c->nstart);
    if (!c->nblk || !c->nstart)
        return FA_ERR_NOMEM;
    bool first = true;
    for (size_t i = 0; i < c->nb; i++) {
        const nt_block *b = &c->b[i];
        if (!b->in_notice)
            continue;
        bool title_only = is_title(c, b) && i + 1 < c->nb && c->b[i + 1].in_notice;
        if (first) {
            c->res->notice.loc = b->node->loc;
            first = false;
        }
        if (title_only)
            continue;
        if (buf.len && fa_buf_putc(&buf, '\n') != FA_OK)
            goto oom;
        c->nblk[c->nn] = i;
        c->nstart[c->nn] = buf.len;
        c->nn++;
        if (fa_buf_puts(&buf, b->text) != FA_OK)
            goto oom;
    }
    if (!buf.data)
        return FA_OK;
    c->res->notice.present = true;
    c->res->notice.text = fa_buf_steal(&buf);
    if (!c->res->notice.text)
        return FA_ERR_NOMEM;
    return fa_fold(c->res->notice.text, strlen(c->res->notice.text), &c->nf);
oom:
    fa_buf_free(&buf);
    return FA_ERR_NOMEM;
}

/* The block of the notice holding original offset OFF of notice.text. */
static const nt_block *notice_block_at(const nt_ctx *c, size_t off)
{
    size_t k = 0;
    while (k + 1 < c->nn && c->nstart[k + 1] <= off)
        k++;
    return c->nn ? &c->b[c->nblk[k]] : NULL;
}

/* ---------------------------------------------------------------- items */

static void check_items(nt_ctx *c)
{
    static const nt_re item_re[FA_NI_COUNT] = {
        NT_RE_CONTROLLER,     NT_RE_DPO,    NT_RE_PURPOSES, NT_RE_LEGAL_BASIS, NT_RE_RECIPIENTS,
        NT_RE_RETENTION_WORD, NT_RE_RIGHTS, NT_RE_COMPLAINT};
    const char *s = c->nf.s;
    size_t n = c->nf.len;
    for (int i = 0; i < FA_NI_COUNT; i++) {
        size_t pos = 0, ms, me;
        while (nt_find(c, item_re[i], s, n, pos, &ms, &me)) {
            bool ok = true;
            if (i == FA_NI_RETENTION) {
                /* retention counts only with a period or a criterion in the sentence */
                size_t a, b;
                nt_sentence(s, n, ms, &a, &b);
                ok = nt_find(c, NT_RE_DURATION, s, b, a, NULL, NULL) ||
                     nt_find(c, NT_RE_VAGUE, s, b, a, NULL, NULL) ||
                     nt_find(c, NT_RE_OPEN_ENDED, s, b, a, NULL, NULL);
            }
            if (ok) {
                c->res->notice.items |= 1u << i;
                break;
            }
            pos = me > pos ? me : pos + 1;
        }
    }
}

/* ---------------------------------------------------------------- declared categories */

static void declare_span(nt_ctx *c, const char *s, size_t a, size_t b)
{
    for (size_t k = 0; vocab_cats[k].pat; k++)
        if (nt_find_word(c, vocab_cats, k, s, b, a, NULL, NULL))
            c->res->notice.declared |= FA_CAT_BIT(vocab_cats[k].value);
}

/* A declaration sentence ("Les données traitées sont : ...") declares every category it
 * names; when it ends with ':' the list continues on the next lines (list items, table
 * cells). Elsewhere in the notice, "données relatives à X" declares X, and so does a data
 * noun with its adjectives in any sentence ("les données médicales sont adressées au
 * médecin" declares health: saying the data are sent is saying they are processed).
 * Table rows of a notice ("Catégorie de données | Finalité | Durée") are read as
 * declarations when the table speaks of data. Sentences with a negation declare nothing. */
/* Does the DECLARE match M (N bytes) start with a data noun followed by its verb? */
static bool passive_subject(const char *m, size_t n)
{
    static const char *const nouns[] = {"answers ", "details ",   "information ", "data ",
                                        "record",   "responses ", "section "};
    for (size_t i = 0; i < sizeof nouns / sizeof nouns[0]; i++) {
        size_t k = strlen(nouns[i]);
        if (n > k && !memcmp(m, nouns[i], k))
            return true;
    }
    return false;
}

static void read_declared(nt_ctx *c)
{
    const char *s = c->nf.s;
    size_t n = c->nf.len;
    size_t a = 0;
    bool table_decl = false;
    for (size_t k = 0; k < c->nn; k++) {
        const nt_block *b = &c->b[c->nblk[k]];
        if (b->in_table && nt_find(c, NT_RE_DECLARE, b->f.s, b->f.len, 0, NULL, NULL))
            table_decl = true;
    }
    while (a < n) {
        size_t sa, sb, ms, me;
        nt_sentence(s, n, a, &sa, &sb);
        bool neg = nt_find(c, NT_RE_NEGATION, s, sb, sa, NULL, NULL);
        if (!neg && nt_find(c, NT_RE_DECLARE, s, sb, sa, &ms, &me)) {
            /* what is declared follows the trigger ("nous collectons : ..."), except in
             * a passive whose subject is the data ("Ethnic group answers are kept...") */
            declare_span(c, s, passive_subject(s + ms, me - ms) ? sa : ms, sb);
            /* a list announced by ':' goes on over the following short lines */
            size_t e = sb;
            while (e > sa && s[e - 1] == ' ')
                e--;
            if (e > sa && s[e - 1] == ':') {
                size_t p = sb;
                for (int lines = 0; p < n && lines < 30; lines++) {
                    while (p < n && (s[p] == '\n' || s[p] == ' '))
                        p++;
                    size_t q = p;
                    while (q < n && s[q] != '\n')
                        q++;
                    if (q == p || q - p > 160)
                        break;
                    size_t o0, o1;
                    fa_fold_span(&c->nf, p, q, &o0, &o1);
                    const nt_block *lb = notice_block_at(c, o0);
                    if (!lb || (lb->node->type != FA_N_LIST_ITEM && !lb->in_table && q - p > 80))
                        break;
                    declare_span(c, s, p, q);
                    p = q;
                }
            }
        } else if (!neg) {
            size_t pos = sa;
            while (nt_find(c, NT_RE_ABOUT, s, sb, pos, &ms, &me)) {
                /* only the few words after "données relatives à" */
                size_t end = me + 60 < sb ? me + 60 : sb;
                declare_span(c, s, me, end);
                pos = me;
            }
            /* "les données médicales sont adressées au médecin": the adjectives only */
            pos = sa;
            while (nt_find(c, NT_RE_ABOUT_ADJ, s, sb, pos, &ms, &me) && me > pos) {
                size_t gs, ge;
                if (nt_group(c, 1, &gs, &ge) || nt_group(c, 2, &gs, &ge))
                    declare_span(c, s, gs, ge);
                pos = me;
            }
            if (table_decl) {
                size_t o0, o1;
                fa_fold_span(&c->nf, sa, sb, &o0, &o1);
                const nt_block *lb = notice_block_at(c, o0);
                if (lb && lb->in_table && lb->f.len <= 200)
                    declare_span(c, s, sa, sb);
            }
        }
        size_t next = nt_sentence_next(s, n, sa);
        a = next > a ? next : a + 1;
    }
}

/* ---------------------------------------------------------------- findings */

static const char *cat_list(fa_buf *out, fa_catset set, bool en)
{
    fa_buf_reset(out);
    for (int k = 0; k < FA_CAT_COUNT; k++)
        if (set & FA_CAT_BIT(k))
            fa_buf_printf(out, "%s%s", out->len ? ", " : "",
                          fa_category_label((fa_category)k, en ? "en" : "fr"));
    return out->data ? out->data : "";
}

static fa_status report_missing(nt_ctx *c)
{
    fa_catset sens = c->collected & FA_CAT_SENSITIVE & ~FA_CAT_BIT(FA_CAT_FREE_COMMENT);
    static const char *const basis[] = {"RGPD art. 13", "RGPD art. 12", NULL};
    fa_buf cats = {0};
    fa_buf msg = {0};
    if (sens)
        fa_buf_printf(&msg,
                      c->en ? "The form contains no data-protection notice, although it "
                              "collects: %s. The person is not told who processes the "
                              "data, why, for how long, nor how to exercise their rights."
                            : "Le formulaire ne comporte aucune mention d'information sur "
                              "la protection des données, alors qu'il recueille : %s. La "
                              "personne n'est informée ni du responsable, ni de la "
                              "finalité, ni de la durée de conservation, ni de ses droits.",
                      cat_list(&cats, sens, c->en));
    else
        fa_buf_puts(&msg, c->en ? "The form contains no data-protection notice (GDPR art. 13)."
                                : "Le formulaire ne comporte aucune mention d'information sur la "
                                  "protection des données (RGPD art. 13).");
    fa_status st = msg.data
                       ? nt_add(c, "fr.notice.missing", "notice.missing",
                                sens ? FA_SEV_HIGH : FA_SEV_MEDIUM, "", NULL, "document", msg.data,
                                c->en ? "Add a notice giving the controller, the DPO "
                                        "contact, the purposes and legal basis, the "
                                        "recipients, the retention period, the rights and "
                                        "the right to complain to the CNIL, and list the "
                                        "categories of data collected."
                                      : "Ajouter une mention d'information indiquant le "
                                        "responsable du traitement, le contact du délégué à "
                                        "la protection des données, les finalités et la "
                                        "base légale, les destinataires, la durée de "
                                        "conservation, les droits et la possibilité de "
                                        "saisir la CNIL, ainsi que les catégories de "
                                        "données recueillies.",
                                basis, NULL)
                       : FA_ERR_NOMEM;
    fa_buf_free(&cats);
    fa_buf_free(&msg);
    return st;
}

static const char *item_label(int i, bool en)
{
    static const char *const fr[FA_NI_COUNT] = {"responsable du traitement",
                                                "délégué à la protection des données",
                                                "finalités",
                                                "base légale",
                                                "destinataires",
                                                "durée de conservation",
                                                "droits de la personne",
                                                "droit de réclamation auprès de la CNIL"};
    static const char *const enl[FA_NI_COUNT] = {"controller",
                                                 "data protection officer",
                                                 "purposes",
                                                 "legal basis",
                                                 "recipients",
                                                 "retention period",
                                                 "data-subject rights",
                                                 "right to complain to the CNIL"};
    return en ? enl[i] : fr[i];
}

static fa_status report_incomplete(nt_ctx *c)
{
    unsigned missing = 0;
    int nmiss = 0;
    for (int i = 0; i < FA_NI_COUNT; i++)
        if (!(c->res->notice.items & (1u << i))) {
            missing |= 1u << i;
            nmiss++;
        }
    if (!nmiss)
        return FA_OK;
    fa_buf msg = {0};
    fa_buf_puts(&msg, c->en ? "The data-protection notice lacks: "
                            : "La mention d'information est incomplète ; il y manque : ");
    int k = 0;
    for (int i = 0; i < FA_NI_COUNT; i++)
        if (missing & (1u << i))
            fa_buf_printf(&msg, "%s%s", k++ ? ", " : "", item_label(i, c->en));
    fa_buf_puts(&msg, ".");
    const char *note = NULL;
    unsigned core = (1u << FA_NI_CONTROLLER) | (1u << FA_NI_PURPOSES) | (1u << FA_NI_RIGHTS);
    fa_severity sev = (missing & core) || nmiss >= 3 ? FA_SEV_MEDIUM : FA_SEV_LOW;
    if (missing == (1u << FA_NI_DPO) && c->assoc) {
        sev = FA_SEV_LOW;
        note = c->en ? "an association needs a DPO only in the cases of GDPR art. 37"
                     : "une association n'est tenue de désigner un DPO que dans les cas de "
                       "l'article 37 du RGPD";
    }
    /* quote: the notice's first sentence */
    size_t a, b;
    nt_sentence(c->nf.s, c->nf.len, 0, &a, &b);
    char *q = nt_quote(&c->nf, c->res->notice.text, a, b);
    static const char *const basis[] = {"RGPD art. 13", NULL};
    fa_status st = msg.data && q
                       ? nt_add(c, "fr.notice.incomplete", "notice.incomplete", sev, q,
                                &c->res->notice.loc, "notice", msg.data,
                                c->en ? "Complete the notice with the missing items of GDPR "
                                        "art. 13."
                                      : "Compléter la mention avec les informations manquantes "
                                        "exigées par l'article 13 du RGPD.",
                                basis, note)
                       : FA_ERR_NOMEM;
    free(q);
    fa_buf_free(&msg);
    return st;
}

/* Labels of up to 3 fields collecting SET, joined with " ; ". */
static char *fields_quote(const fa_result *res, fa_catset set)
{
    fa_buf q = {0};
    fa_catset seen = 0;
    int k = 0;
    for (size_t i = 0; i < res->n_fields && k < 3; i++) {
        const fa_field *f = &res->fields[i];
        fa_catset hit = f->categories & set & ~seen;
        if (!hit || fa_str_blank(f->label))
            continue;
        seen |= hit;
        if (fa_buf_printf(&q, "%s%s", k++ ? " ; " : "", f->label) != FA_OK)
            break;
    }
    return q.data ? fa_buf_steal(&q) : fa_strdup("");
}

static fa_status report_unlisted(nt_ctx *c)
{
    fa_catset un = c->res->notice.unlisted;
    if (!un)
        return FA_OK;
    fa_buf cats = {0}, msg = {0};
    cat_list(&cats, un, c->en);
    if (c->res->notice.present)
        fa_buf_printf(&msg,
                      c->en ? "The form collects data its notice does not declare: %s."
                            : "Le formulaire recueille des données que sa mention "
                              "d'information ne déclare pas : %s.",
                      cats.data ? cats.data : "");
    else
        fa_buf_printf(&msg,
                      c->en ? "The form collects sensitive data and no notice declares "
                              "it: %s."
                            : "Le formulaire recueille des données sensibles qu'aucune "
                              "mention ne déclare : %s.",
                      cats.data ? cats.data : "");
    fa_catset art9 = FA_CAT_BIT(FA_CAT_HEALTH) | FA_CAT_BIT(FA_CAT_ETHNIC_ORIGIN) |
                     FA_CAT_BIT(FA_CAT_POLITICAL_OPINION) | FA_CAT_BIT(FA_CAT_RELIGION) |
                     FA_CAT_BIT(FA_CAT_UNION_MEMBERSHIP) | FA_CAT_BIT(FA_CAT_SEX_LIFE) |
                     FA_CAT_BIT(FA_CAT_GENETIC) | FA_CAT_BIT(FA_CAT_BIOMETRIC) |
                     FA_CAT_BIT(FA_CAT_CRIMINAL);
    char *q = fields_quote(c->res, un);
    static const char *const basis[] = {"RGPD art. 13", "RGPD art. 14.1.d", "RGPD art. 5.1.a",
                                        NULL};
    fa_status st = msg.data && q
                       ? nt_add(c, "fr.notice.unlisted", "notice.unlisted",
                                (un & art9) ? FA_SEV_HIGH : FA_SEV_MEDIUM, q,
                                c->res->notice.present ? &c->res->notice.loc : NULL,
                                c->res->notice.present ? "notice" : "document", msg.data,
                                c->en ? "Either stop collecting these data (minimisation), or "
                                        "state them in the notice with their purpose and legal "
                                        "basis (GDPR art. 9 or 10 where they apply)."
                                      : "Soit cesser de recueillir ces données (minimisation), "
                                        "soit les déclarer dans la mention avec leur finalité et "
                                        "leur base légale (articles 9 ou 10 du RGPD le cas "
                                        "échéant).",
                                basis, NULL)
                       : FA_ERR_NOMEM;
    free(q);
    fa_buf_free(&cats);
    fa_buf_free(&msg);
    return st;
}

/* ---------------------------------------------------------------- entry point */

static void ctx_free(nt_ctx *c)
{
    for (size_t i = 0; i < c->nb; i++)
        if (!c->b[i].f_shared)
            fa_folded_free(&c->b[i].f);
    free(c->b);
    free(c->u);
    free(c->nblk);
    free(c->nstart);
    fa_folded_free(&c->nf);
    pcre2_match_data_free(c->md);
}

fa_status fa_notice_analyze(const fa_rules *rules, const fa_doc *doc, const fa_audit_opts *opts,
                            fa_result *res, fa_error *err)
{
    if (!doc || !res)
        return fa_error_set(err, FA_ERR_USAGE, "notice: no document or result");
    fa_status st = nt_compile(err);
    if (st != FA_OK)
        return st;
    nt_ctx c;
    memset(&c, 0, sizeof c);
    c.rules = rules;
    c.doc = doc;
    c.res = res;
    c.en = res->lang && !strcmp(res->lang, "en");
    c.md = pcre2_match_data_create(8, NULL);
    if (!c.md)
        return fa_error_set(err, FA_ERR_NOMEM, "notice: out of memory");
    int values = 0;
    for (size_t i = 0; i < res->n_fields; i++) {
        c.collected |= res->fields[i].categories;
        values += !fa_str_blank(res->fields[i].value);
    }
    c.filled = values >= 2;

    if ((st = collect_blocks(&c)) != FA_OK)
        goto out;
    detect_notice(&c);
    if ((st = build_notice_text(&c)) != FA_OK)
        goto out;
    if ((st = nt_context_guess(&c, opts)) != FA_OK)
        goto out;
    fa_catset sens = c.collected & FA_CAT_SENSITIVE & ~FA_CAT_BIT(FA_CAT_FREE_COMMENT);
    if (res->notice.present) {
        check_items(&c);
        read_declared(&c);
        res->notice.unlisted = sens & ~res->notice.declared;
        st = report_incomplete(&c);
    } else {
        res->notice.unlisted = sens;
        st = report_missing(&c);
    }
    if (st == FA_OK)
        st = report_unlisted(&c);
    if (st == FA_OK)
        st = nt_sharing(&c);
    if (st == FA_OK)
        st = nt_retention(&c);
    if (st == FA_OK)
        st = nt_consent(&c);
    if (st == FA_OK)
        st = nt_dpia(&c);
    if (st == FA_OK)
        st = nt_context_adjust(&c);
out:
    ctx_free(&c);
    if (st == FA_ERR_NOMEM)
        return fa_error_set(err, st, "notice: out of memory");
    if (st != FA_OK && err && !err->message[0])
        fa_error_set(err, st, "notice: analysis failed");
    return st;
}
