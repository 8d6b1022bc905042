"""Province audits: every hall of a folder of halls, one merged report (DESIGN, "Scale").

A **province** is a folder whose subfolders, at any depth, are hall datasets in the ordinary format
(:func:`govhall.load_dataset`). Halls are the unit of work: :func:`audit_hall` loads one hall, runs the
rules over it and returns a picklable :class:`HallResult` (its findings, each naming the hall, its own
summary, its rejected records and notes); the dataset itself is dropped before the result leaves the
worker, so memory is bounded by the largest hall, not by the province. :func:`merge_results` folds the
results, in hall order, into one :class:`~govhall.rules.report.Report` whose ``summary.halls`` holds each
hall's summary and whose findings carry ``hall``. :func:`audit_many` returns that report with every
finding in memory; :func:`audit_many_spooled` (what ``govhall audit PROVINCE`` uses) writes each hall's
findings to disk as its result arrives (:mod:`govhall.spool`), so the parent process holds about one
hall's findings, not the province's, and every report format renders the same text from the spool. The merge depends only on the results, never on the
order they arrived in, so a run on one process, on ``jobs`` processes or on a Dask cluster gives the
same report, byte for byte.

A hall that cannot be read (a missing or undecodable file, no dated record …) is reported in its
summary's ``error`` and in a note; the other halls are still audited.

Hall names are the hall folders' paths relative to the province folder, with ``/`` between parts
(``广州/天河``); halls given as a list of paths are named relative to their common parent folder.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
import unicodedata
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from govhall._collector import kept_off
from govhall.errors import (
    DatasetError,
    ExtraMissingError,
    InputError,
    UnknownStandardError,
    UnreadableInputError,
    echoed_names,
    unicode_written,
)
from govhall.locations import LocationsByHall, PackedLocations
from govhall.models import TABLES, RejectedRecord
from govhall.rules.core import SEVERITIES, Finding, _natural
from govhall.rules.report import HallSummary, Note, Report, Summary, UsedInterpretation, UsedParameter
from govhall.spool import FindingSpool, PackedFindings, pack_findings

__all__ = [
    "AuditOptions",
    "HallResult",
    "ENGINES",
    "audit_hall",
    "audit_many",
    "audit_many_spooled",
    "discover_halls",
    "is_hall",
    "is_province",
    "merge_results",
    "period_needs",
]

#: file extensions that make a folder a hall dataset (same as the loader's)
_DATA_SUFFIXES = (".jsonl", ".ndjson", ".json", ".csv", ".parquet")
_META_FILES = ("meta.json", "dataset.yaml", "dataset.yml")

ProgressCallback = Callable[["HallResult"], None]


# -- finding the halls ---------------------------------------------------------------------------------


def is_hall(folder: str | os.PathLike[str]) -> bool:
    """Whether ``folder`` is a hall dataset: it holds a table file (``applications.jsonl`` …) or meta."""
    try:
        entries = list(os.scandir(Path(folder)))
    except OSError:
        return False
    return _holds_a_table(entries)


def _holds_a_table(entries: list[os.DirEntry[str]]) -> bool:
    for entry in entries:
        name = entry.name.lower()
        stem, dot, suffix = name.rpartition(".")
        if name not in _META_FILES and not (dot and f".{suffix}" in _DATA_SUFFIXES and stem in TABLES):
            continue
        # a file, or a link named like one even when it leads to nothing or loops: a dangling
        # ``items.jsonl`` in h3/ made a hall named ``h3/items.jsonl``, where the hall is h3 and its
        # load says the link leads nowhere (a folder named like a table, no link, is still no table)
        try:
            if entry.is_file() or entry.is_symlink():
                return True
        except OSError:  # a link to itself (ELOOP): it stopped the whole audit; the hall's load names it
            return True
    return False


def discover_halls(root: str | os.PathLike[str]) -> list[tuple[str, Path]]:
    """The hall datasets under ``root`` at any depth, as ``(name, folder)`` in name order.

    A hall folder's own subfolders are not searched (they belong to the hall). Symbolic links to
    folders are followed after every folder reached without one, and a folder already reached (a
    link to a hall of the province, a link back up) is not walked again, so no hall appears twice, a
    hall reached both ways keeps its own name, and no walk runs for ever. A folder that cannot be
    listed (no permission) and a link to nothing are halls too: auditing them says why they cannot
    be read, so a hall is never skipped without a word (it was, and a link to a hall outside the
    province was skipped as well). Hidden folders (``.git``) and ``lost+found`` are not searched, as
    the loader skips hidden files. The walk is a loop over a stack, not recursion, and each folder is
    listed once, so a province may nest thousands of folders deep.
    """
    base = Path(root)
    found: list[tuple[str, Path]] = []
    links: list[Path] = []
    top = os.path.realpath(base)
    reached: set[str] = {top}  # real paths: a folder reached again (through a link) is not walked again
    folders: list[tuple[Path, str]] = [(base, top)]
    while folders or links:
        if not folders:  # the links, in name order, once every folder reachable without them is known
            for link in sorted(links, key=lambda p: p.as_posix()):
                if os.path.isdir(link):
                    real = os.path.realpath(link)
                    if real not in reached:
                        reached.add(real)
                        folders.append((link, real))
                elif not os.path.exists(link):  # to nothing (or a loop of links): the audit names it
                    found.append((link.relative_to(base).as_posix(), link))
            links.clear()
            continue
        folder, real = folders.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:  # cannot be listed: as a hall, its audit says why (the root: no hall)
            if folder != base:
                found.append((folder.relative_to(base).as_posix(), folder))
            continue
        if folder != base and _holds_a_table(entries):
            found.append((folder.relative_to(base).as_posix(), folder))
            continue
        for entry in entries:
            if entry.name.startswith(".") or entry.name == "lost+found":
                continue  # hidden folders (.git, .snapshot) and a mount's lost+found (root's only) hold no hall
            try:
                if entry.is_symlink():
                    links.append(Path(entry.path))
                elif entry.is_dir(follow_symlinks=False):
                    sub = os.path.join(real, entry.name)  # a folder's real path, without resolving it again
                    if sub not in reached:
                        reached.add(sub)
                        folders.append((Path(entry.path), sub))
            except OSError:
                continue
    found.sort(key=lambda t: _natural(t[0]))
    return _told_apart(found)


def _told_apart(halls: list[tuple[str, Path]]) -> list[tuple[str, Path]]:
    """``halls`` with the names of hall folders that differ only in Unicode normalisation told apart.

    A folder ``Café大厅`` written precomposed (NFC, as Windows and most editors write it) and one
    written decomposed (NFD, as macOS file systems gave it back) are two folders, and two halls, with
    the same name on screen: their rows in the report could not be told apart. Each such name is
    followed by its form and its characters' code points (``Café大厅 (NFD: Cafe\\u0301大厅)``); every
    other name is unchanged."""
    forms = Counter(unicodedata.normalize("NFC", name) for name, _ in halls)
    if len(forms) == len(halls):
        return halls
    out = []
    for name, folder in halls:
        if forms[unicodedata.normalize("NFC", name)] > 1:
            form = next((f for f in ("NFC", "NFD") if unicodedata.is_normalized(f, name)), "mixed")
            name = f"{name} ({form}: {unicode_written(name)})"
        out.append((name, folder))
    return out


def is_province(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a folder of halls (and not itself one hall)."""
    p = Path(path)
    return p.is_dir() and not is_hall(p) and bool(discover_halls(p))


def _named(paths: Sequence[str | os.PathLike[str]]) -> list[tuple[str, Path]]:
    """Hall names for an explicit list of hall paths: relative to their common parent folder."""
    resolved = [Path(os.fspath(p)) for p in paths]
    if not resolved:
        return []
    absolute = [p.resolve() for p in resolved]
    parent = Path(os.path.commonpath([str(p.parent) for p in absolute]))
    out = [(a.relative_to(parent).as_posix(), p) for a, p in zip(absolute, resolved, strict=True)]
    names = [n for n, _ in out]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        raise InputError(f"the same hall is given twice: {', '.join(sorted(dupes))}")
    return _told_apart(sorted(out, key=lambda t: _natural(t[0])))


# -- one hall ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditOptions:
    """What every hall of a province is audited with (picklable: plain values only).

    ``profile`` is a YAML path (as text) or a profile dict; ``interpretations`` the chosen readings
    (``{"name": "value"}``); ``standards`` restricts the standards run; ``as_of`` judges every hall
    as of that day (else each hall's own ``as_of``).
    """

    profile: str | dict[str, Any] | None = None
    interpretations: dict[str, str] = field(default_factory=dict)
    standards: tuple[str, ...] | None = None
    as_of: date | None = None
    #: the result carries its findings packed for the parent's spool (``HallResult.packed``,
    #: :func:`govhall.spool.pack_findings`) rather than as ``findings`` (:func:`audit_many_spooled`)
    packed: bool = False


@dataclass
class HallResult:
    """What auditing one hall gives: everything the merged report needs, and nothing of the dataset."""

    hall: str
    source: str
    summary: HallSummary
    findings: list[Finding] = field(default_factory=list)
    rejected: list[RejectedRecord] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    interpretations: list[UsedInterpretation] = field(default_factory=list)
    parameters: list[UsedParameter] = field(default_factory=list)
    standards: list[str] = field(default_factory=list)
    rules_run: list[str] = field(default_factory=list)
    #: ``"<hall>::<kind>/<id>"`` -> the subject's file and line (for SARIF and JUnit; from
    #: :func:`audit_hall` a :class:`~govhall.locations.PackedLocations`, decoded when first read)
    locations: Mapping[str, Any] = field(default_factory=dict)
    #: rule id -> seconds its checks took on this hall (JUnit ``time``)
    rule_seconds: Mapping[str, float] = field(default_factory=dict)
    #: ``"<hall>::<responsible or kind/id>"`` -> department (``Report.departments``, HTML report)
    departments: dict[str, str] = field(default_factory=dict)
    #: the findings packed in the worker for the parent's spool (``findings`` then empty), when the
    #: options asked for it: the parent writes them to disk without unpickling one
    packed: PackedFindings | None = None

    @property
    def error(self) -> str | None:
        """Why the hall could not be audited, or None."""
        return self.summary.error


def _empty_summary(source: str, error: str) -> HallSummary:
    return HallSummary(
        records=0, audited=0, rejected=0, findings={s: 0 for s in SEVERITIES}, source=source, error=error
    )


def _reason(exc: BaseException) -> str:
    if isinstance(exc, KeyError) and exc.args:
        text = str(exc.args[0])
    elif isinstance(exc, OSError) and exc.filename and exc.strerror:
        text = f"{exc.filename}: {exc.strerror}"
    else:
        text = str(exc) or exc.__class__.__name__
    if not isinstance(exc, (ValueError, OSError, LookupError)):
        text = f"{exc.__class__.__name__}: {text}"
    return " ".join(text.split())


def audit_hall(
    path: str | os.PathLike[str], options: AuditOptions | None = None, *, hall: str | None = None
) -> HallResult:
    """Load and audit one hall; never raises for a hall that cannot be read (see ``summary.error``).

    ``hall`` names the hall in the result (its folder name by default). Picklable arguments and
    result, so that worker processes and Dask tasks can run it.
    """
    from govhall.loaders import load_dataset
    from govhall.rules.runner import audit

    opts = options or AuditOptions()
    src = Path(os.fspath(path))
    name = hall or src.name
    try:
        dataset = load_dataset(src)
        if dataset.records == 0:  # an export that wrote empty files: no clean month (as govhall audit HALL)
            raise DatasetError(
                f"{src}: the dataset holds no records (its tables are empty), so nothing was audited"
            )
        report = audit(
            dataset,
            profile=opts.profile,
            interpretations=dict(opts.interpretations),
            standards=list(opts.standards) if opts.standards else None,
            as_of=opts.as_of,
        )
    except Exception as exc:  # a hall that cannot be read is reported; the others go on
        return HallResult(hall=name, source=str(src), summary=_empty_summary(str(src), _reason(exc)))
    del dataset
    s = report.summary
    summary = HallSummary(**s.model_dump(exclude={"halls"}), source=str(src), as_of=report.as_of)
    findings = _in_hall(report.findings, name)
    return HallResult(
        hall=name,
        source=str(src),
        summary=summary,
        findings=[] if opts.packed else findings,
        packed=pack_findings(findings) if opts.packed else None,
        rejected=[r.model_copy(update={"hall": name}) for r in report.rejected],
        notes=report.notes,
        interpretations=report.interpretations,
        parameters=report.parameters,
        standards=report.standards,
        rules_run=report.rules_run,
        locations=PackedLocations({f"{name}::{key}": where for key, where in report.locations.items()}),
        rule_seconds=dict(report.rule_seconds),
        departments={f"{name}::{key}": dept for key, dept in report.departments.items()},
    )


class _Shared:
    """Keeps one object for what the halls' results repeat: each hall's readings and parameter values
    (the same for most halls), the rules it ran and their ids, the departments' labels. A province's
    parent holds every hall's result until the merge, each unpickled afresh: for the issue's province
    of 500 halls these repeats were 57 of the 223 MB its results held, growing with the number of
    halls. Each hall's seconds per rule are kept as one array of floats against the rules' ids, shared
    by the halls that ran the same rules (21 KB a hall as a dict, 1.4 KB so)."""

    def __init__(self) -> None:
        self._seen: dict[Any, Any] = {}

    def __call__(self, r: HallResult) -> None:
        seen = self._seen
        r.interpretations = [seen.setdefault(("i", *i.__dict__.values()), i) for i in r.interpretations]
        r.parameters = [seen.setdefault(("p", p.model_dump_json()), p) for p in r.parameters]
        r.rules_run = seen.setdefault(("r", *r.rules_run), r.rules_run)
        r.standards = seen.setdefault(("s", *r.standards), r.standards)
        ids = tuple(seen.setdefault(k, k) for k in r.rule_seconds)
        index = seen.setdefault(("t", *ids), {k: i for i, k in enumerate(ids)})
        r.rule_seconds = _Seconds(index, array("d", r.rule_seconds.values()))
        r.departments = {k: seen.setdefault(("d", v), v) for k, v in r.departments.items()}


class _Seconds(Mapping[str, float]):
    """rule id -> seconds: ``index`` (rule id -> position, shared by halls) over an array of floats."""

    __slots__ = ("_index", "_values")

    def __init__(self, index: dict[str, int], values: array[float]) -> None:
        self._index, self._values = index, values

    def __getitem__(self, key: str) -> float:
        return self._values[self._index[key]]

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)


def _in_hall(findings: list[Finding], hall: str) -> list[Finding]:
    """``findings`` naming ``hall``: set on the report's own findings, which nothing else holds (a copy of
    each cost more than the rest of the hall's bookkeeping)."""
    for f in findings:
        f.hall = hall
    return findings


# -- the merge -----------------------------------------------------------------------------------------


def merge_results(
    results: Iterable[HallResult],
    *,
    source: str | None = None,
    as_of: date | None = None,
    spool: FindingSpool | None = None,
) -> Report:
    """One report of many halls: totals, ``summary.halls`` and every finding naming its hall.

    Deterministic: the results are taken in hall-name order whatever order they come in; findings
    are ordered by standard, clause, rule, hall and subject. Notes about validity windows and
    provisional dates are summed over the halls; other notes are kept per hall, prefixed with it.

    With ``spool`` (a :class:`~govhall.spool.FindingSpool` holding each hall's findings, the results'
    own ``findings`` left empty) the report's findings are the spool's, merged in the same order
    (:meth:`~govhall.spool.FindingSpool.merged`) and read from disk when a renderer reads them: valid
    while the spool is open.
    """
    import govhall

    ordered = sorted(results, key=lambda r: _natural(r.hall))
    findings: list[Finding] = [f for r in ordered for f in r.findings]
    findings.sort(key=Finding.sort_key)
    if spool is not None and findings:
        raise ValueError("merge_results: with a spool, the results' findings are in the spool")
    by_sev: Counter[str] = Counter()
    by_std: dict[str, Counter[str]] = {}
    records = audited = rejected = subjects = 0
    halls: dict[str, HallSummary] = {}
    for r in ordered:
        s = r.summary
        halls[r.hall] = s
        records += s.records
        audited += s.audited
        rejected += s.rejected
        subjects += s.subjects_with_findings
        by_sev.update(s.findings)
        for std, counts in s.by_standard.items():
            by_std.setdefault(std, Counter()).update(counts)
    summary = Summary(
        records=records,
        audited=audited,
        rejected=rejected,
        findings={s: by_sev.get(s, 0) for s in SEVERITIES},
        by_standard={k: {s: v.get(s, 0) for s in SEVERITIES} for k, v in sorted(by_std.items())},
        subjects_with_findings=subjects,
        halls=halls,
    )
    notes = _merge_notes(ordered)
    interpretations: dict[str, UsedInterpretation] = {}
    parameters: dict[str, UsedParameter] = {}
    standards: set[str] = set()
    rules_run: list[str] = []
    seen_rules: set[str] = set()
    for r in ordered:
        for i in r.interpretations:
            interpretations.setdefault(i.name, i)
        for p in r.parameters:  # a value each hall used, once (a dated change may give a name two)
            parameters.setdefault(p.model_dump_json(), p)
        standards.update(r.standards)
        for rid in r.rules_run:
            if rid not in seen_rules:
                seen_rules.add(rid)
                rules_run.append(rid)
    days = {r.summary.as_of for r in ordered if r.error is None}
    report = Report(
        kind="audit",
        govhall_version=govhall.__version__,
        source=source,
        as_of=as_of if as_of is not None else (days.pop() if len(days) == 1 else None),
        standards=sorted(standards),
        rules_run=rules_run,
        summary=summary,
        findings=findings,
        rejected=[x for r in ordered for x in r.rejected],
        interpretations=[interpretations[k] for k in sorted(interpretations)],
        parameters=sorted(parameters.values(), key=lambda p: p.name),  # values in the order first met
        notes=notes,
        rule_seconds=_summed(r.rule_seconds for r in ordered),
        departments={k: v for r in ordered for k, v in r.departments.items()},
    )
    # each hall's locations are read through (packed until SARIF or JUnit asks for one); not validated
    update: dict[str, Any] = {"locations": LocationsByHall({r.hall: r.locations for r in ordered})}
    if spool is not None:  # the spooled findings stand where the list would (a sequence read from disk)
        update["findings"] = spool.merged([r.hall for r in ordered])
    return report.model_copy(update=update)


def _summed(parts: Iterable[Mapping[str, float]]) -> dict[str, float]:
    out: dict[str, float] = {}
    for part in parts:
        for k, v in part.items():
            out[k] = out.get(k, 0.0) + v
    return out


def _merge_notes(ordered: list[HallResult]) -> list[Note]:
    from govhall.rules.runner import provisional_note, validity_note

    validity: Counter[str] = Counter()
    provisional = 0
    per_hall: list[Note] = []
    unreadable: list[Note] = []
    for r in ordered:
        if r.error is not None:
            unreadable.append(
                Note(kind="info", message=f"hall {r.hall} could not be audited: {r.error}", count=1)
            )
        for n in r.notes:
            if n.kind == "outside_validity" and n.rule_id:
                validity[n.rule_id] += n.count
            elif n.kind == "provisional":
                provisional += n.count
            else:
                per_hall.append(n.model_copy(update={"message": f"hall {r.hall}: {n.message}"}))
    notes = [validity_note(rid, n) for rid, n in sorted(validity.items())]
    notes += per_hall
    if provisional:
        notes.append(provisional_note(provisional))
    return unreadable + notes


# -- what a rule needs to see -------------------------------------------------------------------------

#: what each subject kind of rule needs to see, for deciding whether a hall could be split by month
NEEDS: dict[str, str] = {
    "dataset": "the whole hall and period (it compares or counts records across the dataset)",
    "hall": "the hall record only",
}
_OWN = "its own record with its whole history (a month split must keep each record's events)"


def period_needs() -> list[tuple[str, str, str]]:
    """``(rule id, subject kind, what it needs to see)`` for every registered rule, in registry order.

    Rules over one subject (an application, a complaint …) need only that record and its history;
    rules over the hall need only the hall record; rules over the dataset look across records (daily
    loads, bursts of ratings, repeated ratings of a visit, who stood at which window) and need the
    whole hall and period. govhall therefore never splits a hall: halls are the unit of work.
    """
    from govhall.rules.core import REGISTRY
    from govhall.standards import load_all

    load_all()
    return [(r.id, r.subject, NEEDS.get(r.subject, _OWN)) for r in REGISTRY]


# -- running many halls --------------------------------------------------------------------------------


def _stop(pool: ProcessPoolExecutor, before: set[Any]) -> None:
    """Cancel what has not started, terminate the workers and wait for them and the pool's thread.

    The workers are this process's children that were not there before the pool (the pool may
    start one while it is being stopped, so they are swept again after its thread has ended).
    """

    def sweep() -> None:
        mine = [p for p in multiprocessing.active_children() if p not in before]
        for p in mine:
            p.terminate()
        for p in mine:
            p.join()

    # Keep the pool's result thread and pipe: shutdown(wait=False) forgets them, so a later
    # shutdown(wait=True) would no longer wait for the thread.
    manager = getattr(pool, "_executor_manager_thread", None)
    results = getattr(pool, "_result_queue", None)
    pool.shutdown(wait=False, cancel_futures=True)
    sweep()
    if manager is not None:
        manager.join(timeout=5)
        if manager.is_alive() and results is not None:
            # A worker terminated while sending its result leaves half a message in the pipe, and the
            # pool's thread waits for the rest for ever (the interpreter then hangs at exit joining
            # it). The workers are gone: closing our own copy of the pipe's write end lets the thread
            # read end-of-file, see a broken pool and end.
            results._writer.close()
            manager.join(timeout=5)
    sweep()
    # the pool's own thread may have reaped a worker our join() was waiting for; the Process object
    # learns its exit code a moment later, so wait (briefly) until every worker says it has ended
    for _ in range(100):
        if not [p for p in multiprocessing.active_children() if p not in before]:
            break
        time.sleep(0.02)


def _ignore_sigint() -> None:
    # the parent decides what Ctrl-C does: it terminates the workers itself
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def run_local(
    halls: list[tuple[str, Path]],
    options: AuditOptions,
    *,
    jobs: int | None = None,
    on_result: ProgressCallback | None = None,
) -> list[HallResult]:
    """Audit ``halls`` on this machine: in this process for one job, else in ``jobs`` worker processes.

    Each worker takes one hall at a time and drops its dataset before taking the next. On Ctrl-C the
    workers are terminated and joined (none is left behind) and ``KeyboardInterrupt`` propagates.
    """
    n = (os.cpu_count() or 1) if jobs is None else jobs
    if n < 1:
        raise InputError(f"jobs must be at least 1, not {n}")
    n = min(n, len(halls))
    results: list[HallResult | None] = [None] * len(halls)
    if n <= 1:
        for i, (name, path) in enumerate(halls):
            results[i] = audit_hall(path, options, hall=name)
            if on_result is not None:
                on_result(results[i])  # type: ignore[arg-type]
        return [r for r in results if r is not None]
    ctx = multiprocessing.get_context("spawn")  # no fork: the parent may run threads (progress bar)
    before = set(multiprocessing.active_children())
    pool = ProcessPoolExecutor(max_workers=n, mp_context=ctx, initializer=_ignore_sigint)
    try:
        pending = {
            pool.submit(audit_hall, str(path), options, hall=name): i for i, (name, path) in enumerate(halls)
        }
        for future in as_completed(pending):
            result = future.result()
            results[pending[future]] = result
            if on_result is not None:
                on_result(result)
    except BrokenProcessPool as exc:
        _stop(pool, before)
        raise UnreadableInputError(
            f"a worker process died ({exc}); the halls cannot be audited in parallel here (try jobs=1)"
        ) from None
    except BaseException:  # Ctrl-C or a failing callback: no worker may outlive the call
        _stop(pool, before)
        raise
    pool.shutdown(wait=True)
    return [r for r in results if r is not None]


def _run_dask(
    halls: list[tuple[str, Path]],
    options: AuditOptions,
    *,
    scheduler: str | None,
    client: Any,
    on_result: ProgressCallback | None,
    jobs: int | None = None,
) -> list[HallResult]:
    try:
        from govhall.province_dask import run_dask  # type: ignore[import-not-found,unused-ignore]
    except ImportError as exc:
        raise ExtraMissingError(
            "engine 'dask' needs the dask extra (pip install 'govhall[dask]') and govhall.province_dask"
            f" ({exc})"
        ) from None
    result: list[HallResult] = run_dask(
        halls, options, scheduler=scheduler, client=client, on_result=on_result, workers=jobs
    )
    return result


#: engines ``audit_many`` knows; each takes (halls, options, **kw) and returns the HallResults
ENGINES: tuple[str, ...] = ("local", "dask")


@kept_off  # the parent gathers every hall's findings: no cycles, and a walk over them at each result
def audit_many(
    root_or_paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    jobs: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    client: Any = None,
    profile: str | os.PathLike[str] | dict[str, Any] | None = None,
    interpretations: dict[str, str] | list[str] | None = None,
    as_of: date | None = None,
    standards: Iterable[str] | None = None,
    on_result: ProgressCallback | None = None,
) -> Report:
    """Audit every hall of a province (a folder of hall folders) or of a list of hall paths.

    Returns one :class:`~govhall.rules.report.Report` (see :func:`merge_results`), every finding held
    in memory (about 6 KB a finding in the parent process: :func:`audit_many_spooled` keeps them on
    disk instead, as ``govhall audit PROVINCE`` does). ``jobs`` worker
    processes (default: the machine's cores) for ``engine="local"``; ``engine="dask"`` runs the halls
    on a Dask cluster (``client``, ``scheduler`` address or ``GOVHALL_DASK_SCHEDULER``, else a
    LocalCluster of ``jobs`` worker processes started and stopped for the run; see
    :mod:`govhall.province_dask`). ``profile``, ``interpretations``,
    ``as_of`` and ``standards`` are as for :func:`govhall.audit` and apply to every hall; they are
    checked once before any hall runs (a bad profile is an error, not a hall failure).
    ``on_result`` is called with each :class:`HallResult` as it completes (for progress bars).
    """
    halls, options, source = _planned(root_or_paths, engine, profile, interpretations, as_of, standards)
    shared = _Shared()

    def arrived(result: HallResult) -> None:
        shared(result)
        if on_result is not None:
            on_result(result)

    results = _ran(halls, options, engine, jobs, scheduler, client, arrived)
    return merge_results(results, source=source, as_of=as_of)


@contextmanager
def audit_many_spooled(
    root_or_paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    jobs: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    client: Any = None,
    profile: str | os.PathLike[str] | dict[str, Any] | None = None,
    interpretations: dict[str, str] | list[str] | None = None,
    as_of: date | None = None,
    standards: Iterable[str] | None = None,
    on_result: ProgressCallback | None = None,
    spool_folder: str | os.PathLike[str] | None = None,
) -> Iterator[Report]:
    """:func:`audit_many` whose report keeps its findings on disk: a context manager giving the report.

    Each hall's findings are written to a :class:`~govhall.spool.FindingSpool` (an unlinked temporary
    file in ``spool_folder``, default ``TMPDIR``) as its result arrives, and dropped from the result;
    the report's ``findings`` is a sequence read back from the file, in :func:`merge_results`'s order,
    one finding at a time (:class:`~govhall.spool.SpooledFindings`). Every renderer
    (:func:`govhall.reports.write_report`, :func:`govhall.reports.render`) gives the same text as for
    :func:`audit_many`'s report, and the parent process holds about one hall's findings at a time
    instead of the province's. The report is valid inside the ``with`` block only; the file is gone
    when the block ends, however it ends (an error, Ctrl-C). The halls are audited with
    ``AuditOptions(packed=True)``: each worker sends its hall's findings already sorted and pickled one
    by one in the spool's own form (:func:`govhall.spool.pack_findings`, ``HallResult.packed``), which
    the parent writes to the file as they are, never unpickling a finding to receive it. ``on_result``
    sees each result before it is spooled (its findings packed in ``result.packed``, ``result.findings``
    empty; it must not keep them, or they stay in memory)::

        with audit_many_spooled("province/", jobs=2) as report:
            with open("report.json", "w", encoding="utf-8") as out:
                write_report(report, "json", out.write)
    """
    halls, options, source = _planned(root_or_paths, engine, profile, interpretations, as_of, standards)
    shared = _Shared()
    with FindingSpool(spool_folder) as spool:

        def spooled(result: HallResult) -> None:
            if result.packed is not None:  # as the worker wrote them: no finding unpickled, none pickled
                spool.add_packed(result.hall, result.packed)
            else:  # a hall that could not be read (no findings), or an engine that did not pack them
                spool.add(result.hall, result.findings)
            result.findings, result.packed = [], None

        def arrived(result: HallResult) -> None:
            shared(result)
            if on_result is not None:
                on_result(result)
            spooled(result)

        results = _ran(halls, replace(options, packed=True), engine, jobs, scheduler, client, arrived)
        for r in results:  # an engine that did not report a result as it arrived
            if r.packed is not None or r.findings or r.hall not in spool:
                spooled(r)
        yield merge_results(results, source=source, as_of=as_of, spool=spool)


def _planned(
    root_or_paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    engine: str,
    profile: str | os.PathLike[str] | dict[str, Any] | None,
    interpretations: dict[str, str] | list[str] | None,
    as_of: date | None,
    standards: Iterable[str] | None,
) -> tuple[list[tuple[str, Path]], AuditOptions, str | None]:
    """The halls to audit, the options they are audited with and the report's source, each checked."""
    from govhall.rules.core import REGISTRY
    from govhall.rules.interpretations import parse_choices
    from govhall.rules.runner import load_profile
    from govhall.standards import load_all

    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r} (known: {', '.join(ENGINES)})")
    if isinstance(root_or_paths, (str, os.PathLike)):
        root = Path(os.fspath(root_or_paths))
        if not root.exists():
            raise FileNotFoundError(f"no such file or folder: {root}")
        halls = [("", root)] if (root.is_file() or is_hall(root)) else discover_halls(root)
        if halls and halls[0][0] == "":
            halls = [(root.name, root)]
        source: str | None = str(root)
    else:
        halls = _named(list(root_or_paths))
        source = None
    if not halls:
        raise InputError(f"{source}: no hall dataset in this folder or below it")
    load_all()
    prof_spec: str | dict[str, Any] | None = (
        os.fspath(profile) if isinstance(profile, os.PathLike) else profile
    )
    prof, _ = load_profile(prof_spec)
    from govhall.rules.runner import _standard_ids, profile_choices, profile_standards

    profile_choices(prof, prof_spec)  # unknown names and values fail here, once, naming the profile
    profile_standards(prof, prof_spec)  # as do unknown standards (not once for every hall)
    wanted = tuple(_standard_ids(standards) or ())
    unknown = set(wanted) - {r.standard for r in REGISTRY}
    if unknown:
        raise UnknownStandardError(f"no rules for standard(s) {echoed_names(sorted(unknown))}")
    options = AuditOptions(
        profile=prof_spec,
        interpretations=parse_choices(interpretations),
        standards=wanted or None,
        as_of=as_of,
    )
    return halls, options, source


@kept_off  # the parent gathers the halls' results: no cycles, and a walk over them at each result
def _ran(
    halls: list[tuple[str, Path]],
    options: AuditOptions,
    engine: str,
    jobs: int | None,
    scheduler: str | None,
    client: Any,
    arrived: ProgressCallback,
) -> list[HallResult]:
    if engine == "dask":
        return _run_dask(halls, options, scheduler=scheduler, client=client, on_result=arrived, jobs=jobs)
    return run_local(halls, options, jobs=jobs, on_result=arrived)
