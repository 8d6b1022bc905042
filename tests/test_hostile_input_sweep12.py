"""Hostile input, twelfth sweep: what the eleventh noticed and left, then a fresh sweep over every entry
point. Each test failed before its fix; each hostile form is refused or named (field, record and line),
the CLI exits 2 with one line, the service answers problem+json."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from govhall.cli import app
from test_hostile_input import one_line_error
from test_hostile_input_sweep9 import ALL_ITEMS, APP

runner = CliRunner()


# == 1. a bool is no amount of a time limit ===============================================================


@pytest.mark.parametrize("value", [True, False])
def test_a_time_limit_refuses_a_boolean_amount(value: bool) -> None:
    """``TimeLimit(amount=True, unit="working_day")`` was 1个工作日 (pydantic's lax int reads True as 1,
    False as 0): a yes/no is no count of days. A whole number, and its text, still read."""
    from pydantic import ValidationError

    from govhall.timelimits import TimeLimit

    with pytest.raises(ValidationError, match=r"an amount is a whole number, not a boolean"):
        TimeLimit(amount=value, unit="working_day")
    assert TimeLimit(amount=1, unit="working_day").amount == 1
    assert TimeLimit.model_validate({"amount": "3", "unit": "calendar_day"}).amount == 3


# == 2. a rejected record is named by the id the model would hold ========================================


@pytest.mark.parametrize("char", ["\x1c", "\x1d", "\x1e", "\x1f"])
def test_a_rejected_record_is_named_by_the_id_its_model_keeps(char: str) -> None:
    """An id ending in an information separator (U+001C-U+001F) is kept by the model (pydantic strips
    Unicode's White_Space, which they are not), but Python's ``str.strip()`` took it off when naming a
    rejected record: ``A1\\x1f`` accepted as ``A1\\x1f``, rejected as ``A1``, a record no one could find
    by the id it holds. Both name it alike now."""
    from govhall.loaders import load_dataset

    bad_id = f"A1{char}"
    good = {**APP, "id": bad_id}
    bad = {**APP, "id": bad_id + "x"[:0], "received_at": "nope"}
    ds = load_dataset({"items": ALL_ITEMS, "applications": [good]})
    assert [a.id for a in ds.applications] == [bad_id]  # what the model keeps
    ds = load_dataset({"items": ALL_ITEMS, "applications": [bad]})
    [rejected] = ds.rejected
    assert (rejected.record_id, rejected.field, rejected.line) == (bad_id, "received_at", 1), rejected


@pytest.mark.parametrize("char", ["\u2028", "\u0085", "\u3000"])
def test_white_space_the_model_strips_is_stripped_from_the_name_too(char: str) -> None:
    """U+2028, U+0085 and U+3000 at an id's end are Unicode white space: the model strips them (the
    record is ``A1``), so the rejection names ``A1``, the id the record holds (left as it was)."""
    from govhall.loaders import load_dataset

    ds = load_dataset(
        {
            "items": ALL_ITEMS,
            "applications": [{**APP, "id": f"A1{char}"}, {**APP, "id": f"A1{char}", "received_at": "x"}],
        }
    )
    assert [a.id for a in ds.applications] == ["A1"]
    assert [r.record_id for r in ds.rejected] == ["A1"]


def test_a_csv_cell_is_stripped_as_a_json_value_is(tmp_path: Path) -> None:
    """A CSV cell was stripped with ``str.strip()``, a JSON value by the model: ``A1\\x1f`` in a CSV file
    was the id ``A1``, in a JSON file ``A1\\x1f``, so the same table read two ways."""
    from govhall.loaders import load_dataset

    (tmp_path / "items.csv").write_text(
        "code,name,type,department\nY-1\x1f,食品,行政许可,市场监管局\nY-2\x1f,餐饮,nope,市场监管局\n",
        encoding="utf-8",
    )
    ds = load_dataset(tmp_path)
    assert [i.code for i in ds.items] == ["Y-1\x1f"]
    [rejected] = ds.rejected
    assert (rejected.record_id, rejected.field, rejected.line) == ("Y-2\x1f", "type", 3), rejected


# == 3. one form for a profile in an error: "profile PATH" ==============================================


PROFILE_FAULTS = {
    "parameters:\n  nope: 1\n": "unknown parameter 'nope'",
    "calendar:\n  closed: [nope]\n": "bad calendar override",
    "parameters:\n  admin-licensing-law.decision_limit: {citation: x}\n": "needs a 'value'",
}


@pytest.mark.parametrize("text", sorted(PROFILE_FAULTS))
@pytest.mark.parametrize("command", ["audit", "live", "checklist"])
def test_a_profile_is_named_profile_path_in_every_error(tmp_path: Path, text: str, command: str) -> None:
    """A parameter or calendar a profile could not set was headed ``profile:a.yaml`` (the file's name
    alone, as a report records the source of a value), an unknown section ``profile dir/a.yaml``: two
    forms, and the first no path to find the file by. Every error says ``profile PATH`` now."""
    from govhall.errors import GovhallError

    profile = tmp_path / "sub" / "a.yaml"
    profile.parent.mkdir()
    profile.write_text(text, encoding="utf-8")
    example = Path(__file__).resolve().parents[1] / "src" / "govhall" / "data" / "example"
    if command == "audit":
        err = one_line_error(runner.invoke(app, ["audit", str(example), "--profile", str(profile)]))
    elif command == "checklist":
        if "calendar" in text:  # the checklist reads a profile's name and parameters, not its calendar
            return
        err = one_line_error(
            runner.invoke(app, ["checklist", "--standard", "gdzw-0020-2019", "--hall", str(profile)])
        )
    else:
        from govhall.live import MemoryStore, SimulatedClock, Supervisor

        with pytest.raises(GovhallError) as caught:
            Supervisor(
                SimulatedClock(datetime(2025, 11, 3)), MemoryStore(), engine="plain", profile=str(profile)
            )
        err = f"govhall: error: {caught.value}\n"
    assert err.startswith(f"govhall: error: profile {profile}: ") and PROFILE_FAULTS[text] in err, err
    assert "profile:" not in err, err


def test_a_report_still_records_a_profile_value_as_profile_colon_name(tmp_path: Path) -> None:
    """What a report records with each value a profile set is unchanged: ``profile:a.yaml``."""
    from govhall.loaders import load_dataset
    from govhall.rules import audit

    profile = tmp_path / "a.yaml"
    profile.write_text("parameters:\n  admin-licensing-law.decision_limit: 15个工作日\n", encoding="utf-8")
    example = Path(__file__).resolve().parents[1] / "src" / "govhall" / "data" / "example"
    report = audit(load_dataset(example), profile=str(profile), standards=["admin-licensing-law"])
    sources = {p.name: p.source for p in report.parameters}
    assert sources.get("admin-licensing-law.decision_limit") == "profile:a.yaml", sources


# == 4. govhall test: a standard that does not exist, two cases of one name ================================


@pytest.mark.parametrize("standard", ["nope", "5", "[gdzw-0020-2019]"])
def test_a_case_file_naming_no_standard_there_is_is_one_line_naming_the_file(
    tmp_path: Path, standard: str
) -> None:
    """``standard: nope`` was taken: a deadline case's clause was then cited as ``nope:7.4`` and the case
    passed or failed on a standard that does not exist. One line naming the file and the standard now."""
    case = tmp_path / "c.yaml"
    case.write_text(
        f"standard: {standard}\ncases:\n  - name: x\n    deadline: {{start: 2025-09-01, limit: 3天}}\n"
        "    expect: {due: 2025-09-04}\n",
        encoding="utf-8",
    )
    err = one_line_error(runner.invoke(app, ["test", str(case)]))
    assert f"{case}: standard " in err and "no such standard (known: gdzw-0020-2019, " in err, err


def test_two_cases_of_one_name_are_one_line_naming_the_file_and_both_cases(tmp_path: Path) -> None:
    """Two cases named alike share one id (``file::name``): ``FAILED c.yaml::x`` did not say which, and
    ``-k`` picked both. One line naming the file, the second case and its line, and the first."""
    case = tmp_path / "c.yaml"
    one = "  - name: x\n    deadline: {start: 2025-09-01, limit: 3天}\n    expect: {due: 2025-09-04}\n"
    case.write_text(f"standard: admin-licensing-law\ncases:\n{one}{one}", encoding="utf-8")
    err = one_line_error(runner.invoke(app, ["test", str(case)]))
    assert f"{case}: case 2 (line 6): the name 'x' is case 1's (line 3) too" in err, err


def test_a_case_unnamed_and_a_case_named_like_its_default_name_are_told_apart(tmp_path: Path) -> None:
    """An unnamed case is named ``case N``: a case that names itself so clashes with it too."""
    case = tmp_path / "c.yaml"
    body = "    deadline: {start: 2025-09-01, limit: 3天}\n    expect: {due: 2025-09-04}\n"
    case.write_text(f"cases:\n  - name: case 2\n{body}  - {body[4:]}", encoding="utf-8")
    err = one_line_error(runner.invoke(app, ["test", str(case)]))
    assert "case 2 (line 5): the name 'case 2' is case 1's (line 2) too" in err, err


def test_the_repositorys_own_case_files_name_each_case_once() -> None:
    """The three case files that held a name twice were renamed by the rule or tier each case is of."""
    from govhall.cases import load_case_file

    folder = Path(__file__).resolve().parent / "standards" / "cases"
    for path in sorted(folder.glob("*.yaml")):
        names = [c.name for c in load_case_file(path)]
        assert len(names) == len(set(names)), path


# == 5. a rejected row of the events table is named by its application =====================================


def test_a_rejected_event_names_the_application_or_complaint_it_is_of(tmp_path: Path) -> None:
    """A row of the events table without an id of its own was rejected with ``record_id`` None: "events
    line 2" alone, where the application it belongs to is the first thing a clerk looks for. It is
    named ``application A-0001`` (``complaint C9``) now; an event's own id still names it first."""
    from govhall.loaders import load_dataset

    owner = APP["id"]
    events = [
        {"application_id": owner, "kind": "decided", "at": "nope"},
        {"complaint_id": "C9", "kind": "answered", "at": "2025-09-01T10:00"},
        {"id": "E1", "application_id": owner, "kind": "nope", "at": "2025-09-01T10:00"},
    ]
    ds = load_dataset({"items": ALL_ITEMS, "applications": [APP], "events": events})
    got = [(r.record_id, r.field, r.line) for r in ds.rejected]
    assert got == [(f"application {owner}", "at", 1), ("complaint C9", "complaint_id", 2), ("E1", "kind", 3)]
    hall = tmp_path / "h"
    hall.mkdir()
    (hall / "items.jsonl").write_text(
        "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in ALL_ITEMS), "utf-8"
    )
    (hall / "applications.jsonl").write_text(json.dumps(APP, ensure_ascii=False) + "\n", encoding="utf-8")
    (hall / "events.jsonl").write_text(
        json.dumps(events[0])
        + "\n"
        + f'{{"application_id": "{owner}", "kind": "decided", "at": "x", "at": "y"}}\n',
        encoding="utf-8",
    )
    ds = load_dataset(hall)
    assert [(r.record_id, r.line) for r in ds.rejected] == [
        (f"application {owner}", 1),
        (f"application {owner}", 2),
    ]
    assert ds.records == ds.audited + len(ds.rejected)


# == 6. the live state: a findings row whose stage no card has =============================================


STREAM = (
    '{"table": "items", "code": "I1", "name": "某许可", "type": "行政许可", "department": "D1", '
    '"promised_limit": "1个工作日"}\n'
    '{"table": "applications", "id": "A1", "item_code": "I1", "received_at": "2026-01-05T09:00"}\n'
)


@pytest.mark.parametrize(
    ("sql", "words"),
    [
        ("UPDATE findings SET stage = 'purple' WHERE stage = 'red'", "stage 'purple' is none of 'yellow'"),
        (
            "UPDATE findings SET stage = 'yellow' WHERE stage = 'red'",
            "its stage column says 'yellow', its finding 'red'",
        ),
        ("UPDATE findings SET stage = '' WHERE stage = 'red'", "its stage column says '', its finding 'red'"),
    ],
)
def test_a_live_state_whose_finding_stage_was_changed_is_refused_and_left_as_it_is(
    tmp_path: Path, sql: str, words: str
) -> None:
    """A findings row whose ``stage`` column was changed by hand resumed without a word: the cards and
    the stage filter read the column, so its 红牌 vanished from ``/v1/live/cards``. One line naming the
    file, the table and the row now; the state is left as it was."""
    stream = tmp_path / "events.jsonl"
    stream.write_text(STREAM, encoding="utf-8")
    state = tmp_path / "live.db"
    args = ["live", "replay", str(stream), "--engine", "plain", "--state", str(state)]
    first = runner.invoke(app, [*args, "--start", "2026-01-05", "--until", "2026-01-09"])
    assert first.exit_code == 0, first.output
    with sqlite3.connect(state) as conn:
        assert conn.execute(sql).rowcount == 2
    conn.close()
    before = state.read_bytes()
    err = one_line_error(runner.invoke(app, [*args, "--start", "2026-01-09", "--until", "2026-01-10"]))
    assert str(state) in err and "table findings, row 2: " + words in err, err
    assert state.read_bytes() == before


# == 7. the service's report formats are DESIGN's: oscal is the command line's alone ======================


def test_the_service_names_its_formats_and_refuses_oscal_as_design_lists_them() -> None:
    """DESIGN lists ``text|json|md|html|sarif|junit`` for ``audit`` and ``check`` and no format for the
    service beyond "the same models": ``--format oscal`` is an addition of the command line's. The
    service refuses ``format=oscal`` as problem+json naming the query parameter and its values (no
    change: this holds the behaviour the closing note asked about)."""
    from test_hostile_input_sweep9 import _client, _problem

    r = _client().post("/v1/audit?format=oscal", json={"items": ALL_ITEMS, "applications": [APP]})
    doc = _problem(r, 422, "bad-input")
    assert doc["errors"][0]["loc"] == ["query", "format"], doc
    assert "'json', 'sarif', 'junit', 'md', 'html' or 'text'" in doc["detail"], doc


# == fresh sweep: the service called a body that is an object "a number" ==================================


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/v1/deadlines", {"start": "2025-09-01", "limit": "3天", "pauses": 5}, "body.pauses"),
        (
            "/v1/deadlines",
            {"start": "2025-09-01", "limit": "3天", "pauses": 5, "extensions": {}},
            "body.pauses",
        ),
        (
            "/v1/complaints/screen",
            {"id": "C1", "channel": "onsite", "received_at": "2025-09-01T09:00", "facts": 5},
            "body.facts",
        ),
    ],
)
def test_a_field_of_the_wrong_kind_is_named_not_taken_for_the_whole_body(
    path: str, body: dict[str, Any], field: str
) -> None:
    """``{"start": …, "limit": …, "pauses": 5}`` was answered "body: expected a JSON object {start, limit,
    …}, got a number; nothing was read" (its errors named body.pauses): a list or object field of the
    wrong kind was taken for a body of the wrong kind. The detail names the field now; a body that is a
    number is still refused whole."""
    from test_hostile_input_sweep9 import _client, _problem

    client = _client()
    doc = _problem(client.post(path, json=body), 422, "bad-input")
    assert doc["detail"].startswith(f"{field}: "), doc
    assert "nothing was read" not in doc["detail"] and "expected" not in doc, doc
    whole = _problem(client.post(path, json=5), 422, "bad-input")
    assert whole["detail"].startswith("body: expected ") and whole["detail"].endswith(
        "got a number; nothing was read"
    )


# == fresh sweep: a Parquet timestamp in nanoseconds was "outside what a date or time holds" ===============


def test_a_parquet_nanosecond_is_named_as_the_iso_text_names_it(tmp_path: Path) -> None:
    """A ``timestamp[ns]`` value of 2025-09-01 01:00:00.123456789 UTC was rejected as "a timestamp[ns]
    value outside what a date or time holds (the years 1-9999, microseconds)": of a moment in 2025. It
    says what the same moment written as ISO text is told now: govhall keeps microseconds. A value in
    whole microseconds still reads (a timestamp without a zone is Shanghai time: 01:00)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from govhall.loaders import load_dataset

    (tmp_path / "items.jsonl").write_text(
        "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in ALL_ITEMS), "utf-8"
    )
    ns = [1756688400123456789, 1756688400000000000]  # 2025-09-01T01:00:00(.123456789), no zone
    table = pa.table(
        {
            "id": ["A1", "A2"],
            "item_code": [APP["item_code"]] * 2,
            "received_at": pa.array(ns, pa.timestamp("ns")),
        }
    )
    pq.write_table(table, tmp_path / "applications.parquet")
    ds = load_dataset(tmp_path)
    assert [(a.id, a.received_at.isoformat()) for a in ds.applications] == [("A2", "2025-09-01T01:00:00")]
    [bad] = ds.rejected
    assert (bad.record_id, bad.field, bad.line) == ("A1", "received_at", 1), bad
    assert "with 123456789 nanoseconds past the second: govhall keeps microseconds" in bad.reason, bad


# == fresh sweep: a loader's rejection said true, false and null in Python's words, and a day that does not
# exist in pydantic's =====================================================================================


@pytest.mark.parametrize(("value", "said"), [(True, "true"), (False, "false"), (None, "null")])
def test_an_enum_field_names_true_false_and_null_as_json_writes_them(value: Any, said: str) -> None:
    """``"channel": true`` was refused as "channel: True is not an allowed value", ``null`` as "None is
    not …": Python's words for what the file says in JSON's."""
    from govhall.loaders import load_dataset

    ds = load_dataset({"items": ALL_ITEMS, "applications": [{**APP, "channel": value}]})
    [bad] = ds.rejected
    assert bad.reason.startswith(f"channel: {said} is not an allowed value; allowed: 'onsite'"), bad


@pytest.mark.parametrize(
    ("table", "field", "text", "why"),
    [
        ("applications", "received_at", "2025-02-29T09:00", "2025-02 has 28 days"),
        ("applications", "received_at", "2025-13-01", "there is no month 13"),
        ("inspections", "date", "2025-04-31", "2025-04 has 30 days"),
    ],
)
def test_a_day_that_does_not_exist_in_a_record_says_so_as_the_command_line_does(
    table: str, field: str, text: str, why: str
) -> None:
    """A record's ``"received_at": "2025-02-29T09:00"`` was refused in pydantic's words, "input should be a
    valid datetime or date, day value is outside expected range", where the command line and the
    service say which day is missing (2025 is no leap year: February has 28 days; April 30; no month
    13). 2024-02-29 still reads."""
    from govhall.loaders import load_dataset

    ins = {
        "id": "INS-1",
        "clause": "gdzw-0020-2019:4",
        "date": "2025-09-01",
        "method": "observation",
        "result": "pass",
    }
    record = {**(APP if table == "applications" else ins), field: text}
    ds = load_dataset(
        {"items": ALL_ITEMS, "applications": [APP] if table != "applications" else [], table: [record]}
    )
    [bad] = ds.rejected
    assert bad.reason == f"{field}: '{text}' is not an ISO date: no such day ({why})", bad
    ok = load_dataset({"items": ALL_ITEMS, "applications": [{**APP, "received_at": "2024-02-29T09:00"}]})
    assert not ok.rejected and ok.applications[0].received_at.isoformat() == "2024-02-29T09:00:00"


# == a Parquet duration column in a date field was told in Python's words ("datetime.timedelta(days=1) is not
# a date or time"): a duration is named as one, in ISO 8601's form, and the row is still rejected, not lost ==


def test_a_parquet_duration_in_a_moment_field_is_named_as_a_duration(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from govhall.loaders import load_dataset

    (tmp_path / "items.jsonl").write_text(
        "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in ALL_ITEMS), "utf-8"
    )
    # one day; three hours; two days, five minutes and 7.12 seconds; a value of 2025 in a timestamp column
    lengths = [86_400_000_000, 10_800_000_000, (2 * 86_400 + 5 * 60 + 7) * 1_000_000 + 120_000]
    table = pa.table(
        {
            "id": ["A1", "A2", "A3"],
            "item_code": [APP["item_code"]] * 3,
            "received_at": pa.array(lengths, pa.duration("us")),
        }
    )
    pq.write_table(table, tmp_path / "applications.parquet")
    ds = load_dataset(tmp_path)
    assert ds.applications == []
    assert [(r.record_id, r.field, r.line) for r in ds.rejected] == [
        ("A1", "received_at", 1),
        ("A2", "received_at", 2),
        ("A3", "received_at", 3),
    ]
    shown = [r.reason.split(" is not ")[0] for r in ds.rejected]
    assert shown == [
        "received_at: a duration (P1D)",
        "received_at: a duration (PT3H)",
        "received_at: a duration (P2DT5M7.12S)",
    ]
    assert all(
        "timedelta" not in r.reason and "a length of time is never read" in r.reason for r in ds.rejected
    )


# == a profile's unknown reading, bad value or unknown standard was told without the profile's name; a
# province given a profile naming an unknown standard loaded and failed every hall, one by one ============

PROFILE_CHOICE_FAULTS = [
    ("interpretations:\n  nope.nope: x\n", "unknown interpretation 'nope.nope'"),
    (
        "interpretations:\n  gdzw-0020-2019.unrecorded-inquiry-scope: maybe\n",
        "interpretation gdzw-0020-2019.unrecorded-inquiry-scope: 'maybe' is not one of",
    ),
    ("standards: [nope]\n", "no rules for standard(s) nope"),
]


@pytest.mark.parametrize(("text", "said"), PROFILE_CHOICE_FAULTS)
def test_a_profiles_unknown_reading_or_standard_names_the_profile(
    tmp_path: Path, text: str, said: str
) -> None:
    profile = tmp_path / "hall.yaml"
    profile.write_text(text, "utf-8")
    result = CliRunner().invoke(app, ["audit", "--example", "--profile", str(profile)])
    assert one_line_error(result).startswith(f"govhall: error: profile {profile}: {said}")


@pytest.mark.parametrize(("text", "said"), PROFILE_CHOICE_FAULTS)
def test_a_province_refuses_a_bad_profile_once_before_any_hall(tmp_path: Path, text: str, said: str) -> None:
    from province_helpers import make_hall

    make_hall(tmp_path / "prov" / "h1", 1)
    make_hall(tmp_path / "prov" / "h2", 2)
    profile = tmp_path / "hall.yaml"
    profile.write_text(text, "utf-8")
    out = tmp_path / "report.json"
    args = [
        "audit",
        str(tmp_path / "prov"),
        "--profile",
        str(profile),
        "-f",
        "json",
        "-o",
        str(out),
        "--jobs",
        "1",
    ]
    result = CliRunner().invoke(app, args)
    assert one_line_error(result).startswith(f"govhall: error: profile {profile}: {said}")
    assert not out.exists()  # no report of two halls "that could not be audited"


@pytest.mark.parametrize(("text", "said"), PROFILE_CHOICE_FAULTS)
def test_the_live_supervisor_names_the_profile_too(tmp_path: Path, text: str, said: str) -> None:
    from govhall.errors import GovhallError
    from govhall.live.supervisor import Supervisor

    profile = tmp_path / "hall.yaml"
    profile.write_text(text, "utf-8")
    with pytest.raises(GovhallError) as err:
        Supervisor(lambda: datetime(2026, 1, 5, 9, 0), profile=str(profile))
    assert str(err.value).startswith(f"profile {profile}: {said}")


# == the service told a field of the wrong JSON kind in pydantic's Python words ("Input should be a valid
# list", "… a valid dictionary or object to extract fields from", "… a valid string"): now in the words of
# the JSON the client wrote, naming the field, the input itself not echoed ================================


@pytest.mark.parametrize(
    ("path", "body", "detail"),
    [
        ("/v1/deadlines", {"start": "2026-01-05", "limit": "3个工作日", "pauses": "x"}, "body.pauses: expected an array, got a string"),
        ("/v1/deadlines", {"start": "2026-01-05", "limit": "3个工作日", "pauses": [5]}, "body.pauses.0: expected an object, got a number"),
        ("/v1/deadlines", {"start": "2026-01-05", "limit": "3个工作日", "pauses": [["2026-01-06"]]}, "body.pauses.0: expected an object, got an array"),
        ("/v1/deadlines", {"start": "2026-01-05", "limit": 13800138000}, 'body.limit: a time limit is text such as "5个工作日", got a number'),
        ("/v1/catalogue/check", {"items": "x"}, "body.items: expected an array, got a string"),
    ],
)  # fmt: skip
def test_the_service_names_a_fields_wrong_kind_in_json_words(path: str, body: Any, detail: str) -> None:
    from test_hostile_input_sweep9 import _client, _problem

    doc = _problem(_client().post(path, json=body), 422, "bad-input")
    assert doc["detail"] == detail, doc
    assert "13800138000" not in json.dumps(doc) and "Input should" not in json.dumps(doc), doc


# == a row of the events table that could not be read named no owner: "events line 3" alone, where the
# == application (or complaint) it is of could still be read from its text ===================================


def _hall_with_events(tmp_path: Path, name: str, text: str) -> Path:
    hall = tmp_path / "h"
    hall.mkdir()
    (hall / "items.jsonl").write_text(
        "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in ALL_ITEMS), "utf-8"
    )
    (hall / "applications.jsonl").write_text(json.dumps(APP, ensure_ascii=False) + "\n", encoding="utf-8")
    (hall / name).write_text(text, encoding="utf-8")
    return hall


def test_an_events_line_that_is_no_json_is_named_by_its_owner(tmp_path: Path) -> None:
    """An events line that is not valid JSON (a date left unquoted, a text left open), past a limit (a
    number of 5000 digits) or holding a NUL byte was rejected with ``record_id`` None although its
    ``application_id`` / ``complaint_id`` stood readable before the fault; the other rejected events
    are named by their owner (``application A-0001``). Now these are too; a line naming none is still
    rejected, by its line. Nothing is lost: every line is a record, audited or rejected."""
    from govhall.loaders import load_dataset

    owner = APP["id"]
    hall = _hall_with_events(
        tmp_path,
        "events.jsonl",
        f'{{"application_id": "{owner}", "kind": "decided", "at": 2025-09-01}}\n'
        '{"kind": "answered", "complaint_id": "C9", "at": "x\n'
        '{"kind": "decided", "at": nope}\n'
        f'{{"application_id": "{owner}", "kind": "decided", "at": "2025-09-01T10:00", "n": {"1" * 5000}}}\n'
        f'{{"application_id": "{owner}", "kind": "decided", "at": "2025-09-01\x00"}}\n',
    )
    ds = load_dataset(hall)
    assert [(r.record_id, r.line) for r in ds.rejected] == [
        (f"application {owner}", 1),
        ("complaint C9", 2),
        (None, 3),
        (f"application {owner}", 4),
        (f"application {owner}", 5),
    ]
    assert ds.records == ds.audited + len(ds.rejected)


def test_an_events_element_of_a_broken_array_is_named_by_its_owner(tmp_path: Path) -> None:
    """The same in a JSON array broken mid-file: the element is named by the owner it gives; the next
    element is read on and not named by it."""
    from govhall.loaders import load_dataset

    owner = APP["id"]
    hall = _hall_with_events(
        tmp_path,
        "events.json",
        f'[{{"application_id": "{owner}", "kind": "decided", "at": 2025-09-01}},\n'
        f'{{"application_id": "{owner}", "kind": "nope", "at": "2025-09-01T10:00"}}]\n',
    )
    ds = load_dataset(hall)
    assert [(r.record_id, r.line, r.field) for r in ds.rejected] == [
        (f"application {owner}", 1, None),
        (f"application {owner}", 2, "kind"),
    ]


def test_an_events_csv_row_that_cannot_be_read_is_named_by_its_owner(tmp_path: Path) -> None:
    """A CSV events row of the wrong number of cells named only its line; its ``application_id`` cell is
    read as a JSON line's is now."""
    from govhall.loaders import load_dataset

    owner = APP["id"]
    hall = _hall_with_events(
        tmp_path,
        "events.csv",
        f"application_id,kind,at\n{owner},decided,2025-09-01T10:00,extra\n,decided\n",
    )
    ds = load_dataset(hall)
    assert [(r.record_id, r.line) for r in ds.rejected] == [(f"application {owner}", 2), (None, 3)]
    assert ds.records == ds.audited + len(ds.rejected)


# == a rule passing Context.due a keyword it does not take was told "_fresh_due_date() got an unexpected
# == keyword argument 'x'": a private function's name, not the one the rule called ===========================


@pytest.mark.parametrize("keyword", ["x", "calendar", "statutory_days"])
def test_context_due_names_itself_for_a_keyword_it_does_not_take(keyword: str) -> None:
    """A user's own rule calling ``ctx.due(start, limit, x=1)`` got a TypeError naming
    ``_fresh_due_date()`` (and ``calendar=`` "got multiple values"); it names ``Context.due()`` and the
    keyword now. The keywords it does take still work."""
    from datetime import date

    from govhall import calendar
    from govhall.models import Dataset
    from govhall.rules.context import Context
    from govhall.rules.parameters import ParameterSet

    ctx = Context(Dataset(), calendar=calendar("CN"), parameters=ParameterSet(), as_of=date(2025, 9, 30))
    with pytest.raises(TypeError) as info:
        ctx.due(date(2025, 9, 1), "5个工作日", **{keyword: 1})
    message = str(info.value)
    assert message.startswith(f"Context.due() got an unexpected keyword argument {keyword!r}"), message
    assert "_fresh" not in message
    # 2025-09-01 (Mon) + 5 working days, the start day not counted: Tue 2 .. Mon 8
    assert ctx.due(date(2025, 9, 1), "5个工作日", hour_holidays="elapsed").due == date(2025, 9, 8)


# == an impossible unquoted date in a YAML file (2025-02-30) was told without its line or value: PyYAML's
# == safe loader raises a bare ValueError ("day is out of range for month"), and a file of many dates
# == (a notice, a profile's closures, a catalogue) left the reader to find which ================================

_NOTICE_2027 = """notices:
  - year: 2027
    id: X
    title: T
    date: 2026-11-01
    blocks:
{blocks}"""
_BLOCK = """      - item: {item}
        name_zh: 元旦
        name_en: NY
        first_day: {first}
        last_day: {last}
        days: {days}
        makeup_workdays: [{makeup}]
        text: t
"""


@pytest.mark.parametrize(
    ("name", "content", "args", "line", "value"),
    [
        (  # (a case whole: a case's own date no longer stops its file from being read, sweep14)
            "cases.yaml",
            "cases:\n  - name: x\n    as_of: 2025-02-30\n    deadline: {start: 2025-09-01, limit: 5个工作日}\n"
            "    expect: {due: '2025-09-08'}\n",
            ["test"],
            3,
            "2025-02-30",
        ),
        ("dataset.yaml", "name: x\nas_of: 2025-02-30\nitems: []\n", ["audit"], 2, "2025-02-30"),
        (
            "notice.yaml",
            _NOTICE_2027.format(
                blocks=_BLOCK.format(item="一", first="2027-02-28", last="2027-02-30", days=3, makeup="")
            ),  # fmt: skip
            ["calendar", "add", "2027-01-04", "1", "--notices"],
            11,
            "2027-02-30",
        ),
    ],
)
def test_an_impossible_unquoted_date_in_yaml_names_its_value_and_line(
    tmp_path: Path, name: str, content: str, args: list[str], line: int, value: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    err = one_line_error(runner.invoke(app, [*args, str(path)]))
    assert name in err and f"'{value}' is no date" in err and f"line {line}," in err, err


# == a notice whose make-up working day is listed twice said "2027-01-09 appears in both 元旦 and 元旦", as
# == if in two blocks; two blocks of one name overlapping were told apart by nothing ==========================


def test_a_notice_names_a_make_up_day_listed_twice_and_tells_blocks_of_one_name_apart(tmp_path: Path) -> None:
    """2027-01-09 (Sat) listed twice in block 一's makeup_workdays: the block named, the day said listed
    twice. Blocks 一 (Jan 1-3) and 二 (Jan 2-3), both 元旦 (one copied, not renamed): Jan 2 is in both,
    and they are named by their items."""
    twice = tmp_path / "twice.yaml"
    twice.write_text(
        _NOTICE_2027.format(
            blocks=_BLOCK.format(
                item="一", first="2027-01-01", last="2027-01-03", days=3, makeup="2027-01-09, 2027-01-09"
            )
        ),  # fmt: skip
        encoding="utf-8",
    )
    err = one_line_error(runner.invoke(app, ["calendar", "add", "2027-01-04", "1", "--notices", str(twice)]))
    assert "block 元旦: make-up working day 2027-01-09 is listed twice" in err, err
    overlap = tmp_path / "overlap.yaml"
    overlap.write_text(
        _NOTICE_2027.format(
            blocks=_BLOCK.format(item="一", first="2027-01-01", last="2027-01-03", days=3, makeup="")
            + _BLOCK.format(item="二", first="2027-01-02", last="2027-01-03", days=2, makeup="")
        ),
        encoding="utf-8",
    )
    err = one_line_error(
        runner.invoke(app, ["calendar", "add", "2027-01-04", "1", "--notices", str(overlap)])
    )
    assert "2027-01-02 appears in both 一、元旦 and 二、元旦" in err, err


# == a pause ending past the calendar (9999-01-01) was blamed on the limit: "LIMIT: 5天 counted from
# == 2025-01-01: date 9999-01-01 is outside …" (field "limit"), a field the caller had right ===================


def test_a_pause_ending_past_the_calendar_is_named_as_the_pause() -> None:
    """The library names ``pauses[k]`` (the second pause here), the CLI ``--pause``, the service the same
    field in problem+json. A pause wholly after the due date is never reached and changes nothing
    (2025-01-01 + 5天 = 2025-01-06, 1/2 … 1/6 counted); a pause that pushes the period itself past the
    calendar's end is still the limit's (the date is the period's, not the pause's)."""
    from datetime import date

    from govhall.errors import CalendarRangeError
    from govhall.timelimits import due_date

    with pytest.raises(CalendarRangeError) as info:
        due_date("2025-01-01", "5天", pauses=[("2025-01-03", "2025-01-04"), ("2025-01-02", "9999-01-01")])
    assert info.value.detail["field"] == "pauses[1]"
    assert str(info.value).startswith(
        "pauses[1]: the pause 2025-01-02:9999-01-01: date 9999-01-01 is outside"
    )
    assert due_date("2025-01-01", "5天", pauses=[("2036-12-20", "2037-01-05")]).due == date(2025, 1, 6)
    with pytest.raises(CalendarRangeError) as info:  # resumes 2036-12-31, 5 days on: 2037-01-04
        due_date("2025-01-01", "5天", pauses=[("2025-01-02", "2036-12-30")])
    assert info.value.detail["field"] == "limit"
    err = one_line_error(
        runner.invoke(app, ["deadline", "2025-01-01", "5天", "--pause", "2025-01-02:9999-01-01"])
    )
    assert err.startswith("govhall: error: --pause: the pause 2025-01-02:9999-01-01: date 9999-01-01"), err
    from test_hostile_input_sweep9 import _client

    body = {"start": "2025-01-01", "limit": "5天", "pauses": [{"from": "2025-01-02", "to": "9999-01-01"}]}
    response = _client().post("/v1/deadlines", json=body)
    assert response.status_code == 422 and response.headers["content-type"] == "application/problem+json"
    assert response.json()["field"] == "body.pauses.0", response.json()  # as pydantic's errors name it


# == govhall test: a case named by a list, a mapping or a YAML boolean (name: yes) ran under the id Python
# == wrote for it ("[1, 2]", "True"), a name nobody gave ======================================================


@pytest.mark.parametrize(
    ("written", "said"), [("[1, 2]", "an array"), ("{a: 1}", "an object"), ("yes", "true")]
)
def test_a_case_name_that_is_no_text_is_refused(tmp_path: Path, written: str, said: str) -> None:
    path = tmp_path / "cases.yaml"
    path.write_text(
        f"cases:\n  - name: {written}\n    deadline: {{start: 2025-01-01, limit: 5天}}\n"
        "    expect: {due: 2025-01-06}\n",
        encoding="utf-8",
    )
    err = one_line_error(runner.invoke(app, ["test", str(path)]))
    assert f"case 1 (line 2): name: expected a text, got {said}" in err, err
    # a name left out is still "case 1", and a number is its text (2025-01-01 + 5天 = 2025-01-06)
    path.write_text(
        "cases:\n  - deadline: {start: 2025-01-01, limit: 5天}\n    expect: {due: 2025-01-06}\n"
        "  - name: 7\n    deadline: {start: 2025-01-01, limit: 5天}\n    expect: {due: 2025-01-06}\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["test", "-v", str(path)])
    assert result.exit_code == 0 and "::case 1 PASSED" in result.output and "::7 PASSED" in result.output
