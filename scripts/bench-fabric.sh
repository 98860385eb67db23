#!/usr/bin/env bash
# Anchoring on the real Fabric network, measured in one run (part of `./notary bench`; figures go
# to docs/performance.md, never into tests). Reports, never asserts:
#   - the network's start time (`./notary network up`, wall and up-seconds) and memory (RSS of its
#     processes, idle and after the load);
#   - notarizations per second and p50/p99 time from request to ANCHORED for 4 KiB random files at
#     1, 8 and 32 concurrent clients, per-item (notary.ledger.max-items=1) against batched (the
#     default), one service run each with a fresh data folder, against the same network; then
#     extra rows: batched at 128 clients, and batched with other max-wait values
#     (NOTARY_BENCH_EXTRA_WAITS, default 0 ms and 250 ms against the default 50 ms);
#   - the raw transactions per second the network sustains for our chaincode: single-item
#     AnchorEvidence submitted straight through the Gateway by scripts/FabricTxLoad.java, and what
#     one AnchorEvidenceBatch transaction of 32, 128 and 512 items costs;
#   - the service alone on its embedded ledger at 32 clients, as the ceiling of its own ingest path;
#   - CPU use per group of processes, load average, how many orderers the Gateway sent each
#     transaction to, and whether the BFT orderers changed view.
# The network runs in a temporary run dir (as do its MinIO and the services' data); it is started
# here and stopped on the way out, also on failure. Originals are stored on the service's default
# filesystem storage, not MinIO: the figures are about anchoring.
# Usage: bench-fabric.sh path/to/quarkus-run.jar
# Environment: NOTARY_BENCH_SECONDS (per level, default 15; the whole of ./notary bench then takes
# about 8 minutes on 2 cores), NOTARY_BENCH_EXTRA_WAITS (max-wait values for extra batched rows,
# comma-separated, default 0ms,250ms; empty for none).
set -euo pipefail
JAR="${1:?usage: bench-fabric.sh path/to/quarkus-run.jar}"
JAR="$(cd "$(dirname "$JAR")" && pwd)/$(basename "$JAR")"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SCRIPTS="$ROOT/scripts"
LEVEL_SECONDS="${NOTARY_BENCH_SECONDS:-15}"
EXTRA_WAITS="${NOTARY_BENCH_EXTRA_WAITS-0ms,250ms}"
FABRIC="$ROOT/network-config/fabric/network.sh"

say() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] error: %s\n' "$*" >&2; exit 1; }

# Fabric's binaries first: without them nothing is started.
# shellcheck source=network-config/fabric/fabric-version.sh
. "$ROOT/network-config/fabric/fabric-version.sh"
if ! problem="$(fabric_home_problem)"; then
  die "$problem; the Fabric benchmark needs them.
$(fabric_install_hint installer)"
fi
for tool in python3 curl jq ss java bc; do
  command -v "$tool" >/dev/null || die "the Fabric benchmark needs $tool"
done
[ -f "$JAR" ] || die "$JAR is missing: build first (./notary build)"
# The network's ports are fixed (7050-7174): one network per machine.
if [ -n "$(ss -Hltn 'sport = :7050' 2>/dev/null)" ]; then
  die "a Fabric network is already running (127.0.0.1:7050 is in use); stop it with ./notary network down: the bench starts and stops its own"
fi

WORK="$(mktemp -d)"
export NOTARY_FABRIC_RUN_DIR="$WORK/fabric" NOTARY_MINIO_RUN_DIR="$WORK/minio"
RUN="$NOTARY_FABRIC_RUN_DIR"
ROWS="$WORK/rows.jsonl"
SERVICE_PID=""
CHILD_PID=""
NETWORK_STARTED=0

# Runs a load client in the background and waits for it, so that a signal to this script is
# handled at once (bash defers traps while a foreground child runs) and stops the client too.
run_child() {
  "$@" &
  CHILD_PID=$!
  local rc=0
  wait "$CHILD_PID" || rc=$?
  CHILD_PID=""
  return "$rc"
}

stop_service() {
  if [ -n "$SERVICE_PID" ]; then
    kill "$SERVICE_PID" 2>/dev/null || true
    wait "$SERVICE_PID" 2>/dev/null || true
    SERVICE_PID=""
  fi
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$CHILD_PID" ]; then
    kill "$CHILD_PID" 2>/dev/null || true
    wait "$CHILD_PID" 2>/dev/null || true
  fi
  stop_service
  if [ "$NETWORK_STARTED" = 1 ]; then
    say "stopping the network"
    if ! "$ROOT/notary" network down >"$WORK/down.log" 2>&1; then
      say "network down failed; its run dir is kept: $WORK"
      tail -20 "$WORK/down.log" >&2
      exit 1
    fi
  fi
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
pids_of() { cat "$RUN"/pids/"$1"*.pid 2>/dev/null | paste -sd, -; }
groups() {
  printf -- '--group\norderers=%s\n--group\npeers=%s\n--group\nchaincode JVMs=%s\n' \
    "$(pids_of orderer)" "$(pids_of peer)" "$(pids_of chaincode)"
}
# RSS of the network's processes from network.sh status: the total, then by kind.
memory() {
  bash "$FABRIC" status "$RUN" | awk '
    /memory \(RSS\) of all processes/ {total = $(NF - 1)}
    $2 == "alive" && $1 ~ /^orderer/ {o += $4}
    $2 == "alive" && $1 ~ /^peer/ {p += $4}
    $2 == "alive" && $1 ~ /^chaincode/ {c += $4}
    END {printf "%s MiB (orderers %d, peers %d, chaincode JVMs %d)", total, o, p, c}'
}

printf '\n== Fabric anchoring (%s cores, load average %s at start; %s s per level) ==\n' \
  "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" "$LEVEL_SECONDS"

say "starting the network (./notary network up, temporary run dir)"
NETWORK_STARTED=1
start="$(date +%s.%N)"
# In the foreground: a signal waits for `up` to finish (or fail and clean up after itself) rather
# than running `down` beside a half-done `up`.
if ! "$ROOT/notary" network up >"$WORK/up.log" 2>&1; then
  tail -30 "$WORK/up.log" >&2
  die "./notary network up failed"
fi
UP_WALL="$(echo "$(date +%s.%N) - $start" | bc -l)"
UP_SECONDS="$(cat "$RUN/up-seconds" 2>/dev/null || echo '?')"
MEM_IDLE="$(memory)"
printf 'network up: %.1f s wall (./notary network up, MinIO included); up-seconds %s\n' "$UP_WALL" "$UP_SECONDS"
printf 'memory (RSS) of the 10 Fabric processes, idle: %s\n' "$MEM_IDLE"

# One service run: label, clients levels, then NAME=VALUE settings. A fresh data folder each.
service_run() {
  local label="$1" levels="$2"
  shift 2
  local port data
  port="$(free_port)"
  data="$WORK/data-${label//[^a-z0-9]/-}"
  # The answer waits for ANCHORED (notary.ingest.anchor-wait 30 s) so that its time is exact;
  # a 202 PENDING answer is still polled every 50 ms by the load client.
  env "$@" NOTARY_DATA="$data" NOTARY_PORT="$port" NOTARY_DICOM_PORT=0 NOTARY_DICOM_TLS_PORT=0 NOTARY_INGEST_ANCHOR_WAIT=30s \
    java -jar "$JAR" >"$WORK/service-${label//[^a-z0-9]/-}.log" 2>&1 &
  SERVICE_PID=$!
  local i
  for i in $(seq 1 240); do
    curl -sf "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1 && break
    kill -0 "$SERVICE_PID" 2>/dev/null || { tail -20 "$WORK/service-${label//[^a-z0-9]/-}.log" >&2; die "the service ($label) stopped during start"; }
    sleep 0.25
  done
  [ "$i" -lt 240 ] || die "the service ($label) was not ready within 60 s"
  local group_args=() token
  token="$(NOTARY_DATA="$data" NOTARY_PORT="$port" "$SCRIPTS/../notary" token --role acquirer --name "bench $label")" ||
    die "no acquirer token from the service ($label)"
  mapfile -t group_args < <(groups)
  NOTARY_TOKEN="$token" run_child python3 "$SCRIPTS/anchor-load.py" "http://127.0.0.1:$port" --label "$label" --levels "$levels" \
    --seconds "$LEVEL_SECONDS" --json "$ROWS" --group "service=$SERVICE_PID" "${group_args[@]}"
  stop_service
}

FABRIC_ENV=(NOTARY_LEDGER_KIND=fabric "NOTARY_LEDGER_FABRIC_CONNECTION_PROFILE=$RUN/connection.json")
echo "notarizations of 4 KiB random files, time from request to ANCHORED:"
service_run "per-item" 1,8,32 "${FABRIC_ENV[@]}" NOTARY_LEDGER_MAX_ITEMS=1
service_run "batched 50ms" 1,8,32,128 "${FABRIC_ENV[@]}"
IFS=, read -r -a waits <<< "$EXTRA_WAITS"
for w in "${waits[@]}"; do
  [ -n "$w" ] && service_run "batched $w" 1,8,32,128 "${FABRIC_ENV[@]}" "NOTARY_LEDGER_MAX_WAIT=$w"
done

echo "raw transactions through the Gateway (scripts/FabricTxLoad.java, not through the service):"
# The service's own libraries; SLF4J's JBoss provider needs the JBoss log manager, which only
# Quarkus sets up: without it SLF4J stays silent.
CP="$(find "$(dirname "$JAR")/lib/main" -name '*.jar' ! -name '*slf4j-jboss-logmanager*' | paste -sd: -)"
group_args=()
mapfile -t group_args < <(groups)
run_child java -Dslf4j.internal.verbosity=ERROR -cp "$CP" "$SCRIPTS/FabricTxLoad.java" "$RUN/connection.json" 1,8,32 \
  "$LEVEL_SECONDS" --json "$ROWS" "${group_args[@]}"
run_child java -Dslf4j.internal.verbosity=ERROR -cp "$CP" "$SCRIPTS/FabricTxLoad.java" "$RUN/connection.json" 1 \
  "$(( (LEVEL_SECONDS + 1) / 2 ))" --batch 32,128,512 --json "$ROWS" "${group_args[@]}"
MEM_LOADED="$(memory)"

echo "the service alone (embedded ledger), for the ceiling of its own ingest path:"
service_run "embedded" 32

# How the Gateway submitted: to how many orderers each transaction went (Fabric's Gateway sends
# to every BFT orderer and waits for a quorum of answers).
FANOUT="$(sed 's/\x1b\[[0-9;]*m//g' "$RUN/logs/peer0.hospital.log" | grep 'Sending transaction to orderer' |
  sed -n 's/.*txID=\([0-9a-f]*\) endpoint=\(.*\)$/\1 \2/p' | sort -u | awk '{n[$1]++} END {for (t in n) c[n[t]]++; for (k in c) printf "%s tx to %s orderers; ", c[k], k}')"
# View changes: a view above 0, a complaint about the leader, a view change message.
VIEWS="$(cat "$RUN"/logs/orderer*.log | sed 's/\x1b\[[0-9;]*m//g' |
  grep -ciE 'Starting view with number [1-9]|complain|view ?change (timeout|message|started)|ViewChanged|sending view change|syncing' || true)"
LEADERS="$(cat "$RUN"/logs/orderer*.log | sed 's/\x1b\[[0-9;]*m//g' | grep -c 'Changing to leader role' || true)"
printf 'Gateway submissions: %s\n' "${FANOUT:-none found in the gateway peer log}"
printf 'BFT: %s log lines about view changes or complaints in the 4 orderer logs; "Changing to leader role" %s time(s)\n' "$VIEWS" "$LEADERS"
printf 'memory (RSS) of the 10 Fabric processes after the load: %s\n' "$MEM_LOADED"

python3 "$SCRIPTS/bench-fabric-report.py" "$ROWS"
