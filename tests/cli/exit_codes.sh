# exit_codes.sh — 0/1/2/3 of the contract: --fail-on follows the findings of every
# document of a batch, an invalid rule pack is exit 3 with the loader's
# file:line:col message, and output errors are exit 2.
. "$(dirname "$0")/common.bash"
need_python

F=$T/forms
mkdir -p "$F"
printf 'FICHE DE RENSEIGNEMENTS\nNom : ______\nPrénom : ______\nReligion : ______\n' >"$F/religion.txt"
printf 'Nom : ______\nPrénom : ______\n' >"$F/plain.txt"
cat >"$T/pack.json" <<'JSON'
{
  "pack": "test-cli",
  "version": "1.0",
  "lang": "fr",
  "description": "CLI test pack: one critical rule on a religion field.",
  "rules": [
    {
      "id": "test.religion",
      "category": "religion",
      "severity": "critical",
      "scope": ["label"],
      "words": ["religion"],
      "legal_basis": ["RGPD art. 9"],
      "message": {"fr": "Conviction religieuse demandée.", "en": "Religious belief asked."},
      "recommendation": {"fr": "Supprimer le champ.", "en": "Remove the field."},
      "examples": {"match": ["Religion", "Religion pratiquée"], "no_match": ["Nom", "Prénom"]}
    }
  ]
}
JSON

# --fail-on: exit 1 exactly when some finding of some document is at or above it.
run 0 "$FA" audit -q -f json --rules "$T/pack.json" "$F" && cp "$T/out" "$T/all.json"
json "$T/all.json" "any(f['rule'] == 'test.religion' and f['severity'] == 'critical' for f in docs['$F/religion.txt']['findings'])" \
    "the pack's critical rule fires on 'Religion : ____'"
json "$T/all.json" "not any(f['severity'] == 'critical' for f in docs['$F/plain.txt']['findings'])" \
    "nothing critical in a form asking only a name"
for target in "$F" "$F/plain.txt"; do
    "$FA" audit -q -f json --rules "$T/pack.json" "$target" >"$T/ref.json" 2>/dev/null
    for sev in info low medium high critical; do
        want=$("$PY" - "$T/ref.json" "$sev" <<'PYEOF'
import json, sys
order = ["info", "low", "medium", "high", "critical"]
d = json.load(open(sys.argv[1]))
worst = max((order.index(f["severity"]) for x in d["documents"] for f in x["findings"]), default=-1)
print(1 if worst >= order.index(sys.argv[2]) else 0)
PYEOF
)
        [ -n "$want" ] || { fail "--fail-on $sev: no reference"; continue; }
        run "$want" "$FA" audit -q -f json --rules "$T/pack.json" --fail-on "$sev" "$target" &&
            pass "--fail-on $sev on ${target#$T/} -> $want"
    done
done
run 0 "$FA" audit -q --rules "$T/pack.json" --fail-on critical -f json "$F/plain.txt" &&
    pass "--fail-on critical, no critical finding -> 0"
run 1 "$FA" audit -q --rules "$T/pack.json" --fail-on critical -f json "$F/plain.txt" "$F/religion.txt" &&
    pass "--fail-on considers every document, not the last one"
# Without --fail-on, findings do not change the exit status.
run 0 "$FA" audit -q --rules "$T/pack.json" -f json "$F/religion.txt" && pass "no --fail-on -> 0"

# Invalid packs: exit 3, the loader's message with file:line:col, nothing on stdout.
printf '{\n  "pack": "broken",\n  "rules": [\n    { "id": "x", oops }\n  ]\n}\n' >"$T/syntax.json"
if run 3 "$FA" audit -f json --rules "$T/syntax.json" "$F/plain.txt"; then
    grep -Eq "^formaudit: $T/syntax.json:[0-9]+:[0-9]+: " "$T/err" &&
        pass "syntax error -> 3 with file:line:col" || fail "message: $(cat "$T/err")"
    [ -s "$T/out" ] && fail "stdout written despite an invalid pack"
fi
sed 's/"words": \["religion"\]/"patterns": ["(religion"]/' "$T/pack.json" >"$T/regex.json"
if run 3 "$FA" audit -f json --rules "$T/regex.json" "$F/plain.txt"; then
    grep -Eq "^formaudit: $T/regex.json:[0-9]+:[0-9]+: rule \"test.religion\": " "$T/err" &&
        pass "bad regex -> 3 naming the rule" || fail "message: $(cat "$T/err")"
fi
run 3 "$FA" rules list --rules "$T/syntax.json" && pass "rules list with a bad pack -> 3"
run 2 "$FA" audit -f json --rules "$T/no-such-pack.json" "$F/plain.txt" && pass "missing pack -> 2"

# rules test: exit 1 when an example fails.
sed 's/"no_match": \["Nom", "Prénom"\]/"no_match": ["Religion du foyer", "Nom"]/' "$T/pack.json" >"$T/failing.json"
run 0 "$FA" rules test --no-default-rules --rules "$T/pack.json" && pass "rules test passes"
run 1 "$FA" rules test --no-default-rules --rules "$T/failing.json" && pass "rules test fails -> 1"

# Output errors are exit 2: a full disk, an unwritable -o.
if [ -w /dev/full ]; then
    "$FA" audit -q -f json "$F/plain.txt" >/dev/full 2>"$T/err"
    rc=$?
    [ "$rc" -eq 2 ] && grep -q '^formaudit: error writing' "$T/err" && pass "full disk -> 2" ||
        fail "full disk -> $rc ($(cat "$T/err"))"
fi
run 2 "$FA" audit -q -f json -o "$T/no/such/dir/r.json" "$F/plain.txt" && pass "unwritable -o FILE -> 2"
run 0 "$FA" audit -q -f json -o "$T/r.json" "$F/plain.txt" &&
    json "$T/r.json" "[x['path'] for x in d['documents']] == ['$F/plain.txt']" "-o FILE written"
[ -z "$(ls "$T" | grep '\.tmp\.')" ] && pass "no temporary file left" || fail "temporary file left"
finish
