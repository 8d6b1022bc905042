"""Round 5 of the law worked by hand: the words that state a plan's approval (yousu-jiban:处置流程.办理.1
经批准, which names no approver) and N working days after a deadline (timelimits.days_after, the 督办 window
of yousu-jiban:处置流程.督办.2).

``approval_stated`` reads a major complaint's plan only under yousu-jiban.approval-in-plan = stated_in_plan;
a plan that says the approval was not given, or is still to be sought, must never be read as one.
``days_after`` counts a window in days from an event (civil-code:201): the event's day is not counted and
the window ends at 24:00 of its last day, whatever the hour the deadline ran out.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govhall.calendars import calendar
from govhall.standards._limits import approval_stated, head_approval_stated
from govhall.timelimits import days_after, due_date

GIVEN = [
    "制定解决方案，经批准后按方案推进",
    "历史遗留问题，解决方案经中心负责人批准，延期15天",
    "报经分管领导批准，延期一个月",
    "经中心负责人同意，分三个节点推进",  # the head's 同意, as head_approval_stated reads it
]
NOT_GIVEN = [
    "未经批准",
    "需报经批准",
    "须经中心批准后方可推进",
    "拟报经中心批准后推进",
    "待报经批准",
    "经批准前暂缓推进",
    "经审核不予批准",
    "经投诉人同意延期",  # the complainant's consent is no approval of the plan
    "",
    None,
]


@pytest.mark.parametrize("plan", GIVEN)
def test_stated(plan: str) -> None:
    assert approval_stated(plan)


@pytest.mark.parametrize("plan", NOT_GIVEN)
def test_not_stated(plan: str | None) -> None:
    assert not approval_stated(plan)


@given(st.text(max_size=40))
def test_a_head_approval_is_an_approval(text: str) -> None:
    """What states the head's approval (Art 42's words) states an approval (yousu's 经批准)."""
    if head_approval_stated(text):
        assert approval_stated(text)


@given(st.text(max_size=30), st.sampled_from(["未", "不", "没", "需", "须", "拟", "待", "拟报", "待报"]))
def test_a_word_that_leaves_it_undone_is_never_an_approval(head: str, negation: str) -> None:
    tail = head.replace("经", "").replace("报", "")
    assert not approval_stated(f"{tail}，{negation}经中心批准")


# -- timelimits.days_after ----------------------------------------------------------------------------

_CN = calendar("CN")


@pytest.mark.parametrize(
    ("start", "limit", "n", "last"),
    [
        # 48 hours from Mon 3 Nov 2025 10:00 end Wed 5 Nov 10:00: 1 working day after ends Thu 6 Nov 24:00
        (datetime(2025, 11, 3, 10), "48小时", 1, date(2025, 11, 6)),
        # 48 hours from Mon 29 Sep 2025 10:00 end Wed 1 Oct 10:00 (National Day, 1–8 Oct off): Thu 9 Oct
        (datetime(2025, 9, 29, 10), "48小时", 1, date(2025, 10, 9)),
        # 3 working days from Wed 24 Sep 2025: 25, 26, Sun 28 (调休): due Sun 28 Sep; 2 after: 29, 30 Sep
        (date(2025, 9, 24), "3个工作日", 2, date(2025, 9, 30)),
        # 1 working day from Thu 12 Feb 2026: Fri 13 Feb; 1 after: the 调休 Saturday 14 Feb 2026
        (date(2026, 2, 12), "1个工作日", 1, date(2026, 2, 14)),
        # … and 2 after: Tue 24 Feb 2026, 15–23 February being the Spring Festival holiday
        (date(2026, 2, 12), "1个工作日", 2, date(2026, 2, 24)),
    ],
)
def test_days_after_by_hand(start: date | datetime, limit: str, n: int, last: date) -> None:
    assert days_after(due_date(start, limit, calendar=_CN), n, _CN) == last


def test_days_after_zero_is_the_due_day_and_negative_is_refused() -> None:
    dl = due_date(datetime(2025, 11, 3, 10), "48小时", calendar=_CN)
    assert days_after(dl, 0, _CN) == date(2025, 11, 5)
    with pytest.raises(ValueError, match="n must be >= 0"):
        days_after(dl, -1, _CN)
