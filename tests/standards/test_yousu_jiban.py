"""yousu-jiban rules: per clause, a case that fires and one that does not.

Due dates are worked by hand from the 2025 holiday notice (国庆节、中秋节 1–8 October off; Sunday
28 September and Saturday 11 October worked) and civil-code:201–203. Two weeks used throughout:

* 2025-09-29 (Mon) … 2025-10-11 (Sat, working): across National Day.
* 2025-11-03 (Mon) … 2025-11-14 (Fri): an ordinary fortnight, no holiday.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from govhall.models import Complaint, Dataset, Hall
from govhall.rules import Finding, audit

STD = "yousu-jiban"


def complaint(cid: str = "C1", *, events: list[tuple[str, str] | dict] = (), **kw: Any) -> Complaint:
    """A complaint; ``events`` as (kind, at) pairs or dicts (complaint_id is filled in)."""
    evs = []
    for e in events:
        d = {"kind": e[0], "at": e[1]} if isinstance(e, tuple) else dict(e)
        evs.append({"complaint_id": cid, **d})
    base: dict[str, Any] = {
        "id": cid,
        "channel": "onsite",
        "received_at": "2025-11-03T09:00",
        "content": "办证等待过久",
        "complainant": {"name": "张三", "phone": "13812345678", "address": "某市某路1号"},
        "accepted": True,
        "handler_staff": "S1",
    }
    base.update(kw)
    return Complaint(id=cid, events=evs, **{k: v for k, v in base.items() if k != "id"})


def unlogged(c: Complaint) -> Complaint:
    """``c`` as a record that leaves ``events`` out (its history not recorded)."""
    return Complaint.model_validate(c.model_dump(exclude={"events"}, exclude_unset=True))


def findings(
    rule_id: str,
    *complaints: Complaint,
    as_of: date,
    hall: Hall | None = None,
    interpretations: dict[str, str] | None = None,
    profile: dict | None = None,
) -> list[Finding]:
    ds = Dataset(
        complaints=list(complaints), hall=hall, records=len(complaints) + (hall is not None), as_of=as_of
    )
    report = audit(ds, profile=profile, standards=[STD], interpretations=interpretations)
    assert not [n for n in report.notes if n.kind == "rule_error"], report.notes
    return [f for f in report.findings if f.rule_id == rule_id]


# a general complaint answered and closed in time: the clean baseline (Mon 11-03, 3 days -> Thu 11-06)
CLEAN_EVENTS = [
    ("identity_stated", "2025-11-03T09:01"),
    ("time_limit_told", "2025-11-03T09:10"),
    ("answered", "2025-11-05T10:00"),
    ("closed", "2025-11-05T11:00"),
]


def test_the_clean_complaint_is_silent_on_every_rule() -> None:
    ds = Dataset(
        complaints=[complaint(events=CLEAN_EVENTS, recorded_fields=[])], records=1, as_of=date(2025, 11, 30)
    )
    assert audit(ds, standards=[STD]).findings == []


# -- 服务机构 ------------------------------------------------------------------------------------------


def test_fuwujigou_1_desk_signposted() -> None:
    assert findings(
        "yousu-jiban/desk-signposted",
        as_of=date(2025, 11, 3),
        hall=Hall(id="H", name="某中心", complaint_desk_signposted=False),
    )
    assert not findings(
        "yousu-jiban/desk-signposted",
        as_of=date(2025, 11, 3),
        hall=Hall(id="H", name="某中心", complaint_desk_signposted=True),
    )
    assert not findings(
        "yousu-jiban/desk-signposted", as_of=date(2025, 11, 3), hall=Hall(id="H", name="某中心")
    )


def test_fuwujigou_2_acceptance_ways_published() -> None:
    assert findings(
        "yousu-jiban/acceptance-ways-published",
        as_of=date(2025, 11, 3),
        hall=Hall(id="H", name="某中心", complaint_acceptance_published=False),
    )
    assert not findings(
        "yousu-jiban/acceptance-ways-published",
        as_of=date(2025, 11, 3),
        hall=Hall(id="H", name="某中心", complaint_acceptance_published=True),
    )


# -- 不予受理 / 受理内容 ----------------------------------------------------------------------------------


def test_buyushouli_accepted_despite_exclusion_litigation() -> None:
    c = complaint(facts={"litigation": True, "in_petition": True}, events=CLEAN_EVENTS)
    [f] = findings("yousu-jiban/accepted-despite-exclusion", c, as_of=date(2025, 11, 30))
    assert f.clauses == ["yousu-jiban:不予受理.1"]  # the first matching item
    assert f.evidence["refusal_grounds"] == ["other_procedure", "in_petition"]
    refused = complaint(
        facts={"litigation": True}, accepted=False, category="other_procedure", refusal_reason="应诉讼"
    )
    assert not findings("yousu-jiban/accepted-despite-exclusion", refused, as_of=date(2025, 11, 30))


@pytest.mark.parametrize(("n", "facts"), [(4, {"emergency": "120"}), (7, {"other_excluded": True})])
def test_buyushouli_accepted_despite_exclusion_cites_the_item(n: int, facts: dict) -> None:
    [f] = findings("yousu-jiban/accepted-despite-exclusion", complaint(facts=facts), as_of=date(2025, 11, 30))
    assert f.clauses == [f"yousu-jiban:不予受理.{n}"]


def test_shouli_neirong_refused_without_ground() -> None:
    c = complaint(accepted=False, refusal_reason="不归我们管")
    [f] = findings("yousu-jiban/refused-without-ground", c, as_of=date(2025, 11, 3))
    assert f.clauses == ["yousu-jiban:受理内容"]
    wrong = complaint(
        accepted=False, category="in_petition", refusal_reason="已信访", facts={"unclear": True}
    )
    [f] = findings("yousu-jiban/refused-without-ground", wrong, as_of=date(2025, 11, 3))
    assert f.clauses == ["yousu-jiban:不予受理.2"] and f.evidence["refusal_grounds"] == [
        "malicious_or_unclear"
    ]
    # refused on a ground the facts show (the second of two grounds is fine too): silent
    ok = complaint(
        accepted=False,
        category="unlawful_demand",
        refusal_reason="违法诉求",
        facts={"unlawful_demand": True, "unclear": True},
    )
    assert not findings("yousu-jiban/refused-without-ground", ok, as_of=date(2025, 11, 3))
    # out of jurisdiction is left to out-of-jurisdiction-referred
    other = complaint(accepted=False, refusal_reason="非本级", facts={"out_of_jurisdiction": True})
    assert not findings("yousu-jiban/refused-without-ground", other, as_of=date(2025, 11, 3))


# -- 处置流程.受理 --------------------------------------------------------------------------------------


def test_shouli_1_2_identity_stated() -> None:
    onsite = complaint(events=[("answered", "2025-11-03T09:30")])
    [f] = findings("yousu-jiban/identity-stated", onsite, as_of=date(2025, 11, 3))
    assert f.clauses == ["yousu-jiban:处置流程.受理.1"]
    phone = complaint(channel="phone", events=[("answered", "2025-11-03T09:30")])
    [f] = findings("yousu-jiban/identity-stated", phone, as_of=date(2025, 11, 3))
    assert f.clauses == ["yousu-jiban:处置流程.受理.2"]
    told = complaint(events=[("identity_stated", "2025-11-03T09:00"), ("answered", "2025-11-03T09:30")])
    assert not findings("yousu-jiban/identity-stated", told, as_of=date(2025, 11, 3))
    # a history given empty records that nothing was done, 亮明身份 included
    [f] = findings("yousu-jiban/identity-stated", complaint(), as_of=date(2025, 11, 3))
    assert f.clauses == ["yousu-jiban:处置流程.受理.1"]
    # no history recorded at all (events left out, no complaint keeping one): not judged
    assert not findings("yousu-jiban/identity-stated", unlogged(complaint()), as_of=date(2025, 11, 3))
    # a letter: not 现场/电话受理
    assert not findings(
        "yousu-jiban/identity-stated",
        complaint(channel="letter", events=[("answered", "2025-11-04")]),
        as_of=date(2025, 11, 30),
    )


def test_shouli_1_shenhe_1_on_the_spot() -> None:
    facts = {"simple": True, "on_site": True, "general_question": True}
    late = complaint(facts=facts, events=[("answered", "2025-11-04T09:00")])
    [f] = findings("yousu-jiban/on-the-spot", late, as_of=date(2025, 11, 30))
    assert f.clauses == ["yousu-jiban:处置流程.审核.1"] and f.evidence["due"] == "2025-11-03"
    assert findings("yousu-jiban/on-the-spot", complaint(facts=facts), as_of=date(2025, 11, 4))
    assert not findings("yousu-jiban/on-the-spot", complaint(facts=facts), as_of=date(2025, 11, 3))
    ok = complaint(facts=facts, events=[("answered", "2025-11-03T16:00")])
    assert not findings("yousu-jiban/on-the-spot", ok, as_of=date(2025, 11, 30))


def test_shouli_3_remote_response_one_working_day() -> None:
    # a letter logged Fri 2025-09-26: the next working day is Sun 2025-09-28 (调休), so Mon 09-29 is late.
    late = complaint(
        channel="letter", received_at="2025-09-26T10:00", events=[("responded", "2025-09-29T09:00")]
    )
    [f] = findings("yousu-jiban/remote-response-one-working-day", late, as_of=date(2025, 9, 30))
    assert f.evidence["due"] == "2025-09-28" and f.on == date(2025, 9, 28)
    ok = complaint(
        channel="letter", received_at="2025-09-26T10:00", events=[("responded", "2025-09-28T09:00")]
    )
    assert not findings("yousu-jiban/remote-response-one-working-day", ok, as_of=date(2025, 9, 30))
    # online on Tue 2025-09-30: due Thu 10-09 (the holiday in between); no response yet on 10-09 is not late
    pending = complaint(channel="website", received_at="2025-09-30T17:00")
    assert not findings("yousu-jiban/remote-response-one-working-day", pending, as_of=date(2025, 10, 9))
    assert findings("yousu-jiban/remote-response-one-working-day", pending, as_of=date(2025, 10, 10))
    # on-site complaints are outside 处置流程.受理.3
    assert not findings("yousu-jiban/remote-response-one-working-day", complaint(), as_of=date(2025, 11, 30))


def test_shouli_4_refusal_reason_told() -> None:
    c = complaint(accepted=False, category="in_petition", facts={"in_petition": True}, refusal_reason=None)
    [f] = findings("yousu-jiban/refusal-reason-told", c, as_of=date(2025, 11, 3))
    assert f.clauses == ["yousu-jiban:处置流程.受理.4"]
    # left out, alone in the dataset: not judged (yousu-jiban.unrecorded-refusal-reason)
    left_out = complaint(accepted=False, category="in_petition", facts={"in_petition": True})
    assert not findings("yousu-jiban/refusal-reason-told", left_out, as_of=date(2025, 11, 3))
    told = c.model_copy(update={"refusal_reason": "您的诉求已进入信访渠道"})
    assert not findings("yousu-jiban/refusal-reason-told", told, as_of=date(2025, 11, 3))


def test_shouli_4_out_of_jurisdiction_referred() -> None:
    facts = {"out_of_jurisdiction": True, "jurisdiction": "省政务服务中心"}
    refused = complaint(accepted=False, refusal_reason="不归本级", facts=facts)
    [f] = findings("yousu-jiban/out-of-jurisdiction-referred", refused, as_of=date(2025, 11, 3))
    assert "不予受理" in f.message
    unreferred = complaint(facts=facts)
    assert findings("yousu-jiban/out-of-jurisdiction-referred", unreferred, as_of=date(2025, 11, 4))
    # neither referral nor history recorded: the referral is not on record, not judged missing
    assert not findings(
        "yousu-jiban/out-of-jurisdiction-referred", unlogged(unreferred), as_of=date(2025, 11, 4)
    )
    referred = complaint(facts=facts, events=[("referred", "2025-11-03T10:00")])
    assert not findings("yousu-jiban/out-of-jurisdiction-referred", referred, as_of=date(2025, 11, 4))
    assert not findings(
        "yousu-jiban/out-of-jurisdiction-referred",
        complaint(facts=facts, referral="省政务服务中心"),
        as_of=date(2025, 11, 4),
    )


def test_shouli_5_record_elements() -> None:
    c = complaint(complainant={"name": "张三"}, content="")
    [f] = findings("yousu-jiban/record-elements", c, as_of=date(2025, 11, 3))
    assert f.evidence["missing"] == ["address", "phone", "content"]
    # the message names them in the clause's words (受理.5: 姓名、地址、联系电话、时间、方式、诉求)
    assert f.message == "受理记录缺少要素：地址、联系电话、诉求"
    listed = complaint(complainant={"name": "张三"}, recorded_fields=["address", "phone"])
    assert not findings("yousu-jiban/record-elements", listed, as_of=date(2025, 11, 3))
    assert not findings("yousu-jiban/record-elements", complaint(), as_of=date(2025, 11, 3))


def test_findings_never_show_the_complainants_personal_data() -> None:
    c = complaint(complainant={"name": "张三丰", "phone": "13812345678"}, content="")
    ds = Dataset(complaints=[c], records=1, as_of=date(2025, 11, 30))
    report = audit(ds, standards=[STD])
    assert [f for f in report.findings if f.rule_id == "yousu-jiban/record-elements"]
    assert "张三丰" in report.model_dump_json()  # the unmasked report does carry it …
    rendered = report.masked().model_dump_json()
    assert "张三丰" not in rendered and "13812345678" not in rendered  # … the masked one never does
    assert json.loads(rendered)["personal_data_masked"] is True


# -- 处置流程.审核 --------------------------------------------------------------------------------------


def test_shenhe_2_simple_remote_one_working_day() -> None:
    # phone, Tue 2025-09-30 16:00: 1 working day -> Thu 2025-10-09.
    late = complaint(
        channel="phone",
        received_at="2025-09-30T16:00",
        facts={"simple": True},
        events=[("answered", "2025-10-10T09:00")],
    )
    [f] = findings("yousu-jiban/simple-remote-one-working-day", late, as_of=date(2025, 10, 31))
    assert f.evidence["due"] == "2025-10-09"
    ok = complaint(
        channel="phone",
        received_at="2025-09-30T16:00",
        facts={"simple": True},
        events=[("answered", "2025-10-09T17:00")],
    )
    assert not findings("yousu-jiban/simple-remote-one-working-day", ok, as_of=date(2025, 10, 31))


def test_shenhe_4_outside_service_forwarded() -> None:
    facts = {"outside_government_service": True, "jurisdiction": "物业公司"}
    assert findings("yousu-jiban/outside-service-forwarded", complaint(facts=facts), as_of=date(2025, 11, 4))
    assert not findings(
        "yousu-jiban/outside-service-forwarded", unlogged(complaint(facts=facts)), as_of=date(2025, 11, 4)
    )
    untold = complaint(
        facts=facts, events=[{"kind": "referred", "at": "2025-11-03T10:00", "told_applicant": False}]
    )
    [f] = findings("yousu-jiban/outside-service-forwarded", untold, as_of=date(2025, 11, 4))
    assert "告知" in f.message
    ok = complaint(
        facts=facts, events=[{"kind": "referred", "at": "2025-11-03T10:00", "told_applicant": True}]
    )
    assert not findings("yousu-jiban/outside-service-forwarded", ok, as_of=date(2025, 11, 4))


def test_shenhe_5_time_limit_told() -> None:
    c = complaint(events=[("answered", "2025-11-05T10:00")])
    assert findings("yousu-jiban/time-limit-told", c, as_of=date(2025, 11, 5))
    told = complaint(events=[("time_limit_told", "2025-11-03T09:05"), ("answered", "2025-11-05T10:00")])
    assert not findings("yousu-jiban/time-limit-told", told, as_of=date(2025, 11, 5))
    same_day = complaint(events=[("answered", "2025-11-03T10:00")])
    assert not findings("yousu-jiban/time-limit-told", same_day, as_of=date(2025, 11, 5))
    # given empty, nothing was said; left out in a dataset keeping no histories, not recorded
    assert findings("yousu-jiban/time-limit-told", complaint(), as_of=date(2025, 11, 4))
    assert not findings("yousu-jiban/time-limit-told", unlogged(complaint()), as_of=date(2025, 11, 4))


def test_shenhe_5_extension_told() -> None:
    ext = {"kind": "extended", "at": "2025-11-05T10:00", "limit": "3天", "reason": "需现场核查"}
    c = complaint(events=[{**ext, "told_applicant": False}])
    [f] = findings("yousu-jiban/extension-told", c, as_of=date(2025, 11, 5))
    # with its length and reason, but recorded as not told to the complainant: only that is missing
    assert f.message == "延长办理时限未告知延长时限和理由（缺：告知诉求人）"
    # whether it was told left unrecorded is no finding
    assert not findings("yousu-jiban/extension-told", complaint(events=[ext]), as_of=date(2025, 11, 5))
    told = complaint(
        events=[
            {
                "kind": "extended",
                "at": "2025-11-05T10:00",
                "limit": "3天",
                "reason": "需现场核查",
                "told_applicant": True,
            }
        ]
    )
    assert not findings("yousu-jiban/extension-told", told, as_of=date(2025, 11, 5))


def test_shenhe_6_violation_handed_over() -> None:
    c = complaint(facts={"suspected_violation": True})
    assert findings("yousu-jiban/violation-handed-over", c, as_of=date(2025, 11, 4))
    ok = complaint(facts={"suspected_violation": True}, events=[("transferred", "2025-11-03T15:00")])
    assert not findings("yousu-jiban/violation-handed-over", ok, as_of=date(2025, 11, 4))
    assert not findings("yousu-jiban/violation-handed-over", unlogged(c), as_of=date(2025, 11, 4))


# -- 处置流程.办理 --------------------------------------------------------------------------------------


def national_day(answer: str | None, **kw: Any) -> Complaint:
    """A general complaint received Mon 2025-09-29, 工作单 sent Tue 2025-09-30."""
    evs: list[tuple[str, str]] = [("worksheet_sent", "2025-09-30T10:00")]
    if answer:
        evs.append(("answered", answer))
    return complaint(received_at="2025-09-29T15:00", events=evs, **kw)


def test_banli_1_tier_deadline_calendar_days() -> None:
    # 3 calendar days after Tue 09-30 = Fri 10-03, a holiday -> Thu 2025-10-09.
    assert not findings(
        "yousu-jiban/tier-deadline", national_day("2025-10-09T16:00"), as_of=date(2025, 10, 31)
    )
    [f] = findings("yousu-jiban/tier-deadline", national_day("2025-10-10T09:00"), as_of=date(2025, 10, 31))
    assert f.evidence["due"] == "2025-10-09" and f.evidence["start"] == "2025-09-30"
    assert "civil-code:203" in f.evidence["basis"]
    assert not findings("yousu-jiban/tier-deadline", national_day(None), as_of=date(2025, 10, 9))
    assert findings("yousu-jiban/tier-deadline", national_day(None), as_of=date(2025, 10, 10))


def test_banli_1_tier_deadline_working_days_and_clock_start() -> None:
    # 3 working days after Tue 09-30: 10-09, 10-10, Sat 10-11 (调休) -> an answer on Sat 10-11 is in time.
    wd = {"yousu-jiban.day-unit": "working_days"}
    assert not findings(
        "yousu-jiban/tier-deadline",
        national_day("2025-10-11T10:00"),
        as_of=date(2025, 10, 31),
        interpretations=wd,
    )
    assert findings(
        "yousu-jiban/tier-deadline",
        national_day("2025-10-13T10:00"),
        as_of=date(2025, 10, 31),
        interpretations=wd,
    )
    # counted from receipt (Mon 09-29) with working days: 09-30, 10-09, 10-10 -> an answer on 10-11 is late.
    both = {**wd, "yousu-jiban.clock-start": "received"}
    [f] = findings(
        "yousu-jiban/tier-deadline",
        national_day("2025-10-11T10:00"),
        as_of=date(2025, 10, 31),
        interpretations=both,
    )
    assert f.evidence["due"] == "2025-10-10" and f.evidence["start_from"] == "received"


def test_banli_1_tier_deadline_recorded_tier_extension_and_major() -> None:
    # recorded multi-department tier: Mon 11-03 + 7 days = Mon 11-10
    multi = complaint(tier="multi_department", events=[("answered", "2025-11-11T09:00")])
    [f] = findings("yousu-jiban/tier-deadline", multi, as_of=date(2025, 11, 30))
    assert f.evidence["due"] == "2025-11-10"
    # general 11-06 plus a told 3-day extension: 11-06 + 3 days = Sun 11-09 -> Mon 11-10
    ext = complaint(
        events=[
            {
                "kind": "extended",
                "at": "2025-11-05T10:00",
                "limit": "3天",
                "reason": "核查",
                "told_applicant": True,
            },
            ("answered", "2025-11-10T09:00"),
        ]
    )
    assert not findings("yousu-jiban/tier-deadline", ext, as_of=date(2025, 11, 30))
    # major: Fri 2025-01-31 + 1 month = Fri 02-28; an unapproved extension does not count (经批准)

    def major(**approval: str | None) -> Complaint:
        """A major matter extended on 02-20 by its 1-month plan (approval as given, or left out),
        answered on 03-10."""
        plan = {"kind": "extended", "at": "2025-02-20T10:00", "limit": "1个月", "reason": "方案"}
        return complaint(
            received_at="2025-01-31T09:00",
            facts={"major": True},
            events=[{**plan, "told_applicant": True, **approval}, ("answered", "2025-03-10T09:00")],
        )

    [f] = findings("yousu-jiban/tier-deadline", major(approved_by=None), as_of=date(2025, 3, 31))
    assert f.evidence["due"] == "2025-02-28"  # approved_by null: recorded as not approved
    # the approval left out, and no complaint extension records one: not on record, the plan counts
    # (02-28 + 1 month = 03-28; answered 03-10 in time)
    unrecorded = major()
    assert not findings("yousu-jiban/tier-deadline", unrecorded, as_of=date(2025, 3, 31))
    assert findings(
        "yousu-jiban/tier-deadline",
        unrecorded,
        as_of=date(2025, 3, 31),
        interpretations={"yousu-jiban.unrecorded-approval": "unapproved"},
    )
    approved = major(approved_by="中心主任")
    assert not findings("yousu-jiban/tier-deadline", approved, as_of=date(2025, 3, 31))


def test_banli_1_tier_deadline_skips_refused_and_referred() -> None:
    refused = complaint(
        accepted=False, category="in_petition", refusal_reason="x", facts={"in_petition": True}
    )
    referred = complaint("C2", facts={"out_of_jurisdiction": True}, referral="省中心")
    assert not findings("yousu-jiban/tier-deadline", refused, referred, as_of=date(2025, 12, 31))


def test_banli_1_track_to_closure() -> None:
    answered = national_day("2025-10-09T16:00")
    assert not findings("yousu-jiban/track-to-closure", answered, as_of=date(2025, 10, 9))
    [f] = findings("yousu-jiban/track-to-closure", answered, as_of=date(2025, 10, 10))
    assert f.evidence["due"] == "2025-10-09"
    closed = complaint(
        received_at="2025-09-29T15:00",
        events=[("worksheet_sent", "2025-09-30T10:00"), ("closed", "2025-10-20T10:00")],
    )
    assert not findings("yousu-jiban/track-to-closure", closed, as_of=date(2025, 10, 31))


def test_banli_2_worksheet_deadline() -> None:
    ws = {
        "name_or_org": "张三",
        "phone": "138",
        "reported_at": "2025-11-03T09:00",
        "category": "投诉",
        "address": "某路",
        "content": "办证慢",
        "departments": "市场监管局",
        "deadline": "2025-11-06",
        "worksheet_contact": "李四",
        "worksheet_phone": "0755",
    }
    assert not findings("yousu-jiban/worksheet-deadline", complaint(worksheet=ws), as_of=date(2025, 11, 3))
    no_deadline = complaint(worksheet={**ws, "deadline": None})
    [f] = findings("yousu-jiban/worksheet-deadline", no_deadline, as_of=date(2025, 11, 3))
    assert f.evidence["missing"] == ["deadline"]
    # general from Mon 11-03: due Thu 11-06; a 完成时限 of Fri 11-07 promises more than the standard allows
    too_late = complaint(worksheet={**ws, "deadline": "2025-11-07"})
    [f] = findings("yousu-jiban/worksheet-deadline", too_late, as_of=date(2025, 11, 3))
    assert f.evidence == {"deadline": "2025-11-07", "due": "2025-11-06", "tier": "general", "limit": "3天"}


def test_appendix_a_worksheet_fields() -> None:
    ws = {"departments": "市场监管局", "deadline": "2025-11-06", "content": "办证慢"}
    [f] = findings("yousu-jiban/worksheet-fields", complaint(worksheet=ws), as_of=date(2025, 11, 3))
    assert (
        f.severity == "info"
        and "name_or_org" in f.evidence["missing"]
        and "content" not in f.evidence["missing"]
    )
    # the annex's own words for the empty fields, in its order
    assert f.message == (
        "《工作单》缺少栏目：姓名或单位名称、联系电话、诉求反应时间、诉求反应类别、联系地址、工作单联系人、工作单联系人电话"
    )
    full = {
        **ws,
        "name_or_org": "张三",
        "phone": "138",
        "reported_at": "2025-11-03T09:00",
        "category": "投诉",
        "address": "某路",
        "worksheet_contact": "李四",
        "worksheet_phone": "0755",
    }
    assert not findings("yousu-jiban/worksheet-fields", complaint(worksheet=full), as_of=date(2025, 11, 3))


def test_banli_2_lead_department() -> None:
    c = complaint(facts={"departments": ["市场监管局", "税务局"]}, lead_department=None)
    [f] = findings("yousu-jiban/lead-department", c, as_of=date(2025, 11, 3))
    assert f.evidence["departments"] == ["市场监管局", "税务局"]
    assert findings(
        "yousu-jiban/lead-department",
        complaint(co_departments=["a", "b"], lead_department=None),
        as_of=date(2025, 11, 3),
    )
    # left out, alone in the dataset: not judged (yousu-jiban.unrecorded-lead-department)
    assert not findings(
        "yousu-jiban/lead-department", complaint(co_departments=["a", "b"]), as_of=date(2025, 11, 3)
    )
    led = complaint(facts={"departments": ["市场监管局", "税务局"]}, lead_department="市场监管局")
    assert not findings("yousu-jiban/lead-department", led, as_of=date(2025, 11, 3))


# -- 处置流程.督办 --------------------------------------------------------------------------------------


def sent(*events: tuple[str, str] | dict, **kw: Any) -> Complaint:
    """General, 工作单 Mon 2025-11-03: due Thu 11-06; 催办 expected from Wed 11-05 (1 working day before);
    督办 due by Fri 11-07 (1 working day after)."""
    return complaint(events=[("worksheet_sent", "2025-11-03T10:00"), *events], **kw)


def test_duban_1_urge_before_due() -> None:
    [f] = findings(
        "yousu-jiban/urge-before-due", sent(("answered", "2025-11-06T15:00")), as_of=date(2025, 11, 30)
    )
    assert f.stage == "yellow" and f.evidence["urge_from"] == "2025-11-05" and f.on == date(2025, 11, 5)
    urged = sent(("urged", "2025-11-05T09:00"), ("answered", "2025-11-06T15:00"))
    assert not findings("yousu-jiban/urge-before-due", urged, as_of=date(2025, 11, 30))
    early = sent(("answered", "2025-11-05T15:00"))  # answered by the end of the lead day: nothing to urge
    assert not findings("yousu-jiban/urge-before-due", early, as_of=date(2025, 11, 30))
    assert not findings("yousu-jiban/urge-before-due", sent(), as_of=date(2025, 11, 6))  # may still come
    assert findings("yousu-jiban/urge-before-due", sent(), as_of=date(2025, 11, 7))
    late_urge = sent(("urged", "2025-11-07T09:00"))
    assert findings("yousu-jiban/urge-before-due", late_urge, as_of=date(2025, 11, 10))
    assert not findings("yousu-jiban/urge-before-due", complaint(), as_of=date(2025, 11, 30))  # no 工作单


def test_duban_1_urge_lead_is_a_parameter() -> None:
    profile = {"parameters": {"yousu-jiban.urge_lead": {"value": "2个工作日", "citation": "本中心规定"}}}
    urged = sent(("urged", "2025-11-05T09:00"), ("answered", "2025-11-06T15:00"))
    [f] = findings(
        "yousu-jiban/urge-before-due",
        sent(("answered", "2025-11-05T15:00")),
        as_of=date(2025, 11, 30),
        profile=profile,
    )
    assert f.evidence["urge_from"] == "2025-11-04"
    assert not findings("yousu-jiban/urge-before-due", urged, as_of=date(2025, 11, 30), profile=profile)


def test_duban_2_supervise_when_overdue() -> None:
    [f] = findings(
        "yousu-jiban/supervise-when-overdue", sent(("urged", "2025-11-05T09:00")), as_of=date(2025, 11, 10)
    )
    assert f.stage == "red" and f.evidence["supervise_by"] == "2025-11-07"
    done = sent(("urged", "2025-11-05T09:00"), ("supervised", "2025-11-07T09:00"))
    assert not findings("yousu-jiban/supervise-when-overdue", done, as_of=date(2025, 11, 10))
    assert not findings(
        "yousu-jiban/supervise-when-overdue", sent(), as_of=date(2025, 11, 7)
    )  # window still open
    in_time = sent(("answered", "2025-11-06T17:00"))
    assert not findings("yousu-jiban/supervise-when-overdue", in_time, as_of=date(2025, 11, 30))
    late_answer = sent(("answered", "2025-11-07T17:00"))  # late, but the result came before 督办 was due
    assert not findings("yousu-jiban/supervise-when-overdue", late_answer, as_of=date(2025, 11, 30))


def test_duban_3_notify_after_supervision() -> None:
    sup = {"kind": "supervised", "at": "2025-11-07T09:00", "deadline": "2025-11-12"}
    # result still missing after the 督办 deadline Wed 11-12: 通报 due by Fri 11-14 (2 working days)
    [f] = findings("yousu-jiban/notify-after-supervision", sent(sup), as_of=date(2025, 11, 17))
    assert f.stage == "red" and f.evidence["notify_by"] == "2025-11-14"
    assert not findings("yousu-jiban/notify-after-supervision", sent(sup), as_of=date(2025, 11, 14))
    full = {
        "kind": "notified",
        "at": "2025-11-13T10:00",
        "reported_to_government": True,
        "cc_discipline": True,
    }
    assert not findings("yousu-jiban/notify-after-supervision", sent(sup, full), as_of=date(2025, 11, 17))
    no_cc = {**full, "cc_discipline": False}
    [f] = findings("yousu-jiban/notify-after-supervision", sent(sup, no_cc), as_of=date(2025, 11, 17))
    assert "纪委监委" in f.message
    late = {**full, "at": "2025-11-17T10:00"}
    [f] = findings("yousu-jiban/notify-after-supervision", sent(sup, late), as_of=date(2025, 11, 17))
    assert "迟于" in f.message
    answered = sent(sup, ("answered", "2025-11-12T10:00"))
    assert not findings("yousu-jiban/notify-after-supervision", answered, as_of=date(2025, 11, 30))
    # no deadline on the 督办: 3 working days after Fri 11-07 = Wed 11-12, same as above
    bare = sent({"kind": "supervised", "at": "2025-11-07T09:00"})
    [f] = findings("yousu-jiban/notify-after-supervision", bare, as_of=date(2025, 11, 17))
    assert f.evidence["supervision_deadline"] == "2025-11-12"


def test_interpretations_are_listed_in_the_report() -> None:
    ds = Dataset(complaints=[national_day("2025-10-10T09:00")], records=1, as_of=date(2025, 10, 31))
    report = audit(ds, standards=[STD], interpretations={"yousu-jiban.day-unit": "working_days"})
    used = {i.name: (i.value, i.is_default) for i in report.interpretations}
    assert used["yousu-jiban.day-unit"] == ("working_days", False)
    assert used["yousu-jiban.clock-start"] == ("worksheet", True)
    params = {p.name for p in report.parameters}
    assert "yousu-jiban.limit_general" in params


def test_example_planting_recall_and_precision_for_complaints_and_ratings() -> None:
    """Every planted yousu-jiban / haochaping-2019 violation is found, and nothing else of theirs fires."""
    import copy

    from govhall.example import plant_haochaping_2019, plant_yousu_jiban
    from govhall.example.base import build_base
    from govhall.loaders import load_dataset

    b = build_base()
    plant_yousu_jiban.plant(b)
    plant_haochaping_2019.plant(b)
    doc: dict[str, Any] = {k: copy.deepcopy(v) for k, v in b.tables.items()}
    doc["hall"] = doc["hall"][0]
    doc["as_of"] = b.as_of.isoformat()
    ds = load_dataset(doc)
    assert not ds.rejected
    mine = ("yousu-jiban", "haochaping-2019")
    report = audit(ds, standards=list(mine))
    found = {(f.rule_id, f.subject.kind, f.subject.id) for f in report.findings}
    planted = {
        (p["rule_id"], p["subject_kind"], p["subject_id"])
        for p in b.planted
        if p["rule_id"].split("/")[0] in mine
    }
    assert found == planted
    rules = {r for r, _, _ in planted}
    from govhall.rules import REGISTRY

    # every rule has a planted violation (the generic inspection rules need an inspections table)
    assert rules == {r.id for r in REGISTRY if r.standard in mine and "inspection" not in r.tags}
