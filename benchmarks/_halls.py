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
from typing import Any

import govhall

#: keys whose values are per-hall identities (a copy gets its own devices and raters too)
_ID_KEYS = ("id", "device_id", "rater_id")


def _ids(obj: Any, out: set[str]) -> None:
    if isinstance(obj, dict):
        for key in _ID_KEYS:
            v = obj.get(key)
            if isinstance(v, str):
                out.add(v)
        for x in obj.values():
            _ids(x, out)
    elif isinstance(obj, list):
        for x in obj:
            _ids(x, out)


def _rename(obj: Any, ids: set[str], suffix: str) -> Any:
    if isinstance(obj, dict):
        return {k: _rename(v, ids, suffix) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_rename(v, ids, suffix) for v in obj]
    if isinstance(obj, str) and obj in ids:
        return obj + suffix
    return obj


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
            _ids(rows, ids)
    for name in ("hall.json", "meta.json"):
        if (src / name).exists():
            shutil.copy(src / name, dst / name)
    for name, rows in tables.items():
        with (dst / name).open("w", encoding="utf-8") as fh:
            for k in range(copies if name != "items.jsonl" else 1):
                suffix = f"-R{k}"
                for row in rows:
                    rec = row if k == 0 else _rename(row, ids, suffix)
                    fh.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n")
    return dst
