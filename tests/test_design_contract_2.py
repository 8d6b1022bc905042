"""DESIGN.md's contract, second pass: promises no other test held, and the mismatches found.

The expected names, keys and codes are copied from DESIGN.md ("Command line", "Core concepts", "Time",
"Input data", "HTTP service"); values are worked by hand in the comments, never read back from govhall.
test_design_contract.py holds the first pass; nothing here repeats it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import govhall
from govhall.cli import app

runner = CliRunner()

try:
    import fastapi  # noqa: F401  (the serve extra is part of the test extra)

    _FASTAPI = True
except ImportError:  # pragma: no cover
    _FASTAPI = False


def _client() -> Any:
    pytest.importorskip("fastapi", reason="the serve extra is part of the test extra")
    from fastapi.testclient import TestClient

    from govhall.serve import create_app

    return TestClient(create_app())


_ITEM = {"code": "I1", "name": "食品经营许可", "type": "行政许可", "department": "D1"}


# -- exit 2: "bad usage … (message on stderr, no traceback)" ---------------------------------------------


@pytest.mark.parametrize(
    ("argv", "commands"),
    [([], {"audit", "check", "calendar", "deadline", "screen"}), (["calendar"], {"workday", "add", "count"}),
     (["standards"], {"list", "show", "coverage", "export"}), (["live"], {"replay"})],
)  # fmt: skip
def test_a_bare_command_group_exits_2_with_one_line_on_stderr(argv: list[str], commands: set[str]) -> None:
    """``govhall`` or ``govhall calendar`` with no command printed the help on stdout and exited 2 with
    nothing on stderr: a failure without its reason for a script that logs stderr."""
    result = runner.invoke(app, argv)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("govhall: error: missing command")
    named = set(re.findall(r"[a-z]+", result.stderr.split("give one of", 1)[1].split("(", 1)[0]))
    assert commands <= named, result.stderr
    assert "Usage:" in result.stdout  # the help is still there for a person


@pytest.mark.parametrize(
    "argv",
    [["calendar", "add", "2025-09-26", "-1"], ["calendar", "add", "2025-09-26", "x"],
     ["calendar", "count", "2025-09-30"], ["deadline", "2025-09-26", "二十天左右"],
     ["deadline", "2025-09-26", "3天", "--pause", "2025-10-09:"], ["schema", "Nope"],
     ["standards", "show", "no-such-standard"], ["standards", "export", "gdzw-0020-2019"],
     ["checklist", "--standard", "gdzw-0020-2019", "--format", "pdf"], ["audit", "--example", "--format", "pdf"],
     ["audit", "--example", "--fail-on", "sometimes"], ["audit", "--example", "--jobs", "0"],
     ["audit", "--example", "--engine", "spark"], ["audit", "--example", "--as-of", "2025-02-30"],
     ["audit", "--example", "--interpret", "yousu-jiban.day-unit=weeks"], ["audit"]],
)  # fmt: skip
def test_bad_usage_is_exit_2_one_line_on_stderr_and_nothing_on_stdout(argv: list[str]) -> None:
    result = runner.invoke(app, [*argv, "--json"] if argv[0] in ("calendar", "deadline") else argv)
    assert result.exit_code == 2, (result.exit_code, result.stdout[:200])
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("govhall: error: "), result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


# -- govhall serve: what it prints at start ------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "shown"), [("::1", "http://[::1]:8123"), ("127.0.0.1", "http://127.0.0.1:8123")]
)
def test_serve_names_its_address_as_a_url_one_can_open(
    host: str, shown: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The start line said ``http://::1:8123`` for an IPv6 loopback, which no browser or curl opens
    (RFC 3986 3.2.2 brackets an IPv6 literal). Nothing listens here: the bind and uvicorn are stubbed."""
    pytest.importorskip("uvicorn")
    monkeypatch.setattr("govhall.cli.serve_cmd._check_listen", lambda _host, port: port)
    monkeypatch.setattr("uvicorn.run", lambda *_a, **_k: None)
    result = runner.invoke(app, ["serve", "--host", host, "--port", "8123", "--tick", "0"])
    assert result.exit_code == 0, result.stderr
    assert f"govhall serve: {shown} (" in result.stderr, result.stderr


# -- HTTP: content negotiation of the report formats -------------------------------------------------------

# DESIGN "HTTP service" exposes "the same models" as the command line, whose reports are
# text|json|md|html|sarif|junit; RFC 9110 12.5.1 lets the Accept header choose among them
_BY_ACCEPT = [
    ("application/sarif+json", "application/sarif+json"),
    ("application/xml", "application/xml"),
    ("text/xml", "application/xml"),
    ("text/markdown", "text/markdown"),
    ("text/html", "text/html"),
    ("text/plain", "text/plain"),
    ("text/*", "text/plain"),
    ("text/plain;q=0.5, text/markdown;q=0.7", "text/markdown"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),  # a browser's
    ("application/json, text/plain, */*", "application/json"),  # axios's default: a tie, the Report
    ("*/*", "application/json"),
    ("application/pdf", "application/json"),  # none of them: the header is disregarded
    ("application/json;q=0, application/sarif+json;q=0.2", "application/sarif+json"),
]


@pytest.mark.parametrize("route", ["/v1/audit", "/v1/catalogue/check"])
@pytest.mark.parametrize(("accept", "media"), _BY_ACCEPT)
def test_without_format_the_accept_header_chooses_the_reports_rendering(
    route: str, accept: str, media: str
) -> None:
    """It was the Report in JSON whatever ``Accept`` said: a platform asking for SARIF got JSON labelled
    ``application/json`` and stored it as SARIF."""
    client = _client()
    r = client.post(
        route, params={"as_of": "2025-11-30"}, json={"items": [_ITEM]}, headers={"accept": accept}
    )
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media
    assert r.headers["vary"] == "Accept"
    if media == "application/sarif+json":
        assert r.json()["version"] == "2.1.0"
    if media == "application/json":
        assert {"summary", "findings", "rejected", "interpretations"} <= set(r.json())


def test_a_format_in_the_query_wins_over_accept_and_needs_no_vary() -> None:
    client = _client()
    r = client.post(
        "/v1/audit",
        params={"as_of": "2025-11-30", "format": "junit"},
        json={"items": [_ITEM]},
        headers={"accept": "text/html"},
    )
    assert r.status_code == 200 and r.headers["content-type"] == "application/xml"
    assert r.text.lstrip().startswith("<?xml") and "vary" not in r.headers


def test_an_error_is_problem_json_whatever_report_format_accept_asks_for() -> None:
    """DESIGN: "errors are RFC 9457 problem+json" — a negotiated report format does not change that."""
    r = _client().post("/v1/audit", json={"items": []}, headers={"accept": "text/html"})
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")
    problem = r.json()
    assert problem["status"] == 422 and problem["type"] == "/problems/bad-dataset" and problem["title"]


# -- HTTP: "with no tokens file it binds to loopback, serves reads only and refuses writes (401)" ---------


def test_without_a_tokens_file_reads_are_served_and_the_write_is_401_problem_json() -> None:
    client = _client()
    assert client.get("/health").json()["read_only"] is True
    assert client.get("/v1/calendar/2025-10-11").status_code == 200  # a read, no token
    r = client.post(
        "/v1/live/events", json={"application_id": "A1", "kind": "received", "at": "2025-11-03T09:00"}
    )
    assert r.status_code == 401 and r.headers["content-type"].startswith("application/problem+json")
    assert r.headers["www-authenticate"].startswith("Bearer")
    problem = r.json()
    assert (problem["type"], problem["status"]) == ("/problems/unauthorized", 401)
    assert problem["title"] and problem["detail"]


def test_a_tokens_file_gives_each_scope_its_routes(tmp_path: Path) -> None:
    """DESIGN: bearer tokens with scopes ``read``, ``write``, ``personal-data``, stored as hashes."""
    pytest.importorskip("fastapi")
    import hashlib

    from fastapi.testclient import TestClient

    from govhall.serve import create_app
    from govhall.serve.settings import Settings

    tokens = {"reader": "r" * 40, "writer": "w" * 40}
    lines = [f"reader read sha256:{hashlib.sha256(tokens['reader'].encode()).hexdigest()}",
             f"writer read,write sha256:{hashlib.sha256(tokens['writer'].encode()).hexdigest()}"]  # fmt: skip
    path = tmp_path / "tokens.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert tokens["reader"] not in path.read_text(encoding="utf-8")  # the file holds hashes only
    client = TestClient(create_app(Settings(tokens_file=path)))
    event = {"application_id": "A1", "kind": "received", "at": "2025-11-03T09:00"}

    def bearer(name: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {tokens[name]}"}

    assert client.get("/v1/standards").status_code == 401  # no token, with a tokens file
    assert client.get("/v1/standards", headers=bearer("reader")).status_code == 200
    r = client.post("/v1/live/events", json=event, headers=bearer("reader"))
    assert r.status_code == 403 and r.json()["type"] == "/problems/forbidden" and r.json()["scope"] == "write"
    assert client.post("/v1/live/events", json=event, headers=bearer("writer")).status_code == 200
    wrong = client.get("/v1/standards", headers={"Authorization": "Bearer " + "x" * 40})
    assert wrong.status_code == 401 and wrong.json()["status"] == 401


# -- CLI ⇄ HTTP: "the same models" -------------------------------------------------------------------------


def test_the_service_answers_what_the_command_lines_json_says() -> None:
    client = _client()
    pairs = [
        (["calendar", "workday", "2025-10-11"], client.get("/v1/calendar/2025-10-11")),
        (["calendar", "add", "2025-09-26", "20"], client.get("/v1/calendar/add", params={"start": "2025-09-26", "days": 20})),
        (["calendar", "count", "2025-09-30", "2025-10-13"],
         client.get("/v1/calendar/count", params={"start": "2025-09-30", "end": "2025-10-13"})),
        (["deadline", "2025-09-26", "20个工作日", "--pause", "2025-10-09:2025-10-10", "--extend", "10个工作日"],
         client.post("/v1/deadlines", json={"start": "2025-09-26", "limit": "20个工作日",
                                             "pauses": [{"from": "2025-10-09", "to": "2025-10-10"}],
                                             "extensions": ["10个工作日"]})),
    ]  # fmt: skip
    for argv, answer in pairs:
        result = runner.invoke(app, [*argv, "--json"])
        assert result.exit_code == 0 and answer.status_code == 200
        assert json.loads(result.stdout) == answer.json(), argv
    # by hand: 20 working days from Fri 26 Sep 2025 (Sun 28 Sep and Sat 11 Oct worked, 1–8 Oct off) end
    # Thu 30 Oct; the pause 9–10 Oct holds 2 working days (→ Mon 3 Nov), 10 more end Mon 17 Nov
    assert pairs[1][1].json()["result"] == "2025-10-30"
    assert (pairs[3][1].json()["due"], pairs[3][1].json()["paused_working_days"]) == ("2025-11-17", 2)


# -- Core concepts: ids and severities ----------------------------------------------------------------------

_SEVERITY_OF = {"应": "error", "必须": "error", "不得": "error", "宜": "warning", "可": "info"}


def test_every_rule_id_is_its_standard_slash_a_slug_and_cites_its_inventory() -> None:
    """DESIGN: a rule's id is ``<standard id>/<slug>``; its ClauseRefs are ``<standard id>:<clause>`` whose
    clause is in the clause inventory (the law's counting clauses aside, which have no inventory)."""
    known = {str(c.ref) for s in govhall.standards() for c in s.clauses}
    for standard in govhall.standards():
        for rule in standard.rules:
            prefix, slash, slug = rule.id.partition("/")
            assert slash and prefix == standard.id and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), rule.id
            for ref in rule.clauses:
                assert re.fullmatch(r"[a-z0-9-]+:\S+", str(ref)), (rule.id, ref)
                if ref.standard not in ("civil-code", "state-council-holidays"):
                    assert str(ref) in known, (rule.id, str(ref))


def test_a_rule_on_one_modal_word_has_the_severity_design_gives_that_word() -> None:
    """DESIGN: ``error`` for 应/必须/不得, ``warning`` for 宜, ``info`` for 可. Checked where every clause
    a rule cites has one of those five words; the stage rules (黄牌 a warning before the due date) and an
    overdue inspection reminder are DESIGN's and the inventory's named exceptions."""
    modal = {str(c.ref): c.modality for s in govhall.standards() for c in s.clauses}
    checked = 0
    for standard in govhall.standards():
        for rule in standard.rules:
            words = {modal.get(str(ref)) for ref in rule.clauses}
            if len(words) != 1 or not words <= set(_SEVERITY_OF):
                continue
            if rule.id.endswith(("-yellow-card", "/inspection-due")):
                assert rule.severity == "warning", rule.id
                continue
            assert rule.severity == _SEVERITY_OF[words.pop()], (rule.id, rule.severity)
            checked += 1
    assert checked > 100  # the check saw the rules, not an empty registry


def test_a_reports_findings_carry_designs_finding_keys_and_severities() -> None:
    """DESIGN "Finding": rule id, clause refs, severity, subject {kind, id}, a one-line Chinese message with
    the English title beside it, evidence, and the sanction where the standard names one."""
    report = json.loads(runner.invoke(app, ["audit", "--example", "--json"]).stdout)
    assert set(report["summary"]["findings"]) == {"error", "warning", "info"}
    for finding in report["findings"]:
        assert {
            "rule_id",
            "clauses",
            "severity",
            "subject",
            "message",
            "title",
            "evidence",
            "sanction",
        } <= set(finding)
        assert finding["severity"] in ("error", "warning", "info")
        assert set(finding["subject"]) >= {"kind", "id"}
        assert "\n" not in finding["message"] and re.search("[\u4e00-\u9fff]", finding["message"])
        assert finding["clauses"] and all(re.fullmatch(r"[a-z0-9-]+:\S+", c) for c in finding["clauses"])
    # gdzw-0020-2019:5.1.4 names 谈话教育 / 通报批评 / 岗位调整 for a breach of 首问 (5.1.3 a–d): each such
    # finding carries one of them (the ladder, gdzw-0020-2019.sanction-ladder, picks which) and the clause
    first_asked = [f for f in report["findings"] if f["rule_id"] == "gdzw-0020-2019/first-inquiry-routing"]
    assert first_asked
    for f in first_asked:
        assert f["sanction"] and "gdzw-0020-2019:5.1.4" in f["sanction"], f
        assert sum(w in f["sanction"] for w in ("谈话教育", "通报批评", "岗位调整")) == 1, f["sanction"]


# -- Command line: screen's codes and tiers ------------------------------------------------------------------

# DESIGN "Not-accepted codes for screen (yousu-jiban 不予受理事项, in order)", with the fact that records each
_REFUSALS = [
    ("litigation", "other_procedure", "不予受理.1"), ("in_petition", "in_petition", "不予受理.2"),
    ("state_secret", "secret_privacy_morals", "不予受理.3"), ("emergency", "emergency_hotline", "不予受理.4"),
    ("malicious", "malicious_or_unclear", "不予受理.5"), ("unlawful_demand", "unlawful_demand", "不予受理.6"),
    ("other_excluded", "other_excluded", "不予受理.7"),
]  # fmt: skip


@pytest.mark.parametrize(("fact", "code", "clause"), _REFUSALS)
def test_each_of_the_seven_refusals_has_designs_code_and_its_list_position(
    fact: str, code: str, clause: str
) -> None:
    from govhall.models import ComplaintFacts

    assert fact in ComplaintFacts.model_fields
    value: object = "110" if fact == "emergency" else True  # the emergency fact names the hotline
    complaint = {"id": "C-1", "channel": "letter", "received_at": "2025-09-30T10:00", "content": "诉求",
                 "facts": {fact: value}}  # fmt: skip
    result = runner.invoke(app, ["screen", "-", "--json"], input=json.dumps(complaint, ensure_ascii=False))
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert (doc["accepted"], doc["category"], doc["referral"], doc["tier"]) == (False, code, None, None)
    assert f"yousu-jiban:{clause}" in doc["clauses"]


def test_out_of_jurisdiction_is_accepted_with_a_referral_not_refused() -> None:
    complaint = {"id": "C-3", "channel": "onsite", "received_at": "2025-09-30T10:00", "content": "外地事项",
                 "facts": {"out_of_jurisdiction": True}}  # fmt: skip
    doc = govhall.screen_complaint(complaint)
    assert doc.accepted is True and doc.category is None and doc.referral


@pytest.mark.parametrize(
    ("facts", "tier", "due"),
    # by hand, received on site Tue 30 Sep 2025 (1–8 Oct off, Sat 11 Oct worked), 处置流程.办理.1: simple
    # 当天 → 30 Sep; general 3天 → 3 Oct, a holiday, moves to Thu 9 Oct (civil-code:203); multi_department
    # 7天 → 7 Oct → 9 Oct; major 1个月 → Thu 30 Oct, a working day
    [({"simple": True}, "simple", "2025-09-30"), ({}, "general", "2025-10-09"),
     ({"departments": ["市场监管局", "卫健委"]}, "multi_department", "2025-10-09"),
     ({"major": True}, "major", "2025-10-30")],
)  # fmt: skip
def test_each_tier_has_designs_name_and_its_due_date(facts: dict[str, Any], tier: str, due: str) -> None:
    """The tier is the screening's, from the facts (the record's own ``tier`` is what the audit judges)."""
    complaint = {"id": "C-2", "channel": "onsite", "received_at": "2025-09-30T10:00", "content": "办事不顺",
                 "facts": {"staff_conduct": True, **facts}}  # fmt: skip
    result = runner.invoke(app, ["screen", "-", "--json"], input=json.dumps(complaint, ensure_ascii=False))
    doc = json.loads(result.stdout)
    assert (doc["accepted"], doc["tier"], doc["due"]) == (True, tier, due), doc


# -- Input data: "records == audited + rejected always", in every table form --------------------------------


def test_records_is_audited_plus_rejected_over_gb18030_csv_jsonl_and_parquet(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    import pyarrow as pa
    import pyarrow.parquet as pq

    hall = tmp_path / "hall"
    hall.mkdir()
    (hall / "items.csv").write_bytes(
        "code,name,type,department\nI1,食品经营许可,行政许可,市场监管局\n".encode("gb18030")
    )
    apps = [{"id": "A1", "item_code": "I1", "received_at": "2025-11-03T09:00"},
            {"id": "A2", "item_code": "I1", "received_at": "十一月三日"}]  # fmt: skip
    (hall / "applications.jsonl").write_bytes(
        "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in apps).encode("gb18030")
    )
    pq.write_table(pa.table({"id": ["S1"], "name": ["张三"]}), hall / "staff.parquet")  # no role: rejected
    result = runner.invoke(app, ["audit", str(hall), "--as-of", "2025-11-30", "--json"])
    assert result.exit_code in (0, 1), result.stderr
    doc = json.loads(result.stdout)
    summary = doc["summary"]
    assert (summary["records"], summary["audited"], summary["rejected"]) == (4, 2, 2)
    where = {(r["table"], r["line"]) for r in doc["rejected"]}
    assert where == {("applications", 2), ("staff", 1)}
    assert all(r["reason"] for r in doc["rejected"])


# -- audit/check --format: "--format text|json|md|html|sarif|junit, --output FILE" ---------------------------


@pytest.mark.parametrize(
    ("name", "starts"),
    [("govhall.sarif", '"$schema": "https://docs.oasis-open.org/sarif'), ("results.sarif.json", '"$schema"'),
     ("report.json", '"rule_errors"'), ("report.html", "<!DOCTYPE html>"), ("report.md", "# govhall"),
     ("junit.xml", "<?xml"), ("report.txt", "govhall check of"), ("report.out", "govhall check of")],
)  # fmt: skip
def test_without_format_the_output_files_extension_names_it(tmp_path: Path, name: str, starts: str) -> None:
    """``--output govhall.sarif`` without ``--format`` wrote the text report into the file, which a
    code-scanning upload then refused; an extension naming no format (``.out``) is still text."""
    catalog = tmp_path / "items.json"
    catalog.write_text(json.dumps([_ITEM], ensure_ascii=False), encoding="utf-8")
    out = tmp_path / name
    result = runner.invoke(app, ["check", str(catalog), "--as-of", "2025-11-30", "--output", str(out)])
    assert result.exit_code in (0, 1), result.stderr
    text = out.read_text(encoding="utf-8")
    assert starts in text[:200], text[:200]
    if name.endswith(("sarif", ".json")):
        json.loads(text)


def test_an_explicit_format_or_json_wins_over_the_extension(tmp_path: Path) -> None:
    catalog = tmp_path / "items.json"
    catalog.write_text(json.dumps([_ITEM], ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "report.json"
    runner.invoke(app, ["check", str(catalog), "--as-of", "2025-11-30", "-f", "text", "-o", str(out)])
    assert out.read_text(encoding="utf-8").startswith("govhall check of")
    sarif = tmp_path / "r.sarif"
    runner.invoke(app, ["check", str(catalog), "--as-of", "2025-11-30", "--json", "-o", str(sarif)])
    assert "rule_errors" in json.loads(sarif.read_text(encoding="utf-8"))  # the Report, as --json says
    result = runner.invoke(app, ["check", str(catalog), "--as-of", "2025-11-30"])
    assert result.stdout.startswith("govhall check of")  # no --output: text on stdout, as before


# -- standards coverage: "coverage per standard" as a person reads it in a file or a CI log -----------------


def test_the_coverage_table_written_to_a_pipe_keeps_each_figure_whole() -> None:
    """Piped (a CI log, ``> coverage.txt``) the table was 80 columns wide and folded its figures mid-number:
    dongguan-hall-2023's 155 clauses read "15" over "5"; each standard's row is now on one line, and its
    figures are the JSON's."""
    doc = json.loads(runner.invoke(app, ["standards", "coverage", "--json"]).stdout)["coverage"]
    result = runner.invoke(app, ["standards", "coverage"], env={"COLUMNS": ""})
    assert result.exit_code == 0
    for standard, row in doc.items():
        (line,) = [ln for ln in result.stdout.splitlines() if f" {standard} " in ln]
        cells = [c.strip() for c in line.strip("│ ").split("│")]
        assert cells[:6] == [
            standard,
            *(str(row[k]) for k in ("clauses", "rule", "parameter", "not_automatable", "todo")),
        ]


@pytest.mark.parametrize("route", ["/v1/audit", "/v1/catalogue/check", "/v1/complaints/screen"])
def test_an_interpret_query_without_a_value_is_named_as_the_querys_not_the_command_lines(route: str) -> None:
    """The problem said "--interpret takes NAME=VALUE", an option the HTTP caller never used."""
    body: Any = {"items": [_ITEM], "as_of": "2025-11-30"}
    if route.endswith("screen"):
        body = {
            "id": "C-1",
            "channel": "letter",
            "received_at": "2025-09-30T10:00",
            "facts": {"litigation": True},
        }
    r = _client().post(route, params={"interpret": "yousu-jiban.day-unit"}, json=body)
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")
    problem = r.json()
    assert problem["type"] == "/problems/bad-input" and problem["field"] == "query.interpret"
    assert problem["detail"] == "query.interpret: takes NAME=VALUE, not 'yousu-jiban.day-unit'"
    assert "--interpret" not in json.dumps(problem)
