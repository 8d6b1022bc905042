"""Context.due names the arguments the rules pass (pauses, extensions, extra_basis, pause_basis,
pause_mode) and keys a question by them, an argument not given standing for itself; a new question is
worked out by ``timelimits._fresh_due_date`` (due_date without its own memory).

What could go wrong: an argument given and one left out sharing a key with another question; a
reading of the run (pause-mode) and the same value passed by the rule confused with the other
reading; a law's period (statutory) served the hall calendar's answer or the reverse; a pause given
by the minute and by the day, or a moment in two zones, sharing an answer; the fresh path losing one
of due_date's checks or errors; ``is_provisional`` read from the index differing from its definition.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govhall import timelimits
from govhall.calendars import calendar
from govhall.errors import CalendarRangeError
from govhall.models import Dataset
from govhall.rules import context
from govhall.rules.context import Context
from govhall.rules.parameters import ParameterSet
from govhall.timelimits import TimeLimit, due_date

CN = calendar("CN")
#: a hall shut on Tue 4 and Wed 5 March 2025 (its own closures; the law's periods do not see them)
HALL = CN.with_overrides(closed=[date(2025, 3, 4), date(2025, 3, 5)], name="hall-shut-4-5-march")
START = date(2025, 3, 3)  # Monday


def _ctx(cal: Any = CN, **choices: str) -> Context:
    return Context(Dataset(), calendar=cal, parameters=ParameterSet(), interpretations=choices, as_of=START)


def _forget() -> None:
    context._ANSWERS.clear()
    timelimits._ANSWERS.clear()


def test_a_law_period_and_the_hall_calendar_never_share_an_answer() -> None:
    # 1 working day from Mon 3 March: the law counts Tue 4 March; the hall, shut on the 4th and 5th,
    # counts Thu 6 March. Asked in both orders in one run, each keeps its own.
    for first_statutory in (True, False):
        _forget()
        ctx = _ctx(HALL)
        order = (True, False) if first_statutory else (False, True)
        got = {law: ctx.due(START, "1个工作日", statutory=law).due for law in order}
        assert got == {True: date(2025, 3, 4), False: date(2025, 3, 6)}


def test_the_runs_pause_mode_and_the_rules_own_are_each_answered_as_given() -> None:
    # 5 working days from Mon 3 March with the clock stopped Wed 5 – Thu 6: suspend ends Wed 12 March
    # (the two paused working days added), restart runs 5 working days from Thu 6: Thu 13 March
    _forget()
    pauses = [(date(2025, 3, 5), date(2025, 3, 6))]
    restart_run = _ctx(**{"timelimits.pause-mode": "restart"})
    assert restart_run.due(START, "5个工作日", pauses=pauses).due == date(2025, 3, 13)
    assert restart_run.used_interpretations == {"timelimits.pause-mode"}
    # a rule that passes its own pause_mode is answered by it, whatever the run's reading
    assert restart_run.due(START, "5个工作日", pauses=pauses, pause_mode="suspend").due == date(2025, 3, 12)
    plain = _ctx()
    assert plain.due(START, "5个工作日", pauses=pauses).due == date(2025, 3, 12)
    assert plain.due(START, "5个工作日", pauses=pauses, pause_mode="restart").due == date(2025, 3, 13)


def test_a_pause_by_the_minute_and_by_the_day_are_different_questions() -> None:
    # 24 hours from Mon 3 March 10:00: a pause 12:00–14:00 stops it 2 hours (Tue 12:00); the same
    # pause given by its days stops it for the whole of 3 March from 10:00 (14 hours: Wed 00:00, i.e.
    # 24:00 of Tue 4 March)
    _forget()
    ctx = _ctx()
    origin = datetime(2025, 3, 3, 10, 0)
    by_minute = ctx.due(origin, "24小时", pauses=[(datetime(2025, 3, 3, 12), datetime(2025, 3, 3, 14))])
    by_day = ctx.due(origin, "24小时", pauses=[(date(2025, 3, 3), date(2025, 3, 3))])
    assert by_minute.due_at is not None and by_minute.due_at.replace(tzinfo=None) == datetime(2025, 3, 4, 12)
    assert by_day.due_at is not None and by_day.due_at.replace(tzinfo=None) == datetime(2025, 3, 5, 0)
    assert by_day.due == date(2025, 3, 4)


def test_the_fresh_path_keeps_due_dates_checks_and_errors() -> None:
    _forget()
    ctx = _ctx()
    with pytest.raises(TypeError, match="pauses: expected a list"):
        ctx.due(START, "5个工作日", pauses="2025-03-05")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="extensions: expected a list"):
        ctx.due(START, "5个工作日", extensions="2个工作日")  # type: ignore[arg-type]
    with pytest.raises(CalendarRangeError):
        ctx.due(START, "99999999天")
    with pytest.raises(ValueError, match="pause_mode"):
        ctx.due(START, "5个工作日", pause_mode="sometimes")
    # a pause given as a mapping (not keyable) is still answered, and answered again alike
    asked = [{"from": "2025-03-05", "to": "2025-03-06"}]
    assert ctx.due(START, "5个工作日", pauses=asked).due == ctx.due(START, "5个工作日", pauses=asked).due


_NAMED = {
    "pauses": st.sampled_from(
        [[], [(date(2025, 3, 4), date(2025, 3, 5))], ((date(2025, 3, 7), date(2025, 3, 10)),)]
    ),
    "extensions": st.sampled_from([[], ["2个工作日"], (TimeLimit.calendar_days(3),)]),
    "extra_basis": st.sampled_from([[], ["admin-licensing-law:42"], ("civil-code:203",)]),
    "pause_basis": st.sampled_from(["db23-hlj-2023:7.4.2", "admin-licensing-law:45"]),
    "pause_mode": st.sampled_from(["suspend", "restart"]),
    "hour_holidays": st.sampled_from(["elapsed", "roll"]),
    "extension_from": st.sampled_from(["due", "last_day"]),
}
_QUESTION = st.tuples(
    st.sampled_from(
        [
            date(2025, 3, 3),
            date(2025, 3, 8),  # a Saturday
            datetime(2025, 3, 3, 17, 30),
            datetime(2025, 3, 3, 17, 30, tzinfo=timezone(timedelta(hours=8))),
            datetime(2025, 3, 3, 9, 30, tzinfo=timezone(timedelta(hours=-6))),
        ]
    ),
    st.sampled_from(["5个工作日", "2天", "1个月", "24小时", TimeLimit.working_days(3), TimeLimit.hours(30)]),
    st.booleans(),  # statutory
    st.fixed_dictionaries({}, optional=_NAMED),  # type: ignore[arg-type]
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(_QUESTION, min_size=1, max_size=10),
    st.sampled_from([{}, {"timelimits.pause-mode": "restart"}, {"timelimits.hour-holidays": "roll"}]),
)
def test_every_question_is_answered_as_due_date_answers_it_afresh(
    questions: list[Any], choices: dict[str, str]
) -> None:
    """Questions with any of the named arguments given or left out (lists and tuples), on the hall
    calendar or the law's, in any order and asked twice (afresh, then from memory): each answer is
    due_date's, worked out on its own calendar with the run's readings where the rule gave none."""
    _forget()
    readings = {k.split(".")[1].replace("-", "_"): v for k, v in choices.items()}
    ctx = _ctx(HALL, **choices)
    for _ in range(2):
        for start, limit, law, arguments in questions:
            expected = due_date(start, limit, calendar=CN if law else HALL, **{**readings, **arguments})
            assert ctx.due(start, limit, statutory=law, **arguments) == expected


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=CN.first_date, max_value=CN.last_date))
def test_is_provisional_is_its_definition(day: date) -> None:
    assert CN.is_provisional(day) is (day >= CN.provisional_from)
    assert HALL.is_provisional(day) is (day >= HALL.provisional_from)
