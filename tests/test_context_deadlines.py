"""Context.due remembers its answers per calendar for every run of the process (a province's halls ask
the same deadlines): a remembered answer must be the one worked out afresh for the asking run.

What could go wrong: a run with other counting readings, or a hall with its own closures, served
another run's answer; a run answered from memory not recording the readings that moved its answer;
a day mistaken for a moment; the map growing without end.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from govhall import timelimits
from govhall.calendars import calendar
from govhall.models import Dataset
from govhall.rules import context
from govhall.rules.context import Context
from govhall.rules.parameters import ParameterSet
from govhall.timelimits import due_date

CN = calendar("CN")
START, PAUSES = date(2025, 3, 3), [(date(2025, 3, 5), date(2025, 3, 6))]


def _ctx(cal=CN, **choices: str) -> Context:  # type: ignore[no-untyped-def]
    return Context(Dataset(), calendar=cal, parameters=ParameterSet(), interpretations=choices, as_of=START)


def _forget() -> None:
    context._ANSWERS.clear()
    timelimits._ANSWERS.clear()


def test_a_run_with_other_readings_gets_its_own_answer() -> None:
    _forget()
    # 3 Mar (Mon) + 5 working days is 10 Mar; the pause stops the clock on Wed 5 and Thu 6 Mar:
    # suspend adds those 2 working days (12 Mar); restart runs 5 working days from 6 Mar (13 Mar)
    assert _ctx().due(START, "5个工作日", pauses=PAUSES).due == date(2025, 3, 12)
    restart = _ctx(**{"timelimits.pause-mode": "restart"})
    assert restart.due(START, "5个工作日", pauses=PAUSES).due == date(2025, 3, 13)
    assert _ctx().due(START, "5个工作日", pauses=PAUSES).due == date(2025, 3, 12)


def test_a_run_answered_from_memory_still_records_the_readings_that_moved_it() -> None:
    _forget()
    first = _ctx(**{"timelimits.pause-mode": "restart"})
    first.due(START, "5个工作日", pauses=PAUSES)
    second = _ctx(**{"timelimits.pause-mode": "restart"})  # the same question, answered from memory
    assert second.due(START, "5个工作日", pauses=PAUSES).due == date(2025, 3, 13)
    assert first.used_interpretations == second.used_interpretations == {"timelimits.pause-mode"}
    third = _ctx()  # the reading did not move an answer without a pause: not recorded
    third.due(START, "5个工作日")
    assert third.used_interpretations == set()


def test_a_hall_calendar_gets_its_own_answer() -> None:
    _forget()
    closed = CN.with_overrides(closed=[date(2025, 3, 4)], name="hall")
    assert _ctx().due(START, "1个工作日").due == date(2025, 3, 4)
    assert _ctx(closed).due(START, "1个工作日").due == date(2025, 3, 5)
    assert _ctx().due(START, "1个工作日").due == date(2025, 3, 4)


def test_a_day_and_a_moment_are_different_questions() -> None:
    _forget()
    day = _ctx().due(date(2025, 9, 30), "24小时")
    moment = _ctx().due(datetime(2025, 9, 30, 15, 0), "24小时")
    assert day.start_at is None and day.due_at is not None and day.due_at.hour == 0
    assert moment.due_at is not None and moment.due_at.hour == 15


def test_a_full_map_starts_again_and_answers_stay_right(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _forget()
    monkeypatch.setattr(context, "_ANSWERS_MAX", 3)
    for _ in range(2):
        for n in range(8):
            ctx = _ctx()
            assert ctx.due(START, f"{n}个工作日") == due_date(START, f"{n}个工作日")
            assert len(ctx._deadlines) <= 3


def test_an_unhashable_question_is_still_answered() -> None:
    got = _ctx().due(START, "5个工作日", pauses=[{"from": "2025-03-05", "to": "2025-03-06"}])
    assert got.due == date(2025, 3, 12)


@settings(max_examples=40, deadline=None)
@given(
    st.one_of(
        st.dates(min_value=date(2019, 1, 1), max_value=date(2027, 12, 31)),
        st.datetimes(min_value=datetime(2019, 1, 1), max_value=datetime(2027, 12, 31)),
    ),
    st.sampled_from(["20个工作日", "3天", "1个月", "24小时", "当场"]),
    st.lists(st.tuples(st.integers(-3, 40), st.integers(0, 10)), max_size=2),
    st.sampled_from([{}, {"timelimits.pause-mode": "restart"}, {"timelimits.hour-holidays": "roll"}]),
    st.booleans(),
)
def test_a_remembered_answer_is_the_fresh_answer(start, limit, offsets, choices, as_tuple) -> None:  # type: ignore[no-untyped-def]
    day = start.date() if isinstance(start, datetime) else start
    pauses = [(day + timedelta(days=a), day + timedelta(days=a + n)) for a, n in offsets]
    asked = tuple(pauses) if as_tuple else pauses
    readings = {"pause_mode": "suspend", "hour_holidays": "elapsed"}
    readings.update({k.split(".")[1].replace("-", "_"): v for k, v in choices.items()})
    _forget()
    fresh = due_date(start, limit, pauses=pauses, calendar=CN, **readings)  # type: ignore[arg-type]
    for _ in range(2):  # asked afresh by the first run, from memory by the second
        assert _ctx(**choices).due(start, limit, pauses=asked) == fresh


_QUESTION = st.tuples(
    st.sampled_from(
        [
            date(2025, 3, 3),
            datetime(2025, 3, 3, 17, 30),
            datetime(2025, 3, 3, 17, 30, tzinfo=timezone(timedelta(hours=8))),
            datetime(2025, 3, 3, 9, 30, tzinfo=timezone(timedelta(hours=-6))),
        ]
    ),
    st.sampled_from(["5个工作日", "2天", "24小时"]),
    st.dictionaries(  # which arguments, in which order, with values that may look like one another
        st.sampled_from(["pauses", "extensions", "pause_mode", "extra_basis"]),
        st.sampled_from(["pause_mode", "suspend", "restart", "[]", "()"]),
        max_size=3,
    ),
)


def _arguments(raw: dict[str, str]) -> dict[str, object]:
    out: dict[str, object] = {}
    for name, token in raw.items():
        if name == "pauses":
            out[name] = [] if token in ("[]", "pause_mode") else [(date(2025, 3, 4), date(2025, 3, 5))]
        elif name == "extensions":
            out[name] = [] if token in ("[]", "()") else ["2个工作日"]
        elif name == "pause_mode":
            out[name] = "restart" if token == "restart" else "suspend"
        else:  # a clause reference (basis holds ClauseRefs) that still spells the token
            out[name] = (f"civil-code:{token}",)
    return out


@settings(max_examples=40, deadline=None)
@given(st.lists(_QUESTION, min_size=1, max_size=12))
def test_questions_asked_in_any_order_get_their_own_answers(questions: list) -> None:  # type: ignore[type-arg]
    """Many questions in one run (days and moments in two zones, arguments named in any order, values
    that spell another argument's name): each is answered as due_date answers it afresh."""
    _forget()
    ctx = _ctx()
    for start, limit, raw in questions:
        kwargs = _arguments(raw)
        expected = due_date(start, limit, calendar=CN, **kwargs)  # type: ignore[arg-type]
        assert ctx.due(start, limit, **kwargs) == expected
