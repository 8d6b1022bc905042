"""Throughput and latency of ``govhall serve`` on loopback (printed, never asserted).

Starts ``python -m govhall serve`` on 127.0.0.1 with a throw-away token, then for each workload runs
CLIENTS concurrent clients for SECONDS and prints requests/s, p50 and p99. Baselines measured in the
same run: ``GET /health`` (the HTTP floor: uvicorn + FastAPI + auth, no govhall work) and the same work
done by the Python API in-process (what HTTP adds on top). Workloads: screen a complaint, a deadline,
and an audit of the example hall cut to 2,000 applications.

    python benchmarks/serve_bench.py [--clients 8] [--seconds 10]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

import httpx

from govhall.example.build import example_dir
from govhall.serve import new_token, token_line

COMPLAINT = {"id": "C-B", "channel": "onsite", "received_at": "2025-09-30T10:00", "content": "窗口人员态度冷漠",
             "facts": {"staff_conduct": True}, "tier": "general"}  # fmt: skip
DEADLINE = {
    "start": "2025-09-26",
    "limit": "20个工作日",
    "pauses": [{"from": "2025-10-09", "to": "2025-10-10"}],
}


def audit_document(applications: int = 2000) -> dict[str, Any]:
    folder = Path(example_dir())
    doc: dict[str, Any] = {"as_of": "2025-10-31"}
    for name in ("items", "staff", "windows", "applications"):
        lines = (folder / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        doc[name] = [json.loads(x) for x in lines if x]
    doc["applications"] = doc["applications"][:applications]
    doc["hall"] = json.loads((folder / "hall.json").read_text(encoding="utf-8"))
    return doc


def start(tokens: Path) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-m", "govhall", "serve", "--port", str(port), "--tokens", str(tokens), "--tick", "0",
           "--log-level", "warning"]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            with urllib.request.urlopen(base + "/health", timeout=1):
                return proc, base
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("govhall serve did not start")


def load(
    base: str, token: str, method: str, path: str, body: Any, clients: int, seconds: float
) -> dict[str, float]:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def run() -> None:
        mine: list[float] = []
        bad = 0
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=120) as c:
            while time.monotonic() < stop:
                t = time.perf_counter()
                r = c.request(method, path, json=body)
                mine.append(time.perf_counter() - t)
                bad += r.status_code != 200
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    started = time.monotonic()
    threads = [threading.Thread(target=run) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] if latencies else float("nan")
    return {"n": len(latencies), "rps": len(latencies) / elapsed, "p50": statistics.median(latencies) if latencies else
            float("nan"), "p99": p99, "errors": errors[0]}  # fmt: skip


def in_process(fn: Any, seconds: float) -> float:
    """Mean seconds per call of ``fn`` in this process (one thread)."""
    fn()
    n, stop = 0, time.monotonic() + seconds
    t = time.perf_counter()
    while time.monotonic() < stop:
        fn()
        n += 1
    return (time.perf_counter() - t) / n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=10.0)
    args = ap.parse_args()

    import govhall
    from govhall.contract import deadline_for
    from govhall.loaders import load_dataset
    from govhall.models import Complaint

    doc = audit_document()
    complaint = Complaint.model_validate(COMPLAINT)
    direct = {
        "screen": in_process(lambda: govhall.screen_complaint(complaint), 2),
        "deadline": in_process(
            lambda: deadline_for("2025-09-26", "20个工作日", pauses=[("2025-10-09", "2025-10-10")]), 2
        ),
        "audit 2,000 applications": in_process(lambda: govhall.audit(load_dataset(doc)), 5),
    }
    token = new_token()
    with tempfile.TemporaryDirectory() as tmp:
        tokens = Path(tmp) / "tokens.txt"
        tokens.write_text(token_line("bench", ["read"], token) + "\n", encoding="utf-8")
        proc, base = start(tokens)
        try:
            rows = [
                (
                    "health (HTTP floor)",
                    load(base, token, "GET", "/health", None, args.clients, args.seconds),
                ),
                (
                    "screen",
                    load(base, token, "POST", "/v1/complaints/screen", COMPLAINT, args.clients, args.seconds),
                ),
                (
                    "deadline",
                    load(base, token, "POST", "/v1/deadlines", DEADLINE, args.clients, args.seconds),
                ),
                (
                    "audit 2,000 applications",
                    load(base, token, "POST", "/v1/audit", doc, args.clients, max(args.seconds, 20)),
                ),  # fmt: skip
            ]
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    floor = rows[0][1]["p50"]
    print(f"govhall serve on loopback: {args.clients} concurrent clients, {args.seconds:g} s per workload, "
          f"{os.cpu_count()} CPUs")  # fmt: skip
    print(f"{'workload':<26} {'requests':>8} {'req/s':>9} {'p50 ms':>9} {'p99 ms':>9} {'errors':>6} "
          f"{'p50/floor':>10} {'p50/in-process':>15}")  # fmt: skip
    for name, r in rows:
        own = direct.get(name)
        print(f"{name:<26} {r['n']:>8} {r['rps']:>9.1f} {r['p50'] * 1000:>9.1f} {r['p99'] * 1000:>9.1f} "
              f"{r['errors']:>6} {r['p50'] / floor:>10.1f} {(r['p50'] / own if own else float('nan')):>15.1f}")  # fmt: skip
    print("p50/in-process: HTTP latency under load over one in-process call of the Python API (same run).")


if __name__ == "__main__":
    main()
