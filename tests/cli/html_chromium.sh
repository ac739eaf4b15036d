#!/usr/bin/env bash
# html_chromium.sh — the HTML avis renders in headless Chromium: the DOM has the
# expected <title> and an SVG chart with bars, and a screenshot is produced. The HTML
# comes from the CLI on a sample form, or from the renderer's unit test (FA_HTML_OUT)
# if the CLI cannot write one.
# Usage: bash html_chromium.sh FORMAUDIT_BINARY SOURCE_DIR. Skips (exit 77, CTest SKIP_RETURN_CODE) without Chromium.
set -u
bin=$1
src=$2
chromium=""
for c in chromium chromium-browser google-chrome google-chrome-stable; do
    if command -v "$c" >/dev/null; then
        chromium=$(command -v "$c")
        break
    fi
done
if [ -z "$chromium" ]; then
    echo "SKIP: chromium not installed"
    exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
html=$tmp/avis.html
form=$src/corpora/dis-intervention-sociale.docx
title="Avis technique — Dossier d'intervention sociale"
if [ -f "$form" ] && FA_REPORT_DATE=2026-01-15 "$bin" audit -f html -o "$html" "$form" >"$tmp/cli.log" 2>&1 && [ -s "$html" ]; then
    echo "HTML written by the CLI for $form"
else
    tr=$(dirname "$bin")/tests/test_reports
    if [ ! -x "$tr" ]; then
        echo "FAIL: the CLI wrote no HTML and $tr is missing"
        cat "$tmp/cli.log"
        exit 1
    fi
    echo "CLI wrote no HTML; using $tr"
    FA_HTML_OUT=$html "$tr" >"$tmp/unit.log" 2>&1 || { cat "$tmp/unit.log"; exit 1; }
    title="Avis technique — Dossier d&#39;Intervention Sociale"
fi
flags=(--headless --no-sandbox --disable-gpu --disable-background-networking
       --disable-component-update --disable-sync --no-first-run
       --user-data-dir="$tmp/profile" --window-size=1200,2000)
timeout 120 "$chromium" "${flags[@]}" --dump-dom "file://$html" >"$tmp/dom.html" 2>"$tmp/chromium.log"
if ! grep -qF "<title>$title</title>" "$tmp/dom.html"; then
    echo "FAIL: title \"$title\" not in the rendered DOM"
    head -c 2000 "$tmp/dom.html"
    tail -5 "$tmp/chromium.log"
    exit 1
fi
bars=$(grep -o '<rect class="bar sev-' "$tmp/dom.html" | wc -l)
if ! grep -q '<svg' "$tmp/dom.html" || [ "$bars" -lt 1 ]; then
    echo "FAIL: no SVG chart with bars in the rendered DOM"
    exit 1
fi
timeout 120 "$chromium" "${flags[@]}" --screenshot="$tmp/shot.png" "file://$html" >/dev/null 2>&1
if [ ! -s "$tmp/shot.png" ]; then
    echo "FAIL: no screenshot"
    exit 1
fi
# The avis of a one-page form prints on at most 4 A4 pages: Chromium prints it to PDF,
# pdfinfo counts the pages. Forms written for each legal frame (tests/data/frames) and a
# held-out information préoccupante.
if command -v pdfinfo >/dev/null; then
    for f in frames/crip-information-preoccupante-ecole.html frames/caf-rsa-demande.html \
        frames/mdph-certificat-medical.html frames/employeur-questionnaire-embauche.html \
        frames/bibliotheque-inscription.html heldout/h1-information-preoccupante.html; do
        one=$tmp/one.html
        rm -f "$one" "$tmp/one.pdf"
        FA_REPORT_DATE=2026-01-15 "$bin" audit -q -f html -o "$one" "$src/tests/data/$f" || {
            echo "FAIL: no HTML avis for $f"
            exit 1
        }
        timeout 120 "$chromium" "${flags[@]}" --no-pdf-header-footer --print-to-pdf="$tmp/one.pdf" \
            "file://$one" >/dev/null 2>&1
        pages=$(pdfinfo "$tmp/one.pdf" 2>/dev/null | awk '/^Pages:/{print $2}')
        if [ -z "$pages" ] || [ "$pages" -gt 4 ]; then
            echo "FAIL: the avis of the one-page form $f prints on ${pages:-?} pages (at most 4)"
            exit 1
        fi
        echo "$f: $pages printed pages"
    done
else
    echo "pdfinfo not installed: print length not checked"
fi
echo "PASS: Chromium rendered the avis ($bars bars, screenshot $(wc -c <"$tmp/shot.png") bytes)"
