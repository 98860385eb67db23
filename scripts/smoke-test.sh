#!/usr/bin/env bash
# End-to-end check of the packaged service, driven with curl the way the README walks a user
# through it: sign in with ./notary token, notarize (401 without a token, 403 for a verifier), read
# the record and proof, verify the same bytes (AUTHENTIC, anonymously), a copy with one changed
# byte (UNKNOWN alone, MODIFIED against the proof); enrol a technologist with the admin token (401
# without it) and check her signature with openssl (made with her own token; another caller naming
# her is refused); restart and find everything again; then tamper with the block log and check that
# the service refuses to start.
# Usage: smoke-test.sh path/to/quarkus-run.jar
set -euo pipefail

JAR="${1:?usage: smoke-test.sh path/to/quarkus-run.jar}"
WORK="$(mktemp -d)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
BASE="http://127.0.0.1:$PORT"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PID=""

cleanup() {
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
    kill "$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

fail() {
  echo "SMOKE TEST FAILED: $*" >&2
  [ -f "$WORK/service.log" ] && { echo "--- service log (last 40 lines) ---" >&2; tail -n 40 "$WORK/service.log" >&2; }
  exit 1
}
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval('d'+sys.argv[1]))" "$1"; }

start() {
  NOTARY_DATA="$WORK/data" NOTARY_PORT="$PORT" java -Xmx256m -jar "$JAR" >>"$WORK/service.log" 2>&1 &
  PID=$!
}
await_ready() {
  for _ in $(seq 1 120); do
    curl -sf "$BASE/q/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "$PID" 2>/dev/null || fail "the service exited during start"
    sleep 0.5
  done
  fail "the service was not ready within 60 s"
}
stop() {
  kill "$PID"
  wait "$PID" 2>/dev/null || true
  PID=""
}

token() { NOTARY_DATA="$WORK/data" NOTARY_PORT="$PORT" "$ROOT/notary" token "$@"; }

echo "smoke: starting the service on port $PORT"
start
await_ready

echo "smoke: signing in with ./notary token"
ACQ="$(token --role acquirer --name 'Smoke RT')" || fail "./notary token refused an acquirer token"
VER="$(token --role verifier --name 'Smoke Clerk')" || fail "./notary token refused a verifier token"
AUTH=(-H "Authorization: Bearer $ACQ")
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST --data-binary 'x' "$BASE/api/v1/evidence")
[ "$code" = 401 ] || fail "notarize without a token answered $code, expected 401"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $VER" -X POST --data-binary 'x' "$BASE/api/v1/evidence")
[ "$code" = 403 ] || fail "notarize as a verifier answered $code, expected 403"
[ "$(curl -s -H "Authorization: Bearer $VER" "$BASE/api/v1/auth/me" | json '["roles"]')" = "['verifier']" ] \
  || fail "/api/v1/auth/me does not name the verifier role"

head -c 1048576 /dev/urandom >"$WORK/xray.bin"
code=$(curl -s -o "$WORK/created.json" -w '%{http_code}' "${AUTH[@]}" -X POST --data-binary @"$WORK/xray.bin" \
  -H 'Content-Type: application/octet-stream' "$BASE/api/v1/evidence")
[ "$code" = 201 ] || fail "notarize answered $code: $(cat "$WORK/created.json")"
ID=$(json '["id"]' <"$WORK/created.json")
SHA=$(json '["sha256"]' <"$WORK/created.json")
[ "$SHA" = "$(sha256sum "$WORK/xray.bin" | cut -d' ' -f1)" ] || fail "the service's SHA-256 differs from sha256sum's"
echo "smoke: notarized $ID ($SHA)"

[ "$(curl -s "${AUTH[@]}" "$BASE/api/v1/evidence/$ID" | json '["status"]')" = ANCHORED ] || fail "record is not ANCHORED"
code=$(curl -s -o "$WORK/proof.json" -w '%{http_code}' "${AUTH[@]}" "$BASE/api/v1/evidence/$ID/proof")
[ "$code" = 200 ] || fail "proof answered $code"
code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/v1/evidence/$ID/original")
[ "$code" = 401 ] || fail "the original without a token answered $code, expected 401"
curl -s -H "Authorization: Bearer $VER" "$BASE/api/v1/evidence/$ID/original" -o "$WORK/original.bin"
cmp -s "$WORK/original.bin" "$WORK/xray.bin" || fail "the original read back differs"

verdict=$(curl -s -X POST --data-binary @"$WORK/xray.bin" "$BASE/api/v1/verify" | json '["verdict"]')
[ "$verdict" = AUTHENTIC ] || fail "same bytes verified as $verdict"
cp "$WORK/xray.bin" "$WORK/exhibit.bin"
printf '\x5a' | dd of="$WORK/exhibit.bin" bs=1 seek=4242 conv=notrunc status=none
verdict=$(curl -s -X POST --data-binary @"$WORK/exhibit.bin" "$BASE/api/v1/verify" | json '["verdict"]')
[ "$verdict" = UNKNOWN ] || fail "changed copy verified as $verdict, expected UNKNOWN"
verdict=$(curl -s -F file=@"$WORK/exhibit.bin" -F proof=@"$WORK/proof.json" "$BASE/api/v1/verify" | json '["verdict"]')
[ "$verdict" = MODIFIED ] || fail "changed copy with its proof verified as $verdict, expected MODIFIED"
echo "smoke: AUTHENTIC for the original, UNKNOWN and MODIFIED for a one-byte change"

echo "smoke: the offline verifier on the downloaded certificate PDF, with no service involved"
VERIFIER="$(dirname "$JAR")/../../../verifier/target/verifier-0.1.0-SNAPSHOT-cli.jar"
mkdir -p "$WORK/trust"
curl -s "$BASE/api/v1/trust/roots.pem" -o "$WORK/trust/notary-root.pem"
code=$(curl -s -o "$WORK/certificate.pdf" -w '%{http_code}' -H "Authorization: Bearer $VER" \
  "$BASE/api/v1/evidence/$ID/certificate.pdf")
[ "$code" = 200 ] || fail "certificate answered $code"
java -jar "$VERIFIER" "$WORK/xray.bin" "$WORK/certificate.pdf" --trust "$WORK/trust" >"$WORK/offline.txt" \
  || fail "offline verifier did not say AUTHENTIC: $(cat "$WORK/offline.txt")"
tail -n 1 "$WORK/offline.txt"
set +e
java -jar "$VERIFIER" "$WORK/exhibit.bin" "$WORK/certificate.pdf" --trust "$WORK/trust" >"$WORK/offline.txt"
status=$?
set -e
[ "$status" = 1 ] || fail "offline verifier exit $status for a changed exhibit, expected 1 (MODIFIED)"

echo "smoke: the packaged offline verifier on a proof our own Fabric network wrote (verifier test data)"
FABRIC_SAMPLE="$WORK/fabric-block"
cp -r "$(cd "$(dirname "$0")/.." && pwd)/verifier/src/test/resources/fabric-block" "$FABRIC_SAMPLE"
java -jar "$VERIFIER" "$FABRIC_SAMPLE/exhibit.txt" "$FABRIC_SAMPLE/proof.json" --trust "$FABRIC_SAMPLE/trust" \
  >"$WORK/offline-fabric.txt" || fail "offline verifier on the Fabric proof: $(cat "$WORK/offline-fabric.txt")"
grep -q '^\[PASS\] Fabric organisations' "$WORK/offline-fabric.txt" \
  || fail "no passed Fabric organisations check: $(cat "$WORK/offline-fabric.txt")"
rm -r "$FABRIC_SAMPLE/trust/fabric"
set +e
java -jar "$VERIFIER" "$FABRIC_SAMPLE/exhibit.txt" "$FABRIC_SAMPLE/proof.json" --trust "$FABRIC_SAMPLE/trust" \
  >"$WORK/offline-fabric.txt"
status=$?
set -e
[ "$status" = 3 ] || fail "offline verifier exit $status without the Fabric trust, expected 3 (UNTRUSTED)"

echo "smoke: admin calls need the token the service wrote to its data folder"
TOKEN_FILE="$WORK/data/admin-token"
[ "$(stat -c %a "$TOKEN_FILE")" = 600 ] || fail "admin-token has mode $(stat -c %a "$TOKEN_FILE"), expected 600"
! grep -qF "$(cat "$TOKEN_FILE")" "$WORK/service.log" || fail "the admin token appears in the service log"
grep -qF "$TOKEN_FILE" "$WORK/service.log" || fail "the start log does not name the admin token file"
ENROL='{"kind":"TECHNOLOGIST","name":"RT Smoke Test"}'
code=$(curl -s -o "$WORK/problem.json" -w '%{http_code}' -H 'Content-Type: application/json' -d "$ENROL" \
  "$BASE/api/v1/identities")
[ "$code" = 401 ] || fail "enrolment without the token answered $code, expected 401"
code=$(curl -s -o "$WORK/identity.json" -w '%{http_code}' -H "Authorization: Bearer $(cat "$TOKEN_FILE")" \
  -H 'Content-Type: application/json' -d "$ENROL" "$BASE/api/v1/identities")
[ "$code" = 201 ] || fail "enrolment with the token answered $code: $(cat "$WORK/identity.json")"
TECH=$(json '["id"]' <"$WORK/identity.json")
head -c 65536 /dev/urandom >"$WORK/signed.bin"
code=$(curl -s -o "$WORK/problem.json" -w '%{http_code}' "${AUTH[@]}" -X POST --data-binary @"$WORK/signed.bin" \
  -H 'Content-Type: application/octet-stream' "$BASE/api/v1/evidence?signer=$TECH")
[ "$code" = 403 ] || fail "another caller naming the technologist as signer answered $code, expected 403"
TECH_TOKEN="$(token --role acquirer --name 'RT Smoke Test' --identity "$TECH")" || fail "no token for the technologist"
code=$(curl -s -o "$WORK/signed.json" -w '%{http_code}' -H "Authorization: Bearer $TECH_TOKEN" -X POST \
  --data-binary @"$WORK/signed.bin" -H 'Content-Type: application/octet-stream' "$BASE/api/v1/evidence?signer=$TECH")
[ "$code" = 201 ] || fail "signed notarization answered $code: $(cat "$WORK/signed.json")"
curl -s "${AUTH[@]}" "$BASE/api/v1/evidence/$(json '["id"]' <"$WORK/signed.json")/signature.p7s" -o "$WORK/signed.p7s"
openssl cms -verify -binary -inform DER -in "$WORK/signed.p7s" -content "$WORK/signed.bin" \
  -CAfile "$WORK/trust/notary-root.pem" -out /dev/null 2>"$WORK/cms.txt" \
  || fail "openssl cms -verify refused the technologist's signature: $(cat "$WORK/cms.txt")"
echo "smoke: 401 without the token, enrolled with it; 403 for another caller naming her; openssl verified her signature"

code=$(curl -s -o "$WORK/problem.json" -w '%{http_code}' "${AUTH[@]}" -X POST "$BASE/api/v1/evidence" -H 'Content-Type: application/dicom' --data-binary '')
[ "$code" = 400 ] || fail "empty body answered $code"

echo "smoke: restarting"
stop
start
await_ready
[ "$(curl -s "${AUTH[@]}" "$BASE/api/v1/evidence/$ID" | json '["status"]')" = ANCHORED ] || fail "record lost across restart (or the token no longer holds)"
verdict=$(curl -s -X POST --data-binary @"$WORK/xray.bin" "$BASE/api/v1/verify" | json '["verdict"]')
[ "$verdict" = AUTHENTIC ] || fail "after restart the original verified as $verdict"
stop

echo "smoke: tampering with block 1 of the ledger and starting again"
python3 - "$WORK/data/ledger/blocks.jsonl" <<'PY'
import sys
path = sys.argv[1]
lines = open(path, "rb").read().split(b"\n")
block = lines[1]
i = block.index(b'"value":"') + len(b'"value":"') + 10
block = block[:i] + (b"A" if block[i:i+1] != b"A" else b"B") + block[i+1:]
lines[1] = block
open(path, "wb").write(b"\n".join(lines))
PY
start
for _ in $(seq 1 120); do
  kill -0 "$PID" 2>/dev/null || break
  sleep 0.5
done
if kill -0 "$PID" 2>/dev/null; then
  fail "the service kept running on a tampered block log"
fi
set +e; wait "$PID"; status=$?; set -e
PID=""
[ "$status" -ne 0 ] || fail "the service exited with status 0 on a tampered block log"
grep -q "LEDGER INTEGRITY FAILURE" "$WORK/service.log" || fail "no clear message about the tampered ledger in the log"
grep -m1 "LEDGER INTEGRITY FAILURE" "$WORK/service.log" | cut -c1-240
echo "smoke: tampered block log detected at start (exit status $status)"
echo "smoke: passed"
