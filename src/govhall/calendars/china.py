"""Build China's day table: which days are working days, and why (``state-council-holidays``).

Three sources, in order of authority, each for its own span of years:

1. **Notices** (``cn_notices.yaml``), for every year that has a notice record: each holiday block is
   off (weekend days inside it included), each named 调休 day is a working day. The notice wins
   wherever the ``holidays`` package says otherwise; every disagreement is kept as a
   :class:`Correction`.
2. **The holidays package** (``holidays.China``), for the years before the first notice record
   (2004 onwards): its holidays and weekend working days, as published by the State Council for
   those years (the package's own sources). Weekend days that sit in the same unbroken run of days
   off as a holiday are reported as part of that holiday (reason ``holiday``), as the notices count
   them ("4月4日至6日放假，共3天"); this labelling never changes whether a day is a working day.
3. **The statutory rule** (全国年节及纪念日放假办法, 2025 revision), for the years after the last
   notice record: the seven holidays of its art. 2 and, for a holiday falling on a Saturday or
   Sunday, an in-lieu day (art. 6) on the next weekday that is not already off. No 调休 is guessed.
   Every such date is **provisional**. The ``holidays`` package's own guesses for those years are not
   used.
"""

from __future__ import annotations

import functools
import importlib.util
import sys
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from govhall.calendars.notices import NoticeBook, load_notice_book
from govhall.errors import CalendarRangeError

if TYPE_CHECKING:  # core builds on this module; its Literal codes are what the arrays index
    from govhall.calendars.core import Reason, Source

__all__ = [
    "FIRST_YEAR",
    "HORIZON_YEARS",
    "REASONS",
    "SOURCES",
    "Correction",
    "DayTable",
    "build_china_table",
    "package_days",
]

#: First supported year (the holidays package is checked against the notices from 2004).
FIRST_YEAR = 2004
#: Years past ``published_through`` that the calendar still answers (provisionally).
HORIZON_YEARS = 10

#: ``reason`` codes, in array order.
REASONS: tuple[Reason, ...] = ("weekday", "weekend", "holiday", "makeup_workday", "override")
#: ``source`` codes, in array order.
SOURCES: tuple[Source, ...] = ("weekday-rule", "notice", "holidays-package", "statutory-rule", "override")

R_WEEKDAY, R_WEEKEND, R_HOLIDAY, R_MAKEUP, R_OVERRIDE = range(5)
S_RULE, S_NOTICE, S_PACKAGE, S_STATUTORY, S_OVERRIDE = range(5)

_EN = {
    "元旦": "New Year's Day",
    "春节": "Spring Festival",
    "清明节": "Qingming Festival",
    "劳动节": "Labour Day",
    "端午节": "Dragon Boat Festival",
    "中秋节": "Mid-Autumn Festival",
    "国庆节": "National Day",
    "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日": (
        "70th Anniversary of the Victory of the Chinese People's War of Resistance "
        "against Japanese Aggression and the World Anti-Fascist War"
    ),
}
_ALIASES = {"农历除夕": "春节", "春节延长假期": "春节"}


@dataclass(frozen=True)
class Correction:
    """A date where the ``holidays`` package and a notice disagree; the notice wins.

    ``kind`` is ``working_status`` (the package makes a working day off, or the reverse) or
    ``block_membership`` (the package leaves a weekend day inside the notice's block out of the
    holiday, e.g. 2025-10-04 in 国庆节、中秋节).
    """

    date: date
    kind: str
    package: str
    notice: str
    citation: str


@dataclass
class DayTable:
    """Per-day arrays over ``first .. first + n - 1`` (the supported range)."""

    first: date
    n: int
    published_through: int
    working: NDArray[Any]  # bool
    reason: NDArray[Any]  # int8, index into REASONS
    source: NDArray[Any]  # int8, index into SOURCES
    name_zh: list[str | None]
    name_en: list[str | None]
    notice: list[str | None]
    clause: list[str | None]
    corrections: tuple[Correction, ...] = ()
    override_reason: dict[int, str] = field(default_factory=dict)

    @property
    def last(self) -> date:
        """The last supported date."""
        return self.first + timedelta(days=self.n - 1)

    def copy(self) -> DayTable:
        """An independent copy (arrays and lists copied), for stacking overrides."""
        return DayTable(
            first=self.first,
            n=self.n,
            published_through=self.published_through,
            working=self.working.copy(),
            reason=self.reason.copy(),
            source=self.source.copy(),
            name_zh=list(self.name_zh),
            name_en=list(self.name_en),
            notice=list(self.notice),
            clause=list(self.clause),
            corrections=self.corrections,
            override_reason=dict(self.override_reason),
        )


def _canonical(raw: str) -> str | None:
    """Map a ``holidays`` (zh_CN) holiday name to the notice's Chinese name; None for 调休 days."""
    names: list[str] = []
    for part in raw.replace("；", ";").split(";"):
        part = part.strip()
        for suffix in ("（补假，推定）", "（补假）", "（推定）"):
            part = part.removesuffix(suffix)
        if part.startswith("休息日"):  # 休息日（由 YYYY-MM-DD 调休）: named after its block
            continue
        part = _ALIASES.get(part, part)
        if part and part not in names:
            names.append(part)
    return "、".join(names) or None


def _english(name_zh: str | None) -> str | None:
    if name_zh is None:
        return None
    return " and ".join(_EN.get(p, p) for p in name_zh.split("、"))


def package_days(years: Iterable[int]) -> tuple[dict[date, str], set[date]]:
    """The ``holidays`` package's China data: ``({date: raw zh name}, {weekend working days})``."""
    years = list(years)
    cn = _package_china()(years=years, language="zh_CN")
    days = {d: str(name) for d, name in cn.items()}
    workdays = {d for d in getattr(cn, "weekend_workdays", ()) if d.year in years}
    return days, workdays


#: the private name China's module of the ``holidays`` package is loaded under (see _package_china)
_CHINA_MODULE = "govhall.calendars._holidays_china"
_CHINA: Any = None  # the class, once loaded
_CHINA_LOCK = threading.Lock()  # a server's threads may build calendars at the same time


def _package_china() -> Any:
    """The ``holidays`` package's China class, without importing its ~250 other countries.

    The package's entry points (``holidays.country_holidays("CN")``, ``holidays.China``) import
    ``holidays.countries``, whose ``__init__`` imports every country module: 40-60 ms of CPU in
    each process that builds the calendar (the CLI, every province worker), about 90 % of the
    calendar's build, for one country. China's own module imports only the package's shared parts
    (``holidays.groups``, ``holidays.observed_holiday_base`` …), so it is loaded alone, from the
    package's file, under a private name, once per process (under a lock: threads of a server
    building calendars at the same time get the one class). When its file is not where this
    expects (another layout of the package), the package's own entry point is used: the same
    class and data either way (``tests/test_calendar.py`` compares them).
    """
    global _CHINA
    with _CHINA_LOCK:
        if _CHINA is None:
            import holidays

            try:
                _CHINA = _load_china_alone()
            except Exception:  # another layout of the package: its own (typed) entry point, all countries
                _CHINA = functools.partial(holidays.country_holidays, "CN")
        return _CHINA


def _load_china_alone() -> Any:
    package = importlib.util.find_spec("holidays.countries")  # found without being imported
    folders = package.submodule_search_locations if package is not None else None
    if not folders:
        raise ImportError("holidays.countries is not a package")
    spec = importlib.util.spec_from_file_location(_CHINA_MODULE, Path(folders[0]) / "china.py")
    if spec is None or spec.loader is None:
        raise ImportError("holidays.countries.china not found")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sys.modules[_CHINA_MODULE] = module  # only once it is whole
    return module.China


def _lunar_anchor(anchor: str, year: int) -> date:
    from holidays.calendars.chinese import _ChineseLunisolar

    lunar = _ChineseLunisolar()
    if anchor == "lunar_new_year_eve":
        day, shift = lunar.lunar_new_year_date(year)[0], -1
    elif anchor == "qingming":
        day, shift = lunar.qingming_date(year)[0], 0
    elif anchor == "dragon_boat":
        day, shift = lunar.dragon_boat_date(year)[0], 0
    elif anchor == "mid_autumn":
        day, shift = lunar.mid_autumn_date(year)[0], 0
    else:
        raise ValueError(f"unknown statutory holiday anchor {anchor!r}")
    if day is None:  # the package's lunisolar table covers 1901-2100; the calendar stays far inside it
        raise CalendarRangeError(f"no {anchor} date for {year}: outside the lunisolar table", year=year)
    return day + timedelta(days=shift)


def statutory_days(book: NoticeBook, year: int) -> dict[date, list[str]]:
    """The statutory holidays of ``year`` (art. 2 of the 2025 revision): ``{date: [zh names]}``."""
    out: dict[date, list[str]] = {}
    for h in book.statutory_rule.holidays:
        if h.anchor[:2].isdigit():
            month, day = (int(x) for x in h.anchor.split("-"))
            start = date(year, month, day)
        else:
            start = _lunar_anchor(h.anchor, year)
        for k in range(h.days):
            out.setdefault(start + timedelta(days=k), []).append(h.name_zh)
    return out


def _label_runs(t: DayTable, lo: int, hi: int, source_code: int) -> None:
    """Within ``[lo, hi)``: name unnamed holiday days and weekend days after the holiday their run of days off belongs to."""
    i = lo
    while i < hi:
        if t.working[i]:
            i += 1
            continue
        j = i
        while j < hi and not t.working[j]:
            j += 1
        named = [k for k in range(i, j) if t.reason[k] == R_HOLIDAY and t.name_zh[k]]
        if named:
            for k in range(i, j):
                if t.reason[k] == R_WEEKEND or (t.reason[k] == R_HOLIDAY and not t.name_zh[k]):
                    nearest = min((abs(m - k), m) for m in named)[1]  # the closest, the earlier on a tie
                    t.reason[k] = R_HOLIDAY
                    t.source[k] = source_code
                    t.name_zh[k] = t.name_zh[nearest]
                    t.name_en[k] = t.name_en[nearest]
                    t.clause[k] = t.clause[nearest]
        for k in range(i, j):  # a 调休 rest day with no named holiday next to it
            if t.reason[k] == R_HOLIDAY and not t.name_zh[k]:
                t.name_zh[k] = "调休"
                t.name_en[k] = "Day off in lieu"
        i = j


def build_china_table(
    book: NoticeBook | None = None,
    *,
    package: tuple[Mapping[date, str], set[date]] | None = None,
) -> DayTable:
    """Build the day table for China from ``FIRST_YEAR`` through ``published_through + HORIZON_YEARS``.

    ``package`` replaces the ``holidays`` package's data (``({date: zh name}, {weekend working
    days})``, as :func:`package_days` returns), for tests that show a wrong package entry being
    corrected by a notice.
    """
    book = book or load_notice_book()
    pt = book.published_through
    first_notice = book.first_notice_year
    first = date(FIRST_YEAR, 1, 1)
    last = date(pt + HORIZON_YEARS, 12, 31)
    n = (last - first).days + 1
    ord0 = first.toordinal()

    weekday = (np.arange(ord0, ord0 + n, dtype=np.int64) - 1) % 7
    t = DayTable(
        first=first,
        n=n,
        published_through=pt,
        working=weekday < 5,
        reason=np.where(weekday < 5, R_WEEKDAY, R_WEEKEND).astype(np.int8),
        source=np.full(n, S_RULE, dtype=np.int8),
        name_zh=[None] * n,
        name_en=[None] * n,
        notice=[None] * n,
        clause=[None] * n,
    )

    def idx(d: date) -> int:
        return d.toordinal() - ord0

    # 1. The holidays package, for FIRST_YEAR .. pt (notice years are compared, then overwritten).
    pkg_days, pkg_work = package if package is not None else package_days(range(FIRST_YEAR, pt + 1))
    package_end = date(first_notice - 1, 12, 31)
    for d, raw in pkg_days.items():
        if first <= d <= package_end:
            i = idx(d)
            name = _canonical(raw)
            t.working[i] = False
            t.reason[i] = R_HOLIDAY
            t.source[i] = S_PACKAGE
            t.name_zh[i] = name
            t.name_en[i] = _english(name)
            t.clause[i] = f"state-council-holidays:{d.year}"
    for d in pkg_work:
        if first <= d <= package_end:
            i = idx(d)
            t.working[i] = True
            t.reason[i] = R_MAKEUP
            t.source[i] = S_PACKAGE
            t.clause[i] = f"state-council-holidays:{d.year}"
    _label_runs(t, 0, idx(package_end) + 1, S_PACKAGE)

    # 2. The notices: clear each notice year (and any block day outside it), then apply the record.
    notice_dates: set[int] = set()
    for notice in book.notices:
        y0, y1 = idx(date(notice.year, 1, 1)), idx(date(notice.year, 12, 31)) + 1
        span = set(range(y0, y1))
        for block in notice.blocks:
            span.update(idx(d) for d in (*block.dates(), *block.makeup_workdays))
        for i in span:
            wd = bool(weekday[i] < 5)
            t.working[i] = wd
            t.reason[i] = R_WEEKDAY if wd else R_WEEKEND
            t.source[i] = S_RULE
            t.name_zh[i] = t.name_en[i] = t.notice[i] = t.clause[i] = None
        notice_dates.update(span)
    for notice in book.notices:
        for block in notice.blocks:
            cite, clause = notice.citation(block), notice.clause(block)
            for d in block.dates():
                i = idx(d)
                t.working[i] = False
                t.reason[i] = R_HOLIDAY
                t.source[i] = S_NOTICE
                t.name_zh[i], t.name_en[i] = block.name_zh, block.name_en
                t.notice[i], t.clause[i] = cite, clause
            for d in block.makeup_workdays:
                i = idx(d)
                t.working[i] = True
                t.reason[i] = R_MAKEUP
                t.source[i] = S_NOTICE
                t.name_zh[i], t.name_en[i] = block.name_zh, block.name_en
                t.notice[i], t.clause[i] = cite, clause

    # 2b. Check the package against the notices; keep every disagreement.
    corrections: list[Correction] = []
    for i in sorted(notice_dates):
        d = first + timedelta(days=i)
        pkg_off = d in pkg_days
        pkg_working = (bool(weekday[i] < 5) and not pkg_off) or d in pkg_work
        year_notice = book.notice(d.year)
        cite = t.notice[i] or (year_notice.citation() if year_notice is not None else "")
        if pkg_working != bool(t.working[i]):
            corrections.append(
                Correction(
                    date=d,
                    kind="working_status",
                    package="working day" if pkg_working else f"day off ({pkg_days.get(d, 'weekend')})",
                    notice="working day" if t.working[i] else f"day off ({t.name_zh[i] or 'weekend'})",
                    citation=cite,
                )
            )
        elif t.reason[i] == R_HOLIDAY and not pkg_off:
            corrections.append(
                Correction(
                    date=d,
                    kind="block_membership",
                    package="weekend (not listed as a holiday)",
                    notice=f"holiday ({t.name_zh[i]})",
                    citation=cite,
                )
            )
    t.corrections = tuple(corrections)

    # 3. The statutory rule for the years after the last notice (provisional).
    rule = book.statutory_rule
    prov_lo = idx(date(pt + 1, 1, 1))
    for year in range(pt + 1, last.year + 1):
        days = statutory_days(book, year)
        for d, names in sorted(days.items()):
            if d > last or idx(d) < prov_lo:
                continue
            i = idx(d)
            t.working[i] = False
            t.reason[i] = R_HOLIDAY
            t.source[i] = S_STATUTORY
            t.name_zh[i] = "、".join(dict.fromkeys(names))
            t.name_en[i] = _english(t.name_zh[i])
            t.clause[i] = rule.clause
        for d, names in sorted(days.items()):  # art. 6: a holiday on a weekend gets a weekday in lieu
            if d.weekday() < 5 or d > last:
                continue
            k = idx(d) + 1
            while k < n and (weekday[k] >= 5 or not t.working[k]):
                k += 1
            if k < n:
                t.working[k] = False
                t.reason[k] = R_HOLIDAY
                t.source[k] = S_STATUTORY
                t.name_zh[k] = "、".join(dict.fromkeys(names))
                t.name_en[k] = _english(t.name_zh[k])
                t.clause[k] = rule.in_lieu_clause
    _label_runs(t, prov_lo, n, S_STATUTORY)
    return t
