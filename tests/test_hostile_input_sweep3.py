"""Hostile input, third sweep: what the last stop noticed and left (an id of any length echoed whole, a
money amount past a double's range read from text, a one-line table on stdin read as a document, text
after a CSV cell's closing quote, a Parquet map naming a key twice, an empty folder audited as a hall).
Each hostile form is refused or named (field, record and line); the good form beside it still reads."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from govhall.cli import app
from govhall.loaders import load_dataset
from test_hostile_input import EXAMPLE, one_line_error

ITEM = {
    "code": "I1",
    "name": "某事项",
    "type": "行政许可",
    "department": "D1",
    "promised_limit": "10个工作日",
}
APP = {"id": "A1", "item_code": "I1", "received_at": "2025-09-01T09:06:00", "help_service": "agent"}


def _hall(folder: Path, apps: str, suffix: str = "jsonl") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "items.jsonl").write_text(json.dumps(ITEM, ensure_ascii=False) + "\n", encoding="utf-8")
    (folder / f"applications.{suffix}").write_text(apps, encoding="utf-8")
    return folder


# -- a money amount written as text past what a JSON number holds ------------------------------------------


def _fee_forms(value: str) -> dict[str, tuple[str, str]]:
    """The same fee written three ways: (file suffix, applications file text)."""
    line = json.dumps(APP)[:-1]
    header = "id,item_code,received_at,help_service,service_fee_charged\n"
    return {
        "json number": ("jsonl", f'{line}, "service_fee_charged": {value}}}\n'),
        "json string": ("jsonl", f'{line}, "service_fee_charged": "{value}"}}\n'),
        "csv cell": ("csv", f"{header}A1,I1,2025-09-01T09:06:00,agent,{value}\n"),
    }


@pytest.mark.parametrize("form", ["json number", "json string", "csv cell"])
@pytest.mark.parametrize("value", ["1e400", "1E+309", "2e308"])
def test_a_fee_past_a_doubles_range_is_refused_however_it_is_written(
    tmp_path: Path, form: str, value: str
) -> None:
    """``"service_fee_charged": 1e400`` was refused (a JSON number that large is infinity) while the
    same text in a CSV cell or a JSON string was read as ``Decimal('1E+400')``: a fee no hall charged,
    in a finding's message and evidence."""
    suffix, text = _fee_forms(value)[form]
    ds = load_dataset(_hall(tmp_path, text, suffix))
    assert ds.applications == []
    [rejected] = ds.rejected
    assert (rejected.field, rejected.record_id, rejected.line) == (
        "service_fee_charged",
        "A1",
        2 if suffix == "csv" else 1,
    )
    assert rejected.reason.startswith("service_fee_charged: input should be a finite number"), rejected.reason


@pytest.mark.parametrize("form", ["json number", "json string", "csv cell"])
@pytest.mark.parametrize(
    ("value", "read"), [("1e308", Decimal("1e308")), ("12.50", Decimal("12.5")), ("0", 0)]
)
def test_a_fee_a_json_number_can_hold_is_read_however_it_is_written(
    tmp_path: Path, form: str, value: str, read: Decimal
) -> None:
    suffix, text = _fee_forms(value)[form]
    ds = load_dataset(_hall(tmp_path, text, suffix))
    assert ds.rejected == []
    [app] = ds.applications
    assert app.service_fee_charged == read


# -- one JSON line on standard input: a record, as in a .jsonl file -------------------------------------

runner = CliRunner()
GOOD_ITEM = (EXAMPLE / "items.jsonl").read_text(encoding="utf-8").splitlines()[0]


@pytest.mark.parametrize("line", [GOOD_ITEM, '{"code": "X-1", "name": "某事项"}'], ids=["good", "broken"])
def test_one_json_line_on_stdin_is_read_as_the_same_line_in_a_jsonl_file(tmp_path: Path, line: str) -> None:
    """``echo '{"code": …}' | govhall check -`` said "a catalogue document needs an 'items' list": one
    line alone was read as a document, two lines as JSON lines."""
    (tmp_path / "items.jsonl").write_text(line + "\n", encoding="utf-8")
    args = ["--as-of", "2025-11-30", "-f", "json", "--fail-on", "never"]
    from_file = runner.invoke(app, ["check", str(tmp_path / "items.jsonl"), *args])
    piped = runner.invoke(app, ["check", "-", *args], input=(line + "\n").encode("utf-8"))
    assert piped.exit_code == from_file.exit_code == 0, piped.output
    file_doc, piped_doc = json.loads(from_file.stdout), json.loads(piped.stdout)
    assert piped_doc["summary"] == file_doc["summary"] and piped_doc["summary"]["records"] == 1
    assert [(r["line"], r["record_id"], r["field"]) for r in piped_doc["rejected"]] == [
        (r["line"], r["record_id"], r["field"]) for r in file_doc["rejected"]
    ]


def test_a_one_line_catalogue_document_on_stdin_is_still_a_document() -> None:
    args = ["check", "-", "--as-of", "2025-11-30", "-f", "json", "--fail-on", "never"]
    doc = runner.invoke(app, args, input=('{"items": [' + GOOD_ITEM + "]}\n").encode("utf-8"))
    assert doc.exit_code == 0, doc.output
    assert json.loads(doc.stdout)["summary"]["audited"] == 1
    typo = runner.invoke(app, args, input=b'{"itemz": []}\n')
    assert "a catalogue document needs an 'items' list" in one_line_error(typo)


# -- govhall audit FOLDER: a folder with nothing to audit -------------------------------------------------


@pytest.mark.parametrize(
    "files", [[], ["notes.txt", ".hidden.jsonl", "README.md"]], ids=["empty", "no table"]
)
def test_auditing_a_folder_with_nothing_to_read_is_a_usage_error(tmp_path: Path, files: list[str]) -> None:
    """``govhall audit EMPTY --as-of …`` reported 0 records and exited 0: a wrong path passed as clean
    (a province folder with no hall was refused already, in the same words)."""
    folder = tmp_path / "hall"
    folder.mkdir()
    (folder / "sub").mkdir()  # an empty subfolder is no hall either
    for name in files:
        (folder / name).write_text("x\n", encoding="utf-8")
    err = one_line_error(runner.invoke(app, ["audit", str(folder), "--as-of", "2025-11-30"]))
    assert err.startswith(f"govhall: error: {folder}: no hall dataset in this folder or below it"), err


@pytest.mark.parametrize(
    ("files", "records"),
    [
        ({"hall.json": '{"id": "H1", "name": "某大厅"}\n'}, 1),
        ({"hall.json": '{"id": "H1", "name": "某大厅"}\n', "applications.jsonl": ""}, 1),
    ],
    ids=["hall only", "hall and an empty table"],  # no record at all: refused (test_hostile_input_sweep6)
)
def test_a_hall_whose_tables_are_empty_is_still_audited(
    tmp_path: Path, files: dict[str, str], records: int
) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    args = ["audit", str(tmp_path), "--as-of", "2025-11-30", "-f", "json", "--fail-on", "never"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)["summary"]
    assert summary["records"] == summary["audited"] + summary["rejected"] == records


# -- govhall serve --root-path: the server's root path, not FastAPI's deprecated argument ------------------


def test_an_app_with_a_root_path_is_built_without_a_deprecation_warning() -> None:
    """``FastAPI(root_path=…)`` is deprecated (FastAPI 0.165): ``serve --root-path`` printed its warning
    at every start. The prefix is the server's now; the contract under it is unchanged."""
    import warnings

    from fastapi.testclient import TestClient

    from govhall.serve import Settings, create_app

    settings = Settings(tick_seconds=0, live_engine="plain", root_path="/govhall")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # FastAPIDeprecationWarning is a UserWarning, not a DeprecationWarning
        built = create_app(settings)
    with TestClient(built, root_path=settings.root_path) as client:
        assert client.get("/openapi.json").json()["servers"] == [{"url": "/govhall"}]
        assert "/govhall/openapi.json" in client.get("/docs").text
        assert client.get("/health").json()["status"] == "ok"
    with TestClient(create_app(Settings(tick_seconds=0, live_engine="plain"))) as client:
        assert "servers" not in client.get("/openapi.json").json()


def test_serve_root_path_serves_under_the_prefix_and_warns_of_nothing() -> None:
    """The real server: behind a proxy that strips ``/govhall`` (docs/serve.md's nginx block), the
    contract names the prefix and every path answers; nothing on stderr but the announcement."""
    import os
    import subprocess
    import sys
    import urllib.request

    command = [sys.executable, "-W", "default", "-m", "govhall", "serve", "--port", "0", "--tick", "0"]
    proc = subprocess.Popen(
        [*command, "--log-level", "warning", "--root-path", "/govhall"],
        stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONWARNINGS": "default"},
    )  # fmt: skip
    try:
        assert proc.stderr is not None
        before = []
        line = proc.stderr.readline()
        while line and "http://" not in line:
            before.append(line)
            line = proc.stderr.readline()
        assert not any("deprecat" in b.lower() for b in before), before
        url = next(word for word in line.split() if word.startswith("http://"))
        for _ in range(100):
            try:
                with urllib.request.urlopen(url + "/openapi.json", timeout=5) as r:
                    contract = json.loads(r.read())
                break
            except OSError:
                __import__("time").sleep(0.1)
        else:
            raise AssertionError(f"nothing listens on {url}")
        assert contract["servers"] == [{"url": "/govhall"}]
        with urllib.request.urlopen(url + "/health", timeout=5) as r:
            assert json.loads(r.read())["status"] == "ok"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


# -- an id of any length, echoed in an error ------------------------------------------------------------

HUGE = "A" * 100_000


def test_a_huge_id_in_a_rejected_row_is_echoed_cut_short(tmp_path: Path) -> None:
    """A CSV row whose first cell held 100,000 characters was rejected with all of them as its record id
    (and again in every report line about it); the same for a JSON line, a duplicate id and an unknown
    item code. Cut to MAX_ECHOED_ID characters with an ellipsis; the line and source still place it."""
    from govhall.errors import MAX_ECHOED_ID

    header = "id,item_code,received_at\n"
    rows = f"{HUGE},I1,not a date\n{HUGE}B,I1,2025-09-01T09:00\n{HUGE}B,I1,2025-09-01T10:00\n"
    rows += f"{'C' * 20},{HUGE},2025-09-01T09:00\n"
    ds = load_dataset(_hall(tmp_path / "csv", header + rows, "csv"))
    jsonl = json.dumps({"id": HUGE, "item_code": "I1", "received_at": 5}) + "\n"
    ds_jsonl = load_dataset(_hall(tmp_path / "jsonl", jsonl))
    rejected = [*ds.rejected, *ds_jsonl.rejected]
    assert [(r.line, r.field) for r in rejected] == [
        (2, "received_at"), (4, "id"), (5, "item_code"), (1, "received_at")
    ]  # fmt: skip
    cut = HUGE[: MAX_ECHOED_ID - 1] + "…"
    assert [r.record_id for r in rejected] == [cut, cut, "C" * 20, cut]
    assert all(len(r.reason) < 400 for r in rejected), [len(r.reason) for r in rejected]
    assert f"duplicate id {cut!r}: already used at applications line 3 of" in rejected[1].reason
    assert rejected[2].reason.startswith(f"item_code {cut!r} is not in the items table")


def test_an_id_within_the_bound_is_echoed_whole_and_an_accepted_id_is_kept_whole(tmp_path: Path) -> None:
    from govhall.errors import MAX_ECHOED_ID

    just = "A" * MAX_ECHOED_ID
    rows = f"id,item_code,received_at\n{just},I1,not a date\n{HUGE},I1,2025-09-01T09:00\n"
    ds = load_dataset(_hall(tmp_path, rows, "csv"))
    assert [r.record_id for r in ds.rejected] == [just]
    assert [a.id for a in ds.applications] == [HUGE]  # data is data: only what an error echoes is cut


def test_a_live_event_for_a_huge_unknown_id_is_recorded_with_the_id_cut_short() -> None:
    from datetime import datetime

    from govhall.errors import MAX_ECHOED_ID
    from govhall.live import MemoryStore, SimulatedClock, Supervisor

    sup = Supervisor(SimulatedClock(datetime(2025, 9, 1, 9, 0)), MemoryStore(), rules=[], hold_limit=0)
    sup.post({"application_id": HUGE, "kind": "accepted", "at": "2025-09-01T09:00"})
    sup.post({"table": HUGE})
    [too_long, unknown] = sup.unknown_events()
    cut = HUGE[: MAX_ECHOED_ID - 1] + "…"
    # an id past MAX_ID_CHARS is invalid since round 7 (it was no_subject): still cut where echoed
    assert (too_long.reason, unknown.reason) == ("invalid", "unknown_type")
    assert too_long.detail.startswith(f"application_id: an id of {len(HUGE)} characters ({cut!r})"), (
        too_long.detail
    )
    assert unknown.detail == f"no rule handles {cut!r}", unknown.detail
    sup.close()


# -- a Parquet map naming a key twice ---------------------------------------------------------------------

EVALUATION = {
    "id": "EV-1", "at": "2025-09-01T09:35:00", "level": "satisfied", "channel": "device", "staff_id": "S-1",
}  # fmt: skip


def test_a_parquet_map_naming_a_key_twice_is_refused_as_the_same_json_object_is(tmp_path: Path) -> None:
    """A ``map`` column is a list of key-value pairs and may repeat a key: ``dimensions`` with
    ``attitude`` twice was read last-wins, where the same object in JSON is refused (duplicate-key)."""
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    pairs = [
        [("attitude", "satisfied"), ("quality", "satisfied"), ("attitude", "dissatisfied")],
        [("attitude", "satisfied"), ("quality", "dissatisfied")],
    ]
    columns = {k: pa.array([v, v.replace("1", "2")] if k == "id" else [v, v]) for k, v in EVALUATION.items()}
    columns["dimensions"] = pa.array(pairs, type=pa.map_(pa.string(), pa.string()))
    (tmp_path / "pq").mkdir()
    pq.write_table(pa.table(columns), tmp_path / "pq" / "evaluations.parquet")
    from_parquet = load_dataset(tmp_path / "pq")
    head = json.dumps(EVALUATION)[:-1]
    lines = [
        head
        + ', "dimensions": {"attitude": "satisfied", "quality": "satisfied", "attitude": "dissatisfied"}}',
        head.replace("EV-1", "EV-2")
        + ', "dimensions": {"attitude": "satisfied", "quality": "dissatisfied"}}',
    ]
    (tmp_path / "jl").mkdir()
    (tmp_path / "jl" / "evaluations.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    from_jsonl = load_dataset(tmp_path / "jl")
    for ds in (from_parquet, from_jsonl):
        [rejected] = ds.rejected
        assert (rejected.line, rejected.record_id, rejected.field) == (1, "EV-1", "dimensions.attitude")
        assert "the key 'attitude' appears twice in one object (in dimensions)" in rejected.reason
        [kept] = ds.evaluations
        assert kept.id == "EV-2" and kept.dimensions == {"attitude": "satisfied", "quality": "dissatisfied"}
    assert from_parquet.rejected[0].reason == from_jsonl.rejected[0].reason


# -- CSV: text after a cell's closing quote ------------------------------------------------------------------

CSV_HEAD = "id,item_code,received_at,lead_department\n"


@pytest.mark.parametrize(
    ("row", "line", "at"),
    [
        ('A1,I1,2025-09-01T09:00,"ab"c\n', 2, 28),
        ('A1,I1,2025-09-01T09:00,"ab" \n', 2, 28),  # a space after the quote is text too
        ('A1,I1,2025-09-01T09:00,"a,b"c,\n', 2, 29),
        ('A1,I1,2025-09-01T09:00,"a""b"c\n', 2, 30),
    ],
)
def test_text_after_a_closing_quote_is_refused_naming_line_character_and_column(
    tmp_path: Path, row: str, line: int, at: int
) -> None:
    """``"ab"c`` was read the csv module's way, as ``abc``: a malformed cell (a quote meant inside it, a
    cell cut by a stray quote) passed as a value nobody wrote. The rows around it are read."""
    ds = load_dataset(_hall(tmp_path, CSV_HEAD + row + "A2,I1,2025-09-01T10:00,D\n", "csv"))
    assert [a.id for a in ds.applications] == ["A2"]
    [rejected] = ds.rejected
    assert (rejected.line, rejected.record_id, rejected.field) == (line, "A1", "lead_department")
    assert rejected.reason.startswith(
        f"the cell of column 'lead_department' has text after its closing quote on line {line} (character {at})"
    ), rejected.reason


def test_a_quote_closed_by_text_on_a_later_line_of_a_row_is_named_on_its_own_line(tmp_path: Path) -> None:
    rows = 'A1,I1,2025-09-01T09:00,"x\ny"\nA2,I1,2025-09-01T09:00,"ab"cd\nA3,I1,2025-09-01T09:00,\n'
    ds = load_dataset(_hall(tmp_path, CSV_HEAD + rows, "csv"))
    assert [a.id for a in ds.applications] == ["A1", "A3"]  # A1's cell spans lines 2-3; A2 starts on line 4
    [rejected] = ds.rejected
    assert (rejected.line, rejected.record_id) == (4, "A2")
    assert "has text after its closing quote on line 4 (character 28)" in rejected.reason


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet='ab ",\n\r"“”', max_size=8), min_size=1, max_size=4))
def test_cells_written_by_a_csv_writer_are_read_back_unchanged(cells: list[str]) -> None:
    """The good side: whatever a CSV writer quotes (quotes, commas, line ends inside a cell) reads back
    as written, so refusing text after a closing quote refuses only what no writer writes."""
    import csv
    import io
    import tempfile

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "item_code", "received_at", "lead_department"])
    for i, cell in enumerate(cells):
        writer.writerow([f"A{i}", "I1", "2025-09-01T09:00", "x" + cell.replace("\r", "")])
    with tempfile.TemporaryDirectory() as folder:
        ds = load_dataset(_hall(Path(folder), out.getvalue(), "csv"))
    assert ds.rejected == []
    assert [a.lead_department for a in ds.applications] == [
        ("x" + c.replace("\r", "")).strip() for c in cells
    ]


@pytest.mark.parametrize(
    "value", ["govhall", "//evil.example", "/gov hall", "/x?y", "/x#y", "/a//b", "/a\nb"]
)
def test_a_root_path_no_client_could_use_is_a_usage_error(value: str) -> None:
    """``--root-path govhall`` made the contract's ``servers`` a relative URL, ``//evil.example`` one on
    another host, and a space or line end a URL nobody can call; the service started regardless."""
    err = one_line_error(runner.invoke(app, ["serve", "--root-path", value, "--tick", "0"]))
    assert err.startswith("govhall: error: --root-path: expected a path prefix such as /govhall"), err


@pytest.mark.parametrize(
    ("value", "given"),
    [("/govhall", "/govhall"), ("/govhall/", "/govhall"), ("/a/政务", "/a/政务"), ("/", "")],
)
def test_a_usable_root_path_is_given_to_the_server(
    monkeypatch: pytest.MonkeyPatch, value: str, given: str
) -> None:
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    result = runner.invoke(app, ["serve", "--root-path", value, "--port", "0", "--tick", "0"])
    assert result.exit_code == 0, result.output
    [kw] = calls
    assert kw["root_path"] == given


# -- --output over the input ----------------------------------------------------------------------------------


def _copy_example(folder: Path) -> Path:
    folder.mkdir()
    for name in ("items.jsonl", "staff.jsonl", "windows.jsonl"):
        (folder / name).write_bytes((EXAMPLE / name).read_bytes())
    return folder


@pytest.mark.parametrize(
    ("args", "output"),
    [
        (["check", "{hall}/items.jsonl"], "{hall}/items.jsonl"),
        (["check", "{hall}/items.jsonl"], "{hall}/../hall/items.jsonl"),
        (["check", "{hall}"], "{hall}/items.json"),
        (["audit", "{hall}"], "{hall}/applications.csv"),
        (["audit", "{hall}"], "{hall}/meta.json"),
        (["audit", "{hall}", "--profile", "{hall}/../profile.yaml"], "{hall}/../profile.yaml"),
    ],
)
def test_an_output_over_the_input_is_refused_before_anything_is_written(
    tmp_path: Path, args: list[str], output: str
) -> None:
    """``govhall check items.jsonl -o items.jsonl`` replaced the catalogue with its report (exit 0), and
    ``audit hall -o hall/applications.csv`` wrote a report where the next audit reads a table."""
    hall = _copy_example(tmp_path / "hall")
    (tmp_path / "profile.yaml").write_text("parameters: {}\n", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in [*hall.iterdir(), tmp_path / "profile.yaml"]}
    filled = [a.format(hall=hall) for a in args]
    err = one_line_error(
        runner.invoke(app, [*filled, "-o", output.format(hall=hall), "--as-of", "2025-11-30"])
    )
    assert err.startswith("govhall: error: --output: "), err
    after = {p.name: p.read_bytes() for p in [*hall.iterdir(), tmp_path / "profile.yaml"]}
    assert after == before


def test_a_report_beside_the_data_under_another_name_is_written(tmp_path: Path) -> None:
    hall = _copy_example(tmp_path / "hall")
    for args, output in [
        (["check", str(hall / "items.jsonl")], hall / "check.txt"),
        (["audit", str(hall)], tmp_path / "a.json"),
    ]:
        result = runner.invoke(app, [*args, "-o", str(output), "--as-of", "2025-11-30", "--fail-on", "never"])
        assert result.exit_code == 0, result.output
        assert output.read_text(encoding="utf-8").strip()


def test_a_checklist_written_over_its_hall_profile_is_refused(tmp_path: Path) -> None:
    profile = tmp_path / "hall.yaml"
    profile.write_text("name: 某大厅\n", encoding="utf-8")
    args = ["checklist", "--standard", "db23-hlj-2023", "--hall", str(profile)]
    err = one_line_error(runner.invoke(app, [*args, "-o", str(tmp_path / "." / "hall.yaml")]))
    assert err.startswith("govhall: error: --output: ") and "hall profile" in err, err
    assert profile.read_text(encoding="utf-8") == "name: 某大厅\n"
    result = runner.invoke(app, [*args, "-o", str(tmp_path / "form.html")])
    assert result.exit_code == 0 and "某大厅" in (tmp_path / "form.html").read_text(encoding="utf-8")


def test_standard_input_given_twice_to_check_is_refused_before_any_report() -> None:
    """``check - -`` checked the piped catalogue, printed its report, then failed on an empty pipe."""
    result = runner.invoke(
        app, ["check", "-", "-", "--as-of", "2025-11-30"], input=(GOOD_ITEM + "\n").encode()
    )
    assert "given more than once" in one_line_error(result)
    assert result.stdout == ""


def test_standard_input_given_twice_to_test_is_refused_and_once_is_read() -> None:
    """``govhall test - -``: the second read emptied the copy the first was read from."""
    case = "cases:\n  - name: x\n    deadline: {start: 2025-09-26, limit: 1天}\n    expect: {due: '2025-09-28'}\n"
    err = one_line_error(runner.invoke(app, ["test", "-", "-"], input=case.encode()))
    assert "given more than once" in err, err
    once = runner.invoke(app, ["test", "-", "--json"], input=case.encode())
    assert once.exit_code in (0, 1), once.output
    doc = json.loads(once.stdout)
    assert doc["passed"] + doc["failed"] == 1 and doc["cases"][0]["file"] == "<stdin>"


def test_a_huge_key_is_echoed_cut_short_as_an_id_is(tmp_path: Path) -> None:
    """An unknown key of 100,000 characters came back whole as the rejected record's field and in its
    reason ("unknown field 'KKKK…'"), and so did a key given twice."""
    from govhall.errors import MAX_ECHOED_ID

    key = "K" * 100_000

    def head(n: int) -> str:
        return json.dumps({**APP, "id": f"A{n}"})[:-1]

    lines = [
        head(1) + f', "{key}": 1}}',
        head(2) + f', "applicant": {{"{key}": 1}}}}',
        head(3) + f', "{key}": 1, "{key}": 2}}',
        head(4) + ', "sigposted": 1}',  # a short unknown key is echoed whole
    ]
    ds = load_dataset(_hall(tmp_path, "\n".join(lines) + "\n"))
    cut = key[: MAX_ECHOED_ID - 1] + "…"
    assert [(r.record_id, r.field) for r in ds.rejected] == [
        ("A1", cut), ("A2", ("applicant." + key)[: MAX_ECHOED_ID - 1] + "…"), ("A3", cut), ("A4", "sigposted")
    ]  # fmt: skip
    assert all(len(r.reason) < 400 for r in ds.rejected), [len(r.reason) for r in ds.rejected]
    assert ds.rejected[0].reason.startswith(f"unknown field {cut!r} (see")
    assert ds.rejected[2].reason.startswith(f"the key {cut!r} appears twice in one object")
    assert ds.rejected[3].reason.startswith("unknown field 'sigposted'")


def test_the_service_echoes_a_huge_key_of_the_body_cut_short() -> None:
    from fastapi.testclient import TestClient

    from govhall.errors import MAX_ECHOED_ID
    from govhall.serve import Settings, create_app

    key = "K" * 100_000
    cut = key[: MAX_ECHOED_ID - 1] + "…"
    with TestClient(create_app(Settings(tick_seconds=0, live_engine="plain"))) as client:
        extra = client.post("/v1/deadlines", json={"start": "2025-01-02", "limit": "1天", key: 1})
        twice = client.post(
            "/v1/deadlines",
            content=f'{{"start": "2025-01-02", "limit": "1天", "{key}": 1, "{key}": 2}}'.encode(),
            headers={"content-type": "application/json"},
        )
        good = client.post("/v1/deadlines", json={"start": "2025-01-02", "limit": "1天"})
    assert extra.status_code == twice.status_code == 422
    assert len(extra.text) < 1000 and extra.json()["errors"][0]["loc"] == ["body", cut]
    assert len(twice.text) < 1000 and twice.json()["key"] == cut
    assert good.status_code == 200


@pytest.mark.parametrize(
    ("header", "row", "needle"),
    [
        ("{key}\n", "x\n", "the header row names no field of the applications table ('{cut}')"),
        ("id,{key},{key}\n", "A1,1,2\n", "column '{cut}' appears more than once in the header"),
    ],
    ids=["no known column", "column twice"],
)
def test_a_huge_csv_column_name_is_echoed_cut_short(
    tmp_path: Path, header: str, row: str, needle: str
) -> None:
    from govhall.errors import MAX_ECHOED_ID

    key = "K" * 100_000
    cut = key[: MAX_ECHOED_ID - 1] + "…"
    ds = load_dataset(_hall(tmp_path, header.format(key=key) + row, "csv"))
    assert needle.format(cut=cut) in ds.rejected[0].reason
    assert all(len(r.reason) < 400 for r in ds.rejected), [r.reason[:300] for r in ds.rejected]


# -- serve --cors-origin: an origin no browser sends --------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["https://hall.example/", "hall.example", "HTTPS://Hall.example", "https://a.b/app"]
)
def test_a_cors_origin_no_browser_sends_is_a_usage_error(value: str) -> None:
    """A browser's Origin is scheme://host[:port] in lower case, and Starlette compares it exactly:
    ``--cors-origin https://hall.example/`` matched no request, so CORS stayed off without a word."""
    err = one_line_error(runner.invoke(app, ["serve", "--cors-origin", value, "--tick", "0"]))
    assert err.startswith("govhall: error: --cors-origin: expected an origin such as"), err
    assert repr(value) in err


def test_a_cors_origin_as_browsers_send_it_is_allowed() -> None:
    from fastapi.testclient import TestClient

    from govhall.serve import Settings, create_app
    from govhall.serve.settings import settings_problem

    for origin in ("https://hall.example", "http://localhost:8080", "http://[::1]:3000", "*"):
        assert settings_problem(Settings(cors_origins=(origin,), tick_seconds=0)) is None, origin
    built = create_app(Settings(cors_origins=("https://hall.example",), tick_seconds=0, live_engine="plain"))
    with TestClient(built) as client:
        answer = client.get("/health", headers={"Origin": "https://hall.example"})
    assert answer.headers["access-control-allow-origin"] == "https://hall.example"


# -- an id of spaces alone ----------------------------------------------------------------------------------


@pytest.mark.parametrize("blank", ["", "   ", "\u3000"])
def test_an_id_of_spaces_alone_is_refused_as_an_empty_csv_cell_is(tmp_path: Path, blank: str) -> None:
    """``"id": "   "`` (or ``""``) was accepted as the id ``""`` (strings are stripped): a record no
    report could name, while the same blank CSV cell was already "required field 'id' is missing"."""
    lines = [json.dumps({**APP, "id": blank}), json.dumps({**APP, "id": "A2"})]
    ds = load_dataset(_hall(tmp_path, "\n".join(lines) + "\n"))
    assert [a.id for a in ds.applications] == ["A2"]
    [rejected] = ds.rejected
    assert (rejected.line, rejected.field, rejected.record_id) == (1, "id", None)
    assert rejected.reason.startswith("id: string should have at least 1 character"), rejected.reason
    items = load_dataset({"items": [{**ITEM, "code": blank}, ITEM]})
    assert [i.code for i in items.items] == ["I1"] and items.rejected[0].field == "code"


# -- live supervision: a record dated outside the calendar ---------------------------------------------------


def test_live_refuses_a_record_dated_outside_the_calendar_as_the_batch_audit_does() -> None:
    """An application received in 2205 (a mistyped 2025) was accepted live, and every rule counting
    time from it failed at every tick (a rule error); the batch audit rejects that record. Now it is
    recorded invalid, in the batch audit's words; the record beside it is supervised as before."""
    from datetime import datetime

    from govhall.live import MemoryStore, SimulatedClock, Supervisor
    from govhall.models import Item

    sup = Supervisor(SimulatedClock(datetime(2025, 9, 1, 9, 0)), MemoryStore())
    sup.post(Item(**ITEM))
    typo = sup.post(
        {"table": "applications", "id": "A1", "item_code": "I1", "received_at": "2205-09-01T09:00"}
    )
    good = sup.post(
        {"table": "applications", "id": "A2", "item_code": "I1", "received_at": "2025-09-01T09:00"}
    )
    late = sup.post({"application_id": "A2", "kind": "accepted", "at": "2250-09-01T10:00"})
    assert (typo.accepted, typo.reason, good.accepted, late.accepted, late.reason) == (
        False, "invalid", True, False, "invalid"
    )  # fmt: skip
    assert typo.detail is not None and typo.detail.startswith(
        "received_at 2205-09-01T09:00:00 is outside the CN calendar's supported range"
    ), typo.detail
    assert late.detail is not None and late.detail.startswith("at 2250-09-01T10:00:00 is outside"), (
        late.detail
    )
    sup.tick()
    assert [n.message for n in sup.notes if n.kind == "rule_error"] == []
    sup.close()
    import govhall

    document = {"items": [ITEM], "applications": [{**APP, "received_at": "2205-09-01T09:00"}]}
    report = govhall.audit(load_dataset(document, as_of=datetime(2025, 11, 30).date()))
    assert [r.reason for r in report.rejected] == [typo.detail]


def _complaint(**changes: Any) -> dict[str, Any]:
    first = (EXAMPLE / "complaints.jsonl").read_text(encoding="utf-8").splitlines()[0]
    return {**json.loads(first), **changes}


def test_screening_a_complaint_dated_outside_the_calendar_names_the_field_and_the_complaint() -> None:
    """``govhall screen`` (and the service) said only "date 2205-09-01 is outside …": which field, which
    complaint? The good complaint beside it is screened as before."""
    from fastapi.testclient import TestClient

    from govhall.serve import Settings, create_app

    typo = _complaint(received_at="2205-09-01T09:00")
    err = one_line_error(
        runner.invoke(app, ["screen", "-"], input=json.dumps(typo, ensure_ascii=False).encode())
    )
    assert err.startswith(
        f"govhall: error: <stdin>: complaint {typo['id']}: received_at 2205-09-01T09:00:00 is outside the CN "
        "calendar's supported range"
    ), err
    good = runner.invoke(
        app, ["screen", "-", "--json"], input=json.dumps(_complaint(), ensure_ascii=False).encode()
    )
    assert good.exit_code == 0 and json.loads(good.stdout)["id"] == typo["id"]
    with TestClient(create_app(Settings(tick_seconds=0, live_engine="plain"))) as client:
        refused = client.post("/v1/complaints/screen", json=typo)
        screened = client.post("/v1/complaints/screen", json=_complaint())
    assert refused.status_code == 422 and refused.json()["field"] == "body.received_at", refused.text
    assert refused.json()["type"].endswith("/date-out-of-range")
    assert screened.status_code == 200


def test_one_record_line_on_stdin_to_audit_is_refused_as_two_lines_are() -> None:
    """``audit -`` refused two application lines ("holds table rows") but read one as a document of 24
    unknown tables ('id', 'item_code', …); one line is now refused alike. A one-line document, or one
    naming a misspelt table, is still a document."""
    line = (EXAMPLE / "applications.jsonl").read_text(encoding="utf-8").splitlines()[0]
    for text in (line, line + "\n" + line):
        err = one_line_error(runner.invoke(app, ["audit", "-", "--as-of", "2025-11-30"], input=text.encode()))
        assert "standard input holds table rows; give a dataset document" in err, err
    args = ["audit", "-", "--as-of", "2025-11-30", "-f", "json", "--fail-on", "never"]
    typo = runner.invoke(app, args, input=b'{"aplications": []}\n')
    assert [r["reason"][:40] for r in json.loads(typo.stdout)["rejected"]] == [
        "unknown table 'aplications'; did you mea"
    ]
    document = runner.invoke(app, args, input=('{"items": [' + GOOD_ITEM + "]}\n").encode())
    assert json.loads(document.stdout)["summary"]["audited"] == 1
