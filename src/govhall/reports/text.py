"""Plain-text report for a terminal: summary, then standard → clause → findings, then the rest."""

from __future__ import annotations

import re
from collections.abc import Iterator

from govhall.reports._common import (
    SEVERITY_LABEL,
    STAGE_LABEL,
    clause_text,
    compact_evidence,
    finding_groups,
    hall_rows,
    standard_title,
    subject_label,
)
from govhall.rules.core import SEVERITIES
from govhall.rules.report import Report

__all__ = ["render_text", "text_pieces"]

# control characters (terminal escapes included, and the 8-bit C1 ones such as CSI \x9b) are shown as
# \xNN, never sent to the terminal; a line end inside a value (a hall folder, record id or reason) is
# shown as \n, so it cannot start a line of its own that reads as a finding or a hall; the bidirectional
# embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) are shown as \uNNNN, so a value
# cannot reorder how the rest of its line reads on screen ("Trojan Source")
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{counts.get(s, 0)} {s}" for s in SEVERITIES)


def _short(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_text(report: Report) -> str:
    """Render ``report`` (already masked as wanted) as plain text."""
    return "".join(text_pieces(report))


def text_pieces(report: Report) -> Iterator[str]:
    """:func:`render_text`'s text line by line (each with its line end): a province's report is written
    as it is made, never held whole."""
    for line in _lines(report):
        yield _CONTROL.sub(_shown, line) + "\n"


def _lines(report: Report) -> Iterator[str]:
    """The report's lines, as they will read before control characters are shown."""
    s = report.summary
    lines: list[str] = []
    head = f"govhall {report.kind}"
    if report.source:
        head += f" of {report.source}"
    if report.as_of:
        head += f", as of {report.as_of.isoformat()}"
    lines.append(head + f" (govhall {report.govhall_version})")
    lines.append(
        f"Records {s.records}: {s.audited} audited, {s.rejected} rejected. Findings: {_counts(s.findings)}."
    )
    lines.append(
        f"Standards: {', '.join(report.standards) or 'none'} ({len(report.rules_run)} rules run); "
        f"{s.subjects_with_findings} subject(s) with findings."
    )
    lines.append(
        "Personal data is masked (--show-personal-data shows it)."
        if report.personal_data_masked
        else "Personal data is NOT masked."
    )

    if report.rule_errors:  # first, so nobody reads the findings as complete
        lines += ["", "RULE ERRORS: these rules raised on some subjects, so the report is incomplete"]
        lines += [f"  {n.rule_id}: {n.message}" for n in report.rule_errors]

    if report.summary.halls:
        lines += ["", f"Halls ({len(report.summary.halls)})"]
        for row in hall_rows(report):
            hall, records, audited, rejected, *sev, error = row
            counts = ", ".join(f"{n} {x}" for n, x in zip(sev, SEVERITIES, strict=True))
            status = f"NOT AUDITED: {error}" if error else f"{records} records, {rejected} rejected; {counts}"
            lines.append(f"  {hall}: {status}")

    yield from lines
    lines.clear()
    found = report.findings
    groups = finding_groups(found)  # positions: a province's findings are read again one at a time
    if not groups.positions:
        lines += ["", "No findings."]
    for std, clauses in groups.positions.items():
        title = standard_title(std)
        lines += ["", f"== {std}{'  ' + title if title else ''}  [{_counts(groups.by_standard[std])}]"]
        for clause, positions in clauses.items():
            text = clause_text(clause)
            lines.append(f"  -- {clause}{'  ' + _short(text) if text else ''}")
            for at in positions:
                f = found[at]
                lines.append(
                    f"     {SEVERITY_LABEL[f.severity]:<7} {subject_label(f.subject, f.hall)}: {f.message}  ({f.title})"
                )
                meta = [f"rule {f.rule_id}"]
                if len(f.clauses) > 1:
                    meta.append("clauses " + ", ".join(f.clauses))
                if f.on:
                    meta.append(f"on {f.on.isoformat()}")
                if f.responsible:
                    meta.append(f"responsible {f.responsible}")
                if f.stage:
                    meta.append(STAGE_LABEL[f.stage])
                if f.provisional:
                    meta.append("provisional (past the last published holiday notice)")
                lines.append("             " + " · ".join(meta))
                if f.evidence:
                    lines.append("             evidence: " + compact_evidence(f.evidence))
                if f.sanction:
                    lines.append("             sanction: " + f.sanction)
                yield from lines  # finding by finding: a province's findings are never held as text
                lines.clear()

    if report.rejected:
        lines += ["", f"Rejected records ({len(report.rejected)})"]
        for r in report.rejected:
            where = r.table + (f" {r.place}" if r.place else "")
            if r.source:
                where += f" of {r.source}"
            ident = f" [{r.record_id}]" if r.record_id else ""
            fld = f" field {r.field}:" if r.field and r.field not in r.reason else ""
            lines.append(f"  {where}{ident}:{fld} {r.reason}")
            yield from lines
            lines.clear()

    if report.interpretations:
        lines += ["", "Interpretations used"]
        for i in report.interpretations:
            default = "default" if i.is_default else f"default is {i.default}"
            lines.append(f"  {i.name} = {i.value} ({default}; {i.clause}): {i.meaning}")
    if report.parameters:
        lines += ["", "Parameters used"]
        for p in report.parameters:
            lines.append(f"  {p.name} = {p.value} ({p.source}): {p.citation}")
    if report.notes:
        lines += ["", "Notes"]
        for n in report.notes:
            lines.append(f"  [{n.kind}]{' ' + n.rule_id if n.rule_id else ''}: {n.message}")
    yield from lines


def _shown(m: re.Match[str]) -> str:
    code = ord(m.group(0))
    if code == 0x0A:
        return "\\n"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
