"""gdzw-0020-2019 rules: per clause, a case that fires and one that does not.

Due dates are worked out by hand from the 2025 holiday notice (国庆节、中秋节: 1–8 October off;
Sunday 28 September and Saturday 11 October are working days), counting from the day after the start
(civil-code:201, admin-licensing-law:82). The working days after Friday 2025-09-26 are:

    1 Sun 09-28   2 Mon 09-29   3 Tue 09-30   4 Thu 10-09   5 Fri 10-10   6 Sat 10-11
    7 Mon 10-13   8 10-14   9 10-15  10 10-16  11 10-17  12 Mon 10-20  13 10-21  14 10-22
   15 10-23  16 10-24  17 Mon 10-27  18 10-28  19 10-29  20 Thu 10-30  21 Fri 10-31
   22 Mon 11-03  23 11-04  24 11-05  25 11-06

so a 20-working-day promise from 09-26 falls due on Thursday 2025-10-30.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from govhall.models import Dataset
from govhall.rules import Finding, audit

G = "gdzw-0020-2019"
FULL_SYSTEMS = [
    "首问责任制",
    "首办责任制",
    "一次性告知制",
    "办事公开制",
    "承诺办结制",
    "联审联办机制",
    "容缺受理机制",
    "容缺受理失信处理制度",
    "投诉协调处理机制",
    "评价制度",
]
CLEAN_HALL: dict[str, Any] = {
    "id": "H1",
    "name": "某县政务服务中心",
    "systems": FULL_SYSTEMS,
    "zones": ["自助服务区", "窗口服务区"],
    "equipment": ["query_device", "ticket_machine", "self_service_terminal", "caller"],
    "disclosure_channels": ["paper", "website"],
    "consultation_channels": ["现场", "电话", "网站"],
    "complaint_channels": ["现场", "电话", "信函"],
    "appointment_channels": ["网上", "现场"],
    "published_catalogues": ["rongque", "joint_review"],
}
STAFF = [
    {"id": "S1", "role": "窗口人员", "department": "D1", "rank": 1},
    {"id": "S2", "role": "窗口人员", "department": "D1", "rank": 3},
    {"id": "S3", "role": "窗口人员", "department": "D2", "rank": 2},
    {"id": "C1", "role": "投诉处理人员", "department": "HALL", "rank": 2},
]
ITEMS = [
    {
        "code": "I1",
        "name": "某许可",
        "type": "行政许可",
        "department": "D1",
        "promised_limit": "20个工作日",
        "statutory_limit": "20个工作日",
    },
    {
        "code": "R1",
        "name": "容缺事项",
        "type": "行政许可",
        "department": "D1",
        "promised_limit": "10个工作日",
        "rongque": True,
        "materials": [{"name": "申请表", "main": True}, {"name": "场地证明"}],
    },
    {
        "code": "J1",
        "name": "联审事项",
        "type": "行政许可",
        "department": "D1",
        "joint_review": True,
        "guide_full": True,
    },
]


def run(
    rule_id: str,
    *,
    as_of: date = date(2025, 11, 28),
    hall: dict | None = None,
    interpretations: dict[str, str] | None = None,
    **tables: list[dict],
) -> list[Finding]:
    """Audit a small dataset with gdzw-0020-2019 and return ``rule_id``'s findings."""
    doc = {"hall": hall, "staff": STAFF, "items": ITEMS, **tables}
    ds = Dataset.model_validate({k: v for k, v in doc.items() if v is not None} | {"as_of": as_of})
    report = audit(ds, standards=[G], interpretations=interpretations)
    assert not [n for n in report.notes if n.kind == "rule_error"], report.notes
    return [f for f in report.findings if f.rule_id == rule_id]


def app(aid: str = "A1", *events: dict, **kw: Any) -> dict:
    base = {
        "id": aid,
        "item_code": "I1",
        "received_at": "2025-09-26T09:00",
        "staff_id": "S1",
        "events": [
            {"kind": "received", "at": "2025-09-26T09:00", "staff_id": "S1"},
            {"kind": "accepted", "at": "2025-09-26T09:30", "staff_id": "S1", "written": True},
            *events,
        ],
    }
    base.update(kw)
    return base


def decided(at: str, **kw: Any) -> dict:
    return {"kind": "decided", "at": at, "staff_id": "S1", "outcome": "approved", **kw}


# -- hall-level mechanisms (5.x, 6.x) -------------------------------------------------------------


def test_clean_hall_is_silent_for_every_hall_rule() -> None:
    ds = Dataset.model_validate(
        {"hall": CLEAN_HALL, "staff": STAFF, "items": ITEMS, "as_of": date(2025, 11, 28)}
    )
    report = audit(ds, standards=[G])
    assert report.findings == []


def test_5_1_1_fires_when_first_inquiry_system_missing() -> None:
    hall = {**CLEAN_HALL, "systems": [s for s in FULL_SYSTEMS if s != "首问责任制"]}
    (f,) = run("gdzw-0020-2019/mechanisms-established", hall=hall)
    assert f.clauses == [f"{G}:5.1.1"]


def test_5_8_1_fires_without_a_complaint_handler() -> None:
    ds = Dataset.model_validate(
        {"hall": CLEAN_HALL, "staff": STAFF[:3], "items": ITEMS, "as_of": date(2025, 11, 28)}
    )
    hits = [
        f for f in audit(ds, standards=[G]).findings if f.rule_id == "gdzw-0020-2019/mechanisms-established"
    ]
    assert [f.clauses for f in hits] == [[f"{G}:5.8.1"]]


def test_5_4_2_disclosure_channels() -> None:
    assert run("gdzw-0020-2019/disclosure-channels", hall={**CLEAN_HALL, "disclosure_channels": ["paper"]})
    assert not run("gdzw-0020-2019/disclosure-channels", hall=CLEAN_HALL)


def test_5_6_2_joint_catalogue_published() -> None:
    assert run(
        "gdzw-0020-2019/joint-review-published", hall={**CLEAN_HALL, "published_catalogues": ["rongque"]}
    )
    assert not run("gdzw-0020-2019/joint-review-published", hall=CLEAN_HALL)


def test_5_7_1_rongque_catalogue_published() -> None:
    assert run(
        "gdzw-0020-2019/rongque-published", hall={**CLEAN_HALL, "published_catalogues": ["joint_review"]}
    )
    assert not run("gdzw-0020-2019/rongque-published", hall=CLEAN_HALL)


def test_5_8_4_complaint_channels() -> None:
    (f,) = run("gdzw-0020-2019/complaint-channels", hall={**CLEAN_HALL, "complaint_channels": ["现场"]})
    assert f.severity == "info"
    assert not run("gdzw-0020-2019/complaint-channels", hall=CLEAN_HALL)


def test_6_1_1_booking_and_ticketing() -> None:
    hits = run(
        "gdzw-0020-2019/appointment-and-ticketing",
        hall={**CLEAN_HALL, "appointment_channels": ["网上"], "equipment": []},
    )
    assert len(hits) == 2
    assert not run("gdzw-0020-2019/appointment-and-ticketing", hall=CLEAN_HALL)


def test_6_3_self_service_equipment_and_zone() -> None:
    hits = run(
        "gdzw-0020-2019/self-service", hall={**CLEAN_HALL, "equipment": ["ticket_machine"], "zones": []}
    )
    assert sorted(c for f in hits for c in f.clauses) == [f"{G}:6.3.1", f"{G}:6.3.2", f"{G}:6.3.4"]
    assert not run("gdzw-0020-2019/self-service", hall=CLEAN_HALL)


def test_6_3_3_online_consultation() -> None:
    assert run(
        "gdzw-0020-2019/online-consultation", hall={**CLEAN_HALL, "consultation_channels": ["现场", "电话"]}
    )
    assert not run("gdzw-0020-2019/online-consultation", hall=CLEAN_HALL)


def test_6_4_1_consultation_channels() -> None:
    assert run("gdzw-0020-2019/consultation-channels", hall={**CLEAN_HALL, "consultation_channels": ["现场"]})
    assert not run("gdzw-0020-2019/consultation-channels", hall=CLEAN_HALL)


# -- 5.1 首问 ----------------------------------------------------------------------------------------

Q = {
    "id": "Q1",
    "at": "2025-11-03T09:00",
    "channel": "现场",
    "asked_staff": ["S1"],
    "answered_by": ["S1"],
    "responsible_staff": "S1",
    "scope": "a",
    "answered_on_spot": True,
    "info_provided": True,
}


def test_5_1_2_fires_when_recorded_responsible_is_not_the_highest_rank() -> None:
    # S1 (rank 1) and S2 (rank 3) answered together: 职务职级最高者 S2 is responsible, S1 was recorded
    (f,) = run("gdzw-0020-2019/first-inquiry-responsible", inquiries=[{**Q, "answered_by": ["S1", "S2"]}])
    assert f.evidence["computed"] == "S2" and f.responsible == "S2"
    assert not run(
        "gdzw-0020-2019/first-inquiry-responsible",
        inquiries=[{**Q, "answered_by": ["S1", "S2"], "responsible_staff": "S2"}],
    )
    assert not run("gdzw-0020-2019/first-inquiry-responsible", inquiries=[Q])


def test_5_1_4_b_fires_when_not_referred_with_escalating_sanction() -> None:
    q1 = {**Q, "scope": "b", "answered_on_spot": None, "info_provided": None}
    q2 = {**q1, "id": "Q2", "at": "2025-11-04T10:00"}
    f1, f2 = run("gdzw-0020-2019/first-inquiry-routing", inquiries=[q1, q2])
    assert f1.clauses == [f"{G}:5.1.4.b"] and f1.evidence["duty"] == f"{G}:5.1.3.b"
    assert f1.sanction.startswith("谈话教育") and f2.sanction.startswith("通报批评")
    (g1, _) = run(
        "gdzw-0020-2019/first-inquiry-routing",
        inquiries=[q1, q2],
        interpretations={"gdzw-0020-2019.sanction-ladder": "list_all"},
    )
    assert "岗位调整" in g1.sanction


def test_5_1_4_b_fires_when_referred_late() -> None:
    # referral_within_minutes is 30 by default: 09:00 -> 09:45 is late, 09:20 is not
    late = {**Q, "scope": "b", "referred_window": "W2", "referred_at": "2025-11-03T09:45"}
    assert run("gdzw-0020-2019/first-inquiry-routing", inquiries=[late])
    assert not run(
        "gdzw-0020-2019/first-inquiry-routing", inquiries=[{**late, "referred_at": "2025-11-03T09:20"}]
    )


def test_5_1_4_a_fires_when_promised_answer_missed() -> None:
    q = {**Q, "answered_on_spot": False, "answer_promised_at": "2025-11-04T17:00", "answered_at": None}
    (f,) = run("gdzw-0020-2019/first-inquiry-routing", inquiries=[q])
    assert f.clauses == [f"{G}:5.1.4.a"]
    # answered_at left out, and no inquiry of the dataset records an answer: not judged
    assert not run(
        "gdzw-0020-2019/first-inquiry-routing", inquiries=[{k: v for k, v in q.items() if k != "answered_at"}]
    )
    assert not run(
        "gdzw-0020-2019/first-inquiry-routing", inquiries=[{**q, "answered_at": "2025-11-04T16:00"}]
    )


def test_5_1_3_silent_for_a_letter_inquiry() -> None:
    # 5.1.2 covers 现场或电话 only; letters are judged under 6.4.2
    assert not run(
        "gdzw-0020-2019/first-inquiry-routing",
        inquiries=[{**Q, "channel": "信函", "scope": "b", "answered_on_spot": None}],
    )


def test_5_3_1_fires_when_elements_missing() -> None:
    q = {**Q, "item_code": "I1", "told": ["materials", "conditions", "process"]}
    (f,) = run("gdzw-0020-2019/one-time-notice-elements", inquiries=[q])
    assert f.evidence["missing"] == ["time_limit", "fee"]
    assert not run(
        "gdzw-0020-2019/one-time-notice-elements",
        inquiries=[{**q, "told": ["materials", "conditions", "process", "time_limit", "fee"]}],
    )
    # the list convention: told given empty records that nothing was told (all five missing) ...
    (f,) = run("gdzw-0020-2019/one-time-notice-elements", inquiries=[{**q, "told": []}])
    assert f.evidence["missing"] == ["materials", "conditions", "process", "time_limit", "fee"]
    # ... told left out is not recorded, and not judged
    left_out = {k: v for k, v in q.items() if k != "told"}
    assert not run("gdzw-0020-2019/one-time-notice-elements", inquiries=[left_out])


def test_5_3_1_told_given_empty_and_left_out_read_alike_from_a_jsonl_file(tmp_path) -> None:
    """The loader's file path keeps told: [] given (recorded as none told) apart from told left out
    (not recorded), as the in-memory documents do: an empty list shared by the loader is still given."""
    import json

    from govhall.loaders import load_dataset

    base = {**Q, "item_code": "I1"}
    rows = [{**base, "id": "Q1", "told": []}, {k: v for k, v in base.items() if k != "told"} | {"id": "Q2"}]
    (tmp_path / "inquiries.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    (tmp_path / "items.jsonl").write_text(
        "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in ITEMS), encoding="utf-8"
    )
    (tmp_path / "staff.jsonl").write_text(
        "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in STAFF), encoding="utf-8"
    )
    report = audit(load_dataset(tmp_path), standards=[G], as_of=date(2025, 11, 28))
    fired = {f.subject.id for f in report.findings if f.rule_id == "gdzw-0020-2019/one-time-notice-elements"}
    assert fired == {"Q1"}


def test_6_4_2_fires_when_email_inquiry_answered_late() -> None:
    q = {
        "id": "Q9",
        "at": "2025-11-03T09:00",
        "channel": "电子邮箱",
        "answer_promised_at": "2025-11-05T17:00",
        "answered_at": None,  # recorded: not answered (left out, alone, it is not judged)
    }
    assert run("gdzw-0020-2019/consultation-answered-in-time", inquiries=[q], as_of=date(2025, 11, 6))
    del q["answered_at"]
    assert not run("gdzw-0020-2019/consultation-answered-in-time", inquiries=[q], as_of=date(2025, 11, 6))
    q["answered_at"] = None
    # a batch audit judges at the end of the as_of day: on 11-05 the 17:00 promise has passed, on 11-04 not
    assert run("gdzw-0020-2019/consultation-answered-in-time", inquiries=[q], as_of=date(2025, 11, 5))
    assert not run("gdzw-0020-2019/consultation-answered-in-time", inquiries=[q], as_of=date(2025, 11, 4))
    assert not run(
        "gdzw-0020-2019/consultation-answered-in-time", inquiries=[{**q, "answered_at": "2025-11-05T10:00"}]
    )
    assert not run("gdzw-0020-2019/consultation-answered-in-time", inquiries=[{**q, "channel": "电话"}])


# -- 5.2 首办 ----------------------------------------------------------------------------------------


def test_5_2_2_fires_when_recorded_first_handler_differs() -> None:
    a = app("A1", decided("2025-10-10T10:00"), staff_id="S2")  # events say S1 handled it first
    (f,) = run("gdzw-0020-2019/first-handling-responsible", applications=[a])
    assert f.evidence["computed"] == "S1"
    assert not run(
        "gdzw-0020-2019/first-handling-responsible", applications=[app("A1", decided("2025-10-10T10:00"))]
    )


def test_5_2_4_c_fires_when_own_duty_transferred() -> None:
    moved = app(
        "A1",
        {"kind": "transferred", "at": "2025-09-26T10:00", "staff_id": "S1", "window_id": "W9"},
        decided("2025-10-10T10:00"),
    )
    (f,) = run("gdzw-0020-2019/first-handling-routing", applications=[moved])
    assert f.clauses == [f"{G}:5.2.4.c"] and f.sanction.startswith("谈话教育") and f.responsible == "S1"
    assert not run(
        "gdzw-0020-2019/first-handling-routing", applications=[app("A1", decided("2025-10-10T10:00"))]
    )


def test_5_2_4_b_fires_when_other_departments_item_not_transferred() -> None:
    # S3 belongs to D2; item I1 is D1's and the window is not recorded as comprehensive -> scope b
    a = app("A1", staff_id="S3", events=[{"kind": "received", "at": "2025-09-26T09:00", "staff_id": "S3"}])
    (f,) = run("gdzw-0020-2019/first-handling-routing", applications=[a])
    assert f.clauses == [f"{G}:5.2.4.b"]
    ok = app(
        "A1",
        staff_id="S3",
        events=[
            {"kind": "received", "at": "2025-09-26T09:00", "staff_id": "S3"},
            {"kind": "transferred", "at": "2025-09-26T09:10", "staff_id": "S3"},
        ],
    )
    assert not run("gdzw-0020-2019/first-handling-routing", applications=[ok])


# -- 5.3.2 补正告知 -----------------------------------------------------------------------------------

NOTICE = {
    "kind": "correction_notice",
    "at": "2025-09-26T09:20",
    "staff_id": "S1",
    "written": True,
    "materials": ["身份证"],
    "requirements": "原件及复印件",
    "deadline": "2025-10-10",
}


def test_5_3_2_b_fires_when_notice_is_oral() -> None:
    (f,) = run(
        "gdzw-0020-2019/written-correction-notice", applications=[app("A1", {**NOTICE, "written": False})]
    )
    assert f.clauses == [f"{G}:5.3.2.b"] and f.sanction is None
    assert not run("gdzw-0020-2019/written-correction-notice", applications=[app("A1", NOTICE)])


def test_5_3_2_b_reports_only_the_parts_the_notices_record() -> None:
    oral_bare = {k: v for k, v in NOTICE.items() if k not in ("requirements", "deadline")} | {
        "written": False
    }
    # alone, the requirements and deadline are recorded by no notice: only 'not in writing' is reported
    (f,) = run("gdzw-0020-2019/written-correction-notice", applications=[app("A1", oral_bare)])
    assert f.message == "补正告知未以书面形式出具" and f.evidence["missing"] == ["written"]
    # beside a notice recording both, this one's are missing on record
    (f, _) = run(
        "gdzw-0020-2019/written-correction-notice",
        applications=[app("A1", oral_bare), app("A2", {**NOTICE, "written": False})],
    )
    assert f.subject.id == "A1"
    assert f.message == "补正告知未以书面形式出具，未写明补正要求、补正期限"
    assert f.evidence["missing"] == ["written", "requirements", "deadline"]
    (f,) = run(
        "gdzw-0020-2019/written-correction-notice",
        applications=[app("A1", oral_bare)],
        interpretations={"gdzw-0020-2019.unrecorded-notice-contents": "left_out"},
    )
    assert f.evidence["missing"] == ["written", "requirements", "deadline"]


def test_5_3_3_a_fires_on_second_request_for_unlisted_material() -> None:
    second = {**NOTICE, "at": "2025-09-30T09:00", "materials": ["户口本"]}
    (f,) = run("gdzw-0020-2019/written-correction-notice", applications=[app("A1", NOTICE, second)])
    assert f.clauses == [f"{G}:5.3.3.a"] and f.sanction.startswith("批评教育")
    assert f.evidence["new_materials"] == ["户口本"]


# -- 5.5 承诺办结 -------------------------------------------------------------------------------------


def test_5_5_1_fires_when_decided_after_promise() -> None:
    # 20个工作日 from Fri 2025-09-26 across National Day -> Thu 2025-10-30 (table in the docstring)
    (f,) = run("gdzw-0020-2019/promised-deadline", applications=[app("A1", decided("2025-10-31T10:00"))])
    assert f.evidence["due"] == "2025-10-30" and f.clauses == [f"{G}:5.5.1"]
    assert f.responsible == "S1" and f.sanction.startswith("谈话教育")
    assert not run("gdzw-0020-2019/promised-deadline", applications=[app("A1", decided("2025-10-30T17:00"))])


def test_5_5_2_application_not_meeting_conditions_is_out_of_scope() -> None:
    a = app("A1", decided("2025-12-01T10:00"), meets_conditions=False)
    assert not run("gdzw-0020-2019/promised-deadline", applications=[a], as_of=date(2025, 12, 5))


def test_5_5_1_fires_for_open_case_past_due_as_of() -> None:
    (f,) = run("gdzw-0020-2019/promised-deadline", applications=[app("A1")], as_of=date(2025, 10, 31))
    assert f.stage == "red"
    assert not run("gdzw-0020-2019/promised-deadline", applications=[app("A1")], as_of=date(2025, 10, 30))


def test_5_5_1_pause_moves_the_due_date() -> None:
    # pause 10-20 .. 10-22 stops 3 working days: the 20th counted day moves from 10-30 to Tue 11-04
    pause = [
        {"kind": "paused", "at": "2025-10-20T09:00", "staff_id": "S1"},
        {"kind": "resumed", "at": "2025-10-22T16:00", "staff_id": "S1"},
    ]
    assert not run(
        "gdzw-0020-2019/promised-deadline", applications=[app("A1", *pause, decided("2025-11-04T10:00"))]
    )
    (f,) = run(
        "gdzw-0020-2019/promised-deadline", applications=[app("A1", *pause, decided("2025-11-05T10:00"))]
    )
    assert f.evidence["due"] == "2025-11-04" and f.evidence["paused_working_days"] == 3


def test_5_5_1_only_approved_extension_counts() -> None:
    # +5个工作日 after 10-30: 10-31, 11-03, 11-04, 11-05, 11-06 -> due Thu 11-06
    ext = {
        "kind": "extended",
        "at": "2025-10-28T09:00",
        "staff_id": "S1",
        "limit": "5个工作日",
        "approved_by": "局长",
    }
    assert not run(
        "gdzw-0020-2019/promised-deadline", applications=[app("A1", ext, decided("2025-11-06T10:00"))]
    )
    unapproved = {**ext, "approved_by": None}
    (f,) = run(
        "gdzw-0020-2019/promised-deadline", applications=[app("A1", unapproved, decided("2025-11-06T10:00"))]
    )
    assert f.evidence["due"] == "2025-10-30"


def test_5_2_4_a_ladder_over_two_late_applications() -> None:
    a1 = app("A1", decided("2025-10-31T10:00"))
    a2 = app("A2", decided("2025-11-03T10:00"))
    f1, f2 = run("gdzw-0020-2019/promised-deadline", applications=[a1, a2])
    assert (f1.sanction.split(" ")[0], f2.sanction.split(" ")[0]) == ("谈话教育", "通报批评")


def test_5_2_4_a_ladder_orders_a_person_s_breaches_by_when_each_happened() -> None:
    """5.2.4 谈话教育、通报批评、岗位调整 by repetition (``gdzw-0020-2019.sanction-ladder`` escalate), worked
    by hand. S1's three broken promises, in the order they happened (not the order of the records):

    * A2, accepted 09-26 and never decided: broken when its promise ran out, the end of Thu 10-30;
    * A1, accepted 09-26 (due 10-30), decided Fri 10-31;
    * A3, accepted Thu 10-09: 10-10 (1), Sat 10-11 (2, 调休), 10-13 … 10-17 (3–7), 10-20 … 10-24 (8–12),
      10-27 … 10-31 (13–17), 11-03 (18), 11-04 (19), Wed 11-05 (20) -> due 11-05, decided Thu 11-06.

    So A2 谈话教育 (1st), A1 通报批评 (2nd), A3 岗位调整 (3rd); S2's one late decision (A4) is S2's
    first: 谈话教育, whatever S1 did.
    """
    a1 = app("A1", decided("2025-10-31T10:00"))
    a2 = app("A2")
    a3 = app(
        "A3",
        decided("2025-11-06T10:00"),
        received_at="2025-10-09T09:00",
        events=[
            {"kind": "received", "at": "2025-10-09T09:00", "staff_id": "S1"},
            {"kind": "accepted", "at": "2025-10-09T09:30", "staff_id": "S1"},
            decided("2025-11-06T10:00"),
        ],
    )
    a4 = app("A4", decided("2025-10-31T10:00", staff_id="S2"), staff_id="S2")
    found = run("gdzw-0020-2019/promised-deadline", applications=[a1, a2, a3, a4])
    measures = {f.subject.id: (f.responsible, f.sanction.split(" ")[0]) for f in found}
    assert measures == {
        "A2": ("S1", "谈话教育"),
        "A1": ("S1", "通报批评"),
        "A3": ("S1", "岗位调整"),
        "A4": ("S2", "谈话教育"),
    }
    assert {f.subject.id: f.evidence["due"] for f in found} == {
        "A1": "2025-10-30",
        "A2": "2025-10-30",
        "A3": "2025-11-05",
        "A4": "2025-10-30",
    }
    # a fourth breach of S1 stays at the heaviest measure listed: 岗位调整
    a5 = app("A5", decided("2025-11-07T10:00"))
    found = run("gdzw-0020-2019/promised-deadline", applications=[a1, a2, a3, a5])
    assert {f.subject.id: f.sanction.split(" ")[0] for f in found}["A5"] == "岗位调整"


# -- 5.6 / 5.7 ----------------------------------------------------------------------------------------


def test_5_6_2_joint_application_without_lead_department() -> None:
    assert run("gdzw-0020-2019/joint-lead-department", applications=[app("A1", item_code="J1", joint=True)])
    assert not run(
        "gdzw-0020-2019/joint-lead-department",
        applications=[app("A1", item_code="J1", joint=True, lead_department="D1")],
    )


RQ = {
    "item_code": "R1",
    "rongque": True,
    "rongque_blacklisted": False,  # recorded as not listed (left out, the listing is not judged)
    "basic_conditions_met": True,
    "materials_submitted": ["申请表"],
    "rongque_missing": ["场地证明"],
}


def test_5_7_2_fires_when_rongque_item_lacks_main_material() -> None:
    (f,) = run(
        "gdzw-0020-2019/rongque-eligibility", applications=[app("A1", **{**RQ, "materials_submitted": []})]
    )
    assert f.severity == "info" and f.evidence["missing_main"] == ["申请表"]
    assert not run("gdzw-0020-2019/rongque-eligibility", applications=[app("A1", **RQ)])


def test_5_7_3_fires_when_supplement_overdue_and_not_blacklisted() -> None:
    # default 5个工作日 from Fri 09-26: 09-28, 09-29, 09-30, 10-09, 10-10 -> due Fri 2025-10-10
    (f,) = run(
        "gdzw-0020-2019/rongque-overdue-blacklist", applications=[app("A1", **RQ)], as_of=date(2025, 10, 11)
    )
    assert f.evidence["due"] == "2025-10-10"
    assert not run(
        "gdzw-0020-2019/rongque-overdue-blacklist", applications=[app("A1", **RQ)], as_of=date(2025, 10, 10)
    )
    assert not run(
        "gdzw-0020-2019/rongque-overdue-blacklist",
        applications=[app("A1", **{**RQ, "rongque_blacklisted": True})],
    )
    assert not run(  # whether the applicant was listed not recorded: not judged
        "gdzw-0020-2019/rongque-overdue-blacklist",
        applications=[app("A1", **{**RQ, "rongque_blacklisted": None})],
        as_of=date(2025, 10, 11),
    )
    supplied = {"kind": "materials_supplemented", "at": "2025-10-10T16:00", "materials": ["场地证明"]}
    assert not run("gdzw-0020-2019/rongque-overdue-blacklist", applications=[app("A1", supplied, **RQ)])
    late = {**supplied, "at": "2025-10-13T09:00"}
    assert run("gdzw-0020-2019/rongque-overdue-blacklist", applications=[app("A1", late, **RQ)])


def test_5_7_3_agreed_due_date_wins() -> None:
    a = app("A1", **RQ, rongque_supplement_due="2025-10-20")
    assert not run("gdzw-0020-2019/rongque-overdue-blacklist", applications=[a], as_of=date(2025, 10, 20))
    assert run("gdzw-0020-2019/rongque-overdue-blacklist", applications=[a], as_of=date(2025, 10, 21))


# -- 5.8 投诉 -----------------------------------------------------------------------------------------

C = {
    "id": "C1",
    "channel": "现场",
    "received_at": "2025-11-03T09:00",
    "accepted": True,
    "handler_staff": "C1",
}


def test_5_8_2_a_fires_when_staff_conduct_complaint_refused() -> None:
    refused = {**C, "accepted": False, "facts": {"staff_conduct": True}}
    (f,) = run("gdzw-0020-2019/staff-conduct-complaint-accepted", complaints=[refused])
    assert f.clauses == [f"{G}:5.8.2.a"]
    assert not run(
        "gdzw-0020-2019/staff-conduct-complaint-accepted", complaints=[{**refused, "accepted": True}]
    )


def test_5_8_3_fires_when_discipline_matter_not_passed_on() -> None:
    c = {**C, "accepted": False, "facts": {"discipline_inspection": True}, "events": []}
    assert run("gdzw-0020-2019/complaint-violation-referred", complaints=[c])
    # no history recorded at all (neither events nor referral given): not judged
    unrecorded = {k: v for k, v in c.items() if k not in ("events", "referral")}
    assert not run("gdzw-0020-2019/complaint-violation-referred", complaints=[unrecorded])
    assert not run(
        "gdzw-0020-2019/complaint-violation-referred", complaints=[{**c, "referral": "区纪委监委"}]
    )


def test_5_8_3_fires_when_confidential_complainant_named_to_the_staff_members_department() -> None:
    c = {
        **C,
        "confidential": True,
        "about_staff": "S1",
        "worksheet": {"name_or_org": "张三", "content": "窗口人员态度差"},
        "events": [
            {"kind": "worksheet_sent", "at": "2025-11-03T10:00", "staff_id": "C1", "department": "D1"}
        ],
    }
    (f,) = run("gdzw-0020-2019/complaint-confidentiality", complaints=[c])
    assert f.evidence["identity_fields_on_worksheet"] == ["name_or_org"] and f.evidence["department"] == "D1"
    assert not run(
        "gdzw-0020-2019/complaint-confidentiality",
        complaints=[{**c, "worksheet": {"content": "窗口人员态度差"}}],
    )
    assert not run("gdzw-0020-2019/complaint-confidentiality", complaints=[{**c, "confidential": False}])
    other = {**c, "events": [{"kind": "worksheet_sent", "at": "2025-11-03T10:00", "department": "HALL"}]}
    assert not run("gdzw-0020-2019/complaint-confidentiality", complaints=[other])


# -- 5.9 评价 -----------------------------------------------------------------------------------------


def test_5_9_2_fires_when_staff_account_rates() -> None:
    e = {"id": "E1", "at": "2025-11-03T10:00", "level": "非常满意", "staff_id": "S1", "device_id": "D1"}
    (f,) = run("gdzw-0020-2019/evaluation-integrity", evaluations=[{**e, "rater_staff_id": "S1"}])
    assert f.evidence["kind"] == "self_rated" and f.responsible == "S1"
    assert not run("gdzw-0020-2019/evaluation-integrity", evaluations=[e])


def test_5_9_2_fires_on_device_burst() -> None:
    # five ratings from D1 at 10:00, 10:02 … 10:08: five within 10 minutes (the default figures)
    evals = [
        {"id": f"E{i}", "at": f"2025-11-03T10:0{2 * i}", "level": "满意", "staff_id": "S1", "device_id": "D1"}
        for i in range(5)
    ]
    assert len(run("gdzw-0020-2019/evaluation-integrity", evaluations=evals)) == 5
    assert not run("gdzw-0020-2019/evaluation-integrity", evaluations=evals[:4])


# -- 6.x ----------------------------------------------------------------------------------------------

APPT = {
    "id": "P1",
    "item_code": "I1",
    "channel": "网上",
    "booked_at": "2025-11-03T09:00",
    "slot_start": "2025-11-05T09:00",
    "slot_end": "2025-11-05T09:30",
    "confirmation_sent_at": "2025-11-03T09:01",
    "confirmation_fields": ["name", "time", "place", "number", "content", "ticket_instructions"],
}


def test_6_1_2_fires_when_confirmation_missing_or_incomplete() -> None:
    assert run(
        "gdzw-0020-2019/appointment-confirmation", appointments=[{**APPT, "confirmation_sent_at": None}]
    )
    assert run(
        "gdzw-0020-2019/appointment-confirmation",
        appointments=[{**APPT, "confirmation_sent_at": "2025-11-05T09:10"}],
    )  # after the slot began
    (f,) = run(
        "gdzw-0020-2019/appointment-confirmation",
        appointments=[{**APPT, "confirmation_fields": ["name", "time"]}],
    )
    assert f.evidence["missing"] == ["place", "number", "content", "ticket_instructions"]
    assert not run("gdzw-0020-2019/appointment-confirmation", appointments=[APPT])
    assert not run(
        "gdzw-0020-2019/appointment-confirmation",
        appointments=[{**APPT, "channel": "现场", "confirmation_sent_at": None}],
    )


def test_6_6_fires_when_agency_service_charged() -> None:
    (f,) = run(
        "gdzw-0020-2019/free-agency", applications=[app("A1", help_service="agent", service_fee_charged="50")]
    )
    assert f.severity == "info"
    assert not run("gdzw-0020-2019/free-agency", applications=[app("A1", help_service="agent")])


def test_6_7_2_fires_when_mailing_not_chosen() -> None:
    mailed = {"kind": "mailed", "at": "2025-10-10T10:00", "voluntary": False}
    assert run(
        "gdzw-0020-2019/mailing-voluntary", applications=[app("A1", decided("2025-10-09T10:00"), mailed)]
    )
    assert not run(
        "gdzw-0020-2019/mailing-voluntary",
        applications=[app("A1", decided("2025-10-09T10:00"), {**mailed, "voluntary": True})],
    )


def test_rules_are_silent_before_the_standard_took_effect() -> None:
    # gdzw-0020-2019 took effect 2019-12-08: an inquiry of 2019-12-01 is not judged by it
    q = {**Q, "at": "2019-12-01T09:00", "scope": "b", "answered_on_spot": None}
    assert not run("gdzw-0020-2019/first-inquiry-routing", inquiries=[q], as_of=date(2019, 12, 31))
    assert run(
        "gdzw-0020-2019/first-inquiry-routing",
        inquiries=[{**q, "at": "2019-12-09T09:00"}],
        as_of=date(2019, 12, 31),
    )
