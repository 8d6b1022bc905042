"""The Report as one JSON document (DESIGN "Command line": ``summary``, ``findings``, ``rejected``,
``interpretations``, plus ``parameters``, ``notes`` and the run's metadata)."""

from __future__ import annotations

from govhall.reports._common import json_text
from govhall.rules.report import Report

__all__ = ["render_json"]


def render_json(report: Report) -> str:
    """Render ``report`` (already masked as wanted) as indented JSON, Chinese kept readable.

    ``rule_errors`` comes first: the notes of rules that raised (the report is incomplete if any).
    """
    doc = {"rule_errors": [n.model_dump(mode="json") for n in report.rule_errors]}
    doc.update(report.model_dump(mode="json"))
    return json_text(doc, indent=2) + "\n"
