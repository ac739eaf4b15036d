#!/usr/bin/env bash
# fuzz-short.sh — build the libFuzzer targets (clang, ASan+UBSan) and fuzz each one for
# a short time (CI smoke fuzzing). Seeds: fuzz/seeds/<target> plus the test fixtures
# and sample forms of the repository (and small third-party files of /work/shared when
# present). Crashes, timeouts, leaks and OOMs are kept under BUILD/fuzz-artifacts/ and
# make the script fail, naming each reproducer.
#
# usage: scripts/fuzz-short.sh [SECONDS_PER_TARGET=60] [TARGET...]
#   env: FA_FUZZ_BUILD (default build-fuzz), FA_SHARED_DIR (default ../shared),
#        FA_FUZZ_JOBS (cmake -j, default 1), FA_FUZZ_KNOWN=1 (build with recoverable
#        UBSan and silence the already-reported issues of fuzz/ubsan-known.supp; any
#        other UBSan report still fails the target)
set -uo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(fuzz_docx fuzz_odt fuzz_pdf fuzz_html fuzz_txt fuzz_rtf fuzz_rules fuzz_audit fuzz_shapes
             fuzz_ocr_layout)
    # damaged images through the OCR reader: only when Tesseract is there to build it
    pkg-config --exists tesseract lept 2>/dev/null && targets+=(fuzz_image)
fi
build=${FA_FUZZ_BUILD:-$src/build-fuzz}
shared=${FA_SHARED_DIR:-$src/../shared}

command -v clang >/dev/null || { echo "fuzz-short: clang not installed" >&2; exit 2; }
known=${FA_FUZZ_KNOWN:-0}
cmake -S "$src" -B "$build" -DCMAKE_C_COMPILER=clang -DFA_FUZZ=ON \
      -DFA_FUZZ_UB_RECOVER=$([ "$known" = 1 ] && echo ON || echo OFF) \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null || exit 2
cmake --build "$build" -j"${FA_FUZZ_JOBS:-1}" --target "${targets[@]}" >/dev/null || {
    echo "fuzz-short: build failed" >&2; exit 2; }

seeds=$build/fuzz-seeds
art=$build/fuzz-artifacts
mkdir -p "$seeds" "$art"

# Copy at most MAX files matching the find expression into DIR (small ones first: they
# are what mutation works best on).
collect() {
    local dir=$1 max=$2; shift 2
    mkdir -p "$dir"
    find "$@" -type f -size -400k -printf '%s %p\n' 2>/dev/null | sort -n | head -n "$max" |
        cut -d' ' -f2- | while IFS= read -r f; do
            cp -f "$f" "$dir/$(basename "$f")" 2>/dev/null
        done
}

# Unzip one part of each archive as an XML seed (the harness wraps XML into a package).
collect_parts() {
    local dir=$1 part=$2; shift 2
    mkdir -p "$dir"
    for z in "$@"; do
        [ -f "$z" ] || continue
        unzip -p "$z" "$part" > "$dir/$(basename "$z").xml" 2>/dev/null || rm -f "$dir/$(basename "$z").xml"
    done
}

fixture_dirs=("$src/corpora" "$src/tests/data")
mk_seeds() {
    local t=$1 d=$seeds/$1
    rm -rf "$d"; mkdir -p "$d"
    cp -f "$src/fuzz/seeds/${t#fuzz_}"/* "$d/" 2>/dev/null
    case $t in
    fuzz_docx)
        collect "$d" 40 "${fixture_dirs[@]}" "$shared/corpora/peers/pandoc/docx" -name '*.docx'
        collect_parts "$d" word/document.xml "$src"/corpora/*.docx "$shared"/corpora/labeled/*.docx ;;
    fuzz_odt)
        collect "$d" 40 "${fixture_dirs[@]}" "$shared/corpora/peers/pandoc/odt" -name '*.odt'
        collect_parts "$d" content.xml "$src"/corpora/*.odt "$shared"/corpora/labeled/*.odt ;;
    fuzz_pdf)
        collect "$d" 80 "${fixture_dirs[@]}" "$shared/corpora/peers/qpdf" -name '*.pdf' ;;
    fuzz_html)
        collect "$d" 40 "${fixture_dirs[@]}" "$shared/corpora/labeled" -name '*.htm*' ;;
    fuzz_txt)
        collect "$d" 40 "${fixture_dirs[@]}" -name '*.txt' ;;
    fuzz_rtf)
        collect "$d" 40 "${fixture_dirs[@]}" "$shared/corpora/peers" -name '*.rtf' ;;
    fuzz_rules)
        collect "$d" 40 "$src/rules" "$src/tests/data" -name '*.json' ;;
    fuzz_image)
        collect "$d" 20 "${fixture_dirs[@]}" \( -name '*.png' -o -name '*.jpg' -o -name '*.tif*' \) ;;
    fuzz_audit)
        collect "$d" 60 "${fixture_dirs[@]}" "$shared/corpora/labeled" \
            \( -name '*.docx' -o -name '*.odt' -o -name '*.pdf' -o -name '*.htm*' -o -name '*.txt' \) ;;
    esac
}

dict_for() {
    case $1 in
    fuzz_docx|fuzz_odt) echo "$src/fuzz/dict/xml.dict" ;;
    fuzz_pdf) echo "$src/fuzz/dict/pdf.dict" ;;
    fuzz_html) echo "$src/fuzz/dict/html.dict" ;;
    fuzz_rtf) echo "$src/fuzz/dict/rtf.dict" ;;
    fuzz_rules) echo "$src/fuzz/dict/json.dict" ;;
    *) echo "" ;;
    esac
}

export FA_RULES_DIR=${FA_RULES_DIR:-$src/rules}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
# Third-party caches kept until exit (fontconfig, loaded when a PDF page is rendered),
# as in the ASan tests; formaudit's own leaks are never suppressed.
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$src/scripts/lsan.supp:print_suppressions=0}
if [ "$known" = 1 ]; then
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=0:suppressions=$src/fuzz/ubsan-known.supp
else
    export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
fi
status=0
printf '%-11s %9s %7s %6s %s\n' target execs cov corpus result
for t in "${targets[@]}"; do
    mk_seeds "$t"
    corpus=$build/fuzz-corpus/$t
    mkdir -p "$corpus" "$art/$t"
    dict=$(dict_for "$t")
    log=$build/fuzz-$t.log
    stamp=$art/$t/.stamp; touch "$stamp"
    "$build/fuzz/$t" -max_total_time="$secs" -timeout=25 -rss_limit_mb=2048 -max_len=1048576 \
        -print_final_stats=1 -artifact_prefix="$art/$t/" ${dict:+-dict="$dict"} \
        "$corpus" "$seeds/$t" >"$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
    n=$(find "$corpus" -type f | wc -l)
    found=$(find "$art/$t" -type f ! -name .stamp -newer "$stamp" | sort)
    # With recoverable UBSan a report does not stop the run: count it as a failure.
    ub=$(grep -c 'runtime error:' "$log")
    if [ $rc -ne 0 ] || [ -n "$found" ] || [ "$ub" -gt 0 ]; then
        printf '%-11s %9s %7s %6s FAIL (exit %d, log %s)\n' "$t" "${execs:-?}" "${cov:-?}" "$n" $rc "$log"
        grep -m3 -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error|SUMMARY' "$log" | sed 's/^/    /'
        [ -n "$found" ] && printf '    reproducer: %s\n' $found
        status=1
    else
        printf '%-11s %9s %7s %6s ok\n' "$t" "${execs:-?}" "${cov:-?}" "$n"
    fi
done
exit $status
