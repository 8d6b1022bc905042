"""The command line in CI: --version, shell completion, ``-`` for stdin, exit codes in --help (issue #14)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml

import govhall

EXAMPLE = govhall.example_dir()


def _run(
    *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "govhall", *args], input=stdin, capture_output=True, timeout=300,
        env={**os.environ, **(env or {})},
    )  # fmt: skip


def test_version() -> None:
    out = _run("--version")
    assert out.returncode == 0
    assert out.stdout.decode() == f"govhall {govhall.__version__}\n"
    assert govhall.__version__ == version("govhall")  # the package metadata and the module agree


def test_completion_is_on() -> None:
    out = _run(env={"_GOVHALL_COMPLETE": "complete_bash", "COMP_WORDS": "govhall au", "COMP_CWORD": "1"})
    assert out.returncode == 0 and out.stdout.decode().split() == ["audit"]
    out = _run(
        env={"_GOVHALL_COMPLETE": "complete_bash", "COMP_WORDS": "govhall audit --fo", "COMP_CWORD": "2"}
    )
    assert "--format" in out.stdout.decode().split()
    assert b"--install-completion" in _run("--help").stdout


def _commands() -> list[list[str]]:
    from govhall.cli import app

    out: list[list[str]] = []
    for info in app.registered_commands:
        out.append([info.name or info.callback.__name__])  # type: ignore[union-attr]
    for group in app.registered_groups:
        assert group.typer_instance is not None
        for info in group.typer_instance.registered_commands:
            out.append([str(group.name), str(info.name)])
    return out


@pytest.mark.parametrize("command", _commands(), ids=lambda c: " ".join(c))
def test_every_help_states_the_exit_codes(command: list[str]) -> None:
    from typer.testing import CliRunner

    from govhall.cli import app

    result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "Exit codes:" in text or "Exit 0" in text or "exit 0" in text, text[-400:]


def _document() -> dict[str, object]:
    doc: dict[str, object] = {
        path.stem: [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
        for path in EXAMPLE.glob("*.jsonl")
    }
    doc["hall"] = json.loads((EXAMPLE / "hall.json").read_text(encoding="utf-8"))
    doc["as_of"] = json.loads((EXAMPLE / "meta.json").read_text(encoding="utf-8"))["as_of"]
    return doc


def _findings(raw: bytes) -> list[tuple[str, str, str]]:
    return sorted(
        (f["rule_id"], f["subject"]["kind"], f["subject"]["id"]) for f in json.loads(raw)["findings"]
    )


def test_audit_reads_a_document_from_stdin(tmp_path: Path) -> None:
    doc = _document()
    from_folder = govhall.audit(govhall.load_dataset(EXAMPLE))
    piped = _run("audit", "-", "--format", "json", stdin=json.dumps(doc, ensure_ascii=False).encode("utf-8"))
    assert piped.returncode == 1, piped.stderr
    assert _findings(piped.stdout) == sorted(
        (f.rule_id, f.subject.kind, f.subject.id) for f in from_folder.findings
    )
    assert json.loads(piped.stdout)["source"] == "<stdin>"
    small = {"items": doc["items"], "hall": doc["hall"], "as_of": doc["as_of"]}
    as_yaml = _run(
        "audit", "-", "--format", "sarif", stdin=yaml.safe_dump(small, allow_unicode=True).encode("gb18030")
    )
    assert as_yaml.returncode == 1, as_yaml.stderr
    results = json.loads(as_yaml.stdout)["runs"][0]["results"]
    assert results and all("physicalLocation" not in r["locations"][0] for r in results)  # a pipe has no file


def test_check_reads_a_catalogue_from_stdin() -> None:
    lines = (EXAMPLE / "items.jsonl").read_bytes()
    from_file = _run("check", str(EXAMPLE / "items.jsonl"), "--as-of", "2025-11-30", "--format", "json")
    piped = _run("check", "-", "--as-of", "2025-11-30", "--format", "json", stdin=lines)
    assert piped.returncode == from_file.returncode, piped.stderr
    assert _findings(piped.stdout) == _findings(from_file.stdout) != []
    items = [json.loads(x) for x in lines.decode("utf-8").splitlines()]
    as_yaml = _run("check", "-", "--as-of", "2025-11-30", "--format", "json",
                   stdin=yaml.safe_dump(items, allow_unicode=True).encode("utf-8"))  # fmt: skip
    assert _findings(as_yaml.stdout) == _findings(from_file.stdout)
    broken = _run(
        "check", "-", "--as-of", "2025-11-30", "--format", "json", stdin=lines + b'{"code": "X-1"}\n'
    )
    assert broken.returncode == 1
    assert [r["source"] for r in json.loads(broken.stdout)["rejected"]] == ["<stdin>"]


@pytest.mark.parametrize(
    ("args", "stdin", "needle"),
    [
        (["audit", "-"], b"", "standard input is empty"),
        (["audit", "-"], b'{"id": "A-1"}\n{"id": "A-2"}\n', "give a dataset document"),
        (["check", "-"], b"\xff\xfe\x00garbage", "stdin"),
    ],
)
def test_bad_stdin_is_one_line_exit_2(args: list[str], stdin: bytes, needle: str) -> None:
    out = _run(*args, stdin=stdin)
    assert out.returncode == 2
    err = out.stderr.decode()
    assert len(err.strip().splitlines()) == 1 and needle in err, err
