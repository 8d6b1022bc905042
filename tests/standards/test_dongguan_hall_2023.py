"""dongguan-hall-2023 rules: per clause, a case that fires and one that does not.

Figures worked by hand from the seed (4.6: 30 cases per comprehensive window per day, people ≥ 1.1 ×
windows; 4.5.1: low counters 600–800 mm; 4.5.3: CCTV ≥ 30 days) and the 2025 holiday notice
(国庆节、中秋节 1–8 October off; Sunday 28 September and Saturday 11 October worked):

* 95 applications a working day → ⌈95 / 30⌉ = 4 comprehensive windows → ⌈4 × 1.1⌉ = 5 people.
* Monday 3 and Tuesday 4 November 2025 are 2 working days: 190 applications → 95 a day.
* 120 applications on Tuesday 30 September and 60 on Thursday 9 October: September's days in the
  span are just the 30th (1 working day, 120 a day → 4 windows); October's are 1–9 October, of which
  only the 9th is worked (60 a day → 2 windows).
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest

from govhall.loaders import load_dataset
from govhall.rules import Finding, audit

D = "dongguan-hall-2023"
ALL_ZONES = [
    "consultation_guide",
    "declaration_help",
    "waiting",
    "help_agent",
    "enterprise",
    "volunteer",
    "care_room",
    "back_office",
    "complaint_mediation",
    "meeting",
    "video_conference",
    "cctv_room",
    "self_service",
    "window_service",
]
ALL_SYSTEMS = [
    "first_inquiry",
    "first_handling",
    "one_time_notice",
    "rongque",
    "rongque_credit",
    "evaluation",
    "staff_adjustment",
    "emergency",
]
HALL: dict[str, Any] = {
    "id": "H1",
    "name": "东莞市某镇政务服务中心",
    "level": "town",
    "zones": ALL_ZONES,
    "systems": ALL_SYSTEMS,
    "departments": [{"id": "D1", "name": "某局", "resident": True, "chief_representative": "S1"}],
    "equipment": [
        "reading_glasses",
        "magnifier",
        "wheelchair",
        "writing_pad",
        "ticket_machine",
        "query_device",
    ],
    "cctv": {"retention_days": 30, "records_audio": True, "covers": ["window_service", "self_service"]},
    "consultation_channels": [
        "website",
        "onsite",
        "letter",
        "hotline_12345",
        "mini_program",
        "official_account",
        "app",
    ],
    "complaint_channels": [
        "website",
        "onsite",
        "letter",
        "hotline_12345",
        "email",
        "mini_program",
        "official_account",
        "app",
    ],
    "disclosure_channels": [
        "现场",
        "自助服务终端",
        "广东政务服务网",
        "i莞家APP",
        "i莞家小程序",
        "i莞家公众号",
    ],
    "appointment_channels": ["onsite", "mini_program"],
    "published_catalogues": ["rongque", "same_city", "cross_city"],
    "service_slogan": True,
}
STAFF = [
    {"id": "S1", "role": "approver", "department": "D1", "rank": 3, "chief_representative": True},
    {
        "id": "S2",
        "role": "window_clerk",
        "department": "D1",
        "rank": 1,
        "windows": ["W1"],
        "registered": True,
        "profile_filed": True,
        "trained_on": "2025-02-20",
        "on_duty_from": "2025-03-01",
    },
    {"id": "S3", "role": "window_clerk", "department": "D1", "rank": 1, "windows": ["W1"]},
    {"id": "S4", "role": "guide", "department": "D1", "rank": 2},
    {"id": "S5", "role": "consultant", "department": "D1", "rank": 1},
    {"id": "S6", "role": "agent", "department": "D1", "rank": 1},
    {"id": "S7", "role": "volunteer"},
]
WINDOWS = [
    {"id": "W1", "kind": "comprehensive", "staff": ["S2", "S3"]},
    {"id": "W2", "kind": "guide_desk", "low_counter": True, "counter_height_mm": 700},
    {"id": "W3", "kind": "cannot_handle", "signposted": True},
]
ITEM = {
    "code": "I1",
    "name": "某许可",
    "type": "行政许可",
    "department": "D1",
    "promised_limit": "10个工作日",
    "in_hall": True,
    "online": True,
    "at_comprehensive_window": True,
}


def clean() -> dict[str, Any]:
    """A small hall on which no dongguan-hall-2023 rule fires (checked by the first test)."""
    return copy.deepcopy(
        {"hall": HALL, "staff": STAFF, "windows": WINDOWS, "items": [ITEM], "as_of": "2025-11-30"}
    )


def run(doc: dict[str, Any], rule_id: str, interpretations: dict[str, str] | None = None) -> list[Finding]:
    ds = load_dataset(doc)
    assert not ds.rejected, [r.reason for r in ds.rejected]
    report = audit(ds, standards=[D], interpretations=interpretations)
    assert not [n for n in report.notes if n.kind == "rule_error"], report.notes
    return [f for f in report.findings if f.rule_id == rule_id]


def apps(day: str, n: int, start: int = 0, **kw: Any) -> list[dict[str, Any]]:
    return [{"id": f"A{start + i}", "item_code": "I1", "received_at": f"{day}T10:00", **kw} for i in range(n)]


def test_the_clean_hall_is_silent_on_every_rule() -> None:
    ds = load_dataset(clean())
    report = audit(ds, standards=[D])
    assert report.findings == [], [(f.rule_id, f.message) for f in report.findings]
    assert not report.notes


# -- 4.4 名称标识 -------------------------------------------------------------------------------------


def test_4_4_1_fires_when_the_hall_is_not_a_zhengwu_fuwu_zhongxin() -> None:
    doc = clean()
    doc["hall"]["name"] = "东莞市某镇行政服务大厅"
    assert run(doc, "dongguan-hall-2023/hall-name")[0].evidence["name"] == "东莞市某镇行政服务大厅"


def test_4_4_1_silent_for_a_village_station() -> None:
    doc = clean()
    doc["hall"].update({"name": "某村便民服务站", "level": "village"})
    assert run(doc, "dongguan-hall-2023/hall-name") == []


def test_4_4_3_fires_without_a_service_slogan_and_not_when_unrecorded() -> None:
    doc = clean()
    doc["hall"]["service_slogan"] = False
    assert len(run(doc, "dongguan-hall-2023/service-slogan")) == 1
    doc["hall"]["service_slogan"] = None
    assert run(doc, "dongguan-hall-2023/service-slogan") == []


# -- 4.5 空间布局 -------------------------------------------------------------------------------------


def test_4_5_1_fires_for_a_missing_standing_zone_as_error() -> None:
    doc = clean()
    doc["hall"]["zones"].remove("waiting")
    [f] = run(doc, "dongguan-hall-2023/standing-zones")
    assert f.severity == "error" and f.evidence["missing_zones"] == ["waiting"]


def test_4_5_2_and_4_5_3_missing_zones_are_warnings() -> None:
    doc = clean()
    doc["hall"]["zones"].remove("care_room")
    doc["hall"]["zones"].remove("cctv_room")
    [special] = run(doc, "dongguan-hall-2023/special-zones")
    [back] = run(doc, "dongguan-hall-2023/back-office-zones")
    assert (special.severity, back.severity) == ("warning", "warning")
    assert special.evidence["missing_zones"] == ["care_room"] and back.evidence["missing_zones"] == [
        "cctv_room"
    ]
    assert (
        run(clean(), "dongguan-hall-2023/special-zones")
        == run(clean(), "dongguan-hall-2023/back-office-zones")
        == []
    )


def test_4_5_1_1_s2_fires_when_no_guide_desk_is_a_low_counter() -> None:
    doc = clean()
    doc["windows"][1]["low_counter"] = False
    [f] = run(doc, "dongguan-hall-2023/low-counter-present")
    assert f.severity == "warning" and f.subject.kind == "hall"


@pytest.mark.parametrize(
    ("height", "fires"), [(599, True), (600, False), (800, False), (801, True), (850, True)]
)
def test_4_5_1_1_s3_low_counter_height_600_to_800(height: int, fires: bool) -> None:
    doc = clean()
    doc["windows"][1]["counter_height_mm"] = height
    found = run(doc, "dongguan-hall-2023/low-counter-height")
    assert bool(found) is fires
    if fires:
        assert found[0].severity == "warning" and found[0].subject.id == "W2"


def test_4_5_1_1_s3_silent_for_a_high_counter_not_declared_low() -> None:
    doc = clean()
    doc["windows"][0].update({"counter_height_mm": 1100, "low_counter": False})
    assert run(doc, "dongguan-hall-2023/low-counter-height") == []


def test_4_5_1_1_s4_fires_without_a_wheelchair() -> None:
    doc = clean()
    doc["hall"]["equipment"].remove("wheelchair")
    assert run(doc, "dongguan-hall-2023/accessibility-aids")[0].evidence["missing_equipment"] == [
        "wheelchair"
    ]
    doc["hall"]["equipment"] = ["老花镜", "放大镜", "轮椅", "手写板"]  # the Chinese names count too
    assert run(doc, "dongguan-hall-2023/accessibility-aids") == []


def test_4_5_2_3_fires_for_a_volunteer_zone_without_volunteers() -> None:
    doc = clean()
    doc["staff"] = [s for s in doc["staff"] if s["role"] != "volunteer"]
    assert len(run(doc, "dongguan-hall-2023/volunteer-team")) == 1
    doc["hall"]["zones"].remove("volunteer")
    assert run(doc, "dongguan-hall-2023/volunteer-team") == []


def test_4_5_3_3_fires_for_meeting_rooms_without_a_video_conference_room() -> None:
    doc = clean()
    doc["hall"]["zones"].remove("video_conference")
    assert len(run(doc, "dongguan-hall-2023/video-conference-room")) == 1


def test_4_5_3_4_and_6_5_cctv_coverage() -> None:
    doc = clean()
    doc["hall"]["cctv"]["covers"] = ["self_service"]
    [f] = run(doc, "dongguan-hall-2023/cctv-coverage")
    assert f.clauses == [f"{D}:4.5.3-4"] and f.evidence["uncovered"] == ["window_service"]
    doc["hall"]["cctv"]["covers"] = ["window_service"]  # 6.5: the self-service area of a hall that has one
    [f] = run(doc, "dongguan-hall-2023/cctv-coverage")
    assert f.clauses == [f"{D}:6.5-2"]
    doc["hall"]["cctv"]["covers"] = []  # both: the windows under 4.5.3, the self-service area under 6.5
    [f] = run(doc, "dongguan-hall-2023/cctv-coverage")
    assert f.clauses == [f"{D}:4.5.3-4", f"{D}:6.5-2"]
    assert f.evidence["uncovered"] == ["window_service", "self_service"]


def test_4_5_3_4_s2_fires_when_cctv_records_no_audio() -> None:
    doc = clean()
    doc["hall"]["cctv"]["records_audio"] = False
    assert len(run(doc, "dongguan-hall-2023/cctv-audio")) == 1


@pytest.mark.parametrize(("days", "fires"), [(15, True), (29, True), (30, False), (90, False)])
def test_4_5_3_4_s3_cctv_kept_30_days_yi_shang_includes_30(days: int, fires: bool) -> None:
    doc = clean()
    doc["hall"]["cctv"]["retention_days"] = days
    found = run(doc, "dongguan-hall-2023/cctv-retention")
    assert bool(found) is fires
    if fires:
        # 4.5.3 (应) decides the severity; 6.5 (宜保存30日以上) is named alongside, not reported twice
        assert found[0].severity == "error" and found[0].clauses == [f"{D}:4.5.3-4-s3"]
        assert "6.5-2-s2" in found[0].evidence["also"]


# -- 4.6 窗口设置 -------------------------------------------------------------------------------------


def _sized(n_windows: int, n_people: int) -> dict[str, Any]:
    doc = clean()
    people = [f"P{i}" for i in range(n_people)]
    doc["windows"] = [w for w in doc["windows"] if w["kind"] != "comprehensive"]
    doc["windows"] += [
        {"id": f"C{i}", "kind": "comprehensive", "staff": people[i::n_windows]} for i in range(n_windows)
    ]
    doc["staff"] += [{"id": p, "role": "window_clerk", "department": "D1"} for p in people]
    doc["staff"] = [s for s in doc["staff"] if s["id"] not in ("S2", "S3")]
    return doc


def test_4_6_1_95_cases_a_day_need_4_windows() -> None:
    doc = _sized(3, 5)
    doc["applications"] = apps("2025-11-03", 95) + apps("2025-11-04", 95, start=95)
    [f] = run(doc, "dongguan-hall-2023/comprehensive-window-count")
    assert f.evidence["working_days"] == 2 and f.evidence["daily_average"] == 95
    assert (f.evidence["windows_needed"], f.evidence["comprehensive_windows"]) == (4, 3)
    doc = _sized(4, 5)
    doc["applications"] = apps("2025-11-03", 95) + apps("2025-11-04", 95, start=95)
    assert run(doc, "dongguan-hall-2023/comprehensive-window-count") == []


def test_4_6_1_90_cases_a_day_fit_3_windows_exactly() -> None:
    doc = _sized(3, 4)
    doc["applications"] = apps("2025-11-03", 90) + apps("2025-11-04", 90, start=90)
    assert run(doc, "dongguan-hall-2023/comprehensive-window-count") == []


def test_4_6_1_months_are_averaged_over_their_working_days_across_national_day() -> None:
    doc = _sized(3, 4)
    doc["applications"] = apps("2025-09-30", 120) + apps("2025-10-09", 60, start=120)
    [f] = run(doc, "dongguan-hall-2023/comprehensive-window-count")
    assert (
        f.evidence["month"] == "2025-09"
        and f.evidence["working_days"] == 1
        and f.evidence["windows_needed"] == 4
    )


def test_4_6_1_the_narrow_reading_leaves_online_cases_out() -> None:
    doc = _sized(3, 4)
    doc["applications"] = apps("2025-11-03", 80) + apps("2025-11-03", 20, start=80, channel="online")
    assert len(run(doc, "dongguan-hall-2023/comprehensive-window-count")) == 1  # 100 a day → 4 windows
    narrow = {f"{D}.window-load": "onsite_comprehensive"}
    assert run(doc, "dongguan-hall-2023/comprehensive-window-count", narrow) == []  # 80 a day → 3 windows


def test_4_6_1_s2_4_windows_need_5_people() -> None:
    [f] = run(_sized(4, 4), "dongguan-hall-2023/comprehensive-window-staffing")
    assert (f.evidence["staff_needed"], f.evidence["staff_assigned"]) == (5, 4)
    assert run(_sized(4, 5), "dongguan-hall-2023/comprehensive-window-staffing") == []


def test_4_6_1_s2_10_windows_need_11_people_not_12() -> None:
    assert run(_sized(10, 11), "dongguan-hall-2023/comprehensive-window-staffing") == []
    assert len(run(_sized(10, 10), "dongguan-hall-2023/comprehensive-window-staffing")) == 1


# -- 5.2 服务机制 -------------------------------------------------------------------------------------


def test_5_2_mechanisms_fire_one_per_missing_system_with_its_clause() -> None:
    doc = clean()
    doc["hall"]["systems"] = [s for s in ALL_SYSTEMS if s not in ("emergency", "first_handling")]
    found = run(doc, "dongguan-hall-2023/mechanisms-in-force")
    assert sorted(f.clauses[0] for f in found) == [f"{D}:5.2.2.1", f"{D}:6.6"]


def test_5_2_10_a_haochaping_system_counts_as_the_evaluation_system() -> None:
    doc = clean()
    doc["hall"]["systems"] = [s for s in ALL_SYSTEMS if s != "evaluation"]
    assert [f.clauses[0] for f in run(doc, "dongguan-hall-2023/mechanisms-in-force")] == [
        "dongguan-hall-2023:5.2.10"
    ]
    doc["hall"]["systems"].append("haochaping")
    assert run(doc, "dongguan-hall-2023/mechanisms-in-force") == []


def test_5_2_1_2_fires_when_the_junior_of_two_answerers_is_recorded() -> None:
    doc = clean()
    base = {"id": "Q1", "at": "2025-11-03T09:00", "asked_staff": ["S5", "S4"], "answered_by": ["S5", "S4"]}
    doc["inquiries"] = [{**base, "responsible_staff": "S5"}]  # S4 (rank 2) outranks S5 (rank 1)
    [f] = run(doc, "dongguan-hall-2023/first-inquiry-responsible")
    assert f.evidence["responsible_staff_computed"] == "S4"
    doc["inquiries"] = [{**base, "responsible_staff": "S4"}]
    assert run(doc, "dongguan-hall-2023/first-inquiry-responsible") == []


def test_5_2_1_3_b_and_c_routing_via_the_shared_predicate() -> None:
    doc = clean()
    doc["inquiries"] = [
        {"id": "Q1", "at": "2025-11-03T09:00", "asked_staff": ["S4"], "scope": "b"},
        {"id": "Q2", "at": "2025-11-03T09:10", "asked_staff": ["S4"], "scope": "c", "guidance_given": False},
        {
            "id": "Q3",
            "at": "2025-11-03T09:20",
            "asked_staff": ["S4"],
            "scope": "b",
            "referred_window": "W1",
            "referred_at": "2025-11-03T09:25",
        },
    ]
    found = {f.subject.id: f.clauses[0] for f in run(doc, "dongguan-hall-2023/inquiry-routing")}
    assert found == {"Q1": f"{D}:5.2.1.3.b", "Q2": f"{D}:5.2.1.3.c"}


def test_5_2_1_3_b_names_5_2_1_2_s_first_asked_when_a_senior_joined_the_answer() -> None:
    """S5 (consultant, rank 1) alone was asked about another window's matter (scope b); S4 (guide, rank 2)
    joined the answer unasked; nobody took the person to the window. 5.2.1.2: the 首问责任人 is the one
    asked, S5 (多位…同时被询问 does not apply: only S5 was asked), so the routing breach names S5; read as
    gdzw-0020-2019:5.1.2 does (同时…答复, ``answered_together``), the senior answerer S4."""
    doc = clean()
    doc["inquiries"] = [
        {
            "id": "Q1",
            "at": "2025-11-03T09:00",
            "asked_staff": ["S5"],
            "answered_by": ["S5", "S4"],
            "scope": "b",
        }
    ]
    (f,) = run(doc, "dongguan-hall-2023/inquiry-routing")
    assert (f.clauses[0], f.responsible) == (f"{D}:5.2.1.3.b", "S5")
    (g,) = run(
        doc,
        "dongguan-hall-2023/inquiry-routing",
        interpretations={"dongguan-hall-2023.asked-together": "answered_together"},
    )
    assert g.responsible == "S4"


def refused(item_code: str, **fields: Any) -> dict[str, Any]:
    """Application A1 for ``item_code``, received 3 Nov 2025 09:00, refused at 09:30 without telling
    the applicant where to go."""
    ev = {"kind": "not_accepted", "at": "2025-11-03T09:30", "told_applicant": False}
    return {"id": "A1", "item_code": item_code, "received_at": "2025-11-03T09:00", "events": [ev], **fields}


def test_5_2_2_3_c_fires_when_a_refusal_of_an_item_outside_the_hall_is_not_told() -> None:
    doc = clean()
    doc["items"].append({**ITEM, "code": "I9", "in_hall": False, "exemption_approved": True})
    doc["applications"] = [refused("I9", window_id="W1", staff_id="S2")]
    [f] = run(doc, "dongguan-hall-2023/handling-routing")
    assert f.clauses == [f"{D}:5.2.2.3.c"]
    doc["applications"][0]["events"][0]["told_applicant"] = True
    assert run(doc, "dongguan-hall-2023/handling-routing") == []


def test_5_2_2_3_c_is_not_cited_for_a_refusal_of_the_halls_own_item() -> None:
    # 5.2.2.3 c covers 申请办理事项不属于本政务服务大厅职责范围内的 only; I1 is handled in the hall
    doc = clean()
    doc["applications"] = [refused("I1", window_id="W1", staff_id="S2")]
    assert run(doc, "dongguan-hall-2023/handling-routing") == []


def test_5_2_2_3_silent_for_online_applications() -> None:
    doc = clean()
    doc["applications"] = [refused("I1", channel="online")]
    assert run(doc, "dongguan-hall-2023/handling-routing") == []


def test_5_2_3_1_fires_when_the_fee_is_not_told() -> None:
    doc = clean()
    q = {
        "id": "Q1",
        "at": "2025-11-03T09:00",
        "asked_staff": ["S5"],
        "scope": "a",
        "told": ["materials", "conditions", "process", "time_limit"],
    }
    doc["inquiries"] = [q]
    [f] = run(doc, "dongguan-hall-2023/one-time-answer")
    assert f.evidence["missing"] == ["fee"]
    assert f.message == "未一次性答复全部内容，遗漏：收费标准"  # the clause's word for it
    q["told"].append("fee")
    assert run(doc, "dongguan-hall-2023/one-time-answer") == []


def test_5_2_3_2_b_fires_for_an_oral_correction_notice() -> None:
    doc = clean()
    notice = {
        "kind": "correction_notice",
        "at": "2025-11-03T09:30",
        "written": False,
        "materials": ["身份证"],
        "requirements": "原件",
        "deadline": "2025-11-10",
    }
    doc["applications"] = [
        {"id": "A1", "item_code": "I1", "received_at": "2025-11-03T09:00", "events": [notice]}
    ]
    assert len(run(doc, "dongguan-hall-2023/correction-notice")) == 1
    notice["written"] = True
    assert run(doc, "dongguan-hall-2023/correction-notice") == []


def test_5_2_4_2_disclosure_channels_named_by_the_clause() -> None:
    doc = clean()
    doc["hall"]["disclosure_channels"].remove("i莞家公众号")
    assert run(doc, "dongguan-hall-2023/disclosure-channels")[0].evidence["missing_channels"] == [
        "official_account"
    ]


def test_5_2_7_1_fires_when_the_rongque_catalogue_is_not_published() -> None:
    doc = clean()
    doc["hall"]["published_catalogues"].remove("rongque")
    assert run(doc, "dongguan-hall-2023/rongque-catalogue")[0].evidence["missing"] == ["容缺受理事项目录"]


def test_5_2_7_2_rongque_outside_the_catalogue_is_info() -> None:
    doc = clean()
    doc["applications"] = [
        {
            "id": "A1",
            "item_code": "I1",
            "received_at": "2025-11-03T09:00",
            "rongque": True,
            "basic_conditions_met": True,
        }
    ]
    # the item's catalogue entry says nothing of 容缺: not recorded, so not a finding
    assert "rongque" not in doc["items"][0]
    assert run(doc, "dongguan-hall-2023/rongque-eligibility") == []
    doc["items"][0]["rongque"] = False  # recorded as off the 容缺 catalogue
    [f] = run(doc, "dongguan-hall-2023/rongque-eligibility")
    assert f.severity == "info" and "事项不在容缺受理事项目录内" in f.evidence["reasons"]
    doc["items"][0]["rongque"] = True
    assert run(doc, "dongguan-hall-2023/rongque-eligibility") == []


def test_5_2_7_3_s2_overdue_rongque_supplement_needs_a_credit_sanction() -> None:
    # No period is set by the seed; the Guangdong parameter is 5个工作日 counted from receipt on
    # Mon 2025-11-03: Nov 4, 5, 6, 7, 10 -> due Mon 2025-11-10 (no holiday in between).
    doc = clean()
    doc["items"][0]["rongque"] = True
    a = {
        "id": "A1",
        "item_code": "I1",
        "received_at": "2025-11-03T09:00",
        "rongque": True,
        "rongque_blacklisted": False,
        "basic_conditions_met": True,
        "rongque_missing": ["场地证明"],
        "events": [],  # the history given, empty: nothing supplied
    }
    doc["applications"] = [a]
    doc["as_of"] = "2025-11-10"
    assert run(doc, "dongguan-hall-2023/rongque-overdue-sanction") == []
    doc["as_of"] = "2025-11-11"
    [f] = run(doc, "dongguan-hall-2023/rongque-overdue-sanction")
    assert f.evidence["due"] == "2025-11-10" and f.evidence["outstanding"] == ["场地证明"]
    # the history left out, no application's events recorded: whether it came is not on record
    assert run({**doc, "applications": [{k: v for k, v in a.items() if k != "events"}]}, f.rule_id) == []
    a["rongque_blacklisted"] = True
    assert run(doc, "dongguan-hall-2023/rongque-overdue-sanction") == []
    a["rongque_blacklisted"] = None  # the sanction not recorded either way: not judged
    assert run(doc, "dongguan-hall-2023/rongque-overdue-sanction") == []
    a["rongque_blacklisted"] = False
    a["events"] = [{"kind": "materials_supplemented", "at": "2025-11-10T16:00", "materials": ["场地证明"]}]
    assert run(doc, "dongguan-hall-2023/rongque-overdue-sanction") == []


def test_5_2_8_2_c_complaint_record_and_answer() -> None:
    doc = clean()
    c = {
        "id": "C1",
        "channel": "onsite",
        "received_at": "2025-11-03T09:00",
        "accepted": True,
        "recorded_fields": ["name", "phone"],
        "events": [{"kind": "closed", "at": "2025-11-04T09:00"}],
    }
    doc["complaints"] = [c]
    [f] = run(doc, "dongguan-hall-2023/complaint-recorded-and-answered")
    assert f.evidence["answered"] is False
    c["events"].insert(0, {"kind": "answered", "at": "2025-11-04T08:30"})
    assert run(doc, "dongguan-hall-2023/complaint-recorded-and-answered") == []
    c["recorded_fields"] = []
    assert run(doc, "dongguan-hall-2023/complaint-recorded-and-answered")[0].message == "投诉未做受理记录"


def test_5_2_8_2_c_s2_misconduct_complaint_must_be_passed_on() -> None:
    doc = clean()
    c = {
        "id": "C1",
        "channel": "onsite",
        "received_at": "2025-11-03T09:00",
        "facts": {"discipline_inspection": True},
    }
    doc["complaints"] = [c]
    assert run(doc, "dongguan-hall-2023/complaint-misconduct-referred") == []  # no handling recorded
    c["events"] = [{"kind": "closed", "at": "2025-11-03T10:00"}]
    assert len(run(doc, "dongguan-hall-2023/complaint-misconduct-referred")) == 1
    c["referral"] = "县纪委监委"
    assert run(doc, "dongguan-hall-2023/complaint-misconduct-referred") == []


def test_5_2_8_2_d_complaint_channels_are_info() -> None:
    doc = clean()
    doc["hall"]["complaint_channels"].remove("email")
    [f] = run(doc, "dongguan-hall-2023/complaint-channels")
    assert f.severity == "info" and f.evidence["missing_channels"] == ["email"]


def test_5_2_9_and_6_3_2_b_chief_representative() -> None:
    doc = clean()
    doc["hall"]["departments"][0]["chief_representative"] = None
    assert run(doc, "dongguan-hall-2023/chief-representative")[0].clauses == [f"{D}:5.2.9"]
    doc["hall"]["departments"][0]["chief_representative"] = "X9"  # not on the staff list
    assert run(doc, "dongguan-hall-2023/chief-representative")[0].clauses == [f"{D}:6.3.2.b"]
    doc["hall"]["departments"][0]["resident"] = False
    assert run(doc, "dongguan-hall-2023/chief-representative") == []


def test_5_2_10_s2_a_staff_account_rating_is_substituted() -> None:
    doc = clean()
    doc["evaluations"] = [
        {"id": "E1", "at": "2025-11-03T10:00", "level": "非常满意", "staff_id": "S2", "rater_staff_id": "S2"}
    ]
    [f] = run(doc, "dongguan-hall-2023/evaluation-integrity")
    assert f.subject.kind == "evaluation" and f.evidence["kind"] == "self_rated"
    doc["evaluations"][0].pop("rater_staff_id")
    assert run(doc, "dongguan-hall-2023/evaluation-integrity") == []


# -- 5.3 服务内容 -------------------------------------------------------------------------------------


def test_5_3_2_1_appointments_online_and_offline() -> None:
    doc = clean()
    doc["hall"]["appointment_channels"] = ["onsite"]
    assert run(doc, "dongguan-hall-2023/appointment-channels")[0].evidence["missing"] == ["线上"]


def test_5_3_2_1_s2_walk_in_tickets_need_a_ticket_machine() -> None:
    doc = clean()
    doc["hall"]["equipment"].remove("ticket_machine")
    assert len(run(doc, "dongguan-hall-2023/walk-in-tickets")) == 1


def test_5_3_4_2_guide_self_query() -> None:
    doc = clean()
    doc["hall"]["equipment"].remove("query_device")
    assert len(run(doc, "dongguan-hall-2023/guide-self-query")) == 1
    doc["hall"]["equipment"].append("self_service_terminal")
    assert run(doc, "dongguan-hall-2023/guide-self-query") == []


def test_5_3_5_1_consultation_channels() -> None:
    doc = clean()
    doc["hall"]["consultation_channels"].remove("letter")
    assert run(doc, "dongguan-hall-2023/consultation-channels")[0].evidence["missing_channels"] == ["letter"]


def test_5_3_8_and_5_3_9_catalogues() -> None:
    doc = clean()
    doc["hall"]["published_catalogues"] = ["rongque"]
    assert run(doc, "dongguan-hall-2023/same-city-catalogue")[0].severity == "error"
    assert run(doc, "dongguan-hall-2023/cross-city-catalogue")[0].severity == "warning"


def test_5_3_10_fires_without_a_cannot_handle_window_or_when_it_is_hidden() -> None:
    doc = clean()
    doc["windows"][2]["signposted"] = False
    [f] = run(doc, "dongguan-hall-2023/cannot-handle-window")
    assert f.subject.id == "W3"
    doc["windows"] = doc["windows"][:2]
    assert run(doc, "dongguan-hall-2023/cannot-handle-window")[0].subject.kind == "hall"


# -- 6.1 / 6.3 ---------------------------------------------------------------------------------------


def test_6_1_2_a_item_outside_the_hall_without_exemption() -> None:
    doc = clean()
    doc["items"][0]["in_hall"] = False
    assert run(doc, "dongguan-hall-2023/item-admission")[0].clauses == [f"{D}:6.1.2.a"]
    doc["items"][0]["exemption_approved"] = True
    assert run(doc, "dongguan-hall-2023/item-admission") == []


def test_6_1_2_a_filing_items_follow_the_interpretation() -> None:
    doc = clean()
    doc["items"][0].update({"type": "行政备案", "in_hall": False})
    assert len(run(doc, "dongguan-hall-2023/item-admission")) == 1
    assert run(doc, "dongguan-hall-2023/item-admission", {f"{D}.filing-is-other": "excluded"}) == []


def test_6_1_2_c_online_item_not_at_the_comprehensive_window() -> None:
    doc = clean()
    doc["items"][0]["at_comprehensive_window"] = False
    assert len(run(doc, "dongguan-hall-2023/online-items-at-comprehensive-window")) == 1
    doc["items"][0]["online"] = False
    assert run(doc, "dongguan-hall-2023/online-items-at-comprehensive-window") == []


def test_6_3_1_b_s2_missing_roles_are_a_warning() -> None:
    doc = clean()
    doc["staff"] = [s for s in doc["staff"] if s["role"] != "agent"]
    [f] = run(doc, "dongguan-hall-2023/staff-roles")
    assert f.severity == "warning" and f.evidence["missing_roles"] == ["agent"]


def test_6_3_3_a_and_b_unregistered_and_unfiled_window_staff() -> None:
    doc = clean()
    doc["staff"][1].update({"registered": False, "profile_filed": False})
    assert [f.subject.id for f in run(doc, "dongguan-hall-2023/staff-registered")] == ["S2"]
    assert [f.subject.id for f in run(doc, "dongguan-hall-2023/staff-profile-filed")] == ["S2"]
    doc["staff"][1].update({"registered": None, "profile_filed": None})  # not recorded: not judged
    assert (
        run(doc, "dongguan-hall-2023/staff-registered")
        == run(doc, "dongguan-hall-2023/staff-profile-filed")
        == []
    )


def test_6_3_3_c_trained_after_going_on_duty() -> None:
    doc = clean()
    doc["staff"][1]["trained_on"] = "2025-03-02"
    [f] = run(doc, "dongguan-hall-2023/staff-trained-before-duty")
    assert f.on == date(2025, 3, 1)
    doc["staff"][1]["trained_on"] = "2025-03-01"  # trained on the day itself, before starting
    assert run(doc, "dongguan-hall-2023/staff-trained-before-duty") == []
