"""Whom a finding names when a guard (保安) or a cleaner (保洁) acted first, worked by hand (round 8).

gdzw-0020-2019:3.3 政务服务人员 …不包括保安、保洁类服务人员; 5.2.2 首先办理的政务服务人员为首办责任人: a guard or
cleaner who took the papers first is passed over, and the first 政务服务人员 who handled the application is
the 首办责任人, who answers for 5.2.4 b (not passed on) and 5.2.4 a / 5.5.1 (decided late).

db23-hlj-2023:3.1 服务人员 在政务服务中心提供政务服务及其他相关服务的工作人员，包括咨询引导人员、窗口人员、审批人员
等 — no exclusion — and 6.1.1 首问负责是指政务服务中心首位接受服务对象申请办理、咨询或投诉相关事项的工作人员: the
guard or cleaner asked first is db23's 首问责任人, and the finding of 6.1.2 or 6.4.1 names them.

The dates: Sat 14 February 2026 is a 调休 working day (2026 notice: 春节 15–23 February off, Sat 14 and Sat
28 February worked). I1 promises 5个工作日: received Thu 12 February, Fri 13 (1), Sat 14 (2), Tue 24 (3), Wed
25 (4), Thu 26 (5): due Thu 26 February, so a decision on Fri 27 February is late.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from govhall.models import Dataset
from govhall.rules import Finding, audit

STAFF = [
    {"id": "S1", "role": "窗口人员", "department": "D1", "rank": 1},
    {"id": "S3", "role": "窗口人员", "department": "D2", "rank": 2},
    {"id": "G1", "role": "保安", "department": "HALL", "rank": 6},
    {"id": "K1", "role": "保洁人员", "department": "HALL", "rank": 5},
]
ITEMS = [
    {"code": "I1", "name": "某许可", "type": "行政许可", "department": "D1", "promised_limit": "5个工作日"}
]


def findings(standard: str, rule: str, **tables: Any) -> list[Finding]:
    ds = Dataset.model_validate({"staff": STAFF, "items": ITEMS, "as_of": date(2026, 3, 31), **tables})
    return [f for f in audit(ds, standards=[standard]).findings if f.rule_id == rule]


def test_db23_outside_matter_names_the_guard_asked_first() -> None:
    # Asked the guard G1 at the door, then S1, about a matter another office handles; no route given.
    got = findings(
        "db23-hlj-2023",
        "db23-hlj-2023/outside-matter-directed",
        inquiries=[
            {"id": "Q1", "at": "2026-02-14T09:10", "asked_staff": ["G1", "S1"], "answered_by": ["S1"],
             "scope": "c", "guidance_given": False},
        ],
    )  # fmt: skip
    assert [(f.subject.id, f.responsible) for f in got] == [("Q1", "G1")]


def test_db23_ledger_names_the_cleaner_asked_first() -> None:
    # Asked the cleaner K1, then S3; not answered on the spot, not entered in the ledger.
    got = findings(
        "db23-hlj-2023",
        "db23-hlj-2023/inquiry-ledger",
        inquiries=[
            {"id": "Q2", "at": "2026-02-14T10:00", "asked_staff": ["K1", "S3"], "answered_by": ["S3"],
             "answered_on_spot": False, "ledger_recorded": False},
        ],
    )  # fmt: skip
    assert [(f.subject.id, f.responsible) for f in got] == [("Q2", "K1")]


def test_gdzw_first_inquiry_still_passes_the_guard_over() -> None:
    # The control: gdzw's own 3.3 leaves the guard out, so the same inquiry in gdzw names S1 (5.1.4 b: a
    # question for a window, sent on 45 minutes later, over the 30).
    got = findings(
        "gdzw-0020-2019",
        "gdzw-0020-2019/first-inquiry-routing",
        inquiries=[
            {"id": "Q1", "at": "2026-02-14T09:10", "channel": "现场", "asked_staff": ["G1", "S1"],
             "answered_by": ["S1"], "scope": "b", "referred_window": "W2", "referred_at": "2026-02-14T09:55"},
        ],
    )  # fmt: skip
    assert [(f.subject.id, f.responsible) for f in got] == [("Q1", "S1")]


def test_gdzw_late_decision_names_the_clerk_not_the_guard_who_took_the_papers() -> None:
    got = findings(
        "gdzw-0020-2019",
        "gdzw-0020-2019/promised-deadline",
        applications=[
            {"id": "A1", "item_code": "I1", "received_at": "2026-02-12T10:00", "channel": "现场", "events": [
                {"kind": "received", "at": "2026-02-12T10:00", "staff_id": "G1"},
                {"kind": "accepted", "at": "2026-02-12T10:10", "staff_id": "S1"},
                {"kind": "decided", "at": "2026-02-27T09:00", "staff_id": "S1"}]},
        ],
    )  # fmt: skip
    assert [(f.subject.id, f.responsible) for f in got] == [("A1", "S1")]


def test_gdzw_untransferred_application_names_the_clerk_after_the_cleaner() -> None:
    # K1 recorded as 首办责任人, but S3 (D2) is the first 政务服务人员 who handled D1's item: 5.2.4 b is S3's.
    got = findings(
        "gdzw-0020-2019",
        "gdzw-0020-2019/first-handling-routing",
        applications=[
            {"id": "A1", "item_code": "I1", "received_at": "2026-02-14T09:00", "channel": "现场", "staff_id": "K1",
             "events": [{"kind": "received", "at": "2026-02-14T09:00", "staff_id": "K1"},
                        {"kind": "received", "at": "2026-02-14T09:05", "staff_id": "S3"}]},
        ],
    )  # fmt: skip
    assert [(f.subject.id, f.responsible) for f in got] == [("A1", "S3")]


def test_db23_first_asked_stays_responsible_when_a_senior_answers_with_them() -> None:
    # db23 6.1.1 has no 职务职级最高者 rule (gdzw-0020-2019:5.1.2 has): S1 (rank 1) was asked first, S1 and
    # S3 (rank 2) answered together, no ledger entry: the finding names S1.
    got = findings(
        "db23-hlj-2023",
        "db23-hlj-2023/inquiry-ledger",
        inquiries=[
            {"id": "Q3", "at": "2026-02-28T10:00", "asked_staff": ["S1"], "answered_by": ["S1", "S3"],
             "answered_on_spot": False, "ledger_recorded": False},
        ],
    )  # fmt: skip
    assert [(f.subject.id, f.responsible) for f in got] == [("Q3", "S1")]


def test_db23_with_nobody_recorded_as_asked_the_first_answerer_is_named() -> None:
    got = findings(
        "db23-hlj-2023",
        "db23-hlj-2023/inquiry-ledger",
        inquiries=[
            {"id": "Q4", "at": "2026-02-28T10:00", "answered_by": ["G1", "S3"], "answered_on_spot": False,
             "ledger_recorded": False},
        ],
    )  # fmt: skip
    assert [(f.subject.id, f.responsible) for f in got] == [("Q4", "G1")]
