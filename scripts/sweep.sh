#!/usr/bin/env bash
# sweep.sh — audit every file of the shared corpora (labelled forms and third-party
# peers: pandoc DOCX/ODT, qpdf PDFs incl. damaged and encrypted ones) plus the repo's
# corpora/ in one batch, within a time budget, and summarise: documents ok, errors by
# code, and every crash or timeout by path. The CLI isolates each document in a child
# process, so one bad file must never stop the batch.
#
# usage: scripts/sweep.sh [-b BUDGET_SECONDS] [-j JOBS] [-k] [FORMAUDIT] [DIR...]
#   FORMAUDIT defaults to $FORMAUDIT or build/formaudit; DIRs default to
#   $FA_SHARED_DIR/corpora (../shared/corpora) and corpora/.  -k keeps the reports.
# Exit: 0 clean, 1 crashes/timeouts/internal errors or budget exceeded, 2 usage.
set -uo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
budget=1800 jobs=2 keep=0
while getopts b:j:kh o; do
    case $o in
    b) budget=$OPTARG ;; j) jobs=$OPTARG ;; k) keep=1 ;;
    *) sed -n '2,12p' "$0"; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
fa=${FORMAUDIT:-$src/build/formaudit}
if [ $# -gt 0 ] && [ -f "$1" ] && [ -x "$1" ]; then fa=$1; shift; fi
[ -x "$fa" ] || { echo "sweep: $fa: not an executable (build first or pass FORMAUDIT)" >&2; exit 2; }
dirs=("$@")
if [ ${#dirs[@]} -eq 0 ]; then
    shared=${FA_SHARED_DIR:-$src/../shared}
    [ -d "$shared/corpora" ] && dirs+=("$shared/corpora")
    dirs+=("$src/corpora")
fi
py=/usr/bin/python3; [ -x $py ] || py=python3

out=$(mktemp -d "${TMPDIR:-/tmp}/fa-sweep.XXXXXX")
[ $keep = 1 ] || trap 'rm -rf "$out"' EXIT
nfiles=$(find "${dirs[@]}" -type f | wc -l)
echo "sweep: $nfiles files under ${dirs[*]}; budget ${budget}s, -j$jobs; reports in $out"
start=$(date +%s.%N)
/usr/bin/time -f '%M' -o "$out/.rss" timeout -k 10 "$budget" \
    "$fa" audit -j "$jobs" -f json -o "$out/reports" "${dirs[@]}" >"$out/.stdout" 2>"$out/.stderr"
rc=$?
end=$(date +%s.%N)
"$py" - "$out" "$rc" "$start" "$end" "$nfiles" "$budget" <<'PY'
import collections, json, os, sys
out, rc, t0, t1, nfiles, budget = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
docs = {}
for root, _, names in os.walk(os.path.join(out, "reports")):
    for n in names:
        if not n.endswith(".json"):
            continue
        try:
            j = json.load(open(os.path.join(root, n), encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as e:
            print("  invalid report %s: %s" % (n, e))
            continue
        ds = j.get("documents") if isinstance(j, dict) and "documents" in j else [j] if isinstance(j, dict) and "status" in j else []
        for d in ds:
            if isinstance(d, dict) and "path" in d and "status" in d:
                docs[d["path"]] = d
by = collections.Counter()
bad = []
fmt = collections.Counter()
for p, d in sorted(docs.items()):
    code = "ok" if d["status"] == "ok" else (d.get("error") or {}).get("code", "?")
    by[code] += 1
    fmt[(d.get("format") or "?", code)] += 1
    if code in ("crash", "timeout", "internal", "nomem"):
        bad.append((code, p, (d.get("error") or {}).get("message", "")))
secs = t1 - t0
rss = open(os.path.join(out, ".rss")).read().strip().splitlines()
print("exit %d after %.1fs (%.1f docs/s), peak RSS of the batch %s MB" %
      (rc, secs, len(docs) / secs if secs else 0, int(rss[-1]) // 1024 if rss and rss[-1].isdigit() else "?"))
print("documents reported: %d (files found: %d)" % (len(docs), nfiles))
for code, n in by.most_common():
    print("  %-10s %5d" % (code, n))
print("by format:", ", ".join("%s/%s %d" % (f, c, n) for (f, c), n in sorted(fmt.items())))
for code, p, m in bad:
    print("  %s: %s: %s" % (code.upper(), p, m))
err = open(os.path.join(out, ".stderr"), errors="replace").read().strip().splitlines()
if err:
    print("stderr (%d lines), last ones:" % len(err))
    for l in err[-5:]:
        print("  " + l[:160])
failed = bad or rc not in (0, 1) or not docs
if rc == 124:
    print("BUDGET EXCEEDED: the batch was stopped after %ss" % budget)
sys.exit(1 if failed else 0)
PY
