#!/usr/bin/env bash
# hostile.sh — hostile inputs end cleanly (CTest: bash hostile.sh FORMAUDIT SOURCE_DIR).
# Generates the set with tests/hostile/gen.py (zip bombs, entity expansion, external
# entities, 200,000-deep nesting, truncated/random/empty files, encrypted DOCX/ODT/PDF,
# misnamed files, invalid UTF-8 and NULs, markup in text and names, a 40 MB paragraph,
# 50,000 table rows, symlink loops) and checks each with tests/hostile/run.py: no crash,
# no hang, peak RSS < 1 GiB, an error naming the file or an audit, /etc/passwd never
# read, HTML reports escaped, no half-written report.
# The set is deterministic (seeded), so it is generated once into the build directory
# (beside FORMAUDIT, or FA_HOSTILE_SET) and regenerated only when gen.py changes; cases
# run FA_HOSTILE_JOBS (default 2) at a time.
# env: FA_HOSTILE_QUICK=1 skips the slowest cases; FA_HOSTILE_ONLY=substring runs a few.
set -euo pipefail
fa=$1
src=$2
py=/usr/bin/python3
[ -x "$py" ] || py=python3
quick=${FA_HOSTILE_QUICK:-0}
suffix=; [ "$quick" = 1 ] && suffix=-quick
set_dir=${FA_HOSTILE_SET:-$(cd "$(dirname "$fa")" && pwd)/hostile-set$suffix}
ulimit -c 0
# A safety net against a runaway reader on a shared machine; sanitizer builds reserve
# terabytes of virtual memory, so only plain builds get it (RSS is measured anyway).
# CTest sets FA_SANITIZED=1 for FA_SANITIZE builds; ldd's output is captured first
# (under pipefail, `ldd | grep -q` could fail on SIGPIPE and pass as "not sanitized").
libs=$(ldd "$fa" 2>/dev/null || true)
if [ "${FA_SANITIZED:-0}" != 1 ] && [[ $libs != *libasan* ]] && ! grep -q AddressSanitizer "$fa" 2>/dev/null; then
    ulimit -v $((4 * 1024 * 1024))
fi
shared=${FA_SHARED_DIR:-$src/../shared}
args=("$set_dir.new" --samples "$src/corpora")
[ -d "$shared/corpora" ] && args+=(--shared "$shared")
[ "$quick" = 1 ] && args+=(--quick)
# gen.py writes into DIR.new, renamed when complete: a killed run leaves no half set.
if [ ! -f "$set_dir/manifest.json" ] || [ "$src/tests/hostile/gen.py" -nt "$set_dir/manifest.json" ]; then
    rm -rf "$set_dir" "$set_dir.new"
    t0=$(date +%s)
    "$py" "$src/tests/hostile/gen.py" "${args[@]}"
    mv "$set_dir.new" "$set_dir"
    echo "hostile set generated in $(( $(date +%s) - t0 ))s: $set_dir"
else
    echo "hostile set reused: $set_dir"
fi
run=("$set_dir" --timeout "${FA_HOSTILE_TIMEOUT:-150}" --max-rss-mb 1024 --jobs "${FA_HOSTILE_JOBS:-2}")
[ -n "${FA_HOSTILE_ONLY:-}" ] && run+=(--only "$FA_HOSTILE_ONLY")
"$py" "$src/tests/hostile/run.py" "$fa" "${run[@]}"
