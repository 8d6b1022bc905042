"""The public API is typed (mypy --strict sees every top-level name) and errors have stable classes.

Issue #14 item 4: a user script that uses every top-level name passes ``mypy --strict``; a misspelt
attribute (``report.summary.errors``) is caught; every error govhall raises on purpose is a
``GovhallError`` with a stable ``code`` and still the built-in class callers caught before.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import govhall
from govhall import errors

INIT = Path(govhall.__file__)

# Uses every top-level name with its real signature; mypy --strict must accept it as it is.
USER_SCRIPT = """
from datetime import date
from pathlib import Path

import govhall
from govhall.models import Application, Complaint, Inquiry, Item, Staff

cal: govhall.WorkingCalendar = govhall.calendar("CN")
day: date = cal.add_working_days(date(2025, 9, 26), 20)
limit: govhall.TimeLimit = govhall.parse_limit("20个工作日")
dl: govhall.Deadline = govhall.due_date("2025-09-26", limit, calendar=cal)
late: bool = govhall.is_late(dl, "2025-11-01")
where: Path = govhall.example_dir()
ds: govhall.Dataset = govhall.load_dataset(where)
report: govhall.Report = govhall.audit(ds, interpretations={"yousu-jiban.day-unit": "calendar_days"})
errors: int = report.summary.findings.get("error", 0)
first: govhall.Finding = report.findings[0]
ref: govhall.ClauseRef = govhall.ClauseRef(first.clauses[0])
# Deadline.basis holds ClauseRefs (a str); code that annotated it list[str] stays clean (list is invariant)
basis: list[str] = dl.basis
cited: str = ", ".join(basis)
standards_cited: set[str] = {r.standard for r in dl.basis if isinstance(r, govhall.ClauseRef)}
text: str = govhall.render(report, "sarif")
schema: dict[str, object] = govhall.json_schema("Application")
c = Complaint.model_validate({"id": "C", "channel": "onsite", "received_at": "2025-09-30T10:00"})
s: govhall.Screening = govhall.screen_complaint(c)
staff: dict[str, Staff] = {}
inq = Inquiry.model_validate({"id": "I", "at": "2025-09-30T10:00", "asked_staff": "S1"})
who: str | None = govhall.responsible_for_inquiry(inq, staff)
routing = govhall.required_routing("a")
app: Application = ds.applications[0]
item: Item | None = ds.items_by_code.get(app.item_code)
ok: bool = govhall.may_accept_rongque(app, item).allowed
sanction: str = govhall.sanction_for("5.1.4", 0)
windows: int = govhall.comprehensive_windows_needed(95)
people: int = govhall.staff_needed(windows)
visits: int = len(govhall.counted_visits(app))
ids: list[str] = [std.id for std in govhall.standards()]
version: str = govhall.__version__
try:
    govhall.parse_limit("twenty days")
except govhall.LimitTextError as exc:
    code: str = exc.code
except govhall.GovhallError as exc:
    status: int = exc.status
print(day, dl.due, late, errors, ref, len(text), schema, s.accepted, who, routing.action, ok, sanction,
      people, visits, ids, version, cited, standards_cited)
"""


def _type_checking_names() -> set[str]:
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for stmt in node.body:
                if isinstance(stmt, ast.ImportFrom) and stmt.module and stmt.module.startswith("govhall"):
                    names |= {a.asname for a in stmt.names if a.asname}
                elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                    names.add(stmt.target.id)
    return names


def test_type_checking_imports_mirror_the_lazy_names() -> None:
    """Each lazily resolved name is also imported for type checkers, from the same place."""
    assert _type_checking_names() == set(govhall._LAZY) | {"standards"}
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    where = {
        a.asname: f"{stmt.module}:{a.name}"
        for node in tree.body
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
        for stmt in node.body
        if isinstance(stmt, ast.ImportFrom)
        for a in stmt.names
        if a.asname
    }
    for name, target in govhall._LAZY.items():
        module, attr = target.split(":")
        imported = where[name]
        # the type-checking import may name the package that re-exports it; it must be the same object
        mod, _, att = imported.partition(":")
        assert att == attr
        assert getattr(__import__(mod, fromlist=[att]), att) is getattr(
            __import__(module, fromlist=[attr]), attr
        ), name


def test_every_public_name_resolves_at_run_time() -> None:
    for name in govhall.__all__:
        assert getattr(govhall, name) is not None, name
    assert callable(govhall.standards)
    assert [s.id for s in govhall.standards()][0] == "gdzw-0020-2019"
    assert "audit" in dir(govhall)
    with pytest.raises(AttributeError):
        govhall.no_such_name  # type: ignore[attr-defined]  # noqa: B018


def test_import_stays_lazy() -> None:
    """``import govhall`` must not pull in pydantic, numpy or the rules (the CLI starts on it)."""
    code = "import sys, govhall; print(sorted(m for m in ('pydantic', 'numpy', 'govhall.rules') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_mypy_strict_accepts_a_user_script_and_catches_a_misspelt_attribute(tmp_path: Path) -> None:
    (tmp_path / "good.py").write_text(USER_SCRIPT, encoding="utf-8")
    (tmp_path / "bad.py").write_text(
        USER_SCRIPT
        + "print(report.summary.errors)\nprint(govhall.audti)\ngovhall.due_date('2025-09-26', 20)\n",
        encoding="utf-8",
    )
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull,
         "--no-error-summary", "good.py", "bad.py"],
        capture_output=True, text=True, cwd=tmp_path, timeout=300,
    )  # fmt: skip
    errors = [line for line in out.stdout.splitlines() if ": error:" in line]
    assert not [e for e in errors if e.startswith("good.py")], out.stdout + out.stderr
    assert out.returncode == 1
    text = "\n".join(errors)
    assert '"Summary" has no attribute "errors"' in text, out.stdout
    assert 'Module has no attribute "audti"' in text, out.stdout
    assert 'Argument 2 to "due_date" has incompatible type "int"' in text, out.stdout
    assert len(errors) == 3, out.stdout  # nothing else in the script is flagged


# -- errors ---------------------------------------------------------------------------------------------


def _raises(call: object) -> BaseException:
    try:
        call()  # type: ignore[operator]
    except Exception as exc:  # noqa: BLE001 - the test inspects whatever was raised
        return exc
    raise AssertionError("nothing raised")


ERROR_CASES = [
    ("limit text", lambda: govhall.parse_limit("二十来天"), errors.LimitTextError, "limit-text", ValueError),
    ("due date limit", lambda: govhall.due_date("2025-09-26", "soon"), errors.LimitTextError, "limit-text", ValueError),
    ("date text", lambda: govhall.calendar().is_working_day("2025-02-30"), errors.DateError, "bad-date", ValueError),
    ("out of calendar", lambda: govhall.calendar().is_working_day(date(1900, 1, 1)), errors.CalendarRangeError,
     "date-out-of-range", ValueError),
    ("past the horizon", lambda: govhall.calendar().add_working_days(date(2025, 1, 1), 10**7),
     errors.CalendarRangeError, "date-out-of-range", ValueError),
    ("unknown standard", lambda: govhall.audit(govhall.load_dataset({"items": []}), standards=["gb-9999"]),
     errors.UnknownStandardError, "unknown-standard", ValueError),
    ("unknown standard id", lambda: __import__("govhall.standards").standards.get("gb-9999"),
     errors.UnknownStandardError, "unknown-standard", KeyError),
    ("unknown clause", lambda: govhall.standards()[0].clause("99.99"), errors.UnknownClauseError,
     "unknown-clause", KeyError),
    ("unknown interpretation", lambda: govhall.audit(govhall.load_dataset({"items": []}),
                                                     interpretations={"no.such": "x"}),
     errors.UnknownInterpretationError, "unknown-interpretation", ValueError),
    ("unknown reading", lambda: govhall.audit(govhall.load_dataset({"items": []}),
                                              interpretations={"yousu-jiban.day-unit": "moons"}),
     errors.UnknownInterpretationError, "unknown-interpretation", ValueError),
    ("unknown parameter", lambda: govhall.audit(govhall.load_dataset({"items": []}),
                                                profile={"parameters": {"no.such": 1}}),
     errors.UnknownParameterError, "unknown-parameter", ValueError),
    ("profile section", lambda: govhall.audit(govhall.load_dataset({"items": []}), profile=_bad_profile()),
     errors.ProfileError, "bad-profile", ValueError),
    ("missing input", lambda: govhall.load_dataset("/no/such/hall"), errors.MissingInputError,
     "input-not-found", FileNotFoundError),
    ("not a dataset", lambda: govhall.load_dataset(_not_a_dataset()), errors.DatasetError, "bad-dataset", ValueError),
    ("undecodable", lambda: govhall.load_dataset(_undecodable()), errors.UndecodableInputError,
     "undecodable-input", ValueError),
    ("no as_of", lambda: govhall.audit(govhall.load_dataset({"items": []})), errors.DatasetError, "bad-dataset",
     ValueError),
    ("report format", lambda: govhall.render(govhall.audit(govhall.load_dataset({"items": []}),
                                                           as_of=date(2025, 11, 30)), "pdf"),
     errors.InputError, "bad-input", ValueError),
    ("table given twice", lambda: govhall.load_dataset(_table_twice()), errors.DuplicateKeyError, "duplicate-key",
     ValueError),
]  # fmt: skip

_TMP: list[Path] = []


def _scratch() -> Path:
    import tempfile

    d = Path(tempfile.mkdtemp(prefix="govhall-errors-"))
    _TMP.append(d)
    return d


def _bad_profile() -> Path:
    p = _scratch() / "profile.yaml"
    p.write_text("parameterz: {}\n", encoding="utf-8")
    return p


def _not_a_dataset() -> Path:
    p = _scratch() / "notes.txt"
    p.write_text("hello\n", encoding="utf-8")
    return p


def _table_twice() -> Path:
    p = _scratch() / "dataset.json"
    p.write_text('{"items": [], "items": []}', encoding="utf-8")
    return p


def _undecodable() -> Path:
    p = _scratch() / "items.jsonl"
    p.write_bytes(b'{"code": "\xff\xfe\xff"}\n')
    return p


@pytest.mark.parametrize(("call", "cls", "code", "compat"), [c[1:] for c in ERROR_CASES],
                         ids=[c[0] for c in ERROR_CASES])  # fmt: skip
def test_errors_have_stable_classes_and_codes(call: object, cls: type, code: str, compat: type) -> None:
    exc = _raises(call)
    assert type(exc) is cls, f"{type(exc).__name__}: {exc}"
    assert isinstance(exc, govhall.GovhallError)
    assert exc.code == code  # type: ignore[attr-defined]
    assert isinstance(exc, compat), "callers that caught the built-in class before must still catch it"
    assert str(exc) and "\n" not in str(exc)


def test_error_codes_are_unique_and_exported() -> None:
    classes = [getattr(errors, n) for n in errors.__all__]
    codes = [c.code for c in classes]
    assert len(set(codes)) == len(codes)
    for name in errors.__all__:
        assert getattr(govhall, name) is getattr(errors, name)
        assert name in govhall.__all__


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["deadline", "2025-09-26", "twenty days"], "not a time limit"),
        (["calendar", "add", "1900-01-01", "3"], "outside"),
        (["audit", "--example", "--standard", "gb-9999"], "gb-9999"),
        (["audit", "/no/such/hall"], "/no/such/hall"),
        (["audit", "--example", "--interpret", "yousu-jiban.day-unit=moons"], "moons"),
    ],
)
def test_cli_maps_govhall_errors_to_exit_2_with_one_line(argv: list[str], needle: str) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "govhall", *argv], capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 2, out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("govhall: error:"), out.stderr
    assert needle in lines[0]
    assert "Traceback" not in out.stderr
