"""Hostile input at every entry point: each test here failed before the fix it names.

The contract (DESIGN, "Input data", "Command line", "HTTP service"): bad input gets a clear error
naming the field, record and line; bad records are reported, never dropped, never stop a batch; the
command line exits 2 with one line on stderr; nothing escapes as an internal error.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import typer.main
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from typer.testing import CliRunner

from govhall.cli import app
from govhall.loaders import load_dataset
from govhall.models import SHANGHAI, Complaint

runner = CliRunner()
EXAMPLE = Path(__file__).resolve().parents[1] / "src" / "govhall" / "data" / "example"


def one_line_error(result: Any) -> str:
    assert result.exit_code == 2, (result.exit_code, result.output)
    err = result.stderr
    assert err.count("\n") == 1 and err.startswith("govhall: error: "), err
    assert "Traceback" not in err and "internal error" not in err, err
    return err


def cli_parameters() -> list[tuple[list[str], Any]]:
    """(command words, click parameter) of every parameter of every command and subcommand."""
    found: list[tuple[list[str], Any]] = []

    def walk(command: Any, words: list[str]) -> None:
        found.extend((words, param) for param in command.params)
        for name, sub in (getattr(command, "commands", None) or {}).items():
            walk(sub, [*words, name])

    walk(typer.main.get_command(app), [])
    return found


def first_complaint() -> dict[str, Any]:
    return json.loads((EXAMPLE / "complaints.jsonl").read_text(encoding="utf-8").splitlines()[0])


# -- an aware timestamp whose Asia/Shanghai time is past year 1 or 9999 ------------------------------

# every offset a timestamp may carry (datetime allows up to ±23:59)
offsets = st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(
    lambda m: timezone(timedelta(minutes=m))
)
edge_days = st.sampled_from([datetime(1, 1, 1), datetime(9999, 12, 31)])
edge_times = st.builds(
    lambda day, minutes: day + timedelta(minutes=minutes), edge_days, st.integers(0, 24 * 60 - 1)
)


@settings(max_examples=60, deadline=None)
@given(when=edge_times, tz=offsets)
def test_an_aware_timestamp_at_the_ends_of_time_is_converted_or_refused_naming_the_field(
    when: datetime, tz: timezone
) -> None:
    """For every aware time in years 1 and 9999: either its Shanghai wall time, or a validation error
    on ``received_at`` — never an OverflowError (it was one: "date value out of range"). An offset no
    time zone has (outside -12:00..+14:00) is refused too (sweep9), naming the field."""
    aware = when.replace(tzinfo=tz)
    data = {**first_complaint(), "received_at": aware.isoformat()}
    try:
        shanghai = aware.astimezone(SHANGHAI).replace(tzinfo=None)
    except OverflowError:
        shanghai = None
    offset = aware.utcoffset()
    real = offset is not None and -12 * 60 <= offset.total_seconds() / 60 <= 14 * 60
    if shanghai is None or not real:
        with pytest.raises(ValidationError) as info:
            Complaint.model_validate(data)
        assert [e["loc"] for e in info.value.errors()] == [("received_at",)]
        assert aware.isoformat() in str(info.value)
    else:
        assert Complaint.model_validate(data).received_at == shanghai


def test_screen_with_a_timestamp_past_year_1_in_shanghai_is_one_line_naming_the_field(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_text(json.dumps({**first_complaint(), "received_at": "0001-01-01T00:00:00+14:00"}))
    err = one_line_error(runner.invoke(app, ["screen", str(path)]))
    assert "received_at" in err and "0001-01-01T00:00:00+14:00" in err


def test_a_record_with_such_a_timestamp_is_rejected_naming_record_field_and_line(tmp_path: Path) -> None:
    lines = (EXAMPLE / "applications.jsonl").read_text(encoding="utf-8").splitlines()[:3]
    second = json.loads(lines[1])
    second["events"][0]["at"] = "9999-12-31T23:59:59-12:00"
    lines[1] = json.dumps(second, ensure_ascii=False)
    for name in ("items", "staff", "windows"):
        (tmp_path / f"{name}.jsonl").write_bytes((EXAMPLE / f"{name}.jsonl").read_bytes())
    (tmp_path / "applications.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    ds = load_dataset(tmp_path)
    [rejected] = [r for r in ds.rejected if r.table == "applications"]
    assert (rejected.line, rejected.record_id, rejected.field) == (2, second["id"], "events.0.at")
    assert "9999-12-31T23:59:59-12:00" in rejected.reason and "OverflowError" not in rejected.reason
    assert len(ds.applications) == 2


# -- profiles, case files, catalogues: YAML a user wrote by hand ----------------------------------------


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("parameters: 5\n", "'parameters' must be a mapping"),  # was: AttributeError
        ("interpretations: [1]\n", "'interpretations' holds 1"),  # was: TypeError
        ("interpretations:\n  yousu-jiban.day-unit: [working_days]\n", "'interpretations' holds"),
        ("standards: gdzw-0020-2019\n", "'standards' must be a list"),  # was: one standard per letter
        ("calendar: [1]\n", "'calendar' must be a mapping"),
        ("calendar:\n  closed: [{date: 2025-02-30}]\n", "day is out of range for month"),  # was: no file
    ],
)
@pytest.mark.parametrize("command", ["audit", "checklist", "live"])
def test_a_profile_section_of_the_wrong_shape_is_one_line_naming_the_profile(
    tmp_path: Path, text: str, needle: str, command: str
) -> None:
    profile = tmp_path / "hall-profile.yaml"
    profile.write_text(text, encoding="utf-8")
    args = {
        "audit": ["audit", "--example", "--profile", str(profile)],
        "checklist": ["checklist", "--standard", "gdzw-0020-2019", "--hall", str(profile)],
        "live": ["live", "replay", str(EXAMPLE / "applications.jsonl"), "--profile", str(profile)],
    }[command]
    err = one_line_error(runner.invoke(app, args))
    assert "hall-profile.yaml" in err and needle in err


@pytest.mark.parametrize("command", [["audit", "--example"], ["deadline", "2025-01-01", "1天"]])
def test_a_profile_in_neither_utf8_nor_gb18030_names_the_file(tmp_path: Path, command: list[str]) -> None:
    profile = tmp_path / "hall-profile.yaml"
    profile.write_bytes(b"\xff\xfe\x00\x81 not text")
    err = one_line_error(runner.invoke(app, [*command, "--profile", str(profile)]))
    assert "hall-profile.yaml" in err and "neither UTF-8" in err


def test_a_gb18030_profile_is_read(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_bytes("name: 丰源县政务服务中心\ncalendar:\n  closed: ['2025-10-09']\n".encode("gb18030"))
    result = runner.invoke(app, ["calendar", "workday", "2025-10-09", "--profile", str(profile), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["working_day"] is False


def test_a_profile_names_its_notices_file_relative_to_itself_for_every_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``calendar.notices`` in a profile is next to the profile: ``deadline`` read it so, ``audit``
    looked for it in the current directory (and would have read another file of that name there)."""
    hall = tmp_path / "hall"
    hall.mkdir()
    (hall / "profile.yaml").write_text("calendar:\n  notices: [notice-2027.yaml]\n", encoding="utf-8")
    (hall / "notice-2027.yaml").write_text("year: 2027\nholidays: [{from: 2027-02-30}]\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    for args in (["deadline", "2027-01-04", "1天"], ["audit", "--example", "-o", str(tmp_path / "r.json")]):
        err = one_line_error(runner.invoke(app, [*args, "--profile", str(hall / "profile.yaml")]))
        assert "notice-2027.yaml: not valid YAML" in err and "no such file" not in err


@pytest.mark.parametrize(
    ("name", "content", "args"),
    [
        (  # a whole case: its own date no longer stops the file from being read (sweep14)
            "cases.yaml",
            "cases:\n  - {name: x, as_of: 2025-02-30, deadline: {start: 2025-09-01, limit: 1天}, expect: {due: x}}\n",
            ["test"],
        ),
        ("dataset.yaml", "as_of: 2025-02-30\nitems: []\n", ["audit"]),
    ],
)
def test_an_impossible_unquoted_date_in_yaml_is_one_line_naming_the_file(
    tmp_path: Path, name: str, content: str, args: list[str]
) -> None:
    """PyYAML raises a bare ValueError ("day is out of range for month") for 2025-02-30: it came out
    without the file's name, or (``check``) as "nested too deep"."""
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    err = one_line_error(runner.invoke(app, [*args, str(path)]))
    assert name in err and "nested too deep" not in err
    assert "day is out of range for month" in err or "2025-02 has 28 days (line 2," in err, err


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("abc", "a whole number >= 0"),  # was: the rule failed on the hall (exit 3)
        ("'1e400'", "a whole number >= 0"),  # was: a string, and the finding silently vanished
        (".nan", "a whole number >= 0"),
        ("-5", "a whole number >= 0"),
        ("2.5", "a whole number >= 0"),
        ("true", "a whole number >= 0"),
        ("{value: [30], citation: 本市细则}", "a whole number >= 0"),
    ],
)
def test_a_profile_parameter_of_the_wrong_kind_is_one_line_naming_it(
    tmp_path: Path, value: str, expected: str
) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(
        f"parameters:\n  dongguan-hall-2023.cases_per_window_per_day: {value}\n", encoding="utf-8"
    )
    err = one_line_error(runner.invoke(app, ["audit", "--example", "--profile", str(profile)]))
    assert "dongguan-hall-2023.cases_per_window_per_day" in err and expected in err


def test_a_limit_parameter_must_be_a_limit_text_and_any_readable_one_is_taken(tmp_path: Path) -> None:
    from govhall.errors import ProfileError
    from govhall.rules.parameters import default_parameters

    base = default_parameters()
    with pytest.raises(ProfileError, match="yousu-jiban.limit_general must be a time limit"):
        base.with_overrides({"yousu-jiban.limit_general": "3 fortnights"}, "p")
    with pytest.raises(ProfileError, match="must be a text"):
        base.with_overrides({"yousu-jiban.limit_general": 3}, "p")
    taken = base.with_overrides(
        {"yousu-jiban.limit_general": "3个工作日", "dongguan-hall-2023.staff_per_window": 1}, "p"
    )
    assert taken.get("yousu-jiban.limit_general").value == "3个工作日"
    assert taken.get("dongguan-hall-2023.staff_per_window").value == 1


# -- --as-of past the calendar ---------------------------------------------------------------------------


@pytest.mark.parametrize("day", ["0001-01-01", "2003-12-31", "2037-01-01", "9999-12-31"])
def test_an_as_of_outside_the_calendar_is_one_line_not_a_run_of_rule_errors(day: str) -> None:
    """Every open case is judged as of that day; no deadline can be counted there. It was exit 3 with a
    'rule error' line per rule that counted one (and a partial report)."""
    result = runner.invoke(app, ["audit", "--example", "--as-of", day])
    err = one_line_error(result)
    assert f"as_of {day}" in err and "supported range" in err and "rule error" not in err


def test_the_api_refuses_such_an_as_of_as_a_calendar_range_error() -> None:
    from datetime import date

    from govhall import audit
    from govhall.errors import CalendarRangeError

    ds = load_dataset(EXAMPLE)
    with pytest.raises(CalendarRangeError, match="as_of 2040-01-01"):
        audit(ds, as_of=date(2040, 1, 1))


# -- the live supervisor: an event sent twice ----------------------------------------------------------


def _live_with_application() -> Any:
    from datetime import datetime

    from govhall.live import MemoryStore, SimulatedClock, Supervisor

    # 11:00: after every visit (10:00-10:59) is posted, as what has happened (FUTURE_TOLERANCE)
    sup = Supervisor(SimulatedClock(datetime(2025, 11, 3, 11, 0)), MemoryStore(), engine="plain", rules=[])
    sup.post({"table": "items", "code": "I1", "name": "某许可", "type": "行政许可", "department": "D1"})
    sup.post({"table": "applications", "id": "A1", "item_code": "I1", "received_at": "2025-11-03T09:00"})
    return sup


visit_events = st.lists(
    st.builds(
        lambda n, minute: {
            "id": f"E{n}",
            "application_id": "A1",
            "kind": "visit",
            "at": f"2025-11-03T10:{minute:02d}",
        },
        st.integers(1, 4),
        st.integers(0, 59),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=25, deadline=None)
@given(events=visit_events, data=st.data())
def test_an_event_posted_again_is_held_once_and_a_different_one_with_its_id_is_recorded(
    events: list[dict[str, Any]], data: st.DataObject
) -> None:
    """At-least-once feeders resend an event whose acknowledgement they missed. The supervisor appended
    it again (two visits where there was one: what 最多跑一次 counts), where the batch loader rejects a
    duplicate event id. Law: the held history has each event id once, the first posted version of it;
    an exact resend is accepted and changes nothing; another event under a held id is recorded as
    invalid naming the id — nothing posted is dropped unreported."""
    sup = _live_with_application()
    resent = data.draw(st.lists(st.sampled_from(events), max_size=4))
    first: dict[str, dict[str, Any]] = {}
    for ev in [*events, *resent]:
        posted = sup.post(ev)
        kept = first.setdefault(ev["id"], ev)
        if kept == ev:
            assert posted.accepted, posted
        else:
            assert not posted.accepted and posted.reason == "invalid"
            [note] = [u for u in sup.unknown_events() if u.seq == posted.seq]
            assert ev["id"] in note.detail and "duplicate event id" in note.detail
    [app_] = sup.subjects("application")
    held = {e.id: e.at.strftime("%Y-%m-%dT%H:%M") for e in app_.events if e.kind == "visit"}
    assert len([e for e in app_.events if e.kind == "visit"]) == len(held)
    assert held == {k: v["at"] for k, v in first.items()}


def test_an_early_event_whose_id_the_arriving_record_holds_otherwise_is_recorded_not_lost() -> None:
    from datetime import datetime

    from govhall.live import MemoryStore, SimulatedClock, Supervisor

    sup = Supervisor(SimulatedClock(datetime(2025, 11, 3, 11, 0)), MemoryStore(), engine="plain", rules=[])
    sup.post({"table": "items", "code": "I1", "name": "某许可", "type": "行政许可", "department": "D1"})
    early = sup.post({"id": "E1", "application_id": "A1", "kind": "visit", "at": "2025-11-03T10:00"})
    same = sup.post({"id": "E2", "application_id": "A1", "kind": "visit", "at": "2025-11-03T11:00"})
    assert early.reason == same.reason == "held"
    sup.post(
        {"table": "applications", "id": "A1", "item_code": "I1", "received_at": "2025-11-03T09:00",
         "events": [{"id": "E1", "kind": "visit", "at": "2025-11-03T10:30"},
                    {"id": "E2", "kind": "visit", "at": "2025-11-03T11:00"}]}
    )  # fmt: skip
    [app_] = sup.subjects("application")
    assert sorted((e.id, e.at.minute) for e in app_.events) == [("E1", 30), ("E2", 0)]
    [note] = sup.unknown_events()
    assert note.seq == early.seq and note.reason == "invalid" and "'E1'" in note.detail


def _stream(tmp_path: Path, *lines: Any) -> Path:
    base = [
        {"table": "items", "code": "I1", "name": "某许可", "type": "行政许可", "department": "D1"},
        {"table": "applications", "id": "A1", "item_code": "I1", "received_at": "2025-11-03T09:00"},
    ]
    path = tmp_path / "events.jsonl"
    path.write_text(
        "\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in [*base, *lines]),
        encoding="utf-8",
    )
    return path


def test_replay_names_the_line_of_each_event_it_could_not_use(tmp_path: Path) -> None:
    """Invalid events were reported with the supervisor's sequence number only: posting order (sorted
    by time, reference records first) is not the file's order, so the line was lost."""
    path = _stream(
        tmp_path,
        {"application_id": "A1", "kind": "visit", "at": "2025-11-03T12:00"},
        "not json",
        {"application_id": "A1", "kind": "teleported", "at": "2025-11-03T10:00"},
        {"application_id": "A1", "kind": "visit", "at": "2025-02-30T10:00"},
        [1, 2],
    )
    result = runner.invoke(app, ["live", "replay", str(path), "--engine", "plain", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert [b["line"] for b in doc["rejected_lines"]] == [4]
    by_line = {u["line"]: u["reason"] for u in doc["unknown_events"]}
    assert by_line == {5: "unknown_kind", 6: "invalid", 7: "invalid"}  # 7, a list, is no object
    text = runner.invoke(app, ["live", "replay", str(path), "--engine", "plain"]).stdout
    assert "(line 5, " in text and "(line 6, " in text and "(line 7, " in text


def test_replay_of_an_event_on_the_last_day_there_is_is_one_line_not_an_overflow(tmp_path: Path) -> None:
    path = _stream(tmp_path, {"application_id": "A1", "kind": "visit", "at": "9999-12-31T23:59:59"})
    err = one_line_error(runner.invoke(app, ["live", "replay", str(path), "--engine", "plain"]))
    assert "ticks" in err and "--max-ticks" in err and "OverflowError" not in err


def test_a_state_path_holding_another_applications_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    """``--state`` on some other program's SQLite file: govhall switched it to WAL and added its seven
    tables to it, then ran as if it were a new state."""
    import sqlite3

    other = tmp_path / "accounts.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE ledger (id INTEGER PRIMARY KEY, amount TEXT)")
    conn.execute("INSERT INTO ledger (amount) VALUES ('12.50')")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    stream = _stream(tmp_path)
    err = one_line_error(
        runner.invoke(app, ["live", "replay", str(stream), "--engine", "plain", "--state", str(other)])
    )
    assert "accounts.db" in err and "ledger" in err
    assert other.read_bytes() == before and not (tmp_path / "accounts.db-wal").exists()


def test_a_state_database_govhall_created_is_opened_again(tmp_path: Path) -> None:
    state = tmp_path / "live.db"
    stream = _stream(tmp_path, {"application_id": "A1", "kind": "visit", "at": "2025-11-03T12:00"})
    for _ in range(2):
        result = runner.invoke(
            app, ["live", "replay", str(stream), "--engine", "plain", "--state", str(state)]
        )
        assert result.exit_code == 0, result.output


# -- standard input ----------------------------------------------------------------------------------


def test_screen_reads_a_gb18030_complaint_from_stdin_as_it_reads_one_from_a_file(tmp_path: Path) -> None:
    """``screen c.json`` read GB18030; ``screen - < c.json`` decoded stdin by the locale and fed the
    validator broken text ("unable to parse raw data as a unicode string" on every Chinese field)."""
    data = json.dumps(first_complaint(), ensure_ascii=False).encode("gb18030")
    path = tmp_path / "c.json"
    path.write_bytes(data)
    from_file = runner.invoke(app, ["screen", str(path), "--json"])
    from_stdin = runner.invoke(app, ["screen", "-", "--json"], input=data)
    assert from_file.exit_code == from_stdin.exit_code == 0, from_stdin.output
    assert json.loads(from_stdin.stdout) == json.loads(from_file.stdout)
    err = one_line_error(runner.invoke(app, ["screen", "-"], input=b"\xff\xfe\x80 not text"))
    assert "<stdin>" in err and "not UTF-8 or GB18030" in err


@pytest.mark.parametrize(
    ("command", "data"),
    [(["audit", "-"], b"\xff\xfe\x80"), (["check", "-"], b"\xff\xfe\x80"), (["audit", "-"], b'{"items": [')],
)
def test_bad_standard_input_is_named_stdin_not_a_temporary_file(command: list[str], data: bytes) -> None:
    err = one_line_error(runner.invoke(app, command, input=data))
    assert "<stdin>" in err and "govhall-stdin-" not in err


def test_a_truncated_catalogue_on_standard_input_is_read_item_by_item_naming_stdin() -> None:
    """``check -`` of ``[1,2`` (cut off): each element is its own rejection, as ``audit`` reads the same
    file (sweep 9 made ``check`` read a broken catalogue item by item; it was refused whole), and every
    rejection names ``<stdin>``, never the temporary file the input was spooled to."""
    result = runner.invoke(app, ["check", "-"], input=b"[1,2")
    assert result.exit_code == 1, result.output
    rejected = [line for line in result.output.splitlines() if line.lstrip().startswith("items ")]
    assert len(rejected) == 3, result.output
    assert all("of <stdin>" in line for line in rejected), rejected
    assert "govhall-stdin-" not in result.output
    assert "without the closing ']'" in rejected[-1]


@pytest.mark.parametrize(("n", "words"), [(1, "1 working day after"), (2, "2 working days after")])
def test_counting_past_the_calendar_says_how_many_days_in_english(n: int, words: str) -> None:
    """It said "the 1th working day after 2036-12-31" (and 2th, 3th)."""
    from datetime import date

    from govhall import calendar
    from govhall.errors import CalendarRangeError

    with pytest.raises(CalendarRangeError, match=words) as info:
        calendar("CN").add_working_days(date(2036, 12, 31), n)
    assert "th working day" not in str(info.value)


# -- govhall example OUT -------------------------------------------------------------------------------


def test_example_never_writes_over_a_folder_of_someone_s_own_data(tmp_path: Path) -> None:
    """``govhall example my-hall`` replaced the hall's own applications.jsonl with the example's."""
    mine = tmp_path / "my-hall"
    mine.mkdir()
    (mine / "applications.jsonl").write_text('{"id": "MY-1"}\n', encoding="utf-8")
    err = one_line_error(runner.invoke(app, ["example", str(mine)]))
    assert "applications.jsonl" in err and "new or empty folder" in err
    assert (mine / "applications.jsonl").read_text(encoding="utf-8") == '{"id": "MY-1"}\n'
    a_file = tmp_path / "report.json"
    a_file.write_text("{}", encoding="utf-8")
    assert "is not a folder" in one_line_error(runner.invoke(app, ["example", str(a_file)]))


def test_example_writes_into_a_new_an_empty_or_an_earlier_example_folder(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    for out in (tmp_path / "new", empty, tmp_path / "new"):  # the last: again over its own output
        result = runner.invoke(app, ["example", str(out)])
        assert result.exit_code == 0, result.output
        assert (out / "planted.yaml").is_file()


# -- govhall test: a deadline case's interpretations ----------------------------------------------------


@pytest.mark.parametrize("reading", ["suspend", "restart"])
def test_a_deadline_case_is_computed_with_its_interpretation_as_govhall_deadline_does(
    tmp_path: Path, reading: str
) -> None:
    """A deadline case's ``interpretations`` were ignored: the due date was the default reading's
    whatever the case chose, so a case could pass for the wrong reason (or a typo pass silently)."""
    args = ["2025-09-26", "20个工作日", "--pause", "2025-10-09:2025-10-10"]
    cli = runner.invoke(app, ["deadline", *args, "--interpret", f"timelimits.pause-mode={reading}", "--json"])
    due = json.loads(cli.stdout)["due"]
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "cases:\n  - name: pause\n"
        "    deadline: {start: 2025-09-26, limit: 20个工作日, pauses: ['2025-10-09:2025-10-10']}\n"
        f"    interpretations: {{timelimits.pause-mode: {reading}}}\n"
        f"    expect: {{due: '{due}'}}\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["test", str(cases), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["passed"] == 1


@pytest.mark.parametrize(
    ("chosen", "needle"),
    [
        ("{timelimits.pause-mode: bogus}", "not one of"),
        ("{yousu-jiban.day-unit: working_days}", "does not apply to deadlines"),
        ("{no-such.reading: x}", "unknown interpretation"),
    ],
)
def test_a_deadline_case_naming_a_reading_it_cannot_use_fails_with_the_reason(
    tmp_path: Path, chosen: str, needle: str
) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "cases:\n  - name: x\n    deadline: {start: 2025-09-26, limit: 1天}\n"
        f"    interpretations: {chosen}\n    expect: {{due: '2025-09-28'}}\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["test", str(cases), "--json"])
    assert result.exit_code == 1, result.output
    [case] = json.loads(result.stdout)["cases"]
    assert not case["passed"] and needle in case["message"]


def test_case_interpretations_that_are_not_a_mapping_are_a_case_file_error(tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "cases:\n  - name: x\n    deadline: {start: 2025-09-26, limit: 1天}\n"
        "    interpretations: [timelimits.pause-mode=restart]\n    expect: {due: '2025-09-28'}\n",
        encoding="utf-8",
    )
    err = one_line_error(runner.invoke(app, ["test", str(cases)]))
    assert "cases.yaml" in err and "line 2" in err and "'interpretations' must be a mapping" in err


@pytest.mark.parametrize(
    ("profile", "needle"),
    [("missing.yaml", "profile missing.yaml: no such file"), ("[1]", "'profile' must be a file name")],
)
def test_a_case_file_s_profile_that_is_missing_or_no_path_is_one_line_naming_the_case_file(
    tmp_path: Path, profile: str, needle: str
) -> None:
    """It was 'cases.yaml .' on stdout and then '<dir>/missing.yaml: No such file or directory', or
    for a list '<dir>/[1]: No such file or directory'."""
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        f"profile: {profile}\ncases:\n  - name: x\n    deadline: {{start: 2025-09-26, limit: 1天}}\n"
        "    expect: {due: '2025-09-28'}\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["test", str(cases)])
    err = one_line_error(result)
    assert "cases.yaml" in err and needle in err and result.stdout == ""


# -- messages in the words of JSON -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "words"),
    [("null", "got null"), ("[]", "got an array"), ('"x"', "got a string"), ("1", "got a number")],
)
def test_screen_names_what_it_got_in_json_words(tmp_path: Path, document: str, words: str) -> None:
    """It said 'got a JSON NoneType' / 'list' / 'str' / 'int'."""
    path = tmp_path / "c.json"
    path.write_text(document, encoding="utf-8")
    err = one_line_error(runner.invoke(app, ["screen", str(path)]))
    assert words in err and "NoneType" not in err


def test_loader_rejections_name_json_types_and_the_hall_s_own_shape() -> None:
    ds = load_dataset({"as_of": "2025-10-01", "applications": [None, 1, "x", []], "hall": "x", "items": 5})
    reasons = {(r.table, r.line): r.reason for r in ds.rejected}
    assert reasons[("applications", 1)] == "the record is not a JSON object (got null)"
    assert reasons[("applications", 4)] == "the record is not a JSON object (got an array)"
    assert (
        reasons[("hall", None)] == "the hall table must be a JSON object (or an array of one), not a string"
    )
    assert reasons[("items", None)] == "the items table must be a JSON array of records, not a number"
    assert ds.records == ds.audited + len(ds.rejected)


# -- CSV: a missing header, a BOM on a later line --------------------------------------------------


ROW = "W-1,H,comprehensive,窗口1,D,750\n"
HEADER = "id,hall_id,kind,name,department,counter_height_mm\n"


def _csv_dataset(tmp_path: Path, text: str) -> Any:
    (tmp_path / "windows.csv").write_text(text, encoding="utf-8")
    return load_dataset(tmp_path, as_of=__import__("datetime").date(2025, 10, 1))


@pytest.mark.parametrize("text", [ROW, ",,,\n" + ROW, ROW + ROW.replace("W-1", "W-2")])
def test_a_csv_without_its_header_loses_no_row(tmp_path: Path, text: str) -> None:
    """The first row was taken as the header and vanished: one data row gave 0 records, 0 rejected."""
    ds = _csv_dataset(tmp_path, text)
    rows = text.count("W-")
    assert ds.records == rows and len(ds.rejected) == rows and ds.audited == 0
    assert "is the header missing?" in ds.rejected[0].reason
    assert ds.rejected[0].line == text.splitlines().index(ROW.strip()) + 1


def test_a_bom_at_the_start_of_a_later_csv_line_is_not_part_of_the_id(tmp_path: Path) -> None:
    """Two files concatenated, the second with its BOM: the id was '\\ufeffW-2', which nothing matches
    (a BOM on a later jsonl line was already dropped)."""
    ds = _csv_dataset(tmp_path, HEADER + ROW + "\ufeff" + ROW.replace("W-1", "W-2"))
    assert [w.id for w in ds.windows] == ["W-1", "W-2"] and not ds.rejected


# -- the loader's law over hostile values, in every text format ---------------------------------------

HOSTILE_VALUES = st.sampled_from(
    [
        None, [], {}, "", "\u3000", True, 0, -1, 1.5, 10**30, float("nan"), float("inf"), "NaN", "1e400",
        "2025-02-30", "2025-09-01T24:00:00", "2025-12-31T23:59:60", "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59-12:00", "２０２５-０９-０１", "\u3000行政许可\u3000", "ADMINISTRATIVE_LICENSING",
        "20个工作日", "-3日", "\ufeffX", "\x00", "a" * 3000, [[[[[[1]]]]]], {"a": {"b": 1}},
    ]
)  # fmt: skip


def _small_tables() -> dict[str, list[dict[str, Any]]]:
    def rows(table: str, n: int) -> list[dict[str, Any]]:
        lines = (EXAMPLE / f"{table}.jsonl").read_text(encoding="utf-8").splitlines()[:n]
        return [json.loads(line) for line in lines]

    apps = rows("applications", 4)
    codes = {a["item_code"] for a in apps}
    items = [i for i in rows("items", 40) if i["code"] in codes]
    return {"items": items, "staff": rows("staff", 40), "windows": rows("windows", 20), "applications": apps}


SMALL = _small_tables()


@settings(max_examples=20, deadline=None)
@given(data=st.data(), value=HOSTILE_VALUES)
def test_one_hostile_value_anywhere_is_one_rejection_the_same_in_json_and_jsonl(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject, value: Any
) -> None:
    """Law: a hostile value in one field of one record never stops the load nor vanishes; the record
    is rejected (or accepted) the same way whether the table is a JSON array or JSON lines, each
    rejection names its line, and records == audited + rejected."""
    import copy

    tables = copy.deepcopy(SMALL)
    table = data.draw(st.sampled_from(sorted(tables)))
    index = data.draw(st.integers(0, len(tables[table]) - 1))
    record = tables[table][index]
    record[data.draw(st.sampled_from([*sorted(record), "zzz"]))] = value
    outcome = {}
    for kind in ("jsonl", "json"):
        folder = tmp_path_factory.mktemp(kind)
        (folder / "meta.json").write_text('{"as_of": "2025-10-31"}', encoding="utf-8")
        for name, rows in tables.items():
            if kind == "jsonl":
                text = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n"
            else:
                text = json.dumps(rows, ensure_ascii=False, indent=1)
            (folder / f"{name}.{kind}").write_text(text, encoding="utf-8")
        ds = load_dataset(folder)
        assert ds.records == ds.audited + len(ds.rejected)
        assert all(r.line is not None and r.reason for r in ds.rejected)
        # the shape of each rejection: where it is, which record, which field, what the reason is about
        # (pydantic words a few reasons differently for JSON text and for parsed values)
        about = [r.reason.replace(f".{kind}", ".<file>").split(":")[0] for r in ds.rejected]
        outcome[kind] = [
            (r.table, r.line, r.record_id, r.field, a) for r, a in zip(ds.rejected, about, strict=True)
        ]
    assert outcome["jsonl"] == outcome["json"]


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("applicant", None, "applicant: input should be an object"),
        ("events", None, "events: input should be a valid array"),
    ],
)
def test_a_nested_value_of_the_wrong_type_reads_the_same_from_jsonl_and_from_a_json_array(
    tmp_path: Path, field: str, value: Any, words: str
) -> None:
    """The same bad value said 'input should be an object' / 'a valid array' from a jsonl line but
    'a valid dictionary or instance of Applicant' / 'a valid list' from a .json array."""
    record = {**SMALL["applications"][0], field: value}
    reasons = []
    for kind, text in (("jsonl", json.dumps(record) + "\n"), ("json", json.dumps([record]))):
        folder = tmp_path / kind
        folder.mkdir()
        (folder / f"applications.{kind}").write_text(text, encoding="utf-8")
        (folder / "items.jsonl").write_text(
            "\n".join(json.dumps(i) for i in SMALL["items"]), encoding="utf-8"
        )
        [rejected] = load_dataset(folder).rejected
        reasons.append(rejected.reason)
    assert reasons[0] == reasons[1] and reasons[0].startswith(words)


# -- interpretation readings in any case -----------------------------------------------------------


@given(
    name=st.sampled_from(["yousu-jiban.day-unit", "YOUSU-JIBAN.DAY-UNIT", " Yousu-Jiban.Day-Unit "]),
    spelling=st.sampled_from(
        ["working_days", "Working_Days", "WORKING-DAYS", " working-days ", "Working Days"]
    ),
)
@settings(max_examples=15, deadline=None)
def test_a_reading_is_known_whatever_its_case_as_enum_values_are(name: str, spelling: str) -> None:
    """'--interpret yousu-jiban.day-unit=Working_Days' was refused, where the data's enum values
    ('HOTLINE_12345', 'Administrative-Licensing') are read in any case."""
    from govhall.rules.interpretations import parse_choices
    from govhall.standards import load_all

    load_all()
    assert parse_choices([f"{name}={spelling}"]) == {"yousu-jiban.day-unit": "working_days"}


def test_a_reading_that_is_no_alternative_in_any_case_is_still_refused() -> None:
    from govhall.errors import UnknownInterpretationError
    from govhall.rules.interpretations import parse_choices
    from govhall.standards import load_all

    load_all()
    with pytest.raises(UnknownInterpretationError, match="'workingdays' is not one of"):
        parse_choices(["yousu-jiban.day-unit=workingdays"])


@pytest.mark.parametrize(
    ("calendar_yaml", "needle"),
    [
        ("calendar:\n  closed: ['9999-12-31']\n", "outside the CN calendar"),
        ("calendar:\n  closed: [{date: '2025-10-09', reason: [1]}]\n", "the reason must be a text"),
        ("calendar:\n  base: XX\n", "unknown calendar 'XX'"),
    ],
)
@pytest.mark.parametrize("command", ["audit", "live"])
def test_a_bad_calendar_section_names_the_profile_in_audit_and_live(
    tmp_path: Path, calendar_yaml: str, needle: str, command: str
) -> None:
    """audit and live said 'profile: bad calendar override: …' without the file (and for a list as
    the reason, pydantic's whole error with its URL)."""
    profile = tmp_path / "hall-profile.yaml"
    profile.write_text(calendar_yaml, encoding="utf-8")
    args = {
        "audit": ["audit", "--example", "--profile", str(profile)],
        "live": ["live", "replay", str(_stream(tmp_path)), "--engine", "plain", "--profile", str(profile)],
    }[command]
    err = one_line_error(runner.invoke(app, args))
    assert "hall-profile.yaml" in err and needle in err and "errors.pydantic.dev" not in err


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (a device that is always full)")
@pytest.mark.parametrize(
    "args", [["audit", "--example"], ["standards", "export", "--oscal", "gdzw-0020-2019"]]
)
def test_an_output_file_that_cannot_be_written_is_named(args: list[str]) -> None:
    """'--output: [Errno 28] No space left on device' (audit) and the same without '--output' (export)
    did not say which file."""
    err = one_line_error(runner.invoke(app, [*args, "-o", "/dev/full"]))
    assert "--output: /dev/full: No space left on device" in err
