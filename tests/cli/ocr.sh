# ocr.sh — scans read by OCR (issue 15). Labelled forms of tests/data/labeled are
# rendered at 200 dpi in grey (pdftoppm), then made into scans by scanify (tests/tools):
# d1 turned by 0.7 degree with noise and specks, wrapped as an image-only PDF; one page
# of d3 as a PNG. Both are scored against their labels (field recall >= 0.90, category
# recall >= 0.85). Then --no-ocr gives the old "no text layer" error, a damaged image is
# reported, and the real apprenticeship cerfa (a scan, in the shared corpus) is read
# with at least 20 fields. Without Tesseract (no formaudit-ocr.so, no language data),
# scanify or pdftoppm, the test says which and is skipped (77).
. "$(dirname "$0")/common.bash"
need_python
[ -x /usr/bin/python3 ] || { echo "SKIP: /usr/bin/python3 not found"; exit 77; }
[ -e "$(dirname "$FA")/formaudit-ocr.so" ] || { echo "SKIP: formaudit built without Tesseract"; exit 77; }
[ -n "${FA_SCANIFY:-}" ] && [ -x "$FA_SCANIFY" ] || { echo "SKIP: scanify not built"; exit 77; }
command -v pdftoppm >/dev/null || { echo "SKIP: pdftoppm (poppler-utils) not found"; exit 77; }

LAB=$SRC/tests/data/labeled
d1=d1-contrat-engagement-rsa
d3=d3-inscription-restauration-scolaire
mkdir -p "$T/pages" "$T/scans"
pdftoppm -gray -r 200 "$LAB/$d1.pdf" "$T/pages/d1" && pdftoppm -gray -r 200 "$LAB/$d3.pdf" "$T/pages/d3" ||
    fail "pdftoppm"
"$FA_SCANIFY" --skew 0.7 --noise 12 --seed 7 "$T/scans/$d1-scan.pdf" "$T"/pages/d1-*.pgm &&
    "$FA_SCANIFY" --noise 6 --seed 3 --png "$T/scans/$d3-page.png" "$T/d3-unused.pdf" "$T"/pages/d3-*.pgm ||
    fail "scanify"

# the language data is there: a page of the scan reads (otherwise: skipped, and why)
"$FA" text "$T/scans/$d3-page.png" >"$T/out" 2>"$T/err"
if grep -q "OCR not available" "$T/err"; then
    echo "SKIP: $(head -c 300 "$T/err")"
    exit 77
fi
grep -q "Nom de l'enfant" "$T/out" && pass "a PNG of one page is read by OCR" ||
    fail "PNG text: $(head -c 300 "$T/out") $(head -c 300 "$T/err")"

# the labels, pointed at the scans
for pair in "$d1:$d1-scan.pdf" "$d3:$d3-page.png"; do
    "$PY" - "$LAB/${pair%%:*}.labels.json" "${pair#*:}" "$T/scans" <<'PYEOF'
import json, os, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["files"] = [sys.argv[2]]
stem = os.path.splitext(sys.argv[2])[0]
json.dump(d, open(os.path.join(sys.argv[3], stem + ".labels.json"), "w", encoding="utf-8"), ensure_ascii=False)
PYEOF
done
if /usr/bin/python3 "$SRC/tests/score_check.py" "$FA" "$SRC/tests/tools/score.py" "$T/scans" \
    'errors<=0' 'field_recall>=0.90' 'category_recall>=0.85' 'secret_leaks<=0' >"$T/score" 2>&1; then
    pass "scans scored: $(grep '^documents=' "$T/score" | grep -o 'field_recall=[^ ]* \|category_recall=[^ ]* ' | tr -d '\n')"
else
    fail "scans below threshold: $(tail -c 1500 "$T/score")"
fi

# the report says which pages were OCR'd and how sure the OCR was
run 0 "$FA" audit -f json "$T/scans/$d1-scan.pdf" && cp "$T/out" "$T/d1.json"
json "$T/d1.json" "any('pages 1-2 read by OCR' in w and 'mean word confidence' in w for w in d['documents'][0].get('warnings', []))" \
    "the report's warnings say pages 1-2 were read by OCR, with the mean confidence"
json "$T/d1.json" "d['documents'][0]['format'] == 'pdf'" "a scanned PDF stays a pdf"
run 0 "$FA" audit -f json "$T/scans/$d3-page.png" &&
    json "$T/out" "d['documents'][0]['format'] == 'image' and d['documents'][0]['status'] == 'ok'" \
        "a PNG is audited as format 'image'"

# a multi-page TIFF: every page read
"$FA_SCANIFY" --noise 6 --seed 5 --tiff "$T/two.tif" "$T/two-unused.pdf" "$T"/pages/d1-*.pgm || fail "scanify tiff"
run 0 "$FA" audit -f json "$T/two.tif" &&
    json "$T/out" "d['documents'][0]['status'] == 'ok' and any('pages 1-2 read by OCR' in w for w in d['documents'][0]['warnings'])" \
        "a 2-page TIFF: both pages read by OCR"

# --no-ocr: the old answer
run 0 "$FA" audit -f json --no-ocr "$T/scans/$d1-scan.pdf" &&
    json "$T/out" "d['documents'][0]['error']['code'] == 'no_text' and d['documents'][0]['error']['message'] == 'no text layer: scanned PDF (2 pages); OCR it first'" \
        "--no-ocr: a scanned PDF is 'no text layer' as before"
run 0 "$FA" audit -f json --no-ocr "$T/scans/$d3-page.png" &&
    json "$T/out" "d['documents'][0]['error']['code'] == 'format' and 'no-ocr' in d['documents'][0]['error']['message']" \
        "--no-ocr: an image is refused, saying why"
run 2 "$FA" audit --ocr-lang ../etc/x "$T/scans/$d3-page.png" && grep -q "OCR languages" "$T/err" &&
    pass "--ocr-lang refuses a path" || fail "--ocr-lang ../etc/x: $(cat "$T/err")"

# damaged images: one line naming the file, never a crash
head -c 4000 "$T/scans/$d3-page.png" >"$T/truncated.png"
printf 'II*\0\10\0\0\0\377\377garbage' >"$T/bad.tiff"
run 0 "$FA" audit -f json "$T/truncated.png" "$T/bad.tiff" && cp "$T/out" "$T/bad.json"
json "$T/bad.json" "all(x['status'] == 'error' and x['error']['code'] in ('corrupt', 'no_text', 'limit') for x in d['documents'])" \
    "damaged images are reported as errors ($(tr -d '\n' <"$T/bad.json" | grep -o '"message": "[^"]*"' | head -2 | tr '\n' ' '))"

# in a folder, a picture is a form only when OCR reads text in it: a blank logo is left out
mkdir -p "$T/folder"
cp "$T/scans/$d3-page.png" "$T/folder/scan.png"
"$PY" -c "
import struct, sys, zlib
def chunk(t, b): return struct.pack('>I', len(b)) + t + b + struct.pack('>I', zlib.crc32(t + b) & 0xffffffff)
raw = b''.join(b'\0' + b'\xff' * 64 for _ in range(64))
open(sys.argv[1], 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 64, 64, 8, 0, 0, 0, 0))
    + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))" "$T/folder/logo.png"
run 0 "$FA" audit -f json "$T/folder" &&
    json "$T/out" "[x['path'].split('/')[-1] for x in d['documents']] == ['scan.png']" \
        "a folder: the scan is audited, the blank logo left out"

# the real apprenticeship cerfa, a scan without text (shared corpus, when present)
CERFA=$SRC/../shared/corpora/peers/forms/cerfa-apprentissage.pdf
if [ -f "$CERFA" ]; then
    run 0 "$FA" fields -f json "$CERFA" &&
        json "$T/out" "len(d) >= 20" "cerfa-apprentissage: at least 20 fields by OCR ($("$PY" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$T/out" 2>/dev/null))"
else
    echo "note: $CERFA not present, cerfa check not run"
fi
finish
