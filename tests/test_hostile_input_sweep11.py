"""Hostile input, eleventh sweep: what the tenth noticed and left, then a fresh sweep over every entry
point. Each test failed before its fix; each hostile form is refused or named (field, record and line),
the CLI exits 2 with one line, the service answers problem+json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govhall.cli import app
from test_hostile_input_sweep6 import _rows

runner = CliRunner()

ITEMS = _rows("items", 3)


# == 1. the Markdown (and HTML) table of rejected records says "element 2", as the other reports do =====


@pytest.mark.parametrize(
    ("name", "place"), [("items.json", "element 2"), ("items.jsonl", "line 2"), ("items.csv", "line 3")]
)
def test_the_markdown_and_html_tables_of_rejected_records_say_where_as_the_line_means(
    tmp_path: Path, name: str, place: str
) -> None:
    """The Markdown table's ``line`` column was the bare number ``2`` for a one-line JSON array's
    second element (file line 1), as was the HTML table's; text, SARIF, JUnit and OSCAL say "element
    2" (RejectedRecord.place). Both tables say it now: "element 2", "line 2" of a jsonl file, "line 3"
    of a CSV file (its header is line 1)."""
    bad = dict(ITEMS[1], type="nope")
    rows = [ITEMS[0], bad, ITEMS[2]]
    path = tmp_path / name
    if name.endswith(".json"):
        path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    elif name.endswith(".jsonl"):
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    else:
        import csv

        keys = [k for k in rows[0] if not isinstance(rows[0][k], (list, dict))]
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=keys, extrasaction="ignore")
            w.writeheader()
            w.writerows(rows)
    md = runner.invoke(app, ["check", str(path), "-f", "md", "--fail-on", "never"]).stdout
    [row] = [x for x in md.splitlines() if x.startswith("| items |")]
    assert row.startswith(f"| items | {place} | {bad['code']} | type |"), row
    page = runner.invoke(app, ["check", str(path), "-f", "html", "--fail-on", "never"]).stdout
    assert f"<tr><td>items</td><td>{place}</td><td>{bad['code']}</td>" in page, page[-3000:]
