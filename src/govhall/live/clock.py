"""Clocks for the supervisor. It never reads the system clock itself: a clock is injected.

A clock is any zero-argument callable returning a ``datetime``. Naive values are Asia/Shanghai
wall-clock time; aware values are converted to it (DESIGN, "Time").

* :class:`SimulatedClock` is for tests, replays and drills: time moves only when told to.
* :func:`system_clock` is what a hall passes in production (the only place govhall.live reads the
  real time, and only when the hall asks for it).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from govhall.models import SHANGHAI, to_shanghai_naive

__all__ = ["Clock", "SimulatedClock", "system_clock"]

#: A clock: ``clock() -> datetime``.
Clock = Callable[[], datetime]


class SimulatedClock:
    """A clock that stands still until :meth:`advance` or :meth:`set` moves it.

    >>> clock = SimulatedClock(datetime(2025, 11, 3, 9, 0))
    >>> clock.advance(timedelta(hours=2))
    datetime.datetime(2025, 11, 3, 11, 0)
    >>> clock()
    datetime.datetime(2025, 11, 3, 11, 0)
    """

    def __init__(self, start: datetime) -> None:
        if not isinstance(start, datetime):
            raise TypeError(f"SimulatedClock needs a datetime, not {type(start).__name__}")
        self._now = to_shanghai_naive(start)

    def __call__(self) -> datetime:
        return self._now

    @property
    def now(self) -> datetime:
        """The current simulated time (naive Asia/Shanghai)."""
        return self._now

    def advance(self, delta: timedelta) -> datetime:
        """Move forward by ``delta`` (which must not be negative) and return the new time."""
        if delta < timedelta(0):
            raise ValueError(f"a simulated clock only moves forward (got {delta})")
        self._now += delta
        return self._now

    def set(self, when: datetime) -> datetime:
        """Jump to ``when`` (not before the current time) and return it."""
        when = to_shanghai_naive(when)
        if when < self._now:
            raise ValueError(f"a simulated clock only moves forward ({when} is before {self._now})")
        self._now = when
        return self._now

    def __repr__(self) -> str:
        return f"SimulatedClock({self._now.isoformat()})"


def system_clock() -> datetime:
    """The real current time in Asia/Shanghai (naive). Pass it explicitly: ``Supervisor(system_clock, …)``."""
    return datetime.now(SHANGHAI).replace(tzinfo=None)
