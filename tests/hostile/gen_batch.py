#!/usr/bin/python3
"""gen_batch.py — a mixed batch for tests/cli/batch_mixed.sh (issue 18, defect 1).

Usage: gen_batch.py OUTDIR [N]

Writes N documents (default 200) into OUTDIR: large DOCX tables (20,000 rows, the shape
that made the batch parent hand children heap pages they could not see), small DOCX,
ODT, HTML and text forms, and copies of the PDFs given in FA_BATCH_PDFS (colon-separated)
when set. Every document is valid: any status other than "ok" is a defect. Standard
library only; deterministic.
"""
import os, random, shutil, sys, zipfile

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/word/document.xml" ContentType="application/'
      'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
ODT_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2"')
QUESTIONS = ["Nom", "Prénom", "Religion", "Suivi de santé", "Motivation du demandeur",
             "Situation au regard du séjour", "Observations", "Adresse", "Revenus du foyer"]


def docx(path, rows, cols=2):
    cells = "".join(
        '<w:tr><w:tc><w:p><w:r><w:t>%s %d</w:t></w:r></w:p></w:tc>%s</w:tr>'
        % (QUESTIONS[i % len(QUESTIONS)], i, '<w:tc><w:p/></w:tc>' * (cols - 1)) for i in range(rows))
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document %s><w:body>'
           '<w:p><w:r><w:t>Fiche de suivi</w:t></w:r></w:p><w:tbl>%s</w:tbl></w:body></w:document>'
           % (W, cells))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", doc)


def odt(path, n):
    paras = "".join('<text:p>%s : ________</text:p>' % QUESTIONS[(n + i) % len(QUESTIONS)]
                    for i in range(5))
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content %s><office:body>'
               '<office:text>%s</office:text></office:body></office:document-content>' % (ODT_NS, paras))
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml",
                   '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
                   '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                   '<manifest:file-entry manifest:full-path="/" manifest:media-type='
                   '"application/vnd.oasis.opendocument.text"/><manifest:file-entry '
                   'manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                   '</manifest:manifest>', zipfile.ZIP_DEFLATED)


def html(path, n):
    inputs = "".join('<label for="f%d">%s</label><input id="f%d" name="f%d">'
                     % (i, QUESTIONS[(n + i) % len(QUESTIONS)], i, i) for i in range(6))
    with open(path, "w", encoding="utf-8") as f:
        f.write('<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Form %d</title>'
                '</head><body><form>%s</form></body></html>' % (n, inputs))


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    os.makedirs(out, exist_ok=True)
    rnd = random.Random(18)
    pdfs = [p for p in os.environ.get("FA_BATCH_PDFS", "").split(":") if p and os.path.isfile(p)]
    kinds = ["docx", "odt", "html", "txt"] + (["pdf"] if pdfs else [])
    for i in range(n):
        # two large ones first, then one in 25, the rest small, every format
        kind = "bigdocx" if i < 2 or i % 25 == 0 else kinds[i % len(kinds)]
        name = os.path.join(out, "%03d-%s" % (i, kind))
        if kind == "bigdocx":
            docx(name + ".docx", 20000 if i < 2 else rnd.randrange(2000, 8000))
        elif kind == "docx":
            docx(name + ".docx", rnd.randrange(3, 30))
        elif kind == "odt":
            odt(name + ".odt", i)
        elif kind == "html":
            html(name + ".html", i)
        elif kind == "txt":
            with open(name + ".txt", "w", encoding="utf-8") as f:
                f.write("%s : ____\nReligion : ____\n" % QUESTIONS[i % len(QUESTIONS)])
        else:
            shutil.copyfile(pdfs[i % len(pdfs)], name + ".pdf")


if __name__ == "__main__":
    main()
