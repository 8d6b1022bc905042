"""Hostile input, seventh sweep: what the sixth noticed and left, then a fresh sweep over every entry
point. A JSON array broken mid-file is read on from the next record; each hostile form is refused or
named (field, record and line); the good form beside it still reads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from govhall.cli import app
from govhall.loaders import load_dataset
from test_hostile_input import one_line_error
from test_hostile_input_sweep6 import EXAMPLE, _rows

runner = CliRunner()


ITEMS = _rows("items", 5)
CODES = [i["code"] for i in ITEMS]


# -- 1. a JSON array broken mid-file: read on from the next record ------------------------------------------


def _indented(broken: str, indent: int | None = 2) -> str:
    """items.json, indented, its 2nd element's code line replaced by ``broken`` (``%s`` the code)."""
    text = json.dumps(ITEMS, ensure_ascii=False, indent=indent)
    line = f'"code": {json.dumps(CODES[1])},'
    assert text.count(line) == 1
    return text.replace(line, broken % json.dumps(CODES[1]))


@pytest.mark.parametrize(
    "broken",
    ['"code" %s,', '"code": %s,,', '"code": %s', "code: %s,", '"code": %s x,', '"code": %s"x,'],
    ids=["missing colon", "double comma", "missing comma", "unquoted key", "stray word", "stray quote"],
)
@pytest.mark.parametrize("indent", [2, 0])
def test_elements_after_a_break_are_read(tmp_path: Path, broken: str, indent: int) -> None:
    """Every element after the first syntax break was one rejection, "the rest of the file could not be
    read": a hall's whole catalogue lost to one stray comma. The reader now resumes at the next line that
    opens a record at the broken one's indentation, names the skipped lines, and keeps the rest."""
    (tmp_path / "items.json").write_text(_indented(broken, indent), encoding="utf-8")
    ds = load_dataset(tmp_path)
    assert [i.code for i in ds.items] == [CODES[0], *CODES[2:]]
    [rejected] = ds.rejected
    assert rejected.line == 2 and "element 2 is not valid JSON" in rejected.reason, rejected
    assert "skipped as this one element" in rejected.reason and "resumed at file line" in rejected.reason
    assert ds.records == 5


def test_a_missing_closing_brace_costs_only_its_element(tmp_path: Path) -> None:
    """A record whose ``}`` is missing breaks at the next record's ``{``: that next record is kept."""
    text = json.dumps(ITEMS, ensure_ascii=False, indent=2)
    at = text.index(f'"code": {json.dumps(CODES[2])}')
    close = text.rindex("}", 0, at)
    (tmp_path / "items.json").write_text(text[:close] + text[close + 1 :], encoding="utf-8")
    ds = load_dataset(tmp_path)
    assert [i.code for i in ds.items] == [CODES[0], *CODES[2:]]
    [rejected] = ds.rejected
    assert (rejected.line, rejected.record_id) == (2, CODES[1]), rejected
    first = text.count("\n", 0, text.index(f'"code": {json.dumps(CODES[1])}'))  # 0-based line of its code
    resumed = text[:close].count("\n") + 2
    assert f"file lines {first}–{resumed - 1} were skipped" in rejected.reason, rejected.reason
    assert f"resumed at file line {resumed}" in rejected.reason


def test_nested_objects_are_not_taken_for_records(tmp_path: Path) -> None:
    """An application's events open lines too, deeper: the reader resumes at the next application,
    never at an event of the broken one (which would read as a record of the wrong shape)."""
    apps = _rows("applications", 3)
    assert all(a.get("events") for a in apps)
    text = json.dumps(apps, ensure_ascii=False, indent=2)
    broken = text.replace(f'"id": {json.dumps(apps[1]["id"])},', f'"id": {json.dumps(apps[1]["id"])},,', 1)
    (tmp_path / "applications.json").write_text(broken, encoding="utf-8")
    for table in ("items", "staff", "windows"):
        src = EXAMPLE / f"{table}.jsonl"
        (tmp_path / f"{table}.jsonl").write_bytes(src.read_bytes())
    ds = load_dataset(tmp_path)
    assert [a.id for a in ds.applications] == [apps[0]["id"], apps[2]["id"]]
    assert [(r.table, r.line, r.record_id) for r in ds.rejected if r.table == "applications"] == [
        ("applications", 2, apps[1]["id"])
    ]


def test_many_breaks_each_cost_only_their_element(tmp_path: Path) -> None:
    """Every other element broken in a 180-element array: every good one kept, each broken one named
    by its id and position (the file walked about once per break, not once per candidate line)."""
    n = 180
    rows = [json.dumps({**ITEMS[0], "code": f"I{i:05d}"}, ensure_ascii=False, indent=1) for i in range(n)]
    for i in range(1, n, 2):
        rows[i] = rows[i].replace(f'"code": "I{i:05d}",', f'"code": "I{i:05d}",,', 1)
    text = "[\n" + ",\n".join(rows) + "\n]"
    (tmp_path / "items.json").write_text(text, encoding="utf-8")
    ds = load_dataset(tmp_path)
    assert [i.code for i in ds.items] == [f"I{i:05d}" for i in range(0, n, 2)]
    assert [(r.line, r.record_id) for r in ds.rejected] == [(i + 1, f"I{i:05d}") for i in range(1, n, 2)]
    assert ds.records == n


# -- 2. a catalogue check as of a day outside the calendar --------------------------------------------------


@pytest.mark.parametrize("day", ["2037-01-04", "2205-09-01", "1999-12-31"])
def test_check_refuses_a_day_outside_the_calendar(tmp_path: Path, day: str) -> None:
    """``govhall audit --as-of 2205-09-01`` is refused (no deadline can be counted); ``govhall check``
    ran as of that day, judging which standards were in force by a mistyped year, and passed."""
    (tmp_path / "items.jsonl").write_bytes((EXAMPLE / "items.jsonl").read_bytes())
    err = one_line_error(runner.invoke(app, ["check", str(tmp_path / "items.jsonl"), "--as-of", day]))
    assert f"as_of {day} is outside the CN calendar's supported range 2004-01-01 .. 2036-12-31" in err, err
    ok = runner.invoke(app, ["check", str(tmp_path / "items.jsonl"), "--as-of", "2036-12-31", "-f", "json"])
    assert ok.exit_code in (0, 1) and json.loads(ok.stdout)["summary"]["records"] > 0, ok.output


def test_the_service_refuses_a_check_outside_the_calendar() -> None:
    from fastapi.testclient import TestClient

    from govhall.serve import Settings, create_app

    with TestClient(create_app(Settings(tick_seconds=0, live_engine="plain"))) as client:
        body = {"items": ITEMS}
        r = client.post("/v1/catalogue/check", json=body, params={"as_of": "2040-01-01"})
        assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json"), (
            r.text
        )
        assert r.json()["type"].endswith("/date-out-of-range") and "2040-01-01" in r.json()["detail"]
        assert (
            client.post("/v1/catalogue/check", json=body, params={"as_of": "2036-12-31"}).status_code == 200
        )


# -- 3. live: an id too long to hold ------------------------------------------------------------------------


APP = _rows("applications", 1)[0]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"table": "applications", **APP, "id": "A" * 100_000}, "id"),
        ({"application_id": "B" * 257, "kind": "accepted", "at": "2025-09-01T10:00:00"}, "application_id"),
        ({"complaint_id": "C1", "id": "E" * 5000, "kind": "responded", "at": "2025-09-01T10:00:00"}, "id"),
        ({"table": "applications", **APP, "item_code": "I" * 300}, "item_code"),
        (
            {
                "table": "applications",
                **APP,
                "events": [{"kind": "received", "at": "2025-09-01T09:00:00", "id": "E" * 999}],
            },
            "events.0.id",
        ),
    ],
    ids=["record id", "subject id", "event id", "reference", "embedded event id"],
)
def test_live_refuses_an_id_past_the_limit_and_keeps_the_event(
    tmp_path: Path, body: dict[str, Any], field: str
) -> None:
    """Live events accepted 100,000-character ids (held, journalled and indexed for as long as their
    subject lives); the loader's limits reject a record past them with the limit named. Such an id is
    now ``invalid``, naming the field, its length and the limit; the event is kept whole in the unknown
    events (lost to nothing), through a restart of the store; an id at the limit still passes."""
    from datetime import datetime

    from govhall.live import MAX_ID_CHARS, SimulatedClock, Supervisor

    store = tmp_path / "live.sqlite"
    sup = Supervisor(SimulatedClock(datetime(2025, 9, 1, 9, 0)), store=str(store))
    posted = sup.post(body)
    assert (posted.accepted, posted.reason) == (False, "invalid"), posted
    assert posted.detail is not None and posted.detail.startswith(f"{field}: an id of "), posted.detail
    assert f"over the limit of {MAX_ID_CHARS} (MAX_ID_CHARS)" in posted.detail and len(posted.detail) < 300
    sup.close()
    again = Supervisor(SimulatedClock(datetime(2025, 9, 1, 9, 0)), store=str(store))
    [kept] = again.unknown_events()
    whole = {k: v for k, v in body.items() if k != "table"}  # the table names the record's type
    assert kept.event == json.loads(json.dumps(whole)) and kept.reason == "invalid"
    at_limit = {"table": "applications", **APP, "id": "A" * MAX_ID_CHARS}
    del at_limit["events"]  # they name their owner, A-0001
    assert again.post(at_limit).accepted
    again.close()


# -- 4. govhall test: a broken case file among several ------------------------------------------------------

CASES = Path(__file__).resolve().parent / "standards" / "cases" / "gdzw-0020-2019-hall-closures.yaml"


def _cases_in(path: Path) -> int:
    import yaml

    return len(yaml.safe_load(path.read_text(encoding="utf-8"))["cases"])


@pytest.mark.parametrize("broken", ["cases: [\n", "nope: 1\n", None], ids=["not YAML", "bad key", "missing"])
def test_a_broken_case_file_does_not_stop_the_others(tmp_path: Path, broken: str | None) -> None:
    """One case file that could not be read stopped every file's cases (exit 2 before any ran). It is
    now reported (an ERROR line, ``errors`` in --json) and the other files' cases run; exit 2."""
    bad = tmp_path / "bad.yaml"
    if broken is not None:
        bad.write_text(broken, encoding="utf-8")
    result = runner.invoke(app, ["test", str(bad), str(CASES)])
    err = one_line_error(result)
    assert str(bad) in err and f"the {_cases_in(CASES)} case(s) of the other files ran" in err, err
    [error_line] = [x for x in result.stdout.splitlines() if x.startswith("ERROR")]
    assert str(bad) in error_line
    assert f"{_cases_in(CASES)} passed, 1 file error(s)" in result.stdout, result.stdout
    doc = json.loads(runner.invoke(app, ["test", "--json", str(bad), str(CASES)]).stdout)
    assert doc["passed"] == _cases_in(CASES) and [e["file"] for e in doc["errors"]] == [str(bad)]


def test_broken_case_files_only_are_one_line_as_before(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("cases: [\n", encoding="utf-8")
    err = one_line_error(runner.invoke(app, ["test", str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml")]))
    assert str(tmp_path / "a.yaml") in err and "(and 1 other case file(s) that cannot be read)" in err, err


def test_a_broken_case_file_on_stdin_is_named_stdin_not_its_temporary_copy() -> None:
    """``govhall test -`` named the temporary copy it reads stdin from (/tmp/govhall-cases-…)."""
    err = one_line_error(runner.invoke(app, ["test", "-"], input="cases: [\n"))
    assert err.startswith("govhall: error: <stdin>: not valid YAML") and "govhall-cases-" not in err, err


# -- 5. a pipe, a folder or a link loop given as a file -----------------------------------------------------


def _odd(tmp_path: Path, kind: str) -> tuple[Path, str]:
    """A path of ``kind`` and the words its refusal must hold."""
    import os

    if kind == "pipe":
        path = tmp_path / "pipe"
        os.mkfifo(path)
        return path, "not a regular file (a pipe or device?)"
    if kind == "folder":
        path = tmp_path / "folder"
        path.mkdir()
        return path, "a folder, not a file"
    path = tmp_path / "loop1"
    path.symlink_to(tmp_path / "loop2")
    (tmp_path / "loop2").symlink_to(path)
    return path, "a symbolic link loop"


@pytest.fixture
def unblock() -> Any:
    """Opens a pipe for writing after a while and closes it, so a command that waits on the pipe (the
    old behaviour) reads nothing and fails its assertions instead of hanging the suite."""
    import os
    import threading

    started: list[threading.Thread] = []

    def arm(path: Path) -> None:
        def write() -> None:
            fd = os.open(path, os.O_WRONLY)
            os.close(fd)

        t = threading.Timer(3.0, write)
        t.daemon = True
        t.start()
        started.append(t)

    yield arm
    for t in started:
        t.cancel()


OPTION_SITES = [
    (["deadline", "2025-09-01", "5个工作日", "--notices", "{}"], "--notices: "),
    (["deadline", "2025-09-01", "5个工作日", "--profile", "{}"], "--profile: "),
    (["calendar", "workday", "2025-09-01", "--profile", "{}"], "--profile: "),
    (["checklist", "--standard", "db23-hlj-2023", "--hall", "{}"], "--hall: "),
    (["audit", "--example", "--profile", "{}"], "--profile: "),
    (["screen", "{}"], ""),
    (["screen", "-", "--profile", "{}"], "--profile: "),
    (["test", "{}"], ""),
    (["live", "replay", "{}"], "EVENTS: "),
]


@pytest.mark.parametrize("kind", ["pipe", "folder", "loop"])
@pytest.mark.parametrize(("words", "option"), OPTION_SITES, ids=[" ".join(w[:2]) for w, _ in OPTION_SITES])
def test_a_file_argument_that_is_no_file_says_what_it_is(
    tmp_path: Path, unblock: Any, kind: str, words: list[str], option: str
) -> None:
    """``--profile PIPE`` said "no such file: PIPE" of a pipe that is there (a folder and a link loop
    too), and ``screen PIPE`` and ``test PIPE`` waited for ever on a pipe with no writer. Each is now
    named for what it is, as the dataset loader names it."""
    path, said = _odd(tmp_path, kind)
    if kind == "pipe":
        unblock(path)
    args = [w.replace("{}", str(path)) for w in words]
    complaint = (EXAMPLE / "complaints.jsonl").read_text(encoding="utf-8").splitlines()[0]
    err = one_line_error(runner.invoke(app, args, input=complaint))
    assert f"{option}{path}: {said}" in err, err


@pytest.mark.parametrize("kind", ["pipe", "folder"])
def test_serve_refuses_a_tokens_file_or_state_that_is_no_file(
    tmp_path: Path, unblock: Any, kind: str
) -> None:
    """``serve --tokens PIPE`` and ``--state PIPE`` waited for ever (SQLite on a pipe) before listening."""
    pytest.importorskip("fastapi")
    path, said = _odd(tmp_path, kind)
    if kind == "pipe":
        unblock(path)
    err = one_line_error(runner.invoke(app, ["serve", "--tokens", str(path)]))
    assert f"tokens file {path}: {said}" in err, err
    if kind == "pipe":  # a folder as --state is named already ("name the state file in it")
        unblock(path)
        err = one_line_error(runner.invoke(app, ["serve", "--state", str(path)]))
        assert f"--state: {path}: {said}" in err, err


# -- 6. an audit day at the calendar's end ------------------------------------------------------------------


def test_an_audit_at_the_calendars_last_day_is_no_rule_error() -> None:
    """``audit --example --as-of 2036-12-31`` (a day the calendar holds, so accepted) exited 3, "rule
    error": an application still paused counts its remaining 10 working days from the audit day, past
    the calendar's end. Such a subject is now a note naming the rule and the limit; the rest is judged."""
    result = runner.invoke(app, ["audit", "--example", "--as-of", "2036-12-31", "-f", "json"])
    assert result.exit_code == 1, result.output  # findings at error, as for any day of the example
    report = json.loads(result.stdout)
    assert [n for n in report["notes"] if n["kind"] == "rule_error"] == []
    [note] = [n for n in report["notes"] if "runs outside the working-day calendar" in n["message"]]
    assert note["rule_id"] == "db23-hlj-2023/promised-deadline" and note["count"] == 1, note
    assert "10个工作日" in note["message"] and "2036-12-31" in note["message"]
    assert report["summary"]["findings"]["error"] > 0


# -- 7. the Python API's days and lists -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "day"),
    [
        ("2025-11-30", "2025-11-30"),
        ("2025-11-30T10:00:00", "2025-11-30"),
        ("2025-11-30T20:00:00+00:00", "2025-12-01"),  # its day in Shanghai
    ],
)
def test_audit_and_load_dataset_read_a_day_given_as_text_or_datetime(given: str, day: str) -> None:
    """``audit(ds, as_of="2025-11-30")`` failed inside (``combine() argument 1 must be datetime.date,
    not str``), a datetime with ``can't compare datetime.datetime to datetime.date``; they are read as
    the command line and the service read them. The report's day is the one asked."""
    from datetime import date, datetime

    from govhall import audit, example_dir

    ds = load_dataset(example_dir())
    for value in (given, datetime.fromisoformat(given)):
        assert audit(ds, as_of=value).as_of == date.fromisoformat(day)
        assert load_dataset({"items": ITEMS[:1]}, as_of=value).as_of == date.fromisoformat(day)


@pytest.mark.parametrize("bad", [True, 20251130, "nope", "2025-02-30", 1.5])
def test_a_day_that_is_no_day_is_refused_naming_as_of(bad: Any) -> None:
    """``load_dataset(…, as_of=True)`` kept ``True`` as the dataset's day (and ``"nope"``)."""
    from govhall import audit
    from govhall.errors import DateError

    ds = load_dataset({"items": ITEMS[:1]})
    for call in (lambda: load_dataset({"items": ITEMS[:1]}, as_of=bad), lambda: audit(ds, as_of=bad)):
        with pytest.raises((TypeError, DateError), match="^as_of: "):
            call()


def test_a_moment_with_no_shanghai_date_is_a_date_error() -> None:
    """``to_local_datetime`` raised OverflowError for 9999-12-31T23:00Z (the year 10000 in Shanghai)."""
    from datetime import datetime, timezone

    from govhall.calendars import to_local_date, to_local_datetime
    from govhall.errors import DateError

    late = datetime(9999, 12, 31, 23, 0, tzinfo=timezone.utc)
    for f in (to_local_datetime, to_local_date):
        with pytest.raises(DateError, match="outside the years 0001-9999"):
            f(late)
    assert to_local_date(datetime(9999, 12, 31, 15, 0, tzinfo=timezone.utc)).year == 9999


@pytest.mark.parametrize(
    ("kw", "said"),
    [
        ({"pauses": "2025-09-02"}, "pauses: expected a list, got str"),
        ({"extensions": "5个工作日"}, "extensions: expected a list, got str"),
        ({"extensions": None}, "extensions: expected a list, got NoneType"),
        ({"calendar": "CN"}, "calendar: expected a WorkingCalendar"),
    ],
)
def test_due_date_refuses_a_text_where_a_list_goes(kw: dict[str, Any], said: str) -> None:
    """A text was read letter by letter: ``pauses="2025-09-02"`` said "a pause must be a (from, to)
    pair, got '2'"; ``extensions="5个工作日"`` "not a time limit: '5'"; ``calendar="CN"`` raised
    AttributeError."""
    from datetime import date

    from govhall import due_date

    with pytest.raises(TypeError, match=f"^{said}"):
        due_date(date(2025, 9, 1), "5个工作日", **kw)
    paused = due_date(date(2025, 9, 1), "5个工作日", pauses=iter([("2025-09-02", "2025-09-03")]))
    assert paused.due == date(2025, 9, 10)  # 2 working days paused: Monday 8 → Wednesday 10


# -- 8. load_dataset's odd paths and in-memory tables -------------------------------------------------------


def test_load_dataset_of_an_empty_path_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``load_dataset("")`` read the current folder as the dataset (``Path("")`` is ``.``): here, a
    folder holding a catalogue, which it loaded as if named."""
    from govhall.errors import MissingInputError

    (tmp_path / "items.jsonl").write_bytes((EXAMPLE / "items.jsonl").read_bytes())
    monkeypatch.chdir(tmp_path)
    with pytest.raises(MissingInputError, match="an empty path names no file or folder"):
        load_dataset("")


@pytest.mark.parametrize(
    ("path", "said"),
    [("a\x00b", "a path cannot hold a NUL character"), ("a" * 5000, "File name too long")],
    ids=["NUL", "too long"],
)
def test_load_dataset_of_an_impossible_path_names_it(tmp_path: Path, path: str, said: str) -> None:
    """A NUL raised ``ValueError: embedded null byte`` (naming no path), a name too long a bare
    ``OSError``; both are now an UnreadableInputError (a GovhallError) naming the path."""
    from govhall.errors import UnreadableInputError

    with pytest.raises(UnreadableInputError, match=said):
        load_dataset(str(tmp_path / path))


def test_a_table_given_as_a_tuple_is_read_as_a_list() -> None:
    """An in-memory table given as a tuple was refused: "must be a JSON array of records, not an array"."""
    ds = load_dataset({"items": tuple(ITEMS[:2])})
    assert [i.code for i in ds.items] == CODES[:2] and ds.rejected == []


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("items.yaml", "not .yaml"),
        ("items.yml", "not .yml"),
        ("items.jsonl.gz", "not .jsonl.gz (compressed: decompress it first)"),
        ("items.csv.zip", "not .csv.zip (compressed: decompress it first)"),
    ],
)
def test_a_table_file_in_a_format_not_read_is_named_not_skipped(tmp_path: Path, name: str, said: str) -> None:
    """``items.yaml`` and ``items.jsonl.gz`` in a dataset folder were skipped without a word (as
    ``items.xlsx`` was until round 6): a hall's whole catalogue missing from the audit. Each is now one
    rejection naming the file; ``hall.yaml`` (the hall's profile, by custom) is still left alone."""
    (tmp_path / "staff.jsonl").write_bytes((EXAMPLE / "staff.jsonl").read_bytes())
    (tmp_path / name).write_bytes(b"- code: X\n")
    (tmp_path / "hall.yaml").write_text("name: 某大厅\n", encoding="utf-8")
    ds = load_dataset(tmp_path)
    [rejected] = ds.rejected
    assert (rejected.table, rejected.line, rejected.source) == ("items", None, str(tmp_path / name))
    assert f"{name}: a table file is one of" in rejected.reason and said in rejected.reason, rejected.reason
    assert len(ds.staff) > 0


# -- 9. live: a number too long for Python's int conversion -------------------------------------------------


@pytest.mark.skipif(
    not hasattr(__import__("sys"), "get_int_max_str_digits"), reason="no digit limit before 3.11"
)
def test_live_names_an_integer_too_long_without_pythons_advice(tmp_path: Path) -> None:
    """A replayed line or a posted event holding a 5000-digit integer said "Exceeds the limit (4300
    digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit"
    (advice for a programmer, naming no field). It now says what the number is, and where."""
    from datetime import datetime

    from govhall.live import SimulatedClock, Supervisor

    ok = '{"application_id": "A-1", "kind": "accepted", "at": "2025-09-01T10:00:00"}'
    huge = (
        '{"application_id": "A-1", "kind": "accepted", "at": "2025-09-01T10:00:00", "x": ' + "7" * 5000 + "}"
    )
    (tmp_path / "ev.jsonl").write_text(f"{ok}\n{huge}\n{ok}\n", encoding="utf-8")
    result = runner.invoke(app, ["live", "replay", str(tmp_path / "ev.jsonl"), "--until", "2025-09-01T12:00"])
    out = result.stdout + result.stderr
    [line] = [x for x in out.splitlines() if x.startswith("line 2, application_id 'A-1' not posted")]
    assert "a JSON number of more digits than can be read (at most 4300 digits)" in line, line
    assert "sys.set_int_max_str_digits" not in out
    sup = Supervisor(SimulatedClock(datetime(2025, 9, 1, 9, 0)))
    posted = sup.post({**json.loads(ok), "x": [1, {"y": 10**5000}]})
    assert (posted.reason, posted.detail) == (
        "invalid",
        "x.1.y: an integer of more than 4300 digits, more than can be written as JSON text",
    ), posted


# -- 10. case files: a text where a list goes -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("pauses", '"2025-10-09:2025-10-10"'),
        ("extensions", "10个工作日"),
        ("closed", "2025-10-20"),
        ("open", "2025-10-11"),
    ],
)
def test_a_deadline_case_with_a_text_where_a_list_goes_is_a_case_file_error(
    tmp_path: Path, key: str, value: str
) -> None:
    """``pauses: "2025-10-09:2025-10-10"`` (one pause, not in a list) was read letter by letter: the
    case failed with "a pause must be a (from, to) pair, got ('2',)"; ``extensions: 10个工作日`` with
    "not a time limit: '1'". It is now a case-file error naming the case, its line and the fix."""
    case = tmp_path / "c.yaml"
    case.write_text(
        "cases:\n  - name: one pause\n"
        f"    deadline: {{start: 2025-09-26, limit: 20个工作日, {key}: {value}}}\n"
        "    expect: {due: 2025-11-18}\n",
        encoding="utf-8",
    )
    err = one_line_error(runner.invoke(app, ["test", str(case)]))
    assert f"c.yaml: case 1 (line 2): deadline '{key}' must be a list, even of one" in err, err


def test_a_dataset_case_that_could_not_fire_says_why(tmp_path: Path) -> None:
    """A case whose rule could not judge its subject (a limit past the calendar's end) failed with
    "did not fire" alone (before round 7 the audit's rule error was not shown either); the report's
    note about the rule is now part of the failure."""
    case = tmp_path / "c.yaml"
    case.write_text(
        "cases:\n  - name: oral correction at the calendar's end\n"
        "    rule: gdzw-0020-2019/written-correction-notice\n    expect: fires\n    as_of: 2036-12-31\n"
        "    data:\n"
        "      items: [{code: I1, name: x, type: 行政许可, department: D1, statutory_limit: 20个工作日}]\n"
        "      applications: [{id: A1, item_code: I1, received_at: 2036-12-30T09:00, events: [\n"
        "        {kind: correction_notice, at: 2036-12-30T10:00, written: false}]}]\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["test", str(case)])
    assert result.exit_code == 1, result.output
    [failed] = [x for x in result.stdout.splitlines() if x.startswith("FAILED")]
    assert "did not fire; the report notes: 1 subject(s) not judged by the rule" in failed, failed
    assert "5个工作日 counted from 2036-12-30" in failed


# -- 11. a dataset document broken inside one of its tables -------------------------------------------------


def _document(tmp_path: Path, old: str, new: str) -> tuple[Path, str]:
    staff = _rows("staff", 2)
    text = json.dumps({"as_of": "2025-11-30", "items": ITEMS, "staff": staff}, ensure_ascii=False, indent=2)
    assert text.count(old) == 1
    broken = text.replace(old, new)
    (tmp_path / "dataset.json").write_text(broken, encoding="utf-8")
    return tmp_path / "dataset.json", broken


@pytest.mark.parametrize("new", ['"code": %s,,', '"code": %s x,'], ids=["double comma", "stray word"])
def test_a_document_broken_inside_a_table_keeps_its_other_records_and_tables(
    tmp_path: Path, new: str
) -> None:
    """A dataset document with one stray comma in one record was refused whole ("not valid JSON",
    exit 2): every table lost. A break that leaves the quotes in step is now read table by table, the
    broken record rejected with the file's own line, and the rest kept."""
    code = json.dumps(CODES[1])
    path, text = _document(tmp_path, f'"code": {code},', new % code)
    ds = load_dataset(path)
    assert [i.code for i in ds.items] == [CODES[0], *CODES[2:]] and len(ds.staff) == 2
    assert str(ds.as_of) == "2025-11-30"
    [rejected] = ds.rejected
    line = next(i for i, x in enumerate(text.splitlines(), 1) if new.split("%s")[1] in x and code in x)
    assert (rejected.table, rejected.line, rejected.record_id) == ("items", 2, CODES[1]), rejected
    assert f"(file line {line}, column " in rejected.reason, (line, rejected.reason)


@pytest.mark.parametrize(
    ("old", "new"),
    [('"staff":', '"staff"'), ("__CODE__,", "__CODE_OPEN__,")],
    ids=["between the tables", "quotes out of step"],
)
def test_a_document_broken_elsewhere_is_still_refused_whole(tmp_path: Path, old: str, new: str) -> None:
    """Where the break is between the tables, or puts the quotes out of step (so where a table ends
    cannot be told), the document is refused as before, naming the line: nothing is guessed."""
    from govhall.errors import DatasetError

    code = json.dumps(CODES[1])
    old = old.replace("__CODE__", f'"code": {code}')
    new = new.replace("__CODE_OPEN__", f'"code": {code[:-1]}')
    path, _ = _document(tmp_path, old, new)
    # (quotes out of step inside a table name it since sweep9: "not valid JSON in the table 'items': …")
    with pytest.raises(DatasetError, match="not valid JSON( in the table '[a-z]+')?: .*line [0-9]+, column"):
        load_dataset(path)


# -- 12. an interpretation chosen twice -------------------------------------------------------------------


def test_an_interpretation_given_twice_two_ways_is_refused() -> None:
    """``--interpret timelimits.pause-mode=suspend --interpret timelimits.pause-mode=restart`` ran with
    the last one, unsaid (as a JSON key given twice would have been, which govhall refuses); the same
    value twice is harmless and still runs. The service answers 422 duplicate-key."""
    from fastapi.testclient import TestClient

    from govhall.errors import DuplicateKeyError
    from govhall.rules.interpretations import parse_choices
    from govhall.serve import Settings, create_app

    twice = ["timelimits.pause-mode=suspend", "timelimits.pause-mode=restart"]
    with pytest.raises(DuplicateKeyError, match="given twice, as 'suspend' and 'restart'"):
        parse_choices(twice)
    assert parse_choices([twice[0], twice[0]]) == {"timelimits.pause-mode": "suspend"}
    args = ["deadline", "2025-09-01", "5个工作日", "--interpret", twice[0], "--interpret", twice[1]]
    assert "timelimits.pause-mode is given twice" in one_line_error(runner.invoke(app, args))
    with TestClient(create_app(Settings(tick_seconds=0, live_engine="plain"))) as client:
        r = client.post(
            "/v1/audit",
            json={"items": ITEMS[:1]},
            params=[("as_of", "2025-11-30"), *(("interpret", t) for t in twice)],
        )
        assert r.status_code == 422 and r.json()["type"].endswith("/duplicate-key"), r.text


# -- 13. sizing: a ratio that is no number ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ratio", "said"),
    [
        ("", "ratio must be a number"),
        ("1/0", "ratio must be a number"),
        ("1e999999", "ratio is out of range"),
    ],
)
def test_staff_needed_refuses_a_ratio_that_is_no_number_with_a_value_error(ratio: str, said: str) -> None:
    """``staff_needed(10, "abc")`` raised ``decimal.InvalidOperation: [<class 'decimal.ConversionSyntax'>]``
    (no ValueError, no name); ``"1e999999"`` Python's "use sys.set_int_max_str_digits()" advice."""
    from decimal import Decimal

    from govhall import comprehensive_windows_needed, staff_needed

    with pytest.raises(ValueError, match=f"^{said}"):
        staff_needed(10, ratio)
    with pytest.raises(ValueError, match="^daily_cases is out of range"):
        comprehensive_windows_needed(Decimal("1e999999"))
    assert staff_needed(10, " 1.1 ") == 11 and staff_needed(3) == 4  # ceil(3 × 1.1) = ceil(3.3)


def test_calendar_overrides_refuse_one_day_not_in_a_list() -> None:
    """``with_overrides(closed="2025-09-02")`` was read letter by letter ("'2' is not an ISO 8601 date")."""
    from datetime import date

    from govhall import calendar

    cn = calendar("CN")
    for one in ("2025-09-02", date(2025, 9, 2)):
        with pytest.raises(TypeError, match="^closed: expected a list of days"):
            cn.with_overrides(closed=one)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="^open: expected a list of days"):
            cn.with_overrides(open=one)  # type: ignore[arg-type]
    assert not cn.with_overrides(closed=["2025-09-02"]).is_working_day(date(2025, 9, 2))  # a Tuesday, closed


@pytest.mark.parametrize("indent", [2, None], ids=["indented", "one line"])
def test_a_comma_missing_between_two_records_costs_no_record(tmp_path: Path, indent: int | None) -> None:
    """``}\\n  {`` with no comma between two whole records: "expected ',' or ']' after element 2; the
    rest of the file could not be read" lost every record after it. Both sides are whole, so the
    reader goes on; the break is one rejection of the file, naming the line, as a record may have
    been lost there."""
    text = json.dumps(ITEMS, ensure_ascii=False, indent=indent)
    end_of_second = text.index(json.dumps(CODES[2]))  # inside the third element
    comma = text.rindex(",", 0, text.rindex("{", 0, end_of_second))  # the comma before the third
    (tmp_path / "items.json").write_text(text[:comma] + text[comma + 1 :], encoding="utf-8")
    ds = load_dataset(tmp_path)
    assert [i.code for i in ds.items] == CODES
    [rejected] = ds.rejected
    assert rejected.line is None and "a ',' is missing between element 2 and element 3" in rejected.reason
    assert ds.records == len(CODES) + 1


@pytest.mark.parametrize(
    "words",
    [["example", "{}"], ["live", "replay", str(EXAMPLE / "applications.jsonl"), "--state", "{}"]],
    ids=["example OUT", "--state"],
)
def test_a_link_loop_is_named_a_loop_not_a_link_to_nothing(tmp_path: Path, words: list[str]) -> None:
    """``example LOOP`` and ``--state LOOP`` said "LOOP is a link to LOOP2, which does not exist" of two
    links pointing at each other (LOOP2 exists: it is a link)."""
    path, said = _odd(tmp_path, "loop")
    err = one_line_error(runner.invoke(app, [w.replace("{}", str(path)) for w in words]))
    assert f"{path}: {said}" in err and "does not exist" not in err, err


# -- 14. check: several catalogues refused ---------------------------------------------------------------


def test_two_refused_catalogues_are_one_line_on_stderr(tmp_path: Path) -> None:
    """``govhall check good.jsonl LOOP FOLDER`` wrote two lines on stderr (one per refused catalogue),
    where exit 2 is one line; a link loop was "no such file or folder". Each refusal is now an ERROR
    line among the reports on stdout, the run's one stderr line names the first and counts the others,
    and the good catalogue is still checked."""
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps(ITEMS[0], ensure_ascii=False) + "\n", encoding="utf-8")
    loop, said = _odd(tmp_path, "loop")
    folder = tmp_path / "nothing-here"
    folder.mkdir()
    result = runner.invoke(app, ["check", str(good), str(loop), str(folder), "--as-of", "2025-11-30"])
    err = one_line_error(result)
    assert f"{loop}: {said} (and 1 other catalogue(s) refused, see above)" in err, err
    errors = [x for x in result.stdout.splitlines() if x.startswith("ERROR ")]
    assert errors[0] == f"ERROR {loop}: {said}" and str(folder) in errors[1] and len(errors) == 2, errors
    assert str(good) in result.stdout


# -- 15. sanction_for's odd arguments ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("clause", "count", "said"),
    [
        ("gdzw-0020-2019:5.1.4", True, "prior_count must be a whole number, got True"),
        ("gdzw-0020-2019:5.1.4", 1.5, "prior_count must be a whole number, got 1.5"),
        (None, 1, "clause must be text"),
    ],
)
def test_sanction_for_refuses_a_count_or_clause_of_the_wrong_type(clause: Any, count: Any, said: str) -> None:
    """``sanction_for(clause, True)`` named the second breach's measure ("第2次"); ``1.5`` raised "tuple
    indices must be integers"; a clause of None "argument of type 'NoneType' is not iterable"."""
    from govhall import sanction_for

    with pytest.raises(TypeError, match=f"^{said}"):
        sanction_for(clause, count)
    # 5.1.4's ladder (谈话教育、通报批评、岗位调整): the first breach gets the first measure
    assert sanction_for("gdzw-0020-2019:5.1.4", 0).startswith("谈话教育")


def test_reading_past_breaks_stops_after_a_hundred(tmp_path: Path) -> None:
    """Each break costs a count of the file's lines (the json module's), so a file broken in every
    element cost the square of its size (21 MB broken 10,000 times: 65 s). After 100 breaks read past,
    the rest of the file is one rejection, as before round 7, and says why."""
    from govhall.loaders import _MAX_RESYNCS

    n = 2 * _MAX_RESYNCS + 50
    rows = [json.dumps({**ITEMS[0], "code": f"I{i:05d}"}, ensure_ascii=False, indent=1) for i in range(n)]
    for i in range(1, n, 2):
        rows[i] = rows[i].replace(f'"code": "I{i:05d}",', f'"code": "I{i:05d}",,', 1)
    (tmp_path / "items.json").write_text("[\n" + ",\n".join(rows) + "\n]", encoding="utf-8")
    ds = load_dataset(tmp_path)
    assert len(ds.items) == _MAX_RESYNCS + 1 and len(ds.rejected) == _MAX_RESYNCS + 1
    last = ds.rejected[-1]
    assert (last.line, last.record_id) == (2 * _MAX_RESYNCS + 2, f"I{2 * _MAX_RESYNCS + 1:05d}"), last
    assert last.reason.endswith(
        f"({_MAX_RESYNCS} broken elements before it were skipped: reading stops here)"
    )
