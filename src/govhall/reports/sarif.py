"""SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format), for code-scanning dashboards.

* ``runs[0].tool.driver.rules``: every rule that ran, with its English title as ``shortDescription``,
  the clause text (Chinese) as ``fullDescription``, help naming the clauses, ``properties.clauses``
  and a default level from its severity (error → error, warning → warning, info → note).
  ``helpUri`` is the first clause's page in the docs (:func:`~govhall.reports._common.clause_url`).
* one result per finding: ``ruleId``/``ruleIndex``, ``level``, the Chinese message with the English
  title, a logical location ``<kind>/<id>`` (e.g. ``application/A-17``) and a physical location: the
  file the subject's record was read from, relative to the source root (``--source-root``, default
  the current directory; base ``%SRCROOT%``), with ``region.startLine`` its line (for JSON/YAML
  documents also ``properties.jsonPointer``, e.g. ``/applications/3``). Where the record's line is
  unknown (a dataset built in memory, or changed after loading) the table file is named without a
  region. ``partialFingerprints``: ``govhallSubject/v1`` is stable per (rule, subject) across runs,
  ``govhallFinding/v1`` per finding (rule, subject, day, and its rank among equal ones), so two
  findings are never merged into one alert and a finding keeps its identity when lines move.
* rejected records and notes are tool execution notifications of the one invocation, located at the
  rejected record's file and line.

The log follows the rules GitHub code scanning applies on upload (``tests/test_sarif_github.py``
lists them and checks each).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from govhall.reports._common import (
    PACKAGE_ROOT,
    SRCROOT,
    STAGE_LABEL,
    Each,
    RuleInfo,
    SourceUris,
    artifact_uri,
    clause_text,
    clause_url,
    fqn,
    json_text,
    rule_infos,
    subject_label,
)
from govhall.rules.core import Finding
from govhall.rules.report import Report
from govhall.spool import finding_heads

__all__ = ["LEVELS", "SARIF_SCHEMA", "finding_fingerprint", "fingerprint", "render_sarif", "sarif_log"]

#: the errata 01 OASIS Standard schema of SARIF 2.1.0
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
#: govhall severity -> SARIF level
LEVELS: dict[str, str] = {"error": "error", "warning": "warning", "info": "note"}
_FINGERPRINT_KEY = "govhallSubject/v1"
_FINDING_KEY = "govhallFinding/v1"
#: v1 leaves the hall out (a contract: kept as it was): in a province two halls' findings of one rule,
#: subject id and day were ranks 0 and 1, and a hall added before them shifted the later halls' v1.
#: v2 is (rule, hall, subject, day, rank among the findings equal in all of these)
_FINDING_KEY_V2 = "govhallFinding/v2"


def fingerprint(rule_id: str, kind: str, subject_id: str, hall: str | None = None) -> str:
    """A stable fingerprint of (rule, subject[, hall]): the same breach keeps its identity between runs."""
    key = f"{rule_id}\x00{kind}\x00{subject_id}" + (f"\x00{hall}" if hall else "")
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def finding_fingerprint(rule_id: str, kind: str, subject_id: str, on: str, rank: int) -> str:
    """A stable fingerprint of one finding: (rule, subject, day, rank among findings equal in those)."""
    text = f"{rule_id}\x00{kind}\x00{subject_id}\x00{on}\x00{rank}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def finding_fingerprint_v2(
    rule_id: str, kind: str, subject_id: str, hall: str | None, on: str, rank: int
) -> str:
    """``govhallFinding/v2``: one finding's fingerprint with its hall (rule, hall, subject, day, rank
    among findings equal in those); a hall's findings keep theirs whatever other halls a province holds."""
    text = f"{rule_id}\x00{hall or ''}\x00{kind}\x00{subject_id}\x00{on}\x00{rank}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


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
    cited = [f"{ref} {text}" for ref in info.clauses if (text := clause_text(ref))]
    full = "\n".join(cited) or info.clause_text or info.title
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
    descriptor: dict[str, Any] = {
        "id": info.id,
        "name": info.slug,
        "shortDescription": {"text": info.title},
        "fullDescription": {"text": full},
        "help": _help(info),
        "defaultConfiguration": {"level": LEVELS.get(info.severity, "warning")},
        "properties": props,
    }
    if info.clauses:
        descriptor["helpUri"] = clause_url(info.clauses[0])
    return descriptor


def _physical(uri: tuple[str, str | None], line: int | None) -> dict[str, Any]:
    artifact: dict[str, Any] = {"uri": uri[0]}
    if uri[1]:
        artifact["uriBaseId"] = uri[1]
    physical: dict[str, Any] = {"artifactLocation": artifact}
    if line is not None and line >= 1:
        physical["region"] = {"startLine": line}
    return physical


def _result(
    report: Report, f: Finding, index: int, uris: SourceUris, rank: int, hall_rank: int
) -> dict[str, Any]:
    location: dict[str, Any] = {
        "logicalLocations": [
            {"name": f.subject.id, "fullyQualifiedName": fqn(f.subject, f.hall), "kind": f.subject.kind}
        ]
    }
    where = report.locations.get(fqn(f.subject, f.hall))
    if where is not None:
        location["physicalLocation"] = _physical(uris(where.path), where.line)
        if where.pointer is not None:
            location["properties"] = {"jsonPointer": where.pointer}
    else:
        table_file = artifact_uri(report, f.subject.kind)
        if table_file:
            location["physicalLocation"] = _physical(_file_uri(table_file, uris), None)
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
    on = f.on.isoformat() if f.on else ""
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
            _FINGERPRINT_KEY: fingerprint(f.rule_id, f.subject.kind, f.subject.id, f.hall),
            _FINDING_KEY: finding_fingerprint(f.rule_id, f.subject.kind, f.subject.id, on, rank),
            _FINDING_KEY_V2: finding_fingerprint_v2(
                f.rule_id, f.subject.kind, f.subject.id, f.hall, on, hall_rank
            ),
        },
        "properties": props,
    }


def _file_uri(table_uri: str, uris: SourceUris) -> tuple[str, str | None]:
    """The table file's URI made relative to the source root (``artifact_uri`` gives a path URI)."""
    from urllib.parse import unquote, urlparse

    parsed = urlparse(table_uri)
    path = unquote(parsed.path) if parsed.scheme == "file" else unquote(table_uri)
    return uris(path)


def _notifications(report: Report, uris: SourceUris) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for err in report.rule_errors:  # first: the run is incomplete
        out.append({
            "level": "error",
            "message": {"text": f"rule error: {err.message}"},
            "descriptor": {"id": "govhall/rule-error"},
            "associatedRule": {"id": err.rule_id},
            "properties": {"count": err.count},
        })  # fmt: skip
    for r in report.rejected:
        where = r.table + (f" {r.place}" if r.place else "")
        note: dict[str, Any] = {
            "level": "error",
            "message": {
                "text": f"rejected record ({where}{', ' + r.record_id if r.record_id else ''}): {r.reason}"
            },
            "descriptor": {"id": "govhall/rejected-record"},
            "properties": {"rejected": r.model_dump(mode="json")},
        }
        if r.source and not r.source.startswith("<"):
            line = r.line if r.line is not None and _numbers_lines(r.source) else None
            note["locations"] = [{"physicalLocation": _physical(uris(r.source), line)}]
        out.append(note)
    for n in report.notes:
        if n in report.rule_errors:
            continue
        note = {
            "level": "warning" if n.kind == "rule_error" else "note",
            "message": {"text": n.message},
            "descriptor": {"id": f"govhall/note/{n.kind}"},
        }
        if n.rule_id:
            note["associatedRule"] = {"id": n.rule_id}
        out.append(note)
    return out


def _numbers_lines(source: str) -> bool:
    """Whether a rejected record's ``line`` is a file line (jsonl/csv) rather than an element number."""
    return source.lower().endswith((".jsonl", ".ndjson", ".csv"))


def sarif_log(
    report: Report, source_root: str | os.PathLike[str] | None = None, *, one_at_a_time: bool = False
) -> dict[str, Any]:
    """The SARIF log of ``report`` (already masked as wanted) as a Python object.

    ``source_root`` (default: the current directory) is the folder result URIs are relative to:
    the root of the repository a code-scanning upload belongs to. ``one_at_a_time``: the results
    are an :class:`~govhall.reports._common.Each`, each made as ``json_text`` writes it (as
    :func:`render_sarif` does), not a list.
    """
    root = os.fspath(source_root) if source_root is not None else None
    uris = SourceUris(root)
    infos = rule_infos(report)
    index = {info.id: i for i, info in enumerate(infos)}

    def each_result() -> Iterator[dict[str, Any]]:
        found = report.findings
        # A finding's rank counts the earlier findings of its rule, subject and day. A rule's findings
        # may lie in several runs (a finding cites the clause it breaches: one rule, two clauses), so
        # each rule's counts are kept until its last finding, known from the heads (a province's
        # without reading a finding), and dropped there: the table holds the rules under way, not
        # every subject of the report. v2's rank counts those of its hall too (a key with the hall).
        last = {rid: n for n, (_, _, rid, _) in enumerate(finding_heads(found))}
        seen: dict[str, dict[tuple[str, ...], int]] = {}
        for n, f in enumerate(found):
            own = seen.get(f.rule_id)
            if own is None:
                own = seen[f.rule_id] = {}
            key = (f.subject.kind, f.subject.id, f.on.isoformat() if f.on else "")
            rank = own[key] = own.get(key, -1) + 1
            hall_key = (*key, f.hall or "")  # (never one of v1's keys: those have three parts)
            hall_rank = own[hall_key] = own.get(hall_key, -1) + 1
            if last[f.rule_id] == n:
                del seen[f.rule_id]
            yield _result(report, f, index[f.rule_id], uris, rank, hall_rank)

    results: list[dict[str, Any]] | Each = Each(each_result) if one_at_a_time else list(each_result())
    root_path = Path(root).resolve() if root else Path.cwd().resolve()
    run: dict[str, Any] = {  # invocations first: rule errors and rejected records head the log
        "invocations": [
            {
                "executionSuccessful": not report.rule_errors,
                "toolExecutionNotifications": _notifications(report, uris),
            }
        ],
        "tool": {
            "driver": {
                "name": "govhall",
                "fullName": "govhall: China's government service-hall standards as executable rules",
                "version": report.govhall_version,
                "semanticVersion": report.govhall_version,
                "rules": [_descriptor(i) for i in infos],
            }
        },
        "automationDetails": {"id": f"govhall/{report.kind}/"},
        "originalUriBaseIds": {
            SRCROOT: {"uri": root_path.as_uri().rstrip("/") + "/", "description": {"text": "source root"}},
            PACKAGE_ROOT: {"description": {"text": "the folder the govhall package is installed in"}},
        },
        "results": results,
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
    if report.source and not report.source.startswith("<"):
        uri, base = uris(report.source)
        location: dict[str, Any] = {"uri": uri}
        if base:
            location["uriBaseId"] = base
        run["artifacts"] = [{"location": location, "roles": ["analysisTarget"]}]
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def render_sarif(report: Report, source_root: str | os.PathLike[str] | None = None) -> str:
    """Render ``report`` (already masked as wanted) as a SARIF 2.1.0 JSON document."""
    return json_text(sarif_log(report, source_root, one_at_a_time=True), indent=2) + "\n"
