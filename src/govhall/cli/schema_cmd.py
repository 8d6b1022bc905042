"""``govhall schema [MODEL]``: the JSON Schema of the input models (DESIGN "Command line").

Prints one JSON document on stdout: the schema of MODEL (``Application``, ``Complaint`` … or a table
name such as ``applications``), or with no MODEL the schema of a whole dataset document. An unknown
MODEL exits with code 2 and names the known ones on stderr. ``--list`` prints the model names.
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
    ) -> None:
        """Print the JSON Schema of an input model (or of a whole dataset) on stdout."""
        from govhall.schema import json_schema, model_names

        if list_models:
            typer.echo("\n".join(model_names()))
            return
        try:
            document = json_schema(model)
        except ValueError as exc:
            die(str(exc))
        emit_json(document)
