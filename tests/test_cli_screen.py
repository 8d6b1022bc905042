"""``govhall screen``: the JSON contract, stdin, the readable view and exit code 2 on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from govhall.cli import app

runner = CliRunner()

GENERAL = {
    "id": "C-7",
    "channel": "信函",
    "received_at": "2025-09-30T09:00",
    "content": "办证被拖延",
    "complainant": {"name": "张三", "phone": "13812345678"},
    "events": [{"complaint_id": "C-7", "kind": "worksheet_sent", "at": "2025-09-30T10:00"}],
}


def write(tmp_path: Path, doc: object, name: str = "c.json", encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc, ensure_ascii=False), encoding=encoding)
    return str(path)


def test_json_contract_for_an_accepted_complaint(tmp_path: Path) -> None:
    result = runner.invoke(app, ["screen", write(tmp_path, GENERAL), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert list(out)[:7] == ["id", "accepted", "category", "referral", "tier", "due", "clauses"]
    # 工作单 Tue 2025-09-30 + 3 calendar days = Fri 10-03 (holiday) -> Thu 2025-10-09.
    assert (out["id"], out["accepted"], out["category"], out["referral"], out["tier"], out["due"]) == (
        "C-7",
        True,
        None,
        None,
        "general",
        "2025-10-09",
    )
    assert out["clauses"][0] == "yousu-jiban:处置流程.办理.1"
    assert out["response_due"] == "2025-10-09"


def test_json_contract_for_a_refusal_and_a_referral(tmp_path: Path) -> None:
    refused = {**GENERAL, "facts": {"litigation": True, "emergency": "110"}}
    out = json.loads(runner.invoke(app, ["screen", write(tmp_path, refused), "--json"]).stdout)
    assert (out["accepted"], out["category"], out["tier"], out["due"]) == (
        False,
        "other_procedure",
        None,
        None,
    )
    assert out["clauses"][:2] == ["yousu-jiban:不予受理.1", "yousu-jiban:处置流程.受理.4"]
    assert "诉讼" in out["reason"] and out["also_matched"] == ["emergency_hotline"]
    referred = {**GENERAL, "facts": {"out_of_jurisdiction": True, "jurisdiction": "省政务服务中心"}}
    out = json.loads(runner.invoke(app, ["screen", write(tmp_path, referred), "--json"]).stdout)
    assert (out["accepted"], out["category"], out["referral"]) == (True, None, "省政务服务中心")


def test_interpret_option(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["screen", write(tmp_path, GENERAL), "--json", "--interpret", "yousu-jiban.day-unit=working_days"],
    )
    # 3 working days after 2025-09-30: 10-09, 10-10, Sat 10-11 (调休 working day).
    assert json.loads(result.stdout)["due"] == "2025-10-11"


def test_stdin_and_readable_view() -> None:
    result = runner.invoke(
        app, ["screen", "-"], input=json.dumps({**GENERAL, "facts": {"in_petition": True}})
    )
    assert result.exit_code == 0, result.output
    assert "不予受理" in result.stdout and "in_petition" in result.stdout and "信访" in result.stdout
    assert "yousu-jiban:不予受理.2" in result.stdout


def test_gb18030_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["screen", write(tmp_path, GENERAL, encoding="gb18030"), "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["id"] == "C-7"


def test_bad_json_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["screen", write(tmp_path, "{not json")])
    assert result.exit_code == 2
    assert "not valid JSON" in result.stderr and "line 1" in result.stderr


def test_invalid_complaint_names_the_field(tmp_path: Path) -> None:
    bad = {**GENERAL, "channel": "carrier pigeon"}
    result = runner.invoke(app, ["screen", write(tmp_path, bad)])
    assert result.exit_code == 2 and "channel" in result.stderr
    missing = {k: v for k, v in GENERAL.items() if k != "received_at"}
    result = runner.invoke(app, ["screen", write(tmp_path, missing)])
    assert result.exit_code == 2 and "received_at" in result.stderr
    typo = {**GENERAL, "facts": {"litigaton": True}}
    result = runner.invoke(app, ["screen", write(tmp_path, typo)])
    assert result.exit_code == 2 and "facts.litigaton" in result.stderr
    result = runner.invoke(app, ["screen", write(tmp_path, [GENERAL])])
    assert result.exit_code == 2 and "one complaint object" in result.stderr


def test_missing_file_and_bad_interpretation_exit_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["screen", str(tmp_path / "nope.json")])
    assert result.exit_code == 2 and "cannot read" in result.stderr
    result = runner.invoke(
        app, ["screen", write(tmp_path, GENERAL), "--interpret", "yousu-jiban.day-unit=weeks"]
    )
    assert result.exit_code == 2 and "not one of" in result.stderr


def test_process_boundary_one_line_no_traceback(tmp_path: Path) -> None:
    bad = subprocess.run(
        [sys.executable, "-m", "govhall.cli", "screen", write(tmp_path, "{")], capture_output=True, text=True
    )
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and bad.stderr.count("\n") == 1
    ok = subprocess.run(
        [sys.executable, "-m", "govhall.cli", "screen", "-", "--json"],
        input=json.dumps(GENERAL),
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0 and json.loads(ok.stdout)["due"] == "2025-10-09"
