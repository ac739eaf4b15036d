/* test_limits.c — limits of fa_limits.h that guard the CPU against small hostile files
 * (issue 18, defect 4): tokens libxml2 parses in superlinear time are refused before it
 * sees them (FA_MAX_XML_TOKEN, FA_MAX_XML_ATTRS), in XML parts fed piece by piece and in
 * HTML pages; and each case ends in well under a second. */
#include "fa_limits.h"
#include "fixtures.h"
#include "xmlread.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* N letters that deflate poorly (the zip ratio limit must not stop the case first). */
static char *noise(size_t n)
{
    char *s = malloc(n + 1);
    ck_assert_ptr_nonnull(s);
    unsigned x = 12345;
    for (size_t i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        s[i] = (char)('a' + (x >> 16) % 26);
    }
    s[n] = 0;
    return s;
}

/* Scan TEXT whole, then again one byte at a time: both must give WANT. */
static void guard_both_ways(const char *text, bool html, fa_status want, const char *msg_part)
{
    for (int pieces = 0; pieces < 2; pieces++) {
        fa_markup_guard g;
        fa_error err = {0};
        fa_markup_guard_init(&g, "part.xml", html);
        fa_status st = FA_OK;
        size_t n = strlen(text);
        if (pieces)
            for (size_t i = 0; i < n && st == FA_OK; i++)
                st = fa_markup_guard_scan(&g, text + i, 1, &err);
        else
            st = fa_markup_guard_scan(&g, text, n, &err);
        ck_assert_msg(st == want, "%s (%s): got %d, want %d: %s", html ? "html" : "xml",
                      pieces ? "bytewise" : "whole", st, want, err.message);
        if (msg_part)
            ck_assert_msg(strstr(err.message, msg_part), "%s", err.message);
    }
}

/* A tag with N attributes, in markup that tries to derail the lexer first. */
static char *tag_with(int n, bool html)
{
    fa_buf b = {0};
    fa_buf_puts(&b, "<r x='a>b' y=\"c'd\"><!-- <a b=\"c\"> -- -> --><?pi <a '> ?>");
    if (!html)
        fa_buf_puts(&b, "<![CDATA[ <a b='c'> ]] > ]]>");
    else
        fa_buf_puts(&b, "<script>if (a<b) { s = 'x' + \"<p a='1' b='2'>\"; }</script >"
                        "<style>p[a=\"'\"] {}</style>");
    fa_buf_puts(&b, "<e");
    for (int i = 0; i < n; i++)
        fa_buf_printf(&b, html && i % 2 ? " a%d" : " a%d=\"%d\"", i, i);
    fa_buf_puts(&b, "/>text</r>");
    return fa_buf_steal(&b);
}

START_TEST(guard_counts_attributes_across_pieces)
{
    for (int html = 0; html < 2; html++) {
        char *ok = tag_with(FA_MAX_XML_ATTRS, html);
        guard_both_ways(ok, html, FA_OK, NULL);
        free(ok);
        char *bad = tag_with(FA_MAX_XML_ATTRS + 1, html);
        guard_both_ways(bad, html, FA_ERR_LIMIT, "limit FA_MAX_XML_ATTRS");
        free(bad);
    }
}
END_TEST

/* PREFIX, N noise letters, SUFFIX. */
static char *wrap(const char *prefix, size_t n, const char *suffix)
{
    char *mid = noise(n);
    fa_buf b = {.cap = n + 1024};
    fa_buf_printf(&b, "%s%s%s", prefix, mid, suffix);
    free(mid);
    return fa_buf_steal(&b);
}

START_TEST(guard_measures_each_kind_of_token)
{
    static const struct {
        const char *pre, *post, *what;
        bool html_limited; /* libxml2's HTML parser is slow on it too */
    } k[] = {
        {"<r><!--", "--></r>", "a comment", false},
        {"<r><?pi ", "?></r>", "a processing instruction", false},
        {"<r><![CDATA[", "]]></r>", "a CDATA section", false},
        {"<r a=\"", "\"/>", "an attribute value", false},
        {"<r", "/>", "an element's name or markup", true},
    };
    for (size_t i = 0; i < sizeof k / sizeof k[0]; i++) {
        char *fits = wrap(k[i].pre, FA_MAX_XML_TOKEN - 16, k[i].post);
        char *over = wrap(k[i].pre, FA_MAX_XML_TOKEN + 1, k[i].post);
        fa_markup_guard g;
        fa_error err = {0};
        fa_markup_guard_init(&g, "p.xml", false);
        ck_assert_int_eq(fa_markup_guard_scan(&g, fits, strlen(fits), &err), FA_OK);
        fa_markup_guard_init(&g, "p.xml", false);
        ck_assert_int_eq(fa_markup_guard_scan(&g, over, strlen(over), &err), FA_ERR_LIMIT);
        ck_assert_msg(strstr(err.message, k[i].what) && strstr(err.message, "FA_MAX_XML_TOKEN"),
                      "%s", err.message);
        if (i != 2) { /* no CDATA in HTML */
            fa_markup_guard_init(&g, "HTML", true);
            fa_status st = fa_markup_guard_scan(&g, over, strlen(over), &err);
            ck_assert_int_eq(st, k[i].html_limited ? FA_ERR_LIMIT : FA_OK);
        }
        free(fits);
        free(over);
    }
}
END_TEST

#define W_NS "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""
static const char *const CT =
    "<?xml version=\"1.0\"?><Types "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-"
    "officedocument.wordprocessingml.document.main+xml\"/></Types>";

/* A DOCX whose body holds INNER between two questions; its status, within a second. */
static fa_status docx_with(const char *inner, fa_error *err)
{
    fa_buf b = {.cap = strlen(inner) + 4096};
    fa_buf_printf(&b,
                  "<?xml version=\"1.0\"?><w:document " W_NS "><w:body>"
                  "<w:p><w:r><w:t>Nom : ____</w:t></w:r></w:p>%s"
                  "<w:p><w:r><w:t>Religion : ____</w:t></w:r></w:p></w:body></w:document>",
                  inner);
    const char *pairs[] = {"[Content_Types].xml", CT, "word/document.xml", b.data, NULL};
    size_t size = 0;
    unsigned char *zip = fx_zip(&size, pairs);
    fa_buf_free(&b);
    ck_assert_ptr_nonnull(zip);
    double t0 = fx_now();
    fa_doc *d = NULL;
    fa_status st = fa_doc_open_mem("t.docx", zip, size, &d, err);
    double secs = fx_now() - t0;
    ck_assert_msg(secs < 2.0, "%.1f s", secs);
    fa_doc_free(d);
    free(zip);
    return st;
}

/* The cases, at a size past the limit (the 12-20 MB took 55-60 s). */
START_TEST(docx_with_huge_tokens_is_refused_quickly)
{
    static const char *const pre[] = {"<!--", "<w:p w:rsidR=\"", "<w:p><w:r><w:t><![CDATA[",
                                      "<?pi ", "<w:x"};
    static const char *const post[] = {"-->", "\"/>", "]]></w:t></w:r></w:p>", "?>", "/>"};
    for (size_t i = 0; i < sizeof pre / sizeof pre[0]; i++) {
        char *inner = wrap(pre[i], FA_MAX_XML_TOKEN + 4096, post[i]);
        fa_error err = {0};
        ck_assert_int_eq(docx_with(inner, &err), FA_ERR_LIMIT);
        ck_assert_msg(strstr(err.message, "word/document.xml: byte ") &&
                          strstr(err.message, "(limit FA_MAX_XML_TOKEN)"),
                      "%s", err.message);
        free(inner);
    }
    char *attrs = tag_with(FA_MAX_XML_ATTRS * 4, false);
    fa_error err = {0};
    ck_assert_int_eq(docx_with(attrs, &err), FA_ERR_LIMIT);
    ck_assert_msg(strstr(err.message, "(limit FA_MAX_XML_ATTRS)"), "%s", err.message);
    free(attrs);
    /* below the limit: read, both questions there */
    char *fits = wrap("<!--", FA_MAX_XML_TOKEN / 2, "-->");
    ck_assert_int_eq(docx_with(fits, &err), FA_OK);
    free(fits);
}
END_TEST

START_TEST(html_with_huge_names_or_attributes_is_refused_quickly)
{
    char *name = wrap("<html><body><p>Nom : <input name=n></p><x", FA_MAX_XML_TOKEN + 10,
                      "><p>Religion</p></body></html>");
    double t0 = fx_now();
    fa_doc *d = NULL;
    fa_error err = {0};
    ck_assert_int_eq(fa_doc_open_mem("t.html", name, strlen(name), &d, &err), FA_ERR_LIMIT);
    ck_assert_msg(strstr(err.message, "HTML: byte ") && strstr(err.message, "FA_MAX_XML_TOKEN"),
                  "%s", err.message);
    free(name);
    fa_buf b = {0};
    fa_buf_puts(&b, "<html><body><p");
    for (int i = 0; i < 100000; i++)
        fa_buf_printf(&b, " a%d=1", i);
    fa_buf_puts(&b, ">Nom : <input name=n></p></body></html>");
    ck_assert_int_eq(fa_doc_open_mem("t.html", b.data, b.len, &d, &err), FA_ERR_LIMIT);
    ck_assert_msg(strstr(err.message, "FA_MAX_XML_ATTRS"), "%s", err.message);
    fa_buf_free(&b);
    /* a saved page's image as a data: URI of megabytes is no attack: read */
    char *img = wrap("<html><body><p>Nom : <input name=n></p><img src=\"data:image/png;base64,",
                     FA_MAX_XML_TOKEN + 10, "\"></body></html>");
    ck_assert_int_eq(fa_doc_open_mem("t.html", img, strlen(img), &d, &err), FA_OK);
    fa_doc_free(d);
    free(img);
    ck_assert_msg(fx_now() - t0 < 5.0, "%.1f s", fx_now() - t0);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("limits");
    TCase *tc = tcase_create("guard");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, guard_counts_attributes_across_pieces);
    tcase_add_test(tc, guard_measures_each_kind_of_token);
    tcase_add_test(tc, docx_with_huge_tokens_is_refused_quickly);
    tcase_add_test(tc, html_with_huge_names_or_attributes_is_refused_quickly);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return fx_run_suite(suite());
}
