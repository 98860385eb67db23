# shellcheck shell=bash disable=SC2034 # the variables are used by the scripts that source this file
# Sourced by network.sh and ./notary: the one place that names the Fabric release and where its
# binaries live. Not meant to be executed.

FABRIC_VERSION=3.1.5

# Fabric's own release binaries, unpacked outside the clone and keyed by version, so that a fresh
# clone (as CI makes) reuses them. Layout of the release tarball: bin/ (peer, orderer, tools),
# builders/ccaas/bin/ (detect, build, release), config/ (core.yaml, orderer.yaml, configtx.yaml).
FABRIC_HOME="${FABRIC_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/evidence-notary/fabric-v${FABRIC_VERSION}}"

FABRIC_TOOLS=(peer orderer configtxgen cryptogen osnadmin configtxlator)
FABRIC_BUILDER_TOOLS=(detect build release)
FABRIC_CONFIG_FILES=(core.yaml orderer.yaml)

# Hyperledger publishes one tarball per platform with every GitHub release.
FABRIC_RELEASE_BASE_URL="https://github.com/hyperledger/fabric/releases/download/v${FABRIC_VERSION}"

# The platform part of the release tarball's name (linux-amd64, linux-arm64, darwin-arm64...).
fabric_platform() {
  local os arch
  os="$(uname -s | tr '[:upper:]' '[:lower:]')"
  case "$(uname -m)" in
    x86_64|amd64) arch=amd64 ;;
    aarch64|arm64) arch=arm64 ;;
    *) arch="$(uname -m)" ;;
  esac
  echo "$os-$arch"
}

fabric_release_url() { echo "$FABRIC_RELEASE_BASE_URL/hyperledger-fabric-$(fabric_platform)-${FABRIC_VERSION}.tar.gz"; }

# How to get the binaries, for every message that finds them missing: fabric_install_hint
# [installer|manual]; "manual" leaves out the advice to run the installer (for when it failed).
fabric_install_hint() {
  echo "Fabric v$FABRIC_VERSION's release binaries are needed in FABRIC_HOME=$FABRIC_HOME:"
  echo "  unpack $(fabric_release_url | sed 's|.*/||') from https://github.com/hyperledger/fabric/releases/tag/v$FABRIC_VERSION"
  echo "  into FABRIC_HOME, so that it holds bin/ (peer, orderer, configtxgen, configtxlator, cryptogen,"
  if [[ "${1:-}" == manual ]]; then
    echo "  osnadmin), builders/ccaas/bin/ (detect, build, release) and config/ (core.yaml, orderer.yaml)"
  else
    echo "  osnadmin), builders/ccaas/bin/ (detect, build, release) and config/ (core.yaml, orderer.yaml);"
    echo "  or, where github.com can be reached, run: ./notary network install"
  fi
}

# Prints what is wrong with FABRIC_HOME (nothing when it holds a complete Fabric v3.1.5) and
# fails when something is.
fabric_home_problem() {
  local t missing=() out
  if [[ ! -d "$FABRIC_HOME" ]]; then
    echo "FABRIC_HOME=$FABRIC_HOME does not exist"
    return 1
  fi
  for t in "${FABRIC_TOOLS[@]}"; do [[ -x "$FABRIC_HOME/bin/$t" ]] || missing+=("bin/$t"); done
  for t in "${FABRIC_BUILDER_TOOLS[@]}"; do [[ -x "$FABRIC_HOME/builders/ccaas/bin/$t" ]] || missing+=("builders/ccaas/bin/$t"); done
  for t in "${FABRIC_CONFIG_FILES[@]}"; do [[ -f "$FABRIC_HOME/config/$t" ]] || missing+=("config/$t"); done
  if [[ ${#missing[@]} -gt 0 ]]; then
    echo "FABRIC_HOME=$FABRIC_HOME lacks ${missing[*]}"
    return 1
  fi
  out="$("$FABRIC_HOME/bin/peer" version 2>&1)" || { echo "'$FABRIC_HOME/bin/peer version' failed: $out"; return 1; }
  if ! grep -qE "^[[:space:]]*Version: v?${FABRIC_VERSION//./\\.}\$" <<< "$out"; then
    echo "'$FABRIC_HOME/bin/peer version' does not say Version: $FABRIC_VERSION but: $(grep -m1 'Version:' <<< "$out" | sed 's/^[[:space:]]*//')"
    return 1
  fi
}
