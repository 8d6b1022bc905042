"""The six contested readings of issue #16, each a registered Interpretation, each tested both ways.

Dates worked by hand from the 2025 notice (10-01..10-08 off; Sun 09-28 and Sat 10-11 worked) and
civil-code:201 (the start day not counted). Working days after Fri 09-26:

    1 09-28  2 09-29  3 09-30  4 10-09  5 10-10  6 10-11  7 10-13  8 10-14  9 10-15  10 10-16
    11 10-17  12 10-20 … 16 10-24  17 10-27 … 20 10-30  21 10-31  22 11-03 … 26 11-07
    27 11-10 … 30 11-13  31 11-14  32 11-17 … 36 11-21  37 11-24  38 11-25  39 11-26  40 11-27
    41 11-28  42 12-01  43 12-02  44 12-03  45 12-04

The hangzhou reading (hangzhou-zuiduo-paoyici.correction-supplements) is tested both ways in
tests/test_visits.py, tests/standards/test_hangzhou_zuiduo_paoyici.py and its declarative cases.
"""

from __future__ import annotations

from typing import Any

import pytest

from govhall.models import Dataset
from govhall.rules import INTERPRETATIONS, Report, audit
from govhall.standards import load_all

from ._items import LIC

load_all()

L = "admin-licensing-law"
D = "db23-hlj-2023"
Y = "yousu-jiban"

SIX = {
    f"{L}.other-law-extension-cap": ("not_capped", f"{L}:42.1"),
    "hangzhou-zuiduo-paoyici.correction-supplements": (
        "exempt",
        "hangzhou-zuiduo-paoyici:术语和定义.最多跑一次",
    ),
    f"{L}.excluded-time-notice": ("unless_unwritten", f"{L}:45"),
    f"{D}.correction-notice-day": ("paused", f"{D}:7.4.2"),
    f"{Y}.simple-remote-limit": ("receipt", f"{Y}:处置流程.审核.2"),
    f"{L}.issue-event": ("issued", f"{L}:44"),
}


@pytest.mark.parametrize("name", sorted(SIX))
def test_each_reading_is_registered_with_its_clause_default_alternatives_and_basis(name: str) -> None:
    item = INTERPRETATIONS[name]
    default, clause = SIX[name]
    assert (item.default, str(item.clause)) == (default, clause)
    assert len(item.alternatives) >= 2 and item.basis and item.question


def report(
    standard: str, *, interpretations: dict[str, str] | None = None, as_of: str = "2025-12-31", **tables: Any
) -> Report:
    ds = Dataset.model_validate({**tables, "as_of": as_of})
    r = audit(ds, standards=[standard], interpretations=interpretations)
    assert not [n for n in r.notes if n.kind == "rule_error"], r.notes
    return r


def ids(r: Report, rule_id: str) -> list[str]:
    return [f.subject.id for f in r.findings if f.rule_id == rule_id]


def used(r: Report, name: str) -> tuple[str, bool]:
    (u,) = [u for u in r.interpretations if u.name == name]
    return u.value, u.is_default


def lic_app(*events: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": "A1",
        "item_code": "L1",
        "received_at": "2025-09-26T09:00",
        "events": [
            {"kind": "received", "at": "2025-09-26T09:00"},
            {"kind": "accepted", "at": "2025-09-26T09:30", "written": True},
            *events,
        ],
    }


# -- 1. Art 42's extension cap and another law's period ------------------------------------------------

EXT15 = {"kind": "extended", "at": "2025-11-10T09:00", "limit": "15个工作日", "approved_by": "局长"}


def test_art_42_cap_does_not_limit_another_law_s_period_by_default() -> None:
    # another law sets 30 working days (due 11-13); 15 approved working days on top: 45 → Thu 12-04
    item = {**LIC, "statutory_limit": "30个工作日"}
    app = lic_app(EXT15, {"kind": "decided", "at": "2025-12-04T10:00", "outcome": "approved"})
    r = report(L, items=[item], applications=[app])
    assert ids(r, f"{L}/decision-within-limit") == [] and ids(r, f"{L}/extension-approved") == []
    assert used(r, f"{L}.other-law-extension-cap") == ("not_capped", True)
    # capped at 10: 40 working days → Thu 11-27, so a decision on 12-04 is late and 15 > 10 is reported
    r = report(
        L, items=[item], applications=[app], interpretations={f"{L}.other-law-extension-cap": "capped"}
    )
    (f,) = [f for f in r.findings if f.rule_id == f"{L}/decision-within-limit"]
    assert f.evidence["due"] == "2025-11-27"
    assert ids(r, f"{L}/extension-approved") == ["A1"]


def test_art_42_s_own_20_days_stay_capped_under_either_reading() -> None:
    # statutory_limit 20个工作日 is Art 42's own period: 20 + at most 10 = 30 → Thu 11-13. The 15 days are
    # approved on Tue 10-28, inside the 20 (due Thu 10-30): one approved after 10-30 would not extend it
    # at all (admin-licensing-law.late-extension)
    item = {**LIC, "statutory_limit": "20个工作日"}
    app = lic_app(
        {**EXT15, "at": "2025-10-28T09:00"},
        {"kind": "decided", "at": "2025-11-14T10:00", "outcome": "approved"},
    )
    for value in ("not_capped", "capped"):
        r = report(
            L, items=[item], applications=[app], interpretations={f"{L}.other-law-extension-cap": value}
        )
        (f,) = [f for f in r.findings if f.rule_id == f"{L}/decision-within-limit"]
        assert f.evidence["due"] == "2025-11-13" and ids(r, f"{L}/extension-approved") == ["A1"]


# -- 3. Art 45: excluded time without a written notice --------------------------------------------------


def test_art_45_unnotified_expert_review_counts_unless_read_otherwise() -> None:
    # 20 working days → Thu 10-30; expert review Mon 10-13 .. Fri 10-17 is 5 working days → Thu 11-06
    app = lic_app(
        {"kind": "paused", "at": "2025-10-13T09:00", "procedure": "expert_review", "written": False},
        {"kind": "resumed", "at": "2025-10-17T17:00"},
        {"kind": "decided", "at": "2025-11-06T10:00", "outcome": "approved"},
    )
    r = report(L, items=[LIC], applications=[app])
    (f,) = [f for f in r.findings if f.rule_id == f"{L}/decision-within-limit"]
    assert f.evidence["due"] == "2025-10-30"
    assert used(r, f"{L}.excluded-time-notice") == ("unless_unwritten", True)
    r = report(
        L, items=[LIC], applications=[app], interpretations={f"{L}.excluded-time-notice": "any_listed"}
    )
    assert ids(r, f"{L}/decision-within-limit") == []
    assert ids(r, f"{L}/excluded-period-notified") == ["A1"]  # the missing notice is still a breach


# -- 4. db23 7.4.2: the correction notice day ---------------------------------------------------------

ITEM6 = {
    "code": "I1",
    "name": "某事项",
    "type": "公共服务",
    "department": "D1",
    "promised_limit": "6个工作日",
}


def db_app(notice: str, supplied: str, decided: str) -> dict[str, Any]:
    return {
        "id": "A1",
        "item_code": "I1",
        "received_at": "2025-09-26T10:00",
        "events": [
            {"kind": "correction_notice", "at": f"{notice}T11:00"},
            {"kind": "materials_supplemented", "at": f"{supplied}T15:00"},
            {"kind": "decided", "at": f"{decided}T16:00"},
        ],
    }


@pytest.mark.parametrize(
    ("notice", "supplied", "due_paused", "due_counted"),
    [
        # notice Tue 09-30, supplement Thu 10-09: paused 09-30 + 10-09 (2) → 10-14; counted: only 10-09 → 10-13
        ("2025-09-30", "2025-10-09", "2025-10-14", "2025-10-13"),
        # notice and supplement on Mon 09-29: paused 1 day → 7th working day 10-13; counted: nothing → 10-11
        ("2025-09-29", "2025-09-29", "2025-10-13", "2025-10-11"),
    ],
)
def test_7_4_2_notice_day_paused_or_counted(
    notice: str, supplied: str, due_paused: str, due_counted: str
) -> None:
    name = f"{D}.correction-notice-day"
    on_time = report(D, items=[ITEM6], applications=[db_app(notice, supplied, due_paused)])
    assert ids(on_time, f"{D}/promised-deadline") == [] and used(on_time, name) == ("paused", True)
    late = report(
        D,
        items=[ITEM6],
        applications=[db_app(notice, supplied, due_paused)],
        interpretations={name: "counted"},
    )
    (f,) = [f for f in late.findings if f.rule_id == f"{D}/promised-deadline"]
    assert f.evidence["due"] == due_counted


# -- 5. yousu: simple matters not raised on site ------------------------------------------------------


def test_simple_remote_matter_due_a_working_day_after_receipt_or_the_day_of_the_worksheet() -> None:
    # phone complaint Fri 10-10, 工作单 sent the same day, answered on the 调休 Sat 10-11
    c = {
        "id": "C1",
        "channel": "phone",
        "received_at": "2025-10-10T09:00",
        "content": "咨询办理进度",
        "accepted": True,
        "handler_staff": "S1",
        "tier": "simple",
        "facts": {"simple": True, "on_site": False},
        "events": [
            {"kind": "worksheet_sent", "at": "2025-10-10T10:00"},
            {"kind": "answered", "at": "2025-10-11T10:00"},
        ],
    }
    name = f"{Y}.simple-remote-limit"
    r = report(Y, complaints=[c])  # 1 working day after Fri 10-10 is Sat 10-11: in time
    assert ids(r, f"{Y}/simple-remote-one-working-day") == [] and ids(r, f"{Y}/tier-deadline") == []
    assert used(r, name) == ("receipt", True)
    r = report(Y, complaints=[c], interpretations={name: "worksheet"})  # 当天 from the 工作单: Fri 10-10
    (f,) = [f for f in r.findings if f.rule_id == f"{Y}/tier-deadline"]
    assert f.evidence["due"] == "2025-10-10" and ids(r, f"{Y}/simple-remote-one-working-day") == []


# -- 6. Art 44: does a pickup notice issue the licence? ------------------------------------------------


def test_art_44_pickup_notice_issues_by_default_but_is_not_delivery() -> None:
    # decided Tue 09-30: 10 working days → 10-09 … 10-21 (Tue); notice 10-21, collected Fri 10-24
    app = lic_app(
        {"kind": "decided", "at": "2025-09-30T10:00", "outcome": "approved"},
        {"kind": "pickup_notified", "at": "2025-10-21T10:00"},
        {"kind": "picked_up", "at": "2025-10-24T10:00"},
    )
    r = report(L, items=[LIC], applications=[app])
    assert ids(r, f"{L}/certificate-within-limit") == [] and used(r, f"{L}.issue-event") == ("issued", True)
    r = report(L, items=[LIC], applications=[app], interpretations={f"{L}.issue-event": "delivered"})
    (f,) = [f for f in r.findings if f.rule_id == f"{L}/certificate-within-limit"]
    assert f.evidence["due"] == "2025-10-21" and used(r, f"{L}.issue-event") == ("delivered", False)


# -- admin-licensing-law:82 and the hall's own calendar -----------------------------------------------


def test_art_82_counts_statutory_working_days_whatever_the_hall_opens_or_closes() -> None:
    # 期限以工作日计算，不含法定节假日: 20 working days from Fri 2025-09-26 end Thu 10-30 (National Day and the
    # 调休 Sundays/Saturdays per the 2025 notice). A Saturday the hall opens (10-18, 延时服务) would make
    # the hall's 20th day Wed 10-29, a day it closes (10-13) Fri 10-31: neither moves the law's period.
    from govhall import calendar

    cn = calendar("CN")
    opened = cn.with_overrides(open=[("2025-10-18", "周六延时服务")])
    closed = cn.with_overrides(closed=[("2025-10-13", "系统升级闭厅")])
    assert opened.statutory is cn and closed.statutory is cn and cn.statutory is cn
    assert opened.add_working_days("2025-09-26", 20).isoformat() == "2025-10-29"
    assert closed.add_working_days("2025-09-26", 20).isoformat() == "2025-10-31"
    on_30 = lic_app({"kind": "decided", "at": "2025-10-30T16:00", "outcome": "approved"})
    on_31 = lic_app({"kind": "decided", "at": "2025-10-31T10:00", "outcome": "approved"})
    for cal in (opened, closed):
        ds = Dataset.model_validate({"items": [LIC], "applications": [on_30], "as_of": "2025-12-31"})
        r = audit(ds, standards=[L], calendar=cal)
        assert ids(r, f"{L}/decision-within-limit") == []  # in time on the 20th statutory day
        ds = Dataset.model_validate({"items": [LIC], "applications": [on_31], "as_of": "2025-12-31"})
        (f,) = [
            f
            for f in audit(ds, standards=[L], calendar=cal).findings
            if f.rule_id == f"{L}/decision-within-limit"
        ]
        assert f.evidence["due"] == "2025-10-30"
