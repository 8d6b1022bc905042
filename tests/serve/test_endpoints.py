"""The /v1 endpoints through FastAPI's TestClient: the same documents as ``govhall … --json``, facts
checked by hand against the State Council notice and the standards, every error a problem."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from typing import Any

import pytest
from typer.testing import CliRunner

from govhall.cli import app as cli_app
from govhall.errors import GovhallError
from govhall.serve.problems import all_error_classes

from .conftest import bearer, make_client

runner = CliRunner()


def cli_json(*args: str) -> Any:
    result = runner.invoke(cli_app, [*args, "--json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def get(client: Any, url: str, who: str = "reader") -> Any:
    r = client.get(url, headers=bearer(who))
    assert r.status_code == 200, r.text
    return r.json()


def assert_problem(r: Any, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["type"] == f"/problems/{code}" and body["status"] == status
    assert body["title"] and body["detail"]
    assert "Traceback" not in r.text and 'File "' not in r.text
    return body


# -- service endpoints -------------------------------------------------------------------------------


def test_health_openapi_and_docs_need_no_token(client: Any) -> None:
    assert client.get("/health").json()["status"] == "ok"
    spec = client.get("/openapi.json").json()
    for path in ("/v1/complaints/screen", "/v1/deadlines", "/v1/calendar/{day}", "/v1/calendar/add",
                 "/v1/calendar/count", "/v1/catalogue/check", "/v1/audit", "/v1/standards",
                 "/v1/standards/{standard_id}", "/v1/standards/{standard_id}/clauses/{clause}",
                 "/v1/live/events", "/v1/live/cards", "/v1/live/findings"):  # fmt: skip
        assert path in spec["paths"], path
    assert "HTTPBearer" in spec["components"]["securitySchemes"]
    assert "text/html" in client.get("/docs").headers["content-type"]


# -- calendar and deadlines: the CLI's documents, facts from the 2025 notice ---------------------------


def test_calendar_day_is_the_cli_document(client: Any) -> None:
    # 2025-10-11 is a Saturday worked in exchange for the National Day block (国办发明电〔2024〕12号)
    doc = get(client, "/v1/calendar/2025-10-11")
    assert doc["working_day"] is True and doc["reason"] == "makeup_workday"
    assert doc == cli_json("calendar", "workday", "2025-10-11")
    # 2025-10-08 (Wednesday) is inside the holiday
    assert get(client, "/v1/calendar/2025-10-08")["working_day"] is False


def test_calendar_add_and_count(client: Any) -> None:
    # 20 working days after Fri 2025-09-26, skipping 10-01..10-08 and counting Sat 10-11: Thu 10-30
    doc = get(client, "/v1/calendar/add?start=2025-09-26&days=20")
    assert doc["result"] == "2025-10-30" and doc == cli_json("calendar", "add", "2025-09-26", "20")
    # (09-30, 10-13]: 10-09, 10-10, 10-11 (make-up Saturday), 10-13 -> 4
    doc = get(client, "/v1/calendar/count?start=2025-09-30&end=2025-10-13")
    assert doc["working_days"] == 4 and doc == cli_json("calendar", "count", "2025-09-30", "2025-10-13")


def test_calendar_bad_dates_are_problems(client: Any) -> None:
    # a date outside the calendar is its own problem type since govhall.errors is wired (#14)
    assert_problem(client.get("/v1/calendar/1999-01-01", headers=bearer("reader")), 422, "date-out-of-range")
    # a day that does not exist is bad-date, as docs/ci.md names it and the library raises it (it was
    # bad-input here while a padded time was bad-date from /v1/complaints/screen)
    body = assert_problem(client.get("/v1/calendar/2025-02-30", headers=bearer("reader")), 422, "bad-date")
    assert body["errors"][0]["loc"] == ["path", "day"]
    assert_problem(client.get("/v1/calendar/add?start=2025-09-26&days=-1", headers=bearer("reader")), 422,
                   "bad-input")  # fmt: skip


def test_deadline_is_the_cli_document(client: Any) -> None:
    body = {"start": "2025-09-26", "limit": "20个工作日", "pauses": [{"from": "2025-10-09", "to": "2025-10-10"}],
            "extensions": ["10个工作日"]}  # fmt: skip
    r = client.post("/v1/deadlines", json=body, headers=bearer("reader"))
    assert r.status_code == 200, r.text
    doc = r.json()
    # 20 working days end 10-30; the two paused working days push it to 11-03; 10 more end 11-17
    assert doc["due"] == "2025-11-17" and doc["paused_working_days"] == 2
    assert "db23-hlj-2023:7.4.2" in doc["basis"]
    assert doc == cli_json("deadline", "2025-09-26", "20个工作日", "--pause", "2025-10-09:2025-10-10",
                           "--extend", "10个工作日")  # fmt: skip


def test_deadline_errors(client: Any) -> None:
    h = bearer("reader")
    body = assert_problem(client.post("/v1/deadlines", json={"start": "2025-09-26", "limit": "二十天左右"}, headers=h),
                          422, "limit-text")  # fmt: skip
    assert "二十天左右" in body["detail"]
    assert_problem(
        client.post("/v1/deadlines", json={"start": "2025-09-26", "limit": "3天",
                    "interpretations": {"yousu-jiban.day-unit": "working_days"}}, headers=h),
        422, "unknown-interpretation",
    )  # fmt: skip
    body = assert_problem(client.post("/v1/deadlines", json={"limit": "3天"}, headers=h), 422, "bad-input")
    assert ["body", "start"] in [e["loc"] for e in body["errors"]]
    assert_problem(client.post("/v1/deadlines", content=b"{not json", headers={**h, "content-type": "application/json"}),
                   422, "bad-input")  # fmt: skip


# -- complaints ------------------------------------------------------------------------------------------


def test_screen_is_the_cli_document(client: Any, tmp_path: Any) -> None:
    complaint = {"id": "C-1", "channel": "letter", "received_at": "2025-09-30T10:00",
                 "content": "已向法院起诉，要求窗口撤销决定", "facts": {"litigation": True}}  # fmt: skip
    r = client.post("/v1/complaints/screen", json=complaint, headers=bearer("reader"))
    assert r.status_code == 200, r.text
    doc = r.json()
    # yousu-jiban 不予受理.1: matters for litigation are not accepted
    assert doc["accepted"] is False and doc["category"] == "other_procedure"
    assert doc["clauses"][0] == "yousu-jiban:不予受理.1"
    path = tmp_path / "c.json"
    path.write_text(json.dumps(complaint, ensure_ascii=False), encoding="utf-8")
    assert doc == cli_json("screen", str(path))


def test_screen_reading_and_bad_complaint(client: Any) -> None:
    c = {"id": "C-2", "channel": "onsite", "received_at": "2025-09-30T10:00", "content": "窗口人员态度冷漠",
         "facts": {"staff_conduct": True}, "tier": "general"}  # fmt: skip
    h = bearer("reader")
    # 3天 from 09-30 ends 10-03 (holiday) and rolls to 10-09; read as working days it is 10-11 (make-up Saturday)
    assert client.post("/v1/complaints/screen", json=c, headers=h).json()["due"] == "2025-10-09"
    url = "/v1/complaints/screen?interpret=yousu-jiban.day-unit=working_days"
    doc = client.post(url, json=c, headers=h).json()
    assert doc["due"] == "2025-10-11"
    # the reading is named as it is (masking never touches names that are not personal data)
    used = {i["name"]: i["value"] for i in doc["interpretations"]}
    assert used["yousu-jiban.day-unit"] == "working_days"
    body = assert_problem(client.post("/v1/complaints/screen", json={**c, "channel": "pigeon"}, headers=h), 422,
                          "bad-input")  # fmt: skip
    assert body["errors"][0]["loc"] == ["body", "channel"]
    assert "pigeon" not in json.dumps(body)  # the offending input is not echoed (it may be personal)


# -- audit and catalogue check ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def audits(example_doc: dict[str, Any]) -> dict[str, Any]:
    small = {k: example_doc[k] for k in ("hall", "items", "staff", "windows", "evaluations", "as_of")}
    with make_client() as c:
        masked = c.post("/v1/audit", json=example_doc, headers=bearer("reader"))
        clear = c.post("/v1/audit", json=example_doc, headers=bearer("auditor"))
        fmt = "/v1/audit?standard=haochaping-2019&format="
        sarif, junit, html = (
            c.post(fmt + f, json=small, headers=bearer("reader")) for f in ("sarif", "junit", "html")
        )
    return {"masked": masked, "clear": clear, "sarif": sarif, "junit": junit, "html": html}


def test_audit_json_is_the_cli_report(
    audits: dict[str, Any], example_doc: dict[str, Any], tmp_path: Any
) -> None:
    r = audits["masked"]
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    report = r.json()
    s = report["summary"]
    assert s["records"] == s["audited"] + s["rejected"] and s["findings"]["error"] > 0
    path = tmp_path / "dataset.json"
    path.write_text(json.dumps(example_doc, ensure_ascii=False), encoding="utf-8")
    cli = cli_json("audit", str(path), "--fail-on", "never")
    for doc in (report, cli):
        doc.pop("source", None)
    assert report == cli


def test_audit_masks_personal_data_unless_scope(audits: dict[str, Any]) -> None:
    # the example hall's 好差评 rater 18632636970 and complainant 蔡波秀 appear in findings' evidence
    masked, clear = audits["masked"].text, audits["clear"].text
    assert "18632636970" not in masked and "蔡波秀" not in masked and "186****6970" in masked
    assert "18632636970" in clear and "蔡波秀" in clear
    assert audits["masked"].json()["personal_data_masked"] is True
    assert audits["clear"].json()["personal_data_masked"] is False


def test_audit_other_formats(audits: dict[str, Any]) -> None:
    sarif = audits["sarif"]
    assert sarif.headers["content-type"].startswith("application/sarif+json")
    doc = sarif.json()
    assert doc["version"] == "2.1.0"
    assert {r["ruleId"].split("/")[0] for r in doc["runs"][0]["results"]} == {"haochaping-2019"}
    assert "18632636970" not in sarif.text
    junit = audits["junit"]
    assert junit.headers["content-type"].startswith("application/xml")
    assert ET.fromstring(junit.content).tag in ("testsuites", "testsuite")
    assert audits["html"].headers["content-type"].startswith("text/html")
    assert "<html" in audits["html"].text.lower()


def test_audit_reports_bad_records_and_bad_input(client: Any, example_doc: dict[str, Any]) -> None:
    h = bearer("reader")
    doc = {
        "items": example_doc["items"][:3],
        "applications": [{"id": "A-X", "item_code": "nope"}],
        "as_of": "2025-10-31",
    }
    r = client.post("/v1/audit?standard=gdzw-0020-2019", json=doc, headers=h)
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["summary"]["rejected"] == 1 and report["rejected"][0]["table"] == "applications"
    assert report["summary"]["records"] == 4
    assert_problem(client.post("/v1/audit?format=pdf", json=doc, headers=h), 422, "bad-input")
    assert_problem(
        client.post("/v1/audit?interpret=nonsense=1", json=doc, headers=h), 422, "unknown-interpretation"
    )
    assert_problem(client.post("/v1/audit", json=[1, 2], headers=h), 422, "bad-input")
    assert_problem(client.post("/v1/audit", json={"as_of": "yesterday"}, headers=h), 422, "bad-date")


def test_catalogue_check(client: Any, example_doc: dict[str, Any]) -> None:
    items = [dict(i) for i in example_doc["items"][:5]]
    licensing = next(i for i in items if i["type"] == "administrative_licensing") if any(
        i["type"] == "administrative_licensing" for i in items) else None  # fmt: skip
    h = bearer("reader")
    clean = client.post("/v1/catalogue/check", json={"items": items, "as_of": "2025-10-31"}, headers=h).json()
    assert clean["kind"] == "check" and clean["summary"]["audited"] == 5
    assert all(f["subject"]["kind"] == "item" for f in clean["findings"])
    # an item whose legal basis is gone must be reported (the catalogue lists the basis of every item)
    broken = [{**items[0], "legal_basis": []}, *items[1:]]
    r = client.post("/v1/catalogue/check", json=broken, headers=h)
    assert r.status_code == 200
    ids = {f["subject"]["id"] for f in r.json()["findings"]} - {f["subject"]["id"] for f in clean["findings"]}
    assert items[0]["code"] in ids
    del licensing


# -- standards -------------------------------------------------------------------------------------------


def test_standards(client: Any) -> None:
    assert get(client, "/v1/standards") == cli_json("standards", "list")
    show = get(client, "/v1/standards/gdzw-0020-2019")
    assert show == cli_json("standards", "show", "gdzw-0020-2019")
    clause = get(client, "/v1/standards/gdzw-0020-2019/clauses/5.3.2")
    assert "一次性告知" in clause["text"] and clause["ref"] == "gdzw-0020-2019:5.3.2"
    assert assert_problem(client.get("/v1/standards/nope", headers=bearer("reader")), 404, "unknown-standard")
    assert_problem(client.get("/v1/standards/gdzw-0020-2019/clauses/99.9", headers=bearer("reader")), 404,
                   "unknown-clause")  # fmt: skip


# -- live supervision ------------------------------------------------------------------------------------


def _licensing_case(example_doc: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], datetime]:
    """An approved licensing application from the example, cut off right after its decision."""
    items = {i["code"]: i for i in example_doc["items"]}
    for app in example_doc["applications"]:
        item = items[app["item_code"]]
        if item["type"] != "administrative_licensing":
            continue
        decided = [
            e
            for e in app["events"]
            if e["kind"] == "decided" and e.get("outcome") in ("approved", "准予许可")
        ]
        if not decided or decided[0].get("delivery") is not None:
            continue
        cut = decided[0]["at"]
        events = [e for e in app["events"] if e["at"] <= cut]
        return item, {**app, "events": events}, datetime.fromisoformat(cut)
    raise AssertionError("the example hall has no approved licensing application")


def test_live_events_cards_and_findings(clock: Any, example_doc: dict[str, Any]) -> None:
    item, app, decided_at = _licensing_case(example_doc)
    clock.set(decided_at)
    with make_client(True, clock) as c:
        w = bearer("writer")
        r = c.post(
            "/v1/live/events", json=[{"table": "items", **item}, {"table": "applications", **app}], headers=w
        )
        assert r.status_code == 200, r.text
        assert r.json()["accepted"] == 2 and [p["subject"]["id"] for p in r.json()["posted"]] == [
            item["code"],
            app["id"],
        ]
        # unknown things are recorded, not refused
        r = c.post("/v1/live/events", json={"table": "weather", "text": "雨"}, headers=w)
        assert r.json() == {"posted": [{"seq": 3, "type": "weather", "accepted": False, "subject": None,
                                        "reason": "unknown_type", "detail": "no rule handles 'weather'"}],
                          "accepted": 0, "not_accepted": 1}  # fmt: skip
        # admin-licensing-law:44: the licence is due within 10 working days of the decision; a month later it is not issued
        clock.advance(timedelta(days=30))
        c.app.state.live.get().tick()
        cards = c.get("/v1/live/cards?stage=red", headers=bearer("reader")).json()
        mine = [k for k in cards["cards"] if k["rule_id"] == "admin-licensing-law/certificate-within-limit"]
        assert [k["subject"]["id"] for k in mine] == [app["id"]] and mine[0]["card"] == "红牌"
        assert c.get("/v1/live/cards?stage=yellow", headers=bearer("reader")).json()["cards"] == [
            k for k in cards["cards"] if k["stage"] == "yellow"
        ]
        found = c.get("/v1/live/findings", headers=bearer("reader")).json()
        assert any(f["rule_id"] == "admin-licensing-law/certificate-within-limit" for f in found["findings"])
        assert found["last_tick"].startswith(clock().date().isoformat())
        assert_problem(c.get("/v1/live/cards?stage=green", headers=bearer("reader")), 422, "bad-input")


def test_live_state_survives_a_restart(tmp_path: Any, clock: Any) -> None:
    state = tmp_path / "live.json"
    with make_client(True, clock, state=state) as c:
        r = c.post(
            "/v1/live/events",
            json={"table": "staff", "id": "S-9", "name": "王五", "role": "window_clerk"},
            headers=bearer("writer"),
        )
        assert r.json()["accepted"] == 1
    with make_client(True, clock, state=state) as c:
        assert [s.id for s in c.app.state.live.get().subjects("staff")] == ["S-9"]


# -- limits, errors, CORS ----------------------------------------------------------------------------------


def test_body_over_the_limit_is_413(clock: Any) -> None:
    with make_client(True, clock, max_body=2000) as c:
        big = {"items": [{"code": f"I-{i}", "name": "x" * 50} for i in range(100)]}
        body = assert_problem(
            c.post("/v1/audit", json=big, headers=bearer("reader")), 413, "payload-too-large"
        )
        assert body["limit"] == 2000

        def chunks() -> Any:  # no Content-Length: the body arrives chunked
            for _ in range(10):
                yield b" " * 500

        r = c.post(
            "/v1/audit", content=chunks(), headers={**bearer("reader"), "content-type": "application/json"}
        )
        assert_problem(r, 413, "payload-too-large")
        assert (
            c.post(
                "/v1/deadlines", json={"start": "2025-09-26", "limit": "3天"}, headers=bearer("reader")
            ).status_code
            == 200
        )


def test_every_govhall_error_is_a_problem_with_its_code(client: Any) -> None:
    classes = all_error_classes()
    assert len(classes) >= 20

    def boom(code: str) -> None:
        cls = next(c for c in classes if c.code == code)
        raise cls(f"{code} happened", field="x")

    client.app.add_api_route("/test-raise/{code}", boom)
    for cls in classes:
        r = client.get(f"/test-raise/{cls.code}")
        body = assert_problem(r, cls.status, cls.code)
        assert body["title"] == cls.title and body["field"] == "x"
        assert issubclass(cls, GovhallError)
    codes = [c.code for c in classes]
    assert len(codes) == len(set(codes)), "two classes share a code"
    # every type is described by the service itself
    for code in codes:
        assert client.get(f"/problems/{code}").json()["status"] == next(
            c.status for c in classes if c.code == code
        )


def test_unknown_exception_is_a_500_problem_without_trace(client: Any, caplog: Any) -> None:
    def broken() -> None:
        raise RuntimeError("secret 13812345678 in a stack")

    client.app.add_api_route("/test-broken", broken)
    body = assert_problem(client.get("/test-broken"), 500, "internal-error")
    assert "secret" not in json.dumps(body) and "RuntimeError" not in json.dumps(body)
    assert "13812345678" not in caplog.text


def test_not_found_and_method_not_allowed(client: Any) -> None:
    assert_problem(client.get("/v2/whatever"), 404, "not-found")
    assert_problem(client.delete("/v1/standards", headers=bearer("reader")), 405, "method-not-allowed")


def test_cors_is_off_unless_configured(clock: Any) -> None:
    pre = {"Origin": "https://screen.example", "Access-Control-Request-Method": "GET"}
    with make_client(True, clock) as c:
        r = c.options("/v1/standards", headers=pre)
        assert "access-control-allow-origin" not in r.headers
        assert (
            "access-control-allow-origin"
            not in c.get("/health", headers={"Origin": "https://screen.example"}).headers
        )
    with make_client(True, clock, cors_origins=("https://screen.example",)) as c:
        r = c.options("/v1/standards", headers=pre)
        assert r.headers["access-control-allow-origin"] == "https://screen.example"
        r = c.options("/v1/standards", headers={**pre, "Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in r.headers
        assert_problem(r, 400, "bad-request")


def test_live_findings_are_masked_unless_scope(client: Any, monkeypatch: Any) -> None:
    from govhall.rules.core import Finding, Subject

    f = Finding(rule_id="yousu-jiban/x", standard="yousu-jiban", clauses=["yousu-jiban:处置流程.受理.1"],
                severity="error", subject=Subject(kind="complaint", id="C-9"), title="t",
                message="诉求人张三丰（13812345678）未登记地址", stage="red",
                evidence={"name": "张三丰", "phone": "13812345678", "channel": "onsite"})  # fmt: skip
    sup = client.app.state.live.get()
    monkeypatch.setattr(sup, "findings", lambda: [f])
    for url in ("/v1/live/findings", "/v1/live/cards"):
        masked = client.get(url, headers=bearer("reader")).text
        assert "张三丰" not in masked and "13812345678" not in masked and "onsite" in masked
        clear = client.get(url, headers=bearer("auditor")).text
        assert "张三丰" in clear and "13812345678" in clear
