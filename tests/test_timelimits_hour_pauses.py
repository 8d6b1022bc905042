"""Pauses given by the minute stop an hour period for the time they last (civil-code:201: an hour period
is counted from the hour), where whole-date pauses stopped it for every day they touched: a 4-hour 补正
held a 24-hour promise for the whole day. Day periods read a moment's date, as before."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from govhall.calendars import to_local_datetime
from govhall.timelimits import due_date

MON = datetime(2025, 11, 3, 10, 0)  # Monday 3 November 2025, no holiday near


def test_a_four_hour_correction_stops_a_24_hour_period_four_hours() -> None:
    # 24 h from Mon 10:00 end Tue 10:00; stopped 14:00-18:00 Monday: Tue 14:00
    dl = due_date(MON, "24小时", pauses=[(datetime(2025, 11, 3, 14), datetime(2025, 11, 3, 18))])
    assert dl.due_at == to_local_datetime(datetime(2025, 11, 4, 14, 0))
    assert dl.due == date(2025, 11, 4)
    assert "db23-hlj-2023:7.4.2" in dl.basis


def test_a_pause_open_to_a_date_runs_to_its_24_00() -> None:
    # stopped Mon 14:00 to the end of Wed 5 November: 58 h added to Tue 10:00 = Thu 6 November 20:00
    dl = due_date(MON, "24小时", pauses=[(datetime(2025, 11, 3, 14), date(2025, 11, 5))])
    assert dl.due_at == to_local_datetime(datetime(2025, 11, 6, 20, 0))


def test_restart_runs_the_hours_again_from_the_supplement_minute() -> None:
    dl = due_date(
        MON, "24小时", pauses=[(datetime(2025, 11, 3, 14), datetime(2025, 11, 3, 18))], pause_mode="restart"
    )
    assert dl.due_at == to_local_datetime(datetime(2025, 11, 4, 18, 0))


def test_a_day_period_reads_the_dates_of_a_pause_given_by_the_minute() -> None:
    # 5 working days from Mon 3 November with Tue 4 November paused: 11-05, 06, 07, 10, 11
    by_minute = due_date(MON, "5个工作日", pauses=[(datetime(2025, 11, 4, 9), datetime(2025, 11, 4, 11))])
    by_day = due_date(MON, "5个工作日", pauses=[(date(2025, 11, 4), date(2025, 11, 4))])
    assert by_minute.due == by_day.due == date(2025, 11, 11)


_starts = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2026, 11, 30)).map(
    lambda d: d.replace(second=0, microsecond=0)
)


@settings(max_examples=80, deadline=None)
@given(start=_starts, hours=st.integers(1, 200), off=st.integers(-3, 8), span=st.integers(0, 3))
def test_whole_dates_are_the_same_as_their_moments(start: datetime, hours: int, off: int, span: int) -> None:
    """A pause of whole dates a..b is the moments 00:00 of a to 24:00 of b, whichever way it is given."""
    a = start.date() + timedelta(days=off)
    b = a + timedelta(days=span)
    as_dates = due_date(start, f"{hours}小时", pauses=[(a, b)])
    as_moments = due_date(
        start,
        f"{hours}小时",
        pauses=[
            (
                datetime.combine(a, datetime.min.time()),
                datetime.combine(b, datetime.min.time()) + timedelta(days=1),
            )
        ],
    )
    assert as_dates.due_at == as_moments.due_at


@settings(max_examples=80, deadline=None)
@given(start=_starts, hours=st.integers(1, 200), into=st.integers(0, 10_000), length=st.integers(1, 3000))
def test_a_pause_inside_the_period_adds_exactly_its_length(
    start: datetime, hours: int, into: int, length: int
) -> None:
    """Suspended, elapsed (the default): a pause that begins before the period ends adds its minutes."""
    into %= hours * 60
    pa = start + timedelta(minutes=into)
    pb = pa + timedelta(minutes=length)
    dl = due_date(start, f"{hours}小时", pauses=[(pa, pb)])
    assert dl.due_at == to_local_datetime(start + timedelta(hours=hours, minutes=length))
