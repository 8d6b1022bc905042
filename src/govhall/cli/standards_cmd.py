"""``govhall standards list|show ID|coverage``: the standards, their clauses and rules, and coverage.

Text output is a rich table (or a few tables for ``show``); ``--json`` prints one JSON document:

* ``list``: ``{"standards": [{id, title, issuer, year, clauses, rules}, …]}``;
* ``show ID``: the standard's metadata, ``coverage``, ``clauses`` (with ``status``), ``rules`` (with
  ``clauses``, ``severity``, ``title``), ``parameters`` (values and citations) and ``interpretations``;
* ``coverage``: ``{"coverage": {<id>: {title, clauses, rule, parameter, not_automatable, todo, rules}},
  "total": {…}}``.

An unknown ID exits 2 with the known ids on stderr.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer

from govhall.cli._common import die, emit_json

__all__ = ["register"]

_JSON = typer.Option(False, "--json", help="print one JSON document")


#: the width of a table written to a file or a pipe (rich's own is 80): the coverage table needs ~115
#: columns, and at 80 its figures were folded mid-number (155 as "15" over "5", 100% as "10" over "0%")
PIPE_WIDTH = 200


def _console() -> Any:
    import os
    import sys

    from rich.console import Console

    piped = not (sys.stdout is not None and sys.stdout.isatty()) and not os.environ.get("COLUMNS")
    return Console(highlight=False, soft_wrap=False, width=PIPE_WIDTH if piped else None)


def _table(title: str | None, columns: list[str]) -> Any:
    from rich.table import Table

    table = Table(title=title, show_lines=False, title_justify="left")
    for c in columns:
        table.add_column(c, overflow="fold")
    return table


def _s(value: Any) -> str:
    from rich.markup import escape

    return escape("" if value is None else str(value))


def register(app: typer.Typer) -> None:
    """Add the ``standards`` command group to ``app``."""
    group = typer.Typer(help="The standards govhall encodes: list, show one, coverage.", no_args_is_help=True)
    app.add_typer(group, name="standards")

    @group.command("list")
    def list_standards(json_out: bool = _JSON) -> None:
        """List the standards: id, title, clauses in the inventory, rules."""
        from govhall.contract import standards_doc

        doc = standards_doc()
        if json_out:
            emit_json(doc)
            return
        rows = doc["standards"]
        table = _table(None, ["id", "title", "clauses", "rules"])
        table.columns[0].no_wrap = True
        for r in rows:
            table.add_row(_s(r["id"]), _s(r["title"]), str(r["clauses"]), str(r["rules"]))
        _console().print(table)

    @group.command("show")
    def show_standard(standard_id: str = typer.Argument(..., metavar="ID"), json_out: bool = _JSON) -> None:
        """Show one standard: metadata, clauses with status, rules, parameters, interpretations."""
        from govhall.contract import standard_doc
        from govhall.errors import UnknownStandardError

        try:
            info = standard_doc(standard_id)
        except UnknownStandardError as exc:
            die(str(exc))
        if json_out:
            emit_json(info)
            return
        console = _console()
        console.print(f"[bold]{_s(info['title'])}[/bold]  ({_s(info['id'])})")
        for key in ("issuer", "year", "valid_from", "source", "checked_with", "limits", "module"):
            if info.get(key):
                console.print(f"  {key}: {_s(info[key])}")
        cov = info["coverage"]
        console.print(
            "  coverage: "
            + ", ".join(f"{k} {cov[k]}" for k in ("clauses", "rule", "parameter", "not_automatable", "todo"))
        )
        clauses = _table("Clauses", ["clause", "modality", "status", "rules / parameters / reason", "text"])
        for c in info["clauses"]:
            how = {"rule": ", ".join(c["rules"]), "parameter": ", ".join(c["parameters"])}.get(
                c["status"], c["reason"]
            )
            clauses.add_row(_s(c["id"]), _s(c["modality"]), _s(c["status"]), _s(how), _s(c["text"]))
        console.print(clauses)
        rules = _table("Rules", ["rule", "clauses", "severity", "subject", "title"])
        for r in info["rules"]:
            rules.add_row(
                _s(r["id"]), _s(", ".join(r["clauses"])), _s(r["severity"]), _s(r["subject"]), _s(r["title"])
            )
        console.print(rules)
        if info["parameters"]:
            params = _table("Parameters", ["parameter", "clause", "value", "valid from", "citation"])
            for p in info["parameters"]:
                for v in p["values"]:
                    params.add_row(
                        _s(p["name"]), _s(p["clause"]), _s(v["value"]), _s(v["from"] or ""), _s(v["citation"])
                    )
            console.print(params)
        if info["interpretations"]:
            interps = _table("Interpretations", ["name", "clause", "default", "alternatives", "question"])
            for i in info["interpretations"]:
                interps.add_row(_s(i["name"]), _s(i["clause"]), _s(i["default"]), _s(", ".join(i["alternatives"])),
                                _s(i["question"]))  # fmt: skip
            console.print(interps)

    @group.command("coverage")
    def coverage_command(json_out: bool = _JSON) -> None:
        """Clauses per standard by status: rule, parameter, not automatable, todo."""
        from govhall.contract import coverage_doc
        from govhall.docsgen import COVERAGE_KEYS

        doc = coverage_doc()
        cov, total = doc["coverage"], doc["total"]
        if json_out:
            emit_json(doc)
            return
        table = _table(
            "Coverage",
            [
                "standard",
                "clauses",
                "rule",
                "param",
                "person",
                "todo",
                "rules",
                "automated",
                "inspect",
                "n/a",
                "checked",
            ],
        )
        table.columns[0].no_wrap = True
        table.caption = (
            "rule/param: clauses checked by rules or set as parameters; person: not automatable, of which "
            "inspect: judged by a person's inspection (govhall checklist) and n/a: a permission or definition"
        )
        for std_id, c in [*cov.items(), ("total", total)]:
            done = c["rule"] + c["parameter"]
            share = f"{100 * done / c['clauses']:.0f}%" if c["clauses"] else "-"
            by = c["checked_by"]
            checked = by["share_checked"]
            table.add_row(
                _s(std_id),
                *(str(c[k]) for k in (*COVERAGE_KEYS, "rules")),
                share,
                str(by["inspection"]),
                str(by["not_applicable"]),
                f"{100 * checked:.0f}%",
            )
        _console().print(table)

    @group.command("export")
    def export_command(
        standard_id: str = typer.Argument(..., metavar="ID", help="the standard to export"),
        oscal: bool = typer.Option(
            False, "--oscal", help="as an OSCAL catalog (JSON; the only format so far)"
        ),
        output: Path | None = typer.Option(None, "--output", "-o", help="write to FILE instead of stdout"),
    ) -> None:
        """Export a standard's clause inventory: --oscal writes an OSCAL catalog (clauses as controls)."""
        from govhall.oscal import catalog

        if not oscal:
            die("give the export format: --oscal")
        document = catalog(standard_id)
        if output is None:
            emit_json(document)
            return
        try:
            output.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        except OSError as exc:
            die(f"--output: {output}: {exc.strerror or exc}")
        sys.stderr.write(f"govhall: wrote {output} ({len(document['catalog']['controls'])} controls)\n")
