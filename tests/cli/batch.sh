# batch.sh — a folder of forms with broken files among good ones: every document is
# listed, the broken ones with status error and a reason, the batch goes on (exit 0),
# loops are reported and not followed, hidden and non-document files are skipped,
# odd file names survive, and a single JSON object comes out.
. "$(dirname "$0")/common.bash"
need_python

F=$T/forms
mkdir -p "$F/sub/deep" "$F/.hidden"
printf 'Nom : ____\nPrénom : ____\nDate de naissance : __/__/____\n' >"$F/a.txt"
cat >"$F/b.html" <<'HTML'
<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Inscription</title></head>
<body><form><label for="n">Nom</label><input id="n" name="nom">
<label for="r">Régime alimentaire (sans porc, halal…)</label><input id="r" name="r"></form></body></html>
HTML
head -c 4096 /dev/urandom >"$F/random.pdf"           # random bytes named like a PDF
: >"$F/empty.docx"                                     # empty file
printf 'PK\003\004\024\000\000\000\010\000truncated' >"$F/truncated.docx"
cp "$F/a.txt" "$F/sub/deep/<b>x.txt"                   # markup in a file name
cp "$F/a.txt" "$F/.hidden/secret.txt"                  # hidden: skipped
cp "$F/a.txt" "$F/.dotfile.txt"
printf 'x\000\000owner' >"$F/~\$contrat.docx"             # Word owner (lock) file: skipped
echo '{"not": "a form"}' >"$F/data.json"               # not a document: skipped
head -c 512 /dev/urandom >"$F/photo.png"
ln -s .. "$F/sub/loop"                                 # directory loop
ln -s nowhere.docx "$F/dangling.docx"                  # broken link

run 0 "$FA" audit -f json "$F" && pass "batch with broken files exits 0"
cp "$T/out" "$T/batch.json"
cp "$T/err" "$T/batch.err"
json "$T/batch.json" 'd["tool"]["name"] == "formaudit" and isinstance(d["documents"], list)' \
    "one JSON object with tool and documents"
json "$T/batch.json" "sorted(docs) == sorted(['$F/a.txt', '$F/b.html', '$F/random.pdf', '$F/empty.docx', '$F/truncated.docx', '$F/sub/deep/<b>x.txt', '$F/dangling.docx'])" \
    "exactly the documents of the folder are listed: $(cat "$T/batch.json" | "$PY" -c 'import json,sys; print([x["path"] for x in json.load(sys.stdin)["documents"]])')"
json "$T/batch.json" "[x['path'] for x in d['documents']] == sorted(x['path'] for x in d['documents'])" \
    "documents in sorted order"
json "$T/batch.json" "docs['$F/a.txt']['status'] == 'ok' and docs['$F/a.txt']['format'] == 'txt'" "a.txt read as txt"
json "$T/batch.json" "docs['$F/b.html']['status'] == 'ok' and docs['$F/b.html']['format'] == 'html'" "b.html read as html"
json "$T/batch.json" "docs['$F/sub/deep/<b>x.txt']['status'] == 'ok'" "file name with markup audited"
# (An empty file is only required to be listed: empty text is not an error per se.)
for bad in random.pdf truncated.docx dangling.docx; do
    json "$T/batch.json" "docs['$F/$bad']['status'] == 'error' and docs['$F/$bad']['error']['code'] in ('format','corrupt','io','no_text') and len(docs['$F/$bad']['error']['message']) > 3" \
        "$bad reported as an error with a code and a message"
done
json "$T/batch.json" "docs['$F/dangling.docx']['error']['code'] == 'io'" "broken link: io error"
grep -q "^formaudit: $F/sub/loop: symbolic link loop" "$T/batch.err" && pass "loop reported" ||
    fail "loop not reported on stderr: $(cat "$T/batch.err")"
grep -q "skipped in folders: not a document" "$T/batch.err" && pass "skipped files counted" ||
    fail "skipped files not counted"
if grep -qv '^formaudit: ' "$T/batch.err"; then fail "unprefixed stderr lines"; fi

# -q: no warnings at all, same JSON.
run 0 "$FA" audit -q -f json "$F" && [ ! -s "$T/err" ] && cmp -s "$T/out" "$T/batch.json" &&
    pass "-q is silent and changes nothing else" || fail "-q: stderr $(cat "$T/err")"

# Files named on the command line are always listed, whatever their name or content.
run 0 "$FA" audit -f json "$F/data.json" "$F/a.txt" &&
    json "$T/out" "[x['path'] for x in d['documents']] == ['$F/data.json', '$F/a.txt']" \
        "explicit files listed in argument order"

# A missing PATH among good ones: the others are audited, exit 2.
run 2 "$FA" audit -f json "$F/a.txt" "$T/nope.odt" &&
    json "$T/out" "[x['path'] for x in d['documents']] == ['$F/a.txt']" "missing path: others still audited"

# Relative paths stay relative in the report.
(cd "$F" && "$FA" audit -q -f json . >"$T/rel.json" 2>/dev/null)
json "$T/rel.json" "'a.txt' in docs and 'sub/deep/<b>x.txt' in docs" "paths under . shown without ./"

# Unreadable entries are listed (io) and the batch goes on. Root reads everything, so
# as root the run drops to uid 65534 with setpriv when available.
U=$T/perm
mkdir -p "$U" && chmod 755 "$T" "$U"
printf 'Nom : ____\n' >"$U/a.txt" && chmod 644 "$U/a.txt"
cp "$U/a.txt" "$U/secret.docx" && chmod 000 "$U/secret.docx"
mkdir "$U/locked" && cp "$U/a.txt" "$U/locked/" && chmod 000 "$U/locked"
AS=()
if [ "$(id -u)" -eq 0 ]; then
    if command -v setpriv >/dev/null; then AS=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    else AS=(skip); fi
fi
if [ "${AS[0]:-}" = skip ]; then
    echo "skip: unreadable entries (root without setpriv)"
else
    run 0 "${AS[@]}" "$FA" audit -q -f json "$U" && cp "$T/out" "$T/perm.json"
    json "$T/perm.json" "docs['$U/a.txt']['status'] == 'ok'" "readable file audited next to unreadable ones"
    json "$T/perm.json" "docs['$U/secret.docx']['status'] == 'error' and docs['$U/secret.docx']['error']['code'] == 'io'" \
        "unreadable file listed as an io error"
    json "$T/perm.json" "docs['$U/locked']['status'] == 'error' and docs['$U/locked']['error']['code'] == 'io'" \
        "unreadable folder listed as an io error"
fi
chmod 755 "$U/locked"
finish
