"""The ``govhall`` command line.

The command names, options, ``--json`` keys and exit codes are the stable contract of
``../shared/DESIGN.md`` (section "Command line"):

* exit 0: nothing at or above ``--fail-on`` (or the command succeeded);
* exit 1: findings at or above ``--fail-on``;
* exit 2: bad usage or unreadable input, with a one-line message on stderr and never a traceback.

Each command group lives in its own module under ``govhall.cli`` and exposes ``register(app)``;
this module only assembles them and guards the process boundary.
"""

from __future__ import annotations

import importlib
import sys

import typer

from govhall.cli._common import UsageError
from govhall.errors import GovhallError

#: shown under every command's --help (DESIGN, "Command line")
EXIT_CODES = (
    "Exit codes: 0 nothing at or above --fail-on (or the command succeeded); 1 findings at or above "
    "--fail-on (a failing case for govhall test); 2 bad usage or unreadable input (one line on stderr)."
)

app = typer.Typer(
    name="govhall",
    help="China's government service-hall standards as executable, clause-cited rules.",
    epilog=EXIT_CODES,
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        import govhall

        sys.stdout.write(f"govhall {govhall.__version__}\n")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", "-V", help="print the version and exit", callback=_version, is_eager=True
    ),
) -> None:
    """China's government service-hall standards as executable, clause-cited rules."""


# One module per command group; each defines ``register(app: typer.Typer) -> None``.
_COMMAND_MODULES: tuple[str, ...] = (
    "govhall.cli.calendar_cmd",
    "govhall.cli.schema_cmd",
    "govhall.cli.live_cmd",
    "govhall.cli.screen_cmd",
    "govhall.cli.audit_cmd",
    "govhall.cli.standards_cmd",
    "govhall.cli.checklist_cmd",
    "govhall.cli.test_cmd",
    "govhall.cli.serve_cmd",
)

for _name in _COMMAND_MODULES:
    importlib.import_module(_name).register(app)


def _add_exit_codes(group: typer.Typer) -> None:
    """Every command's --help ends with the exit codes (unless it states its own)."""
    for info in group.registered_commands:
        if info.epilog is None:
            info.epilog = EXIT_CODES
    for sub in group.registered_groups:
        if sub.typer_instance is not None:
            if sub.typer_instance.info.epilog is None:
                sub.typer_instance.info.epilog = EXIT_CODES
            _add_exit_codes(sub.typer_instance)


_add_exit_codes(app)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``govhall`` console script.

    Every error that escapes a command becomes exit code 2 with a one-line message: input errors
    (``ValueError``, ``UsageError``, ``OSError``) name what was wrong; anything else is reported as an
    internal error, still without a traceback (set ``GOVHALL_DEBUG=1`` to see it).
    """
    import os

    try:
        app(args=argv, prog_name="govhall", standalone_mode=True)
    except SystemExit:
        raise
    except (GovhallError, UsageError, ValueError, OSError, KeyError, LookupError) as exc:
        if os.environ.get("GOVHALL_DEBUG"):
            raise
        if isinstance(exc, KeyError) and not isinstance(exc, GovhallError) and exc.args:
            _exit_with(str(exc.args[0]))
        _exit_with(str(exc) or exc.__class__.__name__)
    except Exception as exc:  # pragma: no cover - last line of defence at the process boundary
        if os.environ.get("GOVHALL_DEBUG"):
            raise
        _exit_with(f"internal error: {exc.__class__.__name__}: {exc}")


def _exit_with(message: str) -> None:
    sys.stderr.write("govhall: error: " + " ".join(message.split()) + "\n")
    sys.exit(2)


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1:])
