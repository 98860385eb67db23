#!/usr/bin/env bash
# MinIO (S3 with Object Lock) for the notary, as a native process on 127.0.0.1 (no Docker).
#
# Usage:
#   minio.sh build            build the pinned minio server and mc client with `go install` into
#                             a cache outside the clone (once; later calls find them)
#   minio.sh up     [RUN_DIR] start MinIO (free port, generated root credentials, data in
#                             RUN_DIR/data), create the bucket with Object Lock and a default
#                             COMPLIANCE retention, write RUN_DIR/minio.env; a second `up` of a
#                             stopped RUN_DIR restarts it on the same port with the same data
#   minio.sh down   [RUN_DIR] stop it (by pid); data and minio.env are kept; does nothing if stopped
#   minio.sh status [RUN_DIR] running or not, endpoint
#   minio.sh paths            print MINIO_BIN=... and MC_BIN=...
#
# RUN_DIR defaults to network-config/minio/run (git-ignored) or $NOTARY_MINIO_RUN_DIR.
# Environment: NOTARY_TOOLS_CACHE (default ${XDG_CACHE_HOME:-$HOME/.cache}/evidence-notary),
# NOTARY_MINIO_BUCKET (default evidence), NOTARY_MINIO_RETENTION_DAYS (default 3650),
# NOTARY_MINIO_PORT (default: a free port), NOTARY_MINIO_WAIT (seconds, default 60).
#
# minio.env holds the root credentials (mode 600). Source it (set -a; . minio.env) before
# `./notary run` to use this MinIO: it sets NOTARY_STORAGE_KIND=minio and the endpoint, keys and
# bucket, and MC_HOST_notary for the mc client (call mc by the full path in MC_BIN: Debian's
# /usr/bin/mc is Midnight Commander).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# Pinned module versions. MinIO has only RELEASE.* tags, so these are pseudo-versions; the last
# release (v0.0.0-20251015172955-9e49d5e7a648) is refused by the module proxy, HEAD is served.
MINIO_VERSION=v0.0.0-20260212201848-7aac2a2c5b7c
MC_VERSION=v0.0.0-20251106162529-77f82e18b540
MIN_GO=1.24

CACHE="${NOTARY_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/evidence-notary}"
MINIO_BIN="$CACHE/minio-$MINIO_VERSION/bin/minio"
MC_BIN="$CACHE/mc-$MC_VERSION/bin/mc"
BUCKET="${NOTARY_MINIO_BUCKET:-evidence}"
RETENTION_DAYS="${NOTARY_MINIO_RETENTION_DAYS:-3650}"
WAIT="${NOTARY_MINIO_WAIT:-60}"

log() { printf '[minio] %s\n' "$*" >&2; }
die() { printf '[minio] ERROR: %s\n' "$1" >&2; exit "${2:-1}"; }

resolve_run_dir() {
  local dir="${1:-${NOTARY_MINIO_RUN_DIR:-$SCRIPT_DIR/run}}"
  [[ "$dir" == /* ]] || dir="$PWD/$dir"
  RUN_DIR="${dir%/}"
  ENV_FILE="$RUN_DIR/minio.env"
  PID_FILE="$RUN_DIR/minio.pid"
  LOG_FILE="$RUN_DIR/minio.log"
  DATA_DIR="$RUN_DIR/data"
}

go_install() {   # $1 module, $2 version, $3 bin dir
  local start end
  start=$(date +%s)
  log "building $1@$2 (go install; the first build takes minutes)"
  GOTOOLCHAIN="${GOTOOLCHAIN:-local}" CGO_ENABLED=0 GOBIN="$3" \
    nice -n 10 go install -trimpath "$1@$2" || die "go install $1@$2 failed (see above)"
  end=$(date +%s)
  log "built $1 in $((end - start)) s"
}

cmd_build() {
  if [[ -x "$MINIO_BIN" && -x "$MC_BIN" ]]; then
    log "minio and mc already built ($CACHE)"
    return 0
  fi
  command -v go >/dev/null 2>&1 ||
    die "the go command is not on PATH. MinIO is built from its Go module and needs Go >= $MIN_GO:
  install it (https://go.dev/doc/install, or a Debian golang package of that version), then run
  $0 build"
  local have
  have="$(go env GOVERSION)"
  printf '%s\n%s\n' "go$MIN_GO" "$have" | sort -V -C ||
    die "MinIO needs Go >= $MIN_GO, found $have"
  [[ -x "$MINIO_BIN" ]] || go_install github.com/minio/minio "$MINIO_VERSION" "$(dirname "$MINIO_BIN")"
  [[ -x "$MC_BIN" ]] || go_install github.com/minio/mc "$MC_VERSION" "$(dirname "$MC_BIN")"
}

require_binaries() {
  [[ -x "$MINIO_BIN" && -x "$MC_BIN" ]] ||
    die "MinIO binaries missing ($MINIO_BIN, $MC_BIN): run $0 build (needs Go >= $MIN_GO and the Go module proxy)"
  command -v curl >/dev/null 2>&1 || die "curl is required (Debian package: curl)"
}

running() { [[ -f "$PID_FILE" ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
  local p i
  for i in $(seq 1 200); do
    p=$((20000 + RANDOM % 20000))
    port_in_use "$p" || { echo "$p"; return 0; }
  done
  die "no free port found on 127.0.0.1"
}

random_secret() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }

write_env() {
  local endpoint="http://127.0.0.1:$PORT"
  (
    umask 077
    cat > "$ENV_FILE.tmp" <<ENV
# Written by network-config/minio/minio.sh up. Holds credentials: keep it private.
MINIO_ENDPOINT=$endpoint
MINIO_PORT=$PORT
MINIO_CONSOLE_PORT=$CONSOLE_PORT
MINIO_ROOT_USER=$ROOT_USER
MINIO_ROOT_PASSWORD=$ROOT_PASSWORD
MINIO_BUCKET=$BUCKET
MINIO_BIN=$MINIO_BIN
MC_BIN=$MC_BIN
MC_HOST_notary=http://$ROOT_USER:$ROOT_PASSWORD@127.0.0.1:$PORT
NOTARY_STORAGE_KIND=minio
NOTARY_STORAGE_MINIO_ENDPOINT=$endpoint
NOTARY_STORAGE_MINIO_ACCESS_KEY=$ROOT_USER
NOTARY_STORAGE_MINIO_SECRET_KEY=$ROOT_PASSWORD
NOTARY_STORAGE_MINIO_BUCKET=$BUCKET
NOTARY_STORAGE_MINIO_RETENTION=${RETENTION_DAYS}d
ENV
    mv "$ENV_FILE.tmp" "$ENV_FILE"
  )
}

env_value() { sed -n "s/^$1=//p" "$ENV_FILE" | head -n1; }

cmd_up() {
  resolve_run_dir "${1:-}"
  require_binaries
  if running; then
    log "already running (pid $(cat "$PID_FILE")) at $(env_value MINIO_ENDPOINT)"
    return 0
  fi
  mkdir -p "$DATA_DIR"
  if [[ -f "$ENV_FILE" ]]; then
    # Restart: same port and credentials, so clients configured from minio.env keep working.
    PORT="$(env_value MINIO_PORT)"; CONSOLE_PORT="$(env_value MINIO_CONSOLE_PORT)"
    ROOT_USER="$(env_value MINIO_ROOT_USER)"; ROOT_PASSWORD="$(env_value MINIO_ROOT_PASSWORD)"
    BUCKET="$(env_value MINIO_BUCKET)"
    port_in_use "$PORT" && die "port $PORT (from $ENV_FILE) is taken by another process"
  else
    PORT="${NOTARY_MINIO_PORT:-$(free_port)}"
    CONSOLE_PORT="$(free_port)"
    ROOT_USER="notary-admin"
    ROOT_PASSWORD="$(random_secret)"
    write_env
  fi
  log "starting MinIO on 127.0.0.1:$PORT (data in $DATA_DIR, log in $LOG_FILE)"
  MINIO_ROOT_USER="$ROOT_USER" MINIO_ROOT_PASSWORD="$ROOT_PASSWORD" MINIO_BROWSER=off \
    MINIO_UPDATE=off \
    setsid "$MINIO_BIN" server "$DATA_DIR" --address "127.0.0.1:$PORT" \
    --console-address "127.0.0.1:$CONSOLE_PORT" --quiet >>"$LOG_FILE" 2>&1 < /dev/null &
  echo $! > "$PID_FILE"
  local deadline=$((SECONDS + WAIT))
  until curl -fsS -o /dev/null "http://127.0.0.1:$PORT/minio/health/ready" 2>/dev/null; do
    if ! running; then
      tail -n 20 "$LOG_FILE" >&2 || true
      rm -f "$PID_FILE"
      die "MinIO exited during start (log above)"
    fi
    ((SECONDS < deadline)) || { cmd_down "$RUN_DIR"; die "MinIO not ready within ${WAIT}s"; }
    sleep 0.2
  done
  export MC_HOST_notary="http://$ROOT_USER:$ROOT_PASSWORD@127.0.0.1:$PORT"
  export MC_CONFIG_DIR="$RUN_DIR/mc"
  if ! "$MC_BIN" --config-dir "$MC_CONFIG_DIR" stat "notary/$BUCKET" >/dev/null 2>&1; then
    "$MC_BIN" --config-dir "$MC_CONFIG_DIR" --quiet mb --with-lock "notary/$BUCKET" >/dev/null
    "$MC_BIN" --config-dir "$MC_CONFIG_DIR" --quiet retention set --default COMPLIANCE \
      "${RETENTION_DAYS}d" "notary/$BUCKET" >/dev/null
    log "bucket $BUCKET created with Object Lock, default retention COMPLIANCE ${RETENTION_DAYS}d"
  fi
  log "ready at http://127.0.0.1:$PORT (pid $(cat "$PID_FILE")); settings in $ENV_FILE"
}

cmd_down() {
  resolve_run_dir "${1:-}"
  if ! running; then
    rm -f "$PID_FILE"
    log "not running"
    return 0
  fi
  local pid
  pid="$(cat "$PID_FILE")"
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      log "pid $pid did not stop within 30 s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    sleep 0.1
  done
  rm -f "$PID_FILE"
  log "stopped (pid $pid)"
}

cmd_status() {
  resolve_run_dir "${1:-}"
  if running; then
    echo "running: pid $(cat "$PID_FILE"), endpoint $(env_value MINIO_ENDPOINT), run dir $RUN_DIR"
  else
    echo "stopped (run dir $RUN_DIR)"
    return 3
  fi
}

case "${1:-}" in
  build) cmd_build ;;
  up) cmd_up "${2:-}" ;;
  down) cmd_down "${2:-}" ;;
  status) cmd_status "${2:-}" ;;
  paths) echo "MINIO_BIN=$MINIO_BIN"; echo "MC_BIN=$MC_BIN" ;;
  -h|--help|"") sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; [[ -n "${1:-}" ]] ;;
  *) die "unknown command '$1' (build|up|down|status|paths)" ;;
esac
