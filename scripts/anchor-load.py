#!/usr/bin/env python3
"""Load client of the Fabric benchmark: notarizations per second and time to ANCHORED.

For each level of concurrency, that many client threads each notarize fresh random files
(POST /api/v1/evidence, raw body) one after another for a fixed time; then the level waits for
every item it started to be ANCHORED. Time to ANCHORED runs from sending the POST until the
answer says ANCHORED (201), or, for a 202 PENDING answer, until GET /api/v1/evidence/{id},
polled every 50 ms, does.

Also per level: how many items shared one Fabric transaction and one block (from the records'
anchors), the machine's CPU use and load average, and the CPU time of each group of processes
named with --group. Prints one line per level and, with --json, appends one JSON object per level
to a file. Reports, never asserts.

Usage: anchor-load.py BASE_URL --label NAME [--levels 1,8,32] [--seconds 20] [--size 4096]
                      [--warmup 16] [--group name=pid,pid ...] [--json FILE]
"""
import argparse
import http.client
import json
import math
import os
import sys
import threading
import time
import urllib.parse
from datetime import datetime

POLL_SECONDS = 0.05
ANCHOR_TIMEOUT_SECONDS = 120
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


class Client:
    """One keep-alive HTTP connection, reopened after an error."""

    def __init__(self, base):
        url = urllib.parse.urlsplit(base)
        self.host, self.port = url.hostname, url.port
        self.conn = None

    def request(self, method, path, body=None, headers=None):
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=ANCHOR_TIMEOUT_SECONDS)
            try:
                sent = dict(headers or {})
                if os.environ.get("NOTARY_TOKEN"):
                    # The service's sign-in: an acquirer's bearer token (./notary token).
                    sent["Authorization"] = "Bearer " + os.environ["NOTARY_TOKEN"]
                self.conn.request(method, path, body=body, headers=sent)
                response = self.conn.getresponse()
                return response.status, response.read()
            except (OSError, http.client.HTTPException):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


def notarize(client, size):
    """One item: returns (seconds to ANCHORED, record, wall-clock start and end) or raises."""
    body = os.urandom(size)
    wall_start = time.time()
    start = time.monotonic()
    status, answer = client.request("POST", "/api/v1/evidence", body,
                                    {"Content-Type": "application/octet-stream"})
    if status not in (201, 202):
        raise RuntimeError(f"POST answered {status}: {answer[:200]!r}")
    record = json.loads(answer)
    while record.get("status") != "ANCHORED":
        if time.monotonic() - start > ANCHOR_TIMEOUT_SECONDS:
            raise RuntimeError(f"evidence {record.get('id')} not ANCHORED after {ANCHOR_TIMEOUT_SECONDS} s")
        time.sleep(POLL_SECONDS)
        status, answer = client.request("GET", "/api/v1/evidence/" + record["id"])
        if status != 200:
            raise RuntimeError(f"GET answered {status}: {answer[:200]!r}")
        record = json.loads(answer)
    return time.monotonic() - start, record, wall_start, time.time()


def instant(text):
    """Seconds since the epoch of an ISO-8601 instant as Java prints it (Z, up to 9 decimals)."""
    return datetime.fromisoformat(text).timestamp()


def phases(record, wall_start, wall_end):
    """Where the time went, in seconds, on the one clock that client and service share here:
    until the service recorded the item (receivedAt), until its transaction was proposed (the
    anchor's transaction timestamp: batching window and earlier transactions), and from there
    until the client saw ANCHORED (endorsement, ordering, commit, block read, record update)."""
    try:
        received = instant(record["receivedAt"])
        proposed = instant(record["anchor"]["timestamp"])
    except (KeyError, TypeError, ValueError):
        return None
    return received - wall_start, proposed - received, wall_end - proposed


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    # Nearest rank: the smallest value with at least p % of the values at or below it.
    k = max(0, min(len(sorted_values) - 1, math.ceil(p / 100.0 * len(sorted_values)) - 1))
    return sorted_values[k]


def median_ms(values):
    return round(percentile(sorted(values), 50) * 1000) if values else None


def cpu_jiffies():
    """(busy, total) jiffies of the whole machine."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    idle = fields[3] + fields[4]
    total = sum(fields[:8])
    return total - idle, total


def process_ticks(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            rest = f.read().rsplit(")", 1)[1].split()
        return int(rest[11]) + int(rest[12])
    except (OSError, IndexError, ValueError):
        return 0


def group_ticks(groups):
    return {name: sum(process_ticks(p) for p in pids) for name, pids in groups.items()}


def run_level(base, clients, seconds, size):
    latencies, anchors, errors, splits = [], [], [], []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker():
        client = Client(base)
        while time.monotonic() < deadline:
            try:
                took, record, wall_start, wall_end = notarize(client, size)
                anchor = record.get("anchor") or {}
                split = phases(record, wall_start, wall_end)
                with lock:
                    latencies.append(took)
                    anchors.append((anchor.get("transactionId"), anchor.get("blockNumber")))
                    if split:
                        splits.append(split)
            except Exception as e:  # noqa: BLE001 - counted and reported, the level goes on
                with lock:
                    errors.append(str(e))
                time.sleep(0.2)

    start = time.monotonic()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, anchors, errors, splits, time.monotonic() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base")
    parser.add_argument("--label", required=True)
    parser.add_argument("--levels", default="1,8,32")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--size", type=int, default=4096)
    parser.add_argument("--warmup", type=int, default=16, help="items notarized before measuring (4 clients)")
    parser.add_argument("--group", action="append", default=[], help="name=pid,pid: a group of processes whose CPU time is reported")
    parser.add_argument("--json")
    args = parser.parse_args()

    groups = {}
    for g in args.group:
        name, _, pids = g.partition("=")
        groups[name] = [p for p in pids.split(",") if p]
    groups["load client"] = [str(os.getpid())]

    if args.warmup > 0:
        per = max(1, args.warmup // 4)
        warm_errors = []

        def warm():
            client = Client(args.base)
            for _ in range(per):
                try:
                    notarize(client, args.size)
                except Exception as e:  # noqa: BLE001
                    warm_errors.append(str(e))

        ts = [threading.Thread(target=warm) for _ in range(4)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        if warm_errors:
            print(f"warm-up: {len(warm_errors)} errors, first: {warm_errors[0]}", file=sys.stderr)

    for clients in [int(x) for x in args.levels.split(",")]:
        busy0, total0 = cpu_jiffies()
        ticks0 = group_ticks(groups)
        latencies, anchors, errors, splits, elapsed = run_level(args.base, clients, args.seconds, args.size)
        busy1, total1 = cpu_jiffies()
        ticks1 = group_ticks(groups)
        with open("/proc/loadavg") as f:
            load1 = float(f.read().split()[0])
        latencies.sort()
        n = len(latencies)
        txs = {a[0] for a in anchors if a[0]}
        blocks = {a[1] for a in anchors if a[1] is not None}
        row = {
            "label": args.label,
            "clients": clients,
            "items": n,
            "errors": len(errors),
            "first_error": errors[0] if errors else None,
            "seconds": round(elapsed, 2),
            "per_second": round(n / elapsed, 2) if elapsed > 0 else 0,
            "p50_ms": round(percentile(latencies, 50) * 1000),
            "p99_ms": round(percentile(latencies, 99) * 1000),
            "max_ms": round(latencies[-1] * 1000) if latencies else None,
            "transactions": len(txs),
            "blocks": len(blocks),
            "items_per_tx": round(n / len(txs), 1) if txs else None,
            # Medians of the three phases (see phases()), in ms.
            "received_ms": median_ms([x[0] for x in splits]),
            "queued_ms": median_ms([x[1] for x in splits]),
            "ledger_ms": median_ms([x[2] for x in splits]),
            "cpu_busy_pct": round(100.0 * (busy1 - busy0) / max(1, total1 - total0)),
            "load1": load1,
            "cpu_seconds": {k: round((ticks1[k] - ticks0[k]) / CLOCK_TICKS, 1) for k in groups},
        }
        # What the machine spent beyond the named groups: other users of the two cores.
        row["cpu_seconds"]["other"] = max(0.0, round(
            (busy1 - busy0) / CLOCK_TICKS - sum(row["cpu_seconds"].values()), 1))
        cpu = ", ".join(f"{k} {v}" for k, v in row["cpu_seconds"].items())
        print(f"{args.label:>22} {clients:>3} clients: {row['per_second']:7.2f}/s  p50 {row['p50_ms']:>6} ms"
              f"  p99 {row['p99_ms']:>6} ms  (median: received {row['received_ms']}, queued {row['queued_ms']},"
              f" transaction to ANCHORED {row['ledger_ms']} ms; {n} items, {len(txs)} tx, {len(blocks)} blocks,"
              f" {len(errors)} errors; CPU {row['cpu_busy_pct']}% busy, load {load1}; CPU s: {cpu})", flush=True)
        if errors:
            print(f"  first error: {errors[0]}", file=sys.stderr)
        if args.json:
            with open(args.json, "a") as f:
                f.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
