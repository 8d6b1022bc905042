"""The Dask engine: the same report as one process, on a LocalCluster of 2 worker processes.

The tests start and stop their clusters themselves: one LocalCluster for the module (2 workers,
processes, one thread each), and the one govhall starts itself for ``govhall audit --engine dask``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

if os.environ.get("CI"):  # the [dask] extra is part of [test]: in CI a missing Dask is a failure
    import distributed
else:
    distributed = pytest.importorskip("distributed")
from typer.testing import CliRunner  # noqa: E402

from govhall.cli import app  # noqa: E402
from govhall.errors import ClusterError, ExtraMissingError  # noqa: E402
from govhall.province import AuditOptions, audit_many, audit_many_spooled, discover_halls  # noqa: E402
from govhall.province_dask import SCHEDULER_ENV, run_dask  # noqa: E402
from govhall.reports import FORMATS, render  # noqa: E402
from parquet_helpers import folder_to_parquet  # noqa: E402
from province_helpers import make_hall  # noqa: E402

BAD_LINES = (
    '{"id": "A-X1", "item_code": "NO-SUCH-ITEM", "received_at": "2025-09-03T09:00"}\n'
    '{"id": "A-X2", "item_code": \n'
    '{"id": "A-X3", "received_at": "2025-09-31T09:00"}\n'
)


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("dask-province")
    make_hall(root / "a-big", 1, share=0.3)  # long enough to be caught mid-hall by the kill tests
    make_hall(root / "b", 2)
    make_hall(root / "c" / "east", 3)
    bad = make_hall(root / "c" / "west", 4)  # a hall with bad records: rejected, counted, still audited
    with (bad / "applications.jsonl").open("a", encoding="utf-8") as fh:
        fh.write(BAD_LINES)
    # a hall exported by a data platform: Parquet tables, read by the workers themselves
    folder_to_parquet(make_hall(root / "staging" / "e", 5), root / "e-parquet")
    shutil.rmtree(root / "staging")
    broken = root / "d-unreadable"  # a hall that cannot be read at all: in the summary, not lost
    broken.mkdir()
    (broken / "items.jsonl").write_bytes(b"\xff\xfe\x00\x81\x30")
    return root


@pytest.fixture(scope="module")
def serial(province: Path) -> Any:
    return audit_many(province, jobs=1)


@pytest.fixture(scope="module")
def cluster() -> Any:
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=50
    ) as c, distributed.Client(c, set_as_default=False) as client:  # fmt: skip
        client.wait_for_workers(2, timeout=60)
        yield c, client


def test_the_province_fixture_has_what_the_tests_rely_on(serial: Any) -> None:
    halls = serial.summary.halls
    assert list(halls) == ["a-big", "b", "c/east", "c/west", "d-unreadable", "e-parquet"]
    assert halls["e-parquet"].error is None and halls["e-parquet"].audited > 100
    assert any(f.hall == "e-parquet" for f in serial.findings)
    assert halls["c/west"].rejected == 3 and halls["c/west"].error is None
    assert halls["d-unreadable"].error and "items.jsonl" in halls["d-unreadable"].error
    assert serial.summary.records == serial.summary.audited + serial.summary.rejected
    assert len(serial.findings) > 20


def _timeless(document: str) -> str:
    """JUnit's ``time`` attributes are how long the rules took on that machine: a measurement, not a finding."""
    return re.sub(r'time="[0-9.]+"', 'time="…"', document)


def test_dask_gives_the_serial_report_in_every_format(province: Path, serial: Any, cluster: Any) -> None:
    _, client = cluster
    report = audit_many(province, engine="dask", client=client)
    for fmt in FORMATS:
        assert _timeless(render(report, fmt)) == _timeless(render(serial, fmt)), fmt
    assert client.status == "running"  # a client passed in is the caller's: left open


def test_dask_spooled_gives_the_serial_report_in_every_format(
    province: Path, serial: Any, cluster: Any
) -> None:
    """``govhall audit --engine dask``'s path: the Dask workers pack each hall's findings for the spool
    (``AuditOptions(packed=True)``) as local workers do, and the report reads the same."""
    _, client = cluster
    with audit_many_spooled(province, engine="dask", client=client) as report:
        for fmt in FORMATS:
            for show in (False, True):
                made = render(report, fmt, show_personal_data=show)
                assert _timeless(made) == _timeless(render(serial, fmt, show_personal_data=show)), fmt


def test_the_scheduler_comes_from_the_environment(
    province: Path, serial: Any, cluster: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    local, _ = cluster
    monkeypatch.setenv(SCHEDULER_ENV, local.scheduler_address)
    clients = len(local.scheduler.clients)
    seen: list[str] = []
    report = audit_many(province, engine="dask", on_result=lambda r: seen.append(r.hall))
    assert render(report, "json") == render(serial, "json")
    assert sorted(seen) == list(serial.summary.halls)  # progress: one call per hall, as it arrives
    deadline = time.monotonic() + 10
    while len(local.scheduler.clients) > clients and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(local.scheduler.clients) == clients  # the client govhall opened is closed again


def _kill_a_busy_worker(client: Any, killed: list[tuple[str, str]], stop: threading.Event) -> None:
    """Kill (SIGKILL) the worker process seen executing the big hall (the first: its key ends in -0).

    The big hall is held for seconds (:func:`_hold_the_big_hall`), so it is still executing when the
    signal lands a few milliseconds after it was seen; record (worker, hall key).
    """
    pids = client.run(os.getpid)
    while not stop.is_set():
        busy = client.run(
            lambda dask_worker: [
                str(ts.key) for ts in dask_worker.state.executing if str(ts.key).endswith("-0")
            ]
        )
        for address, keys in busy.items():
            if keys and address in pids:
                os.kill(pids[address], signal.SIGKILL)
                killed.append((address, keys[0]))
                return
        time.sleep(0.02)


def _hold_the_big_hall(seconds: float) -> Any:
    """A function for ``client.run``: in each worker, the big hall's task waits ``seconds`` first.

    The engine got fast enough that the big hall could finish between being seen executing and the
    signal landing; held, it is surely still running when the worker dies. Workers restarted by their
    nanny (and ``seconds=0``) run the hall as it is.
    """

    def patch() -> None:
        import time as clock

        import govhall.province as province_module

        original = getattr(province_module, "_audit_hall_unheld", province_module.audit_hall)
        province_module._audit_hall_unheld = original  # type: ignore[attr-defined]

        def held(path: Any, options: Any = None, *, hall: str | None = None) -> Any:
            if hall == "a-big":
                clock.sleep(seconds)
            return original(path, options, hall=hall)

        province_module.audit_hall = held if seconds else original  # type: ignore[assignment]

    return patch


def _run_with_a_killed_worker(province: Path, client: Any) -> tuple[Any, list[tuple[str, str]]]:
    client.wait_for_workers(2, timeout=60)
    killed: list[tuple[str, str]] = []
    stop = threading.Event()
    client.run(_hold_the_big_hall(3.0))
    killer = threading.Thread(target=_kill_a_busy_worker, args=(client, killed, stop), daemon=True)
    killer.start()
    try:
        report = audit_many(province, engine="dask", client=client)
    finally:
        stop.set()
        killer.join(timeout=10)
        client.wait_for_workers(2, timeout=60)
        client.run(_hold_the_big_hall(0))
    return report, killed


def test_a_worker_killed_mid_hall_is_retried_and_the_report_is_exact(
    province: Path, serial: Any, cluster: Any
) -> None:
    local, client = cluster
    report, killed = _run_with_a_killed_worker(province, client)
    assert len(killed) == 1, "no worker was caught executing the big hall"
    assert killed[0][1].startswith("govhall-hall-")
    for fmt in ("json", "sarif"):
        assert render(report, fmt) == render(serial, fmt)
    client.wait_for_workers(2, timeout=60)  # the nanny restarts the dead worker


def test_a_hall_that_keeps_killing_its_workers_is_reported_in_the_summary(
    province: Path, serial: Any, cluster: Any
) -> None:
    local, client = cluster
    allowed = local.scheduler.allowed_failures
    local.scheduler.allowed_failures = 0  # the first death of a worker under a hall gives up on the hall
    try:
        report, killed = _run_with_a_killed_worker(province, client)
    finally:
        local.scheduler.allowed_failures = allowed
    assert len(killed) == 1
    caught = discover_halls(province)[int(killed[0][1].rsplit("-", 1)[1])][0]  # keys end in the hall's index
    assert caught == "a-big"
    halls = report.summary.halls
    # every hall given to the dead worker (executing or queued there) counts a death: those are lost
    lost = {name for name, s in halls.items() if s.error and "died" in s.error}
    assert caught in lost and "d-unreadable" not in lost
    for name in lost:
        assert halls[name].records == 0
        assert any(n.message.startswith(f"hall {name} could not be audited") for n in report.notes)
    for name, summary in serial.summary.halls.items():  # every other hall exactly as in the serial run
        if name not in lost:
            assert halls[name] == summary
    assert report.findings == [f for f in serial.findings if f.hall not in lost]
    client.wait_for_workers(2, timeout=60)


def _children() -> list[Any]:
    import psutil

    return [p for p in psutil.Process().children(recursive=True) if p.is_running()]


def test_cli_engine_dask_starts_and_stops_its_own_cluster(province: Path, serial: Any) -> None:
    before = {p.pid for p in _children()}
    dask = CliRunner().invoke(
        app, ["audit", str(province), "--engine", "dask", "--jobs", "1", "--format", "json"]
    )
    assert dask.stdout == render(serial, "json") and json.loads(dask.stdout)["summary"]["halls"]
    assert dask.exit_code == 2  # the unreadable hall, after the report is written (as with --engine local)
    assert "d-unreadable" in dask.stderr and len(dask.stderr.splitlines()) == 1
    deadline = time.monotonic() + 20
    while {p.pid for p in _children()} - before and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not {p.pid for p in _children()} - before, "worker processes left behind"


def test_an_unreachable_scheduler_is_a_clear_error(province: Path) -> None:
    halls = discover_halls(province)[:1]
    with pytest.raises(ClusterError, match=r"cannot reach the Dask scheduler tcp://127\.0\.0\.1:9") as info:
        run_dask(halls, AuditOptions(), scheduler="tcp://127.0.0.1:9", connect_timeout=1)
    assert isinstance(info.value, OSError) and info.value.code == "cluster-unavailable"


def test_without_dask_the_engine_names_the_extra(province: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(ExtraMissingError, match=r"pip install 'govhall\[dask\]'"):
        audit_many(province, engine="dask")
    res = CliRunner().invoke(app, ["audit", str(province), "--engine", "dask"])
    assert res.exit_code == 2 and "pip install 'govhall[dask]'" in res.stderr
    assert len(res.stderr.splitlines()) == 1 and "Traceback" not in res.stderr


def test_scheduler_without_the_dask_engine_is_bad_usage(province: Path) -> None:
    res = CliRunner().invoke(app, ["audit", str(province), "--scheduler", "tcp://127.0.0.1:8786"])
    assert res.exit_code == 2 and "--scheduler goes with --engine dask" in res.stderr
