#!/usr/bin/python3
"""gen.py — build the hostile-input set for tests/cli/hostile.sh.

Usage: gen.py OUTDIR [--shared DIR] [--samples DIR] [--quick]

Writes OUTDIR/files/* (one file per case) and OUTDIR/manifest.json, a list of
{"file", "class", "expect": [accepted statuses/error codes], "checks": [...]}. "expect"
names what a careful reader may answer: "ok" (audited) or an error code of the contract
("limit", "corrupt", "encrypted", "format"...). "crash", "timeout", "internal" and
"nomem" are never accepted. Extra checks: "no_passwd" (no line of /etc/passwd in any
output), "format=pdf" (type from content), "escape" (markup in a name or text must be
escaped in HTML reports), "fast=S" (the audit ends within S seconds: CPU exhaustion
cases). Standard library only; deterministic (seeded random).
--quick skips the slowest cases (40 MB paragraph, 300 MB bomb) for quick local runs.
"""
import hashlib, io, json, os, random, struct, sys, zipfile, zlib

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
ODT_MIME = "application/vnd.oasis.opendocument.text"
ODT_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2"')


def manifest_xml(extra=""):
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
            'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"'
            + (">" + extra + "</manifest:file-entry>" if extra else "/>") + '</manifest:manifest>')


def body(paras):
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document %s><w:body>%s'
            '</w:body></w:document>' % (W, "".join(paras)))


def para(text):
    return '<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % text


def docx(path, document, extra=(), level=6, stored=False):
    # stored=True: no compression, so that a check on the compression ratio cannot
    # stop the document before the limit under test (nesting depth) is reached.
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(path, "w", method, compresslevel=None if stored else level) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("_rels/.rels", RELS)
        if isinstance(document, (str, bytes)):
            z.writestr("word/document.xml", document)
        else:  # a generator of chunks: streamed, never held in memory whole
            with z.open("word/document.xml", "w", force_zip64=True) as f:
                for chunk in document:
                    f.write(chunk if isinstance(chunk, bytes) else chunk.encode())
        for name, data in extra:
            z.writestr(name, data)


def odt(path, content, manifest=None, extra=(), stored=False):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), ODT_MIME, compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/manifest.xml", manifest or manifest_xml())
        if isinstance(content, (str, bytes)):
            z.writestr("content.xml", content)
        else:
            with z.open("content.xml", "w", force_zip64=True) as f:
                for chunk in content:
                    f.write(chunk if isinstance(chunk, bytes) else chunk.encode())
        for name, data in extra:
            z.writestr(name, data)


def odt_body(inner):
    return ('<?xml version="1.0" encoding="UTF-8"?><office:document-content %s><office:body>'
            '<office:text>%s</office:text></office:body></office:document-content>' % (ODT_NS, inner))


# ---------------------------------------------------------------- OLE2 (CFB) writer
def cfb(streams):
    """A minimal compound file (v3, 512-byte sectors) holding STREAMS [(name, bytes)],
    each >= 4096 bytes so that no mini stream is needed."""
    SEC, END, FREE, FATSECT, NOS = 512, 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    fat = [FATSECT, END]  # sector 0: FAT, sector 1: directory
    starts, data = [], b""
    for _, s in streams:
        assert len(s) >= 4096
        s = s + b"\0" * (-len(s) % SEC)
        n = len(s) // SEC
        first = len(fat)
        starts.append(first)
        fat += [first + i + 1 for i in range(n - 1)] + [END]
        data += s
    assert len(fat) <= 128
    fat += [FREE] * (128 - len(fat))

    def entry(name, typ, child, right, start, size):
        n = (name + "\0").encode("utf-16-le") if name else b""
        return (n.ljust(64, b"\0") + struct.pack("<HBB", len(n), typ, 1) +
                struct.pack("<III", NOS, right, child) + b"\0" * 16 + b"\0" * 4 + b"\0" * 16 +
                struct.pack("<IQ", start, size))
    d = entry("Root Entry", 5, 1, NOS, END, 0)
    for i, (name, s) in enumerate(streams):
        d += entry(name, 2, NOS, i + 2 if i + 1 < len(streams) else NOS, starts[i], len(s))
    d = d.ljust(SEC, b"\0")
    hdr = (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) +
           b"\0" * 6 + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, END, 0, END, 0) +
           struct.pack("<I", 0) + struct.pack("<I", FREE) * 108)
    assert len(hdr) == SEC
    return hdr + b"".join(struct.pack("<I", x) for x in fat) + d + data


def encrypted_docx(path, rnd):
    info = (struct.pack("<HHI", 4, 4, 0x40) +
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<encryption '
            b'xmlns="http://schemas.microsoft.com/office/2006/encryption" '
            b'xmlns:p="http://schemas.microsoft.com/office/2006/keyEncryptor/password">'
            b'<keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" '
            b'cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" '
            b'saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/></encryption>')
    info = info.ljust(4096, b" ")
    pkg = struct.pack("<Q", 12000) + bytes(rnd.getrandbits(8) for _ in range(12280))
    # Stream order in the tree does not matter to readers; EncryptionInfo first as Word.
    open(path, "wb").write(cfb([("EncryptionInfo", info), ("EncryptedPackage", pkg)]))


# ---------------------------------------------------------------- PDF with RC4 (R2)
PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def rc4(key, data):
    s = list(range(256)); j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) & 255
        s[i], s[j] = s[j], s[i]
    out, i, j = bytearray(), 0, 0
    for c in data:
        i = (i + 1) & 255; j = (j + s[i]) & 255
        s[i], s[j] = s[j], s[i]
        out.append(c ^ s[(s[i] + s[j]) & 255])
    return bytes(out)


def encrypted_pdf(path, user=b"secret", owner=b"owner"):
    """A one-page PDF protected by a user password (Standard handler, V1 R2, RC4-40),
    built from the PDF reference's algorithms 3.2-3.4."""
    pad = lambda pw: (pw + PAD)[:32]
    P = -44
    fid = hashlib.md5(b"formaudit-hostile").digest()
    O = rc4(hashlib.md5(pad(owner)).digest()[:5], pad(user))
    key = hashlib.md5(pad(user) + O + struct.pack("<i", P) + fid).digest()[:5]
    U = rc4(key, PAD)
    okey = lambda n: hashlib.md5(key + struct.pack("<I", n)[:3] + b"\0\0").digest()[:10]
    content = rc4(okey(4), b"BT /F1 12 Tf 72 770 Td (Etat de sante : ________) Tj ET")
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Filter /Standard /V 1 /R 2 /O <" + O.hex().encode() + b"> /U <" +
            U.hex().encode() + b"> /P " + str(P).encode() + b" >>"]
    out, offs = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"), []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    x = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offs:
        out += b"%010d 00000 n \n" % o
    out += (b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 6 0 R /ID [<%s><%s>] >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objs) + 1, fid.hex().encode(), fid.hex().encode(), x))
    open(path, "wb").write(out)


def simple_pdf(path, lines):
    stream = b"BT /F1 11 Tf 60 780 Td " + b"".join(b"(%s) Tj 0 -16 Td " % l for l in lines) + b"ET"
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offs = bytearray(b"%PDF-1.4\n"), []
    for i, o in enumerate(objs, 1):
        offs.append(len(out)); out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    x = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offs:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)
    open(path, "wb").write(out)


def stream_pdf(path, stream, dict_extra):
    """A one-page PDF whose content stream is STREAM (raw bytes) with DICT_EXTRA."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            b"<< /Length %d %s >>\nstream\n" % (len(stream), dict_extra) + stream + b"\nendstream"]
    out, offs = bytearray(b"%PDF-1.4\n"), []
    for i, o in enumerate(objs, 1):
        offs.append(len(out)); out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    x = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offs:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)
    open(path, "wb").write(out)


# ---------------------------------------------------------------- the cases
# ---------------------------------------------------------------- formats and evasions
RELNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def rels(*items):
    return ('<?xml version="1.0" encoding="UTF-8"?><Relationships '
            'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
            "".join('<Relationship Id="%s" Type="%s/%s" Target="%s"/>' % (i, RELNS, t, g)
                    for i, t, g in items) + "</Relationships>")


def formats_and_evasions(case):
    """Issue 18, defect 5 and the reader-level evasions: formats named for what they
    are, questions hidden where a careless reader does not look. "field=X": a field
    whose label contains X must be found; "nofield=X": none may."""
    q = "Religion pratiquée : ____"
    # Word 97-2003 (.doc): named, with the way out; encrypted: said so
    fib = bytes([0xEC, 0xA5, 0xC1, 0x00]) + bytes(4092)
    open(case("legacy-word97.doc", "format", ["format"]), "wb").write(cfb([("WordDocument", fib)]))
    fib_enc = bytes([0xEC, 0xA5, 0xC1, 0x00, 0, 0, 0, 0, 0, 0, 0, 0x01]) + bytes(4084)
    open(case("legacy-word97-encrypted.doc", "encrypted", ["encrypted"]), "wb").write(
        cfb([("WordDocument", fib_enc)]))
    # RTF with its escapes, read by the RTF reader
    open(case("rtf-escapes.rtf", "format", ["ok"], ["format=rtf", "field=securite sociale"]), "wb").write(
        b"{\\rtf1\\ansi\\ansicpg1252{\\fonttbl{\\f0 Arial;}}\\pard Num\\'e9ro de s\\'e9curit\\'e9 "
        b"sociale : ____\\par\\pard Situation familiale : {\\field{\\*\\fldinst FORMTEXT }{\\fldrslt "
        b"\\u8194\\'20\\u8194\\'20}}\\par}")
    open(case("rtf-deep-groups.rtf", "deep nesting", ["ok"]), "w").write(
        "{\\rtf1 " + "{" * 200000 + "Nom : ____" + "}" * 200000 + "}")
    # flat ODT: read by the ODT reader, not as raw XML text
    open(case("flat.fodt", "format", ["ok"], ["format=odt", "field=Religion"]), "w").write(
        '<?xml version="1.0" encoding="UTF-8"?><office:document %s '
        'office:mimetype="application/vnd.oasis.opendocument.text"><office:body><office:text>'
        '<text:p>%s</text:p></office:text></office:body></office:document>' % (ODT_NS, q))
    # a DOCX carrying an ODF mimetype entry first: read as the DOCX it is
    p = case("docx-odt-mimetype-first.docx", "evasion", ["ok"], ["format=docx", "field=Religion"])
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), ODT_MIME, compress_type=zipfile.ZIP_STORED)
        z.writestr("[Content_Types].xml", CT)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", body([para(q)]))
    # a name given twice: LibreOffice shows the last copy, so do we
    import warnings
    p = case("zip-duplicate-entry.docx", "evasion", ["ok"], ["field=Religion", "nofield=Adresse"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("[Content_Types].xml", CT)
            z.writestr("_rels/.rels", RELS)
            z.writestr("word/document.xml", body([para("Adresse : ____")]))
            z.writestr("word/document.xml", body([para(q)]))
    # questions in an altChunk (an HTML part Word shows in place)
    docx(case("altchunk-html.docx", "evasion", ["ok"], ["field=Orientation sexuelle"]),
         body([para("Nom : ____"), '<w:altChunk xmlns:r="%s" r:id="c1"/>' % RELNS]),
         extra=[("word/_rels/document.xml.rels", rels(("c1", "aFChunk", "chunk.htm"))),
                ("word/chunk.htm", "<html><body><p>Orientation sexuelle : <input name=o></p>"
                                   "</body></html>")])
    # altChunks inside altChunks: read FA_MAX_EMBED_DEPTH (3) deep, no further
    inner = None
    for level in range(6, 0, -1):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("[Content_Types].xml", CT)
            z.writestr("_rels/.rels", RELS)
            paras = [para("Question de niveau %d : ____" % level)]
            if inner:
                paras.append('<w:altChunk xmlns:r="%s" r:id="c1"/>' % RELNS)
                z.writestr("word/_rels/document.xml.rels", rels(("c1", "aFChunk", "inner.docx")))
                z.writestr("word/inner.docx", inner)
            z.writestr("word/document.xml", body(paras))
        inner = buf.getvalue()
    open(case("altchunk-nested.docx", "evasion", ["ok"],
              ["field=niveau 1", "field=niveau 4", "nofield=niveau 5"]), "wb").write(inner)
    # questions in a DOCX header, an ODT footnote
    docx(case("docx-header-question.docx", "evasion", ["ok"], ["field=Religion"]),
         body([para("Nom : ____")]),
         extra=[("word/_rels/document.xml.rels", rels(("h1", "header", "header1.xml"))),
                ("word/header1.xml", '<w:hdr %s>%s</w:hdr>' % (W, para(q)))])
    odt(case("odt-footnote-question.odt", "evasion", ["ok"], ["field=Religion"]),
        odt_body('<text:p>Nom : ____<text:note text:note-class="footnote"><text:note-citation>1'
                 '</text:note-citation><text:note-body><text:p>%s</text:p></text:note-body>'
                 '</text:note></text:p>' % q))
    # hidden HTML inputs still collect data
    open(case("html-hidden-inputs.html", "evasion", ["ok"], ["field=religion", "field=Situation"]),
         "w").write(
        "<!DOCTYPE html><html><body><form><p>Nom : <input name=nom>"
        "<input type=hidden name=religion value=x></p><div style='display:none'>"
        "<label for=s>Situation au regard du séjour</label><input id=s name=s></div>"
        "</form></body></html>")
    # a model letter: «placeholders» are its fields
    docx(case("model-letter-placeholders.docx", "layout", ["ok"], ["field=Nom du salarié",
                                                                    "field=date de début"]),
         body([para("« Prénom Nom du salarié »"), para("« Lieu », le « Date »"),
               para("Je signale les faits subis depuis « date de début des faits ».")]))


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    out = args[0]
    shared = args[args.index("--shared") + 1] if "--shared" in args else None
    samples = args[args.index("--samples") + 1] if "--samples" in args else None
    quick = "--quick" in args
    files = os.path.join(out, "files")
    os.makedirs(files, exist_ok=True)
    rnd = random.Random(20261125)
    cases = []

    def case(name, cls, expect, checks=()):
        cases.append({"file": name, "class": cls, "expect": list(expect), "checks": list(checks)})
        return os.path.join(files, name)

    # -- zip bombs
    if not quick:
        def huge():
            yield '<?xml version="1.0" encoding="UTF-8"?><w:document %s><w:body><w:p><w:r><w:t>' % W
            chunk = b"A" * (1 << 20)
            for _ in range(300):  # 300 MiB > FA_MAX_ZIP_ENTRY, ~300 KiB compressed
                yield chunk
            yield "</w:t></w:r></w:p></w:body></w:document>"
        docx(case("zipbomb-huge-entry.docx", "zip bomb", ["limit"]), huge(), level=1)

    def dense():
        yield '<?xml version="1.0" encoding="UTF-8"?><w:document %s><w:body>' % W
        p = b"<w:p><w:r><w:t>Nom :</w:t></w:r></w:p>" * 4096
        for _ in range(600):  # ~90 MiB of XML, ratio ~1000:1
            yield p
        yield "</w:body></w:document>"
    docx(case("zipbomb-ratio.docx", "zip bomb", ["limit"]), dense(), level=9)

    def dense_odt():
        yield '<?xml version="1.0" encoding="UTF-8"?><office:document-content %s><office:body><office:text>' % ODT_NS
        p = b"<text:p>Nom : ______</text:p>" * 4096
        for _ in range(700):
            yield p
        yield "</office:text></office:body></office:document-content>"
    odt(case("zipbomb-ratio.odt", "zip bomb", ["limit"]), dense_odt())

    # Declared sizes that lie: the local and central headers claim 1 KiB for an entry
    # that inflates to 60 MiB; a reader trusting the header must still stop.
    p = case("zipbomb-lying-size.docx", "zip bomb", ["limit", "corrupt"])
    docx(p, body([para("Nom : ____")]).replace(
        "</w:body>", "<w:p><w:r><w:t>" + "B" * (60 << 20) + "</w:t></w:r></w:p></w:body>"))
    data = bytearray(open(p, "rb").read())
    name = b"word/document.xml"
    i = data.find(b"PK\x03\x04")
    while i >= 0:
        n, e = struct.unpack_from("<HH", data, i + 26)
        if data[i + 30:i + 30 + n] == name:
            struct.pack_into("<I", data, i + 22, 1024)
        i = data.find(b"PK\x03\x04", i + 4)
    i = data.find(b"PK\x01\x02")
    while i >= 0:
        n = struct.unpack_from("<H", data, i + 28)[0]
        if data[i + 46:i + 46 + n] == name:
            struct.pack_into("<I", data, i + 24, 1024)
        i = data.find(b"PK\x01\x02", i + 4)
    open(p, "wb").write(data)

    docx(case("zip-20000-entries.docx", "zip bomb", ["limit"]), body([para("Nom : ____")]),
         extra=[("word/media/x%05d.xml" % k, "") for k in range(20000)])

    # -- XML entities
    laughs = ('<!DOCTYPE w:document [<!ENTITY lol "lol">' +
              "".join('<!ENTITY lol%d "%s">' % (k, ("&lol%d;" % (k - 1) if k > 1 else "&lol;") * 10)
                      for k in range(1, 10)) + "]>")
    doc = body([para("Nom : &lol9;")]).replace("<w:document", laughs + "<w:document", 1)
    docx(case("billion-laughs.docx", "entity expansion", ["ok", "corrupt", "limit"], ["small_text"]), doc)
    odt(case("billion-laughs.odt", "entity expansion", ["ok", "corrupt", "limit"], ["small_text"]),
        odt_body("<text:p>Nom : &lol9;</text:p>").replace("<office:document-content",
                                                         laughs.replace("w:document", "office:document-content") + "<office:document-content", 1))
    quad = '<!DOCTYPE w:document [<!ENTITY a "' + "x" * 50000 + '">]>'
    doc = body([para("&a;" * 20000)]).replace("<w:document", quad + "<w:document", 1)
    docx(case("quadratic-blowup.docx", "entity expansion", ["ok", "corrupt", "limit"], ["small_text"]), doc)

    xxe = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    doc = body([para("Adresse : &xxe;")]).replace("<w:document", xxe + "<w:document", 1)
    docx(case("xxe-file.docx", "external entity", ["ok", "corrupt"], ["no_passwd"]), doc)
    pe = ('<!DOCTYPE w:document [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p; '
          '<!ENTITY % d SYSTEM "file:///etc/passwd">]>')
    doc = body([para("Adresse : ____")]).replace("<w:document", pe + "<w:document", 1)
    docx(case("xxe-parameter.docx", "external entity", ["ok", "corrupt"], ["no_passwd"]), doc)
    doc = body([para("Adresse : ____")]).replace("<w:document", '<!DOCTYPE w:document SYSTEM "file:///etc/passwd"><w:document', 1)
    docx(case("xxe-external-dtd.docx", "external entity", ["ok", "corrupt"], ["no_passwd"]), doc)
    odt(case("xxe-file.odt", "external entity", ["ok", "corrupt"], ["no_passwd"]),
        odt_body("<text:p>Adresse : &xxe;</text:p>").replace(
            "<office:document-content", xxe.replace("w:document", "office:document-content") + "<office:document-content", 1))
    # XInclude is another way to pull a file in.
    docx(case("xinclude.docx", "external entity", ["ok", "corrupt"], ["no_passwd"]),
         body(['<w:p><w:r><w:t><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
               'href="file:///etc/passwd" parse="text"/></w:t></w:r></w:p>']))
    open(case("xxe.html", "external entity", ["ok"], ["no_passwd"]), "w").write(
        '<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><html><body>'
        '<p>Adresse : &xxe; <iframe src="file:///etc/passwd"></iframe>'
        '<object data="/etc/passwd"></object></p></body></html>')

    # -- deep nesting
    N = 200000
    docx(case("deep-200k-tables.docx", "deep nesting", ["limit", "corrupt"]),
         body(["<w:tbl><w:tr><w:tc>" * N + "<w:p/>" + "</w:tc></w:tr></w:tbl>" * N]), stored=True)
    docx(case("deep-200k-elements.docx", "deep nesting", ["limit", "corrupt"]),
         body(["<w:p>" + "<w:r>" * N + "<w:t>x</w:t>" + "</w:r>" * N + "</w:p>"]), stored=True)
    odt(case("deep-200k-lists.odt", "deep nesting", ["limit", "corrupt"]),
        odt_body("<text:list><text:list-item>" * N + "<text:p>x</text:p>" + "</text:list-item></text:list>" * N),
        stored=True)
    # Nesting in a part other than the main one (styles are read too).
    docx(case("deep-200k-styles.docx", "deep nesting", ["ok", "limit", "corrupt"]), body([para("Nom : ____")]),
         extra=[("word/styles.xml", '<w:styles %s>' % W + "<w:style>" * N + "</w:style>" * N + "</w:styles>")],
         stored=True)
    open(case("deep-200k-divs.html", "deep nesting", ["ok", "limit", "corrupt"]), "w").write(
        "<!DOCTYPE html><html><body>" + "<div>" * N + "Nom : ____" + "</div>" * N + "</body></html>")
    open(case("deep-200k-tables.html", "deep nesting", ["ok", "limit", "corrupt"]), "w").write(
        "<!DOCTYPE html><html><body>" + "<table><tr><td>" * N + "x" + "</td></tr></table>" * N + "</body></html>")
    open(case("deep-200k-unclosed.html", "deep nesting", ["ok", "limit", "corrupt"]), "w").write(
        "<html><body>" + "<ul><li>" * N + "Nom : ____")

    # -- truncated and random
    base_docx = os.path.join(files, "_base.docx")
    docx(base_docx, body([para("Nom : ________"), para("Suivi psychologique : oui / non")] * 200))
    base_odt = os.path.join(files, "_base.odt")
    odt(base_odt, odt_body("<text:p>Nom : ________</text:p>" * 400))
    base_pdf = os.path.join(files, "_base.pdf")
    simple_pdf(base_pdf, [b"Nom : ________", b"Suivi psychologique : oui / non"])
    srcs = [("docx", base_docx), ("odt", base_odt), ("pdf", base_pdf)]
    if samples:
        for f in sorted(os.listdir(samples)):
            ext = f.rsplit(".", 1)[-1]
            if ext in ("docx", "odt", "pdf"):
                srcs.append((ext, os.path.join(samples, f)))
    for ext, src in srcs:
        data = open(src, "rb").read()
        stem = os.path.basename(src).rsplit(".", 1)[0].lstrip("_")
        for frac in (0.03, 0.5, 0.97):
            cut = max(8, int(len(data) * frac))
            exp = ["corrupt", "format"] if ext != "pdf" else ["ok", "corrupt", "format", "no_text"]
            open(case("truncated-%s-%d.%s" % (stem, int(frac * 100), ext), "truncated", exp), "wb").write(data[:cut])
        # One flipped byte every 97 bytes: CRC and inflate errors deep inside.
        d = bytearray(data)
        for k in range(200, len(d), 97):
            d[k] ^= 0x5A
        open(case("bitflip-%s.%s" % (stem, ext), "corrupt", ["ok", "corrupt", "format", "no_text", "limit"]), "wb").write(d)
    for k, size in enumerate((1, 7, 512, 4096, 1 << 20)):
        # A byte or seven may happen to be text: "ok" is a fair answer for those.
        exp = ["format", "corrupt"] + (["ok"] if size < 16 else [])
        open(case("random-%d.docx" % k, "random", exp), "wb").write(
            bytes(rnd.getrandbits(8) for _ in range(size)))
    open(case("random-zip-header.docx", "random", ["format", "corrupt"]), "wb").write(
        b"PK\x03\x04" + bytes(rnd.getrandbits(8) for _ in range(5000)))
    open(case("random-pdf-header.pdf", "random", ["corrupt", "format", "no_text"]), "wb").write(
        b"%PDF-1.7\n" + bytes(rnd.getrandbits(8) for _ in range(5000)))

    # -- empty
    for ext in ("docx", "odt", "pdf", "html", "txt"):
        open(case("empty.%s" % ext, "empty", ["format"]), "wb").close()
    open(case("only-spaces.txt", "empty", ["ok", "format"]), "w").write("   \n\n\t\n")
    with zipfile.ZipFile(case("empty-zip.docx", "empty", ["format", "corrupt"]), "w"):
        pass

    # -- encrypted
    encrypted_docx(case("encrypted-ole2.docx", "encrypted", ["encrypted"]), rnd)
    odt(case("encrypted.odt", "encrypted", ["encrypted"]),
        bytes(rnd.getrandbits(8) for _ in range(3000)),
        manifest=manifest_xml(
            '<manifest:encryption-data manifest:checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" '
            'manifest:checksum="AAAA"><manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" '
            'manifest:initialisation-vector="AAAA"/><manifest:start-key-generation manifest:start-key-generation-name='
            '"http://www.w3.org/2000/09/xmldsig#sha256" manifest:key-size="32"/><manifest:key-derivation '
            'manifest:key-derivation-name="PBKDF2" manifest:key-size="32" manifest:iteration-count="100000" '
            'manifest:salt="AAAA"/></manifest:encryption-data>'))
    encrypted_pdf(case("encrypted-user-password.pdf", "encrypted", ["encrypted"]))
    if shared:
        q = os.path.join(shared, "corpora", "peers", "qpdf")
        for f in ("enc-R2,V1,U=view,O=master.pdf", "enc-XI-R6,V5,U=view,O=master.pdf", "c-r4.pdf"):
            if os.path.exists(os.path.join(q, f)):
                name = "qpdf-" + f.replace(",", "_").replace("=", "-")
                open(case(name, "encrypted", ["encrypted"]), "wb").write(open(os.path.join(q, f), "rb").read())

    # -- type from content
    simple_pdf(case("pdf-named.docx", "misnamed", ["ok"], ["format=pdf"]),
               [b"Nom : ________", b"Traitement medical en cours : oui / non"])
    docx(case("docx-named.pdf", "misnamed", ["ok"], ["format=docx"]), body([para("Nom : ________")]))
    open(case("html-named.txt", "misnamed", ["ok"], ["format=html"]), "w").write(
        "<!DOCTYPE html><html><body><p>Nom : <input type=text name=nom></p></body></html>")

    # -- invalid UTF-8, NUL bytes
    open(case("invalid-utf8.txt", "encoding", ["ok"], ["valid_utf8"]), "wb").write(
        b"Nom : ______\n\xff\xfe\xc3\x28 Pr\xe9nom : ______\n\xed\xa0\x80\xc0\xaf\xf8\x88\x80\x80\x80 "
        b"Sant\xc3\xa9 : ____\n\xe2\x82\n")
    open(case("nul-bytes.txt", "encoding", ["ok", "format"], ["valid_utf8"]), "wb").write(
        b"Nom :\x00 ______\nSuivi\x00psychologique : oui / non\n" + b"Observations : ....\n" * 50)
    open(case("invalid-utf8.html", "encoding", ["ok"], ["valid_utf8"]), "wb").write(
        b"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body><p>Nom \xff\xfe\x00 : "
        b"<input name='n\xc3'></p><select><option>\xed\xa0\x80</option></select></body></html>")
    docx(case("invalid-utf8.docx", "encoding", ["ok", "corrupt"], ["valid_utf8"]),
         body([para("Nom : ____")]).encode().replace(b"Nom", b"N\xffom\xc3"))
    open(case("utf16-bom.txt", "encoding", ["ok", "format"], ["valid_utf8"]), "wb").write(
        "Nom : ______\nSanté : ____\n".encode("utf-16"))

    # -- markup in text and names
    open(case("<script>alert(1)<!--.txt", "markup", ["ok"], ["escape"]), "w").write(
        "Nom <script>alert('nom')</script> : ______\n<img src=x onerror=alert(2)> Prénom : ____\n"
        "Observations </textarea><script>alert(3)</script> :\n......\n")
    open(case("markup-in-form.html", "markup", ["ok"], ["escape"]), "w").write(
        "<!DOCTYPE html><html><body><form><p><label>Nom &lt;script&gt;alert(1)&lt;/script&gt;"
        "</label><input name='\"&gt;&lt;script&gt;alert(2)&lt;/script&gt;'></p>"
        "<p>Handicap : <select><option>&lt;b onmouseover=alert(3)&gt;oui</option></select></p></form></body></html>")
    docx(case("markup-\"quote'&amp.docx", "markup", ["ok"], ["escape"]),
         body([para("Nom &lt;script&gt;alert(1)&lt;/script&gt; : ______"),
               para("Santé ]]&gt; &amp;lt; : ____")]))

    # -- size
    if not quick:
        words = ["dossier", "ménage", "situation", "santé", "suivi", "logement", "revenus", "enfant"]
        line = " ".join(rnd.choice(words) for _ in range(4000)) + " "
        with open(case("paragraph-40MB.txt", "size", ["ok"]), "w") as f:
            for _ in range(40 * 1024 * 1024 // len(line.encode()) + 1):
                f.write(line)
            f.write("\nNom : ______\n")

        def big_para():
            yield '<?xml version="1.0" encoding="UTF-8"?><w:document %s><w:body>' % W
            yield para("Nom : ____")
            yield "<w:p><w:r><w:t>"
            for _ in range(40 * 1024 * 1024 // len(line.encode()) + 1):
                yield line
            yield "</w:t></w:r></w:p></w:body></w:document>"
        docx(case("paragraph-40MB.docx", "size", ["ok"]), big_para())
        with open(case("paragraph-40MB.html", "size", ["ok"]), "w") as f:
            f.write("<!DOCTYPE html><html><body><p>")
            for _ in range(40 * 1024 * 1024 // len(line.encode()) + 1):
                f.write(line)
            f.write("</p><p>Nom : <input name=n></p></body></html>")

    def rows():
        yield '<?xml version="1.0" encoding="UTF-8"?><w:document %s><w:body><w:tbl>' % W
        for k in range(50000):
            yield ('<w:tr><w:tc><w:p><w:r><w:t>Situation du membre %d du ménage</w:t></w:r></w:p></w:tc>'
                   '<w:tc><w:p/></w:tc></w:tr>' % k)
        yield "</w:tbl></w:body></w:document>"
    docx(case("table-50000-rows.docx", "size", ["ok"]), rows())
    odt(case("table-repeated-rows.odt", "size", ["ok", "limit"]),
        odt_body('<table:table><table:table-row table:number-rows-repeated="1048576">'
                 '<table:table-cell table:number-columns-repeated="16384"/></table:table-row></table:table>'
                 "<text:p>Nom : ____</text:p>"))
    open(case("many-fields.html", "size", ["ok", "limit"]), "w").write(
        "<!DOCTYPE html><html><body><form>" +
        "".join("<p><label>Champ %d</label><input name=c%d></p>" % (k, k) for k in range(60000)) +
        "</form></body></html>")

    # -- CPU exhaustion from small files (issue 18, defect 4): tokens libxml2's parsers
    # read in superlinear time past ~10 MB (12 MB comment: 55 s, 12 MB name: 77 s), an
    # element with 200,000 attributes (19 s). Each is refused (limit FA_MAX_XML_TOKEN or
    # FA_MAX_XML_ATTRS) in a few seconds. Hex digits deflate ~2:1, under the ratio limit.
    big = rnd.randbytes(6 << 20).hex()  # 12 MB
    cpu = ["fast=10"]
    for name, inner in (("comment", "<!--%s-->" % big),
                        ("attribute", '<w:p w:rsidR="%s"/>' % big),
                        ("name", "<w:x%s/>" % big),
                        ("pi", "<?pi %s?>" % big)):
        docx(case("cpu-xml-%s-12MB.docx" % name, "cpu exhaustion", ["limit"], cpu),
             body([para("Nom : ____"), inner, para("Religion : ____")]))
    odt(case("cpu-xml-comment-12MB.odt", "cpu exhaustion", ["limit"], cpu),
        odt_body("<text:p>Nom : ____</text:p><!--%s--><text:p>Religion : ____</text:p>" % big))
    attrs = " ".join('a%d="1"' % k for k in range(200000))
    docx(case("cpu-xml-200k-attributes.docx", "cpu exhaustion", ["limit"], cpu),
         body([para("Nom : ____"), "<w:p %s/>" % attrs, para("Religion : ____")]))
    open(case("cpu-html-name-12MB.html", "cpu exhaustion", ["limit"], cpu), "w").write(
        "<html><body><p>Nom : <input name=n></p><x%s><p>Religion : <input name=r></p>"
        "</body></html>" % big.replace("0", "g"))
    open(case("cpu-html-200k-attributes.html", "cpu exhaustion", ["limit"], cpu), "w").write(
        "<html><body><p %s>Nom : <input name=n></p></body></html>" % attrs.replace('"', ""))
    # ... while a saved page's 12 MB data: URI image is read (libxml2's HTML parser is
    # linear there)
    open(case("html-data-uri-12MB.html", "size", ["ok"], cpu), "w").write(
        '<html><body><p>Nom : <input name=n></p><img src="data:image/png;base64,%s">'
        "</body></html>" % big)
    del big

    # -- silent truncation (issue 18, defect 2): what a limit cuts is said in the report,
    # and the questions past 20,000 fields are still classified
    hide = "".join('<input style="opacity:0" name="c%d">' % k for k in range(20010))
    open(case("truncation-20000-hidden-inputs.html", "truncation", ["ok"],
              ["warns=FA_MAX_FIELDS", "finds=religion", "fast=30"]), "w").write(
        "<html><body><form>%s<p>Religion : <input name=r></p></form></body></html>" % hide)
    with open(case("truncation-20000-leader-lines.txt", "truncation", ["ok"],
                   ["warns=FA_MAX_FIELDS", "finds=health", "fast=30"]), "w") as f:
        for k in range(20010):
            f.write("Ligne %d : ______________\n" % k)
        f.write("Suivi psychiatrique : ______________\n")
    open(case("truncation-1200-options.html", "truncation", ["ok"], ["warns=FA_MAX_OPTIONS"]),
         "w").write("<html><body><p>Situation : <select>%s</select></p></body></html>" %
                    "".join("<option>Choix %d</option>" % k for k in range(1200)))

    # A 7 KB PDF whose content stream is deflated twice: 1 GiB of spaces, which poppler
    # parsed for the whole CPU budget (55-60 s). Refused by the pre-scan (limit
    # FA_MAX_PDF_STREAM), also when /Filter is given by reference.
    z = zlib.compressobj(9)
    layer = b"".join(z.compress(b" " * (1 << 20)) for _ in range(1024)) + z.flush()
    layer = zlib.compress(layer, 9)
    for name, filt in (("double-deflate", b"[/FlateDecode /FlateDecode]"), ("indirect-filter", b"9 0 R")):
        stream_pdf(case("cpu-pdf-%s.pdf" % name, "cpu exhaustion", ["limit"], cpu), layer,
                   b"/Filter " + filt)
    formats_and_evasions(case)

    for f in ("_base.docx", "_base.odt", "_base.pdf"):
        os.remove(os.path.join(files, f))
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(cases, f, indent=1, ensure_ascii=False)
    print("%d hostile files in %s" % (len(cases), files))


if __name__ == "__main__":
    main()
