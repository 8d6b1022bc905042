"""Helpers shared by the ``govhall`` commands: one-line errors, JSON output."""

from __future__ import annotations

import itertools
import json
import os
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

import typer
from typer._click import core as click  # typer vendors click (as govhall.cli does for its exceptions)
from typer.core import TyperCommand, TyperOption

from govhall.errors import echoed_id
from govhall.reports._common import json_default


class UsageError(Exception):
    """Bad usage or unreadable input: the CLI prints the message and exits with code 2."""


#: a command-line word that is an option: ``--name`` (``--name=value``) or ``-x`` with a letter; a word
#: such as ``-3天``, ``-3`` or ``-三天`` is a (negative, so refused) argument, which click took for options
_OPTION_WORD = re.compile(r"--|-[A-Za-z]")


class SignedArgumentsCommand(TyperCommand):
    """A command whose arguments may begin with ``-`` and a digit (``govhall deadline 2025-09-01 -3天``,
    ``govhall calendar add 2025-09-01 -3``): click read ``-3天`` as the option ``-3`` ("No such option:
    -3"), naming no argument, so the command's own check, naming LIMIT or N, never saw it. Where such a
    word stands as an argument (not an option's value), the arguments are given after ``--`` in the
    order written, the options before it; anything else is parsed as written, unknown options named."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, signed_arguments(self, args))


def signed_arguments(command: click.Command, args: list[str]) -> list[str]:
    """``args`` with the arguments after ``--`` when one of them begins with ``-`` (see
    :class:`SignedArgumentsCommand`), else ``args`` itself."""
    valued = {
        name
        for p in command.params
        if isinstance(p, TyperOption) and not p.is_flag and not p.count
        for name in (*p.opts, *p.secondary_opts)
    }
    options: list[str] = []
    arguments: list[str] = []
    words = iter(args)
    for word in words:
        if word == "--":
            arguments.extend(words)
        elif word in valued:
            options.append(word)
            options.extend(itertools.islice(words, 1))  # its value, whatever it begins with
        elif _OPTION_WORD.match(word):
            options.append(word)
        else:
            arguments.append(word)
    if not any(len(a) > 1 and a.startswith("-") for a in arguments):
        return args
    return [*options, "--", *arguments]


#: what a line on the terminal never carries as itself: C0 and C1 controls (escape sequences, CSI
#: \x9b), DEL, and the bidirectional embeddings, overrides and isolates (as the text report shows them)
_TERMINAL_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _shown(m: re.Match[str]) -> str:
    code = ord(m.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """``text`` with each control character (line ends included) shown as ``\\xNN`` or ``\\uNNNN``."""
    return _TERMINAL_CONTROL.sub(_shown, text) if _TERMINAL_CONTROL.search(text) else text


def one_line(message: object) -> str:
    """``message`` as one line fit for a terminal: its whitespace runs (line ends included) as one space,
    and each control character it echoes from input (a JSON key, a file name holding ``ESC [2J``)
    shown as ``\\xNN`` or ``\\uNNNN``, never sent to the terminal."""
    return terminal_safe(" ".join(str(message).split()))


def die(message: str, code: int = 2) -> NoReturn:
    """Print ``govhall: <message>`` on stderr (one line) and exit with ``code``."""
    sys.stderr.write(f"govhall: error: {one_line(message)}\n")
    raise typer.Exit(code)


def emit_json(obj: Any) -> None:
    """Write ``obj`` as one JSON document on stdout (UTF-8, Chinese kept readable)."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=json_default) + "\n")


def parse_date_arg(text: str, name: str) -> date:
    """Parse an ISO date given on the command line, naming the argument on failure.

    ``YYYY-MM-DD`` only, on every Python (``date.fromisoformat`` takes ``20251011`` from 3.11 on).
    """
    from govhall.calendars.core import parse_iso

    try:
        day = parse_iso(text.strip())
        if type(day) is date:
            return day
    except ValueError:
        pass
    raise no_such_day_error(text, name) or UsageError(
        f"{name}: {echoed_id(text)!r} is not an ISO date (YYYY-MM-DD)"
    )


def no_such_day_error(text: str, name: str) -> UsageError | None:
    """The usage error for argument ``name`` when ``text`` is a day in the ISO form that the calendar
    does not have (:func:`no_such_day`), else None: one message for every argument that takes a day."""
    from govhall.errors import no_such_day

    why = no_such_day(text)
    return UsageError(f"{name}: {echoed_id(text)!r} is not an ISO date: no such day ({why})") if why else None


def file_option_problem(path: Path, option: str) -> str | None:
    """None when ``path`` (given to ``option``) is a regular file; else one line saying what it is: it
    said "no such file" of a pipe, a folder and a link loop alike (and a pipe given where it was read
    waited for ever)."""
    from govhall._paths import MISSING, not_a_file

    why = not_a_file(path)
    if why is None:
        return None
    return f"{option}: no such file: {path}" if why == MISSING else f"{option}: {path}: {why}"


def check_state_path(state: Path, option: str = "--state") -> bool:
    """Whether the live state ``state`` is new (no file there yet); :class:`UsageError` (exit 2, one
    line naming the path) when it cannot be one: a folder, a dangling link, or a path whose folder does
    not exist or is not a folder. The stores create their file but the command line does not create
    folders: a mistyped folder (``/var/lib/govhal/live.db``) would start an empty state without a word,
    and the supervisor would then judge as if nothing had been posted before."""
    try:
        if state.is_dir():
            raise UsageError(
                f"{option}: {state} is a folder; name the state file in it (e.g. {state / 'live.db'})"
            )
        if state.is_symlink() and not state.exists():
            from govhall._paths import not_a_file

            if not_a_file(state) == "a symbolic link loop":  # it said the next link "does not exist"
                raise UsageError(f"{option}: {state}: a symbolic link loop")
            raise UsageError(f"{option}: {state} is a link to {os.readlink(state)}, which does not exist")
        if state.exists():
            if not state.is_file():  # SQLite waited for ever on a pipe
                raise UsageError(f"{option}: {state}: not a regular file (a pipe or device?)")
            return False
        folder = state.absolute().parent
        if not folder.exists():
            raise UsageError(
                f"{option}: no folder {folder} for the state {state} (a mistyped path would start an empty "
                f"state): create the folder first (mkdir -p {folder})"
            )
        if not folder.is_dir():
            raise UsageError(f"{option}: {folder} is not a folder, so it cannot hold the state {state}")
    except OSError as exc:  # a folder on the way that cannot be searched (permissions)
        raise UsageError(f"{option}: {state}: {exc.strerror or exc}") from None
    return True


#: how ``-`` on the command line is named in messages and reports
STDIN_NAME = "<stdin>"


def stdin_to_file(folder: Path, *, table: str | None = None) -> Path:
    """Save standard input (bytes: UTF-8 or GB18030) in ``folder`` under a name the loaders read.

    The kind is told from the text: JSON (``{``/``[``) → ``.json``; JSON lines (the first line is a
    whole JSON object and more follow, or it is the only line and names a record's field, as the same
    line in ``items.jsonl`` is read) → ``<table>.jsonl``; a first line with commas and no braces →
    ``<table>.csv``; anything else → ``.yaml``. ``table`` names the table that lines or CSV rows hold
    (``items`` for ``govhall check``); without it such input is refused.
    """
    data = sys.stdin.buffer.read()
    if not data.strip():
        raise UsageError("-: standard input is empty")
    text = data.decode("utf-8-sig", errors="replace").lstrip()
    first = text.split("\n", 1)[0].strip()
    rest = text.split("\n", 1)[1].strip() if "\n" in text else ""
    name = "stdin.yaml"
    if first.startswith("{") and (rest.startswith("{") or not rest) and _is_json_object(first):
        # one line alone is a record when it names one of its fields (a document names tables:
        # ``{"items": [...]}`` stays a document)
        if rest or _names_a_field(first, table):
            name = f"{table}.jsonl" if table else ""
        else:
            name = "stdin.json"
    elif text.startswith(("{", "[")):
        name = "stdin.json"
    elif "," in first and "{" not in first and ":" not in first:
        name = f"{table}.csv" if table else ""
    if not name:
        raise UsageError("-: standard input holds table rows; give a dataset document (JSON or YAML)")
    path = folder / name
    path.write_bytes(data)
    return path


def _names_a_field(line: str, table: str | None) -> bool:
    """Whether the JSON object ``line`` names a field of ``table``'s records that names no table
    (without ``table``: names a field of some table's records, as an application's line does, and no
    table nor a document's ``as_of`` that is not such a field too)."""
    from govhall.models import TABLES

    keys = json.loads(line)
    if table is None:  # a table's name that is also a field (an application's events) is a field here
        fields = {name for model in TABLES.values() for name in model.model_fields}
        named = {key for key in keys if key in TABLES or key in ("as_of", "name", "description", "$schema")}
        return named <= fields and any(key in fields and key not in named for key in keys)
    model = TABLES.get(table)
    if model is None:
        return False
    return any(key in model.model_fields and key not in TABLES for key in keys)


def _is_json_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False
