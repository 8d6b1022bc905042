"""The day-unit readings (admin-licensing-law.day-unit, gdzw-0020-2019.promise-day-unit,
yousu-jiban.day-unit) ask what a bare 天/日 means. A limit written in 自然日/日历日 (calendar days) or 周
(weeks) says its unit itself: no reading turns it into working days (a week read as 7 working days ran
two to four days past it)."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from govhall.timelimits import TimeLimit, due_date, parse_limit


@given(n=st.integers(1, 90), word=st.sampled_from(["天", "日", "日内", " days", "d"]))
def test_bare_days_are_open_to_the_reading(n: int, word: str) -> None:
    limit = parse_limit(f"{n}{word}")
    assert limit.written_in_days
    assert limit.in_working_days() == TimeLimit(amount=n, unit="working_day", text=limit.text)


@given(
    n=st.integers(1, 90),
    word=st.sampled_from(["个自然日", "自然日", "个日历日", " calendar days", "周", "个星期"]),
)
def test_calendar_days_and_weeks_keep_their_unit(n: int, word: str) -> None:
    limit = parse_limit(f"{n}{word}")
    assert limit.unit == "calendar_day" and not limit.written_in_days
    assert limit.in_working_days() is limit


def test_a_week_stays_seven_days() -> None:
    # 1周 from Monday 3 November 2025: Monday 10 November; read as 7 working days it would be Wednesday 12
    assert due_date(date(2025, 11, 3), parse_limit("1周").in_working_days()).due == date(2025, 11, 10)
    assert due_date(date(2025, 11, 3), parse_limit("7日").in_working_days()).due == date(2025, 11, 12)


def test_a_limit_built_without_text_is_bare_days() -> None:
    assert TimeLimit(amount=3, unit="calendar_day").written_in_days
    assert not TimeLimit.working_days(3).written_in_days
