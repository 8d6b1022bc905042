"""The audit runner: every applicable rule over every subject, findings in a deterministic order."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from itertools import compress, repeat
from operator import and_, attrgetter, not_
from pathlib import Path
from time import perf_counter
from types import GeneratorType
from typing import TYPE_CHECKING, Any, Literal

from govhall import _collector
from govhall._yamlio import decode_text, parse_yaml
from govhall.errors import (
    CalendarRangeError,
    GovhallError,
    ProfileError,
    UnknownStandardError,
    UnreadableInputError,
    echoed_names,
)
from govhall.locations import id_reader, locate_findings
from govhall.models import Dataset
from govhall.rules.calendar_range import set_aside_undatable
from govhall.rules.context import Context, read_kinds
from govhall.rules.core import REGISTRY, SEVERITIES, SUBJECT_TABLES, Finding, Hit, Rule, Subject
from govhall.rules.interpretations import INTERPRETATIONS, parse_choices
from govhall.rules.parameters import ParameterValue, default_parameters
from govhall.rules.report import Note, Report, Summary, UsedInterpretation, UsedParameter, finding_departments

if TYPE_CHECKING:
    from govhall.calendars import WorkingCalendar


#: datasets with more subjects than this get a progress bar when ``progress=True``
PROGRESS_THRESHOLD = 5_000
#: subjects taken together: every rule of their kind runs over a block before the next block. The
#: block's records stay in the CPU's cache from one rule to the next (a rule over a whole table of
#: scattered records waits on memory for most of its time: 2,048 subjects at a time cost the 20k
#: hall about 10 % more than 128, a whole table 25 % more), and what is remembered per subject
#: (``per_subject``) is bounded by the block, not the table
BLOCK = 128


def load_profile(profile: str | Path | dict[str, Any] | None) -> tuple[dict[str, Any], str]:
    """Read a profile (YAML file or dict): ``parameters``, ``interpretations``, ``calendar``, ``standards``."""
    if profile is None:
        return {}, "none"
    if isinstance(profile, dict):
        _check_sections(profile, "profile")
        return profile, "profile"
    path = Path(profile)
    from govhall._paths import MISSING, not_a_file

    if (problem := not_a_file(path)) not in (None, MISSING):  # a pipe waited for ever, as the CLI knew
        raise UnreadableInputError(f"profile {path}: {problem}", path=str(path))
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UnreadableInputError(f"profile {path}: {exc.strerror or exc}", path=str(path)) from None
    data = parse_yaml(decode_text(raw, f"profile {path}"), f"profile {path}", ProfileError)
    if data is None:  # an empty file (or comments alone): no settings; `[]`, `false`, `0` are no profile
        data = {}
    if not isinstance(data, dict):
        from govhall._yamlio import json_type

        raise ProfileError(f"profile {path}: expected a mapping at the top, got {json_type(data)}")
    unknown = set(data) - {"parameters", "interpretations", "calendar", "standards", "name", "description"}
    if unknown:
        raise ProfileError(f"profile {path}: unknown section(s) {', '.join(sorted(map(str, unknown)))}")
    _check_sections(data, f"profile {path}")
    calendar = data.get("calendar")
    notices = calendar.get("notices") if isinstance(calendar, dict) else None
    if isinstance(calendar, dict) and notices:  # named relative to the profile, whoever reads it later
        files = [notices] if isinstance(notices, str) else notices
        if isinstance(files, list):
            here = path.parent
            resolved = [str(here / str(f)) if not Path(str(f)).is_absolute() else f for f in files]
            data = {**data, "calendar": {**calendar, "notices": resolved}}
    return data, f"profile:{path.name}"


def profile_where(profile: str | Path | dict[str, Any] | None) -> str:
    """How an error names a profile: ``profile dir/a.yaml`` as given (a mapping is ``profile``), the
    form every error about a profile takes; :func:`load_profile`'s ``profile:a.yaml`` is the source a
    report records with each value the profile sets. A parameter the profile could not set was named
    ``profile:a.yaml``, its calendar ``profile:a.yaml``, its sections ``profile dir/a.yaml``."""
    return "profile" if isinstance(profile, dict) or profile is None else f"profile {Path(profile)}"


def profile_choices(prof: Mapping[str, Any], profile: str | Path | dict[str, Any] | None) -> dict[str, str]:
    """The readings ``prof`` (the loaded ``profile``) chooses; an unknown reading or value is an error
    naming the profile (``profile a.yaml: unknown interpretation …``), as its other errors do."""
    try:
        return parse_choices(prof.get("interpretations"))
    except GovhallError as exc:
        raise _named_by_profile(exc, profile) from None


def hall_profile(profile: str | Path | None) -> tuple[dict[str, Any], str, dict[str, str]]:
    """(the profile, its source, the readings it chooses) of a hall profile read outside an audit
    (``govhall screen`` and ``govhall deadline``, and the service's answers under a served profile): every
    standard's readings registered first, since a hall's profile names readings of them all, each checked
    as an audit checks it."""
    from govhall.standards import load_all

    load_all()
    prof, source = load_profile(profile)
    return prof, source, profile_choices(prof, profile)


def profile_standards(prof: Mapping[str, Any], profile: str | Path | dict[str, Any] | None) -> list[str]:
    """The standards ``prof`` (the loaded ``profile``) selects, each one govhall encodes; an unknown one is
    an error naming the profile."""
    wanted = [str(s) for s in prof.get("standards") or []]
    unknown = set(wanted) - {r.standard for r in REGISTRY}
    if unknown:
        raise _named_by_profile(
            UnknownStandardError(f"no rules for standard(s) {echoed_names(sorted(unknown))}"), profile
        )
    return wanted


def _named_by_profile(exc: GovhallError, profile: str | Path | dict[str, Any] | None) -> GovhallError:
    if profile is not None:
        exc.message = f"{profile_where(profile)}: {exc.message}"
        exc.args = (exc.message,)
    return exc


def _check_sections(data: dict[str, Any], where: str) -> None:
    """The shape of each section, so a wrong one is an error naming it (not a failure deep inside)."""
    shapes: dict[str, tuple[tuple[type, ...], str]] = {
        "parameters": ((dict,), "a mapping of parameter names to values"),
        "interpretations": (
            (dict, list),
            "a mapping of interpretation names to readings (or NAME=VALUE list)",
        ),
        "calendar": ((dict,), "a mapping with 'closed' and/or 'open' lists"),
        "standards": ((list,), "a list of standard ids"),
    }
    for key, (types, expected) in shapes.items():
        value = data.get(key)
        if value is not None and not isinstance(value, types):
            raise ProfileError(f"{where}: '{key}' must be {expected}, not {type(value).__name__}", field=key)
    for key in ("interpretations", "standards"):
        value = data.get(key)
        kinds: tuple[type, ...] = (str, int, float) if isinstance(value, dict) else (str,)
        for item in value.values() if isinstance(value, dict) else value or ():
            if not isinstance(item, kinds):
                raise ProfileError(
                    f"{where}: '{key}' holds {item!r}, which is not a name or reading", field=key
                )


_DAY_ATTRS = ("received_at", "at", "slot_start", "booked_at")
_KIND = attrgetter("kind")


def subject_day(kind: str, obj: object, as_of: date) -> date:
    """The date that decides whether a dated rule applies to ``obj``."""
    for attr in _DAY_ATTRS:
        value = getattr(obj, attr, None)
        if isinstance(value, datetime):
            return value.date()
    return as_of


def _bounded(r: Rule) -> bool:
    """Whether the rule has a validity window at all (most rules apply whatever the day)."""
    return r.valid_from is not None or r.valid_to is not None


def subject_id(kind: str, obj: object) -> str:
    for attr in ("id", "code"):
        value = getattr(obj, attr, None)
        if value:
            return str(value)
    return kind


def _hits(result: Iterable[Hit] | Hit | None) -> list[Hit]:
    if result is None:
        return []
    if isinstance(result, Hit):
        return [result]
    return list(result)


def validity_note(rule_id: str, count: int) -> Note:
    """The note for subjects a rule did not check because they are dated outside its validity window."""
    return Note(
        rule_id=rule_id,
        kind="outside_validity",
        count=count,
        message=f"{count} subject(s) dated outside the rule's validity window were not checked by it",
    )


def beyond_calendar_note(rule_id: str, count: int, example: str) -> Note:
    """The note for subjects a rule could not judge because a time limit of theirs runs past the
    working-day calendar (a case open at an audit day near its end, or received just before it).
    It was a rule error (exit 3), though no rule is broken: every record's moments and the audit day
    lie inside the calendar (:mod:`govhall.rules.calendar_range`), so nothing can yet be late against a
    limit ending past it; the rule is still not said to have passed them."""
    return Note(
        rule_id=rule_id,
        kind="info",
        count=count,
        message=f"{count} subject(s) not judged by the rule: a time limit of theirs runs outside the "
        f"working-day calendar, so it cannot be counted: {example}",
    )


def provisional_note(count: int) -> Note:
    """The note for findings resting on dates past the last published holiday notice."""
    return Note(
        kind="provisional",
        count=count,
        message=f"{count} finding(s) rest on dates past the last published holiday notice",
    )


class _Table:
    """One subject kind's subjects, with what the engine works out about them once per run.

    Every rule of the kind runs over ``subjects``, or over the part of it that its validity window
    (:meth:`plan`) and its precondition (:meth:`keep`) leave; those parts are worked out once and
    shared by the rules asking the same question. Nothing here changes what a rule decides: a
    subject outside the window is counted (``outside_validity``) as before, and a rule's
    precondition only skips subjects on which the rule cannot fire.

    What a precondition reads of each subject (its history's kinds of event, an ``applies_if``
    test) is read block by block, as the runner reaches the block: its records are then in the
    processor's cache (the block's first rule brought them there), where one pass over the whole
    table up front waited on memory for every record (~40 ms of a 20k hall's audit).
    """

    def __init__(self, kind: str, subjects: list[Any], as_of: date) -> None:
        self.kind = kind
        self.subjects = subjects
        self.as_of = as_of
        self._days: list[date] | None = None
        self._span: tuple[date, date] | None = None
        self._attrs_of: dict[type, tuple[str, ...]] = {}
        self._kinds: list[frozenset[Any]] = []  # without a context: read here, as far as asked
        self._shared: dict[frozenset[Any], frozenset[Any]] = {}
        self._parts: dict[tuple[date | None, date | None] | None, tuple[list[bool] | None, int]] = {}
        self._applies: dict[Callable[[Any, Any], bool], list[bool]] = {}
        self._has: dict[tuple[Any, ...], _Holding] = {}  # by a rule's needs_events (or unless_events)
        self._block: tuple[int, int] = (0, 0)
        self._keeps: dict[tuple[Any, ...], list[bool] | None] = {}  # this block's, by question

    def _attrs(self, cls: type) -> tuple[str, ...]:
        """The attributes :func:`subject_day` looks at that ``cls`` has at all, in its order."""
        attrs = self._attrs_of.get(cls)
        if attrs is None:
            fields = getattr(cls, "model_fields", None)
            attrs = self._attrs_of[cls] = tuple(
                a for a in _DAY_ATTRS if fields is None or a in fields or hasattr(cls, a)
            )
        return attrs

    def days(self) -> list[date]:
        """Each subject's day (see :func:`subject_day`), read once for all the dated rules."""
        if self._days is None:
            as_of = self.as_of
            same: dict[date, date] = {}
            days = []
            for obj in self.subjects:
                for attr in self._attrs(obj.__class__):
                    value = getattr(obj, attr, None)
                    if isinstance(value, datetime):
                        day = value.date()
                        days.append(same.setdefault(day, day))  # a month has few days: one object each
                        break
                else:
                    days.append(as_of)
            self._days = days
        return self._days

    def span(self) -> tuple[date, date]:
        """The earliest and the latest of the subjects' days (``as_of`` twice for a table without any)."""
        if self._span is None:
            quick = self._quick_span() if self._days is None else None
            if quick is None:
                days = self.days()
                quick = (min(days), max(days)) if days else (self.as_of, self.as_of)
            self._span = quick
        return self._span

    def _quick_span(self) -> tuple[date, date] | None:
        """:meth:`span` without reading every subject's day in Python, or None when it cannot say.

        For a table of one model whose first day attribute holds a naive datetime on every subject
        (an application's ``received_at`` …): the days of naive moments are in the moments' order,
        so the earliest and latest moments give the earliest and latest days. Anything else (another
        value on some subject, a moment with a zone, mixed models) leaves it to :meth:`days`.
        """
        subjects = self.subjects
        if not subjects:
            return self.as_of, self.as_of
        classes = set(map(type, subjects))
        if len(classes) != 1:
            return None
        attrs = self._attrs(classes.pop())
        if not attrs:
            return self.as_of, self.as_of
        try:
            values = list(map(attrgetter(attrs[0]), subjects))
            lo, hi = min(values), max(values)  # a None, a date or zones mixed in cannot be ordered
        except (AttributeError, TypeError):
            return None
        if isinstance(lo, datetime) and isinstance(hi, datetime) and lo.tzinfo is None and hi.tzinfo is None:
            return lo.date(), hi.date()
        return None

    def event_kinds(self, ctx: Context | None = None, upto: int | None = None) -> list[frozenset[Any]]:
        """The kinds of event each subject's history holds (the same set objects are shared), read
        as far as the first ``upto`` subjects (all by default; the list may be longer).

        Read by the run's context when there is one (:meth:`Context.event_kinds`), so dataset-wide
        rules asking it which records hold an event of a kind (:meth:`Context.holding`) share them.
        """
        end = len(self.subjects) if upto is None else upto
        if ctx is not None and hasattr(ctx, "event_kinds"):
            return ctx.event_kinds(self.subjects, end)
        read_kinds(self.subjects, self._kinds, self._shared, end)
        return self._kinds

    def applies(
        self, test: Callable[[Any, Any], bool], ctx: Context | None, upto: int | None = None
    ) -> list[bool]:
        """``test(subject, ctx)`` for each subject, worked out once per run for all the rules naming it,
        as far as the first ``upto`` subjects (all by default; the list may be longer).

        A subject the test fails on with an error counts as applying: the rule then runs there and
        its own error is reported as before.
        """
        found = self._applies.get(test)
        if found is None:
            found = self._applies[test] = []
        subjects = self.subjects
        end = min(len(subjects) if upto is None else upto, len(subjects))
        while len(found) < end:  # asked in C, subject after subject, as far as one fails
            try:
                found.extend(map(bool, map(test, subjects[len(found) : end], repeat(ctx))))
            except Exception:  # ``found`` holds the answers before it: it counts as applying
                found.append(True)
        return found

    def plan(self, r: Rule, ctx: Context | None = None) -> tuple[list[bool] | None, int]:
        """Which subjects ``r``'s validity window leaves it (None: all), and how many it left out.

        The rule's precondition (``needs_events``, ``unless_events``, ``applies_if``) is applied block by
        block, by :meth:`keep`.
        """
        bounded = self.kind != "dataset" and _bounded(r)
        window = (r.valid_from, r.valid_to) if bounded else None
        part = self._parts.get(window)
        if part is not None:
            return part
        keep = None
        skipped = 0
        if bounded:  # Rule.applies_on, for every subject's day
            since, until = r.valid_from, r.valid_to
            first, last = self.span()
            if (since is None or first >= since) and (until is None or last <= until):
                pass  # every subject's day is inside the window (the usual case: a month of records)
            else:
                keep = [
                    (since is None or day >= since) and (until is None or day <= until) for day in self.days()
                ]
                skipped = keep.count(False)
        part = self._parts[window] = (None if keep is None or all(keep) else keep, skipped)
        return part

    def keep(
        self, r: Rule, ctx: Context | None, window: list[bool] | None, lo: int, hi: int
    ) -> list[bool] | None:
        """Which subjects of the block ``[lo, hi)`` ``r`` runs on (None: all of them): inside its validity
        window (``window``, from :meth:`plan`), holding an event of a kind it needs and none of a kind
        that rules it out, and for which its precondition holds. Worked out once per block for the rules asking the same question."""
        if not r.needs_events and not r.unless_events and r.applies_if is None:
            return None if window is None else window[lo:hi]
        if self._block != (lo, hi):
            self._block = (lo, hi)
            self._keeps = {}
        key = (id(window), r.needs_events, r.unless_events, r.applies_if)
        if key in self._keeps:
            return self._keeps[key]
        keep = None if window is None else window[lo:hi]
        if r.needs_events:  # … holding an event of a kind the rule needs
            held = list(map(self._holding(r.needs_events).__getitem__, self.event_kinds(ctx, hi)[lo:hi]))
            keep = held if keep is None else list(map(and_, keep, held))  # (bools: and_ is ``and``)
        if r.unless_events:  # … holding no event of a kind that rules the rule out
            ruled_out = map(self._holding(r.unless_events).__getitem__, self.event_kinds(ctx, hi)[lo:hi])
            free = list(map(not_, ruled_out))
            keep = free if keep is None else list(map(and_, keep, free))
        if r.applies_if is not None:  # … and for which the rule's precondition holds
            holds = self.applies(r.applies_if, ctx, hi)[lo:hi]
            keep = holds if keep is None else list(map(and_, keep, holds))
        found = self._keeps[key] = None if keep is None or all(keep) else keep
        return found

    def _holding(self, kinds: tuple[Any, ...]) -> _Holding:
        """Whether a set of kinds of event holds one of ``kinds`` (a rule's ``needs_events`` or
        ``unless_events``), one map per run and tuple of kinds."""
        has = self._has.get(kinds)
        if has is None:
            has = self._has[kinds] = _Holding(kinds)
        return has


class _Holding(dict[frozenset[Any], bool]):
    """Whether a set of kinds of event holds one of ``wanted``, worked out once per distinct set (a
    table's histories hold a few hundred distinct sets), so a block's answers are one map in C."""

    def __init__(self, wanted: Iterable[Any]) -> None:
        super().__init__()
        self.wanted = frozenset(wanted)

    def __missing__(self, kinds: frozenset[Any]) -> bool:
        held = self[kinds] = not kinds.isdisjoint(self.wanted)
        return held


def _tables(dataset: Dataset, rules: list[Rule], as_of: date) -> dict[str, _Table]:
    tables: dict[str, _Table] = {}
    for r in rules:
        kind = r.subject
        if kind in tables:
            continue
        if kind == "dataset":
            subjects: list[Any] = [dataset]
        elif kind == "hall":
            subjects = [dataset.hall] if dataset.hall is not None else []
        else:
            subjects = getattr(dataset, SUBJECT_TABLES[kind])
        tables[kind] = _Table(kind, subjects, as_of)
    return tables


def run_rules(
    dataset: Dataset,
    rules: list[Rule],
    ctx: Context,
    *,
    progress: bool = False,
    timings: dict[str, float] | None = None,
) -> tuple[list[Finding], list[Note]]:
    """Run ``rules`` over ``dataset``; a rule that fails on one subject becomes a note, not a crash.

    Subject kind by kind, in blocks of :data:`BLOCK` subjects; within a block, rule after rule over
    the subjects it applies to (see :class:`_Table`), so the loop over one rule's subjects is only
    the call and what ``per_subject`` helpers remember is kept for one block only. ``timings``, when
    given, receives each rule's run time in seconds (for JUnit's ``time``), measured per block.
    """
    findings: list[Finding] = []
    skipped: Counter[str] = Counter()
    errors: Counter[tuple[str, str]] = Counter()
    beyond: Counter[str] = Counter()  # subjects a rule could not judge: a limit runs past the calendar
    beyond_example: dict[str, str] = {}
    tables = _tables(dataset, rules, ctx.as_of)
    total = sum(len(tables[r.subject].subjects) for r in rules)
    bar = None
    if progress and total > PROGRESS_THRESHOLD:
        from rich.console import Console
        from rich.progress import Progress

        bar = Progress(transient=True, console=Console(stderr=True))  # stdout carries the report
        bar.start()
        task = bar.add_task("auditing", total=total)

    def fire(r: Rule, kind: str, obj: Any, hits: list[Hit]) -> None:
        # the subject and the finding are built only for rules that fired
        default_subject = Subject(
            kind=kind if kind != "dataset" else "dataset",
            id=subject_id(kind, obj) if kind != "dataset" else (dataset.source or "dataset"),
        )
        for h in hits:
            clauses = [h.clause] if h.clause else [str(c) for c in r.clauses]
            findings.append(
                Finding(
                    rule_id=r.id,
                    standard=r.standard,
                    clauses=clauses,
                    severity=r.severity,
                    subject=h.subject or default_subject,
                    title=r.title,
                    message=h.message,
                    evidence=h.evidence,
                    responsible=h.responsible,
                    sanction=h.sanction or r.sanction,
                    stage=h.stage,
                    provisional=h.provisional,
                    on=h.on,
                )
            )

    generator = GeneratorType  # a local name in the loop below
    by_kind: dict[str, list[Rule]] = {}
    for r in rules:
        by_kind.setdefault(r.subject, []).append(r)
    # the tables of records first, the hall and the dataset last: what the blocks read of each record
    # while it was in the processor's cache (the kinds of event of its history) is then ready for the
    # dataset-wide rules (Context.holding). The findings are sorted at the end, so the order of the
    # kinds changes nothing in the report
    order = sorted(by_kind, key=lambda kind: kind in ("hall", "dataset"))
    try:
        for kind in order:
            kind_rules = by_kind[kind]
            table = tables[kind]
            plans = []
            for r in kind_rules:
                window, outside = table.plan(r, ctx)
                if outside:
                    skipped[r.id] += outside
                precondition = bool(r.needs_events or r.unless_events) or r.applies_if is not None
                plans.append((r, r.check, window, precondition))
            subjects = table.subjects
            keep_of = table.keep
            # the records' ids for the report's locations, read while each block is in the cache
            ids = id_reader(dataset, SUBJECT_TABLES[kind]) if kind in SUBJECT_TABLES else None
            for lo in range(0, len(subjects), BLOCK):
                hi = min(lo + BLOCK, len(subjects))
                block = subjects[lo:hi]
                for r, check, window, precondition in plans:
                    started = perf_counter() if timings is not None else 0.0
                    if precondition:  # worked out once per block for the rules asking the same
                        keep = keep_of(r, ctx, window, lo, hi)
                    else:
                        keep = None if window is None else window[lo:hi]
                    run: Iterable[Any] = block if keep is None else compress(block, keep)
                    for obj in run:
                        try:
                            result = check(obj, ctx)
                            if result is None:
                                continue
                            # most rules are generators, and most yield nothing: told apart first,
                            # without isinstance, and no list is made for one that yields nothing
                            if result.__class__ is generator:
                                for first in result:
                                    hits = [first, *result]
                                    break
                                else:
                                    continue
                            elif isinstance(result, Hit):
                                hits = [result]
                            else:
                                hits = list(result)
                                if not hits:
                                    continue
                        except CalendarRangeError as exc:  # a limit ending past the calendar: no rule bug
                            beyond[r.id] += 1
                            beyond_example.setdefault(r.id, str(exc))
                            continue
                        except Exception as exc:  # a broken rule must not lose the rest of the audit
                            errors[(r.id, f"{exc.__class__.__name__}: {exc}")] += 1
                            continue
                        fire(r, kind, obj, hits)
                    if timings is not None:
                        timings[r.id] = timings.get(r.id, 0.0) + perf_counter() - started
                if ids is not None:
                    ids.read(block, lo)
                ctx.forget_subjects()  # what per_subject helpers worked out for this block
                if bar is not None:
                    bar.advance(task, len(block) * len(plans))
    finally:
        if bar is not None:
            bar.stop()
    notes = [validity_note(rid, n) for rid, n in sorted(skipped.items())]
    notes += [beyond_calendar_note(rid, n, beyond_example[rid]) for rid, n in sorted(beyond.items())]
    notes += [
        Note(rule_id=rid, kind="rule_error", count=n, message=f"the rule failed on {n} subject(s): {msg}")
        for (rid, msg), n in sorted(errors.items())
    ]
    provisional = sum(1 for f in findings if f.provisional)
    if provisional:
        notes.append(provisional_note(provisional))
    findings.sort(key=Finding.sort_key)
    return findings, notes


def _since(pv: ParameterValue) -> date:
    """When ``pv`` came into force (a value without a start first), to list a parameter's values in
    the order they were in force."""
    return pv.valid_from or date.min


def _standard_ids(standards: Iterable[str] | None) -> Iterable[str] | None:
    """``standards`` as given, refused when it is one text: ``standards="admin-licensing-law"`` was read
    letter by letter ("no rules for standard(s) -, a, c, d, e … (7 more)"), as ``due_date`` refuses a
    text for its ``extensions``."""
    if isinstance(standards, (str, bytes)):
        raise TypeError(
            f"standards: expected a list of standard ids, got {type(standards).__name__} (a single one goes "
            f"in a list: [{standards!r}])"
        )
    return standards


# The audit runs with the cyclic collector off (``govhall._collector.kept_off``): the records just
# loaded are long-lived and hold no reference cycles, and the run itself makes none either
# (``tests/test_engine.py`` holds it to that: a second audit of a dataset leaves nothing for the
# collector), only short-lived hits, tuples and generators that reference counting frees. With it on,
# its walks over the records cost a hall of 20k applications a quarter of its audit time, and its
# ~250 young collections walked whatever the run was holding at the time, another 5-8 %, and found
# nothing; moving the young generation to the oldest afterwards saves a walk over all of it when the
# collector is back on (0.3-0.5 s on the 20k hall).
@_collector.kept_off
def audit(
    dataset: Dataset,
    profile: str | Path | dict[str, Any] | None = None,
    interpretations: dict[str, str] | list[str] | None = None,
    *,
    standards: Iterable[str] | None = None,
    subjects: Iterable[str] | None = None,
    as_of: date | str | None = None,
    calendar: WorkingCalendar | None = None,
    progress: bool = False,
    kind: Literal["audit", "check"] = "audit",
) -> Report:
    """Run every applicable rule over ``dataset`` and return the :class:`Report`.

    ``profile`` (a YAML path or dict) may override parameters, choose interpretations, add calendar
    overrides and select ``standards``; ``interpretations`` (``{"name": "value"}`` or ``["name=value"]``)
    win over the profile's. ``subjects`` restricts the subject kinds (``govhall check`` uses ``item``).
    ``as_of`` is a date, ISO text or a datetime (its day in Shanghai).
    """
    import govhall
    from govhall.calendars.core import day_given
    from govhall.standards import load_all

    as_of = day_given(as_of, "as_of")
    load_all()
    prof, source = load_profile(profile)
    choices = profile_choices(prof, profile)
    choices.update(parse_choices(interpretations))
    params = default_parameters().with_overrides(
        prof.get("parameters") or {}, source, where=profile_where(profile)
    )
    if calendar is None:
        from govhall.calendars import calendar as make_calendar

        calendar = make_calendar("CN")
        cal_spec = prof.get("calendar")
        if cal_spec:
            from govhall.calendars import calendar_from_profile

            try:
                calendar = calendar_from_profile({"calendar": cal_spec})
            except ValueError as exc:  # say which profile (the mapping alone is called "profile")
                raise ProfileError(
                    f"{profile_where(profile)}: {exc}".replace(": profile: ", ": ", 1)
                ) from None
    wanted = list(_standard_ids(standards) or profile_standards(prof, profile))
    rules = [r for r in REGISTRY if (not wanted or r.standard in wanted)]
    if wanted:
        unknown = set(wanted) - {r.standard for r in REGISTRY}
        if unknown:
            raise UnknownStandardError(f"no rules for standard(s) {echoed_names(sorted(unknown))}")
    if subjects is not None:
        kinds = set(subjects)
        rules = [r for r in rules if r.subject in kinds]
    # a record dated outside the calendar (a mistyped year) is rejected here, naming its field and
    # line, rather than failing every rule that counts time from it (see rules.calendar_range)
    dataset = set_aside_undatable(dataset, calendar)
    ctx = Context(dataset, calendar=calendar, parameters=params, interpretations=choices, as_of=as_of)
    if not calendar.first_date <= ctx.as_of <= calendar.last_date:
        # every open case is judged as of this day: outside the calendar no deadline can be counted.
        # A catalogue check counts none, but its day decides which standards were in force, and a day
        # past the calendar is a mistyped year far more often than a check of 2040: refused alike
        raise CalendarRangeError(
            f"as_of {ctx.as_of.isoformat()} is outside the {calendar.name} calendar's supported range "
            f"{calendar.first_date.isoformat()} .. {calendar.last_date.isoformat()}",
            field="as_of",
        )
    timings: dict[str, float] = {}
    findings, notes = run_rules(dataset, rules, ctx, progress=progress, timings=timings)

    by_sev = Counter(f.severity for f in findings)
    by_std: dict[str, Counter[str]] = {}
    for f in findings:
        by_std.setdefault(f.standard, Counter())[f.severity] += 1
    summary = Summary(
        records=dataset.records,
        audited=dataset.audited,
        rejected=len(dataset.rejected),
        findings={s: by_sev.get(s, 0) for s in SEVERITIES},
        by_standard={k: {s: v.get(s, 0) for s in SEVERITIES} for k, v in sorted(by_std.items())},
        subjects_with_findings=len({(f.subject.kind, f.subject.id) for f in findings}),
    )
    used_i = []
    for name in sorted(ctx.used_interpretations | set(choices)):
        item = INTERPRETATIONS[name]
        value = choices.get(name, item.default)
        used_i.append(
            UsedInterpretation(
                name=name,
                clause=str(item.clause),
                question=item.question,
                value=value,
                default=item.default,
                is_default=value == item.default,
                meaning=item.alternatives[value],
            )
        )
    used_p = [  # a parameter whose value changed within the period is listed once per value used
        UsedParameter(name=n, value=pv.value, citation=pv.citation, source=pv.source)
        for n, values in sorted(ctx.used_parameters.items())
        for pv in sorted(values, key=_since)
    ]
    return Report(
        kind=kind,
        govhall_version=govhall.__version__,
        source=dataset.source,
        as_of=ctx.as_of,
        standards=sorted({r.standard for r in rules}),
        rules_run=[r.id for r in rules],
        summary=summary,
        findings=findings,
        rejected=list(dataset.rejected),
        interpretations=used_i,
        parameters=used_p,
        notes=notes,
        departments=finding_departments(dataset, findings),
        locations=locate_findings(dataset, findings),
        rule_seconds=timings,
    )
