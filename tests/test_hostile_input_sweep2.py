"""A fresh sweep of the surfaces swept least (the live input stream, checklist, OSCAL export, example
arguments, Parquet schemas): each test here failed before the fix it names."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from govhall.cli import app

runner = CliRunner()

ITEM = {"table": "items", "code": "I1", "name": "某许可", "type": "行政许可", "department": "D1"}
APPLICATION = {"table": "applications", "id": "A1", "item_code": "I1", "received_at": "2025-11-03T09:00"}
VISIT = {"application_id": "A1", "kind": "visit", "at": "2025-11-03T12:00"}


def _replay(tmp_path: Path, data: bytes) -> dict[str, Any]:
    path = tmp_path / "events.jsonl"
    path.write_bytes(data)
    result = runner.invoke(app, ["live", "replay", str(path), "--engine", "plain", "--json"])
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def _line(obj: dict[str, Any]) -> bytes:
    return json.dumps(obj, ensure_ascii=False).encode("utf-8")


@pytest.mark.parametrize("end", [b"\n", b"\r\n", b"\r"])
def test_a_stream_appended_with_its_own_bom_loses_no_line(tmp_path: Path, end: bytes) -> None:
    """``cat a.jsonl b.jsonl`` where b.jsonl starts with a BOM: its first line was refused as "not JSON
    (Unexpected UTF-8 BOM)" (the loaders drop a BOM on any line); with any line ends."""
    bom = "\ufeff".encode()
    data = end.join([bom + _line(ITEM), bom + _line(APPLICATION), bom + _line(VISIT)]) + end
    doc = _replay(tmp_path, data)
    assert doc["rejected_lines"] == [] and doc["posted"] == 3, doc["rejected_lines"]


def test_a_stream_cut_off_in_its_last_line_says_so(tmp_path: Path) -> None:
    data = b"\n".join([_line(ITEM), _line(APPLICATION), _line(VISIT)[:-7]])
    doc = _replay(tmp_path, data)
    [bad] = doc["rejected_lines"]
    assert bad["line"] == 3 and "the stream ends in the middle of this line (cut off?)" in bad["reason"], bad
    # a bad line that is not the last one, or a last line with its line end, is only "not JSON"
    doc = _replay(tmp_path, b"\n".join([_line(ITEM), b"{oops", _line(APPLICATION), b"{cut"]) + b"\n")
    assert [b["line"] for b in doc["rejected_lines"]] == [2, 4]
    assert not any("cut off" in b["reason"] for b in doc["rejected_lines"]), doc["rejected_lines"]


# -- the OSCAL export: SOURCE_DATE_EPOCH -------------------------------------------------------------


@pytest.mark.parametrize(
    ("epoch", "words"),
    [
        ("abc", "'abc' is not a whole number of seconds since 1970-01-01"),
        ("-5", "'-5' is not a whole number of seconds since 1970-01-01"),
        ("1e9", "'1e9' is not a whole number"),
        ("²", "'²' is not a whole number"),  # str.isdigit() said yes; int() then raised
        ("99999999999999", "99999999999999 seconds since 1970 is past 9999-12-31"),
        ("9" * 5000, "seconds since 1970 is past 9999-12-31"),
    ],
)
def test_a_malformed_source_date_epoch_is_one_line_naming_it(
    monkeypatch: pytest.MonkeyPatch, epoch: str, words: str
) -> None:
    """reproducible-builds.org: a malformed SOURCE_DATE_EPOCH is an error. 'abc' was ignored without a
    word (the export time was used), and a value past 9999 said only "year 3170843 is out of range"."""
    from test_hostile_input import one_line_error

    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    err = one_line_error(runner.invoke(app, ["standards", "export", "db23-hlj-2023", "--oscal"]))
    assert err.startswith("govhall: error: SOURCE_DATE_EPOCH: ") and words in err, err


@pytest.mark.parametrize(
    ("epoch", "stamp"), [("0", "1970-01-01T00:00:00+00:00"), (" 1700000000\n", "2023-11-14T22:13:20+00:00")]
)
def test_a_source_date_epoch_fixes_the_catalog_time(
    monkeypatch: pytest.MonkeyPatch, epoch: str, stamp: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    result = runner.invoke(app, ["standards", "export", "db23-hlj-2023", "--oscal"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["catalog"]["metadata"]["last-modified"] == stamp


# -- govhall example OUT: an earlier example is replaced whole or not at all ----------------------------


def _earlier(tmp_path: Path, *names: str) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    (out / "planted.yaml").write_text("[]\n", encoding="utf-8")
    for name in names:
        if name.startswith("hall-"):
            (out / name).mkdir()
        else:
            (out / name).write_text("{}\n", encoding="utf-8")
    return out


@pytest.mark.parametrize(
    ("there", "args", "left"),
    [
        (["applications.jsonl", "meta.json"], ["--halls", "2"], "applications.jsonl, meta.json"),
        (["hall-001", "hall-002", "hall-003"], ["--halls", "2"], "hall-003"),
        (["hall-001"], [], "hall-001"),
    ],
)
def test_an_earlier_example_whose_halls_or_tables_would_stay_is_not_written_over(
    tmp_path: Path, there: list[str], args: list[str], left: str
) -> None:
    """A province written over an earlier one-hall example left the hall's tables beside it, so
    ``govhall audit OUT`` audited that old hall and none of the province; a province of 2 over one of
    3 left hall-003 in every later audit, missing from the manifest."""
    from test_hostile_input import one_line_error

    out = _earlier(tmp_path, *there)
    err = one_line_error(runner.invoke(app, ["example", *args, str(out)]))
    assert f"holds an earlier example whose {left} this one would not replace" in err, err
    assert sorted(p.name for p in out.iterdir()) == sorted([*there, "planted.yaml"])
    assert (out / "planted.yaml").read_text(encoding="utf-8") == "[]\n"


# -- Parquet: decimals wider than Python's default context, a column without a name --------------------


def test_a_parquet_decimal_past_28_digits_is_read_exactly_not_a_crash_nor_rounded(tmp_path: Path) -> None:
    """A decimal256 amount of 1e70 raised decimal.InvalidOperation out of load_dataset (the default
    context's 28 digits), so the hall could not be read at all; a 30-digit amount would have been
    rounded by normalize() without a word."""
    from decimal import Decimal

    pa = pytest.importorskip("pyarrow")
    from test_hostile_input_sweep import _parquet_hall

    wide = [Decimal("1e70"), Decimal("123456789012345678901234567890.12"), Decimal("50.00")]
    ds = _parquet_hall(
        tmp_path,
        {
            "id": ["A1", "A2", "A3"],
            "received_at": ["2025-11-03T09:00"] * 3,
            "service_fee_charged": pa.array(wide, pa.decimal256(76, 2)),
        },
    )
    assert not ds.rejected, [(r.line, r.reason) for r in ds.rejected]
    fees = {a.id: a.service_fee_charged for a in ds.applications}
    assert fees == {
        "A1": Decimal(10) ** 70,
        "A2": Decimal("123456789012345678901234567890.12"),
        "A3": Decimal(50),
    }
    assert str(fees["A3"]) == "50" and str(fees["A1"]) == "1" + "0" * 70


@pytest.mark.parametrize("name", ["", " "])
def test_a_column_or_key_without_a_name_is_named_as_such(tmp_path: Path, name: str) -> None:
    """It was "unknown field None" (the empty key's path read as no path), with no field."""
    pytest.importorskip("pyarrow")
    from test_hostile_input_sweep import _parquet_hall

    ds = _parquet_hall(tmp_path, {"id": ["A1"], "received_at": ["2025-11-03T09:00"], name: ["x"]})
    [rejected] = ds.rejected
    assert rejected.field == name and rejected.record_id == "A1", (rejected.field, rejected.reason)
    assert f"unknown field {name!r} (a key or column without a name)" in rejected.reason, rejected.reason


# -- the text report: a line end or a C1 control inside a value -----------------------------------------


def test_a_line_end_inside_a_value_cannot_forge_a_line_of_the_text_report(tmp_path: Path) -> None:
    """A record id (or hall folder name) holding a line end started a line of its own in the text
    report, which could read as a finding; 8-bit C1 controls (CSI \\x9b) reached the terminal."""
    forged = "W-1\n     ERROR   window W-9: 窗口未开放  (forged)\x9b31m"
    row = {"id": forged, "hall_id": "H", "kind": "nonsense", "name": "窗口", "department": "D"}
    (tmp_path / "windows.jsonl").write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    args = ["audit", str(tmp_path), "-f", "text", "--fail-on", "never", "--as-of", "2025-10-01"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert not any(line.lstrip().startswith("ERROR   window W-9") for line in lines), result.stdout
    assert "[W-1\\n     ERROR   window W-9: 窗口未开放  (forged)\\x9b31m]" in result.stdout
    assert "\x9b" not in result.stdout


# -- govhall checklist --hall PROFILE: the hall's name -----------------------------------------------------


@pytest.mark.parametrize(("written", "shown"), [("2025", "2025"), ("'测试大厅'", "测试大厅"), ("3.5", "3.5")])
def test_a_hall_name_written_as_a_number_heads_the_form(tmp_path: Path, written: str, shown: str) -> None:
    """``name: 2025`` (a number in YAML) headed the form as a blank line, without a word."""
    profile = tmp_path / "hall.yaml"
    profile.write_text(f"name: {written}\n", encoding="utf-8")
    result = runner.invoke(app, ["checklist", "--standard", "db23-hlj-2023", "--hall", str(profile)])
    assert result.exit_code == 0, result.output
    assert f"大厅 hall: {shown}　" in result.stdout


@pytest.mark.parametrize(("written", "kind"), [("yes", "bool"), ("[a, b]", "list"), ("{a: 1}", "dict")])
def test_a_hall_name_that_is_no_text_is_one_line_naming_the_profile(
    tmp_path: Path, written: str, kind: str
) -> None:
    from test_hostile_input import one_line_error

    profile = tmp_path / "hall.yaml"
    profile.write_text(f"name: {written}\n", encoding="utf-8")
    err = one_line_error(
        runner.invoke(app, ["checklist", "--standard", "db23-hlj-2023", "--hall", str(profile)])
    )
    assert f"--hall: {profile}: the profile's name must be text, not {kind}" in err, err


@pytest.mark.parametrize(
    ("option", "value", "shown"),
    [
        ("--until", "2025-11-04T10:00:00Z", "to 2025-11-04 18:00"),  # 10:00 UTC is 18:00 in Shanghai
        ("--until", "2025-11-04T18:00:00+08:00", "to 2025-11-04 18:00"),
        ("--start", "2025-11-03T00:00:00Z", "from 2025-11-03 08:00"),
    ],
)
def test_replay_takes_start_and_until_with_an_offset_in_shanghai_time(
    tmp_path: Path, option: str, value: str, shown: str
) -> None:
    """``--until 2025-11-04T10:00:00Z`` was "internal error: TypeError: can't compare offset-naive and
    offset-aware datetimes" (the events' times are naive Shanghai time)."""
    path = tmp_path / "events.jsonl"
    path.write_bytes(b"\n".join([_line(ITEM), _line(APPLICATION)]) + b"\n")
    result = runner.invoke(app, ["live", "replay", str(path), "--engine", "plain", option, value])
    assert result.exit_code == 0, result.output
    assert shown in result.stdout, result.stdout


def test_replay_names_an_until_with_an_offset_past_year_9999_in_shanghai(tmp_path: Path) -> None:
    from test_hostile_input import one_line_error

    path = tmp_path / "events.jsonl"
    path.write_bytes(b"\n".join([_line(ITEM), _line(APPLICATION)]) + b"\n")
    args = ["live", "replay", str(path), "--engine", "plain", "--until", "9999-12-31T23:59:59-12:00"]
    err = one_line_error(runner.invoke(app, args))
    assert "--until: '9999-12-31T23:59:59-12:00' falls outside the years 0001-9999" in err, err


@pytest.mark.parametrize("unit", ["ms", "us"])
def test_a_parquet_timestamp_past_year_9999_says_so_not_python_s_words(tmp_path: Path, unit: str) -> None:
    """A timestamp[ms] past year 9999 said "the value cannot be read: Python int too large to convert to
    C int"."""
    pa = pytest.importorskip("pyarrow")
    from test_hostile_input_sweep import _parquet_hall

    ds = _parquet_hall(tmp_path, {"id": ["A1"], "received_at": pa.array([2**62], pa.timestamp(unit))})
    [rejected] = ds.rejected
    assert (rejected.record_id, rejected.field) == ("A1", "received_at")
    assert f"a timestamp[{unit}] value outside what a date or time holds (the years 1-9999" in rejected.reason
    assert "C int" not in rejected.reason, rejected.reason
