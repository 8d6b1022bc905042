"""A third correction notice repeating what the second asked for, worked by hand (round 11).

gdzw-0020-2019:5.3.2 b 服务对象提供的申请材料需补正的，政务服务人员应出具材料补正告知书，一次性告知其须补正的材料、
要求及补正期限。 5.3.3 对有下列情况，情节轻微的，对政务服务人员给予批评教育；情节严重……给予通报批评、调离岗位等处理：
a) 未履行一次性告知，造成服务对象为同一事项往返多次办理的；
db23-hlj-2023:7.4.1 ……一次性告知服务对象需要补齐补正的全部内容。
dongguan-hall-2023:5.2.3.2 b (the same words as gdzw 5.3.2 b).

The failure 5.3.3 a names is asking, later, for a material the applicant was not told of before. One
application, item L1, received Mon 3 November 2025 09:00 by the clerk S1 (November 2025 holds no holiday);
every notice is written, gives 加盖公章 as the requirement and Wed 10 December 2025 as the deadline:

* Mon 3 Nov 10:00 notice 1 asks for 身份证;
* Wed 5 Nov 10:00 notice 2 asks for 营业执照: not in notice 1, a return trip for a material not told
  before: breach 1 (S1's first: 批评教育);
* Fri 7 Nov 10:00 notice 3 asks for 营业执照 again (the copy brought was unreadable): 营业执照 was told on
  5 November, so the applicant is not asked for anything new; no second breach.

Before 2026-12 the third notice was a second 5.3.3 a breach (S1's second: 通报批评) whose evidence listed
营业执照 among the materials already asked for and as new at once: the materials were compared with the
first notice's alone, while the list the evidence shows grew (a regression of 775d7c8; the licensing law's
Art 32 check, admin_licensing_law.py, kept comparing with every earlier notice). Variants:

* notice 3 asks for 营业执照 and 章程 (new): two breaches, 5 Nov (营业执照) and 7 Nov (章程 only);
* notice 3 asks for 身份证 again (told on 3 November): one breach;
* notice 3 asks for 营业执照 typed 营业执照（副本） after notice 2's 营业执照(副本): one material (widths), one breach.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from govhall.models import Dataset
from govhall.rules import Finding, audit

ITEMS = [{"code": "L1", "name": "某许可", "type": "行政许可", "department": "D1", "statutory_limit": "20日"}]
STAFF = [{"id": "S1", "role": "窗口人员", "department": "D1"}]


def notice(day: int, materials: list[str]) -> dict[str, Any]:
    return {
        "kind": "correction_notice",
        "at": f"2025-11-{day:02d}T10:00",
        "staff_id": "S1",
        "written": True,
        "materials": materials,
        "requirements": "加盖公章",
        "deadline": "2025-12-10",
    }


def run(standard: str, rule_id: str, third: list[str], second: list[str] | None = None) -> list[Finding]:
    app = {
        "id": "A1",
        "item_code": "L1",
        "received_at": "2025-11-03T09:00",
        "staff_id": "S1",
        "events": [
            {"kind": "received", "at": "2025-11-03T09:00", "staff_id": "S1"},
            notice(3, ["身份证"]),
            notice(5, second or ["营业执照"]),
            notice(7, third),
        ],
    }
    ds = Dataset.model_validate(
        {"items": ITEMS, "staff": STAFF, "applications": [app], "as_of": date(2025, 11, 30)}
    )
    report = audit(ds, standards=[standard])
    assert not [n for n in report.notes if n.kind == "rule_error"], report.notes
    return [f for f in report.findings if f.rule_id == rule_id]


GDZW = ("gdzw-0020-2019", "gdzw-0020-2019/written-correction-notice")


def test_gdzw_a_material_asked_again_is_no_second_breach() -> None:
    [f] = run(*GDZW, third=["营业执照"])
    assert f.clauses == ["gdzw-0020-2019:5.3.3.a"]
    assert f.evidence["at"].startswith("2025-11-05")
    assert f.evidence["new_materials"] == ["营业执照"]
    assert (f.sanction or "").startswith("批评教育")


def test_gdzw_a_new_material_in_the_third_notice_is_a_second_breach() -> None:
    found = run(*GDZW, third=["营业执照", "章程"])
    assert [(f.evidence["at"][:10], f.evidence["new_materials"]) for f in found] == [
        ("2025-11-05", ["营业执照"]),
        ("2025-11-07", ["章程"]),
    ]
    # the 7 November breach is S1's second: 通报批评; what was asked before it: 身份证 and 营业执照
    assert (found[1].sanction or "").startswith("通报批评")
    assert found[1].evidence["first_notice_materials"] == ["营业执照", "身份证"]


def test_gdzw_the_first_notice_s_material_asked_again_is_no_second_breach() -> None:
    [f] = run(*GDZW, third=["身份证"])
    assert f.evidence["at"].startswith("2025-11-05")


def test_gdzw_the_second_notice_s_material_in_full_width_is_the_same_material() -> None:
    [f] = run(*GDZW, second=["营业执照(副本)"], third=["营业执照（副本）"])
    assert f.evidence["new_materials"] == ["营业执照(副本)"]


@pytest.mark.parametrize(
    ("standard", "rule_id"),
    [
        ("db23-hlj-2023", "db23-hlj-2023/corrections-all-at-once"),
        ("dongguan-hall-2023", "dongguan-hall-2023/correction-notice"),
    ],
)
def test_the_same_reading_where_the_comparison_is_shared(standard: str, rule_id: str) -> None:
    # db23 7.4.1 and dongguan 5.2.3.2 b use the same comparison: one breach (5 Nov), none for 7 Nov
    [f] = run(standard, rule_id, third=["营业执照"])
    assert f.evidence["new_materials"] == ["营业执照"]
    assert len(run(standard, rule_id, third=["营业执照", "章程"])) == 2
