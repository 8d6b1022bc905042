"""Live supervision (电子监察) of one county hall's fortnight, in simulated time.

Run:  python examples/live_supervision.py

The events are in ``live_events.jsonl`` next to this file (one event or record per line, as
``Supervisor.post`` takes them). The supervisor runs the *registered* rules — the same definitions
``govhall audit`` uses — and ticks every hour. Halfway through, the "server" restarts: a new
Supervisor is built on the same state file and carries on. At the end the same events are replayed
without a restart, to show that the restart lost nothing.
"""

from __future__ import annotations

import json
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from govhall.live import MemoryStore, SimulatedClock, Supervisor, describe, event_time, replay

EVENTS = Path(__file__).with_name("live_events.jsonl")
START = datetime(2025, 11, 3, 8, 0)  # Monday morning, Asia/Shanghai
RESTART = datetime(2025, 11, 10, 12, 0)  # the server restarts on Monday noon
UNTIL = datetime(2025, 11, 14, 18, 0)
STEP = timedelta(hours=1)


def load_events() -> list[dict]:
    lines = EVENTS.read_text(encoding="utf-8").splitlines()
    events = [json.loads(line) for line in lines if line.strip()]
    return sorted(events, key=lambda e: event_time(e) or datetime.min)  # stable: file order on ties


def main() -> None:
    events = load_events()
    with tempfile.TemporaryDirectory() as tmp:
        state = Path(tmp) / "hall-live.db"  # an SQLite database (one writer at a time)
        clock = SimulatedClock(START)
        sup = Supervisor(clock, state)
        print(f"{len(sup.rules)} rules ({sup.selection}), engine {sup.engine_name}")
        pending = list(events)
        while clock() <= UNTIL:
            if clock() == RESTART:
                sup.close()
                sup = Supervisor(clock, state)  # what a restarted process does
                print(
                    f"{clock():%m-%d %H:%M}  restarted from {state.name}: {len(sup.findings())} findings kept"
                )
            while pending and (event_time(pending[0]) or START) <= clock():
                event = {k: v for k, v in pending.pop(0).items() if k != "posted_at"}
                sup.post(event)  # committed before post returns
            for finding in sup.tick():
                print(f"{clock():%m-%d %H:%M}  {describe(finding)}")
            clock.advance(STEP)
        for u in sup.unknown_events():
            print(f"unknown event #{u.seq} ({u.type}): {u.reason} — {u.detail}")
        restarted = [f.model_dump(mode="json") for f in sup.findings()]
        sup.close()

    clock = SimulatedClock(START)
    with Supervisor(clock, MemoryStore()) as plain_run:
        replay(events, plain_run, clock, until=UNTIL, step=STEP)
        uninterrupted = [f.model_dump(mode="json") for f in plain_run.findings()]
    print(
        f"findings with the restart == without it: {restarted == uninterrupted} ({len(restarted)} findings)"
    )


if __name__ == "__main__":
    main()
