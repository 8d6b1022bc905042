"""Keys given twice in one JSON object or YAML mapping: found and refused, never read "last wins".

RFC 8259 (section 4) says the names within an object SHOULD be unique and that parsers differ on an
object whose names are not; Python's ``json``, pydantic-core and PyYAML all keep the last value
without a word, so ``{"id": "A1", "status": "accepted", …, "status": "rejected"}`` was read as
rejected. Which value a hall's export meant cannot be known, so govhall reads neither
(docs/data.md, "Keys given twice"):

* :func:`loads_marking` parses JSON text as ``json.loads`` does and says whether any object in it
  named a key twice; such an object is a :class:`Twice` (a ``dict`` of the last values that also
  holds the key), which :func:`first_twice` finds with its path;
* :func:`loads_unique` raises :class:`~govhall.errors.DuplicateKeyError` naming the key and where;
* :class:`UniqueKeyLoader` is PyYAML's safe loader refusing a mapping that names a key twice (a
  ``yaml.YAMLError`` naming both lines); :func:`yaml_marking` marks such mappings instead;
* :func:`key_bound` is a bound on the number of keys of JSON text read from its bytes alone, which
  lets the loader's fast path (pydantic-core reads the bytes, and keeps the last value too) tell a
  record without a key given twice from the keys it validated, exactly and without parsing again.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

import yaml

from govhall.errors import DuplicateKeyError, echoed_id

__all__ = [
    "CaseLoader", "Marked", "MarkedList", "Twice", "UniqueKeyLoader", "first_twice", "key_bound", "key_bound_joined",
    "loads_marking", "loads_unique", "marking_decoder", "marking_hook", "twice_field", "twice_reason",
    "yaml_marking",
]  # fmt: skip


class Marked(dict):  # type: ignore[type-arg]
    """A document parsed by :func:`loads_marking` or :func:`yaml_marking` in which some object named a
    key twice, handed to ``load_dataset`` as a mapping: its records holding a :class:`Twice` are
    rejected (the loader looks for them only in such a document)."""

    __slots__ = ()


class MarkedList(list):  # type: ignore[type-arg]
    """A list of records parsed as a :class:`Marked` document is (a catalogue that is one array)."""

    __slots__ = ()


class Twice(dict):  # type: ignore[type-arg]
    """A JSON object or YAML mapping that named ``key`` more than once (``line``: 1-based, of its
    second mention, when known); as a dict it holds the last values, as a parser would."""

    __slots__ = ("key", "line")

    key: Any
    line: int | None


def _repeated(pairs: Iterable[tuple[Any, Any]]) -> Any:
    seen: set[Any] = set()
    for key, _ in pairs:
        if key in seen:
            return key
        seen.add(key)
    return None  # pragma: no cover - only asked about pairs that repeat a key


def marking_hook(found: list[Twice]) -> Callable[[list[tuple[Any, Any]]], dict[Any, Any]]:
    """An ``object_pairs_hook`` (also for any list of key-value pairs, a Parquet map's) that makes a
    ``dict``, or a :class:`Twice` appended to ``found`` when the pairs name a key twice."""

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out = dict(pairs)
        if len(out) == len(pairs):
            return out
        twice = Twice(out)
        twice.key = _repeated(pairs)
        twice.line = None
        found.append(twice)
        return twice

    return hook


def loads_marking(text: str | bytes) -> tuple[Any, bool]:
    """``json.loads(text)`` and whether any object in it named a key twice (each such object a
    :class:`Twice`). Raises what ``json.loads`` raises."""
    found: list[Twice] = []
    return json.loads(text, object_pairs_hook=marking_hook(found)), bool(found)


def marking_decoder() -> tuple[json.JSONDecoder, list[Twice]]:
    """A ``JSONDecoder`` (for ``raw_decode``) that marks objects naming a key twice, and the list
    they are added to."""
    found: list[Twice] = []
    return json.JSONDecoder(object_pairs_hook=marking_hook(found)), found


def first_twice(value: Any) -> tuple[tuple[Any, ...], Any, int | None] | None:
    """(path of the object, the key, its line or None) of the first object in ``value`` (in
    document order) that named a key twice, or None. Containers reached twice (YAML aliases) are
    looked at once."""
    stack: list[tuple[Any, tuple[Any, ...]]] = [(value, ())]
    seen: set[int] = set()
    while stack:
        node, path = stack.pop()
        if isinstance(node, dict):
            if id(node) in seen:
                continue
            seen.add(id(node))
            if type(node) is Twice:
                return path, node.key, node.line
            children: list[tuple[Any, Any]] = list(node.items())
        elif isinstance(node, list):
            if id(node) in seen:
                continue
            seen.add(id(node))
            children = list(enumerate(node))
        else:
            continue
        stack.extend(
            (child, (*path, step)) for step, child in reversed(children) if isinstance(child, (dict, list))
        )
    return None


def twice_field(path: tuple[Any, ...], key: Any) -> str:
    """The field a key given twice names, as rejected records name fields (``events.2.status``)."""
    return ".".join(str(p) for p in (*path, key))


def twice_reason(path: tuple[Any, ...], key: Any, line: int | None = None) -> str:
    """Why a value holding an object that names ``key`` twice is not read."""
    where = f" (in {echoed_id('.'.join(str(p) for p in path))})" if path else ""
    at = f", the second time on line {line}" if line is not None else ""
    return (
        f"the key {echoed_id(str(key))!r} appears twice in one object{where}{at}: which value is meant cannot be "
        "known (a parser would keep the last one silently); give each key once"
    )


def loads_unique(text: str | bytes, where: str | None = None) -> Any:
    """``json.loads(text)``, refusing an object that names a key twice: a
    :class:`~govhall.errors.DuplicateKeyError` naming the key and its object's path (prefixed with
    ``where`` when given). Raises what ``json.loads`` raises for text that is not JSON."""
    value, twice = loads_marking(text)
    if twice:
        found = first_twice(value)
        assert found is not None
        path, key, _ = found
        prefix = f"{where}: " if where else ""
        raise DuplicateKeyError(prefix + twice_reason(path, key), key=str(key), path=list(path))
    return value


# -- YAML ---------------------------------------------------------------------------------------------

_MERGE = "tag:yaml.org,2002:merge"


class UniqueKeyLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` (the same values) refusing a mapping that names a key twice with a
    ``ConstructorError`` naming the key and both lines. Keys a merge (``<<: *base``) brings in may be
    given again: overriding them is what a merge is for."""

    #: mark such a mapping (a :class:`Twice`) instead of refusing it
    marking = False

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self.twice: list[Twice] = []

    def _twice(self, node: yaml.MappingNode) -> tuple[Any, int, Any] | None:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == _MERGE:
                continue
            key = self.construct_object(key_node)
            try:
                first = seen.get(key)
            except TypeError:  # an unhashable key: the constructor says so itself
                continue
            if first is not None:
                return key, first, key_node.start_mark
            seen[key] = key_node.start_mark.line + 1
        return None

    def construct_yaml_map(self, node: yaml.MappingNode) -> Any:
        found = self._twice(node)
        data: dict[Any, Any] = {}
        if found is not None:
            key, first, mark = found
            if not self.marking:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    f"found the key {str(key)!r} twice (first on line {first}): which value is meant "
                    "cannot be known; give each key once",
                    mark,
                )
            data = Twice()
            data.key, data.line = key, mark.line + 1
            self.twice.append(data)
        yield data
        data.update(self.construct_mapping(node))


UniqueKeyLoader.add_constructor("tag:yaml.org,2002:map", UniqueKeyLoader.construct_yaml_map)


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    """A YAML date, or a ConstructorError naming the value and its line where it is no day of the
    calendar (2027-02-30, 2027-13-01): PyYAML's safe loader raised a bare ValueError ("day is out of
    range for month"), said with neither the value nor where it stands."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError) as exc:
        raise yaml.constructor.ConstructorError(
            None, None, f"{node.value!r} is no date ({exc}; quoted, it is a text)", node.start_mark
        ) from None


UniqueKeyLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


class _MarkingLoader(UniqueKeyLoader):
    marking = True


class NoDay(str):
    """The text of an impossible date written without quotes (``2025-02-30``) in a dataset document,
    with the file ``line`` it stands on: the record holding it is rejected alone, naming the field,
    as the same text in JSON is (the whole file was refused as "not valid YAML")."""

    line: int
    column: int
    why: str  # PyYAML's words ("day is out of range for month")


def _construct_timestamp_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError) as exc:
        text = NoDay(node.value)
        text.line, text.column = node.start_mark.line + 1, node.start_mark.column + 1
        text.why = str(exc)
        return text


class _DatasetLoader(_MarkingLoader):
    pass


_DatasetLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_or_text)


class CaseLoader(UniqueKeyLoader):
    """:class:`UniqueKeyLoader` for a case file: a key given twice is refused, and an impossible unquoted
    date (``start: 2026-02-30``) is its text, a :class:`NoDay`, so the case holding it fails alone, as
    the same date quoted does (the whole file of cases was refused as "not valid YAML")."""


CaseLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_or_text)


def yaml_marking(text: str, *, no_day_as_text: bool = False) -> tuple[Any, bool]:
    """``yaml.safe_load(text)`` and whether any mapping in it named a key twice (each such mapping a
    :class:`Twice` with the line of the second mention). ``no_day_as_text``: an impossible unquoted
    date is its text, a :class:`NoDay` (else an error naming it and its line)."""
    loader = (_DatasetLoader if no_day_as_text else _MarkingLoader)(text)
    try:
        return loader.get_single_data(), bool(loader.twice)
    finally:
        loader.dispose()


# -- a bound on the keys of JSON text, from its bytes -----------------------------------------------------

#: the bytes up to ``"`` (0x00-0x22: JSON's white space and ``"``, and the control characters and ``!``,
#: which cost nothing to take too) as ``"``: a key's colon follows the closing quote of its name, white
#: space between them allowed (``"a" : 1``)
_UP_TO_QUOTE_AS_QUOTE = bytes.maketrans(bytes(range(0x22)), b'"' * 0x22)


def key_bound(raw: bytes) -> int:
    """How many ``:`` of JSON text ``raw`` directly follow a byte up to ``"`` (0x00-0x22: a ``"``,
    white space, a control character or ``!``): at least its number of keys, counted in every object
    (each key's colon is such a one; a colon inside a string may be one too, so it can only
    over-count). When the objects a parser built from ``raw`` hold as many keys in all as this, none
    named a key twice (a key given twice is one colon more than the keys kept)."""
    return raw.translate(_UP_TO_QUOTE_AS_QUOTE).count(b'":')


#: from how many bytes :func:`key_bound_joined` counts with numpy
_NUMPY_FROM = 8192


def key_bound_joined(joined: bytes) -> int:
    """``sum(map(key_bound, lines))`` for a chunk of jsonl lines each starting with ``{``, given
    joined: two comparisons of numpy over its bytes (7 us for 64 KiB, where ``bytes.count(b'":')``
    alone takes 50); a few lines (a small table's whole file) by :func:`key_bound`, without numpy."""
    if len(joined) < _NUMPY_FROM:
        return key_bound(joined)
    import numpy as np

    data = np.frombuffer(joined, np.uint8)
    return int(np.count_nonzero((data[1:] == 0x3A) & (data[:-1] <= 0x22)))
