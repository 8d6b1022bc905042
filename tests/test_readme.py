"""The README's examples are true: its ``>>>`` blocks run as doctests, its shell examples as commands."""

from __future__ import annotations

import doctest
import re
import shlex
from pathlib import Path

from typer.testing import CliRunner

from govhall.cli import app

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_python_examples() -> None:
    result = doctest.testfile(str(README), module_relative=False, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 10
    assert result.failed == 0


def test_readme_console_examples_print_what_the_readme_says() -> None:
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```console\n(.*?)```", text, flags=re.S)
    checked = 0
    for block in blocks:
        lines = block.rstrip("\n").split("\n")
        i = 0
        while i < len(lines):
            if not lines[i].startswith("$ govhall "):
                i += 1
                continue
            cmd = lines[i][2:]
            expected = []
            i += 1
            while i < len(lines) and not lines[i].startswith("$ "):
                expected.append(lines[i])
                i += 1
            if not expected:
                continue  # a usage line with placeholder paths, not an example with output
            args = shlex.split(cmd)[1:]
            out = CliRunner().invoke(app, args, terminal_width=200)
            assert out.exit_code == 0, (cmd, out.output)
            got = [line.rstrip() for line in out.output.rstrip("\n").split("\n")]
            assert got == [line.rstrip() for line in expected], cmd
            checked += 1
    assert checked >= 4


def test_readme_quick_start_commands() -> None:
    text = README.read_text(encoding="utf-8")
    assert "pip install -e . && govhall audit --example" in text
    assert "pip install -e '.[test]' && pytest" in text
    assert "pip install -e '.[test]' && pytest" in (README.parent / ".ci" / "run").read_text(encoding="utf-8")
