/* test_read_docx.c — the DOCX reader on small packages built in memory: content
 * controls, legacy form fields, merged cells, headings, hidden text, comments, text
 * boxes, metadata; then hostile packages (zip bombs, entity bombs, external entities,
 * deep nesting, damage) and the real third-party files of the shared corpus. */
#include "fixtures.h"
#include "fa_limits.h"
#include "model.h"
#include "read.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define W_NS                                                                                       \
    "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "                    \
    "xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\" "                          \
    "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\""

#define DOC(body)                                                                                  \
    "<?xml version=\"1.0\"?><w:document " W_NS "><w:body>" body "</w:body></w:document>"

static const char *const CT =
    "<?xml version=\"1.0\"?><Types "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-"
    "officedocument.wordprocessingml.document.main+xml\"/></Types>";

/* A package from a document.xml and optional extra (name, content) pairs. */
static fa_doc *open_docx(const char *document, const char *const *extra)
{
    const char *pairs[32] = {"[Content_Types].xml", CT, "word/document.xml", document};
    size_t k = 4;
    for (size_t i = 0; extra && extra[i] && k < 30; i++)
        pairs[k++] = extra[i];
    pairs[k] = NULL;
    size_t size = 0;
    unsigned char *zip = fx_zip(&size, pairs);
    ck_assert_ptr_nonnull(zip);
    fa_doc *d = fx_open_mem("t.docx", zip, size);
    free(zip);
    ck_assert_int_eq(d->format, FA_FMT_DOCX);
    return d;
}

static fa_status open_err(const void *data, size_t size, fa_error *err)
{
    fa_doc *d = NULL;
    fa_status st = fa_doc_open_mem("t.docx", data, size, &d, err);
    fa_doc_free(d);
    return st;
}

static fa_status docx_err(const char *document, fa_error *err)
{
    const char *pairs[] = {"[Content_Types].xml", CT, "word/document.xml", document, NULL};
    size_t size = 0;
    unsigned char *zip = fx_zip(&size, pairs);
    ck_assert_ptr_nonnull(zip);
    fa_status st = open_err(zip, size, err);
    free(zip);
    return st;
}

/* All visible text of the document, for "does not contain" checks. */
static char *all_text(const fa_doc *d, unsigned exclude_flags)
{
    size_t cap = 1 << 16, len = 0;
    char *buf = calloc(1, cap);
    fa_iter it;
    const fa_node *n;
    fa_event ev;
    fa_iter_init(&it, d->root);
    while ((ev = fa_iter_next(&it, &n)) != FA_EV_DONE) {
        if (ev != FA_EV_ENTER || !fa_node_is_text(n) || (n->flags & exclude_flags))
            continue;
        if (len + n->len + 2 >= cap)
            break;
        memcpy(buf + len, n->text, n->len);
        len += n->len;
        buf[len++] = '\n';
    }
    return buf;
}

/* ---------------------------------------------------------------- content controls */

START_TEST(test_sdt_controls)
{
    fa_doc *d = open_docx(
        DOC("<w:p><w:r><w:t xml:space=\"preserve\">Situation familiale : </w:t></w:r>"
            "<w:sdt><w:sdtPr><w:alias w:val=\"Situation\"/><w:tag w:val=\"sitfam\"/>"
            "<w:showingPlcHdr/><w:dropDownList><w:listItem w:displayText=\"Célibataire\" "
            "w:value=\"C\"/>"
            "<w:listItem w:displayText=\"Marié(e)\" w:value=\"M\"/><w:listItem "
            "w:value=\"Pacsé(e)\"/>"
            "</w:dropDownList></w:sdtPr><w:sdtContent><w:r><w:t>Choisissez un élément.</w:t></w:r>"
            "</w:sdtContent></w:sdt></w:p>"
            "<w:p><w:sdt><w:sdtPr><w:alias w:val=\"Handicap\"/><w14:checkbox><w14:checked "
            "w14:val=\"1\"/>"
            "</w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:t>\xE2\x98\x92</w:t></w:r></"
            "w:sdtContent>"
            "</w:sdt><w:r><w:t xml:space=\"preserve\"> Reconnaissance de handicap</w:t></w:r></w:p>"
            "<w:p><w:r><w:t xml:space=\"preserve\">Nom : </w:t></w:r><w:sdt><w:sdtPr><w:tag "
            "w:val=\"nom\"/>"
            "<w:text/></w:sdtPr><w:sdtContent><w:r><w:t>Dupont</w:t></w:r></w:sdtContent></w:sdt></"
            "w:p>"
            "<w:p><w:r><w:t>Observations :</w:t></w:r></w:p>"
            "<w:sdt><w:sdtPr><w:alias w:val=\"Observations\"/><w:text w:multiLine=\"1\"/></w:sdtPr>"
            "<w:sdtContent><w:p><w:r><w:t>Ligne 1</w:t></w:r></w:p><w:p><w:r><w:t>Ligne "
            "2</w:t></w:r></w:p>"
            "</w:sdtContent></w:sdt>"
            "<w:p><w:r><w:t xml:space=\"preserve\">Né le </w:t></w:r><w:sdt><w:sdtPr><w:date/>"
            "<w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:r><w:t>Entrez une date.</w:t></w:r>"
            "</w:sdtContent></w:sdt></w:p>"),
        NULL);
    const fa_node *dd = fx_must(fx_nth(d, FA_N_CONTROL, 0));
    ck_assert_ptr_nonnull(dd);
    ck_assert_int_eq(dd->ctl->kind, FA_CTL_CHOICE);
    ck_assert_str_eq(dd->ctl->label, "Situation");
    ck_assert_str_eq(dd->ctl->name, "sitfam");
    ck_assert_uint_eq(dd->ctl->n_options, 3);
    ck_assert_str_eq(dd->ctl->options[0], "Célibataire");
    ck_assert_str_eq(dd->ctl->options[2], "Pacsé(e)");
    ck_assert_ptr_null(dd->ctl->value); /* placeholder shown: nothing chosen */
    ck_assert_str_eq(dd->parent->text, "Situation familiale :");
    ck_assert_uint_eq(dd->offset, strlen("Situation familiale :"));

    const fa_node *cb = fx_must(fx_nth(d, FA_N_CONTROL, 1));
    ck_assert_int_eq(cb->ctl->kind, FA_CTL_CHECKBOX);
    ck_assert_int_eq(cb->ctl->checked, 1);
    ck_assert_str_eq(cb->parent->text, "Reconnaissance de handicap"); /* glyph gone */
    ck_assert_uint_eq(cb->offset, 0);

    const fa_node *nom = fx_must(fx_nth(d, FA_N_CONTROL, 2));
    ck_assert_int_eq(nom->ctl->kind, FA_CTL_TEXT);
    ck_assert_str_eq(nom->ctl->value, "Dupont");
    ck_assert_str_eq(nom->parent->text, "Nom :"); /* the value is not label text */

    const fa_node *obs = fx_must(fx_nth(d, FA_N_CONTROL, 3));
    ck_assert_int_eq(obs->ctl->kind, FA_CTL_MULTILINE);
    ck_assert_str_eq(obs->ctl->value, "Ligne 1 Ligne 2");
    ck_assert_ptr_null(fx_find_text(d, "Ligne 1"));

    const fa_node *date = fx_must(fx_nth(d, FA_N_CONTROL, 4));
    ck_assert_int_eq(date->ctl->kind, FA_CTL_DATE);
    ck_assert_ptr_null(date->ctl->value);
    ck_assert_ptr_null(fx_find_text(d, "Entrez une date"));
    fa_doc_free(d);
}
END_TEST

/* Tables of contents and other document-part sdts are content, not input. */
START_TEST(test_sdt_docpart_is_content)
{
    fa_doc *d = open_docx(
        DOC("<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val=\"Table of Contents\"/>"
            "</w:docPartObj></w:sdtPr><w:sdtContent><w:p><w:r><w:t>Sommaire</w:t></w:r>"
            "</w:p></w:sdtContent></w:sdt>"),
        NULL);
    ck_assert_ptr_nonnull(fx_find_text(d, "Sommaire"));
    ck_assert_ptr_null(fx_nth(d, FA_N_CONTROL, 0));
    fa_doc_free(d);
}
END_TEST

/* ---------------------------------------------------------------- legacy form fields */

#define FF_BEGIN(ff)                                                                               \
    "<w:r><w:fldChar w:fldCharType=\"begin\"><w:ffData>" ff "</w:ffData></w:fldChar></w:r>"
#define FF_INSTR(s) "<w:r><w:instrText xml:space=\"preserve\"> " s " </w:instrText></w:r>"
#define FF_SEP "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
#define FF_END "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"

START_TEST(test_legacy_form_fields)
{
    fa_doc *d = open_docx(
        DOC("<w:p><w:r><w:t xml:space=\"preserve\">Nom de l'enfant : </w:t></w:r>" FF_BEGIN(
            "<w:name w:val=\"Texte1\"/><w:enabled/><w:statusText w:type=\"text\" w:val=\"Nom en "
            "majuscules\"/><w:textInput/>") FF_INSTR("FORMTEXT") FF_SEP
            "<w:r><w:t xml:space=\"preserve\">     </w:t></w:r>" FF_END "</w:p>"
            "<w:p><w:r><w:t xml:space=\"preserve\">Ville : </w:t></w:r>" FF_BEGIN(
                "<w:name w:val=\"Texte2\"/><w:textInput><w:default w:val=\"Lyon\"/></w:textInput>")
                FF_INSTR("FORMTEXT") FF_SEP
            "<w:r><w:t>Lyon</w:t></w:r>" FF_END "</w:p>"
            "<w:p>" FF_BEGIN("<w:name w:val=\"CaseACocher1\"/><w:checkBox><w:sizeAuto/><w:default "
                             "w:val=\"1\"/></w:checkBox>") FF_INSTR("FORMCHECKBOX") FF_END
            "<w:r><w:t xml:space=\"preserve\"> Repas sans porc</w:t></w:r></w:p>"
            "<w:p>" FF_BEGIN("<w:name w:val=\"CaseACocher2\"/><w:checkBox><w:default "
                             "w:val=\"1\"/><w:checked w:val=\"0\"/></w:checkBox>")
                FF_INSTR("FORMCHECKBOX") FF_END
            "<w:r><w:t xml:space=\"preserve\"> Allergie</w:t></w:r></w:p>"
            "<w:p><w:r><w:t xml:space=\"preserve\">Régime : </w:t></w:r>" FF_BEGIN(
                "<w:name w:val=\"ListeDéroulante1\"/><w:ddList><w:result w:val=\"1\"/><w:listEntry "
                "w:val=\"Standard\"/>"
                "<w:listEntry w:val=\"Végétarien\"/><w:listEntry w:val=\"Halal\"/></w:ddList>")
                FF_INSTR("FORMDROPDOWN") FF_SEP FF_END
            "</w:p>"
            "<w:p><w:r><w:t xml:space=\"preserve\">Page </w:t></w:r><w:r><w:fldChar "
            "w:fldCharType=\"begin\"/></w:r>" FF_INSTR("PAGE") FF_SEP
            "<w:r><w:t>3</w:t></w:r>" FF_END "</w:p>"),
        NULL);
    const fa_node *t1 = fx_must(fx_nth(d, FA_N_CONTROL, 0));
    ck_assert_int_eq(t1->ctl->kind, FA_CTL_TEXT);
    ck_assert_str_eq(t1->ctl->name, "Texte1");
    ck_assert_str_eq(t1->ctl->tooltip, "Nom en majuscules");
    ck_assert_ptr_null(t1->ctl->value); /* five spaces = empty */
    ck_assert_str_eq(t1->parent->text, "Nom de l'enfant :");
    ck_assert_ptr_null(fx_find_text(d, "FORMTEXT"));

    const fa_node *t2 = fx_must(fx_nth(d, FA_N_CONTROL, 1));
    ck_assert_str_eq(t2->ctl->value, "Lyon");
    ck_assert_str_eq(t2->parent->text, "Ville :");

    const fa_node *c1 = fx_must(fx_nth(d, FA_N_CONTROL, 2));
    const fa_node *c2 = fx_must(fx_nth(d, FA_N_CONTROL, 3));
    ck_assert_int_eq(c1->ctl->kind, FA_CTL_CHECKBOX);
    ck_assert_int_eq(c1->ctl->checked, 1);
    ck_assert_str_eq(c1->parent->text, "Repas sans porc");
    ck_assert_int_eq(c2->ctl->checked, 0); /* w:checked overrides w:default */

    const fa_node *dd = fx_must(fx_nth(d, FA_N_CONTROL, 4));
    ck_assert_int_eq(dd->ctl->kind, FA_CTL_CHOICE);
    ck_assert_uint_eq(dd->ctl->n_options, 3);
    ck_assert_str_eq(dd->ctl->options[1], "Végétarien");
    ck_assert_str_eq(dd->ctl->value, "Végétarien");
    ck_assert_ptr_null(fx_nth(d, FA_N_CONTROL, 5));   /* PAGE is not a form field */
    ck_assert_ptr_nonnull(fx_find_text(d, "Page 3")); /* ... its result is text */
    fa_doc_free(d);
}
END_TEST

/* ActiveX controls: kind from the activeX part's class id, else from the name. */
START_TEST(test_activex_controls)
{
    const char *rels = "<?xml version=\"1.0\"?><Relationships "
                       "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                       "<Relationship Id=\"rId7\" "
                       "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                       "control\" Target=\"activeX/activeX1.xml\"/>"
                       "</Relationships>";
    const char *ax =
        "<?xml version=\"1.0\"?><ax:ocx ax:classid=\"{8BD21D40-EC42-11CE-9E0D-00AA006002F3}\" "
        "xmlns:ax=\"http://schemas.microsoft.com/office/2006/activeX\"/>";
    const char *extra[] = {"word/_rels/document.xml.rels", rels, "word/activeX/activeX1.xml", ax,
                           NULL};
    fa_doc *d = open_docx(
        DOC("<w:p><w:r><w:t xml:space=\"preserve\">Bénéficiaire du RSA </w:t></w:r><w:r><w:object>"
            "<w:control r:id=\"rId7\" w:name=\"Case1\" "
            "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"/>"
            "</w:object></w:r></w:p>"
            "<w:p><w:r><w:t xml:space=\"preserve\">Nom </w:t></w:r><w:r><w:object>"
            "<w:control r:id=\"rId9\" w:name=\"TextBox2\" "
            "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"/>"
            "</w:object></w:r></w:p>"),
        extra);
    const fa_node *c = fx_must(fx_nth(d, FA_N_CONTROL, 0));
    ck_assert_int_eq(c->ctl->kind, FA_CTL_CHECKBOX);
    ck_assert_str_eq(c->ctl->name, "Case1");
    ck_assert_str_eq(c->parent->text, "Bénéficiaire du RSA");
    const fa_node *t = fx_must(fx_nth(d, FA_N_CONTROL, 1));
    ck_assert_int_eq(t->ctl->kind, FA_CTL_TEXT);
    fa_doc_free(d);
}
END_TEST

/* ---------------------------------------------------------------- tables */

START_TEST(test_table_merges)
{
    fa_doc *d = open_docx(
        DOC("<w:tbl><w:tr><w:trPr><w:tblHeader/></w:trPr>"
            "<w:tc><w:tcPr><w:gridSpan "
            "w:val=\"2\"/></w:tcPr><w:p><w:r><w:t>Identité</w:t></w:r></w:p></w:tc>"
            "<w:tc><w:p><w:r><w:t>Pièces</w:t></w:r></w:p></w:tc></w:tr>"
            "<w:tr><w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr><w:p><w:r><w:t>Parent "
            "1</w:t></w:r></w:p></w:tc>"
            "<w:tc><w:p><w:r><w:t>Nom</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr>"
            "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>"
            "<w:tc><w:p><w:r><w:t>Prénom</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr>"
            "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>"
            "<w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>Imbriqué</w:t></w:r></w:p></w:tc></w:tr></"
            "w:tbl><w:p/></w:tc>"
            "<w:tc><w:p/></w:tc></w:tr></w:tbl>"),
        NULL);
    const fa_node *t = fx_must(fx_nth(d, FA_N_TABLE, 0));
    ck_assert_ptr_nonnull(t);
    const fa_node *r1 = t->first, *r2 = r1->next, *r3 = r2->next;
    ck_assert(r1->flags & FA_NF_HEADER_ROW);
    ck_assert(!(r2->flags & FA_NF_HEADER_ROW));
    ck_assert_int_eq(r1->first->colspan, 2);
    ck_assert_int_eq(r2->first->rowspan, 3); /* restart cell + two continuations */
    ck_assert_int_eq(r3->first->rowspan, 0); /* covered, not a blank cell */
    ck_assert_int_eq(r2->first->next->rowspan, 1);
    const fa_node *nested = fx_must(fx_find_text(d, "Imbriqué"));
    ck_assert_ptr_nonnull(nested);
    ck_assert_int_eq(nested->loc.table, 2);
    fa_doc_free(d);
}
END_TEST

/* ---------------------------------------------------------------- text */

START_TEST(test_headings_lists_styles)
{
    const char *styles =
        "<?xml version=\"1.0\"?><w:styles " W_NS ">"
        "<w:docDefaults><w:rPrDefault><w:rPr><w:sz "
        "w:val=\"22\"/></w:rPr></w:rPrDefault></w:docDefaults>"
        "<w:style w:type=\"paragraph\" w:styleId=\"Titre1\"><w:name w:val=\"heading 1\"/></w:style>"
        "<w:style w:type=\"paragraph\" w:styleId=\"MonTitre\"><w:name w:val=\"Mon titre\"/>"
        "<w:basedOn w:val=\"Titre1\"/></w:style>"
        "<w:style w:type=\"paragraph\" w:styleId=\"Mentions\"><w:name w:val=\"Mentions\"/>"
        "<w:rPr><w:sz w:val=\"14\"/></w:rPr></w:style>"
        "<w:style w:type=\"paragraph\" w:styleId=\"Cache\"><w:name w:val=\"Cache\"/>"
        "<w:rPr><w:vanish/></w:rPr></w:style></w:styles>";
    const char *rels = "<?xml version=\"1.0\"?><Relationships "
                       "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                       "<Relationship Id=\"rId1\" "
                       "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                       "styles\" Target=\"styles.xml\"/>"
                       "</Relationships>";
    const char *extra[] = {"word/styles.xml", styles, "word/_rels/document.xml.rels", rels, NULL};
    fa_doc *d = open_docx(
        DOC("<w:p><w:pPr><w:pStyle w:val=\"Titre1\"/></w:pPr><w:r><w:t>Demande "
            "d'aide</w:t></w:r></w:p>"
            "<w:p><w:pPr><w:pStyle w:val=\"MonTitre\"/></w:pPr><w:r><w:t>Hérité</w:t></w:r></w:p>"
            "<w:p><w:pPr><w:outlineLvl w:val=\"2\"/></w:pPr><w:r><w:t>Niveau "
            "trois</w:t></w:r></w:p>"
            "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"4\"/></w:numPr></w:pPr>"
            "<w:r><w:t>Sous-point</w:t></w:r></w:p>"
            "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Nom :</w:t></w:r></w:p>"
            "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">Mixte "
            "</w:t></w:r><w:r><w:t>texte</w:t></w:r></w:p>"
            "<w:p><w:pPr><w:pStyle w:val=\"Mentions\"/></w:pPr><w:r><w:t>Vos données sont traitées "
            "par la mairie.</w:t></w:r></w:p>"
            "<w:p><w:r><w:t>A</w:t></w:r><w:r><w:tab/><w:t>B</w:t><w:br/><w:t>C</w:t></w:r></w:p>"
            "<w:p><w:pPr><w:pStyle w:val=\"Cache\"/></w:pPr><w:r><w:t>Note interne "
            "masquée</w:t></w:r></w:p>"
            "<w:p><w:pPr><w:sectPr><w:type "
            "w:val=\"continuous\"/></w:sectPr></w:pPr><w:r><w:t>Section continue</w:t></w:r></w:p>"
            "<w:p><w:pPr><w:sectPr/></w:pPr><w:r><w:t>Fin de section</w:t></w:r></w:p>"
            "<w:p><w:r><w:t>Nouvelle page</w:t></w:r></w:p>"),
        extra);
    const fa_node *h = fx_must(fx_find_text(d, "Demande d'aide"));
    ck_assert_int_eq(h->type, FA_N_HEADING);
    ck_assert_int_eq(h->level, 1);
    ck_assert_int_eq(fx_must(fx_find_text(d, "Hérité"))->level, 1);
    h = fx_must(fx_find_text(d, "Niveau trois"));
    ck_assert_int_eq(h->type, FA_N_HEADING);
    ck_assert_int_eq(h->level, 3);
    const fa_node *li = fx_must(fx_find_text(d, "Sous-point"));
    ck_assert_int_eq(li->type, FA_N_LIST_ITEM);
    ck_assert_int_eq(li->level, 2);
    ck_assert(fx_must(fx_find_text(d, "Nom :"))->flags & FA_NF_BOLD);
    ck_assert(!(fx_must(fx_find_text(d, "Mixte"))->flags & FA_NF_BOLD));
    ck_assert(fx_must(fx_find_text(d, "Vos données"))->flags & FA_NF_SMALL);
    ck_assert(!(fx_must(fx_find_text(d, "Nom :"))->flags & FA_NF_SMALL));
    ck_assert_ptr_nonnull(fx_find_text(d, "A B C")); /* tab and break are white space */
    /* hidden by its style: read, but marked (not what the form shows) */
    ck_assert(fx_must(fx_find_text(d, "masquée"))->flags & FA_NF_HIDDEN);
    ck_assert_int_eq(fx_must(fx_find_text(d, "Section continue"))->loc.page, 1);
    ck_assert_int_eq(fx_must(fx_find_text(d, "Fin de section"))->loc.page, 1);
    ck_assert_int_eq(fx_must(fx_find_text(d, "Nouvelle page"))->loc.page, 2);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_hidden_deleted_comments)
{
    const char *comments =
        "<?xml version=\"1.0\"?><w:comments " W_NS "><w:comment w:id=\"0\" w:author=\"RH\">"
        "<w:p><w:r><w:t>Demander le casier judiciaire ?</w:t></w:r></w:p></w:comment></w:comments>";
    const char *footnotes =
        "<?xml version=\"1.0\"?><w:footnotes " W_NS "><w:footnote w:type=\"separator\" w:id=\"-1\">"
        "<w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id=\"1\"><w:p><w:r>"
        "<w:t>Article 13 du RGPD.</w:t></w:r></w:p></w:footnote></w:footnotes>";
    const char *header = "<?xml version=\"1.0\"?><w:hdr " W_NS
                         "><w:p><w:r><w:t>Mairie de Trifouilly</w:t></w:r></w:p></w:hdr>";
    const char *rels = "<?xml version=\"1.0\"?><Relationships "
                       "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                       "<Relationship Id=\"r1\" "
                       "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                       "comments\" Target=\"comments.xml\"/>"
                       "<Relationship Id=\"r2\" "
                       "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                       "footnotes\" Target=\"footnotes.xml\"/>"
                       "<Relationship Id=\"r3\" "
                       "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                       "header\" Target=\"header1.xml\"/>"
                       "</Relationships>";
    const char *extra[] = {"word/comments.xml",
                           comments,
                           "word/footnotes.xml",
                           footnotes,
                           "word/header1.xml",
                           header,
                           "word/_rels/document.xml.rels",
                           rels,
                           NULL};
    fa_doc *d = open_docx(
        DOC("<w:p><w:r><w:t xml:space=\"preserve\">Religion </w:t></w:r>"
            "<w:del w:id=\"1\" w:author=\"x\"><w:r><w:delText>et opinions "
            "politiques</w:delText></w:r></w:del>"
            "<w:ins w:id=\"2\" w:author=\"x\"><w:r><w:t>pratiquée</w:t></w:r></w:ins>"
            "<w:r><w:rPr><w:vanish/></w:rPr><w:t>TEXTE MASQUÉ</w:t></w:r>"
            "<w:commentRangeStart w:id=\"0\"/><w:r><w:commentReference w:id=\"0\"/></w:r></w:p>"
            "<w:p><w:r><w:t>Suite</w:t></w:r><w:r><w:br w:type=\"page\"/></w:r></w:p>"
            "<w:p><w:r><w:t>Page deux</w:t></w:r></w:p>"),
        extra);
    ck_assert_ptr_nonnull(fx_find_text(d, "Religion pratiquée"));
    char *vis = all_text(d, FA_NF_HIDDEN);
    ck_assert_ptr_null(strstr(vis, "opinions politiques"));
    ck_assert_ptr_null(strstr(vis, "MASQUÉ"));
    ck_assert_ptr_null(strstr(vis, "casier"));
    free(vis);
    const fa_node *c = fx_must(fx_find_text(d, "casier judiciaire"));
    ck_assert_ptr_nonnull(c);
    ck_assert_uint_eq(c->flags & (FA_NF_COMMENT | FA_NF_HIDDEN), FA_NF_COMMENT | FA_NF_HIDDEN);
    ck_assert_str_eq(c->loc.part, "word/comments.xml");
    const fa_node *fn = fx_must(fx_find_text(d, "Article 13"));
    ck_assert(fn->flags & FA_NF_NOTE);
    const fa_node *hd = fx_must(fx_find_text(d, "Trifouilly"));
    ck_assert(hd->flags & FA_NF_HEADER);
    ck_assert_int_eq(fx_must(fx_find_text(d, "Page deux"))->loc.page, 2);
    ck_assert_int_eq(fx_must(fx_find_text(d, "Religion"))->loc.page, 1);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_textbox_once_and_meta)
{
    const char *core =
        "<?xml version=\"1.0\"?><cp:coreProperties "
        "xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
        "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\">"
        "<dc:title>Fiche de renseignements</dc:title><dc:creator>Service RH</dc:creator>"
        "<cp:lastModifiedBy>J. "
        "Martin</cp:lastModifiedBy><dcterms:created>2024-01-02T10:00:00Z</dcterms:created>"
        "<dcterms:modified>2024-03-04T11:00:00Z</dcterms:modified></cp:coreProperties>";
    const char *app =
        "<?xml version=\"1.0\"?><Properties "
        "xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
        "<Application>Microsoft Office Word</Application></Properties>";
    const char *extra[] = {"docProps/core.xml", core, "docProps/app.xml", app, NULL};
    fa_doc *d = open_docx(
        DOC("<w:p><w:r><w:t>Avant</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\">"
            "<w:drawing><w:txbxContent><w:p><w:r><w:t>Cadre réservé à "
            "l'administration</w:t></w:r></w:p>"
            "</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r>"
            "<w:t>Cadre réservé à l'administration</w:t></w:r></w:p></w:txbxContent></w:pict>"
            "</mc:Fallback></mc:AlternateContent></w:r><w:r><w:t xml:space=\"preserve\"> "
            "après</w:t></w:r></w:p>"),
        extra);
    ck_assert_ptr_nonnull(fx_find_text(d, "Avant après"));
    const fa_node *tb = fx_must(fx_find_text(d, "Cadre réservé"));
    ck_assert_ptr_nonnull(tb);
    ck_assert(tb->flags & FA_NF_TEXTBOX);
    int count = 0;
    fa_iter it;
    const fa_node *n;
    fa_event ev;
    fa_iter_init(&it, d->root);
    while ((ev = fa_iter_next(&it, &n)) != FA_EV_DONE)
        if (ev == FA_EV_ENTER && fa_node_is_text(n) && strstr(n->text, "Cadre"))
            count++;
    ck_assert_int_eq(count, 1);
    ck_assert_str_eq(d->meta.title, "Fiche de renseignements");
    ck_assert_str_eq(d->meta.author, "Service RH");
    ck_assert_str_eq(d->meta.last_modified_by, "J. Martin");
    ck_assert_str_eq(d->meta.created, "2024-01-02T10:00:00Z");
    ck_assert_str_eq(d->meta.modified, "2024-03-04T11:00:00Z");
    ck_assert_str_eq(d->meta.creator, "Microsoft Office Word");
    fa_doc_free(d);
}
END_TEST

/* A VML text box (older Word, no markup-compatibility branch) and a DrawingML one in a
 * table cell: read once each, after the paragraph anchoring them. */
START_TEST(test_vml_and_cell_textboxes)
{
    fa_doc *d = open_docx(
        DOC("<w:p><w:r><w:pict><v:shape xmlns:v=\"urn:schemas-microsoft-com:vml\"><v:textbox>"
            "<w:txbxContent><w:p><w:r><w:t>Nom de l'agent : ____</w:t></w:r></w:p>"
            "</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"
            "<w:tbl><w:tr><w:tc><w:p><w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>Visa : ____"
            "</w:t></w:r></w:p></w:txbxContent></w:drawing></w:r></w:p></w:tc></w:tr></w:tbl>"),
        NULL);
    const fa_node *a = fx_must(fx_find_text(d, "Nom de l'agent"));
    ck_assert(a->flags & FA_NF_TEXTBOX);
    ck_assert_ptr_eq(a->parent, d->root);
    const fa_node *v = fx_must(fx_find_text(d, "Visa"));
    ck_assert(v->flags & FA_NF_TEXTBOX);
    ck_assert_int_eq(v->parent->type, FA_N_CELL);
    fa_doc_free(d);
}
END_TEST

/* The main part named by _rels/.rels, and a foreign namespace prefix. */
START_TEST(test_alternate_main_part_and_prefix)
{
    const char *rels = "<?xml version=\"1.0\"?><Relationships "
                       "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                       "<Relationship Id=\"rId1\" "
                       "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                       "officeDocument\" Target=\"/word/document2.xml\"/>"
                       "</Relationships>";
    const char *doc2 =
        "<?xml version=\"1.0\"?><ns0:document xmlns:ns0=\"http://schemas.openxmlformats.org/"
        "wordprocessingml/2006/main\"><ns0:body><ns0:p><ns0:r><ns0:t>Numéro de sécurité sociale"
        "</ns0:t></ns0:r></ns0:p></ns0:body></ns0:document>";
    const char *pairs[] = {"[Content_Types].xml", CT,   "_rels/.rels", rels,
                           "word/document2.xml",  doc2, NULL};
    size_t size = 0;
    unsigned char *zip = fx_zip(&size, pairs);
    fa_doc *d = fx_open_mem("t.docx", zip, size);
    free(zip);
    const fa_node *p = fx_must(fx_find_text(d, "Numéro de sécurité sociale"));
    ck_assert_ptr_nonnull(p);
    ck_assert_str_eq(p->loc.part, "word/document2.xml");
    fa_doc_free(d);
}
END_TEST

/* ---------------------------------------------------------------- layouts */

#define RELS(body)                                                                                 \
    "<?xml version=\"1.0\"?><Relationships "                                                       \
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" body                 \
    "</Relationships>"
#define REL(id, type, target)                                                                      \
    "<Relationship Id=\"" id "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"    \
    "relationships/" type "\" Target=\"" target "\"/>"

/* Tab stops with a leader draw the line to fill: the paragraph's own w:tabs and the
 * ones its style (and the style's base) defines. */
START_TEST(test_tab_leaders)
{
    const char *styles =
        "<?xml version=\"1.0\"?><w:styles " W_NS ">"
        "<w:style w:type=\"paragraph\" w:styleId=\"Base\"><w:pPr><w:tabs>"
        "<w:tab w:val=\"right\" w:leader=\"dot\" w:pos=\"9072\"/></w:tabs></w:pPr></w:style>"
        "<w:style w:type=\"paragraph\" w:styleId=\"Ligne\"><w:basedOn w:val=\"Base\"/></w:style>"
        "<w:style w:type=\"paragraph\" w:styleId=\"SansPoints\"><w:basedOn w:val=\"Base\"/>"
        "<w:pPr><w:tabs><w:tab w:val=\"clear\" w:pos=\"9072\"/></w:tabs></w:pPr></w:style>"
        "</w:styles>";
    const char *extra[] = {"word/styles.xml", styles, "word/_rels/document.xml.rels",
                           RELS(REL("r1", "styles", "styles.xml")), NULL};
    fa_doc *d = open_docx(
        DOC("<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:leader=\"underscore\" w:pos=\"8000\"/>"
            "</w:tabs></w:pPr><w:r><w:t>Nom :</w:t></w:r><w:r><w:tab/></w:r></w:p>"
            "<w:p><w:pPr><w:pStyle w:val=\"Ligne\"/></w:pPr><w:r><w:t>Adresse :</w:t><w:tab/>"
            "</w:r></w:p>"
            "<w:p><w:pPr><w:pStyle w:val=\"SansPoints\"/></w:pPr><w:r><w:t>Ville :</w:t><w:tab/>"
            "</w:r></w:p>"
            /* two stops: the first (no leader) is passed by the long label */
            "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"1000\"/><w:tab w:val=\"right\" "
            "w:leader=\"dot\" w:pos=\"9000\"/></w:tabs></w:pPr><w:r><w:t>Profession exercée "
            ":</w:t><w:tab/></w:r></w:p>"
            "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"1000\"/><w:tab w:val=\"right\" "
            "w:leader=\"dot\" w:pos=\"9000\"/></w:tabs></w:pPr><w:r><w:t>N°</w:t><w:tab/>"
            "<w:t>Date</w:t><w:tab/></w:r></w:p>"
            /* a table of contents: its leaders lead to page numbers */
            "<w:p><w:pPr><w:pStyle w:val=\"Ligne\"/></w:pPr><w:r><w:fldChar "
            "w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> TOC \\o \"1-3\" </w:instrText>"
            "</w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>Annexes</w:t>"
            "<w:tab/><w:t>iv</w:t></w:r></w:p><w:p><w:r><w:fldChar w:fldCharType=\"end\"/>"
            "</w:r></w:p>"),
        extra);
    ck_assert_ptr_nonnull(fx_find_text(d, "Nom : ________"));
    ck_assert_ptr_nonnull(fx_find_text(d, "Adresse : ........"));
    ck_assert_str_eq(fx_must(fx_find_text(d, "Ville"))->text, "Ville :");
    ck_assert_ptr_nonnull(fx_find_text(d, "Profession exercée : ........"));
    ck_assert_str_eq(fx_must(fx_find_text(d, "N°"))->text, "N° Date ........");
    ck_assert_str_eq(fx_must(fx_find_text(d, "Annexes"))->text, "Annexes iv");
    fa_doc_free(d);
}
END_TEST

/* Fields a generated document fills (MERGEFIELD, DOCVARIABLE) or that prompt at
 * opening (FILLIN, ASK) are controls named by the field, labelled by the prompt; the
 * one-element form (w:fldSimple) too. */
#define FLD(code, result)                                                                          \
    "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText "                            \
    "xml:space=\"preserve\">" code                                                                 \
    "</w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>" result      \
    "</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
#define LABEL(s) "<w:r><w:t xml:space=\"preserve\">" s "</w:t></w:r>"
/* clang-format off */
static const char MERGE_DOC[] = DOC(
    "<w:p>" LABEL("Nom : ") FLD(" MERGEFIELD  Nom_usager  \\* MERGEFORMAT ", "«Nom_usager»") "</w:p>"
    "<w:p>" LABEL("Ressources : ") FLD(" MERGEFIELD revenus ", "1 200 €") "</w:p>"
    "<w:p>" FLD(" FILLIN \"Motif de la demande ?\" \\d \"\" ", "") "</w:p>"
    "<w:p>" FLD(" ASK religion \"Religion pratiquée\" ", "") "</w:p>"
    "<w:p>" LABEL("Page ") FLD(" PAGE ", "1") "</w:p>"
    "<w:p>" LABEL("Prénom : ") "<w:fldSimple w:instr=\" MERGEFIELD Prenom \"><w:r><w:t>«Prenom»"
    "</w:t></w:r></w:fldSimple></w:p>");
/* clang-format on */

START_TEST(test_merge_and_prompt_fields)
{
    fa_doc *d = open_docx(MERGE_DOC, NULL);
    const fa_control *c = fx_ctl(d, 0);
    ck_assert_str_eq(c->name, "Nom_usager");
    ck_assert_ptr_null(c->value); /* «Nom_usager»: not merged yet */
    ck_assert_str_eq(fx_must(fx_nth(d, FA_N_CONTROL, 0))->parent->text, "Nom :");
    c = fx_ctl(d, 1);
    ck_assert_str_eq(c->name, "revenus");
    ck_assert_str_eq(c->value, "1 200 €");
    c = fx_ctl(d, 2);
    ck_assert_str_eq(c->label, "Motif de la demande ?");
    c = fx_ctl(d, 3);
    ck_assert_str_eq(c->name, "religion");
    ck_assert_str_eq(c->label, "Religion pratiquée");
    ck_assert_ptr_nonnull(fx_find_text(d, "Page 1")); /* PAGE is no input */
    c = fx_ctl(d, 4);
    ck_assert_str_eq(c->name, "Prenom");
    ck_assert_ptr_null(c->value);
    ck_assert_str_eq(fx_must(fx_nth(d, FA_N_CONTROL, 4))->parent->text, "Prénom :");
    ck_assert_ptr_null(fx_nth(d, FA_N_CONTROL, 5));
    fa_doc_free(d);
}
END_TEST
#undef FLD
#undef LABEL

/* w:altChunk: a document Word shows in place (HTML, another DOCX) is read there. */
START_TEST(test_alt_chunk)
{
    const char *html = "<html><body><p>Orientation sexuelle : <input name=o></p></body></html>";
    const char *extra[] = {
        "word/_rels/document.xml.rels",
        RELS(REL("c1", "aFChunk", "chunk1.htm") REL("c2", "aFChunk", "/word/missing.htm")
                 REL("c3", "aFChunk", "chunk3.rtf")),
        "word/chunk1.htm",
        html,
        "word/chunk3.rtf",
        "{\\rtf1\\ansi \\pard Num\\'e9ro de s\\'e9curit\\'e9 sociale : ____\\par}",
        NULL};
    fa_doc *d = open_docx(DOC("<w:p><w:r><w:t>Avant</w:t></w:r></w:p><w:altChunk "
                              "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
                              "relationships\" r:id=\"c1\"/><w:altChunk "
                              "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
                              "relationships\" r:id=\"c2\"/>"
                              "<w:p><w:r><w:t>Après</w:t></w:r></w:p>"
                              "<w:tbl><w:tr><w:tc><w:altChunk xmlns:r=\"http://schemas."
                              "openxmlformats.org/officeDocument/2006/relationships\" "
                              "r:id=\"c3\"/></w:tc></w:tr></w:tbl>"),
                          extra);
    const fa_node *p = fx_must(fx_find_text(d, "Orientation sexuelle"));
    ck_assert_ptr_eq(p->parent, d->root);
    ck_assert_ptr_eq(fx_must(fx_find_text(d, "Avant"))->next, p);
    ck_assert_ptr_eq(p->next, fx_find_text(d, "Après"));
    ck_assert_int_eq(fx_ctl(d, 0)->kind, FA_CTL_TEXT);
    const fa_node *nir = fx_must(fx_find_text(d, "Numéro de sécurité sociale"));
    ck_assert_int_eq(nir->parent->type, FA_N_CELL); /* where the chunk sits */
    bool warned = false;
    for (size_t i = 0; i < d->warnings.n; i++)
        warned |= strstr(d->warnings.v[i], "altChunk") != NULL;
    ck_assert(warned);
    fa_doc_free(d);
}
END_TEST

/* Tricks on the package: a name given twice (the last copy is what LibreOffice shows),
 * an OpenDocument mimetype entry first in a Word package. */
START_TEST(test_package_tricks)
{
    const char *pairs[] = {"mimetype",
                           "application/vnd.oasis.opendocument.text",
                           "[Content_Types].xml",
                           CT,
                           "word/document.xml",
                           DOC("<w:p><w:r><w:t>Nom : ____</w:t></w:r></w:p>"),
                           "word/document.xml",
                           DOC("<w:p><w:r><w:t>Religion : ____</w:t></w:r></w:p>"),
                           NULL};
    size_t size = 0;
    unsigned char *zip = fx_zip_stored(&size, pairs);
    ck_assert_ptr_nonnull(zip);
    ck_assert_int_eq(fa_sniff(zip, size), FA_FMT_DOCX);
    fa_doc *d = fx_open_mem("t.docx", zip, size);
    ck_assert_int_eq(d->format, FA_FMT_DOCX);
    ck_assert_ptr_nonnull(fx_find_text(d, "Religion"));
    ck_assert_ptr_null(fx_find_text(d, "Nom"));
    bool dup = false, mime = false;
    for (size_t i = 0; i < d->warnings.n; i++) {
        dup |= strstr(d->warnings.v[i], "twice") != NULL;
        mime |= strstr(d->warnings.v[i], "mimetype") != NULL;
    }
    ck_assert(dup);
    ck_assert(mime);
    fa_doc_free(d);
    free(zip);
}
END_TEST

/* ---------------------------------------------------------------- hostile input */

START_TEST(test_zip_ratio_bomb)
{
    /* 16 MB of one character compresses ~1000:1: far above FA_MAX_ZIP_RATIO. */
    size_t n = (size_t)16 << 20;
    char *big = malloc(n + 1);
    memset(big, 'a', n);
    big[n] = '\0';
    memcpy(big, "<w:document>", 12);
    const char *pairs[] = {"[Content_Types].xml", CT, "word/document.xml", big, NULL};
    size_t size = 0;
    unsigned char *zip = fx_zip(&size, pairs);
    free(big);
    ck_assert_ptr_nonnull(zip);
    ck_assert_uint_lt(size, n / FA_MAX_ZIP_RATIO);
    fa_error err = {0};
    double t0 = fx_now();
    ck_assert_int_eq(open_err(zip, size, &err), FA_ERR_LIMIT);
    ck_assert_ptr_nonnull(strstr(err.message, "word/document.xml"));
    ck_assert_ptr_nonnull(strstr(err.message, "ratio"));
    ck_assert(fx_now() - t0 < 5.0);
    free(zip);
}
END_TEST

/* Patch the sizes libzip reads from the central directory (and the local header). */
static void patch_sizes(unsigned char *zip, size_t size, const char *name, uint32_t usize)
{
    size_t k = strlen(name);
    for (size_t i = 0; i + 46 + k <= size; i++) {
        if (!memcmp(zip + i, "PK\x01\x02", 4) && !memcmp(zip + i + 46, name, k)) {
            unsigned char *u = zip + i + 24;
            u[0] = usize & 0xFF, u[1] = (usize >> 8) & 0xFF, u[2] = (usize >> 16) & 0xFF,
            u[3] = (usize >> 24) & 0xFF;
        }
        if (!memcmp(zip + i, "PK\x03\x04", 4) && i + 30 + k <= size &&
            !memcmp(zip + i + 30, name, k)) {
            unsigned char *u = zip + i + 22;
            u[0] = usize & 0xFF, u[1] = (usize >> 8) & 0xFF, u[2] = (usize >> 16) & 0xFF,
            u[3] = (usize >> 24) & 0xFF;
        }
    }
}

START_TEST(test_zip_declared_size_limits)
{
    const char *pairs[] = {"[Content_Types].xml", CT, "word/document.xml",
                           DOC("<w:p><w:r><w:t>x</w:t></w:r></w:p>"), NULL};
    size_t size = 0;
    unsigned char *zip = fx_zip(&size, pairs);
    /* Declared 3 GB: refused before inflating anything. */
    patch_sizes(zip, size, "word/document.xml", 3000000000u);
    fa_error err = {0};
    ck_assert_int_eq(open_err(zip, size, &err), FA_ERR_LIMIT);
    ck_assert_ptr_nonnull(strstr(err.message, "FA_MAX_ZIP_ENTRY"));
    free(zip);

    /* Declared smaller than the real data: the inflated count is checked, not the
     * header; the entry never yields more than it declared or an error. */
    size_t n = (size_t)4 << 20;
    char *big = malloc(n + 1);
    memset(big, ' ', n);
    big[n] = '\0';
    memcpy(big, "<w:document>", 12);
    const char *p2[] = {"[Content_Types].xml", CT, "word/document.xml", big, NULL};
    zip = fx_zip(&size, p2);
    free(big);
    patch_sizes(zip, size, "word/document.xml", 100);
    ck_assert_int_ne(open_err(zip, size, &err), FA_OK);
    free(zip);
}
END_TEST

START_TEST(test_truncated_and_random)
{
    const char *pairs[] = {"[Content_Types].xml", CT, "word/document.xml",
                           DOC("<w:p><w:r><w:t>Nom et prénom du demandeur</w:t></w:r></w:p>"),
                           NULL};
    size_t size = 0;
    unsigned char *zip = fx_zip(&size, pairs);
    fa_error err = {0};
    for (size_t cut = 30; cut < size; cut += size / 7 + 1) {
        fa_status st = open_err(zip, cut, &err);
        ck_assert_msg(st == FA_ERR_CORRUPT || st == FA_ERR_FORMAT, "cut %zu: %d %s", cut, st,
                      err.message);
    }
    free(zip);
    unsigned char rnd[4096];
    srand(42);
    for (size_t i = 0; i < sizeof rnd; i++)
        rnd[i] = (unsigned char)rand();
    memcpy(rnd, "PK\x03\x04", 4);
    memcpy(rnd + 30, "word/document.xml", 17);
    fa_status st = open_err(rnd, sizeof rnd, &err);
    ck_assert_msg(st == FA_ERR_CORRUPT || st == FA_ERR_FORMAT, "%d %s", st, err.message);
    /* A valid zip whose document.xml is broken XML names the part and line. */
    ck_assert_int_eq(
        docx_err("<?xml version=\"1.0\"?>\n<w:document " W_NS ">\n<w:body><w:p></w:body>", &err),
        FA_ERR_CORRUPT);
    ck_assert_ptr_nonnull(strstr(err.message, "word/document.xml: line 3"));
}
END_TEST

START_TEST(test_entity_bomb_and_xxe)
{
    fa_error err = {0};
    double t0 = fx_now();
    const char *lol =
        "<?xml version=\"1.0\"?><!DOCTYPE w:document [<!ENTITY a \"aaaaaaaaaa\">"
        "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c "
        "\"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
        "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e "
        "\"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">"
        "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\"><!ENTITY g "
        "\"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">"
        "<!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\"><!ENTITY i "
        "\"&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;\">]>"
        "<w:document " W_NS "><w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p></w:body></w:document>";
    ck_assert_int_eq(docx_err(lol, &err), FA_ERR_CORRUPT);
    ck_assert(fx_now() - t0 < 2.0);
    const char *xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE w:document [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        "<w:document " W_NS "><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>";
    fa_status st = docx_err(xxe, &err);
    ck_assert_int_eq(st, FA_ERR_CORRUPT);
    ck_assert_ptr_null(strstr(err.message, "root:"));
}
END_TEST

/* A package whose NAME entry is stored uncompressed. */
static unsigned char *zip_stored(size_t *size, const char *name, const char *content)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_source_keep(src);
    zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    zip_file_add(za, "[Content_Types].xml", zip_source_buffer(za, CT, strlen(CT), 0), 0);
    zip_int64_t i = zip_file_add(za, name, zip_source_buffer(za, content, strlen(content), 0), 0);
    zip_set_file_compression(za, (zip_uint64_t)i, ZIP_CM_STORE, 0);
    if (zip_close(za) < 0) {
        zip_source_free(src);
        return NULL;
    }
    zip_stat_t st;
    zip_source_stat(src, &st);
    zip_source_open(src);
    unsigned char *buf = malloc(st.size);
    zip_int64_t n = zip_source_read(src, buf, st.size);
    zip_source_close(src);
    zip_source_free(src);
    *size = n > 0 ? (size_t)n : 0;
    return buf;
}

START_TEST(test_deep_nesting)
{
    size_t depth = 100000;
    size_t n = depth * 24 + 200;
    char *doc = malloc(n);
    size_t k = (size_t)snprintf(doc, n, "<?xml version=\"1.0\"?><w:document " W_NS "><w:body>");
    for (size_t i = 0; i < depth; i++)
        k += (size_t)snprintf(doc + k, n - k, "<w:sdt><w:sdtContent>");
    doc[k] = '\0';
    /* Stored, not deflated: repeated tags would trip the ratio limit first. */
    size_t size = 0;
    unsigned char *zip = zip_stored(&size, "word/document.xml", doc);
    ck_assert_ptr_nonnull(zip);
    fa_error err = {0};
    double t0 = fx_now();
    ck_assert_int_eq(open_err(zip, size, &err), FA_ERR_LIMIT);
    free(zip);
    ck_assert(fx_now() - t0 < 5.0);
    ck_assert_msg(strstr(err.message, "FA_MAX_XML_DEPTH") != NULL, "%s", err.message);
    free(doc);
}
END_TEST

START_TEST(test_encrypted_entry)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_source_keep(src);
    zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    const char *docxml = DOC("<w:p><w:r><w:t>secret</w:t></w:r></w:p>");
    zip_file_add(za, "[Content_Types].xml", zip_source_buffer(za, CT, strlen(CT), 0), 0);
    zip_int64_t i =
        zip_file_add(za, "word/document.xml", zip_source_buffer(za, docxml, strlen(docxml), 0), 0);
    if (zip_file_set_encryption(za, (zip_uint64_t)i, ZIP_EM_AES_256, "pw") < 0 &&
        zip_file_set_encryption(za, (zip_uint64_t)i, ZIP_EM_TRAD_PKWARE, "pw") < 0) {
        zip_discard(za);
        zip_source_free(src);
        return; /* libzip built without encryption support */
    }
    ck_assert_int_eq(zip_close(za), 0);
    zip_stat_t st;
    zip_source_stat(src, &st);
    zip_source_open(src);
    unsigned char *buf = malloc(st.size);
    zip_int64_t n = zip_source_read(src, buf, st.size);
    zip_source_close(src);
    zip_source_free(src);
    fa_error err = {0};
    ck_assert_int_eq(open_err(buf, (size_t)n, &err), FA_ERR_ENCRYPTED);
    free(buf);
}
END_TEST

/* ---------------------------------------------------------------- real files */

int main(void)
{
    Suite *s = suite_create("read_docx");
    TCase *tc = tcase_create("model");
    tcase_add_test(tc, test_sdt_controls);
    tcase_add_test(tc, test_sdt_docpart_is_content);
    tcase_add_test(tc, test_legacy_form_fields);
    tcase_add_test(tc, test_activex_controls);
    tcase_add_test(tc, test_table_merges);
    tcase_add_test(tc, test_headings_lists_styles);
    tcase_add_test(tc, test_hidden_deleted_comments);
    tcase_add_test(tc, test_textbox_once_and_meta);
    tcase_add_test(tc, test_vml_and_cell_textboxes);
    tcase_add_test(tc, test_alternate_main_part_and_prefix);
    tcase_add_test(tc, test_tab_leaders);
    tcase_add_test(tc, test_merge_and_prompt_fields);
    tcase_add_test(tc, test_alt_chunk);
    tcase_add_test(tc, test_package_tricks);
    suite_add_tcase(s, tc);
    TCase *hostile = tcase_create("hostile");
    tcase_set_timeout(hostile, 60);
    tcase_add_test(hostile, test_zip_ratio_bomb);
    tcase_add_test(hostile, test_zip_declared_size_limits);
    tcase_add_test(hostile, test_truncated_and_random);
    tcase_add_test(hostile, test_entity_bomb_and_xxe);
    tcase_add_test(hostile, test_deep_nesting);
    tcase_add_test(hostile, test_encrypted_entry);
    suite_add_tcase(s, hostile);
    return fx_run_suite(s);
}
