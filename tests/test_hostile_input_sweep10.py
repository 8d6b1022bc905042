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
