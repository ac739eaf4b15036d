# usage.sh — --help, --version, usage errors (exit 2 with a pointer to --help), and the
# manual quoting the usage text verbatim (one source for both).
. "$(dirname "$0")/common.bash"

run 0 "$FA" --help && grep -q '^usage: formaudit audit \[OPTIONS\] PATH' "$T/out" &&
    grep -q -- '--fail-on' "$T/out" && pass "--help on stdout, exit 0" || fail "--help text"
run 0 "$FA" audit --help && grep -q '^usage:' "$T/out" && pass "audit --help" || fail "audit --help"
run 0 "$FA" --version && grep -Eq '^formaudit [0-9]+\.[0-9]+\.[0-9]+$' "$T/out" &&
    grep -q '^rules: ' "$T/out" && pass "--version names the tool and the rules" || fail "--version: $(cat "$T/out")"

# Usage errors: exit 2, every line prefixed, a hint to --help.
usage_err() {
    if run 2 "$@"; then
        if grep -qv '^formaudit: ' "$T/err"; then fail "$*: unprefixed message: $(cat "$T/err")"
        elif ! grep -q -- "--help" "$T/err"; then fail "$*: no hint to --help"
        elif [ -s "$T/out" ]; then fail "$*: wrote to stdout"
        else pass "usage error: $*"; fi
    fi
}
usage_err "$FA"
usage_err "$FA" frobnicate
usage_err "$FA" audit
usage_err "$FA" audit --no-such-option x.txt
usage_err "$FA" audit -f pdf x.txt
usage_err "$FA" audit -f html x.txt          # html writes files: needs -o
usage_err "$FA" audit -f odt x.txt
usage_err "$FA" audit -f txt,json x.txt      # several formats need -o DIR
usage_err "$FA" audit --fail-on severe x.txt
usage_err "$FA" audit --lang de x.txt
usage_err "$FA" audit --context church x.txt
usage_err "$FA" audit -j 0 x.txt
usage_err "$FA" audit -j lots x.txt
usage_err "$FA" audit --date 15/01/2026 x.txt
usage_err "$FA" audit -o
usage_err "$FA" text
usage_err "$FA" text a b
usage_err "$FA" fields -f html x.txt
usage_err "$FA" rules
usage_err "$FA" rules explain
FA_REPORT_DATE=yesterday usage_err "$FA" audit x.txt

# A path that does not exist is an I/O error: exit 2, named in the message.
run 2 "$FA" audit -f json "$T/missing.docx" && grep -q "^formaudit: $T/missing.docx: " "$T/err" &&
    pass "missing input -> exit 2 with its name" || fail "missing input message: $(cat "$T/err")"
run 2 "$FA" text "$T/missing.docx" && grep -q "^formaudit: $T/missing.docx: " "$T/err" &&
    pass "text of a missing file -> exit 2" || fail "text missing message: $(cat "$T/err")"

# The manual quotes the usage text verbatim.
MAN="$SRC/docs/formaudit.1.md"
if [ -f "$MAN" ]; then
    "$FA" --help >"$T/help"
    if "${PY:-python3}" - "$MAN" "$T/help" <<'PYEOF'
import sys
man = open(sys.argv[1], encoding="utf-8").read()
help_ = open(sys.argv[2], encoding="utf-8").read()
sys.exit(0 if help_ in man else 1)
PYEOF
    then pass "docs/formaudit.1.md quotes --help verbatim"
    else fail "docs/formaudit.1.md does not quote the --help text (update it from 'formaudit --help')"; fi
else
    fail "docs/formaudit.1.md missing"
fi
finish
