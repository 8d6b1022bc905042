"""Halls audited one after another by one process (a service, a province's worker) get the findings
each gets alone in a fresh process.

What could go wrong: a cache of the engine (deadlines worked out per calendar, what per-subject
helpers remember, limits parsed, the loader's timestamps) keeping an answer that belongs to the hall
before, so the next hall's report differs from the one it gets as the first thing a process does.
Each side runs in a fresh interpreter, so nothing of this test's own process is shared.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import govhall

_AUDIT = """
import sys
import govhall
from govhall.reports import render

*before, last = sys.argv[1:]
for folder in before:
    govhall.audit(govhall.load_dataset(folder))
sys.stdout.write(render(govhall.audit(govhall.load_dataset(last)), "json"))
"""


def _report(*folders: Path) -> str:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    run = subprocess.run(
        [sys.executable, "-c", _AUDIT, *map(str, folders)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return run.stdout


@pytest.fixture(scope="module")
def halls(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    # two halls of other seeds than the example, each with planted violations (so there are findings
    # whose deadlines the example's answers could have stood in for)
    return govhall.write_province(tmp_path_factory.mktemp("province"), halls=2, applications=2000, seed=5)


def test_a_hall_audited_after_others_gets_the_findings_it_gets_alone(halls: list[Path]) -> None:
    example = govhall.example_dir()
    second = halls[1]
    alone = _report(second)
    assert '"findings"' in alone and '"rule_id"' in alone  # the hall has findings to compare
    assert _report(example, halls[0], second) == alone
    assert _report(example) == _report(second, example)  # and the other way round
