"""Round 4 of the law worked by hand: the words that stand for a head's approval (admin-licensing-law:42),
and N working days before a deadline in hours (timelimits.lead_before).

``head_approval_stated`` reads an extension's reason only under admin-licensing-law.approval-in-reason =
stated_in_reason; a reason that says the approval was not given, or is still to be sought, must never be
read as one (the hostile direction: a finding lost to a boilerplate sentence).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govhall.calendars import calendar
from govhall.standards._limits import head_approval_stated
from govhall.timelimits import due_date, lead_before

GIVEN = [
    "需现场核查的内容较多，经本行政机关负责人批准延长十个工作日，已告知申请人延长期限的理由",
    "报经局负责人同意，延长10日",
    "经本级人民政府负责人批准延长十五日",
]
NOT_GIVEN = [
    "未经本行政机关负责人批准",
    "需经负责人批准",
    "须经本行政机关负责人批准后方可延长",
    "拟报经负责人批准延长十日",
    "待报经负责人批准",
    "经负责人批准前暂停办理",
    "经审查，负责人不同意延长",
    "经局长批准",  # not the words of Art 42 (负责人): left to approved_by
    "",
    None,
]


@pytest.mark.parametrize("reason", GIVEN)
def test_stated(reason: str) -> None:
    assert head_approval_stated(reason)


@pytest.mark.parametrize("reason", NOT_GIVEN)
def test_not_stated(reason: str | None) -> None:
    assert not head_approval_stated(reason)


@given(st.text(max_size=30), st.sampled_from(["未", "不", "没", "需", "须", "拟", "待", "拟报", "待报"]))
def test_a_word_that_leaves_it_undone_is_never_an_approval(head: str, negation: str) -> None:
    """Whatever comes before, 未经/需经/拟报经 … 负责人批准 alone in its clause is no approval."""
    tail = head.replace("经", "").replace("报", "")
    assert not head_approval_stated(f"{tail}，{negation}经本行政机关负责人批准")


# -- timelimits.lead_before: N working days before a deadline (db23 7.6.1.1, yousu 督办.1) ----------------


_CN = calendar("CN")
_DAYS = st.dates(min_value=date(2025, 1, 2), max_value=date(2026, 11, 30))


@given(_DAYS, st.integers(1, 20), st.integers(0, 3))
def test_a_day_limit_lead_is_the_end_of_the_nth_working_day_before(start: date, n: int, lead: int) -> None:
    """A limit in days ends at 24:00 of its due day: the lead is the nth working day before it, whole."""
    dl = due_date(start, f"{n}个工作日", calendar=_CN)
    by = lead_before(dl, lead, _CN)
    assert by.due_at is None
    assert by.due == (_CN.subtract_working_days(dl.due, lead) if lead else dl.due)


@given(_DAYS, st.integers(0, 23), st.integers(1, 200), st.integers(1, 3))
def test_an_hour_limit_lead_leaves_n_working_days_of_time(
    start: date, hour: int, hours: int, lead: int
) -> None:
    """For a limit in hours, the time between the lead and the end holds exactly ``lead`` working days'
    worth of working-day hours (24 each): the same time of day on a working day, else whole days."""
    dl = due_date(datetime(start.year, start.month, start.day, hour), f"{hours}小时", calendar=_CN)
    assert dl.due_at is not None
    by = lead_before(dl, lead, _CN)
    lo = (
        by.due_at
        if by.due_at is not None
        else datetime.combine(by.due + timedelta(days=1), datetime.min.time(), dl.due_at.tzinfo)
    )
    hi = dl.due_at
    assert lo < hi
    worked = timedelta(0)
    t = lo
    while t < hi:  # working-day time between lo and hi, walked day by day
        nxt = min(hi, datetime.combine(t.date() + timedelta(days=1), datetime.min.time(), t.tzinfo))
        if _CN.is_working_day(t.date()):
            worked += nxt - t
        t = nxt
    assert worked == timedelta(days=lead)
