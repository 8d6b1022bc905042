"""The application 黄牌 of gdzw-0020-2019:5.5.1 in live supervision, with the real rules.

A 6-working-day promise received Fri 2025-09-26 falls due on the 调休 Saturday 10-11 (working days
after 09-26: Sun 09-28, Mon 09-29, Tue 09-30, Thu 10-09, Fri 10-10, Sat 10-11 — National Day
10-01..10-08 off). Two working days before it is Thu 10-09 (Fri 10-10 is one): the 黄牌 shows from
that day; the 红牌 (promised-deadline) once the day is past, i.e. from Sun 10-12.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from govhall.live import MemoryStore, SimulatedClock, Supervisor
from govhall.models import Item
from govhall.rules import REGISTRY
from govhall.standards import load_all

load_all()
G = "gdzw-0020-2019"
RULES = [REGISTRY.get(f"{G}/promised-deadline-yellow-card"), REGISTRY.get(f"{G}/promised-deadline")]


def test_yellow_card_two_working_days_ahead_then_red_across_national_day() -> None:
    clock = SimulatedClock(datetime(2025, 9, 26, 12, 0))
    sup = Supervisor(clock, MemoryStore(), rules=RULES)
    sup.post(Item(code="I1", name="某事项", type="公共服务", department="D1", promised_limit="6个工作日"))
    sup.post(
        {
            "table": "applications",
            "id": "A1",
            "item_code": "I1",
            "received_at": "2025-09-26T10:00",
            "staff_id": "S1",
        }
    )
    seen: list[tuple[str, str | None, str]] = []
    while clock() < datetime(2025, 10, 14, 12, 0):
        for f in sup.tick():
            seen.append((clock().date().isoformat(), f.stage, f.rule_id.split("/")[1]))
        clock.advance(timedelta(days=1))
    assert seen == [
        ("2025-10-09", "yellow", "promised-deadline-yellow-card"),
        ("2025-10-12", "red", "promised-deadline"),
    ]
    yellow = sup.findings()[0]
    assert yellow.severity == "warning" and yellow.evidence["due"] == "2025-10-11"


def test_a_restarted_supervisor_still_holds_the_empty_history_as_recorded() -> None:
    # The store keeps records without defaults, so an application with no event yet comes back with
    # its events left out; held live, its history is still on record (decisions.history_recorded):
    # the same cards as above, from a supervisor restarted on the store right after the posting.
    clock = SimulatedClock(datetime(2025, 9, 26, 12, 0))
    store = MemoryStore()
    first = Supervisor(clock, store, rules=RULES)
    first.post(Item(code="I1", name="某事项", type="公共服务", department="D1", promised_limit="6个工作日"))
    first.post(
        {
            "table": "applications",
            "id": "A1",
            "item_code": "I1",
            "received_at": "2025-09-26T10:00",
            "staff_id": "S1",
        }
    )
    sup = Supervisor(clock, store, rules=RULES)
    seen: list[tuple[str, str | None]] = []
    while clock() < datetime(2025, 10, 14, 12, 0):
        seen.extend((clock().date().isoformat(), f.stage) for f in sup.tick())
        clock.advance(timedelta(days=1))
    assert seen == [("2025-10-09", "yellow"), ("2025-10-12", "red")]
