"""Every report format is written piece by piece (``write_report``, issue #10) and reads as ``render``'s
text, byte for byte, masked or not: a province's report is never held whole.

``render`` joins the same pieces, so equality alone would hold by construction; what could be wrong is
held against an independent whole rendering: the HTML page against jinja2's ``Template.render`` of the
same values with the findings data as one ``json.dumps`` text, the JUnit document against
``ET.indent`` + ``ET.tostring`` of the whole tree it parses to, the Markdown ending against
``"\\n".join(lines).rstrip("\\n")``, and each piece of text against the lines it must be.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

import govhall
from govhall.reports import FORMATS, prepare, render, write_report
from govhall.reports.html import _page, html_pieces
from govhall.reports.junit import _CASES_A_PIECE, junit_pieces
from govhall.reports.markdown import _ending_once
from govhall.reports.text import text_pieces
from govhall.rules.report import Report

_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


@pytest.fixture(scope="module")
def example() -> Report:
    return govhall.audit(govhall.load_dataset(govhall.example_dir()))


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Report:
    """A small generated province (``govhall example --halls 3 --applications 6000 --seed 5``)."""
    root = tmp_path_factory.mktemp("province") / "p"
    govhall.write_province(root, halls=3, applications=6000, seed=5)
    report = govhall.audit_many(root, jobs=1)
    assert len(report.summary.halls or {}) == 3 and len(report.findings) > 100
    return report


def _written(report: Report, fmt: str, show: bool) -> list[str]:
    pieces: list[str] = []
    write_report(report, fmt, pieces.append, show_personal_data=show)
    return pieces


@pytest.mark.parametrize("which", ["example", "province"])
def test_every_format_is_written_in_pieces_that_join_to_render(
    which: str, request: pytest.FixtureRequest
) -> None:
    """``write_report`` gives ``render``'s text in every format, masked or not, in more pieces than the
    report has findings (JUnit: a few test cases a piece); in text, Markdown and HTML none of them is
    more than a small part of the whole (a line, one output of the template: the largest is an SVG
    chart)."""
    report: Report = request.getfixturevalue(which)
    for fmt in FORMATS:
        # (the province's JSON, SARIF and OSCAL, written so before this change: masked only)
        for show in (
            (False, True) if which == "example" or fmt in ("text", "md", "html", "junit") else (False,)
        ):
            pieces = _written(report, fmt, show)
            text = "".join(pieces)
            assert text == render(report, fmt, show_personal_data=show), (fmt, show)
            if fmt == "junit":  # a few test cases a piece
                cases = [p.count("<testcase ") for p in pieces]
                assert max(cases) <= _CASES_A_PIECE and len(pieces) > sum(cases) / _CASES_A_PIECE
            else:
                assert len(pieces) > len(report.findings), (fmt, len(pieces))
            if fmt in ("text", "md", "html"):  # (JSON, SARIF, OSCAL: tests/test_reports_json_text.py)
                assert max(map(len, pieces)) < min(64 * 1024, len(text) / 10), (fmt, max(map(len, pieces)))


@pytest.mark.parametrize("which", ["example", "province"])
def test_text_pieces_are_its_lines(which: str, request: pytest.FixtureRequest) -> None:
    """Each piece of the text report is one line with its line end; a value's own line break is shown
    as ``\\n`` inside its line, never starts a line of its own."""
    report = prepare(request.getfixturevalue(which))
    pieces = list(text_pieces(report))
    assert all(p.endswith("\n") and p.count("\n") == 1 for p in pieces)
    assert "".join(pieces).splitlines() == [p[:-1] for p in pieces]


def _html_whole(report: Report, inline_limit: int) -> str:
    """The page as jinja2 renders it whole, the findings data (a big report) one ``json.dumps`` text."""
    page = _page(report, inline_limit)
    data: Any = ""
    if page.data is not None:
        streamed = "".join(page.data())
        data = Markup(  # noqa: S704 - the data as the page carries it: JSON with "<" escaped
            json.dumps(json.loads(streamed), ensure_ascii=False, separators=(",", ":")).replace(
                "<", "\\u003c"
            )
        )
    return page.template.render(**page.context, data=data)


@pytest.mark.parametrize("which", ["example", "province"])
@pytest.mark.parametrize("inline_limit", [None, 10])
def test_html_pieces_are_the_page_jinja_renders_whole(
    which: str, inline_limit: int | None, request: pytest.FixtureRequest
) -> None:
    """The streamed page is ``Template.render``'s, drawn in full or (above ``inline_limit``) with the
    findings as data; the data comes in many pieces, and the mark that holds its place never shows."""
    report = prepare(request.getfixturevalue(which))
    pieces = list(html_pieces(report, inline_limit=inline_limit))
    text = "".join(pieces)
    assert text == _html_whole(report, 2000 if inline_limit is None else inline_limit)
    assert "govhall-data-" not in text
    if inline_limit is not None:  # lazy: the data is written a few departments at a time
        page = _page(report, inline_limit)
        assert page.data is not None and len(list(page.data())) > 3
        assert 'id="findings-data">{"zh":' in text


def _junit_whole(text: str) -> str:
    """The document as ElementTree writes the whole tree it parses to, indented by ``ET.indent``."""
    assert text.startswith(_DECLARATION) and text.endswith("\n")
    root = ET.fromstring(text[len(_DECLARATION) :])
    ET.indent(root)
    return _DECLARATION + ET.tostring(root, encoding="unicode") + "\n"


@pytest.mark.parametrize("which", ["example", "province"])
def test_junit_pieces_are_the_whole_indented_tree(which: str, request: pytest.FixtureRequest) -> None:
    """The document written test case by test case, with the counts of each suite and of the root worked
    out first, is the one ElementTree writes for the whole tree; the counts add up."""
    report = prepare(request.getfixturevalue(which))
    pieces = list(junit_pieces(report))
    text = "".join(pieces)
    assert text == _junit_whole(text)
    root = ET.fromstring(text[len(_DECLARATION) :])
    suites = root.findall("testsuite")
    assert int(root.get("tests", "")) == sum(int(s.get("tests", "")) for s in suites)
    assert int(root.get("failures", "")) == sum(int(s.get("failures", "")) for s in suites)
    for suite in suites:
        cases = suite.findall("testcase")
        assert int(suite.get("tests", "")) == len(cases)
        assert int(suite.get("failures", "")) == sum(1 for c in cases if c.find("failure") is not None)
    cases = len({(f.rule_id, f.hall, f.subject.kind, f.subject.id) for f in report.findings})
    assert len(pieces) > cases / _CASES_A_PIECE


@settings(max_examples=300)
@given(st.lists(st.text(alphabet=st.sampled_from("a \n#|"), max_size=4), max_size=8))
def test_markdown_ends_with_one_line_end(lines: list[str]) -> None:
    """The Markdown text written line by line ends as the whole text did: trailing line ends stripped,
    one put back, whatever the lines hold (empty ones, line ends of their own)."""
    assert "".join(_ending_once(lines)) == "\n".join(lines).rstrip("\n") + "\n"
    assert "".join(_ending_once(iter(lines))) == "\n".join(lines).rstrip("\n") + "\n"


# any code point a hostile export could hold: controls, line ends, bidirectional overrides, lone
# surrogates, markup and the characters JSON and XML escape
_HOSTILE = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("<>&\"'\\/|*_[]`\n\t\x00\x1b\x7f\x85\u202e\u2066\ud800\udcff\ufffe张")),
        st.characters(),
    ),
    max_size=12,
)


def _hostile(example: Report, texts: list[str], hall: str | None) -> Report:
    findings = []
    for k, f in enumerate(example.findings[::25]):
        t = texts[k % len(texts)]
        findings.append(
            f.model_copy(
                update={
                    "message": t + f.message,
                    "subject": f.subject.model_copy(update={"id": f"{f.subject.id}{t}"}),
                    "responsible": t or None,
                    "hall": hall + t if hall is not None else None,
                    "evidence": {**f.evidence, "note": t},
                }
            )
        )
    return example.model_copy(update={"findings": findings})


@settings(max_examples=25)
@given(st.lists(_HOSTILE, min_size=1, max_size=4), st.sampled_from([None, "广州/天河"]))
def test_hostile_texts_are_written_as_render_writes_them(
    example: Report, texts: list[str], hall: str | None
) -> None:
    """Whatever a record's texts hold, every format written in pieces is ``render``'s text, the HTML page
    (in full and with its findings as data) is jinja2's whole page, and the JUnit document is the whole
    tree ElementTree writes (a carriage return aside, which an XML parser reads as a line feed)."""
    report = _hostile(example, texts, hall)
    for fmt in FORMATS:
        for show in (False, True):
            assert "".join(_written(report, fmt, show)) == render(report, fmt, show_personal_data=show)
    prepared = prepare(report)
    for limit in (5, 100):
        assert "".join(html_pieces(prepared, inline_limit=limit)) == _html_whole(prepared, limit)
    lines = list(text_pieces(prepared))
    assert all(p.endswith("\n") and p.count("\n") == 1 for p in lines)
    if not any("\r" in t for t in texts):
        junit = "".join(junit_pieces(prepared))
        assert junit == _junit_whole(junit)


def test_a_big_page_shows_control_characters_as_the_full_page_does(example: Report) -> None:
    """A message holding DEL, NUL or a right-to-left override: the full page shows each as ``\\x7f``,
    ``\\x00``, ``\\u202e`` text; the big page's findings data shows the same text. Before, the template
    showed them in the JSON text itself: ``\\x7f`` is no JSON escape, so the script could not read
    the data and listed no finding, and ``\\u202e`` read back as the override itself."""
    import re

    hostile = "退回\x7f\x00\u202eA-1"
    findings = [f.model_copy(update={"message": f.message + hostile}) for f in example.findings]
    report = prepare(example.model_copy(update={"findings": findings}))
    shown = "退回\\x7f\\x00\\u202eA-1"
    assert shown in render(report, "html")  # drawn in full
    page = "".join(html_pieces(report, inline_limit=10))
    found = re.search(r'<script type="application/json" id="findings-data">(.*?)</script>', page, re.S)
    assert found is not None
    data = json.loads(found.group(1))
    assert any(s.endswith(shown) for s in data["s"])
    assert not any(c in s for s in data["s"] for c in "\x7f\x00\u202e")
