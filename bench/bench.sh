#!/usr/bin/env bash
# bench.sh — how fast and how lean is formaudit on a large form, next to the tools a
# reader would otherwise use. Builds a ~350-page form (a labelled spec's blocks repeated
# COPIES times, rendered by the shared formgen.py as DOCX, ODT and PDF), then measures:
#   1. wall time of `formaudit audit -f json` per format, next to the floor
#      (unzip | xmllint --stream: just parsing the XML once), pandoc, docx2txt,
#      odt2txt and pdftotext (hyperfine when installed, else a loop with medians);
#   2. peak resident memory of each command (/usr/bin/time -v);
#   3. a batch (BATCH copies of the large form plus the sample forms) with -j1, -j2
#      and two independent -j1 processes each given half (issue 16's reference);
#   4. the default rule packs vs generated packs ten times larger (--rules): every rule
#      ten times (ten times the matches; the result keeps one finding per field and
#      category), and ten times as many distinct rules
#      that never fire (the cost of rules alone);
#   5. the form at a third, once and twice its size (DOCX and PDF): time per page;
#   6. OCR (when formaudit has its OCR module and the tesseract command is there): a
#      3-page scan made from labelled forms (200 dpi, grey, noise, 0.7 degree skew,
#      image-only PDF), seconds per page of `formaudit audit` on one core next to
#      the `tesseract` command alone on the same pages as formaudit renders them
#      (300 dpi grey). -O runs this part only.
# Prints Markdown tables (paste them into bench/README) and keeps the raw numbers in
# WORK/results.md. See bench/README for how to read them.
#
# usage: bench/bench.sh [-n COPIES=150] [-r RUNS=5] [-b BATCH=8] [-s SPEC.json] [-w WORK] [-O] [FORMAUDIT]
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
shared=${FA_SHARED_DIR:-$src/../shared}
copies=150 runs=5 batch=8 spec="" work="$src/build-bench" ocr_only=""
while getopts n:r:b:s:w:Oh o; do
    case $o in
    n) copies=$OPTARG ;; r) runs=$OPTARG ;; b) batch=$OPTARG ;; s) spec=$OPTARG ;; w) work=$OPTARG ;;
    O) ocr_only=1 ;;
    *) sed -n '2,15p' "$0"; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
fa=$(realpath "${1:-${FORMAUDIT:-$src/build/formaudit}}")
[ -x "$fa" ] || { echo "bench: $fa: not executable (build first)" >&2; exit 2; }
py=/usr/bin/python3; [ -x $py ] || py=python3
[ -n "$spec" ] || spec=$shared/corpora/labeled/specs/d1-contrat-engagement-rsa.json
[ -f "$spec" ] || { echo "bench: no spec $spec (set FA_SHARED_DIR or -s)" >&2; exit 2; }
mkdir -p "$work"
export FA_RULES_DIR=${FA_RULES_DIR:-$src/rules}

# ---------------------------------------------------------------- 6. OCR (defined here: -O)
# ocr_bench OUT.md: a 3-page scan, formaudit's OCR path next to the tesseract command.
ocr_bench() {
    local out=$1 dir=$work/ocr lab=$src/tests/data/labeled scanify
    scanify=$(dirname "$fa")/tests/scanify
    if [ ! -e "$(dirname "$fa")/formaudit-ocr.so" ] || ! command -v tesseract >/dev/null ||
        [ ! -x "$scanify" ] || ! command -v pdftoppm >/dev/null; then
        printf '\n(OCR bench skipped: needs formaudit-ocr.so, tests/scanify, tesseract and pdftoppm)\n' >>"$out"
        return 0
    fi
    mkdir -p "$dir"
    pdftoppm -gray -r 200 "$lab/d1-contrat-engagement-rsa.pdf" "$dir/a"
    pdftoppm -gray -r 200 "$lab/d3-inscription-restauration-scolaire.pdf" "$dir/b"
    "$scanify" --skew 0.7 --noise 12 --seed 7 "$dir/scan3.pdf" "$dir"/a-*.pgm "$dir"/b-*.pgm
    # the pages as formaudit's PDF reader renders them for OCR (FA_OCR_DPI)
    pdftoppm -gray -r 300 -png "$dir/scan3.pdf" "$dir/r300"
    local one="taskset -c 0" load
    command -v taskset >/dev/null || one=""
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    local tfa ttes
    tfa=$(timeit "$one '$fa' audit -f json '$dir/scan3.pdf' >/dev/null" ocr-formaudit) || tfa="? ? ?"
    ttes=$(timeit "for p in '$dir'/r300-*.png; do OMP_THREAD_LIMIT=1 $one tesseract \"\$p\" - -l fra+eng >/dev/null 2>&1; done" ocr-tesseract) || ttes="? ? ?"
    {
        echo
        echo "OCR, a 3-page scan (d1 + d3 at 200 dpi, grey, noise, 0.7° skew, image-only PDF), one core ($one), load average at start $load:"
        echo
        echo "| command | wall median (s) | ± σ | CPU (s) | wall s/page | CPU s/page |"
        echo "|---|---:|---:|---:|---:|---:|"
        for row in "formaudit audit -f json (render 300 dpi, OCR, shapes, audit)|$tfa" "tesseract -l fra+eng, the 3 pages at 300 dpi|$ttes"; do
            set -- ${row#*|}
            echo "| ${row%%|*} | $1 | $2 | $3 | $("$py" -c "print('%.2f' % ($1 / 3))" 2>/dev/null || echo ?) | $("$py" -c "print('%.2f' % ($3 / 3))" 2>/dev/null || echo ?) |"
        done
    } >>"$out"
}

# ---------------------------------------------------------------- 1. the large form
# gen_form COPIES FORMATS: the spec's blocks COPIES times into WORK/bench-SPEC-xCOPIES/
# (cached), rendered by formgen.py in FORMATS (docx,odt,pdf); prints the directory.
gen_form() {
    local n=$1 formats=$2 ident dir missing=""
    ident=bench-$(basename "$spec" .json)-x$n
    dir=$work/$ident
    for f in ${formats//,/ }; do [ -s "$dir/$ident.$f" ] || missing=1; done
    if [ -n "$missing" ]; then
        mkdir -p "$dir"
        "$py" - "$spec" "$n" "$ident" "$dir/$ident.json" <<'PY'
import json, sys
spec, copies, ident, out = json.load(open(sys.argv[1])), int(sys.argv[2]), sys.argv[3], sys.argv[4]
blocks = [b for b in spec["blocks"] if b["t"] != "notice"]
notice = [b for b in spec["blocks"] if b["t"] == "notice"]
big = []
for k in range(copies):
    # Each copy is a new section, as in a long multi-person dossier.
    big.append({"t": "h", "text": "Partie %d" % (k + 1)})
    big.extend(json.loads(json.dumps(blocks)))
spec.update(id=ident, blocks=big + notice)
json.dump(spec, open(out, "w"), ensure_ascii=False)
PY
        echo "bench: generating $ident ($formats) with formgen.py..." >&2
        (cd "$dir" && /usr/bin/python3 "$shared/tools/formgen.py" "$dir/$ident.json" "$dir" \
            --formats "$formats" >/dev/null)
    fi
    echo "$dir/$ident"
}
have() { command -v "$1" >/dev/null 2>&1; }
declare -a names cmds fmts
if [ -z "$ocr_only" ]; then
base=$(gen_form "$copies" docx,odt,pdf)
id=$(basename "$base")
forms=$(dirname "$base")
pages=$(pdfinfo "$forms/$id.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
docx=$forms/$id.docx odt=$forms/$id.odt pdf=$forms/$id.pdf

# ---------------------------------------------------------------- commands
add() { fmts+=("$1"); names+=("$2"); cmds+=("$3"); }
for f in docx odt pdf; do
    file=${!f}
    add $f formaudit "'$fa' audit -f json '$file' >/dev/null"
    case $f in
    docx)
        have xmllint && add $f "floor (unzip, xmllint --stream)" "unzip -p '$file' word/document.xml | xmllint --stream --noout -"
        have pandoc && add $f pandoc "pandoc -t plain '$file' -o /dev/null"
        have docx2txt && add $f docx2txt "docx2txt '$file' - >/dev/null" ;;
    odt)
        have xmllint && add $f "floor (unzip, xmllint --stream)" "unzip -p '$file' content.xml | xmllint --stream --noout -"
        have pandoc && add $f pandoc "pandoc -t plain '$file' -o /dev/null"
        have odt2txt && add $f odt2txt "odt2txt '$file' >/dev/null" ;;
    pdf)
        have pdftotext && add $f pdftotext "pdftotext '$file' - >/dev/null" ;;
    esac
done

fi

# Median wall time (s) and stddev of a shell command over $runs runs.
timeit() {
    local cmd=$1 tag=$2
    if have hyperfine; then
        # -i: a batch exits 1 when findings reach --fail-on, 2 when one document was
        # unreadable: still a complete run worth timing.
        hyperfine -i --warmup 1 --runs "$runs" --export-json "$work/time-$tag.json" "$cmd" >/dev/null 2>&1 || return 1
        "$py" -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.3f %.3f %.3f" % (r["median"], r["stddev"] or 0, r["user"] + r["system"]))' "$work/time-$tag.json"
    else
        "$py" - "$cmd" "$runs" <<'PY'
import resource, statistics, subprocess, sys, time
cmd, n = sys.argv[1], int(sys.argv[2])
subprocess.run(cmd, shell=True)
ts, cpu = [], []
for _ in range(n):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter(); subprocess.run(cmd, shell=True); ts.append(time.perf_counter() - t)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu.append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
print("%.3f %.3f %.3f" % (statistics.median(ts), statistics.pstdev(ts), statistics.mean(cpu)))
PY
    fi
}
# Peak RSS (MB) of the whole pipeline / process tree.
peak() {
    /usr/bin/time -f '%M' -o "$work/.rss" bash -c "$1" >/dev/null 2>&1 || true
    echo $(( $(tail -1 "$work/.rss") / 1024 ))
}

if [ -n "$ocr_only" ]; then
    res=$work/results-ocr.md
    echo "### formaudit OCR bench — $(date -u +%Y-%m-%d), $(nproc) CPUs, median of $runs runs" >"$res"
    ocr_bench "$res"
    cat "$res"
    exit 0
fi

res=$work/results.md
{
echo "### formaudit bench — $(date -u +%Y-%m-%d), $(nproc) CPUs ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), formaudit $("$fa" --version 2>/dev/null | head -1 | awk '{print $2}')"
echo
echo "Load average at start: $(cut -d' ' -f1-3 /proc/loadavg). Wall time depends on the load of the machine; CPU time (user+sys, mean) much less: the × floor ratio uses CPU time."
echo
echo "Form: \`$(basename "$spec")\` blocks x$copies — PDF ${pages:-?} pages; DOCX $(( $(stat -c %s "$docx") / 1024 )) KiB, ODT $(( $(stat -c %s "$odt") / 1024 )) KiB, PDF $(( $(stat -c %s "$pdf") / 1024 )) KiB. Median of $runs runs$(have hyperfine && echo ' (hyperfine)')."
echo
echo "| format | command | wall median (s) | ± σ | CPU (s) | × floor (CPU) | peak RSS (MB) |"
echo "|---|---|---:|---:|---:|---:|---:|"
} > "$res"
declare -A floor
for i in "${!cmds[@]}"; do
    t=$(timeit "${cmds[$i]}" "t$i") || t="? ? ?"
    set -- $t
    [[ ${names[$i]} == floor* ]] && floor[${fmts[$i]}]=$3
    m=$(peak "${cmds[$i]}")
    echo "${fmts[$i]} ${names[$i]} wall $1 ± $2 cpu $3 rss $m" >&2
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "${fmts[$i]}" "${names[$i]}" "$1" "$2" "$3" "$m" >> "$work/.rows"
done
while IFS=$'\t' read -r f n t s c m; do
    fl=${floor[$f]:-}
    x=$( [ -n "$fl" ] && "$py" -c "print('%.1f' % ($c / $fl))" 2>/dev/null || echo "–")
    echo "| $f | $n | $t | $s | $c | $x | $m |" >> "$res"
done < "$work/.rows"
rm -f "$work/.rows"

# ---------------------------------------------------------------- 3. batch -j1 vs -j2
# BATCH copies of the large form (DOCX/ODT/PDF in turn) plus the sample and labelled
# forms (many small documents, as a real corpus is): -j1, -j2, and the reference for
# -j2 (issue 16): two independent -j1 processes side by side, each given half the batch.
bdir=$work/batch
rm -rf "$bdir"; mkdir -p "$bdir/in" "$bdir/half1" "$bdir/half2"
for k in $(seq 1 "$batch"); do
    case $((k % 3)) in 0) cp "$pdf" "$bdir/in/copy$k.pdf" ;; 1) cp "$docx" "$bdir/in/copy$k.docx" ;; 2) cp "$odt" "$bdir/in/copy$k.odt" ;; esac
done
k=0
for f in "$src"/corpora/*.* "$src"/tests/data/labeled/*.* "$src"/tests/data/heldout/*.* \
         "$src"/tests/data/fresh/*.*; do
    case $f in *.docx|*.odt|*.pdf|*.html|*.txt) ;; *) continue ;; esac
    for r in 1 2; do cp "$f" "$bdir/in/r$r-$k-$(basename "$f")"; done
    k=$((k + 1))
done
ndocs=$(ls "$bdir/in" | wc -l)
i=0
for f in "$bdir"/in/*; do
    i=$((i + 1))
    ln -s "$f" "$bdir/half$(( i % 2 + 1 ))/$(basename "$f")"
done
{
echo
echo "Batch of $ndocs documents ($batch copies of the large form, the rest small),"
echo '`audit -f json -o DIR`:'
echo
echo "| jobs | wall median (s) | ± σ | CPU (s) | docs/s (wall) | peak RSS (MB) |"
echo "|---:|---:|---:|---:|---:|---:|"
} >> "$res"
for j in 1 2; do
    cmd="rm -rf '$bdir/out$j'; '$fa' audit -q -j $j -f json -o '$bdir/out$j' '$bdir/in' >/dev/null"
    t=$(timeit "$cmd" "batch$j") || t="? ? ?"
    set -- $t
    eval "wall$j=$1"
    m=$(peak "$cmd")
    echo "| $j | $1 | $2 | $3 | $("$py" -c "print('%.2f' % ($ndocs / $1))" 2>/dev/null || echo ?) | $m |" >> "$res"
done
cmd="rm -rf '$bdir/outh1' '$bdir/outh2'; ('$fa' audit -q -j 1 -f json -o '$bdir/outh1' '$bdir/half1' >/dev/null & '$fa' audit -q -j 1 -f json -o '$bdir/outh2' '$bdir/half2' >/dev/null; wait)"
t=$(timeit "$cmd" "halves") || t="? ? ?"
set -- $t
halves=$1
echo "| 2 × 1 (halves, independent) | $1 | $2 | $3 | $("$py" -c "print('%.2f' % ($ndocs / $1))" 2>/dev/null || echo ?) | – |" >> "$res"
"$py" - "$wall1" "$wall2" "$halves" >> "$res" <<'PY' || true
import sys
w1, w2, h = map(float, sys.argv[1:4])
print(f"\n-j2 speed-up {w1 / w2:.2f}x; two independent halves {w1 / h:.2f}x; "
      f"ratio {(w1 / w2) / (w1 / h):.2f} (issue 16 asks >= 0.95)")
PY

# ---------------------------------------------------------------- 4. rule-pack size
# Two packs of ten times the default rules (not rules-*.json: timing exports use those
# names): "x10 duplicates" holds every default rule ten times, so it also makes ten
# times the findings and output; "x10 distinct" holds every default rule once plus nine
# copies whose words and pattern letters are mutated ("sante" -> "saqjbnte") so that
# they never fire: same findings as the default packs, ten times the rules to consider.
big=$work/pack-rules-x10 distinct=$work/pack-rules-x10-distinct
if "$py" - "$src/rules" "$big" "$distinct" <<'PY'
import glob, json, sys, copy
packs = []
for p in sorted(glob.glob(sys.argv[1] + "/*.json")):
    try:
        j = json.load(open(p))
    except ValueError:
        continue
    if isinstance(j, dict) and isinstance(j.get("rules"), list) and j["rules"]:
        j["_path"] = p
        packs.append(j)
if not packs:
    sys.exit(1)

def letters(s, i):
    while i < len(s) and "a" <= s[i] <= "z":
        i += 1
    return i

def mutate_word(w, tag):
    # TAG in the middle of every run of >= 3 letters; a word without one gets it first.
    out, i = [], 0
    while i < len(w):
        k = letters(w, i)
        h = i + (k - i) // 2 if k - i >= 3 else k
        out.append(w[i:h] + (tag if h < k else "") + w[h:k + 1])
        i = k + 1
    m = "".join(out)
    return m if m != w else tag + w

def mutate_regex(p, tag):
    # The same on the literal letters of a regex, leaving escapes, classes, group
    # headers, braces and a quantified last letter alone; TAG also follows a leading '^'
    # (anchored patterns may have no run of three required letters).
    out, i, n = [], 0, len(p)
    if p.startswith("^"):
        out.append("^" + tag)
        i = 1
    while i < n:
        c = p[i]
        if c == "\\":
            k = i + 2
            if p[i + 1:i + 2] in ("p", "P", "x", "g", "k") and p[k:k + 1] == "{":
                k = p.index("}", k) + 1
        elif c == "[":
            k = i + 1 + (p[i + 1:i + 2] == "^")
            k += p[k:k + 1] == "]"
            while k < n and p[k] != "]":
                k += 2 if p[k] == "\\" else 1
            k += 1
        elif c == "(" and p[i + 1:i + 2] == "?":
            k = i + 2
            if p[k:k + 1] == "<" and p[k + 1:k + 2] not in ("=", "!"):
                k = p.index(">", k) + 1
            else:
                while k < n and p[k] not in ":=!>)":
                    k += 1
                k += 1
        elif c == "{":
            k = p.index("}", i) + 1
        elif "a" <= c <= "z":
            k = letters(p, i)
            q = k - 1 if k < n and p[k] in "?*+{" else k
            if q - i >= 3:
                h = i + (q - i) // 2
                out.append(p[i:h] + tag + p[h:k])
                i = k
                continue
        else:
            k = i + 1
        out.append(p[i:k])
        i = k
    return "".join(out)

# One extra pack per default pack (its language and gating kept), holding the nine
# copies of its rules; the default packs are loaded too, with their language data
# (lexicon, frames), so that only the number of rules changes.
import os
for path, distinct in ((sys.argv[2], False), (sys.argv[3], True)):
    os.makedirs(path, exist_ok=True)
    for old in glob.glob(path + "/*.json"):
        os.remove(old)
    for p in packs:
        out = {k: p[k] for k in ("pack", "version", "lang", "strict_language", "description")
               if k in p}
        out["pack"] = str(out.get("pack", "pack")) + "-bench-x10" + ("-distinct" if distinct else "")
        out["rules"] = []
        for rep in range(1, 10):
            tag = "qj" + "abcdefghij"[rep]
            for r in p["rules"]:
                if distinct and "ident" in r:
                    continue  # a checksum detector cannot be mutated: it would fire
                r = copy.deepcopy(r)
                if not distinct:
                    r["id"] = "%s.x%d" % (r["id"], rep)
                else:
                    r["id"] = "%s.m%d" % (r["id"], rep)
                    r["words"] = [mutate_word(w.lower(), tag) for w in r.get("words", [])]
                    r["patterns"] = [mutate_regex(x, tag) for x in r.get("patterns", [])]
                out["rules"].append(r)
        if out["rules"]:
            with open(os.path.join(path, os.path.basename(p["_path"])), "w", encoding="utf-8") as f:
                json.dump(out, f, ensure_ascii=False)
PY
then
    # rules in a folder of extra packs, plus the default ones loaded with them
    count() { "$py" -c 'import glob,json,sys; print(int(sys.argv[2]) + sum(len(json.load(open(p))["rules"]) for p in glob.glob(sys.argv[1] + "/*.json")))' "$1" "$nd"; }
    extra() { for p in "$1"/*.json; do printf " --rules '%s'" "$p"; done; }
    nd=$("$py" -c 'import glob,json,sys; print(sum(len(json.load(open(p)).get("rules",[])) for p in glob.glob(sys.argv[1]+"/*.json") if not p.endswith("schema.json")))' "$src/rules" 2>/dev/null || echo "?")
    {
    echo
    echo "Rules (DOCX form): the default packs; every default rule ×10 (duplicates: ten times the matches, one finding kept per field and category); each default rule plus nine mutated copies that never fire (distinct: same findings as the default, ten times the rules to consider):"
    echo
    echo "| rules | count | findings | wall median (s) | ± σ | CPU (s) | peak RSS (MB) |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    } >> "$res"
    for mode in default "x10 duplicates" "x10 distinct"; do
        case $mode in
        default) cmd="'$fa' audit -f json '$docx'" nr=$nd ;;
        *duplicates) cmd="'$fa' audit$(extra "$big") -f json '$docx'" nr=$(count "$big") ;;
        *) cmd="'$fa' audit$(extra "$distinct") -f json '$docx'" nr=$(count "$distinct") ;;
        esac
        if ! nf=$(bash -c "$cmd" 2>/dev/null | "$py" -c 'import json,sys; print(len(json.load(sys.stdin)["documents"][0]["findings"]))'); then
            echo "| $mode | $nr | failed | | | | |" >> "$res"; continue
        fi
        t=$(timeit "$cmd >/dev/null" "rules-${mode// /-}") || t="? ? ?"
        set -- $t
        echo "| $mode | $nr | $nf | $1 | $2 | $3 | $(peak "$cmd") |" >> "$res"
    done
else
    printf '\n(no rule packs with a "rules" array under rules/: rule-size bench skipped)\n' >> "$res"
fi
# ---------------------------------------------------------------- 5. time vs pages
# The same form at a third, once and twice its size: time per page should not grow.
{
echo
echo "Scaling (\`audit -f json\`, CPU s): the form at 1/3, 1 and 2 times $copies copies:"
echo
echo "| copies | PDF pages | DOCX CPU (s) | DOCX ms/page | PDF CPU (s) | PDF ms/page |"
echo "|---:|---:|---:|---:|---:|---:|"
} >> "$res"
for n in $(( (copies + 2) / 3 )) "$copies" $(( copies * 2 )); do
    b=$(gen_form "$n" docx,pdf)
    np=$(pdfinfo "$b.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
    row="| $n | ${np:-?}"
    for f in docx pdf; do
        t=$(timeit "'$fa' audit -f json '$b.$f' >/dev/null" "scale-$f-$n") || t="? ? ?"
        set -- $t
        row="$row | $3 | $("$py" -c "print('%.2f' % (1000 * $3 / $np))" 2>/dev/null || echo ?)"
    done
    echo "$row |" >> "$res"
done
ocr_bench "$res"

cat "$res"
