"""The Dask engine of the province audit: ``audit_many(..., engine="dask")`` (extra ``[dask]``).

Each hall is one Dask task running :func:`govhall.province.audit_hall` on a worker: the worker reads
the hall from the shared path itself and sends back only its :class:`~govhall.province.HallResult`
(findings, summary, rejected records, notes), never the dataset. The results are merged by
:func:`govhall.province.merge_results`, which orders them by hall name whatever order they finished
in, so the report is the one a serial run gives, byte for byte, in every format.

Where the tasks run, in this order:

1. ``client``: a :class:`distributed.Client` the caller already has (left open afterwards);
2. ``scheduler``: the address of a running scheduler (``tcp://HOST:8786``), else the environment
   variable ``GOVHALL_DASK_SCHEDULER`` (the client govhall opens is closed afterwards);
3. otherwise a :class:`distributed.LocalCluster` that govhall starts for the run and stops after it:
   ``workers`` worker **processes** (default: the machine's cores) with one thread each, so rules
   never share an interpreter lock; its dashboard listens on a free port.

Failures:

* a hall that cannot be read, or fails for any reason of its data, is a hall with ``summary.error``
  (``audit_hall`` never raises), and the other halls go on;
* a worker that dies mid-hall (killed, out of memory) is Dask's to handle: the scheduler gives the
  hall to another worker, and since a hall's audit is a pure function of its files the result is the
  same. A hall that kills workers again and again (``distributed.scheduler.allowed-failures``, 3 by
  default) is reported as a hall error naming that, not as the end of the province;
* a cluster that cannot be reached within ``connect_timeout`` seconds raises
  :class:`govhall.errors.ClusterError` (an ``OSError``; the command line exits 2 with one line).

Paths: halls are given to the workers as the paths the caller gave. A LocalCluster's workers share
this machine's working folder; for an external cluster relative paths are made absolute first, and
every worker must see the province at that same path (shared storage: NFS, a mounted bucket …).
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from govhall.errors import ClusterError, ExtraMissingError, InputError, echoed_id
from govhall.province import AuditOptions, HallResult, _empty_summary, audit_hall

__all__ = ["CONNECT_TIMEOUT", "EXTRA_HINT", "SCHEDULER_ENV", "require_dask", "run_dask"]

#: The environment variable naming a scheduler when none is given.
SCHEDULER_ENV = "GOVHALL_DASK_SCHEDULER"

#: What to install when Dask is missing.
EXTRA_HINT = "pip install 'govhall[dask]'"

#: Seconds to wait for an external scheduler before giving up.
CONNECT_TIMEOUT = 20.0


def require_dask() -> Any:
    """Import and return ``distributed``; raise :class:`ExtraMissingError` naming the extra when missing."""
    try:
        import distributed
    except ImportError:
        raise ExtraMissingError(
            f"engine 'dask' needs dask.distributed, which is not installed: {EXTRA_HINT}", extra="dask"
        ) from None
    return distributed


def _address_problem(address: str) -> str | None:
    """Why ``address`` is not an address a Dask client can connect to (``tcp://host:port``, ``host:port``,
    another scheme Dask knows), or None. ``distributed.Client`` raises on such an address half built,
    and the half-built client, closing itself when collected at exit, printed a traceback after a
    40-second wait, below the one error line."""
    from distributed.comm.addressing import parse_address, parse_host_port
    from distributed.comm.registry import get_backend

    try:
        scheme, location = parse_address(address)
        get_backend(scheme)
        if scheme in ("tcp", "tls", "ws", "wss"):
            host, port = parse_host_port(location)
            if not host:
                return "no host (expected tcp://HOST:PORT)"
            if not 0 < int(port) < 65536:
                return f"port {port} is not from 1 to 65535"
    except (ValueError, TypeError) as exc:
        return echoed_id(" ".join(str(exc).split())) or "not understood"
    return None


@contextmanager
def _client(
    distributed: Any, scheduler: str | None, client: Any, workers: int | None, connect_timeout: float
) -> Iterator[tuple[Any, bool]]:
    """(client, external) for the run; what govhall opened is closed on the way out, whatever happens."""
    if client is not None:
        yield client, True
        return
    if scheduler:
        shown = echoed_id(scheduler)
        problem = _address_problem(scheduler)
        if problem is not None:  # before Client(): one that fails to build hangs 40 s in its __del__ at exit
            raise ClusterError(
                f"--scheduler {shown!r} is not a scheduler address: {problem}", scheduler=shown
            )
        try:
            own = distributed.Client(scheduler, timeout=connect_timeout, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ClusterError(
                f"cannot reach the Dask scheduler {shown}: {' '.join(str(exc).split())}",
                scheduler=shown,
            ) from None
        try:
            yield own, True
        finally:
            own.close()
        return
    n = workers or os.cpu_count() or 1
    cluster = distributed.LocalCluster(
        n_workers=n,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",  # any free port: never clash with a dashboard already on 8787
        silence_logs=logging.CRITICAL,  # the report says what failed; no Dask log lines on stderr
    )
    try:
        own = distributed.Client(cluster, set_as_default=False)
        try:
            yield own, False
        finally:
            own.close()
    finally:
        cluster.close()


def run_dask(
    halls: list[tuple[str, Path]],
    options: AuditOptions,
    *,
    scheduler: str | None = None,
    client: Any = None,
    workers: int | None = None,
    on_result: Callable[[HallResult], None] | None = None,
    connect_timeout: float = CONNECT_TIMEOUT,
) -> list[HallResult]:
    """Audit ``halls`` (``(name, folder)`` pairs) as Dask tasks; the results in the order of ``halls``.

    See the module docstring for where the tasks run (``client``, ``scheduler`` or
    ``GOVHALL_DASK_SCHEDULER``, else a LocalCluster of ``workers`` processes) and what happens when
    a hall or a worker fails. ``on_result`` is called in this process with each result as it arrives.
    """
    distributed = require_dask()
    address = scheduler or (None if client is not None else os.environ.get(SCHEDULER_ENV) or None)
    run = uuid.uuid4().hex[:12]
    if workers is not None and workers < 1:
        raise InputError(f"workers must be at least 1, not {workers}")
    # no more worker processes than halls, as run_local does (a LocalCluster starts every one it is given)
    local = min(workers or os.cpu_count() or 1, max(1, len(halls)))
    with _client(distributed, address, client, local, connect_timeout) as (c, external):
        index: dict[str, int] = {}
        futures = []
        for i, (name, path) in enumerate(halls):
            where = str(path.resolve()) if external and not path.is_absolute() else str(path)
            key = f"govhall-hall-{run}-{i}"
            index[key] = i
            futures.append(c.submit(audit_hall, where, options, hall=name, key=key, pure=False))
        results: list[HallResult | None] = [None] * len(halls)
        try:
            for future in distributed.as_completed(futures, loop=c.loop):
                i = index[future.key]
                results[i] = _result(distributed, future, *halls[i])
                future.release()  # the worker may drop the hall's result now: memory stays per hall
                if on_result is not None:
                    on_result(results[i])  # type: ignore[arg-type]
        finally:
            for future in futures:
                future.release()
    return [r for r in results if r is not None]


def _result(distributed: Any, future: Any, name: str, path: Path) -> HallResult:
    """The hall's result; a hall whose task failed on the cluster (workers died under it) as an error."""
    try:
        result: HallResult = future.result()
        return result
    except distributed.KilledWorker as exc:
        error = (
            f"the Dask workers running this hall died {_allowed_failures()} time(s) (out of memory?): "
            f"{' '.join(str(exc).split())}"
        )
    except Exception as exc:  # audit_hall does not raise: this is the cluster's (unpickling, lost data)
        error = f"the Dask task failed: {exc.__class__.__name__}: {' '.join(str(exc).split())}"
    return HallResult(hall=name, source=str(path), summary=_empty_summary(str(path), error))


def _allowed_failures() -> int:
    import dask

    return int(dask.config.get("distributed.scheduler.allowed-failures", 3)) + 1
