"""``govhall calendar workday|add|count`` and ``govhall deadline``: JSON keys and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from govhall.cli import app, main

runner = CliRunner()


def run_json(*args: str) -> dict:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_workday_json() -> None:
    out = run_json("calendar", "workday", "2025-10-04")
    assert {"date", "working_day", "reason", "holiday_name", "provisional", "notice"} <= set(out)
    assert out["date"] == "2025-10-04"
    assert out["working_day"] is False
    assert out["reason"] == "holiday"
    assert out["holiday_name"] == "国庆节、中秋节"
    assert out["provisional"] is False
    assert "国办发明电〔2024〕12号" in out["notice"]
    assert run_json("calendar", "workday", "2025-09-28")["reason"] == "makeup_workday"
    assert run_json("calendar", "workday", "2027-03-01")["provisional"] is True


def test_add_json() -> None:
    out = run_json("calendar", "add", "2025-09-26", "20")
    assert out == {"date": "2025-09-26", "n": 20, "result": "2025-10-30", "provisional": False}


def test_count_json() -> None:
    out = run_json("calendar", "count", "2025-12-31", "2026-01-05")
    assert out["from"] == "2025-12-31" and out["to"] == "2026-01-05"
    assert out["working_days"] == 2 and out["provisional"] is False


def test_deadline_json() -> None:
    out = run_json(
        "deadline", "2025-09-26", "20个工作日", "--pause", "2025-10-13:2025-10-17", "--extend", "10个工作日"
    )
    assert {"start", "limit", "due", "paused_working_days", "provisional", "basis"} <= set(out)
    assert out["limit"] == {"amount": 20, "unit": "working_day", "text": "20个工作日"}
    assert out["due"] == "2025-11-20"
    assert out["paused_working_days"] == 5
    assert out["basis"] == ["civil-code:201", "admin-licensing-law:82", "db23-hlj-2023:7.4.2"]
    hour = run_json("deadline", "2025-09-30T10:00", "24小时")
    assert hour["due"] == "2025-10-01" and hour["due_at"] == "2025-10-01T10:00:00+08:00"
    assert hour["limit"]["unit"] == "hour"
    restart = run_json(
        "deadline", "2025-03-03", "10个工作日", "--pause", "2025-03-05:2025-03-06", "--interpret",
        "timelimits.pause-mode=restart",
    )  # fmt: skip
    assert restart["due"] == "2025-03-20"


def test_profile_overrides(tmp_path) -> None:
    profile = tmp_path / "hall.yaml"
    profile.write_text(
        "calendar:\n  closed: [{date: 2025-03-03, reason: 系统升级闭厅}]\n  open: [{date: 2025-03-08, reason: 周六延时服务}]\n",
        encoding="utf-8",
    )
    out = run_json("calendar", "workday", "2025-03-03", "--profile", str(profile))
    assert out["working_day"] is False and out["reason"] == "override"
    assert run_json("calendar", "add", "2025-03-07", "1", "--profile", str(profile))["result"] == "2025-03-08"
    assert run_json("deadline", "2025-02-28", "1个工作日", "--profile", str(profile))["due"] == "2025-03-04"


def test_readable_output() -> None:
    result = runner.invoke(app, ["calendar", "workday", "2025-10-04"])
    assert result.exit_code == 0 and "国庆节、中秋节" in result.stdout
    result = runner.invoke(app, ["deadline", "2027-09-26", "30天"])
    assert result.exit_code == 0 and "2027-10-26" in result.stdout and "provisional" in result.stdout


@pytest.mark.parametrize(
    "argv",
    [
        ["calendar", "workday", "2025-13-01"],
        ["calendar", "workday", "2003-01-01"],
        ["calendar", "add", "2025-01-01", "x"],
        ["calendar", "add", "2025-01-01", "-3"],
        ["calendar", "add", "2036-12-01", "100"],
        ["calendar", "count", "2025-01-01", "tomorrow"],
        ["deadline", "2025-09-26", "soon"],
        ["deadline", "2025-09-26", "3天", "--pause", "2025-10-05:2025-10-01"],
        ["deadline", "2025-09-26", "3天", "--pause", "yesterday:today"],
        ["deadline", "2025-09-26", "3天", "--extend", "a while"],
        ["deadline", "2025-09-26", "3天", "--interpret", "timelimits.pause-mode=maybe"],
        ["calendar", "workday", "2025-01-01", "--profile", "/nonexistent/hall.yaml"],
    ],
)
def test_bad_input_exits_2_with_one_line(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("govhall: error: ")
    assert err.count("\n") == 1 and "Traceback" not in err


def test_bad_profile_exits_2(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("calendar:\n  closed: [{date: 2025-02-30}]\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        main(["calendar", "workday", "2025-01-01", "--profile", str(bad)])
    assert exc.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_process_boundary() -> None:
    """The real entry point: one JSON document on stdout, or exit 2 with no traceback."""
    code = "from govhall.cli import main; main()"
    ok = subprocess.run(
        [sys.executable, "-c", code, "calendar", "add", "2025-09-26", "20", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ok.returncode == 0 and json.loads(ok.stdout)["result"] == "2025-10-30"
    bad = subprocess.run(
        [sys.executable, "-c", code, "deadline", "2025-09-26", "二三天"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and bad.stderr.count("\n") == 1


def test_an_hour_period_ending_at_midnight_is_shown_at_24_00_of_its_last_day() -> None:
    # 24 hours from 00:00 on Mon 3 November 2025 end at 24:00 that day (civil-code:203, 截止时间为二十四时):
    # the last day on which the act is in time is the 3rd, not the 4th
    out = run_json("deadline", "2025-11-03T00:00", "24小时")
    assert out["due"] == "2025-11-03" and out["due_at"] == "2025-11-04T00:00:00+08:00"
    text = runner.invoke(app, ["deadline", "2025-11-03T00:00", "24小时"])
    assert text.exit_code == 0 and "2025-11-03 (Mon) 24:00" in text.output


@pytest.mark.parametrize(
    "pause",
    [
        "2026-02-13T12:00:2026-02-13T14:00",
        "2026-02-13T12:00..2026-02-13T14:00",
        "2026-02-13:2026-02-14 09:00",
    ],
)
def test_a_pause_given_in_moments_is_refused_as_days_only_naming_the_option(pause: str) -> None:
    """--pause takes days, as /v1/deadlines does. A moment was split at its first colon and refused as
    "--pause FROM: '2026-02-13T12' is not an ISO date", a text nobody wrote."""
    result = runner.invoke(app, ["deadline", "2026-02-13T09:00", "24小时", "--pause", pause])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in result.output
    assert lines[0].startswith(f"govhall: error: --pause {pause!r}: FROM and TO are days")
    assert "'2026-02-13T12'" not in lines[0]
