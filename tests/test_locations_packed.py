"""A province's record locations held packed in the parent (issue #10: the parent's memory grows with
its halls only by what each hall must leave behind): :class:`govhall.locations.PackedLocations`,
:class:`govhall.locations.LocationsByHall`, and the halls' seconds per rule as one array.

What must hold: the packed mapping reads exactly as the dict it was built from (keys, order, values),
before and after pickling (the worker's pipe), and stays packed until a key is asked; a province
report's locations route each key to its hall even where a hall's name or a record's id holds ``::``;
a JSON report never opens them, SARIF reads the same locations as from the dicts.
"""

from __future__ import annotations

import pickle
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from govhall.locations import LocationsByHall, PackedLocations, RecordLocation
from govhall.province import HallResult, _Shared, audit_hall, audit_many, merge_results
from govhall.reports import render
from province_helpers import make_hall

_texts = st.text(min_size=0, max_size=12)
_where = st.builds(
    RecordLocation,
    path=st.sampled_from(["a/applications.jsonl", "a/events.jsonl", "b/hall.json", "路径/表.csv"]),
    line=st.none() | st.integers(min_value=1, max_value=2**40),
    pointer=st.none() | _texts,
)


@given(st.dictionaries(_texts, _where, max_size=30))
def test_packed_reads_as_the_dict_it_was_built_from(plain: dict[str, RecordLocation]) -> None:
    packed = PackedLocations(plain)
    again = pickle.loads(pickle.dumps(packed))
    assert again._open is None
    for m in (packed, again):
        assert len(m) == len(plain)
        assert list(m) == list(plain)  # the order kept
        assert dict(m.items()) == plain
        assert all(k in m for k in plain)
        assert "no such key" not in plain or "no such key" in m
    # once decoded, the pickle still carries the block only, never the decoded form
    assert pickle.loads(pickle.dumps(again))._open is None


def test_packed_stays_packed_until_asked_and_gives_a_fresh_location() -> None:
    packed = PackedLocations({"h::application/A1": RecordLocation(path="p.jsonl", line=3)})
    assert len(packed) == 1 and packed._open is None  # the length is known without decoding
    first = packed["h::application/A1"]
    assert first == RecordLocation(path="p.jsonl", line=3, pointer=None)
    first.line = 99  # a caller's change of the model it got does not reach the mapping
    assert packed["h::application/A1"].line == 3
    assert packed.get("h::application/A2") is None


def test_by_hall_routes_names_and_ids_holding_the_separator() -> None:
    a = {
        "x::y::item/1": RecordLocation(path="a", line=1),
        "x::y::item/2::b": RecordLocation(path="a", line=2),
    }
    b = {"x::item/1": RecordLocation(path="b", line=5)}
    merged = LocationsByHall({"x::y": PackedLocations(a), "x": b})
    assert merged["x::y::item/1"].path == "a"
    assert merged["x::y::item/2::b"].line == 2
    assert merged["x::item/1"].path == "b"
    assert "x::item/2::b" not in merged and merged.get("x::y::item/3") is None
    assert "z::item/1" not in merged and object() not in merged
    assert list(merged) == [*a, *b] and len(merged) == 3


def test_seconds_per_rule_are_shared_by_halls_and_summed_as_before(tmp_path: Path) -> None:
    hall = make_hall(tmp_path / "h1", 1)
    first = audit_hall(hall, hall="h1")
    second = pickle.loads(pickle.dumps(first))
    second.hall = "h2"
    seconds = dict(first.rule_seconds)
    shared = _Shared()
    shared(first)
    shared(second)
    assert dict(first.rule_seconds) == seconds  # the same values, read through the shared ids
    assert first.rule_seconds._index is second.rule_seconds._index  # type: ignore[attr-defined]
    merged = merge_results([first, second])
    assert merged.rule_seconds == {k: 2 * v for k, v in seconds.items()}


def test_a_province_report_reads_each_halls_locations_as_from_dicts(tmp_path: Path) -> None:
    root = tmp_path / "prov"
    for i, seed in enumerate((3, 4), start=1):
        make_hall(root / f"hall-{i}", seed)
    report = audit_many(root, jobs=1)
    assert isinstance(report.locations, LocationsByHall)
    halls = report.locations._halls
    assert all(isinstance(m, PackedLocations) and m._open is None for m in halls.values())
    render(report, "json")  # the JSON report has no locations: nothing decoded
    assert all(m._open is None for m in halls.values())  # type: ignore[attr-defined]
    # the same report with the locations as plain dicts renders the same SARIF, line for line
    plain = report.model_copy(update={"locations": {k: report.locations[k] for k in report.locations}})
    assert len(plain.locations) > 10
    assert render(report, "sarif") == render(plain, "sarif")
    one = audit_hall(root / "hall-1", hall="hall-1")
    assert isinstance(one.locations, PackedLocations)
    assert {k: v for k, v in report.locations.items() if k.startswith("hall-1::")} == dict(one.locations)
    assert all(k.startswith("hall-1::") for k in one.locations)
    assert HallResult(hall="x", source="x", summary=one.summary).locations == {}
