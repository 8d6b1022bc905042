"""OSCAL assessment results of an audit (``--format oscal``); the documents are built in :mod:`govhall.oscal`."""

from __future__ import annotations

from govhall.reports._common import json_text
from govhall.rules.report import Report

__all__ = ["render_oscal"]


def render_oscal(report: Report) -> str:
    """Render ``report`` (already masked as wanted) as OSCAL assessment results (JSON)."""
    from govhall.oscal import assessment_results

    return json_text(assessment_results(report, one_at_a_time=True), indent=2) + "\n"
