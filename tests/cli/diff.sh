# diff.sh — `formaudit diff OLD NEW`: the labelled forms saved in several formats show no
# field change against each other; a new version's field, category, notice and findings
# changes in every output format; --fail-on on what the new version adds; a JSON report
# as the old version; usage and I/O errors.
. "$(dirname "$0")/common.bash"
need_python
L=$SRC/tests/data/labeled

# the same form in another format: no field change, no finding change
pairs=("d1-contrat-engagement-rsa.docx d1-contrat-engagement-rsa-controls.odt"
       "d2-demande-logement-volet-social-sdt.docx d2-demande-logement-volet-social.odt"
       "d4-entretien-annuel-evaluation.docx d4-entretien-annuel-evaluation.odt"
       "d1-contrat-engagement-rsa.docx d1-contrat-engagement-rsa.pdf"
       "d3-inscription-restauration-scolaire-legacy.docx d3-inscription-restauration-scolaire.html"
       "d5-grille-autonomie-sociale.odt d5-grille-autonomie-sociale.pdf")
for p in "${pairs[@]}"; do
    set -- $p
    if run 0 "$FA" diff -f json --fail-on info "$L/$1" "$L/$2"; then
        json "$T/out" "not d['added'] and not d['removed'] and not d['changed'] and not d['findings_new'] and not d['findings_gone'] and d['summary']['empty']" \
            "$1 -> $2: changes reported: $(head -c 300 "$T/out")" && pass "$1 and $2: no change"
    fi
done

# versions of a small form
F=$T/forms
mkdir -p "$F"
notice="Les informations recueillies sont traitées par la Mairie pour l'inscription au service."
ret=" Les données sont conservées deux ans."
rights=" Vous disposez d'un droit d'accès auprès du délégué à la protection des données et pouvez saisir la CNIL."
form() { # form FILE FIELD-LINES... (the notice follows, with the retention clause unless NORET=1)
    local f=$1; shift
    { printf 'FICHE D INSCRIPTION\n\n'; printf '%s : ______________\n' "$@"
      printf '\nProtection des données\n%s%s%s\n' "$notice" "$([ "${NORET:-}" = 1 ] || printf '%s' "$ret")" "$rights"; } >"$f"
}
form "$F/v1.txt" "Nom" "Prénom" "Téléphone" "Observations du référent"
form "$F/v2.txt" "Nom" "Prénom" "Téléphone" "Religion" "Observations du référent"
form "$F/v3.txt" "Nom" "Prénom" "Observations du référent"
form "$F/v4.txt" "Nom de naissance" "Prénom" "Téléphone" "Observations du référent"
NORET=1 form "$F/v5.txt" "Nom" "Prénom" "Téléphone" "Observations du référent"

run 1 "$FA" diff -f json --fail-on high "$F/v1.txt" "$F/v2.txt" &&
    json "$T/out" "[x['label'] for x in d['added']] == ['Religion'] and 'religion' in d['categories_gained'] and any(f['category'] == 'religion' for f in d['findings_new'])" \
        "religion added: $(head -c 400 "$T/out")" && pass "a religion field added: exit 1 with --fail-on high"
run 0 "$FA" diff -f json --fail-on info "$F/v1.txt" "$F/v3.txt" &&
    json "$T/out" "[x['label'] for x in d['removed']] == ['Téléphone'] and d['categories_lost'] == ['contact'] and not d['findings_new']" \
        "phone removed" && pass "the phone removed: nothing new, exit 0"
run 0 "$FA" diff -f json "$F/v1.txt" "$F/v4.txt" &&
    json "$T/out" "not d['added'] and not d['removed'] and [(c['old']['label'], c['new']['label'], c['changes']) for c in d['changed']] == [('Nom', 'Nom de naissance', ['label'])]" \
        "relabel: $(head -c 400 "$T/out")" && pass "a relabelled field"
run 1 "$FA" diff -f json --fail-on medium "$F/v1.txt" "$F/v5.txt" &&
    json "$T/out" "d['notice']['items_lost'] == ['retention'] and d['notice']['retention']['new'] is None and d['notice']['retention']['changed'] and any(f['rule'].startswith('fr.retention') for f in d['findings_new'])" \
        "retention lost: $(head -c 600 "$T/out")" && pass "a notice that loses its retention clause"

# every output format; -o FILE
for fmt in txt md html; do
    run 1 "$FA" diff -f "$fmt" --fail-on high "$F/v1.txt" "$F/v2.txt" && grep -q 'Religion' "$T/out" &&
        pass "diff -f $fmt" || fail "diff -f $fmt: $(head -c 300 "$T/out")"
done
grep -q '^<!DOCTYPE html>' "$T/out" && pass "html is a page" || fail "html is not a page"
run 0 "$FA" diff -o "$T/d.md" -f md "$F/v1.txt" "$F/v3.txt" && [ -s "$T/d.md" ] && [ ! -s "$T/out" ] &&
    pass "-o FILE" || fail "-o FILE"
run 0 "$FA" diff --lang en "$F/v1.txt" "$F/v3.txt" && grep -q 'Fields removed' "$T/out" &&
    pass "--lang en" || fail "--lang en: $(cat "$T/out")"

# the old version as an archived JSON report (document object, or a report of one document)
run 0 "$FA" audit -q -f json -o "$T/arch/" "$F/v1.txt"
run 0 "$FA" audit -q -f json "$F/v1.txt" && cp "$T/out" "$T/v1-report.json"
for old in "$T/arch/v1.txt.json" "$T/v1-report.json"; do
    run 1 "$FA" diff -f json --fail-on high "$old" "$F/v2.txt" &&
        json "$T/out" "[x['label'] for x in d['added']] == ['Religion']" "archived $old" &&
        pass "old version read from $(basename "$old")"
done
"$PY" - "$T/arch/v1.txt.json" "$T/other-rules.json" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1])); d["rules_version"] = "fr-core 0.9"
json.dump(d, open(sys.argv[2], "w"))
PYEOF
run 0 "$FA" diff "$T/other-rules.json" "$F/v1.txt" && grep -q 'not audited with the same rules' "$T/err" &&
    pass "a warning when the rules differ" || fail "rules warning: $(cat "$T/err")"

# errors
usage() { if run 2 "$FA" diff "$@"; then grep -q -- '--help' "$T/err" && pass "usage error: diff $*" || fail "no hint: $(cat "$T/err")"; fi; }
usage "$F/v1.txt"
usage -f odt "$F/v1.txt" "$F/v2.txt"
usage --fail-on severe "$F/v1.txt" "$F/v2.txt"
run 2 "$FA" diff "$F/v1.txt" "$T/missing.txt" && grep -q "^formaudit: $T/missing.txt: " "$T/err" &&
    pass "missing NEW: exit 2" || fail "missing NEW: $(cat "$T/err")"
printf 'PK\003\004broken' >"$T/broken.docx"
run 2 "$FA" diff "$F/v1.txt" "$T/broken.docx" && grep -q "broken.docx" "$T/err" &&
    pass "unreadable NEW: exit 2, named" || fail "unreadable: $(cat "$T/err")"
printf '{"not": "a report"}' >"$T/x.json"
run 2 "$FA" diff "$T/x.json" "$F/v1.txt" && grep -q 'not a formaudit JSON report' "$T/err" &&
    pass "a JSON that is no report: exit 2" || fail "bad JSON: $(cat "$T/err")"
run 0 "$FA" audit -q -f json "$F/v1.txt" "$F/v2.txt" && cp "$T/out" "$T/two.json"
run 2 "$FA" diff "$T/two.json" "$F/v1.txt" && grep -q 'report of 2 documents' "$T/err" &&
    pass "a report of two documents: exit 2" || fail "two documents: $(cat "$T/err")"
printf '{"version": 1, "rules": [{"id": "x"' >"$T/badpack.json"
run 3 "$FA" diff --rules "$T/badpack.json" "$F/v1.txt" "$F/v2.txt" && pass "invalid rule pack: exit 3"
finish
