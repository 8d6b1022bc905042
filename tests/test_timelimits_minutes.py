"""Minutes and hours a hall or a standard sets around a moment, named once in timelimits: the 及时 of
gdzw-0020-2019:5.1.3 b / 5.2.3 b (``minutes_after``, read by ``gdzw-0020-2019.referral-minutes``) and the
24h lead of db23-hlj-2023:6.5.3 (``hours_before``). Dates worked from the 2025 notice (国办发明电〔2024〕12号:
1–8 October off, Sun 28 September and Sat 11 October worked)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govhall.calendars import calendar
from govhall.timelimits import hours_before, minutes_after

CN = calendar("CN")
HOURS = [(time(9, 0), time(12, 0)), (time(14, 0), time(17, 30))]


@pytest.mark.parametrize(
    ("start", "n", "clock", "service"),
    [
        # Mon 3 November 2025 11:50: 10 minutes to noon, lunch 12:00-14:00, 20 more -> 14:20
        (datetime(2025, 11, 3, 11, 50), 30, datetime(2025, 11, 3, 12, 20), datetime(2025, 11, 3, 14, 20)),
        # inside the morning: the same by either count
        (datetime(2025, 11, 3, 10, 0), 30, datetime(2025, 11, 3, 10, 30), datetime(2025, 11, 3, 10, 30)),
        # ending exactly at noon: 12:00 is in time (the last service minute ends then)
        (datetime(2025, 11, 3, 11, 30), 30, datetime(2025, 11, 3, 12, 0), datetime(2025, 11, 3, 12, 0)),
        # Fri 7 November 17:20: 10 minutes to 17:30, Sat 8 and Sun 9 off, 20 on Mon 10 -> 09:20
        (datetime(2025, 11, 7, 17, 20), 30, datetime(2025, 11, 7, 17, 50), datetime(2025, 11, 10, 9, 20)),
        # asked during lunch (Mon 12:30): the count starts at 14:00 -> 14:30
        (datetime(2025, 11, 3, 12, 30), 30, datetime(2025, 11, 3, 13, 0), datetime(2025, 11, 3, 14, 30)),
        # Tue 30 September 2025 17:15: 15 minutes, 1-8 October off, Thu 9 October 09:15 (15 more)
        (datetime(2025, 9, 30, 17, 15), 30, datetime(2025, 9, 30, 17, 45), datetime(2025, 10, 9, 9, 15)),
        # Fri 26 September 17:20: Sat 27 off, Sun 28 September a 调休 working day -> 09:20 that Sunday
        (datetime(2025, 9, 26, 17, 20), 30, datetime(2025, 9, 26, 17, 50), datetime(2025, 9, 28, 9, 20)),
    ],
)
def test_minutes_after_by_clock_and_by_service_hours(
    start: datetime, n: int, clock: datetime, service: datetime
) -> None:
    assert minutes_after(start, n) == clock
    assert minutes_after(start, n, periods=HOURS, cal=CN) == service


def test_minutes_after_refuses_negative() -> None:
    with pytest.raises(ValueError):
        minutes_after(datetime(2025, 11, 3, 9, 0), -1)


@settings(max_examples=200, deadline=None)
@given(
    st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2026, 11, 30)),
    st.integers(0, 600),
)
def test_service_minutes_never_end_before_the_clock(start: datetime, n: int) -> None:
    """Service minutes are a subset of clock minutes, so n of them end no earlier; and they end inside
    service hours of a working day (or at its close)."""
    end = minutes_after(start, n, periods=HOURS, cal=CN)
    assert end >= minutes_after(start, n)
    if n:
        assert CN.is_working_day(end.date())
        assert any(time(a.hour, a.minute) < end.time() <= b for a, b in HOURS)


@pytest.mark.parametrize(
    ("slot", "by"),
    [
        # Mon 3 November 2025 09:00: Sun 2 November 09:00, a day off, by the clock
        (datetime(2025, 11, 3, 9, 0), datetime(2025, 11, 2, 9, 0)),
        # Thu 9 October 2025 14:30 (first day after National Day): Wed 8 October 14:30, a holiday
        (datetime(2025, 10, 9, 14, 30), datetime(2025, 10, 8, 14, 30)),
        # Thu 1 January 2026 is off; a slot Fri 2 January 2026 10:00 -> Thu 1 January 10:00
        (datetime(2026, 1, 2, 10, 0), datetime(2026, 1, 1, 10, 0)),
    ],
)
def test_hours_before_counts_the_clock(slot: datetime, by: datetime) -> None:
    assert hours_before(slot, 24) == by


@settings(max_examples=100, deadline=None)
@given(st.datetimes(min_value=datetime(2024, 1, 2), max_value=datetime(2026, 12, 31)), st.integers(0, 72))
def test_hours_before_is_clock_arithmetic(slot: datetime, n: int) -> None:
    assert hours_before(slot, n) == slot - timedelta(hours=n)
    assert date(2024, 1, 1) <= hours_before(slot, n).date()
