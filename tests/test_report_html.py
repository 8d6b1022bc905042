"""The HTML report for a hall's managers: summary first, findings by department → person → clause.

Browser checks (layout, filters at work, console) are in tests/test_browser.py; here the document itself.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from html.parser import HTMLParser
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govhall.loaders import load_dataset
from govhall.reports import render
from govhall.rules import Finding, Report, Subject, Summary, audit
from govhall.rules.report import finding_departments
from govhall.standards import load_all

load_all()


def _finding(fid: str, **kw: Any) -> Finding:
    base: dict[str, Any] = dict(
        rule_id="gdzw-0020-2019/zz-test", standard="gdzw-0020-2019", clauses=["gdzw-0020-2019:5.3.2"],
        severity="error", subject=Subject(kind="application", id=fid), title="Test rule", message=f"问题 {fid}",
    )  # fmt: skip
    base.update(kw)
    return Finding(**base)


def _report(findings: list[Finding], departments: dict[str, str] | None = None) -> Report:
    return Report(
        govhall_version="0", as_of=date(2025, 10, 31), standards=["gdzw-0020-2019", "yousu-jiban"],
        summary=Summary(records=len(findings), audited=len(findings), rejected=0, findings={}),
        findings=findings, departments=departments or {},
    )  # fmt: skip


class _Doc(HTMLParser):
    """Start tags in document order, with their attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def _parse(html: str) -> _Doc:
    doc = _Doc()
    doc.feed(html)
    return doc


def _articles(doc: _Doc) -> list[dict[str, str]]:
    return [a for t, a in doc.tags if t == "article"]


FINDINGS = [
    _finding("A-1", responsible="S1", stage="red", evidence={"start": "2025-09-26", "due": "2025-10-30"}),
    _finding("A-2", responsible="S2", stage="yellow", severity="warning", evidence={"due": "2025-11-05"}),
    _finding("A-3", responsible="S1", stage="red", evidence={"due": "2025-10-09"}),
    _finding(
        "C-1",
        standard="yousu-jiban",
        clauses=["yousu-jiban:处置流程.办理.1"],
        severity="info",
        subject=Subject(kind="complaint", id="C-1"),
    ),  # fmt: skip
]
DEPTS = {"S1": "D1 卫生健康局", "S2": "D2 <b>市场</b>局"}


@pytest.fixture(scope="module")
def html() -> str:
    return render(_report(FINDINGS, DEPTS), "html")


def test_summary_comes_before_the_findings_and_charts_after(html: str) -> None:
    ids = [a.get("id") for _, a in _parse(html).tags if a.get("id")]
    assert ids.index("summary") < ids.index("findings") < ids.index("charts")
    first_article = html.index("<article")
    assert html.index('id="summary"') < html.index("按部门 By department") < first_article
    assert html.index("最先到期 Due soonest") < first_article
    assert "<svg" not in html[:first_article]  # no chart before the first finding


def test_cards_count_the_open_red_and_yellow_cards(html: str) -> None:
    summary = html[html.index('id="summary"') : html.index('id="findings"')]
    red = re.search(r'card red"><div class="n">(\d+)<', summary)
    yellow = re.search(r'card yellow"><div class="n">(\d+)<', summary)
    assert red and red.group(1) == "2" and yellow and yellow.group(1) == "1"


def test_due_soonest_lists_cards_by_due_date(html: str) -> None:
    table = html[html.index("最先到期 Due soonest") : html.index('id="findings"')]
    assert re.findall(r"\d{4}-\d{2}-\d{2}", table) == ["2025-10-09", "2025-10-30", "2025-11-05"]
    assert "complaint C-1" not in table  # no card, no due date


def test_findings_are_grouped_department_person_clause(html: str) -> None:
    doc = _parse(html)
    path: dict[str, str] = {}
    placed: dict[str, tuple[str, str]] = {}
    for tag, a in doc.tags:
        if tag == "section" and "dept" in a.get("class", ""):
            path["dept"] = a["data-name"]
        elif tag == "section" and "person" in a.get("class", ""):
            path["person"] = a["data-name"]
        elif tag == "article":
            placed[a["data-department"]] = placed.get(a["data-department"], (path["dept"], path["person"]))
            assert a["data-department"] == path["dept"]
    assert placed["D1 卫生健康局"] == ("D1 卫生健康局", "S1")
    assert placed["D2 <b>市场</b>局"] == ("D2 <b>市场</b>局", "S2")
    assert "全厅 hall-wide (no department named)" in placed  # C-1 names nobody
    # the department with red cards comes first
    depts = [a["data-name"] for t, a in doc.tags if t == "section" and "dept" in a.get("class", "")]
    assert depts[0] == "D1 卫生健康局"


def test_department_names_are_escaped(html: str) -> None:
    assert "<b>市场</b>" not in html and "&lt;b&gt;市场&lt;/b&gt;" in html


def test_every_finding_carries_its_filter_values(html: str) -> None:
    arts = _articles(_parse(html))
    assert len(arts) == len(FINDINGS)
    got = sorted((a["data-standard"], a["data-severity"], a["data-stage"]) for a in arts)
    want = sorted((f.standard, f.severity, f.stage or "none") for f in FINDINGS)
    assert got == want
    options = {a.get("value") for t, a in _parse(html).tags if t == "option"}
    assert {"gdzw-0020-2019", "yousu-jiban", "error", "warning", "info", "red", "yellow"} <= options
    for sel in ("f-standard", "f-severity", "f-stage", "f-department", "f-sort"):
        assert f'<label for="{sel}"' in html  # every control has a label (keyboard and screen readers)


def test_a_card_with_its_deadline_draws_the_calendar(html: str) -> None:
    art = html[html.index('data-due="2025-10-30"') :]
    art = art[: art.index("</article>")]
    assert 'data-date="2025-10-30" data-kind' in art
    assert re.search(r'class="day [^"]*\bdue\b[^"]*" data-date="2025-10-30"', art)


def test_clause_text_is_shown_on_demand(html: str) -> None:
    assert '<details class="clause-text"><summary>条款原文 clause text</summary><blockquote>' in html
    assert "一次性告知" in html  # gdzw-0020-2019:5.3.2's text


def test_audit_assigns_departments_from_staff_items_and_applications() -> None:
    ds = load_dataset({
        "hall": {"id": "H", "name": "某中心", "departments": [{"id": "D1", "name": "卫健局"}]},
        "items": [{"code": "I1", "name": "某许可", "type": "行政许可", "department": "D1", "promised_limit": "20个工作日"}],
        "staff": [{"id": "S1", "role": "窗口人员", "department": "D2", "rank": 1}],
        "applications": [{"id": "A1", "item_code": "I1", "received_at": "2025-11-03T09:00", "staff_id": "S1"}],
    })  # fmt: skip
    findings = [
        _finding("A1", responsible="S1"), _finding("A1"), _finding("I1", subject=Subject(kind="item", id="I1")),
        _finding("X", responsible="D1"), _finding("Y", responsible="S-unknown"),
    ]  # fmt: skip
    got = finding_departments(ds, findings)
    assert got == {"S1": "D2", "application/A1": "D1 卫健局", "item/I1": "D1 卫健局", "D1": "D1 卫健局"}
    report = audit(ds, standards=["gdzw-0020-2019"], as_of=date(2025, 12, 31))
    assert set(report.departments) <= {"S1", "application/A1", "item/I1", "D1", "D2"}


def test_no_findings_says_so() -> None:
    out = render(_report([]), "html")
    assert "未发现问题" in out and "<article" not in out and "<script" not in out


def test_a_real_finding_shows_its_chinese_title_and_clause() -> None:
    ds = load_dataset({
        "items": [{"code": "I1", "name": "某许可", "type": "行政许可", "department": "D1", "promised_limit": "20个工作日"}],
        "staff": [{"id": "S1", "role": "窗口人员", "department": "D1", "rank": 1}],
        "applications": [{"id": "A1", "item_code": "I1", "received_at": "2025-11-03T09:00", "staff_id": "S1",
                          "events": [{"kind": "received", "at": "2025-11-03T09:00", "staff_id": "S1"},
                                     {"kind": "correction_notice", "at": "2025-11-03T10:00", "staff_id": "S1",
                                      "written": False, "materials": ["身份证"], "requirements": "原件",
                                      "deadline": "2025-11-10"}]}],
    })  # fmt: skip
    report = audit(ds, standards=["gdzw-0020-2019"], as_of=date(2025, 11, 30))
    hit = next(f for f in report.findings if f.rule_id == "gdzw-0020-2019/written-correction-notice")
    out = render(report, "html")
    from govhall.rules import REGISTRY

    title_zh = REGISTRY.get(hit.rule_id).title_zh
    assert title_zh and f"{title_zh} · {hit.title}" in out
    doc = _parse(out)
    dept = [a["data-name"] for t, a in doc.tags if t == "section" and "dept" in a.get("class", "")]
    assert dept == ["D1"]  # S1's department (the dataset names no hall, so the id is the label)


_finding_st = st.builds(
    lambda i, who, sev, stage, std: _finding(
        f"A-{i}", responsible=who, severity=sev, stage=stage, standard=std, clauses=[f"{std}:1"]
    ),
    st.integers(0, 10_000), st.sampled_from([None, "S1", "S2", "S3", "D1", "<S&4>"]),
    st.sampled_from(["error", "warning", "info"]), st.sampled_from([None, "yellow", "red"]),
    st.sampled_from(["gdzw-0020-2019", "yousu-jiban", "haochaping-2019"]),
)  # fmt: skip


@settings(max_examples=25)
@given(st.lists(_finding_st, max_size=12))
def test_every_finding_is_shown_once_under_its_department(findings: list[Finding]) -> None:
    depts = {"S1": "D1 一局", "S2": "D2 二局", "D1": "D1 一局"}  # S3 and <S&4> have no known department
    doc = _parse(render(_report(findings, depts), "html"))
    arts = _articles(doc)
    assert sorted(a["data-due"] + a["data-severity"] + a["data-stage"] for a in arts) == sorted(
        "" + f.severity + (f.stage or "none") for f in findings
    )
    expected = Counter(
        depts.get(f.responsible or "", "全厅 hall-wide (no department named)") for f in findings
    )
    assert Counter(a["data-department"] for a in arts) == expected
    current = None
    for tag, a in doc.tags:  # each article sits inside the section of its own department
        if tag == "section" and "dept" in a.get("class", ""):
            current = a["data-name"]
        elif tag == "article":
            assert a["data-department"] == current


def test_province_departments_are_per_hall() -> None:
    """Two halls may both have a staff S1 and a department D1: each finding stays with its own hall's."""
    findings = [
        _finding("A-1", responsible="S1", hall="广州/天河"),
        _finding("A-2", responsible="S1", hall="广州/越秀"),
    ]
    depts = {"广州/天河::S1": "D1 天河局", "广州/越秀::S1": "D9 越秀局"}
    doc = _parse(render(_report(findings, depts), "html"))
    got = sorted(a["data-department"] for a in _articles(doc))
    assert got == ["广州/天河 · D1 天河局", "广州/越秀 · D9 越秀局"]
