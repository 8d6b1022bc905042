"""The province audit on Dask: scaling from 1 to 2 worker processes, and peak memory per worker.

Run: ``python benchmarks/dask_bench.py [--halls 200] [--share 0.1] [--keep DIR]`` (needs the
``[dask]`` extra; a few minutes for the default on a 2-core machine), or with ``--generated N`` on a
province from ``govhall.write_province`` (``--halls`` halls, N applications in all; this is what
``python benchmarks/audit_bench.py --engine dask --province HALLS N`` runs).

A province of ``--halls`` halls is written first, each hall cut from the example hall: every item,
staff member, window and the hall record, plus a seeded ``--share`` of its applications,
complaints, ratings, attendance … (about 200 applications per hall at 0.1), so halls differ. Then,
in one run:

1. the baseline: ``audit_many(jobs=1)`` in this process (the serial engine);
2. ``engine="dask"`` on a LocalCluster of 1 worker process, then of 2 (one thread each), each cluster
   started, and govhall imported on its workers, before the clock starts (start-up printed apart);

and prints each wall time and its ratio to the baseline, the CPU time the audit took (in the
workers, for Dask) and its ratio to the baseline's (the engine's overhead, which other work on the
machine does not change), the speed-up from 1 to 2 workers, the peak RSS of each worker process
(``ru_maxrss``, read on the worker at the end) and whether the merged JSON report is byte-identical
to the baseline's (it must be). Nothing is asserted about time.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import govhall
from govhall.province import audit_many
from govhall.reports import render

_KEEP_WHOLE = {"items.jsonl", "staff.jsonl", "windows.jsonl", "hall.json", "meta.json"}


def make_province(root: Path, halls: int, share: float, seed: int = 20251130) -> int:
    """Write ``halls`` halls cut from the example under ``root`` (two levels: city/hall); return the records."""
    example = Path(govhall.example_dir())
    tables = {
        p.name: p.read_text(encoding="utf-8").splitlines(keepends=True) for p in example.glob("*.jsonl")
    }
    records = 0
    for h in range(halls):
        rng = random.Random(seed + h)
        folder = root / f"city-{h % 10:02d}" / f"hall-{h:04d}"
        folder.mkdir(parents=True)
        for src in example.iterdir():
            if src.name in _KEEP_WHOLE:
                shutil.copy(src, folder / src.name)
                if src.suffix == ".jsonl":
                    records += len(tables[src.name])
            elif src.suffix == ".jsonl":
                kept = [x for x in tables[src.name] if rng.random() < share]
                records += len(kept)
                (folder / src.name).write_text("".join(kept), encoding="utf-8")
    return records


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _cpu_seconds() -> float:
    """CPU time (user + system) this process has used: work done, whatever else shares the machine."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _warm() -> None:
    """Import govhall and register every rule on a worker, so the clock measures audits, not imports."""
    from govhall.standards import load_all

    load_all()


def run_dask(root: Path, workers: int) -> tuple[float, float, float, list[float], str]:
    """(start-up s, audit s, workers' CPU s, peak RSS MiB per worker, JSON report) on a fresh LocalCluster."""
    import logging

    import distributed

    t0 = time.perf_counter()
    with distributed.LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
        silence_logs=logging.CRITICAL,
    ) as cluster, distributed.Client(cluster, set_as_default=False) as client:  # fmt: skip
        client.wait_for_workers(workers)
        client.run(_warm)
        startup = time.perf_counter() - t0
        cpu0 = sum(client.run(_cpu_seconds).values())
        t1 = time.perf_counter()
        report = audit_many(root, engine="dask", client=client)
        wall = time.perf_counter() - t1
        cpu = sum(client.run(_cpu_seconds).values()) - cpu0
        peaks = sorted(client.run(_peak_rss_mib).values())
    return startup, wall, cpu, peaks, render(report, "json")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--halls", type=int, default=200)
    parser.add_argument("--share", type=float, default=0.1, help="share of each example table per hall")
    parser.add_argument("--keep", type=Path, default=None, help="write the province here and keep it")
    parser.add_argument(
        "--generated", type=int, default=None, metavar="APPLICATIONS",
        help="audit a generated province instead (govhall.write_province: --halls halls, this many applications)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    try:
        import distributed  # noqa: F401
    except ImportError:
        print("needs the dask extra: pip install 'govhall[dask]'", file=sys.stderr)
        return 2

    tmp = None
    if args.keep is not None:
        root = args.keep
        root.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="govhall-dask-bench-")
        root = Path(tmp.name)
    try:
        t0 = time.perf_counter()
        if args.generated is not None:
            if not any(root.iterdir()):
                govhall.write_province(root, halls=args.halls, applications=args.generated, seed=1, rate=0.5)
            records = sum(
                sum(1 for line in p.open(encoding="utf-8") if line.strip()) for p in root.rglob("*.jsonl")
            )
        else:
            records = make_province(root, args.halls, args.share)
        print(
            f"province: {args.halls} halls, {records:,} records ({time.perf_counter() - t0:.1f} s to write)"
        )

        _warm()  # the baseline's imports are not timed either
        t1, c1 = time.perf_counter(), _cpu_seconds()
        baseline_report = render(audit_many(root, jobs=1), "json")
        base, base_cpu = time.perf_counter() - t1, _cpu_seconds() - c1
        print(
            f"baseline  serial, 1 process          {base:7.1f} s   1.00x   cpu {base_cpu:6.1f} s 1.00x   "
            f"({records / base:,.0f} records/s)"
        )

        walls = {}
        for workers in (1, 2):
            startup, wall, cpu, peaks, report = run_dask(root, workers)
            walls[workers] = wall
            same = "identical" if report == baseline_report else "DIFFERENT"
            rss = ", ".join(f"{p:.0f}" for p in peaks)
            print(
                f"dask      {workers} worker process(es)     {wall:7.1f} s   {wall / base:.2f}x   "
                f"cpu {cpu:6.1f} s {cpu / base_cpu:.2f}x   "
                f"(cluster start {startup:.1f} s; peak RSS per worker {rss} MiB; report {same})"
            )
        print(f"speed-up  1 -> 2 workers              {walls[1] / walls[2]:.2f}x")
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(
            f"machine   {os.cpu_count()} cores; load average at the end {load} (other work skews the ratios)"
        )
    finally:
        if tmp is not None:
            tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
