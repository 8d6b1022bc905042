"""Where a supervisor keeps its state so that a restart loses nothing (DESIGN, "Live supervision").

A supervisor holds its working state in memory and hands the store, after each acknowledged unit of
work, a :class:`Changes` batch: the journal rows of the events posted, the records put or dropped,
findings, unknown and held events. :meth:`Store.commit` applies the batch atomically and is durable
when it returns, so **acknowledged means committed**. A single ``post`` commits on its own;
``post_many`` (and a replay's posts between two ticks) commit once for the whole batch. The cost of a
commit is proportional to what changed, never to the size of the state.

* :class:`SqliteStore` (the default for a path): one SQLite database (stdlib :mod:`sqlite3`, WAL
  mode, ``synchronous=FULL``) holding an append-only event journal and the live state in tables.
  **One writer**: opening a store for writing takes an exclusive lock (``PATH.lock``, ``flock``) held
  until :meth:`SqliteStore.close` or the process ends (also by ``kill -9``); a second writer gets
  :class:`~govhall.errors.StateLockedError` at once. Readers (:class:`StateReader`) need no lock and
  run concurrently with the writer. An existing ``govhall.live/1`` JSON state file at the path is
  migrated once into a database at the same path (the JSON is kept as ``PATH.v1.json``).
* :class:`MemoryStore` keeps the state in memory (tests, short-lived sessions, benchmarks).
* :class:`JsonFileStore` is the previous format (one JSON document rewritten per commit, so O(state)
  per commit): kept for reading old files and small drills. It writes atomically (temporary file,
  ``fsync``, ``os.replace``, ``fsync`` of the directory), removes temporary files a killed process left
  behind, and takes the same one-writer lock.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any, Protocol, runtime_checkable

from govhall._dupkeys import loads_unique
from govhall._yamlio import json_type
from govhall.errors import (
    DuplicateKeyError,
    GovhallError,
    StateFileError,
    StateLockedError,
    StateUnwritableError,
    echoed_id,
)

__all__ = [
    "STATE_FORMAT",
    "TABLES",
    "Changes",
    "JsonFileStore",
    "MemoryStore",
    "SqliteStore",
    "StateReader",
    "Store",
    "open_store",
]

#: The ``format`` of a state document (what :meth:`Store.load` returns).
STATE_FORMAT = "govhall.live/1"

#: Record tables of the state, as named in a state document (``hall`` holds at most one record).
TABLES: tuple[str, ...] = ("hall", "items", "staff", "windows", "applications", "complaints", "appointments")

_SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass
class Changes:
    """What one acknowledged unit of work changed; a store applies it atomically.

    JSON values are passed as text (already serialised once by the supervisor).
    """

    #: the sequence number of the last event posted (None: unchanged)
    seq: int | None = None
    #: the last tick's time as ISO text; ``""`` means unchanged
    last_tick: str | None = ""
    #: (seq, posted_at, type, outcome, body JSON)
    journal: list[tuple[int, str, str, str, str]] = field(default_factory=list)
    #: (table, key) -> record JSON, or None to drop the record
    records: dict[tuple[str, str], str | None] = field(default_factory=dict)
    #: (subject kind, id) of subjects closed and dropped
    archived: list[tuple[str, str]] = field(default_factory=list)
    #: (seq, UnknownEvent JSON)
    unknown: list[tuple[int, str]] = field(default_factory=list)
    #: (rule id, subject kind, subject id, stage or "", Finding JSON), in the order found
    findings: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    #: (seq, subject kind, owner id, held-event JSON) of events held for a subject not yet posted
    held_add: list[tuple[int, str, str, str]] = field(default_factory=list)
    #: seqs of held events applied or released
    held_drop: list[int] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(
            self.seq is not None
            or self.last_tick != ""
            or self.journal
            or self.records
            or self.archived
            or self.unknown
            or self.findings
            or self.held_add
            or self.held_drop
        )


@runtime_checkable
class Store(Protocol):
    """Persistence of a supervisor's state."""

    def load(self) -> dict[str, Any] | None:
        """The state as a ``govhall.live/1`` document, or None if nothing was committed yet."""
        ...

    def commit(self, changes: Changes) -> None:
        """Apply ``changes`` atomically; durable when it returns."""
        ...

    def close(self) -> None:
        """Release the store (its writer lock); idempotent."""
        ...


def _document(
    seq: int,
    last_tick: str | None,
    records: dict[str, list[dict[str, Any]]],
    archived: dict[str, list[str]],
    unknown: list[Any],
    findings: list[Any],
    held: list[Any],
) -> dict[str, Any]:
    doc: dict[str, Any] = {"format": STATE_FORMAT, "seq": seq, "last_tick": last_tick}
    for table in TABLES:
        rows = records.get(table, [])
        doc[table] = (rows[0] if rows else None) if table == "hall" else rows
    doc["archived"] = archived
    doc["unknown"] = unknown
    doc["findings"] = findings
    doc["seen"] = [[f["rule_id"], f["subject"]["kind"], f["subject"]["id"], f.get("stage")] for f in findings]
    doc["held"] = held
    return doc


# -- the one-writer lock ---------------------------------------------------------------------------


class _WriterLock:
    """An exclusive ``flock`` on ``PATH.lock`` for the writer's lifetime (released by the kernel on exit)."""

    def __init__(self, path: Path) -> None:
        self.path = path.with_name(path.name + ".lock")
        self._fh: IO[str] | None = None
        if path.is_dir():  # before the lock file: it would be made beside the folder (``/tmp.lock``)
            raise StateFileError(f"{path}: a folder, not a live state file", path=str(path))
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fh = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the writer's lifetime
        except OSError as exc:  # a folder by that name, a read-only folder: the bare OSError named no state
            raise StateFileError(
                f"{path}: cannot open the one-writer lock file {self.path} ({exc.strerror or exc})",
                path=str(path),
            ) from None
        try:
            _lock_exclusive(fh)
        except OSError:
            fh.seek(0)
            holder = fh.read().strip()[:40]
            fh.close()
            who = f" (process {holder})" if holder.isdigit() else ""
            raise StateLockedError(
                f"{path}: the live state is open for writing by another supervisor{who}; "
                "one writer per state (readers may use govhall.live.StateReader)",
                path=str(path),
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        self._fh = fh

    def release(self) -> None:
        if self._fh is not None:
            try:
                self._fh.seek(0)
                self._fh.truncate()
                self._fh.flush()
            except OSError:
                pass
            self._fh.close()  # closing the file releases the flock
            self._fh = None


def _lock_exclusive(fh: IO[str]) -> None:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        return
    fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


def _fsync_dir(directory: Path) -> None:
    """Make a rename or a new file in ``directory`` durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# -- memory ----------------------------------------------------------------------------------------


class MemoryStore:
    """Keeps the state in memory (lost with the process); commits cost what changed."""

    def __init__(self) -> None:
        self._empty = True
        self._seq = 0
        self._last_tick: str | None = None
        self._records: dict[str, dict[str, str]] = {t: {} for t in TABLES}
        self._archived: dict[str, dict[str, None]] = {}
        self._unknown: dict[int, str] = {}
        self._findings: list[str] = []
        self._held: dict[int, str] = {}

    def commit(self, changes: Changes) -> None:
        if not changes:
            return
        self._empty = False
        if changes.seq is not None:
            self._seq = changes.seq
        if changes.last_tick != "":
            self._last_tick = changes.last_tick
        for (table, key), text in changes.records.items():
            if text is None:
                self._records[table].pop(key, None)
            else:
                self._records[table][key] = text
        for kind, sid in changes.archived:
            self._archived.setdefault(kind, {})[sid] = None
        self._unknown.update(changes.unknown)
        self._findings.extend(f[4] for f in changes.findings)
        for seq in changes.held_drop:
            self._held.pop(seq, None)
        for seq, _kind, _owner, text in changes.held_add:
            self._held[seq] = text

    def load(self) -> dict[str, Any] | None:
        if self._empty:
            return None
        return _document(
            self._seq,
            self._last_tick,
            {t: [json.loads(v) for v in rows.values()] for t, rows in self._records.items()},
            {k: sorted(v) for k, v in self._archived.items()},
            [json.loads(self._unknown[s]) for s in sorted(self._unknown)],
            [json.loads(f) for f in self._findings],
            [json.loads(self._held[s]) for s in sorted(self._held)],
        )

    def close(self) -> None:
        return None

    def __repr__(self) -> str:
        held = sum(len(r) for r in self._records.values())
        return f"MemoryStore({'empty' if self._empty else f'{held} records, seq {self._seq}'})"


def changes_from_document(doc: dict[str, Any]) -> Changes:
    """A :class:`Changes` that recreates the state document ``doc`` in an empty store."""
    if not isinstance(doc, dict) or doc.get("format") != STATE_FORMAT:
        raise StateFileError(f"not a {STATE_FORMAT} state document")

    def text(obj: Any) -> str:
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))

    ch = Changes(seq=int(doc.get("seq") or 0), last_tick=doc.get("last_tick"))
    for table in TABLES:
        rows = doc.get(table)
        if table == "hall":
            rows = [rows] if rows else []
        for row in rows or []:
            key = row["code"] if table == "items" else ("hall" if table == "hall" else row["id"])
            ch.records[(table, str(key))] = text(row)
    for kind, ids in (doc.get("archived") or {}).items():
        ch.archived += [(kind, str(i)) for i in ids]
    ch.unknown = [(int(u["seq"]), text(u)) for u in doc.get("unknown") or []]
    ch.findings = [
        (f["rule_id"], f["subject"]["kind"], f["subject"]["id"], f.get("stage") or "", text(f))
        for f in doc.get("findings") or []
    ]
    ch.held_add = [(int(h["seq"]), h["kind"], h["owner"], text(h)) for h in doc.get("held") or []]
    return ch


# -- the old JSON file -----------------------------------------------------------------------------


class JsonFileStore(MemoryStore):
    """One UTF-8 JSON document, replaced atomically on every commit (O(state) per commit).

    The previous default; :class:`SqliteStore` migrates such a file. Takes the one-writer lock
    (``lock=False`` to read an old file without it).
    """

    def __init__(self, path: str | os.PathLike[str], *, fsync: bool = True, lock: bool = True) -> None:
        super().__init__()
        self.path = Path(path)
        self.fsync = fsync
        self._lock = _WriterLock(self.path) if lock else None
        for stray in self.path.parent.glob(f".{self.path.name}.*.tmp"):  # left by a killed writer
            try:
                stray.unlink()
            except OSError:
                pass
        doc = self._read()
        if doc is not None:
            MemoryStore.commit(self, changes_from_document(doc))

    def _read(self) -> dict[str, Any] | None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except UnicodeDecodeError as exc:  # random bytes: Python's codec words read as a state unreadable
            raise StateFileError(
                f"{self.path}: not a govhall.live state: neither an SQLite database nor a JSON state file "
                f"(byte 0x{exc.object[exc.start]:02x} at offset {exc.start} is not UTF-8 text); give a new "
                "path to start an empty state",
                path=str(self.path),
            ) from None
        except OSError as exc:
            raise StateFileError(
                f"{self.path}: cannot read the live state ({exc})", path=str(self.path)
            ) from None
        try:
            data = loads_unique(text)  # a key given twice is refused, not read last-wins (see _dupkeys)
        except json.JSONDecodeError as exc:
            raise StateFileError(
                f"{self.path}: not a govhall.live state file ({exc})", path=str(self.path)
            ) from None
        except DuplicateKeyError as exc:
            raise StateFileError(
                f"{self.path}: not a usable govhall.live state file: {exc}", path=str(self.path)
            ) from None
        if not isinstance(data, dict) or data.get("format") != STATE_FORMAT:
            raise StateFileError(f"{self.path}: not a {STATE_FORMAT} state file", path=str(self.path))
        return data

    def commit(self, changes: Changes) -> None:
        before = self.load()
        super().commit(changes)
        try:
            self._write(self.load() or {})
        except BaseException:
            MemoryStore.__init__(self)
            if before is not None:
                MemoryStore.commit(self, changes_from_document(before))
            raise

    def _write(self, state: dict[str, Any]) -> None:
        directory = self.path.parent
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(json.dumps(state, ensure_ascii=False, separators=(",", ":"), sort_keys=True))
                fh.flush()
                if self.fsync:
                    os.fsync(fh.fileno())
            os.replace(tmp, self.path)
            if self.fsync:
                _fsync_dir(directory)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise

    def close(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __repr__(self) -> str:
        return f"JsonFileStore({str(self.path)!r})"


# -- SQLite ----------------------------------------------------------------------------------------

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS journal (
    seq INTEGER PRIMARY KEY, posted_at TEXT NOT NULL, type TEXT NOT NULL,
    outcome TEXT NOT NULL, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (
    n INTEGER PRIMARY KEY, tbl TEXT NOT NULL, key TEXT NOT NULL, data TEXT NOT NULL, UNIQUE (tbl, key));
CREATE TABLE IF NOT EXISTS archived (kind TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (kind, id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS unknown (seq INTEGER PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS findings (
    n INTEGER PRIMARY KEY, rule_id TEXT NOT NULL, kind TEXT NOT NULL, subject TEXT NOT NULL,
    stage TEXT NOT NULL, data TEXT NOT NULL, UNIQUE (rule_id, kind, subject, stage));
CREATE TABLE IF NOT EXISTS held (
    seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, owner TEXT NOT NULL, data TEXT NOT NULL);
"""


def _is_sqlite(path: Path) -> bool | None:
    """True for a SQLite file, False for something else, None if missing or empty."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except FileNotFoundError:
        return None
    if not head:
        return None
    return head == _SQLITE_MAGIC


#: the stages a findings row may hold: 黄牌, 红牌, or none (a finding without a stage)
_STAGES = frozenset({"yellow", "red", ""})

#: the tables of a govhall.live state database (``_SCHEMA``)
_TABLES = frozenset({"meta", "journal", "records", "archived", "unknown", "findings", "held"})


def _connect(path: Path | str, *, readonly: bool = False) -> sqlite3.Connection:
    # one connection may be used from several threads (a web service's workers); every use is
    # serialised by the owner's lock, so sqlite3's same-thread check is turned off
    if readonly:
        uri = f"{Path(path).resolve().as_uri()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    else:
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout=5000")
    return conn


def _store_failure(path: Path, exc: sqlite3.Error, doing: str) -> GovhallError | None:
    """The error for SQLite failing while ``doing`` (``"post"``, ``"open"``, ``"read"``) on the state at ``path``: a
    lock held by another program (a backup, an sqlite3 shell) past the busy wait, or a file that cannot be
    written. None for anything else (the caller's own words apply). sqlite3's bare words named no file
    and reached the CLI as "internal error: OperationalError: …"."""
    words = str(exc)
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF  # the primary code (Python 3.11+)
    kept = {
        "post": "nothing of this post was kept, what was acknowledged before is",
        "open": "it was not opened",
    }.get(doing, "nothing was read")
    if code in (5, 6) or "locked" in words or "busy" in words:  # SQLITE_BUSY, SQLITE_LOCKED
        return StateLockedError(
            f"{path}: the live state is locked by another program ({words}); {kept}: try again when it is "
            "released (one writer per state; readers may use govhall.live.StateReader)",
            path=str(path),
        )
    if code == 8 or "readonly" in words or isinstance(exc, sqlite3.OperationalError):  # SQLITE_READONLY
        return StateUnwritableError(
            f"{path}: the live state cannot be written ({words}); {kept}: check the file's and its "
            "folder's permissions and the disk",
            path=str(path),
        )
    return None


class _Db:
    """Queries shared by the writer and the readers."""

    conn: sqlite3.Connection

    _mutex: threading.RLock

    def _rows(self, sql: str, *args: Any) -> Iterator[tuple[Any, ...]]:
        with self._mutex:
            return iter(self.conn.execute(sql, args).fetchall())

    def _document(self) -> dict[str, Any] | None:
        with self._mutex:
            try:
                self.conn.execute("BEGIN")  # one snapshot for all the tables
                try:
                    return self._read_document()
                finally:
                    self.conn.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                raise (_store_failure(self.path, exc, "read") or exc) from None

    path: Path

    def _damaged(self, where: str, why: str) -> StateFileError:
        """The error for a state database whose row ``where`` cannot be read (changed by hand, or by
        another program): it names the file, the table and the row, never a parser's bare words."""
        return StateFileError(
            f"{self.path}: the live state is damaged: {where}: {why}; restore it from a backup, or give "
            "a new path to start an empty state",
            path=str(self.path),
        )

    def _json(self, text: Any, where: str, kind: type = dict) -> Any:
        """The JSON object a state row holds; :meth:`_damaged` when it holds none."""
        try:
            value = json.loads(text)
        except (TypeError, ValueError) as exc:
            raise self._damaged(where, f"not JSON ({getattr(exc, 'msg', exc)})") from None
        except RecursionError:
            raise self._damaged(where, "JSON nested too deep to read") from None
        if not isinstance(value, kind):
            raise self._damaged(where, f"{json_type(value)}, not a JSON object")
        return value

    def _read_document(self) -> dict[str, Any] | None:
        meta = dict(self._rows("SELECT key, value FROM meta"))
        if "format" not in meta:
            if any(True for _ in self._rows("SELECT 1 FROM journal LIMIT 1")):
                raise self._damaged("table meta", "no format row, though the journal holds events")
            return None
        if meta["format"] != STATE_FORMAT:
            raise StateFileError(
                f"{self.path}: a live state of format {echoed_id(str(meta['format']))!r}, not "
                f"{STATE_FORMAT} (written by another version of govhall?)",
                path=str(self.path),
            )
        try:
            seq = int(meta.get("seq") or 0)
        except ValueError:
            raise self._damaged(
                "table meta, key seq", f"{echoed_id(str(meta['seq']))!r} is not a number"
            ) from None
        tick = meta.get("last_tick") or None
        if tick is not None:
            try:
                datetime.fromisoformat(tick)
            except (TypeError, ValueError):
                raise self._damaged(
                    "table meta, key last_tick", f"{echoed_id(str(tick))!r} is not a moment"
                ) from None
        records: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
        for tbl, key, data in self._rows("SELECT tbl, key, data FROM records ORDER BY n"):
            where = f"table records, {echoed_id(str(tbl))} {echoed_id(str(key))}"
            if tbl not in records:
                raise self._damaged(where, f"no table {echoed_id(str(tbl))!r} is held live")
            records[tbl].append(self._json(data, where))
        archived: dict[str, list[str]] = {}
        for kind, sid in self._rows("SELECT kind, id FROM archived ORDER BY kind, id"):
            archived.setdefault(kind, []).append(sid)
        unknown = [
            self._json(d, f"table unknown, seq {n}")
            for n, d in self._rows("SELECT seq, data FROM unknown ORDER BY seq")
        ]
        findings = []
        for n, stage, d in self._rows("SELECT n, stage, data FROM findings ORDER BY n"):
            finding = self._json(d, f"table findings, row {n}")
            # the cards and the stage filter read the column: a stage no card has (or one the finding
            # does not hold) resumed, and its 黄牌/红牌 vanished from /v1/live/cards without a word
            if stage not in _STAGES:
                shown = repr(echoed_id(stage)) if isinstance(stage, str) else repr(stage)[:80]
                raise self._damaged(
                    f"table findings, row {n}",
                    f"stage {shown} is none of 'yellow' (黄牌), 'red' (红牌) or ''",
                )
            if (finding.get("stage") or "") != stage:
                held = finding.get("stage")
                shown = repr(echoed_id(held)) if isinstance(held, str) else repr(held)[:80]
                raise self._damaged(
                    f"table findings, row {n}", f"its stage column says {stage!r}, its finding {shown}"
                )
            findings.append(finding)
        held = [
            self._json(d, f"table held, seq {n}")
            for n, d in self._rows("SELECT seq, data FROM held ORDER BY seq")
        ]
        for n, f in enumerate(findings, start=1):
            subject = f.get("subject")
            if not isinstance(f.get("rule_id"), str) or not isinstance(subject, dict) or "id" not in subject:
                raise self._damaged(f"table findings, finding {n}", "no rule_id or subject")
        return _document(seq, tick, records, archived, unknown, findings, held)


class SqliteStore(_Db):
    """The live state in one SQLite database: journal + state tables, one writer (see the module doc).

    ``migrated_from`` is the path of the JSON state file this store was migrated from on opening
    (None if it was not), so a caller can say so.
    """

    def __init__(self, path: str | os.PathLike[str], *, synchronous: str = "FULL") -> None:
        if synchronous.upper() not in ("FULL", "NORMAL", "EXTRA"):
            raise ValueError(f"synchronous must be FULL, EXTRA or NORMAL, not {synchronous!r}")
        self.path = Path(path)
        self._mutex = threading.RLock()
        self.migrated_from: Path | None = None
        self._lock: _WriterLock | None = _WriterLock(self.path)
        try:
            kind = _is_sqlite(self.path)
            if kind is False:
                self._migrate_json()
            self.conn = _connect(self.path)
            if kind:  # an existing database: never write into another application's
                self._check_own_tables()
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute(f"PRAGMA synchronous={synchronous.upper()}")
            self.conn.executescript(_SCHEMA)
        except sqlite3.OperationalError as exc:  # a lock another program holds, a file not writable
            self.close()
            failure = _store_failure(self.path, exc, "open")
            if failure is None:
                raise StateFileError(
                    f"{self.path}: not a govhall.live state database ({exc})", path=str(path)
                ) from None
            raise failure from None
        except sqlite3.DatabaseError as exc:
            self.close()
            raise StateFileError(
                f"{self.path}: not a govhall.live state database ({exc})", path=str(path)
            ) from None
        except BaseException:
            self.close()
            raise

    def _check_own_tables(self) -> None:
        names = {n for (n,) in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        foreign = sorted(n for n in names - _TABLES if not n.startswith("sqlite_"))
        if foreign:
            shown = ", ".join(foreign[:5]) + (" …" if len(foreign) > 5 else "")
            raise StateFileError(
                f"{self.path}: an SQLite database of something else (tables {shown}), not a govhall.live "
                "state; give a new path or a govhall.live state",
                path=str(self.path),
            )

    def _migrate_json(self) -> None:
        """Turn the JSON state file at ``self.path`` into a database at the same path, once."""
        old = JsonFileStore(self.path, lock=False)
        doc = old.load()
        backup = self.path.with_name(self.path.name + ".v1.json")
        tmp = self.path.with_name(self.path.name + ".migrating")
        for p in (tmp, Path(str(tmp) + "-wal"), Path(str(tmp) + "-shm")):
            p.unlink(missing_ok=True)
        conn = _connect(tmp)
        try:
            conn.executescript(_SCHEMA)
            if doc is not None:
                _apply(conn, changes_from_document(doc))
        finally:
            conn.close()
        with open(self.path, "rb") as src, open(backup, "wb") as dst:
            dst.write(src.read())
            dst.flush()
            os.fsync(dst.fileno())
        os.replace(tmp, self.path)  # atomic: the JSON file or the database, never neither
        _fsync_dir(self.path.parent)
        self.migrated_from = backup

    def load(self) -> dict[str, Any] | None:
        return self._document()

    def commit(self, changes: Changes) -> None:
        if not changes:
            return
        with self._mutex:
            if self._lock is None:
                raise StateFileError(f"{self.path}: the store is closed")
            try:
                _apply(self.conn, changes)
            except sqlite3.OperationalError as exc:
                raise (_store_failure(self.path, exc, "post") or exc) from None

    def journal(self, after: int = 0, limit: int | None = None) -> list[dict[str, Any]]:
        """Journal rows with ``seq > after`` (in order): seq, posted_at, type, outcome, body."""
        return _journal(self, after, limit)

    def close(self) -> None:
        with self._mutex:
            conn = getattr(self, "conn", None)
            if conn is not None:
                conn.close()
                self.conn = None  # type: ignore[assignment]
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    def __repr__(self) -> str:
        return f"SqliteStore({str(self.path)!r})"


def _journal(db: _Db, after: int, limit: int | None) -> list[dict[str, Any]]:
    rows = db._rows(
        "SELECT seq, posted_at, type, outcome, body FROM journal WHERE seq > ? ORDER BY seq LIMIT ?",
        after,
        -1 if limit is None else limit,
    )
    return [
        {
            "seq": s,
            "posted_at": p,
            "type": t,
            "outcome": o,
            "body": db._json(b, f"table journal, seq {s}", object),
        }
        for s, p, t, o, b in rows
    ]


def _apply(conn: sqlite3.Connection, ch: Changes) -> None:
    """Apply ``ch`` in one transaction (committed, hence durable, when this returns)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        meta = [("format", STATE_FORMAT)]
        if ch.seq is not None:
            meta.append(("seq", str(ch.seq)))
        if ch.last_tick != "":
            meta.append(("last_tick", ch.last_tick or ""))
        conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", meta)
        if ch.journal:
            conn.executemany("INSERT INTO journal VALUES (?, ?, ?, ?, ?)", ch.journal)
        puts = [(t, k, v) for (t, k), v in ch.records.items() if v is not None]
        drops = [(t, k) for (t, k), v in ch.records.items() if v is None]
        if puts:
            conn.executemany(  # an update keeps the record's place (n): the order it was first posted
                "INSERT INTO records (tbl, key, data) VALUES (?, ?, ?) "
                "ON CONFLICT (tbl, key) DO UPDATE SET data = excluded.data",
                puts,
            )
        if drops:
            conn.executemany("DELETE FROM records WHERE tbl = ? AND key = ?", drops)
        if ch.archived:
            conn.executemany("INSERT OR IGNORE INTO archived VALUES (?, ?)", ch.archived)
        if ch.unknown:
            conn.executemany("INSERT OR REPLACE INTO unknown VALUES (?, ?)", ch.unknown)
        if ch.findings:
            conn.executemany(
                "INSERT INTO findings (rule_id, kind, subject, stage, data) VALUES (?, ?, ?, ?, ?)",
                ch.findings,
            )
        if ch.held_drop:
            conn.executemany("DELETE FROM held WHERE seq = ?", [(s,) for s in ch.held_drop])
        if ch.held_add:
            conn.executemany("INSERT OR REPLACE INTO held VALUES (?, ?, ?, ?)", ch.held_add)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


class StateReader(_Db):
    """Read-only access to a :class:`SqliteStore` database while its writer runs (no lock taken).

    Each call reads one consistent snapshot (SQLite WAL). For a dashboard or the HTTP service::

        with StateReader("/var/lib/govhall/hall-live.db") as r:
            r.cards()          # open 黄牌/红牌
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        if _is_sqlite(self.path) is not True:
            raise StateFileError(f"{self.path}: no govhall.live state database here", path=str(self.path))
        self._mutex = threading.RLock()
        self.conn = _connect(self.path, readonly=True)

    @property
    def seq(self) -> int:
        """The sequence number of the last committed event."""
        rows = list(self._rows("SELECT value FROM meta WHERE key = 'seq'"))
        return int(rows[0][0]) if rows else 0

    def findings(self, stage: str | None = None) -> list[dict[str, Any]]:
        """Every finding so far (as JSON), in the order found; ``stage`` = ``yellow``/``red`` to filter."""
        if stage is None:
            rows = self._rows("SELECT data FROM findings ORDER BY n")
        else:
            rows = self._rows("SELECT data FROM findings WHERE stage = ? ORDER BY n", stage)
        return [json.loads(d) for (d,) in rows]

    def cards(self, stage: str | None = None) -> list[dict[str, Any]]:
        """The open 黄牌/红牌: staged findings whose subject is still held and not closed."""
        from govhall.live.supervisor import open_subject_ids

        with self._mutex:
            self.conn.execute("BEGIN")
            try:
                rows = list(
                    self._rows(
                        "SELECT f.data, r.tbl, r.data FROM findings f JOIN records r "
                        "ON r.tbl = f.kind || 's' AND r.key = f.subject "
                        "WHERE f.stage IN ('yellow', 'red') AND (? IS NULL OR f.stage = ?) ORDER BY f.n",
                        stage,
                        stage,
                    )
                )
                tick = list(self._rows("SELECT value FROM meta WHERE key = 'last_tick'"))
            finally:
                self.conn.execute("COMMIT")
        now = datetime.fromisoformat(tick[0][0]) if tick and tick[0][0] else None
        records = [(tbl, json.loads(rec)) for _, tbl, rec in rows]
        open_ids = open_subject_ids(records, now)
        return [
            json.loads(f)
            for (f, _, _), (tbl, rec) in zip(rows, records, strict=True)
            if (tbl, rec["id"]) in open_ids
        ]

    def unknown_events(self) -> list[dict[str, Any]]:
        """The events recorded as unknown or rejected, in posting order."""
        return [json.loads(d) for (d,) in self._rows("SELECT data FROM unknown ORDER BY seq")]

    def journal(self, after: int = 0, limit: int | None = None) -> list[dict[str, Any]]:
        """Journal rows with ``seq > after`` (in order): seq, posted_at, type, outcome, body."""
        return _journal(self, after, limit)

    def load(self) -> dict[str, Any] | None:
        """The whole state document."""
        return self._document()

    def close(self) -> None:
        with self._mutex:
            self.conn.close()

    def __enter__(self) -> StateReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_store(state: str | os.PathLike[str] | Store | None) -> Store:
    """A store for ``state``: a :class:`Store` as is, None → :class:`MemoryStore`, a path → :class:`SqliteStore`."""
    if state is None:
        return MemoryStore()
    if isinstance(state, (str, os.PathLike)):
        return SqliteStore(state)
    if not isinstance(state, Store):
        raise TypeError(f"store must be a Store or a path, not {type(state).__name__}")
    return state
