#!/usr/bin/python3
"""lint.py — what the compiler does not check (issue 14), run by scripts/check:

  1. the boundary: the command line (analyzer/cli) includes only the library's public
     headers (formaudit.h, formaudit_report.h, fa_limits.h), its own cli*.h and system
     headers;
  2. no include cycle among the project's headers;
  3. no function longer than 150 lines (a function is a line at column 0 ending with
     ')' or starting a definition, then '{' at column 0, up to the next '}' at column 0);
  4. every C file formatted by .clang-format (clang-format --dry-run --Werror), when
     clang-format is installed (else said, and skipped).

Usage: scripts/lint.py [SOURCE_DIR]. Exit 1 on any finding, each printed as
path:line: message."""
import os, re, shutil, subprocess, sys

src = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), ".."))
os.chdir(src)
bad = []
files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "*.c", "*.h"],
                       capture_output=True, text=True).stdout.split()
files = sorted(set(f for f in files if os.path.exists(f)))
if not files:
    files = [os.path.join(d, f) for d, _, fs in os.walk(".") for f in fs
             if f.endswith((".c", ".h")) and "/build" not in d and "/.git" not in d]

PUBLIC = {"formaudit.h", "formaudit_report.h", "fa_limits.h"}
inc_re = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
for f in files:
    if not f.startswith("analyzer/cli/"):
        continue
    for n, line in enumerate(open(f, encoding="utf-8"), 1):
        m = inc_re.match(line)
        if m and m.group(1) not in PUBLIC and not re.match(r"cli[a-z_]*\.h$", m.group(1)):
            bad.append(f"{f}:{n}: the command line includes {m.group(1)}: only public headers")

# include graph of the project's own headers
headers = {os.path.basename(f): f for f in files if f.endswith(".h")}
graph = {}
for name, f in headers.items():
    graph[name] = [m.group(1) for line in open(f, encoding="utf-8")
                   for m in [inc_re.match(line)] if m and m.group(1) in headers]
state = {}
def visit(h, stack):
    state[h] = 1
    for d in graph.get(h, []):
        if state.get(d) == 1:
            bad.append(f"{headers[h]}:1: include cycle: {' -> '.join(stack + [h, d])}")
        elif not state.get(d):
            visit(d, stack + [h])
    state[h] = 2
for h in sorted(graph):
    if not state.get(h):
        visit(h, [])

for f in files:
    if not f.endswith(".c"):
        continue
    lines = open(f, encoding="utf-8").read().split("\n")
    start = None
    for i, line in enumerate(lines):
        if line == "{" and i > 0 and re.match(r"^[A-Za-z_].*\)\s*$", lines[i - 1]):
            start = i
        elif line.startswith("}") and start is not None:
            length = i - start + 1
            if length > 150:
                bad.append(f"{f}:{start}: function {lines[start - 1].split('(')[0].split()[-1].lstrip('*')} is {length} lines (at most 150)")
            start = None

cf = shutil.which("clang-format")
if cf:
    p = subprocess.run([cf, "--dry-run", "--Werror"] + files, capture_output=True, text=True)
    if p.returncode:
        for line in p.stderr.splitlines():
            if ": error:" in line:
                bad.append(line)
else:
    print("lint: clang-format not installed: formatting not checked")

for b in bad:
    print(b)
print(f"lint: {len(files)} files, {len(bad)} finding(s)")
sys.exit(1 if bad else 0)
