"""The fast engine gives the same report as the reference engine (the loop before the speed work).

The speed comes from the engine (subjects taken once for all their rules, events grouped per
subject, deadlines cached, subjects built only for rules that fire); the rules are untouched. So
the whole JSON report must be the same, byte for byte, on data where many rules fire.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import govhall
from govhall.example.province import write_province
from govhall.models.applications import grouped_events
from govhall.reports import render
from reference_runner import reference_audit


def test_example_report_is_the_reference_engines() -> None:
    ds = govhall.load_dataset(govhall.example_dir())
    fast = render(govhall.audit(ds), "json", show_personal_data=True)
    slow = render(reference_audit(ds), "json", show_personal_data=True)
    assert fast == slow


def test_a_hall_from_another_seed_too(tmp_path: Path) -> None:
    (hall,) = write_province(tmp_path, halls=1, applications=2000, seed=11, rate=1.0)
    ds = govhall.load_dataset(hall)
    assert len(ds.windows) == 12
    fast = govhall.audit(ds, interpretations={"yousu-jiban.day-unit": "working_days"})
    slow = reference_audit(ds, interpretations={"yousu-jiban.day-unit": "working_days"})
    assert fast.findings and render(fast, "json") == render(slow, "json")


def test_event_grouping_answers_like_the_plain_filter() -> None:
    ds = govhall.load_dataset(govhall.example_dir())
    kinds = sorted({e.kind for a in ds.applications[:200] for e in a.events})
    plain = [[a.events_of(k) for k in kinds] for a in ds.applications[:200]]
    with grouped_events():
        grouped = [[a.events_of(k) for k in kinds] + [a.events_of(kinds[0])] for a in ds.applications[:200]]
    assert [g[:-1] for g in grouped] == plain
    assert all(g[-1] == g[0] for g in grouped)
    with pytest.raises(ValueError), grouped_events():
        ds.applications[0].events_of("no-such-kind")
