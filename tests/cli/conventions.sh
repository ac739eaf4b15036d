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

# Security (art. 32) and breach notification (art. 33) are duties of the bodies that
# exchange data: a finding only in an agreement between bodies (a processing agreement
# has them in its art. 28(3) checklist, (c) and (f)), never in a form, a person's consent
# form or a convention the person signs.
sec() { # sec NAME TEXT: the document object of TEXT audited, in $T/NAME.json
    printf '%s\n' "$2" >"$T/$1"
    "$FA" audit -q -f json "$T/$1" >"$T/all.json" 2>"$T/err" &&
        "$PY" -c 'import json,sys; json.dump(json.load(open(sys.argv[1]))["documents"][0], open(sys.argv[2], "w"))' \
            "$T/all.json" "$T/$1.json" || fail "audit $1: $(head -c 300 "$T/err")"
}
CONV='# Convention de partenariat relative à l’échange d’informations

Entre le Département, ci-après dénommé « le Département », et l’Association Solidarité, ci-après dénommée « l’Association », il est convenu ce qui suit.

## Article 1 – Objet

La présente convention organise la transmission par le Département à l’Association des données nécessaires à l’accompagnement des bénéficiaires du RSA.

## Article 2 – Données échangées

Le Département transmet à l’Association les nom, prénom, adresse et situation familiale des bénéficiaires orientés.
'
SECURE='
## Article 3 – Sécurité

Chaque partie met en œuvre les mesures techniques et organisationnelles appropriées afin de garantir la sécurité et la confidentialité des données échangées (habilitations, chiffrement des échanges, traçabilité des accès).

## Article 4 – Violation de données

En cas de violation de données, la partie qui la constate en informe l’autre sans délai, et le responsable du traitement la notifie à la CNIL dans les 72 heures.
'
RET='
## Article 5 – Durée

Les données sont conservées deux ans après la fin de l’accompagnement.
'
SB="{f['rule'] for f in d['findings']} & {'fr.convention.security', 'fr.convention.breach'}"
sec conv-bodies.md "$CONV$RET"
json "$T/conv-bodies.md.json" "d['document_kind'] in ('convention', 'data_exchange_terms') and $SB == {'fr.convention.security', 'fr.convention.breach'}" \
    "an exchange between bodies with no security nor breach clause: both findings"
json "$T/conv-bodies.md.json" \
    "all(f['field'] is None and f['category'] == 'sharing' and f['quote'] == '' for f in d['findings'] if f['rule'] in ('fr.convention.security', 'fr.convention.breach'))" \
    "security and breach: document-level sharing findings, nothing to quote"
sec conv-secure.md "$CONV$SECURE$RET"
json "$T/conv-secure.md.json" "not $SB and {c['id']: c['status'] for c in d['clauses']}['security'] == 'present' and {c['id']: c['status'] for c in d['clauses']}['breach'] == 'present'" \
    "the same exchange with its security and breach clauses: no finding, clauses present"
sec consent.txt "FORMULAIRE DE CONSENTEMENT AU PARTAGE D'INFORMATIONS

Je soussigné(e) Nom : ____________________ Prénom : ____________________

accepte que le service social du Département transmette à l'Association Solidarité les informations nécessaires à mon accompagnement (situation familiale, ressources).

Je peux retirer mon accord à tout moment en écrivant au service.

Fait à ______________ le ______________

Signature : ______________"
json "$T/consent.txt.json" "d['document_kind'] == 'form' and not [f for f in d['findings'] if f['rule'].startswith('fr.convention.')] and not d['clauses']" \
    "a person's consent form: no agreement finding, no clause"
sec form.txt "DEMANDE D'AIDE FINANCIÈRE

Nom : ____________________
Ressources mensuelles : ____________________

Les informations recueillies sont transmises à la commission d'attribution et au bailleur.

Signature : ______________"
json "$T/form.txt.json" "d['document_kind'] == 'form' and 'fr.sharing' in {f['rule'] for f in d['findings']} and not $SB" \
    "a form that shares: sharing, but no security or breach finding"
sec signed.txt "CONVENTION D'ACCOMPAGNEMENT SOCIAL

Entre le Département et Madame, Monsieur : ____________________

Le Département transmet à l'Association Solidarité les informations nécessaires à l'accompagnement.

Je soussigné(e) m'engage à participer aux rendez-vous fixés.

Lu et approuvé, le ______________

Signature : ______________"
json "$T/signed.txt.json" "not $SB" "a convention the person signs is no exchange between bodies"
sec dpa.md "# Accord de sous-traitance relatif au traitement des données

Entre la Commune de Lanvaux, ci-après dénommée « le Responsable », et la société Fichiers Plus, ci-après dénommée « le Prestataire ».

## 1. Objet

Le Prestataire traite, pour le compte du Responsable, les données à caractère personnel des usagers de la cantine (identité, coordonnées, régime alimentaire).

## 2. Instructions

Le Prestataire ne traite les données que sur instruction documentée du Responsable."
json "$T/dpa.md.json" "d['document_kind'] == 'processing_agreement' and {'fr.convention.art28.c', 'fr.convention.art28.f'} <= {f['rule'] for f in d['findings']} and not $SB" \
    "a processing agreement: security and breach are its art. 28(3)(c) and (f), not findings of their own"
sec cgu.md "# Conditions générales d'utilisation du portail Mes Démarches

Le portail permet aux usagers de déposer leurs demandes d'aide sociale en ligne.

## Article 1 – Votre compte

Vous créez un compte avec votre adresse électronique. Les informations de votre dossier sont transmises au centre communal d'action sociale et à la caisse d'allocations familiales pour l'instruction de votre demande."
json "$T/cgu.md.json" "d['document_kind'] == 'terms_of_use' and 'fr.sharing' in {f['rule'] for f in d['findings']} and not $SB" \
    "terms of use addressed to the persons: sharing, but no security or breach finding"

finish
