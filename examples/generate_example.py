"""Regenerate the embedded example hall (``src/govhall/data/example/``) and its docs table.

Usage::

    python examples/generate_example.py [--seed N] [--out FOLDER] [--no-docs]

With no arguments it rewrites the committed files: the dataset folder (one ``.jsonl`` per table,
``hall.json``, ``meta.json``, ``planted.yaml``) and the planted-violations table of
``docs/example.md``. The output depends only on the seed and the code, so running it twice gives the
same bytes (``tests/test_example.py`` checks the committed files against a fresh build).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from govhall.example.base import DEFAULT_SEED
from govhall.example.build import EXAMPLE_DIR, build_example, write_example

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})"
    )
    parser.add_argument(
        "--out", type=Path, default=EXAMPLE_DIR, help="output folder (default: the package data)"
    )
    parser.add_argument("--no-docs", action="store_true", help="do not rewrite the table in docs/example.md")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    b = build_example(args.seed)
    docs = None if args.no_docs else ROOT / "docs" / "example.md"
    written = write_example(b, args.out, docs=docs)
    sizes = ", ".join(f"{t}={len(rows)}" for t, rows in b.tables.items())
    print(
        f"wrote {len(written)} files to {args.out} in {time.perf_counter() - started:.1f}s: {sizes}; "
        f"{len(b.planted)} planted violation(s)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
