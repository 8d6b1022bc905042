"""Hostile input, fifteenth sweep: the decisions left open by the fourteenth, then the service and the
live supervisor. Each test failed before its fix unless its docstring says it holds behaviour that was
already right; each hostile form is refused or named (field, record and line), the CLI exits 2 with one
line, the service answers problem+json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from govhall.calendars import calendar_with_notices, load_notice_book
from govhall.cli import app
from govhall.errors import InputError
from test_calendar_notices import NOTICE_2027
from test_hostile_input_sweep8 import WRITER
from test_hostile_input_sweep8 import _client as _client
from test_hostile_input_sweep9 import ALL_ITEMS, APP
from test_hostile_input_sweep14 import _write_hall

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


# == 2. a notices file that holds no notice says so; extend_book's errors name the line ===================


@pytest.mark.parametrize("text", ["", "# 2027 notice: to come\n", "notices:\n", "notices: []\n", "[]\n"])
def test_a_notices_file_holding_no_notice_says_so(tmp_path: Path, text: str) -> None:
    """An empty notices file (or one of comments only, or ``notices:`` with nothing under it) was told
    "notice 1: expected a mapping with year, id, …", as if it held a notice that was wrong; ``[]`` said
    "no notice records". One answer for all: the file holds no notice."""
    path = tmp_path / "notices.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        calendar_with_notices(path)
    assert str(err.value).startswith(f"{path}: holds no notice (expected a notice record"), err.value
    assert "notice 1" not in str(err.value), err.value


def test_extend_books_errors_name_the_notices_line(tmp_path: Path) -> None:
    """ "the 2026 notice differs from the one govhall ships" and "notices must follow on from 2026" named
    the file but no line: in a file of several notices the clerk had to find the year by hand."""
    n2026 = load_notice_book().notice(2026).model_dump(mode="json")
    changed = {**n2026, "blocks": n2026["blocks"][1:]}
    path = tmp_path / "two.yaml"
    path.write_text(yaml.safe_dump({"notices": [n2026, changed]}, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError) as err:
        calendar_with_notices(path)
    second = 1 + next(
        i
        for i, ln in enumerate(path.read_text(encoding="utf-8").splitlines())
        if ln.startswith("- ") and i > 1
    )
    assert f"the 2026 notice (line {second}) differs" in str(err.value), err.value
    late = {**NOTICE_2027, "year": 2028}  # (its days of 2027: a 2028 notice may arrange the turn of the year)
    path.write_text("# notices\n" + yaml.safe_dump([late], allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError) as err:
        calendar_with_notices(path)
    assert "must follow on from 2026" in str(err.value) and "(the 2028 notice, line 2)" in str(err.value), err


# == 3. a province report's tables of rejected records have a hall column ================================


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_provinces_rejected_records_table_names_the_hall(tmp_path: Path, fmt: str) -> None:
    """Round 14 gave each rejected record of a province its ``hall`` in JSON, but the Markdown and HTML
    tables of rejected records had no hall column: two halls' ``applications.jsonl`` line 2 read alike.
    A one-hall report's table keeps its shape (no hall column)."""
    prov = tmp_path / "prov"
    _write_hall(prov / "north" / "a", {"items": ALL_ITEMS, "applications": [APP, {"id": 5}]})
    _write_hall(
        prov / "south", {"items": ALL_ITEMS, "applications": [APP, {**APP, "id": "A-9", "received_at": "x"}]}
    )
    out = runner.invoke(app, ["audit", str(prov), "-f", fmt, "--fail-on", "never", "--jobs", "1"])
    assert out.exit_code == 0, out.output
    text = out.stdout
    if fmt == "md":
        section = text.split("## Rejected records", 1)[1].split("\n## ", 1)[0]
        assert "| hall | table | line | record | field | reason | source |" in section, section
        assert (
            "| north/a | applications | line 2 |" in section
            and "| south | applications | line 2 |" in section
        )
    else:
        section = text.split('id="rejected-h"', 1)[1].split("</section>", 1)[0]
        assert '<th scope="col">hall</th><th scope="col">table</th>' in section, section
        assert "<tr><td>north/a</td><td>applications</td>" in section, section
        assert "<tr><td>south</td><td>applications</td>" in section, section
    one = runner.invoke(app, ["audit", str(prov / "south"), "-f", fmt, "--fail-on", "never"])
    assert ">hall<" not in one.stdout.split("Rejected records", 1)[1].split("</table>")[0]
    assert "| hall |" not in one.stdout.split("Rejected records", 1)[1]


# == 4. an ISO week or ordinal date is refused in govhall's words =========================================


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("2025-W36-1", "an ISO week date (YYYY-Www-D)"),
        ("2025-W36-1T09:00:00", "an ISO week date (YYYY-Www-D)"),
        ("2025-244", "an ISO ordinal date (YYYY-DDD)"),
    ],
)
def test_a_week_or_ordinal_date_is_refused_in_our_words(tmp_path: Path, value: str, kind: str) -> None:
    """``received_at: 2025-W36-1`` (ISO 8601's week date for Mon 2025-09-01) was refused in pydantic's
    words, "invalid character in month", which a clerk cannot act on. It is still refused (a hall's day
    is a calendar date; Python 3.11's fromisoformat would read it, pydantic does not: read alike on every
    Python), now saying what it is and what to write, naming the record and the line."""
    hall = tmp_path / "hall"
    _write_hall(hall, {"items": ALL_ITEMS, "applications": [APP, {**APP, "id": "A-W", "received_at": value}]})
    out = runner.invoke(app, ["audit", str(hall), "-f", "json", "--fail-on", "never"])
    (rejected,) = json.loads(out.stdout)["rejected"]
    assert rejected["record_id"] == "A-W" and rejected["line"] == 2 and rejected["field"] == "received_at"
    assert f"is {kind}: govhall reads calendar dates only; write the day as YYYY-MM-DD" in rejected["reason"]
    assert "invalid character" not in rejected["reason"], rejected


# == 5. a batch's refused events say whose they were ======================================================


def test_a_batchs_refused_events_name_their_application_and_the_good_ones_are_kept() -> None:
    """``POST /v1/live/events`` with a batch mixing good and bad events answered each bad one in its place
    (its index in ``posted``), the good ones acknowledged; but a refused event's ``subject`` was null even
    when it named its application plainly (``at: '2025-W36-1' …`` of which application?). Now it says."""
    c = _client()
    ev = {"kind": "received", "at": "2025-09-01T08:00:00", "application_id": "A1"}
    batch = [
        ev,
        {"kind": "received"},
        5,
        {**ev, "application_id": "A2", "at": "2025-W36-1"},
        {**ev, "application_id": "A3", "x": 1},
        {**ev, "complaint_id": "C1", "application_id": "A4", "x": 1},
        {**ev, "application_id": "A5"},
    ]
    r = c.post("/v1/live/events", json=batch, headers=WRITER)
    assert r.status_code == 200, r.text
    posted = r.json()["posted"]
    assert len(posted) == len(batch), posted
    subjects = [p["subject"] and p["subject"]["id"] for p in posted]
    assert subjects == ["A1", None, None, "A2", "A3", None, "A5"], posted
    assert [p["reason"] for p in posted[1:6]] == ["unknown_type", "invalid", "invalid", "invalid", "invalid"]
    assert "ISO week date" in posted[3]["detail"] and "x" in posted[4]["detail"], posted
    assert posted[0]["reason"] != "invalid" and posted[6]["reason"] != "invalid", posted  # the good ones kept
    assert {p["subject"]["kind"] for p in posted if p["subject"]} == {"application"}
