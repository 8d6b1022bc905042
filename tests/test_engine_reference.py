"""The fast engine gives the same report as the reference engine (the loop before the speed work).

The speed comes from the engine (subjects in blocks, each rule over the subjects its validity window
and its declared precondition leave, worked out once per run; shared derived values and deadlines
worked out once; subjects built only for rules that fire); the rules decide as before. So the whole JSON report must be the same, byte for byte, on
data where many rules fire, and a precondition must hold for every subject it skips.
"""

from __future__ import annotations

import functools
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govhall
from govhall.calendars import calendar
from govhall.example.province import write_province
from govhall.models import Dataset
from govhall.models.applications import EventKind
from govhall.reports import render
from govhall.rules import Context, run_rules, runner
from govhall.rules.core import REGISTRY, SUBJECT_TABLES, ClauseRef, Hit, Rule, rule
from govhall.rules.interpretations import INTERPRETATIONS
from govhall.rules.parameters import default_parameters
from govhall.rules.runner import _Table, subject_day
from govhall.standards import load_all
from reference_runner import plain_events_of, plain_first, reference_audit


def test_example_report_is_the_reference_engines() -> None:
    ds = govhall.load_dataset(govhall.example_dir())
    fast = render(govhall.audit(ds), "json", show_personal_data=True)
    slow = render(reference_audit(ds), "json", show_personal_data=True)
    assert fast == slow


def test_a_hall_from_another_seed_too(tmp_path: Path) -> None:
    (hall,) = write_province(tmp_path, halls=1, applications=2000, seed=11, rate=1.0)
    ds = govhall.load_dataset(hall)
    assert len(ds.windows) == 12
    fast = govhall.audit(ds, interpretations={"yousu-jiban.day-unit": "working_days"})
    slow = reference_audit(ds, interpretations={"yousu-jiban.day-unit": "working_days"})
    assert fast.findings and render(fast, "json") == render(slow, "json")


def test_events_of_and_first_answer_like_the_plain_filter() -> None:
    ds = govhall.load_dataset(govhall.example_dir())
    records = [*ds.applications[:300], *ds.complaints[:100]]
    asked: list[Any] = [*EventKind, "decided", "办结", "补正告知", " accepted "]
    for rec in records:
        for kind in asked:
            assert rec.events_of(kind) == plain_events_of(rec, kind)
            assert rec.first(kind) is plain_first(rec, kind)
        assert rec.events_of("decided", "受理") == plain_events_of(rec, "decided", "受理")
        assert rec.events_of() == rec.events and rec.events_of() is not rec.events
    with pytest.raises(ValueError, match="no-such-kind"):
        ds.applications[0].events_of("no-such-kind")
    with pytest.raises(ValueError, match="no-such-kind"):
        ds.applications[0].first("no-such-kind")


# -- preconditions (``needs_events``) ----------------------------------------------------------------


@functools.cache
def _example() -> Dataset:
    return govhall.load_dataset(govhall.example_dir())


def _needy() -> list[Rule]:
    load_all()
    return [r for r in REGISTRY if r.needs_events]


def test_preconditions_are_declared_where_the_engine_can_use_them() -> None:
    assert len(_needy()) >= 10
    assert {r.subject for r in _needy()} == {"application", "complaint"}
    for r in _needy():
        assert all(isinstance(k, EventKind) for k in r.needs_events)


@settings(max_examples=120, deadline=None)
@given(data=st.data())
def test_a_rule_needing_events_is_silent_and_asks_nothing_without_them(data: st.DataObject) -> None:
    """The law the engine relies on when it skips a call: on a subject without any of the event kinds
    a rule declares it needs, the rule yields nothing and consults no parameter, interpretation or
    deadline (so the report's lists of what was used cannot change either)."""
    r = data.draw(st.sampled_from(_needy()), label="rule")
    table = _example().applications if r.subject == "application" else _example().complaints
    obj = data.draw(st.sampled_from(table), label="subject")
    also = data.draw(st.sets(st.sampled_from(list(EventKind)), max_size=4), label="also dropped")
    dropped = set(r.needs_events) | also
    stripped = obj.model_copy(update={"events": [e for e in obj.events if e.kind not in dropped]})
    as_of = data.draw(st.sampled_from([None, date(2025, 1, 2), date(2030, 6, 1)]), label="as_of")
    ctx = Context(_example(), calendar=calendar("CN"), parameters=default_parameters(), as_of=as_of)
    asked: list[Any] = []
    due = ctx.due
    ctx.due = lambda *a, **k: asked.append(a) or due(*a, **k)  # type: ignore[method-assign]
    result = r.check(stripped, ctx)
    hits = [] if result is None else [result] if isinstance(result, Hit) else list(result)
    assert hits == []
    assert not ctx.used_parameters and not ctx.used_interpretations and not asked


def test_the_engine_does_not_call_a_rule_where_its_precondition_fails() -> None:
    calls: list[str] = []

    def check(app: Any, ctx: Any) -> None:
        calls.append(app.id)

    needy = Rule(
        id="gdzw-0020-2019/x-needs", title="x", clauses=(ClauseRef("gdzw-0020-2019:6.7.2"),),
        severity="info", subject="application", check=check, clause_text="邮寄",
        needs_events=(EventKind.mailed,),
    )  # fmt: skip
    ds = _example()
    ctx = Context(ds, calendar=calendar("CN"), parameters=default_parameters())
    run_rules(ds, [needy], ctx)
    assert calls == [a.id for a in ds.applications if any(e.kind == EventKind.mailed for e in a.events)]
    assert 0 < len(calls) < len(ds.applications)


def test_needs_events_is_checked_at_registration() -> None:
    with pytest.raises(TypeError, match="needs_events is for application and complaint"):
        rule("gdzw-0020-2019/x-n1", clause="gdzw-0020-2019:5.1.1", severity="error", subject="staff",
             title="x", needs_events=["mailed"])  # fmt: skip
    with pytest.raises(TypeError, match="needs_events"):
        rule("gdzw-0020-2019/x-n2", clause="gdzw-0020-2019:5.1.1", severity="error", subject="application",
             title="x", needs_events=["posted-by-pigeon"])  # fmt: skip


def _ruled_out() -> list[Rule]:
    load_all()
    return [r for r in REGISTRY if r.unless_events]


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_a_rule_ruled_out_by_an_event_is_silent_and_asks_nothing_with_one(data: st.DataObject) -> None:
    """The law the engine relies on when it skips a call for ``unless_events``: on a subject whose
    history holds an event of one of those kinds (here one of its events, or a copy of its receipt,
    given that kind), the rule yields nothing and consults no parameter, interpretation or deadline."""
    r = data.draw(st.sampled_from(_ruled_out()), label="rule")
    table = _example().applications if r.subject == "application" else _example().complaints
    obj = data.draw(st.sampled_from([o for o in table if o.events]), label="subject")
    kind = data.draw(st.sampled_from(r.unless_events), label="kind")
    at = data.draw(st.integers(0, len(obj.events) - 1), label="event given the kind")
    replace = data.draw(st.booleans(), label="replace (else add)")
    marked = obj.events[at].model_copy(update={"kind": kind})
    events = [*obj.events[:at], marked, *obj.events[at + 1 :]] if replace else [*obj.events, marked]
    changed = obj.model_copy(update={"events": sorted(events, key=lambda e: e.at)})
    as_of = data.draw(st.sampled_from([None, date(2025, 1, 2), date(2030, 6, 1)]), label="as_of")
    ctx = Context(_example(), calendar=calendar("CN"), parameters=default_parameters(), as_of=as_of)
    asked: list[Any] = []
    due = ctx.due
    ctx.due = lambda *a, **k: asked.append(a) or due(*a, **k)  # type: ignore[method-assign]
    result = r.check(changed, ctx)
    hits = [] if result is None else [result] if isinstance(result, Hit) else list(result)
    assert hits == []
    assert not ctx.used_parameters and not ctx.used_interpretations and not asked


def test_the_engine_does_not_call_a_rule_where_an_event_rules_it_out() -> None:
    calls: list[str] = []

    def check(app: Any, ctx: Any) -> None:
        calls.append(app.id)

    rules = [
        Rule(
            id="gdzw-0020-2019/x-unless", title="x", clauses=(ClauseRef("gdzw-0020-2019:5.5.1"),),
            severity="info", subject="application", check=check, clause_text="承诺",
            unless_events=(EventKind.decided, EventKind.withdrawn),
        ),
        Rule(  # both: holding a correction notice, and neither decided nor withdrawn
            id="gdzw-0020-2019/x-both", title="x", clauses=(ClauseRef("gdzw-0020-2019:5.5.1"),),
            severity="info", subject="application", check=check, clause_text="承诺",
            needs_events=(EventKind.correction_notice,), unless_events=(EventKind.decided, EventKind.withdrawn),
        ),
    ]  # fmt: skip
    ds = _example()
    ctx = Context(ds, calendar=calendar("CN"), parameters=default_parameters())
    run_rules(ds, rules, ctx)
    open_ = [a for a in ds.applications if not {e.kind for e in a.events} & {"decided", "withdrawn"}]
    noticed = [a.id for a in open_ if any(e.kind == EventKind.correction_notice for e in a.events)]
    # block by block, the first rule then the second over each block's subjects
    expected = []
    ids = [a.id for a in open_]
    for lo in range(0, len(ds.applications), runner.BLOCK):
        block = {a.id for a in ds.applications[lo : lo + runner.BLOCK]}
        expected += [i for i in ids if i in block] + [i for i in noticed if i in block]
    assert calls == expected
    assert 0 < len(open_) < len(ds.applications) and noticed


def test_unless_events_is_checked_at_registration() -> None:
    with pytest.raises(TypeError, match="unless_events is for application and complaint"):
        rule("gdzw-0020-2019/x-u1", clause="gdzw-0020-2019:5.1.1", severity="error", subject="staff",
             title="x", unless_events=["decided"])  # fmt: skip
    with pytest.raises(TypeError, match="unless_events"):
        rule("gdzw-0020-2019/x-u2", clause="gdzw-0020-2019:5.1.1", severity="error", subject="application",
             title="x", unless_events=["posted-by-pigeon"])  # fmt: skip


def _conditional() -> list[Rule]:
    load_all()
    return [r for r in REGISTRY if r.applies_if is not None]


def test_applies_if_is_declared_where_the_engine_can_use_it() -> None:
    assert len(_conditional()) >= 10
    assert all(r.subject in SUBJECT_TABLES for r in _conditional())


@settings(max_examples=120, deadline=None)
@given(data=st.data())
def test_a_rule_is_silent_and_asks_nothing_where_its_applies_if_fails(data: st.DataObject) -> None:
    """The law the engine relies on when it skips a call for ``applies_if``: where the precondition is
    false the rule yields nothing and consults no parameter, interpretation or deadline, and the
    precondition itself consults none of them anywhere. Subjects are the example's, some moved to
    another item of the catalogue (or one it does not hold)."""
    r = data.draw(st.sampled_from(_conditional()), label="rule")
    ds = _example()
    obj = data.draw(st.sampled_from(getattr(ds, SUBJECT_TABLES[r.subject])), label="subject")
    if r.subject == "application":
        codes = [i.code for i in ds.items] + ["NO-SUCH-ITEM"]
        code = data.draw(st.sampled_from([obj.item_code, *codes]), label="item code")
        obj = obj.model_copy(update={"item_code": code})
    ctx = Context(ds, calendar=calendar("CN"), parameters=default_parameters())
    asked: list[Any] = []
    due = ctx.due
    ctx.due = lambda *a, **k: asked.append(a) or due(*a, **k)  # type: ignore[method-assign]
    assert r.applies_if is not None
    holds = r.applies_if(obj, ctx)
    assert not ctx.used_parameters and not ctx.used_interpretations and not asked
    if not holds:
        result = r.check(obj, ctx)
        hits = [] if result is None else [result] if isinstance(result, Hit) else list(result)
        assert hits == []
        assert not ctx.used_parameters and not ctx.used_interpretations and not asked


def test_the_engine_asks_a_shared_precondition_once_per_subject() -> None:
    asked: list[str] = []
    ran: dict[str, list[str]] = {"one": [], "two": []}

    def licensed(app: Any, ctx: Any) -> bool:
        asked.append(app.id)
        return app.id.endswith(("1", "3", "5", "7", "9"))

    def check_for(name: str) -> Any:
        def check(app: Any, ctx: Any) -> None:
            ran[name].append(app.id)

        return check

    rules = [
        Rule(
            id=f"gdzw-0020-2019/x-{name}", title="x", clauses=(ClauseRef("gdzw-0020-2019:6.7.2"),),
            severity="info", subject="application", check=check_for(name), clause_text="邮寄",
            applies_if=licensed,
        )
        for name in ("one", "two")
    ]  # fmt: skip
    ds = _example()
    run_rules(ds, rules, Context(ds, calendar=calendar("CN"), parameters=default_parameters()))
    expected = [a.id for a in ds.applications if a.id.endswith(("1", "3", "5", "7", "9"))]
    assert sorted(asked) == sorted(a.id for a in ds.applications)  # once each, not once per rule
    assert ran["one"] == ran["two"] == expected and 0 < len(expected) < len(ds.applications)


def test_a_precondition_that_fails_lets_the_rule_run_and_report_its_error() -> None:
    def broken(app: Any, ctx: Any) -> bool:
        raise RuntimeError("no catalogue")

    def check(app: Any, ctx: Any) -> None:
        raise RuntimeError("no catalogue")

    r = Rule(
        id="gdzw-0020-2019/x-broken", title="x", clauses=(ClauseRef("gdzw-0020-2019:6.7.2"),),
        severity="info", subject="application", check=check, clause_text="邮寄", applies_if=broken,
    )  # fmt: skip
    ds = _example()
    _, notes = run_rules(ds, [r], Context(ds, calendar=calendar("CN"), parameters=default_parameters()))
    assert [(n.kind, n.count) for n in notes] == [("rule_error", len(ds.applications))]


# -- the whole report on generated halls ------------------------------------------------------------


def _part(ds: Dataset, apps: list[Any], complaints: list[Any]) -> Dataset:
    """A dataset with only some of ``ds``'s applications and complaints (the other tables whole)."""
    fields = {name: getattr(ds, name) for name in Dataset.model_fields}
    fields.update(applications=apps, complaints=complaints, records=len(apps) + len(complaints))
    return Dataset.model_construct(**fields)


@settings(max_examples=8, deadline=None)
@given(data=st.data())
def test_fast_and_reference_engines_agree_on_generated_halls(data: st.DataObject) -> None:
    """Any part of the example hall, any day as of which it is judged, any choice of readings, any
    block size: the report (findings, notes, parameters and interpretations used) is the reference
    engine's."""
    apps = data.draw(
        st.lists(st.sampled_from(_example().applications), min_size=1, max_size=250, unique_by=id)
    )
    complaints = data.draw(st.lists(st.sampled_from(_example().complaints), max_size=40, unique_by=id))
    names = data.draw(st.lists(st.sampled_from(sorted(INTERPRETATIONS)), max_size=8, unique=True))
    choices = {n: data.draw(st.sampled_from(sorted(INTERPRETATIONS[n].alternatives)), label=n) for n in names}
    as_of = data.draw(st.sampled_from([None, date(2025, 3, 31), date(2026, 1, 5)]), label="as_of")
    block = data.draw(st.sampled_from([1, 3, 64, runner.BLOCK]), label="block")
    ds = _part(_example(), apps, complaints)
    with mock.patch.object(runner, "BLOCK", block):  # block boundaries anywhere
        fast = govhall.audit(ds, interpretations=choices, as_of=as_of)
    slow = reference_audit(ds, interpretations=choices, as_of=as_of)
    assert render(fast, "json") == render(slow, "json")


def test_the_days_read_once_per_table_are_subject_day() -> None:
    ds = _example()
    as_of = date(2025, 12, 31)

    class Odd:  # not a model: a day under a property, or none at all
        @property
        def at(self) -> datetime:
            return datetime(2024, 2, 29, 23, 59)

    for kind, attr in SUBJECT_TABLES.items():
        subjects = list(getattr(ds, attr))[:500] + [Odd(), object()]
        assert _Table(kind, subjects, as_of).days() == [subject_day(kind, o, as_of) for o in subjects]


@settings(max_examples=80, deadline=None)
@given(
    days=st.lists(st.dates(min_value=date(2025, 1, 1), max_value=date(2025, 3, 31)), max_size=12),
    since=st.one_of(st.none(), st.dates(min_value=date(2024, 12, 25), max_value=date(2025, 4, 5))),
    until=st.one_of(st.none(), st.dates(min_value=date(2024, 12, 25), max_value=date(2025, 4, 5))),
)
def test_a_plan_keeps_exactly_the_subjects_inside_the_window(
    days: list[date], since: date | None, until: date | None
) -> None:
    """Whether the window takes the whole table in (no list), part of it or none of it, the plan runs
    the rule on the subjects ``Rule.applies_on`` their day and counts the others."""
    if since and until and until < since:
        since, until = until, since

    class Dated:
        def __init__(self, day: date) -> None:
            self.at = datetime.combine(day, datetime.min.time())

    r = Rule(
        id="gdzw-0020-2019/x-window", title="x", clauses=(ClauseRef("gdzw-0020-2019:6.7.2"),),
        severity="info", subject="inquiry", check=lambda o, c: None, clause_text="邮寄",
        valid_from=since, valid_to=until,
    )  # fmt: skip
    keep, skipped = _Table("inquiry", [Dated(d) for d in days], date(2025, 6, 1)).plan(r)
    inside = [r.applies_on(d) for d in days]
    assert (keep if keep is not None else [True] * len(days)) == inside
    assert skipped == inside.count(False)


_ZONES = [None, timezone(timedelta(hours=14)), timezone(timedelta(hours=-12))]


@settings(max_examples=80, deadline=None)
@given(
    values=st.lists(
        st.one_of(
            st.none(),
            st.dates(min_value=date(2025, 1, 1), max_value=date(2025, 2, 28)),
            st.builds(
                lambda d, z: d.replace(tzinfo=z),
                st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2025, 2, 28)),
                st.sampled_from(_ZONES),
            ),
        ),
        max_size=10,
    ),
    mixed=st.booleans(),
)
def test_the_span_of_a_table_is_the_span_of_its_subject_days(values: list[Any], mixed: bool) -> None:
    """The short way to a table's earliest and latest day (one model, naive moments) agrees with
    reading every subject's day, whatever the values: a None or a bare date falls back to ``at``, a
    moment in another zone has its own day, another model reads other attributes."""

    class Rec:
        def __init__(self, received_at: Any) -> None:
            self.received_at = received_at
            self.at = datetime(2025, 1, 15, 9, 0)

    class Other:
        slot_start = datetime(2025, 3, 1, 8, 0)

    subjects: list[Any] = [Rec(v) for v in values] + ([Other()] if mixed else [])
    as_of = date(2025, 6, 30)
    days = [subject_day("application", o, as_of) for o in subjects]
    expected = (min(days), max(days)) if days else (as_of, as_of)
    assert _Table("application", subjects, as_of).span() == expected
