#!/usr/bin/env bash
# valgrind-corpus.sh — run `formaudit audit --no-isolate -f json` under valgrind memcheck
# on every sample form of corpora/ and one labelled form per format of the shared
# corpus. Fails on any invalid read/write, use of uninitialised memory, or definite /
# indirect leak. scripts/valgrind.supp only hides third-party one-time initialisation
# (glib type system, fontconfig caches) — never a leak of formaudit's own code.
#
# usage: scripts/valgrind-corpus.sh [FORMAUDIT] [FILE...]
#   FORMAUDIT defaults to $FORMAUDIT or build/formaudit (a plain, non-ASan build).
set -uo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
fa=${FORMAUDIT:-$src/build/formaudit}
if [ $# -gt 0 ] && [ -x "$1" ] && [ ! -d "$1" ] && ! [[ $1 =~ \.(docx|odt|pdf|html?|txt)$ ]]; then fa=$1; shift; fi
command -v valgrind >/dev/null || { echo "valgrind-corpus: valgrind not installed" >&2; exit 2; }
[ -x "$fa" ] || { echo "valgrind-corpus: $fa: not executable" >&2; exit 2; }
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
    while IFS= read -r f; do files+=("$f"); done < <(
        find "$src/corpora" -maxdepth 1 -type f \( -name '*.docx' -o -name '*.odt' -o -name '*.pdf' \
             -o -name '*.htm*' -o -name '*.txt' \) | sort)
    shared=${FA_SHARED_DIR:-$src/../shared}/corpora/labeled
    for ext in docx odt pdf html; do
        f=$(ls "$shared"/*."$ext" 2>/dev/null | head -1)
        [ -n "$f" ] && files+=("$f")
    done
fi
logs=$(mktemp -d "${TMPDIR:-/tmp}/fa-valgrind.XXXXXX")
export FA_RULES_DIR=${FA_RULES_DIR:-$src/rules}
# Ask the matcher to run PCRE2 without JIT when it supports it (see valgrind.supp).
export FA_PCRE2_NO_JIT=1
fail=0
for f in "${files[@]}"; do
    log=$logs/$(basename "$f").log
    t0=$(date +%s)
    valgrind --tool=memcheck --leak-check=full --errors-for-leak-kinds=definite,indirect \
        --show-leak-kinds=definite,indirect --track-origins=yes --error-exitcode=9 \
        --suppressions="$src/scripts/valgrind.supp" --log-file="$log" \
        "$fa" audit --no-isolate -f json "$f" >/dev/null 2>"$log.stderr"
    rc=$?
    secs=$(( $(date +%s) - t0 ))
    summary=$(grep -E 'ERROR SUMMARY' "$log" | tail -1 | sed 's/^==[0-9]*== //')
    lost=$(grep -E 'definitely lost:|indirectly lost:' "$log" | sed 's/^==[0-9]*== *//' | tr '\n' ' ')
    if [ $rc -eq 9 ] || [ $rc -gt 2 ] || [ $rc -lt 0 ]; then
        echo "FAIL $(basename "$f") (exit $rc, ${secs}s): $summary $lost  log: $log"
        grep -m1 -A12 -E 'Invalid|uninitialised|definitely lost in|indirectly lost in' "$log" | sed 's/^==[0-9]*== /    /'
        fail=1
    else
        echo "ok   $(basename "$f") (exit $rc, ${secs}s): $summary"
    fi
done
[ $fail = 0 ] && rm -rf "$logs"
exit $fail
