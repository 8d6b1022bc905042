"""Markdown report: summary tables per standard and per clause, then a findings table per standard."""

from __future__ import annotations

from typing import Any

from govhall.reports._common import (
    HALL_HEADER,
    STAGE_LABEL,
    clause_text,
    compact_evidence,
    group_findings,
    hall_rows,
    severity_counts,
    standard_title,
    subject_label,
)
from govhall.rules.core import SEVERITIES
from govhall.rules.report import Report

__all__ = ["cell", "render_markdown", "table"]


def cell(value: Any) -> str:
    """One table cell: pipes, angle brackets and line breaks made safe."""
    text = "" if value is None else str(value)
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(text.split())


def table(header: list[str], rows: list[list[Any]]) -> list[str]:
    """A GitHub-flavoured Markdown table."""
    out = ["| " + " | ".join(cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return out


def render_markdown(report: Report) -> str:
    """Render ``report`` (already masked as wanted) as Markdown."""
    s = report.summary
    lines = [f"# govhall {report.kind} report", ""]
    meta = [f"govhall {report.govhall_version}"]
    if report.source:
        meta.append(f"source `{report.source}`")
    if report.as_of:
        meta.append(f"as of {report.as_of.isoformat()}")
    meta.append("personal data masked" if report.personal_data_masked else "**personal data shown**")
    lines += [" · ".join(meta), "", "## Summary", ""]
    lines += table(
        ["records", "audited", "rejected", *SEVERITIES, "subjects with findings", "rules run"],
        [[s.records, s.audited, s.rejected, *(s.findings.get(x, 0) for x in SEVERITIES),
          s.subjects_with_findings, len(report.rules_run)]],
    )  # fmt: skip

    if report.summary.halls:
        lines += ["", "### By hall", ""]
        lines += table(HALL_HEADER, hall_rows(report))

    groups = group_findings(report.findings)
    if groups:
        lines += ["", "### By standard", ""]
        rows = []
        for std, clauses in groups.items():
            c = severity_counts(f for fs in clauses.values() for f in fs)
            rows.append([std, standard_title(std), *(c[x] for x in SEVERITIES)])
        lines += table(["standard", "title", *SEVERITIES], rows)
        lines += ["", "### By clause", ""]
        rows = []
        for clauses in groups.values():
            for clause, fs in clauses.items():
                c = severity_counts(fs)
                rules = sorted({f.rule_id for f in fs})
                rows.append([clause, clause_text(clause), *(c[x] for x in SEVERITIES), ", ".join(rules)])
        lines += table(["clause", "text", *SEVERITIES, "rules"], rows)

    lines += ["", "## Findings", ""]
    if not groups:
        lines.append("No findings.")
    for std, clauses in groups.items():
        title = standard_title(std)
        lines += [f"### {std}{' ' + title if title else ''}", ""]
        rows = []
        for fs in clauses.values():
            for f in fs:
                rows.append([
                    f.severity, ", ".join(f.clauses), subject_label(f.subject, f.hall), f"{f.message} ({f.title})",
                    f.rule_id, compact_evidence(f.evidence, 80), f.on.isoformat() if f.on else "",
                    f.responsible or "", f.sanction or "", STAGE_LABEL[f.stage] if f.stage else "",
                ])  # fmt: skip
        lines += table(
            ["severity", "clause", "subject", "message", "rule", "evidence", "on", "responsible", "sanction",
             "stage"],
            rows,
        )  # fmt: skip
        lines.append("")

    if report.rejected:
        lines += ["## Rejected records", ""]
        lines += table(
            ["table", "line", "record", "field", "reason", "source"],
            [[r.table, r.line, r.record_id, r.field, r.reason, r.source] for r in report.rejected],
        )
        lines.append("")
    if report.interpretations:
        lines += ["## Interpretations used", ""]
        lines += table(
            ["name", "value", "default", "clause", "meaning"],
            [[i.name, i.value, i.default, i.clause, i.meaning] for i in report.interpretations],
        )
        lines.append("")
    if report.parameters:
        lines += ["## Parameters used", ""]
        lines += table(
            ["name", "value", "source", "citation"],
            [[p.name, p.value, p.source, p.citation] for p in report.parameters],
        )
        lines.append("")
    if report.notes:
        lines += ["## Notes", ""]
        lines += [
            f"- **{n.kind}**{' `' + n.rule_id + '`' if n.rule_id else ''}: {cell(n.message)}"
            for n in report.notes
        ]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
