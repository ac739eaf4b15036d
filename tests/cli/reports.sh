# reports.sh — where reports go: -o DIR gives one report per document and format plus
# index.html/index.json/index.csv, with safe unique names, written atomically (no
# *.tmp.* left) and never inside the walked input; -o FILE and stdout for the text
# formats; colours only on a terminal and never with NO_COLOR.
. "$(dirname "$0")/common.bash"
need_python

F=$T/forms
mkdir -p "$F/rsa" "$F/RSA2"
printf 'Nom : ____\nPrénom : ____\nObservations du référent : ________\n' >"$F/rsa/contrat.txt"
printf '<html><body><form><label>Religion</label><input name="r"></form></body></html>' >"$F/rsa/fiche.html"
printf 'Nom : ____\n' >"$F/<b>x.txt"
printf 'Nom : ____\n' >"$F/Contrat.txt"
printf 'Nom : ____\n' >"$F/contrat.TXT"           # same name but for case
printf 'PK\003\004broken' >"$F/broken.docx"
printf 'Nom : ____\n' >"$F/n°1 #2 100%.txt"      # accents kept; '#' '%' would break links

O=$T/reports
if run 0 "$FA" audit -q -o "$O" -f json,txt,md,html,odt "$F"; then pass "-o DIR with five formats"; fi
for f in index.html index.json index.csv index.jsonl; do
    [ -s "$O/$f" ] && pass "$f written" || fail "$f missing"
done
for base in rsa__contrat.txt rsa__fiche.html _b_x.txt Contrat.txt contrat.TXT-2 broken.docx 'n°1 _2 100_.txt'; do
    for ext in json txt md html odt; do
        [ -s "$O/$base.$ext" ] || fail "report $base.$ext missing"
    done
done
n=$(ls "$O" | wc -l)
[ "$n" -eq $((7 * 5 + 4)) ] && pass "exactly 7 x 5 reports + 3 index files + the journal" ||
    fail "$n files in $O: $(ls "$O")"
json "$O/rsa__contrat.txt.json" "d['path'] == '$F/rsa/contrat.txt' and d['status'] == 'ok'" \
    "per-document JSON is the document object"
json "$O/broken.docx.json" "d['status'] == 'error'" "broken document gets a report too"
[ -z "$(find "$O" -name '*.tmp.*')" ] && pass "no *.tmp.* left" || fail "temporary files left"
grep -q 'href="rsa__contrat.txt.html"' "$O/index.html" && pass "index.html links the reports" ||
    fail "index.html has no link to rsa__contrat.txt.html"
if command -v unzip >/dev/null; then
    unzip -p "$O/rsa__contrat.txt.odt" mimetype 2>/dev/null | grep -q 'application/vnd.oasis.opendocument.text' &&
        pass "ODT report is an ODF text" || fail "ODT report has no ODF mimetype"
fi

# The output directory inside the audited folder is not audited on the next run.
"$FA" audit -q -o "$F/avis" -f json "$F" >/dev/null 2>&1
"$FA" audit -q -o "$F/avis" -f json "$F" >/dev/null 2>&1
[ -s "$F/avis/rsa__contrat.txt.json" ] && [ -z "$(ls "$F/avis" | grep '^avis__')" ] &&
    pass "own output directory skipped" || fail "output directory audited: $(ls "$F/avis" | head)"
rm -rf "$F/avis"

# A document named "index" does not overwrite the index files.
mkdir "$T/odd" && printf 'Nom : ____\n' >"$T/odd/index"
"$FA" audit -q -o "$T/odd-out/" -f json "$T/odd/index" >/dev/null 2>&1
json "$T/odd-out/index-2.json" "d['path'] == '$T/odd/index'" "document 'index' reported as index-2.json"

# -o FILE: json envelope; txt/md concatenated; html for one document only.
run 0 "$FA" audit -q -f json -o "$T/all.json" "$F/rsa/contrat.txt" "$F/Contrat.txt" &&
    json "$T/all.json" "len(d['documents']) == 2" "-o FILE json: one object, two documents"
run 0 "$FA" audit -q -f html -o "$T/one.html" "$F/rsa/fiche.html" && grep -qi '<html' "$T/one.html" &&
    pass "-o FILE html" || fail "-o FILE html"
run 2 "$FA" audit -q -f html -o "$T/two.html" "$F/rsa/fiche.html" "$F/Contrat.txt" &&
    { grep -q -- '-o DIR' "$T/err" && pass "two documents in one html file refused" ||
      fail "two documents in one html file: no '-o DIR' hint: $(head -c 200 "$T/err")"; }
run 0 "$FA" audit -q -f md "$F/rsa/contrat.txt" && [ -s "$T/out" ] && pass "md on stdout" ||
    fail "md on stdout empty"
run 0 "$FA" audit -q -f odt -o "$T/one.odt" "$F/rsa/contrat.txt" && [ -s "$T/one.odt" ] &&
    pass "-o FILE odt" || fail "-o FILE odt"

# Colours: only on a terminal, never with NO_COLOR, never in files.
run 0 "$FA" audit -q "$F/rsa/contrat.txt" && ! grep -q $'\033\[' "$T/out" &&
    pass "no colour when stdout is not a terminal" || fail "colour codes in a pipe"
if command -v script >/dev/null 2>&1; then
    script -qec "'$FA' audit -q '$F/rsa/contrat.txt'" /dev/null >"$T/tty.txt" 2>&1
    grep -q $'\033\[' "$T/tty.txt" && pass "colours on a terminal" || fail "no colour on a terminal"
    NO_COLOR=1 script -qec "'$FA' audit -q '$F/rsa/contrat.txt'" /dev/null >"$T/tty.txt" 2>&1
    grep -q $'\033\[[0-9;]*m' "$T/tty.txt" && fail "colours despite NO_COLOR" || pass "NO_COLOR honoured"
    # Progress on a terminal only, and not with -q.
    script -qec "'$FA' audit -f json -o '$T/prog' '$F/rsa'" /dev/null >"$T/tty.txt" 2>&1
    grep -q $'\r\\[2/2\\] ' "$T/tty.txt" && pass "progress line on a terminal" ||
        fail "no progress line: $(od -c "$T/tty.txt" | head -3)"
    script -qec "'$FA' audit -q -f json -o '$T/prog' '$F/rsa'" /dev/null >"$T/tty.txt" 2>&1
    grep -q '\[1/2\]' "$T/tty.txt" && fail "progress despite -q" || pass "-q: no progress"
    "$FA" audit -f json -o "$T/prog" "$F/rsa" 2>"$T/err" >/dev/null
    grep -q '\[1/2\]' "$T/err" && fail "progress written to a non-terminal" || pass "no progress in logs"
else
    echo "skip: colour tests (no script(1))"
fi
finish
