"""Batch == live: the supervisor's findings on a day are the batch audit's of the same records.

``docs/live.md``: the supervisor runs the registered rules over what it holds, with ``as_of`` the
clock's day and ``ctx.now`` its time, so a batch audit and live supervision "give the same Finding".
This holds it for every day of the example hall's period (a hypothesis over the day): the records
the hall would have posted by 23:59:59.999999 that day (applications and complaints received by
then, with their events up to then) are posted to a supervisor whose clock shows that moment, which
ticks once; a batch audit of the same records ``as_of`` that day finds the same findings, field for
field, for the rules the supervisor runs. Yellow and red cards, deadlines and their evidence
included.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govhall.example.build import EXAMPLE_DIR
from govhall.live import MemoryStore, SimulatedClock, Supervisor
from govhall.loaders import load_dataset
from govhall.rules import audit

FIRST, LAST = date(2025, 9, 1), date(2025, 10, 31)  # the example's month(s): meta.json's period


def _rows(table: str) -> list[dict[str, Any]]:
    text = (EXAMPLE_DIR / f"{table}.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _posted_by(moment: datetime) -> dict[str, list[dict[str, Any]]]:
    """Applications and complaints received by ``moment``, with the events of their histories up to it."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in ("applications", "complaints"):
        kept = []
        for record in _rows(table):
            if datetime.fromisoformat(record["received_at"]) > moment:
                continue
            record = dict(record)
            record["events"] = [
                e for e in record.get("events", []) if datetime.fromisoformat(e["at"]) <= moment
            ]
            reported = record.get("reported_at")
            if reported and datetime.fromisoformat(reported) > moment:
                del record["reported_at"]
            kept.append(record)
        tables[table] = kept
    return tables


def _as_json(findings: list[Any]) -> list[str]:
    return sorted(json.dumps(f.model_dump(mode="json"), sort_keys=True, ensure_ascii=False) for f in findings)


def test_the_example_period_is_what_the_test_draws_from() -> None:
    meta = json.loads((EXAMPLE_DIR / "meta.json").read_text(encoding="utf-8"))
    assert date.fromisoformat(meta["as_of"]) == LAST
    received = [datetime.fromisoformat(r["received_at"]).date() for r in _rows("applications")]
    assert min(received) == FIRST


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(day=st.integers(0, (LAST - FIRST).days).map(lambda n: FIRST + timedelta(days=n)))
def test_live_on_a_day_finds_what_a_batch_audit_of_that_day_finds(day: date, tmp_path_factory: Any) -> None:
    moment = datetime.combine(day, time(23, 59, 59, 999999))
    tables = _posted_by(moment)

    reference = load_dataset(EXAMPLE_DIR)  # items, staff, windows, the hall record
    sup = Supervisor(SimulatedClock(moment), MemoryStore(), reference=reference)
    posted = sup.post_many([{"table": t, **r} for t, records in tables.items() for r in records])
    assert all(p.accepted for p in posted), [p.reason for p in posted if not p.accepted][:3]
    live = sup.tick()
    rule_ids = {r.id for r in sup.rules}
    sup.close()

    folder: Path = tmp_path_factory.mktemp("day")
    for name in ("items.jsonl", "staff.jsonl", "windows.jsonl", "hall.json"):
        (folder / name).write_text((EXAMPLE_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    for table, records in tables.items():
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
        (folder / f"{table}.jsonl").write_text(text, encoding="utf-8")
    dataset = load_dataset(folder)
    assert dataset.rejected == []
    batch = [f for f in audit(dataset, as_of=day).findings if f.rule_id in rule_ids]

    assert rule_ids, "the supervisor runs the live rules"
    assert _as_json(live) == _as_json(batch)
