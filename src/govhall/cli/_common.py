"""Helpers shared by the ``govhall`` commands: one-line errors, JSON output."""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Any, NoReturn

import typer

from govhall.reports._common import json_default


class UsageError(Exception):
    """Bad usage or unreadable input: the CLI prints the message and exits with code 2."""


def die(message: str, code: int = 2) -> NoReturn:
    """Print ``govhall: <message>`` on stderr (one line) and exit with ``code``."""
    first = " ".join(str(message).split())
    sys.stderr.write(f"govhall: error: {first}\n")
    raise typer.Exit(code)


def emit_json(obj: Any) -> None:
    """Write ``obj`` as one JSON document on stdout (UTF-8, Chinese kept readable)."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=json_default) + "\n")


def parse_date_arg(text: str, name: str) -> date:
    """Parse an ISO date given on the command line, naming the argument on failure."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{name}: {text!r} is not an ISO date (YYYY-MM-DD)") from None
