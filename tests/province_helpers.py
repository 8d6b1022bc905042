"""Small halls for the province tests, cut from the example hall (tests/test_province*.py)."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import govhall

EXAMPLE = Path(govhall.example_dir())
_KEEP_WHOLE = {"items.jsonl", "staff.jsonl", "windows.jsonl", "hall.json", "meta.json"}


def make_hall(folder: Path, seed: int, share: float = 0.08) -> Path:
    """A hall cut from the example: whole reference tables, a seeded ``share`` of the other records."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for src in EXAMPLE.iterdir():
        if src.name in _KEEP_WHOLE:
            shutil.copy(src, folder / src.name)
        elif src.suffix == ".jsonl":
            lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
            (folder / src.name).write_text(
                "".join(x for x in lines if rng.random() < share), encoding="utf-8"
            )
    return folder
