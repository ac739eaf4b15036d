/* test_read_odt.c — the ODT reader on small packages built in memory: form controls
 * anchored in paragraphs, spanned table cells, headings and lists, annotations,
 * tracked changes, page headers, metadata, encryption; then the real third-party
 * files of the shared corpus. */
#include "fixtures.h"
#include "model.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ODF_NS                                                                                     \
    "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "                           \
    "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "                               \
    "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "                             \
    "xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\" "                            \
    "xmlns:form=\"urn:oasis:names:tc:opendocument:xmlns:form:1.0\" "                               \
    "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" "                             \
    "xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\" "                    \
    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "                                               \
    "xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\" "                               \
    "xmlns:xml=\"http://www.w3.org/XML/1998/namespace\""

#define CONTENT(styles, forms, body)                                                               \
    "<?xml version=\"1.0\"?><office:document-content " ODF_NS ">"                                  \
    "<office:automatic-styles>" styles "</office:automatic-styles><office:body><office:text>"      \
    "<office:forms>" forms "</office:forms>" body                                                  \
    "</office:text></office:body></office:document-content>"

static const char *const MIME = "application/vnd.oasis.opendocument.text";

static fa_doc *open_odt(const char *content, const char *const *extra)
{
    const char *pairs[16] = {"mimetype", MIME, "content.xml", content};
    size_t k = 4;
    for (size_t i = 0; extra && extra[i] && k < 14; i++)
        pairs[k++] = extra[i];
    pairs[k] = NULL;
    size_t size = 0;
    unsigned char *zip = fx_zip(&size, pairs);
    ck_assert_ptr_nonnull(zip);
    fa_doc *d = fx_open_mem("t.odt", zip, size);
    free(zip);
    ck_assert_int_eq(d->format, FA_FMT_ODT);
    return d;
}

START_TEST(test_form_controls_anchored)
{
    fa_doc *d = open_odt(
        CONTENT(
            "",
            "<form:form form:name=\"Form\">"
            "<form:listbox form:name=\"sitfam\" xml:id=\"control1\" form:id=\"control1\" "
            "form:dropdown=\"true\">"
            "<form:option form:label=\"Célibataire\"/><form:option form:label=\"Marié(e)\" "
            "form:current-selected=\"true\"/>"
            "<form:option form:label=\"Divorcé(e)\"/></form:listbox>"
            "<form:checkbox form:name=\"rqth\" form:id=\"control2\" form:label=\"Reconnaissance de "
            "handicap\" "
            "form:current-state=\"checked\"/>"
            "<form:textarea form:name=\"obs\" form:id=\"control3\" form:title=\"Vos remarques\"/>"
            "<form:radio form:name=\"sexe\" form:id=\"control4\" form:label=\"F\"/>"
            "<form:radio form:name=\"sexe\" form:id=\"control5\" form:label=\"M\" "
            "form:current-state=\"checked\"/>"
            "<form:text form:name=\"nom\" form:id=\"control6\" form:current-value=\"Durand\"/>"
            "<form:text form:name=\"orphan\" form:id=\"control7\"/>"
            "</form:form>",
            "<text:p>Situation familiale : <draw:control draw:control=\"control1\"/> "
            "(obligatoire)</text:p>"
            "<text:p><draw:control draw:control=\"control2\"/></text:p>"
            "<text:p>Observations :</text:p><text:p><draw:control "
            "draw:control=\"control3\"/></text:p>"
            "<text:p>Sexe : <draw:control draw:control=\"control4\"/> F <draw:control "
            "draw:control=\"control5\"/> M</text:p>"
            "<text:p>Nom<text:s text:c=\"3\"/>: <draw:control "
            "draw:control=\"control6\"/></text:p>"),
        NULL);
    const fa_node *lb = fx_must(fx_nth(d, FA_N_CONTROL, 0));
    ck_assert_int_eq(lb->ctl->kind, FA_CTL_CHOICE);
    ck_assert_str_eq(lb->ctl->name, "sitfam");
    ck_assert_uint_eq(lb->ctl->n_options, 3);
    ck_assert_str_eq(lb->ctl->options[2], "Divorcé(e)");
    ck_assert_str_eq(lb->ctl->value, "Marié(e)");
    ck_assert_str_eq(lb->parent->text, "Situation familiale : (obligatoire)");
    ck_assert_uint_eq(lb->offset, strlen("Situation familiale : ")); /* before "(obligatoire)" */

    const fa_node *cb = fx_must(fx_nth(d, FA_N_CONTROL, 1));
    ck_assert_int_eq(cb->ctl->kind, FA_CTL_CHECKBOX);
    ck_assert_int_eq(cb->ctl->checked, 1);
    ck_assert_str_eq(cb->ctl->label, "Reconnaissance de handicap");

    const fa_node *ta = fx_must(fx_nth(d, FA_N_CONTROL, 2));
    ck_assert_int_eq(ta->ctl->kind, FA_CTL_MULTILINE);
    ck_assert_str_eq(ta->ctl->tooltip, "Vos remarques");

    const fa_node *r1 = fx_must(fx_nth(d, FA_N_CONTROL, 3));
    const fa_node *r2 = fx_must(fx_nth(d, FA_N_CONTROL, 4));
    ck_assert_int_eq(r1->ctl->kind, FA_CTL_RADIO);
    ck_assert_int_eq(r1->ctl->checked, 0);
    ck_assert_int_eq(r2->ctl->checked, 1);
    ck_assert_int_gt(r1->ctl->group, 0);
    ck_assert_int_eq(r1->ctl->group, r2->ctl->group);
    ck_assert_ptr_eq(r1->parent, r2->parent);
    ck_assert_uint_lt(r1->offset, r2->offset);

    const fa_node *t = fx_must(fx_nth(d, FA_N_CONTROL, 5));
    ck_assert_str_eq(t->ctl->value, "Durand");
    ck_assert_str_eq(t->parent->text, "Nom :");
    ck_assert_ptr_null(fx_nth(d, FA_N_CONTROL, 6)); /* declared but never placed */
    fa_doc_free(d);
}
END_TEST

START_TEST(test_table_spans)
{
    fa_doc *d = open_odt(
        CONTENT(
            "", "",
            "<table:table table:name=\"T\"><table:table-column "
            "table:number-columns-repeated=\"3\"/>"
            "<table:table-header-rows><table:table-row>"
            "<table:table-cell "
            "table:number-columns-spanned=\"2\"><text:p>Identité</text:p></table:table-cell>"
            "<table:covered-table-cell/><table:table-cell><text:p>Pièce</text:p></table:table-cell>"
            "</table:table-row></table:table-header-rows>"
            "<table:table-row><table:table-cell "
            "table:number-rows-spanned=\"2\"><text:p>Parent</text:p></table:table-cell>"
            "<table:table-cell><text:p>Nom</text:p></table:table-cell><table:table-cell/></"
            "table:table-row>"
            "<table:table-row><table:covered-table-cell/><table:table-cell><text:p>Prénom</"
            "text:p></table:table-cell>"
            "<table:table-cell/></table:table-row>"
            "<table:table-row><table:table-cell><text:p>Adresse</text:p></table:table-cell>"
            "<table:table-cell "
            "table:number-columns-repeated=\"2\"/></table:table-row></table:table>"),
        NULL);
    const fa_node *t = fx_must(fx_nth(d, FA_N_TABLE, 0));
    const fa_node *r1 = t->first, *r2 = r1->next, *r3 = r2->next;
    ck_assert(r1->flags & FA_NF_HEADER_ROW);
    ck_assert(!(r2->flags & FA_NF_HEADER_ROW));
    /* the horizontally covered cell is not a cell of its own */
    ck_assert_int_eq(r1->first->colspan, 2);
    ck_assert_ptr_null(r1->first->next->next);
    ck_assert_int_eq(r2->first->rowspan, 2);
    ck_assert_int_eq(r3->first->rowspan, 0); /* covered from above */
    ck_assert_int_eq(r3->first->next->rowspan, 1);
    const fa_node *r4 = r3->next; /* a repeated empty cell is two cells */
    ck_assert_ptr_nonnull(r4->first->next->next);
    ck_assert_ptr_null(r4->first->next->next->next);
    ck_assert_int_eq(fx_must(fx_find_text(d, "Prénom"))->loc.row, 3);
    ck_assert_int_eq(fx_must(fx_find_text(d, "Prénom"))->loc.cell, 2);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_text_structure)
{
    const char *styles =
        "<?xml version=\"1.0\"?><office:document-styles " ODF_NS "><office:styles>"
        "<style:style style:name=\"Petit\" style:family=\"paragraph\"><style:text-properties "
        "fo:font-size=\"7pt\"/></style:style>"
        "</office:styles><office:master-styles><style:master-page style:name=\"Standard\">"
        "<style:header><text:p>CCAS de Montreuil</text:p></style:header>"
        "<style:footer><text:p>Page "
        "1</text:p></style:footer></style:master-page></office:master-styles>"
        "</office:document-styles>";
    const char *meta =
        "<?xml version=\"1.0\"?><office:document-meta " ODF_NS "><office:meta>"
        "<meta:generator>LibreOffice/7.4</meta:generator><dc:title>Demande d'aide "
        "facultative</dc:title>"
        "<meta:initial-creator>Agent CCAS</meta:initial-creator><dc:creator>Agent 2</dc:creator>"
        "<meta:creation-date>2023-05-01T09:00:00</meta:creation-date><dc:date>2023-06-01T10:00:00</"
        "dc:date>"
        "</office:meta></office:document-meta>";
    const char *extra[] = {"styles.xml", styles, "meta.xml", meta, NULL};
    fa_doc *d = open_odt(
        CONTENT("<style:style style:name=\"P1\" style:family=\"paragraph\"><style:text-properties "
                "fo:font-weight=\"bold\"/></style:style>"
                "<style:style style:name=\"P2\" style:family=\"paragraph\" "
                "style:parent-style-name=\"Heading_20_1\"/>"
                "<style:style style:name=\"T1\" style:family=\"text\"><style:text-properties "
                "text:display=\"none\"/></style:style>",
                "",
                "<text:tracked-changes><text:changed-region "
                "text:id=\"c1\"><text:deletion><text:p>orientation sexuelle</text:p>"
                "</text:deletion></text:changed-region></text:tracked-changes>"
                "<text:p text:style-name=\"P2\">Demande d'aide</text:p>"
                "<text:h text:outline-level=\"2\">Situation du foyer</text:h>"
                "<text:p text:style-name=\"P1\">Ressources :</text:p>"
                "<text:list><text:list-item><text:p>Salaires</"
                "text:p><text:list><text:list-item><text:p>Primes</text:p>"
                "</text:list-item></text:list></text:list-item></text:list>"
                "<text:p>Nom<text:tab/>et<text:line-break/>prénom<text:span "
                "text:style-name=\"T1\"> caché</text:span>"
                "<office:annotation><dc:creator>Relecteur</dc:creator><text:p>Pourquoi demander la "
                "religion ?</text:p></office:annotation></text:p>"
                "<text:p>Fin de page<text:soft-page-break/></text:p><text:p>Vos droits<text:note "
                "text:note-class=\"footnote\">"
                "<text:note-citation>1</text:note-citation><text:note-body><text:p>Règlement (UE) "
                "2016/679.</text:p>"
                "</text:note-body></text:note></text:p>"
                "<text:p text:style-name=\"Petit\">Mentions légales</text:p>"
                "<draw:frame><draw:text-box><text:p>Cadre réservé au "
                "service</text:p></draw:text-box></draw:frame>"),
        extra);
    ck_assert_ptr_null(fx_find_text(d, "orientation sexuelle"));
    const fa_node *h = fx_must(fx_find_text(d, "Demande d'aide"));
    ck_assert_int_eq(h->type, FA_N_HEADING); /* paragraph in a heading style */
    ck_assert_int_eq(h->level, 1);
    h = fx_must(fx_find_text(d, "Situation du foyer"));
    ck_assert_int_eq(h->type, FA_N_HEADING);
    ck_assert_int_eq(h->level, 2);
    ck_assert(fx_must(fx_find_text(d, "Ressources"))->flags & FA_NF_BOLD);
    const fa_node *li = fx_must(fx_find_text(d, "Primes"));
    ck_assert_int_eq(li->type, FA_N_LIST_ITEM);
    ck_assert_int_eq(li->level, 2);
    ck_assert_int_eq(fx_must(fx_find_text(d, "Salaires"))->level, 1);
    ck_assert_str_eq(fx_must(fx_find_text(d, "Nom et"))->text, "Nom et prénom");
    const fa_node *an = fx_must(fx_find_text(d, "religion"));
    ck_assert_uint_eq(an->flags & (FA_NF_COMMENT | FA_NF_HIDDEN), FA_NF_COMMENT | FA_NF_HIDDEN);
    ck_assert_ptr_null(fx_find_text(d, "Relecteur"));
    ck_assert_int_eq(fx_must(fx_find_text(d, "Vos droits"))->loc.page, 2);
    ck_assert(fx_must(fx_find_text(d, "Règlement"))->flags & FA_NF_NOTE);
    ck_assert(fx_must(fx_find_text(d, "Mentions légales"))->flags & FA_NF_SMALL);
    ck_assert(fx_must(fx_find_text(d, "Cadre réservé"))->flags & FA_NF_TEXTBOX);
    const fa_node *hd = fx_must(fx_find_text(d, "CCAS de Montreuil"));
    ck_assert(hd->flags & FA_NF_HEADER);
    ck_assert_ptr_eq(d->root->first, hd); /* page header first */
    ck_assert(fx_must(fx_find_text(d, "Page 1"))->flags & FA_NF_HEADER);
    ck_assert_str_eq(d->meta.title, "Demande d'aide facultative");
    ck_assert_str_eq(d->meta.author, "Agent CCAS");
    ck_assert_str_eq(d->meta.last_modified_by, "Agent 2");
    ck_assert_str_eq(d->meta.creator, "LibreOffice/7.4");
    ck_assert_str_eq(d->meta.created, "2023-05-01T09:00:00");
    ck_assert_str_eq(d->meta.modified, "2023-06-01T10:00:00");
    fa_doc_free(d);
}
END_TEST

START_TEST(test_encrypted_and_damaged)
{
    const char *manifest =
        "<?xml version=\"1.0\"?><manifest:manifest "
        "xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\">"
        "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\">"
        "<manifest:encryption-data manifest:checksum-type=\"SHA1/1K\" manifest:checksum=\"x\">"
        "<manifest:algorithm manifest:algorithm-name=\"Blowfish CFB\"/></manifest:encryption-data>"
        "</manifest:file-entry></manifest:manifest>";
    const char *pairs[] = {"mimetype", MIME,          "META-INF/manifest.xml",
                           manifest,   "content.xml", "\x93\x11\xfe binary",
                           NULL};
    size_t size = 0;
    unsigned char *zip = fx_zip(&size, pairs);
    fa_doc *d = NULL;
    fa_error err = {0};
    ck_assert_int_eq(fa_doc_open_mem("t.odt", zip, size, &d, &err), FA_ERR_ENCRYPTED);
    ck_assert_str_eq(err.message, "password-protected ODT");
    free(zip);

    const char *p2[] = {"mimetype", MIME, "content.xml",
                        "<office:document-content " ODF_NS "><office:body>", NULL};
    zip = fx_zip(&size, p2);
    ck_assert_int_eq(fa_doc_open_mem("t.odt", zip, size, &d, &err), FA_ERR_CORRUPT);
    ck_assert_ptr_nonnull(strstr(err.message, "content.xml: line"));
    free(zip);

    const char *p3[] = {"mimetype", MIME, "meta.xml", "<x/>", NULL};
    zip = fx_zip(&size, p3);
    ck_assert_int_eq(fa_doc_open_mem("t.odt", zip, size, &d, &err), FA_ERR_CORRUPT);
    ck_assert_ptr_nonnull(strstr(err.message, "content.xml"));
    free(zip);
    ck_assert_ptr_null(d);
}
END_TEST

/* The labelled ODT forms (tests/data/labeled): every labelled form control is read. */
/* A flat ODT (.fodt): one XML file, read by the ODT reader as the package would be. */
START_TEST(test_flat_odt)
{
    const char *fodt =
        "<?xml version=\"1.0\"?><office:document " ODF_NS " office:version=\"1.3\" "
        "office:mimetype=\"application/vnd.oasis.opendocument.text\">"
        "<office:meta><dc:title>Fiche d'inscription</dc:title></office:meta>"
        "<office:styles><style:style style:name=\"Heading_20_1\" style:family=\"paragraph\"/>"
        "</office:styles><office:automatic-styles><style:style style:name=\"T1\" "
        "style:family=\"text\"><style:text-properties text:display=\"none\"/></style:style>"
        "</office:automatic-styles><office:master-styles><style:master-page style:name=\"S\">"
        "<style:header><text:p>Entête de page</text:p></style:header>"
        "<style:footer><text:p>Pied de page</text:p></style:footer></style:master-page>"
        "</office:master-styles><office:body><office:text>"
        "<office:forms><form:form><form:checkbox form:id=\"c1\" form:label=\"Handicap\"/>"
        "</form:form></office:forms>"
        "<text:p text:style-name=\"Heading_20_1\">Identité</text:p>"
        "<text:p>Religion<text:span text:style-name=\"T1\"> masquée</text:span> : ____</text:p>"
        "<text:p><draw:control draw:control=\"c1\"/></text:p>"
        "</office:text></office:body></office:document>";
    fa_doc *d = fx_open_mem("t.fodt", fodt, strlen(fodt));
    ck_assert_int_eq(d->format, FA_FMT_ODT);
    const fa_node *h = fx_must(fx_find_text(d, "Identité"));
    ck_assert_int_eq(h->type, FA_N_HEADING);
    ck_assert_ptr_nonnull(fx_find_text(d, "Religion : ____"));
    ck_assert(fx_must(fx_find_text(d, "Entête"))->flags & FA_NF_HEADER);
    ck_assert(fx_must(fx_find_text(d, "Pied"))->flags & FA_NF_HEADER);
    ck_assert_str_eq(fx_ctl(d, 0)->label, "Handicap");
    ck_assert_ptr_null(fx_nth(d, FA_N_CONTROL, 1)); /* read once, not once per pass */
    int n = 0;
    for (const fa_node *c = d->root->first; c; c = c->next)
        n += fa_node_is_text(c) && strstr(c->text, "Identité") != NULL;
    ck_assert_int_eq(n, 1);
    ck_assert_str_eq(d->meta.title, "Fiche d'inscription");
    fa_doc_free(d);
}
END_TEST

/* Fields of the text itself: input fields, placeholders, drop-downs, user, variable
 * and database fields are controls where they sit; their shown text is the value
 * (a placeholder's is what to type). */
START_TEST(test_text_fields)
{
    fa_doc *d = open_odt(
        CONTENT("", "",
                "<text:user-field-decls><text:user-field-decl office:value-type=\"string\" "
                "office:string-value=\"Dupont\" text:name=\"NomUsager\"/></text:user-field-decls>"
                "<text:p>Nom : <text:user-field-get text:name=\"NomUsager\">Dupont"
                "</text:user-field-get></text:p>"
                "<text:p>Motif : <text:text-input text:description=\"Motif de la demande\">"
                "perte d'emploi</text:text-input></text:p>"
                "<text:p>Adresse : <text:placeholder text:placeholder-type=\"text\" "
                "text:description=\"Adresse du demandeur\">&lt;Adresse&gt;</text:placeholder>"
                "</text:p>"
                "<text:p>Né le <text:placeholder text:placeholder-type=\"text\">&lt;date&gt;"
                "</text:placeholder></text:p>"
                "<text:p>Situation : <text:drop-down text:name=\"sit\"><text:label "
                "text:value=\"Célibataire\"/><text:label text:value=\"Marié(e)\" "
                "text:current-selected=\"true\"/>Marié(e)</text:drop-down></text:p>"
                "<text:p>N° CAF : <text:variable-input text:name=\"caf\" "
                "text:description=\"Numéro allocataire\"/></text:p>"
                "<text:p>Revenus : <text:database-display text:column-name=\"revenus\" "
                "text:table-name=\"usagers\">1200</text:database-display></text:p>"),
        NULL);
    const fa_control *c = fx_ctl(d, 0);
    ck_assert_str_eq(c->name, "NomUsager");
    ck_assert_str_eq(c->value, "Dupont");
    ck_assert_str_eq(fx_must(fx_nth(d, FA_N_CONTROL, 0))->parent->text, "Nom :");
    c = fx_ctl(d, 1);
    ck_assert_str_eq(c->label, "Motif de la demande");
    ck_assert_str_eq(c->value, "perte d'emploi");
    c = fx_ctl(d, 2);
    ck_assert_str_eq(c->label, "Adresse du demandeur");
    ck_assert_ptr_null(c->value);
    c = fx_ctl(d, 3);
    ck_assert_str_eq(c->label, "date"); /* "<date>": what to type */
    ck_assert_str_eq(fx_must(fx_nth(d, FA_N_CONTROL, 3))->parent->text, "Né le");
    c = fx_ctl(d, 4);
    ck_assert_int_eq(c->kind, FA_CTL_CHOICE);
    ck_assert_uint_eq(c->n_options, 2);
    ck_assert_str_eq(c->value, "Marié(e)");
    c = fx_ctl(d, 5);
    ck_assert_str_eq(c->label, "Numéro allocataire");
    ck_assert_str_eq(fx_ctl(d, 6)->name, "revenus");
    ck_assert_ptr_null(fx_find_text(d, "Dupont")); /* a value, not label text */
    fa_doc_free(d);
}
END_TEST

/* Tab stops with a leader (the paragraph's automatic style, or a parent style) draw
 * the line to fill; hidden text is read into paragraphs marked hidden. */
START_TEST(test_tab_leaders_hidden_text)
{
    const char *styles =
        "<?xml version=\"1.0\"?><office:document-styles " ODF_NS "><office:styles>"
        "<style:style style:name=\"Ligne\" style:family=\"paragraph\"><style:paragraph-properties>"
        "<style:tab-stops><style:tab-stop style:position=\"17cm\" style:type=\"right\" "
        "style:leader-style=\"dotted\" style:leader-text=\".\"/></style:tab-stops>"
        "</style:paragraph-properties></style:style></office:styles></office:document-styles>";
    const char *extra[] = {"styles.xml", styles, NULL};
    fa_doc *d = open_odt(
        CONTENT("<style:style style:name=\"P1\" style:family=\"paragraph\" "
                "style:parent-style-name=\"Ligne\"/>"
                "<style:style style:name=\"P2\" style:family=\"paragraph\">"
                "<style:paragraph-properties><style:tab-stops><style:tab-stop "
                "style:position=\"16cm\" style:leader-text=\"_\"/></style:tab-stops>"
                "</style:paragraph-properties></style:style>"
                "<style:style style:name=\"P3\" style:family=\"paragraph\" "
                "style:parent-style-name=\"Ligne\"><style:paragraph-properties>"
                "<style:tab-stops/></style:paragraph-properties></style:style>"
                "<style:style style:name=\"T1\" style:family=\"text\"><style:text-properties "
                "text:display=\"none\"/></style:style>",
                "",
                "<text:p text:style-name=\"P1\">Nom :<text:tab/></text:p>"
                "<text:p text:style-name=\"P2\">Adresse :<text:tab/></text:p>"
                "<text:p text:style-name=\"P3\">Ville :<text:tab/></text:p>"
                "<text:p>Religion<text:span text:style-name=\"T1\"> pratiquée</text:span> : "
                "____<text:hidden-text text:condition=\"x\" text:string-value=\"Confession\" "
                "text:is-hidden=\"true\"/></text:p>"
                "<text:p><text:hidden-paragraph text:condition=\"y\"/>Note interne</text:p>"
                "<text:p>Suite <text:hidden-text text:string-value=\"visible\" "
                "text:is-hidden=\"false\"/></text:p>"
                "<text:table-of-content><text:index-body><text:p text:style-name=\"P1\">"
                "Annexes<text:tab/>iv</text:p></text:index-body></text:table-of-content>"),
        extra);
    ck_assert_ptr_nonnull(fx_find_text(d, "Nom : ........"));
    ck_assert_ptr_nonnull(fx_find_text(d, "Adresse : ________"));
    ck_assert_str_eq(fx_must(fx_find_text(d, "Ville"))->text, "Ville :");
    ck_assert_str_eq(fx_must(fx_find_text(d, "Religion"))->text, "Religion : ____");
    const fa_node *h = fx_must(fx_find_text(d, "pratiquée"));
    ck_assert(h->flags & FA_NF_HIDDEN);
    ck_assert_ptr_nonnull(strstr(h->text, "Confession"));
    ck_assert(fx_must(fx_find_text(d, "Note interne"))->flags & FA_NF_HIDDEN);
    ck_assert_ptr_nonnull(fx_find_text(d, "Suite visible"));
    ck_assert_str_eq(fx_must(fx_find_text(d, "Annexes"))->text, "Annexes iv"); /* an index */
    fa_doc_free(d);
}
END_TEST

/* Frames, text boxes and footnotes are read, marked, after their anchor. */
START_TEST(test_frames_and_notes)
{
    fa_doc *d = open_odt(
        CONTENT("", "",
                "<text:p>Situation<text:note text:note-class=\"footnote\"><text:note-citation>1"
                "</text:note-citation><text:note-body><text:p>Religion : ____</text:p>"
                "</text:note-body></text:note> familiale</text:p>"
                "<text:p><draw:frame draw:name=\"F1\"><draw:text-box><text:p>Cadre réservé : "
                "N° de dossier ____</text:p></draw:text-box></draw:frame>Après</text:p>"),
        NULL);
    ck_assert_ptr_nonnull(fx_find_text(d, "Situation familiale"));
    const fa_node *n = fx_must(fx_find_text(d, "Religion"));
    ck_assert(n->flags & FA_NF_NOTE);
    ck_assert_ptr_eq(n->parent, d->root);
    ck_assert(fx_must(fx_find_text(d, "Cadre réservé"))->flags & FA_NF_TEXTBOX);
    ck_assert_ptr_nonnull(fx_find_text(d, "Après"));
    fa_doc_free(d);
}
END_TEST

START_TEST(test_labeled_controls)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/labeled/d1-contrat-engagement-rsa-controls.odt", FA_TEST_DATA);
    size_t size = 0;
    unsigned char *data = fx_read_file(path, &size);
    ck_assert_msg(data != NULL, "%s missing", path);
    fa_doc *d = fx_open_mem("d1.odt", data, size);
    free(data);
    const fa_node *lb = NULL;
    for (int k = 0; (lb = fx_nth(d, FA_N_CONTROL, k)) != NULL; k++)
        if (lb->ctl->kind == FA_CTL_CHOICE)
            break;
    ck_assert_ptr_nonnull(lb);
    ck_assert_uint_ge(fx_must(lb)->ctl->n_options, 2);
    ck_assert(fa_node_is_text(fx_must(lb)->parent));
    fa_doc_free(d);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("read_odt");
    TCase *tc = tcase_create("model");
    tcase_add_test(tc, test_form_controls_anchored);
    tcase_add_test(tc, test_table_spans);
    tcase_add_test(tc, test_text_structure);
    tcase_add_test(tc, test_encrypted_and_damaged);
    tcase_add_test(tc, test_flat_odt);
    tcase_add_test(tc, test_text_fields);
    tcase_add_test(tc, test_tab_leaders_hidden_text);
    tcase_add_test(tc, test_frames_and_notes);
    suite_add_tcase(s, tc);
    TCase *real = tcase_create("corpus");
    tcase_set_timeout(real, 120);
    tcase_add_test(real, test_labeled_controls);
    suite_add_tcase(s, real);
    return fx_run_suite(s);
}
