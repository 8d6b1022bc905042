"""Declarative cases: `tests/standards/cases/<standard id>.yaml` (format in docs/cases.md).

Each case is an input (a small dataset and the rule it concerns, a complaint, or a deadline) and the
outcome it must have, with the clause that outcome rests on. They run through the same runner as
``govhall test`` (:mod:`govhall.cases`), so the project's cases and a locality's own behave alike.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from govhall.cases import Case, load_case_file, run_case

CASES_DIR = Path(__file__).resolve().parent / "cases"
CASES = [c for path in sorted(CASES_DIR.glob("*.yaml")) for c in load_case_file(path)]


def test_there_are_declarative_cases_of_every_kind() -> None:
    assert {c.kind for c in CASES} == {"dataset", "complaint", "deadline"}


@pytest.mark.parametrize("case", CASES, ids=[f"{Path(c.file).stem}: {c.name}" for c in CASES])
def test_case(case: Case) -> None:
    result = run_case(case)
    assert result.passed, f"{case.id} (line {case.line}): {result.message}"
