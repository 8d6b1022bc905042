"""How many comprehensive windows, and how many people to staff them (dongguan-hall-2023:4.6).

The clause (东莞市政务服务大厅建设与管理规范 4.6, 综合办事窗口)::

    综合窗口数量应根据业务办理量科学设置,原则上按照每个综合窗口日均办理业务30件为标准计算。
    综合窗口人员配比应不低于1:1.1 …

So a hall handling ``d`` cases a day needs ``ceil(d / 30)`` comprehensive windows, and ``w`` windows
need at least ``ceil(w × 1.1)`` people (people come whole: 4 windows × 1.1 = 4.4 → 5 people)::

    >>> from govhall.sizing import comprehensive_windows_needed, staff_needed
    >>> comprehensive_windows_needed(95)          # 95 / 30 = 3.17 → 4 windows
    4
    >>> staff_needed(4)                           # 4 × 1.1 = 4.4 → 5 people
    5
    >>> staff_needed(10)                          # exactly 11, not 12: no binary-float rounding
    11

Both figures are parameters of the audit (``dongguan-hall-2023.cases_per_window_per_day`` and
``dongguan-hall-2023.staff_per_window``); the defaults here are the standard's. Arithmetic is exact
(decimal), so a ratio of 1.1 never becomes 1.1000000000000001 and pushes a whole number up by one.
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from numbers import Real

__all__ = ["comprehensive_windows_needed", "staff_needed"]

#: the standard's figures (dongguan-hall-2023:4.6); audits read them as parameters
CASES_PER_WINDOW = 30
STAFF_RATIO = Decimal("1.1")
#: a decimal figure beyond 10^±1000 is no count of cases or people
_MAX_EXPONENT = 1000


def _exact(value: object, name: str) -> Fraction:
    """``value`` as an exact fraction (floats through their shortest decimal text).

    ``object``: callers' values are checked here at run time (a bool or a non-number is a TypeError);
    mypy does not model the ``numbers`` tower, so ``Real`` in the signature rejected int and float.
    """
    if isinstance(value, bool):
        raise TypeError(f"{name} must be a number, not a bool")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{name} must be finite, got {value!r}")
        return Fraction(Decimal(repr(value)))
    if isinstance(value, (int, Fraction)):
        return Fraction(value)
    if isinstance(value, (Decimal, str)):
        try:
            dec = Decimal(value)
        except InvalidOperation:  # it raised decimal.InvalidOperation: [<class 'decimal.ConversionSyntax'>]
            raise ValueError(f"{name} must be a number, got {value!r}") from None
        if not dec.is_finite():
            raise ValueError(f"{name} must be finite, got {value!r}")
        if abs(dec.adjusted()) > _MAX_EXPONENT:  # Python's own digit limit said "use sys.set_int_max…"
            raise ValueError(f"{name} is out of range (beyond 1e±{_MAX_EXPONENT}), got {value!r}")
        return Fraction(dec)
    if isinstance(value, Real):
        return Fraction(float(value))
    raise TypeError(f"{name} must be a number, got {type(value).__name__}")


def _ceil(x: Fraction) -> int:
    return -((-x.numerator) // x.denominator)


def comprehensive_windows_needed(
    daily_cases: float | int | Decimal | Fraction, cases_per_window: float | int | Decimal | Fraction = 30
) -> int:
    """The comprehensive windows a daily load needs: ``ceil(daily_cases / cases_per_window)``.

    ``daily_cases`` is the average number of cases handled per working day (≥ 0); ``cases_per_window``
    the standard's 30 cases per window per day unless a locality sets another figure (> 0).
    No cases need no window. Raises ``ValueError`` for a negative load or a non-positive capacity.

    >>> comprehensive_windows_needed(90), comprehensive_windows_needed(90.5), comprehensive_windows_needed(0)
    (3, 4, 0)
    """
    load = _exact(daily_cases, "daily_cases")
    per = _exact(cases_per_window, "cases_per_window")
    if load < 0:
        raise ValueError(f"daily_cases must be >= 0, got {daily_cases!r}")
    if per <= 0:
        raise ValueError(f"cases_per_window must be > 0, got {cases_per_window!r}")
    return _ceil(load / per)


def staff_needed(windows: int, ratio: float | int | Decimal | Fraction | str = STAFF_RATIO) -> int:
    """The fewest people for ``windows`` comprehensive windows at ``ratio`` (1:1.1): ``ceil(windows × ratio)``.

    ``windows`` is a whole number ≥ 0; ``ratio`` (≥ 0) is people per window, 1.1 by the standard.
    A float ratio is read through its decimal text, so ``staff_needed(10, 1.1) == 11``.

    >>> staff_needed(1), staff_needed(3), staff_needed(20)
    (2, 4, 22)
    """
    if isinstance(windows, bool) or not isinstance(windows, int):
        raise TypeError(f"windows must be a whole number, got {windows!r}")
    if windows < 0:
        raise ValueError(f"windows must be >= 0, got {windows}")
    r = _exact(ratio, "ratio")
    if r < 0:
        raise ValueError(f"ratio must be >= 0, got {ratio!r}")
    return _ceil(windows * r)
