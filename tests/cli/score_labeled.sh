#!/usr/bin/env bash
# The labelled forms (tests/data/labeled, made with the project's form generator from the
# specs beside them): field, category, notice and leak measures. The scorer is
# tests/tools/score.py, so a fresh clone runs this test with what the repository carries.
set -euo pipefail
fa=$1 src=$2
[ -x /usr/bin/python3 ] || { echo "SKIP: /usr/bin/python3 not found"; exit 77; }
exec /usr/bin/python3 "$src/tests/score_check.py" "$fa" "$src/tests/tools/score.py" "$src/tests/data/labeled" \
  'errors<=0' 'field_recall>=0.98' 'field_precision>=0.95' 'category_recall>=0.95' 'category_precision>=0.95' \
  'notice_accuracy>=1.0' 'unlisted_recall>=0.9' 'unlisted_precision>=0.9' 'secret_leaks<=0'
