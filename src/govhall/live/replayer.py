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

from govhall.calendars.core import parse_iso
from govhall.errors import ReplayTooLongError, echoed_id
from govhall.live.clock import SimulatedClock
from govhall.live.supervisor import Supervisor, read_by_a_rule
from govhall.models import to_shanghai_naive
from govhall.rules import Finding
from govhall.rules.report import Note

__all__ = ["MAX_TICKS", "ReplayResult", "event_time", "parse_step", "replay", "span_time", "ticks_needed"]

#: A replay runs at most this many ticks unless ``max_ticks`` allows more: a year of hourly ticks
#: fits (8,760); a week at one-minute steps (10,081) does not. Each tick runs the rules over every
#: held subject, so the cap keeps a mistyped ``--until`` or ``--step`` from running for ever.
MAX_TICKS = 10_000

_TIME_KEYS = ("posted_at", "at", "received_at", "booked_at")
_STEP_RE = re.compile(r"(\d+)\s*(d|h|m|min|s)", re.IGNORECASE)
_STEP_UNITS = {"d": "days", "h": "hours", "m": "minutes", "min": "minutes", "s": "seconds"}


def parse_step(text: str) -> timedelta:
    """``"1h"``, ``"30m"``, ``"1d"``, ``"1h30m"``, ``"90s"`` → a positive ``timedelta``."""
    t = text.strip().replace(" ", "")
    parts = _STEP_RE.findall(t)
    if not parts or "".join(n + u for n, u in parts).lower() != t.lower():
        raise ValueError(f"step {echoed_id(text)!r}: expected e.g. 1h, 30m, 1d, 1h30m")
    delta = timedelta(0)
    try:
        for n, unit in parts:
            delta += timedelta(**{_STEP_UNITS[unit.lower()]: int(n)})
    except (OverflowError, ValueError):  # "Python int too large to convert to C int", "days=…; must have
        # magnitude …", and a number of more digits than int() converts ("Exceeds the limit (4300 digits)")
        raise ValueError(
            f"step {echoed_id(text)!r} is too long: a step runs from 1s to {timedelta.max.days}d"
        ) from None
    if delta <= timedelta(0):
        raise ValueError(f"step {echoed_id(text)!r} must be longer than zero")
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
            # read as the models read it (the schema's forms, alike on every Python): fromisoformat
            # refused a lower-case z, and +0800 before 3.11, which the supervisor takes, and took a
            # week date (2025-W36-3), which it refuses
            try:
                moment = parse_iso(value.strip())
                if not isinstance(moment, datetime):
                    moment = datetime(moment.year, moment.month, moment.day)
                return to_shanghai_naive(moment)
            except ValueError:
                continue
    return None


def span_time(obj: Any) -> datetime | None:
    """The time ``obj`` gives a replay's span (``govhall live replay`` without ``--start``/``--until``):
    :func:`event_time`, or None for what no rule reads (an unknown table, an event of an unknown kind).
    A ``coffee_break`` event a year after the stream stretched the replay to it (a year of hourly ticks
    over nothing; past the tick cap, the replay was refused); it is posted and listed all the same."""
    return event_time(obj) if read_by_a_rule(obj) else None


def ticks_needed(start: datetime, until: datetime, step: timedelta) -> int:
    """How many ticks a replay from ``start`` to ``until`` every ``step`` runs (both ends included)."""
    if until <= start:
        return 1
    whole, rest = divmod(until - start, step)
    return 1 + whole + (1 if rest else 0)


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
    #: each distinct rule error (rule and message) with the first tick it happened at; a rule that
    #: raises is never silent, whatever tick it failed on (``govhall live replay`` exits 3)
    rule_errors: list[tuple[datetime, Note]] = field(default_factory=list)
    #: the supervisor's ``seq`` of each thing posted -> its position in ``events`` (so a caller can say
    #: which line of its stream an unknown or invalid event came from)
    sources: dict[int, int] = field(default_factory=dict)


def replay(
    events: Iterable[Any],
    supervisor: Supervisor,
    clock: SimulatedClock,
    *,
    until: datetime,
    step: timedelta,
    max_ticks: int | None = MAX_TICKS,
) -> ReplayResult:
    """Post ``events`` at their times and tick every ``step`` from ``clock()`` to ``until``.

    ``supervisor`` must read ``clock``. Events dated before the clock's start are posted at once;
    events dated after ``until`` are not posted (counted in ``not_posted``), except what no rule reads
    (an unknown table or event kind, see :func:`span_time`): that is posted at the last tick, so it is
    listed among the unknown events. The events due at one
    tick are posted as one batch (:meth:`Supervisor.post_many`, one commit).

    Raises :class:`~govhall.errors.ReplayTooLongError` (``detail["ticks"]`` = the count needed),
    before posting anything, when the replay needs more than ``max_ticks`` ticks (None: no cap).
    """
    if step <= timedelta(0):
        raise ValueError("step must be longer than zero")
    until = to_shanghai_naive(until)
    start = clock()
    if until < start:
        raise ValueError(f"until ({until}) is before the start ({start})")
    needed = ticks_needed(start, until, step)
    if max_ticks is not None and needed > max_ticks:
        raise ReplayTooLongError(
            f"the replay from {start:%Y-%m-%d %H:%M} to {until:%Y-%m-%d %H:%M} every {step} needs "
            f"{needed} ticks, more than the cap of {max_ticks}; allow it with --max-ticks {needed}",
            ticks=needed,
            max_ticks=max_ticks,
        )
    timed: list[tuple[datetime, int, Any]] = []
    for i, ev in enumerate(events):
        when = event_time(ev)
        if when is not None and when > until and not read_by_a_rule(ev):
            when = until  # no rule reads its time: posted at the last tick, listed as unknown, not lost
        if isinstance(ev, Mapping) and "posted_at" in ev:
            ev = {k: v for k, v in ev.items() if k != "posted_at"}
        timed.append((when or datetime.min, i, ev))
    timed.sort(key=lambda t: (t[0], t[1]))
    result = ReplayResult(start=start, until=until, step=step)
    pos = 0
    failed: set[tuple[str | None, str]] = set()
    while True:
        now = clock()
        end = pos
        while end < len(timed) and timed[end][0] <= now:
            end += 1
        if end > pos:
            done = supervisor.post_many(t[2] for t in timed[pos:end])
            result.sources.update((p.seq, t[1]) for p, t in zip(done, timed[pos:end], strict=True))
            result.posted += end - pos
            pos = end
        result.findings += [(now, f) for f in supervisor.tick()]
        for note in supervisor.notes:
            if note.kind == "rule_error" and (note.rule_id, note.message) not in failed:
                failed.add((note.rule_id, note.message))
                result.rule_errors.append((now, note))
        result.ticks += 1
        if now >= until:
            break
        try:
            later = now + step
        except OverflowError:  # a step past 9999-12-31 (from a start near it, or a step of ages)
            later = until
        clock.set(min(later, until))
    result.not_posted = len(timed) - pos
    return result
