"""Markdown report: summary tables per standard and per clause, then a findings table per standard.

Every piece of text that comes from the data (or anywhere else) goes through :func:`text`: it can
never become markup. CommonMark lets any ASCII punctuation be backslash-escaped, so the characters
that open links, images, emphasis, code spans, strikethrough, footnotes, attribute lists and table
cells are escaped; ``&``, ``<`` and ``>`` become character references, so no raw HTML, autolink
or entity survives; line breaks become spaces, so no block structure (headings, lists, fences,
tables) can start. An item named ``[x](javascript:alert(5))`` is shown as those characters, not as
a link.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from govhall.reports._common import (
    HALL_HEADER,
    STAGE_LABEL,
    clause_text,
    compact_evidence,
    finding_groups,
    hall_rows,
    show_controls,
    standard_title,
    subject_label,
)
from govhall.reports._common import SURROGATE as _SURROGATE
from govhall.rules.core import SEVERITIES
from govhall.rules.report import Report

__all__ = ["cell", "markdown_pieces", "render_markdown", "table", "text"]

# ASCII punctuation that can open inline markup (CommonMark, GFM, common extensions): escaped with "\\"
_MARKUP = "\\`*_[](){}!|~^$=#+-:"
_ESCAPES = {ord(c): "\\" + c for c in _MARKUP}
_ESCAPES.update({ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;"})
# keep the common, harmless shapes readable: hyphens, colons inside words/ids/dates
_PLAIN = re.compile(r"(?<=[0-9A-Za-z])\\([-:])(?=[0-9A-Za-z])")


def text(value: Any) -> str:
    """``value`` as inline Markdown text that renders as exactly its characters (no markup at all)."""
    raw = "" if value is None else str(value)
    raw = show_controls(_SURROGATE.sub("\ufffd", raw))  # a NUL or an ESC is shown, never written raw
    escaped = " ".join(raw.translate(_ESCAPES).split())
    return _PLAIN.sub(r"\1", escaped)


def cell(value: Any) -> str:
    """One table cell: see :func:`text` (pipes are escaped too)."""
    return text(value)


def table(header: list[str], rows: list[list[Any]]) -> list[str]:
    """A GitHub-flavoured Markdown table."""
    return list(_table(header, rows))


def _table(header: list[str], rows: Iterable[list[Any]]) -> Iterator[str]:
    """:func:`table`'s lines, each row made as it is read."""
    yield "| " + " | ".join(cell(h) for h in header) + " |"
    yield "|" + "---|" * len(header)
    for row in rows:
        yield "| " + " | ".join(cell(v) for v in row) + " |"


def render_markdown(report: Report) -> str:
    """Render ``report`` (already masked as wanted) as Markdown."""
    return "".join(markdown_pieces(report))


def markdown_pieces(report: Report) -> Iterator[str]:
    """:func:`render_markdown`'s text line by line: a province's findings table is written row by row as
    it is made, never held whole. The text ends with one line end, as the whole text did once its
    trailing line ends were stripped."""
    return _ending_once(_lines(report))


def _ending_once(lines: Iterable[str]) -> Iterator[str]:
    """``"\\n".join(lines).rstrip("\\n") + "\\n"`` in pieces, one a line: the line ends at the end are
    held back until a line with text follows them, and dropped if none does."""
    held = ""  # line ends not yet known to be followed by more text
    for line in lines:
        piece = line + "\n"
        body = piece.rstrip("\n")
        if body:
            yield held + body
            held = piece[len(body) :]
        else:
            held += piece
    yield "\n"


def _lines(report: Report) -> Iterator[str]:
    s = report.summary
    lines = [f"# govhall {text(report.kind)} report", ""]
    meta = [f"govhall {text(report.govhall_version)}"]
    if report.source:
        meta.append(f"source {text(report.source)}")
    if report.as_of:
        meta.append(f"as of {report.as_of.isoformat()}")
    meta.append("personal data masked" if report.personal_data_masked else "**personal data shown**")
    lines += [" · ".join(meta), ""]
    if report.rule_errors:  # first, so nobody reads the findings as complete
        lines += [
            "## Rule errors",
            "",
            "These rules raised on some subjects, so the report is incomplete:",
            "",
        ]
        lines += [f"- {text(n.rule_id)}: {text(n.message)}" for n in report.rule_errors]
        lines.append("")
    lines += ["## Summary", ""]
    lines += table(
        ["records", "audited", "rejected", *SEVERITIES, "subjects with findings", "rules run"],
        [[s.records, s.audited, s.rejected, *(s.findings.get(x, 0) for x in SEVERITIES),
          s.subjects_with_findings, len(report.rules_run)]],
    )  # fmt: skip

    if report.summary.halls:
        lines += ["", "### By hall", ""]
        lines += table(HALL_HEADER, hall_rows(report))
    yield from lines
    lines.clear()

    found = report.findings
    index = finding_groups(found)  # positions: a province's findings are read again one at a time
    groups = index.positions
    if groups:
        lines += ["", "### By standard", ""]
        rows = []
        for std in groups:
            c = index.by_standard[std]
            rows.append([std, standard_title(std), *(c[x] for x in SEVERITIES)])
        lines += table(["standard", "title", *SEVERITIES], rows)
        lines += ["", "### By clause", ""]
        rows = []
        for std, clauses in groups.items():
            for clause in clauses:
                c = index.by_clause[std, clause]
                rules = sorted(index.rules[std, clause])
                rows.append([clause, clause_text(clause), *(c[x] for x in SEVERITIES), ", ".join(rules)])
        lines += table(["clause", "text", *SEVERITIES, "rules"], rows)

    lines += ["", "## Findings", ""]
    if not groups:
        lines.append("No findings.")
    yield from lines
    lines.clear()
    for std, clauses in groups.items():
        title = standard_title(std)
        yield from [f"### {text(std)}{' ' + text(title) if title else ''}", ""]
        findings_rows = (
            [
                f.severity, ", ".join(f.clauses), subject_label(f.subject, f.hall), f"{f.message} ({f.title})",
                f.rule_id, compact_evidence(f.evidence, 80), f.on.isoformat() if f.on else "",
                f.responsible or "", f.sanction or "", STAGE_LABEL[f.stage] if f.stage else "",
            ]
            for positions in clauses.values()
            for f in map(found.__getitem__, positions)
        )  # fmt: skip
        yield from _table(
            ["severity", "clause", "subject", "message", "rule", "evidence", "on", "responsible", "sanction",
             "stage"],
            findings_rows,
        )  # fmt: skip
        yield ""

    if report.rejected:
        lines += ["## Rejected records", ""]
        yield from lines
        lines.clear()
        # a province's rejections carry their hall (the JSON said it, these tables did not): a column
        # of its own then, a one-hall report's table keeping its shape
        halls = any(r.hall is not None for r in report.rejected)
        yield from _table(
            ["hall"] * halls + ["table", "line", "record", "field", "reason", "source"],
            # "line 2" of a jsonl/CSV file, "element 2" of a JSON array, "row 2" of Parquet (RejectedRecord.place)
            (
                [r.hall] * halls + [r.table, r.place, r.record_id, r.field, r.reason, r.source]
                for r in report.rejected
            ),
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
            f"- **{text(n.kind)}**{' ' + text(n.rule_id) if n.rule_id else ''}: {text(n.message)}"
            for n in report.notes
        ]
        lines.append("")
    yield from lines
