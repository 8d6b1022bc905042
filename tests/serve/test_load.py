"""A bounded load test on loopback: 8 concurrent clients for a few seconds against the real server.

It checks behaviour under concurrency (every answer right, none lost, no 5xx), never speed: the
figures are printed by ``benchmarks/serve_bench.py``.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import httpx

from .conftest import bearer

CLIENTS = 8
SECONDS = 4.0
COMPLAINT = {"id": "C-L", "channel": "onsite", "received_at": "2025-09-30T10:00", "content": "窗口人员态度冷漠",
             "facts": {"staff_conduct": True}, "tier": "general"}  # fmt: skip


def test_eight_clients_get_right_answers(live_server: str) -> None:
    results: list[tuple[str, int, Any]] = []
    lock = threading.Lock()
    stop = time.monotonic() + SECONDS

    def client(n: int) -> None:
        local: list[tuple[str, int, Any]] = []
        with httpx.Client(base_url=live_server, headers=bearer("writer"), timeout=30) as c:
            i = 0
            while time.monotonic() < stop:
                if (i + n) % 3 == 0:
                    r = c.post("/v1/complaints/screen", json={**COMPLAINT, "id": f"C-{n}-{i}"})
                    local.append(("screen", r.status_code, (r.json().get("id"), r.json().get("due"))))
                elif (i + n) % 3 == 1:
                    r = c.post("/v1/deadlines", json={"start": "2025-09-26", "limit": "20个工作日"})
                    local.append(("deadline", r.status_code, r.json().get("due")))
                else:
                    r = c.post("/v1/live/events", json={"table": "staff", "id": f"S-{n}-{i}", "name": "王",
                                                        "role": "window_clerk"})  # fmt: skip
                    local.append(
                        ("event", r.status_code, (r.json()["accepted"], r.json()["posted"][0]["seq"]))
                    )
                i += 1
        with lock:
            results.extend(local)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results, "no request completed"
    assert all(status == 200 for _, status, _ in results), {s for _, s, _ in results}
    kinds = {k for k, _, _ in results}
    assert kinds == {"screen", "deadline", "event"}
    # 3天 from 09-30 ends on a holiday and rolls to 10-09 (civil-code:203), whatever the concurrency
    assert {due for k, _, (cid, due) in ((k, s, v) for k, s, v in results if k == "screen")} == {"2025-10-09"}
    assert {v for k, _, v in results if k == "deadline"} == {"2025-10-30"}
    events = [v for k, _, v in results if k == "event"]
    assert events and all(accepted == 1 for accepted, _ in events)
    # one writer at a time: concurrent posts never share a sequence number
    seqs = [seq for _, seq in events]
    assert len(set(seqs)) == len(seqs)
