"""Declarative cases: a locality's or an auditor's own checks of govhall, kept as YAML (``govhall test``).

A case file (format in ``docs/cases.md``) holds cases of three kinds, each input → expected outcome,
with the clause the outcome rests on:

* **dataset** (``rule:``): a small dataset (``base`` tables of the file, replaced table by table by the
  case's ``data``) is audited with the rule's standard; ``expect: fires`` (optionally on ``subject``)
  or ``expect: silent``; ``clause`` must be one the rule cites, and a firing case's finding must cite it;
* **complaint** (``complaint:``): the complaint is screened; ``expect`` lists the screening's fields
  that must hold (``accepted``, ``category``, ``tier``, ``due``, ``referral``, ``referral_kind`` …);
  ``clause`` must be among the clauses the screening used;
* **deadline** (``deadline:`` with ``start``, ``limit``, optional ``pauses``, ``extensions``,
  ``closed``/``open`` days of the hall): ``expect`` lists ``due`` (and optionally ``provisional``,
  ``paused_working_days``); ``clause`` must be in the due date's basis.

Every case may give ``as_of`` and ``interpretations`` (``{name: value}``); a file may give a
``profile`` (parameters, interpretations, calendar) used by all its cases.

:func:`run_files` runs them and returns one :class:`CaseResult` per case; a broken case file is a
:class:`~govhall.errors.CaseFileError` naming the file, case and line. ``tests/standards/test_cases.py``
runs the project's own cases through the same functions.
"""

from __future__ import annotations

import copy
import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import yaml

from govhall._dupkeys import CaseLoader, NoDay
from govhall._yamlio import json_type, refuse_alias_bomb
from govhall.errors import CaseFileError, GovhallError, InputError, echoed_id, no_such_day, not_iso_text

if TYPE_CHECKING:
    from govhall.rules import Finding

__all__ = ["Case", "CaseResult", "case_findings", "load_case_file", "run_case", "run_files"]

CaseKind = Literal["dataset", "complaint", "deadline"]
_FILE_KEYS = frozenset({"standard", "base", "cases", "profile", "description"})
_CASE_KEYS = frozenset({
    "name", "rule", "clause", "expect", "subject", "as_of", "interpretations", "data", "complaint",
    "deadline", "description",
})  # fmt: skip
_DEADLINE_KEYS = frozenset({"start", "limit", "pauses", "extensions", "closed", "open"})


@dataclass
class Case:
    """One case as read from its file."""

    file: str
    index: int  # 1-based position in the file's ``cases``
    line: int | None
    name: str
    kind: CaseKind
    spec: dict[str, Any]
    standard: str | None = None
    base: dict[str, Any] = field(default_factory=dict)
    profile: Any = None

    @property
    def id(self) -> str:
        """``file::name`` (pytest's node id style)."""
        return f"{self.file}::{self.name}"


@dataclass
class CaseResult:
    """The outcome of one case: ``passed``, or why not (``message``)."""

    case: Case
    passed: bool
    message: str = ""
    seconds: float = 0.0


def _where(path: str, index: int, line: int | None) -> str:
    return f"{path}: case {index}" + (f" (line {line})" if line else "")


def load_case_file(path: str | Path) -> list[Case]:
    """Read and check a case file; raises :class:`CaseFileError` naming the file, case and line."""
    p = Path(path)
    from govhall._paths import MISSING, not_a_file

    problem = not_a_file(p)
    if problem not in (
        None,
        MISSING,
    ):  # a pipe waited for ever; a folder or link loop said only errno's words
        raise CaseFileError(f"{p}: {problem}")
    try:
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        from govhall.errors import MissingInputError

        raise MissingInputError(f"no such case file: {p}", path=str(p)) from None
    except UnicodeDecodeError:
        raise CaseFileError(f"{p}: not UTF-8 text") from None
    try:
        # safe; refuses a key given twice; an impossible unquoted date is its text (its case fails alone)
        doc = yaml.load(text, Loader=CaseLoader)  # noqa: S506
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise CaseFileError(f"{p}: not valid YAML: {' '.join(str(exc).split())}") from None
    except (ValueError, TypeError, RecursionError) as exc:  # an impossible unquoted date (2025-02-30)
        why = (
            "nested too deep"
            if isinstance(exc, RecursionError)
            else f"{exc} (a date written without quotes?)"
        )
        raise CaseFileError(f"{p}: not valid YAML: {why}") from None
    refuse_alias_bomb(doc, p, CaseFileError)
    if not isinstance(doc, Mapping) or not isinstance(doc.get("cases"), list):
        raise CaseFileError(f"{p}: a case file is a mapping with a 'cases' list (see docs/cases.md)")
    unknown = set(doc) - _FILE_KEYS
    if unknown:
        raise CaseFileError(f"{p}: unknown key(s) {', '.join(sorted(map(str, unknown)))}; allowed: "
                            f"{', '.join(sorted(_FILE_KEYS))}")  # fmt: skip
    lines = _case_lines(node)
    base = doc.get("base") or {}
    if not isinstance(base, Mapping):
        raise CaseFileError(f"{p}: 'base' must be a mapping of tables")
    profile = doc.get("profile")
    if profile is not None and not isinstance(profile, (str, Mapping)):
        raise CaseFileError(f"{p}: 'profile' must be a file name or an inline profile (a mapping)")
    if isinstance(profile, str) and not (p.parent / profile).is_file():
        raise CaseFileError(f"{p}: profile {profile}: no such file (next to the case file)")
    standard = doc.get("standard")
    if standard is not None:  # a deadline or complaint case's clauses were cited as "nope:7.4", silently
        from govhall.standards import STANDARD_MODULES

        if not isinstance(standard, str) or standard not in STANDARD_MODULES:
            shown = repr(echoed_id(standard)) if isinstance(standard, str) else f"{standard!r}"[:80]
            raise CaseFileError(
                f"{p}: standard {shown}: no such standard (known: {', '.join(STANDARD_MODULES)})"
            )
    named: dict[str, tuple[int, int | None]] = {}  # a name's first case: its id (file::name) is the case's
    out = []
    for i, spec in enumerate(doc["cases"], 1):
        line = lines[i - 1] if i - 1 < len(lines) else None
        where = _where(str(p), i, line)
        if not isinstance(spec, Mapping):
            raise CaseFileError(f"{where}: a case is a mapping")
        unknown = set(spec) - _CASE_KEYS
        if unknown:
            raise CaseFileError(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
        kinds = [k for k in ("rule", "complaint", "deadline") if k in spec]
        if len(kinds) != 1:
            raise CaseFileError(
                f"{where}: give exactly one of 'rule' (dataset case), 'complaint' or 'deadline'"
            )
        kind: CaseKind = {"rule": "dataset", "complaint": "complaint", "deadline": "deadline"}[kinds[0]]  # type: ignore[assignment]
        _check_expect(kind, spec, where)
        given = spec.get("name")
        if isinstance(given, (bool, Mapping, list)):  # it was the case's id as Python writes it: "[1, 2]",
            # "True" for name: yes (YAML's boolean)
            raise CaseFileError(f"{where}: name: expected a text, got {json_type(given)} (quote it)")
        name = str(given or f"case {i}")
        if name in named:  # two cases of one id: a failure, or -k, named either
            first, first_line = named[name]
            shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in echoed_id(name) or "")
            raise CaseFileError(
                f"{where}: the name '{shown}' is case {first}'s"
                + (f" (line {first_line})" if first_line else "")
                + " too: each case needs its own name (file::name is its id)"
            )
        named[name] = (i, line)
        out.append(
            Case(
                file=str(p),
                index=i,
                line=line,
                name=name,
                kind=kind,
                spec=dict(spec),
                standard=standard,
                base=dict(base),
                profile=doc.get("profile"),
            )  # fmt: skip
        )
    return out


def _case_lines(node: Any) -> list[int]:
    if not isinstance(node, yaml.MappingNode):
        return []
    for key, value in node.value:
        if key.value == "cases" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


#: an ISO 8601 calendar date as a case file writes it (YYYY-MM-DD; never digits alone)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_day(value: Any) -> date | None:
    """``value`` (a YAML date, or a text YYYY-MM-DD) as a date, or None when it is not one."""
    if isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    if isinstance(value, str) and _ISO_DAY.fullmatch(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _not_a_day(value: Any) -> str:
    shown = repr(echoed_id(value)) if isinstance(value, str) else repr(value)[:80]
    if isinstance(value, str) and (why := no_such_day(value)):  # a day in the ISO form, of no calendar
        where = f" (line {value.line}, column {value.column})" if isinstance(value, NoDay) else ""
        return f"{shown} is no date: {why}{where}"
    return not_iso_text(value, "a date", "2025-11-30", shown=shown)


def _check_expect(kind: CaseKind, spec: Mapping[str, Any], where: str) -> None:
    expect = spec.get("expect")
    if spec.get("as_of") is not None and _iso_day(spec["as_of"]) is None:
        # a deadline case never read it, a dataset case failed with Python's "Invalid isoformat string"
        raise CaseFileError(f"{where}: as_of {_not_a_day(spec['as_of'])}")
    if spec.get("interpretations") is not None and not isinstance(spec["interpretations"], Mapping):
        raise CaseFileError(f"{where}: 'interpretations' must be a mapping of names to readings")
    if kind == "dataset":
        if expect not in ("fires", "silent"):
            raise CaseFileError(f"{where}: a dataset case needs expect: fires or expect: silent")
        if "data" in spec and not isinstance(spec["data"], Mapping):
            raise CaseFileError(f"{where}: 'data' must be a mapping of tables")
        return
    if not isinstance(expect, Mapping) or not expect:
        raise CaseFileError(f"{where}: a {kind} case needs 'expect' with the fields that must hold")
    if kind == "deadline":
        d = spec["deadline"]
        if not isinstance(d, Mapping) or "start" not in d or "limit" not in d:
            raise CaseFileError(f"{where}: 'deadline' needs 'start' and 'limit'")
        unknown = set(d) - _DEADLINE_KEYS
        if unknown:
            raise CaseFileError(f"{where}: unknown deadline key(s) {', '.join(sorted(map(str, unknown)))}")
        for key, one in (("pauses", '["2025-10-09:2025-10-10"]'), ("extensions", "[10个工作日]"),
                         ("closed", "[2025-10-20]"), ("open", "[2025-10-11]")):  # fmt: skip
            # a text was read letter by letter: "a pause must be a (from, to) pair, got ('2',)",
            # "not a time limit: '1'"
            if d.get(key) is not None and not isinstance(d[key], list):
                raise CaseFileError(f"{where}: deadline {key!r} must be a list, even of one: {key}: {one}")
    elif not isinstance(spec["complaint"], Mapping):
        raise CaseFileError(f"{where}: 'complaint' must be one complaint record")


# -- running ------------------------------------------------------------------------------------------


def _cites(cited: Iterable[str], want: str) -> bool:
    """Whether ``want`` is one of ``cited``, or a sub-clause or parent of one (``5.3`` ~ ``5.3.2``)."""
    return any(c == want or c.startswith(want + ".") or want.startswith(c + ".") for c in cited)


def _full_ref(standard: str | None, clause: Any) -> str:
    text = str(clause)
    return text if ":" in text or not standard else f"{standard}:{text}"


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value if not isinstance(value, datetime) else value.date()
    from govhall.calendars.core import parse_iso

    day = parse_iso(str(value).strip())  # YYYY-MM-DD on every Python (3.11's fromisoformat took 20250101)
    if type(day) is not date:
        raise ValueError(f"{value!r} is not an ISO date (YYYY-MM-DD)")
    return day


def _profile(case: Case) -> Any:
    if case.profile is None or isinstance(case.profile, Mapping):
        return case.profile
    return str(Path(case.file).parent / str(case.profile))  # a path relative to the case file


def _interpretations(case: Case, *, own: bool = True) -> dict[str, str]:
    profile = _profile(case)
    merged: dict[str, str] = {}
    if isinstance(profile, Mapping):
        merged.update({str(k): str(v) for k, v in (profile.get("interpretations") or {}).items()})
    if own:
        merged.update({str(k): str(v) for k, v in (case.spec.get("interpretations") or {}).items()})
    return merged


def case_findings(case: Case, *, any_subject: bool = False, notes: list[str] | None = None) -> list[Finding]:
    """The findings a dataset case's rule produces (on its ``subject`` when it names one, unless
    ``any_subject``).

    The case's data (its file's ``base`` tables replaced table by table by the case's ``data``) is
    audited with the rule's standard, the file's profile and the case's ``as_of`` and
    interpretations, as :func:`run_case` does. Raises :class:`~govhall.errors.CaseFileError` when the data has
    records the loader rejects. ``docs`` pages show the first firing case's finding from here.
    ``notes``, when given, receives the report's notes about the rule.
    """
    from govhall.loaders import load_dataset
    from govhall.rules import REGISTRY, audit
    from govhall.standards import load_all

    load_all()
    spec = case.spec
    rule = REGISTRY.get(str(spec["rule"]))
    doc = copy.deepcopy(case.base)
    doc.update(copy.deepcopy(spec.get("data") or {}))
    dataset = load_dataset(doc)
    if dataset.rejected:
        reasons = "; ".join(f"{r.table} {r.line}: {r.reason}" for r in dataset.rejected[:3])
        raise CaseFileError(f"the case's data is invalid: {reasons}")
    report = audit(
        dataset, profile=_profile(case), standards=[rule.standard], as_of=_day(spec.get("as_of")),
        interpretations=_interpretations(case) or None,
    )  # fmt: skip
    hits = [f for f in report.findings if f.rule_id == rule.id]
    if spec.get("subject") is not None and not any_subject:
        hits = [f for f in hits if f.subject.id == str(spec["subject"])]
    if notes is not None:  # what the report says of the rule (why it may not have fired)
        notes.extend(n.message for n in report.notes if n.rule_id == rule.id)
    return hits


def _run_dataset(case: Case) -> str | None:
    from govhall.rules import REGISTRY
    from govhall.standards import load_all

    load_all()
    spec = case.spec
    rule = REGISTRY.get(str(spec["rule"]))
    if spec.get("clause") is not None:
        want = _full_ref(rule.standard, spec["clause"])
        cited = [str(c) for c in rule.clauses]
        if not _cites(cited, want):
            return f"the case names clause {want} but {rule.id} cites {', '.join(cited)}"
    notes: list[str] = []
    try:
        fired = case_findings(case, any_subject=True, notes=notes)
    except CaseFileError as exc:
        return str(exc)
    hits = fired
    if spec.get("subject") is not None:
        hits = [f for f in fired if f.subject.id == str(spec["subject"])]
    on = f" on {spec['subject']}" if spec.get("subject") is not None else ""
    if spec["expect"] == "fires" and not hits:
        others = sorted({f"{f.subject.kind} {f.subject.id}" for f in fired})
        # why it could not, where the report says (a limit past the calendar, dated outside the rule's
        # validity): it said only "did not fire"
        why = f"; the report notes: {'; '.join(notes)}" if notes else ""
        return f"{rule.id} did not fire{on}" + (f" (it fired on {', '.join(others)})" if others else "") + why
    if spec["expect"] == "fires" and spec.get("clause") is not None:
        # a rule citing several clauses must fire for the clause the case rests on, not another one
        want = _full_ref(rule.standard, spec["clause"])
        if not any(_cites([_full_ref(rule.standard, c) for c in h.clauses], want) for h in hits):
            cited = sorted({c for h in hits for c in h.clauses})
            return f"{rule.id} fired{on}, but citing {', '.join(cited)}, not the case's clause {want}"
    if spec["expect"] == "silent" and hits:
        return f"{rule.id} fired{on}: " + "; ".join(
            f"{h.subject.kind} {h.subject.id}: {h.message}" for h in hits[:3]
        )
    return None


def _compare(expect: Mapping[str, Any], actual: Mapping[str, Any], what: str) -> str | None:
    wrong = []
    for key, want in expect.items():
        if key not in actual:
            return f"{what} has no field {key!r} (fields: {', '.join(sorted(actual))})"
        got = actual[key]
        if isinstance(want, (date, datetime)):
            want = want.isoformat()
        same = got == want if isinstance(want, bool) or want is None else str(got) == str(want)
        if not same:
            wrong.append(f"{key}: expected {want!r}, got {got!r}")
    return "; ".join(wrong) or None


def _run_complaint(case: Case) -> str | None:
    from pydantic import ValidationError

    from govhall.calendars import calendar_from_profile
    from govhall.models import Complaint
    from govhall.screening import screen_complaint

    spec = case.spec
    try:
        complaint = Complaint.model_validate(spec["complaint"])
    except ValidationError as exc:  # pydantic's own text was the message ("For further information …")
        from govhall.loaders import _explain

        field, words = _explain(exc, Complaint)  # the loader's words: personal values never repeated
        raise InputError(
            f"invalid complaint: {words}", field=f"complaint.{field}" if field else "complaint"
        ) from None
    profile = _profile(case)
    cal = calendar_from_profile(profile) if profile is not None else None
    screening = screen_complaint(complaint, calendar=cal, interpretations=_interpretations(case) or None)
    actual = screening.model_dump(mode="json")
    problem = _compare(spec["expect"], actual, "the screening")
    if problem:
        return problem
    if spec.get("clause") is not None:
        want = _full_ref(case.standard or "yousu-jiban", spec["clause"])
        if not _cites(screening.clauses, want):
            return f"the screening did not use clause {want} (it used {', '.join(screening.clauses)})"
    return None


def _run_deadline(case: Case) -> str | None:
    from govhall.calendars import calendar_from_profile
    from govhall.contract import deadline_for
    from govhall.rules.timing import READING_KEYWORDS

    spec = case.spec
    d = spec["deadline"]
    profile = _profile(case)
    cal = calendar_from_profile(profile) if profile is not None else calendar_from_profile(None)
    if d.get("closed") or d.get("open"):
        cal = cal.with_overrides(
            closed=_days(d.get("closed") or [], "closed"), open=_days(d.get("open") or [], "open")
        )
    pauses: list[Any] = [
        tuple(p.split(":", 1)) if isinstance(p, str) else tuple(p) for p in d.get("pauses") or []
    ]
    # the readings that bear on a deadline: the profile's (those about deadlines), then the case's own
    # (all of them, so a name that does not apply fails the case instead of being ignored)
    chosen = {k: v for k, v in _interpretations(case, own=False).items() if k in READING_KEYWORDS}
    chosen.update({str(k): str(v) for k, v in (spec.get("interpretations") or {}).items()})
    if chosen:  # every interpretation registered, so a rule's name is told 'does not apply' here
        from govhall.standards import load_all

        load_all()
    from govhall.models._base import limit_is_text

    for where, value in (("deadline.limit", d["limit"]),
                         *((f"deadline.extensions.{i}", x) for i, x in enumerate(d.get("extensions") or []))):  # fmt: skip
        try:  # limit: 5 was "not a time limit: '5'", as if the text 5 had been written
            limit_is_text(value)
        except ValueError as exc:
            raise InputError(f"{where}: {exc}", field=where) from None
    deadline = deadline_for(
        d["start"] if isinstance(d["start"], (date, datetime)) else str(d["start"]), str(d["limit"]),
        pauses=pauses, extensions=[str(x) for x in d.get("extensions") or []], interpretations=chosen,
        calendar=cal,
    )  # fmt: skip
    actual = deadline.model_dump(mode="json")
    problem = _compare(spec["expect"], actual, "the deadline")
    if problem:
        return problem
    if spec.get("clause") is not None:
        want = _full_ref(case.standard, spec["clause"])
        if not _cites(deadline.basis, want):
            return f"the due date does not rest on {want} (basis: {', '.join(deadline.basis)})"
    return None


def _days(values: Any, key: str) -> list[tuple[date, str]]:
    """The hall's ``closed``/``open`` days of a deadline case (``key``): dates, or ``{date, reason}``;
    an entry without a date is an error naming it (it was Python's "TypeError … got NoneType")."""
    out = []
    if not isinstance(values, list):
        raise InputError(f"deadline.{key}: must be a list of dates or {{date, reason}} entries", field=key)
    for i, v in enumerate(values):
        given = v.get("date") if isinstance(v, Mapping) else v
        day = _iso_day(given)
        if day is None:
            why = (
                "the entry has no date (give {date: YYYY-MM-DD, reason: …})"
                if isinstance(v, Mapping) and given is None
                else _not_a_day(given)
            )
            raise InputError(f"deadline.{key}.{i}: {why}", field=f"deadline.{key}.{i}")
        out.append((day, str(v.get("reason") or "case file") if isinstance(v, Mapping) else "case file"))
    return out


_RUNNERS = {"dataset": _run_dataset, "complaint": _run_complaint, "deadline": _run_deadline}


def run_case(case: Case) -> CaseResult:
    """Run one case. Input the case cannot be run on (unknown rule, invalid record …) fails the case
    with the reason; it does not stop the other cases."""
    started = time.perf_counter()
    try:
        problem = _RUNNERS[case.kind](case)
    except (GovhallError, ValueError, LookupError, TypeError) as exc:
        problem = f"{exc.__class__.__name__}: {' '.join(str(exc).split())}"
    return CaseResult(
        case=case, passed=problem is None, message=problem or "", seconds=time.perf_counter() - started
    )


def run_files(paths: Iterable[str | Path], *, keyword: str | None = None) -> list[CaseResult]:
    """Load every file first (a broken file raises before anything runs), then run the cases whose
    ``file::name`` contains ``keyword`` (all when ``None``)."""
    cases = [c for p in paths for c in load_case_file(p)]
    return [run_case(c) for c in cases if keyword is None or keyword in c.id]
