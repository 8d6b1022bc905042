"""Hostile input, tenth sweep: what the ninth noticed and left, then a fresh sweep over every entry
point. Each test failed before its fix; each hostile form is refused or named (field, record and line),
the CLI exits 2 with one line, the service answers problem+json."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from govhall.cli import app
from province_helpers import make_hall
from test_hostile_input import one_line_error
from test_hostile_input_sweep6 import _rows
from test_hostile_input_sweep9 import _client, _problem

runner = CliRunner()

ITEMS = _rows("items", 3)
COMPLAINT = _rows("complaints", 1)[0]


# == 1. a link named like a table that leads nowhere: its folder is the hall ==============================


@pytest.mark.parametrize("kind", ["dangling", "loop"])
def test_a_table_link_that_leads_nowhere_makes_its_folder_the_hall(tmp_path: Path, kind: str) -> None:
    """A dangling ``h3/items.jsonl`` made a hall named ``h3/items.jsonl`` (a file's name as a hall's),
    the folder h3 no hall: the link is a table of h3, and h3's audit says where it leads."""
    from govhall.province import audit_many, discover_halls

    root = tmp_path / "p"
    make_hall(root / "h1", 1)
    (root / "h3").mkdir()
    link = root / "h3" / "items.jsonl"
    link.symlink_to(tmp_path / "nothing" if kind == "dangling" else link)
    assert [name for name, _ in discover_halls(root)] == ["h1", "h3"]
    halls = {name: s.error for name, s in audit_many(root, jobs=1).summary.halls.items()}
    assert set(halls) == {"h1", "h3"} and halls["h1"] is None, halls
    assert halls["h3"] is not None and "items.jsonl" in halls["h3"], halls
    (root / "h4").mkdir()
    (root / "h4" / "items.jsonl").mkdir()  # a folder named like a table, no link: still no table
    (root / "h4" / "h5").mkdir()
    (root / "h4" / "h5" / "items.jsonl").write_text(json.dumps(ITEMS[0]) + "\n", encoding="utf-8")
    assert [name for name, _ in discover_halls(root)] == ["h1", "h3", "h4/h5"]


# == 2. a line over MAX_RECORD_BYTES names its record, read from the line's start ========================


def _long_item() -> dict[str, Any]:
    from govhall.loaders import MAX_RECORD_BYTES

    return {**ITEMS[1], "conditions": "条" * (MAX_RECORD_BYTES // 3 + 10)}


def test_a_jsonl_line_over_the_size_limit_names_its_record(tmp_path: Path) -> None:
    """Rejected with ``record_id`` None, though the id stands at the line's start, where a line past
    the depth or digit limit, or holding a NUL, is named by its id (read from its text)."""
    from govhall.loaders import load_dataset

    lines = [json.dumps(ITEMS[0]), json.dumps(_long_item(), ensure_ascii=False), json.dumps(ITEMS[2])]
    (tmp_path / "items.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    ds = load_dataset(tmp_path)
    [bad] = ds.rejected
    assert (bad.line, bad.record_id) == (2, ITEMS[1]["code"]), bad
    assert "over the limit of 1048576 bytes per record (MAX_RECORD_BYTES)" in bad.reason, bad
    assert [i.code for i in ds.items] == [ITEMS[0]["code"], ITEMS[2]["code"]]
    # an id after the line's first 64 KiB is not read, and an id-like text inside a string is no id
    rest = {k: v for k, v in ITEMS[1].items() if k != "code"}
    for text in ("x" * (1 << 20), 'x", "code": "FAKE' + "x" * (1 << 20)):
        row = {"conditions": text, **rest, "code": ITEMS[1]["code"]}
        (tmp_path / "items.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
        [bad] = load_dataset(tmp_path).rejected
        assert bad.record_id is None and "MAX_RECORD_BYTES" in bad.reason, bad


def test_a_csv_line_over_the_size_limit_names_its_row(tmp_path: Path) -> None:
    from govhall.loaders import MAX_RECORD_BYTES, load_dataset

    head = "name,code,type,department,conditions\n"
    long = f'食品经营许可,"Y-1",行政许可,市场监管局,{"x" * (MAX_RECORD_BYTES + 5)}\n'
    (tmp_path / "items.csv").write_text(head + long + "餐饮,Y-2,行政许可,市场监管局,\n", encoding="utf-8")
    ds = load_dataset(tmp_path)
    [bad] = ds.rejected
    assert (bad.line, bad.record_id) == (2, "Y-1") and "MAX_RECORD_BYTES" in bad.reason, bad
    assert [i.code for i in ds.items] == ["Y-2"]
    # the id in the long cell itself: the cell is cut, so not named
    (tmp_path / "items.csv").write_text(
        "code,name\n" + "Y" * (MAX_RECORD_BYTES + 5) + ",a\nY-3,b\n", encoding="utf-8"
    )
    assert load_dataset(tmp_path).rejected[0].record_id is None


# == 3. a CSV row's NUL is kept in the id it is named by, as in JSON =====================================


@pytest.mark.parametrize(
    ("row", "said"),
    [
        ("A\x00B,食品经营许可,行政许可,市场监管局", "the line holds a NUL byte"),
        ('A\x00B,"食品"x,行政许可,市场监管局', "has text after its closing quote"),
    ],
)
def test_a_csv_row_holding_a_nul_is_named_by_its_id_with_the_nul_kept(
    tmp_path: Path, row: str, said: str
) -> None:
    """A CSV row holding a NUL was rejected naming no record (a JSON line names ``A\\x00B``), or, when
    the row was broken otherwise too, named ``A\\ufffdB``: an id no record has, and not the file's."""
    from govhall.loaders import load_dataset

    rows = ["code,name,type,department", row, "Y-2,餐饮,行政许可,市场监管局", "Y-3,药品,行政许可,市场监管局"]
    (tmp_path / "items.csv").write_bytes(("\n".join(rows) + "\n").encode("utf-8"))
    ds = load_dataset(tmp_path)
    [bad] = ds.rejected
    assert (bad.line, bad.record_id) == (2, "A\x00B") and said in bad.reason, bad
    assert ds.records == 3 and len(ds.items) == 2
    line = json.dumps({**ITEMS[0], "code": "A\x00B"}).replace("\\u0000", "\x00")
    (tmp_path / "items.csv").unlink()
    others = "".join(json.dumps(i) + "\n" for i in ITEMS[1:])
    (tmp_path / "items.jsonl").write_text(line + "\n" + others, encoding="utf-8")
    assert load_dataset(tmp_path).rejected[0].record_id == "A\x00B"
