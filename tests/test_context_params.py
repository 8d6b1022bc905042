"""Context.param answers a parameter that has one value for every day by its name alone; the answer
must be the parameter set's for the day asked, whatever the order of the questions, and a dated
parameter must still be answered per day."""

from __future__ import annotations

from datetime import date, datetime, time

from hypothesis import given, settings
from hypothesis import strategies as st

from govhall.calendars import calendar
from govhall.models import Dataset
from govhall.rules.context import Context
from govhall.rules.core import ClauseRef
from govhall.rules.parameters import Parameter, ParameterSet, ParameterValue, default_parameters

CHANGE = date(2025, 7, 1)
DATED = Parameter(
    name="dongguan-hall-2023.dated",
    clause=ClauseRef("dongguan-hall-2023:4.6-1"),
    description="a figure that changed on 1 July 2025",
    unit="cases",
    values=(
        ParameterValue(20, None, date(2025, 6, 30), "old"),
        ParameterValue(30, CHANGE, None, "new"),
    ),
)
LATER = Parameter(  # one value, in force only from CHANGE: not a value for every day
    name="dongguan-hall-2023.later",
    clause=ClauseRef("dongguan-hall-2023:4.6-1"),
    description="a figure first set on 1 July 2025",
    unit="cases",
    values=(ParameterValue(7, CHANGE, None, "new"),),
)
days = st.one_of(
    st.none(),
    st.dates(date(2025, 1, 1), date(2025, 12, 31)),
    st.dates(date(2025, 1, 1), date(2025, 12, 31)).map(lambda d: datetime.combine(d, time(9, 30))),
)


def _ctx(params: ParameterSet) -> Context:
    return Context(Dataset(), calendar=calendar("CN"), parameters=params, as_of=date(2025, 9, 30))


def _expected(params: ParameterSet, name: str, on: date | datetime | None) -> object:
    day = on.date() if isinstance(on, datetime) else on
    try:
        return params.get(name, day).value
    except LookupError as exc:
        return type(exc)


def _asked(ctx: Context, name: str, on: date | datetime | None) -> object:
    try:
        return ctx.param(name, on=on)
    except LookupError as exc:
        return type(exc)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["dated", "later", "shipped", "overridden"]), days), max_size=30))
def test_each_answer_is_the_parameter_sets_for_the_day_asked(questions: list) -> None:  # type: ignore[type-arg]
    shipped = default_parameters()
    base = ParameterSet({**shipped.parameters, DATED.name: DATED, LATER.name: LATER})
    params = base.with_overrides({"dongguan-hall-2023.cases_per_window_per_day": 25}, "profile:test")
    names = {
        "dated": DATED.name,
        "later": LATER.name,
        "shipped": "gdzw-0020-2019.yellow_card_working_days",
        "overridden": "dongguan-hall-2023.cases_per_window_per_day",
    }
    ctx = _ctx(params)
    for which, on in questions:
        name = names[which]
        assert _asked(ctx, name, on) == _expected(params, name, on)
        if _expected(params, name, on) is not LookupError:
            assert ctx.used_parameters[name] == params.get(
                name, on.date() if isinstance(on, datetime) else on
            )


def test_a_dated_parameter_is_answered_per_day_after_any_question() -> None:
    ctx = _ctx(ParameterSet({DATED.name: DATED}))
    assert ctx.param(DATED.name, on=date(2025, 8, 1)) == 30
    assert ctx.param(DATED.name, on=datetime(2025, 3, 1, 10, 0)) == 20
    assert ctx.param(DATED.name) == 30  # no day: the latest value
    assert ctx.param(DATED.name, on=date(2025, 6, 30)) == 20
