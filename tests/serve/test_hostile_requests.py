"""Hostile requests the service must refuse as problems (each test failed before its fix)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from .conftest import bearer

BODY = '{"start": "2025-01-01", "limit": "1天"}'.encode()


@pytest.mark.parametrize("length", ["-1", "abc", "1e3", " "])
def test_a_content_length_that_is_no_byte_count_is_a_400_problem(client: TestClient, length: str) -> None:
    """A negative Content-Length passed the body limit unchecked (the body was then read whole);
    'abc' was called too large (413)."""
    r = client.post(
        "/v1/deadlines",
        content=BODY,
        headers={**bearer("reader"), "content-type": "application/json", "content-length": length},
    )
    assert r.status_code == 400, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    doc = r.json()
    assert doc["status"] == 400 and doc["type"].endswith("/bad-request") and "Content-Length" in doc["detail"]


def test_a_true_content_length_is_still_served(client: TestClient) -> None:
    r = client.post(
        "/v1/deadlines",
        content=BODY,
        headers={**bearer("reader"), "content-type": "application/json", "content-length": str(len(BODY))},
    )
    assert r.status_code == 200 and r.json()["due"] == "2025-01-02"
