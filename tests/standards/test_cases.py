"""Declarative cases: `tests/standards/cases/<standard id>.yaml` (format in docs/authoring-rules.md).

Each case is a small dataset document, the rule it concerns, and whether the rule must fire on it
(optionally on a named subject) or stay silent. A non-programmer can add one without touching Python.
"""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from govhall.loaders import load_dataset
from govhall.rules import REGISTRY, audit
from govhall.standards import load_all

CASES_DIR = Path(__file__).resolve().parent / "cases"
load_all()  # the cases name rules: register them before looking any up


def _load_cases() -> list[Any]:
    out = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        base = doc.get("base") or {}
        for i, case in enumerate(doc.get("cases") or []):
            name = case.get("name") or f"case {i + 1}"
            out.append(pytest.param(doc.get("standard") or path.stem, base, case, id=f"{path.stem}: {name}"))
    return out


CASES = _load_cases()


def test_there_are_declarative_cases() -> None:
    assert CASES, "no declarative case files found"


@pytest.mark.parametrize(("standard", "base", "case"), CASES)
def test_case(standard: str, base: dict[str, Any], case: dict[str, Any]) -> None:
    assert case.get("expect") in ("fires", "silent"), "expect must be 'fires' or 'silent'"
    rule_id = case["rule"]
    rule = REGISTRY.get(rule_id)
    if case.get("clause"):
        cited = [str(c) for c in rule.clauses]
        want = f"{rule.standard}:{case['clause']}" if ":" not in str(case["clause"]) else str(case["clause"])
        assert any(c == want or c.startswith(want + ".") or want.startswith(c + ".") for c in cited), (
            f"case names clause {want} but {rule_id} cites {cited}"
        )
    doc = copy.deepcopy(base)
    doc.update(copy.deepcopy(case.get("data") or {}))
    dataset = load_dataset(doc)
    assert not dataset.rejected, f"the case's data is invalid: {[r.reason for r in dataset.rejected]}"
    as_of = case.get("as_of")
    if isinstance(as_of, str):
        as_of = date.fromisoformat(as_of)
    report = audit(
        dataset,
        standards=[rule.standard],
        as_of=as_of,
        interpretations=case.get("interpretations"),
        profile=case.get("profile"),
    )
    hits = [f for f in report.findings if f.rule_id == rule_id]
    if case.get("subject"):
        hits = [f for f in hits if f.subject.id == str(case["subject"])]
    if case["expect"] == "fires":
        assert hits, f"{rule_id} did not fire" + (f" on {case['subject']}" if case.get("subject") else "")
    else:
        assert not hits, f"{rule_id} fired: {[h.message for h in hits]}"
