"""A province's findings on disk while its report is made (issue #10: the parent's memory).

A province audit's workers are bounded by their largest hall, but a parent that kept every hall's
findings until the report was written grew with the province (the issue's 500-hall province: 625 MB,
about 6 KB a finding). A :class:`FindingSpool` takes each hall's findings as its result arrives, sorts
them by :meth:`~govhall.rules.core.Finding.sort_key` and writes them, pickled one by one, to an
anonymous temporary file (created already unlinked: nothing is left on disk whatever stops the
process, Ctrl-C, an error or a kill; :meth:`FindingSpool.close` gives back its descriptor).

:meth:`FindingSpool.merged` then puts them in the report's order without holding them:
``Finding.sort_key`` is standard, clause, rule, **then** hall, so the halls' findings interleave; a
lazy k-way merge (:func:`heapq.merge`) of the halls' sorted runs, taken in hall order, reads one
finding per hall at a time and keeps only each finding's record number. :func:`heapq.merge` is
stable (a tie goes to the earlier run) and each run is sorted stably, so the order is exactly that
of sorting every finding, concatenated in hall order, with ``list.sort`` (what
:func:`govhall.province.merge_results` does). The result, :class:`SpooledFindings`, is a sequence
read from the file on demand: the report's renderers read it finding by finding (JSON, SARIF,
OSCAL) or by position from small indexes they build in a first pass (text, Markdown, JUnit, HTML),
so the parent holds a handful of findings, eight bytes a finding of indexes, and the per-province
tables (summaries, counts, rule infos, the personal values to mask).

A province's workers pack their hall's findings in this form themselves (:func:`pack_findings`,
``AuditOptions(packed=True)``): sorted, each pickled on its own, with their sort keys and personal
values beside them. The parent writes the bytes it receives to the file as they are
(:meth:`FindingSpool.add_packed`), merges by the keys and makes the masking table from the
personal values (:meth:`SpooledFindings.personal_table`), so no finding is unpickled until a
renderer reads it: receiving, spooling and merging a finding cost the parent about 5 µs instead of
about 50 (the worker's pickling was paid anyway, to send the result).
"""

from __future__ import annotations

import heapq
import os
import pickle
import tempfile
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate, islice
from operator import itemgetter
from types import TracebackType
from typing import IO, Any, overload

from govhall.rules.core import Finding

__all__ = [
    "KEY_CHUNK",
    "FindingSpool",
    "MappedFindings",
    "PackedFindings",
    "SpooledFindings",
    "finding_heads",
    "head_of",
    "pack_findings",
]

#: sort keys per pickled chunk of a packed run: the merge holds one chunk per hall at a time, so a
#: province's merge holds ``KEY_CHUNK`` keys of every hall at once (a key is about 1.2 KB unpickled:
#: with 64, the 500-hall province's merge held some 38 MB of keys, the parent's peak)
KEY_CHUNK = 8

_PROTOCOL = pickle.HIGHEST_PROTOCOL

#: what the grouped renderers need of every finding before they read any: standard, first clause,
#: rule and severity (masking changes none of them)
Head = tuple[str, str, str, str]


def head_of(f: Finding) -> Head:
    """``f``'s :data:`Head`: ``(standard, first clause or "", rule id, severity)``."""
    return (f.standard, f.clauses[0] if f.clauses else "", f.rule_id, f.severity)


def finding_heads(findings: Iterable[Finding]) -> Iterator[Head]:
    """The :data:`Head` of each of ``findings`` in order: a spooled province's from the merge's table,
    without reading a finding (:meth:`SpooledFindings.heads`); any other sequence's from its findings."""
    heads = getattr(findings, "heads", None)
    if callable(heads):
        made: Iterator[Head] = heads()
        return made
    return map(head_of, findings)


@dataclass
class PackedFindings:
    """One hall's findings in the spool's own form, made where the hall was audited (a worker process).

    ``blob`` is the findings sorted by :meth:`~govhall.rules.core.Finding.sort_key` (stably), each
    pickled on its own, end to end; ``sizes`` each pickle's length (an ``array("q")``'s bytes);
    ``keys`` each one's sort key and :data:`Head`, pickled :data:`KEY_CHUNK` at a time; ``personal`` the personal values
    their evidence holds (:func:`govhall.reports._common.personal_firsts`: each value, its mask and
    the first finding holding it), pickled. The parent writes them to its spool as they are, so it
    never unpickles a finding to receive it, nor pickles one again to spool it; the merge reads the
    keys, and the masking table is made from ``personal`` without reading a finding."""

    count: int
    blob: bytes
    sizes: bytes
    keys: list[bytes]
    personal: bytes


def pack_findings(findings: Iterable[Finding]) -> PackedFindings:
    """``findings`` (one hall's) as :class:`PackedFindings`: what :meth:`FindingSpool.add` writes."""
    from govhall.reports._common import personal_firsts

    given = list(findings)
    keys = [f.sort_key() for f in given]
    order = sorted(range(len(given)), key=keys.__getitem__)  # stable: ties keep the hall's order
    ordered = [given[i] for i in order]
    keys = [(keys[i], head_of(given[i])) for i in order]
    pickles = [pickle.dumps(f, protocol=_PROTOCOL) for f in ordered]
    return PackedFindings(
        count=len(ordered),
        blob=b"".join(pickles),
        sizes=array("q", map(len, pickles)).tobytes(),
        keys=[
            pickle.dumps(keys[i : i + KEY_CHUNK], protocol=_PROTOCOL) for i in range(0, len(keys), KEY_CHUNK)
        ],
        personal=pickle.dumps(personal_firsts(ordered), protocol=_PROTOCOL),
    )


class FindingSpool:
    """Findings written to an unlinked temporary file, hall by hall, and read back one at a time.

    Use as a context manager (or call :meth:`close`). ``folder`` is where the file is made (default:
    :func:`tempfile.gettempdir`, i.e. ``TMPDIR``); it holds no name there at any moment.
    """

    def __init__(self, folder: str | os.PathLike[str] | None = None) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="govhall-findings-", dir=folder)
        self._fd = self._file.fileno()
        #: record n is ``sizes[n]`` bytes of the file from ``starts[n]`` (a hall's records end to end; its
        #: sort keys and personal values follow them)
        self._starts = array("q")
        self._sizes = array("I")
        #: hall -> (its first record, one past its last)
        self._runs: dict[str, tuple[int, int]] = {}
        #: hall -> where in the file its pickled chunks of sort keys are (written end to end: chunk i is
        #: bytes ``bounds[i]`` to ``bounds[i + 1]``), and its personal values
        self._keys: dict[str, array[int]] = {}
        self._personal: dict[str, tuple[int, int]] = {}
        self._end = 0  # the file's length
        self._dirty = False

    def __enter__(self) -> FindingSpool:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Give the file back (it has no name: closing it frees its space)."""
        self._file.close()

    @property
    def closed(self) -> bool:
        return self._file.closed

    def __len__(self) -> int:
        return len(self._starts)

    def __contains__(self, hall: object) -> bool:
        return hall in self._runs

    def add(self, hall: str, findings: Iterable[Finding]) -> None:
        """Write ``hall``'s findings, sorted by ``Finding.sort_key`` (stably), as one run."""
        if hall in self._runs:
            raise ValueError(f"hall {hall!r} is already in the spool")
        self.add_packed(hall, pack_findings(findings))

    def add_packed(self, hall: str, packed: PackedFindings) -> None:
        """Write ``hall``'s findings as :func:`pack_findings` gave them (in a worker): as they are."""
        if hall in self._runs:
            raise ValueError(f"hall {hall!r} is already in the spool")
        sizes = array("q")
        sizes.frombytes(packed.sizes)
        if len(sizes) != packed.count or sum(sizes) != len(packed.blob):
            raise ValueError(f"hall {hall!r}: its packed findings do not add up")
        first = len(self)
        self._starts.extend(accumulate(islice(sizes, len(sizes) - 1), initial=self._end) if sizes else ())
        self._sizes.extend(iter(sizes))
        self._put(packed.blob)
        bounds = array("q", [self._end])
        for chunk in packed.keys:
            bounds.append(self._put(chunk)[1])
        self._keys[hall] = bounds
        self._personal[hall] = self._put(packed.personal)
        self._runs[hall] = (first, len(self))

    def _put(self, data: bytes) -> tuple[int, int]:
        start = self._end
        self._file.write(data)
        self._end += len(data)
        self._dirty = True
        return start, self._end

    def _read(self, start: int, end: int) -> bytes:
        if self._file.closed:
            raise ValueError("the spool is closed: a spooled report is read inside its with block only")
        if self._dirty:
            self._file.flush()
            self._dirty = False
        return os.pread(self._fd, end - start, start)

    def record(self, n: int) -> Finding:
        """Record ``n`` (in the order written), read afresh from the file.

        A closed spool raises ``ValueError`` (its descriptor's number may name another file by then)."""
        start = self._starts[n]
        found: Finding = pickle.loads(self._read(start, start + self._sizes[n]))
        return found

    def personal(self, hall: str) -> list[tuple[str, str, int]]:
        """``hall``'s personal values: each value, its mask and its first finding's place in the run."""
        if hall not in self._personal:
            return []
        found: list[tuple[str, str, int]] = pickle.loads(self._read(*self._personal[hall]))
        return found

    def _run(self, hall: str) -> Iterator[tuple[tuple[Any, ...], int, Head]]:
        n, end = self._runs.get(hall, (0, 0))
        bounds = self._keys.get(hall, array("q"))
        for i in range(len(bounds) - 1):
            for key, head in pickle.loads(self._read(bounds[i], bounds[i + 1])):
                yield key, n, head
                n += 1
        if n != end:  # a finding without its key would be left out of the report without a word
            raise ValueError(
                f"hall {hall!r}: {end - self._runs[hall][0]} findings but {n - self._runs[hall][0]} keys"
            )

    def merged(self, halls: Sequence[str]) -> SpooledFindings:
        """Every finding of ``halls`` (in this order) in ``Finding.sort_key`` order, ties in hall order.

        No finding is read: the merge reads the halls' sort keys, a chunk per hall at a time; what is
        kept is each finding's record number (eight bytes)."""
        runs = [self._run(h) for h in halls]
        order = array("q")
        heads = array("I")  # each finding's head, as its number in ``table`` (a few hundred distinct)
        table: dict[Head, int] = {}
        for _, n, head in heapq.merge(*runs, key=itemgetter(0)):
            order.append(n)
            heads.append(table.setdefault(head, len(table)))
        return SpooledFindings(self, order, halls, heads, list(table))


class SpooledFindings(Sequence[Finding]):
    """The findings of a :class:`FindingSpool` in a given order, each read from the file when asked
    for (a fresh object each time: nothing is cached)."""

    def __init__(
        self,
        spool: FindingSpool,
        order: array[int],
        halls: Sequence[str] = (),
        heads: array[int] | None = None,
        table: Sequence[Head] = (),
    ) -> None:
        self._spool = spool
        self._order = order
        self._halls = list(halls)
        self._heads = heads
        self._table = list(table)

    def heads(self) -> Iterator[Head]:
        """Each finding's :data:`Head`, in order, from the merge (no finding read)."""
        if self._heads is None:
            return map(head_of, self)
        return map(self._table.__getitem__, self._heads)

    def personal_table(self) -> dict[str, str]:
        """:func:`govhall.reports._common.personal_table` of these findings, read from the halls' lists
        of personal values, not from the findings: the same values and masks in the same order (each
        value where it is first met in this order; values first met in one finding in that finding's
        order)."""
        spool = self._spool
        at = array("q", bytes(8 * len(spool)))  # record -> its place in this order
        for i, n in enumerate(self._order):
            at[n] = i
        first: dict[str, tuple[int, int, str]] = {}
        for hall in self._halls:
            start = spool._runs.get(hall, (0, 0))[0]
            for rank, (value, mask, n) in enumerate(spool.personal(hall)):
                where = (at[start + n], rank, mask)
                if value not in first or where < first[value]:
                    first[value] = where
        return {value: mask for value, (_, _, mask) in sorted(first.items(), key=lambda kv: kv[1][:2])}

    def __len__(self) -> int:
        return len(self._order)

    @overload
    def __getitem__(self, i: int) -> Finding: ...
    @overload
    def __getitem__(self, i: slice) -> list[Finding]: ...
    def __getitem__(self, i: int | slice) -> Finding | list[Finding]:
        if isinstance(i, slice):
            return [self._spool.record(n) for n in self._order[i]]
        return self._spool.record(self._order[i])

    def __iter__(self) -> Iterator[Finding]:
        record = self._spool.record
        for n in self._order:
            yield record(n)

    def __repr__(self) -> str:
        return f"<{len(self)} spooled findings>"


class MappedFindings(Sequence[Finding]):
    """``fn`` of each of ``findings``, made when read (the masked findings of a spooled report)."""

    def __init__(
        self, findings: Sequence[Finding], fn: Callable[[Finding], Finding], *, keeps_heads: bool = False
    ) -> None:
        self._findings = findings
        self._fn = fn
        self._keeps_heads = keeps_heads

    def heads(self) -> Iterator[Head]:
        """Each finding's :data:`Head`: the underlying findings' when ``fn`` keeps them (``keeps_heads``,
        as masking does: no finding read from a spool), else the made findings'."""
        return finding_heads(self._findings) if self._keeps_heads else map(head_of, self)

    def __len__(self) -> int:
        return len(self._findings)

    @overload
    def __getitem__(self, i: int) -> Finding: ...
    @overload
    def __getitem__(self, i: slice) -> list[Finding]: ...
    def __getitem__(self, i: int | slice) -> Finding | list[Finding]:
        if isinstance(i, slice):
            return [self._fn(f) for f in self._findings[i]]
        return self._fn(self._findings[i])

    def __iter__(self) -> Iterator[Finding]:
        return map(self._fn, self._findings)

    def __repr__(self) -> str:
        return f"<{len(self)} findings, each made when read>"
