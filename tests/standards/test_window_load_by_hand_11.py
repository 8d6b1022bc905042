"""Comprehensive windows for a month's daily load across 调休 days, worked by hand (round 11).

dongguan-hall-2023:4.6 综合窗口数量应根据业务办理量科学设置,原则上按照每个综合窗口日均办理业务30件为标准计算。

The daily average is the month's cases over the working days of the stretch the records cover in it (from the
first application's day to the last's, both counted, by the State Council's notice); windows needed =
⌈average ÷ 30⌉. One comprehensive window W1. Every application on site at W1, one item.

* October 2025 (notice: 1–8 October off, Sat 11 October worked). Applications from Thu 9 to Fri 31 October:
  working days Thu 9, Fri 10, Sat 11 (调休) = 3; 13–17, 20–24, 27–31 = 15; 18 in all. 540 cases: 540 ÷ 18 = 30,
  ⌈30 ÷ 30⌉ = 1 window: enough. 541 cases: 30.06 a day, 2 windows: one short.
* February 2026 (notice: 15–23 February off, Sat 14 and Sat 28 February worked). Applications from Mon 2 to
  Sat 28 February: 2–6 (5), 9–13 (5), Sat 14 (1), 24–27 (4), Sat 28 (1) = 16. 480 cases: 30 a day: 1 window.
  The same 480 ending Fri 27 February: 15 working days, 32 a day: 2 windows, one short. Without the 调休
  Saturdays (read as weekends) the first stretch would have 14 days and 480 cases would look like 34.3 a day.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from govhall.models import Dataset
from govhall.rules import Finding, audit

RULE = "dongguan-hall-2023/comprehensive-window-count"
ITEMS = [
    {"code": "L1", "name": "某许可", "type": "行政许可", "department": "D1", "statutory_limit": "20个工作日"}
]
WINDOWS = [{"id": "W1", "kind": "comprehensive", "staff": ["S1"]}]
STAFF = [{"id": "S1", "role": "window_clerk", "department": "D1", "windows": ["W1"]}]


def applications(first: date, last: date, n: int) -> list[dict[str, Any]]:
    """``n`` applications at W1: one on ``first``, one on ``last``, the rest on ``first`` (the spread inside
    the stretch does not change the month's count or its working days)."""
    days = [first, last] + [first] * (n - 2)
    return [
        {"id": f"A{i}", "item_code": "L1", "received_at": f"{d.isoformat()}T10:00", "window_id": "W1"}
        for i, d in enumerate(days)
    ]


def run(first: date, last: date, n: int) -> list[Finding]:
    ds = Dataset.model_validate(
        {
            "items": ITEMS,
            "windows": WINDOWS,
            "staff": STAFF,
            "applications": applications(first, last, n),
            "as_of": last + timedelta(days=1),
        }
    )
    report = audit(ds, standards=["dongguan-hall-2023"])
    assert not [x for x in report.notes if x.kind == "rule_error"], report.notes
    return [f for f in report.findings if f.rule_id == RULE]


def test_october_2025_thirty_a_day_over_eighteen_working_days_is_enough() -> None:
    assert run(date(2025, 10, 9), date(2025, 10, 31), 540) == []


def test_october_2025_one_more_case_needs_a_second_window() -> None:
    [f] = run(date(2025, 10, 9), date(2025, 10, 31), 541)
    assert f.evidence["working_days"] == 18
    assert f.evidence["windows_needed"] == 2
    assert f.evidence["comprehensive_windows"] == 1


def test_february_2026_counts_both_tiaoxiu_saturdays() -> None:
    assert run(date(2026, 2, 2), date(2026, 2, 28), 480) == []


def test_february_2026_ending_friday_27_has_fifteen_working_days() -> None:
    [f] = run(date(2026, 2, 2), date(2026, 2, 27), 480)
    assert f.evidence["working_days"] == 15
    assert f.evidence["daily_average"] == 32.0
    assert f.evidence["windows_needed"] == 2
