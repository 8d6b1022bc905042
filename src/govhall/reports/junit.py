"""JUnit XML for CI dashboards: one ``<testsuite>`` per standard, one ``<testcase>`` per rule that ran.

A rule's test case fails with one ``<failure>`` per finding (``message`` = subject and Chinese message,
``type`` = severity, body = the English title, clauses and evidence). A suite's ``failures`` counts
its failing test cases (the JUnit meaning); the number of findings is the suite property ``findings``.
Rejected records get a suite of their own, ``govhall.input``, whose one test case
(``records are readable``) fails once per rejected record.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from govhall.reports._common import (
    STAGE_LABEL,
    RuleInfo,
    compact_evidence,
    json_text,
    rule_infos,
    standard_title,
    subject_label,
)
from govhall.rules.core import Finding
from govhall.rules.report import Report

__all__ = ["INPUT_SUITE", "render_junit"]

#: the suite that reports unreadable records
INPUT_SUITE = "govhall.input"
# characters XML 1.0 cannot carry at all (escaping does not help)
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(value: object) -> str:
    return _INVALID_XML.sub("\ufffd", "" if value is None else str(value))


def _failure_body(f: Finding) -> str:
    lines = [f"{f.title}", f"rule: {f.rule_id}", f"clauses: {', '.join(f.clauses)}"]
    if f.evidence:
        lines.append(f"evidence: {json_text(f.evidence)}")
    if f.on:
        lines.append(f"on: {f.on.isoformat()}")
    if f.responsible:
        lines.append(f"responsible: {f.responsible}")
    if f.sanction:
        lines.append(f"sanction: {f.sanction}")
    if f.stage:
        lines.append(f"stage: {STAGE_LABEL[f.stage]}")
    return "\n".join(lines)


def _testcase(suite: ET.Element, info: RuleInfo, findings: list[Finding]) -> None:
    case = ET.SubElement(suite, "testcase", classname=_x(info.standard), name=_x(f"{info.id} {info.title}"))
    for f in findings:
        failure = ET.SubElement(
            case,
            "failure",
            message=_x(f"{subject_label(f.subject, f.hall)}: {f.message}"),
            type=_x(f.severity),
        )
        failure.text = _x(_failure_body(f))
    if findings:
        out = ET.SubElement(case, "system-out")
        out.text = _x(
            "\n".join(f"{subject_label(f.subject, f.hall)}: {compact_evidence(f.evidence)}" for f in findings)
        )


def _suite(parent: ET.Element, name: str, tests: int, failures: int, props: dict[str, str]) -> ET.Element:
    suite = ET.SubElement(
        parent, "testsuite", name=_x(name), tests=str(tests), failures=str(failures), errors="0", skipped="0"
    )
    if props:
        properties = ET.SubElement(suite, "properties")
        for k, v in props.items():
            ET.SubElement(properties, "property", name=_x(k), value=_x(v))
    return suite


def render_junit(report: Report) -> str:
    """Render ``report`` (already masked as wanted) as JUnit XML."""
    infos = rule_infos(report)
    by_rule: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_rule.setdefault(f.rule_id, []).append(f)
    standards: dict[str, list[RuleInfo]] = {}
    for info in infos:
        standards.setdefault(info.standard, []).append(info)

    root = ET.Element("testsuites", name=_x(f"govhall {report.kind}"))
    total_tests = total_failures = 0
    for std, rules in standards.items():
        failing = sum(1 for r in rules if by_rule.get(r.id))
        findings = sum(len(by_rule.get(r.id, [])) for r in rules)
        props = {"findings": str(findings)}
        title = standard_title(std)
        if title:
            props["title"] = title
        suite = _suite(root, std, len(rules), failing, props)
        for info in rules:
            _testcase(suite, info, by_rule.get(info.id, []))
        total_tests += len(rules)
        total_failures += failing

    props = {
        "records": str(report.summary.records),
        "audited": str(report.summary.audited),
        "rejected": str(report.summary.rejected),
    }
    for hall, hs in (report.summary.halls or {}).items():
        props[f"hall {hall}"] = (
            f"not audited: {hs.error}" if hs.error else f"{hs.records} records, {hs.rejected} rejected"
        )
    suite = _suite(root, INPUT_SUITE, 1, 1 if report.rejected else 0, props)
    case = ET.SubElement(suite, "testcase", classname=INPUT_SUITE, name="records are readable")
    for r in report.rejected:
        where = r.table + (f" line {r.line}" if r.line is not None else "")
        if r.source:
            where += f" of {r.source}"
        failure = ET.SubElement(
            case, "failure", message=_x(f"{where}{' [' + r.record_id + ']' if r.record_id else ''}: {r.reason}"),
            type="rejected",
        )  # fmt: skip
        failure.text = _x(json_text(r.model_dump(mode="json")))
    total_tests += 1
    total_failures += 1 if report.rejected else 0

    root.set("tests", str(total_tests))
    root.set("failures", str(total_failures))
    root.set("errors", "0")
    root.set("skipped", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
