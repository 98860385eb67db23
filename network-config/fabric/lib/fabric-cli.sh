# shellcheck shell=bash
# Part of network.sh (sourced by it, never run alone): the Fabric command-line tools, run as an organisation's admin.
# It uses the constants and path helpers that network.sh defines before sourcing it.

# ---- Fabric command line, as an organisation's admin ---------------------------------------------
peer_cli() {   # ORG ARGS... (runs the peer CLI as ORG's admin against ORG's peer)
  local org="$1"
  shift
  env FABRIC_CFG_PATH="$FABRIC_CONFIG" \
    CORE_PEER_TLS_ENABLED=true \
    CORE_PEER_LOCALMSPID="${ORG_MSP[$org]}" \
    CORE_PEER_MSPCONFIGPATH="$(org_dir "$org")/users/Admin@$org.$DOMAIN/msp" \
    CORE_PEER_ADDRESS="$(peer_address "$org")" \
    CORE_PEER_TLS_ROOTCERT_FILE="$(peer_tls_ca "$org")" \
    FABRIC_LOGGING_SPEC=warning \
    "$FABRIC_BIN/peer" "$@"
}

osnadmin_cli() {   # ORDERER-INDEX ARGS...
  local i="$1"
  shift
  "$FABRIC_BIN/osnadmin" "$@" -o "127.0.0.1:$(orderer_admin_port "$i")" \
    --ca-file "$ORDERER_TLS_CA" \
    --client-cert "$ORDERER_ADMIN_TLS/client.crt" --client-key "$ORDERER_ADMIN_TLS/client.key"
}

orderer_channel_info() {   # ORDERER-INDEX -> the channel's JSON info, fails when absent
  local out
  # `channel info` where this osnadmin has it, else the older `channel list --channelID`.
  out="$(osnadmin_cli "$1" channel info --channelID "$CHANNEL" 2>&1)" \
    || out="$(osnadmin_cli "$1" channel list --channelID "$CHANNEL" 2>&1)" || return 1
  grep -q '^Status: 200' <<< "$out" || return 1
  sed -n '/^{/,$p' <<< "$out"
}

orderer_channel_active() {
  local info
  info="$(orderer_channel_info "$1")" || return 1
  [[ "$(jq -r '.status' <<< "$info")" == active ]]
}

peer_height() {   # ORG -> height of the channel on ORG's peer, fails when the peer lacks it
  local out
  out="$(peer_cli "$1" channel getinfo -c "$CHANNEL" 2>&1)" || return 1
  sed -n 's/.*"height":\([0-9]*\).*/\1/p' <<< "$out" | grep .
}
