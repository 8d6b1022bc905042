"""Generated docs: the committed pages equal a fresh generation, generation is complete, and the site builds."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from govhall.docsgen import main, pages, prose, rules_without_worked_case, stale, worked_cases, write
from govhall.rules import REGISTRY
from govhall.standards import STANDARDS, load_all

DOCS = Path(__file__).resolve().parents[1] / "docs"
CASES = Path(__file__).resolve().parent / "standards" / "cases"


def test_committed_docs_are_up_to_date() -> None:
    out_of_date = stale(DOCS)
    assert not out_of_date, (
        f"regenerate with `python -m govhall.docsgen docs/`; out of date: {', '.join(out_of_date)}"
    )


@pytest.fixture(scope="module")
def generated() -> dict[str, str]:
    return pages()


def test_every_standard_clause_and_rule_is_documented(generated: dict[str, str]) -> None:
    standards = load_all()
    assert {"standards/index.md", "interpretations.md", "parameters.md", "deadlines.md"} <= set(generated)
    index = generated["standards/index.md"]
    for std in standards:
        page = generated[f"standards/{std.id}.md"]
        assert f"]({std.id}.md)" in index
        for clause in std.clauses:
            # the anchor SARIF helpUri and clause links use: .../standards/<id>/#<clause>
            heading = next(line for line in page.splitlines() if line.endswith(f"{{#{clause.id}}}"))
            assert heading.startswith(f"### {clause.id} · {clause.modality} · {clause.status}")
            assert clause.text.splitlines()[0] in page
        for r in std.rules:
            assert f"### `{r.id}` {{#" in page
            assert r.clause_text.split()[0] in page
            # every rule has a Chinese title (rule(..., title_zh=...)), shown beside the English one
            assert re.search(r"[\u4e00-\u9fff]", r.title_zh), f"{r.id} has no Chinese title"
            assert f"**{r.title_zh}** · {r.title}" in page


def test_no_raw_roles_and_no_path_outside_the_repository(generated: dict[str, str]) -> None:
    for rel, text in generated.items():
        assert not re.search(r":(func|mod|class|data|meth|attr):`", text), f"raw Sphinx role in {rel}"
        assert "../shared" not in text, f"{rel} points outside the repository"
        assert "``" not in text.replace("```", ""), f"rST double backquotes in {rel}"


def test_prose_turns_roles_into_code() -> None:
    assert prose("see :func:`govhall.decisions.x` and :mod:`~govhall.y`") == (
        "see `govhall.decisions.x` and `govhall.y`"
    )
    assert "seed text `000_a.txt`" in prose("Source: ../shared/seeds/000_a.txt (id)")


def test_worked_cases_are_run_not_copied(tmp_path: Path) -> None:
    """The finding shown comes from running the case: change the case and the page changes with it."""
    std = STANDARDS["gdzw-0020-2019"]
    doc = yaml.safe_load((CASES / "gdzw-0020-2019.yaml").read_text(encoding="utf-8"))
    fires = next(c for c in doc["cases"] if c["rule"] == "gdzw-0020-2019/written-correction-notice"
                 and c["expect"] == "fires")  # fmt: skip
    silent = next(c for c in doc["cases"] if c["rule"] == fires["rule"] and c["expect"] == "silent")
    rule = REGISTRY.get(fires["rule"])

    (tmp_path / "gdzw-0020-2019.yaml").write_text(
        yaml.safe_dump(
            {"standard": std.id, "base": doc["base"], "cases": [silent, fires]}, allow_unicode=True
        ),
        encoding="utf-8",
    )
    got = worked_cases(std, tmp_path)[rule.id]
    assert got["case"]["name"] == fires["name"]  # the silent case is skipped: it produces no finding
    assert got["finding"].subject.id == str(fires["subject"]) and got["finding"].severity == rule.severity
    page = pages(tmp_path)["standards/gdzw-0020-2019.md"]
    section = page.split(f"### `{rule.id}`", 1)[1].split("\n### ", 1)[0]
    assert fires["name"] in section and got["finding"].message in section
    # the clause the finding cites shows the case too, where a SARIF link lands
    cited = got["finding"].clauses[0].split(":", 1)[1]
    clause = page.split(f"{{#{cited}}}", 1)[1].split("\n### ", 1)[0]
    assert f"**Worked case**: [*{fires['name']}*](#" in clause and got["finding"].message in clause
    assert rule.title_zh in clause  # the rule that checks it, by its Chinese title
    assert rules_without_worked_case(tmp_path)["gdzw-0020-2019"] == [
        r.id for r in std.rules if r.id != rule.id
    ]

    # the same case with a written notice no longer fires, so no worked case is shown for the rule
    renamed = {**silent, "name": "renamed", "expect": "fires", "subject": "A1"}
    (tmp_path / "gdzw-0020-2019.yaml").write_text(
        yaml.safe_dump({"standard": std.id, "base": doc["base"], "cases": [renamed]}, allow_unicode=True),
        encoding="utf-8",
    )
    assert rule.id not in worked_cases(std, tmp_path)
    page = pages(tmp_path)["standards/gdzw-0020-2019.md"]
    assert "No worked case yet" in page.split(f"### `{rule.id}`", 1)[1].split("\n### ", 1)[0]
    assert "**Worked case**" not in page.split(f"{{#{cited}}}", 1)[1].split("\n### ", 1)[0]
    assert rule.id in rules_without_worked_case(tmp_path)["gdzw-0020-2019"]


def test_write_and_check_round_trip(tmp_path: Path) -> None:
    write(tmp_path)
    assert stale(tmp_path) == []
    assert main([str(tmp_path), "--check"]) == 0
    index = tmp_path / "standards" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "edited by hand\n", encoding="utf-8")
    leftover = tmp_path / "standards" / "retired-standard.md"
    leftover.write_text("# gone\n", encoding="utf-8")
    picture = tmp_path / "pictures" / "coverage-retired-standard.svg"
    picture.write_text("<svg/>\n", encoding="utf-8")
    assert stale(tmp_path) == [
        "standards/index.md", "standards/retired-standard.md", "pictures/coverage-retired-standard.svg"
    ]  # fmt: skip
    assert main([str(tmp_path), "--check"]) == 1
    write(tmp_path)
    assert not leftover.exists() and not picture.exists()
    assert stale(tmp_path) == []


# -- the built site ------------------------------------------------------------------------------------------


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids |= {v for k, v in attrs if k == "id" and v}


def test_site_builds_strictly_with_every_clause_anchored(built_site: Path) -> None:
    for std in load_all():
        page = built_site / "standards" / std.id / "index.html"  # the URL clause_url points at
        parser = _Ids()
        parser.feed(page.read_text(encoding="utf-8"))
        missing = [c.id for c in std.clauses if c.id not in parser.ids]
        assert not missing, f"{std.id}: clauses without an anchor: {missing[:5]}"
    assert (built_site / "pictures" / "deadline-example.svg").is_file()
    assert (built_site / "pictures" / "trend-example.svg").is_file()
    assert "trend-example.svg" in (built_site / "reports" / "index.html").read_text(encoding="utf-8")
    for page in built_site.rglob("*.html"):  # generated pages and API docstrings alike
        text = page.read_text(encoding="utf-8")
        assert not re.search(r":(func|mod|class|data|meth|attr):(`|<code>)", text), f"raw role in {page}"
    assert (built_site / "api" / "index.html").read_text(encoding="utf-8").count("due_date") > 1


def test_site_search_segments_chinese(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "zh" in index["config"]["lang"] and "\\u200b" in index["config"]["separator"]
    clause = next(d for d in index["docs"] if d["location"] == "standards/gdzw-0020-2019/#5.1.2")
    # jieba splits the clause text into words with zero-width spaces, so a search for 首问 can match
    words = clause["text"].split("\u200b")
    assert len(words) > 5 and any(w.startswith("首问") for w in words), clause["text"][:200]


def _clause_url(ref: str) -> str:
    """The docs URL of a clause: ``govhall.reports._common.clause_url`` (SARIF helpUri) when present,
    else the agreed form ``{base}/standards/{standard-id}/#{clause-id}``."""
    from govhall.reports import _common

    url = getattr(_common, "clause_url", None)
    if url is not None:
        return str(url(ref))
    std, _, clause = ref.partition(":")
    return f"https://example.invalid/docs/standards/{std}/#{clause}"


def test_clause_urls_land_on_their_clause(built_site: Path) -> None:
    from urllib.parse import unquote, urlsplit

    ids: dict[str, set[str]] = {}
    for std in load_all():
        for clause in std.clauses:
            parts = urlsplit(_clause_url(f"{std.id}:{clause.id}"))
            path = parts.path.rstrip("/").split("/")
            assert path[-2:] == ["standards", std.id], parts
            if std.id not in ids:
                parser = _Ids()
                parser.feed((built_site / "standards" / std.id / "index.html").read_text(encoding="utf-8"))
                ids[std.id] = parser.ids
            assert unquote(parts.fragment) in ids[std.id], (std.id, clause.id, parts.fragment)


# -- the reports page: the example hall's findings per department per week -----------------------------------


def test_trend_picture_counts_the_example_findings_by_hand(generated: dict[str, str]) -> None:
    """Every cell of docs/pictures/trend-example.svg equals the count worked here from the audited findings:
    the department of the responsible person (else of the subject, else hall-wide), the Monday of ``on``;
    weeks before the first column drawn are counted in it."""
    import xml.etree.ElementTree as ET
    from collections import Counter
    from datetime import timedelta

    from govhall.docsgen import _example_report

    report = _example_report()  # the example hall audited as of its meta.json date (cached by the generation)
    svg_text = (DOCS / "pictures" / "trend-example.svg").read_text(encoding="utf-8")
    assert generated["pictures/trend-example.svg"] == svg_text  # committed = generated
    ns = "{http://www.w3.org/2000/svg}"
    drawn: Counter[tuple[str, str]] = Counter()
    for series in ET.fromstring(svg_text).iter(f"{ns}g"):
        if series.get("class") == "series":
            for cell in series.iter(f"{ns}g"):
                if cell.get("class") == "cell" and int(cell.get("data-count") or 0):
                    drawn[(series.get("data-label") or "", cell.get("data-period") or "")] += int(
                        cell.get("data-count") or 0
                    )
    first = min(p for _, p in drawn)
    want: Counter[tuple[str, str]] = Counter()
    for f in report.findings:
        if f.on is None:
            continue
        dept = (report.departments.get(f.responsible or "")
                or report.departments.get(f"{f.subject.kind}/{f.subject.id}")
                or "全厅 hall-wide (no department named)")  # fmt: skip
        monday = (f.on - timedelta(days=f.on.weekday())).isoformat()
        want[(dept, max(monday, first))] += 1
    assert drawn == want
    assert sum(want.values()) == sum(1 for f in report.findings if f.on) > 50  # the example is not empty
    # the page's table says the same as the picture, and the page is in the site's navigation
    page = generated["reports.md"]
    zwfw = next(line for line in page.splitlines() if line.startswith("| ZWFW "))
    cells = [c.strip() for c in zwfw.strip("|").split("|")]
    assert int(cells[-1]) == sum(n for (d, _), n in want.items() if d.startswith("ZWFW "))
    assert "![findings per department per week in the example hall](pictures/trend-example.svg)" in page
    nav = yaml.safe_load((DOCS.parent / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    assert "reports.md" in json.dumps(nav)
