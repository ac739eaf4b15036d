#!/usr/bin/env bash
# The 16 real conventions and agreements of issue 19, labelled blind at the document
# level (tests/data/conventions/README.md). The documents are not in this repository:
# they sit in /work/corpus/conventions (or FA_CONVENTIONS_DIR); skipped (77) when
# absent. The thresholds are issue 19's targets: a guard against regressions. These 16
# are also what the agreement rules were written against; the four golden documents of
# conventions.sh are the cases written apart.
set -euo pipefail
fa=$1 src=$2
dir=${FA_CONVENTIONS_DIR:-/work/corpus/conventions}
[ -d "$dir" ] || { echo "SKIP: $dir not present"; exit 77; }
[ -x /usr/bin/python3 ] || { echo "SKIP: /usr/bin/python3 not found"; exit 77; }
exec /usr/bin/python3 "$src/tests/score_check.py" "$fa" "$src/tests/tools/score.py" "$dir" \
  'errors<=0' 'sharing_accuracy>=0.9' 'retention_accuracy>=0.9' 'consent_accuracy>=0.9' \
  'notice_accuracy>=0.9' 'notice_items_recall>=0.85' 'notice_items_precision>=0.85' \
  'secret_leaks<=0'
