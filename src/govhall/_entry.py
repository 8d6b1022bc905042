"""The ``govhall`` console script: the command line, with Ctrl-C during its start handled too.

The command line's modules take a few hundred milliseconds to import (typer, rich, the commands);
a Ctrl-C in that time reached Python's default handler and printed a traceback. This module imports
nothing heavy, so the window left before the command line's own handling (exit 130, one line on
stderr: :mod:`govhall.cli`) is the interpreter's start and ``import govhall`` alone.
"""

from __future__ import annotations

import sys
from importlib import import_module

#: the exit code of a run stopped by Ctrl-C (as govhall.cli.EXIT_INTERRUPTED; not imported from it,
#: which is the import this module guards)
_INTERRUPTED = 130


def main(argv: list[str] | None = None) -> None:
    """Run ``govhall.cli.main``; a Ctrl-C while it is being imported exits 130 with one line."""
    try:
        cli = import_module("govhall.cli")
    except KeyboardInterrupt:
        try:
            sys.stderr.write("govhall: error: interrupted\n")
            sys.stderr.flush()
        except (OSError, ValueError, AttributeError):
            pass
        raise SystemExit(_INTERRUPTED) from None
    cli.main(argv)
