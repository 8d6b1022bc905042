"""Every report format rendered from data whose every free-text field is hostile (issue #17).

The payloads are what a careless exporter or an attacker puts in names, ids, messages and reasons:
Markdown links and images to ``javascript:``, raw HTML and event handlers, emphasis, table breaks,
line breaks that would start headings or lists, XML-breaking text, terminal escapes and a lone
surrogate. Every format must render them as text: ``tests/fuzz/contracts.py`` says exactly what is
asserted (Markdown is rendered by a real CommonMark parser, markdown-it-py).
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator

from fuzz.contracts import check_rendered, markdown_html
from govhall.loaders import load_dataset
from govhall.models import RejectedRecord
from govhall.reports import FORMATS, render
from govhall.rules import Finding, Note, Report, Subject, Summary, audit
from govhall.rules.report import UsedInterpretation, UsedParameter

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"

LINK = "[x](javascript:alert(5))x"
PAYLOADS = [
    LINK,
    "![img](javascript:alert(6))",
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    "<javascript:alert(7)>",
    "&#106;avascript:alert(8)",
    "**bold** _em_ ~~gone~~ `code` [ref]",
    "| a | b |\n|---|---|",
    "line\n# heading\n- item\n[r]: javascript:alert(9)",
    "]]><!-- \"quote\" 'apos' \\ backslash",
    "\x00\x07\x1b[31mred\x1b[0m",
    "lone \ud800 surrogate",
    '"}, {"injected": true',
]
NAME = "张三丰<b>"  # a personal value that also carries markup
PHONE = "13812345678"


def hostile(i: int) -> str:
    return PAYLOADS[i % len(PAYLOADS)]


def hostile_report() -> Report:
    """A hand-built report: every free-text field of every part carries a payload."""
    findings = []
    for i, sev in enumerate(("error", "warning", "info")):
        findings.append(Finding(
            rule_id=f"gdzw-0020-2019/zz-{hostile(i)}", standard="gdzw-0020-2019", clauses=[f"gdzw-0020-2019:{hostile(i + 1)}"],
            severity=sev, subject=Subject(kind="application", id=hostile(i + 2)), title=hostile(i + 3),
            message=f"{hostile(i + 4)} 申请人{NAME}", responsible=hostile(i + 5), sanction=hostile(i + 6),
            evidence={hostile(i + 7): hostile(i + 8), "applicant_name": NAME, "applicant_phone": PHONE,
                      "nested": {"list": [hostile(i + 9), {"k": hostile(i + 10)}]}},
            stage="red" if i == 0 else None, on=date(2025, 11, 3),
        ))  # fmt: skip
    return Report(
        kind="audit", govhall_version="0.1.0", source=f"/data/{hostile(11)}", as_of=date(2025, 11, 30),
        standards=["gdzw-0020-2019"], rules_run=[f.rule_id for f in findings],
        summary=Summary(records=5, audited=4, rejected=1, findings={"error": 1, "warning": 1, "info": 1},
                        subjects_with_findings=3),
        findings=findings,
        rejected=[RejectedRecord(table=hostile(0), line=3, record_id=hostile(1), field=hostile(2),
                                 reason=hostile(3) + f" phone {PHONE}", source=hostile(4))],
        interpretations=[UsedInterpretation(name=hostile(5), clause=hostile(6), question=hostile(7), value=hostile(8),
                                            default=hostile(9), is_default=False, meaning=hostile(10))],
        parameters=[UsedParameter(name=hostile(11), value=hostile(12), citation=hostile(0), source=hostile(1))],
        notes=[Note(rule_id=hostile(2), kind="rule_error", message=hostile(0), count=1),
               Note(rule_id=hostile(3), kind="info", message=hostile(1))],
    )  # fmt: skip


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_hostile_data_as_text(fmt: str) -> None:
    out = render(hostile_report(), fmt)
    check_rendered(fmt, out, personal=[NAME, PHONE, "张三丰"])


def _md_text(html: str) -> str:
    text = re.sub(r"<[^>]+>", " ", html)
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&amp;", "&")):
        text = text.replace(entity, char)
    return " ".join(text.split())


def test_markdown_keeps_the_payloads_as_their_own_characters() -> None:
    html = markdown_html(render(hostile_report(), "md"))
    assert html is not None, "markdown-it-py is part of the test extra"
    assert "<a " not in html and "<img" not in html and "<script" not in html and "<em>" not in html
    shown = _md_text(html)
    # escaped, not dropped: each payload reads exactly as written (whitespace collapsed)
    for payload in (LINK, "![img](javascript:alert(6))", "<script>alert(1)</script>", "<javascript:alert(7)>",
                    "&#106;avascript:alert(8)", "**bold** _em_ ~~gone~~ `code` [ref]"):  # fmt: skip
        assert " ".join(payload.split()) in shown, payload


def test_markdown_tables_keep_their_columns_whatever_the_cells_hold() -> None:
    html = markdown_html(render(hostile_report(), "md"))
    assert html is not None
    for table in re.findall(r"<table>.*?</table>", html, flags=re.S):
        widths = {
            row.count("<th") + row.count("<td") for row in re.findall(r"<tr>.*?</tr>", table, flags=re.S)
        }
        assert len(widths) == 1, widths


def test_the_rule_error_is_listed_first_in_every_format() -> None:
    report = hostile_report()
    for fmt in FORMATS:
        out = render(report, fmt)
        first_finding = out.find("gdzw-0020-2019/zz")
        marker = {"text": "RULE ERRORS", "md": "## Rule errors", "html": "Rule errors", "json": '"rule_errors"',
                  "sarif": "govhall/rule-error", "junit": "govhall.rule-errors", "oscal": "RULE ERROR"}[fmt]  # fmt: skip
        assert 0 <= out.find(marker) < first_finding, fmt


def test_sarif_json_and_junit_stay_valid_and_carry_the_data() -> None:
    report = hostile_report()
    sarif = json.loads(render(report, "sarif"))
    Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(sarif)
    assert sarif["runs"][0]["invocations"][0]["executionSuccessful"] is False  # a rule raised
    doc = json.loads(render(report, "json"))
    assert doc["findings"][0]["title"] == hostile(3)
    assert doc["rejected"][0]["record_id"] == hostile(1)
    # a lone surrogate is shown as U+FFFD in every format (it was kept as a "\\ud800" escape, which
    # strict JSON parsers refuse)
    assert doc["source"] == "/data/" + hostile(11).replace("\ud800", "\ufffd")
    root = ET.fromstring(render(report, "junit").encode("utf-8"))
    messages = [f.get("message", "") for f in root.iter("failure")]
    assert any("<script>alert(1)</script>" in m for m in messages)


# -- end to end: hostile records through the loader and the audit -------------------------------------


def test_a_hostile_catalogue_audited_and_rendered_in_every_format(tmp_path: Path) -> None:
    items = [{"code": f"I{i}", "name": hostile(i), "type": "行政许可", "department": hostile(i + 1)}
             for i in range(len(PAYLOADS))]  # fmt: skip
    broken: list[dict[str, Any]] = [
        {"code": LINK, "name": hostile(2), hostile(3): "x"}
    ]  # rejected: unknown field
    (tmp_path / "items.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in items + broken), encoding="utf-8"
    )
    ds = load_dataset(tmp_path)
    # rejected: the broken record, and the items whose name or department holds a lone surrogate escape
    assert ds.records == len(items) + 1
    surrogate = [n for n, r in enumerate(items, start=1) if "\ud800" in r["name"] + r["department"]]
    assert sorted(r.line for r in ds.rejected) == [*surrogate, len(items) + 1] and len(surrogate) == 2
    report = audit(ds, subjects=["item"], as_of=date(2025, 11, 30), kind="check")
    for fmt in FORMATS:
        check_rendered(fmt, render(report, fmt))
