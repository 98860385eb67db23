# shellcheck shell=bash
# Part of network.sh (sourced by it, never run alone): what `up` writes for the network's users:
# connection.json and notary-fabric.env for the service, env/ for the peer CLI, and trust/fabric/
# for the offline verifier. It uses the constants and path helpers that network.sh defines.

first_file() { local f; for f in "$@"; do [[ -f "$f" ]] && { echo "$f"; return 0; }; done; return 1; }

write_client_files() {
  local o i peers='[]' orderers='[]' ids='{}' msp cert key
  for o in "${ORGS[@]}"; do
    peers="$(jq --arg org "$o" --arg msp "${ORG_MSP[$o]}" --arg ep "$(peer_address "$o")" \
      --arg host "$(peer_host "$o")" --arg ca "$(peer_tls_ca "$o")" \
      '. + [{organisation: $org, mspId: $msp, endpoint: $ep, hostnameOverride: $host, tlsCaCertPath: $ca}]' <<< "$peers")"
    msp="$(org_dir "$o")/users/User1@$o.$DOMAIN/msp"
    cert="$(first_file "$msp/signcerts/"*.pem)" || die "no client certificate in $msp/signcerts"
    key="$(first_file "$msp/keystore/priv_sk" "$msp/keystore/"*)" || die "no client key in $msp/keystore"
    ids="$(jq --arg org "$o" --arg msp "${ORG_MSP[$o]}" --arg cert "$cert" --arg key "$key" \
      '. + {($org): {mspId: $msp, certPath: $cert, keyPath: $key}}' <<< "$ids")"
  done
  for ((i = 1; i <= $(orderer_count); i++)); do
    orderers="$(jq --arg ep "127.0.0.1:$(orderer_port "$i")" --arg host "$(orderer_host "$i")" \
      --arg ca "$ORDERER_TLS_CA" --arg admin "127.0.0.1:$(orderer_admin_port "$i")" \
      '. + [{mspId: "OrdererMSP", endpoint: $ep, adminEndpoint: $admin, hostnameOverride: $host, tlsCaCertPath: $ca}]' <<< "$orderers")"
  done
  write_trust
  jq -n --arg channel "$CHANNEL" --arg cc "$CHAINCODE_NAME" --arg type "$ORDERER_TYPE" --arg policy "$ENDORSEMENT_POLICY" \
    --arg ccdir "$RUN_DIR/chaincode" --arg trust "$RUN_DIR/trust" --argjson peers "$peers" \
    --argjson orderers "$orderers" --argjson ids "$ids" '{
      channel: $channel,
      chaincode: $cc,
      ordererType: $type,
      endorsementPolicy: $policy,
      gatewayPeer: "hospital",
      peers: $peers,
      orderers: $orderers,
      clientIdentity: $ids.hospital,
      clientIdentities: $ids,
      trustDir: $trust,
      chaincodeDir: $ccdir
    }' > "$RUN_DIR/connection.json.tmp"
  mv "$RUN_DIR/connection.json.tmp" "$RUN_DIR/connection.json"

  # The service's settings for this network (`./notary run --fabric` reads them).
  {
    echo "# Written by network-config/fabric/network.sh up: the notary service's ledger is this Fabric network."
    printf 'NOTARY_LEDGER_KIND=fabric\n'
    printf 'NOTARY_LEDGER_FABRIC_CONNECTION_PROFILE=%q\n' "$RUN_DIR/connection.json"
  } > "$RUN_DIR/notary-fabric.env"

  # The same facts as shell variables, for scripts and tests that use the peer CLI.
  mkdir -p "$RUN_DIR/env"
  {
    printf 'export FABRIC_CHANNEL=%q FABRIC_CHAINCODE=%q\n' "$CHANNEL" "$CHAINCODE_NAME"
    printf 'export FABRIC_BIN=%q FABRIC_CFG_PATH=%q\n' "$FABRIC_BIN" "$FABRIC_CONFIG"
    printf 'export ORDERER_ADDRESS=%q ORDERER_TLS_CA=%q\n' "127.0.0.1:$(orderer_port 1)" "$ORDERER_TLS_CA"
    printf 'export HOSPITAL_CLIENT_MSPID=%q\n' "${ORG_MSP[hospital]}"
    printf 'export HOSPITAL_CLIENT_CERT=%q\n' "$(jq -r '.hospital.certPath' <<< "$ids")"
    printf 'export HOSPITAL_CLIENT_KEY=%q\n' "$(jq -r '.hospital.keyPath' <<< "$ids")"
    for o in "${ORGS[@]}"; do
      local up="${o^^}"
      printf 'export %s_PEER_ADDRESS=%q %s_PEER_TLS_CA=%q %s_PEER_HOST=%q %s_CHAINCODE_SERVER=%q\n' \
        "$up" "$(peer_address "$o")" "$up" "$(peer_tls_ca "$o")" "$up" "$(peer_host "$o")" \
        "$up" "127.0.0.1:$(chaincode_port "$o")"
    done
  } > "$RUN_DIR/env/network.env"
  for o in "${ORGS[@]}"; do
    write_env_file "$RUN_DIR/env/$o-admin.env" \
      "FABRIC_CFG_PATH=$FABRIC_CONFIG" \
      "FABRIC_LOGGING_SPEC=grpc=warning:info" \
      "CORE_PEER_TLS_ENABLED=true" \
      "CORE_PEER_LOCALMSPID=${ORG_MSP[$o]}" \
      "CORE_PEER_MSPCONFIGPATH=$(org_dir "$o")/users/Admin@$o.$DOMAIN/msp" \
      "CORE_PEER_ADDRESS=$(peer_address "$o")" \
      "CORE_PEER_TLS_ROOTCERT_FILE=$(peer_tls_ca "$o")" \
      "ORDERER_ADDRESS=127.0.0.1:$(orderer_port 1)" \
      "ORDERER_TLS_CA=$ORDERER_TLS_CA"
    # shellcheck disable=SC2016 # $PATH is expanded when the file is sourced
    printf 'export PATH=%q:"$PATH"\n' "$FABRIC_BIN" >> "$RUN_DIR/env/$o-admin.env"
  done
}

# The block signature policy a verifier applies (in the syntax of the peer CLI, which the
# verifier's SignaturePolicy reads). BFT: the consenters' quorum, as SmartBFT counts it
# (n = 3f + 1 nodes, quorum ceil((n + f + 1) / 2): 3 of 4). Raft: one orderer signature, because
# a Raft block carries only its leader's signature and Fabric's own BlockValidation policy
# (ANY Writers of the ordering organisation) asks for no more.
block_signature_policy() {
  local n f q i principals
  if [[ "$ORDERER_TYPE" == bft ]]; then
    n="$(orderer_count)"
    f=$(((n - 1) / 3))
    q=$(((n + f + 2) / 2))
  else
    n=1 q=1
  fi
  principals="'$ORDERER_MSP.orderer'"
  for ((i = 1; i < n; i++)); do principals+=", '$ORDERER_MSP.orderer'"; done
  echo "OutOf($q, $principals)"
}

# trust/fabric/: the network's published facts for the offline verifier (docs/verifier.md, "The
# Fabric trust"; read by the verifier's FabricTrust): network.json, each organisation's signing CA
# under msp/MSPID/ca.pem, and (BFT) each consenter's enrollment certificate under consenters/,
# numbered as in configtx.yaml's ConsenterMapping.
write_trust() {
  local dir="$RUN_DIR/trust/fabric" tmp o i consenters='[]'
  tmp="$RUN_DIR/trust/.fabric.tmp"
  rm -rf "$tmp"
  mkdir -p "$tmp/msp"
  for o in "${ORGS[@]}"; do
    mkdir -p "$tmp/msp/${ORG_MSP[$o]}"
    cat "$(org_dir "$o")/msp/cacerts/"*.pem > "$tmp/msp/${ORG_MSP[$o]}/ca.pem"
  done
  mkdir -p "$tmp/msp/$ORDERER_MSP"
  cat "$ORDERER_ORG_DIR/msp/cacerts/"*.pem > "$tmp/msp/$ORDERER_MSP/ca.pem"
  if [[ "$ORDERER_TYPE" == bft ]]; then
    mkdir -p "$tmp/consenters"
    for ((i = 1; i <= $(orderer_count); i++)); do
      # The same file configtx.yaml names as the consenter's Identity.
      cp "$(orderer_dir "$i")/msp/signcerts/$(orderer_host "$i")-cert.pem" "$tmp/consenters/orderer$i.pem"
      consenters="$(jq --argjson id "$i" --arg msp "$ORDERER_MSP" --arg cert "consenters/orderer$i.pem" \
        '. + [{id: $id, mspId: $msp, certificate: $cert}]' <<< "$consenters")"
    done
  fi
  jq -n --arg channel "$CHANNEL" --arg cc "$CHAINCODE_NAME" --arg policy "$ENDORSEMENT_POLICY" \
    --arg anchoring "$ANCHORING_MSPS" --arg blocks "$(block_signature_policy)" --argjson consenters "$consenters" '{
      channel: $channel,
      chaincode: $cc,
      endorsementPolicy: $policy,
      anchoringOrganisations: ($anchoring | split(",")),
      blockSignaturePolicy: $blocks,
      consenters: $consenters
    }' > "$tmp/network.json"
  rm -rf "$dir"
  mv "$tmp" "$dir"
}
