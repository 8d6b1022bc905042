"""Who was at which window, and when: the attendance timeline behind two rules.

* db23-hlj-2023:5.5.3 — 杜绝擅自脱岗"空窗"现象: a window left without anyone during service hours,
  with no approved absence and no 暂停服务 sign, is a 空窗 (:func:`unstaffed_gaps`).
* hangzhou-zuiduo-paoyici:工作要求.现场管理要求.现场标识.2.2 — 工作人员暂时离开窗口的,应通过指示牌等
  方式显示暂停服务: a ``leave`` that leaves the window unattended needs the sign (:func:`unsigned_leaves`).

Private to the standards modules. The timeline is built per window and day from
:class:`~govhall.models.Attendance` events: ``sign_in``/``return`` put the person at the window;
``leave``/``sign_out`` take them away — *excused* when the event is ``approved`` (请假/公务) or shows
the pause sign (``pause_sign_shown``), *unexcused* otherwise. At any moment the window is *staffed*
(someone present), *excused* (nobody present, but someone is away with approval or behind a pause
sign) or *empty*. Events at the same instant are applied together, so a hand-over (one leaves as the
other arrives) leaves no gap. Only clock time is compared here; no day is counted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import groupby
from operator import attrgetter
from typing import Any

from govhall.models import Attendance, Dataset, ServicePeriod, Staff, StaffRole, Window
from govhall.rules import Context
from govhall.rules.context import per_subject

_PRESENT, _AWAY, _AWAY_SIGN, _AWAY_APPROVED = "present", "away", "away_sign", "away_approved"


@dataclass(frozen=True)
class Gap:
    """A stretch of service time in which a window was empty (nobody present, nobody excused)."""

    window_id: str
    day: date
    start: datetime
    end: datetime
    left_by: str | None
    opened_by: str  # "leave", "sign_out" or "not_signed_in"

    @property
    def minutes(self) -> float:
        """The gap's length in minutes."""
        return (self.end - self.start).total_seconds() / 60


def parse_periods(spec: Iterable[str | Mapping[str, Any] | ServicePeriod]) -> list[tuple[time, time]]:
    """Service periods from ``["09:00-12:00", …]``, ``[{"start": …, "end": …}]`` or ServicePeriod objects."""
    out: list[tuple[time, time]] = []
    for p in spec:
        if isinstance(p, str):
            a, b = (x.strip() for x in p.split("-", 1))
            start, end = time.fromisoformat(a), time.fromisoformat(b)
        elif isinstance(p, Mapping):
            start, end = _as_time(p["start"]), _as_time(p["end"])
        else:
            start, end = _as_time(p.start), _as_time(p.end)
        if end <= start:
            raise ValueError(f"service period {p!r} ends before it starts")
        out.append((start, end))
    return sorted(out)


def _as_time(v: object) -> time:
    return v if isinstance(v, time) else time.fromisoformat(str(v))


def window_of(
    att: Attendance, staff_by_id: Mapping[str, Staff], windows_by_id: Mapping[str, Window]
) -> str | None:
    """The window an attendance event is about: its own ``window_id``, else the person's only window."""
    if att.window_id:
        return att.window_id
    mine = set()
    s = staff_by_id.get(att.staff_id)
    if s is not None:
        mine.update(s.windows)
    mine.update(w.id for w in windows_by_id.values() if att.staff_id in w.staff)
    return next(iter(mine)) if len(mine) == 1 else None


def windows_of_staff(
    staff_by_id: Mapping[str, Staff], windows_by_id: Mapping[str, Window]
) -> dict[str, set[str]]:
    """staff id -> the windows the person works at (their own list and the windows naming them)."""
    out: dict[str, set[str]] = defaultdict(set)
    for sid, s in staff_by_id.items():
        out[sid].update(s.windows)
    for w in windows_by_id.values():
        for sid in w.staff:
            out[sid].add(w.id)
    return out


def _staff_window(staff_id: str, index: Mapping[str, set[str]]) -> str | None:
    """The window of a record that names none, as :func:`window_of` places it: its staff member's
    window when they sit at exactly one (``index``: :func:`windows_of_staff`), else None."""
    mine = index.get(staff_id, ())
    return next(iter(mine)) if len(mine) == 1 else None


def _by_window_day(
    attendance: Iterable[Attendance], staff_by_id: Mapping[str, Staff], windows_by_id: Mapping[str, Window]
) -> dict[tuple[str, date], list[Attendance]]:
    # the same answer as window_of() for every record, with the staff -> windows index built once
    index = windows_of_staff(staff_by_id, windows_by_id)
    groups: dict[tuple[str, date], list[Attendance]] = defaultdict(list)
    # the groups a record joined out of time order, to be sorted (stable, as every group was): a table
    # is mostly in time order, and sorting every group read each record again, window by window, in
    # an order scattered over memory (half the cost of grouping a hall's attendance)
    unsorted: dict[int, list[Attendance]] = {}
    for a in attendance:
        w = a.window_id or _staff_window(a.staff_id, index)
        if w is not None:
            at = a.at
            evs = groups[(w, at.date())]
            if evs and at < evs[-1].at:
                unsorted[id(evs)] = evs
            evs.append(a)
    for evs in unsorted.values():
        evs.sort(key=_AT)
    return groups


@per_subject  # the 空窗 rule and the pause-sign rule walk the same timelines
def window_days(ds: Dataset, ctx: Context) -> dict[tuple[str, date], list[Attendance]]:
    """The dataset's attendance events per (window, day), each list in time order (see ``window_of``),
    for the hall's service days only: the working days of the run's calendar (``ctx.calendar``: the
    State Council's 调休 working days in, its holidays and weekends out, and the hall's own ``open`` and
    ``closed`` days). On a day the hall is closed there is no 工作时间 (db23-hlj-2023:5.5.3) and no service
    to pause (hangzhou 现场标识.2.2), whoever came in: a clerk who worked an hour on a holiday left no
    window empty."""
    groups = _by_window_day(ds.attendance, ds.staff_by_id, ds.windows_by_id)
    working = ctx.calendar.is_working_day
    return {key: evs for key, evs in groups.items() if working(key[1])}


def without_roles(
    groups: Mapping[tuple[str, date], list[Attendance]],
    staff_by_id: Mapping[str, Staff],
    roles: frozenset[StaffRole],
) -> dict[tuple[str, date], list[Attendance]]:
    """``groups`` (:func:`window_days`) without the events of staff in ``roles`` (an id not in the staff
    list is kept): a window-day left with none drops out, as a window nobody took up. The two rules'
    readings of whether a guard's or cleaner's presence counts (db23-hlj-2023.unstaffed-who,
    hangzhou-zuiduo-paoyici.pause-sign-who) leave them out through it."""
    out: dict[tuple[str, date], list[Attendance]] = {}
    for key, evs in groups.items():
        kept = [a for a in evs if (s := staff_by_id.get(a.staff_id)) is None or s.role not in roles]
        if kept:
            out[key] = kept
    return out


_ON_DUTY = ("sign_in", "return")
_AT = attrgetter("at")


def _apply(state: dict[str, str], a: Attendance) -> None:
    if a.kind in _ON_DUTY:
        state[a.staff_id] = _PRESENT
    elif a.pause_sign_shown:
        state[a.staff_id] = _AWAY_SIGN
    elif a.approved:
        state[a.staff_id] = _AWAY_APPROVED
    else:
        state[a.staff_id] = _AWAY


def _instants(events: list[Attendance]) -> list[tuple[datetime, list[Attendance]]]:
    """``events`` (in time order) as (moment, the events at that moment): runs of equal ``at``, grouped
    by ``itertools.groupby`` in C (the two timelines ask it of every attendance event of the hall)."""
    return [(t, list(same)) for t, same in groupby(events, _AT)]


def unstaffed_gaps(
    attendance: Iterable[Attendance],
    *,
    staff_by_id: Mapping[str, Staff],
    windows_by_id: Mapping[str, Window],
    periods: list[tuple[time, time]],
    from_first_sign_in: bool = True,
    groups: Mapping[tuple[str, date], list[Attendance]] | None = None,
) -> list[Gap]:
    """Every stretch of service time a window stood empty, per window and day, in time order.

    ``periods`` are the day's service periods. Only days on which the window has attendance events
    are looked at. With ``from_first_sign_in`` (the default) a day's timeline starts when someone
    first takes up the window (a late opening is 迟到, not 脱岗); otherwise at the start of service.
    Contiguous empty stretches are merged; a service-period boundary (lunch) splits them. ``groups``:
    the events already grouped by :func:`window_days` (else they are grouped here).
    """
    if groups is None:
        groups = _by_window_day(attendance, staff_by_id, windows_by_id)
    gaps: list[Gap] = []
    bounds: dict[date, list[tuple[datetime, datetime]]] = {}  # the service periods of each day, as moments
    for (wid, day), events in sorted(groups.items()):
        state: dict[str, str] = {}
        # the stretches the window stood empty, in time order: (start, end, opened_by, left_by). Only
        # these are kept: a staffed or excused stretch between two empty ones keeps them apart (the
        # second starts after the first ends), which is all the periods below need to know of it
        empty: list[tuple[datetime, datetime, str, str | None]] = []
        day_start = datetime.combine(day, time.min)
        cursor, status, opened, who = day_start, "empty", "not_signed_in", None
        first_in: datetime | None = None  # when someone first took up the window
        for t, same in groupby(events, _AT):  # the events of one instant are applied together
            if t > cursor:
                if status == "empty":
                    empty.append((cursor, t, opened, who))
                cursor = t
            before = status  # the state has not changed since the last instant
            for a in same:  # _apply, written out: called for every attendance event of the hall
                if a.kind in _ON_DUTY:
                    state[a.staff_id] = _PRESENT
                    if first_in is None:
                        first_in = t
                else:
                    state[a.staff_id] = (
                        _AWAY_SIGN if a.pause_sign_shown else _AWAY_APPROVED if a.approved else _AWAY
                    )
            # the window is staffed when someone is present, excused when nobody is but someone is
            # away with approval or behind the sign, else empty (the few staff looked through)
            values = state.values()
            status = (
                "staffed"
                if _PRESENT in values
                else "excused"
                if _AWAY_SIGN in values or _AWAY_APPROVED in values
                else "empty"
            )
            if status == "empty" and before != "empty":
                opened, who = a.kind, a.staff_id  # the instant's last event emptied the window
        if first_in is None:  # nobody took up the window that day: nothing to judge
            continue
        if status == "empty":
            empty.append((cursor, day_start + _ONE_DAY, opened, who))
        if not empty:  # staffed or excused all day (nearly every window-day): no gap
            continue
        start_floor = first_in if from_first_sign_in else day_start
        moments = bounds.get(day)
        if moments is None:
            moments = bounds[day] = [(datetime.combine(day, a), datetime.combine(day, b)) for a, b in periods]
        for ps, pe in moments:
            floor = max(ps, start_floor)
            current: list[Any] | None = None
            for s, e, op, lb in empty:
                if e <= floor:  # ends before the period (or the first sign-in): nothing to count yet
                    continue
                if s >= pe:  # in time order: none after this one touches the period
                    break
                lo, hi = max(s, floor), min(e, pe)
                if hi <= lo:
                    continue
                if current is not None and current[1] == lo:  # contiguous empty stretches merge
                    current[1] = hi
                else:
                    if current is not None:
                        gaps.append(Gap(wid, day, *current))
                    current = [lo, hi, lb, op]
            if current is not None:
                gaps.append(Gap(wid, day, *current))
    return gaps


_ONE_DAY = timedelta(days=1)


def unsigned_leaves(
    attendance: Iterable[Attendance],
    *,
    staff_by_id: Mapping[str, Staff],
    windows_by_id: Mapping[str, Window],
    periods: list[tuple[time, time]] | None = None,
    groups: Mapping[tuple[str, date], list[Attendance]] | None = None,
) -> list[tuple[Attendance, str]]:
    """``leave`` events without a pause sign that left their window unattended, with the window id.

    Unattended: after the events of that instant nobody is present and no colleague's pause sign is
    up at the window. With ``periods`` given, leaves outside the service periods are not looked at.
    ``groups``: the events of ``attendance`` already grouped by :func:`window_days` (else they are
    grouped here).
    """
    if groups is None:
        attendance = list(attendance)  # read twice below
        groups = _by_window_day(attendance, staff_by_id, windows_by_id)
    # only a leave without the sign can be reported: the window-days that have one (a few of them) are
    # found in one pass over the table in its own order, the order its records lie in memory (looked
    # for window-day by window-day, the same records were read six times slower, waiting on memory),
    # each placed at its window as window_days places it; only their timelines are walked
    index = windows_of_staff(staff_by_id, windows_by_id)
    wanted: set[tuple[str, date]] = set()
    for a in attendance:
        if a.kind == "leave" and not a.pause_sign_shown:
            w = a.window_id or _staff_window(a.staff_id, index)
            if w is not None:
                wanted.add((w, a.at.date()))
    out: list[tuple[Attendance, str]] = []
    for wid, day in sorted(wanted):
        events = groups.get((wid, day))
        if not events:
            continue
        state: dict[str, str] = {}
        for t, evs in _instants(events):
            for a in evs:
                _apply(state, a)
            values = state.values()
            if _PRESENT in values or _AWAY_SIGN in values:
                continue
            for a in evs:
                if a.kind != "leave" or a.pause_sign_shown:
                    continue
                if periods is not None and not any(
                    datetime.combine(day, s) <= t < datetime.combine(day, e) for s, e in periods
                ):
                    continue
                out.append((a, wid))
    return out
