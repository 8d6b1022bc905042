"""The pre-commit hooks of ``.pre-commit-hooks.yaml``, run with ``pre-commit try-repo`` (issue #14).

``try-repo`` is run against this checkout on a throw-away consumer repository. The ``*-system`` hooks
run the govhall of this test's environment: no install, no network. The ``language: python`` hooks
differ from them only in ``language`` (checked here): pre-commit would ``pip install`` this repository
for them, which needs the package index, so this suite does not run them (docs/ci.md says so).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import govhall

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = govhall.example_dir()
CLEAN_ITEMS = ("FY-GAJ-001", "FY-GAJ-002")  # items of the example hall no rule fires on
BROKEN_ITEM = "FY-MZJ-001"  # no short service guide (hangzhou-zuiduo-paoyici)

pytestmark = pytest.mark.skipif(
    not (ROOT / ".git").exists(), reason="pre-commit try-repo needs this project as a git checkout"
)


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def _consumer(tmp_path: Path, files: dict[str, bytes]) -> Path:
    repo = tmp_path / "consumer"
    repo.mkdir(parents=True)
    _git(repo, "init", "-q")
    for name, data in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_bytes(data)
    _git(repo, "add", "-A")
    return repo


def _try_repo(repo: Path, hook: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
        "PIP_NO_INDEX": "1",  # nothing may be installed: the system hooks need no network
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
    }  # fmt: skip
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), hook, "--all-files", "--color", "never"],
        cwd=repo, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip


def _items(*codes: str) -> bytes:
    rows = [x for x in (EXAMPLE / "items.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    keep = [r for r in rows if json.loads(r)["code"] in codes]
    assert len(keep) == len(codes)
    return ("\n".join(keep) + "\n").encode("utf-8")


def test_the_manifest_is_valid_and_the_variants_agree() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert out.returncode == 0, out.stdout + out.stderr
    hooks = {
        h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    }
    assert set(hooks) == {"govhall-check", "govhall-audit", "govhall-check-system", "govhall-audit-system"}
    for name in ("govhall-check", "govhall-audit"):
        python, system = hooks[name], hooks[f"{name}-system"]
        assert python["language"] == "python" and system["language"] == "system"
        for key in ("entry", "args", "files", "pass_filenames"):
            assert python.get(key) == system.get(key), key


def test_check_hook_passes_complete_and_fails_incomplete_catalogues(tmp_path: Path) -> None:
    repo = _consumer(tmp_path, {
        "guides/items.jsonl": _items(*CLEAN_ITEMS),
        "notes/other.json": b'{"not": "a catalogue"}\n',  # not matched by the hook's files pattern
    })  # fmt: skip
    ok = _try_repo(repo, "govhall-check-system", tmp_path)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "Passed" in ok.stdout

    (repo / "guides" / "items.jsonl").write_bytes(_items(*CLEAN_ITEMS, BROKEN_ITEM))
    (repo / "catalogue-2025.yaml").write_text(
        yaml.safe_dump([json.loads(_items(CLEAN_ITEMS[0]))], allow_unicode=True), encoding="utf-8"
    )
    _git(repo, "add", "-A")
    bad = _try_repo(repo, "govhall-check-system", tmp_path)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout and f"item {BROKEN_ITEM}" in bad.stdout
    assert "hangzhou-zuiduo-paoyici" in bad.stdout
    assert "catalogue-2025.yaml" in bad.stdout and "guides/items.jsonl" in bad.stdout  # both files checked


def test_audit_hook_audits_the_dataset_repository(tmp_path: Path) -> None:
    files = {p.name: p.read_bytes() for p in EXAMPLE.iterdir() if p.is_file()}
    repo = _consumer(tmp_path, files)
    out = _try_repo(repo, "govhall-audit-system", tmp_path)
    assert out.returncode == 1, out.stdout + out.stderr  # the example hall's planted violations
    assert "Failed" in out.stdout and "gdzw-0020-2019" in out.stdout
    clean = _consumer(
        tmp_path / "clean", {"items.jsonl": _items(*CLEAN_ITEMS), "meta.json": b'{"as_of": "2025-11-30"}'}
    )
    ok = _try_repo(clean, "govhall-audit-system", tmp_path)
    assert ok.returncode == 0, ok.stdout + ok.stderr
