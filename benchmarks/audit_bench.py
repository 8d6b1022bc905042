"""How fast and how big is an audit? One run prints every figure as a ratio to a baseline of the same run.

Usage::

    python benchmarks/audit_bench.py                      # halls of 2k and 20k, a 40k province
    python benchmarks/audit_bench.py --sizes 2000 20000 200000 --province 500 1000000

* **parse floor**: CPU time to merely ``json.loads`` every line of the hall's files;
* **one hall** of about 2k / 20k / 200k applications (the example replicated, every identity renamed,
  ``benchmarks/_halls.py``): load and audit CPU time, per application and as a multiple of the parse
  floor, each measured twice, in two fresh processes: **cold**, the hall the first thing the process
  loads and audits, as a one-off command does (the load then includes importing ``govhall.loaders``
  and compiling its validators, the audit reading China's holiday data and the rules' first
  set-up: 60–100 ms in all, which is 4–8 % of the 20k hall's ratio), and **warm**, after a warm-up
  load and audit of a tiny hall in the same process (the example's first 40 records of each table,
  ``_halls.tiny``), as a service or a province's worker meets its next hall; the process's caches of
  what the tiny hall's data asked (timestamp texts read, deadlines worked out) are emptied before the
  hall is loaded, so the warm hall does all of its own data's work. The five rules that took the largest share of the audit's rule time (where to look next); the audit alone against the **previous engine** (``tests/reference_runner.py``, the loop
  before the speed work, run inside today's ``audit`` so both share its set-up) on the same dataset,
  both warm; peak resident memory per application (above the
  interpreter with govhall imported); the JSON and SARIF reports' render times as ratios to the same
  renderers with ``json.dumps(indent=2)`` as their encoder. Each size runs in a fresh process;
* **a province** (``govhall.write_province``: K halls, N applications) audited with ``--jobs 1`` and
  ``--jobs 2``: wall time, peak RSS of the largest process, speed-up, and the findings' recall and
  precision against the violations planted in it (its ``planted.yaml``: 1.0000 and 1.0000 when the audit
  finds exactly what was planted, at any size).

CPU times are used for the single-hall ratios (the machine may be shared); the province's speed-up
is wall time, so it is only meaningful on an idle machine. Data is generated under ``--work``
(default: a temporary folder) and reused when it is already there.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _floor import parse_every_line  # the benchmarks' folder is the script's own, first on sys.path

HERE = Path(__file__).resolve().parent
EXAMPLE_APPLICATIONS = 2086


def _floor(folder: Path) -> float:
    t = time.process_time()
    parse_every_line(folder)
    return time.process_time() - t


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def _forget_data_caches() -> None:
    """Empty the process's caches of what a hall's data asked (timestamp texts read by the loader,
    deadlines worked out by the audit), keeping what any hall needs (imports, compiled validators,
    the holiday data): the warm measurement's hall then does all of its own data's work."""
    from govhall import loaders, timelimits
    from govhall.rules import context

    loaders._READ_STAMPS.clear()
    context._ANSWERS.clear()
    timelimits._ANSWERS.clear()
    timelimits._LEADS.clear()


def measure_hall(folder: str, reference: bool, warm_up: str | None = None) -> dict[str, Any]:
    """In a fresh process: parse floor, load, audit (and the reference audit), peak RSS; with
    ``warm_up`` (a tiny hall's folder), that hall is loaded and audited first (see the module's doc)."""
    import govhall
    from govhall.standards import load_all

    load_all()
    if warm_up is not None:
        govhall.audit(govhall.load_dataset(warm_up))
        _forget_data_caches()
    base = _rss_mb()
    floor = _floor(Path(folder))
    t = time.process_time()
    ds = govhall.load_dataset(folder)
    load = time.process_time() - t
    t = time.process_time()
    report = govhall.audit(ds)
    audit = time.process_time() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3  # kB -> MB
    out: dict[str, Any] = {
        "applications": len(ds.applications), "records": ds.records, "findings": len(report.findings),
        "floor": floor, "load": load, "audit": audit, "base_mb": base, "peak_mb": peak,
    }  # fmt: skip
    if warm_up is not None:  # the load and audit times only (the rest is the cold run's)
        return out
    out.update(_render_times(report))
    slowest = sorted(report.rule_seconds.items(), key=lambda kv: -kv[1])[:5]
    out["slowest"] = [[rid, sec / sum(report.rule_seconds.values())] for rid, sec in slowest]
    if reference:
        sys.path.insert(0, str(HERE.parent / "tests"))
        from reference_runner import reference_audit

        t = time.process_time()
        old = reference_audit(ds)
        out["reference"] = time.process_time() - t
        t = time.process_time()  # the engine again, as warm as the reference was (caches, indices)
        report = govhall.audit(ds)
        out["audit_warm"] = time.process_time() - t
        out["same"] = float(old.model_dump(mode="json") == report.model_dump(mode="json"))
    return out


def _render_times(report: Any) -> dict[str, float]:
    """CPU seconds to render the JSON and SARIF reports, and to render them with the standard library's
    ``json.dumps(indent=2)`` as their encoder (the baseline: what the reports used before)."""
    from govhall.reports import _common
    from govhall.reports.json_report import render_json
    from govhall.reports.sarif import render_sarif

    ours = _common.indented_json

    def stdlib(obj: Any, indent: int = 2) -> str:
        return json.dumps(
            obj, ensure_ascii=False, indent=indent, default=_common.json_default, separators=(",", ": ")
        )

    out: dict[str, float] = {}
    for name, render in (("json", render_json), ("sarif", render_sarif)):
        for key, encoder in ((f"{name}_render", ours), (f"{name}_stdlib", stdlib)):
            _common.indented_json = encoder
            times = []
            try:
                for _ in range(3):  # the least of three: the first also warms what both share
                    t = time.process_time()
                    render(report)
                    times.append(time.process_time() - t)
            finally:
                _common.indented_json = ours
            out[key] = min(times)
    return out


def measure_province(folder: str, jobs: int) -> dict[str, float]:
    """In a fresh process: the province audit with ``jobs`` processes; wall time and peak RSS."""
    import govhall

    t = time.perf_counter()
    report = govhall.audit_many(folder, jobs=jobs)
    wall = time.perf_counter() - t
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1e3
    recall, precision = _against_manifest(Path(folder), report.findings)
    return {
        "wall": wall, "peak_mb": max(own, children),
        "records": report.summary.records, "findings": len(report.findings), "halls": len(report.summary.halls or {}),
        "recall": recall, "precision": precision,
    }  # fmt: skip


def _against_manifest(province: Path, findings: list[Any]) -> tuple[float, float]:
    """Recall and precision of ``findings`` against the province's manifest (``planted.yaml``, one row
    per (hall, rule id, subject) planted): the share of planted pairs found, and of pairs found that
    were planted. Both are 1.0 when the audit finds exactly what was planted."""
    import yaml

    rows = yaml.safe_load((province / "planted.yaml").read_text(encoding="utf-8")) or []
    planted = {(r["hall"], r["rule_id"], r["subject_kind"], r["subject_id"]) for r in rows}
    found = {(f.hall, f.rule_id, f.subject.kind, f.subject.id) for f in findings}
    both = len(planted & found)
    return (both / len(planted) if planted else 1.0), (both / len(found) if found else 1.0)


def _child(*args: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, *args], check=True, capture_output=True, text=True, env=os.environ
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[2_000, 20_000], help="applications per hall")
    parser.add_argument(
        "--province", type=int, nargs=2, default=[20, 40_000], metavar=("HALLS", "APPLICATIONS"),
        help="the province (default 20 halls, 40,000 applications; the issue's is 500 1000000)",
    )  # fmt: skip
    parser.add_argument("--no-reference", action="store_true", help="skip the previous-engine comparison")
    parser.add_argument("--work", type=Path, default=None, help="folder for the generated data (kept)")
    parser.add_argument(
        "--engine", choices=("local", "dask"), default="local",
        help="dask: only the province, serially and on 1 and 2 Dask workers (benchmarks/dask_bench.py)",
    )  # fmt: skip
    parser.add_argument("--_hall", help=argparse.SUPPRESS)
    parser.add_argument("--_province", help=argparse.SUPPRESS)
    parser.add_argument("--_jobs", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--_reference", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--_warm_up", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args._hall:
        print(json.dumps(measure_hall(args._hall, args._reference, args._warm_up)))
        return 0
    if args._province:
        print(json.dumps(measure_province(args._province, args._jobs)))
        return 0

    sys.path.insert(0, str(HERE))
    if args.engine == "dask":
        from dask_bench import main as dask_main

        halls, total = args.province
        work = args.work / f"province-{halls}-{total}-dask" if args.work else None
        keep = [] if work is None else ["--keep", str(work)]
        return dask_main(["--halls", str(halls), "--generated", str(total), *keep])
    from _halls import replicate, tiny

    work = args.work or Path(tempfile.mkdtemp(prefix="govhall-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    warm_up = work / "warm-up"
    if not (warm_up / "applications.jsonl").exists():
        tiny(warm_up)
    print(f"govhall audit benchmark (data in {work}; CPU seconds unless said)")
    print(
        "(cold: the hall is the first thing its process loads and audits; warm: after a tiny hall's load"
        " and audit in the same process)"
    )
    print()
    print(
        "one hall             apps    floor s  load s  audit s  (load+audit)/floor"
        "              us/app  audit/previous  RSS/app"
    )
    for size in args.sizes:
        copies = max(1, round(size / EXAMPLE_APPLICATIONS))
        folder = work / f"hall-{copies}x"
        if not (folder / "applications.jsonl").exists():
            replicate(folder, copies)
        child = ["--_hall", str(folder)] + ([] if args.no_reference or size > 50_000 else ["--_reference"])
        m = _child(*child)
        warm = _child("--_hall", str(folder), "--_warm_up", str(warm_up))
        apps = m["applications"]
        rss = (m["peak_mb"] - m["base_mb"]) * 1e6 / apps
        prev = (
            f"{m['audit_warm'] / m['reference']:.2f}x{'' if m.get('same') else ' DIFFERS!'}"
            if "reference" in m
            else "-"
        )
        for label, run in (("cold", m), ("warm", warm)):
            ratio = (run["load"] + run["audit"]) / run["floor"]
            per_app = (run["load"] + run["audit"]) / apps * 1e6
            tail = f"  {prev:>14}  {rss / 1024:>5.1f} KB" if run is m else ""
            print(
                f"{folder.name:<12} {label} {apps:>7} {run['floor']:>8.2f} {run['load']:>7.2f}"
                f" {run['audit']:>8.2f}  {ratio:>10.1f}x (audit alone {run['audit'] / run['floor']:.1f}x)"
                f"  {per_app:>6.0f}{tail}"
            )
        shares = ", ".join(f"{rid} {share:.0%}" for rid, share in m["slowest"])
        print(f"{'':<12} slowest rules (share of the rules' time): {shares}")
        print(
            f"{'':<12} reports: JSON {m['json_render'] * 1e3:.0f} ms"
            f" ({m['json_render'] / m['json_stdlib']:.2f}x the same with json.dumps(indent=2)),"
            f" SARIF {m['sarif_render'] * 1e3:.0f} ms ({m['sarif_render'] / m['sarif_stdlib']:.2f}x)"
        )
    halls, total = args.province
    folder = work / f"province-{halls}-{total}"
    if not (folder / "planted.yaml").exists():
        import govhall

        t = time.perf_counter()
        govhall.write_province(folder, halls=halls, applications=total, seed=1, rate=0.5)
        print(f"\n(generated the province in {time.perf_counter() - t:.0f} s wall)")
    apps = _count_applications(folder)
    print()
    print(
        "province             halls  applications  records    wall s  us/app  peak RSS MB  speed-up"
        "  recall  precision (against the manifest)"
    )
    one = None
    for jobs in (1, 2):
        m = _child("--_province", str(folder), "--_jobs", str(jobs))
        one = one or m["wall"]
        print(
            f"{folder.name:<20} {m['halls']:>5} {apps:>13,} {m['records']:>8}  {m['wall']:>8.1f}"
            f"  {m['wall'] / apps * 1e6:>6.0f}  {m['peak_mb']:>11.0f}  {one / m['wall']:>7.2f}x"
            f"  {m['recall']:.4f}  {m['precision']:.4f}  (--jobs {jobs})"
        )
    return 0


def _count_applications(province: Path) -> int:
    """The province's applications (lines of its halls' applications.jsonl), counted before the runs."""
    total = 0
    for f in province.rglob("applications.jsonl"):
        with f.open("rb") as fh:
            total += sum(1 for line in fh if line.strip())
    return total


if __name__ == "__main__":
    sys.exit(main())
