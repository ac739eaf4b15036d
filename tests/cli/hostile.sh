#!/usr/bin/env bash
# hostile.sh — hostile inputs end cleanly (CTest: bash hostile.sh FORMAUDIT SOURCE_DIR).
# Generates the set with tests/hostile/gen.py (zip bombs, entity expansion, external
# entities, 200,000-deep nesting, truncated/random/empty files, encrypted DOCX/ODT/PDF,
# misnamed files, invalid UTF-8 and NULs, markup in text and names, a 40 MB paragraph,
# 50,000 table rows, symlink loops) and checks each with tests/hostile/run.py: no crash,
# no hang, peak RSS < 1 GiB, an error naming the file or an audit, /etc/passwd never
# read, HTML reports escaped, no half-written report.
# env: FA_HOSTILE_QUICK=1 skips the slowest cases; FA_HOSTILE_ONLY=substring runs a few.
set -euo pipefail
fa=$1
src=$2
py=/usr/bin/python3
[ -x "$py" ] || py=python3
work=$(mktemp -d "${TMPDIR:-/tmp}/fa-hostile.XXXXXX")
trap 'rm -rf "$work"' EXIT
ulimit -c 0
# A safety net against a runaway reader on a shared machine; sanitizer builds reserve
# terabytes of virtual memory, so only plain builds get it (RSS is measured anyway).
if ! grep -q AddressSanitizer "$fa" 2>/dev/null && ! ldd "$fa" 2>/dev/null | grep -q libasan; then
    ulimit -v $((4 * 1024 * 1024))
fi
shared=${FA_SHARED_DIR:-$src/../shared}
args=("$work/set" --samples "$src/corpora")
[ -d "$shared/corpora" ] && args+=(--shared "$shared")
[ "${FA_HOSTILE_QUICK:-0}" = 1 ] && args+=(--quick)
"$py" "$src/tests/hostile/gen.py" "${args[@]}"
run=("$work/set" --timeout "${FA_HOSTILE_TIMEOUT:-150}" --max-rss-mb 1024)
[ -n "${FA_HOSTILE_ONLY:-}" ] && run+=(--only "$FA_HOSTILE_ONLY")
"$py" "$src/tests/hostile/run.py" "$fa" "${run[@]}"
