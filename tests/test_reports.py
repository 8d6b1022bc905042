"""The report renderers: every format on a small hand-built Report (no rule registered, no audit run)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jsonschema import Draft4Validator

from govhall.models import RejectedRecord
from govhall.reports import FORMATS, render
from govhall.reports.junit import INPUT_SUITE
from govhall.reports.sarif import fingerprint
from govhall.rules import Finding, Note, Report, Subject, Summary
from govhall.rules.report import UsedInterpretation, UsedParameter

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"

# rule ids no standard registers, so the registry never supplies their metadata
R_ERR = "gdzw-0020-2019/zz-test-written-notice"
R_WARN = "dongguan-hall-2023/zz-test-window-load"
R_INFO = "dongguan-hall-2023/zz-test-guide-sample"
R_SILENT = "yousu-jiban/zz-test-silent"

PERSONAL = ["张三丰", "13812345678", "李四光", "110101199003077777", "13900001111"]


def make_report(source: str | None = None) -> Report:
    """Three findings (one per severity, one red and one yellow card) carrying personal data."""
    findings = [
        Finding(
            rule_id=R_ERR, standard="gdzw-0020-2019", clauses=["gdzw-0020-2019:5.3.2"], severity="error",
            subject=Subject(kind="application", id="A-17"), title="Correction requests are made in writing",
            message="补正告知未以书面形式一次性告知材料及期限（申请人张三丰）",
            evidence={
                "applicant_name": "张三丰", "applicant_phone": "13812345678", "written": False,
                "applicant": {"name": "李四光", "id_number": "110101199003077777"},
                "note": "电话 13812345678 已联系",
            },
            responsible="S-01", sanction="批评教育；情节严重的通报批评", stage="red", on=date(2025, 11, 3),
        ),
        Finding(
            rule_id=R_WARN, standard="dongguan-hall-2023", clauses=["dongguan-hall-2023:4.6"], severity="warning",
            subject=Subject(kind="window", id="W-1"), title="Window load stays within the standard",
            message="综合窗口日均办件量超过30件", evidence={"cases_per_day": 41.5, "phone": ["13900002222"]},
            responsible="D-政务办", stage="yellow", on=date(2025, 11, 4),
        ),
        Finding(
            rule_id=R_INFO, standard="dongguan-hall-2023", clauses=["dongguan-hall-2023:6.1.3", "dongguan-hall-2023:6.1.4"],
            severity="info", subject=Subject(kind="item", id="I-<1>"), title="Guides may offer sample forms",
            message="示范文本缺失 | <script>alert(1)</script>",
            evidence={"materials": ["申请表|A", "<b>营业执照</b>"], "bell": "ding\x07"}, provisional=True,
        ),
    ]  # fmt: skip
    return Report(
        kind="audit", govhall_version="0.1.0", source=source, as_of=date(2025, 11, 30),
        standards=["dongguan-hall-2023", "gdzw-0020-2019", "yousu-jiban"],
        rules_run=[R_ERR, R_WARN, R_INFO, R_SILENT],
        summary=Summary(
            records=10, audited=9, rejected=1, findings={"error": 1, "warning": 1, "info": 1},
            by_standard={"gdzw-0020-2019": {"error": 1, "warning": 0, "info": 0},
                         "dongguan-hall-2023": {"error": 0, "warning": 1, "info": 1}},
            subjects_with_findings=3,
        ),
        findings=findings,
        rejected=[RejectedRecord(table="applications", line=4, record_id="A-99", field="applicant.phone",
                                 reason="applicant.phone: 13900001111 is not a valid phone number",
                                 source="applications.jsonl")],
        interpretations=[UsedInterpretation(
            name="yousu-jiban.day-unit", clause="yousu-jiban:处置流程.办理.1", question="天 = ?", value="calendar_days",
            default="calendar_days", is_default=True, meaning="calendar days (civil-code:200–203)")],
        parameters=[UsedParameter(name="dongguan-hall-2023.cases_per_window_per_day", value=30,
                                  citation="原则上按照每个综合窗口日均办理业务30件为标准计算", source="standard")],
        notes=[Note(rule_id=R_SILENT, kind="outside_validity", message="2 subject(s) outside validity", count=2)],
    )  # fmt: skip


@pytest.fixture
def report() -> Report:
    return make_report()


@pytest.mark.parametrize("fmt", FORMATS)
def test_personal_data_is_masked_by_default(report: Report, fmt: str) -> None:
    out = render(report, fmt)
    for value in PERSONAL:
        assert value not in out, f"{value} leaked into {fmt}"
    assert "13900002222" not in out  # a phone number in a list under a personal key


@pytest.mark.parametrize("fmt", FORMATS)
def test_personal_data_shown_with_the_flag(report: Report, fmt: str) -> None:
    out = render(report, fmt, show_personal_data=True)
    # JSON-based formats keep the text as is (ensure_ascii=False), XML/HTML may only escape markup
    for value in ["张三丰", "13812345678", "李四光", "110101199003077777"]:
        assert value in out, f"{value} missing from {fmt} with --show-personal-data"


def test_masking_does_not_change_the_report_itself(report: Report) -> None:
    render(report, "json")
    assert report.findings[0].evidence["applicant_name"] == "张三丰"
    assert report.personal_data_masked is False


def test_unknown_format_is_a_value_error(report: Report) -> None:
    with pytest.raises(ValueError, match="known: text, json, md, html, sarif, junit, oscal"):
        render(report, "pdf")


# -- json --------------------------------------------------------------------------------------------


def test_json_has_the_design_keys(report: Report) -> None:
    out = render(report, "json")
    doc = json.loads(out)
    assert {"summary", "findings", "rejected", "interpretations"} <= set(doc)
    assert {"records", "audited", "rejected", "findings"} <= set(doc["summary"])
    assert doc["summary"]["findings"] == {"error": 1, "warning": 1, "info": 1}
    assert doc["summary"]["records"] == doc["summary"]["audited"] + doc["summary"]["rejected"]
    assert [f["severity"] for f in doc["findings"]] == ["error", "warning", "info"]
    assert doc["findings"][0]["evidence"]["applicant_name"] == "张**"
    assert doc["findings"][0]["evidence"]["applicant"]["id_number"].startswith("110")
    assert doc["personal_data_masked"] is True
    assert "补正告知" in out  # ensure_ascii=False


# -- text --------------------------------------------------------------------------------------------


def test_text_groups_by_standard_then_clause(report: Report) -> None:
    out = render(report, "text")
    assert "Records 10: 9 audited, 1 rejected. Findings: 1 error, 1 warning, 1 info." in out
    pos = [out.index(s) for s in ("== gdzw-0020-2019", "-- gdzw-0020-2019:5.3.2", "application A-17",
                                  "== dongguan-hall-2023", "-- dongguan-hall-2023:4.6", "window W-1")]  # fmt: skip
    assert pos == sorted(pos)
    assert "红牌" in out and "黄牌" in out
    assert "Correction requests are made in writing" in out  # English title beside the Chinese message
    assert "sanction: 批评教育" in out
    assert "Rejected records (1)" in out and "applications line 4 of applications.jsonl [A-99]" in out
    assert "yousu-jiban.day-unit = calendar_days" in out
    assert "[outside_validity]" in out


def test_text_with_no_findings(report: Report) -> None:
    empty = report.model_copy(update={"findings": []})
    assert "No findings." in render(empty, "text")


# -- markdown ----------------------------------------------------------------------------------------


def test_markdown_tables(report: Report) -> None:
    out = render(report, "md")
    assert "## Summary" in out and "### By standard" in out and "### By clause" in out
    assert "| 10 | 9 | 1 | 1 | 1 | 1 | 3 | 4 |" in out
    assert "| dongguan-hall-2023:4.6 |" in out
    # a pipe inside a cell is escaped, markup is neutralised
    assert "示范文本缺失 \\| &lt;script&gt;" in out
    assert "<script>" not in out
    # every table row of the findings table has the header's column count
    header = next(line for line in out.splitlines() if line.startswith("| severity | clause |"))
    cols = header.count(" | ")
    rows = [line for line in out.splitlines() if line.startswith(("| error |", "| warning |", "| info |"))]
    assert len(rows) == 3
    assert all(len(re.split(r"(?<!\\) \| ", r)) - 1 == cols for r in rows)


# -- html --------------------------------------------------------------------------------------------


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.tags: set[str] = set()
        self.script_src: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.refs += [v or "" for k, v in attrs if k in ("src", "href", "xlink:href", "data", "action")]
        if tag == "script":
            self.script_src += [v or "" for k, v in attrs if k == "src"]


def test_html_is_self_contained_and_escaped(report: Report) -> None:
    out = render(report, "html")
    parser = _Refs()
    parser.feed(out)
    assert not any(r.startswith(("http", "//")) for r in parser.refs)
    assert "http" not in out.lower()
    assert {"link", "img", "iframe", "object", "embed"}.isdisjoint(parser.tags)
    assert parser.script_src == []  # the one script (filters) is inline
    assert all(r.startswith("#") for r in parser.refs), parser.refs  # only links within the page
    assert "svg" in parser.tags and "style" in parser.tags
    assert "<script>alert(1)" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "I-&lt;1&gt;" in out
    assert "红牌" in out and "黄牌" in out
    assert "dongguan-hall-2023:4.6" in out  # a clause group


# -- sarif -------------------------------------------------------------------------------------------


def _sarif_validator() -> Draft4Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema)


def test_sarif_validates_against_the_2_1_0_schema(report: Report) -> None:
    doc = json.loads(render(report, "sarif"))
    errors = sorted(_sarif_validator().iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def test_the_schema_rejects_a_broken_log(report: Report) -> None:
    doc = json.loads(render(report, "sarif"))
    doc["runs"][0]["results"][0]["level"] = "fatal"
    del doc["runs"][0]["tool"]["driver"]["name"]
    assert len(list(_sarif_validator().iter_errors(doc))) >= 2


def test_sarif_rules_results_and_locations(tmp_path: Path) -> None:
    (tmp_path / "applications.jsonl").write_text("{}\n", encoding="utf-8")
    doc = json.loads(render(make_report(source=str(tmp_path)), "sarif"))
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [R_ERR, R_WARN, R_INFO, R_SILENT]
    by_id = {r["id"]: r for r in rules}
    assert by_id[R_ERR]["shortDescription"]["text"] == "Correction requests are made in writing"
    assert by_id[R_ERR]["properties"]["clauses"] == ["gdzw-0020-2019:5.3.2"]
    assert "gdzw-0020-2019:5.3.2" in by_id[R_ERR]["help"]["text"]
    assert [by_id[r]["defaultConfiguration"]["level"] for r in (R_ERR, R_WARN, R_INFO)] == [
        "error",
        "warning",
        "note",
    ]
    results = run["results"]
    assert [r["level"] for r in results] == ["error", "warning", "note"]
    assert [rules[r["ruleIndex"]]["id"] for r in results] == [r["ruleId"] for r in results]
    first = results[0]
    assert first["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "application/A-17"
    assert first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(
        "/applications.jsonl"
    )
    assert "physicalLocation" not in results[1]["locations"][0]  # no windows file in the folder
    assert "补正告知" in first["message"]["text"] and "Correction requests" in first["message"]["text"]
    assert first["properties"]["stage"] == "red"
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert any("A-99" in n["message"]["text"] for n in notes)


def test_sarif_fingerprints_are_stable_per_rule_and_subject(report: Report) -> None:
    a = json.loads(render(report, "sarif"))["runs"][0]["results"]
    moved = report.model_copy(
        update={"findings": [report.findings[0].model_copy(update={"message": "改了"})]}
    )
    b = json.loads(render(moved, "sarif"))["runs"][0]["results"]
    assert a[0]["partialFingerprints"] == b[0]["partialFingerprints"]
    prints = [next(iter(r["partialFingerprints"].values())) for r in a]
    assert len(set(prints)) == 3
    assert fingerprint(R_ERR, "application", "A-17") != fingerprint(R_ERR, "application", "A-18")


# -- junit -------------------------------------------------------------------------------------------


def test_junit_parses_and_counts_failures(report: Report) -> None:
    out = render(report, "junit")
    root = ET.fromstring(out.encode("utf-8"))
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {"gdzw-0020-2019", "dongguan-hall-2023", "yousu-jiban", INPUT_SUITE}
    dg = suites["dongguan-hall-2023"]
    assert dg.get("tests") == "2" and dg.get("failures") == "2"
    assert suites["yousu-jiban"].get("failures") == "0"
    assert suites["yousu-jiban"].find("testcase").find("failure") is None
    cases = root.findall("testsuite/testcase")
    assert len(cases) == 4 + 1  # one per rule × subject (each rule fired on one subject), one rejected record
    case = next(c for c in cases if c.get("name", "").startswith(R_ERR))
    assert case.get("classname") == "gdzw-0020-2019"
    assert case.get("name") == f"{R_ERR} Correction requests are made in writing [application A-17]"
    failures = root.findall("testsuite/testcase/failure")
    assert len(failures) == 3 + 1  # one per finding, one per rejected record
    assert int(root.get("failures")) == 3 + 1  # failing test cases: three rules, the input check
    assert sum(int(s.get("failures")) for s in suites.values()) == int(root.get("failures"))
    f = case.find("failure")
    assert f.get("message").startswith("application A-17: 补正告知") and f.get("type") == "error"
    assert "written" in f.text  # evidence in the body
    info = next(c for c in cases if c.get("name", "").startswith(R_INFO)).find("failure")
    assert (
        info.get("message") == "item I-<1>: 示范文本缺失 | <script>alert(1)</script>"
    )  # escaped, round-trips


def test_junit_with_nothing_wrong(report: Report) -> None:
    clean = report.model_copy(update={"findings": [], "rejected": []})
    root = ET.fromstring(render(clean, "junit").encode("utf-8"))
    assert root.get("failures") == "0"
    assert root.findall(".//failure") == []


def test_a_report_renders_the_same_where_no_audit_ran(tmp_path: Path) -> None:
    """A report rendered in a process that never audited (a province's parent before it loads the
    standards, a report read back) names each standard's title and each clause's text as where the
    audit ran: the renderers load the standards' metadata themselves."""
    import pickle
    import subprocess
    import sys

    import govhall
    from govhall.reports import render

    report = govhall.audit(govhall.load_dataset(govhall.example_dir()))
    (tmp_path / "report.pickle").write_bytes(pickle.dumps(report))
    here = {fmt: render(report, fmt) for fmt in ("text", "md")}
    code = (
        "import pickle, sys\n"
        "from govhall.reports import render\n"
        "report = pickle.loads(open(sys.argv[1], 'rb').read())\n"
        "assert 'govhall.standards.admin_licensing_law' not in sys.modules\n"
        "sys.stdout.reconfigure(encoding='utf-8')\n"
        "sys.stdout.write(render(report, 'text') + '\\x00' + render(report, 'md'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "report.pickle")], capture_output=True, timeout=120
    )
    assert done.returncode == 0, done.stderr.decode()
    text, md = done.stdout.decode("utf-8").split("\x00")
    assert "中华人民共和国行政许可法" in here["text"]
    assert (text, md) == (here["text"], here["md"])
