"""The composite GitHub Action (``action.yml``): well-formed, documented, and its govhall step works.

The step that runs govhall is executed here as GitHub would run it (bash, the inputs' values in its
environment, ``GITHUB_OUTPUT`` and ``GITHUB_WORKSPACE`` set); ``setup-python`` and ``upload-sarif``
are GitHub's own actions and are only checked for their inputs.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

import govhall

ROOT = Path(__file__).resolve().parents[1]
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
DOC = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
_EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def _steps() -> list[dict[str, Any]]:
    return ACTION["runs"]["steps"]


def test_composite_action_is_well_formed() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert ACTION["name"] and ACTION["description"]
    for step in _steps():
        assert ("run" in step) != ("uses" in step)
        if "run" in step:
            assert step["shell"] == "bash"  # composite run steps must name their shell
            assert "${{" not in step["run"], "inputs reach scripts through env, never inline (injection)"
    uses = [s["uses"] for s in _steps() if "uses" in s]
    assert uses == ["actions/setup-python@v5", "github/codeql-action/upload-sarif@v3"]


def test_every_input_is_used_and_documented() -> None:
    text = (ROOT / "action.yml").read_text(encoding="utf-8")
    used = {m.group(1)[len("inputs.") :] for m in _EXPR.finditer(text) if m.group(1).startswith("inputs.")}
    used |= {x for e in _EXPR.findall(text) for x in re.findall(r"inputs\.([\w-]+)", e)}
    declared = set(ACTION["inputs"])
    assert used == declared
    for name, spec in ACTION["inputs"].items():
        row = next((line for line in DOC.splitlines() if line.startswith(f"| `{name}` |")), None)
        assert row is not None, f"docs/ci.md does not document input {name}"
        assert f"`{spec['default']}`" in row or (spec["default"] == "" and "(empty)" in row), row
    for name in ACTION["outputs"]:
        assert f"`{name}`" in DOC


def _run_step(workspace: Path, **inputs: str) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    step = next(s for s in _steps() if s.get("id") == "run")
    values = {k: str(v["default"]) for k, v in ACTION["inputs"].items()} | inputs
    env = {
        **os.environ,
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_OUTPUT": str(workspace / "github-output"),
    }
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    for key, expr in step["env"].items():
        env[key] = _EXPR.sub(lambda m: values[m.group(1).removeprefix("inputs.")], expr)
    out = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=workspace, env=env, capture_output=True,
                         text=True, timeout=300)  # fmt: skip
    outputs = {}
    if (workspace / "github-output").exists():
        outputs = dict(
            x.split("=", 1) for x in (workspace / "github-output").read_text().splitlines() if "=" in x
        )
    return out, outputs


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    shutil.copytree(govhall.example_dir(), tmp_path / "halls" / "fy")
    return tmp_path


def test_the_govhall_step_audits_writes_sarif_and_reports_the_exit_code(workspace: Path) -> None:
    out, outputs = _run_step(workspace, path="halls/fy")
    assert out.returncode == 0, out.stderr  # findings are the last step's business, after the upload
    assert outputs == {"exit-code": "1"}
    sarif = json.loads((workspace / "govhall.sarif").read_text(encoding="utf-8"))
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]
    }
    assert uris and all(
        u.startswith("halls/fy/") for u in uris
    )  # relative to the workspace: GitHub places them
    fail_step = next(s for s in _steps() if s.get("name") == "Fail on findings")
    assert fail_step["if"] == "${{ steps.run.outputs.exit-code == '1' }}"


def test_the_govhall_step_passes_options_through(workspace: Path) -> None:
    (workspace / "profile.yaml").write_text(
        "interpretations: {yousu-jiban.day-unit: working_days}\n", encoding="utf-8"
    )
    out, outputs = _run_step(workspace, path="halls/fy", **{"fail-on": "never", "profile": "profile.yaml",
                                                           "args": "--standard yousu-jiban", "sarif-file": "y.sarif"})  # fmt: skip
    assert out.returncode == 0 and outputs == {"exit-code": "0"}, out.stderr
    run = json.loads((workspace / "y.sarif").read_text(encoding="utf-8"))["runs"][0]
    assert run["properties"]["standards"] == ["yousu-jiban"]
    assert {i["name"]: i["value"] for i in run["properties"]["interpretations"]}[
        "yousu-jiban.day-unit"
    ] == "working_days"


def test_bad_input_fails_the_step_with_exit_2(workspace: Path) -> None:
    out, outputs = _run_step(workspace, path="halls/none")
    assert out.returncode == 2 and outputs == {"exit-code": "2"}
    assert "halls/none" in out.stderr
    out, _ = _run_step(workspace, command="lint")
    assert out.returncode == 2 and "command must be audit or check" in out.stdout
