"""Hostile input, sixteenth sweep: the live state file a store cannot write or that another program
locks, the service's Authorization header in odd forms, then free probing. Each test failed before its
fix unless its docstring says it holds behaviour that was already right; each hostile form is refused or
named, the CLI exits 2 with one line, the service answers problem+json."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import govhall.live.store as store_mod
from govhall.cli import app
from govhall.errors import StateLockedError, StateUnwritableError
from govhall.live import SimulatedClock, StateReader, Supervisor
from test_hostile_input_sweep8 import WRITER
from test_hostile_input_sweep8 import _client as _client

runner = CliRunner()

APPLICATION = {"table": "applications", "id": "A1", "item_code": "X", "received_at": "2025-10-09T09:00:00"}
ACCEPTED = {"kind": "accepted", "at": "2025-10-09T10:00:00", "application_id": "A1", "id": "E1"}
LATER = {"kind": "accepted", "at": "2025-10-09T11:00:00", "application_id": "A1", "id": "E2"}


def _state_with_two_posts(path: Path) -> None:
    with Supervisor(SimulatedClock(datetime(2025, 10, 9, 9)), path, engine="plain") as sup:
        assert all(p.accepted for p in sup.post_many([APPLICATION, ACCEPTED]))


def _events(tmp_path: Path) -> Path:
    events = tmp_path / "ev.jsonl"
    events.write_text("".join(json.dumps(e) + "\n" for e in (APPLICATION, ACCEPTED, LATER)), encoding="utf-8")
    return events


# == 1. a state the store cannot write, or that another program locks ==================================


def _read_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every connection the store opens is read-only, as on a file the process may not write (the tests
    run as root, for whom chmod does not bar writing)."""
    connect = store_mod._connect
    monkeypatch.setattr(store_mod, "_connect", lambda path, readonly=False: connect(path, readonly=True))


def test_a_read_only_state_is_refused_by_name_and_keeps_what_was_acknowledged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A state file the process could read but not write opened, and the first post raised sqlite3's
    bare ``OperationalError: attempt to write a readonly database`` (the CLI: "internal error:
    OperationalError: …", naming no file)."""
    state = tmp_path / "live.db"
    _state_with_two_posts(state)
    _read_only(monkeypatch)
    with Supervisor(SimulatedClock(datetime(2025, 10, 9, 12)), state, engine="plain") as sup:
        with pytest.raises(StateUnwritableError) as err:
            sup.post(LATER)
        assert sup.seq == 2
    msg = str(err.value)
    assert msg.startswith(f"{state}: the live state cannot be written"), msg
    assert "readonly" in msg and "nothing of this post was kept" in msg, msg
    assert err.value.status == 503 and err.value.code == "state-unwritable"
    monkeypatch.undo()
    with StateReader(state) as reader:  # what was acknowledged is still there
        assert reader.seq == 2
        assert [r["seq"] for r in reader.journal()] == [1, 2]


def test_the_cli_names_a_read_only_state_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    state = tmp_path / "live.db"
    _state_with_two_posts(state)
    _read_only(monkeypatch)
    res = runner.invoke(app, ["live", "replay", str(_events(tmp_path)), "--state", str(state)])
    assert res.exit_code == 2, res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        f"govhall: error: {state}: the live state cannot be written"
    )
    assert "internal error" not in res.stderr and "Traceback" not in res.stderr


def test_a_state_another_program_locks_is_refused_as_locked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program (a backup, a hand-run sqlite3 shell) holding a write transaction on the state made
    the post raise ``OperationalError: database is locked`` after the busy wait (the CLI: "internal
    error"). It is :class:`StateLockedError`, naming the file; nothing of the post is kept and what was
    acknowledged before stays."""
    state = tmp_path / "live.db"
    _state_with_two_posts(state)
    connect = store_mod._connect

    def short_wait(path: Any, readonly: bool = False) -> sqlite3.Connection:
        conn = connect(path, readonly=readonly)
        conn.execute("PRAGMA busy_timeout=50")  # the store waits 5 s; the test need not
        return conn

    monkeypatch.setattr(store_mod, "_connect", short_wait)
    other = sqlite3.connect(state, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with Supervisor(SimulatedClock(datetime(2025, 10, 9, 12)), state, engine="plain") as sup:
            with pytest.raises(StateLockedError) as err:
                sup.post(LATER)
            res = runner.invoke(
                app, ["live", "replay", str(_events(tmp_path)), "--state", str(tmp_path / "x.db")]
            )
            assert res.exit_code in (0, 1), res.output  # (another state is not locked)
    finally:
        other.execute("ROLLBACK")
        other.close()
    msg = str(err.value)
    assert msg.startswith(f"{state}: the live state is locked by another program"), msg
    assert "nothing of this post was kept" in msg, msg
    with Supervisor(SimulatedClock(datetime(2025, 10, 9, 12)), state, engine="plain") as sup:
        assert sup.seq == 2  # the refused post took no seq; the two acknowledged are there
        assert sup.post(LATER).accepted and sup.seq == 3


def test_the_cli_names_a_locked_state_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    state = tmp_path / "live.db"
    _state_with_two_posts(state)
    connect = store_mod._connect
    monkeypatch.setattr(
        store_mod, "_connect",
        lambda path, readonly=False: _short(connect(path, readonly=readonly)),
    )  # fmt: skip
    other = sqlite3.connect(state, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        res = runner.invoke(app, ["live", "replay", str(_events(tmp_path)), "--state", str(state)])
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert res.exit_code == 2, res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"govhall: error: {state}: the live state is locked"), (
        lines
    )


def _short(conn: sqlite3.Connection) -> sqlite3.Connection:
    conn.execute("PRAGMA busy_timeout=50")
    return conn


# == 2. the service's Authorization header in odd forms ==================================================

TOKEN = WRITER["Authorization"].split()[1]


@pytest.mark.parametrize(
    ("header", "why"),
    [
        (f"Bearer\t{TOKEN}", "separate Bearer from the token by a space, not a tab"),
        ("Bearer", "holds no token after Bearer"),
        ("Bearer   ", "holds no token after Bearer"),
        (f"Basic {TOKEN}", "uses the 'Basic' scheme"),
        (f"Token {TOKEN}", "uses the 'Token' scheme"),
        (TOKEN, "names no scheme"),
        (f"Bearer {TOKEN} {TOKEN}", "holds more than one word after Bearer"),
        ("", "is empty"),
    ],
)
def test_an_authorization_header_not_read_says_why(header: str, why: str) -> None:
    """A header that was sent but not read (a tab after Bearer, another scheme, no scheme, no token) was
    told "send Authorization: Bearer <token>" as if none had been sent: the caller who had sent one could
    not tell what was wrong with it. The answer says what it holds, never echoes the token."""
    res = _client().get("/v1/live/cards", headers={"Authorization": header})
    assert res.status_code == 401, res.text
    assert res.headers["content-type"].startswith("application/problem+json")
    assert res.headers["www-authenticate"].startswith("Bearer")
    body = res.json()
    assert body["type"] == "/problems/unauthorized", body
    assert why in body["detail"] and "Authorization: Bearer <token>" in body["detail"], body
    assert TOKEN not in res.text, res.text


@pytest.mark.parametrize(
    "header", [f"Bearer {TOKEN}", f"bearer {TOKEN}", f"Bearer  {TOKEN}", f"Bearer {TOKEN} "]
)
def test_an_authorization_header_of_the_standard_forms_is_read(header: str) -> None:
    """Held already: the scheme in any case, one or more spaces before the token (RFC 9110's ``1*SP``),
    spaces after it (trimmed as any field value's) are read."""
    res = _client().get("/v1/live/cards", headers={"Authorization": header})
    assert res.status_code == 200, res.text


def test_no_authorization_header_is_told_to_send_one() -> None:
    """Held already: with no header the answer is as before."""
    res = _client().get("/v1/live/cards")
    assert res.status_code == 401 and res.json()["detail"] == "send Authorization: Bearer <token>", res.text


# == 3. a live event dated on a day that does not exist ===================================================


@pytest.mark.parametrize(
    ("at", "why"),
    [
        ("2025-02-29T10:00:00", "2025-02 has 28 days"),
        ("2025-13-01", "there is no month 13"),
        ("0000-01-01T10:00:00", "there is no year 0000"),
        ("2025-04-31", "2025-04 has 30 days"),
    ],
)
def test_a_live_event_on_a_day_that_does_not_exist_says_which_as_the_loader_does(at: str, why: str) -> None:
    """A live event ``"at": "2025-02-29T10:00:00"`` was recorded as invalid in pydantic's words ("at: Input
    should be a valid datetime or date, day value is outside expected range"; year 0000: "year 0 is out of
    range"), where a batch record of the same date says which day is missing (sweep 12). 2024-02-29 is
    accepted."""
    with Supervisor(SimulatedClock(datetime(2025, 10, 9, 9)), None, engine="plain") as sup:
        sup.post(APPLICATION)
        posted = sup.post({**ACCEPTED, "at": at})
        assert not posted.accepted and posted.reason == "invalid"
        assert posted.detail == f"at: '{at}' is not an ISO date: no such day ({why})", posted.detail
        assert sup.post({**LATER, "at": "2024-02-29T10:00:00"}).accepted


# == 4. live replay of a stream not read at all ===========================================================


def _replay_fails(events: Path, tmp_path: Path) -> str:
    res = runner.invoke(app, ["live", "replay", str(events), "--state", str(tmp_path / "s.db")])
    assert res.exit_code == 2, res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("govhall: error: "), res.stderr
    assert "Traceback" not in res.stderr
    return lines[0]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_live_replay_of_a_utf16_stream_says_so(tmp_path: Path, encoding: str) -> None:
    """EVENTS.jsonl saved as UTF-16 (Notepad's "Unicode") was told "no dated events: give --start and
    --until", as if it held no dates: every line had been refused (a NUL byte in each) and none was told.
    It is refused as the dataset loader refuses such a file, naming it."""
    events = tmp_path / "ev.jsonl"
    events.write_bytes("".join(json.dumps(e) + "\n" for e in (APPLICATION, ACCEPTED)).encode(encoding))
    line = _replay_fails(events, tmp_path)
    assert f"{events}: not a text file: it holds a NUL byte" in line and "save it as UTF-8" in line, line
    assert "--start" not in line, line


def test_live_replay_of_a_stream_of_no_readable_line_names_the_first(tmp_path: Path) -> None:
    """A stream none of whose lines was read (here: each line a Latin-1 export) was told "no dated
    events: give --start and --until"; the lines not read and why were not told at all."""
    events = tmp_path / "ev.jsonl"
    events.write_bytes(
        b'{"kind": "accepted", "at": "2025-10-09T10:00:00", "application_id": "A1", "note": "\xe9"}\n'
        b'{"kind": "accepted", "at": "2025-10-09T11:00:00", "application_id": "A2", "note": "\xe9"}\n'
    )
    line = _replay_fails(events, tmp_path)
    assert (
        f"{events}: no line holds an event that could be read (2 lines not read; line 1, application_id 'A1': not UTF-8"
        in line
    ), line


@pytest.mark.parametrize("text", ["", "\n\n   \n"])
def test_live_replay_of_an_empty_stream_says_it_holds_no_event(tmp_path: Path, text: str) -> None:
    """An empty EVENTS.jsonl was told "no dated events: give --start and --until": it holds no event."""
    events = tmp_path / "ev.jsonl"
    events.write_text(text, encoding="utf-8")
    line = _replay_fails(events, tmp_path)
    assert line == f"govhall: error: {events}: holds no event (expected one JSON object a line)", line


def test_live_replay_of_events_of_no_date_still_asks_for_start_and_until(tmp_path: Path) -> None:
    """Held already: a stream of events none of which is dated is asked for --start and --until."""
    events = tmp_path / "ev.jsonl"
    events.write_text('{"table": "staff", "id": "S1", "role": "window"}\n', encoding="utf-8")
    assert _replay_fails(events, tmp_path) == "govhall: error: no dated events: give --start and --until"


# == 5. the service given an empty body ===================================================================


@pytest.mark.parametrize("body", [b"", b"   \n", b"\xef\xbb\xbf"])
@pytest.mark.parametrize("route", ["/v1/live/events", "/v1/complaints/screen", "/v1/audit"])
def test_an_empty_request_body_is_told_empty(route: str, body: bytes) -> None:
    """An empty body was answered "body: Field required" (pydantic's words for the parameter), a blank or
    BOM-only one "body: not valid JSON at character 4: Expecting value": the client had sent nothing."""
    res = _client().post(route, content=body, headers={**WRITER, "Content-Type": "application/json"})
    assert res.status_code == 422 and res.headers["content-type"].startswith("application/problem+json")
    detail = res.json()["detail"]
    assert detail.startswith("body: empty: expected ") and detail.endswith("; nothing was read"), detail


# == 6. live replay's --start/--until on a day that does not exist ========================================


@pytest.mark.parametrize("option", ["--start", "--until"])
@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("2025-02-29", "2025-02 has 28 days"),
        ("0000-01-01", "there is no year 0000"),
        ("2025-04-31T10:00", "2025-04 has 30 days"),
    ],
)
def test_live_replay_start_on_a_day_that_does_not_exist_says_which(
    tmp_path: Path, option: str, text: str, why: str
) -> None:
    """``--start 2025-02-29`` was told "is not an ISO date or date-time (YYYY-MM-DD[THH:MM])", of a text
    in that very form, where every other date option and record says which day is missing."""
    res = runner.invoke(
        app, ["live", "replay", str(_events(tmp_path)), option, text, "--state", str(tmp_path / "s.db")]
    )
    assert res.exit_code == 2, res.output
    line = res.stderr.strip()
    assert line == f"govhall: error: {option}: {text!r} is not an ISO date: no such day ({why})", line


# == 7. an option's bad choice, in govhall's words ========================================================


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["audit", "--example", "-f", "bogus"], "'--format' / '-f'"),
        (["live", "replay", "ev.jsonl", "--engine", "bogus"], "'--engine'"),
        (["live", "replay", "ev.jsonl", "--rules", ""], "'--rules'"),
    ],
)
def test_a_bad_choice_for_an_option_is_told_without_pydantics_prefix(argv: list[str], option: str) -> None:
    """``-f bogus`` was told "Invalid value for '--format' / '-f': Value error, 'bogus' is not one of …":
    typer reads choices through pydantic, whose "Value error, " prefix govhall drops everywhere else."""
    res = runner.invoke(app, argv)
    assert res.exit_code == 2, res.output
    line = res.stderr.strip()
    assert line.startswith(f"govhall: error: Invalid value for {option}: '"), line
    assert "Value error" not in line and "is not one of" in line, line


# == 8. a refused replay line naming two applications says both ==========================================


def test_a_refused_line_naming_two_applications_says_both(tmp_path: Path) -> None:
    """A line not read whose bytes named two different applications was told by its line alone ("line 2
    not posted: not JSON (…)"): which application it concerned is not known (sweep 15 keeps the
    ``application_id`` key out of it), but the two it names are, and the clerk looks for both."""
    events = tmp_path / "ev.jsonl"
    events.write_bytes(
        b'{"kind": "received", "at": "2025-10-09T10:00:00", "application_id": "A1"}\n'
        b'{"application_id": "A4", "complaint_id": "C1", "application_id": "A5" oops\n'
    )
    res = runner.invoke(app, ["live", "replay", str(events), "--json", "--state", str(tmp_path / "s.db")])
    [rejected] = json.loads(res.stdout)["rejected_lines"]
    assert "application_id" not in rejected and rejected["complaint_id"] == "C1", rejected
    assert rejected["reason"].startswith("not JSON"), rejected
    assert rejected["reason"].endswith("; it names application_id 'A4' and 'A5'"), rejected


def test_the_service_answers_a_read_only_state_with_a_503_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A live post to a service whose state file could not be written answered a bare 500 internal error
    (sqlite3's OperationalError); it is a 503 ``state-unwritable`` problem naming why, and the posts
    acknowledged before stay."""
    from fastapi.testclient import TestClient

    from govhall.serve import Settings, TokenTable, create_app, token_line

    state = tmp_path / "live.db"
    _state_with_two_posts(state)
    _read_only(monkeypatch)
    settings = Settings(
        tokens=TokenTable.parse(token_line("writer", ["read", "write"], TOKEN) + "\n", "tokens"),
        tick_seconds=0, live_engine="plain", state=state, clock=SimulatedClock(datetime(2025, 10, 9, 12)),
    )  # fmt: skip
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        res = client.post("/v1/live/events", json=LATER, headers=WRITER)
    assert res.status_code == 503, res.text
    assert res.headers["content-type"].startswith("application/problem+json")
    body = res.json()
    assert body["type"] == "/problems/state-unwritable", body
    assert "the live state cannot be written" in body["detail"] and "Traceback" not in res.text, body
    monkeypatch.undo()
    with StateReader(state) as reader:
        assert reader.seq == 2


def test_a_state_file_of_garbage_bytes_is_named_not_a_live_state(tmp_path: Path) -> None:
    """A state path holding random bytes (neither SQLite nor JSON) was told "cannot read the live state
    ('utf-8' codec can't decode byte 0xb6 in position 0: invalid start byte)", Python's codec words, as if
    a live state were there and unreadable. It is no govhall.live state; the file is left as it was."""
    state = tmp_path / "live.db"
    garbage = bytes([0xB6, 0x00, 0xFF, 0x13]) * 256
    state.write_bytes(garbage)
    res = runner.invoke(app, ["live", "replay", str(_events(tmp_path)), "--state", str(state)])
    assert res.exit_code == 2, res.output
    line = res.stderr.strip()
    assert line == (
        f"govhall: error: --state: {state}: not a govhall.live state: neither an SQLite database nor a JSON "
        "state file (byte 0xb6 at offset 0 is not UTF-8 text); give a new path to start an empty state"
    ), line
    assert state.read_bytes() == garbage


# == 9. an event id held twice with different content =====================================================


def test_a_held_event_id_posted_again_with_other_content_is_refused_at_once() -> None:
    """Two events under one id for an application not posted yet were both answered ``held``; the second
    was refused only when the application arrived, long after its poster had moved on. It is refused
    when posted, as it is once the application is held; the first attaches, a resend of it is still
    held."""
    early = {**ACCEPTED, "application_id": "A2"}
    with Supervisor(SimulatedClock(datetime(2025, 10, 9, 12)), None, engine="plain") as sup:
        assert sup.post(early).reason == "held"
        other = sup.post({**early, "at": "2025-10-09T11:00:00"})
        assert not other.accepted and other.reason == "invalid", other
        assert other.detail == (
            "duplicate event id 'E1': application A2 already has another event with this id held for it"
        ), other.detail
        assert sup.post(early).reason == "held"  # a resend
        assert sup.post({**APPLICATION, "id": "A2"}).accepted
        [a2] = [a for a in sup.subjects("application") if a.id == "A2"]
        assert [(e.id, e.at.hour) for e in a2.events] == [("E1", 10)]
        assert [u.seq for u in sup.unknown_events()] == [2]
