"""Peak memory and time of ``load_dataset`` on a large generated dataset.

Run: ``python benchmarks/load_bench.py [N] [--events K] [--keep DIR] [--baseline SRC]`` (default
N = 1,000,000 applications, no separate events; about a minute and a half for the default).

The dataset is written to a temporary folder first (``items.jsonl`` with 200 items and
``applications.jsonl`` with N applications, each with an applicant's name, phone and ID number, a
channel, window, staff and materials; with ``--events K``, also ``events.jsonl`` with K events per
application). A fresh Python process then loads it, so the peak RSS it reports is the load's alone
(interpreter and imports included). One line in 10,000 is corrupted so the rejection path runs too.
It prints the load's CPU time as a multiple of the parse floor (``json.loads`` of every line, same
process), and the resident memory the loaded dataset keeps per application. ``--baseline SRC`` loads
the same data again with another govhall source tree first on the import path (``git archive <rev>
src | tar -x -C /tmp/old`` gives one: ``--baseline /tmp/old/src``) and prints the ratios.

Target (printed, not asserted): 1,000,000 applications within 2 GiB peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

TARGET_BYTES = 2 * 1024**3
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
CHANNELS = ["onsite", "online", "现场", "网上", "app", "mini_program"]
MATERIALS = ["身份证", "营业执照", "申请表", "场所证明", "健康证明", "授权委托书"]
KINDS = ["received", "accepted", "correction_notice", "materials_supplemented", "decided", "picked_up"]


def generate(folder: Path, n: int, events_per_app: int, seed: int = 20251130) -> None:
    """Write the items, applications (and events) tables of a synthetic hall into ``folder``."""
    rng = random.Random(seed)
    start = datetime(2025, 1, 2, 9, 0)
    with (folder / "items.jsonl").open("w", encoding="utf-8") as fh:
        for i in range(200):
            fh.write(json.dumps({
                "code": f"I{i:04d}", "name": f"事项{i}", "type": "行政许可", "department": f"D{i % 25}",
                "promised_limit": f"{rng.randint(1, 20)}个工作日", "statutory_limit": "20个工作日",
            }, ensure_ascii=False) + "\n")  # fmt: skip
    apps = (folder / "applications.jsonl").open("w", encoding="utf-8")
    events = (folder / "events.jsonl").open("w", encoding="utf-8") if events_per_app else None
    try:
        for i in range(n):
            at = start + timedelta(minutes=rng.randrange(0, 360 * 24 * 60))
            record = {
                "id": f"A{i:08d}",
                "item_code": f"I{rng.randrange(200):04d}",
                "received_at": at.isoformat(timespec="minutes"),
                "channel": rng.choice(CHANNELS),
                "window_id": f"W{rng.randrange(40):02d}",
                "staff_id": f"S{rng.randrange(120):03d}",
                "applicant": {
                    "name": rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                    "phone": f"1{rng.randint(3, 9)}{rng.randrange(10**9):09d}",
                    "id_number": f"4419{rng.randrange(10**14):014d}",
                },
                "materials_submitted": rng.sample(MATERIALS, 2),
            }
            line = json.dumps(record, ensure_ascii=False)
            if i % 10_000 == 9_999:
                line = line[: len(line) // 2]  # one bad line in 10,000
            apps.write(line + "\n")
            if events is not None:
                for k in range(events_per_app):
                    at += timedelta(hours=rng.randint(1, 72))
                    events.write(json.dumps({
                        "application_id": record["id"], "kind": KINDS[k % len(KINDS)],
                        "at": at.isoformat(timespec="minutes"), "staff_id": record["staff_id"],
                    }) + "\n")  # fmt: skip
    finally:
        apps.close()
        if events is not None:
            events.close()


_CHILD = """
import json, os, resource, sys, time
from pathlib import Path
def statm():
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
t0 = time.perf_counter()
from govhall.loaders import load_dataset
load_dataset({"items": []})  # the first call's one-time set-up, outside the figures
base = statm()
floor = time.process_time()
for f in sorted(Path(sys.argv[1]).glob("*.jsonl")):
    with f.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                try:
                    json.loads(line)
                except ValueError:
                    pass
floor = time.process_time() - floor
cpu = time.process_time()
wall = time.perf_counter()
ds = load_dataset(sys.argv[1])
cpu = time.process_time() - cpu
wall = time.perf_counter() - wall
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB
events = sum(len(a.events) for a in ds.applications)
print(json.dumps({"seconds": wall, "cpu": cpu, "floor": floor, "peak_rss": peak, "base_rss": base,
                  "after_rss": statm(), "records": ds.records, "audited": ds.audited,
                  "rejected": len(ds.rejected), "applications": len(ds.applications), "events": events}))
"""


def _load(folder: Path, src: Path | None) -> dict[str, float]:
    """Load ``folder`` in a fresh process (with ``src`` first on the import path, when given)."""
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(src), *filter(None, [env.get("PYTHONPATH")])])
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(folder)], capture_output=True, text=True, check=True, env=env
    )
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def _report(label: str, result: dict[str, float]) -> None:
    n = result["applications"]
    kept = (result["after_rss"] - result["base_rss"]) / n
    print(
        f"{label}: {result['cpu']:.1f} s CPU ({result['cpu'] / result['floor']:.1f}x the parse floor of "
        f"{result['floor']:.2f} s), {result['seconds']:.1f} s wall, {result['records'] / result['cpu']:,.0f} "
        f"records/s; records {result['records']:,} = audited {result['audited']:,} + rejected "
        f"{result['rejected']:,}; applications {n:,}, events {result['events']:,}"
    )
    verdict = "within" if result["peak_rss"] <= TARGET_BYTES else "OVER"
    print(
        f"  peak RSS {result['peak_rss'] / 1024**2:,.0f} MiB ({verdict} the 2 GiB target); the loaded dataset "
        f"holds {kept / 1024:.2f} KiB per application (resident, above the interpreter and imports)"
    )


def main(argv: list[str] | None = None) -> int:
    """Generate, load in a child process, print the figures; exit 1 if the 2 GiB target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=1_000_000, help="applications to generate")
    parser.add_argument("--events", type=int, default=0, help="events per application, in events.jsonl")
    parser.add_argument(
        "--keep", type=Path, default=None, help="write the dataset here and keep it (reused when there)"
    )
    parser.add_argument(
        "--baseline", type=Path, default=None, metavar="SRC",
        help="also load with the govhall package found in SRC (e.g. an older `git archive` of src/)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        if not (folder / "applications.jsonl").exists():
            t0 = time.perf_counter()
            generate(folder, args.n, args.events)
            size = sum(p.stat().st_size for p in folder.iterdir())
            print(
                f"generated {args.n:,} applications ({size / 1024**2:,.0f} MiB) in "
                f"{time.perf_counter() - t0:.1f} s"
            )
        result = _load(folder, None)
        _report("load_dataset", result)
        if args.baseline is not None:
            before = _load(folder, args.baseline)
            _report(f"baseline ({args.baseline})", before)
            print(
                f"  this load takes {result['cpu'] / before['cpu']:.2f}x the baseline's CPU time and "
                f"{result['peak_rss'] / before['peak_rss']:.2f}x its peak RSS"
            )
    return 0 if result["peak_rss"] <= TARGET_BYTES else 1


if __name__ == "__main__":
    sys.exit(main())
