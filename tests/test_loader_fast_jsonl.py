"""The fast jsonl loop (``govhall.loaders._Loader._read_jsonl``) reads a file exactly as the per-record
path does (``_consume(_iter_jsonl(...))``: every line decoded, checked against the limits and validated
by ``_one``): the same records accepted, the same rejections with the same reasons, fields and lines,
the same count and the same positions, for any mix of good and bad lines.

The loop validates a line of an all-UTF-8 file from its bytes, checks the limits on the bytes, and
accepts a record the fast validator settles without ``_one``; every other line goes to ``_one``.
"""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govhall import loaders
from govhall.loaders import MAX_DEPTH, MAX_NUMBER_DIGITS, load_dataset, load_table
from govhall.models import Dataset

ITEMS = [
    {"code": "I1", "name": "食品经营许可", "type": "行政许可", "department": "市场监管局"},
    {"code": "I2", "name": "药品零售许可", "type": "行政许可", "department": "市场监管局"},
]


def _app(n: int, **extra: Any) -> dict[str, Any]:
    record = {"id": f"A{n}", "item_code": "I1", "received_at": "2025-11-03T09:00", "events": [
        {"id": f"A{n}-E1", "application_id": f"A{n}", "kind": "decided", "at": "2025-11-05T10:00"},
        {"id": f"A{n}-E2", "application_id": f"A{n}", "kind": "received", "at": "2025-11-03T09:00"},
    ]}  # fmt: skip
    record.update(extra)
    return record


def _dumps(record: Any) -> str:
    return json.dumps(record, ensure_ascii=False)


# one line of applications.jsonl: good ones, and each way a line can go wrong (or take the slow path)
_LINE_KINDS = [
    "good", "good", "good", "good", "good-other-item", "duplicate-id", "duplicate-id-own-events", "unknown-item", "bad-enum",
    "unknown-field", "missing-field", "aware-time", "unowned-event", "other-owner-event", "both-owners",
    "duplicate-event-id", "repeated-event-id", "not-json", "cut-off", "blank", "spaces-only", "leading-space",
    "ideographic-space", "bom", "deep", "brackets-in-a-string", "long-number", "not-an-object", "id-number", "empty-id",
    "materials-given", "chinese-channel", "odd-decimal", "cr-inside", "no-event-id",
]  # fmt: skip


def _line(kind: str, n: int) -> str:
    if kind == "good":
        return _dumps(_app(n, applicant={"name": "张三"}, service_fee_charged="0.00"))
    if kind == "good-other-item":
        return _dumps(_app(n, item_code="I2", materials_submitted=["身份证", "营业执照"]))
    if kind == "duplicate-id":
        return _dumps(_app(n, id="A0"))
    if kind == "duplicate-id-own-events":  # its events name it: the id check itself rejects it
        record = _app(n, id="A0")
        for ev in record["events"]:
            ev["application_id"] = "A0"
        return _dumps(record)
    if kind == "unknown-item":
        return _dumps(_app(n, item_code="NOPE"))
    if kind == "bad-enum":
        return _dumps(_app(n, channel="pigeon"))
    if kind == "unknown-field":
        return _dumps(_app(n, chanel="onsite"))
    if kind == "missing-field":
        record = _app(n)
        del record["received_at"]
        return _dumps(record)
    if kind == "aware-time":
        return _dumps(_app(n, received_at="2025-11-03T01:00:00Z"))
    record = _app(n)
    events = record["events"]
    if kind == "unowned-event":
        del events[0]["application_id"]
    elif kind == "other-owner-event":
        events[0]["application_id"] = "A-OTHER"
    elif kind == "both-owners":
        events[0]["complaint_id"] = "C1"
    elif kind == "duplicate-event-id":
        events[1]["id"] = events[0]["id"]
    elif kind == "repeated-event-id":
        events[0]["id"] = "A0-E1"  # an event id of another line
    elif kind == "no-event-id":  # allowed: the inline accept leaves it to _accept
        events[0]["id"] = None
    elif kind == "empty-id":
        record["id"] = ""
        for ev in events:
            ev["application_id"] = ""
    elif kind == "id-number":
        record["id"] = 1000 + n
    elif kind == "materials-given":
        events[0]["materials"] = ["身份证"]
        events[1]["materials"] = []
    elif kind == "chinese-channel":
        record["channel"] = "网上"
    elif kind == "odd-decimal":
        record["service_fee_charged"] = 12.5
    elif kind == "deep":
        record["applicant"] = {"name": _nested(MAX_DEPTH)}
    elif kind == "brackets-in-a-string":
        record["applicant"] = {"name": "{[" * MAX_DEPTH + "9" * (MAX_NUMBER_DIGITS + 5)}
    elif kind == "long-number":
        return _dumps(record)[:-1] + ', "service_fee_charged": ' + "9" * (MAX_NUMBER_DIGITS + 5) + "}"
    text = _dumps(record)
    if kind == "not-json":
        return text.replace(":", "=", 1)
    if kind == "cut-off":
        return text[: len(text) // 2]
    if kind == "blank":
        return ""
    if kind == "spaces-only":
        return "  \t "
    if kind == "leading-space":
        return "  " + text
    if kind == "ideographic-space":
        return text + "\u3000"
    if kind == "bom":
        return "\ufeff" + text
    if kind == "not-an-object":
        return "[" + text + "]"
    if kind == "cr-inside":  # a CR alone inside a line of an LF file: JSON whitespace, no line end
        return text[:20] + "\r" + text[20:]
    return text


def _per_record(folder: Path) -> Dataset:
    """The folder's two tables read record by record, as before the fast loop."""
    loader = loaders._Loader()
    for table in ("items", "applications"):
        loader._consume(loaders._iter_jsonl(folder / f"{table}.jsonl", table))
    return loader.finish(source=str(folder), name=None)


def _same(fast: Dataset, slow: Dataset) -> None:
    assert fast.records == slow.records
    assert [r.model_dump() for r in fast.rejected] == [r.model_dump() for r in slow.rejected]
    for table in ("items", "applications"):
        got, want = getattr(fast, table), getattr(slow, table)
        assert [r.model_dump(mode="json") for r in got] == [r.model_dump(mode="json") for r in want]
        assert [r.model_fields_set for r in got] == [r.model_fields_set for r in want]
        pos, ref = fast._positions.get(table), slow._positions.get(table)
        assert (pos is None) == (ref is None)
        if pos is not None and ref is not None:
            assert (pos.sources, list(pos.source_index), list(pos.number)) == (
                ref.sources, list(ref.source_index), list(ref.number),
            )  # fmt: skip


_KIND = st.sampled_from(_LINE_KINDS)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kinds=st.lists(_KIND, min_size=1, max_size=12),
    crlf=st.booleans(),
    final_newline=st.booleans(),
    chunk=st.sampled_from([1 << 18, 7, 300]),
)
def test_the_fast_loop_reads_any_mix_of_lines_as_the_per_record_path(
    kinds: list[str], crlf: bool, final_newline: bool, chunk: int
) -> None:
    """``chunk``: the bytes _line_chunks reads at a time; small ones cut lines (and CR LFs) in two."""
    end = "\r\n" if crlf else "\n"
    lines = [_dumps(_app(0))] + [_line(kind, n) for n, kind in enumerate(kinds, start=1)]
    text = end.join(lines) + (end if final_newline else "")
    with tempfile.TemporaryDirectory() as tmp, pytest.MonkeyPatch.context() as mp:
        mp.setattr(loaders, "_LINES_CHUNK", chunk)
        folder = Path(tmp)
        (folder / "items.jsonl").write_text("".join(_dumps(i) + "\n" for i in ITEMS), encoding="utf-8")
        (folder / "applications.jsonl").write_bytes(text.encode("utf-8"))
        _same(load_dataset(folder), _per_record(folder))


def _chunked_lines(fh: Any) -> list[tuple[int, int, bytes | None, int]]:
    """What _read_jsonl makes of _line_chunks: _binary_lines' tuples, the rest of the file read by
    _binary_lines after a chunk it cannot settle."""
    out: list[tuple[int, int, bytes | None, int]] = []
    for first, offset, lines in loaders._line_chunks(fh):
        if lines is None:
            out.extend(loaders._binary_lines(fh, first - 1, offset))
            break
        for i, raw in enumerate(lines):
            out.append((first + i, offset + sum(map(len, lines[:i])), raw, len(raw)))
    return out


_PIECES = st.sampled_from([b"{", b"ab", b"\xe5\x8a\x9e", b" ", b"\n", b"\r", b"\r\n", b"\n\n", b"x" * 40])


@settings(max_examples=200, deadline=None)
@given(
    pieces=st.lists(_PIECES, max_size=40),
    chunk=st.sampled_from([1, 5, 16, 64]),
    limit=st.sampled_from([8, 30, 100, 1 << 20]),
)
def test_line_chunks_cut_a_file_where_binary_lines_does(pieces: list[bytes], chunk: int, limit: int) -> None:
    """Any bytes, any chunk size, any size limit: the same lines (LF, CR LF and a CR alone end a
    line; a line over the limit, lone CRs and all, is one line with no bytes), numbers and offsets."""
    data = b"".join(pieces)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(loaders, "_LINES_CHUNK", chunk)
        mp.setattr(loaders, "MAX_RECORD_BYTES", limit)
        assert _chunked_lines(io.BytesIO(data)) == list(loaders._binary_lines(io.BytesIO(data)))


def test_a_bad_line_between_good_ones_is_rejected_with_its_line_and_the_others_accepted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the bad line leaves the fast loop (for ``_one``, which explains it); the good ones on
    either side are accepted by the loop itself."""
    (tmp_path / "items.jsonl").write_text(_dumps(ITEMS[0]) + "\n", encoding="utf-8")
    bad = _dumps(_app(2, channel="pigeon"))
    (tmp_path / "applications.jsonl").write_text(
        "\n".join([_dumps(_app(1)), bad, _dumps(_app(3))]) + "\n", encoding="utf-8"
    )
    seen: list[int | None] = []
    real = loaders._Loader._one

    def one(self: Any, raw: Any) -> None:
        seen.append(raw.line)
        real(self, raw)

    monkeypatch.setattr(loaders._Loader, "_one", one)
    ds = load_dataset(tmp_path)
    assert [a.id for a in ds.applications] == ["A1", "A3"]
    (rejected,) = ds.rejected
    assert (rejected.line, rejected.field, rejected.record_id) == (2, "channel", "A2")
    assert "pigeon" in rejected.reason and "allowed" in rejected.reason
    assert seen == [2]  # the good lines (and the items) never reached _one
    assert ds.records == 4
    assert [a.events[0].kind.value for a in ds.applications] == ["received", "received"]  # sorted by time


def test_a_file_that_is_not_all_utf8_is_read_line_by_line_as_before(tmp_path: Path) -> None:
    """A line that does not decode is rejected with its byte offset; the fast loop is not used for
    such a file (its lines are decoded one by one), and the good lines are still accepted."""
    (tmp_path / "items.jsonl").write_text(_dumps(ITEMS[0]) + "\n", encoding="utf-8")
    good = [(_dumps(_app(n)) + "\n").encode("utf-8") for n in (1, 3)]
    broken = b'{"id": "A2", "note": "\xff"}\n'
    (tmp_path / "applications.jsonl").write_bytes(good[0] + broken + good[1])
    ds = load_dataset(tmp_path)
    assert [a.id for a in ds.applications] == ["A1", "A3"]
    (rejected,) = ds.rejected
    offset = len(good[0]) + broken.index(b"\xff")
    assert rejected.line == 2 and f"byte offset {offset}" in rejected.reason
    _same(ds, _per_record(tmp_path))


def _nested(levels: int) -> Any:
    value: Any = "x"
    for _ in range(levels):
        value = [value]
    return value


def test_the_byte_filter_lets_no_line_past_the_limits(tmp_path: Path) -> None:
    """Brackets and digits inside strings count for the filter (it cannot tell them apart), so a line
    with many of them in a string takes the exact check, which accepts it; a line past a limit is
    rejected naming the limit, as before (windows have a numeric field, so long numbers are checked)."""
    window = {"id": "W1", "hall_id": "H1", "kind": "comprehensive", "department": "ZWFW"}
    lines = [
        _dumps({**window, "name": "[" * (MAX_DEPTH + 1) + "1" * (MAX_NUMBER_DIGITS + 1)}),
        _dumps({**window, "id": "W2"})[:-1] + ', "counter_height_mm": ' + "7" * (MAX_NUMBER_DIGITS + 1) + "}",
        _dumps({**window, "id": "W3", "counter_height_mm": int("7" * MAX_NUMBER_DIGITS)}),
        _dumps({**window, "id": "W4", "name": _nested(MAX_DEPTH)}),  # the record is level 1
    ]
    path = tmp_path / "windows.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ds = load_table(path, "windows")
    # W3's number is within the digit limit: read, and past the counter's own bound (10000 mm, sweep 10)
    assert [w.id for w in ds.windows] == ["W1"]
    assert [(r.line, r.reason.split(" (got ")[0]) for r in ds.rejected] == [
        (2, f"a number of {MAX_NUMBER_DIGITS + 1} digits, over the limit of {MAX_NUMBER_DIGITS} digits "
            "(MAX_NUMBER_DIGITS)"),
        (3, "counter_height_mm: input should be less than or equal to 10000"),
        (4, f"nested {MAX_DEPTH + 1} levels deep, over the limit of {MAX_DEPTH} (MAX_DEPTH)"),
    ]  # fmt: skip
    loader = loaders._Loader()
    loader._consume(loaders._iter_jsonl(path, "windows"))
    slow = loader.finish(source=str(path), name=None)
    assert [r.model_dump() for r in ds.rejected] == [r.model_dump() for r in slow.rejected]
    assert [w.model_dump() for w in ds.windows] == [w.model_dump() for w in slow.windows]


@pytest.mark.parametrize("record_id", ["A1", "", " "])
@pytest.mark.parametrize(
    "owners",
    [
        {"application_id": "A1"},
        {"application_id": ""},
        {"application_id": "", "complaint_id": ""},
        {"application_id": "A1", "complaint_id": "C1"},
        {"application_id": "A1", "complaint_id": ""},
        {"complaint_id": "C1"},
        {"application_id": " A1 "},
        {},
    ],
)
def test_the_fast_paths_owner_check_is_the_models(record_id: str, owners: dict[str, str]) -> None:
    """The fast validator leaves out Event's one-owner check and _own_events makes it once per record:
    whatever the record's id and its event's owner fields, the fast path never accepts what the model
    refuses, and what it accepts equals the model's record."""
    from pydantic import ValidationError

    from govhall.models import Application

    line = _dumps({"id": record_id, "item_code": "I1", "received_at": "2025-11-03T09:00",
                   "events": [{"kind": "received", "at": "2025-11-03T09:00", **owners}]})  # fmt: skip
    try:
        expected: Any = Application.model_validate_json(line)
    except ValidationError:
        expected = None
    fast = loaders._fast_validate(Application, line, None)
    if expected is None:
        assert fast is None
    elif fast is not None:
        assert fast.model_dump(mode="json") == expected.model_dump(mode="json")


def test_an_embedded_event_id_used_by_an_earlier_record_rejects_the_later_one(tmp_path: Path) -> None:
    """The ids of a record's events are claimed all at once when none was used before; one used by an
    earlier record (or twice in the record) rejects the record, naming where it was first used."""
    (tmp_path / "items.jsonl").write_text(_dumps(ITEMS[0]) + "\n", encoding="utf-8")
    first, second, third = _app(1), _app(2), _app(3)
    second["events"][1]["id"] = "A1-E2"  # the second event of the first line
    third["events"][0]["id"] = None  # an event without an id claims nothing
    lines = [_dumps(first), _dumps(second), _dumps(third), _dumps(_app(4))]
    (tmp_path / "applications.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    ds = load_dataset(tmp_path)
    assert [a.id for a in ds.applications] == ["A1", "A3", "A4"]
    (rejected,) = ds.rejected
    assert (rejected.line, rejected.field, rejected.record_id) == (2, "events", "A2")
    # histories are sorted by time: the received event (11-03) is event 0 in A1's and in A2's
    assert rejected.reason == (
        "events.0: duplicate event id 'A1-E2': already used at applications line 1 of applications.jsonl "
        "(embedded event 0)"
    )
    _same(ds, _per_record(tmp_path))


def test_the_loop_skips_counting_brackets_only_for_tables_that_cannot_nest_past_the_limit() -> None:
    """A line of such a table that is nested too deep cannot validate, so it reaches the exact check
    anyway; a model that could hold any nesting (``Any``, unknown fields kept or ignored, itself)
    keeps the count for every line."""
    from pydantic import BaseModel, ConfigDict

    from govhall.models import TABLES

    class Strict(BaseModel):
        model_config = ConfigDict(extra="forbid")
        names: list[str] = []
        scores: dict[str, int] = {}

    class Loose(BaseModel):
        model_config = ConfigDict(extra="ignore")

    class Anything(BaseModel):
        model_config = ConfigDict(extra="forbid")
        value: Any = None

    class Tree(BaseModel):
        model_config = ConfigDict(extra="forbid")
        children: list[Tree] = []

    assert loaders._schema_depth(Strict) == 2  # the record, and a list or a mapping in it
    for model in (Loose, Anything, Tree):
        assert loaders._schema_depth(model) > MAX_DEPTH
    assert all(loaders._schema_depth(model) <= MAX_DEPTH for model in TABLES.values())


def _encoded(kind: str, n: int) -> bytes:
    """One line of applications.jsonl in an encoding, or bytes that are no encoding's."""
    record = _dumps(_app(n, applicant={"name": "张三丰"}))
    if kind == "utf-8":
        return record.encode("utf-8")
    if kind == "gb18030":
        return record.encode("gb18030")
    if kind == "ascii":
        return json.dumps(_app(n)).encode("ascii")
    if kind == "bad-byte":
        return record.encode("utf-8").replace(b"\xe5", b"\xff", 1)
    if kind == "nul":
        return b'{"id": "A\x00"}'
    if kind == "bad-json-utf-8":
        return record.encode("utf-8")[:-1]
    return b""  # blank


_ENCODED = st.sampled_from(
    ["utf-8", "utf-8", "gb18030", "ascii", "bad-byte", "nul", "bad-json-utf-8", "blank"]
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kinds=st.lists(_ENCODED, min_size=1, max_size=10), bom=st.booleans(), chunk=st.sampled_from([1 << 18, 50])
)
def test_the_encoding_decided_at_the_first_line_that_needs_it_is_the_files(
    kinds: list[str], bom: bool, chunk: int
) -> None:
    """The loop decides a file's encoding only when a line needs it (a line the fast validator
    accepts is UTF-8); a file found not to be UTF-8 throughout is undone and read again line by line:
    for any mix of UTF-8, GB18030 and undecodable lines (and NUL bytes, which refuse the file), the
    load is the per-record path's, or fails with its error."""
    lines = [_encoded(kind, n) for n, kind in enumerate(kinds, start=1)]
    data = (b"\xef\xbb\xbf" if bom else b"") + b"\n".join(lines) + b"\n"
    with tempfile.TemporaryDirectory() as tmp, pytest.MonkeyPatch.context() as mp:
        mp.setattr(loaders, "_LINES_CHUNK", chunk)
        folder = Path(tmp)
        (folder / "items.jsonl").write_text("".join(_dumps(i) + "\n" for i in ITEMS), encoding="utf-8")
        (folder / "applications.jsonl").write_bytes(data)
        try:
            slow = _per_record(folder)
        except ValueError as exc:
            with pytest.raises(type(exc)) as got:
                load_dataset(folder)
            assert str(got.value) == str(exc)
            return
        _same(load_dataset(folder), slow)


@settings(max_examples=300, deadline=None)
@given(
    pieces=st.lists(
        st.one_of(
            st.integers(min_value=1, max_value=3 * MAX_NUMBER_DIGITS).map(lambda n: b"7" * n),
            st.sampled_from([b'"', b",", b"a", b":", b" ", b"\xe5\x8a\x9e", b"-", b"."]),
        ),
        max_size=30,
    )
)
def test_every_tenth_byte_shows_each_run_of_digits_past_the_limit(pieces: list[bytes]) -> None:
    """The loop looks for a number past MAX_NUMBER_DIGITS in a tenth of a line's bytes first: a line
    holding a run of more digits holds, in every tenth byte, a run of the sample's length (the
    exact check then runs); a line whose sample does not cannot hold one."""
    line = b"".join(pieces)
    digits = loaders._DIGITS_AS_ZERO
    if loaders._TOO_MANY_DIGITS in line.translate(digits):
        assert loaders._TOO_MANY_SAMPLED in line[::10].translate(digits)


def test_a_second_file_of_a_table_found_not_utf8_is_undone_back_to_the_first(tmp_path: Path) -> None:
    """applications.csv is read before applications.jsonl: when a later line of the jsonl file shows
    it is not UTF-8 throughout, what the loop had read of it (records, ids, its source in the
    table's positions) is undone back to the csv's, and the file read again line by line."""
    (tmp_path / "items.jsonl").write_text("".join(_dumps(i) + "\n" for i in ITEMS), encoding="utf-8")
    (tmp_path / "applications.csv").write_text(
        "id,item_code,received_at\nC1,I1,2025-11-03T09:00\nC2,I2,2025-11-04T09:00\n", encoding="utf-8"
    )
    utf8 = [_dumps(_app(n, applicant={"name": "张三"})).encode("utf-8") for n in (1, 2)]
    gb = _dumps(_app(3, applicant={"name": "李四"})).encode("gb18030")
    (tmp_path / "applications.jsonl").write_bytes(b"\n".join([*utf8, gb]) + b"\n")
    ds = load_dataset(tmp_path)

    loader = loaders._Loader()
    loader._consume(loaders._iter_jsonl(tmp_path / "items.jsonl", "items"))
    loader._consume(loader._iter_path(tmp_path / "applications.csv", "applications"))
    loader._consume(loaders._iter_jsonl(tmp_path / "applications.jsonl", "applications"))
    slow = loader.finish(source=str(tmp_path), name=None)
    _same(ds, slow)
    positions = ds._positions["applications"]
    assert [Path(path).name for path, _ in positions.sources] == ["applications.csv", "applications.jsonl"]
    assert ds.applications[0].id == "C1" and len(ds.applications) + len(ds.rejected) == ds.records - 2


def test_undo_puts_the_loader_back_as_it_was_at_the_mark(tmp_path: Path) -> None:
    """_undo after reading a whole file (accepted records, a duplicate, an event id clash, a new
    source in the table's positions) leaves every structure a record touches as it was at _mark
    (``records`` aside: the loop adds its count when it ends, and drops it when it undoes)."""
    (tmp_path / "items.jsonl").write_text("".join(_dumps(i) + "\n" for i in ITEMS), encoding="utf-8")
    (tmp_path / "applications.csv").write_text(
        "id,item_code,received_at\nC1,I1,2025-11-03T09:00\n", encoding="utf-8"
    )
    clash = _app(3)
    clash["events"][0]["id"] = "A1-E1"
    lines = [
        _dumps(_app(1)),
        _dumps(_app(2)),
        _dumps(_app(2)),
        _dumps(clash),
        _dumps(_app(4, item_code="NOPE")),
    ]
    (tmp_path / "applications.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    loader = loaders._Loader()
    loader._consume(loaders._iter_jsonl(tmp_path / "items.jsonl", "items"))
    loader._consume(loader._iter_path(tmp_path / "applications.csv", "applications"))

    def state() -> Any:
        pos = loader.positions["applications"]
        return (
            [r.model_dump() for r in loader.rejected], list(loader.tables["applications"]),
            dict(loader.ids["applications"]), dict(loader.ids["events"]), dict(loader.accepted["applications"]),
            dict(loader.first_source), list(pos.sources), list(pos.source_index), list(pos.number),
            loader.last_position,
        )  # fmt: skip

    before = state()
    mark = loader._mark("applications")
    loader._read_jsonl(tmp_path / "applications.jsonl", "applications")
    assert len(loader.tables["applications"]) == 3 and len(loader.rejected) == 3  # A1, A2, NOPE's id taken
    loader._undo("applications", mark)
    assert state() == before


@settings(max_examples=200, deadline=None)
@given(pieces=st.lists(st.sampled_from([b"{", b"ab", b"\xe5\x8a\x9e", b" ", b"\n", b"\n\n", b"\x0b", b"\x0c", b"\x1c",
                                        b"\x85", b"\xe2\x80\xa8", b"x" * 40]), max_size=40))  # fmt: skip
def test_lines_of_a_chunk_without_cr_are_the_lines_splitlines_finds(pieces: list[bytes]) -> None:
    """_lf_lines (a chunk that holds no CR) ends lines where ``bytes.splitlines(keepends=True)`` does:
    at LF only, other ASCII and Unicode line separators (VT, FF, FS, NEL, U+2028) staying inside."""
    data = b"".join(pieces)
    assert loaders._lf_lines(data) == data.splitlines(keepends=True)
