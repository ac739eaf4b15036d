#!/usr/bin/env bash
# The fresh forms of tests/data/fresh (8 forms, then 4 written after the first round of
# rule-pack fixes, then batch3 and batch4: ten forms written blind to the tool). The
# packs were tuned on them since: this is a regression guard.
# Field precision stays below 1 for a known C-side gap (PDF lines that wrap a tick list
# read as separate fields), unlisted precision for another (categories a notice declares
# in running prose, not in a list, are not all read).
set -euo pipefail
fa=$1 src=$2
score="$src/tests/tools/score.py"
[ -x /usr/bin/python3 ] || { echo "SKIP: /usr/bin/python3 not found"; exit 77; }
for set in "$src/tests/data/fresh" "$src/tests/data/fresh/batch2" \
           "$src/tests/data/fresh/batch3" "$src/tests/data/fresh/batch4"; do
  /usr/bin/python3 "$src/tests/score_check.py" "$fa" "$score" "$set" \
    'errors<=0' 'field_recall>=0.98' 'field_precision>=0.95' 'category_recall>=0.93' \
    'category_precision>=0.95' 'notice_accuracy>=0.95' 'unlisted_recall>=0.9' \
    'unlisted_precision>=0.85' 'secret_leaks<=0'
done
