"""``govhall screen COMPLAINT.json`` (or ``-`` for stdin): accept or refuse a complaint (yousu-jiban).

``--json`` prints one JSON document whose first keys are the contract of DESIGN ("Command line"):
``id``, ``accepted``, ``category``, ``referral``, ``tier``, ``due``, ``clauses``; the rest of
:class:`govhall.screening.Screening` follows. Without ``--json`` a readable summary is printed.
Unreadable or invalid input exits with code 2 and a one-line message naming the file and field.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer
from pydantic import ValidationError

from govhall._paths import MISSING, not_a_file
from govhall.cli._common import die, emit_json, file_option_problem
from govhall.errors import validation_message

__all__ = ["register"]


def _read(source: str) -> tuple[str, str]:
    if source == "":  # "$COMPLAINT" with the variable unset: Path("") would be the current folder
        die("COMPLAINT.json: an empty path names no file (an unset shell variable?)")
    if source == "-":  # bytes, decoded as a file is: the terminal's locale is not the data's encoding
        source, raw = "<stdin>", sys.stdin.buffer.read()
    else:
        if (problem := not_a_file(Path(source))) not in (None, MISSING):  # a pipe waited for ever
            die(f"{source}: {problem}")
        try:
            raw = Path(source).read_bytes()
        except OSError as exc:
            die(f"{source}: cannot read ({exc.strerror or exc})")
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return source, raw.decode(enc)
        except UnicodeDecodeError:
            continue
    die(f"{source}: not UTF-8 or GB18030 text")


def _field_errors(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        loc = ".".join(str(p) for p in err.get("loc", ())) or "(document)"
        parts.append(f"{loc}: {validation_message(err) or 'invalid'}")
    more = len(exc.errors()) - 5
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


def load_complaint(source: str) -> Any:
    """Read and validate one complaint from a JSON file (or ``-``); exit 2 with the field on error."""
    from govhall._dupkeys import loads_unique
    from govhall.errors import DuplicateKeyError
    from govhall.models import Complaint

    name, text = _read(source)
    try:
        data = loads_unique(text)  # a key given twice is refused, never read as its last value
    except DuplicateKeyError as exc:
        die(f"{name}: {exc}")
    except json.JSONDecodeError as exc:
        die(f"{name}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})")
    except (RecursionError, ValueError):  # past the loader's limits: too deep, or a number too long
        from govhall.loaders import _text_limits

        die(f"{name}: cannot be read: {_text_limits(text) or 'nested too deep or a number too long'}")
    from govhall.loaders import _value_limits

    problem = _value_limits(data)
    if problem is not None:
        die(f"{name}: cannot be read: {problem}")
    if not isinstance(data, dict):
        from govhall._yamlio import json_type

        die(f"{name}: expected one complaint object, got {json_type(data)}")
    try:
        return Complaint.model_validate(data)
    except ValidationError as exc:
        die(f"{name}: invalid complaint: {_field_errors(exc)}")


def _calendar(profile: Path | None) -> Any:
    from govhall.calendars import calendar, calendar_from_profile

    if profile is None:
        return calendar("CN")
    if problem := file_option_problem(profile, "--profile"):
        die(problem)
    return calendar_from_profile(profile)


def _view(s: Any) -> None:
    from rich.console import Console
    from rich.table import Table

    from govhall.screening import tier_label

    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    if s.accepted and s.referral_kind == "assist":
        decision = f"受理并转介（协助受理）→ {s.referral}"
    elif s.accepted and s.referral_kind == "forward":
        decision = f"转交 → {s.referral}"
    elif s.accepted:
        decision = "受理 (accepted)"
    else:
        decision = f"不予受理 (not accepted: {s.category.value})"
    table.add_row("complaint", s.id)
    table.add_row("decision", decision)
    if s.reason:
        table.add_row("reason", s.reason)
    if s.notice:
        table.add_row("notice", s.notice)
    if s.tier:
        table.add_row("tier", f"{tier_label(s.tier)} ({s.tier.value})")
    if s.due:
        start = f"from {s.due_start.isoformat()} ({s.due_from})" if s.due_start else ""
        table.add_row("due", f"{s.due.isoformat()}  [{s.due_limit} {start}]")
    if s.response_due:
        table.add_row("respond by", f"{s.response_due.isoformat()}  [1个工作日]")
    if s.transfer:
        table.add_row("移交", s.transfer)
    if s.provisional:
        table.add_row("note", "provisional: a date lies past the last published holiday notice")
    table.add_row("clauses", ", ".join(s.clauses))
    for i in s.interpretations:
        table.add_row("reading", f"{i.name} = {i.value}{'' if i.is_default else ' (not the default)'}")
    for sug in s.suggestions:
        table.add_row("hint", sug.message)
    Console(markup=False, highlight=False).print(table)


def screen(
    complaint: str = typer.Argument(
        ..., metavar="COMPLAINT.json", help="a complaint as JSON, or - for stdin"
    ),
    interpret: list[str] = typer.Option(
        [],
        "--interpret",
        metavar="NAME=VALUE",
        help="yousu-jiban.day-unit=calendar_days|working_days, yousu-jiban.clock-start=worksheet|received",
    ),
    profile: Path | None = typer.Option(
        None, "--profile", help="hall profile (YAML): its calendar, yousu-jiban's readings and tier limits"
    ),
    json_: bool = typer.Option(False, "--json", help="print one JSON document"),
) -> None:
    """Accept or refuse a complaint (yousu-jiban), with its tier, due date and the clauses used."""
    from govhall.rules.calendar_range import undatable
    from govhall.screening import screen_complaint

    c = load_complaint(complaint)
    cal = _calendar(profile)
    outside = undatable(c, cal)
    if outside is not None:  # it said only "date 2205-09-01 is outside …", naming no field nor complaint
        die(f"{'<stdin>' if complaint == '-' else complaint}: complaint {c.id}: {outside[1]}")
    try:
        from govhall.rules.interpretations import parse_choices
        from govhall.screening import profile_settings

        # the profile's readings and tier limits too (it read only the calendar); --interpret wins
        chosen, limits = profile_settings(profile)
        chosen.update(parse_choices(list(interpret)))
        result = screen_complaint(c, calendar=cal, interpretations=chosen, limits=limits)
    except ValueError as exc:
        die(str(exc))
    if json_:
        emit_json(result.json_contract())
    else:
        _view(result)


def register(app: typer.Typer) -> None:
    """Add ``screen`` to the ``govhall`` app."""
    app.command("screen")(screen)
