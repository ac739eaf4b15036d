/* fields_plc.c — placeholders: the blanks of model letters and generated documents.
 *
 * A model letter has no form field: what the writer must supply is named between
 * delimiters, «Prénom Nom du salarié», [date], and a document a program fills in
 * carries its template's slots, {{ usager.nom }}, ${nom}, <<Nom>>, {date_naissance}.
 * Each such slot collects data: it is a field whose label is its own text. French
 * prose also quotes words between guillemets («oui», le terme «harcèlement»), so
 * guillemets and square brackets count only in a document that reads as a template
 * (field detection decides, see fa_plc_scan); template syntax counts everywhere but
 * in HTML, where {{ }} is a framework's output, not an input. Slots that ask for no
 * data are left out: a choice of salutation («Madame / Monsieur») and notes to the
 * writer («phrase à insérer uniquement si ...», [Facultatif]). */
#include "fields_plc.h"
#include "fold.h"

#include <stdlib.h>
#include <string.h>

/* Longest placeholder read as a field label, in words: model letters put whole
 * instructions between guillemets ("Décrire les conséquences ... etc."). */
#define PLC_MAX_WORDS 60
/* Longest template slot ({x}, <<x>>) still a name, in words. */
#define SLOT_MAX_WORDS 8

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n';
}

/* Find the closing delimiter CLOSE (LC bytes) from I; N when absent. Never crosses
 * a second opening OPEN (OL bytes): "« a « b »" pairs the inner one only. */
static size_t find_close(const char *t, size_t n, size_t i, const char *open, size_t ol,
                         const char *close, size_t lc)
{
    for (size_t k = i; k + lc <= n; k++) {
        if (!memcmp(t + k, close, lc))
            return k;
        if (ol && k + ol <= n && !memcmp(t + k, open, ol))
            return n;
    }
    return n;
}

static const struct delim {
    const char *open, *close;
    fa_plc_style style;
} DELIMS[] = {
    {"{{", "}}", FA_PLC_TEMPLATE},
    {"${", "}", FA_PLC_TEMPLATE},
    {"<<", ">>", FA_PLC_TEMPLATE},
    {"\xC2\xAB", "\xC2\xBB", FA_PLC_QUOTE},
    {"\xE2\x80\xB9", "\xE2\x80\xBA", FA_PLC_QUOTE}, /* ‹ › */
    {"{", "}", FA_PLC_BRACE},
    {"[", "]", FA_PLC_BRACKET},
};

size_t fa_plc_find(const char *t, size_t n, fa_plc *out, size_t max)
{
    size_t k = 0, i = 0;
    while (i < n && k < max) {
        const struct delim *d = NULL;
        for (size_t j = 0; j < sizeof DELIMS / sizeof DELIMS[0]; j++) {
            size_t ol = strlen(DELIMS[j].open);
            if (i + ol <= n && !memcmp(t + i, DELIMS[j].open, ol)) {
                d = &DELIMS[j];
                break;
            }
        }
        if (!d) {
            i++;
            continue;
        }
        size_t ol = strlen(d->open), lc = strlen(d->close);
        size_t c = find_close(t, n, i + ol, d->open, ol, d->close, lc);
        if (c >= n) {
            i += ol;
            continue;
        }
        if (d->style == FA_PLC_BRACKET && c + lc < n && t[c + lc] == '(') {
            /* "[Version du 20/07/2023](/cgu/…)": a Markdown link, the text of a link (a
             * table of contents, an address), never a slot (conventions and terms are
             * published as Markdown, issue 19) */
            i = c + lc;
            continue;
        }
        out[k++] = (fa_plc){.s = i, .e = c + lc, .ls = i + ol, .le = c, .style = d->style};
        i = c + lc;
    }
    return k;
}

/* ---------------------------------------------------------------- labels */

/* Folded S is made only of salutations: "Madame / Monsieur", "M. / Mme", "Mmes / MM.". */
static bool salutation_only(const char *f)
{
    static const char *const w[] = {
        "m",         "m.",       "mme",      "mme.",         "mlle",  "mr",   "mrs",
        "ms",        "madame",   "monsieur", "mademoiselle", "mmes",  "mm",   "mm.",
        "messieurs", "mesdames", "docteur",  "maitre",       "ou",    "et",   "cher",
        "chere",     "chers",    "cheres",   "sir",          "madam", "dear", NULL};
    char *c = fa_strdup(f);
    if (!c)
        return false;
    bool any = false, ok = true;
    char *save = NULL;
    for (char *tok = strtok_r(c, " /,;-()", &save); tok && ok;
         tok = strtok_r(NULL, " /,;-()", &save)) {
        ok = false;
        for (size_t i = 0; w[i] && !ok; i++)
            ok = !strcmp(tok, w[i]);
        any = true;
    }
    free(c);
    return ok && any;
}

/* Folded S is a note to the writer, not a slot to fill: "phrase à insérer uniquement
 * si ...", "Facultatif", "sic", "...". */
static bool editorial(const char *f)
{
    static const char *const start[] = {
        "facultatif",     "optionnel", "option",      "obligatoire", "phrase",
        "paragraphe",     "mention",   "inserer",     "a inserer",   "supprimer",
        "a supprimer",    "a adapter", "a conserver", "rayer",       "si besoin",
        "le cas echeant", "exemple",   "ex.",         "ex :",        "sic",
        "note",           "nb",        "n.b",         "voir",        "cf",
        "optional",       "delete",    "insert",      NULL};
    static const char *const anywhere[] = {"a inserer",      "a supprimer",   "uniquement si",
                                           "le cas echeant", "si necessaire", NULL};
    for (size_t i = 0; start[i]; i++) {
        size_t l = strlen(start[i]);
        if (!strncmp(f, start[i], l) && (!f[l] || f[l] == ' ' || f[l] == ':' || f[l] == ']'))
            return true;
    }
    for (size_t i = 0; anywhere[i]; i++)
        if (strstr(f, anywhere[i]))
            return true;
    return false;
}

/* A template slot names something ("nom", "usager.date_naissance", "Date de début"):
 * letters, digits and a few joiners, a few words at most. */
static bool slot_name(const char *s, size_t n)
{
    size_t words = 0, letters = 0;
    bool in = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        bool ok = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
        letters += ok || c >= 0x80;
        ok = ok || (c >= '0' && c <= '9') || c >= 0x80 || strchr(" _.-'|:", c);
        if (!ok || c == '"' || c == '=' || c == ';' || c == '(')
            return false;
        if (c == ' ')
            in = false;
        else if (!in)
            in = true, words++;
    }
    return letters > 0 && words <= SLOT_MAX_WORDS;
}

/* "usager.date_naissance" -> "usager date naissance", "dateNaissance" -> "date naissance":
 * what a technical slot name says, in words the rule packs read. */
static char *humanize(const char *s, size_t n)
{
    char *o = malloc(2 * n + 1);
    if (!o)
        return NULL;
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '_' || c == '.' || c == '-' || c == ':')
            c = ' ';
        if (c >= 'A' && c <= 'Z' && i > 0 && s[i - 1] >= 'a' && s[i - 1] <= 'z') {
            o[w++] = ' ';
            c = (char)(c + 32);
        }
        o[w++] = c;
    }
    o[w] = '\0';
    return fa_str_squeeze(o);
}

char *fa_plc_label(const char *t, const fa_plc *p)
{
    size_t s = p->ls, e = p->le;
    while (s < e && is_space(t[s]))
        s++;
    while (e > s && is_space(t[e - 1]))
        e--;
    if (s >= e)
        return NULL;
    if (p->style == FA_PLC_TEMPLATE || p->style == FA_PLC_BRACE) {
        /* mustache sections, comments, partials; jinja filters after '|' */
        if (strchr("#/^!>&{%=", t[s]))
            return NULL;
        const char *bar = memchr(t + s, '|', e - s);
        if (bar)
            e = (size_t)(bar - t);
        while (e > s && is_space(t[e - 1]))
            e--;
        if (s >= e || !slot_name(t + s, e - s))
            return NULL;
        bool ident = !memchr(t + s, ' ', e - s);
        char *l = ident ? humanize(t + s, e - s) : fa_strndup(t + s, e - s);
        return l ? fa_str_squeeze(l) : NULL;
    }
    char *raw = fa_strndup(t + s, e - s);
    if (!raw)
        return NULL;
    fa_str_squeeze(raw);
    char *f = fa_fold_simple(raw);
    size_t words = fa_plc_words(raw);
    bool letters = false;
    for (const char *q = f; q && *q && !letters; q++)
        letters = (*q >= 'a' && *q <= 'z');
    bool keep = f && letters && words >= 1 && words <= PLC_MAX_WORDS && !salutation_only(f) &&
                !editorial(f) && !(p->style == FA_PLC_BRACKET && words > 12);
    free(f);
    if (!keep) {
        free(raw);
        return NULL;
    }
    return raw;
}

size_t fa_plc_words(const char *s)
{
    size_t n = 0;
    bool in = false;
    for (; *s; s++) {
        if (is_space(*s))
            in = false;
        else if (!in)
            in = true, n++;
    }
    return n;
}

bool fa_plc_alone(const char *t, size_t n, const fa_plc *v, size_t k)
{
    if (!k)
        return false;
    size_t words = 0, prev = 0;
    for (size_t i = 0; i <= k; i++) {
        size_t end = i < k ? v[i].s : n;
        bool in = false;
        for (size_t j = prev; j < end; j++) {
            unsigned char c = (unsigned char)t[j];
            bool word = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
            word = word || (c >= '0' && c <= '9') || c >= 0x80;
            if (word && !in)
                words++;
            in = word;
        }
        if (i < k)
            prev = v[i].e;
    }
    /* "« Lieu », le « Date »", "- « Les faits : ... »", "Objet : « objet »" */
    return words <= 3;
}
