"""Side-by-side speed (and correctness) of "the Nth working day after D" in China.

Run: ``python benchmarks/calendar_bench.py`` (about half a minute). Compares

* govhall scalar ``add_working_days`` and batch ``add_working_days_many``;
* the ``holidays`` package's ``China().get_nth_working_day(date, n)``;
* a day-by-day loop over ``chinese_calendar.is_workday`` (package ``chinesecalendar``);
* ``numpy.busday_offset`` with China's holidays (fast, but it cannot model 调休 make-up
  working days, so its wrong answers are counted against govhall on the same inputs).

Targets (printed, not asserted): scalar >= 1,000,000 ops/s, batch >= 20,000,000 ops/s.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import date, timedelta

import numpy as np

from govhall.calendars import calendar

SCALAR_TARGET = 1_000_000
BATCH_TARGET = 20_000_000
FIRST, LAST = date(2015, 1, 1), date(2026, 10, 31)  # published years, so every tool has real data


def _inputs(k: int, seed: int = 20251001) -> tuple[list[date], list[int]]:
    rng = random.Random(seed)
    span = (LAST - FIRST).days
    return [FIRST + timedelta(days=rng.randrange(span)) for _ in range(k)], [
        rng.randrange(1, 41) for _ in range(k)
    ]


def _rate(fn: Callable[[], object], ops: int, min_time: float = 0.5, warm: bool = True) -> float:
    """Best ops/s over repeated runs lasting at least ``min_time`` in total."""
    if warm:
        fn()  # warm up (builds indexes, caches)
    best, spent = 0.0, 0.0
    while spent < min_time:
        t0 = time.perf_counter()
        fn()
        dt = time.perf_counter() - t0
        spent += dt
        best = max(best, ops / dt)
    return best


def main() -> None:
    cn = calendar("CN")
    cn.is_working_day(date(2025, 1, 1))  # build the index outside the timings

    # -- govhall scalar
    ds, ns = _inputs(200_000)
    add = cn.add_working_days

    def scalar() -> None:
        for d, n in zip(ds, ns, strict=True):
            add(d, n)

    r_scalar = _rate(scalar, len(ds))
    expected = [add(d, n) for d, n in zip(ds, ns, strict=True)]

    # -- govhall batch
    big_d, big_n = _inputs(2_000_000, seed=7)
    arr_d = np.array(big_d, dtype="datetime64[D]")
    arr_n = np.array(big_n, dtype=np.int64)
    arr_i = arr_d.astype(np.int64)
    r_batch = _rate(lambda: cn.add_working_days_many(arr_d, arr_n), arr_d.size)
    r_batch_int = _rate(lambda: cn.add_working_days_many(arr_i, arr_n), arr_i.size)
    small_d = np.array(ds, dtype="datetime64[D]")
    assert [x.astype(date) for x in cn.add_working_days_many(small_d, np.array(ns))] == expected

    # -- holidays package
    import holidays

    hol = holidays.China(years=range(2014, 2028))
    k_hol = 3_000
    hol_out: list[date] = []
    r_hol = _rate(
        lambda: hol_out.__setitem__(
            slice(None), [hol.get_nth_working_day(d, n) for d, n in zip(ds[:k_hol], ns[:k_hol], strict=True)]
        ),
        k_hol,
        0.5,
    )
    hol_wrong = sum(r != e for r, e in zip(hol_out, expected[:k_hol], strict=True))

    # -- chinese_calendar, day by day
    try:
        import chinese_calendar

        def cc_add(d: date, n: int) -> date:
            while n:
                d += timedelta(days=1)
                if chinese_calendar.is_workday(d):
                    n -= 1
            return d

        k_cc = 3_000
        cc_out: list[date] = []
        r_cc: float | None = _rate(
            lambda: cc_out.__setitem__(
                slice(None), [cc_add(d, n) for d, n in zip(ds[:k_cc], ns[:k_cc], strict=True)]
            ),
            k_cc,
            1e-9,  # one timed run: it is slow
            warm=False,
        )
        cc_wrong: int | None = sum(r != e for r, e in zip(cc_out, expected[:k_cc], strict=True))
    except ImportError:  # pragma: no cover - optional comparison
        r_cc = cc_wrong = None
        k_cc = 0

    # -- numpy.busday_offset with China's holidays (no make-up working days)
    holiday_days = [
        np.datetime64(d)
        for d in (FIRST + timedelta(days=i) for i in range((LAST - FIRST).days + 120))
        if not cn.is_working_day(d) and d.weekday() < 5
    ]
    bdc = np.busdaycalendar(weekmask="1111100", holidays=holiday_days)
    # roll="backward" + offset n == the nth business day after d (d itself not counted)
    r_np = _rate(lambda: np.busday_offset(arr_d, arr_n, roll="backward", busdaycal=bdc), arr_d.size)
    np_small = np.busday_offset(small_d, np.array(ns), roll="backward", busdaycal=bdc)
    np_wrong = int(np.count_nonzero(np_small != np.array(expected, dtype="datetime64[D]")))

    # -- report
    def line(name: str, rate: float | None, note: str = "") -> None:
        if rate is None:
            print(f"  {name:<46} (not installed)")
            return
        print(
            f"  {name:<46} {rate:>14,.0f} ops/s  {r_scalar / rate:>9.1f}x slower than govhall scalar  {note}"
        )

    print("Nth working day after D, China, random D in 2015-01-01..2026-10-31, N in 1..40\n")
    print(f"  {'govhall add_working_days (scalar)':<46} {r_scalar:>14,.0f} ops/s  target >= {SCALAR_TARGET:,}: "
          f"{'met' if r_scalar >= SCALAR_TARGET else 'MISSED'}")  # fmt: skip
    print(f"  {'govhall add_working_days_many (datetime64)':<46} {r_batch:>14,.0f} ops/s  target >= {BATCH_TARGET:,}: "
          f"{'met' if r_batch >= BATCH_TARGET else 'MISSED'}  ({r_batch / r_scalar:.1f}x scalar)")  # fmt: skip
    print(
        f"  {'govhall add_working_days_many (int days)':<46} {r_batch_int:>14,.0f} ops/s  ({r_batch_int / r_scalar:.1f}x scalar)"
    )
    line("holidays China().get_nth_working_day", r_hol, f"wrong vs govhall: {hol_wrong}/{k_hol}")
    line("chinese_calendar.is_workday day-by-day loop", r_cc, f"wrong vs govhall: {cc_wrong}/{k_cc}")
    print(f"  {'numpy.busday_offset (China holidays)':<46} {r_np:>14,.0f} ops/s  {r_np / r_batch:>9.2f}x govhall batch"
          f"     wrong vs govhall: {np_wrong}/{len(ds)} ({100 * np_wrong / len(ds):.1f}%: cannot model 调休)")  # fmt: skip


if __name__ == "__main__":
    main()
