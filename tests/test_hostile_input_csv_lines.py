"""CSV rows over several lines: a quoted cell holding line ends is read as one cell with the later rows'
lines counted right; a quote that is never closed, or is closed only by a quote followed by text,
no longer swallows the rows after it into one cell (they vanished, or a row over the cell limit
was misread as several); the broken row is rejected naming its id, its field and its lines."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govhall.loaders import load_dataset

HEADER = ["id", "hall_id", "kind", "name", "department", "counter_height_mm"]


def _row(n: int, name: str = "窗口", kind: str = "comprehensive") -> list[str]:
    return [f"W-{n}", "H", kind, name, "D", "750"]


def _load(tmp_path: Path, text: str) -> Any:
    (tmp_path / "windows.csv").write_text(text, encoding="utf-8")
    return load_dataset(tmp_path, as_of=date(2025, 10, 1))


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _lines_of(rows: list[list[str]]) -> list[int]:
    """The file line each row starts on, counted by hand: the header is line 1, and a row takes one
    line more for each line end inside its cells."""
    line, starts = 2, []
    for row in rows:
        starts.append(line)
        line += 1 + sum(cell.count("\n") for cell in row)
    return starts


texts = st.text(alphabet=["a", "长", ",", '"', "\n", " ", "x"], max_size=12).map(lambda t: "名" + t + "口")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(texts, min_size=1, max_size=8), bad=st.data())
def test_valid_csv_with_cells_over_several_lines_is_read_whole_with_every_line_counted(
    tmp_path: Path, names: list[str], bad: st.DataObject
) -> None:
    """Every row of a valid CSV file (as csv.writer writes it) is read, each cell as written, and a
    row refused later (an unknown kind) is named by the line it starts on, counted by hand."""
    wrong = bad.draw(st.sets(st.integers(0, len(names) - 1)))
    rows = [_row(i, name, "bogus" if i in wrong else "comprehensive") for i, name in enumerate(names)]
    ds = _load(tmp_path, _csv([HEADER, *rows]))
    assert ds.records == len(rows)
    assert {w.id: w.name for w in ds.windows} == {
        f"W-{i}": name.strip() for i, name in enumerate(names) if i not in wrong
    }
    starts = _lines_of(rows)
    assert sorted((r.record_id, r.line) for r in ds.rejected) == sorted((f"W-{i}", starts[i]) for i in wrong)
    assert all(r.field == "kind" for r in ds.rejected)


plain = st.text(alphabet=["a", "长", " ", "x"], max_size=6).map(lambda t: "名" + t + "口")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=st.lists(texts, max_size=4), after=st.lists(plain, max_size=5), stray=plain)
def test_a_quote_never_closed_loses_no_row_after_it(
    tmp_path: Path, before: list[str], after: list[str], stray: str
) -> None:
    """A name cell opened by a quote that is never closed: the csv module read every line after it as
    that cell (rows after it vanished: 3 rows gave 1 record); now that row is rejected naming its id,
    field and line, and every row after it is read."""
    head = [_row(i, name) for i, name in enumerate(before)]
    k = len(before)
    tail = [_row(k + 1 + i, name) for i, name in enumerate(after)]
    broken = f'W-{k},H,comprehensive,"{stray},D,750\n'
    ds = _load(tmp_path, _csv([HEADER, *head]) + broken + _csv(tail))
    line = _lines_of([*head, ["one line"]])[-1]
    assert ds.records == len(head) + 1 + len(tail)
    assert [w.name for w in ds.windows] == [r[3].strip() for r in [*head, *tail]]
    [rejected] = ds.rejected
    assert (rejected.record_id, rejected.field, rejected.line) == (f"W-{k}", "name", line)
    if tail:
        assert f"opens a quote on line {line} that is never closed" in rejected.reason, rejected.reason
        assert "read again as rows" in rejected.reason


def test_a_quote_closed_by_a_quote_followed_by_text_loses_no_row(tmp_path: Path) -> None:
    """The csv module read lines 3-5 as one cell ('abc⏎W-3,…⏎W-4,H,comprehensive,"窗口4"…' glued on),
    a valid row: W-3 and W-4 vanished without a word."""
    text = _csv([HEADER, _row(1)]) + 'W-2,H,comprehensive,"abc,D,750\n' + _csv([_row(3)])
    text += 'W-4,H,comprehensive,"窗口4",D,750\n' + _csv([_row(5)])
    ds = _load(tmp_path, text)
    assert [w.id for w in ds.windows] == ["W-1", "W-3", "W-4", "W-5"] and ds.records == 5
    [rejected] = ds.rejected
    assert (rejected.record_id, rejected.field, rejected.line) == ("W-2", "name", 3)
    assert "closed only on line 5, by a quote followed by text" in rejected.reason, rejected.reason


def test_a_cell_over_the_limit_over_several_lines_is_one_rejection_and_the_rows_after_it_are_read(
    tmp_path: Path,
) -> None:
    """A quoted cell of three lines, over the csv module's cell limit: the row was rejected without its
    id, and the cell's next lines were read as rows (a record whose id was half the cell)."""
    half = "长" * (csv.field_size_limit() // 2)
    text = (
        _csv([HEADER, _row(1)]) + f'W-2,H,comprehensive,"{half}\n{half},x\n{half}",D,750\n' + _csv([_row(3)])
    )
    ds = _load(tmp_path, text)
    assert [w.id for w in ds.windows] == ["W-1", "W-3"] and ds.records == 3
    [rejected] = ds.rejected
    assert (rejected.record_id, rejected.field, rejected.line) == ("W-2", "name", 3)
    assert f"longer than {csv.field_size_limit()} characters" in rejected.reason
    assert "the row spans lines 3–5" in rejected.reason


def test_a_cell_over_the_limit_whose_quote_closes_on_the_next_line_does_not_make_a_row_of_it(
    tmp_path: Path,
) -> None:
    """The csv module stopped on the long line; its next line ('more"') was read as a row of its own."""
    big = "长" * (csv.field_size_limit() + 1)
    ds = _load(tmp_path, _csv([HEADER]) + f'W-1,H,comprehensive,"{big}\nmore",D,750\n' + _csv([_row(2)]))
    assert [w.id for w in ds.windows] == ["W-2"] and ds.records == 2
    assert [(r.record_id, r.field, r.line) for r in ds.rejected] == [("W-1", "name", 2)]


def test_a_header_row_with_a_quote_never_closed_refuses_the_file_without_promising_rows(
    tmp_path: Path,
) -> None:
    """The header's message said the lines after it "are read again as rows" and then that no row can
    be read: only the second is true."""
    import pytest

    from govhall.errors import UndecodableInputError

    with pytest.raises(UndecodableInputError) as caught:
        _load(tmp_path, 'id,"hall_id,kind\nW-1,H,comprehensive\n')
    message = str(caught.value)
    assert (
        "the header row (line 1) cannot be read: cell 2 opens a quote on line 1 that is never closed"
        in message
    )
    assert "read again" not in message and "no row can be read without it" in message


def test_the_search_for_a_stray_quote_s_end_stops_at_the_record_limit(
    tmp_path: Path, monkeypatch: Any
) -> None:
    """A quote never closed, in a cell over the csv module's limit: the search for its end read the rest
    of the file into memory (a stray quote near the top of a 1 GB export held the whole file); it stops
    at MAX_RECORD_BYTES characters, and the lines after the quote are read as rows."""
    import govhall.loaders as loaders

    monkeypatch.setattr(loaders, "MAX_RECORD_BYTES", 150_000)
    stray = 'W-0,H,comprehensive,"' + "x" * (csv.field_size_limit() + 1) + "\n"  # a line within the limit
    tail = [_row(k, "窗口" + "口" * 60) for k in range(1, 3001)]  # about 190,000 characters after it
    ds = _load(tmp_path, _csv([HEADER]) + stray + _csv(tail))
    assert ds.records == 3001 and len(ds.windows) == 3000
    [rejected] = ds.rejected
    assert (rejected.record_id, rejected.field, rejected.line) == ("W-0", "name", 2)
    assert "opens a quote on line 2 that is not closed within 150000 characters" in rejected.reason
