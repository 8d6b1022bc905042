"""Hostile requests the service must refuse as problems (each test failed before its fix)."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from .conftest import bearer, tokens_text

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


def test_serve_on_a_port_in_use_is_one_line_and_exit_2(tmp_path: Path) -> None:
    """uvicorn logged five lines ('[Errno 98] error while attempting to bind …') and exited 3, the
    code of a rule that raised."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "govhall", "serve", "--port", str(port)],
            capture_output=True, text=True, timeout=120, cwd=tmp_path,
        )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and f"cannot listen on 127.0.0.1:{port}" in result.stderr


def test_serve_on_a_host_that_is_no_address_is_one_line_and_exit_2(tmp_path: Path) -> None:
    tokens = tmp_path / "tokens.txt"
    tokens.write_text(tokens_text(), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "govhall", "serve", "--host", "256.0.0.1", "--tokens", str(tokens)],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "--host 256.0.0.1" in result.stderr


def test_a_refused_live_event_says_which_field_was_wrong(client: TestClient) -> None:
    """The answer said only 'reason': 'invalid'; which field, and why, was in no response."""
    item = {"table": "items", "code": "I1", "name": "某许可", "type": "行政许可", "department": "D1"}
    # received before the service's clock (2025-09-01 09:00): a post dated after it is refused too
    app_ = {"table": "applications", "id": "A1", "item_code": "I1", "received_at": "2025-09-01T08:30"}
    bad = {"application_id": "A1", "kind": "visit", "at": "2025-02-30T10:00"}
    r = client.post("/v1/live/events", json=[item, app_, bad], headers=bearer("writer"))
    assert r.status_code == 200, r.text
    *ok, refused = r.json()["posted"]
    assert all(p["accepted"] and p["detail"] is None for p in ok)
    assert refused["reason"] == "invalid" and refused["detail"].startswith("at: ")


def test_odd_spellings_of_the_fixed_texts_audit_as_the_values(client: TestClient) -> None:
    """``"kind": " Sign-In"``, ``"help_service": "帮办"``, ``"delivery": "邮寄"`` were rejected records
    (the enums read such spellings); now the audit equals the one of the canonical values."""
    from .conftest import example_document

    doc = example_document()
    terms = {"help": "帮办", "agent": "代办", "mail": "邮寄", "sign_in": "签到", "sign_out": "签退"}

    def odd(value: str) -> str:
        return terms.get(value, f" {value.upper().replace('_', '-')} ")

    odd_doc = {
        **doc,
        "attendance": [{**r, "kind": odd(r["kind"])} for r in doc["attendance"]],
        "applications": [
            {
                **a,
                "kind": odd(a.get("kind", "new")),
                "help_service": odd(a.get("help_service", "none")),
                "events": [
                    {**e, "delivery": odd(e["delivery"])} if "delivery" in e else e for e in a["events"]
                ],
            }
            for a in doc["applications"]
        ],
    }
    h = bearer("reader")
    plain, odd_report = (client.post("/v1/audit", json=d, headers=h) for d in (doc, odd_doc))
    assert plain.status_code == odd_report.status_code == 200, odd_report.text
    assert odd_report.json()["summary"]["rejected"] == 0
    assert odd_report.json()["findings"] == plain.json()["findings"]


def test_serve_with_a_profile_parameter_out_of_its_range_is_one_line_and_exit_2(tmp_path: Path) -> None:
    """A burst of one rating is no burst: the service started, and the rule then failed in every audit
    and live tick; now the start-up refuses the profile, naming the parameter."""
    profile = tmp_path / "hall-profile.yaml"
    profile.write_text("parameters:\n  gdzw-0020-2019.rating_burst_count: 1\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "govhall", "serve", "--port", "0", "--profile", str(profile)],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1
    assert "gdzw-0020-2019.rating_burst_count" in result.stderr and "hall-profile.yaml" in result.stderr


def test_an_epoch_number_for_a_timestamp_is_a_rejected_record_not_a_moment_of_2023(
    client: TestClient, example_doc: dict[str, Any]
) -> None:
    """``"received_at": 1700000000`` was read as 2023-11-15T06:13:20 and audited (tests/test_input_types.py
    has the same for every file format)."""
    doc = {"items": example_doc["items"], "applications": [dict(a) for a in example_doc["applications"][:3]]}
    doc["applications"][1]["received_at"] = 1700000000
    r = client.post("/v1/audit?standard=gdzw-0020-2019", json=doc, headers=bearer("reader"))
    assert r.status_code == 200, r.text
    [rejected] = r.json()["rejected"]
    assert (rejected["record_id"], rejected["field"], rejected["line"]) == (
        doc["applications"][1]["id"],
        "received_at",
        2,
    )
    assert "ISO 8601" in rejected["reason"]


def _raw(base: str, request: bytes) -> tuple[bytes, dict[bytes, bytes], bytes]:
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(request)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status, *lines = head.split(b"\r\n")
    headers = {k.strip().lower(): v.strip() for k, v in (line.split(b":", 1) for line in lines)}
    return status, headers, body


@pytest.mark.parametrize(
    "head",
    [
        b"POST /v1/deadlines HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n",
        b"POST /v1/deadlines HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n",
        b"POST /v1/deadlines HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n",
        b"GET /health HTTP/1.1\r\nHost: x\r\nBad Header\r\n",
        b"GET /health\x00 HTTP/1.1\r\nHost: x\r\n",
    ],
)
def test_a_request_uvicorn_cannot_parse_is_answered_with_a_problem_not_plain_text(
    live_server: str, head: bytes
) -> None:
    """h11 refuses these while reading the head, before the application sees them: uvicorn answered
    'Invalid HTTP request received.' as text/plain. ``govhall serve`` runs uvicorn with a protocol
    that answers problem+json."""
    import json

    status, headers, body = _raw(live_server, head + b"Connection: close\r\n\r\n")
    assert status.startswith(b"HTTP/1.1 400"), (status, body)
    assert headers[b"content-type"] == b"application/problem+json", headers
    doc = json.loads(body)
    assert doc["status"] == 400 and doc["type"].endswith("/bad-request") and "malformed" in doc["detail"]
    # and the server still serves the next request
    status, _, _ = _raw(live_server, b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert status.startswith(b"HTTP/1.1 200")


@pytest.mark.parametrize(
    ("method", "url", "body", "where"),
    [
        ("POST", "/v1/deadlines", {"start": 20250101, "limit": "1天"}, "body.start"),
        ("POST", "/v1/deadlines", {"start": "20250101", "limit": "1天"}, "body.start"),
        ("POST", "/v1/deadlines", {"start": "2025-01-01", "limit": "1天", "pauses": [{"from": 0, "to": "2025-01-02"}]},
         "body.pauses.0.from"),
        ("GET", "/v1/calendar/add?start=86400&days=1", None, "query.start"),
        ("GET", "/v1/calendar/count?start=2025-01-01&end=1767225600", None, "query.end"),
        ("GET", "/v1/calendar/86400", None, "path.day"),
        ("POST", "/v1/audit?as_of=1767225600", {"items": []}, "query.as_of"),
    ],
)  # fmt: skip
def test_a_number_for_a_date_in_a_request_is_a_422_not_a_day_of_1970(
    client: TestClient, method: str, url: str, body: Any, where: str
) -> None:
    """``"start": 20250101`` was the day 1970-08-23 (a Unix time) and ``?as_of=1767225600`` silently
    the day 2026-01-01: a date is ISO 8601 text (DESIGN), in a request as in a dataset."""
    r = client.request(method, url, json=body, headers=bearer("auditor"))
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    detail = r.json()["detail"]
    assert detail.startswith(where) and "ISO 8601" in detail, detail


def test_iso_dates_and_date_times_in_requests_still_read(client: TestClient) -> None:
    h = bearer("reader")
    r = client.post("/v1/deadlines", json={"start": "2025-01-01T00:00", "limit": "24小时"}, headers=h)
    assert r.status_code == 200 and r.json()["due_at"] == "2025-01-02T00:00:00+08:00", r.text
    r = client.get("/v1/calendar/add?start=2025-01-01&days=1", headers=h)
    assert r.status_code == 200 and r.json()["result"] == "2025-01-02", r.text
