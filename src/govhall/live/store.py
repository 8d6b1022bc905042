"""Where a supervisor keeps its state so that a restart loses nothing.

A :class:`Store` holds one JSON document (the supervisor's snapshot). The supervisor saves after
every accepted post and every tick, *before* returning, so whatever a caller has seen acknowledged is
on disk. ``Supervisor(clock, JsonFileStore(same_path))`` picks up exactly where the previous process
stopped.

* :class:`JsonFileStore` writes atomically: the document goes to a temporary file in the same
  directory, is flushed and ``fsync``-ed, then ``os.replace``-d over the old file, so a crash leaves
  either the old or the new snapshot, never half of one.
* :class:`MemoryStore` keeps a JSON string in memory (it round-trips through JSON like the file does,
  so it behaves the same); for tests and short-lived sessions.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

__all__ = ["JsonFileStore", "MemoryStore", "Store"]


@runtime_checkable
class Store(Protocol):
    """Persistence of one JSON document."""

    def load(self) -> dict[str, Any] | None:
        """The last saved document, or None if nothing was saved yet."""
        ...

    def save(self, state: dict[str, Any]) -> None:
        """Replace the saved document with ``state`` (JSON-compatible); durable when it returns."""
        ...


def _dumps(state: dict[str, Any]) -> str:
    return json.dumps(state, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


class MemoryStore:
    """Keeps the snapshot in memory (lost with the process)."""

    def __init__(self) -> None:
        self._text: str | None = None

    def load(self) -> dict[str, Any] | None:
        return None if self._text is None else json.loads(self._text)

    def save(self, state: dict[str, Any]) -> None:
        self._text = _dumps(state)

    def __repr__(self) -> str:
        return f"MemoryStore({'empty' if self._text is None else f'{len(self._text)} chars'})"


class JsonFileStore:
    """One UTF-8 JSON file, replaced atomically on every save."""

    def __init__(self, path: str | os.PathLike[str], *, fsync: bool = True) -> None:
        self.path = Path(path)
        self.fsync = fsync

    def load(self) -> dict[str, Any] | None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{self.path}: not a govhall.live state file ({exc})") from None
        if not isinstance(data, dict):
            raise ValueError(f"{self.path}: not a govhall.live state file (expected a JSON object)")
        return data

    def save(self, state: dict[str, Any]) -> None:
        directory = self.path.parent
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(_dumps(state))
                fh.flush()
                if self.fsync:
                    os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise

    def __repr__(self) -> str:
        return f"JsonFileStore({str(self.path)!r})"
