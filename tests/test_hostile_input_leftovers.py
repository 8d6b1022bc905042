"""Hostile input left over from the previous round: each test here failed before the fix it names.

The contract (DESIGN, "Input data", "Command line", "HTTP service"): the command line exits 2 with one
line on stderr, never a traceback; the service answers problem+json; a bad record is reported with its
field, record and line, never dropped, and never stops a batch.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from govhall.cli import _names_a_path, app
from test_hostile_input import EXAMPLE, cli_parameters, one_line_error  # the same contract, one helper

runner = CliRunner()


# -- 1. an empty path is a usage error, not the current folder ------------------------------------------


def _path_parameters() -> list[tuple[list[str], str, bool]]:
    """(command words, the parameter's first option or its name, is an option) of every path parameter."""
    found: list[tuple[list[str], str, bool]] = []
    for words, param in cli_parameters():
        if _names_a_path(param.type_descriptor.annotation):
            is_option = bool(getattr(param, "opts", None)) and param.param_type_name == "option"
            found.append((words, param.opts[0] if is_option else param.name, is_option))
    return found


PATH_PARAMETERS = _path_parameters()


def test_the_walk_finds_the_path_parameters_of_every_command() -> None:
    where = {(" ".join(words), name) for words, name, _ in PATH_PARAMETERS}
    # a few known ones by hand (the walk must not come back empty or miss a kind)
    for known in [("audit", "dataset"), ("audit", "--output"), ("check", "catalogs"), ("test", "files"),
                  ("calendar add", "--notices"), ("deadline", "--profile"), ("live replay", "events_file"),
                  ("serve", "--tokens"), ("example", "out"), ("standards export", "--output")]:  # fmt: skip
        assert known in where, (known, sorted(where))


@pytest.mark.parametrize(
    ("words", "name", "is_option"), PATH_PARAMETERS, ids=[f"{' '.join(w)} {n}" for w, n, _ in PATH_PARAMETERS]
)
def test_an_empty_path_is_a_usage_error_naming_the_parameter(
    words: list[str], name: str, is_option: bool
) -> None:
    """``govhall audit ''`` audited the current folder (``Path('')`` is ``Path('.')``); ``-o ''`` wrote
    into it. The empty value comes first on the line, so it is the first parameter processed."""
    args = [*words, name, ""] if is_option else [*words, ""]
    err = one_line_error(runner.invoke(app, args))
    assert "empty path" in err, err


def test_screen_with_an_empty_complaint_path_is_a_usage_error() -> None:
    """It said ": cannot read (Is a directory)": the current folder, read as the complaint."""
    err = one_line_error(runner.invoke(app, ["screen", ""]))
    assert "COMPLAINT.json" in err and "empty path" in err, err


# -- 3. a message from a govhall validator reads without pydantic's "Value error, " ----------------------


def _complaint_owned_elsewhere() -> dict[str, Any]:
    first = (EXAMPLE / "complaints.jsonl").read_text(encoding="utf-8").splitlines()[0]
    data = json.loads(first)
    data["events"][0]["complaint_id"] = "C-9999"  # the model's own validator refuses it (a ValueError)
    return data


def test_screen_names_the_field_without_pydanticS_value_error_prefix(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_text(json.dumps(_complaint_owned_elsewhere(), ensure_ascii=False), encoding="utf-8")
    err = one_line_error(runner.invoke(app, ["screen", str(path)]))
    assert "events: event 0 is embedded in 'C-0001' but names 'C-9999' as its owner" in err, err
    assert "Value error" not in err, err


def test_a_live_event_refused_by_a_validator_reads_without_the_prefix() -> None:
    from govhall.live import MemoryStore, SimulatedClock, Supervisor

    sup = Supervisor(SimulatedClock(datetime(2025, 9, 1, 9, 0)), MemoryStore(), engine="plain")
    (posted,) = sup.post_many([{"table": "complaints", **_complaint_owned_elsewhere()}])
    assert not posted.accepted and posted.detail is not None
    assert "names 'C-9999' as its owner" in posted.detail and "Value error" not in posted.detail, (
        posted.detail
    )


# -- 2. a limit longer than the calendar can count names the field and the range ----------------------

# the CN calendar covers 2004-01-01 .. 2036-12-31: 33 years with 9 leap years (2004, 2008 … 2036),
# 33 * 365 + 9 = 12054 days, so 12054 * 24 = 289296 hours; 32 * 12 + 11 = 395 whole months


def test_deadline_with_a_huge_hour_limit_names_limit_and_the_range() -> None:
    """It said "… the due date falls outside the dates govhall can count (Python int too large to
    convert to C int)"."""
    err = one_line_error(runner.invoke(app, ["deadline", "2026-01-05T09:00", "99999999999999999999小时"]))
    assert err.startswith("govhall: error: LIMIT: '99999999999999999999小时'"), err
    assert "2004-01-01 .. 2036-12-31" in err and "289296小时" in err and "int" not in err, err


def test_deadline_names_the_extension_that_is_too_long_not_the_limit() -> None:
    """It blamed the (fine) base limit: "3个工作日 from 2026-01-05: … (Python int too large …)"."""
    err = one_line_error(
        runner.invoke(app, ["deadline", "2026-01-05", "3个工作日", "--extend", "99999999999999999999小时"])
    )
    assert err.startswith("govhall: error: --extend: '99999999999999999999小时'"), err
    assert "3个工作日" not in err, err


@settings(max_examples=60, deadline=None)
@given(
    amount=st.one_of(st.integers(0, 400_000), st.integers(0, 10**30)),
    unit=st.sampled_from(["个工作日", "天", "个月", "小时"]),
    extend=st.booleans(),
)
def test_every_limit_gets_a_due_date_in_range_or_an_error_naming_its_field(
    amount: int, unit: str, extend: bool
) -> None:
    from govhall.contract import deadline_for
    from govhall.errors import CalendarRangeError

    text = f"{amount}{unit}"
    start = "2020-06-01T09:00"
    try:
        dl = deadline_for(start, "1天" if extend else text, extensions=[text] if extend else [])
    except CalendarRangeError as exc:
        field = "extensions[0]" if extend else "limit"
        assert str(exc).startswith(f"{field}: ") and exc.detail["field"] == field, str(exc)
        assert "2004-01-01 .. 2036-12-31" in str(exc) and "C int" not in str(exc), str(exc)
        most = {"小时": 289296, "个月": 395}.get(unit)
        if most is not None and amount > most:
            assert f"from 0 to {most}{unit}" in str(exc), str(exc)
    else:
        assert date(2020, 6, 1) <= dl.due <= date(2036, 12, 31)


# -- 5. a CSV row with a cell over the csv module's limit is named by its id ------------------------------


def test_a_csv_row_with_a_cell_over_the_limit_is_rejected_with_its_id(tmp_path: Path) -> None:
    """It was rejected as "not a valid CSV row: field larger than field limit (131072)" with no id."""
    import csv

    from govhall.loaders import load_dataset

    big = "长" * (csv.field_size_limit() + 1)
    rows = [
        "id,item_code,remarks",
        f"A-2,I-1,{big}",  # the id before the long cell: named
        f'A-3,I-1,"{big}"',  # quoted
        f"{big},I-1,x",  # the id is the long cell: no id rather than a cut one
        "A-4,I-1,fine",  # read as usual after them
    ]
    (tmp_path / "applications.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    ds = load_dataset(tmp_path)
    got = {r.line: r for r in ds.rejected}
    assert ds.records == 4 and len(ds.rejected) == 4, [(r.line, r.reason[:80]) for r in ds.rejected]
    for line, record_id in ((2, "A-2"), (3, "A-3"), (4, None)):
        assert got[line].record_id == record_id, (line, got[line].record_id and got[line].record_id[:20])
        assert f"longer than {csv.field_size_limit()} characters" in got[line].reason, got[line].reason
    assert got[5].record_id == "A-4" and "longer than" not in got[5].reason


# -- 6. a lone surrogate: the record is rejected naming field, record and line, on every path ------------

SURROGATE_RE = "[\ud800-\udfff]"


def _example_records(table: str, n: int) -> list[dict[str, Any]]:
    lines = (EXAMPLE / f"{table}.jsonl").read_text(encoding="utf-8").splitlines()[:n]
    return [json.loads(line) for line in lines]


def _hall_with_a_lone_surrogate(tmp_path: Path, layout: str) -> Path:
    """The example's items and 5 applications; application 2's applicant name ends in U+DCFF (what a
    JSON "\\udcff" escape reads as), application 3's id too."""
    items, apps = _example_records("items", 100), _example_records("applications", 5)
    apps[1]["applicant"]["name"] += "\udcff"
    apps[2]["id"] += "\udcff"
    folder = tmp_path / layout
    folder.mkdir()
    (folder / "items.jsonl").write_text("".join(json.dumps(r) + "\n" for r in items), encoding="utf-8")
    if layout == "jsonl":  # JSON's escapes: ensure_ascii writes "\udcff"
        (folder / "applications.jsonl").write_text(
            "".join(json.dumps(r) + "\n" for r in apps), encoding="utf-8"
        )
    elif layout == "json":
        (folder / "applications.json").write_text(json.dumps(apps), encoding="utf-8")
    elif layout == "yaml":
        import yaml

        path = folder / "hall.yaml"
        (folder / "items.jsonl").unlink()
        path.write_text(
            yaml.safe_dump({"items": items, "applications": apps}, allow_unicode=False), encoding="utf-8"
        )
        return path
    return folder


@pytest.mark.parametrize("layout", ["jsonl", "json", "yaml", "document"])
def test_a_lone_surrogate_rejects_its_record_naming_field_record_and_line(
    tmp_path: Path, layout: str
) -> None:
    """jsonl said "not valid JSON: lone leading surrogate in hex escape at line 1 column 80" (no field); a
    JSON array or document kept the record when the field was a plain str, so the surrogate reached
    the reports."""
    from govhall.loaders import load_dataset

    if layout == "document":
        source: Any = json.loads(json.dumps({"items": _example_records("items", 100),
                                             "applications": _example_records("applications", 5)}))  # fmt: skip
        source["applications"][1]["applicant"]["name"] += "\udcff"
        source["applications"][2]["id"] += "\udcff"
    else:
        source = _hall_with_a_lone_surrogate(tmp_path, layout)
    ds = load_dataset(source)
    rejected = [r for r in ds.rejected if r.table == "applications"]
    assert [(r.line, r.field) for r in rejected] == [(2, "applicant.name"), (3, "id")], rejected
    first = _example_records("applications", 2)[1]["id"]
    assert rejected[0].record_id == first and rejected[1].record_id.endswith("\ufffd"), rejected
    for r in rejected:
        assert "lone surrogate \\udcff" in r.reason and "not a character" in r.reason, r.reason
    assert len(ds.applications) == 3  # the others are kept


def test_every_report_format_is_strict_utf8_without_surrogate_escapes(tmp_path: Path) -> None:
    """The JSON and SARIF reports carried the rejected id as "A-0003\\udcff" (legal JSON that strict
    parsers refuse); every format now shows U+FFFD, as HTML, Markdown and JUnit did."""
    import re

    from govhall.loaders import load_dataset
    from govhall.reports import FORMATS, render
    from govhall.rules import audit

    report = audit(load_dataset(_hall_with_a_lone_surrogate(tmp_path, "jsonl")), as_of=date(2025, 11, 30))
    for fmt in FORMATS:
        text = render(report, fmt)
        text.encode("utf-8")  # strict: no lone surrogate written raw (the reason's "\\udcff" is text)
        if fmt in ("json", "sarif"):  # nor as a JSON escape
            assert not re.search(r"(?<!\\)\\u[dD][89a-fA-F][0-9a-fA-F]{2}", text), fmt
            doc = json.loads(text)
            assert not re.search(SURROGATE_RE, json.dumps(doc, ensure_ascii=False)), fmt
    assert json.loads(render(report, "json"))["rejected"][-1]["record_id"].endswith("\ufffd")


def test_a_live_event_with_a_lone_surrogate_names_where() -> None:
    from govhall.live import MemoryStore, SimulatedClock, Supervisor

    sup = Supervisor(SimulatedClock(datetime(2025, 9, 1, 9, 0)), MemoryStore(), engine="plain")
    (posted,) = sup.post_many(
        [{"table": "complaints", **{**_complaint_owned_elsewhere(), "content": "投诉\udcff"}}]
    )
    assert not posted.accepted and posted.detail is not None
    assert "content: a lone surrogate \\udcff at character 3" in posted.detail, posted.detail


@pytest.mark.parametrize("step", ["99999999999999999999h", "1000000000d", "999999999d1d"])
def test_live_replay_with_a_huge_step_names_the_option_and_the_range(tmp_path: Path, step: str) -> None:
    """It said "internal error: OverflowError: Python int too large to convert to C int"."""
    path = tmp_path / "events.jsonl"
    item = json.loads((EXAMPLE / "items.jsonl").read_text(encoding="utf-8").splitlines()[0])
    path.write_text(json.dumps({"table": "items", **item}, ensure_ascii=False) + "\n", encoding="utf-8")
    err = one_line_error(runner.invoke(app, ["live", "replay", str(path), "--step", step]))
    assert err.startswith(f"govhall: error: --step: step '{step}' is too long") and "999999999d" in err, err


def test_example_with_a_huge_number_of_halls_is_refused_at_once(tmp_path: Path) -> None:
    """govhall example OUT --halls 99999999999999999999 ran without end (a list of that many halls)."""
    out = tmp_path / "province"
    err = one_line_error(runner.invoke(app, ["example", str(out), "--halls", "99999999999999999999"]))
    assert "halls must be from 1 to 20000" in err and "99999999999999999999" in err, err
    assert not out.exists() or not any(out.iterdir())
