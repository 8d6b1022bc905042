"""The counting conventions rules call instead of the calendar (the owner's rule: "counting conventions
are named once in timelimits; rules call them"), held to the arithmetic each one names, for every day of
2024–2026.

* N working days from an event (db23-hlj-2023:7.6.1.2 更正转交, 7.6.2 取件通知, the 督办's own deadline of
  yousu-jiban:处置流程.督办.3): ``due_date(day, TimeLimit.working_days(n))``, the nth working day after the
  event's day (civil-code:201, admin-licensing-law:82).
* A window of N working days after a deadline (督办.2's 督办, 督办.3's 通报): ``days_after``, given the
  Deadline or the bare date a 督办 set.
* N working days before a deadline (gdzw-0020-2019:5.5.1's 黄牌, db23 7.6.1.1): ``lead_before``; an hour
  promise ending on a day off warns as a day promise ending on the working day before it.
* The working days left before a due day (the 黄牌's 剩N个工作日): ``working_days_left``; the working days of a
  stretch of days, both ends counted (dongguan-hall-2023:4.6's 日均): ``working_days_spanned``; the calendar
  days run since a day (an inspection interval, db23 6.6.3.4's grace): ``calendar_days_since``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govhall.calendars import calendar
from govhall.timelimits import (
    TimeLimit,
    calendar_days_since,
    days_after,
    due_date,
    last_day_rolled,
    lead_before,
    received_day,
    roll_last_day,
    working_days_granted,
    working_days_left,
    working_days_spanned,
)

CN = calendar("CN")
days = st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31))
counts = st.integers(0, 40)


@settings(max_examples=300, deadline=None)
@given(days, counts)
def test_n_working_days_from_an_event_is_the_nth_working_day_after_it(day: date, n: int) -> None:
    dl = due_date(day, TimeLimit.working_days(n), calendar=CN)
    assert dl.due == CN.add_working_days(day, n)
    assert CN.working_days_between(day, dl.due) == n  # n working days in (day, due]
    assert dl.rolled_from is None  # a working-day period never rolls (civil-code:203 has nothing to move)


@settings(max_examples=300, deadline=None)
@given(days, counts)
def test_days_after_a_set_date_is_days_after_a_deadline_due_that_day(day: date, n: int) -> None:
    """A 督办's own date and a counted deadline that falls due the same day open the same window."""
    dl = due_date(day - timedelta(days=1), "1天", calendar=CN)
    assert days_after(day, n, CN) == CN.add_working_days(day, n)
    assert days_after(dl, n, CN) == days_after(dl.due, n, CN)


@pytest.mark.parametrize(
    ("day", "n", "last"),
    [
        # a 督办 setting Tue 30 September 2025 as its deadline: National Day runs 1–8 October, so the first
        # working day after it is Thu 9 October, the second Fri 10 October
        (date(2025, 9, 30), 1, date(2025, 10, 9)),
        (date(2025, 9, 30), 2, date(2025, 10, 10)),
        # a 督办 deadline set on the 调休 Sunday 28 September 2025: Mon 29 is one, Tue 30 two
        (date(2025, 9, 28), 2, date(2025, 9, 30)),
        # set on a day off, Sat 4 October 2025: the window's first day is Thu 9 October
        (date(2025, 10, 4), 1, date(2025, 10, 9)),
    ],
)
def test_days_after_a_set_date_by_hand(day: date, n: int, last: date) -> None:
    assert days_after(day, n, CN) == last


@settings(max_examples=300, deadline=None)
@given(days, st.integers(1, 10))
def test_a_lead_before_a_day_deadline_is_the_nth_working_day_before(day: date, n: int) -> None:
    dl = due_date(day, "1天", calendar=CN)
    assert lead_before(dl, n, CN).due == CN.subtract_working_days(dl.due, n)


@settings(max_examples=300, deadline=None)
@given(
    st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2026, 11, 30)),
    st.integers(1, 200),
    st.integers(1, 10),
)
def test_an_hour_deadline_on_a_day_off_leads_as_a_day_deadline_on_the_working_day_before(
    start: datetime, hours: int, n: int
) -> None:
    """Hours ending on a day off leave none of that day's hours as working time: the lead is that of a
    day deadline ending on the last working day before (gdzw-0020-2019:5.5.1's 黄牌)."""
    dl = due_date(start, TimeLimit.hours(hours), calendar=CN)
    assert dl.due_at is not None
    end_day = dl.due
    if CN.is_working_day(end_day):
        return
    before = CN.subtract_working_days(end_day, 1)
    as_day = due_date(before - timedelta(days=1), "1天", calendar=CN)
    assert as_day.due == before
    assert lead_before(dl, n, CN).due == lead_before(as_day, n, CN).due == CN.subtract_working_days(before, n)


# -- roll_last_day: civil-code:203 as a convention ----------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(days, st.integers(1, 60))
def test_rolling_a_calendar_day_periods_last_day_is_due_dates_own_roll(day: date, n: int) -> None:
    """Art 203 named once: the last day of n calendar days, rolled by roll_last_day, is due_date's due."""
    dl = due_date(day, TimeLimit.calendar_days(n), calendar=CN)
    unrolled = dl.model_copy(update={"due": day + timedelta(days=n), "rolled_from": None, "basis": []})
    rolled = roll_last_day(unrolled, CN)
    assert rolled.due == dl.due and rolled.rolled_from == dl.rolled_from
    assert ("civil-code:203" in rolled.basis) == (dl.rolled_from is not None)


@settings(max_examples=300, deadline=None)
@given(days)
def test_a_same_day_time_rolled_is_the_day_itself_or_the_next_working_day(day: date) -> None:
    dl = due_date(day, "当天", calendar=CN)
    assert dl.due == day and dl.rolled_from is None  # due_date leaves 当天 where it falls
    rolled = roll_last_day(dl, CN)
    if CN.is_working_day(day):
        assert rolled is dl
    else:
        assert rolled.due == CN.next_working_day(day) and rolled.rolled_from == day
        assert CN.working_days_between(day, rolled.due) == 1 and rolled.basis[-1] == "civil-code:203"


def test_roll_last_day_by_hand_and_not_for_hours() -> None:
    # Thu 2 October 2025 (National Day, 1–8 October off): Thu 9 October; the 调休 Sat 11 October stays
    assert roll_last_day(due_date(date(2025, 10, 2), "当天", calendar=CN), CN).due == date(2025, 10, 9)
    assert roll_last_day(due_date(date(2025, 10, 11), "当天", calendar=CN), CN).due == date(2025, 10, 11)
    # Sun 15 February 2026 (Spring Festival, 15–23 February off; Sat 14 February worked): Tue 24 February
    assert roll_last_day(due_date(date(2026, 2, 15), "当天", calendar=CN), CN).due == date(2026, 2, 24)
    with pytest.raises(ValueError, match="hour-holidays"):
        roll_last_day(due_date(datetime(2025, 10, 2, 10), "24小时", calendar=CN), CN)


@settings(max_examples=300, deadline=None)
@given(days)
def test_a_last_day_rolled_is_itself_on_a_working_day_else_the_next_working_day(day: date) -> None:
    """civil-code:203 named once (last_day_rolled): the calendar arithmetic it names, for all days 2024–2026."""
    rolled = last_day_rolled(day, CN)
    assert rolled == (day if CN.is_working_day(day) else CN.next_working_day(day))
    assert CN.is_working_day(rolled) and CN.working_days_between(day, rolled) <= 1


# working_days_granted, worked by hand on the 2026 notice (25–27 September and 1–7 October off, Sat 10 October
# worked): what an extension written in another unit grants after a due date (admin-licensing-law:42 可以延长
# 十日, Art 82). From Fri 16 October: 一个月 to Mon 16 November = 19–23, 26–30 October, 2–6, 9–13, 16 November
# (21); 7自然日 to Fri 23 October (5); 15自然日 to Sat 31 October, rolled to Mon 2 November (11). From Wed 30
# September: 3天 to Sat 3 October, rolled to Thu 8 October (1). 24 hours from 24:00 of Fri 9 October end at
# 24:00 of the 调休 Saturday 10 October (1); from 24:00 of Fri 2 October, on Sat 3 October (0).
@pytest.mark.parametrize(
    ("day", "limit", "granted"),
    [
        (date(2026, 10, 16), "1个月", 21),
        (date(2026, 10, 16), "7自然日", 5),
        (date(2026, 10, 16), "15自然日", 11),
        (date(2026, 10, 16), "10个工作日", 10),
        (date(2026, 9, 30), "3天", 1),
        (date(2026, 10, 9), "24小时", 1),
        (date(2026, 10, 2), "24小时", 0),
        (date(2026, 10, 16), "当场", 0),
    ],
)
def test_working_days_granted_by_hand(day: date, limit: str, granted: int) -> None:
    assert working_days_granted(day, limit, CN) == granted


@settings(max_examples=60, deadline=None)
@given(
    day=st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 1)),
    n=st.integers(min_value=1, max_value=40),
    unit=st.sampled_from(["天", "自然日", "个月"]),
)
def test_working_days_granted_adds_back_to_the_same_due_date(day: date, n: int, unit: str) -> None:
    # a period in calendar days or months ends on a working day (civil-code:203), so the working days it
    # grants, counted from the same day, end on that same day
    amount = min(n, 12) if unit == "个月" else n
    limit = f"{amount}{unit}"
    assert due_date(day, f"{working_days_granted(day, limit, CN)}个工作日").due == due_date(day, limit).due


# received_day (yousu-jiban.receipt-on-day-off = next_working_day): Sun 15 February 2026 (春节, 15–23 off) is
# taken as Tue 24 February; the 调休 Saturday 28 February is a working day and stays; 23:59 is still its day.
@pytest.mark.parametrize(
    ("moment", "day"),
    [
        (datetime(2026, 2, 15, 10, 0), date(2026, 2, 24)),
        (datetime(2026, 2, 28, 23, 59), date(2026, 2, 28)),
        (datetime(2026, 3, 1, 9, 0), date(2026, 3, 2)),
        (date(2027, 1, 1), date(2027, 1, 4)),
    ],
)
def test_received_day_by_hand(moment: datetime | date, day: date) -> None:
    assert received_day(moment, CN) == day


# -- working days left, working days spanned, calendar days since (named 2026-12, moved out of the rules) --------
# By hand on the 2026 notice: 春节 15–23 February off, Sat 14 and Sat 28 February worked; 劳动节 1–5 May off,
# Sat 9 May worked.
@pytest.mark.parametrize(
    ("day", "due", "left"),
    [
        # Fri 13 Feb, due Tue 24 Feb: Sat 14 (1), 15–23 off, Tue 24 (2)
        (date(2026, 2, 13), date(2026, 2, 24), 2),
        # on the due day itself, and after it: nothing left
        (date(2026, 2, 24), date(2026, 2, 24), 0),
        (date(2026, 2, 25), date(2026, 2, 24), 0),
        # on a holiday, Sun 15 Feb, due Wed 25 Feb: Tue 24 (1), Wed 25 (2)
        (date(2026, 2, 15), date(2026, 2, 25), 2),
    ],
)
def test_working_days_left_by_hand(day: date, due: date, left: int) -> None:
    assert working_days_left(day, due, CN) == left


@pytest.mark.parametrize(
    ("first", "last", "spanned"),
    [
        # February 2026: 20 weekdays, less 16, 17, 18, 19, 20 and 23 (off), plus Sat 14 and Sat 28: 16
        (date(2026, 2, 1), date(2026, 2, 28), 16),
        # May 2026: 21 weekdays, less Fri 1, Mon 4, Tue 5 (off), plus Sat 9: 19
        (date(2026, 5, 1), date(2026, 5, 31), 19),
        # one working day, both ends the same: 1; one day off: 0; last before first: 0
        (date(2026, 2, 14), date(2026, 2, 14), 1),
        (date(2026, 2, 15), date(2026, 2, 15), 0),
        (date(2026, 2, 14), date(2026, 2, 13), 0),
    ],
)
def test_working_days_spanned_by_hand(first: date, last: date, spanned: int) -> None:
    assert working_days_spanned(first, last, CN) == spanned


@settings(max_examples=300, deadline=None)
@given(days, days)
def test_working_days_spanned_counts_each_working_day_once(first: date, last: date) -> None:
    want = sum(1 for k in range((last - first).days + 1) if CN.is_working_day(first + timedelta(days=k)))
    assert working_days_spanned(first, last, CN) == max(want, 0)


@settings(max_examples=300, deadline=None)
@given(days, days)
def test_working_days_left_is_the_working_days_after_the_day_to_the_due_day(day: date, due: date) -> None:
    assert working_days_left(day, due, CN) == working_days_spanned(day + timedelta(days=1), due, CN)


@pytest.mark.parametrize(
    ("day", "on", "since"),
    [
        # inspected Mon 2 Feb 2026; 30 days later is Wed 4 March (Feb has 28 days: 26 + 4), holidays counted
        (date(2026, 2, 2), date(2026, 3, 4), 30),
        (date(2026, 2, 2), date(2026, 2, 2), 0),
        (date(2026, 2, 2), date(2026, 2, 1), -1),
    ],
)
def test_calendar_days_since_by_hand(day: date, on: date, since: int) -> None:
    assert calendar_days_since(day, on) == since
