"""JSON Schema of the input: valid as a schema, agrees with the models, and the ``govhall schema`` command."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from jsonschema import Draft202012Validator, FormatChecker
from pydantic import BaseModel
from typer.testing import CliRunner

from govhall.cli import app
from govhall.loaders import load_dataset
from govhall.models import MODELS
from govhall.schema import json_schema, model_names
from govhall.testing import dataset_documents, records

VALID_APPLICATION = {
    "id": "A1",
    "item_code": "I1",
    "received_at": "2025-11-03T09:00",  # naive: Asia/Shanghai
    "channel": "onsite",
    "applicant": {"name": "张三", "phone": "13800138000"},
    "events": [{"kind": "received", "at": "2025-11-03T09:00:00+08:00"}],
}


def validator(name: str | None) -> Draft202012Validator:
    return Draft202012Validator(json_schema(name), format_checker=FormatChecker())


@pytest.mark.parametrize("name", [*sorted(MODELS), None])
def test_every_schema_is_a_valid_draft_2020_12_schema(name: str | None) -> None:
    schema = json_schema(name)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_a_valid_record_validates_and_broken_ones_fail() -> None:
    v = validator("Application")
    assert list(v.iter_errors(VALID_APPLICATION)) == []
    broken = {
        "missing received_at": {k: val for k, val in VALID_APPLICATION.items() if k != "received_at"},
        "unknown channel": {**VALID_APPLICATION, "channel": "pigeon"},
        "unknown field": {**VALID_APPLICATION, "itemcode": "I1"},
        "wrong type": {**VALID_APPLICATION, "rongque": "maybe"},
        "not a timestamp": {**VALID_APPLICATION, "received_at": "3 Nov 2025"},
        "nested unknown field": {**VALID_APPLICATION, "applicant": {"nickname": "三"}},
    }
    for label, record in broken.items():
        assert list(v.iter_errors(record)), label


def test_naive_and_aware_timestamps_both_pass_format_checking() -> None:
    v = validator("Application")
    for ts in (
        "2025-11-03T09:00",
        "2025-11-03 09:00:00",
        "2025-11-03T01:00:00Z",
        "2025-11-03T09:00:00.5+08:00",
        "2025-11-03",
    ):
        assert v.is_valid({**VALID_APPLICATION, "received_at": ts}), ts
    assert validator("Hall").is_valid(
        {"id": "H1", "name": "x", "service_hours": [{"start": "09:00", "end": "17:30"}]}
    )


def test_enum_schemas_list_the_values_and_the_chinese_aliases() -> None:
    channel = json_schema("Application")["$defs"]["Channel"]
    assert "onsite" in channel["enum"] and "现场" not in channel["enum"]
    assert channel["x-aliases"]["现场"] == "onsite"
    assert channel["x-aliases"]["12345政务热线"] == "hotline_12345"


def test_the_dataset_schema_covers_every_table() -> None:
    schema = json_schema(None)
    props = schema["properties"]
    assert {"hall", "items", "events", "applications", "attendance", "transcripts", "as_of", "name"} <= set(
        props
    )
    assert props["applications"]["items"] == {"$ref": "#/$defs/Application"}
    v = validator(None)
    assert v.is_valid({"items": [], "applications": [VALID_APPLICATION], "as_of": "2025-11-30"})
    assert not v.is_valid({"aplications": []})
    assert not v.is_valid({"as_of": "30/11/2025"})


def test_names_are_resolved_case_insensitively_and_by_table() -> None:
    assert json_schema("application") == json_schema("Application") == json_schema("applications")
    assert json_schema("Dataset") == json_schema(None)
    with pytest.raises(ValueError) as info:
        json_schema("Applicaton")
    assert "Application" in str(info.value) and "Complaint" in str(info.value)
    assert "Dataset" in model_names()


def test_json_schema_returns_a_fresh_copy() -> None:
    json_schema("Item")["title"] = "changed"
    assert json_schema("Item")["title"] == "Item"


# -- the schema agrees with the models on everything govhall writes ---------------------------------


@pytest.mark.parametrize("name", sorted(MODELS))
def test_every_record_the_models_accept_and_write_validates(name: str) -> None:
    model: type[BaseModel] = MODELS[name]
    v = validator(name)

    @settings(max_examples=40)
    @given(records(model))
    def check(record: BaseModel) -> None:
        errors = [e.message for e in v.iter_errors(record.model_dump(mode="json"))]
        assert errors == []

    check()


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(dataset_documents())
def test_whole_generated_documents_validate_and_load(doc: dict[str, Any]) -> None:
    assert [e.message for e in validator(None).iter_errors(doc)] == []
    assert load_dataset(doc).rejected == []


# -- the command ------------------------------------------------------------------------------------


def test_cli_prints_the_schema_of_a_model() -> None:
    result = CliRunner().invoke(app, ["schema", "Application"])
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    assert schema == json_schema("Application")
    assert schema["title"] == "Application" and "received_at" in schema["required"]


def test_cli_without_a_model_prints_the_dataset_schema() -> None:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["title"] == "govhall dataset"


def test_cli_unknown_model_exits_2_with_the_known_names() -> None:
    result = CliRunner().invoke(app, ["schema", "Nope"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "unknown model 'Nope'" in result.stderr and "Application" in result.stderr


def test_cli_lists_the_models() -> None:
    result = CliRunner().invoke(app, ["schema", "--list"])
    assert result.exit_code == 0
    assert result.stdout.split() == model_names()
