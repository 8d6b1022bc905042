"""Time-limit parsing and due dates (civil-code:200-203, admin-licensing-law:82).

Expected dates are worked out by hand from the 2025/2026 notices (see test_calendar.py).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from govhall.calendars import SHANGHAI, calendar
from govhall.timelimits import Deadline, TimeLimit, due_date, is_late, merge_pauses, parse_limit

CN = calendar("CN")
D = date


# -- parsing ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("20个工作日", 20, "working_day"),
        ("二十个工作日", 20, "working_day"),
        ("２０个工作日", 20, "working_day"),
        ("20 working days", 20, "working_day"),
        ("1 working day", 1, "working_day"),
        ("十五个工作日内", 15, "working_day"),
        ("3天", 3, "calendar_day"),
        ("3日", 3, "calendar_day"),
        ("三日内", 3, "calendar_day"),
        ("3 calendar days", 3, "calendar_day"),
        ("两天", 2, "calendar_day"),
        ("一百零五天", 105, "calendar_day"),
        ("1个月", 1, "month"),
        ("1月", 1, "month"),
        ("3 months", 3, "month"),
        ("两个月", 2, "month"),
        ("1年", 12, "month"),
        ("24小时", 24, "hour"),
        ("24h", 24, "hour"),
        ("２４小时", 24, "hour"),
        ("当场", 0, "on_the_spot"),
        ("即办", 0, "on_the_spot"),
        ("立即", 0, "on_the_spot"),
        ("当日办结", 0, "on_the_spot"),
        ("3个工作日内办结", 3, "working_day"),
    ],
)
def test_parse_limit(text: str, amount: int, unit: str) -> None:
    lim = parse_limit(text)
    assert (lim.amount, lim.unit, lim.text) == (amount, unit, text)
    assert parse_limit(lim) is lim


@pytest.mark.parametrize("bad", ["", "20", "abc", "二三天", "十十天", "20个工作", "-3天", "3.5天", "半个月"])
def test_parse_limit_rejects(bad: str) -> None:
    with pytest.raises(ValueError, match="not a time limit"):
        parse_limit(bad)


def test_in_working_days() -> None:
    assert parse_limit("3天").in_working_days() == TimeLimit(amount=3, unit="working_day", text="3天")
    assert parse_limit("20个工作日").in_working_days().unit == "working_day"
    with pytest.raises(ValueError):
        parse_limit("1个月").in_working_days()
    assert TimeLimit.working_days(20).amount == 20 and TimeLimit.on_the_spot().unit == "on_the_spot"


# -- due dates, by hand ----------------------------------------------------------------------------


def test_twenty_working_days_received_2025_09_26() -> None:
    # Fri 2025-09-26 not counted; Sep 28 (makeup Sun) = 1, Sep 29 = 2, Sep 30 = 3, Oct 1-8 off,
    # Oct 9 = 4, Oct 10 = 5, Oct 11 (makeup Sat) = 6, Oct 13-17 = 7..11, Oct 20-24 = 12..16,
    # Oct 27-30 = 17..20  ->  due Thu 2025-10-30.
    dl = due_date(D(2025, 9, 26), "20个工作日")
    assert dl.due == D(2025, 10, 30)
    assert dl.basis == ["civil-code:201", "admin-licensing-law:82"]
    assert not dl.provisional and dl.paused_working_days == 0 and dl.rolled_from is None
    # a datetime received late in the evening is still that day (Asia/Shanghai)
    assert due_date(datetime(2025, 9, 26, 17, 45), "20个工作日").due == D(2025, 10, 30)
    # ...and a UTC timestamp of 2025-09-25 17:00Z is 2025-09-26 01:00 in Shanghai
    assert due_date(datetime(2025, 9, 25, 17, 0, tzinfo=timezone.utc), "20个工作日").due == D(2025, 10, 30)


def test_month_periods_end_on_the_corresponding_day_or_month_end() -> None:
    # civil-code:202: Jan 31 + 1个月 -> no Feb 31 -> last day of February
    leap = due_date(D(2024, 1, 31), "1个月")  # 2024-02-29 is a Thursday
    assert leap.due == D(2024, 2, 29) and leap.rolled_from is None
    assert "civil-code:202" in leap.basis
    plain = due_date(D(2025, 1, 31), "1个月")  # 2025-02-28 is a Friday
    assert plain.due == D(2025, 2, 28)
    # 2026-01-31 + 1个月 = Sat 2026-02-28, a makeup working day (春节 2026): no roll
    assert due_date(D(2026, 1, 31), "1个月").due == D(2026, 2, 28)
    # 2025-09-01 + 1个月 = 2025-10-01 (国庆节): civil-code:203 rolls to the next working day, Oct 9
    rolled = due_date(D(2025, 9, 1), "1个月")
    assert rolled.due == D(2025, 10, 9) and rolled.rolled_from == D(2025, 10, 1)
    assert rolled.basis == ["civil-code:201", "civil-code:202", "civil-code:203"]


def test_calendar_day_period_rolls_over_a_holiday() -> None:
    # 30天 from Fri 2025-09-26: last day Sun 2025-10-26 -> Mon 2025-10-27
    dl = due_date(D(2025, 9, 26), "30天")
    assert (dl.rolled_from, dl.due) == (D(2025, 10, 26), D(2025, 10, 27))
    # 3日 from Tue 2025-09-30: last day Fri Oct 3 (holiday block Oct 1-8) -> Thu Oct 9
    assert due_date(D(2025, 9, 30), "3日").due == D(2025, 10, 9)
    # read as working days ("天" = 工作日): Sep 30 + 3 working days = Oct 9, 10, 11 -> Sat Oct 11 (makeup)
    assert due_date(D(2025, 9, 30), parse_limit("3日").in_working_days()).due == D(2025, 10, 11)


def test_hour_period() -> None:
    # 24小时 from 2025-09-30 10:00: runs by the clock -> 2025-10-01 10:00 (a holiday, but hours run on)
    dl = due_date(datetime(2025, 9, 30, 10, 0), "24小时")
    assert dl.due == D(2025, 10, 1)
    assert dl.due_at == datetime(2025, 10, 1, 10, 0, tzinfo=SHANGHAI)
    assert dl.readings == {"timelimits.hour-holidays": "elapsed"}
    # the "roll" reading: ends on a non-working day -> same time on the next working day, Oct 9
    rolled = due_date(datetime(2025, 9, 30, 10, 0), "24小时", hour_holidays="roll")
    assert rolled.due_at == datetime(2025, 10, 9, 10, 0, tzinfo=SHANGHAI)
    assert "civil-code:203" in rolled.basis
    # aware input is converted: 02:00Z is 10:00 in Shanghai
    assert due_date(datetime(2025, 9, 30, 2, 0, tzinfo=timezone.utc), "24h").due_at == dl.due_at
    assert is_late(dl, datetime(2025, 10, 1, 10, 1))
    assert not is_late(dl, datetime(2025, 10, 1, 9, 59))


def test_on_the_spot() -> None:
    dl = due_date(datetime(2025, 10, 4, 9, 0), "当场")
    assert dl.due == D(2025, 10, 4) and dl.due_at is None and dl.basis == []


def test_pause_stops_the_working_day_clock() -> None:
    # 补正 pause Mon 2025-10-13 .. Fri 2025-10-17 (5 working days). Counting after Fri 2025-09-26:
    # Sep 28, 29, 30, Oct 9, 10, 11 = 6; Oct 13-17 paused; Oct 20-24 = 7..11; Oct 27-31 = 12..16;
    # Nov 3, 4, 5, 6 = 17..20 -> due Thu 2025-11-06.
    dl = due_date(D(2025, 9, 26), "20个工作日", pauses=[(D(2025, 10, 13), D(2025, 10, 17))])
    assert dl.due == D(2025, 11, 6)
    assert (dl.paused_working_days, dl.paused_days) == (5, 5)
    assert dl.basis[-1] == "db23-hlj-2023:7.4.2"
    assert dl.readings == {"timelimits.pause-mode": "suspend"}
    # a pause across the holiday: Sep 30 .. Oct 10 holds 3 working days (Sep 30, Oct 9, Oct 10)
    dl2 = due_date(
        D(2025, 9, 26), "20个工作日", pauses=[("2025-09-30", "2025-10-05"), ("2025-10-06", "2025-10-10")]
    )
    assert (dl2.paused_working_days, dl2.paused_days) == (3, 11)
    assert dl2.due == CN.add_working_days(D(2025, 10, 30), 3) == D(2025, 11, 4)
    # a pause after the due date changes nothing and is not cited
    late = due_date(D(2025, 9, 26), "20个工作日", pauses=[(D(2025, 11, 3), D(2025, 11, 5))])
    assert late.due == D(2025, 10, 30) and late.paused_working_days == 0
    assert "db23-hlj-2023:7.4.2" not in late.basis
    cited = due_date(
        D(2025, 9, 26),
        "20个工作日",
        pauses=[(D(2025, 10, 13), D(2025, 10, 13))],
        pause_basis="admin-licensing-law:45",
    )
    assert "admin-licensing-law:45" in cited.basis


def test_a_pause_that_moves_nothing_is_not_cited() -> None:
    # 5个工作日 from Thu 2025-11-06: Fri 11-07 (1), Mon 11-10 … Thu 11-13 (5). A 补正 pause over the
    # weekend Sat 11-08 .. Sun 11-09 holds no working day: suspended, the due day stays Thu 11-13, and
    # db23 7.4.2 is not the basis of that date; the pause is still counted and the reading listed (a
    # restart would have moved it).
    weekend = [(D(2025, 11, 8), D(2025, 11, 9))]
    dl = due_date(D(2025, 11, 6), "5个工作日", pauses=weekend)
    assert dl.due == D(2025, 11, 13) and (dl.paused_days, dl.paused_working_days) == (2, 0)
    assert dl.basis == ["civil-code:201", "admin-licensing-law:82"]
    assert dl.readings == {"timelimits.pause-mode": "suspend"}
    # restarted from Sun 11-09: Mon 11-10 (1) … Fri 11-14 (5): the pause moved it and is cited
    restart = due_date(D(2025, 11, 6), "5个工作日", pauses=weekend, pause_mode="restart")
    assert restart.due == D(2025, 11, 14) and "db23-hlj-2023:7.4.2" in restart.basis
    # 3天 from Wed 2025-11-05: last day Sat 11-08, rolled to Mon 11-10 (civil-code:203). Paused Thu 11-06
    # .. Fri 11-07 the last day is Sat 11-08 + 2 = Mon 11-10, a working day: the same due day, but reached
    # by the pause, not by the roll, so the pause is its basis and civil-code:203 is not.
    bare = due_date(D(2025, 11, 5), "3天")
    assert (bare.due, bare.rolled_from) == (
        D(2025, 11, 10),
        D(2025, 11, 8),
    ) and "civil-code:203" in bare.basis
    paused = due_date(D(2025, 11, 5), "3天", pauses=[(D(2025, 11, 6), D(2025, 11, 7))])
    assert (paused.due, paused.rolled_from) == (D(2025, 11, 10), None)
    assert paused.basis == ["civil-code:201", "db23-hlj-2023:7.4.2"]


def test_pause_on_a_calendar_day_limit() -> None:
    # 10天 from Mon 2025-09-01: last day Thu Sep 11. Pause Fri Sep 5 .. Mon Sep 8 (4 calendar days,
    # 2 working days) -> last day Mon Sep 15 (a working day).
    dl = due_date(D(2025, 9, 1), "10天", pauses=[(D(2025, 9, 5), D(2025, 9, 8))])
    assert dl.due == D(2025, 9, 15)
    assert (dl.paused_days, dl.paused_working_days) == (4, 2)


def test_restart_reading() -> None:
    # 10 working days from Mon 2025-03-03, pause Wed Mar 5 .. Thu Mar 6.
    # suspend: Mar 4 = 1, (5, 6 paused), Mar 7 = 2, Mar 10-14 = 3..7, Mar 17-19 = 8..10 -> Wed Mar 19
    # restart: 10 working days after Thu Mar 6: Mar 7, 10-14, 17-20 -> Thu Mar 20
    p = [(D(2025, 3, 5), D(2025, 3, 6))]
    assert due_date(D(2025, 3, 3), "10个工作日", pauses=p).due == D(2025, 3, 19)
    restart = due_date(D(2025, 3, 3), "10个工作日", pauses=p, pause_mode="restart")
    assert restart.due == D(2025, 3, 20) and restart.readings["timelimits.pause-mode"] == "restart"


def test_extension() -> None:
    # admin-licensing-law:42: 20 working days + 10 more. Base due Thu 2025-10-30; then
    # Oct 31 = 1, Nov 3-7 = 2..6, Nov 10-13 = 7..10 -> Thu 2025-11-13.
    dl = due_date(
        D(2025, 9, 26), "20个工作日", extensions=["10个工作日"], extra_basis=["admin-licensing-law:42"]
    )
    assert dl.due == D(2025, 11, 13)
    assert dl.extensions == [parse_limit("10个工作日")]
    assert dl.basis[-1] == "admin-licensing-law:42"
    # pause + extension: base due moves to Nov 6 (see above), then 10 more: Nov 7, 10-14, 17-20 -> Nov 20
    both = due_date(
        D(2025, 9, 26), "20个工作日", pauses=[(D(2025, 10, 13), D(2025, 10, 17))], extensions=["10个工作日"]
    )
    assert both.due == D(2025, 11, 20)


def test_extension_after_a_roll() -> None:
    # 30天 from 2025-09-26 -> last day Sun Oct 26, rolled to Mon Oct 27; + 3日:
    #   from the due date (default): Oct 30; from the last day: Oct 29.
    assert due_date(D(2025, 9, 26), "30天", extensions=["3日"]).due == D(2025, 10, 30)
    alt = due_date(D(2025, 9, 26), "30天", extensions=["3日"], extension_from="last_day")
    assert alt.due == D(2025, 10, 29) and alt.readings["timelimits.extension-from"] == "last_day"


def test_provisional_due_dates() -> None:
    pt = CN.published_through
    inside = due_date(D(pt, 11, 2), "5个工作日")
    assert not inside.provisional
    crossing = due_date(D(pt, 12, 20), "20个工作日")
    assert crossing.due.year == pt + 1 and crossing.provisional


def test_bad_inputs() -> None:
    with pytest.raises(ValueError, match="not a time limit"):
        due_date(D(2025, 1, 1), "soon")
    with pytest.raises(ValueError, match="ends before it starts"):
        due_date(D(2025, 1, 1), "3天", pauses=[(D(2025, 1, 5), D(2025, 1, 2))])
    with pytest.raises(ValueError, match="supported range"):
        due_date(D(2003, 6, 1), "3天")
    with pytest.raises(ValueError, match="supported range"):
        due_date(D(2036, 12, 20), "1个月")


def test_merge_pauses() -> None:
    merged = merge_pauses(
        [("2025-01-10", "2025-01-12"), (D(2025, 1, 1), D(2025, 1, 3)), ("2025-01-04", "2025-01-05")]
    )
    assert merged == [(D(2025, 1, 1), D(2025, 1, 5)), (D(2025, 1, 10), D(2025, 1, 12))]
    assert merge_pauses([{"from": "2025-01-01", "to": "2025-01-02"}]) == [(D(2025, 1, 1), D(2025, 1, 2))]


def test_is_late() -> None:
    dl = due_date(D(2025, 9, 26), "20个工作日")
    assert not is_late(dl, D(2025, 10, 30))
    assert not is_late(dl, datetime(2025, 10, 30, 23, 59))
    assert is_late(dl, D(2025, 10, 31))
    assert is_late(dl, datetime(2025, 10, 30, 16, 30, tzinfo=timezone.utc))  # 00:30 on Oct 31 in Shanghai
    assert is_late(dl, datetime(2025, 10, 30, 17, 30), close_of_business=time(17, 0))
    assert isinstance(dl, Deadline)


@settings(max_examples=60, deadline=None)
@given(
    st.datetimes(min_value=datetime(2025, 9, 1), max_value=datetime(2025, 12, 31)),
    st.sampled_from(["20个工作日", "3天", "当场", "24小时"]),
    st.datetimes(min_value=datetime(2025, 9, 1), max_value=datetime(2026, 3, 31)),
)
def test_a_naive_moment_is_late_exactly_when_its_day_or_moment_is_past_the_due(start, limit, at) -> None:  # type: ignore[no-untyped-def]
    """The short way is_late answers a naive moment (a day limit) agrees with the rule written out: late
    when its day is after ``due``, or, for an hour limit, when it is after ``due_at``; and with the same
    moment given as text."""
    dl = due_date(start, limit)
    expected = (
        at.replace(tzinfo=dl.due_at.tzinfo) > dl.due_at if dl.due_at is not None else at.date() > dl.due
    )
    assert is_late(dl, at) == is_late(dl, at.isoformat()) == expected


def test_overrides_change_due_dates() -> None:
    hall = CN.with_overrides(closed=[(D(2025, 10, 30), "系统升级闭厅")])
    assert due_date(D(2025, 9, 26), "20个工作日", calendar=hall).due == D(2025, 10, 31)
    assert due_date(D(2025, 9, 26), "20个工作日", calendar=hall).calendar == hall.name


# -- properties ------------------------------------------------------------------------------------

# The calendar covers 2004..2036; the longest composite below (14 months + two 14-month extensions
# = 42 months, then a holiday roll) must end inside it, so starts stop at 2033-03-31.
starts = st.dates(min_value=D(2004, 1, 1), max_value=D(2033, 3, 31))
limits = st.one_of(
    st.builds(TimeLimit.working_days, st.integers(1, 60)),
    st.builds(TimeLimit.calendar_days, st.integers(1, 90)),
    st.builds(TimeLimit.months, st.integers(1, 14)),
)


@st.composite
def pauses(draw, start: date) -> list[tuple[date, date]]:
    out = []
    for _ in range(draw(st.integers(1, 3))):
        a = start + timedelta(days=draw(st.integers(-5, 120)))
        out.append((a, a + timedelta(days=draw(st.integers(0, 20)))))
    return out


@settings(max_examples=200, deadline=None)
@given(starts, limits)
def test_due_is_a_working_day(start: date, limit: TimeLimit) -> None:
    dl = due_date(start, limit)
    assert CN.is_working_day(dl.due)
    assert dl.due > start


@settings(max_examples=200, deadline=None)
@given(st.data(), starts, limits, st.sampled_from(["suspend", "restart"]))
def test_a_pause_never_makes_it_earlier(data, start: date, limit: TimeLimit, mode: str) -> None:
    base = due_date(start, limit)
    paused = due_date(start, limit, pauses=data.draw(pauses(start)), pause_mode=mode)
    assert paused.due >= base.due
    assert CN.is_working_day(paused.due)
    if paused.due > base.due:
        assert paused.paused_days > 0


@settings(max_examples=200, deadline=None)
@given(st.data(), starts, limits, st.sampled_from(["suspend", "restart"]))
def test_a_pause_is_cited_exactly_when_it_moved_the_end(
    data, start: date, limit: TimeLimit, mode: str
) -> None:  # type: ignore[no-untyped-def]
    """The pause clause is the basis of a date only when the pause moved the period's end (its due day or
    its last day before a roll): a date the pauses did not move never cites them, one they moved always
    does. For a suspended working-day limit that is: cited exactly when a paused day was a working day."""
    bare = due_date(start, limit)
    paused = due_date(start, limit, pauses=data.draw(pauses(start)), pause_mode=mode)
    cited = "db23-hlj-2023:7.4.2" in paused.basis
    end = (paused.due, paused.rolled_from or paused.due)
    assert cited is (end != (bare.due, bare.rolled_from or bare.due))
    if paused.due != bare.due:
        assert cited
    if mode == "suspend" and limit.unit == "working_day":
        assert cited is (paused.paused_working_days > 0)
    assert ("timelimits.pause-mode" in paused.readings) is (paused.paused_days > 0)


@settings(max_examples=200, deadline=None)
@given(starts, limits, st.lists(limits, min_size=1, max_size=2))
def test_an_extension_never_makes_it_earlier(start: date, limit: TimeLimit, exts: list[TimeLimit]) -> None:
    base = due_date(start, limit)
    extended = due_date(start, limit, extensions=exts)
    assert extended.due > base.due
    assert CN.is_working_day(extended.due)


@settings(max_examples=300, deadline=None)
@given(starts, st.integers(1, 24))
def test_month_periods_match_relativedelta(start: date, months: int) -> None:
    dl = due_date(start, TimeLimit.months(months))
    last = start + relativedelta(months=months)
    assert (dl.rolled_from or dl.due) == last
    assert dl.due == (last if CN.is_working_day(last) else CN.next_working_day(last))
    # the corresponding day, or the month's last day when it has none
    assert last.day == start.day or (last + timedelta(days=1)).day == 1


@settings(max_examples=200, deadline=None)
@given(starts, st.integers(0, 200))
def test_working_day_limit_is_add_working_days(start: date, n: int) -> None:
    assert due_date(start, TimeLimit.working_days(n)).due == CN.add_working_days(start, n)


def _chinese(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    out, zero = "", False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十")):
        q, n = divmod(n, unit)
        if q:
            if zero:
                out += "零"
            out += ("" if (unit == 10 and q == 1 and not out) else digits[q]) + name
            zero = False
        elif out:
            zero = True
    if n:
        out += ("零" if zero else "") + digits[n]
    return out


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 9999), st.sampled_from(["个工作日", "天", "日", "个月", "小时"]))
def test_parse_chinese_numerals(n: int, unit: str) -> None:
    lim = parse_limit(_chinese(n) + unit)
    assert lim.amount == n
    assert parse_limit(f"{n}{unit}") == TimeLimit(amount=n, unit=lim.unit, text=f"{n}{unit}")


@settings(max_examples=100, deadline=None)
@given(st.datetimes(min_value=datetime(2005, 1, 1), max_value=datetime(2035, 1, 1)), st.integers(1, 500))
def test_hour_periods_run_by_the_clock(start: datetime, hours: int) -> None:
    assume(start.tzinfo is None)
    dl = due_date(start, TimeLimit.hours(hours))
    assert dl.due_at == start.replace(tzinfo=SHANGHAI) + timedelta(hours=hours)
    # the day of the last moment in time: an end at 00:00 is 24:00 of the day before (civil-code:203)
    assert dl.due == (dl.due_at - timedelta(microseconds=1)).date()


def _oracle(start: date, limit: TimeLimit, pauses: list[tuple[date, date]]) -> date:
    """Day-by-day reference for the default "suspend" reading (no index, no cleverness)."""
    paused = {a + timedelta(days=i) for a, b in pauses for i in range((b - a).days + 1)}
    d, counted = start, 0
    if limit.unit == "working_day":
        while counted < limit.amount:
            d += timedelta(days=1)
            if d not in paused and CN.is_working_day(d):
                counted += 1
        return d
    if limit.unit == "calendar_day":
        while counted < limit.amount:
            d += timedelta(days=1)
            if d not in paused:
                counted += 1
    else:  # month: the corresponding day, then one more day per paused day up to it
        last = start + relativedelta(months=limit.amount)
        while d < last:
            d += timedelta(days=1)
            if d in paused:
                last += timedelta(days=1)
    while not CN.is_working_day(d):
        d += timedelta(days=1)
    return d


@settings(max_examples=300, deadline=None)
@given(st.data(), st.dates(min_value=D(2015, 1, 1), max_value=D(2030, 12, 31)), limits)
def test_suspend_matches_a_day_by_day_count(data, start: date, limit: TimeLimit) -> None:
    ps = merge_pauses(data.draw(pauses(start)))
    assert due_date(start, limit, pauses=ps).due == _oracle(start, limit, ps)


@settings(max_examples=150, deadline=None)
@given(
    st.datetimes(min_value=datetime(2025, 9, 1), max_value=datetime(2026, 12, 1)).map(
        lambda d: d.replace(second=0, microsecond=0, minute=d.minute if d.minute % 3 else 0)
    ),  # minutes, with many whole hours and midnights among them
    st.integers(1, 240),
    st.sampled_from(["elapsed", "roll"]),
)
def test_an_hour_period_is_due_on_the_day_its_last_moment_falls_on(
    start: datetime, hours: int, reading: str
) -> None:
    # civil-code:203 期间的最后一日的截止时间为二十四时: an end at 00:00 is 24:00 of the day before, so the due day
    # is the day of the last moment still in time; with roll that day is a working day
    dl = due_date(start, f"{hours}小时", hour_holidays=reading)  # type: ignore[arg-type]
    assert dl.due_at is not None
    assert dl.due == (dl.due_at - timedelta(microseconds=1)).date()
    assert not is_late(dl, dl.due_at) and is_late(dl, dl.due_at + timedelta(minutes=1))
    if reading == "roll":
        assert CN.is_working_day(dl.due)
    else:
        assert dl.due_at == start.replace(tzinfo=SHANGHAI) + timedelta(hours=hours)
