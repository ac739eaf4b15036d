/* test_limits.c — limits of fa_limits.h that guard the CPU against small hostile files
 * (issue 18, defect 4): tokens libxml2 parses in superlinear time are refused before it
 * sees them (FA_MAX_XML_TOKEN, FA_MAX_XML_ATTRS), in XML parts fed piece by piece and in
 * HTML pages; PDF streams decoded past FA_MAX_PDF_STREAM / FA_MAX_PDF_INFLATE or chained
 * past FA_MAX_PDF_FILTERS are refused before poppler reads them; each case ends in a
 * few seconds at most. */
#include "audit_limits.h"
#include "fa_limits.h"
#include "fixtures.h"
#include "formaudit_report.h"
#include "pdfscan.h"
#include "result.h"
#include "rules.h"
#include "xmlread.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <zlib.h>

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

/* The issue's cases, at a size past the limit (the issue's 12-20 MB took 55-60 s). */
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

/* ---------------------------------------------------------------- PDF streams */

/* zlib of N bytes repeating UNIT (of UNIT_LEN), streamed: never N bytes in memory. */
static fa_buf deflate_repeat(const char *unit, size_t unit_len, size_t n)
{
    fa_buf out = {.cap = (size_t)1 << 30};
    z_stream z = {0};
    ck_assert_int_eq(deflateInit(&z, 9), Z_OK);
    enum { CH = 1 << 20 };
    unsigned char *in = malloc(CH), *buf = malloc(CH);
    for (size_t i = 0; i < CH; i++)
        in[i] = (unsigned char)unit[i % unit_len];
    for (size_t done = 0; done < n;) {
        size_t k = n - done < CH ? n - done : CH;
        z.next_in = in;
        z.avail_in = (uInt)k;
        done += k;
        int flush = done == n ? Z_FINISH : Z_NO_FLUSH;
        do {
            z.next_out = buf;
            z.avail_out = CH;
            deflate(&z, flush);
            fa_buf_append(&out, (char *)buf, CH - z.avail_out);
        } while (z.avail_out == 0 || (flush == Z_FINISH && z.avail_in));
    }
    deflateEnd(&z);
    free(in);
    free(buf);
    return out;
}

static fa_buf deflate_buf(const fa_buf *b)
{
    uLongf n = compressBound(b->len);
    fa_buf out = {.cap = (size_t)1 << 30};
    unsigned char *p = malloc(n);
    ck_assert_int_eq(compress2(p, &n, (const unsigned char *)b->data, b->len, 9), Z_OK);
    fa_buf_append(&out, (char *)p, n);
    free(p);
    return out;
}

/* A one-page PDF whose content stream is STREAM with dictionary entries DICT; COPIES
 * more objects carry the same stream (form XObjects), for the total limit. */
static fa_buf make_pdf(const fa_buf *stream, const char *dict, int copies)
{
    fa_buf pdf = {.cap = (size_t)1 << 30};
    fa_buf_puts(&pdf, "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                      "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
                      "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                      "/Contents 4 0 R >> endobj\n");
    for (int i = 0; i <= copies; i++) {
        fa_buf_printf(&pdf, "%d 0 obj << /Length %zu %s >>\nstream\n", 4 + i, stream->len, dict);
        fa_buf_append(&pdf, stream->data, stream->len);
        fa_buf_puts(&pdf, "\nendstream\nendobj\n");
    }
    fa_buf_puts(&pdf, "trailer << /Root 1 0 R >>\n%%EOF\n");
    return pdf;
}

/* The prescan's verdict on PDF, within SECS seconds. */
static fa_status prescan(const fa_buf *pdf, fa_error *err, double secs)
{
    double t0 = fx_now();
    fa_status st = fa_pdf_prescan(pdf->data, pdf->len, err);
    ck_assert_msg(fx_now() - t0 < secs, "prescan took %.1f s", fx_now() - t0);
    return st;
}

/* LZW (PDF flavour: 9-12 bit codes, early change) of N zero bytes, for a bomb. */
static fa_buf lzw_zeros(size_t n)
{
    fa_buf out = {.cap = (size_t)1 << 30};
    uint32_t acc = 0;
    int nacc = 0, width = 9, next = 258;
    /* runs of zeros: code 0 is one zero, code 258 + k is k + 2 zeros (each new entry
     * is the previous run plus one zero) */
#define PUT(code)                                                                                  \
    do {                                                                                           \
        acc = (acc << width) | (uint32_t)(code);                                                   \
        nacc += width;                                                                             \
        while (nacc >= 8) {                                                                        \
            fa_buf_putc(&out, (char)(acc >> (nacc - 8)));                                          \
            nacc -= 8;                                                                             \
        }                                                                                          \
    } while (0)
    PUT(256);
    size_t done = 0;
    size_t run = 1; /* zeros the next code stands for */
    int code = 0;
    while (done < n) {
        PUT(code);
        done += run;
        if (next < 4094) {
            code = next++; /* the entry just made: previous run + 1 zero */
            run = run + 1;
            /* the decoder's table is one entry behind (it adds one per code after
             * the first): it widens when its next + 1 reaches 2^width */
            if (next >= (1 << width) && width < 12)
                width++;
        } else {
            PUT(256);
            width = 9;
            next = 258;
            code = 0;
            run = 1;
        }
    }
    PUT(257);
    if (nacc)
        fa_buf_putc(&out, (char)(acc << (8 - nacc)));
#undef PUT
    return out;
}

START_TEST(pdf_decompression_bombs_are_refused_before_poppler)
{
    fa_error err = {0};
    /* the issue's case: deflated twice, spaces (the issue's 7 KB held gigabytes; a
     * quarter of one is enough here) */
    fa_buf one = deflate_repeat(" ", 1, (size_t)256 << 20);
    fa_buf two = deflate_buf(&one);
    fa_buf pdf = make_pdf(&two, "/Filter [/FlateDecode /FlateDecode]", 0);
    ck_assert_msg(pdf.len < 16384, "%zu bytes", pdf.len);
    ck_assert_int_eq(prescan(&pdf, &err, 3), FA_ERR_LIMIT);
    ck_assert_msg(strstr(err.message, "object 4: ") && strstr(err.message, "FA_MAX_PDF_STREAM"),
                  "%s", err.message);
    /* through the whole reader: refused as fast, naming the file's limit */
    fa_doc *d = NULL;
    double t0 = fx_now();
    ck_assert_int_eq(fa_doc_open_mem("bomb.pdf", pdf.data, pdf.len, &d, &err), FA_ERR_LIMIT);
    ck_assert_msg(fx_now() - t0 < 3, "%.1f s", fx_now() - t0);
    fa_buf_free(&pdf);
    /* /Filter by reference, names with #xx escapes, abbreviations: same verdict */
    static const char *const dicts[] = {"/Filter 9 0 R", "/Filter [/Fl#61teDecode /Fl]",
                                        "/Filter [ /FlateDecode\n/FlateDecode ] /DecodeParms "
                                        "[null << /Predictor 1 >>]"};
    for (size_t i = 0; i < sizeof dicts / sizeof dicts[0]; i++) {
        pdf = make_pdf(&two, dicts[i], 0);
        ck_assert_msg(prescan(&pdf, &err, 3) == FA_ERR_LIMIT, "%s", dicts[i]);
        fa_buf_free(&pdf);
    }
    /* in hex, then deflated twice */
    fa_buf hex = {.cap = (size_t)1 << 30};
    for (size_t i = 0; i < two.len; i++)
        fa_buf_printf(&hex, "%02x", (unsigned char)two.data[i]);
    fa_buf_putc(&hex, '>');
    pdf = make_pdf(&hex, "/Filter [/AHx /FlateDecode /FlateDecode]", 0);
    ck_assert_int_eq(prescan(&pdf, &err, 3), FA_ERR_LIMIT);
    fa_buf_free(&pdf);
    fa_buf_free(&hex);
    /* an image XObject is not decoded for text (by poppler either): not refused */
    pdf = make_pdf(&two,
                   "/Type /XObject /Subtype /Image /Width 1 /Height 1 /Filter "
                   "[/FlateDecode /FlateDecode]",
                   0);
    ck_assert_int_eq(prescan(&pdf, &err, 1), FA_OK);
    fa_buf_free(&pdf);
    /* more than FA_MAX_PDF_FILTERS filters */
    pdf = make_pdf(&two, "/Filter [/FlateDecode /FlateDecode /A85 /AHx /RL]", 0);
    ck_assert_int_eq(prescan(&pdf, &err, 1), FA_ERR_LIMIT);
    ck_assert_msg(strstr(err.message, "FA_MAX_PDF_FILTERS"), "%s", err.message);
    fa_buf_free(&pdf);
    fa_buf_free(&one);
    fa_buf_free(&two);
    /* LZW: a run of zeros, 100 MB from ~100 KB */
    fa_buf lz = lzw_zeros((size_t)100 << 20);
    pdf = make_pdf(&lz, "/Filter /LZWDecode", 0);
    ck_assert_int_eq(prescan(&pdf, &err, 3), FA_ERR_LIMIT);
    fa_buf_free(&pdf);
    fa_buf_free(&lz);
    lz = lzw_zeros((size_t)1 << 20); /* 1 MB: fine */
    pdf = make_pdf(&lz, "/Filter /LZWDecode", 0);
    ck_assert_int_eq(prescan(&pdf, &err, 1), FA_OK);
    fa_buf_free(&pdf);
    fa_buf_free(&lz);
}
END_TEST

START_TEST(pdf_streams_are_bounded_in_all)
{
    fa_error err = {0};
    /* each stream under FA_MAX_PDF_STREAM, all of them over FA_MAX_PDF_INFLATE */
    static const char unit[] = "0 0 m 10 10 l S q 1 0 0 1 5 5 cm Q BT /F1 9 Tf (x) Tj ET\n";
    size_t each = FA_MAX_PDF_STREAM - (1 << 20);
    fa_buf s = deflate_repeat(unit, sizeof unit - 1, each);
    int copies = (int)(FA_MAX_PDF_INFLATE / each);
    fa_buf pdf = make_pdf(&s, "/Filter /FlateDecode", copies - 1);
    ck_assert_int_eq(prescan(&pdf, &err, 10), FA_OK);
    fa_buf_free(&pdf);
    pdf = make_pdf(&s, "/Filter /FlateDecode", copies);
    ck_assert_int_eq(prescan(&pdf, &err, 10), FA_ERR_LIMIT);
    ck_assert_msg(strstr(err.message, "FA_MAX_PDF_INFLATE"), "%s", err.message);
    fa_buf_free(&pdf);
    fa_buf_free(&s);
}
END_TEST

/* ---------------------------------------------------------------- limits said */

static fa_rules *RS;

static void rules_setup(void)
{
    fa_error err = {0};
    RS = fa_rules_new();
    ck_assert_msg(fa_rules_add_default(RS, &err) == FA_OK, "%s", err.message);
    ck_assert_msg(fa_rules_compile(RS, &err) == FA_OK, "%s", err.message);
}

static void rules_teardown(void)
{
    fa_rules_free(RS);
    RS = NULL;
}

/* DOC's warning naming LIMIT ("(limit FA_MAX_FIELDS)"), or NULL. */
static const char *warning(const fa_doc *doc, const char *limit)
{
    char want[64];
    snprintf(want, sizeof want, "(limit %s)", limit);
    for (size_t i = 0; i < doc->warnings.n; i++)
        if (strstr(doc->warnings.v[i], want))
            return doc->warnings.v[i];
    return NULL;
}

/* The finding of a rule whose category is CAT, with no field (read past the cut). */
static const fa_finding *past_finding(const fa_result *res, const char *cat)
{
    for (size_t i = 0; i < res->n_findings; i++) {
        const fa_finding *f = &res->findings[i];
        if (f->field == -1 && !strcmp(f->category, cat) && !strcmp(f->scope, "body"))
            return f;
    }
    return NULL;
}

static fa_result *audit(const char *name, const char *data, size_t size, fa_doc **doc)
{
    fa_error err = {0};
    ck_assert_msg(fa_doc_open_mem(name, data, size, doc, &err) == FA_OK, "%s", err.message);
    fa_result *res = NULL;
    fa_audit_opts o = {FA_CTX_AUTO, "fr"};
    ck_assert_msg(fa_audit(*doc, NULL, RS, &o, &res, &err) == FA_OK, "%s", err.message);
    return res;
}

/* Issue 18: 20,000 invisible inputs (or blank lines to fill) before the sensitive
 * questions hid them: status ok, no warning. Now the cut is said and what follows it
 * still classified. */
START_TEST(fields_past_the_limit_are_said_and_read)
{
    for (int form = 0; form < 2; form++) {
        fa_buf b = {0};
        const char *name = form ? "leaders.txt" : "hidden.html";
        if (form) {
            for (int k = 0; k < FA_MAX_FIELDS + 10; k++)
                fa_buf_printf(&b, "Champ %d : ____\n", k);
            fa_buf_puts(&b, "Religion : ____\nOrientation sexuelle : ____\n"
                            "Suivi psychiatrique : ____\nReligion du conjoint : ____\n");
        } else {
            fa_buf_puts(&b, "<html><body><form>");
            for (int k = 0; k < FA_MAX_FIELDS + 10; k++)
                fa_buf_printf(&b, "<input style=\"opacity:0\" name=\"c%d\">", k);
            fa_buf_puts(&b, "<p>Religion : <input name=r></p><p>Orientation sexuelle : "
                            "<input name=s></p><p>Suivi psychiatrique : <input name=p></p>"
                            "<p>Religion du conjoint : <input name=r2></p></form></body></html>");
        }
        fa_doc *doc = NULL;
        double t0 = fx_now();
        fa_result *res = audit(name, b.data, b.len, &doc);
        ck_assert_msg(fx_now() - t0 < 20, "%s: %.1f s", name, fx_now() - t0);
        ck_assert_uint_eq(res->n_fields, FA_MAX_FIELDS);
        const char *w = warning(doc, "FA_MAX_FIELDS");
        ck_assert_msg(w && strstr(w, "more than 20,000 fields"), "%s: no warning", name);
        const fa_finding *rel = past_finding(res, "religion");
        ck_assert_msg(rel, "%s: religion past the cut not found", name);
        ck_assert_str_eq(rel->quote, form ? "Religion : ____" : "Religion :");
        ck_assert_ptr_nonnull(strstr(rel->note, "limite FA_MAX_FIELDS"));
        ck_assert_ptr_nonnull(strstr(rel->note, "aussi dans 1 autre paragraphe"));
        ck_assert_ptr_nonnull(past_finding(res, "sex_life"));
        ck_assert_ptr_nonnull(past_finding(res, "health"));
        /* the JSON report carries the warning */
        fa_buf j = {0};
        ck_assert_int_eq(fa_report_json_at(res, 2, 0, &j), FA_OK);
        ck_assert_ptr_nonnull(strstr(j.data, "(limit FA_MAX_FIELDS)"));
        fa_buf_free(&j);
        fa_result_free(res);
        fa_doc_free(doc);
        fa_buf_free(&b);
    }
}
END_TEST

/* A document under the limit has no such warning nor field-less label findings. */
START_TEST(no_limit_no_warning)
{
    const char *t = "Nom : ____\nReligion : ____\n";
    fa_doc *doc = NULL;
    fa_result *res = audit("small.txt", t, strlen(t), &doc);
    ck_assert_uint_eq(doc->warnings.n, 0);
    ck_assert_ptr_null(past_finding(res, "religion"));
    fa_result_free(res);
    fa_doc_free(doc);
}
END_TEST

START_TEST(options_past_the_limit_are_said)
{
    fa_buf b = {0};
    fa_buf_puts(&b, "<html><body><p>Situation : <select>");
    for (int k = 0; k < FA_MAX_OPTIONS + 5; k++)
        fa_buf_printf(&b, "<option>Choix %d</option>", k);
    fa_buf_puts(&b, "</select></p></body></html>");
    fa_doc *doc = NULL;
    fa_result *res = audit("opts.html", b.data, b.len, &doc);
    const char *w = warning(doc, "FA_MAX_OPTIONS");
    ck_assert_msg(w && strstr(w, "more than 1,000 options"), "%s", w ? w : "no warning");
    fa_result_free(res);
    fa_doc_free(doc);
    fa_buf_free(&b);
}
END_TEST

START_TEST(paragraph_text_and_nodes_limits_are_said)
{
    /* a paragraph past FA_MAX_PARAGRAPH */
    size_t n = FA_MAX_PARAGRAPH + 4096;
    char *big = malloc(n + 32);
    memset(big, 'a', n);
    strcpy(big + n, "\nNom : ____\n");
    fa_doc *doc = NULL;
    fa_error err = {0};
    ck_assert_int_eq(fa_doc_open_mem("big.txt", big, strlen(big), &doc, &err), FA_OK);
    const char *w = warning(doc, "FA_MAX_PARAGRAPH");
    ck_assert_msg(w && strstr(w, "longer than 1 MiB"), "%s", w ? w : "no warning");
    fa_doc_free(doc);
    free(big);
    /* FA_MAX_TEXT and FA_MAX_NODES, through the builders the readers use */
    doc = fa_doc_new("t", FA_FMT_TXT);
    char *mib = malloc(FA_MAX_PARAGRAPH);
    memset(mib, 'b', FA_MAX_PARAGRAPH);
    for (size_t k = 0; k <= FA_MAX_TEXT / FA_MAX_PARAGRAPH; k++) {
        fa_node *p = fa_node_new(doc, FA_N_PARAGRAPH);
        fa_node_append(doc->root, p);
        fa_node_append_text(doc, p, mib, FA_MAX_PARAGRAPH);
    }
    free(mib);
    ck_assert_ptr_nonnull(warning(doc, "FA_MAX_TEXT"));
    ck_assert_uint_le(doc->text_bytes, FA_MAX_TEXT);
    fa_doc_free(doc);
    doc = fa_doc_new("t", FA_FMT_TXT);
    for (size_t k = 0; k <= FA_MAX_NODES; k++)
        if (!fa_node_new(doc, FA_N_ROW))
            break;
    w = warning(doc, "FA_MAX_NODES");
    ck_assert_msg(w && strstr(w, "more than 2,000,000"), "%s", w ? w : "no warning");
    fa_doc_free(doc);
}
END_TEST

START_TEST(findings_past_the_limit_are_said)
{
    fa_doc *doc = fa_doc_new("t", FA_FMT_TXT);
    fa_result *res = calloc(1, sizeof *res);
    res->lang = "fr";
    while (fa_result_add_finding(res))
        ;
    ck_assert_uint_eq(res->n_findings, FA_MAX_FINDINGS);
    ck_assert_int_eq(fa_audit_limits(RS, doc, res), FA_OK);
    const char *w = warning(doc, "FA_MAX_FINDINGS");
    ck_assert_msg(w && strstr(w, "more than 50,000 findings"), "%s", w ? w : "no warning");
    fa_result_free(res);
    fa_doc_free(doc);
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
    tcase_add_test(tc, pdf_decompression_bombs_are_refused_before_poppler);
    tcase_add_test(tc, pdf_streams_are_bounded_in_all);
    suite_add_tcase(s, tc);
    TCase *said = tcase_create("said");
    tcase_add_checked_fixture(said, rules_setup, rules_teardown);
    tcase_set_timeout(said, 300);
    tcase_add_test(said, fields_past_the_limit_are_said_and_read);
    tcase_add_test(said, no_limit_no_warning);
    tcase_add_test(said, options_past_the_limit_are_said);
    tcase_add_test(said, paragraph_text_and_nodes_limits_are_said);
    tcase_add_test(said, findings_past_the_limit_are_said);
    suite_add_tcase(s, said);
    return s;
}

int main(void)
{
    return fx_run_suite(suite());
}
