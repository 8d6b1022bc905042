"""The inspections table, the inspection rules, ``govhall checklist`` and coverage by how each clause is
checked (issue #16 item 1)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from govhall.cli import app, main
from govhall.loaders import load_dataset
from govhall.rules import audit
from govhall.standards import get, load_all
from govhall.standards._inspections import coverage, how_checked, inspection_clauses

load_all()

#: every inspection rule, named so the shared "every rule exercised" test sees them
RULE_IDS = [
    "admin-licensing-law/inspection-due",
    "admin-licensing-law/inspection-failed",
    "db23-hlj-2023/inspection-due",
    "db23-hlj-2023/inspection-failed",
    "dongguan-hall-2023/inspection-due",
    "dongguan-hall-2023/inspection-failed",
    "dongguan-hall-2023/inspection-failed-recommended",
    "gdzw-0020-2019/inspection-due",
    "gdzw-0020-2019/inspection-failed",
    "hangzhou-zuiduo-paoyici/inspection-due",
    "hangzhou-zuiduo-paoyici/inspection-failed",
    "hangzhou-zuiduo-paoyici/inspection-failed-recommended",
    "yousu-jiban/inspection-due",
    "yousu-jiban/inspection-failed",
]

BADGE = "db23-hlj-2023:5.2.4"  # 上岗工作时应佩戴工作标识、服务胸牌 — a person must look


def ins(iid: str, clause: str, day: str, result: str = "pass", **kw: Any) -> dict[str, Any]:
    return {"id": iid, "clause": clause, "date": day, "method": "observation", "result": result, **kw}


def run(standard: str, inspections: list[dict[str, Any]], as_of: str = "2025-11-30", **kw: Any) -> Any:
    ds = load_dataset({"hall": {"id": "H1", "name": "某中心"}, "inspections": inspections, "as_of": as_of})
    assert not ds.rejected, [r.reason for r in ds.rejected]
    report = audit(ds, standards=[standard], **kw)
    assert not [n for n in report.notes if n.kind == "rule_error"], report.notes
    return report


# -- the table ----------------------------------------------------------------------------------------


def test_inspections_load_with_chinese_terms_and_bad_records_are_rejected_with_their_line(
    tmp_path: Path,
) -> None:
    rows = [
        ins("X1", BADGE, "2025-11-03", "不合格", method="暗访", inspector="王科长", note="未佩戴胸牌"),
        ins("X2", "db23-hlj-2023:99.9", "2025-11-03"),
        ins("X3", "not a ref", "2025-11-03"),
        ins("X4", BADGE, "2025-11-03", "maybe"),
    ]
    (tmp_path / "inspections.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    ds = load_dataset(tmp_path)
    assert [i.id for i in ds.inspections] == ["X1"]
    assert ds.inspections[0].method.value == "mystery_visit" and ds.inspections[0].result.value == "fail"
    assert {(r.line, r.field) for r in ds.rejected} == {(2, "clause"), (3, "clause"), (4, "result")}
    assert ds.records == 4 and len(ds.inspections) + len(ds.rejected) == 4  # counted from what was written
    assert "not a clause of govhall's inventories" in next(r for r in ds.rejected if r.line == 2).reason


# -- rules ----------------------------------------------------------------------------------------------


def test_a_failed_inspection_is_a_finding_of_the_clause_inspected() -> None:
    r = run("db23-hlj-2023", [ins("X1", BADGE, "2025-11-03", "fail", note="未佩戴胸牌", staff_id="S1")])
    (f,) = [f for f in r.findings if f.rule_id == "db23-hlj-2023/inspection-failed"]
    assert f.clauses == [BADGE] and f.severity == "error" and f.subject.id == "X1"
    assert "佩戴工作标识" in f.message and "未佩戴胸牌" in f.message and f.responsible == "S1"
    assert f.message.endswith("应佩戴党员徽章；未佩戴胸牌"), f.message
    # a clause text ending in 。 is followed by the note after one mark, not "。；"
    r = run("yousu-jiban", [ins("X1", "yousu-jiban:原则.1", "2025-11-03", "fail", note="窗口未设无障碍通道")])
    (f,) = [f for f in r.findings if f.rule_id == "yousu-jiban/inspection-failed"]
    assert f.message == "检查不合格（现场观察）：窗口服务应符合GB/T 32169.3—2015的要求；窗口未设无障碍通道"
    assert not [
        f for f in run("db23-hlj-2023", [ins("X1", BADGE, "2025-11-03")]).findings if "failed" in f.rule_id
    ]


def test_a_failed_gdzw_inspection_carries_the_sanction_of_the_clause() -> None:
    r = run("gdzw-0020-2019", [ins("X1", "gdzw-0020-2019:5.1.4.e", "2025-11-03", "fail")])
    (f,) = [f for f in r.findings if f.rule_id == "gdzw-0020-2019/inspection-failed"]
    assert "谈话教育" in (f.sanction or "") and "岗位调整" in (f.sanction or "")


def test_a_failed_recommendation_is_a_warning() -> None:
    r = run("dongguan-hall-2023", [ins("X1", "dongguan-hall-2023:4.2-s2", "2025-11-03", "fail")])
    (f,) = [f for f in r.findings if f.rule_id == "dongguan-hall-2023/inspection-failed-recommended"]
    assert f.severity == "warning"


def test_missing_and_stale_inspections_by_the_interval_parameter() -> None:
    clauses = [str(c.ref) for c in inspection_clauses(get("db23-hlj-2023"))]
    # every clause inspected on 2025-09-01 except the badge, inspected 2025-06-01 (182 days before 11-30)
    rows = [ins(f"X{i}", c, "2025-09-01") for i, c in enumerate(clauses) if c != BADGE]
    rows.append(ins("XB", BADGE, "2025-06-01"))
    r = run("db23-hlj-2023", rows)
    due = [f for f in r.findings if f.rule_id == "db23-hlj-2023/inspection-due"]
    # 09-01 to 11-30 is 90 days (29 + 31 + 30): within the default 92
    assert [f.clauses for f in due] == [[BADGE]] and due[0].severity == "warning"
    assert due[0].evidence["last_inspected"] == "2025-06-01" and "已超过92天" in due[0].message
    # a locality that inspects monthly (30 days): all of them are stale
    r = run(
        "db23-hlj-2023", rows, profile={"parameters": {"dongguan-hall-2023.inspection_interval_days": 30}}
    )
    assert len([f for f in r.findings if f.rule_id == "db23-hlj-2023/inspection-due"]) == len(clauses)
    # one clause never inspected
    r = run("db23-hlj-2023", [x for x in rows if x["clause"] != BADGE])
    (f,) = [f for f in r.findings if f.rule_id == "db23-hlj-2023/inspection-due"]
    assert f.evidence["last_inspected"] is None and "从未检查" in f.message


def test_a_hall_with_no_inspection_records_is_not_judged_on_them() -> None:
    r = run("db23-hlj-2023", [])
    assert not [f for f in r.findings if "inspection" in f.rule_id]


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_every_inspection_rule_fires_on_a_failed_or_missing_inspection(rule_id: str) -> None:
    std_id, slug = rule_id.split("/")
    std = get(std_id)
    wanted = "warning" if slug.endswith("recommended") else "error"
    clause = next(c for c in inspection_clauses(std) if slug == "inspection-due" or c.severity == wanted)
    r = run(std_id, [ins("X1", str(clause.ref), "2025-11-03", "fail")])
    assert [f for f in r.findings if f.rule_id == rule_id]


# -- coverage -------------------------------------------------------------------------------------------


def test_coverage_by_how_each_clause_is_checked() -> None:
    for std in load_all():
        c = coverage(std)
        assert c["rule"] + c["parameter"] + c["inspection"] + c["not_applicable"] + c["todo"] == c["clauses"]
        assert c["share_checked"] == 1.0
    std = get("db23-hlj-2023")
    assert how_checked(std.clause("5.2.4")) == "inspection"
    assert how_checked(std.clause("6.1.3")) == "rule"
    permissions = [c for c in std.clauses if c.modality == "可" and c.status == "not-automatable"]
    assert permissions and all(how_checked(c) == "not_applicable" for c in permissions)
    out = CliRunner().invoke(app, ["standards", "coverage", "--json"])
    doc = json.loads(out.stdout)
    assert doc["coverage"]["db23-hlj-2023"]["checked_by"]["inspection"] == len(inspection_clauses(std))


# -- checklist --------------------------------------------------------------------------------------------


def test_checklist_csv_lists_every_person_judged_clause_in_walking_order() -> None:
    out = CliRunner().invoke(app, ["checklist", "--standard", "db23-hlj-2023", "--format", "csv"])
    assert out.exit_code == 0, out.output
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    std = get("db23-hlj-2023")
    assert sorted(r["clause"] for r in rows) == sorted(str(c.ref) for c in inspection_clauses(std))
    areas = [r["area"] for r in rows]
    assert areas == sorted(
        areas, key=lambda a: [x[0] for x in __import__("govhall.checklist").checklist.AREAS].index(a)
    )
    badge = next(r for r in rows if r["clause"] == BADGE)
    assert badge["area"].startswith("窗口服务") and badge["result"] == ""  # a staff duty: at the windows
    assert [int(r["order"]) for r in rows] == list(range(1, len(rows) + 1))


def test_checklist_html_for_printing_escapes_and_uses_the_hall_profile(tmp_path: Path) -> None:
    profile = tmp_path / "hall.yaml"
    profile.write_text(
        "name: 某县<政务>中心\nparameters: {dongguan-hall-2023.inspection_interval_days: 30}\n",
        encoding="utf-8",
    )
    out = CliRunner().invoke(app, ["checklist", "--standard", "gdzw-0020-2019", "--hall", str(profile)])
    assert out.exit_code == 0, out.output
    assert "某县&lt;政务&gt;中心" in out.stdout and "<政务>" not in out.stdout
    assert "每条至少每30天检查一次" in out.stdout and 'id="gdzw-0020-2019:5.1.4.e"' in out.stdout


def test_checklist_bad_usage_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (
        ["checklist", "--standard", "nope"],
        ["checklist", "--standard", "yousu-jiban", "--format", "pdf"],
    ):
        with pytest.raises(SystemExit) as ex:
            main(argv)
        assert ex.value.code == 2 and len(capsys.readouterr().err.strip().splitlines()) == 1
