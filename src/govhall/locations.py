"""Where each loaded record came from: its file, its line in that file and, in JSON/YAML documents, its
JSON pointer, so code-scanning tools (SARIF) and CI dashboards (JUnit) can place a finding on a line.

The loader notes, for every accepted record, the file it was read from and its line (jsonl/csv) or
element number (JSON arrays, documents): two small integer arrays per table, aligned with the table's
list in the :class:`~govhall.models.Dataset`. File lines of JSON/YAML elements are worked out only for
the records a report names (:func:`locate_findings`), by scanning the file once; a large audit pays
for its findings, not for its records.

A record's location is ``RecordLocation(path, line, pointer)``:

* jsonl/csv table files: the 1-based file line, no pointer;
* a JSON array file (``applications.json``): the file line where the element starts, pointer ``/3``
  (0-based, RFC 6901); ``hall.json`` (one object): line of the object, pointer ``""`` (the document);
* a document (one ``.json``/``.yaml`` file with every table): the element's file line, pointer
  ``/applications/3``; the hall: ``/hall``.

A dataset whose tables were changed after loading (lengths no longer match) falls back to the table's
file with no line, never to a wrong line.
"""

from __future__ import annotations

import json
import marshal
import zlib
from array import array
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress
from operator import attrgetter
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

__all__ = [
    "IdReader",
    "PackedLocations",
    "Positions",
    "RecordLocation",
    "SourceKind",
    "id_reader",
    "locate",
    "locate_findings",
    "positions_of",
]

#: how a source numbers its records: file lines, elements of a JSON array file, elements of a document
SourceKind = Literal["lines", "array", "document"]


class RecordLocation(BaseModel):
    """Where one record is: ``path`` (as given to the loader), 1-based ``line``, JSON ``pointer``."""

    path: str
    line: int | None = None
    pointer: str | None = None


class PackedLocations(Mapping[str, RecordLocation]):
    """A read-only ``key -> RecordLocation`` mapping held as one compressed block until it is read.

    A province's parent keeps every hall's locations until the report is written, and only SARIF and
    JUnit read them: as a dict of models they took about 680 bytes a record named by a finding (its
    path repeated in each), packed about 20. The first lookup decodes the block into a dict of plain
    ``(path, line, pointer)`` tuples (about 200 bytes an entry), kept for the next lookups; each lookup
    gives a new :class:`RecordLocation`.
    """

    __slots__ = ("_blob", "_len", "_open")

    def __init__(self, locations: Mapping[str, RecordLocation]) -> None:
        paths: dict[str, int] = {}
        rows: list[tuple[str, int, int | None, str | None]] = []
        for key, where in locations.items():
            rows.append((key, paths.setdefault(where.path, len(paths)), where.line, where.pointer))
        self._blob = zlib.compress(marshal.dumps((tuple(paths), tuple(rows))), 1)
        self._len = len(rows)
        self._open: dict[str, tuple[str, int | None, str | None]] | None = None

    def __reduce__(self) -> tuple[Any, ...]:  # the block only, never its decoded form
        return (_packed_locations, (self._blob, self._len))

    def _opened(self) -> dict[str, tuple[str, int | None, str | None]]:
        found = self._open
        if found is None:
            paths, rows = marshal.loads(zlib.decompress(self._blob))
            found = self._open = {key: (paths[ix], line, ptr) for key, ix, line, ptr in rows}
        return found

    def __getitem__(self, key: str) -> RecordLocation:
        path, line, pointer = self._opened()[key]
        return RecordLocation(path=path, line=line, pointer=pointer)

    def __contains__(self, key: object) -> bool:
        return key in self._opened()

    def __iter__(self) -> Iterator[str]:
        return iter(self._opened())

    def __len__(self) -> int:
        return self._len


def _packed_locations(blob: bytes, length: int) -> PackedLocations:
    packed = PackedLocations.__new__(PackedLocations)
    packed._blob, packed._len, packed._open = blob, length, None
    return packed


class LocationsByHall(Mapping[str, RecordLocation]):
    """The locations of many halls, ``"<hall>::<kind>/<id>"`` -> location, read from each hall's own
    mapping (a :class:`PackedLocations` stays packed until a key of its hall is asked). Keys are in the
    halls' order, then each hall's."""

    __slots__ = ("_halls",)

    def __init__(self, halls: Mapping[str, Mapping[str, RecordLocation]]) -> None:
        self._halls = dict(halls)

    def _hall_of(self, key: str) -> Mapping[str, RecordLocation] | None:
        # the hall is the key's text before a "::" (a hall's or an id's own "::" tried in turn)
        halls = self._halls
        at = key.find("::")
        while at >= 0:
            found = halls.get(key[:at])
            if found is not None and key in found:
                return found
            at = key.find("::", at + 2)
        return None

    def __getitem__(self, key: str) -> RecordLocation:
        found = self._hall_of(key)
        if found is None:
            raise KeyError(key)
        return found[key]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._hall_of(key) is not None

    def __iter__(self) -> Iterator[str]:
        for hall in self._halls.values():
            yield from hall

    def __len__(self) -> int:
        return sum(len(hall) for hall in self._halls.values())


@dataclass
class Positions:
    """Positions of one table's accepted records, aligned with the dataset's list of that table."""

    sources: list[tuple[str, SourceKind]] = field(default_factory=list)
    source_index: array = field(default_factory=lambda: array("H"))  # type: ignore[type-arg]
    number: array = field(default_factory=lambda: array("l"))  # type: ignore[type-arg]
    #: record id -> position in the table, built on the first :func:`locate`
    index: dict[str, int] | None = None
    #: the records' ids in the table's order, every one a text, as the audit's run read them
    #: (:class:`IdReader`), for :func:`positions_of`; None when not read
    ids: list[str] | None = None

    def add(self, source: str | None, kind: SourceKind, number: int | None) -> int:
        """Note the next accepted record: read from ``source`` as line/element ``number``; return the
        source's index, for :meth:`add_number`."""
        key = (source or "", kind)
        try:
            ix = self.sources.index(key)
        except ValueError:
            ix = len(self.sources)
            self.sources.append(key)
        self.add_number(ix, number)
        return ix

    def add_number(self, source_index: int, number: int | None) -> None:
        """Note the next accepted record, read from the source ``source_index`` (see :meth:`add`)."""
        self.source_index.append(source_index)
        self.number.append(number or 0)


def locate(dataset: Any, table: str, record_id: str) -> RecordLocation | None:
    """The location of record ``record_id`` of ``table`` (``"hall"`` for the hall), if it is known."""
    positions: Mapping[str, Positions] = getattr(dataset, "_positions", None) or {}
    pos = positions.get(table)
    if pos is None or not pos.sources:
        return None
    if table == "hall":
        index = 0
        if len(pos.number) != 1:
            return None
    else:
        records = getattr(dataset, table, None) or []
        if len(records) != len(pos.number):
            return None
        index = _index(pos, table, records).get(record_id, -1)
        if index < 0:
            return None
    return _place(pos, table, index)


def _place(pos: Positions, table: str, index: int) -> RecordLocation | None:
    """The location of the record at position ``index`` of ``table`` (see :func:`locate`)."""
    path, kind = pos.sources[pos.source_index[index]]
    if not path:
        return None
    number = pos.number[index] or None
    if kind == "lines":
        return RecordLocation(path=path, line=number)
    if number is None:
        return RecordLocation(path=path)
    if kind == "array":
        pointer = "" if table == "hall" else f"/{number - 1}"
        lines = _element_lines(path).get(None if table != "hall" else "", [])
        line = lines[number - 1] if number - 1 < len(lines) else None
        return RecordLocation(path=path, line=line, pointer=pointer)
    pointer = "/hall" if table == "hall" else f"/{table}/{number - 1}"
    lines = _element_lines(path).get(table, [])
    line = lines[number - 1 if table != "hall" else 0] if lines else None
    return RecordLocation(path=path, line=line, pointer=pointer)


def _index(pos: Positions, table: str, records: list[Any]) -> dict[str, int]:
    """Record id -> position in the table (the first record with that id), built on the first lookup.

    Built in C when every record has a text id (the usual case: a report's first lookup in a table
    of 50k attendance records or 20k applications cost a province's halls 1-2 % of their audit):
    the ids read by ``map``, the map made from them last to first, so the first of equal ids wins.
    """
    if pos.index is None:
        key = "code" if table == "items" else "id"
        try:
            ids: list[Any] | None = list(map(attrgetter(key), records))
        except AttributeError:
            ids = None
        if ids is not None and set(map(type, ids)) <= {str}:
            pos.index = _first_positions(ids)
        else:  # a record without an id, or an id that is not a text
            pos.index = {}
            for i, record in enumerate(records):
                rid = getattr(record, key, None)
                if rid is not None:
                    pos.index.setdefault(str(rid), i)
    return pos.index


def _first_positions(ids: list[str]) -> dict[str, int]:
    """Id -> position of the first record with it: the map made from the ids last to first, in C."""
    return dict(zip(reversed(ids), range(len(ids) - 1, -1, -1), strict=True))


class IdReader:
    """Reads the ids of one table's records block by block while the audit's runner has the block's
    records in the processor's cache, and keeps them (``Positions.ids``) once the last block is read,
    for :func:`positions_of`: read after the run instead, over records long out of the cache, the
    ids of a 20k hall's tables waited on memory for some 15 ms of its audit. The list (8 bytes a
    record) is all that is kept: the map of every id to its position that was built from it (about
    60 bytes a record, 290 bytes per application of a hall with the example's mix, at the audit's
    peak) is not, as a report looks up only the records its findings name.

    Blocks are handed over in the table's order; anything else (a block skipped, a record without
    an id, an id that is not a text) leaves the index to :func:`_index`, as before.
    """

    def __init__(self, pos: Positions, table: str, records: list[Any]) -> None:
        self.pos = pos
        self.records = records
        self.ids: list[Any] | None = []
        self._id = attrgetter("code" if table == "items" else "id")

    def read(self, block: list[Any], start: int) -> None:
        """Read the ids of ``block``, the table's records from position ``start`` on."""
        ids = self.ids
        if ids is None:
            return
        if len(ids) != start:
            self.ids = None
            return
        try:
            ids.extend(map(self._id, block))
        except AttributeError:
            self.ids = None
            return
        if len(ids) == len(self.records) and self.pos.index is None:
            if set(map(type, ids)) <= {str}:
                self.pos.ids = ids
            self.ids = None


def _table_positions(dataset: Any, table: str) -> tuple[Positions, list[Any]] | None:
    """``table``'s Positions and records, when the records can be placed (see :func:`locate`)."""
    positions: Mapping[str, Positions] = getattr(dataset, "_positions", None) or {}
    pos = positions.get(table)
    records = getattr(dataset, table, None)
    if pos is None or not pos.sources or not isinstance(records, list) or len(records) != len(pos.number):
        return None
    return pos, records


def id_reader(dataset: Any, table: str) -> IdReader | None:
    """An :class:`IdReader` for ``table`` of ``dataset``, or None when there is nothing to build: the
    table's records cannot be placed, or its index is already built."""
    found = _table_positions(dataset, table)
    if found is None or found[0].index is not None or found[0].ids is not None or table == "hall":
        return None
    return IdReader(found[0], table, found[1])


def positions_of(
    dataset: Any, table: str, wanted: Iterable[str], *, last: bool = False
) -> dict[str, int] | None:
    """Each id of ``wanted`` that a record of ``table`` holds -> the position of the first record
    holding it (with ``last``, of the last one), or None when the table's records cannot be placed.

    Only the wanted ids get a position: the table's ids (as the run read them, ``Positions.ids``, or
    read here) are tested against the set of them in C, and the map is made of the hits alone, so a
    report naming a few hundred records of a 50k-record table holds a few hundred entries, not 50k.
    """
    found = _table_positions(dataset, table)
    if found is None:
        return None
    pos, records = found
    want = set(wanted)
    if pos.index is not None and not last:  # built by a single locate: its look-ups
        return {i: pos.index[i] for i in want if i in pos.index}
    ids: list[Any] | None = pos.ids
    if ids is None or len(ids) != len(records):
        try:
            ids = list(map(attrgetter("code" if table == "items" else "id"), records))
        except AttributeError:
            ids = None
        if ids is not None and not set(map(type, ids)) <= {str}:
            ids = None
    if ids is None:  # a record without an id, or an id that is not a text: every record, in Python
        out: dict[str, int] = {}
        key = "code" if table == "items" else "id"
        for i, record in enumerate(records):
            rid = getattr(record, key, None)
            if rid is not None and str(rid) in want and (last or str(rid) not in out):
                out[str(rid)] = i
        return out
    hits = list(compress(range(len(ids)), map(want.__contains__, ids)))
    if not last:  # the map made from the hits last to first: the first of equal ids wins
        hits.reverse()
    return dict(zip(map(ids.__getitem__, hits), hits, strict=True))


def locate_findings(dataset: Any, findings: Iterable[Any]) -> dict[str, RecordLocation]:
    """``"<kind>/<id>"`` -> location, for every subject of ``findings`` whose record can be placed."""
    from govhall.rules.core import SUBJECT_TABLES

    named: dict[str, tuple[str, str]] = {}  # key -> (table, id), in the findings' order
    for f in findings:
        key = f"{f.subject.kind}/{f.subject.id}"
        if key in named:
            continue
        table = "hall" if f.subject.kind == "hall" else SUBJECT_TABLES.get(f.subject.kind)
        if table is not None:
            named[key] = (table, str(f.subject.id))
    wanted: dict[str, list[str]] = {}
    for table, rid in named.values():
        if table != "hall":
            wanted.setdefault(table, []).append(rid)
    # the positions of the records named, table by table (no map of every id, see IdReader)
    at = {table: positions_of(dataset, table, ids) for table, ids in wanted.items()}
    positions: Mapping[str, Positions] = getattr(dataset, "_positions", None) or {}
    out: dict[str, RecordLocation] = {}
    for key, (table, rid) in named.items():
        try:
            if table == "hall":
                where = locate(dataset, table, rid)
            else:
                found = at[table]
                index = None if found is None else found.get(rid)
                where = None if index is None else _place(positions[table], table, index)
        except (
            OSError,
            ValueError,
            RecursionError,
        ):  # the file changed or vanished since it was loaded: no line
            where = None
        if where is not None:
            out[key] = where
    return out


# -- file lines of JSON/YAML elements --------------------------------------------------------------------


@lru_cache(maxsize=32)
def _element_lines_cached(path: str, mtime_ns: int) -> dict[str | None, list[int]]:
    from govhall.loaders import _decode_bytes

    text = _decode_bytes(Path(path).read_bytes(), path)
    if Path(path).suffix.lower() in (".yaml", ".yml"):
        return _yaml_lines(text)
    return _json_lines(text)


def _element_lines(path: str) -> dict[str | None, list[int]]:
    """``None`` -> lines of a top-level array's elements; ``""`` -> the top-level object's line;
    ``table`` -> lines of the elements of a document's ``table`` array (or of its object value)."""
    return _element_lines_cached(path, Path(path).stat().st_mtime_ns)


def _json_lines(text: str) -> dict[str | None, list[int]]:
    from govhall.loaders import _value_end

    decoder = json.JSONDecoder()
    n = len(text)
    counted = [0, 1]  # offset counted up to, its line

    def line_at(p: int) -> int:
        if p < counted[0]:  # offsets only grow during one scan; restart otherwise
            counted[:] = [0, 1]
        counted[1] += text.count("\n", counted[0], p)
        counted[0] = p
        return counted[1]

    def skip(p: int) -> int:
        while p < n and text[p] in " \t\r\n\ufeff":
            p += 1
        return p

    def array_lines(p: int) -> tuple[list[int], int]:
        lines: list[int] = []
        p = skip(p + 1)
        if p < n and text[p] == "]":
            return lines, p + 1
        while p < n:
            lines.append(line_at(p))
            p = _value_end(text, p)  # brackets matched without recursion: any depth, any number (#17)
            p = skip(p)
            if p < n and text[p] == ",":
                p = skip(p + 1)
                continue
            return lines, p + 1
        return lines, p

    out: dict[str | None, list[int]] = {}
    p = skip(0)
    if p >= n:
        return out
    if text[p] == "[":
        out[None] = array_lines(p)[0]
        return out
    if text[p] != "{":
        return out
    out[""] = [line_at(p)]
    p = skip(p + 1)
    while p < n and text[p] != "}":
        key, p = decoder.raw_decode(text, p)
        p = skip(p)
        p = skip(p + 1)  # the ':'
        if p < n and text[p] == "[":
            out[str(key)], p = array_lines(p)
        else:
            out[str(key)] = [line_at(p)]
            p = _value_end(text, p)
        p = skip(p)
        if p < n and text[p] == ",":
            p = skip(p + 1)
    return out


def _yaml_lines(text: str) -> dict[str | None, list[int]]:
    import yaml

    node = yaml.compose(text, Loader=yaml.SafeLoader)
    out: dict[str | None, list[int]] = {}
    if isinstance(node, yaml.SequenceNode):
        out[None] = [item.start_mark.line + 1 for item in node.value]
    elif isinstance(node, yaml.MappingNode):
        out[""] = [node.start_mark.line + 1]
        for key, value in node.value:
            if isinstance(value, yaml.SequenceNode):
                out[str(key.value)] = [item.start_mark.line + 1 for item in value.value]
            else:
                out[str(key.value)] = [value.start_mark.line + 1]
    return out
