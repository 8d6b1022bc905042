"""Hostile input, sixth sweep: what the fifth noticed and left. A lone CR inside a JSON lines record
(JSON whitespace) no longer cuts it in two; an audit with nothing to judge (every table empty) is
refused as an empty catalogue is; an empty or unreadable catalogue among several no longer stops the
others. Each hostile form is refused or named (field, record and line); the good form beside it
still reads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from govhall.cli import app
from govhall.loaders import load_dataset
from test_hostile_input import one_line_error

EXAMPLE = Path(__file__).resolve().parents[1] / "src" / "govhall" / "data" / "example"
runner = CliRunner()


def _rows(table: str, n: int) -> list[dict[str, Any]]:
    lines = (EXAMPLE / f"{table}.jsonl").read_text(encoding="utf-8").splitlines()[:n]
    return [json.loads(line) for line in lines]


ITEMS = _rows("items", 3)


# -- 1. a lone CR inside a JSON lines record ---------------------------------------------------------------


def _with_cr(item: dict[str, Any]) -> str:
    """``item`` as one JSON text whose whitespace after its first comma is a CR alone (valid JSON)."""
    return json.dumps(item, ensure_ascii=False).replace(', "', ',\r"', 1)


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])  # the fast reader; the line-by-line one
@pytest.mark.parametrize("end", ["\n", "\r\n"])
def test_a_lone_cr_inside_a_jsonl_record_is_whitespace_not_a_line_end(
    tmp_path: Path, encoding: str, end: str
) -> None:
    """JSON Lines ends a line at LF (CR LF too); a CR alone is JSON whitespace. It cut the record in
    two broken halves ("Expecting property name", "Extra data"), each counted as a record and every
    later line misnumbered by one."""
    broken = '{"code": "BAD", "name": 5}'  # a name must be text: rejected, naming its line
    lines = [_with_cr(ITEMS[0]), json.dumps(ITEMS[1], ensure_ascii=False), broken, _with_cr(ITEMS[2])]
    (tmp_path / "items.jsonl").write_bytes(end.join(lines).encode(encoding) + end.encode())
    ds = load_dataset(tmp_path)
    assert [i.code for i in ds.items] == [ITEMS[0]["code"], ITEMS[1]["code"], ITEMS[2]["code"]]
    [rejected] = ds.rejected
    assert (rejected.line, rejected.record_id, rejected.field) == (3, "BAD", "name"), rejected
    assert ds.records == 4


def test_a_file_whose_lines_end_in_cr_alone_is_still_read_line_by_line(tmp_path: Path) -> None:
    """An old Mac file (every line ends in a CR alone) keeps its lines: its first line end says so."""
    lines = [json.dumps(i, ensure_ascii=False) for i in ITEMS[:2]] + ['{"code": "BAD", "name": 5}']
    (tmp_path / "items.jsonl").write_bytes("\r".join(lines).encode() + b"\r")
    ds = load_dataset(tmp_path)
    assert len(ds.items) == 2 and [r.line for r in ds.rejected] == [3], ds.rejected


# -- 2. an audit with nothing to judge ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "files",
    [
        {"applications.jsonl": ""},
        {"applications.json": "[]"},
        {"items.csv": "code,name\n"},
        {"meta.json": '{"as_of": "2025-11-30"}'},
        {"applications.jsonl": "\n\n", "staff.jsonl": ""},
    ],
    ids=["empty jsonl", "empty array", "header alone", "meta alone", "blank lines"],
)
def test_auditing_a_hall_whose_tables_hold_no_record_is_a_usage_error(
    tmp_path: Path, files: dict[str, str]
) -> None:
    """``govhall audit`` of a hall whose every table is empty said "Records 0 … No findings" and exited 0:
    an export that wrote empty files passed as a clean month. ``check`` refused an empty catalogue
    already; the audit now refuses in the same way, whatever ``--fail-on`` says."""
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    for args in ([], ["--fail-on", "never"], ["-f", "json"]):
        err = one_line_error(runner.invoke(app, ["audit", str(tmp_path), "--as-of", "2025-11-30", *args]))
        assert f"{tmp_path}: the dataset holds no records" in err, err


def test_auditing_an_empty_document_on_stdin_is_a_usage_error() -> None:
    err = one_line_error(
        runner.invoke(app, ["audit", "-", "--as-of", "2025-11-30"], input='{"applications": []}')
    )
    assert "the dataset holds no records" in err, err


@pytest.mark.parametrize(
    ("files", "records"),
    [({"hall.json": '{"id": "H1", "name": "某大厅"}\n'}, 1), ({"items.jsonl": '{"code": 5}\n'}, 1)],
    ids=["hall alone", "one rejected record"],
)
def test_a_hall_holding_one_record_even_a_rejected_one_is_audited(
    tmp_path: Path, files: dict[str, str], records: int
) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = runner.invoke(
        app, ["audit", str(tmp_path), "--as-of", "2025-11-30", "-f", "json", "--fail-on", "never"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["summary"]["records"] == records


def test_the_service_refuses_an_audit_of_a_document_holding_no_records() -> None:
    from fastapi.testclient import TestClient

    from govhall.serve import Settings, create_app

    with TestClient(create_app(Settings(tick_seconds=0, live_engine="plain"))) as client:
        for body in ({}, {"applications": [], "items": []}, {"as_of": "2025-11-30"}):
            r = client.post("/v1/audit", json=body, params={"as_of": "2025-11-30"})
            assert r.status_code == 422, (body, r.text)
            problem = r.json()
            assert problem["type"].endswith("/bad-dataset") and "holds no records" in problem["detail"], (
                problem
            )
        one = {"items": [ITEMS[0]]}
        assert client.post("/v1/audit", json=one, params={"as_of": "2025-11-30"}).status_code == 200


# -- 3. several catalogues: a bad one does not stop the others ----------------------------------------------


@pytest.mark.parametrize("bad", ["empty", "unreadable"])
def test_a_bad_catalogue_among_several_is_named_and_the_others_are_still_checked(
    tmp_path: Path, bad: str
) -> None:
    """``govhall check a.json EMPTY b.json`` (as pre-commit passes the changed files) stopped at the empty
    one: b.json was never checked and the run said nothing about it. Each bad catalogue is now one
    line on stderr, the others are checked, and the run exits 2."""
    first, last = tmp_path / "a.jsonl", tmp_path / "c.jsonl"
    first.write_text(json.dumps(ITEMS[0], ensure_ascii=False) + "\n", encoding="utf-8")
    last.write_text(json.dumps(ITEMS[1], ensure_ascii=False) + "\n", encoding="utf-8")
    middle = tmp_path / "b.jsonl"
    if bad == "empty":
        middle.write_text("", encoding="utf-8")
    else:
        middle.write_bytes(b"\x00\x01binary")
    result = runner.invoke(app, ["check", str(first), str(middle), str(last), "--as-of", "2025-11-30"])
    assert result.exit_code == 2, result.output
    errors = result.stderr.splitlines()
    assert len(errors) == 1 and errors[0].startswith(f"govhall: error: {middle}"), errors
    assert "Traceback" not in result.output
    assert str(first) in result.stdout and str(last) in result.stdout, result.stdout


# -- 4. two ids of one table that differ only in Unicode normalisation -------------------------------------

APPS = [{k: a[k] for k in ("id", "item_code", "received_at")} for a in _rows("applications", 3)]
APP_ITEMS = [i for i in _rows("items", 60) if i["code"] in {a["item_code"] for a in APPS}]


def _write(folder: Path, table: str, rows: list[dict[str, Any]], layout: str) -> None:
    if layout == "jsonl":
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        (folder / f"{table}.jsonl").write_text(text, encoding="utf-8")
    else:
        (folder / f"{table}.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize("layout", ["jsonl", "json"])
@pytest.mark.parametrize("first", ["NFC", "NFD"])
@pytest.mark.parametrize("many", [False, True], ids=["3 records", "2000 records"])  # one chunk, many
def test_an_id_repeated_in_another_unicode_normalisation_is_a_duplicate(
    tmp_path: Path, layout: str, first: str, many: bool
) -> None:
    """``受理-Café`` (é precomposed) and ``受理-Café`` (e + U+0301) are one id on screen and in any
    search a person makes, yet both were accepted as two applications: the hall's month counted one
    case twice, and a complaint naming it found whichever form it happened to be typed in. The second
    is now rejected as a duplicate, naming both forms by code point, its field and its line."""
    import unicodedata

    second = "NFD" if first == "NFC" else "NFC"
    one, two = (unicodedata.normalize(form, "受理-Café") for form in (first, second))
    assert one != two
    filler = [dict(APPS[0], id=f"A-{k:05d}") for k in range(1997 if many else 0)]
    rows = [dict(APPS[0], id=one), *filler, dict(APPS[1], id="A-plain"), dict(APPS[2], id=two)]
    _write(tmp_path, "items", APP_ITEMS, "jsonl")
    _write(tmp_path, "applications", rows, layout)
    ds = load_dataset(tmp_path)
    assert [a.id for a in ds.applications if not a.id.startswith("A-0")] == [one, "A-plain"]
    [rejected] = ds.rejected
    line = len(rows)
    assert (rejected.table, rejected.line, rejected.field, rejected.record_id) == (
        "applications",
        line,
        "id",
        two,
    )
    assert "another Unicode normalisation" in rejected.reason, rejected.reason
    assert "Caf\\u00e9" in rejected.reason and "Cafe\\u0301" in rejected.reason, rejected.reason
    assert "applications line 1" in rejected.reason, rejected.reason
    assert ds.records == len(rows) + len(APP_ITEMS)


def test_ids_in_one_normalisation_and_repeats_in_other_tables_are_not_duplicates(tmp_path: Path) -> None:
    """Only a twin in the same table is refused: distinct non-ASCII ids are kept, and a complaint may
    carry the id of an application (another table)."""
    rows = [dict(APPS[0], id="受理-Café"), dict(APPS[1], id="受理-Cafe"), dict(APPS[2], id="受理-咖啡")]
    _write(tmp_path, "items", APP_ITEMS, "jsonl")
    _write(tmp_path, "applications", rows, "jsonl")
    ds = load_dataset(tmp_path)
    assert not ds.rejected and [a.id for a in ds.applications] == [r["id"] for r in rows]


# -- 5. the checklist's hall name from a profile ------------------------------------------------------------


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\x1b", "\x00"])
def test_a_hall_name_with_a_bidi_override_or_control_character_is_shown_escaped_in_the_checklist(
    tmp_path: Path, char: str
) -> None:
    """A profile ``name: "\\u202eevil"`` was written raw into the printed form: the override reversed
    how the rest of the line reads (检查人, 日期 …), and a NUL or ESC made the page invalid HTML. It is
    shown as its code point, as in the reports."""
    profile = tmp_path / "hall.yaml"
    profile.write_text(json.dumps({"name": f"大厅{char}evil"}), encoding="utf-8")
    result = runner.invoke(app, ["checklist", "--standard", "db23-hlj-2023", "--hall", str(profile)])
    assert result.exit_code == 0, result.output
    assert char not in result.stdout
    shown = f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
    assert f"大厅 hall: 大厅{shown}evil" in result.stdout, result.stdout[:2000]


# -- 6. the service: a body sent as something other than JSON ----------------------------------------------

_BODIES = {
    "/v1/audit": {"items": [ITEMS[0]], "as_of": "2025-11-30"},
    "/v1/catalogue/check": {"items": [ITEMS[0]], "as_of": "2025-11-30"},
    "/v1/deadlines": {"start": "2025-11-03", "limit": "20个工作日"},
}


@pytest.fixture(scope="module")
def service() -> Any:
    from fastapi.testclient import TestClient

    from govhall.serve import Settings, create_app

    with TestClient(create_app(Settings(tick_seconds=0, live_engine="plain"))) as client:
        yield client


@pytest.mark.parametrize("path", sorted(_BODIES))
@pytest.mark.parametrize(
    "media",
    [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/xml",
        None,
    ],
)
def test_a_json_body_sent_under_another_media_type_is_a_415_naming_it(
    service: Any, path: str, media: str | None
) -> None:
    """``curl -d @hall.json URL`` sends ``application/x-www-form-urlencoded``; FastAPI then hands the
    route the raw bytes, and the problem said ``body: Input should be a valid dictionary`` of a body
    that is one. The problem now says which media type was sent and what to send instead."""
    body = json.dumps(_BODIES[path], ensure_ascii=False).encode()
    headers = {} if media is None else {"content-type": media}
    r = service.post(path, content=body, headers=headers)
    assert r.status_code == 415, r.text
    assert r.headers["content-type"] == "application/problem+json"
    problem = r.json()
    assert problem["type"].endswith("/unsupported-media-type"), problem
    assert "application/json" in problem["detail"], problem
    if media is not None:
        assert repr(media.split(";")[0]) in problem["detail"] and problem["media_type"] == media.split(";")[0]
    else:
        assert "no Content-Type" in problem["detail"], problem


@pytest.mark.parametrize("media", ["application/json", "application/json; charset=utf-8", "APPLICATION/JSON"])
def test_a_json_body_under_a_json_media_type_is_read(service: Any, media: str) -> None:
    for path, body in _BODIES.items():
        r = service.post(
            path, content=json.dumps(body, ensure_ascii=False).encode(), headers={"content-type": media}
        )
        assert r.status_code == 200, (path, r.text)


def test_an_empty_body_without_a_media_type_is_still_a_missing_body(service: Any) -> None:
    r = service.post("/v1/deadlines")
    assert r.status_code == 422 and r.json()["type"].endswith("/bad-input"), r.text


# -- 7. the service: a query parameter of one value given twice ---------------------------------------------


@pytest.mark.parametrize(
    ("method", "url", "name"),
    [
        ("get", "/v1/calendar/add?start=2025-01-01&start=2025-02-01&days=1", "start"),
        ("get", "/v1/calendar/add?start=2025-01-01&days=1&days=30", "days"),
        ("get", "/v1/calendar/count?start=2025-01-01&end=2025-02-01&end=2025-03-01", "end"),
        ("post", "/v1/audit?as_of=2025-11-30&as_of=2025-12-31", "as_of"),
        ("post", "/v1/audit?as_of=2025-11-30&format=json&format=html", "format"),
    ],
)
def test_a_query_parameter_of_one_value_given_twice_is_refused_naming_it(
    service: Any, method: str, url: str, name: str
) -> None:
    """``?start=2025-01-01&start=2025-02-01`` answered for the last value silently, as a JSON object
    naming a key twice would have been read had the service not refused it: which was meant cannot be
    known. A parameter that takes a list (``standard``, ``interpret``) may still repeat."""
    kw = {"json": _BODIES["/v1/audit"]} if method == "post" else {}
    r = getattr(service, method)(url, **kw)
    assert r.status_code == 422, r.text
    problem = r.json()
    assert problem["type"].endswith("/duplicate-key") and problem["key"] == name, problem
    assert problem["detail"].startswith(f"query.{name}: "), problem
    assert problem["errors"][0]["loc"] == ["query", name], problem


def test_a_list_query_parameter_may_repeat(service: Any) -> None:
    url = "/v1/audit?as_of=2025-11-30&standard=gdzw-0020-2019&standard=db23-hlj-2023"
    assert service.post(url, json=_BODIES["/v1/audit"]).status_code == 200


# -- 8. the service: HEAD of a resource that answers GET ----------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/health", "/v1/standards", "/v1/calendar/2025-10-01", "/problems/bad-input"]
)
def test_head_of_a_get_endpoint_answers_as_get_without_a_body(service: Any, path: str) -> None:
    """HEAD (which every HTTP server must support beside GET, RFC 9110 9.1; load balancers and uptime
    checks send it) was a 405 ``method-not-allowed`` on every endpoint."""
    got = service.get(path)
    head = service.head(path)
    assert head.status_code == got.status_code == 200, head.text
    assert head.headers["content-type"] == got.headers["content-type"]
    assert head.content == b""


def test_head_of_a_post_endpoint_is_still_a_405(service: Any) -> None:
    r = service.head("/v1/audit")
    assert r.status_code == 405 and r.headers["allow"] == "POST", r.headers
    assert r.content == b""  # a HEAD answer has no body, a problem neither


# -- 9. Parquet: an id in a binary column ------------------------------------------------------------------


@pytest.mark.parametrize("value", [b"BIN-1", "受理-咖啡".encode()])
def test_a_rejected_parquet_row_is_named_by_an_id_in_a_binary_column(tmp_path: Path, value: bytes) -> None:
    """Exporters write text as BINARY without the UTF-8 annotation; the id read as the record's
    ``code``, but a row rejected for another field was named by no record (``[None]``)."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    table = pa.table({"code": pa.array([value], pa.binary()), "name": ["某许可"]})  # no type, no department
    pq.write_table(table, tmp_path / "items.parquet")
    [rejected] = load_dataset(tmp_path).rejected
    assert (rejected.line, rejected.record_id) == (1, value.decode()), rejected
    assert "required field 'type' is missing" in rejected.reason


def test_a_binary_id_that_is_not_utf8_names_no_record_but_its_row(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pq.write_table(
        pa.table({"code": pa.array([b"\xff\xfe"], pa.binary()), "name": ["x"]}), tmp_path / "items.parquet"
    )
    [rejected] = load_dataset(tmp_path).rejected
    assert (rejected.line, rejected.record_id, rejected.field) == (1, None, "code"), rejected
    assert "not UTF-8" in rejected.reason, rejected.reason


# -- 10. case files: an as_of that is no date, a closed day without its date -----------------------------

_DEADLINE_CASE = (
    "  - {name: due, deadline: {start: 2025-11-03, limit: 20个工作日%s}, expect: {due: 2025-12-01}%s}\n"
)


@pytest.mark.parametrize("as_of", ["xx", '"2025-02-30"', "[1]", "20251130", '"20251130"'])
def test_a_case_whose_as_of_is_no_date_is_a_case_file_error_naming_case_and_line(
    tmp_path: Path, as_of: str
) -> None:
    """``as_of: xx`` on a deadline case was never read (a deadline takes no as_of), and on a dataset case
    failed it with Python's ``ValueError: Invalid isoformat string``: a typo passed silently or read as
    a bug. It is refused when the file is read, as an unknown key is."""
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "cases:\n" + _DEADLINE_CASE % ("", "") + _DEADLINE_CASE % ("", f", as_of: {as_of}"), encoding="utf-8"
    )
    err = one_line_error(runner.invoke(app, ["test", str(cases)]))
    assert f"{cases}: case 2 (line 3): as_of " in err, err
    assert "not a date" in err or "'2025-02-30' is no date: 2025-02 has 28 days" in err, err  # (sweep14)


def test_a_case_with_a_good_as_of_runs(tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text("cases:\n" + _DEADLINE_CASE % ("", ", as_of: 2025-11-30"), encoding="utf-8")
    result = runner.invoke(app, ["test", str(cases)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("closed", ["[{reason: 系统升级}]", "[{date: null}]", "[{date: xx}]", "[[1]]"])
def test_a_closed_day_without_a_date_fails_its_case_naming_the_entry(tmp_path: Path, closed: str) -> None:
    """``closed: [{reason: x}]`` failed the case with ``TypeError: expected a date, datetime or ISO string,
    got NoneType``: Python's words, naming neither the key nor the entry. The case still fails (its
    input is refused) and the next case runs."""
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "cases:\n"
        + _DEADLINE_CASE % (f", closed: {closed}", "")
        + (_DEADLINE_CASE % ("", "")).replace("name: due", "name: due again"),  # one name a case
        encoding="utf-8",
    )
    result = runner.invoke(app, ["test", str(cases), "--json"])
    assert result.exit_code == 1, result.output
    first, second = json.loads(result.stdout)["cases"]
    assert not first["passed"] and second["passed"], first
    assert "deadline.closed.0: " in first["message"], first["message"]
    assert "TypeError" not in first["message"] and "NoneType" not in first["message"], first["message"]


# -- 11. govhall deadline: --extend named as itself; --format svg with --notices -------------------------


@pytest.mark.parametrize("text", ["-5天", "twenty days", "5 fortnights"])
def test_an_extension_that_is_no_time_limit_is_named_as_extend(text: str) -> None:
    """``govhall deadline 2025-11-03 20个工作日 --extend -5天`` said ``LIMIT: not a time limit: '-5天'``:
    LIMIT was fine; the option at fault is --extend."""
    err = one_line_error(runner.invoke(app, ["deadline", "2025-11-03", "20个工作日", "--extend", text]))
    assert err.startswith(f"govhall: error: --extend: not a time limit: {text!r}"), err


def test_the_svg_of_a_deadline_uses_the_notices_given(tmp_path: Path) -> None:
    """``--format svg`` drew the calendar without ``--notices`` (the text and JSON used them): a due date
    across a newly published holiday was drawn on the provisional calendar, a different day."""
    import re

    from test_calendar_notices import NOTICE_2027, write

    path = write(tmp_path, NOTICE_2027)
    args = ["deadline", "2027-04-28", "5个工作日", "--notices", str(path)]
    due = json.loads(runner.invoke(app, [*args, "--json"]).stdout)["due"]
    bare = json.loads(runner.invoke(app, ["deadline", "2027-04-28", "5个工作日", "--json"]).stdout)["due"]
    assert due != bare  # the notice moves it (else this test shows nothing)
    svg = runner.invoke(app, [*args, "--format", "svg"])
    assert svg.exit_code == 0, svg.output
    [drawn] = re.findall(r"2027-04-28 → (\d{4}-\d{2}-\d{2})", svg.stdout)[:1]
    assert drawn == due, (drawn, due)


# -- 12. a table file that holds null; a table file in a format govhall does not read ----------------------


@pytest.mark.parametrize("table", ["hall", "items", "applications"])
def test_a_json_table_file_holding_null_is_a_rejection_not_an_empty_table(tmp_path: Path, table: str) -> None:
    """``applications.json`` holding ``null`` (an export that serialised nothing) was read as an empty
    table without a word, while an empty file is named as a failed export."""
    (tmp_path / "items.jsonl").write_text(json.dumps(ITEMS[0], ensure_ascii=False) + "\n", encoding="utf-8")
    (tmp_path / f"{table}.json").write_text("null\n", encoding="utf-8")
    ds = load_dataset(tmp_path)
    [rejected] = [r for r in ds.rejected if r.table == table]
    assert rejected.source == str(tmp_path / f"{table}.json") and rejected.line is None, rejected
    assert "null" in rejected.reason and "failed export" in rejected.reason, rejected.reason


def test_a_null_table_in_a_dataset_document_is_still_a_table_left_out(tmp_path: Path) -> None:
    doc = tmp_path / "hall.yaml"
    doc.write_text(
        json.dumps({"items": [ITEMS[0]], "applications": None}, ensure_ascii=False), encoding="utf-8"
    )
    ds = load_dataset(doc)
    assert not ds.rejected and len(ds.items) == 1


@pytest.mark.parametrize(
    "name", ["applications.xlsx", "items.xls", "staff.tsv", "windows.txt", "applications"]
)
def test_a_table_file_in_a_format_govhall_does_not_read_is_named_not_skipped(
    tmp_path: Path, name: str
) -> None:
    """``applications.xlsx`` beside ``items.jsonl`` (an Excel export, as halls keep them) was skipped in
    silence, as README.md is: the month was audited without its applications and could pass clean.
    It is now a rejection naming the file and the formats that are read."""
    (tmp_path / "items.jsonl").write_text(json.dumps(ITEMS[0], ensure_ascii=False) + "\n", encoding="utf-8")
    (tmp_path / name).write_bytes(b"PK\x03\x04 whatever")
    (tmp_path / "README.md").write_text("notes\n", encoding="utf-8")  # still no table: skipped
    (tmp_path / "items.csv.bak").write_text("code\n", encoding="utf-8")  # a backup: skipped
    (tmp_path / "hall.yaml").write_text("name: 某大厅\n", encoding="utf-8")  # the hall's profile: skipped
    ds = load_dataset(tmp_path)
    [rejected] = ds.rejected
    table = name.split(".")[0]
    assert (rejected.table, rejected.line, rejected.source) == (table, None, str(tmp_path / name)), rejected
    assert ".jsonl" in rejected.reason and ".csv" in rejected.reason and "not read" in rejected.reason
    assert len(ds.items) == 1


def test_an_empty_table_file_at_a_province_root_is_refused_naming_its_halls(tmp_path: Path) -> None:
    """A stray empty ``applications.jsonl`` at a province's root made it one hall of 0 records, whose
    subfolder halls belong to it: exit 0 and a note. Nothing was audited; it is refused, naming them."""
    from province_helpers import make_hall

    root = tmp_path / "p"
    make_hall(root / "hall-001", 1, share=0.02)
    make_hall(root / "hall-002", 2, share=0.02)
    (root / "applications.jsonl").write_text("", encoding="utf-8")
    err = one_line_error(runner.invoke(app, ["audit", str(root), "--as-of", "2025-10-01"]))
    assert "holds no records" in err and "2 subfolder hall(s) (hall-001, hall-002)" in err, err


# -- 13. a broken JSON array element named by an id after the break's line ---------------------------------


def _array_with_a_break(tmp_path: Path, broken: str) -> Path:
    """items.json, indented (one key a line), its 2nd element's ``code`` after its ``name``, and ``broken``
    replacing the line of the name (the break)."""
    second = dict(ITEMS[1])
    code = second.pop("code")
    second["code"] = code
    text = json.dumps([ITEMS[0], second, ITEMS[2]], ensure_ascii=False, indent=2)
    line = f'"name": {json.dumps(second["name"], ensure_ascii=False)},'
    assert text.count(line) == 1
    name = json.dumps(second["name"], ensure_ascii=False)
    (tmp_path / "items.json").write_text(
        text.replace(line, broken % name if "%s" in broken else broken), encoding="utf-8"
    )
    return tmp_path


@pytest.mark.parametrize(
    "broken",
    ['"name": %s', '"name" %s,', '"name": %s,,'],
    ids=["missing comma", "missing colon", "double comma"],
)
def test_a_broken_array_element_is_named_by_its_id_after_the_break(tmp_path: Path, broken: str) -> None:
    """The id was looked for up to the end of the break's line only, so an element whose id comes
    later (keys in another order than the export's usual) was rejected naming no record. Where the
    break leaves the element's quotes in step (a missing or doubled comma or colon), its id is read to
    the end of the element."""
    ds = load_dataset(_array_with_a_break(tmp_path, broken))
    [rejected] = ds.rejected
    assert (rejected.line, rejected.record_id) == (2, ITEMS[1]["code"]), rejected
    assert "element 2 is not valid JSON" in rejected.reason


@pytest.mark.parametrize(
    "broken", ['"name": %s"x,', '"name": "\\q",'], ids=["unbalanced quote", "bad escape"]
)
def test_a_break_that_puts_quotes_out_of_step_names_no_id_rather_than_a_wrong_one(
    tmp_path: Path, broken: str
) -> None:
    ds = load_dataset(_array_with_a_break(tmp_path, broken))
    [rejected] = ds.rejected
    assert rejected.line == 2 and rejected.record_id in (None, ITEMS[1]["code"]), rejected
    assert rejected.record_id not in (ITEMS[0]["code"], ITEMS[2]["code"])


# -- 14. an empty name among unknown names ------------------------------------------------------------------


@pytest.mark.parametrize("args", [["--standard", ""], ["--standard", "", "--standard", "nope"]])
def test_an_empty_standard_is_shown_as_an_empty_name(args: list[str]) -> None:
    """``--standard ""`` said ``no rules for standard(s) `` (nothing after it): the name is shown ``''``."""
    err = one_line_error(runner.invoke(app, ["audit", "--example", *args]))
    assert "no rules for standard(s) ''" in err, err


def test_example_into_a_dangling_link_names_the_link(tmp_path: Path) -> None:
    """It said ``OUT …: cannot be written: File exists`` of a path where nothing exists."""
    out = tmp_path / "out"
    out.symlink_to(tmp_path / "gone")
    err = one_line_error(runner.invoke(app, ["example", str(out)]))
    assert f"{out}: is a link to {tmp_path / 'gone'}, which does not exist" in err, err


def test_a_province_hall_whose_tables_hold_no_record_is_a_hall_that_could_not_be_audited(
    tmp_path: Path,
) -> None:
    """In a province, a hall whose export wrote empty files was audited as 0 records, no findings:
    its summary looked like a clean month. It is reported as a hall that could not be audited (the
    others are), and the command exits 2 once the report is written, as for an unreadable hall."""
    from province_helpers import make_hall

    root = tmp_path / "p"
    make_hall(root / "hall-001", 1, share=0.02)
    (root / "hall-002").mkdir()
    (root / "hall-002" / "applications.jsonl").write_text("", encoding="utf-8")
    result = runner.invoke(app, ["audit", str(root), "--as-of", "2025-10-01", "-f", "json", "--jobs", "1"])
    assert result.exit_code == 2, result.output
    halls = json.loads(result.stdout)["summary"]["halls"]
    assert halls["hall-001"].get("error") is None and halls["hall-001"]["records"] > 0
    assert "holds no records" in halls["hall-002"]["error"], halls["hall-002"]
    assert result.stderr.splitlines() == [
        "govhall: error: 1 of 2 hall(s) could not be audited (hall-002); see the report"
    ], result.stderr


# -- 15. a dataset's name that is not text ----------------------------------------------------------------


@pytest.mark.parametrize("name", [{"a": 1}, [1, 2], True])
@pytest.mark.parametrize("where", ["document", "meta.json"])
def test_a_dataset_name_that_is_not_text_is_refused_naming_where(
    tmp_path: Path, name: Any, where: str
) -> None:
    """``{"name": {"a": 1}, …}`` became the dataset name ``"{'a': 1}"`` (Python's repr) in every report;
    an ``as_of`` that is no date was refused already. A number is still read as its text."""
    from govhall.errors import DatasetError

    items = [ITEMS[0]]
    if where == "document":
        source: Any = {"name": name, "items": items}
    else:
        (tmp_path / "meta.json").write_text(json.dumps({"name": name}), encoding="utf-8")
        (tmp_path / "items.jsonl").write_text(
            json.dumps(ITEMS[0], ensure_ascii=False) + "\n", encoding="utf-8"
        )
        source = tmp_path
    with pytest.raises(DatasetError) as err:
        load_dataset(source)
    assert "name must be text" in str(err.value) and (where != "meta.json" or "meta.json" in str(err.value))
    assert err.value.detail.get("field") == "name"


def test_a_dataset_name_that_is_a_number_reads_as_its_text() -> None:
    assert load_dataset({"name": 2025, "items": [ITEMS[0]]}).name == "2025"


# -- 16. a tokens file that is not UTF-8 ---------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "gb18030"])
def test_a_tokens_file_that_is_not_utf8_is_named_with_its_byte_and_what_to_do(
    tmp_path: Path, encoding: str
) -> None:
    """It said ``cannot read ('utf-8' codec can't decode byte 0xff in position 0: invalid start byte)``."""
    from govhall.serve import token_line

    path = tmp_path / "tokens.txt"
    text = "# 大厅的令牌\n" + token_line("hall", ["read"], "tok-0123456789abcdef-xyz-0001") + "\n"
    path.write_bytes(text.encode(encoding))
    err = one_line_error(runner.invoke(app, ["serve", "--tokens", str(path)]))
    assert f"tokens file {path}: not UTF-8 text: byte 0x" in err and "save it as UTF-8" in err, err
    assert "codec" not in err
    assert ("UTF-16" in err) == (encoding == "utf-16"), err
