"""``govhall audit`` / ``govhall check`` / ``govhall standards``: exit codes, JSON keys, files written.

Findings come from test-only rules installed in a private registry (monkeypatched into the runner),
so the global registry the other tests see is never touched.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from govhall.cli import app
from govhall.rules import ClauseRef, Hit, Registry, Rule
from govhall.standards import load_all

runner = CliRunner()

ITEM_OK = {"code": "I1", "name": "食品经营许可", "type": "行政许可", "department": "市场监管局", "fee": "不收费",
           "flowchart": True}  # fmt: skip
ITEM_NO_FEE = {**ITEM_OK, "code": "I2", "fee": None}
ITEM_NO_CHART = {**ITEM_OK, "code": "I3", "flowchart": False}
ITEM_BROKEN = {"code": "I4", "name": "缺类型的事项"}  # no type, no department: rejected


def _fee_missing(item: Any, ctx: Any) -> Hit | None:
    """办事指南应载明收费标准。

    Test-only rule.
    """
    if item.fee is None:
        return Hit(message="办事指南未载明收费标准", evidence={"fee": None}, responsible=item.department)
    return None


def _flowchart_missing(item: Any, ctx: Any) -> Hit | None:
    """办事指南宜附流程图。

    Test-only rule.
    """
    if not item.flowchart:
        return Hit(message="办事指南未附流程图", evidence={"flowchart": item.flowchart})
    return None


def _test_rule(rule_id: str, severity: str, check: Any, title: str) -> Rule:
    return Rule(id=rule_id, title=title, clauses=(ClauseRef("gdzw-0020-2019:5.2.1"),), severity=severity,  # type: ignore[arg-type]
                subject="item", check=check, clause_text=(check.__doc__ or "").split("\n")[0])  # fmt: skip


@pytest.fixture
def rules(monkeypatch: pytest.MonkeyPatch) -> Registry:
    """A private registry with two item rules (error: fee missing; warning: no flowchart)."""
    load_all()  # the real standards register first, into the real registry
    reg = Registry()
    reg.add(_test_rule("gdzw-0020-2019/zz-test-fee", "error", _fee_missing, "The guide states the fee"))
    reg.add(
        _test_rule(
            "gdzw-0020-2019/zz-test-flowchart", "warning", _flowchart_missing, "The guide has a flowchart"
        )
    )
    monkeypatch.setattr("govhall.rules.runner.REGISTRY", reg)
    return reg


def write_dataset(folder: Path, items: list[dict[str, Any]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "items.jsonl").write_text(
        "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8"
    )
    return folder


def invoke(*args: str) -> Any:
    return runner.invoke(app, list(args))


# -- audit: exit codes ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("items", "fail_on", "code"),
    [
        ([ITEM_OK], "error", 0),
        ([ITEM_OK, ITEM_NO_FEE], "error", 1),
        ([ITEM_OK, ITEM_NO_FEE], "never", 0),
        ([ITEM_NO_CHART], "error", 0),
        ([ITEM_NO_CHART], "warning", 1),
        ([ITEM_OK, ITEM_NO_FEE, ITEM_NO_CHART], "warning", 1),
    ],
)
def test_audit_exit_codes_follow_fail_on(
    rules: Registry, tmp_path: Path, items: list, fail_on: str, code: int
) -> None:
    ds = write_dataset(tmp_path / "hall", items)
    result = invoke("audit", str(ds), "--as-of", "2025-11-30", "--fail-on", fail_on)
    assert result.exit_code == code, result.output
    assert "Records" in result.stdout


def test_audit_default_fail_on_is_error(rules: Registry, tmp_path: Path) -> None:
    ds = write_dataset(tmp_path / "hall", [ITEM_NO_CHART])
    assert invoke("audit", str(ds), "--as-of", "2025-11-30").exit_code == 0
    ds2 = write_dataset(tmp_path / "hall2", [ITEM_NO_FEE])
    assert invoke("audit", str(ds2), "--as-of", "2025-11-30").exit_code == 1


def test_audit_json_keys(rules: Registry, tmp_path: Path) -> None:
    ds = write_dataset(tmp_path / "hall", [ITEM_OK, ITEM_NO_FEE, ITEM_NO_CHART, ITEM_BROKEN])
    result = invoke("audit", str(ds), "--as-of", "2025-11-30", "--json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert {"summary", "findings", "rejected", "interpretations"} <= set(doc)
    s = doc["summary"]
    assert (s["records"], s["audited"], s["rejected"]) == (4, 3, 1)
    assert s["findings"] == {"error": 1, "warning": 1, "info": 0}
    assert {f["subject"]["id"] for f in doc["findings"]} == {"I2", "I3"}
    assert doc["rejected"][0]["table"] == "items"
    assert doc["rules_run"] == ["gdzw-0020-2019/zz-test-fee", "gdzw-0020-2019/zz-test-flowchart"]


def test_rejected_records_alone_do_not_fail_an_audit(rules: Registry, tmp_path: Path) -> None:
    ds = write_dataset(tmp_path / "hall", [ITEM_OK, ITEM_BROKEN])
    result = invoke("audit", str(ds), "--as-of", "2025-11-30", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["summary"]["rejected"] == 1


# -- audit: bad input exits 2 ---------------------------------------------------------------------------


def _assert_usage_error(result: Any, needle: str) -> None:
    assert result.exit_code == 2, result.output
    assert needle in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert result.stdout == ""


def test_missing_dataset_exits_2_without_traceback(rules: Registry, tmp_path: Path) -> None:
    _assert_usage_error(invoke("audit", str(tmp_path / "nowhere"), "--as-of", "2025-11-30"), "nowhere")


def test_unreadable_dataset_exits_2(rules: Registry, tmp_path: Path) -> None:
    bad = tmp_path / "month.json"
    bad.write_text("{ not json", encoding="utf-8")
    _assert_usage_error(invoke("audit", str(bad), "--as-of", "2025-11-30"), "month.json")
    gb = tmp_path / "hall.txt"
    gb.write_bytes(b"\xff\xfe\x00")
    _assert_usage_error(invoke("audit", str(gb)), "hall.txt")


def test_unknown_interpretation_exits_2(rules: Registry, tmp_path: Path) -> None:
    ds = write_dataset(tmp_path / "hall", [ITEM_OK])
    _assert_usage_error(invoke("audit", str(ds), "--as-of", "2025-11-30", "--interpret", "no.such=thing"),
                        "unknown interpretation 'no.such'")  # fmt: skip
    _assert_usage_error(invoke("audit", str(ds), "--as-of", "2025-11-30", "--interpret", "timelimits.pause-mode"),
                        "NAME=VALUE")  # fmt: skip
    _assert_usage_error(
        invoke("audit", str(ds), "--as-of", "2025-11-30", "--interpret", "timelimits.pause-mode=sometimes"),
        "not one of",
    )


def test_a_known_interpretation_is_accepted_and_listed(rules: Registry, tmp_path: Path) -> None:
    ds = write_dataset(tmp_path / "hall", [ITEM_OK])
    result = invoke(
        "audit", str(ds), "--as-of", "2025-11-30", "--interpret", "timelimits.pause-mode=restart", "--json"
    )
    assert result.exit_code == 0, result.output
    used = json.loads(result.stdout)["interpretations"]
    assert [(i["name"], i["value"], i["is_default"]) for i in used] == [
        ("timelimits.pause-mode", "restart", False)
    ]


def test_other_usage_errors_exit_2(rules: Registry, tmp_path: Path) -> None:
    ds = write_dataset(tmp_path / "hall", [ITEM_OK])
    _assert_usage_error(invoke("audit", str(ds), "--as-of", "2025-13-40"), "--as-of")
    _assert_usage_error(
        invoke("audit", str(ds), "--as-of", "2025-11-30", "--standard", "nowhere-2099"), "nowhere-2099"
    )
    _assert_usage_error(invoke("audit", str(ds), "--as-of", "2025-11-30", "--profile", str(tmp_path / "p.yaml")),
                        "--profile")  # fmt: skip
    _assert_usage_error(invoke("audit", str(ds), "--json", "--format", "sarif"), "--json")
    _assert_usage_error(invoke("audit"), "DATASET")
    _assert_usage_error(invoke("audit", str(ds)), "--as-of")  # items carry no dates
    assert invoke("audit", str(ds), "--format", "pdf").exit_code == 2


# -- output files and formats ---------------------------------------------------------------------------


def test_output_writes_the_file(rules: Registry, tmp_path: Path) -> None:
    ds = write_dataset(tmp_path / "hall", [ITEM_OK, ITEM_NO_FEE])
    out = tmp_path / "report.sarif"
    result = invoke("audit", str(ds), "--as-of", "2025-11-30", "--format", "sarif", "--output", str(out))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "wrote" in result.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["version"] == "2.1.0"
    res = doc["runs"][0]["results"]
    assert [r["ruleId"] for r in res] == ["gdzw-0020-2019/zz-test-fee"]
    uri = res[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.endswith("hall/items.jsonl")


def test_output_to_a_missing_folder_exits_2(rules: Registry, tmp_path: Path) -> None:
    ds = write_dataset(tmp_path / "hall", [ITEM_OK])
    result = invoke("audit", str(ds), "--as-of", "2025-11-30", "--output", str(tmp_path / "no" / "r.txt"))
    assert result.exit_code == 2
    assert "--output" in result.stderr


@pytest.mark.parametrize("fmt", ["text", "md", "html", "junit"])
def test_every_format_from_the_command_line(rules: Registry, tmp_path: Path, fmt: str) -> None:
    ds = write_dataset(tmp_path / "hall", [ITEM_NO_FEE])
    result = invoke("audit", str(ds), "--as-of", "2025-11-30", "--format", fmt)
    assert result.exit_code == 1
    assert "办事指南未载明收费标准" in result.stdout
    if fmt == "junit":
        assert ET.fromstring(result.stdout.encode()).get("failures") == "1"


def test_personal_data_flag(rules: Registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def named(item: Any, ctx: Any) -> Hit:
        """办事指南应载明承办责任人。

        Test-only rule.
        """
        return Hit(
            message="承办人联系电话13812345678未公开", evidence={"name": "张三丰", "phone": "13812345678"}
        )

    reg = Registry()
    reg.add(_test_rule("gdzw-0020-2019/zz-test-named", "info", named, "Named"))
    monkeypatch.setattr("govhall.rules.runner.REGISTRY", reg)
    ds = write_dataset(tmp_path / "hall", [ITEM_OK])
    masked = invoke("audit", str(ds), "--as-of", "2025-11-30", "--json").stdout
    shown = invoke("audit", str(ds), "--as-of", "2025-11-30", "--json", "--show-personal-data").stdout
    assert "13812345678" not in masked and "张三丰" not in masked
    assert "13812345678" in shown and "张三丰" in shown


# -- check ------------------------------------------------------------------------------------------------


def test_check_runs_only_item_rules_on_a_catalogue_list(
    rules: Registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def never_item(subject: Any, ctx: Any) -> Hit:
        """受理投诉应当场登记。

        Test-only rule about complaints: check must not run it.
        """
        return Hit(message="should not run")

    rules.add(Rule(id="yousu-jiban/zz-test-complaint", title="x", clauses=(ClauseRef("yousu-jiban:不予受理.1"),),
                   severity="error", subject="dataset", check=never_item, clause_text="受理投诉应当场登记。"))  # fmt: skip
    cat = tmp_path / "catalogue.json"
    cat.write_text(json.dumps([ITEM_OK, ITEM_NO_CHART], ensure_ascii=False), encoding="utf-8")
    result = invoke("check", str(cat), "--json")
    assert result.exit_code == 0, result.output  # one warning, fail-on error
    doc = json.loads(result.stdout)
    assert doc["kind"] == "check"
    assert "yousu-jiban/zz-test-complaint" not in doc["rules_run"]
    assert doc["summary"]["findings"]["warning"] == 1
    assert invoke("check", str(cat), "--fail-on", "warning").exit_code == 1


@pytest.mark.parametrize("name", ["guides.jsonl", "guides.csv", "guides.yaml", "items-dir"])
def test_check_reads_catalogue_shapes(rules: Registry, tmp_path: Path, name: str) -> None:
    items = [ITEM_OK, ITEM_NO_FEE]
    if name == "items-dir":
        path = write_dataset(tmp_path / name, items)
    elif name.endswith(".jsonl"):
        path = tmp_path / name
        path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
    elif name.endswith(".csv"):
        path = tmp_path / name
        rows = ["code,name,type,department,fee,flowchart"]
        rows += [f"{i['code']},{i['name']},{i['type']},{i['department']},{i['fee'] or ''},是" for i in items]
        path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    else:
        import yaml

        path = tmp_path / name
        path.write_text(yaml.safe_dump({"items": items}, allow_unicode=True), encoding="utf-8")
    result = invoke("check", str(path), "--json")
    assert result.exit_code == 1, result.output
    doc = json.loads(result.stdout)
    assert doc["summary"]["records"] == 2
    assert [f["subject"]["id"] for f in doc["findings"]] == ["I2"]
    assert doc["source"] == str(path)


def test_check_fails_on_rejected_items_unless_never(rules: Registry, tmp_path: Path) -> None:
    cat = tmp_path / "catalogue.jsonl"
    cat.write_text(
        "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in [ITEM_OK, ITEM_BROKEN]), encoding="utf-8"
    )
    result = invoke("check", str(cat), "--json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["summary"]["findings"] == {"error": 0, "warning": 0, "info": 0}
    assert doc["summary"]["rejected"] == 1
    assert doc["rejected"][0]["line"] == 2
    assert doc["rejected"][0]["source"] == str(cat)  # the user's file, not a temporary copy
    assert invoke("check", str(cat), "--fail-on", "never").exit_code == 0


def test_check_bad_catalogue_exits_2(rules: Registry, tmp_path: Path) -> None:
    _assert_usage_error(invoke("check", str(tmp_path / "none.json")), "none.json")
    doc = tmp_path / "doc.json"
    doc.write_text(json.dumps({"staff": []}), encoding="utf-8")
    _assert_usage_error(invoke("check", str(doc)), "'items'")
    empty = tmp_path / "empty"
    empty.mkdir()
    _assert_usage_error(invoke("check", str(empty)), "no items")


# -- real rules -----------------------------------------------------------------------------------------


def test_audit_with_the_real_registry_keeps_the_counts(tmp_path: Path) -> None:
    ds = write_dataset(tmp_path / "hall", [ITEM_OK, ITEM_BROKEN])
    result = invoke("audit", str(ds), "--as-of", "2025-11-30", "--json", "--fail-on", "never")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    s = doc["summary"]
    assert s["records"] == s["audited"] + s["rejected"] == 2
    assert set(doc["standards"]) == {s.id for s in load_all()}
    assert len(doc["rules_run"]) == sum(len(s.rules) for s in load_all())


# -- standards ------------------------------------------------------------------------------------------


def test_standards_list_show_coverage() -> None:
    standards = load_all()
    listed = json.loads(invoke("standards", "list", "--json").stdout)["standards"]
    assert [s["id"] for s in listed] == [s.id for s in standards]
    cov = json.loads(invoke("standards", "coverage", "--json").stdout)
    for std in standards:
        c = cov["coverage"][std.id]
        assert {"clauses", "rule", "parameter", "not_automatable", "todo"} <= set(c)
        assert (
            c["clauses"] == c["rule"] + c["parameter"] + c["not_automatable"] + c["todo"] == len(std.clauses)
        )
    assert cov["total"]["clauses"] == sum(len(s.clauses) for s in standards)
    if standards:
        std = standards[0]
        shown = json.loads(invoke("standards", "show", std.id, "--json").stdout)
        assert shown["id"] == std.id
        assert [c["id"] for c in shown["clauses"]] == [c.id for c in std.clauses]
        assert [r["id"] for r in shown["rules"]] == [r.id for r in std.rules]
        assert all({"clauses", "severity", "title"} <= set(r) for r in shown["rules"])
        assert std.id in invoke("standards", "show", std.id).stdout
    assert invoke("standards", "coverage").exit_code == 0
    bad = invoke("standards", "show", "no-such-standard")
    assert bad.exit_code == 2 and "unknown standard" in bad.stderr


def test_audit_example_is_the_main_job() -> None:
    """The README's first command: the example hall is audited, its planted violations exit 1."""
    import json as _json

    from typer.testing import CliRunner

    from govhall.cli import app as _app

    res = CliRunner().invoke(_app, ["audit", "--example", "--json"])
    assert res.exit_code == 1, res.output
    doc = _json.loads(res.stdout)
    s = doc["summary"]
    assert s["records"] == s["audited"] + s["rejected"] and s["rejected"] == 0
    assert s["findings"]["error"] > 0
    assert {"findings", "rejected", "interpretations"} <= set(doc)
