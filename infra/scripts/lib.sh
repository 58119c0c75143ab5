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

wait_for_port() { # HOST PORT NAME SECONDS
  local i
  for ((i = 0; i < $4 * 10; i++)); do
    port_open "$1" "$2" && return 0
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
  (cd "$FERRET_DIR" && CGO_ENABLED=0 go build -trimpath -o "$FERRET_BIN.tmp" . && mv "$FERRET_BIN.tmp" "$FERRET_BIN")
  echo "$want" >"$FERRET_BIN.stamp"
}

# The MongoDB-wire database: MONGODB_URI when set, else the embedded FerretDB on 127.0.0.1:27017.
ensure_database() {
  if [ -n "${MONGODB_URI:-}" ]; then return 0; fi
  if port_open 127.0.0.1 27017; then return 0; fi
  build_ferretdb
  mkdir -p "$DATA_DIR/ferretdb"
  log "starting FerretDB (SQLite backend, data in .data/ferretdb) on 127.0.0.1:27017"
  nohup "$FERRET_BIN" -listen 127.0.0.1:27017 -data "$DATA_DIR/ferretdb" >>"$DATA_DIR/ferretdb.log" 2>&1 &
  wait_for_port 127.0.0.1 27017 FerretDB 30
}
