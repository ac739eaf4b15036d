/* match.c — regex helpers of the rule engine (see match.h): word patterns tolerant of
 * French inflection, PCRE2 compilation with JIT, and the literal prefilter. */
#include "match.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- word patterns */

static bool is_alnum(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool ends_with(const char *s, size_t n, const char *suf)
{
    size_t k = strlen(suf);
    return n >= k && !memcmp(s + n - k, suf, k);
}

static fa_status put_escaped(fa_buf *b, const char *s, size_t n)
{
    fa_status st = FA_OK;
    for (size_t i = 0; i < n && st == FA_OK; i++) {
        if (strchr("\\^$.|?*+()[]{}/#", s[i]))
            st = fa_buf_putc(b, '\\');
        if (st == FA_OK)
            st = fa_buf_putc(b, s[i]);
    }
    return st;
}

/* One token with its inflection tolerance. French marks gender and number at the end
 * of the word, and forms write both at once: "séparé(e)s", "séparé·e·s", "séparé-e". */
static fa_status put_token(fa_buf *b, const char *t, size_t n, bool prefix)
{
    fa_status st;
    if (prefix) {
        st = put_escaped(b, t, n);
        return st ? st : fa_buf_puts(b, "[a-z0-9]*");
    }
    if (n < 3 || !is_alnum((unsigned char)t[n - 1]) || (t[n - 1] >= '0' && t[n - 1] <= '9'))
        return put_escaped(b, t, n);
    if (ends_with(t, n, "eux")) { /* dangereux, dangereuse(s) */
        st = put_escaped(b, t, n - 1);
        return st ? st : fa_buf_puts(b, "(?:x|ses?)(?:\\((?:eu)?se\\)|\\.se)?");
    }
    if (ends_with(t, n, "if")) { /* motif? no: actif, active(s) */
        st = put_escaped(b, t, n - 1);
        return st ? st : fa_buf_puts(b, "(?:fs?|ves?)(?:\\(ve\\)|\\.ve)?s?");
    }
    if (ends_with(t, n, "al")) { /* medical, medicale(s), medicaux */
        st = put_escaped(b, t, n - 1);
        return st ? st : fa_buf_puts(b, "(?:l|le|les|ls|ux)(?:\\(e\\)|\\.e)?s?");
    }
    if (ends_with(t, n, "eur")) { /* travailleur, travailleuse, -rice */
        st = put_escaped(b, t, n - 1);
        return st ? st : fa_buf_puts(b, "(?:rs?|ses?|rices?)(?:\\((?:eu)?se\\)|\\((?:t)?rice\\)|\\.se|\\.rice)?s?");
    }
    st = put_escaped(b, t, n);
    if (st)
        return st;
    /* final consonant doubled before the feminine e: ancienne, sexuelle, muette */
    char last = t[n - 1];
    if (last == 'n' || last == 'l' || last == 't')
        return fa_buf_printf(b, "(?:\\(%c?e\\)|[.-]%c?e|%c?e)?(?:\\(s\\)|[.-]s|s)?", last, last, last);
    return fa_buf_puts(b, "(?:\\(e\\)|[.-]e|e)?(?:\\(s\\)|[.-]s|s|x)?");
}

char *fa_word_pattern(const char *word)
{
    fa_buf b = {0};
    size_t n = strlen(word);
    bool prefix = n > 0 && word[n - 1] == '*';
    if (prefix)
        n--;
    fa_status st = fa_buf_puts(&b, "(?<![a-z0-9])");
    size_t i = 0;
    bool first = true;
    while (st == FA_OK && i < n) {
        while (i < n && word[i] == ' ')
            i++;
        size_t j = i;
        while (j < n && word[j] != ' ')
            j++;
        if (j == i)
            break;
        if (!first)
            st = fa_buf_puts(&b, "(?:\\s*-\\s*|\\s+)");
        if (st == FA_OK)
            st = put_token(&b, word + i, j - i, prefix && j == n);
        first = false;
        i = j;
    }
    if (st == FA_OK && !prefix)
        st = fa_buf_puts(&b, "(?![a-z0-9])");
    if (st != FA_OK) {
        fa_buf_free(&b);
        return NULL;
    }
    return fa_buf_steal(&b);
}

char *fa_word_literal(const char *word)
{
    size_t n = strlen(word);
    if (n > 0 && word[n - 1] == '*')
        n--;
    const char *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < n;) {
        while (i < n && word[i] == ' ')
            i++;
        size_t j = i;
        while (j < n && word[j] != ' ')
            j++;
        size_t k = j - i;
        /* the stem that every inflected form keeps */
        if (k >= 3 && (ends_with(word + i, k, "eux") || ends_with(word + i, k, "if") ||
                       ends_with(word + i, k, "al") || ends_with(word + i, k, "eur")))
            k--;
        if (k > best_len) {
            best = word + i;
            best_len = k;
        }
        i = j;
    }
    return best_len >= 2 ? fa_strndup(best, best_len) : NULL;
}

/* ---------------------------------------------------------------- compiling */

static pcre2_code *compile(const char *pattern, char *msg, size_t msglen)
{
    int code;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF,
                                   &code, &off, NULL);
    if (!re) {
        PCRE2_UCHAR buf[256];
        pcre2_get_error_message(code, buf, sizeof buf);
        snprintf(msg, msglen, "at offset %zu: %s", (size_t)off, (const char *)buf);
    }
    return re;
}

pcre2_code *fa_regex_compile(const char *pattern, char *msg, size_t msglen)
{
    pcre2_code *re = compile(pattern, msg, msglen);
    /* JIT is an optimisation: when unavailable the interpreter gives the same answers. */
    if (re && !getenv("FA_PCRE2_NO_JIT")) /* valgrind runs set it: JIT code confuses memcheck */
        (void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    return re;
}

bool fa_regex_check(const char *pattern, char *msg, size_t msglen)
{
    pcre2_code *re = compile(pattern, msg, msglen);
    pcre2_code_free(re);
    return re != NULL;
}

/* ---------------------------------------------------------------- literals */

/* Skip a bracketed class starting at P[i] == '['; returns the index after ']'. */
static size_t skip_class(const char *p, size_t i, size_t n)
{
    i++;
    if (i < n && p[i] == '^')
        i++;
    if (i < n && p[i] == ']')
        i++;
    while (i < n && p[i] != ']') {
        if (p[i] == '\\' && i + 1 < n)
            i++;
        else if (p[i] == '[' && i + 1 < n && p[i + 1] == ':') {
            const char *e = strstr(p + i + 2, ":]");
            if (e && (size_t)(e - p) < n)
                i = (size_t)(e - p) + 1;
        }
        i++;
    }
    return i < n ? i + 1 : n;
}

/* Skip a group starting at P[i] == '('; returns the index after its ')'. */
static size_t skip_group(const char *p, size_t i, size_t n)
{
    int depth = 0;
    while (i < n) {
        if (p[i] == '\\') {
            i += 2;
            continue;
        }
        if (p[i] == '[') {
            i = skip_class(p, i, n);
            continue;
        }
        if (p[i] == '(')
            depth++;
        else if (p[i] == ')' && --depth == 0)
            return i + 1;
        i++;
    }
    return n;
}

/* Quantifier at P[i]: 0 none, 1 optional (? * {0,), 2 required (+ {n>=1}). Sets *after. */
static int quantifier(const char *p, size_t i, size_t n, size_t *after)
{
    *after = i;
    if (i >= n)
        return 0;
    int kind = 0;
    if (p[i] == '?' || p[i] == '*') {
        kind = 1;
        i++;
    } else if (p[i] == '+') {
        kind = 2;
        i++;
    } else if (p[i] == '{' && i + 1 < n && p[i + 1] >= '0' && p[i + 1] <= '9') {
        kind = p[i + 1] == '0' ? 1 : 2;
        while (i < n && p[i] != '}')
            i++;
        i++;
    } else {
        return 0;
    }
    if (i < n && (p[i] == '?' || p[i] == '+'))
        i++; /* lazy or possessive */
    *after = i;
    return kind;
}

/* Longest required literal run of one top-level branch P[0..n). */
static void branch_literal(const char *p, size_t n, fa_buf *best)
{
    char run[256];
    size_t rl = 0;
    fa_buf_reset(best);
#define END_RUN()                                                                          \
    do {                                                                                   \
        if (rl > best->len) {                                                              \
            fa_buf_reset(best);                                                            \
            (void)fa_buf_append(best, run, rl);                                            \
        }                                                                                  \
        rl = 0;                                                                            \
    } while (0)
    size_t i = 0;
    while (i < n) {
        int lit = -1; /* the literal char of this atom, or -1 for a non-literal atom */
        char c = p[i];
        if (c == '\\' && i + 1 < n) {
            char e = p[i + 1];
            if (is_alnum((unsigned char)e)) {
                i += 2;
                if ((e == 'p' || e == 'P' || e == 'x' || e == 'g' || e == 'k') && i < n &&
                    p[i] == '{')
                    while (i < n && p[i - 1] != '}')
                        i++;
            } else {
                lit = e;
                i += 2;
            }
        } else if (c == '[') {
            i = skip_class(p, i, n);
        } else if (c == '(') {
            i = skip_group(p, i, n);
        } else if (c == '.' || c == '^' || c == '$') {
            i++;
        } else {
            lit = (unsigned char)c >= 'A' && (unsigned char)c <= 'Z' ? c - 'A' + 'a' : c;
            i++;
        }
        size_t after;
        int q = quantifier(p, i, n, &after);
        i = after;
        if (lit < 0) {
            END_RUN();
            continue;
        }
        if (q == 1) { /* optional char: not required */
            END_RUN();
            continue;
        }
        if (rl < sizeof run)
            run[rl++] = (char)lit;
        if (q == 2)
            END_RUN();
    }
    END_RUN();
#undef END_RUN
}

fa_status fa_regex_literals(const char *pattern, fa_strvec *out)
{
    size_t n = strlen(pattern);
    /* Extended mode and \Q..\E change what characters mean: do not guess. */
    if (strstr(pattern, "(?x") || strstr(pattern, "\\Q") || strstr(pattern, "(?i"))
        return FA_OK;
    fa_strvec lits = {0};
    fa_buf best = {0};
    fa_status st = FA_OK;
    size_t start = 0;
    bool ok = true;
    for (size_t i = 0; i <= n && ok; i++) {
        if (i < n && pattern[i] == '\\') {
            i++;
            continue;
        }
        if (i < n && pattern[i] == '[') {
            i = skip_class(pattern, i, n) - 1;
            continue;
        }
        if (i < n && pattern[i] == '(') {
            i = skip_group(pattern, i, n) - 1;
            continue;
        }
        if (i == n || pattern[i] == '|') {
            branch_literal(pattern + start, i - start, &best);
            if (best.len < 3)
                ok = false;
            else if ((st = fa_strvec_push_n(&lits, best.data, best.len)) != FA_OK)
                ok = false;
            start = i + 1;
        }
    }
    if (ok)
        for (size_t k = 0; k < lits.n && st == FA_OK; k++)
            st = fa_strvec_push(out, lits.v[k]);
    fa_strvec_free(&lits);
    fa_buf_free(&best);
    return st;
}

/* ---------------------------------------------------------------- prefilter */

void fa_bigrams_fill(fa_bigrams *bg, const char *text, size_t n)
{
    memset(bg->bits, 0, sizeof bg->bits);
    const unsigned char *s = (const unsigned char *)text;
    for (size_t i = 0; i + 1 < n; i++) {
        unsigned k = (unsigned)s[i] << 8 | s[i + 1];
        bg->bits[k >> 3] |= (uint8_t)(1u << (k & 7));
    }
}

static bool has_pair(const fa_bigrams *bg, const char *p)
{
    unsigned k = (unsigned)(unsigned char)p[0] << 8 | (unsigned char)p[1];
    return bg->bits[k >> 3] & (1u << (k & 7));
}

bool fa_literal_in(const fa_bigrams *bg, const char *lit, size_t len, const char *text,
                   size_t n)
{
    if (len > n)
        return false;
    if (len >= 2 && (!has_pair(bg, lit) || !has_pair(bg, lit + len - 2)))
        return false;
    /* memmem is a GNU extension; a first-byte memchr scan is as fast on labels. */
    const char *p = text, *end = text + n - len + 1;
    while (p < end && (p = memchr(p, lit[0], (size_t)(end - p))) != NULL) {
        if (!memcmp(p, lit, len))
            return true;
        p++;
    }
    return false;
}
