"""Where the provisional days of the last published year begin: 29 December, held against every notice.

A year's State Council notice (国务院办公厅关于X年部分节假日安排的通知) comes out in November or December of the
year before and may move days of that December for its 元旦: those days are not known until it appears, so
the calendar flags them provisional from ``YEAR_END_PROVISIONAL`` = 29 December of the last published year.
Is 29 December early enough? Every notice since the calendar's first year, copied by hand from its text:

=========  ==================  =============================================================================
notice     issued              December days of the year before it fixes
=========  ==================  =============================================================================
2006       2005-12 (jrzg)      12月31日(星期六)上班                                       → Sat 2005-12-31
2007       国办发明电〔2006〕49号  2006年12月30日(星期六)、31日(星期日)上班                   → 2006-12-30, 31
2008       2007-12-18          2007年12月30日—2008年1月1日放假…12月29日(星期六)上班       → 2007-12-29 .. 31
2012       2011-12-06          2011年12月31日(星期六)上班                                  → Sat 2011-12-31
2019       2018-12-06          12月30日至1月1日放假调休…12月29日(星期六)上班             → 2018-12-29 .. 31
2023       国办发明电〔2022〕16号  2022年12月31日至2023年1月2日放假调休                        → Sat 2022-12-31
=========  ==================  =============================================================================

No other notice from 2004 to 2026 reaches back into December (元旦 blocks of 1–3 days starting 1 January, or
a make-up day after them: 2009, 2013, 2015, 2026). The earliest day ever moved is 29 December (2008 and 2019:
a Tuesday 1 January, its Monday bridged, the Saturday before worked), and that is where provisional days
begin: 27 and 28 December have never been moved, so a 28 December flagged provisional would be a warning no
notice has ever borne out. The start is right; these tests hold it, and the one over the calendar's own data
fails if a notice ever added moves a December day earlier, so that the start is moved with it.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

import govhall
from govhall.calendars.core import YEAR_END_PROVISIONAL

CN = govhall.calendar("CN")

#: the December days each notice fixed, as the notice's text says (table above)
HISTORY = {
    2006: [date(2005, 12, 31)],
    2007: [date(2006, 12, 30), date(2006, 12, 31)],
    2008: [date(2007, 12, 29), date(2007, 12, 30), date(2007, 12, 31)],
    2012: [date(2011, 12, 31)],
    2019: [date(2018, 12, 29), date(2018, 12, 30), date(2018, 12, 31)],
    2023: [date(2022, 12, 31)],
}
#: the make-up days among them (上班 on a weekend), as the notices name them
WORKED = {date(2005, 12, 31), date(2006, 12, 30), date(2006, 12, 31), date(2007, 12, 29), date(2011, 12, 31),
          date(2018, 12, 29)}  # fmt: skip


def test_the_start_is_29_december() -> None:
    assert YEAR_END_PROVISIONAL == (12, 29)
    assert CN.provisional_from == date(CN.published_through, 12, 29)


@pytest.mark.parametrize("notice", sorted(HISTORY))
def test_every_december_day_a_notice_fixed_is_on_or_after_the_start_and_encoded_so(notice: int) -> None:
    for day in HISTORY[notice]:
        assert day >= date(day.year, *YEAR_END_PROVISIONAL), day
        info = CN.day_info(day)
        # weekend days worked (上班), or days off inside the 元旦 block (a Monday 31 Dec, or a weekend day)
        assert info.working_day == (day in WORKED), day


def test_no_december_day_of_the_encoded_years_departs_from_the_weekday_rule_before_29_december() -> None:
    """Over the calendar's own data (the holidays package up to 2022, the packaged notices from 2023): every
    December day of 2004..2025 whose working status is not the plain weekday rule's is one a following 元旦
    moved, and none is before 29 December. Found: exactly the days of the table above."""
    moved = [
        day
        for year in range(CN.first_date.year, CN.published_through)
        for day in (date(year, 12, 1) + timedelta(days=i) for i in range(31))
        if CN.is_working_day(day) != (day.weekday() < 5)
    ]
    assert moved == sorted(
        d for days in HISTORY.values() for d in days if CN.is_working_day(d) != (d.weekday() < 5)
    )
    assert all(day >= date(day.year, *YEAR_END_PROVISIONAL) for day in moved)


def test_27_and_28_december_of_the_last_published_year_are_settled_29_on_provisional() -> None:
    # published through 2026: Sun 27 and Mon 28 December 2026 are settled by the 2026 notice and the weekday
    # rule (no notice has ever moved a day that early); Tue 29 December 2026 on wait for the 2027 notice
    assert CN.published_through == 2026
    assert [CN.is_provisional(date(2026, 12, d)) for d in (27, 28, 29, 30, 31)] == [
        False,
        False,
        True,
        True,
        True,
    ]
    assert [CN.is_working_day(date(2026, 12, d)) for d in (27, 28)] == [False, True]
