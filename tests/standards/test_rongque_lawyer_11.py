"""Who took a 容缺 application in is judged even when the dataset records no items table (round 11).

gdzw-0020-2019:5.7.2 and dongguan-hall-2023:5.2.7.2 (the same sentence): 申办事项属容缺受理事项目录范围内的，其基本申请
条件具备、申请材料主件齐全且符合法定条件的，在其他申请材料暂缺或有误的情况下，窗口人员可先接收申请材料。

Four conditions, each on its own record:

* 属容缺受理事项目录范围内 and 申请材料主件齐全 — on the items table (``Item.rongque``, ``Material.main``);
* 基本申请条件具备 — on the application (``basic_conditions_met``);
* 窗口人员可先接收 — on the application's events and the staff list (who accepted it, else received it).

A dataset without an items table (a loaded one cannot be: the loader refuses an application whose item is
missing; the Python API and a live supervisor that was fed no items can) leaves the first two unrecorded, and an
unrecorded fact is no finding. The other two are recorded all the same. Before 2026-12 both rules returned at
once when there was no items table, so a guard's or cleaner's 容缺 and one taken with the basic conditions
recorded as not met went unreported: a bug. Who is no 窗口人员: gdzw-0020-2019:3.3 不包括保安、保洁类服务人员;
dongguan-hall-2023:3.3 lists 安保人员 apart from 窗口工作人员 and 保洁 not at all.

Every application: received Mon 3 November 2025 09:00 (a working day), accepted 09:10, 场地证明 owed.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest

from govhall.live import SimulatedClock, Supervisor
from govhall.models import Dataset
from govhall.rules import Finding, audit

STAFF = [
    {"id": "S1", "role": "window_clerk", "department": "D1"},
    {"id": "G1", "role": "保安", "department": "HALL"},
    {"id": "C1", "role": "cleaner", "department": "HALL"},
    {"id": "V1", "role": "志愿者", "department": "HALL"},
]
RULES = {
    "gdzw-0020-2019": "gdzw-0020-2019/rongque-eligibility",
    "dongguan-hall-2023": "dongguan-hall-2023/rongque-eligibility",
}
VOLUNTEER_READING = {
    "gdzw-0020-2019": "gdzw-0020-2019.rongque-volunteers",
    "dongguan-hall-2023": "dongguan-hall-2023.volunteers-at-windows",
}


def application(
    taker: str | None = "S1", *, basic: bool | None = True, accepted: bool = True
) -> dict[str, Any]:
    app: dict[str, Any] = {
        "id": "A1",
        "item_code": "R1",
        "received_at": "2025-11-03T09:00",
        "rongque": True,
        "rongque_missing": ["场地证明"],
        "events": [
            {"kind": "accepted" if accepted else "received", "at": "2025-11-03T09:10", "staff_id": taker}
        ],
    }
    if basic is not None:
        app["basic_conditions_met"] = basic
    return app


def findings(
    standard: str, app: dict[str, Any], interpretations: dict[str, str] | None = None
) -> list[Finding]:
    ds = Dataset.model_validate({"as_of": date(2025, 11, 30), "staff": STAFF, "applications": [app]})
    assert ds.items == []
    report = audit(ds, standards=[standard], interpretations=interpretations)
    assert not [n for n in report.notes if n.kind == "rule_error"], report.notes
    return [f for f in report.findings if f.rule_id == RULES[standard]]


@pytest.mark.parametrize("standard", sorted(RULES))
@pytest.mark.parametrize(
    ("taker", "accepted", "words"),
    [("G1", True, "由保安人员G1接收，不是窗口人员"), ("C1", False, "由保洁人员C1接收，不是窗口人员")],
)
def test_a_guard_or_cleaner_taking_it_in_is_found_without_an_items_table(
    standard: str, taker: str, accepted: bool, words: str
) -> None:
    # the guard accepted it; the cleaner received it and nobody accepted it: each is who took it in
    (f,) = findings(standard, application(taker, accepted=accepted))
    assert f.subject.id == "A1" and f.severity == "info"
    assert f.evidence["reasons"] == [words]  # nothing about the catalogue or the 主件: they are not recorded


@pytest.mark.parametrize("standard", sorted(RULES))
def test_basic_conditions_recorded_as_not_met_are_found_without_an_items_table(standard: str) -> None:
    (f,) = findings(standard, application("S1", basic=False))
    assert f.evidence["reasons"] == ["基本申请条件不具备"]


@pytest.mark.parametrize("standard", sorted(RULES))
@pytest.mark.parametrize("basic", [True, None])
def test_the_clerk_with_nothing_recorded_against_it_is_silent_without_an_items_table(
    standard: str, basic: bool | None
) -> None:
    # basic True: met; None: not recorded, no finding. The catalogue and the 主件 are not recorded either.
    assert findings(standard, application("S1", basic=basic)) == []


@pytest.mark.parametrize("standard", sorted(RULES))
def test_a_volunteer_follows_the_standard_s_own_reading_without_an_items_table(standard: str) -> None:
    assert findings(standard, application("V1")) == []  # default window_staff: a volunteer may take it in
    (f,) = findings(standard, application("V1"), {VOLUNTEER_READING[standard]: "not_window_staff"})
    assert f.evidence["reasons"] == ["由志愿者V1接收，不是窗口人员"]


def test_a_live_supervisor_fed_no_items_reports_the_guard() -> None:
    """The live case: a hall posts its staff and applications but not its catalogue; with the rules about
    applications running (rules="subjects"), the guard's 容缺 is reported at the first tick."""
    clock = SimulatedClock(datetime(2025, 11, 3, 9, 30))
    with Supervisor(clock, rules="subjects") as sup:
        sup.post_many([{"table": "staff", **s} for s in STAFF])
        assert sup.post({"table": "applications", **application("G1")}).accepted
        clock.advance(timedelta(hours=1))
        found = [f for f in sup.tick() if f.rule_id in RULES.values()]
    assert sorted(f.rule_id for f in found) == sorted(RULES.values())
    assert all(f.evidence["reasons"] == ["由保安人员G1接收，不是窗口人员"] for f in found)
