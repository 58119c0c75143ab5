#!/usr/bin/env bash
# npm test: install what is missing, start Redis and the database, type-check,
# then run every workspace's mocha + chai tests against the real servers.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
started=$(date +%s)
ensure_node_modules
ensure_redis
ensure_database
export HOTLINE_TEST_RUN_ID="${HOTLINE_TEST_RUN_ID:-$(date +%s)$RANDOM}"
export NODE_ENV=test

mkdir -p "$DATA_DIR"
report="$DATA_DIR/test-output.log"
# Every process of the run (workers spawned by tests too) appends the shapes of
# its queries here (services/db/src/query-shapes.ts); checked after the run.
export HOTLINE_QUERY_SHAPES_DIR="$DATA_DIR/query-shapes/$HOTLINE_TEST_RUN_ID"
mkdir -p "$HOTLINE_QUERY_SHAPES_DIR"
find "$DATA_DIR/query-shapes" -mindepth 1 -maxdepth 1 -type d -mmin +1440 -exec rm -rf {} + 2>/dev/null || true
# Lint (ESLint type-aware + import cycles + knip) runs beside the type-check
# and the suites (it is one core's work; the suites mostly wait on the
# database); its result is read after the suites and fails the run.
lint_log="$DATA_DIR/lint-output.log"
bash infra/scripts/lint.sh > "$lint_log" 2>&1 &
linter=$!
# A failed type-check ends the script: the lint goes with it.
trap 'kill "$linter" 2>/dev/null || true' EXIT
log "type-checking every workspace"
npx turbo run typecheck --output-logs=errors-only
log "running tests (run id $HOTLINE_TEST_RUN_ID)"
# The run writes to a file that is followed, not to a pipe: a stray child that
# keeps a pipe open could otherwise hold the whole run forever. A watchdog
# (TEST_TIMEOUT_SECONDS) stops a run that hangs, and names it as a failure.
limit="${TEST_TIMEOUT_SECONDS:-2400}"
: > "$report"
set +e
setsid npx turbo run test --concurrency=2 --continue --output-logs=full > "$report" 2>&1 &
runner=$!
tail -n +1 -f --pid="$runner" "$report" &
follower=$!
( sleep "$limit"; if kill -0 "$runner" 2>/dev/null; then
    echo "[hotline] npm test ran over ${limit} s: stopping it" >> "$report"
    kill -TERM -- "-$runner" 2>/dev/null; sleep 10; kill -KILL -- "-$runner" 2>/dev/null
  fi ) </dev/null >/dev/null 2>&1 &
watchdog=$!
wait "$runner"
status=$?
kill "$watchdog" 2>/dev/null; pkill -P "$watchdog" sleep 2>/dev/null
wait "$follower" 2>/dev/null
# Whatever the run left behind in its process group goes with it.
kill -KILL -- "-$runner" 2>/dev/null
if grep -q "npm test ran over" "$report"; then status=124; fi
log "checking the recorded query shapes against the declared indexes (services/db/QUERIES.md)"
(cd infra/query-shapes && npx mocha) 2>&1 | tee -a "$report"
shapes_status=${PIPESTATUS[0]}
if [ "$status" -eq 0 ]; then status=$shapes_status; fi
set -e
log "lint (infra/scripts/lint.sh)"
lint_status=0
wait "$linter" || lint_status=$?
tee -a "$report" < "$lint_log"
if [ "$status" -eq 0 ]; then status=$lint_status; fi
sum() { { grep -oE "[0-9]+ $1" "$report" || true; } | awk '{s+=$1} END {print s+0}'; }
passed=$(sum passing)
failed=$(sum failing)
pending=$(sum pending)
echo
echo "npm test took $(( $(date +%s) - started )) s"
echo "tests: ${passed} passed, ${failed} failed, ${pending} skipped"
if [ "$lint_status" -ne 0 ]; then echo "lint failed (see above)"; else echo "lint: clean"; fi
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then exit 1; fi
