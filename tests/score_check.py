#!/usr/bin/python3
"""score_check: run the shared scorer on a labelled directory and fail below thresholds.

Usage: score_check.py FORMAUDIT SCORE_PY DIR key>=value...
Thresholds name keys of the scorer's summary line (field_recall>=0.98 ...) and
secret_leaks<=0. Prints the scorer's table so a failure shows which document fell."""
import re, subprocess, sys

tool, score, d = sys.argv[1:4]
p = subprocess.run(["/usr/bin/python3", score, tool, d, "--verbose"], capture_output=True, text=True, timeout=1800)
print(p.stdout[-6000:])
if p.returncode:
    print(p.stderr[-2000:])
    sys.exit("score.py failed")
summary = dict(kv.split("=", 1) for kv in p.stdout.strip().splitlines()[-1].split())
bad = []
for cond in sys.argv[4:]:
    m = re.match(r"(\w+)(>=|<=)([\d.]+)$", cond)
    key, op, val = m.group(1), m.group(2), float(m.group(3))
    got = summary.get(key)
    if got in (None, "None"):
        continue
    got = float(got)
    if (op == ">=" and got < val) or (op == "<=" and got > val):
        bad.append(f"{key}={got} (want {op}{val})")
if bad:
    sys.exit("below threshold: " + ", ".join(bad))
print("1 passed, 0 failed")
