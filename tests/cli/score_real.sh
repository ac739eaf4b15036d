#!/usr/bin/env bash
# The real forms of ../shared/corpora/real (published by institutions, labelled blind;
# not in this repository, their licences do not all allow it). Skipped (77) when that
# corpus is not beside the checkout. The thresholds are the figures reached so far: a
# guard against regressions while issues 11 and 12 raise them. Category precision fell
# from 0.77 to 0.63 when the PDF reader began to find drawn fields (issue 11): most of
# the new findings are right (a widget named "revenus capitaux3" is financial) but
# quote an option or a field name that the labels do not list, so the scorer cannot
# attribute them. After issue 12's rounds (2026-12-08): field recall 0.894, precision
# 0.717, category recall 0.594, precision 0.756, notice 0.923; guards a little below.
set -euo pipefail
fa=$1 src=$2
real="${FA_SHARED_DIR:-$src/../shared}/corpora/real"
[ -d "$real" ] || { echo "SKIP: $real not present"; exit 77; }
[ -x /usr/bin/python3 ] || { echo "SKIP: /usr/bin/python3 not found"; exit 77; }
exec /usr/bin/python3 "$src/tests/score_check.py" "$fa" "$src/tests/tools/score.py" "$real" \
  'errors<=0' 'field_recall>=0.87' 'field_precision>=0.7' 'category_recall>=0.55' \
  'category_precision>=0.72' 'notice_accuracy>=0.9' 'secret_leaks<=0'
