"""Hostile input, fourth sweep: what the last stop noticed and left (a mistyped ``--state`` folder that
started an empty state without a word, a CR alone inside a CSV cell that cut the row in two, unknown
event types echoed whole), then a fresh sweep. Each hostile form is refused or named (field, record
and line); the good form beside it still reads."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from govhall.cli import app
from test_hostile_input import one_line_error

STREAM = '{"type": "x", "at": "2026-01-05T09:00"}\n'


def _replay(tmp_path: Path, state: Path, *more: str) -> Any:
    stream = tmp_path / "events.jsonl"
    if not stream.exists():
        stream.write_text(STREAM, encoding="utf-8")
    args = ["live", "replay", str(stream), "--engine", "plain", "--start", "2026-01-05"]
    return CliRunner().invoke(app, [*args, "--until", "2026-01-05T12:00", "--state", str(state), *more])


# -- --state: a mistyped folder, a folder, a dangling link, the events file ---------------------------------


def test_a_state_in_a_folder_that_does_not_exist_is_refused_and_nothing_is_made(tmp_path: Path) -> None:
    """``--state /no/such/dir/x.db`` made the folders and started an empty state without a word: a
    mistyped path (``/var/lib/govhal/live.db``) lost every held record from the supervisor's view."""
    state = tmp_path / "no" / "such" / "live.db"
    err = one_line_error(_replay(tmp_path, state))
    assert "--state" in err and str(tmp_path / "no" / "such") in err and "mkdir -p" in err, err
    assert not (tmp_path / "no").exists()


def test_a_new_state_file_in_a_folder_that_exists_is_created_and_read_again(tmp_path: Path) -> None:
    state = tmp_path / "live.db"
    first = _replay(tmp_path, state, "--json")
    assert first.exit_code == 0, first.output
    assert state.is_file() and json.loads(first.stdout)["unknown_events"]
    # a second run continues from it: the same stream again is posted again onto the saved state
    again = _replay(tmp_path, state, "--json")
    assert again.exit_code == 0, again.output


@pytest.mark.parametrize("kind", ["folder", "dangling link", "file as folder", "the events file"])
def test_a_state_path_that_cannot_be_a_state_file_is_refused_naming_it(tmp_path: Path, kind: str) -> None:
    """A folder gave ``govhall: error: /tmp: Is a directory`` (no option named) after making
    ``/tmp.lock`` beside it; the events file as the state was read as a JSON state."""
    (tmp_path / "events.jsonl").write_text(STREAM, encoding="utf-8")
    state = {
        "folder": tmp_path,
        "dangling link": tmp_path / "link.db",
        "file as folder": tmp_path / "events.jsonl" / "live.db",
        "the events file": tmp_path / "events.jsonl",
    }[kind]
    if kind == "dangling link":
        state.symlink_to(tmp_path / "gone" / "live.db")
    err = one_line_error(_replay(tmp_path, state))
    assert err.startswith("govhall: error: --state: "), err
    assert (tmp_path / "events.jsonl").read_text(encoding="utf-8") == STREAM
    assert not list(tmp_path.parent.glob(f"{tmp_path.name}.lock"))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["events.jsonl"] + (["link.db"] if kind == "dangling link" else [])
    )


def test_a_store_opened_on_a_folder_is_a_state_error_and_leaves_no_lock_beside_it(tmp_path: Path) -> None:
    from govhall.errors import StateFileError
    from govhall.live import SqliteStore

    folder = tmp_path / "states"
    folder.mkdir()
    with pytest.raises(StateFileError, match="a folder, not a live state file"):
        SqliteStore(folder)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["states"]


def test_serve_refuses_a_state_in_a_missing_folder_and_says_when_a_state_is_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("fastapi")
    import uvicorn

    ran: list[Any] = []

    def run(served: Any, **kw: Any) -> None:  # what uvicorn's shutdown does: the state is let go
        ran.append(kw)
        served.state.live.close()

    monkeypatch.setattr(uvicorn, "run", run)
    runner = CliRunner()
    err = one_line_error(
        runner.invoke(app, ["serve", "--tick", "0", "--state", str(tmp_path / "x" / "s.db")])
    )
    assert "--state" in err and str(tmp_path / "x") in err and not (tmp_path / "x").exists(), err
    assert ran == []
    err = one_line_error(runner.invoke(app, ["serve", "--tick", "0", "--state", str(tmp_path)]))
    assert "is a folder" in err
    state = tmp_path / "s.db"
    result = runner.invoke(app, ["serve", "--port", "0", "--tick", "0", "--state", str(state)])
    assert result.exit_code == 0, result.output
    assert f"govhall serve: a new live state at {state}" in result.stderr and len(ran) == 1
    result = runner.invoke(app, ["serve", "--port", "0", "--tick", "0", "--state", str(state)])
    assert result.exit_code == 0, result.output
    assert "a new live state" not in result.stderr and len(ran) == 2


# -- an unknown event type read from input is cut as every echoed id is ------------------------------------


def test_an_unknown_record_table_of_any_length_is_cut_in_the_replay_output_and_the_event_kept(
    tmp_path: Path,
) -> None:
    """A record naming ``"table": "zzz…"`` (200 characters) was listed with a type of 100 characters
    in the replay's JSON and at the head of its text line, while every other echoed value is cut at
    ``MAX_ECHOED_ID`` (80) with ``…``."""
    from govhall.errors import MAX_ECHOED_ID

    huge = "表" * 200
    stream = tmp_path / "events.jsonl"
    stream.write_text(
        json.dumps({"table": huge, "id": "R1", "at": "2026-01-05T01:00"}) + "\n", encoding="utf-8"
    )
    args = ["live", "replay", str(stream), "--engine", "plain", "--start", "2026-01-05"]
    result = CliRunner().invoke(app, [*args, "--until", "2026-01-05T02:00", "--json"])
    assert result.exit_code == 0, result.output
    [unknown] = json.loads(result.stdout)["unknown_events"]
    cut = huge[: MAX_ECHOED_ID - 1] + "…"
    assert (unknown["type"], unknown["reason"], unknown["line"]) == (cut, "unknown_type", 1), unknown
    assert unknown["detail"] == f"no rule handles {cut!r}"
    assert unknown["event"] == {"id": "R1", "at": "2026-01-05T01:00"}  # the record as posted, but its table
    text = CliRunner().invoke(app, [*args, "--until", "2026-01-05T02:00"])
    assert text.exit_code == 0, text.output
    line = next(x for x in text.stdout.splitlines() if x.startswith("unknown event #1"))
    assert f"(line 1, {cut}, unknown_type)" in line and huge[:MAX_ECHOED_ID] not in line, line


# -- a CR alone inside a CSV cell ----------------------------------------------------------------------------

WINDOW_HEADER = ["id", "hall_id", "kind", "name", "department", "counter_height_mm"]


def _windows(tmp_path: Path, data: bytes) -> Any:
    from datetime import date

    from govhall.loaders import load_dataset

    folder = tmp_path / "hall"
    folder.mkdir(exist_ok=True)
    (folder / "windows.csv").write_bytes(data)
    return load_dataset(folder, as_of=date(2025, 10, 1))


cells = st.text(alphabet=["a", "长", ",", '"', "\n", "\r", " "], max_size=10).filter(
    lambda t: "\r\n" not in t and not t.endswith("\r")  # (a CR LF in a cell is a line end of the file)
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(cells.map(lambda t: "名" + t + "口"), min_size=1, max_size=6), data=st.data())
def test_csv_cells_holding_crs_read_back_whole_with_lines_counted_by_the_files_line_ends(
    tmp_path: Path, names: list[str], data: st.DataObject
) -> None:
    """csv.writer quotes a cell holding a CR; the cell read back whole, but each CR in it counted as a
    line end, so a later row's rejection named a line the file (LF or CR LF line ends) does not have."""
    end = data.draw(st.sampled_from(["\n", "\r\n"]))
    wrong = data.draw(st.sets(st.integers(0, len(names) - 1)))
    rows = [
        [f"W-{i}", "H", "bogus" if i in wrong else "comprehensive", n, "D", "750"]
        for i, n in enumerate(names)
    ]
    out = io.StringIO()
    csv.writer(out, lineterminator=end).writerows([WINDOW_HEADER, *rows])
    ds = _windows(tmp_path, out.getvalue().encode("utf-8"))
    assert ds.records == len(rows)
    assert {w.id: w.name for w in ds.windows} == {
        f"W-{i}": n.strip() for i, n in enumerate(names) if i not in wrong
    }
    line, starts = 2, []  # by hand: the header is line 1; a row takes one line more per LF in its cells
    for row in rows:
        starts.append(line)
        line += 1 + sum(cell.count("\n") for cell in row)
    assert sorted((r.record_id, r.line, r.field) for r in ds.rejected) == sorted(
        (f"W-{i}", starts[i], "kind") for i in wrong
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    count=st.integers(1, 5),
    data=st.data(),
    end=st.sampled_from([b"\n", b"\r\n"]),
)
def test_a_cr_alone_inside_an_unquoted_csv_cell_is_a_character_of_the_cell(
    tmp_path: Path, count: int, data: st.DataObject, end: bytes
) -> None:
    """``W-1,H,comprehensive,a⏎b,D,750`` (a CR alone in ``name``, as Python's csv.writer before 3.13
    and pandas write a cell holding a CR in a file with LF line ends) was cut into two rows, ``W-1,H,
    comprehensive,a`` and ``b,D,750``: two rejections for too few cells, one of them a record ``b``
    that is not in the file, and a record count one too many. In a file whose lines end in LF or CR
    LF a CR alone is no line end, so the cell is read as written, and every row with it."""
    rows = [[f"W-{i}", "H", "comprehensive", f"窗口{i}", "D", "750"] for i in range(count)]
    bad = data.draw(st.integers(0, count - 1))
    at = data.draw(st.integers(1, len(rows[bad][3]) - 1))
    rows[bad][3] = rows[bad][3][:at] + "\r" + rows[bad][3][at:]
    text = end.join(",".join(row).encode("utf-8") for row in [WINDOW_HEADER, *rows]) + end
    ds = _windows(tmp_path, text)
    assert ds.records == count and ds.rejected == []
    assert {w.id: w.name for w in ds.windows} == {row[0]: row[3] for row in rows}


def test_a_cr_alone_the_csv_reader_cannot_take_rejects_its_row_whole_naming_field_record_and_line(
    tmp_path: Path,
) -> None:
    """The one line a CR alone cannot be read in (it also holds U+FFFF, the mark the reader puts in the
    CR's place): its row is rejected naming the id, the column, the line and the CR's place, instead
    of being cut into rows that are not in the file; the rows after it read."""
    header = ",".join(WINDOW_HEADER).encode()
    row = "W-2,H,comprehensive,窗\r口\uffff,D,750".encode()
    ds = _windows(
        tmp_path, b"\n".join([header, b"W-1,H,comprehensive,a,D,750", row, b"W-3,H,comprehensive,c,D,1"])
    )
    assert ds.records == 3 and sorted(w.id for w in ds.windows) == ["W-1", "W-3"]
    [rejected] = ds.rejected
    assert (rejected.record_id, rejected.field, rejected.line) == ("W-2", "name", 3)
    assert "carriage return (CR) alone at character 22 of line 3" in rejected.reason, rejected.reason


def test_crs_alone_before_a_line_end_and_old_mac_line_ends_still_end_lines(tmp_path: Path) -> None:
    """What a CR alone did before and still does: a CSV file whose first line ends in a CR alone (an old
    Mac file) has CR line ends throughout, and ``x⏎⏎`` + LF (CR CR LF, from converting a Windows file
    twice) ends its line (with a blank line after it, as text mode reads it)."""
    rows = [b"W-1,H,comprehensive,a,D,750", b"W-2,H,bogus,b,D,750"]
    header = ",".join(WINDOW_HEADER).encode()
    for end, second in ((b"\r", 3), (b"\r\r\n", 5)):
        ds = _windows(tmp_path, end.join([header, *rows]) + end)
        assert [w.id for w in ds.windows] == ["W-1"] and ds.records == 2
        assert [(r.record_id, r.line, r.field) for r in ds.rejected] == [("W-2", second, "kind")]


# -- a live state database changed by hand or by another program ---------------------------------------------

APPLICATION_LINE = (
    '{"table": "applications", "id": "A1", "item_code": "I1", "received_at": "2026-01-05T09:00"}\n'
)

DAMAGE = {  # what was done to the database: (SQL, words the error must hold besides the path)
    "a record that is not JSON": (
        "UPDATE records SET data = '{not json'",
        "table records, applications A1: not JSON",
    ),
    "a record that is an array": (
        "UPDATE records SET data = '[1, 2]'",
        "applications A1: an array, not a JSON object",
    ),
    "a record that does not validate": (
        """UPDATE records SET data = '{"id": "A1", "item_code": "I1", "received_at": "soon"}'""",
        "its applications record 'A1': received_at: a text that is not a date or time (expected ISO 8601 text",
    ),
    "a record nested past Python's limit": (
        "UPDATE records SET data = '{\"x\": ' || replace(hex(zeroblob(200000)), '00', '[') || '}'",
        "applications A1: JSON nested too deep to read",
    ),
    "a sequence number that is not a number": (
        "UPDATE meta SET value = 'abc' WHERE key = 'seq'",
        "key seq: 'abc'",
    ),
    "a last tick that is no moment": (
        "UPDATE meta SET value = '2026-13-45' WHERE key = 'last_tick'",
        "key last_tick: '2026-13-45' is not a moment",
    ),
    "no format row": ("DELETE FROM meta", "table meta: no format row"),
    "another format": ("UPDATE meta SET value = 'govhall.live/9' WHERE key = 'format'", "'govhall.live/9'"),
    "an unknown event that is not JSON": (
        "INSERT INTO unknown VALUES (5, 'xx')",
        "table unknown, seq 5: not JSON",
    ),
    "a held event without its number": (
        "INSERT INTO held VALUES (9, 'application', 'A1', '{}')",
        "its held events: no 'seq' given",
    ),
    "a finding naming no rule": (
        "INSERT INTO findings (rule_id, kind, subject, stage, data) VALUES ('r', 'application', 'A1', '', '{}')",
        "table findings, finding 1: no rule_id or subject",
    ),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_live_state_is_one_line_naming_the_file_table_and_row_and_is_left_as_it_is(
    tmp_path: Path, damage: str
) -> None:
    """Each was a parser's or a validator's bare words (``Expecting property name enclosed in double
    quotes: line 1 column 2 (char 1)``, ``invalid literal for int() with base 10: 'abc'``, ``month must
    be in 1..12``, pydantic's multi-line dump, ``rule_id``), an ``internal error: IntegrityError``, or
    (another format) a run that went on as if the state were this version's."""
    import sqlite3

    stream = tmp_path / "events.jsonl"
    stream.write_text(APPLICATION_LINE, encoding="utf-8")
    state = tmp_path / "live.db"
    args = ["live", "replay", str(stream), "--engine", "plain", "--state", str(state)]
    first = CliRunner().invoke(app, [*args, "--start", "2026-01-05", "--until", "2026-01-05T12:00"])
    assert first.exit_code == 0, first.output
    sql, words = DAMAGE[damage]
    with sqlite3.connect(state) as conn:
        conn.execute(sql)
    conn.close()
    before = state.read_bytes()
    err = one_line_error(
        CliRunner().invoke(app, [*args, "--start", "2026-01-05T12:00", "--until", "2026-01-05T13:00"])
    )
    assert str(state) in err and words in err, err
    assert state.read_bytes() == before


def test_a_damaged_journal_row_read_back_names_its_row(tmp_path: Path) -> None:
    import sqlite3

    from govhall.errors import StateFileError
    from govhall.live import StateReader

    stream = tmp_path / "events.jsonl"
    stream.write_text(APPLICATION_LINE, encoding="utf-8")
    state = tmp_path / "live.db"
    args = [
        "live",
        "replay",
        str(stream),
        "--engine",
        "plain",
        "--state",
        str(state),
        "--start",
        "2026-01-05",
    ]
    assert CliRunner().invoke(app, [*args, "--until", "2026-01-05T12:00"]).exit_code == 0
    with sqlite3.connect(state) as conn:
        conn.execute("UPDATE journal SET body = '{'")
    conn.close()
    with StateReader(state) as reader, pytest.raises(StateFileError, match="table journal, seq 1: not JSON"):
        reader.journal()


# -- a time-limit text of any length is cut where an error echoes it ------------------------------------------


@pytest.mark.parametrize("text", ["三" * 5000 + "天", "9" * 4000 + "天", "x" * 100_000])
def test_a_limit_text_of_any_length_is_echoed_cut_on_the_command_line(text: str) -> None:
    """``govhall deadline 2026-01-05 三三…天`` (5,000 characters) printed the whole text back, and so did
    a rejected item's ``promised_limit`` in a report: every other value an error echoes is cut at
    ``MAX_ECHOED_ID`` characters with ``…``."""
    from govhall.errors import MAX_ECHOED_ID

    err = one_line_error(CliRunner().invoke(app, ["deadline", "2026-01-05", text]))
    assert repr(text[: MAX_ECHOED_ID - 1] + "…") in err and text[:MAX_ECHOED_ID] not in err, err
    assert len(err) < 400


def test_an_items_promised_limit_of_any_length_is_echoed_cut_in_its_rejection(tmp_path: Path) -> None:
    from datetime import date

    from govhall.errors import MAX_ECHOED_ID
    from govhall.loaders import load_dataset

    limit = "二十个工作日" * 1000
    item = {"code": "I1", "name": "某事项", "type": "行政许可", "department": "D1", "promised_limit": limit}
    (tmp_path / "items.jsonl").write_text(json.dumps(item, ensure_ascii=False) + "\n", encoding="utf-8")
    ds = load_dataset(tmp_path, as_of=date(2025, 10, 1))
    [rejected] = ds.rejected
    assert (rejected.record_id, rejected.field, rejected.line) == ("I1", "promised_limit", 1)
    assert repr(limit[: MAX_ECHOED_ID - 1] + "…") in rejected.reason and len(rejected.reason) < 400, (
        rejected.reason
    )


@pytest.mark.parametrize("option", ["--standard", "--interpret", "--interpret-value"])
def test_unknown_standards_and_readings_of_any_length_are_echoed_cut_on_the_command_line(option: str) -> None:
    from govhall.errors import MAX_ECHOED_ID

    name = "标" * 3000
    given = {
        "--standard": name,
        "--interpret": f"{name}=x",
        "--interpret-value": f"yousu-jiban.day-unit={name}",
    }
    flag = "--interpret" if option.startswith("--interpret") else option
    err = one_line_error(CliRunner().invoke(app, ["audit", "--example", flag, given[option]]))
    assert name[: MAX_ECHOED_ID - 1] + "…" in err and name[:MAX_ECHOED_ID] not in err, err


# -- a JSON line that cannot be parsed names its record when the line gives the id before it breaks ------------

GOOD_ITEM = {
    "code": "I1",
    "name": "某事项",
    "type": "行政许可",
    "department": "D1",
    "promised_limit": "10个工作日",
}


def _applications(tmp_path: Path, lines: list[str]) -> Any:
    from datetime import date

    from govhall.loaders import load_dataset

    (tmp_path / "items.jsonl").write_text(json.dumps(GOOD_ITEM, ensure_ascii=False) + "\n", encoding="utf-8")
    (tmp_path / "applications.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_dataset(tmp_path, as_of=date(2025, 10, 1))


BREAKS = {
    "not JSON after the id": lambda line: line[:-1] + ", oops}",
    "two records on one line": lambda line: line + line,
    "nested past the limit": lambda line: line[:-1] + ', "x": ' + "[" * 100 + "]" * 100 + "}",
    "a number past the limit": lambda line: line[:-1] + ', "service_fee_charged": ' + "9" * 150 + "}",
    "cut off after the id": lambda line: line[: line.index('"item_code"')],  # (after the events too)
}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    record_id=st.text(alphabet=["A", "长", "-", "1", '"', "\\", " "], min_size=1, max_size=8).filter(
        str.strip
    ),
    event_first=st.booleans(),
    how=st.sampled_from(sorted(BREAKS)),
)
def test_a_broken_json_line_names_the_record_whose_id_it_gives(
    tmp_path: Path, record_id: str, event_first: bool, how: str
) -> None:
    """A line that is not JSON, nested or numbered past a limit was rejected with no record id at all
    (only its line), though the id was there to read before the line broke. An event's id nested in
    the record is never taken for the record's."""
    events = [
        {"id": "E-nested", "application_id": record_id, "kind": "received", "at": "2025-09-01T09:00:00"}
    ]
    record = {"id": record_id, "item_code": "I1", "received_at": "2025-09-01T09:00:00"}
    record = {"events": events, **record} if event_first else {**record, "events": events}
    good = {"id": "OK-1", "item_code": "I1", "received_at": "2025-09-01T09:00:00"}
    line = json.dumps(record, ensure_ascii=False)
    ds = _applications(tmp_path, [json.dumps(good), BREAKS[how](line), json.dumps(good | {"id": "OK-2"})])
    assert [a.id for a in ds.applications] == ["OK-1", "OK-2"] and ds.records == 4  # and the item
    [rejected] = ds.rejected
    assert (rejected.line, rejected.record_id) == (2, record_id.strip()), rejected


def test_a_broken_line_whose_id_is_not_a_string_or_not_at_the_top_names_no_record(tmp_path: Path) -> None:
    lines = [
        '{"applicant": {"id": "P-1"}, oops}',  # an id, but the applicant's
        '{"id": 17.5, oops}',  # not a string
        '{"ID": "A-1", oops}',  # not the key
    ]
    ds = _applications(tmp_path, lines)
    assert [(r.line, r.record_id) for r in ds.rejected] == [(1, None), (2, None), (3, None)]


# -- bidirectional controls in a value cannot reorder a report line on screen ----------------------------------

BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
@pytest.mark.parametrize("char", BIDI)
def test_a_bidi_control_in_a_value_is_shown_not_sent_in_text_markdown_and_html(fmt: str, char: str) -> None:
    """``A-1\u202e`` as a record id (RIGHT-TO-LEFT OVERRIDE) went to the terminal, the Markdown file and
    the HTML page as itself, so the rest of its line read reversed ("Trojan Source"); C0 controls and
    escapes were already shown as ``\\xNN``."""
    from datetime import date

    from govhall.models import RejectedRecord
    from govhall.reports import render
    from govhall.rules import Report, Summary

    value = f"A-1{char}cod.exe"
    report = Report(
        kind="audit", govhall_version="0.1.0", source="hall", as_of=date(2025, 11, 30), standards=[],
        rules_run=[], summary=Summary(records=1, audited=0, rejected=1, findings={}, subjects_with_findings=0),
        findings=[], rejected=[RejectedRecord(table="applications", line=2, record_id=value, field="id",
                                              reason=f"id: {value} is odd", source="applications.jsonl")],
    )  # fmt: skip
    out = render(report, fmt)
    assert char not in out
    assert f"A-1\\u{ord(char):04x}cod.exe" in out.replace("\\\\", "\\"), out


# -- a control character read from input never reaches the terminal as itself -----------------------------------


@pytest.mark.parametrize("char", ["\x1b", "\x07", "\x9b", "\u202e"])
def test_the_one_error_line_shows_a_control_character_it_echoes(tmp_path: Path, char: str) -> None:
    """``govhall screen`` of a complaint naming a key ``ESC[31m`` printed ``govhall: error: …: ESC[31m:
    Extra inputs are not permitted`` with the escape live, and so did a path holding one."""
    complaint = {"id": "C1", "received_at": "2026-01-05T09:00", "channel": "hotline_12345", "content": "x"}
    path = tmp_path / "c.json"
    path.write_text(json.dumps({**complaint, f"{char}[31m": 1}, ensure_ascii=False), encoding="utf-8")
    shown = f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
    err = one_line_error(CliRunner().invoke(app, ["screen", str(path)]))
    assert char not in err and f"{shown}[31m" in err, err
    err = one_line_error(CliRunner().invoke(app, ["audit", str(tmp_path / f"no{char}such")]))
    assert char not in err and f"no{shown}such" in err, err


def test_live_replays_text_lines_show_a_control_character_from_the_stream(tmp_path: Path) -> None:
    """click strips ANSI sequences only when stdout is not a terminal: on a hall's screen the replay's
    ``unknown event`` line sent ``ESC[2J`` (clear the screen) read from the stream's ``table``."""
    from govhall.cli._common import terminal_safe

    stream = tmp_path / "events.jsonl"
    stream.write_text(json.dumps({"table": "\x1b[2J\u202ex", "id": "R1", "at": "2026-01-05T01:00"}) + "\n")
    args = [
        "live",
        "replay",
        str(stream),
        "--engine",
        "plain",
        "--start",
        "2026-01-05",
        "--until",
        "2026-01-05T02:00",
    ]
    lines: list[str] = []
    import govhall.cli.live_cmd as live_cmd

    with pytest.MonkeyPatch.context() as mp:  # what reaches click.echo, before click strips anything
        mp.setattr(live_cmd.typer, "echo", lambda message="", **kw: lines.append(str(message)))
        result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    [line] = [x for x in lines if x.startswith("unknown event #1")]
    assert (
        "\x1b" not in line and "\u202e" not in line and "(line 1, \\x1b[2J\\u202ex, unknown_type)" in line
    ), line
    assert terminal_safe("a  b\tc") == "a  b\\x09c"  # spaces kept as they are; a tab shown


def test_example_into_a_folder_that_cannot_be_made_names_out_and_why(tmp_path: Path) -> None:
    """It was ``govhall: error: [Errno 20] Not a directory: '…/file/hall'``: Python's words, no OUT."""
    (tmp_path / "file").write_text("x", encoding="utf-8")
    out = tmp_path / "file" / "hall"
    err = one_line_error(CliRunner().invoke(app, ["example", str(out)]))
    assert err == f"govhall: error: OUT {out}: cannot be written: Not a directory\n", err


@pytest.mark.parametrize(
    ("name", "text"), [("applications.json", ""), ("applications.json", " \n\t"), ("hall.json", "")]
)
def test_an_empty_json_table_file_is_rejected_saying_it_is_empty(
    tmp_path: Path, name: str, text: str
) -> None:
    """It was "the file is not valid JSON: Expecting value (line 1, column 1)", which reads as broken
    JSON, not as the empty file a failed export leaves."""
    from datetime import date

    from govhall.loaders import load_dataset

    (tmp_path / "items.jsonl").write_text(json.dumps(GOOD_ITEM, ensure_ascii=False) + "\n", encoding="utf-8")
    (tmp_path / name).write_text(text, encoding="utf-8")
    ds = load_dataset(tmp_path, as_of=date(2025, 10, 1))
    [rejected] = ds.rejected
    assert rejected.table == name.split(".")[0] and rejected.source == str(tmp_path / name)
    shape = "the hall is one JSON object" if name == "hall.json" else "a table with no records is []"
    assert rejected.reason == f"the file is empty (a failed export?): {shape}"
    assert ds.records == 2 and [i.code for i in ds.items] == ["I1"]


def test_a_scheduler_address_dask_cannot_use_is_one_line_and_no_client_is_half_built(tmp_path: Path) -> None:
    """``--scheduler xyz``: distributed.Client raised while being built, the line said so, and then the
    half-built client, collected at exit, waited 40 s and printed a ten-line traceback below it."""
    import subprocess
    import sys

    pytest.importorskip("distributed")
    for name in ("a", "b"):
        (tmp_path / "prov" / name).mkdir(parents=True)
        (tmp_path / "prov" / name / "items.jsonl").write_text(
            json.dumps(GOOD_ITEM, ensure_ascii=False) + "\n"
        )
    result = subprocess.run(
        [sys.executable, "-m", "govhall", "audit", str(tmp_path / "prov"), "--engine", "dask", "--scheduler", "xyz"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr == (
        "govhall: error: --scheduler 'xyz' is not a scheduler address: missing port number in address 'xyz'\n"
    )


@pytest.mark.parametrize(
    ("address", "words"),
    [
        ("foo://h:1", "unknown address scheme 'foo'"),
        ("tcp://h:99999", "port 99999 is not from 1 to 65535"),
        ("tcp://h:0", "port 0 is not from 1 to 65535"),
        ("tcp://:8786", "no host"),
        ("x" * 5000, "missing port number"),
    ],
)
def test_scheduler_addresses_dask_cannot_use_are_told_before_a_client_is_built(
    address: str, words: str
) -> None:
    pytest.importorskip("distributed")
    from govhall.errors import MAX_ECHOED_ID, ClusterError
    from govhall.province import AuditOptions
    from govhall.province_dask import run_dask

    with pytest.raises(ClusterError) as caught:
        run_dask([], AuditOptions(), scheduler=address)
    message = str(caught.value)
    assert message.startswith(
        f"--scheduler {address[: MAX_ECHOED_ID - 1] + '…' if len(address) > MAX_ECHOED_ID else address!r}"
    )
    assert words in message and len(message) < 400, message
    for good in ("tcp://127.0.0.1:8786", "127.0.0.1:8786", "tls://h:1"):
        from govhall.province_dask import _address_problem

        assert _address_problem(good) is None


@pytest.mark.parametrize(
    "words",
    [["schema"], ["standards", "show"], ["standards", "export", "--oscal"], ["checklist", "--standard"]],
    ids=" ".join,
)
def test_an_unknown_model_or_standard_of_any_length_is_echoed_cut(words: list[str]) -> None:
    """``govhall schema XXX…`` (5,000 characters) and the same for a standard printed the name whole."""
    from govhall.errors import MAX_ECHOED_ID

    name = "名" * 5000
    err = one_line_error(CliRunner().invoke(app, [*words, name]))
    assert repr(name[: MAX_ECHOED_ID - 1] + "…") in err and name[:MAX_ECHOED_ID] not in err, err


@pytest.mark.parametrize(
    ("extra", "path", "shown"),
    [
        ({"service_fee_charged": float("nan")}, "service_fee_charged", "nan"),
        ({"applicant": {"scores": [1.0, float("-inf")]}}, "applicant.scores.1", "-inf"),
    ],
)
def test_a_live_record_holding_nan_or_infinity_is_recorded_naming_the_field(
    extra: dict[str, Any], path: str, shown: str
) -> None:
    """It was recorded as "not JSON: Out of range float values are not JSON compliant", no field named
    (a stream's ``NaN`` and an HTTP body's both come this way)."""
    from datetime import datetime

    from govhall.live import MemoryStore, SimulatedClock, Supervisor

    sup = Supervisor(SimulatedClock(datetime(2025, 9, 1, 9, 0)), MemoryStore(), rules=[])
    record = {"table": "applications", "id": "A1", "item_code": "I1", "received_at": "2025-09-01T09:00"}
    posted = sup.post({**record, **extra})
    assert not posted.accepted and posted.reason == "invalid"
    assert posted.detail == f"{path}: {shown} is not a number (JSON has no NaN or infinity)", posted.detail
    [unknown] = sup.unknown_events()
    assert unknown.detail == posted.detail
    sup.close()


def test_a_parquet_binary_value_that_is_not_utf8_is_rejected_saying_so_not_as_a_lone_surrogate(
    tmp_path: Path,
) -> None:
    """A ``binary`` column holding ``b"\\xff\\xfe"`` where text is wanted was rejected as "a lone
    surrogate is not a character (half of a UTF-16 pair …)", pydantic's string_unicode error read as
    if the value were text."""
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    from govhall.loaders import load_dataset

    (tmp_path / "items.jsonl").write_text(json.dumps(GOOD_ITEM, ensure_ascii=False) + "\n", encoding="utf-8")
    table = pa.table({
        "id": ["A1", "A2"], "item_code": ["I1", "I1"], "received_at": ["2025-09-01T09:00", "2025-09-01T09:00"],
        "lead_department": pa.array([b"D1", b"D\xff\xfe"], pa.binary()),
    })  # fmt: skip
    pq.write_table(table, tmp_path / "applications.parquet")
    from datetime import date

    ds = load_dataset(tmp_path, as_of=date(2025, 10, 1))
    assert [a.id for a in ds.applications] == ["A1"] and ds.applications[0].lead_department == "D1"
    [rejected] = ds.rejected
    assert (rejected.line, rejected.record_id, rejected.field) == (2, "A2", "lead_department")
    assert "bytes that are not UTF-8 text: byte 0xff at offset 1" in rejected.reason, rejected.reason
    assert "surrogate" not in rejected.reason


LONG = "2" * 5000


@pytest.mark.parametrize(
    "args",
    [
        ["deadline", LONG, "3天"],
        ["deadline", "2026-01-05", "3天", "--pause", f"{LONG}:2026-01-06"],
        ["calendar", "workday", LONG],
        ["calendar", "add", "2026-01-05", "x" + LONG],
        ["live", "replay", "-", "--start", LONG],
        ["live", "replay", "-", "--start", "2026-01-05", "--step", LONG + "x"],
    ],
    ids=[
        "deadline START",
        "deadline --pause",
        "calendar workday",
        "calendar add N",
        "replay --start",
        "replay --step",
    ],
)
def test_a_date_number_or_step_argument_of_any_length_is_echoed_cut(args: list[str]) -> None:
    """Each printed the 5,000 characters back whole in its one error line."""
    from govhall.errors import MAX_ECHOED_ID

    result = CliRunner().invoke(app, args, input='{"type": "x", "at": "2026-01-05T09:00"}\n')
    err = one_line_error(result)
    assert "…" in err and LONG[:MAX_ECHOED_ID] not in err and len(err) < 400, err
