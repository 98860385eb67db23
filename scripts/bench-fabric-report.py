#!/usr/bin/env python3
"""Summary of the Fabric benchmark (scripts/bench-fabric.sh): the rows anchor-load.py and
FabricTxLoad.java wrote (one JSON object per line), as Markdown tables, with the issue's goals:
batched anchoring at least 20x the per-item rate, p99 time to ANCHORED under 2 s at 32 clients.
Reports, never asserts. Usage: bench-fabric-report.py rows.jsonl
"""
import json
import sys

RATIO_GOAL = 20.0
P99_GOAL_MS = 2000
GOAL_CLIENTS = 32


def main():
    rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
    service = [r for r in rows if "items" in r]
    fabric = [r for r in rows if "valid" in r]

    print("\n### Notarizations (4 KiB random files; time from request to ANCHORED)\n")
    print("| run | clients | notarizations/s | p50 | p99 | median received / queued / tx to ANCHORED | items per tx | CPU busy | CPU s: service / orderers / peers / chaincode / other |")
    print("| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | --- |")
    for r in service:
        c = r["cpu_seconds"]
        cpu = " / ".join(str(c.get(k, "-")) for k in ("service", "orderers", "peers", "chaincode JVMs", "other"))
        err = f" ({r['errors']} errors)" if r["errors"] else ""
        split = f"{r.get('received_ms')} / {r.get('queued_ms')} / {r.get('ledger_ms')} ms"
        print(f"| {r['label']} | {r['clients']} | {r['per_second']:.1f}{err} | {r['p50_ms']} ms | {r['p99_ms']} ms"
              f" | {split} | {r['items_per_tx'] or '-'} | {r['cpu_busy_pct']} % | {cpu} |")

    per_item = {r["clients"]: r for r in service if r["label"] == "per-item"}
    batched_runs = sorted({r["label"] for r in service if r["label"].startswith("batched")})
    print("\n### Batched against per-item, at equal concurrency\n")
    print("| run | " + " | ".join(f"{c} clients" for c in sorted(per_item)) + " |")
    print("| --- |" + " ---: |" * len(per_item))
    best = (0.0, None, None)
    for label in batched_runs:
        by_clients = {r["clients"]: r for r in service if r["label"] == label}
        cells = []
        for c in sorted(per_item):
            if c in by_clients and per_item[c]["per_second"] > 0:
                ratio = by_clients[c]["per_second"] / per_item[c]["per_second"]
                cells.append(f"{ratio:.1f}x")
                best = max(best, (ratio, label, c), key=lambda t: t[0])
            else:
                cells.append("-")
        print(f"| {label} / per-item | " + " | ".join(cells) + " |")

    top_batched = max((r for r in service if r["label"].startswith("batched")), key=lambda r: r["per_second"], default=None)
    top_item = max(per_item.values(), key=lambda r: r["per_second"], default=None)
    if top_batched and top_item and top_item["per_second"] > 0:
        print(f"\nAt the highest rate each reached: {top_batched['label']} {top_batched['per_second']:.1f}/s"
              f" ({top_batched['clients']} clients) against per-item {top_item['per_second']:.1f}/s"
              f" ({top_item['clients']} clients): {top_batched['per_second'] / top_item['per_second']:.1f}x")

    default = {r["clients"]: r for r in service if r["label"] == "batched 50ms"}
    print("\n### Goals\n")
    if best[1]:
        verdict = "met" if best[0] >= RATIO_GOAL else "NOT met"
        print(f"- batched at least {RATIO_GOAL:.0f}x per-item: {verdict} (best at equal concurrency {best[0]:.1f}x:"
              f" {best[1]} at {best[2]} clients)")
    if GOAL_CLIENTS in default:
        p99 = default[GOAL_CLIENTS]["p99_ms"]
        verdict = "met" if p99 < P99_GOAL_MS else "NOT met"
        print(f"- p99 to ANCHORED under {P99_GOAL_MS / 1000:.0f} s at {GOAL_CLIENTS} clients (default batching): {verdict} ({p99} ms)")
    for label in batched_runs:
        r = next((x for x in service if x["label"] == label and x["clients"] == GOAL_CLIENTS), None)
        if r and label != "batched 50ms":
            print(f"  ({label}: p99 {r['p99_ms']} ms at {GOAL_CLIENTS} clients)")

    if fabric:
        print("\n### Raw transactions through the Gateway (not through the service)\n")
        print("| transaction | clients | tx/s VALID | items/s | p50 | p99 | tx per block | failed | CPU busy | CPU s: orderers / peers / chaincode / load client / other |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
        for r in fabric:
            c = r["cpu_seconds"]
            cpu = " / ".join(str(c.get(k, "-")) for k in ("orderers", "peers", "chaincode JVMs", "tx load client", "other"))
            name = "AnchorEvidence" if r["items_per_tx"] == 1 else f"AnchorEvidenceBatch, {r['items_per_tx']} items"
            print(f"| {name} | {r['clients']} | {r['per_second']:.1f} | {r['items_per_second']:.0f} | {r['p50_ms']} ms"
                  f" | {r['p99_ms']} ms | {r['tx_per_block']} | {r['failed']} | {r['cpu_busy_pct']} % | {cpu} |")


if __name__ == "__main__":
    main()
