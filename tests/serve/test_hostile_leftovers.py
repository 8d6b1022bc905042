"""Hostile requests left over from the previous round (each test failed before its fix)."""

from __future__ import annotations

import json
from typing import Any

import pytest
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
    assert doc["detail"].startswith("body.start: a number is not a date or time (expected ISO 8601 text"), doc
    assert all(not e["msg"].startswith("Value error") for e in doc["errors"]), doc
    assert doc["errors"][0]["loc"] == ["body", "start"] and doc["errors"][0]["type"] == "value_error"


def test_a_huge_hour_limit_is_a_problem_naming_the_field_and_the_range(client: TestClient) -> None:
    """detail was "… the due date falls outside the dates govhall can count (Python int too large to
    convert to C int)"."""
    body = {"start": "2026-01-05T09:00", "limit": "3个工作日", "extensions": ["99999999999999999999小时"]}
    r = client.post("/v1/deadlines", json=body, headers=bearer("reader"))
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")
    doc = r.json()
    assert doc["type"].endswith("/date-out-of-range") and doc["field"] == "body.extensions.0", doc
    assert doc["detail"].startswith("body.extensions.0: '99999999999999999999小时'"), doc
    assert "2004-01-01 .. 2036-12-31" in doc["detail"] and doc["most"] == 12054 * 24, doc
    assert "int too large" not in doc["detail"], doc


# -- a body in GB18030, as a platform on a GBK system sends it --------------------------------------------

DEADLINE = {"start": "2025-01-05", "limit": "三天", "extensions": ["两个工作日"]}
GB_BODY = json.dumps(DEADLINE, ensure_ascii=False).encode("gb18030")


@pytest.mark.parametrize("charset", ["gb18030", "GB18030", '"gbk"', "gb2312"])
@pytest.mark.parametrize("chunked", [False, True])
def test_a_body_in_its_declared_chinese_charset_is_read(
    client: TestClient, charset: str, chunked: bool
) -> None:
    """It was a 400 "There was an error parsing the body": the declared charset was ignored."""
    r = client.post(
        "/v1/deadlines",
        content=iter([GB_BODY]) if chunked else GB_BODY,
        headers={**bearer("reader"), "content-type": f"application/json; charset={charset}"},
    )
    assert r.status_code == 200, r.text
    doc = r.json()
    # 三天 from Sunday 2025-01-05: Wednesday 01-08 (a working day); then 两个工作日: Thu 09, Fri 10
    assert doc["limit"]["text"] == "三天" and doc["extensions"][0]["text"] == "两个工作日"
    assert doc["due"] == "2025-01-10", doc


def test_an_audit_document_in_gb18030_reports_as_the_same_document_in_utf8(
    client: TestClient, example_doc: dict[str, Any]
) -> None:
    text = json.dumps(example_doc, ensure_ascii=False)
    utf8 = client.post("/v1/audit", content=text.encode("utf-8"),
                       headers={**bearer("auditor"), "content-type": "application/json"})  # fmt: skip
    gb = client.post("/v1/audit", content=text.encode("gb18030"),
                     headers={**bearer("auditor"), "content-type": "application/json;charset=GB18030"})  # fmt: skip
    assert utf8.status_code == gb.status_code == 200, gb.text
    assert gb.json()["findings"] == utf8.json()["findings"] and gb.json()["findings"]
    assert gb.json()["summary"] == utf8.json()["summary"]


def test_a_charset_the_service_does_not_read_is_a_415_problem_naming_it(client: TestClient) -> None:
    r = client.post("/v1/deadlines", content=GB_BODY,
                    headers={**bearer("reader"), "content-type": "application/json; charset=big5"})  # fmt: skip
    assert r.status_code == 415 and r.headers["content-type"].startswith("application/problem+json")
    doc = r.json()
    assert doc["type"].endswith("/unsupported-charset") and doc["charset"] == "big5", doc
    assert "big5" in doc["detail"] and "gb18030" in doc["accepted"] and "utf-8" in doc["accepted"], doc


def test_a_body_that_is_not_in_its_declared_charset_is_a_400_naming_charset_and_offset(
    client: TestClient,
) -> None:
    body = b'{"start": "2025-01-05", "limit": "\x81\x20"}'  # 0x81 0x20: no GB18030 character
    r = client.post("/v1/deadlines", content=body,
                    headers={**bearer("reader"), "content-type": "application/json; charset=gb18030"})  # fmt: skip
    assert r.status_code == 400, r.text
    doc = r.json()
    assert doc["type"].endswith("/bad-request") and doc["charset"] == "gb18030" and doc["offset"] == 34, doc
    assert "0x81" in doc["detail"], doc


@pytest.mark.parametrize("content_type", ["application/json", "application/json; charset=utf-8"])
def test_an_undeclared_gb18030_body_is_a_400_saying_utf8_and_how_to_declare(
    client: TestClient, content_type: str
) -> None:
    """It said only "There was an error parsing the body"."""
    r = client.post(
        "/v1/deadlines", content=GB_BODY, headers={**bearer("reader"), "content-type": content_type}
    )
    assert r.status_code == 400, r.text
    doc = r.json()
    assert "not UTF-8" in doc["detail"] and "charset=gb18030" in doc["detail"], doc
    assert doc["offset"] == GB_BODY.index("三".encode("gb18030")), doc


# -- a lone surrogate ("\udcff" escape): refused naming the field, in words, never a 500 -----------------


def test_a_lone_surrogate_in_a_request_field_is_a_422_in_words(client: TestClient) -> None:
    """detail was pydantic's "Input should be a valid string, unable to parse raw data as a unicode
    string"."""
    body = '{"start": "2025-01-05", "limit": "3\\udcff天"}'
    r = client.post(
        "/v1/deadlines", content=body, headers={**bearer("reader"), "content-type": "application/json"}
    )
    assert r.status_code == 422, r.text
    doc = r.json()
    assert doc["detail"].startswith("body.limit: a lone surrogate is not a character"), doc
    r.content.decode("utf-8")  # strict


def test_an_audit_document_with_a_lone_surrogate_reports_the_record(
    client: TestClient, example_doc: dict[str, Any]
) -> None:
    doc = json.loads(json.dumps(example_doc))
    doc["applications"][1]["applicant"]["name"] += "\udcff"
    r = client.post(
        "/v1/audit",
        content=json.dumps(doc),
        headers={**bearer("auditor"), "content-type": "application/json"},
    )
    assert r.status_code == 200, r.text
    (bad,) = [x for x in r.json()["rejected"] if x["table"] == "applications"]
    assert (bad["line"], bad["field"], bad["record_id"]) == (
        2,
        "applicant.name",
        doc["applications"][1]["id"],
    )
    assert "lone surrogate" in bad["reason"]


def test_a_get_with_an_odd_charset_in_its_content_type_is_still_served(client: TestClient) -> None:
    """A request without a body has nothing to decode: its Content-Type's charset is not refused."""
    r = client.get(
        "/v1/calendar/2025-10-11", headers={**bearer("reader"), "content-type": "text/plain; charset=big5"}
    )
    assert r.status_code == 200 and r.json()["working_day"] is True  # the 调休 Saturday of the 2025 notice


@pytest.mark.parametrize("charset", ["utf-16", "UTF-16LE", "utf-32"])
def test_a_utf16_or_utf32_body_that_says_so_is_still_read(client: TestClient, charset: str) -> None:
    """The body parser read these undeclared (json.loads detects them); declaring them must not be refused."""
    body = json.dumps(DEADLINE, ensure_ascii=False).encode(charset)
    r = client.post("/v1/deadlines", content=body,
                    headers={**bearer("reader"), "content-type": f"application/json; charset={charset}"})  # fmt: skip
    assert r.status_code == 200 and r.json()["due"] == "2025-01-10", r.text
