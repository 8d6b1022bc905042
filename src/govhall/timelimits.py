"""Time limits and due dates: the one place in govhall that counts periods.

Parse a limit as a standard writes it, then ask when it falls due::

    >>> from datetime import date
    >>> from govhall.timelimits import due_date, parse_limit
    >>> parse_limit("二十个工作日")
    TimeLimit(amount=20, unit='working_day', text='二十个工作日')
    >>> due_date(date(2025, 9, 26), "20个工作日").due      # across 国庆节、中秋节 2025
    datetime.date(2025, 10, 30)

Counting conventions (clause refs in ``Deadline.basis``):

* ``civil-code:201`` — the start day is not counted; an hour period runs from the hour given.
* ``admin-licensing-law:82`` — working-day periods skip statutory holidays: N working days after a
  start date is the Nth working day after it (``calendar.add_working_days``).
* ``civil-code:202`` — a month period ends on the corresponding day of the last month, or on that
  month's last day when it has none ("1个月" from 31 Jan ends on 28/29 Feb).
* ``civil-code:203`` — a calendar-day or month period whose last day is not a working day ends on
  the next working day instead (``Deadline.rolled_from`` keeps the computed last day);
  :func:`roll_last_day` moves a Deadline so where a reading applies Art 203 to a same-day time (当天).
* ``db23-hlj-2023:7.4.2`` (or the caller's ``pause_basis``, e.g. ``admin-licensing-law:45``) —
  pauses (补正, excluded procedures) stop the clock. Cited only when a pause changed the end of a
  period it fell in: a pause holding no day the period counts (a weekend in a working-day period,
  suspended) leaves the date as it was and is not its basis (``paused_days`` still counts it, and the
  ``pause_mode`` reading is still listed: restarting would have moved the date).

Readings that are a choice are keyword arguments with a default (and are listed, when they made a
difference, in ``Deadline.readings``):

* ``pause_mode`` — ``"suspend"`` (default): the clock stops during a pause and resumes after it,
  so paused days are added on; ``"restart"``: the whole period starts again from the pause's end.
  For working-day limits the paused *working* days don't count; for calendar-day and month limits
  the last day moves later by the paused *calendar* days that fall after the start and on or before
  the (moving) last day; pauses starting after that last day change nothing.
* Pauses are date ranges, both ends whole days; a pause end given as a moment (a datetime) stops an
  hour period from that moment, or until it (civil-code:201 counts an hour period from the hour: a
  补正 from 10:00 to 14:00 stops a 24-hour period for 4 hours, not for the day). Day periods read the
  moment's date.
* ``hour_holidays`` — ``"elapsed"`` (default): an hour period runs by the clock through nights,
  weekends and holidays; ``"roll"``: if it ends on a non-working day it ends at the same time on the
  next working day (civil-code:203 applied to hours). An hour period that ends at 00:00 ends at 24:00
  of the day before (civil-code:203: the last day ends at 24:00): that day is its ``due`` day and the
  day the roll looks at. An hour period from a bare date runs from 00:00 of that date.
* Extensions run from the previous due date, after any holiday roll (``extension_from="due"``), or
  from the computed last day before the roll (``"last_day"``; after an hour period, from its end before
  the roll). An hour extension after a day-based due date starts at the end (24:00) of that day.

Dates are Asia/Shanghai dates: naive datetimes are read as Asia/Shanghai, aware ones converted.
"""

from __future__ import annotations

import functools
import re
import unicodedata
import weakref
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from govhall._clauseref import ClauseRef
from govhall.calendars import WorkingCalendar, calendar, to_local_date, to_local_datetime
from govhall.errors import CalendarRangeError, DateError, GovhallError, InputError, LimitTextError, echoed_id

__all__ = [
    "MAX_ITEM_LIMIT",
    "Deadline",
    "TimeLimit",
    "Unit",
    "days_after",
    "due_date",
    "is_late",
    "last_day_rolled",
    "lead_before",
    "merge_pauses",
    "hours_before",
    "minutes_after",
    "parse_limit",
    "received_after_closing",
    "received_day",
    "roll_last_day",
    "working_days_granted",
    "working_days_left",
    "working_days_spanned",
    "calendar_days_since",
]

Unit = Literal["working_day", "calendar_day", "month", "hour", "on_the_spot"]
PauseMode = Literal["suspend", "restart"]
HourHolidays = Literal["elapsed", "roll"]
ExtensionFrom = Literal["due", "last_day"]

DEFAULT_PAUSE_BASIS = "db23-hlj-2023:7.4.2"


class TimeLimit(BaseModel):
    """A time limit as a standard states it: an amount and a unit, with the original text.

    ``unit`` is ``working_day`` (工作日), ``calendar_day`` (天/日/自然日), ``month`` (月; a year is
    12 months), ``hour`` (小时) or ``on_the_spot`` (当场/即办, amount 0).
    """

    model_config = ConfigDict(frozen=True)

    amount: int = Field(ge=0)
    unit: Unit
    text: str = ""

    @field_validator("amount", mode="before")
    @classmethod
    def _no_bool(cls, value: Any) -> Any:
        # pydantic's lax int takes True as 1 and False as 0: a yes/no is no count of days
        if isinstance(value, bool):
            raise ValueError(f"an amount is a whole number, not a boolean ({str(value).lower()})")
        return value

    @model_validator(mode="after")
    def _check(self) -> TimeLimit:
        if self.unit == "on_the_spot" and self.amount != 0:
            raise ValueError("an on-the-spot limit has amount 0")
        return self

    def __str__(self) -> str:
        return self.text or _describe(self.amount, self.unit)

    @property
    def written_in_days(self) -> bool:
        """Whether this is a day limit written in bare 天/日 (days), the words a day-unit reading may read
        as working days (admin-licensing-law:82). One written in 自然日/日历日 (calendar days) or in 周
        (weeks) says it counts calendar days, and no reading changes it."""
        if self.unit != "calendar_day":
            return False
        if not self.text:
            return True
        try:
            return _unit_word(self.text) in _BARE_DAY_WORDS
        except LimitTextError:
            return True

    def in_working_days(self) -> TimeLimit:
        """The same limit read with "天/日" meaning working days.

        A ``calendar_day`` limit written in 天/日 (:attr:`written_in_days`) becomes ``working_day`` with
        the same amount; one written in 自然日 or 周 is calendar days by its own words and is returned
        unchanged, as are ``working_day`` and ``on_the_spot``; month and hour limits raise
        ``ValueError`` (they have no working-day reading).
        """
        if self.unit == "calendar_day":
            if not self.written_in_days:
                return self
            return TimeLimit(amount=self.amount, unit="working_day", text=self.text)
        if self.unit in ("working_day", "on_the_spot"):
            return self
        raise ValueError(f"a {self.unit} limit ({self}) has no working-day reading")

    @classmethod
    def working_days(cls, n: int) -> TimeLimit:
        """``n`` working days (N个工作日)."""
        return _counted(cls, n, "working_day", "个工作日")

    @classmethod
    def calendar_days(cls, n: int) -> TimeLimit:
        """``n`` calendar days (N日)."""
        return _counted(cls, n, "calendar_day", "日")

    @classmethod
    def months(cls, n: int) -> TimeLimit:
        """``n`` months (N个月)."""
        return _counted(cls, n, "month", "个月")

    @classmethod
    def hours(cls, n: int) -> TimeLimit:
        """``n`` hours (N小时)."""
        return _counted(cls, n, "hour", "小时")

    @classmethod
    def on_the_spot(cls) -> TimeLimit:
        """On the spot (当场办结)."""
        return cls(amount=0, unit="on_the_spot", text="当场")


def _counted(cls: type[TimeLimit], n: int, unit: Unit, word: str) -> TimeLimit:
    """``cls(amount=n, unit=unit, text=f"{n}{word}")``; for an ``int`` ``n``, made once per process
    (:func:`_counted_int`): a TimeLimit is immutable, and rules ask for the same few (``1个工作日`` …)
    for every record (building one validates it: ~3 µs, a few % of a hall's audit)."""
    if n.__class__ is int:
        return _counted_int(cls, n, unit, word)
    return cls(amount=n, unit=unit, text=f"{n}{word}")


@functools.lru_cache(maxsize=512)
def _counted_int(cls: type[TimeLimit], n: int, unit: Unit, word: str) -> TimeLimit:
    """:func:`_counted` for an ``int`` (a bad one, e.g. negative, raises each time: not remembered)."""
    return cls(amount=n, unit=unit, text=f"{n}{word}")


def _describe(amount: int, unit: str) -> str:
    return {
        "working_day": f"{amount}个工作日",
        "calendar_day": f"{amount}日",
        "month": f"{amount}个月",
        "hour": f"{amount}小时",
        "on_the_spot": "当场",
    }[unit]


# -- parsing ---------------------------------------------------------------------------------------

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}

# (unit, multiplier, suffixes): longest suffixes are tried first.
_UNIT_WORDS: list[tuple[str, int, tuple[str, ...]]] = [
    (
        "working_day",
        1,
        (
            "个工作日",
            "工作日",
            "working days",
            "working day",
            "workdays",
            "workday",
            "business days",
            "business day",
        ),
    ),
    (
        "calendar_day",
        1,
        (
            "个自然日",
            "自然日",
            "个日历日",
            "日历日",
            "calendar days",
            "calendar day",
            "天",
            "日",
            "days",
            "day",
            "d",
        ),
    ),
    ("calendar_day", 7, ("个星期", "星期", "周", "weeks", "week")),
    ("month", 1, ("个月", "月", "months", "month")),
    ("month", 12, ("年", "years", "year")),
    ("hour", 1, ("个小时", "小时", "个钟头", "hours", "hour", "hrs", "hr", "h")),
]
_SUFFIXES = sorted(
    ((s, unit, mult) for unit, mult, words in _UNIT_WORDS for s in words), key=lambda x: -len(x[0])
)
_ON_THE_SPOT = {
    "当场", "即办", "立即", "即时", "当即", "当场办结", "当场办理", "即时办结", "即时办理", "立即办理",
    "立即办结", "即来即办", "当日", "当天", "当日办结", "当天办结", "on the spot", "immediately",
    "on-the-spot", "same day",
}  # fmt: skip
_NUM = re.compile(r"^(?P<num>[0-9]+|[零〇一二两三四五六七八九十百千]+)\s*(?P<rest>.+)$")
_WITHIN = ("以内", "之内", "内", "within")
_DONE = ("办结", "办理", "完成")


def _cn_number(s: str) -> int:
    """Parse a Chinese numeral: 二十, 十五, 两, 一百零五, 一百五 (150); "二三" is not a number."""
    if len(s) == 1 and s in _CN_DIGITS:
        return _CN_DIGITS[s]
    total, digit, last_unit, zero_seen = 0, None, 10**9, False
    for ch in s:
        if ch in ("零", "〇"):
            if digit is not None:
                raise ValueError(s)
            zero_seen = True
            continue
        if ch in _CN_DIGITS:
            if digit is not None:
                raise ValueError(s)
            digit = _CN_DIGITS[ch]
        else:
            unit = _CN_UNITS[ch]
            if unit >= last_unit:
                raise ValueError(s)
            total += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
    if digit is not None:
        if zero_seen or last_unit == 10**9 or last_unit == 10:
            total += digit
        else:  # 一百五 = 150, 两千三 = 2300 (the spoken shorthand)
            total += digit * (last_unit // 10)
    return total


#: the longest time limit an item of the catalogue may state, per unit: ten years. No service item's
#: 法定时限 or 承诺时限 runs for years, and a longer one (``99999个工作日``, a typo) could not be counted
#: on the calendar at all, so such an item is rejected when it is read (``Item``'s limits), naming the
#: field, instead of failing every rule that counts its applications' time (govhall's sanity bound,
#: not the law's)
MAX_ITEM_LIMIT: dict[str, int] = {"working_day": 2_500, "calendar_day": 3_660, "month": 120, "hour": 87_840}


def check_item_limit(limit: TimeLimit) -> None:
    """Raise ``LimitTextError`` if ``limit`` is longer than :data:`MAX_ITEM_LIMIT` allows."""
    most = MAX_ITEM_LIMIT.get(limit.unit)
    if most is not None and limit.amount > most:
        raise LimitTextError(
            f"{str(limit)!r} is longer than an item's time limit can be (at most ten years: "
            f"{_describe(most, limit.unit)}); a typo?",
            value=repr(str(limit)),
        )


def parse_limit(text: str | TimeLimit) -> TimeLimit:
    """Parse a time limit as standards write it.

    A hall has a few dozen distinct limit texts and hundreds of thousands of applications: each
    distinct text is parsed once (the result is immutable) and then looked up.

    Accepts "20个工作日", "二十个工作日", "２０个工作日", "20 working days", "1 working day", "3天",
    "3日", "3 calendar days", "1个月", "1月", "3 months", "1年" (12 months), "2周" (14 days),
    "24小时", "24h", "当场", "即办", "立即", "当日" (on the spot: due the same day); a trailing
    内/以内 (and 内办结) is allowed ("20个工作日内", "3个工作日内办结"). A ``TimeLimit`` is returned
    unchanged. Anything else raises ``ValueError``
    naming the text.
    """
    if text.__class__ is str:  # the usual case first: a text, parsed once
        return _parse_limit_text(text)
    if isinstance(text, TimeLimit):
        return text
    if not isinstance(text, str):
        raise LimitTextError(f"not a time limit: {echoed_id(repr(text))}", value=echoed_id(repr(text)))
    return _parse_limit_text(text)


#: the unit words of a day limit that leave its days open to a reading (bare 天/日, days)
_BARE_DAY_WORDS = frozenset({"天", "日", "days", "day", "d"})


@functools.lru_cache(maxsize=1024)
def _unit_word(text: str) -> str:
    """The unit word ``text`` was read by (``天``, ``自然日``, ``周`` …)."""
    return _parse_parts(text)[1]


@functools.lru_cache(maxsize=4096)
def _parse_limit_text(text: str) -> TimeLimit:
    return _parse_parts(text)[0]


def _parse_parts(text: str) -> tuple[TimeLimit, str]:
    original = text
    odd = next((c for c in text if unicodedata.category(c) == "No"), None)
    if odd is not None:  # NFKC read "²个工作日" as 2 working days, "①天" as one day
        raise LimitTextError(
            f"not a time limit: {echoed_id(original)!r}: {odd!r} ({unicodedata.name(odd, 'a numeric sign')}) is "
            "not a digit (expected e.g. 20个工作日, 3天, 1个月, 24小时, 当场, 20 working days)"
        )
    s = unicodedata.normalize("NFKC", text).strip().lower()
    s = re.sub(r"\s+", " ", s)
    for w in _DONE:  # "20个工作日内办结"
        if s.endswith(w) and len(s) > len(w) and s[: -len(w)].rstrip().endswith(_WITHIN):
            s = s[: -len(w)].rstrip()
            break
    for w in _WITHIN:
        if s.endswith(w) and len(s) > len(w):
            s = s[: -len(w)].strip()
            break
    s = s.removeprefix("within ").strip()
    if s in _ON_THE_SPOT:
        return TimeLimit(amount=0, unit="on_the_spot", text=original.strip()), s
    m = _NUM.match(s)
    if m:
        rest = m.group("rest").strip()
        for suffix, unit, mult in _SUFFIXES:
            if rest == suffix:
                num = m.group("num")
                try:
                    amount = int(num) if num.isascii() else _cn_number(num)
                except (ValueError, KeyError):
                    break
                return TimeLimit(amount=amount * mult, unit=unit, text=original.strip()), suffix  # type: ignore[arg-type]
    raise LimitTextError(  # the text is cut as an echoed id is: a cell may hold a whole file's worth
        f"not a time limit: {echoed_id(original)!r} (expected e.g. 20个工作日, 3天, 1个月, 24小时, 当场, 20 working days)"
    )


# -- due dates -------------------------------------------------------------------------------------


class Deadline(BaseModel):
    """When a time limit falls due, and how that was worked out.

    ``due`` is the last day on which the act is in time (an Asia/Shanghai date); ``due_at`` the exact
    end for hour limits. ``basis`` lists the clauses actually used, each a
    :class:`~govhall.rules.core.ClauseRef` (DESIGN's type; a ``str``, so it compares with and dumps to
    JSON, YAML and ``model_dump()`` as its text, as before; typed ``list[str]`` for type checkers, so
    code that annotated it so stays ``mypy --strict`` clean); ``rolled_from`` the computed last
    day before a holiday roll (civil-code:203); ``provisional`` is true when any day the computation
    crossed lies past the last published holiday notice. One Deadline answers every caller that asks
    the same question (:func:`due_date` remembers it): treat its lists as read-only (copy to change).
    """

    model_config = ConfigDict(frozen=True)

    start: date
    start_at: datetime | None = None
    limit: TimeLimit
    due: date
    due_at: datetime | None = None
    paused_working_days: int = 0
    paused_days: int = 0
    extensions: list[TimeLimit] = Field(default_factory=list)
    provisional: bool = False
    if TYPE_CHECKING:
        # a type checker sees list[str], as before ClauseRef: a list is invariant, so list[ClauseRef]
        # made a caller's ``basis: list[str] = dl.basis`` (or passing it where list[str] goes) a mypy
        # --strict error; ``isinstance(r, ClauseRef)`` narrows an element to reach ``.standard``
        basis: list[str] = Field(default_factory=list)
    else:
        basis: list[ClauseRef] = Field(default_factory=list)
    rolled_from: date | None = None
    calendar: str = "CN"
    readings: dict[str, str] = Field(default_factory=dict)


def merge_pauses(pauses: Iterable[Any]) -> list[tuple[date, date]]:
    """Normalise pauses to sorted, merged, inclusive ``(from, to)`` date ranges.

    Each pause is a ``(from, to)`` pair (dates, datetimes or ISO strings), or a mapping with
    ``from``/``to`` (or ``start``/``end``) keys. Overlapping and adjacent ranges are merged. A range
    that ends before it starts raises ``ValueError``.
    """
    ranges: list[tuple[date, date]] = []
    for p in pauses:
        if isinstance(p, dict):
            a = p.get("from", p.get("start"))
            b = p.get("to", p.get("end"))
        else:
            try:
                a, b = p
            except (TypeError, ValueError):
                raise ValueError(f"a pause must be a (from, to) pair, got {p!r}") from None
        if a is None or b is None:
            raise ValueError(f"a pause needs both ends, got {p!r}")
        da, db = to_local_date(a), to_local_date(b)
        if db < da:
            raise ValueError(f"pause {da.isoformat()}:{db.isoformat()} ends before it starts")
        ranges.append((da, db))
    ranges.sort()
    merged: list[tuple[date, date]] = []
    for a, b in ranges:
        if merged and a <= merged[-1][1] + timedelta(days=1):
            if b > merged[-1][1]:
                merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


def _pause_ends(p: Any) -> tuple[Any, Any]:
    """A pause's two ends as given: a ``(from, to)`` pair or a mapping (:func:`merge_pauses`)."""
    if isinstance(p, dict):
        return p.get("from", p.get("start")), p.get("to", p.get("end"))
    a, b = p
    return a, b


def _exact(value: Any) -> bool:
    """Whether a pause end names a moment (a datetime or a date-time text), not a whole day."""
    return isinstance(value, datetime) or (isinstance(value, str) and len(value.strip()) > 10)


def _moment_pauses(pauses: Iterable[Any]) -> list[tuple[datetime, datetime]]:
    """The pauses as sorted, merged ``[from, to)`` moments, for an hour period: an end given as a moment
    is that moment, one given as a date is the day whole (from its 00:00, to 24:00). Given
    already-checked pauses (:func:`merge_pauses` has read them)."""
    spans: list[tuple[datetime, datetime]] = []
    for p in pauses:
        a, b = _pause_ends(p)
        pa = to_local_datetime(a) if _exact(a) else to_local_datetime(to_local_date(a))
        pb = to_local_datetime(b) if _exact(b) else to_local_datetime(to_local_date(b) + _DAY)
        if pb > pa:
            spans.append((pa, pb))
    spans.sort()
    merged: list[tuple[datetime, datetime]] = []
    for pa, pb in spans:
        if merged and pa <= merged[-1][1]:
            if pb > merged[-1][1]:
                merged[-1] = (merged[-1][0], pb)
        else:
            merged.append((pa, pb))
    return merged


class _Acc:
    """Running totals while a deadline is computed."""

    __slots__ = ("paused_wd", "paused_days", "basis", "rolled_from", "readings")

    def __init__(self) -> None:
        self.paused_wd = 0
        self.paused_days = 0
        self.basis: list[str] = []  # ClauseRefs, typed as Deadline.basis is
        self.rolled_from: date | None = None
        self.readings: dict[str, str] = {}

    def cite(self, *refs: str) -> None:
        for r in refs:
            if r not in self.basis:
                self.basis.append(_clause_ref(r))


#: each clause a deadline cites, made a :class:`ClauseRef` once per process (a few dozen texts)
_clause_ref = functools.lru_cache(maxsize=1024)(ClauseRef.of)


def _clause_refs(refs: Iterable[str] | str, argument: str) -> list[ClauseRef]:
    """A caller's ``pause_basis`` or ``extra_basis`` as ClauseRefs; a bad one names the argument."""
    try:
        return [_clause_ref(r) for r in ([refs] if isinstance(refs, str) else refs)]
    except (TypeError, ValueError) as exc:
        raise InputError(f"{argument}: {exc}", field=argument) from None


_DAY = timedelta(days=1)


def _working_segment(
    cal: WorkingCalendar, s: date, n: int, pauses: list[tuple[date, date]], mode: PauseMode, acc: _Acc
) -> date:
    acc.cite("civil-code:201", "admin-licensing-law:82")
    cur, remaining = s, n
    if mode == "suspend":
        for a, b in pauses:
            if b <= cur:
                continue
            a2 = max(a, cur + _DAY)
            if remaining == 0 or cal.add_working_days(cur, remaining) < a2:
                break
            remaining -= cal.working_days_between(cur, a2 - _DAY)
            acc.paused_wd += cal.working_days_between(a2 - _DAY, b)
            acc.paused_days += (b - a2).days + 1
            cur = b
        return cal.add_working_days(cur, remaining)
    due = cal.add_working_days(s, n)
    for a, b in pauses:  # restart: the full period runs again from the end of each pause it meets
        if b <= cur:
            continue
        a2 = max(a, cur + _DAY)
        if n == 0 or a2 > due:
            break
        acc.paused_wd += cal.working_days_between(a2 - _DAY, b)
        acc.paused_days += (b - a2).days + 1
        cur = b
        due = cal.add_working_days(cur, n)
    return due


def _calendar_segment(
    cal: WorkingCalendar,
    s: date,
    limit: TimeLimit,
    pauses: list[tuple[date, date]],
    mode: PauseMode,
    acc: _Acc,
) -> tuple[date, date]:
    """Returns ``(due, last_day)``: the last day computed, then rolled to a working day if needed."""

    def period_end(origin: date) -> date:
        if limit.unit == "month":
            return origin + relativedelta(months=limit.amount)
        return origin + timedelta(days=limit.amount)

    acc.cite("civil-code:201")
    if limit.unit == "month":
        acc.cite("civil-code:202")
    last = period_end(s)
    if limit.amount > 0:
        for a, b in pauses:
            if b <= s:
                continue
            a2 = max(a, s + _DAY)
            if a2 > last:
                break
            acc.paused_days += (b - a2).days + 1
            acc.paused_wd += cal.working_days_between(a2 - _DAY, b)
            if mode == "suspend":
                last = last + (b - a2) + _DAY
            else:
                s = b
                last = period_end(b)
    if limit.amount == 0:
        return last, last
    due = last_day_rolled(last, cal)
    if due != last:
        acc.rolled_from = last
        acc.cite("civil-code:203")
    return due, last


def _hour_segment(
    cal: WorkingCalendar,
    start: datetime,
    n: int,
    pauses: list[tuple[datetime, datetime]],
    mode: PauseMode,
    hour_holidays: HourHolidays,
    acc: _Acc,
) -> tuple[datetime, datetime]:
    """Returns ``(due_at, end_before_roll)``."""
    acc.cite("civil-code:201")
    end = start + timedelta(hours=n)
    if n > 0:
        for pa, pb in pauses:  # moments (_moment_pauses): a pause given by the minute stops it that long
            if pb <= start:
                continue
            pa2 = max(pa, start)
            if pa2 >= end:
                break
            first_day, b = pa2.date(), _hour_end_day(pb, pa2)  # the dates it touches
            acc.paused_days += (b - first_day).days + 1
            acc.paused_wd += cal.working_days_between(first_day - _DAY, b)
            if mode == "suspend":
                end = end + (pb - pa2)
            else:
                start = pb
                end = pb + timedelta(hours=n)
    acc.readings["timelimits.hour-holidays"] = hour_holidays
    last = _hour_end_day(end, start)
    if hour_holidays == "roll" and not cal.is_working_day(last):
        acc.rolled_from = last
        acc.cite("civil-code:203")
        # the same time of day on the next working day; an end at 24:00 stays at 24:00 of that day
        return datetime.combine(cal.next_working_day(last), end.timetz()) + (end.date() - last), end
    return end, end


def _segment(
    cal: WorkingCalendar,
    lim: TimeLimit,
    seg_start: date,
    origin: datetime | None,
    pauses: list[tuple[date, date]],
    mode: PauseMode,
    hour_holidays: HourHolidays,
    acc: _Acc,
    moments: list[tuple[datetime, datetime]] | None = None,
) -> tuple[date, date, datetime | None, datetime | None]:
    """One period of a deadline: ``(due day, last day before a roll, due_at, end before a roll)``, the
    last two for an hour period (from ``origin``) only, whose pauses are ``moments``."""
    if lim.unit == "working_day":
        day = _working_segment(cal, seg_start, lim.amount, pauses, mode, acc)
        return day, day, None, None
    if lim.unit in ("calendar_day", "month"):
        due_day, last_day = _calendar_segment(cal, seg_start, lim, pauses, mode, acc)
        return due_day, last_day, None, None
    assert origin is not None
    due_at, end_at = _hour_segment(cal, origin, lim.amount, moments or [], mode, hour_holidays, acc)
    due_day = _hour_end_day(due_at, origin)
    cal.is_working_day(due_day)  # range check
    return due_day, _hour_end_day(end_at, origin), due_at, end_at


def _hour_end_day(end: datetime, start: datetime) -> date:
    """The day an hour period from ``start`` to ``end`` ends on: ``end``'s date, except that an end at
    00:00 after the start is 24:00 of the day before (civil-code:203, 期间的最后一日的截止时间为二十四时):
    24 hours from 00:00 on 3 November end at 24:00 on the 3rd, the last day on which the act is in time,
    not on the 4th."""
    if end > start and end.hour == 0 and end.minute == 0 and end.second == 0 and end.microsecond == 0:
        return end.date() - _DAY
    return end.date()


_F = TypeVar("_F", bound=Callable[..., Any])


def _range_checked(func: _F) -> _F:
    """Turn date arithmetic that leaves Python's date range (a limit of 99999999天 …) into a
    :class:`~govhall.errors.CalendarRangeError` naming the limit, instead of a bare OverflowError."""

    @functools.wraps(func)
    def checked(start: Any, limit: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return func(start, limit, *args, **kwargs)
        except (OverflowError, ValueError) as exc:
            _raise_out_of_range(exc, start, limit)
            raise

    return checked  # type: ignore[return-value]


def _blame_pause(pauses: Sequence[Any], why: str) -> None:
    """Raise the CalendarRangeError naming the pause (``pauses[k]``) whose end is the date the calendar
    could not count (``why``, its words): a pause to 9999-01-01 was blamed on the limit ("limit: 5天
    counted from …: date 9999-01-01 is outside …"), a field the caller had right. Returns if none is."""
    for k, pause in enumerate(pauses):
        ((first, last),) = merge_pauses([pause])
        for end in (first, last):
            if f"date {end.isoformat()} is outside" in why:
                raise CalendarRangeError(
                    f"pauses[{k}]: the pause {first.isoformat()}:{last.isoformat()}: {why}",
                    field=f"pauses[{k}]",
                ) from None


def _raise_out_of_range(exc: OverflowError | ValueError, start: Any, limit: Any) -> None:
    """Raise the :class:`~govhall.errors.CalendarRangeError` naming the limit for date arithmetic that
    left Python's date range (``exc``); return for any other error (the caller raises it as it is)."""
    if isinstance(exc, GovhallError) or not isinstance(exc, OverflowError) and "out of range" not in str(exc):
        return
    raise CalendarRangeError(
        f"{limit} from {start}: the due date falls outside the dates govhall can count ({exc})",
        limit=str(limit),
        start=str(start),
    ) from None


@_range_checked
def due_date(
    start: date | datetime | str,
    limit: TimeLimit | str,
    *,
    pauses: Iterable[Any] = (),
    extensions: Iterable[TimeLimit | str] = (),
    calendar: WorkingCalendar | None = None,
    pause_mode: PauseMode = "suspend",
    hour_holidays: HourHolidays = "elapsed",
    extension_from: ExtensionFrom = "due",
    pause_basis: str = DEFAULT_PAUSE_BASIS,
    extra_basis: Iterable[str] = (),
) -> Deadline:
    """The due date of ``limit`` counted from ``start`` (civil-code:200–203, admin-licensing-law:82).

    * ``start``: the day (or moment) the period starts from, e.g. the day an application was
      received; the start day itself is not counted. Naive datetimes are Asia/Shanghai.
    * ``limit``: a :class:`TimeLimit` or its text ("20个工作日", "3天", "1个月", "24小时", "当场").
    * ``pauses``: inclusive ``(from, to)`` date ranges during which the clock stops (补正,
      hearings, expert review…); overlapping and adjacent ranges are merged. An end given as a
      datetime stops an hour period from (or until) that moment; day periods read its date. Cited as
      ``pause_basis`` (default ``db23-hlj-2023:7.4.2``; pass ``admin-licensing-law:45`` for
      excluded procedures) only when a pause changed the end of a period it fell in (computed
      without the pauses, that period would end elsewhere).
    * ``extensions``: limits added in order after the base period, each from the previous due date.
    * ``calendar``: a :class:`WorkingCalendar` (default: China, ``calendar("CN")``).
    * ``pause_mode``, ``hour_holidays``, ``extension_from``: readings that are a choice; see the
      module documentation.
    * ``extra_basis``: clause refs the caller relies on (e.g. ``admin-licensing-law:42``; one text is one
      ref), added to ``basis``. A ref that is not ``<standard id>:<clause>`` of a standard govhall knows
      (``pause_basis`` too) raises :class:`~govhall.errors.InputError` naming the argument.

    Raises ``ValueError`` for a bad limit, a bad pause, or a date outside the calendar's range.

    Each distinct question (the calendar and every argument) is worked out once per process: the
    halls of a province ask the same few thousand deadlines again and again (see :data:`_ANSWERS`).
    """
    cal = calendar if calendar is not None else _default_calendar()
    key = _question(
        start,
        limit,
        pauses,
        extensions,
        pause_mode,
        hour_holidays,
        extension_from,
        pause_basis,
        extra_basis,
    )
    answers: dict[tuple[Any, ...], Deadline] | None = None
    if key is not None:
        try:
            answers = _ANSWERS.get(cal)
            found = answers.get(key) if answers is not None else None
        except TypeError:  # a calendar or a value that cannot be hashed: worked out each time
            key = answers = None
        else:
            if found is not None:
                return found
    _check_arguments(cal, pauses, extensions)
    deadline = _due_date(
        start,
        limit,
        pauses=pauses,
        extensions=extensions,
        cal=cal,
        pause_mode=pause_mode,
        hour_holidays=hour_holidays,
        extension_from=extension_from,
        pause_basis=pause_basis,
        extra_basis=extra_basis,
    )
    if key is not None:
        if answers is None:
            answers = _ANSWERS.setdefault(cal, {})
        elif len(answers) >= _ANSWERS_MAX:
            answers.clear()
        answers[key] = deadline
    return deadline


def _check_arguments(cal: Any, pauses: Any, extensions: Any) -> None:
    """Refuse a calendar that is not one, and pauses or extensions that are not a list, by name."""
    if not hasattr(cal, "is_working_day"):  # it failed deep inside: 'str' object has no attribute …
        raise TypeError(
            f"calendar: expected a WorkingCalendar (govhall.calendar('CN')), got {type(cal).__name__}"
        )
    for name, many in (("pauses", pauses), ("extensions", extensions)):
        if many.__class__ is list or many.__class__ is tuple:  # the usual arguments
            continue
        # a text was read letter by letter ("a pause must be a (from, to) pair, got '2'"; "not a time
        # limit: '5'"); None said "'NoneType' object is not iterable" (extra_basis takes one text)
        if isinstance(many, (str, bytes)) or not isinstance(many, Iterable):
            raise TypeError(
                f"{name}: expected a list, got {type(many).__name__} (a single one goes in a list)"
            )


def _fresh_due_date(
    start: date | datetime | str,
    limit: TimeLimit | str,
    *,
    calendar: WorkingCalendar,
    pauses: Iterable[Any] = (),
    extensions: Iterable[TimeLimit | str] = (),
    pause_mode: PauseMode = "suspend",
    hour_holidays: HourHolidays = "elapsed",
    extension_from: ExtensionFrom = "due",
    pause_basis: str = DEFAULT_PAUSE_BASIS,
    extra_basis: Iterable[str] = (),
) -> Deadline:
    """:func:`due_date` on ``calendar``, worked out without looking in (or adding to) its memory of
    answers: for a caller that keeps its own (``Context.due``, which keys its questions itself and
    asks this only for one it has not met; keying it here again, and looking the calendar up in a
    weak map, cost a few thousand instructions of each new deadline). The same checks and errors."""
    try:
        _check_arguments(calendar, pauses, extensions)
        return _due_date(
            start,
            limit,
            pauses=pauses,
            extensions=extensions,
            cal=calendar,
            pause_mode=pause_mode,
            hour_holidays=hour_holidays,
            extension_from=extension_from,
            pause_basis=pause_basis,
            extra_basis=extra_basis,
        )
    except (OverflowError, ValueError) as exc:
        _raise_out_of_range(exc, start, limit)
        raise


#: Deadlines already worked out in this process: per calendar, by :func:`_question`. A Deadline is
#: immutable (and callers never change its lists), so one answer serves every rule and every hall
#: that asks it; a hall with its own closures has its own calendar and so its own answers. The
#: calendar is held weakly: a calendar built for one request or one hall takes its answers with it
#: when it is dropped (a calendar with its index is about a megabyte; a long-running service must not
#: keep every one it ever built). Bounded per calendar: when full it starts again (a province's
#: halls ask a few thousand distinct questions).
_ANSWERS: weakref.WeakKeyDictionary[Any, dict[tuple[Any, ...], Deadline]] = weakref.WeakKeyDictionary()
_ANSWERS_MAX = 8192

#: what a start, a pause end or a limit may be for the question to be remembered (immutable values
#: whose equality means the same answer)
_DAYS = frozenset({date, datetime, str})


def _question(
    start: Any,
    limit: Any,
    pauses: Any,
    extensions: Any,
    *readings: Any,
) -> tuple[Any, ...] | None:
    """The cache key of one due-date question on a calendar (whose own map holds it), or None when an
    argument is not a plain immutable value.

    A datetime start keys with its zone and fold as well (equal instants in two zones compare equal);
    pauses must be (from, to) pairs of dates, datetimes or ISO texts in a list or tuple, extensions
    limit texts or TimeLimits, readings and extra clauses texts. Anything else (a pause given as a
    mapping, a generator …) is worked out without the cache.
    """
    cls = start.__class__
    if cls not in _DAYS or (limit.__class__ is not str and limit.__class__ is not TimeLimit):
        return None
    first: tuple[Any, ...] = (cls, start, start.tzinfo, start.fold) if cls is datetime else (cls, start)
    pause_key: list[Any] = []
    if pauses.__class__ is not tuple and pauses.__class__ is not list:
        return None
    for p in pauses:
        if p.__class__ is not tuple or len(p) != 2:
            return None
        for end in p:
            if end.__class__ not in _DAYS:
                return None
            pause_key.append(end.__class__)
            pause_key.append(end)
    if extensions.__class__ is not tuple and extensions.__class__ is not list:
        return None
    for e in extensions:
        if e.__class__ is not str and e.__class__ is not TimeLimit:
            return None
    *choices, extra = readings
    if extra.__class__ is not tuple and extra.__class__ is not list:
        return None
    for x in (*choices, *extra):
        if x.__class__ is not str:
            return None
    return (*first, limit, tuple(pause_key), tuple(extensions), *choices, tuple(extra))


def _due_date(
    start: date | datetime | str,
    limit: TimeLimit | str,
    *,
    pauses: Iterable[Any],
    extensions: Iterable[TimeLimit | str],
    cal: WorkingCalendar,
    pause_mode: PauseMode,
    hour_holidays: HourHolidays,
    extension_from: ExtensionFrom,
    pause_basis: str,
    extra_basis: Iterable[str],
) -> Deadline:
    """:func:`due_date` worked out (the calendar given)."""
    if pause_mode not in ("suspend", "restart"):
        raise ValueError(f"pause_mode must be 'suspend' or 'restart', got {pause_mode!r}")
    if hour_holidays not in ("elapsed", "roll"):
        raise ValueError(f"hour_holidays must be 'elapsed' or 'roll', got {hour_holidays!r}")
    if extension_from not in ("due", "last_day"):
        raise ValueError(f"extension_from must be 'due' or 'last_day', got {extension_from!r}")
    (pause_basis,) = _clause_refs(pause_basis, "pause_basis")
    # one text is one clause, not its letters; most questions give none (read without a call)
    extra_basis = (
        [] if extra_basis.__class__ is tuple and not extra_basis else _clause_refs(extra_basis, "extra_basis")
    )
    base = parse_limit(limit)
    exts = [] if extensions.__class__ is tuple and not extensions else [parse_limit(e) for e in extensions]
    if not isinstance(pauses, (list, tuple)):
        pauses = list(pauses)  # read twice: as dates, and as moments for an hour period
    merged = merge_pauses(pauses) if pauses else []
    moments = (  # an hour period's pauses, by the minute where given so (read only if there is one)
        _moment_pauses(pauses) if merged and any(lim.unit == "hour" for lim in (base, *exts)) else []
    )
    acc = _Acc()

    exact_start = isinstance(start, datetime) or (isinstance(start, str) and len(start.strip()) > 10)
    try:
        start_at = to_local_datetime(start) if exact_start else None
        start_day = to_local_date(start)
        cal.is_working_day(start_day)  # range check on the start itself
    except (CalendarRangeError, DateError) as exc:  # named as the limit and extensions are: "date
        # 0001-01-02 is outside …" said neither which date nor which field (--pause and START alike)
        raise type(exc)(f"start: {exc}", **{**exc.detail, "field": "start"}) from None

    due_day = last_day = start_day
    due_at: datetime | None = None
    end_at: datetime | None = None  # an hour period's end before its holiday roll
    for i, lim in enumerate([base, *exts]):
        field = "limit" if i == 0 else f"extensions[{i - 1}]"
        _check_countable(lim, cal, field)
        if i > 0 and last_day != due_day and lim.unit != "on_the_spot":
            acc.readings["timelimits.extension-from"] = extension_from
        seg_start = last_day if (i > 0 and extension_from == "last_day") else due_day
        before = (acc.paused_wd, acc.paused_days)
        if lim.unit == "on_the_spot":
            continue
        acc.rolled_from = None  # reported for the segment that set the final due date
        origin: datetime | None = None
        moved = False
        if lim.unit == "hour":
            if i == 0:
                origin = start_at or to_local_datetime(start_day)
            elif due_at is not None:  # after an hour period: from its end, rolled or not (extension_from)
                origin = end_at if extension_from == "last_day" and end_at is not None else due_at
            else:  # after a day-based period: from the end (24:00) of its last day
                origin = to_local_datetime(seg_start + _DAY)
        try:
            outcome = _segment(cal, lim, seg_start, origin, merged, pause_mode, hour_holidays, acc, moments)
            if (acc.paused_wd, acc.paused_days) != before:
                # the pause is cited only when it changed this period's end: one that holds no day the
                # period counts (a weekend in a working-day period) changes nothing (db23 7.4.2 / Art 45
                # exclude the time of the procedure; a day that was not counted needs no excluding)
                moved = outcome != _segment(
                    cal, lim, seg_start, origin, [], pause_mode, hour_holidays, _Acc()
                )
            due_day, last_day, due_at, end_at = outcome
        except (CalendarRangeError, OverflowError) as exc:
            why = (  # the calendar names the date it cannot count (a due date, a pause's end …)
                str(exc)
                if isinstance(exc, CalendarRangeError)
                else f"it ends outside the {cal.name} calendar's supported range "
                f"{cal.first_date.isoformat()} .. {cal.last_date.isoformat()}"
            )
            _blame_pause(pauses, why)
            raise CalendarRangeError(
                f"{field}: {lim} counted from {seg_start.isoformat()}: {why}",
                field=field,
                limit=str(lim),
            ) from exc
        if (acc.paused_wd, acc.paused_days) != before:
            if moved:
                acc.cite(pause_basis)
            acc.readings["timelimits.pause-mode"] = pause_mode
    acc.cite(*extra_basis)
    values: dict[str, Any] = {
        "start": start_day,
        "start_at": start_at,
        "limit": base,
        "due": due_day,
        "due_at": due_at,
        "paused_working_days": acc.paused_wd,
        "paused_days": acc.paused_days,
        "extensions": exts,
        "provisional": cal.is_provisional(max(due_day, start_day)),
        "basis": acc.basis,
        "rolled_from": acc.rolled_from,
        "calendar": cal.name,
        "readings": acc.readings,
    }
    if not _as_validated(values):
        return Deadline(**values)
    # built as pydantic's model_construct builds a model from values known to be valid (its own loop
    # over the fields costs more than validating them): the same instance dict and fields-set
    made = Deadline.__new__(Deadline)
    _set_attr(made, "__dict__", values)
    _set_attr(made, "__pydantic_fields_set__", set(_DEADLINE_FIELDS))
    _set_attr(made, "__pydantic_extra__", None)
    _set_attr(made, "__pydantic_private__", None)
    return made


#: every field of a Deadline (_due_date gives each one)
_DEADLINE_FIELDS = frozenset(Deadline.model_fields)
_set_attr = object.__setattr__  # a frozen model's own __setattr__ refuses


def _as_validated(values: dict[str, Any]) -> bool:
    """Whether validating ``values`` (what :func:`_due_date` worked out) as a Deadline would keep each
    of them as it is: the classes the fields hold, made right here; the deadline is then built without
    validating again (~3 us of the ~10 us a new deadline takes). A value from elsewhere (a calendar
    whose ``is_provisional`` gives no bool, a day of a subclass of date, a reading given as a subclass
    of str …) is validated as before. ``tests/test_engine_caches.py`` compares the two."""
    if (
        values["start"].__class__ is not date
        or values["due"].__class__ is not date
        or values["provisional"].__class__ is not bool
        or values["calendar"].__class__ is not str
        or values["limit"].__class__ is not TimeLimit
    ):
        return False
    for name in ("start_at", "due_at", "rolled_from"):
        value = values[name]
        if value is not None and value.__class__ is not (date if name == "rolled_from" else datetime):
            return False
    for ext in values["extensions"]:
        if ext.__class__ is not TimeLimit:
            return False
    for value in values["readings"].values():
        if value.__class__ is not str:
            return False
    return True


def countable_most(unit: str, cal: WorkingCalendar) -> int:
    """The longest limit in ``unit`` that ``cal`` can count at all: from its first date to its last (a
    longer one ends outside the calendar from any start)."""
    first, last = cal.first_date, cal.last_date
    if unit == "working_day":
        return cal.working_days_between(first, last)
    if unit == "calendar_day":
        return (last - first).days
    if unit == "month":
        return (last.year - first.year) * 12 + last.month - first.month
    if unit == "hour":
        return ((last - first).days + 1) * 24
    return 0


def _check_countable(lim: TimeLimit, cal: WorkingCalendar, field: str) -> None:
    """Raise :class:`~govhall.errors.CalendarRangeError` naming ``field`` and the allowed range when
    ``lim`` is longer than ``cal`` can count (``99999999999999999999小时`` showed Python's "int too
    large to convert to C int")."""
    if lim.amount < 100 or lim.unit == "on_the_spot":  # every calendar counts that far (the usual case)
        return
    most = countable_most(lim.unit, cal)
    if lim.amount > most:
        raise CalendarRangeError(
            f"{field}: {echoed_id(str(lim))!r} is longer than the {cal.name} calendar's supported range "
            f"{cal.first_date.isoformat()} .. {cal.last_date.isoformat()}: a limit runs from 0 to "
            f"{_describe(most, lim.unit)}",
            field=field,
            limit=echoed_id(str(lim)),
            most=most,
            unit=lim.unit,
        )


def _default_calendar() -> WorkingCalendar:
    return calendar("CN")


def counted_from(moment: datetime, limit: TimeLimit | str) -> date | datetime:
    """What a period of ``limit`` starting at ``moment`` is counted from: the moment itself for an hour
    limit (civil-code:201, 按照小时计算期间的，自…时间开始计算), its day for any other (the day is not counted).

    A rule whose record has the moment (a receipt, a 工作单 sent) passes this to ``due_date``: an hour limit
    from the bare day would run from 00:00, up to a day early.
    """
    return moment if parse_limit(limit).unit == "hour" else moment.date()


def is_late(deadline: Deadline, at: date | datetime | str, *, close_of_business: time | None = None) -> bool:
    """Whether an act at ``at`` misses ``deadline``.

    Late when its Asia/Shanghai date is after ``deadline.due``; for hour limits (``due_at`` set) and
    a datetime ``at``, when it is after ``due_at``. ``close_of_business`` (civil-code:203: where
    there are business hours, the last day ends when business stops) makes an act on the due day
    after that local time late; by default the last day ends at 24:00.
    """
    if (
        at.__class__ is datetime
        and at.tzinfo is None
        and deadline.due_at is None
        and close_of_business is None
    ):
        return at.date() > deadline.due  # the usual question (a naive moment, a day limit), asked directly
    exact = isinstance(at, datetime) or (isinstance(at, str) and len(at.strip()) > 10)
    if deadline.due_at is not None and exact:
        return to_local_datetime(at) > deadline.due_at
    day = to_local_date(at)
    if day != deadline.due:
        return day > deadline.due
    if close_of_business is not None and exact:
        return to_local_datetime(at).time() > close_of_business
    return False


def lead_before(deadline: Deadline, n: int, cal: WorkingCalendar) -> Deadline:
    """``deadline`` moved ``n`` working days earlier: the latest time that still leaves ``n`` working days
    before it ends (db23-hlj-2023:7.6.1.1 承诺办理时限截止前1个工作日; the 催办 lead before a matter falls due,
    yousu-jiban:处置流程.督办.1), as a Deadline :func:`is_late` reads. The one convention for "N working
    days before a deadline".

    A day limit ends at 24:00 of its due day, so n working days before it is the end of the nth working
    day before that day (``due`` moved, as before). An hour limit ends at a moment (``due_at``,
    civil-code:201): when its day is a working day, n working days before it is the same time of day on
    the nth working day before (Wed 10:00 less 1 is Tue 10:00: Tue 10:00–24:00 and Wed 00:00–10:00 are one
    working day's 24 hours); an end at 24:00 is its day's end, as a day limit's. When its day is a day off
    (hours run through days off, ``timelimits.hour-holidays`` = elapsed) none of that day is working time,
    so the n working days before it are whole days: the end of the (n+1)th working day before its day
    (Sun 10:00 less 1 is the end of Thu, leaving all of Fri). Counting whole days back from the due day
    for an hour limit put the lead up to a day too late (Wed 10:00 less 1 at the end of Tue: 10 hours).
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    if n == 0:
        return deadline
    # remembered by the deadline's identity (it is immutable, and the answers of due_date are shared:
    # the applications of a day ask the same one), the calendar's and n (see _LEADS)
    key = (id(deadline), n, id(cal))
    found = _LEADS.get(key)
    if found is not None and found[0] is deadline and found[1]() is cal:
        return found[2]
    moved = _lead_before(deadline, n, cal)
    try:
        held = weakref.ref(cal)
    except TypeError:  # a calendar that cannot be held weakly (a stand-in): not remembered
        return moved
    if len(_LEADS) >= _LEADS_MAX:
        _LEADS.clear()
    _LEADS[key] = (deadline, held, moved)
    return moved


#: What :func:`lead_before` worked out, by (id of the deadline, n, id of the calendar): the deadline is
#: held (so its id is not reused while the entry is there) and the calendar weakly (one built for a
#: request goes with its answers). Copying a Deadline (pydantic's model_copy) cost ~2.5 us, for the
#: handover and 黄牌 rules asking it of every application with the few hundred deadlines of a month.
_LEADS: dict[tuple[int, int, int], tuple[Deadline, weakref.ref[Any], Deadline]] = {}
_LEADS_MAX = 4096


def _lead_before(deadline: Deadline, n: int, cal: WorkingCalendar) -> Deadline:
    """:func:`lead_before` worked out (``n`` > 0)."""
    end, day = deadline.due_at, deadline.due
    if end is None or (end.time() == time(0) and end.date() != day):  # a day limit, or an end at 24:00
        return deadline.model_copy(update={"due": cal.subtract_working_days(day, n), "due_at": None})
    if not cal.is_working_day(day):
        return deadline.model_copy(update={"due": cal.subtract_working_days(day, n + 1), "due_at": None})
    back = cal.subtract_working_days(day, n)
    return deadline.model_copy(update={"due": back, "due_at": datetime.combine(back, end.timetz())})


def days_after(deadline: Deadline | date, n: int, cal: WorkingCalendar) -> date:
    """The last day of a window of ``n`` working days that opens when ``deadline`` runs out (逾期后 N 个工作日内
    督办, yousu-jiban:处置流程.督办.2's local ``supervise_within``; 督办期限届满后 N 个工作日内通报, 督办.3's
    ``notify_within``): the nth working day after its due day, the window ending at 24:00 of that day. The
    one convention for "within N working days after a deadline". ``deadline`` may be a bare date, the last
    day of a time someone set (a 督办's own 办理期限): the window opens when that day ends.

    civil-code:201: a period in days counted from an event does not count the day it happens on and runs
    to the end of its last day, whatever the hour of the event; so after an hour limit's moment (Wed 10:00)
    the window of 1 working day runs to the end of Thursday, not to Thu 10:00 (the count back of
    :func:`lead_before` keeps the time of day because the lead is part of the limit's own hours; a window
    after it is a new period in days). An hour limit ending at 24:00 ends its ``due`` day, as a day limit;
    one ending on a day off counts from that day (Sun 10:00 plus 1 is the end of Monday).
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    return cal.add_working_days(deadline if isinstance(deadline, date) else deadline.due, n)


def working_days_granted(day: date, limit: TimeLimit | str, cal: WorkingCalendar) -> int:
    """How many working days of ``cal`` a period of ``limit`` counted from the end of ``day`` grants: a
    limit in working days its own number; one in calendar days or months the working days after ``day`` up
    to its last day (civil-code:201–203: the day itself not counted, a last day off moved to the next
    working day), one in hours the working days up to the day it ends (from 24:00 of ``day``, as an hour
    extension after a day-based due date runs); 当场 none.

    Where a law caps an extension in working days (admin-licensing-law:42 可以延长十日, Art 82 期限以工作日
    计算) and the extension granted is written in another unit (延长一个月, 15自然日), this is the extension's
    length to compare with the cap and to count, the part within the cap, towards the period."""
    lim = parse_limit(limit)
    if lim.unit == "working_day":
        return lim.amount
    if lim.unit == "on_the_spot" or lim.amount == 0:
        return 0
    start: date | datetime = to_local_datetime(day + _DAY) if lim.unit == "hour" else day
    return cal.working_days_between(day, due_date(start, lim, calendar=cal).due)


def working_days_left(day: date, due: date, cal: WorkingCalendar) -> int:
    """The working days of ``cal`` left on ``day`` before a period ends on ``due``: those after ``day`` up to
    and including ``due`` (the day itself, being under way, not counted, as civil-code:201 does not count
    the first; ``due`` counted, as the period runs to its end); 0 on or after ``due``. The count a
    黄牌 warning states (剩N个工作日, gdzw-0020-2019:5.5.1)."""
    return cal.working_days_between(day, due)


def working_days_spanned(first: date, last: date, cal: WorkingCalendar) -> int:
    """The working days of ``cal`` from ``first`` to ``last``, both counted (a stretch of days observed, not
    a period counted from an event): 0 when ``last`` is before ``first``. The days over which a daily
    average of business is taken (dongguan-hall-2023:4.6 日均办理业务)."""
    if last < first:
        return 0
    return cal.working_days_between(first, last) + (1 if cal.is_working_day(first) else 0)


def calendar_days_since(day: date, on: date) -> int:
    """The calendar days of a period counted from ``day`` that have run by the end of ``on``: ``day`` itself
    not counted (civil-code:201), every later day counted, holidays included (a period in 天 that is no
    working-day period and whose end is not moved, as a local interval between two checks or a grace
    period after delivery: it is within N days while this is at most N); negative when ``on`` is before
    ``day``."""
    return (on - day).days


def last_day_rolled(day: date, cal: WorkingCalendar) -> date:
    """``day`` as the last day of a period (civil-code:203: 期间的最后一日是法定休假日的，以法定休假日结束的次日为
    期间的最后一日): itself when it is a working day of ``cal``, else the next working day. The one place Art 203
    moves a day (:func:`due_date`'s calendar-day and month periods, :func:`roll_last_day`, a date the hall set
    under ``timelimits.set-date-on-holiday``)."""
    return day if cal.is_working_day(day) else cal.next_working_day(day)


def received_day(moment: date | datetime | str, cal: WorkingCalendar) -> date:
    """The day a receipt on a day off is taken to have happened where a reading says so
    (``yousu-jiban.receipt-on-day-off``, next_working_day): the receipt's own (Asia/Shanghai) day when it
    is a working day of ``cal``, else the next working day, the first day the receiving desk works. A period
    then runs from that day, which is not counted (civil-code:201). By default a receipt on a day off is
    not moved: the period runs from the day of receipt itself (civil-code:201 counts from the next day)."""
    day = to_local_date(moment)
    return day if cal.is_working_day(day) else cal.next_working_day(day)


def received_after_closing(moment: date | datetime | str, cal: WorkingCalendar) -> date:
    """The day a receipt after the hall's service hours of a working day is taken to have happened where a
    reading says so (``yousu-jiban.receipt-after-hours``, next_working_day): the next working day of ``cal``
    after the receipt's own (Asia/Shanghai) day, the first day the receiving desk works after it. A period
    then runs from that day, which is not counted (civil-code:201). By default a receipt is not moved,
    however late: the period runs from the day of receipt itself (civil-code:201 counts from the next day)."""
    return cal.next_working_day(to_local_date(moment))


def roll_last_day(deadline: Deadline, cal: WorkingCalendar) -> Deadline:
    """``deadline`` with its last day moved to the next working day of ``cal`` when it is not one
    (civil-code:203: 期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日), as :func:`due_date`
    moves the last day of a period in calendar days or months. ``rolled_from`` keeps the day it fell on and
    ``basis`` gains civil-code:203; a deadline whose day is a working day is returned as it is.

    For a time that is not counted in days and that :func:`due_date` leaves where it falls (当天, 当场: the
    start day itself), where a reading says Art 203 moves it too (``yousu-jiban.same-day-on-holiday``).
    Day deadlines only: an hour deadline (``due_at``) raises ``ValueError``
    (``timelimits.hour-holidays`` is its reading).
    """
    if deadline.due_at is not None:
        raise ValueError("an hour deadline rolls by timelimits.hour-holidays, not by roll_last_day")
    day = deadline.due
    moved = last_day_rolled(day, cal)
    if moved == day:
        return deadline
    basis = list(deadline.basis)
    if "civil-code:203" not in basis:
        basis.append(_clause_ref("civil-code:203"))
    return deadline.model_copy(
        update={
            "due": moved,
            "rolled_from": day,
            "basis": basis,
            "provisional": deadline.provisional or cal.is_provisional(moved),
        }
    )


def minutes_after(
    start: datetime,
    n: int,
    *,
    periods: Sequence[tuple[time, time]] | None = None,
    cal: WorkingCalendar | None = None,
) -> datetime:
    """The moment ``n`` minutes after ``start``: the one convention for a limit a hall sets in minutes
    (the 及时 of gdzw-0020-2019:5.1.3 b / 5.2.3 b, ``referral_within_minutes``).

    By default (``periods`` None) clock minutes, through the lunch break, the night and days off: the
    seed fixes no figure and no unit, and a minute is a minute of the clock (civil-code:201 counts an
    hour period from the hour, by the clock). With ``periods`` (the hall's service hours, e.g.
    ``[(09:00, 12:00), (14:00, 17:30)]``) and ``cal``, only minutes inside a service period of a working
    day of ``cal`` count (``gdzw-0020-2019.referral-minutes`` = service_hours): 30 minutes from Mon 11:50
    end at 14:20 after a 12:00–14:00 lunch, from Fri 17:20 at 09:20 on the next working day. A start
    outside service hours starts the count at the next opening. Never earlier than the clock's moment.
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    if not periods or cal is None:
        return start + timedelta(minutes=n)
    spans = sorted(periods)
    left = timedelta(minutes=n)
    day = start.date()
    for _ in range(800):  # the calendar covers whole years; a hall open no day in two years never ends
        if cal.is_working_day(day):
            for a, b in spans:
                lo = max(start, datetime.combine(day, a, tzinfo=start.tzinfo))
                hi = datetime.combine(day, b, tzinfo=start.tzinfo)
                if hi <= lo:
                    continue
                if left <= hi - lo:
                    return lo + left
                left -= hi - lo
        day += _DAY
    raise ValueError(f"no service hours within 800 days of {start.isoformat()}")


def hours_before(moment: datetime, n: int) -> datetime:
    """The moment ``n`` clock hours before ``moment``: the one convention for a lead in hours before a
    time (db23-hlj-2023:6.5.3 在预约服务24h前 提醒: ``reminder_lead_hours`` before the slot starts).

    The clause writes its lead in hours (24h), not in days or working days, and names means that work
    when the hall is shut (电话、短信、网络); an hour is a clock hour (civil-code:201 counts an hour period
    from the hour), through nights, weekends and holidays: a slot on Mon 09:00 wants its reminder by Sun
    09:00, one on Thu 9 October 2025 at 14:30 (after National Day) by Wed 8 October 14:30, a holiday.
    civil-code:203 moves the last day of a period forward; a lead is a time that must have passed before
    the slot, and moving it to a working day would put it nearer the slot than the clause allows, or
    further than it asks, so it is not moved (``timelimits.hour-holidays`` is a forward period's reading).
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    return moment - timedelta(hours=n)
