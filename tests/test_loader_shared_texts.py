"""Free-text fields that hold one of a few texts (an event's ``note``, a complaint's ``refusal_reason``,
an inspection's ``clause``) are shared by the loader: equal texts are one object,
whatever the source (the jsonl fast path, a document read record by record). Sharing changes no value:
each record is what its own model makes of its line, and a bad text is rejected with its field, record
and line, never dropped.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govhall.loaders import load_dataset
from govhall.models import Application, Dataset

ITEM = {"code": "I1", "name": "食品经营许可", "type": "行政许可", "department": "市场监管局"}

# texts longer than pydantic-core's cache of short strings keeps (64), spaces it strips, an empty one,
# and values that are no text at all (the record is rejected)
_NOTE = st.one_of(
    st.sampled_from(
        ["窗口收件，出具受理（收件）凭证", "  补正后受理 ", "", "经本行政机关负责人批准" * 4, "x"]
    ),
    st.sampled_from([5, ["a"], {"a": 1}]),
    st.none(),
)


def _record(n: int, notes: list[Any], reason: Any) -> dict[str, Any]:
    events = []
    for k, note in enumerate(notes):
        event: dict[str, Any] = {"id": f"A{n}-E{k}", "application_id": f"A{n}", "kind": "received",
                                 "at": f"2025-11-03T09:{k:02d}"}  # fmt: skip
        if note is not None:
            event["note"] = note
        events.append(event)
    if reason is not None and events:
        events[-1].update(kind="paused", reason=reason)
    return {"id": f"A{n}", "item_code": "I1", "received_at": "2025-11-03T09:00", "events": events}


_RECORDS = st.lists(
    st.tuples(st.lists(_NOTE, max_size=4), st.one_of(st.none(), _NOTE)), min_size=1, max_size=12
).map(lambda rows: [_record(n, notes, reason) for n, (notes, reason) in enumerate(rows, start=1)])


def _texts_shared(ds: Dataset) -> None:
    by_text: dict[str, int] = {}
    for app in ds.applications:
        for event in app.events:
            if event.note is not None:
                assert by_text.setdefault(event.note, id(event.note)) == id(event.note), event.note


def _check(ds: Dataset, records: list[dict[str, Any]], source: str | None) -> None:
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    want: list[Application] = []
    rejected: list[tuple[int, str]] = []
    for line_no, line in enumerate(lines, start=1):
        try:
            want.append(Application.model_validate_json(line))
        except ValueError:
            rejected.append((line_no, json.loads(line)["id"]))
    assert [a.model_dump(mode="json") for a in ds.applications] == [a.model_dump(mode="json") for a in want]
    assert [(r.line, r.record_id) for r in ds.rejected] == rejected
    for r in ds.rejected:  # named: the table, the field (an event's note or reason), where it was read
        assert r.table == "applications" and r.source == source
        assert r.field is not None and r.field.startswith("events.") and r.field.endswith(("note", "reason"))
    _texts_shared(ds)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=_RECORDS)
def test_equal_texts_are_one_object_and_every_record_is_its_models(records: list[dict[str, Any]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "items.jsonl").write_text(json.dumps(ITEM, ensure_ascii=False) + "\n", encoding="utf-8")
        path = folder / "applications.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        _check(load_dataset(folder), records, str(path))
    _check(load_dataset({"items": [ITEM], "applications": records}), records, None)


def test_a_text_read_twice_is_kept_once() -> None:
    """Worked by hand: three events, two of them with the same note of 33 characters (beyond what
    pydantic-core's cache keeps, so each line parses its own copy)."""
    note = "窗口收件，出具受理（收件）凭证" + "，" + "经本行政机关负责人批准" + "。" * 6
    records = [_record(1, [note, "x"], None), _record(2, [note], None)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "items.jsonl").write_text(json.dumps(ITEM, ensure_ascii=False) + "\n", encoding="utf-8")
        (folder / "applications.jsonl").write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
        )
        ds = load_dataset(folder)
    first, second = ds.applications[0].events[0].note, ds.applications[1].events[0].note
    assert first == second == note and first is second
