/* test_jsonw.c — the JSON writer (jsonw.c) against the jansson whose output it must
 * reproduce: every text fa_jw_* print must be byte-identical to json_dumps(v,
 * JSON_INDENT(n) or JSON_COMPACT, JSON_PRESERVE_ORDER) of the same value — on
 * hand-built edge cases (escapes, control characters, NUL, empty containers, extreme
 * integers), a few thousand seeded random trees, and the document object of every form
 * of tests/data and corpora/ (report_json.c), read back by jansson and printed again;
 * the document read back by fa_result_from_json prints the same bytes (round trip, as
 * `formaudit merge` relies on). Also: the buffer cap, appending, the depth limit, and
 * the UTF-8 check. */
#include "jsonw.h"
#include "fa_limits.h"
#include "formaudit_report.h"
#include "result.h"

#include "fixtures.h"
#include <check.h>
#include <dirent.h>
#include <jansson.h>
#include <sys/stat.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Print V through the writer, as a report would: the test's own tree walk. Object keys
 * are plain ASCII (the writer's keys are literals of the tool). */
static void walk(fa_jw *w, const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        fa_jw_open(w, '{');
        const char *k;
        json_t *c;
        void *it;
        json_object_foreach_safe((json_t *)(uintptr_t)v, it, k, c)
        {
            fa_jw_key_lit(w, k, strlen(k));
            walk(w, c);
        }
        fa_jw_close(w, '}');
        break;
    }
    case JSON_ARRAY: {
        fa_jw_open(w, '[');
        size_t i;
        json_t *c;
        json_array_foreach(v, i, c)
        {
            fa_jw_item(w);
            walk(w, c);
        }
        fa_jw_close(w, ']');
        break;
    }
    case JSON_STRING:
        fa_jw_str(w, json_string_value(v), json_string_length(v));
        break;
    case JSON_INTEGER:
        fa_jw_int(w, (long long)json_integer_value(v));
        break;
    case JSON_TRUE:
        fa_jw_lit(w, "true", 4);
        break;
    case JSON_FALSE:
        fa_jw_lit(w, "false", 5);
        break;
    default:
        fa_jw_lit(w, "null", 4);
    }
}

static void same_bytes(const char *what, const char *ref, size_t n, const fa_buf *b)
{
    size_t i = 0;
    while (i < n && i < b->len && ref[i] == b->data[i])
        i++;
    if (i != n || b->len != n) {
        size_t from = i > 40 ? i - 40 : 0;
        ck_abort_msg("%s: differs at byte %zu of %zu/%zu:\njansson: %.80s\nfa:      %.80s", what, i,
                     n, b->len, ref + from, b->data ? b->data + from : "");
    }
}

/* The writer and json_dumps on V with INDENT (0 = compact). */
static void same(const json_t *v, int indent, const char *what)
{
    size_t flags =
        (indent ? JSON_INDENT(indent) : JSON_COMPACT) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY;
    char *ref = json_dumps(v, flags);
    ck_assert_msg(ref != NULL, "%s: json_dumps failed", what);
    fa_buf b = {0};
    fa_jw w;
    fa_jw_begin(&w, &b, indent, 0);
    walk(&w, v);
    fa_status st = fa_jw_end(&w);
    ck_assert_msg(st == FA_OK, "%s: writer: %s", what, fa_strerror(st));
    same_bytes(what, ref, strlen(ref), &b);
    ck_assert_uint_eq(strlen(b.data), b.len); /* NUL-terminated, no NUL inside */
    free(ref);
    fa_buf_free(&b);
}

static void same_all(const json_t *v, const char *what)
{
    same(v, 0, what);
    same(v, 2, what);
}

/* ---------------------------------------------------------------- hand-built cases */

START_TEST(test_scalars)
{
    static const long long ints[] = {
        0,         1,         -1,           42, -42, 1000000000000000000LL, -1000000000000000000LL,
        INT64_MAX, INT64_MIN, INT64_MIN + 1};
    for (size_t i = 0; i < sizeof ints / sizeof *ints; i++) {
        json_t *a = json_pack("[I]", (json_int_t)ints[i]);
        same_all(a, "integer");
        json_decref(a);
    }
    json_t *lits = json_pack("[b,b,n]", 1, 0);
    same_all(lits, "literals");
    json_decref(lits);
}
END_TEST

START_TEST(test_strings)
{
    static const struct {
        const char *s;
        size_t n;
    } cases[] = {
        {"", 0},
        {"a", 1},
        {"plain ascii text longer than eight bytes", 40},
        {"\"", 1},
        {"\\", 1},
        {"/", 1},
        {"a/b\\c\"d", 7},
        {"\b\f\n\r\t", 5},
        {"\x01\x02\x1f\x7f", 4},
        {"\x0b\x0e\x10\x1b", 4},
        {"nul\0inside", 10},
        {"\0", 1},
        {"\0\0\0\0\0\0\0\0\0", 9},
        {"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xc2\xa0\xc2\xab\xc2\xbb", 22},
        {"0123456\"89abcdef\\", 17},
        {"01234567\n", 9},
        {"\n01234567", 9},
        {"ends with eight!\x1f", 17},
        {"\xef\xbf\xbf\xf4\x8f\xbf\xbf", 7}, /* U+FFFF, U+10FFFF */
        {"\xe2\x80\xa8\xe2\x80\xa9", 6},     /* U+2028, U+2029: not escaped by jansson */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        json_t *v = json_stringn(cases[i].s, cases[i].n);
        ck_assert_msg(v != NULL, "case %zu", i);
        json_t *a = json_array(), *o = json_object();
        json_array_append(a, v);
        json_object_set(o, "k", v);
        same_all(a, "array of string");
        same_all(o, "object with a string");
        json_decref(v);
        json_decref(a);
        json_decref(o);
    }
    /* Every byte value that can stand alone, each in the middle of a long run. */
    char buf[64];
    for (int c = 0; c < 0x80; c++) {
        memset(buf, 'x', sizeof buf);
        buf[c % 17 + 20] = (char)c;
        json_t *a = json_pack("[s%]", buf, sizeof buf);
        same_all(a, "byte");
        json_decref(a);
    }
}
END_TEST

START_TEST(test_containers)
{
    json_t *v = json_loads("{\"empty_array\": [], \"empty_object\": {}, \"nested_empty\": "
                           "[[], {}, [[]], {\"k\": {}}], \"mixed\": [1, \"x\", true, "
                           "null, {\"a\": [false]}]}",
                           JSON_DECODE_ANY, NULL);
    ck_assert_ptr_nonnull(v);
    same_all(v, "containers");
    for (int indent = 1; indent <= 31; indent += 5)
        same(v, indent, "containers, other indents");
    json_decref(v);
}
END_TEST

START_TEST(test_buffer)
{
    /* Appending keeps what was there; a cap refuses and leaves OUT as it was. */
    fa_buf b = {0};
    ck_assert_int_eq(fa_buf_puts(&b, "head:"), FA_OK);
    fa_jw w;
    fa_jw_begin(&w, &b, 0, 0);
    fa_jw_open(&w, '[');
    fa_jw_item(&w);
    fa_jw_int(&w, 7);
    fa_jw_close(&w, ']');
    ck_assert_int_eq(fa_jw_end(&w), FA_OK);
    ck_assert_str_eq(b.data, "head:[7]");
    b.cap = b.len + 3;
    fa_jw_begin(&w, &b, 0, 0);
    fa_jw_open(&w, '[');
    fa_jw_item(&w);
    fa_jw_str(&w, "too long for the cap", 20);
    fa_jw_close(&w, ']');
    ck_assert_int_eq(fa_jw_end(&w), FA_ERR_LIMIT);
    ck_assert_str_eq(b.data, "head:[7]");
    /* unbalanced calls are refused */
    b.cap = 0;
    fa_jw_begin(&w, &b, 2, 0);
    fa_jw_open(&w, '{');
    ck_assert_int_eq(fa_jw_end(&w), FA_ERR_USAGE);
    ck_assert_str_eq(b.data, "head:[7]");
    fa_buf_free(&b);
}
END_TEST

START_TEST(test_depth)
{
    /* Nesting at FA_JW_MAX_OPEN containers is refused, one level less is printed. */
    fa_buf b = {0};
    fa_jw w;
    fa_jw_begin(&w, &b, 0, 0);
    for (int i = 0; i < FA_JW_MAX_OPEN; i++) {
        if (i)
            fa_jw_item(&w);
        fa_jw_open(&w, '[');
    }
    for (int i = 0; i < FA_JW_MAX_OPEN; i++)
        fa_jw_close(&w, ']');
    ck_assert_int_eq(fa_jw_end(&w), FA_OK);
    ck_assert_uint_eq(b.len, 2 * (size_t)FA_JW_MAX_OPEN);
    fa_buf_reset(&b);
    fa_jw_begin(&w, &b, 0, 0);
    for (int i = 0; i <= FA_JW_MAX_OPEN; i++) {
        if (i)
            fa_jw_item(&w);
        fa_jw_open(&w, '[');
    }
    ck_assert_int_eq(fa_jw_end(&w), FA_ERR_LIMIT);
    ck_assert_uint_eq(b.len, 0);
    fa_buf_free(&b);
}
END_TEST

/* ---------------------------------------------------------------- random trees */

static uint64_t rng_state;

static uint64_t rnd(void)
{
    uint64_t x = rng_state; /* xorshift64* */
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    rng_state = x;
    return x * 0x2545F4914F6CDD1DULL;
}

static unsigned rndn(unsigned n)
{
    return (unsigned)(rnd() % n);
}

static size_t put_utf8(char *p, uint32_t cp)
{
    if (cp < 0x80) {
        p[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        p[0] = (char)(0xC0 | cp >> 6);
        p[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        p[0] = (char)(0xE0 | cp >> 12);
        p[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        p[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    p[0] = (char)(0xF0 | cp >> 18);
    p[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    p[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    p[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Random valid UTF-8 of up to MAX code points, weighted towards what needs care. */
static size_t rnd_text(char *buf, size_t max)
{
    size_t n = rndn(8) == 0 ? rndn((unsigned)max + 1) : rndn(24), len = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t cp;
        switch (rndn(16)) {
        case 0:
            cp = rndn(0x20); /* control, NUL included */
            break;
        case 1:
            cp = "\"\\/\x7f"[rndn(4)];
            break;
        case 2:
            cp = 0x80 + rndn(0x800 - 0x80);
            break;
        case 3:
            do
                cp = 0x800 + rndn(0x10000 - 0x800);
            while (cp >= 0xD800 && cp <= 0xDFFF);
            break;
        case 4:
            cp = 0x10000 + rndn(0x110000 - 0x10000);
            break;
        default:
            cp = 0x20 + rndn(0x5F);
        }
        len += put_utf8(buf + len, cp);
    }
    return len;
}

static json_t *rnd_tree(int depth)
{
    static char text[4 * 300];
    unsigned kind = depth <= 0 ? 2 + rndn(5) : rndn(7);
    switch (kind) {
    case 0: {
        json_t *a = json_array();
        for (unsigned i = rndn(6); i; i--)
            json_array_append_new(a, rnd_tree(depth - 1 - (int)rndn(2)));
        return a;
    }
    case 1: {
        static const char *const keys[] = {"path", "k", "missing_items", "a_b", "x1"};
        json_t *o = json_object();
        for (unsigned i = rndn(6); i; i--)
            json_object_set_new(o, keys[rndn(5)], rnd_tree(depth - 1 - (int)rndn(2)));
        return o;
    }
    case 2:
    case 3: {
        size_t n = rnd_text(text, 300);
        json_t *s = json_stringn(text, n);
        ck_assert_ptr_nonnull(s);
        return s;
    }
    case 4:
        return json_integer(rndn(2) ? (json_int_t)rnd() : (json_int_t)rndn(2000) - 1000);
    case 5:
        return json_boolean(rndn(2));
    default:
        return json_null();
    }
}

START_TEST(test_random)
{
    rng_state = 0x9E3779B97F4A7C15ULL;
    char what[64];
    for (int i = 0; i < 3000; i++) {
        json_t *v = rndn(3) ? json_array() : json_object();
        for (unsigned k = 1 + rndn(4); k; k--) {
            json_t *c = rnd_tree((int)rndn(6));
            if (json_is_array(v))
                json_array_append_new(v, c);
            else
                json_object_set_new(v, k % 2 ? "k" : "key", c);
        }
        snprintf(what, sizeof what, "random tree %d", i);
        same_all(v, what);
        if (i % 100 == 0)
            same(v, 1 + (int)rndn(31), what);
        json_decref(v);
    }
}
END_TEST

/* ---------------------------------------------------------------- document objects */

/* The JSON text of V as json_dumps prints it, every line after the first indented by
 * 2 x DEPTH more spaces (the document inside the envelope). */
static char *reindented(const json_t *v, unsigned depth)
{
    char *s = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    ck_assert_ptr_nonnull(s);
    fa_buf b = {0};
    for (const char *p = s; *p; p++) {
        fa_buf_putc(&b, *p);
        if (*p == '\n')
            for (unsigned i = 0; i < 2 * depth; i++)
                fa_buf_putc(&b, ' ');
    }
    free(s);
    return fa_buf_steal(&b);
}

/* The document object of RES: what jansson prints for it, in every shape, and what the
 * reader gives back. */
static void check_doc(const fa_result *res, const char *what)
{
    fa_buf mine = {0};
    ck_assert_int_eq(fa_report_json_at(res, 2, 0, &mine), FA_OK);
    json_error_t je;
    json_t *v = json_loadb(mine.data, mine.len, JSON_REJECT_DUPLICATES, &je);
    ck_assert_msg(v != NULL, "%s: not JSON: %s", what, je.text);
    char *ref = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    same_bytes(what, ref, strlen(ref), &mine);
    free(ref);
    fa_buf b = {0};
    ck_assert_int_eq(fa_report_json_at(res, 0, 0, &b), FA_OK); /* JSON Lines */
    ref = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER);
    same_bytes(what, ref, strlen(ref), &b);
    free(ref);
    fa_buf_reset(&b);
    ck_assert_int_eq(fa_report_json_at(res, 2, 2, &b), FA_OK); /* inside the envelope */
    ref = reindented(v, 2);
    same_bytes(what, ref, strlen(ref), &b);
    free(ref);
    fa_result *back = NULL;
    fa_error err = {0};
    ck_assert_msg(fa_result_from_json(mine.data, mine.len, &back, &err) == FA_OK, "%s: %s", what,
                  err.message);
    fa_buf_reset(&b);
    ck_assert_int_eq(fa_report_json_at(back, 2, 0, &b), FA_OK);
    same_bytes(what, mine.data, mine.len, &b); /* read back, written again: the same */
    fa_result_free(back);
    json_decref(v);
    fa_buf_free(&b);
    fa_buf_free(&mine);
}

static int check_dir(const char *dir, const fa_rules *rules)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat sb;
        if (stat(path, &sb) != 0)
            continue;
        if (S_ISDIR(sb.st_mode)) {
            n += check_dir(path, rules);
            continue;
        }
        if (!strstr(e->d_name, ".docx") && !strstr(e->d_name, ".odt") &&
            !strstr(e->d_name, ".pdf") && !strstr(e->d_name, ".html") && !strstr(e->d_name, ".txt"))
            continue;
        fa_audit_opts opts = {.lang = n % 2 ? "en" : "fr"};
        fa_result *res = fa_audit_path(path, rules, &opts);
        ck_assert_ptr_nonnull(res);
        check_doc(res, path);
        fa_result_free(res);
        n++;
    }
    closedir(d);
    return n;
}

START_TEST(test_documents)
{
    fa_error err = {0};
    fa_rules *rules = fa_rules_new();
    ck_assert_msg(fa_rules_add_default(rules, &err) == FA_OK, "%s", err.message);
    ck_assert_msg(fa_rules_compile(rules, &err) == FA_OK, "%s", err.message);
    int n = check_dir(FA_TEST_DATA, rules);
    ck_assert_int_ge(n, 100);
    ck_assert_int_ge(check_dir(FA_TEST_DATA "/../../corpora", rules), 5);
    fa_rules_free(rules);
}
END_TEST

/* Results full of what a document can hold: identifiers, markup, control characters,
 * long text, every category, an error. Sealed as the audit seals them. */
START_TEST(test_edge_results)
{
    static const char *const texts[] = {
        "",
        "plain",
        "NIR 2 84 05 75 416 516 49 and IBAN FR76 3000 6000 0112 3456 7890 189",
        "<script>alert(1)</script> \"quoted\" back\\slash",
        "tab\there\nnewline\x01control",
        "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
        "\xff\xfe not UTF-8",
    };
    size_t nt = sizeof texts / sizeof *texts;
    for (size_t r = 0; r < 40; r++) {
        char name[32];
        snprintf(name, sizeof name, "forms/edge-%zu.docx", r);
        fa_result *res = fa_result_new(r % 5 == 4 ? texts[6] : name); /* 6: not UTF-8 */
        ck_assert_ptr_nonnull(res);
        res->format = (fa_format)(r % FA_FMT_COUNT);
        if (r % 7 == 6) {
            res->status = FA_ERR_CORRUPT;
            res->error = strdup(texts[(r + 2) % nt]);
        } else {
            res->rules_version = strdup(r % 2 ? "fr-core 1.0" : ""); /* a tool string */
            res->meta.title = r % 2 ? strdup(texts[(r + 1) % nt]) : NULL;
            fa_strvec_push(&res->warnings, texts[(r + 4) % nt]);
            for (size_t k = 0; k < r % 5; k++) {
                fa_field *f = fa_result_add_field(res);
                f->label = strdup(texts[(r + k) % nt]);
                f->section = k % 2 ? strdup(texts[k % nt]) : NULL;
                f->value = k % 3 ? strdup(texts[(k + 2) % nt]) : NULL;
                f->categories = (fa_catset)(r * 2654435761u) & ((1u << FA_CAT_COUNT) - 1);
                fa_strvec_push(&f->options, texts[(k + 1) % nt]);
                f->loc.page = (int)k;
                f->loc.part = k % 2 ? "word/document.xml" : NULL;
                fa_finding *g = fa_result_add_finding(res);
                g->rule = strdup("fr.test.rule");
                g->category = strdup(k % 2 ? "health" : "notice.incomplete");
                g->severity = (fa_severity)(k % FA_SEV_COUNT);
                g->field = k % 2 ? (int)k : -1;
                g->quote = strdup(texts[(r + k + 1) % nt]);
                g->message = strdup(texts[k % nt]);
                fa_strvec_push(&g->legal_basis, "RGPD art. 9");
                g->note = k % 2 ? strdup(texts[(k + 3) % nt]) : NULL;
            }
            res->notice.present = r % 2;
            res->notice.items = (unsigned)r;
            res->notice.text = r % 3 ? strdup(texts[r % nt]) : NULL;
            fa_strvec_push(&res->notice.recipients, texts[(r + 5) % nt]);
        }
        ck_assert_int_eq(fa_result_seal(res), FA_OK);
        char what[32];
        snprintf(what, sizeof what, "edge result %zu", r);
        if (!fa_json_utf8_valid(res->path, strlen(res->path))) {
            /* a path that is not UTF-8 is left out: the document cannot be read back */
            fa_buf b = {0};
            ck_assert_int_eq(fa_report_json_at(res, 2, 0, &b), FA_OK);
            ck_assert_ptr_null(strstr(b.data, "\"path\""));
            fa_buf_free(&b);
        } else {
            check_doc(res, what);
        }
        fa_buf b = {0};
        ck_assert_int_eq(fa_report_json_at(res, 2, 0, &b), FA_OK);
        ck_assert_ptr_null(strstr(b.data, "75 416 516 49"));
        ck_assert_ptr_null(strstr(b.data, "0112 3456 7890"));
        fa_buf_free(&b);
        fa_result_free(res);
    }
}
END_TEST

/* The UTF-8 check is jansson's: json_stringn accepts exactly what it accepts. */
START_TEST(test_utf8_check)
{
    unsigned char s[4];
    unsigned seed = 7;
    for (int i = 0; i < 200000; i++) {
        size_t n = 1 + (size_t)(i % 4);
        for (size_t k = 0; k < n; k++) {
            seed = seed * 1103515245u + 12345u;
            unsigned v = (seed >> 16) & 0xFF;
            s[k] = (unsigned char)(k && (seed & 0x100) ? 0x80 | (v & 0x3F) : v);
        }
        json_t *v = json_stringn((const char *)s, n);
        if ((v != NULL) != fa_json_utf8_valid((const char *)s, n))
            ck_abort_msg("%02x %02x %02x %02x (%zu)", s[0], s[1], s[2], s[3], n);
        json_decref(v);
    }
}
END_TEST

static Suite *jsonw_suite(void)
{
    Suite *s = suite_create("jsonw");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_scalars);
    tcase_add_test(tc, test_strings);
    tcase_add_test(tc, test_containers);
    tcase_add_test(tc, test_buffer);
    tcase_add_test(tc, test_depth);
    tcase_add_test(tc, test_random);
    tcase_add_test(tc, test_documents);
    tcase_add_test(tc, test_edge_results);
    tcase_add_test(tc, test_utf8_check);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return fx_run_suite(jsonw_suite());
}
