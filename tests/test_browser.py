"""The HTML report and a built docs page in a real browser: Debian's chromium, headless, via playwright.

playwright drives the system ``/usr/bin/chromium`` (``executable_path``; nothing is downloaded): it gives
console messages, element boxes, keyboard input and screenshots in a few lines, where the raw DevTools
protocol would need a hand-written websocket client. Each launch uses a fresh temporary profile.

Under ``CI=true`` a missing chromium (or playwright) fails these tests; elsewhere they are skipped.
Screenshots go to ``$GOVHALL_ARTIFACTS`` or ``<pytest basetemp>/artifacts`` for a person to look at.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import govhall
from govhall.reports import render

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
VIEWPORT = {"width": 1280, "height": 800}


def _unavailable(why: str) -> None:
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{why} (CI must run the browser tests: .ci/run installs chromium with apt)")
    pytest.skip(why)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    path = os.environ.get("GOVHALL_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        _unavailable("chromium is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=FLAGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = Path(os.environ.get("GOVHALL_ARTIFACTS") or tmp_path_factory.getbasetemp() / "artifacts")
    out.mkdir(parents=True, exist_ok=True)
    return out


class _Page:
    """A page with its console errors and uncaught exceptions recorded."""

    def __init__(self, browser: Any, url: str) -> None:
        self.errors: list[str] = []
        self.page = browser.new_page(viewport=VIEWPORT)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(url, wait_until="load")


# -- the HTML report -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example_report() -> govhall.Report:
    return govhall.audit(govhall.load_dataset(govhall.example_dir()), as_of=date(2025, 10, 31))


@pytest.fixture(scope="module")
def report_page(
    browser: Any, example_report: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[_Page]:
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(render(example_report, "html"), encoding="utf-8")
    p = _Page(browser, path.as_uri())
    yield p
    p.page.close()


# every label-like element must lie horizontally inside its parent; every SVG text inside its <svg>
_CLIPPED_JS = """
(sel) => {
  const out = [];
  for (const d of document.querySelectorAll('details')) d.open = true;
  for (const el of document.querySelectorAll(sel)) {
    const r = el.getBoundingClientRect();
    if (!r.width) continue;
    const box = (el.closest('svg') && el.tagName.toLowerCase() === 'text') ? el.closest('svg') : el.parentElement;
    const c = box.getBoundingClientRect();
    if (r.left < c.left - 1 || r.right > c.right + 1 || el.scrollWidth > el.clientWidth + 1 && el.clientWidth)
      out.push(`${el.tagName} "${el.textContent.trim().slice(0, 40)}" [${r.left|0},${r.right|0}] in [${c.left|0},${c.right|0}]`);
  }
  if (document.documentElement.scrollWidth > document.documentElement.clientWidth)
    out.push('page scrolls horizontally');
  return out;
}
"""


def test_report_has_no_console_errors_and_is_self_contained(report_page: _Page, artifacts: Path) -> None:
    requests: list[str] = []
    report_page.page.on("request", lambda r: requests.append(r.url))
    report_page.page.reload(wait_until="load")
    report_page.page.screenshot(path=str(artifacts / "report-above-the-fold.png"))
    report_page.page.screenshot(  # the first 2,400 px: summary, filters and the first findings
        path=str(artifacts / "report-top.png"),
        full_page=True,
        clip={"x": 0, "y": 0, "width": 1280, "height": 2400},
    )
    assert report_page.errors == []
    assert all(u.startswith(("file:", "data:", "about:")) for u in requests), requests


def test_report_summary_is_above_the_fold(report_page: _Page) -> None:
    page = report_page.page
    page.evaluate("window.scrollTo(0, 0)")
    box = page.locator("#summary").bounding_box()
    assert box is not None and box["y"] + box["height"] <= VIEWPORT["height"], box
    for heading in ("按部门 By department", "按责任人 By responsible person", "最先到期 Due soonest"):
        h = page.get_by_role("heading", name=heading).bounding_box()
        assert h is not None and h["y"] + h["height"] <= VIEWPORT["height"]


def test_report_labels_are_not_clipped(report_page: _Page, artifacts: Path) -> None:
    """Every heading, cell, label and badge inside its container; every SVG label inside its picture."""
    sel = "h1, h2, h3, h4, h5, th, td, label, .card .l, .sev, .stage, summary, dt, svg text"
    clipped = report_page.page.evaluate(_CLIPPED_JS, sel)  # opens every <details> (calendars, clause texts)
    card = report_page.page.locator("article.finding:has(details.tl)").first
    card.scroll_into_view_if_needed()
    card.screenshot(path=str(artifacts / "report-card-with-calendar.png"))
    report_page.page.reload(wait_until="load")
    assert clipped == [], clipped[:10]


_CONTRAST_JS = """
(sel) => {
  const rgb = (c) => (c.match(/[0-9.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const bg = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const out = [];
  let checked = 0;
  for (const el of document.querySelectorAll(sel)) {
    if (!el.textContent.trim() || !el.getClientRects().length) continue;
    const a = lum(rgb(getComputedStyle(el).color).slice(0, 3)), b = lum(bg(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    checked += 1;
    if (!(ratio >= 4.5)) out.push(`${el.tagName}.${el.className} "${el.textContent.trim().slice(0, 30)}" ${ratio.toFixed(2)}`);
  }
  return {checked, low: out};
}
"""


def test_report_text_contrast_and_headings(report_page: _Page) -> None:
    """WCAG AA contrast (4.5:1) for the text a manager reads; one h1 and no skipped heading level."""
    sel = "h1, h2, h3, h4, h5, th, td, label, .card .n, .card .l, .sev, .stage, .muted, .meta, a, dt, dd, summary"
    got = report_page.page.evaluate(_CONTRAST_JS, sel)
    assert got["checked"] > 100 and got["low"] == [], got["low"][:10]
    # the check itself can fail: light grey on white is caught
    report_page.page.evaluate(
        "document.querySelector('footer').insertAdjacentHTML('beforeend', '<span class=probe style=\\'color:#bbb\\'>x</span>')"
    )
    assert len(report_page.page.evaluate(_CONTRAST_JS, ".probe")["low"]) == 1
    levels = report_page.page.evaluate(
        "() => Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6')).map(h => +h.tagName[1])"
    )
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), "a heading level is skipped"


def _visible(page: Any) -> list[dict[str, str]]:
    return page.evaluate("""() => Array.from(document.querySelectorAll('article.finding'))
        .filter(a => a.offsetParent !== null)
        .map(a => ({severity: a.dataset.severity, stage: a.dataset.stage, standard: a.dataset.standard,
                    department: a.dataset.department}))""")


def test_report_filters_change_what_is_shown(
    report_page: _Page, example_report: Any, artifacts: Path
) -> None:
    page = report_page.page
    total = len(example_report.findings)
    assert len(_visible(page)) == total
    by_sev = Counter(f.severity for f in example_report.findings)
    page.select_option("#f-severity", "warning")
    shown = _visible(page)
    assert len(shown) == by_sev["warning"] and {s["severity"] for s in shown} == {"warning"}
    assert page.locator("#shown").inner_text() == f"{by_sev['warning']} / {total}"
    page.select_option("#f-severity", "")
    page.select_option("#f-stage", "red")
    shown = _visible(page)
    assert len(shown) == sum(1 for f in example_report.findings if f.stage == "red") > 0
    page.screenshot(path=str(artifacts / "report-filtered-red.png"))
    dept = shown[0]["department"]
    page.select_option("#f-department", dept)
    assert {s["department"] for s in _visible(page)} == {dept}
    hidden_depts = page.evaluate("""() => Array.from(document.querySelectorAll('section.dept'))
        .filter(s => s.offsetParent !== null).map(s => s.dataset.name)""")
    assert hidden_depts == [dept]  # groups with nothing left to show disappear
    page.select_option("#f-stage", "")
    page.select_option("#f-department", "")
    assert len(_visible(page)) == total


def test_report_sort_and_keyboard(report_page: _Page) -> None:
    page = report_page.page
    page.select_option("#f-sort", "due")
    dues = page.evaluate(
        "() => Array.from(document.querySelectorAll('section.dept')).map(s => s.dataset.due)"
    )
    assert dues == sorted(dues)
    page.select_option("#f-sort", "n")
    ns = page.evaluate("() => Array.from(document.querySelectorAll('section.dept')).map(s => +s.dataset.n)")
    assert ns == sorted(ns, reverse=True)
    # keyboard only: the first Tab reaches the skip link; the severity filter works from the keyboard
    page.evaluate("window.scrollTo(0, 0); document.activeElement && document.activeElement.blur()")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.focus("#f-severity")
    page.keyboard.press("ArrowDown")  # 全部 → error
    assert page.evaluate("document.getElementById('f-severity').value") == "error"
    assert {s["severity"] for s in _visible(page)} == {"error"}
    page.select_option("#f-severity", "")


def test_report_prints_without_the_controls(report_page: _Page) -> None:
    page = report_page.page
    page.emulate_media(media="print")
    try:
        assert page.evaluate("getComputedStyle(document.querySelector('.filters')).display") == "none"
        assert page.locator("article.finding").first.is_visible()
    finally:
        page.emulate_media(media="screen")


# -- a docs page -----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site_url(built_site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass


def test_docs_clause_page(browser: Any, site_url: str, artifacts: Path) -> None:
    p = _Page(browser, f"{site_url}/standards/gdzw-0020-2019/#5.3.2")
    try:
        page = p.page
        page.wait_for_timeout(300)
        anchor = page.locator('[id="5.3.2"]')
        box = anchor.bounding_box()
        assert box is not None and 0 <= box["y"] < VIEWPORT["height"], (
            box
        )  # the clause is where the link lands
        assert "5.3.2" in anchor.inner_text()
        page.screenshot(path=str(artifacts / "docs-clause-5.3.2.png"))
        sel = ".md-content h1, .md-content h2, .md-content h3, .md-content p, .md-content li, .md-nav__link"
        clipped = page.evaluate(_CLIPPED_JS.replace("d.open = true", "d.open = d.open"), sel)
        assert clipped == [], clipped[:10]
        assert p.errors == []
    finally:
        p.page.close()


def test_docs_search_finds_chinese(browser: Any, site_url: str, artifacts: Path) -> None:
    p = _Page(browser, f"{site_url}/")
    try:
        page = p.page
        page.locator("label.md-search__icon, .md-search__input").first.click()
        page.locator(".md-search__input").fill("首问责任人")
        # the index (all clauses of all standards, segmented) is built in a web worker: slow on a busy CI
        page.wait_for_selector(".md-search-result__item", timeout=90_000)
        hrefs = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)")
        page.screenshot(path=str(artifacts / "docs-search-首问.png"))
        assert any("gdzw-0020-2019" in h for h in hrefs), hrefs[:10]
        assert p.errors == []
    finally:
        p.page.close()
