"""``govhall.live``: the event-driven supervisor (电子监察) over the registered rules.

DESIGN, "Live supervision": the time-driven rules (催办 before a due date, 督办 when overdue, 通报
after an ignored 督办, appointment reminders, certificate handover) run as an event-driven session,
on ``durable_rules`` behind an adapter, with an injected clock and persisted state. Batch audit and
live supervision share the same rule definitions and produce the same :class:`~govhall.rules.Finding`;
findings with ``stage`` ``yellow``/``red`` are the halls' 黄牌/红牌.

>>> from datetime import datetime, timedelta
>>> from govhall.live import MemoryStore, SimulatedClock, Supervisor
>>> clock = SimulatedClock(datetime(2025, 11, 3, 9, 0))
>>> sup = Supervisor(clock, MemoryStore(), engine="plain")   # or a path: an SQLite database
>>> sup.post({"table": "weather", "text": "雨"}).accepted      # recorded, not raised
False
>>> [u.reason for u in sup.unknown_events()]
['unknown_type']

See ``docs/live.md`` and ``examples/live_supervision.py``.
"""

from govhall.live.clock import Clock, SimulatedClock, system_clock
from govhall.live.engine import (
    ROUTES,
    DurableEngine,
    EventEngine,
    PlainEngine,
    durable_available,
    make_engine,
)
from govhall.live.replayer import (
    MAX_TICKS,
    ReplayResult,
    event_time,
    parse_step,
    replay,
    span_time,
    ticks_needed,
)
from govhall.live.store import (
    STATE_FORMAT,
    Changes,
    JsonFileStore,
    MemoryStore,
    SqliteStore,
    StateReader,
    Store,
    open_store,
)
from govhall.live.supervisor import (
    CLOSING_EVENTS,
    FUTURE_TOLERANCE,
    HOLD_FOR,
    HOLD_LIMIT,
    LIVE_SUBJECTS,
    MAX_DEPTH,
    MAX_EVENT_CHARS,
    MAX_ID_CHARS,
    STAGE_LABELS,
    Posted,
    RuleSelection,
    Supervisor,
    UnknownEvent,
    describe,
    select_rules,
)

__all__ = [
    "CLOSING_EVENTS",
    "FUTURE_TOLERANCE",
    "HOLD_FOR",
    "HOLD_LIMIT",
    "LIVE_SUBJECTS",
    "MAX_DEPTH",
    "MAX_EVENT_CHARS",
    "MAX_ID_CHARS",
    "MAX_TICKS",
    "ROUTES",
    "STAGE_LABELS",
    "STATE_FORMAT",
    "Changes",
    "Clock",
    "DurableEngine",
    "EventEngine",
    "JsonFileStore",
    "MemoryStore",
    "PlainEngine",
    "Posted",
    "ReplayResult",
    "RuleSelection",
    "SimulatedClock",
    "SqliteStore",
    "StateReader",
    "Store",
    "Supervisor",
    "UnknownEvent",
    "describe",
    "durable_available",
    "event_time",
    "make_engine",
    "open_store",
    "parse_step",
    "replay",
    "select_rules",
    "span_time",
    "system_clock",
    "ticks_needed",
]
