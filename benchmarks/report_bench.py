"""Size and render time of the HTML report for a big province (printed as ratios, never asserted).

A province is generated with ``govhall example OUT --halls K --applications N`` and audited
(``govhall.audit_many``); its report is then tiled to ``--tiles`` times as many halls (every finding,
department and hall summary copied under a new hall name: the same kind of report as a province that
many times bigger, without generating and auditing it). Measured for the one-hall example report (the
baseline), the generated province and the tiled one:

* bytes of ``govhall.reports.render(report, "html")`` and Python's time to render it;
* headless Chromium (Debian's ``chromium`` through playwright): time from navigation to the ``load``
  event (parse, script, first layout), to open the biggest department, and to apply a severity filter.

The generated province is rendered both ways (every finding drawn, and listed on demand as a big
report is: ``inline_limit``), to show what listing on demand saves at the same size.

    python benchmarks/report_bench.py [--halls 4] [--applications 800] [--tiles 125]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import govhall
from govhall.reports import prepare
from govhall.reports.html import render_html
from govhall.rules.report import Report


def tile(report: Report, tiles: int) -> Report:
    """``report`` with its halls repeated ``tiles`` times (``<hall>~<k>``), findings and departments alike."""
    halls = report.summary.halls or {}

    def name(hall: str | None, k: int) -> str:
        return f"{hall or 'hall'}~{k:03d}"

    findings = [f.model_copy(update={"hall": name(f.hall, k)}) for k in range(tiles) for f in report.findings]
    departments: dict[str, str] = {}
    for k in range(tiles):
        for key, dept in report.departments.items():
            hall, sep, rest = key.partition("::")
            departments[f"{name(hall, k)}::{rest}" if sep else f"{name(None, k)}::{key}"] = dept
    tiled = {name(h, k): s for k in range(tiles) for h, s in halls.items()}
    summary = report.summary.model_copy(update={
        "records": report.summary.records * tiles, "audited": report.summary.audited * tiles,
        "rejected": report.summary.rejected * tiles,
        "findings": {s: n * tiles for s, n in report.summary.findings.items()},
        "by_standard": {std: {s: n * tiles for s, n in c.items()} for std, c in report.summary.by_standard.items()},
        "halls": tiled or None,
    })  # fmt: skip
    return report.model_copy(update={"findings": findings, "departments": departments, "summary": summary})


def chromium_times(browser: Any, path: Path) -> tuple[float, float, float]:
    """Seconds to the load event, to open the biggest department, to filter by severity."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    t0 = time.perf_counter()
    page.goto(path.as_uri(), wait_until="load")
    loaded = time.perf_counter() - t0
    first = page.locator(".dept").first
    t0 = time.perf_counter()
    if page.evaluate("document.querySelector('.dept').tagName") == "DETAILS":
        first.locator("summary").click()
    page.evaluate("new Promise(r => requestAnimationFrame(() => r()))")
    opened = time.perf_counter() - t0
    t0 = time.perf_counter()
    page.select_option("#f-severity", "warning")
    page.evaluate("new Promise(r => requestAnimationFrame(() => r()))")
    filtered = time.perf_counter() - t0
    page.close()
    return loaded, opened, filtered


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--halls", type=int, default=4)
    parser.add_argument("--applications", type=int, default=800)
    parser.add_argument("--tiles", type=int, default=125, help="tile the province's report this many times")
    args = parser.parse_args()

    small = prepare(govhall.audit(govhall.load_dataset(govhall.example_dir()), as_of=date(2025, 10, 31)))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "province"
        subprocess.run([sys.executable, "-m", "govhall", "example", str(out), "--halls", str(args.halls),
                        "--applications", str(args.applications)], check=True, capture_output=True)  # fmt: skip
        province = prepare(govhall.audit_many(out, jobs=1, as_of=date(2025, 10, 31)))
        big = tile(province, args.tiles)
        rows: list[tuple[str, Report, dict[str, Any]]] = [
            ("one hall (baseline)", small, {}),
            (f"province {args.halls} halls, in full", province, {"inline_limit": 10**9}),
            (f"province {args.halls} halls, on demand", province, {"inline_limit": 0}),
            (f"tiled {args.halls * args.tiles} halls", big, {}),
        ]
        chromium = os.environ.get("GOVHALL_CHROMIUM") or shutil.which("chromium")
        browser = None
        if chromium:
            from playwright.sync_api import sync_playwright

            pw = sync_playwright().start()
            browser = pw.chromium.launch(executable_path=chromium, args=["--headless", "--no-sandbox"])
        base: dict[str, float] = {}
        print(f"{'report':34} {'findings':>9} {'MB':>7} {'x size':>8} {'render s':>9} {'x':>6} "
              f"{'load s':>7} {'x':>6} {'open s':>7} {'filter s':>8}")  # fmt: skip
        for label, report, kw in rows:
            t0 = time.perf_counter()
            html = render_html(report, **kw)
            took = time.perf_counter() - t0
            path = Path(tmp) / f"{len(base)}.html"
            path.write_text(html, encoding="utf-8")
            times = chromium_times(browser, path) if browser else (float("nan"),) * 3
            if not base:
                base = {"size": len(html.encode()), "render": took, "load": times[0]}
            size = len(html.encode())
            print(f"{label:34} {len(report.findings):>9} {size / 1e6:>7.2f} {size / base['size']:>8.1f} "
                  f"{took:>9.2f} {took / base['render']:>6.1f} {times[0]:>7.2f} {times[0] / base['load']:>6.1f} "
                  f"{times[1]:>7.2f} {times[2]:>8.2f}")  # fmt: skip
        if browser:
            browser.close()
            pw.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
