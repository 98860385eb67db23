#!/usr/bin/env bash
# The portal's browser tests: starts the packaged service on a free loopback port (data in a
# temporary folder), runs portal.test.mjs, batch.test.mjs and roles.test.mjs (sign-in and each role's
# pages) in headless Chromium, and stops the service, also when a test fails. Needs Debian's
# chromium (./notary test installs it) and node/npm; installs playwright-core from
# package-lock.json with `npm ci` when it is missing.
# Usage: portal-test/run.sh path/to/quarkus-run.jar
# PORTAL_SCREENSHOTS=DIR keeps the screenshots there (default portal-test/screenshots; the ones in
# docs/portal were made with PORTAL_SCREENSHOTS=docs/portal).
set -euo pipefail

JAR="${1:?usage: portal-test/run.sh path/to/quarkus-run.jar}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[ -f "$JAR" ] || { echo "PORTAL TEST FAILED: $JAR is missing; build the service first" >&2; exit 1; }
JAR="$(cd "$(dirname "$JAR")" && pwd)/$(basename "$JAR")"
SHOTS="${PORTAL_SCREENSHOTS:-$HERE/screenshots}"
mkdir -p "$SHOTS"
SHOTS="$(cd "$SHOTS" && pwd)"

fail() {
  echo "PORTAL TEST FAILED: $*" >&2
  [ -f "${WORK:-}/service.log" ] && { echo "--- service log (last 40 lines) ---" >&2; tail -n 40 "$WORK/service.log" >&2; }
  exit 1
}

CHROMIUM="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
[ -n "$CHROMIUM" ] && [ -x "$CHROMIUM" ] ||
  fail "no chromium${CHROMIUM:+ at $CHROMIUM} on this machine: install Debian's package (apt-get install chromium); ./notary test does it when it may"
command -v node >/dev/null && command -v npm >/dev/null || fail "node and npm are needed (apt-get install npm)"
if [ ! -f "$HERE/node_modules/playwright-core/package.json" ] ||
   [ "$HERE/package-lock.json" -nt "$HERE/node_modules/.package-lock.json" ]; then
  echo "portal-test: npm ci (playwright-core, from package-lock.json)"
  ( cd "$HERE" && npm ci --ignore-scripts --no-audit --no-fund --silent ) ||
    fail "npm ci could not install playwright-core (the npm registry must be reachable)"
fi

WORK="$(mktemp -d)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
BASE="http://127.0.0.1:$PORT"
PID=""
cleanup() {
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
    kill "$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "portal-test: starting the service on port $PORT"
NOTARY_DATA="$WORK/data" NOTARY_PORT="$PORT" NOTARY_PUBLIC_URL="$BASE" NOTARY_DICOM_PORT=0 NOTARY_DICOM_TLS_PORT=0 \
  java -Xmx256m -jar "$JAR" >"$WORK/service.log" 2>&1 &
PID=$!
ready=0
for _ in $(seq 1 120); do
  curl -sf "$BASE/q/health/ready" >/dev/null 2>&1 && { ready=1; break; }
  kill -0 "$PID" 2>/dev/null || fail "the service exited during start"
  sleep 0.5
done
[ "$ready" = 1 ] || fail "the service was not ready within 60 s"

# The test notarizes through the API, which needs an acquirer's sign-in; the pages need none.
TOKEN="$(NOTARY_DATA="$WORK/data" NOTARY_PORT="$PORT" "$HERE/../notary" token --role acquirer --name 'Portal test')" ||
  fail "./notary token gave no acquirer token"
BASE="$BASE" SHOTS="$SHOTS" CHROMIUM="$CHROMIUM" TOKEN="$TOKEN" node "$HERE/portal.test.mjs" || fail "see the messages above"

# The batch page signs in as an insurer, with a token pasted into the page.
INSURER_TOKEN="$(NOTARY_DATA="$WORK/data" NOTARY_PORT="$PORT" "$HERE/../notary" token --role insurer --name 'Claims desk, portal test')" ||
  fail "./notary token gave no insurer token"
BASE="$BASE" SHOTS="$SHOTS" CHROMIUM="$CHROMIUM" TOKEN="$TOKEN" INSURER_TOKEN="$INSURER_TOKEN" \
  node "$HERE/batch.test.mjs" || fail "see the messages above"

# Each role signs in through /sign-in with a token its administrator issued (./notary token, which uses
# the admin token in the service's data folder); roles.test.mjs also notarizes with the acquirer's.
VERIFIER_TOKEN="$(NOTARY_DATA="$WORK/data" NOTARY_PORT="$PORT" "$HERE/../notary" token --role verifier --name 'Court clerk, portal test')" ||
  fail "./notary token gave no verifier token"
AUDITOR_TOKEN="$(NOTARY_DATA="$WORK/data" NOTARY_PORT="$PORT" "$HERE/../notary" token --role auditor --name 'Audit office, portal test')" ||
  fail "./notary token gave no auditor token"
BASE="$BASE" SHOTS="$SHOTS" CHROMIUM="$CHROMIUM" TOKEN="$TOKEN" INSURER_TOKEN="$INSURER_TOKEN" \
  VERIFIER_TOKEN="$VERIFIER_TOKEN" AUDITOR_TOKEN="$AUDITOR_TOKEN" \
  node "$HERE/roles.test.mjs" || fail "see the messages above"
