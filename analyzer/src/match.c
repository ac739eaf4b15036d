/* match.c — regex helpers of the rule engine (see match.h): word patterns tolerant of
 * French inflection, PCRE2 compilation with adaptive JIT, and the literal prefilter. */
#include "match.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

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
        return st ? st
                  : fa_buf_puts(
                        b,
                        "(?:rs?|ses?|rices?)(?:\\((?:eu)?se\\)|\\((?:t)?rice\\)|\\.se|\\.rice)?s?");
    }
    st = put_escaped(b, t, n);
    if (st)
        return st;
    /* final consonant doubled before the feminine e: ancienne, sexuelle, muette */
    char last = t[n - 1];
    if (last == 'n' || last == 'l' || last == 't')
        return fa_buf_printf(b, "(?:\\(%c?e\\)|[.-]%c?e|%c?e)?(?:\\(s\\)|[.-]s|s)?", last, last,
                             last);
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
    pcre2_code *re =
        pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &code, &off, NULL);
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

bool fa_regex_init(fa_regex *re, const char *pattern, char *msg, size_t msglen)
{
    pcre2_code *c = compile(pattern, msg, msglen);
    atomic_init(&re->code, c);
    atomic_init(&re->jit, NULL);
    atomic_init(&re->work, 0);
    re->word = NULL;
    re->plain = false;
    return c != NULL;
}

void fa_regex_init_word(fa_regex *re, const char *word)
{
    atomic_init(&re->code, NULL);
    atomic_init(&re->jit, NULL);
    atomic_init(&re->work, 0);
    re->word = word;
    re->plain = false;
}

bool fa_regex_is_plain(const char *pattern)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)pattern; *p; p++, n++)
        if (*p < 0x20 || *p > 0x7E || strchr("\\^$.|?*+()[]{}", *p))
            return false;
    return n > 0 && n <= FA_WORD_LAZY_MAX;
}

void fa_regex_init_code(fa_regex *re, pcre2_code *code)
{
    atomic_init(&re->code, code);
    atomic_init(&re->jit, NULL);
    atomic_init(&re->work, 0);
    re->word = NULL;
    re->plain = false;
}

void fa_regex_init_lazy(fa_regex *re, const char *pattern)
{
    fa_regex_init_word(re, pattern);
    re->plain = true;
}

void fa_regex_init_plain(fa_regex *re, const char *pattern)
{
    fa_regex_init_word(re, pattern);
    re->plain = true;
}

void fa_regex_free(fa_regex *re)
{
    if (!re)
        return;
    pcre2_code_free(atomic_load_explicit(&re->jit, memory_order_relaxed));
    pcre2_code_free(atomic_load_explicit(&re->code, memory_order_relaxed));
    atomic_store_explicit(&re->code, NULL, memory_order_relaxed);
    atomic_store_explicit(&re->jit, NULL, memory_order_relaxed);
    re->word = NULL;
}

/* The interpreter code of RE, compiling a word's pattern now; NULL if that fails. */
static pcre2_code *code_of(fa_regex *re)
{
    pcre2_code *c = atomic_load_explicit(&re->code, memory_order_acquire);
    if (c || !re->word)
        return c;
    char msg[8], *p = re->plain ? NULL : fa_word_pattern(re->word);
    const char *src = re->plain ? re->word : p;
    pcre2_code *mine = src ? compile(src, msg, sizeof msg) : NULL, *none = NULL;
    free(p);
    if (!mine)
        return NULL;
    if (atomic_compare_exchange_strong_explicit(&re->code, &none, mine, memory_order_acq_rel,
                                                memory_order_acquire))
        return mine;
    pcre2_code_free(mine); /* another thread was first: NONE now holds its code */
    return none;
}

/* JIT-compile a copy of CODE and publish it in RE. The copy leaves the code that other
 * threads may be interpreting untouched. When JIT is unavailable (platform, memory) the
 * regex simply stays interpreted: only the caller that crossed the threshold gets here. */
static pcre2_code *jit_now(fa_regex *re, const pcre2_code *code)
{
    pcre2_code *c = pcre2_code_copy(code);
    if (c && pcre2_jit_compile(c, PCRE2_JIT_COMPLETE) == 0) {
        atomic_store_explicit(&re->jit, c, memory_order_release);
        return c;
    }
    pcre2_code_free(c);
    return NULL;
}

int fa_regex_match(fa_regex *re, const char *s, size_t n, size_t from, pcre2_match_data *md,
                   pcre2_match_context *mctx, size_t jit_after)
{
    return fa_regex_match_opt(re, s, n, from, 0, md, mctx, jit_after);
}

pcre2_code *fa_regex_compile_only(const char *pattern, char *msg, size_t msglen)
{
    return compile(pattern, msg, msglen);
}

int fa_regex_match_opt(fa_regex *re, const char *s, size_t n, size_t from, uint32_t options,
                       pcre2_match_data *md, pcre2_match_context *mctx, size_t jit_after)
{
    pcre2_code *jit = atomic_load_explicit(&re->jit, memory_order_acquire);
    if (jit)
        return pcre2_match(jit, (PCRE2_SPTR)s, n, from, options, md, mctx);
    pcre2_code *code = code_of(re);
    if (!code)
        return PCRE2_ERROR_NOMEMORY;
    if (jit_after != SIZE_MAX) {
        size_t w = FA_JIT_CALL_BYTES + (n > from ? n - from : 0);
        size_t before = atomic_fetch_add_explicit(&re->work, w, memory_order_relaxed);
        if (before <= jit_after && before + w > jit_after && (jit = jit_now(re, code)))
            code = jit;
    }
    return pcre2_match(code, (PCRE2_SPTR)s, n, from, options, md, mctx);
}

/* ---------------------------------------------------------------- literals */

/* Sets of literals are kept small (a group of 64 alternatives is as good as no filter)
 * and the nesting bounded (user packs are not trusted). */
enum { LIT_MIN = 3, LIT_MAX_SET = 64, LIT_MAX_DEPTH = 32 };

typedef struct lit_parse {
    const char *p;
    size_t n;
    bool bail; /* something the analysis does not understand: prove nothing */
    fa_status st;
} lit_parse;

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

/* Index after the first CLOSE at or after P[i], or N. */
static size_t skip_to(const char *p, size_t i, size_t n, char close)
{
    const char *c = i < n ? memchr(p + i, close, n - i) : NULL;
    return c ? (size_t)(c - p) + 1 : n;
}

static bool is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static bool is_hex(int c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* A {n}, {n,}, {n,m} or {,m} quantifier at P[i] == '{': returns the index after its
 * '}' and sets *AT_LEAST_ONE when n >= 1; returns 0 when the brace starts no quantifier
 * (PCRE2 then reads it as a literal). {,m} counts as {0,m}, as newer PCRE2 reads it. */
static size_t brace_quantifier(const char *p, size_t i, size_t n, bool *at_least_one)
{
    size_t j = i + 1, d = j;
    *at_least_one = false;
    while (j < n && is_digit((unsigned char)p[j])) {
        if (p[j] != '0')
            *at_least_one = true;
        j++;
    }
    bool has_min = j > d;
    if (j < n && p[j] == ',') {
        d = ++j;
        while (j < n && is_digit((unsigned char)p[j]))
            j++;
        if (!has_min && j == d)
            return 0;
    } else if (!has_min) {
        return 0;
    }
    return j < n && p[j] == '}' ? j + 1 : 0;
}

/* Quantifier at P[i]: 0 none, 1 optional (? * {0,), 2 required (+ {n>=1}). Sets *after. */
static int quantifier(const char *p, size_t i, size_t n, size_t *after)
{
    *after = i;
    if (i >= n)
        return 0;
    int kind;
    bool one;
    size_t e;
    if (p[i] == '?' || p[i] == '*') {
        kind = 1;
        i++;
    } else if (p[i] == '+') {
        kind = 2;
        i++;
    } else if (p[i] == '{' && (e = brace_quantifier(p, i, n, &one)) != 0) {
        kind = one ? 2 : 1;
        i = e;
    } else {
        return 0;
    }
    if (i < n && (p[i] == '?' || p[i] == '+'))
        i++; /* lazy or possessive */
    *after = i;
    return kind;
}

/* End of an escape P[i] == '\\' followed by a letter or digit: such an escape stands for
 * no fixed character here (class, assertion, back reference, code point, property). */
static size_t escape_end(const char *p, size_t i, size_t n)
{
    char e = p[i + 1];
    size_t j = i + 2;
    if (e == 'c')
        return j < n ? j + 1 : n;
    if (is_digit((unsigned char)e)) { /* back reference or octal */
        while (j < n && is_digit((unsigned char)p[j]))
            j++;
        return j;
    }
    if (!strchr("xopPNgk", e))
        return j;
    if (j < n && p[j] == '{')
        return skip_to(p, j + 1, n, '}');
    if ((e == 'g' || e == 'k') && j < n && (p[j] == '<' || p[j] == '\''))
        return skip_to(p, j + 1, n, p[j] == '<' ? '>' : '\'');
    if (e == 'x')
        for (int k = 0; k < 2 && j < n && is_hex((unsigned char)p[j]); k++)
            j++;
    else if ((e == 'p' || e == 'P') && j < n)
        j++;
    else if (e == 'g') {
        if (j < n && (p[j] == '+' || p[j] == '-'))
            j++;
        while (j < n && is_digit((unsigned char)p[j]))
            j++;
    }
    return j;
}

/* Bytes of the UTF-8 character starting at P[i] (1 for ASCII or a stray byte). */
static size_t utf8_len(const char *p, size_t i, size_t n)
{
    unsigned char b = (unsigned char)p[i];
    size_t k = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
    return i + k <= n ? k : n - i;
}

static size_t set_min(const fa_strvec *v)
{
    size_t m = 0;
    for (size_t i = 0; i < v->n; i++) {
        size_t l = strlen(v->v[i]);
        if (i == 0 || l < m)
            m = l;
    }
    return m;
}

/* Is A a better filter than B? Longer shortest member first, then fewer members. */
static bool set_better(const fa_strvec *a, const fa_strvec *b)
{
    if (!a->n)
        return false;
    if (!b->n)
        return true;
    size_t ma = set_min(a), mb = set_min(b);
    return ma > mb || (ma == mb && a->n < b->n);
}

/* Move SRC into DST when better; SRC is emptied either way. */
static void set_offer(fa_strvec *dst, fa_strvec *src)
{
    if (set_better(src, dst)) {
        fa_strvec_free(dst);
        *dst = *src;
    } else {
        fa_strvec_free(src);
    }
    memset(src, 0, sizeof *src);
}

static void set_offer_run(lit_parse *lp, fa_strvec *best, const char *run, size_t rl)
{
    if (!rl)
        return;
    fa_strvec one = {0};
    if (fa_strvec_push_n(&one, run, rl) != FA_OK) {
        lp->st = FA_ERR_NOMEM;
        lp->bail = true;
    }
    set_offer(best, &one);
}

static size_t parse_alts(lit_parse *lp, size_t i, int depth, fa_strvec *out, bool *ok);

/* The group at P[i] == '('. A group whose content must match (plain, non-capturing,
 * named, atomic, branch reset) sets *OK and the union of its branches' sets in SET;
 * lookarounds, comments, conditions, recursion and option settings are skipped, the
 * last two setting *GONE: PCRE2 drops them, so a quantifier after them applies to the
 * atom before. Returns the index after the group. */
static size_t parse_group(lit_parse *lp, size_t i, int depth, fa_strvec *set, bool *ok, bool *gone)
{
    const char *p = lp->p;
    size_t n = lp->n, j = i + 1;
    *ok = *gone = false;
    if (depth >= LIT_MAX_DEPTH || (j < n && p[j] == '*')) { /* (*ACCEPT) ends a match anywhere */
        lp->bail = true;
        return n;
    }
    if (j < n && p[j] == '?') {
        char c = ++j < n ? p[j] : 0;
        if (c == ':' || c == '>' || c == '|') {
            j++;
        } else if ((c == '<' && j + 1 < n && p[j + 1] != '=' && p[j + 1] != '!') ||
                   (c == 'P' && j + 1 < n && p[j + 1] == '<')) {
            j = skip_to(p, j, n, '>');
        } else if (c == '\'') {
            j = skip_to(p, j + 1, n, '\'');
        } else if (c == '#') {
            *gone = true;
            return skip_to(p, j, n, ')');
        } else if (c && strchr("imnsxJU-^", c)) {
            size_t k = j;
            while (k < n && strchr("imnsxJU-^", p[k]) && p[k])
                k++;
            if (memchr(p + j, 'i', k - j) || memchr(p + j, 'x', k - j)) {
                lp->bail = true; /* caseless or extended: characters change meaning */
                return n;
            }
            if (k < n && p[k] == ')') {
                *gone = true;
                return k + 1;
            }
            if (k >= n || p[k] != ':')
                return skip_group(p, i, n);
            j = k + 1;
        } else {
            return skip_group(p, i, n);
        }
    }
    size_t e = parse_alts(lp, j, depth + 1, set, ok);
    return e < n ? e + 1 : n;
}

/* The best literal set of the sequence at P[i], up to '|', ')' or the end: each run of
 * required characters is a set of one, each required group the union of its branches'
 * sets. Returns the index where it stopped. */
static size_t parse_seq(lit_parse *lp, size_t i, int depth, fa_strvec *best)
{
    const char *p = lp->p;
    size_t n = lp->n;
    char run[256];
    size_t rl = 0;
    bool full = false;
    while (i < n && !lp->bail && p[i] != '|' && p[i] != ')') {
        char lit[4];
        size_t ll = 0; /* bytes of this atom's literal character; 0 for any other atom */
        fa_strvec grp = {0};
        bool grp_ok = false, gone = false;
        unsigned char c = (unsigned char)p[i];
        if (c == '\\' && i + 1 < n) {
            if (is_alnum((unsigned char)p[i + 1])) {
                i = escape_end(p, i, n);
            } else {
                ll = utf8_len(p, i + 1, n);
                memcpy(lit, p + i + 1, ll);
                i += 1 + ll;
            }
        } else if (c == '[') {
            i = skip_class(p, i, n);
        } else if (c == '(') {
            i = parse_group(lp, i, depth, &grp, &grp_ok, &gone);
        } else if (c == '.' || c == '^' || c == '$' || c == '{') {
            i++;
        } else {
            ll = utf8_len(p, i, n);
            memcpy(lit, p + i, ll);
            i += ll;
        }
        size_t after;
        int q = quantifier(p, i, n, &after);
        i = after;
        if (gone && q) {
            lp->bail = true; /* "ab(?#c)*": the star makes the b optional */
            break;
        }
        if (!ll || q == 1) { /* not a required character: the run ends */
            set_offer_run(lp, best, run, rl);
            rl = 0;
            full = false;
            if (grp_ok && q != 1)
                set_offer(best, &grp);
            fa_strvec_free(&grp);
            continue;
        }
        if (rl + ll <= sizeof run && !full) {
            memcpy(run + rl, lit, ll);
            rl += ll;
        } else {
            full = true; /* keep the run a prefix of what the text must hold */
        }
        if (q == 2) { /* repeated: the next atom does not follow it directly */
            set_offer_run(lp, best, run, rl);
            rl = 0;
            full = false;
        }
    }
    set_offer_run(lp, best, run, rl);
    return i;
}

/* Branches from P[i] to the ')' closing the group (or the end): *OK when every branch
 * has a set; OUT gets their union. Returns the index of the ')' or N. */
static size_t parse_alts(lit_parse *lp, size_t i, int depth, fa_strvec *out, bool *ok)
{
    const char *p = lp->p;
    size_t n = lp->n;
    *ok = true;
    for (;;) {
        fa_strvec best = {0};
        i = parse_seq(lp, i, depth, &best);
        if (!best.n || lp->bail)
            *ok = false;
        for (size_t k = 0; *ok && k < best.n; k++) {
            bool dup = false;
            for (size_t m = 0; m < out->n && !dup; m++)
                dup = !strcmp(out->v[m], best.v[k]);
            if (dup)
                continue;
            if (out->n >= LIT_MAX_SET)
                *ok = false;
            else if (fa_strvec_push(out, best.v[k]) != FA_OK) {
                lp->st = FA_ERR_NOMEM;
                lp->bail = true;
                *ok = false;
            }
        }
        fa_strvec_free(&best);
        if (lp->bail || i >= n || p[i] != '|')
            break;
        i++;
    }
    if (!*ok)
        fa_strvec_free(out);
    return lp->bail ? n : i;
}

fa_status fa_regex_literals(const char *pattern, fa_strvec *out)
{
    /* Extended and caseless modes and \Q..\E change what characters mean (a lone \E is
     * dropped, so "a\E?" makes the a optional), and a verb such as (*ACCEPT) can end a
     * match early: do not guess. */
    if (strstr(pattern, "(?x") || strstr(pattern, "\\Q") || strstr(pattern, "\\E") ||
        strstr(pattern, "(?i") || strstr(pattern, "(*"))
        return FA_OK;
    lit_parse lp = {pattern, strlen(pattern), false, FA_OK};
    fa_strvec set = {0};
    bool ok;
    size_t end = parse_alts(&lp, 0, 0, &set, &ok);
    fa_status st = lp.st;
    if (st == FA_OK && ok && !lp.bail && end == lp.n && set_min(&set) >= LIT_MIN)
        for (size_t k = 0; k < set.n && st == FA_OK; k++)
            st = fa_strvec_push(out, set.v[k]);
    fa_strvec_free(&set);
    return st;
}

/* ---------------------------------------------------------------- prefilter */

/* An Aho-Corasick automaton over byte classes. The trie and its failure links are built
 * at once (linear in the total length of the literals); the transitions of the complete
 * automaton are filled in as texts need them, so a rule set of 10,000 literals costs
 * only the states that real text reaches. Filling in is the one write after building:
 * each entry only ever receives the same value, through relaxed atomics, so threads
 * may share the set. */

#define NO_STATE UINT32_MAX

struct fa_litset {
    uint8_t cls[256]; /* byte -> class; 0 for the bytes in no literal */
    size_t n_cls;
    size_t n_states; /* state 0 is the root; states are numbered in trie order */
    uint32_t *first; /* trie edges of state s: [first[s], first[s + 1]) by class */
    uint8_t *edge_cls;
    uint32_t *edge_to;
    uint32_t *fail;          /* longest proper suffix that is a state */
    uint32_t *out;           /* literal ending at the state, or NO_STATE */
    uint32_t *hit;           /* first state on the suffix chain (itself included) that ends a
                                literal, 0 for none (the root never ends one) */
    uint32_t *more;          /* for a state ending a literal: the next one on its chain, or 0 */
    _Atomic uint32_t *delta; /* [s * n_cls + c]: 1 + the next state once known, else 0 */
    void *delta_mem;         /* the memory of delta: mapped (delta_size bytes) or calloc'd (0) */
    size_t delta_size;
};

void fa_litset_free(fa_litset *ls)
{
    if (!ls)
        return;
    free(ls->first);
    free(ls->edge_cls);
    free(ls->edge_to);
    free(ls->fail);
    free(ls->out);
    free(ls->hit);
    free(ls->more);
    if (ls->delta_size)
        munmap(ls->delta_mem, ls->delta_size);
    else
        free(ls->delta_mem);
    free(ls);
}

/* The transition table, zeroed: mapped directly when large, so that only the rows that
 * texts reach are ever touched (calloc may have to clear reused heap memory: the CLI
 * keeps freed memory in the heap, see cli_main.c). */
static bool alloc_delta(fa_litset *ls, size_t entries)
{
    size_t size = entries * sizeof *ls->delta;
    if (size >= ((size_t)1 << 20)) {
        void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p != MAP_FAILED) {
            ls->delta = ls->delta_mem = p;
            ls->delta_size = size;
            return true;
        }
    }
    ls->delta = ls->delta_mem = calloc(entries, sizeof *ls->delta);
    return ls->delta_mem != NULL;
}

/* Trie child of S by class C, or NO_STATE. */
static uint32_t child(const fa_litset *ls, uint32_t s, unsigned c)
{
    uint32_t lo = ls->first[s], hi = ls->first[s + 1];
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (ls->edge_cls[mid] < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < ls->first[s + 1] && ls->edge_cls[lo] == c ? ls->edge_to[lo] : NO_STATE;
}

typedef struct lit_ref {
    const char *s;
    size_t i;
} lit_ref;

static int cmp_lit(const void *a, const void *b)
{
    return strcmp(((const lit_ref *)a)->s, ((const lit_ref *)b)->s);
}

fa_litset *fa_litset_build(char *const *lits, size_t n)
{
    fa_litset *ls = calloc(1, sizeof *ls);
    lit_ref *order = malloc((n + 1) * sizeof *order);
    uint32_t *parent = NULL, *queue = NULL;
    uint8_t *pcls = NULL;
    if (!ls || !order)
        goto oom;
    size_t total = 1;
    bool used[256] = {false};
    for (size_t i = 0; i < n; i++) {
        order[i] = (lit_ref){lits[i], i};
        for (const unsigned char *s = (const unsigned char *)lits[i]; *s; s++, total++)
            used[*s] = true;
    }
    ls->n_cls = 1;
    for (int b = 0; b < 256; b++)
        if (used[b])
            ls->cls[b] = (uint8_t)ls->n_cls++;
    size_t k = ls->n_cls;
    if (total >= UINT32_MAX / k)
        goto oom;
    /* the trie, from the literals in byte order: classes keep that order, so each
     * state's children come out sorted and states are numbered depth first */
    qsort(order, n, sizeof *order, cmp_lit);
    parent = malloc(total * sizeof *parent);
    pcls = malloc(total);
    ls->out = malloc(total * sizeof *ls->out);
    uint32_t *path = malloc(total * sizeof *path); /* states along the previous literal */
    if (!parent || !pcls || !ls->out || !path) {
        free(path);
        goto oom;
    }
    ls->out[0] = NO_STATE;
    ls->n_states = 1;
    const char *prev = "";
    path[0] = 0;
    for (size_t i = 0; i < n; i++) {
        const char *l = order[i].s;
        size_t common = 0;
        while (l[common] && l[common] == prev[common])
            common++;
        for (size_t d = common; l[d]; d++) {
            uint32_t t = (uint32_t)ls->n_states++;
            parent[t] = path[d];
            pcls[t] = ls->cls[(unsigned char)l[d]];
            ls->out[t] = NO_STATE;
            path[d + 1] = t;
        }
        ls->out[path[strlen(l)]] = (uint32_t)order[i].i; /* literals are distinct */
        prev = l;
    }
    free(path);
    size_t ns = ls->n_states;
    ls->first = calloc(ns + 1, sizeof *ls->first);
    ls->edge_cls = malloc(ns);
    ls->edge_to = malloc(ns * sizeof *ls->edge_to);
    ls->fail = calloc(ns, sizeof *ls->fail);
    ls->hit = calloc(ns, sizeof *ls->hit);
    ls->more = calloc(ns, sizeof *ls->more);
    queue = malloc(ns * sizeof *queue);
    if (!ls->first || !ls->edge_cls || !ls->edge_to || !ls->fail || !ls->hit || !ls->more ||
        !queue || !alloc_delta(ls, ns * k))
        goto oom;
    for (size_t t = 1; t < ns; t++)
        ls->first[parent[t] + 1]++;
    for (size_t s = 1; s <= ns; s++)
        ls->first[s] += ls->first[s - 1];
    /* the edges, with a cursor per state (the queue before its time) */
    for (size_t s = 0; s < ns; s++)
        queue[s] = ls->first[s];
    for (size_t t = 1; t < ns; t++) {
        uint32_t e = queue[parent[t]]++;
        ls->edge_cls[e] = pcls[t];
        ls->edge_to[e] = (uint32_t)t;
    }
    /* breadth first: failure links and the chains of literals ending at each state */
    size_t head = 0, tail = 0;
    queue[tail++] = 0;
    while (head < tail) {
        uint32_t s = queue[head++];
        for (uint32_t e = ls->first[s]; e < ls->first[s + 1]; e++) {
            uint32_t t = ls->edge_to[e], f = 0;
            if (s) {
                uint32_t g = ls->fail[s], c;
                while ((c = child(ls, g, ls->edge_cls[e])) == NO_STATE && g)
                    g = ls->fail[g];
                f = c == NO_STATE ? 0 : c;
            }
            ls->fail[t] = f;
            ls->more[t] = ls->out[f] != NO_STATE ? f : ls->hit[f];
            ls->hit[t] = ls->out[t] != NO_STATE ? t : ls->more[t];
            queue[tail++] = t;
        }
    }
    free(parent);
    free(pcls);
    free(queue);
    free(order);
    return ls;
oom:
    free(parent);
    free(pcls);
    free(queue);
    free(order);
    fa_litset_free(ls);
    return NULL;
}

/* The transition of S on class C, computed from the trie and the failure links the
 * first time it is taken. */
static uint32_t step(const fa_litset *ls, uint32_t s, unsigned c)
{
    uint32_t t = 0;
    if (c) { /* class 0 is in no literal: back to the root */
        for (uint32_t f = s;; f = ls->fail[f]) {
            uint32_t e =
                atomic_load_explicit(&ls->delta[(size_t)f * ls->n_cls + c], memory_order_relaxed);
            if (e) {
                t = e - 1;
                break;
            }
            if ((t = child(ls, f, c)) != NO_STATE)
                break;
            if (!f) {
                t = 0;
                break;
            }
        }
    }
    atomic_store_explicit(&ls->delta[(size_t)s * ls->n_cls + c], t + 1, memory_order_relaxed);
    return t;
}

size_t fa_litset_find(const fa_litset *ls, const char *text, size_t n, uint32_t *seen, uint32_t gen,
                      size_t *found)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t k = ls->n_cls, nf = 0;
    uint32_t st = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned c = ls->cls[s[i]];
        uint32_t e = atomic_load_explicit(&ls->delta[(size_t)st * k + c], memory_order_relaxed);
        st = e ? e - 1 : step(ls, st, c);
        for (uint32_t t = ls->hit[st]; t; t = ls->more[t]) {
            uint32_t li = ls->out[t];
            if (seen[li] != gen) {
                seen[li] = gen;
                found[nf++] = li;
            }
        }
    }
    return nf;
}
