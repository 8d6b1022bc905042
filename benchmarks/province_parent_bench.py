"""What a province audit's parent process spends, phase by phase, in CPU seconds (issue #10).

``govhall audit PROVINCE`` runs the halls in worker processes; the parent receives each hall's result
(unpickles what the worker sent), spools its findings to disk, merges the halls, masks and renders.
On a shared machine the wall time of a whole run moves with the other processes, so this measures
the parent's phases alone, in CPU seconds (``time.process_time``), with the workers' part done once
beforehand::

    govhall example --halls 100 --applications 200000 --seed 1 /tmp/prov100
    python benchmarks/province_parent_bench.py /tmp/prov100 --cache /tmp/prov100.results

The first run audits every hall (``--jobs`` worker processes, as ``govhall audit`` does) and keeps
what each worker sent (the pickled ``HallResult``, exactly the bytes a worker's pipe carries) in
``--cache``; later runs of the same tree read them back. Then, in this process, exactly the code
``govhall audit`` runs: :func:`govhall.province.audit_many_spooled` with the engine replaced by one
that hands it the cached results, each unpickled as the pool's result thread does ("receipt"), given
to the spool ("spool"); the merge; each report format written to ``os.devnull``, masked and not.
``--repeat`` runs the parent's part several times and prints the least of each phase; ``--keep DIR``
writes the reports there (to compare two trees' output byte for byte).
"""

from __future__ import annotations

import argparse
import os
import pickle
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import govhall.province as province
from govhall.reports import write_report


def _sent(path: str, options: Any, hall: str) -> bytes:
    return pickle.dumps(province.audit_hall(path, options, hall=hall), protocol=pickle.HIGHEST_PROTOCOL)


def _blobs(halls: list[tuple[str, Path]], options: Any, cache: Path | None, jobs: int) -> list[bytes]:
    if cache is not None and cache.exists():
        blobs: list[bytes] = pickle.loads(cache.read_bytes())
        return blobs
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        blobs = list(
            pool.map(_sent, [str(p) for _, p in halls], [options] * len(halls), [n for n, _ in halls])
        )
    if cache is not None:
        cache.write_bytes(pickle.dumps(blobs, protocol=pickle.HIGHEST_PROTOCOL))
    return blobs


def measure(
    root: str, cache: Path | None, jobs: int, formats: list[str], keep: Path | None = None
) -> dict[str, float]:
    times: dict[str, float] = {"receipt": 0.0, "spool": 0.0}
    real_run_local = province.run_local

    def engine(
        halls: list[tuple[str, Path]],
        options: Any,
        *,
        jobs: int | None = None,
        on_result: Callable[..., None] | None = None,
    ) -> list[Any]:
        blobs = _blobs(halls, options, cache, jobs or 2)
        results = []
        for blob in blobs:
            t = time.process_time()
            r = pickle.loads(blob)
            times["receipt"] += time.process_time() - t
            t = time.process_time()
            if on_result is not None:
                on_result(r)
            times["spool"] += time.process_time() - t
            results.append(r)
        return results

    real_merge = province.merge_results

    def merge(*args: Any, **kwargs: Any) -> Any:
        t = time.process_time()
        try:
            return real_merge(*args, **kwargs)
        finally:
            times["merge"] = time.process_time() - t

    province.run_local = engine  # type: ignore[assignment]
    province.merge_results = merge  # type: ignore[assignment]
    try:
        with province.audit_many_spooled(root, jobs=jobs) as report:
            for fmt in formats:
                for show in (False, True):
                    name = f"{fmt}{'' if show else ' masked'}"
                    where = os.devnull if keep is None else keep / name.replace(" ", "-")
                    with open(where, "w", encoding="utf-8") as out:
                        t = time.process_time()
                        write_report(report, fmt, out.write, show_personal_data=show)
                        times[name] = time.process_time() - t
            times["findings"] = len(report.findings)
    finally:
        province.run_local = real_run_local  # type: ignore[assignment]
        province.merge_results = real_merge  # type: ignore[assignment]
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("province")
    ap.add_argument("--cache", type=Path, help="where the workers' results are kept between runs")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--keep", type=Path, help="a folder to write the reports to (to compare trees' output)")
    ap.add_argument("--formats", nargs="*", default=["json", "sarif", "junit", "text", "md", "html", "oscal"])
    args = ap.parse_args()
    best: dict[str, float] = {}
    for _ in range(args.repeat):
        for k, v in measure(args.province, args.cache, args.jobs, args.formats, args.keep).items():
            best[k] = min(best.get(k, v), v)
    findings = int(best.pop("findings"))
    print(f"parent CPU seconds (least of {args.repeat}), {findings} findings:")
    for k, v in best.items():
        print(f"  {k:16} {v:7.2f} s  {v / max(findings, 1) * 1e6:6.1f} us/finding")


if __name__ == "__main__":
    main()
