"""``govhall checklist --standard ID [--hall PROFILE] [--format html|csv]``: the inspection form."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from govhall.cli._common import UsageError, file_option_problem
from govhall.errors import echoed_id

__all__ = ["register"]


def checklist_command(
    standard: str = typer.Option(..., "--standard", metavar="ID", help="standard id, e.g. db23-hlj-2023"),
    hall: Path | None = typer.Option(
        None,
        "--hall",
        metavar="PROFILE",
        help="hall profile (YAML): its name heads the form, its parameters apply",
    ),
    fmt: str = typer.Option("html", "--format", help="html (to print) or csv (for field apps)"),
    output: Path | None = typer.Option(None, "--output", "-o", help="write to FILE instead of stdout"),
) -> None:
    """The inspection form for the clauses of a standard a person must judge, in walking order."""
    from govhall.checklist import checklist, render_csv, render_html
    from govhall.rules.parameters import default_parameters
    from govhall.rules.runner import load_profile, profile_where
    from govhall.standards import STANDARD_MODULES, get
    from govhall.standards._inspections import INTERVAL

    if fmt not in ("html", "csv"):
        raise UsageError(f"--format: {echoed_id(fmt)!r} is not one of html, csv")
    if standard not in STANDARD_MODULES:
        raise UsageError(
            f"--standard: unknown standard {echoed_id(standard)!r} (known: {', '.join(STANDARD_MODULES)})"
        )
    if hall is not None and (problem := file_option_problem(hall, "--hall")):
        raise UsageError(problem)
    if hall is not None and output is not None and os.path.realpath(output) == os.path.realpath(hall):
        raise UsageError(f"--output: {output} is the hall profile {hall}: the form would overwrite it")
    prof, source = load_profile(hall)
    params = default_parameters().with_overrides(
        prof.get("parameters") or {}, source, where=profile_where(hall)
    )
    interval = int(params.get(INTERVAL).value)
    rows = checklist(standard)
    if fmt == "csv":
        text = render_csv(rows)
    else:
        name = prof.get("name")
        if isinstance(name, (int, float)) and not isinstance(name, bool):
            name = str(name)  # a name written as a number in YAML (name: 2025) is still the hall's name
        elif name is not None and not isinstance(name, str):  # it headed the form as a blank, silently
            raise UsageError(
                f"--hall: {hall}: the profile's name must be text, not {type(name).__name__} "
                "(quote it in the YAML)"
            )
        text = render_html(rows, standard=get(standard), hall=name, interval_days=interval)
    if output is not None:
        output.write_text(text, encoding="utf-8")
    else:
        typer.echo(text, nl=False)


def register(app: typer.Typer) -> None:
    """Add ``checklist`` to the ``govhall`` app."""
    app.command("checklist")(checklist_command)
