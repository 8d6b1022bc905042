"""The Report as one JSON document (DESIGN "Command line": ``summary``, ``findings``, ``rejected``,
``interpretations``, plus ``parameters``, ``notes`` and the run's metadata)."""

from __future__ import annotations

from typing import Any

from govhall.reports._common import Each, json_text
from govhall.rules.report import Report

__all__ = ["json_document", "render_json"]


def json_document(report: Report) -> dict[str, Any]:
    """The JSON report of ``report`` (already masked as wanted) as a Python object, its findings an
    :class:`~govhall.reports._common.Each` of the models, each dumped as it is written.

    ``rule_errors`` comes first: the notes of rules that raised (the report is incomplete if any).
    The findings are not dumped into one tree of the whole report first: a province's findings as
    Python dicts took more memory than the findings and the text together. The same text as dumping
    the whole report (a test holds the two together).
    """
    doc: dict[str, Any] = {"rule_errors": [n.model_dump(mode="json") for n in report.rule_errors]}
    rest = report.model_dump(mode="json", exclude={"findings"})
    findings = report.findings
    for name in type(report).model_fields:  # the report's own order, findings in their place
        if name == "findings":
            doc[name] = Each(lambda: findings)
        elif name in rest:
            doc[name] = rest[name]
    return doc


def render_json(report: Report) -> str:
    """Render ``report`` (already masked as wanted) as indented JSON, Chinese kept readable
    (:func:`json_document`)."""
    return json_text(json_document(report), indent=2) + "\n"
