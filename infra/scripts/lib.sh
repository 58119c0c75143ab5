# Shared by start.sh, test.sh and bench.sh: install and start what the
# service needs. Every function is safe to call when the thing is already there.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DATA_DIR="$ROOT/.data"
export PATH="/usr/local/go/bin:$HOME/go/bin:$PATH"
mkdir -p "$DATA_DIR"

log() { printf '\033[36m[hotline]\033[0m %s\n' "$*" >&2; }

apt_ready=0
apt_install() {
  if [ "$apt_ready" = 0 ]; then
    log "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    apt_ready=1
  fi
  log "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# port_open HOST PORT: is something listening?
port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

wait_for_port() { # HOST PORT NAME SECONDS [PID: stop waiting when it exits]
  local i
  for ((i = 0; i < $4 * 10; i++)); do
    port_open "$1" "$2" && return 0
    if [ -n "${5:-}" ] && ! kill -0 "$5" 2>/dev/null; then
      log "$3 exited before it opened $1:$2"
      return 1
    fi
    sleep 0.1
  done
  log "$3 did not open $1:$2 within $4 s"
  return 1
}

ensure_node_modules() {
  cd "$ROOT"
  local stamp="node_modules/.hotline-install-stamp"
  if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
    log "installing npm packages (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
    touch "$stamp"
  fi
}

redis_ping() {
  local host=$1 port=$2 reply
  exec 3<>"/dev/tcp/$host/$port" || return 1
  printf 'PING\r\n' >&3
  IFS= read -r -t 2 reply <&3 || reply=""
  exec 3>&-
  [[ "$reply" == +PONG* ]]
}

ensure_redis() {
  if [ -n "${REDIS_URL:-}" ] && [[ "$REDIS_URL" != redis://127.0.0.1:6379* ]]; then
    return 0
  fi
  if redis_ping 127.0.0.1 6379 2>/dev/null; then return 0; fi
  command -v redis-server >/dev/null || apt_install redis-server
  mkdir -p "$DATA_DIR/redis"
  log "starting redis-server on 127.0.0.1:6379"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --maxmemory-policy noeviction --dir "$DATA_DIR/redis" --logfile "$DATA_DIR/redis/redis.log"
  wait_for_port 127.0.0.1 6379 redis 15
}

FERRET_DIR="$ROOT/infra/ferretdb"
FERRET_BIN="$FERRET_DIR/bin/hotline-ferretdb"

build_ferretdb() {
  local want have=""
  want=$(cat "$FERRET_DIR"/*.go "$FERRET_DIR/go.mod" "$FERRET_DIR/go.sum" | sha256sum | cut -c1-16)
  [ -f "$FERRET_BIN.stamp" ] && have=$(cat "$FERRET_BIN.stamp")
  if [ -x "$FERRET_BIN" ] && [ "$want" = "$have" ]; then return 0; fi
  command -v go >/dev/null || { log "Go is needed to build the embedded FerretDB (infra/ferretdb)"; exit 1; }
  log "building the embedded FerretDB v1 wrapper (once; about a minute)"
  # Two scripts starting at once each build to their own file; the last rename wins.
  (cd "$FERRET_DIR" && CGO_ENABLED=0 go build -trimpath -o "$FERRET_BIN.tmp.$$" . && mv -f "$FERRET_BIN.tmp.$$" "$FERRET_BIN")
  echo "$want" >"$FERRET_BIN.stamp"
}

# as_postgres CMD...: PostgreSQL's server tools refuse to run as root.
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_bin() { # the newest installed PostgreSQL's bin directory, or nothing
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}

# PostgreSQL for the embedded database's storage. Sets PG_BASE_URL
# (postgres://user@host:port, no database). HOTLINE_POSTGRESQL_URL overrides;
# else the server on 127.0.0.1:5432 when it answers; else a private cluster
# of Debian's postgresql (installed with apt-get when missing) with its data in
# .data/postgresql, on a free port.
ensure_postgres() {
  if [ -n "${HOTLINE_POSTGRESQL_URL:-}" ]; then PG_BASE_URL="${HOTLINE_POSTGRESQL_URL%/}"; return 0; fi
  if port_open 127.0.0.1 5432; then
    if ! command -v psql >/dev/null || psql -h 127.0.0.1 -p 5432 -U postgres -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
      PG_BASE_URL="postgres://postgres@127.0.0.1:5432"
      return 0
    fi
    log "PostgreSQL on 127.0.0.1:5432 does not let user postgres in without a password: starting a private cluster"
  fi
  local dir="$DATA_DIR/postgresql" port bin
  bin=$(pg_bin)
  if [ -z "$bin" ]; then apt_install postgresql; bin=$(pg_bin); fi
  if [ ! -f "$dir/PG_VERSION" ]; then
    log "creating a private PostgreSQL cluster in .data/postgresql"
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    chmod 700 "$dir"
    as_postgres "$bin/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  port=$(cat "$DATA_DIR/postgresql.port" 2>/dev/null || true)
  if [ -z "$port" ] || ! as_postgres "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
    if [ -z "$port" ] || port_open 127.0.0.1 "$port"; then
      port=55432
      while port_open 127.0.0.1 "$port"; do port=$((port + 1)); done
    fi
    echo "$port" >"$DATA_DIR/postgresql.port"
    log "starting PostgreSQL (.data/postgresql) on 127.0.0.1:$port"
    as_postgres "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
  fi
  PG_BASE_URL="postgres://postgres@127.0.0.1:$port"
}

# The MongoDB-wire database: MONGODB_URI when set, else the embedded FerretDB
# (PostgreSQL backend, database "hotline") on 127.0.0.1:27017. A wrapper left
# running by an older build of infra/ferretdb is replaced.
ensure_database() {
  if [ -n "${MONGODB_URI:-}" ]; then return 0; fi
  build_ferretdb
  local stamp pidfile="$DATA_DIR/ferretdb.pid" pid=""
  stamp=$(cat "$FERRET_BIN.stamp")
  [ -f "$pidfile" ] && pid=$(cut -d' ' -f1 "$pidfile")
  if port_open 127.0.0.1 27017; then
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && [ "$(cut -d' ' -f2 "$pidfile")" != "$stamp" ]; then
      log "stopping the embedded database of an older build (pid $pid)"
      kill "$pid"
      for _ in $(seq 100); do port_open 127.0.0.1 27017 || break; sleep 0.1; done
    else
      return 0
    fi
  fi
  ensure_postgres
  log "starting FerretDB (PostgreSQL backend: $PG_BASE_URL/hotline) on 127.0.0.1:27017"
  nohup "$FERRET_BIN" -listen 127.0.0.1:27017 -postgresql-url "$PG_BASE_URL/hotline" >>"$DATA_DIR/ferretdb.log" 2>&1 &
  echo "$! $stamp" >"$pidfile"
  wait_for_port 127.0.0.1 27017 FerretDB 60 "$!" || { tail -5 "$DATA_DIR/ferretdb.log" >&2; return 1; }
}
