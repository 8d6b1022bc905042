"""DESIGN.md's promises, checked as DESIGN states them (names, keys, codes), where no other test pins them.

The expected names below are copied from DESIGN.md's text ("Python API", "Command line",
"Core concepts: Interpretation"), not from govhall's output; the other tests check the values.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import govhall
from govhall.cli import app
from govhall.reports import FORMATS, render

runner = CliRunner()

try:
    import fastapi  # noqa: F401  (the serve extra is part of the test extra)

    _FASTAPI = True
except ImportError:  # pragma: no cover
    _FASTAPI = False

# DESIGN, "Python API (stable names, all importable from `govhall`)": every name its block shows
DESIGN_API_NAMES = (
    "calendar", "due_date", "Deadline", "screen_complaint", "Screening", "load_dataset", "Dataset",
    "audit", "Report", "standards", "Standard",
)  # fmt: skip


@pytest.mark.parametrize("name", DESIGN_API_NAMES)
def test_every_name_of_designs_python_api_is_importable_from_govhall(name: str) -> None:
    namespace: dict[str, object] = {}
    exec(f"from govhall import {name}", namespace)  # the form a user writes
    assert namespace[name] is getattr(govhall, name)
    assert name in govhall.__all__


def test_standards_returns_instances_of_the_exported_standard() -> None:
    """``govhall.standards() -> list[Standard]``: the class a caller annotates with is the one returned."""
    found = govhall.standards()
    assert found and all(isinstance(s, govhall.Standard) for s in found)


def _small_dataset() -> govhall.Dataset:
    """One complaint with a tier, so yousu-jiban's day unit is read (Core concepts: Interpretation)."""
    return govhall.load_dataset(
        {
            "as_of": "2025-11-30",
            "complaints": [
                {
                    "id": "C-1",
                    "channel": "onsite",
                    "received_at": "2025-11-03T10:00",
                    "content": "窗口人员态度冷漠",
                    "facts": {"staff_conduct": True},
                    "tier": "general",
                },
            ],
        }  # fmt: skip
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_report_format_lists_the_interpretations_it_used(fmt: str) -> None:
    """DESIGN: "Every report lists the interpretations it used" — every renderer, JUnit included."""
    report = govhall.audit(
        _small_dataset(), interpretations={"yousu-jiban.day-unit": "working_days"}, standards=["yousu-jiban"]
    )
    used = {i.name: i.value for i in report.interpretations}
    assert used.get("yousu-jiban.day-unit") == "working_days"  # the chosen reading, not the default
    out = render(report, fmt)
    if fmt == "md":  # Markdown escapes ``_``, ``-``, ``.`` … with a backslash; a reader sees them plain
        out = out.replace("\\", "")
    for name, value in used.items():
        assert name in out and value in out, (fmt, name)


def test_junit_lists_each_interpretation_as_a_property_with_its_reading() -> None:
    report = govhall.audit(
        _small_dataset(), interpretations={"yousu-jiban.day-unit": "working_days"}, standards=["yousu-jiban"]
    )
    root = ET.fromstring(render(report, "junit").encode("utf-8"))
    props = {p.get("name"): p.get("value") for p in root.iter("property")}
    assert props.get("interpretation yousu-jiban.day-unit") == "working_days"
    assert len([k for k in props if k.startswith("interpretation ")]) == len(report.interpretations)


def _events(tmp_path: Path) -> Path:
    lines = [
        {"table": "items", "code": "I1", "name": "食品经营许可", "type": "行政许可", "department": "D1",
         "statutory_limit": "20个工作日", "promised_limit": "3个工作日"},
        {"table": "applications", "id": "A1", "item_code": "I1", "received_at": "2025-11-03T09:10"},
        {"application_id": "A1", "kind": "accepted", "at": "2025-11-03T09:20"},
        {"kind": "weather", "at": "2025-11-03T09:30", "sky": "rain"},
    ]  # fmt: skip
    path = tmp_path / "events.jsonl"
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    return path


def test_live_replay_json_has_the_keys_of_designs_table(tmp_path: Path) -> None:
    """DESIGN: `govhall live replay EVENTS.jsonl [--state DB]` → `posted`, `not_posted`, `findings`,
    `unknown_events`."""
    events = _events(tmp_path)
    result = runner.invoke(
        app, ["live", "replay", str(events), "--until", "2025-11-03T12:00", "--state", str(tmp_path / "s.db"),
              "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert {"posted", "not_posted", "findings", "unknown_events"} <= set(doc)
    assert doc["posted"] == 4 and doc["not_posted"] == 0  # every line was due before --until
    assert len(doc["unknown_events"]) == 1  # the weather line is recorded, not raised


@pytest.mark.parametrize(
    ("argv", "keys"),
    [
        (["calendar", "workday", "2025-10-11"], {"date", "working_day", "reason", "holiday_name", "provisional"}),
        (["calendar", "add", "2025-09-26", "20"], {"date", "n", "result", "provisional"}),
        (["calendar", "count", "2025-09-30", "2025-10-13"], {"from", "to", "working_days"}),
        (["deadline", "2025-09-26", "20个工作日", "--pause", "2025-10-09:2025-10-10", "--extend", "10个工作日"],
         {"start", "limit", "due", "paused_working_days", "provisional", "basis"}),
        (["standards", "coverage"], {"coverage"}),
    ],
)  # fmt: skip
def test_json_commands_give_the_keys_of_designs_table(argv: list[str], keys: set[str]) -> None:
    result = runner.invoke(app, [*argv, "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)  # one JSON document on stdout
    assert keys <= set(doc)
    if argv[0] == "deadline":
        assert {"amount", "unit"} <= set(doc["limit"])
    if argv[0] == "standards":
        for row in doc["coverage"].values():
            assert {"clauses", "rule", "parameter", "not_automatable", "todo"} <= set(row)


@pytest.mark.parametrize(
    ("day", "reason"),
    [("2025-10-13", "weekday"), ("2025-10-12", "weekend"), ("2025-10-01", "holiday"), ("2025-10-11", "makeup_workday")],
)  # fmt: skip
def test_workday_reasons_are_designs_names(day: str, reason: str) -> None:
    # 2025: National Day 10-01..10-08, 调休 working days Sun 09-28 and Sat 10-11 (国办发明电〔2024〕12号)
    result = runner.invoke(app, ["calendar", "workday", day, "--json"])
    assert json.loads(result.stdout)["reason"] == reason


def test_workday_reason_override_for_a_hall_closure(tmp_path: Path) -> None:
    profile = tmp_path / "hall.yaml"
    profile.write_text("calendar:\n  closed: [{date: 2025-10-09, reason: 系统升级闭厅}]\n", encoding="utf-8")
    result = runner.invoke(app, ["calendar", "workday", "2025-10-09", "--profile", str(profile), "--json"])
    doc = json.loads(result.stdout)
    assert (doc["working_day"], doc["reason"]) == (False, "override")


@pytest.mark.parametrize(
    ("text", "unit"),
    [("20个工作日", "working_day"), ("3天", "calendar_day"), ("1个月", "month"), ("24小时", "hour"),
     ("当场", "on_the_spot")],
)  # fmt: skip
def test_deadline_limit_units_are_designs_names(text: str, unit: str) -> None:
    result = runner.invoke(app, ["deadline", "2025-09-30", text, "--json"])
    assert json.loads(result.stdout)["limit"]["unit"] == unit


def test_an_interrupted_province_audit_exits_130_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/province.md: "On Ctrl-C … the command exits 130" (DESIGN's exit codes name 0, 1, 2 only)."""
    for hall in ("a", "b"):
        (tmp_path / hall).mkdir()
        (tmp_path / hall / "items.jsonl").write_text(
            json.dumps(
                {"code": "I1", "name": "某许可", "type": "行政许可", "department": "D1"}, ensure_ascii=False
            )
            + "\n",
            encoding="utf-8",
        )

    def interrupted(*_args: object, **_kwargs: object) -> object:
        raise KeyboardInterrupt

    # the halls' run (what audit_many and audit_many_spooled, which the command uses, both call), and
    # the report's writing, each interrupted in turn
    monkeypatch.setattr("govhall.province.run_local", interrupted)
    result = runner.invoke(app, ["audit", str(tmp_path), "--as-of", "2025-11-30", "--jobs", "1"])
    assert result.exit_code == 130, (result.output, result.stderr)
    assert result.stderr.count("\n") == 1 and "interrupted" in result.stderr
    monkeypatch.undo()
    monkeypatch.setattr("govhall.reports.write_report", interrupted)
    result = runner.invoke(app, ["audit", str(tmp_path), "--as-of", "2025-11-30", "--jobs", "1"])
    assert result.exit_code == 130, (result.output, result.stderr)
    assert result.stderr.count("\n") == 1 and "interrupted" in result.stderr


def test_docs_ci_lists_every_exit_code_the_commands_use() -> None:
    """0/1/2 (DESIGN), 3 (a rule raised: README, --help) and 130 (interrupted: province.md) in one place."""
    text = (Path(__file__).resolve().parents[1] / "docs" / "ci.md").read_text(encoding="utf-8")
    section = text.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    for code in ("**0**", "**1**", "**2**", "**3**", "**130**"):
        assert code in section, code
    assert "--tolerate-rule-errors" in section


def _matches_with_ellipsis(shown: str, actual: str) -> bool:
    """``shown`` is a doc's abbreviation of ``actual``: its ``…`` stands for any text."""
    return (
        re.fullmatch(".*?".join(re.escape(part) for part in shown.split("…")), actual, flags=re.S) is not None
    )


def test_data_md_enum_messages_end_as_the_channel_list_does(tmp_path: Path) -> None:
    """docs/data.md shows the refusal of an unknown channel, by the loader and by the JSON Schema, abbreviated
    with ``…``; what is left of the list (its first and last values) is what govhall says."""
    from jsonschema import Draft202012Validator, FormatChecker

    doc = (Path(__file__).resolve().parents[1] / "docs" / "data.md").read_text(encoding="utf-8")
    record = {"id": "A-17", "item_code": "I1", "received_at": "2025-11-03T09:00", "channel": "pigeon"}
    validator = Draft202012Validator(govhall.json_schema("Application"), format_checker=FormatChecker())
    messages = [e.message for e in validator.iter_errors(record)]
    shown = re.search(r"^# \[\"('pigeon' is not one of .*?)\"\]$", doc, flags=re.M)
    assert shown is not None and len(messages) == 1
    assert _matches_with_ellipsis(shown.group(1), messages[0]), (shown.group(1), messages[0])

    items = {"code": "I1", "name": "食品经营许可", "type": "行政许可", "department": "D1"}
    ds = govhall.load_dataset({"items": [items], "applications": [record]})
    (rejected,) = ds.rejected
    row = re.search(r"\| a value outside an enumeration \| `(.*?)` \|", doc)
    assert row is not None
    assert _matches_with_ellipsis(row.group(1), rejected.reason), (row.group(1), rejected.reason)


# DESIGN "Input data": dates are ISO 8601 — in the extended form the published schema allows
# (govhall.schema.DATETIME_PATTERN), read alike on every Python: 3.11 widened date.fromisoformat to
# basic and week forms that 3.10 refuses, so a command line or API call must not depend on which.
@pytest.mark.parametrize(
    "text", ["20251011", "2025-W41-6", "2025W416", "２０２５-１０-１１", "2025-10-11T09:00+08"]
)
def test_a_date_outside_iso_extended_form_is_refused_on_every_python(text: str) -> None:
    if len(text) <= 10:
        result = runner.invoke(app, ["calendar", "workday", text, "--json"])
        assert result.exit_code == 2 and result.stderr.count("\n") == 1, (result.stdout, result.stderr)
    with pytest.raises(govhall.DateError):
        govhall.calendar("CN").is_working_day(text)
    with pytest.raises(govhall.DateError):
        govhall.due_date(text, "1个工作日")


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("2025-09-30T23:30+0000", "2025-10-01"),  # 07:30 on 1 October in Shanghai
        ("2025-09-30t15:30Z", "2025-09-30"),  # 23:30 in Shanghai, still 30 September
        ("2025-09-30 23:30:00.5", "2025-09-30"),  # naive: Shanghai time
        ("2025-09-30T23:30:00.123456-05:00", "2025-10-01"),
    ],
)
def test_every_offset_form_of_the_schema_is_read_on_every_python(text: str, start: str) -> None:
    """Offsets without a colon, fractions and a lower-case ``t`` are in the schema's pattern; 3.10's
    ``datetime.fromisoformat`` refuses them, so the API and the command line must not lean on it."""
    assert govhall.due_date(text, "1个工作日").start.isoformat() == start
    result = runner.invoke(app, ["deadline", text, "1个工作日", "--json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["start"] == start


@pytest.mark.parametrize("text", ["20251130", "2025-W48-7"])
def test_a_datasets_as_of_outside_iso_extended_form_is_refused_on_every_python(text: str) -> None:
    with pytest.raises(govhall.DateError, match="as_of"):
        govhall.load_dataset({"as_of": text, "items": []})


def test_a_datasets_as_of_with_an_offset_is_the_day_in_shanghai() -> None:
    """DESIGN "Time": naive times are Asia/Shanghai, other zones converted (20:00 UTC is 04:00 next day)."""
    assert govhall.load_dataset({"as_of": "2025-11-30T20:00Z", "items": []}).as_of.isoformat() == "2025-12-01"
    assert govhall.load_dataset({"as_of": "2025-11-30T20:00", "items": []}).as_of.isoformat() == "2025-11-30"


@pytest.mark.parametrize(
    "text",
    ["2025-11-03", "2025-11-03T09:00", "2025-11-03 09:00:00", "2025-11-03t09:00:00.5", "2025-11-03T09:00Z",
     "2025-11-03T09:00:00.123456+08:00", "2025-11-03T09:00+0800", "2025-11-03T09:00-05:30", "2025-11-03T09:00+08",
     "2025-11-03T09", "2025-11-03T9:00", "20251103"],
)  # fmt: skip
def test_what_the_published_schema_allows_in_a_timestamp_govhall_reads(text: str) -> None:
    """``govhall schema`` is the field contract a front end validates against (README, docs/data.md): a
    timestamp its pattern allows must load, and one it refuses must be refused by the API as well."""
    pattern = govhall.json_schema("Application")["properties"]["received_at"]["pattern"]
    item = {"code": "I1", "name": "n", "type": "行政许可", "department": "D"}
    app_ = {"id": "A1", "item_code": "I1", "received_at": text}
    ds = govhall.load_dataset({"as_of": "2025-11-30", "items": [item], "applications": [app_]})
    allowed = re.fullmatch(pattern.strip("^$"), text) is not None
    assert (len(ds.applications) == 1) is allowed, (text, [r.reason for r in ds.rejected])
    if not allowed:
        with pytest.raises(govhall.DateError):
            govhall.due_date(text, "1个工作日")


def test_screen_complaint_takes_the_complaint_as_a_dict_too() -> None:
    """DESIGN: ``govhall.screen_complaint(complaint)``; the same record the command line and the service
    read as JSON, given as a dict, is screened as the model would be (not an AttributeError)."""
    from govhall.models import Complaint

    record = {"id": "C-1", "channel": "letter", "received_at": "2025-09-30T10:00", "content": "已向法院起诉",
              "facts": {"litigation": True}}  # fmt: skip
    assert govhall.screen_complaint(record) == govhall.screen_complaint(Complaint.model_validate(record))
    assert govhall.screen_complaint(record).category is not None
    with pytest.raises(ValueError, match="channel"):
        govhall.screen_complaint({**record, "channel": "pigeon"})


def test_a_parameter_files_dates_are_iso_extended_on_every_python(tmp_path: Path) -> None:
    from govhall.rules.parameters import load_parameter_file

    path = tmp_path / "gdzw-0020-2019.yaml"
    path.write_text(
        "parameters:\n  min_channels:\n    clause: gdzw-0020-2019:5.4.2\n    values:\n"
        "      - {value: 3, from: '20250101', citation: 某市细则}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="is not an ISO date"):
        load_parameter_file(path)


def test_a_case_files_as_of_is_iso_extended_on_every_python(tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "cases:\n  - name: a text of digits is no as_of\n    rule: gdzw-0020-2019/written-correction-notice\n"
        "    expect: silent\n    as_of: '20251130'\n    data: {items: [{code: I1, name: n, type: 行政许可, department: D}]}\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["test", str(cases), "--json"])
    # 3.11's fromisoformat reads '20251130' as a day; the case file's as_of is refused on every Python,
    # as a broken case file is: exit 2, one line naming the file, the case and the text
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and "case 1" in result.stderr and "'20251130'" in result.stderr


def test_a_due_by_field_refuses_a_week_date_as_every_timestamp_does() -> None:
    """``answer_promised_at`` reads a bare day as its end; 3.11's fromisoformat also took ``2025-W45-3``
    (ten characters) there, which every other timestamp field, the schema and Python 3.10 refuse."""
    from govhall.models import Inquiry

    record = {"id": "Q1", "at": "2025-11-03T10:00", "asked_staff": ["S1"], "scope": "a"}
    assert Inquiry.model_validate({**record, "answer_promised_at": "2025-11-05"}).answer_promised_at.day == 5
    with pytest.raises(ValueError, match="answer_promised_at"):
        Inquiry.model_validate({**record, "answer_promised_at": "2025-W45-3"})


# -- round 2 ----------------------------------------------------------------------------------------

_CN = govhall.calendar("CN")
_DAYS = st.dates(min_value=date(2024, 12, 1), max_value=date(2026, 2, 28))


@settings(max_examples=150, deadline=None)
@given(_DAYS, _DAYS)
def test_count_is_the_number_of_working_days_in_the_half_open_interval(a: date, b: date) -> None:
    """DESIGN "Time": ``count(a, b)`` counts working days in (a, b]; for b <= a that interval is empty, so
    the count is 0 (it was ``-count(b, a)``), whichever way it is asked."""
    n = _CN.working_days_between(a, b)
    by_hand = sum(1 for k in range(1, (b - a).days + 1) if _CN.is_working_day(a + timedelta(days=k)))
    assert n == by_hand == len(_CN.working_days_in(a, b))
    many = _CN.working_days_between_many(
        np.array([a], dtype="datetime64[D]"), np.array([b], dtype="datetime64[D]")
    )
    assert many.tolist() == [n]


def test_count_from_a_later_day_is_zero_on_the_command_line_and_over_http() -> None:
    # (2026-01-05, 2025-12-31] is empty; the other way round holds 4 Jan (调休 Sunday) and 5 Jan (Monday)
    result = runner.invoke(app, ["calendar", "count", "2026-01-05", "2025-12-31", "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["working_days"] == 0
    result = runner.invoke(app, ["calendar", "count", "2025-12-31", "2026-01-05", "--json"])
    assert json.loads(result.stdout)["working_days"] == 2
    client = _client()
    r = client.get("/v1/calendar/count", params={"start": "2026-01-05", "end": "2025-12-31"})
    assert r.status_code == 200 and r.json()["working_days"] == 0


def test_a_deadlines_basis_holds_clause_refs_and_dumps_as_the_texts() -> None:
    """DESIGN: ``Deadline(due=date, provisional=bool, basis=[ClauseRef], ...)``; a ClauseRef is a str, so
    comparisons, JSON and ``model_dump()`` (which YAML takes) are what they were with plain texts."""
    dl = govhall.due_date("2025-09-26", "20个工作日", pauses=[("2025-10-09", "2025-10-10")])
    assert dl.basis and all(isinstance(r, govhall.ClauseRef) for r in dl.basis)
    assert "civil-code:201" in dl.basis and {r.standard for r in dl.basis} >= {
        "civil-code",
        "admin-licensing-law",
    }
    dumped = dl.model_dump()["basis"]
    assert dumped == [str(r) for r in dl.basis] and all(type(r) is str for r in dumped)
    assert json.loads(dl.model_dump_json())["basis"] == dumped
    assert yaml.safe_load(yaml.safe_dump(list(dl.basis))) == dumped  # the safe dumper refused a str subclass
    assert govhall.Deadline.model_validate_json(dl.model_dump_json()) == dl


@pytest.mark.parametrize("bad", ["not a clause", "nowhere-law:3"])
def test_a_bad_clause_ref_given_as_basis_is_refused_by_name(bad: str) -> None:
    with pytest.raises(ValueError, match="extra_basis") as caught:
        govhall.due_date("2025-09-26", "3个工作日", extra_basis=[bad])
    assert isinstance(caught.value, govhall.GovhallError)


def test_one_extra_basis_text_is_one_clause_not_its_letters() -> None:
    dl = govhall.due_date("2025-09-26", "3个工作日", extra_basis="admin-licensing-law:42")
    assert dl.basis[-1] == "admin-licensing-law:42"


def test_example_applications_without_halls_writes_one_hall_of_about_that_many(tmp_path: Path) -> None:
    """DESIGN: ``govhall example [--halls K] [--applications N] [--seed S] OUT``: without --halls it is one
    hall (its tables in OUT), grown to N in whole blocks as a province's hall is (it was refused)."""
    from govhall.example.province import MAX_BLOCKS, PLANTED_BLOCK

    out = tmp_path / "hall"
    result = runner.invoke(app, ["example", "--applications", "4000", "--seed", "5", str(out)])
    assert result.exit_code == 0, result.stderr
    assert (out / "planted.yaml").is_file() and not [p for p in out.iterdir() if p.is_dir()]
    n = len(govhall.load_dataset(out).applications)
    assert abs(n - 4000) <= PLANTED_BLOCK // 2 + 100, n  # the nearest whole number of blocks (2)
    assert f"{n:,} applications" in result.stderr
    most = MAX_BLOCKS * PLANTED_BLOCK
    result = runner.invoke(
        app, ["example", "--applications", str(most + PLANTED_BLOCK), str(tmp_path / "big")]
    )
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "--halls" in result.stderr
    assert not (tmp_path / "big").exists()


def test_example_rate_zero_without_halls_is_the_clean_month(tmp_path: Path) -> None:
    """``--rate`` is the share of halls with planted violations; for one hall at 0 it has none (it was
    ignored: the hall had them all)."""
    out = tmp_path / "clean"
    assert runner.invoke(app, ["example", "--rate", "0", str(out)]).exit_code == 0
    assert yaml.safe_load((out / "planted.yaml").read_text(encoding="utf-8")) in ([], None)
    result = runner.invoke(app, ["audit", str(out), "--json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["summary"]["findings"] == {"error": 0, "warning": 0, "info": 0}


@pytest.mark.parametrize(
    ("text", "instant"),
    [("2025-11-03T09:00:00,5", "2025-11-03T09:00:00.500000"),
     ("2025-11-03T09:00:00,123456", "2025-11-03T09:00:00.123456"),
     ("2025-11-03 09:00:00,25+08:00", "2025-11-03T09:00:00.250000"),
     ("2025-11-03T01:00:00,5Z", "2025-11-03T09:00:00.500000")],
)  # fmt: skip
def test_a_fraction_after_a_comma_is_read_alike_by_the_schema_the_loader_the_api_and_http(
    text: str, instant: str
) -> None:
    """ISO 8601 allows a comma before a second's fraction; the loader and the service read both while
    the published pattern and ``due_date`` refused them. Now all four agree. (More than six digits were
    cut to microseconds here; they are refused everywhere now, see test_hostile_input_sweep9.)"""
    pattern = govhall.json_schema("Application")["properties"]["received_at"]["pattern"]
    assert re.fullmatch(pattern.strip("^$"), text)
    item = {"code": "I1", "name": "n", "type": "行政许可", "department": "D"}
    ds = govhall.load_dataset(
        {
            "as_of": "2025-11-30",
            "items": [item],
            "applications": [{"id": "A1", "item_code": "I1", "received_at": text}],
        }
    )
    assert ds.applications[0].received_at.isoformat() == instant
    hours = govhall.due_date(text, "24小时")
    assert hours.start_at is not None and hours.start_at.replace(tzinfo=None).isoformat() == instant
    r = _client().post("/v1/deadlines", json={"start": text, "limit": "24小时"})
    assert r.status_code == 200 and r.json()["due"] == hours.due.isoformat()
    result = runner.invoke(app, ["deadline", text, "24小时", "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["due"] == hours.due.isoformat()


def test_a_time_of_days_pattern_takes_the_comma_too() -> None:
    node = re.compile(govhall.schema.TIME_PATTERN.strip("^$"))
    assert node.fullmatch("17:30:00,5") and node.fullmatch("17:30:00.5") and not node.fullmatch("17:30:00,")


def _client() -> Any:
    pytest.importorskip("fastapi", reason="the serve extra is part of the test extra")
    from fastapi.testclient import TestClient

    from govhall.serve import create_app

    return TestClient(create_app())


# DESIGN "HTTP service": the routes it names under /v1, and /health and /openapi.json
DESIGN_ROUTES = (
    ("post", "/v1/complaints/screen"), ("post", "/v1/deadlines"), ("get", "/v1/calendar/"),
    ("post", "/v1/catalogue/check"), ("post", "/v1/audit"), ("get", "/v1/standards"),
    ("post", "/v1/live/events"), ("get", "/v1/live/cards"), ("get", "/v1/live/findings"), ("get", "/health"),
)  # fmt: skip


def test_the_openapi_document_lists_exactly_the_routes_served_and_designs_routes() -> None:
    client = _client()
    r = client.get("/openapi.json")
    assert r.status_code == 200
    documented = {(m, p) for p, ops in r.json()["paths"].items() for m in ops}
    served = {
        (m.lower(), route.path)
        for route in client.app.routes
        for m in getattr(route, "methods", ()) or ()
        if route.path not in ("/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc") and m != "HEAD"
    }
    assert documented == served
    for method, prefix in DESIGN_ROUTES:
        assert any(m == method and p.startswith(prefix) for m, p in documented), (method, prefix)


# DESIGN "Command line": each command of its table, with the options it names
DESIGN_COMMANDS: dict[str, tuple[str, ...]] = {
    "calendar workday": ("--json",), "calendar add": ("--json",), "calendar count": ("--json",),
    "deadline": ("--pause", "--extend", "--json"), "screen": ("--json",),
    "audit": ("--jobs", "--engine", "--scheduler", "--format", "--output", "--fail-on", "--profile",
              "--interpret", "--json"),
    "check": ("--format", "--output", "--fail-on", "--profile", "--interpret", "--json"),
    "standards list": ("--json",), "standards show": ("--json",), "standards coverage": ("--json",),
    "standards export": ("--oscal",), "schema": (), "example": ("--halls", "--applications", "--seed"),
    "checklist": ("--standard", "--hall", "--format"), "test": (), "live replay": ("--state", "--json"),
    "serve": ("--host", "--port", "--tokens", "--state"),
}  # fmt: skip


def _command(words: str) -> Any:
    import typer

    node: Any = typer.main.get_command(app)
    for word in words.split():
        node = node.commands[word]
    return node


@pytest.mark.parametrize("words", sorted(DESIGN_COMMANDS))
def test_every_command_of_designs_table_has_the_options_it_names(words: str) -> None:
    node = _command(words)
    opts = {o for p in node.params for o in getattr(p, "opts", ())}
    assert set(DESIGN_COMMANDS[words]) <= opts, sorted(set(DESIGN_COMMANDS[words]) - opts)
    result = runner.invoke(app, [*words.split(), "--help"])
    assert result.exit_code == 0
    if " " not in words:  # the top-level --help lists it
        assert words in runner.invoke(app, ["--help"]).stdout


@pytest.mark.parametrize("command", ["audit", "check"])
def test_audit_and_check_take_designs_formats_and_fail_on_levels(command: str, tmp_path: Path) -> None:
    """DESIGN: ``--format text|json|md|html|sarif|junit``, ``--fail-on error|warning|never`` (default
    ``error``); exit 0 nothing at or above it, 1 findings at or above it. The hall has errors only."""
    hall = _province(tmp_path / "p") / "north"
    target = str(hall if command == "audit" else hall / "items.jsonl")
    base = [command, target, "--as-of", "2025-11-30"]
    for fmt in ("text", "json", "md", "html", "sarif", "junit"):
        out = tmp_path / f"r.{fmt}"
        result = runner.invoke(app, [*base, "--format", fmt, "--output", str(out)])
        assert result.exit_code == 1 and out.read_text(encoding="utf-8").strip(), (fmt, result.stderr)
    codes = {
        lvl: runner.invoke(app, [*base, "--fail-on", lvl]).exit_code for lvl in ("error", "warning", "never")
    }
    assert codes == {"error": 1, "warning": 1, "never": 0}
    assert runner.invoke(app, [*base, "--fail-on", "sometimes"]).exit_code == 2


def _province(root: Path) -> Path:
    complaint = {"id": "C-1", "channel": "onsite", "received_at": "2025-11-03T10:00", "content": "窗口人员态度冷漠",
                 "facts": {"staff_conduct": True}, "tier": "general"}  # fmt: skip
    item = {"code": "I1", "name": "食品经营许可", "type": "行政许可", "department": "D1"}
    for hall in ("north", "south"):
        (root / hall).mkdir(parents=True)
        (root / hall / "complaints.jsonl").write_text(
            json.dumps(complaint, ensure_ascii=False) + "\n", "utf-8"
        )
        (root / hall / "items.jsonl").write_text(json.dumps(item, ensure_ascii=False) + "\n", "utf-8")
    return root


def test_a_province_report_has_designs_keys_and_valid_sarif_and_junit(tmp_path: Path) -> None:
    """DESIGN: the Report with ``summary.halls`` {hall: its own summary} and each finding's ``hall``; the
    SARIF against its published schema, the JUnit counts against its cases (as CI servers read them)."""
    from jsonschema import Draft7Validator

    root = _province(tmp_path / "p")
    outs = {}
    for fmt in ("json", "sarif", "junit"):
        out = tmp_path / f"r.{fmt}"
        result = runner.invoke(
            app, ["audit", str(root), "--as-of", "2025-11-30", "--jobs", "1", "-f", fmt, "-o", str(out)]
        )
        assert result.exit_code == 1, result.stderr  # findings at error level
        outs[fmt] = out.read_text(encoding="utf-8")
    doc = json.loads(outs["json"])
    assert {"summary", "findings", "rejected", "interpretations"} <= set(doc)
    summary = doc["summary"]
    assert {"records", "audited", "rejected", "findings", "halls"} <= set(summary)
    assert set(summary["halls"]) == {"north", "south"}
    assert summary["records"] == summary["audited"] + summary["rejected"] == 4
    for own in summary["halls"].values():
        assert {"records", "audited", "rejected", "findings"} <= set(own)
        assert set(own["findings"]) == {"error", "warning", "info"}
    assert doc["findings"] and {f["hall"] for f in doc["findings"]} == {"north", "south"}
    schema = json.loads(
        (Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
    )
    assert not list(Draft7Validator(schema).iter_errors(json.loads(outs["sarif"])))
    root_el = ET.fromstring(outs["junit"].encode("utf-8"))
    for suite in [root_el, *root_el.iter("testsuite")]:
        cases = list(suite.iter("testcase"))
        assert int(suite.get("tests", -1)) == len(cases)
        assert int(suite.get("failures", -1)) == sum(c.find("failure") is not None for c in cases)
        assert int(suite.get("errors", 0)) == sum(c.find("error") is not None for c in cases)
        assert int(suite.get("skipped", 0)) == sum(c.find("skipped") is not None for c in cases)
    assert int(root_el.get("failures", 0)) == len(doc["findings"])


@pytest.mark.parametrize(
    "argv",
    [["schema"], ["schema", "Application"], ["schema", "--list"], ["standards", "list"],
     ["standards", "show", "yousu-jiban"], ["calendar", "notices"]],
)  # fmt: skip
def test_every_json_flag_gives_one_json_document_on_stdout(argv: list[str]) -> None:
    """DESIGN: "every ``--json`` output is one JSON document on stdout"; for ``govhall schema [MODEL]`` that
    output is the schema (``--json`` was refused there: "goes with --arrow")."""
    result = runner.invoke(app, [*argv, "--json"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    if argv[0] == "schema" and "--list" not in argv:
        assert doc == json.loads(runner.invoke(app, argv).stdout)  # the same schema as without --json
        assert doc["$schema"].startswith("https://json-schema.org/")
    if "--list" in argv:
        assert "Application" in doc and "Dataset" in doc


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_report_format_names_each_rejected_record_with_its_table_line_and_reason(fmt: str) -> None:
    """DESIGN "Input data": bad records "never vanish: each invalid record goes to ``rejected`` with its
    table, line and a clear reason" — in every rendering of the report, not only its JSON."""
    item = {"code": "I1", "name": "n", "type": "行政许可", "department": "D"}
    apps = [{"id": "A1", "item_code": "I1", "received_at": "2025-11-03T09:00"},
            {"id": "A-BAD", "item_code": "I1", "received_at": "notadate"}]  # fmt: skip
    report = govhall.audit(
        govhall.load_dataset({"as_of": "2025-11-30", "items": [item], "applications": apps})
    )
    (rejected,) = report.rejected
    assert (rejected.table, rejected.line) == ("applications", 2)
    out = render(report, fmt)
    if fmt == "md":
        out = out.replace("\\", "")
    assert "A-BAD" in out and "notadate" in out and "applications" in out, fmt


# RFC 3339 date-time, as the OpenAPI document's ``format: date-time`` promises: seconds and an offset
_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")


@pytest.mark.parametrize("route", ["/v1/live/cards", "/v1/live/findings"])
def test_the_live_routes_last_tick_is_the_rfc3339_date_time_the_openapi_document_declares(route: str) -> None:
    """It was the supervisor's naive Shanghai time (``2025-11-04T00:10:00``), which a generated client
    reads as its own local time, or refuses."""
    client = _client()
    declared = client.get("/openapi.json").json()["components"]["schemas"]
    name = "CardsOut" if route.endswith("cards") else "FindingsOut"
    assert {"type": "string", "format": "date-time"} in declared[name]["properties"]["last_tick"]["anyOf"]
    sup = client.app.state.live.get()
    sup.tick()
    shown = client.get(route).json()["last_tick"]
    assert _RFC3339.fullmatch(shown), shown
    moment = datetime.fromisoformat(shown)
    assert moment.utcoffset() == timedelta(hours=8)
    assert moment.replace(tzinfo=None) == sup.last_tick  # the same Shanghai wall-clock time


def test_docs_serve_md_route_table_lists_exactly_the_operations_served() -> None:
    """docs/serve.md's table is the route list an integrator reads first: every operation in
    /openapi.json is in it, and everything in it is served (path parameters compared by position)."""
    text = (Path(__file__).resolve().parents[1] / "docs" / "serve.md").read_text(encoding="utf-8")
    text = text.replace("\\|", "/")  # an escaped pipe inside a cell (json\|sarif) is not a cell's end
    listed: set[tuple[str, str]] = set()
    for row in re.findall(r"^\| (`(?:GET|POST) [^|]*?) \|", text, flags=re.M):
        method = ""
        for cell in re.findall(r"`([^`]*)`", row):
            words = cell.split()
            if words[0] in ("GET", "POST"):
                method, path = words[0].lower(), words[1]
            else:
                path = words[0]
            listed.add((method, re.sub(r"\{[^}]*\}", "{}", re.split(r"[\[?]", path)[0])))
    spec = _client().get("/openapi.json").json()
    served = {(m, re.sub(r"\{[^}]*\}", "{}", p)) for p, ops in spec["paths"].items() for m in ops}
    served |= {("get", "/openapi.json"), ("get", "/docs")}
    assert listed == served, (sorted(listed - served), sorted(served - listed))


# -- round 3 ----------------------------------------------------------------------------------------


def _operations() -> list[tuple[str, str]]:
    spec = _client().get("/openapi.json").json()
    return sorted((m, p) for p, ops in spec["paths"].items() for m in ops)


def _concrete(path: str) -> str:
    """``path`` with each parameter filled in with a value the route takes."""
    samples = {"day": "2025-10-01", "standard_id": "yousu-jiban", "clause": "不予受理.4", "code": "bad-input"}
    return re.sub(r"\{([^}]*)\}", lambda m: samples[m.group(1)], path)


@pytest.mark.parametrize(("method", "path"), _operations() if _FASTAPI else [])
def test_every_route_refuses_a_query_parameter_it_does_not_take(method: str, path: str) -> None:
    """A platform that mistypes ``as_of`` as ``asof`` got the answer for another day, silently: every
    operation of the OpenAPI document (but /health, for probes) refuses the name, and declares the 422."""
    client = _client()
    r = client.request(method.upper(), _concrete(path), params={"asof": "2025-11-30"}, json={})
    if path == "/health":
        assert r.status_code == 200
        return
    assert r.status_code == 422, (r.status_code, r.text)
    assert r.headers["content-type"].startswith("application/problem+json")
    problem = r.json()
    assert problem["type"] == "/problems/unknown-query-parameter"
    assert problem["parameter"] == "asof" and "'asof'" in problem["detail"]
    assert problem["errors"][0]["loc"] == ["query", "asof"]
    declared = client.get("/openapi.json").json()["paths"][path][method]
    assert set(problem["known"]) == {p["name"] for p in declared.get("parameters", ()) if p["in"] == "query"}
    assert "422" in declared["responses"]


def test_a_mistyped_parameter_is_named_with_the_one_meant_and_known_ones_still_work() -> None:
    client = _client()
    body = {"items": [{"code": "I1", "name": "n", "type": "行政许可", "department": "D"}]}
    r = client.post("/v1/catalogue/check", params={"asof": "2025-11-30", "formt": "sarif"}, json=body)
    assert r.status_code == 422
    problem = r.json()
    assert problem["unknown"] == ["asof", "formt"] and "did you mean 'as_of'?" in problem["detail"]
    assert "did you mean 'format'?" in problem["errors"][1]["msg"]
    r = client.post("/v1/catalogue/check", params={"as_of": "2025-11-30", "format": "sarif"}, json=body)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/sarif+json")
    r = client.get("/v1/calendar/count", params={"start": "2025-09-30", "end": "2025-10-10", "End": "x"})
    assert r.status_code == 422 and r.json()["unknown"] == ["End"]  # names are compared as sent


@pytest.mark.parametrize("name", ["US", "cn ", "", "HK"])
def test_an_unknown_calendar_is_named_with_the_known_ones(name: str) -> None:
    """It was ``bad-input`` ("unknown calendar 'US'; available: CN"): now its own code, an unknown name,
    still a ``ValueError`` as before. ("cn " is CN: names are read as the profile's are, case and
    spaces aside.)"""
    if name.strip().upper() == "CN":
        assert govhall.calendar(name) is govhall.calendar("CN")
        return
    with pytest.raises(govhall.UnknownCalendarError) as caught:
        govhall.calendar(name)
    err = caught.value
    assert isinstance(err, ValueError) and isinstance(err, govhall.UnknownNameError)
    assert err.code == "unknown-calendar" and err.detail["name"] == name and err.detail["known"] == ["CN"]
    assert f"unknown calendar {name!r}" in str(err) and "CN" in str(err)


def test_a_profiles_unknown_calendar_base_is_one_line_naming_it(tmp_path: Path) -> None:
    profile = tmp_path / "hall.yaml"
    profile.write_text("calendar:\n  base: US\n", encoding="utf-8")
    result = runner.invoke(app, ["calendar", "workday", "2025-10-09", "--profile", str(profile)])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "unknown calendar 'US'" in result.stderr and "CN" in result.stderr


# a comma, colon or semicolon of ASCII between Chinese text (``承诺时限5个工作日,最迟应于…``); ``1:1.1`` and
# ``10:40`` are figures and times, not text
_ASCII_IN_CHINESE = re.compile(
    r"(?<=[\u4e00-\u9fff）)}])[,:;](?=[\u4e00-\u9fff{])|(?<=[\u4e00-\u9fff）)])[,:;]$|^[,:;](?=[\u4e00-\u9fff])"
)


def _ascii_punctuation_in_messages(name: str, source: str) -> list[str]:
    """Every Chinese piece of a ``Hit(message=…)`` in ``source`` (pieces of f-strings included) that holds
    ASCII punctuation between Chinese text."""
    import ast

    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Hit"):
            continue
        for kw in (k for k in node.keywords if k.arg == "message"):
            texts = [
                n.value
                for n in ast.walk(kw.value)
                if isinstance(n, ast.Constant) and isinstance(n.value, str) and re.search("[\u4e00-\u9fff]", n.value)
            ]  # fmt: skip
            found += [f"{name}:{node.lineno}: {t}" for t in texts if _ASCII_IN_CHINESE.search(t)]
    return found


def test_finding_messages_use_full_width_punctuation_in_every_standard() -> None:
    """DESIGN "Finding": a one-line message in Chinese. gdzw-0020-2019, yousu-jiban and the law wrote
    ``，`` and ``：``; db23-hlj-2023 (and a few of dongguan-hall-2023's and hangzhou's) wrote ASCII ``,``
    and ``:``. Checked on every message template of the standards modules (an inspection's message
    quotes the clause as the source prints it, and is not a template here)."""
    root = Path(govhall.__file__).parent / "standards"
    found = []
    for path in sorted(root.glob("*.py")):
        found += _ascii_punctuation_in_messages(path.name, path.read_text(encoding="utf-8"))
    assert not found, found
    # the check sees what it is for: the old db23 template
    assert _ascii_punctuation_in_messages("x", 'Hit(message=f"政务服务中心{what},未说明理由")')
    assert _ascii_punctuation_in_messages("x", 'Hit(message="服务评价内容缺少:" + "、".join(m))')
    assert not _ascii_punctuation_in_messages("x", 'Hit(message=f"按1:{ratio}需配备，{a:%H:%M}至")')


def test_the_example_months_messages_use_full_width_punctuation() -> None:
    report = govhall.audit(govhall.load_dataset(Path(govhall.__file__).parent / "data" / "example"))
    own = [f.message for f in report.findings if not f.message.startswith("检查不合格")]
    assert own and not [m for m in own if _ASCII_IN_CHINESE.search(m)]


_TIME_TEXTS = (
    "2025-09-30", "2025-09-30T10:00", "2025-09-30 10:00", "2025-09-30t10:00:00", "2025-09-30T10:00:00,5",
    "2025-09-30T10:00:00.123456+08:00", "2025-09-30T02:00Z", "2025-09-30T10:00+0800", "2025-09-30T10:00:00-05:30",
    " 2025-09-30T10:00", "2025-09-30T10:00 ", "\t2025-09-30", "2025-09-30_10:00", "2025-09-30T10", "2025-09-30T10:00+08",
    "2025-09-30T1000", "2025-09-30T10:00:00.",
)  # fmt: skip


def _declared(spec: dict[str, Any], schema: dict[str, Any], text: str) -> bool:
    from jsonschema import Draft202012Validator, FormatChecker

    whole = {**schema, "components": spec["components"]}
    return Draft202012Validator(whole, format_checker=FormatChecker()).is_valid(text)


@pytest.mark.parametrize("text", _TIME_TEXTS)
def test_a_requests_date_time_is_taken_exactly_when_the_openapi_document_allows_it(text: str) -> None:
    """``format: date-time`` (RFC 3339: seconds and an offset) was declared for times the service read
    without both, with a space, and with ``_`` (pydantic's own leniency, which ``due_date``, the CLI and
    ``govhall schema`` refuse). Naive times are DESIGN's ("read as Asia/Shanghai"), so the document now
    declares what is read (the schema's pattern), and the routes take no more: what a generated client
    validates is what the service answers."""
    client = _client()
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    complaint = {
        "id": "C-1",
        "channel": "letter",
        "content": "窗口人员态度冷漠",
        "facts": {"staff_conduct": True},
    }
    screened = client.post("/v1/complaints/screen", json={**complaint, "received_at": text})
    due = client.post("/v1/deadlines", json={"start": text, "limit": "3个工作日"})
    allowed_received = _declared(spec, schemas["Complaint"]["properties"]["received_at"], text)
    allowed_start = _declared(spec, schemas["DeadlineIn"]["properties"]["start"], text)
    assert (screened.status_code == 200) is allowed_received, (screened.status_code, screened.text)
    assert (due.status_code == 200) is allowed_start, (due.status_code, due.text)
    assert allowed_received is allowed_start  # the two routes agree (a leading space was taken by one)
    if not allowed_start:
        assert screened.status_code == due.status_code == 422
        assert screened.json()["detail"].startswith("body.received_at: ")
        assert due.json()["detail"].startswith("body.start: ")
    event = schemas["Event"]["properties"]["at"]
    assert "format" not in event and event["pattern"] == govhall.schema.DATETIME_PATTERN


def test_response_date_times_keep_rfc3339s_format() -> None:
    """What the service writes has seconds and an offset (``last_tick``, ``due_at``), so ``format:
    date-time`` stays true there; only what a request may give is declared by the pattern."""
    schemas = _client().get("/openapi.json").json()["components"]["schemas"]
    for name, field in (("CardsOut", "last_tick"), ("FindingsOut", "last_tick"), ("DeadlineOut", "due_at")):
        assert {"type": "string", "format": "date-time"} in schemas[name]["properties"][field]["anyOf"]


@pytest.mark.parametrize("text", ["2025-09-30T00:00", " 2025-09-30", "2025-09-30 ", "2025-09-30T00:00:00Z"])
def test_a_requests_day_is_yyyy_mm_dd_as_its_format_says(text: str) -> None:
    """``format: date`` (and ``govhall calendar count`` / ``--pause``, which refuse these) where pydantic
    read a midnight moment as the day: every day of a request, query, path or body, is refused alike."""
    client = _client()
    item = {"code": "I1", "name": "n", "type": "行政许可", "department": "D"}
    answers = {
        "count": client.get("/v1/calendar/count", params={"start": text, "end": "2025-10-10"}),
        "add": client.get("/v1/calendar/add", params={"start": text, "days": 3}),
        "day": client.get(f"/v1/calendar/{text}"),
        "pause": client.post("/v1/deadlines", json={"start": "2025-09-30", "limit": "3个工作日",
                                                   "pauses": [{"from": text, "to": "2025-10-09"}]}),
        "check": client.post("/v1/catalogue/check", json={"items": [item], "as_of": text}),
        "audit": client.post("/v1/audit", params={"as_of": text}, json={"items": [item]}),
        "event": client.post("/v1/complaints/screen", json={
            "id": "C-1", "channel": "letter", "received_at": "2025-09-30T10:00",
            "events": [{"kind": "received", "at": "2025-09-30T10:00", "deadline": text}]}),
    }  # fmt: skip
    for name, r in answers.items():
        if name == "day" and text != text.strip():
            continue  # a path segment's spaces are the URL's (%20), not the day's
        assert r.status_code == 422, (name, r.status_code, r.text)
        assert "is not an ISO date (YYYY-MM-DD" in r.json()["detail"], (name, r.json()["detail"])
    assert (
        client.get("/v1/calendar/count", params={"start": "2025-09-30", "end": "2025-10-10"}).status_code
        == 200
    )


# DESIGN's exit codes are 0, 1 and 2; govhall also exits 3 (a rule raised: govhall.cli.EXIT_RULE_ERROR,
# from audit, check and live replay) and 130 (interrupted: govhall.cli.EXIT_INTERRUPTED, every command)
_EXIT_CODES = ("0", "1", "2", "3", "130")


def test_every_exit_code_is_documented_where_a_user_reads_them() -> None:
    from govhall.cli import EXIT_CODES, EXIT_INTERRUPTED, EXIT_RULE_ERROR, EXIT_USAGE

    assert (EXIT_USAGE, EXIT_RULE_ERROR, EXIT_INTERRUPTED) == (2, 3, 130)
    root = Path(__file__).resolve().parents[1]
    readme = root.joinpath("README.md").read_text(encoding="utf-8")
    said = readme.split("Exit codes:", 1)[1].split("\n\n", 1)[0]
    for code in _EXIT_CODES:
        assert re.search(rf"(?<![0-9]){code}(?![0-9])", said), ("README", code)
        assert re.search(rf"(?<![0-9]){code}(?![0-9])", EXIT_CODES), ("--help", code)
    # audit's own epilog left 130 out, test's too; serve states none (Ctrl-C is how a server is stopped)
    for words in sorted(set(DESIGN_COMMANDS) - {"serve"}):
        shown = " ".join(runner.invoke(app, [*words.split(), "--help"]).stdout.split())
        assert "130 interrupted" in shown, words
        if words in ("audit", "check", "live replay"):
            assert "3 a rule raised" in shown, words


def test_a_rule_that_raises_exits_3_in_audit_and_check_whatever_fail_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The code DESIGN's table does not have: the report is incomplete, which --fail-on never (a gate
    that lets findings pass) must not read as a pass."""
    from govhall.rules import ClauseRef, Registry, Rule
    from govhall.standards import load_all

    def crash(item: Any, ctx: Any) -> None:
        """办事指南应载明收费标准。"""
        raise RuntimeError("boom")

    load_all()
    reg = Registry()
    reg.add(Rule(id="gdzw-0020-2019/zz-crash", title="Test rule", clauses=(ClauseRef("gdzw-0020-2019:5.2.1"),),
                 severity="error", subject="item", check=crash, clause_text="办事指南应载明收费标准。"))  # fmt: skip
    monkeypatch.setattr("govhall.rules.runner.REGISTRY", reg)
    hall = _province(tmp_path / "p") / "north"
    for command, target in (("audit", hall), ("check", hall / "items.jsonl")):
        for fail_on in ("error", "never"):
            result = runner.invoke(app, [command, str(target), "--as-of", "2025-11-30", "--fail-on", fail_on])
            assert result.exit_code == 3, (command, fail_on, result.stderr)
            assert "gdzw-0020-2019/zz-crash" in result.stderr
        result = runner.invoke(app, [command, str(target), "--as-of", "2025-11-30", "--tolerate-rule-errors"])
        assert result.exit_code == 0, (command, result.stderr)  # no finding: the rule never judged


@pytest.mark.parametrize(
    ("argv", "target"),
    [(["calendar", "workday", "2025-10-09"], "govhall.cli.calendar_cmd.workday_doc"),
     (["calendar", "count", "2025-10-01", "2025-10-09"], "govhall.cli.calendar_cmd.count_doc"),
     (["deadline", "2025-09-26", "20个工作日"], "govhall.contract.deadline_for")],
)  # fmt: skip
def test_ctrl_c_exits_130_with_one_line_in_other_commands_than_audit(
    argv: list[str], target: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*_args: object, **_kwargs: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(target, interrupted)
    result = runner.invoke(app, [*argv, "--json"])
    assert result.exit_code == 130 and result.stderr == "govhall: error: interrupted\n" and not result.stdout


@pytest.mark.parametrize(
    "name", ["yousu-jiban.day-unit", "timelimits.set-date-on-holiday", "no-such.reading"]
)
def test_a_reading_no_deadline_takes_is_refused_naming_the_deadline_ones_on_every_surface(name: str) -> None:
    """``--interpret`` / ``interpretations`` of ``govhall deadline`` and ``POST /v1/deadlines``: the
    error listed whatever readings were loaded (every standard's 59 over HTTP; over the command line,
    ``timelimits.set-date-on-holiday``, which no deadline takes) instead of the three that apply."""
    from govhall.contract import deadline_choices
    from govhall.rules.timing import READING_KEYWORDS

    def names_exactly_the_deadline_readings(text: str) -> bool:
        listed = set(re.findall(r"[a-z0-9-]+\.[a-z0-9-]+", text.rsplit("known", 1)[1]))
        return listed == set(READING_KEYWORDS)

    result = runner.invoke(app, ["deadline", "2025-09-26", "3天", "--interpret", f"{name}=x"])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert name in result.stderr and names_exactly_the_deadline_readings(result.stderr), result.stderr
    r = _client().post(
        "/v1/deadlines", json={"start": "2025-09-26", "limit": "3天", "interpretations": {name: "x"}}
    )
    assert r.status_code == 422 and r.json()["type"] == "/problems/unknown-interpretation"
    assert names_exactly_the_deadline_readings(r.json()["detail"]), r.json()["detail"]
    with pytest.raises(govhall.UnknownInterpretationError):
        deadline_choices([f"{name}=x"])
    assert deadline_choices({"Timelimits.Pause-Mode": "restart"}) == {"timelimits.pause-mode": "restart"}
    one = runner.invoke(app, ["deadline", "2025-09-26", "3天", "--interpret", "nope"])
    assert one.stderr == "govhall: error: --interpret takes NAME=VALUE, not 'nope'\n"
