"""A field left out of every record of its table is never judged worse than the field given ``null``,
and with the interpretation's alternative it is judged exactly as ``null`` (docs/data.md, "Other
facts kept where the hall may not export them").

"Never worse" is by (rule, subject): an extension whose approval is not on record counts, which can
move a late finding's due date (its message) without adding a finding, or turn a broken promise's
红牌 (gdzw-0020-2019/promised-deadline, an error) into the 黄牌 of one still open (a warning).

For any booking (channel, booking time, slot, audit day) and any inquiry (channel, scope, promised
time, audit day): the findings with the field left out are a subset of those with it given ``null``,
and none of the rules that read the field reports it as missing; with every alternative reading
chosen, left out and ``null`` give the same findings. Bounded examples (the suite's time budget).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from govhall.loaders import load_dataset
from govhall.rules import audit

_T0 = datetime(2025, 9, 22, 9, 0)  # a month across the 2025 National Day 调休
STANDARDS = ["db23-hlj-2023", "gdzw-0020-2019", "admin-licensing-law", "yousu-jiban"]
ALTERNATIVES = {
    "db23-hlj-2023.unrecorded-reminder": "not_sent",
    "gdzw-0020-2019.unrecorded-confirmation": "not_sent",
    "gdzw-0020-2019.unrecorded-inquiry-answer": "not_done",
    "db23-hlj-2023.unrecorded-answer-time": "not_agreed",
    "admin-licensing-law.unrecorded-approval": "unapproved",
    "yousu-jiban.unrecorded-approval": "unapproved",
    "yousu-jiban.unrecorded-lead-department": "not_named",
    "yousu-jiban.unrecorded-refusal-reason": "not_told",
    "yousu-jiban.unrecorded-extension-reason": "not_told",
}
#: (rule, message) of the findings that report the field as missing
MISSING = {
    ("db23-hlj-2023/appointment-reminder", "未提供预约提醒服务"),
    ("gdzw-0020-2019/appointment-confirmation", "网上预约成功后未及时发送预约信息"),
    ("gdzw-0020-2019/consultation-answered-in-time", "超过规定时限仍未答复咨询"),
    ("gdzw-0020-2019/first-inquiry-routing", "约定答复时间已过仍未答复"),
    ("gdzw-0020-2019/first-inquiry-routing", "属本人职责范围的咨询既未当场解答也未约定答复时间"),
    ("db23-hlj-2023/inquiry-ledger", "不能即时答复的咨询未登记台账或未约定答复时间"),
    ("yousu-jiban/lead-department", "涉及多个部门但未明确牵头部门"),
    ("yousu-jiban/refusal-reason-told", "不予受理但未告知不予受理的理由"),
    ("yousu-jiban/extension-told", "延长办理时限未告知延长时限和理由（缺：理由）"),
    ("admin-licensing-law/extension-approved", "延长期限未经本行政机关负责人批准（不计入期限）"),
}
#: a yellow-card rule -> the rule whose red card (the broken promise) it warns of
WARNS_OF = {"gdzw-0020-2019/promised-deadline-yellow-card": "gdzw-0020-2019/promised-deadline"}
LICENCE = {
    "code": "L1",
    "name": "某许可",
    "type": "行政许可",
    "department": "D1",
    "statutory_limit": "20个工作日",
}


def _keys(doc: dict[str, Any], readings: dict[str, str] | None = None) -> set[tuple[str, str, str]]:
    report = audit(load_dataset(doc), standards=STANDARDS, interpretations=readings)
    return {(f.rule_id, f.subject.id, f.message) for f in report.findings}


def _check(
    record: dict[str, Any], table: str, fields: tuple[str, ...], as_of: str, nulled_record: Any = None
) -> None:
    items = [LICENCE] if table == "applications" else []
    left_out = {"items": items, table: [record], "as_of": as_of}
    nulled = {"items": items, table: [nulled_record or {**record, **dict.fromkeys(fields)}], "as_of": as_of}
    out, null = _keys(left_out), _keys(nulled)
    # never worse: no (rule, subject) found that null does not find (an extension that counts moves a
    # late finding's due date, so its message may differ), except that a promise the counted extension
    # keeps open may show its 黄牌 where null shows the 红牌 (the error it warns of) on that subject
    null_pairs = {k[:2] for k in null}
    worse = {k[:2] for k in out if k[:2] not in null_pairs and (WARNS_OF.get(k[0]), k[1]) not in null_pairs}
    assert not worse
    assert not {k for k in out if (k[0], k[2]) in MISSING}
    assert _keys(left_out, ALTERNATIVES) == _keys(nulled, ALTERNATIVES)


@settings(max_examples=20, deadline=None)
@given(
    channel=st.sampled_from(["onsite", "phone", "online", "app", "mini_program"]),
    booked=st.integers(0, 24 * 10),
    lead=st.integers(1, 24 * 5),
    judged=st.integers(0, 15),
)
def test_a_booking_s_confirmation_and_reminder_left_out(
    channel: str, booked: int, lead: int, judged: int
) -> None:
    at = _T0 + timedelta(hours=booked)
    slot = at + timedelta(hours=lead)
    booking = {
        "id": "P1",
        "channel": channel,
        "booked_at": at.isoformat(),
        "slot_start": slot.isoformat(),
        "slot_end": (slot + timedelta(minutes=30)).isoformat(),
    }
    _check(
        booking,
        "appointments",
        ("confirmation_sent_at", "reminder_sent_at"),
        (at + timedelta(days=judged)).date().isoformat(),
    )


@settings(max_examples=20, deadline=None)
@given(
    channel=st.sampled_from(["onsite", "phone", "email", "website", "letter"]),
    scope=st.sampled_from([None, "a", "b", "c"]),
    on_spot=st.sampled_from([None, True, False]),
    promised=st.one_of(st.none(), st.integers(1, 24 * 6)),
    judged=st.integers(0, 10),
)
def test_an_inquiry_s_answer_and_answer_time_left_out(
    channel: str, scope: str | None, on_spot: bool | None, promised: int | None, judged: int
) -> None:
    inquiry: dict[str, Any] = {"id": "Q1", "at": _T0.isoformat(), "channel": channel, "ledger_recorded": True}
    if scope:
        inquiry["scope"] = scope
    if on_spot is not None:
        inquiry["answered_on_spot"] = on_spot
    fields: tuple[str, ...] = ("answered_at",)
    if promised is None:
        fields += ("answer_promised_at",)
    else:
        inquiry["answer_promised_at"] = (_T0 + timedelta(hours=promised)).isoformat()
    _check(inquiry, "inquiries", fields, (_T0 + timedelta(days=judged)).date().isoformat())


def _extended(events: list[dict[str, Any]], approver: bool) -> list[dict[str, Any]]:
    return [{**e, "approved_by": None} if approver and e["kind"] == "extended" else e for e in events]


@settings(max_examples=20, deadline=None)
@given(
    extended_on=st.integers(5, 30),
    days=st.sampled_from(["5个工作日", "10个工作日", "15个工作日"]),
    decided_on=st.one_of(st.none(), st.integers(15, 60)),
    judged=st.integers(20, 70),
)
def test_a_licence_extension_s_approval_left_out(
    extended_on: int, days: str, decided_on: int | None, judged: int
) -> None:
    events: list[dict[str, Any]] = [
        {"kind": "accepted", "at": _T0.isoformat(), "written": True},
        {"kind": "extended", "at": (_T0 + timedelta(days=extended_on)).isoformat(), "limit": days},
    ]
    if decided_on is not None:
        events.append(
            {"kind": "decided", "at": (_T0 + timedelta(days=decided_on)).isoformat(), "outcome": "approved"}
        )
    app = {"id": "A1", "item_code": "L1", "received_at": _T0.isoformat(), "events": events}
    nulled = {**app, "events": _extended(events, True)}
    _check(app, "applications", (), (_T0 + timedelta(days=judged)).date().isoformat(), nulled)


@settings(max_examples=20, deadline=None)
@given(
    accepted=st.sampled_from([None, True, False]),
    departments=st.lists(
        st.sampled_from(["市场监管局", "税务局", "人社局"]), min_size=1, max_size=3, unique=True
    ),
    tier=st.sampled_from(["general", "multi_department", "major"]),
    extended_on=st.one_of(st.none(), st.integers(1, 35)),
    answered_on=st.one_of(st.none(), st.integers(0, 50)),
    judged=st.integers(0, 60),
)
def test_a_complaint_s_lead_department_plan_approval_and_refusal_and_extension_reasons_left_out(
    accepted: bool | None,
    departments: list[str],
    tier: str,
    extended_on: int | None,
    answered_on: int | None,
    judged: int,
) -> None:
    events: list[dict[str, Any]] = [{"kind": "worksheet_sent", "at": (_T0 + timedelta(hours=1)).isoformat()}]
    if extended_on is not None:
        events.append(
            {"kind": "extended", "at": (_T0 + timedelta(days=extended_on)).isoformat(), "limit": "10天"}
        )
    if answered_on is not None:
        events.append({"kind": "answered", "at": (_T0 + timedelta(days=answered_on, hours=2)).isoformat()})
    complaint = {
        "id": "C1",
        "channel": "onsite",
        "received_at": _T0.isoformat(),
        "accepted": accepted,
        "tier": tier,
        "facts": {"departments": departments, "major": tier == "major"},
        "events": events,
    }
    nulled_events = [{**e, "reason": None} if e["kind"] == "extended" else e for e in _extended(events, True)]
    nulled = {**complaint, "lead_department": None, "refusal_reason": None, "events": nulled_events}
    _check(complaint, "complaints", (), (_T0 + timedelta(days=judged)).date().isoformat(), nulled)
