"""The attendance timeline behind 空窗 (db23-hlj-2023:5.5.3) and the pause sign (hangzhou 2.2).

The gaps here are worked by hand from the events; the grouping the two rules share (``window_days``)
must give what each helper finds grouping the events itself.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from govhall.models import Attendance
from govhall.standards._presence import _by_window_day, unsigned_leaves, unstaffed_gaps

DAY = date(2025, 3, 3)
PERIODS = [(time(9, 0), time(12, 0)), (time(13, 30), time(17, 0))]
WINDOWS = {"W1": SimpleNamespace(id="W1", staff=["S1", "S2"]), "W2": SimpleNamespace(id="W2", staff=["S3"])}
STAFF = {s: SimpleNamespace(windows=[]) for s in ("S1", "S2", "S3")}


def att(staff: str, kind: str, hhmm: str, window: str | None = "W1", **kw: object) -> Attendance:
    h, m = map(int, hhmm.split(":"))
    return Attendance(staff_id=staff, window_id=window, kind=kind, at=datetime.combine(DAY, time(h, m)), **kw)


EVENTS = [
    att("S1", "sign_in", "08:55"),
    att("S1", "leave", "10:00"),  # W1 empty 10:00-10:40 (S2 not yet there)
    att("S2", "sign_in", "10:40"),
    att("S2", "leave", "11:30", pause_sign_shown=True),  # excused: the sign is up
    att("S1", "return", "11:50"),
    att("S1", "sign_out", "15:00"),  # not a gap: S2's pause sign is still up (excused)
    att("S3", "sign_in", "09:00", window=None),  # S3's only window is W2
    att("S3", "leave", "16:30", window=None),  # W2 empty 16:30-17:00
]


def test_gaps_worked_by_hand() -> None:
    gaps = unstaffed_gaps(EVENTS, staff_by_id=STAFF, windows_by_id=WINDOWS, periods=PERIODS)
    got = [(g.window_id, g.start.time(), g.end.time(), g.opened_by, g.left_by) for g in gaps]
    assert got == [
        ("W1", time(10, 0), time(10, 40), "leave", "S1"),
        ("W2", time(16, 30), time(17, 0), "leave", "S3"),
    ]


def test_the_shared_grouping_gives_the_same_answers() -> None:
    groups = _by_window_day(EVENTS, STAFF, WINDOWS)
    assert sorted(groups) == [("W1", DAY), ("W2", DAY)]
    assert all(evs == sorted(evs, key=lambda a: a.at) for evs in groups.values())
    kw = {"staff_by_id": STAFF, "windows_by_id": WINDOWS}
    assert unstaffed_gaps(EVENTS, periods=PERIODS, groups=groups, **kw) == unstaffed_gaps(
        EVENTS, periods=PERIODS, **kw
    )
    leaves = unsigned_leaves(EVENTS, periods=PERIODS, **kw)
    assert leaves == unsigned_leaves(EVENTS, periods=PERIODS, groups=groups, **kw)
    # S1's 10:00 leave and S3's 16:30 leave emptied their windows without the sign; S2's had it
    assert [(a.staff_id, a.at.time(), w) for a, w in leaves] == [
        ("S1", time(10, 0), "W1"),
        ("S3", time(16, 30), "W2"),
    ]


def test_a_leave_over_lunch_is_two_gaps_and_a_late_opening_counts_only_from_service_start() -> None:
    events = [
        att("S1", "sign_in", "09:20"),
        att("S1", "leave", "11:30"),  # empty 11:30-12:00, lunch not counted, then 13:30-14:00
        att("S1", "return", "14:00"),
        att("S1", "sign_out", "16:00"),  # empty 16:00-17:00
    ]
    kw = {"staff_by_id": STAFF, "windows_by_id": WINDOWS, "periods": PERIODS}
    got = [(g.start.time(), g.end.time(), g.opened_by, g.left_by) for g in unstaffed_gaps(events, **kw)]
    assert got == [
        (time(11, 30), time(12, 0), "leave", "S1"),
        (time(13, 30), time(14, 0), "leave", "S1"),
        (time(16, 0), time(17, 0), "sign_out", "S1"),
    ]
    # read from the start of service, the 20 minutes before the first sign-in are a gap as well
    late = unstaffed_gaps(events, from_first_sign_in=False, **kw)
    assert [(g.start.time(), g.end.time(), g.opened_by) for g in late][0] == (
        time(9, 0),
        time(9, 20),
        "not_signed_in",
    )
    assert len(late) == 4


_KINDS = ["sign_in", "return", "leave", "sign_out"]
#: attendance rows: (staff, kind, ten-minute step from 08:00 to 18:00, pause sign shown, approved)
_ROWS = st.lists(
    st.tuples(
        st.sampled_from(["S1", "S2"]),
        st.sampled_from(_KINDS),
        st.integers(8 * 6, 18 * 6),
        st.booleans(),
        st.booleans(),
    ),
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(_ROWS)
def test_the_gaps_add_up_to_the_empty_minutes_counted_one_by_one(raw: list) -> None:  # type: ignore[type-arg]
    """Whatever the events, the gaps cover exactly the minutes of service time (from the first
    sign-in or return) after which nobody is present and nobody is away with approval or a sign."""
    events = [
        att(s, k, f"{t // 6:02d}:{t % 6 * 10:02d}", pause_sign_shown=sign, approved=ok)
        for s, k, t, sign, ok in raw
    ]
    gaps = unstaffed_gaps(events, staff_by_id=STAFF, windows_by_id=WINDOWS, periods=PERIODS)
    ordered = sorted(events, key=lambda a: a.at)
    opened = next((a.at for a in ordered if a.kind in ("sign_in", "return")), None)
    empty = 0
    for p_start, p_end in PERIODS:
        minute = datetime.combine(DAY, p_start)
        while minute < datetime.combine(DAY, p_end):
            if opened is not None and minute >= opened:
                state: dict[str, str] = {}
                for a in ordered:
                    if a.at > minute:
                        break
                    if a.kind in ("sign_in", "return"):
                        state[a.staff_id] = "present"
                    elif a.pause_sign_shown or a.approved:
                        state[a.staff_id] = "excused"
                    else:
                        state[a.staff_id] = "away"
                if not state or set(state.values()) == {"away"}:
                    empty += 1
            minute += timedelta(minutes=1)
    assert sum(g.minutes for g in gaps) == empty


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["S1", "S2"]),
            st.sampled_from(["W1", "W2"]),
            st.sampled_from(_KINDS),
            st.integers(8 * 6, 18 * 6),
            st.booleans(),  # pause sign shown
            st.booleans(),  # approved
        ),
        max_size=12,
    )
)
def test_unsigned_leaves_are_the_ones_found_event_by_event(raw: list) -> None:  # type: ignore[type-arg]
    """Whatever the events, on every window (also those whose timeline is skipped for want of a leave
    without the sign): a leave without the sign is reported when, after every event up to its moment,
    nobody is present at its window and no sign is up there, and it falls in a service period."""
    events = [
        att(s, k, f"{t // 6:02d}:{t % 6 * 10:02d}", window=w, pause_sign_shown=sign, approved=ok)
        for s, w, k, t, sign, ok in raw
    ]
    got = unsigned_leaves(events, staff_by_id=STAFF, windows_by_id=WINDOWS, periods=PERIODS)
    expected = []
    for wid in ("W1", "W2"):
        mine = sorted((a for a in events if a.window_id == wid), key=lambda a: a.at)
        for a in mine:
            if a.kind != "leave" or a.pause_sign_shown:
                continue
            if not any(datetime.combine(DAY, s) <= a.at < datetime.combine(DAY, e) for s, e in PERIODS):
                continue
            state: dict[str, str] = {}
            for b in mine:
                if b.at > a.at:
                    break
                state[b.staff_id] = (
                    "present" if b.kind in ("sign_in", "return") else "sign" if b.pause_sign_shown else "away"
                )
            if "present" not in state.values() and "sign" not in state.values():
                expected.append((a, wid))
    assert got == expected


@settings(max_examples=60, deadline=None)
@given(
    _ROWS,
    st.booleans(),
)
def test_each_gap_is_one_whole_run_of_empty_minutes_and_names_who_emptied_the_window(
    raw: list,  # type: ignore[type-arg]
    from_first_sign_in: bool,
) -> None:
    """Whatever the events, each gap is exactly one maximal run of empty minutes inside one service
    period (runs on either side of a staffed or excused stretch stay apart; touching empty stretches are
    one gap), and it names the last event at the latest instant at or before its start after which the
    window stood empty (or ``not_signed_in`` when nobody had come yet), worked minute by minute."""
    events = [
        att(s, k, f"{t // 6:02d}:{t % 6 * 10:02d}", pause_sign_shown=sign, approved=ok)
        for s, k, t, sign, ok in raw
    ]
    gaps = unstaffed_gaps(
        events,
        staff_by_id=STAFF,
        windows_by_id=WINDOWS,
        periods=PERIODS,
        from_first_sign_in=from_first_sign_in,
    )
    ordered = sorted(events, key=lambda a: a.at)  # stable: the events of one instant in their order
    opened = next((a.at for a in ordered if a.kind in ("sign_in", "return")), None)
    if opened is None:  # nobody took up the window: nothing is judged
        assert gaps == []
        return

    def empty_after(minute: datetime) -> tuple[bool, Attendance | None]:
        """Whether the window is empty during ``minute`` and the last event at or before it."""
        state: dict[str, str] = {}
        last = None
        for a in ordered:
            if a.at > minute:
                break
            last = a
            state[a.staff_id] = (
                "present"
                if a.kind in ("sign_in", "return")
                else "excused"
                if a.pause_sign_shown or a.approved
                else "away"
            )
        return (not state or set(state.values()) == {"away"}), last

    floor = opened if from_first_sign_in else datetime.combine(DAY, time.min)
    expected = []
    for p_start, p_end in PERIODS:
        minute, end = max(datetime.combine(DAY, p_start), floor), datetime.combine(DAY, p_end)
        run: list[datetime] = []
        while minute <= end:
            empty = minute < end and empty_after(minute)[0]
            if empty:
                run.append(minute)
            elif run:
                expected.append((run[0], run[-1] + timedelta(minutes=1)))
                run = []
            minute += timedelta(minutes=1)
    assert [(g.start, g.end) for g in gaps] == expected
    for g in gaps:
        # who emptied it: the last event of the latest instant before the gap's start at which the
        # window went from staffed or excused to empty (none: it was empty from the day's start)
        instants = sorted({a.at for a in ordered if a.at <= g.start})
        was_empty, emptied_by = True, None
        for moment in instants:
            now_empty, last = empty_after(moment)
            if now_empty and not was_empty:
                emptied_by = last
            was_empty = now_empty
        if emptied_by is None:
            assert (g.opened_by, g.left_by) == ("not_signed_in", None)
        else:
            assert (g.opened_by, g.left_by) == (emptied_by.kind, emptied_by.staff_id)
