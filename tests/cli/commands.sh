# commands.sh — the one-document commands: `text` prints the extracted text, `fields`
# the inventory (txt table or the contract's JSON array), `rules list|test|explain`;
# errors name the file and exit 2.
. "$(dirname "$0")/common.bash"
need_python

printf 'FICHE FAMILLE\nNom : ______\nPrénom : ______\nReligion : ______\n' >"$T/form.txt"
printf '<html><body><form><label for="a">Adresse</label><input id="a" name="a"></form></body></html>' >"$T/form.html"
head -c 3000 /dev/urandom >"$T/noise.pdf"

run 0 "$FA" text "$T/form.txt" && grep -q 'Prénom' "$T/out" && pass "text of a txt form" ||
    fail "text: $(head -c 200 "$T/out")"
run 0 "$FA" text "$T/form.html" && grep -q 'Adresse' "$T/out" && pass "text of an html form" ||
    fail "text html: $(head -c 200 "$T/out")"
run 2 "$FA" text "$T/noise.pdf" && grep -q "^formaudit: $T/noise.pdf: ." "$T/err" &&
    pass "text of a broken file -> 2, message names it" || fail "text broken: $(cat "$T/err")"

run 0 "$FA" fields -f json "$T/form.txt" && cp "$T/out" "$T/fields.json"
json "$T/fields.json" "isinstance(d, list) and any(f['label'] == 'Prénom' for f in d)" "fields -f json lists 'Prénom'"
json "$T/fields.json" "all(set(['id','label','kind','options','section','location','categories']) <= set(f) for f in d)" \
    "fields carry the contract's keys"
json "$T/fields.json" "any('religion' in f['categories'] for f in d if f['label'].startswith('Religion'))" \
    "the Religion field is classified religion (built-in rules)"
run 0 "$FA" fields "$T/form.txt" && head -1 "$T/out" | grep -q 'label' && grep -q 'Prénom' "$T/out" &&
    pass "fields as a table" || fail "fields table: $(head -3 "$T/out")"
run 2 "$FA" fields "$T/noise.pdf" && grep -q "^formaudit: $T/noise.pdf: " "$T/err" && pass "fields of a broken file -> 2"

cat >"$T/pack.json" <<'JSON'
{"pack": "test-cli", "version": "2.5", "lang": "fr", "description": "CLI test pack.",
 "rules": [{"id": "test.religion", "category": "religion", "severity": "critical",
   "scope": ["label"], "words": ["religion"], "legal_basis": ["RGPD art. 9"],
   "message": {"fr": "Conviction religieuse demandée.", "en": "Religious belief asked."},
   "recommendation": {"fr": "Supprimer le champ.", "en": "Remove the field."},
   "examples": {"match": ["Religion", "Religion pratiquée"], "no_match": ["Nom", "Prénom"]}}]}
JSON
run 0 "$FA" rules list --no-default-rules --rules "$T/pack.json" && grep -q 'test.religion' "$T/out" &&
    pass "rules list shows the pack's rule" || fail "rules list: $(head -3 "$T/out")"
run 0 "$FA" rules explain test.religion --no-default-rules --rules "$T/pack.json" &&
    grep -q 'test.religion' "$T/out" && pass "rules explain" || fail "rules explain: $(head -3 "$T/out")"
run 2 "$FA" rules explain no.such.rule && grep -q 'no.such.rule' "$T/err" && pass "explain unknown rule -> 2"
run 0 "$FA" --version && pass "version" 
run 0 "$FA" audit -q -f json --no-default-rules --rules "$T/pack.json" "$T/form.txt" &&
    json "$T/out" "'test-cli 2.5' in d['tool'].get('rules', '') or 'test-cli 2.5' in d['documents'][0].get('rules_version', '')" \
        "the rules version of the run is in the JSON"
finish
