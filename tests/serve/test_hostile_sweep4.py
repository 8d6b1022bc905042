"""Hostile requests, fourth sweep (each test failed before its fix): bodies no JSON parser can read
said as such, and values read from the request cut where a problem echoes them."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from govhall.errors import MAX_ECHOED_ID

from .conftest import bearer

JSON = {"content-type": "application/json"}


def _problem(r: Any, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status and r.headers["content-type"].startswith("application/problem+json"), (
        r.text
    )
    doc: dict[str, Any] = r.json()
    assert doc["type"].endswith(f"/{code}"), doc
    assert "Traceback" not in r.text and 'File "' not in r.text
    return doc


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b'{"start": "2026-01-05", "limit": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "nested too deep"),
        (b'{"start": "2026-01-05", "limit": ' + b"9" * 5000 + b"}", "more digits than can be read"),
    ],
    ids=["nested 100,000 deep", "a number of 5,000 digits"],
)
def test_a_body_no_json_parser_reads_is_a_bad_request_saying_why(
    client: TestClient, body: bytes, words: str
) -> None:
    """Both were FastAPI's "There was an error parsing the body", which names nothing."""
    doc = _problem(
        client.post("/v1/deadlines", content=body, headers={**bearer("reader"), **JSON}), 400, "bad-request"
    )
    assert words in doc["detail"], doc


def test_a_body_that_is_not_json_is_a_problem_naming_the_character(client: TestClient) -> None:
    """It was ``body.21: JSON decode error``, as if the body had a field named 21 (still a 422
    bad-input, as tests/serve/test_endpoints.py has it)."""
    body = '{"start": "2026-01-05\x01", "limit": "3天"}'.encode()
    doc = _problem(
        client.post("/v1/deadlines", content=body, headers={**bearer("reader"), **JSON}), 422, "bad-input"
    )
    assert doc["detail"] == "body: not valid JSON at character 22: Invalid control character", doc
    assert doc["at"] == 21


def _cut(text: str) -> str:
    return text[: MAX_ECHOED_ID - 1] + "…"


def test_an_unknown_path_of_any_length_is_echoed_cut(client: TestClient) -> None:
    path = "/v1/calendar/workday/" + "x" * 10_000
    doc = _problem(client.get(path, headers=bearer("reader")), 404, "not-found")
    assert doc["detail"] == f"no endpoint at {_cut(path)}", doc


def test_unknown_standards_and_readings_of_any_length_are_echoed_cut(client: TestClient) -> None:
    """``?standard=xxx…`` (5,000 characters) and ``?interpret=xxx…=y`` came back whole in the problem."""
    name = "x" * 5000
    r = client.post(f"/v1/audit?standard={name}", json={"applications": []}, headers=bearer("reader"))
    doc = _problem(r, 404, "unknown-standard")
    assert doc["detail"] == f"no rules for standard(s) {_cut(name)}", doc
    r = client.post(f"/v1/audit?interpret={name}=y", json={"applications": []}, headers=bearer("reader"))
    doc = _problem(r, 422, "unknown-interpretation")
    assert f"unknown interpretation {_cut(name)!r}" in doc["detail"] and name[:MAX_ECHOED_ID] not in r.text, (
        doc
    )
    r = client.post(
        "/v1/audit?interpret=yousu-jiban.day-unit=" + name,
        json={"applications": []},
        headers=bearer("reader"),
    )
    doc = _problem(r, 422, "unknown-interpretation")
    assert _cut(name) in doc["detail"] and name[:MAX_ECHOED_ID] not in r.text, doc


def test_an_as_of_of_any_length_is_echoed_cut(client: TestClient) -> None:
    value = "2025-" + "x" * 1000
    r = client.post("/v1/audit", json={"applications": [], "as_of": value}, headers=bearer("reader"))
    doc = _problem(r, 422, "bad-date")
    assert f"as_of {_cut(value)!r} is not an ISO date" in doc["detail"], doc
