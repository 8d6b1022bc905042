"""govhall.live: the event-driven supervisor in simulated time.

The supervisor runs whatever rules it is given; these tests give it two small rules built with
``govhall.rules.Rule(...)`` directly (not the global ``@rule`` decorator), so the registry that the
other tests see is not touched.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govhall.live.supervisor as supervisor_module
from govhall.live import (
    FUTURE_TOLERANCE,
    DurableEngine,
    JsonFileStore,
    MemoryStore,
    PlainEngine,
    SimulatedClock,
    SqliteStore,
    StateReader,
    Supervisor,
    describe,
    durable_available,
    select_rules,
)
from govhall.models import Application, Item
from govhall.rules import REGISTRY, ClauseRef, Hit, Rule

# -- test rules (not registered) --------------------------------------------------------------------


def _promise_check(app: Application, ctx: Any):  # type: ignore[no-untyped-def]
    """承诺时限内办结（测试用规则）。

    Yellow from one working day before the promised due date while undecided; red after it.
    """
    if app.first("decided") is not None:
        return
    item = ctx.item(app.item_code)
    limit = app.promised_limit or (item.promised_limit if item else None)
    if not limit:
        return
    deadline = ctx.due(app.received_at, limit)
    if ctx.as_of > deadline.due:
        yield Hit(
            message="承诺时限已过，尚未办结",
            stage="red",
            on=deadline.due,
            evidence={"due": deadline.due.isoformat()},
            provisional=deadline.provisional,
        )
    elif ctx.calendar.working_days_between(ctx.as_of, deadline.due) <= 1:
        yield Hit(
            message="承诺时限将至，尚未办结",
            stage="yellow",
            on=deadline.due,
            evidence={"due": deadline.due.isoformat()},
            provisional=deadline.provisional,
        )


def _reminder_check(appt: Any, ctx: Any):  # type: ignore[no-untyped-def]
    """预约办理前24小时提醒（测试用规则）。

    Yellow from 24 h before the slot while no reminder was sent; red once the slot starts without one.
    """
    if appt.reminder_sent_at is not None:
        return
    if ctx.now >= appt.slot_start:
        yield Hit(message="预约时段已到，未提醒", stage="red")
    elif ctx.now >= appt.slot_start - timedelta(hours=24):
        yield Hit(message="预约前24小时，尚未提醒", stage="yellow")


PROMISE_RULE = Rule(
    id="gdzw-0020-2019/test-live-promise",
    title="Decided within the promised time (test rule)",
    clauses=(ClauseRef("gdzw-0020-2019:5.5.3"),),
    severity="error",
    subject="application",
    check=_promise_check,
    clause_text="承诺时限内办结（测试用规则）。",
    live=True,
)
REMINDER_RULE = Rule(
    id="db23-hlj-2023/test-live-reminder",
    title="Reminder 24 h before the slot (test rule)",
    clauses=(ClauseRef("db23-hlj-2023:6.5.1.1"),),
    severity="error",
    subject="appointment",
    check=_reminder_check,
    clause_text="预约办理前24小时提醒（测试用规则）。",
    live=True,
)
TEST_RULES = [PROMISE_RULE, REMINDER_RULE]

ITEM = Item(code="I1", name="某许可", type="行政许可", department="D1", promised_limit="3个工作日")
MON = datetime(2025, 11, 3, 9, 0)  # no holiday in November 2025


def _app(app_id: str = "A1", at: datetime = MON, **kw: Any) -> dict[str, Any]:
    return {"table": "applications", "id": app_id, "item_code": "I1", "received_at": at.isoformat(), **kw}


def _sup(clock: SimulatedClock, store: Any = None, engine: str = "durable", **kw: Any) -> Supervisor:
    return Supervisor(
        clock, store if store is not None else MemoryStore(), engine=engine, rules=TEST_RULES, **kw
    )


def _run_week(
    sup: Supervisor, clock: SimulatedClock, until: datetime, step: timedelta
) -> dict[datetime, list]:
    found: dict[datetime, list] = {}
    while clock() < until:
        clock.advance(step)
        new = sup.tick()
        if new:
            found[clock()] = new
    return found


# -- the simulated week -----------------------------------------------------------------------------


def test_yellow_before_due_and_red_after_in_a_simulated_week() -> None:
    clock = SimulatedClock(MON - timedelta(hours=1))
    sup = _sup(clock)
    assert sup.engine_name == ("durable" if durable_available() else "plain")
    assert sup.post(ITEM).accepted
    assert sup.post(_app()).accepted
    assert sup.tick() == []  # Monday 08:00: two working days to go
    found = _run_week(sup, clock, MON + timedelta(days=7), timedelta(hours=1))
    # 3 working days after Mon 3 Nov is Thu 6 Nov: yellow from Wed 5 Nov (1 working day left), red Fri 7 Nov
    assert [(t, [(f.rule_id, f.subject.id, f.stage) for f in fs]) for t, fs in found.items()] == [
        (datetime(2025, 11, 5, 0, 0), [("gdzw-0020-2019/test-live-promise", "A1", "yellow")]),
        (datetime(2025, 11, 7, 0, 0), [("gdzw-0020-2019/test-live-promise", "A1", "red")]),
    ]
    yellow, red = sup.findings()
    assert yellow.on == red.on == datetime(2025, 11, 6).date()
    assert yellow.clauses == ["gdzw-0020-2019:5.5.3"] and yellow.severity == "error"
    assert describe(yellow).startswith("黄牌 application A1: 承诺时限将至")
    assert describe(red).startswith("红牌 application A1: 承诺时限已过")
    assert "gdzw-0020-2019:5.5.3" in describe(red)


def test_a_decision_in_time_stops_the_cards() -> None:
    clock = SimulatedClock(MON)
    sup = _sup(clock)
    sup.post(ITEM)
    sup.post(_app())
    clock.set(datetime(2025, 11, 5, 10))
    assert [f.stage for f in sup.tick()] == ["yellow"]
    posted = sup.post({"application_id": "A1", "kind": "decided", "at": "2025-11-05T11:00"})
    assert posted.accepted and posted.subject is not None and posted.subject.id == "A1"
    clock.set(datetime(2025, 11, 10, 10))
    assert sup.tick() == []
    assert [f.stage for f in sup.findings()] == ["yellow"]


def test_each_stage_is_reported_once() -> None:
    clock = SimulatedClock(datetime(2025, 11, 7, 9))
    sup = _sup(clock)
    sup.post(ITEM)
    sup.post(_app())
    assert [f.stage for f in sup.tick()] == ["red"]
    for _ in range(5):
        clock.advance(timedelta(hours=6))
        assert sup.tick() == []
    assert len(sup.findings()) == 1


def test_ctx_now_is_the_clock_time_for_hour_precise_rules() -> None:
    clock = SimulatedClock(datetime(2025, 11, 4, 8, 59))
    sup = _sup(clock)
    sup.post(
        {
            "table": "appointments",
            "id": "P1",
            "booked_at": "2025-11-01T10:00",
            "slot_start": "2025-11-05T09:00",
            "slot_end": "2025-11-05T09:30",
        }
    )
    assert sup.tick() == []  # 24 h + 1 min before the slot
    clock.advance(timedelta(minutes=1))
    assert [(f.subject.id, f.stage) for f in sup.tick()] == [("P1", "yellow")]
    clock.set(datetime(2025, 11, 5, 9, 0))
    assert [(f.subject.id, f.stage) for f in sup.tick()] == [("P1", "red")]


# -- unknown events ---------------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ["durable", "plain"])
def test_unknown_events_are_recorded_not_raised(engine: str) -> None:
    clock = SimulatedClock(MON)
    sup = _sup(clock, engine=engine)
    sup.post(ITEM)
    sup.post(_app())
    posts = [
        {"table": "weather", "text": "雨"},  # no route
        {"application_id": "A1", "kind": "coffee_break", "at": "2025-11-03T10:00"},  # unknown kind
        {"application_id": "A9", "kind": "decided", "at": "2025-11-03T10:00"},  # held: A9 not posted yet
        {"table": "applications", "id": "A2"},  # invalid record
        {"note": "neither owner nor table"},  # not an event
        ["not", "a", "mapping"],
        {"table": "weather", ("tuple", "key"): 1},  # not even JSON
    ]
    results = [sup.post(p) for p in posts]
    assert not any(r.accepted for r in results)
    unknown = sup.unknown_events()
    assert results[2].reason == "held" and [h["owner"] for h in sup.held_events()] == ["A9"]
    assert [(u.type, u.reason) for u in unknown] == [
        ("weather", "unknown_type"),
        ("application_event", "unknown_kind"),
        ("application", "invalid"),
        ("unknown", "unknown_type"),
        ("unknown", "invalid"),  # a list is no object: invalid (tests/test_hostile_input_sweep8.py)
        ("weather", "unknown_type"),
    ]
    assert unknown[0].event == {"text": "雨"} and unknown[0].posted_at == MON
    assert "item_code" in unknown[2].detail
    assert sup.subjects("application")[0].events == []  # nothing leaked into A1


# -- persistence and restart ------------------------------------------------------------------------


def _stream() -> list[tuple[str, Any]]:
    """A week at a small hall: posts and clock steps, from MON - 1 h. Each application and booking is
    posted at the first step at or after its time (what has happened; one dated more than
    FUTURE_TOLERANCE after the clock is refused), A1 (09:00) at once, within the hour's tolerance."""
    ops: list[tuple[str, Any]] = [("post", ITEM)]
    due: list[tuple[datetime, Any]] = [
        (datetime(2025, 11, day, 9 + i), _app(f"A{i + 1}", datetime(2025, 11, day, 9 + i)))
        for i, day in enumerate((3, 3, 4, 5))
    ]
    due.append(
        (
            datetime(2025, 11, 3, 10),
            {
                "table": "appointments",
                "id": "P1",
                "booked_at": "2025-11-03T10:00",
                "slot_start": "2025-11-06T15:00",
                "slot_end": "2025-11-06T15:30",
            },
        )
    )
    due.sort(key=lambda d: d[0])
    now = MON - timedelta(hours=1)
    ops += [("post", rec) for at, rec in due if at <= now + FUTURE_TOLERANCE]
    due = [d for d in due if d[0] > now + FUTURE_TOLERANCE]
    ops.append(("post", {"table": "weather", "text": "晴"}))
    for hour in range(0, 24 * 9, 5):
        ops.append(("advance", timedelta(hours=5)))
        now += timedelta(hours=5)
        ops += [("post", rec) for at, rec in due if at <= now]
        due = [d for d in due if d[0] > now]
        if hour == 50:
            ops.append(("post", {"application_id": "A2", "kind": "decided", "at": "2025-11-05T11:00"}))
        if hour == 80:
            ops.append(("post", {"application_id": "A3", "kind": "picked_up", "at": "2025-11-06T17:00"}))
    return ops


def _replay(ops: list[tuple[str, Any]], make: Any, restart_at: set[int] = frozenset()) -> Supervisor:  # type: ignore[assignment]
    sup = make()
    for i, (op, arg) in enumerate(ops):
        if i in restart_at:
            sup.close()
            sup = make()
        if op == "post":
            sup.post(arg)
        else:
            sup.clock.advance(arg)
            sup.tick()
    return sup


def _as_json(sup: Supervisor) -> tuple[list, list]:
    return (
        [f.model_dump(mode="json") for f in sup.findings()],
        [u.model_dump(mode="json") for u in sup.unknown_events()],
    )


def test_every_accepted_post_is_on_disk_before_post_returns(tmp_path: Path) -> None:
    path = tmp_path / "live.json"
    sup = _sup(SimulatedClock(MON), JsonFileStore(path))
    sup.post(ITEM)
    sup.post(_app())
    sup.post({"application_id": "A1", "kind": "accepted", "at": "2025-11-03T09:05"})
    on_disk = json.loads(path.read_text(encoding="utf-8"))
    assert [e["kind"] for e in on_disk["applications"][0]["events"]] == ["accepted"]
    sup.post({"table": "weather"})
    assert json.loads(path.read_text(encoding="utf-8"))["unknown"][0]["type"] == "weather"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["live.json", "live.json.lock"]  # no temp file


@pytest.mark.parametrize("kind", ["sqlite", "json"])
def test_restart_from_the_store_gives_the_findings_of_an_uninterrupted_run(tmp_path: Path, kind: str) -> None:
    def store(name: str) -> Any:
        return (
            SqliteStore(tmp_path / f"{name}.db")
            if kind == "sqlite"
            else JsonFileStore(tmp_path / f"{name}.json")
        )

    ops = _stream()
    clock_a = SimulatedClock(MON - timedelta(hours=1))
    a = _replay(ops, lambda: _sup(clock_a, store("a")))
    clock_b = SimulatedClock(MON - timedelta(hours=1))
    b = _replay(ops, lambda: _sup(clock_b, store("b")), restart_at={3, 7, 20, 21, 40, len(ops) - 1})
    assert _as_json(a) == _as_json(b)
    stages = {(f.subject.id, f.stage) for f in a.findings()}
    assert {("A1", "yellow"), ("A1", "red"), ("A2", "yellow"), ("P1", "yellow"), ("P1", "red")} <= stages
    assert ("A2", "red") not in stages  # decided in time
    assert a.store.load() == b.store.load()
    a.close()
    b.close()
    # a fresh process on the same state continues with nothing new to say
    again = _sup(SimulatedClock(clock_a()), store("a"))
    assert _as_json(again) == _as_json(a) and again.tick() == []
    again.close()


def test_a_failed_save_rolls_back_and_raises(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "live.json"
    sup = _sup(SimulatedClock(MON), JsonFileStore(path))
    sup.post(ITEM)
    before = path.read_bytes()

    def boom(*a: Any, **k: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        sup.post(_app())
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert sup.subjects("application") == []  # memory matches disk
    assert sorted(p.name for p in tmp_path.iterdir()) == ["live.json", "live.json.lock"]


def test_closed_subjects_are_dropped_after_retention_and_late_events_recorded() -> None:
    clock = SimulatedClock(MON)
    sup = _sup(clock, retain_closed=timedelta(days=2))
    sup.post(ITEM)
    sup.post(_app())
    clock.set(datetime(2025, 11, 4, 16, 0))  # what is posted has happened (FUTURE_TOLERANCE)
    sup.post({"application_id": "A1", "kind": "decided", "at": "2025-11-04T10:00"})
    sup.post({"application_id": "A1", "kind": "picked_up", "at": "2025-11-04T16:00"})
    clock.set(datetime(2025, 11, 6, 15, 59))
    sup.tick()
    assert [a.id for a in sup.subjects("application")] == ["A1"]
    clock.set(datetime(2025, 11, 6, 16, 0))
    sup.tick()
    assert sup.subjects("application") == []
    assert sup.post({"application_id": "A1", "kind": "visit", "at": "2025-11-06T15:00"}).reason == "archived"


# -- the engines agree ------------------------------------------------------------------------------

_IDS = st.sampled_from(["A1", "A2", "A3"])
_TIMES = st.integers(min_value=0, max_value=24 * 10).map(lambda h: (MON + timedelta(hours=h)).isoformat())
_POSTS = st.one_of(
    st.builds(
        lambda i, t, lim: _app(i, datetime.fromisoformat(t), **({"promised_limit": lim} if lim else {})),
        _IDS,
        _TIMES,
        st.sampled_from([None, "1个工作日", "3个工作日", "5天"]),
    ),
    st.builds(
        lambda i, k, t: {"application_id": i, "kind": k, "at": t},
        st.sampled_from(["A1", "A2", "A3", "A9"]),
        st.sampled_from(["accepted", "decided", "picked_up", "paused", "coffee_break"]),
        _TIMES,
    ),
    st.builds(
        lambda i, h: {
            "table": "appointments",
            "id": i,
            "booked_at": MON.isoformat(),
            "slot_start": (MON + timedelta(hours=h)).isoformat(),
            "slot_end": (MON + timedelta(hours=h, minutes=30)).isoformat(),
        },
        st.sampled_from(["P1", "P2"]),
        st.integers(min_value=1, max_value=24 * 8),
    ),
    st.builds(
        lambda i, t: {"table": "complaints", "id": i, "channel": "onsite", "received_at": t},
        st.sampled_from(["C1", "C2"]),
        _TIMES,
    ),
    st.builds(
        lambda i, t: {"complaint_id": i, "kind": "closed", "at": t}, st.sampled_from(["C1", "C3"]), _TIMES
    ),
    st.dictionaries(
        st.sampled_from(["table", "x", "kind", "id"]),
        st.one_of(st.text(max_size=4), st.integers(), st.none()),
        max_size=3,
    ),
    st.just(ITEM),
)
_OPS = st.lists(
    st.one_of(
        st.tuples(st.just("post"), _POSTS),
        st.tuples(
            st.just("advance"), st.integers(min_value=1, max_value=30).map(lambda h: timedelta(hours=h))
        ),
    ),
    min_size=8,
    max_size=50,
).map(lambda ops: [("post", ITEM), *ops])


@pytest.mark.skipif(not durable_available(), reason="durable_rules does not import")
@settings(max_examples=60)
@given(ops=_OPS)
def test_durable_engine_equals_plain_engine(ops: list[tuple[str, Any]]) -> None:
    runs = []
    for engine in ("durable", "plain"):
        store = MemoryStore()
        sup = _replay(ops, lambda engine=engine, store=store: _sup(SimulatedClock(MON), store, engine=engine))
        assert sup.engine_name == engine
        runs.append((_as_json(sup), store.load()))
        sup.close()
    assert runs[0] == runs[1]


def test_durable_engine_sessions_are_separate() -> None:
    if not durable_available():
        pytest.skip("durable_rules does not import")
    seen: dict[str, list[Any]] = {"a": [], "b": []}
    a, b = DurableEngine(), DurableEngine()
    assert a.sid != b.sid
    a.bind({"item": lambda m: seen["a"].append(m["seq"])}, lambda m: seen["a"].append(("?", m["seq"])))
    b.bind({"item": lambda m: seen["b"].append(m["seq"])}, lambda m: seen["b"].append(("?", m["seq"])))
    a.dispatch({"type": "item", "seq": 1, "body": {}})
    b.dispatch({"type": "nope", "seq": 2, "body": {}})
    a.dispatch({"type": "nope", "seq": 3, "body": {"id": 1, "sid": "x"}})
    assert seen == {"a": [1, ("?", 3)], "b": [("?", 2)]}
    a.close()
    b.close()


def test_a_handler_error_reaches_the_caller_through_durable_rules() -> None:
    if not durable_available():
        pytest.skip("durable_rules does not import")

    def fail(m: Any) -> None:
        raise RuntimeError("handler failed")

    eng = DurableEngine()
    eng.bind({}, fail)
    with pytest.raises(RuntimeError, match="handler failed"):
        eng.dispatch({"type": "x", "seq": 1, "body": {}})
    eng.bind({}, lambda m: None)
    eng.dispatch({"type": "x", "seq": 2, "body": {}})  # the session still works
    eng.close()


def test_plain_engine_is_used_when_asked_and_rejects_unknown_routes() -> None:
    sup = _sup(SimulatedClock(MON), engine="plain")
    assert sup.engine_name == "plain"
    with pytest.raises(ValueError, match="no route"):
        PlainEngine().bind({"moon": lambda m: None}, lambda m: None)


# -- the clock --------------------------------------------------------------------------------------


class _NoSystemTime(datetime):
    @classmethod
    def now(cls, tz: Any = None) -> datetime:  # type: ignore[override]
        raise AssertionError("govhall.live read the system clock")

    @classmethod
    def today(cls) -> datetime:  # type: ignore[override]
        raise AssertionError("govhall.live read the system clock")

    @classmethod
    def utcnow(cls) -> datetime:  # type: ignore[override]
        raise AssertionError("govhall.live read the system clock")


def test_the_clock_is_never_read_from_the_system(monkeypatch: pytest.MonkeyPatch) -> None:
    # the supervisor module's ``datetime`` refuses now()/today(); the clock hands out instances of it
    monkeypatch.setattr(supervisor_module, "datetime", _NoSystemTime)
    start = datetime(2005, 3, 1, 8, 0)  # a Tuesday, twenty years ago
    calls = []

    def clock() -> datetime:
        calls.append(1)
        return current[0]

    current = [_NoSystemTime.fromisoformat(start.isoformat())]
    sup = Supervisor(clock, MemoryStore(), engine="durable", rules=TEST_RULES)
    sup.post(ITEM)
    sup.post(_app("A1", datetime(2005, 3, 1, 9, 0)))
    days = {}
    for _ in range(1, 24 * 8):
        current[0] = current[0] + timedelta(hours=1)
        for f in sup.tick():
            days[f.stage] = current[0].date().isoformat()
    # due Fri 4 Mar 2005: yellow on Thu 3 Mar, red on Sat 5 Mar — in 2005, not now
    assert days == {"yellow": "2005-03-03", "red": "2005-03-05"}
    assert sup.last_tick == start + timedelta(hours=24 * 8 - 1)
    assert len(calls) > 24 * 7


def test_simulated_clock_only_moves_forward() -> None:
    clock = SimulatedClock(MON)
    assert clock.advance(timedelta(minutes=30)) == MON + timedelta(minutes=30)
    with pytest.raises(ValueError):
        clock.advance(timedelta(seconds=-1))
    with pytest.raises(ValueError):
        clock.set(MON)
    utc = SimulatedClock(datetime(2025, 11, 3, 1, 0, tzinfo=timezone.utc))
    assert utc() == MON and utc().tzinfo is None  # read as Asia/Shanghai wall-clock time


# -- rule selection ---------------------------------------------------------------------------------


def test_rule_selection_uses_the_registered_rules() -> None:
    pool = [
        PROMISE_RULE,
        REMINDER_RULE,
        Rule(
            id="gdzw-0020-2019/test-not-live",
            title="t",
            clauses=(ClauseRef("gdzw-0020-2019:5.5.3"),),
            severity="error",
            subject="application",
            check=_promise_check,
            clause_text="测试",
        ),
    ]
    assert select_rules("auto", registry=pool) == ([PROMISE_RULE, REMINDER_RULE], "live")
    assert select_rules("subjects", registry=pool)[0] == pool
    not_live = [pool[2]]
    assert select_rules("auto", registry=not_live) == (not_live, "subjects")
    assert select_rules("auto", registry=pool, standards=["db23-hlj-2023"])[0] == [REMINDER_RULE]
    assert select_rules(lambda r: r.subject == "appointment", registry=pool)[0] == [REMINDER_RULE]
    with pytest.raises(ValueError):
        select_rules("everything", registry=pool)
    # the default supervisor runs registered rules only, and adding ours did not register them
    sup = Supervisor(SimulatedClock(MON), MemoryStore(), engine="plain")
    assert PROMISE_RULE.id not in REGISTRY
    assert all(r.id in REGISTRY for r in sup.rules)
    assert sup.selection in ("live", "subjects")


# -- replay, the CLI and the example ----------------------------------------------------------------


def _write_events(path: Path) -> Path:
    lines = [
        ITEM.model_dump(mode="json") | {"table": "items"},
        _app(),
        {"table": "weather", "text": "雨", "posted_at": "2025-11-04T07:00"},
        {"application_id": "A1", "kind": "accepted", "at": "2025-11-03T09:30"},
    ]
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    return path


def test_replay_posts_each_event_at_its_time() -> None:
    from govhall.live import parse_step, replay

    assert parse_step("1h30m") == timedelta(hours=1, minutes=30)
    with pytest.raises(ValueError):
        parse_step("soon")
    clock = SimulatedClock(datetime(2025, 11, 3, 8))
    sup = _sup(clock)
    events = [ITEM, _app(), {"application_id": "A1", "kind": "decided", "at": "2025-11-20T09:00"}]
    result = replay(events, sup, clock, until=datetime(2025, 11, 8, 8), step=timedelta(hours=12))
    assert (result.ticks, result.posted, result.not_posted) == (11, 2, 1)
    assert [(t, f.stage) for t, f in result.findings] == [
        (datetime(2025, 11, 5, 8), "yellow"),
        (datetime(2025, 11, 7, 8), "red"),
    ]


def test_cli_live_replay(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from govhall.cli import app

    monkeypatch.setattr(supervisor_module, "select_rules", lambda *a, **k: (list(TEST_RULES), "custom"))
    events = _write_events(tmp_path / "events.jsonl")
    state = tmp_path / "state.db"
    args = [
        "live",
        "replay",
        str(events),
        "--start",
        "2025-11-03T08:00",
        "--until",
        "2025-11-10T08:00",
        "--step",
        "1h",
        "--state",
        str(state),
    ]
    res = CliRunner().invoke(app, [*args, "--json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert [(f["tick"], f["subject"]["id"], f["stage"]) for f in doc["findings"]] == [
        ("2025-11-05T00:00:00", "A1", "yellow"),
        ("2025-11-07T00:00:00", "A1", "red"),
    ]
    assert [u["type"] for u in doc["unknown_events"]] == ["weather"]
    assert doc["ticks"] == 169 and doc["posted"] == 4 and doc["rules"]["selection"] == "custom"
    with StateReader(state) as reader:
        assert [f["stage"] for f in reader.findings()] == ["yellow", "red"]

    state.unlink()
    res = CliRunner().invoke(app, [*args, "--fail-on", "error"])
    assert res.exit_code == 1
    assert "2025-11-07 00:00  红牌 application A1" in res.stdout and "黄牌 1, 红牌 1" in res.stdout


def _crash_once_accepted(app: Any, ctx: Any) -> None:
    """受理后出错（测试用规则）: raises only on ticks after the application's acceptance is posted."""
    if app.first("accepted") is not None and ctx.now < datetime(2025, 11, 4, 8):
        raise RuntimeError("cannot judge an accepted application")


CRASH_RULE = Rule(
    id="gdzw-0020-2019/test-live-crash",
    title="A rule that fails on some ticks only (test rule)",
    clauses=(ClauseRef("gdzw-0020-2019:5.5.3"),),
    severity="error",
    subject="application",
    check=_crash_once_accepted,
    clause_text="受理后出错（测试用规则）。",
    live=True,
)


def test_cli_live_replay_exits_3_when_a_rule_raised_on_any_tick(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rule fails only on the ticks between the acceptance (09:30) and 08:00 next day, then runs
    clean: the replay still ends with exit 3 and names the rule and the first tick it failed on."""
    from typer.testing import CliRunner

    from govhall.cli import app

    monkeypatch.setattr(
        supervisor_module, "select_rules", lambda *a, **k: ([PROMISE_RULE, CRASH_RULE], "custom")
    )
    events = _write_events(tmp_path / "events.jsonl")
    args = ["live", "replay", str(events), "--start", "2025-11-03T08:00", "--until", "2025-11-10T08:00"]
    res = CliRunner().invoke(app, [*args, "--json"])
    assert res.exit_code == 3, res.output
    doc = json.loads(res.stdout)
    assert [(e["tick"], e["rule_id"]) for e in doc["rule_errors"]] == [
        ("2025-11-03T10:00:00", "gdzw-0020-2019/test-live-crash")
    ]
    assert "cannot judge an accepted application" in doc["rule_errors"][0]["message"]
    assert "rule error at 2025-11-03 10:00: gdzw-0020-2019/test-live-crash" in res.stderr
    # the findings of the other rule are all there
    assert [f["stage"] for f in doc["findings"]] == ["yellow", "red"]
    tolerated = CliRunner().invoke(app, [*args, "--tolerate-rule-errors", "--fail-on", "error"])
    assert tolerated.exit_code == 1, tolerated.output
    assert "rule error at 2025-11-03 10:00" in tolerated.stderr
    assert CliRunner().invoke(app, [*args, "--tolerate-rule-errors"]).exit_code == 0


def test_cli_live_replay_bad_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from govhall.cli import main

    events = _write_events(tmp_path / "events.jsonl")
    undated = tmp_path / "undated.jsonl"
    undated.write_text('{"table": "items"}\nnot json\n', encoding="utf-8")
    for args, says in (
        (["live", "replay", str(events), "--step", "soon"], "--step"),
        (["live", "replay", str(undated)], "no dated events"),
        (["live", "replay", str(tmp_path / "missing.jsonl")], "no such file"),
    ):
        with pytest.raises(SystemExit) as exit_info:
            main(args)
        assert exit_info.value.code == 2
        err = capsys.readouterr().err
        assert says in err and "Traceback" not in err


def test_cli_live_replay_reports_bad_lines_and_posts_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A line that is not UTF-8, not JSON, or nested too deep is one reported line, never the stream's end."""
    from typer.testing import CliRunner

    from govhall.cli import app

    monkeypatch.setattr(supervisor_module, "select_rules", lambda *a, **k: (list(TEST_RULES), "custom"))
    good = _write_events(tmp_path / "events.jsonl").read_bytes().splitlines()
    deep = b'{"table": "applications", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    lines = [good[0], b"\xff\xfe broken bytes", good[1], b"not json", deep, *good[2:]]
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_bytes(b"\n".join(lines) + b"\n")
    args = ["live", "replay", str(mixed), "--start", "2025-11-03T08:00", "--until", "2025-11-10T08:00"]
    res = CliRunner().invoke(app, [*args, "--json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert [(b["line"], b["reason"].split(" ")[0]) for b in doc["rejected_lines"]] == [
        (2, "not"), (4, "not"), (5, "not")
    ]  # fmt: skip
    assert "UTF-8" in doc["rejected_lines"][0]["reason"] and "JSON" in doc["rejected_lines"][1]["reason"]
    assert "deep" in doc["rejected_lines"][2]["reason"]
    assert doc["posted"] == len(good)  # every good line, before and after the bad ones
    assert [(f["subject"]["id"], f["stage"]) for f in doc["findings"]] == [("A1", "yellow"), ("A1", "red")]


def test_the_example_runs_and_restart_loses_nothing() -> None:
    import subprocess
    import sys

    example = Path(__file__).resolve().parent.parent / "examples" / "live_supervision.py"
    out = subprocess.run(
        [sys.executable, str(example)], capture_output=True, text=True, check=True, encoding="utf-8"
    ).stdout
    assert "findings with the restart == without it: True" in out
    assert "unknown event #10 (weather): unknown_type" in out
    assert "restarted from hall-live.db" in out
    # docs/live.md shows the example's output; it must be what the example prints
    doc = (example.parent.parent / "docs" / "live.md").read_text(encoding="utf-8")
    shown = doc.split("$ python examples/live_supervision.py\n", 1)[1].split("```", 1)[0]
    if not durable_available():  # e.g. Python 3.13, where durable_rules 2.0.28 does not import
        out = out.replace("engine plain", "engine durable", 1)
    assert shown == out


def test_an_event_line_naming_a_key_twice_at_any_depth_is_reported_not_posted(tmp_path: Path) -> None:
    """``govhall live replay`` reads each line once; a line whose event (or a record in it) names a key
    twice is one reported line naming the key and where, never the event with the last value."""
    from govhall.cli.live_cmd import _read_events

    stream = tmp_path / "events.jsonl"
    stream.write_text(
        '{"id": "E1", "application_id": "A1", "kind": "visit", "at": "2025-11-03T10:00"}\n'
        '{"table": "applications", "id": "A2", "applicant": {"name": "甲", "phone": "1", "name": "乙"}}\n'
        '{"id": "E3", "application_id": "A1", "kind" : "visit", "at": "2025-11-03T11:00", "kind": "decided"}\n',
        encoding="utf-8",
    )
    events, bad, lines = _read_events(stream)
    assert [e["id"] for e in events] == ["E1"] and lines == [1]
    assert [b["line"] for b in bad] == [2, 3]
    assert "'name' appears twice in one object (in applicant)" in bad[0]["reason"]
    assert "甲" not in bad[0]["reason"] and "乙" not in bad[0]["reason"]
    assert "'kind' appears twice" in bad[1]["reason"]
