"""``govhall schema [MODEL]``: the JSON Schema of the input models (DESIGN "Command line").

Prints one JSON document on stdout: the schema of MODEL (``Application``, ``Complaint`` … or a table
name such as ``applications``), or with no MODEL the schema of a whole dataset document. An unknown
MODEL exits with code 2 and names the known ones on stderr. ``--list`` prints the model names.

``--arrow MODEL`` prints instead the Arrow schema a data platform should export MODEL's Parquet
table to (derived from the same models, see :mod:`govhall.parquet`), as text or with ``--json`` as
one JSON document; it needs pyarrow (``pip install 'govhall[parquet]'``, else exit 2 saying so).
"""

from __future__ import annotations

from typing import Optional

import typer

from govhall.cli._common import die, emit_json

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add the ``schema`` command to ``app``."""

    @app.command("schema")
    def schema(
        model: Optional[str] = typer.Argument(  # noqa: UP045 - typer reads the annotation at runtime
            None, help="model (Application, Complaint, …) or table name; none = the whole dataset document"
        ),
        list_models: bool = typer.Option(False, "--list", help="list the model names and exit"),
        arrow: bool = typer.Option(
            False, "--arrow", help="print the Arrow schema of MODEL's Parquet table instead (needs pyarrow)"
        ),
        json_flag: bool = typer.Option(
            False,
            "--json",
            help="one JSON document: the JSON Schema (as without it), the Arrow schema with --arrow, "
            "the names with --list",
        ),
    ) -> None:
        """Print the JSON Schema of an input model (or of a whole dataset) on stdout."""
        from govhall.errors import GovhallError
        from govhall.schema import json_schema, model_names

        if list_models:
            if json_flag:
                emit_json(model_names())
            else:
                typer.echo("\n".join(model_names()))
            return
        # --json alone: the JSON Schema, which is JSON already. DESIGN's table gives the schema as this
        # command's --json output, and every command takes --json alike; it was refused (exit 2)
        if arrow:
            if model is None:
                die("--arrow needs a MODEL (one table's schema), e.g. govhall schema --arrow Application")
            from govhall.parquet import arrow_schema_json, arrow_schema_text

            try:
                if json_flag:
                    emit_json(arrow_schema_json(model))
                else:
                    typer.echo(arrow_schema_text(model), nl=False)
            except (GovhallError, LookupError) as exc:
                die(str(exc))
            return
        try:
            document = json_schema(model)
        except ValueError as exc:
            die(str(exc))
        emit_json(document)
