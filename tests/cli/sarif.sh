# sarif.sh — `audit -f sarif` on every bundled form: each log valid against the OASIS
# SARIF 2.1.0 schema vendored in tests/data/interop/ (python3-jsonschema; exit 77 without
# it), every ruleId described by the driver at its ruleIndex, levels from the severities;
# one document per file in -o DIR, one log with one run for a stream, unreadable
# documents as notifications, the same log again from merged shards.
. "$(dirname "$0")/common.bash"
need_python
"$PY" -c 'import jsonschema' 2>/dev/null || { echo "SKIP: python3-jsonschema not installed (scripts/deps.sh test)"; exit 77; }
SCHEMA=$SRC/tests/data/interop/sarif-schema-2.1.0.json
CHECK=$SRC/tests/cli/interop_check.py
D=$SRC/tests/data
CORPORA=("$SRC/corpora" "$D/labeled" "$D/real" "$D/conventions" "$D/heldout" "$D/fresh" "$D/html" "$D/pdf")

# one log per document
if run 0 "$FA" audit -q -j 2 -f sarif,json -o "$T/dir" "${CORPORA[@]}"; then
    n=$(ls "$T"/dir/*.sarif | wc -l)
    [ "$n" -ge 140 ] && pass "$n SARIF logs written" || fail "only $n SARIF logs"
    "$PY" "$CHECK" sarif "$SCHEMA" "$T"/dir/*.sarif >"$T/check" 2>&1 &&
        pass "every SARIF log of the bundled corpora is valid ($(tail -1 "$T/check"))" ||
        fail "SARIF logs: $(head -20 "$T/check")"
    json "$T/dir/dis-intervention-sociale.docx.sarif" \
        "len(d['runs']) == 1 and d['runs'][0]['tool']['driver']['name'] == 'formaudit' and len(d['runs'][0]['tool']['driver']['rules']) > 100" \
        "the driver lists every rule of the packs"
    # as many results as findings, document by document
    "$PY" - "$T/dir" <<'PYEOF' && pass "one result per finding" || fail "results and findings differ"
import json, os, sys
d = sys.argv[1]
for x in json.load(open(os.path.join(d, "index.json")))["documents"]:
    s = json.load(open(os.path.join(d, x["report"] + ".sarif")))
    j = json.load(open(os.path.join(d, x["report"] + ".json")))
    if len(s["runs"][0]["results"]) != len(j["findings"]):
        sys.exit(x["report"])
PYEOF
fi

# a stream: one log, one run, every result; an unreadable document is a notification
printf 'PK\003\004broken' >"$T/broken.docx"
if run 0 "$FA" audit -q -f sarif "$SRC/corpora" "$T/broken.docx"; then
    cp "$T/out" "$T/stream.sarif"
    "$PY" "$CHECK" sarif "$SCHEMA" "$T/stream.sarif" >"$T/check" 2>&1 &&
        pass "the stream of several documents is one valid log" || fail "stream: $(head -5 "$T/check")"
    "$PY" - "$T/stream.sarif" "$T/dir" "$SRC/corpora/" <<'PYEOF' && pass "one run holds the results of every document" || fail "stream results"
import json, os, sys
log, d, corpora = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3]
assert len(log["runs"]) == 1, "runs"
run = log["runs"][0]
want = sum(len(json.load(open(os.path.join(d, x["report"] + ".sarif")))["runs"][0]["results"])
           for x in json.load(open(os.path.join(d, "index.json")))["documents"]
           if x["path"].startswith(corpora))
assert len(run["results"]) == want, (len(run["results"]), want)
notes = run["invocations"][0]["toolExecutionNotifications"]
assert len(notes) == 1 and notes[0]["level"] == "error", notes
assert notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("broken.docx")
PYEOF
fi
# -o FILE with several documents: the same single log
run 0 "$FA" audit -q -f sarif -o "$T/all.sarif" "$SRC/corpora/convention-partenariat.txt" \
    "$SRC/corpora/fiche-liaison-insertion.odt" &&
    "$PY" "$CHECK" sarif "$SCHEMA" "$T/all.sarif" >/dev/null && pass "-o FILE.sarif for two documents" ||
    fail "-o FILE.sarif"
# a document without findings, and the English texts
printf 'Nom : ____\n' >"$T/nom.txt"
run 0 "$FA" audit -q --lang en -f sarif "$T/nom.txt" && cp "$T/out" "$T/en.sarif" &&
    "$PY" "$CHECK" sarif "$SCHEMA" "$T/en.sarif" >/dev/null &&
    json "$T/en.sarif" "d['runs'][0]['tool']['driver']['language'] == 'en-US'" "English log" ||
    fail "English log"

# merged shards give valid logs too (no rule set there: the rules the findings name)
run 0 "$FA" audit -q -f jsonl "$SRC/corpora" && cp "$T/out" "$T/shard.jsonl"
if run 0 "$FA" merge -q -f sarif -o "$T/merged" "$T/shard.jsonl"; then
    "$PY" "$CHECK" sarif "$SCHEMA" "$T"/merged/*.sarif >"$T/check" 2>&1 &&
        pass "SARIF from merged shards is valid" || fail "merged: $(head -5 "$T/check")"
fi
finish
