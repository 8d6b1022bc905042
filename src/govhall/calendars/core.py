"""The working-day calendar: O(1) questions over a precomputed cumulative working-day index.

Counting follows civil-code:201 and admin-licensing-law:82: the start day is not counted, so
``add_working_days(d, n)`` is the nth working day *after* d and ``working_days_between(a, b)``
counts the working days in ``(a, b]``; ``working_days_between(d, add_working_days(d, n)) == n``.

The index is built once per calendar, lazily, on the first question: ``cum[i]`` is the number of
working days from the first supported date through day ``i`` inclusive, and ``wd[k]`` the day
index of the (k+1)-th working day. Every scalar question is then a couple of list lookups and
every batch question a couple of numpy gathers.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta, timezone
from typing import Any, Literal
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict

from govhall.calendars.china import (
    R_OVERRIDE,
    REASONS,
    S_OVERRIDE,
    SOURCES,
    Correction,
    DayTable,
)
from govhall.calendars.notices import NoticeSource
from govhall.errors import CalendarRangeError, DateError

__all__ = [
    "SHANGHAI",
    "DayInfo",
    "OverrideDay",
    "WorkingCalendar",
    "parse_iso",
    "to_local_date",
    "to_local_datetime",
]

#: (month, day) from which the last published year is provisional: the next notice may move 29–31 Dec.
#: The earliest December day any notice since 2004 has moved (the 2008 and 2019 notices made Sat 29 Dec
#: a working day; 2006, 2007, 2012 and 2023 moved 30 or 31 Dec; none ever 27 or 28 Dec):
#: tests/test_calendar_provisional_lawyer_11.py holds it against every notice and the calendar's data.
YEAR_END_PROVISIONAL = (12, 29)

#: The time zone every due date is read in.
SHANGHAI = ZoneInfo("Asia/Shanghai")

_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()

Reason = Literal["weekday", "weekend", "holiday", "makeup_workday", "override"]
Source = Literal["weekday-rule", "notice", "holidays-package", "statutory-rule", "override"]


# ISO 8601 extended form as the published schema allows it (govhall.schema.DATETIME_PATTERN), ASCII digits
_ISO_TEXT = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
    r"(?:[Tt ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]+))?)?([Zz]|[+-][0-9]{2}:?[0-9]{2})?)?"
)


def parse_iso(text: str) -> date | datetime:
    """``text`` (``2025-11-03``, ``2025-11-03T09:00``, ``2025-11-03 09:00:00.5+0800``, ``…Z``) as a date
    or a datetime (aware when it gives an offset); ``ValueError`` for anything else. A second's
    fraction may follow a comma (ISO 8601), of six digits at most, and an offset is a real zone's
    (-12:00 to +14:00), as the models read them.

    Exactly the forms of the schema's pattern, read alike on every Python: ``date.fromisoformat`` took
    ``20251103`` and ``2025-W45-1`` from 3.11 on and refuses offsets without a colon before it, so a
    command or call leaning on it answered differently by interpreter.
    """
    m = _ISO_TEXT.fullmatch(text)
    if m is None:
        raise ValueError(f"not an ISO 8601 date or date-time: {text!r}")
    year, month, day, hour, minute, second, fraction, offset = m.groups()
    if hour is None:
        return date(int(year), int(month), int(day))
    if (fraction is not None and len(fraction) > 6) or (offset is not None and offset not in ("Z", "z")):
        from govhall.errors import time_text_fault  # nanoseconds, or an offset no zone has: as the models

        fault = time_text_fault(text)
        if fault is not None:
            raise ValueError(f"{text!r} {fault}")
    tz: timezone | None = None
    if offset is not None:
        if offset in ("Z", "z"):
            tz = timezone.utc
        else:
            digits = offset[1:].replace(":", "")
            hours, minutes = int(digits[:2]), int(digits[2:])
            if minutes > 59:
                raise ValueError(f"not a UTC offset: {offset!r}")
            delta = timedelta(hours=hours, minutes=minutes)
            tz = timezone(-delta if offset[0] == "-" else delta)  # ValueError from 24:00 on
    return datetime(
        int(year), int(month), int(day), int(hour), int(minute), int(second or 0),
        int((fraction or "0")[:6].ljust(6, "0")), tzinfo=tz,
    )  # fmt: skip


def _not_iso(value: str) -> str:
    """Why the text ``value`` is no date or moment, in the words of the loader, the service and the
    command line ("'2025-02-29' is not an ISO date: no such day (2025-02 has 28 days)", "… has the hour
    24 …"): the Python API said "is not an ISO 8601 date or date-time" of a text in that very form."""
    from govhall.errors import no_such_day, time_text_fault

    text = value.strip()
    why = no_such_day(text)
    if why:
        return f"{value!r} is not an ISO date: no such day ({why})"
    fault = time_text_fault(text) if re.match(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ]", text) else None
    if fault is not None:
        return f"{value!r} {fault}"
    return f"{value!r} is not an ISO 8601 date or date-time"


def to_local_date(value: date | datetime | str) -> date:
    """The Asia/Shanghai calendar date of ``value``.

    A ``date`` is returned as is; a naive ``datetime`` is read as Asia/Shanghai local time; an aware
    one is converted to Asia/Shanghai first. An ISO 8601 string is parsed as either.
    """
    if type(value) is date:
        return value
    if isinstance(value, datetime):
        if value.tzinfo is not None and value.utcoffset() is not None:
            value = _in_shanghai(value)
        return value.date()
    if isinstance(value, date):  # a date subclass
        return date(value.year, value.month, value.day)
    if isinstance(value, str):
        try:
            return to_local_date(parse_iso(value.strip()))
        except ValueError:
            raise DateError(_not_iso(value), value=value) from None
    raise TypeError(f"expected a date, datetime or ISO string, got {type(value).__name__}")


def to_local_datetime(value: date | datetime | str) -> datetime:
    """``value`` as an aware Asia/Shanghai datetime (a bare date is its 00:00)."""
    if isinstance(value, str):
        text = value
        try:
            value = parse_iso(text.strip())
        except ValueError:
            raise DateError(_not_iso(text), value=text) from None
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            return value.replace(tzinfo=SHANGHAI)
        return _in_shanghai(value)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=SHANGHAI)
    raise TypeError(f"expected a date, datetime or ISO string, got {type(value).__name__}")


def day_given(value: Any, field: str) -> date | None:
    """A day given to the Python API (``audit(as_of=…)``, ``load_dataset(as_of=…)``) as a date: ISO
    text and a datetime (its day in Shanghai) are read as the command line and the service read them;
    anything else is refused naming ``field``. ``audit`` failed deep inside on text (``combine()
    argument 1 must be datetime.date, not str``) and on a datetime (``can't compare datetime.datetime
    to datetime.date``); ``load_dataset`` kept ``True`` or ``"nope"`` as the dataset's ``as_of``."""
    if value is None or type(value) is date:
        return value
    if isinstance(value, (date, str)):
        try:
            return to_local_date(value)
        except DateError as exc:
            raise DateError(f"{field}: {exc}", field=field) from None
    raise TypeError(f"{field}: expected a date, datetime or ISO date text, got {type(value).__name__}")


def _in_shanghai(value: datetime) -> datetime:
    """An aware ``value`` in Asia/Shanghai; a :class:`DateError` (not ``OverflowError``) where that
    moment has no Shanghai date (9999-12-31T23:00Z is already in the year 10000 there)."""
    try:
        return value.astimezone(SHANGHAI)
    except (OverflowError, ValueError):
        raise DateError(
            f"{value.isoformat()!r} falls outside the years 0001-9999 once converted to Asia/Shanghai",
            value=value.isoformat(),
        ) from None


class DayInfo(BaseModel):
    """Everything the calendar knows about one date.

    ``reason`` is why the day is or is not a working day; ``holiday_name`` the Chinese name of the
    holiday it belongs to (also for weekend days inside a holiday block and for 调休 working days,
    which carry the name of the holiday they make up for); ``notice`` the citation of the notice item
    that decided it (null when no notice item names the day); ``clause`` the same as a ClauseRef;
    ``provisional`` whether the date lies past the last published notice.
    """

    model_config = ConfigDict(frozen=True)

    date: date
    working_day: bool
    reason: Reason
    holiday_name: str | None = None
    holiday_name_en: str | None = None
    notice: str | None = None
    clause: str | None = None
    source: Source = "weekday-rule"
    provisional: bool = False
    override_reason: str | None = None
    calendar: str = "CN"


class OverrideDay(BaseModel):
    """One hall closure or extra working day, with the hall's reason."""

    model_config = ConfigDict(frozen=True)

    date: date
    reason: str | None = None


class _Index:
    """The precomputed index (plain lists for the scalar path, numpy arrays for batches)."""

    __slots__ = (
        "ord0",
        "n",
        "total",
        "cum",
        "wd_dates",
        "working",
        "dates",
        "cum_np",
        "wd_np",
        "working_np",
        "epoch0",
        "provisional_from",
    )

    def __init__(self, table: DayTable) -> None:
        self.ord0 = table.first.toordinal()
        self.n = table.n
        self.epoch0 = self.ord0 - _EPOCH_ORDINAL  # first supported date, in days since 1970-01-01
        working = np.asarray(table.working, dtype=bool)
        self.working_np: NDArray[Any] = working
        self.cum_np: NDArray[Any] = np.cumsum(working, dtype=np.int32)
        self.wd_np: NDArray[Any] = np.flatnonzero(working).astype(np.int32)
        self.total = int(self.wd_np.size)
        self.cum: list[int] = self.cum_np.tolist()
        self.working: list[bool] = working.tolist()
        first = table.first
        self.dates = [first + timedelta(days=i) for i in range(table.n)]
        self.wd_dates: list[date] = [self.dates[i] for i in self.wd_np.tolist()]
        #: WorkingCalendar.provisional_from, made once (is_provisional is asked of every new deadline)
        self.provisional_from = date(table.published_through, *YEAR_END_PROVISIONAL)


class WorkingCalendar:
    """A working-day calendar over a fixed, supported range of dates.

    Get China's with ``govhall.calendars.calendar("CN")``; stack a hall's closures and extra
    working days on it with :meth:`with_overrides`. Every method accepts a ``date``, a
    ``datetime`` (naive = Asia/Shanghai, aware = converted) or an ISO string, and raises
    ``ValueError`` naming the date and the supported range for a date outside it.
    """

    def __init__(self, name: str, table_factory: Callable[[], DayTable]) -> None:
        self.name = name
        self._factory = table_factory
        self._table: DayTable | None = None
        self._ix: _Index | None = None
        #: The hall closures and extra working days stacked on the national calendar.
        self.closed: tuple[OverrideDay, ...] = ()
        self.opened: tuple[OverrideDay, ...] = ()
        #: The State Council notices this calendar was built from, each with where it was loaded from.
        self.notices: tuple[NoticeSource, ...] = ()
        self._statutory: WorkingCalendar | None = None

    @property
    def statutory(self) -> WorkingCalendar:
        """This calendar without the hall's closures and extra working days: the statutory working days
        (holidays and 调休 per the State Council notices) that a law's periods count, e.g.
        admin-licensing-law:82 期限以工作日计算，不含法定节假日. Itself when it has no overrides."""
        return self._statutory if self._statutory is not None else self

    # -- construction -------------------------------------------------------------------------------

    @property
    def table(self) -> DayTable:
        """The per-day table (built on first use)."""
        if self._table is None:
            self._table = self._factory()
        return self._table

    def _index(self) -> _Index:
        if self._ix is None:
            self._ix = _Index(self.table)
        return self._ix

    def __repr__(self) -> str:
        return f"WorkingCalendar({self.name!r})"

    # -- range and provenance -------------------------------------------------------------------------

    @property
    def published_through(self) -> int:
        """The last year whose State Council notice is encoded; later dates are provisional."""
        return self.table.published_through

    @property
    def first_date(self) -> date:
        """The first supported date."""
        return self.table.first

    @property
    def last_date(self) -> date:
        """The last supported date."""
        return self.table.last

    @property
    def corrections(self) -> tuple[Correction, ...]:
        """Where the ``holidays`` package disagreed with a notice (the notice won)."""
        return self.table.corrections

    def _range_error(self, d: date) -> CalendarRangeError:
        t = self.table
        return CalendarRangeError(
            f"date {d.isoformat()} is outside the {self.name} calendar's supported range "
            f"{t.first.isoformat()} .. {t.last.isoformat()}"
        )

    def _i(self, d: Any) -> tuple[date, int]:
        ix = self._ix or self._index()
        if type(d) is not date:
            d = to_local_date(d)
        i = d.toordinal() - ix.ord0
        if i < 0 or i >= ix.n:
            raise self._range_error(d)
        return d, i

    @property
    def provisional_from(self) -> date:
        """The first provisional date: 29 December of the last published year.

        Dates after ``published_through`` are computed from the statutory rule; 29–31 December of the
        last published year are provisional too, because the next year's notice has moved such days
        before (the 2023 notice made Sat 2022-12-31 a day of its 元旦 block; the 2008 and 2019 notices made
        Sat 2007-12-29 and Sat 2018-12-29 working days, the earliest any notice has reached).
        """
        return date(self.table.published_through, *YEAR_END_PROVISIONAL)

    def is_provisional(self, d: date | datetime | str) -> bool:
        """Whether ``d`` is on or after :attr:`provisional_from` (a later notice may still change it)."""
        day, _ = self._i(d)  # (a day outside the calendar is an error, as for every other question)
        return day >= (self._ix or self._index()).provisional_from

    # -- single days ----------------------------------------------------------------------------------

    def is_working_day(self, d: date | datetime | str) -> bool:
        """Whether ``d`` is a working day (holidays off, 调休 weekends on, overrides applied)."""
        ix = self._ix or self._index()
        if type(d) is not date:
            d = to_local_date(d)
        i = d.toordinal() - ix.ord0
        if i < 0 or i >= ix.n:
            raise self._range_error(d)
        return ix.working[i]

    def day_info(self, d: date | datetime | str) -> DayInfo:
        """Why ``d`` is or is not a working day, with the holiday's name and the notice cited."""
        d, i = self._i(d)
        t = self.table
        return DayInfo(
            date=d,
            working_day=bool(t.working[i]),
            reason=REASONS[int(t.reason[i])],
            holiday_name=t.name_zh[i],
            holiday_name_en=t.name_en[i],
            notice=t.notice[i],
            clause=t.clause[i],
            source=SOURCES[int(t.source[i])],
            provisional=d >= date(t.published_through, *YEAR_END_PROVISIONAL),
            override_reason=t.override_reason.get(i),
            calendar=self.name,
        )

    # -- counting -------------------------------------------------------------------------------------

    def add_working_days(self, d: date | datetime | str, n: int) -> date:
        """The nth working day after ``d`` (civil-code:201: ``d`` itself is not counted).

        ``n == 0`` returns ``d`` (as a date). ``n < 0`` is an error: use :meth:`subtract_working_days`.
        """
        ix = self._ix or self._index()
        if type(d) is not date:
            d = to_local_date(d)
        i = d.toordinal() - ix.ord0
        if i < 0 or i >= ix.n:
            raise self._range_error(d)
        if type(n) is not int:
            n = _as_count(n)
        if n > 0:
            k = ix.cum[i] + n
            if k > ix.total:
                raise self._overflow(d, n, "after")
            return ix.wd_dates[k - 1]
        if n == 0:
            return d
        raise ValueError(f"n must be >= 0, got {n}; use subtract_working_days(d, {-n}) to count backwards")

    def subtract_working_days(self, d: date | datetime | str, n: int) -> date:
        """The nth working day before ``d`` (``n == 0`` returns ``d``; ``n < 0`` is an error).

        For a working day ``d``, ``add_working_days(subtract_working_days(d, n), n) == d``.
        """
        ix = self._ix or self._index()
        d, i = self._i(d)
        n = _as_count(n)
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}; use add_working_days(d, {-n}) to count forwards")
        if n == 0:
            return d
        before = ix.cum[i] - ix.working[i]  # working days strictly before d
        k = before - n
        if k < 0:
            raise self._overflow(d, n, "before")
        return ix.wd_dates[k]

    def next_working_day(self, d: date | datetime | str) -> date:
        """The first working day strictly after ``d``."""
        return self.add_working_days(d, 1)

    def previous_working_day(self, d: date | datetime | str) -> date:
        """The last working day strictly before ``d``."""
        return self.subtract_working_days(d, 1)

    def working_days_between(self, a: date | datetime | str, b: date | datetime | str) -> int:
        """The number of working days in ``(a, b]``: 0 when ``b <= a`` (the interval is empty, DESIGN
        "Time"), so it is ``len(working_days_in(a, b))`` for every ``a`` and ``b``."""
        ix = self._ix or self._index()
        if type(a) is not date:
            a = to_local_date(a)
        if type(b) is not date:
            b = to_local_date(b)
        i = a.toordinal() - ix.ord0
        j = b.toordinal() - ix.ord0
        if i < 0 or i >= ix.n:
            raise self._range_error(a)
        if j < 0 or j >= ix.n:
            raise self._range_error(b)
        n: int = ix.cum[j] - ix.cum[i]
        return n if n > 0 else 0

    def working_days_in(self, a: date | datetime | str, b: date | datetime | str) -> list[date]:
        """The working days in ``(a, b]``, in order (empty if ``b <= a``)."""
        ix = self._ix or self._index()
        (_, i), (_, j) = self._i(a), self._i(b)
        if j <= i:
            return []
        return ix.wd_dates[ix.cum[i] : ix.cum[j]]

    def _overflow(self, d: date, n: int, direction: str) -> CalendarRangeError:
        t = self.table
        return CalendarRangeError(
            f"{n} working day{'' if n == 1 else 's'} {direction} {d.isoformat()} ends outside the {self.name} "
            f"calendar's supported range {t.first.isoformat()} .. {t.last.isoformat()}"
        )

    # -- batches --------------------------------------------------------------------------------------

    def _batch_idx(self, dates: Any) -> tuple[NDArray[Any], bool]:
        """Day indices of ``dates`` (datetime64[D] or ints = days since 1970-01-01)."""
        ix = self._ix or self._index()
        arr = np.asarray(dates)
        is_dt = arr.dtype.kind == "M"
        if is_dt:
            days = arr.astype("datetime64[D]").view(np.int64)
        elif arr.dtype.kind in "iu":
            days = arr.astype(np.int64, copy=False)
        elif arr.dtype.kind == "O":
            days = np.array(
                [to_local_date(x).toordinal() - _EPOCH_ORDINAL for x in arr.ravel()], dtype=np.int64
            )
            days = days.reshape(arr.shape)
            is_dt = True
        else:
            raise TypeError(f"dates must be datetime64[D] or integer days since 1970-01-01, got {arr.dtype}")
        idx: NDArray[Any] = days - ix.epoch0
        if idx.size and (int(idx.min()) < 0 or int(idx.max()) >= ix.n):
            bad = int(days.ravel()[np.flatnonzero((idx.ravel() < 0) | (idx.ravel() >= ix.n))[0]])
            raise self._range_error(date.fromordinal(bad + _EPOCH_ORDINAL))
        return idx, is_dt

    def _batch_out(self, idx: NDArray[Any], is_dt: bool) -> NDArray[Any]:
        ix = self._ix or self._index()
        days = idx.astype(np.int64) + ix.epoch0
        return days.astype("datetime64[D]") if is_dt else days

    def is_working_day_many(self, dates: Any) -> NDArray[Any]:
        """Vectorised :meth:`is_working_day`: a bool array shaped like ``dates``."""
        ix = self._ix or self._index()
        idx, _ = self._batch_idx(dates)
        working: NDArray[Any] = ix.working_np[idx]  # (numpy types fancy indexing as Any)
        return working

    def add_working_days_many(self, dates: Any, ns: Any) -> NDArray[Any]:
        """Vectorised :meth:`add_working_days` (broadcasting ``dates`` against ``ns``).

        ``dates``: numpy ``datetime64[D]`` (result is ``datetime64[D]``) or integers counting days
        since 1970-01-01 (result is int64 in the same unit). ``ns`` must all be ``>= 0``.
        """
        ix = self._ix or self._index()
        idx, is_dt = self._batch_idx(dates)
        ns = np.asarray(ns)
        if ns.dtype.kind not in "iub":
            raise TypeError(f"ns must be integers, got {ns.dtype}")
        if ns.size and int(ns.min()) < 0:
            raise ValueError("ns must be >= 0; use subtract for backwards counts")
        k = ix.cum_np[idx] + ns
        if k.size and int(k.max()) > ix.total:
            raise ValueError(
                f"some results fall after the {self.name} calendar's last supported date {self.last_date.isoformat()}"
            )
        out = ix.wd_np[np.maximum(k, 1) - 1]
        out = np.where(ns == 0, idx, out)
        return self._batch_out(out, is_dt)

    def working_days_between_many(self, a: Any, b: Any) -> NDArray[Any]:
        """Vectorised :meth:`working_days_between`: working days in ``(a, b]`` per pair (0 if ``b <= a``)."""
        ix = self._ix or self._index()
        ia, _ = self._batch_idx(a)
        ib, _ = self._batch_idx(b)
        counts: NDArray[Any] = np.maximum(ix.cum_np[ib].astype(np.int64) - ix.cum_np[ia], 0)  # (numpy: Any)
        return counts

    # -- overrides ------------------------------------------------------------------------------------

    def with_overrides(
        self,
        closed: Iterable[Any] = (),
        open: Iterable[Any] = (),
        name: str | None = None,
    ) -> WorkingCalendar:
        """A new calendar: this one with a hall's closures and extra working days stacked on it.

        ``closed`` and ``open`` entries are dates (or datetimes / ISO strings), ``(date, reason)``
        pairs, ``{"date": ..., "reason": ...}`` mappings or :class:`OverrideDay` records. Their
        ``reason`` is ``override`` and ``override_reason`` the hall's reason; the national holiday
        name stays visible. A date both closed and opened is an error.
        """
        for label_, days in (("closed", closed), ("open", open)):
            if isinstance(days, (str, bytes, date)):  # "2025-09-02" was read letter by letter: "'2' is not …"
                raise TypeError(
                    f"{label_}: expected a list of days, got {type(days).__name__} (one goes in a list)"
                )
        closed_days = [_override_day(x) for x in closed]
        open_days = [_override_day(x) for x in open]
        both = {o.date for o in closed_days} & {o.date for o in open_days}
        if both:
            raise ValueError(
                f"date(s) both closed and opened: {', '.join(sorted(d.isoformat() for d in both))}"
            )
        for o in (*closed_days, *open_days):
            self._i(o.date)  # range check now, not at first use
        base = self
        label = name or f"{self.name}+overrides"

        def factory() -> DayTable:
            t = base.table.copy()
            ord0 = t.first.toordinal()
            for days, working in ((closed_days, False), (open_days, True)):
                for o in days:
                    i = o.date.toordinal() - ord0
                    t.working[i] = working
                    t.reason[i] = R_OVERRIDE
                    t.source[i] = S_OVERRIDE
                    t.override_reason[i] = o.reason or ("hall closed" if not working else "hall open")
            return t

        cal = WorkingCalendar(label, factory)
        cal.notices = self.notices
        cal._statutory = self.statutory
        cal.closed = (*self.closed, *closed_days)
        cal.opened = (*self.opened, *open_days)
        return cal


def _as_count(n: Any) -> int:
    if isinstance(n, bool):
        raise TypeError("n must be an integer, not a bool")
    try:
        return operator.index(n)
    except TypeError:
        raise TypeError(f"n must be an integer, got {type(n).__name__}") from None


def _override_date(value: Any) -> date:
    """An override entry's date; anything else is said in the words of the YAML or JSON it came from
    ("got NoneType", "got int" were Python's)."""
    try:
        return to_local_date(value)
    except TypeError:
        from govhall._yamlio import json_type

        raise ValueError(f"{json_type(value)} is not a date (expected YYYY-MM-DD)") from None


def _override_day(x: Any) -> OverrideDay:
    # each fault said of the entry in the words of the file it came from: it echoed the entry as Python
    # wrote it ("override entry {'date': datetime.date(2025, 1, 6), 'reason': [1]}")
    if isinstance(x, OverrideDay):
        return x
    if isinstance(x, dict):
        if "date" not in x:
            raise ValueError("the entry has no date (give {date: YYYY-MM-DD, reason: …})")
        reason = x.get("reason")
        if isinstance(reason, (dict, list, tuple, set)):
            from govhall._yamlio import json_type

            raise ValueError(f"the reason must be a text, not {json_type(reason)}")
        return OverrideDay(date=_override_date(x["date"]), reason=None if reason is None else str(reason))
    if isinstance(x, Sequence) and not isinstance(x, str):
        if len(x) != 2:
            raise ValueError(
                f"an entry is a date, a (date, reason) pair or {{date, reason}}, not {len(x)} values"
            )
        return OverrideDay(date=_override_date(x[0]), reason=None if x[1] is None else str(x[1]))
    return OverrideDay(date=_override_date(x))
