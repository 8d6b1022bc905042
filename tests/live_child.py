"""A feeder process for the live crash and one-writer tests (run by tests/test_live_store.py).

    python live_child.py feed STATE N SEED   post events 0..N-1 (resuming after a crash), "ack SEQ" after each
    python live_child.py hold STATE          open STATE for writing, post one event, say "ready", wait on stdin
    python live_child.py open STATE          try to open STATE for writing; print the error code or "opened"
    python live_child.py read STATE          print the number of findings and unknown events, read-only

The events and the batch boundaries are a pure function of N and SEED, the clock reads one hour
per post committed or in progress (BASE + seq hours), and the supervisor ticks after every batch
with the registered live rules, so an interrupted feed resumed from ``Supervisor.seq`` (ticking first
if the crash came between a batch and its tick) must end in the same state as one uninterrupted
feed: the same records, held and unknown events, and the same findings, none twice.
"""

from __future__ import annotations

import random
import sys
from datetime import datetime, timedelta
from typing import Any

BASE = datetime(2025, 11, 3, 9, 0)


def events(n: int, seed: int) -> list[Any]:
    rnd = random.Random(seed)
    out: list[Any] = [
        {
            "table": "items",
            "code": "I1",
            "name": "许可",
            "type": "行政许可",
            "department": "D",
            "promised_limit": "3个工作日",
            "statutory_limit": "20个工作日",
        }
    ]
    apps: list[str] = []
    while len(out) < n:
        r = rnd.random()
        at = (BASE + timedelta(hours=len(out))).isoformat()
        if r < 0.3 or not apps:
            aid = f"A{len(apps)}"
            apps.append(aid)
            out.append({"table": "applications", "id": aid, "item_code": "I1", "received_at": at})
        elif r < 0.8:
            out.append({"application_id": rnd.choice(apps), "kind": "accepted", "at": at, "staff_id": "S1"})
        elif r < 0.9:  # before its application: held, then applied when it arrives
            out.append({"application_id": f"A{len(apps)}", "kind": "accepted", "at": at})
        else:
            out.append({"table": "weather", "text": "雨" * rnd.randint(1, 5)})
    return out


def batches(n: int, seed: int) -> list[tuple[int, int]]:
    """(start, end) of each post (size 1) or post_many (size 2..20)."""
    rnd = random.Random(seed + 1)
    out, i = [], 0
    while i < n:
        size = 1 if rnd.random() < 0.4 else rnd.randint(2, 20)
        out.append((i, min(n, i + size)))
        i += size
    return out


class SeqClock:
    """BASE + one hour per post: reads the supervisor's sequence number, so ticks do not move it."""

    def __init__(self) -> None:
        self.sup: Any = None

    def __call__(self) -> datetime:
        return BASE + timedelta(hours=self.sup._seq if self.sup is not None else 0)


def feed(sup: Any, evs: list[Any], plan: list[tuple[int, int]], say: Any) -> None:
    starts = {s for s, _ in plan}
    if sup.seq not in starts and sup.seq != len(evs):
        raise SystemExit(f"resumed at seq {sup.seq}, inside a batch: a batch was half committed")
    if sup.seq and sup.last_tick != BASE + timedelta(hours=sup.seq):
        sup.tick()  # the crash came after the last batch's commit, before its tick's
    for start, end in plan:
        if start < sup.seq:
            continue
        if end - start == 1:
            sup.post(evs[start])
        else:
            sup.post_many(evs[start:end])
        sup.tick()
        say(sup.seq)


def main(argv: list[str]) -> None:
    from govhall.errors import GovhallError
    from govhall.live import StateReader, Supervisor

    mode, state = argv[0], argv[1]
    clock = SeqClock()
    if mode == "feed":
        n, seed = int(argv[2]), int(argv[3])
        sup = clock.sup = Supervisor(clock, state)

        def say(seq: int) -> None:
            sys.stdout.write(f"ack {seq}\n")
            sys.stdout.flush()

        feed(sup, events(n, seed), batches(n, seed), say)
        sup.close()
        print("done", flush=True)
    elif mode == "hold":
        sup = Supervisor(clock, state, rules=[])
        sup.post({"table": "weather", "text": "晴"})
        print("ready", flush=True)
        sys.stdin.readline()
        sup.close()
    elif mode == "open":
        try:
            Supervisor(clock, state, rules=[]).close()
            print("opened", flush=True)
        except GovhallError as exc:
            print(exc.code, flush=True)
    elif mode == "read":
        with StateReader(state) as r:
            print(len(r.findings()), len(r.unknown_events()), r.seq, flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
