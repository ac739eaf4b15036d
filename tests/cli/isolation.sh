# isolation.sh — each document runs in a child process: a crash, a hang or a CPU loop
# fails that document only (status error, code crash/timeout, a message naming the
# cause), the others are audited, the exit status stays 0, and no report file is left
# half-written. Uses the test hooks documented in docs/formaudit.1.md.
. "$(dirname "$0")/common.bash"
need_python

F=$T/forms
mkdir -p "$F"
for n in 1 2 3 4 5; do printf 'Nom : ____\nAdresse : ____\n' >"$F/form$n.txt"; done
printf 'Nom : ____\n' >"$F/crash-me.txt"
printf 'Nom : ____\n' >"$F/hang-me.txt"
printf 'Nom : ____\n' >"$F/spin-me.txt"

start=$(date +%s)
FA_TEST_CRASH_ON=crash-me FA_TEST_HANG_ON=hang-me FA_TEST_SPIN_ON=spin-me FA_TEST_DOC_SECONDS=1 \
    run 0 "$FA" audit -j 3 -f json "$F" && pass "crash, hang and CPU loop do not stop the batch"
took=$(( $(date +%s) - start ))
cp "$T/out" "$T/iso.json"
json "$T/iso.json" "len(d['documents']) == 8" "all 8 documents listed"
json "$T/iso.json" "docs['$F/crash-me.txt']['status'] == 'error' and docs['$F/crash-me.txt']['error']['code'] == 'crash' and 'SIGSEGV' in docs['$F/crash-me.txt']['error']['message']" \
    "crashed child -> crash, message names SIGSEGV"
json "$T/iso.json" "docs['$F/hang-me.txt']['error']['code'] == 'timeout' and 'time limit of 12 s' in docs['$F/hang-me.txt']['error']['message']" \
    "hung child killed at the wall-clock limit -> timeout"
json "$T/iso.json" "docs['$F/spin-me.txt']['error']['code'] == 'timeout' and 'CPU time limit of 1 s' in docs['$F/spin-me.txt']['error']['message']" \
    "spinning child stopped by RLIMIT_CPU -> timeout"
json "$T/iso.json" "all(docs['$F/form%d.txt' % n]['status'] == 'ok' for n in range(1, 6))" \
    "the other documents are audited"
[ "$took" -lt 30 ] && pass "limits enforced promptly (${took}s)" || fail "took ${took}s"
grep -q "^formaudit: $F/crash-me.txt: reader crashed (SIGSEGV) (crash)" "$T/err" &&
    pass "crash reported on stderr" || fail "crash not on stderr: $(cat "$T/err")"

# RLIMIT_AS is set: a child asking for more memory is reported as the memory limit
# (code nomem in AddressSanitizer builds, where RLIMIT_AS cannot be used).
FA_TEST_NOMEM_ON=form1 run 0 "$FA" audit -f json "$F/form1.txt" "$F/form2.txt" &&
    json "$T/out" "d['documents'][0]['error']['code'] == 'limit' and 'memory limit of' in d['documents'][0]['error']['message'] or d['documents'][0]['error']['code'] == 'nomem'" \
        "memory limit -> limit" &&
    json "$T/out" "d['documents'][1]['status'] == 'ok'" "next document fine after a memory failure"

# Same for a single file named on the command line.
FA_TEST_CRASH_ON=crash-me run 0 "$FA" audit -f json "$F/crash-me.txt" &&
    json "$T/out" "d['documents'][0]['error']['code'] == 'crash'" "single file isolated too"

# The hooks act in the child only: --no-isolate (in process) ignores them.
FA_TEST_CRASH_ON=crash-me "$FA" audit --no-isolate -f json "$F/crash-me.txt" >/dev/null 2>&1
rc=$?
[ "$rc" -eq 0 ] && pass "--no-isolate: hooks are read by children only" ||
    fail "--no-isolate exit $rc"

# SIGTERM (a scheduler, timeout(1)) stops the batch: workers killed, exit 2,
# "interrupted". A hung worker would otherwise run forever, since only the parent
# enforces the wall-clock limit. What finished before is there, complete (each report
# is written as its document ends); nothing half-written, no index of an unfinished
# batch.
if command -v pgrep >/dev/null; then
    # Send SIGTERM once the hanging child exists (not after a fixed delay: a sanitizer
    # build can take seconds to start, before the parent's handler is installed).
    FA_TEST_HANG_ON=hang-me "$FA" audit -q -f json -o "$T/term/" "$F/form1.txt" "$F/hang-me.txt" \
        >/dev/null 2>"$T/err" &
    parent=$!
    for _ in $(seq 1 300); do
        [ "$(pgrep -f -- "$F/hang-me.txt" | grep -vc "^$parent\$")" -gt 0 ] && break
        sleep 0.1
    done
    sleep 0.5
    kill -TERM "$parent"
    wait "$parent"
    rc=$?
    sleep 1
    left=$(pgrep -f -- "$F/hang-me.txt" | wc -l)
    [ "$left" -eq 0 ] && pass "children die with the parent" || fail "$left orphan children left"
    [ "$rc" -eq 2 ] && grep -q '^formaudit: interrupted' "$T/err" && pass "SIGTERM -> exit 2, interrupted" ||
        fail "SIGTERM -> exit $rc, stderr $(cat "$T/err")"
    left=$(ls "$T/term" 2>/dev/null | grep -v -e '^form1\.txt\.json$' -e '^index\.jsonl$')
    [ -z "$left" ] && pass "only complete reports after an interruption" ||
        fail "files left: $left"
    if [ -e "$T/term/form1.txt.json" ]; then
        json "$T/term/form1.txt.json" "d['status'] == 'ok'" "the finished document's report is complete"
    fi
fi

# Reports into a directory: the crashed document gets its report like the others,
# written by the parent; no temporary file is left.
# (The exit status of -o DIR runs, which also needs the index, is checked in reports.sh.)
FA_TEST_CRASH_ON=crash-me "$FA" audit -q -f json -o "$T/out-dir" "$F" >/dev/null 2>&1
json "$T/out-dir/crash-me.txt.json" "d['status'] == 'error' and d['error']['code'] == 'crash'" \
        "report of the crashed document written"
left=$(find "$T/out-dir" -name '*.tmp.*' | wc -l)
[ "$left" -eq 0 ] && pass "no *.tmp.* left" || fail "$left temporary files left"
finish
