"""Where records were read (govhall.locations): the line a JSON element starts on, for any layout."""

from __future__ import annotations

import json
from array import array
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import govhall
from govhall.loaders import load_table
from govhall.locations import _json_lines, _yaml_lines, locate

_WS = st.text(alphabet=" \t\n\r", max_size=4)
_RECORD = st.dictionaries(
    st.text(alphabet="abcxyz_", min_size=1, max_size=4),
    st.one_of(st.integers(), st.text(max_size=5), st.lists(st.integers(), max_size=3)),
    max_size=3,
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_WS, _RECORD, st.sampled_from([None, 0, 1, 2]), _WS), max_size=6), _WS, _WS)
def test_element_lines_of_a_json_array_for_any_layout(parts: list, head: str, tail: str) -> None:
    text, expected = head + "[", []
    for i, (before, record, indent, after) in enumerate(parts):
        text += before
        expected.append(text.count("\n") + 1)  # the element starts here, whatever came before
        text += json.dumps(record, indent=indent) + after + ("," if i < len(parts) - 1 else "")
    text += tail + "]"
    assert json.loads(text) == [p[1] for p in parts]
    assert _json_lines(text).get(None, []) == expected


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 999)), min_size=1, max_size=5), st.booleans())
def test_element_lines_of_a_document_json_and_yaml(rows: list, as_yaml: bool) -> None:
    lines, expected = (
        ["{" if not as_yaml else "as_of: 2025-11-30", ' "as_of": "2025-11-30",' if not as_yaml else ""],
        [],
    )
    lines.append(' "items": [' if not as_yaml else "items:")
    for i, (blank, code) in enumerate(rows):
        lines += [""] * blank
        expected.append(len(lines) + 1)
        record = json.dumps({"code": f"I-{code}"})
        lines.append(f"- {record}" if as_yaml else f"  {record}{',' if i < len(rows) - 1 else ''}")
    if not as_yaml:
        lines += [" ]", "}"]
    text = "\n".join(lines) + "\n"
    got = (_yaml_lines(text) if as_yaml else _json_lines(text))["items"]
    assert got == expected


def test_a_json_table_file_under_any_name_is_an_array(tmp_path: Path) -> None:
    items = [
        json.loads(x)
        for x in (govhall.example_dir() / "items.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(items, ensure_ascii=False, indent=2), encoding="utf-8")
    dataset = load_table(path, "items")
    text = path.read_text(encoding="utf-8").splitlines()
    for i, item in enumerate(items):
        where = locate(dataset, "items", item["code"])
        assert where is not None and where.pointer == f"/{i}"
        assert text[where.line - 1] == "  {" and text[where.line] == f'    "code": "{item["code"]}",'


def test_changed_tables_give_no_line_rather_than_a_wrong_one() -> None:
    dataset = govhall.load_dataset(govhall.example_dir())
    code = dataset.items[0].code
    assert locate(dataset, "items", code) is not None
    dataset.items.pop()
    assert locate(dataset, "items", code) is None


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(["A-1", "A-2", "A-3", "", "B"]), st.none(), st.integers(0, 3), st.just(...)
        ),
        max_size=20,
    ),
    st.sampled_from(["applications", "items"]),
)
def test_the_id_index_is_the_first_position_of_each_id_read_one_by_one(ids: list, table: str) -> None:  # type: ignore[type-arg]
    """Whatever the ids (repeated, empty, missing, not texts, or no id attribute at all): id -> the
    position of the first record with it, ids as text, records without one left out."""
    from types import SimpleNamespace

    from govhall.locations import Positions, _index

    key = "code" if table == "items" else "id"
    records = [SimpleNamespace() if rid is ... else SimpleNamespace(**{key: rid}) for rid in ids]
    expected: dict[str, int] = {}
    for i, record in enumerate(records):
        rid = getattr(record, key, None)
        if rid is not None:
            expected.setdefault(str(rid), i)
    assert _index(Positions(), table, records) == expected


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(st.sampled_from(["A-1", "A-2", "A-3", "", "B"]), st.integers(0, 3), st.just(...)),
        max_size=20,
    ),
    st.lists(st.integers(1, 6), max_size=8),
    st.booleans(),
)
def test_ids_read_block_by_block_are_the_tables_ids(ids: list, cuts: list, skip: bool) -> None:  # type: ignore[type-arg]
    """The runner hands an IdReader the table block by block: whatever the ids and the blocks, the ids
    it keeps are the table's, in its order (or none, leaving them to positions_of: an id that is not a
    text, a record without one, a block skipped), and no map of every id is built."""
    from types import SimpleNamespace

    from govhall.locations import IdReader, Positions

    records = [SimpleNamespace() if rid is ... else SimpleNamespace(id=rid) for rid in ids]
    pos = Positions()
    reader = IdReader(pos, "applications", records)
    start = 0
    for n in [*cuts, len(records)]:
        block = records[start : start + n]
        if not (skip and start == 1):  # (a block skipped when asked)
            reader.read(block, start)
        start += len(block)
        if start >= len(records):
            break
    assert pos.index is None
    if pos.ids is not None:
        assert pos.ids == [r.id for r in records]
        assert all(isinstance(getattr(r, "id", None), str) for r in records)
    else:
        assert skip or not records or not all(isinstance(getattr(r, "id", None), str) for r in records)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.sampled_from(["A1", "A2", "A3", 7, None]), max_size=12),
    st.lists(st.sampled_from(["A1", "A2", "A3", "7", "None", "B"]), max_size=6),
    st.booleans(),
    st.booleans(),
)
def test_positions_of_the_wanted_ids_are_the_full_maps(
    ids: list[object], wanted: list[str], read: bool, last: bool
) -> None:
    """positions_of gives, for each wanted id a record holds, the position the map of every id would
    (_index's: the first record with it; with ``last``, the last), whether the run read the ids or
    not, whatever the ids (repeated, missing, not texts)."""
    from types import SimpleNamespace

    from govhall.locations import Positions, _index, positions_of

    records = [SimpleNamespace(id=rid) for rid in ids]
    pos = Positions(sources=[("a.jsonl", "lines")], number=array("l", range(1, len(records) + 1)))
    if read and all(isinstance(rid, str) for rid in ids):
        pos.ids = [str(rid) for rid in ids]
    dataset = SimpleNamespace(_positions={"applications": pos}, applications=records)
    full = _index(Positions(), "applications", records)
    if last:
        full = {}
        for i, r in enumerate(records):
            if r.id is not None:
                full[str(r.id)] = i
    assert positions_of(dataset, "applications", wanted, last=last) == {
        w: full[w] for w in set(wanted) if w in full
    }


def test_an_audit_reads_each_table_ids_as_the_report_would() -> None:
    from govhall.locations import locate_findings
    from govhall.rules.report import finding_departments

    dataset = govhall.load_dataset(govhall.example_dir())
    report = govhall.audit(dataset)
    read = {table: pos.ids for table, pos in dataset._positions.items() if pos.ids is not None}
    assert {"applications", "complaints", "evaluations"} <= set(read)  # read by the run, block by block
    for table, ids in read.items():
        assert ids == [r.code if table == "items" else r.id for r in getattr(dataset, table)]
    assert all(pos.index is None for pos in dataset._positions.values())  # no map of every id
    # the report's parts read the same with the ids read by the run, read afresh, and with the maps
    # of every id that a single locate builds
    departments, locations = report.departments, report.locations
    assert any(key.startswith("application/") for key in departments)
    assert any(key.startswith("application/") for key in locations)
    for pos in dataset._positions.values():
        pos.ids = None
    assert finding_departments(dataset, report.findings) == departments
    assert locate_findings(dataset, report.findings) == locations
    for table, pos in dataset._positions.items():
        if table != "hall" and getattr(dataset, table):
            locate(dataset, table, "no such id")
            assert pos.index is not None
    assert finding_departments(dataset, report.findings) == departments
    assert locate_findings(dataset, report.findings) == locations
