"""What placing findings on lines costs (issue #14): loading with record positions vs without, and
locating a report's subjects vs the audit itself. Prints ratios measured in the same run.

    python benchmarks/locations_bench.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import govhall
from govhall import loaders
from govhall.locations import locate_findings


def _median(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return sorted(times)[repeat // 2]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    where = govhall.example_dir()
    govhall.load_dataset(where)  # warm caches
    with_positions = _median(lambda: govhall.load_dataset(where), args.repeat)
    original = loaders._Loader._note_position
    loaders._Loader._note_position = lambda self, raw: None  # type: ignore[method-assign]
    try:
        without = _median(lambda: govhall.load_dataset(where), args.repeat)
    finally:
        loaders._Loader._note_position = original  # type: ignore[method-assign]
    dataset = govhall.load_dataset(where)
    audit = _median(lambda: govhall.audit(dataset), max(3, args.repeat // 2))
    report = govhall.audit(dataset)
    locate = _median(lambda: locate_findings(dataset, report.findings), args.repeat)
    print(f"records {dataset.records}, findings {len(report.findings)}")
    print(f"load with positions / without: {with_positions / without:.3f}")
    print(f"locating the findings / the audit: {locate / audit:.4f}")


if __name__ == "__main__":
    main()
