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
