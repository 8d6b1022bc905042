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


# -- a big report (a province) ----------------------------------------------------------------------------------


def _province(report: Any, halls: int) -> Any:
    """The example hall's report as a province of ``halls`` halls (each finding and department per hall)."""
    from govhall.rules.report import HallSummary

    names = [f"市{k:02d}" for k in range(halls)]
    findings = [f.model_copy(update={"hall": h}) for h in names for f in report.findings]
    departments = {f"{h}::{key}": d for h in names for key, d in report.departments.items()}
    one = HallSummary(**report.summary.model_dump(exclude={"halls"}), as_of=report.as_of)
    summary = report.summary.model_copy(update={
        "findings": {s: n * halls for s, n in report.summary.findings.items()}, "halls": dict.fromkeys(names, one),
        "records": report.summary.records * halls, "audited": report.summary.audited * halls,
    })  # fmt: skip
    return report.model_copy(update={"findings": findings, "departments": departments, "summary": summary})


@pytest.fixture(scope="module")
def big_report(example_report: Any) -> Any:
    from govhall.reports.html import INLINE_LIMIT

    report = _province(example_report, 12)
    # and one clerk with 120 late decisions under one clause: more than a page of one group
    late = next(f for f in report.findings if f.responsible and f.subject.kind == "application")
    extra = [late.model_copy(update={"subject": late.subject.model_copy(update={"id": f"LATE-{k:03d}"})})
             for k in range(120)]  # fmt: skip
    report = report.model_copy(update={"findings": [*report.findings, *extra]})
    assert len(report.findings) > INLINE_LIMIT  # big enough to be listed on demand
    return report


@pytest.fixture(scope="module")
def big_page(browser: Any, big_report: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Page]:
    path = tmp_path_factory.mktemp("big") / "province.html"
    path.write_text(render(big_report, "html"), encoding="utf-8")
    p = _Page(browser, path.as_uri())
    yield p
    p.page.close()


def _dept_name(report: Any, f: Any) -> str:
    """The department a province finding is filed under, worked from the report's own mapping."""
    d = report.departments.get(f"{f.hall}::{f.responsible}") if f.responsible else None
    d = d or report.departments.get(f"{f.hall}::{f.subject.kind}/{f.subject.id}")
    return f"{f.hall} · {d or '全厅 hall-wide (no department named)'}"


def _shown_depts(page: Any) -> list[str]:
    return list(
        page.evaluate("""() => Array.from(document.querySelectorAll('details.dept'))
        .filter(s => s.offsetParent !== null).map(s => s.dataset.name)""")
    )


def _open(dept: Any) -> None:
    """Open a collapsed department and wait for the script to draw it (the toggle event comes later)."""
    if not dept.evaluate("d => d.open"):
        dept.locator("summary").click()
    dept.locator("article.finding").first.wait_for()


def _open_all_pages(page: Any, dept_id: str) -> None:
    while page.locator(f"#{dept_id} button.more").count():
        page.locator(f"#{dept_id} button.more").first.click()


def test_big_report_summary_above_the_fold_and_filters_work(
    big_page: _Page, big_report: Any, artifacts: Path
) -> None:
    page, findings = big_page.page, big_report.findings
    page.screenshot(path=str(artifacts / "big-report-above-the-fold.png"))
    assert big_page.errors == []
    assert page.locator("article.finding").count() == 0  # nothing drawn before a department is opened
    for heading in ("按部门 By department", "按责任人 By responsible person", "最先到期 Due soonest"):
        h = page.get_by_role("heading", name=heading).bounding_box()
        assert h is not None and h["y"] + h["height"] <= VIEWPORT["height"], heading
    cards = page.locator("#summary .cards").bounding_box()
    assert cards is not None and cards["y"] + cards["height"] <= VIEWPORT["height"]
    assert page.locator("#shown").inner_text() == f"{len(findings)} / {len(findings)}"

    # a filter counts over every finding and hides the departments it leaves empty
    page.select_option("#f-severity", "warning")
    warnings = [f for f in findings if f.severity == "warning"]
    assert page.locator("#shown").inner_text() == f"{len(warnings)} / {len(findings)}"
    want = Counter(_dept_name(big_report, f) for f in warnings)
    assert sorted(_shown_depts(page)) == sorted(want)
    # open a department from the keyboard: its warnings are listed, PAGE_SIZE at a time per clause
    first = page.locator("details.dept:not(.hidden)").first
    dept_id, name = first.get_attribute("id"), first.get_attribute("data-name")
    first.locator("summary").focus()
    page.keyboard.press("Enter")
    listed = page.locator(f"#{dept_id} article.finding")
    listed.first.wait_for()  # drawn on the toggle event
    assert listed.count() > 0
    _open_all_pages(page, str(dept_id))
    got = page.evaluate(f"""() => Array.from(document.querySelectorAll('#{dept_id} article.finding'))
        .map(a => [a.dataset.severity, a.dataset.department, a.querySelector('strong').textContent])""")
    assert len(got) == want[name] and {(g[0], g[1]) for g in got} == {("warning", name)}
    assert sorted(g[2] for g in got) == sorted(
        f"[{f.hall}] {f.subject.kind} {f.subject.id}" for f in warnings if _dept_name(big_report, f) == name
    )
    page.locator(f"#{dept_id}").screenshot(path=str(artifacts / "big-report-department.png"))
    # filters redraw an open department; clearing them brings every finding back
    page.select_option("#f-severity", "")
    page.select_option("#f-stage", "red")
    reds = [f for f in findings if f.stage == "red" and _dept_name(big_report, f) == name]
    _open_all_pages(page, str(dept_id))
    assert page.locator(f"#{dept_id} article.finding").count() == len(reds)
    page.select_option("#f-stage", "")
    page.select_option("#f-department", name)
    assert _shown_depts(page) == [name]
    page.select_option("#f-department", "")
    assert page.locator("#shown").inner_text() == f"{len(findings)} / {len(findings)}"
    assert big_page.errors == []


def test_big_report_groups_are_paged_sorted_and_printable(big_page: _Page, big_report: Any) -> None:
    from govhall.reports.html import PAGE_SIZE

    page = big_page.page
    page.select_option("#f-sort", "n")
    ns = page.evaluate("() => Array.from(document.querySelectorAll('details.dept')).map(s => +s.dataset.n)")
    assert ns == sorted(ns, reverse=True) and sum(ns) == len(big_report.findings)
    biggest = page.locator("details.dept").first
    dept_id = biggest.get_attribute("id")
    _open(biggest)
    clauses = page.evaluate(f"""() => Array.from(document.querySelectorAll('#{dept_id} div.clause'))
        .map(c => [+c.querySelector('h5 .count').textContent.split(' ')[0], c.querySelectorAll('article').length])""")
    assert all(shown == min(n, PAGE_SIZE) for n, shown in clauses), clauses
    # the clerk's 120 (and whatever else the example files there) come a page at a time
    late = next(f for f in big_report.findings if f.subject.id == "LATE-000")
    name = _dept_name(big_report, late)
    group = [f for f in big_report.findings if _dept_name(big_report, f) == name
             and f.responsible == late.responsible and f.clauses[0] == late.clauses[0]]  # fmt: skip
    assert len(group) > 2 * PAGE_SIZE
    page.select_option("#f-department", name)
    _open(page.locator("details.dept:not(.hidden)"))
    dept = page.locator("details.dept:not(.hidden)")
    box = dept.locator(f"div.clause[data-clause='{late.clauses[0]}'][data-n='{len(group)}']")
    assert box.count() == 1, page.evaluate(
        "() => document.querySelector('details.dept[open] .body').innerHTML.slice(0, 3000)"
    )
    for shown in range(PAGE_SIZE, len(group), PAGE_SIZE):
        assert box.locator("article.finding").count() == shown
        assert box.locator("button.more").inner_text() == (
            f"显示更多 show {min(PAGE_SIZE, len(group) - shown)} more ({len(group) - shown} not shown)"
        )
        box.locator("button.more").click()
    assert box.locator("article.finding").count() == len(group) and box.locator("button.more").count() == 0
    page.select_option("#f-department", "")
    page.emulate_media(media="print")
    try:
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        listed = page.locator("article.finding").count()
        note = page.locator("#print-note").inner_text()
        left = len(big_report.findings) - listed
        assert f" {listed} findings listed" in note and f"{left} of the {len(big_report.findings)}" in note
        assert page.locator(f"#{dept_id}").is_visible()  # the opened department prints
        closed = page.locator("details.dept:not([open])").first
        assert not closed.is_visible()  # the others are left out, and the note says so
        assert page.evaluate("getComputedStyle(document.querySelector('.filters')).display") == "none"
    finally:
        page.emulate_media(media="screen")
    assert big_page.errors == []


def test_big_report_drawn_findings_are_readable_and_well_headed(big_page: _Page) -> None:
    """What the script draws keeps the report's contrast, heading order and unclipped labels."""
    page = big_page.page
    page.select_option("#f-sort", "rank")
    dept = page.locator("details.dept").first
    _open(dept)
    sel = "h3, h4, h5, th, td, label, .sev, .stage, .muted, dt, dd, summary, button.more"
    got = page.evaluate(_CONTRAST_JS, sel)
    assert got["checked"] > 100 and got["low"] == [], got["low"][:10]
    clipped = page.evaluate(_CLIPPED_JS.replace("d.open = true", "d.open = d.open"), sel)
    assert clipped == [], clipped[:10]
    levels = page.evaluate(
        "() => Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6'))"
        ".filter(h => h.getClientRects().length).map(h => +h.tagName[1])"
    )
    assert levels.count(1) == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
    assert big_page.errors == []


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
        # (once over 90 s on a loaded 2-core machine). If no result came, type the query again, in case
        # it was typed before the worker was listening, and wait as long once more.
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            page.wait_for_selector(".md-search-result__item", timeout=120_000)
        except PlaywrightTimeout:
            page.locator(".md-search__input").fill("")
            page.locator(".md-search__input").fill("首问责任人")
            page.wait_for_selector(".md-search-result__item", timeout=120_000)
        hrefs = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)")
        page.screenshot(path=str(artifacts / "docs-search-首问.png"))
        assert any("gdzw-0020-2019" in h for h in hrefs), hrefs[:10]
        assert p.errors == []
    finally:
        p.page.close()
