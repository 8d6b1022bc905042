"""Where a hall's memory goes, per application: the loaded records by table and by type, repeated texts,
and what the audit adds at its peak (docs/data.md, "What a hall of N applications needs").

Usage::

    python benchmarks/memory_bench.py FOLDER          # e.g. a hall replicated by benchmarks/_halls.py

Three fresh processes on the same hall:

* **RSS**: resident memory above the interpreter with govhall imported, after the load, at the peak
  (``ru_maxrss``, as ``audit_bench.py`` prints it) and after the audit;
* **the records**: the objects reachable from the loaded dataset, each counted once (``sys.getsizeof``)
  for the first table that reaches it, by table and by type, and the texts held twice (an equal text in
  another object: what sharing them would save), by field;
* **the audit**: ``tracemalloc``'s count of the loaded records, the audit's peak above them and what it
  still holds when the report is made, by the line that allocated it.
"""

from __future__ import annotations

import collections
import gc
import json
import os
import resource
import subprocess
import sys
import tracemalloc
from typing import Any

TABLES = (
    "hall", "items", "staff", "windows", "applications", "complaints", "inquiries", "evaluations",
    "appointments", "attendance", "transcripts", "inspections", "rejected",
)  # fmt: skip
SKIP = ("module", "function", "builtin_function_or_method", "method", "EnumType", "ModelMetaclass")


def _rss() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _load(folder: str) -> Any:
    import govhall
    from govhall.standards import load_all

    load_all()
    return govhall


def rss(folder: str) -> dict[str, float]:
    govhall = _load(folder)
    base = _rss()
    ds = govhall.load_dataset(folder)
    loaded = _rss()
    govhall.audit(ds)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1e3
    n = len(ds.applications)
    return {"after load": (loaded - base) / n, "peak": (peak - base) / n, "after audit": (_rss() - base) / n}


def records(folder: str) -> dict[str, Any]:
    govhall = _load(folder)
    ds = govhall.load_dataset(folder)
    n = len(ds.applications)
    seen: set[int] = set()
    by_table: dict[str, float] = {}
    by_type: collections.Counter[str] = collections.Counter()
    for table in TABLES:
        size = 0
        stack: list[Any] = [getattr(ds, table)]
        while stack:
            obj = stack.pop()
            if id(obj) in seen or isinstance(obj, type) or type(obj).__name__ in SKIP:
                continue
            seen.add(id(obj))
            size += sys.getsizeof(obj)
            by_type[type(obj).__name__] += sys.getsizeof(obj)
            stack.extend(gc.get_referents(obj))
        by_table[table] = size / n
    twice: collections.Counter[str] = collections.Counter()
    first: dict[str, int] = {}
    done: set[int] = set()

    def visit(value: Any, path: str) -> None:
        if hasattr(value, "__pydantic_fields_set__"):
            for key, item in value.__dict__.items():
                visit(item, f"{path}.{key}")
        elif isinstance(value, (list, tuple, dict)):
            if id(value) not in done:
                done.add(id(value))
                for item in value.values() if isinstance(value, dict) else value:
                    visit(item, path + "[]")
        elif type(value) is str and id(value) not in done:
            done.add(id(value))
            if first.setdefault(value, id(value)) != id(value):
                twice[path] += sys.getsizeof(value)

    for table in TABLES:
        visit(getattr(ds, table), table)
    return {
        "tables": by_table,
        "types": {t: s / n for t, s in by_type.most_common(12)},
        "texts held twice": {p: s / n for p, s in twice.most_common(8)},
    }


def audit(folder: str) -> dict[str, Any]:
    govhall = _load(folder)
    tracemalloc.start()
    ds = govhall.load_dataset(folder)
    gc.collect()
    n = len(ds.applications)
    loaded = tracemalloc.get_traced_memory()[0]
    tracemalloc.reset_peak()
    before = tracemalloc.take_snapshot()
    report = govhall.audit(ds)
    after = tracemalloc.take_snapshot()
    peak = tracemalloc.get_traced_memory()[1]
    held = after.compare_to(before, "lineno")
    return {
        "records (tracemalloc)": loaded / n,
        "audit's peak above them": (peak - loaded) / n,
        "held with the report, by line": {
            f"{s.traceback[0].filename.rsplit('/src/', 1)[-1]}:{s.traceback[0].lineno}": s.size_diff / n
            for s in held[:10]
        },
        "findings": len(report.findings),
    }


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--_part":
        print(json.dumps(globals()[argv[1]](argv[2])))
        return 0
    if len(argv) != 1:
        print(__doc__)
        return 2
    for part in ("rss", "records", "audit"):
        out = subprocess.run(
            [sys.executable, __file__, "--_part", part, argv[0]], check=True, capture_output=True, text=True
        )
        result = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{part} (bytes per application)")
        for key, value in result.items():
            if isinstance(value, dict):
                print(f"  {key}:")
                for k, v in value.items():
                    print(f"    {v:8.0f}  {k}")
            else:
                print(f"  {value:8.0f}  {key}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
