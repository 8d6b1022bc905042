"""The audit's ratio to the parse floor in instructions (callgrind), as docs/data.md counts it.

Usage::

    python benchmarks/count_bench.py [SRC]        # SRC: a src folder (default: this tree's)

Each phase is the difference of two whole runs under ``valgrind --tool=callgrind`` (PYTHONHASHSEED=0)
that end in ``os._exit(0)``, so the teardown of the records is not counted:

* **floor**: ``json.loads`` of every line of the example hall, minus a run that does nothing;
* **warm**: a tiny hall (``_halls.tiny``) loaded and audited, the data caches emptied (as
  ``audit_bench.py`` does), then the example loaded and audited, minus the same without the example;
* **cold**: the example loaded and audited after ``import govhall`` and ``load_all()``, minus those
  alone.

Instruction counts do not move with the load of a shared machine; a run takes a few minutes. Run as
``python benchmarks/count_bench.py --_phase MODE SRC`` it is the measured program itself.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
RUNS = {"floor": ("none", "floor"), "warm": ("warmbase", "warm"), "cold": ("coldbase", "cold")}


def phase(mode: str, src: str, tiny: str) -> None:
    """The measured program: what ``mode`` does, then ``os._exit(0)``."""
    sys.path.insert(0, src)
    sys.path.insert(1, str(HERE))
    from _floor import parse_every_line  # imported in every phase, so the differences cancel it

    example = Path(src) / "govhall" / "data" / "example"
    if mode == "none":
        os._exit(0)
    if mode == "floor":
        parse_every_line(example)
        os._exit(0)
    import govhall
    from govhall.standards import load_all

    load_all()
    if mode.startswith("warm"):
        govhall.audit(govhall.load_dataset(tiny))
        sys.path.insert(0, str(HERE))
        from audit_bench import _forget_data_caches

        _forget_data_caches()
    if mode in ("warmbase", "coldbase"):
        os._exit(0)
    govhall.audit(govhall.load_dataset(example))
    os._exit(0)


def _count(mode: str, src: str, tiny: str, out: Path) -> int:
    # numpy's OpenBLAS threads spin under callgrind and move a count by 3-5M between runs of the same code
    env = {**os.environ, "PYTHONHASHSEED": "0", "OPENBLAS_NUM_THREADS": "1"}
    run = subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out / mode}.out",
         sys.executable, __file__, "--_phase", mode, src, tiny],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return int(re.findall(r"Collected : (\d+)", run.stderr)[-1])


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--_phase":
        phase(*sys.argv[2:5])
    src = sys.argv[1] if len(sys.argv) > 1 else str(HERE.parent / "src")
    sys.path.insert(0, str(HERE))
    from _halls import tiny

    with tempfile.TemporaryDirectory() as tmp:
        folder = str(tiny(Path(tmp) / "tiny", Path(src) / "govhall" / "data" / "example"))
        counts = {
            name: _count(b, src, folder, Path(tmp)) - _count(a, src, folder, Path(tmp))
            for name, (a, b) in RUNS.items()
        }
    floor = counts["floor"]
    for name, n in counts.items():
        print(f"{name}: {n / 1e6:,.1f}M instructions" + ("" if name == "floor" else f" ({n / floor:.2f}x)"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
