"""``govhall audit DATASET`` / ``govhall audit --example`` and ``govhall check CATALOG``.

Both print the audit Report in ``--format text|json|md|html|sarif|junit|oscal`` (``--json`` = ``--format
json``) on stdout, or write it to ``--output FILE``. Personal data is masked unless
``--show-personal-data``. Exit codes (DESIGN "Command line"):

* 0: no finding at or above ``--fail-on`` (``error`` by default; ``never`` always exits 0);
* 1: findings at or above ``--fail-on``;
* 2: bad usage or unreadable input (a missing path, an undecodable file, an unknown
  ``--interpret`` name or value, an unknown ``--standard``, a broken ``--profile``): a one-line
  message on stderr, never a traceback;
* 3: a rule raised an exception on some subject (a bug, or data it cannot handle): the report is
  incomplete, so the run fails whatever ``--fail-on`` says; the rule errors are listed at the top of
  the report in every format and on stderr. ``--tolerate-rule-errors`` gives 0/1 again (the errors
  are still listed).

Records that cannot be read never stop a run: they are reported as ``rejected`` and counted.

* ``audit``: rejected records alone do not change the exit code (the data of a month is audited as
  far as it can be read; the report lists the rest), unless every record was rejected: nothing was
  audited, so nothing passed, and the run exits 1 as ``check`` does (unless ``--fail-on never``).
* ``check``: a catalogue entry that cannot be read is an incomplete service guide, so rejected items
  make the check exit 1 unless ``--fail-on never``.

``check CATALOG`` reads an item catalogue: a JSON/YAML list of items, a JSON/YAML document with an
``items`` key, a JSONL, CSV or Parquet file of items (any file name), or a dataset folder (only its
``items.*`` files are read). It runs the rules whose subject is ``item`` only. Items carry no dates,
so unless ``--as-of`` or the catalogue gives one, the check is judged as of today (Asia/Shanghai).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
from collections.abc import Callable, Iterator
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Optional

import typer
import yaml

from govhall.cli._common import (
    STDIN_NAME,
    UsageError,
    die,
    file_option_problem,
    one_line,
    parse_date_arg,
    stdin_to_file,
)
from govhall.errors import DatasetError, GovhallError, MissingInputError, UnreadableInputError

if TYPE_CHECKING:  # the CLI starts without the rules; the report type is only for the checker
    from govhall.rules.report import Report

__all__ = ["CATALOG_SUFFIXES", "FailOn", "Format", "load_catalog", "register", "run_report"]

#: file kinds ``check`` reads as an item list
CATALOG_SUFFIXES: tuple[str, ...] = (".json", ".yaml", ".yml", ".jsonl", ".ndjson", ".csv", ".parquet")


class Format(str, Enum):
    """Report formats (``govhall.reports.FORMATS``)."""

    text = "text"
    json = "json"
    md = "md"
    html = "html"
    sarif = "sarif"
    junit = "junit"
    oscal = "oscal"


class Engine(str, Enum):
    """Where the halls of a province run."""

    local = "local"
    dask = "dask"


class FailOn(str, Enum):
    """The lowest severity that makes the command exit 1."""

    error = "error"
    warning = "warning"
    never = "never"


# -- reading the inputs -------------------------------------------------------------------------------


def _read_structured(path: Path) -> Any:
    from govhall._dupkeys import Marked, MarkedList, Twice, loads_marking, yaml_marking
    from govhall._yamlio import refuse_alias_bomb
    from govhall.errors import DatasetError
    from govhall.loaders import (
        _document_by_table,
        _document_key_twice,
        _json_msg,
        _TableText,
        detect_encoding,
    )

    text = path.read_text(encoding=detect_encoding(path))
    try:
        if path.suffix.lower() == ".json":
            doc, twice = loads_marking(text)
        else:  # an impossible unquoted date (2025-02-30) is its text: its item is rejected alone, named
            doc, twice = yaml_marking(text, no_day_as_text=True)
    except json.JSONDecodeError as exc:
        # a break that leaves the quotes in step (a doubled comma, a lost colon): the items read one by
        # one, the broken one rejected, as govhall audit reads the same file; the whole catalogue was
        # refused ("cannot be parsed: …", json's words), every good item with it
        if exc.msg.startswith(("Expecting", "Illegal trailing comma")):
            if text.lstrip().startswith("["):
                return _TableText(text)
            try:
                return _document_by_table(text, str(path), closed=True)
            except (DatasetError, ValueError, RecursionError):
                pass
        raise DatasetError(
            f"{path}: not valid JSON: {_json_msg(exc)} (line {exc.lineno}, column {exc.colno})"
        ) from None
    except yaml.YAMLError as exc:
        raise DatasetError(f"{path}: cannot be parsed: {' '.join(str(exc).split())}") from None
    except (RecursionError, ValueError) as exc:  # past the loader's limits (too deep, a number too long)
        if path.suffix.lower() != ".json" and not isinstance(exc, RecursionError):  # 2025-02-30 unquoted
            raise DatasetError(f"{path}: cannot be parsed: {exc} (a date written without quotes?)") from None
        if path.suffix.lower() != ".json":
            raise DatasetError(
                f"{path}: nested too deep to read as YAML; use JSON or jsonl, where such a record is "
                "rejected on its own",
                path=str(path),
            ) from None
        if text.lstrip().startswith("["):  # a list of items: read element by element
            return _TableText(text)
        return _document_by_table(text, str(path))
    refuse_alias_bomb(doc, path, DatasetError)
    if twice and type(doc) is Twice:
        raise _document_key_twice(f"{path} (line {doc.line})" if doc.line else str(path), doc.key)
    if twice:  # a record names a key twice: the loader rejects it (a list becomes a document here)
        return Marked(doc) if isinstance(doc, dict) else MarkedList(doc) if isinstance(doc, list) else doc
    return doc


def load_catalog(path: str | os.PathLike[str]) -> Any:
    """Read an item catalogue into a :class:`~govhall.models.Dataset` holding only items.

    ``path`` is a folder (its ``items.jsonl``/``.ndjson``/``.json``/``.csv`` files; other tables are
    not read), a JSON/YAML list of items or document with an ``items`` key, or a JSONL/CSV file of
    items under any name. Broken items become rejected records that name ``path`` (and the line or
    element number). Raises ``FileNotFoundError`` for a missing path and ``ValueError`` for a file
    that is no catalogue.
    """
    from govhall._dupkeys import Marked, MarkedList
    from govhall.loaders import _TableText, load_dataset, load_table

    src = Path(path)
    if not src.exists():
        from govhall._paths import MISSING, not_a_file

        what = not_a_file(src)  # a loop or a dangling link was "no such file or folder" too
        if what not in (None, MISSING):
            raise UnreadableInputError(f"{src}: {what}", path=str(src))
        raise MissingInputError(f"no such file or folder: {src}", path=str(src))
    if src.is_dir():
        files = [
            src / f"items{s}"
            for s in (".jsonl", ".ndjson", ".json", ".csv", ".parquet")
            if (src / f"items{s}").is_file()
        ]
        if not files:
            raise DatasetError(
                f"{src}: no items.jsonl, items.json, items.csv or items.parquet in this folder"
            )
        dataset = load_table(files, "items")
    else:
        suffix = src.suffix.lower()
        if suffix not in CATALOG_SUFFIXES:
            raise DatasetError(f"{src}: a catalogue is a {', '.join(CATALOG_SUFFIXES)} file or a folder")
        if suffix in (".json", ".yaml", ".yml"):
            doc = raw = _read_structured(src)
            meta: dict[str, Any] = {}
            marked = isinstance(doc, (Marked, MarkedList))  # a record names a key twice
            if isinstance(doc, dict):
                if "items" not in doc:
                    raise DatasetError(f"{src}: a catalogue document needs an 'items' list")
                meta = {k: doc[k] for k in ("as_of", "name") if k in doc}
                doc = doc["items"]
            if not isinstance(doc, (list, _TableText)):
                raise DatasetError(f"{src}: expected a list of items")
            document = {"items": doc, **meta}
            dataset = load_dataset(Marked(document) if marked else document)
            dataset.rejected[:] = [r.model_copy(update={"source": str(src)}) for r in dataset.rejected]
            for pos in dataset._positions.values():  # the records' lines in the file (govhall.locations)
                pos.sources = [(str(src), "document" if meta or isinstance(raw, dict) else "array")]
        else:
            dataset = load_table(src, "items")
    dataset.source = str(src)
    return dataset


def _from_stdin(load: Callable[[Path], Any], table: str | None) -> Any:
    """Load what standard input holds (``-``) through ``load``, naming it ``<stdin>`` in the report."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="govhall-stdin-") as folder:
        path = stdin_to_file(Path(folder), table=table)
        try:
            dataset = load(path)
        except (GovhallError, ValueError, OSError) as exc:  # name standard input, not the temporary file
            message = str(exc).replace(str(path), STDIN_NAME).replace(str(folder), STDIN_NAME)
            raise UsageError(message) from None
    dataset.source = STDIN_NAME
    dataset.rejected[:] = [r.model_copy(update={"source": STDIN_NAME}) for r in dataset.rejected]
    dataset._positions = {}  # the lines were in a pipe: reports name the subjects, not a file
    return dataset


def _check_output(output: Path | None, inputs: list[Path | None]) -> None:
    """Exit 2 when ``--output`` would overwrite what the run reads: an input file itself (``check
    items.jsonl -o items.jsonl`` replaced the catalogue with its report), or a file the loader reads in
    an input folder (``audit hall -o hall/applications.json``). A report beside the data under another
    name is written as before."""
    from govhall.loaders import DATA_SUFFIXES, META_FILES
    from govhall.models import TABLES

    if output is None:
        return
    target = Path(os.path.realpath(output))
    for given in inputs:
        if given is None or str(given) == "-":
            continue
        source = Path(os.path.realpath(given))
        if target == source:
            die(f"--output: {output} is the input {given}: the report would overwrite what it reports on")
        read_there = output.name in META_FILES or (
            output.suffix.lower() in DATA_SUFFIXES and output.stem in TABLES
        )
        if read_there and source.is_dir() and target.is_relative_to(source):
            die(
                f"--output: {output} is a table file inside the dataset {given}: the report would overwrite "
                "or join the data; write it elsewhere or under another name"
            )


def _nothing_to_read(folder: Path) -> bool:
    """Whether ``folder`` is a folder holding nothing the loader reads: no table file (under a known
    name or not: an unknown one is reported), no meta file, hidden files aside. Audited, it gave a report
    of 0 records and exit 0, where an auditor had almost surely given a wrong path; a hall whose tables
    are empty (``hall.json`` alone, an empty ``applications.jsonl``) still holds them."""
    from govhall.loaders import DATA_SUFFIXES, META_FILES

    if folder.suffix.lower() in DATA_SUFFIXES or not folder.is_dir():
        return False  # a table file, or a folder named like one: the load says what it is
    try:
        names = os.listdir(folder)
    except OSError:
        return False  # the load says why it cannot be read
    return not any(
        not name.startswith(".")
        and (name in META_FILES or os.path.splitext(name)[1].lower() in DATA_SUFFIXES)
        for name in names
    )


def _example_dir() -> Path:
    try:
        from govhall.example.build import EXAMPLE_DIR
    except ImportError:
        raise UsageError("the example hall is not available in this installation") from None
    path = Path(EXAMPLE_DIR)
    if not path.is_dir():
        raise UsageError(f"the example hall's data is missing ({path}); run examples/generate_example.py")
    return path


# -- the shared run -------------------------------------------------------------------------------------


def _message(exc: BaseException) -> str:
    if isinstance(exc, KeyError) and exc.args:
        return str(exc.args[0])
    if isinstance(exc, OSError) and exc.filename and exc.strerror:
        return f"{exc.filename}: {exc.strerror}"
    return str(exc) or exc.__class__.__name__


def _today_shanghai() -> date:
    from govhall.models import SHANGHAI

    return datetime.now(SHANGHAI).date()


def run_report(
    *,
    kind: Literal["audit", "check"],
    load: Callable[[], Any],
    fmt: Format | None,
    output: Path | None,
    fail_on: FailOn,
    profile: Path | None,
    interpret: list[str],
    standard: list[str],
    as_of: str | None,
    show_personal_data: bool,
    json_flag: bool,
    tolerate_rule_errors: bool = False,
    source_root: Path | None = None,
    province: Path | None = None,
    jobs: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    nested: list[str] | None = None,
) -> int:
    """Load, audit, render and write; return the exit code (input problems exit 2 via ``die``).

    ``nested``: the halls in the subfolders of a folder audited as one hall (it holds table files of
    its own); the report's notes name them, since they are not audited with it.

    With ``province`` (a folder of hall folders) every hall is audited (``jobs`` processes or the
    Dask ``engine``) into one report; halls that could not be read make the command exit 2 after
    the report is written.
    """
    from govhall.rules import audit, parse_choices
    from govhall.standards import load_all

    if json_flag and fmt not in (None, Format.text, Format.json):
        die(f"--json conflicts with --format {fmt.value}")
    chosen = Format.json if json_flag else format_for(fmt, output)
    if source_root is not None and not source_root.is_dir():
        die(f"--source-root: not a folder: {source_root}")
    try:
        day = parse_date_arg(as_of, "--as-of") if as_of is not None else None
        if profile is not None and (problem := file_option_problem(profile, "--profile")):
            raise UsageError(problem)
        load_all()
        choices = parse_choices(interpret)
        if province is not None:  # the findings spooled to disk until the report is written
            with _audit_province(
                province, jobs=jobs, engine=engine, scheduler=scheduler, profile=profile,
                interpretations=choices, standards=standard, as_of=day,
            ) as report:  # fmt: skip
                return _emit(
                    report,
                    chosen,
                    output,
                    fail_on,
                    kind,
                    show_personal_data,
                    source_root,
                    tolerate_rule_errors,
                )
        dataset = load()
        if kind == "check" and dataset.records == 0:
            # an empty catalogue ([], a header alone, an empty file) passed with "No findings" and exit 0:
            # in a pipeline it is almost always an export that failed, so it is refused as the audit of a
            # folder holding no data is
            raise DatasetError(
                f"{dataset.source or 'the catalogue'}: the catalogue holds no items (an empty list, an "
                "empty file or a header alone), so nothing was checked: is it the right file or export?"
            )
        if kind == "audit" and dataset.records == 0:
            # every table empty (an empty applications.jsonl, a header alone, meta.json alone) said
            # "Records 0 … No findings" and exit 0: an export that wrote empty files passed as a clean
            # month; refused as an empty catalogue is (a rejected record is a record: it is reported)
            if nested:  # a stray empty table file at a province's root: its halls are the data
                shown = ", ".join(nested[:3]) + (" …" if len(nested) > 3 else "")
                raise DatasetError(
                    f"{dataset.source or 'the dataset'}: the dataset holds no records (its tables are empty), "
                    f"and its {len(nested)} subfolder hall(s) ({shown}) belong to it, so nothing was "
                    "audited: move this folder's table files out so it is read as a province"
                )
            raise DatasetError(
                f"{dataset.source or 'the dataset'}: the dataset holds no records (its tables are empty), "
                "so nothing was audited: is it the right folder or export?"
            )
        if day is None and kind == "check" and dataset.as_of is None:
            try:
                dataset.effective_as_of()
            except ValueError:
                day = _today_shanghai()
        report = audit(
            dataset, profile=profile, interpretations=choices, standards=standard or None,
            subjects=["item"] if kind == "check" else None, as_of=day, progress=sys.stderr.isatty(), kind=kind,
        )  # fmt: skip
        if nested:  # a stray table file at a province's root made it one hall: its halls vanished unsaid
            from govhall.rules.report import Note

            shown = ", ".join(nested[:3]) + (" …" if len(nested) > 3 else "")
            report.notes.append(Note(kind="info", count=len(nested), message=(
                f"{len(nested)} hall dataset(s) in the subfolders ({shown}) were not audited: a folder "
                "with table files of its own is one hall, and its subfolders belong to it; audit them "
                "on their own, or move this folder's table files out so it is read as a province"
            )))  # fmt: skip
    except (GovhallError, UsageError, ValueError, OSError, KeyError, LookupError, ImportError) as exc:
        text = _message(exc)
        if "give as_of" in text:
            text = text.replace("give as_of", "give as_of (--as-of DATE)", 1)
        die(text)
    except KeyboardInterrupt:
        die("interrupted", 130)
    return _emit(report, chosen, output, fail_on, kind, show_personal_data, source_root, tolerate_rule_errors)


@contextlib.contextmanager
def _audit_province(
    root: Path,
    *,
    jobs: int | None,
    engine: str,
    scheduler: str | None,
    profile: Path | None,
    interpretations: dict[str, str],
    standards: list[str],
    as_of: date | None,
) -> Iterator[Report]:
    """Every hall under ``root``, one report; a progress bar over the halls on a terminal.

    The report's findings are spooled to an unlinked temporary file as each hall's result arrives
    (:func:`govhall.province.audit_many_spooled`), so the parent holds about one hall's findings, not
    the province's; the report is valid inside the ``with`` block."""
    from govhall.province import audit_many_spooled, discover_halls

    total = len(discover_halls(root))
    bar = None
    task: Any = None
    if sys.stderr.isatty() and total > 1:
        from rich.console import Console
        from rich.progress import Progress

        bar = Progress(transient=True, console=Console(stderr=True))  # stdout carries the report
        task = bar.add_task("halls", total=total)
        bar.start()
    try:
        with audit_many_spooled(
            root, jobs=jobs, engine=engine, scheduler=scheduler, profile=profile,
            interpretations=interpretations, standards=standards or None, as_of=as_of,
            on_result=(lambda _r: bar.advance(task)) if bar is not None else None,
        ) as report:  # fmt: skip
            if bar is not None:  # the halls are done: the report is written without it
                bar.stop()
            yield report
    finally:
        if bar is not None:
            bar.stop()  # (again: stopping a stopped bar does nothing)


def _emit(
    report: Report, chosen: Format, output: Path | None, fail_on: FailOn, kind: Literal["audit", "check"], show: bool,
    source_root: Path | None = None, tolerate_rule_errors: bool = False,
) -> int:  # fmt: skip
    """Render and write ``report``; the exit code (3 when a rule raised, unless tolerated)."""
    from govhall.reports import write_report

    code = report.exit_code(fail_on.value, tolerate_rule_errors=tolerate_rule_errors)
    halls = report.summary.halls or {}
    unreadable = sorted(h for h, s in halls.items() if s.error is not None)
    if kind == "check" and report.summary.rejected and fail_on is not FailOn.never and code == 0:
        code = 1
    nothing = kind == "audit" and report.summary.rejected and not report.summary.audited
    if nothing and fail_on is not FailOn.never and code == 0:  # it exited 0, as if the month were clean
        code = 1
    for note in report.rule_errors:  # never silent, whatever the format and destination
        sys.stderr.write(one_line(f"govhall: rule error: {note.rule_id}: {note.message}") + "\n")
    if output is None:
        write_report(report, chosen.value, sys.stdout.write, show_personal_data=show, source_root=source_root)
    else:
        try:  # written as it is rendered: a province's report is never held whole
            with output.open("w", encoding="utf-8") as file:
                write_report(
                    report, chosen.value, file.write, show_personal_data=show, source_root=source_root
                )
        except OSError as exc:  # a write error names no file: say which
            die(f"--output: {_message(exc) if exc.filename else f'{output}: {exc.strerror or exc}'}")
        f = report.summary.findings
        sys.stderr.write(
            f"govhall: wrote {output} ({f.get('error', 0)} error, {f.get('warning', 0)} warning, {f.get('info', 0)} "
            f"info; {report.summary.rejected} rejected)\n"
        )
    if nothing:  # said after the report, whatever the exit code: the last line a person sees
        sys.stderr.write(
            f"govhall: every record was rejected ({report.summary.rejected}), so nothing was audited; "
            "see the report's rejected records\n"
        )
    if unreadable:
        shown = ", ".join(unreadable[:5]) + (" …" if len(unreadable) > 5 else "")
        die(f"{len(unreadable)} of {len(halls)} hall(s) could not be audited ({shown}); see the report")
    return code


# -- the commands -------------------------------------------------------------------------------------

_FORMAT = typer.Option(
    None,
    "--format",
    "-f",
    help="report format (default: the one --output's extension names, .json .sarif .html .md .xml .junit .txt; "
    "else text)",
    case_sensitive=False,
    show_default=False,
)
#: the report format an ``--output`` file's extension names when ``--format`` is not given
_FORMAT_OF_SUFFIX: dict[str, Format] = {
    ".json": Format.json, ".sarif": Format.sarif, ".html": Format.html, ".htm": Format.html, ".md": Format.md,
    ".markdown": Format.md, ".xml": Format.junit, ".junit": Format.junit, ".txt": Format.text,
}  # fmt: skip


def format_for(fmt: Format | None, output: Path | None) -> Format:
    """``--format`` when given, else the format ``--output``'s extension names, else text (``--json`` is
    told apart by the caller).

    ``-o govhall.sarif`` without ``-f`` wrote the text report into the file a code-scanning upload
    then refused; ``results.sarif.json`` is SARIF too (the SARIF spec's own file name form). ``-o
    report.junit`` wrote the text report where a CI's JUnit step read XML."""
    if fmt is not None:
        return fmt
    if output is None:
        return Format.text
    suffixes = [s.lower() for s in output.suffixes[-2:]]
    if suffixes[-2:] == [".sarif", ".json"]:
        return Format.sarif
    return _FORMAT_OF_SUFFIX.get(suffixes[-1] if suffixes else "", Format.text)


_OUTPUT = typer.Option(None, "--output", "-o", help="write the report to FILE instead of stdout")
_FAIL_ON = typer.Option(FailOn.error, "--fail-on", help="exit 1 when a finding is at or above this severity")
_PROFILE = typer.Option(None, "--profile", help="hall profile (YAML): parameters, interpretations, calendar")
_INTERPRET = typer.Option(
    [], "--interpret", metavar="NAME=VALUE", help="choose a reading of an ambiguous clause (repeatable)"
)
_STANDARD = typer.Option([], "--standard", metavar="ID", help="run only this standard's rules (repeatable)")
_AS_OF = typer.Option(None, "--as-of", metavar="DATE", help="judge open cases as of DATE (YYYY-MM-DD)")
_SHOW = typer.Option(False, "--show-personal-data", help="do not mask names, phone and ID numbers")
_JSON = typer.Option(False, "--json", help="same as --format json")
_TOLERATE = typer.Option(
    False,
    "--tolerate-rule-errors",
    help="exit 0/1 by the findings even if a rule raised (without it such a run exits 3; the rule errors "
    "are listed at the top of the report either way)",
)
_EPILOG = (
    "Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 bad usage or unreadable "
    "input (one line on stderr); 3 a rule raised on some subject (listed at the top of the report), "
    "unless --tolerate-rule-errors; 130 interrupted (Ctrl-C; a province's workers are stopped first)."
)
_SOURCE_ROOT = typer.Option(
    None, "--source-root", metavar="DIR",
    help="sarif/junit: file paths relative to DIR, the repository root (default: the current directory)",
)  # fmt: skip


def register(app: typer.Typer) -> None:
    """Add the ``audit`` and ``check`` commands to ``app``."""

    @app.command("audit", epilog=_EPILOG)
    def audit_command(
        dataset: Optional[Path] = typer.Argument(  # noqa: UP045 - typer reads the annotation at runtime
            None,
            help="dataset folder, document (.json/.yaml) or table file; - reads a document from stdin",
            show_default=False,
        ),
        example: bool = typer.Option(False, "--example", help="audit the embedded example hall"),
        fmt: Optional[Format] = _FORMAT,  # noqa: UP045
        output: Optional[Path] = _OUTPUT,  # noqa: UP045
        fail_on: FailOn = _FAIL_ON,
        profile: Optional[Path] = _PROFILE,  # noqa: UP045
        interpret: list[str] = _INTERPRET,
        standard: list[str] = _STANDARD,
        as_of: Optional[str] = _AS_OF,  # noqa: UP045
        show_personal_data: bool = _SHOW,
        json_flag: bool = _JSON,
        tolerate_rule_errors: bool = _TOLERATE,
        source_root: Optional[Path] = _SOURCE_ROOT,  # noqa: UP045
        jobs: Optional[int] = typer.Option(  # noqa: UP045
            None,
            "--jobs",
            "-j",
            min=1,
            max=1024,
            help="a province: worker processes (default: the machine's cores)",
        ),
        engine: Engine = typer.Option(
            Engine.local, "--engine", help="a province: run halls locally or on Dask"
        ),
        scheduler: Optional[str] = typer.Option(  # noqa: UP045
            None, "--scheduler", metavar="ADDR", help="a province with --engine dask: an existing scheduler"
        ),
    ) -> None:
        """Run every applicable rule over a dataset and report the findings, clause by clause.

        DATASET may be a province: a folder whose subfolders (at any depth) are hall datasets. Every
        hall is audited (--jobs processes) into one report with a summary per hall; halls that cannot
        be read are reported and make the command exit 2 once the report is written.
        """
        from govhall.loaders import load_dataset
        from govhall.province import discover_halls, is_province

        if example and dataset is not None:
            die("give DATASET or --example, not both")
        if not example and dataset is None:
            die("give a DATASET (folder or file) or --example")
        if scheduler and engine is not Engine.dask:
            die("--scheduler goes with --engine dask")

        def load() -> Any:
            if not example and str(dataset) == "-":
                return _from_stdin(load_dataset, None)
            return load_dataset(_example_dir() if example else dataset)  # type: ignore[arg-type]

        province = dataset if dataset is not None and is_province(dataset) else None
        one_hall = (
            None if province is not None or example or dataset is None or str(dataset) == "-" else dataset
        )
        nested = (
            [name for name, _ in discover_halls(one_hall)]
            if one_hall is not None and one_hall.is_dir()
            else []
        )
        _check_output(output, [dataset, profile])
        if one_hall is not None and not nested and _nothing_to_read(one_hall):
            die(
                f"{one_hall}: no hall dataset in this folder or below it (no table file such as "
                "applications.jsonl, items.csv or hall.json, nor meta.json): is the path right?"
            )
        code = run_report(
            kind="audit", load=load, fmt=fmt, output=output, fail_on=fail_on, profile=profile,
            interpret=interpret, standard=standard, as_of=as_of, show_personal_data=show_personal_data,
            json_flag=json_flag, source_root=source_root, tolerate_rule_errors=tolerate_rule_errors,
            province=province, jobs=jobs, engine=engine.value, scheduler=scheduler, nested=nested,
        )  # fmt: skip
        raise typer.Exit(code)

    @app.command("check", epilog=_EPILOG)
    def check_command(
        catalogs: list[Path] = typer.Argument(
            ...,
            metavar="CATALOG...",
            help="item catalogue: list of items (json/yaml/jsonl/csv) or a folder; - reads stdin; several "
            "catalogues (as pre-commit passes them) are checked one after another with --format text or md",
        ),  # fmt: skip
        fmt: Optional[Format] = _FORMAT,  # noqa: UP045
        output: Optional[Path] = _OUTPUT,  # noqa: UP045
        fail_on: FailOn = _FAIL_ON,
        profile: Optional[Path] = _PROFILE,  # noqa: UP045
        interpret: list[str] = _INTERPRET,
        standard: list[str] = _STANDARD,
        as_of: Optional[str] = _AS_OF,  # noqa: UP045
        show_personal_data: bool = _SHOW,
        json_flag: bool = _JSON,
        tolerate_rule_errors: bool = _TOLERATE,
        source_root: Optional[Path] = _SOURCE_ROOT,  # noqa: UP045
    ) -> None:
        """Lint an item catalogue (办事指南) against the standards: only the rules about items run.

        Items that cannot be read are reported as rejected and fail the check unless --fail-on never.
        A catalogue holding no items at all (an empty list or file, a CSV header alone) is refused (exit 2).
        With several catalogues the exit code is the worst of their runs; one that is refused (empty,
        unreadable) is an ERROR line among the reports, the others are still checked, and the run ends
        with one line on stderr naming the first refused (exit 2).
        """
        if len(catalogs) > 1 and (
            json_flag or fmt not in (None, Format.text, Format.md) or output is not None
        ):
            die("several catalogues are checked one after another: use --format text or md, without --output")
        if sum(str(c) == "-" for c in catalogs) > 1:  # the second read an empty pipe after a full report
            die("- (standard input) is given more than once: it can be read only once")
        _check_output(output, [*catalogs, profile])
        code = 0
        refused: list[str] = []  # the one line of each catalogue refused, for the run's one line at the end
        for catalog in catalogs:

            def load(catalog: Path = catalog) -> Any:
                return _from_stdin(load_catalog, "items") if str(catalog) == "-" else load_catalog(catalog)

            said = io.StringIO()
            try:
                with contextlib.redirect_stderr(said) if len(catalogs) > 1 else contextlib.nullcontext():
                    code = max(code, run_report(
                        kind="check", fmt=fmt, load=load, output=output, fail_on=fail_on,
                        profile=profile, interpret=interpret, standard=standard, as_of=as_of,
                        show_personal_data=show_personal_data, json_flag=json_flag, source_root=source_root,
                        tolerate_rule_errors=tolerate_rule_errors,
                    ))  # fmt: skip
            except typer.Exit as stop:
                # a catalogue refused (empty, unreadable) stopped the run there, and the catalogues after
                # it were never checked; the others go on, each refusal is an ERROR line among the
                # reports, and the run ends in one line on stderr naming the first (two refused wrote
                # two lines) and exits 2 (an interrupt still stops it)
                if stop.exit_code != 2 or len(catalogs) == 1:
                    sys.stderr.write(said.getvalue())
                    raise
                line = said.getvalue().strip().removeprefix("govhall: error: ") or f"{catalog}: refused"
                refused.append(line)
                sys.stdout.write(f"ERROR {line}\n")
                code = max(code, 2)
            else:
                sys.stderr.write(said.getvalue())  # a rule error's line, a warning: as they were
        if refused:
            more = (
                f" (and {len(refused) - 1} other catalogue(s) refused, see above)" if len(refused) > 1 else ""
            )
            die(f"{refused[0]}{more}")
        raise typer.Exit(code)
