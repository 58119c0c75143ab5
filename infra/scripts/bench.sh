#!/usr/bin/env bash
# npm run bench -- <intake|routing|sla|scale|writes>: figures as ratios to a baseline measured in the same run.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
ensure_node_modules
ensure_redis
ensure_database
if [ -z "${MONGODB_URI:-}" ]; then
  ensure_postgres
  export HOTLINE_POSTGRESQL_URL="$PG_BASE_URL" HOTLINE_FERRETDB_BIN="$FERRET_BIN"
fi
BENCH_NAME="${1:-intake}" exec node --import tsx --input-type=module -e "await import(\"$ROOT/infra/bench/src/main.ts\")"
