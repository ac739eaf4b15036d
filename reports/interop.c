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
     "Write the entry with the person and give them a copy.",
     RGPD "5.1.d; " RGPD "15"},
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
