#!/usr/bin/env bash
# Hashing throughput of the service, as ratios against this machine's own SHA-256 (sha256sum)
# over the same file, measured side by side in one run. Not a test: it reports, never asserts.
#   verify: the exhibit is streamed over loopback HTTP and hashed (no storage)
#   ingest: streamed, hashed, written, fsynced and anchored (includes disk speed)
#   C-STORE: instances per second into the notary's DICOM listener (notarized, stored, recorded)
#   against DCMTK's own storescp (writes files) with the same storescu and files, when DCMTK is here
#   Fabric: anchoring on the real network, started and stopped here (scripts/bench-fabric.sh:
#   notarizations per second and time to ANCHORED, per-item against batched; raw transactions per
#   second; the network's start time and memory); skipped with NOTARY_BENCH_FABRIC=0
# Usage: bench.sh path/to/quarkus-run.jar [size-in-MiB, default 512]
set -euo pipefail
JAR="${1:?usage: bench.sh path/to/quarkus-run.jar [MiB]}"
MIB="${2:-512}"
WORK="$(mktemp -d)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
BASE="http://127.0.0.1:$PORT"
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
best_of_3() { local best=""; for _ in 1 2 3; do t=$(seconds "$@"); if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi; done; echo "$best"; }

for tool in bc openssl sha256sum curl python3; do
  command -v "$tool" >/dev/null || { echo "bench needs $tool" >&2; exit 1; }
done
# The Fabric part runs last but needs Fabric's binaries: say so before anything runs.
if [ "${NOTARY_BENCH_FABRIC:-1}" != 0 ]; then
  # shellcheck source=network-config/fabric/fabric-version.sh
  if ! problem="$(. "$(dirname "$0")/../network-config/fabric/fabric-version.sh" && fabric_home_problem)"; then
    echo "$problem; the Fabric part of the bench needs them (NOTARY_BENCH_FABRIC=0 skips it)." >&2
    (. "$(dirname "$0")/../network-config/fabric/fabric-version.sh" && fabric_install_hint installer) >&2
    exit 1
  fi
fi
head -c $((MIB * 1048576)) /dev/urandom >"$WORK/file.bin"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
DICOM_PORT="$(free_port)"
# The listener accepts enrolled devices and configured AE titles only: the bench calls as BENCH.
NOTARY_DATA="$WORK/data" NOTARY_PORT="$PORT" NOTARY_DICOM_PORT="$DICOM_PORT" NOTARY_DICOM_TLS_PORT=0 NOTARY_DICOM_SCP_ALLOWED_CALLING_AE_TITLES=BENCH \
  java -jar "$JAR" >"$WORK/service.log" 2>&1 &
PID=$!
for _ in $(seq 1 120); do curl -sf "$BASE/q/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
# Notarizing needs an acquirer's sign-in; verifying needs none.
TOKEN="$(NOTARY_DATA="$WORK/data" NOTARY_PORT="$PORT" "$(dirname "$0")/../notary" token --role acquirer --name bench)"

# Warm the JIT with one small round.
head -c 8388608 "$WORK/file.bin" | curl -s -o /dev/null -X POST --data-binary @- "$BASE/api/v1/verify"

t_sum=$(best_of_3 sha256sum "$WORK/file.bin")
t_ossl=$(best_of_3 openssl dgst -sha256 "$WORK/file.bin")
t_verify=$(best_of_3 curl -s -o /dev/null -X POST -T "$WORK/file.bin" -H 'Content-Type: application/octet-stream' "$BASE/api/v1/verify")
t_ingest=$(seconds curl -s -o /dev/null -X POST -T "$WORK/file.bin" -H 'Content-Type: application/octet-stream' \
  -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/evidence")

rate() { echo "scale=1; $MIB / $1" | bc -l; }
ratio() { echo "scale=2; $t_sum / $1" | bc -l; }
printf 'file: %d MiB of random bytes, best of 3 (ingest: one run, as a second is a duplicate)\n' "$MIB"
printf '%-34s %8.2f s %8s MiB/s  ratio 1.00\n' "sha256sum (machine baseline)" "$t_sum" "$(rate "$t_sum")"
printf '%-34s %8.2f s %8s MiB/s  ratio %s\n' "openssl dgst -sha256" "$t_ossl" "$(rate "$t_ossl")" "$(ratio "$t_ossl")"
printf '%-34s %8.2f s %8s MiB/s  ratio %s\n' "service verify (HTTP + SHA-256)" "$t_verify" "$(rate "$t_verify")" "$(ratio "$t_verify")"
printf '%-34s %8.2f s %8s MiB/s  ratio %s\n' "service ingest (+ store, fsync)" "$t_ingest" "$(rate "$t_ingest")" "$(ratio "$t_ingest")"
echo "(ratio = sha256sum time / this row's time; above 1.00 is faster than sha256sum)"

fabric_part() {
  # The hashing service has done its part; the Fabric part needs the two cores for itself.
  kill "$PID" 2>/dev/null || true
  wait "$PID" 2>/dev/null || true
  PID=""
  if [ "${NOTARY_BENCH_FABRIC:-1}" = 0 ]; then
    echo "Fabric: skipped (NOTARY_BENCH_FABRIC=0)"
    return 0
  fi
  bash "$(dirname "$0")/bench-fabric.sh" "$JAR"
}

if ! command -v storescu >/dev/null || ! command -v storescp >/dev/null; then
  echo "C-STORE: skipped, DCMTK's storescu/storescp are not installed (apt-get install dcmtk)"
  fabric_part
  exit 0
fi
# Same sender, same files, one association each; TCP_NODELAY as a modality would set it.
cstore_row() {
  local label="$1" dir="$2" count="$3" scp_port t_notary t_dcmtk
  t_notary=$(seconds env TCP_NODELAY=1 storescu -aet BENCH -aec NOTARY +sd 127.0.0.1 "$DICOM_PORT" "$dir")
  scp_port="$(free_port)"
  mkdir -p "$WORK/storescp-$label"
  TCP_NODELAY=1 storescp -aet STORESCP -od "$WORK/storescp-$label" "$scp_port" >/dev/null 2>&1 &
  local scp_pid=$!
  for _ in $(seq 1 50); do (exec 3<>/dev/tcp/127.0.0.1/"$scp_port") 2>/dev/null && break; sleep 0.1; done
  t_dcmtk=$(seconds env TCP_NODELAY=1 storescu -aet BENCH -aec STORESCP +sd 127.0.0.1 "$scp_port" "$dir")
  kill "$scp_pid" 2>/dev/null; wait "$scp_pid" 2>/dev/null || true
  printf '%-34s notary %6.1f/s   storescp %6.1f/s   ratio %s\n' "$label" \
    "$(echo "$count / $t_notary" | bc -l)" "$(echo "$count / $t_dcmtk" | bc -l)" \
    "$(echo "scale=2; $t_dcmtk / $t_notary" | bc -l)"
}
python3 "$(dirname "$0")/make-series.py" "$WORK/ct" 200 512 512 CT >/dev/null
python3 "$(dirname "$0")/make-series.py" "$WORK/cr" 10 3000 3000 CR >/dev/null
# Warm the DICOM path's JIT with a series of its own (a cold JVM halves the small-image rate).
python3 "$(dirname "$0")/make-series.py" "$WORK/warm" 100 512 512 CT >/dev/null
TCP_NODELAY=1 storescu -aet BENCH -aec NOTARY +sd 127.0.0.1 "$DICOM_PORT" "$WORK/warm" >/dev/null 2>&1 || true
echo "C-STORE, instances per second (one association, storescu +sd):"
cstore_row "200 x 512x512 CT (512 KB)" "$WORK/ct" 200
cstore_row "10 x 3000x3000 CR (18 MB)" "$WORK/cr" 10
echo "(ratio = storescp time / notary time; the notary also hashes, signs, stores with fsync and records)"
fabric_part
