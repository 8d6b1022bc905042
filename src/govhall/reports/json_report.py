"""The Report as one JSON document (DESIGN "Command line": ``summary``, ``findings``, ``rejected``,
``interpretations``, plus ``parameters``, ``notes`` and the run's metadata)."""

from __future__ import annotations

from typing import Any

from govhall.reports._common import json_text
from govhall.rules.report import Report

__all__ = ["render_json"]


def render_json(report: Report) -> str:
    """Render ``report`` (already masked as wanted) as indented JSON, Chinese kept readable.

    ``rule_errors`` comes first: the notes of rules that raised (the report is incomplete if any).
    The findings are dumped one at a time as the text is written (``json_text`` dumps a model it
    meets), not as one tree of the whole report first: a province's findings as Python dicts took
    more memory than the findings and the text together. The same text as dumping the whole report
    (a test holds the two together).
    """
    doc: dict[str, Any] = {"rule_errors": [n.model_dump(mode="json") for n in report.rule_errors]}
    rest = report.model_dump(mode="json", exclude={"findings"})
    for name in type(report).model_fields:  # the report's own order, findings in their place
        if name == "findings":
            doc[name] = report.findings
        elif name in rest:
            doc[name] = rest[name]
    return json_text(doc, indent=2) + "\n"
