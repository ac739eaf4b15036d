# conventions.sh — agreements read as agreements (issue 19), on four small documents
# written for these tests (tests/data/conventions/golden/): a processing agreement that
# lacks art. 28(3)(e) and (h), a convention whose retention has no end, an exchange
# between administrations framed by the CRPA (not the social workers' secrecy of the
# CASF), a mandate that hands sensitive data to its agent. Also: no field in prose.
. "$(dirname "$0")/common.bash"
need_python

G=$SRC/tests/data/conventions/golden
audit() { # audit NAME: the document object in $T/NAME.json
    "$FA" audit -q -f json "$G/$1.md" >"$T/all.json" 2>"$T/err" &&
        "$PY" -c 'import json,sys; json.dump(json.load(open(sys.argv[1]))["documents"][0], open(sys.argv[2], "w"))' \
            "$T/all.json" "$T/$1.json" || fail "audit $1: $(head -c 300 "$T/err")"
}
F='[f for f in d["findings"] if f["field"] is None]'
rules() { echo "{f['rule'] for f in $F}"; }

audit accord-sous-traitance-sans-e-h
json "$T/accord-sous-traitance-sans-e-h.json" "d['document_kind'] == 'processing_agreement'" \
    "processing agreement recognised"
json "$T/accord-sous-traitance-sans-e-h.json" \
    "{'fr.convention.art28.e', 'fr.convention.art28.h'} <= $(rules) and not {'fr.convention.art28.' + x for x in 'abcdfg'} & $(rules)" \
    "art. 28(3): (e) and (h) missing, the six others present"
json "$T/accord-sous-traitance-sans-e-h.json" \
    "all(f['category'] == 'sharing' and f['legal_basis'] == ['RGPD art. 28.3.' + f['rule'][-1]] for f in $F if f['rule'].startswith('fr.convention.art28'))" \
    "art. 28 findings: kind sharing, basis art. 28.3.x"
json "$T/accord-sous-traitance-sans-e-h.json" \
    "{c['id']: c['status'] for c in d['clauses']}['art28.e'] == 'missing' and {c['id']: c['status'] for c in d['clauses']}['art28.a'] == 'present' and [c['quote'] for c in d['clauses'] if c['id'] == 'art28.a'][0].startswith('Le Prestataire ne traite')" \
    "art. 28 clauses recorded, quoted"
json "$T/accord-sous-traitance-sans-e-h.json" "len(d['fields']) == 0 and not d['notice']['present']" \
    "no field and no notice in a processing agreement"

audit convention-conservation-sans-fin
json "$T/convention-conservation-sans-fin.json" "d['document_kind'] == 'convention'" "convention recognised"
json "$T/convention-conservation-sans-fin.json" \
    "'fr.retention.open' in $(rules) and [f['quote'] for f in $F if f['rule'] == 'fr.retention.open'][0].startswith('Les données transmises sont conservées')" \
    "retention for the duration of a tacitly renewed convention is open-ended"
json "$T/convention-conservation-sans-fin.json" \
    "[c['status'] for c in d['clauses'] if c['id'] == 'retention'] == ['open']" "retention clause: open"
json "$T/convention-conservation-sans-fin.json" \
    "'fr.sharing' in $(rules) and \"l'Association\" in d['notice']['recipients']" \
    "the party it transmits to is named as recipient"

audit echange-administrations-crpa
json "$T/echange-administrations-crpa.json" "d['document_kind'] == 'data_exchange_terms'" \
    "data-exchange terms recognised"
S='[f for f in d["findings"] if f["rule"] == "fr.sharing"][0]'
json "$T/echange-administrations-crpa.json" \
    "'CRPA art. L114-8 et suivants' in $S['legal_basis'] and not any(b.startswith('CASF') or '226-13' in b for b in $S['legal_basis'])" \
    "exchange between administrations: CRPA, not CASF L411-3/L226-2-2"
json "$T/echange-administrations-crpa.json" \
    "any('DGFiP' in r for r in d['notice']['recipients']) and 'le Département' in d['notice']['recipients']" \
    "recipients named one by one"
json "$T/echange-administrations-crpa.json" \
    "'fr.retention.open' not in $(rules) and 'fr.retention.none' not in $(rules) and 'fr.consent.uninformed' not in $(rules)" \
    "fixed retention is no finding; persons who are no party are not 'not asked'"

audit mandat-donnees-sensibles
json "$T/mandat-donnees-sensibles.json" "d['document_kind'] == 'mandate'" "mandate recognised"
json "$T/mandat-donnees-sensibles.json" \
    "'fr.convention.mandate.sensitive' in $(rules) and [f['category'] for f in $F if f['rule'] == 'fr.convention.mandate.sensitive'] == ['consent']" \
    "mandate with sensitive categories: consent finding"
json "$T/mandat-donnees-sensibles.json" \
    "'fr.sharing' in $(rules) and 'le mandataire' in d['notice']['recipients']" "the agent receives the data"
json "$T/mandat-donnees-sensibles.json" \
    "{'health', 'criminal', 'immigration_status'} <= {c for x in d['fields'] for c in x['categories']}" \
    "the categories it lets the agent use are read"

# the person's acceptance of terms by an institution is no forced consent
printf '# Conditions générales d’utilisation de l’API Exemple\n\nLes administrations au sens de l’article L. 100-3 du code des relations entre le public et l’administration accèdent au service.\nLa demande de raccordement du Partenaire emporte acceptation des présentes modalités.\nLe Service met à disposition des administrations partenaires les données nécessaires à l’instruction des demandes.\n' >"$T/cgu.md"
run 0 "$FA" audit -q -f json "$T/cgu.md" &&
    json "$T/out" "not [f for f in d['documents'][0]['findings'] if f['category'] == 'consent']" \
        "an institution accepting terms is not a person's forced consent"

finish
