"""Reading a dataset: files or a document in, a validated :class:`~govhall.models.Dataset` out.

``load_dataset(source)`` accepts

* a **folder** with one file per table, named after the keys of :data:`govhall.models.TABLES`
  (``hall``, ``items``, ``staff``, ``windows``, ``applications``, ``events``, ``inquiries``,
  ``complaints``, ``evaluations``, ``appointments``, ``attendance``, ``transcripts``), each ``.jsonl``
  (or ``.ndjson``), ``.json`` (an array; ``hall`` may be one object), ``.csv`` or ``.parquet``
  (read with pyarrow, extra ``[parquet]``; see :mod:`govhall.parquet`); an optional
  ``meta.json`` or ``dataset.yaml`` gives ``as_of`` and ``name``;
* **one document** (a ``.json``/``.yaml`` file, or an in-memory ``dict``) whose keys are the table
  names, plus optional ``as_of``, ``name`` and ``$schema``;
* **one table file** named after its table (``items.csv``, ``applications.jsonl`` …).

Encodings: UTF-8, UTF-8 with a BOM, or GB18030, decided per file from the file as a whole (UTF-8
first). In jsonl and CSV files a line that does not decode is one rejected record (its byte offset
named); a file is refused only when it is not text at all (NUL bytes, or most lines undecodable).

Limits per record (docs/data.md, "Limits"): :data:`MAX_RECORD_BYTES`, :data:`MAX_DEPTH`,
:data:`MAX_NUMBER_DIGITS`; a record beyond one, or one whose validation raises anything, is rejected
on its own.

CSV: the header row holds the field names; nested fields are JSON text in the cell (``applicant``:
``{"name": "张三"}``) or dotted headers (``applicant.name``); an empty cell is a missing value; list
and object fields are JSON (``["身份证", "营业执照"]``); ``是``/``否`` are accepted for yes/no fields.
A quoted cell may hold line ends (the row's ``line`` is its first line; later rows keep their own).
A quote that opens a cell and is never closed, or is closed only on a later line by a quote followed
by text, would make the lines after it one cell: that row is rejected naming its id, the cell's
column and the quote's line, and the lines after the quote are read again as rows; a cell over the
csv module's ``field_size_limit`` rejects its row (naming id, column and the lines it spans) and the
rows after it are read from the line after its end.

Events: rows of the ``events`` table are folded into their application (``application_id``) or
complaint (``complaint_id``); events may also be embedded in an application or complaint (they get
its id when they name no owner). Each record's events end up sorted by time (stable).

**Bad records never stop a load and never vanish.** Each goes to ``Dataset.rejected`` as a
:class:`~govhall.models.RejectedRecord` with its table, line (the 1-based file line for jsonl/csv,
the 1-based element number for JSON arrays and documents), record id when it could be read, the
offending field (pydantic's error location joined with dots; list positions are 0-based) and the
reason in plain words. ``Dataset.records`` counts every record read, so
``records == audited + len(rejected)`` for any input. What is rejected:

* a line that is not JSON, a last line cut off (truncated file), a JSON array whose text breaks off
  (the elements before the break are read; the unreadable rest counts as one rejected record);
* wrong types, unknown enum values (the reason lists the allowed values), missing required fields,
  unknown fields;
* an object naming a key twice, anywhere in the record (which value is meant cannot be known: a
  parser keeps the last one silently; see :mod:`govhall._dupkeys` and "keys given twice" below); a
  document naming a table twice is refused whole;
* a second record with an id already used in its table, whether or not the first was valid (the
  reason names the first's line); a second ``hall`` record;
* an application whose ``item_code`` is not an item of the dataset: no rule can judge it without the
  item (its time limits, type and department);
* an event whose application or complaint does not exist (or was itself rejected);
* a file in the folder whose name is not a table (``application.csv``): one rejected record naming
  the known tables, so a misnamed file is reported instead of silently ignored. Files with other
  extensions (``README.md``, ``planted.yaml``) are ignored.

Other references are optional and kept as they are: an evaluation, appointment, transcript or
attendance record naming a staff member, window, application or item that is not in the dataset
stays valid (rules that need the referent say so themselves).

Counting: a record is one jsonl line, one CSV row, one Parquet row, one JSON array element, one
unknown table file. For Parquet, ``line`` is the 1-based row number.
Events embedded in an application belong to that application's record; rows of the ``events`` table
are records of their own. Blank lines are not records.

A missing folder or file raises ``FileNotFoundError`` naming the path; a table file that cannot be
read (a dangling or looping symlink, no permission, a folder named like a table) raises
:class:`~govhall.errors.UnreadableInputError` (an ``OSError``); a file that is not text at all, a
document that is not a mapping, or a bad ``as_of`` raises ``ValueError`` naming the file (the
command line turns all of them into exit code 2).

Large files stream: jsonl and CSV files are read line by line (jsonl in chunks of 64 KiB), never
whole (JSON arrays and documents are read whole). Each record is validated by the fast path (the model's own core schema
without its per-record Python hooks, whose work is done once per record after; see "the fast path"
below), and whatever it cannot settle by the model itself, so both accept and reject the same
records with the same errors. A line of a jsonl file that is UTF-8 throughout is validated from its
bytes, undecoded, its limits checked on the bytes first (``_Loader._read_jsonl``; the file's
encoding is decided only when a line needs it); any line that path cannot settle is decoded and
read as every other line is. A chunk of such lines is validated by one pydantic-core call (each line
parsed on its own, each model read as a typed dict of the fields given, a key no field has ignored,
timestamps as their text, each distinct one read once; the records then built laid out and
compacted: ``_build``) and, when every line is a good record giving as many keys as its text holds,
accepted at once (``_Loader._accept_chunk``); a chunk with any other line goes line by line. Loaded records are stored
compactly: repeated strings, timestamps, dates and amounts are shared, records of the same shape
share one ``model_fields_set`` and their class's dict key table, and equal lists of strings (an
application's materials, every empty list) and equal dicts of an evaluation's ``dimensions`` share one
list or dict that refuses in-place changes (``TypeError``; copies are ordinary); a million applications take about 1.1 GB
(``benchmarks/load_bench.py``). Because
the fields-set is shared, setting an attribute on a loaded record does not update its
``model_fields_set``; use ``record.model_copy(update=...)`` to change records.
"""

from __future__ import annotations

import codecs
import collections
import contextlib
import csv
import difflib
import errno
import functools
import gc
import io
import itertools
import json
import operator
import os
import re
import stat
import sys
import threading
import types
import typing
import unicodedata
from array import array
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date, datetime
from datetime import time as dt_time
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any, Union

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import SchemaValidator, core_schema

from govhall import _collector, _dupkeys
from govhall._dupkeys import Twice, first_twice, key_bound, loads_marking, twice_field, twice_reason
from govhall._yamlio import json_type, refuse_alias_bomb
from govhall.errors import (
    DATE_PARSING_ERRORS,
    ID_PATTERN,
    DatasetError,
    DateError,
    DuplicateKeyError,
    MissingInputError,
    UndecodableInputError,
    UnreadableInputError,
    echoed_id,
    invisible_in_id,
    no_such_day,
    time_text_fault,
    validation_message,
)
from govhall.locations import Positions, SourceKind
from govhall.models import PERSONAL_FIELDS, TABLES, Dataset, Event, Hall, RejectedRecord
from govhall.models._base import BilingualEnum, amount_not_bool, finite_decimal, strip_space

__all__ = [
    "DATA_SUFFIXES", "MAX_DEPTH", "MAX_NUMBER_DIGITS", "MAX_RECORD_BYTES", "META_FILES", "TABLE_ORDER",
    "detect_encoding", "load_dataset", "load_table",
]  # fmt: skip

Source = Union[str, "os.PathLike[str]", Mapping[str, Any]]

#: File extensions read as tables in a folder (others, such as ``.md`` or ``.yaml``, are ignored).
DATA_SUFFIXES: tuple[str, ...] = (".jsonl", ".ndjson", ".json", ".csv", ".parquet")

#: Files of a folder that describe the dataset rather than hold a table.
META_FILES: tuple[str, ...] = ("meta.json", "dataset.yaml", "dataset.yml")
_COMPRESSED = (".gz", ".bz2", ".xz", ".zst", ".zip", ".7z")

#: Tables are read in this order, so references can be checked as records arrive
#: (items before applications, applications and complaints before events).
TABLE_ORDER: tuple[str, ...] = (
    "hall", "items", "staff", "windows", "applications", "complaints", "inquiries", "evaluations",
    "appointments", "attendance", "transcripts", "inspections", "events",
)  # fmt: skip

#: limits of one record; a record beyond one is rejected with the limit named (docs/data.md, "Limits")
#: a jsonl line or CSV file line longer than this many bytes
MAX_RECORD_BYTES: int = 1 << 20
#: objects and arrays nested deeper than this (a record is depth 1; an event in it depth 3)
MAX_DEPTH: int = 64
#: a JSON number literal with more digits than this
MAX_NUMBER_DIGITS: int = 100

_META_KEYS = frozenset({"as_of", "name", "description", "$schema"})
_ID_FIELD = {"items": "code"}
_MAX_PROBLEMS = 5
_CHUNK = 1 << 20

# String fields whose values repeat across records; one shared copy per distinct value saves memory.
_SHARED_STRINGS = frozenset({
    "item_code", "window_id", "staff_id", "department", "lead_department", "hall_id", "application_id",
    "complaint_id", "agency", "kind", "rank_title", "device_id", "responsible_staff", "handler_staff",
})  # fmt: skip
# Free-text fields that in practice hold one of a few texts (an event's note such as 窗口收件，出具受理（收件）凭证,
# the reason of a refusal, a clause cited): shared whatever the source. pydantic-core shares equal short
# strings only within one call, a chunk of lines: a 20,000-application hall held 10,600 copies of its 30
# notes (0.09 KB of RSS per application; sharing them costs 1.4 % of the load's instructions). An
# event's ``reason`` is left out: as many values to look at for a sixth of the memory.
_SHARED_TEXTS = frozenset({"note", "refusal_reason", "clause"})


# -- public entry point ----------------------------------------------------------------------------


def load_dataset(source: Source, *, as_of: date | str | None = None) -> Dataset:
    """Read a dataset from a folder, a document file, one table file or an in-memory document.

    ``source`` is a path (``str``/``PathLike``) or a ``dict`` document (``{"items": [...],
    "applications": [...], "as_of": "2025-11-30"}``). ``as_of``, when given (a date, ISO text, or a
    datetime: its day in Shanghai), overrides the one in the source. Invalid records are collected in ``Dataset.rejected`` (see the module docstring);
    the load itself fails only when the source as a whole cannot be read: a missing path raises
    ``FileNotFoundError``, an undecodable file or a malformed document ``ValueError``, both naming
    the path.
    """
    from govhall.calendars.core import day_given

    as_of = day_given(as_of, "as_of")  # before anything is read: True or "nope" was kept as the day
    _collector.collect_if_owed()  # before the hall is read, when the least is alive (see govhall._collector)
    loader = _Loader()
    gc_was_enabled = gc.isenabled()
    gc.disable()  # millions of new objects and no cycles: the collector would only slow the load
    try:
        if isinstance(source, Mapping):
            meta = loader.read_document(source, origin=None)
            where = None
        else:
            if os.fspath(source) == "":  # Path("") is the current folder: it was read as the dataset
                raise MissingInputError("an empty path names no file or folder (an unset variable?)", path="")
            path = Path(os.fspath(source))
            where = str(path)
            _check_readable(path, folder_ok=True)  # a NUL or a name too long said only errno's words
            if path.is_dir() and not (path.stem in TABLES and path.suffix.lower() in DATA_SUFFIXES):
                meta = loader.read_folder(path)
            else:
                _check_readable(path)
                meta = loader.read_file(path)
        dataset = loader.finish(source=where, name=_name(meta.get("name"), meta.get("_where")))
        dataset.as_of = as_of if as_of is not None else _as_of(meta.get("as_of"), meta.get("_where"))
        return dataset
    finally:
        if gc_was_enabled:
            _to_oldest_generation()
            gc.enable()


def _to_oldest_generation() -> None:
    """Put the objects the collector tracks in its oldest generation, without walking them.

    The collector is off while the loader builds its records, so the young generation's count
    grows by every record, and the first allocation after the collector is back on would set off a
    collection that walks each of them, then another when they are promoted, only to find what a
    load never makes: reference cycles (after loading each hall of a 20-hall province: 0.3-0.45 s
    of CPU in all, 15-20 % of the loads; ``audit_hall`` over the 20 halls went from 4.5 to 4.3 s). ``gc.freeze()`` then ``gc.unfreeze()`` moves every tracked
    object to the oldest generation and resets the young count, in constant time (the audit does
    the same around its run, see ``govhall.rules.runner``). ``gc.freeze()`` also zeroes the counts
    that set off full collections, so the objects moved are counted in ``govhall._collector``, which
    runs the full collection they call for at the start of a later load (the few cycles a load does
    make, pydantic's field sets, are freed then). Done only when nothing else is frozen: ``unfreeze``
    would release what a caller froze on purpose (a server that forks workers after freezing its
    start-up objects).
    """
    _collector.to_oldest_generation()  # and counted towards the next full collection


def load_table(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], table: str, *, as_of: date | None = None
) -> Dataset:
    """Read one or more files as the table ``table``, whatever the files are called.

    For inputs that are one table under another name, e.g. an item catalogue ``catalogue.csv`` that
    ``govhall check`` reads as ``items``. Each file is ``.jsonl``/``.ndjson``, ``.json`` (an array)
    or ``.csv``; records are checked and rejected exactly as :func:`load_dataset` does, naming the
    real file. Raises ``FileNotFoundError`` for a missing file and ``ValueError`` for an unknown
    table or an unsupported extension.
    """
    if table not in TABLES or table == "events":
        raise DatasetError(
            f"unknown table {table!r} (known: {', '.join(t for t in TABLES if t != 'events')})"
        )
    files = (
        [Path(os.fspath(paths))]
        if isinstance(paths, (str, os.PathLike))
        else [Path(os.fspath(p)) for p in paths]
    )
    loader = _Loader()
    for path in files:
        _check_readable(path)
        if path.suffix.lower() not in DATA_SUFFIXES:
            raise DatasetError(f"{path}: a table file is one of {', '.join(DATA_SUFFIXES)}")
        loader._read_path(path, table)
    dataset = loader.finish(source=str(files[0]) if len(files) == 1 else None, name=None)
    dataset.as_of = as_of
    return dataset


def detect_encoding(path: str | os.PathLike[str]) -> str:
    """The encoding of a text file: ``"utf-8-sig"`` (UTF-8, with or without a BOM) or ``"gb18030"``.

    The file is streamed in 1 MiB chunks through an incremental decoder, never read whole. Raises
    ``ValueError`` naming the path and the first bad byte offset under each encoding when it is
    neither.
    """
    problems = []
    for encoding in ("utf-8-sig", "gb18030"):
        bad = _first_bad_offset(Path(path), encoding)
        if bad is None:
            return encoding
        problems.append(f"{'UTF-8' if encoding == 'utf-8-sig' else 'GB18030'} (bad byte at offset {bad})")
    raise UndecodableInputError(
        f"{path}: cannot read the file: it is neither {' nor '.join(problems)}; save it as UTF-8"
    )


# -- reading sources ---------------------------------------------------------------------------------


@dataclass(slots=True)
class _Raw:
    """One record as read, before validation."""

    table: str
    line: int | None
    source: str | None
    data: Any = None  # parsed value (dict for a well-formed record)
    text: str | None = None  # a jsonl line, validated from JSON directly (fast path)
    blob: bytes | None = None  # a jsonl line validated from its bytes (see _Loader._read_jsonl)
    error: str | None = None  # already known to be unreadable: the reason
    field: str | None = None
    truncated: bool = False  # the last line of a file without a final newline
    twice: bool = False  # ``data`` holds an object that names a key twice (a _dupkeys.Twice)


def _first_bad_offset(path: Path, encoding: str) -> int | None:
    decoder = codecs.getincrementaldecoder(encoding)()
    offset = 0
    with path.open("rb") as fh:
        while True:
            chunk = fh.read(_CHUNK)
            final = not chunk
            pending = len(decoder.getstate()[0])
            try:
                decoder.decode(chunk, final=final)
            except UnicodeDecodeError as exc:
                return max(0, offset - pending + exc.start)
            if final:
                return None
            offset += len(chunk)


def _check_readable(path: Path, *, folder_ok: bool = False) -> None:
    """Raise an error naming ``path`` unless it is a regular file govhall can open.

    ``FileNotFoundError`` when nothing is there; :class:`~govhall.errors.UnreadableInputError` (an
    ``OSError``) for a dangling symbolic link, a symbolic-link loop, a folder where a table file was
    expected, a device or pipe, or a file without read permission.
    """
    try:
        st = path.stat()
    except ValueError:  # "embedded null byte", naming no path
        raise UnreadableInputError(
            f"{str(path)!r}: a path cannot hold a NUL character", path=str(path)
        ) from None
    except FileNotFoundError:
        if path.is_symlink():
            raise UnreadableInputError(
                f"{path}: dangling symbolic link (its target {os.readlink(path)} does not exist)",
                path=str(path),
            ) from None
        raise MissingInputError(f"no such file or folder: {path}", path=str(path)) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnreadableInputError(f"{path}: symbolic link loop", path=str(path)) from None
        raise UnreadableInputError(f"{path}: cannot be read: {exc.strerror or exc}", path=str(path)) from None
    if stat.S_ISDIR(st.st_mode):
        if folder_ok:
            return
        raise UnreadableInputError(f"{path}: is a folder, not a table file", path=str(path))
    if not stat.S_ISREG(st.st_mode):
        raise UnreadableInputError(f"{path}: not a regular file (a pipe or device?)", path=str(path))
    try:
        with path.open("rb"):
            pass
    except OSError as exc:
        raise UnreadableInputError(f"{path}: cannot be read: {exc.strerror or exc}", path=str(path)) from None


def _line_encoding(path: Path) -> str:
    """The encoding of a line-oriented file (jsonl, CSV): see :func:`_line_encoding_checked`."""
    return _line_encoding_checked(path)[0]


def _line_encoding_checked(path: Path) -> tuple[str, bool]:
    """(the encoding, whether every byte of the file decodes under it) of a line-oriented file.

    The encoding of a line-oriented file (jsonl, CSV), decided from the file as a whole.

    ``utf-8-sig`` when the whole file is UTF-8 or it starts with a UTF-8 byte-order mark; else
    ``gb18030`` when the whole file is GB18030; else the one of the two under which more lines
    decode (UTF-8 on a tie): the lines that do not are rejected one by one. A file is refused as
    not text (:class:`~govhall.errors.DatasetError`, naming it) when it holds NUL bytes (UTF-16 or
    binary data) or when fewer than half its non-blank lines decode under either encoding.

    The NUL scan and the UTF-8 check stream the file in 1 MiB chunks at C speed; only a file that
    is not all UTF-8 gets the line-by-line count.

    Own code rather than charset-normalizer: govhall accepts exactly two encodings, and the question
    is not "which of 90 code pages is this" but "does each line decode", which the codecs answer
    exactly and quickly; a statistical guesser would add a dependency and could pick a third one.
    """
    with path.open("rb") as fh:
        bom = fh.read(3) == codecs.BOM_UTF8
        fh.seek(0)
        nul_at = -1
        offset = 0
        while nul_at < 0 and (chunk := fh.read(_CHUNK)):
            found = chunk.find(b"\x00")
            nul_at = offset + found if found >= 0 else -1
            offset += len(chunk)
    if nul_at >= 0 and _mostly_nul_lines(path):
        raise UndecodableInputError(
            f"{path}: not a text file: it holds a NUL byte at offset {nul_at} (UTF-16, or binary data?); "
            "save it as UTF-8",
            path=str(path),
        )
    utf8_bad = _first_bad_offset(path, "utf-8-sig")
    if utf8_bad is None:
        return "utf-8-sig", True
    gb_bad = None if bom else _first_bad_offset(path, "gb18030")
    if gb_bad is None and not bom:
        return "gb18030", True
    total = utf8 = gb = 0
    with path.open("rb") as fh:
        for _, _, line, _ in _binary_lines(fh):
            if line is None or not line.strip():  # over the size limit: rejected whatever its encoding
                continue
            total += 1
            try:
                line.decode("utf-8")
                utf8 += 1
            except UnicodeDecodeError:
                pass
            try:
                line.decode("gb18030")
                gb += 1
            except UnicodeDecodeError:
                pass
    where = f"{path}: not a text file"
    if bom or utf8 >= gb:
        best, good = "utf-8-sig", utf8
    else:
        best, good = "gb18030", gb
    if 2 * good < total:
        gb_part = (
            f" nor GB18030 (bad byte at offset {gb_bad}, {gb} of {total} lines readable)" if gb_bad else ""
        )
        raise UndecodableInputError(
            f"{where}: it is neither UTF-8 (bad byte at offset {utf8_bad}, {utf8} of {total} lines readable)"
            f"{gb_part}; save it as UTF-8",
            path=str(path),
        )
    return best, False


def _mostly_nul_lines(path: Path) -> bool:
    """Whether a file holding a NUL byte is not text (UTF-16, binary data): at least half its non-blank
    lines hold one, as the encodings' rule has it. A NUL in one line of a UTF-8 export (a C string's
    end copied from a database field) refused the whole file, every other record of the table with it;
    such a line is now one rejection (:func:`_nul_problem`). A UTF-16 file's lines all hold NULs."""
    total = with_nul = 0
    with path.open("rb") as fh:
        if fh.read(2) in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            return True
        fh.seek(0)
        for _, _, line, _ in _binary_lines(fh):
            if line is None:
                continue
            if b"\x00" in line:
                with_nul += 1
                total += 1
            elif line.strip():
                total += 1
    return 2 * with_nul >= total


def _nul_problem(raw: bytes, start: int) -> str | None:
    """The rejection of a line holding a NUL byte (in a file that is text otherwise), or None."""
    at = raw.find(b"\x00")
    if at < 0:
        return None
    return (
        f"the line holds a NUL byte at byte offset {start + at} of the file (binary data, or the end of a "
        "C string copied from a database field?)"
    )


def _decode_problem(exc: UnicodeDecodeError, encoding: str, start: int) -> str:
    label = "GB18030" if encoding == "gb18030" else "UTF-8"
    byte = exc.object[exc.start : exc.start + 1].hex()
    return (
        f"the line is not valid {label} (the file's encoding): byte 0x{byte} at byte offset "
        f"{start + exc.start} of the file"
    )


def _too_long(size: int) -> str:
    return f"the line is {size} bytes long, over the limit of {MAX_RECORD_BYTES} bytes per record (MAX_RECORD_BYTES)"


_LONE_CR = re.compile(rb"\r(?!\n)")
_AFTER_LONE_CR = re.compile(rb"(?<=\r)(?!\n)")


#: the bytes of an over-long line kept to read its record's id from (the id stands at its start)
_HEAD_BYTES = 1 << 16


def _binary_lines(
    fh: Any,
    lineno: int = 0,
    offset: int = 0,
    *,
    cr_in_line: bool = False,
    heads: dict[int, bytes] | None = None,
) -> Iterator[tuple[int, int, bytes | None, int]]:
    """(line number, byte offset, the line's bytes or None when over the size limit, its size).

    Lines end at LF, CR LF or a CR alone, as Python's text mode reads them (a run of CR-only lines
    longer than the size limit without any LF is read as one line, and rejected as too long).
    ``lineno`` and ``offset`` say where ``fh`` stands when it is not at the start of the file (the
    number of lines before it, its byte offset).

    ``cr_in_line`` (for a CSV file whose first line ends in LF or CR LF, see :func:`_cr_ends_lines`):
    a CR alone followed by more text before the LF is a character of its line, not a line end, so an
    unquoted cell ``a⏎b`` (CR) stays in its row, which the csv module then refuses whole, instead of
    being cut into two rows of too few cells. CRs alone with only line ends after them (``x\r\r\n``)
    still end lines, as before.

    ``heads``: the first :data:`_HEAD_BYTES` bytes of each line over the size limit are kept there
    (line number -> bytes), so its rejection can name the record whose id starts the line.
    """
    while True:
        raw = fh.readline(MAX_RECORD_BYTES + 1)
        if not raw:
            return
        lineno += 1
        start = offset
        offset += len(raw)
        if len(raw) > MAX_RECORD_BYTES and not raw.endswith(b"\n"):
            size = len(raw)
            if heads is not None:
                heads[lineno] = raw[:_HEAD_BYTES]
            while True:  # skip the rest of the line without holding it
                more = fh.readline(_CHUNK)
                size += len(more)
                offset += len(more)
                if not more or more.endswith(b"\n"):
                    break
            yield lineno, start, None, size
            continue
        if b"\r" in raw and _LONE_CR.search(
            raw
        ):  # old Mac line ends (CR alone): lines as text mode reads them
            pieces = [piece for piece in _AFTER_LONE_CR.split(raw) if piece]
            if cr_in_line:
                pieces = _join_text_after_cr(pieces)
            for piece in pieces:
                yield lineno, start, piece, len(piece)
                lineno += 1
                start += len(piece)
            lineno -= 1
            continue
        yield lineno, start, raw, len(raw)


def _join_text_after_cr(pieces: list[bytes]) -> list[bytes]:
    """``pieces`` (a line cut after each CR alone) joined again wherever text follows the CR on the
    line: only the CRs with nothing but line ends after them end lines."""
    last = max((k for k, piece in enumerate(pieces) if piece.strip(b"\r\n")), default=-1)
    if last <= 0:
        return pieces
    return [b"".join(pieces[: last + 1]), *pieces[last + 1 :]]


#: bytes read at a time by :func:`_line_chunks` (a 16th of MAX_RECORD_BYTES, see there), and so the most
#: a chunk of records validated at once holds (``_Loader._accept_chunk``): its records are in memory
#: twice until compacted, and the memory freed after stays with the process (256 KiB: +0.06 KB of
#: RSS per application of a 20k hall, 64 KiB: +0.03)
_LINES_CHUNK = 1 << 16


def _line_chunks(fh: Any) -> Iterator[tuple[int, int, list[bytes] | None]]:
    """The lines of a binary file a chunk at a time: (number of the chunk's first line, its byte
    offset, the lines, each with its line end): what :func:`_binary_lines` yields, without a
    ``readline`` and a generator step per line (195,000 lines of a 20-hall province: 0.09 s
    instead of 0.12 s CPU, the caller's loop included).

    ``bytes.splitlines(keepends=True)`` ends lines at LF and CR LF as :func:`_binary_lines` does;
    the last line of a chunk, which may go on in the next one (no line end yet, or a CR that an LF
    may follow), is carried over. Two things a chunk cannot settle alone: a line over
    :data:`MAX_RECORD_BYTES`, and a CR alone (old Mac line ends), which :func:`_binary_lines` reads
    as a line end except within an over-long line. No line of a buffer within the limit can be over
    it, so while the buffer is within the limit (a line of more than 960 KiB is not being carried)
    and holds no CR alone, the lines are exact; at the first buffer that is not, the lines are
    ``None``: the caller reads the rest of the file with ``_binary_lines(fh, lineno, offset)``,
    ``fh`` placed at that offset (the start of a line, after an LF).
    """
    lineno = 1
    offset = 0
    carry = b""
    while True:
        chunk = fh.read(_LINES_CHUNK)
        buf = carry + chunk if carry else chunk
        cr = b"\r" in buf
        if (
            len(buf) > MAX_RECORD_BYTES
            or (cr and buf.count(b"\r") - buf.count(b"\r\n") > buf.endswith(b"\r"))
            or b"\x00" in buf
        ):  # over-long, a CR alone (a CR at the very end may be the first half of a CR LF), or a NUL
            # byte (pydantic-core read one inside a JSON text as a character: the line is rejected)
            fh.seek(offset)
            yield lineno, offset, None
            return
        if not chunk:
            if buf:
                yield lineno, offset, [buf]
            return
        lines = buf.splitlines(keepends=True) if cr else _lf_lines(buf)
        last = lines[-1]
        if last[-1] == 0x0A:  # ends with LF: complete
            carry = b""
        else:  # no line end yet, or a CR whose LF may be in the next chunk
            carry = lines.pop()
        if lines:
            yield lineno, offset, lines
            lineno += len(lines)
            offset += len(buf) - len(carry)


def _lf_lines(buf: bytes) -> list[bytes]:
    """``buf.splitlines(keepends=True)`` for bytes that hold no CR (LF is then the only line end):
    the lines found with ``memchr`` by ``io.BytesIO.readlines`` rather than by ``splitlines``' test
    of every byte for CR and LF (the jsonl files of a 20,000-application hall, 54 MB in 64 KiB chunks:
    6.5 ms instead of 19 ms; splitlines was 4.6 % of the load's instructions)."""
    return io.BytesIO(buf).readlines()


def _decode_bytes(raw: bytes, where: str) -> str:
    problems = []
    for encoding, label in (("utf-8-sig", "UTF-8"), ("gb18030", "GB18030")):
        try:
            return raw.decode(encoding).lstrip("\ufeff")
        except UnicodeDecodeError as exc:
            problems.append(f"{label} (bad byte at offset {exc.start})")
    raise UndecodableInputError(
        f"{where}: cannot read the file: it is neither {' nor '.join(problems)}; save it as UTF-8"
    )


def _cr_ends_lines(fh: Any) -> bool:
    """Whether the file's first line end is a CR alone (an old Mac file: every CR alone ends a line);
    else a CR alone followed by text is a character of its line (RFC 4180 ends CSV lines with CR LF;
    LF is read too). ``fh`` (binary) is read from the start and left there."""
    fh.seek(0)
    try:
        while True:
            chunk = fh.read(_CHUNK)
            if not chunk:
                return True  # no line end at all: one line, however it is read
            ends = (chunk.find(b"\n"), chunk.find(b"\r"))
            if ends[1] < 0 and ends[0] < 0:
                continue
            if ends[1] < 0 or 0 <= ends[0] < ends[1]:
                return False  # LF first
            after: bytes = chunk[ends[1] + 1 : ends[1] + 2] or fh.read(1)
            return after != b"\n"
    finally:
        fh.seek(0)


def _cr_in_line(fh: Any) -> bool:
    """For a JSON lines file: whether a CR alone followed by text is a character of its line (JSON
    whitespace): JSON Lines ends lines at LF (CR LF too), so in a file holding any LF a CR alone is
    no line end; a file without any LF (an old Mac file, every line ending in a CR alone) is read line
    by line as before. A record ``{"a": 1,⏎"b": 2}`` (CR) was cut into two broken halves and every
    later line misnumbered. ``fh`` (binary) is left where it stood."""
    at = fh.tell()
    try:
        fh.seek(0)
        while chunk := fh.read(_LINES_CHUNK):  # (a file with lines finds one in its first chunk)
            if b"\n" in chunk:
                return True
        return False
    finally:
        fh.seek(at)


def _ends_with_newline(path: Path) -> bool:
    with path.open("rb") as fh:
        fh.seek(0, os.SEEK_END)
        if fh.tell() == 0:
            return True
        fh.seek(-1, os.SEEK_END)
        return fh.read(1) in (b"\n", b"\r")


_DIGITS_AS_ZERO = bytes.maketrans(b"0123456789", b"0" * 10)
_TOO_MANY_DIGITS = b"0" * (MAX_NUMBER_DIGITS + 1)
#: every 10th byte of a line (``raw[::10]``) holds a run of this many digits wherever the line holds
#: a run of MAX_NUMBER_DIGITS + 1 digits (a run of n bytes spans at least n // 10 multiples of 10),
#: so a line whose sample does not is within the limit, found on a tenth of its bytes
_TOO_MANY_SAMPLED = b"0" * ((MAX_NUMBER_DIGITS + 1) // 10)


def _iter_jsonl(path: Path, table: str, encoding: str | None = None) -> Iterator[_Raw]:
    """The records of a jsonl file, decoded (``encoding`` when already known; blank lines skipped)."""
    encoding = encoding or _line_encoding(path)
    where = str(path)
    numbers = _has_numbers(TABLES[table])
    heads: dict[int, bytes] = {}
    with path.open("rb") as fh:
        for lineno, start, raw, size in _binary_lines(fh, cr_in_line=_cr_in_line(fh), heads=heads):
            head = heads.pop(lineno, None) if raw is None else None
            yield from _jsonl_records(table, where, encoding, numbers, lineno, start, raw, size, head)


def _jsonl_records(
    table: str,
    where: str,
    encoding: str,
    numbers: bool,
    lineno: int,
    start: int,
    raw: bytes | None,
    size: int,
    head: bytes | None = None,
) -> list[_Raw]:
    """The records of one jsonl line (:func:`_jsonl_record`): one, none for a blank line, or several
    where CRs alone fall between whole records (``{…}⏎{…}``: an export that lost the LF of a CR LF).
    Such a line was one rejection, "Extra data", naming the first record only; where every piece
    between the CRs alone is a JSON object, each is read as a record of that line."""
    record = _jsonl_record(table, where, encoding, numbers, lineno, start, raw, size, head)
    if record is None:
        return []
    text = record.text
    if raw is None or text is None or b"\r" not in raw or not _LONE_CR.search(raw.rstrip(b"\r\n")):
        return [record]
    pieces = [piece.strip() for piece in re.split(r"\r(?!\n)", text) if piece.strip()]
    if len(pieces) < 2 or not all(piece.startswith("{") and piece.endswith("}") for piece in pieces):
        return [record]
    try:
        json.loads(text)
        return [record]  # one record whose white space holds a CR (tests/test_hostile_input_sweep6.py)
    except (ValueError, RecursionError):
        pass
    for piece in pieces:
        try:
            if type(json.loads(piece)) is not dict:
                return [record]
        except (ValueError, RecursionError):
            return [record]
    last = len(pieces) - 1
    return [
        _Raw(table, lineno, where, text=piece, truncated=record.truncated and k == last)
        for k, piece in enumerate(pieces)
    ]


def _jsonl_record(
    table: str,
    where: str,
    encoding: str,
    numbers: bool,
    lineno: int,
    start: int,
    raw: bytes | None,
    size: int,
    head: bytes | None = None,
) -> _Raw | None:
    """The record of one jsonl line, decoded, or its rejection; None for a blank line. ``head``: the
    first bytes of a line over the size limit (``raw`` None), its record's id read from them."""
    if raw is None:
        codec = "gb18030" if encoding == "gb18030" else "utf-8"
        return _Raw(
            table,
            lineno,
            where,
            data=_named_in_text(head.decode(codec, "replace"), table) if head else {},
            error=_too_long(size),
        )
    if not raw.strip():
        return None
    if b"\x00" in raw and (nul := _nul_problem(raw, start)) is not None:
        return _Raw(
            table, lineno, where, data=_named_in_text(raw.decode("utf-8", "replace"), table), error=nul
        )
    codec = "gb18030" if encoding == "gb18030" else "utf-8"
    try:
        text = raw.decode(codec).strip().lstrip("\ufeff")
    except UnicodeDecodeError as exc:  # named by its id, as the same row of a CSV file is (the line said
        # only its number: a GBK line pasted into a UTF-8 export)
        named = _named_in_text(raw.decode(codec, "replace"), table)
        return _Raw(table, lineno, where, data=named, error=_decode_problem(exc, encoding, start))
    if not text:
        return None
    problem = _text_limits(text, numbers)
    if problem is not None:
        return _Raw(table, lineno, where, data=_named_in_text(text, table), error=problem)
    return _Raw(table, lineno, where, text=text, truncated=not raw.endswith((b"\n", b"\r")))


#: what stands for a CR alone inside a CSV line while the csv module reads it (it refuses a CR in an
#: unquoted cell), put back in the row's cells (:func:`_csv_rows`): a noncharacter, never in text
#: (a line holding it keeps its CRs, and the csv module's refusal is explained)
_CR_MARK = "\uffff"
#: what stands for a NUL inside a CSV line while the csv module reads it (before 3.11 it refuses a NUL):
#: a lone surrogate, which no text decoded from UTF-8 or GB18030 holds, put back in the id a rejection
#: names (:func:`_partial_id`). It was U+FFFD, so the row's id lost its NUL where JSON keeps it.
_NUL_MARK = "\udc00"


def _csv_text_lines(
    fh: Any,
    encoding: str,
    bad: dict[int, str],
    kept: list[str],
    *,
    cr_in_line: bool = False,
    marked: list[bool] | None = None,
    heads: dict[int, str] | None = None,
) -> Iterator[str]:
    """The file's lines decoded for the csv module; a line that does not decode (or is over the size
    limit) is fed as a placeholder and its reason kept in ``bad`` (line number -> reason), so the row
    holding it is rejected and the rows after it are read as usual. Each line is also appended to
    ``kept``, which :func:`_csv_rows` empties at each row's start, so it holds the lines of the row
    being read (the csv module never reads ahead of a row).

    ``cr_in_line`` (see :func:`_binary_lines`): a CR alone inside a line is a character of its cell,
    quoted or not (Python's own csv.writer before 3.13 and pandas' ``to_csv`` leave a cell holding a
    CR unquoted in a file with LF line ends); the csv module, which refuses it unquoted, reads it as
    :data:`_CR_MARK`, and ``marked[0]`` is set once a line held one. ``heads`` (line number -> text):
    the start of each line over the size limit, decoded, to read its row's id from."""
    codec = "gb18030" if encoding == "gb18030" else "utf-8"
    held: dict[int, bytes] = {}
    for lineno, start, raw, size in _binary_lines(fh, cr_in_line=cr_in_line, heads=held):
        if raw is None:
            bad[lineno] = _too_long(size)
            head = held.pop(lineno, b"")
            if heads is not None and head:
                heads[lineno] = (
                    head.decode(codec, errors="replace").replace("\x00", _NUL_MARK).lstrip("\ufeff")
                )
            text = "\ufffd\n"
        else:
            try:
                text = raw.decode(codec)
            except UnicodeDecodeError as exc:
                bad[lineno] = _decode_problem(exc, encoding, start)
                text = raw.decode(codec, errors="replace")
            if b"\x00" in raw and (nul := _nul_problem(raw, start)) is not None:
                bad.setdefault(lineno, nul)
                text = text.replace("\x00", _NUL_MARK)
            if text.startswith("\ufeff"):  # line 1, or a file appended after it with its own BOM
                text = text.lstrip("\ufeff")
            if cr_in_line and "\r" in text:
                body = text.rstrip("\r\n")
                if "\r" in body and _CR_MARK not in text and marked is not None:
                    text = body.replace("\r", _CR_MARK) + text[len(body) :]
                    marked[0] = True
        kept.append(text)
        yield text


def _csv_feed(again: collections.deque[str], source: Iterator[str], kept: list[str]) -> Iterator[str]:
    """The lines for a csv reader started after a broken row: ``again`` (the lines to read again, each
    appended to ``kept`` as :func:`_csv_text_lines` appends its own), then ``source``. ``source`` is
    iterated, not delegated to, so dropping a feed for the next one does not close it."""
    while again:
        text = again.popleft()
        kept.append(text)
        yield text
    for text in source:  # noqa: UP028
        yield text


class _RowExtent(typing.NamedTuple):
    """What :func:`_csv_row_extent` found; lines are counted from the row's first line, 0."""

    end: int  #: the row's last line (for a quote never closed: the file's last line)
    opened: int  #: the line of a quote that opens a cell spanning lines and is never closed or is
    #: closed by a quote followed by text: the row is broken there (-1: it is not)
    never_closed: bool  #: that quote is never closed (else it is closed by a quote followed by text)
    column: int  #: that cell's column, else the first cell's over the csv module's limit (-1: none)
    before: str  #: the row's text before that cell (the record's id may be read from it)
    stopped: bool = False  #: the search for the quote's end stopped at MAX_RECORD_BYTES characters
    #: the line of a quoted cell closed by a quote followed by text on the same line (``"ab"c``, which
    #: the csv module would read as ``abc``), -1: none; ``column`` and ``before`` are then that cell's
    stray_line: int = -1
    stray_at: int = 0  #: where on that line the text after the quote starts (0-based)
    #: the line of the first CR alone inside an unquoted cell (in a file whose lines end in LF or
    #: CR LF, see :func:`_binary_lines`), -1: none; where on the line, its cell's column and the
    #: row's text before that cell
    cr_line: int = -1
    cr_at: int = 0
    cr_column: int = -1
    cr_before: str = ""


def _csv_row_extent(lines: list[str], more: Iterator[str], limit: int) -> _RowExtent:
    """Read the CSV row that starts at ``lines[0]`` as the csv module reads it (the excel dialect, not
    strict) but without its cell limit, pulling lines from ``more`` (which appends each onto
    ``lines``: :func:`_csv_feed`) while a quoted cell goes on: where the row ends, its first cell over
    ``limit`` characters, and whether a quoted cell that spans lines is never closed or is closed by a
    quote followed by text (``"abc⏎…⏎x"y``). The csv
    module reads the lines up to such a quote (or to the end of the file) as one cell, and rows
    written on them would vanish into it. Only rows over several lines and rows the csv module refused
    come here (a quote starts a quoted cell only at a cell's start; elsewhere it is a character)."""
    i = pos = col = 0
    long = (-1, 0, 0)  # (column, line, position) of the first cell over the limit, or of stray text
    stray = (-1, 0)  # (line, position) of the first text after a closing quote on the quote's line
    cr: tuple[int, int, int, str] = (-1, 0, -1, "")  # a CR alone in an unquoted cell (_RowExtent.cr_*)

    def before(column: int, line: int, start: int) -> tuple[int, str]:
        return column, "".join(lines[:line]) + lines[line][:start]

    def ended(line: int) -> _RowExtent:
        column, text = before(*long) if long[0] >= 0 else (-1, "")
        return _RowExtent(line, -1, False, column, text, False, stray[0], stray[1], *cr)

    while True:  # at the start of a cell: lines[i][pos]
        text = lines[i]
        body = len(text.rstrip("\r\n"))
        first, begin = i, pos
        if pos < body and text[pos] == '"':
            j, k, size = i, pos + 1, 0
            while True:  # to the closing quote ("" is a quote inside the cell)
                q = lines[j].find('"', k)
                if q < 0:
                    size += len(lines[j]) - k
                    j, k = j + 1, 0
                    if j == len(lines) and (
                        size > MAX_RECORD_BYTES or next(more, None) is None or j == len(lines)
                    ):  # never closed: the rest of the file is in it (or more than a record may hold:
                        # the search stops there, so a stray quote never holds a large file in memory)
                        return _RowExtent(j - 1, i, True, *before(col, i, pos), size > MAX_RECORD_BYTES)
                    continue
                if lines[j].startswith('"', q + 1):
                    size, k = size + q + 2 - k, q + 2
                    continue
                size += q - k
                break
            if size > limit and long[0] < 0:
                long = (col, i, pos)
            text, pos = lines[j], q + 1
            body = len(text.rstrip("\r\n"))
            if pos >= body:
                return ended(j)
            if text[pos] == ",":
                i, pos, col = j, pos + 1, col + 1
                continue
            if j > i:  # closed on a later line by a quote followed by text
                return _RowExtent(j, i, False, *before(col, i, begin))
            # text after the quote on its own line (the csv module, strict, refuses it): the cell goes
            # on unquoted, as the csv module not strict reads it, to find where the row ends
            if long[0] < 0:  # (a long cell before it is what the csv module refused)
                long, stray = (col, i, begin), (i, pos)
        comma = text.find(",", pos, body)
        if cr[0] < 0 and (at := text.find("\r", pos, comma if comma >= 0 else body)) >= 0:
            cr = (i, at, *before(col, i, begin))
        if (comma if comma >= 0 else body) - begin > limit and long[0] < 0 and first == i:
            long = (col, i, begin)
        if comma < 0:
            return ended(i)
        pos, col = comma + 1, col + 1


def _csv_broken_row(
    table: str, where: str, header: list[str] | None, start: int, extent: _RowExtent, exc: csv.Error | None
) -> _Raw:
    """The rejection of the row starting on line ``start`` that the csv module refused (``exc``) or read
    as one cell over lines up to a quote never closed or closed by a quote followed by text."""
    column = extent.column
    name = header[column] if header and 0 <= column < len(header) and header[column] else None
    cell = f"the cell of column {echoed_id(name)!r}" if name else f"cell {column + 1}"
    end = start + extent.end
    if extent.opened >= 0:
        opened = start + extent.opened
        if extent.stopped:
            error = (
                f"{cell} opens a quote on line {opened} that is not closed within {MAX_RECORD_BYTES} "
                f"characters (line {end}), the most a record may hold (MAX_RECORD_BYTES)"
            )
        elif extent.never_closed:
            error = (
                f"{cell} opens a quote on line {opened} that is never closed (the file ends on line {end})"
            )
        else:
            error = (
                f"{cell} opens a quote on line {opened} that is closed only on line {end}, by a quote "
                "followed by text"
            )
        if end > opened and header:  # (a broken header row refuses the file: nothing is read again)
            error += (
                f": lines {opened + 1}–{end} cannot be told apart from the cell's text, so this row is "
                "rejected and they are read again as rows"
            )
        error += " (a missing or stray quote?)"
    elif extent.stray_line >= 0:
        error = (
            f"{cell} has text after its closing quote on line {start + extent.stray_line} (character "
            f"{extent.stray_at + 1}): a quoted cell ends at its closing quote (quote the whole cell and "
            'double each quote inside it: "a""b" for a"b)'
        )
    elif extent.cr_line >= 0 and (exc is None or column < 0 or column == extent.cr_column):
        column = extent.cr_column
        name = header[column] if header and 0 <= column < len(header) and header[column] else None
        cell = f"the cell of column {echoed_id(name)!r}" if name else f"cell {column + 1}"
        error = (
            f"{cell} holds a carriage return (CR) alone at character {extent.cr_at + 1} of line "
            f"{start + extent.cr_line}: a cell holding a line break must be quoted (RFC 4180), and this "
            "file's lines end in LF or CR LF (as its first line does), so the CR is no line end and the "
            "row is rejected whole"
        )
    elif exc is not None and column >= 0:
        error = (
            f"{cell} is longer than {csv.field_size_limit()} characters, the CSV cell limit (the csv "
            "module's field_size_limit)"
        )
    else:
        error = f"not a valid CSV row: {exc}"
    if extent.opened < 0 and end > start:
        error += f"; the row spans lines {start}–{end}"
    data: dict[str, Any] = {}
    before = extent.cr_before if column == extent.cr_column >= 0 else extent.before
    if header and before and len(before) <= 4 * csv.field_size_limit():
        try:
            cells = next(csv.reader(before.splitlines(keepends=True)), [])
        except csv.Error:
            cells = []
        data = _partial_id(table, header, cells[:-1])  # the last one is the broken cell's start
    return _Raw(table, start, where, data=data, field=name, error=error)


def _csv_rows(
    lines: Iterator[str],
    kept: list[str],
    table: str,
    where: str,
    bad: dict[int, str],
    header: list[list[str]],
    marked: list[bool] | None = None,
    heads: dict[int, str] | None = None,
) -> Iterator[tuple[int, list[str] | None, _Raw | None]]:
    """(first file line, cells) of each non-blank row, or a ready rejection for an unreadable row.

    ``header`` (the header row once read, in a one-element list) names the field and the id of a
    broken row; ``kept`` is the list ``lines`` appends each line to (:func:`_csv_text_lines`). A row the
    csv module refuses (a cell over its limit), and a row over several lines whose quoted cell is never
    closed or closed by a quote followed by text, is read again by :func:`_csv_row_extent`: the first is
    rejected naming the long cell's column and the row's lines, and the rows after it are read from the
    line after its end; the second is rejected naming the quote's line and the lines after that quote are
    read again as rows, so no row written there is lost in the cell (any that are the cell's text come out
    as rejected rows)."""
    again: collections.deque[str] = collections.deque()
    base = last_line = 0  # the line before the reader's first line; the last line read
    # strict: text after a closing quote ("ab"c) is refused, not read as abc (see _csv_row_extent)
    reader = csv.reader(lines, strict=True)
    limit = csv.field_size_limit()
    while True:
        start = last_line + 1
        kept.clear()
        error: csv.Error | None = None
        try:
            row: list[str] | None = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # refused
            error, row = exc, None
        else:
            last_line = base + reader.line_num
        if (
            error is not None
            or last_line > start  # over several lines
            or (row and row[-1].endswith(("\n", "\r")))  # on one line, a quote open at the end of the file
        ):
            # a refused row may go on past the line the csv module stopped on; a row it read has ended
            extent = _csv_row_extent(kept, _csv_feed(again, lines, kept) if error else iter(()), limit)
            broken = extent.opened >= 0
            if error is not None or broken:
                yield (
                    start,
                    None,
                    _csv_broken_row(table, where, header[0] if header else None, start, extent, error),
                )
                resume = extent.opened if broken else extent.end
                again.extendleft(reversed(kept[resume + 1 :]))
                base = last_line = start + resume
                reader = csv.reader(_csv_feed(again, lines, kept), strict=True)
                continue
        if bad:
            problem = next((bad[n] for n in range(start, last_line + 1) if n in bad), None)
            if problem is not None:
                # named by its id, as a JSON line is: read from the row (a NUL kept), or from the start
                # of a line over the size limit
                data: dict[str, Any] = {}
                if header:
                    head = heads.pop(start, None) if heads else None
                    if head is not None:
                        data = _partial_id(table, header[0], _head_cells(head))
                    elif row:
                        data = _partial_id(table, header[0], row)
                yield start, None, _Raw(table, start, where, data=data, error=problem)
                continue
        if not row or all(not cell.strip() for cell in row):
            continue
        if marked and marked[0]:  # CRs alone inside a line: the cells' own characters again
            if header and len(row) != len(header[0]) and last_line == start and len(kept) == 1:
                split = _rows_split_at_lone_crs(kept[0], len(header[0]))
                if split is not None:  # a line break lost in an export: each row read on its own
                    for cells in split:
                        yield start, cells, None
                    continue
            row = [cell.replace(_CR_MARK, "\r") for cell in row]
        yield start, row, None


def _head_cells(head: str) -> list[str]:
    """The whole cells at the start of an over-long CSV line (the last, cut one left out)."""
    try:
        cells = next(csv.reader([head.split("\n", 1)[0].rstrip("\r")]), [])
    except (csv.Error, StopIteration):
        return []
    return cells[:-1]


def _rows_split_at_lone_crs(text: str, cells: int) -> list[list[str]] | None:
    """The rows of the line ``text`` when it is cut at each CR alone (:data:`_CR_MARK`), if every piece
    is a row of exactly ``cells`` cells (the header's count) and there are two or more; else None.

    A CR alone inside an unquoted cell is that cell's character (:func:`_csv_text_lines`), but a line
    whose CRs alone fall between whole rows (``W-1,…,750⏎W-2,…,750``: an export that lost the LF of a
    CR LF, or wrote CR for the line end of some rows) was read as one row of twice the cells, rejected
    naming only the first, the second (a record of the file) unnamed inside it."""
    pieces = [piece for piece in text.rstrip("\r\n").split(_CR_MARK) if piece.strip()]
    if len(pieces) < 2:
        return None
    rows = []
    for piece in pieces:
        try:
            row = next(csv.reader([piece], strict=True))
        except (csv.Error, StopIteration):
            return None
        if len(row) != cells:
            return None
        rows.append(row)
    return rows


def _iter_csv(path: Path, table: str) -> Iterator[_Raw]:
    encoding = _line_encoding(path)
    where = str(path)
    model = TABLES[table]
    complete = _ends_with_newline(path)
    bad: dict[int, str] = {}
    names: list[list[str]] = []  # the header, once read (for _csv_rows)
    with path.open("rb") as fh:
        kept: list[str] = []
        marked = [False]
        heads: dict[int, str] = {}
        lines = _csv_text_lines(
            fh, encoding, bad, kept, cr_in_line=not _cr_ends_lines(fh), marked=marked, heads=heads
        )
        rows = _csv_rows(lines, kept, table, where, bad, names, marked, heads)
        header: list[str] | None = None
        kinds: list[str | None] = []
        duplicated: set[str] = set()
        pending: tuple[int, list[str] | None, _Raw | None] | None = None
        for item in rows:
            if header is None and item[1] is None and item[2] is not None:
                raise UndecodableInputError(
                    f"{path}: the header row (line {item[0]}) cannot be read: {item[2].error}; "
                    "no row can be read without it",
                    path=where,
                )
            if header is None and item[1] is not None:
                header = [cell.strip().lstrip("\ufeff") for cell in item[1]]
                seen: set[str] = set()
                for name in header:
                    if name and name in seen:
                        duplicated.add(name)
                    seen.add(name)
                kinds = [_field_kind(model, name.split(".")) if name else None for name in header]
                names.append(header)
                named = [name for name in header if name]
                if named and not any(n.split(".")[0] in model.model_fields for n in named):
                    # no column is a field: the header is missing and this row is a record
                    shown = ", ".join(repr(echoed_id(n)) for n in named[:3]) + (
                        " …" if len(named) > 3 else ""
                    )
                    # a file saved with ';' or tabs between its cells (a European Excel, a TSV named
                    # .csv) has its header in one cell: said, not "is the header missing?"
                    sep = next((c for c in (";", "\t", "|") if any(
                        p.strip().split(".")[0] in model.model_fields for n in named if c in n for p in n.split(c)
                    )), None)  # fmt: skip
                    why = (
                        f"its cells are separated by {sep!r}, not by commas (save it as comma-separated CSV)"
                        if sep else "is the header missing?"
                    )  # fmt: skip
                    yield _Raw(table, item[0], where, data=_partial_id(table, header, item[1]), error=(
                        f"the header row names no field of the {table} table ({shown}): {why} "
                        f"(see `govhall schema {model.__name__}`)"))  # fmt: skip
                continue
            if pending is not None:  # one row of look-ahead tells the last row apart
                yield _csv_item(table, where, header, kinds, duplicated, pending, truncated=False)
            pending = item
        if pending is not None:
            yield _csv_item(table, where, header, kinds, duplicated, pending, truncated=not complete)


def _csv_item(
    table: str,
    where: str,
    header: list[str] | None,
    kinds: list[str | None],
    duplicated: set[str],
    item: tuple[int, list[str] | None, _Raw | None],
    *,
    truncated: bool,
) -> _Raw:
    line, row, ready = item
    if ready is not None or row is None or header is None:
        return ready or _Raw(table, line, where, error="not a valid CSV row")
    return _csv_record(table, line, where, header, kinds, duplicated, row, truncated=truncated)


def _csv_record(
    table: str,
    line: int,
    where: str,
    header: list[str],
    kinds: list[str | None],
    duplicated: set[str],
    row: list[str],
    *,
    truncated: bool,
) -> _Raw:
    if len(row) != len(header):
        reason = f"the row has {len(row)} cells but the header has {len(header)}"
        if truncated and len(row) < len(header):
            reason = f"the file ends in the middle of this row (truncated file?): {reason}"
        after = [c.rsplit("\r", 1)[1].strip() for c in row if "\r" in c and c.rsplit("\r", 1)[1].strip()]
        if after and len(row) > len(
            header
        ):  # a line end lost in an export joined rows: name where each joined one starts
            starts = ", ".join(repr(echoed_id(a)) for a in after[:3]) + (" …" if len(after) > 3 else "")
            reason += (
                f"; it holds a carriage return (CR) alone followed by {starts}: a line end lost in an export "
                "may have joined rows there (they are rejected with this one)"
            )
        return _Raw(table, line, where, error=reason, data=_partial_id(table, header, row))
    if duplicated:
        name = sorted(duplicated)[0]
        return _Raw(
            table,
            line,
            where,
            error=f"column {echoed_id(name)!r} appears more than once in the header",
            field=name,
            data=_partial_id(table, header, row),
        )
    record: dict[str, Any] = {}
    for name, kind, cell in zip(header, kinds, row, strict=True):
        if not name:
            if cell.strip():
                return _Raw(
                    table,
                    line,
                    where,
                    error="a cell under an empty header",
                    data=_partial_id(table, header, row),
                )
            continue
        value: Any = strip_space(cell)  # as the models strip (a list or object once a json cell is parsed)
        if value == "":
            continue
        if kind == "json":
            problem = _text_limits(value)
            if problem is not None:
                return _Raw(table, line, where, field=name, data=_partial_id(table, header, row),
                            error=f"{name}: {problem}")  # fmt: skip
            try:
                value, cell_twice = loads_marking(value)
            except json.JSONDecodeError as exc:
                return _Raw(
                    table,
                    line,
                    where,
                    field=name,
                    data=_partial_id(table, header, row),
                    error=f'{name}: the cell must hold JSON (a list such as ["a", "b"] or an object): '
                    f"{_json_msg(exc)} at character {exc.pos + 1}",
                )
            if cell_twice:
                found = first_twice(value)
                assert found is not None
                path, key, _ = found
                return _Raw(table, line, where, field=twice_field((*name.split("."), *path), key),
                            data=_partial_id(table, header, row),
                            error=f"{name}: {twice_reason(path, key)}")  # fmt: skip
        elif kind == "bool":
            value = {"是": "true", "否": "false"}.get(value, value)
        parts = name.split(".")
        target = record
        again: list[str] | None = None  # the field this cell gives that an earlier cell gave too
        for i, part in enumerate(parts[:-1]):
            nxt = target.get(part)
            if nxt is None:
                nxt = target[part] = {}
            elif not isinstance(nxt, dict):  # applicant given whole (not an object), and applicant.name
                again = parts[: i + 1]
                break
            target = nxt
        if again is None and parts[-1] in target:  # applicant.name in a column and in applicant's JSON
            existing = target[parts[-1]]
            if isinstance(existing, dict) and isinstance(value, dict):
                both = sorted(existing.keys() & value.keys())
                if both:
                    again = [*parts, both[0]]
                else:
                    target[parts[-1]] = {**value, **existing}
            else:
                again = parts
        elif again is None:
            target[parts[-1]] = value
        if again is not None:
            dotted = ".".join(again)
            reason = (
                f"{dotted} is given twice (in a column of its own and in the JSON of the column {parts[0]}): "
                "which value is meant cannot be known; give it once"
            )
            return _Raw(table, line, where, field=dotted, data=_partial_id(table, header, row), error=reason)
    return _Raw(table, line, where, data=record)


def _partial_id(table: str, header: list[str], row: list[str]) -> dict[str, Any]:
    """The cells that name a row that cannot be read: its id, and an event's owner (``application_id``,
    ``complaint_id``: a row of the events table without an id of its own named nothing but its line)."""
    named: dict[str, Any] = {}
    for key in (_ID_FIELD.get(table, "id"), *(k for k, _ in _OWNERS if table == "events")):
        if key in header:
            i = header.index(key)
            if i < len(row) and strip_space(row[i]):
                named[key] = strip_space(row[i]).replace(
                    _NUL_MARK, "\x00"
                )  # a NUL of the file, as JSON keeps it
    return named


def _iter_json_file(path: Path, table: str) -> Iterator[_Raw]:
    text = _decode_bytes(path.read_bytes(), str(path))
    yield from _iter_json_text(text, table, str(path))


def _iter_json_text(text: str, table: str, where: str) -> Iterator[_Raw]:
    """Elements of a JSON array (or one object for ``hall``); a broken array yields what it can."""
    try:
        value, twice = loads_marking(text)
    except (ValueError, RecursionError):  # not JSON, or an element past a limit: element by element
        yield from _salvage_array(text, table, where)
        return
    if value is None:  # a file of null: as a table left out of a document it read as empty, unsaid
        shape = "the hall is one JSON object" if table == "hall" else "a table with no records is []"
        yield _Raw(table, None, where, error=f"the file holds null, not a table (a failed export?): {shape}")
        return
    yield from _iter_value(value, table, where, twice)


#: a JSON (or YAML) list given as a dataset: one table's records, but which table its name does not say
_LIST_NOT_DOCUMENT = (
    "{path}: a dataset document must be a JSON object whose keys are table names; this is a list (one "
    "table's records): name the file after its table (items.json, applications.json …), or check a "
    "catalogue with govhall check"
)

_BLANKED = re.compile(r"[^\n]")


@dataclass(frozen=True)
class _TableText:
    """A table of a dataset document kept as its JSON text (read element by element)."""

    text: str


def _document_by_table(text: str, where: str, *, closed: bool = False) -> dict[str, Any]:
    """A JSON document Python cannot parse whole (a record too deep, a number too long, a syntax
    break inside a table): its keys, with each table's value kept as text so its elements are read
    (and rejected) one by one. ``closed``: the document must end in its own ``}`` after the last
    table (a break that unbalanced the brackets ran a table to the end of the file, taking the
    tables after it): DatasetError otherwise."""
    decoder = json.JSONDecoder()
    n = len(text)

    def skip(p: int) -> int:
        while p < n and text[p] in " \t\r\n":
            p += 1
        return p

    pos = skip(0)
    if pos >= n or text[pos] != "{":
        raise DatasetError(f"{where}: a dataset document must be a JSON object whose keys are table names")
    pos = skip(pos + 1)
    doc: dict[str, Any] = {}
    while pos < n and text[pos] != "}":
        try:
            key, pos = decoder.raw_decode(text, pos)
        except ValueError:
            raise DatasetError(f"{where}: not valid JSON near character {pos + 1}") from None
        pos = skip(pos)
        if pos >= n or text[pos] != ":" or not isinstance(key, str):
            raise DatasetError(f"{where}: not valid JSON near character {pos + 1}")
        start = skip(pos + 1)
        end = _value_end(text, start)
        if key in doc:
            raise _document_key_twice(where, key)
        if key in TABLES:
            # the text before the table kept as blanks (its line ends kept), so the lines and columns
            # its elements' rejections name are the file's, not the table's
            doc[key] = _TableText(_BLANKED.sub(" ", text[:start]) + text[start:end])
        else:
            try:
                doc[key] = _dupkeys.loads_unique(text[start:end], f"{where}: {key}")
            except DuplicateKeyError:
                raise
            except (ValueError, RecursionError):
                raise DatasetError(f"{where}: the value of {key!r} cannot be read") from None
        pos = skip(end)
        if pos < n and text[pos] == ",":
            pos = skip(pos + 1)
    if closed and (pos >= n or skip(pos + 1) < n):
        raise DatasetError(f"{where}: the document does not end after its last table")
    return doc


def _document_key_twice(where: str, key: Any) -> DuplicateKeyError:
    """The error for a dataset document that names a table (or ``as_of``, ``name``) twice: which of
    the two is meant cannot be known, and reading one would drop the other's records unreported."""
    return DuplicateKeyError(
        f"{where}: the key {str(key)!r} appears twice in the document: which value is meant cannot be "
        "known, and reading one would drop the other; give each table once",
        key=str(key),
        path=[],
    )


def _iter_value(value: Any, table: str, where: str | None, twice: bool = False) -> Iterator[_Raw]:
    """The records of a table's parsed value; ``twice``: some object in it named a key twice (the
    records holding one are marked, see :meth:`_Loader._one`)."""
    if table == "hall" and isinstance(value, Mapping):
        yield _Raw(table, 1, where, data=value, twice=twice and first_twice(value) is not None)
    elif isinstance(value, (list, tuple)):  # a tuple in an in-memory document was "not an array"
        for i, element in enumerate(value, start=1):
            yield _Raw(table, i, where, data=element, twice=twice and first_twice(element) is not None)
    elif value is None:
        return
    else:
        shape = "a JSON object (or an array of one)" if table == "hall" else "a JSON array of records"
        yield _Raw(table, None, where, error=f"the {table} table must be {shape}, not {json_type(value)}")


def _salvage_array(text: str, table: str, where: str) -> Iterator[_Raw]:
    decoder, twice = _dupkeys.marking_decoder()
    n = len(text)

    def skip(p: int) -> int:
        while p < n and text[p] in " \t\r\n":
            p += 1
        return p

    counted = [0, 1]  # a position and its line: positions asked only grow, so each part is counted once

    def line_of(p: int) -> int:
        if p < counted[0]:
            return text.count("\n", 0, p) + 1
        counted[1] += text.count("\n", counted[0], p)
        counted[0] = p
        return counted[1]

    pos = skip(0)
    if pos >= n:  # "Expecting value (line 1, column 1)" said nothing of an empty export
        shape = "the hall is one JSON object" if table == "hall" else "a table with no records is []"
        yield _Raw(table, None, where, error=f"the file is empty (a failed export?): {shape}")
        return
    if text[pos] != "[":
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            yield _Raw(
                table,
                None,
                where,
                error=f"the file is not valid JSON: {_json_msg(exc)} (line {exc.lineno}, column {exc.colno})",
            )
        return
    pos = skip(pos + 1)
    element = 0
    confirmed: set[int] = set()  # starts of elements known to be the array's (see _resync)
    resynced = 0  # breaks read past (at most _MAX_RESYNCS)
    if pos < n and text[pos] == "]":
        return
    while True:
        element += 1
        twice.clear()
        try:
            value, end = decoder.raw_decode(text, pos)
        except (RecursionError, ValueError) as exc:
            if isinstance(exc, json.JSONDecodeError):
                exc_j: json.JSONDecodeError = exc
            else:  # too deep for Python, or a number past its digit limit: skip this element only
                end = _value_end(text, pos)
                yield _Raw(table, element, where, error=_text_limits(text[pos:end]) or _limit_reason(exc))
                pos = skip(end)
                if pos < n and text[pos] == ",":
                    pos = skip(pos + 1)
                    continue
                if pos < n and text[pos] == "]":
                    return
                yield _Raw(table, element + 1, where, error="the rest of the file could not be read")
                return
            exc = exc_j
            if skip(exc.pos) >= n:
                reason = (
                    f"the file ends in the middle of element {element} (truncated file?); "
                    f"{element - 1} element(s) before it were read"
                )
            else:
                reason = (
                    f"element {element} is not valid JSON: {_json_msg(exc)} "
                    f"(file line {exc.lineno}, column {exc.colno}); the rest of the file could not be read"
                )
            # named by its id when the id comes before the line the break is on ends (it named nothing);
            # or anywhere in the element when the break leaves its quotes in step (a comma or colon
            # missing or doubled: every text is still a text), read up to where the element ends
            stop = text.find("\n", exc.pos)
            again = None if skip(exc.pos) >= n or resynced >= _MAX_RESYNCS else _resync(text, pos, confirmed)
            if again is None and resynced >= _MAX_RESYNCS:  # each break costs a count of the file's lines
                reason += f" ({_MAX_RESYNCS} broken elements before it were skipped: reading stops here)"
            if again is not None:
                resynced += 1  # the next element's start, in the file's own layout: read on from it
                first, last = line_of(pos), line_of(again) - 1
                if last < first:  # on one line (an array written on one line): by its characters
                    column = again - text.rfind("\n", 0, again)
                    resumed = (
                        f"characters {pos - text.rfind(chr(10), 0, pos)}–{column - 1} of file line {first} were "
                        f"skipped as this one element (it may have held more than one) and reading resumed at "
                        f"character {column}"
                    )
                else:
                    span = f"file line {first} was" if first == last else f"file lines {first}–{last} were"
                    resumed = (
                        f"{span} skipped as this one element (it may have held more than one) and reading "
                        f"resumed at file line {last + 1}"
                    )
                reason = reason.replace("the rest of the file could not be read", resumed)
                stop = min(stop, again) if stop >= 0 else again
            in_step = exc.msg.startswith(("Expecting", "Illegal trailing comma"))
            upto = (again if again is not None else n) if in_step or stop < 0 else stop
            data = _named_in_text(text[pos:upto], table, first_value_only=True) or None
            yield _Raw(table, element, where, data=data, error=reason)
            if again is None:
                return
            pos = again
            continue
        yield _Raw(table, element, where, data=value, twice=bool(twice) and first_twice(value) is not None)
        pos = skip(end)
        if pos < n and text[pos] == ",":
            pos = skip(pos + 1)
            continue
        if pos < n and text[pos] == "]":
            if skip(pos + 1) < n:
                yield _Raw(
                    table,
                    element + 1,
                    where,
                    error=f"unexpected text after the closing ']' (file line {line_of(pos + 1)})",
                )
            return
        if pos < n and text[pos] in "{[":  # a comma missing between two whole elements: both are read
            yield _Raw(
                table,
                None,
                where,
                error=f"a ',' is missing between element {element} and element {element + 1} (file line "
                f"{line_of(pos)}): both were read, but a record may have been lost there (check the export)",
            )
            continue
        reason = (
            f"the file ends after element {element} without the closing ']' (truncated file?)"
            if pos >= n
            else f"expected ',' or ']' after element {element} (file line {line_of(pos)}); "
            "the rest of the file could not be read"
        )
        yield _Raw(table, element + 1, where, error=reason)
        return


_LINE_START_OPEN = re.compile(r"\n([ \t]*)\{")
#: a JSON array is read past at most this many syntax breaks: the json module counts the lines up to
#: each break, so a file broken in every element would cost the square of its size
_MAX_RESYNCS = 100


def _resync(text: str, start: int, confirmed: set[int]) -> int | None:
    """Where a JSON array's next element starts after a syntax break in the element that starts at
    ``start``; None where that cannot be told, and the rest of the file is one rejection.

    An export writes an array of records in one layout: each record opens its line, at one indentation
    (nested objects deeper, or, written without indentation, at the same). So the next record is the
    first ``{`` after the broken element's first line (not after the break: a missing ``}`` breaks at
    the next record's ``{``) that opens a line at the broken element's indentation (where that element
    did not open its line, as in ``[{``, at any indentation), follows a ``,``, and starts a run of objects, one after another, that ends the array at the end of the file
    (or at another break, or where the file is cut). An object nested in a record fails that: its run
    ends in a ``]`` with more of its record after it. ``confirmed`` holds the starts of elements such a
    run went through, so each part of the file is walked about once whatever the number of breaks. A
    one-line array has no such line: nothing is guessed there."""
    line_start = text.rfind("\n", 0, start) + 1
    opens_line = text[line_start:start].strip(" \t") == "" and text[start] == "{"
    from_ = text.find("\n", start)
    if from_ < 0:
        return _resync_on_the_line(text, start)
    column = start - line_start if opens_line else None  # None: any (the run's test tells)
    for m in _LINE_START_OPEN.finditer(text, from_):
        at = m.end() - 1
        if column is not None and len(m.group(1)) != column:
            continue
        before = at - 1
        while before >= 0 and text[before] in " \t\r\n":
            before -= 1
        if before >= 0 and text[before] == "," and (at in confirmed or _ends_the_array(text, at, confirmed)):
            return at
    return None


#: a ``{`` after a ``,`` (white space between): where an element of a one-line array may start
_COMMA_OPEN = re.compile(r",[ \t\r]*\{")


def _resync_on_the_line(text: str, start: int) -> int | None:
    """:func:`_resync` for an array whose broken element is on the file's last line (an array written
    on one line): with no layout to go by, the next element is the first ``{`` after a ``,`` from
    which objects, one after another, run to the array's ``]`` at the end of the file. An object
    nested in a record fails that (its run ends in a ``]`` with more of its record after it), and so
    does any candidate before a later break: reading resumes after the last break, the elements
    between breaks counted in the skipped characters (nothing is guessed element by element)."""
    skip_to = start + 1
    for m in _COMMA_OPEN.finditer(text, start + 1):
        at = m.end() - 1
        if at < skip_to:
            continue
        ok, stop = _objects_to_the_end(text, at)
        if ok:
            return at
        # every candidate before ``stop`` is an object of this run or nested in one: its run stops there
        # too (each candidate tried once, so a long line costs about one walk per break)
        skip_to = stop
    return None


def _objects_to_the_end(text: str, at: int) -> tuple[bool, int]:
    """Whether the objects from ``at``, one after another, run to the array's ``]`` at the end of the
    file; and where the run stopped (the start of the object that did not parse, or the ``]``)."""
    decoder = json.JSONDecoder()
    n = len(text)
    pos = at
    while True:
        try:
            value, end = decoder.raw_decode(text, pos)
        except (ValueError, RecursionError):
            return False, pos + 1
        if not isinstance(value, dict):
            return False, pos + 1
        while end < n and text[end] in " \t\r\n":
            end += 1
        if end < n and text[end] == ",":
            pos = end + 1
            while pos < n and text[pos] in " \t\r\n":
                pos += 1
            continue
        if end < n and text[end] == "]":
            rest = end + 1
            while rest < n and text[rest] in " \t\r\n":
                rest += 1
            return rest >= n, end
        return False, end


def _ends_the_array(text: str, at: int, confirmed: set[int]) -> bool:
    """Whether the objects from ``at``, one after another, are the rest of the array (see _resync)."""
    decoder = json.JSONDecoder()
    n = len(text)
    seen: list[int] = []
    pos = at
    while True:
        try:
            value, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError:
            ok = bool(seen)  # another break after a good object; or the candidate itself is broken
            break
        except (ValueError, RecursionError):  # past a limit: a whole element, rejected on its own
            ok = True
            break
        if not isinstance(value, dict):
            ok = False
            break
        seen.append(pos)
        while end < n and text[end] in " \t\r\n":
            end += 1
        if end < n and text[end] == ",":
            pos = end + 1
            while pos < n and text[pos] in " \t\r\n":
                pos += 1
            continue
        if end < n and text[end] == "]":
            end += 1
            while end < n and text[end] in " \t\r\n":
                end += 1
            ok = end >= n  # the array's end at the file's end; an object nested in a record has more after
        else:
            ok = True  # the file cut after an object, or another break (a comma missing between records)
        break
    if ok:
        confirmed.update(seen)
    return ok


# -- limits --------------------------------------------------------------------------------------------

_STRING_RE = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_TOKEN_RE = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')
_LONG_DIGITS_RE = re.compile(f"[0-9]{{{MAX_NUMBER_DIGITS + 1}}}")
_NUMBER_RE = re.compile(r"-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")


def _depth_of_text(text: str) -> int:
    """How deep the objects and arrays of JSON ``text`` nest (strings skipped)."""
    depth = best = 0
    for m in _TOKEN_RE.finditer(text):
        ch = m.group(0)
        if ch in "[{":
            depth += 1
            if depth > best:
                best = depth
        elif ch in "]}":
            depth -= 1
    return best


def _text_limits(text: str, numbers: bool = True) -> str | None:
    """Why JSON ``text`` is past a record limit (depth, number length), or None.

    Cheap filters first (bracket count, a run of digits), so ordinary records cost two counts and
    one regex scan; the exact check (strings skipped) runs only on suspects. ``numbers=False`` skips
    the number check: for a table without numeric fields a long number cannot validate, so the
    check waits for the record's validation to fail (see ``_Loader._one``).
    """
    if text.count("{") + text.count("[") > MAX_DEPTH:
        depth = _depth_of_text(text)
        if depth > MAX_DEPTH:
            return f"nested {depth} levels deep, over the limit of {MAX_DEPTH} (MAX_DEPTH)"
    if numbers and _LONG_DIGITS_RE.search(text):
        outside = _STRING_RE.sub('""', text)
        for m in _NUMBER_RE.finditer(outside):
            digits = sum(ch.isdigit() for ch in m.group(0))
            if digits > MAX_NUMBER_DIGITS:
                return f"a number of {digits} digits, over the limit of {MAX_NUMBER_DIGITS} digits (MAX_NUMBER_DIGITS)"
    return None


#: a lone surrogate: half of a UTF-16 pair, not a character (JSON "\\udcff" escapes, Python's
#: surrogateescape); no UTF-8 text holds one
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
#: what :func:`_value_limits` returns for a value holding a lone surrogate (see :func:`_surrogate_problem`)
_HAS_SURROGATE = "holds a lone surrogate"


def _lone_surrogate_at(value: Any, path: tuple[Any, ...] = ()) -> tuple[str, str, int] | None:
    """(dotted path, the surrogate, its 0-based position) of the first lone surrogate in a string (or
    a key) of ``value``, or None."""
    if isinstance(value, str):
        m = _LONE_SURROGATE.search(value)
        if m is None:
            return None
        shown = ".".join(_LONE_SURROGATE.sub("\ufffd", str(p)) for p in path)  # a key may hold one too
        return shown, m.group(0), m.start()
    if isinstance(value, Mapping):
        for k, v in value.items():
            found = _lone_surrogate_at(k, (*path, k)) or _lone_surrogate_at(v, (*path, k))
            if found:
                return found
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            found = _lone_surrogate_at(v, (*path, i))
            if found:
                return found
    return None


def _surrogate_problem(value: Any) -> tuple[str | None, str]:
    """(field, reason) for a record that holds a lone surrogate: rejected, as a line that does not
    decode is, never shown with a replacement character in its place."""
    try:
        found = _lone_surrogate_at(value)
    except RecursionError:  # nested past Python's own limit as well: said without the field
        found = None
    if found is None:
        return None, "a lone surrogate is not a character (half of a UTF-16 pair: the text was broken)"
    path, char, pos = found
    what = f"a lone surrogate \\u{ord(char):04x} at character {pos + 1}"
    return path or None, (
        f"{path + ': ' if path else ''}{what} is not a character (half of a UTF-16 pair: the text was "
        "broken before it was written)"
    )


def _value_limits(value: Any) -> str | None:
    """:func:`_text_limits` for an already parsed value (a JSON array element, a dict document), and
    :data:`_HAS_SURROGATE` for one that holds a lone surrogate (strings first: most values are)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        obj, depth = stack.pop()
        if obj.__class__ is str:
            if not obj.isascii() and _LONE_SURROGATE.search(obj):
                return _HAS_SURROGATE
        elif isinstance(obj, Mapping):
            if depth > MAX_DEPTH:
                return f"nested more than {MAX_DEPTH} levels deep, over the limit (MAX_DEPTH)"
            stack.extend((v, depth + 1) for v in obj.values())
        elif isinstance(obj, (list, tuple)):
            if depth > MAX_DEPTH:
                return f"nested more than {MAX_DEPTH} levels deep, over the limit (MAX_DEPTH)"
            stack.extend((v, depth + 1) for v in obj)
        elif isinstance(obj, int) and not isinstance(obj, bool) and obj.bit_length() > 3 * MAX_NUMBER_DIGITS:
            if obj.bit_length() > 14_000 or len(str(abs(obj))) > MAX_NUMBER_DIGITS:
                return f"a number of more than {MAX_NUMBER_DIGITS} digits, over the limit (MAX_NUMBER_DIGITS)"
    return None


#: types whose JSON form is a scalar (no objects or arrays inside)
_SCALARS: tuple[type, ...] = (str, int, float, bool, date, datetime, dt_time, Decimal, Enum)
_DEPTHS: dict[type[BaseModel], int] = {}


def _schema_depth(annotation: Any, within: tuple[type[BaseModel], ...] = ()) -> int:
    """How deep a JSON value that validates as ``annotation`` can nest its objects and arrays (a model
    record is depth 1, as :func:`_text_limits` counts); more than :data:`MAX_DEPTH` when it could nest
    deeper (``Any``, a model that contains itself or allows unknown fields, a type not known here).

    When a table's records cannot nest past the limit, a line the fast validator accepts is within
    it, whatever its brackets: the jsonl loop then counts them only for the lines it hands on."""
    unbounded = MAX_DEPTH + 1
    deepest = 0
    for alt in _unwrap(annotation):
        origin = typing.get_origin(alt)
        if isinstance(alt, type) and issubclass(alt, BaseModel):
            if alt in within or alt.model_config.get("extra") != "forbid":
                return unbounded
            if alt not in _DEPTHS:
                fields = [_schema_depth(f.annotation, (*within, alt)) for f in alt.model_fields.values()]
                _DEPTHS[alt] = min(unbounded, 1 + max(fields, default=0))
            depth = _DEPTHS[alt]
        elif origin in (list, set, frozenset) or (origin is tuple and ... not in typing.get_args(alt)):
            depth = 1 + max((_schema_depth(a, within) for a in typing.get_args(alt)), default=unbounded)
        elif origin is dict:
            depth = 1 + _schema_depth(typing.get_args(alt)[1], within)
        elif origin is typing.Literal or (isinstance(alt, type) and issubclass(alt, _SCALARS)):
            depth = 0
        else:
            return unbounded
        deepest = max(deepest, depth)
    return min(unbounded, deepest)


_NUMERIC: dict[type[BaseModel], bool] = {}


def _has_numbers(model: type[BaseModel]) -> bool:
    """Whether ``model`` has an int, float or Decimal field at any depth (computed once per model)."""
    if model not in _NUMERIC:
        _NUMERIC[model] = False  # a model that refers to itself: no answer from the cycle
        found = False
        stack = [info.annotation for info in model.model_fields.values()]
        while stack and not found:
            for alt in _unwrap(stack.pop()):
                if alt in (int, float, Decimal):  # a Decimal takes a number of any length
                    found = True
                elif isinstance(alt, type) and issubclass(alt, BaseModel):
                    found = found or _has_numbers(alt)
                stack.extend(typing.get_args(alt))
        _NUMERIC[model] = found
    return _NUMERIC[model]


def _limit_reason(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return f"nested too deep to read, over the limit of {MAX_DEPTH} (MAX_DEPTH)"
    return f"cannot be read: {exc}"


def _value_end(text: str, pos: int) -> int:
    """Where the JSON value starting at ``pos`` ends (brackets matched, strings skipped; not validated)."""
    n = len(text)
    while pos < n and text[pos] in " \t\r\n":
        pos += 1
    if pos >= n:
        return n
    if text[pos] not in "[{":
        m = _STRING_RE.match(text, pos) if text[pos] == '"' else None
        if m is not None:
            return m.end()
        end = pos
        while end < n and text[end] not in ",]} \t\r\n":
            end += 1
        return end
    depth = 0
    for m in _TOKEN_RE.finditer(text, pos):
        ch = m.group(0)
        if ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
            if depth == 0:
                return m.end()
    return n


# -- validation helpers ----------------------------------------------------------------------------


def _unwrap(annotation: Any) -> list[Any]:
    """The alternatives of an annotation, without ``None``/``Annotated`` wrappers."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin is Union or origin is types.UnionType:
        out: list[Any] = []
        for arg in typing.get_args(annotation):
            if arg is not type(None):
                out.extend(_unwrap(arg))
        return out
    return [annotation]


def _annotation_at(model: type[BaseModel], path: list[str | int]) -> Any:
    """The annotation reached by following ``path`` (field names, list indexes, dict keys) from ``model``."""
    current: Any = model
    for step in path:
        found = None
        for alt in _unwrap(current):
            origin = typing.get_origin(alt)
            if isinstance(alt, type) and issubclass(alt, BaseModel) and isinstance(step, str):
                info = alt.model_fields.get(step)
                if info is not None:
                    found = info.annotation
            elif origin in (list, tuple, set, frozenset):
                args = typing.get_args(alt)
                if args:
                    found = args[0]
                    if not isinstance(step, int):  # a field name below a list: step into the element
                        found = _annotation_at_one(found, step)
            elif origin is dict:
                found = typing.get_args(alt)[1]
            if found is not None:
                break
        if found is None:
            return None
        current = found
    return current


def _annotation_at_one(annotation: Any, step: str) -> Any:
    for alt in _unwrap(annotation):
        if isinstance(alt, type) and issubclass(alt, BaseModel):
            info = alt.model_fields.get(step)
            return info.annotation if info is not None else None
    return None


def _field_kind(model: type[BaseModel], path: list[str]) -> str | None:
    """How a CSV cell for ``path`` is read: ``json`` (lists, objects), ``bool``, ``scalar``, or None (unknown)."""
    annotation = _annotation_at(model, list(path))
    if annotation is None:
        return None
    alts = _unwrap(annotation)
    for alt in alts:
        origin = typing.get_origin(alt)
        if origin in (list, tuple, set, frozenset, dict) or alt in (list, dict):
            return "json"
        if isinstance(alt, type) and issubclass(alt, BaseModel):
            return "json"
    if alts and all(alt is bool for alt in alts):
        return "bool"
    return "scalar"


def _enum_of(model: type[BaseModel], loc: tuple[Any, ...]) -> type[Enum] | None:
    annotation = _annotation_at(model, list(loc))
    if annotation is None:
        return None
    for alt in _unwrap(annotation):
        if isinstance(alt, type) and issubclass(alt, Enum):
            return alt
    return None


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    annotation = _annotation_at(model, list(loc)) if loc else model
    for alt in _unwrap(annotation):
        if isinstance(alt, type) and issubclass(alt, BaseModel):
            return list(alt.model_fields)
    return []


def _dotted(loc: tuple[Any, ...]) -> str | None:
    # None only for no location: a key named "" is the field "" (it was "unknown field None")
    return ".".join(str(p) for p in loc) if loc else None


#: JSON's own words for the values Python spells True, False and None
_JSON_WORDS = {True: "true", False: "false", None: "null"}


def _show(value: Any) -> str | None:
    """A short, safe rendering of a rejected value (None when it should not be echoed); true, false and
    null in JSON's words ("channel: True is not an allowed value" of a record holding true)."""
    if isinstance(value, (dict, list)):
        return None
    if value is None or isinstance(value, bool):
        return _JSON_WORDS[value]
    if isinstance(value, Decimal):  # a Parquet decimal column: -1, not Decimal('-1') (Python's words)
        text = str(value)
    elif isinstance(value, (date, dt_time)):  # a Parquet date or time column: 09:00, not datetime.time(9, 0)
        text = value.isoformat()
    else:
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "...'"


def _describe(error: Mapping[str, Any], model: type[BaseModel]) -> str:
    loc = tuple(error.get("loc") or ())
    path = _dotted(loc)
    kind = error.get("type", "")
    msg = validation_message(error)
    value = error.get("input")
    personal = bool(loc) and str(loc[-1]) in PERSONAL_FIELDS
    shown = None if personal else _show(value)
    if kind == "missing":
        return f"required field {path!r} is missing"
    if kind == "extra_forbidden":
        parent = _fields_at(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), parent, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        if not str(loc[-1]).strip():
            hint = " (a key or column without a name)"
        return f"unknown field {echoed_id(path)!r}{hint} (see `govhall schema {model.__name__}`)"
    if kind in ("enum", "literal_error"):
        allowed = (error.get("ctx") or {}).get("expected", "")
        enum = _enum_of(model, loc)
        zh = ""
        if enum is not None and issubclass(enum, BilingualEnum) and enum.__dict__.get("_zh_map"):
            zh = f" (or one of their Chinese terms, e.g. {next(iter(enum.__dict__['_zh_map']))!r})"
        elif (error.get("ctx") or {}).get("term"):  # a Lenient Literal field's term
            zh = f" (or one of their Chinese terms, e.g. {error['ctx']['term']!r})"
        return f"{path}: {shown or 'the value'} is not an allowed value; allowed: {allowed}{zh}"
    if kind == "model_type" and not loc:
        return f"the record is not a JSON object (got {json_type(value)})"
    if kind in ("model_type", "model_attributes_type", "dict_type"):  # one wording, jsonl or an array
        msg = "Input should be an object"
    elif kind in ("list_type", "tuple_type", "set_type", "frozen_set_type"):
        msg = "Input should be a valid array"
    if kind == "json_invalid":
        return f"not valid JSON: {(error.get('ctx') or {}).get('error', msg)}"
    where = f"{path}: " if path else ""
    ctx = error.get("ctx") or {}
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == ID_PATTERN:  # A\u200b1 for A1
        said = invisible_in_id(value)
        if said is not None:
            return f"{where}{said}"
    if kind == "iso_text" and "what" in ctx:  # the value named in the words: 'xxxx' is not a date (…)
        from govhall.errors import not_iso_text

        return f"{where}{not_iso_text(value, str(ctx['what']), str(ctx.get('example', '')), shown)}"
    if kind in DATE_PARSING_ERRORS and isinstance(value, str):  # T24:00, :60, +25:00: pydantic's
        fault = time_text_fault(value)  # "unexpected extra characters at the end of the input"
        if fault is not None:
            return f"{where}{shown or 'the value'} {fault}"
        why = no_such_day(value)  # 2025-02-30: "day value is outside expected range", as the CLI said once
        if why:
            return f"{where}{shown or 'the value'} is not an ISO date: no such day ({why})"
    got = f" (got {shown})" if shown is not None and kind not in ("value_error", "assertion_error") else ""
    return f"{where}{msg[0].lower() + msg[1:] if msg else kind}{got}"


def _no_day_lines(data: Any, depth: int = 0) -> str:
    """`` (written without quotes on line 38 of the file)`` for each impossible date in a YAML record
    (a :class:`_dupkeys.NoDay`): a document's record is named by its element, the date by its line."""
    if isinstance(data, _dupkeys.NoDay):
        return f" ({str(data)!r} is on line {data.line} of the file)"
    if depth > 4:
        return ""
    values = data.values() if isinstance(data, Mapping) else data if isinstance(data, list) else ()
    return "".join(_no_day_lines(v, depth + 1) for v in values)


def _explain(exc: ValidationError, model: type[BaseModel]) -> tuple[str | None, str]:
    # the model's fields in their declared order, then unknown fields: the order pydantic gives when
    # validating a dict, whatever order its JSON mode (and its version) reports them in, so a record
    # is named by the same field however it was read
    order = {name: i for i, name in enumerate(model.model_fields)}
    errors = sorted(
        exc.errors(include_url=False),
        key=lambda e: order.get(str(e["loc"][0]), len(order)) if e.get("loc") else -1,
    )
    first = _dotted(tuple(errors[0].get("loc") or ())) if errors else None
    parts = [_describe(e, model) for e in errors[:_MAX_PROBLEMS]]
    if len(errors) > _MAX_PROBLEMS:
        parts.append(f"… and {len(errors) - _MAX_PROBLEMS} more problem(s)")
    return first, "; ".join(parts) or "invalid record"


#: a JSON string, or a bracket: the tokens :func:`_id_in_text` walks (numbers, commas and spaces between)
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]]')
_AFTER_KEY = re.compile(r'\s*:\s*("(?:[^"\\]|\\.)*")')


def _table_at(text: str, pos: int) -> str | None:
    """The table (a top-level key of a dataset document) whose value holds character ``pos`` of
    ``text``, found by reading strings and brackets up to ``pos`` as the JSON decoder read them; None
    when ``pos`` is not inside a table's value. A document refused whole for quotes out of step named
    the line and column of the break but not the table it was in."""
    depth = 0
    key: str | None = None
    for m in _JSON_TOKEN.finditer(text, 0, pos):
        token = m.group()
        if token[0] == '"':
            if depth == 1 and text[m.end() : m.end() + 64].lstrip().startswith(":"):
                try:
                    found = json.loads(token, strict=False)
                except ValueError:
                    found = None
                key = found if isinstance(found, str) else None
        elif token in "{[":
            depth += 1
        else:
            depth -= 1
    return key if depth >= 2 and key in TABLES else None


def _json_msg(exc: json.JSONDecodeError) -> str:
    """The json module's message for ``exc``, with its "Invalid control character at" said plainly:
    which character, and that JSON writes it as an escape inside a text."""
    if exc.msg.startswith("Invalid control character") and 0 <= exc.pos < len(exc.doc):
        char = exc.doc[exc.pos]
        return f"a raw control character {char!r} inside a text (JSON writes it as \\u{ord(char):04x})"
    at = exc.doc[exc.pos] if 0 <= exc.pos < len(exc.doc) else ""
    if at and ord(at) > 127 and unicodedata.category(at) in ("Cf", "Zs", "Zl", "Zp"):
        # an invisible character outside a text (a byte-order mark in the middle of a file, where two
        # exports were joined; a zero-width space): json said only "Expecting value" at a place that
        # looks blank
        name = unicodedata.name(at, "").lower() or "an invisible character"
        return f"{exc.msg}: an invisible U+{ord(at):04X} ({name}) stands there, outside any text"
    return exc.msg


def _id_in_text(
    text: str, table: str, first_value_only: bool = False, field: str | None = None
) -> str | None:
    """The record's id read from the text of a JSON line that cannot be parsed or is past a limit
    (not valid JSON, nested too deep, a number too long), so its rejection names the record as well as
    the line: the string value of the id key (``code`` for items) at the top level, read up to where
    the line breaks (a raw control character in it too); None where there is none before it. With
    ``first_value_only`` (an element of a JSON array broken mid-file), None once the first value ends.
    Only named, never claimed: the line is not a record, so a later record with the same id is not a
    repeat of it. ``field``: another key's value read so (an event's ``application_id``)."""
    key = f'"{field or _ID_FIELD.get(table, "id")}"'
    depth = 0
    for m in _JSON_TOKEN.finditer(text):
        token = m.group()
        first = token[0]
        if first == '"':
            if depth == 1 and token == key:
                value = _AFTER_KEY.match(text, m.end())
                if value is not None:
                    try:  # a raw control character in the id is named too (the line's fault, not the id's)
                        found = json.loads(value.group(1), strict=False)
                    except ValueError:
                        return None
                    return _readable_id({"id": found}, "")
        elif first in "{[":
            depth += 1
        else:
            depth -= 1
            if first_value_only and depth <= 0:  # the element ended: an id after it is another's
                return None
    return None


def _named_in_text(text: str, table: str, first_value_only: bool = False) -> dict[str, Any]:
    """What names the record of a line (or element) that cannot be read, read from its text
    (:func:`_id_in_text`): its id, and an event's owner (``application_id``, ``complaint_id``), as the
    data of its rejection; empty where none is there."""
    found = _id_in_text(text, table, first_value_only)
    named = {_ID_FIELD.get(table, "id"): found} if found else {}
    if table == "events":
        for key, _ in _OWNERS:
            owner = _id_in_text(text, table, first_value_only, field=key)
            if owner is not None:
                named[key] = owner
    return named


_INF = float("inf")


def _event_owner(raw: _Raw) -> str | None:
    """A rejected row of the events table without an id of its own, named by whose event it is
    (``application A1``, ``complaint C1``): such a row was named by no record at all, only its line.
    Only named, never claimed (an event's own ids are claimed, not its owner's). A line that is no
    JSON (or past a limit) is named by the owner read from its text, as its id would be."""
    data = raw.data
    if not isinstance(data, Mapping) and raw.text is not None:
        try:
            data = json.loads(raw.text)
        except (ValueError, RecursionError):
            for key, word in _OWNERS:
                owner = _id_in_text(raw.text, "events", field=key)
                if owner is not None:
                    return f"{word} {owner}"
            return None
    if not isinstance(data, Mapping):
        return None
    for key, word in _OWNERS:
        owner = _readable_id({"id": data.get(key)}, "events")
        if owner is not None:
            return f"{word} {owner}"
    return None


#: the fields an event's owner is read from, and the word it is named by
_OWNERS = (("application_id", "application"), ("complaint_id", "complaint"))


def _readable_id(data: Any, table: str) -> str | None:
    if isinstance(data, Mapping):
        value = data.get(_ID_FIELD.get(table, "id"))
        if isinstance(value, str) and (text := strip_space(value)):  # stripped as the model strips the id
            return _LONE_SURROGATE.sub(
                "\ufffd", text
            )  # shown with U+FFFD for a lone surrogate, as reports do
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        if isinstance(value, float) and value == value and value not in (_INF, -_INF):
            return repr(value)  # "id": 100.0 is refused as 17 is, and named as it was written ('100.0')
        if isinstance(value, Decimal) and value.is_finite():  # (a YAML or Parquet decimal)
            return str(value)
        if isinstance(value, bytes):  # a Parquet BINARY column without the UTF-8 annotation: read as text
            try:
                decoded = strip_space(value.decode("utf-8"))
            except UnicodeDecodeError:  # (the record's rejection says so, naming the field)
                return None
            return decoded or None
    return None


@dataclass(frozen=True)
class _Plan:
    """Which fields of a model the loader compacts (computed once per model)."""

    strings: tuple[str, ...]  # str fields whose values repeat across records
    string_lists: tuple[str, ...]  # list[str] fields (material names, staff ids …)
    models: tuple[str, ...]  # sub-model fields
    model_lists: tuple[str, ...]  # list-of-sub-model fields
    template: dict[str, Any] | None = None  # the class's instance-dict template (see _template)
    times: tuple[str, ...] = ()  # datetime, date and Decimal fields (immutable values that repeat)
    #: a field that tells records of one size apart by their shape (``kind``: the fields an event
    #: has follow its kind), or None (see ``_Loader._compact_columns``)
    shape_hint: str | None = None
    #: dict fields of strings or enum members (an evaluation's ``dimensions``): equal ones shared
    dicts: tuple[str, ...] = ()
    #: str fields of _SHARED_TEXTS, shared in every path (``strings`` only where asked)
    texts: tuple[str, ...] = ()


def _flat_dict(alts: list[Any]) -> bool:
    """Whether a field of these alternatives is a ``dict`` of strings to strings or enum members (values
    a :class:`_SharedDict` can hold: immutable, hashable, never a container)."""
    if len(alts) != 1 or typing.get_origin(alts[0]) is not dict:
        return False
    args = typing.get_args(alts[0])
    return (
        len(args) == 2
        and args[0] is str
        and (args[1] is str or (isinstance(args[1], type) and issubclass(args[1], Enum)))
    )


_PLANS: dict[type[BaseModel], _Plan] = {}


def _plan(model: type[BaseModel]) -> _Plan:
    plan = _PLANS.get(model)
    if plan is None:
        strings: list[str] = []
        string_lists: list[str] = []
        models: list[str] = []
        model_lists: list[str] = []
        dicts: list[str] = []
        texts: list[str] = []
        for name, info in model.model_fields.items():
            alts = _unwrap(info.annotation)
            inner = [typing.get_args(a)[0] for a in alts if typing.get_origin(a) is list]
            if name in _SHARED_STRINGS and alts == [str]:
                strings.append(name)
            elif name in _SHARED_TEXTS and alts == [str]:
                texts.append(name)
            elif any(isinstance(a, type) and issubclass(a, BaseModel) for a in alts):
                models.append(name)
            elif inner and all(isinstance(t, type) and issubclass(t, BaseModel) for t in inner):
                model_lists.append(name)
            elif inner == [str]:
                string_lists.append(name)
            elif _flat_dict(alts):
                dicts.append(name)
        times = [
            name
            for name, info in model.model_fields.items()
            if any(a in (datetime, date, Decimal) for a in _unwrap(info.annotation))
        ]
        kind = model.model_fields.get("kind")
        hint = (
            "kind"
            if kind is not None
            and all(
                typing.get_origin(a) is typing.Literal or (isinstance(a, type) and issubclass(a, (Enum, str)))
                for a in _unwrap(kind.annotation)
            )
            else None
        )  # a value that is hashable, whatever the record holds
        plan = _PLANS[model] = _Plan(
            tuple(strings), tuple(string_lists), tuple(models), tuple(model_lists), _TEMPLATES.get(model),
            tuple(times), hint, tuple(dicts), tuple(texts),
        )  # fmt: skip
    return plan


def _template(model: type[BaseModel]) -> dict[str, Any]:
    """An instance dict of ``model`` with every field, built on the class's shared key table.

    CPython gives the instance dicts of a class one shared key table (PEP 412) only while the class
    has not yet seen many instances built otherwise, and pydantic builds every validated instance
    otherwise: once a few dozen embedded events had been validated, each further event's dict took
    832 bytes instead of about 270. Built at import, before any record is validated, the template's
    copies keep sharing the key table, whatever was validated since.
    """
    probe = object.__new__(model)
    for name in model.model_fields:
        object.__setattr__(probe, name, None)
    return dict.copy(probe.__dict__)


def _models_below(model: type[BaseModel], out: dict[type[BaseModel], None]) -> None:
    if model in out:
        return
    out[model] = None
    for info in model.model_fields.values():
        for alt in _unwrap(info.annotation):
            inner = typing.get_args(alt) if typing.get_origin(alt) is list else (alt,)
            for t in inner:
                if isinstance(t, type) and issubclass(t, BaseModel):
                    _models_below(t, out)


def _templates() -> dict[type[BaseModel], dict[str, Any]]:
    models: dict[type[BaseModel], None] = {}
    for model in TABLES.values():
        _models_below(model, models)
    return {m: _template(m) for m in models}


class _FieldsSet(set):  # type: ignore[type-arg]
    """A ``model_fields_set`` shared by records of the same shape: never mutated in place.

    pydantic adds a name to ``__pydantic_fields_set__`` when an attribute is assigned; on a shared
    set that would leak into other records, so ``add``/``update`` do nothing here. Copies (as made by
    ``model_copy``) are ordinary sets.
    """

    __slots__ = ()

    def add(self, element: Any) -> None:  # noqa: D102 - see the class docstring
        return None

    def update(self, *others: Any) -> None:  # noqa: D102
        return None

    def __copy__(self) -> set[Any]:
        return set(self)

    def __deepcopy__(self, memo: Any) -> set[Any]:
        return set(self)


def _refuse_shared(self: Any, *args: Any, **kwargs: Any) -> Any:
    raise TypeError(
        f"a loaded record's {type(self).__mro__[1].__name__} is shared with every record holding an equal "
        "one and cannot be changed in place; assign a new one or use record.model_copy(update=...)"
    )


class _SharedList(list):  # type: ignore[type-arg]
    """A ``list[str]`` field's value that loaded records share with every record holding an equal list
    (an application's ``materials_submitted``, an event's ``materials``; the one empty list of every
    empty list field): 56 bytes and up saved per field per record (a 20,000-application hall has 30
    distinct ``materials_submitted`` lists).

    It equals the list it stands for and serialises as one, but refuses to be changed in place
    (``TypeError``), so a change meant for one record cannot leak into the others; copies
    (``model_copy``, ``copy.copy``, ``list(...)``, pickling) are ordinary lists. No rule changes a
    record's list (they read them, or copy them with ``list``/``set`` into evidence).
    """

    __slots__ = ()

    append = extend = insert = remove = pop = clear = sort = reverse = _refuse_shared
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse_shared

    def __copy__(self) -> list[Any]:
        return list(self)

    def __deepcopy__(self, memo: Any) -> list[Any]:
        return list(self)  # of strings: nothing below to copy

    def __reduce__(self) -> Any:
        return (list, (list(self),))


class _SharedDict(dict):  # type: ignore[type-arg]
    """A ``dict`` field's value of strings or enum members (an evaluation's ``dimensions``) that loaded
    records share with every record holding an equal dict in the same key order: 184 bytes saved per
    rating with four dimensions (a 20,000-application hall's 15,000 ratings have 6 distinct ones).

    Like :class:`_SharedList`: equal to the dict it stands for, refusing changes in place
    (``TypeError``), copied (``model_copy``, ``copy.copy``, ``dict(...)``, pickling) as an ordinary dict.
    """

    __slots__ = ()

    __setitem__ = __delitem__ = __ior__ = _refuse_shared
    update = pop = popitem = clear = setdefault = _refuse_shared

    def __copy__(self) -> dict[Any, Any]:
        return dict(self)

    def __deepcopy__(self, memo: Any) -> dict[Any, Any]:
        return dict(self)  # of strings and enum members: nothing below to copy

    def __reduce__(self) -> Any:
        return (dict, (dict(self),))


class _Pool(dict):  # type: ignore[type-arg]
    """Equal containers by their contents (a tuple of the list's items or the dict's pairs, in order) ->
    the one shared container; looking up a new one builds it (``__missing__``), so a batch's look-ups
    are one C-level ``map`` (see ``_Loader._compact_columns``)."""

    __slots__ = ("_make",)

    def __init__(self, make: type[_SharedList] | type[_SharedDict]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, key: tuple[Any, ...]) -> Any:
        shared = self[key] = self._make(key)
        return shared


_EMPTY = _SharedList()


class _Shapes(dict[frozenset[str], _FieldsSet]):
    """The loader's shared fields-sets by their names: looking up a new shape adds it (so a batch's
    look-ups are one C-level ``map``, see ``_Loader._compact_all``)."""

    def __init__(self) -> None:
        super().__init__()
        self.in_order = _ShapesInOrder(self)

    def __missing__(self, key: frozenset[str]) -> _FieldsSet:
        shared = self[key] = _FieldsSet(key)
        return shared


class _ShapesInOrder(dict[tuple[str, ...], _FieldsSet]):
    """The shared fields-sets by the names a record gave in the order it gave them (``tuple(dict)``: a
    tuple of the field names, each hashed once, costs less to make, hash and compare than a
    frozenset; records of one shape name their fields in one order, see ``_build``)."""

    __slots__ = ("_shapes",)

    def __init__(self, shapes: _Shapes) -> None:
        super().__init__()
        self._shapes = shapes

    def __missing__(self, key: tuple[str, ...]) -> _FieldsSet:
        shared = self[key] = self._shapes[frozenset(key)]
        return shared


#: C-level helpers of ``_Loader._compact_all`` (mapped over a batch of records)
_drain: typing.Callable[[Iterable[Any]], None] = collections.deque(
    maxlen=0
).extend  # run a map for its effects
_instance_dict = operator.attrgetter("__dict__")
_fields_set_of = operator.attrgetter("__pydantic_fields_set__")
_fold = operator.attrgetter("fold")
_is_not_none: typing.Callable[[Any], bool] = functools.partial(operator.is_not, None)
_set_attr = object.__setattr__  # past pydantic's __setattr__ (what the record's validation set)


def _pairs(column: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
    """The pairs of each of a column's dicts, in order (their keys in a _Pool)."""
    return map(tuple, map(dict.items, column))


#: folded events (rows of an events table read record by record) compacted at a time
_FOLDED_BATCH = 1024

#: ``_Loader._compact_all`` goes column by column for a batch of at least this many records (a
#: column costs a dozen calls whatever its length; a record by record loop about as much per record)
_COLUMNS_FROM = 8


# -- the fast path: the models' own core schemas without their per-record Python hooks --------------
#
# pydantic validates a jsonl line in Rust except where a model calls back into Python: the events
# field of applications and complaints (fill in the owner before, check it and sort after; the
# "before" hook also turns the whole events array into Python objects and validates it a second
# time) and every timestamp (LocalDateTime converts an aware value to Asia/Shanghai). The fast
# validator is compiled once per model from the model's own core schema with those hooks removed:
# timestamps must be naive, events must already name their owner; the owner check and the sort run
# once per record afterwards (_own_events). Whatever the fast validator refuses or cannot settle
# (an aware timestamp, an event naming no owner or another one, any invalid record) is validated
# again by the model itself, which accepts it or names the error exactly as it always did: the fast
# path can only accept what the model accepts, into an equal record (tests/test_loader_fast.py).


def _hooks() -> tuple[set[Any], Any]:
    from govhall.models._base import to_shanghai_naive
    from govhall.models.applications import EventHistory

    owned = EventHistory.__pydantic_decorators__.field_validators
    hooks = {getattr(owned[name].func, "__func__", None) for name in ("_fill_owner", "_own_and_sort")}
    return hooks, to_shanghai_naive


def _without_hooks(schema: Any, event_hooks: set[Any], local_time: Any, owner_check: Any = None) -> Any:
    """A copy of core ``schema`` without the events hooks, and with naive-only plain timestamps;
    with ``owner_check`` (Event's one-owner validator), an embedded event's model without it."""
    if isinstance(schema, list):
        return [_without_hooks(v, event_hooks, local_time, owner_check) for v in schema]
    if not isinstance(schema, dict):
        return schema
    steps: list[Any] = schema.get("steps") or []
    if schema.get("type") == "chain" and len(steps) == 2 and steps[0].get("custom_error_type") == "iso_text":
        # a LocalDateTime's guard against numbers (models._base.IsoText) is not needed here: a number,
        # or a text of digits, parses as an aware (UTC) time, which the naive-only timestamp refuses,
        # and the model then names the error; the guard would cost a Python str per timestamp
        inner = _without_hooks(steps[1], event_hooks, local_time, owner_check)
        if (
            isinstance(inner, dict)
            and inner.get("type") == "datetime"
            and inner.get("tz_constraint") == "naive"
        ):
            return inner
    if schema.get("type") in ("function-before", "function-after"):
        function = (schema.get("function") or {}).get("function")
        inner = schema.get("schema")
        if owner_check is not None and function is owner_check and isinstance(inner, dict):
            return {**_without_hooks(inner, event_hooks, local_time, owner_check), "ref": schema["ref"]}
        if "ref" not in schema:
            if getattr(function, "__func__", None) in event_hooks:
                return _without_hooks(inner, event_hooks, local_time, owner_check)
            if function is local_time and isinstance(inner, dict) and inner.get("type") == "datetime":
                return {**inner, "tz_constraint": "naive"}
            if (
                function is finite_decimal
                and schema.get("type") == "function-after"
                and isinstance(inner, dict)
                and inner.get("type") == "decimal"
                and not {"le", "lt", "gt"} & inner.keys()
                and (inner.get("ge") is None or inner["ge"] >= -_LARGEST_FINITE)
            ):
                # an amount's finite check (finite_decimal: a Python call per record) as a bound in
                # pydantic-core: a Decimal no larger than the largest double is a finite float (the
                # conversion rounds to nearest, so it never passes that double); a larger one, or
                # NaN, the fast path refuses and the model decides, as before
                bounded = {**inner, "le": _LARGEST_FINITE}
                if inner.get("ge") is None:
                    bounded["ge"] = -_LARGEST_FINITE
                return bounded
            amount = _amount_fast_path(schema, function, inner, event_hooks, local_time, owner_check)
            if amount is not None:
                return amount
            names = _canonical_names().get(getattr(function, "__func__", None))
            if names is not None and schema.get("type") == "function-before":
                # a text that is already a canonical name is that name (what the hook would return),
                # matched in pydantic-core; only any other value calls the hook, as before
                return core_schema.union_schema(
                    [
                        core_schema.literal_schema(sorted(names)),
                        _without_hooks_each(schema, event_hooks, local_time, owner_check),
                    ],
                    mode="left_to_right",
                )
    return _without_hooks_each(schema, event_hooks, local_time, owner_check)


def _amount_fast_path(
    schema: dict[str, Any],
    function: Any,
    inner: Any,
    event_hooks: set[Any],
    local_time: Any,
    owner_check: Any,
) -> Any:
    """For an amount of money (models._base.FiniteDecimal: ``finite_decimal`` after ``amount_not_bool``
    before a plain ``decimal``), a schema trying first a JSON integer (never ``true``/``false``, never a
    text, so ``amount_not_bool`` returns it as it is) within the decimal's lower bound and the largest
    finite double (what ``finite_decimal`` checks, see above), checked as an int in pydantic-core, then
    made the decimal; anything else (a fraction, a text, a bool, an integer out of bounds) takes the
    hooks as before. Two Python calls per record saved (an application's ``service_fee_charged``: 0 in
    nearly all). Else None."""
    decimal = inner.get("schema") if isinstance(inner, dict) else None
    if not (
        function is finite_decimal
        and schema.get("type") == "function-after"
        and inner.get("type") == "function-before"
        and "ref" not in inner
        and (inner.get("function") or {}).get("function") is amount_not_bool
        and isinstance(decimal, dict)
        and decimal.get("type") == "decimal"
        and decimal.keys() <= {"type", "ge"}
    ):
        return None
    ge = decimal.get("ge")
    if ge is None:
        low = -int(_LARGEST_FINITE)
    elif ge == int(ge) and ge >= -_LARGEST_FINITE:  # a whole bound: an integer's own
        low = int(ge)
    else:
        return None
    whole = core_schema.int_schema(strict=True, ge=low, le=int(_LARGEST_FINITE))
    return core_schema.union_schema(
        [
            core_schema.chain_schema([whole, core_schema.decimal_schema()]),
            _without_hooks_each(schema, event_hooks, local_time, owner_check),
        ],
        mode="left_to_right",
    )


def _without_hooks_each(
    schema: dict[str, Any], event_hooks: set[Any], local_time: Any, owner_check: Any
) -> Any:
    return {k: _without_hooks(v, event_hooks, local_time, owner_check) for k, v in schema.items()}


@functools.cache
def _canonical_names() -> dict[Any, frozenset[str]]:
    """The ``mode="before"`` field hooks that turn a text into a canonical name (any other text kept as
    given, anything but a text passed on), each with its names: a text equal to one of them is
    returned by the hook as it is (stripped, lowered and with ``_`` for ``-`` and spaces, a name is
    itself). In the fast path such a text is matched in pydantic-core instead of calling the hook once
    per event (22,000 calls for a 20,000-application hall's decisions)."""
    from govhall.models.applications import OUTCOMES, PROCEDURES

    hooks = Event.__pydantic_decorators__.field_validators
    return {
        getattr(hooks["_outcome_name"].func, "__func__", None): OUTCOMES,
        getattr(hooks["_procedure_name"].func, "__func__", None): PROCEDURES,
    }


#: the largest Decimal that is a finite double (see _without_hooks)
_LARGEST_FINITE = Decimal(sys.float_info.max)

_FAST: dict[type[BaseModel], tuple[SchemaValidator, bool, _Batch] | None] = {}
_FAST_LOCK = threading.Lock()


def _fast_validator(model: type[BaseModel]) -> tuple[SchemaValidator, bool, _Batch] | None:
    """(the fast validator, whether records of ``model`` have an event history, the fast
    validator of a batch of lines) or None.

    The batch validator takes a list of jsonl lines (bytes) and gives their records, None for a line
    the fast validator refuses: each line is parsed and validated on its own (a ``json`` schema
    around the model's), so a line cannot join its neighbours into one value, and the records are
    those :meth:`SchemaValidator.validate_json` gives line by line, already laid out as the compaction
    lays them out (see :class:`_Batch`); one call for a chunk of lines instead of one per line (see
    ``_Loader._accept_chunk``)."""
    if model in _FAST:
        return _FAST[model]
    with _FAST_LOCK:
        return _compile_fast(model) if model not in _FAST else _FAST[model]


def _compile_fast(model: type[BaseModel]) -> tuple[SchemaValidator, bool, _Batch] | None:
    """Compile the fast validator of ``model`` (under :data:`_FAST_LOCK`) and remember it."""
    from govhall.models.applications import EventHistory

    event_hooks, local_time = _hooks()
    history = issubclass(model, EventHistory)
    # an embedded event's check that it names exactly one owner is _own_events' too, once per record
    owner_check = getattr(Event._one_owner, "__func__", Event._one_owner) if history else None
    schema = _without_hooks(model.__pydantic_core_schema__, event_hooks, local_time, owner_check)
    # pydantic-core reuses a complete model class's own validator for its "model" nodes (its
    # "prebuilt" validators), which would bring the hooks back: hide completeness while compiling
    classes: dict[type[BaseModel], None] = {}
    _models_below(model, classes)
    complete = {cls: cls.__dict__.get("__pydantic_complete__") for cls in classes}
    try:
        for cls in classes:
            type.__setattr__(cls, "__pydantic_complete__", False)
        builds: dict[type[BaseModel], _Build] | None = {}
        try:
            # unknown keys ignored where the keys given are counted: a line giving one then holds
            # fewer keys than its text's bound, and the loop reads it line by line with the fast
            # validator (which refuses it, and the model names the field); pydantic-core then skips
            # its pass over every key a line gives (a fifth of an application's validation)
            extra = "ignore" if _keys_counted(model) else "forbid"
            each_schema = _typed_dicts(schema, builds, extra)  # type: ignore[arg-type]
        except _Unbuildable:  # the batch validates the models themselves (see _Batch)
            each_schema, builds = schema, None
        each = core_schema.with_default_schema(
            core_schema.json_schema(each_schema), default=None, on_error="default"
        )
        batch = _Batch(SchemaValidator(core_schema.list_schema(each)), builds)
        _FAST[model] = (SchemaValidator(schema), history, batch)
    except Exception:  # pragma: no cover - a pydantic-core that refuses the schema: no fast path
        _FAST[model] = None
    finally:
        for cls, was in complete.items():
            if was is None:  # the flag was inherited, not the class's own: inherit it again
                type.__delattr__(cls, "__pydantic_complete__")
            else:
                type.__setattr__(cls, "__pydantic_complete__", was)
    return _FAST[model]


# -- a chunk's records built from typed dicts --------------------------------------------------------
#
# pydantic-core builds each record of a model as a dict of every field (an event: 24 of them, most
# left out by the input, in a dict of 830 bytes resized three times while filled) and a fields-set,
# and the compaction then copies the dict into one on the class's shared key table and swaps the set
# for a shared one (_Loader._compact). The batch validator instead validates each model of a chunk as
# a typed dict of the fields its input gave (the same field schemas, without their defaults), and
# _build makes the records from those, laid out at once: a copy of the class's template holding its
# defaults, updated with the fields given, and the shared fields-set of the names given (what
# pydantic's fields-set holds: the fields the input named), handed to pydantic-core's own model
# constructor (a model schema whose inner schema passes the triple on), which creates the instances
# as its validator does. The records equal those the model's validator gives, laid out as the
# compaction lays them out (tests/test_loader_batch.py); a model the typed dicts cannot stand for (an
# alias, a validator or ``__init__`` of the model itself, a default made from the other fields, extra
# fields kept …) keeps the model's own validator in the batch.


class _Unbuildable(Exception):
    """A model of the schema cannot be built from a typed dict by _build (see above)."""


@dataclass(frozen=True)
class _Build:
    """How _build makes records of one model class from typed dicts (computed once per class)."""

    template: dict[str, Any]  # the class's template (see _template) holding the static defaults
    #: fields whose default is made for each record that does not give them: (name, factory, whether
    #: the factory is a model class, built from an empty typed dict)
    factories: tuple[tuple[str, Any, bool], ...]
    models: tuple[tuple[str, type[BaseModel]], ...]  # sub-model fields (and their class)
    model_lists: tuple[tuple[str, type[BaseModel]], ...]  # list-of-sub-model fields
    #: pydantic-core's constructor of the class: a list of (dict, extra, fields-set) -> the instances
    make: SchemaValidator
    #: the model's own validators after it (each record -> the record; raising refuses the chunk)
    after: list[Any] = dataclass_field(default_factory=list)
    #: timestamp fields read as their text (see _stamp_text): (name, the field's own schema's validator,
    #: whether every record gives it)
    stamps: tuple[tuple[str, SchemaValidator, bool], ...] = ()
    #: fields whose default (in ``template``, no factory) is None or the shared empty list, values the
    #: sharing leaves as they are: only the records that gave one are looked at (see _Loader._share_values)
    sparse: frozenset[str] = frozenset()


def _mentions_model(annotation: Any) -> bool:
    """Whether a model class appears anywhere in ``annotation`` (in a union, a list, a dict …)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(map(_mentions_model, typing.get_args(annotation)))


def _one_model(alts: list[Any]) -> type[BaseModel]:
    """The one model class of a field's alternatives (None left out), or :class:`_Unbuildable`."""
    if len(alts) != 1 or not (isinstance(alts[0], type) and issubclass(alts[0], BaseModel)):
        raise _Unbuildable
    return alts[0]


def _typed_dicts(schema: Any, builds: dict[type[BaseModel], _Build], extra: str = "forbid") -> Any:
    """A copy of fast core ``schema`` in which each model is a typed dict of the fields given, its
    defaults and sub-models noted in ``builds`` for :func:`_build`; raises :class:`_Unbuildable` for a
    schema it cannot stand for. Called while the models' completeness is hidden (_compile_fast)."""
    if isinstance(schema, list):
        return [_typed_dicts(v, builds, extra) for v in schema]
    if not isinstance(schema, dict):
        return schema
    kind = schema.get("type")
    if kind in _FUNCTIONS or kind == "function-after":
        inner = schema.get("schema")
        if _holds_model(inner):
            function = schema.get("function") or {}
            if (
                kind != "function-after"
                or function.get("type") != "no-info"
                or not isinstance(inner, dict)
                or inner.get("type") != "model"
                or "ref" in inner
            ):
                raise _Unbuildable  # a validator before, around or instead of a model, or given its data
            # a validator of the model itself, after it (an event's one-owner check): run on each
            # record _build makes, as the model's validator runs it
            converted = _typed_dicts(inner, builds, extra)
            afters = builds[inner["cls"]].after
            if function["function"] not in afters:
                afters.append(function["function"])
            return {**converted, "ref": schema["ref"]} if "ref" in schema else converted
    if kind != "model":
        return {k: _typed_dicts(v, builds, extra) for k, v in schema.items()}
    cls = schema.get("cls")
    inner = schema.get("schema")
    config = schema.get("config") or {}
    if (
        not isinstance(cls, type)
        or cls not in _TEMPLATES
        or cls.__new__ is not object.__new__
        or getattr(cls, "__pydantic_post_init__", None) is not None
        or cls.__private_attributes__
        or schema.get("post_init")
        or schema.get("custom_init")
        or schema.get("root_model")
        or config.get("extra_fields_behavior") != "forbid"
        or not isinstance(inner, dict)
        or inner.get("type") != "model-fields"
        or inner.get("extras_schema") is not None
        or inner.get("extra_behavior") not in (None, "forbid")
        or set(inner.get("fields", {})) != set(cls.model_fields)
    ):
        raise _Unbuildable
    fields: dict[str, Any] = {}
    defaults: dict[str, Any] = {}
    factories: list[tuple[str, Any, bool]] = []
    stamps: list[tuple[str, SchemaValidator, bool]] = []
    for name, field in inner["fields"].items():
        if field.get("type") != "model-field" or field.get("validation_alias") is not None:
            raise _Unbuildable
        one = field["schema"]
        required = one.get("type") != "default"
        if not required:
            if one.get("validate_default") or one.get("default_factory_takes_data"):
                raise _Unbuildable
            if "default_factory" in one:
                factory = one["default_factory"]
                if factory is list and name in _plan(cls).string_lists:
                    defaults[name] = _EMPTY  # what the compaction makes of each empty list of strings
                else:
                    made = isinstance(factory, type) and issubclass(factory, BaseModel)
                    factories.append((name, factory, made))
            else:
                default = one.get("default")
                try:
                    hash(default)
                except TypeError:  # pydantic-core copies such a default for each record
                    raise _Unbuildable from None
                defaults[name] = default
            one = one["schema"]
        text = _stamp_text(one, config) if required or defaults.get(name, False) is None else None
        if text is not None:
            fields[name] = core_schema.typed_dict_field(text[0], required=required)
            stamps.append((name, text[1], required))
            continue
        fields[name] = core_schema.typed_dict_field(_typed_dicts(one, builds, extra), required=required)
    if cls not in builds:
        plan = _plan(cls)
        built = {*plan.models, *plan.model_lists}
        if any(_mentions_model(f.annotation) for n, f in cls.model_fields.items() if n not in built):
            raise _Unbuildable  # a model inside a field _build does not build (a dict of them …)
        models = tuple((n, _one_model(_unwrap(cls.model_fields[n].annotation))) for n in plan.models)
        model_lists = tuple(
            (n, _one_model([typing.get_args(a)[0] for a in _unwrap(cls.model_fields[n].annotation)]))
            for n in plan.model_lists
        )
        if any(made and factory not in builds for _, factory, made in factories):
            raise _Unbuildable  # a default record of a class not validated below
        template = _TEMPLATES[cls].copy()
        template.update(defaults)
        make = SchemaValidator(
            core_schema.list_schema(core_schema.model_schema(cls, core_schema.any_schema()))
        )
        made_each = {name for name, _, _ in factories}
        sparse = frozenset(
            name
            for name, value in template.items()
            if (value is None or value is _EMPTY) and name not in made_each
        )
        builds[cls] = _Build(
            template, tuple(factories), models, model_lists, make, stamps=tuple(stamps), sparse=sparse
        )
    return core_schema.typed_dict_schema(
        fields,
        extra_behavior=extra,  # type: ignore[arg-type]
        config=config,  # type: ignore[arg-type]
        ref=schema.get("ref"),
    )


_STAMP_READERS: dict[str, SchemaValidator] = {}
#: each reader's validator of a JSON array of such texts (see _Stamps.read_new)
_STAMP_LISTS: dict[SchemaValidator, SchemaValidator] = {}
#: the bytes a JSON string holds as they are (printable ASCII but ``"`` and ``\\``)
_JSON_PLAIN = bytes(b for b in range(0x20, 0x7F) if b not in b'"\\')


def _stamp_text(schema: Any, config: Any) -> tuple[Any, SchemaValidator] | None:
    """For a field of the fast schema that is a naive timestamp (or null), the text schema the batch
    reads it with instead, and a validator of the field's own schema; else None.

    A month of a hall has few distinct moments (a 20,000-application hall: 150,000 timestamps, 6,000
    distinct): the batch takes each as its text, UTF-8 encoded (a ``bytes`` schema: not stripped, as
    the timestamp's schema does not strip either, and kept out of pydantic-core's cache of short
    strings, where 6,000 texts would push out the staff ids and names it shares between records), and
    :class:`_Stamps` reads each distinct text once with the field's own schema, as pydantic-core would
    have read it in place (the text given to it as a JSON string), the value then shared by every
    record of the process that gives the same text. A text the schema refuses raises there, and the
    chunk is read line by line by the fast validator, which reads timestamps as before."""
    nullable = (
        isinstance(schema, dict) and schema.get("type") == "nullable" and set(schema) == {"type", "schema"}
    )
    moment = schema["schema"] if nullable else schema
    if (config or {}).get("val_json_bytes", "utf8") != "utf8" or not (
        isinstance(moment, dict)
        and moment.get("type") == "datetime"
        and moment.get("tz_constraint") == "naive"
        and set(moment) <= {"type", "tz_constraint", "microseconds_precision"}
    ):
        return None
    key = repr(
        (sorted(moment.items()), sorted((k, repr(v)) for k, v in (config or {}).items() if k != "title"))
    )
    reader = _STAMP_READERS.get(key)
    if reader is None:
        reader = _STAMP_READERS[key] = SchemaValidator(moment, config)
        _STAMP_LISTS[reader] = SchemaValidator(core_schema.list_schema(moment), config)
    text = core_schema.bytes_schema()
    return (core_schema.nullable_schema(text) if nullable else text), reader


#: the moments of the texts read by each timestamp schema (see _Stamps), kept for every load of the
#: process (the halls of a province are mostly of one month: each text is read once per worker, not
#: once per hall); forgotten whole at the end of a load past _READ_STAMPS_KEPT texts (never during
#: one: a hall of a year's moments would read its texts again and again)
_READ_STAMPS: dict[SchemaValidator, _Stamps] = {}
_READ_STAMPS_KEPT = 1 << 15


class _Stamps(dict[bytes, datetime]):
    """The moments of timestamp texts, UTF-8 encoded (see _stamp_text), one per timestamp schema for
    the process (_READ_STAMPS): a text seen first is read by the field's own schema and kept, so a
    chunk's column of texts becomes its moments in one C-level ``map`` (a text seen before, in this
    load or an earlier one, costs a dict look-up), then the loader's equal ones (see _moments)."""

    __slots__ = ("_read", "_read_list")

    def __init__(self, reader: SchemaValidator) -> None:
        super().__init__()
        self._read = reader.validate_json
        many = _STAMP_LISTS.get(reader)
        self._read_list = None if many is None else many.validate_json

    def read_new(self, texts: Iterable[bytes]) -> None:
        """Read ``texts``, none of them known yet (those ``get`` found no moment for, see _moments),
        with one call of the field's schema (over a JSON array of them, each once) and keep their
        moments, what :meth:`__missing__` does for each, in one call instead of a Python call and a
        pydantic-core call per text. When any of them is one :meth:`__missing__` would refuse (the
        schema refuses it, it needs JSON escaping, it is not bytes), none is kept: they are then read
        one by one, and the refused one raises there, as before."""
        if self._read_list is None:
            return
        new = list(dict.fromkeys(texts))
        if len(new) < 2:
            return
        try:
            if b"".join(new).strip(_JSON_PLAIN):  # a byte JSON escapes (see __missing__)
                return
            values = self._read_list(b'["' + b'","'.join(new) + b'"]')
        except Exception:
            return
        if (
            len(values) != len(new)
            or not all(map(operator.is_, map(type, values), itertools.repeat(datetime)))
            or any(map(_fold, values))
        ):  # (never from JSON text) not to be shared: __missing__ refuses it
            return
        self.update(zip(new, values, strict=True))

    def __missing__(self, text: bytes) -> datetime:
        if text.__class__ is not bytes:
            raise TypeError(f"a timestamp's text, not {type(text).__name__}")
        # the text as a JSON string: quoted as it is when it holds nothing JSON escapes (printable
        # ASCII but " and \\, as any timestamp: nothing is left once those bytes are stripped from
        # both ends; a third of the cost of ``translate``, which builds a table of 256 for each
        # call), else by json.dumps; the schema raises for a text it refuses (see _stamp_text)
        quoted = b'"' + text + b'"' if not text.strip(_JSON_PLAIN) else json.dumps(text.decode("utf-8"))
        value = self._read(quoted)
        if value.__class__ is not datetime or value.fold:  # (never from JSON text) not to be shared
            raise ValueError(f"not a shared moment: {value!r}")
        self[text] = value
        return value


def _stamps_of(reader: SchemaValidator) -> _Stamps:
    stamps = _READ_STAMPS.get(reader)
    if stamps is None:
        stamps = _READ_STAMPS[reader] = _Stamps(reader)
    return stamps


def _forget_stamps_past_kept() -> None:
    """Forget the texts of a timestamp schema past _READ_STAMPS_KEPT (at the end of a load)."""
    for stamps in _READ_STAMPS.values():
        if len(stamps) > _READ_STAMPS_KEPT:
            stamps.clear()


def _moments(stamps: _Stamps, texts: list[bytes], times: dict[Any, Any] | None) -> list[datetime]:
    """The moments of timestamp ``texts``, each the one equal moment of the loader's pool ``times``
    (the first equal one it met, a timestamp read as its text or another field's), as a text at a
    time did (``times.setdefault``). When a text is one the schema refuses (it raises), the moments of
    the texts before it are pooled all the same, as a text at a time would have pooled them."""
    try:
        moments: list[Any] = list(map(stamps.get, texts))
        # texts not read yet (most of a chunk's in a fresh process), read at once (a moment is never false)
        if not all(moments):
            stamps.read_new(itertools.compress(texts, map(operator.not_, moments)))
            moments = list(map(stamps.__getitem__, texts))
    except Exception:
        if times is not None:
            for text in texts:
                try:
                    moment = stamps[text]
                except Exception:
                    break
                times.setdefault(moment, moment)
        raise
    if times is None:
        return moments
    return list(map(times.setdefault, moments, moments))


def _build(
    builds: dict[type[BaseModel], _Build],
    cls: type[BaseModel],
    given: list[dict[str, Any]],
    shapes: _Shapes,
    loader: _Loader | None = None,
    keys: list[int] | None = None,
    made: dict[str, list[dict[str, Any]]] | None = None,
) -> list[Any]:
    """Records of ``cls`` from typed dicts of the fields given (see above), column by column, as the
    model's validator and the compaction's layout would make them; sub-models first.

    With ``loader``, the records are also compacted (their values shared in the loader's pools, as
    ``loader._compact_all(records, False)`` would share them, in the same order: sub-records first,
    then the records' own columns), on the dicts they are made of rather than on the records after,
    and ``keys[0]`` grows by the keys the records were given (what the compaction says, see
    _key_count).

    With ``made``, the records' own dicts (their ``__dict__``, made here) are noted in it, under
    ``""``, and those of each list-of-sub-model field's records, all of them in order, under its
    name: what a caller would otherwise fetch from each record again (_Loader._accept_chunk). Not
    noted when a validator of the model runs after it (it could give another record)."""
    build = builds[cls]
    n = len(given)
    for name, sub in build.models:
        column: list[Any] = list(map(dict.get, given, itertools.repeat(name)))
        dicts = list(map(operator.is_, map(type, column), itertools.repeat(dict)))
        if any(dicts):
            subs = _build(builds, sub, list(itertools.compress(column, dicts)), shapes, loader, keys)
            _drain(map(operator.setitem, itertools.compress(given, dicts), itertools.repeat(name), subs))
    for name, sub in build.model_lists:
        lists = list(filter(None, map(dict.get, given, itertools.repeat(name))))
        if lists:
            flat = list(itertools.chain.from_iterable(lists))
            below: dict[str, list[dict[str, Any]]] | None = None if made is None else {}
            records = iter(_build(builds, sub, flat, shapes, loader, keys, below))
            if below and made is not None:
                made[name] = below[""]
            # each list's items replaced, in place, by the records made of them (in order)
            _drain(map(operator.setitem, lists, itertools.repeat(slice(None)),
                       map(itertools.islice, itertools.repeat(records), map(len, lists))))  # fmt: skip
    filled = list(map(dict.copy, itertools.repeat(build.template, n)))
    _drain(map(dict.update, filled, given))
    for name, factory, made_of_model in build.factories:
        missing = list(map(operator.not_, map(dict.__contains__, given, itertools.repeat(name))))
        k = sum(missing)
        if k:
            values = (
                _build(builds, factory, [{} for _ in range(k)], shapes, loader, keys)
                if made_of_model
                else [factory() for _ in range(k)]
            )
            _drain(map(operator.setitem, itertools.compress(filled, missing), itertools.repeat(name), values))
    stamped: list[str] = []
    noted = loader.times if loader is not None else None
    for name, reader, required in build.stamps:  # each timestamp's text -> its moment (see _stamp_text)
        column = list(map(operator.itemgetter(name), filled))
        if required:  # in every record (an event's time)
            _drain(map(operator.setitem, filled, itertools.repeat(name),
                       _moments(_stamps_of(reader), column, noted)))  # fmt: skip
        else:
            present = list(map(operator.is_not, column, itertools.repeat(None)))
            if any(present):
                moments = _moments(_stamps_of(reader), list(itertools.compress(column, present)), noted)
                _drain(
                    map(
                        operator.setitem, itertools.compress(filled, present), itertools.repeat(name), moments
                    )
                )
        stamped.append(name)
    if loader is not None and keys is not None:
        plan = _PLANS.get(cls) or _plan(cls)
        keys[0] += sum(map(len, given)) + loader._share_values(
            plan, filled, False, frozenset(stamped), given, build.sparse
        )
    fields_sets = map(shapes.in_order.__getitem__, map(tuple, given))
    records_: list[Any] = build.make.validate_python(list(zip(filled, itertools.repeat(None), fields_sets)))
    for after in build.after:
        records_ = list(map(after, records_))
    if made is not None and not build.after:
        made[""] = filled
    return records_


class _Batch:
    """The fast validator of a chunk of jsonl lines (bytes): their records, None for a line it refuses;
    each line parsed and validated on its own (a ``json`` schema around the model's), so a line
    cannot join its neighbours into one value. The records are built from typed dicts (see above)
    when ``builds`` says how, else validated as models."""

    __slots__ = ("_builds", "_validator")

    def __init__(self, validator: SchemaValidator, builds: dict[type[BaseModel], _Build] | None) -> None:
        self._validator = validator
        self._builds = builds

    def records(
        self, lines: list[bytes], model: type[BaseModel], shapes: _Shapes, loader: _Loader | None = None
    ) -> list[Any]:
        """The records of ``lines`` of ``model`` (None for a line refused); ``shapes``: the loader's
        shared fields-sets."""
        return self.compacted(lines, model, shapes, loader)[0]

    def compacted(
        self,
        lines: list[bytes],
        model: type[BaseModel],
        shapes: _Shapes,
        loader: _Loader | None,
        made: dict[str, list[dict[str, Any]]] | None = None,
    ) -> tuple[list[Any], int | None]:
        """:meth:`records`, and with ``loader`` the records compacted as ``loader._compact_all`` would
        (see _build) and the keys they were given (what it says); else, or for records validated as
        models, None for the keys (not compacted). With ``made``, and every line a record, the dicts
        _build made are noted in it (see _build)."""
        out: list[Any] = self._validator.validate_python(lines)
        if self._builds is None:
            return out, None
        keys = [0] if loader is not None else None
        given = list(filter(_is_not_none, out))
        if len(given) == len(out):
            return (_build(self._builds, model, given, shapes, loader, keys, made) if given else out), (
                None if keys is None else keys[0]
            )
        built = iter(_build(self._builds, model, given, shapes, loader, keys) if given else ())
        return [None if one is None else next(built) for one in out], None if keys is None else keys[0]


def _fast_validate(model: type[BaseModel], text: str | None, data: Any) -> Any:
    """``model``'s record from jsonl ``text`` (or parsed ``data``) by the fast path, or None when
    the model itself must decide (see above)."""
    fast = _fast_validator(model)
    if fast is None:
        return None
    validator, history, _ = fast
    try:
        obj = validator.validate_json(text) if text is not None else validator.validate_python(data)
    except Exception:
        return None
    if history and not _own_events(obj):
        return None
    return obj


# -- keys given twice (see govhall._dupkeys) ------------------------------------------------------------
#
# pydantic-core, reading a jsonl line's bytes, keeps the last value of a key given twice, as every
# JSON parser does. The fast path tells the lines that give none from what it validated, without
# parsing them again: a record's model instances hold in their fields-sets the fields the text gave
# (each at most once however often it was given), its dicts their keys; when those add up to
# _dupkeys.key_bound of the line's bytes (an upper bound of the keys the text gave, counting each
# mention), no key was given twice. A line where they do not is read by the model path
# (_Loader._one), which parses it once more to find the key (_twice_in_text): a key given twice, or
# a string holding a '":' (the bound then over-counts, and the record is read as always).
#
# That a fields-set counts input keys only holds for a schema that builds no model or dict from
# anything but a JSON object's own keys: no validator before, around or instead of a model, a dict or
# a field holding one. _keys_counted checks the fast schema once per model; a model that fails (none
# does today) sends every line through the exact check.

_KEYED: dict[type[BaseModel], bool] = {}
_CONTAINERS = frozenset(
    {"model", "model-fields", "typed-dict", "dict", "dataclass", "dataclass-args", "definition-ref"}
)
_FUNCTIONS = frozenset({"function-before", "function-wrap", "function-plain"})


def _keys_counted(model: type[BaseModel]) -> bool:
    """Whether :func:`_key_count` of a record the fast validator gives is at most the distinct keys
    of its text (see above)."""
    known = _KEYED.get(model)
    if known is None:
        event_hooks, local_time = _hooks()
        owner_check = getattr(Event._one_owner, "__func__", Event._one_owner)
        known = _KEYED[model] = _schema_counts_keys(
            _without_hooks(model.__pydantic_core_schema__, event_hooks, local_time, owner_check)
        )
    return known


def _schema_counts_keys(schema: Any) -> bool:
    """No ``model`` node of core ``schema`` has a validator of its own (before, around or after
    init) and no field :func:`_key_count` descends into (a model, a list of them, a dict) has a
    function validator above its container."""

    def function_above_container(node: Any) -> bool:
        if isinstance(node, list):
            return any(map(function_above_container, node))
        if not isinstance(node, dict):
            return False
        kind = node.get("type")
        if kind in _FUNCTIONS:
            return kind == "function-plain" or _holds_container(node.get("schema"))
        if kind in _CONTAINERS:
            return False  # below it, nothing adds keys (a model is checked as a model of its own)
        return any(map(function_above_container, node.values()))

    def visit(node: Any) -> bool:
        if isinstance(node, list):
            return all(map(visit, node))
        if not isinstance(node, dict):
            return True
        if node.get("type") in ("function-before", "function-wrap") and _holds_container(node.get("schema")):
            return False  # a validator before or around a model or dict (wherever it is) may add keys
        if node.get("type") == "model":
            inner = node.get("schema")
            if (
                node.get("post_init")
                or node.get("custom_init")
                or not isinstance(inner, dict)
                or inner.get("type") != "model-fields"
            ):
                return False
            plan = _plan(node["cls"])
            nested = {*plan.models, *plan.model_lists, *plan.dicts}
            for name, field in inner.get("fields", {}).items():
                if name in nested and function_above_container(field.get("schema")):
                    return False
        return all(map(visit, node.values()))

    return visit(schema)


def _holds_model(node: Any) -> bool:
    if isinstance(node, list):
        return any(map(_holds_model, node))
    if not isinstance(node, dict):
        return False
    return node.get("type") in ("model", "definition-ref", "definitions") or any(
        map(_holds_model, node.values())
    )


def _holds_container(node: Any) -> bool:
    if isinstance(node, list):
        return any(map(_holds_container, node))
    if not isinstance(node, dict):
        return False
    return node.get("type") in _CONTAINERS or any(map(_holds_container, node.values()))


def _key_count(objs: list[Any]) -> int:
    """The keys validated records (and everything in them) were given: their models' fields-sets and
    their dicts' keys, added up (see above); column by column, as _Loader._compact_columns goes."""
    cls = objs[0].__class__
    if not all(map(operator.is_, map(type, objs), itertools.repeat(cls))):
        by_class: dict[type, list[Any]] = {}
        for obj in objs:
            by_class.setdefault(obj.__class__, []).append(obj)
        return sum(map(_key_count, by_class.values()))
    if not issubclass(cls, BaseModel):
        return 0  # not a record: the bound over-counts, and the exact check decides
    plan = _PLANS.get(cls) or _plan(cls)
    n = sum(map(len, map(_fields_set_of, objs)))
    if plan.models or plan.model_lists or plan.dicts:
        dicts = list(map(_instance_dict, objs))
        for name in plan.models:
            subs = list(filter(_is_not_none, map(operator.itemgetter(name), dicts)))
            if subs:
                n += _key_count(subs)
        for name in plan.model_lists:
            subs = list(itertools.chain.from_iterable(filter(None, map(operator.itemgetter(name), dicts))))
            if subs:
                n += _key_count(subs)
        for name in plan.dicts:
            n += sum(map(len, filter(_is_not_none, map(operator.itemgetter(name), dicts))))
    return n


def _key_count_one(obj: Any) -> int:
    """``_key_count([obj])``, at the cost of one ``len`` for a record with no model or dict in it (an
    event of the events table: a line of its own)."""
    plan = _PLANS.get(obj.__class__) or _plan(obj.__class__)
    if plan.models or plan.model_lists or plan.dicts or not isinstance(obj, BaseModel):
        return _key_count([obj])
    return len(obj.__pydantic_fields_set__)


def _keys_agree(model: type[BaseModel], obj: Any, text: str, fast: bool) -> bool:
    """Whether the record ``obj`` validated from jsonl ``text`` (by the fast validator, or ``fast``
    False: the model's own) holds as many keys as the text's bound: then none was given twice (see
    above). The model's own validation gives an embedded event that names no owner its record's id
    (``EventHistory._fill_owner``), a key the text did not give: every event's owner key is left out
    of the count then (an event that gave its owner makes the count fall short: the exact check)."""
    if not _keys_counted(model):
        return False
    keys = _key_count_one(obj)
    if not fast and hasattr(obj, "owner_field"):
        owner = obj.owner_field
        keys -= sum(owner in ev.__pydantic_fields_set__ for ev in obj.events)
    return keys == key_bound(text.encode("utf-8", "surrogatepass"))


def _validated_keys_ok(
    batch: _Batch, lines: list[bytes], model: type[BaseModel], shapes: _Shapes
) -> tuple[list[Any] | None, bool]:
    """The records of a chunk of jsonl lines as the fast validator gives them line by line (None for a
    line it refuses; None for all when the call fails), and whether no line gives a key twice, when
    that is known for the chunk at once: every line a record starting with ``{``, and their keys as
    many as the chunk's bound (see _key_count). For the lines the per-line loop accepts one by one (a
    hall's, an events table's), which then need no bound of their own."""
    try:
        objs: list[Any] = batch.records(lines, model, shapes)
    except Exception:  # the loop validates each line itself
        return None, False
    if not all(map(_is_not_none, objs)) or not all(map(bytes.startswith, lines, itertools.repeat(b"{"))):
        return objs, False
    return objs, _key_count(objs) == _dupkeys.key_bound_joined(b"".join(lines))


def _twice_in_text(text: str | bytes) -> Any:
    """The value of JSON ``text`` when some object in it names a key twice (those objects
    :class:`~govhall._dupkeys.Twice`), else None (None too for text that is not JSON, or past a
    limit: the model path names those)."""
    try:
        value, twice = loads_marking(text)
    except (ValueError, RecursionError):
        return None
    return value if twice else None


_OTHER_OWNER = {"application_id": "complaint_id", "complaint_id": "application_id"}


def _own_events(record: Any) -> bool:
    """What ``EventHistory``'s hooks and ``Event``'s one-owner check do, once per record: every
    event names this record (a non-empty id) as its owner and no other owner (else False: the model
    explains), and the history is sorted by time (stable)."""
    events = record.events
    field = record.owner_field
    other = _OTHER_OWNER[field]
    owner = record.id
    if events and not owner:
        return False
    for ev in events:
        values = ev.__dict__
        if values[field] != owner or values[other]:
            return False
    if len(events) > 1:
        events.sort(key=_event_time)
    return True


def _location(line: int | None, source: str | None, table: str) -> str:
    where = f"{table} line {line}" if line is not None else table
    if source:
        where += f" of {_file_name(source)}"
    return where


@functools.lru_cache(maxsize=256)
def _file_name(source: str) -> str:
    # asked once per record (and per embedded event) with the same few paths: parse each path once
    return Path(source).name


_TEMPLATES = _templates()


# -- the loader ------------------------------------------------------------------------------------


class _Loader:
    def __init__(self) -> None:
        self.records = 0
        self.rejected: list[RejectedRecord] = []
        self.tables: dict[str, list[BaseModel]] = {t: [] for t in TABLES if t not in ("hall", "events")}
        self.hall: Hall | None = None
        self.hall_at: str | None = None
        # id -> where it was first seen: the line (an int) in the table's first file, else a description
        self.ids: dict[str, dict[str, int | str | tuple[Any, ...]]] = {t: {} for t in TABLES}
        #: per table, the ids that are not ASCII by their NFC form (see _normalised_twin)
        self.nfc_ids: dict[str, dict[str, str]] = {}
        self.first_source: dict[str, str | None] = {}
        self.accepted: dict[str, dict[str, BaseModel]] = {"items": {}, "applications": {}, "complaints": {}}
        self.folded = 0  # events of the events table appended to their owner (sorted in finish)
        # folded events not compacted yet, by whether their strings are to be shared (_fold_event)
        self.folding: tuple[list[Event], list[Event]] = ([], [])
        self.strings: dict[str, str] = {}
        # equal list[str] values and equal flat dicts (see _SharedList, _SharedDict)
        self.lists = _Pool(_SharedList)
        self.lists[()] = _EMPTY
        self.dicts = _Pool(_SharedDict)
        self.times: dict[Any, Any] = {}  # datetime/date -> one shared object; Decimal text -> Decimal
        self.unshared_moments: list[datetime] = []  # the timestamps not in ``times`` (fold=1)
        self.shapes = _Shapes()
        # class -> (size, kind) -> the fields-set its last record of that size and kind shared
        self.recent_shapes: dict[type, dict[Any, _FieldsSet]] = {}
        self.positions: dict[str, Positions] = {}  # where accepted records were read (govhall.locations)
        self.source_kinds: dict[tuple[str | None, str], SourceKind] = {}
        self.document_sources: set[str] = set()  # files read as one document with every table
        # (source, table, its Positions, the source's index there) of the last record noted
        self.last_position: tuple[str | None, str, Positions, int] | None = None

    # sources

    def read_folder(self, folder: Path) -> dict[str, Any]:
        meta = self._folder_meta(folder)
        by_table: dict[str, list[Path]] = {}
        for path in sorted(folder.iterdir()):
            if path.name.startswith(".") or path.name in META_FILES:
                continue
            suffix = path.suffix.lower()
            if suffix not in DATA_SUFFIXES:
                # applications.xlsx was skipped unsaid; hall.yaml is left alone (beside the data it is the
                # usual name of the hall's profile, and a YAML document is read when named), but staff.yaml
                # and applications.jsonl.gz were skipped unsaid too (a backup, items.csv.bak, still is)
                base = path.name.split(".", 1)[0]
                named = path.stem in TABLES or (suffix in _COMPRESSED and base in TABLES)
                if named and not (base == "hall" and suffix in (".yaml", ".yml")) and path.is_file():
                    self._unreadable_format(path)
                continue
            table = path.stem
            if table not in TABLES:
                if path.is_file():
                    self._unknown_table(table, str(path))
                continue
            _check_readable(path)  # a dangling link, a loop, a folder named like a table: an error
            by_table.setdefault(table, []).append(path)
        for table in TABLE_ORDER:
            for path in by_table.get(table, []):
                self._read_path(path, table)
        return meta

    def read_file(self, path: Path) -> dict[str, Any]:
        suffix = path.suffix.lower()
        if path.stem in TABLES and suffix in DATA_SUFFIXES:
            self._read_path(path, path.stem)
            return {}
        twice = False  # some object in the document names a key twice (see _dupkeys)
        if suffix == ".json":
            text = _decode_bytes(path.read_bytes(), str(path))
            if text.lstrip().startswith("["):  # one table's records, named like no table: which is unknown
                # (a broken element refused it as "not valid JSON", the way its fix would not go)
                raise DatasetError(_LIST_NOT_DOCUMENT.format(path=path))
            try:
                doc, twice = loads_marking(text)
            except json.JSONDecodeError as exc:
                # a break inside a table that leaves the quotes in step (so the brackets tell where each
                # table ends): the tables read one by one, the broken one's elements after the break too
                in_step = exc.msg.startswith(("Expecting", "Illegal trailing comma"))
                try:
                    if not in_step:
                        raise DatasetError(str(path))
                    doc = _document_by_table(text, str(path), closed=True)
                except (DatasetError, ValueError, RecursionError):  # between the tables, or out of step
                    table = _table_at(text, exc.pos)
                    inside = f" in the table {table!r}" if table else ""
                    raise DatasetError(
                        f"{path}: not valid JSON{inside}: {_json_msg(exc)} (line {exc.lineno}, column "
                        f"{exc.colno})",
                        **({"table": table} if table else {}),
                    ) from None
            except (RecursionError, ValueError):  # a record past a limit: read the tables one by one
                doc = _document_by_table(text, str(path))
        elif suffix in (".yaml", ".yml"):
            text = _decode_bytes(path.read_bytes(), str(path))
            try:
                # an impossible unquoted date (2025-02-30) is its text: the record holding it is rejected
                # alone, naming its field and line, as JSON's is (the whole file was "not valid YAML")
                doc, twice = _dupkeys.yaml_marking(text, no_day_as_text=True)
            except yaml.YAMLError as exc:
                raise DatasetError(f"{path}: not valid YAML: {' '.join(str(exc).split())}") from None
            except (ValueError, TypeError) as exc:  # PyYAML's own error for an unquoted 2025-02-30
                raise DatasetError(
                    f"{path}: not valid YAML: {exc} (a date written without quotes?)"
                ) from None
            except RecursionError:
                raise DatasetError(
                    f"{path}: nested too deep to read as YAML (records are limited to {MAX_DEPTH} levels); "
                    "use JSON or jsonl, where one such record is rejected on its own",
                    path=str(path),
                ) from None
            refuse_alias_bomb(doc, path, DatasetError)
        else:
            raise DatasetError(
                f"{path}: not a dataset: give a folder, a JSON/YAML document, or a table file named after its "
                f"table ({', '.join(TABLES)}) with extension {', '.join(DATA_SUFFIXES)}"
            )
        if isinstance(doc, list):
            raise DatasetError(_LIST_NOT_DOCUMENT.format(path=path))
        if not isinstance(doc, Mapping):
            raise DatasetError(f"{path}: a dataset document must be a JSON object whose keys are table names")
        if type(doc) is Twice:
            where = f"{path} (line {doc.line})" if doc.line is not None else str(path)
            raise _document_key_twice(where, doc.key)
        as_of = doc.get("as_of")  # the dataset's own date: no record to reject, the file is refused
        if isinstance(as_of, _dupkeys.NoDay):
            raise DatasetError(
                f"{path}: not valid YAML: as_of: {str(as_of)!r} is no date ({as_of.why}; quoted, it "
                f"is a text) (line {as_of.line}, column {as_of.column})",
                path=str(path),
            )
        return self.read_document(doc, origin=str(path), twice=twice)

    def read_document(
        self, doc: Mapping[str, Any], origin: str | None, twice: bool = False
    ) -> dict[str, Any]:
        """Read the tables of a dataset document (``twice``: some object in it names a key twice, as
        in a _dupkeys.Marked document)."""
        twice = twice or isinstance(doc, _dupkeys.Marked)
        if origin is not None:
            self.document_sources.add(origin)
        meta = {k: doc[k] for k in ("as_of", "name") if k in doc}
        meta["_where"] = origin or "the document"
        for key in doc:
            if key not in TABLES and key not in _META_KEYS:
                self._unknown_table(str(key), origin)
        for table in TABLE_ORDER:
            if table in doc:
                value = doc[table]
                if isinstance(value, _TableText):
                    self._consume(_iter_json_text(value.text, table, origin or "the document"))
                else:
                    self._consume(_iter_value(value, table, origin, twice))
        return meta

    def _read_path(self, path: Path, table: str) -> None:
        """Read the table file ``path``: jsonl by :meth:`_read_jsonl`, the others record by record."""
        if path.suffix.lower() in (".jsonl", ".ndjson"):
            self._read_jsonl(path, table)
        else:
            self._consume(self._iter_path(path, table))

    def _read_jsonl(self, path: Path, table: str) -> None:
        """``self._consume(_iter_jsonl(path, table))``, faster for a file that is UTF-8 throughout.

        Every line of such a file decodes, and its bytes are what its decoded text would be encoded
        as: a line that starts with ``{`` and is within the limits by its bytes goes to the fast
        validator undecoded, and a record it settles is accepted right here, without :meth:`_one`
        and :func:`_fast_validate` (frames that cost about as much as a small record's validation).
        Any other line is read as :func:`_iter_jsonl` reads it and goes to :meth:`_one`, as it always
        did: the records, rejections and positions are the same either way
        (tests/test_loader_fast_jsonl.py).

        The lines come a chunk at a time (:func:`_line_chunks`), and a record that passes every
        check of :meth:`_accept` at once (a new id, its item known, its events' ids new: nearly all
        of them) is accepted inline; any other goes to :meth:`_accept`, which decides and explains
        as it always did.

        The file's encoding is decided when a line first needs it (:meth:`_decide`), not before
        the loop: a line the fast validator accepts is UTF-8 (pydantic-core refuses a line that is
        not), so a file whose every line it accepts is UTF-8 throughout, and the two passes over the
        file that decide (a NUL scan and a decoding, 5 % of a province hall's load) are saved. The
        first line that needs the encoding (any line that is not a good record: blank, past a limit,
        invalid) decides it; when the file turns out not to be UTF-8 throughout, what was read of it
        is undone and the file read again line by line, as :func:`_iter_jsonl` reads it.
        """
        model = TABLES[table]
        fast = _fast_validator(model)
        rows = self.tables.get(table)
        encoding = "utf-8-sig"
        # undecided: where to undo to (for a hall or events file, whose records change more than
        # their table, the encoding is decided first, as before)
        mark: tuple[Any, ...] | None = None
        if fast is None or rows is None:
            encoding, whole = _line_encoding_checked(path)
            if fast is None or not whole or encoding != "utf-8-sig":
                self._consume(_iter_jsonl(path, table, encoding))
                return
        else:
            mark = self._mark(table)
        validate = fast[0].validate_json
        history = fast[1]
        keyed = _keys_counted(model)  # else every line goes to _one, which looks for keys given twice
        # chunk by chunk for a table's records (the hall's and events' go to _accept one by one)
        batch = fast[2] if rows is not None else None
        all_lines = fast[2]  # the hall's and events' lines are validated a chunk at a time all the same
        where = str(path)
        numbers = _has_numbers(model)
        # whether a record of the table could nest past MAX_DEPTH at all (see _schema_depth): if not,
        # a deeper line cannot validate, and goes to _jsonl_record (which names the limit) anyway
        deep = _schema_depth(model) > MAX_DEPTH
        # one _Raw for the lines the fast path settles, its line and bytes set for each (what
        # _accept keeps of it are its values, never the object); any other line gets its own
        record = _Raw(table, None, where, blob=b"")
        # what the inline accept needs, looked up once per file (hall and events records always go
        # to _accept: one hall per dataset, events fold into their owner)
        id_field = _ID_FIELD.get(table, "id")
        seen = self.ids[table]
        by_id = self.accepted.get(table)
        items = self.accepted["items"] if table == "applications" else None
        rejections = self.rejected
        compact = self._compact_all
        same_source: bool | None = None  # whether ids of this file are noted by line (see _take_id)
        note_index: Any = None  # the bound appends of this file's Positions, once it has one
        note_line: Any = None
        source_index = 0
        count = 0
        try:
            with path.open("rb") as fh:
                for first, offset, lines in _line_chunks(fh):
                    self._compact_folded()  # the events the previous chunk folded (see _fold_event)
                    if lines is None:  # a line _line_chunks cannot settle: the rest line by line
                        if mark is not None:
                            if not self._decide(path, table, mark):
                                count = 0
                                return
                            mark = None
                        cr_in_line = _cr_in_line(fh)
                        heads: dict[int, bytes] = {}
                        for lineno, start, raw, size in _binary_lines(
                            fh, first - 1, offset, cr_in_line=cr_in_line, heads=heads
                        ):
                            head = heads.pop(lineno, None) if raw is None else None
                            self._consume(
                                _jsonl_records(
                                    table, where, encoding, numbers, lineno, start, raw, size, head
                                )
                            )
                        break
                    if batch is not None:
                        settled = self._accept_chunk(
                            table, record, first, lines, batch, history, numbers, deep
                        )
                        if settled is True:  # every line a record accepted (see _accept_chunk)
                            count += len(lines)
                            continue
                    else:
                        settled = False
                    # the chunk line by line: the records the batch validated (None for a line it
                    # refused) when its checks stopped at a record the loop below must decide
                    pre = settled if settled.__class__ is list else None
                    # whether no line of the chunk gives a key twice, known for the chunk at once
                    # (else asked line by line, below)
                    keys_ok = False
                    if batch is None and keyed:  # a hall's or events table's lines: validated at once
                        pre, keys_ok = _validated_keys_ok(all_lines, lines, model, self.shapes)
                    for lineno, raw in enumerate(lines, first):
                        # a filter on the bytes before any decoding: a bracket or a digit is one byte
                        # of the same value in UTF-8 and GB18030 (bytes of GB18030's multi-byte
                        # characters can look like them too, so the bytes can only over-count), hence
                        # a line whose bytes hold at most MAX_DEPTH brackets and no run of more than
                        # MAX_NUMBER_DIGITS digits is within both limits (two counts, and a translate
                        # of every tenth byte for a table with numeric fields, the whole line only when
                        # those show a long run (see _TOO_MANY_SAMPLED), where _text_limits' regex
                        # takes 11 us on a 2 KB line); any other line is checked exactly as before, by
                        # _jsonl_record
                        if (
                            raw[0] != 0x7B
                            or (deep and raw.count(b"{") + raw.count(b"[") > MAX_DEPTH)
                            or (
                                numbers
                                and _TOO_MANY_SAMPLED in raw[::10].translate(_DIGITS_AS_ZERO)
                                and _TOO_MANY_DIGITS in raw.translate(_DIGITS_AS_ZERO)
                            )
                        ):
                            if not raw.strip():  # blank (ASCII white space): no record, any encoding
                                continue
                            if mark is not None:
                                if not self._decide(path, table, mark):
                                    count = 0
                                    return
                                mark = None
                            start = offset + sum(map(len, lines[: lineno - first]))
                            self._consume(
                                _jsonl_records(table, where, encoding, numbers, lineno, start, raw, len(raw))
                            )
                            continue
                        count += 1
                        rejected = len(rejections)
                        try:
                            try:
                                obj = validate(raw) if pre is None else pre[lineno - first]
                            except Exception:  # the model decides and explains (see _fast_validate)
                                obj = None
                            if (
                                obj is not None
                                and (not history or _own_events(obj))
                                and keyed
                                and (keys_ok or _key_count_one(obj) == key_bound(raw))
                            ):  # (a line that may give a key twice: the model path below decides)
                                values = obj.__dict__
                                record_id = values[id_field]
                                if (
                                    rows is None
                                    or record_id is None
                                    or record_id in seen
                                    or (
                                        not record_id.isascii()
                                        and self._normalised_twin(table, record_id) is not None
                                    )
                                    or (items is not None and values["item_code"] not in items)
                                    or (
                                        history
                                        and values["events"]
                                        and not self._claim_events(obj, lineno, where, table)
                                    )
                                ):  # _accept decides and explains (an event id clash claimed nothing)
                                    record.line = lineno
                                    record.blob = raw
                                    self._accept(record, obj)
                                    continue
                                # _accept, inline, for a record that passes all its checks
                                if same_source is None:
                                    same_source = self.first_source.setdefault(table, where) == where
                                seen[record_id] = lineno if same_source else _location(lineno, where, table)
                                compact((obj,), False)  # see _compact (while the record is in the cache)
                                if note_line is None:  # the file's first record: its Positions slot
                                    record.line = lineno
                                    self._note_position(record)
                                    _, _, positions, source_index = self.last_position  # type: ignore[misc]
                                    note_index = positions.source_index.append
                                    note_line = positions.number.append
                                else:  # Positions.add_number, inline
                                    note_index(source_index)
                                    note_line(lineno)
                                rows.append(obj)
                                if by_id is not None:
                                    by_id[record_id] = obj
                                continue
                        except Exception as exc:  # any failure on one record is that record's rejection
                            record.line = lineno
                            self._failed(record, exc, rejected)
                            continue
                        if mark is not None:
                            if not self._decide(path, table, mark):
                                count = 0
                                return
                            mark = None
                        # the model decides and explains, from the text exactly as _jsonl_record reads
                        # it (the line starts with "{")
                        text = raw.decode("utf-8").strip()
                        odd = _Raw(
                            table, lineno, where, text=text, truncated=not raw.endswith((b"\n", b"\r"))
                        )
                        try:
                            self._one(odd)
                        except Exception as exc:
                            self._failed(odd, exc, rejected)
        finally:
            self.records += count
            self._compact_folded()

    def _accept_chunk(
        self,
        table: str,
        record: _Raw,
        first: int,
        lines: list[bytes],
        batch: _Batch,
        history: bool,
        numbers: bool,
        deep: bool,
    ) -> bool | list[Any]:
        """Accept the lines of a chunk of a jsonl file of ``table`` (numbered from ``first``) at
        once when each is a record that :meth:`_read_jsonl`'s loop would accept inline; say True.
        Otherwise change nothing and say False, or give the records the batch validated (None for
        a line it refused), for the loop to decide line by line.

        What the loop does for each line, done for the chunk with one call each (C-level ``map``
        over the records, set and dict operations), so a clean chunk costs no Python loop body per
        record. The gain is smaller than the loop bodies suggest: most of a load is pydantic-core's
        validation and the compaction's dict work, which stay (a 20,000-application hall, measured
        with cachegrind: 1.6 % fewer instructions and 20 % fewer L1 data-cache misses, the records
        of a chunk being handled while they are still in the cache; the load's CPU time in
        benchmarks/audit_bench.py, A/B: 0.89-0.96 s instead of 1.00-1.02 s):

        * the byte filter (every line starts with ``{``, within the limits by its bytes);
        * one pydantic-core call validates every line, each parsed on its own (the ``json``
          schema of an element, see :func:`_compile_fast`: a line that is not one JSON value cannot
          join its neighbours into one), a line it refuses given as None, and the records are built
          from what it gives (:class:`_Batch`);
        * the checks of :meth:`_accept`: ids present, new and distinct, each application's item
          known, each history's events owned by their record (:func:`_own_events`) with ids
          present, new and distinct (:meth:`_claim_events`);
        * the compaction, then the ids, rows and positions, appended in line order.

        Any chunk with a line that fails one of them goes line by line: the same records,
        rejections and positions either way (tests/test_loader_fast_jsonl.py).
        """
        n = len(lines)
        if not all(map(bytes.startswith, lines, itertools.repeat(b"{"))):
            return False
        if deep and any(map(operator.lt, itertools.repeat(MAX_DEPTH), map(_brackets, lines))):
            return False
        # every 10th byte of the chunk shows a run of digits past the limit in any of its lines
        # (see _TOO_MANY_SAMPLED: line ends are no digits, so no run spans two lines)
        joined = b"".join(lines)
        if numbers and _TOO_MANY_SAMPLED in joined[::10].translate(_DIGITS_AS_ZERO):
            return False
        moments = len(self.unshared_moments)
        made: dict[str, list[dict[str, Any]]] = {}  # the records' dicts, as _build made them
        try:
            # the records compacted as they are built (keys: what the compaction says, see _build)
            objs, keys = batch.compacted(lines, TABLES[table], self.shapes, self, made)
        except Exception:  # not a refusal of one line (those are None): the loop decides
            del self.unshared_moments[moments:]
            return False
        if not all(map(_is_not_none, objs)):
            return objs
        if not _keys_counted(TABLES[table]):  # every line to _one, which looks for keys given twice
            return objs
        dicts = made.get("") or list(map(_instance_dict, objs))
        ids = list(map(operator.itemgetter(_ID_FIELD.get(table, "id")), dicts))
        seen = self.ids[table]
        distinct = set(ids)
        if None in distinct or len(distinct) != n or not seen.keys().isdisjoint(distinct):
            return objs
        if not all(map(str.isascii, distinct)) and any(
            self._normalised_twin(table, i) is not None for i in ids if not i.isascii()
        ):  # an id in another normalisation than one read before (in line order): the loop rejects it
            return objs
        if table == "applications" and not all(
            map(self.accepted["items"].__contains__, map(operator.itemgetter("item_code"), dicts))
        ):
            return objs
        # the ids of the chunk's events, claimed in ``claimed`` (the loader's event ids) before the
        # records are accepted, and forgotten again when they are not (see below)
        event_ids: list[Any] = []
        claimed = self.ids["events"]
        if history:
            histories = list(map(operator.itemgetter("events"), dicts))
            counts = list(map(len, histories))
            events = list(itertools.chain.from_iterable(histories))
            if events:
                if "" in distinct:  # a history needs its record's id (_own_events)
                    return objs
                values = made.get("events") or list(map(_instance_dict, events))
                field = objs[0].owner_field
                owners = itertools.chain.from_iterable(map(itertools.repeat, ids, counts))
                if not all(map(operator.eq, map(operator.itemgetter(field), values), owners)) or any(
                    map(operator.itemgetter(_OTHER_OWNER[field]), values)
                ):
                    return objs
                event_ids = list(map(operator.itemgetter("id"), values))
                if not claimed.keys().isdisjoint(event_ids):
                    return objs
                # each event's id -> where its record is, one tuple per record (as _claim_events),
                # claimed at once: none was known (None never is), so the chunk's events have ids,
                # each its own, when they add as many as there are events; else, or when the records
                # are not accepted below, the ids are forgotten again, as if never claimed
                where = zip(
                    range(first, first + n), itertools.repeat(record.source), itertools.repeat(table), objs
                )
                known = len(claimed)
                claimed.update(
                    zip(
                        event_ids,
                        itertools.chain.from_iterable(map(itertools.repeat, where, counts)),
                        strict=False,
                    )
                )
                if len(claimed) != known + len(events) or None in claimed:
                    _unclaim(claimed, event_ids)
                    return objs
                _drain(map(_sort_by_time, histories))  # stable, as _own_events sorts
        if keys is None:  # records validated as models (see _Batch): compacted here
            try:
                keys = self._compact_all(objs, False)
            except Exception:  # the loop validates again and rejects the record it fails on
                _unclaim(claimed, event_ids)
                del self.unshared_moments[moments:]
                return False
        if keys != _dupkeys.key_bound_joined(joined):
            # a line may give a key twice (see _key_count; the compaction counted the keys given):
            # the loop validates the lines again, one by one, and finds it; nothing of these records
            # is kept but shared values (as _undo leaves them)
            _unclaim(claimed, event_ids)
            del self.unshared_moments[moments:]
            return False
        source = record.source
        numbers_ = range(first, first + n)
        if self.first_source.setdefault(table, source) == source:
            seen.update(zip(ids, numbers_, strict=True))
        else:
            seen.update(
                zip(
                    ids,
                    map(_location, numbers_, itertools.repeat(source), itertools.repeat(table)),
                    strict=False,
                )
            )
        self.tables[table].extend(objs)
        by_id = self.accepted.get(table)
        if by_id is not None:
            by_id.update(zip(ids, objs, strict=True))
        last = self.last_position
        if last is None or last[0] is not source or last[1] is not table:  # the file's first record
            record.line = first
            self._note_position(record)
            numbers_ = numbers_[1:]
        _, _, positions, source_index = self.last_position  # type: ignore[misc]
        # from an array and a list: array.extend of an iterator converts and appends item by item
        indices = positions.source_index
        indices.extend(array(indices.typecode, (source_index,)) * len(numbers_))
        positions.number.fromlist(list(numbers_))
        return True

    def _decide(self, path: Path, table: str, mark: tuple[Any, ...]) -> bool:
        """Decide the encoding of the jsonl file ``path`` of ``table``, which :meth:`_read_jsonl`
        has read up to a line that needs it: True when the file is UTF-8 throughout (the loop goes
        on); else undo what the loop read of it (back to ``mark``), read the whole file again line by
        line in its encoding, and say False. A file that is not text raises, as before any line."""
        encoding, whole = _line_encoding_checked(path)
        if whole and encoding == "utf-8-sig":
            return True
        self._undo(table, mark)
        self._consume(_iter_jsonl(path, table, encoding))
        return False

    def _mark(self, table: str) -> tuple[Any, ...]:
        """What reading a file of ``table`` (not the hall's, not the events') can change, as it
        stands now: the lengths of what grows (see :meth:`_undo`)."""
        positions = self.positions.get(table)
        return (
            len(self.rejected),
            len(self.tables[table]),
            len(self.ids[table]),
            len(self.ids["events"]),
            len(self.accepted.get(table, ())),
            table in self.first_source,
            positions,
            None if positions is None else (len(positions.sources), len(positions.number)),
            self.last_position,
        )

    def _undo(self, table: str, mark: tuple[Any, ...]) -> None:
        """Put the loader back as it was at ``mark`` (:meth:`_mark`). Everything a record of the
        table adds is appended (lists, arrays) or inserted as a new key (dicts, whose ``popitem``
        takes the newest first); the shared strings, times and shapes stay (they hold no record).
        ``records`` has not changed: the loop counts its lines locally, and a line it hands on is
        one that needs the encoding, decided before."""
        rejected, rows, ids, event_ids, accepted, had_source, positions, sizes, last = mark
        del self.rejected[rejected:]
        del self.tables[table][rows:]
        for grown, size in (
            (self.ids[table], ids),
            (self.ids["events"], event_ids),
            (self.accepted.get(table, {}), accepted),
        ):
            while len(grown) > size:
                grown.popitem()
        if not had_source:
            self.first_source.pop(table, None)
        if positions is None:
            self.positions.pop(table, None)
        else:
            del positions.sources[sizes[0] :]
            del positions.source_index[sizes[1] :]
            del positions.number[sizes[1] :]
        self.last_position = last

    def _claim_events(self, obj: Any, line: int, source: str, table: str) -> bool:
        """Claim the ids of a record's embedded events when each has one and none was used before
        (:meth:`_embedded_event_ids`' common case, without a _Raw) and say True; else claim nothing
        and say False (:meth:`_accept` then decides, event by event)."""
        events = obj.events
        seen = self.ids["events"]
        ids = dict.fromkeys(map(_event_id, events), (line, source, table, obj))
        if len(ids) == len(events) and None not in ids and seen.keys().isdisjoint(ids):
            seen.update(ids)  # type: ignore[arg-type]  # None is not among them (checked above)
            return True
        return False

    def _iter_path(self, path: Path, table: str) -> Iterator[_Raw]:
        """The records of a table file other than jsonl (those are read by :meth:`_read_jsonl`)."""
        suffix = path.suffix.lower()
        if suffix == ".csv":
            return _iter_csv(path, table)
        if suffix == ".parquet":  # pyarrow only when a Parquet table is read (extra [parquet])
            from govhall.parquet import iter_parquet

            return iter_parquet(path, table)
        return _iter_json_file(path, table)

    def _folder_meta(self, folder: Path) -> dict[str, Any]:
        meta: dict[str, Any] = {}
        for name in META_FILES:
            path = folder / name
            if not os.path.lexists(path):
                continue
            _check_readable(path)
            text = _decode_bytes(path.read_bytes(), str(path))
            try:
                data = (
                    _dupkeys.loads_unique(text)
                    if name.endswith(".json")
                    else yaml.load(text, Loader=_dupkeys.UniqueKeyLoader)  # noqa: S506 - a safe loader
                )
            except (json.JSONDecodeError, yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
                raise DatasetError(f"{path}: cannot be parsed: {exc or type(exc).__name__}") from None
            if data is None:
                continue
            if not isinstance(data, Mapping):
                raise DatasetError(f"{path}: expected an object with as_of and/or name")
            unknown = set(data) - _META_KEYS
            if unknown:
                raise DatasetError(
                    f"{path}: unknown key(s) {', '.join(sorted(map(str, unknown)))}; "
                    f"allowed: {', '.join(sorted(_META_KEYS))}"
                )
            for key in ("as_of", "name"):
                if key in data:
                    if key in meta and str(meta[key]) != str(data[key]):
                        raise DatasetError(
                            f"{path}: {key} {data[key]!r} contradicts {meta[key]!r} of {meta['_where']}"
                        )
                    meta[key] = data[key]
            meta["_where"] = str(path)
        return meta

    def _unreadable_format(self, path: Path) -> None:
        """A file named after a table in a format govhall does not read (``applications.xlsx``,
        ``staff.tsv``): one rejection naming it, so the table is not missed in silence."""
        kind = "".join(path.suffixes) or "a file without an extension"
        if path.suffix.lower() in _COMPRESSED:
            kind += " (compressed: decompress it first)"
        self.records += 1
        self.rejected.append(
            RejectedRecord(
                table=path.name.split(".", 1)[0],
                line=None,
                source=str(path),
                reason=(
                    f"{path.name}: a table file is one of {', '.join(DATA_SUFFIXES)}, not {kind}; its records "
                    "were not read (export it as CSV or JSON lines)"
                ),
            )
        )

    def _unknown_table(self, name: str, source: str | None) -> None:
        self.records += 1
        close = difflib.get_close_matches(name, list(TABLES), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        self.rejected.append(
            RejectedRecord(
                table=name,
                line=None,
                record_id=None,
                field=None,
                source=source,
                reason=f"unknown table {name!r}{hint} (known tables: {', '.join(TABLES)}); its records were not read",
            )
        )

    # records

    def _consume(self, raws: Iterable[_Raw]) -> None:
        for raw in raws:
            self.records += 1
            rejected = len(self.rejected)
            try:
                self._one(raw)
            except Exception as exc:  # any failure on one record is that record's rejection
                self._failed(raw, exc, rejected)
            if len(self.folding[0]) + len(self.folding[1]) >= _FOLDED_BATCH:
                self._compact_folded()
        self._compact_folded()

    def _failed(self, raw: _Raw, exc: Exception, rejected: int) -> None:
        """Reject ``raw``, whose reading raised ``exc``, unless it was rejected before that
        (``rejected`` is how many rejections there were when it was started)."""
        if len(self.rejected) == rejected:
            reason = _limit_reason(exc) if isinstance(exc, RecursionError) else (
                f"the record could not be validated: {exc.__class__.__name__}: {exc}"
            )  # fmt: skip
            self._reject(raw, " ".join(reason.split())[:500])

    def _reject(self, raw: _Raw, reason: str, field: str | None = None, record_id: str | None = None) -> None:
        if record_id is None and raw.table == "events":
            record_id = _event_owner(raw)
        self.rejected.append(
            RejectedRecord(
                table=raw.table,
                line=raw.line,
                record_id=record_id,
                field=field,
                reason=reason,
                source=raw.source,
            )
        )

    def _one(self, raw: _Raw) -> None:
        table = raw.table
        model = TABLES[table]
        if raw.error is not None:
            self._reject(raw, raw.error, raw.field, _readable_id(raw.data, table))
            return
        obj: BaseModel | None = None
        data = raw.data
        if raw.twice:
            self._reject_twice(raw, data)
            return
        if raw.text is None:
            problem = _value_limits(data)
            if problem is not None:
                field = None
                if problem is _HAS_SURROGATE:
                    field, problem = _surrogate_problem(data)
                self._reject(raw, problem, field, record_id=_readable_id(data, table))
                return
        try:
            obj = _fast_validate(model, raw.text, data)
            fast = obj is not None
            if obj is None:  # the fast path refused it: the model's own validation decides (and explains)
                if raw.text is not None:
                    obj = model.model_validate_json(raw.text)
                else:
                    obj = model.model_validate(data)
        except ValidationError as exc:
            if raw.text is not None:
                problem = _text_limits(raw.text)
                if problem is not None:
                    self._reject(raw, problem, record_id=_id_in_text(raw.text, table))
                    return
                try:
                    data, twice = loads_marking(raw.text)
                except json.JSONDecodeError as jexc:
                    if raw.truncated:
                        reason = (
                            "the file ends in the middle of this record (truncated file?): "
                            f"{_json_msg(jexc)} (column {jexc.colno})"
                        )
                    else:
                        reason = f"not valid JSON: {_json_msg(jexc)} (column {jexc.colno})"
                    self._reject(raw, reason, record_id=_id_in_text(raw.text, table))
                    return
                if twice:  # a key given twice is named, whatever else is wrong with the record
                    self._reject_twice(raw, data)
                    return
                # a "\\udcff" escape is legal JSON but no text (pydantic's parser refuses the line):
                # named by its field, as the other paths name it
                if "\\u" in raw.text and _lone_surrogate_at(data) is not None:
                    field, reason = _surrogate_problem(data)
                    self._reject(raw, reason, field, _readable_id(data, table))
                    return
            field, reason = _explain(exc, model)
            reason += _no_day_lines(data)
            record_id = _readable_id(data, table)
            taken = self._take_id(table, record_id, raw)
            if taken is not None:
                reason += f"; its id also repeats {taken}"
            self._reject(raw, reason, field, record_id)
            return
        if raw.text is not None and not _keys_agree(model, obj, raw.text, fast):
            parsed = _twice_in_text(raw.text)  # a key given twice, or a string holding '":'
            if parsed is not None:
                self._reject_twice(raw, parsed)
                return
        self._accept(raw, obj)

    def _reject_twice(self, raw: _Raw, value: Any) -> None:
        """Reject the record ``raw`` whose ``value`` holds an object naming a key twice: the key and
        its path named, the record's id (unless the id is the key given twice) claimed as an invalid
        record's is."""
        found = first_twice(value)
        assert found is not None
        path, key, line = found
        table = raw.table
        record_id = None if not path and key == _ID_FIELD.get(table, "id") else _readable_id(value, table)
        reason = twice_reason(path, key, line)
        taken = self._take_id(table, record_id, raw)
        if taken is not None:
            reason += f"; its id also repeats {taken}"
        self._reject(raw, reason, twice_field(path, key), record_id)

    def _take_id(self, table: str, record_id: str | None, raw: _Raw) -> str | None:
        """Claim ``record_id`` for this record; return where it was first used if it was taken."""
        if record_id is None:
            return None
        seen = self.ids[table]
        first = seen.get(record_id)
        if first is not None:
            return self._where(table, first, record_id)
        main = self.first_source.setdefault(table, raw.source)
        seen[record_id] = (
            raw.line
            if raw.line is not None and raw.source == main
            else _location(raw.line, raw.source, table)
        )
        return None

    def _where(self, table: str, stored: int | str | tuple[Any, ...], record_id: str | None = None) -> str:
        if isinstance(stored, int):
            return _location(stored, self.first_source.get(table), table)
        if isinstance(stored, tuple):  # an embedded event: (line, source, owner table, owner record)
            line, source, owner, record = stored
            events = getattr(record, "events", None) or []
            i = next((i for i, ev in enumerate(events) if ev.id == record_id), None)
            return f"{_location(line, source, owner)} (embedded event {i})"
        return stored

    def _accept(self, raw: _Raw, obj: BaseModel) -> None:
        table = raw.table
        id_field = _ID_FIELD.get(table, "id")
        record_id = getattr(obj, id_field, None)
        if table == "hall":
            if self.hall is not None:
                self._reject(
                    raw,
                    f"a dataset holds one hall; the hall is already given at {self.hall_at}",
                    record_id=record_id,
                )
                return
        if record_id is not None:  # _take_id, inline: asked once for every record read
            seen = self.ids[table]
            first = seen.get(record_id)
            if first is not None:
                where = self._where(table, first, record_id)
                self._reject(
                    raw,
                    f"duplicate {id_field} {echoed_id(record_id)!r}: already used at {where}",
                    id_field,
                    record_id,
                )
                return
            if not record_id.isascii() and (twin := self._normalised_twin(table, record_id)) is not None:
                self._reject(raw, self._twin_reason(table, id_field, record_id, twin), id_field, record_id)
                return
            main = self.first_source.setdefault(table, raw.source)
            line = raw.line
            seen[record_id] = (
                line if line is not None and raw.source == main else _location(line, raw.source, table)
            )
        if table == "applications":
            item_code = obj.item_code  # type: ignore[attr-defined]
            if item_code not in self.accepted["items"]:
                why = self._why_missing("items", item_code)
                self._reject(
                    raw,
                    f"item_code {echoed_id(item_code)!r} {why}: no rule can judge an application without its item",
                    "item_code",
                    record_id,
                )
                return
        if table in ("applications", "complaints"):
            clash = self._embedded_event_ids(obj, raw)
            if clash is not None:
                self._reject(raw, clash, "events", record_id)
                return
        if table == "events":
            self._fold_event(raw, obj)  # type: ignore[arg-type]
            return
        self._compact_all((obj,), raw.text is None and raw.blob is None)  # see _compact
        self._note_position(raw)
        if table == "hall":
            assert isinstance(obj, Hall)  # validated as TABLES["hall"]
            self.hall = obj
            self.hall_at = _location(raw.line, raw.source, table)
            return
        if table in self.accepted and record_id is not None:
            self.accepted[table][record_id] = obj
        self.tables[table].append(obj)

    def _normalised_twin(self, table: str, record_id: str) -> str | None:
        """The id of ``table`` read before that differs from ``record_id`` (not ASCII) only in Unicode
        normalisation (``Café`` with é precomposed, ``Café`` with e and U+0301), or None; when None,
        ``record_id`` is noted. Only ids that are not ASCII are asked (ASCII is its own NFC), so the
        index holds them alone; an id noted by a chunk that was then read line by line finds itself."""
        index = self.nfc_ids.get(table)
        if index is None:
            index = self.nfc_ids[table] = {}
        twin = index.setdefault(unicodedata.normalize("NFC", record_id), record_id)
        return None if twin == record_id else twin

    def _twin_reason(self, table: str, id_field: str, record_id: str, twin: str) -> str:
        from govhall.errors import unicode_written

        first = self.ids[table].get(twin)
        where = f"already used at {self._where(table, first, twin)}" if first is not None else "read before"
        return (
            f"duplicate {id_field} '{echoed_id(unicode_written(record_id))}': the same text as "
            f"'{echoed_id(unicode_written(twin))}' ({where}) in another Unicode normalisation: one id on "
            "screen, two to a program"
        )

    def _note_position(self, raw: _Raw) -> None:
        """Note where an accepted record was read, for reports that place findings on a line."""
        last = self.last_position
        if last is not None and last[0] is raw.source and last[1] is raw.table:
            # the same file as the record before: no look-ups (Positions.add_number, inline)
            last[2].source_index.append(last[3])
            last[2].number.append(raw.line or 0)
            return
        key = (raw.source, raw.table)
        kind = self.source_kinds.get(key)
        if kind is None:
            suffix = Path(raw.source).suffix.lower() if raw.source else ""
            if suffix in (".jsonl", ".ndjson", ".csv"):
                kind = "lines"
            elif raw.source is None or raw.source in self.document_sources:
                kind = "document"
            else:  # a .json table file: an array (or the hall's one object)
                kind = "array"
            self.source_kinds[key] = kind
        pos = self.positions.get(raw.table)
        if pos is None:
            pos = self.positions[raw.table] = Positions()
        self.last_position = (raw.source, raw.table, pos, pos.add(raw.source, kind, raw.line))

    def _why_missing(self, table: str, key: str) -> str:
        first = self.ids[table].get(key)
        if first is not None:
            noun = {"items": "an item", "applications": "an application", "complaints": "a complaint"}[table]
            return f"names {noun} that was rejected ({self._where(table, first)})"
        if not self.ids[table] and not self.accepted.get(table):
            return f"is not in the dataset (it has no {table} table)"
        other = self._other_normalisation(table, key)
        if other is not None:  # 'Café' asked for, 'Café' (decomposed) given: the same on screen
            from govhall.errors import unicode_written

            return (
                f"is not in the {table} table, which holds '{echoed_id(unicode_written(other))}': the same "
                f"text in another Unicode normalisation (asked for '{echoed_id(unicode_written(key))}')"
            )
        return f"is not in the {table} table"

    def _other_normalisation(self, table: str, key: str) -> str | None:
        """The id of ``table`` that differs from ``key`` only in Unicode normalisation (NFC), if any.
        Cold path: the index of the table's ids by their NFC form is built on the first such question
        and again only once the table has grown."""
        ids = self.ids[table]
        cache: dict[str, tuple[int, dict[str, str]]] = self.__dict__.setdefault("_nfc_ids", {})
        size, index = cache.get(table, (-1, {}))
        if size != len(ids):
            index = {}
            for given in ids:
                index.setdefault(unicodedata.normalize("NFC", given), given)
            cache[table] = (len(ids), index)
        found = index.get(unicodedata.normalize("NFC", key))
        return found if found is not None and found != key else None

    def _embedded_event_ids(self, obj: BaseModel, raw: _Raw) -> str | None:
        events: list[Event] = getattr(obj, "events", [])
        if not events:
            return None
        # where the events were: one tuple per record, shared by its events; the event's position
        # is looked up only for a duplicate (see _where)
        owner = (raw.line, raw.source, raw.table, obj)
        seen = self.ids["events"]
        ids = dict.fromkeys(map(_event_id, events), owner)
        if len(ids) == len(events) and None not in ids and seen.keys().isdisjoint(ids):
            seen.update(
                typing.cast(dict[str, Any], ids)
            )  # each event has an id, none seen: the loop below, in C
            return None
        mine: dict[str, Any] = {}
        for i, ev in enumerate(events):
            event_id = ev.id
            if event_id is None:
                continue
            first = seen.get(event_id) or mine.get(event_id)
            if first is not None:
                where = self._where("events", first, event_id)
                return f"events.{i}: duplicate event id {echoed_id(event_id)!r}: already used at {where}"
            mine[event_id] = owner
        if mine:
            seen.update(mine)
        return None

    def _fold_event(self, raw: _Raw, event: Event) -> None:
        if event.application_id:
            owner_table, owner_id, field = "applications", event.application_id, "application_id"
        else:
            owner_table, owner_id, field = "complaints", event.complaint_id or "", "complaint_id"
        if owner_id not in self.accepted[owner_table]:
            why = self._why_missing(owner_table, owner_id)
            self._reject(
                raw,
                f"{field} {echoed_id(owner_id)!r} {why}: an event needs its {owner_table[:-1]}",
                field,
                event.id,
            )
            return
        # compacted with the others of its chunk (_compact_folded), column by column: one by one, the
        # compaction's loop cost more than the rest of the row's reading (600,000 rows: 1.2 s)
        self.folding[raw.text is None and raw.blob is None].append(event)
        # the owner's own list (never shared): append now, sort once in finish()
        self.accepted[owner_table][owner_id].events.append(event)  # type: ignore[attr-defined]
        self.folded += 1

    def _compact_folded(self) -> None:
        """:meth:`_compact` the events folded since the last call, a batch at a time. The compaction only
        shares equal values and lays the records out: a record it could not compact (no validated
        record fails it) would stay as validated."""
        for share, events in enumerate(self.folding):
            if events:
                try:
                    self._compact_all(events, bool(share))
                except Exception:  # pragma: no cover - see the docstring
                    for event in events:
                        with contextlib.suppress(Exception):
                            self._compact_each((event,), bool(share))
                events.clear()

    def _compact(self, obj: Any, share_strings: bool = True) -> Any:
        """Make a validated record memory-lean, in place, and return it.

        * repeated strings (item codes, staff and window ids, material names …) share one object
          (records validated from JSON text already do: pydantic-core's string cache, ``share_strings``
          is then False);
        * equal timestamps, dates and Decimals share one object (Decimals by their text, so ``0`` and
          ``0.00`` stay apart);
        * records of the same shape share one ``model_fields_set`` (see :class:`_FieldsSet`);
        * the record's ``__dict__`` is replaced by a copy of its class's template filled with the same
          values, so CPython gives it the class's shared key table (PEP 412): about 270 bytes instead
          of 830 for an application or an event;
        * equal ``list[str]`` values share one list that refuses changes in place (:class:`_SharedList`;
          every empty one the same), equal flat dicts (``dimensions``) one such dict (:class:`_SharedDict`).
        """
        self._compact_all((obj,), share_strings)
        return obj

    def _compact_all(self, objs: Iterable[Any], share_strings: bool) -> int:
        """:meth:`_compact` for records of one class (a chunk of a table's records, their events, one
        record): column by column (:meth:`_compact_columns`) for a batch, record by record
        (:meth:`_compact_each`) for a few, whose columns would cost more calls than their records;
        both leave the records the same (tests/test_loader_batch.py). Says how many keys the records
        were given, as :func:`_key_count` counts them (it has their fields-sets and dicts at hand)."""
        if isinstance(objs, list) and len(objs) >= _COLUMNS_FROM:
            return self._compact_columns(objs, share_strings)
        return self._compact_each(objs, share_strings)

    def _compact_each(self, objs: Iterable[Any], share_strings: bool) -> int:
        """:meth:`_compact_all` record by record, for a few records (a record's events, a record
        read on its own): what :meth:`_compact_columns` does, without its cost per call."""
        plan: _Plan | None = None
        cls: Any = None
        shared = self.strings
        times = self.times
        shapes = self.shapes
        lists = self.lists
        dicts = self.dicts
        empty = _EMPTY
        setattr_ = object.__setattr__
        keys = 0
        for obj in objs:
            values = obj.__dict__
            if obj.__class__ is not cls:
                cls = obj.__class__
                plan = _PLANS.get(cls) or _plan(cls)
            assert plan is not None
            if share_strings:
                for name in plan.strings:
                    value = values[name]
                    if value is not None:
                        values[name] = shared.setdefault(value, value)
            for name in plan.texts:
                value = values[name]
                if value is not None:
                    values[name] = shared.setdefault(value, value)
            # a month of events has few distinct timestamps (a 20,000-application hall: 122,000
            # event times, 6,000 distinct)
            for name in plan.times:
                value = values[name]
                if value is not None:
                    kind = value.__class__
                    if kind is datetime:
                        if not value.fold:
                            values[name] = times.setdefault(value, value)
                        else:  # not shared, but the dataset's range of moments must see it
                            self.unshared_moments.append(value)
                    elif kind is date:
                        values[name] = times.setdefault(value, value)
                    elif kind is Decimal:
                        values[name] = times.setdefault(str(value), value)
            for name in plan.string_lists:
                value = values[name]
                if not value:
                    if value is not None and value.__class__ is list:
                        values[name] = empty
                else:
                    if share_strings and value.__class__ is list:
                        for i, v in enumerate(value):
                            value[i] = shared.setdefault(v, v)
                    values[name] = lists[tuple(value)]  # one shared list per content (_SharedList)
            for name in plan.dicts:
                value = values[name]
                if value is not None:
                    keys += len(value)
                    values[name] = dicts[tuple(value.items())]  # one per content and order (_SharedDict)
            for name in plan.models:
                value = values[name]
                if value is not None:
                    keys += self._compact_all((value,), share_strings)
            for name in plan.model_lists:
                value = values[name]
                if value:
                    keys += self._compact_all(value, share_strings)
            fields_set = obj.__pydantic_fields_set__
            keys += len(fields_set)
            if fields_set.__class__ is _FieldsSet:  # laid out already (see _build)
                continue
            template = plan.template
            if template is not None and len(template) == len(values):
                # a copy of the class's template shares its key table (see _template)
                filled = template.copy()
                filled.update(values)
                setattr_(obj, "__dict__", filled)
            setattr_(obj, "__pydantic_fields_set__", shapes[frozenset(fields_set)])
        return keys

    def _compact_columns(self, objs: list[Any], share_strings: bool) -> int:
        """:meth:`_compact_all` for a batch of records, column by column.

        Column by column rather than record by record: each step is a C-level ``map`` over the
        batch (read one field of every record, share its values, write them back), so a record
        costs the dict operations themselves and no Python loop body per record and field (a
        20,000-application hall's 98,000 records and 122,000 events: about 0.3 s of CPU either way,
        most of it the dicts' copying and the memory pydantic-core's dicts and sets give back).
        What needs a decision per value stays a Python loop, on the few columns that need it: the
        strings of a list to share (records not read from JSON text), a timestamp with ``fold``
        set, a column whose values are of more than one type.
        """
        cls = objs[0].__class__
        if not all(map(operator.is_, map(type, objs), itertools.repeat(cls))):
            by_class: dict[type, list[Any]] = {}
            for obj in objs:
                by_class.setdefault(obj.__class__, []).append(obj)
            return sum(self._compact_all(group, share_strings) for group in by_class.values())
        plan = _PLANS.get(cls) or _plan(cls)
        # records laid out already (built so, see _build; or compacted before) have a shared
        # fields-set: their dicts and fields-sets stay as they are
        sets = list(map(_fields_set_of, objs))
        laid = list(map(operator.is_, map(type, sets), itertools.repeat(_FieldsSet)))
        laid_out = all(laid)
        if not laid_out and any(laid):
            return self._compact_each(objs, share_strings)  # record by record (none today)
        dicts = list(map(_instance_dict, objs))
        n = len(dicts)
        given: int = 0  # the keys the records were given (see _compact_all)
        for name in plan.models:
            subs = list(filter(_is_not_none, map(operator.itemgetter(name), dicts)))
            if subs:
                given += self._compact_all(subs, share_strings)
        for name in plan.model_lists:
            subs = list(itertools.chain.from_iterable(filter(None, map(operator.itemgetter(name), dicts))))
            if subs:
                given += self._compact_all(subs, share_strings)
        template = plan.template
        if template is not None and not laid_out:
            size = len(template)
            if all(map(operator.eq, map(len, dicts), itertools.repeat(size))):
                # a copy of the class's template shares its key table (see _template)
                filled = list(map(dict.copy, itertools.repeat(template, n)))
                _drain(map(dict.update, filled, dicts))
                _drain(map(_set_attr, objs, itertools.repeat("__dict__"), filled))
                dicts = filled
            else:  # a record with more or fewer keys than its fields (not one pydantic built)
                for i, (obj, values) in enumerate(zip(objs, dicts, strict=True)):
                    if len(values) == size:
                        one = template.copy()
                        one.update(values)
                        _set_attr(obj, "__dict__", one)
                        dicts[i] = one
        given += self._share_values(plan, dicts, share_strings)
        # records of the same shape share one fields-set (see _FieldsSet). Its key in ``shapes`` is
        # a frozenset of the names (built, hashed and compared per record); cheaper, each record is
        # first compared with the fields-set its class's last record of the same size (and
        # ``kind``, see _Plan.shape_hint) shared: one set comparison, and a hit for 85 % of a
        # hall's applications and 99.9 % of their events (events of one kind have one shape, which
        # their size alone does not tell apart). Only the others are looked up by their frozenset.
        keys: list[Any] = list(map(len, sets))
        given += sum(keys)
        if laid_out:
            return given
        if plan.shape_hint is not None:
            keys = list(zip(keys, map(operator.itemgetter(plan.shape_hint), dicts), strict=True))
        recent = self.recent_shapes.get(cls)
        if recent is None:
            recent = self.recent_shapes[cls] = {}
        fields_sets: list[_FieldsSet | None] = list(map(recent.get, keys))
        hits = list(map(operator.eq, sets, fields_sets))  # a set never equals None (no candidate yet)
        if not all(hits):
            shapes = self.shapes
            for i in itertools.compress(range(n), map(operator.not_, hits)):
                fields_sets[i] = recent[keys[i]] = shapes[frozenset(sets[i])]
        _drain(map(_set_attr, objs, itertools.repeat("__pydantic_fields_set__"), fields_sets))
        return given

    def _share_values(
        self,
        plan: _Plan,
        dicts: list[dict[str, Any]],
        share_strings: bool,
        done: frozenset[str] = frozenset(),
        given: list[dict[str, Any]] | None = None,
        sparse: frozenset[str] = frozenset(),
    ) -> int:
        """The value-sharing steps of :meth:`_compact_columns` over records' dicts of one class (the
        instance dicts, or in :func:`_build` the dicts they are about to be made of): repeated strings
        (``share_strings``), timestamps, dates, amounts, string lists, flat dicts; says how many keys
        the flat dicts hold (counted as keys given, see _key_count). The time fields in ``done`` hold
        shared values already (_build's timestamps, see _Stamps).

        From :func:`_build`, ``given`` are the typed dicts ``dicts`` were filled from, in order, and a
        field of ``sparse`` is looked at only in the records that gave it: the others hold its default,
        None or the shared empty list, which every step below leaves as it is (most of an event's fields
        are given by a few events: one ``in`` per record instead of a column read and a test per value).
        """

        def holding(name: str) -> list[dict[str, Any]]:
            if given is None or name not in sparse:
                return dicts
            # one pass: the records that gave it (all of them: the list itself)
            held = list(itertools.compress(dicts, map(dict.__contains__, given, itertools.repeat(name))))
            return dicts if len(held) == len(dicts) else held

        given_keys = 0
        if share_strings:
            for name in plan.strings:
                held = holding(name)
                if held:
                    self._share_column(held, name, self.strings)
        for name in plan.texts:
            held = holding(name)
            if held:
                self._share_column(held, name, self.strings)
        times = self.times
        for name in plan.times:
            if name in done:
                continue
            held = holding(name)
            if not held:
                continue
            # a month of events has few distinct timestamps (a 20,000-application hall: 122,000
            # event times, 6,000 distinct)
            column = list(map(operator.itemgetter(name), held))
            kinds = set(map(type, column))
            kinds.discard(type(None))
            if not kinds:
                continue
            kind = kinds.pop() if len(kinds) == 1 else None
            # (a datetime is never false: filter(None) leaves the Nones out, without a Python-level partial)
            if kind is date or (kind is datetime and not any(map(_fold, filter(None, column)))):
                self._share_column(held, name, times, column)
            elif kind is Decimal:  # by their text, so 0 and 0.00 stay apart
                self._share_column(held, name, times, column, key=str)
            else:  # a timestamp with fold set, or values of more than one type: value by value
                for values in held:
                    value = values[name]
                    kind = value.__class__
                    if kind is datetime:
                        if not value.fold:
                            values[name] = times.setdefault(value, value)
                        else:  # not shared, but the dataset's range of moments must see it
                            self.unshared_moments.append(value)
                    elif kind is date:
                        values[name] = times.setdefault(value, value)
                    elif kind is Decimal:
                        values[name] = times.setdefault(str(value), value)
        for name in plan.string_lists:
            holders = holding(name)
            if not holders:
                continue
            column = list(map(operator.itemgetter(name), holders))
            if share_strings:
                shared = self.strings
                for value in column:
                    if value and value.__class__ is list:
                        for i, v in enumerate(value):
                            value[i] = shared.setdefault(v, v)
            # only plain lists are shared: None stays, and so does a list shared already (the empty
            # one a record built by _build holds where it gave none: most of an event's)
            plain = list(map(operator.is_, map(type, column), itertools.repeat(list)))
            if not any(plain):
                continue
            if not all(plain):
                holders = list(itertools.compress(holders, plain))
                column = list(itertools.compress(column, plain))
            # an empty list becomes the shared one; the others each the one shared list of their
            # items in order (_SharedList)
            empty = list(map(operator.not_, column))
            if any(empty):
                _drain(map(operator.setitem, itertools.compress(holders, empty), itertools.repeat(name),
                           itertools.repeat(_EMPTY)))  # fmt: skip
            full = list(map(operator.truth, column))
            if any(full):
                lists = self.lists
                _drain(map(operator.setitem, itertools.compress(holders, full), itertools.repeat(name),
                           map(lists.__getitem__, map(tuple, itertools.compress(column, full)))))  # fmt: skip
        for name in plan.dicts:
            held = holding(name)
            if not held:
                continue
            column = list(map(operator.itemgetter(name), held))
            given_keys += sum(map(len, filter(None, column)))  # (an empty dict or None adds 0)
            # equal dicts (keys in the same order) become one shared dict (_SharedDict)
            self._share_containers(held, name, column, self.dicts)
        return given_keys

    @staticmethod
    def _share_column(
        dicts: list[dict[str, Any]],
        name: str,
        shared: dict[Any, Any],
        column: list[Any] | None = None,
        key: Any = None,
    ) -> None:
        """Replace each record's value of field ``name`` (None left alone) by the one equal value
        ``shared`` holds (``shared[key(value)]``), adding it when it is the first."""
        if column is None:
            column = list(map(operator.itemgetter(name), dicts))
        present = list(map(operator.is_not, column, itertools.repeat(None)))
        if all(present):  # (an event's time, a required field): no None to leave out
            keys_ = column if key is None else list(map(key, column))
            _drain(
                map(operator.setitem, dicts, itertools.repeat(name), map(shared.setdefault, keys_, column))
            )
            return
        values = list(itertools.compress(column, present))
        keys = values if key is None else list(map(key, values))
        _drain(map(operator.setitem, itertools.compress(dicts, present), itertools.repeat(name),
                   map(shared.setdefault, keys, values)))  # fmt: skip

    @staticmethod
    def _share_containers(dicts: list[dict[str, Any]], name: str, column: list[Any], pool: _Pool) -> None:
        """Replace each record's dict in field ``name`` (its ``column``; None left alone) by the pool's
        shared one with the same pairs in the same order (built when it is the first)."""
        present = list(map(operator.is_not, column, itertools.repeat(None)))
        if all(present):
            _drain(
                map(operator.setitem, dicts, itertools.repeat(name), map(pool.__getitem__, _pairs(column)))
            )
        else:
            _drain(map(operator.setitem, itertools.compress(dicts, present), itertools.repeat(name),
                       map(pool.__getitem__, _pairs(itertools.compress(column, present)))))  # fmt: skip

    def _share_fields_set(self, obj: BaseModel, names: set[str]) -> None:
        object.__setattr__(obj, "__pydantic_fields_set__", self.shapes[frozenset(names)])

    def finish(self, source: str | None, name: Any) -> Dataset:
        """Put folded events in time order and build the Dataset."""
        self._compact_folded()
        if self.folded:
            for owner in (*self.tables["applications"], *self.tables["complaints"]):
                events = owner.events  # type: ignore[attr-defined]
                if not events:
                    continue
                if len(events) > 1:  # stable: embedded events first, then the table's in file order
                    events.sort(key=_event_time)
                if "events" not in owner.__pydantic_fields_set__:
                    self._share_fields_set(owner, set(owner.__pydantic_fields_set__) | {"events"})
        dataset = Dataset.model_construct(
            hall=self.hall,
            rejected=self.rejected,
            records=self.records,
            source=source,
            name=None if name is None else str(name),
            as_of=None,
            **self.tables,  # type: ignore[arg-type]
        )
        dataset._positions = self.positions
        # every timestamp read passed through the compaction or was read as its text (times holds
        # one of each, a rejected record's too): their range lets the audit skip looking for records
        # dated outside the calendar when there is none (govhall.rules.calendar_range)
        stamps = [t for t in itertools.chain(self.times, self.unshared_moments) if t.__class__ is datetime]
        dataset._moment_range = (min(stamps), max(stamps)) if stamps else None
        _forget_stamps_past_kept()
        return dataset


#: an event's id (read once for each embedded event, see _Loader._embedded_event_ids)
_event_id: typing.Callable[[Event], str | None] = operator.attrgetter("id")
#: an event's time, the key its history is sorted by (C-level: a history is sorted once per record)
_event_time: typing.Callable[[Event], datetime] = operator.attrgetter("at")
#: sort a history by time (mapped over a chunk's records, see _Loader._accept_chunk)
_sort_by_time = operator.methodcaller("sort", key=_event_time)


def _unclaim(claimed: dict[Any, Any], event_ids: list[Any]) -> None:
    """Forget the event ids ``_Loader._accept_chunk`` claimed for a chunk it then did not accept (none
    of them was claimed before)."""
    _drain(map(claimed.pop, event_ids, itertools.repeat(None)))


def _brackets(line: bytes) -> int:
    """How many ``{`` and ``[`` bytes a line holds (more than MAX_DEPTH: checked exactly)."""
    return line.count(b"{") + line.count(b"[")


def _as_of(value: Any, where: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        from govhall.calendars.core import parse_iso, to_local_date

        try:  # the schema's forms on every Python (3.11's fromisoformat also took 20251130)
            return to_local_date(parse_iso(value.strip()))  # a time with an offset: Shanghai's day
        except ValueError:
            pass
    raise DateError(
        f"{where or 'the document'}: as_of {echoed_id(str(value))!r} is not an ISO date (YYYY-MM-DD)",
        field="as_of",
    )


def _name(value: Any, where: str | None) -> Any:
    """The dataset's ``name`` as given: text, or a number read as its text; an object, a list or a
    boolean is refused (``{"a": 1}`` became the name ``"{'a': 1}"`` in every report)."""
    if (
        value is None
        or isinstance(value, str)
        or (isinstance(value, (int, float)) and not isinstance(value, bool))
    ):
        return value
    raise DatasetError(
        f"{where or 'the document'}: name must be text, not {json_type(value)} (quote it)", field="name"
    )
