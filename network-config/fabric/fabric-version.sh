# shellcheck shell=bash disable=SC2034 # the variables are used by the scripts that source this file
# Sourced by build-binaries.sh and network.sh: the one place that names the Fabric release
# and where its binaries live. Not meant to be executed.

# Fabric v3.1.5 is tag v3.1.5 = commit 86c1172bec37e6590c6b1ae6f847833df48d65fc.
# The module path has no /v3 suffix, so "@v3.1.5" is rejected by the go command and "@latest"
# silently installs Fabric 1.4.x. The commit is addressed as a pseudo-version instead; its
# base "v1.4.0-rc1" is an artefact of Go's rules (highest v0/v1 ancestor tag), the tree is v3.1.5.
FABRIC_VERSION=3.1.5
FABRIC_COMMIT=86c1172bec37e6590c6b1ae6f847833df48d65fc
FABRIC_MODULE=github.com/hyperledger/fabric
FABRIC_MODULE_VERSION="${FABRIC_MODULE_VERSION:-v1.4.0-rc1.0.20260618074816-86c1172bec37}"
# ccaas_builder/ is a module of its own inside the same repository, without tags.
CCAAS_MODULE=github.com/hyperledger/fabric/ccaas_builder
CCAAS_MODULE_VERSION="${CCAAS_MODULE_VERSION:-v0.0.0-20260618074816-86c1172bec37}"
# Oldest Go that Fabric v3.1.5's go.mod accepts.
FABRIC_MIN_GO=1.26.4

# Binaries are kept outside the clone, keyed by version, so that a fresh clone (as CI makes)
# reuses them. Layout: bin/ (peer, orderer, tools), builder/bin/ (ccaas detect/build/release),
# config/ (core.yaml, orderer.yaml, configtx.yaml from Fabric's sampleconfig).
FABRIC_HOME="${FABRIC_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/evidence-notary/fabric-v${FABRIC_VERSION}}"

FABRIC_TOOLS=(peer orderer configtxgen cryptogen osnadmin configtxlator)
FABRIC_BUILDER_TOOLS=(detect build release)
