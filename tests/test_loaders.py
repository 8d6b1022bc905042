"""Loading datasets: formats, encodings, events folding, and an exact account of every bad record."""

from __future__ import annotations

import json
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govhall.loaders import detect_encoding, load_dataset
from govhall.models import Dataset, RejectedRecord
from govhall.testing import CORRUPTIONS, corrupt_records, dataset_documents, records

ITEM = {
    "code": "I1",
    "name": "食品经营许可",
    "type": "行政许可",
    "department": "市场监管局",
    "promised_limit": "10个工作日",
}
APP = {
    "id": "A1",
    "item_code": "I1",
    "received_at": "2025-11-03T09:00",
    "applicant": {"name": "张三", "phone": "13800138000"},
}


def jsonl(*records: Any) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def write(folder: Path, files: dict[str, str | bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


def only(ds: Dataset) -> RejectedRecord:
    assert len(ds.rejected) == 1, [r.reason for r in ds.rejected]
    return ds.rejected[0]


def assert_accounted(ds: Dataset, written: int) -> None:
    """Every record the test wrote is counted (``written``, counted by the test from its own input, not by
    the loader), and each is either kept in the dataset (counted here from the tables, events of the
    events table inside their application or complaint) or rejected: nothing vanishes, nothing is
    counted twice."""
    kept = (
        (ds.hall is not None) + len(ds.items) + len(ds.staff) + len(ds.windows) + len(ds.applications)
        + len(ds.inquiries) + len(ds.complaints) + len(ds.evaluations) + len(ds.appointments)
        + len(ds.attendance) + len(ds.transcripts)
    )  # fmt: skip
    assert ds.records == written
    assert kept + len(ds.rejected) <= written, (kept, len(ds.rejected), written)
    assert kept + len(ds.rejected) + _events_table_records(ds) >= written


def _events_table_records(ds: Dataset) -> int:
    """Events kept inside their application/complaint (they count as records when read from an events table)."""
    return sum(len(a.events) for a in ds.applications) + sum(len(c.events) for c in ds.complaints)


# -- formats ---------------------------------------------------------------------------------------


def test_the_same_table_reads_the_same_from_jsonl_json_and_csv(tmp_path: Path) -> None:
    apps = [
        {**APP, "materials_submitted": ["身份证", "营业执照"], "rongque": True},
        {"id": "A2", "item_code": "I1", "received_at": "2025-11-04T10:30", "channel": "网上", "joint": False},
    ]
    csv_text = (
        "id,item_code,received_at,applicant.name,applicant.phone,materials_submitted,rongque,channel,joint\n"
        'A1,I1,2025-11-03T09:00,张三,13800138000,"[""身份证"", ""营业执照""]",是,,\n'
        "A2,I1,2025-11-04T10:30,,,,,网上,否\n"
    )
    loaded = []
    for fmt, text in (
        ("jsonl", jsonl(*apps)),
        ("json", json.dumps(apps, ensure_ascii=False)),
        ("csv", csv_text),
    ):
        folder = write(tmp_path / fmt, {"items.jsonl": jsonl(ITEM), f"applications.{fmt}": text})
        ds = load_dataset(folder)
        assert ds.rejected == [], fmt
        assert_accounted(ds, written=1 + len(apps))  # one item, two applications
        loaded.append(ds.applications)
    assert loaded[0] == loaded[1] == loaded[2]
    a1 = loaded[2][0]
    assert (
        a1.applicant.name == "张三"
        and a1.materials_submitted == ["身份证", "营业执照"]
        and a1.rongque is True
    )
    assert loaded[2][1].applicant.name is None and loaded[2][1].channel.value == "online"


def test_csv_nested_fields_may_be_json_cells(tmp_path: Path) -> None:
    csv_text = 'id,item_code,received_at,applicant\nA1,I1,2025-11-03T09:00,"{""name"": ""张三""}"\n'
    ds = load_dataset(write(tmp_path, {"items.jsonl": jsonl(ITEM), "applications.csv": csv_text}))
    assert ds.rejected == [] and ds.applications[0].applicant.name == "张三"


def test_csv_with_a_cell_that_should_be_json(tmp_path: Path) -> None:
    csv_text = "id,item_code,received_at,materials_submitted\nA1,I1,2025-11-03T09:00,身份证;营业执照\n"
    ds = load_dataset(write(tmp_path, {"items.jsonl": jsonl(ITEM), "applications.csv": csv_text}))
    r = only(ds)
    assert (r.table, r.line, r.field, r.record_id) == ("applications", 2, "materials_submitted", "A1")
    assert "must hold JSON" in r.reason


def test_csv_rows_with_the_wrong_number_of_cells(tmp_path: Path) -> None:
    csv_text = "id,name,role\nS1,王五,窗口人员\nS2,赵六\nS3,钱七,窗口人员,extra\nS4,孙八"  # last row cut off
    ds = load_dataset(write(tmp_path, {"staff.csv": csv_text}))
    assert [s.id for s in ds.staff] == ["S1"]
    by_line = {r.line: r for r in ds.rejected}
    assert set(by_line) == {3, 4, 5}
    assert "2 cells but the header has 3" in by_line[3].reason and by_line[3].record_id == "S2"
    assert "4 cells" in by_line[4].reason
    assert "truncated" in by_line[5].reason
    assert_accounted(ds, written=4)  # four staff rows under the header


def test_csv_line_numbers_count_physical_lines(tmp_path: Path) -> None:
    # a quoted cell spanning two lines: the next row starts on file line 4
    csv_text = 'id,name,role\nS1,"王\n五",窗口人员\nS2,赵六,nope\n'
    ds = load_dataset(write(tmp_path, {"staff.csv": csv_text}))
    r = only(ds)
    assert (r.line, r.field, r.record_id) == (4, "role", "S2")


def test_hall_may_be_one_json_object_and_a_second_hall_is_rejected(tmp_path: Path) -> None:
    ds = load_dataset(
        write(tmp_path / "a", {"hall.json": json.dumps({"id": "H1", "name": "某县政务服务中心"})})
    )
    assert ds.hall is not None and ds.hall.id == "H1" and ds.records == 1
    ds = load_dataset(
        write(tmp_path / "b", {"hall.jsonl": jsonl({"id": "H1", "name": "x"}, {"id": "H2", "name": "y"})})
    )
    r = only(ds)
    assert r.line == 2 and "one hall" in r.reason and "hall line 1" in r.reason


def test_a_single_table_file_and_a_document_file(tmp_path: Path) -> None:
    path = tmp_path / "items.csv"
    path.write_text("code,name,type,department\nI1,许可,行政许可,D1\n", encoding="utf-8")
    assert [i.code for i in load_dataset(path).items] == ["I1"]
    doc = tmp_path / "hall-2025-11.json"
    doc.write_text(
        json.dumps({"items": [ITEM], "applications": [APP], "as_of": "2025-11-30"}), encoding="utf-8"
    )
    ds = load_dataset(doc)
    assert (ds.records, ds.rejected, ds.as_of, ds.source) == (2, [], date(2025, 11, 30), str(doc))
    ydoc = tmp_path / "case.yaml"
    ydoc.write_text(
        yaml.safe_dump({"items": [ITEM], "applications": [APP]}, allow_unicode=True), encoding="utf-8"
    )
    assert load_dataset(ydoc).applications[0].id == "A1"


def test_an_in_memory_document_as_declarative_cases_write_it() -> None:
    # the shape tests/standards/cases/*.yaml produce: YAML dates and datetimes arrive as Python objects
    doc = yaml.safe_load(
        """
        items: [{code: I1, name: 某许可, type: 行政许可, department: D1, promised_limit: 10个工作日}]
        applications: [{id: A1, item_code: I1, received_at: 2025-11-03T09:00, events: [
          {application_id: A1, kind: correction_notice, at: 2025-11-03T10:00, written: false},
          {kind: received, at: 2025-11-03 09:00:00}]}]
        as_of: 2025-11-30
        """
    )
    ds = load_dataset(doc)
    assert ds.rejected == [] and ds.as_of == date(2025, 11, 30)
    assert [e.kind.value for e in ds.applications[0].events] == ["received", "correction_notice"]
    assert ds.records == 2  # embedded events belong to their application's record


# -- encodings -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("encoding", "bom"), [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b"")])
@pytest.mark.parametrize("fmt", ["jsonl", "csv", "json"])
def test_utf8_bom_and_gb18030_files(tmp_path: Path, encoding: str, bom: bytes, fmt: str) -> None:
    text = {
        "jsonl": jsonl({"id": "S1", "name": "王五", "role": "窗口人员", "department": "市场监管局"}),
        "csv": "id,name,role,department\r\nS1,王五,窗口人员,市场监管局\r\n",
        "json": json.dumps(
            [{"id": "S1", "name": "王五", "role": "窗口人员", "department": "市场监管局"}], ensure_ascii=False
        ),
    }[fmt]
    ds = load_dataset(write(tmp_path, {f"staff.{fmt}": bom + text.encode(encoding)}))
    assert ds.rejected == []
    (s,) = ds.staff
    assert (s.id, s.name, s.department, s.role.value) == ("S1", "王五", "市场监管局", "window_clerk")


def test_detect_encoding(tmp_path: Path) -> None:
    (tmp_path / "a").write_bytes("王五".encode())
    (tmp_path / "b").write_bytes("王五".encode("gb18030"))
    (tmp_path / "c").write_bytes(b"\xef\xbb\xbf" + "王五".encode())
    assert [detect_encoding(tmp_path / n) for n in "abc"] == ["utf-8-sig", "gb18030", "utf-8-sig"]


def test_a_file_in_neither_encoding_is_an_error_naming_both(tmp_path: Path) -> None:
    # 0xFF is not a valid byte in UTF-8, nor a valid lead byte in GB18030; it is byte 22 (0-based):
    # '{"id": "S1", "name": "' is 22 bytes long
    write(tmp_path, {"staff.jsonl": b'{"id": "S1", "name": "\xff"}\n'})
    with pytest.raises(ValueError) as info:
        load_dataset(tmp_path)
    message = str(info.value)
    assert "staff.jsonl" in message and "UTF-8" in message and "GB18030" in message and "offset 22" in message


def test_the_bad_byte_offset_is_exact_past_the_first_chunk(tmp_path: Path) -> None:
    # the decoder reads 1 MiB chunks: put a 3-byte character across the first chunk boundary
    # (bytes 1048575..1048577) and the bad byte 10 bytes after it, at offset 1048588
    head = b"a" * (1024 * 1024 - 1) + "王".encode() + b"b" * 10
    assert len(head) == 1048588
    path = tmp_path / "x.jsonl"
    path.write_bytes(head + b"\xff\n")
    with pytest.raises(ValueError, match="UTF-8 \\(bad byte at offset 1048588\\)"):
        detect_encoding(path)


# -- rejected records: one test per reason ------------------------------------------------------------


def load_apps(tmp_path: Path, lines: str, **extra: str) -> Dataset:
    return load_dataset(write(tmp_path, {"items.jsonl": jsonl(ITEM), "applications.jsonl": lines, **extra}))


def test_an_unparseable_json_line(tmp_path: Path) -> None:
    ds = load_apps(tmp_path, jsonl(APP) + "{'id': 'A2'}\n")
    r = only(ds)
    assert (r.table, r.line, r.record_id, r.field) == ("applications", 2, None, None)
    assert r.reason.startswith("not valid JSON") and r.source == str(tmp_path / "applications.jsonl")


def test_a_truncated_last_line(tmp_path: Path) -> None:
    ds = load_apps(tmp_path, jsonl(APP) + '\n{"id": "A2", "item_code": "I1", "recei')
    r = only(ds)
    assert r.line == 3 and "truncated" in r.reason  # line 2 is blank: skipped, not a record
    assert ds.records == 3 and len(ds.applications) == 1


def test_a_wrong_type(tmp_path: Path) -> None:
    ds = load_apps(tmp_path, jsonl({**APP, "rongque": "maybe"}))
    r = only(ds)
    assert (r.line, r.record_id, r.field) == (1, "A1", "rongque")
    assert "expected yes or no" in r.reason and "'maybe'" in r.reason  # the accepted spellings named


def test_a_wrong_type_in_a_personal_field_does_not_echo_the_value(tmp_path: Path) -> None:
    ds = load_apps(tmp_path, jsonl({**APP, "applicant": {"phone": 13800138000}}))
    r = only(ds)
    assert r.field == "applicant.phone" and "13800138000" not in r.reason and "string" in r.reason


def test_an_unknown_enum_value_names_the_allowed_values(tmp_path: Path) -> None:
    ds = load_apps(tmp_path, jsonl({**APP, "channel": "pigeon"}))
    r = only(ds)
    assert r.field == "channel" and "'pigeon'" in r.reason
    assert "'onsite'" in r.reason and "'hotline_12345'" in r.reason and "Chinese" in r.reason


def test_an_unknown_literal_value_names_the_allowed_values(tmp_path: Path) -> None:
    ds = load_apps(tmp_path, jsonl({**APP, "kind": "renew"}))
    r = only(ds)
    assert r.field == "kind" and "'new', 'renewal', 'change' or 'other'" in r.reason


def test_an_unknown_field_suggests_the_right_one(tmp_path: Path) -> None:
    ds = load_apps(tmp_path, jsonl({**APP, "recieved_by": "S1", "staff": "S1"}))
    r = only(ds)
    assert r.field == "recieved_by"
    assert "unknown field 'recieved_by'" in r.reason and "did you mean 'staff_id'" in r.reason


def test_a_missing_required_field(tmp_path: Path) -> None:
    ds = load_apps(tmp_path, jsonl({k: v for k, v in APP.items() if k != "received_at"}))
    r = only(ds)
    assert (r.field, r.record_id) == (
        "received_at",
        "A1",
    ) and "required field 'received_at' is missing" in r.reason


def test_a_nested_error_gives_the_dotted_path(tmp_path: Path) -> None:
    bad = {
        **APP,
        "events": [{"kind": "received", "at": "2025-11-03T09:00"}, {"kind": "decided", "at": "soon"}],
    }
    r = only(load_apps(tmp_path, jsonl(bad)))
    assert r.field == "events.1.at"


def test_a_record_that_is_not_an_object(tmp_path: Path) -> None:
    r = only(load_apps(tmp_path, jsonl(APP) + "[1, 2]\n"))
    assert r.line == 2 and "not a JSON object" in r.reason


def test_a_duplicated_id_rejects_the_second_naming_the_first(tmp_path: Path) -> None:
    ds = load_apps(tmp_path, jsonl(APP, {**APP, "id": "A2"}, {**APP, "channel": "电话"}))
    r = only(ds)
    assert (r.line, r.record_id, r.field) == (3, "A1", "id")
    assert "duplicate id 'A1'" in r.reason and "applications line 1 of applications.jsonl" in r.reason
    assert [a.id for a in ds.applications] == ["A1", "A2"]
    assert ds.applications[0].channel.value == "onsite"  # the first one is kept


def test_an_id_is_taken_even_by_an_invalid_first_record(tmp_path: Path) -> None:
    ds = load_apps(tmp_path, jsonl({**APP, "channel": "pigeon"}, APP))
    assert [r.line for r in ds.rejected] == [1, 2]
    assert "duplicate id 'A1'" in ds.rejected[1].reason and ds.applications == []


def test_an_application_whose_item_does_not_exist(tmp_path: Path) -> None:
    r = only(load_apps(tmp_path, jsonl({**APP, "item_code": "I9"})))
    assert (r.table, r.line, r.field, r.record_id) == ("applications", 1, "item_code", "A1")
    assert "'I9' is not in the items table" in r.reason and "without its item" in r.reason


def test_an_application_whose_item_was_rejected(tmp_path: Path) -> None:
    folder = write(
        tmp_path, {"items.jsonl": jsonl({**ITEM, "promised_limit": "尽快"}), "applications.jsonl": jsonl(APP)}
    )
    ds = load_dataset(folder)
    assert [(r.table, r.line) for r in ds.rejected] == [("items", 1), ("applications", 1)]
    assert "not a time limit" in ds.rejected[0].reason and ds.rejected[0].field == "promised_limit"
    assert "was rejected (items line 1 of items.jsonl)" in ds.rejected[1].reason


def test_applications_without_any_items_table(tmp_path: Path) -> None:
    r = only(load_dataset(write(tmp_path, {"applications.jsonl": jsonl(APP)})))
    assert "no items table" in r.reason


def test_events_whose_application_or_complaint_does_not_exist(tmp_path: Path) -> None:
    events = jsonl(
        {"id": "E1", "application_id": "A1", "kind": "decided", "at": "2025-11-10T10:00"},
        {"id": "E2", "application_id": "A9", "kind": "decided", "at": "2025-11-10T10:00"},
        {"id": "E3", "complaint_id": "C9", "kind": "answered", "at": "2025-11-10T10:00"},
    )
    ds = load_apps(tmp_path, jsonl(APP), **{"events.jsonl": events})
    assert [(r.line, r.record_id, r.field) for r in ds.rejected] == [
        (2, "E2", "application_id"),
        (3, "E3", "complaint_id"),
    ]
    assert "'A9' is not in the applications table" in ds.rejected[0].reason
    assert "no complaints table" in ds.rejected[1].reason
    assert ds.records == 5 and ds.audited == 3  # item, application, and the one event folded into it


def test_an_event_of_a_rejected_application(tmp_path: Path) -> None:
    events = jsonl({"application_id": "A1", "kind": "decided", "at": "2025-11-10T10:00"})
    ds = load_apps(tmp_path, jsonl({**APP, "channel": "pigeon"}), **{"events.jsonl": events})
    assert [r.table for r in ds.rejected] == ["applications", "events"]
    assert "was rejected (applications line 1" in ds.rejected[1].reason


def test_an_event_with_neither_or_both_owners(tmp_path: Path) -> None:
    events = jsonl({"kind": "decided", "at": "2025-11-10T10:00"})
    r = only(load_apps(tmp_path, jsonl(APP), **{"events.jsonl": events}))
    assert r.table == "events" and "exactly one of application_id and complaint_id" in r.reason


def test_duplicate_event_ids_across_embedded_and_table_events(tmp_path: Path) -> None:
    app = {**APP, "events": [{"id": "E1", "kind": "received", "at": "2025-11-03T09:00"}]}
    events = jsonl({"id": "E1", "application_id": "A1", "kind": "decided", "at": "2025-11-10T10:00"})
    r = only(load_apps(tmp_path, jsonl(app), **{"events.jsonl": events}))
    assert r.table == "events" and "duplicate id 'E1'" in r.reason and "embedded event 0" in r.reason


def test_references_that_are_optional_are_kept(tmp_path: Path) -> None:
    folder = write(tmp_path, {
        "evaluations.jsonl": jsonl({"id": "V1", "at": "2025-11-03T10:00", "level": "满意", "application_id": "A404",
                                    "staff_id": "S404"}),
        "appointments.jsonl": jsonl({"id": "P1", "item_code": "I404", "booked_at": "2025-11-01T10:00",
                                     "slot_start": "2025-11-03T09:00", "slot_end": "2025-11-03T09:30"}),
        "transcripts.jsonl": jsonl({"id": "R1", "at": "2025-11-03T10:00", "staff_id": "S404", "text": "您好"}),
    })  # fmt: skip
    ds = load_dataset(folder)
    assert ds.rejected == [] and (len(ds.evaluations), len(ds.appointments), len(ds.transcripts)) == (1, 1, 1)


def test_an_unknown_table_file_is_one_rejected_record(tmp_path: Path) -> None:
    folder = write(tmp_path, {"application.jsonl": jsonl(APP), "README.md": "# notes", "planted.yaml": "[]"})
    ds = load_dataset(folder)
    r = only(ds)
    assert (r.table, r.line, r.source) == ("application", None, str(tmp_path / "application.jsonl"))
    assert "unknown table" in r.reason and "did you mean 'applications'" in r.reason
    assert ds.records == 1


def test_an_unknown_key_in_a_document_is_one_rejected_record() -> None:
    ds = load_dataset({"items": [ITEM], "itmes": [ITEM, ITEM]})
    r = only(ds)
    assert r.table == "itmes" and "did you mean 'items'" in r.reason and ds.records == 2


def test_document_records_are_numbered_from_one() -> None:
    ds = load_dataset({"items": [ITEM, {**ITEM, "code": "I2", "type": "x"}]})
    assert only(ds).line == 2


def test_a_truncated_json_array_keeps_the_elements_before_the_cut(tmp_path: Path) -> None:
    text = json.dumps([{"id": f"S{i}", "role": "窗口人员"} for i in range(3)], ensure_ascii=False, indent=1)
    ds = load_dataset(write(tmp_path, {"staff.json": text[: text.rindex("S2") + 4]}))
    assert [s.id for s in ds.staff] == ["S0", "S1"]
    r = only(ds)
    assert r.line == 3 and "truncated" in r.reason and ds.records == 3


def test_a_json_array_broken_in_the_middle(tmp_path: Path) -> None:
    text = '[{"id": "S0", "role": "窗口人员"},\n {"id": "S1", role: 1},\n {"id": "S2", "role": "窗口人员"}]'
    ds = load_dataset(write(tmp_path, {"staff.json": text}))
    assert [s.id for s in ds.staff] == ["S0", "S2"]  # read on from the next line opening a record
    r = only(ds)
    assert r.line == 2 and "file line 2" in r.reason and "resumed at file line 3" in r.reason


def test_a_one_line_json_array_broken_in_the_middle(tmp_path: Path) -> None:
    text = '[{"id": "S0", "role": "窗口人员"}, {"id": "S1", role: 1}, {"id": "S2", "role": "窗口人员"}]'
    ds = load_dataset(write(tmp_path, {"staff.json": text}))
    # read on at S2, from which whole objects run to the array's end (tests/test_hostile_input_sweep8.py)
    assert [s.id for s in ds.staff] == ["S0", "S2"]
    r = only(ds)
    assert r.line == 2 and "reading resumed at character 55" in r.reason, r.reason


def test_a_table_file_that_is_not_an_array(tmp_path: Path) -> None:
    r = only(load_dataset(write(tmp_path, {"staff.json": json.dumps({"id": "S1"})})))
    assert r.table == "staff" and "must be a JSON array" in r.reason


# -- events folding ---------------------------------------------------------------------------------


def test_events_are_folded_into_applications_and_complaints_in_time_order(tmp_path: Path) -> None:
    app = {
        **APP,
        "events": [
            {"kind": "received", "at": "2025-11-03T09:00"},
            {"kind": "decided", "at": "2025-11-12T16:00"},
        ],
    }
    complaint = {"id": "C1", "channel": "信函", "received_at": "2025-11-05T09:00"}
    events = (
        "id,application_id,complaint_id,kind,at,materials,written\n"
        'E1,A1,,correction_notice,2025-11-04T10:00,"[""营业执照""]",是\n'
        "E2,,C1,answered,2025-11-07T09:00,,\n"
        "E3,A1,,materials_supplemented,2025-11-06T15:00,,\n"
        "E4,,C1,responded,2025-11-05T11:00,,\n"
    )
    ds = load_apps(tmp_path, jsonl(app), **{"complaints.jsonl": jsonl(complaint), "events.csv": events})
    assert ds.rejected == []
    (a,) = ds.applications
    assert [e.kind.value for e in a.events] == [
        "received",
        "correction_notice",
        "materials_supplemented",
        "decided",
    ]
    assert a.events[1].materials == ["营业执照"] and a.events[1].written is True
    assert "events" in a.model_fields_set
    (c,) = ds.complaints
    assert [e.id for e in c.events] == ["E4", "E2"]
    assert ds.records == 1 + 1 + 1 + 4 and ds.audited == ds.records


def test_events_order_does_not_depend_on_file_order_but_ties_keep_it(tmp_path: Path) -> None:
    events = jsonl(
        {"id": "E2", "application_id": "A1", "kind": "accepted", "at": "2025-11-03T09:00"},
        {"id": "E1", "application_id": "A1", "kind": "received", "at": "2025-11-03T08:59"},
        {"id": "E3", "application_id": "A1", "kind": "paused", "at": "2025-11-03T09:00"},
    )
    ds = load_apps(tmp_path, jsonl(APP), **{"events.jsonl": events})
    assert [e.id for e in ds.applications[0].events] == ["E1", "E2", "E3"]


# -- as_of, names, errors for the whole source -------------------------------------------------------


def test_as_of_and_name_from_meta_files(tmp_path: Path) -> None:
    ds = load_dataset(write(tmp_path / "a", {"meta.json": '{"as_of": "2025-11-30", "name": "某县 11月"}'}))
    assert (ds.as_of, ds.name) == (date(2025, 11, 30), "某县 11月")
    ds = load_dataset(write(tmp_path / "b", {"dataset.yaml": "as_of: 2025-12-31\n"}))
    assert ds.as_of == date(2025, 12, 31)
    assert load_dataset(tmp_path / "b", as_of=date(2025, 12, 1)).as_of == date(2025, 12, 1)
    assert load_dataset({"as_of": datetime(2025, 11, 30, 18, 0)}).as_of == date(2025, 11, 30)


def test_bad_meta_is_an_error_naming_the_file(tmp_path: Path) -> None:
    write(tmp_path / "a", {"meta.json": '{"as_of": "30/11/2025"}'})
    with pytest.raises(ValueError, match=r"meta\.json.*as_of '30/11/2025' is not an ISO date"):
        load_dataset(tmp_path / "a")
    write(tmp_path / "b", {"meta.json": '{"asof": "2025-11-30"}'})
    with pytest.raises(ValueError, match=r"meta\.json: unknown key\(s\) asof"):
        load_dataset(tmp_path / "b")
    write(tmp_path / "c", {"meta.json": '{"as_of": "2025-11-30"}', "dataset.yaml": "as_of: 2025-12-31"})
    with pytest.raises(ValueError, match="contradicts"):
        load_dataset(tmp_path / "c")


def test_a_missing_path_names_it(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="nowhere"):
        load_dataset(tmp_path / "nowhere")
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(ValueError, match=r"notes\.txt: not a dataset"):
        load_dataset(tmp_path / "notes.txt")
    (tmp_path / "doc.json").write_text('{"items": [', encoding="utf-8")
    with pytest.raises(ValueError, match=r"doc\.json: not valid JSON"):
        load_dataset(tmp_path / "doc.json")
    with pytest.raises(ValueError, match="must be a JSON object"):
        (tmp_path / "list.json").write_text("[]", encoding="utf-8")
        load_dataset(tmp_path / "list.json")


def test_an_empty_folder_is_an_empty_dataset(tmp_path: Path) -> None:
    # the library's reading; ``govhall audit`` refuses such a folder as a wrong path (test_hostile_input_sweep3)
    ds = load_dataset(tmp_path)
    assert (ds.records, ds.audited, ds.rejected, ds.source) == (0, 0, [], str(tmp_path))


def test_loaded_records_can_still_be_changed_with_model_copy(tmp_path: Path) -> None:
    ds = load_apps(tmp_path, jsonl(APP, {**APP, "id": "A2"}))
    changed = ds.applications[0].model_copy(update={"joint": True})
    assert changed.joint is True and "joint" in changed.model_fields_set
    assert "joint" not in ds.applications[1].model_fields_set


# -- the accounting identity, for any input ------------------------------------------------------------


def _write_tables(folder: Path, doc: dict[str, Any]) -> dict[str, list[str]]:
    lines: dict[str, list[str]] = {}
    for table, value in doc.items():
        if table == "as_of":
            continue
        rows = [value] if table == "hall" else value
        lines[table] = [json.dumps(r, ensure_ascii=False) for r in rows]
    return lines


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_every_record_is_accounted_for_under_random_corruption(data: st.DataObject) -> None:
    doc = data.draw(dataset_documents(events_table=True), label="dataset")
    tables = _write_tables(Path("."), doc)
    corrupted: dict[str, set[int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for table, lines in tables.items():
            if lines and data.draw(st.booleans(), label=f"corrupt {table}?"):
                bad = data.draw(corrupt_records(lines, table, max_broken=3), label=table)
                text = bad.text
                corrupted[table] = set(bad.rejected_lines)
            else:
                text = "".join(line + "\n" for line in lines)
            (folder / f"{table}.jsonl").write_text(text, encoding="utf-8")
        ds = load_dataset(folder)
    total_lines = sum(len(lines) for lines in tables.values())
    assert ds.records == total_lines
    kept = (
        (ds.hall is not None) + len(ds.items) + len(ds.staff) + len(ds.windows) + len(ds.applications)
        + len(ds.inquiries) + len(ds.complaints) + len(ds.evaluations) + len(ds.appointments)
        + len(ds.attendance) + len(ds.transcripts)
        + sum(len(a.events) for a in ds.applications) + sum(len(c.events) for c in ds.complaints)
    )  # fmt: skip
    assert kept == ds.audited == ds.records - len(ds.rejected)
    rejected_at = {(r.table, r.line) for r in ds.rejected}
    for table, lines in corrupted.items():
        for line in lines:
            assert (table, line) in rejected_at, (table, line)
    for r in ds.rejected:
        assert 1 <= r.line <= len(tables[r.table])
    if not corrupted:
        assert ds.rejected == []


@pytest.mark.parametrize(
    "table", ["staff", "items", "complaints", "evaluations", "transcripts", "attendance"]
)
def test_exactly_the_corrupted_lines_are_rejected(table: str) -> None:
    @settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.data())
    def check(data: st.DataObject) -> None:
        recs = data.draw(st.lists(records(table), min_size=1, max_size=6), label="records")
        key = "code" if table == "items" else "id"
        lines = [
            json.dumps({**r.model_dump(mode="json"), key: f"X{i}"}, ensure_ascii=False)
            for i, r in enumerate(recs)
        ]
        bad = data.draw(corrupt_records(lines, table))
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / f"{table}.jsonl").write_text(bad.text, encoding="utf-8")
            ds = load_dataset(tmp)
        assert sorted(r.line for r in ds.rejected) == bad.rejected_lines
        assert ds.records == len(lines)
        if bad.broken.get(len(lines) - 1) == "truncated":
            assert "truncated" in ds.rejected[-1].reason

    check()


def test_corrupt_records_offers_every_kind() -> None:
    lines = [json.dumps({"id": f"S{i}", "role": "窗口人员"}) for i in range(4)]
    seen: set[str] = set()

    @settings(max_examples=200)
    @given(corrupt_records(lines, "staff"))
    def collect(bad: Any) -> None:
        seen.update(bad.broken.values())

    collect()
    assert seen == set(CORRUPTIONS)


def test_the_library_does_not_import_hypothesis() -> None:
    import subprocess
    import sys

    code = (
        "import sys, govhall, govhall.loaders, govhall.schema, govhall.models, govhall.cli\n"
        "govhall.load_dataset({'items': []}); govhall.json_schema(None)\n"
        "assert 'hypothesis' not in sys.modules, 'hypothesis was imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_load_table_reads_a_misnamed_file_as_the_given_table(tmp_path) -> None:
    from govhall.loaders import load_table

    path = tmp_path / "catalogue.jsonl"
    path.write_text(
        '{"code": "I1", "name": "某许可", "type": "行政许可", "department": "D1"}\n'
        '{"code": "I2", "name": "某备案", "type": "不存在的类型", "department": "D1"}\n',
        encoding="utf-8",
    )
    ds = load_table(path, "items")
    assert [i.code for i in ds.items] == ["I1"]
    assert ds.records == 2 and len(ds.rejected) == 1
    (bad,) = ds.rejected
    assert (bad.table, bad.line, bad.field, bad.source) == ("items", 2, "type", str(path))
    with pytest.raises(ValueError, match="unknown table"):
        load_table(path, "itemz")
    with pytest.raises(FileNotFoundError):
        load_table(tmp_path / "none.jsonl", "items")


def _apps_folder(tmp_path: Path, n: int) -> Path:
    apps = [{**APP, "id": f"A{i}"} for i in range(n)]
    return write(tmp_path / "hall", {"items.jsonl": jsonl(ITEM), "applications.jsonl": jsonl(*apps)})


def test_a_load_leaves_its_records_in_the_oldest_generation_without_a_collection(tmp_path: Path) -> None:
    """The collector is off during a load; after it the records are in the oldest generation and
    the young generation's count is back near zero, so the first allocations after the load do not
    set off a collection over every record, and nothing is left frozen."""
    import gc

    folder = _apps_folder(tmp_path, 3000)  # more records than the young generation's threshold
    assert gc.isenabled() and gc.get_freeze_count() == 0
    ds = load_dataset(folder)
    young, _, _ = gc.get_count()
    assert young < gc.get_threshold()[0]
    assert gc.isenabled() and gc.get_freeze_count() == 0
    oldest = {id(obj) for obj in gc.get_objects(generation=2)}
    assert all(id(app) in oldest for app in ds.applications)
    assert len(ds.applications) == 3000


def test_a_load_leaves_what_the_caller_froze_and_a_collector_turned_off_as_they_were(tmp_path: Path) -> None:
    import gc

    folder = _apps_folder(tmp_path, 10)
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        load_dataset(folder)
        # still frozen (an unfreeze would leave none; a few frozen objects are freed during the load)
        assert gc.get_freeze_count() > frozen // 2
    finally:
        gc.unfreeze()
    gc.disable()
    try:
        load_dataset(folder)
        assert not gc.isenabled()
    finally:
        gc.enable()
