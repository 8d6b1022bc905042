"""Hostile input, sixteenth sweep, second part (a second helper's round on the same leads; what it found
that the first part did not): a live application or complaint holding two events under one id, and a
live state whose lock file cannot be opened. Each test failed before its fix unless its docstring says it
holds behaviour that was already right."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govhall.cli import app
from govhall.errors import StateFileError
from govhall.live import SimulatedClock, Supervisor
from test_hostile_input import one_line_error
from test_hostile_input_sweep8 import APP

runner = CliRunner()
RECEIVED = {"application_id": "A1", "kind": "received", "at": "2025-10-09T10:00:00"}


# == 3. one live event id given twice with different content =================================================

E1 = {"id": "E1", "kind": "accepted", "at": "2025-09-01T10:00:00"}


def _sup() -> Supervisor:
    return Supervisor(SimulatedClock(datetime(2025, 9, 3, 9, 0)), None, engine="plain")


def _events(sup: Supervisor) -> list[tuple[str | None, str]]:
    return [(e.id, e.at.isoformat()) for e in sup.subjects("application")[0].events]


def test_a_reposted_application_bringing_another_event_under_a_held_id_is_refused() -> None:
    """An application posted again (its record updated) whose ``events`` held another event under an
    event id it already held was accepted, and the application then held two events with one id (the
    batch loader refuses such a dataset: "duplicate event id"). The second post is refused, naming the
    event and the id; the first stays as it was."""
    sup = _sup()
    assert sup.post({"table": "applications", **APP, "events": [E1]}).accepted
    moved = {**E1, "at": "2025-09-01T12:00:00"}
    res = sup.post({"table": "applications", **APP, "events": [moved]})
    assert not res.accepted and res.reason == "invalid", res
    assert res.detail == (
        f"events.0: duplicate event id 'E1': application {APP['id']} already holds another event with this id"
    ), res
    assert _events(sup) == [("E1", "2025-09-01T10:00:00")]
    assert [u.seq for u in sup.unknown_events()] == [2]  # recorded, not dropped
    again = sup.post({"table": "applications", **APP, "events": [E1]})  # a resend: nothing to refuse
    assert again.accepted and _events(sup) == [("E1", "2025-09-01T10:00:00")], again


def test_an_application_holding_two_events_under_one_id_is_refused() -> None:
    """An application posted with two events under one id was accepted, both held (the batch loader
    refuses it: "events.1: duplicate event id 'E1': already used at …")."""
    sup = _sup()
    twice = [E1, {**E1, "kind": "received"}]
    res = sup.post({"table": "applications", **APP, "events": twice})
    assert not res.accepted and res.reason == "invalid", res
    assert res.detail == "events.1: duplicate event id 'E1': already used at events.0", res
    assert sup.subjects("application") == []


def test_an_event_posted_again_under_its_id_with_other_content_is_refused() -> None:
    """Held behaviour: an event posted alone under an id its application holds with other content is
    refused (a resend of the same event is accepted)."""
    sup = _sup()
    assert sup.post({"table": "applications", **APP, "events": [E1]}).accepted
    assert sup.post({"application_id": APP["id"], **E1}).accepted
    res = sup.post({"application_id": APP["id"], **E1, "at": "2025-09-01T11:00:00"})
    assert not res.accepted and res.detail is not None and "duplicate event id 'E1'" in res.detail, res
    assert _events(sup) == [("E1", "2025-09-01T10:00:00")]


# == 4. a lock file that cannot be opened ==================================================================


def test_a_state_whose_lock_file_cannot_be_opened_names_the_state_and_the_lock(tmp_path: Path) -> None:
    """When ``STATE.lock`` could not be opened (a folder by that name; a read-only folder) the CLI said
    "/…/live.db.lock: Is a directory", naming neither the --state option nor what the file is for."""
    events = tmp_path / "ev.jsonl"
    events.write_text(json.dumps(RECEIVED) + "\n", encoding="utf-8")
    state = tmp_path / "live.db"
    (tmp_path / "live.db.lock").mkdir()
    err = one_line_error(runner.invoke(app, ["live", "replay", str(events), "--state", str(state)]))
    assert err.startswith(
        f"govhall: error: --state: {state}: cannot open the one-writer lock file {state}.lock (Is a directory)"
    ), err
    with pytest.raises(StateFileError):
        Supervisor(SimulatedClock(datetime(2025, 10, 9, 12, 0)), state, engine="plain")
