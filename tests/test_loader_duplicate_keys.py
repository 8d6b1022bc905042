"""A key given twice in one object of a record (``{"id": "A1", "status": …, "status": …}``, or inside its
applicant or one of its events) is rejected naming the key, its record and line, never read as its
last value; the other records of the batch are read, and a record without one is read as before.

The jsonl fast path finds such lines without parsing them again (``loaders._key_count`` against
``_dupkeys.key_bound``); the properties below hold it to the exact answer for records with keys given
twice at any depth, written with any white space and any escapes, and with strings that look like keys.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govhall import _dupkeys, loaders
from govhall.errors import DuplicateKeyError
from govhall.loaders import load_dataset
from test_loader_fast_jsonl import ITEMS, _per_record, _same

# -- JSON written by hand: objects as pairs, so a key can be given twice -----------------------------------


@dataclass
class Obj:
    pairs: list[tuple[str, Any]]


def _to_obj(value: Any) -> Any:
    if isinstance(value, dict):
        return Obj([(k, _to_obj(v)) for k, v in value.items()])
    if isinstance(value, list):
        return [_to_obj(v) for v in value]
    return value


def _objects(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Obj]]:
    """Every object in ``value`` with its path (keys and list positions), in document order."""
    out: list[tuple[tuple[Any, ...], Obj]] = []
    if isinstance(value, Obj):
        out.append((path, value))
        for k, v in value.pairs:
            out.extend(_objects(v, (*path, k)))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out.extend(_objects(v, (*path, i)))
    return out


_WS = st.sampled_from(["", "", "", " ", "\t", "  ", " \t "])


def _string(draw: Any, text: str) -> str:
    """``text`` as a JSON string, some characters escaped as \\uXXXX (the same key however written)."""
    out = []
    for ch in text:
        if ch in '"\\' or ord(ch) < 0x20:
            out.append(json.dumps(ch)[1:-1])
        elif draw(st.integers(0, 5)) == 0:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _render(draw: Any, value: Any) -> str:
    if isinstance(value, Obj):
        members = [
            draw(_WS) + _string(draw, k) + draw(_WS) + ":" + draw(_WS) + _render(draw, v) + draw(_WS)
            for k, v in value.pairs
        ]
        return "{" + ",".join(members) + "}" if members else "{" + draw(_WS) + "}"
    if isinstance(value, list):
        return "[" + ",".join(draw(_WS) + _render(draw, v) + draw(_WS) for v in value) + "]"
    if isinstance(value, str):
        return _string(draw, value)
    return json.dumps(value)


# text that looks like keys and colons: a note '"a": "b"' written inside a string (\"a\": …)
_TRICKY = st.text(st.sampled_from(["a", "办", '"', ":", " ", "\t", "\\", "{", ",", "1"]), max_size=10)
_KIND = st.sampled_from(["received", "accepted", "decided", "visit", "受理", "bogus"])


@st.composite
def _record(draw: Any, n: int) -> tuple[str, tuple[tuple[Any, ...], str] | None]:
    """One line of applications.jsonl, and (path, key) of the key it gives twice, if any."""
    events = [
        {"id": f"A{n}-E{j}", "application_id": f"A{n}", "kind": draw(_KIND),
         "at": f"2025-11-0{3 + j}T09:{draw(st.integers(10, 59))}", "note": draw(_TRICKY)}
        for j in range(draw(st.integers(0, 3)))
    ]  # fmt: skip
    for ev in events:  # an event may leave its owner out: the model's own path gives it its record's id
        if draw(st.integers(0, 3)) == 0:
            del ev["application_id"]
    record: dict[str, Any] = {"id": f"A{n}", "item_code": draw(st.sampled_from(["I1", "I2"])),
                              "received_at": "2025-11-03T09:00", "events": events}  # fmt: skip
    if draw(st.booleans()):
        record["applicant"] = {"name": draw(_TRICKY), "phone": "13800000000"}
    if draw(st.booleans()):
        record["materials_submitted"] = [draw(_TRICKY)]
    value = _to_obj(record)
    twice = None
    if draw(st.booleans()):
        path, target = draw(st.sampled_from(_objects(value)))
        keys = [k for k, _ in target.pairs]
        key = draw(st.sampled_from([*keys, "extra"]))
        again = draw(st.sampled_from(["again", 1, None, [], dict(target.pairs).get(key, "x")]))
        if key not in keys:  # a key no field has, given twice
            target.pairs.insert(draw(st.integers(0, len(target.pairs))), (key, "first"))
        target.pairs.insert(draw(st.integers(0, len(target.pairs))), (key, _to_obj(again)))
        twice = (path, key)
    return draw(_WS) + _render(draw, value) + draw(_WS), twice


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), n=st.integers(1, 12), chunk=st.sampled_from([1 << 16, 300]))
def test_a_record_giving_a_key_twice_is_rejected_naming_it_and_the_others_are_read_as_before(
    data: Any, n: int, chunk: int
) -> None:
    lines = [data.draw(_record(i)) for i in range(1, n + 1)]
    with tempfile.TemporaryDirectory() as tmp, pytest.MonkeyPatch.context() as mp:
        mp.setattr(loaders, "_LINES_CHUNK", chunk)
        folder, reference = Path(tmp) / "given", Path(tmp) / "reference"
        for f in (folder, reference):
            f.mkdir()
            (f / "items.jsonl").write_text("".join(json.dumps(i) + "\n" for i in ITEMS), encoding="utf-8")
        (folder / "applications.jsonl").write_text("".join(t + "\n" for t, _ in lines), encoding="utf-8")
        # the reference: the clean lines as json.dumps writes them, a blank line for each other line
        (reference / "applications.jsonl").write_text(
            "".join(
                ("" if twice else json.dumps(json.loads(t), ensure_ascii=False)) + "\n" for t, twice in lines
            ),
            encoding="utf-8",
        )
        ds = load_dataset(folder)
        _same(ds, _per_record(folder))  # the fast loop and the per-record path agree
        ref = load_dataset(reference)

    twice_lines = {i: twice for i, (_, twice) in enumerate(lines, start=1) if twice}
    rejected = {r.line: r for r in ds.rejected if r.line in twice_lines}
    assert set(rejected) == set(twice_lines)
    for line, (path, key) in twice_lines.items():
        r = rejected[line]
        assert r.field == ".".join(map(str, (*path, key)))
        assert f"the key {key!r} appears twice" in r.reason
        assert r.record_id == (None if (path, key) == ((), "id") else f"A{line}")
        assert r.source == str(folder / "applications.jsonl")
    assert not {a.id for a in ds.applications} & {f"A{line}" for line in twice_lines}
    # every other line is read as its plain rewrite is: the same records, rejections and count
    others = [r.model_dump(exclude={"source"}) for r in ds.rejected if r.line not in twice_lines]
    assert others == [r.model_dump(exclude={"source"}) for r in ref.rejected]
    assert [a.model_dump(mode="json") for a in ds.applications] == [
        a.model_dump(mode="json") for a in ref.applications
    ]
    assert [a.model_fields_set for a in ds.applications] == [a.model_fields_set for a in ref.applications]
    assert ds.records == ref.records + len(twice_lines)


# -- the bound the fast path compares with ---------------------------------------------------------------

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | _TRICKY,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TRICKY, inner, max_size=4),
    max_leaves=12,
)


def _members(value: Any) -> int:
    if isinstance(value, Obj):
        return len(value.pairs) + sum(_members(v) for _, v in value.pairs)
    if isinstance(value, list):
        return sum(_members(v) for v in value)
    return 0


@settings(max_examples=200, deadline=None)
@given(data=st.data(), value=_JSON)
def test_the_key_bound_is_never_below_the_keys_written(data: Any, value: Any) -> None:
    """However the JSON is written (white space around every colon, escapes, strings holding ``":``),
    its key bound counts at least every key written, so fewer keys kept means a key given twice."""
    obj = _to_obj(value)
    text = _render(data.draw, obj).encode("utf-8")
    assert json.loads(text) == value
    assert _dupkeys.key_bound(text) >= _members(obj)
    assert _dupkeys.key_bound_joined(b"{" + text + b"\n") == _dupkeys.key_bound(b"{" + text + b"\n")


@settings(max_examples=100, deadline=None)
@given(lines=st.lists(st.binary(max_size=40).map(lambda b: b"{" + b), min_size=1, max_size=6))
def test_the_chunk_bound_is_the_sum_of_the_line_bounds(lines: list[bytes]) -> None:
    lines = [line + b"\n" for line in lines]
    assert _dupkeys.key_bound_joined(b"".join(lines)) == sum(map(_dupkeys.key_bound, lines))
    many = lines * (_dupkeys._NUMPY_FROM // sum(map(len, lines)) + 1)  # counted with numpy
    assert _dupkeys.key_bound_joined(b"".join(many)) == sum(map(_dupkeys.key_bound, many))


def test_the_fast_path_counts_keys_for_every_table() -> None:
    """Each table's fast schema builds its models and dicts from the keys given only (else every line
    would be parsed a second time); the model's own schema, whose hook gives embedded events their
    owner's id, does not (the check tells them apart)."""
    from govhall.models import TABLES

    assert all(loaders._keys_counted(model) for model in TABLES.values())
    assert not loaders._schema_counts_keys(TABLES["applications"].__pydantic_core_schema__)


# -- the other ways records come in ----------------------------------------------------------------------


def _items(folder: Path) -> None:
    (folder / "items.jsonl").write_text("".join(json.dumps(i) + "\n" for i in ITEMS), encoding="utf-8")


def test_a_json_array_element_giving_a_key_twice_is_rejected_and_the_others_read(tmp_path: Path) -> None:
    _items(tmp_path)
    (tmp_path / "complaints.json").write_text(
        '[{"id": "C1", "received_at": "2025-11-03T09:00", "channel": "phone", "complainant": '
        '{"name": "甲", "name": "乙"}},\n {"id": "C2", "received_at": "2025-11-03T09:00", "channel": "phone"}]',
        encoding="utf-8",
    )
    ds = load_dataset(tmp_path)
    assert [c.id for c in ds.complaints] == ["C2"]
    (r,) = ds.rejected
    assert (r.table, r.line, r.record_id, r.field) == ("complaints", 1, "C1", "complainant.name")
    assert "甲" not in r.reason and "乙" not in r.reason  # personal data is not repeated
    assert ds.records == len(ITEMS) + 2


def test_a_hall_giving_a_key_twice_is_rejected(tmp_path: Path) -> None:
    _items(tmp_path)
    (tmp_path / "hall.json").write_text('{"id": "H1", "name": "甲大厅", "name": "乙大厅"}', encoding="utf-8")
    ds = load_dataset(tmp_path)
    assert ds.hall is None
    (r,) = ds.rejected
    assert (r.table, r.field, r.record_id) == ("hall", "name", "H1")


def test_a_table_or_meta_key_given_twice_refuses_the_document(tmp_path: Path) -> None:
    """Reading one of two ``applications`` arrays would drop the other's records unreported."""
    doc = tmp_path / "dataset.json"
    doc.write_text('{"items": [], "applications": [], "items": []}', encoding="utf-8")
    with pytest.raises(DuplicateKeyError, match="'items' appears twice"):
        load_dataset(doc)
    doc = tmp_path / "dataset.yaml"
    doc.write_text("as_of: '2025-11-30'\nitems: []\nas_of: '2025-11-29'\n", encoding="utf-8")
    with pytest.raises(DuplicateKeyError, match=r"line 3.*'as_of' appears twice"):
        load_dataset(doc)
    folder = tmp_path / "folder"
    folder.mkdir()
    _items(folder)
    (folder / "meta.json").write_text('{"as_of": "2025-11-30", "as_of": "2025-11-29"}', encoding="utf-8")
    with pytest.raises(ValueError, match="meta.json.*'as_of' appears twice"):
        load_dataset(folder)


def test_a_yaml_record_giving_a_key_twice_is_rejected_with_its_line(tmp_path: Path) -> None:
    doc = tmp_path / "dataset.yaml"
    doc.write_text(
        "items:\n- code: I1\n  name: 甲\n  type: 行政许可\n  department: D\n  name: 乙\n"
        "- code: I2\n  name: 丙\n  type: 行政许可\n  department: D\n",
        encoding="utf-8",
    )
    ds = load_dataset(doc)
    assert [i.code for i in ds.items] == ["I2"]
    (r,) = ds.rejected
    assert (r.line, r.record_id, r.field) == (1, "I1", "name") and "on line 6" in r.reason


def test_a_csv_json_cell_or_column_giving_a_key_twice_is_rejected(tmp_path: Path) -> None:
    _items(tmp_path)
    (tmp_path / "applications.csv").write_text(
        "id,item_code,received_at,applicant,applicant.phone\n"
        'A1,I1,2025-11-03T09:00,"{""name"": ""甲"", ""name"": ""乙""}",\n'
        'A2,I1,2025-11-03T09:00,"{""phone"": ""1""}",2\n'
        'A3,I1,2025-11-03T09:00,"{""name"": ""丙""}",3\n',
        encoding="utf-8",
    )
    ds = load_dataset(tmp_path)
    assert [(a.id, a.applicant.name, a.applicant.phone) for a in ds.applications] == [("A3", "丙", "3")]
    assert [(r.line, r.record_id, r.field) for r in ds.rejected] == [
        (2, "A1", "applicant.name"),
        (3, "A2", "applicant.phone"),
    ]


def test_a_dict_document_from_python_is_read_as_given() -> None:
    """A Python dict cannot hold a key twice: nothing to find, and nothing is walked for it."""
    ds = load_dataset({"items": ITEMS})
    assert [i.code for i in ds.items] == ["I1", "I2"] and not ds.rejected


@st.composite
def _event_line(draw: Any, n: int) -> tuple[str, tuple[tuple[Any, ...], str] | None]:
    """One line of events.jsonl (an event of application A1), and the key it gives twice, if any."""
    event = {"id": f"E{n}", "application_id": "A1", "kind": draw(_KIND), "at": f"2025-11-04T09:{10 + n}",
             "note": draw(_TRICKY), "materials": [draw(_TRICKY)]}  # fmt: skip
    value = _to_obj(event)
    twice = None
    if draw(st.booleans()):
        key = draw(st.sampled_from([k for k, _ in value.pairs]))
        again = draw(st.sampled_from(["x", 1]))
        value.pairs.insert(draw(st.integers(0, len(value.pairs))), (key, again))
        twice = ((), key)
    return _render(draw, value), twice


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), n=st.integers(1, 10), chunk=st.sampled_from([1 << 16, 200]))
def test_an_events_table_line_giving_a_key_twice_is_rejected_and_the_others_folded_as_before(
    data: Any, n: int, chunk: int
) -> None:
    """The events table's lines are accepted one by one (they fold into their owner), their keys checked
    a chunk at a time when the chunk allows it (see loaders._validated_keys_ok), else line by line."""
    lines = [data.draw(_event_line(i)) for i in range(1, n + 1)]
    app = json.dumps({"id": "A1", "item_code": "I1", "received_at": "2025-11-03T09:00"})
    with tempfile.TemporaryDirectory() as tmp, pytest.MonkeyPatch.context() as mp:
        mp.setattr(loaders, "_LINES_CHUNK", chunk)
        folder, reference = Path(tmp) / "given", Path(tmp) / "reference"
        for f in (folder, reference):
            f.mkdir()
            _items(f)
            (f / "applications.jsonl").write_text(app + "\n", encoding="utf-8")
        (folder / "events.jsonl").write_text("".join(t + "\n" for t, _ in lines), encoding="utf-8")
        (reference / "events.jsonl").write_text(
            "".join(
                ("" if twice else json.dumps(json.loads(t), ensure_ascii=False)) + "\n" for t, twice in lines
            ),
            encoding="utf-8",
        )
        ds, ref = load_dataset(folder), load_dataset(reference)
    twice_lines = {i: twice[1] for i, (_, twice) in enumerate(lines, start=1) if twice}
    got = {r.line: r for r in ds.rejected if r.table == "events" and r.line in twice_lines}
    assert {line: r.field for line, r in got.items()} == twice_lines
    for line, key in twice_lines.items():
        # an event whose own id is given twice is named by its owner (its id is not known)
        assert got[line].record_id == ("application A1" if key == "id" else f"E{line}")
        assert f"the key {key!r} appears twice" in got[line].reason
    assert [r.model_dump(exclude={"source"}) for r in ds.rejected if r.line not in twice_lines] == [
        r.model_dump(exclude={"source"}) for r in ref.rejected
    ]
    assert [a.model_dump(mode="json") for a in ds.applications] == [
        a.model_dump(mode="json") for a in ref.applications
    ]
    assert ds.records == ref.records + len(twice_lines)
