"""govhall.sizing (dongguan-hall-2023:4.6): windows = ⌈daily cases / 30⌉, people = ⌈windows × 1.1⌉.

Worked by hand: 95 cases a day → 95 / 30 = 3.17 → 4 windows → 4 × 1.1 = 4.4 → 5 people; 90 cases a
day → exactly 3 windows; 10 windows × 1.1 = 11 people exactly (binary floating point would give
11.000000000000002 and round up to 12).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govhall.sizing import comprehensive_windows_needed, staff_needed


@pytest.mark.parametrize(
    ("cases", "windows"),
    [
        (0, 0),
        (1, 1),
        (30, 1),
        (30.5, 2),
        (90, 3),
        (90.01, 4),
        (95, 4),
        (Fraction(181, 2), 4),
        (Decimal("120"), 4),
    ],
)
def test_windows_needed_worked_by_hand(cases: object, windows: int) -> None:
    assert comprehensive_windows_needed(cases) == windows  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("windows", "people"), [(0, 0), (1, 2), (3, 4), (4, 5), (10, 11), (20, 22), (100, 110)]
)
def test_staff_needed_worked_by_hand(windows: int, people: int) -> None:
    assert staff_needed(windows) == people


def test_95_cases_a_day_need_4_windows_and_5_people() -> None:
    assert staff_needed(comprehensive_windows_needed(95)) == 5


def test_a_locality_may_set_its_own_figures() -> None:
    assert comprehensive_windows_needed(95, cases_per_window=25) == 4
    assert comprehensive_windows_needed(100, cases_per_window=25) == 4
    assert staff_needed(4, ratio=1.5) == 6
    assert staff_needed(3, ratio="1.2") == 4


@pytest.mark.parametrize("bad", [-1, float("nan"), float("inf")])
def test_bad_loads_are_refused(bad: float) -> None:
    with pytest.raises(ValueError):
        comprehensive_windows_needed(bad)


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError):
        comprehensive_windows_needed(10, cases_per_window=0)
    with pytest.raises(ValueError):
        staff_needed(-1)
    with pytest.raises(TypeError):
        staff_needed(2.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        staff_needed(2, ratio=-0.1)


loads = st.fractions(min_value=0, max_value=10_000, max_denominator=1000)
capacities = st.integers(min_value=1, max_value=200)


@given(loads, loads, capacities)
def test_windows_are_monotone_in_the_load(a: Fraction, b: Fraction, per: int) -> None:
    lo, hi = sorted((a, b))
    assert comprehensive_windows_needed(lo, per) <= comprehensive_windows_needed(hi, per)


@given(loads, capacities)
def test_windows_are_the_fewest_that_carry_the_load(load: Fraction, per: int) -> None:
    w = comprehensive_windows_needed(load, per)
    assert w * per >= load
    assert w == 0 or (w - 1) * per < load


@given(
    st.integers(min_value=0, max_value=10_000),
    st.integers(min_value=0, max_value=10_000),
    st.decimals(min_value=Decimal("0"), max_value=Decimal("5"), places=2),
)
def test_people_are_monotone_and_tight(a: int, b: int, ratio: Decimal) -> None:
    lo, hi = sorted((a, b))
    assert staff_needed(lo, ratio) <= staff_needed(hi, ratio)
    p = staff_needed(hi, ratio)
    assert p >= hi * ratio and (p == 0 or p - 1 < hi * ratio)


@given(st.integers(min_value=0, max_value=100_000))
def test_whole_ratios_give_exact_multiples(windows: int) -> None:
    assert staff_needed(windows, 1) == windows
    assert staff_needed(windows, 2) == 2 * windows


@given(st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False))
def test_float_loads_follow_their_decimal_text(load: float) -> None:
    assert comprehensive_windows_needed(load) == comprehensive_windows_needed(Decimal(repr(load)))
