/* langpack.c — language data of the rule packs (see langpack.h): stop-words and language
 * detection, negation cues, shapes of text that is not data. The lists themselves are
 * in the packs (the JSON files of rules/), each saying where it comes from. */
#include "langpack.h"

#include "fold.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct lang_words {
    char *lang;
    fa_strvec words; /* folded, sorted once loading is over (sorted flag) */
    bool sorted;
} lang_words;

struct fa_langdata {
    lang_words langs[FA_LANG_MAX];
    int n_langs;
    fa_strvec neg_src, notdata_src; /* regex sources, owned */
    fa_regex *neg, *notdata;        /* compiled, one per source */
    size_t neg_alloc, notdata_alloc;
};

fa_langdata *fa_langdata_new(void)
{
    return calloc(1, sizeof(fa_langdata));
}

void fa_langdata_free(fa_langdata *ld)
{
    if (!ld)
        return;
    for (int i = 0; i < ld->n_langs; i++) {
        free(ld->langs[i].lang);
        fa_strvec_free(&ld->langs[i].words);
    }
    for (size_t i = 0; i < ld->neg_src.n; i++)
        fa_regex_free(&ld->neg[i]);
    for (size_t i = 0; i < ld->notdata_src.n; i++)
        fa_regex_free(&ld->notdata[i]);
    free(ld->neg);
    free(ld->notdata);
    fa_strvec_free(&ld->neg_src);
    fa_strvec_free(&ld->notdata_src);
    free(ld);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static lang_words *lang_slot(fa_langdata *ld, const char *lang)
{
    for (int i = 0; i < ld->n_langs; i++)
        if (!strcmp(ld->langs[i].lang, lang))
            return &ld->langs[i];
    if (ld->n_langs == FA_LANG_MAX)
        return NULL;
    lang_words *w = &ld->langs[ld->n_langs];
    memset(w, 0, sizeof *w);
    if (!(w->lang = strdup(lang)))
        return NULL;
    ld->n_langs++;
    return w;
}

/* Append the regexes of list KEY to SRC/CODES, compiling each now so that a bad one is
 * reported while its pack loads. */
static fa_status add_regexes(json_t *root, const char *key, fa_strvec *src, fa_regex **codes,
                             size_t *alloc, char *msg, size_t msglen)
{
    json_t *a = json_object_get(root, key);
    if (!a)
        return FA_OK;
    if (!json_is_array(a)) {
        snprintf(msg, msglen, "\"%s\" must be a list of regexes", key);
        return FA_ERR_RULES;
    }
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v)
    {
        const char *p = json_string_value(v);
        if (!p || !*p) {
            snprintf(msg, msglen, "\"%s\"[%zu] must be a non-empty string", key, i);
            return FA_ERR_RULES;
        }
        for (const unsigned char *c = (const unsigned char *)p; *c; c++)
            if (*c >= 0x80) {
                snprintf(msg, msglen, "\"%s\"[%zu]: write it folded (no accents)", key, i);
                return FA_ERR_RULES;
            }
        if (src->n == *alloc) {
            size_t na = *alloc ? *alloc * 2 : 16;
            fa_regex *r = realloc(*codes, na * sizeof *r);
            if (!r)
                return FA_ERR_NOMEM;
            *codes = r;
            *alloc = na;
        }
        char err[300];
        if (!fa_regex_init(&(*codes)[src->n], p, err, sizeof err)) {
            snprintf(msg, msglen, "\"%s\"[%zu]: invalid regex %s", key, i, err);
            return FA_ERR_RULES;
        }
        if (fa_strvec_push(src, p) != FA_OK) {
            fa_regex_free(&(*codes)[src->n]);
            return FA_ERR_NOMEM;
        }
    }
    return FA_OK;
}

fa_status fa_langdata_add(fa_langdata *ld, const char *lang, void *root_v, char *msg, size_t msglen)
{
    json_t *root = root_v;
    json_t *sw = json_object_get(root, "stopwords");
    if (sw) {
        if (!lang) {
            snprintf(msg, msglen, "\"stopwords\" need the pack's \"lang\"");
            return FA_ERR_RULES;
        }
        if (!json_is_array(sw)) {
            snprintf(msg, msglen, "\"stopwords\" must be a list of words");
            return FA_ERR_RULES;
        }
        lang_words *w = lang_slot(ld, lang);
        if (!w) {
            snprintf(msg, msglen, "more than %d languages with stop-words", FA_LANG_MAX);
            return FA_ERR_RULES;
        }
        size_t i;
        json_t *v;
        json_array_foreach(sw, i, v)
        {
            const char *s = json_string_value(v);
            if (!s || !*s) {
                snprintf(msg, msglen, "\"stopwords\"[%zu] must be a non-empty string", i);
                return FA_ERR_RULES;
            }
            char *f = fa_fold_simple(s);
            fa_status st = f ? fa_strvec_push(&w->words, f) : FA_ERR_NOMEM;
            free(f);
            if (st)
                return st;
        }
        qsort(w->words.v, w->words.n, sizeof *w->words.v, cmp_str);
        w->sorted = true;
    }
    fa_status st = add_regexes(root, "negations", &ld->neg_src, &ld->neg, &ld->neg_alloc, msg,
                               msglen);
    if (st == FA_OK)
        st = add_regexes(root, "not_data", &ld->notdata_src, &ld->notdata, &ld->notdata_alloc,
                         msg, msglen);
    return st;
}

int fa_langdata_index(const fa_langdata *ld, const char *lang)
{
    for (int i = 0; ld && lang && i < ld->n_langs; i++)
        if (!strcmp(ld->langs[i].lang, lang))
            return i;
    return -1;
}

int fa_langdata_count(const fa_langdata *ld)
{
    return ld ? ld->n_langs : 0;
}

static bool has_word(const lang_words *w, const char *word)
{
    return bsearch(&word, w->words.v, w->words.n, sizeof *w->words.v, cmp_str) != NULL;
}

void fa_langdata_count_words(const fa_langdata *ld, const char *s, size_t n, unsigned *counts)
{
    if (!ld || !ld->n_langs)
        return;
    char word[32];
    size_t i = 0;
    while (i < n) {
        while (i < n && !(s[i] >= 'a' && s[i] <= 'z'))
            i++;
        size_t j = i;
        while (j < n && s[j] >= 'a' && s[j] <= 'z')
            j++;
        size_t k = j - i;
        if (k && k < sizeof word) {
            memcpy(word, s + i, k);
            word[k] = 0;
            int hit = -1, hits = 0;
            for (int l = 0; l < ld->n_langs; l++)
                if (has_word(&ld->langs[l], word)) {
                    hit = l;
                    hits++;
                }
            if (hits == 1)
                counts[hit]++;
        }
        i = j;
    }
}

int fa_langdata_pick(const fa_langdata *ld, const unsigned *counts, unsigned min)
{
    int best = -1;
    unsigned top = 0, second = 0;
    for (int l = 0; ld && l < ld->n_langs; l++) {
        if (counts[l] > top) {
            second = top;
            top = counts[l];
            best = l;
        } else if (counts[l] > second) {
            second = counts[l];
        }
    }
    return best >= 0 && top >= min && top > second ? best : -1;
}

bool fa_langdata_negated(const fa_langdata *ld, const char *s, size_t n, size_t a, size_t b,
                         pcre2_match_data *md, pcre2_match_context *mctx, size_t jit_after)
{
    for (size_t k = 0; ld && k < ld->neg_src.n; k++) {
        size_t from = 0;
        while (from <= n && fa_regex_match(&ld->neg[k], s, n, from, md, mctx, jit_after) >= 0) {
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
            size_t ca = ov[0], cb = ov[1];
            if (ca < b && cb > a)
                return true;
            if (ca >= b)
                break;
            from = cb > ca ? cb : ca + 1;
        }
    }
    return false;
}

bool fa_langdata_not_data(const fa_langdata *ld, const char *s, size_t n, pcre2_match_data *md,
                          pcre2_match_context *mctx, size_t jit_after)
{
    for (size_t k = 0; ld && k < ld->notdata_src.n; k++)
        if (fa_regex_match(&ld->notdata[k], s, n, 0, md, mctx, jit_after) >= 0)
            return true;
    return false;
}
