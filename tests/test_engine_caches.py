"""What the engine remembers to go faster must answer as if it had not remembered.

Each cache here is checked against the answer worked out without it, over generated inputs: a cache
that kept a wrong answer (or kept an error as an answer) fails here, not in a report.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govhall import _clauseref
from govhall._clauseref import STANDARD_IDS, ClauseRef
from govhall.timelimits import TimeLimit

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
    # True is not 1, nor 1.0: each is read as its own type (a bool's text says "True")
    if n is True:
        assert getattr(TimeLimit, factory)(True).text == f"True{word}"
