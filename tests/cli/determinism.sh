# determinism.sh — the JSON of a batch is byte-identical whatever -j, isolated or not
# (so are the reports of every format),
# and from one run to the next (documents in sorted order, results stored by input
# position, no time or PID in the output). Uses the labelled forms and a few
# third-party files of /work/shared when present, plus local fixtures.
. "$(dirname "$0")/common.bash"
need_python

F=$T/forms
mkdir -p "$F/local"
printf 'Nom : ____\nÊtes-vous reconnu travailleur handicapé ? [ ] oui [ ] non\n' >"$F/local/a.txt"
printf '<html><body><p>Religion : ________</p><p>Observations : ______</p></body></html>' >"$F/local/b.html"
head -c 2000 /dev/urandom >"$F/local/noise.pdf"
SHARED="$SRC/../shared"
if [ -d "$SHARED/corpora/labeled" ]; then
    mkdir -p "$F/labeled" "$F/peers"
    find "$SHARED/corpora/labeled" -maxdepth 1 -type f \
        \( -name '*.docx' -o -name '*.odt' -o -name '*.pdf' -o -name '*.html' -o -name '*.txt' \) \
        -exec cp {} "$F/labeled/" \;
    ls "$SHARED/corpora/peers/qpdf/"*.pdf 2>/dev/null | sort | head -8 | xargs -r -I{} cp {} "$F/peers/"
    ls "$SHARED/corpora/peers/pandoc/docx/"*.docx 2>/dev/null | sort | head -6 | xargs -r -I{} cp {} "$F/peers/"
else
    echo "note: $SHARED absent, local fixtures only"
fi
n=$(find "$F" -type f | wc -l)

run 0 "$FA" audit -q -j 1 -f json "$F" && cp "$T/out" "$T/j1.json"
run 0 "$FA" audit -q -j 2 -f json "$F" && cp "$T/out" "$T/j2.json"
run 0 "$FA" audit -q -j 7 -f json "$F" && cp "$T/out" "$T/j7.json"
run 0 "$FA" audit -q --no-isolate -f json "$F" && cp "$T/out" "$T/j0.json"
json "$T/j1.json" "len(d['documents']) == $n" "all $n files listed"
cmp -s "$T/j1.json" "$T/j2.json" && pass "-j1 == -j2 ($n documents)" || fail "-j1 and -j2 differ"
cmp -s "$T/j1.json" "$T/j7.json" && pass "-j1 == -j7" || fail "-j1 and -j7 differ"
if cmp -s "$T/j1.json" "$T/j0.json"; then pass "isolated == --no-isolate"
else fail "isolated and in-process differ: $(diff "$T/j1.json" "$T/j0.json" | head -5)"; fi
run 0 "$FA" audit -q -j 2 -f json "$F" && cmp -s "$T/out" "$T/j2.json" && pass "two runs identical" ||
    fail "two runs differ"
# Isolated children render the reports themselves; in process the parent does: every
# format must come out the same either way (FA_REPORT_DATE fixes the avis date).
export FA_REPORT_DATE=2026-01-15
run 0 "$FA" audit -q -j 2 -f txt,md,html,json,odt -o "$T/dir-iso" "$F"
run 0 "$FA" audit -q --no-isolate -f txt,md,html,json,odt -o "$T/dir-in" "$F"
if diff -r "$T/dir-iso" "$T/dir-in" >"$T/dir.diff"; then
    pass "reports of every format: isolated == --no-isolate ($(ls "$T/dir-iso" | wc -l) files)"
else
    fail "reports differ isolated vs in process: $(head -5 "$T/dir.diff")"
fi
for f in txt md; do
    run 0 "$FA" audit -q -j 2 -f $f "$F" && cp "$T/out" "$T/iso.$f"
    run 0 "$FA" audit -q --no-isolate -f $f "$F"
    cmp -s "$T/out" "$T/iso.$f" && pass "$f on stdout: isolated == --no-isolate" ||
        fail "$f on stdout differs isolated vs in process"
done
finish
