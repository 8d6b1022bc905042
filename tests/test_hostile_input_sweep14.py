"""Hostile input, fourteenth sweep: the decisions left open by the thirteenth, then the surfaces the
earlier rounds touched least (notices, case files, the live command's options, the output's encoding,
province reports). Each test failed before its fix unless its docstring says it holds behaviour that
was already right; each hostile form is refused or named (field, record and line), the CLI exits 2 with
one line, the service answers problem+json."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from govhall.cli import app
from test_hostile_input import one_line_error
from test_hostile_input_sweep8 import WRITER
from test_hostile_input_sweep8 import _client as _client
from test_hostile_input_sweep9 import ALL_ITEMS, APP

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
