"""Renderers of an audit :class:`~govhall.rules.Report`: for people (text, Markdown, HTML), for programs
(JSON) and for CI (SARIF 2.1.0, JUnit XML).

``render(report, fmt)`` is the one entry point. Personal data is masked in every format unless
``show_personal_data=True``: values under personal-data keys of the evidence (at any depth), and
personal values, mobile numbers and ID numbers wherever they appear in messages, evidence text,
rejected-record reasons and notes (see :func:`govhall.reports._common.prepare`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

from govhall._collector import kept_off
from govhall.errors import InputError
from govhall.reports._common import prepare, write_json
from govhall.reports.html import html_pieces, render_html
from govhall.reports.json_report import json_document, render_json
from govhall.reports.junit import junit_pieces, render_junit
from govhall.reports.markdown import markdown_pieces, render_markdown
from govhall.reports.oscal import render_oscal
from govhall.reports.sarif import render_sarif, sarif_log
from govhall.reports.text import render_text, text_pieces
from govhall.rules.report import Report

__all__ = ["FORMATS", "SUFFIXES", "prepare", "render", "write_report"]

_RENDERERS: dict[str, Callable[[Report], str]] = {
    "text": render_text,
    "json": render_json,
    "md": render_markdown,
    "html": render_html,
    "sarif": render_sarif,
    "junit": render_junit,
    "oscal": render_oscal,
}

# formats whose file locations are relative to a source root (``--source-root``)
_LOCATED: dict[str, Callable[[Report, str | os.PathLike[str] | None], str]] = {
    "sarif": render_sarif,
    "junit": render_junit,
}

#: the formats ``render`` and ``govhall audit --format`` know
FORMATS: tuple[str, ...] = tuple(_RENDERERS)
#: the usual file suffix of each format
SUFFIXES: dict[str, str] = {
    "text": ".txt", "json": ".json", "md": ".md", "html": ".html", "sarif": ".sarif", "junit": ".xml",
    "oscal": ".json",
}  # fmt: skip


@kept_off  # a province's report: hundreds of thousands of short-lived objects beside its findings
def render(
    report: Report,
    fmt: str,
    *,
    show_personal_data: bool = False,
    source_root: str | os.PathLike[str] | None = None,
) -> str:
    """Render ``report`` in format ``fmt`` (``text``, ``json``, ``md``, ``html``, ``sarif``, ``junit``).

    Personal data is masked unless ``show_personal_data`` is true. An unknown ``fmt`` raises
    ``ValueError`` naming the known formats.
    """
    try:
        renderer = _RENDERERS[fmt]
    except KeyError:
        raise InputError(f"unknown report format {fmt!r} (known: {', '.join(FORMATS)})") from None
    prepared = prepare(report, show_personal_data)
    if fmt in _LOCATED:
        return _LOCATED[fmt](prepared, source_root)
    return renderer(prepared)


def _oscal_document(report: Report, source_root: str | os.PathLike[str] | None) -> dict[str, Any]:
    from govhall.oscal import assessment_results

    return assessment_results(report, one_at_a_time=True)


#: the formats :func:`write_report` writes piece by piece: each one's document as a Python object whose
#: long arrays are made item by item as they are written
_DOCUMENTS: dict[str, Callable[[Report, str | os.PathLike[str] | None], dict[str, Any]]] = {
    "json": lambda report, _root: json_document(report),
    "sarif": lambda report, root: sarif_log(report, root, one_at_a_time=True),
    "oscal": _oscal_document,
}


#: the formats :func:`write_report` writes as their renderers make them, in pieces (lines, test cases, the
#: template's output): joined, the pieces are the renderer's text
_PIECES: dict[str, Callable[[Report, str | os.PathLike[str] | None], Iterator[str]]] = {
    "text": lambda report, _root: text_pieces(report),
    "md": lambda report, _root: markdown_pieces(report),
    "html": lambda report, _root: html_pieces(report),
    "junit": junit_pieces,
}


@kept_off
def write_report(
    report: Report,
    fmt: str,
    write: Callable[[str], object],
    *,
    show_personal_data: bool = False,
    source_root: str | os.PathLike[str] | None = None,
) -> None:
    """Write :func:`render`'s text of ``report`` with ``write`` (a text file's ``write``): the same text.

    Every format is written piece by piece as it is rendered: JSON, SARIF and OSCAL their findings one
    at a time, text and Markdown line by line, HTML as its template makes it (a province's findings data
    a few departments at a time), JUnit test case by test case; so the text of a province's report is
    never held whole (``govhall audit`` writes so, to a file or to stdout).
    """
    if fmt in _DOCUMENTS:
        prepared = prepare(report, show_personal_data)
        write_json(_DOCUMENTS[fmt](prepared, source_root), write)
        write("\n")
    elif fmt in _PIECES:
        prepared = prepare(report, show_personal_data)
        for piece in _PIECES[fmt](prepared, source_root):
            write(piece)
    else:  # an unknown format: render names the known ones
        write(render(report, fmt, show_personal_data=show_personal_data, source_root=source_root))
