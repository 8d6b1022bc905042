"""Five clauses once marked not automatable, now read from the records (issue #16 item 2).

Dates by hand from the 2025 notice (10-01..10-08 off; Sun 09-28 and Sat 10-11 worked): 5 working days
after Fri 09-26 are 09-28, 09-29, 09-30, 10-09, 10-10.
"""

from __future__ import annotations

from typing import Any

import pytest

from govhall.models import Dataset
from govhall.rules import Finding, audit

G, D, B = "gdzw-0020-2019", "dongguan-hall-2023", "db23-hlj-2023"
#: the rules this file exercises
RULES = [
    "gdzw-0020-2019/written-correction-notice",
    "gdzw-0020-2019/mailing-offered",
    "dongguan-hall-2023/mailing-offered",
    "dongguan-hall-2023/forwarded-complaint-answered",
    "db23-hlj-2023/mailing-offered",
    "db23-hlj-2023/agency-rating-asked",
    "db23-hlj-2023/steps-traced",
]
ITEM = {
    "code": "I1",
    "name": "某事项",
    "type": "公共服务",
    "department": "D1",
    "promised_limit": "20个工作日",
}


def fired(
    standard: str, rule_id: str, *, as_of: str = "2025-12-31", params: dict | None = None, **t: Any
) -> list[Finding]:
    ds = Dataset.model_validate({**t, "as_of": as_of})
    r = audit(ds, standards=[standard], profile={"parameters": params} if params else None)
    assert not [n for n in r.notes if n.kind == "rule_error"], r.notes
    return [f for f in r.findings if f.rule_id == rule_id]


# -- gdzw-0020-2019 5.3.3 c ---------------------------------------------------------------------------


def corr_app(notice_day: str) -> dict[str, Any]:
    return {
        "id": "A1",
        "item_code": "I1",
        "received_at": "2025-09-26T09:00",
        "staff_id": "S1",
        "events": [
            {"kind": "received", "at": "2025-09-26T09:00", "staff_id": "S1"},
            {"kind": "correction_notice", "at": f"{notice_day}T10:00", "staff_id": "S1", "written": True,
             "materials": ["营业执照"], "deadline": "2025-10-31", "reason": "缺营业执照副本"},
        ],
    }  # fmt: skip


BAD = {"id": "E1", "at": "2025-10-20T10:00", "level": "不满意", "channel": "online", "application_id": "A1"}
GOOD = {**BAD, "level": "满意"}
COMPLAINT = {"id": "C1", "channel": "onsite", "received_at": "2025-10-20T10:00", "application_id": "A1"}


@pytest.mark.parametrize(
    ("notice", "extra", "fires"),
    [
        ("2025-10-10", {"evaluations": [BAD]}, False),  # the 5th working day: in time
        ("2025-10-11", {"evaluations": [BAD]}, True),  # the 调休 Saturday, 6th: late, then rated bad
        ("2025-10-11", {"evaluations": [GOOD]}, False),  # late but no dissatisfaction recorded
        ("2025-10-11", {"complaints": [COMPLAINT]}, True),  # late, then a complaint about it
        ("2025-10-11", {}, False),
    ],
)
def test_5_3_3_c_late_notice_then_dissatisfaction(notice: str, extra: dict, fires: bool) -> None:
    got = fired(G, f"{G}/written-correction-notice", items=[ITEM], applications=[corr_app(notice)], **extra)
    late = [f for f in got if f.clauses == [f"{G}:5.3.3.c"]]
    assert bool(late) is fires
    if fires:
        assert late[0].evidence["due"] == "2025-10-10" and "批评教育" in (late[0].sanction or "")


def test_5_3_3_c_with_a_local_notice_limit() -> None:
    # 3 working days after 09-26: 09-28, 09-29, 09-30 — a notice on 10-09 is late under it
    got = fired(
        G, f"{G}/written-correction-notice", items=[ITEM], applications=[corr_app("2025-10-09")],
        evaluations=[BAD], params={f"{G}.correction_notice_within": "3个工作日"},
    )  # fmt: skip
    assert [f.evidence["due"] for f in got if f.clauses == [f"{G}:5.3.3.c"]] == ["2025-09-30"]


# -- the mailing duty: gdzw 6.7.1, dongguan 5.3.7, db23 6.7.2 -----------------------------------------------

HALL = {"id": "H1", "name": "某中心"}
MAILED = {
    "id": "A1", "item_code": "I1", "received_at": "2025-11-03T09:00",
    "events": [{"kind": "decided", "at": "2025-11-04T10:00"}, {"kind": "mailed", "at": "2025-11-05T10:00"}],
}  # fmt: skip


@pytest.mark.parametrize(
    ("standard", "rule_id"),
    [(G, f"{G}/mailing-offered"), (D, f"{D}/mailing-offered"), (B, f"{B}/mailing-offered")],
)
def test_mailing_offered_from_the_hall_profile(standard: str, rule_id: str) -> None:
    assert fired(standard, rule_id, hall={**HALL, "mailing_service": False})
    assert not fired(
        standard, rule_id, hall={**HALL, "mailing_service": False}, items=[ITEM], applications=[MAILED]
    )
    assert not fired(standard, rule_id, hall={**HALL, "mailing_service": True})
    assert not fired(standard, rule_id, hall=HALL)  # not recorded: not judged


# -- dongguan-hall-2023 6.1.7.2 c ------------------------------------------------------------------------


def forwarded(
    answered: str | None, *, deadline: str | None = "2025-10-09", explained: str | None = None
) -> dict:
    evs: list[dict[str, Any]] = [{"kind": "worksheet_sent", "at": "2025-09-30T10:00"}]
    if explained:
        evs.append({"kind": "extended", "at": f"{explained}T09:00", "note": "情况特殊，向大厅说明"})
    if answered:
        evs.append({"kind": "answered", "at": f"{answered}T15:00"})
    ws = {"departments": "D1", "deadline": deadline}
    return {"id": "C1", "channel": "onsite", "received_at": "2025-09-30T09:00", "accepted": True,
            "tier": "general", "lead_department": "D1", "worksheet": ws, "events": evs}  # fmt: skip


@pytest.mark.parametrize(
    ("complaint", "fires"),
    [
        (forwarded("2025-10-09"), False),
        (forwarded("2025-10-10"), True),
        (forwarded(None), True),
        (forwarded("2025-10-13", explained="2025-10-09"), False),
        # no 完成时限 on the 工作单: the yousu-jiban general limit, 3天 from Tue 09-30 → 10-03, a holiday,
        # so Thu 10-09
        (forwarded("2025-10-09", deadline=None), False),
        (forwarded("2025-10-10", deadline=None), True),
    ],
)
def test_6_1_7_2_c_forwarded_complaints_answered_in_time_or_explained(complaint: dict, fires: bool) -> None:
    got = fired(D, f"{D}/forwarded-complaint-answered", complaints=[complaint])
    assert bool(got) is fires
    if fires:
        assert got[0].evidence["due"] == "2025-10-09"


# -- db23-hlj-2023 6.6.3.4 ----------------------------------------------------------------------------------


def agent_app(**kw: Any) -> dict[str, Any]:
    return {
        "id": "A1", "item_code": "I1", "received_at": "2025-11-03T09:00", "help_service": "agent",
        "events": [{"kind": "accepted", "at": "2025-11-03T09:10"}, {"kind": "decided", "at": "2025-11-04T10:00"},
                   {"kind": "picked_up", "at": "2025-11-05T10:00"}],
        **kw,
    }  # fmt: skip


#: a rating of another application: the dataset records ratings
OTHER = {"id": "E9", "at": "2025-11-04T10:00", "level": "满意", "channel": "device", "application_id": "A9"}


@pytest.mark.parametrize(
    ("as_of", "evaluations", "params", "fires"),
    [
        ("2025-11-12", [OTHER], None, False),  # 7 days after the delivery on 11-05: still inside the grace
        ("2025-11-13", [OTHER], None, True),
        ("2025-11-13", [], None, False),  # no rating in the dataset at all: the ratings are not recorded
        (
            "2025-11-13",
            [
                {
                    "id": "E1",
                    "at": "2025-11-05T10:05",
                    "level": "满意",
                    "channel": "device",
                    "application_id": "A1",
                }
            ],
            None,
            False,
        ),  # fmt: skip
        ("2025-11-09", [OTHER], {f"{B}.agency_rating_grace_days": 3}, True),
    ],
)
def test_6_6_3_4_agency_case_rated(as_of: str, evaluations: list, params: dict | None, fires: bool) -> None:
    got = fired(B, f"{B}/agency-rating-asked", as_of=as_of, params=params, items=[ITEM],
                applications=[agent_app()], evaluations=evaluations)  # fmt: skip
    assert bool(got) is fires
    assert not fired(
        B, f"{B}/agency-rating-asked", items=[ITEM], applications=[agent_app(help_service="help")]
    )


# -- db23-hlj-2023 7.5 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("events", "missing"),
    [
        ([("accepted", "09:10"), ("decided", "15:00"), ("certificate_handed_over", "16:00")], None),
        ([("decided", "15:00")], "received/accepted before decided"),
        (
            [("received", "09:00"), ("certificate_handed_over", "14:00"), ("decided", "15:00")],
            "decided before certificate_handed_over",
        ),  # fmt: skip
        ([("received", "09:00"), ("picked_up", "16:00")], "decided before picked_up"),
        ([("decided", "15:00"), ("received", "15:00")], None),  # a receipt at the same minute traces it
        ([("decided", "10:00"), ("received", "11:00")], "received/accepted before decided"),
        ([], None),
    ],
)
def test_7_5_steps_traced(events: list[tuple[str, str]], missing: str | None) -> None:
    app = {"id": "A1", "item_code": "I1", "received_at": "2025-11-03T09:00",
           "events": [{"kind": k, "at": f"2025-11-03T{t}"} for k, t in events]}  # fmt: skip
    got = fired(B, f"{B}/steps-traced", items=[ITEM], applications=[app])
    assert [m for f in got for m in f.evidence["missing"]] == ([missing] if missing else [])


def test_7_5_the_record_reading_takes_received_at_as_the_receipt_trace() -> None:
    app = {"id": "A1", "item_code": "I1", "received_at": "2025-11-03T09:00",
           "events": [{"kind": "decided", "at": "2025-11-04T10:00"}, {"kind": "picked_up", "at": "2025-11-03T16:00"}]}  # fmt: skip
    ds = Dataset.model_validate({"items": [ITEM], "applications": [app], "as_of": "2025-12-31"})
    r = audit(ds, standards=[B], interpretations={f"{B}.receipt-trace": "record"})
    (f,) = [f for f in r.findings if f.rule_id == f"{B}/steps-traced"]
    assert f.evidence["missing"] == ["decided before picked_up"]
    assert f.message == "办理环节未在系统留痕：领取前无办结记录"  # the gap as a clerk reads it
    assert any(u.name == f"{B}.receipt-trace" and u.value == "record" for u in r.interpretations)


def test_6_1_7_2_c_the_tier_reading_ignores_a_later_worksheet_deadline() -> None:
    # 工作单 完成时限 Mon 10-13; the general tier allows 3天 from Tue 09-30 → Thu 10-09
    c = forwarded("2025-10-13", deadline="2025-10-13")
    ds = Dataset.model_validate({"complaints": [c], "as_of": "2025-12-31"})
    rule = f"{D}/forwarded-complaint-answered"
    assert not [f for f in audit(ds, standards=[D]).findings if f.rule_id == rule]
    r = audit(ds, standards=[D], interpretations={f"{D}.forwarded-limit": "tier"})
    (f,) = [f for f in r.findings if f.rule_id == rule]
    assert f.evidence["due"] == "2025-10-09"
