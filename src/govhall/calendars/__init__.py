"""Working-day calendars: China's holidays and 调休 working days, hall overrides, a provisional horizon.

>>> from datetime import date
>>> from govhall.calendars import calendar
>>> cn = calendar("CN")
>>> cn.is_working_day(date(2025, 10, 4))       # inside 国庆节、中秋节 (Oct 1-8, 2025)
False
>>> cn.day_info(date(2025, 9, 28)).reason      # a Sunday worked (调休)
'makeup_workday'
>>> cn.add_working_days(date(2025, 9, 26), 20) # 20 working days after a Friday receipt
datetime.date(2025, 10, 30)

China's calendar follows the State Council's annual notices (``state-council-holidays``), encoded
as named records in ``cn_notices.yaml`` and checked against the ``holidays`` package (the notice
wins; see :attr:`WorkingCalendar.corrections`). Years before the first notice record come from the
``holidays`` package; years after the last one (``published_through``) are computed from the
statutory rule without 调休 and every answer touching them is ``provisional``.

Hall profiles stack closures and extra working days on the national calendar, and may add a State
Council notice published after this release (``notices:``, files in the ``cn_notices.yaml`` schema)::

    calendar:
      notices: [notice-2027.yaml]
      closed: [{date: 2025-03-03, reason: 系统升级闭厅}]
      open:   [{date: 2025-03-08, reason: 周六延时服务}]

29–31 December of the last published year are provisional too: the next notice has moved such
days before.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from os import PathLike
from pathlib import Path
from typing import Any

from govhall.calendars.china import FIRST_YEAR, HORIZON_YEARS, Correction, DayTable, build_china_table
from govhall.calendars.core import (
    SHANGHAI,
    DayInfo,
    OverrideDay,
    WorkingCalendar,
    _override_day,
    to_local_date,
    to_local_datetime,
)
from govhall.calendars.notices import (
    HolidayBlock,
    HolidayNotice,
    NoticeBook,
    NoticeSource,
    extend_book,
    load_notice_book,
    packaged_sources,
    read_notice_file_lines,
)
from govhall.errors import UnknownCalendarError, echoed_id

__all__ = [
    "FIRST_YEAR",
    "HORIZON_YEARS",
    "SHANGHAI",
    "Correction",
    "DayInfo",
    "DayTable",
    "HolidayBlock",
    "HolidayNotice",
    "NoticeBook",
    "NoticeSource",
    "OverrideDay",
    "WorkingCalendar",
    "calendar",
    "calendar_from_profile",
    "calendar_with_notices",
    "load_notice_book",
    "load_overrides",
    "to_local_date",
    "to_local_datetime",
]

_ALIASES = {"CN": "CN", "CHN": "CN", "CHINA": "CN", "中国": "CN"}


@cache
def _national(code: str) -> WorkingCalendar:
    cal = WorkingCalendar(code, build_china_table)
    cal.notices = packaged_sources(load_notice_book())
    return cal


def calendar_with_notices(*paths: str | PathLike[str], code: str = "CN") -> WorkingCalendar:
    """The national calendar with State Council notices published after govhall's release added.

    Each file holds one or more notice records in the schema of ``cn_notices.yaml`` (see
    :func:`govhall.calendars.notices.read_notice_file`); they must follow on from the last packaged
    year. ``calendar notices`` / :attr:`WorkingCalendar.notices` say which notice came from where.
    """
    base = calendar(code)
    if not paths:
        return base
    return _with_notices(base.name, tuple(str(Path(p)) for p in paths), tuple(_stamp(p) for p in paths))


def _stamp(path: str | PathLike[str]) -> tuple[float, int]:
    try:
        st = Path(path).stat()
    except OSError:
        return (0.0, -1)
    return (st.st_mtime, st.st_size)


@cache
def _with_notices(
    code: str, paths: tuple[str, ...], _stamps: tuple[tuple[float, int], ...]
) -> WorkingCalendar:
    book = load_notice_book()
    sources = list(packaged_sources(book))
    for p in paths:
        records, lines = read_notice_file_lines(p)
        grown = extend_book(book, records, p, lines)
        sources += [NoticeSource(n.year, n.id, n.title, p) for n in grown.notices[len(book.notices) :]]
        book = grown
    final = book
    cal = WorkingCalendar(f"{code}+notices", lambda: build_china_table(final))
    cal.notices = tuple(sources)
    return cal


def calendar(code: str = "CN") -> WorkingCalendar:
    """The national working-day calendar for ``code`` (only ``"CN"``, China, is available).

    The same object is returned on every call; its index is built on the first question asked.
    """
    key = _ALIASES.get(str(code).strip().upper()) or _ALIASES.get(str(code).strip())
    if key is None:
        shown = echoed_id(str(code))
        raise UnknownCalendarError(
            f"unknown calendar {shown!r}: govhall has CN (China, with 调休; also spelled "
            f"{', '.join(k for k in _ALIASES if k != 'CN')})",
            field="calendar", name=shown, known=["CN"],
        )  # fmt: skip
    return _national(key)


def _read_yaml(path: str | PathLike[str]) -> Any:
    from govhall._paths import MISSING, not_a_file
    from govhall._yamlio import decode_text, parse_yaml
    from govhall.errors import ProfileError, UnreadableInputError

    p = Path(path)
    if (problem := not_a_file(p)) not in (None, MISSING):  # a pipe waited for ever, as the CLI knew
        raise UnreadableInputError(f"{p}: {problem}", path=str(p))
    return parse_yaml(decode_text(p.read_bytes(), str(p)), p, ProfileError)


def _section(data: Any, where: str) -> Mapping[str, Any]:
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise ValueError(f"{where}: expected a mapping with 'calendar' or 'closed'/'open' keys")
    if "calendar" in data:
        section = data["calendar"]
    elif set(data) <= {"closed", "open", "base", "name"}:
        section = data  # a bare overrides file
    else:
        return {}  # a profile without a calendar section
    if section is None:
        return {}
    if not isinstance(section, Mapping):
        raise ValueError(f"{where}: 'calendar' must be a mapping with 'closed' and/or 'open' lists")
    unknown = set(section) - {"closed", "open", "base", "name", "notices"}
    if unknown and "calendar" in data:
        raise ValueError(f"{where}: unknown calendar key(s): {', '.join(sorted(map(str, unknown)))}")
    for key in ("closed", "open"):
        if section.get(key) is not None and not isinstance(section[key], list):
            raise ValueError(f"{where}: calendar.{key} must be a list")
    return section


def _check_entries(section: Mapping[str, Any], where: str) -> None:
    """Each closed/open entry readable, a fault named by its place (``calendar.closed.2``): a list of
    forty closures said which was wrong only by echoing it."""
    for key in ("closed", "open"):
        for i, entry in enumerate(section.get(key) or []):
            try:
                _override_day(entry)
            except (TypeError, ValueError) as exc:
                raise ValueError(f"{where}: bad calendar override: calendar.{key}.{i}: {exc}") from None


def load_overrides(path: str | PathLike[str]) -> tuple[list[OverrideDay], list[OverrideDay]]:
    """Read ``(closed, open)`` override days from a YAML file.

    The file is either a profile with a ``calendar:`` section or just the ``closed``/``open`` lists.
    """
    section = _section(_read_yaml(path), str(path))
    _check_entries(section, str(path))
    try:
        closed = [_override_day(x) for x in section.get("closed") or []]
        opened = [_override_day(x) for x in section.get("open") or []]
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{path}: bad calendar override: {exc}") from None
    return closed, opened


def calendar_from_profile(profile: Mapping[str, Any] | str | PathLike[str] | None) -> WorkingCalendar:
    """A hall's calendar: the national one (``calendar.base``, default CN) plus the profile's overrides.

    ``profile`` is a mapping (an already-loaded profile) or a path to a YAML file; ``None`` gives the
    national calendar.
    """
    if profile is None:
        return calendar("CN")
    if isinstance(profile, Mapping):
        section = _section(profile, "profile")
        where = "profile"
    else:
        section = _section(_read_yaml(profile), str(profile))
        where = str(profile)
    notices = section.get("notices") or []
    if isinstance(notices, (str, PathLike)):
        notices = [notices]
    if not isinstance(notices, list):
        raise ValueError(f"{where}: calendar.notices must be a file or a list of files")
    folder = Path(profile).parent if not isinstance(profile, Mapping) else Path()
    files = [p if Path(p).is_absolute() else folder / p for p in map(str, notices)]
    base = calendar_with_notices(*files, code=str(section.get("base") or "CN"))
    closed, opened = section.get("closed") or [], section.get("open") or []
    if not closed and not opened:
        return base
    _check_entries(section, where)
    try:
        return base.with_overrides(closed=closed, open=opened, name=section.get("name"))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{where}: bad calendar override: {exc}") from None
