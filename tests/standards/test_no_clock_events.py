"""The promised-deadline helpers of db23 and gdzw skip counting pauses for a history that records none;
that must be what counting them gives for no events at all, whatever the day and the reading."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from govhall.standards.db23_hlj_2023 import NOTICE_DAY, _correction_pauses
from govhall.standards.gdzw_0020_2019 import _pauses


@settings(max_examples=30, deadline=None)
@given(st.dates(date(2019, 1, 1), date(2030, 12, 31)), st.sampled_from(sorted(NOTICE_DAY.alternatives)))
def test_no_clock_events_pause_nothing_and_leave_nothing_open(until: date, reading: str) -> None:
    assert _correction_pauses([], until, reading) == ([], False, [])
    assert _pauses([], until) == ([], False)
