/* names.c — the stable names of statuses, formats, categories, severities, kinds:
 * the vocabulary of the JSON contract, in one place. */
#include "result.h"

#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const status_codes[] = {"ok",        "nomem", "io",      "format", "corrupt",
                                           "encrypted", "limit", "no_text", "rules",  "usage",
                                           "timeout",   "crash", "internal"};
_Static_assert(COUNT(status_codes) == FA_ERR_INTERNAL + 1, "one code per status");
static const char *const status_text[] = {"success",
                                          "out of memory",
                                          "cannot read the file",
                                          "not a document formaudit can read",
                                          "damaged or truncated document",
                                          "encrypted or password-protected document",
                                          "a safety limit was exceeded",
                                          "no text layer (scanned document?)",
                                          "invalid rule pack",
                                          "usage error",
                                          "time limit exceeded",
                                          "the reader crashed",
                                          "internal error"};

_Static_assert(COUNT(status_text) == FA_ERR_INTERNAL + 1, "one text per status");

const char *fa_status_code(fa_status s)
{
    return (unsigned)s < COUNT(status_codes) ? status_codes[s] : "internal";
}

const char *fa_strerror(fa_status s)
{
    return (unsigned)s < COUNT(status_text) ? status_text[s] : "unknown error";
}

const char *fa_format_name(fa_format f)
{
    static const char *const n[] = {"unknown", "docx", "odt", "pdf", "html", "txt", "rtf", "image"};
    _Static_assert(COUNT(n) == FA_FMT_COUNT, "one name per format");
    return (unsigned)f < COUNT(n) ? n[f] : "unknown";
}

const char *fa_version(void)
{
    return FA_VERSION;
}

static const char *const cat_names[FA_CAT_COUNT] = {"identity",
                                                    "contact",
                                                    "national_id",
                                                    "financial",
                                                    "health",
                                                    "ethnic_origin",
                                                    "political_opinion",
                                                    "religion",
                                                    "union_membership",
                                                    "sex_life",
                                                    "genetic",
                                                    "biometric",
                                                    "criminal",
                                                    "immigration_status",
                                                    "family_life",
                                                    "subjective_assessment",
                                                    "free_comment"};
static const char *const cat_fr[FA_CAT_COUNT] = {"identité",
                                                 "coordonnées",
                                                 "identifiant national (NIR…)",
                                                 "données financières",
                                                 "santé",
                                                 "origine ethnique",
                                                 "opinions politiques",
                                                 "religion ou convictions",
                                                 "appartenance syndicale",
                                                 "vie sexuelle",
                                                 "données génétiques",
                                                 "données biométriques",
                                                 "infractions et condamnations",
                                                 "situation au regard du séjour",
                                                 "vie familiale intime",
                                                 "appréciation subjective",
                                                 "zone de commentaire libre"};
static const char *const cat_en[FA_CAT_COUNT] = {"identity",
                                                 "contact details",
                                                 "national identifier (NIR…)",
                                                 "financial data",
                                                 "health",
                                                 "ethnic origin",
                                                 "political opinions",
                                                 "religious or philosophical beliefs",
                                                 "trade-union membership",
                                                 "sex life",
                                                 "genetic data",
                                                 "biometric data",
                                                 "offences and convictions",
                                                 "immigration status",
                                                 "intimate family life",
                                                 "subjective assessment",
                                                 "free comment zone"};

const char *fa_category_name(fa_category c)
{
    return (unsigned)c < FA_CAT_COUNT ? cat_names[c] : "unknown";
}

int fa_category_from_name(const char *name)
{
    for (int i = 0; name && i < FA_CAT_COUNT; i++)
        if (!strcmp(cat_names[i], name))
            return i;
    return -1;
}

const char *fa_category_label(fa_category c, const char *lang)
{
    if ((unsigned)c >= FA_CAT_COUNT)
        return "?";
    return lang && !strcmp(lang, "en") ? cat_en[c] : cat_fr[c];
}

static const char *const sev_names[] = {"info", "low", "medium", "high", "critical"};
_Static_assert(COUNT(sev_names) == FA_SEV_COUNT, "one name per severity");

const char *fa_severity_name(fa_severity s)
{
    return (unsigned)s < COUNT(sev_names) ? sev_names[s] : "info";
}

int fa_severity_from_name(const char *name)
{
    for (int i = 0; name && i < (int)COUNT(sev_names); i++)
        if (!strcmp(sev_names[i], name))
            return i;
    return -1;
}

const char *fa_field_kind_name(fa_field_kind k)
{
    static const char *const n[] = {"text", "multiline", "checkbox",   "choice",
                                    "date", "signature", "table_cell", "other"};
    _Static_assert(COUNT(n) == FA_FK_OTHER + 1, "one name per field kind");
    return (unsigned)k < COUNT(n) ? n[k] : "other";
}

const char *fa_field_method_name(fa_field_method m)
{
    static const char *const n[] = {"control", "leader", "table", "checkbox", "question"};
    _Static_assert(COUNT(n) == FA_FM_QUESTION + 1, "one name per detection method");
    return (unsigned)m < COUNT(n) ? n[m] : "control";
}

const char *fa_notice_item_name(fa_notice_item i)
{
    static const char *const n[] = {"controller", "dpo",       "purposes", "legal_basis",
                                    "recipients", "retention", "rights",   "complaint"};
    _Static_assert(COUNT(n) == FA_NI_COUNT, "one name per notice item");
    return (unsigned)i < COUNT(n) ? n[i] : "?";
}

const char *fa_context_name(fa_context c)
{
    static const char *const n[] = {"unknown", "employer", "social", "school", "health", "housing"};
    _Static_assert(COUNT(n) == FA_CTX_COUNT, "one name per context");
    return (unsigned)c < COUNT(n) ? n[c] : "unknown";
}

const char *fa_doc_kind_name(fa_doc_kind k)
{
    static const char *const n[] = {"form",         "convention", "data_exchange_terms",  "charter",
                                    "terms_of_use", "mandate",    "processing_agreement", "notice"};
    _Static_assert(COUNT(n) == FA_DK_COUNT, "one name per document kind");
    return (unsigned)k < COUNT(n) ? n[k] : "form";
}
