"""Whom 5.1.4's and 5.2.4's measures name, by every route the records take to the person (round 11).

gdzw-0020-2019:3.3 政务服务人员 在政务服务大厅现场提供政务服务的工作人员，包括窗口工作人员、咨询引导人员、进驻部门工作人员、
志愿者等，不包括保安、保洁类服务人员.
5.1.2 …第一位被询问的在岗政务服务人员为首问责任人；同时有两位以上工作人员答复的，职务职级最高者为首问责任人.
5.2.2 …首先办理的政务服务人员为首办责任人.
5.1.4 / 5.2.4 首问责任人… / 首办责任人违反了首问(首办)责任制，根据核查情况，视情节轻重，给予谈话教育、通报批评、岗位调整等处理.

The 首问/首办责任人 is by definition a 政务服务人员, so a guard or cleaner is never the person these measures
name: every route passes them over and lands on a 政务服务人员, or on nobody when the records show none. The
measure ladder (gdzw-0020-2019.sanction-ladder, default escalate) counts each person's breaches in time order:
谈话教育, 通报批评, 岗位调整. Staff: clerks S1 (rank 2) and S2 (rank 1), the guard G1 (rank 9: the highest,
so a rank-only reading would pick him) and the cleaner C1. November 2025 holds no holiday.

Inquiries, each on site, scope a, answered on the spot without the information materials (5.1.4 d):

* Q1 Mon 3 Nov: asked G1; G1, S1 and S2 answered together. Answering 政务服务人员: S1, S2 (G1 passed over
  though of the highest rank) → the higher, S1. S1's first breach: 谈话教育.
* Q2 Tue 4 Nov: asked C1 then S2; S2 answered. The first 政务服务人员 asked: S2. S2's first: 谈话教育.
* Q3 Wed 5 Nov: who was asked not recorded; G1 and S1 answered. One answering 政务服务人员, S1, and no one
  asked on record → the answerer S1. S1's second: 通报批评.
* Q4 Thu 6 Nov: asked G1 only; S1 answered. No 政务服务人员 asked → the answerer S1. S1's third: 岗位调整.
* Q5 Fri 7 Nov: asked C1, answered by C1 alone. No 政务服务人员 on record → nobody named. Held as today: the
  finding names no person, and the measure stands for whoever the 核查 finds (根据核查情况), counted on the
  inquiry itself as for an inquiry naming nobody at all: 谈话教育, on no one's ladder.

Applications, on site, each refused (not_accepted) without telling the applicant (5.2.4 d):

* A1 Mon 10 Nov: recorded 首办责任人 S1 (a 政务服务人员) → S1. S1's first 5.2.4 breach: 谈话教育.
* A2 Tue 11 Nov: recorded G1; G1 received the papers, S2 refused them → G1 passed over, the first 政务服务人员
  who handled it: S2. S2's first: 谈话教育.
* A3 Wed 12 Nov: none recorded; C1 received, S1 refused → S1. S1's second: 通报批评.
* A4 Thu 13 Nov: recorded G1; G1 received and refused → no 政务服务人员 handled it: nobody named, 谈话教育 on
  the application itself.

Decided late, 5.2.4 a through 5.5.1 (gdzw-0020-2019/promised-deadline), item P1 promised 3个工作日 from
acceptance (the start day not counted): accepted Mon 3 Nov → Tue 4 (1), Wed 5 (2), Thu 6 (3): due Thu 6 Nov.

* A5: recorded G1; G1 received Mon 3 Nov 09:00, S1 accepted 09:10 and decided Mon 10 Nov: late. G1 passed
  over → S1: 谈话教育 (5.2.4; 第1次).
* A6: none recorded; C1 received, S2 accepted and decided Mon 10 Nov: late → S2: 谈话教育.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from govhall.models import Dataset
from govhall.rules import Finding, audit

STAFF = [
    {"id": "S1", "role": "window_clerk", "department": "D1", "rank": 2},
    {"id": "S2", "role": "window_clerk", "department": "D1", "rank": 1},
    {"id": "G1", "role": "保安", "department": "HALL", "rank": 9},
    {"id": "C1", "role": "保洁", "department": "HALL"},
]
ITEMS = [
    {"code": "P1", "name": "某许可", "type": "行政许可", "department": "D1", "promised_limit": "3个工作日"}
]


def inquiry(qid: str, day: int, answered_by: list[str], asked: list[str] | None) -> dict[str, Any]:
    q: dict[str, Any] = {
        "id": qid,
        "channel": "onsite",
        "at": f"2025-11-{day:02d}T10:00",
        "scope": "a",
        "answered_on_spot": True,
        "info_provided": False,
        "answered_by": answered_by,
    }
    if asked is not None:
        q["asked_staff"] = asked
    return q


def refused(aid: str, day: int, recorded: str | None, received_by: str, refused_by: str) -> dict[str, Any]:
    app: dict[str, Any] = {
        "id": aid,
        "item_code": "P1",
        "received_at": f"2025-11-{day:02d}T09:00",
        "events": [
            {"kind": "received", "at": f"2025-11-{day:02d}T09:00", "staff_id": received_by},
            {
                "kind": "not_accepted",
                "at": f"2025-11-{day:02d}T09:30",
                "staff_id": refused_by,
                "told_applicant": False,
            },
        ],
    }
    if recorded is not None:
        app["staff_id"] = recorded
    return app


def decided_late(aid: str, recorded: str | None, received_by: str, handler: str) -> dict[str, Any]:
    app: dict[str, Any] = {
        "id": aid,
        "item_code": "P1",
        "received_at": "2025-11-03T09:00",
        "events": [
            {"kind": "received", "at": "2025-11-03T09:00", "staff_id": received_by},
            {"kind": "accepted", "at": "2025-11-03T09:10", "staff_id": handler},
            {"kind": "decided", "at": "2025-11-10T15:00", "staff_id": handler, "outcome": "approved"},
        ],
    }
    if recorded is not None:
        app["staff_id"] = recorded
    return app


INQUIRIES = [
    inquiry("Q1", 3, ["G1", "S1", "S2"], ["G1"]),
    inquiry("Q2", 4, ["S2"], ["C1", "S2"]),
    inquiry("Q3", 5, ["G1", "S1"], None),
    inquiry("Q4", 6, ["S1"], ["G1"]),
    inquiry("Q5", 7, ["C1"], ["C1"]),
]
APPLICATIONS = [
    refused("A1", 10, "S1", "S1", "S1"),
    refused("A2", 11, "G1", "G1", "S2"),
    refused("A3", 12, None, "C1", "S1"),
    refused("A4", 13, "G1", "G1", "G1"),
    decided_late("A5", "G1", "G1", "S1"),
    decided_late("A6", None, "C1", "S2"),
]


def findings(rule: str) -> dict[str, tuple[str | None, str | None]]:
    ds = Dataset.model_validate(
        {
            "staff": STAFF,
            "items": ITEMS,
            "inquiries": INQUIRIES,
            "applications": APPLICATIONS,
            "as_of": date(2025, 11, 30),
        }
    )
    report = audit(ds, standards=["gdzw-0020-2019"])
    assert not [n for n in report.notes if n.kind == "rule_error"], report.notes
    found: list[Finding] = [f for f in report.findings if f.rule_id == rule]
    out = {f.subject.id: (f.responsible, f.sanction) for f in found}
    assert len(out) == len(found)  # one finding per subject here
    return out


def test_5_1_4_every_route_names_a_service_person_or_nobody() -> None:
    assert findings("gdzw-0020-2019/first-inquiry-routing") == {
        "Q1": ("S1", "谈话教育 (gdzw-0020-2019:5.1.4; 第1次)"),
        "Q2": ("S2", "谈话教育 (gdzw-0020-2019:5.1.4; 第1次)"),
        "Q3": ("S1", "通报批评 (gdzw-0020-2019:5.1.4; 第2次)"),
        "Q4": ("S1", "岗位调整 (gdzw-0020-2019:5.1.4; 第3次)"),
        "Q5": (None, "谈话教育 (gdzw-0020-2019:5.1.4; 第1次)"),
    }


def test_5_2_4_every_route_names_a_service_person_or_nobody() -> None:
    assert findings("gdzw-0020-2019/first-handling-routing") == {
        "A1": ("S1", "谈话教育 (gdzw-0020-2019:5.2.4; 第1次)"),
        "A2": ("S2", "谈话教育 (gdzw-0020-2019:5.2.4; 第1次)"),
        "A3": ("S1", "通报批评 (gdzw-0020-2019:5.2.4; 第2次)"),
        "A4": (None, "谈话教育 (gdzw-0020-2019:5.2.4; 第1次)"),
    }


def test_5_2_4_a_late_decision_names_the_first_service_person_who_handled_it() -> None:
    assert findings("gdzw-0020-2019/promised-deadline") == {
        "A5": ("S1", "谈话教育 (gdzw-0020-2019:5.2.4; 第1次)"),
        "A6": ("S2", "谈话教育 (gdzw-0020-2019:5.2.4; 第1次)"),
    }
