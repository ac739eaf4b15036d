#!/usr/bin/env bash
# compare-reports.sh — are two builds of formaudit byte-identical in what they write?
#
# usage: scripts/compare-reports.sh OLD_FORMAUDIT NEW_FORMAUDIT [SET...]
#   SET: corpora tests shared-labeled shared-real peers (default: all that exist)
#   env: FA_COMPARE_MODES (default "j1 j2 noiso"), FA_COMPARE_OUT (work directory,
#        default a temporary one, removed unless something differs)
#
# For a refactoring that must not change any report (issue 14: one result, one
# boundary; issue 12: knowledge moved out of C), run the build before and the build
# after on every corpus, in every mode of the batch runner (-j1, -j2, --no-isolate),
# with every report format and the index in a directory (-o DIR -f txt,json,md,html,odt),
# plus the single-stream outputs (one JSON envelope for many documents on stdout, txt and
# md on stdout), and compare every byte (ODT reports are zip files compared whole). The
# report date is fixed (FA_REPORT_DATE). Each binary must load its own rule packs: copy
# each build as PREFIX/bin/formaudit (+ formaudit-pdf.so) with its packs in
# PREFIX/share/formaudit/rules, which a binary looks at before the source tree. Exit 0 when everything is identical; otherwise
# the differing files are listed and the outputs kept.
set -uo pipefail
old=${1:?usage: compare-reports.sh OLD NEW [SET...]}
new=${2:?usage: compare-reports.sh OLD NEW [SET...]}
shift 2
src=$(cd "$(dirname "$0")/.." && pwd)
shared=${FA_SHARED_DIR:-$src/../shared}
export FA_REPORT_DATE=2026-01-15
unset NO_COLOR FA_TEST_CRASH_ON FA_TEST_HANG_ON FA_TEST_SPIN_ON FA_TEST_DOC_SECONDS

declare -A sets=(
    [corpora]="$src/corpora"
    [tests]="$src/tests/data"
    [shared-labeled]="$shared/corpora/labeled"
    [shared-real]="$shared/corpora/real"
    [peers]="$shared/corpora/peers"
)
names=("$@")
[ ${#names[@]} -eq 0 ] && names=(corpora tests shared-labeled shared-real peers)
modes=(${FA_COMPARE_MODES:-j1 j2 noiso})

work=${FA_COMPARE_OUT:-$(mktemp -d "${TMPDIR:-/tmp}/fa-compare.XXXXXX")}
mkdir -p "$work"
differ=0

# run BIN OUTDIR MODE DIR: every way the runner writes reports.
run() {
    local bin=$1 out=$2 mode=$3 dir=$4 opt
    case $mode in
    j1) opt=(-j1) ;; j2) opt=(-j2) ;; noiso) opt=(--no-isolate) ;;
    *) echo "unknown mode $mode" >&2; return 2 ;;
    esac
    mkdir -p "$out"
    "$bin" audit -q "${opt[@]}" -f txt,json,md,html,odt -o "$out/dir" "$dir" \
        >"$out/dir.stdout" 2>"$out/dir.stderr"
    echo "exit $?" >>"$out/dir.stdout"
    "$bin" audit -q "${opt[@]}" -f json "$dir" >"$out/all.json" 2>"$out/all.stderr"
    echo "exit $?" >>"$out/all.stderr"
    "$bin" audit -q "${opt[@]}" -f md "$dir" >"$out/all.md" 2>/dev/null
    "$bin" audit -q "${opt[@]}" -f txt "$dir" >"$out/all.txt" 2>/dev/null
    # stderr names paths of the temporary tree: compare it as is (same paths both runs)
}

for name in "${names[@]}"; do
    dir=${sets[$name]:-}
    if [ -z "$dir" ] || [ ! -d "$dir" ]; then
        echo "compare: $name: not present, skipped"
        continue
    fi
    for mode in "${modes[@]}"; do
        [ "$name" = peers ] && [ "$mode" != j2 ] && continue # 772 files: one mode is enough
        t0=$(date +%s)
        run "$old" "$work/old/$name/$mode" "$mode" "$dir"
        run "$new" "$work/new/$name/$mode" "$mode" "$dir"
        # index.jsonl: the batch journal, new with issue 16 (not a report)
        if diff -rq -x index.jsonl "$work/old/$name/$mode" "$work/new/$name/$mode" \
            >"$work/diff-$name-$mode.txt"; then
            n=$(find "$work/new/$name/$mode/dir" -type f | wc -l)
            echo "compare: $name $mode: identical ($n report files, $(( $(date +%s) - t0 )) s)"
            rm -f "$work/diff-$name-$mode.txt"
        else
            differ=1
            echo "compare: $name $mode: DIFFERENT ($(wc -l <"$work/diff-$name-$mode.txt") files):"
            head -20 "$work/diff-$name-$mode.txt" | sed 's/^/    /'
        fi
    done
done
if [ $differ -eq 0 ]; then
    [ -z "${FA_COMPARE_OUT:-}" ] && rm -rf "$work"
    echo "compare: every report identical"
    exit 0
fi
echo "compare: outputs kept in $work"
exit 1
