/* test_jsonw.c — fa_json_dump against the jansson it replaces: every output must be
 * byte-identical to json_dumps(v, JSON_INDENT(n) or JSON_COMPACT, JSON_PRESERVE_ORDER)
 * on hand-built edge cases (escapes, control characters, NUL, empty containers, reals,
 * extreme integers), a few thousand seeded random trees, and the real audit JSON of
 * every sample form in corpora/. Also: the buffer cap, appending, the depth limit.
 * fa_json_dump_at against json_dumps re-indented line by line; the streaming writer
 * (fa_result_write_json) against the tree it replaces (fa_result_to_json printed by
 * fa_json_dump_at) on every form of tests/data (tests/data/labeled included) and on
 * hand-built results full of invalid UTF-8 and identifiers.
 *
 * FA_JSONW_BENCH=FILE.json: also time json_dumps against fa_json_dump on that file
 * (e.g. the audit JSON of the bench form) and print both, CPU time per dump. */
#include "jsonw.h"
#include "fa_limits.h"
#include "result.h"

#include "fixtures.h"
#include <check.h>
#include <dirent.h>
#include <sys/stat.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Compare both serializers on V with INDENT (0 = compact); WHAT names V in failures. */
static void same(const json_t *v, int indent, const char *what)
{
    size_t flags =
        (indent ? JSON_INDENT(indent) : JSON_COMPACT) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY;
    char *ref = json_dumps(v, flags);
    ck_assert_msg(ref != NULL, "%s: json_dumps failed", what);
    fa_buf b = {0};
    fa_status st = fa_json_dump(v, indent, &b);
    ck_assert_msg(st == FA_OK, "%s: fa_json_dump: %s", what, fa_strerror(st));
    size_t n = strlen(ref), i = 0;
    while (i < n && i < b.len && ref[i] == b.data[i])
        i++;
    if (i != n || b.len != n) {
        size_t from = i > 40 ? i - 40 : 0;
        ck_abort_msg("%s (indent %d): differs at byte %zu of %zu/%zu:\n"
                     "jansson: %.80s\nfa:      %.80s",
                     what, indent, i, n, b.len, ref + from, b.data + from);
    }
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
    const json_int_t ints[] = {0,
                               1,
                               -1,
                               9,
                               10,
                               99,
                               100,
                               12345,
                               -987654321,
                               INT32_MAX,
                               INT32_MIN,
                               (json_int_t)INT32_MAX + 1,
                               INT64_MAX,
                               INT64_MIN,
                               INT64_MIN + 1,
                               1000000000000000000LL,
                               -1000000000000000000LL};
    for (size_t i = 0; i < sizeof ints / sizeof *ints; i++) {
        json_t *v = json_integer(ints[i]);
        same_all(v, "integer");
        json_decref(v);
    }
    const double reals[] = {0.0,
                            -0.0,
                            1.0,
                            -1.0,
                            0.5,
                            0.1,
                            1.0 / 3,
                            2.5e-7,
                            1e-5,
                            1e-4,
                            123456789.0,
                            1e15,
                            1e16,
                            1e17,
                            1e20,
                            1e21,
                            1e22,
                            1e100,
                            1e-100,
                            1e300,
                            -1e-300,
                            5e-324,
                            2.2250738585072014e-308,
                            1.7976931348623157e308,
                            9007199254740993.0,
                            3.14159,
                            12345678901234567890.0,
                            0.30000000000000004,
                            100.0,
                            1e-10};
    for (size_t i = 0; i < sizeof reals / sizeof *reals; i++) {
        json_t *v = json_real(reals[i]);
        ck_assert_ptr_nonnull(v);
        same_all(v, "real");
        json_decref(v);
    }
    json_t *lits[] = {json_true(), json_false(), json_null()};
    for (size_t i = 0; i < 3; i++)
        same_all(lits[i], "literal");
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
        json_t *o = json_object(), *a = json_array();
        json_object_setn_new(o, cases[i].s, cases[i].n, json_incref(v));
        json_array_append(a, v);
        same_all(v, "string");
        same_all(o, "key");
        same_all(a, "array of string");
        json_decref(v);
        json_decref(o);
        json_decref(a);
    }
    /* Every byte value that can stand alone, each in the middle of a long run. */
    char buf[64];
    for (int c = 0; c < 0x80; c++) {
        memset(buf, 'x', sizeof buf);
        buf[c % 17 + 20] = (char)c;
        json_t *v = json_stringn(buf, sizeof buf);
        same_all(v, "byte");
        json_decref(v);
    }
}
END_TEST

START_TEST(test_containers)
{
    json_t *v = json_loads("{\"empty_array\": [], \"empty_object\": {}, \"nested_empty\": "
                           "[[], {}, [[]], {\"k\": {}}], \"mixed\": [1, 2.5, \"x\", true, "
                           "false, null, -0.0, 1e300], \"deep\": {\"a\": {\"b\": {\"c\": "
                           "[{\"d\": []}]}}}}",
                           0, NULL);
    ck_assert_ptr_nonnull(v);
    same_all(v, "containers");
    for (int ind = 1; ind <= JSON_MAX_INDENT; ind++)
        same(v, ind, "containers, every indent");
    json_decref(v);

    json_t *e = json_array();
    same_all(e, "[]");
    json_decref(e);
    e = json_object();
    same_all(e, "{}");
    json_decref(e);

    /* Insertion order, with a key set twice and one deleted. */
    json_t *o = json_object();
    const char *keys[] = {"zeta", "alpha", "mu", "beta", "alpha", "omega"};
    for (size_t i = 0; i < 6; i++)
        json_object_set_new(o, keys[i], json_integer((json_int_t)i));
    json_object_del(o, "mu");
    json_object_set_new(o, "mu", json_string("again"));
    same_all(o, "key order");
    json_decref(o);

    /* Deep, past the old 32-space whitespace chunk of jansson's indent. */
    json_t *root = json_array(), *cur = root;
    for (int i = 0; i < 40; i++) {
        json_t *n = i % 2 ? json_array() : json_object();
        if (json_is_array(cur))
            json_array_append_new(cur, n);
        else
            json_object_set_new(cur, "k", n);
        cur = n;
    }
    json_array_append_new(root, json_string("tail"));
    same_all(root, "deep");
    same(root, 31, "deep, indent 31");
    json_decref(root);
}
END_TEST

START_TEST(test_buffer)
{
    json_t *v = json_pack("{s:[i, s]}", "k", 42, "a string that takes room");
    ck_assert_ptr_nonnull(v);
    char *ref = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

    /* Appends to what the buffer holds. */
    fa_buf b = {0};
    fa_buf_puts(&b, "prefix ");
    ck_assert_int_eq(fa_json_dump(v, 2, &b), FA_OK);
    ck_assert_str_eq(b.data + 7, ref);
    ck_assert_int_eq(strncmp(b.data, "prefix ", 7), 0);
    ck_assert_uint_eq(b.len, 7 + strlen(ref));

    /* Past the cap: FA_ERR_LIMIT, buffer as it was. */
    fa_buf c = {.cap = 7 + strlen(ref) - 1};
    fa_buf_puts(&c, "prefix ");
    ck_assert_int_eq(fa_json_dump(v, 2, &c), FA_ERR_LIMIT);
    ck_assert_str_eq(c.data, "prefix ");
    ck_assert_uint_eq(c.len, 7);
    c.cap = 7 + strlen(ref); /* exactly fits */
    ck_assert_int_eq(fa_json_dump(v, 2, &c), FA_OK);
    ck_assert_str_eq(c.data + 7, ref);

    /* Bad arguments. */
    ck_assert_int_eq(fa_json_dump(NULL, 2, &b), FA_ERR_USAGE);
    ck_assert_int_eq(fa_json_dump(v, -1, &b), FA_ERR_USAGE);
    ck_assert_int_eq(fa_json_dump(v, JSON_MAX_INDENT + 1, &b), FA_ERR_USAGE);

    free(ref);
    fa_buf_free(&b);
    fa_buf_free(&c);
    json_decref(v);
}
END_TEST

START_TEST(test_depth)
{
    /* Nesting past FA_MAX_JSON_DEPTH is refused, one level less is printed. */
    json_t *root = json_array(), *cur = root;
    for (int i = 1; i < FA_MAX_JSON_DEPTH; i++) {
        json_t *n = json_array();
        json_array_append_new(cur, n);
        cur = n;
    }
    fa_buf b = {0};
    ck_assert_int_eq(fa_json_dump(root, 0, &b), FA_OK);
    ck_assert_uint_eq(b.len, 2 * (size_t)FA_MAX_JSON_DEPTH);
    json_array_append_new(cur, json_array());
    fa_buf_reset(&b);
    ck_assert_int_eq(fa_json_dump(root, 0, &b), FA_ERR_LIMIT);
    ck_assert_uint_eq(b.len, 0);
    json_decref(root);

    /* A cycle (jansson's own dump refuses it too) ends at the depth limit. */
    json_t *x = json_array(), *y = json_array();
    json_array_append(x, y);
    json_array_append(y, x);
    ck_assert_ptr_null(json_dumps(x, JSON_COMPACT));
    ck_assert_int_eq(fa_json_dump(x, 2, &b), FA_ERR_LIMIT);
    json_array_clear(y);
    json_decref(y);
    json_decref(x);
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

static double rnd_real(void)
{
    switch (rndn(6)) {
    case 0:
        return (double)(int)rnd() / (double)(1u << rndn(20));
    case 1:
        return (double)(int64_t)rnd(); /* integral, often huge */
    case 2:
        return (double)rndn(1000);
    case 3: {
        double d = (double)(rnd() >> 11) / 9007199254740992.0;
        for (unsigned e = rndn(40); e; e--)
            d = rndn(2) ? d * 1e10 : d / 1e10;
        return rndn(2) ? -d : d;
    }
    default: {
        double d;
        do {
            uint64_t bits = rnd();
            memcpy(&d, &bits, sizeof d);
        } while (d != d || d - d != 0); /* finite only, as jansson requires */
        return d;
    }
    }
}

static json_t *rnd_tree(int depth)
{
    static char text[4 * 300];
    unsigned kind = depth <= 0 ? 2 + rndn(6) : rndn(8);
    switch (kind) {
    case 0: {
        json_t *a = json_array();
        for (unsigned i = rndn(6); i; i--)
            json_array_append_new(a, rnd_tree(depth - 1 - (int)rndn(2)));
        return a;
    }
    case 1: {
        json_t *o = json_object();
        for (unsigned i = rndn(6); i; i--) {
            json_t *c = rnd_tree(depth - 1 - (int)rndn(2)); /* before TEXT is reused */
            size_t n = rnd_text(text, 20);
            json_object_setn_new(o, text, n, c);
        }
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
        return json_real(rnd_real());
    case 6:
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
            same(v, 1 + (int)rndn(JSON_MAX_INDENT), what);
        json_decref(v);
    }
}
END_TEST

/* ---------------------------------------------------------------- real audit JSON */

START_TEST(test_corpora)
{
    fa_error err = {0};
    fa_rules *rules = fa_rules_new();
    ck_assert_msg(fa_rules_add_default(rules, &err) == FA_OK, "%s", err.message);
    ck_assert_msg(fa_rules_compile(rules, &err) == FA_OK, "%s", err.message);
    const char *dir = FA_TEST_DATA "/../../corpora";
    DIR *d = opendir(dir);
    ck_assert_msg(d != NULL, "%s", dir);
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        const char *dot = strrchr(de->d_name, '.');
        if (de->d_name[0] == '.' || !dot || !strcmp(dot, ".json") || !strcmp(dot, ".md"))
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        fa_doc *doc = NULL;
        fa_result *res = NULL;
        fa_audit_opts opts = {0};
        ck_assert_msg(fa_doc_open(path, &doc, &err) == FA_OK, "%s: %s", path, err.message);
        ck_assert_msg(fa_audit(doc, rules, &opts, &res, &err) == FA_OK, "%s: %s", path,
                      err.message);
        json_t *j = fa_result_to_json(res, doc, path);
        ck_assert_ptr_nonnull(j);
        same_all(j, de->d_name);
        json_decref(j);
        fa_result_free(res);
        fa_doc_free(doc);
        n++;
    }
    closedir(d);
    ck_assert_int_ge(n, 7);
    fa_rules_free(rules);

    /* The hand-written document objects of the report tests, and an unreadable file. */
    const char *samples[] = {"clean", "error", "social"};
    for (size_t i = 0; i < 3; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/reports/%s.json", FA_TEST_DATA, samples[i]);
        json_error_t je;
        json_t *j = json_load_file(path, JSON_PRESERVE_ORDER, &je);
        ck_assert_msg(j != NULL, "%s: %s", path, je.text);
        same_all(j, samples[i]);
        json_decref(j);
    }
    fa_error e = {.status = FA_ERR_CORRUPT};
    snprintf(e.message, sizeof e.message, "x.docx: damaged \"zip\"\n\ttab");
    json_t *j = fa_error_to_json("dir/x.docx", FA_FMT_DOCX, &e);
    same_all(j, "error object");
    json_decref(j);
}
END_TEST

/* ---------------------------------------------------------------- streamed document */

/* json_dumps(V, indent 2) with 2*DEPTH spaces after every newline: what the CLI's
 * envelope did to a document before fa_json_dump_at. */
static char *reindented(const json_t *v, unsigned depth)
{
    char *ref = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
    ck_assert_ptr_nonnull(ref);
    fa_buf b = {0};
    fa_status st = FA_OK; /* (no ck_assert per byte: check logs every one) */
    for (const char *p = ref; *p; p++) {
        st |= fa_buf_putc(&b, *p);
        for (unsigned k = 0; *p == '\n' && k < 2 * depth; k++)
            st |= fa_buf_putc(&b, ' ');
    }
    ck_assert_int_eq(st, FA_OK);
    free(ref);
    return fa_buf_steal(&b);
}

static void same_bytes(const char *what, const char *ref, size_t n, const fa_buf *b)
{
    size_t i = 0;
    while (i < n && i < b->len && ref[i] == b->data[i])
        i++;
    if (i != n || b->len != n) {
        size_t from = i > 40 ? i - 40 : 0;
        ck_abort_msg("%s: differs at byte %zu of %zu/%zu:\ntree:   %.80s\nstream: %.80s", what, i,
                     n, b->len, ref + from, b->data + from);
    }
}

/* The streamed bytes of RES against the tree's, at the indents and depths the CLI uses;
 * the light object against the tree with its fields and findings emptied. */
static void same_stream(const fa_result *res, const fa_doc *doc, const char *path, const char *what)
{
    json_t *t = fa_result_to_json(res, doc, path);
    ck_assert_ptr_nonnull(t);
    static const struct {
        int indent;
        unsigned depth;
    } at[] = {{2, 0}, {2, 2}, {0, 0}, {4, 1}};
    for (size_t i = 0; i < sizeof at / sizeof *at; i++) {
        fa_buf ref = {0}, b = {0};
        ck_assert_int_eq(fa_json_dump_at(t, at[i].indent, at[i].depth, &ref), FA_OK);
        ck_assert_int_eq(fa_buf_puts(&b, "prefix"), FA_OK); /* appends */
        fa_status st = fa_result_write_json(res, doc, path, at[i].indent, at[i].depth, &b);
        ck_assert_msg(st == FA_OK, "%s: %s", what, fa_strerror(st));
        ck_assert(!memcmp(b.data, "prefix", 6));
        fa_buf tail = {.data = b.data + 6, .len = b.len - 6};
        char w[1200];
        snprintf(w, sizeof w, "%s (indent %d, depth %u)", what, at[i].indent, at[i].depth);
        same_bytes(w, ref.data, ref.len, &tail);
        ck_assert_uint_eq(strlen(b.data), b.len);
        if (at[i].indent == 2) {
            char *old = reindented(t, at[i].depth);
            same_bytes(w, old, strlen(old), &ref);
            free(old);
        }
        fa_buf_free(&ref);
        fa_buf_free(&b);
    }
    json_t *light = fa_result_to_json_light(res, doc, path);
    ck_assert_ptr_nonnull(light);
    json_object_set_new(t, "fields", json_array());
    json_object_set_new(t, "findings", json_array());
    fa_buf a = {0}, b = {0};
    ck_assert_int_eq(fa_json_dump(t, 0, &a), FA_OK);
    ck_assert_int_eq(fa_json_dump(light, 0, &b), FA_OK);
    same_bytes(what, a.data, a.len, &b);
    fa_buf_free(&a);
    fa_buf_free(&b);
    json_decref(light);
    json_decref(t);
}

static int stream_dir(const char *dir, const fa_rules *rules)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        struct stat sb;
        if (stat(path, &sb) != 0)
            continue;
        if (S_ISDIR(sb.st_mode)) {
            n += stream_dir(path, rules);
            continue;
        }
        fa_doc *doc = NULL;
        fa_result *res = NULL;
        fa_error err = {0};
        if (fa_doc_open(path, &doc, &err) != FA_OK)
            continue; /* .json, .md... : not a form */
        fa_audit_opts opts = {.lang = n % 2 ? "en" : "fr"};
        if (fa_audit(doc, rules, &opts, &res, &err) == FA_OK) {
            same_stream(res, doc, n % 3 ? path : NULL, path);
            n++;
        }
        fa_result_free(res);
        fa_doc_free(doc);
    }
    closedir(d);
    return n;
}

START_TEST(test_stream_forms)
{
    fa_error err = {0};
    fa_rules *rules = fa_rules_new();
    ck_assert_msg(fa_rules_add_default(rules, &err) == FA_OK, "%s", err.message);
    ck_assert_msg(fa_rules_compile(rules, &err) == FA_OK, "%s", err.message);
    int n = stream_dir(FA_TEST_DATA, rules);
    ck_assert_int_ge(n, 20);
    stream_dir(FA_TEST_DATA "/../../corpora", rules);
    fa_rules_free(rules);
}
END_TEST

/* Every string of a result made invalid UTF-8, or an identifier, or both: where the
 * tree masks, turns to "" or drops a key, the stream must do the same. */
START_TEST(test_stream_edges)
{
    static const char *const texts[] = {
        "",
        "plain",
        "bad \xff byte",
        "overlong \xc0\xaf",
        "surrogate \xed\xa0\x80",
        "cut \xe2\x82",
        "IBAN FR76 3000 6000 0112 3456 7890 189",
        "NIR 1 84 12 76 451 089 46 and \xfe",
        "tel 06 12 34 56 78 \"quoted\"\n\ttab\x01",
        "caf\xc3\xa9 \xf0\x9f\x98\x80 \xf4\x90\x80\x80",
    };
    const size_t nt = sizeof texts / sizeof *texts;
    fa_doc *doc = NULL;
    fa_error err = {0};
    static const char form[] = "Nom : ____\n";
    ck_assert_int_eq(fa_doc_open_mem("m\xff.txt", form, sizeof form - 1, &doc, &err), FA_OK);
    for (size_t r = 0; r < nt; r++) {
        fa_result *res = calloc(1, sizeof *res);
        ck_assert_ptr_nonnull(res);
        res->rules_version = fa_strdup(texts[(r + 3) % nt]);
        res->lang = "fr";
        for (size_t i = 0; i < nt; i++) {
            const char *t = texts[(i + r) % nt], *u = texts[(i + 2 * r + 1) % nt];
            fa_field *f = fa_result_add_field(res);
            ck_assert_ptr_nonnull(f);
            f->label = i % 3 ? fa_strdup(t) : NULL;
            f->section = fa_strdup(u);
            f->value = i % 2 ? fa_strdup(u) : NULL;
            f->categories = (fa_catset)(i * 0x2345u) & ((1u << FA_CAT_COUNT) - 1);
            f->loc.part = i % 4 ? texts[(i + 5) % nt] : NULL;
            f->loc.page = (int)i * 700 - 3;
            fa_strvec_push(&f->options, t);
            fa_strvec_push(&f->options, u);
            fa_finding *g = fa_result_add_finding(res);
            ck_assert_ptr_nonnull(g);
            g->rule = i % 5 ? fa_strdup(u) : NULL;
            g->category = fa_strdup(i % 2 ? "health" : t);
            g->severity = (fa_severity)(i % 5);
            g->field = (int)i - 1;
            g->quote = fa_strdup(t);
            g->message = fa_strdup(u);
            g->recommendation = i % 3 ? fa_strdup(t) : NULL;
            g->pattern = i % 2 ? fa_strdup(u) : NULL;
            g->scope = i % 3 ? fa_strdup(t) : NULL;
            g->matched = i % 2 ? fa_strdup(t) : NULL;
            g->note = i % 4 ? fa_strdup(u) : NULL;
            g->loc = i % 2 ? f->loc : (fa_loc){.page = 1, .part = t};
            fa_strvec_push(&g->legal_basis, u);
            if (i % 2)
                fa_strvec_push(&g->legal_basis, t);
        }
        res->notice.present = r % 2;
        res->notice.items = (unsigned)r * 37;
        res->notice.declared = (fa_catset)r * 0x111u;
        res->notice.text = r % 3 ? fa_strdup(texts[r]) : NULL;
        res->notice.retention = fa_strdup(texts[(r + 1) % nt]);
        fa_strvec_push(&res->notice.recipients, texts[(r + 2) % nt]);
        same_stream(res, doc, r % 2 ? texts[r] : NULL, "hand-built result");
        fa_result_free(res);
    }
    fa_doc_free(doc);
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

/* ---------------------------------------------------------------- timing (opt-in) */

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

START_TEST(test_bench)
{
    const char *path = getenv("FA_JSONW_BENCH");
    if (!path || !*path)
        return;
    json_error_t je;
    json_t *j = json_load_file(path, JSON_PRESERVE_ORDER, &je);
    ck_assert_msg(j != NULL, "%s: %s", path, je.text);
    for (int indent = 2; indent >= 0; indent -= 2) {
        size_t flags = (indent ? JSON_INDENT(indent) : JSON_COMPACT) | JSON_PRESERVE_ORDER;
        const int runs = 20;
        size_t len = 0;
        double t0 = cpu_now();
        for (int r = 0; r < runs; r++) {
            char *s = json_dumps(j, flags);
            len = strlen(s);
            free(s);
        }
        double t1 = cpu_now();
        fa_buf b = {0};
        for (int r = 0; r < runs; r++) {
            fa_buf_free(&b); /* from an empty buffer each time, as a caller would */
            ck_assert_int_eq(fa_json_dump(j, indent, &b), FA_OK);
        }
        double t2 = cpu_now();
        ck_assert_uint_eq(b.len, len);
        printf("jsonw bench %s indent %d: %zu bytes, json_dumps %.2f ms, fa_json_dump "
               "%.2f ms (CPU per dump, %d runs)\n",
               path, indent, len, (t1 - t0) * 1e3 / runs, (t2 - t1) * 1e3 / runs, runs);
        same(j, indent, path);
        fa_buf_free(&b);
    }
    json_decref(j);
}
END_TEST

static Suite *jsonw_suite(void)
{
    Suite *s = suite_create("jsonw");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_scalars);
    tcase_add_test(tc, test_strings);
    tcase_add_test(tc, test_containers);
    tcase_add_test(tc, test_buffer);
    tcase_add_test(tc, test_depth);
    tcase_add_test(tc, test_random);
    tcase_add_test(tc, test_corpora);
    tcase_add_test(tc, test_stream_forms);
    tcase_add_test(tc, test_stream_edges);
    tcase_add_test(tc, test_utf8_check);
    tcase_add_test(tc, test_bench);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return fx_run_suite(jsonw_suite());
}
