"""What a hall's data may be, field by kind, the same in every input path (DESIGN, "Input data":
dates are ISO 8601).

pydantic's lax mode read a number, or a text of digits, as seconds since 1970: ``"at": 1700000000``
was a moment of 2023, ``"licence_expires_on": 0`` the day 1970-01-01, and ``"rank": true`` was 1, all
accepted silently. Now:

* a moment (``LocalDateTime``/``DueDateTime``) or a day (``IsoDate``) is ISO 8601 text (or a
  ``date``/``datetime`` value where the format has one: YAML, Parquet, Python);
* a whole number is a number or a text of one (CSV), never ``true``/``false``;
* an id or any other text is text (a number there was, and stays, refused);
* a yes/no field keeps pydantic's reading (``true``/``false``, ``1``/``0``, ``"yes"``/``"no"``, the CSV
  ``是``/``否``): each of those means one thing, and any other number is refused.

Each refusal is a rejected record naming the field, the record and the line; the others are kept.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from govhall.loaders import load_dataset
from govhall.models import Application, Inquiry, Staff

EXAMPLE = Path(__file__).resolve().parents[1] / "src" / "govhall" / "data" / "example"


def _rows(table: str, n: int) -> list[dict[str, Any]]:
    lines = (EXAMPLE / f"{table}.jsonl").read_text(encoding="utf-8").splitlines()[:n]
    return [json.loads(line) for line in lines]


APPS = _rows("applications", 3)
ITEMS = [i for i in _rows("items", 60) if i["code"] in {a["item_code"] for a in APPS}]
STAFF = _rows("staff", 3)

#: (table, field path, bad value): a number, or digits, where a moment or a day is expected; a
#: boolean where a number is expected
BAD = [
    ("applications", ["received_at"], 1700000000),
    ("applications", ["received_at"], 1700000000.5),
    ("applications", ["received_at"], "1700000000"),
    ("applications", ["events", 0, "at"], 1700000000),
    ("applications", ["licence_expires_on"], 0),
    ("applications", ["rongque_supplement_due"], "86400"),
    ("staff", ["rank"], True),
]


def _with(table: str, path: list[Any], value: Any) -> dict[str, list[dict[str, Any]]]:
    tables = json.loads(json.dumps({"items": ITEMS, "applications": APPS, "staff": STAFF}))
    target: Any = tables[table][1]
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return tables


def _dotted(path: list[Any]) -> str:
    return ".".join(str(p) for p in path)


def _check(ds: Any, table: str, path: list[Any], value: Any, line: int | None = 2) -> None:
    [rejected] = ds.rejected
    record_id = (STAFF if table == "staff" else APPS)[1]["id"]
    assert (rejected.table, rejected.record_id, rejected.field) == (table, record_id, _dotted(path))
    if line is not None:
        assert rejected.line == line
    assert "ISO 8601" in rejected.reason or "true or false is not" in rejected.reason, rejected.reason
    assert len(ds.applications) == (2 if table == "applications" else 3)
    assert len(ds.staff) == (2 if table == "staff" else 3)


@pytest.mark.parametrize(("table", "path", "value"), BAD)
@pytest.mark.parametrize("kind", ["jsonl", "json", "yaml-document"])
def test_a_number_for_a_moment_or_a_bool_for_a_number_is_a_rejected_record(
    tmp_path: Path, kind: str, table: str, path: list[Any], value: Any
) -> None:
    tables = _with(table, path, value)
    if kind == "yaml-document":
        doc = tmp_path / "hall.yaml"
        doc.write_text(yaml.safe_dump(tables, allow_unicode=True), encoding="utf-8")
        _check(load_dataset(doc), table, path, value, line=None)
        return
    for name, rows in tables.items():
        if kind == "jsonl":
            text = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n"
        else:
            text = json.dumps(rows, ensure_ascii=False)
        (tmp_path / f"{name}.{kind}").write_text(text, encoding="utf-8")
    _check(load_dataset(tmp_path), table, path, value)


@pytest.mark.parametrize(
    ("field", "cell"),
    [("received_at", "1700000000"), ("licence_expires_on", "86400"), ("received_at", "20251105")],
)
def test_digits_in_a_csv_cell_for_a_moment_or_a_day_are_a_rejected_row(
    tmp_path: Path, field: str, cell: str
) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "item_code", "received_at", "licence_expires_on"])
    for i, app in enumerate(APPS):
        row = {"id": app["id"], "item_code": app["item_code"], "received_at": app["received_at"]}
        row["licence_expires_on"] = "2026-01-31"
        if i == 1:
            row[field] = cell
        writer.writerow(row.values())
    (tmp_path / "applications.csv").write_text(out.getvalue(), encoding="utf-8")
    (tmp_path / "items.json").write_text(json.dumps(ITEMS, ensure_ascii=False), encoding="utf-8")
    ds = load_dataset(tmp_path)
    [rejected] = ds.rejected
    assert (rejected.line, rejected.record_id, rejected.field) == (3, APPS[1]["id"], field)
    assert "ISO 8601" in rejected.reason and len(ds.applications) == 2


def test_a_csv_rank_of_digits_is_still_a_number(tmp_path: Path) -> None:
    (tmp_path / "staff.csv").write_text(
        "id,role,rank\ns1,window_clerk,3\ns2,window_clerk, 4 \n", encoding="utf-8"
    )
    ds = load_dataset(tmp_path)
    assert not ds.rejected and [s.rank for s in ds.staff] == [3, 4]


def test_an_integer_column_for_a_timestamp_in_parquet_is_a_rejected_row(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    table = pa.table(
        {
            "id": [a["id"] for a in APPS],
            "item_code": [a["item_code"] for a in APPS],
            "received_at": pa.array([1762300000, 1762300001, 1762300002], pa.int64()),
        }
    )
    pq.write_table(table, tmp_path / "applications.parquet")
    (tmp_path / "items.json").write_text(json.dumps(ITEMS, ensure_ascii=False), encoding="utf-8")
    ds = load_dataset(tmp_path)
    assert len(ds.rejected) == 3 and not ds.applications
    assert [(r.line, r.field) for r in ds.rejected] == [
        (1, "received_at"),
        (2, "received_at"),
        (3, "received_at"),
    ]
    assert all("ISO 8601" in r.reason for r in ds.rejected)


@pytest.mark.parametrize("at", [1762300000, "1762300000", 1762300000.0])
def test_the_live_supervisor_records_an_event_with_an_epoch_time_as_invalid(at: Any) -> None:
    from govhall.live import MemoryStore, SimulatedClock, Supervisor

    sup = Supervisor(SimulatedClock(datetime(2025, 11, 3, 9, 0)), MemoryStore(), engine="plain", rules=[])
    sup.post({"table": "items", "code": "I1", "name": "某许可", "type": "行政许可", "department": "D1"})
    sup.post({"table": "applications", "id": "A1", "item_code": "I1", "received_at": "2025-11-03T09:00"})
    posted = sup.post({"id": "E1", "application_id": "A1", "kind": "visit", "at": at})
    assert not posted.accepted and posted.reason == "invalid"
    assert posted.detail is not None and posted.detail.startswith("at:") and "ISO 8601" in posted.detail


@settings(max_examples=40, deadline=None)
@given(n=st.integers(min_value=-(2**40), max_value=2**40) | st.floats(allow_nan=False, allow_infinity=False))
def test_no_number_is_ever_read_as_a_moment_or_a_day(n: float) -> None:
    """Law: for every number, and the text of its digits, every timestamp and date field refuses it."""
    app = {**APPS[0], "events": []}
    for value in (n, str(n)):
        for field in ("received_at", "licence_expires_on"):
            with pytest.raises(ValidationError) as info:
                Application.model_validate({**app, field: value})
            assert [e["loc"] for e in info.value.errors()] == [(field,)]
            with pytest.raises(ValidationError):
                Application.model_validate_json(json.dumps({**app, field: value}))


def test_iso_texts_and_date_values_still_read_as_before() -> None:
    """The contract's forms are untouched: ISO text with or without a time or an offset, a bare day
    for a due-by moment meaning its end, and date/datetime values (YAML, Parquet)."""
    from datetime import date

    app = Application.model_validate(
        {**APPS[0], "received_at": "2025-11-05T09:30:00+00:00", "licence_expires_on": date(2026, 1, 31)}
    )
    assert app.received_at == datetime(2025, 11, 5, 17, 30) and app.licence_expires_on == date(2026, 1, 31)
    inquiry = _rows("inquiries", 1)[0]
    promised = Inquiry.model_validate({**inquiry, "answer_promised_at": "2025-11-05"}).answer_promised_at
    assert promised == datetime(2025, 11, 5, 23, 59, 59, 999999)
    assert Staff.model_validate({**STAFF[0], "rank": "2"}).rank == 2


@pytest.mark.parametrize("value", [32400, "32400", 32400.5])
def test_a_number_of_seconds_for_an_opening_time_is_refused(tmp_path: Path, value: Any) -> None:
    """``"start": 32400`` was 09:00:00+00:00 (seconds since midnight, in UTC) for a hall's office hours."""
    hall = json.loads((EXAMPLE / "hall.json").read_text(encoding="utf-8"))
    periods = [
        v for v in hall.values() if isinstance(v, list) and v and isinstance(v[0], dict) and "start" in v[0]
    ]
    assert periods, "the example hall has office hours"
    periods[0][0]["start"] = value
    (tmp_path / "hall.json").write_text(json.dumps(hall, ensure_ascii=False), encoding="utf-8")
    [rejected] = load_dataset(tmp_path).rejected
    assert rejected.table == "hall" and rejected.field is not None and rejected.field.endswith("0.start")
    assert "ISO 8601 text such as 09:00" in rejected.reason
