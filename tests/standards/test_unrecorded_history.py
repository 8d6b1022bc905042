"""A history left out is never worse than one given empty, and alone in a dataset it reports nothing
as not done (decisions.history_recorded; docs/data.md, Events).

For any complaint (channel, screening facts, tier, referral left out) judged on any day of a month,
with all the complaint standards: the findings with ``events`` left out, in a dataset keeping no
complaint history, are a subset of those with ``events: []`` given (nothing done); and none of them
is a finding that something was not done. The same for an application under every application
standard. Bounded examples (the suite's time budget).

That reading is the interpretation ``gdzw-0020-2019.unrecorded-history`` (default ``not_judged``); with
its alternative ``nothing_done`` a history left out is exactly a history given empty.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from govhall.loaders import load_dataset
from govhall.rules import audit

#: rules that report an act as not done when the history lacks it
NOT_DONE = {
    "yousu-jiban/identity-stated",
    "yousu-jiban/time-limit-told",
    "yousu-jiban/violation-handed-over",
    "yousu-jiban/out-of-jurisdiction-referred",
    "yousu-jiban/outside-service-forwarded",
    "yousu-jiban/remote-response-one-working-day",
    "yousu-jiban/on-the-spot",
    "yousu-jiban/tier-deadline",
    "yousu-jiban/track-to-closure",
    "gdzw-0020-2019/complaint-violation-referred",
    "dongguan-hall-2023/complaint-misconduct-referred",
    "admin-licensing-law/decision-within-limit",
    "admin-licensing-law/renewal-decided-before-expiry",
    "db23-hlj-2023/promised-deadline",
    "gdzw-0020-2019/promised-deadline",
    "gdzw-0020-2019/promised-deadline-yellow-card",
    "gdzw-0020-2019/first-handling-routing",
    "dongguan-hall-2023/handling-routing",
    "gdzw-0020-2019/rongque-overdue-blacklist",
    "dongguan-hall-2023/rongque-overdue-sanction",
}

_FACTS = (
    "on_site",
    "simple",
    "general_question",
    "out_of_jurisdiction",
    "outside_government_service",
    "suspected_violation",
    "discipline_inspection",
    "major",
)
_DAY0 = date(2025, 9, 22)  # a month across the 2025 National Day 调休


HISTORY = "gdzw-0020-2019.unrecorded-history"


def _keys(doc: dict[str, Any], reading: str | None = None) -> set[tuple[str, str, str]]:
    report = audit(load_dataset(doc), interpretations={HISTORY: reading} if reading else None)
    return {(f.rule_id, f.subject.id, f.message) for f in report.findings}


@settings(max_examples=25, deadline=None)
@given(
    channel=st.sampled_from(["onsite", "phone", "letter", "website", "hotline_12345"]),
    facts=st.fixed_dictionaries({k: st.booleans() for k in _FACTS}),
    tier=st.sampled_from([None, "simple", "general", "multi_department", "major"]),
    received=st.integers(0, 20),
    judged=st.integers(0, 40),
)
def test_a_complaint_history_left_out_reports_nothing_as_not_done(
    channel: str, facts: dict[str, bool], tier: str | None, received: int, judged: int
) -> None:
    day = _DAY0 + timedelta(days=received)
    c: dict[str, Any] = {"id": "C1", "channel": channel, "received_at": f"{day}T10:00", "facts": facts}
    if tier:
        c["tier"] = tier
    as_of = (day + timedelta(days=judged)).isoformat()
    left_out = _keys({"complaints": [c], "as_of": as_of})
    given_empty = _keys({"complaints": [{**c, "events": []}], "as_of": as_of})
    assert left_out <= given_empty
    assert not {k for k in left_out if k[0] in NOT_DONE}
    if received % 4 == 0:  # the other reading, on a quarter of the examples (time budget)
        assert _keys({"complaints": [c], "as_of": as_of}, "nothing_done") == given_empty


@settings(max_examples=20, deadline=None)
@given(
    kind=st.sampled_from(["new", "renewal"]),
    staff=st.sampled_from(["S1", "S2"]),
    rongque=st.booleans(),
    received=st.integers(0, 20),
    judged=st.integers(0, 60),
)
def test_an_application_history_left_out_reports_nothing_as_not_done(
    kind: str, staff: str, rongque: bool, received: int, judged: int
) -> None:
    day = _DAY0 + timedelta(days=received)
    a: dict[str, Any] = {
        "id": "A1",
        "item_code": "L1",
        "kind": kind,
        "received_at": f"{day}T10:00",
        "staff_id": staff,  # S2 is another department's clerk: 5.2.3 b, a transfer is due
        "channel": "onsite",
    }
    if kind == "renewal":
        a["licence_expires_on"] = (day + timedelta(days=35)).isoformat()
    if rongque:
        a.update(
            rongque=True, rongque_missing=["场地证明"], rongque_blacklisted=False, basic_conditions_met=True
        )
    doc: dict[str, Any] = {
        "items": [
            {
                "code": "L1",
                "name": "某许可",
                "type": "行政许可",
                "department": "D1",
                "statutory_limit": "20个工作日",
                "promised_limit": "5个工作日",
                "rongque": True,
                "materials": [{"name": "申请表", "main": True}, {"name": "场地证明"}],
            },
        ],  # fmt: skip
        "staff": [
            {"id": "S1", "role": "窗口人员", "department": "D1"},
            {"id": "S2", "role": "窗口人员", "department": "D2"},
        ],
        "as_of": (day + timedelta(days=judged)).isoformat(),
    }
    left_out = _keys({**doc, "applications": [a]})
    given_empty = _keys({**doc, "applications": [{**a, "events": []}]})
    assert left_out <= given_empty
    assert not {k for k in left_out if k[0] in NOT_DONE}
    if received % 4 == 0:  # the other reading, on a quarter of the examples (time budget)
        assert _keys({**doc, "applications": [a]}, "nothing_done") == given_empty


# -- the reading is registered, and a report lists it when (and only when) it decided ------------------


def test_the_reading_is_registered_with_its_clause_and_both_values() -> None:
    from govhall.rules import INTERPRETATIONS

    item = INTERPRETATIONS[HISTORY]
    assert (item.default, str(item.clause)) == ("not_judged", "gdzw-0020-2019:5.5.1")
    assert set(item.alternatives) == {"not_judged", "nothing_done"} and item.basis


_LONE = {
    "items": [
        {
            "code": "I1",
            "name": "某许可",
            "type": "行政许可",
            "department": "D1",
            "promised_limit": "20个工作日",
        }
    ],
    "as_of": "2025-10-31",
}


def _used(doc: dict[str, Any], reading: str | None = None) -> dict[str, tuple[str, bool]]:
    report = audit(load_dataset(doc), interpretations={HISTORY: reading} if reading else None)
    return {u.name: (u.value, u.is_default) for u in report.interpretations}


def test_a_report_lists_the_reading_when_a_lone_history_was_left_out() -> None:
    # received Fri 26 September 2025, 20 working days: due Thu 30 October; judged Fri 31 October
    lone = {**_LONE, "applications": [{"id": "A1", "item_code": "I1", "received_at": "2025-09-26T09:00"}]}
    assert _used(lone)[HISTORY] == ("not_judged", True)
    assert _used(lone, "nothing_done")[HISTORY] == ("nothing_done", False)
    given = {**_LONE, "applications": [{**lone["applications"][0], "events": []}]}
    assert HISTORY not in _used(given)  # a history given: the reading decided nothing
