#!/usr/bin/env bash
# The shared labelled forms: field, category, notice and leak measures (issues 3-5).
# Skipped when the shared corpus or the scorer is not beside the checkout.
set -euo pipefail
fa=$1 src=$2
shared="$src/../shared"
if [ ! -f "$shared/tools/score.py" ] || [ ! -d "$shared/corpora/labeled" ]; then
  echo "skip: $shared not present"; exit 0
fi
exec /usr/bin/python3 "$src/tests/score_check.py" "$fa" "$shared/tools/score.py" "$shared/corpora/labeled" \
  'errors<=0' 'field_recall>=0.98' 'field_precision>=0.95' 'category_recall>=0.95' 'category_precision>=0.95' \
  'notice_accuracy>=1.0' 'unlisted_recall>=0.9' 'unlisted_precision>=0.9' 'secret_leaks<=0'
