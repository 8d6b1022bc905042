"""A post dated after the supervisor's clock is refused, named, and loses nothing (round 11).

A hall posts what has happened. A ``decided`` of 2030 posted in 2025 was accepted and judged: the
application counted as decided (late, in 2030) where it is in fact still open, and no 红牌 for it came.
Policy (docs/live.md): the moment a post says it happened — an event's ``at``, an application's or
complaint's ``received_at``, an appointment's ``booked_at`` — may be at most ``FUTURE_TOLERANCE`` (an hour; the
default on the real clock, and chosen here on a simulated one) after the clock; later, it is recorded as ``invalid`` with the field, the moment and the clock in ``detail``,
kept in the journal and the unknown events, and judged by no rule. ``Supervisor(future_tolerance=None)``
accepts any date (drills that post ahead).

Worked: item I1 promised 3个工作日; A1 received and accepted Mon 3 November 2025 09:00 → the start day not
counted, Tue 4 (1), Wed 5 (2), Thu 6 (3): due Thu 6 November. At Mon 10 November 10:00 it is undecided: a
红牌 (gdzw-0020-2019:5.5.1 仍未办结), which the 2030 ``decided`` no longer hides.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from govhall.live import FUTURE_TOLERANCE, SimulatedClock, StateReader, Supervisor, system_clock
from govhall.models import Item

ITEM = Item(code="I1", name="某许可", type="行政许可", department="D1", promised_limit="3个工作日")
APP = {"table": "applications", "id": "A1", "item_code": "I1", "received_at": "2025-11-03T09:00"}
ACCEPTED = {"application_id": "A1", "kind": "accepted", "at": "2025-11-03T09:00", "staff_id": "S1"}
DECIDED_2030 = {"application_id": "A1", "kind": "decided", "at": "2030-11-05T10:00", "outcome": "approved"}
NOW = datetime(2025, 11, 10, 10, 0)


def _sup(path: Path, clock: SimulatedClock, **kw: Any) -> Supervisor:
    kw.setdefault("future_tolerance", FUTURE_TOLERANCE)  # a simulated clock accepts any date by default
    return Supervisor(clock, path, engine="plain", rules="live", **kw)


def test_the_default_tolerance_is_an_hour_on_the_real_clock_and_none_on_a_simulated_one(
    tmp_path: Path,
) -> None:
    assert FUTURE_TOLERANCE == timedelta(hours=1)
    with Supervisor(system_clock, tmp_path / "real.db", engine="plain") as real:
        assert real.future_tolerance == timedelta(hours=1)
        ahead = (system_clock() + timedelta(hours=2)).isoformat(timespec="seconds")
        refused = real.post({"table": "applications", "id": "A9", "item_code": "I1", "received_at": ahead})
        assert (refused.accepted, refused.reason) == (False, "invalid")
    # a drill posts its scenario first, then moves the clock: accepted, as before 2026-12
    with Supervisor(SimulatedClock(NOW), tmp_path / "drill.db", engine="plain") as drill:
        assert drill.future_tolerance is None
        assert drill.post(ITEM).accepted and drill.post(APP).accepted and drill.post(DECIDED_2030).accepted


def test_a_2030_decision_posted_in_2025_is_refused_named_kept_and_judged_by_no_rule(tmp_path: Path) -> None:
    path = tmp_path / "live.db"
    clock = SimulatedClock(NOW)
    sup = _sup(path, clock)
    assert sup.post(ITEM).accepted and sup.post(APP).accepted and sup.post(ACCEPTED).accepted
    refused = sup.post(DECIDED_2030)
    assert (refused.accepted, refused.reason) == (False, "invalid")
    assert refused.detail is not None and refused.detail.startswith("at: 2030-11-05T10:00:00 is later than")
    assert "2025-11-10T10:00:00" in refused.detail and "1:00:00" in refused.detail
    [app] = sup.subjects("application")
    assert [e.kind.value for e in app.events] == ["accepted"]  # the decision is not on the application
    red = [f for f in sup.tick() if f.rule_id == "gdzw-0020-2019/promised-deadline"]
    assert [(f.subject.id, f.stage) for f in red] == [("A1", "red")]
    assert "2025-11-06" in red[0].message and "仍未办结" in red[0].message
    sup.close()

    # acknowledged means committed: a restart, and a reader, see all four posts and the refusal's reason
    with StateReader(path) as reader:
        outcomes = [(row["seq"], row["outcome"]) for row in reader.journal()]
        assert outcomes == [(1, "accepted"), (2, "accepted"), (3, "accepted"), (4, "invalid")]
        [unknown] = reader.unknown_events()
        assert unknown["seq"] == 4 and unknown["reason"] == "invalid" and unknown["detail"] == refused.detail
        assert unknown["event"]["at"] == "2030-11-05T10:00"
    again = _sup(path, clock)
    assert again.seq == 4 and [u.detail for u in again.unknown_events()] == [refused.detail]
    assert [e.kind.value for e in again.subjects("application")[0].events] == ["accepted"]
    assert again.tick() == []  # the 红牌 was shown before the restart
    again.close()


@pytest.mark.parametrize(
    ("ahead", "accepted"),
    [
        (timedelta(0), True),
        (timedelta(minutes=59), True),
        (timedelta(hours=1), True),
        (timedelta(minutes=61), False),
    ],
)
def test_the_tolerance_is_inclusive_to_the_minute(tmp_path: Path, ahead: timedelta, accepted: bool) -> None:
    clock = SimulatedClock(datetime(2025, 11, 3, 9, 0))
    with _sup(tmp_path / "live.db", clock) as sup:
        sup.post(ITEM)
        sup.post(APP)
        at = (clock() + ahead).isoformat()
        assert sup.post({"application_id": "A1", "kind": "accepted", "at": at}).accepted is accepted


def test_records_are_checked_on_the_moment_they_happened_not_on_what_they_book(tmp_path: Path) -> None:
    clock = SimulatedClock(datetime(2025, 11, 3, 9, 0))
    with _sup(tmp_path / "live.db", clock) as sup:
        sup.post(ITEM)
        ahead = sup.post({**APP, "id": "A2", "received_at": "2026-11-03T09:00"})  # a year on: refused
        assert (
            ahead.reason == "invalid"
            and ahead.detail is not None
            and ahead.detail.startswith("received_at: ")
        )
        complaint = sup.post(
            {"table": "complaints", "id": "C1", "channel": "online", "received_at": "2025-11-04T09:00"}
        )
        assert complaint.reason == "invalid" and complaint.detail is not None
        assert complaint.detail.startswith("received_at: ")
        booked_ahead = sup.post(
            {"table": "appointments", "id": "P1", "booked_at": "2025-11-05T09:00",
             "slot_start": "2025-11-06T09:00", "slot_end": "2025-11-06T09:30"}
        )  # fmt: skip
        assert booked_ahead.reason == "invalid" and str(booked_ahead.detail).startswith("booked_at: ")
        # booked now for a slot three days on: the slot is booked ahead by nature, not a post from the future
        booked = sup.post(
            {"table": "appointments", "id": "P2", "booked_at": "2025-11-03T08:30",
             "slot_start": "2025-11-06T09:00", "slot_end": "2025-11-06T09:30"}
        )  # fmt: skip
        assert booked.accepted
        assert [u.seq for u in sup.unknown_events()] == [ahead.seq, complaint.seq, booked_ahead.seq]
        assert sup.subjects("application") == [] and [p.id for p in sup.subjects("appointment")] == ["P2"]


def test_a_batch_keeps_every_post_and_refuses_only_the_one_from_the_future(tmp_path: Path) -> None:
    path = tmp_path / "live.db"
    clock = SimulatedClock(NOW)
    with _sup(path, clock) as sup:
        done = sup.post_many(
            [ITEM, APP, ACCEPTED, DECIDED_2030, {**ACCEPTED, "kind": "visit", "at": "2025-11-04T10:00"}]
        )
        assert [p.accepted for p in done] == [True, True, True, False, True]
    with StateReader(path) as reader:
        assert [row["outcome"] for row in reader.journal()] == ["accepted"] * 3 + ["invalid", "accepted"]
        assert [e["kind"] for e in reader.load()["applications"][0]["events"]] == ["accepted", "visit"]  # type: ignore[index]


def test_a_held_event_dated_ahead_is_refused_before_it_is_held(tmp_path: Path) -> None:
    with _sup(tmp_path / "live.db", SimulatedClock(NOW)) as sup:
        early = sup.post({**DECIDED_2030, "application_id": "A9"})
        assert early.reason == "invalid" and sup.held_events() == []


def test_no_tolerance_accepts_any_date_as_before(tmp_path: Path) -> None:
    with _sup(tmp_path / "live.db", SimulatedClock(NOW), future_tolerance=None) as sup:
        sup.post_many([ITEM, APP, ACCEPTED])
        assert sup.post(DECIDED_2030).accepted


@pytest.mark.parametrize("bad", [timedelta(minutes=-1), 3600])
def test_a_tolerance_that_is_no_duration_of_zero_or_more_is_refused(tmp_path: Path, bad: Any) -> None:
    with pytest.raises(ValueError, match="future_tolerance"):
        Supervisor(SimulatedClock(NOW), tmp_path / "x.db", future_tolerance=bad)
    assert list(tmp_path.iterdir()) == []  # refused before the state was opened
