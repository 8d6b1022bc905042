"""Big halls for the benchmarks: the example hall replicated ``copies`` times into one dataset.

Copy k > 0 gets every record id (and every reference to one) suffixed ``-R<k>``: its own
applications, complaints, staff, windows, attendance …, on the same dates, sharing the item
catalogue and the hall record. The audit of such a hall is the same kind of work as a real hall of
that size: more windows, more staff, more attendance, more applications per day.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import govhall

# A copy renames ids exactly as the province generator does for its further blocks of a hall.
from govhall.example.province import collect_ids, rename_ids


def replicate(out: str | Path, copies: int, source: str | Path | None = None) -> Path:
    """Write ``copies`` copies of the hall at ``source`` (the example by default) as one hall at ``out``."""
    src = Path(source or govhall.example_dir())
    dst = Path(out)
    dst.mkdir(parents=True, exist_ok=True)
    tables = {p.name: [json.loads(x) for x in p.read_text(encoding="utf-8").splitlines() if x.strip()]
              for p in sorted(src.glob("*.jsonl"))}  # fmt: skip
    ids: set[str] = set()
    for name, rows in tables.items():
        if name != "items.jsonl":
            collect_ids(rows, ids)
    for name in ("hall.json", "meta.json"):
        if (src / name).exists():
            shutil.copy(src / name, dst / name)
    for name, rows in tables.items():
        with (dst / name).open("w", encoding="utf-8") as fh:
            for k in range(copies if name != "items.jsonl" else 1):
                suffix = f"-R{k}"
                for row in rows:
                    rec = row if k == 0 else rename_ids(row, ids, suffix)
                    fh.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n")
    return dst


#: the records of each table a warm-up hall keeps (``tiny``)
TINY_RECORDS = 40


def tiny(out: str | Path, source: str | Path | None = None, records: int = TINY_RECORDS) -> Path:
    """Write a tiny hall at ``out``: the hall at ``source`` (the example by default) with the first
    ``records`` lines of each table but its catalogues (items, staff, windows: whole), for a warm-up
    load and audit (``audit_bench.py``'s warm figures) that runs every table's code once."""
    src = Path(source or govhall.example_dir())
    dst = Path(out)
    dst.mkdir(parents=True, exist_ok=True)
    for path in sorted(src.iterdir()):
        if path.suffix == ".json":
            shutil.copy(path, dst / path.name)
        elif path.suffix == ".jsonl":
            lines = [x for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
            keep = lines if path.name in ("items.jsonl", "staff.jsonl", "windows.jsonl") else lines[:records]
            (dst / path.name).write_text("".join(x + "\n" for x in keep), encoding="utf-8")
    return dst
