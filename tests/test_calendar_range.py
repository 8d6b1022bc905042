"""A record dated outside the working-day calendar is rejected before the audit, and nothing else is lost.

Before, a mistyped year (``2205`` for ``2025``) on one application made every rule that counts time
from it fail with a rule error (exit 3), and a rule over the whole dataset that met it (the gdzw
promised-deadline report, the dongguan window counts) lost its findings on every other record.
"""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govhall
from govhall.calendars import calendar
from govhall.models import Dataset
from govhall.rules.calendar_range import set_aside_undatable

CN = calendar("CN")


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _write(path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("example") / "hall"
    shutil.copytree(govhall.example_dir(), out)
    return out


@pytest.fixture(scope="module")
def original(example: Path) -> govhall.Report:
    return govhall.audit(govhall.load_dataset(example))


def _findings(report: govhall.Report) -> list[str]:
    return [f.model_dump_json() for f in report.findings]


def _variant(example: Path, tmp_path: Path, line: int, edit: str) -> Path:
    """The example with application line ``line`` (1-based) changed by ``edit``."""
    hall = tmp_path / "hall"
    shutil.copytree(example, hall)
    lines = _lines(hall / "applications.jsonl")
    record = json.loads(lines[line - 1])
    if edit == "received_at":
        record["received_at"] = "2205" + record["received_at"][4:]
    else:  # the last event's year
        record["events"][-1]["at"] = "2205" + record["events"][-1]["at"][4:]
    lines[line - 1] = json.dumps(record, ensure_ascii=False)
    _write(hall / "applications.jsonl", lines)
    return hall


@pytest.mark.parametrize("edit", ["received_at", "event"])
def test_a_mistyped_year_rejects_its_record_and_the_rest_is_audited_as_without_it(
    example: Path, tmp_path: Path, edit: str
) -> None:
    line = 4
    typo = _variant(example, tmp_path / "typo", line, edit)
    record = json.loads(_lines(typo / "applications.jsonl")[line - 1])
    # the same hall without that record at all: what the rest of the audit must equal
    without = tmp_path / "without"
    shutil.copytree(example, without)
    lines = _lines(without / "applications.jsonl")
    _write(without / "applications.jsonl", lines[: line - 1] + lines[line:])

    report = govhall.audit(govhall.load_dataset(typo))
    expected = govhall.audit(govhall.load_dataset(without))

    assert [r.record_id for r in report.rejected] == [record["id"]]
    rejected = report.rejected[0]
    assert rejected.table == "applications" and rejected.line == line
    assert rejected.source is not None and rejected.source.endswith("applications.jsonl")
    field = "received_at" if edit == "received_at" else f"events.{len(record['events']) - 1}.at"
    assert rejected.field == field
    assert "2205-" in rejected.reason and "2004-01-01 .. 2036-12-31" in rejected.reason
    assert report.summary.records == report.summary.audited + report.summary.rejected
    assert report.summary.rejected == 1
    assert not report.rule_errors
    assert _findings(report) == _findings(expected)


def test_the_other_records_keep_their_lines(example: Path, tmp_path: Path, original: govhall.Report) -> None:
    """Findings on the records after the rejected one still point at their own lines."""
    typo = _variant(example, tmp_path, 4, "received_at")
    report = govhall.audit(govhall.load_dataset(typo))
    rejected_key = f"application/{report.rejected[0].record_id}"
    kept = {k: v.line for k, v in original.locations.items() if k != rejected_key}
    now = {k: v.line for k, v in report.locations.items()}
    assert now and all(now[k] == kept[k] for k in now)
    assert any(k.startswith("application/") and v is not None and v > 4 for k, v in now.items())


def test_in_range_is_the_dataset_itself(example: Path) -> None:
    ds = govhall.load_dataset(example)
    assert set_aside_undatable(ds, CN) is ds


def test_a_plain_date_beyond_the_calendar_is_not_a_moment(example: Path) -> None:
    """A licence may expire in 2040: a date, not a moment the record happened at, so not rejected."""
    ds = govhall.load_dataset(example)
    app = ds.applications[0]
    far = app.model_copy(update={"licence_expires_on": datetime(2040, 1, 1).date()})
    built = Dataset.model_construct(**{**{k: getattr(ds, k) for k in Dataset.model_fields}})
    built.applications = [far, *ds.applications[1:]]
    assert set_aside_undatable(built, CN).rejected == ds.rejected


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(year=st.integers(1, 9999), index=st.integers(0, 40))
def test_a_record_built_in_python_is_screened_too(example: Path, year: int, index: int) -> None:
    """Without the loader's note of its moments, every record is looked at: rejected iff outside."""
    ds = govhall.load_dataset(example)
    values = {k: getattr(ds, k) for k in Dataset.model_fields}
    apps = list(ds.applications)
    moved = apps[index].model_copy(update={"received_at": apps[index].received_at.replace(year=year, day=1)})
    apps[index] = moved
    values["applications"] = apps
    built = Dataset.model_construct(**values)  # no positions, no moment range
    out = set_aside_undatable(built, CN)
    inside = CN.first_date.year <= year <= CN.last_date.year
    assert [r.record_id for r in out.rejected] == ([] if inside else [moved.id])
    assert len(out.applications) == len(apps) - (0 if inside else 1)
    assert out.audited == built.audited - (0 if inside else 1)
    assert built.applications[index] is moved and len(built.applications) == len(apps)  # not changed
    assert not built.rejected


def test_an_item_whose_limit_no_calendar_can_count_is_rejected_with_its_applications(
    example: Path, tmp_path: Path, original: govhall.Report
) -> None:
    """``99999个工作日`` on an item made the rules counting its applications' time fail (rule errors,
    and the gdzw promised-deadline report lost its findings on every other application): the item is
    rejected when read, naming its field, and its applications name the rejected item."""
    hall = tmp_path / "hall"
    shutil.copytree(example, hall)
    lines = _lines(hall / "items.jsonl")
    item = json.loads(lines[0])
    item["promised_limit"] = "99999个工作日"
    lines[0] = json.dumps(item, ensure_ascii=False)
    _write(hall / "items.jsonl", lines)
    report = govhall.audit(govhall.load_dataset(hall))
    assert not report.rule_errors
    first = report.rejected[0]
    assert (first.table, first.line, first.record_id, first.field) == (
        "items",
        1,
        item["code"],
        "promised_limit",
    )
    assert "99999个工作日" in first.reason
    apps = [r for r in report.rejected if r.table == "applications"]
    assert apps and all(r.field == "item_code" and item["code"] in r.reason for r in apps)
    assert len(report.rejected) == 1 + len(apps)
