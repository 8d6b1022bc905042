"""Hostile input, thirteenth sweep: the twelfth's leftovers, then a fresh sweep over every entry point.
Each test failed before its fix (or holds behaviour that could be wrong); each hostile form is refused
or named (field, record and line), the CLI exits 2 with one line, the service answers problem+json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from govhall.cli import app
from test_hostile_input import one_line_error
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
    assert "as_of: '2025-02-30' is no date (2025-02 has 28 days" in err and "line 3," in err, err


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
