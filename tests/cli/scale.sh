# scale.sh — a corpus audited in parts (issue 16) and the CLI defects of issue 18:
# -f jsonl (one document per line, completion order or --ordered), --files-from (lines,
# NUL-separated, standard input), `merge` of two shards byte-identical to one run over
# both, --resume after a kill finishing what was left with the same result as an
# uninterrupted run, --strict's exit code, FIFOs never opened, an unknown option named
# for what it is.
. "$(dirname "$0")/common.bash"
need_python

F=$T/corpus
mkdir -p "$F/a" "$F/b"
for i in 1 2 3 4 5 6; do
    printf 'Nom : ____\nReligion : ____\nSituation au regard du séjour : ____\n' >"$F/a/form$i.txt"
done
cp "$SRC"/corpora/*.docx "$SRC"/corpora/*.odt "$SRC"/corpora/*.html "$F/b/"
cp "$SRC/corpora/dis-intervention-sociale.pdf" "$F/b/"
printf 'PK\003\004broken' >"$F/b/broken.docx"
find "$F" -type f | sort >"$T/all.txt"
total=$(wc -l <"$T/all.txt")

# -f jsonl: one line per document, each a document object; --ordered keeps the order.
run 0 "$FA" audit -q -j2 -f jsonl --files-from "$T/all.txt" && cp "$T/out" "$T/lines.jsonl"
[ "$(wc -l <"$T/lines.jsonl")" -eq "$total" ] && pass "jsonl: one line per document" ||
    fail "jsonl: $(wc -l <"$T/lines.jsonl") lines for $total documents"
"$PY" - "$T/lines.jsonl" <<'PY' && pass "jsonl: every line a document object" || fail "jsonl lines"
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    assert d["status"] in ("ok", "error") and "findings" in d and "notice" in d, line[:80]
PY
run 0 "$FA" audit -q -j2 -f jsonl --ordered --files-from "$T/all.txt" &&
    "$PY" -c 'import json,sys; p=[json.loads(l)["path"] for l in open(sys.argv[1])]; q=[l.strip() for l in open(sys.argv[2])]; sys.exit(p!=q)' \
        "$T/out" "$T/all.txt" && pass "jsonl --ordered: the order of the list" || fail "--ordered order"
# NUL-separated, from standard input
tr '\n' '\0' <"$T/all.txt" >"$T/all.nul"
"$FA" audit -q -f jsonl -0 --files-from - <"$T/all.nul" >"$T/nul.jsonl" 2>"$T/err" &&
    [ "$(wc -l <"$T/nul.jsonl")" -eq "$total" ] && pass "--files-from - -0" ||
    fail "--files-from - -0: $(cat "$T/err")"

# merge: two shards (audited apart, in any order) = one run over the folder.
head -n 5 "$T/all.txt" >"$T/l1"
tail -n +6 "$T/all.txt" >"$T/l2"
"$FA" audit -q -j1 -f jsonl --files-from "$T/l1" >"$T/s1.jsonl"
"$FA" audit -q -j2 -f jsonl --files-from "$T/l2" >"$T/s2.jsonl"
run 0 "$FA" merge -q -o "$T/merged" --base "$F" "$T/s2.jsonl" "$T/s1.jsonl" &&
    run 0 "$FA" audit -q -o "$T/single" -f txt,json,md,html,odt "$F" &&
    if diff -r "$T/single" "$T/merged" >"$T/diff"; then
        pass "merge of two shards = one run (every report, index and journal)"
    else
        fail "merge differs: $(head -5 "$T/diff")"
    fi
run 2 "$FA" merge -o "$T/m2" "$T/all.txt" && grep -q 'all.txt:1:' "$T/err" &&
    pass "merge: a line that is not a document is named" || fail "merge of garbage: $(cat "$T/err")"

# --resume: kill a run half way, resume, get what an uninterrupted run writes.
R=$T/resume
FA_TEST_HANG_ON=form4 "$FA" audit -q -j1 -o "$R" -f json,md "$F" >/dev/null 2>&1 &
parent=$!
for _ in $(seq 1 300); do
    [ -s "$R/index.jsonl" ] && [ "$(wc -l <"$R/index.jsonl")" -ge 3 ] && break
    sleep 0.1
done
kill -KILL "$parent"
wait "$parent" 2>/dev/null
pkill -KILL -f "$R" 2>/dev/null
done_before=$(wc -l <"$R/index.jsonl")
[ ! -e "$R/index.html" ] && pass "killed run: no index of an unfinished batch ($done_before done)" ||
    fail "killed run left an index"
run 0 "$FA" audit -o "$R" -f json,md --resume -j2 "$F" &&
    grep -q -- "--resume: $done_before document" "$T/err" &&
    pass "--resume skips the $done_before finished documents" || fail "--resume: $(cat "$T/err")"
run 0 "$FA" audit -q -o "$T/whole" -f json,md -j2 "$F"
rm -f "$R"/*.tmp.* 2>/dev/null
if diff -r -x index.jsonl "$T/whole" "$R" >"$T/diff"; then
    pass "resumed run = uninterrupted run"
else
    fail "resumed differs: $(head -5 "$T/diff")"
fi
"$PY" -c 'import json,sys; p=[json.loads(l)["path"] for l in open(sys.argv[1])]; sys.exit(len(p) != len(set(p)) or len(p) != int(sys.argv[2]))' \
    "$R/index.jsonl" "$total" && pass "journal: each document once" || fail "journal has duplicates"

# --strict: an unreadable document is exit 4 only when asked.
run 0 "$FA" audit -q -f json "$F/b/broken.docx" && pass "unreadable document: exit 0"
run 4 "$FA" audit -q --strict -f json "$F/b/broken.docx" && pass "--strict: exit 4"
run 1 "$FA" audit -q --strict --fail-on high -f json "$F/a/form1.txt" "$F/b/broken.docx" &&
    pass "--fail-on before --strict"

# FIFOs: named as a document or as a rule pack, never opened (they would block).
mkfifo "$T/fifo.docx" "$T/fifo.json"
start=$(date +%s)
run 0 timeout 20 "$FA" audit -q -f json "$T/fifo.docx" &&
    json "$T/out" "d['documents'][0]['error']['code'] == 'io' and 'FIFO' in d['documents'][0]['error']['message']" \
        "a FIFO named as a document is reported, not read"
run 2 timeout 20 "$FA" audit -q --rules "$T/fifo.json" -f json "$F/a/form1.txt" &&
    grep -q 'FIFO' "$T/err" && pass "--rules FIFO refused" || fail "--rules FIFO: $(cat "$T/err")"
[ $(( $(date +%s) - start )) -lt 15 ] && pass "no wait on FIFOs" || fail "waited on a FIFO"

# An unknown option is named for what it is, not blamed on the argument before it.
run 2 "$FA" audit "$F/a/form1.txt" -1+2.txt && grep -q 'unknown option or missing argument: -1' "$T/err" &&
    pass "unknown option named" || fail "unknown option message: $(cat "$T/err")"
# Issue 18: file names that hold an identifier are masked in paths, report names, links
# and the index; a name that is not UTF-8 is still named (not "path": "").
P=$T/names
mkdir -p "$P"
printf 'Nom : ____\n' >"$P/NIR284057577788802.txt"
printf 'Nom : ____\n' >"$P/$(printf 'caf\351.txt')"
run 0 "$FA" audit -q -o "$T/names-out" -f json,html,md,txt,odt "$P"
if grep -rqa 284057577788802 "$T/names-out" || ls "$T/names-out" | grep -q 284057577788802; then
    fail "an identifier in a file name reached the reports: $(grep -rla 284057577788802 "$T/names-out"; ls "$T/names-out")"
else
    pass "identifier in a file name masked in paths, report names and the index"
fi
json "$T/names-out/index.json" "all(x['path'] for x in d['documents']) and len(d['documents']) == 2 and any('caf' in x['path'] for x in d['documents'])" \
    "a name that is not UTF-8 is still named"
finish
