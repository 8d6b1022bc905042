"""``govhall calendar workday|add|count`` and ``govhall deadline``: the working-day calendar and due dates.

Every command takes ``--profile FILE`` (a hall profile whose ``calendar:`` section lists closures and
extra working days) and ``--json`` (one JSON document on stdout; keys per DESIGN "Command line").
Bad input raises :class:`UsageError` or ``ValueError``; ``govhall.cli.main`` turns it into a
one-line message on stderr and exit code 2.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import typer

from govhall.cli._common import (
    SignedArgumentsCommand,
    UsageError,
    emit_json,
    file_option_problem,
    no_such_day_error,
    parse_date_arg,
)
from govhall.contract import add_doc, count_doc, workday_doc
from govhall.errors import echoed_id

__all__ = ["register"]

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

ProfileOpt = typer.Option(
    None, "--profile", help="hall profile (YAML) whose calendar section adds closures / extra working days"
)
JsonOpt = typer.Option(False, "--json", help="print one JSON document")
NoticesOpt = typer.Option(
    [],
    "--notices",
    metavar="FILE",
    help="a State Council holiday notice published after this release (YAML, the cn_notices.yaml record "
    "schema); repeatable",
)


def _calendar(profile: Path | None, notices: list[Path] | None = None) -> Any:
    from govhall.calendars import calendar_from_profile, calendar_with_notices

    for f in notices or []:
        if problem := file_option_problem(f, "--notices"):
            raise UsageError(problem)
    if profile is None:
        return calendar_with_notices(*(notices or []))
    if problem := file_option_problem(profile, "--profile"):
        raise UsageError(problem)
    cal = calendar_from_profile(profile)
    if notices:
        if cal.notices and any(n.source != "govhall (cn_notices.yaml)" for n in cal.notices):
            raise UsageError(
                "--notices: the profile already loads notices (calendar.notices); give them in one place"
            )
        base = calendar_with_notices(*notices)
        return base.with_overrides(closed=cal.closed, open=cal.opened) if (cal.closed or cal.opened) else base
    return cal


def _int_arg(text: str, name: str) -> int:
    from govhall.errors import whole_number_text

    # decimal digits only: int() read "1_0" as 10 (Python's digit separator), and "²" (a superscript,
    # not a decimal digit) was "a number of 1 digits is far too large"; ASCII or full-width, as a limit
    # text reads them ("٥", Arabic-Indic, is said to be a digit of another script)
    try:
        return whole_number_text(text)
    except ValueError as exc:
        raise UsageError(f"{name}: {exc}") from None


def _start_arg(text: str) -> date | datetime:
    t = text.strip()
    if len(t) <= 10:
        return parse_date_arg(t, "START")
    from govhall.calendars.core import parse_iso

    try:
        return parse_iso(t)  # the schema's forms, alike on every Python
    except ValueError:
        from govhall.errors import time_text_fault

        fault = time_text_fault(t)  # T24:00, :60, nanoseconds, +14:30: said, not "not an ISO date"
        raise no_such_day_error(text, "START") or UsageError(
            f"START: {echoed_id(text)!r} {fault}" if fault
            else f"START: {echoed_id(text)!r} is not an ISO date or date-time (YYYY-MM-DD[THH:MM])"
        ) from None  # fmt: skip


#: a moment (a day and a time of day) inside a --pause text
_MOMENT_IN_PAUSE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]")


def _pause_arg(text: str) -> tuple[date, date]:
    t = text.strip()
    if _MOMENT_IN_PAUSE.search(
        t
    ):  # split at its first colon, a moment read "'2026-02-13T12' is not an ISO date"
        raise UsageError(
            f"--pause {echoed_id(text)!r}: FROM and TO are days (YYYY-MM-DD:YYYY-MM-DD), as /v1/deadlines takes "
            "them, not moments; a pause by the minute is given through the Python API "
            "(govhall.due_date(..., pauses=[(from_moment, to_moment)]))"
        )
    for sep in ("..", "/", "~", ":"):
        if sep in t:
            a, _, b = t.partition(sep)
            break
    else:
        a = b = t
    first, last = parse_date_arg(a, "--pause FROM"), parse_date_arg(b, "--pause TO")
    if last < first:  # due_date's words, naming the option (which of several pauses was meant)
        raise UsageError(f"--pause {echoed_id(text)!r}: pause {first}:{last} ends before it starts")
    return first, last


def _day_label(d: date) -> str:
    return f"{d.isoformat()} ({_WEEKDAYS[d.weekday()]})"


def _prov(flag: bool) -> str:
    return " [provisional: past the last published holiday notice]" if flag else ""


def workday(
    date_: str = typer.Argument(..., metavar="DATE", help="YYYY-MM-DD"),
    profile: Path | None = ProfileOpt,
    notices: list[Path] = NoticesOpt,
    json_: bool = JsonOpt,
) -> None:
    """Is DATE a working day (and why)?"""
    d = parse_date_arg(date_, "DATE")
    cal = _calendar(profile, notices)
    if json_:
        emit_json(workday_doc(cal, d))
        return
    info = cal.day_info(d)
    what = "a working day" if info.working_day else "not a working day"
    why = info.reason.replace("_", " ")
    if info.holiday_name:
        why += f" {info.holiday_name}"
    if info.override_reason:
        why += f" ({info.override_reason})"
    line = f"{_day_label(info.date)}: {what} — {why}"
    if info.notice:
        line += f"; {info.notice}"
    typer.echo(line + _prov(info.provisional))


def add(
    date_: str = typer.Argument(..., metavar="DATE", help="YYYY-MM-DD"),
    n: str = typer.Argument(..., metavar="N", help="number of working days (>= 0)"),
    profile: Path | None = ProfileOpt,
    notices: list[Path] = NoticesOpt,
    json_: bool = JsonOpt,
) -> None:
    """The Nth working day after DATE (DATE itself not counted)."""
    d = parse_date_arg(date_, "DATE")
    k = _int_arg(n, "N")
    if k < 0:
        raise UsageError(f"N: must be >= 0, got {k} (the API counts backwards with subtract_working_days)")
    cal = _calendar(profile, notices)
    try:
        doc = add_doc(cal, d, k)
    except ValueError as exc:  # "99999 working days after 2025-03-03 ends outside …": N's fault, named as N
        if str(exc).startswith(f"{k} working days after"):
            raise UsageError(f"N: {exc}") from None
        raise
    result, provisional = doc["result"], doc["provisional"]
    if json_:
        emit_json(doc)
        return
    typer.echo(f"{_day_label(result)}: working day {k} after {d.isoformat()}{_prov(provisional)}")


def count(
    from_: str = typer.Argument(..., metavar="FROM", help="YYYY-MM-DD (not counted)"),
    to: str = typer.Argument(..., metavar="TO", help="YYYY-MM-DD (counted)"),
    profile: Path | None = ProfileOpt,
    notices: list[Path] = NoticesOpt,
    json_: bool = JsonOpt,
) -> None:
    """Working days in (FROM, TO]."""
    a = parse_date_arg(from_, "FROM")
    b = parse_date_arg(to, "TO")
    doc = count_doc(_calendar(profile, notices), a, b)
    n, provisional = doc["working_days"], doc["provisional"]
    if json_:
        emit_json(doc)
        return
    typer.echo(f"{n} working days in ({a.isoformat()}, {b.isoformat()}]{_prov(provisional)}")


def deadline(
    start: str = typer.Argument(..., metavar="START", help="YYYY-MM-DD or YYYY-MM-DDTHH:MM (Asia/Shanghai)"),
    limit: str = typer.Argument(..., metavar="LIMIT", help="e.g. 20个工作日, 3天, 1个月, 24小时, 当场"),
    pause: list[str] = typer.Option(
        [], "--pause", metavar="FROM:TO", help="clock stopped FROM..TO inclusive (repeatable)"
    ),
    extend: list[str] = typer.Option(
        [], "--extend", metavar="LIMIT", help="extension after the period (repeatable)"
    ),
    interpret: list[str] = typer.Option(
        [],
        "--interpret",
        metavar="NAME=VALUE",
        help="timelimits.pause-mode=suspend|restart, timelimits.hour-holidays=elapsed|roll, "
        "timelimits.extension-from=due|last_day",
    ),
    profile: Path | None = ProfileOpt,
    notices: list[Path] = NoticesOpt,
    json_: bool = JsonOpt,
    format_: str = typer.Option(
        "text",
        "--format",
        metavar="text|json|svg",
        help="svg: the calendar from start to due, as an SVG file",
    ),
) -> None:
    """Due date of a time limit from START, with pauses and extensions."""
    if format_ not in ("text", "json", "svg"):
        raise UsageError(f"--format: {format_!r} is not one of text, json, svg")
    if json_ and format_ == "svg":  # the SVG came out, the --json asked for silently dropped
        raise UsageError("--json and --format svg ask for two outputs; give one of them")
    json_ = json_ or format_ == "json"
    from govhall.contract import deadline_choices, deadline_doc, deadline_for, profile_readings
    from govhall.errors import CalendarRangeError, DateError, UnknownInterpretationError
    from govhall.rules.timing import READING_KEYWORDS
    from govhall.timelimits import parse_limit

    s = _start_arg(start)
    for name, text in (("LIMIT", limit), *(("--extend", e) for e in extend)):  # each named as itself
        try:
            parse_limit(text)
        except ValueError as exc:
            raise UsageError(f"{name}: {exc}") from None
    pauses = [_pause_arg(p) for p in pause]
    try:
        given = deadline_choices(interpret)
    except ValueError as exc:  # ("--interpret takes NAME=VALUE …" names the option itself)
        raise UsageError(str(exc) if str(exc).startswith("--interpret") else f"--interpret: {exc}") from None
    if profile is not None and (problem := file_option_problem(profile, "--profile")):
        raise UsageError(problem)
    readings = profile_readings(profile)  # the hall's own (only its calendar was read); --interpret wins
    readings.update(given)
    try:
        dl = deadline_for(
            s,
            limit,
            pauses=pauses,
            extensions=extend,
            interpretations=readings,
            calendar=_calendar(profile, notices),
        )
    except UnknownInterpretationError as exc:
        raise UsageError(f"--interpret: {exc}") from None
    except DateError as exc:  # a start past the years 0001-9999 once in Shanghai: named as START
        if exc.detail.get("field") != "start":
            raise
        raise UsageError("START" + exc.message[len("start") :]) from None
    except CalendarRangeError as exc:  # named as the API names it: limit, extensions[i], pauses[i]
        field = str(exc.detail.get("field", ""))
        shown = {"limit": "LIMIT", "start": "START"}.get(field)
        shown = "--extend" if field.startswith("extensions[") else shown
        shown = "--pause" if field.startswith("pauses[") else shown
        if shown is None:
            raise
        raise UsageError(shown + exc.message[len(field) :]) from None
    if format_ == "svg":
        from govhall.svg import deadline_svg

        kwargs = {READING_KEYWORDS[n]: v for n, v in dl.readings.items() if n in READING_KEYWORDS}
        svg = deadline_svg(
            s, limit, pauses=pauses, extensions=extend, calendar=_calendar(profile, notices), **kwargs
        )
        typer.echo(svg)
        return
    if json_:
        emit_json(deadline_doc(dl))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column()
    table.add_row("start", _day_label(dl.start) + (f" {dl.start_at:%H:%M}" if dl.start_at else ""))
    table.add_row("limit", f"{dl.limit.text or dl.limit} ({dl.limit.amount} {dl.limit.unit})")
    for e in dl.extensions:
        table.add_row("extension", f"{e.text or e} ({e.amount} {e.unit})")
    if dl.paused_days:
        table.add_row("paused", f"{dl.paused_days} days ({dl.paused_working_days} working days)")
    if dl.rolled_from:
        table.add_row("last day", f"{_day_label(dl.rolled_from)} is not a working day; moved to the next one")
    # an hour period ending at 00:00 ends at 24:00 of its due day (civil-code:203), the day before due_at's
    at = "" if dl.due_at is None else " 24:00" if dl.due_at.date() != dl.due else f" {dl.due_at:%H:%M}"
    due = _day_label(dl.due) + at
    table.add_row("due", due + _prov(dl.provisional))
    table.add_row("basis", ", ".join(dl.basis) or "-")
    Console(soft_wrap=True, markup=False, highlight=False).print(table)


def notices_cmd(
    profile: Path | None = ProfileOpt,
    notices: list[Path] = NoticesOpt,
    json_: bool = JsonOpt,
) -> None:
    """The State Council notices the calendar is built from, and where each was loaded from."""
    cal = _calendar(profile, notices)
    rows = [{"year": n.year, "id": n.id, "title": n.title, "source": n.source} for n in cal.notices]
    first = cal.provisional_from
    if json_:
        emit_json({"published_through": cal.published_through, "provisional_from": first, "notices": rows})
        return
    for r in rows:
        typer.echo(f"{r['year']}  {r['id']}  {r['title']}  [{r['source']}]")
    typer.echo(
        f"provisional from {first.isoformat()}: 29–31 December of {cal.published_through} (the next notice may "
        f"move them) and every later date, computed from the statutory rule without 调休"
    )


def register(app: typer.Typer) -> None:
    """Add ``calendar workday|add|count`` and ``deadline`` to the ``govhall`` app."""
    cal_app = typer.Typer(
        name="calendar",
        help="China's working-day calendar (holidays, 调休 working days, hall overrides).",
        no_args_is_help=True,
    )
    cal_app.command("workday", cls=SignedArgumentsCommand)(workday)
    cal_app.command("add", cls=SignedArgumentsCommand)(add)  # -3 is N's, refused by its own check
    cal_app.command("count", cls=SignedArgumentsCommand)(count)
    cal_app.command("notices")(notices_cmd)
    app.add_typer(cal_app, name="calendar")
    app.command("deadline", cls=SignedArgumentsCommand)(deadline)  # -3天 is LIMIT's, named as it
