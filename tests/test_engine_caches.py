"""What the engine remembers to go faster must answer as if it had not remembered.

Each cache here is checked against the answer worked out without it, over generated inputs: a cache
that kept a wrong answer (or kept an error as an answer) fails here, not in a report.
"""

from __future__ import annotations

import pickle
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from govhall import _clauseref, timelimits
from govhall._clauseref import STANDARD_IDS, ClauseRef
from govhall.calendars import calendar
from govhall.timelimits import Deadline, TimeLimit, due_date, lead_before

# texts that are clause references, texts that nearly are (an unknown standard, a space, no clause)
clause_texts = st.one_of(
    st.builds(
        lambda std, clause: f"{std}:{clause}",
        st.sampled_from(STANDARD_IDS),
        st.text(alphabet="0123456789.-不予受理事项ab", min_size=1, max_size=8),
    ),
    st.builds(
        lambda std, clause, pad: f"{pad}{std}:{clause}{pad}",
        st.sampled_from([*STANDARD_IDS, "nowhere", "GDZW-0020-2019"]),
        st.text(alphabet="0123456789. ", max_size=5),
        st.sampled_from(["", " ", "\n"]),
    ),
    st.text(max_size=12),
)


def _fresh(text: str) -> ClauseRef | str:
    """The text read by the class itself (no memory), or the error it raises, as text."""
    try:
        return ClauseRef(text)
    except ValueError as exc:
        return f"error: {exc}"


def _remembered(text: str) -> ClauseRef | str:
    try:
        return ClauseRef.of(text)
    except ValueError as exc:
        return f"error: {exc}"


@settings(max_examples=300, deadline=None)
@given(st.lists(clause_texts, min_size=1, max_size=6))
def test_clause_ref_of_answers_as_the_class_does(texts: list[str]) -> None:
    for text in texts * 2:  # the second time from memory (a bad text is never remembered)
        fresh, remembered = _fresh(text), _remembered(text)
        assert remembered == fresh
        assert type(remembered) is type(fresh)
        if isinstance(fresh, ClauseRef):
            assert (remembered.standard, remembered.clause) == (fresh.standard, fresh.clause)
    assert all(isinstance(v, ClauseRef) for v in _clauseref._READ.values())


def test_clause_ref_of_remembers_only_what_it_read_and_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_clauseref, "_READ", {})
    monkeypatch.setattr(_clauseref, "_READ_MAX", 3)
    with pytest.raises(ValueError, match="unknown standard id"):
        ClauseRef.of("nowhere:1")
    assert _clauseref._READ == {}  # an error is not an answer
    refs = [ClauseRef.of(f"civil-code:{n}") for n in range(7)]
    assert len(_clauseref._READ) <= 3
    assert refs == [ClauseRef(f"civil-code:{n}") for n in range(7)]
    again = ClauseRef.of("civil-code:6")
    assert again is refs[6]  # the same object, from memory
    assert ClauseRef.of(again) is again  # a ClauseRef is itself


def test_a_subclass_is_read_by_the_subclass() -> None:
    class Narrow(ClauseRef):
        __slots__ = ()

    ClauseRef.of("civil-code:201")  # remembered as a ClauseRef …
    got = Narrow.of("civil-code:201")  # … which the subclass does not take from memory
    assert type(got) is Narrow and got == "civil-code:201"


# -- TimeLimit's factories ------------------------------------------------------------------------

_FACTORIES = {
    "working_days": ("working_day", "个工作日"),
    "calendar_days": ("calendar_day", "日"),
    "months": ("month", "个月"),
    "hours": ("hour", "小时"),
}


def _built(unit: str, word: str, n: object) -> object:
    """The TimeLimit the factory made before it remembered any (or the error's kind)."""
    try:
        return TimeLimit(amount=n, unit=unit, text=f"{n}{word}")  # type: ignore[arg-type]
    except ValueError as exc:
        return type(exc)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(sorted(_FACTORIES)),
    st.one_of(st.integers(-3, 400), st.booleans(), st.floats(-2, 5, allow_nan=False)),
)
def test_a_remembered_time_limit_is_the_one_built(factory: str, n: object) -> None:
    unit, word = _FACTORIES[factory]
    expected = _built(unit, word, n)
    for _ in range(2):  # the second from memory, for an int
        try:
            got: object = getattr(TimeLimit, factory)(n)
        except ValueError as exc:
            got = type(exc)
        assert got == expected
        if isinstance(expected, TimeLimit):
            assert isinstance(got, TimeLimit)
            assert (got.amount, got.unit, got.text, str(got)) == (
                expected.amount,
                expected.unit,
                expected.text,
                str(expected),
            )
    # True is not 1, nor 1.0: a bool is no amount, refused from memory as when built (sweep 12)
    if isinstance(n, bool):
        assert isinstance(expected, type) and issubclass(expected, ValueError), expected


# -- lead_before ----------------------------------------------------------------------------------

_CN = calendar("CN")
# a hall's own closures move the answers
_OWN = _CN.with_overrides(closed=[date(2024, 5, 6), date(2025, 3, 4)], name="hall")


@settings(max_examples=150, deadline=None)
@given(
    st.one_of(
        st.dates(min_value=date(2023, 1, 1), max_value=date(2025, 12, 31)),
        st.datetimes(min_value=datetime(2023, 1, 1), max_value=datetime(2025, 12, 31)),
    ),
    st.sampled_from(["20个工作日", "3天", "1个月", "24小时", "48小时", "当场"]),
    st.integers(0, 5),
    st.booleans(),
)
def test_a_remembered_lead_is_the_one_worked_out(start: date, limit: str, n: int, own: bool) -> None:
    cal = _OWN if own else _CN
    dl = due_date(start, limit, calendar=cal)
    fresh = timelimits._lead_before(dl, n, cal) if n else dl
    for _ in range(2):  # the second from memory
        got = lead_before(dl, n, cal)
        assert got == fresh
        assert (got.due, got.due_at) == (fresh.due, fresh.due_at)
    # the same deadline on the other calendar is its own question
    other = _CN if own else _OWN
    assert lead_before(dl, n, other) == (timelimits._lead_before(dl, n, other) if n else dl)


def test_lead_before_tells_apart_equal_deadlines_and_calendars(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timelimits, "_LEADS", {})
    dl = due_date(date(2024, 5, 6), "1个工作日", calendar=_CN)  # due Tue 7 May 2024
    twin = dl.model_copy()  # equal, another object: asked afresh, not confused with the first
    a, b = lead_before(dl, 1, _CN), lead_before(twin, 1, _CN)
    assert a == b and len(timelimits._LEADS) == 2
    assert a.due == date(2024, 5, 6)  # Mon 6 May, the working day before
    assert lead_before(dl, 1, _CN) is a  # from memory
    # the hall is closed on 6 May: the working day before 7 May is Tue 30 April (1-5 May: 劳动节)
    assert lead_before(dl, 1, _OWN).due == date(2024, 4, 30)
    assert lead_before(dl, 1, _CN) is a  # each calendar its own answer
    with pytest.raises(ValueError, match="n must be >= 0"):
        lead_before(dl, -1, _CN)
    monkeypatch.setattr(timelimits, "_LEADS_MAX", 2)
    lead_before(dl, 2, _CN)  # full: starts again
    assert len(timelimits._LEADS) == 1


# -- a new Deadline, built without validating what due_date worked out ----------------------------


def _validated(dl: Deadline) -> Deadline:
    """The same deadline as pydantic builds it from its values (validating each)."""
    return Deadline(**{name: getattr(dl, name) for name in Deadline.model_fields})


@settings(max_examples=150, deadline=None)
@given(
    st.one_of(
        st.dates(min_value=date(2023, 1, 1), max_value=date(2026, 12, 31)),
        st.datetimes(min_value=datetime(2023, 1, 1), max_value=datetime(2026, 12, 31)),
    ),
    st.sampled_from(["20个工作日", "3天", "1个月", "24小时", "当场", "2周"]),
    st.lists(st.tuples(st.integers(-3, 30), st.integers(0, 6)), max_size=2),
    st.lists(st.sampled_from(["5个工作日", "2天", "12小时"]), max_size=2),
    st.sampled_from(["suspend", "restart"]),
    st.booleans(),
)
def test_a_deadline_built_unvalidated_is_the_validated_one(
    start: date, limit: str, pause_offsets: list[tuple[int, int]], exts: list[str], mode: Any, own: bool
) -> None:
    day = start.date() if isinstance(start, datetime) else start
    pauses = [(day + timedelta(days=a), day + timedelta(days=a + n)) for a, n in pause_offsets]
    timelimits._ANSWERS.clear()  # worked out now, not remembered from another test
    try:
        dl = due_date(
            start,
            limit,
            pauses=pauses,
            extensions=exts,
            pause_mode=mode,
            calendar=_OWN if own else _CN,
            extra_basis=["gdzw-0020-2019:5.5.1"],
        )
    except ValueError:  # an hour extension after a day limit may not be countable: nothing built
        return
    same = _validated(dl)
    assert dl == same
    assert dl.__dict__ == same.__dict__
    assert {k: type(v) for k, v in dl.__dict__.items()} == {k: type(v) for k, v in same.__dict__.items()}
    assert [type(b) for b in dl.basis] == [type(b) for b in same.basis]
    assert dl.model_fields_set == same.model_fields_set
    assert (dl.__pydantic_extra__, dl.__pydantic_private__) == (
        same.__pydantic_extra__,
        same.__pydantic_private__,
    )
    assert dl.model_dump_json() == same.model_dump_json() and repr(dl) == repr(same)
    assert dl.model_copy(update={"due": day}) == same.model_copy(update={"due": day})
    assert pickle.loads(pickle.dumps(dl)) == same
    with pytest.raises(ValidationError):  # frozen, as a validated one is
        dl.due = day  # type: ignore[misc]


def test_a_value_of_another_class_is_validated(monkeypatch: pytest.MonkeyPatch) -> None:
    """A calendar whose is_provisional gives no bool (a stand-in's 0/1): the Deadline is validated, so
    it holds the bool a validated one holds, as before."""
    timelimits._ANSWERS.clear()
    monkeypatch.setattr(type(_CN), "is_provisional", lambda self, d: 1)
    dl = due_date(date(2025, 3, 3), "5个工作日", calendar=_CN)
    assert dl.provisional is True
    timelimits._ANSWERS.clear()
