# pdf_module.sh — the PDF reader is a module (formaudit-pdf.so) loaded at the first PDF:
# the program itself does not link poppler, the module next to it is found, and when it
# cannot be loaded each PDF is an error document naming the reason while the other
# documents of the batch are audited as usual (isolated or not).
. "$(dirname "$0")/common.bash"
need_python

PDF=$SRC/corpora/entretien-professionnel-acroform.pdf
DOCX=$SRC/corpora/dis-intervention-sociale.docx
unset FA_PDF_MODULE

if command -v ldd >/dev/null; then
    if ldd "$FA" | grep -q poppler; then fail "formaudit links poppler: $(ldd "$FA" | grep poppler)"
    else pass "formaudit does not link poppler"; fi
fi
[ -f "$(dirname "$FA")/formaudit-pdf.so" ] && pass "formaudit-pdf.so next to formaudit" ||
    fail "no formaudit-pdf.so next to $FA"

run 0 "$FA" audit -q -f json "$PDF" "$DOCX" &&
    json "$T/out" "docs['$PDF']['status'] == 'ok' and docs['$PDF']['format'] == 'pdf' and len(docs['$PDF']['fields']) > 0" \
        "PDF read through the module" && pass "PDF read through the module"

for mode in "" --no-isolate; do
    for mod in "$T/none.so" "$DOCX"; do
        run 0 env FA_PDF_MODULE="$mod" "$FA" audit -q $mode -f json "$PDF" "$DOCX" &&
            json "$T/out" "docs['$PDF']['status'] == 'error' and docs['$PDF']['error']['code'] == 'format' and docs['$PDF']['error']['message'].startswith('PDF support not available: $mod: ') and docs['$DOCX']['status'] == 'ok'" \
                "FA_PDF_MODULE=$mod $mode: PDF error with the reason, DOCX audited: $(head -c 600 "$T/out")" &&
            pass "unloadable module ($(basename "$mod")${mode:+, $mode}): per-file error, batch goes on"
    done
done

finish
