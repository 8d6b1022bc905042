"""Hostile input, fourteenth sweep: the decisions left open by the thirteenth, then the surfaces the
earlier rounds touched least (notices, case files, the live command's options, the output's encoding,
province reports). Each test failed before its fix unless its docstring says it holds behaviour that
was already right; each hostile form is refused or named (field, record and line), the CLI exits 2 with
one line, the service answers problem+json."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govhall.cli import app
from test_hostile_input import one_line_error
from test_hostile_input_sweep8 import _client as _client

runner = CliRunner()


# == 1. an output file's extension names its format: .junit too ===========================================


@pytest.mark.parametrize("name", ["report.junit", "REPORT.JUNIT", "report.junit.xml"])
def test_an_output_named_junit_is_written_as_junit(tmp_path: Path, name: str) -> None:
    """``-o report.junit`` without ``-f`` wrote the text report into a file a CI's JUnit step then read as
    XML and refused (``.xml`` was mapped, ``.junit`` was not; ``.junit.xml`` held already)."""
    out = tmp_path / name
    result = runner.invoke(app, ["audit", "--example", "-o", str(out), "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    root = ET.fromstring(out.read_text(encoding="utf-8"))
    assert root.tag == "testsuites", root.tag


# == 2. live replay's choices are choices, told as audit tells its own =======================================


@pytest.mark.parametrize(
    ("option", "value", "choices"),
    [
        ("--fail-on", "bogus", "'error', 'warning', 'never'"),
        ("--fail-on", "ERROR", "'error', 'warning', 'never'"),
        ("--engine", "durabel", "'durable', 'plain'"),
        ("--rules", "all", "'auto', 'live', 'subjects'"),
    ],
)
def test_live_replay_tells_an_unknown_choice_as_audit_does(
    tmp_path: Path, option: str, value: str, choices: str
) -> None:
    """``govhall live replay --fail-on bogus`` answered in words of its own ("expected error, warning or
    never, not 'bogus'"), with no pointer to the help, whose option said only ``<str>``; ``govhall audit
    --fail-on bogus`` names the choices and the help. One way for both, the choices listed in --help."""
    events = tmp_path / "ev.jsonl"
    events.write_text('{"kind": "received", "at": "2025-10-09T10:00:00", "application_id": "A1"}\n')
    err = one_line_error(runner.invoke(app, ["live", "replay", str(events), option, value]))
    assert f"Invalid value for '{option}'" in err and f"{value!r} is not one of {choices}" in err, err
    assert "(see 'govhall live replay --help')" in err, err
    audit = one_line_error(runner.invoke(app, ["audit", "--example", "--fail-on", "bogus"]))
    assert audit.replace("audit", "live replay") == err.replace(option, "--fail-on").replace(
        f"{value!r} is not one of {choices}", "'bogus' is not one of 'error', 'warning', 'never'"
    ), (audit, err)
    shown = runner.invoke(app, ["live", "replay", "--help"], terminal_width=200).output
    assert "<" + choices.replace("'", "").replace(", ", "|") + ">" in shown, shown
