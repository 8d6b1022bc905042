"""Hostile input, tenth sweep: what the ninth noticed and left, then a fresh sweep over every entry
point. Each test failed before its fix; each hostile form is refused or named (field, record and line),
the CLI exits 2 with one line, the service answers problem+json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from govhall.cli import app
from province_helpers import make_hall
from test_hostile_input import one_line_error
from test_hostile_input_sweep6 import _rows
from test_hostile_input_sweep9 import _client, _problem

runner = CliRunner()

ITEMS = _rows("items", 3)
COMPLAINT = _rows("complaints", 1)[0]


# == 1. a link named like a table that leads nowhere: its folder is the hall ==============================


@pytest.mark.parametrize("kind", ["dangling", "loop"])
def test_a_table_link_that_leads_nowhere_makes_its_folder_the_hall(tmp_path: Path, kind: str) -> None:
    """A dangling ``h3/items.jsonl`` made a hall named ``h3/items.jsonl`` (a file's name as a hall's),
    the folder h3 no hall: the link is a table of h3, and h3's audit says where it leads."""
    from govhall.province import audit_many, discover_halls

    root = tmp_path / "p"
    make_hall(root / "h1", 1)
    (root / "h3").mkdir()
    link = root / "h3" / "items.jsonl"
    link.symlink_to(tmp_path / "nothing" if kind == "dangling" else link)
    assert [name for name, _ in discover_halls(root)] == ["h1", "h3"]
    halls = {name: s.error for name, s in audit_many(root, jobs=1).summary.halls.items()}
    assert set(halls) == {"h1", "h3"} and halls["h1"] is None, halls
    assert halls["h3"] is not None and "items.jsonl" in halls["h3"], halls
    (root / "h4").mkdir()
    (root / "h4" / "items.jsonl").mkdir()  # a folder named like a table, no link: still no table
    (root / "h4" / "h5").mkdir()
    (root / "h4" / "h5" / "items.jsonl").write_text(json.dumps(ITEMS[0]) + "\n", encoding="utf-8")
    assert [name for name, _ in discover_halls(root)] == ["h1", "h3", "h4/h5"]


# == 2. a line over MAX_RECORD_BYTES names its record, read from the line's start ========================


def _long_item() -> dict[str, Any]:
    from govhall.loaders import MAX_RECORD_BYTES

    return {**ITEMS[1], "conditions": "条" * (MAX_RECORD_BYTES // 3 + 10)}


def test_a_jsonl_line_over_the_size_limit_names_its_record(tmp_path: Path) -> None:
    """Rejected with ``record_id`` None, though the id stands at the line's start, where a line past
    the depth or digit limit, or holding a NUL, is named by its id (read from its text)."""
    from govhall.loaders import load_dataset

    lines = [json.dumps(ITEMS[0]), json.dumps(_long_item(), ensure_ascii=False), json.dumps(ITEMS[2])]
    (tmp_path / "items.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    ds = load_dataset(tmp_path)
    [bad] = ds.rejected
    assert (bad.line, bad.record_id) == (2, ITEMS[1]["code"]), bad
    assert "over the limit of 1048576 bytes per record (MAX_RECORD_BYTES)" in bad.reason, bad
    assert [i.code for i in ds.items] == [ITEMS[0]["code"], ITEMS[2]["code"]]
    # an id after the line's first 64 KiB is not read, and an id-like text inside a string is no id
    rest = {k: v for k, v in ITEMS[1].items() if k != "code"}
    for text in ("x" * (1 << 20), 'x", "code": "FAKE' + "x" * (1 << 20)):
        row = {"conditions": text, **rest, "code": ITEMS[1]["code"]}
        (tmp_path / "items.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
        [bad] = load_dataset(tmp_path).rejected
        assert bad.record_id is None and "MAX_RECORD_BYTES" in bad.reason, bad


def test_a_csv_line_over_the_size_limit_names_its_row(tmp_path: Path) -> None:
    from govhall.loaders import MAX_RECORD_BYTES, load_dataset

    head = "name,code,type,department,conditions\n"
    long = f'食品经营许可,"Y-1",行政许可,市场监管局,{"x" * (MAX_RECORD_BYTES + 5)}\n'
    (tmp_path / "items.csv").write_text(head + long + "餐饮,Y-2,行政许可,市场监管局,\n", encoding="utf-8")
    ds = load_dataset(tmp_path)
    [bad] = ds.rejected
    assert (bad.line, bad.record_id) == (2, "Y-1") and "MAX_RECORD_BYTES" in bad.reason, bad
    assert [i.code for i in ds.items] == ["Y-2"]
    # the id in the long cell itself: the cell is cut, so not named
    (tmp_path / "items.csv").write_text(
        "code,name\n" + "Y" * (MAX_RECORD_BYTES + 5) + ",a\nY-3,b\n", encoding="utf-8"
    )
    assert load_dataset(tmp_path).rejected[0].record_id is None


# == 3. a CSV row's NUL is kept in the id it is named by, as in JSON =====================================


@pytest.mark.parametrize(
    ("row", "said"),
    [
        ("A\x00B,食品经营许可,行政许可,市场监管局", "the line holds a NUL byte"),
        ('A\x00B,"食品"x,行政许可,市场监管局', "has text after its closing quote"),
    ],
)
def test_a_csv_row_holding_a_nul_is_named_by_its_id_with_the_nul_kept(
    tmp_path: Path, row: str, said: str
) -> None:
    """A CSV row holding a NUL was rejected naming no record (a JSON line names ``A\\x00B``), or, when
    the row was broken otherwise too, named ``A\\ufffdB``: an id no record has, and not the file's."""
    from govhall.loaders import load_dataset

    rows = ["code,name,type,department", row, "Y-2,餐饮,行政许可,市场监管局", "Y-3,药品,行政许可,市场监管局"]
    (tmp_path / "items.csv").write_bytes(("\n".join(rows) + "\n").encode("utf-8"))
    ds = load_dataset(tmp_path)
    [bad] = ds.rejected
    assert (bad.line, bad.record_id) == (2, "A\x00B") and said in bad.reason, bad
    assert ds.records == 3 and len(ds.items) == 2
    line = json.dumps({**ITEMS[0], "code": "A\x00B"}).replace("\\u0000", "\x00")
    (tmp_path / "items.csv").unlink()
    others = "".join(json.dumps(i) + "\n" for i in ITEMS[1:])
    (tmp_path / "items.jsonl").write_text(line + "\n" + others, encoding="utf-8")
    assert load_dataset(tmp_path).rejected[0].record_id == "A\x00B"


# == 4. a moment past the years 0001-9999 in Shanghai: quoted, and named as START ========================


@pytest.mark.parametrize("text", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:00:00-12:00"])
def test_a_moment_outside_the_years_in_shanghai_is_quoted_and_names_its_field(text: str) -> None:
    """ "0001-01-01T00:00:00+14:00 falls outside the years 0001-9999" quoted no value, where every other
    date fault quotes it ('…'); ``govhall deadline`` named no START, and /v1/deadlines no field."""
    from govhall.loaders import load_dataset
    from test_hostile_input_sweep9 import ALL_ITEMS, APP

    said = f"{text!r} falls outside the years 0001-9999 once converted to Asia/Shanghai"
    [bad] = load_dataset({"items": ALL_ITEMS, "applications": [{**APP, "received_at": text}]}).rejected
    assert bad.reason == f"received_at: {said}", bad
    err = one_line_error(runner.invoke(app, ["deadline", text, "3天"]))
    assert err == f"govhall: error: START: {said}\n", err
    doc = _problem(_client().post("/v1/deadlines", json={"start": text, "limit": "3天"}), 422, "bad-date")
    assert (doc["detail"], doc["field"]) == (f"body.start: {said}", "body.start"), doc


def test_a_start_outside_the_calendar_names_start() -> None:
    """ "date 0001-01-02 is outside the CN calendar's supported range" named no field, where a limit too
    long for it is named LIMIT (limit), an extension --extend (extensions[0])."""
    err = one_line_error(runner.invoke(app, ["deadline", "0001-01-02", "3天"]))
    assert err.startswith("govhall: error: START: date 0001-01-02 is outside the CN calendar's"), err
    r = _client().post("/v1/deadlines", json={"start": "0001-01-02", "limit": "3天"})
    assert _problem(r, 422, "date-out-of-range")["field"] == "body.start"


# == 5. the union start field: a day the calendar lacks is named at body.start =========================


@pytest.mark.parametrize(
    ("start", "why"),
    [("2025-02-30", "2025-02 has 28 days"), ("2025-13-01", "there is no month 13"),
     ("2024-02-30T10:00", "2024-02 has 29 days"), ("0000-01-01", "there is no year 0000")],
)  # fmt: skip
def test_a_day_the_calendar_lacks_is_named_at_the_field_not_its_union_branch(start: str, why: str) -> None:
    """/v1/deadlines answered ``body.start.date: Input should be a valid date or datetime, day value is
    outside expected range (+1 more)``: pydantic's union branch as the field, and two errors for one
    fault. The field is ``body.start``, in the command line's words; a pause's day says the same."""
    doc = _problem(_client().post("/v1/deadlines", json={"start": start, "limit": "3天"}), 422, "bad-date")
    assert doc["field"] == "body.start" and len(doc["errors"]) == 1, doc
    assert doc["detail"] == f"body.start: {start!r} is not an ISO date: no such day ({why})", doc
    err = one_line_error(runner.invoke(app, ["deadline", start, "3天"]))
    assert err == f"govhall: error: START: {start!r} is not an ISO date: no such day ({why})\n", err
    pauses = [{"from": start[:10], "to": "2025-03-01"}]
    r = _client().post("/v1/deadlines", json={"start": "2025-09-01", "limit": "3天", "pauses": pauses})
    doc = _problem(r, 422, "bad-date")
    assert doc["detail"] == f"body.pauses.0.from: {start[:10]!r} is not an ISO date: no such day ({why})", doc


def test_the_union_branches_are_merged_whatever_the_fault() -> None:
    from govhall.serve.app import _union_merged

    raw = [{"loc": ("body", "start", "date"), "msg": "a"}, {"loc": ("body", "start", "datetime"), "msg": "b"},
           {"loc": ("body", "limit"), "msg": "c"}, {"loc": ("body", "x", "date"), "msg": "d"}]  # fmt: skip
    assert [e["loc"] for e in _union_merged(raw)] == [
        ("body", "start"),
        ("body", "limit"),
        ("body", "x", "date"),
    ]


# == 6. a reversed --pause names --pause =================================================================


def test_a_reversed_pause_on_the_command_line_names_the_option() -> None:
    """``--pause 2025-09-05:2025-09-02`` said "pause 2025-09-05:2025-09-02 ends before it starts", naming
    no option (the service names body.pauses.1)."""
    args = [
        "deadline",
        "2025-09-01",
        "3天",
        "--pause",
        "2025-09-02:2025-09-03",
        "--pause",
        "2025-09-05~2025-09-02",
    ]
    err = one_line_error(runner.invoke(app, args))
    assert err == (
        "govhall: error: --pause '2025-09-05~2025-09-02': pause 2025-09-05:2025-09-02 ends before it starts\n"
    ), err
    ok = runner.invoke(app, ["deadline", "2025-09-01", "3天", "--pause", "2025-09-02:2025-09-02", "--json"])
    assert ok.exit_code == 0 and json.loads(ok.stdout)["due"] == "2025-09-05", ok.output


# == 7. a problem's members show an invisible character as its detail does ===============================


@pytest.mark.parametrize("char", ["\u200d", "\u202e", "\x1b", "\ufeff"])
def test_a_problem_member_escapes_what_cannot_be_seen_as_its_detail_does(char: str) -> None:
    """The clause route's ``clause`` member echoed a zero-width joiner raw (``5.3.2`` on screen, not the
    clause 5.3.2) where ``detail`` escaped it (``'5.3\\u200d.2'``); ``standard`` too."""
    from urllib.parse import quote

    escaped = repr(char)[1:-1]
    client = _client()
    r = client.get(f"/v1/standards/gdzw-0020-2019/clauses/{quote('5.3' + char + '.2')}")
    doc = _problem(r, 404, "unknown-clause")
    assert doc["clause"] == f"5.3{escaped}.2" and f"'5.3{escaped}.2'" in doc["detail"], doc
    doc = _problem(client.get(f"/v1/standards/{quote('gdzw' + char)}"), 404, "unknown-standard")
    assert doc["standard"] == f"gdzw{escaped}", doc
    assert char not in r.text and char not in json.dumps(doc, ensure_ascii=False)
    ok = client.get(f"/v1/standards/gdzw-0020-2019/clauses/{quote('不存在 5.3')}")
    assert _problem(ok, 404, "unknown-clause")["clause"] == "不存在 5.3"  # printable text as it came


# == fresh sweep: the service read a midnight moment with an offset as a bare day ========================


@pytest.mark.parametrize(
    ("start", "due_at"),
    [
        # 00:00 at -10:00 is 10:00Z, 18:00 in Shanghai on 09-01: 24 hours on, 09-02 18:00
        ("2025-09-01T00:00:00-10:00", "2025-09-02T18:00:00+08:00"),
        # 00:00 at +14:00 is 10:00Z on 08-31, 18:00 in Shanghai on 08-31: 24 hours on, 09-01 18:00
        ("2025-09-01T00:00:00+14:00", "2025-09-01T18:00:00+08:00"),
        # 00:00Z is 08:00 in Shanghai: 24 hours on, 09-02 08:00
        ("2025-09-01T00:00:00Z", "2025-09-02T08:00:00+08:00"),
    ],
)
def test_a_midnight_moment_with_an_offset_is_a_moment_not_a_bare_day(start: str, due_at: str) -> None:
    """/v1/deadlines read ``"start": "2025-09-01T00:00:00-10:00"`` as the day 2025-09-01 (pydantic's union
    of date and datetime takes a midnight moment as a date, its time and offset dropped): 24小时 fell due
    at 2025-09-02T00:00+08:00, 18 hours early, where ``govhall deadline`` says 18:00. Read as the command
    line reads START now (the working is in each case's comment)."""
    r = _client().post("/v1/deadlines", json={"start": start, "limit": "24小时"})
    assert r.status_code == 200, r.text
    assert r.json()["due_at"] == due_at, r.json()
    cli = runner.invoke(app, ["deadline", start, "24小时", "--json"])
    assert json.loads(cli.stdout)["due_at"] == due_at
    bare = _client().post("/v1/deadlines", json={"start": "2025-09-01", "limit": "24小时"}).json()
    assert bare["due_at"] == "2025-09-02T00:00:00+08:00", bare  # a bare day: from its 00:00, as before


# == 8. govhall audit of a bare list: refused for its shape, never for one broken element ===============


@pytest.mark.parametrize("broken", [False, True])
def test_audit_of_a_bare_list_named_like_no_table_says_what_it_is(tmp_path: Path, broken: bool) -> None:
    """``govhall audit catalogue.json`` (a list of items) with one broken element was refused as "not
    valid JSON: Expecting property name …" where ``govhall check`` reads it item by item: the user fixed
    the element only to be refused again, for the shape. A list cannot be audited (which table it is,
    its name does not say: the refusal is right), so the refusal names the shape, broken or not, and
    the two ways on; named like its table, the same file is read item by item, the broken one rejected."""
    text = "[\n" + ",\n".join(json.dumps(i, ensure_ascii=False) for i in ITEMS) + "\n]\n"
    if broken:
        text = text.replace(', "name":', ',, "name":', 1)
    path = tmp_path / "catalogue.json"
    path.write_text(text, encoding="utf-8")
    err = one_line_error(runner.invoke(app, ["audit", str(path)]))
    assert err.startswith(
        f"govhall: error: {path}: a dataset document must be a JSON object whose keys are table names; this "
        "is a list (one table's records): name the file after its table (items.json"
    ), err
    (tmp_path / "items.json").write_text(text, encoding="utf-8")
    args = [
        "audit",
        str(tmp_path / "items.json"),
        "--as-of",
        "2025-09-01",
        "-f",
        "json",
        "--fail-on",
        "never",
    ]
    doc = json.loads(runner.invoke(app, args).stdout)
    assert (doc["summary"]["records"], doc["summary"]["rejected"]) == (3, int(broken)), doc["summary"]


# == 9. live replay: an event no rule reads does not stretch the span, and is never lost ================


def test_an_unknown_kind_far_off_does_not_stretch_the_replay_and_is_still_listed(tmp_path: Path) -> None:
    """An event of kind ``coffee_break`` (or a ``weather`` notice) dated a year after the stream made the
    default ``--until`` a day after it: 8,800 hourly ticks over nothing, and past the tick cap the replay
    was refused. No rule reads its time: the span is the known events', and it is posted at the last
    tick and listed as an unknown event (not counted as "after --until")."""
    from test_hostile_input_sweep9 import APP

    lines = [
        {"table": "applications", **APP},
        {"application_id": APP["id"], "kind": "accepted", "at": "2025-09-01T10:00:00"},
        {"application_id": APP["id"], "kind": "coffee_break", "at": "2027-09-01T10:00:00"},
        {"table": "weather", "text": "晴", "posted_at": "2026-09-01T10:00:00"},
    ]
    events = tmp_path / "events.jsonl"
    events.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in lines), encoding="utf-8")
    result = runner.invoke(app, ["live", "replay", str(events), "--engine", "plain", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["until"].startswith("2025-09-02T10:00"), doc["until"]  # a day after the accepted event
    assert (doc["posted"], doc["not_posted"]) == (4, 0), doc
    assert sorted(u["line"] for u in doc["unknown_events"]) == [3, 4], doc["unknown_events"]
    assert {u["reason"] for u in doc["unknown_events"]} == {"unknown_kind", "unknown_type"}
    # a known event past --until is still not posted, as documented
    late = [*lines[:2], {"application_id": APP["id"], "kind": "decided", "at": "2025-09-03T10:00:00"}]
    events.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in late), encoding="utf-8")
    args = ["live", "replay", str(events), "--engine", "plain", "--json", "--until", "2025-09-02T00:00"]
    assert json.loads(runner.invoke(app, args).stdout)["not_posted"] == 1


# == 10. numbers with no bound: a 30-digit counter height, retention or rank ============================

BIG = 10**29


@pytest.mark.parametrize(
    ("table", "row", "field", "most"),
    [
        ("windows", {"id": "W-9", "kind": "comprehensive", "counter_height_mm": BIG}, "counter_height_mm", 10000),
        ("staff", {"id": "S-9", "role": "window_clerk", "rank": BIG}, "rank", 2**53 - 1),
        ("staff", {"id": "S-9", "role": "window_clerk", "rank": -BIG}, "rank", -(2**53 - 1)),
        ("hall", {"id": "H-9", "name": "大厅", "cctv": {"retention_days": BIG}}, "cctv.retention_days", 36525),
    ],
)  # fmt: skip
def test_a_number_past_any_sane_bound_is_rejected_naming_field_record_and_line(
    tmp_path: Path, table: str, row: dict[str, Any], field: str, most: int
) -> None:
    """A counter 10^29 mm high was accepted (and judged against the low-counter bounds as a counter);
    so were CCTV kept for 10^29 days, a rank of 10^29 (which a JSON reader holding doubles shows as
    another number). Each field has a bound now (in the schema as maximum), and
    a record past it is rejected on its own, in every form, naming the field, the record and the line."""
    from govhall.loaders import load_dataset
    from govhall.schema import json_schema

    jl = tmp_path / "jl"
    jl.mkdir()
    (jl / "items.jsonl").write_text(
        "".join(json.dumps(i) + "\n" for i in _rows("items", 40)), encoding="utf-8"
    )
    name = "hall.json" if table == "hall" else f"{table}.jsonl"
    (jl / name).write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    [bad] = load_dataset(jl).rejected
    assert bad.table == table and bad.record_id == row["id"] and bad.line == 1, bad
    word = "less" if most > 0 else "greater"
    assert bad.field == field and bad.reason.startswith(
        f"{field}: input should be {word} than or equal to {most}"
    ), bad
    ok = {**row, field.split(".")[-1]: 5} if "." not in field else {**row, "cctv": {"retention_days": 5}}
    (jl / name).write_text(json.dumps(ok, ensure_ascii=False) + "\n", encoding="utf-8")
    assert not load_dataset(jl).rejected
    assert str(abs(most)) in json.dumps(json_schema())  # the schema, as published, says the bound


# == 11. a JSON array's rejection says "element", as its line means ====================================


def test_a_text_report_calls_a_json_arrays_rejection_an_element_not_a_line(tmp_path: Path) -> None:
    """A one-line JSON array's second element, rejected, was "items line 2" in the text, SARIF and JUnit
    reports (and the as-of line), all on file line 1: ``line`` is the element number for JSON
    (docs/data.md, "Bad records"). It says "element 2" now; jsonl and CSV keep "line", Parquet "row"."""
    from govhall.models import RejectedRecord

    bad = dict(ITEMS[1], type="nope")
    (tmp_path / "items.json").write_text(json.dumps([ITEMS[0], bad, ITEMS[2]]), encoding="utf-8")
    for fmt in ("text", "sarif", "junit"):
        args = ["check", str(tmp_path / "items.json"), "-f", fmt, "--fail-on", "never"]
        out = runner.invoke(app, args).stdout
        assert "items element 2" in out and "items line 2" not in out, (fmt, out[-800:])
    assert [RejectedRecord(table="t", line=2, reason="r", source=s).place for s in (
        "a/items.jsonl", "x.NDJSON", "items.csv", "items.parquet", "items.json", "dataset.yaml", None)] == [
        "line 2", "line 2", "line 2", "row 2", "element 2", "element 2", "element 2"]  # fmt: skip
    assert RejectedRecord(table="t", line=None, reason="r", source="items.json").place == ""


def test_a_stream_of_nothing_a_rule_reads_still_replays_over_its_own_times(tmp_path: Path) -> None:
    """Only unknown things (application rows without their ``table``): the span is theirs, and each is
    listed as unknown, as before; not "no dated events"."""
    from test_hostile_input_sweep9 import APP

    events = tmp_path / "events.jsonl"
    events.write_text(json.dumps(APP, ensure_ascii=False) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["live", "replay", str(events), "--engine", "plain", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["posted"] == 1 and [u["reason"] for u in doc["unknown_events"]] == ["unknown_type"], doc


# == fresh sweep: /v1/deadlines named no field for a limit it could not read ============================


@pytest.mark.parametrize(
    ("body", "field", "text"),
    [
        ({"limit": ""}, "body.limit", "''"),
        ({"limit": "二十天左右"}, "body.limit", "'二十天左右'"),
        ({"limit": "3天", "extensions": ["10个工作日", "3.5天"]}, "body.extensions.1", "'3.5天'"),
    ],
)
def test_a_limit_not_read_names_its_place_in_the_body(body: dict[str, Any], field: str, text: str) -> None:
    """``"extensions": ["10个工作日", "3.5天"]`` answered "not a time limit: '3.5天'", naming no field
    (``govhall deadline`` names LIMIT or --extend): which of a request's limits was meant was a guess."""
    r = _client().post("/v1/deadlines", json={"start": "2025-09-01", **body})
    doc = _problem(r, 422, "limit-text")
    assert doc["detail"].startswith(f"{field}: not a time limit: {text} (expected e.g. 20个工作日"), doc
    assert doc["field"] == field, doc


# == fresh sweep: an id holding a character no one sees ==================================================


@pytest.mark.parametrize("char", ["\u200b", "\u200d", "\u202e", "\ufeff", "\u00ad", "\u2060"])
def test_an_id_holding_an_invisible_character_is_rejected_naming_it(tmp_path: Path, char: str) -> None:
    """``"id": "A\\u200b1"`` was accepted: a record shown as ``A1`` in every report, which events for
    ``A1`` (typed by a person) never reached, and which a second ``A1`` did not repeat. Rejected now in
    every form, naming the character, the field, the record and the line; ids of CJK, ASCII and
    punctuation read as before."""
    from govhall.loaders import load_dataset
    from test_hostile_input_sweep9 import ALL_ITEMS, APP

    bad_id = f"A{char}1"
    ds = load_dataset({"items": ALL_ITEMS, "applications": [{**APP, "id": bad_id}, {**APP, "id": "办件-1"}]})
    [bad] = ds.rejected
    assert (bad.record_id, bad.field, bad.line) == (bad_id, "id", 1), bad
    shown = repr(char)[1:-1]
    assert bad.reason.startswith(f"id: 'A{shown}1' holds an invisible U+{ord(char):04X} ("), bad
    assert [a.id for a in ds.applications] == ["办件-1"]
    head = "code,name,type,department\n"
    (tmp_path / "items.csv").write_text(head + f"Y{char}-1,食品,行政许可,市场监管局\nY-2,餐饮,行政许可,市场监管局\n",
                                        encoding="utf-8")  # fmt: skip
    [bad] = load_dataset(tmp_path).rejected
    assert bad.field == "code" and bad.line == 2 and "holds an invisible U+" in bad.reason, bad
    r = _client().post("/v1/catalogue/check", json={"items": [{**ITEMS[0], "code": bad_id}]})
    assert r.status_code == 200 and "holds an invisible U+" in r.json()["rejected"][0]["reason"], r.text


# == fresh sweep: conflicting flags ======================================================================


def test_deadline_refuses_json_and_svg_together() -> None:
    """``govhall deadline … --json --format svg`` printed the SVG, the JSON asked for dropped unsaid."""
    err = one_line_error(runner.invoke(app, ["deadline", "2025-09-01", "3天", "--json", "--format", "svg"]))
    assert err == "govhall: error: --json and --format svg ask for two outputs; give one of them\n", err
    ok = runner.invoke(app, ["deadline", "2025-09-01", "3天", "--json", "--format", "json"])
    assert ok.exit_code == 0 and json.loads(ok.stdout)["due"] == "2025-09-04"
