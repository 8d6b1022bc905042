"""The cyclic garbage collector around govhall's bulk work: loads, audits, a service's request bodies,
a province's results and their reports.

A load, an audit, a province's run and a report's rendering run with the collector off (they make
millions of objects and next to no cycles; :func:`kept_off`), then put what the young generations hold into the oldest one in constant time
(``gc.freeze()`` then ``gc.unfreeze()``, :func:`to_oldest_generation`), so that the first
allocations afterwards set off no walk over a whole hall (see ``govhall.loaders.load_dataset`` and
``govhall.rules.runner``).

``gc.freeze()`` also sets the collector's three counts to zero (CPython 3.11, measured), and the oldest
generation is collected only once ten collections of the middle one have run since the last full
one. A process that loads or audits more often than that, a service answering audits or a worker
auditing a province's halls, never has a full collection: in a service auditing a 2k-application
hall per request, 80 requests ran none and left ~270 objects per request in reference cycles
(the loader's field sets, tracebacks) that nothing would ever free. So this module keeps the
account CPython cannot: the objects moved to the oldest generation unwalked since the last full
collection (a callback in ``gc.callbacks`` sees every full collection, whoever ran it); once they
are more than :data:`OWED_FACTOR` times what that collection kept (and at least
:data:`OWED_FLOOR`), a full collection is owed, and :func:`collect_if_owed` runs it at the start
of the next load or request body, where the least is alive (the previous hall is gone, the next not
yet read). Every cycle is thus collected within a bounded amount of work, at a cost of a few per
cent of that work at most.

Nothing is done while the caller has frozen objects (``unfreeze`` would release them, so nothing
is moved and the counts are CPython's own) or keeps the collector off.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

__all__ = ["OWED_FACTOR", "OWED_FLOOR", "collect_if_owed", "kept_off", "owed", "to_oldest_generation"]

_P = ParamSpec("_P")
_R = TypeVar("_R")

#: a full collection is owed once the objects moved unwalked exceed this many times what the last
#: full collection kept (CPython's own rule is a quarter, for objects it promoted because they lived;
#: those a load moves mostly die with the request, so waiting longer costs little memory)
OWED_FACTOR = 8
#: ... and at least this many objects (a load of a 2k-application hall and its audit move ~0.2M)
OWED_FLOOR = 2_000_000

_moved = 0  # objects moved to the oldest generation unwalked since the last full collection
_kept = 0  # objects the last full collection left in the oldest generation


def _on_collection(phase: str, info: dict[str, Any]) -> None:
    global _moved, _kept
    if phase == "stop" and info.get("generation") == 2:
        _moved = 0
        _kept = len(gc.get_objects(generation=2))


def _watch() -> None:
    """Follow the full collections from now on (once per process): the hook is put in
    ``gc.callbacks`` only when govhall first moves objects, not when it is imported, so a program that
    imports govhall and never loads or audits pays nothing at its own full collections."""
    if _on_collection not in gc.callbacks:
        gc.callbacks.append(_on_collection)


def to_oldest_generation() -> None:
    """Put the objects the collector tracks in its oldest generation, without walking them, and
    count them towards the next full collection. Done only when nothing is frozen: ``unfreeze`` would
    release what a caller froze on purpose (a server that forks workers after freezing its start-up
    objects)."""
    global _moved
    if gc.get_freeze_count() == 0:
        _watch()
        _moved += gc.get_count()[0]  # the young generation's count: objects made and not freed since
        gc.freeze()
        gc.unfreeze()


def owed() -> bool:
    """Whether the objects moved unwalked since the last full collection call for one now."""
    return _moved > max(OWED_FLOOR, OWED_FACTOR * _kept)


def collect_if_owed() -> None:
    """Run the full collection that is owed, if one is and the collector is on (a caller that keeps
    it off, or has frozen objects, keeps its choice)."""
    if owed() and gc.isenabled() and gc.get_freeze_count() == 0:
        gc.collect()


def kept_off(fn: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run ``fn`` with the cyclic collector off, then leave the young generation in the oldest one.

    For work that makes many objects and no reference cycles, alongside many long-lived ones: an
    audit beside the records just loaded, a province's parent gathering every hall's findings, a
    report rendered from them. With the collector on, its walks over what is alive found nothing
    and cost a 20k-application hall's audit a quarter of its time, and a province's parent (992,585
    applications, 45,247 findings) 1.1 of the 1.5 s it took to unpickle the halls' results and half
    of the 4 s its JSON report took to render.

    Afterwards what the young generation holds is moved to the oldest generation in constant time
    (:func:`to_oldest_generation`, counted towards the next full collection), so the first
    allocations after the collector is back on set off no walk over all of it. It is switched back
    on only when it was on, so a cycle a failing call's traceback might leave is collected then,
    and a caller that keeps it off keeps it off.
    """

    @functools.wraps(fn)
    def off(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            to_oldest_generation()
            if was_enabled:
                gc.enable()

    return off
