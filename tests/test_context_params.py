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
    used: dict[str, list[ParameterValue]] = {}  # every value answered, per name, in the order first given
    for which, on in questions:
        name = names[which]
        assert _asked(ctx, name, on) == _expected(params, name, on)
        if _expected(params, name, on) is not LookupError:
            value = params.get(name, on.date() if isinstance(on, datetime) else on)
            if value not in used.setdefault(name, []):
                used[name].append(value)
        assert ctx.used_parameters == used


def test_a_dated_parameter_is_answered_per_day_after_any_question() -> None:
    ctx = _ctx(ParameterSet({DATED.name: DATED}))
    assert ctx.param(DATED.name, on=date(2025, 8, 1)) == 30
    assert ctx.param(DATED.name, on=datetime(2025, 3, 1, 10, 0)) == 20
    assert ctx.param(DATED.name) == 30  # no day: the latest value
    assert ctx.param(DATED.name, on=date(2025, 6, 30)) == 20


def test_a_report_lists_each_value_of_a_parameter_that_changed_within_the_period(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The example's applications were received from 1 September 2025 on. Were Art 32(4)'s five working
    days cut to four from 15 September, the applications received before it are judged with five and
    those after with four: the report must name both values, each with its citation, in the order they
    were in force, not only the one asked last."""
    import govhall
    from govhall.rules import runner

    name = "admin-licensing-law.correction_notice_limit"
    shipped = default_parameters()
    old = shipped.parameters[name]
    changed = Parameter(
        name=name,
        clause=old.clause,
        description=old.description,
        unit=old.unit,
        values=(
            ParameterValue("5个工作日", date(2004, 7, 1), date(2025, 9, 14), "Art 32(4) before the change"),
            ParameterValue("4个工作日", date(2025, 9, 15), None, "Art 32(4) after the change"),
        ),
        bounds=old.bounds,
    )
    monkeypatch.setattr(
        runner, "default_parameters", lambda: ParameterSet({**shipped.parameters, name: changed})
    )
    report = govhall.audit(govhall.load_dataset(govhall.example_dir()), standards=["admin-licensing-law"])
    listed = [(p.value, p.citation) for p in report.parameters if p.name == name]
    assert listed == [
        ("5个工作日", "Art 32(4) before the change"),
        ("4个工作日", "Art 32(4) after the change"),
    ]
    # a parameter with one value is still listed once
    names = [p.name for p in report.parameters]
    assert names.count("admin-licensing-law.decision_limit") == 1
