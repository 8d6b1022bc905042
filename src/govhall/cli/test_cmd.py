"""``govhall test CASES.yaml…``: run declarative cases and report like pytest (format: docs/cases.md).

Prints one line per file with a dot per passing case and ``F`` per failing one, then each failure
(``FAILED file::name - why``) and a summary line; ``-v`` prints one line per case, ``--json`` one JSON
document (``passed``, ``failed``, ``cases`` [{``id``, ``file``, ``line``, ``name``, ``kind``,
``passed``, ``message``}]). Exit 0 when every case passes, 1 when one fails, 2 for a case file that
cannot be read (one line naming the file, case and line) or when no case was selected. A file that
cannot be read among several does not stop the others: their cases run and are reported, the file
gets an ``ERROR file - why`` line (``errors`` in ``--json``), and the exit is still 2.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import typer

from govhall.cli._common import STDIN_NAME, UsageError, emit_json, terminal_safe
from govhall.errors import GovhallError

__all__ = ["register"]


def _stdin_file(folder: Path) -> Path:
    path = folder / "stdin-cases.yaml"
    path.write_bytes(sys.stdin.buffer.read())
    return path


def register(app: typer.Typer) -> None:
    """Add the ``test`` command to ``app``."""

    @app.command(
        "test",
        epilog="Exit codes: 0 every case passed; 1 a case failed; 2 a case file cannot be read or no case "
        "was selected (one line on stderr); 130 interrupted (Ctrl-C).",
    )
    def test_command(
        files: list[Path] = typer.Argument(
            ..., metavar="CASES.yaml...", help="case files; - reads one from stdin"
        ),
        keyword: str = typer.Option(
            None, "-k", metavar="TEXT", help="run only cases whose file::name contains TEXT"
        ),
        verbose: bool = typer.Option(False, "-v", "--verbose", help="one line per case"),
        json_flag: bool = typer.Option(False, "--json", help="print one JSON document"),
    ) -> None:
        """Run declarative cases (dataset, complaint or deadline in; findings, verdict or due date out)."""
        import tempfile

        from govhall.cases import load_case_file, run_case

        if sum(str(f) == "-" for f in files) > 1:  # the second read emptied the first one's copy
            raise UsageError("- (standard input) is given more than once: it can be read only once")
        started = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="govhall-cases-") as folder:
            paths = [_stdin_file(Path(folder)) if str(f) == "-" else f for f in files]
            cases = []
            broken: list[tuple[str, GovhallError]] = []  # a file that cannot be read: the others still run
            for original, path in zip(files, paths, strict=True):
                try:
                    loaded = load_case_file(path)
                except GovhallError as exc:
                    name = str(original)
                    if name == "-":  # it named the temporary copy (/tmp/govhall-cases-…/stdin-cases.yaml)
                        name = STDIN_NAME
                        exc = type(exc)(str(exc).replace(str(path), name), **exc.detail)
                    if len(files) == 1:
                        raise exc from None
                    broken.append((name, exc))
                    continue
                if str(original) == "-":
                    for c in loaded:
                        c.file = STDIN_NAME
                cases.extend(loaded)
            selected = [c for c in cases if keyword is None or keyword in c.id]
            if broken and not selected:
                raise _unread(broken)
            if not selected:
                raise UsageError("no cases to run" + (f" (none matches -k {keyword!r})" if keyword else ""))
            results = []
            out = sys.stdout
            current = None
            for case in selected:
                if not json_flag and not verbose and case.file != current:
                    out.write(("\n" if current is not None else "") + f"{terminal_safe(case.file)} ")
                    current = case.file
                r = run_case(case)
                results.append(r)
                if json_flag:
                    continue
                if verbose:
                    out.write(f"{terminal_safe(case.id)} {'PASSED' if r.passed else 'FAILED'}\n")
                else:
                    out.write("." if r.passed else "F")
                out.flush()
        failed = [r for r in results if not r.passed]
        seconds = time.perf_counter() - started
        if json_flag:
            emit_json({
                "passed": len(results) - len(failed), "failed": len(failed), "seconds": round(seconds, 3),
                "cases": [
                    {"id": r.case.id, "file": r.case.file, "line": r.case.line, "name": r.case.name,
                     "kind": r.case.kind, "passed": r.passed, "message": r.message}
                    for r in results
                ],
                **({"errors": [{"file": f, "message": str(e)} for f, e in broken]} if broken else {}),
            })  # fmt: skip
        else:
            if not verbose:
                sys.stdout.write("\n")
            for r in failed:
                where = f" (line {r.case.line})" if r.case.line else ""
                # a case's name, file and message (echoing the case's values) never send a control
                # character (ESC [2J, a line end) to the terminal: shown as \xNN, as the text report does
                sys.stdout.write(terminal_safe(f"FAILED {r.case.id}{where} - {r.message}") + "\n")
            for name, error in broken:
                line = f"ERROR {error}" if name in str(error) else f"ERROR {name} - {error}"
                sys.stdout.write(terminal_safe(line) + "\n")
            parts = ([f"{len(failed)} failed"] if failed else []) + [f"{len(results) - len(failed)} passed"]
            parts += [f"{len(broken)} file error(s)"] if broken else []
            sys.stdout.write(f"{'=' * 20} {', '.join(parts)} in {seconds:.2f}s {'=' * 20}\n")
        if broken:
            raise _unread(broken, ran=len(results))
        raise typer.Exit(1 if failed else 0)


def _unread(broken: list[tuple[str, GovhallError]], ran: int = 0) -> GovhallError:
    """The error for case files that could not be read: the first one's, saying how many others there
    were and that the readable files' cases ran (exit 2 either way: a check that could not run is no pass)."""
    first = broken[0][1]
    more = f" (and {len(broken) - 1} other case file(s) that cannot be read)" if len(broken) > 1 else ""
    ran_too = f"; the {ran} case(s) of the other files ran (see above)" if ran else ""
    if not more and not ran_too:
        return first
    return type(first)(f"{first}{more}{ran_too}", **first.detail)
