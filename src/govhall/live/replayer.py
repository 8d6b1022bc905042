"""Replaying a recorded event stream through a supervisor in simulated time.

Used by ``govhall live replay`` and usable directly: a hall can check what its 电子监察 would have
shown over last month's records, or drill a new rule before switching it on.

Each event or record is posted when the simulated clock reaches its own time: ``at`` (events),
``received_at`` (applications, complaints), ``booked_at`` (appointments), or an explicit
``posted_at`` key (removed before posting). Things without a time (items, staff, windows, the hall)
are posted first. Between posts the clock moves in ``step``s and the supervisor ticks after each.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel

from govhall.live.clock import SimulatedClock
from govhall.live.supervisor import Supervisor
from govhall.models import to_shanghai_naive
from govhall.rules import Finding

__all__ = ["ReplayResult", "event_time", "parse_step", "replay"]

_TIME_KEYS = ("posted_at", "at", "received_at", "booked_at")
_STEP_RE = re.compile(r"(\d+)\s*(d|h|m|min|s)", re.IGNORECASE)
_STEP_UNITS = {"d": "days", "h": "hours", "m": "minutes", "min": "minutes", "s": "seconds"}


def parse_step(text: str) -> timedelta:
    """``"1h"``, ``"30m"``, ``"1d"``, ``"1h30m"``, ``"90s"`` → a positive ``timedelta``."""
    t = text.strip().replace(" ", "")
    parts = _STEP_RE.findall(t)
    if not parts or "".join(n + u for n, u in parts).lower() != t.lower():
        raise ValueError(f"step {text!r}: expected e.g. 1h, 30m, 1d, 1h30m")
    delta = timedelta(0)
    for n, unit in parts:
        delta += timedelta(**{_STEP_UNITS[unit.lower()]: int(n)})
    if delta <= timedelta(0):
        raise ValueError(f"step {text!r} must be longer than zero")
    return delta


def event_time(obj: Any) -> datetime | None:
    """When a posted thing happened (naive Asia/Shanghai), or None for undated reference records."""
    data = obj.model_dump() if isinstance(obj, BaseModel) else obj
    if not isinstance(data, Mapping):
        return None
    for key in _TIME_KEYS:
        value = data.get(key)
        if isinstance(value, datetime):
            return to_shanghai_naive(value)
        if isinstance(value, str):
            try:
                return to_shanghai_naive(datetime.fromisoformat(value.replace("Z", "+00:00")))
            except ValueError:
                continue
    return None


@dataclass
class ReplayResult:
    """What a replay did: ticks run, things posted, and each new finding with the tick that found it."""

    start: datetime
    until: datetime
    step: timedelta
    ticks: int = 0
    posted: int = 0
    not_posted: int = 0  # dated after ``until``
    findings: list[tuple[datetime, Finding]] = field(default_factory=list)


def replay(
    events: Iterable[Any],
    supervisor: Supervisor,
    clock: SimulatedClock,
    *,
    until: datetime,
    step: timedelta,
) -> ReplayResult:
    """Post ``events`` at their times and tick every ``step`` from ``clock()`` to ``until``.

    ``supervisor`` must read ``clock``. Events dated before the clock's start are posted at once;
    events dated after ``until`` are not posted (counted in ``not_posted``).
    """
    if step <= timedelta(0):
        raise ValueError("step must be longer than zero")
    until = to_shanghai_naive(until)
    start = clock()
    if until < start:
        raise ValueError(f"until ({until}) is before the start ({start})")
    timed: list[tuple[datetime, int, Any]] = []
    for i, ev in enumerate(events):
        when = event_time(ev)
        if isinstance(ev, Mapping) and "posted_at" in ev:
            ev = {k: v for k, v in ev.items() if k != "posted_at"}
        timed.append((when or datetime.min, i, ev))
    timed.sort(key=lambda t: (t[0], t[1]))
    result = ReplayResult(start=start, until=until, step=step)
    pos = 0
    while True:
        now = clock()
        while pos < len(timed) and timed[pos][0] <= now:
            supervisor.post(timed[pos][2])
            result.posted += 1
            pos += 1
        result.findings += [(now, f) for f in supervisor.tick()]
        result.ticks += 1
        if now >= until:
            break
        clock.set(min(now + step, until))
    result.not_posted = len(timed) - pos
    return result
