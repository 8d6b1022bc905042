"""Whom 5.3.3's measures are named for, worked by hand (round 11).

gdzw-0020-2019:5.3.3: 对有下列情况，情节轻微的，对政务服务人员给予批评教育；情节严重、影响恶劣、造成不良后果的，给予
通报批评、调离岗位等处理：a) 未履行一次性告知，造成服务对象为同一事项往返多次办理的；…  and 3.3 政务服务人员 …不包括
保安、保洁类服务人员. The measures are for 政务服务人员 only: a guard who hands out the notices is no 政务服务人员,
so the breach stays a finding (the applicant still came back for a material the first notice left out) but
names no measure, and is no step of anyone's ladder. Before 2026-12 the guard's first and second breaches
named 批评教育 and 通报批评.

Item L1. Each application: a written notice on the Monday at 10:00 asking for 身份证(复印件); a second on the
Wednesday asking for 营业执照 too, which the first did not name: 5.3.3 a, answered for by the second notice's
issuer. Every notice gives the deadline 10 December 2025. November 2025 holds no holiday.

* A1, Mon 3 November, both notices by the guard G1: finding, no measure (before: 批评教育).
* A2, Mon 10 November, both by G1: finding, no measure (before: 通报批评).
* A3, Mon 17 November, both by the clerk S1: S1's first breach: 批评教育 (escalate, the default).
* A4, Mon 24 November, both by S1: S1's second: 通报批评.
"""

from __future__ import annotations

from datetime import date

from govhall.models import Dataset
from govhall.rules import Finding, audit

STAFF = [
    {"id": "S1", "role": "窗口人员", "department": "D1"},
    {"id": "G1", "role": "保安", "department": "HALL"},
]
ITEMS = [{"code": "L1", "name": "某许可", "type": "行政许可", "department": "D1", "statutory_limit": "20日"}]


def app(aid: str, monday: int, who: str) -> dict:
    def notice(day: int, materials: list[str]) -> dict:
        return {
            "kind": "correction_notice",
            "at": f"2025-11-{day:02d}T10:00",
            "staff_id": who,
            "written": True,
            "materials": materials,
            "requirements": "加盖公章",
            "deadline": "2025-12-10",
        }

    return {
        "id": aid,
        "item_code": "L1",
        "received_at": f"2025-11-{monday:02d}T09:00",
        "staff_id": "S1",
        "events": [
            {"kind": "received", "at": f"2025-11-{monday:02d}T09:00", "staff_id": "S1"},
            notice(monday, ["身份证(复印件)"]),
            notice(monday + 2, ["身份证(复印件)", "营业执照"]),
        ],
    }


APPLICATIONS = [app("A1", 3, "G1"), app("A2", 10, "G1"), app("A3", 17, "S1"), app("A4", 24, "S1")]


def run(interpretations: dict[str, str] | None = None) -> list[Finding]:
    ds = Dataset.model_validate(
        {"staff": STAFF, "items": ITEMS, "applications": APPLICATIONS, "as_of": date(2025, 11, 30)}
    )
    report = audit(ds, standards=["gdzw-0020-2019"], interpretations=interpretations)
    assert not [n for n in report.notes if n.kind == "rule_error"], report.notes
    return [
        f
        for f in report.findings
        if f.rule_id == "gdzw-0020-2019/written-correction-notice"
        and any(c.endswith("5.3.3.a") for c in f.clauses)
    ]


def test_a_guard_s_breach_is_found_but_names_no_measure() -> None:
    measures = {f.subject.id: (f.responsible, f.sanction and f.sanction.split(" ")[0]) for f in run()}
    assert measures == {
        "A1": ("G1", None),
        "A2": ("G1", None),
        "A3": ("S1", "批评教育"),
        "A4": ("S1", "通报批评"),
    }


def test_list_all_names_no_measure_for_the_guard_either() -> None:
    found = run({"gdzw-0020-2019.sanction-ladder": "list_all"})
    by_subject = {f.subject.id: f for f in found}
    assert by_subject["A1"].sanction is None and by_subject["A2"].sanction is None
    assert all(m in (by_subject["A3"].sanction or "") for m in ("批评教育", "通报批评", "调离岗位"))
