"""The parse floor every benchmark measures against: ``json.loads`` of every record of a hall's folder.

One definition for ``audit_bench.py`` (timed) and ``count_bench.py`` (counted by callgrind). It imports
nothing but the standard library, so importing it costs the floor's counting run what it costs the
run it is subtracted from.
"""

from __future__ import annotations

import json
from pathlib import Path


def parse_every_line(folder: Path) -> None:
    """Parse every line of every ``.jsonl`` file and every ``.json`` file of ``folder``, keeping nothing."""
    for f in sorted(folder.iterdir()):
        if f.suffix == ".jsonl":
            with f.open(encoding="utf-8") as fh:
                for line in fh:
                    if line.strip():
                        json.loads(line)
        elif f.suffix == ".json":
            json.loads(f.read_text(encoding="utf-8"))
