"""due_date remembers its answers per process: a remembered answer must be the answer worked out afresh.

The cache is keyed by the calendar and every argument; these tests check the key tells apart what
changes a due date (a day and a moment, a hall's own closures, the readings, the pause forms) and
that whatever it cannot key is still answered.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from govhall import timelimits
from govhall.calendars import SHANGHAI, calendar
from govhall.timelimits import TimeLimit, due_date

CN = calendar("CN")


def _fresh(*args, **kwargs):
    """The same question worked out without the cache."""
    timelimits._ANSWERS.clear()
    return due_date(*args, **kwargs)


starts = st.one_of(
    st.dates(min_value=date(2019, 1, 1), max_value=date(2027, 12, 31)),
    st.datetimes(min_value=datetime(2019, 1, 1), max_value=datetime(2027, 12, 31)),
)
limits = st.one_of(
    st.sampled_from(["20个工作日", "3天", "1个月", "24小时", "当场", "十五个工作日内"]),
    st.builds(TimeLimit.working_days, st.integers(0, 40)),
    st.builds(TimeLimit.calendar_days, st.integers(0, 40)),
)


@settings(max_examples=60, deadline=None)
@given(
    starts,
    limits,
    st.lists(st.tuples(st.integers(-3, 40), st.integers(0, 10)), max_size=2),
    st.lists(st.sampled_from(["5个工作日", "2天", "TimeLimit"]), max_size=2),
    st.sampled_from(["suspend", "restart"]),
    st.sampled_from(["elapsed", "roll"]),
)
def test_a_remembered_answer_is_the_fresh_answer(start, limit, pause_offsets, exts, mode, hours) -> None:
    day = start.date() if isinstance(start, datetime) else start
    pauses = [(day + timedelta(days=a), day + timedelta(days=a + n)) for a, n in pause_offsets]
    extensions = [TimeLimit.working_days(3) if e == "TimeLimit" else e for e in exts]
    kwargs = {"pauses": pauses, "extensions": extensions, "pause_mode": mode, "hour_holidays": hours}
    fresh = _fresh(start, limit, **kwargs)
    again = due_date(start, limit, **kwargs)  # answered from the cache
    assert again == fresh
    # the same question in other forms (tuples for lists) gets the same answer
    assert (
        due_date(start, limit, **{**kwargs, "pauses": tuple(pauses), "extensions": tuple(extensions)})
        == fresh
    )


def test_a_day_and_a_moment_are_different_questions() -> None:
    day = due_date(date(2025, 9, 30), "24小时")
    moment = due_date(datetime(2025, 9, 30, 15, 0), "24小时")
    assert day.start_at is None and day.due_at == datetime(2025, 10, 1, 0, 0, tzinfo=SHANGHAI)
    assert moment.due_at == datetime(2025, 10, 1, 15, 0, tzinfo=SHANGHAI)


def test_an_instant_in_another_zone_is_read_in_shanghai() -> None:
    # 16:30 UTC on 30 Sep is 00:30 on 1 Oct in Shanghai: the Shanghai day counts
    utc = due_date(datetime(2025, 9, 30, 16, 30, tzinfo=timezone.utc), "3天")
    local = due_date(datetime(2025, 10, 1, 0, 30, tzinfo=SHANGHAI), "3天")
    assert utc.start == local.start == date(2025, 10, 1)
    assert utc.due == local.due == date(2025, 10, 9)  # 4 Oct falls in the 国庆 break: rolled to 9 Oct


def test_a_hall_calendar_gets_its_own_answer() -> None:
    national = due_date(date(2025, 3, 3), "1个工作日")
    closed = CN.with_overrides(closed=[date(2025, 3, 4)], name="hall")
    assert national.due == date(2025, 3, 4)
    assert due_date(date(2025, 3, 3), "1个工作日", calendar=closed).due == date(2025, 3, 5)
    assert due_date(date(2025, 3, 3), "1个工作日").due == date(2025, 3, 4)


def test_the_readings_are_part_of_the_question() -> None:
    start, pauses = date(2025, 3, 3), [(date(2025, 3, 5), date(2025, 3, 6))]
    suspended = due_date(start, "5个工作日", pauses=pauses)
    restarted = due_date(start, "5个工作日", pauses=pauses, pause_mode="restart")
    # 3 Mar (Mon) + 5 working days is 10 Mar; the pause stops the clock on Wed 5 and Thu 6 Mar:
    # suspend adds those 2 working days (12 Mar); restart runs 5 working days from 6 Mar (13 Mar)
    assert suspended.due == date(2025, 3, 12)
    assert restarted.due == date(2025, 3, 13)
    cited = due_date(start, "5个工作日", pauses=pauses, pause_basis="admin-licensing-law:45")
    assert "admin-licensing-law:45" in cited.basis and "admin-licensing-law:45" not in suspended.basis


def test_unkeyable_arguments_are_still_answered() -> None:
    as_mapping = due_date(date(2025, 3, 3), "5个工作日", pauses=[{"from": "2025-03-05", "to": "2025-03-06"}])
    as_generator = due_date(
        date(2025, 3, 3), "5个工作日", pauses=((a, b) for a, b in [("2025-03-05", "2025-03-06")])
    )
    assert as_mapping.due == as_generator.due == date(2025, 3, 12)


def test_a_dropped_calendar_takes_its_answers_with_it() -> None:
    # a service builds a hall calendar per request: the cache must not keep every one alive
    import gc
    import weakref

    hall = CN.with_overrides(closed=[date(2025, 3, 4)], name="one request's hall")
    assert due_date(date(2025, 3, 3), "1个工作日", calendar=hall).due == date(2025, 3, 5)
    gone = weakref.ref(hall)
    del hall
    gc.collect()
    assert gone() is None
    assert due_date(date(2025, 3, 3), "1个工作日").due == date(2025, 3, 4)  # the national answer stands


def test_a_calendar_the_cache_cannot_hold_is_still_answered() -> None:
    class Slotted:  # a stand-in calendar without weak references: answered afresh each time
        __slots__ = ("_cal",)

        def __init__(self) -> None:
            self._cal = CN

        def __getattr__(self, name: str) -> object:
            return getattr(self._cal, name)

    first = due_date(date(2025, 9, 30), "3个工作日", calendar=Slotted())  # type: ignore[arg-type]
    # 1–8 October are the National Day holiday; the 调休 Saturday 11 October is the third working day
    assert first.due == date(2025, 10, 11)
    assert due_date(date(2025, 9, 30), "3个工作日", calendar=Slotted()).due == date(2025, 10, 11)  # type: ignore[arg-type]
