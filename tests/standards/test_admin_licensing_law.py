"""admin-licensing-law rules: per article, a case that fires and one that does not.

Every period is counted in working days (Art 82) from the day after the start. Working days after
Friday 2025-09-26, by hand from the 2025 holiday notice (1–8 October off; Sun 09-28 and Sat 10-11
worked):

    1 Sun 09-28   2 09-29   3 09-30   4 Thu 10-09   5 Fri 10-10   6 Sat 10-11   7 Mon 10-13
    8 10-14   9 10-15  10 10-16  11 10-17  12 Mon 10-20 … 16 Fri 10-24  17 Mon 10-27 … 20 Thu 10-30
   21 Fri 10-31  22 Mon 11-03 … 25 Thu 11-06  26 Fri 11-07  27 Mon 11-10 … 30 Thu 11-13  31 Fri 11-14
   32 Mon 11-17 … 36 Fri 11-21  37 Mon 11-24 … 41 Fri 11-28  42 Mon 12-01  43 12-02  44 12-03  45 Thu 12-04

So: the 5-working-day correction notice after a 09-26 receipt is due 10-10 (Art 32(4)); the decision
20 working days after a 09-26 acceptance is due 10-30 (Art 42(1)); +10 approved working days, 11-13;
45 working days for joint handling, 12-04 (Art 42(2)); a certificate 10 working days after a 10-30
decision, 11-13 (Art 44).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govhall.models import Dataset
from govhall.models.applications import Event
from govhall.rules import Finding, audit, default_parameters
from govhall.standards import get

L = "admin-licensing-law"
ITEMS = [
    {
        "code": "L1",
        "name": "某行政许可",
        "type": "行政许可",
        "department": "D1",
        "legal_basis": ["某条例第5条"],
        "acceptance_conditions": ["具备场地"],
        "procedure": ["受理", "审查", "决定"],
        "statutory_limit": "20个工作日",
        "materials": [{"name": "申请书", "main": True, "sample_provided": True}],
    },
    {
        "code": "L0",
        "name": "当场许可",
        "type": "行政许可",
        "department": "D1",
        "legal_basis": ["某办法"],
        "acceptance_conditions": ["身份证明"],
        "procedure": ["受理", "决定"],
        "statutory_limit": "当场",
        "materials": [{"name": "身份证"}],
    },
    {"code": "P1", "name": "某公共服务", "type": "公共服务", "department": "D1"},
]


def run(
    rule_id: str,
    *,
    as_of: date = date(2025, 12, 31),
    interpretations: dict[str, str] | None = None,
    items: list[dict] | None = None,
    **tables: list[dict],
) -> list[Finding]:
    ds = Dataset.model_validate({"items": items or ITEMS, **tables, "as_of": as_of})
    report = audit(ds, standards=[L], interpretations=interpretations)
    assert not [n for n in report.notes if n.kind == "rule_error"], report.notes
    return [f for f in report.findings if f.rule_id == rule_id]


def app(*events: dict, accepted: str | None = "2025-09-26T09:30", **kw: Any) -> dict:
    evs = [{"kind": "received", "at": "2025-09-26T09:00", "staff_id": "S1"}]
    if accepted:
        evs.append({"kind": "accepted", "at": accepted, "staff_id": "S1", "written": True})
    base = {
        "id": "A1",
        "item_code": "L1",
        "received_at": "2025-09-26T09:00",
        "staff_id": "S1",
        "events": [*evs, *events],
    }
    base.update(kw)
    return base


def decided(at: str, outcome: str = "approved", **kw: Any) -> dict:
    return {"kind": "decided", "at": at, "staff_id": "S2", "outcome": outcome, **kw}


NOTICE = {
    "kind": "correction_notice",
    "staff_id": "S1",
    "written": True,
    "materials": ["场地证明"],
    "requirements": "原件",
    "deadline": "2025-10-31",
}


# -- Art 30 -----------------------------------------------------------------------------------------


def test_30_1_fires_when_item_publishes_no_basis_or_sample() -> None:
    bad = {**ITEMS[0], "legal_basis": [], "materials": [{"name": "申请书", "sample_provided": False}]}
    (f,) = run("admin-licensing-law/requirements-published", items=[bad])
    assert f.evidence["missing"] == ["依据", "申请书示范文本"]
    assert not run("admin-licensing-law/requirements-published")  # L1, L0 complete; P1 is not a licence


# -- Art 32 -----------------------------------------------------------------------------------------


def test_32_4_fires_when_correction_notice_after_5_working_days() -> None:
    # due 10-10 (5th working day after 09-26); a notice on Sat 10-11 (a 调休 working day) is late
    (f,) = run(
        "admin-licensing-law/correction-notice-in-time",
        applications=[app({**NOTICE, "at": "2025-10-11T10:00"}, accepted=None)],
    )
    assert f.evidence["due"] == "2025-10-10" and f.evidence["deemed_accepted_on"] == "2025-09-26"
    assert not run(
        "admin-licensing-law/correction-notice-in-time",
        applications=[app({**NOTICE, "at": "2025-10-10T16:00"}, accepted=None)],
    )


def test_32_4_fires_when_correction_not_told_at_once() -> None:
    first = {**NOTICE, "at": "2025-09-26T10:00"}
    second = {**NOTICE, "at": "2025-10-09T10:00", "materials": ["法人身份证明"]}
    (f,) = run(
        "admin-licensing-law/correction-notice-in-time", applications=[app(first, second, accepted=None)]
    )
    assert f.evidence["new_materials"] == ["法人身份证明"]
    assert not run(
        "admin-licensing-law/correction-notice-in-time",
        applications=[app(first, {**second, "materials": ["场地证明"]}, accepted=None)],
    )


def test_32_5_fires_when_complete_application_refused() -> None:
    refused = {"kind": "not_accepted", "at": "2025-09-26T10:00", "staff_id": "S1", "written": True}
    assert run(
        "admin-licensing-law/accept-complete-application",
        applications=[app(refused, accepted=None, meets_conditions=True)],
    )
    assert not run(
        "admin-licensing-law/accept-complete-application",
        applications=[app(refused, accepted=None, meets_conditions=False)],
    )


def test_32_p2_fires_when_acceptance_not_written() -> None:
    oral = app(
        accepted=None,
        events=[
            {"kind": "received", "at": "2025-09-26T09:00"},
            {"kind": "accepted", "at": "2025-09-26T09:30", "written": False},
        ],
    )
    assert run("admin-licensing-law/acceptance-written-receipt", applications=[oral])
    assert not run("admin-licensing-law/acceptance-written-receipt", applications=[app()])


# -- Art 34 -----------------------------------------------------------------------------------------


def test_34_2_fires_when_on_the_spot_item_decided_later() -> None:
    later = app(decided("2025-09-29T10:00"), item_code="L0")
    assert run("admin-licensing-law/on-the-spot-decision", applications=[later])
    assert not run(
        "admin-licensing-law/on-the-spot-decision",
        applications=[app(decided("2025-09-26T11:00"), item_code="L0")],
    )
    assert not run(
        "admin-licensing-law/decision-within-limit", applications=[later]
    )  # Art 42 excludes 当场 items


# -- Arts 42, 45 ------------------------------------------------------------------------------------


def test_42_1_fires_when_decided_after_20_working_days() -> None:
    (f,) = run("admin-licensing-law/decision-within-limit", applications=[app(decided("2025-10-31T10:00"))])
    assert f.evidence["due"] == "2025-10-30" and f.clauses == [f"{L}:42.1"]
    assert not run(
        "admin-licensing-law/decision-within-limit", applications=[app(decided("2025-10-30T17:00"))]
    )


def test_42_1_fires_for_open_application_as_of() -> None:
    (f,) = run("admin-licensing-law/decision-within-limit", applications=[app()], as_of=date(2025, 10, 31))
    assert f.stage == "red"
    assert not run(
        "admin-licensing-law/decision-within-limit", applications=[app()], as_of=date(2025, 10, 30)
    )


def test_42_1_deemed_acceptance_after_late_correction_notice() -> None:
    # notice on 10-11 is late (due 10-10): accepted is deemed on receipt (09-26), so the decision is due
    # 10-30 although the agency only recorded acceptance on 10-16.
    late = app(
        {**NOTICE, "at": "2025-10-11T10:00"},
        {"kind": "materials_supplemented", "at": "2025-10-15T10:00"},
        {"kind": "accepted", "at": "2025-10-16T10:00", "written": True},
        decided("2025-10-31T10:00"),
        accepted=None,
    )
    (f,) = run("admin-licensing-law/decision-within-limit", applications=[late])
    assert (f.evidence["start"], f.evidence["start_from"], f.evidence["due"]) == (
        "2025-09-26",
        "deemed_32.4",
        "2025-10-30",
    )
    # with a notice in time (10-10) the period runs from the recorded acceptance 10-16: 20 working days
    # after Thu 10-16 is Thu 11-13 (10-17, 10-20…24, 10-27…31, 11-03…07, 11-10…13), so 10-31 is in time
    timely = app(
        {**NOTICE, "at": "2025-10-10T10:00"},
        {"kind": "materials_supplemented", "at": "2025-10-15T10:00"},
        {"kind": "accepted", "at": "2025-10-16T10:00", "written": True},
        decided("2025-10-31T10:00"),
        accepted=None,
    )
    assert not run("admin-licensing-law/decision-within-limit", applications=[timely])


def test_42_1_approved_extension_adds_10_working_days() -> None:
    ext = {
        "kind": "extended",
        "at": "2025-10-28T10:00",
        "limit": "10个工作日",
        "approved_by": "局长",
        "told_applicant": True,
        "reason": "需现场核查",
    }
    assert not run(
        "admin-licensing-law/decision-within-limit", applications=[app(ext, decided("2025-11-13T10:00"))]
    )
    assert run(
        "admin-licensing-law/decision-within-limit", applications=[app(ext, decided("2025-11-14T10:00"))]
    )
    unapproved = {**ext, "approved_by": None}
    (f,) = run(
        "admin-licensing-law/decision-within-limit",
        applications=[app(unapproved, decided("2025-11-13T10:00"))],
    )
    assert f.evidence["due"] == "2025-10-30"


def test_42_1_extension_rule() -> None:
    ext = {
        "kind": "extended",
        "at": "2025-10-28T10:00",
        "limit": "10个工作日",
        "approved_by": "局长",
        "told_applicant": True,
    }
    assert not run("admin-licensing-law/extension-approved", applications=[app(ext)])
    assert run("admin-licensing-law/extension-approved", applications=[app({**ext, "approved_by": None})])
    assert run("admin-licensing-law/extension-approved", applications=[app({**ext, "told_applicant": False})])
    (f,) = run("admin-licensing-law/extension-approved", applications=[app({**ext, "limit": "15个工作日"})])
    assert f.evidence["extension_total_working_days"] == 15
    # the decision limit counts at most the 10-day cap: due 11-13, not 11-20
    assert run(
        "admin-licensing-law/decision-within-limit",
        applications=[app({**ext, "limit": "15个工作日"}, decided("2025-11-14T10:00"))],
    )


def test_42_1_extension_in_ri_is_read_as_working_days() -> None:
    # "十日" of Art 42 written as "10日" on the record: Art 82 reads it as 10 working days -> due 11-13
    ext = {
        "kind": "extended",
        "at": "2025-10-28T10:00",
        "limit": "10日",
        "approved_by": "局长",
        "told_applicant": True,
    }
    assert not run(
        "admin-licensing-law/decision-within-limit", applications=[app(ext, decided("2025-11-13T10:00"))]
    )


def test_42_2_joint_handling_45_working_days() -> None:
    joint = {"joint": True, "lead_department": "D1"}
    items = [{**ITEMS[0], "statutory_limit": None}]
    (f,) = run(
        "admin-licensing-law/decision-within-limit",
        items=items,
        applications=[app(decided("2025-12-05T10:00"), **joint)],
    )
    assert f.evidence["due"] == "2025-12-04" and f.clauses == [f"{L}:42.2"]
    assert not run(
        "admin-licensing-law/decision-within-limit",
        items=items,
        applications=[app(decided("2025-12-04T10:00"), **joint)],
    )


def test_42_joint_handling_under_another_laws_period_cites_42_1() -> None:
    """A joint application (42.2) for an item whose 30 working days another law sets: the period is that
    law's, binding through 42.1's proviso (但是，法律、法规另有规定的，依照其规定); 42.2's 45 days are not the
    period. Accepted Fri 26 September 2025: the 30th working day is Thu 13 November, the 31st Fri 14
    November (table above). Decided on the 31st it is late by 42.1 and within 42.2's 45 days (Thu 4
    December): the finding cites 42.1 alone, and so does its count (it cited 42.2 before 2026-12)."""
    joint = {"joint": True, "lead_department": "D1"}
    items = [{**ITEMS[0], "statutory_limit": "30个工作日"}]
    (f,) = run(
        "admin-licensing-law/decision-within-limit",
        items=items,
        applications=[app(decided("2025-11-14T10:00"), **joint)],
    )
    assert f.evidence["due"] == "2025-11-13" and f.evidence["other_law_limit"] is True
    assert f.clauses == [f"{L}:42.1"]
    assert f"{L}:42.1" in f.evidence["basis"] and f"{L}:42.2" not in f.evidence["basis"]
    assert not run(
        "admin-licensing-law/decision-within-limit",
        items=items,
        applications=[app(decided("2025-11-13T10:00"), **joint)],
    )


def test_42_joint_extension_under_another_laws_period_cites_42_1() -> None:
    """extension-approved follows decision-within-limit: a joint application whose 30 working days another
    law sets runs no 45 days, so its extension is no 42.2 extension (四十五日内不能办结的，经本级人民政府负责人
    批准，可以延长十五日 extends the 45 days); it binds through 42.1's proviso. An extension told on Tue 28
    October 2025 recorded as approved by no one cites 42.1 and names 42.1's approver (it cited 42.2 and 本级人民
    政府负责人 before 2026-12). A joint application under the joint 45 days (no item limit) still cites 42.2;
    so does the 15-day cap when other-law-extension-cap = capped applies it to the other law's period."""
    joint = {"joint": True, "lead_department": "D1"}
    ext = {
        "kind": "extended",
        "at": "2025-10-28T10:00",
        "limit": "10个工作日",
        "told_applicant": True,
        "approved_by": None,  # recorded as approved by no one
    }
    other = [{**ITEMS[0], "statutory_limit": "30个工作日"}]
    (f,) = run("admin-licensing-law/extension-approved", items=other, applications=[app(ext, **joint)])
    assert f.clauses == [f"{L}:42.1"] and "本行政机关负责人" in f.message
    (g,) = run(
        "admin-licensing-law/extension-approved",
        items=[{**ITEMS[0], "statutory_limit": None}],
        applications=[app(ext, **joint)],
    )
    assert g.clauses == [f"{L}:42.2"] and "本级人民政府负责人" in g.message
    big = {**ext, "limit": "16个工作日", "approved_by": "副市长"}
    (h,) = run(
        "admin-licensing-law/extension-approved",
        items=other,
        applications=[app(big, **joint)],
        interpretations={"admin-licensing-law.other-law-extension-cap": "capped"},
    )
    assert h.clauses == [f"{L}:42.2"] and h.evidence["extension_total_working_days"] == 16
    assert not run("admin-licensing-law/extension-approved", items=other, applications=[app(big, **joint)])


def test_45_pause_with_written_notice_is_excluded() -> None:
    # expert review 10-13 .. 10-17 (5 working days) notified in writing: due moves from 10-30 to 11-06
    pause = [
        {
            "kind": "paused",
            "at": "2025-10-13T09:00",
            "procedure": "expert_review",
            "written": True,
            "told_applicant": True,
        },
        {"kind": "resumed", "at": "2025-10-17T17:00"},
    ]
    assert not run(
        "admin-licensing-law/decision-within-limit", applications=[app(*pause, decided("2025-11-06T10:00"))]
    )
    assert not run("admin-licensing-law/excluded-period-notified", applications=[app(*pause)])
    unwritten = [{**pause[0], "written": False}, pause[1]]
    assert run("admin-licensing-law/excluded-period-notified", applications=[app(*unwritten)])
    # the notice not recorded either way (written None) is no finding of this rule
    unrecorded = [{**pause[0], "written": None}, pause[1]]
    assert not run("admin-licensing-law/excluded-period-notified", applications=[app(*unrecorded)])
    (f,) = run(
        "admin-licensing-law/decision-within-limit",
        applications=[app(*unwritten, decided("2025-11-06T10:00"))],
    )
    assert f.evidence["due"] == "2025-10-30" and f.evidence["ignored_pauses"][0]["why"] == "no written notice"


def test_45_pause_for_unlisted_procedure_is_not_excluded() -> None:
    pause = [
        {"kind": "paused", "at": "2025-10-13T09:00", "procedure": "other", "written": True},
        {"kind": "resumed", "at": "2025-10-17T17:00"},
    ]
    assert run(
        "admin-licensing-law/decision-within-limit", applications=[app(*pause, decided("2025-11-06T10:00"))]
    )


def test_45_pause_never_makes_a_timely_decision_late() -> None:
    # hand-picked pauses of the property: with or without an excluded pause, a decision on 10-30 is in time
    base = [decided("2025-10-30T10:00")]
    for start, end in (
        ("2025-09-28", "2025-09-29"),
        ("2025-10-09", "2025-10-20"),
        ("2025-10-29", "2025-10-30"),
    ):
        pause = [
            {"kind": "paused", "at": f"{start}T09:00", "procedure": "testing", "written": True},
            {"kind": "resumed", "at": f"{end}T17:00"},
        ]
        assert not run("admin-licensing-law/decision-within-limit", applications=[app(*pause, *base)])


# -- Art 44 -----------------------------------------------------------------------------------------


def test_44_fires_when_certificate_after_10_working_days() -> None:
    # decision Thu 10-30 -> 10 working days -> Thu 11-13
    ok = app(decided("2025-10-30T10:00"), {"kind": "picked_up", "at": "2025-11-13T15:00"})
    assert not run("admin-licensing-law/certificate-within-limit", applications=[ok])
    late = app(decided("2025-10-30T10:00"), {"kind": "picked_up", "at": "2025-11-14T09:00"})
    (f,) = run("admin-licensing-law/certificate-within-limit", applications=[late])
    assert f.evidence["due"] == "2025-11-13"
    assert run(
        "admin-licensing-law/certificate-within-limit",
        applications=[app(decided("2025-10-30T10:00"))],
        as_of=date(2025, 11, 14),
    )
    assert not run(
        "admin-licensing-law/certificate-within-limit",
        applications=[app(decided("2025-10-30T10:00"))],
        as_of=date(2025, 11, 13),
    )
    assert not run(
        "admin-licensing-law/certificate-within-limit",
        applications=[app(decided("2025-10-30T10:00", outcome="denied"))],
    )


def test_44_pickup_notice_counts_as_issue_by_default() -> None:
    notified = app(
        decided("2025-10-30T10:00"),
        {"kind": "pickup_notified", "at": "2025-11-12T10:00"},
        {"kind": "picked_up", "at": "2025-11-20T10:00"},
    )
    assert not run("admin-licensing-law/certificate-within-limit", applications=[notified])
    assert run(
        "admin-licensing-law/certificate-within-limit",
        applications=[notified],
        interpretations={"admin-licensing-law.issue-event": "delivered"},
    )


# -- Art 50 -----------------------------------------------------------------------------------------

RENEWAL = {"kind": "renewal", "licence_expires_on": "2025-11-30"}  # Sunday


def renewal(filed: str, *events: dict) -> dict:
    return app(
        *events,
        accepted=None,
        received_at=f"{filed}T09:00",
        events=[{"kind": "received", "at": f"{filed}T09:00"}, *events],
        **RENEWAL,
    )


def test_50_1_fires_when_renewal_filed_late() -> None:
    # expiry Sun 11-30: filed Fri 10-31 + 30 days = 11-30 (in time, the holiday roll of the end does not
    # count against the licensee); filed Sat 11-01 + 30 days = 12-01, after expiry
    assert not run("admin-licensing-law/renewal-filed-in-time", applications=[renewal("2025-10-31")])
    (f,) = run("admin-licensing-law/renewal-filed-in-time", applications=[renewal("2025-11-01")])
    assert f.evidence["lead_ends_on"] == "2025-12-01"
    assert run(
        "admin-licensing-law/renewal-filed-in-time",
        applications=[renewal("2025-10-31")],
        interpretations={"admin-licensing-law.renewal-lead-unit": "working_days"},
    )


def test_50_2_undecided_renewal_is_deemed_granted() -> None:
    (f,) = run(
        "admin-licensing-law/renewal-decided-before-expiry",
        applications=[renewal("2025-10-31")],
        as_of=date(2025, 12, 1),
    )
    assert f.evidence["deemed_granted"] is True and "视为准予延续" in f.message
    assert not run(
        "admin-licensing-law/renewal-decided-before-expiry",
        applications=[renewal("2025-10-31")],
        as_of=date(2025, 11, 30),
    )
    assert not run(
        "admin-licensing-law/renewal-decided-before-expiry",
        applications=[renewal("2025-10-31", decided("2025-11-28T10:00"))],
    )
    (g,) = run(
        "admin-licensing-law/renewal-decided-before-expiry",
        applications=[renewal("2025-10-31", decided("2025-12-02T10:00", outcome="denied"))],
    )
    assert "相抵触" in g.message


def test_50_2_late_filing_is_not_deemed_granted_by_default() -> None:
    assert not run(
        "admin-licensing-law/renewal-decided-before-expiry",
        applications=[renewal("2025-11-01")],
        as_of=date(2025, 12, 5),
    )
    assert run(
        "admin-licensing-law/renewal-decided-before-expiry",
        applications=[renewal("2025-11-01")],
        as_of=date(2025, 12, 5),
        interpretations={"admin-licensing-law.late-renewal": "all"},
    )


def test_rules_ignore_non_licensing_items() -> None:
    a = app(decided("2025-12-20T10:00"), item_code="P1")
    for rid in ("decision-within-limit", "certificate-within-limit", "acceptance-written-receipt"):
        assert not run(f"{L}/{rid}", applications=[a])


# -- properties and the inventory -----------------------------------------------------------------

_DAYS = [date(2025, 9, 27) + timedelta(days=i) for i in range(40)]  # test inputs 09-27 .. 11-05


@settings(max_examples=40)
@given(
    decided_day=st.sampled_from(_DAYS),
    start=st.sampled_from(_DAYS),
    length=st.integers(min_value=0, max_value=10),
    procedure=st.sampled_from(sorted(["hearing", "testing", "expert_review", "appraisal"])),
)
def test_property_an_excluded_pause_never_makes_a_timely_decision_late(
    decided_day: date, start: date, length: int, procedure: str
) -> None:
    end = _DAYS[min(_DAYS.index(start) + length, len(_DAYS) - 1)]
    decision = decided(f"{decided_day.isoformat()}T10:00")
    without = run("admin-licensing-law/decision-within-limit", applications=[app(decision)])
    pause = [
        {"kind": "paused", "at": f"{start.isoformat()}T09:00", "procedure": procedure, "written": True},
        {"kind": "resumed", "at": f"{end.isoformat()}T17:00"},
    ]
    with_pause = run("admin-licensing-law/decision-within-limit", applications=[app(*pause, decision)])
    if not without:
        assert not with_pause


# (parameter, clause, the figure as the article writes it)
_FIGURES = [
    ("correction_notice_limit", "32.4", "五日"),
    ("decision_limit", "42.1", "二十日"),
    ("decision_extension_max", "42.1", "十日"),
    ("joint_decision_limit", "42.2", "四十五日"),
    ("joint_extension_max", "42.2", "十五日"),
    ("lower_review_limit", "43", "二十日"),
    ("certificate_limit", "44", "十日"),
    ("hearing_request_period", "47.1", "五日"),
    ("hearing_within", "47.1", "二十日"),
    ("hearing_notice_lead", "48", "七日"),
    ("renewal_lead_days", "50.1", "三十日"),
]
_CN = {"五": 5, "七": 7, "十": 10, "十五": 15, "二十": 20, "三十": 30, "四十五": 45}


def test_parameters_carry_the_figures_the_articles_state() -> None:
    std = get(L)
    params = default_parameters()
    for name, clause, figure in _FIGURES:
        assert figure in std.clause(clause).text, (clause, figure)
        value = params.get(f"{L}.{name}").value
        amount = int(str(value).split("个")[0]) if isinstance(value, str) else int(value)
        assert amount == _CN[figure[:-1]], (name, value, figure)
        assert str(params.parameters[f"{L}.{name}"].clause) == f"{L}:{clause}"
        if isinstance(value, str):
            assert value.endswith("个工作日"), f"{name}: Art 82 makes the agency's periods working days"


def test_inventory_covers_the_required_articles_in_order() -> None:
    ids = [c.id for c in get(L).clauses]
    articles = [int(i.split(".")[0]) for i in ids]
    assert articles == sorted(articles)
    assert set(articles) == {29, 30, 31, 32, 33, 34, 42, 43, 44, 45, 47, 48, 49, 50, 82}


def test_50_1_renewal_filed_in_time_directly_and_without_an_expiry_day() -> None:
    # the public helper, as a platform calls it: Fri 10-31 + 30 days = Sun 11-30, on the expiry day (in
    # time); Sat 11-01 + 30 days = Mon 12-01, after it. Without an expiry day there is nothing to count
    # back from: a clear InputError naming the field and the record (it was a TypeError from `<=` on None).
    from govhall.calendars import calendar
    from govhall.errors import InputError
    from govhall.rules import Context
    from govhall.standards.admin_licensing_law import renewal_filed_in_time

    ds = Dataset.model_validate(
        {"items": ITEMS, "applications": [renewal("2025-10-31")], "as_of": date(2025, 12, 31)}
    )
    ctx = Context(ds, calendar=calendar("CN"), parameters=default_parameters())
    (a,) = ds.applications
    assert renewal_filed_in_time(a, ctx) == (True, date(2025, 11, 30))
    late = a.model_copy(update={"received_at": a.received_at + timedelta(days=1)})
    assert renewal_filed_in_time(late, ctx) == (False, date(2025, 12, 1))
    with pytest.raises(InputError, match="licence_expires_on") as caught:
        renewal_filed_in_time(a.model_copy(update={"licence_expires_on": None}), ctx)
    assert caught.value.detail == {"field": "licence_expires_on", "record": "A1"}


@settings(max_examples=40, deadline=None)
@given(
    accepted=st.sampled_from(_DAYS),
    closed=st.sets(st.sampled_from(_DAYS + [d + timedelta(days=40) for d in _DAYS]), max_size=6),
    opened=st.sets(st.sampled_from([d for d in _DAYS if d.weekday() >= 5]), max_size=3),
)
def test_property_the_hall_calendar_never_moves_the_laws_period(
    accepted: date, closed: set[date], opened: set[date]
) -> None:
    # Art 82 期限以工作日计算，不含法定节假日: whatever days a hall closes or opens of its own, the Art 42
    # decision is due on the 20th statutory working day after acceptance (the national calendar's count).
    from govhall.calendars import calendar
    from govhall.rules import Context
    from govhall.standards.admin_licensing_law import decision_deadline

    cn = calendar("CN")
    hall = cn.with_overrides(closed=sorted(closed - opened), open=sorted(opened - closed))
    ds = Dataset.model_validate(
        {"items": ITEMS, "applications": [app(accepted=f"{accepted}T09:30")], "as_of": date(2025, 12, 31)}
    )
    (a,) = ds.applications
    result = decision_deadline(a, ds.items[0], Context(ds, calendar=hall, parameters=default_parameters()))
    assert result is not None
    assert result[0].due == cn.add_working_days(accepted, 20)


# -- which decided outcomes grant (Art 38 准予行政许可的书面决定, Art 44, Art 50 准予延续) ------------------


@pytest.mark.parametrize(
    "outcome",
    ["准予行政许可", "准予许可", "准予", "予以许可", "同意", "批准", "核准", "准予延续", "准予登记", " 同意。",
     "\u3000准予许可\u3000", "approved", "Approved", "granted"],
)  # fmt: skip
def test_a_hall_s_wordings_of_a_grant_are_grants(outcome: str) -> None:
    from govhall.standards.admin_licensing_law import granted  # imported by the registry, in its order

    event = Event.model_validate(
        {"application_id": "A1", "kind": "decided", "at": "2025-11-03T10:00", "outcome": outcome}
    )
    assert granted(event.outcome)


@pytest.mark.parametrize(
    "outcome",
    [None, "", "不予许可", "不予行政许可", "不同意", "不批准", "不予批准", "不准予", "不予延续", "不予核准",
     "同意不予许可", "denied", "refused", "not_accepted", "已办结", "许可证已颁发"],
)  # fmt: skip
def test_a_refusal_or_another_text_is_not_a_grant(outcome: str | None) -> None:
    from govhall.standards.admin_licensing_law import granted  # imported by the registry, in its order

    assert not granted(outcome)
