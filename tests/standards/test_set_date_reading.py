"""``timelimits.set-date-on-holiday`` (civil-code:203 for a date the hall set or agreed): asked, and so
listed in a report, only where it decides; the two readings worked by hand on the 2025 National Day
block (1-8 October off; the next working day after Saturday 4 October is Thursday 9 October)."""

from __future__ import annotations

from typing import Any

import pytest

from govhall.models import Dataset
from govhall.rules import audit

NAME = "timelimits.set-date-on-holiday"
RULE = "gdzw-0020-2019/rongque-overdue-blacklist"


def _report(agreed: str, supplied: str, reading: str | None = None) -> Any:
    ds = Dataset.model_validate(
        {
            "as_of": "2025-10-31",
            "items": [
                {"code": "R1", "name": "容缺事项", "type": "行政许可", "department": "D1", "rongque": True}
            ],
            "applications": [
                {
                    "id": "A1",
                    "item_code": "R1",
                    "received_at": "2025-09-29T09:00",
                    "rongque": True,
                    "rongque_blacklisted": False,
                    "rongque_supplement_due": agreed,
                    "rongque_missing": ["场地证明"],
                    "events": [{"kind": "materials_supplemented", "at": supplied}],
                }
            ],
        }
    )
    return audit(ds, standards=["gdzw-0020-2019"], interpretations={NAME: reading} if reading else None)


def _listed(r: Any) -> list[str]:
    return [u.value for u in r.interpretations if u.name == NAME]


@pytest.mark.parametrize(
    ("agreed", "supplied"),
    [
        ("2025-10-09", "2025-10-09T10:00"),  # a working day: nothing to move
        ("2025-10-04", "2025-10-04T10:00"),  # in time as set
        ("2025-10-04", "2025-10-10T10:00"),  # after the next working day too: late either way
    ],
)
def test_not_asked_where_it_decides_nothing(agreed: str, supplied: str) -> None:
    assert _listed(_report(agreed, supplied)) == []


def test_asked_and_listed_where_it_decides() -> None:
    as_set = _report("2025-10-04", "2025-10-09T10:00")
    moved = _report("2025-10-04", "2025-10-09T10:00", "next_working_day")
    assert _listed(as_set) == ["as_set"] and _listed(moved) == ["next_working_day"]
    assert [f.subject.id for f in as_set.findings if f.rule_id == RULE] == ["A1"]
    assert [f.subject.id for f in moved.findings if f.rule_id == RULE] == []
