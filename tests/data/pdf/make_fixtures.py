#!/usr/bin/env python3
"""make_fixtures.py — writes the small hand-made PDF fixtures of test_read_pdf.c.

Written by hand (no generator library) so each object is known: an AcroForm page with
a text widget whose label "Nom :" is printed to its left and that has no /TU tooltip,
a combo box with options and a tooltip, a checkbox followed by its option text, a
multi-line widget beside no text (label on the line above), a radio group; and a
page with only a drawn rectangle (no text layer); a two-page file whose first page
has no text; a form whose fields are drawn (rules, boxes, a comb, a ruled grid); a
dynamic XFA form (fields only in its template) and the same with its template cut;
AcroForm layouts of real forms (generic names, units, labels over two lines, options).
Run: python3 make_fixtures.py DIR
"""
import sys, os

def pdf(objects):
    """objects: list of bytes bodies, object i+1. Returns a complete PDF."""
    out = bytearray(b"%PDF-1.6\n%\xe2\xe3\xcf\xd3\n")
    offs = []
    for i, body in enumerate(objects):
        offs.append(len(out))
        out += b"%d 0 obj\n" % (i + 1) + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for o in offs:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 2 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)

def stream(data):
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"

def text(x, y, size, s):
    return b"BT /F1 %d Tf %d %d Td (%s) Tj ET\n" % (size, x, y, s)

def acroform():
    content = b"".join([
        text(72, 780, 18, b"Demande d'aide au transport"),
        text(72, 750, 11, b"Merci de remplir ce formulaire en lettres capitales."),
        text(72, 735, 11, b"Toutes les rubriques sont obligatoires."),
        text(72, 700, 11, b"Nom :"),
        text(72, 670, 11, b"Situation :"),
        text(92, 642, 11, b"J'accepte d'\\352tre recontact\\351"),
        text(72, 610, 11, b"Observations :"),
        text(72, 520, 11, b"Mode de transport :"),
        text(190, 520, 11, b"Bus"),
        text(250, 520, 11, b"V\\351lo"),
    ])
    # 1 catalog, 2 info, 3 pages, 4 page, 5 content, 6 font, 7.. widgets
    w = [
        b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (nom) /Rect [110 695 320 713] /P 4 0 R /F 4 >>",
        b"<< /Type /Annot /Subtype /Widget /FT /Ch /Ff 131072 /T (situation) /TU (Situation familiale)"
        b" /Opt [(Seul\\(e\\)) (En couple) (Autre)] /V (En couple) /Rect [140 665 320 683] /P 4 0 R /F 4 >>",
        b"<< /Type /Annot /Subtype /Widget /FT /Btn /T (accord) /V /Off /AS /Off /Rect [72 640 86 654] /P 4 0 R /F 4"
        b" /AP << /N << /Oui 14 0 R /Off 14 0 R >> >> >>",
        b"<< /Type /Annot /Subtype /Widget /FT /Tx /Ff 4096 /T (observations) /Rect [72 540 400 600] /P 4 0 R /F 4 >>",
        b"<< /FT /Btn /Ff 49152 /T (transport) /V /Bus /Kids [12 0 R 13 0 R] >>",
        None, None,
    ]
    ap = stream(b"")
    objs = [
        b"<< /Type /Catalog /Pages 3 0 R /AcroForm << /Fields [7 0 R 8 0 R 9 0 R 10 0 R 11 0 R] >> >>",
        b"<< /Title (Demande d'aide au transport) /Author (Service mobilit\\351) /CreationDate (D:20240102030405Z) >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Contents 5 0 R"
        b" /Resources << /Font << /F1 6 0 R >> >> /Annots [7 0 R 8 0 R 9 0 R 10 0 R 12 0 R 13 0 R] >>",
        stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ] + w[:5] + [
        b"<< /Type /Annot /Subtype /Widget /Parent 11 0 R /AS /Bus /Rect [172 518 184 530] /P 4 0 R /F 4"
        b" /AP << /N << /Bus 14 0 R /Off 14 0 R >> >> >>",
        b"<< /Type /Annot /Subtype /Widget /Parent 11 0 R /AS /Off /Rect [232 518 244 530] /P 4 0 R /F 4"
        b" /AP << /N << /Velo 14 0 R /Off 14 0 R >> >> >>",
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 12 12] /Length 0 >>\nstream\n\nendstream",
    ]
    return pdf(objs)

def no_text():
    content = b"0.8 0.8 0.8 rg 72 72 451 698 re f\n"
    objs = [
        b"<< /Type /Catalog /Pages 3 0 R >>",
        b"<< /Producer (scanner) >>",
        b"<< /Type /Pages /Kids [4 0 R 6 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Contents 5 0 R >>",
        stream(content),
        b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Contents 5 0 R >>",
    ]
    return pdf(objs)

def mixed():
    """Page 1 an image-like drawing only (as a scanned page), page 2 real text."""
    objs = [
        b"<< /Type /Catalog /Pages 3 0 R >>",
        b"<< /Title (Mixte) >>",
        b"<< /Type /Pages /Kids [4 0 R 6 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Contents 5 0 R >>",
        stream(b"0.8 0.8 0.8 rg 72 72 451 698 re f\n"),
        b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Contents 7 0 R"
        b" /Resources << /Font << /F1 8 0 R >> >> >>",
        stream(text(72, 780, 11, b"Situation professionnelle :") + text(72, 760, 11, b"Employeur actuel :")),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    return pdf(objs)

def graphics():
    """A form whose fields are drawn, not typed: a solid rule after "Nom :", boxes
    drawn as squares before "Seul" and "En couple", a comb of 8 "U" cells grouped 2-2-4
    after "Date de naissance :", a ruled grid of two rows (label | empty cell), a dotted
    rule under "Observations :", and titles underlined (not fields): one larger than
    the text, one bold with a rule from its start to the margin."""
    g = []
    g.append(b"0 g 0.5 w 72 768 m 320 768 l S\n")  # the title's underline
    g.append(b"0.5 w 110 698 m 300 698 l S\n")  # Nom : ______
    for x in (150, 220):  # two boxes, 9 pt
        g.append(b"%d 667 9 9 re S\n" % x)
    x = 170.0
    for n in (2, 2, 4):  # comb cells: baseline and two sides, 12 pt wide
        for _ in range(n):
            g.append(b"%.1f 644 m %.1f 640 l %.1f 640 l %.1f 644 l S\n" % (x, x, x + 12, x + 12))
            x += 14
        x += 4
    # ruled grid: x 72..200..400, y 620..600..580
    for y in (620, 600, 580):
        g.append(b"72 %d m 400 %d l S\n" % (y, y))
    for xx in (72, 200, 400):
        g.append(b"%d 580 m %d 620 l S\n" % (xx, xx))
    g.append(b"[1 2] 0 d 72 530 m 400 530 l S [] 0 d\n")  # dotted line to write on
    g.append(b"0.5 w 72 478 m 520 478 l S\n")  # a bold section title underlined to the margin
    content = b"".join(g) + b"".join([
        text(72, 772, 14, b"Fiche d'inscription"),
        text(72, 700, 11, b"Nom :"),
        text(72, 668, 11, b"Situation :"),
        text(162, 668, 11, b"Seul"),
        text(232, 668, 11, b"En couple"),
        text(72, 641, 11, b"Date de naissance :"),
        text(76, 606, 11, b"Employeur"),
        text(76, 586, 11, b"Poste"),
        text(72, 550, 11, b"Observations :"),
        b"BT /F2 11 Tf 72 481 Td (Comment tes donn\351es sont-elles prot\351g\351es ?) Tj ET\n",
    ])
    objs = [
        b"<< /Type /Catalog /Pages 3 0 R >>",
        b"<< /Title (Graphismes) >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Contents 5 0 R"
        b" /Resources << /Font << /F1 6 0 R /F2 7 0 R >> >> >>",
        stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    ]
    return pdf(objs)

def layout():
    """AcroForm layouts of real forms: a label over two lines before its widget;
    widgets with generic names ("Champ de texte 12") beside printed labels, one whose
    tooltip is a unit, a widget laid on a printed leader, one beside no text; two
    checkboxes each followed by its option on one line (labels must not be cut
    mid-word); a two-column "vous / conjoint" grid of rows."""
    content = b"".join([
        text(72, 780, 11, b"N\260 d'immatriculation"),
        text(72, 767, 11, b"s\351curit\351 sociale :"),
        text(72, 735, 11, b"Nom de l'employeur :"),
        text(72, 710, 11, b"Poids :"),
        text(190, 710, 11, b"kg"),
        text(90, 685, 11, b"J'accepte d'\352tre recontact\351"),
        text(72, 660, 11, b"Adresse : ________________________________"),
        text(72, 630, 11, b"Logement :"),
        text(150, 630, 11, b"locataire"),
        text(230, 630, 11, b"propri\351taire occupant"),
        text(250, 590, 11, b"Vous-m\352me"),
        text(400, 590, 11, b"Votre conjoint"),
        text(72, 570, 11, b"Sans activit\351 professionnelle ..................."),
        text(250, 570, 11, b"depuis le ____________"),
        text(400, 570, 11, b"depuis le ____________"),
        text(72, 550, 11, b"Salari\351(e) ..................................."),
        text(250, 550, 11, b"depuis le ____________"),
        text(400, 550, 11, b"depuis le ____________"),
    ])
    widgets = [
        b"/FT /Tx /T (Champ de texte 10) /Rect [190 764 400 778]",
        b"/FT /Tx /T (Champ de texte 12) /Rect [190 732 400 746]",
        b"/FT /Tx /T (Champ de texte 13) /TU (kg) /Rect [115 707 185 721]",
        b"/FT /Btn /T (Case \340 cocher 3) /V /Off /AS /Off /Rect [72 683 84 695]",
        b"/FT /Tx /T (Champ de texte 14) /Rect [120 657 320 671]",
        b"/FT /Tx /T (Champ de texte 15) /Rect [420 300 520 314]",
        b"/FT /Btn /T (Case \340 cocher 4) /V /Off /AS /Off /Rect [135 628 146 639]",
        b"/FT /Btn /T (Case \340 cocher 5) /V /Off /AS /Off /Rect [215 628 226 639]",
    ]
    first = 7
    refs = b" ".join(b"%d 0 R" % (first + i) for i in range(len(widgets)))
    objs = [
        b"<< /Type /Catalog /Pages 3 0 R /AcroForm << /Fields [" + refs + b"] >> >>",
        b"<< /Title (Mise en page) >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Contents 5 0 R"
        b" /Resources << /Font << /F1 6 0 R >> >> /Annots [" + refs + b"] >>",
        stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ] + [b"<< /Type /Annot /Subtype /Widget " + w + b" /P 4 0 R /F 4 >>" for w in widgets]
    return pdf(objs)

XFA_TEMPLATE = """<template xmlns="http://www.xfa.org/schema/xfa-template/2.8/">
<subform name="form1"><pageSet><pageArea name="P1"/></pageSet>
<subform name="identite">
<field name="nom"><ui><textEdit/></ui><caption><value><text>Nom de famille</text></value></caption></field>
<field name="naissance"><ui><dateTimeEdit/></ui><caption><value><text>Date de naissance</text></value></caption></field>
<field name="situation"><ui><choiceList/></ui><caption><value><text>Situation familiale</text></value></caption>
<items><text>C\u00e9libataire</text><text>Mari\u00e9(e)</text><text>S\u00e9par\u00e9(e)</text></items></field>
<exclGroup name="enfant"><caption><value><text>Attendez-vous un enfant ?</text></value></caption>
<field name="oui"><ui><checkButton shape="round"/></ui><caption><value><text>Oui</text></value></caption></field>
<field name="non"><ui><checkButton shape="round"/></ui><caption><value><text>Non</text></value></caption></field>
</exclGroup>
<field name="obs"><ui><textEdit multiLine="1"/></ui><assist><toolTip>Observations du travailleur social</toolTip></assist></field>
<field name="ref" access="protected"><ui><textEdit/></ui><value><text>N 13880*04</text></value></field>
<field name="cache" presence="hidden"><ui><textEdit/></ui></field>
<field name="imprimer"><ui><button/></ui><caption><value><text>Imprimer</text></value></caption></field>
<draw name="titre"><value><text>Demande d'aide</text></value></draw>
</subform></subform></template>"""

def xfa(template):
    """A dynamic XFA form: its page only says to wait, no AcroForm widget; the fields
    are in the template packet of /AcroForm /XFA (uncompressed here)."""
    content = text(72, 760, 12, b"Merci de patienter : ce formulaire s'ouvre dans Adobe Reader.")
    objs = [
        b"<< /Type /Catalog /Pages 3 0 R /AcroForm << /Fields [] /XFA [(preamble) 7 0 R (template) 8 0 R"
        b" (postamble) 9 0 R] >> /NeedsRendering true >>",
        b"<< /Title (XFA) >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Contents 5 0 R"
        b" /Resources << /Font << /F1 6 0 R >> >> >>",
        stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        stream(b'<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/">'),
        stream(template.encode("utf-8")),
        stream(b"</xdp:xdp>"),
    ]
    return pdf(objs)

d = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
open(os.path.join(d, "acroform.pdf"), "wb").write(acroform())
open(os.path.join(d, "no-text-layer.pdf"), "wb").write(no_text())
open(os.path.join(d, "mixed.pdf"), "wb").write(mixed())
open(os.path.join(d, "graphics.pdf"), "wb").write(graphics())
open(os.path.join(d, "xfa.pdf"), "wb").write(xfa(XFA_TEMPLATE))
open(os.path.join(d, "xfa-broken.pdf"), "wb").write(xfa(XFA_TEMPLATE[:300]))
open(os.path.join(d, "layout.pdf"), "wb").write(layout())
