"""Dated, cited parameters: the figures a locality may change (DESIGN, "Core concepts").

Each standard keeps its parameters in ``govhall/standards/parameters/<standard id>.yaml``::

    standard: dongguan-hall-2023
    parameters:
      cases_per_window_per_day:
        clause: dongguan-hall-2023:4.6
        description: 综合窗口日均办理业务量标准
        unit: cases per window per day
        values:
          - from: 2023-01-01
            value: 30
            citation: 原则上按照每个综合窗口日均办理业务30件为标准计算

A parameter's full name is ``<standard id>.<name>``. A profile (``--profile FILE``) may override any
of them: ``parameters: {dongguan-hall-2023.cases_per_window_per_day: {value: 25, citation: 本市细则}}``
(a bare value is accepted and reported as an uncited local override). An override must be of the
kind of the standard's values (a finite number, whole where they are whole; a time limit text
where they are one; a list of texts) and within the parameter's declared ``bounds`` (the range its
clause gives a meaning to)::

      bounds: {min: 1, max: 1000}                                # a number
      bounds: {positive: true, max_days: 366, units: [working_day]}  # a time limit
      bounds: {periods: true}                                    # a list of HH:MM-HH:MM periods
      bounds: {min: 1, max: 2000, at_most: low_counter_max_mm}   # not above a sibling parameter

Anything else is a ``ProfileError`` naming the parameter, the profile and the allowed range, raised
when the profile is read, never a rule failing (or deciding nonsense) later.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from govhall._dupkeys import UniqueKeyLoader
from govhall._yamlio import load_packaged
from govhall.errors import ProfileError, UnknownParameterError
from govhall.rules.core import ClauseRef

PARAMETER_DIR = Path(__file__).resolve().parent.parent / "standards" / "parameters"


@dataclass(frozen=True)
class ParameterValue:
    """One dated value of a parameter, with its citation."""

    value: Any
    valid_from: date | None
    valid_to: date | None
    citation: str
    source: str = "standard"  # or "profile:<file>"


@dataclass(frozen=True)
class Bounds:
    """The values a parameter's clause gives a meaning to (declared with the parameter).

    Numbers: ``min`` .. ``max`` (and not above the sibling parameter ``at_most``). Time limits:
    ``positive`` (当场 / 0 is no period), at most about ``max_days`` days (a working day counted as
    7/5 days, a month as 365.25/12) and, when given, only in ``units``. Lists: ``periods`` (service
    hours, each "HH:MM-HH:MM" ending after it starts, none overlapping).
    """

    min: float | None = None
    max: float | None = None
    at_most: str | None = None
    positive: bool = False
    max_days: float | None = None
    units: tuple[str, ...] = ()
    periods: bool = False

    def describe(self) -> str:
        """The allowed range in words, for an error message."""
        if self.periods:
            return 'a non-empty list of service periods "HH:MM-HH:MM" (each ending after it starts, none overlapping)'
        if self.max_days is not None or self.positive or self.units:
            unit = " or ".join(_UNIT_WORDS.get(u, u) for u in self.units) if self.units else "any unit"
            lo = "1" if self.positive else "当场 (0)"
            hi = f"about {self.max_days:g} days" if self.max_days is not None else "any length"
            return f"a time limit ({unit}) from {lo} to {hi}"
        lo = "" if self.min is None else f"{self.min:g}"
        hi = "" if self.max is None else f"{self.max:g}"
        sibling = f", at most {self.at_most}" if self.at_most else ""
        return f"a number in {lo}..{hi}{sibling}"


_UNIT_WORDS = {
    "working_day": "working days (个工作日)",
    "calendar_day": "days (天)",
    "month": "months (个月)",
    "hour": "hours (小时)",
}
_DAYS_PER_UNIT = {
    "working_day": 7 / 5,
    "calendar_day": 1.0,
    "month": 365.25 / 12,
    "hour": 1 / 24,
    "on_the_spot": 0.0,
}


def _bounds(spec: Any, where: str) -> Bounds | None:
    if spec is None:
        return None
    if not isinstance(spec, dict):
        raise ValueError(f"{where}: 'bounds' must be a mapping")
    known = {"min", "max", "at_most", "positive", "max_days", "units", "periods"}
    if set(spec) - known:
        raise ValueError(f"{where}: unknown bounds {sorted(set(spec) - known)}")
    return Bounds(
        min=spec.get("min"),
        max=spec.get("max"),
        at_most=spec.get("at_most"),
        positive=bool(spec.get("positive", False)),
        max_days=spec.get("max_days"),
        units=tuple(spec.get("units") or ()),
        periods=bool(spec.get("periods", False)),
    )


@dataclass(frozen=True)
class Parameter:
    """A named, cited figure with its values over time."""

    name: str
    clause: ClauseRef
    description: str
    unit: str
    values: tuple[ParameterValue, ...]
    bounds: Bounds | None = None

    def value_on(self, day: date | None) -> ParameterValue:
        """The value in force on ``day`` (the latest value if ``day`` is None)."""
        candidates = [
            v
            for v in self.values
            if day is None
            or ((v.valid_from is None or v.valid_from <= day) and (v.valid_to is None or day <= v.valid_to))
        ]
        if not candidates:
            raise LookupError(f"parameter {self.name} has no value in force on {day}")
        return candidates[-1]


@dataclass
class ParameterSet:
    """The standard parameters plus any profile overrides."""

    parameters: dict[str, Parameter] = field(default_factory=dict)
    overrides: dict[str, ParameterValue] = field(default_factory=dict)

    def get(self, name: str, on: date | None = None) -> ParameterValue:
        """The value of ``name`` on ``on``: a profile override wins, else the dated standard value."""
        if name in self.overrides:
            return self.overrides[name]
        try:
            param = self.parameters[name]
        except KeyError:
            raise UnknownParameterError(f"unknown parameter {name!r}", name=name) from None
        return param.value_on(on)

    def with_overrides(self, raw: dict[str, Any], source: str, *, where: str | None = None) -> ParameterSet:
        """A copy with ``raw`` (``{name: value | {value, citation}}``) laid over the standard values.

        ``source`` is recorded with each value (``profile:a.yaml``, as reports show it); ``where`` heads
        an error (``profile dir/a.yaml``, as every other error about a profile is headed), ``source``
        when not given."""
        recorded, source = source, where or source
        out = dict(self.overrides)
        for name, spec in (raw or {}).items():
            if name not in self.parameters:
                raise UnknownParameterError(f"{source}: unknown parameter {name!r}", name=name)
            if isinstance(spec, dict):
                if "value" not in spec:
                    raise ProfileError(f"{source}: parameter {name} needs a 'value'")
                value, citation = (
                    spec["value"],
                    str(spec.get("citation", "local override (no citation given)")),
                )
            else:
                value, citation = spec, "local override (no citation given)"
            _check_override(self.parameters[name], value, source)
            out[name] = ParameterValue(value, None, None, citation, recorded)
        result = ParameterSet(self.parameters, out)
        result._check_siblings(source, set(raw or {}))
        return result

    def _check_siblings(self, source: str, overridden: set[str]) -> None:
        """A parameter bounded by a sibling (``at_most``) must not exceed it once the profile is laid
        over: a low counter's minimum height above its maximum admits no counter at all."""
        for name, param in self.parameters.items():
            b = param.bounds
            if b is None or b.at_most is None:
                continue
            other = name.rsplit(".", 1)[0] + "." + b.at_most
            if name not in overridden and other not in overridden:
                continue
            mine, theirs = self.get(name).value, self.get(other).value
            if mine > theirs:
                raise ProfileError(
                    f"{source}: parameter {name} must be at most {other} ({theirs!r}), not {mine!r}",
                    name=name,
                )


def _check_override(param: Parameter, value: Any, source: str) -> None:
    """A profile's value must be of the kind the standard's values are: a finite number >= 0 for a
    figure, a time limit govhall reads ("5个工作日") for a limit, a list of texts for a list, so a
    wrong one is an error naming the parameter, not a rule failing (or deciding otherwise) later."""
    import math

    standard = param.values[-1].value if param.values else None
    problem = None
    if isinstance(standard, bool):
        problem = None if isinstance(value, bool) else "true or false"
    elif isinstance(standard, (int, float)):
        whole = isinstance(standard, int)
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if not number or not math.isfinite(value) or value < 0 or (whole and value != int(value)):
            problem = "a whole number >= 0" if whole else "a finite number >= 0"
    elif isinstance(standard, str):
        from govhall.timelimits import parse_limit

        if not isinstance(value, str):
            problem = f"a text such as {standard!r}"
        elif _reads(parse_limit, standard) and not _reads(parse_limit, value):
            problem = f"a time limit such as {standard!r}"
    elif isinstance(standard, list):
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        problem = None if ok else "a list of texts"
    if problem is None and param.bounds is not None:
        problem = _out_of_bounds(param.bounds, value)
    if problem is not None:
        raise ProfileError(
            f"{source}: parameter {param.name} must be {problem}, not {value!r}", name=param.name
        )


def _out_of_bounds(b: Bounds, value: Any) -> str | None:
    """``None`` if ``value`` (already of the right kind) is within ``b``, else the allowed range."""
    if b.periods:
        return None if _periods_ok(value) else b.describe()
    if isinstance(value, str):
        from govhall.timelimits import parse_limit

        try:
            limit = parse_limit(value)
        except ValueError:
            return None  # a free text (not a limit): the kind check above decides
        ok = (
            (not b.positive or limit.amount > 0)
            and (not b.units or limit.unit in b.units)
            and (b.max_days is None or limit.amount * _DAYS_PER_UNIT[limit.unit] <= b.max_days)
        )
        return None if ok else b.describe()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        ok = (b.min is None or value >= b.min) and (b.max is None or value <= b.max)
        return None if ok else b.describe()
    return None


def _periods_ok(value: Any) -> bool:
    from govhall.standards._presence import parse_periods

    if not isinstance(value, list) or not value:
        return False
    try:
        periods = parse_periods(value)
    except (ValueError, TypeError):
        return False
    return all(a[1] <= b[0] for a, b in zip(periods, periods[1:], strict=False))


def _reads(parse: Any, text: str) -> bool:
    try:
        parse(text)
    except ValueError:
        return False
    return True


def _as_date(value: Any, where: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    from govhall.calendars.core import parse_iso

    try:  # YYYY-MM-DD on every Python (3.11's fromisoformat also took 20250101)
        day = parse_iso(str(value).strip())
    except ValueError:
        day = None
    if type(day) is not date:
        raise ValueError(f"{where}: {value!r} is not an ISO date")
    return day


def load_parameter_file(path: Path, *, packaged: bool = False) -> dict[str, Parameter]:
    """Read one standard's parameter file; every value must carry a citation and the clause be valid.

    ``packaged``: one of govhall's own files (read with the C loader when there is one).
    """
    text = path.read_text(encoding="utf-8")
    # a user's file refuses a key given twice (PyYAML would keep the last value silently)
    data = (load_packaged(text) if packaged else yaml.load(text, Loader=UniqueKeyLoader)) or {}  # noqa: S506
    std = data.get("standard") or path.stem
    out: dict[str, Parameter] = {}
    for short, spec in (data.get("parameters") or {}).items():
        name = f"{std}.{short}"
        where = f"{path.name}: {short}"
        if not isinstance(spec, dict) or "clause" not in spec or not spec.get("values"):
            raise ValueError(f"{where}: a parameter needs 'clause' and 'values'")
        values = []
        for i, v in enumerate(spec["values"]):
            if not v.get("citation"):
                raise ValueError(f"{where}: value {i + 1} has no citation")
            values.append(
                ParameterValue(
                    v["value"],
                    _as_date(v.get("from"), where),
                    _as_date(v.get("to"), where),
                    str(v["citation"]),
                )
            )
        out[name] = Parameter(
            name,
            ClauseRef(spec["clause"]),
            str(spec.get("description", "")),
            str(spec.get("unit", "")),
            tuple(values),
            _bounds(spec.get("bounds"), where),
        )
        bounds = out[name].bounds
        for v in values:
            problem = None if bounds is None else _out_of_bounds(bounds, v.value)
            if problem is not None:
                raise ValueError(f"{where}: the standard's value {v.value!r} is not {problem}")
    return out


_DEFAULT: ParameterSet | None = None


def default_parameters() -> ParameterSet:
    """All standards' parameters as shipped (read once)."""
    global _DEFAULT
    if _DEFAULT is None:
        params: dict[str, Parameter] = {}
        for path in sorted(PARAMETER_DIR.glob("*.yaml")):
            params.update(load_parameter_file(path, packaged=True))
        _DEFAULT = ParameterSet(params)
    return _DEFAULT
