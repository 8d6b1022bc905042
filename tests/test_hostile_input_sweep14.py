"""Hostile input, fourteenth sweep: the decisions left open by the thirteenth, then the surfaces the
earlier rounds touched least (notices, case files, the live command's options, the output's encoding,
province reports). Each test failed before its fix unless its docstring says it holds behaviour that
was already right; each hostile form is refused or named (field, record and line), the CLI exits 2 with
one line, the service answers problem+json."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from govhall.cli import app
from test_hostile_input import one_line_error
from test_hostile_input_sweep8 import WRITER
from test_hostile_input_sweep8 import _client as _client
from test_hostile_input_sweep9 import ALL_ITEMS, APP

runner = CliRunner()


# == 1. an output file's extension names its format: .junit too ===========================================


@pytest.mark.parametrize("name", ["report.junit", "REPORT.JUNIT", "report.junit.xml"])
def test_an_output_named_junit_is_written_as_junit(tmp_path: Path, name: str) -> None:
    """``-o report.junit`` without ``-f`` wrote the text report into a file a CI's JUnit step then read as
    XML and refused (``.xml`` was mapped, ``.junit`` was not; ``.junit.xml`` held already)."""
    out = tmp_path / name
    result = runner.invoke(app, ["audit", "--example", "-o", str(out), "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    root = ET.fromstring(out.read_text(encoding="utf-8"))
    assert root.tag == "testsuites", root.tag


# == 2. live replay's choices are choices, told as audit tells its own =======================================


@pytest.mark.parametrize(
    ("option", "value", "choices"),
    [
        ("--fail-on", "bogus", "'error', 'warning', 'never'"),
        ("--fail-on", "ERROR", "'error', 'warning', 'never'"),
        ("--engine", "durabel", "'durable', 'plain'"),
        ("--rules", "all", "'auto', 'live', 'subjects'"),
    ],
)
def test_live_replay_tells_an_unknown_choice_as_audit_does(
    tmp_path: Path, option: str, value: str, choices: str
) -> None:
    """``govhall live replay --fail-on bogus`` answered in words of its own ("expected error, warning or
    never, not 'bogus'"), with no pointer to the help, whose option said only ``<str>``; ``govhall audit
    --fail-on bogus`` names the choices and the help. One way for both, the choices listed in --help."""
    events = tmp_path / "ev.jsonl"
    events.write_text('{"kind": "received", "at": "2025-10-09T10:00:00", "application_id": "A1"}\n')
    err = one_line_error(runner.invoke(app, ["live", "replay", str(events), option, value]))
    assert f"Invalid value for '{option}'" in err and f"{value!r} is not one of {choices}" in err, err
    assert "(see 'govhall live replay --help')" in err, err
    audit = one_line_error(runner.invoke(app, ["audit", "--example", "--fail-on", "bogus"]))
    assert audit.replace("audit", "live replay") == err.replace(option, "--fail-on").replace(
        f"{value!r} is not one of {choices}", "'bogus' is not one of 'error', 'warning', 'never'"
    ), (audit, err)
    shown = runner.invoke(app, ["live", "replay", "--help"], terminal_width=200).output
    assert "<" + choices.replace("'", "").replace(", ", "|") + ">" in shown, shown


# == 3. an audit of which every record was rejected passed ===============================================


def _write_hall(folder: Path, tables: dict[str, list[Any]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for table, rows in tables.items():
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        (folder / f"{table}.jsonl").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_an_audit_of_which_every_record_was_rejected_fails_as_check_does(tmp_path: Path, fmt: str) -> None:
    """A hall whose every record was broken (an export with the wrong columns) exited 0: "nothing at or
    above --fail-on", a pass in CI, though nothing was audited; ``check`` of a catalogue of broken items
    exits 1. Now 1 too, the report written whole (every rejection named) and one line on stderr saying
    why; ``--fail-on never`` still exits 0, and one good record among them is the usual audit."""
    broken = [{"id": 5}, {"nope": 1}, {**APP, "received_at": "2025-02-30T09:00:00"}]
    hall = _write_hall(tmp_path / "h", {"applications": broken})
    args = ["audit", str(hall), "--as-of", "2025-11-30", "-f", fmt]
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    assert "every record was rejected (3), so nothing was audited" in result.stderr, result.stderr
    if fmt == "json":
        report = json.loads(result.stdout)
        assert report["summary"]["rejected"] == 3 and len(report["rejected"]) == 3, report["summary"]
    assert runner.invoke(app, [*args, "--fail-on", "never"]).exit_code == 0
    good = _write_hall(tmp_path / "g", {"items": ALL_ITEMS, "applications": [APP]})
    mixed = _write_hall(tmp_path / "m", {"items": ALL_ITEMS, "applications": [APP, *broken]})
    codes = [runner.invoke(app, ["audit", str(h), "--as-of", "2025-11-30"]).exit_code for h in (good, mixed)]
    assert codes[0] == codes[1] and codes[0] in (0, 1), codes
    said = runner.invoke(app, ["audit", str(mixed), "--as-of", "2025-11-30"]).stderr
    assert "every record was rejected" not in said, said


# == 4. a province's rejected records name their hall, as its findings do =================================


@pytest.mark.parametrize("how", [["--jobs", "1"], ["--jobs", "2"], ["--engine", "dask", "--jobs", "1"]])
def test_a_provinces_rejected_records_name_their_hall_as_its_findings_do(
    tmp_path: Path, how: list[str]
) -> None:
    """In a province report each finding carries ``hall``; a rejected record carried only its file, so a
    program counting rejections per hall (``summary.halls`` gives the counts) had to guess the hall from a
    path. Now each carries ``hall``, the key of ``summary.halls``; a one-hall report keeps its shape."""
    if "dask" in how:
        pytest.importorskip("distributed")
    prov = tmp_path / "prov"
    _write_hall(prov / "north" / "a", {"items": ALL_ITEMS, "applications": [APP, {"id": 5}]})
    _write_hall(
        prov / "south", {"items": ALL_ITEMS, "applications": [{**APP, "id": "A-9", "received_at": "x"}, APP]}
    )
    result = runner.invoke(app, ["audit", str(prov), "-f", "json", "--fail-on", "never", *how])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    halls = report["summary"]["halls"]
    assert {r["hall"] for r in report["rejected"]} == set(halls) == {"north/a", "south"}, report["rejected"]
    for name, summary in halls.items():
        assert summary["rejected"] == sum(r["hall"] == name for r in report["rejected"]) == 1
    assert all(f["hall"] in halls for f in report["findings"])
    one = runner.invoke(app, ["audit", str(prov / "south"), "-f", "json", "--fail-on", "never"])
    assert "hall" not in json.loads(one.stdout)["rejected"][0], one.stdout


# == 5. an impossible unquoted date in a case file fails its case alone =====================================

_CASES = """\
standard: admin-licensing-law
cases:
  # Mon 1 September 2025 + 20 working days: 2-5 (4), 8-12 (9), 15-19 (14), 22-26 (19), Sun 28 worked
  # (调休 for 国庆节, 2025 notice) (20): Sun 28 September.
  - name: twenty working days from 1 September 2025
    deadline: {start: 2025-09-01, limit: 20个工作日}
    expect: {due: "2025-09-28"}
  - name: a start that is no day
    deadline: {start: @START@, limit: 20个工作日}
    expect: {due: "2025-09-28"}
  # Mon 1 September 2025 + 5 working days: 2, 3, 4, 5, Mon 8 September.
  - name: five working days from 1 September 2025
    deadline: {start: 2025-09-01, limit: 5个工作日}
    expect: {due: "2025-09-08"}
"""


@pytest.mark.parametrize("start", ["2025-02-30", "2025-13-01"])
def test_an_impossible_unquoted_date_in_a_case_file_fails_its_case_alone(tmp_path: Path, start: str) -> None:
    """``start: 2025-02-30`` unquoted in one case: PyYAML cannot build the date, and the whole file was
    "not valid YAML" (exit 2, no case run), where the same date quoted fails its one case and the others
    run, as an impossible date in a YAML dataset now rejects its one record. Unquoted and quoted now
    give the same results: two cases pass, the third fails naming ``start`` and the day."""
    outcomes = []
    for written in (start, f'"{start}"'):
        path = tmp_path / f"cases-{len(outcomes)}.yaml"
        path.write_text(_CASES.replace("@START@", written), encoding="utf-8")
        result = runner.invoke(app, ["test", str(path)])
        assert result.exit_code == 1, result.output
        [failed] = [line for line in result.stdout.splitlines() if line.startswith("FAILED")]
        assert "::a start that is no day (line 8)" in failed and f"start: '{start}'" in failed, failed
        assert "2 passed" in result.stdout and "1 failed" in result.stdout, result.stdout
        outcomes.append(failed.replace(path.name, "cases.yaml"))
    assert outcomes[0] == outcomes[1], outcomes


# == 6. a whole-number field reads full-width digits, as a limit, a fee and calendar add do ================


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_a_count_in_full_width_digits_is_read_and_one_of_another_script_is_named(
    tmp_path: Path, suffix: str
) -> None:
    """``counter_height_mm: "７５０"`` (a Chinese input method's digits) was refused, "unable to parse
    string as an integer", where ``５个工作日``, a fee of ``"５"`` and ``calendar add 2025-09-01 ５`` are
    read: one decision for every number govhall reads (ASCII and full-width digits). ``٧٥٠`` is refused
    naming its digit, as a fee's is; ``１０００１`` is still past the bound; each record alone."""
    rows = [
        ("W1", "７５０"), ("W2", "٧٥٠"), ("W3", "750"), ("W4", "１０００１"), ("W5", "７_５"), ("W6", "+０"),
    ]  # fmt: skip
    hall = tmp_path / "h"
    hall.mkdir()
    if suffix == ".csv":
        text = "id,kind,counter_height_mm\n" + "".join(f"{i},comprehensive,{v}\n" for i, v in rows)
    else:
        text = "".join(
            json.dumps({"id": i, "kind": "comprehensive", "counter_height_mm": v}) + "\n" for i, v in rows
        )
    (hall / f"windows{suffix}").write_text(text, encoding="utf-8")
    (hall / "staff.jsonl").write_text(
        '{"id": "S1", "role": "window_clerk", "rank": "１２"}\n', encoding="utf-8"
    )
    from govhall.loaders import load_dataset

    ds = load_dataset(hall)
    assert [(w.id, w.counter_height_mm) for w in ds.windows] == [("W1", 750), ("W3", 750), ("W6", 0)]
    assert [(s.id, s.rank) for s in ds.staff] == [("S1", 12)]
    why = {r.record_id: (r.field, r.line, r.reason) for r in ds.rejected}
    assert set(why) == {"W2", "W4", "W5"}, why
    assert why["W2"][:2] == ("counter_height_mm", 3 if suffix == ".csv" else 2), why
    assert "'٧' (ARABIC-INDIC DIGIT SEVEN) is a digit of another script" in why["W2"][2], why
    assert "less than or equal to 10000" in why["W4"][2], why
    assert "'_' is no digit separator" in why["W5"][2] and "'７_５'" in why["W5"][2], why


# == 7. a holiday notice's error names its line ===========================================================

_NOTICE = """\
notices:
  - year: 2027
    id: X
    title: T
    date: 2026-11-01
    blocks:
      - item: 一
        name_zh: 元旦
        name_en: NY
        first_day: 2027-01-01
        last_day: 2027-01-03
        days: 3
        makeup_workdays: []
        text: t
      - item: 二
        name_zh: 春节
        name_en: SF
        first_day: @FIRST@
        last_day: 2027-01-08
        days: @DAYS@
        makeup_workdays: [@MAKEUP@]
        text: t
"""


@pytest.mark.parametrize(
    ("first", "days", "makeup", "line", "said"),
    [
        # the second block overlaps the first on Sun 3 January: the second one's line (15)
        ("2027-01-03", "6", "", 15, "2027-01-03 appears in both 元旦 and 春节"),
        # Tue 12 January is no weekend day: the block's line
        ("2027-01-06", "3", "2027-01-12", 15, "make-up working day 2027-01-12 is not a Saturday or Sunday"),
        # a make-up day that is no date: the line of the list that holds it
        ("2027-01-06", "3", "2027-01-09, nope", 21, "blocks.1.makeup_workdays.1: "),
        # a count that is no number: its own line
        ("2027-01-06", "three", "", 20, "blocks.1.days: "),
    ],
)
def test_a_notice_error_names_its_line(
    tmp_path: Path, first: str, days: str, makeup: str, line: int, said: str
) -> None:
    """A notices file of many blocks said ``notice 1 (year 2027): …`` of every fault, the block's
    place at best, never the line: two overlapping blocks, a weekday named as a make-up working day, a
    value of the wrong kind. Each is now told at its line in the file, through ``--notices`` as through
    :func:`govhall.calendars.calendar_with_notices`."""
    notice = tmp_path / "n.yaml"
    notice.write_text(
        _NOTICE.replace("@FIRST@", first).replace("@DAYS@", days).replace("@MAKEUP@", makeup),
        encoding="utf-8",
    )
    err = one_line_error(runner.invoke(app, ["calendar", "add", "2027-01-04", "1", "--notices", str(notice)]))
    assert f"{notice}: notice 1 (year 2027, line {line}): " in err and said in err, err
    from govhall.calendars import calendar_with_notices
    from govhall.errors import InputError

    with pytest.raises(InputError, match=f"line {line}\\)"):
        calendar_with_notices(notice)


# == 8. an ASCII standard output (PYTHONIOENCODING=ascii) ====================================================


def _govhall(args: list[str], encoding: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    return subprocess.run([sys.executable, "-m", "govhall", *args], capture_output=True, env=env, timeout=300)


def test_an_ascii_standard_output_gets_utf8_as_the_echoed_text_does() -> None:
    """With ``PYTHONIOENCODING=ascii``, ``calendar workday 2025-10-01`` answered (typer's echo writes UTF-8
    to a stream set to ASCII) but the same with ``--json`` stopped with Python's bare "'ascii' codec can't
    encode characters in position 92-98" (exit 2), and every report written so failed too. Now both are
    UTF-8. 1 October 2025 is 国庆节、中秋节 (the 2025 notice, item 六)."""
    text = _govhall(["calendar", "workday", "2025-10-01"], "ascii")
    assert text.returncode == 0 and "国庆节、中秋节" in text.stdout.decode("utf-8"), text
    done = _govhall(["calendar", "workday", "2025-10-01", "--json"], "ascii")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout.decode("utf-8"))
    assert (answer["working_day"], answer["holiday_name"]) == (False, "国庆节、中秋节"), answer
    report = _govhall(["audit", "--example", "-f", "json", "--fail-on", "never"], "ascii")
    assert report.returncode == 0 and json.loads(report.stdout.decode("utf-8"))["findings"], report.stderr[
        -300:
    ]


def test_a_standard_output_that_cannot_write_the_answer_says_so_in_one_line() -> None:
    """A Latin-1 standard output cannot write 国: the error said only "'latin-1' codec can't encode
    characters in position 92-98: ordinal not in range(256)". It now names the stream, the character and
    what to do, in one line, exit 2, no traceback."""
    done = _govhall(["calendar", "workday", "2025-10-01", "--json"], "latin-1")
    assert done.returncode == 2 and done.stdout == b"", done
    [line] = done.stderr.decode("latin-1").splitlines()
    assert line.startswith("govhall: error: cannot write the output: standard output's encoding"), line
    assert "(U+56FD); set PYTHONIOENCODING=utf-8" in line, line


# == 9. an Accept the service cannot meet: the Report in JSON, not a 406 (held; RFC 9110 12.5.1) =========


@pytest.mark.parametrize("accept", ["application/pdf", "image/*", "application/json;q=0, application/pdf"])
def test_an_accept_naming_no_format_gets_the_report_in_json_and_errors_stay_problems(accept: str) -> None:
    """Decided, not changed: RFC 9110 12.5.1 lets a server that has no representation the ``Accept``
    header lists either answer 406 or "disregard the header field"; docs/serve.md chose the second (the
    Report in JSON, ``Vary: Accept``), and DESIGN asks only that errors be problem+json. A 406 would make a
    client sending a browser's or a proxy's header lose its report. Holds behaviour already right: the
    answer is the Report, and a bad request under the same header is still a problem document."""
    with _client() as client:
        body = {"items": ALL_ITEMS, "as_of": "2025-11-30"}
        r = client.post("/v1/audit", json=body, headers={**WRITER, "Accept": accept})
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/json"), r.text
        assert r.headers["vary"] == "Accept" and r.json()["summary"]["records"] == len(ALL_ITEMS)
        bad = client.post("/v1/audit", json={"as_of": "2025-11-30"}, headers={**WRITER, "Accept": accept})
        assert bad.status_code == 422 and bad.headers["content-type"] == "application/problem+json", bad.text
        assert "holds no records" in bad.json()["detail"], bad.text


# == 10. a jsonl line in another encoding names its record, as the same row of a CSV file does =============


def test_a_jsonl_line_in_gbk_among_utf8_lines_is_named_by_its_id(tmp_path: Path) -> None:
    """One line of a UTF-8 jsonl file written in GBK (an export pasted into another) was rejected naming
    only its line, where the same row of a CSV file names its id too. Now both name ``A-1``; the lines
    around it (CRLF line ends) are read."""
    from govhall.loaders import load_dataset

    hall = tmp_path / "h"
    hall.mkdir()
    lines = [json.dumps({**APP, "id": f"A-{i}"}, ensure_ascii=False) + "\r\n" for i in range(3)]
    (hall / "applications.jsonl").write_bytes(lines[0].encode() + lines[1].encode("gbk") + lines[2].encode())
    (hall / "items.json").write_text(json.dumps(ALL_ITEMS, ensure_ascii=False), encoding="utf-8")
    ds = load_dataset(hall)
    assert [a.id for a in ds.applications] == ["A-0", "A-2"]
    [rejected] = ds.rejected
    assert (rejected.line, rejected.record_id) == (2, "A-1"), rejected
    assert "is not valid UTF-8 (the file's encoding)" in rejected.reason, rejected.reason
