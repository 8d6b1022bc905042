"""What would a hall's records hold as columns? A measurement for issue #10's 2 KB per application.

Usage::

    python benchmarks/layout_bench.py [FOLDER]     # default: the example replicated 10x (about 20k applications)

govhall holds a loaded hall as pydantic models (``load_dataset``); ``audit_bench.py`` measures that
at about 6-7 KB per application. This prints, for the same records in the same run, table by table:

* **objects**: the bytes the loaded records take as Python objects (``tracemalloc`` over the load),
  per application;
* **arrow**: the same records (``model_dump``, embedded events as their own table) as Apache Arrow
  columns, per application;
* **arrow, dictionary**: the same with every string column dictionary-encoded (the repeated staff,
  window, item and kind names stored once).

Nothing here is what govhall does today: it measures the data layout a columnar engine (rules reading
records through views of Arrow or NumPy columns) would start from, so the design choice rests on a
figure rather than a guess. Needs the ``parquet`` extra (pyarrow).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import tracemalloc
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def _columns(rows: list[dict[str, Any]]) -> tuple[int, int]:
    """Bytes of ``rows`` as an Arrow table: plain, and with string columns dictionary-encoded."""
    import pyarrow as pa

    if not rows:
        return 0, 0
    table = pa.Table.from_pylist(rows)
    encoded = [col.dictionary_encode() if pa.types.is_string(col.type) else col for col in table.columns]
    return table.nbytes, pa.table(encoded, names=table.column_names).nbytes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, help="a hall folder (default: the example x10)")
    args = parser.parse_args(argv)
    import govhall
    from govhall.models.dataset import Dataset

    folder = args.folder
    if folder is None:
        sys.path.insert(0, str(HERE))
        from _halls import replicate

        folder = Path(tempfile.mkdtemp(prefix="govhall-layout-")) / "hall-10x"
        replicate(folder, 10)
    tracemalloc.start()
    dataset = govhall.load_dataset(folder)
    held, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    apps = len(dataset.applications)
    print(f"{folder}: {apps:,} applications, {dataset.records:,} records (bytes per application)")
    print(f"{'table':<24} {'records':>9} {'arrow':>8} {'arrow, dictionary':>18}")
    total_plain = total_dict = 0
    for name in Dataset.model_fields:
        records = getattr(dataset, name)
        if not isinstance(records, list) or not records or not hasattr(records[0], "model_dump"):
            continue
        if name in ("applications", "complaints"):  # their embedded events as a table of their own
            events = [e.model_dump(mode="json") for r in records for e in r.events]
            plain, encoded = _columns(events)
            total_plain, total_dict = total_plain + plain, total_dict + encoded
            label = f"  ({name[:-1]} events)"
            print(f"{label:<24} {len(events):>9,} {plain / apps:>8.0f} {encoded / apps:>18.0f}")
            rows = [r.model_dump(mode="json", exclude={"events"}) for r in records]
        else:
            rows = [r.model_dump(mode="json") for r in records]
        plain, encoded = _columns(rows)
        total_plain, total_dict = total_plain + plain, total_dict + encoded
        print(f"{name:<24} {len(rows):>9,} {plain / apps:>8.0f} {encoded / apps:>18.0f}")
    print(f"{'all, as columns':<34} {total_plain / apps:>8.0f} {total_dict / apps:>18.0f}")
    print(f"{'all, as govhall holds them (objects)':<34} {held / apps:>8.0f}")
    print(f"objects / columns: {held / total_dict:.1f}x (dictionary-encoded)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
