#!/usr/bin/env bash
# npm start: the whole service with the embedded defaults and demo data.
# Installs what is missing, starts Redis and the database when needed, seeds
# demo data (idempotent), builds the console, then exec's the supervisor that
# runs (and restarts) the API and workers: WORKERS=2 API_PROCESSES=2 npm start.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
ensure_node_modules
ensure_redis
# Was the embedded database started by this run? Then the supervisor takes it over
# (it is this shell's child, so the supervisor exec'd below becomes its parent).
db_pidfile="$DATA_DIR/ferretdb.pid"
db_pid_before=$(cut -d' ' -f1 "$db_pidfile" 2>/dev/null || true)
ensure_database
db_started_pid=""
if [ -z "${MONGODB_URI:-}" ]; then
  db_pid=$(cut -d' ' -f1 "$db_pidfile" 2>/dev/null || true)
  if [ -n "$db_pid" ] && [ "$db_pid" != "$db_pid_before" ] && [ "$(ps -o ppid= -p "$db_pid" 2>/dev/null | tr -d ' ')" = "$$" ]; then
    db_started_pid=$db_pid
  fi
fi

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

# The supervisor (infra/supervisor) runs the API (API_PROCESSES), the workers
# (WORKERS), the fake Twilio and the database this run started; it restarts
# whichever dies and stops them all on Ctrl-C or SIGTERM.
supervisor_args=()
if [ -n "$db_started_pid" ]; then
  supervisor_args+=(--database-pid "$db_started_pid" --database-pidfile "$db_pidfile" --database-log "$DATA_DIR/ferretdb.log")
fi
if [ -f services/telephony/src/fake-twilio/main.ts ] && [ -z "${TWILIO_ACCOUNT_SID:-}" ]; then
  supervisor_args+=(--fake-twilio)
fi
exec node --import tsx infra/supervisor/src/main.ts "${supervisor_args[@]}"
