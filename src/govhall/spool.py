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
"""

from __future__ import annotations

import heapq
import os
import pickle
import tempfile
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from operator import itemgetter
from types import TracebackType
from typing import IO, Any, overload

from govhall.rules.core import Finding

__all__ = ["FindingSpool", "MappedFindings", "SpooledFindings"]


class FindingSpool:
    """Findings written to an unlinked temporary file, hall by hall, and read back one at a time.

    Use as a context manager (or call :meth:`close`). ``folder`` is where the file is made (default:
    :func:`tempfile.gettempdir`, i.e. ``TMPDIR``); it holds no name there at any moment.
    """

    def __init__(self, folder: str | os.PathLike[str] | None = None) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="govhall-findings-", dir=folder)
        self._fd = self._file.fileno()
        #: record n is bytes [offsets[n], offsets[n + 1]) of the file
        self._offsets = array("q", [0])
        #: hall -> (its first record, one past its last)
        self._runs: dict[str, tuple[int, int]] = {}
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
        return len(self._offsets) - 1

    def __contains__(self, hall: object) -> bool:
        return hall in self._runs

    def add(self, hall: str, findings: Iterable[Finding]) -> None:
        """Write ``hall``'s findings, sorted by ``Finding.sort_key`` (stably), as one run."""
        if hall in self._runs:
            raise ValueError(f"hall {hall!r} is already in the spool")
        first = len(self)
        end = self._offsets[-1]
        write, offsets = self._file.write, self._offsets
        for f in sorted(findings, key=Finding.sort_key):
            blob = pickle.dumps(f, protocol=pickle.HIGHEST_PROTOCOL)
            write(blob)
            end += len(blob)
            offsets.append(end)
        self._runs[hall] = (first, len(self))
        self._dirty = True

    def record(self, n: int) -> Finding:
        """Record ``n`` (in the order written), read afresh from the file.

        A closed spool raises ``ValueError`` (its descriptor's number may name another file by then)."""
        if self._file.closed:
            raise ValueError("the spool is closed: a spooled report is read inside its with block only")
        if self._dirty:
            self._file.flush()
            self._dirty = False
        start, end = self._offsets[n], self._offsets[n + 1]
        found: Finding = pickle.loads(os.pread(self._fd, end - start, start))
        return found

    def _run(self, hall: str) -> Iterator[tuple[tuple[Any, ...], int]]:
        first, end = self._runs.get(hall, (0, 0))
        for n in range(first, end):
            yield self.record(n).sort_key(), n

    def merged(self, halls: Sequence[str]) -> SpooledFindings:
        """Every finding of ``halls`` (in this order) in ``Finding.sort_key`` order, ties in hall order.

        One finding per hall is held at a time (the merge's heap); what is kept is each finding's
        record number (eight bytes)."""
        runs = [self._run(h) for h in halls]
        order = array("q", (n for _, n in heapq.merge(*runs, key=itemgetter(0))))
        return SpooledFindings(self, order)


class SpooledFindings(Sequence[Finding]):
    """The findings of a :class:`FindingSpool` in a given order, each read from the file when asked
    for (a fresh object each time: nothing is cached)."""

    def __init__(self, spool: FindingSpool, order: array[int]) -> None:
        self._spool = spool
        self._order = order

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

    def __init__(self, findings: Sequence[Finding], fn: Callable[[Finding], Finding]) -> None:
        self._findings = findings
        self._fn = fn

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
