#!/usr/bin/env bash
# npm run chaos [-- --drills D1,D3 --duration 40s]: issue 14's fault drills on a private stack
# (its own redis-server, FerretDB wrapper and PostgreSQL database, the supervisor on free ports),
# under a steady mixed load; invariants checked against the database after each drill.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
ensure_node_modules
command -v redis-server >/dev/null || apt_install redis-server
build_ferretdb
if [ -z "${HOTLINE_POSTGRESQL_URL:-}" ]; then ensure_postgres; fi
export HOTLINE_POSTGRESQL_URL="${HOTLINE_POSTGRESQL_URL:-$PG_BASE_URL}" HOTLINE_FERRETDB_BIN="$FERRET_BIN"
exec node --import tsx "$ROOT/infra/bench/src/chaos/main.ts" "$@"
