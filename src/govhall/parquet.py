"""Parquet tables: a hall's tables as data platforms export them, read with pyarrow (extra ``[parquet]``).

A dataset folder may hold ``applications.parquet`` (or any table, see :data:`govhall.models.TABLES`)
beside or instead of ``.jsonl``/``.json``/``.csv`` files; :func:`govhall.load_dataset` reads it
through :func:`iter_parquet`, row by row, with **the same validation and the same rejected
accounting** as a JSONL file of the same records: every row is one record, ``records == audited +
rejected``, and each rejected row names its table, its row (1-based, in ``line``), its field and the
reason. A file that is not Parquet at all, or breaks off, is one rejected record naming the file.

What the columns should be is :func:`arrow_schema` (``govhall schema --arrow Application``), derived
from the pydantic models, never written by hand:

* strings, enums and literals: ``string`` (the English values or the standards' Chinese terms);
* ``int``: ``int64``; ``bool``: ``bool``; money (``Decimal``): ``decimal128(18, 2)``;
* dates: ``date32``; times of day: ``time64[us]``;
* timestamps: ``timestamp[us]`` **without a time zone**, read as Asia/Shanghai wall-clock time
  exactly as a naive ISO text is (Parquet ``isAdjustedToUTC=false``). A column with a time zone
  (e.g. UTC instants written by Spark) is converted to Asia/Shanghai, like an ISO text with an offset;
* nested records (an application's ``applicant``, a complaint's ``facts``): ``struct``; lists:
  ``list``; an application's or complaint's events: ``list<struct<…Event…>>``, or rows of a separate
  ``events`` table naming their ``application_id``/``complaint_id`` (both ways may be mixed, as in
  JSONL); free-keyed objects (an evaluation's ``dimensions``): ``map<string, …>``.

Reading is lenient about the physical types, strict about the values, as for JSON: each row becomes
the Python values pyarrow gives and is validated by the model, so an ``int64`` ``id`` column is
rejected row by row ("input should be a valid string") just as ``{"id": 17}`` is in JSONL, and a
``string`` timestamp column holding ISO texts is read like JSONL. A null is a **missing value** (as
an empty CSV cell is): a required field that is null is reported missing, an optional one takes its
default. Nulls are kept only under names the model does not know, so a misspelt column is reported
("unknown field") even where it is empty. Decimal values lose the column's scale padding
(``50.00`` in a ``decimal128(18, 2)`` column is the ``50`` a JSON file would carry), so messages and
evidence read the same whichever format the data came in (a JSON *text* ``"6.30"`` keeps its
written form, so there a message shows ``6.30`` where the Parquet file's shows ``6.3``: the same
amount).

Files are read in batches of rows (``iter_batches``), never whole, so memory follows the batch, not
the file. Without pyarrow, a ``.parquet`` table raises :class:`govhall.errors.ExtraMissingError`
naming ``pip install 'govhall[parquet]'``.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Iterator
from datetime import date, datetime, time
from decimal import Context, Decimal
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from govhall import _dupkeys
from govhall.errors import ExtraMissingError, echoed_id
from govhall.models import TABLES
from govhall.models._base import PERSONAL_MARK

if TYPE_CHECKING:
    import pyarrow as pa

    from govhall.loaders import _Raw

__all__ = [
    "BATCH_ROWS",
    "EXTRA_HINT",
    "arrow_schema",
    "arrow_schema_json",
    "arrow_schema_text",
    "iter_parquet",
    "require_pyarrow",
]

#: Rows converted to Python objects at a time (bounds the memory a file's read takes beyond its records).
BATCH_ROWS = 8192

#: What to install when pyarrow is missing.
EXTRA_HINT = "pip install 'govhall[parquet]'"

#: ``decimal128`` precision and scale of money fields in :func:`arrow_schema`.
DECIMAL_PRECISION, DECIMAL_SCALE = 18, 2

_Convert = Callable[[Any], Any]


def require_pyarrow(what: str = "reading Parquet tables") -> Any:
    """Import and return ``pyarrow``; raise :class:`ExtraMissingError` naming the extra when it is missing."""
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401 - the reader needs it
    except ImportError:
        raise ExtraMissingError(
            f"{what} needs pyarrow, which is not installed: {EXTRA_HINT}", extra="parquet"
        ) from None
    return pyarrow


# -- the schema a platform should export to ---------------------------------------------------------


def arrow_schema(model: str | type[BaseModel]) -> pa.Schema:
    """The Arrow schema of one input model (``"Application"``, a table name such as ``"applications"``,
    or the model class), derived from the pydantic model.

    Required fields are ``not null``; every field carries its description in the field metadata
    (``description``), personal data is marked ``x-personal``, and enum fields list their allowed
    values (``enum``, comma-separated). The schema's metadata names the model (``govhall.model``).
    Raises ``LookupError`` (:class:`govhall.errors.UnknownNameError`) for an unknown model name.
    """
    pa = require_pyarrow("an Arrow schema")
    cls = _model_class(model)
    return pa.schema(_fields(pa, cls), metadata={"govhall.model": cls.__name__})


def arrow_schema_text(model: str | type[BaseModel]) -> str:
    """:func:`arrow_schema` as text, one field per line, nested fields indented under their parent.

    Unlike pyarrow's own rendering nothing is elided; enum fields list their values and personal
    data is marked after ``#``.
    """
    schema = arrow_schema(model)
    name = schema.metadata[b"govhall.model"].decode()
    lines = [
        f"# Arrow schema of {name} (govhall {_version()}); timestamps without a time zone are Asia/Shanghai "
        "wall-clock time"
    ]
    for field in schema:
        _field_lines(field, 0, lines)
    return "\n".join(lines) + "\n"


def arrow_schema_json(model: str | type[BaseModel]) -> dict[str, Any]:
    """:func:`arrow_schema` as a JSON-ready document: ``{"model", "fields": [{"name", "type", "nullable",
    "metadata", "fields"?}]}`` where ``type`` is pyarrow's name of the type (``timestamp[us]``,
    ``list<item: string>`` …) and nested struct fields are listed under ``fields``."""
    schema = arrow_schema(model)
    return {
        "model": schema.metadata[b"govhall.model"].decode(),
        "fields": [_field_json(f) for f in schema],
    }


def _version() -> str:
    from govhall import __version__

    return str(__version__)


def _struct_of(arrow_type: Any) -> Any:
    """The struct type inside ``arrow_type`` (itself, or a list's element), or None."""
    import pyarrow as pa

    if pa.types.is_struct(arrow_type):
        return arrow_type
    if pa.types.is_list(arrow_type) and pa.types.is_struct(arrow_type.value_type):
        return arrow_type.value_type
    return None


def _field_lines(field: Any, depth: int, lines: list[str]) -> None:
    struct = _struct_of(field.type)
    kind = str(field.type) if struct is None else ("struct" if struct is field.type else "list<struct>")
    text = f"{'  ' * depth}{field.name}: {kind}{'' if field.nullable else ' not null'}"
    meta = {k.decode(): v.decode() for k, v in (field.metadata or {}).items()}
    notes = []
    if meta.get(PERSONAL_MARK):
        notes.append("personal data")
    if "enum" in meta:
        notes.append("one of " + meta["enum"].replace(",", ", "))
    lines.append(text + (f"  # {'; '.join(notes)}" if notes else ""))
    if struct is not None:
        for child in struct:
            _field_lines(child, depth + 1, lines)


def _field_json(field: Any) -> dict[str, Any]:
    struct = _struct_of(field.type)
    out: dict[str, Any] = {
        "name": field.name,
        "type": str(field.type) if struct is None else ("struct" if struct is field.type else "list<struct>"),
        "nullable": field.nullable,
        "metadata": {k.decode(): v.decode() for k, v in (field.metadata or {}).items()},
    }
    if struct is not None:
        out["fields"] = [_field_json(child) for child in struct]
    return out


def _model_class(model: str | type[BaseModel]) -> type[BaseModel]:
    if isinstance(model, type) and issubclass(model, BaseModel):
        return model
    from govhall.errors import UnknownNameError
    from govhall.models import MODELS

    name = str(model).strip()
    if name in MODELS:
        return MODELS[name]
    for candidate, cls in MODELS.items():
        if candidate.lower() == name.lower():
            return cls
    if name.lower() in TABLES:
        return TABLES[name.lower()]
    raise UnknownNameError(
        f"unknown model {echoed_id(name)!r}; known: {', '.join(sorted(MODELS))} (or a table name: {', '.join(TABLES)})"
    )


def _fields(pa: Any, cls: type[BaseModel]) -> list[Any]:
    out = []
    for name, info in cls.model_fields.items():
        annotation = info.annotation
        alts, optional = _alternatives(annotation)
        meta: dict[str, str] = {}
        if info.description:
            meta["description"] = info.description
        extra = info.json_schema_extra
        if isinstance(extra, dict) and extra.get(PERSONAL_MARK):
            meta[PERSONAL_MARK] = "true"
        values = _allowed(alts)
        if values:
            meta["enum"] = ",".join(values)
        nullable = optional or not info.is_required()
        out.append(
            pa.field(name, _arrow_type(pa, annotation, f"{cls.__name__}.{name}"), nullable, meta or None)
        )
    return out


def _alternatives(annotation: Any) -> tuple[list[Any], bool]:
    """The non-None alternatives of ``annotation`` (``Annotated`` unwrapped) and whether None is one."""
    from govhall.loaders import _unwrap

    origin = typing.get_origin(annotation)
    optional = origin in (typing.Union, types.UnionType) and type(None) in typing.get_args(annotation)
    return _unwrap(annotation), optional


def _allowed(alts: list[Any]) -> list[str]:
    for alt in alts:
        if isinstance(alt, type) and issubclass(alt, Enum):
            return [str(m.value) for m in alt]
        if typing.get_origin(alt) is typing.Literal:
            return [str(v) for v in typing.get_args(alt)]
    return []


def _arrow_type(pa: Any, annotation: Any, where: str) -> Any:
    alts, _ = _alternatives(annotation)
    if len(alts) != 1:
        raise TypeError(f"{where}: no single Arrow type for {annotation!r}")  # pragma: no cover - models
    alt = alts[0]
    origin = typing.get_origin(alt)
    if origin is typing.Literal:
        return pa.string()
    if origin in (list, tuple, set, frozenset):
        (inner,) = typing.get_args(alt)[:1]
        return pa.list_(_arrow_type(pa, inner, where + "[]"))
    if origin is dict:
        key, value = typing.get_args(alt)
        return pa.map_(_arrow_type(pa, key, where + "{}"), _arrow_type(pa, value, where + "{}"))
    if isinstance(alt, type):
        if issubclass(alt, BaseModel):
            return pa.struct(_fields(pa, alt))
        if issubclass(alt, Enum) or issubclass(alt, str):
            return pa.string()
        if issubclass(alt, bool):
            return pa.bool_()
        if issubclass(alt, int):
            return pa.int64()
        if issubclass(alt, float):
            return pa.float64()
        if issubclass(alt, Decimal):
            return pa.decimal128(DECIMAL_PRECISION, DECIMAL_SCALE)
        if issubclass(alt, datetime):  # before date: datetime is a date
            return pa.timestamp("us")
        if issubclass(alt, date):
            return pa.date32()
        if issubclass(alt, time):
            return pa.time64("us")
    raise TypeError(f"{where}: no Arrow type for {annotation!r}")  # pragma: no cover - models


# -- reading --------------------------------------------------------------------------------------------


def iter_parquet(path: Path, table: str) -> Iterator[_Raw]:
    """The rows of the Parquet file ``path`` as records of ``table``, for the loader to validate.

    One record per row (``line`` = the 1-based row number); a file pyarrow cannot open, or whose
    rows break off, yields one record carrying the reason.
    """
    from govhall.loaders import _Raw

    pa = require_pyarrow(f"{path}: reading a Parquet table")
    import pyarrow.parquet as pq

    where = str(path)
    try:
        reader = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        yield _Raw(table, None, where, error=f"not a readable Parquet file: {_one_line(exc)}")
        return
    model = TABLES[table]
    row = 0
    names = reader.schema_arrow.names
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:  # a row would keep one of the values, silently: every row is refused, as a CSV's are
        for row in range(1, reader.metadata.num_rows + 1):
            reason = f"column {echoed_id(twice[0])!r} appears more than once in the file's schema"
            yield _Raw(table, row, where, error=reason, field=twice[0])
        reader.close()
        return
    # the maps of the row being converted that named a key twice (_dupkeys.Twice): such a row is marked,
    # and the loader rejects it naming the key, as it rejects a JSON object that does
    marked: list[Any] = []
    try:
        convert = _record_converter(pa, reader.schema_arrow, model, marked)
        for batch in reader.iter_batches(batch_size=BATCH_ROWS):
            try:
                rows = batch.to_pylist()
            except (ValueError, OverflowError):  # a value Python cannot hold: row by row, see _rows_of
                rows = None
            if rows is None:
                for values, problem in _rows_of(batch, table):
                    row += 1
                    if problem is not None:
                        yield _Raw(table, row, where, error=problem[1], field=problem[0], data=values)
                    else:
                        data = convert(values)
                        yield _Raw(table, row, where, data=data, twice=bool(marked))
                        marked.clear()
                continue
            for values in rows:
                row += 1
                data = convert(values)
                yield _Raw(table, row, where, data=data, twice=bool(marked))
                marked.clear()
    except (pa.ArrowException, OSError) as exc:
        done = f"{row} row(s) before it were read" if row else "no row could be read"
        yield _Raw(
            table,
            row + 1,
            where,
            error=f"the Parquet file cannot be read from row {row + 1} on: {_one_line(exc)}; {done}",
        )
    finally:
        reader.close()


def _rows_of(batch: Any, table: str) -> Iterator[tuple[dict[str, Any], tuple[str | None, str] | None]]:
    """The rows of ``batch`` one by one, for a batch pyarrow cannot turn into Python values whole: a
    timestamp outside the years 1-9999 (``timestamp[s]`` holds 292 billion years), or in nanoseconds
    past what a ``datetime`` holds. Each row is (its values, None), or (what could be read of its id,
    (the column, the reason)) for a row holding such a value: that row is rejected, the others read."""
    from govhall.loaders import _ID_FIELD

    names = batch.schema.names
    key = _ID_FIELD.get(table, "id")
    for i in range(batch.num_rows):
        try:
            yield batch.slice(i, 1).to_pylist()[0], None
            continue
        except (ValueError, OverflowError):
            pass
        values: dict[str, Any] = {}
        problem: tuple[str | None, str] | None = None
        for j, name in enumerate(names):
            try:
                values[name] = batch.column(j)[i].as_py()
            except (ValueError, OverflowError) as exc:
                if problem is None:
                    kind = batch.schema.field(j).type
                    # a temporal value said "Python int too large to convert to C int" (timestamp[ms])
                    why = (
                        f"a {kind} value outside what a date or time holds (the years 1-9999, microseconds)"
                        if str(kind).startswith(("timestamp", "date", "time", "duration"))
                        else _one_line(exc)
                    )
                    if getattr(kind, "unit", None) == "ns":  # in 1677-2262: what failed is a nanosecond
                        # ("outside what a date or time holds" of a moment in 2025), as ISO text says it
                        ns = batch.column(j)[i].value % 1_000_000_000
                        why = (
                            f"a {kind} value with {ns:09d} nanoseconds past the second: govhall keeps "
                            "microseconds (six digits at most; a nanosecond timestamp is not cut without a word)"
                        )
                    problem = (name, f"{name}: the value cannot be read: {why}")
        ident = values.get(key)
        yield ({key: ident} if isinstance(ident, str) else {}), problem or (None, "the row cannot be read")


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or exc.__class__.__name__


def _record_converter(pa: Any, schema: Any, model: type[BaseModel] | None, twice: list[Any]) -> _Convert:
    """Turn a row (or struct value) as pyarrow gives it into the record the model validates; a map
    naming a key twice becomes a ``_dupkeys.Twice`` and is appended to ``twice``."""
    known = set(model.model_fields) if model is not None else set()
    plan: list[tuple[str, _Convert | None, bool]] = []
    for field in schema:
        annotation = model.model_fields[field.name].annotation if field.name in known else None  # type: ignore[union-attr]
        plan.append((field.name, _converter(pa, field.type, annotation, twice), field.name in known))

    def convert(values: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, conv, is_known in plan:
            value = values[name]
            if value is None:
                if not is_known:  # a misspelt column is reported even where it is empty
                    out[name] = None
                continue
            out[name] = conv(value) if conv is not None else value
        return out

    return convert


def _converter(pa: Any, arrow_type: Any, annotation: Any, twice: list[Any]) -> _Convert | None:
    """How one value of ``arrow_type`` becomes a model input (None: as pyarrow gives it)."""
    is_ = pa.types
    if is_.is_struct(arrow_type):
        sub = _record_converter(pa, list(arrow_type), _model_in(annotation), twice)
        return sub
    if is_.is_list(arrow_type) or is_.is_large_list(arrow_type) or is_.is_fixed_size_list(arrow_type):
        element = _converter(pa, arrow_type.value_type, _element_of(annotation), twice)
        if element is None:
            return None
        return lambda values: [None if v is None else element(v) for v in values]
    if is_.is_map(arrow_type):
        # a map is a list of (key, value) pairs and may repeat a key (pyarrow does not refuse it):
        # marked as a JSON object naming a key twice is, never read last-wins
        item = _converter(pa, arrow_type.item_type, _mapped_of(annotation), twice)
        mark = _dupkeys.marking_hook(twice)
        if item is None:
            return mark
        return lambda pairs: mark([(k, None if v is None else item(v)) for k, v in pairs])
    if is_.is_decimal(arrow_type):
        return _plain_decimal
    return None


#: digits a decimal keeps while its scale padding is dropped: more than decimal256's 76, so no value of a
#: Parquet decimal column is rounded (the default context's 28 made ``1e70`` raise InvalidOperation,
#: which stopped the whole load, and would have rounded a 30-digit amount without a word)
_DECIMAL_CONTEXT = Context(prec=100)


def _plain_decimal(value: Decimal) -> Decimal:
    """``Decimal('50.00')`` → ``Decimal('50')``, ``Decimal('12.50')`` → ``Decimal('12.5')`` (no exponent form)."""
    if value == value.to_integral_value(context=_DECIMAL_CONTEXT):
        return value.quantize(Decimal(1), context=_DECIMAL_CONTEXT)
    return value.normalize(context=_DECIMAL_CONTEXT)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if annotation is None:
        return None
    for alt in _alternatives(annotation)[0]:
        if isinstance(alt, type) and issubclass(alt, BaseModel):
            return alt
    return None


def _element_of(annotation: Any) -> Any:
    if annotation is None:
        return None
    for alt in _alternatives(annotation)[0]:
        if typing.get_origin(alt) in (list, tuple, set, frozenset):
            args = typing.get_args(alt)
            return args[0] if args else None
    return None


def _mapped_of(annotation: Any) -> Any:
    if annotation is None:
        return None
    for alt in _alternatives(annotation)[0]:
        if typing.get_origin(alt) is dict:
            return typing.get_args(alt)[1]
    return None
