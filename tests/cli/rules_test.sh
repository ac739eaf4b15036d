#!/bin/bash
# rules_test.sh — the rule packs through the command line: every shipped rule passes its
# own examples (`formaudit rules test` exits 0), list/explain show what a reviewer needs,
# an invalid pack is refused with file:line:col and exit 3, a valid user pack adds rules,
# and an audit of a small form classifies its fields with exact quotes.
# Run as: bash rules_test.sh FORMAUDIT SOURCE_DIR
set -u
FA=${1:?usage: bash rules_test.sh FORMAUDIT SOURCE_DIR}
SRC=${2:?usage: bash rules_test.sh FORMAUDIT SOURCE_DIR}
case $FA in /*) ;; *) FA=$PWD/$FA ;; esac
T=$(mktemp -d "${TMPDIR:-/tmp}/fa-rules.XXXXXX")
trap 'rm -rf "$T"' EXIT
export FA_RULES_DIR="$SRC/rules"
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

# 1. self-test of the shipped packs
"$FA" rules test >"$T/out" 2>"$T/err"; rc=$?
if [ $rc -ne 0 ]; then fail "rules test exit $rc: $(grep FAIL "$T/out" | head -5)"; else ok "rules test"; fi
for p in fr-core fr-health fr-sensitive fr-judicial fr-family fr-subjective fr-identifiers; do
    grep -q "^$p 1.0: .* FN 0 TN .* FP 0 — ok" "$T/out" || fail "no clean summary for $p"
done

# 1b. every pack follows rules/schema.json (when a Python with jsonschema is at hand)
for py in python3 /usr/bin/python3; do
    if command -v $py >/dev/null 2>&1 && $py -c 'import jsonschema' 2>/dev/null; then
        $py - "$SRC/rules" <<'PYEOF' && ok "packs follow schema.json" || fail "schema validation"
import glob, json, os, sys
import jsonschema
d = sys.argv[1]
v = jsonschema.Draft202012Validator(json.load(open(os.path.join(d, "schema.json"))))
bad = 0
for f in sorted(glob.glob(os.path.join(d, "*.json"))):
    if f.endswith("schema.json"):
        continue
    for e in v.iter_errors(json.load(open(f))):
        print(f"{f}: {'/'.join(map(str, e.path))}: {e.message}", file=sys.stderr)
        bad += 1
sys.exit(1 if bad else 0)
PYEOF
        break
    fi
done

# 2. list and explain
"$FA" rules list >"$T/list" 2>&1 || fail "rules list"
grep -q '^fr.health.mental .*health .*critical' "$T/list" || fail "list lacks fr.health.mental"
grep -q '^fr.subjective.capacity ' "$T/list" && ok "rules list"
"$FA" rules explain fr.criminal.record >"$T/exp" 2>&1 || fail "rules explain"
grep -q 'RGPD art. 10' "$T/exp" && grep -q 'casier judiciaire' "$T/exp" || fail "explain lacks basis or words"
if "$FA" rules explain no.such.rule >/dev/null 2>&1; then fail "explain of an unknown rule succeeded"; else ok "explain unknown"; fi

# 3. an invalid pack: exit 3, message names file, line, column and rule
cat >"$T/bad.json" <<'JSON'
{"pack": "bad", "version": "1", "rules": [
  {"id": "bad.regex", "category": "health", "severity": "high",
   "scope": ["label"], "patterns": ["sant(e"],
   "legal_basis": ["RGPD art. 9"],
   "message": {"fr": "m", "en": "m"}, "recommendation": {"fr": "r", "en": "r"},
   "examples": {"match": ["sante", "santes"], "no_match": ["a", "b"]}}
]}
JSON
"$FA" rules test --rules "$T/bad.json" >"$T/out" 2>"$T/err"; rc=$?
[ $rc -eq 3 ] || fail "invalid pack: exit $rc, want 3"
grep -q "bad.json:2:4: rule \"bad.regex\": invalid pattern at offset" "$T/err" \
    && ok "invalid pack message" || fail "invalid pack message: $(cat "$T/err")"
printf '{"pack": "x",\n "rules": [\n' >"$T/trunc.json"
"$FA" rules list --rules "$T/trunc.json" >/dev/null 2>"$T/err"; rc=$?
[ $rc -eq 3 ] && grep -q "trunc.json:3:" "$T/err" && ok "syntax error" || fail "syntax error: exit $rc $(cat "$T/err")"

# 3b. a rule id that would break out of a Markdown code span is refused (issue 18)
cat >"$T/hostile.json" <<'JSON'
{"pack": "hostile", "version": "1", "rules": [
  {"id": "x.a`<script>alert(1)</script>`", "category": "health", "severity": "high",
   "scope": ["label"], "words": ["sante"], "legal_basis": ["RGPD art. 9"],
   "message": {"fr": "m", "en": "m"}, "recommendation": {"fr": "r", "en": "r"},
   "examples": {"match": ["sante", "santes"], "no_match": ["a", "b"]}}
]}
JSON
"$FA" audit -f md --rules "$T/hostile.json" "$T/bad.json" >"$T/out" 2>"$T/err"; rc=$?
[ $rc -eq 3 ] && grep -q 'hostile.json:2:4: rule "x.a`<script>alert(1)</script>`": invalid id' "$T/err" \
    && ok "hostile rule id refused" || fail "hostile rule id: exit $rc $(cat "$T/err")"

# 4. a user pack adds a rule that fires, and its failing example is counted
cat >"$T/user.json" <<'JSON'
{"pack": "user", "version": "0.1", "lang": "fr", "rules": [
  {"id": "user.locker", "category": "free_comment", "severity": "low",
   "scope": ["label"], "words": ["casier du vestiaire"],
   "legal_basis": ["RGPD art. 5.1.c"],
   "message": {"fr": "m", "en": "m"}, "recommendation": {"fr": "r", "en": "r"},
   "examples": {"match": ["Numéro du casier du vestiaire", "Casiers du vestiaire"],
                "no_match": ["Casier judiciaire", "Vestiaire"]}},
  {"id": "user.wrong", "category": "health", "severity": "low",
   "scope": ["label"], "words": ["grippe"],
   "legal_basis": ["RGPD art. 9"],
   "message": {"fr": "m", "en": "m"}, "recommendation": {"fr": "r", "en": "r"},
   "examples": {"match": ["Grippe", "Rhume"], "no_match": ["a", "b"]}}
]}
JSON
"$FA" rules test --rules "$T/user.json" >"$T/out" 2>&1; rc=$?
[ $rc -ne 0 ] || fail "a failing example did not fail the self-test"
grep -q 'FAIL user.wrong: should match: "Rhume"' "$T/out" || fail "failing example not named"
grep -q '^user 0.1: 2 rules, TP 3 FN 1 TN 4 FP 0' "$T/out" && ok "user pack summary" || fail "user summary: $(grep '^user' "$T/out")"

# 5. an audit classifies fields and quotes exactly (needs the text reader and fields)
cat >"$T/form.txt" <<'TXT'
Fiche de liaison

Nom : ____________________
Suivi psychiatrique en cours : ____________________
Capacités du ménage à se mobiliser : ____________________
Observations du référent : ____________________
TXT
"$FA" audit -f json "$T/form.txt" >"$T/a.json" 2>"$T/err"; rc=$?
if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then
    fail "audit exit $rc: $(head -c 300 "$T/err")"
else
    PY=/usr/bin/python3; [ -x $PY ] || PY=python3
    $PY - "$T/a.json" <<'PYEOF' || fail "audit findings"
import json, sys
d = json.load(open(sys.argv[1]))["documents"][0]
got = {(f["rule"], f["quote"]) for f in d["findings"]}
want = {("fr.health.mental", "Suivi psychiatrique en cours"),
        ("fr.subjective.capacity", "Capacités du ménage à se mobiliser"),
        ("fr.comment.free", "Observations du référent")}
missing = want - got
bad = [f for f in d["findings"] if f["quote"].startswith("Nom")]
if missing or bad:
    print("missing", missing, "unexpected", bad, file=sys.stderr)
    sys.exit(1)
PYEOF
    [ $? -eq 0 ] && ok "audit findings"
fi

# 6. end to end on forms nobody tuned the packs to (tests/data/rules/specs, written from
#    the domain vocabulary): generate HTML with formgen, score with score.py (tests/tools).
SHARED="$SRC/tests/tools"
if [ -x /usr/bin/python3 ] && [ -f "$SHARED/formgen.py" ] && [ -f "$SHARED/score.py" ]; then
    mkdir -p "$T/gen"
    for spec in "$SRC"/tests/data/rules/specs/*.json; do
        /usr/bin/python3 "$SHARED/formgen.py" "$spec" "$T/gen" --formats html >/dev/null 2>&1 \
            || fail "formgen $(basename "$spec")"
    done
    /usr/bin/python3 "$SHARED/score.py" "$FA" "$T/gen" --json "$T/score.json" >"$T/score.txt" 2>&1
    /usr/bin/python3 - "$T/score.json" <<'PYEOF' && ok "generated forms: $(tail -1 "$T/score.txt" | cut -c1-120)" || fail "generated forms: $(tail -1 "$T/score.txt")"
import json, sys
s = json.load(open(sys.argv[1]))["summary"]
sys.exit(0 if s["errors"] == 0 and s["category_recall"] >= 0.95 and s["category_precision"] >= 0.95 else 1)
PYEOF
else
    fail "python3, formgen or score.py missing"
fi

[ $fails -eq 0 ] && echo "rules_test: all passed" || echo "rules_test: $fails failure(s)"
exit $((fails > 0))
