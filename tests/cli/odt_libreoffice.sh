#!/usr/bin/env bash
# odt_libreoffice.sh — the ODT avis opens in LibreOffice: the CLI writes the avis of a
# sample form, soffice converts it to PDF, and the PDF holds the avis' headings and
# field inventory. If the CLI cannot write one, the renderer's unit test writes the
# avis of a hand-written document instead (FA_ODT_OUT), so the check still runs.
# Usage: bash odt_libreoffice.sh FORMAUDIT_BINARY SOURCE_DIR. Skips (exit 77, CTest SKIP_RETURN_CODE) without soffice.
set -u
bin=$1
src=$2
soffice=$(command -v soffice || command -v libreoffice || true)
if [ -z "$soffice" ]; then
    echo "SKIP: soffice not installed"
    exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
odt=$tmp/avis.odt
form=$src/corpora/dis-intervention-sociale.docx
if [ -f "$form" ] && FA_REPORT_DATE=2026-01-15 "$bin" audit -f odt -o "$odt" "$form" >"$tmp/cli.log" 2>&1 && [ -s "$odt" ]; then
    echo "ODT written by the CLI for $form"
else
    tr=$(dirname "$bin")/tests/test_reports
    if [ ! -x "$tr" ]; then
        echo "FAIL: the CLI wrote no ODT and $tr is missing"
        cat "$tmp/cli.log"
        exit 1
    fi
    echo "CLI wrote no ODT; using $tr"
    FA_ODT_OUT=$odt "$tr" >"$tmp/unit.log" 2>&1 || { cat "$tmp/unit.log"; exit 1; }
fi
# A private profile: parallel runs and other users' LibreOffice sessions do not clash.
HOME=$tmp timeout 300 "$soffice" -env:UserInstallation=file://$tmp/profile --headless \
    --convert-to pdf --outdir "$tmp" "$odt" >"$tmp/soffice.log" 2>&1
if [ ! -s "$tmp/avis.pdf" ]; then
    echo "FAIL: LibreOffice did not convert the ODT"
    cat "$tmp/soffice.log"
    exit 1
fi
if command -v pdftotext >/dev/null; then
    pdftotext "$tmp/avis.pdf" "$tmp/avis.txt"
    for want in "Avis technique" "En bref" "Conclusion" "Inventaire des champs"; do
        if ! grep -q "$want" "$tmp/avis.txt"; then
            echo "FAIL: \"$want\" missing from the PDF LibreOffice made"
            exit 1
        fi
    done
    # page numbers in the footer of every page ("Avis technique — page 2 / 5")
    pages=$(pdfinfo "$tmp/avis.pdf" 2>/dev/null | awk '/^Pages:/{print $2}')
    numbered=$(grep -c "Avis technique — page [0-9]* / $pages" "$tmp/avis.txt")
    if [ -z "$pages" ] || [ "$numbered" -ne "$pages" ]; then
        echo "FAIL: $numbered of $pages pages carry a page number"
        exit 1
    fi
    # the chart: an SVG picture in the package that LibreOffice draws (its legend and the
    # categories' labels are in the PDF's text)
    legend=0
    for w in critique élevé moyen faible info; do
        grep -qx " *$w *" "$tmp/avis.txt" && legend=$((legend + 1))
    done
    if ! unzip -l "$odt" | grep -q "Pictures/chart.svg" || [ "$legend" -lt 5 ]; then
        echo "FAIL: no chart in the ODT, or LibreOffice did not draw it"
        exit 1
    fi
    echo "ODT: $pages pages, each numbered; the chart drawn"
fi
echo "PASS: LibreOffice converted the ODT ($(wc -c <"$tmp/avis.pdf") bytes of PDF)"
