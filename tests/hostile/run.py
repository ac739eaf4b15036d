#!/usr/bin/python3
"""run.py — run formaudit on the hostile set made by gen.py and check that each case
ends cleanly: no crash, no hang, bounded memory, a clear error naming the file (or an
audit), nothing half-written, nothing read from outside the document.

Usage: run.py FORMAUDIT DIR [--timeout S] [--max-rss-mb N] [--only SUBSTRING] [--jobs N]

Cases run --jobs at a time (default 2: each is its own process tree, measured apart);
the whole-batch checks run after them, alone, as they measure the batch itself.

DIR is gen.py's output (DIR/manifest.json, DIR/files/). Per case it runs
  formaudit audit -f json FILE          (the JSON status / error code is checked)
  formaudit text FILE                   (exit 0 or 2; on 2 a "formaudit: ...FILE...: msg" line)
  formaudit audit -f html -o D FILE     (only for the "escape" and "no_passwd" checks)
each in its own process group with a wall-clock timeout, measuring the peak resident
memory of the whole process tree (wait4 rusage covers reaped children: the isolated
per-document workers). Then whole-batch checks: one batch over every file (-o DIR,
-f json,html, -j2) must finish and leave only complete reports; a batch killed with
SIGKILL must leave no partial report; a directory with symlink loops must terminate.
Cases with a "fast=S" check must end the JSON audit within S seconds (4x under
sanitizers, FA_SANITIZED=1); "warns=LIMIT" needs a warning naming that limit of
fa_limits.h in the document's report, "finds=CATEGORY" a finding of that category. Prints one line per check and exits 1 if any failed.
"""
import json, os, signal, shutil, subprocess, sys, tempfile, threading, time
from concurrent.futures import ThreadPoolExecutor

NEVER = {"crash", "timeout", "internal", "nomem"}
# "fast=S" checks allow S seconds, times this under sanitizers (FA_SANITIZED=1).
slow = 4.0 if os.environ.get("FA_SANITIZED") == "1" else 1.0
RAW_MARKUP = ["<script>alert", "<img src=x", "<b onmouseover", "</textarea><script>"]


def run(cmd, timeout, cwd=None):
    """Run CMD; return (rc or -signal or None on timeout, stdout, stderr, maxrss_kb, secs)."""
    t0 = time.time()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        p = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=cwd,
                             start_new_session=True)
        rc, rss = None, 0
        while True:
            pid, status, ru = os.wait4(p.pid, os.WNOHANG)
            if pid:
                rc = os.waitstatus_to_exitcode(status)
                rss = ru.ru_maxrss
                p.returncode = rc
                break
            if time.time() - t0 > timeout:
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                _, status, ru = os.wait4(p.pid, 0)
                p.returncode = -9
                rss = ru.ru_maxrss
                break
            time.sleep(0.02)
        out.seek(0)
        err.seek(0)
        return rc, out.read(), err.read(), rss, time.time() - t0


def norm(s):
    """Lower case, accents and punctuation away: labels compared as a reader would."""
    import unicodedata
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    return " ".join("".join(ch if ch.isalnum() else " " for ch in s).split())


def load_json(b):
    try:
        return json.loads(b.decode("utf-8", errors="strict")), None
    except (UnicodeDecodeError, ValueError) as e:
        return None, str(e)[:120]


class Checker:
    def __init__(self):
        self.failures = 0
        self.lock = threading.Lock()  # cases report from worker threads

    def report(self, ok, what, detail):
        with self.lock:
            if not ok:
                self.failures += 1
            print("%s %-44s %s" % ("PASS" if ok else "FAIL", what[:44], detail), flush=True)


def check_case(c, fa, files, work, timeout, max_rss, ck):
    f = os.path.join(files, c["file"])
    base = os.path.basename(f)
    problems, notes = [], []

    rc, out, err, rss, secs = run([fa, "audit", "-f", "json", f], timeout)
    notes.append("%.1fs %dMB" % (secs, rss // 1024))
    if rc is None:
        problems.append("hang: killed after %ds" % timeout)
    elif rc < 0:
        problems.append("killed by signal %d" % -rc)
    elif rc not in (0, 1, 2):
        problems.append("exit %d" % rc)
    if rss > max_rss * 1024:
        problems.append("peak RSS %d MB > %d MB" % (rss // 1024, max_rss))
    if b"AddressSanitizer" in err or b"runtime error:" in err or b"LeakSanitizer" in err:
        problems.append("sanitizer: " + err.decode("utf-8", "replace").strip().splitlines()[0][:100])
    j, jerr = load_json(out)
    status = None
    if j is None:
        problems.append("stdout is not one valid UTF-8 JSON object (%s); stderr: %s" %
                        (jerr, err.decode("utf-8", "replace").strip()[:100]))
    else:
        docs = j.get("documents") or []
        if len(docs) != 1:
            problems.append("%d documents in report" % len(docs))
        else:
            d = docs[0]
            status = "ok" if d.get("status") == "ok" else (d.get("error") or {}).get("code")
            if not str(d.get("path", "")).endswith(base):
                problems.append("document path %r does not name the file" % d.get("path"))
            if d.get("status") == "error":
                msg = (d.get("error") or {}).get("message") or ""
                notes.append("%s: %s" % (status, msg[:60]))
                if not msg.strip():
                    problems.append("error without a message")
            if status in NEVER:
                problems.append("error code %r" % status)
            elif status not in c["expect"]:
                problems.append("status %r, expected one of %s" % (status, "/".join(c["expect"])))
            labels = [norm(f.get("label") or f.get("name") or "") for f in d.get("fields") or []]
            for chk in c["checks"]:
                if chk.startswith("format=") and d.get("format") != chk[7:]:
                    problems.append("format %r, expected %s" % (d.get("format"), chk[7:]))
                if chk.startswith("warns=") and not any("(limit %s)" % chk[6:] in w
                                                        for w in d.get("warnings") or []):
                    problems.append("no warning naming %s" % chk[6:])
                if chk.startswith("finds=") and not any(f.get("category") == chk[6:]
                                                        for f in d.get("findings") or []):
                    problems.append("no %s finding" % chk[6:])
                if chk.startswith("fast=") and secs > float(chk[5:]) * slow:
                    problems.append("took %.1fs, more than %ss (CPU exhaustion)" % (secs, chk[5:]))
                if chk.startswith("field=") and not any(norm(chk[6:]) in l for l in labels):
                    problems.append("no field %r (fields: %s)" % (chk[6:], labels[:6]))
                if chk.startswith("nofield=") and any(norm(chk[8:]) in l for l in labels):
                    problems.append("unexpected field %r" % chk[8:])

    trc, tout, terr, trss, tsecs = run([fa, "text", f], timeout)
    if trc is None or trc < 0 or trc not in (0, 2):
        problems.append("text: exit %s after %.1fs" % (trc, tsecs))
    elif trc == 2 and base.encode() not in terr and os.path.basename(base).encode() not in terr:
        problems.append("text: error does not name the file: %r" % terr[:100])
    if trss > max_rss * 1024:
        problems.append("text: peak RSS %d MB" % (trss // 1024))
    if "no_passwd" in c["checks"]:
        for what, blob in (("audit json", out), ("text", tout)):
            if b"root:" in blob or b"/bin/bash" in blob or b"nologin" in blob:
                problems.append("%s contains /etc/passwd content" % what)
    if "small_text" in c["checks"] and len(tout) > 8 << 20:
        problems.append("text output %d MB: entities were expanded" % (len(tout) >> 20))
    if "valid_utf8" in c["checks"]:
        try:
            tout.decode("utf-8")
        except UnicodeDecodeError as e:
            problems.append("text output is not valid UTF-8 (%s)" % e)
    if "escape" in c["checks"] or "no_passwd" in c["checks"]:
        od = os.path.join(work, "rep-" + str(abs(hash(base))))
        os.makedirs(od, exist_ok=True)
        hrc, hout, herr, _, _ = run([fa, "audit", "-f", "html,md,json", "-o", od, f], timeout)
        if hrc not in (0, 1, 2):
            problems.append("html report: exit %s" % hrc)
        htmls = [os.path.join(r, n) for r, _, ns in os.walk(od) for n in ns if n.endswith(".html")]
        if hrc in (0, 1) and not htmls:
            problems.append("html report: no .html file written in -o DIR")
        for h in htmls:
            s = open(h, "rb").read()
            for m in RAW_MARKUP:
                if m.encode() in s:
                    problems.append("%s: unescaped %r" % (os.path.basename(h), m))
            if "no_passwd" in c["checks"] and b"root:" in s:
                problems.append("%s contains /etc/passwd content" % os.path.basename(h))
    ck.report(not problems, c["class"] + ": " + base,
              "; ".join(problems) if problems else " ".join(notes))


def batch_checks(fa, files, work, timeout, max_rss, ck, n_cases):
    # 1. One batch over everything: must finish, report every file, leave complete files.
    od = os.path.join(work, "batch")
    os.makedirs(od)
    rc, out, err, rss, secs = run([fa, "audit", "-j", "2", "-f", "json,html", "-o", od, files],
                                  timeout * 4)
    problems = []
    if rc not in (0, 1):
        problems.append("exit %s" % rc)
    leftovers = [n for _, _, ns in os.walk(od) for n in ns if ".tmp" in n or n.endswith("~")]
    if leftovers:
        problems.append("temporary files left: %s" % leftovers[:3])
    bad = []
    jsons = [os.path.join(r, n) for r, _, ns in os.walk(od) for n in ns if n.endswith(".json")]
    for p in jsons:
        if load_json(open(p, "rb").read())[0] is None:
            bad.append(os.path.basename(p))
    if bad:
        problems.append("invalid JSON reports: %s" % bad[:3])
    if len(jsons) < n_cases:
        problems.append("%d JSON files for %d documents" % (len(jsons), n_cases))
    ck.report(not problems, "batch of all hostile files (-j2, -o DIR)",
              "; ".join(problems) or "%.1fs, %d JSON files, peak %d MB" % (secs, len(jsons), rss // 1024))

    # 2. Killed mid-run: the report is either absent or complete, never partial.
    big = [os.path.join(files, n) for n in ("table-50000-rows.docx", "paragraph-40MB.txt",
                                            "many-fields.html") if os.path.exists(os.path.join(files, n))]
    # Two delays: one while the input is still being read, one while reports are written.
    for delay in (0.3, 1.5):
        target = os.path.join(work, "killed-%s.json" % delay)
        p = subprocess.Popen([fa, "audit", "-f", "json", "-o", target] + big,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)
        time.sleep(delay)
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
        time.sleep(0.2)
        problems = []
        if os.path.exists(target) and load_json(open(target, "rb").read())[0] is None:
            problems.append("partial report left at -o path")
        tmp = [n for n in os.listdir(work) if n.startswith("killed-%s.json" % delay) and n != os.path.basename(target)]
        ck.report(not problems, "SIGKILL after %.1fs: no half-written report" % delay,
                  "; ".join(problems) or ("complete" if os.path.exists(target) else "absent") +
                  (" (stale temp files: %s)" % tmp if tmp else ""))

    # 3. Directory symlink loops.
    loop = os.path.join(work, "loops")
    os.makedirs(os.path.join(loop, "a", "b"))
    with open(os.path.join(loop, "a", "b", "fiche.txt"), "w") as fh:
        fh.write("Nom : ______\nSuivi psychologique : oui / non\n")
    os.symlink("..", os.path.join(loop, "a", "b", "up"))
    os.symlink(".", os.path.join(loop, "self"))
    os.symlink(loop, os.path.join(loop, "a", "abs"))
    os.symlink("missing", os.path.join(loop, "dangling.docx"))
    rc, out, err, rss, secs = run([fa, "audit", "-f", "json", loop], timeout)
    problems = []
    j, jerr = load_json(out)
    if rc is None or rc < 0 or rc not in (0, 1, 2):
        problems.append("exit %s after %.1fs" % (rc, secs))
    elif j is None:
        problems.append("invalid JSON: %s" % jerr)
    else:
        paths = [d.get("path", "") for d in j.get("documents", [])]
        n = sum(1 for q in paths if q.endswith("fiche.txt") and not q.endswith("dangling.docx"))
        if n < 1 or len(paths) > 6:
            problems.append("%d documents (fiche.txt %d times): %s" % (len(paths), n, paths[:4]))
    ck.report(not problems, "directory with symlink loops", "; ".join(problems) or "%.1fs" % secs)


def main():
    a = sys.argv[1:]
    if len(a) < 2:
        sys.exit(__doc__)
    fa, d = os.path.abspath(a[0]), a[1]
    timeout = float(a[a.index("--timeout") + 1]) if "--timeout" in a else 150
    max_rss = int(a[a.index("--max-rss-mb") + 1]) if "--max-rss-mb" in a else 1024
    only = a[a.index("--only") + 1] if "--only" in a else None
    jobs = max(1, int(a[a.index("--jobs") + 1])) if "--jobs" in a else 2
    cases = json.load(open(os.path.join(d, "manifest.json")))
    files = os.path.join(d, "files")
    work = tempfile.mkdtemp(prefix="fa-hostile-run-")
    ck = Checker()
    try:
        todo = [c for c in cases if not only or only in c["file"]]
        t0 = time.time()
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            for fut in [pool.submit(check_case, c, fa, files, work, timeout, max_rss, ck)
                        for c in todo]:
                fut.result()  # re-raise a bug of this script rather than hide it
        print("%d case(s) in %.0fs with %d job(s)" % (len(todo), time.time() - t0, jobs), flush=True)
        if not only:
            batch_checks(fa, files, work, timeout, max_rss, ck, len(cases))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("%d check(s) failed" % ck.failures if ck.failures else "all hostile checks passed")
    sys.exit(1 if ck.failures else 0)


if __name__ == "__main__":
    main()
