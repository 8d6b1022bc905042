"""``govhall test CASES.yaml…``: a locality's own cases, reported like pytest (issue #14, item 6)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

CASES = Path(__file__).resolve().parent / "standards" / "cases"

GOOD_AND_BAD = """\
standard: admin-licensing-law
cases:
  - name: right due date
    deadline: {start: 2025-09-26, limit: 20个工作日}
    clause: "82"
    expect: {due: 2025-10-30}
  - name: wrong due date
    deadline: {start: 2025-09-26, limit: 20个工作日}
    expect: {due: 2025-10-29}
  - name: wrong clause
    deadline: {start: 2025-09-26, limit: 20个工作日}
    clause: "45"
    expect: {due: 2025-10-30}
  - name: refused complaint said to be accepted
    complaint: {id: C-1, channel: letter, received_at: 2025-09-30T10:00, facts: {litigation: true}}
    expect: {accepted: true}
  - name: a rule that does not exist
    rule: admin-licensing-law/no-such-rule
    expect: fires
"""


def _run(*args: str, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "govhall", "test", *args], capture_output=True, text=True, cwd=cwd, input=stdin,
        timeout=300,
    )  # fmt: skip


def test_the_projects_cases_pass() -> None:
    files = sorted(str(p) for p in CASES.glob("*.yaml"))
    out = _run(*files)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.count("yaml ") == len(files)
    summary = out.stdout.strip().splitlines()[-1]
    n = sum(len(__import__("govhall.cases").cases.load_case_file(f)) for f in files)
    assert f" {n} passed in " in summary and "failed" not in summary


def test_failures_are_reported_like_pytest(tmp_path: Path) -> None:
    (tmp_path / "ours.yaml").write_text(GOOD_AND_BAD, encoding="utf-8")
    out = _run("ours.yaml", cwd=tmp_path)
    assert out.returncode == 1
    lines = out.stdout.strip().splitlines()
    assert lines[0] == "ours.yaml .FFFF"
    failed = [x for x in lines if x.startswith("FAILED ")]
    assert (
        failed[0]
        == "FAILED ours.yaml::wrong due date (line 7) - due: expected '2025-10-29', got '2025-10-30'"
    )
    assert "does not rest on admin-licensing-law:45" in failed[1] and "admin-licensing-law:82" in failed[1]
    assert "accepted: expected True, got False" in failed[2]
    assert "no rule 'admin-licensing-law/no-such-rule'" in failed[3]
    assert lines[-1].strip("= ").startswith("4 failed, 1 passed in ")


def test_keyword_verbose_json_and_stdin(tmp_path: Path) -> None:
    (tmp_path / "ours.yaml").write_text(GOOD_AND_BAD, encoding="utf-8")
    out = _run("ours.yaml", "-k", "right", "-v", cwd=tmp_path)
    assert out.returncode == 0 and out.stdout.splitlines()[0] == "ours.yaml::right due date PASSED"
    doc = json.loads(_run("ours.yaml", "--json", cwd=tmp_path).stdout)
    assert (doc["passed"], doc["failed"]) == (1, 4)
    assert [c["line"] for c in doc["cases"]] == [3, 7, 10, 14, 17]
    assert {c["kind"] for c in doc["cases"]} == {"deadline", "complaint", "dataset"}
    piped = _run("-", stdin=GOOD_AND_BAD, cwd=tmp_path)
    assert piped.returncode == 1 and piped.stdout.startswith("<stdin> .FFFF")


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("cases: [", "not valid YAML"),
        ("cases:\n  - name: x\n    expect: fires\n", "case 1 (line 2): give exactly one of"),
        (
            "cases:\n  - name: ok\n    rule: a/b\n    expect: fires\n  - name: typo\n    rule: a/b\n    expct: fires\n",
            "case 2 (line 5): unknown key(s) expct",
        ),
        (
            "cases:\n  - {deadline: {start: 2025-01-01}, expect: {due: 2025-01-02}}\n",
            "needs 'start' and 'limit'",
        ),
        ("cases:\n  - {complaint: {id: C}, expect: fires}\n", "needs 'expect' with the fields"),
        ("standard: x\n", "a 'cases' list"),
    ],
)
def test_a_broken_case_file_is_one_line_exit_2(tmp_path: Path, text: str, needle: str) -> None:
    (tmp_path / "bad.yaml").write_text(text, encoding="utf-8")
    out = _run("bad.yaml", cwd=tmp_path)
    assert out.returncode == 2, out.stdout + out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and needle in out.stderr, out.stderr
    assert out.stdout == ""


def test_missing_file_and_no_selection(tmp_path: Path) -> None:
    assert _run("nope.yaml", cwd=tmp_path).returncode == 2
    (tmp_path / "ours.yaml").write_text(GOOD_AND_BAD, encoding="utf-8")
    out = _run("ours.yaml", "-k", "zzz", cwd=tmp_path)
    assert out.returncode == 2 and "no cases to run" in out.stderr


def test_a_firing_case_must_fire_for_its_own_clause(tmp_path: Path) -> None:
    """A complaint in litigation is refused under 不予受理.1; accepting it fires the rule for 不予受理.1.
    The same case naming 不予受理.2 (信访) must fail: the rule cites both, but not that finding."""
    from govhall.cases import load_case_file, run_case

    case = """\
standard: yousu-jiban
cases:
  - name: accepted although in litigation
    rule: yousu-jiban/accepted-despite-exclusion
    clause: {clause}
    expect: fires
    as_of: 2025-11-30
    data:
      complaints: [{{id: C1, channel: onsite, received_at: 2025-11-03T09:00, accepted: true,
                    facts: {{litigation: true}}}}]
"""
    results = {}
    for clause in ("不予受理.1", "不予受理.2"):
        path = tmp_path / f"{clause}.yaml"
        path.write_text(case.format(clause=clause), encoding="utf-8")
        (loaded,) = load_case_file(path)
        results[clause] = run_case(loaded)
    assert results["不予受理.1"].passed, results["不予受理.1"].message
    assert not results["不予受理.2"].passed
    assert "not the case's clause yousu-jiban:不予受理.2" in results["不予受理.2"].message
