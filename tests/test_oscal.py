"""OSCAL: each standard's inventory as a catalog, an audit as assessment results (issue #14, item 8).

Validated with compliance-trestle's OSCAL models (the ``[oscal]`` extra; they forbid unknown fields),
and cross-checked: every finding targets a control of the catalogs, every clause is a control with
its text, every parameter a param with its value and citation.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml
from trestle.oscal.assessment_results import AssessmentResults
from trestle.oscal.catalog import Catalog

import govhall
from govhall.models import PERSONAL_FIELDS
from govhall.oscal import assessment_results, catalog, catalog_control, control_id

CLAUSES = Path(govhall.__file__).parent / "standards" / "clauses"
STANDARD_IDS = [s.id for s in govhall.standards()]


@pytest.fixture(scope="module")
def catalogs() -> dict[str, dict]:
    return {sid: catalog(sid)["catalog"] for sid in STANDARD_IDS}


@pytest.mark.parametrize("sid", STANDARD_IDS)
def test_catalog_validates_and_holds_every_clause(sid: str, catalogs: dict[str, dict]) -> None:
    doc = catalogs[sid]
    model = Catalog.model_validate(doc)
    inventory = yaml.safe_load((CLAUSES / f"{sid}.yaml").read_text(encoding="utf-8"))
    controls = {c.id: c for c in model.controls or []}
    assert len(controls) == len(inventory["clauses"])
    for clause in inventory["clauses"]:
        control = controls[control_id(f"{sid}:{clause['id']}")]
        statement = next(p for p in control.parts or [] if p.name == "statement")
        assert statement.prose == (clause.get("text") or clause.get("summary") or clause["id"])
        props = {(p.name, p.value) for p in control.props or []}
        assert ("label", str(clause["id"])) in props and ("status", clause["status"]) in props
        for rule in clause.get("rules") or []:
            assert ("rule", rule) in props


def test_parameters_and_interpretations(catalogs: dict[str, dict]) -> None:
    dg = Catalog.model_validate(catalogs["dongguan-hall-2023"])
    params = {p.id: p for c in dg.controls or [] for p in c.params or []}
    windows = params["dongguan-hall-2023.cases_per_window_per_day"]
    assert windows.values == ["30"]  # dongguan-hall-2023 4.6: 每个综合窗口日均办理业务30件
    citation = next(p.value for p in windows.props or [] if p.name == "citation")
    assert "日均办理业务30件" in citation
    owner = next(c for c in dg.controls or [] if any(p.id == windows.id for p in c.params or []))
    assert owner.id == control_id("dongguan-hall-2023:4.6-1")
    yj = Catalog.model_validate(catalogs["yousu-jiban"])
    interps = {p.value: c.id for c in yj.controls or [] for p in c.props or [] if p.name == "interpretation"}
    assert "yousu-jiban.day-unit" in interps


def test_assessment_results_validate_and_target_catalog_controls(catalogs: dict[str, dict]) -> None:
    report = govhall.audit(govhall.load_dataset(govhall.example_dir()))
    doc = assessment_results(report.masked())["assessment-results"]
    model = AssessmentResults.model_validate(doc)
    result = model.results[0]
    assert len(result.findings or []) == len(report.findings) == len(result.observations or [])
    controls = {c["id"] for cat in catalogs.values() for c in cat["controls"]}
    statements = {f"{c}_smt" for c in controls}
    for finding, original in zip(result.findings or [], report.findings, strict=True):
        assert finding.target.target_id in statements
        first = next(c for c in original.clauses if catalog_control(c) is not None)
        assert finding.target.target_id == f"{catalog_control(first)}_smt"
        assert finding.target.status.state.value == "not-satisfied"
    observations = {o.uuid for o in result.observations or []}
    assert all(f.related_observations[0].observation_uuid in observations for f in result.findings or [])
    reviewed = {
        c.control_id for s in result.reviewed_controls.control_selections for c in s.include_controls or []
    }
    cited = {catalog_control(c) for f in report.findings for c in f.clauses} - {None}
    assert reviewed <= controls and reviewed >= cited
    # a sub-clause counts towards its inventoried parent; a clause of no catalog has no control
    assert catalog_control("gdzw-0020-2019:5.1.1.z") == "gdzw-0020-2019_5.1.1"
    assert catalog_control("civil-code:201") is None


def test_cli_export_and_format(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-m", "govhall", "standards", "export", "--oscal", "yousu-jiban"],
                         capture_output=True, text=True, timeout=300)  # fmt: skip
    assert out.returncode == 0, out.stderr
    Catalog.model_validate(json.loads(out.stdout)["catalog"])
    bad = subprocess.run([sys.executable, "-m", "govhall", "standards", "export", "--oscal", "gb-9999"],
                         capture_output=True, text=True, timeout=300)  # fmt: skip
    assert bad.returncode == 2 and "gb-9999" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
    check = subprocess.run(
        [sys.executable, "-m", "govhall", "check", str(govhall.example_dir() / "items.jsonl"), "--as-of",
         "2025-11-30", "--format", "oscal", "-o", str(tmp_path / "check.json")],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert check.returncode == 1, check.stderr  # the example's incomplete items
    checked = json.loads((tmp_path / "check.json").read_text(encoding="utf-8"))["assessment-results"]
    assert len(AssessmentResults.model_validate(checked).results[0].findings or []) == 6
    # the audit of the example, masked as the CLI renders it by default
    doc = json.loads(govhall.render(govhall.audit(govhall.load_dataset(govhall.example_dir())), "oscal"))
    AssessmentResults.model_validate(doc["assessment-results"])
    text = json.dumps(doc, ensure_ascii=False)
    assert doc["assessment-results"]["results"][0]["description"].endswith("personal data masked.")
    report = govhall.audit(govhall.load_dataset(govhall.example_dir()))
    personal = {
        str(v) for f in report.findings for k, v in f.evidence.items()
        if k in PERSONAL_FIELDS and isinstance(v, str) and len(v) >= 2
    }  # fmt: skip
    assert personal, "the example's findings name people"
    assert not [v for v in personal if v in text]


def test_assessment_results_do_not_read_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same audit renders the same document whenever it runs (serial, --jobs and Dask are compared
    byte for byte): the result is stamped with the day judged, not the time of rendering."""
    import govhall.oscal as oscal_module

    report = govhall.audit(govhall.load_dataset(govhall.example_dir()))
    first = assessment_results(report)
    monkeypatch.setattr(oscal_module, "_now", lambda: "2099-01-01T00:00:00+00:00")
    second = assessment_results(report)
    assert first == second
    assert (
        second["assessment-results"]["metadata"]["last-modified"]
        == f"{report.as_of.isoformat()}T00:00:00+00:00"
    )


def test_assessment_results_list_each_rejected_record_as_an_observation() -> None:
    """DESIGN "Input data": a bad record never vanishes — in OSCAL too (it was a count in a sentence)."""
    item = {"code": "I1", "name": "n", "type": "行政许可", "department": "D"}
    apps = [{"id": "A1", "item_code": "I1", "received_at": "2025-11-03T09:00"},
            {"id": "A-BAD", "item_code": "I1", "received_at": "notadate"}]  # fmt: skip
    report = govhall.audit(
        govhall.load_dataset({"as_of": "2025-11-30", "items": [item], "applications": apps})
    )
    model = AssessmentResults.model_validate(assessment_results(report)["assessment-results"])
    result = model.results[0]
    examined = [
        o
        for o in result.observations or []
        if [m.value if hasattr(m, "value") else m for m in o.methods] == ["EXAMINE"]
    ]
    assert len(examined) == len(report.rejected) == 1
    props = {p.name: p.value for p in examined[0].props or []}
    assert props["rejected-table"] == "applications" and props["rejected-line"] == "2"
    assert props["record-id"] == "A-BAD" and "notadate" in examined[0].description
    assert len(result.findings or []) == len(report.findings)  # no control is judged by a rejection


def test_province_assessment_results_name_each_findings_hall(tmp_path: Path) -> None:
    """issue #10 / DESIGN: a province report has each finding naming its hall, "in every format"; the
    OSCAL one did not, so two halls' complaint C-1 were one subject."""
    complaint = {"id": "C-1", "channel": "onsite", "received_at": "2025-11-03T10:00", "content": "窗口人员态度冷漠",
                 "facts": {"staff_conduct": True}, "tier": "general"}  # fmt: skip
    for hall in ("north", "south"):
        (tmp_path / hall).mkdir()
        (tmp_path / hall / "complaints.jsonl").write_text(
            json.dumps(complaint, ensure_ascii=False) + "\n", "utf-8"
        )
    report = govhall.audit_many(tmp_path, as_of=date(2025, 11, 30), jobs=1)
    assert {f.hall for f in report.findings} == {"north", "south"}
    result = AssessmentResults.model_validate(assessment_results(report)["assessment-results"]).results[0]
    tested = [o for o in result.observations or [] if o.subjects]
    assert len(tested) == len(report.findings)
    for obs, finding in zip(tested, report.findings, strict=True):
        assert {p.name: p.value for p in obs.props or []}["hall"] == finding.hall
        assert obs.title.startswith(f"[{finding.hall}] ")
    subjects = {
        (o.subjects[0].subject_uuid, {p.name: p.value for p in o.props or []}["hall"]) for o in tested
    }
    by_hall: dict[str, set[str]] = {}
    for uuid_, hall in subjects:
        by_hall.setdefault(hall, set()).add(uuid_)
    assert not (by_hall["north"] & by_hall["south"])  # the same C-1 in two halls is two subjects
