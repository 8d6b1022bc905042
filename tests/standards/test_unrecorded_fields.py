"""A field left out of every record of its table is never judged worse than the field given ``null``,
and with the interpretation's alternative it is judged exactly as ``null`` (docs/data.md, "Other
facts kept where the hall may not export them").

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
STANDARDS = ["db23-hlj-2023", "gdzw-0020-2019"]
ALTERNATIVES = {
    "db23-hlj-2023.unrecorded-reminder": "not_sent",
    "gdzw-0020-2019.unrecorded-confirmation": "not_sent",
    "gdzw-0020-2019.unrecorded-inquiry-answer": "not_done",
    "db23-hlj-2023.unrecorded-answer-time": "not_agreed",
}
#: (rule, message) of the findings that report the field as missing
MISSING = {
    ("db23-hlj-2023/appointment-reminder", "未提供预约提醒服务"),
    ("gdzw-0020-2019/appointment-confirmation", "网上预约成功后未及时发送预约信息"),
    ("gdzw-0020-2019/consultation-answered-in-time", "超过规定时限仍未答复咨询"),
    ("gdzw-0020-2019/first-inquiry-routing", "约定答复时间已过仍未答复"),
    ("gdzw-0020-2019/first-inquiry-routing", "属本人职责范围的咨询既未当场解答也未约定答复时间"),
    ("db23-hlj-2023/inquiry-ledger", "不能即时答复的咨询未登记台账或未约定答复时间"),
}


def _keys(doc: dict[str, Any], readings: dict[str, str] | None = None) -> set[tuple[str, str, str]]:
    report = audit(load_dataset(doc), standards=STANDARDS, interpretations=readings)
    return {(f.rule_id, f.subject.id, f.message) for f in report.findings}


def _check(record: dict[str, Any], table: str, fields: tuple[str, ...], as_of: str) -> None:
    left_out = {"items": [], table: [record], "as_of": as_of}
    nulled = {"items": [], table: [{**record, **dict.fromkeys(fields)}], "as_of": as_of}
    out, null = _keys(left_out), _keys(nulled)
    assert out <= null
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
