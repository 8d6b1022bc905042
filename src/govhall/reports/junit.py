"""JUnit XML for CI dashboards: one ``<testsuite>`` per standard, one ``<testcase>`` per rule × subject.

Several consumers show only the first ``<failure>`` of a test case, so every failing test case holds
exactly one:

* a rule with findings gives one test case per subject it fired on (``name`` = ``<rule id> <title>
  [<kind> <id>]``), failing with one ``<failure>`` (``message`` = subject and Chinese message,
  ``type`` = severity, body = the English title, clauses and evidence of each finding on that
  subject); a rule that found nothing gives one passing test case (``<rule id> <title>``);
* ``file`` and ``line``: the subject record's file (relative to the source root, default the current
  directory) and line, where the loader knew them (see :mod:`govhall.locations`);
* ``time``: the rule's run time in seconds, shared evenly among its test cases (rules are timed, not
  subjects); suites and the root carry the sums.

A suite's ``failures`` counts its failing test cases (the JUnit meaning); the number of findings is
the suite property ``findings``. Rejected records get a suite of their own, ``govhall.input``: one
passing test case ``records are readable`` when none is rejected, else one failing test case per
rejected record (``file``/``line`` where the record was). That suite's properties also carry the
run's figures (``records``, ``audited``, ``rejected``, one ``hall <name>`` per hall of a province) and
the interpretations the run used, one ``interpretation <name>`` each with the reading as its value.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from array import array
from collections.abc import Iterable, Iterator, Sequence

from govhall.reports._common import (
    STAGE_LABEL,
    RuleInfo,
    SourceUris,
    compact_evidence,
    fqn,
    json_text,
    rule_infos,
    standard_title,
    subject_label,
)
from govhall.rules.core import Finding
from govhall.rules.report import Report
from govhall.spool import finding_heads

__all__ = ["INPUT_SUITE", "RULE_ERROR_SUITE", "junit_pieces", "render_junit"]

#: the suite that reports unreadable records
INPUT_SUITE = "govhall.input"
# characters XML 1.0 cannot carry at all (escaping does not help)
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: the suite listing rules that raised (first in the document; its test cases are errors, not failures)
RULE_ERROR_SUITE = "govhall.rule-errors"


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


def _seconds(value: float) -> str:
    return f"{value:.6f}"


def _file_attrs(report: Report, f: Finding, uris: SourceUris) -> dict[str, str]:
    where = report.locations.get(fqn(f.subject, f.hall))
    if where is None:
        return {}
    return _where_attrs(where.path, where.line, uris)


def _where_attrs(path: str, line: int | None, uris: SourceUris) -> dict[str, str]:
    from urllib.parse import unquote

    uri, base = uris(path)  # relative to the source root, or to the package (--example)
    attrs = {"file": unquote(uri) if base else path}
    if line is not None:
        attrs["line"] = str(line)
    return attrs


def _subject_key(f: Finding) -> tuple[str, str, str]:
    return (f.hall or "", f.subject.kind, f.subject.id)


def _subjects(found: Sequence[Finding], positions: Iterable[int]) -> int:
    """How many test cases a rule with the findings at ``positions`` has: one per subject (hall, kind,
    id) it fired on."""
    return len({_subject_key(found[at]) for at in positions})


def _testcases(
    info: RuleInfo, found: Sequence[Finding], positions: Sequence[int], report: Report, uris: SourceUris
) -> Iterator[ET.Element]:
    """The rule's test cases, each made when it is read (one per subject it fired on, else one passing).

    The rule's findings are ``found[at]`` for ``at`` in ``positions``: grouped by subject as positions,
    and each subject's read when its test case is made (a province's are spooled to disk)."""
    seconds = report.rule_seconds.get(info.id, 0.0)
    name = f"{info.id} {info.title}"
    if not positions:
        yield ET.Element("testcase", classname=_x(info.standard), name=_x(name), time=_seconds(seconds))
        return
    by_subject: dict[tuple[str, str, str], list[int]] = {}  # (hall, kind, id) -> positions
    for at in positions:
        by_subject.setdefault(_subject_key(found[at]), []).append(at)
    share = seconds / len(by_subject)
    for group in ([found[at] for at in ats] for ats in by_subject.values()):
        first = group[0]
        attrs = {
            "classname": _x(info.standard),
            "name": _x(f"{name} [{subject_label(first.subject, first.hall)}]"),
        }
        attrs.update({k: _x(v) for k, v in _file_attrs(report, first, uris).items()})
        attrs["time"] = _seconds(share)
        case = ET.Element("testcase", attrs)
        message = f"{subject_label(first.subject, first.hall)}: {first.message}"
        if len(group) > 1:
            message += f" (and {len(group) - 1} more finding(s) of this rule on it)"
        failure = ET.SubElement(case, "failure", message=_x(message), type=_x(first.severity))
        failure.text = _x("\n\n".join(_failure_body(f) for f in group))
        out = ET.SubElement(case, "system-out")
        out.text = _x(
            "\n".join(f"{subject_label(f.subject, f.hall)}: {compact_evidence(f.evidence)}" for f in group)
        )
        yield case


def _suite_attrs(name: str, tests: int, failures: int) -> dict[str, str]:
    return {"name": _x(name), "tests": str(tests), "failures": str(failures), "errors": "0", "skipped": "0"}


def _properties(props: dict[str, str]) -> ET.Element:
    properties = ET.Element("properties")
    for k, v in props.items():
        ET.SubElement(properties, "property", name=_x(k), value=_x(v))
    return properties


def _leaf(elem: ET.Element, level: int) -> tuple[str]:
    """``elem``'s text as it reads at depth ``level`` of a document indented by ``ET.indent`` (one piece)."""
    ET.indent(elem, level=level)
    return (ET.tostring(elem, encoding="unicode"),)


#: test cases written in one piece (one ``ET.tostring`` call each: called per test case, its set-up was
#: about half of a province's JUnit report; 16 to 64 a piece take the same time)
_CASES_A_PIECE = 32


def _leaves(elems: Iterable[ET.Element], level: int) -> Iterator[tuple[str]]:
    """Consecutive children at depth ``level``, written :data:`_CASES_A_PIECE` at a time: each batch is
    indented and written under a stand-in parent, whose own tags are cut off, leaving the children as
    they read in the whole document, the indentation between them included (what :func:`_container`
    writes between two children). Each batch is one child of :func:`_container`."""
    inner = "\n" + "  " * level
    batch = ET.Element("x")
    for elem in elems:
        batch.append(elem)
        if len(batch) == _CASES_A_PIECE:
            yield _batch_text(batch, level, inner)
            batch = ET.Element("x")
    if len(batch):
        yield _batch_text(batch, level, inner)


def _batch_text(batch: ET.Element, level: int, inner: str) -> tuple[str]:
    ET.indent(batch, level=level - 1)
    text = ET.tostring(batch, encoding="unicode")  # <x>{inner}child{inner}child…\n{outer}</x>
    head, tail = "<x>" + inner, "\n" + "  " * (level - 1) + "</x>"
    assert text.startswith(head) and text.endswith(tail)
    return (text[len(head) : -len(tail)],)


def _container(
    tag: str, attrs: dict[str, str], children: Iterable[Iterable[str]], level: int
) -> Iterator[str]:
    """An element at depth ``level`` holding ``children`` (each one's text at depth ``level + 1``, in
    pieces), in pieces: the text ``ET.indent`` and ``ET.tostring`` give the whole element, each child
    read as it is written."""
    empty = ET.tostring(ET.Element(tag, attrs), encoding="unicode")  # <tag a="v" />
    inner = "\n" + "  " * (level + 1)
    opened = False
    for child in children:
        yield inner if opened else empty[: -len(" />")] + ">" + inner
        yield from child
        opened = True
    yield "\n" + "  " * level + f"</{tag}>" if opened else empty


def render_junit(report: Report, source_root: str | os.PathLike[str] | None = None) -> str:
    """Render ``report`` (already masked as wanted) as JUnit XML (file paths relative to ``source_root``)."""
    return "".join(junit_pieces(report, source_root))


def junit_pieces(report: Report, source_root: str | os.PathLike[str] | None = None) -> Iterator[str]:
    """:func:`render_junit`'s text in pieces, each test case made, written and dropped in turn: the counts
    each suite's and the root's start tag carry are worked out first, then the test cases are written
    suite by suite, so a province's document is never held whole (as a tree or as text)."""
    uris = SourceUris(os.fspath(source_root) if source_root is not None else None)
    infos = rule_infos(report)
    found = report.findings
    by_rule: dict[str, array[int]] = {}  # rule -> positions of its findings (a province's are on disk)
    for at, (_, _, rule_id, _) in enumerate(finding_heads(found)):  # a province's: no finding read
        by_rule.setdefault(rule_id, array("q")).append(at)
    none = array("q")
    standards: dict[str, list[RuleInfo]] = {}
    for info in infos:
        standards.setdefault(info.standard, []).append(info)

    total_tests = total_failures = total_errors = 0
    total_time = 0.0
    errors = report.rule_errors
    if errors:  # first: the run is incomplete
        total_tests += len(errors)
        total_errors += len(errors)
    suites: list[tuple[str, dict[str, str], list[RuleInfo]]] = []  # (standard, attributes, its rules)
    for std, rules in standards.items():
        tests = failing = 0
        seconds = 0.0
        for info in rules:
            fired = _subjects(found, by_rule.get(info.id, none))
            t, fl, sec = max(1, fired), fired, report.rule_seconds.get(info.id, 0.0)
            tests, failing, seconds = tests + t, failing + fl, seconds + sec
        attrs = _suite_attrs(std, tests, failing)
        attrs["time"] = _seconds(seconds)
        suites.append((std, attrs, rules))
        total_tests, total_failures, total_time = (
            total_tests + tests,
            total_failures + failing,
            total_time + seconds,
        )
    rejected = report.rejected
    total_tests += max(1, len(rejected))
    total_failures += len(rejected)
    root = {
        "name": _x(f"govhall {report.kind}"), "tests": str(total_tests), "failures": str(total_failures),
        "errors": str(total_errors), "skipped": "0", "time": _seconds(total_time),
    }  # fmt: skip

    def error_cases() -> Iterator[tuple[str]]:
        for n in errors:
            case = ET.Element("testcase", classname=RULE_ERROR_SUITE, name=_x(n.rule_id))
            error = ET.SubElement(case, "error", message=_x(n.message), type="rule_error")
            error.text = _x(n.message)
            yield _leaf(case, 2)

    def standard_children(std: str, rules: list[RuleInfo]) -> Iterator[tuple[str]]:
        props = {"findings": str(sum(len(by_rule.get(r.id, none)) for r in rules))}
        title = standard_title(std)
        if title:
            props["title"] = title
        yield _leaf(_properties(props), 2)
        yield from _leaves(
            (
                case
                for info in rules
                for case in _testcases(info, found, by_rule.get(info.id, none), report, uris)
            ),
            2,
        )

    def input_children() -> Iterator[tuple[str]]:
        props = {
            "records": str(report.summary.records),
            "audited": str(report.summary.audited),
            "rejected": str(report.summary.rejected),
        }
        for hall, hs in (report.summary.halls or {}).items():
            props[f"hall {hall}"] = (
                f"not audited: {hs.error}" if hs.error else f"{hs.records} records, {hs.rejected} rejected"
            )
        for used in report.interpretations:  # DESIGN: every report lists the interpretations it used
            props[f"interpretation {used.name}"] = used.value
        yield _leaf(_properties(props), 2)
        if not rejected:
            yield _leaf(
                ET.Element(
                    "testcase", classname=INPUT_SUITE, name="records are readable", time=_seconds(0.0)
                ),
                2,
            )
        for i, r in enumerate(rejected, 1):
            where = r.table + (f" {r.place}" if r.place else "")
            if r.source:
                where += f" of {r.source}"
            attrs = {
                "classname": INPUT_SUITE,
                "name": _x(f"records are readable [{i}: {where}]"),
                "time": "0.000000",
            }
            if r.source and not r.source.startswith("<"):
                line = r.line if r.source.lower().endswith((".jsonl", ".ndjson", ".csv")) else None
                attrs.update({k: _x(v) for k, v in _where_attrs(r.source, line, uris).items()})
            case = ET.Element("testcase", attrs)
            failure = ET.SubElement(
                case, "failure", message=_x(f"{where}{' [' + r.record_id + ']' if r.record_id else ''}: {r.reason}"),
                type="rejected",
            )  # fmt: skip
            failure.text = _x(json_text(r.model_dump(mode="json")))
            yield _leaf(case, 2)

    def suites_text() -> Iterator[Iterator[str]]:
        if errors:
            attrs = _suite_attrs(RULE_ERROR_SUITE, len(errors), 0)
            attrs["errors"] = str(len(errors))
            yield _container("testsuite", attrs, error_cases(), 1)
        for std, attrs, rules in suites:
            yield _container("testsuite", attrs, standard_children(std, rules), 1)
        attrs = _suite_attrs(INPUT_SUITE, max(1, len(rejected)), len(rejected))
        attrs["time"] = _seconds(0.0)
        yield _container("testsuite", attrs, input_children(), 1)

    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield from _container("testsuites", root, suites_text(), 0)
    yield "\n"
