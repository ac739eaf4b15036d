# pia.sh — `audit -f pia` on every bundled form: each file has the shape the CNIL PIA
# tool's importer reads (keys and types of the tool's own example, its question ids),
# answers to 121, 213 and 221 for every document read, evaluations left to the DPO, the
# text of every answer and measure the HTML the tool's editor writes; one PIA per
# document (a stream of two is refused); a filled form's IBAN never repeated.
. "$(dirname "$0")/common.bash"
need_python
CHECK=$SRC/tests/cli/interop_check.py
SHAPE=$SRC/tests/data/interop/pia-shape.json
D=$SRC/tests/data
CORPORA=("$SRC/corpora" "$D/labeled" "$D/real" "$D/conventions" "$D/heldout" "$D/fresh" "$D/html" "$D/pdf")

# the vendored shape is still what the tool's example says (when the shared spec is here)
V=$SRC/../shared/spec/vendor
if [ -f "$V/pia-example-export.json" ] && [ -f "$V/pia_architecture.json" ]; then
    "$PY" "$CHECK" shape "$V/pia-example-export.json" "$V/pia_architecture.json" >"$T/shape.json" &&
        cmp -s "$T/shape.json" "$SHAPE" && pass "pia-shape.json matches the PIA tool's example" ||
        fail "tests/data/interop/pia-shape.json differs from the example (see its README)"
fi

if run 0 "$FA" audit -q -j 2 -f pia,json -o "$T/dir" "${CORPORA[@]}"; then
    "$PY" "$CHECK" pia "$SHAPE" "$T/dir" >"$T/check" 2>&1 &&
        pass "every PIA export of the bundled corpora ($(tail -1 "$T/check"))" ||
        fail "PIA exports: $(head -20 "$T/check")"
    json "$T/dir/dis-intervention-sociale.docx.pia" \
        "'Capacités du ménage' in [a for a in d['answers'] if a['reference_to'] == 213][0]['data']['text']" \
        "213 names the appraisal of the household"
    json "$T/dir/inscription-centre-loisirs.html.pia" \
        "[a for a in d['answers'] if a['reference_to'] == 221][0]['data']['text'].count('<li>') == 8" \
        "221 goes through the eight items of art. 13"
fi

# one document on standard output; two are refused (a PIA is one processing's)
run 0 "$FA" audit -q -f pia "$SRC/corpora/fiche-liaison-insertion.odt" && cp "$T/out" "$T/one.pia" &&
    json "$T/one.pia" "set(d) == {'pia', 'answers', 'measures', 'evaluations', 'comments'}" \
        "-f pia on standard output" && pass "one PIA on standard output"
if run 2 "$FA" audit -q -f pia "$SRC/corpora/fiche-liaison-insertion.odt" "$SRC/corpora/convention-partenariat.txt"; then
    grep -q 'use -o DIR' "$T/err" && pass "two documents on one PIA stream refused" || fail "message: $(cat "$T/err")"
fi

# a filled form: its IBAN is in the text, never in the PIA nor the SARIF
FILLED=$D/labeled/d7-domiciliation-remplie.docx
run 0 "$FA" text "$FILLED"
iban=$(grep -oE 'FR[0-9]{2}( ?[0-9A-Z]{4}){5} ?[0-9A-Z]{1,3}' "$T/out" | head -1 | tr -d ' ')
if [ -n "$iban" ]; then
    run 0 "$FA" audit -q -f pia,sarif -o "$T/filled" "$FILLED"
    if cat "$T"/filled/*.pia "$T"/filled/*.sarif | tr -d ' ' | grep -q "${iban:4:12}"; then
        fail "the IBAN of $FILLED is repeated"
    else
        pass "a filled IBAN stays masked in PIA and SARIF"
    fi
else
    fail "no IBAN found in the text of $FILLED"
fi
finish
