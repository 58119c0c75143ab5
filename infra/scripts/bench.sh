#!/usr/bin/env bash
# npm run bench -- <intake|routing|sla>: figures as ratios to a baseline measured in the same run.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
ensure_node_modules
ensure_redis
ensure_database
BENCH_NAME="${1:-intake}" exec node --import tsx --input-type=module -e "await import(\"$ROOT/infra/bench/src/main.ts\")"
