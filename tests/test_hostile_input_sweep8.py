"""Hostile input, eighth sweep: what the seventh noticed and left, then a fresh sweep over every entry
point. A live batch keeps its good events beside a non-object; each hostile form is refused or named
(field, record and line); the good form beside it still reads."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from govhall.cli import app
from govhall.loaders import load_dataset
from test_hostile_input import one_line_error
from test_hostile_input_sweep6 import EXAMPLE, _rows
from test_hostile_input_sweep7 import _odd
from test_hostile_input_sweep7 import unblock as unblock  # a fixture, used by name

runner = CliRunner()


ITEMS = _rows("items", 5)
CODES = [i["code"] for i in ITEMS]
APP = {k: v for k, v in _rows("applications", 1)[0].items() if k != "events"}
EVENT = {"application_id": APP["id"], "kind": "accepted", "at": "2025-09-01T10:00:00"}


WRITER = {"Authorization": "Bearer tok-sweep8-writer-0123456789abcdef"}


def _client() -> Any:
    """The service with one read+write token, the live clock at 2025-09-01 09:00."""
    from fastapi.testclient import TestClient

    from govhall.live import SimulatedClock
    from govhall.serve import Settings, TokenTable, create_app, token_line

    line = token_line("writer", ["read", "write"], WRITER["Authorization"].split()[1])
    settings = Settings(
        tokens=TokenTable.parse(line + "\n", "tokens"), tick_seconds=0, live_engine="plain",
        clock=SimulatedClock(datetime(2025, 9, 1, 9, 0)),
    )  # fmt: skip
    return TestClient(create_app(settings), raise_server_exceptions=False)


# -- 1. a live batch holding a non-object -------------------------------------------------------------------


NOT_OBJECTS = [
    (5, "a number"),
    ("accepted", "a text"),
    (None, "null"),
    (True, "a boolean"),
    ([EVENT], "a list"),
]


@pytest.mark.parametrize(("value", "what"), NOT_OBJECTS, ids=[w for _, w in NOT_OBJECTS])
def test_a_live_batch_keeps_its_events_beside_a_non_object(tmp_path: Path, value: Any, what: str) -> None:
    """A number among a batch's events was recorded as ``unknown_type``, "no rule handles 'unknown'",
    its value kept as a Python repr; an object failing validation is ``invalid`` naming why. A non-object
    is now ``invalid`` too, "expected a JSON object … got a number", kept as it came (through a restart),
    and the events beside it are applied."""
    from govhall.live import SimulatedClock, Supervisor

    store = tmp_path / "live.sqlite"
    sup = Supervisor(SimulatedClock(datetime(2025, 9, 1, 9, 0)), store=str(store))
    posted = sup.post_many([{"table": "applications", **APP}, value, EVENT])
    assert [p.accepted for p in posted] == [True, False, True], posted
    assert posted[1].reason == "invalid", posted[1]
    assert posted[1].detail == f"expected a JSON object (an event or a record), got {what}"
    sup.close()
    again = Supervisor(SimulatedClock(datetime(2025, 9, 1, 9, 0)), store=str(store))
    [kept] = again.unknown_events()
    assert (kept.seq, kept.reason, kept.event) == (2, "invalid", value)
    assert [e.kind for e in again.subjects("application")[0].events][-1] == "accepted"
    again.close()


def test_an_object_naming_no_subject_says_what_it_lacks() -> None:
    """``{"kind": "accepted"}`` (no application_id) said "no rule handles 'unknown'"."""
    from govhall.live import SimulatedClock, Supervisor

    sup = Supervisor(SimulatedClock(datetime(2025, 9, 1, 9, 0)))
    posted = sup.post({"kind": "accepted", "at": "2025-09-01T10:00:00"})
    assert posted.reason == "unknown_type"
    assert posted.detail == "an event names application_id or complaint_id; a record names its table"
    sup.close()


@pytest.mark.parametrize(("value", "what"), NOT_OBJECTS, ids=[w for _, w in NOT_OBJECTS])
def test_the_service_keeps_a_batch_beside_a_non_object(value: Any, what: str) -> None:
    """``POST /v1/live/events`` with ``[app, 5, event]`` was a 422 for the whole batch: the good events,
    sent beside the bad one, were refused with it. Now each is answered in its place, like an invalid
    object in a batch: the number at index 1 ``invalid``, the others accepted."""
    with _client() as client:
        r = client.post(
            "/v1/live/events", json=[{"table": "applications", **APP}, value, EVENT], headers=WRITER
        )
        assert r.status_code == 200, r.text
        doc = r.json()
        assert (doc["accepted"], doc["not_accepted"]) == (2, 1)
        assert [p["accepted"] for p in doc["posted"]] == [True, False, True]
        assert doc["posted"][1]["reason"] == "invalid"
        assert doc["posted"][1]["detail"] == f"expected a JSON object (an event or a record), got {what}"
        alone = client.post("/v1/live/events", json=5, headers=WRITER)  # no batch at all
        assert alone.status_code == 422 and alone.headers["content-type"].startswith(
            "application/problem+json"
        )


# -- 5. a pipe given from Python where a file is read --------------------------------------------------------


def _read_notices(path: Path) -> Any:
    from govhall.calendars import calendar_with_notices

    return calendar_with_notices(path)


def _read_overrides(path: Path) -> Any:
    from govhall.calendars import load_overrides

    return load_overrides(path)


def _read_profile_calendar(path: Path) -> Any:
    from govhall.calendars import calendar_from_profile

    return calendar_from_profile(path)


def _read_profile(path: Path) -> Any:
    from govhall.rules.runner import load_profile

    return load_profile(path)


@pytest.mark.parametrize(
    ("read", "named"),
    [(_read_notices, "notices file {}"), (_read_overrides, "{}"), (_read_profile_calendar, "{}"),
     (_read_profile, "profile {}")],
    ids=["calendar_with_notices", "load_overrides", "calendar_from_profile", "load_profile"],
)  # fmt: skip
@pytest.mark.parametrize("kind", ["pipe", "folder", "loop"])
def test_python_readers_refuse_a_pipe_as_the_cli_does(
    tmp_path: Path, unblock: Any, read: Any, named: str, kind: str
) -> None:
    """``calendar_with_notices(PIPE)``, ``load_overrides(PIPE)`` (and a profile read from Python) waited
    for ever on a pipe with no writer; the CLI refused it before reading (``govhall._paths.not_a_file``).
    Each now raises an ``UnreadableInputError`` naming the path and what it is."""
    from govhall.errors import UnreadableInputError

    path, said = _odd(tmp_path, kind)
    if kind == "pipe":
        unblock(path)
    with pytest.raises(UnreadableInputError) as caught:
        read(path)
    assert str(caught.value) == f"{named.format(path)}: {said}", caught.value


# -- 4. lax conversions: a superscript digit, a digit separator, a fraction for a whole number ----------------


@pytest.mark.parametrize(
    ("text", "sign"),
    [("²个工作日", "SUPERSCRIPT TWO"), ("①天", "CIRCLED DIGIT ONE"), ("3½天", "VULGAR FRACTION ONE HALF")],
)
def test_a_limit_with_a_numeric_sign_that_is_no_digit_is_refused(text: str, sign: str) -> None:
    """NFKC read ``²个工作日`` as 2 working days and ``①天`` as one day: a footnote mark or a list bullet
    taken for the figure of a legal time limit. Each is now refused naming the sign."""
    from govhall import due_date
    from govhall.errors import LimitTextError

    with pytest.raises(LimitTextError) as caught:
        due_date("2025-09-01", text)
    assert f"not a time limit: {text!r}: " in str(caught.value) and f"({sign}) is not a digit" in str(
        caught.value
    )


def test_a_limit_in_digits_of_another_script_is_refused_full_width_still_read() -> None:
    """``٣个工作日`` (Arabic-Indic three) was read as 3 working days; full-width ``５`` (Chinese text's own
    digits, NFKC's leniency kept) is still read as 5: 2025-09-01 (Mon) + 5 working days = 09-08 (Mon)."""
    from govhall import due_date
    from govhall.errors import LimitTextError

    with pytest.raises(LimitTextError, match="not a time limit: '٣个工作日'"):
        due_date("2025-09-01", "٣个工作日")
    assert due_date("2025-09-01", "５个工作日").due.isoformat() == "2025-09-08"


@pytest.mark.parametrize("n", ["1.0", "1_0", "²", "٣"])
def test_calendar_add_refuses_a_count_that_is_no_whole_number(n: str) -> None:
    """``calendar add 2025-09-01 1_0`` added ten days (Python's digit separator); ``²`` was "a number of 1
    digits is far too large"; ``٣`` was 3. Each is now "not a whole number" in the CLI and the service
    (where ``days=1.0`` was 1 too)."""
    err = one_line_error(runner.invoke(app, ["calendar", "add", "2025-09-01", n]))
    assert f"N: {n!r} is not a whole number" in err, err
    with _client() as client:
        r = client.get("/v1/calendar/add", params={"start": "2025-09-01", "days": n}, headers=WRITER)
        assert r.status_code == 422 and r.json()["detail"].startswith(
            f"query.days: {n!r} is not a whole number"
        ), r.text
        ok = client.get("/v1/calendar/add", params={"start": "2025-09-01", "days": "+5"}, headers=WRITER)
        assert ok.json()["result"] == "2025-09-08"  # Mon + 5 working days = next Mon
    ok_cli = runner.invoke(app, ["calendar", "add", "2025-09-01", "５", "--json"])
    assert json.loads(ok_cli.stdout)["result"] == "2025-09-08", ok_cli.output


def test_a_count_with_a_digit_separator_is_rejected_naming_the_field(tmp_path: Path) -> None:
    """A hall's ``cctv.retention_days`` ``"1_5"`` was read as 15 days of CCTV kept (pydantic reads
    Python's digit separator); it is now a rejection naming the field and the value. The documented
    forms (``15``, ``15.0``, ``"15"``) still read."""
    hall = json.loads((EXAMPLE / "hall.json").read_text(encoding="utf-8"))

    def with_retention(value: Any) -> Any:
        (tmp_path / "hall.json").write_text(
            json.dumps({**hall, "cctv": {**hall["cctv"], "retention_days": value}}), encoding="utf-8"
        )
        return load_dataset(tmp_path)

    [rejected] = with_retention("1_5").rejected
    assert rejected.field == "cctv.retention_days", rejected
    assert "'1_5' is not a number written in digits" in rejected.reason, rejected
    for good in (15, 15.0, "15"):
        assert with_retention(good).hall.cctv.retention_days == 15  # type: ignore[union-attr]


# -- 3. a CR alone between two CSV rows in a file of LF lines -------------------------------------------------

WINDOW_HEADER = b"id,hall_id,kind,name,department,counter_height_mm"


def _windows_csv(tmp_path: Path, *lines: bytes) -> Any:
    from datetime import date

    (tmp_path / "windows.csv").write_bytes(b"\n".join([WINDOW_HEADER, *lines]) + b"\n")
    return load_dataset(tmp_path, as_of=date(2025, 10, 1))


@pytest.mark.parametrize("second", [b"W-2,H,comprehensive,b,D,750", b'W-2,H,comprehensive,"b, c",D,750'])
def test_a_cr_alone_between_whole_rows_splits_them(tmp_path: Path, second: bytes) -> None:
    """``W-1,…,750⏎W-2,…,750`` (CR alone, the LF of a CR LF lost in an export) was one row of 12 cells,
    one rejection naming W-1 only: W-2, a record of the file, was unnamed inside it. Where every piece
    between CRs alone is a row of the header's cell count, each is read as a row (on the same file
    line), so both are kept and the count is the file's rows."""
    ds = _windows_csv(tmp_path, b"W-1,H,comprehensive,a,D,750\r" + second, b"W-3,H,comprehensive,c,D,1")
    assert [w.id for w in ds.windows] == ["W-1", "W-2", "W-3"] and ds.rejected == []
    assert ds.records == 3


def test_rows_split_at_a_cr_are_each_judged_and_named(tmp_path: Path) -> None:
    """Three rows on one line joined by CRs: the bad one (kind 'bogus') is rejected by its own id and
    field on that line; the two good ones are kept."""
    ds = _windows_csv(
        tmp_path, b"W-1,H,comprehensive,a,D,750\rW-2,H,bogus,b,D,750\rW-4,H,comprehensive,d,D,750"
    )
    assert [w.id for w in ds.windows] == ["W-1", "W-4"] and ds.records == 3
    assert [(r.line, r.record_id, r.field) for r in ds.rejected] == [(2, "W-2", "kind")]


def test_a_cr_that_cannot_be_told_a_line_end_names_the_joined_row(tmp_path: Path) -> None:
    """Where the pieces are not whole rows (a CR inside a quoted cell as well) nothing is guessed: the
    row is rejected as before, but its reason now names where the joined row starts ('W-2'). A CR alone
    inside a cell of a row of the right count is still the cell's character (sweep4)."""
    ds = _windows_csv(tmp_path, b'W-1,H,comprehensive,"a\r",D,750\rW-2,H,comprehensive,b,D,750')
    [rejected] = ds.rejected
    assert (rejected.line, rejected.record_id) == (2, "W-1")
    assert rejected.reason.startswith("the row has 11 cells but the header has 6; it holds a carriage return")
    assert "followed by 'W-2': a line end lost in an export may have joined rows there" in rejected.reason
    kept = _windows_csv(tmp_path, b"W-1,H,comprehensive,a\rb,D,750")
    assert [(w.id, w.name) for w in kept.windows] == [("W-1", "a\rb")] and kept.rejected == []


@pytest.mark.parametrize("end", ["\n", "\r\n"])
def test_a_cr_alone_between_jsonl_records_splits_them(tmp_path: Path, end: str) -> None:
    """The same in JSON lines: ``{…}⏎{…}`` (CR alone) in a file of LF lines was one rejection, "not
    valid JSON: Extra data", naming the first record; the second was lost inside it. Each whole object
    between CRs alone is now a record of that line (the bad one named by its own id and field)."""
    rows = [json.dumps(item, ensure_ascii=False) for item in ITEMS[:4]]
    bad = json.dumps({**ITEMS[1], "type": "bogus"}, ensure_ascii=False)
    (tmp_path / "items.jsonl").write_text(
        rows[0] + "\r" + bad + "\r" + rows[2] + end + rows[3] + end, encoding="utf-8", newline=""
    )
    ds = load_dataset(tmp_path)
    assert [i.code for i in ds.items] == [CODES[0], CODES[2], CODES[3]] and ds.records == 4
    assert [(r.line, r.record_id, r.field) for r in ds.rejected] == [(1, CODES[1], "type")]


# -- 2. a JSON array written on one line, broken -------------------------------------------------------------


def _one_line(*broken_at: int, form: str = '"code": %s,,') -> str:
    text = json.dumps(ITEMS, ensure_ascii=False)
    for k in broken_at:
        line = f'"code": {json.dumps(CODES[k])},'
        assert text.count(line) == 1
        text = text.replace(line, form % json.dumps(CODES[k]))
    return text


@pytest.mark.parametrize(
    "form",
    ['"code" %s,', '"code": %s,,', '"code": %s', "code: %s,", '"code": %s x,', '"code": %s"x,'],
    ids=["missing colon", "double comma", "missing comma", "unquoted key", "stray word", "stray quote"],
)
def test_a_one_line_array_is_read_on_after_its_break(tmp_path: Path, form: str) -> None:
    """An array written on one line (``json.dumps`` without indent, as most exporters write it) was
    one rejection from the break, "the rest of the file could not be read": elements 3–5 lost with the
    broken 2nd. Reading now resumes at the first ``,{`` from which whole objects run to the array's
    ``]`` at the end of the file, naming the skipped characters; a stray quote (quotes out of step)
    too, as the candidate is parsed afresh."""
    text = _one_line(1, form=form)
    (tmp_path / "items.json").write_text(text, encoding="utf-8")
    ds = load_dataset(tmp_path)
    assert [i.code for i in ds.items] == [CODES[0], *CODES[2:]]
    [rejected] = ds.rejected
    assert rejected.line == 2 and "element 2 is not valid JSON" in rejected.reason, rejected
    # 1-based characters: "[" + element 1 + ", " before element 2; element 3 is written unchanged
    first = 1 + len(json.dumps(ITEMS[0], ensure_ascii=False)) + 2 + 1
    resumed = text.index(json.dumps(ITEMS[2], ensure_ascii=False)) + 1
    assert (
        f"characters {first}–{resumed - 1} of file line 1 were skipped as this one element "
        f"(it may have held more than one) and reading resumed at character {resumed}"
    ) in rejected.reason, rejected.reason
    assert ds.records == 5


def test_a_one_line_array_with_two_breaks_resumes_after_the_last(tmp_path: Path) -> None:
    """Two breaks on one line: no object is guessed between them (an event nested in the broken record
    could stand there), so reading resumes after the second; the last element is kept, and the
    rejection says the skipped characters may have held more than one element."""
    (tmp_path / "items.json").write_text(_one_line(1, 3), encoding="utf-8")
    ds = load_dataset(tmp_path)
    assert [i.code for i in ds.items] == [CODES[0], CODES[4]]
    [rejected] = ds.rejected
    assert rejected.record_id == CODES[1] and "it may have held more than one" in rejected.reason


def test_a_one_line_array_never_resumes_inside_the_broken_record(tmp_path: Path) -> None:
    """An application on one line broken before its events: its events (objects after a ``,``) are not
    taken for applications; reading resumes at the next application."""
    apps = _rows("applications", 3)
    assert len(apps[1].get("events") or []) >= 2
    text = json.dumps(apps, ensure_ascii=False)
    broken = text.replace(f'"id": {json.dumps(apps[1]["id"])},', f'"id": {json.dumps(apps[1]["id"])},,', 1)
    (tmp_path / "applications.json").write_text(broken, encoding="utf-8")
    for table in ("items", "staff", "windows"):
        (tmp_path / f"{table}.jsonl").write_bytes((EXAMPLE / f"{table}.jsonl").read_bytes())
    ds = load_dataset(tmp_path)
    assert [a.id for a in ds.applications] == [apps[0]["id"], apps[2]["id"]]
    assert [(r.line, r.record_id) for r in ds.rejected if r.table == "applications"] == [(2, apps[1]["id"])]


# -- fresh sweep: a NUL byte in one line of a text export --------------------------------------------------


@pytest.mark.parametrize(
    ("line", "named"),
    # the NUL inside the id is kept in the id named, as other control characters are (sweep9 item 7)
    [("\x00\x00", None), ("{pre}X\x00{post}", "X\x00" + CODES[1]), ("{pre}{post}\x00", CODES[1])],
    ids=["a line of NULs", "a NUL inside the id", "a NUL after the record"],
)
def test_a_nul_byte_in_one_jsonl_line_rejects_that_line_only(tmp_path: Path, line: str, named: Any) -> None:
    """A NUL byte anywhere refused the whole file as "not a text file (UTF-16, or binary data?)": one
    C string's end copied from a database field cost the hall every item (exit 2). A text file with
    NULs in fewer than half its lines now rejects each such line, naming its place; the rest is read.
    (A NUL inside a text also went through the fast validator, which read it as a character.)"""
    text = json.dumps(ITEMS[1], ensure_ascii=False)
    cut = text.index(CODES[1])
    bad = line.format(pre=text[:cut], post=text[cut:])
    rows = [json.dumps(ITEMS[0], ensure_ascii=False), bad, json.dumps(ITEMS[2], ensure_ascii=False)]
    (tmp_path / "items.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    ds = load_dataset(tmp_path)
    assert [i.code for i in ds.items] == [CODES[0], CODES[2]] and ds.records == 3
    [rejected] = ds.rejected
    offset = len(rows[0].encode()) + 1 + bad.encode().index(b"\x00")
    assert (rejected.line, rejected.record_id) == (2, named), rejected
    assert rejected.reason.startswith(f"the line holds a NUL byte at byte offset {offset} of the file"), (
        rejected
    )


def test_a_nul_byte_in_one_csv_row_rejects_that_row_only(tmp_path: Path) -> None:
    ds = _windows_csv(
        tmp_path,
        b"W-1,H,comprehensive,a,D,750",
        b"W-2,H,comprehensive,b\x00,D,750",
        b"W-3,H,comprehensive,c,D,1",
    )
    assert [w.id for w in ds.windows] == ["W-1", "W-3"] and ds.records == 3
    [rejected] = ds.rejected
    assert rejected.line == 3 and rejected.reason.startswith(
        "the line holds a NUL byte at byte offset 99 "
    ), rejected


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_utf16_and_mostly_nul_files_are_still_refused_whole(tmp_path: Path, encoding: str) -> None:
    from govhall.errors import UndecodableInputError

    rows = [json.dumps(item, ensure_ascii=False) for item in ITEMS[:3]]
    (tmp_path / "items.jsonl").write_bytes(("\n".join(rows) + "\n").encode(encoding))
    with pytest.raises(UndecodableInputError, match="not a text file: it holds a NUL byte"):
        load_dataset(tmp_path)


# -- fresh sweep: a day in the ISO form that is no day -----------------------------------------------------


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["calendar", "workday", "2025-02-29"], "DATE: '2025-02-29' is not an ISO date: no such day (2025-02 has 28 days)"),
        (["calendar", "add", "2025-04-31", "1"], "DATE: '2025-04-31' is not an ISO date: no such day (2025-04 has 30 days)"),
        (["calendar", "count", "2025-13-01", "2025-12-31"], "FROM: '2025-13-01' is not an ISO date: no such day (there is no month 13)"),
        (["deadline", "2025-02-29T09:00", "5天"], "START: '2025-02-29T09:00' is not an ISO date: no such day (2025-02 has 28 days)"),
        (["deadline", "2025-09-01", "5天", "--pause", "2025-09-31:2025-10-08"], "--pause FROM: '2025-09-31' is not an ISO date: no such day (2025-09 has 30 days)"),
    ],
    ids=["not a leap year", "April 31", "month 13", "start with a time", "pause"],
)  # fmt: skip
def test_a_day_in_iso_form_that_does_not_exist_says_so(args: list[str], said: str) -> None:
    """``calendar workday 2025-02-29`` said "'2025-02-29' is not an ISO date (YYYY-MM-DD)", of a text in
    that very form: the user looks for a typo in the form, not in the day; it now says which day is
    missing. 2025 is no leap year (2025 is
    not divisible by 4), so February has 28 days; April and September 30. 2024-02-29 still reads."""
    err = one_line_error(runner.invoke(app, args))
    assert said in err, err
    ok = runner.invoke(app, ["calendar", "workday", "2024-02-29", "--json"])
    assert json.loads(ok.stdout)["date"] == "2024-02-29", ok.output


# -- fresh sweep: a catalogue sent to the service holding a non-object --------------------------------------


@pytest.mark.parametrize("wrapped", [True, False], ids=["{items: [...]}", "[...]"])
def test_the_service_checks_a_catalogue_beside_a_non_object(wrapped: bool) -> None:
    """``POST /v1/catalogue/check`` with ``[item, 5, "x", null, item]`` was a 422 for the whole catalogue
    ("Input should be a valid dictionary"), as the live batch was; ``govhall check`` and ``/v1/audit``
    reject such an element as one record. Now each is a rejected record by its place, the items beside
    them checked: 5 records, 3 rejected."""
    items = [ITEMS[0], 5, "x", None, ITEMS[1]]
    body: Any = {"items": items} if wrapped else items
    with _client() as client:
        r = client.post("/v1/catalogue/check", json=body, params={"as_of": "2025-10-01"}, headers=WRITER)
        assert r.status_code == 200, r.text
        doc = r.json()
        assert (doc["summary"]["records"], doc["summary"]["rejected"]) == (5, 3)
        assert [(x["line"], x["reason"]) for x in doc["rejected"]] == [
            (2, "the record is not a JSON object (got a number)"),
            (3, "the record is not a JSON object (got a string)"),
            (4, "the record is not a JSON object (got null)"),
        ]
