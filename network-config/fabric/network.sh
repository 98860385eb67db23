#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# The notary's Hyperledger Fabric v3.1.5 network, as native processes on 127.0.0.1 (no Docker).
#
# Usage:
#   network.sh install            download Fabric v3.1.5's release binaries into FABRIC_HOME
#                                 (nothing to do when they are there)
#   network.sh up     [RUN_DIR]   start (or complete) the network: orderers, peers, channel
#                                 "evidence", chaincode "notary" 1.0 and one chaincode server per
#                                 organisation; waits until the chaincode answers on every peer,
#                                 then writes the client files and the verifier's trust into RUN_DIR
#   network.sh down   [RUN_DIR]   stop every process it started (by pid) and delete RUN_DIR's content
#   network.sh status [RUN_DIR]   which processes are alive, their memory, the channel height
#   network.sh deploy-ccaas NAME VERSION ADDRESS [RUN_DIR]
#                                 package another chaincode as a service (ADDRESS = host:port of
#                                 its server, or 127.0.0.1:{{.ccport}} for each peer's own), install
#                                 it on all peers, approve and commit it with the endorsement policy
#                                 AND('HospitalMSP.peer', OR('CourtMSP.peer','InsurerMSP.peer'));
#                                 `up` does this for "notary" itself
#   network.sh stop-node NODE [RUN_DIR] / start-node NODE [RUN_DIR]
#                                 stop or restart one process (orderer2, peer0.hospital,
#                                 chaincode.court...), for failure tests; the ledger is kept
#
# RUN_DIR defaults to network-config/run (git-ignored) or $NOTARY_FABRIC_RUN_DIR.
# Environment: FABRIC_HOME (the release binaries), FABRIC_ORDERER_TYPE (bft|raft, default bft),
# NOTARY_CHAINCODE_JAR (default chaincode/contract/target/notary-chaincode.jar; build it with
# `mvn -B -q -f chaincode/pom.xml -DskipTests package`), JAVA_HOME (else java on PATH),
# FABRIC_WAIT_TIMEOUT (seconds for each wait, default 120), FABRIC_KEEP_ON_FAILURE=1 (leave
# processes running when `up` fails, for debugging).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
. "$SCRIPT_DIR/fabric-version.sh"

CHANNEL=evidence
DOMAIN=notary.test
ORDERER_TYPE="${FABRIC_ORDERER_TYPE:-bft}"
WAIT_TIMEOUT="${FABRIC_WAIT_TIMEOUT:-120}"
ENDORSEMENT_POLICY="AND('HospitalMSP.peer',OR('CourtMSP.peer','InsurerMSP.peer'))"
RUN_MARKER=.fabric-run-dir

# The notary's chaincode: one package for all organisations; the ccaas builder renders
# {{.ccport}} from each peer's CHAINCODE_AS_A_SERVICE_BUILDER_CONFIG, so each peer dials its own
# organisation's chaincode server.
CHAINCODE_NAME=notary
CHAINCODE_VERSION=1.0
CHAINCODE_ADDRESS='127.0.0.1:{{.ccport}}'
ANCHORING_MSPS=HospitalMSP
CUSTODY_MSPS=CourtMSP,InsurerMSP
CHAINCODE_JAVA_OPTS=(-XX:+UseSerialGC -Xmx256m)

# ---- topology and ports (all on 127.0.0.1; 8080, 9000/9001 and 11112 belong to the service,
# MinIO and DICOM and are never used here) ----------------------------------------------------
ORGS=(hospital court insurer)
declare -A ORG_MSP=([hospital]=HospitalMSP [court]=CourtMSP [insurer]=InsurerMSP)
declare -A ORG_NAME=([hospital]=Hospital [court]=Court [insurer]=Insurer)
# peer listen port; +1 chaincode (peer side), +2 operations, +3 the organisation's chaincode server
declare -A PEER_PORT=([hospital]=7151 [court]=7161 [insurer]=7171)
ORDERER_MSP=OrdererMSP
ORDERER_DOMAIN="orderer.$DOMAIN"
orderer_count() { [[ "$ORDERER_TYPE" == bft ]] && echo 4 || echo 3; }
orderer_port()       { echo $((7049 + $1)); }   # orderer1 -> 7050 ... orderer4 -> 7053
orderer_admin_port() { echo $((7059 + $1)); }   # 7060 ...
orderer_ops_port()   { echo $((7069 + $1)); }   # 7070 ...
chaincode_port()     { echo $((PEER_PORT[$1] + 3)); }   # hospital 7154, court 7164, insurer 7174

log()  { printf '[network] %s\n' "$*" >&2; }
die()  { printf '[network] ERROR: %s\n' "$1" >&2; exit "${2:-1}"; }

# ---- locations ----------------------------------------------------------------------------------
resolve_run_dir() {   # $1 = optional RUN_DIR argument
  local dir="${1:-${NOTARY_FABRIC_RUN_DIR:-$(dirname "$SCRIPT_DIR")/run}}"
  [[ "$dir" == /* ]] || dir="$PWD/$dir"
  RUN_DIR="${dir%/}"
  CRYPTO="$RUN_DIR/crypto"
  ORDERER_ORG_DIR="$CRYPTO/ordererOrganizations/$ORDERER_DOMAIN"
  ORDERER_TLS_CA="$ORDERER_ORG_DIR/tlsca/tlsca.$ORDERER_DOMAIN-cert.pem"
  ORDERER_ADMIN_TLS="$ORDERER_ORG_DIR/users/Admin@$ORDERER_DOMAIN/tls"
  CHANNEL_BLOCK="$RUN_DIR/channel/$CHANNEL.block"
  STATE_FILE="$RUN_DIR/network.state"
  CHAINCODE_JAR_COPY="$RUN_DIR/chaincode/notary-chaincode.jar"
}

resolve_fabric() {
  FABRIC_BIN="$FABRIC_HOME/bin"
  FABRIC_CONFIG="$FABRIC_HOME/config"
  FABRIC_BUILDER="$FABRIC_HOME/builders/ccaas"
  local problem t
  problem="$(fabric_home_problem)" || die "$problem.
$(fabric_install_hint)"
  for t in jq curl ss; do
    command -v "$t" >/dev/null 2>&1 || die "'$t' is required on PATH (Debian package: ${t/ss/iproute2})"
  done
}

peer_name()    { echo "peer0.$1"; }                     # node name used for files: peer0.hospital
peer_host()    { echo "peer0.$1.$DOMAIN"; }             # TLS host name: peer0.hospital.notary.test
org_dir()      { echo "$CRYPTO/peerOrganizations/$1.$DOMAIN"; }
peer_dir()     { echo "$(org_dir "$1")/peers/$(peer_host "$1")"; }
peer_tls_ca()  { echo "$(peer_dir "$1")/tls/ca.crt"; }
peer_address() { echo "127.0.0.1:${PEER_PORT[$1]}"; }
orderer_host() { echo "orderer$1.$ORDERER_DOMAIN"; }
orderer_dir()  { echo "$ORDERER_ORG_DIR/orderers/$(orderer_host "$1")"; }

chaincode_node() { echo "chaincode.$1"; }            # the organisation's chaincode server

all_nodes() {   # start order: orderers, peers, then the chaincode servers
  local i o
  for ((i = 1; i <= $(orderer_count); i++)); do echo "orderer$i"; done
  for o in "${ORGS[@]}"; do peer_name "$o"; done
  for o in "${ORGS[@]}"; do chaincode_node "$o"; done
}

# The machinery, one file per concern.
. "$SCRIPT_DIR/lib/processes.sh"
. "$SCRIPT_DIR/lib/fabric-cli.sh"
. "$SCRIPT_DIR/lib/artifacts.sh"
. "$SCRIPT_DIR/lib/chaincode.sh"
. "$SCRIPT_DIR/lib/client-files.sh"

# ---- commands -------------------------------------------------------------------------------------
cmd_install() {
  local problem url parent tmp out t
  if problem="$(fabric_home_problem)"; then
    log "Fabric v$FABRIC_VERSION is already in FABRIC_HOME=$FABRIC_HOME (peer version says $FABRIC_VERSION); nothing to do"
    return 0
  fi
  if [[ -e "$FABRIC_HOME" && -n "$(ls -A "$FABRIC_HOME" 2>/dev/null)" ]]; then
    die "$problem. It is not empty, so it is left alone: move it away (or set FABRIC_HOME) and run install again.
$(fabric_install_hint)"
  fi
  for t in curl tar gzip; do command -v "$t" >/dev/null 2>&1 || die "'$t' is required on PATH"; done
  url="$(fabric_release_url)"
  parent="$(dirname "$FABRIC_HOME")"
  mkdir -p "$parent"
  # Downloaded and unpacked beside FABRIC_HOME, moved into place only when complete and checked,
  # so an interrupted install never leaves a FABRIC_HOME that looks usable.
  tmp="$(mktemp -d "$parent/.fabric-install.XXXXXX")"
  log "downloading $url"
  if ! curl --connect-timeout 10 -fL --retry 0 --speed-limit 1024 --speed-time 60 -sS \
      -o "$tmp/fabric.tar.gz" "$url" 2> "$tmp/curl.err"; then
    out="$(cat "$tmp/curl.err")"
    rm -rf "$tmp"
    die "could not download the Fabric v$FABRIC_VERSION release ($out).
$(fabric_install_hint manual)"
  fi
  mkdir "$tmp/home"
  tar -xzf "$tmp/fabric.tar.gz" -C "$tmp/home" || { rm -rf "$tmp"; die "could not unpack $url"; }
  if ! problem="$(FABRIC_HOME="$tmp/home" fabric_home_problem)"; then
    rm -rf "$tmp"
    die "the downloaded release is not what was expected: ${problem//$tmp\/home/<download>}"
  fi
  if [[ -d "$FABRIC_HOME" ]]; then rmdir "$FABRIC_HOME"; fi
  mv "$tmp/home" "$FABRIC_HOME"
  rm -rf "$tmp"
  log "Fabric v$FABRIC_VERSION installed in $FABRIC_HOME ($("$FABRIC_HOME/bin/peer" version | grep -m1 Version: | sed 's/^[[:space:]]*//'))"
}

up_failed() {
  log "up failed; node logs are in $RUN_DIR/logs"
  if [[ "${FABRIC_KEEP_ON_FAILURE:-0}" == 1 ]]; then
    log "FABRIC_KEEP_ON_FAILURE=1: leaving the processes running; stop them with: $0 down $RUN_DIR"
  else
    log "stopping the processes of this run dir (FABRIC_KEEP_ON_FAILURE=1 keeps them)"
    stop_all
  fi
}

on_up_exit() {
  local rc=$?
  if [[ $rc -ne 0 ]]; then up_failed; fi
}

cmd_up() {
  resolve_fabric
  resolve_chaincode_server
  [[ "$ORDERER_TYPE" == bft || "$ORDERER_TYPE" == raft ]] \
    || die "FABRIC_ORDERER_TYPE must be 'bft' or 'raft', not '$ORDERER_TYPE'"
  local start=$SECONDS i o
  if [[ -f "$STATE_FILE" ]]; then
    local was
    was="$(sed -n 's/^orderer_type=//p' "$STATE_FILE")"
    [[ "$was" == "$ORDERER_TYPE" ]] || die "$RUN_DIR holds a $was network; run '$0 down $RUN_DIR' before starting a $ORDERER_TYPE one"
    log "network already generated in $RUN_DIR: starting only what is not running"
  else
    if [[ -d "$RUN_DIR" && -n "$(ls -A "$RUN_DIR" 2>/dev/null)" ]]; then
      [[ -f "$RUN_DIR/$RUN_MARKER" ]] || die "$RUN_DIR is not empty and was not created by network.sh; choose another RUN_DIR"
      log "removing the remains of an incomplete generation in $RUN_DIR"
      stop_all
      find "$RUN_DIR" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
    fi
    mkdir -p "$RUN_DIR"
    touch "$RUN_DIR/$RUN_MARKER"
    generate_artifacts
    for ((i = 1; i <= $(orderer_count); i++)); do write_orderer_env "$i"; done
    for o in "${ORGS[@]}"; do write_peer_env "$o"; done
    printf 'orderer_type=%s\nchannel=%s\nfabric_home=%s\n' "$ORDERER_TYPE" "$CHANNEL" "$FABRIC_HOME" > "$STATE_FILE"
  fi
  trap on_up_exit EXIT

  for ((i = 1; i <= $(orderer_count); i++)); do launch_node "orderer$i"; done
  for ((i = 1; i <= $(orderer_count); i++)); do
    if ! orderer_channel_info "$i" > /dev/null 2>&1; then
      log "orderer$i joins channel $CHANNEL (channel participation API)"
      local out
      out="$(osnadmin_cli "$i" channel join --channelID "$CHANNEL" --config-block "$CHANNEL_BLOCK" 2>&1)" || true
      grep -qE '^Status: (201|405)' <<< "$out" || fail_with_log "orderer$i" "osnadmin channel join on orderer$i failed: $out"
    fi
  done
  for ((i = 1; i <= $(orderer_count); i++)); do
    wait_until "channel $CHANNEL active on orderer$i" "orderer$i" orderer_channel_active "$i"
  done

  for o in "${ORGS[@]}"; do launch_node "$(peer_name "$o")"; done
  for o in "${ORGS[@]}"; do
    if ! peer_cli "$o" channel list 2>/dev/null | grep -qx "$CHANNEL"; then
      log "$(peer_name "$o") joins channel $CHANNEL"
      local out
      out="$(peer_cli "$o" channel join -b "$CHANNEL_BLOCK" 2>&1)" \
        || fail_with_log "$(peer_name "$o")" "peer channel join on $(peer_name "$o") failed: $out"
    fi
  done
  for o in "${ORGS[@]}"; do
    wait_until "channel $CHANNEL on $(peer_name "$o")" "$(peer_name "$o")" peer_height "$o"
  done

  # The chaincode: the package id is known from the package alone, so the three servers (JVMs,
  # a few seconds to start) come up while the peers install, approve and commit.
  ccaas_package "$CHAINCODE_NAME" "$CHAINCODE_VERSION" "$CHAINCODE_ADDRESS"
  copy_chaincode_jar
  for o in "${ORGS[@]}"; do write_chaincode_server_env "$o" "$PKG_ID"; done
  for o in "${ORGS[@]}"; do start_chaincode_server "$o"; done
  ccaas_deploy "$CHAINCODE_NAME" "$CHAINCODE_VERSION"
  for o in "${ORGS[@]}"; do wait_chaincode_server "$o"; done
  for o in "${ORGS[@]}"; do
    wait_until "chaincode $CHAINCODE_NAME answering on $(peer_name "$o")" "$(chaincode_node "$o")" chaincode_answers "$o"
  done

  write_client_files
  trap - EXIT
  local took=$((SECONDS - start))
  echo "$took" > "$RUN_DIR/up-seconds"
  log "network up in ${took}s: channel $CHANNEL on $(orderer_count) $ORDERER_TYPE orderers and ${#ORGS[@]} peers;" \
    "chaincode $CHAINCODE_NAME $CHAINCODE_VERSION answering through ${#ORGS[@]} chaincode servers"
  log "for the service: $RUN_DIR/notary-fabric.env ($RUN_DIR/connection.json); verifier trust: $RUN_DIR/trust/"
}

stop_all() {
  local node pid nodes=()
  if [[ -d "$RUN_DIR/pids" ]]; then
    # Chaincode servers, peers, then orderers (reverse start order); every pid file, whatever the topology.
    mapfile -t nodes < <(find "$RUN_DIR/pids" -maxdepth 1 -name '*.pid' -printf '%f\n' | sed 's/\.pid$//' \
      | awk '{ print (/^chaincode\./ ? 1 : /^peer/ ? 2 : /^orderer/ ? 3 : 4) "\t" $0 }' | sort | cut -f2)
    for node in "${nodes[@]}"; do stop_node "$node"; done
  fi
  for pid in $(marked_pids); do stop_pid "$pid" "leftover process of $RUN_DIR"; done
}

cmd_down() {
  if [[ ! -d "$RUN_DIR" || -z "$(ls -A "$RUN_DIR")" ]]; then log "nothing to stop: no network in $RUN_DIR"; return 0; fi
  [[ -f "$RUN_DIR/$RUN_MARKER" ]] || die "$RUN_DIR was not created by network.sh; refusing to touch it"
  stop_all
  local left
  left="$(marked_pids)"
  [[ -z "$left" ]] || die "processes still running after down: $left"
  # Keep the directory itself (it may be a mount point or named in a config); empty it.
  find "$RUN_DIR" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
  log "network down; nothing of $RUN_DIR is running"
}

rss_kib() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$1/status" 2>/dev/null || echo 0; }

cmd_status() {
  if [[ ! -f "$RUN_DIR/$RUN_MARKER" ]]; then echo "no network in $RUN_DIR"; return 0; fi
  local type node pid total=0 alive=0 count=0 rss
  type="$(sed -n 's/^orderer_type=//p' "$STATE_FILE" 2>/dev/null || true)"
  ORDERER_TYPE="${type:-$ORDERER_TYPE}"
  printf '%-18s %-8s %-8s %-10s %s\n' NODE STATE PID RSS_MIB PORTS
  for node in $(all_nodes); do
    count=$((count + 1))
    if pid="$(node_pid "$node")"; then
      rss="$(rss_kib "$pid")"
      total=$((total + rss))
      alive=$((alive + 1))
      printf '%-18s %-8s %-8s %-10s %s\n' "$node" alive "$pid" "$((rss / 1024))" "$(node_ports "$node")"
    else
      printf '%-18s %-8s %-8s %-10s %s\n' "$node" dead - - "$(node_ports "$node")"
    fi
  done
  echo "alive: $alive/$count; memory (RSS) of all processes: $((total / 1024)) MiB"
  if fabric_home_problem > /dev/null && [[ -f "$STATE_FILE" ]]; then
    FABRIC_BIN="$FABRIC_HOME/bin" FABRIC_CONFIG="$FABRIC_HOME/config"
    local o i h info
    for o in "${ORGS[@]}"; do
      h="$(peer_height "$o" 2>/dev/null)" || h="unavailable"
      echo "channel $CHANNEL height on $(peer_name "$o"): $h"
    done
    for ((i = 1; i <= $(orderer_count); i++)); do
      if info="$(orderer_channel_info "$i" 2>/dev/null)"; then
        echo "channel $CHANNEL on orderer$i: $(jq -r '"height \(.height), \(.status), \(.consensusRelation)"' <<< "$info")"
      else
        echo "channel $CHANNEL on orderer$i: unavailable"
      fi
    done
  fi
}

# ---- single nodes, for failure tests ------------------------------------------------------------
known_node() {
  local n
  for n in $(all_nodes); do [[ "$n" == "$1" ]] && return 0; done
  die "unknown node '$1'; nodes: $(all_nodes | tr '\n' ' ')"
}

cmd_stop_node() {
  [[ -f "$STATE_FILE" ]] || die "no network in $RUN_DIR"
  ORDERER_TYPE="$(sed -n 's/^orderer_type=//p' "$STATE_FILE")"
  known_node "$1"
  stop_node "$1"
}

cmd_start_node() {
  [[ -f "$STATE_FILE" ]] || die "no network in $RUN_DIR"
  ORDERER_TYPE="$(sed -n 's/^orderer_type=//p' "$STATE_FILE")"
  known_node "$1"
  resolve_fabric
  case "$1" in
    chaincode.*)
      [[ -f "$(node_env "$1")" ]] || die "$1 has no settings yet; run '$0 up $RUN_DIR'"
      resolve_java
      start_chaincode_server "${1#chaincode.}"
      wait_chaincode_server "${1#chaincode.}" ;;
    *) launch_node "$1" ;;
  esac
}

usage() { sed -n '3,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }

main() {
  local cmd="${1:-}"
  [[ $# -gt 0 ]] && shift
  case "$cmd" in
    install)
      [[ $# -eq 0 ]] || die "usage: $0 install"
      cmd_install ;;
    up|down|status)
      [[ $# -le 1 ]] || die "usage: $0 $cmd [RUN_DIR]"
      resolve_run_dir "${1:-}"
      "cmd_$cmd" ;;
    deploy-ccaas)
      [[ $# -ge 3 && $# -le 4 ]] || die "usage: $0 deploy-ccaas NAME VERSION ADDRESS [RUN_DIR]"
      resolve_run_dir "${4:-}"
      cmd_deploy_ccaas "$1" "$2" "$3" ;;
    stop-node|start-node)
      [[ $# -ge 1 && $# -le 2 ]] || die "usage: $0 $cmd NODE [RUN_DIR]"
      resolve_run_dir "${2:-}"
      "cmd_${cmd/-/_}" "$1" ;;
    -h|--help|help) usage ;;
    *) usage >&2; exit 1 ;;
  esac
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then main "$@"; fi
