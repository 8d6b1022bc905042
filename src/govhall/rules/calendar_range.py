"""Records dated outside the working-day calendar are set aside as rejected, before any rule runs.

A time limit is counted on the calendar, and the calendar covers a fixed range of years (the CN
calendar: 2004 .. 2036). A record with a moment outside it — almost always a mistyped year, ``2205``
for ``2025`` — cannot be judged by any rule that counts time from it, and a rule over the whole
dataset (the 空窗 timeline, the 窗口 counts …) that met it would fail for every record, losing the
findings on all the others. So :func:`set_aside_undatable` takes such records out of the audit
before it starts and reports each as a :class:`~govhall.models.dataset.RejectedRecord` naming its
table, line, id, the field and the moment: reported, never dropped, and the rest of the dataset is
audited in full.

The moments are the records' timestamps (``datetime`` fields, an application's or a complaint's
events included). Plain dates are not checked: a licence may expire, and a deadline may fall, far
beyond the calendar, and neither is a moment the record happened at.
"""

from __future__ import annotations

import functools
import types
import typing
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

from govhall.calendars.core import WorkingCalendar
from govhall.locations import Positions
from govhall.models.dataset import TABLES, Dataset, RejectedRecord

#: the loader's note of the earliest and the latest timestamp it read (None: not known)
RANGE_ATTR = "_moment_range"


def set_aside_undatable(dataset: Dataset, calendar: WorkingCalendar) -> Dataset:
    """``dataset`` without its records dated outside ``calendar``'s range, those added to ``rejected``.

    Returns ``dataset`` itself (not a copy) when every record is inside the range, the usual case;
    otherwise a new :class:`Dataset` sharing the other records (``dataset`` is not changed).
    ``records == audited + len(rejected)`` holds for both.
    """
    first, last = calendar.first_date, calendar.last_date
    known = getattr(dataset, RANGE_ATTR, None)
    if known is not None and first <= known[0].date() and known[1].date() <= last:
        return dataset  # the loader saw every timestamp: all inside (nothing to walk)
    removed: dict[str, list[int]] = {}
    rejected: list[RejectedRecord] = []
    for table in TABLES:
        if table == "hall" or table not in Dataset.model_fields:  # events live in their owners
            continue
        records: list[BaseModel] = getattr(dataset, table)
        for index, record in enumerate(records):
            found = _outside(record, first, last)
            if found is None:
                continue
            path, moment = found
            removed.setdefault(table, []).append(index)
            line, source = _where(dataset, table, index, len(records))
            rejected.append(
                RejectedRecord(
                    table=table,
                    line=line,
                    record_id=_record_id(table, record),
                    field=path,
                    reason=_reason(path, moment, calendar),
                    source=source,
                )
            )
    if not rejected:
        return dataset
    values: dict[str, Any] = {name: getattr(dataset, name) for name in Dataset.model_fields}
    positions = dict(getattr(dataset, "_positions", None) or {})
    for table, indices in removed.items():
        gone = set(indices)
        values[table] = [r for i, r in enumerate(values[table]) if i not in gone]
        pos = positions.get(table)
        if pos is not None and len(pos.number) == len(getattr(dataset, table)):
            positions[table] = _without(pos, gone)
        else:
            positions.pop(table, None)
    values["rejected"] = [*dataset.rejected, *rejected]
    out = Dataset.model_construct(_fields_set=set(dataset.model_fields_set), **values)
    out._positions = positions
    return out


def undatable(record: BaseModel, calendar: WorkingCalendar) -> tuple[str, str] | None:
    """(the field, the reason) when ``record`` holds a moment outside ``calendar``'s range, else None:
    what the batch audit rejects such a record for, for live supervision to refuse it in the same words."""
    found = _outside(record, calendar.first_date, calendar.last_date)
    return None if found is None else (found[0], _reason(found[0], found[1], calendar))


def _reason(path: str, moment: datetime, calendar: WorkingCalendar) -> str:
    first, last = calendar.first_date, calendar.last_date
    return (
        f"{path} {moment.isoformat()} is outside the {calendar.name} calendar's supported range "
        f"{first.isoformat()} .. {last.isoformat()}: no time limit can be counted from it (a mistyped year?)"
    )


def _outside(record: BaseModel, first: date, last: date) -> tuple[str, datetime] | None:
    """The first timestamp of ``record`` (its events included) outside ``first .. last``, with its path."""
    values = record.__dict__
    plan = _plan(record.__class__)
    for name in plan[0]:
        value = values.get(name)
        if value is not None and not first <= value.date() <= last:
            return name, value
    for name in plan[1]:
        inner = values.get(name)
        if not inner:
            continue
        for i, sub in enumerate(inner if isinstance(inner, list) else [inner]):
            found = _outside(sub, first, last)
            if found is not None:
                at = f"{name}.{i}" if isinstance(inner, list) else name
                return f"{at}.{found[0]}", found[1]
    return None


@functools.cache
def _plan(model: type[BaseModel]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``model``'s timestamp fields, and its fields that hold models (one or a list)."""
    stamps: list[str] = []
    nested: list[str] = []
    for name, info in model.model_fields.items():
        leaves = _leaves(info.annotation)
        if datetime in leaves:
            stamps.append(name)
        elif any(isinstance(t, type) and issubclass(t, BaseModel) for t in leaves):
            nested.append(name)
    return tuple(stamps), tuple(nested)


def _leaves(annotation: Any) -> set[Any]:
    origin = typing.get_origin(annotation)
    if origin is None:
        return {annotation}
    if origin is typing.Annotated:
        return _leaves(typing.get_args(annotation)[0])
    out: set[Any] = set()
    if origin not in (typing.Union, types.UnionType, list, tuple, set, frozenset):
        return out  # dicts and other containers: not walked
    for arg in typing.get_args(annotation):
        out |= _leaves(arg)
    return out


def _record_id(table: str, record: BaseModel) -> str | None:
    value = getattr(record, "code" if table == "items" else "id", None)
    return None if value is None else str(value)


def _where(dataset: Dataset, table: str, index: int, size: int) -> tuple[int | None, str | None]:
    """The line (or element number) and the file of record ``index`` of ``table``, when known."""
    pos: Positions | None = (getattr(dataset, "_positions", None) or {}).get(table)
    if pos is None or len(pos.number) != size:
        return None, None
    path, _kind = pos.sources[pos.source_index[index]]
    return (pos.number[index] or None), (path or None)


def _without(pos: Positions, gone: set[int]) -> Positions:
    keep = [i for i in range(len(pos.number)) if i not in gone]
    out = Positions(sources=list(pos.sources))
    for i in keep:
        out.add_number(pos.source_index[i], pos.number[i])
    return out


__all__ = ["RANGE_ATTR", "set_aside_undatable"]
