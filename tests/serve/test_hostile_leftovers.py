"""Hostile requests left over from the previous round (each test failed before its fix)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from .conftest import bearer


def test_a_validator_message_in_a_problem_reads_without_pydanticS_value_error_prefix(
    client: TestClient,
) -> None:
    """detail was "body.start: Value error, expected ISO 8601 text …" (pydantic's prefix on a message
    govhall's own validator wrote); the errors list repeated it."""
    r = client.post("/v1/deadlines", json={"start": 20250101, "limit": "3天"}, headers=bearer("reader"))
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")
    doc = r.json()
    assert doc["detail"].startswith("body.start: expected ISO 8601 text"), doc
    assert all(not e["msg"].startswith("Value error") for e in doc["errors"]), doc
    assert doc["errors"][0]["loc"] == ["body", "start"] and doc["errors"][0]["type"] == "value_error"


def test_a_huge_hour_limit_is_a_problem_naming_the_field_and_the_range(client: TestClient) -> None:
    """detail was "… the due date falls outside the dates govhall can count (Python int too large to
    convert to C int)"."""
    body = {"start": "2026-01-05T09:00", "limit": "3个工作日", "extensions": ["99999999999999999999小时"]}
    r = client.post("/v1/deadlines", json=body, headers=bearer("reader"))
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")
    doc = r.json()
    assert doc["type"].endswith("/date-out-of-range") and doc["field"] == "extensions[0]", doc
    assert doc["detail"].startswith("extensions[0]: '99999999999999999999小时'"), doc
    assert "2004-01-01 .. 2036-12-31" in doc["detail"] and doc["most"] == 12054 * 24, doc
    assert "int too large" not in doc["detail"], doc
