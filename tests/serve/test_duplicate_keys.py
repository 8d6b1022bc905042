"""A request body naming a key twice is a 422 problem naming the key and where it is: FastAPI's
``json.loads`` read ``{"limit": "20个工作日", …, "limit": "3天"}`` as 3天, silently."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from .conftest import bearer

JSON = {"content-type": "application/json"}


def _problem(r: Any) -> dict[str, Any]:
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    doc: dict[str, Any] = r.json()
    assert doc["type"] == "/problems/duplicate-key" and doc["status"] == 422
    return doc


def test_a_deadline_body_naming_a_key_twice_is_refused_naming_it(client: TestClient) -> None:
    body = '{"start": "2025-11-03", "limit": "20个工作日", "limit": "3天"}'
    doc = _problem(client.post("/v1/deadlines", content=body.encode(), headers={**bearer("reader"), **JSON}))
    assert doc["key"] == "limit" and doc["path"] == ["body"]
    assert doc["detail"].startswith("body: the key 'limit' appears twice")
    assert doc["errors"] == [
        {"loc": ["body", "limit"], "msg": doc["errors"][0]["msg"], "type": "duplicate_key"}
    ]
    # the same body with the key once is served
    once = '{"start": "2025-11-03", "limit": "3天"}'
    assert (
        client.post("/v1/deadlines", content=once.encode(), headers={**bearer("reader"), **JSON}).status_code
        == 200
    )


def test_a_record_of_an_audited_dataset_naming_a_key_twice_is_refused_with_its_path(
    client: TestClient,
) -> None:
    body = '{"items": [{"code": "I1", "name": "a", "type": "行政许可", "department": "D"},' \
        ' {"code": "I2", "name": "b", "type": "行政许可", "department": "D", "type": "公共服务"}]}'  # fmt: skip
    doc = _problem(client.post("/v1/audit", content=body.encode(), headers={**bearer("reader"), **JSON}))
    assert doc["key"] == "type" and doc["path"] == ["body", "items", "1"]
    assert doc["detail"].startswith("body.items.1: the key 'type' appears twice")
    assert doc["errors"][0]["loc"] == ["body", "items", "1", "type"]


@pytest.mark.parametrize("charset", ["utf-8", "gb18030"])
def test_a_live_event_naming_a_key_twice_is_refused_in_any_charset(client: TestClient, charset: str) -> None:
    body = '[{"id": "E1", "application_id": "A1", "kind": "visit", "at": "2025-11-03T10:00", "id": "E2"}]'
    headers = {**bearer("writer"), "content-type": f"application/json; charset={charset}"}
    doc = _problem(client.post("/v1/live/events", content=body.encode(charset), headers=headers))
    assert doc["key"] == "id" and doc["path"] == ["body", "0"]


def test_the_problem_type_is_documented(client: TestClient) -> None:
    r = client.get("/problems/duplicate-key")
    assert r.status_code == 200 and r.json()["status"] == 422
