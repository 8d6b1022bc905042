"""The pictures (govhall.svg): what is drawn is what the calendar and the data say.

Legal facts are worked by hand from the 2025 notice (国办发明电〔2024〕12号): National Day and
Mid-Autumn 10-01 … 10-08 off, Sun 09-28 and Sat 10-11 worked. 20 working days after Fri 2025-09-26 are
09-28, 09-29, 09-30, 10-09 … : the 20th is Thu 10-30 (README). With a pause on 10-09 and 10-10 two more
working days are needed: Fri 10-31 and Mon 11-03. Ten working days of extension after 11-03 end on
Mon 11-17.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import govhall
from govhall.cli import app, main
from govhall.svg import bar_chart, calendar_strip, coverage_chart, deadline_svg, text_width, trend_chart

NS = "{http://www.w3.org/2000/svg}"


def _days(svg_text: str) -> dict[str, ET.Element]:
    root = ET.fromstring(svg_text)
    return {g.get("data-date"): g for g in root.iter(f"{NS}g") if g.get("data-date")}


def _classes(g: ET.Element) -> set[str]:
    return set((g.get("class") or "").split())


EXAMPLE = deadline_svg(
    "2025-09-26", "20个工作日", pauses=[("2025-10-09", "2025-10-10")], extensions=["10个工作日"]
)


def test_the_due_day_marked_is_the_due_date_worked_by_hand() -> None:
    days = _days(EXAMPLE)
    due = [d for d, g in days.items() if "due" in _classes(g)]
    assert due == ["2025-11-17"]
    assert min(days) == "2025-09-26" and max(days) == "2025-11-17"
    assert "start" in _classes(days["2025-09-26"]) and days["2025-09-26"].get("data-count") is None
    assert "base-due" in _classes(days["2025-11-03"])  # where the period ended before the extension
    assert days["2025-11-03"].get("data-count") == "20" and days["2025-11-17"].get("data-count") == "30"


def test_tiaoxiu_holidays_and_pauses_are_marked() -> None:
    days = _days(EXAMPLE)
    for d in ("2025-09-28", "2025-10-11"):  # Sunday and Saturday worked (调休)
        assert days[d].get("data-kind") == "makeup_workday" and days[d].get("data-working") == "true"
    assert days["2025-09-28"].get("data-count") == "1" and days["2025-10-11"].get("data-count") == "4"
    for n in range(1, 9):
        g = days[f"2025-10-0{n}"]
        assert g.get("data-kind") == "holiday" and g.get("data-working") == "false"
        assert g.get("data-count") is None
    for d in ("2025-10-09", "2025-10-10"):  # working days, but the clock is stopped
        assert days[d].get("data-kind") == "paused" and days[d].get("data-count") is None
    assert days["2025-10-12"].get("data-kind") == "weekend"
    ext = sorted(d for d, g in days.items() if "extension" in _classes(g))
    assert ext[0] == "2025-11-04" and ext[-1] == "2025-11-17"
    counted = [int(g.get("data-count") or 0) for g in days.values() if g.get("data-count")]
    assert counted == list(range(1, 31))


@settings(max_examples=40)
@given(start=st.dates(date(2024, 1, 1), date(2026, 10, 31)), n=st.integers(1, 40))
def test_the_last_counted_day_is_the_due_date(start: date, n: int) -> None:
    due = govhall.due_date(start, f"{n}个工作日").due
    days = _days(calendar_strip(start, due, standalone=True))
    counted = {d: int(g.get("data-count") or 0) for d, g in days.items() if g.get("data-count")}
    assert max(counted.values()) == n == len(counted)
    assert max(counted, key=lambda d: counted[d]) == due.isoformat()
    assert [d for d, g in days.items() if "due" in _classes(g)] == [due.isoformat()]
    assert all(days[d].get("data-working") == "true" for d in counted)


def test_hall_closure_is_marked_closed() -> None:
    cal = govhall.calendar("CN").with_overrides(closed=[(date(2025, 10, 9), "系统升级闭厅")])
    days = _days(deadline_svg("2025-09-30", "1个工作日", calendar=cal))
    assert days["2025-10-09"].get("data-kind") == "closed"
    assert "due" in _classes(days["2025-10-10"])


def test_cli_deadline_svg(capsys: pytest.CaptureFixture[str]) -> None:
    result = CliRunner().invoke(app, ["deadline", "2025-09-26", "20个工作日", "--format", "svg"])
    assert result.exit_code == 0, result.output
    days = _days(result.stdout)
    assert [d for d, g in days.items() if "due" in _classes(g)] == ["2025-10-30"]
    with pytest.raises(SystemExit) as exc:
        main(["deadline", "2025-09-26", "20个工作日", "--format", "png"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("govhall: error: --format") and err.count("\n") == 1


def test_coverage_chart_draws_the_inventory_counts() -> None:
    cov = {s.id: s.coverage() for s in govhall.standards()}
    root = ET.fromstring(coverage_chart(cov, standalone=True))
    rows = {g.get("data-label"): g for g in root.iter(f"{NS}g") if "row" in (g.get("class") or "")}
    assert set(rows) == set(cov)
    for std_id, g in rows.items():
        segs = {r.get("data-key"): int(r.get("data-count") or 0) for r in g.iter(f"{NS}rect")}
        want = {k: cov[std_id][k] for k in ("rule", "parameter", "not_automatable", "todo") if cov[std_id][k]}
        assert segs == want
        assert int(g.get("data-count") or 0) == cov[std_id]["clauses"]


def test_trend_chart_cells_hold_the_counts() -> None:
    w1, w2 = date(2025, 9, 1), date(2025, 9, 8)
    root = ET.fromstring(trend_chart({"WJJ 卫健局": {w1: 3}, "ZWFW": {w2: 1}}, [w1, w2], standalone=True))
    cells = {(s.get("data-label"), c.get("data-period")): int(c.get("data-count") or 0)
             for s in root.iter(f"{NS}g") if s.get("class") == "series"
             for c in s.iter(f"{NS}g") if c.get("class") == "cell"}  # fmt: skip
    assert cells == {("WJJ 卫健局", "2025-09-01"): 3, ("WJJ 卫健局", "2025-09-08"): 0,
                     ("ZWFW", "2025-09-01"): 0, ("ZWFW", "2025-09-08"): 1}  # fmt: skip


def test_labels_are_fitted_and_escaped() -> None:
    long = "admin-licensing-law 中华人民共和国行政许可法（2019年修正）<第四十二条>&" * 2
    svg = bar_chart([(long, {"error": 2}), ("short", {"warning": 1})], "a <b> & c", standalone=True)
    root = ET.fromstring(svg)  # well-formed: every text escaped
    assert root.get("aria-label") == "a <b> & c"
    label = next(t for t in root.iter(f"{NS}text") if t.get("class") == "label")
    shown = "".join(label.itertext()).replace(long, "", 1)  # the <title> child holds the full name
    assert shown.endswith("…") and len(shown) < len(long)
    x = float(label.get("x") or 0)  # right-aligned at x: it must fit between 0 and x
    assert text_width(shown) <= x


def test_weeks_before_start_are_not_drawn() -> None:
    start = date(2025, 11, 5)  # a Wednesday
    days = _days(calendar_strip(start, start + timedelta(days=3), standalone=True))
    assert min(days) == "2025-11-05" and len(days) == 4
