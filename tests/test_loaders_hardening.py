"""Hostile and careless input to the loaders (issue #17): one bad record is one rejection, never a
stopped load; a file that cannot be read is an error naming it, never silence.

Offsets, line numbers and counts below are worked out by hand from the bytes each test writes.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from govhall.errors import GovhallError, UndecodableInputError, UnreadableInputError
from govhall.loaders import MAX_DEPTH, MAX_NUMBER_DIGITS, MAX_RECORD_BYTES, load_dataset, load_table
from govhall.models import Dataset

ITEM = {"code": "I1", "name": "食品经营许可", "type": "行政许可", "department": "市场监管局",
        "promised_limit": "10个工作日"}  # fmt: skip


def app(i: int, **extra: Any) -> dict[str, Any]:
    return {"id": f"A{i}", "item_code": "I1", "received_at": "2025-11-03T09:00", **extra}


def line(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False).encode() + b"\n"


def folder(tmp_path: Path, **files: bytes) -> Path:
    (tmp_path / "items.jsonl").write_bytes(line(ITEM))
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    return tmp_path


def accounted(ds: Dataset) -> None:
    kept = len(ds.items) + len(ds.applications) + len(ds.staff)
    assert ds.records == ds.audited + len(ds.rejected) == kept + len(ds.rejected)


def by_line(ds: Dataset) -> dict[int | None, str]:
    return {r.line: r.reason for r in ds.rejected}


# -- 1. decoding per record --------------------------------------------------------------------------


def test_one_undecodable_line_in_utf8_jsonl_is_one_rejection_with_its_byte_offset(tmp_path: Path) -> None:
    first = line(app(1))
    bad = b'{"id": "A2", "item_code": "I1", "note": "\xff"}\n'
    # the bad byte is at offset len(first) + len('{"id": "A2", "item_code": "I1", "note": "')
    offset = len(first) + 41
    assert bad[41:42] == b"\xff"
    ds = load_dataset(folder(tmp_path, **{"applications.jsonl": first + bad + line(app(3))}))
    assert [a.id for a in ds.applications] == ["A1", "A3"]
    (r,) = ds.rejected
    assert (r.table, r.line, r.source) == ("applications", 2, str(tmp_path / "applications.jsonl"))
    assert "UTF-8" in r.reason and f"byte offset {offset}" in r.reason and "0xff" in r.reason
    accounted(ds)


def test_a_gb18030_file_with_one_broken_line_stays_gb18030(tmp_path: Path) -> None:
    # three good GB18030 lines (their Chinese is not UTF-8), then one line whose 0xFF is valid in neither
    good = [line(app(i, applicant={"name": "王五"})).decode().encode("gb18030") for i in (1, 2, 3)]
    with pytest.raises(UnicodeDecodeError):
        good[0].decode("utf-8")
    broken = b'{"id": "A4", "x": "\xff"}\n'
    ds = load_dataset(folder(tmp_path, **{"applications.jsonl": b"".join(good) + broken}))
    assert [a.applicant.name for a in ds.applications] == ["王五"] * 3
    (r,) = ds.rejected
    assert r.line == 4 and "GB18030" in r.reason and f"byte offset {sum(map(len, good)) + 19}" in r.reason


def test_a_bom_decides_utf8_even_when_lines_break(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + line(app(1)) + b'{"id": "A2", "n": "\xc3"}\n'
    ds = load_dataset(folder(tmp_path, **{"applications.jsonl": data}))
    assert [a.id for a in ds.applications] == ["A1"] and ds.rejected[0].line == 2
    assert "UTF-8" in ds.rejected[0].reason


def test_one_undecodable_csv_row_is_one_rejection_and_the_rows_after_it_are_read(tmp_path: Path) -> None:
    csv = b"id,item_code,received_at\nA1,I1,2025-11-03T09:00\nA2,I1,2025-11-03T09:00\xff\nA3,I1,2025-11-03T09:00\n"
    ds = load_dataset(folder(tmp_path, **{"applications.csv": csv}))
    assert [a.id for a in ds.applications] == ["A1", "A3"]
    (r,) = ds.rejected
    # line 3 starts after 25 + 23 bytes; the bad byte is its 23rd byte (offset 22 within it)
    assert r.line == 3 and f"byte offset {25 + 23 + 22}" in r.reason
    accounted(ds)


def test_a_csv_header_that_cannot_be_decoded_is_an_error_naming_the_file(tmp_path: Path) -> None:
    csv = b"id,item_code,rec\xffeived_at\n" + b"A1,I1,2025-11-03T09:00\n" * 3
    with pytest.raises(UndecodableInputError, match="applications.csv: the header row"):
        load_dataset(folder(tmp_path, **{"applications.csv": csv}))


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"\x00\x01\x02" * 50, "NUL byte at offset 0"),  # binary data
        ("{}\n".encode("utf-16"), "NUL byte"),  # UTF-16 text
        (b"\xff\xfe\xfd\n" * 3 + b"{}\n", "1 of 4 lines readable"),  # mostly garbage
    ],
)
def test_a_file_that_is_not_text_at_all_is_refused_naming_it(
    tmp_path: Path, content: bytes, needle: str
) -> None:
    with pytest.raises(ValueError, match="not a text file") as info:
        load_dataset(folder(tmp_path, **{"applications.jsonl": content}))
    assert "applications.jsonl" in str(info.value) and needle in str(info.value)
    assert isinstance(info.value, GovhallError)


# -- 2. limits ---------------------------------------------------------------------------------------


def test_a_record_nested_100000_deep_is_one_rejection_among_good_ones(tmp_path: Path) -> None:
    deep = ("[" * 100_000 + "]" * 100_000).encode() + b"\n"
    deep_field = b'{"id": "A3", "x": ' + b'{"a": ' * 100_000 + b"1" + b"}" * 100_000 + b"}\n"
    data = line(app(1)) + deep + deep_field + line(app(4))
    ds = load_dataset(folder(tmp_path, **{"applications.jsonl": data}))
    assert [a.id for a in ds.applications] == ["A1", "A4"]
    reasons = by_line(ds)
    assert set(reasons) == {2, 3}
    assert f"nested 100000 levels deep, over the limit of {MAX_DEPTH}" in reasons[2]
    assert "100001 levels" in reasons[3] and "MAX_DEPTH" in reasons[3]
    accounted(ds)


def test_a_5000_digit_integer_is_one_rejection_naming_the_limit(tmp_path: Path) -> None:
    big = b'{"id": "A2", "item_code": "I1", "received_at": "2025-11-03T09:00", "n": ' + b"7" * 5000 + b"}\n"
    in_string = line(app(3, note="1" * 5000))  # digits inside a string are not a number
    data = line(app(1)) + big + in_string + line(app(4))
    ds = load_dataset(folder(tmp_path, **{"applications.jsonl": data}))
    reasons = by_line(ds)
    assert f"a number of 5000 digits, over the limit of {MAX_NUMBER_DIGITS} digits" in reasons[2]
    assert "note" in reasons[3] and "digits" not in reasons[3]  # rejected as an unknown field
    assert [a.id for a in ds.applications] == ["A1", "A4"]
    accounted(ds)


def test_a_long_number_in_a_numeric_field_is_rejected_too(tmp_path: Path) -> None:
    hall = {"id": "H1", "name": "某中心", "cctv": {"retention_days": int("9" * 150)}}
    text = json.dumps(hall).encode() + b"\n"
    ds = load_dataset(folder(tmp_path, **{"hall.jsonl": text}))
    assert "a number of 150 digits" in ds.rejected[0].reason
    assert ds.hall is None


def test_a_long_number_in_a_decimal_field_is_rejected_too(tmp_path: Path) -> None:
    # service_fee_charged is a Decimal, which would take 150 digits as they come: the limit holds for it
    fee = b'{"id": "A2", "item_code": "I1", "received_at": "2025-11-03T09:00", "service_fee_charged": '
    data = line(app(1)) + fee + b"9" * 150 + b"}\n" + fee.replace(b"A2", b"A3") + b"9" * 100 + b"}\n"
    ds = load_dataset(folder(tmp_path, **{"applications.jsonl": data}))
    assert f"a number of 150 digits, over the limit of {MAX_NUMBER_DIGITS} digits" in by_line(ds)[2]
    assert [a.id for a in ds.applications] == ["A1", "A3"]  # 100 digits: at the limit, accepted
    accounted(ds)


def test_a_line_over_the_size_limit_is_rejected_without_stopping_the_load(tmp_path: Path) -> None:
    huge = b'{"id": "A2", "note": "' + b"x" * (MAX_RECORD_BYTES + 10) + b'"}\n'
    data = line(app(1)) + huge + line(app(3))
    ds = load_dataset(folder(tmp_path, **{"applications.jsonl": data}))
    assert [a.id for a in ds.applications] == ["A1", "A3"]
    (r,) = ds.rejected
    assert r.line == 2 and f"{len(huge)} bytes long" in r.reason and "MAX_RECORD_BYTES" in r.reason


def test_json_arrays_and_documents_reject_the_deep_element_and_keep_the_rest(tmp_path: Path) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    big = '{"id": "A3", "n": ' + "1" * 5000 + "}"
    elements = [json.dumps(app(1)), deep, big, json.dumps(app(4))]
    (tmp_path / "arr").mkdir()
    ds = load_dataset(
        folder(tmp_path / "arr", **{"applications.json": ("[" + ", ".join(elements) + "]").encode()})
    )
    assert [a.id for a in ds.applications] == ["A1", "A4"]
    assert (
        set(by_line(ds)) == {2, 3} and "MAX_DEPTH" in by_line(ds)[2] and "MAX_NUMBER_DIGITS" in by_line(ds)[3]
    )
    doc = tmp_path / "doc.json"
    doc.write_text(
        '{"as_of": "2025-11-30", "items": ['
        + json.dumps(ITEM)
        + '], "applications": ['
        + ", ".join(elements)
        + "]}"
    )
    ds = load_dataset(doc)
    assert [a.id for a in ds.applications] == ["A1", "A4"] and str(ds.as_of) == "2025-11-30"
    assert set(by_line(ds)) == {2, 3}
    accounted(ds)


def test_deep_nesting_inside_a_csv_json_cell(tmp_path: Path) -> None:
    cell = "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5)
    csv = f"id,item_code,received_at,materials_submitted\nA1,I1,2025-11-03T09:00,{cell}\n".encode()
    ds = load_dataset(folder(tmp_path, **{"applications.csv": csv}))
    (r,) = ds.rejected
    assert r.field == "materials_submitted" and f"nested {MAX_DEPTH + 5} levels" in r.reason


def test_an_in_memory_document_past_the_depth_limit(tmp_path: Path) -> None:
    value: Any = "x"
    for _ in range(MAX_DEPTH + 1):
        value = {"a": value}
    ds = load_dataset({"items": [ITEM], "applications": [app(1), app(2, deep=value)]})
    assert [a.id for a in ds.applications] == ["A1"] and "MAX_DEPTH" in ds.rejected[0].reason


def test_any_exception_while_validating_one_record_is_its_rejection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govhall import loaders

    # compaction runs for every accepted record, whether the jsonl loop accepts it inline or
    # _accept does, or a chunk's records are compacted as they are built (_share_values, see
    # _build): a failure injected there reaches every path
    real = loaders._Loader._compact_all
    real_values = loaders._Loader._share_values

    def flaky(self: Any, objs: Any, share_strings: bool) -> int:
        objs = list(objs)
        if any(getattr(obj, "id", None) == "A2" for obj in objs):
            raise ZeroDivisionError("boom")
        return real(self, objs, share_strings)  # the keys counted (see _compact_all)

    def flaky_values(self: Any, plan: Any, dicts: Any, *args: Any) -> int:
        if any(values.get("id") == "A2" for values in dicts):
            raise ZeroDivisionError("boom")
        return real_values(self, plan, dicts, *args)

    monkeypatch.setattr(loaders._Loader, "_compact_all", flaky)
    monkeypatch.setattr(loaders._Loader, "_share_values", flaky_values)
    ds = load_dataset(folder(tmp_path, **{"applications.jsonl": line(app(1)) + line(app(2)) + line(app(3))}))
    assert [a.id for a in ds.applications] == ["A1", "A3"]
    assert ds.rejected[0].line == 2 and "ZeroDivisionError: boom" in ds.rejected[0].reason
    accounted(ds)


# -- 3. unreadable table files -----------------------------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
@pytest.mark.parametrize("kind", ["dangling", "loop", "folder"])
def test_a_table_file_that_cannot_be_read_is_an_error_naming_it(tmp_path: Path, kind: str) -> None:
    folder(tmp_path)
    target = tmp_path / "applications.jsonl"
    if kind == "dangling":
        os.symlink("gone.jsonl", target)
    elif kind == "loop":
        os.symlink("applications.jsonl", target)
    else:
        target.mkdir()
    expected = {"dangling": "dangling symbolic link", "loop": "symbolic link loop", "folder": "is a folder"}[
        kind
    ]
    for source in (tmp_path, target):
        with pytest.raises(UnreadableInputError, match=expected) as info:
            load_dataset(source)
        assert str(target) in str(info.value) and isinstance(info.value, OSError)
    with pytest.raises(UnreadableInputError, match=expected):
        load_table(target, "applications")


def test_a_dangling_meta_file_is_an_error_too(tmp_path: Path) -> None:
    folder(tmp_path)
    os.symlink("nowhere.yaml", tmp_path / "dataset.yaml")
    with pytest.raises(UnreadableInputError, match="dataset.yaml: dangling"):
        load_dataset(tmp_path)


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads files without permission"
)
def test_a_table_file_without_read_permission(tmp_path: Path) -> None:
    folder(tmp_path, **{"applications.jsonl": line(app(1))})
    (tmp_path / "applications.jsonl").chmod(0)
    try:
        with pytest.raises(
            UnreadableInputError, match="applications.jsonl: cannot be read: Permission denied"
        ):
            load_dataset(tmp_path)
    finally:
        (tmp_path / "applications.jsonl").chmod(0o644)


def test_a_missing_path_is_still_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no such file or folder"):
        load_dataset(tmp_path / "nope")


def test_a_table_file_that_refuses_to_open_is_an_error_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # what a file without read permission does for a non-root user (the test above, skipped as root)
    folder(tmp_path, **{"applications.jsonl": line(app(1))})
    target = tmp_path / "applications.jsonl"
    real_open = Path.open

    def refusing(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == target:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refusing)
    with pytest.raises(UnreadableInputError, match="applications.jsonl: cannot be read: Permission denied"):
        load_dataset(tmp_path)


@pytest.mark.parametrize("eol", [b"\n", b"\r\n", b"\r"])
def test_line_ends_lf_crlf_and_lone_cr_all_count_lines(tmp_path: Path, eol: bytes) -> None:
    bad = b'{"id": "A2", "x": "\xff"}'
    jsonl = eol.join([json.dumps(app(1)).encode(), bad, json.dumps(app(3)).encode()]) + eol
    csv = eol.join([b"id,item_code,received_at", b"A4,I1,2025-11-03T09:00", b"A5,I1,2025-11-03T09:00\xff",
                    b"A6,I1,2025-11-03T09:00"]) + eol  # fmt: skip
    ds = load_dataset(folder(tmp_path, **{"applications.jsonl": jsonl, "applications.csv": csv}))
    assert sorted(a.id for a in ds.applications) == ["A1", "A3", "A4", "A6"]
    assert sorted((Path(r.source or "").suffix, r.line) for r in ds.rejected) == [(".csv", 3), (".jsonl", 2)]
    jsonl_offset = len(json.dumps(app(1)).encode()) + len(eol) + bad.index(b"\xff")
    assert any(f"byte offset {jsonl_offset}" in r.reason for r in ds.rejected)
