"""The input models: JSON round trips, Chinese enum aliases, timestamps, embedded events, personal-data marks."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from govhall.models import (
    MODELS,
    PERSONAL_FIELDS,
    SHANGHAI,
    Application,
    Channel,
    Complaint,
    Dataset,
    Event,
    Item,
    ItemType,
    RatingLevel,
    WindowKind,
)
from govhall.models import enums as enum_module
from govhall.models._base import BilingualEnum
from govhall.models.applications import EventKind, VisitPurpose
from govhall.schema import json_schema
from govhall.testing import applications, complaints, datetimes, records

BILINGUAL_ENUMS = [
    obj
    for obj in [*vars(enum_module).values(), EventKind, VisitPurpose]
    if isinstance(obj, type) and issubclass(obj, BilingualEnum) and obj is not BilingualEnum
]


# -- round trips ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(MODELS))
def test_every_model_round_trips_through_json(name: str) -> None:
    model = MODELS[name]

    @settings(max_examples=40)
    @given(records(model))
    def check(record: BaseModel) -> None:
        again = model.model_validate_json(record.model_dump_json())
        assert again == record
        # and through the plain-JSON dict a front end would send
        assert model.model_validate(record.model_dump(mode="json")) == record

    check()


@settings(max_examples=40)
@given(applications())
def test_applications_with_history_round_trip(app: Application) -> None:
    assert Application.model_validate_json(app.model_dump_json()) == app
    assert all(e.application_id == app.id for e in app.events)


@settings(max_examples=40)
@given(complaints())
def test_complaints_with_history_round_trip(complaint: Complaint) -> None:
    assert Complaint.model_validate_json(complaint.model_dump_json()) == complaint
    assert all(e.complaint_id == complaint.id for e in complaint.events)


# -- Chinese enum aliases ---------------------------------------------------------------------------


def test_there_are_bilingual_enums_to_check() -> None:
    assert {ItemType, Channel, WindowKind, RatingLevel, EventKind} <= set(BILINGUAL_ENUMS)


@pytest.mark.parametrize("enum", BILINGUAL_ENUMS, ids=lambda e: e.__name__)
def test_every_chinese_alias_reads_as_its_value(enum: type[BilingualEnum]) -> None:
    aliases = enum.__dict__.get("_zh_map") or {}
    assert aliases, f"{enum.__name__} has no Chinese aliases"
    for term, value in aliases.items():
        assert enum(term) is enum(value)
        assert enum(f"  {term} ") is enum(value)  # whitespace around the term is tolerated


def test_chinese_terms_in_records() -> None:
    item = Item.model_validate({"code": "I1", "name": "某许可", "type": "行政许可", "department": "D1"})
    assert item.type is ItemType.administrative_licensing
    app = Application.model_validate(
        {
            "id": "A1",
            "item_code": "I1",
            "received_at": "2025-11-03T09:00",
            "channel": "现场",
            "events": [{"kind": "补正告知", "at": "2025-11-03T10:00"}],
        }  # fmt: skip
    )
    assert app.channel is Channel.onsite
    assert app.events[0].kind is EventKind.correction_notice
    # the English value is what is written back out
    assert app.model_dump(mode="json")["channel"] == "onsite"
    assert RatingLevel("不满意").grade == "bad"


def test_english_values_are_case_and_dash_insensitive() -> None:
    assert Channel("ONSITE") is Channel.onsite
    assert Channel("hotline-12345") is Channel.hotline_12345


def test_an_unknown_term_is_refused_with_the_allowed_values() -> None:
    with pytest.raises(ValidationError) as info:
        Item.model_validate({"code": "I1", "name": "x", "type": "行政审批", "department": "D1"})
    (error,) = info.value.errors()
    assert error["loc"] == ("type",)
    assert "administrative_licensing" in error["msg"]


# -- timestamps -------------------------------------------------------------------------------------


def _app(received_at: object) -> Application:
    return Application.model_validate({"id": "A1", "item_code": "I1", "received_at": received_at})


def test_naive_timestamps_are_shanghai_time_and_aware_ones_are_converted() -> None:
    # 01:00 UTC is 09:00 in Shanghai (UTC+8, no daylight saving since 1991)
    assert _app("2025-11-03T01:00:00Z").received_at == datetime(2025, 11, 3, 9, 0)
    assert _app("2025-11-03T09:00").received_at == datetime(2025, 11, 3, 9, 0)
    assert _app("2025-11-03T09:00:00+08:00").received_at == datetime(2025, 11, 3, 9, 0)
    # 23:30 in New York (UTC-5 in November) is 12:30 the next day in Shanghai
    assert _app("2025-11-03T23:30:00-05:00").received_at == datetime(2025, 11, 4, 12, 30)
    assert _app("2025-11-03T09:00").received_at.tzinfo is None


@given(datetimes(), st.integers(min_value=-12 * 60, max_value=14 * 60))
def test_an_aware_timestamp_means_the_same_instant_as_its_shanghai_wall_time(
    local: datetime, minutes: int
) -> None:
    instant = local.replace(tzinfo=SHANGHAI)
    elsewhere = instant.astimezone(timezone(timedelta(minutes=minutes)))
    stored = _app(elsewhere.isoformat()).received_at
    assert stored.tzinfo is None
    assert stored == local


def test_a_bare_date_is_midnight() -> None:
    assert _app("2025-11-03").received_at == datetime(2025, 11, 3, 0, 0)


# -- embedded events --------------------------------------------------------------------------------


def test_embedded_events_get_the_owner_id_and_are_sorted_by_time() -> None:
    app = Application.model_validate(
        {
            "id": "A1",
            "item_code": "I1",
            "received_at": "2025-11-03T09:00",
            "events": [
                {"kind": "decided", "at": "2025-11-10T10:00"},
                {"kind": "received", "at": "2025-11-03T09:00"},
                {"kind": "accepted", "at": "2025-11-03T09:00", "application_id": "A1"},
            ],
        }  # fmt: skip
    )
    assert [e.kind.value for e in app.events] == ["received", "accepted", "decided"]  # stable on ties
    assert {e.application_id for e in app.events} == {"A1"}
    assert [e.kind.value for e in app.events_of("decided", "received")] == ["received", "decided"]


def test_an_embedded_event_naming_another_owner_is_refused() -> None:
    with pytest.raises(ValidationError, match="embedded in 'A1' but names 'A2'"):
        Application.model_validate(
            {
                "id": "A1",
                "item_code": "I1",
                "received_at": "2025-11-03T09:00",
                "events": [{"kind": "decided", "at": "2025-11-10T10:00", "application_id": "A2"}],
            }  # fmt: skip
        )
    with pytest.raises(ValidationError, match="embedded in 'C1' but names 'A1'"):
        Complaint.model_validate(
            {
                "id": "C1",
                "channel": "现场",
                "received_at": "2025-11-03T09:00",
                "events": [{"kind": "answered", "at": "2025-11-04T10:00", "application_id": "A1"}],
            }  # fmt: skip
        )


def test_complaint_events_get_the_complaint_id() -> None:
    c = Complaint.model_validate(
        {
            "id": "C1",
            "channel": "信函",
            "received_at": "2025-11-03T09:00",
            "events": [{"kind": "回应", "at": "2025-11-04T10:00"}],
        }  # fmt: skip
    )
    assert c.events[0].complaint_id == "C1" and c.events[0].application_id is None


def test_a_free_standing_event_needs_exactly_one_owner() -> None:
    with pytest.raises(ValidationError, match="exactly one"):
        Event.model_validate({"kind": "decided", "at": "2025-11-10T10:00"})
    with pytest.raises(ValidationError, match="exactly one"):
        Event.model_validate(
            {"kind": "decided", "at": "2025-11-10", "application_id": "A", "complaint_id": "C"}
        )


def test_unknown_fields_are_refused() -> None:
    with pytest.raises(ValidationError) as info:
        Application.model_validate(
            {"id": "A1", "item_code": "I1", "received_at": "2025-11-03", "itemcode": "x"}
        )
    assert info.value.errors()[0]["loc"] == ("itemcode",)


def test_dataset_has_a_name() -> None:
    assert Dataset(name="某县政务服务中心 2025-11").name == "某县政务服务中心 2025-11"


# -- personal data ----------------------------------------------------------------------------------

# Every field holding a person's name, phone number, ID number or address, by model.
EXPECTED_PERSONAL = {
    "Applicant": {"name", "id_number", "phone", "address"},
    "Complainant": {"name", "contact_person", "phone", "address"},
    "Worksheet": {
        "name_or_org",
        "contact_person",
        "phone",
        "address",
        "worksheet_contact",
        "worksheet_phone",
    },
    "Staff": {"name", "phone"},
    "Inquiry": {"inquirer_name", "inquirer_phone"},
    "Evaluation": {"rater_id", "rater_phone"},
    "Appointment": {"applicant_name", "applicant_phone"},
}


def _personal_in_schema(schema: dict, model: str) -> set[str]:
    props = schema["$defs"][model]["properties"]
    return {name for name, prop in props.items() if prop.get("x-personal") is True}


def test_personal_data_is_marked_in_the_schema() -> None:
    schema = json_schema(None)
    for model, expected in EXPECTED_PERSONAL.items():
        assert _personal_in_schema(schema, model) == expected, model


def test_every_phone_address_and_id_number_field_is_marked() -> None:
    schema = json_schema(None)
    for model, definition in schema["$defs"].items():
        for name, prop in definition.get("properties", {}).items():
            if any(word in name for word in ("phone", "address", "id_number")):
                assert prop.get("x-personal") is True, f"{model}.{name}"


def test_names_of_things_are_not_personal() -> None:
    schema = json_schema(None)
    for model in ("Item", "Hall", "Department", "Material", "Window"):
        assert "name" not in _personal_in_schema(schema, model), model
    assert {"name", "phone", "id_number", "address"} <= PERSONAL_FIELDS


def test_events_of_filters_by_kind_and_gives_all_without_kinds() -> None:
    from govhall.models import Complaint

    c = Complaint.model_validate(
        {
            "id": "C1",
            "channel": "letter",
            "received_at": "2025-09-30T10:00",
            "events": [
                {"kind": "closed", "at": "2025-10-09T10:00"},
                {"kind": "urged", "at": "2025-10-08T10:00"},
            ],
        }
    )
    assert [e.kind.value for e in c.events_of()] == ["urged", "closed"]
    assert [e.kind.value for e in c.events_of("closed")] == ["closed"]
    assert c.events_of("answered") == []


_UNIT_TEXT = {"working_day": "个工作日", "calendar_day": "日", "month": "个月", "hour": "小时"}


@settings(max_examples=60, deadline=None)
@given(
    unit=st.sampled_from(sorted(_UNIT_TEXT)),
    over=st.integers(-3, 3),
    field=st.sampled_from(["statutory_limit", "promised_limit", "rongque_supplement_limit"]),
)
def test_an_item_limit_longer_than_ten_years_is_refused_naming_its_field(
    unit: str, over: int, field: str
) -> None:
    """Ten years at most, in every unit (2,500 working days, 3,660 days, 120 months, 87,840 hours):
    a longer one is a typo no rule could count on the calendar (``99999个工作日``)."""
    from govhall.models import Item

    most = {"working_day": 2_500, "calendar_day": 3_660, "month": 120, "hour": 87_840}[unit]
    text = f"{most + over}{_UNIT_TEXT[unit]}"
    record = {"code": "X-1", "name": "事项", "type": "public_service", "department": "局", field: text}
    if over <= 0:
        assert getattr(Item.model_validate(record), field) == text
    else:
        with pytest.raises(ValidationError) as err:
            Item.model_validate(record)
        assert err.value.errors()[0]["loc"] == (field,)
        assert "ten years" in str(err.value) and text in str(err.value)


def test_ten_years_written_in_years_is_within_and_eleven_is_not() -> None:
    from govhall.models import Item

    base = {"code": "X-1", "name": "事项", "type": "public_service", "department": "局"}
    assert Item.model_validate({**base, "statutory_limit": "10年"}).statutory_limit == "10年"
    with pytest.raises(ValidationError, match="ten years"):
        Item.model_validate({**base, "statutory_limit": "11年"})


@pytest.mark.parametrize(
    ("written_as", "kept"),
    [
        ("听证", "hearing"),
        ("专家评审", "expert_review"),
        ("检验", "inspection"),  # as the example writes them: inspection 检验, testing 检测
        ("检测", "testing"),
        ("补正", "correction"),
        ("Expert Review", "expert_review"),
        ("expert-review", "expert_review"),
        ("expert_review", "expert_review"),
        ("现场踏勘", "现场踏勘"),  # not a known procedure: kept as given
    ],
)
def test_a_pause_procedure_in_chinese_or_any_case_is_its_canonical_name(written_as: str, kept: str) -> None:
    # admin-licensing-law:45 names 听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审; a hall records them in those words
    ev = Event(kind="paused", at="2025-10-13T09:00", application_id="A1", procedure=written_as)
    assert ev.procedure == kept


@pytest.mark.parametrize(
    ("written_as", "kept"),
    [("Approved", "approved"), ("NOT ACCEPTED", "not_accepted"), ("denied", "denied"), ("准予许可", "准予许可"),
     ("partly approved", "partly approved")],
)  # fmt: skip
def test_a_decision_outcome_in_any_case_is_its_name(written_as: str, kept: str) -> None:
    ev = Event(kind="decided", at="2025-10-13T09:00", application_id="A1", outcome=written_as)
    assert ev.outcome == kept


def test_as_of_is_the_latest_date_of_any_table_transcripts_and_inspections_too() -> None:
    """docs/data.md: ``effective_as_of()`` is the latest date any record mentions. A dataset of transcripts
    alone was refused ("no dated records and no as_of"), and an inspection dated after every other
    record did not move the day (noticed by i34)."""
    from govhall.models import Dataset
    from govhall.models.inspections import Inspection
    from govhall.models.service import Transcript

    talk = Transcript(id="T1", at="2026-02-14T10:00", staff_id="S1", text="您好")
    assert Dataset(transcripts=[talk]).effective_as_of() == date(2026, 2, 14)
    check = Inspection(
        id="I1", clause="db23-hlj-2023:5.2.1", date="2026-03-02", method="observation", result="pass"
    )
    assert Dataset(transcripts=[talk], inspections=[check]).effective_as_of() == date(2026, 3, 2)
    assert Dataset(transcripts=[talk], inspections=[check], as_of="2026-02-20").effective_as_of() == date(
        2026, 2, 20
    )
