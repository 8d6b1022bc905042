"""The audit engine as it was before the speed work, kept as the reference the fast engine must match.

Every rule over every subject, one rule after the other: the validity window checked per check, a
``Subject`` built for every check, ``events_of`` filtering afresh, every deadline worked out again,
every rule called on every subject (no precondition skips a call).
:func:`reference_audit` runs :func:`govhall.audit` with this loop and an uncached ``Context.due``;
``tests/test_engine_reference.py`` and ``benchmarks/audit_bench.py`` ("previous engine") use it.
"""

from __future__ import annotations

from collections import Counter
from typing import Any
from unittest import mock

from govhall.errors import CalendarRangeError
from govhall.models import Dataset
from govhall.models.applications import Event, EventHistory, EventKind
from govhall.rules import runner
from govhall.rules.context import Context
from govhall.rules.core import SUBJECT_TABLES, Finding, Rule, Subject
from govhall.rules.report import Note, Report


def reference_run_rules(
    dataset: Dataset,
    rules: list[Rule],
    ctx: Context,
    *,
    progress: bool = False,
    timings: dict[str, float] | None = None,
) -> tuple[list[Finding], list[Note]]:
    """The straightforward loop (see the module docstring)."""
    findings: list[Finding] = []
    skipped: Counter[str] = Counter()
    errors: Counter[tuple[str, str]] = Counter()
    beyond: Counter[str] = Counter()
    beyond_example: dict[str, str] = {}
    for r in rules:
        if r.subject == "dataset":
            subjects: list[Any] = [dataset]
        elif r.subject == "hall":
            subjects = [dataset.hall] if dataset.hall is not None else []
        else:
            subjects = list(getattr(dataset, SUBJECT_TABLES[r.subject]))
        kind = r.subject
        for obj in subjects:
            if kind != "dataset" and not r.applies_on(runner.subject_day(kind, obj, ctx.as_of)):
                skipped[r.id] += 1
                continue
            try:
                hits = runner._hits(r.check(obj, ctx))
            except CalendarRangeError as exc:  # a limit past the calendar's end: a note, not a rule error
                beyond[r.id] += 1
                beyond_example.setdefault(r.id, str(exc))
                continue
            except Exception as exc:
                errors[(r.id, f"{exc.__class__.__name__}: {exc}")] += 1
                continue
            default_subject = Subject(
                kind=kind if kind != "dataset" else "dataset",
                id=runner.subject_id(kind, obj) if kind != "dataset" else (dataset.source or "dataset"),
            )
            for h in hits:
                clauses = [h.clause] if h.clause else [str(c) for c in r.clauses]
                findings.append(
                    Finding(
                        rule_id=r.id, standard=r.standard, clauses=clauses, severity=r.severity,
                        subject=h.subject or default_subject, title=r.title, message=h.message,
                        evidence=h.evidence, responsible=h.responsible, sanction=h.sanction or r.sanction,
                        stage=h.stage, provisional=h.provisional, on=h.on,
                    )
                )  # fmt: skip
    notes = [runner.validity_note(rid, n) for rid, n in sorted(skipped.items())]
    notes += [runner.beyond_calendar_note(rid, n, beyond_example[rid]) for rid, n in sorted(beyond.items())]
    notes += [
        Note(rule_id=rid, kind="rule_error", count=n, message=f"the rule failed on {n} subject(s): {msg}")
        for (rid, msg), n in sorted(errors.items())
    ]
    provisional = sum(1 for f in findings if f.provisional)
    if provisional:
        notes.append(runner.provisional_note(provisional))
    findings.sort(key=Finding.sort_key)
    return findings, notes


def _due_uncached(self: Context, start: Any, limit: Any, *, statutory: bool = False, **kwargs: Any) -> Any:
    from govhall.rules.timing import READING_KEYWORDS
    from govhall.timelimits import due_date

    for name, keyword in READING_KEYWORDS.items():
        if name in self.choices:
            kwargs.setdefault(keyword, self.choices[name])
    calendar = self.calendar.statutory if statutory else self.calendar  # a law's period: statutory days
    deadline = due_date(start, limit, calendar=calendar, **kwargs)
    self.used_interpretations.update(n for n in deadline.readings if n in READING_KEYWORDS)
    return deadline


def plain_events_of(self: EventHistory, *kinds: EventKind | str) -> list[Event]:
    """``EventHistory.events_of`` as the plain filter it always was."""
    events: list[Event] = self.events  # type: ignore[attr-defined]
    if not kinds:
        return list(events)
    wanted = {EventKind(k) for k in kinds}
    return [e for e in events if e.kind in wanted]


def plain_first(self: EventHistory, kind: EventKind | str) -> Event | None:
    """``EventHistory.first`` as the plain filter it always was."""
    found = plain_events_of(self, kind)
    return found[0] if found else None


def reference_audit(dataset: Dataset, **kwargs: Any) -> Report:
    """``govhall.audit(dataset, **kwargs)`` on the reference engine."""
    with (
        mock.patch.object(runner, "run_rules", reference_run_rules),
        mock.patch.object(Context, "due", _due_uncached),
        mock.patch.object(EventHistory, "events_of", plain_events_of),
        mock.patch.object(EventHistory, "first", plain_first),
    ):
        return runner.audit(dataset, **kwargs)
