#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Builds the Hyperledger Fabric v3.1.5 binaries with `go install` into a cache directory outside
# the repository (default ~/.cache/evidence-notary/fabric-v3.1.5), and copies Fabric's
# sampleconfig (core.yaml, orderer.yaml, configtx.yaml) next to them. Does nothing when
# everything is already there.
#
# Usage: build-binaries.sh [--force]
# Environment: FABRIC_HOME (target directory), FABRIC_MODULE_VERSION / CCAAS_MODULE_VERSION
# (module versions to ask the Go module proxy for), GOTOOLCHAIN (default: local).
#
# Exit codes: 0 built or already present; 1 usage or environment error; 3 the Go module proxy
# refuses the Fabric module (nothing can be built on this machine; see README.md).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$SCRIPT_DIR/fabric-version.sh"

FORCE=0
case "${1:-}" in
  "") ;;
  --force) FORCE=1 ;;
  -h|--help) sed -n '3,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "build-binaries.sh: unknown argument '$1' (expected --force or nothing)" >&2; exit 1 ;;
esac

log() { printf '[build-binaries] %s\n' "$*" >&2; }
die() { printf '[build-binaries] ERROR: %s\n' "$1" >&2; exit "${2:-1}"; }

BIN_DIR="$FABRIC_HOME/bin"
BUILDER_BIN_DIR="$FABRIC_HOME/builder/bin"
CONFIG_DIR="$FABRIC_HOME/config"

all_present() {
  local t
  for t in "${FABRIC_TOOLS[@]}"; do [[ -x "$BIN_DIR/$t" ]] || return 1; done
  # builder/bin is this script's layout; builders/ccaas/bin is the one of Fabric's release tarball.
  for t in "${FABRIC_BUILDER_TOOLS[@]}"; do
    [[ -x "$BUILDER_BIN_DIR/$t" || -x "$FABRIC_HOME/builders/ccaas/bin/$t" ]] || return 1
  done
  for t in core.yaml orderer.yaml configtx.yaml; do [[ -f "$CONFIG_DIR/$t" ]] || return 1; done
  return 0
}

if [[ $FORCE -eq 0 ]] && all_present; then
  log "Fabric v$FABRIC_VERSION already built in $FABRIC_HOME (use --force to rebuild)"
  exit 0
fi

command -v go >/dev/null 2>&1 || die "the go command is not on PATH; Fabric v$FABRIC_VERSION needs Go >= $FABRIC_MIN_GO"
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
export CGO_ENABLED=0
GO_VERSION="$(go env GOVERSION)"          # e.g. go1.26.8
if ! printf '%s\n%s\n' "go$FABRIC_MIN_GO" "$GO_VERSION" | sort -V -C; then
  die "Fabric v$FABRIC_VERSION needs Go >= $FABRIC_MIN_GO, found $GO_VERSION (GOTOOLCHAIN=$GOTOOLCHAIN)"
fi

# Resolve both modules first: this fails in a second when the proxy refuses them, instead of
# half-way through a long build, and gives the module directory that holds sampleconfig/.
WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/fabric-build.XXXXXX")"
trap 'rm -rf "$WORK_DIR"' EXIT

# resolve MODULE VERSION... : tries each version in turn; sets RESOLVED_VERSION and RESOLVED_DIR
# (the unpacked module directory) or exits (3 when the proxy refuses every version).
resolve() {
  local module="$1" version json err dir refused=0 tried=()
  shift
  for version in "$@"; do
    tried+=("$version")
    json="$(cd "$WORK_DIR" || exit 1; GOFLAGS=-mod=mod go mod download -json "$module@$version" 2>/dev/null || true)"
    err="$(printf '%s' "$json" | sed -n 's/^[[:space:]]*"Error": "\(.*\)",\{0,1\}$/\1/p')"
    dir="$(printf '%s' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
    if [[ -z "$err" && -n "$dir" ]]; then
      RESOLVED_VERSION="$version" RESOLVED_DIR="$dir"
      return 0
    fi
    log "go mod download $module@$version failed: ${err:-no output}"
    [[ "$err" == *"403"* || "$err" == *"not available"* ]] && refused=1
  done
  if [[ $refused -eq 1 ]]; then
    die "the Go module proxy ($(go env GOPROXY)) refuses $module at ${tried[*]}.
  Fabric v$FABRIC_VERSION cannot be built with 'go install' on this machine.
  Either use a machine whose proxy serves it, or put a Fabric v$FABRIC_VERSION release
  (bin/{${FABRIC_TOOLS[*]}}, builders/ccaas/bin/{${FABRIC_BUILDER_TOOLS[*]}},
  config/{core,orderer,configtx}.yaml) into FABRIC_HOME=$FABRIC_HOME; network.sh accepts that layout too." 3
  fi
  die "cannot resolve $module at ${tried[*]} (see the messages above)"
}

START_S=$(date +%s)
# The explicit pseudo-version first (a proxy may serve a cached version while refusing to look up
# a revision), then the commit itself.
log "resolving $FABRIC_MODULE (v$FABRIC_VERSION, commit $FABRIC_COMMIT)"
resolve "$FABRIC_MODULE" "$FABRIC_MODULE_VERSION" "$FABRIC_COMMIT"
FABRIC_MODULE_VERSION="$RESOLVED_VERSION" FABRIC_SRC="$RESOLVED_DIR"
log "resolving $CCAAS_MODULE"
resolve "$CCAAS_MODULE" "$CCAAS_MODULE_VERSION" "$FABRIC_COMMIT"
CCAAS_MODULE_VERSION="$RESOLVED_VERSION"

# Build into a staging directory and move into place at the end, so an interrupted build never
# leaves a cache that all_present() would accept.
STAGE="$FABRIC_HOME.partial"
rm -rf "$STAGE"
mkdir -p "$STAGE/bin" "$STAGE/builder/bin" "$STAGE/config"

METADATA=github.com/hyperledger/fabric/common/metadata
LDFLAGS="-X $METADATA.Version=$FABRIC_VERSION -X $METADATA.CommitSHA=${FABRIC_COMMIT:0:7}"
PKGS=()
for t in "${FABRIC_TOOLS[@]}"; do PKGS+=("$FABRIC_MODULE/cmd/$t@$FABRIC_MODULE_VERSION"); done
log "go install ${FABRIC_TOOLS[*]} (cold: downloads ~150 modules and compiles; long on 2 cores)"
GOBIN="$STAGE/bin" nice -n 10 go install -trimpath -ldflags "$LDFLAGS" "${PKGS[@]}" \
  || die "go install of the Fabric commands failed (see the go output above)"

PKGS=()
for t in "${FABRIC_BUILDER_TOOLS[@]}"; do PKGS+=("$CCAAS_MODULE/cmd/$t@$CCAAS_MODULE_VERSION"); done
log "go install ccaas builder ${FABRIC_BUILDER_TOOLS[*]}"
GOBIN="$STAGE/builder/bin" nice -n 10 go install -trimpath "${PKGS[@]}" \
  || die "go install of the ccaas builder failed (see the go output above)"

# sampleconfig is read-only in the module cache; copy the files the nodes and tools read.
for f in core.yaml orderer.yaml configtx.yaml; do
  [[ -f "$FABRIC_SRC/sampleconfig/$f" ]] || die "sampleconfig/$f missing in $FABRIC_SRC"
  cp "$FABRIC_SRC/sampleconfig/$f" "$STAGE/config/$f"
done
chmod -R u+w "$STAGE/config"

"$STAGE/bin/peer" version | grep -q "Version: v\{0,1\}$FABRIC_VERSION" \
  || die "built peer does not report version $FABRIC_VERSION: $("$STAGE/bin/peer" version 2>&1 | head -3)"

ELAPSED=$(( $(date +%s) - START_S ))
cat > "$STAGE/BUILD-INFO" <<EOF
fabric_version=$FABRIC_VERSION
fabric_commit=$FABRIC_COMMIT
fabric_module=$FABRIC_MODULE@$FABRIC_MODULE_VERSION
ccaas_module=$CCAAS_MODULE@$CCAAS_MODULE_VERSION
go=$GO_VERSION
built_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)
build_seconds=$ELAPSED
EOF

# Replace only what this script owns, so a FABRIC_HOME that holds other files stays intact.
mkdir -p "$FABRIC_HOME"
for d in bin builder config BUILD-INFO; do
  rm -rf "${FABRIC_HOME:?}/$d"
  mv "$STAGE/$d" "$FABRIC_HOME/$d"
done
rmdir "$STAGE"
log "Fabric v$FABRIC_VERSION built into $FABRIC_HOME in ${ELAPSED}s"
