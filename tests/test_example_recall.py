"""Recall and precision of the rules on the embedded example hall.

The example (``src/govhall/data/example/``) is a clean month plus violations planted by each
standard's planter and listed in ``planted.yaml``. Auditing it must give

* **recall**: for every manifest row, a finding with that rule id on that subject;
* **precision**: no finding whose (rule id, subject) is not in the manifest.

These tests fail until every standard's rules and planters exist and agree; the failure lists the
pairs that are missing or extra, with the manifest's description or the finding's message.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from typing import Any

import yaml

from govhall.example.build import EXAMPLE_DIR
from govhall.loaders import load_dataset
from govhall.rules import audit

Pair = tuple[str, str, str]  # (rule id, subject kind, subject id)


@lru_cache(maxsize=1)
def _manifest() -> tuple[dict[str, str], ...]:
    rows = yaml.safe_load((EXAMPLE_DIR / "planted.yaml").read_text(encoding="utf-8")) or []
    return tuple(rows)


@lru_cache(maxsize=1)
def _findings() -> tuple[Any, ...]:
    dataset = load_dataset(EXAMPLE_DIR)
    assert dataset.rejected == [], [r.model_dump() for r in dataset.rejected]
    return tuple(audit(dataset).findings)


def _pair(rule_id: str, kind: str, subject_id: str) -> Pair:
    return (str(rule_id), str(kind), str(subject_id))


def _listing(pairs: list[Pair], notes: dict[Pair, list[str]]) -> str:
    return "\n".join(f"  {r}  {k} {i}  — {'; '.join(notes.get((r, k, i), []))}" for r, k, i in sorted(pairs))


def test_every_planted_violation_is_found() -> None:
    found = {_pair(f.rule_id, f.subject.kind, f.subject.id) for f in _findings()}
    notes: dict[Pair, list[str]] = defaultdict(list)
    for row in _manifest():
        notes[_pair(row["rule_id"], row["subject_kind"], row["subject_id"])].append(
            f"{row['clause']}: {row['description']}"
        )
    missing = [p for p in notes if p not in found]
    assert not missing, (
        f"{len(missing)} of {len(notes)} planted violation(s) not found (rule id, subject — what was planted):\n"
        + _listing(missing, notes)
    )


def test_no_finding_outside_the_manifest() -> None:
    planted = {_pair(r["rule_id"], r["subject_kind"], r["subject_id"]) for r in _manifest()}
    notes: dict[Pair, list[str]] = defaultdict(list)
    for f in _findings():
        notes[_pair(f.rule_id, f.subject.kind, f.subject.id)].append(f"{','.join(f.clauses)}: {f.message}")
    extra = [p for p in notes if p not in planted]
    assert not extra, (
        f"{len(extra)} (rule id, subject) pair(s) with findings but not planted (rule id, subject — message):\n"
        + _listing(extra, notes)
    )


def test_planted_clauses_match_the_findings() -> None:
    """Each manifest row names a clause among those of its finding (the manifest documents the breach)."""
    clauses: dict[Pair, set[str]] = defaultdict(set)
    for f in _findings():
        clauses[_pair(f.rule_id, f.subject.kind, f.subject.id)].update(f.clauses)
    wrong = [
        f"  {r['rule_id']}  {r['subject_kind']} {r['subject_id']}: manifest says {r['clause']}, "
        f"findings cite {sorted(clauses[key])}"
        for r in _manifest()
        if (key := _pair(r["rule_id"], r["subject_kind"], r["subject_id"])) in clauses
        and r["clause"] not in clauses[key]
    ]
    assert not wrong, "manifest clause not among the finding's clauses:\n" + "\n".join(wrong)
