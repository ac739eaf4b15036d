/* read_text.c — the plain-text reader.
 *
 * A text form is read line by line: one paragraph per non-blank line (loc.line is the
 * source line), headings recognised by the conventions people type (a line underlined
 * with ==== or ----, a short line in capitals, or a Markdown "## Title": conventions
 * and terms published in repositories are Markdown), bullets ("- ", "* ", "• ")
 * as list items, and a form feed as a page break (that is what printers and pdftotext
 * emit). Bytes are cleaned to UTF-8 by the model (invalid sequences become U+FFFD, NULs
 * become spaces): a damaged text file is still read, never rejected. */
#include "fa_limits.h"
#include "read.h"

#include <glib.h>
#include <string.h>

/* Next UTF-8 character (glib's g_utf8_next_char casts const away). */
static const char *u8next(const char *p)
{
    return p + g_utf8_skip[*(const unsigned char *)p];
}

/* A line made only of '=' (level 1) or '-' (level 2), at least 3 of them. */
static int underline_level(const char *s, size_t n)
{
    size_t i = 0, k = 0;
    char c = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    for (; i < n; i++) {
        if (s[i] == ' ' || s[i] == '\t')
            continue;
        if ((s[i] != '=' && s[i] != '-') || (c && s[i] != c))
            return 0;
        c = s[i];
        k++;
    }
    if (k < 3)
        return 0;
    return c == '=' ? 1 : 2;
}

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\v')
            return false;
    return true;
}

/* A short line written in capitals ("1. IDENTITÉ DU DEMANDEUR"): at least 3 capital
 * letters, no lower-case letter, no fill-in leader and not ending with a colon (a
 * capitalised label such as "NOM :" asks for a field, it does not open a section). */
static bool caps_heading(const char *s)
{
    size_t n = strlen(s);
    if (n > 120 || !g_utf8_validate(s, (gssize)n, NULL))
        return false;
    if (strstr(s, "___") || strstr(s, "...") || strstr(s, "\xE2\x80\xA6"))
        return false;
    size_t e = n;
    while (e && s[e - 1] == ' ')
        e--;
    if (e && s[e - 1] == ':')
        return false;
    int upper = 0;
    for (const char *p = s; *p; p = u8next(p)) {
        gunichar c = g_utf8_get_char(p);
        if (g_unichar_islower(c))
            return false;
        if (g_unichar_isupper(c))
            upper++;
    }
    return upper >= 3;
}

/* Length of a bullet marker at the start of s ("- ", "* ", "• "), 0 if none. */
static size_t bullet(const char *s, size_t n)
{
    if (n >= 2 && (s[0] == '-' || s[0] == '*') && s[1] == ' ')
        return 2;
    if (n >= 4 && !memcmp(s, "\xE2\x80\xA2 ", 4))
        return 4;
    return 0;
}

/* Level of a Markdown heading ("### Article 3": one to six '#' then a space), its text
 * starting at *start and ending before any closing '#'s at *end; 0 when none. */
static int atx_level(const char *s, size_t n, size_t *start, size_t *end)
{
    size_t k = 0;
    while (k < n && k < 7 && s[k] == '#')
        k++;
    if (k == 0 || k > 6 || k >= n || s[k] != ' ')
        return 0;
    size_t a = k, e = n;
    while (a < e && s[a] == ' ')
        a++;
    while (e > a && (s[e - 1] == ' ' || s[e - 1] == '#'))
        e--;
    if (e == a)
        return 0;
    *start = a;
    *end = e;
    return (int)k;
}

/* PREV (a paragraph) ends with a letter and a hyphen, and the line S[0..n) starts with
 * a lower-case letter: a word was cut at the line end. */
static bool hyphen_cut(const fa_node *prev, const char *s, size_t n)
{
    if (prev->type != FA_N_PARAGRAPH || prev->len < 3 || prev->text[prev->len - 1] != '-' ||
        prev->text[prev->len - 2] == '-' || prev->text[prev->len - 2] == ' ')
        return false;
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i >= n || !g_utf8_validate(s + i, (gssize)(n - i), NULL))
        return false;
    return g_unichar_islower(g_utf8_get_char(s + i));
}

/* Add one line as a node. Returns the node (NULL when blank or out of nodes). */
static fa_node *add_line(fa_doc *doc, const char *s, size_t n, int lineno)
{
    size_t ind = 0;
    while (ind < n && (s[ind] == ' ' || s[ind] == '\t'))
        ind++;
    size_t hs, he;
    int atx = ind <= 3 ? atx_level(s + ind, n - ind, &hs, &he) : 0;
    if (atx) {
        fa_node *h = fa_node_new(doc, FA_N_HEADING);
        if (!h)
            return NULL;
        h->level = atx;
        h->loc.line = lineno;
        fa_node_append_text(doc, h, s + ind + hs, he - hs);
        fa_node_squeeze(h);
        fa_node_append(doc->root, h);
        return h;
    }
    size_t b = bullet(s + ind, n - ind);
    fa_node *p = fa_node_new(doc, b ? FA_N_LIST_ITEM : FA_N_PARAGRAPH);
    if (!p)
        return NULL;
    if (b)
        p->level = 1 + (int)(ind / 2 > 5 ? 5 : ind / 2);
    p->loc.line = lineno;
    fa_node_append_text(doc, p, s + ind + b, n - ind - b);
    fa_node_squeeze(p);
    if (!b && caps_heading(p->text)) {
        p->type = FA_N_HEADING;
        p->level = 2;
    }
    fa_node_append(doc->root, p);
    return p;
}

fa_status fa_read_text(fa_doc *doc, const void *data, size_t size, fa_error *err)
{
    const char *s = data;
    size_t i = 0;
    (void)err;
    if (size >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
        i = 3;
    int lineno = 0, page = 1;
    fa_node *prev = NULL; /* last text line, for underline headings */
    while (i < size) {
        /* A line ends at \n, \r\n, \r or a form feed (which also starts a page). */
        size_t st = i;
        while (i < size && s[i] != '\n' && s[i] != '\r' && s[i] != '\f')
            i++;
        size_t n = i - st;
        char end = i < size ? s[i] : '\n';
        if (i < size)
            i += (s[i] == '\r' && i + 1 < size && s[i + 1] == '\n') ? 2 : 1;
        if (end != '\f' || n)
            lineno++;
        int ul = underline_level(s + st, n);
        if (ul && prev && prev->type != FA_N_LIST_ITEM && prev->loc.line == lineno - 1) {
            prev->type = FA_N_HEADING;
            prev->level = ul;
            prev = NULL;
        } else if (ul) {
            prev = NULL; /* a rule line drawn as decoration: nothing to read */
        } else if (!blank(s + st, n) && prev && prev->loc.line == lineno - 1 &&
                   hyphen_cut(prev, s + st, n)) {
            /* a word cut at the line end ("Orienta-" / "tion sexuelle : ____"): one
             * paragraph, read "Orienta- tion" (the fold joins the word back) */
            fa_node_append_text(doc, prev, "\n", 1);
            fa_node_append_text(doc, prev, s + st, n);
            fa_node_squeeze(prev);
        } else if (!blank(s + st, n)) {
            fa_node *p = add_line(doc, s + st, n, lineno);
            if (!p)
                break; /* node limit: warned by the model */
            prev = p;
        } else {
            prev = NULL;
        }
        if (end == '\f') {
            fa_node *br = fa_node_new(doc, FA_N_PAGE_BREAK);
            if (!br)
                break;
            br->loc.page = ++page;
            br->loc.line = lineno;
            fa_node_append(doc->root, br);
            prev = NULL;
        }
    }
    fa_doc_finish(doc);
    return FA_OK;
}
