"""Every rule that computes a date, checked against dates worked by hand (issue #16 item 8).

The dates below were counted on paper from the law and the State Council notice, not taken from
govhall's output:

* 国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号) 六: 国庆节、中秋节 10月1日至8日
  放假调休，共8天；9月28日（周日）、10月11日（周六）上班.
* civil-code:201 — the start day is not counted; N working days after D is the Nth working day after
  D (admin-licensing-law:82: the law's periods are working days, holidays excluded).
* civil-code:203 — a period in calendar days whose last day is not a working day ends on the next
  working day.
* "M working days before D" is the Mth working day counted backwards from D, D not counted.

Working days after Fri 2025-09-26, counted by hand (weekends off except the two 调休 days):

    1 Sun 09-28 (调休)  2 Mon 09-29  3 Tue 09-30  [10-01 … 10-08 off]  4 Thu 10-09  5 Fri 10-10
    6 Sat 10-11 (调休)  [Sun 10-12 off]  7 Mon 10-13  8 Tue 10-14  9 Wed 10-15  10 Thu 10-16
    11 Fri 10-17  12 Mon 10-20 … 16 Fri 10-24  17 Mon 10-27 … 20 Thu 10-30  21 Fri 10-31
    22 Mon 11-03 … 26 Fri 11-07  27 Mon 11-10 … 30 Thu 11-13

An ordinary week with a weekend: after Thu 2025-11-06 come Fri 11-07 (1), Mon 11-10 (2), Tue 11-11
(3), Wed 11-12 (4), Thu 11-13 (5), Fri 11-14 (6), Mon 11-17 (7).

Each case puts the act on the due day (silent) and on the next working day (fires), or the audit day
on and after the due day, and at least one case per rule sets a parameter other than the default.
A rule that counted calendar days where the law counts working days (the 7.6.1.1 bug
``dl.due - timedelta(days=lead)``) fails the cases whose two days straddle a weekend, National Day or a
调休 working Saturday.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govhall
from govhall.models import Dataset
from govhall.rules import Finding, audit

from ._items import LIC


def fired(
    standard: str,
    rule_id: str,
    *,
    as_of: str = "2025-12-31",
    params: dict[str, Any] | None = None,
    interpretations: dict[str, str] | None = None,
    **tables: Any,
) -> list[Finding]:
    ds = Dataset.model_validate({**tables, "as_of": as_of})
    profile = {"parameters": params} if params else None
    report = audit(ds, standards=[standard], profile=profile, interpretations=interpretations)
    assert not [n for n in report.notes if n.kind == "rule_error"], report.notes
    return [f for f in report.findings if f.rule_id == rule_id]


def _cases(*rows: tuple[Any, ...]) -> Any:
    return pytest.mark.parametrize("row", rows, ids=[str(r[0]) for r in rows])


# -- admin-licensing-law ------------------------------------------------------------------------------

L = "admin-licensing-law"


def lic_app(received: str, *events: dict[str, Any], **kw: Any) -> dict[str, Any]:
    return {
        "id": "A1",
        "item_code": "L1",
        "received_at": f"{received}T09:00",
        "events": [{"kind": "received", "at": f"{received}T09:00"}, *events],
        **kw,
    }


@_cases(
    # (why, received, limit parameter or None, notice day, fires)
    ("5wd from Fri 09-26 is Fri 10-10: notice that day", "2025-09-26", None, "2025-10-10", False),
    (
        "5wd from Fri 09-26: Sat 10-11 is a 调休 working day, one too late",
        "2025-09-26",
        None,
        "2025-10-11",
        True,
    ),
    ("3wd from Fri 09-26 is Tue 09-30 (Sun 09-28 worked)", "2025-09-26", "3个工作日", "2025-09-30", False),
    ("3wd from Fri 09-26: Thu 10-09 is after National Day", "2025-09-26", "3个工作日", "2025-10-09", True),
    ("5wd from Thu 11-06 is Thu 11-13 across a weekend", "2025-11-06", None, "2025-11-13", False),
    ("5wd from Thu 11-06: Fri 11-14 is late", "2025-11-06", None, "2025-11-14", True),
)
def test_art_32_4_correction_notice(row: tuple[Any, ...]) -> None:
    _, received, limit, notice, fires = row
    app = lic_app(received, {"kind": "correction_notice", "at": f"{notice}T10:00", "materials": ["x"]})
    params = {f"{L}.correction_notice_limit": limit} if limit else None
    got = fired(L, f"{L}/correction-notice-in-time", items=[LIC], applications=[app], params=params)
    assert bool(got) is fires


@_cases(
    ("20wd from Fri 09-26 is Thu 10-30", None, None, "2025-10-30", False),
    ("20wd from Fri 09-26: Fri 10-31 is late", None, None, "2025-10-31", True),
    ("6wd from Fri 09-26 is the 调休 Sat 10-11", "6个工作日", None, "2025-10-11", False),
    ("6wd from Fri 09-26: Mon 10-13 is late", "6个工作日", None, "2025-10-13", True),
    ("20wd + 10wd approved from Fri 09-26 is Thu 11-13", None, "10个工作日", "2025-11-13", False),
    ("20wd + 10wd approved: Fri 11-14 is late", None, "10个工作日", "2025-11-14", True),
)
def test_art_42_decision(row: tuple[Any, ...]) -> None:
    _, limit, ext, decided, fires = row
    evs: list[dict[str, Any]] = [{"kind": "accepted", "at": "2025-09-26T09:30", "written": True}]
    if ext:
        evs.append({"kind": "extended", "at": "2025-10-20T09:00", "limit": ext, "approved_by": "S9"})
    evs.append({"kind": "decided", "at": f"{decided}T16:00", "outcome": "approved"})
    params = {f"{L}.decision_limit": limit} if limit else None
    got = fired(
        L,
        f"{L}/decision-within-limit",
        items=[LIC],
        applications=[lic_app("2025-09-26", *evs)],
        params=params,
    )
    assert bool(got) is fires


# Art 45's excluded time, whole days (admin-licensing-law.excluded-time-start-day). 5 working days from an
# acceptance on Thu 6 November 2025 end Thu 11-13: Fri 11-07 (1), Mon 11-10 … Thu 11-13 (2-5).
# * Expert review Mon 11-10 .. Tue 11-11, paused (default: both days excluded): Fri 11-07 (1), Wed 11-12
#   (2), Thu 11-13 (3), Fri 11-14 (4), Mon 11-17 (5). counted (the first day still counts): only Tue 11-11
#   excluded: Fri 11-07 (1), Mon 11-10 (2), Wed 11-12 (3), Thu 11-13 (4), Fri 11-14 (5).
# * Expert review begun and ended on Mon 11-10: paused excludes that day (due Fri 11-14); counted excludes
#   nothing (due Thu 11-13).
@_cases(
    ("2-day review, paused: Mon 11-17", "paused", "2025-11-11", "2025-11-17", False),
    ("2-day review, paused: Tue 11-18 is late", "paused", "2025-11-11", "2025-11-18", True),
    ("2-day review, counted: Fri 11-14", "counted", "2025-11-11", "2025-11-14", False),
    ("2-day review, counted: Mon 11-17 is late", "counted", "2025-11-11", "2025-11-17", True),
    ("1-day review, paused: Fri 11-14", "paused", "2025-11-10", "2025-11-14", False),
    ("1-day review, counted: Fri 11-14 is late", "counted", "2025-11-10", "2025-11-14", True),
    ("1-day review, counted: Thu 11-13", "counted", "2025-11-10", "2025-11-13", False),
)
def test_art_45_excluded_time_start_day(row: tuple[Any, ...]) -> None:
    _, reading, resumed, decided, fires = row
    evs: list[dict[str, Any]] = [
        {"kind": "accepted", "at": "2025-11-06T09:30", "written": True},
        {"kind": "paused", "at": "2025-11-10T09:00", "procedure": "expert_review", "written": True},
        {"kind": "resumed", "at": f"{resumed}T17:00"},
        {"kind": "decided", "at": f"{decided}T16:00", "outcome": "approved"},
    ]
    name = f"{L}.excluded-time-start-day"
    got = fired(
        L, f"{L}/decision-within-limit", items=[LIC], applications=[lic_app("2025-11-06", *evs)],
        params={f"{L}.decision_limit": "5个工作日"},
        interpretations=None if reading == "paused" else {name: reading},
    )  # fmt: skip
    assert bool(got) is fires


def test_art_45_start_day_reading_is_listed_only_when_time_is_excluded() -> None:
    name = f"{L}.excluded-time-start-day"
    accepted = {"kind": "accepted", "at": "2025-11-06T09:30", "written": True}
    review = [
        {"kind": "paused", "at": "2025-11-10T09:00", "procedure": "expert_review", "written": True},
        {"kind": "resumed", "at": "2025-11-11T17:00"},
    ]
    for extra, listed in (([], False), (review, True)):
        app = lic_app("2025-11-06", accepted, *extra)
        ds = Dataset.model_validate({"items": [LIC], "applications": [app], "as_of": "2025-12-31"})
        report = audit(ds, standards=[L])
        assert (name in {i.name for i in report.interpretations}) is listed


@_cases(
    ("10wd from a decision on Fri 09-26 is Thu 10-16", "2025-09-26", None, "2025-10-16", False),
    ("10wd from Fri 09-26: Fri 10-17 is late", "2025-09-26", None, "2025-10-17", True),
    ("3wd from Tue 09-30 is the 调休 Sat 10-11", "2025-09-30", "3个工作日", "2025-10-11", False),
    ("3wd from Tue 09-30: Mon 10-13 is late", "2025-09-30", "3个工作日", "2025-10-13", True),
)
def test_art_44_certificate(row: tuple[Any, ...]) -> None:
    _, decided, limit, picked, fires = row
    app = lic_app(
        "2025-09-26",
        {"kind": "accepted", "at": "2025-09-26T09:30", "written": True},
        {"kind": "decided", "at": f"{decided}T10:00", "outcome": "approved"},
        {"kind": "picked_up", "at": f"{picked}T15:00"},
    )
    params = {f"{L}.certificate_limit": limit} if limit else None
    assert (
        bool(fired(L, f"{L}/certificate-within-limit", items=[LIC], applications=[app], params=params))
        is fires
    )


@pytest.mark.parametrize(("as_of", "fires"), [("2025-10-11", False), ("2025-10-13", True)])
def test_art_44_certificate_not_yet_issued_is_judged_on_the_audit_day(as_of: str, fires: bool) -> None:
    # 3 working days from Tue 09-30: Thu 10-09, Fri 10-10, Sat 10-11 (调休)
    app = lic_app(
        "2025-09-26",
        {"kind": "accepted", "at": "2025-09-26T09:30", "written": True},
        {"kind": "decided", "at": "2025-09-30T10:00", "outcome": "approved"},
    )
    got = fired(
        L,
        f"{L}/certificate-within-limit",
        as_of=as_of,
        items=[LIC],
        applications=[app],
        params={f"{L}.certificate_limit": "3个工作日"},
    )
    assert bool(got) is fires


@_cases(
    # 30 calendar days after Fri 09-26 is Sun 10-26 (a lead the licensee must keep: no holiday roll)
    ("30 days: expiry Sun 10-26 leaves exactly 30 days", None, None, "2025-10-26", False),
    ("30 days: expiry Sat 10-25 is one day short", None, None, "2025-10-25", True),
    # 45 calendar days after 09-26: 4 days of Sept + 31 of Oct = 35 → 10 more into Nov: Mon 11-10
    ("45 days: expiry 11-10", 45, None, "2025-11-10", False),
    ("45 days: expiry 11-09", 45, None, "2025-11-09", True),
    # working-day reading: the 30th working day after 09-26 is Thu 11-13
    ("30 working days: expiry 11-13", None, "working_days", "2025-11-13", False),
    ("30 working days: expiry 11-12", None, "working_days", "2025-11-12", True),
)
def test_art_50_renewal_lead(row: tuple[Any, ...]) -> None:
    _, lead, unit, expiry, fires = row
    app = lic_app("2025-09-26", kind="renewal", licence_expires_on=expiry)
    got = fired(
        L,
        f"{L}/renewal-filed-in-time",
        items=[LIC],
        applications=[app],
        params={f"{L}.renewal_lead_days": lead} if lead else None,
        interpretations={f"{L}.renewal-lead-unit": unit} if unit else None,
    )
    assert bool(got) is fires


# -- db23-hlj-2023 ------------------------------------------------------------------------------------

D = "db23-hlj-2023"


def db_item(limit: str) -> dict[str, Any]:
    return {"code": "I1", "name": "某事项", "type": "公共服务", "department": "D1", "promised_limit": limit}


def db_app(received: str, *events: tuple[str, str] | dict[str, Any]) -> dict[str, Any]:
    evs = [{"kind": e[0], "at": e[1]} if isinstance(e, tuple) else e for e in events]
    return {"id": "A1", "item_code": "I1", "received_at": f"{received}T10:00", "events": evs}


@_cases(
    ("6wd from Fri 09-26 is the 调休 Sat 10-11", "2025-09-26", "6个工作日", [], "2025-10-11", False),
    ("6wd from Fri 09-26: Mon 10-13 is late", "2025-09-26", "6个工作日", [], "2025-10-13", True),
    # correction Tue 09-30 → supplement Thu 10-09 pauses 09-30 and 10-09 (2 working days); the six
    # counted days are 09-28, 09-29, 10-10, 10-11, 10-13, 10-14
    (
        "6wd with a correction 09-30..10-09 is Tue 10-14",
        "2025-09-26",
        "6个工作日",
        ["c"],
        "2025-10-14",
        False,
    ),
    ("6wd with a correction: Wed 10-15 is late", "2025-09-26", "6个工作日", ["c"], "2025-10-15", True),
    (
        "3wd from Thu 11-06 is Tue 11-11 across the weekend",
        "2025-11-06",
        "3个工作日",
        [],
        "2025-11-11",
        False,
    ),
    ("3wd from Thu 11-06: Wed 11-12 is late", "2025-11-06", "3个工作日", [], "2025-11-12", True),
)
def test_6_1_3_and_7_4_2_promised_deadline(row: tuple[Any, ...]) -> None:
    _, received, limit, extra, decided, fires = row
    evs: list[tuple[str, str]] = []
    if extra:
        evs += [("correction_notice", "2025-09-30T11:00"), ("materials_supplemented", "2025-10-09T09:00")]
    evs.append(("decided", f"{decided}T16:00"))
    got = fired(D, f"{D}/promised-deadline", items=[db_item(limit)], applications=[db_app(received, *evs)])
    assert bool(got) is fires


# A promise written in 天 (gdzw-0020-2019.promise-day-unit). "3天" from Thu 6 November 2025:
# * calendar_days (default): the third day after Thu 11-06 is Sun 11-09, not a working day, so the period
#   ends on Mon 11-10 (civil-code:203); a decision on Tue 11-11 is late.
# * working_days: Fri 11-07 (1), Mon 11-10 (2), Tue 11-11 (3): a decision on Tue 11-11 is in time, one on
#   Wed 11-12 late.
@pytest.mark.parametrize("standard", ["gdzw-0020-2019", D])
@_cases(
    ("calendar: Mon 11-10 (Sun 11-09 rolled)", "calendar_days", "2025-11-10", False),
    ("calendar: Tue 11-11 is late", "calendar_days", "2025-11-11", True),
    ("working: Tue 11-11", "working_days", "2025-11-11", False),
    ("working: Wed 11-12 is late", "working_days", "2025-11-12", True),
)
def test_a_promise_in_days_is_read_per_the_promise_day_unit(standard: str, row: tuple[Any, ...]) -> None:
    _, reading, decided, fires = row
    app = db_app("2025-11-06", ("decided", f"{decided}T16:00"))
    name = "gdzw-0020-2019.promise-day-unit"
    interps = None if reading == "calendar_days" else {name: reading}
    got = fired(
        standard, f"{standard}/promised-deadline", items=[db_item("3天")], applications=[app],
        interpretations=interps,
    )  # fmt: skip
    assert bool(got) is fires
    # the reading is listed only where it decided: a promise in 天, not one in 工作日
    for limit, listed in (("3天", True), ("3个工作日", False)):
        ds = Dataset.model_validate({"items": [db_item(limit)], "applications": [app], "as_of": "2025-12-31"})
        report = audit(ds, standards=[standard])
        assert (name in {i.name for i in report.interpretations}) is listed


# A recorded pause for an Art 45 procedure in a db23 promise reads the same admin-licensing-law
# .excluded-time-start-day as the licence's decision period: 5 working days from Thu 11-06 with expert review
# Mon 11-10 .. Tue 11-11 end Mon 11-17 (both days excluded) or Fri 11-14 (Mon 11-10 still counted); see
# test_art_45_excluded_time_start_day for the count.
@_cases(
    ("paused: Mon 11-17", "paused", "2025-11-17", False),
    ("paused: Tue 11-18 is late", "paused", "2025-11-18", True),
    ("counted: Fri 11-14", "counted", "2025-11-14", False),
    ("counted: Mon 11-17 is late", "counted", "2025-11-17", True),
)
def test_6_1_3_art_45_pause_start_day(row: tuple[Any, ...]) -> None:
    _, reading, decided, fires = row
    review = {"kind": "paused", "at": "2025-11-10T09:00", "procedure": "expert_review", "written": True}
    app = db_app("2025-11-06", review, ("resumed", "2025-11-11T17:00"), ("decided", f"{decided}T16:00"))
    name = "admin-licensing-law.excluded-time-start-day"
    got = fired(
        D, f"{D}/promised-deadline", items=[db_item("5个工作日")], applications=[app],
        interpretations=None if reading == "paused" else {name: reading},
    )  # fmt: skip
    assert bool(got) is fires


@pytest.mark.parametrize(("as_of", "fires"), [("2025-11-11", False), ("2025-11-12", True)])
def test_6_1_3_undecided_is_judged_on_the_audit_day(as_of: str, fires: bool) -> None:
    got = fired(
        D,
        f"{D}/promised-deadline",
        as_of=as_of,
        items=[db_item("3个工作日")],
        applications=[db_app("2025-11-06")],
    )
    assert bool(got) is fires


@_cases(
    # 4wd from Fri 09-26 is Thu 10-09; 1 working day before it is Tue 09-30 (10-01..10-08 are off)
    ("lead 1 before Thu 10-09 is Tue 09-30", "2025-09-26", "4个工作日", None, "2025-09-30", False),
    (
        "lead 1 before Thu 10-09: a handover on holiday 10-08 is late",
        "2025-09-26",
        "4个工作日",
        None,
        "2025-10-08",
        True,
    ),
    (
        "lead 1 before Thu 10-09: Thu 10-09 itself is late",
        "2025-09-26",
        "4个工作日",
        None,
        "2025-10-09",
        True,
    ),
    # 7wd from 09-26 is Mon 10-13; 2 working days before: Sat 10-11 (1), Fri 10-10 (2)
    ("lead 2 before Mon 10-13 is Fri 10-10", "2025-09-26", "7个工作日", 2, "2025-10-10", False),
    ("lead 2 before Mon 10-13: the 调休 Sat 10-11 is late", "2025-09-26", "7个工作日", 2, "2025-10-11", True),
    # 4wd from 09-26 is Thu 10-09; 2 working days before: Tue 09-30 (1), Mon 09-29 (2)
    ("lead 2 before Thu 10-09 is Mon 09-29", "2025-09-26", "4个工作日", 2, "2025-09-29", False),
    ("lead 2 before Thu 10-09: Tue 09-30 is late", "2025-09-26", "4个工作日", 2, "2025-09-30", True),
    # 2wd from Thu 11-06 is Mon 11-10; 1 working day before it is Fri 11-07
    ("lead 1 before Mon 11-10 is Fri 11-07", "2025-11-06", "2个工作日", None, "2025-11-07", False),
    (
        "lead 1 before Mon 11-10: a handover on Sat 11-08 is late",
        "2025-11-06",
        "2个工作日",
        None,
        "2025-11-08",
        True,
    ),
)
def test_7_6_1_1_certificate_handover_lead_in_working_days(row: tuple[Any, ...]) -> None:
    _, received, limit, lead, handed, fires = row
    app = db_app(received, ("certificate_handed_over", f"{handed}T15:00"))
    params = {f"{D}.handover_lead_working_days": lead} if lead else None
    got = fired(D, f"{D}/certificate-handover", items=[db_item(limit)], applications=[app], params=params)
    assert bool(got) is fires


@_cases(
    ("1wd after Tue 09-30 is Thu 10-09", "2025-09-30", None, "2025-10-09", False),
    ("1wd after Tue 09-30: Fri 10-10 is late", "2025-09-30", None, "2025-10-10", True),
    ("1wd after Fri 09-26 is the 调休 Sun 09-28", "2025-09-26", None, "2025-09-28", False),
    ("1wd after Fri 09-26: Mon 09-29 is late", "2025-09-26", None, "2025-09-29", True),
    ("2wd after Tue 09-30 is Fri 10-10", "2025-09-30", 2, "2025-10-10", False),
    ("2wd after Tue 09-30: Sat 10-11 (调休) is late", "2025-09-30", 2, "2025-10-11", True),
    ("1wd after Fri 11-07 is Mon 11-10", "2025-11-07", None, "2025-11-10", False),
    ("1wd after Fri 11-07: Tue 11-11 is late", "2025-11-07", None, "2025-11-11", True),
)
def test_7_6_1_2_certificate_correction(row: tuple[Any, ...]) -> None:
    _, rejected, n, corrected, fires = row
    app = db_app(
        "2025-09-22",
        ("certificate_rejected", f"{rejected}T10:00"),
        ("certificate_corrected", f"{corrected}T15:00"),
    )
    params = {f"{D}.correction_working_days": n} if n else None
    got = fired(
        D, f"{D}/certificate-correction", items=[db_item("30个工作日")], applications=[app], params=params
    )
    assert bool(got) is fires


@_cases(
    ("1wd after Fri 09-26 is the 调休 Sun 09-28", "2025-09-26", None, "2025-09-28", False),
    ("1wd after Fri 09-26: Mon 09-29 is late", "2025-09-26", None, "2025-09-29", True),
    ("3wd after Tue 09-30 is the 调休 Sat 10-11", "2025-09-30", 3, "2025-10-11", False),
    ("3wd after Tue 09-30: Mon 10-13 is late", "2025-09-30", 3, "2025-10-13", True),
    ("1wd after Fri 11-07 is Mon 11-10", "2025-11-07", None, "2025-11-10", False),
    ("1wd after Fri 11-07: Tue 11-11 is late", "2025-11-07", None, "2025-11-11", True),
)
def test_7_6_2_pickup_notice(row: tuple[Any, ...]) -> None:
    _, handed, n, notified, fires = row
    app = db_app(
        "2025-09-22", ("certificate_handed_over", f"{handed}T10:00"), ("pickup_notified", f"{notified}T15:00")
    )
    params = {f"{D}.pickup_notice_working_days": n} if n else None
    got = fired(D, f"{D}/pickup-notice", items=[db_item("30个工作日")], applications=[app], params=params)
    assert bool(got) is fires


@_cases(
    # an hour period runs through the weekend (civil-code:201; timelimits.hour-holidays=elapsed)
    ("24 h before Mon 11-10 10:00 is Sun 11-09 10:00", None, "2025-11-09T10:00", False),
    ("24 h: Sun 11-09 10:30 is late", None, "2025-11-09T10:30", True),
    ("48 h before Mon 11-10 10:00 is Sat 11-08 10:00", 48, "2025-11-08T10:00", False),
    ("48 h: Sat 11-08 11:00 is late", 48, "2025-11-08T11:00", True),
)
def test_6_5_3_reminder_hours(row: tuple[Any, ...]) -> None:
    _, lead, sent, fires = row
    appt = {
        "id": "P1",
        "booked_at": "2025-11-01T09:00",
        "slot_start": "2025-11-10T10:00",
        "slot_end": "2025-11-10T10:30",
        "reminder_sent_at": sent,
    }
    params = {f"{D}.reminder_lead_hours": lead} if lead else None
    assert bool(fired(D, f"{D}/appointment-reminder", appointments=[appt], params=params)) is fires


# -- gdzw-0020-2019 and dongguan-hall-2023 ------------------------------------------------------------

G = "gdzw-0020-2019"
YELLOW = "gdzw-0020-2019/promised-deadline-yellow-card"  # the 5.5.1 黄牌 (issue #16 item 4)
RQ_ITEM = {"code": "R1", "name": "某容缺事项", "type": "公共服务", "department": "D1", "rongque": True}


@pytest.mark.parametrize(
    ("standard", "rule_id"),
    [
        (G, f"{G}/rongque-overdue-blacklist"),
        ("dongguan-hall-2023", "dongguan-hall-2023/rongque-overdue-sanction"),
    ],
)
@_cases(
    ("5wd from Fri 09-26 is Fri 10-10", "2025-09-26", None, "2025-10-10", False),
    ("5wd from Fri 09-26: the 调休 Sat 10-11 is late", "2025-09-26", None, "2025-10-11", True),
    ("6wd from Fri 09-26 is the 调休 Sat 10-11", "2025-09-26", "6个工作日", "2025-10-11", False),
    ("6wd from Fri 09-26: Mon 10-13 is late", "2025-09-26", "6个工作日", "2025-10-13", True),
    ("5wd from Thu 11-06 is Thu 11-13", "2025-11-06", None, "2025-11-13", False),
    ("5wd from Thu 11-06: Fri 11-14 is late", "2025-11-06", None, "2025-11-14", True),
)
def test_rongque_supplement_deadline(standard: str, rule_id: str, row: tuple[Any, ...]) -> None:
    _, received, limit, supplied, fires = row
    app = {
        "id": "A1",
        "item_code": "R1",
        "received_at": f"{received}T10:00",
        "rongque": True,
        "rongque_blacklisted": False,  # recorded as not listed: the lateness alone decides
        "rongque_missing": ["营业执照副本"],
        "events": [
            {"kind": "materials_supplemented", "at": f"{supplied}T15:00", "materials": ["营业执照副本"]}
        ],
    }
    params = {f"{G}.rongque_supplement_limit": limit} if limit else None
    assert bool(fired(standard, rule_id, items=[RQ_ITEM], applications=[app], params=params)) is fires


# A 容缺 supplement limit set in hours runs from the receipt's minute (civil-code:201) and ends at that
# moment, so the materials are judged by the hour, not by their day. Received Mon 3 November 2025 at 15:00:
# 48 hours end at 15:00 on Wednesday 5 November, 24 hours (set on the item) at 15:00 on Tuesday 4 November.
# Materials at 14:00 on the last day are in time; at 16:00 the same day they are an hour late (judged by
# date, as before, that day passed).
@pytest.mark.parametrize(
    ("standard", "rule_id"),
    [
        (G, f"{G}/rongque-overdue-blacklist"),
        ("dongguan-hall-2023", "dongguan-hall-2023/rongque-overdue-sanction"),
    ],
)
@_cases(
    ("48h parameter from Mon 15:00: Wed 11-05 14:00", None, "48小时", "2025-11-05T14:00", False),
    ("48h parameter from Mon 15:00: Wed 11-05 16:00 is late", None, "48小时", "2025-11-05T16:00", True),
    ("24h on the item from Mon 15:00: Tue 11-04 14:59", "24小时", None, "2025-11-04T14:59", False),
    ("24h on the item from Mon 15:00: Tue 11-04 15:01 is late", "24小时", None, "2025-11-04T15:01", True),
)
def test_rongque_supplement_limit_in_hours_is_judged_by_the_hour(
    standard: str, rule_id: str, row: tuple[Any, ...]
) -> None:
    _, item_limit, param, supplied, fires = row
    item = {**RQ_ITEM, "rongque_supplement_limit": item_limit} if item_limit else RQ_ITEM
    app = {
        "id": "A1",
        "item_code": "R1",
        "received_at": "2025-11-03T15:00",
        "rongque": True,
        "rongque_blacklisted": False,
        "rongque_missing": ["营业执照副本"],
        "events": [{"kind": "materials_supplemented", "at": supplied, "materials": ["营业执照副本"]}],
    }
    params = {f"{G}.rongque_supplement_limit": param} if param else None
    assert bool(fired(standard, rule_id, items=[item], applications=[app], params=params)) is fires


@_cases(
    ("6wd promise from Fri 09-26 is the 调休 Sat 10-11", "6个工作日", "2025-10-11", False),
    ("6wd promise: Mon 10-13 is late", "6个工作日", "2025-10-13", True),
    ("2wd promise from Fri 09-26 is Mon 09-29 (Sun 09-28 worked)", "2个工作日", "2025-09-29", False),
    ("2wd promise: Tue 09-30 is late", "2个工作日", "2025-09-30", True),
)
def test_gdzw_5_5_1_promised_deadline(row: tuple[Any, ...]) -> None:
    _, limit, decided, fires = row
    item = {"code": "I1", "name": "某事项", "type": "公共服务", "department": "D1", "promised_limit": limit}
    app = {
        "id": "A1",
        "item_code": "I1",
        "received_at": "2025-09-26T10:00",
        "staff_id": "S1",
        "events": [{"kind": "decided", "at": f"{decided}T16:00"}],
    }
    assert bool(fired(G, f"{G}/promised-deadline", items=[item], applications=[app])) is fires


@_cases(
    # 6wd promise from Fri 09-26 falls due on the 调休 Sat 10-11. Working days before it: Fri 10-10 (1),
    # Thu 10-09 (2), Tue 09-30 (3) — National Day in between
    ("lead 2: the 黄牌 shows from Thu 10-09", "6个工作日", None, "2025-10-09", True),
    ("lead 2: not yet on holiday 10-08", "6个工作日", None, "2025-10-08", False),
    ("lead 2: still on the due day Sat 10-11", "6个工作日", None, "2025-10-11", True),
    ("lead 2: after the due day it is a 红牌, not a 黄牌", "6个工作日", None, "2025-10-13", False),
    ("lead 3: from Tue 09-30, before National Day", "6个工作日", 3, "2025-09-30", True),
    ("lead 3: not on Mon 09-29", "6个工作日", 3, "2025-09-29", False),
    # 3wd promise from Fri 09-26 falls due Tue 09-30; 1 working day before: Mon 09-29; 2: the 调休 Sun 09-28
    ("lead 2: from the 调休 Sun 09-28", "3个工作日", None, "2025-09-28", True),
    ("lead 2: not on Sat 09-27", "3个工作日", None, "2025-09-27", False),
    ("lead 1: from Mon 09-29", "3个工作日", 1, "2025-09-29", True),
    ("lead 1: not on the 调休 Sun 09-28", "3个工作日", 1, "2025-09-28", False),
)
def test_gdzw_5_5_1_yellow_card_before_the_promised_day(row: tuple[Any, ...]) -> None:
    _, limit, lead, as_of, fires = row
    item = {"code": "I1", "name": "某事项", "type": "公共服务", "department": "D1", "promised_limit": limit}
    app = {"id": "A1", "item_code": "I1", "received_at": "2025-09-26T10:00", "staff_id": "S1", "events": []}
    params = {f"{G}.yellow_card_working_days": lead} if lead else None
    got = fired(G, YELLOW, as_of=as_of, items=[item], applications=[app], params=params)
    assert bool(got) is fires
    if got:
        assert got[0].stage == "yellow" and got[0].severity == "warning"


# -- hangzhou-zuiduo-paoyici ----------------------------------------------------------------------------


@_cases(
    ("6wd from Fri 09-26 is the 调休 Sat 10-11", [], "2025-10-11", False),
    ("6wd: telling on Mon 10-13 is after the limit ran out", [], "2025-10-13", True),
    # paused Mon 09-29 .. Tue 09-30 (2 working days): 09-28, 10-09, 10-10, 10-11, 10-13, 10-14
    ("6wd with 2 paused working days is Tue 10-14", ["p"], "2025-10-14", False),
    ("6wd with 2 paused working days: Wed 10-15 is late", ["p"], "2025-10-15", True),
)
def test_hangzhou_extension_told_before_the_limit_runs_out(row: tuple[Any, ...]) -> None:
    _, pause, ext_day, fires = row
    item = {
        "code": "I1",
        "name": "某事项",
        "type": "公共服务",
        "department": "D1",
        "promised_limit": "6个工作日",
    }
    evs: list[dict[str, Any]] = []
    if pause:
        evs += [{"kind": "paused", "at": "2025-09-29T10:00"}, {"kind": "resumed", "at": "2025-09-30T16:00"}]
    evs.append({"kind": "extended", "at": f"{ext_day}T09:00", "told_applicant": True, "limit": "5个工作日"})
    app = {"id": "A1", "item_code": "I1", "received_at": "2025-09-26T10:00", "events": evs}
    got = fired(
        "hangzhou-zuiduo-paoyici",
        "hangzhou-zuiduo-paoyici/extension-told-in-advance",
        items=[item],
        applications=[app],
    )
    assert bool(got) is fires


# -- haochaping-2019 ------------------------------------------------------------------------------------

H = "haochaping-2019"


def rating(at: str, **kw: Any) -> dict[str, Any]:
    return {
        "id": "E1",
        "at": f"{at}T10:00",
        "level": "不满意",
        "channel": "device",
        "staff_id": "S1",
        "rater_named": True,
        **kw,
    }


@_cases(
    ("3wd after Tue 09-30 is the 调休 Sat 10-11", "2025-09-30", None, "2025-10-11", False),
    ("3wd after Tue 09-30: Mon 10-13 is late", "2025-09-30", None, "2025-10-13", True),
    ("2wd after Fri 09-26 is Mon 09-29 (Sun 09-28 worked)", "2025-09-26", "2个工作日", "2025-09-29", False),
    ("2wd after Fri 09-26: Tue 09-30 is late", "2025-09-26", "2个工作日", "2025-09-30", True),
)
def test_haochaping_return_visit(row: tuple[Any, ...]) -> None:
    _, at, limit, visited, fires = row
    ev = rating(at, return_visit_at=f"{visited}T11:00", fixed_at=f"{visited}T11:00")
    params = {f"{H}.return_visit_deadline": limit} if limit else None
    assert bool(fired(H, f"{H}/bad-rating-return-visit", evaluations=[ev], params=params)) is fires


@_cases(
    ("5wd after Fri 11-07 is Fri 11-14", "2025-11-07", None, "2025-11-14", False),
    ("5wd after Fri 11-07: Mon 11-17 is late", "2025-11-07", None, "2025-11-17", True),
    ("4wd after Tue 09-30 is Mon 10-13", "2025-09-30", "4个工作日", "2025-10-13", False),
    ("4wd after Tue 09-30: Tue 10-14 is late", "2025-09-30", "4个工作日", "2025-10-14", True),
)
def test_haochaping_fix(row: tuple[Any, ...]) -> None:
    _, at, limit, fixed, fires = row
    ev = rating(at, return_visit_at=f"{at}T11:00", fixed_at=f"{fixed}T11:00")
    params = {f"{H}.fix_deadline": limit} if limit else None
    assert bool(fired(H, f"{H}/bad-rating-fixed", evaluations=[ev], params=params)) is fires


# A locality that sets its return visit and fix in hours (e.g. 实名差评24小时内回访): the hours run from
# the rating's minute (civil-code:201), so a rating at 10:00 on Monday 3 November 2025 is due back by
# 10:00 on Tuesday 4 November; 10:01 that day is late although it is the same date. 48 hours from
# 10:00 on Thursday 25 September run to 10:00 on Saturday 27 September, through the night (hours
# elapse; timelimits.hour-holidays): a fix at 10:00 that Saturday is in time, one at 10:30 is not.
@_cases(
    ("24h: visited Tue 11-04 09:59", "return", "2025-11-03", "24小时", "2025-11-04T09:59", False),
    ("24h: visited Tue 11-04 10:00 exactly", "return", "2025-11-03", "24小时", "2025-11-04T10:00", False),
    ("24h: visited Tue 11-04 10:01", "return", "2025-11-03", "24小时", "2025-11-04T10:01", True),
    ("48h: fixed Sat 09-27 10:00", "fix", "2025-09-25", "48小时", "2025-09-27T10:00", False),
    ("48h: fixed Sat 09-27 10:30", "fix", "2025-09-25", "48小时", "2025-09-27T10:30", True),
)
def test_haochaping_deadlines_in_hours(row: tuple[Any, ...]) -> None:
    _, step, at, limit, done, fires = row
    if step == "return":
        ev, param, rule_id = (
            rating(at, return_visit_at=done),
            "return_visit_deadline",
            "bad-rating-return-visit",
        )
    else:
        ev, param, rule_id = (
            rating(at, return_visit_at=f"{at}T11:00", fixed_at=done),
            "fix_deadline",
            "bad-rating-fixed",
        )
    got = fired(H, f"{H}/{rule_id}", evaluations=[ev], params={f"{H}.{param}": limit})
    assert bool(got) is fires


# The same 24 hours over National Day 2025 under both registered readings (timelimits.hour-holidays): from
# 10:00 on Tue 30 September they end at 10:00 on Wed 1 October, a holiday (elapsed, the default), so a visit
# on the first working day after it, Thu 9 October, is late; read with roll the end moves to 10:00 on 9
# October (10-01 … 10-08 off), so a visit at 09:30 that day is in time and one at 10:30 is not.
@_cases(
    ("elapsed: visited Thu 10-09 09:30", "elapsed", "2025-10-09T09:30", True),
    ("elapsed: visited Wed 10-01 09:30, a holiday", "elapsed", "2025-10-01T09:30", False),
    ("roll: visited Thu 10-09 09:30", "roll", "2025-10-09T09:30", False),
    ("roll: visited Thu 10-09 10:30", "roll", "2025-10-09T10:30", True),
)
def test_haochaping_hours_over_a_holiday_by_reading(row: tuple[Any, ...]) -> None:
    _, reading, visited, fires = row
    got = fired(
        H, f"{H}/bad-rating-return-visit", evaluations=[rating("2025-09-30", return_visit_at=visited)],
        params={f"{H}.return_visit_deadline": "24小时"}, interpretations={"timelimits.hour-holidays": reading},
    )  # fmt: skip
    assert bool(got) is fires


@pytest.mark.parametrize(("as_of", "fires"), [("2025-11-03", False), ("2025-11-04", True)])
def test_haochaping_return_visit_in_hours_not_yet_made(as_of: str, fires: bool) -> None:
    # 24 hours from 10:00 on 3 November end at 10:00 on 4 November: judged on the 3rd nothing is late
    # yet; judged on the 4th (at the audit day's end, as every rule judges a missing act) it is.
    got = fired(H, f"{H}/bad-rating-return-visit", as_of=as_of, evaluations=[rating("2025-11-03", return_visit_at=None)],
                params={f"{H}.return_visit_deadline": "24小时"})  # fmt: skip
    assert bool(got) is fires


# -- yousu-jiban --------------------------------------------------------------------------------------

Y = "yousu-jiban"


def complaint(received: str, *events: tuple[str, str] | dict[str, Any], **kw: Any) -> dict[str, Any]:
    evs = [{"kind": e[0], "at": e[1]} if isinstance(e, tuple) else e for e in events]
    return {
        "id": "C1",
        "channel": "onsite",
        "received_at": f"{received}T09:00",
        "content": "办证等待过久",
        "accepted": True,
        "handler_staff": "S1",
        "tier": "general",
        "events": evs,
        **kw,
    }


@_cases(
    ("1wd after Fri 09-26 is the 调休 Sun 09-28", "2025-09-26", "2025-09-28", False),
    ("1wd after Fri 09-26: Mon 09-29 is late", "2025-09-26", "2025-09-29", True),
    ("1wd after Tue 09-30 is Thu 10-09", "2025-09-30", "2025-10-09", False),
    ("1wd after Tue 09-30: Fri 10-10 is late", "2025-09-30", "2025-10-10", True),
    ("1wd after Fri 11-07 is Mon 11-10", "2025-11-07", "2025-11-10", False),
    ("1wd after Fri 11-07: Tue 11-11 is late", "2025-11-07", "2025-11-11", True),
)
def test_yousu_remote_response(row: tuple[Any, ...]) -> None:
    _, received, responded, fires = row
    c = complaint(received, ("responded", f"{responded}T10:00"), channel="letter")
    assert bool(fired(Y, f"{Y}/remote-response-one-working-day", complaints=[c])) is fires


@_cases(
    ("1wd after Fri 10-10 is the 调休 Sat 10-11", "2025-10-10", "2025-10-11", False),
    ("1wd after Fri 10-10: Mon 10-13 is late", "2025-10-10", "2025-10-13", True),
)
def test_yousu_simple_remote(row: tuple[Any, ...]) -> None:
    _, received, answered, fires = row
    c = complaint(
        received,
        ("answered", f"{answered}T10:00"),
        channel="phone",
        tier="simple",
        facts={"simple": True, "on_site": False},
    )
    assert bool(fired(Y, f"{Y}/simple-remote-one-working-day", complaints=[c])) is fires


@_cases(
    # 3天 from the 工作单 sent Tue 09-30: last day Fri 10-03, a holiday → Thu 10-09 (civil-code:203)
    ("3 days from Tue 09-30 roll over National Day to Thu 10-09", None, None, "2025-10-09", False),
    ("3 days from Tue 09-30: Fri 10-10 is late", None, None, "2025-10-10", True),
    # working-day reading: Thu 10-09, Fri 10-10, Sat 10-11 (调休)
    ("3 working days from Tue 09-30 end on the 调休 Sat 10-11", None, "working_days", "2025-10-11", False),
    ("3 working days: Mon 10-13 is late", None, "working_days", "2025-10-13", True),
    # a local 2天: last day Thu 10-02, a holiday → Thu 10-09
    ("2 days from Tue 09-30 end Thu 10-09", "2天", None, "2025-10-09", False),
    ("2 days from Tue 09-30: Fri 10-10 is late", "2天", None, "2025-10-10", True),
)
def test_yousu_tier_deadline_from_the_worksheet(row: tuple[Any, ...]) -> None:
    _, limit, unit, answered, fires = row
    c = complaint("2025-09-29", ("worksheet_sent", "2025-09-30T10:00"), ("answered", f"{answered}T10:00"))
    got = fired(
        Y,
        f"{Y}/tier-deadline",
        complaints=[c],
        params={f"{Y}.limit_general": limit} if limit else None,
        interpretations={f"{Y}.day-unit": unit} if unit else None,
    )
    assert bool(got) is fires


# A locality that sets a tier limit in hours (一般事项48小时内办结): the hours run from the 工作单's minute
# (civil-code:201), not from 00:00 of its day. Sent Mon 3 November 2025 at 15:00: due at 15:00 on Wednesday 5
# November, so an answer that Wednesday morning is in time, one at 16:00 that day or on Thursday is late
# (counted from 00:00 on Monday the hours would have ended at 24:00 on Tuesday, a day early).
@_cases(
    ("48h from Mon 15:00: answered Wed 11-05 10:00", "2025-11-05T10:00", False),
    ("48h from Mon 15:00: answered Wed 11-05 15:00 exactly", "2025-11-05T15:00", False),
    ("48h from Mon 15:00: answered Wed 11-05 16:00, an hour late", "2025-11-05T16:00", True),
    ("48h from Mon 15:00: answered Thu 11-06 09:00", "2025-11-06T09:00", True),
)
def test_yousu_tier_deadline_in_hours_runs_from_the_worksheet_minute(row: tuple[Any, ...]) -> None:
    _, answered, fires = row
    c = complaint("2025-11-03", ("worksheet_sent", "2025-11-03T15:00"), ("answered", answered))
    got = fired(Y, f"{Y}/tier-deadline", complaints=[c], params={f"{Y}.limit_general": "48小时"})
    assert bool(got) is fires


@_cases(
    ("当场: answered the same day, Sat 10-11 (调休)", "2025-10-11", "2025-10-11", False),
    ("当场: answered Mon 10-13 after a Saturday receipt", "2025-10-11", "2025-10-13", True),
)
def test_yousu_on_the_spot(row: tuple[Any, ...]) -> None:
    _, received, answered, fires = row
    c = complaint(
        received,
        ("answered", f"{answered}T16:00"),
        tier="simple",
        facts={"simple": True, "on_site": True, "general_question": True},
    )
    assert bool(fired(Y, f"{Y}/on-the-spot", complaints=[c])) is fires


@_cases(
    # 3天 from Thu 11-06 (no 工作单): last day Sun 11-09 → Mon 11-10
    ("3 days from Thu 11-06 end Sun 11-09, rolled to Mon 11-10", "2025-11-10", None, False),
    ("3 days from Thu 11-06: the audit on Tue 11-11 finds it open", "2025-11-11", None, True),
    # a local 4天: Mon 11-10 is the last day itself
    ("4 days from Thu 11-06 end Mon 11-10", "2025-11-10", "4天", False),
    ("4 days from Thu 11-06: open on Tue 11-11", "2025-11-11", "4天", True),
    # a local 2天: last day Sat 11-08 → Mon 11-10 as well (the roll, not the count, decides)
    ("2 days from Thu 11-06 end Sat 11-08, rolled to Mon 11-10", "2025-11-10", "2天", False),
)
def test_yousu_track_to_closure(row: tuple[Any, ...]) -> None:
    _, as_of, limit, fires = row
    params = {f"{Y}.limit_general": limit} if limit else None
    got = fired(Y, f"{Y}/track-to-closure", as_of=as_of, complaints=[complaint("2025-11-06")], params=params)
    assert bool(got) is fires


@_cases(
    ("工作单 deadline on the rolled due day Thu 10-09", "2025-10-09", None, False),
    ("工作单 deadline Fri 10-10 is later than allowed", "2025-10-10", None, True),
    # a local 7天 for general matters: Tue 09-30 + 7 = Tue 10-07, a holiday → Thu 10-09 again
    ("7 days: still Thu 10-09", "2025-10-09", "7天", False),
    # a local 10天: Fri 10-10 is the last day, a working day
    ("10 days: Fri 10-10 allowed", "2025-10-10", "10天", False),
    ("10 days: the 调休 Sat 10-11 is later than allowed", "2025-10-11", "10天", True),
)
def test_yousu_worksheet_deadline(row: tuple[Any, ...]) -> None:
    _, deadline, limit, fires = row
    c = complaint(
        "2025-09-29",
        ("worksheet_sent", "2025-09-30T10:00"),
        worksheet={"deadline": deadline, "departments": "D1"},
    )
    params = {f"{Y}.limit_general": limit} if limit else None
    assert bool(fired(Y, f"{Y}/worksheet-deadline", complaints=[c], params=params)) is fires


@_cases(
    # due Thu 10-09 (above); 1 working day before it is Tue 09-30, 2 are Mon 09-29
    (
        "lead 1: answered Tue 09-30, when the urge window opens at its end: no 催办 needed",
        None,
        "2025-09-30",
        False,
    ),
    ("lead 1: answered Thu 10-09 without a 催办", None, "2025-10-09", True),
    ("lead 2: answered Mon 09-29, no 催办 needed", "2个工作日", "2025-09-29", False),
    ("lead 2: answered Tue 09-30 without a 催办", "2个工作日", "2025-09-30", True),
)
def test_yousu_urge_before_due(row: tuple[Any, ...]) -> None:
    _, lead, answered, fires = row
    c = complaint("2025-09-29", ("worksheet_sent", "2025-09-29T10:00"), ("answered", f"{answered}T10:00"))
    # sent Mon 09-29: 3天 → Thu 10-02, a holiday → Thu 10-09
    params = {f"{Y}.urge_lead": lead} if lead else None
    assert bool(fired(Y, f"{Y}/urge-before-due", complaints=[c], params=params)) is fires


@_cases(
    # due Thu 10-09; 督办 within 1 working day after it: by Fri 10-10; within 2: by the 调休 Sat 10-11
    ("督办 on Fri 10-10 is in time", None, "2025-10-10", False),
    ("督办 on Sat 10-11 is late", None, "2025-10-11", True),
    ("2wd: 督办 on the 调休 Sat 10-11 is in time", "2个工作日", "2025-10-11", False),
    ("2wd: 督办 on Mon 10-13 is late", "2个工作日", "2025-10-13", True),
)
def test_yousu_supervise_when_overdue(row: tuple[Any, ...]) -> None:
    _, within, supervised, fires = row
    c = complaint("2025-09-29", ("worksheet_sent", "2025-09-30T10:00"), ("supervised", f"{supervised}T10:00"))
    params = {f"{Y}.supervise_within": within} if within else None
    assert bool(fired(Y, f"{Y}/supervise-when-overdue", complaints=[c], params=params)) is fires


@_cases(
    # 督办 Tue 09-30; result due 3wd later: 10-09, 10-10, Sat 10-11; 通报 within 2wd: Mon 10-13, Tue 10-14
    ("通报 on Tue 10-14 is in time", None, "2025-10-14", False),
    ("通报 on Wed 10-15 is late", None, "2025-10-15", True),
    # result due 1wd after 09-30: Thu 10-09; 通报 within 2wd: Fri 10-10, Sat 10-11 (调休)
    ("1wd: 通报 on the 调休 Sat 10-11 is in time", "1个工作日", "2025-10-11", False),
    ("1wd: 通报 on Mon 10-13 is late", "1个工作日", "2025-10-13", True),
)
def test_yousu_notify_after_supervision(row: tuple[Any, ...]) -> None:
    _, sup_deadline, notified, fires = row
    c = complaint(
        "2025-09-29",
        ("worksheet_sent", "2025-09-29T10:00"),
        ("supervised", "2025-09-30T10:00"),
        {
            "kind": "notified",
            "at": f"{notified}T10:00",
            "reported_to_government": True,
            "cc_discipline": True,
        },
    )
    params = {f"{Y}.supervision_deadline": sup_deadline} if sup_deadline else None
    assert bool(fired(Y, f"{Y}/notify-after-supervision", complaints=[c], params=params)) is fires


# Across the end of the last published notice (2026; dates from 29 December 2026 are provisional: the 2027
# notice may still move them, as the 2019 notice made Sat 29 December 2018 a working day). A finding that
# rests on such a date says so, even when the due date it starts from is settled.
@_cases(
    # 工作单 Thu 12-24: 3天 → Sun 12-27 → Mon 12-28 (settled); 督办 within 1wd: by Tue 12-29 (provisional)
    ("督办 window ends Tue 2026-12-29: provisional", "2026-12-24", True),
    # 工作单 Mon 12-21: 3天 → Thu 12-24; 督办 by Fri 12-25: settled
    ("督办 window ends Fri 2026-12-25: settled", "2026-12-21", False),
)
def test_yousu_supervise_when_overdue_past_the_last_notice(row: tuple[Any, ...]) -> None:
    _, sent, provisional = row
    c = complaint(sent, ("worksheet_sent", f"{sent}T10:00"))
    (f,) = fired(Y, f"{Y}/supervise-when-overdue", complaints=[c], as_of="2027-01-08")
    assert f.provisional is provisional


@_cases(
    # 督办 Tue 12-22; result due 3wd later: 12-23, 12-24, Fri 12-25 (settled); 通报 within 2wd: Mon 12-28,
    # Tue 12-29 (provisional); within 1wd: Mon 12-28 (settled)
    ("通报 due Tue 2026-12-29: provisional", None, True),
    ("1wd: 通报 due Mon 2026-12-28: settled", "1个工作日", False),
)
def test_yousu_notify_after_supervision_past_the_last_notice(row: tuple[Any, ...]) -> None:
    _, within, provisional = row
    c = complaint("2026-12-21", ("worksheet_sent", "2026-12-21T10:00"), ("supervised", "2026-12-22T10:00"))
    params = {f"{Y}.notify_within": within} if within else None
    (f,) = fired(Y, f"{Y}/notify-after-supervision", complaints=[c], params=params, as_of="2027-01-08")
    assert f.provisional is provisional
    assert f.evidence["notify_by"] == ("2026-12-29" if provisional else "2026-12-28")


@_cases(
    # accepted Mon 11-30: 20wd are 12-01 … 12-04 (1–4), 12-07 … 12-11 (5–9), 12-14 … 12-18 (10–14), 12-21 …
    # 12-25 (15–19), Mon 12-28 (20): settled; an extension approved Tue 12-29 comes after it
    ("Art 42 period ends Mon 2026-12-28: settled", "2026-11-30", "2026-12-29", "2026-12-28", False),
    # accepted Tue 12-01: 12-02 … 12-04 (1–3) … 12-28 (19), Tue 12-29 (20): provisional; approved Wed 12-30
    ("Art 42 period ends Tue 2026-12-29: provisional", "2026-12-01", "2026-12-30", "2026-12-29", True),
)
def test_art_42_extension_approved_too_late_past_the_last_notice(row: tuple[Any, ...]) -> None:
    _, accepted, approved, due_then, provisional = row
    app = lic_app(
        accepted,
        {"kind": "accepted", "at": f"{accepted}T09:30", "written": True},
        {"kind": "extended", "at": f"{approved}T10:00", "limit": "10个工作日", "approved_by": "局长"},
    )
    item = {**LIC, "statutory_limit": "20个工作日"}
    got = fired(L, f"{L}/extension-approved", items=[item], applications=[app], as_of="2027-01-31")
    (f,) = [f for f in got if "due_then" in f.evidence]
    assert f.evidence["due_then"] == due_then and f.provisional is provisional


@_cases(
    # correction_notice_within 5个工作日 from Mon 12-21: 12-22 … 12-25 (1–4), Mon 12-28 (5): settled
    ("notice due Mon 2026-12-28: settled", "2026-12-21", "2026-12-29", False),
    # from Tue 12-22: 12-23 … 12-25 (1–3), 12-28 (4), Tue 12-29 (5): provisional
    ("notice due Tue 2026-12-29: provisional", "2026-12-22", "2026-12-30", True),
)
def test_gdzw_5_3_3_c_late_notice_past_the_last_notice(row: tuple[Any, ...]) -> None:
    _, received, notice, provisional = row
    item = {"code": "I1", "name": "某事项", "type": "公共服务", "department": "D1"}
    app = {
        "id": "A1",
        "item_code": "I1",
        "received_at": f"{received}T09:00",
        "staff_id": "S1",
        "events": [
            {"kind": "correction_notice", "at": f"{notice}T10:00", "staff_id": "S1", "written": True,
             "materials": ["身份证"], "requirements": "原件", "deadline": "2027-01-15"},
        ],
    }  # fmt: skip
    bad = {"id": "E1", "at": "2026-12-31T10:00", "level": "不满意", "application_id": "A1", "staff_id": "S1"}
    got = fired(
        G, f"{G}/written-correction-notice", items=[item], applications=[app], evaluations=[bad],
        as_of="2027-01-31",
    )  # fmt: skip
    (f,) = [f for f in got if f.clauses == [f"{G}:5.3.3.c"]]
    assert f.provisional is provisional


# Limits a locality sets in hours run from the receipt's minute (civil-code:201). Received Mon 3 November
# 2025 at 15:00, a 24-hour correction notice limit ends at 15:00 on Tuesday 4 November: a notice at 14:00
# that Tuesday is in time, one at 16:00 the same day is not (Art 32(4): then deemed accepted on receipt;
# gdzw 5.3.3 c: late, with a bad rating after it).
@_cases(
    ("notice Tue 11-04 14:00: in time", "2025-11-04T14:00", False),
    ("notice Tue 11-04 16:00: 1 hour late", "2025-11-04T16:00", True),
)
def test_correction_notice_limits_in_hours_run_from_the_receipt_minute(row: tuple[Any, ...]) -> None:
    _, notice, late = row
    event = {"kind": "correction_notice", "at": notice, "staff_id": "S1", "written": True,
             "materials": ["身份证"], "requirements": "原件", "deadline": "2025-11-20"}  # fmt: skip
    app = {
        "id": "A1",
        "item_code": "L1",
        "received_at": "2025-11-03T15:00",
        "staff_id": "S1",
        "events": [event],
    }
    got = fired(
        L, f"{L}/correction-notice-in-time", items=[LIC], applications=[app],
        params={f"{L}.correction_notice_limit": "24小时"},
    )  # fmt: skip
    assert bool(got) is late
    bad = {"id": "E1", "at": "2025-11-05T10:00", "level": "不满意", "application_id": "A1", "staff_id": "S1"}
    got = fired(
        G, f"{G}/written-correction-notice", items=[LIC], applications=[app], evaluations=[bad],
        params={f"{G}.correction_notice_within": "24小时"},
    )  # fmt: skip
    assert any(f.clauses == [f"{G}:5.3.3.c"] for f in got) is late


def test_every_date_rule_has_hand_worked_cases_here() -> None:
    """The rules that compute a date (they take a time-limit parameter or call ctx.due) are all above."""
    import inspect

    from govhall.rules import REGISTRY

    here = Path(__file__).resolve().parent
    source = "\n".join(
        (here / f).read_text(encoding="utf-8")
        for f in ("test_deadlines_by_hand.py", "test_records_automated.py", "test_contested_readings.py")
    )
    computing = {
        r.id
        for r in REGISTRY
        if any(
            tok in inspect.getsource(r.check)
            for tok in ("ctx.due(", "add_working_days", "subtract_working_days")
        )
        or r.id.endswith(("-deadline", "-limit", "-in-time"))
    }
    # rules whose date comes from a helper (promised_deadline, _handling, _step, decision_deadline …)
    helpers = (
        "promised_deadline(",
        "_handling(",
        "_supervised(",
        "_step(",
        "decision_deadline(",
        "correction_check(",
    )
    computing |= {r.id for r in REGISTRY if any(h in inspect.getsource(r.check) for h in helpers)}
    computing |= {r.id for r in REGISTRY if "rongque_supplement_due" in inspect.getsource(r.check)}
    # named like a deadline but comparing recorded dates only (nothing counted)
    computing -= {
        "db23-hlj-2023/return-only-after-deadline",  # the notice's own recorded deadline
        "gdzw-0020-2019/consultation-answered-in-time",  # the recorded answer_promised_at
    }
    untested = sorted(rid for rid in computing if f"/{rid.split('/', 1)[1]}" not in source)
    assert untested == [], untested


def test_the_calendar_facts_used_above() -> None:
    """The three kinds of day the cases rely on, from the 2025 notice."""
    import govhall

    cal = govhall.calendar("CN")
    assert cal.is_working_day(date(2025, 9, 28)) and cal.is_working_day(date(2025, 10, 11))
    assert not any(cal.is_working_day(date(2025, 10, d)) for d in range(1, 9))
    assert not cal.is_working_day(date(2025, 10, 12)) and not cal.is_working_day(date(2025, 11, 8))


# -- laws that hold for every date --------------------------------------------------------------------

_CAL = govhall.calendar("CN")


@settings(max_examples=30, deadline=None)
@given(
    received=st.dates(date(2025, 1, 2), date(2025, 11, 28)),
    n=st.integers(2, 15),
    lead=st.integers(1, 3),
)
def test_7_6_1_1_the_handover_day_is_exactly_lead_working_days_before_the_due_day(
    received: date, n: int, lead: int
) -> None:
    """For every receipt day, limit and lead: the handover deadline is a working day with exactly
    ``lead`` working days in (handover_by, due] — never a calendar-day subtraction."""
    app = db_app(received.isoformat(), ("certificate_handed_over", "2026-06-30T15:00"))
    (f,) = fired(
        D,
        f"{D}/certificate-handover",
        items=[db_item(f"{n}个工作日")],
        applications=[app],
        params={f"{D}.handover_lead_working_days": lead},
        as_of="2026-07-31",
    )
    by, due = date.fromisoformat(f.evidence["handover_by"]), date.fromisoformat(f.evidence["due"])
    assert _CAL.is_working_day(by) and _CAL.working_days_between(by, due) == lead
    assert _CAL.working_days_between(received, due) == n  # the promise itself: n working days after receipt


@settings(max_examples=30, deadline=None)
@given(received=st.dates(date(2025, 1, 2), date(2025, 11, 28)), n=st.integers(2, 15), lead=st.integers(1, 3))
def test_the_yellow_card_starts_exactly_lead_working_days_before_the_due_day(
    received: date, n: int, lead: int
) -> None:
    due = _CAL.add_working_days(received, n)
    warn_from = _CAL.subtract_working_days(due, lead)
    item = {
        "code": "I1",
        "name": "某事项",
        "type": "公共服务",
        "department": "D1",
        "promised_limit": f"{n}个工作日",
    }
    app = {"id": "A1", "item_code": "I1", "received_at": f"{received.isoformat()}T10:00", "events": []}
    params = {f"{G}.yellow_card_working_days": lead}
    on = fired(G, YELLOW, as_of=warn_from.isoformat(), items=[item], applications=[app], params=params)
    assert on and on[0].evidence["warn_from"] == warn_from.isoformat()
    before = _CAL.previous_working_day(warn_from)
    if before > received:
        assert not fired(G, YELLOW, as_of=before.isoformat(), items=[item], applications=[app], params=params)
