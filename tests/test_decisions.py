"""govhall.decisions: the gdzw-0020-2019 mechanisms as functions, with hypothesis properties.

Expected values are read off the clause texts (quoted in each test's docstring or comment), not
recomputed with the function under test.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govhall.decisions import (
    ELEMENT_TERMS,
    FIVE_ELEMENTS,
    IntegrityParams,
    correction_notice_breaches,
    elements_missing,
    evaluation_integrity,
    first_handler,
    handling_breaches,
    handling_scope,
    inquiry_breaches,
    is_service_staff,
    may_accept_rongque,
    missing_named,
    named_values,
    required_routing,
    responsible_for_inquiry,
    sanction_for,
)
from govhall.models import Application, Evaluation, Inquiry, Item, Staff, Window
from govhall.timelimits import due_date

T0 = datetime(2025, 11, 3, 9, 0)  # Monday


def staff(sid: str, rank: int = 0, role: str = "window_clerk", dept: str | None = "D1") -> Staff:
    return Staff(id=sid, role=role, rank=rank, department=dept)


STAFF = {
    s.id: s
    for s in (staff("S1", 1), staff("S2", 3), staff("S3", 3), staff("S4", 2), staff("G1", 9, "security"))
}


def inquiry(**kw: Any) -> Inquiry:
    base: dict[str, Any] = {"id": "Q1", "at": T0, "asked_staff": ["S1"], "answered_by": ["S1"]}
    base.update(kw)
    return Inquiry(**base)


# -- 5.1.2 responsible_for_inquiry ----------------------------------------------------------------


def test_5_1_2_first_asked_is_responsible() -> None:
    # 第一位被询问的在岗政务服务人员为首问责任人: S1 was asked first, S2 answered alone
    assert responsible_for_inquiry(inquiry(asked_staff=["S1", "S2"], answered_by=["S2"]), STAFF) == "S1"
    # who was asked not recorded: the single answerer is the best guess, but an audit does not judge it
    unasked = Inquiry(id="Q9", at=T0, channel="现场", answered_by=["S2"])
    assert responsible_for_inquiry(unasked, STAFF) == "S2"
    assert responsible_for_inquiry(unasked, STAFF, recorded_only=True) is None
    asked = Inquiry(id="Q9", at=T0, channel="现场", asked_staff=["S2"], answered_by=["S2"])
    assert responsible_for_inquiry(asked, STAFF, recorded_only=True) == "S2"


def test_5_1_2_highest_rank_among_simultaneous_answerers() -> None:
    # 同时有两位以上工作人员答复的，职务职级最高者: S1 (rank 1), S4 (2) -> S4
    assert responsible_for_inquiry(inquiry(asked_staff=["S1"], answered_by=["S1", "S4"]), STAFF) == "S4"


def test_3_3_cleaners_are_not_service_staff() -> None:
    """3.3 政务服务人员 …不包括保安、保洁类服务人员: a cleaner (保洁人员) asked first, or answering with a
    window clerk at once, is skipped as the guard is: the clerk S1 is the 首问责任人. Before 2026-12 the role
    did not exist and only security staff were skipped."""
    people = {**STAFF, "C1": staff("C1", 9, "保洁人员")}
    assert people["C1"].role.value == "cleaner"
    assert responsible_for_inquiry(inquiry(asked_staff=["C1", "S1"], answered_by=["S1"]), people) == "S1"
    assert responsible_for_inquiry(inquiry(asked_staff=["C1"], answered_by=["C1", "S1"]), people) == "S1"
    assert is_service_staff("S1", people) and not is_service_staff("C1", people)
    assert not is_service_staff("G1", people) and is_service_staff("nobody-on-file", people)


def test_5_1_2_tie_on_rank_first_asked_by_default() -> None:
    # S2 and S3 both rank 3; S3 was asked before S2
    q = inquiry(asked_staff=["S3", "S2"], answered_by=["S2", "S3"])
    assert responsible_for_inquiry(q, STAFF) == "S3"
    assert responsible_for_inquiry(q, STAFF, tie="undetermined") is None


def test_5_1_2_tie_not_asked_falls_back_to_answer_order() -> None:
    q = inquiry(asked_staff=["S1"], answered_by=["S3", "S2"])
    assert responsible_for_inquiry(q, STAFF) == "S3"


def test_3_3_security_staff_are_not_service_staff() -> None:
    # 不包括保安: the guard (rank 9) was asked first and answered with S1; S1 is responsible
    q = inquiry(asked_staff=["G1", "S1"], answered_by=["G1", "S1"])
    assert responsible_for_inquiry(q, STAFF) == "S1"


def test_5_1_2_nobody_asked_single_answerer() -> None:
    assert responsible_for_inquiry(inquiry(asked_staff=[], answered_by=["S2"]), STAFF) == "S2"
    assert responsible_for_inquiry(inquiry(asked_staff=[], answered_by=[]), STAFF) is None


def test_unknown_tie_reading_is_refused() -> None:
    with pytest.raises(ValueError):
        responsible_for_inquiry(inquiry(), STAFF, tie="coin_flip")


ids = st.sampled_from(["S1", "S2", "S3", "S4", "G1", "X9"])


@given(asked=st.lists(ids, max_size=5, unique=True), answered=st.lists(ids, max_size=5, unique=True))
def test_property_responsible_is_one_of_the_people_involved(asked: list[str], answered: list[str]) -> None:
    who = responsible_for_inquiry(inquiry(asked_staff=asked, answered_by=answered), STAFF)
    involved = [s for s in asked + answered if s != "G1"]
    if involved:
        assert who in involved
    else:
        assert who is None
    assert who != "G1"


@given(
    answered=st.lists(ids, min_size=2, max_size=5, unique=True), asked=st.lists(ids, max_size=5, unique=True)
)
def test_property_highest_rank_wins_among_simultaneous_answerers(
    answered: list[str], asked: list[str]
) -> None:
    service = [s for s in answered if s != "G1"]
    who = responsible_for_inquiry(inquiry(asked_staff=asked, answered_by=answered), STAFF)
    if len(service) >= 2:
        rank = {s: (STAFF[s].rank if s in STAFF else 0) for s in service}
        assert who in service and rank[who] == max(rank.values())
        undetermined = responsible_for_inquiry(
            inquiry(asked_staff=asked, answered_by=answered), STAFF, tie="undetermined"
        )
        tied = [s for s in service if rank[s] == max(rank.values())]
        assert (undetermined is None) == (len(tied) > 1)


# -- 5.1.3 / 5.2.3 routing ------------------------------------------------------------------------


def test_5_1_3_routing_by_scope() -> None:
    assert required_routing(inquiry(scope="a")).clause == "gdzw-0020-2019:5.1.3.a"
    assert "引导到具体窗口" in required_routing("b").action
    assert required_routing("不属于本大厅").clause == "gdzw-0020-2019:5.1.3.c"
    assert required_routing("b", duty="handling").clause == "gdzw-0020-2019:5.2.3.b"
    with pytest.raises(ValueError):
        required_routing(inquiry(scope=None))


# -- sanctions ------------------------------------------------------------------------------------


def test_5_1_4_ladder_escalates_by_repetition() -> None:
    assert sanction_for("5.1.4.b", 0).startswith("谈话教育")
    assert sanction_for("gdzw-0020-2019:5.2.4.a", 1).startswith("通报批评")
    assert sanction_for("5.1.4", 2).startswith("岗位调整")
    assert sanction_for("5.1.4", 7).startswith("岗位调整")


def test_5_3_3_ladder() -> None:
    assert sanction_for("5.3.3.a", 0).startswith("批评教育")
    assert sanction_for("5.3.3.a", 2).startswith("调离岗位")


def test_sanction_list_all_names_every_measure() -> None:
    text = sanction_for("5.1.4.c", 0, ladder="list_all")
    assert all(m in text for m in ("谈话教育", "通报批评", "岗位调整"))
    assert all(m in sanction_for("5.3.3", 5, ladder="list_all") for m in ("批评教育", "通报批评", "调离岗位"))


def test_sanction_for_other_clauses_is_refused() -> None:
    with pytest.raises(ValueError):
        sanction_for("5.5.1", 0)
    with pytest.raises(ValueError):
        sanction_for("5.1.4", -1)


@given(n=st.integers(min_value=0, max_value=50), clause=st.sampled_from(["5.1.4.a", "5.2.4.d", "5.3.3.a"]))
def test_property_ladder_never_goes_down(n: int, clause: str) -> None:
    steps = (
        ["批评教育", "通报批评", "调离岗位"]
        if clause.startswith("5.3.3")
        else ["谈话教育", "通报批评", "岗位调整"]
    )
    first = steps.index(sanction_for(clause, n).split(" ")[0])
    second = steps.index(sanction_for(clause, n + 1).split(" ")[0])
    assert second >= first


# -- 5.1.4 inquiry_breaches -----------------------------------------------------------------------


def _items(q: Inquiry, **kw: Any) -> list[str]:
    return [b.clause.rsplit(".", 1)[1] for b in inquiry_breaches(q, STAFF, now=T0 + timedelta(days=3), **kw)]


def test_5_1_4_a_promised_answer_not_given() -> None:
    q = inquiry(scope="a", answered_on_spot=False, answer_promised_at=T0 + timedelta(days=1))
    assert _items(q) == ["a"]
    assert (
        _items(
            inquiry(
                scope="a",
                answered_on_spot=False,
                answer_promised_at=T0 + timedelta(days=1),
                answered_at=T0 + timedelta(hours=20),
            )
        )
        == []
    )


def test_5_1_4_b_not_referred_or_late() -> None:
    assert _items(inquiry(scope="b")) == ["b"]
    late = inquiry(scope="b", referred_window="W2", referred_at=T0 + timedelta(minutes=45))
    assert _items(late, referral_within_minutes=30) == ["b"]
    assert _items(late, referral_within_minutes=60) == []
    assert _items(late) == []  # no figure given: only a missing referral is a breach


def test_5_1_4_c_own_duty_pushed_away() -> None:
    assert _items(inquiry(scope="a", referred_window="W2")) == ["c"]
    assert _items(inquiry(scope="a", answered_on_spot=False)) == ["c"]
    assert _items(inquiry(scope="a", answered_on_spot=True, info_provided=True)) == []


def test_5_1_4_d_not_told() -> None:
    assert _items(inquiry(scope="a", answered_on_spot=True, info_provided=False)) == ["d"]
    assert _items(inquiry(scope="c", guidance_given=False)) == ["d"]
    assert _items(inquiry(scope="c", guidance_given=False), outside_guidance="best_effort") == []
    assert _items(inquiry(scope="c", guidance_given=None)) == []  # not recorded is not a breach


def test_5_1_4_breach_names_computed_responsible() -> None:
    q = inquiry(scope="b", asked_staff=["S1"], answered_by=["S1", "S2"])
    (b,) = inquiry_breaches(q, STAFF, now=T0)
    assert b.responsible == "S2" and b.duty == "gdzw-0020-2019:5.1.3.b"


# -- 5.2 handling ---------------------------------------------------------------------------------

ITEM = Item(code="I1", name="某许可", type="行政许可", department="D1", promised_limit="5个工作日")
OTHER = Item(code="I2", name="他部门事项", type="公共服务", department="D2")


def application(**kw: Any) -> Application:
    base: dict[str, Any] = {
        "id": "A1",
        "item_code": "I1",
        "received_at": T0,
        "staff_id": "S1",
        "events": [{"kind": "received", "at": T0, "staff_id": "S1"}],
    }
    base.update(kw)
    return Application(**base)


def test_5_2_2_first_handler_is_earliest_staffed_event() -> None:
    app = application(
        events=[
            {"kind": "received", "at": T0},
            {"kind": "accepted", "at": T0 + timedelta(minutes=5), "staff_id": "S4"},
        ]
    )
    assert first_handler(app) == "S4"
    # an audit: the earliest act names nobody, so who acted first is not recorded
    assert first_handler(app, recorded_only=True) is None
    named = application(events=[{"kind": "received", "at": T0, "staff_id": "S2"}])
    assert first_handler(named, recorded_only=True) == first_handler(named) == "S2"


def test_5_2_3_scope_from_department_and_window() -> None:
    assert handling_scope(application(), ITEM, STAFF["S1"]) == "a"
    assert handling_scope(application(item_code="I2"), OTHER, STAFF["S1"]) == "b"
    assert (
        handling_scope(application(item_code="I2"), OTHER, STAFF["S1"], Window(id="W1", kind="综合窗口"))
        == "a"
    )
    assert handling_scope(application(item_code="I9"), None, STAFF["S1"]) == "c"


def test_5_2_4_b_and_c_and_d() -> None:
    wrong_dept = application(item_code="I2")
    assert [b.clause for b in handling_breaches(wrong_dept, OTHER, STAFF, now=T0)] == [
        "gdzw-0020-2019:5.2.4.b"
    ]
    moved = application(
        events=[
            {"kind": "received", "at": T0, "staff_id": "S1"},
            {"kind": "transferred", "at": T0 + timedelta(minutes=3), "staff_id": "S1", "window_id": "W9"},
        ]
    )
    assert [b.clause for b in handling_breaches(moved, ITEM, STAFF, now=T0)] == ["gdzw-0020-2019:5.2.4.c"]
    untold = application(
        events=[
            {"kind": "received", "at": T0, "staff_id": "S1"},
            {"kind": "not_accepted", "at": T0, "staff_id": "S1", "told_applicant": False},
        ]
    )
    assert [b.clause for b in handling_breaches(untold, ITEM, STAFF, now=T0)] == ["gdzw-0020-2019:5.2.4.d"]
    assert handling_breaches(application(), ITEM, STAFF, now=T0) == []


def test_5_2_4_a_with_a_deadline() -> None:
    # 5个工作日 from Mon 2025-11-03: Tue 4 (1), Wed 5, Thu 6, Fri 7, Mon 10 (5) -> due 2025-11-10
    dl = due_date(T0.date(), "5个工作日")
    assert dl.due.isoformat() == "2025-11-10"
    late = application(
        events=[
            {"kind": "received", "at": T0, "staff_id": "S1"},
            {"kind": "decided", "at": "2025-11-11T10:00", "staff_id": "S1"},
        ]
    )
    assert [b.clause for b in handling_breaches(late, ITEM, STAFF, now=T0, deadline=dl)] == [
        "gdzw-0020-2019:5.2.4.a"
    ]
    on_time = application(
        events=[
            {"kind": "received", "at": T0, "staff_id": "S1"},
            {"kind": "decided", "at": "2025-11-10T17:00", "staff_id": "S1"},
        ]
    )
    assert handling_breaches(on_time, ITEM, STAFF, now=T0, deadline=dl) == []


def test_5_2_4_a_undecided_with_a_deadline_in_hours() -> None:
    # 24小时 from 09:00 on Mon 2025-11-03 run to 09:00 on Tue 2025-11-04 (civil-code:201: from the hour):
    # undecided at 08:59 that day nothing is late; at 09:01 the same date it is.
    dl = due_date(T0, "24小时")
    assert dl.due_at is not None and dl.due_at.replace(tzinfo=None) == datetime(2025, 11, 4, 9, 0)
    open_ = application(events=[{"kind": "received", "at": T0, "staff_id": "S1"}])
    assert handling_breaches(open_, ITEM, STAFF, now=datetime(2025, 11, 4, 8, 59), deadline=dl) == []
    assert [
        b.clause for b in handling_breaches(open_, ITEM, STAFF, now=datetime(2025, 11, 4, 9, 1), deadline=dl)
    ] == ["gdzw-0020-2019:5.2.4.a"]


# -- 5.3.2 correction notices ---------------------------------------------------------------------

GOOD_NOTICE = {
    "kind": "correction_notice",
    "at": T0,
    "staff_id": "S1",
    "written": True,
    "materials": ["身份证"],
    "requirements": "原件",
    "deadline": "2025-11-10",
}


def test_5_3_2_b_oral_or_incomplete_notice() -> None:
    oral = application(events=[{**GOOD_NOTICE, "written": False}])
    (b,) = correction_notice_breaches(oral, ITEM)
    assert b.clause == "gdzw-0020-2019:5.3.2.b" and b.evidence["missing"] == ["written"]
    assert b.message == "补正告知未以书面形式出具"  # not "… 材料、要求及期限": those it gave
    no_deadline = application(events=[{**GOOD_NOTICE, "deadline": None}])
    (b,) = correction_notice_breaches(no_deadline)
    assert b.evidence["missing"] == ["deadline"]
    assert b.message == "补正告知未写明补正期限"  # written, but without the deadline
    bare = application(events=[{**GOOD_NOTICE, "written": False, "materials": [], "requirements": None}])
    (b,) = correction_notice_breaches(bare)
    assert b.message == "补正告知未以书面形式出具，未写明须补正的材料、补正要求"
    assert correction_notice_breaches(application(events=[GOOD_NOTICE])) == []


def test_5_3_3_a_second_request_for_unlisted_materials() -> None:
    again = application(
        events=[GOOD_NOTICE, {**GOOD_NOTICE, "at": T0 + timedelta(days=2), "materials": ["身份证", "户口本"]}]
    )
    (b,) = correction_notice_breaches(again)
    assert b.clause == "gdzw-0020-2019:5.3.3.a" and b.evidence["new_materials"] == ["户口本"]
    same = application(events=[GOOD_NOTICE, {**GOOD_NOTICE, "at": T0 + timedelta(days=2)}])
    assert correction_notice_breaches(same) == []


# -- 5.7.2 容缺 -----------------------------------------------------------------------------------

RQ_ITEM = Item(
    code="R1",
    name="容缺事项",
    type="行政许可",
    department="D1",
    rongque=True,
    materials=[{"name": "申请表", "main": True}, {"name": "营业执照", "main": True}, {"name": "场地证明"}],
)


def test_5_7_2_eligible() -> None:
    app = application(
        item_code="R1",
        rongque=True,
        basic_conditions_met=True,
        materials_submitted=["申请表", "营业执照"],
        rongque_missing=["场地证明"],
    )
    d = may_accept_rongque(app, RQ_ITEM)
    assert d.allowed and d.reasons == ()


def test_5_7_2_not_eligible_with_reasons() -> None:
    app = application(item_code="R1", rongque=True, basic_conditions_met=None, materials_submitted=["申请表"])
    d = may_accept_rongque(app, RQ_ITEM)
    assert not d.allowed and d.missing_main == ("营业执照",) and len(d.reasons) == 2
    off_catalogue = may_accept_rongque(app, RQ_ITEM.model_copy(update={"rongque": False}))
    assert "事项不在容缺受理事项目录内" in off_catalogue.reasons
    assert not may_accept_rongque(app, None).allowed


def test_5_7_2_audit_reasons_are_only_what_the_records_show() -> None:
    # the window asks before accepting (unrecorded conditions refuse); the audit judges what happened
    unrecorded = application(item_code="R1", rongque=True, rongque_missing=["场地证明"])
    assert not may_accept_rongque(unrecorded, RQ_ITEM).allowed
    assert may_accept_rongque(unrecorded, RQ_ITEM, recorded_only=True).reasons == ()
    refused = application(
        item_code="R1", rongque=True, basic_conditions_met=False, rongque_missing=["营业执照"]
    )
    d = may_accept_rongque(refused, RQ_ITEM, recorded_only=True)
    assert d.reasons == ("基本申请条件不具备", "申请材料主件不齐全：营业执照") and d.missing_main == (
        "营业执照",
    )


# -- 5.9.2 rating integrity -----------------------------------------------------------------------


def rating(eid: str, minute: int, **kw: Any) -> Evaluation:
    base: dict[str, Any] = {
        "id": eid,
        "at": T0 + timedelta(minutes=minute),
        "level": "非常满意",
        "staff_id": "S1",
        "device_id": "D1",
    }
    base.update(kw)
    return Evaluation(**base)


def _kinds(evals: list[Evaluation], **kw: Any) -> list[tuple[str, str]]:
    return sorted((b.subject_id, b.evidence["kind"]) for b in evaluation_integrity(evals, STAFF, **kw))


def test_5_9_2_staff_account_rating() -> None:
    assert _kinds([rating("E1", 0, rater_staff_id="S1")]) == [("E1", "self_rated")]
    assert _kinds([rating("E1", 0, rater_staff_id="S2")]) == [("E1", "staff_rated")]
    assert _kinds([rating("E1", 0, rater_id="S4")]) == [("E1", "staff_rated")]
    assert _kinds([rating("E1", 0, rater_id="R-anon")]) == []


def test_5_9_2_device_burst() -> None:
    # five ratings in minutes 0, 2, 4, 6, 8 from one device: within 10 minutes -> all five flagged
    burst = [rating(f"E{i}", 2 * i) for i in range(5)]
    assert [k for _, k in _kinds(burst)] == ["device_burst"] * 5
    assert _kinds(burst[:4]) == []  # four are not a burst
    spread = [rating(f"E{i}", 3 * i) for i in range(5)]  # 0 … 12 minutes: no 5 within 10
    assert _kinds(spread) == []
    assert _kinds(spread, params=IntegrityParams(burst_count=5, burst_minutes=12)) != []


def test_5_9_2_duplicate_and_interference() -> None:
    dup = [rating("E1", 0, visit_id="V1", device_id=None), rating("E2", 30, visit_id="V1", device_id=None)]
    assert _kinds(dup) == [("E2", "duplicate")]
    assert _kinds([rating("E1", 0, interference_reported=True)]) == [("E1", "interference")]


@given(gaps=st.lists(st.integers(min_value=11, max_value=600), min_size=1, max_size=12))
def test_property_spaced_ratings_are_never_a_burst(gaps: list[int]) -> None:
    minute, evals = 0, [rating("E0", 0)]
    for i, g in enumerate(gaps, 1):
        minute += g
        evals.append(rating(f"E{i}", minute))
    assert all(b.evidence["kind"] != "device_burst" for b in evaluation_integrity(evals, STAFF))


@given(n=st.integers(min_value=5, max_value=12))
def test_property_n_ratings_in_one_minute_are_all_flagged(n: int) -> None:
    evals = [rating(f"E{i}", 0) for i in range(n)]
    flagged = {
        b.subject_id for b in evaluation_integrity(evals, STAFF) if b.evidence["kind"] == "device_burst"
    }
    assert flagged == {e.id for e in evals}


def test_green_channel_window_takes_every_item() -> None:
    # 绿色通道 and 跨域通办 windows receive every item of the hall, like 综合窗口: own duty (5.2.3 a)
    green = Window(id="W10", kind="绿色通道窗口", department="HALL")
    assert handling_scope(application(item_code="I2"), OTHER, staff("S9", dept="HALL"), green) == "a"
    specialist = Window(id="W4", kind="专业窗口", department="D9")
    assert handling_scope(application(item_code="I2"), OTHER, staff("S9", dept="HALL"), specialist) == "b"


def test_docs_examples_are_true() -> None:
    """Every example in docs/decisions.md gives the output printed there."""
    import doctest
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "docs" / "decisions.md"
    result = doctest.testfile(str(path), module_relative=False, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 20 and result.failed == 0


def test_closed_unanswered_finds_a_complaint_closed_without_an_answer() -> None:
    from govhall.decisions import closed_unanswered
    from govhall.models import Complaint

    base = {"id": "C1", "channel": "letter", "received_at": "2025-09-30T10:00"}
    closed = {"kind": "closed", "at": "2025-10-09T10:00"}
    answered = {"kind": "answered", "at": "2025-10-09T09:00"}
    assert closed_unanswered(Complaint.model_validate({**base, "events": [closed]})).at.day == 9
    assert closed_unanswered(Complaint.model_validate({**base, "events": [answered, closed]})) is None
    assert closed_unanswered(Complaint.model_validate({**base, "events": [answered]})) is None


# -- 5.3.1 一次性告知: the five elements, named by value or by the clause's words ----------------------


def test_elements_named_in_the_clause_s_words_are_told() -> None:
    # gdzw-0020-2019:5.3.1 申请材料、申请条件、办理流程、办理时限、收费标准 (dongguan 5.2.3.1: 办理程序)
    assert elements_missing(["申请材料", "申请条件", "办理流程", "办理时限", "收费标准"]) == []
    assert elements_missing(["申请材料", "申请条件", "办理程序", "办理时限"]) == ["fee"]
    assert elements_missing([" Time-Limit ", "FEE", "materials"]) == ["conditions", "process"]
    assert elements_missing([]) == list(FIVE_ELEMENTS)
    assert elements_missing(["流程图", "其他"]) == list(FIVE_ELEMENTS)  # names none of the five


@given(
    st.lists(
        st.sampled_from(
            [*FIVE_ELEMENTS, *(t for terms in ELEMENT_TERMS.values() for t in terms), "流程图", "x"]
        ),
        max_size=8,
    )
)
def test_an_element_is_missing_exactly_when_neither_its_value_nor_its_words_are_listed(
    told: list[str],
) -> None:
    expected = [e for e in FIVE_ELEMENTS if e not in told and not set(ELEMENT_TERMS[e]) & set(told)]
    assert elements_missing(told) == expected


def test_missing_named_reads_values_and_the_clause_s_words_for_any_vocabulary() -> None:
    terms = {"name": ("姓名",), "phone": ("联系电话", "电话")}
    assert missing_named(["姓名", "Phone"], ("name", "phone", "address"), terms) == ["address"]
    assert missing_named(["电话"], ("name", "phone"), terms) == ["name"]
    assert missing_named([], ("name",), terms) == ["name"]


def test_named_values_counts_one_thing_once_however_it_is_written() -> None:
    """gdzw-0020-2019:5.4.2 多种渠道 counts channels, not wordings: 纸质 is paper (the clause's word)."""
    terms = {"paper": ("纸质",), "app": ("APP",), "website": ("网站",)}
    assert named_values(["paper", " 纸质 ", "Paper"], terms) == ["paper"]
    assert named_values(["App", "i莞家", "网站", "", "  "], terms) == ["app", "i莞家", "website"]
    assert named_values(["Self-Service Terminal"], {}) == ["self_service_terminal"]
    assert missing_named(["app"], ("app", "website"), terms) == ["website"]  # a term's case does not matter


def test_named_values_reads_spaced_and_full_width_writings_as_the_word() -> None:
    """A hall's system may write the clause's word with a space inside (``取号 机``) or in an IME's
    full-width forms (``ＡＰＰ``, ``纸　质``): the same thing (NFKC, spaces ignored in a term)."""
    terms = {"paper": ("纸质",), "app": ("APP",), "ticket_machine": ("取号机",)}
    assert named_values(["取号 机", "纸　质", "ＡＰＰ", " ａｐｐ "], terms) == [
        "ticket_machine",
        "paper",
        "app",
    ]
    assert named_values(["ＴＩＣＫＥＴ　ＭＡＣＨＩＮＥ", "ticket  machine", "Ticket_-Machine"], {}) == [
        "ticket_machine"
    ]
    assert named_values(["　", "-", "_ -"], terms) == []  # blank however written: names nothing
    assert named_values(["取号 屏"], terms) == ["取号_屏"]  # another word is not the term


def test_named_values_reads_terms_changed_between_calls_afresh() -> None:
    """The lookup built from a rule's terms is kept for the next record; a mapping changed in between,
    words given as a list (changed in place) or as an iterator (read once) still name what they say."""
    terms: dict[str, Any] = {"paper": ("纸质",)}
    assert named_values(["纸质"], terms) == ["paper"]
    terms["paper"] = ("纸本",)
    assert named_values(["纸质", "纸本"], terms) == ["纸质", "paper"]
    words = ["纸质"]
    listed = {"paper": words}
    assert named_values(["纸质"], listed) == ["paper"]
    words[0] = "纸本"
    assert named_values(["纸质"], listed) == ["纸质"]
    assert named_values(["纸本"], listed) == ["paper"]
    once = {"paper": iter(("纸质",))}
    assert named_values(["纸质"], once) == ["paper"]
    assert named_values(["纸质"], once) == ["纸质"]  # the iterator is spent, as it always was


@given(
    st.lists(
        st.sampled_from(["paper", "纸质", "PAPER", "app", "APP", "App", "网站", "website", "x", " "]),
        max_size=8,
    )
)
def test_missing_named_is_what_named_values_does_not_name(listed: list[str]) -> None:
    terms = {"paper": ("纸质",), "app": ("APP",), "website": ("网站",)}
    named = named_values(listed, terms)
    assert len(named) == len(set(named))
    assert missing_named(listed, ("paper", "app", "website"), terms) == [
        v for v in ("paper", "app", "website") if v not in named
    ]
    # a value is named exactly when it or one of its words is listed, whatever the case
    lowered = {t.strip().lower() for t in listed}
    for v, words in terms.items():
        assert (v in named) == bool(({v} | {w.lower() for w in words}) & lowered)
