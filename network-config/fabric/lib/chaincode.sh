# shellcheck shell=bash
# Part of network.sh (sourced by it, never run alone): packaging and deploying a chaincode as a service (deploy-ccaas).
# It uses the constants and path helpers that network.sh defines before sourcing it.

# ---- chaincode as a service ----------------------------------------------------------------------
deterministic_tgz() {   # OUTPUT DIR FILES...: gzip'd tar with fixed names, times, owners, modes
  local out="$1" dir="$2"
  shift 2
  (cd "$dir" && chmod 0644 "$@" && tar --format=ustar --sort=name --mtime=@0 --owner=0 --group=0 \
    --numeric-owner -cf - "$@") | gzip -9 -n > "$out"
}

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

cmd_deploy_ccaas() {
  local name="$1" version="$2" address="$3"
  [[ "$name" =~ ^[A-Za-z0-9][A-Za-z0-9_.+-]*$ ]] || die "chaincode NAME '$name' must match [A-Za-z0-9][A-Za-z0-9_.+-]*"
  [[ "$version" =~ ^[A-Za-z0-9][A-Za-z0-9_.+-]*$ ]] || die "VERSION '$version' must match [A-Za-z0-9][A-Za-z0-9_.+-]*"
  [[ "$address" =~ ^[A-Za-z0-9.-]+:[0-9]{1,5}$ ]] || die "ADDRESS '$address' must be host:port, e.g. 127.0.0.1:9999"
  resolve_fabric
  [[ -f "$STATE_FILE" ]] || die "no network in $RUN_DIR; run '$0 up $RUN_DIR' first"
  # shellcheck disable=SC2034 # read by orderer_count (network.sh)
  ORDERER_TYPE="$(sed -n 's/^orderer_type=//p' "$STATE_FILE")"
  local o
  for o in "${ORGS[@]}"; do
    node_pid "$(peer_name "$o")" > /dev/null || die "$(peer_name "$o") is not running; run '$0 up $RUN_DIR'"
  done

  # 1. Package: metadata.json + code.tar.gz(connection.json), byte-for-byte reproducible so that
  #    the package id (label:sha256 of the file) is the same every time for the same inputs.
  local label="${name}_${version}" dir="$RUN_DIR/chaincode/$name/$version"
  mkdir -p "$dir/src"
  jq -n --arg a "$address" '{address: $a, dial_timeout: "10s", tls_required: false}' > "$dir/src/connection.json"
  deterministic_tgz "$dir/src/code.tar.gz" "$dir/src" connection.json
  jq -n --arg l "$label" '{type: "ccaas", label: $l}' > "$dir/src/metadata.json"
  deterministic_tgz "$dir/$label.tgz" "$dir/src" metadata.json code.tar.gz
  local pkg="$dir/$label.tgz" pkg_id cli_id
  pkg_id="$label:$(sha256sum "$pkg" | cut -d' ' -f1)"
  cli_id="$("$FABRIC_BIN/peer" lifecycle chaincode calculatepackageid "$pkg" 2>&1)" \
    || die "peer lifecycle chaincode calculatepackageid failed: $cli_id"
  [[ "$cli_id" == "$pkg_id" ]] || die "package id mismatch: sha256 gives $pkg_id, peer gives $cli_id"
  log "package $pkg, id $pkg_id"

  # 2. Install on every peer (skipped where already installed).
  local out
  for o in "${ORGS[@]}"; do
    if peer_cli "$o" lifecycle chaincode queryinstalled -O json 2>/dev/null \
        | jq -e --arg id "$pkg_id" '[.installed_chaincodes[]?.package_id] | index($id) != null' > /dev/null; then
      log "already installed on $(peer_name "$o")"
    else
      log "installing on $(peer_name "$o")"
      out="$(peer_cli "$o" lifecycle chaincode install "$pkg" 2>&1)" || die "install on $(peer_name "$o") failed: $out"
    fi
  done

  # 3. Sequence: 1 for a new chaincode; unchanged if this version is already committed with this
  #    package (nothing to do); committed + 1 for a new version.
  local def seq=1 committed_version
  if def="$(committed_definition hospital "$name")"; then
    committed_version="$(jq -r '.version' <<< "$def")"
    seq="$(jq -r '.sequence' <<< "$def")"
    if [[ "$committed_version" == "$version" ]]; then
      local approved
      approved="$(peer_cli hospital lifecycle chaincode queryapproved -C "$CHANNEL" -n "$name" --sequence "$seq" -O json 2>/dev/null \
        | jq -r '[.. | .package_id? // empty] | first // empty')"
      if [[ "$approved" == "$pkg_id" ]]; then
        log "$name version $version (sequence $seq) is already committed with this package"
        write_chaincode_files "$name" "$version" "$seq" "$pkg_id" "$address"
        return 0
      fi
      die "$name version $version is committed with package '$approved', not $pkg_id; deploy a new VERSION"
    fi
    seq=$((seq + 1))
  fi
  log "deploying $name version $version as sequence $seq with endorsement policy $ENDORSEMENT_POLICY"

  local orderer=(-o "127.0.0.1:$(orderer_port 1)" --tls --cafile "$ORDERER_TLS_CA")
  local definition=(--channelID "$CHANNEL" --name "$name" --version "$version" --sequence "$seq"
    --signature-policy "$ENDORSEMENT_POLICY")

  # 4. Approve for each organisation that has not yet approved this exact definition.
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
      --package-id "$pkg_id" 2>&1)" || die "approveformyorg for ${ORG_MSP[$o]} failed: $out"
  done
  # shellcheck disable=SC2317 # called through wait_until
  ready_all() {
    peer_cli hospital lifecycle chaincode checkcommitreadiness "${definition[@]}" -O json 2>/dev/null \
      | jq -e '[.approvals[]] | all' > /dev/null
  }
  wait_until "approvals of all organisations for $name sequence $seq" "" ready_all

  # 5. Commit, endorsed by all three peers (LifecycleEndorsement is MAJORITY Endorsement).
  local peers=()
  for o in "${ORGS[@]}"; do peers+=(--peerAddresses "$(peer_address "$o")" --tlsRootCertFiles "$(peer_tls_ca "$o")"); done
  log "committing $name sequence $seq"
  out="$(peer_cli hospital lifecycle chaincode commit "${orderer[@]}" "${definition[@]}" "${peers[@]}" 2>&1)" \
    || die "commit of $name failed: $out"
  for o in "${ORGS[@]}"; do
    wait_until "commit of $name sequence $seq on $(peer_name "$o")" "$(peer_name "$o")" committed_sequence_is "$o" "$name" "$seq"
  done
  write_chaincode_files "$name" "$version" "$seq" "$pkg_id" "$address"
  log "deployed: start the chaincode server with CORE_CHAINCODE_ID_NAME=$pkg_id CHAINCODE_SERVER_ADDRESS=$address"
}

write_chaincode_files() {   # NAME VERSION SEQUENCE PACKAGE-ID ADDRESS
  jq -n --arg n "$1" --arg v "$2" --argjson s "$3" --arg id "$4" --arg a "$5" --arg p "$ENDORSEMENT_POLICY" \
    --arg c "$CHANNEL" '{channel: $c, name: $n, version: $v, sequence: $s, packageId: $id, address: $a, endorsementPolicy: $p}' \
    > "$RUN_DIR/chaincode/$1.json"
  write_env_file "$RUN_DIR/chaincode/$1.env" "CORE_CHAINCODE_ID_NAME=$4" "CHAINCODE_SERVER_ADDRESS=$5"
  echo "$4"
}
