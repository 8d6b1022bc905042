"""govhall.live's store: SQLite journal + state, one writer, crash recovery, bad events as data,
held events, bounded replays.

The crash and one-writer tests run real child processes (``tests/live_child.py``) and kill them
with SIGKILL; hypothesis chooses when.
"""

from __future__ import annotations

import json
import math
import signal
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from govhall.errors import ReplayTooLongError, StateFileError, StateLockedError
from govhall.live import (
    JsonFileStore,
    MemoryStore,
    SimulatedClock,
    SqliteStore,
    StateReader,
    Supervisor,
    durable_available,
    replay,
    ticks_needed,
)
from govhall.models import Item

sys.path.insert(0, str(Path(__file__).parent))
import live_child  # noqa: E402

CHILD = Path(__file__).with_name("live_child.py")
MON = datetime(2025, 11, 3, 9, 0)
ITEM = Item(code="I1", name="某许可", type="行政许可", department="D1", promised_limit="3个工作日")
ENGINES = ["durable", "plain"] if durable_available() else ["plain"]


def _app(app_id: str = "A1", at: datetime = MON) -> dict[str, Any]:
    return {"table": "applications", "id": app_id, "item_code": "I1", "received_at": at.isoformat()}


def _child(*args: str, **kw: Any) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(CHILD), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        **kw,
    )


def _state(doc: dict[str, Any] | None) -> dict[str, Any]:
    assert doc is not None
    return doc


# -- the SQLite store ------------------------------------------------------------------------------


def test_each_post_is_committed_before_it_returns_and_readers_see_it(tmp_path: Path) -> None:
    path = tmp_path / "live.db"
    sup = Supervisor(SimulatedClock(MON), path, rules=[])
    with StateReader(path) as reader:  # a second connection: sees only what is committed
        sup.post(ITEM)
        sup.post(_app())
        assert reader.seq == 2
        sup.post({"application_id": "A1", "kind": "accepted", "at": "2025-11-03T09:05"})
        apps = reader.load()["applications"]  # type: ignore[index]
        assert [e["kind"] for e in apps[0]["events"]] == ["accepted"]
        sup.post({"table": "weather"})
        assert [u["type"] for u in reader.unknown_events()] == ["weather"]
        assert [(r["seq"], r["type"], r["outcome"]) for r in reader.journal()] == [
            (1, "item", "accepted"),
            (2, "application", "accepted"),
            (3, "application_event", "accepted"),
            (4, "weather", "unknown_type"),
        ]
    sup.close()
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(("-wal", "-shm"))) == [
        "live.db",
        "live.db.lock",
    ]


def test_a_batch_commits_once_and_a_failed_commit_keeps_nothing(tmp_path: Path) -> None:
    path = tmp_path / "live.db"
    sup = Supervisor(SimulatedClock(MON), path, rules=[])
    commits: list[int] = []
    real = sup.store.commit

    def counting(changes: Any) -> None:
        commits.append(len(changes.journal))
        real(changes)

    sup.store.commit = counting  # type: ignore[method-assign]
    sup.post_many([ITEM, _app("A1"), _app("A2"), {"application_id": "A1", "kind": "accepted", "at": MON}])
    assert commits == [4]

    def failing(changes: Any) -> None:
        raise OSError("disk full")

    sup.store.commit = failing  # type: ignore[method-assign]
    with pytest.raises(OSError, match="disk full"):
        sup.post_many([_app("A3"), {"application_id": "A1", "kind": "decided", "at": MON}])
    assert sup.seq == 4 and [a.id for a in sup.subjects("application")] == ["A1", "A2"]
    assert [e.kind.value for e in sup.subjects("application")[0].events] == ["accepted"]
    sup.store.commit = real  # type: ignore[method-assign]
    assert sup.post(_app("A3")).seq == 5  # the failed batch's numbers are not used
    sup.close()


def test_an_old_json_state_is_migrated_once(tmp_path: Path) -> None:
    path = tmp_path / "hall-live.json"
    old = Supervisor(SimulatedClock(MON), JsonFileStore(path), rules=[])
    old.post(ITEM)
    old.post(_app())
    old.post({"table": "weather"})
    before = _state(old.store.load())
    old.close()
    assert json.loads(path.read_text("utf-8"))["format"] == "govhall.live/1"

    store = SqliteStore(path)
    assert store.migrated_from == tmp_path / "hall-live.json.v1.json"
    assert _state(store.load()) == before
    kept = json.loads(store.migrated_from.read_text("utf-8"))  # the old file, kept as it was
    assert (kept["format"], kept["seq"], kept["unknown"][0]["type"]) == ("govhall.live/1", 3, "weather")
    sup = Supervisor(SimulatedClock(MON + timedelta(hours=1)), store, rules=[])
    assert sup.seq == 3 and [u.type for u in sup.unknown_events()] == ["weather"]
    sup.close()
    again = SqliteStore(path)
    assert again.migrated_from is None
    again.close()
    (tmp_path / "junk.db").write_text("neither JSON nor SQLite", encoding="utf-8")
    with pytest.raises(StateFileError):
        SqliteStore(tmp_path / "junk.db")


def test_the_json_store_removes_stray_temp_files(tmp_path: Path) -> None:
    path = tmp_path / "live.json"
    (tmp_path / ".live.json.abc123.tmp").write_text("half a snapshot", encoding="utf-8")
    store = JsonFileStore(path)
    assert not (tmp_path / ".live.json.abc123.tmp").exists()
    store.close()


def test_a_json_state_naming_a_key_twice_is_refused_not_read_last_wins(tmp_path: Path) -> None:
    """The JSON state was read with plain ``json.loads``: ``{"seq": 3, …, "seq": 0}`` silently kept the
    last value (the journal would restart at 0 and resend); the file names the key, as input does."""
    path = tmp_path / "live.json"
    old = Supervisor(SimulatedClock(MON), JsonFileStore(path), rules=[])
    old.post(ITEM)
    old.post({"table": "weather"})
    old.close()
    text = path.read_text("utf-8")
    assert _state(JsonFileStore(path, lock=False).load())["seq"] == 2  # the good file still reads
    assert text.lstrip().startswith("{")
    path.write_text(text.replace("{", '{"seq": 0, ', 1), encoding="utf-8")
    for opening in (lambda: JsonFileStore(path, lock=False), lambda: SqliteStore(path)):
        with pytest.raises(StateFileError) as info:
            opening()
        message = str(info.value)
        assert str(path) in message and "'seq' appears twice" in message and "\n" not in message, message


# -- crash recovery: kill -9 a real feeder, several times, hypothesis choosing when -----------------

N_EVENTS = 160


_REFERENCE_STATES: dict[int, dict[str, Any]] = {}


def _reference(seed: int, cache: dict[int, dict[str, Any]]) -> dict[str, Any]:
    if seed not in cache:
        clock = live_child.SeqClock()
        sup = clock.sup = Supervisor(clock, MemoryStore())
        plan = live_child.batches(N_EVENTS, seed)
        live_child.feed(sup, live_child.events(N_EVENTS, seed), plan, lambda seq: None)
        cache[seed] = _state(sup.store.load())
        stages = [f["stage"] for f in cache[seed]["findings"]]
        assert stages.count("red") >= 5, "the stream must raise cards, or the test proves little"
        sup.close()
    return cache[seed]


@settings(
    max_examples=3,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: each example runs several processes
)
@given(
    seed=st.integers(min_value=0, max_value=3),
    kills=st.lists(
        st.tuples(st.integers(min_value=1, max_value=25), st.integers(min_value=0, max_value=3)),
        min_size=1,
        max_size=2,
    ),
)
def test_kill_9_mid_stream_loses_nothing_acknowledged_and_duplicates_nothing(
    seed: int, kills: list[tuple[int, int]]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "live.db")
        for acks_before_kill, delay_ms in kills:
            child = _child("feed", path, str(N_EVENTS), str(seed))
            assert child.stdout is not None
            acked, seen = 0, 0
            for line in child.stdout:
                if line.startswith("ack "):
                    acked = int(line.split()[1])
                    seen += 1
                    if seen >= acks_before_kill:
                        break
            time.sleep(delay_ms / 1000)  # land anywhere in the next commit, or after the end
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=60)
            child.stdout.close()
            assert child.stderr is not None
            err = child.stderr.read()
            child.stderr.close()
            assert "half committed" not in err, err
            with StateReader(path) as reader:
                committed = reader.seq
            assert committed >= acked, "an acknowledged post was lost"
        done = subprocess.run(
            [sys.executable, str(CHILD), "feed", path, str(N_EVENTS), str(seed)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0 and done.stdout.rstrip().endswith("done"), done.stderr
        with StateReader(path) as reader:
            journal = reader.journal()
            state = reader.load()
        assert [row["seq"] for row in journal] == list(range(1, N_EVENTS + 1))
        assert [row["body"] for row in journal][:3] == [
            {k: v for k, v in e.items() if k != "table"} for e in live_child.events(N_EVENTS, seed)[:3]
        ]
        assert state == _reference(seed, _REFERENCE_STATES)


# -- one writer ------------------------------------------------------------------------------------


def test_a_second_writer_is_refused_at_once_and_readers_run_concurrently(tmp_path: Path) -> None:
    path = str(tmp_path / "live.db")
    holder = _child("hold", path, stdin=subprocess.PIPE)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        second = subprocess.run(
            [sys.executable, str(CHILD), "open", path], capture_output=True, text=True, timeout=120
        )
        assert second.stdout.strip() == "state-locked", second.stderr
        reader = subprocess.run(
            [sys.executable, str(CHILD), "read", path], capture_output=True, text=True, timeout=120
        )
        assert reader.stdout.split() == ["0", "1", "1"], reader.stderr  # findings, unknown, seq
        with pytest.raises(StateLockedError, match="another supervisor"):
            Supervisor(SimulatedClock(MON), path, rules=[])
    finally:
        holder.kill()
        holder.wait(timeout=60)
    sup = Supervisor(SimulatedClock(MON), path, rules=[])  # the lock died with its holder
    assert sup.seq == 1
    sup.close()


def test_the_writer_lock_is_held_until_close_in_one_process(tmp_path: Path) -> None:
    path = tmp_path / "live.db"
    first = Supervisor(SimulatedClock(MON), path, rules=[])
    with pytest.raises(StateLockedError):
        SqliteStore(path)
    with pytest.raises(StateLockedError):
        JsonFileStore(path)
    first.close()
    Supervisor(SimulatedClock(MON), path, rules=[]).close()


# -- bad events are data ---------------------------------------------------------------------------


def _nest(depth: int) -> Any:
    value: Any = "x"
    for i in range(depth):
        value = {"k": value} if i % 2 else [value]
    return value


class _BadRepr:
    def __repr__(self) -> str:
        raise RuntimeError("no repr")


_SURROGATE = st.text(
    alphabet=st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), min_size=1, max_size=3
)
_HOSTILE_VALUES = st.one_of(
    st.integers(min_value=40, max_value=3000).map(_nest),
    _SURROGATE,
    _SURROGATE.map(lambda s: {s: 1}),
    st.sampled_from([10**5000, -(10**400), 2**64, math.inf, -math.inf, math.nan, 1e308]),
    st.sampled_from([b"\xff", {1, 2}, ("t",), _BadRepr(), object(), None, True, [], {}]),
    st.integers(),
    st.floats(),
    st.text(max_size=5),
)
_FIELDS = ["id", "item_code", "received_at", "application_id", "kind", "at", "staff_id", "note", "table", "x"]
_BASES = [
    lambda: _app("A7"),
    lambda: {"application_id": "A1", "kind": "accepted", "at": "2025-11-03T10:00"},
    lambda: {"application_id": "A8", "kind": "accepted", "at": "2025-11-03T10:00"},
    lambda: {"complaint_id": "C9", "kind": "closed", "at": "2025-11-03T10:00"},
    lambda: {"table": "items", "code": "I2", "name": "n", "type": "行政许可", "department": "D"},
]
_CORRUPTED = st.builds(
    lambda base, field, value: {**_BASES[base](), field: value},
    st.integers(min_value=0, max_value=len(_BASES) - 1),
    st.sampled_from(_FIELDS),
    _HOSTILE_VALUES,
)
_HOSTILE = st.one_of(
    _CORRUPTED,
    _CORRUPTED,
    _CORRUPTED,
    st.integers(min_value=0, max_value=len(_BASES) - 1).map(lambda i: _BASES[i]()),  # accepted or held
    _HOSTILE_VALUES,
    st.builds(lambda v: {"table": v, "id": "Z"}, _HOSTILE_VALUES),
)


def _state_without_bookkeeping(doc: dict[str, Any] | None) -> dict[str, Any]:
    d = dict(_state(doc))
    for k in ("seq", "unknown", "held"):
        d.pop(k)
    return d


@settings(max_examples=30, deadline=None)
@given(events=st.lists(_HOSTILE, min_size=1, max_size=6))
def test_hostile_events_are_recorded_never_raised_and_change_nothing_when_rejected(events: list[Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        outcomes = []
        for engine in ENGINES:
            sup = Supervisor(
                SimulatedClock(MON),
                SqliteStore(Path(tmp) / f"{engine}.db", synchronous="NORMAL"),
                engine=engine,
                rules=[],
            )
            sup.post_many([ITEM, _app("A1")])
            for ev in events:
                before = _state_without_bookkeeping(sup.store.load())
                held_before = len(sup.held_events())
                posted = sup.post(ev)  # never raises for input
                after = _state_without_bookkeeping(sup.store.load())
                if posted.accepted:
                    continue
                assert after == before, f"rejected event changed the state: {ev!r}"
                if posted.reason == "held":
                    assert len(sup.held_events()) == held_before + 1
                else:
                    u = sup.unknown_events()[-1]
                    assert (u.seq, u.reason) == (posted.seq, posted.reason) and u.reason in (
                        "unknown_type",
                        "unknown_kind",
                        "invalid",
                        "no_subject",
                        "archived",
                    )
                    json.dumps(u.model_dump(mode="json"))  # storable, printable
            sup.close()
            # everything recorded survives a restart
            again = Supervisor(SimulatedClock(MON), Path(tmp) / f"{engine}.db", engine=engine, rules=[])
            outcomes.append((again.store.load(), [u.model_dump(mode="json") for u in again.unknown_events()]))
            again.close()
        assert all(o == outcomes[0] for o in outcomes)


@pytest.mark.parametrize("engine", ENGINES)
def test_the_issue_s_bad_events_are_invalid_with_a_reason(engine: str) -> None:
    sup = Supervisor(SimulatedClock(MON), MemoryStore(), engine=engine, rules=[])
    sup.post_many([ITEM, _app("A1")])
    deep = {"application_id": "A1", "kind": "accepted", "at": "2025-11-03T10:00", "note": _nest(5000)}
    cases = [
        (deep, "nested too deep"),
        (
            {"application_id": "A1", "kind": "accepted", "at": "2025-11-03T10:00", "note": "\ud800"},
            "lone surrogate",
        ),
        (
            {"application_id": "A1", "\ud800": 1, "kind": "accepted", "at": "2025-11-03T10:00"},
            "lone surrogate",
        ),
        (
            {"application_id": "A1", "kind": "accepted", "at": "2025-11-03T10:00", "staff_id": 10**5000},
            "staff_id: an integer of more than",  # the field named (tests/test_hostile_input_sweep7.py)
        ),
        (
            {"application_id": "A1", "kind": "accepted", "at": "2025-11-03T10:00", "staff_id": math.nan},
            "staff_id: nan is not a number",  # the field named (tests/test_hostile_input_sweep4.py)
        ),
        ({"application_id": "A1", "kind": "accepted", "at": ["tomorrow"]}, "at"),
    ]
    for event, says in cases:
        posted = sup.post(event)
        assert (posted.accepted, posted.reason) == (False, "invalid")
        assert says in sup.unknown_events()[-1].detail
    assert sup.subjects("application")[0].events == []
    bad_repr = sup.post(
        {"application_id": "A1", "kind": "accepted", "at": "2025-11-03T10:00", "x": _BadRepr()}
    )
    assert bad_repr.reason == "invalid" and "x" in sup.unknown_events()[-1].detail
    assert sup.post(_BadRepr()).reason == "invalid"  # no object (tests/test_hostile_input_sweep8.py)
    weird = sup.post({"table": "\udcff", "id": "x"})
    assert weird.reason == "unknown_type" and sup.unknown_events()[-1].type == "\\udcff"


# -- held events -----------------------------------------------------------------------------------


def test_an_event_before_its_application_is_held_then_applied(tmp_path: Path) -> None:
    path = tmp_path / "live.db"
    sup = Supervisor(SimulatedClock(MON), path, rules=[])
    sup.post(ITEM)
    early = sup.post({"application_id": "A1", "kind": "accepted", "at": "2025-11-03T09:05"})
    assert (early.accepted, early.reason) == (False, "held")
    sup.close()
    sup = Supervisor(SimulatedClock(MON), path, rules=[])  # held events survive a restart
    assert [h["owner"] for h in sup.held_events()] == ["A1"]
    assert sup.post(_app("A1")).accepted
    assert [e.kind.value for e in sup.subjects("application")[0].events] == ["accepted"]
    assert sup.held_events() == [] and sup.unknown_events() == []
    sup.close()
    with StateReader(path) as reader:
        doc = _state(reader.load())
        assert doc["held"] == [] and [e["kind"] for e in doc["applications"][0]["events"]] == ["accepted"]


def test_held_events_are_bounded_in_number_and_in_time() -> None:
    clock = SimulatedClock(MON)
    sup = Supervisor(clock, MemoryStore(), rules=[], hold_limit=2, hold_for=timedelta(days=1))
    for i in range(3):
        sup.post({"application_id": f"A{i}", "kind": "accepted", "at": "2025-11-03T09:05"})
    assert [h["owner"] for h in sup.held_events()] == ["A1", "A2"]
    assert [(u.seq, u.reason) for u in sup.unknown_events()] == [(1, "no_subject")]
    assert "bound (2)" in sup.unknown_events()[0].detail
    clock.advance(timedelta(hours=23, minutes=59))
    sup.tick()
    assert len(sup.held_events()) == 2
    clock.advance(timedelta(minutes=1))
    sup.tick()
    assert sup.held_events() == [] and [u.seq for u in sup.unknown_events()] == [1, 2, 3]
    off = Supervisor(clock, MemoryStore(), rules=[], hold_limit=0)
    assert (
        off.post({"application_id": "A1", "kind": "accepted", "at": "2025-11-03T09:05"}).reason
        == "no_subject"
    )


# -- bounded replays -------------------------------------------------------------------------------


def test_ticks_needed_counts_both_ends() -> None:
    assert ticks_needed(MON, MON, timedelta(hours=1)) == 1
    assert ticks_needed(MON, MON + timedelta(hours=3), timedelta(hours=1)) == 4
    assert ticks_needed(MON, MON + timedelta(hours=3, minutes=1), timedelta(hours=1)) == 5


def test_a_replay_above_the_cap_is_refused_before_anything_runs() -> None:
    clock = SimulatedClock(MON)
    sup = Supervisor(clock, MemoryStore(), rules=[])
    with pytest.raises(ReplayTooLongError) as info:
        replay([ITEM], sup, clock, until=MON + timedelta(days=8), step=timedelta(minutes=1), max_ticks=10_000)
    assert info.value.detail["ticks"] == 8 * 24 * 60 + 1 and "11521" in str(info.value)
    assert sup.seq == 0
    result = replay([ITEM], sup, clock, until=MON + timedelta(days=1), step=timedelta(hours=1))
    assert result.ticks == 25


def test_cli_live_replay_cap_exits_2_with_the_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from govhall.cli import main

    events = tmp_path / "e.jsonl"
    events.write_text(json.dumps(_app()) + "\n", encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        main(["live", "replay", str(events), "--until", "9999-12-31T00:00", "--step", "1m"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    minutes = (datetime(9999, 12, 31) - MON) // timedelta(minutes=1)
    assert err.count("\n") == 1 and f"--max-ticks {minutes + 1}" in err and "Traceback" not in err
    with pytest.raises(SystemExit) as info:
        main(
            [
                "live",
                "replay",
                str(events),
                "--until",
                "2025-11-03T12:00",
                "--step",
                "1m",
                "--max-ticks",
                "100",
            ]
        )
    assert info.value.code == 2 and "needs 181 ticks" in capsys.readouterr().err


def test_cli_live_state_migrates_json_and_refuses_a_held_state(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from govhall.cli import main

    events = tmp_path / "e.jsonl"
    events.write_text(json.dumps(_app()) + "\n" + json.dumps({"table": "weather"}) + "\n", encoding="utf-8")
    state = tmp_path / "state.json"
    old = JsonFileStore(state)
    Supervisor(SimulatedClock(MON), old, rules=[]).post({"table": "sunshine"})
    old.close()
    args = ["live", "replay", str(events), "--until", "2025-11-03T12:00", "--state", str(state), "--json"]
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code == 0
    out = capsys.readouterr()
    assert "migrated the JSON live state" in out.err
    assert [u["type"] for u in json.loads(out.out)["unknown_events"]] == ["sunshine", "weather"]
    holder = SqliteStore(state)
    with pytest.raises(SystemExit) as info:
        main(args)
    holder.close()
    err = capsys.readouterr().err
    assert info.value.code == 2 and "another supervisor" in err and err.count("\n") == 1


@pytest.mark.skipif(not durable_available(), reason="durable_rules does not import")
def test_the_native_durable_path_routes_like_durable_rules_own_host(monkeypatch: pytest.MonkeyPatch) -> None:
    import govhall.live.engine as engine_module

    stream = live_child.events(120, 7)
    docs = []
    for native in (True, False):
        if not native:
            monkeypatch.setattr(engine_module, "_NATIVE", None)  # durable.engine.Host.post instead
        clock = live_child.SeqClock()
        sup = clock.sup = Supervisor(clock, MemoryStore(), engine="durable", rules=[])
        sup.post_many(stream[:60])
        for ev in stream[60:]:
            sup.post(ev)
        docs.append(sup.store.load())
        sup.close()
    assert docs[0] == docs[1]
    doc = _state(docs[0])
    assert doc["applications"] and [u["type"] for u in doc["unknown"]] == ["weather"] * len(doc["unknown"])


def test_open_cards_for_the_writer_and_for_a_reader(tmp_path: Path) -> None:
    from test_live import TEST_RULES

    path = tmp_path / "live.db"
    clock = SimulatedClock(MON)
    sup = Supervisor(clock, path, rules=TEST_RULES)
    sup.post_many([ITEM, _app("A1"), _app("A2")])
    clock.set(datetime(2025, 11, 7, 9))  # due Thu 6 Nov (3 working days): both red
    assert sorted((f.subject.id, f.stage) for f in sup.tick()) == [("A1", "red"), ("A2", "red")]
    sup.post({"application_id": "A2", "kind": "picked_up", "at": "2025-11-07T10:00"})
    assert [(f.subject.id, f.stage) for f in sup.cards()] == [("A1", "red")]  # A2 closed: card no longer open
    assert sup.cards("yellow") == [] and len(sup.findings()) == 2
    with StateReader(path) as reader:
        assert [(f["subject"]["id"], f["stage"]) for f in reader.cards()] == [("A1", "red")]
        assert [f["subject"]["id"] for f in reader.findings("red")] == ["A1", "A2"]
    sup.close()


def test_a_supervisor_on_sqlite_can_be_used_from_other_threads(tmp_path: Path) -> None:
    import threading

    sup = Supervisor(SimulatedClock(MON), tmp_path / "live.db", rules=[])
    errors: list[BaseException] = []

    def worker(i: int) -> None:
        try:
            sup.post_many([_app(f"T{i}-{j}") for j in range(5)])
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and sup.seq == 20 and len(sup.subjects("application")) == 20
    sup.close()


def test_a_batch_whose_source_fails_keeps_nothing(tmp_path: Path) -> None:
    sup = Supervisor(SimulatedClock(MON), tmp_path / "live.db", rules=[])
    sup.post(ITEM)

    def source() -> Any:
        yield _app("A1")
        raise RuntimeError("feed broke")

    with pytest.raises(RuntimeError, match="feed broke"):
        sup.post_many(source())
    assert sup.seq == 1 and sup.subjects("application") == []
    assert sup.post(_app("A1")).seq == 2
    sup.close()
