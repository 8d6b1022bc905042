"""A time-limit text in a record is checked when the record is read, wherever it stands.

An item's 法定时限/承诺时限 was already refused at load when no rule could count it; an extension's
extra time (``events[].limit``) and an application's own promise (``promised_limit``) were not: a
``很久`` there passed the loader and then made every rule that counts the application's time fail
(six rules, exit code 3, the application audited by none of them). The contract (DESIGN, "Input
data"): a bad record goes to ``rejected`` with its table, line and a clear reason, and
``records == audited + rejected``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from govhall.cli import app
from govhall.loaders import load_dataset
from govhall.rules.runner import audit
from govhall.timelimits import LimitTextError, check_item_limit, parse_limit
from test_hostile_input import EXAMPLE

runner = CliRunner()


def _hall(tmp_path: Path) -> Path:
    """A copy of the example hall, whose applications we then edit line by line."""
    out = tmp_path / "hall"
    shutil.copytree(EXAMPLE, out)
    return out


def _extended_line(hall: Path) -> tuple[int, dict[str, Any], int]:
    """(line number, the application, index of its first extension event carrying a limit)."""
    for number, line in enumerate((hall / "applications.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        app_ = json.loads(line)
        for i, ev in enumerate(app_.get("events", [])):
            if ev.get("kind") == "extended" and ev.get("limit"):
                return number, app_, i
    raise AssertionError("the example hall has no extension with a limit")


def _rewrite(hall: Path, number: int, app_: dict[str, Any]) -> None:
    path = hall / "applications.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[number - 1] = json.dumps(app_, ensure_ascii=False)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("text", ["很久", "十年八年", "99999个工作日", "3 fortnights"])
def test_an_extension_no_rule_could_count_is_rejected_naming_field_record_and_line(
    tmp_path: Path, text: str
) -> None:
    hall = _hall(tmp_path)
    number, app_, i = _extended_line(hall)
    app_["events"][i]["limit"] = text
    _rewrite(hall, number, app_)

    ds = load_dataset(hall)
    [bad] = [r for r in ds.rejected if r.record_id == app_["id"]]
    assert (bad.table, bad.line, bad.field) == ("applications", number, f"events.{i}.limit")
    assert repr(text)[1:-1] in bad.reason or "longer than" in bad.reason
    report = audit(ds)
    assert report.rule_errors == []  # before: six rules failed on it (LimitTextError)
    assert report.summary.records == report.summary.audited + report.summary.rejected


def test_an_application_promise_no_rule_could_count_is_rejected(tmp_path: Path) -> None:
    hall = _hall(tmp_path)
    number, app_, _ = _extended_line(hall)
    app_["promised_limit"] = "尽快"
    _rewrite(hall, number, app_)
    [bad] = [r for r in load_dataset(hall).rejected if r.record_id == app_["id"]]
    assert (bad.line, bad.field) == (number, "promised_limit")
    assert "尽快" in bad.reason


def test_the_command_line_reports_the_record_and_exits_on_findings_not_on_rule_errors(tmp_path: Path) -> None:
    hall = _hall(tmp_path)
    number, app_, i = _extended_line(hall)
    app_["events"][i]["limit"] = "很久"
    _rewrite(hall, number, app_)
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["audit", str(hall), "-f", "json", "-o", str(out), "--fail-on", "never"])
    assert result.exit_code == 0, result.output  # 3 before: rule errors
    rejected = json.loads(out.read_text(encoding="utf-8"))["rejected"]
    assert [(r["record_id"], r["line"], r["field"]) for r in rejected] == [
        (app_["id"], number, f"events.{i}.limit")
    ]


def test_a_readable_extension_in_another_unit_is_still_read(tmp_path: Path) -> None:
    """The check refuses only what parse_limit refuses: 1个月 and 15自然日 stay records to audit."""
    hall = _hall(tmp_path)
    number, app_, i = _extended_line(hall)
    app_["events"][i]["limit"] = "1个月"
    _rewrite(hall, number, app_)
    ds = load_dataset(hall)
    assert [r for r in ds.rejected if r.record_id == app_["id"]] == []
    [loaded] = [a for a in ds.applications if a.id == app_["id"]]
    assert loaded.events[i].limit == "1个月"


_LIMIT_WORDS = st.sampled_from(
    ["个工作日", "天", "日", "个月", "小时", "自然日", "周", "年", "", "久", "fortnight", "当场"]
)


@settings(max_examples=60, deadline=None)
@given(
    amount=st.one_of(st.integers(0, 120_000).map(str), st.sampled_from(["", "二十", "２０", "-3", "1.5"])),
    word=_LIMIT_WORDS,
)
def test_an_extension_text_is_accepted_exactly_when_the_rules_can_count_it(amount: str, word: str) -> None:
    """For every text: an event is accepted exactly when the rules' own reading (parse_limit, within ten
    years) can count its limit, so no accepted record can make a rule fail on its limit."""
    from govhall.models import Event

    text = amount + word
    try:
        check_item_limit(parse_limit(text))
        readable = True
    except LimitTextError:
        readable = False
    base = {
        "id": "E1",
        "application_id": "A1",
        "kind": "extended",
        "at": "2025-09-12T11:10:00",
        "limit": text,
    }
    try:
        Event.model_validate(base)
        accepted = True
    except ValueError:
        accepted = False
    assert accepted == readable, text
