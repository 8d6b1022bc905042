"""dongguan-hall-2023's monthly loads (4.6, cases per working day) read the applications' days with
``map`` in C; they must be what reading each application in turn gives (the loop kept here)."""

from __future__ import annotations

from calendar import monthrange
from collections import Counter
from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from govhall.calendars import calendar
from govhall.models import Application, Channel, Dataset, Window, WindowKind
from govhall.standards.dongguan_hall_2023 import monthly_loads

CN = calendar("CN")


def _by_hand(ds: Dataset, reading: str) -> list[tuple[str, int, int]]:
    """monthly_loads as it read the applications one by one."""
    if not ds.applications:
        return []
    days = [a.received_at.date() for a in ds.applications]
    first, last = min(days), max(days)
    if reading == "all":
        apps = list(ds.applications)
    else:
        kinds = {w.id: w.kind for w in ds.windows}
        apps = [
            a
            for a in ds.applications
            if a.channel == Channel.onsite
            and (a.window_id is None or kinds.get(a.window_id) == WindowKind.comprehensive)
        ]
    counts = Counter((a.received_at.year, a.received_at.month) for a in apps)
    out = []
    for y, m in sorted({(d.year, d.month) for d in days}):
        lo = max(first, date(y, m, 1))
        hi = min(last, date(y, m, monthrange(y, m)[1]))
        wd = CN.working_days_between(lo, hi) + (1 if CN.is_working_day(lo) else 0)
        if wd > 0:
            out.append((f"{date(y, m, 1):%Y-%m}", counts.get((y, m), 0), wd))
    return out


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 150),  # days after 1 Dec 2024
            st.sampled_from([Channel.onsite, Channel.online]),
            st.sampled_from([None, "W-C", "W-D", "W-X"]),
        ),
        max_size=30,
    ),
    st.sampled_from(["all", "onsite_comprehensive"]),
)
def test_the_loads_are_those_read_application_by_application(raw: list, reading: str) -> None:  # type: ignore[type-arg]
    windows = [
        Window(id="W-C", kind=WindowKind.comprehensive),
        Window(id="W-D", kind=WindowKind.specialist),
    ]
    apps = [
        Application(
            id=f"A-{i}",
            item_code="X",
            received_at=datetime(2024, 12, 1, 9, 30) + timedelta(days=d),
            channel=channel,
            window_id=window,
        )
        for i, (d, channel, window) in enumerate(raw)
    ]
    ds = Dataset(applications=apps, windows=windows, records=len(apps) + 2)
    assert monthly_loads(ds, CN, reading) == _by_hand(ds, reading)


def _december_2026(n: int, last_day: int) -> Dataset:
    """``n`` applications received from 1 to ``last_day`` December 2026 (one on each end), one comprehensive
    window; item and hall as dongguan's audit needs them."""
    days = [1, last_day] + [1 + i % last_day for i in range(n - 2)]
    return Dataset.model_validate({
        "as_of": "2027-01-31",
        "hall": {"id": "H1", "name": "东莞市某镇政务服务中心"},
        "items": [{"code": "I1", "name": "某许可", "type": "行政许可", "department": "D1"}],
        "windows": [{"id": "W1", "kind": "comprehensive"}],
        "applications": [
            {"id": f"A{i}", "item_code": "I1", "received_at": f"2026-12-{d:02d}T10:00"} for i, d in enumerate(days)
        ],
    })  # fmt: skip


def test_a_month_averaged_over_days_past_the_last_notice_is_provisional() -> None:
    # 4.6 每个综合窗口日均办理业务30件. December 2026's working days, by hand: 1–4 (4), 7–11 (5), 14–18 (5),
    # 21–25 (5), 28–31 (4) = 23, of which 29–31 lie past the last notice (provisional: the 2027 notice may
    # still move them). 691 cases over 1–31 December: 691 / 23 > 30, two windows needed, one there; the
    # average rests on 29–31 December, so the finding is provisional. 601 cases over 1–28 December: 20
    # working days (Monday 28 the last), 601 / 20 > 30, the same finding resting on settled days only.
    from govhall.rules import audit

    rule = "dongguan-hall-2023/comprehensive-window-count"
    for n, last, days, provisional in ((691, 31, 23, True), (601, 28, 20, False)):
        report = audit(_december_2026(n, last), standards=["dongguan-hall-2023"])
        (f,) = [f for f in report.findings if f.rule_id == rule]
        assert f.evidence["working_days"] == days and f.evidence["windows_needed"] == 2
        assert f.provisional is provisional
