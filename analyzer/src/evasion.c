/* evasion.c — tricks in labels (see evasion.h). Issue 18: "Reli\u200bgion",
 * "religiоn" with a Cyrillic о, "R e l i g i o n" each hid a question from the rules. */
#include "evasion.h"
#include "confusable.h"
#include "fa_limits.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

static bool invisible(gunichar c)
{
    return g_unichar_type(c) == G_UNICODE_FORMAT; /* U+200B-200F, 2060-2064, FEFF, 00AD... */
}

/* Letter-spaced: four single letters or more, each alone between spaces. */
static bool spaced(const char *s)
{
    int run = 0;
    const char *p = s;
    bool at_start = true; /* of a token */
    while (*p) {
        gunichar c = g_utf8_get_char(p);
        const char *next = g_utf8_next_char(p);
        if (at_start && g_unichar_isalpha(c) && (*next == ' ' || !*next)) {
            if (++run >= 4)
                return true;
            p = *next ? next + 1 : next;
            continue;
        }
        run = g_unichar_isspace(c) ? run : 0;
        at_start = g_unichar_isspace(c);
        p = next;
    }
    return false;
}

unsigned fa_evasion_tricks(const char *s)
{
    if (!s || !g_utf8_validate(s, -1, NULL))
        return 0;
    unsigned t = spaced(s) ? FA_TRICK_SPACED : 0;
    /* per word (a run of letters, invisible characters inside it) */
    bool letter_before = false, pending_inv = false, latin = false, alien = false;
    for (const char *p = s;; p = g_utf8_next_char(p)) {
        gunichar c = *p ? g_utf8_get_char(p) : 0;
        if (c && invisible(c)) {
            pending_inv = pending_inv || letter_before;
            continue;
        }
        if (c && g_unichar_isalpha(c)) {
            if (pending_inv)
                t |= FA_TRICK_INVISIBLE;
            pending_inv = false;
            letter_before = true;
            if (c < 0x80)
                latin = true;
            else if (g_unichar_get_script(c) != G_UNICODE_SCRIPT_LATIN && fa_confusable_ascii(c))
                alien = true;
            continue;
        }
        if (latin && alien)
            t |= FA_TRICK_HOMOGLYPH;
        letter_before = pending_inv = latin = alien = false;
        if (!c)
            break;
    }
    return t;
}

void fa_evasion_strip(char *s)
{
    if (!s || !g_utf8_validate(s, -1, NULL))
        return;
    char *w = s;
    for (const char *r = s; *r;) {
        const char *next = g_utf8_next_char(r);
        if (!invisible(g_utf8_get_char(r))) {
            memmove(w, r, (size_t)(next - r));
            w += next - r;
        }
        r = next;
    }
    *w = 0;
}

/* The field's most sensitive category: the first sensitive one in the contract's order,
 * else the first it has; -1 for none. */
static int main_category(fa_catset set)
{
    for (int c = 0; c < FA_CAT_COUNT; c++)
        if ((set & FA_CAT_SENSITIVE & FA_CAT_BIT(c)))
            return c;
    for (int c = 0; c < FA_CAT_COUNT; c++)
        if (set & FA_CAT_BIT(c))
            return c;
    return -1;
}

fa_status fa_evasion_finding(fa_result *res, size_t field, unsigned tricks)
{
    const fa_field *fld = &res->fields[field];
    int cat = main_category(fld->categories);
    if (!tricks || cat < 0)
        return FA_OK;
    fa_finding *fd = fa_result_add_finding(res);
    if (!fd)
        return res->n_findings >= FA_MAX_FINDINGS ? FA_OK : FA_ERR_NOMEM;
    bool en = res->lang && !strcmp(res->lang, "en");
    char how[200] = "";
    static const char *const fr[] = {"caractères invisibles dans un mot",
                                     "lettres d'un autre alphabet imitant des lettres latines",
                                     "lettres espacées"};
    static const char *const eng[] = {"invisible characters inside a word",
                                      "letters of another script drawn like Latin ones",
                                      "letter-spaced word"};
    static const char *const names[] = {"invisible", "homoglyph", "letter-spacing"};
    char pattern[64] = "";
    for (int i = 0; i < 3; i++) {
        if (!(tricks & (1u << i)))
            continue;
        size_t k = strlen(how);
        snprintf(how + k, sizeof how - k, "%s%s", k ? ", " : "", en ? eng[i] : fr[i]);
        k = strlen(pattern);
        snprintf(pattern + k, sizeof pattern - k, "%s%s", k ? "," : "", names[i]);
    }
    char msg[600];
    snprintf(msg, sizeof msg,
             en ? "The label of this field hides its text from automated reading (%s); it "
                  "reads \"%s\". Disguising what a form asks goes against the fairness and "
                  "transparency of the processing."
                : "Texte masqué ou caractères invisibles dans un libellé (%s) : il se lit "
                  "« %s », mais échappe à une lecture automatique. Dissimuler ce que le "
                  "formulaire demande contrevient à la loyauté et à la transparence du "
                  "traitement.",
             how, fld->label ? fld->label : "");
    fd->rule = strdup("fa.evasion.hidden_text");
    fd->category = strdup(fa_category_name((fa_category)cat));
    fd->severity = FA_SEV_MEDIUM;
    fd->field = (int)field;
    fd->quote = strdup(fld->label ? fld->label : "");
    fd->matched = strdup(fld->label ? fld->label : "");
    fd->message = strdup(msg);
    fd->recommendation = strdup(
        en ? "Rewrite the label in plain characters (no invisible characters, no letters of "
             "other scripts, no spaced letters) and check the rest of the form: such a trick "
             "may hide others."
           : "Réécrire le libellé en caractères ordinaires, sans caractères invisibles, "
             "lettres d'autres alphabets ni lettres espacées, et vérifier le reste du "
             "formulaire : un tel procédé peut en cacher d'autres.");
    fd->pattern = strdup(pattern);
    fd->scope = strdup("label");
    fd->loc = fld->loc;
    if (fa_strvec_push(&fd->legal_basis, "RGPD art. 5.1.a") != FA_OK ||
        fa_strvec_push(&fd->legal_basis, "RGPD art. 12.1") != FA_OK || !fd->rule || !fd->category ||
        !fd->quote || !fd->matched || !fd->message || !fd->recommendation || !fd->pattern ||
        !fd->scope)
        return FA_ERR_NOMEM;
    return FA_OK;
}
