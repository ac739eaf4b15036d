#!/usr/bin/env bash
# report-diff.sh — prove that a change leaves every report byte for byte as it was.
#
#   scripts/report-diff.sh save DIR [FORMAUDIT]     audit every corpus form into DIR
#   scripts/report-diff.sh compare DIR [FORMAUDIT]  audit again into a temporary folder
#                                                   and diff it against DIR (exit 1 if any
#                                                   report differs, listing the files)
#
# Typical use around a refactoring: `save /tmp/before` on the old build, rebuild, then
# `compare /tmp/before`. Each form is audited alone with `audit -f json,md,txt -o` and
# FA_REPORT_DATE fixed, so the avis date does not differ between the runs. Forms: every
# file under tests/data, corpora/, and ../shared/corpora/{labeled,real} when present
# (labels, specs and READMEs are skipped). FORMAUDIT defaults to build/formaudit.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
mode=${1:-}
dir=${2:-}
bin=${3:-$here/build/formaudit}
if [ -z "$mode" ] || [ -z "$dir" ] || { [ "$mode" != save ] && [ "$mode" != compare ]; }; then
    echo "usage: report-diff.sh save|compare DIR [FORMAUDIT]" >&2
    exit 2
fi
[ -x "$bin" ] || { echo "report-diff: $bin: not executable (build first)" >&2; exit 2; }
export FA_REPORT_DATE=2026-01-15

forms() {
    local roots=("$here/tests/data" "$here/corpora")
    for s in labeled real; do
        [ -d "$here/../shared/corpora/$s" ] && roots+=("$here/../shared/corpora/$s")
    done
    find "${roots[@]}" -type f \( -name '*.docx' -o -name '*.odt' -o -name '*.pdf' \
        -o -name '*.html' -o -name '*.htm' -o -name '*.txt' \) \
        ! -path '*/specs*' ! -name 'README*' ! -name '*.labels.json' | LC_ALL=C sort
}

# audit_all OUT: one folder per form, named after its path (slashes made '%')
audit_all() {
    local out=$1 n=0
    mkdir -p "$out"
    while IFS= read -r f; do
        local rel=${f#"$here"/}
        rel=${rel#../}
        local key=${rel//\//%}
        mkdir -p "$out/$key"
        # a form that fails is recorded with its exit code and message: that must not
        # change either
        if ! "$bin" audit -f json,md,txt -o "$out/$key" "$f" >"$out/$key/stdout" 2>"$out/$key/stderr"; then
            echo "exit $?" >>"$out/$key/stderr"
        fi
        n=$((n + 1))
    done < <(forms)
    echo "report-diff: $n forms audited into $out" >&2
}

if [ "$mode" = save ]; then
    rm -rf "$dir"
    audit_all "$dir"
    exit 0
fi
[ -d "$dir" ] || { echo "report-diff: $dir: no saved reports (run save first)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
audit_all "$tmp/now"
if diff -rq "$dir" "$tmp/now" >"$tmp/diff"; then
    echo "report-diff: identical"
    exit 0
fi
sed -e "s|$tmp/now|NOW|g" "$tmp/diff"
echo "report-diff: $(wc -l <"$tmp/diff") difference(s)" >&2
exit 1
