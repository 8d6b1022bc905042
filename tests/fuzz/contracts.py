"""The contracts the fuzz targets and the hostile-input tests assert, written once.

* a dataset accounts for every record: ``records == audited + len(rejected)``, and every rejection
  names a table and a reason;
* every report format is well-formed whatever the data (JSON and SARIF parse, JUnit is XML, the
  whole text encodes as UTF-8), carries no live markup (Markdown rendered by a real CommonMark parser
  has no link, image or raw HTML; HTML has no script, event handler or URL), no control characters
  reach a terminal, and no personal value given in ``personal`` appears anywhere.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from typing import Any

__all__ = ["check_dataset", "check_rendered", "markdown_html"]

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
# what govhall promises to mask wherever data can carry it (reports/_common.py): mobile numbers
# (letters and digits around it make it part of something else, e.g. a hex SARIF fingerprint)
_MOBILE = re.compile(r"(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])")


def check_dataset(ds: Any) -> None:
    """The accounting identity, counted independently of ``Dataset.audited``."""
    kept = sum(len(getattr(ds, t)) for t in (
        "items", "staff", "windows", "applications", "inquiries", "complaints", "evaluations",
        "appointments", "attendance", "transcripts"))  # fmt: skip
    kept += 1 if ds.hall is not None else 0
    events = sum(len(o.events) for o in (*ds.applications, *ds.complaints))
    embedded = ds.records - len(ds.rejected) - kept  # what is left must be folded events-table rows
    assert 0 <= embedded <= events, (ds.records, kept, len(ds.rejected), events)
    assert ds.records == ds.audited + len(ds.rejected)
    for r in ds.rejected:
        assert r.table is not None and r.reason, r


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [(k, v or "") for k, v in attrs]


def markdown_html(text: str) -> str | None:
    """``text`` rendered by markdown-it-py (CommonMark + GFM tables), or None when it is not installed."""
    try:
        from markdown_it import MarkdownIt
    except ImportError:  # pragma: no cover - the test extra installs it
        return None
    return MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough").render(text)


# tags govhall's own Markdown produces once rendered
_MD_TAGS = {"h1", "h2", "h3", "p", "table", "thead", "tbody", "tr", "th", "td", "ul", "li", "strong"}
_HTML_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "h4", "p", "section", "div",
    "span", "table", "thead", "tbody", "tr", "th", "td", "ul", "li", "strong", "code", "dl", "dt", "dd",
    "blockquote", "svg", "rect", "text", "g", "footer", "details", "summary", "em", "small", "br", "ol",
    # the report for managers (#15): landmarks, headings, the filter form, in-page links, deadline calendars
    "main", "article", "h5", "form", "label", "select", "option", "output", "a", "circle", "line", "desc",
    "script",
}  # fmt: skip


def check_rendered(
    fmt: str, out: str, personal: list[str] | tuple[str, ...] = (), *, no_mobile_numbers: bool = False
) -> None:
    """Assert the contract of one rendered report (see the module docstring).

    ``personal``: values that must not appear at all; ``no_mobile_numbers``: nothing shaped like a
    mainland mobile number may appear (for reports of loaded data, where such a value can sit in any
    field, an id included).
    """
    out.encode("utf-8")  # no lone surrogates: the report can be written
    for value in personal:
        assert value not in out, f"personal value {value!r} leaked into {fmt}"
    if no_mobile_numbers:
        found = _MOBILE.search(out)
        assert found is None, f"mobile number {found.group(0) if found else ''} unmasked in {fmt}"
    if fmt in ("json", "sarif", "oscal"):
        json.loads(out)
    elif fmt == "junit":
        ET.fromstring(out.encode("utf-8"))
    elif fmt == "text":
        assert not _CONTROL.search(out.replace("\n", "")), "a control character reached the text report"
    elif fmt == "md":
        # a NUL or an ESC was written raw (CommonMark turns a NUL into U+FFFD; an ESC is live in a
        # terminal showing the file)
        assert not _CONTROL.search(out.replace("\n", "")), "a control character reached the markdown report"
        html = markdown_html(out)
        if html is None:  # pragma: no cover
            assert "](" not in out.replace("\\](", "").replace("\\]\\(", "")
            return
        parser = _Tags()
        parser.feed(html)
        assert set(parser.tags) <= _MD_TAGS, f"markup from data in markdown: {set(parser.tags) - _MD_TAGS}"
        assert not parser.attrs, f"attributes from data in markdown: {parser.attrs[:3]}"
        assert "javascript:" not in "".join(v for _, v in parser.attrs)
    elif fmt == "html":
        # an HTML document must not hold control characters (a NUL from the data was written raw); a
        # line end (CR, LF) is text
        assert not _CONTROL.search(out.replace("\n", "").replace("\r", "")), (
            "a control character reached the html report"
        )
        parser = _Tags()
        parser.feed(out)
        assert set(parser.tags) <= _HTML_TAGS, f"markup from data in html: {set(parser.tags) - _HTML_TAGS}"
        assert parser.tags.count("script") <= 1, (
            "a script from data in html"
        )  # the report's own filter script
        for key, value in parser.attrs:
            assert not key.startswith("on"), f"event handler {key}={value!r} in html"
            if key == "href":  # the report's own links stay within the page
                assert value.startswith("#") and "javascript:" not in value, (key, value)
                continue
            assert key not in ("src", "xlink:href", "action", "formaction", "data"), (key, value)
    else:  # pragma: no cover
        raise AssertionError(f"unknown format {fmt}")
