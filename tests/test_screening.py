"""Complaint screening (yousu-jiban 不予受理事项, tiers, due dates).

Due dates are worked by hand from the State Council notice for 2025 (国庆节、中秋节: 1–8 October off;
Sunday 28 September and Saturday 11 October are working days) and civil-code:201–203 (the start day
is not counted; a last day that is not a working day moves to the next working day).
"""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

import govhall
from govhall.models import Channel, Complaint, ComplaintFacts, ComplaintTier, RefusalCategory
from govhall.screening import CATEGORY_CLAUSES, refusal_grounds, screen_complaint, suggest, tier_from_facts

#: one set of facts per category, in the standard's order (不予受理.1 … .7)
CATEGORY_FACTS: list[tuple[RefusalCategory, dict]] = [
    (RefusalCategory.other_procedure, {"litigation": True}),
    (RefusalCategory.in_petition, {"in_petition": True}),
    (RefusalCategory.secret_privacy_morals, {"personal_privacy": True}),
    (RefusalCategory.emergency_hotline, {"emergency": "119"}),
    (RefusalCategory.malicious_or_unclear, {"unclear": True}),
    (RefusalCategory.unlawful_demand, {"unlawful_demand": True}),
    (RefusalCategory.other_excluded, {"other_excluded": True, "other_excluded_basis": "某条例第十条"}),
]


def make(
    facts: dict | None = None,
    *,
    channel: str = "onsite",
    at: datetime = datetime(2025, 9, 30, 9, 0),
    content: str = "",
    events: list[dict] | None = None,
    cid: str = "C1",
) -> Complaint:
    return Complaint(
        id=cid,
        channel=channel,
        received_at=at,
        content=content,
        facts=facts or {},
        events=[{"complaint_id": cid, **e} for e in (events or [])],
    )


# -- the seven categories ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("position", "category", "facts"),
    [(i + 1, c, f) for i, (c, f) in enumerate(CATEGORY_FACTS)],
    ids=[c.value for c, _ in CATEGORY_FACTS],
)
def test_each_category_refuses_with_its_clause_and_a_reason(
    position: int, category: RefusalCategory, facts: dict
) -> None:
    s = screen_complaint(make(facts))
    assert s.accepted is False
    assert s.category == category
    assert s.clauses[0] == f"yousu-jiban:不予受理.{position}"
    assert "yousu-jiban:处置流程.受理.4" in s.clauses  # the reason must be told
    assert s.reason and s.reason.startswith(("您的诉求", "根据"))
    assert s.tier is None and s.due is None and s.referral is None


def test_reasons_name_the_ground_in_plain_chinese() -> None:
    assert "诉讼、仲裁" in screen_complaint(make({"litigation": True, "arbitration": True})).reason
    assert "119" in screen_complaint(make({"emergency": "119"})).reason
    assert "某条例第十条" in screen_complaint(make(CATEGORY_FACTS[6][1])).reason
    assert "个人隐私" in screen_complaint(make({"personal_privacy": True})).reason


# 不予受理事项.4: 属于110、119、120、122等紧急热线电话受理范围的诉求. 受理渠道: 通过中心咨询电话、小程序、门户网站、
# “有诉即办”窗口、12345政务热线等渠道提供统一受理服务 — 12345 is one of the desk's own channels, so a
# matter for it is accepted, never refused as an emergency-line matter. Before 2026-12 any text was taken
# as an emergency line: {"emergency": "12345"} refused a complaint under 不予受理.4.
@pytest.mark.parametrize("value", ["12345", " 12345 ", "１２３４５"])
def test_12345_is_a_channel_of_the_desk_not_an_emergency_line(value: str) -> None:
    with pytest.raises(ValueError, match="12345政务热线"):
        ComplaintFacts.model_validate({"emergency": value})


# The clause's words (110、119、120、122等紧急热线) are those of 国办发〔2020〕53号, which merges every 政务服务便民热线
# into 12345 除110、119、120、122等紧急热线外: 12315 (市场监管) and 12333 (人社) are such 便民热线, never 紧急热线.
# Before 2026-12 (round 9) {"emergency": "12315"} refused a consumer's complaint under 不予受理.4 and told
# them "请立即拨打12315求助" as if it were an emergency line.
@pytest.mark.parametrize(
    ("value", "line"), [("12315", "12315"), ("１２３３３", "12333"), (" 12366 ", "12366")]
)
def test_a_service_hotline_is_no_emergency_line(value: str, line: str) -> None:
    with pytest.raises(ValueError, match=f"{line} is the {line}.*政务服务便民热线"):
        ComplaintFacts.model_validate({"emergency": value})


# 不予受理事项.1 依法应当通过诉讼、仲裁、纪检监察…等程序解决的诉求 and .4 属于110、119、120、122等紧急热线电话受理范围的诉求
# are different grounds: 12388 is the 纪检监察举报电话 (a matter for it goes the 纪检监察 way, .1), 12368 the courts'
# 诉讼服务热线 (.1, 诉讼), 12309 the 检察服务热线 (.1, 诉讼) and 12380 the 组织部门举报 line (.1). Before 2026-12 {"emergency": "12388"} refused a 纪检监察 matter under .4 and told the
# person "请立即拨打12388求助" as if it were an emergency line; the field now names the fact to record instead.
@pytest.mark.parametrize(
    ("value", "line", "fact"),
    [
        ("12388", "12388", "discipline_inspection"),
        ("１２３８８", "12388", "discipline_inspection"),
        (" 12368 ", "12368", "litigation"),
        # 12309 人民检察院检察服务热线: 控告、申诉 and the 法律监督 of 诉讼, a line of the 诉讼 procedure (.1)
        ("12309", "12309", "litigation"),
        ("１２３０９", "12309", "litigation"),
        # 12380 组织部门举报电话: 举报 of 选人用人 and 党员干部 violations, the 党纪 procedure; of the ones .1 names
        # 纪检监察 is the nearest (its 等 keeps the list open), never the 紧急热线 of .4
        ("12380", "12380", "discipline_inspection"),
    ],
)
def test_a_line_of_another_procedure_is_no_emergency_line(value: str, line: str, fact: str) -> None:
    with pytest.raises(ValueError, match=f"{line} is the {line}.*不予受理事项.1.*recorded as {fact}"):
        ComplaintFacts.model_validate({"emergency": value})


def test_a_discipline_inspection_matter_is_refused_under_ground_one() -> None:
    # recorded as the clause asks (纪检监察), the matter is refused under .1, not .4
    s = screen_complaint(make({"discipline_inspection": True}))
    assert s.category == RefusalCategory.other_procedure
    assert s.clauses[0] == CATEGORY_CLAUSES[RefusalCategory.other_procedure]


@pytest.mark.parametrize("value", ["yes", "报警", "110报警", "12", "1234567"])
def test_the_emergency_field_is_a_line_number(value: str) -> None:
    with pytest.raises(ValueError, match="emergency"):
        ComplaintFacts.model_validate({"emergency": value})


@pytest.mark.parametrize(
    ("value", "line"), [("110", "110"), (" 122 ", "122"), ("１１９", "119"), ("12395", "12395")]
)
def test_an_emergency_line_is_refused_with_its_number(value: str, line: str) -> None:
    # 等 leaves the list open: 12395 (水上遇险求救) is refused with its own number named, not with
    # a placeholder (before: "属于相应的紧急热线紧急热线的受理范围").
    s = screen_complaint(make({"emergency": value}))
    assert s.category == RefusalCategory.emergency_hotline
    assert s.reason == f"您的诉求属于{line}紧急热线的受理范围，请立即拨打{line}求助。"


@pytest.mark.parametrize("value", ["", "   "])
def test_a_blank_emergency_line_is_none(value: str) -> None:
    assert ComplaintFacts.model_validate({"emergency": value}).emergency is None
    assert screen_complaint(make({"emergency": value})).category is None


@pytest.mark.parametrize(("earlier", "later"), list(itertools.combinations(range(7), 2)))
def test_the_earlier_category_wins(earlier: int, later: int) -> None:
    facts = {**CATEGORY_FACTS[later][1], **CATEGORY_FACTS[earlier][1]}
    s = screen_complaint(make(facts))
    assert s.category == CATEGORY_FACTS[earlier][0]
    assert s.clauses[0] == CATEGORY_CLAUSES[CATEGORY_FACTS[earlier][0]]
    assert CATEGORY_FACTS[later][0] in s.also_matched


def test_every_procedure_flag_is_category_one() -> None:
    for flag in (
        "litigation",
        "arbitration",
        "discipline_inspection",
        "administrative_reconsideration",
        "information_disclosure",
    ):
        assert screen_complaint(make({flag: True})).category == RefusalCategory.other_procedure


# -- referral, 转交, 移交 ------------------------------------------------------------------------------


def test_out_of_jurisdiction_is_accepted_with_a_referral() -> None:
    s = screen_complaint(make({"out_of_jurisdiction": True, "jurisdiction": "某市政务服务中心"}))
    assert s.accepted is True and s.category is None
    assert s.referral == "某市政务服务中心" and s.referral_kind == "assist"
    assert s.clauses == ["yousu-jiban:处置流程.受理.4"]
    assert "协助受理" in s.notice
    assert s.due is None and s.tier is None


def test_outside_government_service_is_forwarded_with_notice() -> None:
    s = screen_complaint(make({"outside_government_service": True}))
    assert s.accepted is True and s.referral_kind == "forward" and s.referral == "相关单位"
    assert s.clauses == ["yousu-jiban:处置流程.审核.4"] and "转交" in s.notice


def test_a_refusal_ground_comes_before_a_referral() -> None:
    s = screen_complaint(make({"out_of_jurisdiction": True, "in_petition": True}))
    assert s.accepted is False and s.category == RefusalCategory.in_petition and s.referral is None


def test_suspected_violation_is_handed_over_whatever_the_decision() -> None:
    accepted = screen_complaint(make({"suspected_violation": True}))
    assert accepted.accepted and accepted.transfer and "移交" in accepted.transfer
    assert "yousu-jiban:处置流程.审核.6" in accepted.clauses
    refused = screen_complaint(make({"suspected_violation": True, "unclear": True}))
    assert not refused.accepted and refused.transfer


# -- tiers and due dates ------------------------------------------------------------------------------


def test_tier_from_facts_order() -> None:
    assert (
        tier_from_facts(ComplaintFacts(major=True, simple=True, departments=["a", "b"]))
        == ComplaintTier.major
    )
    assert (
        tier_from_facts(ComplaintFacts(simple=True, departments=["a", "b"])) == ComplaintTier.multi_department
    )
    assert tier_from_facts(ComplaintFacts(simple=True, cross_level=True)) == ComplaintTier.multi_department
    assert tier_from_facts(ComplaintFacts(simple=True, departments=["a", "a"])) == ComplaintTier.simple
    assert tier_from_facts(ComplaintFacts()) == ComplaintTier.general


def test_general_complaint_over_national_day_calendar_days() -> None:
    # 工作单 sent Tue 2025-09-30; 3 calendar days -> Fri 2025-10-03, inside the 1-8 Oct holiday,
    # so the last day moves to the next working day, Thu 2025-10-09 (civil-code:203).
    c = make(at=datetime(2025, 9, 29, 15), events=[{"kind": "worksheet_sent", "at": "2025-09-30T10:00"}])
    s = screen_complaint(c)
    assert (s.tier, s.due, s.due_start, s.due_from) == (
        ComplaintTier.general,
        date(2025, 10, 9),
        date(2025, 9, 30),
        "worksheet_sent",
    )
    assert s.due_limit == "3天"
    assert s.clauses[:1] == ["yousu-jiban:处置流程.办理.1"] and "civil-code:203" in s.clauses
    used = {i.name: i.value for i in s.interpretations}
    assert used == {"yousu-jiban.clock-start": "worksheet", "yousu-jiban.day-unit": "calendar_days"}


def test_general_complaint_over_national_day_working_days() -> None:
    # 3 working days after Tue 2025-09-30: Thu 10-09 (1), Fri 10-10 (2), Sat 10-11 (3: a 调休 working day).
    # (The brief's 2025-10-13 forgot that Saturday 11 October is worked.)
    c = make(at=datetime(2025, 9, 29, 15), events=[{"kind": "worksheet_sent", "at": "2025-09-30T10:00"}])
    s = screen_complaint(c, interpretations={"yousu-jiban.day-unit": "working_days"})
    assert s.due == date(2025, 10, 11)
    assert [i.is_default for i in s.interpretations if i.name == "yousu-jiban.day-unit"] == [False]
    assert s.due == govhall.calendar("CN").add_working_days(date(2025, 9, 30), 3)


def test_clock_start_received_counts_from_the_desk() -> None:
    # received Mon 2025-09-29; 3 calendar days -> Thu 10-02 (holiday) -> Thu 10-09.
    c = make(at=datetime(2025, 9, 29, 15), events=[{"kind": "worksheet_sent", "at": "2025-09-30T10:00"}])
    s = screen_complaint(c, interpretations=["yousu-jiban.clock-start=received"])
    assert (s.due_start, s.due_from, s.due) == (date(2025, 9, 29), "received", date(2025, 10, 9))
    # without a 工作单 the default also counts from receipt: Mon 2025-11-03 + 3 days = Thu 11-06.
    assert screen_complaint(make(at=datetime(2025, 11, 3, 9))).due == date(2025, 11, 6)


def test_multi_department_and_major_limits() -> None:
    # multi-department: Mon 2025-11-03 + 7 calendar days = Mon 2025-11-10 (a working day).
    s = screen_complaint(make({"departments": ["市场监管局", "税务局"]}, at=datetime(2025, 11, 3, 9)))
    assert (s.tier, s.due) == (ComplaintTier.multi_department, date(2025, 11, 10))
    # with working days: Tue 4, Wed 5, Thu 6, Fri 7, Mon 10, Tue 11, Wed 12 -> 2025-11-12.
    s = screen_complaint(
        make({"departments": ["a", "b"]}, at=datetime(2025, 11, 3, 9)),
        interpretations={"yousu-jiban.day-unit": "working_days"},
    )
    assert s.due == date(2025, 11, 12)
    # major: Fri 2025-01-31 + 1 month -> no 31 February, so the month's last day, Fri 2025-02-28
    # (civil-code:202); the day-unit reading does not apply to months.
    s = screen_complaint(make({"major": True}, at=datetime(2025, 1, 31, 9)))
    assert (s.tier, s.due, s.due_limit) == (ComplaintTier.major, date(2025, 2, 28), "1个月")
    assert "civil-code:202" in s.clauses
    assert [i.name for i in s.interpretations] == ["yousu-jiban.clock-start"]


def test_simple_matters() -> None:
    # simple, not on site: 1 working day from receipt; Tue 2025-09-30 -> Thu 2025-10-09.
    s = screen_complaint(make({"simple": True}, channel="phone", at=datetime(2025, 9, 30, 16)))
    assert (s.tier, s.due, s.due_limit) == (ComplaintTier.simple, date(2025, 10, 9), "1个工作日")
    assert s.clauses[0] == "yousu-jiban:处置流程.审核.2"
    # simple general question on site: on the spot, i.e. the day of receipt.
    s = screen_complaint(
        make({"simple": True, "on_site": True, "general_question": True}, at=datetime(2025, 9, 30, 16))
    )
    assert (s.due, s.clauses[0]) == (date(2025, 9, 30), "yousu-jiban:处置流程.审核.1")
    # simple on site but not a general question: the simple tier, 当天 from the 工作单.
    s = screen_complaint(make({"simple": True, "on_site": True}, at=datetime(2025, 9, 30, 16)))
    assert (s.due, s.due_limit, s.clauses[0]) == (date(2025, 9, 30), "当天", "yousu-jiban:处置流程.办理.1")


def test_response_due_for_letter_online_and_mini_program_only() -> None:
    # a letter logged Fri 2025-09-26: the next working day is Sun 2025-09-28 (a 调休 working day).
    assert screen_complaint(make(channel="letter", at=datetime(2025, 9, 26, 10))).response_due == date(
        2025, 9, 28
    )
    for ch in ("mini_program", "website", "online", "信函", "小程序"):
        s = screen_complaint(make(channel=ch, at=datetime(2025, 9, 30, 10)))
        assert s.response_due == date(2025, 10, 9) and "yousu-jiban:处置流程.受理.3" in s.clauses
    for ch in ("onsite", "phone", "hotline_12345"):
        assert screen_complaint(make(channel=ch)).response_due is None


def test_provisional_past_the_published_notices() -> None:
    s = screen_complaint(make(at=datetime(2031, 3, 3, 9)))
    assert s.provisional is True and s.due is not None


def test_contract_keys_first() -> None:
    out = screen_complaint(make({"litigation": True})).json_contract()
    assert list(out)[:7] == ["id", "accepted", "category", "referral", "tier", "due", "clauses"]
    assert out["category"] == "other_procedure" and out["due"] is None


def test_unknown_interpretation_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown interpretation"):
        screen_complaint(make(), interpretations={"yousu-jiban.no-such": "x"})
    with pytest.raises(ValueError, match="not one of"):
        screen_complaint(make(), interpretations={"yousu-jiban.day-unit": "fortnights"})


def test_public_api() -> None:
    assert govhall.screen_complaint is screen_complaint


# -- keyword suggestions ------------------------------------------------------------------------------


def test_suggestions_point_to_facts_but_do_not_decide() -> None:
    c = make(content="此事我已起诉到法院，也去过信访局，还打了110；涉及商业秘密和个人隐私。")
    found = {s.fact: s for s in suggest(c)}
    assert {"litigation", "in_petition", "emergency", "commercial_secret", "personal_privacy"} <= set(found)
    assert all(not s.already_recorded for s in found.values())
    assert found["emergency"].category == RefusalCategory.emergency_hotline
    s = screen_complaint(c)
    assert s.accepted is True and s.category is None  # the facts say nothing, so it is accepted
    assert len(s.suggestions) == len(found)


def test_phone_numbers_are_not_emergency_hotlines() -> None:
    assert not [s for s in suggest(make(content="请回电13811012345或0755-1190122")) if s.fact == "emergency"]
    assert [s.keyword for s in suggest(make(content="请打122处理")) if s.fact == "emergency"] == ["122"]


# -- properties ------------------------------------------------------------------------------------

FLAG_NAMES = [n for n, f in ComplaintFacts.model_fields.items() if f.annotation is bool]
facts_st = st.fixed_dictionaries(
    {},
    optional={
        **{n: st.booleans() for n in FLAG_NAMES},
        "emergency": st.sampled_from(["110", "119", "120", "122", "911"]),
        "departments": st.lists(st.sampled_from(["甲局", "乙局", "丙局"]), max_size=3),
    },
)
channel_st = st.sampled_from(list(Channel))
when_st = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2027, 12, 31))
text_st = st.text(
    alphabet=st.sampled_from(list("起诉法院仲裁复议信访个人隐私商业秘密国家秘密纪委0123456789 ，。办事")),
    max_size=40,
)


@given(facts=facts_st, channel=channel_st, at=when_st)
def test_screening_is_deterministic(facts: dict, channel: Channel, at: datetime) -> None:
    c = make(facts, channel=channel.value, at=at)
    assert screen_complaint(c) == screen_complaint(c.model_copy(deep=True))


@given(facts=facts_st, channel=channel_st, at=when_st)
def test_a_refusal_always_has_a_reason_and_a_category(facts: dict, channel: Channel, at: datetime) -> None:
    s = screen_complaint(make(facts, channel=channel.value, at=at))
    if not s.accepted:
        assert s.category is not None and s.reason and s.clauses[0] == CATEGORY_CLAUSES[s.category]
        assert s.due is None and s.referral is None
    else:
        assert s.category is None and s.reason is None
        assert (s.referral is None) == (s.due is not None)
    assert s.accepted == (not refusal_grounds(ComplaintFacts(**facts)))


@given(facts=facts_st, at=when_st, a=text_st, b=text_st)
def test_suggestions_never_change_the_decision(facts: dict, at: datetime, a: str, b: str) -> None:
    first = screen_complaint(make(facts, at=at, content=a))
    second = screen_complaint(make(facts, at=at, content=b))
    keys = (
        "accepted",
        "category",
        "referral",
        "tier",
        "due",
        "response_due",
        "clauses",
        "reason",
        "transfer",
    )
    assert {k: getattr(first, k) for k in keys} == {k: getattr(second, k) for k in keys}


@given(at=when_st)
def test_due_is_never_before_the_start(at: datetime) -> None:
    for facts in ({}, {"simple": True}, {"departments": ["a", "b"]}, {"major": True}):
        s = screen_complaint(make(facts, at=at))
        assert s.due is not None and s.due >= at.date()
        assert s.due - at.date() <= timedelta(days=62)


def test_the_complaints_guide_examples_are_true() -> None:
    import doctest
    from pathlib import Path

    guide = Path(__file__).resolve().parents[1] / "docs" / "complaints.md"
    result = doctest.testfile(
        str(guide),
        module_relative=False,
        encoding="utf-8",
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
    )
    assert result.attempted > 10 and result.failed == 0
