"""Every parameter's bounds: a profile value the clause gives no meaning to is refused when the profile
is read (exit 2, one line naming the parameter, the profile and the range), never a rule error (exit 3)
or a silent nonsense audit; a value within the bounds is audited.

Before the bounds, ``dongguan-hall-2023.cases_per_window_per_day: 0`` was "rule error: … cases_per_window
must be > 0" (exit 3), ``gdzw-0020-2019.rating_burst_count: 1`` likewise, ``yousu-jiban.urge_lead: 3天``
failed its rule on every case, a limit of ``99999个工作日`` left the calendar (CalendarRangeError on every
application) and ``db23-hlj-2023.reminder_lead_hours: 10**12`` overflowed.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from govhall.cli import app
from govhall.errors import ProfileError
from govhall.rules.parameters import Bounds, Parameter, default_parameters

runner = CliRunner()
PARAMS: dict[str, Parameter] = default_parameters().parameters
NAMES = sorted(PARAMS)

# how many days one unit spans at least / at most, worked by hand: a week of 5 working days is 7 days
UNIT_TEXT = {"working_day": "个工作日", "calendar_day": "天", "month": "个月", "hour": "小时"}
DAYS = {"working_day": 7 / 5, "calendar_day": 1, "month": 365.25 / 12, "hour": 1 / 24}


def bounds(name: str) -> Bounds:
    b = PARAMS[name].bounds
    assert b is not None, f"{name} declares no bounds"
    return b


def test_every_parameter_declares_bounds_its_standard_value_meets() -> None:
    """The shipped values are checked against the bounds when read; here: every parameter has them."""
    assert all(PARAMS[n].bounds is not None for n in NAMES)


def out_of_range(name: str) -> st.SearchStrategy[Any]:
    b, std = bounds(name), PARAMS[name].values[-1].value
    if b.periods:
        return st.sampled_from(
            [[], ["17:00-09:00"], ["25:00-26:00"], ["abc"], ["09:00-12:00", "11:00-13:00"]]
        )
    if isinstance(std, str):
        units = [u for u in UNIT_TEXT if not b.units or u in b.units]
        too_long = st.sampled_from(units).flatmap(
            lambda u: st.integers(math.floor((b.max_days or 0) / DAYS[u]) + 1, 10**9).map(
                lambda n: f"{n}{UNIT_TEXT[u]}"
            )
        )
        options = [too_long] if b.max_days is not None else []
        if b.positive:
            options.append(st.sampled_from(["当场", *(f"0{UNIT_TEXT[u]}" for u in units)]))
        if b.units:
            others = [u for u in UNIT_TEXT if u not in b.units]
            options.append(st.sampled_from(others).map(lambda u: f"1{UNIT_TEXT[u]}"))
        return st.one_of(options)
    whole = isinstance(std, int)
    number = st.integers if whole else (lambda lo, hi: st.floats(lo, hi, allow_nan=False))
    options = []
    if b.min is not None and b.min > 0:
        options.append(number(0, b.min - 1) if whole else st.floats(0, b.min, exclude_max=True))
    if b.max is not None:
        options.append(number(int(b.max) + 1, 10**30) if whole else st.floats(b.max, 1e300, exclude_min=True))
    return st.one_of(options)


def in_range(name: str) -> st.SearchStrategy[Any]:
    b, std = bounds(name), PARAMS[name].values[-1].value
    if b.periods:
        # up to three ordered, non-overlapping periods within one day
        return (
            st.lists(st.integers(0, 23 * 60 + 59), min_size=2, max_size=6, unique=True)
            .map(sorted)
            .filter(lambda m: len(m) % 2 == 0)
            .map(
                lambda m: [
                    f"{a // 60:02d}:{a % 60:02d}-{z // 60:02d}:{z % 60:02d}"
                    for a, z in zip(m[::2], m[1::2], strict=True)
                ]
            )
        )
    if isinstance(std, str):
        units = [u for u in UNIT_TEXT if not b.units or u in b.units]
        lo = 1 if b.positive else 0
        return st.sampled_from(units).flatmap(
            lambda u: st.integers(lo, math.floor((b.max_days or 10**6) / DAYS[u])).map(
                lambda n: f"{n}{UNIT_TEXT[u]}"
            )
        )
    lo, hi = b.min if b.min is not None else 0, b.max if b.max is not None else 10**6
    if b.at_most is not None:  # below its sibling's standard value, so the pair stays in order
        hi = min(hi, PARAMS[name.rsplit(".", 1)[0] + "." + b.at_most].values[-1].value)
    for p in PARAMS.values():  # and above the standard value of a sibling bounded by it
        if p.bounds is not None and p.bounds.at_most is not None and name.endswith("." + p.bounds.at_most):
            lo = max(lo, p.values[-1].value)
    if isinstance(std, int):
        return st.integers(int(lo), int(hi))
    return st.floats(lo, hi, allow_nan=False)


def pair(strategy: Any) -> st.SearchStrategy[tuple[str, Any]]:
    return st.sampled_from(NAMES).flatmap(lambda n: strategy(n).map(lambda v: (n, v)))


def write_profile(tmp_path: Path, name: str, value: Any) -> Path:
    profile = tmp_path / "hall-profile.yaml"
    profile.write_text(yaml.safe_dump({"parameters": {name: value}}, allow_unicode=True), encoding="utf-8")
    return profile


@settings(max_examples=300, deadline=None)
@given(case=pair(out_of_range))
def test_an_out_of_range_value_is_refused_naming_the_parameter_and_the_range(case: tuple[str, Any]) -> None:
    name, value = case
    with pytest.raises(ProfileError) as info:
        default_parameters().with_overrides({name: value}, "profile:hall-profile.yaml")
    message = str(info.value)
    assert name in message and "hall-profile.yaml" in message and bounds(name).describe() in message


@settings(max_examples=300, deadline=None)
@given(case=pair(in_range))
def test_an_in_range_value_is_taken(case: tuple[str, Any]) -> None:
    name, value = case
    params = default_parameters().with_overrides({name: {"value": value, "citation": "本市细则"}}, "p")
    assert params.get(name).value == value


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=pair(out_of_range))
def test_audit_with_an_out_of_range_parameter_exits_2_on_one_line(
    tmp_path: Path, case: tuple[str, Any]
) -> None:
    name, value = case
    profile = write_profile(tmp_path, name, value)
    result = runner.invoke(app, ["audit", "--example", "--profile", str(profile), "--format", "json"])
    assert result.exit_code == 2, (name, value, result.exit_code, result.stderr)
    err = result.stderr
    assert err.count("\n") == 1 and err.startswith("govhall: error: "), err
    assert name in err and "hall-profile.yaml" in err


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=pair(in_range))
def test_audit_with_an_in_range_parameter_runs_every_rule(tmp_path: Path, case: tuple[str, Any]) -> None:
    """Exit 0 or 1 (findings), never 2 (refused) nor 3 (a rule failed on the value)."""
    name, value = case
    profile = write_profile(tmp_path, name, value)
    result = runner.invoke(
        app, ["audit", "--example", "--profile", str(profile), "--format", "json", "--fail-on", "never"]
    )
    assert result.exit_code == 0, (name, value, result.exit_code, result.stderr)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("dongguan-hall-2023.cases_per_window_per_day", 0),  # was exit 3: divides by it
        ("gdzw-0020-2019.rating_burst_count", 1),  # was exit 3: a burst needs two ratings
        ("yousu-jiban.urge_lead", "3天"),  # was exit 3 on every case: a lead in working days
        ("yousu-jiban.supervise_within", "0个工作日"),  # was accepted: 督办 after the due date needs a period
        ("admin-licensing-law.decision_limit", "99999个工作日"),  # was exit 3: past the calendar
        ("db23-hlj-2023.reminder_lead_hours", 10**12),  # was exit 3: OverflowError
        (
            "db23-hlj-2023.service_hours",
            ["17:00-09:00"],
        ),  # was accepted; a rule failed on a hall without hours
        ("gdzw-0020-2019.min_channels", 1),  # 多种渠道 is at least two
    ],
)
def test_named_out_of_range_values(tmp_path: Path, name: str, value: Any) -> None:
    result = runner.invoke(
        app, ["audit", "--example", "--profile", str(write_profile(tmp_path, name, value))]
    )
    assert result.exit_code == 2, (result.exit_code, result.stderr)
    assert name in result.stderr and bounds(name).describe() in result.stderr


def test_a_low_counter_minimum_above_its_maximum_is_refused(tmp_path: Path) -> None:
    """宜设置为600mm—800mm之间: a minimum of 900 with the maximum 800 admits no counter."""
    result = runner.invoke(
        app,
        [
            "audit",
            "--example",
            "--profile",
            str(write_profile(tmp_path, "dongguan-hall-2023.low_counter_min_mm", 900)),
        ],
    )
    assert result.exit_code == 2, result.stderr
    assert "dongguan-hall-2023.low_counter_min_mm" in result.stderr and "low_counter_max_mm" in result.stderr
