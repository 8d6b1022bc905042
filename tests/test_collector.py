"""The cyclic collector around loads and audits (``govhall._collector``): what a load or an audit moves
to the oldest generation unwalked is counted, and the full collections that ``gc.freeze()`` would put
off for good in a process that loads and audits again and again are run, so no reference cycle is
left for ever."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

import govhall
from govhall import _collector


class _Node:
    def __init__(self) -> None:
        self.other: object = None


def _cycle() -> tuple[list[bool], weakref.ref[_Node]]:
    """A reference cycle nothing else refers to; the flag is set when the collector frees it."""
    freed: list[bool] = []
    a, b = _Node(), _Node()
    a.other, b.other = b, a
    weakref.finalize(a, freed.append, True)
    return freed, weakref.ref(a)


@pytest.fixture
def collector_on() -> Iterator[None]:
    assert gc.isenabled() and gc.get_freeze_count() == 0
    yield
    assert gc.isenabled() and gc.get_freeze_count() == 0


@pytest.fixture(scope="module")
def example() -> govhall.Dataset:
    return govhall.load_dataset(govhall.example_dir())


def test_gc_freeze_zeroes_the_counts_that_set_off_full_collections(collector_on: None) -> None:
    """Why the account is kept: after ``freeze``/``unfreeze`` the collector counts from zero, the oldest
    generation's count (middle collections since the last full one) included."""
    kept = [[i] for i in range(20_000)]  # enough allocations for young and middle collections
    assert gc.get_count() != (0, 0, 0)
    _collector.to_oldest_generation()
    assert gc.get_count() == (0, 0, 0)
    assert kept


def test_what_is_moved_unwalked_is_counted_until_a_full_collection(collector_on: None) -> None:
    _collector.to_oldest_generation()  # govhall follows the full collections once it has moved objects
    gc.collect()
    assert _collector._moved == 0  # any full collection settles the account, whoever runs it
    assert _collector._kept > 0
    gc.disable()
    try:
        made = [[i] for i in range(5_000)]  # with the collector off the young count grows by each
    finally:
        _collector.to_oldest_generation()
        gc.enable()
    assert _collector._moved >= 5_000
    oldest = {id(obj) for obj in gc.get_objects(generation=2)}
    assert all(id(m) in oldest for m in made)


def test_a_full_collection_is_owed_only_past_the_floor_and_the_factor(
    collector_on: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_collector, "_kept", 1_000)
    monkeypatch.setattr(_collector, "OWED_FLOOR", 10_000)
    monkeypatch.setattr(_collector, "OWED_FACTOR", 8)
    monkeypatch.setattr(_collector, "_moved", 10_000)
    assert not _collector.owed()
    monkeypatch.setattr(_collector, "_moved", 10_001)
    assert _collector.owed()
    monkeypatch.setattr(_collector, "_kept", 2_000)  # 8 x 2000 = 16000 is more than the floor
    assert not _collector.owed()
    monkeypatch.setattr(_collector, "_moved", 16_001)
    assert _collector.owed()


def test_a_cycle_left_in_the_oldest_generation_is_collected_by_later_loads_without_gc_collect(
    collector_on: None, example: govhall.Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A process auditing again and again (a service, a province worker): a cycle made after an audit
    and moved to the oldest generation by the next load (counts zeroed) is freed by the full collection
    the loads come to owe, without anyone calling ``gc.collect()``. The floor is lowered so that a
    few example loads owe one (a load of the example moves ~10k objects; the real floor is 2M)."""
    monkeypatch.setattr(_collector, "OWED_FLOOR", 20_000)
    monkeypatch.setattr(_collector, "OWED_FACTOR", 0)
    report = govhall.audit(example)
    assert report.findings
    gc.disable()  # not freed by a young collection: put in the oldest generation as a load puts its own
    freed, ref = _cycle()
    _collector.to_oldest_generation()
    gc.enable()
    for _ in range(12):
        ds = govhall.load_dataset(govhall.example_dir())
        govhall.audit(ds)
        if freed:
            break
    assert freed == [True] and ref() is None


def test_without_the_account_the_cycle_would_stay(
    collector_on: None, example: govhall.Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same loop with no full collection ever owed: the cycle outlives every load and audit (what
    ``gc.freeze()`` alone did), and only an explicit full collection frees it. This is what the test
    above would see if the account were not kept."""
    monkeypatch.setattr(_collector, "OWED_FLOOR", 10**12)
    gc.collect()
    gc.disable()
    freed, _ = _cycle()
    _collector.to_oldest_generation()
    gc.enable()
    for _ in range(3):
        ds = govhall.load_dataset(govhall.example_dir())
        govhall.audit(ds)
    assert freed == []
    gc.collect()
    assert freed == [True]


def test_a_cycle_made_after_an_audit_is_collected_by_the_collector_left_on(
    collector_on: None, example: govhall.Dataset
) -> None:
    """After an audit the collector is on and counts afresh: a cycle made then is freed by its own
    young collections as more objects are made, with no ``gc.collect()``."""
    govhall.audit(example)
    freed, ref = _cycle()
    keep = []
    for i in range(50_000):
        keep.append([i])
        if freed:
            break
    assert freed == [True] and ref() is None


def test_an_owed_collection_keeps_a_callers_choices(
    collector_on: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing is collected while the caller keeps the collector off or has frozen objects."""
    monkeypatch.setattr(_collector, "OWED_FLOOR", 0)
    monkeypatch.setattr(_collector, "_kept", 0)
    monkeypatch.setattr(_collector, "_moved", 1)
    full: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "stop" and info["generation"] == 2:
            full.append(1)

    gc.callbacks.append(seen)
    try:
        gc.disable()
        try:
            _collector.collect_if_owed()
        finally:
            gc.enable()
        gc.freeze()
        try:
            _collector.collect_if_owed()
        finally:
            gc.unfreeze()
        assert full == []
        _collector.collect_if_owed()
        assert full == [1]
        assert not _collector.owed()
    finally:
        gc.callbacks.remove(seen)


def test_importing_govhall_adds_no_hook_to_the_collector() -> None:
    """A program that imports govhall and never loads or audits pays nothing at its full collections:
    the hook is put in only by the first load or audit (a fresh interpreter, so the test's own loads
    do not count)."""
    import subprocess
    import sys

    code = (
        "import gc, govhall, govhall._collector as c\n"
        "assert c._on_collection not in gc.callbacks, 'hooked at import'\n"
        "govhall.load_dataset(govhall.example_dir())\n"
        "assert gc.callbacks.count(c._on_collection) == 1, gc.callbacks\n"
        "govhall.load_dataset(govhall.example_dir())\n"
        "assert gc.callbacks.count(c._on_collection) == 1, 'hooked twice'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


class _Failed(Exception):
    pass


@pytest.mark.parametrize("enabled", [True, False], ids=["collector-on", "collector-off"])
@pytest.mark.parametrize("fails", [False, True], ids=["returns", "raises"])
def test_kept_off_runs_with_the_collector_off_and_leaves_the_callers_choice(
    enabled: bool, fails: bool
) -> None:
    """``kept_off`` switches the collector off for the call, and back on after it only if it was on,
    also when the call raises; what the call made leaves the young generation."""
    seen: list[bool] = []

    @_collector.kept_off
    def work() -> list[list[int]]:
        seen.append(gc.isenabled())
        made = [[i] for i in range(1000)]
        if fails:
            raise _Failed
        return made

    assert gc.get_freeze_count() == 0
    if not enabled:
        gc.disable()
    try:
        if fails:
            with pytest.raises(_Failed):
                work()
        else:
            assert len(work()) == 1000
        assert seen == [False]
        assert gc.isenabled() is enabled
        assert gc.get_count()[0] < gc.get_threshold()[0]
    finally:
        gc.enable()


def test_a_province_and_its_report_run_with_the_collector_off(
    collector_on: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A province's parent gathers every hall's findings, and its report renders them: both with the
    collector off (each result and each rendered object would set off walks over all the findings
    gathered so far), and on again afterwards."""
    import govhall.reports as reports

    govhall.write_province(tmp_path / "p", halls=2, applications=400, seed=3)
    during: list[bool] = []
    report = govhall.audit_many(tmp_path / "p", jobs=1, on_result=lambda r: during.append(gc.isenabled()))
    assert during == [False, False] and gc.isenabled()
    json_renderer = reports._RENDERERS["json"]

    def spy(r: govhall.Report) -> str:
        during.append(gc.isenabled())
        return json_renderer(r)

    monkeypatch.setitem(reports._RENDERERS, "json", spy)
    assert reports.render(report, "json").startswith("{")
    assert during[2:] == [False] and gc.isenabled()
