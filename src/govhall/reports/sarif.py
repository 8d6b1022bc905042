"""SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format), for code-scanning dashboards.

* ``runs[0].tool.driver.rules``: every rule that ran, with its English title as ``shortDescription``,
  the clause text (Chinese) as ``fullDescription``, help naming the clauses, ``properties.clauses``
  and a default level from its severity (error → error, warning → warning, info → note).
* one result per finding: ``ruleId``/``ruleIndex``, ``level``, the Chinese message with the English
  title, a logical location ``<kind>/<id>`` (e.g. ``application/A-17``) and, when the dataset's table
  file is known, a physical location naming that file (data records are not source lines, so there
  is no region); ``partialFingerprints`` are stable per (rule, subject) across runs.
* rejected records and notes are tool execution notifications of the one invocation.
"""

from __future__ import annotations

import hashlib
from typing import Any

from govhall.reports._common import (
    STAGE_LABEL,
    RuleInfo,
    artifact_uri,
    clause_text,
    fqn,
    json_text,
    path_uri,
    rule_infos,
    subject_label,
)
from govhall.rules.core import Finding
from govhall.rules.report import Report

__all__ = ["LEVELS", "SARIF_SCHEMA", "fingerprint", "render_sarif", "sarif_log"]

#: the errata 01 OASIS Standard schema of SARIF 2.1.0
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
#: govhall severity -> SARIF level
LEVELS: dict[str, str] = {"error": "error", "warning": "warning", "info": "note"}
_FINGERPRINT_KEY = "govhallSubject/v1"


def fingerprint(rule_id: str, kind: str, subject_id: str, hall: str | None = None) -> str:
    """A stable fingerprint of (rule, subject[, hall]): the same breach keeps its identity between runs."""
    key = f"{rule_id}\x00{kind}\x00{subject_id}" + (f"\x00{hall}" if hall else "")
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _help(info: RuleInfo) -> dict[str, str]:
    lines = [f"{info.title}.", "", "Clauses:"]
    md = [f"**{info.title}**", "", "Clauses:", ""]
    for ref in info.clauses:
        text = clause_text(ref) or (info.clause_text if len(info.clauses) == 1 else "")
        lines.append(f"- {ref}: {text}" if text else f"- {ref}")
        md.append(f"- `{ref}`: {text}" if text else f"- `{ref}`")
    reading = " ".join(info.doc.split("\n\n", 1)[1].replace("``", "`").split()) if "\n\n" in info.doc else ""
    if reading:
        lines += ["", reading]
        md += ["", reading]
    level = LEVELS.get(info.severity, "warning")
    tail = [f"Severity: {info.severity}" + (f" (SARIF level {level})" if level != info.severity else "")]
    if info.subject:
        tail.append(f"Subject: {info.subject}")
    if info.sanction:
        tail.append(f"Sanction: {info.sanction}")
    return {
        "text": "\n".join([*lines, "", *tail]),
        "markdown": "\n".join([*md, "", *(t + "  " for t in tail)]),
    }


def _descriptor(info: RuleInfo) -> dict[str, Any]:
    full = info.clause_text or " ".join(t for t in (clause_text(c) for c in info.clauses) if t) or info.title
    props: dict[str, Any] = {
        "clauses": list(info.clauses),
        "standard": info.standard,
        "severity": info.severity,
        "tags": sorted({info.standard, *([info.subject] if info.subject else [])}),
    }
    if info.subject:
        props["subject"] = info.subject
    if info.sanction:
        props["sanction"] = info.sanction
    if info.parameters:
        props["parameters"] = list(info.parameters)
    if info.interpretations:
        props["interpretations"] = list(info.interpretations)
    return {
        "id": info.id,
        "name": info.slug,
        "shortDescription": {"text": info.title},
        "fullDescription": {"text": full},
        "help": _help(info),
        "defaultConfiguration": {"level": LEVELS.get(info.severity, "warning")},
        "properties": props,
    }


def _result(report: Report, f: Finding, index: int) -> dict[str, Any]:
    location: dict[str, Any] = {
        "logicalLocations": [
            {"name": f.subject.id, "fullyQualifiedName": fqn(f.subject, f.hall), "kind": f.subject.kind}
        ]
    }
    uri = artifact_uri(report, f.subject.kind)
    if uri:
        location["physicalLocation"] = {"artifactLocation": {"uri": uri}}
    props: dict[str, Any] = {
        "clauses": list(f.clauses),
        "standard": f.standard,
        "subject": f.subject.model_dump(),
    }
    if f.hall is not None:
        props["hall"] = f.hall
    if f.evidence:
        props["evidence"] = f.evidence
    for key in ("responsible", "sanction"):
        if getattr(f, key):
            props[key] = getattr(f, key)
    if f.on:
        props["on"] = f.on.isoformat()
    if f.stage:
        props["stage"] = f.stage
        props["stageName"] = STAGE_LABEL[f.stage]
    if f.provisional:
        props["provisional"] = True
    text = f"{subject_label(f.subject, f.hall)}: {f.message} ({f.title})"
    if f.evidence:
        text += f" Evidence: {json_text(f.evidence)}"
    return {
        "ruleId": f.rule_id,
        "ruleIndex": index,
        "kind": "fail",
        "level": LEVELS[f.severity],
        "message": {"text": text},
        "locations": [location],
        "partialFingerprints": {
            _FINGERPRINT_KEY: fingerprint(f.rule_id, f.subject.kind, f.subject.id, f.hall)
        },
        "properties": props,
    }


def _notifications(report: Report) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for r in report.rejected:
        where = r.table + (f" line {r.line}" if r.line is not None else "")
        note: dict[str, Any] = {
            "level": "error",
            "message": {
                "text": f"rejected record ({where}{', ' + r.record_id if r.record_id else ''}): {r.reason}"
            },
            "descriptor": {"id": "govhall/rejected-record"},
            "properties": {"rejected": r.model_dump(mode="json")},
        }
        if r.source:
            note["locations"] = [{"physicalLocation": {"artifactLocation": {"uri": path_uri(r.source)}}}]
        out.append(note)
    for n in report.notes:
        note = {
            "level": "warning" if n.kind == "rule_error" else "note",
            "message": {"text": n.message},
            "descriptor": {"id": f"govhall/note/{n.kind}"},
        }
        if n.rule_id:
            note["associatedRule"] = {"id": n.rule_id}
        out.append(note)
    return out


def sarif_log(report: Report) -> dict[str, Any]:
    """The SARIF log of ``report`` (already masked as wanted) as a Python object."""
    infos = rule_infos(report)
    index = {info.id: i for i, info in enumerate(infos)}
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "govhall",
                "fullName": "govhall: China's government service-hall standards as executable rules",
                "version": report.govhall_version,
                "semanticVersion": report.govhall_version,
                "rules": [_descriptor(i) for i in infos],
            }
        },
        "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": _notifications(report)}],
        "results": [_result(report, f, index[f.rule_id]) for f in report.findings],
        "columnKind": "unicodeCodePoints",
        "properties": {
            "kind": report.kind,
            "source": report.source,
            "asOf": report.as_of.isoformat() if report.as_of else None,
            "standards": list(report.standards),
            "summary": report.summary.model_dump(mode="json"),
            "interpretations": [i.model_dump(mode="json") for i in report.interpretations],
            "parameters": [p.model_dump(mode="json") for p in report.parameters],
            "personalDataMasked": report.personal_data_masked,
        },
    }
    if report.source:
        run["artifacts"] = [{"location": {"uri": path_uri(report.source)}, "roles": ["analysisTarget"]}]
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def render_sarif(report: Report) -> str:
    """Render ``report`` (already masked as wanted) as a SARIF 2.1.0 JSON document."""
    return json_text(sarif_log(report), indent=2) + "\n"
