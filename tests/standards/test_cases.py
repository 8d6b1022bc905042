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


def test_every_rule_has_a_worked_case_that_fires_for_its_clause() -> None:
    """Issue #15: each clause page shows a worked case and the finding it produces, for every rule.

    The case is the first ``expect: fires`` case of ``<standard>.yaml`` (what the docs page shows); it
    must name a clause the rule cites, and the finding shown must come from that rule."""
    from govhall.docsgen import worked_cases
    from govhall.standards import load_all

    missing: list[str] = []
    unclaused: list[str] = []
    for std in load_all():
        worked = worked_cases(std, CASES_DIR)
        for rule in std.rules:
            shown = worked.get(rule.id)
            if shown is None:
                missing.append(rule.id)
                continue
            assert shown["finding"].rule_id == rule.id
            if shown["case"].get("clause") is None:
                unclaused.append(rule.id)
    assert missing == [], f"rules without a worked case in tests/standards/cases: {', '.join(missing)}"
    assert unclaused == [], f"worked cases that name no clause: {', '.join(unclaused)}"


def test_every_rule_has_a_case_that_fires_and_one_that_stays_silent() -> None:
    """Each registered rule is pinned from both sides by a hand-worked case: one where the clause is
    breached and the rule fires, one where it is kept (or cannot be judged) and the rule stays silent. A
    rule with firing cases only could fire on everything and still pass them."""
    from govhall.standards import load_all

    fires: set[str] = set()
    silent: set[str] = set()
    for case in CASES:
        if case.kind == "dataset":
            (fires if case.spec["expect"] == "fires" else silent).add(str(case.spec["rule"]))
    rules = [rule.id for std in load_all() for rule in std.rules]
    assert [r for r in rules if r not in fires] == []
    assert [r for r in rules if r not in silent] == [], "rules without a case where they stay silent"
