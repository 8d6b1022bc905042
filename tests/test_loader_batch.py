"""The jsonl loop's chunk path (``govhall.loaders._Loader._accept_chunk``) and the columnar compaction
(``_Loader._compact_columns``) give what the line-by-line path and the record-by-record compaction
give: the same records, rejections, lines and positions, and records laid out the same in memory (the
same shared values, fields-sets and dict key tables).

A chunk is accepted at once only when every line is a record the loop would accept inline; a chunk
with any other line goes line by line. These tests mix mostly good lines with a few bad ones (the
kinds of tests/test_loader_fast_jsonl.py, and lines that could join their neighbours if a chunk
were parsed as one array), in chunks small and large.
"""

from __future__ import annotations

import contextlib
import json
import sys
import tempfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import Field

from govhall import loaders
from govhall.loaders import load_dataset
from govhall.models import TABLES, Event
from govhall.testing import records
from test_loader_fast_jsonl import ITEMS, _app, _dumps, _line, _per_record, _same

_GOOD = ["good", "good-other-item", "materials-given", "chinese-channel", "odd-decimal"]
_BAD = [
    "duplicate-id", "duplicate-id-own-events", "unknown-item", "bad-enum", "aware-time", "unowned-event",
    "other-owner-event", "both-owners", "duplicate-event-id", "repeated-event-id", "not-json", "cut-off",
    "blank", "leading-space", "empty-id", "id-number", "long-number", "two-on-a-line", "split-in-two",
    "no-event-id",  # accepted, but by _accept (an event without an id claims none)
    # a key no field has (the batch ignores it; the line's keys then fall short of its text's bound)
    "unknown-field", "unknown-event-field", "unknown-applicant-field", "unknown-field-twice",
]  # fmt: skip


def _batch_line(kind: str, n: int) -> str:
    if kind == "two-on-a-line":  # one line, two records: parsed as one array they would be two elements
        return _dumps(_app(n)) + ", " + _dumps(_app(n + 1000))
    if kind == "split-in-two":  # one record over two lines, the second starting with "{"
        text = _dumps(_app(n, applicant={"name": "张三"}))
        cut = text.index('{"name"')
        return text[:cut] + "\n" + text[cut:]
    if kind == "unknown-event-field":
        record = _app(n)
        record["events"][1]["colour"] = "red"
        return _dumps(record)
    if kind == "unknown-applicant-field":
        return _dumps(_app(n, applicant={"name": "张三", "nmae": "张三"}))
    if kind == "unknown-field-twice":  # the same unknown key given twice
        return _dumps(_app(n)).replace('{"id"', '{"chanel": 1, "chanel": 2, "id"', 1)
    return _line(kind, n)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kinds=st.lists(st.sampled_from(_GOOD * 6 + _BAD), min_size=1, max_size=40),
    chunk=st.sampled_from([1 << 16, 2000, 700]),
)
def test_chunks_of_good_lines_read_as_the_per_record_path_reads_them(kinds: list[str], chunk: int) -> None:
    """Mostly good lines (so most chunks are accepted at once), now and then a bad one (its chunk
    goes line by line): what the per-record path gives, and each all-good chunk is taken at once."""
    lines = [_dumps(_app(0))] + [_batch_line(kind, n) for n, kind in enumerate(kinds, start=1)]
    taken: list[bool] = []
    real = loaders._Loader._accept_chunk

    def spy(self: Any, *args: Any) -> Any:
        settled = real(self, *args)
        taken.append(settled is True)
        return settled

    with tempfile.TemporaryDirectory() as tmp, pytest.MonkeyPatch.context() as mp:
        mp.setattr(loaders, "_LINES_CHUNK", chunk)
        mp.setattr(loaders._Loader, "_accept_chunk", spy)
        folder = Path(tmp)
        (folder / "items.jsonl").write_text("".join(_dumps(i) + "\n" for i in ITEMS), encoding="utf-8")
        (folder / "applications.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        fast = load_dataset(folder)
        _same(fast, _per_record(folder))
    if all(kind in _GOOD for kind in kinds):
        assert taken and all(taken)
        assert len(fast.applications) == len(lines) and not fast.rejected


def _histories(n: int, events: int) -> dict[str, Any]:
    """Application ``n`` with ``events`` events of its own, given latest first (the loader sorts them)."""
    return _app(n, events=[
        {"id": f"A{n}-E{k}", "application_id": f"A{n}", "kind": "received", "at": f"2025-11-{9 - k:02}T09:00"}
        for k in range(events)
    ])  # fmt: skip


def test_a_chunk_with_a_bad_record_in_the_middle_reads_as_the_per_record_path(tmp_path: Path) -> None:
    """The chunk path takes each record's dict, and each event's, from what the batch built (not from
    the records again): on chunks of histories of 0 to 3 events, with a record the batch refuses and
    one it builds but the loop rejects (an event naming another application) in the middle of one,
    and ids given again in a later chunk, the records, rejections and positions are the per-record
    path's; the clean chunks are taken at once and their ids known to the next."""
    first = [_histories(n, n % 4) for n in range(1, 9)]
    bad_enum = _app(9, channel="pigeon")
    stray = _histories(10, 2)
    stray["events"][1]["application_id"] = "A3"  # an event of A10 naming A3
    middle = [_histories(n, n % 4) for n in range(11, 14)]
    again = [_histories(4, 0), _app(20, events=[{"id": "A5-E0", "application_id": "A20", "kind": "received",
                                                 "at": "2025-11-03T09:00"}])]  # fmt: skip
    lines = [*first, *middle[:1], bad_enum, *middle[1:2], stray, *middle[2:], *again]
    text = "".join(_dumps(r) + "\n" for r in lines)
    taken: list[bool] = []
    real = loaders._Loader._accept_chunk

    def spy(self: Any, *args: Any) -> Any:
        settled = real(self, *args)
        taken.append(settled is True)
        return settled

    (tmp_path / "items.jsonl").write_text("".join(_dumps(i) + "\n" for i in ITEMS), encoding="utf-8")
    (tmp_path / "applications.jsonl").write_text(text, encoding="utf-8")
    cut = text.index(
        '{"id": "A11"'
    )  # the first chunk ends at A11's line: clean; the second holds the bad ones
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(loaders, "_LINES_CHUNK", cut + 1)
        mp.setattr(loaders._Loader, "_accept_chunk", spy)
        ds = load_dataset(tmp_path)
    _same(ds, _per_record(tmp_path))
    assert taken[0] is True and False in taken  # the clean chunk at once, the other line by line
    assert [r.line for r in ds.rejected] == [
        10,
        12,
        14,
        15,
    ]  # pigeon, A10's stray event, A4 again, A5-E0 again
    assert "A4" in ds.rejected[2].reason and "line 4" in ds.rejected[2].reason
    assert "A5-E0" in ds.rejected[3].reason and "line 5" in ds.rejected[3].reason
    assert [a.id for a in ds.applications] == [f"A{n}" for n in (*range(1, 9), 11, 12, 13)]
    for app in ds.applications:  # each history its own events, earliest first, as given
        n = int(app.id[1:])
        assert [(e.id, e.application_id) for e in app.events] == [
            (f"A{n}-E{k}", app.id) for k in reversed(range(n % 4))
        ]


def test_a_line_holding_two_records_is_one_rejected_record_not_two(tmp_path: Path) -> None:
    lines = [_dumps(_app(1)), _batch_line("two-on-a-line", 2), _dumps(_app(3))]
    (tmp_path / "items.jsonl").write_text("".join(_dumps(i) + "\n" for i in ITEMS), encoding="utf-8")
    (tmp_path / "applications.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    ds = load_dataset(tmp_path)
    assert [a.id for a in ds.applications] == ["A1", "A3"]
    (bad,) = ds.rejected
    assert bad.line == 2 and "not valid JSON" in bad.reason and ds.records == 2 + 3


# -- the columnar compaction lays records out as the record-by-record one does ------------------------

_MODELS = [TABLES[t] for t in ("applications", "complaints", "attendance", "evaluations", "items", "staff")]


def _models() -> st.SearchStrategy[tuple[type, list[Any]]]:
    return st.sampled_from([*_MODELS, Event]).flatmap(
        lambda model: st.tuples(st.just(model), st.lists(records(model), min_size=1, max_size=10))
    )


def _fresh(model: Any, originals: list[Any], fold: bool) -> list[Any]:
    """The records validated again from their JSON (what a loader compacts: pydantic's own dicts and
    fields-sets); with ``fold``, the first record's timestamps set to fold=1 (never shared)."""
    objs = [model.model_validate_json(r.model_dump_json(exclude_unset=True)) for r in originals]
    if fold:
        values = objs[0].__dict__
        for name, value in values.items():
            if value.__class__ is datetime:
                values[name] = value.replace(fold=1)
    return objs


def _shared_values(obj: Any) -> list[Any]:
    """The values a compaction may share: the record's fields, its sub-records' and events'."""
    out = []
    for value in obj.__dict__.values():
        out.append(value)
        if isinstance(value, list):
            out.extend(value)
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn=_models(), share_strings=st.booleans(), fold=st.booleans())
def test_the_columnar_compaction_lays_records_out_as_the_record_by_record_one(
    drawn: tuple[type, list[Any]], share_strings: bool, fold: bool
) -> None:
    model, originals = drawn
    each, columns = loaders._Loader(), loaders._Loader()
    a, b = _fresh(model, originals, fold), _fresh(model, originals, fold)
    each._compact_each(a, share_strings)
    columns._compact_columns(b, share_strings)
    for x, y in zip(a, b, strict=True):
        assert x.model_dump() == y.model_dump() and list(x.__dict__) == list(y.__dict__)
        # the same dict layout (a key table shared with the class's template, or not)
        assert sys.getsizeof(x.__dict__) == sys.getsizeof(y.__dict__)
        assert x.__pydantic_fields_set__ == y.__pydantic_fields_set__
        assert type(x.__pydantic_fields_set__) is type(y.__pydantic_fields_set__) is loaders._FieldsSet
    # the same values shared: two values are one object in one layout when they are in the other
    xs = [v for x in a for v in _shared_values(x)]
    ys = [v for y in b for v in _shared_values(y)]
    for i in range(len(xs)):
        for j in range(i):
            if isinstance(xs[i], (str, date, Decimal, list, dict)):
                assert (xs[i] is xs[j]) == (ys[i] is ys[j]), (xs[i], xs[j])
    kinds = {type(k) for k in each.times}
    assert kinds <= {datetime, date, str}
    assert set(each.times) == set(columns.times) and each.unshared_moments == columns.unshared_moments
    assert set(each.shapes) == set(columns.shapes)
    assert each.strings == columns.strings


# -- a chunk's records built from typed dicts are the fast validator's, laid out by the compaction ------

_TABLE_MODELS = [m for t, m in TABLES.items() if t != "events"]


def _layout(obj: Any) -> Any:
    """A record as values, key order, dict size and fields-set, all the way down."""
    if isinstance(obj, loaders.BaseModel):
        values = obj.__dict__
        return (
            type(obj),
            [(k, _layout(v)) for k, v in values.items()],
            sys.getsizeof(values),
            sorted(obj.__pydantic_fields_set__),
            type(obj.__pydantic_fields_set__),
            obj.__pydantic_extra__,
            obj.__pydantic_private__,
        )
    if isinstance(obj, list):
        return (type(obj), [_layout(v) for v in obj])
    return (type(obj), obj)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    drawn=st.sampled_from(_TABLE_MODELS).flatmap(
        lambda model: st.tuples(st.just(model), st.lists(records(model), min_size=1, max_size=8))
    ),
    refused=st.lists(st.integers(0, 8), max_size=3),
)
def test_records_built_from_typed_dicts_are_the_fast_validators_laid_out_by_the_compaction(
    drawn: tuple[type, list[Any]], refused: list[int]
) -> None:
    """For any records of any table (and lines the batch refuses among them, which stay None in their
    place): the batch's records equal what the fast validator gives line by line, compacted, down to
    the dict layout and the fields-set of every sub-record; a default made per record (an empty
    history, an applicant) is each record's own."""
    model, originals = drawn
    lines = [r.model_dump_json(exclude_unset=True).encode() for r in originals]
    for i in refused:
        lines.insert(min(i, len(lines)), b'{"no_such_field": 1}')
    validator, _, batch = loaders._fast_validator(model)  # type: ignore[misc]
    built = batch.records(lines, model, loaders._Shapes())
    assert len(built) == len(lines)
    # the empty histories made for records that gave none, before the compaction shares what it shares
    histories = [
        r.events for r in built if r is not None and "events" in model.model_fields and r.events == []
    ]
    assert len({id(h) for h in histories}) == len(histories)
    # a sub-record made for each record that gave none (an applicant) is each record's own
    for name, info in model.model_fields.items():
        factory = info.default_factory
        if isinstance(factory, type) and issubclass(factory, loaders.BaseModel):
            made = [
                r.__dict__[name] for r in built if r is not None and name not in r.__pydantic_fields_set__
            ]
            assert len({id(v) for v in made}) == len(made)
    loaders._Loader()._compact_columns([r for r in built if r is not None], False)  # as the chunk path does
    loader = loaders._Loader()
    for line, record in zip(lines, built, strict=True):
        if line.startswith(b'{"no_such'):
            assert record is None
            continue
        (expected,) = [validator.validate_json(line)]
        loader._compact_each([expected], False)
        assert record == expected and record.model_dump() == expected.model_dump()
        assert _layout(record) == _layout(expected)


def _all_values(objs: list[Any]) -> list[Any]:
    """Every value a compaction may share (not strings), in records and sub-records at any depth."""
    out: list[Any] = []
    for value in objs:
        if isinstance(value, loaders.BaseModel):
            out.append(value.__pydantic_fields_set__)
            out.extend(_all_values(list(value.__dict__.values())))
        elif isinstance(value, (list, dict)):
            out.append(value)
            out.extend(_all_values(list(value.values() if isinstance(value, dict) else value)))
        elif isinstance(value, (date, Decimal)):
            out.append(value)
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    drawn=st.sampled_from(_TABLE_MODELS).flatmap(
        lambda model: st.tuples(st.just(model), st.lists(records(model), min_size=1, max_size=12))
    ),
    refused=st.lists(st.integers(0, 12), max_size=2),
)
def test_records_compacted_as_they_are_built_are_those_built_then_compacted(
    drawn: tuple[type, list[Any]], refused: list[int]
) -> None:
    """The chunk path compacts a chunk's records while _build makes them (on the dicts they are made
    of). For any records of any table, lines refused among them: the same records, laid out the same,
    the same values shared with each other and with the loader's pools, the same pools, and the keys
    given counted as the compaction counts them (_key_count)."""
    model, originals = drawn
    lines = [r.model_dump_json(exclude_unset=True).encode() for r in originals]
    for i in refused:
        lines.insert(min(i, len(lines)), b'{"no_such_field": 1}')
    _, _, batch = loaders._fast_validator(model)  # type: ignore[misc]
    after, during = loaders._Loader(), loaders._Loader()
    expected = batch.records(lines, model, after.shapes)
    kept = [r for r in expected if r is not None]
    counted = after._compact_all(kept, False)
    built, keys = batch.compacted(lines, model, during.shapes, during)
    assert [r is None for r in built] == [r is None for r in expected]
    got = [r for r in built if r is not None]
    assert [_layout(r) for r in got] == [_layout(r) for r in kept]
    assert keys == counted == (loaders._key_count(got) if got else 0)
    # (strings are shared by pydantic-core's string cache, whichever path: not compared)
    xs, ys = _all_values(kept), _all_values(got)
    assert len(xs) == len(ys)
    for i in range(len(xs)):
        for j in range(i):
            assert (xs[i] is xs[j]) == (ys[i] is ys[j]), (xs[i], xs[j])
    # the same pools (in another order for a few records: the compaction goes record by record then)
    for a, b in ((after.times, during.times), (after.lists, during.lists), (after.dicts, during.dicts)):
        assert set(a) == set(b)
    assert after.unshared_moments == during.unshared_moments


_ODD_STAMPS = [
    "2025-11-03T09:00", "2025-11-03 09:00:00", "2025-11-03t09:00:00", "2025-11-03T09:00:00.1234567",
    "2025-11-03T09:00:00.000001", "2025-11-03T23:59:60", "2025-11-03T24:00:00", "2025-11-03T09:00:00Z",
    "2025-11-03T09:00:00+08:00", "2025-11-03", " 2025-11-03T09:00", "2025-11-03T09:00 ", "2025-02-29T09:00",
    "0001-01-01T00:00", "9999-12-31T23:59:59.999999", "２０２５-11-03T09:00", "20251103T0900", "", "09:00",
    '2025-11-03T09:00"', "2025-11-03T09:00\\", "\t2025-11-03T09:00", "2025-11-03T09:00\u2028", "2025-11-03\x7f",
]  # fmt: skip
_STAMP_TEXTS = st.one_of(
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)).map(datetime.isoformat),
    st.sampled_from(_ODD_STAMPS),
    st.text(alphabet="0123456789-:T .Z+", max_size=28),
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(_STAMP_TEXTS, min_size=1, max_size=6), null=st.booleans())
def test_timestamps_read_as_their_text_are_the_fast_validators(texts: list[str], null: bool) -> None:
    """The batch reads a timestamp as its text and each distinct text once with the field's own schema
    (_Stamps). For any texts, odd ones too: each record is the one the fast validator gives for its line
    (which reads the timestamp in place), its moments the loader's shared ones; or, when a text is one
    that schema refuses, the batch refuses the chunk and the loop reads it line by line."""
    model = TABLES["evaluations"]
    lines = [
        _dumps({"id": f"R{i}", "at": text, "return_visit_at": None if null else texts[0]}).encode()
        for i, text in enumerate(texts)
    ]
    validator, _, batch = loaders._fast_validator(model)  # type: ignore[misc]
    expected: list[Any] = []
    for line in lines:
        try:
            expected.append(validator.validate_json(line))
        except ValueError:
            expected.append(None)
    loader = loaders._Loader()
    try:
        built, _ = batch.compacted(lines, model, loader.shapes, loader)
    except Exception:
        assert None in expected  # refused only for a text the timestamp's own schema refuses
        return
    assert built == expected
    for record in filter(None, built):
        for moment in (record.at, record.return_visit_at):
            assert moment is None or (type(moment) is datetime and loader.times[moment] is moment)


def test_records_naming_the_same_fields_in_any_order_share_one_fields_set() -> None:
    """The batch finds a record's shared fields-set by its field names in the order given; records
    giving the same names in another order get the same one, records giving other names another."""
    model = TABLES["attendance"]
    lines = [
        b'{"id": "T1", "staff_id": "S1", "kind": "sign_in", "at": "2025-11-03T08:55"}',
        b'{"at": "2025-11-03T17:30", "kind": "sign_out", "staff_id": "S1", "id": "T2"}',
        b'{"id": "T3", "staff_id": "S1", "kind": "sign_in", "at": "2025-11-04T08:55", "window_id": "W1"}',
        b'{"staff_id": "S2", "id": "T4", "at": "2025-11-04T08:50", "kind": "sign_in"}',
    ]
    _, _, batch = loaders._fast_validator(model)  # type: ignore[misc]
    a, b, c, d = batch.records(lines, model, loaders._Shapes())
    assert a.__pydantic_fields_set__ is b.__pydantic_fields_set__ is d.__pydantic_fields_set__
    assert a.__pydantic_fields_set__ == {"id", "staff_id", "kind", "at"}
    assert c.__pydantic_fields_set__ == {"id", "staff_id", "kind", "at", "window_id"}
    for record, line in zip((a, b, c, d), lines, strict=True):
        assert record == model.model_validate_json(line)


def test_built_records_read_their_text_as_the_model_does() -> None:
    """The typed dicts keep the models' settings: text is stripped (the models' str_strip_whitespace),
    a Chinese term is read as its enum member, a left-out sub-record is the model's default."""
    model = TABLES["applications"]
    line = (
        '{"id": " A1 ", "item_code": "I1", "received_at": "2025-11-03T09:00", "channel": "网上", '
        '"events": [{"application_id": " A1 ", "kind": "受理", "at": "2025-11-03T09:00", "note": " 收件 "}]}'
    ).encode()
    _, _, batch = loaders._fast_validator(model)  # type: ignore[misc]
    (built,) = batch.records([line], model, loaders._Shapes())
    expected = model.model_validate_json(line)
    assert built == expected and (built.id, built.events[0].note) == ("A1", "收件")
    assert built.events[0].kind is expected.events[0].kind and built.channel is expected.channel
    assert built.applicant == expected.applicant and built.applicant.model_fields_set == set()


def test_rows_of_the_events_table_are_checked_by_the_events_own_validator(tmp_path: Path) -> None:
    """An event row is built from its typed dict and then checked by Event's own validator (exactly one
    owner), as the model's validator checks it: good rows equal the model's records; a chunk holding a
    row naming both owners is read line by line, that row alone rejected with the model's reason."""
    model = TABLES["events"]
    good = [
        b'{"id": "E1", "application_id": "A1", "kind": "received", "at": "2025-11-03T09:00"}',
        b'{"id": "E2", "complaint_id": "C1", "kind": "responded", "at": "2025-11-03T09:30"}',
    ]
    _, _, batch = loaders._fast_validator(model)  # type: ignore[misc]
    built = batch.records(good, model, loaders._Shapes())
    assert built == [model.model_validate_json(line) for line in good]
    both = b'{"id": "E3", "application_id": "A1", "complaint_id": "C1", "kind": "received", "at": "2025-11-03T10:00"}'
    with pytest.raises(ValueError, match="exactly one of application_id and complaint_id"):
        batch.records([*good, both], model, loaders._Shapes())
    (tmp_path / "items.jsonl").write_text("".join(_dumps(i) + "\n" for i in ITEMS), encoding="utf-8")
    (tmp_path / "applications.jsonl").write_text(_dumps(_app(1)) + "\n", encoding="utf-8")
    rows = [b'{"id": "E1", "application_id": "A1", "kind": "received", "at": "2025-11-03T09:00"}', both]
    (tmp_path / "events.jsonl").write_bytes(b"\n".join(rows) + b"\n")
    ds = load_dataset(tmp_path)
    (rejected,) = ds.rejected
    assert (rejected.table, rejected.line) == ("events", 2)
    assert "exactly one of application_id and complaint_id" in rejected.reason
    assert [e.id for e in ds.applications[0].events if e.id == "E1"] == ["E1"]


class _Part(loaders.BaseModel):
    model_config = loaders.BaseModel.model_config | {"extra": "forbid"}

    name: str


class _Whole(loaders.BaseModel):
    model_config = loaders.BaseModel.model_config | {"extra": "forbid"}

    id: str
    parts: dict[str, _Part] = Field(default_factory=dict)
    first: _Part | None = None


def test_a_model_the_typed_dicts_cannot_stand_for_is_validated_as_a_model(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A model holding records where _build would not build them (here a dict of them) keeps its own
    validator in the batch: its records are the model's, sub-records included."""
    templates = {_Whole: loaders._template(_Whole), _Part: loaders._template(_Part)}
    monkeypatch.setattr(loaders, "_TEMPLATES", {**loaders._TEMPLATES, **templates})
    monkeypatch.setattr(loaders, "_FAST", {})  # compiled afresh, forgotten after the test
    _, _, batch = loaders._fast_validator(_Whole)  # type: ignore[misc]
    assert batch._builds is None
    line = b'{"id": "W1", "parts": {"a": {"name": "x"}}, "first": {"name": "y"}}'
    (record,) = batch.records([line], _Whole, loaders._Shapes())
    assert record == _Whole.model_validate_json(line) and isinstance(record.parts["a"], _Part)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(unknown=st.lists(st.sampled_from([None, "top", "twice", "colon"]), min_size=1, max_size=12))
def test_rows_of_the_events_table_giving_unknown_keys_are_read_as_the_per_record_path_reads_them(
    unknown: list[str | None],
) -> None:
    """The batch ignores a key no field has (pydantic-core then skips its pass over every key a line
    gives); a line that gives one holds fewer keys than its text's bound, so the loop reads it line
    by line and the model names the field. Also for the events table, whose rows are validated a chunk
    at a time and accepted one by one: each row giving an unknown key is rejected as the per-record
    path rejects it, and the others are folded into their application the same way."""
    rows = []
    for i, extra in enumerate(unknown):
        row = {"id": f"E{i}", "application_id": "A1", "kind": "received", "at": f"2025-11-03T09:{i:02d}"}
        text = _dumps(row)
        if extra == "top":
            text = text[:-1] + ', "colour": "red"}'
        elif extra == "twice":
            text = text[:-1] + ', "colour": "red", "colour": "blue"}'
        elif extra == "colon":  # a string holding '":' (the bound over-counts: read line by line)
            text = text[:-1] + ', "note": "a\\":b"}'
        rows.append(text)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "items.jsonl").write_text("".join(_dumps(i) + "\n" for i in ITEMS), encoding="utf-8")
        (folder / "applications.jsonl").write_text(_dumps(_app(1)) + "\n", encoding="utf-8")
        (folder / "events.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
        fast = load_dataset(folder)
        loader = loaders._Loader()
        for table in ("items", "applications", "events"):
            loader._consume(loaders._iter_jsonl(folder / f"{table}.jsonl", table))
        slow = loader.finish(source=str(folder), name=None)
    assert fast.records == slow.records
    assert [r.model_dump() for r in fast.rejected] == [r.model_dump() for r in slow.rejected]
    assert [r.line for r in fast.rejected] == [i + 1 for i, e in enumerate(unknown) if e in ("top", "twice")]
    assert [e.model_dump() for e in fast.applications[0].events] == [
        e.model_dump() for e in slow.applications[0].events
    ]


def _attendance_folder(root: Path, name: str, stamps: list[str]) -> Path:
    folder = root / name
    folder.mkdir()
    (folder / "attendance.jsonl").write_text(
        "".join(
            _dumps({"id": f"T{i}", "staff_id": "S1", "kind": "sign_in", "at": at}) + "\n"
            for i, at in enumerate(stamps)
        ),
        encoding="utf-8",
    )
    return folder


def _dump(ds: Any) -> Any:
    return (
        [r.model_dump() for r in ds.attendance],
        [r.model_dump() for r in ds.rejected],
        ds.records,
        ds._moment_range,
    )


_HALL_STAMPS = st.lists(
    st.one_of(
        st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2040, 12, 31)).map(
            datetime.isoformat
        ),
        st.sampled_from(["2205-11-03T09:00", "2025-11-03T09:00:00Z", "2025-02-30T09:00", "not a time"]),
    ),
    min_size=1,
    max_size=8,
)


# a timestamp's text as the batch hands it over: any UTF-8 text (quotes, backslashes, control and
# non-ASCII characters) or bytes that are none
_ANY_STAMP_BYTES = st.one_of(
    _STAMP_TEXTS.map(str.encode),
    st.text(alphabet='0123456789-:T "\\\x00\x1f\x7f\xe9\u4e2d\ud7ff', max_size=24).map(str.encode),
    st.binary(max_size=24),
)


@settings(max_examples=300, deadline=None)
@given(text=_ANY_STAMP_BYTES)
def test_a_timestamp_text_is_read_as_the_json_string_that_holds_it(text: bytes) -> None:
    """_Stamps reads a text it has not seen as a JSON string: quoted as it is when every byte is
    printable ASCII but ``"`` and ``\\`` (told by stripping those bytes from both ends: nothing is left
    exactly when the text holds no other), else through ``json.dumps``. Either way the moment is the
    one the field's schema reads from the text's JSON string, or both refuse it; and asked again, it
    is the same answer from memory."""
    assert (not text.strip(loaders._JSON_PLAIN)) == all(b in loaders._JSON_PLAIN for b in text)
    loaders._fast_validator(TABLES["evaluations"])  # compiles the timestamp readers
    reader = next(iter(loaders._STAMP_READERS.values()))
    try:
        expected: Any = reader.validate_json(json.dumps(text.decode("utf-8")))
    except ValueError:  # refused (a UnicodeDecodeError is one too)
        expected = "refused"
    stamps = loaders._Stamps(reader)
    for _ in range(2):  # the second time from memory
        try:
            got: Any = stamps[text]
        except ValueError:
            got = "refused"
        if got != "refused" and expected != "refused":
            assert type(got) is datetime and got == expected and got.tzinfo == expected.tzinfo
        else:
            assert got == expected


@settings(max_examples=200, deadline=None)
@given(texts=st.lists(_ANY_STAMP_BYTES, max_size=8), known=st.lists(_STAMP_TEXTS, max_size=3))
def test_the_texts_of_a_chunk_read_at_once_are_those_read_one_by_one(
    texts: list[bytes], known: list[str]
) -> None:
    """_Stamps.read_new reads the texts it has not seen with one call of the field's schema over a
    JSON array of them. It keeps a moment for each of them exactly when each is one that asked alone
    gives a moment (else none, and asked one by one the refused one is refused as before), and the
    moments it keeps are those asked alone would give: the same datetimes, never one with ``fold``."""
    loaders._fast_validator(TABLES["evaluations"])  # compiles the timestamp readers
    reader = next(iter(loaders._STAMP_READERS.values()))
    alone = loaders._Stamps(reader)
    at_once = loaders._Stamps(reader)
    for text in map(str.encode, known):  # read before (their moments, or not)
        for stamps in (alone, at_once):
            with contextlib.suppress(ValueError):
                stamps[text]
    expected: dict[bytes, Any] = {}
    for text in texts:
        try:
            expected[text] = alone[text]
        except (ValueError, TypeError):
            expected[text] = "refused"
    before = dict(at_once)
    at_once.read_new([t for t in texts if t not in before])  # what _moments gives it: none known
    new = {t for t in texts if t not in before}
    if len(new) >= 2 and "refused" not in (expected[t] for t in new):
        assert at_once.keys() == before.keys() | new
    else:
        assert at_once.keys() <= before.keys() | new
    for text in texts:
        try:
            got: Any = at_once[text]
        except (ValueError, TypeError):
            got = "refused"
        assert got == expected[text]
        if got != "refused":
            assert type(got) is datetime and got.tzinfo is None and not got.fold


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=_HALL_STAMPS, second=_HALL_STAMPS, kept=st.sampled_from([1, 3, 1 << 15]))
def test_a_hall_loads_the_same_whatever_was_loaded_before_it(
    first: list[str], second: list[str], kept: int
) -> None:
    """The moments of timestamp texts are kept for the process (_Stamps, forgotten past a size at the
    end of a load). A hall loaded after another, whose texts (good, refused, or outside the calendar)
    the process has read already, is the hall loaded by a process that read none: the same records,
    rejections (field, record and line) and range of moments (its own, never the other hall's)."""
    with tempfile.TemporaryDirectory() as tmp, pytest.MonkeyPatch.context() as mp:
        mp.setattr(loaders, "_READ_STAMPS_KEPT", kept)
        root = Path(tmp)
        a, b = _attendance_folder(root, "a", first), _attendance_folder(root, "b", second)
        mp.setattr(loaders, "_READ_STAMPS", {})
        alone = _dump(load_dataset(b))
        mp.setattr(loaders, "_READ_STAMPS", {})
        load_dataset(a)
        after = load_dataset(b)
        assert _dump(after) == alone
        assert all(len(stamps) <= kept for stamps in loaders._READ_STAMPS.values())
    moments = [r.at for r in after.attendance]
    if moments:  # the range holds every record's moment (a refused line's may widen it)
        low, high = after._moment_range
        assert low <= min(moments) and max(moments) <= high
