"""The ``govhall`` command line.

The command names, options, ``--json`` keys and exit codes are the stable contract of
``../shared/DESIGN.md`` (section "Command line"):

* exit 0: nothing at or above ``--fail-on`` (or the command succeeded);
* exit 1: findings at or above ``--fail-on``;
* exit 2: bad usage or unreadable input, with a one-line message on stderr and never a traceback —
  usage errors (an unknown option or command, a bad ``--format`` value) included, and a standard
  output that is closed or broken (``>&-``, a pipe whose reader went away): the output could not
  be delivered, so the run did not succeed;
* exit 3: ``audit``/``check`` only: a rule raised an exception on some subject, so the report is
  incomplete (the rule errors are listed at the top of the report), unless
  ``--tolerate-rule-errors``.

Each command group lives in its own module under ``govhall.cli`` and exposes ``register(app)``;
this module only assembles them and guards the process boundary (:class:`_Boundary`), so the same
one-line errors come out of ``govhall`` itself and out of ``typer.testing.CliRunner(app)``.
"""

from __future__ import annotations

import errno
import importlib
import io
import math
import os
import sys
import typing
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

import typer
from typer._click import exceptions as _click_exc  # typer vendors click; its exceptions live here
from typer.core import TyperGroup

from govhall.cli._common import UsageError, one_line
from govhall.errors import GovhallError

#: exit code of a run in which a rule raised (``--tolerate-rule-errors`` turns it back into 0/1)
EXIT_RULE_ERROR = 3
#: exit code of bad usage, unreadable input, or output that could not be written
EXIT_USAGE = 2


class _ClosedStdout(io.TextIOBase):
    """Stands in for ``sys.stdout`` when the process was started with it closed (``>&-``).

    Python then sets ``sys.stdout`` to ``None`` and ``print``/``click.echo`` drop the output without
    a word; writing here raises instead, so the run ends with exit 2 and a message.
    """

    encoding = "utf-8"
    errors = "strict"

    def writable(self) -> bool:
        return True

    def write(self, s: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


def _one_line(message: str) -> str:
    return one_line(message)


#: the exit code of a run stopped by Ctrl-C (128 + SIGINT, as shells report it; docs/ci.md)
EXIT_INTERRUPTED = 130


def _interrupted() -> int:
    """Ctrl-C, whichever command was running: one line on stderr, exit 130 (what ``audit`` does)."""
    _fail("interrupted")
    return EXIT_INTERRUPTED


def _fail(message: str) -> int:
    try:
        sys.stderr.write("govhall: error: " + _one_line(message) + "\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):  # stderr closed too: the exit code still tells
        pass
    return EXIT_USAGE


def _error_message(exc: BaseException) -> str:
    if isinstance(exc, KeyError) and exc.args:
        return str(exc.args[0])
    if isinstance(exc, OSError) and not isinstance(exc, GovhallError) and exc.filename and exc.strerror:
        return f"{exc.filename}: {exc.strerror}"
    return str(exc) or exc.__class__.__name__


def _output_lost(exc: OSError) -> int:
    """stdout is closed or broken: say so on stderr and keep Python from complaining at exit."""
    why = "broken pipe" if exc.errno == errno.EPIPE else (exc.strerror or str(exc) or "closed")
    try:  # point fd 1 at /dev/null so the interpreter's final flush cannot raise again
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    except OSError:
        pass
    sys.stdout = _ClosedStdout()  # the final flush of the real stdout must not run
    return _fail(f"cannot write the output to standard output: {why}")


def _flush_stdout() -> None:
    stream = sys.stdout
    if stream is not None and not isinstance(stream, _ClosedStdout):
        stream.flush()


def _names_a_path(annotation: Any) -> bool:
    """Whether a parameter annotated ``annotation`` takes paths (``Path``, ``Path | None``, ``list[Path]``)."""
    if typing.get_origin(annotation) is None and isinstance(annotation, type):
        # (get_origin first: on Python 3.10 ``list[Path]`` also passes isinstance(..., type))
        return issubclass(annotation, PurePath)
    return any(_names_a_path(a) for a in typing.get_args(annotation))


def _refuse_empty(process: Any, param: Any) -> Any:
    def process_value(ctx: Any, value: Any) -> Any:
        values = value if isinstance(value, (list, tuple)) else (value,)
        if any(isinstance(v, str) and v == "" for v in values):
            raise _click_exc.BadParameter(
                "an empty path names no file or folder (an unset shell variable?)", ctx=ctx, param=param
            )
        return process(ctx, value)

    return process_value


def _refuse_empty_paths(command: Any) -> None:
    """Make every path argument and option of ``command`` (and its subcommands) refuse ``''``.

    ``Path('')`` is ``Path('.')``: ``govhall audit ''`` (``"$DATASET"`` with the variable unset) would
    audit the current folder, ``-o ''`` write into it. A path parameter is found by its annotation, so
    one added later is covered too; the refusal is a usage error (exit 2, one line).
    """
    for param in getattr(command, "params", ()):
        described = getattr(param, "type_descriptor", None)
        if (
            described is not None
            and _names_a_path(described.annotation)
            and "process_value" not in vars(param)
        ):
            param.process_value = _refuse_empty(param.process_value, param)
    for sub in (getattr(command, "commands", None) or {}).values():
        _refuse_empty_paths(sub)


def _is_number(annotation: Any) -> bool:
    """Whether a parameter annotated ``annotation`` takes a number (``float``, ``int | None`` …)."""
    if annotation in (int, float):
        return True
    args = typing.get_args(annotation) if typing.get_origin(annotation) is not None else ()
    return any(_is_number(a) for a in args)


def _refuse_not_finite(process: Any, param: Any) -> Any:
    def process_value(ctx: Any, value: Any) -> Any:
        values = value if isinstance(value, (list, tuple)) else (value,)
        for v in values:
            try:
                number = float(v) if isinstance(v, str) else None
            except ValueError:
                continue
            if number is not None and math.isnan(number):
                raise _click_exc.BadParameter(f"{v!r} is not a number", ctx=ctx, param=param)
            if number is not None and math.isinf(number):
                raise _click_exc.BadParameter(
                    f"{v!r} is not a finite number (infinite, or too large for one)", ctx=ctx, param=param
                )
        return process(ctx, value)

    return process_value


def _refuse_not_finite_numbers(command: Any) -> None:
    """Make every numeric argument and option of ``command`` (and its subcommands) refuse NaN and
    infinity in words: a range check cannot (``--rate nan`` was refused as "should be less than or
    equal to 1", and a float option without a range, ``serve --tick``, took ``nan``, ``inf`` and
    ``1e400``); an integer option said only "unable to parse string as an integer"."""
    for param in getattr(command, "params", ()):
        described = getattr(param, "type_descriptor", None)
        if described is not None and _is_number(described.annotation) and "_finite" not in vars(param):
            param.process_value = _refuse_not_finite(param.process_value, param)
            param._finite = True
    for sub in (getattr(command, "commands", None) or {}).values():
        _refuse_not_finite_numbers(sub)


def _codec(encoding: str | None) -> str:
    import codecs

    try:
        return codecs.lookup(encoding or "ascii").name
    except LookupError:
        return str(encoding)


def _utf8_for_ascii() -> None:
    """Standard output and error in UTF-8 when they were set to ASCII (``PYTHONIOENCODING=ascii``, a
    C locale on an old Python), as click's ``echo`` takes them: ``calendar workday`` (echoed) answered
    in UTF-8 where ``--json`` (written) stopped with "'ascii' codec can't encode characters in position
    92-98", and the reports failed so too. Only a real text stream is reconfigured."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name, None)
        if isinstance(stream, io.TextIOWrapper) and _codec(stream.encoding) == "ascii":
            try:
                stream.reconfigure(encoding="utf-8")
            except (OSError, ValueError):  # (written to already, or closed: left as it is)
                pass


def _unwritable(exc: UnicodeEncodeError) -> str | None:
    """What to do when standard output's encoding cannot write a character of the output (a Latin-1 or
    GBK terminal and a name outside it), or None when the error is of something else (a file name)."""
    stream = sys.stdout
    encoding = getattr(stream, "encoding", None)
    if encoding is None or _codec(exc.encoding) != _codec(encoding) or "surrogate" in exc.reason:
        return None
    char = exc.object[exc.start : exc.start + 1]
    return (
        f"cannot write the output: standard output's encoding ({encoding}) has no {char!r} "
        f"(U+{ord(char):04X}); set PYTHONIOENCODING=utf-8 (or give --output FILE, where the command has it)"
    )


class _Boundary(TyperGroup):
    """The root command: every error that leaves a command becomes one line on stderr.

    * click/typer usage errors (unknown option or command, bad choice, missing argument): exit 2 and
      ``govhall: error: <message> (see 'govhall <command> --help')`` instead of typer's boxed usage;
    * :class:`~govhall.errors.GovhallError`, ``ValueError``, ``OSError``, ``LookupError``,
      :class:`UsageError`: exit 2 with the message;
    * stdout closed or broken while writing or flushing the output: exit 2 with a message;
    * anything else: exit 2, ``internal error: <class>: <message>`` (``GOVHALL_DEBUG=1`` re-raises).
    """

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        _refuse_empty_paths(self)
        _refuse_not_finite_numbers(self)
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        if sys.stdout is None:
            sys.stdout = _ClosedStdout()
        _utf8_for_ascii()
        code = self._run(args, prog_name, complete_var, extra)
        sys.exit(code)

    def invoke(self, ctx: Any) -> Any:
        """Run the command; a Ctrl-C in it is one line and exit 130, whatever typer's version does with
        it (an Abort, 'aborted' and exit 2 before typer 0.13 or so; a silent 130 after)."""
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            _fail("interrupted")
            raise typer.Exit(EXIT_INTERRUPTED) from None

    def _run(self, args: Any, prog_name: Any, complete_var: Any, extra: dict[str, Any]) -> int:
        debug = bool(os.environ.get("GOVHALL_DEBUG"))
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            _flush_stdout()
        except _click_exc.NoArgsIsHelpError as exc:  # bare `govhall` / `govhall calendar`: the help
            try:
                sys.stdout.write(exc.ctx.get_help() + "\n")
                _flush_stdout()
            except OSError as oexc:
                return _output_lost(oexc)
            # exit 2 is bad usage, "message on stderr" (DESIGN): it said nothing there, so a script
            # that logs stderr saw a failure without a reason
            group: Any = exc.ctx.command
            names: list[str] = group.list_commands(exc.ctx) if hasattr(group, "list_commands") else []
            return _fail(
                f"missing command: give one of {', '.join(names)} (see '{exc.ctx.command_path} --help')"
            )
        except _click_exc.ClickException as exc:
            message = exc.format_message()
            # typer reads an option's choices through pydantic: "Invalid value for '-f': Value error, …"
            message = message.replace(": Value error, ", ": ", 1)
            ctx = getattr(exc, "ctx", None)
            if isinstance(exc, _click_exc.UsageError) and ctx is not None:
                message += f" (see '{ctx.command_path} --help')"
            return _fail(message)
        except typer.Abort as exc:
            if isinstance(exc.__cause__, KeyboardInterrupt):  # click turns Ctrl-C into Abort
                return _interrupted()
            return _fail("aborted")
        except KeyboardInterrupt:  # Ctrl-C outside click's own handling (its start, the output's flush)
            return _interrupted()
        except SystemExit as exc:  # typer's own EPIPE handling exits 1 with the output lost
            cause = exc.__context__
            if isinstance(cause, OSError) and cause.errno == errno.EPIPE:
                return _output_lost(cause)
            raise
        except OSError as exc:
            if (
                exc.errno in (errno.EPIPE, errno.EBADF)
                and exc.filename is None
                and not isinstance(exc, GovhallError)
            ):
                return _output_lost(exc)
            if debug:
                raise
            return _fail(_error_message(exc))
        except UnicodeEncodeError as exc:
            if debug:
                raise
            return _fail(_unwritable(exc) or _error_message(exc))
        except (GovhallError, UsageError, ValueError, LookupError) as exc:
            if debug:
                raise
            return _fail(_error_message(exc))
        except RecursionError as exc:
            if debug:
                raise
            return _fail(f"internal error: {exc.__class__.__name__}: {exc}")
        except Exception as exc:  # last line of defence at the process boundary
            if debug:
                raise
            return _fail(f"internal error: {exc.__class__.__name__}: {exc}")
        if rv is None:
            return 0
        if isinstance(rv, int):
            return rv
        return 0


#: shown under every command's --help (DESIGN, "Command line"; issue #17 adds 3 and the stdout case)
EXIT_CODES = (
    "Exit codes: 0 nothing at or above --fail-on (or the command succeeded); 1 findings at or above "
    "--fail-on (a failing case for govhall test); 2 bad usage, unreadable input, or output that could not "
    "be written (a closed or broken standard output), with one line on stderr; 3 a rule raised during "
    "audit, check or live replay (unless --tolerate-rule-errors); 130 interrupted (Ctrl-C)."
)

app = typer.Typer(
    name="govhall",
    help="China's government service-hall standards as executable, clause-cited rules.",
    epilog=EXIT_CODES,
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    cls=_Boundary,
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
    "govhall.cli.example_cmd",
)

for _name in _COMMAND_MODULES:
    importlib.import_module(_name).register(app)


def _add_exit_codes(group: typer.Typer) -> None:
    """Every command's --help ends with the exit codes (unless it states its own)."""
    from typer.models import DefaultPlaceholder

    for info in group.registered_commands:
        if info.epilog is None:
            info.epilog = EXIT_CODES
    for sub in group.registered_groups:
        if sub.typer_instance is not None:
            # a group's epilog is typer's DefaultPlaceholder until given, never None: `govhall calendar
            # --help`, `live`, `standards` and `serve` stated no exit codes
            if isinstance(sub.typer_instance.info.epilog, DefaultPlaceholder | type(None)):
                sub.typer_instance.info.epilog = EXIT_CODES
            _add_exit_codes(sub.typer_instance)


_add_exit_codes(app)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``govhall`` console script (the error handling is :class:`_Boundary`'s)."""
    app(args=argv, prog_name="govhall", standalone_mode=True)


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1:])
