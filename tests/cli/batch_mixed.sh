# batch_mixed.sh — issue 18, defect 1: valid documents were reported "reader crashed
# (SIGSEGV)" depending on -j, the formats and the order of files (the batch parent marked
# heap pages MADV_DONTFORK, and children forked later faulted in them). A batch of 200
# valid mixed documents, large and small, every format, must come out all "ok" at -j1,
# -j2 and -j4, with the files given in three different orders, and the same reports.
. "$(dirname "$0")/common.bash"
need_python

B=$T/batch
pdfs=$(ls "$SRC"/corpora/*.pdf "$SRC"/tests/data/pdf/acroform.pdf 2>/dev/null | tr '\n' ':')
FA_BATCH_PDFS=$pdfs "$PY" "$SRC/tests/hostile/gen_batch.py" "$B" 200 || { fail "generator"; finish; }
[ "$(ls "$B" | wc -l)" -eq 200 ] && pass "200 documents generated" || fail "generator made $(ls "$B" | wc -l) files"

# The first repro of the issue, as filed: one 20,000-row DOCX and five small text forms,
# -j1, ODT reports (the parent renders ODT, which frees large heap chunks).
R=$T/repro; mkdir -p "$R"
cp "$B/000-bigdocx.docx" "$R/"
for i in 1 2 3 4 5; do printf 'Religion : ____\n' >"$R/s$i.txt"; done
run 0 "$FA" audit -j1 -o "$T/repro-out" -f odt,json "$R" &&
    json "$T/repro-out/index.json" "all(x['status'] == 'ok' for x in d['documents']) and len(d['documents']) == 6" \
        "the issue's repro: every document ok ($(grep -c crash "$T/repro-out/index.csv" 2>/dev/null) crashed)"

# A worker whose memory grew past FA_WORKER_RECYCLE_RSS says so after its document and
# ends; its slot must take a fresh worker. It once stayed empty: at -j1 the batch then
# spun forever after the first large document (seen under ASan, where workers are
# larger). The environment variable lowers the threshold so that every worker retires
# after each document.
W=$T/recycle; mkdir -p "$W"
cp "$B/000-bigdocx.docx" "$W/"
for i in 1 2 3 4 5; do printf 'Religion : ____\nSanté : ____\n' >"$W/r$i.txt"; done
for j in 1 2; do
    if FA_WORKER_RECYCLE_RSS=1 timeout 300 "$FA" audit -j$j -q -o "$T/recycle-$j" -f json "$W"; then
        json "$T/recycle-$j/index.json" "all(x['status'] == 'ok' for x in d['documents']) and len(d['documents']) == 6" \
            "-j$j, every worker retiring after each document: 6 documents ok"
    else
        fail "-j$j, every worker retiring after each document: exit $? (124: the batch hung)"
    fi
done

statuses() { "$PY" -c '
import json, sys, os
d = json.load(open(sys.argv[1]))
for x in sorted(d["documents"], key=lambda x: x["path"]):
    print(os.path.basename(x["path"]), x["status"], (x.get("error") or {}).get("code", ""))' "$1"; }

# Under the sanitizers (FA_SANITIZED, set by tests/CMakeLists.txt) a run of 200 documents
# takes minutes: there each order is run at one -j only (sorted -j1, reversed -j2,
# shuffled -j4), which still crosses every order with every -j once.
sanitized=${FA_SANITIZED:-}
n=0
for order in sorted reversed shuffled; do
    case $order in
    sorted) files=$(ls "$B"/* | sort) ;;
    reversed) files=$(ls "$B"/* | sort -r) ;;
    shuffled) files=$(ls "$B"/* | "$PY" -c 'import random,sys; l=sys.stdin.read().split(); random.Random(1802).shuffle(l); print("\n".join(l))') ;;
    esac
    js="1 2 4"
    if [ -n "$sanitized" ]; then
        case $order in sorted) js=1 ;; reversed) js=2 ;; shuffled) js=4 ;; esac
    fi
    for j in $js; do
        n=$((n + 1))
        o=$T/out-$order-$j
        # shellcheck disable=SC2086
        if run 0 "$FA" audit -j$j -o "$o" -f json,odt $files; then
            statuses "$o/index.json" >"$T/st-$order-$j"
            bad=$(grep -vc ' ok $' "$T/st-$order-$j")
            [ "$bad" -eq 0 ] && pass "$order order, -j$j: 200 documents ok" ||
                fail "$order order, -j$j: $bad documents not ok: $(grep -v ' ok $' "$T/st-$order-$j" | head -3 | tr '\n' ';')"
            [ "$(wc -l <"$T/st-$order-$j")" -eq 200 ] || fail "$order -j$j: $(wc -l <"$T/st-$order-$j") documents in the index"
        fi
    done
done
# Same statuses and the same JSON report for each document, whatever -j and the order.
ref=$T/out-sorted-1
for o in "$T"/out-*; do
    [ "$o" = "$ref" ] && continue
    diff -q "$T/st-sorted-1" "$T/st-${o#$T/out-}" >/dev/null || fail "statuses differ: ${o#$T/}"
    for f in "$ref"/*.json; do
        case $f in */index.json) continue ;; esac
        cmp -s "$f" "$o/${f##*/}" || { fail "${f##*/} differs in ${o#$T/}"; break; }
    done
done
pass "compared $n runs"
finish
