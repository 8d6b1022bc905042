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
from govhall.reports import prepare, render
from govhall.reports.html import render_html
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


@pytest.mark.parametrize(
    ("limit", "counted"),
    [
        # 26 Sep 2025 (Fri) to 30 Oct: 1-8 Oct off (National Day, Mid-Autumn), Sun 28 Sep and Sat 11 Oct
        # worked, so the working days after the 26th are 28-30 Sep (3), 9-10 Oct (2), 11 Oct (1), 13-17 (5),
        # 20-24 (5), 27-30 (4): 20, the last on the 30th. A limit in calendar days numbers no day
        ("20个工作日", 20),
        ("20 working days", 20),  # the grammar's English form: counted as working days too
        ("二十个工作日", 20),
        ("34天", 0),
        ("34 days", 0),
    ],
)
def test_the_calendar_counts_the_days_of_the_findings_limit(limit: str, counted: int) -> None:
    found = _finding(
        "A-9", stage="red", evidence={"start": "2025-09-26", "due": "2025-10-30", "limit": limit}
    )
    page = render(_report([found]), "html")
    art = page[page.index('data-due="2025-10-30"') :]
    art = art[: art.index("</article>")]
    numbers = [int(n) for n in re.findall(r'data-count="(\d+)"', art)]
    assert numbers == list(range(1, counted + 1))


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


# -- a big report (a province): departments collapsed, findings listed on demand from compact data -------------


def _lazy_data(html: str) -> dict[str, Any]:
    import json

    m = re.search(r'<script type="application/json" id="findings-data">(.*?)</script>', html, re.S)
    assert m, "a big report carries its findings as data"
    return dict(json.loads(m.group(1)))


def _decoded(html: str) -> list[dict[str, str]]:
    """Every finding of a big report's data, with the department it is filed under (read back by hand)."""
    data, doc = _lazy_data(html), _parse(html)
    names = {
        int(a["data-i"]): a["data-name"]
        for t, a in doc.tags
        if t == "details" and "dept" in a.get("class", "")
    }
    s = data["s"]
    out = []
    for i, persons in enumerate(data["d"]):
        for person, clauses in persons:
            for clause, _text, rows in clauses:
                for r in rows:
                    out.append({"department": names[i], "person": s[person], "clause": s[clause], "severity": s[r[0]],
                                "stage": s[r[1]], "standard": s[r[2]], "subject": s[r[3]], "message": s[r[6]]})  # fmt: skip
    return out


BIG = [
    _finding(f"A-{k}", responsible=["S1", "S2", None][k % 3], severity=["error", "warning", "info"][k % 5 % 3],
             stage=[None, "red", "yellow"][k % 7 % 3], hall=f"市{k % 4}", evidence={"due": f"2025-10-{1 + k % 28:02d}"})
    for k in range(60)
]  # fmt: skip
BIG_DEPTS = {f"市{h}::{s}": d for h in range(4) for s, d in (("S1", "D1 一局"), ("S2", "D2 二局"))}


def test_a_big_report_lists_every_finding_once_as_data_under_its_department() -> None:
    html = render_html(prepare(_report(BIG, BIG_DEPTS)), inline_limit=59)
    assert "<article" not in html and 'class="dept"' in html  # nothing drawn up front
    got = _decoded(html)
    assert len(got) == len(BIG)
    want = Counter(
        (f"{f.hall} · {BIG_DEPTS.get(f'{f.hall}::{f.responsible}', '全厅 hall-wide (no department named)')}",
         f.severity, f.stage or "none", f.standard, f"[{f.hall}] application {f.subject.id}")
        for f in BIG
    )  # fmt: skip
    assert (
        Counter((g["department"], g["severity"], g["stage"], g["standard"], g["subject"]) for g in got)
        == want
    )
    doc = _parse(html)
    for t, a in doc.tags:  # each collapsed department says how many findings it holds
        if t == "details" and "dept" in a.get("class", ""):
            assert int(a["data-n"]) == sum(1 for g in got if g["department"] == a["data-name"])
    # the same report, one finding fewer than the limit: every finding drawn, no data block
    assert html.count("<article") == 0 and render_html(
        prepare(_report(BIG, BIG_DEPTS)), inline_limit=60
    ).count("<article") == len(BIG)


def test_a_big_report_is_masked_and_its_data_cannot_close_the_script() -> None:
    evil = _finding("A-x", message="</script><img src=x onerror=alert(1)> 申请人 13812345678",
                    evidence={"applicant_phone": "13812345678", "note": "<!-- x"}, hall="市0")  # fmt: skip
    html = render(_report([*BIG, evil], BIG_DEPTS), "html")  # render masks by default
    html_big = render_html(prepare(_report([*BIG, evil], BIG_DEPTS)), inline_limit=10)
    for out in (html, html_big):
        assert "13812345678" not in out
    body = html_big[html_big.index('id="findings-data">') :]
    body = body[: body.index("</script>")]
    assert "<" not in body  # no tag can start inside the data: "</script" and "<!--" are escaped
    assert any(g["message"].startswith("</script><img") for g in _decoded(html_big))  # decoded intact


def test_a_big_report_is_much_smaller_than_drawing_every_finding() -> None:
    report = prepare(_report(BIG * 20, BIG_DEPTS))
    lazy, full = render_html(report, inline_limit=100), render_html(report, inline_limit=10**6)
    assert len(lazy) * 3 < len(full)


def test_trend_sums_departments_beyond_the_busiest_on_one_row() -> None:
    """13 departments, one finding per Monday k for department k (k findings in all for D-k, on the first k
    Mondays from 2025-09-01): the 11 busiest keep their rows (D-13 … D-3), D-2 and D-1 are summed."""
    from datetime import timedelta

    from govhall.reports.html import trend

    findings = [
        _finding(f"A-{k}-{j}", responsible=f"P{k}", on=date(2025, 9, 1) + timedelta(weeks=j))
        for k in range(1, 14) for j in range(k)
    ]  # fmt: skip
    t = trend(_report(findings, {f"P{k}": f"D-{k:02d}" for k in range(1, 14)}), weeks=13, rows=12)
    assert list(t.series)[:11] == [f"D-{k:02d}" for k in range(13, 2, -1)]
    other = list(t.series)[11]
    assert other == "其他 2 个部门 2 other departments"
    assert t.series[other] == {date(2025, 9, 1): 2, date(2025, 9, 8): 1}  # D-02: two Mondays, D-01: one
    assert len(t.periods) == 13 and not t.first_open
    assert sum(sum(c.values()) for c in t.series.values()) == len(findings)


def test_many_halls_fold_their_table_so_the_summary_stays_short() -> None:
    from govhall.rules.report import HallSummary

    def with_halls(n: int) -> str:
        one = HallSummary(records=1, audited=1, rejected=0, findings={"error": 1})
        report = _report(FINDINGS, DEPTS)
        report = report.model_copy(update={"summary": report.summary.model_copy(
            update={"halls": {f"市{k:02d}": one for k in range(n)}})})  # fmt: skip
        return render(report, "html")

    many, few = with_halls(11), with_halls(10)
    table = many[many.index("各大厅 By hall (11)") :]
    assert (
        table.index('<details class="halls"><summary>') < table.index("<table>") < table.index("</details>")
    )
    folded = table[: table.index("</details>")]
    assert folded.count("<tr>") == 12  # the header and every hall, folded but all there (print opens it)
    assert '<details class="halls">' not in few and few.count("市0") >= 10
