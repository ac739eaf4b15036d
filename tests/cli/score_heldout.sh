#!/usr/bin/env bash
# Our own labelled forms (tests/data/heldout, written independently of the shared ones,
# with other wording and layouts). Each was written before the rules saw it; its first
# run is the honest unseen-form figure (recorded in the commit that added it). Since the
# packs were then improved with them, they now guard against regressions.
set -euo pipefail
fa=$1 src=$2
score="$src/tests/tools/score.py"
[ -x /usr/bin/python3 ] || { echo "SKIP: /usr/bin/python3 not found"; exit 77; }
exec /usr/bin/python3 "$src/tests/score_check.py" "$fa" "$score" "$src/tests/data/heldout" \
  'errors<=0' 'field_recall>=0.98' 'field_precision>=0.95' 'category_recall>=0.95' 'category_precision>=0.95' 'notice_accuracy>=0.95' \
  'unlisted_recall>=0.9' 'unlisted_precision>=0.9' 'secret_leaks<=0'
