"""Parquet tables: same records, same validation, same rejected accounting, same findings as JSONL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

if os.environ.get("CI"):  # the [parquet] extra is part of [test]: in CI a missing pyarrow is a failure
    import pyarrow as pa
else:
    pa = pytest.importorskip("pyarrow")
import pyarrow.parquet as pq  # noqa: E402

import govhall  # noqa: E402
from govhall.errors import ExtraMissingError  # noqa: E402
from govhall.loaders import load_dataset  # noqa: E402
from govhall.models import Dataset  # noqa: E402
from govhall.parquet import arrow_schema, arrow_schema_json  # noqa: E402
from govhall.reports import render  # noqa: E402
from govhall.testing import dataset_documents  # noqa: E402
from parquet_helpers import folder_to_parquet, records_to_parquet  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ITEM = {
    "code": "I1",
    "name": "食品经营许可",
    "type": "行政许可",
    "department": "市场监管局",
    "promised_limit": "10个工作日",
}


def dumped(ds: Dataset) -> dict[str, Any]:
    """The dataset's values (Python mode: Decimal('6.30') == Decimal('6.3'), the same amount)."""
    out = ds.model_dump(exclude={"source", "rejected"})
    out["rejected"] = [r.model_dump(exclude={"source"}) for r in ds.rejected]
    return out


def write_jsonl(folder: Path, table: str, records: list[dict[str, Any]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    text = "".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in records)
    (folder / f"{table}.jsonl").write_text(text, encoding="utf-8")


# -- the example hall as Parquet -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example_pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Dataset, Dataset]:
    out = folder_to_parquet(govhall.example_dir(), tmp_path_factory.mktemp("pq") / "example")
    assert (
        sorted(p.suffix for p in out.iterdir() if p.name != "meta.json") == [".parquet"] * 12
    )  # 12 tables since issue #16 added inspections
    return load_dataset(govhall.example_dir()), load_dataset(out)


def test_example_hall_as_parquet_loads_the_same_records(example_pair: tuple[Dataset, Dataset]) -> None:
    jsonl, parquet = example_pair
    assert parquet.records == jsonl.records == parquet.audited + len(parquet.rejected)
    assert parquet.rejected == []
    assert dumped(parquet) == dumped(jsonl)


@pytest.fixture(scope="module")
def example_reports(example_pair: tuple[Dataset, Dataset]) -> tuple[Any, Any]:
    return govhall.audit(example_pair[0]), govhall.audit(example_pair[1])


@pytest.mark.parametrize("fmt", ["json", "sarif", "md"])
def test_example_hall_as_parquet_gives_the_same_report(
    example_pair: tuple[Dataset, Dataset], example_reports: tuple[Any, Any], fmt: str
) -> None:
    jsonl, parquet = example_pair
    a = render(example_reports[0], fmt)
    b = render(example_reports[1], fmt)
    if fmt == "sarif":
        # The same results, rules and fingerprints; only where they point differs: a JSONL line has a
        # region (startLine), a Parquet row has none, and the two tables live in different folders.
        sa, sb = _without_physical_locations(json.loads(a)), _without_physical_locations(json.loads(b))
        assert sa == sb
        assert any(loc["physicalLocation"]["artifactLocation"]["uri"].endswith(".parquet")
                   for r in json.loads(b)["runs"][0]["results"] for loc in r.get("locations", []))  # fmt: skip
        return
    assert str(parquet.source) in b
    b = b.replace(str(parquet.source), str(jsonl.source))
    assert a == b
    if fmt == "json":
        assert len(json.loads(a)["findings"]) > 50  # the planted violations are there, not an empty report


def _without_physical_locations(log: dict[str, Any]) -> dict[str, Any]:
    run = log["runs"][0]
    run.pop("artifacts", None)
    run.pop("originalUriBaseIds", None)
    run["properties"].pop("source")
    for r in run["results"]:
        for loc in r.get("locations", []):
            loc.pop("physicalLocation", None)
            loc.pop("properties", None)  # a JSON pointer into a JSON document table (hall.json)
    return log


def test_events_as_a_separate_parquet_table(tmp_path: Path) -> None:
    """Events may come as rows of an ``events`` table instead of a list inside their application."""
    src = govhall.example_dir()
    apps = [json.loads(x) for x in (src / "applications.jsonl").read_text(encoding="utf-8").splitlines()][
        :120
    ]
    items = [json.loads(x) for x in (src / "items.jsonl").read_text(encoding="utf-8").splitlines()]
    # the platform's event log: all applications interleaved in time order (ties keep their order)
    events = sorted((ev for a in apps for ev in a["events"]), key=lambda ev: ev["at"])
    bare = [{k: v for k, v in a.items() if k != "events"} for a in apps]
    out = tmp_path / "hall"
    out.mkdir()
    records_to_parquet(items, "items", out / "items.parquet")
    records_to_parquet(bare, "applications", out / "applications.parquet")
    records_to_parquet(events, "events", out / "events.parquet")
    split = load_dataset(out, as_of=datetime(2025, 10, 31).date())
    embedded = load_dataset({"items": items, "applications": apps, "as_of": "2025-10-31"})
    assert split.rejected == []
    assert split.records == len(items) + len(apps) + len(events)
    assert split.audited == split.records
    assert [a.model_dump() for a in split.applications] == [a.model_dump() for a in embedded.applications]
    split.source = embedded.source = "hall"  # without a hall record the hall is named after its source
    a, b = (json.loads(render(govhall.audit(ds), "json")) for ds in (split, embedded))
    assert a["findings"] and a["findings"] == b["findings"]  # records differ: event rows count as records
    assert a["summary"]["findings"] == b["summary"]["findings"]


# -- wrong types: rejected exactly as the same values in JSONL --------------------------------------------


T = pa.timestamp("us")
APPS = [
    # row 1: valid
    {"id": "A1", "item_code": "I1", "received_at": "2025-11-03T09:00:00", "service_fee_charged": "0",
     "meets_conditions": "true", "events": [{"kind": "received", "at": "2025-11-03T09:00:00"}]},
    # row 2: required timestamp null (= missing)
    {"id": "A2", "item_code": "I1", "received_at": None},
    # row 3: money that is not a number
    {"id": "A3", "item_code": "I1", "received_at": "2025-11-03T10:00:00", "service_fee_charged": "免费"},
    # row 4: an embedded event of an unknown kind
    {"id": "A4", "item_code": "I1", "received_at": "2025-11-03T11:00:00",
     "events": [{"kind": "received", "at": "2025-11-03T11:00:00"}, {"kind": "teleported", "at": "2025-11-03T12:00:00"}]},
    # row 5: the id of row 1 again
    {"id": "A1", "item_code": "I1", "received_at": "2025-11-04T09:00:00"},
    # row 6: an item that does not exist
    {"id": "A6", "item_code": "I9", "received_at": "2025-11-04T09:30:00"},
    # row 7: a yes/no field holding something else
    {"id": "A7", "item_code": "I1", "received_at": "2025-11-04T10:00:00", "meets_conditions": "maybe"},
]  # fmt: skip
APPS_SCHEMA = pa.schema([
    ("id", pa.string()), ("item_code", pa.string()), ("received_at", T),
    ("service_fee_charged", pa.string()),  # a platform that exports money as text
    ("meets_conditions", pa.string()),  # and yes/no as text
    ("events", pa.list_(pa.struct([("kind", pa.string()), ("at", T)]))),
])  # fmt: skip
STAFF = [  # a platform that exports staff numbers as integers, and windows as one text
    {"id": 1, "role": "window_staff", "rank": 3, "windows": "W1"},
    {"id": 2, "role": "window_staff", "rank": 2, "windows": None},
    {"id": 3, "role": "window_staff", "rank": 1, "windows": None},
]
STAFF_SCHEMA = pa.schema(
    [("id", pa.int64()), ("role", pa.string()), ("rank", pa.int64()), ("windows", pa.string())]
)
WINDOWS = [
    {"id": "W1", "kind": "comprehensive", "sigposted": None},
    {"id": "W2", "kind": "综合窗口", "sigposted": True},
]
WINDOWS_SCHEMA = pa.schema([("id", pa.string()), ("kind", pa.string()), ("sigposted", pa.bool_())])


def _arrow_rows(rows: list[dict[str, Any]], schema: Any) -> Any:
    def conv(value: Any, t: Any) -> Any:
        if value is None:
            return None
        if pa.types.is_timestamp(t):
            return datetime.fromisoformat(value)
        if pa.types.is_list(t):
            return [conv(v, t.value_type) for v in value]
        if pa.types.is_struct(t):
            return {f.name: conv(value.get(f.name), f.type) for f in t}
        return value

    return pa.Table.from_pylist(
        [{f.name: conv(r.get(f.name), f.type) for f in schema} for r in rows], schema=schema
    )


@pytest.fixture(scope="module")
def wrong_types(tmp_path_factory: pytest.TempPathFactory) -> tuple[Dataset, Dataset]:
    base = tmp_path_factory.mktemp("wrong")
    pq_dir, js_dir = base / "pq", base / "js"
    pq_dir.mkdir()
    staff = STAFF
    records_to_parquet([ITEM], "items", pq_dir / "items.parquet")
    pq.write_table(_arrow_rows(APPS, APPS_SCHEMA), pq_dir / "applications.parquet")
    pq.write_table(_arrow_rows(staff, STAFF_SCHEMA), pq_dir / "staff.parquet")
    pq.write_table(_arrow_rows(WINDOWS, WINDOWS_SCHEMA), pq_dir / "windows.parquet")
    write_jsonl(js_dir, "items", [ITEM])
    # JSONL spelling of the same values: nulls of known fields are absent keys (a null is a missing value)
    write_jsonl(js_dir, "applications", [{k: v for k, v in r.items() if v is not None} for r in APPS])
    write_jsonl(js_dir, "staff", [{k: v for k, v in r.items() if v is not None} for r in staff])
    write_jsonl(js_dir, "windows", WINDOWS)  # the misspelt column keeps its null: it is not a known field
    return load_dataset(pq_dir), load_dataset(js_dir)


def test_wrong_types_are_rejected_naming_table_row_and_field(wrong_types: tuple[Dataset, Dataset]) -> None:
    ds, _ = wrong_types
    assert ds.records == 1 + 7 + 3 + 2 == ds.audited + len(ds.rejected)
    got = {(r.table, r.line): r for r in ds.rejected}
    assert {k: got[k].field for k in got} == {
        ("staff", 1): "id", ("staff", 2): "id", ("staff", 3): "id",  # integer ids are not strings
        ("windows", 1): "sigposted", ("windows", 2): "sigposted",  # unknown column, even where empty
        ("applications", 2): "received_at", ("applications", 3): "service_fee_charged",
        ("applications", 4): "events.1.kind", ("applications", 5): "id", ("applications", 6): "item_code",
        ("applications", 7): "meets_conditions",
    }  # fmt: skip
    assert "required field 'received_at' is missing" in got["applications", 2].reason
    assert "'teleported' is not an allowed value" in got["applications", 4].reason
    assert "already used at applications line 1 of applications.parquet" in got["applications", 5].reason
    assert "did you mean 'signposted'" in got["windows", 1].reason
    assert all(r.source and r.source.endswith(f"{r.table}.parquet") for r in ds.rejected)
    assert [a.id for a in ds.applications] == ["A1"]
    assert ds.applications[0].meets_conditions is True and ds.applications[0].events[0].application_id == "A1"


def test_wrong_types_are_rejected_exactly_as_the_same_values_in_jsonl(
    wrong_types: tuple[Dataset, Dataset],
) -> None:
    parquet, jsonl = wrong_types

    def key(ds: Dataset, suffix: str) -> list[tuple[Any, ...]]:
        # pydantic names a list an "array" when it validates JSON text, a "list" for Python values
        return [
            (r.table, r.line, r.record_id, r.field, r.reason.replace(suffix, ".X").replace("valid array", "valid list"),
             Path(r.source or "").stem)
            for r in ds.rejected
        ]  # fmt: skip

    assert key(parquet, ".parquet") == key(jsonl, ".jsonl")
    assert (parquet.records, parquet.audited) == (jsonl.records, jsonl.audited)


def test_a_file_that_is_not_parquet_is_one_rejected_record(tmp_path: Path) -> None:
    write_jsonl(tmp_path, "items", [ITEM])
    (tmp_path / "applications.parquet").write_text('{"id": "A1"}\n', encoding="utf-8")
    ds = load_dataset(tmp_path)
    assert ds.records == 2 and ds.audited == 1
    (r,) = ds.rejected
    assert (r.table, r.line) == ("applications", None)
    assert r.source == str(tmp_path / "applications.parquet") and "not a readable Parquet file" in r.reason


def test_a_truncated_parquet_file_is_reported_not_lost(tmp_path: Path) -> None:
    records_to_parquet([ITEM], "items", tmp_path / "items.parquet")
    full = tmp_path / "whole" / "applications.parquet"
    full.parent.mkdir()
    apps = [{"id": f"A{i}", "item_code": "I1", "received_at": "2025-11-03T09:00:00"} for i in range(50)]
    records_to_parquet(apps, "applications", full)
    data = full.read_bytes()
    (tmp_path / "applications.parquet").write_bytes(data[: len(data) // 2])
    ds = load_dataset(tmp_path)
    assert ds.records == ds.audited + len(ds.rejected) and len(ds.rejected) == 1
    assert ds.rejected[0].table == "applications" and "Parquet" in ds.rejected[0].reason


def test_decimal_scale_padding_does_not_change_messages(tmp_path: Path) -> None:
    """50.00 in a decimal128(18, 2) column reads as the 50 a JSON file carries (messages cite it)."""
    records_to_parquet([ITEM], "items", tmp_path / "items.parquet")
    apps = [
        {"id": "A1", "item_code": "I1", "received_at": "2025-11-03T09:00:00", "service_fee_charged": 50},
        {"id": "A2", "item_code": "I1", "received_at": "2025-11-03T09:00:00", "service_fee_charged": "12.5"},
    ]
    records_to_parquet(apps, "applications", tmp_path / "applications.parquet")
    fees = [str(a.service_fee_charged) for a in load_dataset(tmp_path).applications]
    assert fees == ["50", "12.5"]


def test_time_zoned_timestamps_are_converted_to_shanghai(tmp_path: Path) -> None:
    """A platform writing UTC instants (Spark) means the same moment: 01:00 UTC is 09:00 in Shanghai."""
    records_to_parquet([ITEM], "items", tmp_path / "items.parquet")
    schema = pa.schema(
        [("id", pa.string()), ("item_code", pa.string()), ("received_at", pa.timestamp("ms", tz="UTC"))]
    )
    rows = [{"id": "A1", "item_code": "I1", "received_at": datetime(2025, 11, 3, 1, 0)}]
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), tmp_path / "applications.parquet")
    (app,) = load_dataset(tmp_path).applications
    assert app.received_at == datetime(2025, 11, 3, 9, 0)


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(doc=dataset_documents(max_per_table=2, events_table=True))
def test_any_valid_dataset_reads_the_same_from_parquet(doc: dict[str, Any]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for table, value in doc.items():
            if table in govhall.models.TABLES:
                records_to_parquet(
                    value if isinstance(value, list) else [value], table, folder / f"{table}.parquet"
                )
        ds = load_dataset(folder, as_of=load_dataset(doc).as_of)
        reference = load_dataset(doc)
        assert ds.rejected == []
        assert dumped(ds) == dumped(reference)


# -- the schema ------------------------------------------------------------------------------------------


def test_arrow_schema_follows_the_models() -> None:
    s = arrow_schema("Application")
    assert s.names == list(govhall.models.Application.model_fields)
    assert s.field("received_at").type == pa.timestamp("us") and not s.field("received_at").nullable
    assert s.field("window_id").nullable and s.field("id").type == pa.string()
    event = s.field("events").type.value_type
    assert [f.name for f in event] == list(govhall.models.Event.model_fields)
    assert event.field("at").type == pa.timestamp("us") and event.field("deadline").type == pa.date32()
    assert s.field("applicant").type.field("phone").metadata[b"x-personal"] == b"true"
    kinds = s.field("events").type.value_type.field("kind").metadata[b"enum"].decode().split(",")
    assert kinds == [k.value for k in govhall.models.EventKind]
    assert arrow_schema("evaluations").field("dimensions").type == pa.map_(pa.string(), pa.string())
    assert arrow_schema("hall").field("service_hours").type.value_type.field("start").type == pa.time64("us")
    with pytest.raises(LookupError, match="unknown model 'Nope'"):
        arrow_schema("Nope")


def test_every_table_schema_round_trips_through_parquet(tmp_path: Path) -> None:
    """An empty file written with each published schema is a valid (empty) table of that name."""
    for table in govhall.models.TABLES:
        pq.write_table(arrow_schema(table).empty_table(), tmp_path / f"{table}.parquet")
    ds = load_dataset(tmp_path)
    assert ds.records == 0 and ds.rejected == []


def _invoke(*args: str) -> Any:
    from typer.testing import CliRunner

    from govhall.cli import app

    return CliRunner().invoke(app, list(args))


def test_cli_schema_arrow() -> None:
    res = _invoke("schema", "--arrow", "applications")
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert "received_at: timestamp[us] not null" in lines
    assert (
        "events: list<struct>" in lines
        and "  kind: string not null  # one of " + ", ".join(k.value for k in govhall.models.EventKind)
        in lines
    )
    doc = json.loads(_invoke("schema", "--arrow", "Event", "--json").stdout)
    assert doc == arrow_schema_json("Event") and doc["fields"][4]["type"] == "timestamp[us]"
    bad = _invoke("schema", "--arrow", "Nope")
    assert bad.exit_code == 2 and len(bad.stderr.splitlines()) == 1 and "Nope" in bad.stderr


BLOCK_PYARROW = "import sys; sys.modules['pyarrow'] = None; sys.modules['pyarrow.parquet'] = None; "


def test_without_pyarrow_a_parquet_table_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records_to_parquet([ITEM], "items", tmp_path / "items.parquet")
    # the whole command in a fresh interpreter where pyarrow cannot be imported
    code = f"{BLOCK_PYARROW}from govhall.cli import main; main(sys.argv[1:])"
    res = subprocess.run(
        [sys.executable, "-c", code, "audit", str(tmp_path)], capture_output=True, text=True, timeout=60
    )
    assert res.returncode == 2
    assert res.stderr.count("\n") == 1 and "pip install 'govhall[parquet]'" in res.stderr, res.stderr
    assert "Traceback" not in res.stderr and "internal error" not in res.stderr
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    res = _invoke("schema", "--arrow", "Item")
    assert res.exit_code == 2 and "govhall[parquet]" in res.stderr


def test_without_pyarrow_the_library_raises_extra_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records_to_parquet([ITEM], "items", tmp_path / "items.parquet")
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(ExtraMissingError, match=r"govhall\[parquet\]") as info:
        load_dataset(tmp_path)
    assert info.value.code == "extra-missing" and isinstance(info.value, ImportError)
    write_jsonl(tmp_path / "plain", "items", [ITEM])
    assert load_dataset(tmp_path / "plain").audited == 1  # JSONL needs no pyarrow


def test_check_reads_a_parquet_catalogue(tmp_path: Path) -> None:
    bad = {**ITEM, "code": "I2", "promised_limit": "二十个工日"}  # a limit text govhall cannot read
    records_to_parquet([ITEM, bad], "items", tmp_path / "catalogue.parquet")
    res = _invoke("check", str(tmp_path / "catalogue.parquet"), "--json", "--as-of", "2025-11-30")
    doc = json.loads(res.stdout)
    assert doc["summary"]["records"] == 2 and doc["summary"]["rejected"] == 1
    (rejected,) = doc["rejected"]
    assert (rejected["line"], rejected["field"], rejected["record_id"]) == (2, "promised_limit", "I2")
    assert res.exit_code == 1  # an unreadable catalogue entry fails the check
