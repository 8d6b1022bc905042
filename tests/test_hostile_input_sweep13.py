"""Hostile input, thirteenth sweep: the twelfth's leftovers, then a fresh sweep over every entry point.
Each test failed before its fix (or holds behaviour that could be wrong); each hostile form is refused
or named (field, record and line), the CLI exits 2 with one line, the service answers problem+json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from govhall.cli import app
from test_hostile_input import one_line_error
from test_hostile_input_sweep8 import WRITER
from test_hostile_input_sweep8 import _client as _client
from test_hostile_input_sweep9 import ALL_ITEMS, APP

runner = CliRunner()

_BAD = "@@BAD@@"


def _document(tmp_path: Path, bad: str, suffix: str) -> Path:
    """A dataset document of three applications, the second's ``received_at`` the unquoted ``bad``."""
    apps = [APP, {**APP, "id": "A-0002", "received_at": _BAD}, {**APP, "id": "A-0003"}]
    doc = {"name": "x", "items": ALL_ITEMS, "applications": apps}
    path = tmp_path / f"ds{suffix}"
    if suffix == ".json":
        text = json.dumps(doc, ensure_ascii=False, indent=1).replace(f'"{_BAD}"', f'"{bad}"')
    else:
        text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).replace(f"'{_BAD}'", bad)
    path.write_text(text, encoding="utf-8")
    return path


# == A1. an impossible unquoted date in one record of a YAML dataset refused the whole file =============


@pytest.mark.parametrize("bad", ["2025-02-30T09:00:00", "2025-02-30", "2025-13-01 09:00:00"])
def test_an_impossible_yaml_date_rejects_its_record_alone(tmp_path: Path, bad: str) -> None:
    """``received_at: 2025-02-30T09:00:00`` unquoted in one application of a YAML dataset: PyYAML cannot
    build that date, and the whole file was "not valid YAML" (all three applications lost), where the
    same record in JSON is rejected alone. Now the record is rejected, named by its field, id and element,
    the line of the date given, and the other two are read, as from JSON."""
    from govhall.loaders import load_dataset

    from_yaml = load_dataset(_document(tmp_path, bad, ".yaml"))
    from_json = load_dataset(_document(tmp_path, bad, ".json"))
    for ds in (from_yaml, from_json):
        assert [a.id for a in ds.applications] == ["A-0001", "A-0003"]
        [rejected] = ds.rejected
        assert (rejected.record_id, rejected.field, rejected.line) == ("A-0002", "received_at", 2)
        assert "no such day" in rejected.reason, rejected.reason
    text = _document(tmp_path, bad, ".yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, row in enumerate(text, start=1) if bad in row)
    assert f"is on line {line} of the file" in from_yaml.rejected[0].reason, from_yaml.rejected[0].reason
    assert from_json.rejected[0].reason in from_yaml.rejected[0].reason


def test_an_impossible_yaml_date_in_a_text_field_is_its_text(tmp_path: Path) -> None:
    """In a field that holds text (a window's name), ``2025-02-30`` unquoted is that text, as it is in
    JSON: nothing about it is impossible there."""
    from govhall.loaders import load_dataset

    path = tmp_path / "ds.yaml"
    apps = [{**APP, "applicant": {**APP["applicant"], "address": _BAD}}]
    text = yaml.safe_dump({"items": ALL_ITEMS, "applications": apps}, allow_unicode=True)
    path.write_text(text.replace(f"'{_BAD}'", "2025-02-30"), encoding="utf-8")
    ds = load_dataset(path)
    assert ds.rejected == [] and ds.applications[0].applicant.address == "2025-02-30"


def test_the_dataset_as_of_impossible_still_refuses_the_file_naming_it(tmp_path: Path) -> None:
    """``as_of: 2025-02-30`` is the dataset's own date, no record's: the file is refused, naming the
    key, the value and its line."""
    path = tmp_path / "dataset.yaml"
    path.write_text("name: x\nitems: []\nas_of: 2025-02-30\n", encoding="utf-8")
    err = one_line_error(runner.invoke(app, ["audit", str(path)]))
    assert "as_of: '2025-02-30' is no date (day is out of range for month" in err and "line 3," in err, err


def test_an_impossible_yaml_date_in_a_catalogue_rejects_its_item_alone(tmp_path: Path) -> None:
    """``govhall check`` of a YAML catalogue with an impossible unquoted date in one item refused the
    catalogue ("cannot be parsed"); now that item is rejected (exit 1) and the other is checked."""
    good = {k: v for k, v in ALL_ITEMS[0].items()}
    bad = {**ALL_ITEMS[1], "promised_limit": _BAD}
    path = tmp_path / "catalogue.yaml"
    text = yaml.safe_dump({"items": [good, bad]}, allow_unicode=True, sort_keys=False)
    path.write_text(text.replace(f"'{_BAD}'", "2025-13-01"), encoding="utf-8")
    result = runner.invoke(app, ["check", str(path), "-f", "json"])
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.stdout)
    assert report["summary"]["records"] == 2 and report["summary"]["audited"] == 1, report["summary"]
    [rejected] = report["rejected"]
    assert rejected["record_id"] == bad["code"] and rejected["field"] == "promised_limit", rejected
    line = text.replace(f"'{_BAD}'", "2025-13-01").splitlines().index("  promised_limit: 2025-13-01") + 1
    assert f"'2025-13-01' is on line {line} of the file" in rejected["reason"], rejected


# == A2. govhall calendar add DATE N: which digits N may be written in, and every N error named N: ======


@pytest.mark.parametrize(("n", "script"), [("٥", "ARABIC-INDIC DIGIT FIVE"), ("5߅", "NKO DIGIT FIVE")])
def test_a_count_in_digits_of_another_script_is_refused_saying_so(n: str, script: str) -> None:
    """``٥`` was "not a whole number", which it is to Python's int(): the decision (ASCII and full-width
    digits, as a limit text reads them: ``٥个工作日`` is no limit, ``５个工作日`` is) is said, the digit
    named, in the CLI and in the service alike."""
    said = f"{n!r} is not a whole number: {n[-1]!r} ({script}) is a digit of another script; write 0-9"
    err = one_line_error(runner.invoke(app, ["calendar", "add", "2025-09-01", n]))
    assert err.startswith(f"govhall: error: N: {said}"), err
    with _client() as client:
        r = client.get("/v1/calendar/add", params={"start": "2025-09-01", "days": n}, headers=WRITER)
    assert r.status_code == 422 and r.json()["detail"].startswith(f"query.days: {said}"), r.text


@pytest.mark.parametrize("n", ["５", "０５", "+５"])
def test_a_count_in_full_width_digits_is_read_by_the_service_as_by_the_cli(n: str) -> None:
    """The CLI read ``５`` as 5, the service refused ``days=５`` as "not a whole number": one count, two
    answers. 2025-09-01 (Mon) + 5 working days = 09-08 (Mon) from both."""
    done = runner.invoke(app, ["calendar", "add", "2025-09-01", n, "--json"])
    assert done.exit_code == 0 and json.loads(done.stdout)["result"] == "2025-09-08", done.output
    with _client() as client:
        r = client.get("/v1/calendar/add", params={"start": "2025-09-01", "days": n}, headers=WRITER)
    assert r.status_code == 200 and r.json()["result"] == "2025-09-08", r.text


@pytest.mark.parametrize(
    ("n", "said"),
    [
        ("99999999999999999999", "N: 99999999999999999999 working days after 2025-09-01 ends outside"),
        ("3000", "N: 3000 working days after 2025-09-01 ends outside"),  # 3000 working days: past 2036
        ("-3", "N: must be >= 0, got -3"),
    ],
)
def test_every_error_of_n_is_headed_n(n: str, said: str) -> None:
    """A huge N's error ("99999… working days after … ends outside the calendar") and a negative N's
    ("N must be >= 0") lacked the ``N:`` the other N errors have; a DATE outside the calendar is still
    the date's fault, not N's."""
    err = one_line_error(runner.invoke(app, ["calendar", "add", "2025-09-01", n]))
    assert err.startswith(f"govhall: error: {said}"), err
    err = one_line_error(runner.invoke(app, ["calendar", "add", "2040-01-01", "1"]))
    assert err.startswith("govhall: error: date 2040-01-01 is outside"), err


# == A3. a bare number where a time limit is text: "input should be a valid string (got 5)" ==============

_LIMIT_WORDS = 'a time limit is text such as "5个工作日", got'


@pytest.mark.parametrize(("value", "got"), [(5, "the number 5"), (5.5, "the number 5.5"), (True, "true")])
def test_an_item_limit_given_as_a_number_says_what_a_limit_is(value: Any, got: str) -> None:
    """``promised_limit: 5`` (5 what? working days, calendar days?) was "input should be a valid string
    (got 5)": the item is still rejected (the unit is not guessed), now saying what a limit is."""
    from govhall.loaders import load_dataset

    ds = load_dataset({"items": [{**ALL_ITEMS[0], "promised_limit": value}, ALL_ITEMS[1]]})
    [rejected] = ds.rejected
    assert [i.code for i in ds.items] == [ALL_ITEMS[1]["code"]]
    assert (rejected.record_id, rejected.field) == (ALL_ITEMS[0]["code"], "promised_limit")
    assert rejected.reason == f"promised_limit: {_LIMIT_WORDS} {got}", rejected.reason


def test_check_names_a_bare_number_limit_in_a_yaml_catalogue(tmp_path: Path) -> None:
    path = tmp_path / "catalogue.yaml"
    item = {**ALL_ITEMS[0], "promised_limit": 5}
    path.write_text(yaml.safe_dump({"items": [item]}, allow_unicode=True), encoding="utf-8")
    report = json.loads(runner.invoke(app, ["check", str(path), "-f", "json"]).stdout)
    [rejected] = report["rejected"]
    assert rejected["reason"] == f"promised_limit: {_LIMIT_WORDS} the number 5", rejected


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({"limit": 5}, f"body.limit: {_LIMIT_WORDS} a number"),
        ({"limit": "5个工作日", "extensions": ["1天", 3]}, f"body.extensions.1: {_LIMIT_WORDS} a number"),
        ({"limit": "5个工作日", "extensions": [False]}, f"body.extensions.0: {_LIMIT_WORDS} false"),
    ],
)
def test_the_service_says_what_a_limit_is_of_a_bare_number(body: dict[str, Any], detail: str) -> None:
    """/v1/deadlines said "expected a string, got a number"; the number itself is not echoed (the service
    echoes no input: a number may be a phone number)."""
    with _client() as client:
        r = client.post("/v1/deadlines", json={"start": "2025-09-01", **body}, headers=WRITER)
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json", r.text
    assert r.json()["detail"] == detail, r.text


def test_a_case_file_deadline_names_a_bare_number_limit(tmp_path: Path) -> None:
    """A deadline case with ``limit: 5`` said "not a time limit: '5'", as if the text 5 had been
    written; ``extensions: [3]`` likewise. Each is now named by its place in the case; the case beside
    them still runs (2025-09-01 Mon + 5 working days = 09-08 Mon)."""
    path = tmp_path / "c.yaml"
    path.write_text(
        "cases:\n"
        "  - name: bare limit\n    deadline: {start: 2025-09-01, limit: 5}\n    expect: {due: 2025-09-08}\n"
        "  - name: bare extension\n    deadline: {start: 2025-09-01, limit: 5个工作日, extensions: [3]}\n"
        "    expect: {due: 2025-09-08}\n"
        "  - name: fine\n    deadline: {start: 2025-09-01, limit: 5个工作日}\n    expect: {due: 2025-09-08}\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["test", str(path)])
    assert result.exit_code == 1, result.output
    assert f"deadline.limit: {_LIMIT_WORDS} the number 5" in result.output, result.output
    assert f"deadline.extensions.0: {_LIMIT_WORDS} the number 3" in result.output, result.output
    assert "1 failed" not in result.output and "2 failed, 1 passed" in result.output, result.output


# == A5. the service named one field two ways: extensions[0] (a range error) and body.extensions.0 =====


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"limit": "5天", "pauses": [{"from": "2025-01-02", "to": "9999-01-01"}]}, "body.pauses.0", "date-out-of-range"),
        ({"limit": "3天", "extensions": ["1天", "99999999个工作日"]}, "body.extensions.1", "date-out-of-range"),
        ({"limit": "99999999个工作日"}, "body.limit", "date-out-of-range"),
        ({"limit": "3天", "extensions": ["1天", "3.5天"]}, "body.extensions.1", "limit-text"),
        ({"limit": "3天", "extensions": [5]}, "body.extensions.0", "bad-input"),
        ({"start": "0001-01-02", "limit": "3天"}, "body.start", "date-out-of-range"),
    ],
)  # fmt: skip
def test_the_service_names_a_field_one_way(body: dict[str, Any], field: str, code: str) -> None:
    """DESIGN fixes no style; pydantic's errors (and most tests) say ``body.extensions.0``, so a range
    error (the Python API's ``extensions[0]``, ``pauses[0]``, ``limit``, ``start``) says it too, in its
    detail and its field, whichever check found the fault."""
    with _client() as client:
        r = client.post("/v1/deadlines", json={"start": "2025-01-01", **body}, headers=WRITER)
    doc = r.json()
    assert r.status_code == 422 and doc["type"] == f"/problems/{code}", doc
    assert doc["detail"].startswith(f"{field}: "), doc
    named = doc.get("field") or ".".join(str(p) for p in doc["errors"][0]["loc"])
    assert named == field, doc


def test_the_python_api_keeps_its_parameter_names() -> None:
    """The library names its own parameters (``extensions[0]``): the renaming is the service's."""
    from govhall.errors import CalendarRangeError
    from govhall.timelimits import due_date

    with pytest.raises(CalendarRangeError) as info:
        due_date("2025-01-01", "3天", extensions=["99999999个工作日"])
    assert info.value.detail["field"] == "extensions[0]" and str(info.value).startswith("extensions[0]: ")


# == A4. a notice's make-up working day (or holiday) in a year the notice does not arrange ==============


@pytest.mark.parametrize(
    ("first", "last", "makeup", "said"),
    [
        ("2027-01-01", "2027-01-03", "2028-01-08", "block 元旦: make-up working day 2028-01-08 is in 2028"),
        ("2027-01-01", "2027-01-03", "2025-01-04", "block 元旦: make-up working day 2025-01-04 is in 2025"),
        ("2029-01-01", "2029-01-03", "", "block 元旦: holiday 2029-01-01 is in 2029"),
    ],
)
def test_a_notice_refuses_a_day_of_a_year_it_does_not_arrange(
    tmp_path: Path, first: str, last: str, makeup: str, said: str
) -> None:
    """2028-01-08 (a Saturday) as a make-up working day of the 2027 notice was taken in: the 2028
    calendar changed by a notice that does not speak for it (a typo for 2027-01-09). Refused, naming the
    file, the notice, the block and the day. 2026-12-xx stays allowed (the turn of the year: the 2023
    notice's 元旦 began on 2022-12-31), and the packaged notices still load."""
    from govhall.calendars.notices import load_notice_book
    from test_hostile_input_sweep12 import _BLOCK, _NOTICE_2027

    notice = tmp_path / "n.yaml"
    notice.write_text(
        _NOTICE_2027.format(blocks=_BLOCK.format(item="一", first=first, last=last, days=3, makeup=makeup)),
        encoding="utf-8",
    )
    err = one_line_error(runner.invoke(app, ["calendar", "add", "2027-01-04", "1", "--notices", str(notice)]))
    assert err.startswith(f"govhall: error: {notice}: notice 1 (year 2027, line 7): {said}; a 2027 notice"), (
        err
    )
    turn = tmp_path / "turn.yaml"  # 2026-12-31 (Thu) .. 2027-01-02 (Sat), made up Sun 2026-12-27
    turn.write_text(
        _NOTICE_2027.format(
            blocks=_BLOCK.format(
                item="一", first="2026-12-31", last="2027-01-02", days=3, makeup="2026-12-27"
            )
        ),
        encoding="utf-8",
    )
    done = runner.invoke(app, ["calendar", "workday", "2027-01-01", "--notices", str(turn), "--json"])
    assert done.exit_code == 0 and json.loads(done.stdout)["working_day"] is False, done.output
    assert any(b.first_day.year == 2022 for n in load_notice_book().notices for b in n.blocks)


# == B. a fresh sweep ======================================================================================


@pytest.mark.parametrize("form", ["document", "jsonl"])
@pytest.mark.parametrize("value", [True, False])
def test_a_boolean_fee_is_named_as_no_amount(tmp_path: Path, form: str, value: bool) -> None:
    """``service_fee_charged: true`` was "decimal input should be an integer, float, string or Decimal
    object (got true)", pydantic's Python words (and a JSON user has no Decimal object). The record is
    still rejected alone; the one beside it is read."""
    from govhall.loaders import load_dataset

    apps = [{**APP, "service_fee_charged": value}, {**APP, "id": "A-0002", "service_fee_charged": 0}]
    if form == "document":
        ds = load_dataset({"items": ALL_ITEMS, "applications": apps})
    else:
        (tmp_path / "items.json").write_text(json.dumps(ALL_ITEMS, ensure_ascii=False), encoding="utf-8")
        lines = "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in apps)
        (tmp_path / "applications.jsonl").write_text(lines, encoding="utf-8")
        ds = load_dataset(tmp_path)
    [rejected] = ds.rejected
    word = "true" if value else "false"
    assert rejected.reason == f"service_fee_charged: an amount of money is a number (yuan), not {word}"
    assert (rejected.record_id, rejected.field, rejected.line) == ("A-0001", "service_fee_charged", 1)
    assert [a.id for a in ds.applications] == ["A-0002"]


_FRIDAY = {"id": "C1", "channel": "onsite", "received_at": "2025-09-05T09:00:00", "content": "窗口人员态度差"}


@pytest.mark.parametrize(
    ("profile", "due"),
    [
        # Fri 2025-09-05 + 3 working days: Mon 8, Tue 9, Wed 10 (the hall reads 天 as working days)
        ("interpretations: {yousu-jiban.day-unit: working_days}\n", "2025-09-10"),
        # Fri 2025-09-05 + 10 calendar days = Mon 2025-09-15 (the hall's own general-tier limit)
        ("parameters: {yousu-jiban.limit_general: 10天}\n", "2025-09-15"),
        # 3 calendar days end Mon 09-08, a day the hall is closed: the last day rolls to Tue 09-09
        # (civil-code:203); the calendar was applied before too
        ("calendar: {closed: [2025-09-08]}\n", "2025-09-09"),
    ],
)
def test_screen_applies_the_profiles_readings_and_limits(tmp_path: Path, profile: str, due: str) -> None:
    """``govhall screen --profile`` read only the profile's calendar: a hall whose profile reads 天 as
    working days, or sets its general tier to 10天, was told 2025-09-08 (3 calendar days) without a word,
    where ``govhall audit`` with the same profile counts as the hall chose. Now the CLI and the service
    (its served profile) apply the readings and tier limits too."""
    from fastapi.testclient import TestClient

    from govhall.serve import Settings, create_app

    path = tmp_path / "hall.yaml"
    path.write_text(profile, encoding="utf-8")
    complaint = tmp_path / "c.json"
    complaint.write_text(json.dumps(_FRIDAY, ensure_ascii=False), encoding="utf-8")
    done = runner.invoke(app, ["screen", str(complaint), "--profile", str(path), "--json"])
    assert done.exit_code == 0 and json.loads(done.stdout)["due"] == due, done.output
    with TestClient(create_app(Settings(profile=path, tick_seconds=0, live_engine="plain"))) as client:
        r = client.post("/v1/complaints/screen", json=_FRIDAY)
    assert r.status_code == 200 and r.json()["due"] == due, r.text


def test_screen_lets_interpret_win_over_the_profile_and_refuses_a_broken_profile(tmp_path: Path) -> None:
    path = tmp_path / "hall.yaml"
    path.write_text("interpretations: {yousu-jiban.day-unit: working_days}\n", encoding="utf-8")
    complaint = tmp_path / "c.json"
    complaint.write_text(json.dumps(_FRIDAY, ensure_ascii=False), encoding="utf-8")
    args = ["screen", str(complaint), "--profile", str(path), "--json"]
    done = runner.invoke(app, [*args, "--interpret", "yousu-jiban.day-unit=calendar_days"])
    assert done.exit_code == 0 and json.loads(done.stdout)["due"] == "2025-09-08", done.output
    path.write_text("parameters: {yousu-jiban.limit_general: 5}\n", encoding="utf-8")
    err = one_line_error(runner.invoke(app, args))
    assert (
        f"profile {path}: parameter yousu-jiban.limit_general must be a text such as '3天', not 5" in err
    ), err


def test_deadline_applies_the_profiles_deadline_readings(tmp_path: Path) -> None:
    """``govhall deadline --profile`` read only the profile's calendar: a hall choosing
    ``timelimits.pause-mode: restart`` was told the suspend answer without a word (as was
    /v1/deadlines under a served profile). Worked by hand: Mon 2025-09-01 + 10个工作日, paused Fri
    09-05 (September 2025 has no holiday). Suspend: 2, 3, 4 Sep, (5 paused), 8-12, 15, 16 -> 09-16.
    Restart: 10 working days in full after the pause: 8-12, 15-19 -> 09-19. --interpret (the body's
    interpretations) still wins; a profile naming another standard's reading is no error here."""
    from fastapi.testclient import TestClient

    from govhall.serve import Settings, create_app

    path = tmp_path / "hall.yaml"
    path.write_text(
        "interpretations: {timelimits.pause-mode: restart, db23-hlj-2023.correction-clock: suspend}\n",
        encoding="utf-8",
    )
    args = ["deadline", "2025-09-01", "10个工作日", "--pause", "2025-09-05:2025-09-05", "--json"]
    done = runner.invoke(app, [*args, "--profile", str(path)])
    assert done.exit_code == 0 and json.loads(done.stdout)["due"] == "2025-09-19", done.output
    done = runner.invoke(app, [*args, "--profile", str(path), "--interpret", "timelimits.pause-mode=suspend"])
    assert done.exit_code == 0 and json.loads(done.stdout)["due"] == "2025-09-16", done.output
    body = {
        "start": "2025-09-01",
        "limit": "10个工作日",
        "pauses": [{"from": "2025-09-05", "to": "2025-09-05"}],
    }
    with TestClient(create_app(Settings(profile=path, tick_seconds=0, live_engine="plain"))) as client:
        r = client.post("/v1/deadlines", json=body)
        assert r.status_code == 200 and r.json()["due"] == "2025-09-19", r.text
        mine = {**body, "interpretations": {"timelimits.pause-mode": "suspend"}}
        r = client.post("/v1/deadlines", json=mine)
        assert r.status_code == 200 and r.json()["due"] == "2025-09-16", r.text


@pytest.mark.parametrize(
    ("closed", "said"),
    [
        ("[2025-01-06, 99999]", "calendar.closed.1: a number is not a date (expected YYYY-MM-DD)"),
        ("[{date: null}]", "calendar.closed.0: null is not a date (expected YYYY-MM-DD)"),
        ("[{date: 2025-01-06, reason: [1]}]", "calendar.closed.0: the reason must be a text, not an array"),
        ("[{from: 2025-01-06, to: 2025-01-08}]", "calendar.closed.0: the entry has no date"),
    ],
)
def test_a_profiles_bad_closure_is_named_by_its_place_in_yaml_words(
    tmp_path: Path, closed: str, said: str
) -> None:
    """A bad closure said "override entry {'date': datetime.date(2025, 1, 6), 'reason': [1]}: …" or
    "got NoneType" / "got int": Python's words, the entry found only by its echo. Now its place
    (calendar.closed.1) and the YAML's words."""
    path = tmp_path / "hall.yaml"
    path.write_text(f"calendar:\n  closed: {closed}\n", encoding="utf-8")
    err = one_line_error(runner.invoke(app, ["deadline", "2025-01-01", "3天", "--profile", str(path)]))
    assert err.startswith(f"govhall: error: {path}: bad calendar override: {said}"), err
    assert "datetime.date" not in err and "NoneType" not in err, err


@pytest.mark.parametrize(
    ("field", "kind", "value", "said"),
    [
        ("service_fee_charged", "decimal", "-1", "service_fee_charged: input should be greater than or equal to 0 (got -1)"),
        ("received_at", "time", "09:00", "received_at: 09:00:00 is not a date or time"),
    ],
)  # fmt: skip
def test_a_parquet_value_is_echoed_in_its_own_words(
    tmp_path: Path, field: str, kind: str, value: str, said: str
) -> None:
    """A Parquet decimal column's -1 was echoed "(got Decimal('-1'))", a time column's 09:00
    "datetime.time(9, 0) is not a date or time": Python's reprs, in a report for a hall's staff."""
    import datetime as dt
    from decimal import Decimal

    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    from govhall.loaders import load_dataset

    row = {k: v for k, v in APP.items() if k not in ("applicant", "materials_submitted")}
    typed: Any = Decimal(value) if kind == "decimal" else dt.time.fromisoformat(value)
    fine: Any = Decimal(0) if kind == "decimal" else dt.time(10, 0)  # a time is no moment either
    schema = pa.Table.from_pylist([row]).schema
    arrow = pa.decimal128(10, 2) if kind == "decimal" else pa.time64("us")
    schema = schema.set(schema.get_field_index(field), pa.field(field, arrow))
    table = pa.Table.from_pylist([{**row, field: typed}, {**row, "id": "A-0002", field: fine}], schema=schema)
    (tmp_path / "items.json").write_text(json.dumps(ALL_ITEMS, ensure_ascii=False), encoding="utf-8")
    pq.write_table(table, tmp_path / "applications.parquet")
    ds = load_dataset(tmp_path)
    rejected = ds.rejected[0]
    assert (rejected.record_id, rejected.field, rejected.line) == ("A-0001", field, 1), rejected
    assert rejected.reason.startswith(said), rejected.reason
    assert "Decimal(" not in rejected.reason and "datetime." not in rejected.reason, rejected.reason


@pytest.mark.parametrize(
    ("text", "read"), [("٥", None), ("٥.٥", None), ("߅", None), ("５", "5"), ("5.50", "5.50")]
)
def test_a_fee_in_digits_of_another_script_is_refused_as_a_count_is(text: str, read: str | None) -> None:
    """``service_fee_charged: "٥"`` was read as 5 yuan (Python's Decimal reads every script's digits),
    where ``calendar add`` and a limit text refuse ``٥``: one decision for every number govhall reads,
    ASCII and full-width digits. The record is rejected alone, the digit named."""
    from govhall.loaders import load_dataset

    apps = [{**APP, "service_fee_charged": text}, {**APP, "id": "A-0002"}]
    ds = load_dataset({"items": ALL_ITEMS, "applications": apps})
    if read is None:
        [rejected] = ds.rejected
        assert (rejected.record_id, rejected.field) == ("A-0001", "service_fee_charged"), rejected
        assert "is a digit of another script; write 0-9" in rejected.reason, rejected.reason
        assert [a.id for a in ds.applications] == ["A-0002"]
    else:
        assert ds.rejected == [] and str(ds.applications[0].service_fee_charged) == read
