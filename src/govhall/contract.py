"""The JSON documents of the stable contract, built once for the ``--json`` CLI and the HTTP service.

DESIGN ("Command line") fixes the keys of each command's ``--json`` output; ``govhall serve`` answers
its ``/v1`` endpoints with the same documents. Each function here builds one of them as plain data
(``date`` values stay ``date``; the caller's JSON encoder writes them ISO 8601), so the command line
and the service cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

__all__ = [
    "add_doc",
    "clause_doc",
    "count_doc",
    "coverage_doc",
    "deadline_doc",
    "deadline_for",
    "limit_doc",
    "standard_doc",
    "standards_doc",
    "workday_doc",
]


def workday_doc(cal: Any, d: date) -> dict[str, Any]:
    """``govhall calendar workday DATE --json``: is ``d`` a working day, and why."""
    info = cal.day_info(d)
    return {
        "date": info.date,
        "working_day": info.working_day,
        "reason": info.reason,
        "holiday_name": info.holiday_name,
        "provisional": info.provisional,
        "notice": info.notice,
        "clause": info.clause,
        "override_reason": info.override_reason,
        "calendar": info.calendar,
    }


def add_doc(cal: Any, d: date, n: int) -> dict[str, Any]:
    """``govhall calendar add DATE N --json``: the ``n``-th working day after ``d`` (``n >= 0``)."""
    result = cal.add_working_days(d, n)
    return {"date": d, "n": n, "result": result, "provisional": cal.is_provisional(max(d, result))}


def count_doc(cal: Any, a: date, b: date) -> dict[str, Any]:
    """``govhall calendar count FROM TO --json``: working days in ``(a, b]``."""
    n = cal.working_days_between(a, b)
    return {"from": a, "to": b, "working_days": n, "provisional": cal.is_provisional(max(a, b))}


def limit_doc(limit: Any) -> dict[str, Any]:
    """A :class:`~govhall.timelimits.TimeLimit` as ``{amount, unit, text}``."""
    return {"amount": limit.amount, "unit": limit.unit, "text": limit.text}


def deadline_for(
    start: date | datetime | str,
    limit: str,
    *,
    pauses: Iterable[tuple[date, date]] = (),
    extensions: Iterable[str] = (),
    interpretations: Mapping[str, str] | Iterable[str] | None = None,
    calendar: Any = None,
) -> Any:
    """:func:`govhall.due_date` with the deadline readings chosen by interpretation name.

    ``interpretations`` may only name the readings that apply to deadlines
    (:data:`govhall.rules.timing.READING_KEYWORDS`); any other name is an
    :class:`~govhall.errors.UnknownInterpretationError`. A limit text that cannot be read raises
    ``ValueError`` naming it.
    """
    from govhall.rules.timing import READING_KEYWORDS
    from govhall.timelimits import due_date, parse_limit

    lim = parse_limit(limit)
    exts = [parse_limit(e) for e in extensions]
    choices = deadline_choices(interpretations)
    kwargs: dict[str, Any] = {READING_KEYWORDS[name]: value for name, value in choices.items()}
    return due_date(start, lim, pauses=list(pauses), extensions=exts, calendar=calendar, **kwargs)


def profile_readings(profile: str | Path | None) -> dict[str, str]:
    """The deadline readings (``timelimits.*``) a hall profile chooses, its other readings checked as an
    audit checks them: ``govhall deadline --profile`` (and /v1/deadlines under a served profile) read only
    the profile's calendar, so a hall's ``timelimits.pause-mode: restart`` was ignored without a word."""
    if profile is None:
        return {}
    from govhall.rules.runner import hall_profile
    from govhall.rules.timing import READING_KEYWORDS

    _, _, chosen = hall_profile(profile)
    return {k: v for k, v in chosen.items() if k in READING_KEYWORDS}


def deadline_choices(interpretations: Mapping[str, str] | Iterable[str] | None) -> dict[str, str]:
    """The deadline readings chosen (``{"timelimits.pause-mode": "restart"}`` or ``["NAME=VALUE", …]``).

    A name that is not one of them is an :class:`~govhall.errors.UnknownInterpretationError` naming the
    ones that are, whatever else happens to be registered: it listed every reading of every standard
    loaded (59 over HTTP, where the standards are loaded; over the command line, where they are not, a
    reading of the rules that no deadline takes, ``timelimits.set-date-on-holiday``).
    """
    from govhall.errors import UnknownInterpretationError, echoed_id
    from govhall.rules.interpretations import INTERPRETATIONS, parse_choices
    from govhall.rules.timing import READING_KEYWORDS

    given: Mapping[str, str] | list[str] | None
    if isinstance(interpretations, Mapping):
        given = dict(interpretations)
        names = [str(n) for n in interpretations]
    else:
        given = list(interpretations) if interpretations is not None else None
        names = [t.split("=", 1)[0] for t in given or () if isinstance(t, str) and "=" in t]
    known = ", ".join(READING_KEYWORDS)
    for raw in names:
        name = raw.strip()
        if name in READING_KEYWORDS or name.lower() in READING_KEYWORDS:
            continue
        shown = echoed_id(name)
        if name in INTERPRETATIONS or name.lower() in INTERPRETATIONS:
            raise UnknownInterpretationError(
                f"{shown} does not apply to deadlines; known here: {known}",
                names=[shown],
                known=list(READING_KEYWORDS),
            )
        raise UnknownInterpretationError(
            f"unknown interpretation {shown!r} (known for deadlines: {known})",
            name=shown,
            known=list(READING_KEYWORDS),
        )
    return parse_choices(given)


def deadline_doc(dl: Any) -> dict[str, Any]:
    """``govhall deadline … --json``: a :class:`~govhall.timelimits.Deadline` with its basis."""
    return {
        "start": dl.start,
        "limit": limit_doc(dl.limit),
        "due": dl.due,
        "due_at": dl.due_at,
        "paused_working_days": dl.paused_working_days,
        "paused_days": dl.paused_days,
        "extensions": [limit_doc(e) for e in dl.extensions],
        "rolled_from": dl.rolled_from,
        "provisional": dl.provisional,
        "basis": list(dl.basis),
        "readings": dict(dl.readings),
        "calendar": dl.calendar,
    }


def standards_doc() -> dict[str, Any]:
    """``govhall standards list --json``: ``{"standards": [{id, title, issuer, year, clauses, rules}]}``."""
    from govhall.standards import load_all

    return {
        "standards": [
            {"id": s.id, "title": s.title, "issuer": s.issuer, "year": s.year, "clauses": len(s.clauses),
             "rules": len(s.rules)}
            for s in load_all()
        ]
    }  # fmt: skip


def _standard(standard_id: str) -> Any:
    from govhall.errors import UnknownStandardError, echoed_id
    from govhall.standards import get

    try:
        return get(standard_id)
    except KeyError as exc:
        message = str(exc.args[0]) if exc.args else f"unknown standard {standard_id!r}"
        raise UnknownStandardError(message, standard=echoed_id(standard_id)) from None


def standard_doc(standard_id: str) -> dict[str, Any]:
    """``govhall standards show ID --json``; an unknown id is an :class:`~govhall.errors.UnknownStandardError`."""
    from govhall.docsgen import describe

    return describe(_standard(standard_id))


def clause_doc(standard_id: str, clause_id: str) -> dict[str, Any]:
    """One clause of a standard's inventory, as in ``standard_doc(...)["clauses"]``, plus its rules' details.

    An unknown standard or clause raises :class:`~govhall.errors.UnknownStandardError` /
    :class:`~govhall.errors.UnknownClauseError`.
    """
    from govhall.errors import UnknownClauseError

    info = standard_doc(standard_id)
    for c in info["clauses"]:
        if c["id"] == clause_id:
            wanted = set(c["rules"])
            return {
                **c,
                "standard": standard_id,
                "rule_details": [r for r in info["rules"] if r["id"] in wanted],
            }
    raise UnknownClauseError(
        f"{standard_id} has no clause {clause_id!r} in its inventory", standard=standard_id, clause=clause_id
    )


def coverage_doc() -> dict[str, Any]:
    """``govhall standards coverage --json``: ``{"coverage": {id: counts}, "total": counts}``."""
    from govhall.docsgen import COVERAGE_KEYS, coverage

    cov = coverage()
    total: dict[str, Any] = {k: sum(c[k] for c in cov.values()) for k in (*COVERAGE_KEYS, "rules")}
    # how each clause is checked (rule, parameter, inspection, not applicable) and the share checked
    ways = ("rule", "parameter", "inspection", "not_applicable", "todo")
    total["checked_by"] = {w: sum(c["checked_by"][w] for c in cov.values()) for w in ways}
    total["checked_by"]["share_checked"] = (
        round((total["clauses"] - total["todo"]) / total["clauses"], 4) if total["clauses"] else 1.0
    )
    return {"coverage": cov, "total": total}
