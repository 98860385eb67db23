#!/usr/bin/env bash
# Hashing throughput of the service, as ratios against this machine's own SHA-256 (sha256sum)
# over the same file, measured side by side in one run. Not a test: it reports, never asserts.
#   verify: the exhibit is streamed over loopback HTTP and hashed (no storage)
#   ingest: streamed, hashed, written, fsynced and anchored (includes disk speed)
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
head -c $((MIB * 1048576)) /dev/urandom >"$WORK/file.bin"
NOTARY_DATA="$WORK/data" NOTARY_PORT="$PORT" java -jar "$JAR" >"$WORK/service.log" 2>&1 &
PID=$!
for _ in $(seq 1 120); do curl -sf "$BASE/q/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done

# Warm the JIT with one small round.
head -c 8388608 "$WORK/file.bin" | curl -s -o /dev/null -X POST --data-binary @- "$BASE/api/v1/verify"

t_sum=$(best_of_3 sha256sum "$WORK/file.bin")
t_ossl=$(best_of_3 openssl dgst -sha256 "$WORK/file.bin")
t_verify=$(best_of_3 curl -s -o /dev/null -X POST -T "$WORK/file.bin" -H 'Content-Type: application/octet-stream' "$BASE/api/v1/verify")
t_ingest=$(seconds curl -s -o /dev/null -X POST -T "$WORK/file.bin" -H 'Content-Type: application/octet-stream' "$BASE/api/v1/evidence")

rate() { echo "scale=1; $MIB / $1" | bc -l; }
ratio() { echo "scale=2; $t_sum / $1" | bc -l; }
printf 'file: %d MiB of random bytes, best of 3 (ingest: one run, as a second is a duplicate)\n' "$MIB"
printf '%-34s %8.2f s %8s MiB/s  ratio 1.00\n' "sha256sum (machine baseline)" "$t_sum" "$(rate "$t_sum")"
printf '%-34s %8.2f s %8s MiB/s  ratio %s\n' "openssl dgst -sha256" "$t_ossl" "$(rate "$t_ossl")" "$(ratio "$t_ossl")"
printf '%-34s %8.2f s %8s MiB/s  ratio %s\n' "service verify (HTTP + SHA-256)" "$t_verify" "$(rate "$t_verify")" "$(ratio "$t_verify")"
printf '%-34s %8.2f s %8s MiB/s  ratio %s\n' "service ingest (+ store, fsync)" "$t_ingest" "$(rate "$t_ingest")" "$(ratio "$t_ingest")"
echo "(ratio = sha256sum time / this row's time; above 1.00 is faster than sha256sum)"
