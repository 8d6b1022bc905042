"""Hostile input, fourth sweep: what the last stop noticed and left (a mistyped ``--state`` folder that
started an empty state without a word, a CR alone inside a CSV cell that cut the row in two, unknown
event types echoed whole), then a fresh sweep. Each hostile form is refused or named (field, record
and line); the good form beside it still reads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from govhall.cli import app
from test_hostile_input import one_line_error

STREAM = '{"type": "x", "at": "2026-01-05T09:00"}\n'


def _replay(tmp_path: Path, state: Path, *more: str) -> Any:
    stream = tmp_path / "events.jsonl"
    if not stream.exists():
        stream.write_text(STREAM, encoding="utf-8")
    args = ["live", "replay", str(stream), "--engine", "plain", "--start", "2026-01-05"]
    return CliRunner().invoke(app, [*args, "--until", "2026-01-05T12:00", "--state", str(state), *more])


# -- --state: a mistyped folder, a folder, a dangling link, the events file ---------------------------------


def test_a_state_in_a_folder_that_does_not_exist_is_refused_and_nothing_is_made(tmp_path: Path) -> None:
    """``--state /no/such/dir/x.db`` made the folders and started an empty state without a word: a
    mistyped path (``/var/lib/govhal/live.db``) lost every held record from the supervisor's view."""
    state = tmp_path / "no" / "such" / "live.db"
    err = one_line_error(_replay(tmp_path, state))
    assert "--state" in err and str(tmp_path / "no" / "such") in err and "mkdir -p" in err, err
    assert not (tmp_path / "no").exists()


def test_a_new_state_file_in_a_folder_that_exists_is_created_and_read_again(tmp_path: Path) -> None:
    state = tmp_path / "live.db"
    first = _replay(tmp_path, state, "--json")
    assert first.exit_code == 0, first.output
    assert state.is_file() and json.loads(first.stdout)["unknown_events"]
    # a second run continues from it: the same stream again is posted again onto the saved state
    again = _replay(tmp_path, state, "--json")
    assert again.exit_code == 0, again.output


@pytest.mark.parametrize("kind", ["folder", "dangling link", "file as folder", "the events file"])
def test_a_state_path_that_cannot_be_a_state_file_is_refused_naming_it(tmp_path: Path, kind: str) -> None:
    """A folder gave ``govhall: error: /tmp: Is a directory`` (no option named) after making
    ``/tmp.lock`` beside it; the events file as the state was read as a JSON state."""
    (tmp_path / "events.jsonl").write_text(STREAM, encoding="utf-8")
    state = {
        "folder": tmp_path,
        "dangling link": tmp_path / "link.db",
        "file as folder": tmp_path / "events.jsonl" / "live.db",
        "the events file": tmp_path / "events.jsonl",
    }[kind]
    if kind == "dangling link":
        state.symlink_to(tmp_path / "gone" / "live.db")
    err = one_line_error(_replay(tmp_path, state))
    assert err.startswith("govhall: error: --state: "), err
    assert (tmp_path / "events.jsonl").read_text(encoding="utf-8") == STREAM
    assert not list(tmp_path.parent.glob(f"{tmp_path.name}.lock"))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["events.jsonl"] + (["link.db"] if kind == "dangling link" else [])
    )


def test_a_store_opened_on_a_folder_is_a_state_error_and_leaves_no_lock_beside_it(tmp_path: Path) -> None:
    from govhall.errors import StateFileError
    from govhall.live import SqliteStore

    folder = tmp_path / "states"
    folder.mkdir()
    with pytest.raises(StateFileError, match="a folder, not a live state file"):
        SqliteStore(folder)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["states"]


def test_serve_refuses_a_state_in_a_missing_folder_and_says_when_a_state_is_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("fastapi")
    import uvicorn

    ran: list[Any] = []

    def run(served: Any, **kw: Any) -> None:  # what uvicorn's shutdown does: the state is let go
        ran.append(kw)
        served.state.live.close()

    monkeypatch.setattr(uvicorn, "run", run)
    runner = CliRunner()
    err = one_line_error(
        runner.invoke(app, ["serve", "--tick", "0", "--state", str(tmp_path / "x" / "s.db")])
    )
    assert "--state" in err and str(tmp_path / "x") in err and not (tmp_path / "x").exists(), err
    assert ran == []
    err = one_line_error(runner.invoke(app, ["serve", "--tick", "0", "--state", str(tmp_path)]))
    assert "is a folder" in err
    state = tmp_path / "s.db"
    result = runner.invoke(app, ["serve", "--port", "0", "--tick", "0", "--state", str(state)])
    assert result.exit_code == 0, result.output
    assert f"govhall serve: a new live state at {state}" in result.stderr and len(ran) == 1
    result = runner.invoke(app, ["serve", "--port", "0", "--tick", "0", "--state", str(state)])
    assert result.exit_code == 0, result.output
    assert "a new live state" not in result.stderr and len(ran) == 2


# -- an unknown event type read from input is cut as every echoed id is ------------------------------------


def test_an_unknown_record_table_of_any_length_is_cut_in_the_replay_output_and_the_event_kept(
    tmp_path: Path,
) -> None:
    """A record naming ``"table": "zzz…"`` (200 characters) was listed with a type of 100 characters
    in the replay's JSON and at the head of its text line, while every other echoed value is cut at
    ``MAX_ECHOED_ID`` (80) with ``…``."""
    from govhall.errors import MAX_ECHOED_ID

    huge = "表" * 200
    stream = tmp_path / "events.jsonl"
    stream.write_text(
        json.dumps({"table": huge, "id": "R1", "at": "2026-01-05T01:00"}) + "\n", encoding="utf-8"
    )
    args = ["live", "replay", str(stream), "--engine", "plain", "--start", "2026-01-05"]
    result = CliRunner().invoke(app, [*args, "--until", "2026-01-05T02:00", "--json"])
    assert result.exit_code == 0, result.output
    [unknown] = json.loads(result.stdout)["unknown_events"]
    cut = huge[: MAX_ECHOED_ID - 1] + "…"
    assert (unknown["type"], unknown["reason"], unknown["line"]) == (cut, "unknown_type", 1), unknown
    assert unknown["detail"] == f"no rule handles {cut!r}"
    assert unknown["event"] == {"id": "R1", "at": "2026-01-05T01:00"}  # the record as posted, but its table
    text = CliRunner().invoke(app, [*args, "--until", "2026-01-05T02:00"])
    assert text.exit_code == 0, text.output
    line = next(x for x in text.stdout.splitlines() if x.startswith("unknown event #1"))
    assert f"(line 1, {cut}, unknown_type)" in line and huge[:MAX_ECHOED_ID] not in line, line
