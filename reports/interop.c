/* interop.c — what the renderers for other tools share (interop.h): the rules of the
 * notice analysis as tool descriptions, paths as URIs, the names of a notice's items. */
#include "interop.h"

#include <string.h>

fa_status fa_uri_from_path(fa_buf *out, const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *p = (const unsigned char *)(path ? path : "");
    fa_status st = *p == '/' ? fa_buf_puts(out, "file://") : FA_OK;
    if (!st && p[0] == '.' && p[1] == '/')
        p += 2;
    for (; *p && !st; p++) {
        unsigned char c = *p;
        bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
        if (keep)
            st = fa_buf_putc(out, (char)c);
        else
            st = fa_buf_printf(out, "%%%c%c", hex[c >> 4], hex[c & 15]);
    }
    return st ? st : fa_buf_puts(out, ""); /* "" for an empty path, never NULL data */
}

#define RGPD "RGPD art. "
const fa_builtin_rule fa_builtin_rules[] = {
    {"fr.notice.missing", "notice.missing", FA_SEV_HIGH,
     "Le document ne comporte aucune mention d'information sur la protection des données.",
     "The document has no data-protection notice.",
     "Ajouter une mention d'information qui donne les éléments de l'article 13 du RGPD.",
     "Add a notice giving the items of GDPR art. 13.", RGPD "13; " RGPD "12"},
    {"fr.notice.incomplete", "notice.incomplete", FA_SEV_MEDIUM,
     "La mention d'information omet des éléments exigés par l'article 13 du RGPD.",
     "The notice lacks items GDPR art. 13 requires.",
     "Compléter la mention avec les éléments manquants.", "Add the missing items to the notice.",
     RGPD "13"},
    {"fr.notice.unlisted", "notice.unlisted", FA_SEV_MEDIUM,
     "Le document collecte des catégories de données que sa mention d'information ne déclare "
     "pas.",
     "The document collects categories of data its notice does not declare.",
     "Supprimer ces données du document, ou les déclarer dans la mention avec leur "
     "justification.",
     "Remove these data from the document, or declare them in the notice with their reason.",
     RGPD "13; " RGPD "14.1.d; " RGPD "5.1.a"},
    {"fr.frame.sharing", "sharing", FA_SEV_HIGH,
     "Le document réunit ou informe des destinataires qui ne sont pas tous tenus au même secret.",
     "The document gathers or informs recipients who are not all bound by the same secrecy.",
     "Limiter l'instance aux professionnels tenus au secret et partageant une mission ; n'y "
     "évoquer une situation qu'avec l'accord de la personne.",
     "Limit the body to professionals bound by secrecy and sharing one mission; discuss a "
     "situation there only with the person's agreement.",
     "Code pénal art. 226-13; CASF art. L226-2-2; CASF art. L121-6-2"},
    {"fr.frame.validation", "consent.validation", FA_SEV_MEDIUM,
     "Rien n'indique que la personne relit, complète ou valide ce qui est écrit sur elle.",
     "Nothing says that the person reads, completes or approves what is written about them.",
     "Rédiger la rubrique avec la personne et lui en remettre une copie.",
     "Write the entry with the person and give them a copy.", RGPD "5.1.d; " RGPD "15"},
    {"fr.sharing", "sharing", FA_SEV_HIGH,
     "Le document prévoit la transmission des données à des tiers.",
     "The document provides for passing the data to third parties.",
     "Limiter la transmission à ce qu'un texte autorise et en informer la personne.",
     "Limit sharing to what a law allows and tell the person.",
     "Code pénal art. 226-13; CASF art. L411-3; " RGPD "13.1.e"},
    {"fr.retention.none", "retention", FA_SEV_MEDIUM,
     "Aucune durée de conservation n'est indiquée.", "No retention period is given.",
     "Indiquer une durée de conservation limitée et justifiée.",
     "State a limited, justified retention period.", RGPD "5.1.e; " RGPD "13.2.a"},
    {"fr.retention.open", "retention", FA_SEV_HIGH,
     "La durée de conservation est ouverte (« au moins … »).",
     "The retention period is open-ended (\"at least …\").",
     "Fixer une durée maximale de conservation.", "Set a maximum retention period.",
     RGPD "5.1.e; CNIL référentiel social 2021; CNIL délib. 2023-095"},
    {"fr.retention.vague", "retention", FA_SEV_LOW, "La durée de conservation est imprécise.",
     "The retention period is vague.", "Préciser la durée de conservation.",
     "State the retention period precisely.", RGPD "5.1.e; " RGPD "13.2.a"},
    {"fr.retention.long", "retention", FA_SEV_MEDIUM,
     "La durée de conservation dépasse celle du référentiel de la CNIL.",
     "The retention period exceeds the CNIL référentiel's.",
     "Ramener la durée de conservation à celle du référentiel ou la justifier.",
     "Bring the retention period down to the référentiel's, or justify it.",
     RGPD "5.1.e; CNIL référentiel social 2021; CNIL délib. 2023-095"},
    {"fr.consent.uninformed", "consent", FA_SEV_HIGH,
     "La personne n'est ni informée ni consultée sur le traitement.",
     "The person is neither informed nor asked about the processing.",
     "Informer la personne et, lorsque c'est la base du traitement, recueillir son accord.",
     "Inform the person and, where consent is the basis, ask for it.", RGPD "5.1.a; " RGPD "13"},
    {"fr.consent.preticked", "consent", FA_SEV_HIGH, "Une case de consentement est pré-cochée.",
     "A consent box is ticked in advance.", "Laisser la case vide : la personne la coche.",
     "Leave the box empty for the person to tick.", RGPD "4.11; " RGPD "7"},
    {"fr.consent.forced", "consent", FA_SEV_HIGH,
     "Le consentement n'est pas libre : lié à la signature ou rendu obligatoire.",
     "Consent is not free: bundled with the signature or made mandatory.",
     "Séparer le consentement de la signature et le rendre facultatif.",
     "Separate consent from the signature and make it optional.",
     RGPD "4.11; " RGPD "7.4; " RGPD "9.2.a"},
    {"fr.dpia", "dpia", FA_SEV_HIGH,
     "Le traitement remplit les critères d'une analyse d'impact (AIPD).",
     "The processing meets the criteria for a data-protection impact assessment.",
     "Conduire une analyse d'impact avant la mise en œuvre.",
     "Carry out an impact assessment before the processing starts.",
     RGPD "35; CNIL délib. 2018-327"},
    /* the agreements' analysis (notice_agreement.c, issue 19): texts as the lexicon of
     * fr-core.json / en-forms.json words them; an art. 28(3) letter as when it is missing */
    {"fr.consent.sharing", "consent", FA_SEV_HIGH,
     "Ceux qui accompagnent la personne transmettent à des partenaires ce qu'ils "
     "savent d'elle sans que son accord soit recueilli ni qu'elle puisse s'y opposer "
     ": le partage d'informations couvertes par le secret suppose que la personne en "
     "soit informée au préalable et puisse le refuser.",
     "Those who support the person pass on what they know of them to partners "
     "without asking their agreement or letting them object: sharing information "
     "covered by secrecy requires that the person be told beforehand and be free to "
     "refuse.",
     "Prévoir, avant toute transmission, l'information de la personne et le recueil "
     "de son accord au cas par cas ; nommer les destinataires et limiter ce qui leur "
     "est transmis au strict nécessaire.",
     "Before any transmission, inform the person and ask for their agreement case by "
     "case; name the recipients and pass on only what is strictly necessary.",
     "Code pénal art. 226-13; CASF art. L411-3; RGPD art. 7"},
    {"fr.convention.transfer", "sharing", FA_SEV_HIGH,
     "Le document prévoit des transferts de données hors de l'Union européenne sans "
     "dire sur quelle garantie ils reposent (décision d'adéquation, clauses "
     "contractuelles types, règles d'entreprise contraignantes) ni sur quelles "
     "instructions.",
     "The document provides for transfers of data outside the European Union without "
     "saying on which safeguard they rest (adequacy decision, standard contractual "
     "clauses, binding corporate rules) nor on whose instructions.",
     "Nommer les pays ou les destinataires hors de l'Union, la garantie de chaque "
     "transfert (RGPD art. 45 à 47) et prévoir qu'aucun transfert n'a lieu sans "
     "instruction documentée du responsable.",
     "Name the countries or recipients outside the Union, the safeguard of each "
     "transfer (GDPR art. 45 to 47), and provide that no transfer takes place "
     "without the controller's documented instructions.",
     "RGPD art. 44; RGPD art. 46; RGPD art. 28.3.a"},
    {"fr.convention.non_eu_provider", "sharing", FA_SEV_MEDIUM,
     "Un prestataire soumis à un droit extérieur à l'Union (droit américain) reçoit "
     "ou héberge les données : ses autorités peuvent y demander accès, même si les "
     "serveurs sont en Europe.",
     "A provider under a law outside the Union (US law) receives or hosts the data: "
     "its authorities may demand access, even when the servers are in Europe.",
     "Évaluer ce risque (analyse d'impact des transferts), préférer un prestataire "
     "soumis au seul droit de l'Union pour des données sensibles, et le mentionner "
     "aux personnes.",
     "Assess this risk (transfer impact assessment), prefer a provider subject to "
     "Union law alone for sensitive data, and tell the persons.",
     "RGPD art. 28.1; RGPD art. 44; RGPD art. 48"},
    {"fr.convention.security", "sharing", FA_SEV_MEDIUM,
     "Le document organise des échanges de données sans clause de sécurité : rien "
     "sur les mesures techniques et organisationnelles qui les protègent.",
     "The document organises exchanges of data with no security clause: nothing on "
     "the technical and organisational measures that protect them.",
     "Ajouter une clause de sécurité (RGPD art. 32) : habilitations, traçabilité, "
     "chiffrement des échanges, et qui répond de quoi.",
     "Add a security clause (GDPR art. 32): authorisations, logs, encryption of the "
     "exchanges, and who answers for what.",
     "RGPD art. 32"},
    {"fr.convention.breach", "sharing", FA_SEV_LOW,
     "Le document ne dit pas qui notifie une violation de données, ni dans quel "
     "délai.",
     "The document does not say who notifies a data breach, nor how fast.",
     "Prévoir la notification des violations entre les parties sans délai, et à la "
     "CNIL dans les 72 heures (RGPD art. 33).",
     "Provide for notifying breaches between the parties without delay, and to the "
     "CNIL within 72 hours (GDPR art. 33).",
     "RGPD art. 33"},
    {"fr.convention.health_hosting", "sharing", FA_SEV_HIGH,
     "Des données de santé sont confiées à un hébergeur sans qu'il soit dit certifié "
     "pour l'hébergement de données de santé.",
     "Health data are entrusted to a host that is not said to be certified for "
     "hosting health data.",
     "Exiger un hébergeur certifié « hébergeur de données de santé » (HDS) et le "
     "nommer dans le document.",
     "Require a host certified for health data (HDS) and name it in the document.",
     "CSP art. L1111-8; RGPD art. 9"},
    {"fr.convention.joint.not_opposable", "consent", FA_SEV_HIGH,
     "L'accord de responsabilité conjointe se dit inopposable aux personnes "
     "concernées, alors qu'elles peuvent exercer leurs droits à l'égard de chacun "
     "des responsables conjoints, quels que soient les termes de l'accord.",
     "The joint-controllership arrangement says it cannot be relied on by the "
     "persons concerned, whereas they may exercise their rights against each joint "
     "controller whatever the arrangement says.",
     "Supprimer cette phrase, mettre les grandes lignes de l'accord à la disposition "
     "des personnes et désigner un point de contact pour leurs droits (RGPD art. "
     "26.2 et 26.3).",
     "Remove that sentence, make the essence of the arrangement available to the "
     "persons and designate a contact point for their rights (GDPR art. 26.2 and "
     "26.3).",
     "RGPD art. 26.2; RGPD art. 26.3"},
    {"fr.convention.categories_elsewhere", "sharing", FA_SEV_MEDIUM,
     "Les catégories de données traitées ou échangées ne sont pas dans le document : "
     "il renvoie à une documentation ou à un paramétrage ultérieur.",
     "The categories of data processed or exchanged are not in the document: it "
     "refers to documentation or to a later setting.",
     "Lister dans le document (ou son annexe jointe) les catégories de données et de "
     "personnes concernées, et les limiter au nécessaire.",
     "List in the document (or its attached annex) the categories of data and of "
     "persons concerned, and limit them to what is needed.",
     "RGPD art. 28.3; RGPD art. 5.1.c"},
    {"fr.convention.subprocessors_unnamed", "sharing", FA_SEV_MEDIUM,
     "Des sous-traitants ultérieurs sont autorisés sans être nommés dans le "
     "document.",
     "Sub-processors are authorised without being named in the document.",
     "Joindre la liste des sous-traitants ultérieurs (identité, lieu, traitement "
     "confié) et prévoir l'information préalable du responsable sur tout changement, "
     "avec un droit d'objection.",
     "Attach the list of sub-processors (identity, place, processing entrusted) and "
     "provide for informing the controller beforehand of any change, with a right to "
     "object.",
     "RGPD art. 28.2; RGPD art. 28.4"},
    {"fr.convention.art28.a", "sharing", FA_SEV_HIGH,
     "L'accord de traitement ne contient pas la clause qu'exige l'article 28.3.a du "
     "RGPD : le sous-traitant ne traite les données que sur instruction documentée "
     "du responsable, y compris pour les transferts hors de l'Union.",
     "The processing agreement lacks the clause GDPR art. 28.3.a requires: the "
     "processor processes the data only on documented instructions from the "
     "controller, including transfers outside the Union.",
     "Ajouter la clause de l'article 28.3.a (le sous-traitant ne traite les données "
     "que sur instruction documentée du responsable, y compris pour les transferts "
     "hors de l'Union), par exemple sur le modèle des clauses contractuelles types "
     "de la Commission européenne (décision 2021/915).",
     "Add the clause of art. 28.3.a (the processor processes the data only on "
     "documented instructions from the controller, including transfers outside the "
     "Union), for instance after the European Commission's standard contractual "
     "clauses (decision 2021/915).",
     "RGPD art. 28.3.a"},
    {"fr.convention.art28.b", "sharing", FA_SEV_MEDIUM,
     "L'accord de traitement ne contient pas la clause qu'exige l'article 28.3.b du "
     "RGPD : les personnes autorisées à traiter les données sont tenues à la "
     "confidentialité.",
     "The processing agreement lacks the clause GDPR art. 28.3.b requires: persons "
     "authorised to process the data are bound to confidentiality.",
     "Ajouter la clause de l'article 28.3.b (les personnes autorisées à traiter les "
     "données sont tenues à la confidentialité), par exemple sur le modèle des "
     "clauses contractuelles types de la Commission européenne (décision 2021/915).",
     "Add the clause of art. 28.3.b (persons authorised to process the data are "
     "bound to confidentiality), for instance after the European Commission's "
     "standard contractual clauses (decision 2021/915).",
     "RGPD art. 28.3.b"},
    {"fr.convention.art28.c", "sharing", FA_SEV_HIGH,
     "L'accord de traitement ne contient pas la clause qu'exige l'article 28.3.c du "
     "RGPD : le sous-traitant prend les mesures de sécurité de l'article 32.",
     "The processing agreement lacks the clause GDPR art. 28.3.c requires: the "
     "processor takes the security measures of art. 32.",
     "Ajouter la clause de l'article 28.3.c (le sous-traitant prend les mesures de "
     "sécurité de l'article 32), par exemple sur le modèle des clauses "
     "contractuelles types de la Commission européenne (décision 2021/915).",
     "Add the clause of art. 28.3.c (the processor takes the security measures of "
     "art. 32), for instance after the European Commission's standard contractual "
     "clauses (decision 2021/915).",
     "RGPD art. 28.3.c"},
    {"fr.convention.art28.d", "sharing", FA_SEV_MEDIUM,
     "L'accord de traitement ne contient pas la clause qu'exige l'article 28.3.d du "
     "RGPD : le recours à un autre sous-traitant suppose l'autorisation écrite du "
     "responsable et les mêmes obligations imposées à ce sous-traitant.",
     "The processing agreement lacks the clause GDPR art. 28.3.d requires: engaging "
     "another processor requires the controller's written authorisation and the same "
     "obligations imposed on it.",
     "Ajouter la clause de l'article 28.3.d (le recours à un autre sous-traitant "
     "suppose l'autorisation écrite du responsable et les mêmes obligations imposées "
     "à ce sous-traitant), par exemple sur le modèle des clauses contractuelles "
     "types de la Commission européenne (décision 2021/915).",
     "Add the clause of art. 28.3.d (engaging another processor requires the "
     "controller's written authorisation and the same obligations imposed on it), "
     "for instance after the European Commission's standard contractual clauses "
     "(decision 2021/915).",
     "RGPD art. 28.3.d"},
    {"fr.convention.art28.e", "sharing", FA_SEV_MEDIUM,
     "L'accord de traitement ne contient pas la clause qu'exige l'article 28.3.e du "
     "RGPD : le sous-traitant aide le responsable à répondre aux demandes d'exercice "
     "des droits des personnes.",
     "The processing agreement lacks the clause GDPR art. 28.3.e requires: the "
     "processor assists the controller in answering requests to exercise the "
     "persons' rights.",
     "Ajouter la clause de l'article 28.3.e (le sous-traitant aide le responsable à "
     "répondre aux demandes d'exercice des droits des personnes), par exemple sur le "
     "modèle des clauses contractuelles types de la Commission européenne (décision "
     "2021/915).",
     "Add the clause of art. 28.3.e (the processor assists the controller in "
     "answering requests to exercise the persons' rights), for instance after the "
     "European Commission's standard contractual clauses (decision 2021/915).",
     "RGPD art. 28.3.e"},
    {"fr.convention.art28.f", "sharing", FA_SEV_MEDIUM,
     "L'accord de traitement ne contient pas la clause qu'exige l'article 28.3.f du "
     "RGPD : le sous-traitant aide le responsable à respecter les articles 32 à 36 "
     "(sécurité, violations, analyse d'impact, consultation préalable).",
     "The processing agreement lacks the clause GDPR art. 28.3.f requires: the "
     "processor assists the controller with articles 32 to 36 (security, breaches, "
     "impact assessment, prior consultation).",
     "Ajouter la clause de l'article 28.3.f (le sous-traitant aide le responsable à "
     "respecter les articles 32 à 36 (sécurité, violations, analyse d'impact, "
     "consultation préalable)), par exemple sur le modèle des clauses contractuelles "
     "types de la Commission européenne (décision 2021/915).",
     "Add the clause of art. 28.3.f (the processor assists the controller with "
     "articles 32 to 36 (security, breaches, impact assessment, prior "
     "consultation)), for instance after the European Commission's standard "
     "contractual clauses (decision 2021/915).",
     "RGPD art. 28.3.f"},
    {"fr.convention.art28.g", "sharing", FA_SEV_HIGH,
     "L'accord de traitement ne contient pas la clause qu'exige l'article 28.3.g du "
     "RGPD : au terme de la prestation, le sous-traitant supprime ou restitue toutes "
     "les données, au choix du responsable, et en détruit les copies.",
     "The processing agreement lacks the clause GDPR art. 28.3.g requires: at the "
     "end of the services, the processor deletes or returns all the data, as the "
     "controller chooses, and deletes copies.",
     "Ajouter la clause de l'article 28.3.g (au terme de la prestation, le "
     "sous-traitant supprime ou restitue toutes les données, au choix du "
     "responsable, et en détruit les copies), par exemple sur le modèle des clauses "
     "contractuelles types de la Commission européenne (décision 2021/915).",
     "Add the clause of art. 28.3.g (at the end of the services, the processor "
     "deletes or returns all the data, as the controller chooses, and deletes "
     "copies), for instance after the European Commission's standard contractual "
     "clauses (decision 2021/915).",
     "RGPD art. 28.3.g"},
    {"fr.convention.art28.h", "sharing", FA_SEV_MEDIUM,
     "L'accord de traitement ne contient pas la clause qu'exige l'article 28.3.h du "
     "RGPD : le sous-traitant met à disposition les informations nécessaires pour "
     "démontrer le respect de ses obligations et permet les audits, y compris les "
     "inspections.",
     "The processing agreement lacks the clause GDPR art. 28.3.h requires: the "
     "processor makes available the information needed to demonstrate compliance and "
     "allows audits, including inspections.",
     "Ajouter la clause de l'article 28.3.h (le sous-traitant met à disposition les "
     "informations nécessaires pour démontrer le respect de ses obligations et "
     "permet les audits, y compris les inspections), par exemple sur le modèle des "
     "clauses contractuelles types de la Commission européenne (décision 2021/915).",
     "Add the clause of art. 28.3.h (the processor makes available the information "
     "needed to demonstrate compliance and allows audits, including inspections), "
     "for instance after the European Commission's standard contractual clauses "
     "(decision 2021/915).",
     "RGPD art. 28.3.h"},
    {"fr.convention.mandate.sensitive", "consent", FA_SEV_HIGH,
     "Le mandat permet au mandataire d'utiliser des données sensibles sans "
     "consentement explicite de la personne pour chacune d'elles, et sans dire ce "
     "que le mandataire en fait.",
     "The mandate lets the agent use sensitive data without the person's explicit "
     "consent to each, and without saying what the agent does with them.",
     "Faire consentir explicitement la personne, catégorie par catégorie, limiter "
     "ces données à ce que la démarche exige, et décrire le traitement du mandataire "
     "(finalité, durée, destinataires, droits).",
     "Have the person consent explicitly, category by category, limit these data to "
     "what the procedure needs, and describe the agent's processing (purpose, "
     "retention, recipients, rights).",
     "RGPD art. 9.2.a; RGPD art. 10; RGPD art. 13"},
};
const size_t fa_n_builtin_rules = sizeof fa_builtin_rules / sizeof fa_builtin_rules[0];

const char *fa_notice_item_label(int item, bool en)
{
    static const char *const fr[FA_NI_COUNT] = {"responsable du traitement",
                                                "délégué à la protection des données",
                                                "finalités",
                                                "base légale",
                                                "destinataires",
                                                "durée de conservation",
                                                "droits des personnes",
                                                "droit de réclamation auprès de la CNIL"};
    static const char *const enl[FA_NI_COUNT] = {"controller",
                                                 "data protection officer",
                                                 "purposes",
                                                 "legal basis",
                                                 "recipients",
                                                 "retention period",
                                                 "rights of the person",
                                                 "right to complain to the CNIL"};
    return item >= 0 && item < FA_NI_COUNT ? (en ? enl[item] : fr[item]) : "?";
}
