"""db23-hlj-2023 rules: per clause, a case that fires and one that does not.

Dates worked by hand from the 2025 holiday notice (国庆节、中秋节 1–8 October off; Sunday 28 September
and Saturday 11 October worked), the start day not counted (civil-code:201). The working days after
Friday 2025-09-26 are: 1 Sun 09-28, 2 Mon 09-29, 3 Tue 09-30, 4 Thu 10-09, 5 Fri 10-10, 6 Sat 10-11,
7 Mon 10-13, 8 Tue 10-14, 9 Wed 10-15. Hence:

* 6.1.3: a 5-working-day promise received 09-26 falls due Fri 10-10.
* 7.4.2: a correction noticed Mon 09-29 and supplemented Thu 10-09 pauses 3 working days (09-29,
  09-30, 10-09): the clock resumes and the promise falls due Tue 10-14 (5 working days not paused:
  09-28, 10-10, 10-11, 10-13, 10-14); if the clock restarts, 5 working days after 10-09 → Wed 10-15.
* 7.6.1.1: handed to the issuing window by the working day before 10-10, i.e. Thu 10-09.
* 7.6.1.2 / 7.6.2: 1 working day after Tue 09-30 is Thu 10-09.
* 6.5.3: a slot at 10:00 on Wed 2025-11-05 needs its reminder by 10:00 on Tue 11-04.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest

from govhall.loaders import load_dataset
from govhall.rules import Finding, audit

S = "db23-hlj-2023"
HALL = {"id": "H1", "name": "某县政务服务中心", "systems": ["haochaping"]}
STAFF = [
    {"id": "S1", "role": "window_clerk", "department": "D1", "windows": ["W1"]},
    {"id": "S2", "role": "window_clerk", "department": "D1", "windows": ["W1"]},
    {"id": "S3", "role": "consultant", "department": "D1"},
    {"id": "S4", "role": "agent", "department": "D1"},
]
WINDOWS = [{"id": "W1", "kind": "comprehensive", "staff": ["S1", "S2"]}, {"id": "W2", "kind": "certificate"}]
ITEMS = [
    {"code": "I5", "name": "某许可", "type": "行政许可", "department": "D1", "promised_limit": "5个工作日"},
    {"code": "I0", "name": "某即办事项", "type": "公共服务", "department": "D1", "promised_limit": "当场"},
]


def clean() -> dict[str, Any]:
    return copy.deepcopy(
        {"hall": HALL, "staff": STAFF, "windows": WINDOWS, "items": ITEMS, "as_of": "2025-11-30"}
    )


def run(doc: dict[str, Any], rule_id: str, interpretations: dict[str, str] | None = None) -> list[Finding]:
    ds = load_dataset(doc)
    assert not ds.rejected, [r.reason for r in ds.rejected]
    report = audit(ds, standards=[S], interpretations=interpretations)
    assert not [n for n in report.notes if n.kind == "rule_error"], report.notes
    return [f for f in report.findings if f.rule_id == rule_id]


def app(events: list[tuple[str, str] | dict[str, Any]], item: str = "I5", **kw: Any) -> dict[str, Any]:
    evs = [{"kind": e[0], "at": e[1]} if isinstance(e, tuple) else e for e in events]
    return {"id": "A1", "item_code": item, "received_at": "2025-09-26T10:00", "events": evs, **kw}


def test_the_clean_hall_is_silent_on_every_rule() -> None:
    report = audit(load_dataset(clean()), standards=[S])
    assert report.findings == [] and not report.notes


# -- 5.5.3 空窗 -------------------------------------------------------------------------------------


def attendance(*rows: tuple[str, str, str], **kw: Any) -> list[dict[str, Any]]:
    return [{"staff_id": s, "window_id": "W1", "kind": k, "at": f"2025-11-03T{t}", **kw} for s, k, t in rows]


DAY = [
    ("S1", "sign_in", "08:50"),
    ("S1", "sign_out", "12:00"),
    ("S1", "sign_in", "13:20"),
    ("S1", "sign_out", "17:05"),
]


def test_5_5_3_a_40_minute_absence_of_the_only_clerk_is_a_kongchuang() -> None:
    doc = clean()
    doc["attendance"] = attendance(*DAY, ("S1", "leave", "10:00"), ("S1", "return", "10:40"))
    [f] = run(doc, "db23-hlj-2023/unstaffed-window")
    assert (f.subject.kind, f.subject.id, f.evidence["minutes"], f.responsible) == ("window", "W1", 40, "S1")


def test_5_5_3_15_minutes_are_tolerated_and_a_pause_sign_excuses() -> None:
    doc = clean()
    doc["attendance"] = attendance(*DAY, ("S1", "leave", "10:00"), ("S1", "return", "10:15"))
    assert run(doc, "db23-hlj-2023/unstaffed-window") == []
    doc["attendance"] = (
        attendance(*DAY)
        + attendance(("S1", "leave", "10:00"), pause_sign_shown=True)
        + attendance(("S1", "return", "10:50"))
    )
    assert run(doc, "db23-hlj-2023/unstaffed-window") == []


def test_5_5_3_a_colleague_at_the_window_means_no_gap() -> None:
    doc = clean()
    doc["attendance"] = attendance(
        *DAY,
        ("S2", "sign_in", "08:55"),
        ("S2", "sign_out", "17:01"),
        ("S1", "leave", "10:00"),
        ("S1", "return", "10:40"),
    )
    assert run(doc, "db23-hlj-2023/unstaffed-window") == []


def test_5_5_3_signing_out_an_hour_early_leaves_the_window_empty() -> None:
    doc = clean()
    doc["attendance"] = attendance(("S1", "sign_in", "08:50"), ("S1", "sign_out", "16:00"))
    found = run(doc, "db23-hlj-2023/unstaffed-window")
    # 12:00–13:30 is lunch, not service time: only 16:00–17:00 is a gap
    assert [(f.evidence["from"][-5:], f.evidence["to"][-5:], f.evidence["opened_by"]) for f in found] == [
        ("16:00", "17:00", "sign_out")
    ]


def test_5_5_3_a_late_opening_counts_only_under_the_whole_day_reading() -> None:
    doc = clean()
    doc["attendance"] = attendance(
        ("S1", "sign_in", "09:40"),
        ("S1", "sign_out", "12:00"),
        ("S1", "sign_in", "13:20"),
        ("S1", "sign_out", "17:05"),
    )
    assert run(doc, "db23-hlj-2023/unstaffed-window") == []
    [f] = run(doc, "db23-hlj-2023/unstaffed-window", {f"{S}.unstaffed-span": "whole_service_day"})
    assert f.evidence["minutes"] == 40


def test_5_5_3_the_hall_s_own_service_hours_win_over_the_parameter() -> None:
    doc = clean()
    doc["hall"]["service_hours"] = [{"start": "09:00", "end": "12:00"}, {"start": "13:30", "end": "16:00"}]
    doc["attendance"] = attendance(("S1", "sign_in", "08:50"), ("S1", "sign_out", "16:00"))
    assert run(doc, "db23-hlj-2023/unstaffed-window") == []


# -- 6.1 / 6.4 ----------------------------------------------------------------------------------------


def test_6_1_2_outside_matter_without_a_route() -> None:
    doc = clean()
    doc["inquiries"] = [
        {"id": "Q1", "at": "2025-11-03T09:00", "asked_staff": ["S3"], "scope": "c", "guidance_given": False}
    ]
    assert [f.subject.id for f in run(doc, "db23-hlj-2023/outside-matter-directed")] == ["Q1"]
    doc["inquiries"][0]["guidance_given"] = True
    assert run(doc, "db23-hlj-2023/outside-matter-directed") == []


def test_6_1_3_decided_on_the_due_day_across_national_day() -> None:
    doc = clean()
    doc["applications"] = [app([("decided", "2025-10-10T16:00")])]
    assert run(doc, "db23-hlj-2023/promised-deadline") == []
    doc["applications"] = [app([("decided", "2025-10-11T09:00")])]  # Saturday 11 October, a working day
    [f] = run(doc, "db23-hlj-2023/promised-deadline")
    assert f.evidence["due"] == "2025-10-10"


def test_7_4_2_the_correction_period_pauses_the_clock() -> None:
    doc = clean()
    events = [
        ("correction_notice", "2025-09-29T10:00"),
        ("materials_supplemented", "2025-10-09T10:00"),
        ("decided", "2025-10-14T10:00"),
    ]
    doc["applications"] = [app(events)]
    assert run(doc, "db23-hlj-2023/promised-deadline") == []  # due 10-14 with 3 paused working days
    doc["applications"] = [app(events[:2] + [("decided", "2025-10-15T10:00")])]
    [f] = run(doc, "db23-hlj-2023/promised-deadline")
    assert (f.evidence["due"], f.evidence["paused_working_days"]) == ("2025-10-14", 3)
    assert f"{S}:7.4.2" in f.evidence["basis"]
    assert (
        run(doc, "db23-hlj-2023/promised-deadline", {f"{S}.correction-clock": "restart"}) == []
    )  # due 10-15


def test_6_1_3_open_correction_stops_the_clock_and_a_return_ends_it() -> None:
    doc = clean()
    doc["applications"] = [app([("correction_notice", "2025-09-29T10:00")])]
    assert run(doc, "db23-hlj-2023/promised-deadline") == []
    doc["applications"] = [app([])]
    [f] = run(doc, "db23-hlj-2023/promised-deadline")
    assert f.stage == "red" and f.evidence["decided_at"] is None
    doc["applications"] = [app([("returned", "2025-09-29T10:00")])]
    assert run(doc, "db23-hlj-2023/promised-deadline") == []


def test_6_4_1_consultation_needs_a_dedicated_person() -> None:
    doc = clean()
    doc["staff"] = [s for s in doc["staff"] if s["role"] != "consultant"]
    assert len(run(doc, "db23-hlj-2023/consultation-staff")) == 1


def test_6_4_1_s3_question_not_answered_on_the_spot_needs_ledger_and_time() -> None:
    doc = clean()
    q = {
        "id": "Q1",
        "at": "2025-11-03T09:00",
        "asked_staff": ["S3"],
        "answered_on_spot": False,
        "ledger_recorded": True,
        "answer_promised_at": None,  # recorded: none agreed (left out, alone, it is not judged)
    }
    doc["inquiries"] = [q]
    assert run(doc, "db23-hlj-2023/inquiry-ledger")[0].evidence["missing"] == ["answer_promised_at"]
    del q["answer_promised_at"]
    assert run(doc, "db23-hlj-2023/inquiry-ledger") == []
    q["answer_promised_at"] = "2025-11-04T10:00"
    assert run(doc, "db23-hlj-2023/inquiry-ledger") == []
    q["ledger_recorded"] = False
    assert run(doc, "db23-hlj-2023/inquiry-ledger")[0].evidence["missing"] == ["ledger_recorded"]


# -- 6.5 预约服务 ---------------------------------------------------------------------------------------

SLOT = {
    "id": "P1",
    "booked_at": "2025-11-01T09:00",
    "slot_start": "2025-11-05T10:00",
    "slot_end": "2025-11-05T10:30",
}


def test_6_5_2_hall_cancellation_needs_a_reason_or_a_new_time() -> None:
    doc = clean()
    doc["appointments"] = [
        {
            **SLOT,
            "reminder_sent_at": "2025-11-03T10:00",
            "cancelled_by_hall": True,
            "hall_reason_given": False,
        }
    ]
    assert len(run(doc, "db23-hlj-2023/hall-side-rescheduling")) == 1
    doc["appointments"][0]["rescheduled_to"] = "2025-11-06T10:00"
    assert run(doc, "db23-hlj-2023/hall-side-rescheduling") == []
    del doc["appointments"][0]["rescheduled_to"], doc["appointments"][0]["hall_reason_given"]
    assert run(doc, "db23-hlj-2023/hall-side-rescheduling") == []  # the reason not recorded: not judged


def test_6_5_2_served_after_the_slot_although_on_time() -> None:
    doc = clean()
    doc["appointments"] = [
        {
            **SLOT,
            "reminder_sent_at": "2025-11-03T10:00",
            "arrived_at": "2025-11-05T09:55",
            "served_at": "2025-11-05T11:00",
            "hall_reason_given": False,
        }
    ]
    assert len(run(doc, "db23-hlj-2023/hall-side-rescheduling")) == 1


@pytest.mark.parametrize(
    ("sent", "fires"),
    [
        ("2025-11-04T10:00", False),
        ("2025-11-03T16:00", False),
        ("2025-11-04T10:01", True),
        ("2025-11-05T07:00", True),
    ],
)
def test_6_5_3_reminder_at_least_24h_before(sent: str, fires: bool) -> None:
    doc = clean()
    doc["appointments"] = [{**SLOT, "reminder_sent_at": sent}]
    assert bool(run(doc, "db23-hlj-2023/appointment-reminder")) is fires


def test_6_5_3_a_late_reminder_passes_under_the_advisory_reading_a_missing_one_never() -> None:
    doc = clean()
    doc["appointments"] = [{**SLOT, "reminder_sent_at": "2025-11-05T07:00"}]
    assert run(doc, "db23-hlj-2023/appointment-reminder", {f"{S}.reminder-timing": "advisory"}) == []
    doc["appointments"] = [{**SLOT, "reminder_sent_at": None}]  # recorded: none sent
    assert (
        run(doc, "db23-hlj-2023/appointment-reminder", {f"{S}.reminder-timing": "advisory"})[0].message
        == "未提供预约提醒服务"
    )


def test_6_5_3_short_notice_bookings() -> None:
    doc = clean()
    doc["appointments"] = [
        {**SLOT, "booked_at": "2025-11-04T15:00", "reminder_sent_at": None}
    ]  # 19 h before the slot
    assert run(doc, "db23-hlj-2023/appointment-reminder") == []
    assert (
        len(
            run(
                doc, "db23-hlj-2023/appointment-reminder", {f"{S}.short-notice-booking": "remind_before_slot"}
            )
        )
        == 1
    )


def test_6_5_3_not_yet_due_at_the_audit_day() -> None:
    doc = clean()
    doc["as_of"] = "2025-11-03"
    doc["appointments"] = [{**SLOT, "reminder_sent_at": None}]  # the reminder is due 11-04 10:00
    assert run(doc, "db23-hlj-2023/appointment-reminder") == []


def test_6_5_4_a_no_show_served_under_the_lapsed_booking() -> None:
    doc = clean()
    doc["appointments"] = [
        {
            **SLOT,
            "reminder_sent_at": "2025-11-03T10:00",
            "arrived_at": "2025-11-05T10:40",
            "served_at": "2025-11-05T10:50",
        }
    ]
    assert len(run(doc, "db23-hlj-2023/no-show-forfeits")) == 1
    doc["appointments"][0].update({"arrived_at": "2025-11-05T10:20", "served_at": "2025-11-05T10:25"})
    assert run(doc, "db23-hlj-2023/no-show-forfeits") == []


# -- 6.6 帮代办 -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("service", "clause"), [("help", "6.6.1"), ("agent", "6.6.2")])
def test_6_6_a_fee_for_help_or_agency(service: str, clause: str) -> None:
    doc = clean()
    doc["applications"] = [
        app([("decided", "2025-10-09T10:00")], help_service=service, service_fee_charged="50")
    ]
    [f] = run(doc, "db23-hlj-2023/free-help-and-agency")
    assert f.clauses == [f"{S}:{clause}"]
    doc["applications"][0]["service_fee_charged"] = "0"
    assert run(doc, "db23-hlj-2023/free-help-and-agency") == []


def test_6_6_4_no_agency_team() -> None:
    doc = clean()
    doc["staff"] = [s for s in doc["staff"] if s["role"] != "agent"]
    assert len(run(doc, "db23-hlj-2023/agency-team")) == 1


# -- 7.4 补齐补正 --------------------------------------------------------------------------------------


def test_7_4_1_a_second_notice_adding_materials() -> None:
    doc = clean()
    n1 = {"kind": "correction_notice", "at": "2025-09-29T10:00", "materials": ["身份证"], "written": True}
    n2 = {"kind": "correction_notice", "at": "2025-10-09T10:00", "materials": ["营业执照"], "written": True}
    doc["applications"] = [app([n1, ("materials_supplemented", "2025-09-30T10:00"), n2])]
    [f] = run(doc, "db23-hlj-2023/corrections-all-at-once")
    assert f.evidence["new_materials"] == ["营业执照"]
    assert run(doc, "db23-hlj-2023/corrections-all-at-once", {f"{S}.declarative-duties": "description"}) == []
    n2["materials"] = ["身份证"]  # asking again for what was already listed is not a new demand
    assert run(doc, "db23-hlj-2023/corrections-all-at-once") == []


def test_7_4_2_s2_return_before_the_correction_deadline_is_info() -> None:
    doc = clean()
    n = {
        "kind": "correction_notice",
        "at": "2025-09-29T10:00",
        "materials": ["身份证"],
        "deadline": "2025-10-10",
    }
    doc["applications"] = [app([n, ("returned", "2025-10-10T16:00")])]
    [f] = run(doc, "db23-hlj-2023/return-only-after-deadline")
    assert f.severity == "info"
    doc["applications"] = [app([n, ("returned", "2025-10-11T09:00")])]
    assert run(doc, "db23-hlj-2023/return-only-after-deadline") == []


# -- 7.6 出件 ----------------------------------------------------------------------------------------


def test_7_6_1_1_handover_by_the_working_day_before_the_promised_day() -> None:
    doc = clean()
    base = [("decided", "2025-09-30T10:00")]
    doc["applications"] = [app(base + [("certificate_handed_over", "2025-10-09T16:00")])]
    assert run(doc, "db23-hlj-2023/certificate-handover") == []
    doc["applications"] = [app(base + [("certificate_handed_over", "2025-10-10T09:00")])]
    [f] = run(doc, "db23-hlj-2023/certificate-handover")
    assert (f.evidence["due"], f.evidence["handover_by"]) == ("2025-10-10", "2025-10-09")


def test_7_6_1_1_an_on_the_spot_item_is_handed_over_at_once() -> None:
    doc = clean()
    doc["applications"] = [
        app([("decided", "2025-09-26T10:30"), ("certificate_handed_over", "2025-09-28T09:00")], item="I0")
    ]
    assert run(doc, "db23-hlj-2023/certificate-handover")[0].evidence["handover_by"] == "2025-09-26"
    doc["applications"] = [
        app([("decided", "2025-09-26T10:30"), ("certificate_handed_over", "2025-09-26T11:00")], item="I0")
    ]
    assert run(doc, "db23-hlj-2023/certificate-handover") == []


def test_7_6_1_2_a_rejected_certificate_corrected_within_1_working_day() -> None:
    doc = clean()
    rej = ("certificate_rejected", "2025-09-30T10:00")
    doc["applications"] = [app([rej, ("certificate_corrected", "2025-10-09T16:00")])]
    assert run(doc, "db23-hlj-2023/certificate-correction") == []
    doc["applications"] = [app([rej, ("certificate_corrected", "2025-10-10T09:00")])]
    assert run(doc, "db23-hlj-2023/certificate-correction")[0].evidence["due"] == "2025-10-09"
    doc["applications"] = [app([rej])]  # never corrected, the audit day long past
    assert run(doc, "db23-hlj-2023/certificate-correction")[0].evidence["corrected_at"] is None


def test_7_6_2_pickup_notice_within_1_working_day_of_the_certificate() -> None:
    doc = clean()
    hand = ("certificate_handed_over", "2025-09-30T10:00")
    doc["applications"] = [app([hand, ("pickup_notified", "2025-10-09T17:00")])]
    assert run(doc, "db23-hlj-2023/pickup-notice") == []
    doc["applications"] = [app([hand, ("pickup_notified", "2025-10-10T09:00")])]
    assert run(doc, "db23-hlj-2023/pickup-notice")[0].evidence["due"] == "2025-10-09"
    doc["applications"] = [app([hand, ("mailed", "2025-10-13T09:00")])]  # sent by post: no pickup notice
    assert run(doc, "db23-hlj-2023/pickup-notice") == []


def test_7_6_2_the_clock_starts_at_the_accepted_corrected_certificate() -> None:
    doc = clean()
    events = [
        ("certificate_handed_over", "2025-09-29T10:00"),
        ("certificate_rejected", "2025-09-29T10:30"),
        ("certificate_corrected", "2025-09-30T10:00"),
        ("pickup_notified", "2025-10-09T10:00"),
    ]
    doc["applications"] = [app(events)]
    assert run(doc, "db23-hlj-2023/pickup-notice") == []  # 1 working day after 09-30, not after 09-29


def test_7_6_2_a_notice_before_the_receipt_is_no_notice_and_a_posted_certificate_needs_none() -> None:
    doc = clean()
    # notified on 09-29 of a certificate then rejected; the corrected one (09-30) is never notified:
    # due 1 working day later, 10-09 (the National Day break in between), long past on 11-30
    events = [
        ("certificate_handed_over", "2025-09-29T10:00"),
        ("pickup_notified", "2025-09-29T11:00"),
        ("certificate_rejected", "2025-09-29T12:00"),
        ("certificate_corrected", "2025-09-30T10:00"),
    ]
    doc["applications"] = [app(events)]
    (f,) = run(doc, "db23-hlj-2023/pickup-notice")
    assert f.evidence["due"] == "2025-10-09" and f.evidence["pickup_notified_at"] is None
    # the same, the first handover being sent electronically: no pickup notice is owed at all
    events[0] = {"kind": "certificate_handed_over", "at": "2025-09-29T10:00", "delivery": "electronic"}
    doc["applications"] = [app(events)]
    assert run(doc, "db23-hlj-2023/pickup-notice") == []


# -- 8.1 服务评价 ----------------------------------------------------------------------------------------


def test_8_1_2_no_haochaping_system() -> None:
    doc = clean()
    doc["hall"]["systems"] = []
    assert len(run(doc, "db23-hlj-2023/haochaping-system")) == 1


FOUR = {"attitude": "满意", "quality": "满意", "efficiency": "满意", "environment": "满意"}


def test_8_1_3_each_rating_covers_the_four_dimensions() -> None:
    doc = clean()
    three = {k: v for k, v in FOUR.items() if k != "environment"}
    doc["evaluations"] = [
        {"id": "E1", "at": "2025-11-03T10:00", "level": "满意", "dimensions": three},
        {"id": "E2", "at": "2025-11-03T11:00", "level": "满意", "dimensions": FOUR},
    ]
    [f] = run(doc, "db23-hlj-2023/evaluation-dimensions")
    assert (f.subject.id, f.evidence["missing_dimensions"]) == ("E1", ["environment"])
    assert run(doc, "db23-hlj-2023/evaluation-dimensions", {f"{S}.evaluation-dimensions": "scheme"}) == []


def test_8_1_3_chinese_dimension_names_count() -> None:
    doc = clean()
    dims = {"服务态度": "满意", "服务质量": "满意", "服务效率": "满意", "服务环境": "满意"}
    doc["evaluations"] = [{"id": "E1", "at": "2025-11-03T10:00", "level": "满意", "dimensions": dims}]
    assert run(doc, "db23-hlj-2023/evaluation-dimensions") == []


def test_7_6_dates_are_provisional_only_past_the_published_notices() -> None:
    doc = clean()
    doc["applications"] = [
        app([("certificate_rejected", "2025-09-30T10:00"), ("certificate_corrected", "2025-10-10T09:00")])
    ]
    assert run(doc, "db23-hlj-2023/certificate-correction")[0].provisional is False
    assert (
        date(2025, 10, 9).isoformat() == run(doc, "db23-hlj-2023/certificate-correction")[0].evidence["due"]
    )
