#!/usr/bin/env bash
# npm start: the whole service with the embedded defaults and demo data.
# Installs what is missing, starts Redis and the database when needed, seeds
# demo data (idempotent), builds the console, then runs the API and workers.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
ensure_node_modules
ensure_redis
ensure_database

export NODE_ENV="${NODE_ENV:-development}"
if [ "$NODE_ENV" = production ]; then
  log "NODE_ENV=production: no demo data; set ADMIN_EMAIL/ADMIN_PASSWORD for the first administrator"
  npx tsx services/db/src/seed/main.ts
else
  npx tsx services/db/src/seed/main.ts --demo
fi

if [ -f web-console/vite.config.ts ]; then
  newest_src=$(find web-console/src web-console/index.html services/core/src -type f -newer web-console/dist/index.html 2>/dev/null | head -1 || true)
  if [ ! -f web-console/dist/index.html ] || [ -n "$newest_src" ]; then
    log "building the web console"
    npm run build -w @hotline/web-console --silent
  fi
fi

pids=()
cleanup() {
  trap - INT TERM EXIT
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  wait
}
trap cleanup INT TERM EXIT

if [ -f services/telephony/src/fake-twilio/main.ts ] && [ -z "${TWILIO_ACCOUNT_SID:-}" ]; then
  node --import tsx services/telephony/src/fake-twilio/main.ts & pids+=($!)
fi
node --import tsx workers/src/main.ts & pids+=($!)
node --import tsx services/api/src/main.ts & pids+=($!)

wait_for_port "${HOST:-127.0.0.1}" "${PORT:-3000}" API 60
log "hotline is up: http://${HOST:-127.0.0.1}:${PORT:-3000}  (OpenAPI: /api/openapi.json; Ctrl-C stops everything)"
wait -n "${pids[@]}"
