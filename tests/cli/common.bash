# common.bash — helpers sourced by the CLI tests (tests/cli/*.sh). Not a test itself
# (CTest runs *.sh only). Each test runs as: bash test.sh FORMAUDIT_BINARY SOURCE_DIR.
set -u
FA=${1:?usage: bash test.sh FORMAUDIT SOURCE_DIR}
SRC=${2:?usage: bash test.sh FORMAUDIT SOURCE_DIR}
case $FA in /*) ;; *) FA=$PWD/$FA ;; esac
T=$(mktemp -d "${TMPDIR:-/tmp}/fa-cli.XXXXXX")
trap 'chmod -R u+rwx "$T" 2>/dev/null; rm -rf "$T"' EXIT
unset NO_COLOR FA_TEST_CRASH_ON FA_TEST_HANG_ON FA_TEST_SPIN_ON FA_TEST_DOC_SECONDS
export FA_REPORT_DATE=2026-01-15
PY=$(command -v python3 || true)
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
fails=0

fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
pass() { echo "ok: $*"; }

# run WANT_RC CMD...: run CMD, stdout in $T/out, stderr in $T/err, check the exit code.
run() {
    local want=$1; shift
    "$@" >"$T/out" 2>"$T/err"
    RC=$?
    if [ "$RC" -ne "$want" ]; then
        fail "$* -> exit $RC, want $want; stderr: $(head -c 400 "$T/err")"
        return 1
    fi
    return 0
}

# json FILE PYTHON_EXPR: evaluate EXPR with d = the parsed JSON of FILE; fail if falsy.
json() {
    local file=$1 expr=$2 msg=${3:-$2}
    if ! "$PY" - "$file" "$expr" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
docs = {x["path"]: x for x in d.get("documents", [])} if isinstance(d, dict) else {}
ok = eval(sys.argv[2])
sys.exit(0 if ok else 1)
PYEOF
    then fail "$msg"; return 1; fi
    return 0
}

need_python() {
    if [ -z "$PY" ]; then echo "SKIP: python3 not found"; exit 77; fi
}

finish() {
    if [ "$fails" -eq 0 ]; then echo "PASS"; exit 0; fi
    echo "$fails failure(s)" >&2
    exit 1
}
