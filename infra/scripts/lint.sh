#!/usr/bin/env bash
# npm run lint: ESLint (type-aware, eslint.config.js), import cycles (dpdm) and
# unused code (knip), side by side; fails when either fails. ESLint's cache (.data/eslint-cache)
# skips files unchanged since a clean run; LINT_NO_CACHE=1 checks everything
# (a type change in one file can make another, unchanged file wrong).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
mkdir -p .data
started=$(date +%s)
cache=(--cache --cache-strategy content --cache-location .data/eslint-cache)
if [ "${LINT_NO_CACHE:-}" = 1 ]; then cache=(); fi

# Import cycles: dpdm is ~10 s over the tree where eslint-plugin-import-x's
# no-cycle doubled ESLint's time (54 s → 102 s on two cores). Type-only
# imports (-T) are left out: they vanish at run time.
cycles_log=$(mktemp)
npx dpdm --no-tree --no-warning --circular -T --exit-code circular:1 \
  'services/*/src/**/*.ts' 'workers/src/**/*.ts' 'web-console/src/**/*.{ts,tsx}' \
  'infra/bench/src/**/*.ts' 'infra/supervisor/src/**/*.ts' > "$cycles_log" 2>&1 &
cycles=$!

# Dead files, unused exports and dependencies (knip.json): ~11 s.
knip_log=$(mktemp)
npx knip --no-progress > "$knip_log" 2>&1 &
knip=$!

npx eslint "${cache[@]}" --max-warnings 0 .
eslint_status=$?

wait "$knip"
knip_status=$?
if [ "$knip_status" -ne 0 ]; then cat "$knip_log"; echo "unused code or dependencies found (knip)"; fi
rm -f "$knip_log"

wait "$cycles"
cycles_status=$?
if [ "$cycles_status" -ne 0 ]; then grep -v -e 'Start analyzing' -e 'Analyze done' "$cycles_log"; echo "import cycles found (dpdm)"; fi
rm -f "$cycles_log"

echo "lint took $(( $(date +%s) - started )) s (eslint: exit $eslint_status, import cycles: exit $cycles_status, knip: exit $knip_status)"
[ "$eslint_status" -eq 0 ] && [ "$cycles_status" -eq 0 ] && [ "$knip_status" -eq 0 ]
