"""Hostile input, fifteenth sweep: the decisions left open by the fourteenth, then the service and the
live supervisor. Each test failed before its fix unless its docstring says it holds behaviour that was
already right; each hostile form is refused or named (field, record and line), the CLI exits 2 with one
line, the service answers problem+json."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from govhall.cli import app

runner = CliRunner()


# == 1. live replay's unreadable lines name the event's application ========================================


def test_live_replay_names_the_application_of_a_line_that_is_not_json_or_not_utf8(tmp_path: Path) -> None:
    """A line of EVENTS.jsonl that did not decode or was not JSON was told by its line only
    (``{"line": 2, "reason": "not JSON (...)"}``), whereas the dataset loader names the record's id: the
    clerk had to open the file to learn whose event was not posted. Its bytes still say it plainly."""
    good = '{"kind": "received", "at": "2025-10-09T10:00:00", "application_id": "A1"}\n'
    cut = b'{"kind": "accepted", "at": "2025-10-09T11:00:00", "application_id": "A\\u00e92", \n'
    latin = '{"kind": "accepted", "at": "2025-10-09T11:00:00", "application_id": "A3", "note": "\xe9"}\n'
    both = b'{"application_id": "A4", "application_id": "A5" oops\n'
    events = tmp_path / "ev.jsonl"
    events.write_bytes(good.encode() + cut + latin.encode("latin-1") + both)
    res = runner.invoke(app, ["live", "replay", str(events), "--json", "--state", str(tmp_path / "s.db")])
    assert res.exit_code in (0, 1), res.output
    rejected = json.loads(res.stdout)["rejected_lines"]
    assert [r["line"] for r in rejected] == [2, 3, 4], rejected
    assert rejected[0]["application_id"] == "A\u00e92" and rejected[0]["reason"].startswith("not JSON"), (
        rejected
    )
    assert rejected[1]["application_id"] == "A3" and rejected[1]["reason"].startswith("not UTF-8"), rejected
    assert "application_id" not in rejected[2], rejected  # two ids: whose it was is not said
    text = runner.invoke(app, ["live", "replay", str(events), "--state", str(tmp_path / "t.db")])
    assert "line 3, application_id 'A3' not posted: not UTF-8" in text.output, text.output
