"""The package is typed: ``mypy`` with the project's config passes, and every rule takes its real types.

The owners' rule: rules take typed arguments (the subject's model and the run's ``Context``, not
``Any``), and the public API is ``mypy --strict`` clean. ``pyproject.toml``'s ``[tool.mypy]`` is strict
with the pydantic plugin; this runs it over ``src/govhall`` as a contributor would (``mypy`` from the
repository root, CONTRIBUTING.md), with a fresh cache so nothing from an earlier run hides an error.
"""

from __future__ import annotations

import inspect
import subprocess
import sys
import typing
from pathlib import Path

from govhall.models import (
    Application,
    Appointment,
    Attendance,
    Complaint,
    Dataset,
    Evaluation,
    Hall,
    Inquiry,
    Inspection,
    Item,
    Staff,
    Transcript,
    Window,
)
from govhall.rules import REGISTRY, SUBJECT_TABLES, Context
from govhall.standards import load_all

ROOT = Path(__file__).resolve().parents[1]

#: subject kind -> the model a rule of that kind is handed (the runner reads SUBJECT_TABLES of a Dataset)
MODEL_OF_KIND: dict[str, type] = {
    "application": Application,
    "complaint": Complaint,
    "evaluation": Evaluation,
    "appointment": Appointment,
    "inquiry": Inquiry,
    "staff": Staff,
    "window": Window,
    "item": Item,
    "transcript": Transcript,
    "attendance": Attendance,
    "inspection": Inspection,
    "hall": Hall,
    "dataset": Dataset,
}


def test_the_kind_table_matches_the_datasets_fields() -> None:
    # each table kind's model is the element type of the Dataset field the runner reads it from
    for kind, table in SUBJECT_TABLES.items():
        assert Dataset.model_fields[table].annotation == list[MODEL_OF_KIND[kind]], kind
    assert Dataset.model_fields["hall"].annotation == Hall | None


def test_every_rule_takes_its_subjects_model_and_the_context() -> None:
    load_all()
    rules = list(REGISTRY)
    assert len(rules) > 100
    wrong = []
    for r in rules:
        hints = typing.get_type_hints(r.check)
        params = list(inspect.signature(r.check).parameters)
        assert len(params) == 2, r.id
        subject, ctx = (hints.get(p) for p in params)
        if subject is not MODEL_OF_KIND[r.subject] or ctx is not Context:
            wrong.append(f"{r.id}: ({subject}, {ctx}) for a {r.subject} rule")
    assert not wrong, "\n".join(wrong)


def test_mypy_strict_passes_on_the_package(tmp_path: Path) -> None:
    """``mypy`` with ``[tool.mypy]`` (strict, pydantic plugin) over src/govhall: no error at all.

    A cold run takes ~10-20 s on two cores (a fresh cache in ``tmp_path``); the timeout only stops a hang.
    """
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "mypy"), "src/govhall"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert out.returncode == 0, out.stdout[-6000:] + out.stderr[-2000:]
    assert out.stdout.startswith("Success: no issues found"), out.stdout
