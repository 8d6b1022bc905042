"""A bad date in a request says what is wrong with the value given, in the loader's words (every one
said "a number is not read as a date or time", for ``'xxxx'`` as for a number)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from .conftest import bearer


@pytest.mark.parametrize(
    ("value", "says"),
    [("xxxx", "a text that is not a date"), ("NaN", "a text that is not a date"),
     ("20250101", "a text of digits is not a date")],
)  # fmt: skip
@pytest.mark.parametrize(
    ("method", "url", "where"),
    [("POST", "/v1/deadlines", "body.start"), ("GET", "/v1/calendar/add?days=1&start=", "query.start"),
     ("GET", "/v1/calendar/", "path.day")],
)  # fmt: skip
def test_a_request_date_that_is_not_one_is_named_for_what_it_is(
    client: TestClient, method: str, url: str, where: str, value: str, says: str
) -> None:
    body = {"start": value, "limit": "1天"} if method == "POST" else None
    r = client.request(method, url if body else url + value, json=body, headers=bearer("reader"))
    assert r.status_code == 422, r.text
    detail = r.json()["detail"]
    assert detail.startswith(f"{where}: {says}") and "expected ISO 8601 text" in detail, detail
    assert "a number" not in detail, detail


@pytest.mark.parametrize(
    ("value", "says"),
    [("xxxx", "'xxxx' is not a date or time"), (1700000000, "1700000000 is a number, not a date or time")],
)
def test_a_dataset_record_and_a_live_event_name_the_bad_date_alike(
    client: TestClient, example_doc: dict[str, Any], value: Any, says: str
) -> None:
    doc = {"items": example_doc["items"], "applications": [dict(a) for a in example_doc["applications"][:3]]}
    doc["applications"][1]["received_at"] = value
    r = client.post("/v1/audit?standard=gdzw-0020-2019", json=doc, headers=bearer("reader"))
    [rejected] = r.json()["rejected"]
    assert rejected["reason"].startswith(f"received_at: {says} (expected ISO 8601 text"), rejected
    event = {"id": "E1", "application_id": "A1", "kind": "visit", "at": value}
    [posted] = client.post("/v1/live/events", json=[event], headers=bearer("writer")).json()["posted"]
    kind = "a number is" if isinstance(value, int) else "a text that is"
    assert posted["detail"].startswith(f"at: {kind} not a date or time (expected ISO 8601 text"), posted


@pytest.mark.parametrize("body", [[], {"items": []}, {"items": [], "as_of": "2025-10-31"}])
def test_an_empty_catalogue_is_a_422_problem_as_govhall_check_refuses_it(
    client: TestClient, body: Any
) -> None:
    """It was a 200 Report of no findings: a client checking an export that had failed was told it passed."""
    r = client.post("/v1/catalogue/check", json=body, headers=bearer("reader"))
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json"), r.text
    doc = r.json()
    assert doc["type"].endswith("/bad-dataset") and "holds no items" in doc["detail"], doc


def test_a_catalogue_of_one_item_is_still_checked(client: TestClient, example_doc: dict[str, Any]) -> None:
    body = {"items": example_doc["items"][:1], "as_of": "2025-10-31"}
    r = client.post("/v1/catalogue/check", json=body, headers=bearer("reader"))
    assert r.status_code == 200 and r.json()["summary"]["records"] == 1, r.text
