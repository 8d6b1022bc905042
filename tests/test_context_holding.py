"""``Context.holding``: the records whose history holds an event of a kind, from kinds read once per run.

A dataset-wide rule that can only fire on such records (gdzw-0020-2019/written-correction-notice)
walks ``ctx.holding(ds.applications, kind)`` instead of asking ``first(kind)`` of every history;
it must be exactly the records for which ``first(kind)`` is not None, in their order.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

import govhall
from govhall.calendars import calendar
from govhall.models import Application, Dataset
from govhall.models.applications import EventKind
from govhall.rules import Context, default_parameters, run_rules
from govhall.rules.core import REGISTRY
from govhall.standards import load_all

load_all()
START = datetime(2025, 9, 1, 9, 0)


def _ctx(ds: Dataset) -> Context:
    return Context(ds, calendar=calendar("CN"), parameters=default_parameters(), as_of=date(2025, 9, 30))


def _app(n: int, kinds: list[EventKind]) -> Application:
    return Application.model_validate(
        {
            "id": f"A-{n}",
            "item_code": "X",
            "received_at": START,
            "events": [{"kind": k.value, "at": START + timedelta(minutes=i)} for i, k in enumerate(kinds)],
        }
    )


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from(list(EventKind)), max_size=8), max_size=25))
def test_holding_is_the_records_whose_first_of_the_kind_exists(histories: list[list[EventKind]]) -> None:
    apps = [_app(n, kinds) for n, kinds in enumerate(histories)]
    ds = Dataset(applications=apps, records=len(apps))
    ctx = _ctx(ds)
    for kind in EventKind:
        expected = [a for a in apps if a.first(kind) is not None]
        assert ctx.holding(ds.applications, kind) == expected
        assert ctx.holding(ds.applications, kind.value) == expected  # named by its value too
    assert ctx.holding(ds.applications, "补正告知") == [
        a for a in apps if a.first(EventKind.correction_notice) is not None
    ]


def test_the_runner_and_the_rules_share_one_reading_of_the_kinds() -> None:
    ds = govhall.load_dataset(govhall.example_dir())
    ctx = _ctx(ds)
    rules = [r for r in REGISTRY if r.subject == "application" and r.needs_events][:3]
    run_rules(ds, rules, ctx)
    kinds = ctx.event_kinds(ds.applications)
    assert ctx.event_kinds(ds.applications) is kinds  # read once per run
    assert kinds == [frozenset(e.kind for e in a.events) for a in ds.applications]
    other = list(ds.applications[:10])  # another list of records gets its own reading
    assert ctx.event_kinds(other) == kinds[:10] and ctx.event_kinds(other) is not kinds


@settings(max_examples=40, deadline=None)
@given(st.lists(st.booleans(), max_size=12))
def test_any_history_is_whether_any_record_has_an_event_and_is_read_once_per_run(has: list[bool]) -> None:
    """``decisions.history_recorded`` asks of the whole table whether any record has an event, for
    every record that leaves its events out: the answer is worked out once per run and list, so a
    table in which none has an event is not walked once per record."""
    apps = [_app(n, [EventKind.received] if h else []) for n, h in enumerate(has)]
    ctx = _ctx(Dataset(applications=apps))
    assert ctx.any_history(apps) is any(has)
    # read once: a record with an event added to the same list later in the run does not change it
    apps.append(_app(99, [EventKind.received]))
    assert ctx.any_history(apps) is any(has)
    # another list is another question
    assert ctx.any_history(list(apps)) is True


def _extended(n: int, approver: str | None | bool) -> Application:
    """An application with one extension: approved_by given as ``approver``, or left out (False)."""
    ext: dict[str, object] = {"kind": "extended", "at": START + timedelta(days=1)}
    if approver is not False:
        ext["approved_by"] = approver
    return Application.model_validate(
        {"id": f"A-{n}", "item_code": "X", "received_at": START, "events": [ext]}
    )


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from([False, None, "局长"]), max_size=12), st.integers(0, 3))
def test_any_event_recorded_is_whether_an_event_of_the_kind_gives_the_field_once_per_run(
    approvers: list[str | None | bool], plain: int
) -> None:
    """Art 42 and yousu's 经批准 ask, for every extension without an approver, whether any extension of
    the table names one (admin-licensing-law.unrecorded-approval): the answer is worked out once per
    run, list, kind and field, and kept across the runner's blocks (forget_subjects), so a table none
    of whose extensions names an approver is walked once, not once per block."""
    apps = [_extended(n, a) for n, a in enumerate(approvers)] + [
        _app(100 + n, [EventKind.received]) for n in range(plain)
    ]
    ctx = _ctx(Dataset(applications=apps))
    given_field = any(a is not False for a in approvers)
    assert ctx.any_event_recorded(apps, EventKind.extended, "approved_by") is given_field
    assert ctx.any_event_recorded(apps, "extended", "limit") is False  # no extension here gives a limit
    assert ctx.any_event_recorded(apps, EventKind.received, "approved_by") is False  # nor a receipt
    ctx.forget_subjects()  # the end of a block of subjects
    apps.append(_extended(99, "局长"))  # read once: a later record of the same list does not change it
    assert ctx.any_event_recorded(apps, EventKind.extended, "approved_by") is given_field
    assert ctx.any_event_recorded(list(apps), EventKind.extended, "approved_by") is True  # another list
