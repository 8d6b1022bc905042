"""A booking held live has its reminder on record (db23-hlj-2023:6.5.3 with the real rule).

In a batch audit a booking that leaves ``reminder_sent_at`` out, in a dataset none of whose bookings
records a reminder, is not judged (``db23-hlj-2023.unrecorded-reminder``). Live, the hall posts the
booking again when it reminds (docs/live.md), so a held booking without a reminder had none: the
supervisor judges it as the batch audit judges ``reminder_sent_at: null`` — also after a restart,
though the store keeps records without their null fields.

Slot Wed 5 Nov 2025 09:00; the reminder is due by Tue 4 Nov 09:00 (24 h before).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from govhall.live import MemoryStore, SimulatedClock, Supervisor
from govhall.loaders import load_dataset
from govhall.rules import REGISTRY, audit
from govhall.standards import load_all

load_all()
RULE = "db23-hlj-2023/appointment-reminder"
BOOKING: dict[str, Any] = {
    "id": "P1",
    "booked_at": "2025-11-01T10:00",
    "slot_start": "2025-11-05T09:00",
    "slot_end": "2025-11-05T09:30",
}


def _batch(booking: dict[str, Any]) -> list[tuple[str, str]]:
    report = audit(
        load_dataset({"appointments": [booking], "as_of": "2025-11-30"}), standards=["db23-hlj-2023"]
    )
    return [(f.subject.id, f.message) for f in report.findings if f.rule_id == RULE]


@pytest.mark.parametrize("restart", [False, True])
def test_a_held_booking_without_a_reminder_is_judged_as_one_recorded_without(restart: bool) -> None:
    clock = SimulatedClock(datetime(2025, 11, 4, 8, 0))
    store = MemoryStore()
    sup = Supervisor(clock, store, rules=[REGISTRY.get(RULE)])
    sup.post({"table": "appointments", **BOOKING})
    if restart:
        sup.close()
        sup = Supervisor(clock, store, rules=[REGISTRY.get(RULE)])
    seen: list[tuple[str, str]] = []
    while clock() < datetime(2025, 11, 5, 12, 0):
        seen.extend((clock().isoformat(), f.subject.id) for f in sup.tick())
        clock.advance(timedelta(hours=1))
    assert seen == [("2025-11-04T10:00:00", "P1")]  # the first tick past 09:00 on the 4th
    live = [(f.subject.id, f.message) for f in sup.findings()]
    sup.close()
    assert live == _batch({**BOOKING, "reminder_sent_at": None}) == [("P1", "未提供预约提醒服务")]
    assert _batch(BOOKING) == []  # left out, alone in a batch: not judged


def test_a_reminder_posted_in_time_stops_the_card() -> None:
    clock = SimulatedClock(datetime(2025, 11, 3, 8, 0))
    sup = Supervisor(clock, MemoryStore(), rules=[REGISTRY.get(RULE)])
    sup.post({"table": "appointments", **BOOKING})
    clock.set(datetime(2025, 11, 3, 18, 0))
    sup.post({"table": "appointments", **BOOKING, "reminder_sent_at": "2025-11-03T18:00"})
    for day in (4, 5, 6):
        clock.set(datetime(2025, 11, day, 12, 0))
        assert sup.tick() == []
    sup.close()


# -- admin-licensing-law:42, an extension held live -------------------------------------------------
# Accepted Fri 26 Sep 2025: 20 working days (the 调休 Sun 28 Sep and Sat 11 Oct worked, 1–8 Oct off) end
# Thu 30 Oct; an approved 10-working-day extension moves it to Thu 13 Nov. Live, a held extension without
# an approver was not approved (the feeder posts it as decided): it extends nothing, so on Fri 31 Oct
# the undecided case is overdue (红牌) — as a batch audit finds with approved_by null.

DECISION = "admin-licensing-law/decision-within-limit"
LICENCE = {
    "code": "L1",
    "name": "某许可",
    "type": "行政许可",
    "department": "D1",
    "statutory_limit": "20个工作日",
}
APPLICATION: dict[str, Any] = {
    "id": "A1",
    "item_code": "L1",
    "received_at": "2025-09-26T09:00",
    "events": [
        {"kind": "accepted", "at": "2025-09-26T09:30", "written": True},
        {"kind": "extended", "at": "2025-10-28T10:00", "limit": "10个工作日", "told_applicant": True},
    ],
}


def _with_approver(approver: Any) -> dict[str, Any]:
    extended = {**APPLICATION["events"][1], "approved_by": approver}
    return {**APPLICATION, "events": [APPLICATION["events"][0], extended]}


def _batch_decision(application: dict[str, Any]) -> list[str]:
    ds = load_dataset({"items": [LICENCE], "applications": [application], "as_of": "2025-10-31"})
    return [
        f.evidence["due"]
        for f in audit(ds, standards=["admin-licensing-law"]).findings
        if f.rule_id == DECISION
    ]


@pytest.mark.parametrize("restart", [False, True])
def test_a_held_extension_without_an_approver_extends_nothing(restart: bool) -> None:
    clock = SimulatedClock(datetime(2025, 10, 28, 12, 0))
    store = MemoryStore()
    sup = Supervisor(clock, store, rules=[REGISTRY.get(DECISION)])
    sup.post({"table": "items", **LICENCE})
    sup.post({"table": "applications", **APPLICATION})
    if restart:
        sup.close()
        sup = Supervisor(clock, store, rules=[REGISTRY.get(DECISION)])
    clock.set(datetime(2025, 10, 31, 12, 0))
    live = [(f.stage, f.evidence["due"]) for f in sup.tick()]
    sup.close()
    assert live == [("red", "2025-10-30")]
    assert _batch_decision(_with_approver(None)) == ["2025-10-30"]
    assert _batch_decision(APPLICATION) == []  # left out, alone in a batch: the extension counts
    assert _batch_decision(_with_approver("局长")) == []
