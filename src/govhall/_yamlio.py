"""Reading the small YAML files a user hands govhall (profiles, case files, notices, catalogues).

One place for what can go wrong with them, so every command says it the same way, naming the file:
bytes in neither UTF-8 nor GB18030, YAML that does not parse, and the ``ValueError`` PyYAML raises
for an impossible date written without quotes (``2025-02-30``), which is not a ``YAMLError``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from govhall.errors import InputError, UndecodableInputError

__all__ = ["decode_text", "json_type", "load_packaged", "parse_yaml", "refuse_alias_bomb"]


def decode_text(raw: bytes, where: str) -> str:
    """``raw`` as text (UTF-8, with or without BOM, else GB18030); an error naming ``where`` if neither."""
    problems = []
    for encoding, label in (("utf-8-sig", "UTF-8"), ("gb18030", "GB18030")):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError as exc:
            problems.append(f"{label} (bad byte at offset {exc.start})")
    raise UndecodableInputError(
        f"{where}: cannot read the file: it is neither {' nor '.join(problems)}; save it as UTF-8",
        path=where,
    )


def parse_yaml(text: str, where: str | Path, error: type[InputError] = InputError) -> Any:
    """``yaml.safe_load(text)``; anything that stops it is ``error`` naming ``where`` and the reason,
    a mapping that names a key twice among them (its line: PyYAML would keep the last value)."""
    from govhall._dupkeys import UniqueKeyLoader

    try:
        doc = yaml.load(text, Loader=UniqueKeyLoader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        reason = " ".join(str(exc).split())
    except RecursionError:
        reason = "nested too deep to read"
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. "day is out of range for month"
        reason = f"{' '.join(str(exc).split()) or exc.__class__.__name__} (a date written without quotes?)"
    else:
        refuse_alias_bomb(doc, where, error)
        return doc
    raise error(f"{where}: not valid YAML: {reason}", path=str(where))


#: PyYAML's safe loader, its scanner and parser in C (libyaml) when PyYAML was built with it. The same
#: constructor (so the same values) as ``yaml.safe_load``, 5-10 times faster: the calendar's notices,
#: the parameter tables and the phrase list govhall ships are read on every process's first audit
#: (40-50 ms of a 20k hall's audit CPU with the pure-Python loader).
_PACKAGED_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_packaged(text: str) -> Any:
    """``yaml.safe_load(text)`` for the YAML files shipped with govhall, with the C loader when there is one.

    Only for govhall's own files (``tests/test_yamlio.py`` checks each reads the same either way): a
    user's file goes through :func:`parse_yaml`, whose messages name what is wrong the same way
    whichever loader PyYAML has.
    """
    return yaml.load(text, Loader=_PACKAGED_LOADER)  # noqa: S506 - a safe loader (SafeLoader or its C twin)


def json_type(value: Any) -> str:
    """What ``value`` is called in JSON (``null``, ``an array``, ``a string`` …), for messages to people
    who wrote JSON, not Python (``NoneType``, ``list``, ``str``)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    for kinds, name in ((dict, "an object"), ((list, tuple), "an array"), (str, "a string")):
        if isinstance(value, kinds):
            return name
    if isinstance(value, (int, float)):
        return "a number"
    return type(value).__name__


#: how far a YAML document's aliases (``&a`` … ``*a``) may multiply its values: an alias is one
#: reference to a value built once, so nine aliases of nine aliases of … nine values are 9^n values
#: for n short lines, which every later walk (limits, validation) visits one by one. A document is
#: refused when its aliases make it more than MAX_YAML_EXPANSION times its written values and more
#: than MAX_YAML_VALUES values in all (shared defaults expand a little; a document without aliases
#: never is refused, however large)
MAX_YAML_EXPANSION: int = 10
MAX_YAML_VALUES: int = 1_000_000


def alias_expansion(value: Any) -> tuple[int, int]:
    """(values written, values reached) in ``value``: each distinct container and its scalars counted
    once, then as often as shared references (YAML aliases) reach them. A value that holds itself
    counts as past any limit."""
    sizes: dict[int, int] = {}
    busy: set[int] = set()
    written = 0
    cap = MAX_YAML_VALUES * MAX_YAML_EXPANSION + 1

    def size(obj: Any) -> int:
        nonlocal written
        if isinstance(obj, Mapping):
            children: Any = obj.values()
        elif isinstance(obj, (list, tuple)):
            children = obj
        else:
            return 1
        key = id(obj)
        known = sizes.get(key)
        if known is not None:
            return known
        if key in busy:  # a value that holds itself: endless
            return cap
        busy.add(key)
        total = 1
        for child in children:
            total = min(cap, total + size(child))
            if not isinstance(child, (Mapping, list, tuple)):
                written += 1
        busy.discard(key)
        sizes[key] = total
        written += 1
        return total

    try:
        reached = size(value)
    except RecursionError:  # deeper than Python can walk: the depth limit speaks for it later
        return 1, 1
    return written, reached


def refuse_alias_bomb(doc: Any, where: str | Path, error: type[InputError] = InputError) -> None:
    """Raise ``error`` naming ``where`` when ``doc``'s YAML aliases multiply it past the limits above."""
    written, reached = alias_expansion(doc)
    if reached > MAX_YAML_VALUES and reached > MAX_YAML_EXPANSION * written:
        shown = min(reached, MAX_YAML_VALUES * MAX_YAML_EXPANSION)
        raise error(
            f"{where}: its YAML aliases (*name) make its {written:,} values more than {shown:,} (an alias "
            "bomb?); write the values out",
            path=str(where),
        )
