"""Every field naming a person is masked like an applicant's name; free text loses phones and ID numbers.

(issue #16 item 6)
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from govhall.models import MODELS, PERSONAL_FIELDS
from govhall.models._base import YesNo, personal_fields
from govhall.reports._common import prepare, scrub_text
from govhall.rules import Finding, Report, Subject
from govhall.rules.report import Summary

#: fields whose name looks like a person's but which hold something else
NOT_A_PERSON = {
    ("Item", "name"): "the item's name",
    ("Material", "name"): "a material's name",
    ("Hall", "name"): "the hall's name",
    ("Department", "name"): "a department's name",
    ("Window", "name"): "a window's name",
    ("Dataset", "name"): "the dataset's name",
    ("Inquiry", "answered_by"): "staff ids (staff are named in the staff table, whose name is masked)",
    ("Appointment", "cancelled_by_hall"): "a flag",
}
PERSONISH = re.compile(r"(^|_)(name|person|contact|inquirer|rater|applicant|complainant)($|_)|_by($|_)")


def _all_models() -> dict[str, type]:
    seen: dict[str, type] = {}
    todo = list(MODELS.values())
    while todo:
        m = todo.pop()
        if m.__name__ in seen:
            continue
        seen[m.__name__] = m
        for info in m.model_fields.values():
            for t in getattr(info.annotation, "__args__", ()) + (info.annotation,):
                if isinstance(t, type) and hasattr(t, "model_fields"):
                    todo.append(t)
    return seen


def test_every_field_naming_a_person_is_marked_personal() -> None:
    unmarked = []
    for name, model in _all_models().items():
        marked = personal_fields(model)
        for field, info in model.model_fields.items():
            if not PERSONISH.search(field) or (name, field) in NOT_A_PERSON:
                continue
            flags = (bool, bool | None, YesNo, YesNo | None)  # (yes/no fields are YesNo: models._base)
            if info.annotation in flags or field.endswith("_id") or field.endswith("_named"):
                continue  # flags and ids name no one
            if hasattr(info.annotation, "model_fields"):
                continue  # a nested record (Applicant, Complainant): its own fields are checked
            if field not in marked:
                unmarked.append(f"{name}.{field}")
    assert unmarked == []
    assert {"responsible_person", "approved_by"} <= PERSONAL_FIELDS


def _report(evidence: dict, message: str) -> Report:
    f = Finding(
        rule_id="admin-licensing-law/extension-approved",
        standard="admin-licensing-law",
        clauses=["admin-licensing-law:42.1"],
        severity="error",
        subject=Subject(kind="application", id="A1"),
        title="t",
        message=message,
        evidence=evidence,
        on=date(2025, 11, 3),
    )
    return Report(
        kind="audit",
        govhall_version="0",
        as_of=date(2025, 11, 30),
        standards=["admin-licensing-law"],
        rules_run=[f.rule_id],
        summary=Summary(records=1, audited=1, rejected=0, findings={"error": 1, "warning": 0, "info": 0}),
        findings=[f],
    )


def test_approver_and_responsible_person_are_masked_in_evidence_and_in_the_message() -> None:
    r = prepare(
        _report(
            {"approved_by": "王建国", "item": {"code": "I1", "responsible_person": "李红梅"}},
            "延长期限由王建国批准，事项承办责任人李红梅",
        )
    )
    (f,) = r.findings
    assert f.evidence["approved_by"] == "王**" and f.evidence["item"]["responsible_person"] == "李**"
    assert "王建国" not in f.message and "李红梅" not in f.message and "王**" in f.message
    assert r.personal_data_masked
    shown = prepare(_report({"approved_by": "王建国"}, "m"), show_personal_data=True)
    assert shown.findings[0].evidence["approved_by"] == "王建国"


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("申请人电话13812345678，请回电", "13812345678"),
        ("身份证号 44190019900307771X 已核验", "44190019900307771X"),
        ("请致电 0769-22223333 咨询", "22223333"),
        ("市政务服务中心(0451)82345678", "82345678"),
        ("来电号码 020 12345678", "12345678"),
    ],
)
def test_free_text_loses_phone_and_id_numbers(text: str, hidden: str) -> None:
    out = scrub_text(text)
    assert hidden not in out and out != text


@pytest.mark.parametrize(
    "text",
    ["2025-10-09 办结", "承诺时限20个工作日", "编号 A-2085，第3次", "国办发〔2019〕51号", "流水号 0001-23"],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert scrub_text(text) == text


@pytest.mark.parametrize("province", [False, True])
def test_department_keys_are_masked_as_the_findings_ids_are(province: bool) -> None:
    """A responsible or a subject whose id is shaped like a mobile or ID number is masked in the finding;
    the report's ``departments`` (keyed by those ids) showed it in full in the masked JSON report, and
    the HTML page, looking the masked finding up by its masked id, put it under no department."""
    from govhall.reports import render
    from govhall.reports.html import department_of
    from govhall.rules.report import HallSummary

    mobile, id_number = "13812345678", "44190019900307771X"
    base = _report({}, "m")
    f = base.findings[0].model_copy(
        update={"responsible": mobile, "subject": Subject(kind="application", id=id_number)}
    )
    hall = "h1::" if province else ""
    if province:
        f = f.model_copy(update={"hall": "h1"})
    summary = base.summary
    if province:
        summary = summary.model_copy(
            update={
                "halls": {
                    "h1": HallSummary(
                        records=1, audited=1, rejected=0, findings={"error": 1, "warning": 0, "info": 0}
                    )
                }
            }
        )
    report = base.model_copy(
        update={
            "findings": [f],
            "summary": summary,
            "departments": {f"{hall}{mobile}": "D1 窗口科", f"{hall}application/{id_number}": "D2 审批科"},
        }
    )
    masked = prepare(report)
    text = render(report, "json")
    assert mobile not in text and id_number not in text, text
    assert set(masked.departments) == {f"{hall}138****5678", f"{hall}application/441***********771X"}
    (g,) = masked.findings
    assert department_of(masked, g) == ("h1 · D1 窗口科" if province else "D1 窗口科")
    # the hall's own name is not a personal value: it stays as the findings show it
    assert all(k.startswith(hall) for k in masked.departments)
    shown = prepare(report, show_personal_data=True)
    assert f"{hall}{mobile}" in shown.departments
