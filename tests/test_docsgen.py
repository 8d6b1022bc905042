"""Generated docs: the committed pages equal a fresh generation, and generation is complete."""

from __future__ import annotations

from pathlib import Path

from govhall.docsgen import main, pages, stale, write
from govhall.standards import load_all

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_committed_docs_are_up_to_date() -> None:
    out_of_date = stale(DOCS)
    assert not out_of_date, (
        f"regenerate with `python -m govhall.docsgen docs/`; out of date: {', '.join(out_of_date)}"
    )


def test_every_standard_clause_and_rule_is_documented() -> None:
    generated = pages()
    standards = load_all()
    assert {"standards/index.md", "interpretations.md", "parameters.md"} <= set(generated)
    index = generated["standards/index.md"]
    for std in standards:
        page = generated[f"standards/{std.id}.md"]
        assert f"]({std.id}.md)" in index
        for clause in std.clauses:
            assert f"| {clause.id} |" in page
        for r in std.rules:
            assert f"### `{r.id}`" in page
            assert r.clause_text.split()[0] in page


def test_write_and_check_round_trip(tmp_path: Path) -> None:
    write(tmp_path)
    assert stale(tmp_path) == []
    assert main([str(tmp_path), "--check"]) == 0
    index = tmp_path / "standards" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "edited by hand\n", encoding="utf-8")
    leftover = tmp_path / "standards" / "retired-standard.md"
    leftover.write_text("# gone\n", encoding="utf-8")
    assert stale(tmp_path) == ["standards/index.md", "standards/retired-standard.md"]
    assert main([str(tmp_path), "--check"]) == 1
    write(tmp_path)
    assert not leftover.exists()
    assert stale(tmp_path) == []
