"""yousu-jiban.receipt-after-hours: the convention, and when the reading is asked (round 11).

处置流程.受理.3 服务人员每个工作日应检查是否有投诉，并在1个工作日内主动回应投诉人. The declarative cases
(cases/yousu-jiban-lawyer-11.yaml) work the due days by hand; here: the day a late receipt is taken to have
happened under next_working_day (:func:`govhall.timelimits.received_after_closing`), which complaints the
reading is asked of (:func:`govhall.screening.arrived_after_hours`), and that a report lists it only when asked.
Days by hand from the 2026 notice: 春节 15–23 February 2026 off, Sat 14 and Sat 28 February worked.
"""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

import govhall
from govhall.models import Complaint, Dataset
from govhall.rules import audit
from govhall.screening import arrived_after_hours
from govhall.timelimits import received_after_closing

CN = govhall.calendar("CN")
CLOSING = time(17, 30)
NAME = "yousu-jiban.receipt-after-hours"


@pytest.mark.parametrize(
    ("moment", "day"),
    [
        (datetime(2026, 2, 11, 23, 59), date(2026, 2, 12)),  # Wed → Thu
        (datetime(2026, 2, 13, 18, 0), date(2026, 2, 14)),  # Fri → the 调休 Saturday 14 February, worked
        (datetime(2026, 2, 14, 20, 0), date(2026, 2, 24)),  # Sat 14 (worked) → past the holiday, Tue 24
        (datetime(2026, 2, 27, 23, 0), date(2026, 2, 28)),  # Fri 27 → the 调休 Saturday 28 February
    ],
)
def test_received_after_closing_is_the_next_working_day_by_hand(moment: datetime, day: date) -> None:
    assert received_after_closing(moment, CN) == day


def complaint(at: str, channel: str = "online") -> Complaint:
    return Complaint.model_validate({"id": "C1", "channel": channel, "received_at": at})


@pytest.mark.parametrize(
    ("at", "channel", "closing", "asked"),
    [
        ("2026-02-11T23:59", "online", CLOSING, True),
        ("2026-02-11T17:30", "信函", CLOSING, True),  # the closing minute: closed
        ("2026-02-11T17:29", "online", CLOSING, False),  # still open
        ("2026-02-14T20:00", "online", CLOSING, True),  # the 调休 Saturday is a working day
        ("2026-02-15T20:00", "online", CLOSING, False),  # a holiday: receipt-on-day-off's question
        ("2026-02-11T23:59", "onsite", CLOSING, False),  # not 小程序、信函及网络渠道
        ("2026-02-11T23:59", "online", None, False),  # hours unknown
    ],
)
def test_asked_only_of_a_remote_complaint_after_closing_on_a_working_day(
    at: str, channel: str, closing: time | None, asked: bool
) -> None:
    assert arrived_after_hours(complaint(at, channel), CN, closing) is asked


@pytest.mark.parametrize(("at", "listed"), [("2025-11-03T23:59", True), ("2025-11-03T16:00", False)])
def test_a_report_lists_the_reading_only_when_a_complaint_asked_it(at: str, listed: bool) -> None:
    ds = Dataset.model_validate(
        {
            "as_of": "2025-11-30",
            "hall": {
                "id": "H1",
                "name": "某镇政务服务中心",
                "service_hours": [{"start": "09:00", "end": "17:30"}],
            },
            "complaints": [
                {
                    "id": "C1",
                    "channel": "online",
                    "received_at": at,
                    "events": [{"kind": "responded", "at": at}],
                }
            ],
        }
    )
    report = audit(ds, standards=["yousu-jiban"])
    assert (NAME in {u.name for u in report.interpretations}) is listed
