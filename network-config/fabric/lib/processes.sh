# shellcheck shell=bash
# Part of network.sh (sourced by it, never run alone): starting, watching and stopping the
# processes: orderers, peers and the organisations' chaincode servers ("nodes" below).
# It uses the constants and path helpers that network.sh defines before sourcing it.

# ---- process management: one env file, pid file and log per node --------------------------------
node_env()  { echo "$RUN_DIR/nodes/$1.env"; }
node_pidf() { echo "$RUN_DIR/pids/$1.pid"; }
node_log()  { echo "$RUN_DIR/logs/$1.log"; }
node_mark() { echo "NOTARY_FABRIC_NODE=$RUN_DIR:$1"; }

# Prints the pid of NODE when the process recorded in its pid file is alive and really is that
# node (its environment carries the node's marker, so a recycled pid is never mistaken for it).
node_pid() {
  local pidf pid
  pidf="$(node_pidf "$1")"
  [[ -f "$pidf" ]] || return 1
  pid="$(cat "$pidf")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  pid_running "$pid" || return 1
  { tr '\0' '\n' < "/proc/$pid/environ"; } 2>/dev/null | grep -qxF "$(node_mark "$1")" || return 1
  echo "$pid"
}

# Processes of this run dir whose pid file was lost (e.g. a killed `up`): found by the marker.
marked_pids() {
  local p line prefix="NOTARY_FABRIC_NODE=$RUN_DIR:"
  for p in /proc/[0-9]*; do
    [[ -r "$p/environ" ]] || continue
    line="$({ tr '\0' '\n' < "$p/environ"; } 2>/dev/null | grep -m1 '^NOTARY_FABRIC_NODE=')" || continue
    # node names never contain '/', so a run dir nested below this one does not match
    if [[ "$line" == "$prefix"* && "${line#"$prefix"}" != */* ]]; then echo "${p#/proc/}"; fi
  done
}

start_node() {   # NODE BINARY ARGS...
  local node="$1" bin="$2" pid log
  shift 2
  if pid="$(node_pid "$node")"; then log "$node already running (pid $pid)"; return 0; fi
  log="$(node_log "$node")"
  mkdir -p "$(dirname "$log")" "$RUN_DIR/pids"
  printf '==== %s starting %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$node" >> "$log"
  # A clean environment (only PATH, HOME and the node's own settings), detached from the
  # terminal; nohup and bash exec into the node, so $! is the node's own pid.
  # shellcheck disable=SC2016 # $0 and $@ belong to the inner bash
  env -i PATH="/usr/local/bin:/usr/bin:/bin" HOME="$HOME" "$(node_mark "$node")" \
    nohup bash -c 'set -a; . "$0"; set +a; exec "$@"' "$(node_env "$node")" "$bin" "$@" \
    < /dev/null >> "$log" 2>&1 &
  echo $! > "$(node_pidf "$node")"
  log "$node started (pid $!, log $log)"
}

# True while PID exists and has not exited; an exited process waiting to be reaped by init
# (state Z) counts as stopped.
pid_running() {
  local state
  kill -0 "$1" 2>/dev/null || return 1
  state="$({ cut -d' ' -f3 < "/proc/$1/stat"; } 2>/dev/null)" || return 1
  [[ "$state" != Z ]]
}

stop_pid() {   # PID NAME: TERM, up to 20 s, then KILL
  local pid="$1" name="$2" i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 200; i++)); do
    pid_running "$pid" || { log "$name stopped (pid $pid)"; return 0; }
    sleep 0.1
  done
  log "$name (pid $pid) did not stop within 20 s of TERM; sending KILL"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do pid_running "$pid" || return 0; sleep 0.1; done
  die "could not stop $name (pid $pid)"
}

stop_node() {
  local pid
  if pid="$(node_pid "$1")"; then stop_pid "$pid" "$1"; fi
  rm -f "$(node_pidf "$1")"
}

fail_with_log() {   # NODE MESSAGE
  local logf
  logf="$(node_log "$1")"
  if [[ -f "$logf" ]]; then
    printf '[network] last lines of %s:\n' "$logf" >&2
    tail -n 25 "$logf" | sed 's/^/    /' >&2
  fi
  die "$2"
}

# wait_until DESCRIPTION NODE-OR-"" COMMAND...: polls COMMAND every 0.5 s until it succeeds;
# fails at once if NODE dies, and after WAIT_TIMEOUT seconds.
wait_until() {
  local desc="$1" node="$2" deadline=$((SECONDS + WAIT_TIMEOUT))
  shift 2
  until "$@" > /dev/null 2>&1; do
    if [[ -n "$node" ]] && ! node_pid "$node" > /dev/null; then
      fail_with_log "$node" "$node exited while waiting for $desc"
    fi
    if ((SECONDS >= deadline)); then
      if [[ -n "$node" ]]; then fail_with_log "$node" "timed out after ${WAIT_TIMEOUT}s waiting for $desc"; fi
      die "timed out after ${WAIT_TIMEOUT}s waiting for $desc"
    fi
    sleep 0.5
  done
}

healthy() { curl -fsS --max-time 2 "http://127.0.0.1:$1/healthz" > /dev/null; }

port_free() { [[ -z "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]]; }

node_ports() {   # NODE -> the ports it listens on
  case "$1" in
    orderer*) local i="${1#orderer}"; echo "$(orderer_port "$i") $(orderer_admin_port "$i") $(orderer_ops_port "$i")" ;;
    peer0.*) local p="${PEER_PORT[${1#peer0.}]}"; echo "$p $((p + 1)) $((p + 2))" ;;
    chaincode.*) chaincode_port "${1#chaincode.}" ;;
  esac
}

check_ports_free() {   # NODE
  local p
  for p in $(node_ports "$1"); do
    port_free "$p" || die "port 127.0.0.1:$p, needed by $1, is already in use: $(ss -Hltnp "sport = :$p" 2>/dev/null | head -1)"
  done
}

node_binary() { case "$1" in orderer*) echo "$FABRIC_BIN/orderer" ;; *) echo "$FABRIC_BIN/peer" ;; esac; }
node_args()   { case "$1" in orderer*) ;; *) echo "node start" ;; esac; }
node_ops_port() {
  case "$1" in orderer*) orderer_ops_port "${1#orderer}" ;; *) echo $((PEER_PORT[${1#peer0.}] + 2)) ;; esac
}

launch_node() {   # NODE (orderer or peer): start it unless alive, and wait until its /healthz answers
  local node="$1" args
  if ! node_pid "$node" > /dev/null; then
    check_ports_free "$node"
    read -r -a args <<< "$(node_args "$node")"
    start_node "$node" "$(node_binary "$node")" "${args[@]}"
  fi
  wait_until "$node /healthz on port $(node_ops_port "$node")" "$node" healthy "$(node_ops_port "$node")"
}
