# no_personal_values.sh — a report is sent to third parties (a union, the CNIL, a DPO):
# it must not carry what the person wrote. tests/data/filled/ holds one form filled by
# an applicant (tests/data/filled/spec-demande-aide-remplie.json, made with formgen.py)
# in DOCX (its file name holds the NIR), HTML and text. Every report format, the index
# and `formaudit fields` are searched for the name, first name, birth date, address,
# phone, and any digit run of an identifier (NIR, tax number, IBAN): none may appear,
# even as the "2 79 09" (sex, year, month of birth) a partial mask would keep.
# `formaudit text` is the exception the help text names: it prints the document as is.
. "$(dirname "$0")/common.bash"
need_python
IN=$SRC/tests/data/filled
OUT=$T/reports
run 0 "$FA" audit -q -f txt,json,md,html,odt -o "$OUT" "$IN" || finish
[ -s "$OUT/index.html" ] && pass "reports and index written" || fail "no index"
"$FA" fields -f json "$IN/demande-aide-279097511234546.docx" >"$OUT/fields.json" 2>&1
"$FA" fields "$IN/demande-aide-remplie.html" >"$OUT/fields.txt" 2>&1

# Every file, ODT unzipped, markup and white space removed (a value split by a tag or a
# line break is still found).
"$PY" - "$OUT" <<'PYEOF' || fail "a personal value is in a report (see above)"
import glob, os, re, sys, zipfile
out = sys.argv[1]
secrets = ["BENHAMOUDA", "Yasmina", "17/09/1979", "17091979", "Glycines", "0671429358",
           # NIR 2 79 09 75 112 345 46: no digit of it beyond its kind, so not even the
           # sex, year and month of birth that ident.c's masks keep
           "279097511234546", "27909", "2790975", "112345",
           "3023217600053", "3023217",                      # tax number (SPI)
           "FR7630006000011234567890189", "FR76", "30006", "1234567890189"]  # IBAN
bad = 0
files = [f for f in glob.glob(os.path.join(out, "**"), recursive=True) if os.path.isfile(f)]
for f in files:
    if f.endswith(".odt"):
        with zipfile.ZipFile(f) as z:
            data = b"".join(z.read(n) for n in z.namelist() if n.endswith(".xml"))
    else:
        data = open(f, "rb").read()
    flat = re.sub(r"<[^>]*>|&nbsp;|&#160;|\s", "", data.decode("utf-8", "replace"))
    for s in secrets:
        if s in flat:
            print(f"LEAK {os.path.basename(f)}: {s}")
            bad += 1
    if "279097511234546" in os.path.basename(f):
        print(f"LEAK in a report's file name: {os.path.basename(f)}")
        bad += 1
print(f"{len(files)} files searched, {bad} leak(s)")
sys.exit(1 if bad else 0)
PYEOF
[ $? -eq 0 ] && pass "no filled value, no identifier digit in any report, the index or fields"

# The JSON keeps the key and says what it held.
json "$OUT/demande-aide-XXXXXXXXXXXXXXX.docx.json" \
    '[f["value"] for f in d["fields"] if f["label"].startswith("Numéro de sécurité")] == ["[nir, checksum valid]"]' \
    "the NIR field's value is its kind and checksum state"
json "$OUT/demande-aide-XXXXXXXXXXXXXXX.docx.json" \
    '[f["value"] for f in d["fields"] if f["label"] == "Nom"] == ["[filled]"]' \
    "a filled name is reported as filled"

# formaudit text keeps the raw text (the user's own document), as --help says.
run 0 "$FA" text "$IN/demande-aide-remplie.txt" && grep -q BENHAMOUDA "$T/out" &&
    pass "text prints the document as it is" || fail "text should print the raw text"
"$FA" --help | grep -q "'formaudit text' is the exception" && pass "--help says text is raw" ||
    fail "--help does not say that text prints filled values"
finish
