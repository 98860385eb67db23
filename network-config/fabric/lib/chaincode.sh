# shellcheck shell=bash
# Part of network.sh (sourced by it, never run alone): the chaincode as a service: packaging and
# deploying it, and each organisation's chaincode server (a JVM running the notary's contract).
# It uses the constants and path helpers that network.sh defines before sourcing it.

# ---- package --------------------------------------------------------------------------------------
deterministic_tgz() {   # OUTPUT DIR FILES...: gzip'd tar with fixed names, times, owners, modes
  local out="$1" dir="$2"
  shift 2
  (cd "$dir" && chmod 0644 "$@" && tar --format=ustar --sort=name --mtime=@0 --owner=0 --group=0 \
    --numeric-owner -cf - "$@") | gzip -9 -n > "$out"
}

# ccaas_package NAME VERSION ADDRESS: builds RUN_DIR/chaincode/NAME/VERSION/NAME_VERSION.tgz
# (metadata.json + code.tar.gz holding connection.json), byte-for-byte reproducible so that the
# package id (label:sha256 of the file) is the same every time for the same inputs. ADDRESS may
# hold {{.ccport}}, which the ccaas builder fills in from each peer's
# CHAINCODE_AS_A_SERVICE_BUILDER_CONFIG. Sets PKG_FILE and PKG_ID.
ccaas_package() {
  local name="$1" version="$2" address="$3"
  local label="${name}_${version}" dir="$RUN_DIR/chaincode/$name/$version" cli_id
  mkdir -p "$dir/src"
  jq -n --arg a "$address" '{address: $a, dial_timeout: "10s", tls_required: false}' > "$dir/src/connection.json"
  deterministic_tgz "$dir/src/code.tar.gz" "$dir/src" connection.json
  jq -n --arg l "$label" '{type: "ccaas", label: $l}' > "$dir/src/metadata.json"
  deterministic_tgz "$dir/$label.tgz" "$dir/src" metadata.json code.tar.gz
  PKG_FILE="$dir/$label.tgz"
  PKG_ID="$label:$(sha256sum "$PKG_FILE" | cut -d' ' -f1)"
  # calculatepackageid works offline but still reads core.yaml, hence FABRIC_CFG_PATH.
  cli_id="$(FABRIC_CFG_PATH="$FABRIC_CONFIG" "$FABRIC_BIN/peer" lifecycle chaincode calculatepackageid "$PKG_FILE" 2>&1)" \
    || die "peer lifecycle chaincode calculatepackageid failed: $cli_id"
  [[ "$cli_id" == "$PKG_ID" ]] || die "package id mismatch: sha256 gives $PKG_ID, peer gives $cli_id"
  log "package $PKG_FILE, id $PKG_ID"
}

# ---- lifecycle ------------------------------------------------------------------------------------
committed_definition() {   # ORG NAME -> JSON of the committed definition; fails if none
  local out
  if out="$(peer_cli "$1" lifecycle chaincode querycommitted -C "$CHANNEL" -n "$2" -O json 2>&1)"; then
    echo "$out"
    return 0
  fi
  grep -qiE '404|not defined|not found' <<< "$out" && return 1
  die "querycommitted of $2 on $(peer_name "$1") failed: $out"
}

committed_sequence_is() {   # ORG NAME SEQUENCE
  local def
  def="$(committed_definition "$1" "$2")" || return 1
  [[ "$(jq -r '.sequence' <<< "$def")" == "$3" ]]
}

# ccaas_deploy NAME VERSION: installs PKG_FILE on every peer, approves it for the three
# organisations and commits it; does nothing that is already done. Writes RUN_DIR/chaincode/NAME.json.
ccaas_deploy() {
  local name="$1" version="$2" o out

  # 1. Install on every peer (skipped where already installed).
  for o in "${ORGS[@]}"; do
    if peer_cli "$o" lifecycle chaincode queryinstalled -O json 2>/dev/null \
        | jq -e --arg id "$PKG_ID" '[.installed_chaincodes[]?.package_id] | index($id) != null' > /dev/null; then
      log "$name already installed on $(peer_name "$o")"
    else
      log "installing $name on $(peer_name "$o")"
      out="$(peer_cli "$o" lifecycle chaincode install "$PKG_FILE" 2>&1)" || die "install on $(peer_name "$o") failed: $out"
    fi
  done

  # 2. Sequence: 1 for a new chaincode; unchanged if this version is already committed with this
  #    package (nothing to do); committed + 1 for a new version.
  local def seq=1 committed_version
  if def="$(committed_definition hospital "$name")"; then
    committed_version="$(jq -r '.version' <<< "$def")"
    seq="$(jq -r '.sequence' <<< "$def")"
    if [[ "$committed_version" == "$version" ]]; then
      local approved
      approved="$(peer_cli hospital lifecycle chaincode queryapproved -C "$CHANNEL" -n "$name" --sequence "$seq" -O json 2>/dev/null \
        | jq -r '[.. | .package_id? // empty] | first // empty')"
      if [[ "$approved" == "$PKG_ID" ]]; then
        log "$name version $version (sequence $seq) is already committed with this package"
        write_chaincode_files "$name" "$version" "$seq"
        return 0
      fi
      die "$name version $version is committed with package '$approved', not $PKG_ID; deploy a new VERSION"
    fi
    seq=$((seq + 1))
  fi
  log "deploying $name version $version as sequence $seq with endorsement policy $ENDORSEMENT_POLICY"

  local orderer=(-o "127.0.0.1:$(orderer_port 1)" --tls --cafile "$ORDERER_TLS_CA")
  local definition=(--channelID "$CHANNEL" --name "$name" --version "$version" --sequence "$seq"
    --signature-policy "$ENDORSEMENT_POLICY")

  # 3. Approve for each organisation that has not yet approved this exact definition.
  local readiness
  readiness="$(peer_cli hospital lifecycle chaincode checkcommitreadiness "${definition[@]}" -O json 2>&1)" \
    || die "checkcommitreadiness failed: $readiness"
  for o in "${ORGS[@]}"; do
    if [[ "$(jq -r --arg m "${ORG_MSP[$o]}" '.approvals[$m]' <<< "$readiness")" == true ]]; then
      log "${ORG_MSP[$o]} has already approved"
      continue
    fi
    log "approving for ${ORG_MSP[$o]}"
    out="$(peer_cli "$o" lifecycle chaincode approveformyorg "${orderer[@]}" "${definition[@]}" \
      --package-id "$PKG_ID" 2>&1)" || die "approveformyorg for ${ORG_MSP[$o]} failed: $out"
  done
  # shellcheck disable=SC2317 # called through wait_until
  ready_all() {
    peer_cli hospital lifecycle chaincode checkcommitreadiness "${definition[@]}" -O json 2>/dev/null \
      | jq -e '[.approvals[]] | all' > /dev/null
  }
  wait_until "approvals of all organisations for $name sequence $seq" "" ready_all

  # 4. Commit, endorsed by all three peers (LifecycleEndorsement is MAJORITY Endorsement).
  local peers=()
  for o in "${ORGS[@]}"; do peers+=(--peerAddresses "$(peer_address "$o")" --tlsRootCertFiles "$(peer_tls_ca "$o")"); done
  log "committing $name sequence $seq"
  out="$(peer_cli hospital lifecycle chaincode commit "${orderer[@]}" "${definition[@]}" "${peers[@]}" 2>&1)" \
    || die "commit of $name failed: $out"
  for o in "${ORGS[@]}"; do
    wait_until "commit of $name sequence $seq on $(peer_name "$o")" "$(peer_name "$o")" committed_sequence_is "$o" "$name" "$seq"
  done
  write_chaincode_files "$name" "$version" "$seq"
}

write_chaincode_files() {   # NAME VERSION SEQUENCE: what was deployed, for people and tests
  local o servers='{}'
  for o in "${ORGS[@]}"; do
    servers="$(jq --arg org "$o" --arg a "127.0.0.1:$(chaincode_port "$o")" '. + {($org): $a}' <<< "$servers")"
  done
  jq -n --arg n "$1" --arg v "$2" --argjson s "$3" --arg id "$PKG_ID" --arg a "$(jq -r .address "$(dirname "$PKG_FILE")/src/connection.json")" \
    --arg p "$ENDORSEMENT_POLICY" --arg c "$CHANNEL" --argjson servers "$servers" \
    '{channel: $c, name: $n, version: $v, sequence: $s, packageId: $id, address: $a, endorsementPolicy: $p}
     + (if $n == "notary" then {servers: $servers} else {} end)' \
    > "$RUN_DIR/chaincode/$1.json"
}

# `deploy-ccaas`: another chaincode as a service, whose servers the caller runs.
cmd_deploy_ccaas() {
  local name="$1" version="$2" address="$3"
  [[ "$name" =~ ^[A-Za-z0-9][A-Za-z0-9_.+-]*$ ]] || die "chaincode NAME '$name' must match [A-Za-z0-9][A-Za-z0-9_.+-]*"
  [[ "$version" =~ ^[A-Za-z0-9][A-Za-z0-9_.+-]*$ ]] || die "VERSION '$version' must match [A-Za-z0-9][A-Za-z0-9_.+-]*"
  [[ "$address" =~ ^[A-Za-z0-9.-]+:([0-9]{1,5}|\{\{\.ccport\}\})$ ]] \
    || die "ADDRESS '$address' must be host:port, e.g. 127.0.0.1:9999, or 127.0.0.1:{{.ccport}}"
  resolve_fabric
  [[ -f "$STATE_FILE" ]] || die "no network in $RUN_DIR; run '$0 up $RUN_DIR' first"
  # shellcheck disable=SC2034 # read by orderer_count (network.sh)
  ORDERER_TYPE="$(sed -n 's/^orderer_type=//p' "$STATE_FILE")"
  local o
  for o in "${ORGS[@]}"; do
    node_pid "$(peer_name "$o")" > /dev/null || die "$(peer_name "$o") is not running; run '$0 up $RUN_DIR'"
  done
  ccaas_package "$name" "$version" "$address"
  ccaas_deploy "$name" "$version"
  log "deployed: start the chaincode server with CORE_CHAINCODE_ID_NAME=$PKG_ID CHAINCODE_SERVER_ADDRESS=$address"
  echo "$PKG_ID"
}

# ---- the organisations' chaincode servers -------------------------------------------------------
resolve_java() {
  local java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
  JAVA_BIN="$(command -v "$java" 2>/dev/null)" \
    || die "java (17 or newer) is needed for the chaincode servers: put it on PATH or set JAVA_HOME"
}

# The jar the chaincode servers run: NOTARY_CHAINCODE_JAR, else the repository's build (checked
# before anything starts; copied by copy_chaincode_jar).
resolve_chaincode_server() {
  resolve_java
  CHAINCODE_JAR_SOURCE="${NOTARY_CHAINCODE_JAR:-$REPO_ROOT/chaincode/contract/target/notary-chaincode.jar}"
  [[ -f "$CHAINCODE_JAR_SOURCE" || ( -z "${NOTARY_CHAINCODE_JAR:-}" && -f "$CHAINCODE_JAR_COPY" ) ]] \
    || die "the chaincode jar $CHAINCODE_JAR_SOURCE is missing; build it with
  mvn -B -q -f chaincode/pom.xml -DskipTests package     (./notary network up does this), or set NOTARY_CHAINCODE_JAR"
}

# The servers run a copy in RUN_DIR, so that a rebuild or `mvn clean` never pulls the jar from under
# a running network (start-node after a clean still works). The copy is replaced by rename, never
# overwritten in place, so a JVM that has the old one open keeps running.
copy_chaincode_jar() {
  if [[ ! -f "$CHAINCODE_JAR_SOURCE" ]]; then
    log "$CHAINCODE_JAR_SOURCE is missing; the chaincode servers run the earlier copy $CHAINCODE_JAR_COPY"
    return 0
  fi
  mkdir -p "$(dirname "$CHAINCODE_JAR_COPY")"
  if ! cmp -s "$CHAINCODE_JAR_SOURCE" "$CHAINCODE_JAR_COPY"; then
    cp "$CHAINCODE_JAR_SOURCE" "$CHAINCODE_JAR_COPY.tmp"
    mv "$CHAINCODE_JAR_COPY.tmp" "$CHAINCODE_JAR_COPY"
  fi
}

write_chaincode_server_env() {   # ORG PACKAGE-ID
  write_env_file "$(node_env "$(chaincode_node "$1")")" \
    "CHAINCODE_SERVER_ADDRESS=127.0.0.1:$(chaincode_port "$1")" \
    "CORE_CHAINCODE_ID_NAME=$2" \
    "NOTARY_ANCHORING_MSPS=$ANCHORING_MSPS" \
    "NOTARY_CUSTODY_MSPS=$CUSTODY_MSPS"
}

start_chaincode_server() {   # ORG: start it unless it is running (does not wait)
  local node
  node="$(chaincode_node "$1")"
  if ! node_pid "$node" > /dev/null; then
    check_ports_free "$node"
    start_node "$node" "$JAVA_BIN" "${CHAINCODE_JAVA_OPTS[@]}" -jar "$CHAINCODE_JAR_COPY"
  else
    log "$node already running (pid $(node_pid "$node"))"
  fi
}

chaincode_listening() { ! port_free "$(chaincode_port "$1")"; }

wait_chaincode_server() {   # ORG: until its server listens
  wait_until "$(chaincode_node "$1") listening on 127.0.0.1:$(chaincode_port "$1")" "$(chaincode_node "$1")" \
    chaincode_listening "$1"
}

# True when the chaincode answers an evaluate on ORG's peer: a query for a batch that cannot exist
# (a Merkle root of 64 zeros) returns the rule's NOT_FOUND from the contract, so the peer reached
# its chaincode server and the server ran the contract.
chaincode_answers() {   # ORG
  local out
  out="$(peer_cli "$1" chaincode query -C "$CHANNEL" -n "$CHAINCODE_NAME" \
    -c "{\"function\":\"ReadBatch\",\"Args\":[\"$(printf '0%.0s' {1..64})\"]}" 2>&1)" && return 0
  grep -q NOT_FOUND <<< "$out"
}
