"""Hostile input found by this round's sweep (each test failed before the fix it names)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st


class _Reaching9999:
    """The CN calendar, saying it reaches the year 9999: live supervision then accepts a moment there
    (with the CN calendar's own range it is refused as invalid, as the batch audit rejects it)."""

    def __init__(self) -> None:
        import govhall

        self._cal = govhall.calendar("CN")
        self.first_date, self.last_date = datetime(1, 1, 1).date(), datetime(9999, 12, 31).date()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cal, name)


def _supervisor(calendar: Any = None, **kw: Any) -> Any:
    from govhall.live import MemoryStore, SimulatedClock, Supervisor

    clock = SimulatedClock(datetime(2025, 11, 3, 9, 0))
    sup = Supervisor(clock, MemoryStore(), engine="plain", calendar=calendar, **kw)
    sup.post({"table": "items", "code": "I1", "name": "某许可", "type": "行政许可", "department": "D1"})
    sup.post({"table": "applications", "id": "A1", "item_code": "I1", "received_at": "2025-11-03T09:00"})
    return sup, clock


far_ends = st.builds(
    lambda minutes: datetime(9999, 12, 31, 23, 59) - timedelta(minutes=minutes), st.integers(0, 60 * 24 * 400)
)


@settings(max_examples=15, deadline=None)
@given(end=far_ends, kind=st.sampled_from(["appointment", "application"]), wide=st.booleans())
def test_a_subject_closed_near_year_9999_does_not_stop_every_later_tick(
    end: datetime, kind: str, wide: bool
) -> None:
    """An appointment whose slot ends 9999-12-31 (or an application picked up then) made every tick raise
    OverflowError ('date value out of range': closed_at + retain_closed, in the pruning of closed
    subjects), so the supervisor stopped supervising at all. Law: the tick runs. (Since the third sweep
    such a record or event is refused as invalid, as the batch audit rejects a moment past the calendar;
    a subject that was accepted, from a calendar reaching that far, is kept: it closed long after now. Since
    round 11 an event dated after the clock is refused too, so the far event reaches the tick only with
    ``future_tolerance=None``, the setting that accepts any date.)"""
    sup, clock = _supervisor(_Reaching9999() if wide else None, future_tolerance=None)
    if kind == "appointment":
        posted = sup.post(
            {"table": "appointments", "id": "P1", "booked_at": "2025-11-01T00:00",
             "slot_start": (end - timedelta(minutes=1)).isoformat(), "slot_end": end.isoformat()}
        )  # fmt: skip
    else:
        posted = sup.post({"id": "E1", "application_id": "A1", "kind": "picked_up", "at": end.isoformat()})
    if wide:
        assert posted.accepted, posted
    else:
        assert posted.reason == "invalid" and "outside the CN calendar's supported range" in str(
            posted.detail
        )
    for _ in range(3):
        clock.advance(timedelta(days=1))
        sup.tick()
    if posted.accepted:
        assert sup.subjects(kind), "the subject closed in year 9999 was pruned as if closed long ago"


def test_a_subject_closed_long_ago_is_still_pruned() -> None:
    sup, clock = _supervisor()
    assert sup.post(
        {"id": "E1", "application_id": "A1", "kind": "picked_up", "at": "2025-11-03T10:00"}
    ).accepted
    clock.advance(sup.retain_closed + timedelta(days=1))
    sup.tick()
    assert not sup.subjects("application")


@pytest.mark.parametrize("retain", [timedelta(days=1)])
def test_a_clock_in_year_1_prunes_nothing_rather_than_raising(retain: timedelta) -> None:
    from govhall.live import MemoryStore, SimulatedClock, Supervisor

    clock = SimulatedClock(datetime(1, 1, 1, 0, 0))
    sup = Supervisor(clock, MemoryStore(), engine="plain", retain_closed=retain)
    sup.tick()


# -- Parquet: values Python cannot hold, columns named twice --------------------------------------------


def _parquet_hall(tmp_path: Any, columns: dict[str, Any], names: list[str] | None = None) -> Any:
    import json
    from pathlib import Path

    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    example = Path(__file__).resolve().parents[1] / "src" / "govhall" / "data" / "example"
    item = json.loads((example / "items.jsonl").read_text(encoding="utf-8").splitlines()[0])
    (tmp_path / "items.json").write_text(json.dumps([item], ensure_ascii=False), encoding="utf-8")
    arrays = {k: v if isinstance(v, pa.Array) else pa.array(v) for k, v in columns.items()}
    n = len(next(iter(arrays.values())))
    base = {"item_code": pa.array([item["code"]] * n)}
    table = pa.Table.from_arrays([*arrays.values(), *base.values()], names=[*(names or arrays), *base])
    pq.write_table(table, tmp_path / "applications.parquet")
    from govhall.loaders import load_dataset

    return load_dataset(tmp_path)


@pytest.mark.parametrize(
    ("unit", "values"),
    [
        ("s", [253402300800 * 10, 1762160400, -62135596800 * 10]),
        ("ns", [2**62, 1762160400 * 10**9, -(2**62)]),
    ],
)
def test_a_parquet_timestamp_python_cannot_hold_is_that_row_s_rejection(
    tmp_path: Any, unit: str, values: list[int]
) -> None:
    """A timestamp[s] column holding a year past 9999 (or timestamp[ns] past what a datetime holds)
    raised OverflowError/ValueError out of load_dataset: the whole hall unreadable for one cell."""
    import pyarrow as pa

    ds = _parquet_hall(
        tmp_path, {"id": ["A1", "A2", "A3"], "received_at": pa.array(values, pa.timestamp(unit))}
    )
    assert [(r.line, r.record_id, r.field) for r in ds.rejected] == [
        (1, "A1", "received_at"),
        (3, "A3", "received_at"),
    ]
    assert [a.id for a in ds.applications] == ["A2"] and ds.records == 1 + 3


def test_a_parquet_column_named_twice_refuses_its_rows_as_a_csv_header_does(tmp_path: Any) -> None:
    """Two ``id`` columns: each row silently kept the second one's value."""
    ds = _parquet_hall(
        tmp_path,
        {"id": ["A1", "A2"], "id2": ["B1", "B2"], "received_at": ["2025-11-03T09:00"] * 2},
        names=["id", "id", "received_at"],
    )
    assert not ds.applications
    assert [(r.line, r.field) for r in ds.rejected] == [(1, "id"), (2, "id")]
    assert all("appears more than once" in r.reason for r in ds.rejected)


# -- command line ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["audit", "check"])
@pytest.mark.parametrize("value", ["", "  "])
def test_an_empty_as_of_is_one_line_not_silently_no_as_of(command: str, value: str) -> None:
    """``--as-of ''`` (a variable that was not set in a script) audited as if no day was given."""
    from pathlib import Path

    from typer.testing import CliRunner

    from govhall.cli import app

    example = Path(__file__).resolve().parents[1] / "src" / "govhall" / "data" / "example"
    target = str(example) if command == "audit" else str(example / "items.jsonl")
    result = CliRunner().invoke(app, [command, target, "--as-of", value])
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and "--as-of" in result.stderr, result.stderr


# -- duplicate keys --------------------------------------------------------------------------------------


def test_replay_refuses_an_event_line_naming_a_key_twice_and_names_the_line(tmp_path: Any) -> None:
    """``{"id": "E1", ..., "id": "E2"}`` was posted as event E2, silently (the last value kept)."""
    import json

    from typer.testing import CliRunner

    from govhall.cli import app

    lines = [
        {"table": "items", "code": "I1", "name": "某许可", "type": "行政许可", "department": "D1"},
        {"table": "applications", "id": "A1", "item_code": "I1", "received_at": "2025-11-03T09:00"},
        '{"id": "E1", "application_id": "A1", "kind": "visit", "at": "2025-11-03T10:00", "id": "E2"}',
        '{"id": "E3", "application_id": "A1", "kind": "visit", "at": "2025-11-03T11:00",'
        ' "applicant": {"name": "a", "name": "b"}}',
        {"id": "E4", "application_id": "A1", "kind": "visit", "at": "2025-11-03T12:00"},
    ]
    path = tmp_path / "events.jsonl"
    path.write_text(
        "\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in lines) + "\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["live", "replay", str(path), "--engine", "plain", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    reasons = {b["line"]: b["reason"] for b in doc["rejected_lines"]}
    assert set(reasons) == {3, 4}
    assert "'id' appears twice" in reasons[3] and "'name' appears twice" in reasons[4]


# -- YAML alias bombs ----------------------------------------------------------------------------------


def _alias_bomb(levels: int, table: str = "applications") -> str:
    """Nine aliases of nine aliases …: a few hundred bytes that reach 3 * 9**levels records' values."""
    rec = "{id: A1, item_code: X, received_at: '2025-11-03T09:00'}"
    lines = ["as_of: '2025-10-31'", f"l0: &l0 [{rec}, {rec}, {rec}]"]
    for n in range(1, levels):
        lines.append(f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]")
    lines.append(f"{table}: [" + ", ".join([f"*l{levels - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("command", "name", "table"),
    [
        (["audit"], "hall.yaml", "applications"),
        (["check"], "catalogue.yaml", "items"),
        (["test"], "cases.yaml", "cases"),
    ],
)
def test_a_yaml_alias_bomb_is_one_line_naming_the_file_not_minutes_of_cpu(
    tmp_path: Any, command: list[str], name: str, table: str
) -> None:
    """A 600-byte YAML document whose aliases reach 8 million values took 12 s of CPU to reject
    (every walk of the records visits each alias anew), and each further line of aliases nine times
    as long: a hang. It is now refused before any walk, naming the file."""
    from typer.testing import CliRunner

    from govhall.cli import app

    path = tmp_path / name
    path.write_text(_alias_bomb(6, table), encoding="utf-8")
    result = CliRunner().invoke(app, [*command, str(path)])
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and name in result.stderr and "alias" in result.stderr


@settings(max_examples=20, deadline=None)
@given(n=st.integers(1, 400), shared=st.booleans())
def test_a_yaml_document_whose_aliases_do_not_multiply_it_is_read(n: int, shared: bool) -> None:
    """Law: a document without aliases (or with aliases to shared values that add little) is never
    refused, however many records it has."""
    from govhall._yamlio import alias_expansion, refuse_alias_bomb

    defaults = {"item_code": "X", "received_at": "2025-11-03T09:00"}
    records = [{"id": f"A{i}", "meta": defaults if shared else dict(defaults)} for i in range(n)]
    written, reached = alias_expansion({"applications": records})
    assert reached == 2 + n * 5  # the document, the list, and per record: itself, id, meta and its two
    assert written <= reached
    refuse_alias_bomb({"applications": records}, "doc.yaml")


@pytest.mark.parametrize(
    "args",
    [
        ["--start", "9999-12-31T23:00", "--until", "9999-12-31T23:59", "--step", "1d"],
        ["--start", "2025-11-03T00:00", "--until", "2025-11-04T00:00", "--step", "999999999d"],
    ],
)
def test_a_replay_whose_next_tick_would_pass_year_9999_ends_at_until_not_in_an_internal_error(
    tmp_path: Any, args: list[str]
) -> None:
    """The replay loop added the step to the clock before capping it at --until: 'govhall: error:
    internal error: OverflowError: date value out of range' (exit 2)."""
    import json

    from typer.testing import CliRunner

    from govhall.cli import app

    path = tmp_path / "events.jsonl"
    path.write_text(
        json.dumps(
            {"table": "applications", "id": "A1", "item_code": "I1", "received_at": "2025-11-03T09:00"}
        )
        + "\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["live", "replay", str(path), *args, "--engine", "plain", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["ticks"] == 2 and doc["until"].startswith(args[3][:10])
