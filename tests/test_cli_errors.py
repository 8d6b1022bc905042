"""The command line's error contract (issue #17): every error is one line on stderr with exit 2 —
usage errors, a closed or broken stdout — and a rule that raised makes ``audit``/``check`` exit 3."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from govhall.cli import app
from govhall.rules import ClauseRef, Hit, Registry, Rule
from govhall.standards import load_all

runner = CliRunner()


def one_line_error(result: Any) -> str:
    assert result.exit_code == 2, (result.exit_code, result.output, result.stderr)
    err = result.stderr
    assert err.count("\n") == 1 and err.startswith("govhall: error: "), err
    assert "Traceback" not in err and "╭" not in err and "Usage:" not in err
    assert result.stdout == ""
    return err


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (
            ["deadline", "2025-01-01", "-5个工作日"],
            "LIMIT: not a time limit: '-5个工作日'",
        ),  # not "-5" an option
        (["deadline", "2025-01-01", "5个工作日", "-x"], "No such option: -x"),
        (["standards", "bogus"], "No such command 'bogus'"),
        (["audit", "d", "--fail-on", "bogus"], "--fail-on"),
        (["audit", "d", "--format", "bogus"], "--format"),
        (["calendar", "add", "2025-01-01"], "Missing argument 'N'"),
        (["calendar", "workday", "2025-13-01"], "not an ISO date"),
        (["no-such-command"], "No such command 'no-such-command'"),
        (["audit", "--example", "--bogus-flag"], "No such option: --bogus-flag"),
    ],
)
def test_usage_errors_are_one_line_with_exit_2(args: list[str], needle: str) -> None:
    err = one_line_error(runner.invoke(app, args))
    assert needle in err


def test_a_profile_nested_too_deep_is_one_line_naming_it(tmp_path: Path) -> None:
    profile = tmp_path / "deep.yaml"
    profile.write_text("parameters: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    err = one_line_error(runner.invoke(app, ["audit", "--example", "--profile", str(profile)]))
    assert "deep.yaml" in err and "nested too deep" in err and "internal error" not in err


def test_a_usage_error_names_the_help_of_its_command() -> None:
    err = one_line_error(runner.invoke(app, ["deadline", "2025-01-01", "5个工作日", "--bogus"]))
    assert "govhall deadline --help" in err


def test_help_and_success_still_exit_0() -> None:
    assert runner.invoke(app, ["deadline", "--help"]).exit_code == 0
    ok = runner.invoke(app, ["calendar", "workday", "2025-10-11", "--json"])
    assert ok.exit_code == 0 and json.loads(ok.stdout)["working_day"] is True  # a 调休 Saturday, 2025


def test_a_closed_stdout_is_exit_2_with_a_message() -> None:
    # the child starts with file descriptor 1 closed, as `govhall … >&-` does
    proc = subprocess.run(
        [sys.executable, "-m", "govhall.cli", "calendar", "workday", "2025-10-11"],
        stderr=subprocess.PIPE, preexec_fn=lambda: os.close(1), check=False,
    )  # fmt: skip
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert err == "govhall: error: cannot write the output to standard output: standard output is closed\n"


def test_a_broken_pipe_is_exit_2_with_a_message() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "govhall.cli", "standards", "coverage", "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader goes away before the child writes (it is still importing)
    err = proc.stderr.read().decode()
    assert proc.wait() == 2, err
    assert err == "govhall: error: cannot write the output to standard output: broken pipe\n"


def test_a_closed_stdout_does_not_matter_when_the_report_goes_to_a_file(tmp_path: Path) -> None:
    item = {"code": "I1", "name": "食品经营许可", "type": "行政许可", "department": "市场监管局"}
    (tmp_path / "items.jsonl").write_text(json.dumps(item, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "r.json"
    proc = subprocess.run(
        [sys.executable, "-m", "govhall.cli", "check", str(tmp_path), "--as-of", "2025-11-30", "--json", "-o",
         str(out), "--fail-on", "never"],
        stderr=subprocess.PIPE, preexec_fn=lambda: os.close(1), check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr.decode()
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["records"] == 1


# -- rule errors: exit 3 ----------------------------------------------------------------------------------


def _crash(item: Any, ctx: Any) -> Hit | None:
    """办事指南应载明收费标准。

    Test-only rule that raises on every item.
    """
    raise RuntimeError(f"cannot judge {item.code}")


def _fine(item: Any, ctx: Any) -> Hit | None:
    """办事指南应载明收费标准。

    Test-only rule that never fires.
    """
    return None


@pytest.fixture
def crashing(monkeypatch: pytest.MonkeyPatch) -> Registry:
    load_all()
    reg = Registry()
    for rid, check in (("gdzw-0020-2019/zz-test-crash", _crash), ("gdzw-0020-2019/zz-test-fine", _fine)):
        reg.add(Rule(id=rid, title="Test rule", clauses=(ClauseRef("gdzw-0020-2019:5.2.1"),), severity="error",
                     subject="item", check=check, clause_text="办事指南应载明收费标准。"))  # fmt: skip
    monkeypatch.setattr("govhall.rules.runner.REGISTRY", reg)
    return reg


def _catalogue(tmp_path: Path) -> Path:
    item = {"code": "I1", "name": "食品经营许可", "type": "行政许可", "department": "市场监管局"}
    (tmp_path / "items.jsonl").write_text(json.dumps(item, ensure_ascii=False) + "\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("fail_on", ["error", "warning", "never"])
def test_a_rule_that_raises_makes_the_run_exit_3_whatever_fail_on(
    crashing: Registry, tmp_path: Path, fail_on: str
) -> None:
    ds = _catalogue(tmp_path)
    for command in ("audit", "check"):
        result = runner.invoke(app, [command, str(ds), "--as-of", "2025-11-30", "--fail-on", fail_on])
        assert result.exit_code == 3, (command, result.output, result.stderr)
        assert "rule error: gdzw-0020-2019/zz-test-crash" in result.stderr
        assert "cannot judge I1" in result.stderr


def test_tolerate_rule_errors_gives_the_findings_exit_code_and_still_lists_them(
    crashing: Registry, tmp_path: Path
) -> None:
    ds = _catalogue(tmp_path)
    result = runner.invoke(
        app, ["audit", str(ds), "--as-of", "2025-11-30", "--json", "--tolerate-rule-errors"]
    )
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert next(iter(doc)) == "rule_errors"  # first key of the document
    (err,) = doc["rule_errors"]
    assert err["rule_id"] == "gdzw-0020-2019/zz-test-crash" and err["count"] == 1
    assert "RuntimeError: cannot judge I1" in err["message"]


def test_exit_3_is_documented_in_the_help() -> None:
    for command in ("audit", "check"):
        text = " ".join(runner.invoke(app, [command, "--help"]).stdout.split())
        assert "--tolerate-rule-errors" in text and "3 a rule raised" in text


def test_the_exit_codes_are_in_the_top_level_help() -> None:
    text = " ".join(runner.invoke(app, ["--help"]).stdout.split())
    assert "2 bad usage, unreadable input, or output that could not be written" in text
    assert "3 a rule raised" in text


@pytest.mark.parametrize("shape", ["list", "document"])
def test_check_rejects_a_deep_or_long_catalogue_entry_on_its_own(tmp_path: Path, shape: str) -> None:
    item = {"code": "I1", "name": "食品经营许可", "type": "行政许可", "department": "市场监管局"}
    elements = [
        json.dumps(item, ensure_ascii=False),
        "[" * 100_000 + "]" * 100_000,
        '{"code": "I3", "n": ' + "1" * 5000 + "}",
    ]
    text = "[" + ", ".join(elements) + "]"
    path = tmp_path / "catalogue.json"
    path.write_text(
        text if shape == "list" else '{"as_of": "2025-11-30", "items": ' + text + "}", encoding="utf-8"
    )
    result = runner.invoke(app, ["check", str(path), "--as-of", "2025-11-30", "--json"])
    assert result.exit_code == 1, result.stderr  # rejected catalogue entries fail a check
    doc = json.loads(result.stdout)
    assert doc["summary"]["records"] == 3 and doc["summary"]["audited"] == 1
    reasons = {r["line"]: r["reason"] for r in doc["rejected"]}
    assert "MAX_DEPTH" in reasons[2] and "MAX_NUMBER_DIGITS" in reasons[3]
    assert {r["source"] for r in doc["rejected"]} == {str(path)}


def test_check_refuses_a_yaml_catalogue_nested_too_deep_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "catalogue.yaml"
    path.write_text("items:\n  - code: I1\n    x: " + "[" * 3_000 + "]" * 3_000 + "\n", encoding="utf-8")
    err = one_line_error(runner.invoke(app, ["check", str(path), "--as-of", "2025-11-30"]))
    assert "catalogue.yaml: nested too deep to read as YAML" in err


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ('{"id": "C1", "x": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested 100001 levels deep"),
        ('{"id": "C1", "x": ' + "[" * 70 + "]" * 70 + "}", "nested more than 64 levels deep"),
        ('{"id": "C1", "n": ' + "9" * 5000 + "}", "a number of 5000 digits"),
    ],
)
def test_screen_refuses_a_complaint_past_the_limits_in_one_line(
    tmp_path: Path, body: str, needle: str
) -> None:
    path = tmp_path / "c.json"
    path.write_text(body, encoding="utf-8")
    err = one_line_error(runner.invoke(app, ["screen", str(path)]))
    assert needle in err


def test_ctrl_c_in_any_command_exits_130_with_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/ci.md: 130, the run was interrupted. Click turns a Ctrl-C inside a command into its Abort,
    which came out as 'aborted' with exit 2, the code of bad input: a script could not tell the two
    apart. (``audit`` had its own handler; every command now answers the same.)"""
    import govhall.cli.calendar_cmd as calendar_cmd

    def interrupted(*_args: Any, **_kwargs: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(calendar_cmd, "add_doc", interrupted)
    result = runner.invoke(app, ["calendar", "add", "2025-09-30", "3"])
    assert result.exit_code == 130, (result.exit_code, result.output)
    assert result.stderr == "govhall: error: interrupted\n"
    assert result.stdout == ""


def test_ctrl_c_while_the_command_line_is_imported_exits_130_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The console script's first import (typer, rich, every command: a few hundred ms) is guarded:
    a Ctrl-C there printed Python's traceback."""
    import govhall._entry as entry

    def interrupted(name: str) -> Any:
        assert name == "govhall.cli"
        raise KeyboardInterrupt

    monkeypatch.setattr(entry, "import_module", interrupted)
    with pytest.raises(SystemExit) as stopped:
        entry.main(["--version"])
    assert stopped.value.code == 130
    assert capsys.readouterr().err == "govhall: error: interrupted\n"


def test_python_m_govhall_runs_the_command_line_through_the_guard() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "govhall", "calendar", "add", "2025-09-30", "3", "--json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    # by hand, the 2025 notice: 国庆节、中秋节：10月1日至8日放假调休，共8天。9月28日（周日）、10月11日
    # （周六）上班. After 30 September (Tue): 9 October (Thu) is the 1st working day, the 10th (Fri)
    # the 2nd, the 11th (Sat, 调休 working day) the 3rd
    assert json.loads(done.stdout)["result"] == "2025-10-11"
