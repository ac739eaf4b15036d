#!/usr/bin/env bash
# asan-tests.sh — build with AddressSanitizer + UndefinedBehaviorSanitizer (gcc,
# -DFA_SANITIZE=ON) in its own build directory and run the whole CTest suite with leak
# detection on. Any sanitizer report fails the test that triggered it (UBSan does not
# recover in this build).
#
# usage: scripts/asan-tests.sh [ctest args...]     env: FA_ASAN_BUILD (default build-asan),
#        FA_ASAN_JOBS (default 1: the build machine is shared), FA_ASAN_WERROR (default ON)
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=${FA_ASAN_BUILD:-$src/build-asan}
jobs=${FA_ASAN_JOBS:-1}
cmake -S "$src" -B "$build" -DCMAKE_C_COMPILER="${CC:-gcc}" -DFA_SANITIZE=ON \
    -DFA_WERROR="${FA_ASAN_WERROR:-ON}" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$jobs"
# Third-party one-time allocations (fontconfig/glib caches kept until exit) are
# suppressed in scripts/lsan.supp; leaks of formaudit's own code are never suppressed.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1
export LSAN_OPTIONS=suppressions=$src/scripts/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir "$build" --output-on-failure -j"$jobs" "$@"
