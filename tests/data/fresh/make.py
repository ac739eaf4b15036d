#!/usr/bin/python3
"""Rebuild the fresh forms: every spec of specs/ through formgen.py (formats listed in the
spec), plus a few layout variants formgen does not make, added to the spec's labels file:
  -points.txt   the plain-text form with dotted leaders instead of underscores
  -points.docx  the paper DOCX with dotted leaders (runs of '_' replaced in document.xml)
  -papier.html  HTML without form controls: blanks and ballot boxes, as a scanned-then-
                retyped form would look.
Usage: /usr/bin/python3 make.py [-o OUTDIR] [SPEC.json...]   (needs python3-docx and soffice)
Default: specs/*.json into this directory; specs2/ (written after the rule-pack fixes, to
measure them on forms they were not tuned on) goes with -o batch2 specs2/*.json."""
import glob, importlib.util, json, os, re, shutil, sys, tempfile, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
spec_ = importlib.util.spec_from_file_location("formgen", "/work/shared/tools/formgen.py")
formgen = importlib.util.module_from_spec(spec_)
spec_.loader.exec_module(formgen)

VARIANTS = {  # spec id -> extra layouts
    "n1-demande-epicerie-solidaire": ["points.txt"],  # batch5
    "n2-inscription-alsh-fiche-sanitaire": ["papier.html"],  # batch5
    "n4-mutation-logement-social": ["points.docx"],  # batch5
    "m1-recrutement-agent-contractuel": ["points.txt"],  # batch4
    "m2-fiche-eleve-pai": ["papier.html"],  # batch4
    "m5-inscription-etude-sociologie": ["points.docx"],  # batch4
    "f3-aide-facultative-ccas": ["points.txt"],
    "f5-admission-ehpad": ["points.docx"],
    "f8-licence-club-omnisports": ["papier.html"],
    "f2-aide-domicile-handicap": ["points.txt"],
    "k2-demande-siao-chrs": ["points.txt"],  # batch3
    "k4-evaluation-apa-pch": ["points.docx"],  # batch3
    "k5-fiche-liaison-violences-conjugales": ["papier.html"],  # batch3
}


def dots(m):
    return "." * len(m.group(0))


def variant(spec, kind, outdir):
    fid = spec["id"]
    name = f"{fid}-{kind}"
    out = os.path.join(outdir, name)
    if kind == "points.txt":
        open(out, "w").write(re.sub(r"_{5,}", dots, formgen.to_txt(spec)))
    elif kind == "papier.html":
        open(out, "w").write(formgen.to_html(spec, controls=False))
    elif kind == "points.docx":
        with tempfile.TemporaryDirectory() as d:
            src = os.path.join(d, "paper.docx")
            formgen.to_docx(spec, src, "paper")
            with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
                for it in zin.infolist():
                    data = zin.read(it.filename)
                    if it.filename == "word/document.xml":
                        data = re.sub(r"_{5,}", dots, data.decode("utf-8")).encode("utf-8")
                    zout.writestr(it, data)
    return name


def main():
    args = sys.argv[1:]
    outdir = HERE
    if args[:1] == ["-o"]:
        outdir, args = os.path.abspath(args[1]), args[2:]
    specs = args or sorted(glob.glob(os.path.join(HERE, "specs", "*.json")))
    for p in specs:
        spec = json.load(open(p))
        made = formgen.build(spec, outdir, spec.get("formats", ["docx", "odt", "pdf"]))
        for kind in VARIANTS.get(spec["id"], []):
            made.append(variant(spec, kind, outdir))
        lf = os.path.join(outdir, spec["id"] + ".labels.json")
        labels = json.load(open(lf))
        labels["files"] = made
        with open(lf, "w") as fh:
            json.dump(labels, fh, ensure_ascii=False, indent=1)
        print(" ".join(made))


if __name__ == "__main__":
    main()
