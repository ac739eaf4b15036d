#!/usr/bin/env bash
# `formaudit text` must contain >= 95 % of the labelled texts (labels and options) of
# every labelled document, accents and case ignored (issue 2).
set -euo pipefail
fa=$1 src=$2
dirs=("$src/tests/data/heldout" "$src/tests/data/labeled")
/usr/bin/python3 - "$fa" "${dirs[@]}" <<'PY'
import glob, json, os, re, subprocess, sys, unicodedata
def norm(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower().replace("\u2019", "'").replace("œ", "oe")
    return " ".join(re.sub(r"[^a-z0-9']+", " ", s).split())
fa, bad, n = sys.argv[1], [], 0
for d in sys.argv[2:]:
    for lf in sorted(glob.glob(os.path.join(d, "*.labels.json"))):
        lab = json.load(open(lf))
        texts = [it["text"] for it in lab["items"]] + [o for it in lab["items"] for o in it.get("options", [])]
        for fn in lab["files"]:
            p = subprocess.run([fa, "text", os.path.join(d, fn)], capture_output=True, timeout=120)
            out = norm(p.stdout.decode("utf-8", "replace"))
            found = sum(1 for t in texts if norm(t) in out)
            n += 1
            ratio = found / len(texts)
            print(f"{fn:50s} {found}/{len(texts)}")
            if p.returncode or ratio < 0.95:
                bad.append(f"{fn}: {ratio:.2f} rc={p.returncode}")
if bad:
    sys.exit("text coverage below 95 %: " + "; ".join(bad))
print(f"{n} passed, 0 failed")
PY
