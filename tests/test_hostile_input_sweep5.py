"""Hostile input, fifth sweep: what the fourth noticed and left. A bad date's message says what is
wrong with the value given (every one said "a number is not read as a date or time", for ``'xxxx'`` as
for ``'NaN'``); an empty catalogue is refused by ``govhall check``; two hall folders whose names differ
only in Unicode normalisation are told apart; a broken jsonl line whose id holds a control character
is named by it. Each hostile form is refused or named (field, record and line); the good form beside
it still reads."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from typer.testing import CliRunner

from govhall.cli import app
from govhall.errors import validation_message
from govhall.loaders import load_dataset
from govhall.models import Application, Complaint
from test_hostile_input import first_complaint, one_line_error

EXAMPLE = Path(__file__).resolve().parents[1] / "src" / "govhall" / "data" / "example"
runner = CliRunner()


def _rows(table: str, n: int) -> list[dict[str, Any]]:
    lines = (EXAMPLE / f"{table}.jsonl").read_text(encoding="utf-8").splitlines()[:n]
    return [json.loads(line) for line in lines]


APPS = [{k: a[k] for k in ("id", "item_code", "received_at")} for a in _rows("applications", 3)]
ITEMS = [i for i in _rows("items", 60) if i["code"] in {a["item_code"] for a in APPS}]


# -- 1. a bad date's message fits the value given -------------------------------------------------------

#: (value, what the message must say about it): texts that are not dates say so and never call
#: themselves a number; a number, or a text of digits, says which it is
TEXTS = [
    ("xxxx", "'xxxx' is not a date or time"),
    ("NaN", "'NaN' is not a date or time"),
    ("2025/11/05", "'2025/11/05' is not a date or time"),
    ("十一月五日", "'十一月五日' is not a date or time"),
    ("1700000000", "'1700000000' is a text of digits, not a date or time"),
]
NUMBERS = [
    (1700000000, "1700000000 is a number, not a date or time"),
    (1.5, "1.5 is a number, not a date or time"),
]
OTHERS = [
    ("", "an empty text is not a date or time"),
    (None, "null is not a date or time"),
    (True, "true is not a date or time"),
    ({"y": 2025}, "an object is not a date or time"),
]


def _check_reason(reason: str, value: Any, says: str) -> None:
    assert reason.startswith("received_at: "), reason
    assert says in reason and "expected ISO 8601 text such as 2025-11-05T09:30:00" in reason, reason
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        assert "a number" not in reason, reason  # the old words, said of every bad value


def _write(tmp_path: Path, kind: str, value: Any) -> None:
    apps = [dict(a) for a in APPS]
    apps[1]["received_at"] = value
    (tmp_path / "items.json").write_text(json.dumps(ITEMS, ensure_ascii=False), encoding="utf-8")
    if kind == "jsonl":
        text = "\n".join(json.dumps(a, ensure_ascii=False) for a in apps) + "\n"
        (tmp_path / "applications.jsonl").write_text(text, encoding="utf-8")
    elif kind == "json":
        (tmp_path / "applications.json").write_text(json.dumps(apps, ensure_ascii=False), encoding="utf-8")
    elif kind == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["id", "item_code", "received_at"])
        writer.writerows([a.values() for a in apps])
        (tmp_path / "applications.csv").write_text(out.getvalue(), encoding="utf-8")
    else:
        pa = pytest.importorskip("pyarrow")
        import pyarrow.parquet as pq

        column = [a["received_at"] for a in apps]
        if isinstance(value, str):  # a text column, as an export that kept dates as text writes it
            array = pa.array(column, pa.string())
        else:  # a number column: every row a number, the first and last good moments' seconds
            column = [value if i == 1 else 1762300000 for i in range(3)]
            array = pa.array(column, pa.float64() if isinstance(value, float) else pa.int64())
        names = {"id": [a["id"] for a in apps], "item_code": [a["item_code"] for a in apps]}
        pq.write_table(pa.table({**names, "received_at": array}), tmp_path / "applications.parquet")


def _rejected_second(tmp_path: Path, kind: str) -> Any:
    ds = load_dataset(tmp_path)
    second = [r for r in ds.rejected if r.line == (3 if kind == "csv" else 2)]
    assert len(second) == 1, ds.rejected
    [rejected] = second
    assert (rejected.table, rejected.record_id, rejected.field) == (
        "applications",
        APPS[1]["id"],
        "received_at",
    )
    return rejected


@pytest.mark.parametrize(("value", "says"), TEXTS)
@pytest.mark.parametrize("kind", ["jsonl", "json", "csv", "parquet"])
def test_a_text_that_is_not_a_date_is_called_that_in_every_format(
    tmp_path: Path, kind: str, value: str, says: str
) -> None:
    _write(tmp_path, kind, value)
    _check_reason(_rejected_second(tmp_path, kind).reason, value, says)


@pytest.mark.parametrize(("value", "says"), NUMBERS)
@pytest.mark.parametrize("kind", ["jsonl", "json", "parquet"])
def test_a_number_for_a_date_is_still_called_a_number(
    tmp_path: Path, kind: str, value: Any, says: str
) -> None:
    _write(tmp_path, kind, value)
    _check_reason(_rejected_second(tmp_path, kind).reason, value, says)


@pytest.mark.parametrize(("value", "says"), OTHERS)
@pytest.mark.parametrize("kind", ["jsonl", "json"])
def test_an_empty_null_boolean_or_object_date_is_named_for_what_it_is(
    tmp_path: Path, kind: str, value: Any, says: str
) -> None:
    _write(tmp_path, kind, value)
    _check_reason(_rejected_second(tmp_path, kind).reason, value, says)


def test_a_day_and_a_time_of_day_say_which_they_are_and_the_form(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as info:
        Application.model_validate({**APPS[0], "licence_expires_on": "soon"})
    [error] = info.value.errors()
    assert validation_message(error) == (
        "a text that is not a date (expected ISO 8601 text such as 2025-11-05, in the form YYYY-MM-DD)"
    )
    hall = json.loads((EXAMPLE / "hall.json").read_text(encoding="utf-8"))
    periods = [
        v for v in hall.values() if isinstance(v, list) and v and isinstance(v[0], dict) and "start" in v[0]
    ]
    periods[0][0]["start"] = "nine"
    (tmp_path / "hall.json").write_text(json.dumps(hall, ensure_ascii=False), encoding="utf-8")
    [rejected] = load_dataset(tmp_path).rejected
    assert rejected.reason.endswith(
        "0.start: 'nine' is not a time of day (expected ISO 8601 text such as 09:00, in the form HH:MM)"
    ), rejected.reason


@pytest.mark.parametrize(("value", "says"), [("xxxx", "a text that is"), (1700000000, "a number is")])
def test_screen_names_the_kind_of_bad_date(tmp_path: Path, value: Any, says: str) -> None:
    path = tmp_path / "c.json"
    path.write_text(json.dumps({**first_complaint(), "received_at": value}), encoding="utf-8")
    err = one_line_error(runner.invoke(app, ["screen", str(path)]))
    assert f"received_at: {says} not a date or time (expected ISO 8601 text" in err, err
    with pytest.raises(ValidationError):
        Complaint.model_validate({**first_complaint(), "received_at": value})


@pytest.mark.parametrize(
    ("value", "says"), [("xxxx", "a text that is"), ("NaN", "a text that is"), (17e8, "a number is")]
)
def test_the_live_supervisor_names_the_kind_of_bad_date(value: Any, says: str) -> None:
    from govhall.live import MemoryStore, SimulatedClock, Supervisor

    sup = Supervisor(SimulatedClock(datetime(2025, 11, 3, 9, 0)), MemoryStore(), engine="plain", rules=[])
    sup.post({"table": "items", "code": "I1", "name": "某许可", "type": "行政许可", "department": "D1"})
    sup.post({"table": "applications", "id": "A1", "item_code": "I1", "received_at": "2025-11-03T09:00"})
    posted = sup.post({"id": "E1", "application_id": "A1", "kind": "visit", "at": value})
    assert not posted.accepted and posted.reason == "invalid"
    assert posted.detail is not None and posted.detail.startswith(f"at: {says} not a date or time"), (
        posted.detail
    )


@settings(max_examples=60, deadline=None)
@given(value=st.text(max_size=12).filter(lambda t: not re.match(r"\s*[0-9]{4}-", t)))
def test_every_text_refused_for_a_date_is_called_a_text_never_a_number(value: str) -> None:
    """Law: a text the date guard refuses is named as a text (empty, of digits, or not a date), and the
    words never call it a number."""
    with pytest.raises(ValidationError) as info:
        Application.model_validate({**APPS[0], "received_at": value})
    [error] = info.value.errors()
    words = validation_message(error)
    assert "not a date or time (expected ISO 8601 text such as 2025-11-05T09:30:00" in words, words
    assert "a number" not in words and words.startswith(("a text", "an empty text")), words


# -- 2. an empty catalogue is refused by govhall check ----------------------------------------------------

EMPTY_CATALOGUES = {
    "items.json": "[]",
    "catalogue.json": '{"items": [], "name": "全部事项"}',
    "items.csv": "code,name,type,department\n",
    "items.jsonl": "",
    "blank.jsonl": "\n  \n\n",
    "items.yaml": "[]\n",
}


@pytest.mark.parametrize("name", sorted(EMPTY_CATALOGUES))
@pytest.mark.parametrize("fail_on", ["error", "never"])
def test_an_empty_catalogue_is_one_line_and_exit_2_not_no_findings(
    tmp_path: Path, name: str, fail_on: str
) -> None:
    """``govhall check items.json`` of ``[]`` (or of a CSV header alone) said "No findings" and exit 0:
    a pipeline checking a catalogue passed on an export that had failed. Refused as the audit of a
    folder holding no data is, whatever --fail-on says."""
    path = tmp_path / name
    path.write_text(EMPTY_CATALOGUES[name], encoding="utf-8")
    err = one_line_error(
        runner.invoke(app, ["check", str(path), "--as-of", "2025-11-30", "--fail-on", fail_on])
    )
    assert f"{path}: the catalogue holds no items" in err, err


def test_an_empty_catalogue_on_standard_input_or_in_a_folder_is_refused_too(tmp_path: Path) -> None:
    err = one_line_error(runner.invoke(app, ["check", "-", "--as-of", "2025-11-30"], input=b"[]\n"))
    assert "<stdin>: the catalogue holds no items" in err, err
    (tmp_path / "items.jsonl").write_text("", encoding="utf-8")
    err = one_line_error(runner.invoke(app, ["check", str(tmp_path), "--as-of", "2025-11-30"]))
    assert f"{tmp_path}: the catalogue holds no items" in err, err


def test_a_catalogue_of_one_item_or_of_rejected_items_alone_is_still_checked(tmp_path: Path) -> None:
    one = tmp_path / "one.jsonl"
    one.write_text(json.dumps(ITEMS[0], ensure_ascii=False) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(one), "--as-of", "2025-11-30", "--json", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["summary"]["records"] == 1
    # a catalogue whose every item is broken is not empty: its rejected items fail the check (exit 1)
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"code": "X-1"}\n', encoding="utf-8")
    result = runner.invoke(app, ["check", str(broken), "--as-of", "2025-11-30", "--json"])
    assert result.exit_code == 1, result.output
    assert len(json.loads(result.stdout)["rejected"]) == 1


# -- 3. hall folders whose names differ only in Unicode normalisation -----------------------------------


def _two_cafes(root: Path) -> tuple[str, str]:
    import unicodedata

    from province_helpers import make_hall

    nfc, nfd = (unicodedata.normalize(form, "Café大厅") for form in ("NFC", "NFD"))
    make_hall(root / nfc, 1, share=0.02)
    make_hall(root / nfd, 2, share=0.02)
    make_hall(root / "北区", 3, share=0.02)
    if len(list(root.iterdir())) < 3:  # a file system that normalises names holds one folder for both
        pytest.skip("this file system does not keep two names that differ only in normalisation")
    return nfc, nfd


def test_hall_folders_differing_only_in_normalisation_are_told_apart(tmp_path: Path) -> None:
    """``Café大厅`` written precomposed and decomposed are two folders, and were two rows of the report
    under one name on screen."""
    from govhall.province import discover_halls

    nfc, nfd = _two_cafes(tmp_path)
    names = [name for name, _ in discover_halls(tmp_path)]
    assert sorted(names) == sorted(
        [f"{nfc} (NFC: Caf\\u00e9大厅)", f"{nfd} (NFD: Cafe\\u0301大厅)", "北区"]
    ), [ascii(n) for n in names]
    shown = {name: folder.name for name, folder in discover_halls(tmp_path)}
    assert shown[f"{nfd} (NFD: Cafe\\u0301大厅)"] == nfd and shown[f"{nfc} (NFC: Caf\\u00e9大厅)"] == nfc


def test_the_report_names_each_such_hall_its_own_way_and_audits_each_folder(tmp_path: Path) -> None:
    import unicodedata

    nfc, _ = _two_cafes(tmp_path / "p")
    result = runner.invoke(app, ["audit", str(tmp_path / "p"), "-f", "text", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    rows = [line.strip() for line in result.stdout.splitlines() if "records," in line and "大厅" in line]
    assert len(rows) == 2 and len({unicodedata.normalize("NFC", r.split(":")[0]) for r in rows}) == 2, rows
    halls = json.loads(
        runner.invoke(app, ["audit", str(tmp_path / "p"), "-f", "json", "--fail-on", "never"]).stdout
    )["summary"]["halls"]
    assert len(halls) == 3 and all(h.get("error") is None for h in halls.values()), halls
    # the folder written precomposed and a name with nothing to tell apart keep their names' text
    assert "北区" in halls and any(name.startswith(f"{nfc} (NFC") for name in halls)


def test_halls_given_as_a_list_of_paths_are_told_apart_too(tmp_path: Path) -> None:
    from govhall.province import _named

    nfc, nfd = _two_cafes(tmp_path)
    names = [name for name, _ in _named([tmp_path / nfc, tmp_path / nfd])]
    assert len({n.split(" (")[1] for n in names}) == 2 and all(" (NF" in n for n in names), names


# -- 4. a broken jsonl line whose id holds a raw control character ---------------------------------------


@pytest.mark.parametrize("char", ["\x01", "\t", "\x1b", "\x7f"])
@pytest.mark.parametrize("broken", [", }", ""])  # a trailing comma; a line cut short
def test_a_broken_line_whose_id_holds_a_raw_control_character_is_named_by_it(
    tmp_path: Path, char: str, broken: str
) -> None:
    """The id was read from the line's text as strict JSON, which refuses a raw control character, so
    the rejection named no record; it is named now, and escaped where the text report shows it."""
    item = json.dumps(ITEMS[0], ensure_ascii=False)
    line = '{"code": "BAD' + char + 'ID", "name": "某许可"' + broken  # DEL is no control character to JSON
    other = item.replace(ITEMS[0]["code"], "OK-2")
    (tmp_path / "items.jsonl").write_text(f"{item}\n{line}\n{other}\n", encoding="utf-8")
    ds = load_dataset(tmp_path)
    [rejected] = ds.rejected
    assert (rejected.line, rejected.record_id) == (2, f"BAD{char}ID"), rejected
    if char != "\x7f":
        escape = f"\\u{ord(char):04x}"
        assert (
            f"a raw control character {char!r} inside a text (JSON writes it as {escape})" in rejected.reason
        )
    assert len(ds.items) == 2
    text = runner.invoke(app, ["check", str(tmp_path / "items.jsonl"), "--as-of", "2025-11-30", "-f", "text"])
    [shown] = [x for x in text.stdout.splitlines() if "items line 2" in x]
    assert "[BAD" in shown, shown
    if char != "\t":  # the text report shows a tab as it is, and every other control character escaped
        assert char not in shown and f"[BAD\\x{ord(char):02x}ID]" in shown, shown


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ('[{"code": "A1"},\n {"code": "B\x01", "name": "y"},\n {"code": "C1"}]', "B\x01"),
        ('[{"code": "A1"},\n {"code": "B2", "name": "y\x01"},\n {"code": "C1"}]', "B2"),
        ('[{"code": "A1"}, {"name": "y", "code": "B3" ]}, {"code": "C1"}]', "B3"),
        # no id before the break: the next element's id is not taken for it
        ('[{"code": "A1"}, {"name": "y", ]}, {"code": "C1"}]', None),
    ],
)
def test_an_array_element_that_breaks_the_file_is_named_by_its_id(
    tmp_path: Path, text: str, named: Any
) -> None:
    """An element of a JSON array that is not valid JSON (the rest of the file cannot be read) named no
    record, even with its id before the break."""
    (tmp_path / "items.json").write_text(text, encoding="utf-8")
    rejected = load_dataset(tmp_path).rejected
    # read on at C1 after the break (round 7; on one line, round 8), rejected for its own fields
    after = ["C1"]
    assert [r.record_id for r in rejected] == ["A1", named, *after], rejected
    assert rejected[1].line == 2 and "element 2 is not valid JSON" in rejected[1].reason


@pytest.mark.parametrize("given", ["NFC", "NFD"])
def test_a_reference_written_in_another_normalisation_says_so(tmp_path: Path, given: str) -> None:
    """An application naming item ``Café-1`` where the catalogue wrote it decomposed was rejected with
    "item_code 'Café-1' is not in the items table", though the table showed that very code."""
    import unicodedata

    asked = "NFD" if given == "NFC" else "NFC"
    item = {**ITEMS[0], "code": unicodedata.normalize(given, "Café-1")}
    (tmp_path / "items.jsonl").write_text(json.dumps(item, ensure_ascii=False) + "\n", encoding="utf-8")
    apps = [{**APPS[0], "item_code": unicodedata.normalize(asked, "Café-1")}, {**APPS[1], "item_code": "X-9"}]
    text = "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in apps)
    (tmp_path / "applications.jsonl").write_text(text, encoding="utf-8")
    first, second = load_dataset(tmp_path).rejected
    forms = {"NFC": "Caf\\u00e9-1", "NFD": "Cafe\\u0301-1"}
    assert (
        first.field == "item_code"
        and (
            f"is not in the items table, which holds '{forms[given]}': the same text in another Unicode "
            f"normalisation (asked for '{forms[asked]}')"
        )
        in first.reason
    ), first.reason
    assert second.reason.startswith("item_code 'X-9' is not in the items table:"), second.reason
