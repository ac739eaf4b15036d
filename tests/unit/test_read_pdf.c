/* test_read_pdf.c — the PDF reader: AcroForm widgets placed in their line with the
 * right labels, choice options, boxes and radio groups, headings by size, metadata;
 * scanned, encrypted and damaged files; a PDF misnamed .docx. Fixtures in
 * tests/data/pdf (made by make_fixtures.py; encrypted-r3.pdf is from qpdf's tests). */
#include "fixtures.h"
#include "model.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

static const fa_node *nth(const fa_doc *d, fa_node_type type, int k)
{
    fa_iter it;
    const fa_node *n = NULL;
    fa_event ev;
    fa_iter_init(&it, d->root);
    while ((ev = fa_iter_next(&it, &n)) != FA_EV_DONE)
        if (ev == FA_EV_ENTER && n->type == type && k-- == 0)
            return n;
    ck_abort_msg("no node of type %d", (int)type);
    return d->root;
}

static const fa_control *ctl(const fa_doc *d, int k)
{
    const fa_node *n = nth(d, FA_N_CONTROL, k);
    ck_assert_ptr_nonnull(n->ctl);
    return n->ctl;
}

static unsigned char *load(const char *name, size_t *size)
{
    char path[512];
    snprintf(path, sizeof path, "%s/pdf/%s", FA_TEST_DATA, name);
    unsigned char *data = fx_read_file(path, size);
    ck_assert_msg(data != NULL, "missing fixture %s", path);
    return data;
}

static fa_doc *open_fixture(const char *name, const char *as)
{
    size_t size = 0;
    unsigned char *data = load(name, &size);
    fa_doc *d = fx_open_mem(as, data, size);
    free(data);
    return d;
}

static fa_status open_status(const char *name, fa_error *err, fa_doc **out)
{
    size_t size = 0;
    unsigned char *data = load(name, &size);
    fa_status st = fa_doc_open_mem(name, data, size, out, err);
    free(data);
    return st;
}

START_TEST(test_text_widget_label_to_its_left)
{
    fa_doc *d = open_fixture("acroform.pdf", "acroform.pdf");
    ck_assert_int_eq(d->format, FA_FMT_PDF);
    const fa_node *cn = nth(d, FA_N_CONTROL, 0);
    const fa_control *c = cn->ctl;
    ck_assert_ptr_nonnull(c);
    ck_assert_int_eq(c->kind, FA_CTL_TEXT);
    ck_assert_str_eq(c->name, "nom");
    ck_assert_ptr_null(c->tooltip);    /* no /TU ... */
    ck_assert_str_eq(c->label, "Nom"); /* ... so the text to its left */
    ck_assert_ptr_nonnull(cn->parent);
    ck_assert_str_eq(cn->parent->text, "Nom :");
    ck_assert_uint_eq(cn->offset, strlen("Nom :")); /* after its label */
    ck_assert(c->has_rect);
    ck_assert(c->rect[1] < c->rect[3]);
    ck_assert_int_eq(cn->loc.page, 1);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_choice_checkbox_radio)
{
    fa_doc *d = open_fixture("acroform.pdf", "acroform.pdf");
    const fa_control *ch = ctl(d, 1);
    ck_assert_int_eq(ch->kind, FA_CTL_CHOICE);
    ck_assert_uint_eq(ch->n_options, 3);
    ck_assert_str_eq(ch->options[0], "Seul(e)");
    ck_assert_str_eq(ch->options[1], "En couple");
    ck_assert_str_eq(ch->value, "En couple");
    ck_assert_str_eq(ch->tooltip, "Situation familiale");
    ck_assert_str_eq(ch->label, "Situation familiale"); /* /TU wins */
    const fa_control *cb = ctl(d, 2);
    ck_assert_int_eq(cb->kind, FA_CTL_CHECKBOX);
    ck_assert_int_eq(cb->checked, 0);
    ck_assert_str_eq(cb->label, "J'accepte d'être recontacté"); /* text to its right */
    const fa_control *ml = ctl(d, 3);
    ck_assert_int_eq(ml->kind, FA_CTL_MULTILINE);
    ck_assert_str_eq(ml->label, "Observations"); /* beside no text: the line above */
    const fa_control *r1 = ctl(d, 4), *r2 = ctl(d, 5);
    ck_assert_int_eq(r1->kind, FA_CTL_RADIO);
    ck_assert_int_eq(r2->kind, FA_CTL_RADIO);
    ck_assert_int_ne(r1->group, 0);
    ck_assert_int_eq(r1->group, r2->group);
    ck_assert_int_eq(r1->checked, 1);
    ck_assert_int_eq(r2->checked, 0);
    ck_assert_str_eq(r1->label, "Bus");
    ck_assert_str_eq(r2->label, "Vélo");
    fa_doc_free(d);
}
END_TEST

START_TEST(test_headings_meta_text)
{
    fa_doc *d = open_fixture("acroform.pdf", "acroform.pdf");
    const fa_node *h = nth(d, FA_N_HEADING, 0);
    ck_assert_str_eq(h->text, "Demande d'aide au transport");
    ck_assert_int_eq(h->level, 1);
    ck_assert_str_eq(d->meta.title, "Demande d'aide au transport");
    ck_assert_str_eq(d->meta.author, "Service mobilité");
    ck_assert_ptr_nonnull(d->meta.created);
    ck_assert(!strncmp(d->meta.created, "2024-01-02T03:04:05", 19));
    ck_assert_int_eq(d->pages, 1);
    char *t = fx_text(d);
    ck_assert_ptr_nonnull(t);
    ck_assert_ptr_nonnull(strstr(t, "# Demande d'aide au transport\n"));
    ck_assert_ptr_nonnull(strstr(t, "\nNom : [____]\n"));
    ck_assert_ptr_nonnull(strstr(
        t, "Situation : [▾ Seul(e) / En couple / Autre = En couple «Situation familiale»]\n"));
    ck_assert_ptr_nonnull(strstr(t, "\n[ ] J'accepte d'être recontacté\n"));
    ck_assert_ptr_nonnull(strstr(t, "\nObservations :\n[____]\n"));
    ck_assert_ptr_nonnull(strstr(t, "Mode de transport : [x] Bus [ ] Vélo\n"));
    free(t);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_pdf_named_docx)
{
    /* the format comes from the content, never from the name */
    fa_doc *d = open_fixture("acroform.pdf", "formulaire.docx");
    ck_assert_int_eq(d->format, FA_FMT_PDF);
    ck_assert_str_eq(ctl(d, 0)->name, "nom");
    fa_doc_free(d);
}
END_TEST

/* OCR refused (--no-ocr): the reader's own answer. */
START_TEST(test_no_text_layer)
{
    fa_ocr_opts no = {.disabled = true};
    ck_assert_int_eq(fa_read_set_ocr(&no, NULL), FA_OK);
    fa_error err = {0};
    fa_doc *d = (fa_doc *)1;
    fa_status st = open_status("no-text-layer.pdf", &err, &d);
    ck_assert_int_eq(st, FA_ERR_NO_TEXT);
    ck_assert_ptr_null(d);
    ck_assert_str_eq(err.message, "no text layer: scanned PDF (2 pages); OCR it first");
}
END_TEST

/* OCR wanted but not built (no module where it is looked for): said for the file. */
START_TEST(test_no_text_layer_no_ocr_module)
{
    setenv("FA_OCR_MODULE", "/nonexistent/formaudit-ocr.so", 1);
    fa_error err = {0};
    fa_doc *d = (fa_doc *)1;
    fa_status st = open_status("no-text-layer.pdf", &err, &d);
    ck_assert_int_eq(st, FA_ERR_NO_TEXT);
    ck_assert_ptr_null(d);
    ck_assert_msg(strstr(err.message, "no text layer (2 pages) and OCR not available: "), "%s",
                  err.message);
}
END_TEST

START_TEST(test_page_without_text_warned)
{
    fa_ocr_opts no = {.disabled = true};
    ck_assert_int_eq(fa_read_set_ocr(&no, NULL), FA_OK);
    fa_doc *d = open_fixture("mixed.pdf", "mixed.pdf");
    ck_assert_int_eq(d->pages, 2);
    ck_assert_uint_eq(d->warnings.n, 1);
    ck_assert_str_eq(
        d->warnings.v[0],
        "page 1 looks scanned (1 of 2 pages, no text layer): its content was not read");
    const fa_node *br = nth(d, FA_N_PAGE_BREAK, 0);
    ck_assert_int_eq(br->loc.page, 2);
    const fa_node *p = nth(d, FA_N_PARAGRAPH, 0);
    ck_assert_str_eq(p->text, "Situation professionnelle :");
    ck_assert_int_eq(p->loc.page, 2);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_encrypted)
{
    fa_error err = {0};
    fa_doc *d = NULL;
    ck_assert_int_eq(open_status("encrypted-r3.pdf", &err, &d), FA_ERR_ENCRYPTED);
    ck_assert_str_eq(err.message, "password-protected PDF");
    ck_assert_ptr_null(d);
}
END_TEST

START_TEST(test_damaged)
{
    /* a PDF header and nothing usable after it */
    const char src[] =
        "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n";
    fa_doc *d = NULL;
    fa_error err = {0};
    fa_status st = fa_doc_open_mem("broken.pdf", src, sizeof src - 1, &d, &err);
    ck_assert_int_eq(st, FA_ERR_CORRUPT);
    ck_assert(!strncmp(err.message, "PDF: ", 5));
    ck_assert_ptr_null(d);
    /* truncated real file */
    size_t size = 0;
    unsigned char *data = load("acroform.pdf", &size);
    st = fa_doc_open_mem("cut.pdf", data, size / 3, &d, &err);
    ck_assert(st == FA_ERR_CORRUPT || st == FA_OK || st == FA_ERR_NO_TEXT);
    fa_doc_free(d);
    free(data);
}
END_TEST

/* A PDF of N pages written here: page k says "Page k: texte de la page k" in
 * Helvetica; page FIELD_PAGE also holds "Nom :" and an AcroForm text field beside it.
 * malloc'd, *SIZE set. */
static char *make_pages_pdf(int n, int field_page, size_t *size)
{
    size_t cap = 4096 + (size_t)n * 512, len = 0;
    char *b = malloc(cap);
    long *off = calloc((size_t)(4 * n + 8), sizeof *off);
    ck_assert(b && off);
    int nobj = 0;
#define OBJ(...)                                                                                   \
    do {                                                                                           \
        off[++nobj] = (long)len;                                                                   \
        len += (size_t)snprintf(b + len, cap - len, "%d 0 obj\n", nobj);                           \
        len += (size_t)snprintf(b + len, cap - len, __VA_ARGS__);                                  \
        len += (size_t)snprintf(b + len, cap - len, "\nendobj\n");                                 \
    } while (0)
    len += (size_t)snprintf(b, cap, "%%PDF-1.4\n");
    /* 1 catalog, 2 pages, 3 font, 4 field; then per page: page, contents */
    OBJ("<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] /DA (/Helv 0 Tf 0 g) >> >>");
    char kids[4096] = "";
    for (int k = 0; k < n; k++)
        snprintf(kids + strlen(kids), sizeof kids - strlen(kids), "%d 0 R ", 5 + 2 * k);
    OBJ("<< /Type /Pages /Count %d /Kids [%s] >>", n, kids);
    OBJ("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
    OBJ("<< /Type /Annot /Subtype /Widget /FT /Tx /T (nom) /F 4 /Rect [120 590 300 612] "
        "/P %d 0 R /DA (/Helv 10 Tf 0 g) >>",
        5 + 2 * (field_page - 1));
    for (int k = 1; k <= n; k++) {
        char body[256];
        int blen = snprintf(body, sizeof body,
                            "BT /F1 12 Tf 72 700 Td (Page %d: texte de la page %d) Tj ET%s", k, k,
                            k == field_page ? " BT /F1 12 Tf 72 595 Td (Nom :) Tj ET" : "");
        OBJ("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R "
            ">> >> "
            "/Contents %d 0 R%s >>",
            6 + 2 * (k - 1), k == field_page ? " /Annots [4 0 R]" : "");
        OBJ("<< /Length %d >>\nstream\n%s\nendstream", blen, body);
    }
#undef OBJ
    long xref = (long)len;
    len += (size_t)snprintf(b + len, cap - len, "xref\n0 %d\n0000000000 65535 f \n", nobj + 1);
    for (int i = 1; i <= nobj; i++)
        len += (size_t)snprintf(b + len, cap - len, "%010ld 00000 n \n", off[i]);
    len += (size_t)snprintf(b + len, cap - len,
                            "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%ld\n%%%%EOF\n",
                            nobj + 1, xref);
    ck_assert_uint_lt(len, cap);
    free(off);
    *size = len;
    return b;
}

START_TEST(test_many_pages_in_order)
{
    /* enough pages for the helper thread to read every other one (where there is a
     * second core): the document comes out in page order, the field placed on its page */
    enum { N = 9, FIELD_PAGE = 4 };
    size_t size = 0;
    char *pdf = make_pages_pdf(N, FIELD_PAGE, &size);
    fa_doc *d = fx_open_mem("pages.pdf", pdf, size);
    free(pdf);
    ck_assert_int_eq(d->pages, N);
    for (int k = 1; k <= N; k++) {
        char want[64];
        snprintf(want, sizeof want, "Page %d: texte de la page %d", k, k);
        const fa_node *p =
            nth(d, FA_N_PARAGRAPH, k - 1 + (k > FIELD_PAGE)); /* "Nom :" follows page 4 */
        ck_assert_str_eq(p->text, want);
        ck_assert_int_eq(p->loc.page, k);
        if (k > 1)
            ck_assert_int_eq(nth(d, FA_N_PAGE_BREAK, k - 2)->loc.page, k);
    }
    const fa_node *cn = nth(d, FA_N_CONTROL, 0);
    ck_assert_int_eq(cn->loc.page, FIELD_PAGE);
    ck_assert_str_eq(cn->ctl->name, "nom");
    ck_assert_str_eq(cn->ctl->label, "Nom");
    ck_assert_str_eq(cn->parent->text, "Nom :");
    fa_doc_free(d);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("read_pdf");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_text_widget_label_to_its_left);
    tcase_add_test(tc, test_choice_checkbox_radio);
    tcase_add_test(tc, test_headings_meta_text);
    tcase_add_test(tc, test_pdf_named_docx);
    tcase_add_test(tc, test_no_text_layer);
    tcase_add_test(tc, test_no_text_layer_no_ocr_module);
    tcase_add_test(tc, test_page_without_text_warned);
    tcase_add_test(tc, test_encrypted);
    tcase_add_test(tc, test_damaged);
    tcase_add_test(tc, test_many_pages_in_order);
    suite_add_tcase(s, tc);
    return fx_run_suite(s);
}
