"""The event-driven supervisor (电子监察): the registered rules, re-run as events arrive and time passes.

A hall feeds the :class:`Supervisor` what happens (applications received, their events, complaints,
appointments, and the reference tables: items, staff, windows, the hall) with :meth:`Supervisor.post`,
and calls :meth:`Supervisor.tick` on a schedule (every hour, say). Each tick builds a
:class:`~govhall.models.Dataset` of the open subjects it holds and runs the *registered* rules over
it with :func:`govhall.rules.run_rules`, ``as_of`` = the clock's date and ``ctx.now`` = the clock's
time, so batch audit and live supervision share one set of rule definitions and one
:class:`~govhall.rules.Finding` type. A tick returns only the findings not seen before, keyed by
(rule id, subject, stage): a subject gets one 黄牌 (``stage="yellow"``, a warning before the due
date) and one 红牌 (``stage="red"``, overdue) per rule, however many ticks see it.

Nothing reads the system clock: time comes from the injected ``clock`` (see
:mod:`govhall.live.clock`). Every post, batch of posts and tick is committed to the :class:`Store`
before it returns (acknowledged means committed), so ``Supervisor(clock, same_path)`` after a restart,
even after ``kill -9``, continues with the same subjects, held and unknown events and findings, and
later ticks give what an uninterrupted run would.

Whatever is posted is data: an event that cannot be read (deep nesting, a lone surrogate, a number
JSON cannot hold, the wrong type, an unknown table) is recorded as an :class:`UnknownEvent` with a
reason, and the supervisor's state is otherwise unchanged; ``post`` raises only when the store fails.
"""

from __future__ import annotations

import gc
import json
import math
import operator
import reprlib
import sys
import threading
from bisect import insort
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from govhall.errors import GovhallError, StateFileError, echoed_id, validation_message
from govhall.live.clock import Clock, system_clock
from govhall.live.engine import EventEngine, Message, make_engine
from govhall.live.store import STATE_FORMAT, Changes, Store, open_store
from govhall.models import (
    Application,
    Appointment,
    Complaint,
    Dataset,
    Event,
    EventKind,
    Hall,
    Item,
    Staff,
    Window,
    to_shanghai_naive,
)
from govhall.rules import REGISTRY, Context, Finding, Note, Rule, Subject
from govhall.rules.calendar_range import undatable

__all__ = [
    "CLOSING_EVENTS",
    "FUTURE_TOLERANCE",
    "HOLD_FOR",
    "HOLD_LIMIT",
    "LIVE_SUBJECTS",
    "MAX_DEPTH",
    "MAX_EVENT_CHARS",
    "MAX_ID_CHARS",
    "STAGE_LABELS",
    "STATE_FORMAT",
    "Posted",
    "RuleSelection",
    "Supervisor",
    "UnknownEvent",
    "describe",
    "open_subject_ids",
    "select_rules",
]

#: The subject kinds a supervisor holds and runs rules on.
LIVE_SUBJECTS: tuple[str, ...] = ("application", "complaint", "appointment")

#: Event kinds that close a subject (it is then kept ``retain_closed`` longer, then dropped).
CLOSING_EVENTS: dict[str, frozenset[str]] = {
    "application": frozenset({"picked_up", "mailed", "withdrawn", "returned", "not_accepted"}),
    "complaint": frozenset({"closed"}),
}

#: 电子监察 names of the supervision stages.
STAGE_LABELS: dict[str, str] = {"yellow": "黄牌", "red": "红牌"}

#: At most this many events are held for subjects not yet posted; beyond it the oldest is released
#: as ``no_subject`` (per supervisor; ``Supervisor(hold_limit=…)``).
HOLD_LIMIT = 10_000

#: A held event whose subject has not arrived this long after it was posted is released as
#: ``no_subject`` at the next tick (``Supervisor(hold_for=…)``).
HOLD_FOR = timedelta(days=7)

#: How far ahead of the supervisor's clock the moment a post says it happened may be: an event's ``at``, an
#: application's or complaint's ``received_at``, an appointment's ``booked_at`` (the times a replay posts
#: them at). A hall posts what has happened; one dated later than the clock by more than this (a ``decided``
#: of 2030 posted in 2025: a mistyped year, a feeder's clock far ahead) is ``invalid``, naming the field,
#: the moment and the clock, and judged by no rule (``Supervisor(future_tolerance=…)``; None accepts any).
#: An hour covers clocks that drift and a feeder writing naive times one zone east of Shanghai (UTC+9).
#: It is the default on the real clock (:func:`~govhall.live.system_clock`), on which nothing that has
#: happened can be dated later; on any other clock (a SimulatedClock of a drill, a test or a replay, which
#: may post a scenario and then move the clock) the default accepts any date, as before 2026-12.
FUTURE_TOLERANCE = timedelta(hours=1)

#: the field giving the moment a posted model says it happened at (checked against the clock)
_HAPPENED_AT: dict[type[BaseModel], str] = {
    Event: "at",
    Application: "received_at",
    Complaint: "received_at",
    Appointment: "booked_at",
}

#: Nesting deeper than this (objects and arrays) makes an event ``invalid``.
MAX_DEPTH = 32

#: An event whose JSON text is longer than this is ``invalid``.
MAX_EVENT_CHARS = 1_000_000

#: An event or record naming an id (its own, or a subject's or record's it refers to: ``id``,
#: ``code``, ``*_id``, ``*_code``, an embedded event's too) longer than this is ``invalid``. Each is
#: held, journalled and indexed for as long as its subject lives; no hall writes one this long.
MAX_ID_CHARS = 256

#: ``"auto"`` (default), ``"live"``, ``"subjects"``, a list of rules, or a predicate over rules.
RuleSelection = Literal["auto", "live", "subjects"] | Iterable[Rule] | Callable[[Rule], bool]

UnknownReason = Literal["unknown_type", "unknown_kind", "invalid", "no_subject", "archived"]

_RECORD_TABLE: dict[str, str] = {
    "application": "applications",
    "complaint": "complaints",
    "appointment": "appointments",
    "item": "items",
    "staff": "staff",
    "window": "windows",
    "hall": "hall",
}

_TABLE_ALIASES: dict[str, str] = {
    "applications": "application",
    "complaints": "complaint",
    "appointments": "appointment",
    "items": "item",
    "windows": "window",
    "events": "event",
    "halls": "hall",
}
_RECORD_MODELS: dict[str, type[BaseModel]] = {
    "application": Application,
    "complaint": Complaint,
    "appointment": Appointment,
    "item": Item,
    "staff": Staff,
    "window": Window,
    "hall": Hall,
}
_REFERENCE = ("item", "staff", "window", "hall")


def read_by_a_rule(obj: Any) -> bool:
    """Whether the supervisor routes ``obj`` to a table it holds (an application, an event of a kind
    govhall knows, a reference record …); False for what it records as an unknown type or kind (a
    ``weather`` notice, an event of kind ``coffee_break``), whose time no rule reads. Never raises."""
    try:
        kind, body = _classify(obj)
    except Exception:  # noqa: BLE001 - a question about anything posted: never an error
        return False
    if kind in ("application_event", "complaint_event"):
        if isinstance(body, Mapping) and "kind" in body:
            try:
                EventKind(body["kind"])
            except (ValueError, TypeError):
                return False
        return True
    return kind in _RECORD_MODELS


def select_rules(
    selection: RuleSelection = "auto",
    *,
    standards: Collection[str] | None = None,
    registry: Iterable[Rule] | None = None,
) -> tuple[list[Rule], str]:
    """The rules a supervisor runs, and the name of the selection that chose them.

    * ``"live"``: the registered rules flagged ``live=True`` (the time-driven ones), whatever their
      subject: a dataset-scoped rule runs over the dataset of the subjects the supervisor holds.
    * ``"subjects"``: every registered rule whose subject is in :data:`LIVE_SUBJECTS`.
    * ``"auto"``: ``"live"`` if at least one such rule is flagged live, else ``"subjects"``.
    * a predicate ``Rule -> bool`` over the registered rules, or an explicit list of rules (taken as
      given; ``standards`` does not filter it).

    ``standards`` keeps only the rules of those standard ids. Call after
    :func:`govhall.standards.load_all` so the registry is filled.
    """
    pool = list(REGISTRY if registry is None else registry)
    if standards:
        wanted = set(standards)
        pool = [r for r in pool if r.standard in wanted]
    if isinstance(selection, str):
        kinds = [r for r in pool if r.subject in LIVE_SUBJECTS]
        live = [r for r in pool if r.live]
        if selection == "live":
            return live, "live"
        if selection == "subjects":
            return kinds, "subjects"
        if selection == "auto":
            return (live, "live") if live else (kinds, "subjects")
        raise ValueError(
            f"rules must be 'auto', 'live', 'subjects', a list of rules or a predicate, not {selection!r}"
        )
    if callable(selection):
        return [r for r in pool if selection(r)], "predicate"
    chosen = list(selection)
    bad = [r for r in chosen if not isinstance(r, Rule)]
    if bad:
        raise TypeError(f"rules: expected govhall.rules.Rule objects, got {type(bad[0]).__name__}")
    return chosen, "custom"


class UnknownEvent(BaseModel):
    """Something posted that no rule knew: recorded (and persisted), never raised.

    ``reason``: ``unknown_type`` (no route for it), ``unknown_kind`` (an event kind govhall does not
    know), ``invalid`` (failed validation or unreadable: too deep, not valid Unicode, a number JSON
    cannot hold, too large; ``detail`` says why), ``no_subject`` (an event for an
    application/complaint that did not arrive within the hold bound, see :data:`HOLD_LIMIT` and
    :data:`HOLD_FOR`), ``archived`` (for a subject already closed and dropped). ``event`` is the
    posted body as JSON, or ``{"unreadable": <a bounded repr>}`` when it could not be read.
    """

    seq: int
    posted_at: datetime
    type: str
    reason: UnknownReason
    detail: str = ""
    event: Any = None


@dataclass(frozen=True)
class Posted:
    """What :meth:`Supervisor.post` did with one event or record (committed when returned).

    ``accepted``: applied to ``subject``. Otherwise ``reason`` is ``"held"`` (an event for an
    application or complaint not posted yet, kept for it; ``subject`` names it) or the
    :class:`UnknownEvent` reason it was recorded with (``subject`` then the application or complaint
    the event names plainly, if one), and ``detail`` says what was wrong (the field and the problem, as
    in :meth:`Supervisor.unknown_events`).
    """

    seq: int
    type: str
    accepted: bool
    subject: Subject | None = None
    reason: str | None = None
    detail: str | None = None


def describe(finding: Finding) -> str:
    """One line for a hall's screen: 黄牌/红牌 (or the severity), subject, message, title, clauses.

    >>> f = Finding(rule_id="gdzw-0020-2019/x", standard="gdzw-0020-2019", clauses=["gdzw-0020-2019:5.5.3"],
    ...             severity="error", subject=Subject(kind="application", id="A1"), title="Decide in time",
    ...             message="承诺时限已过，尚未办结", stage="red")
    >>> describe(f)
    '红牌 application A1: 承诺时限已过，尚未办结 — Decide in time [gdzw-0020-2019:5.5.3]'
    """
    badge = STAGE_LABELS.get(finding.stage or "", finding.severity)
    when = f" (on {finding.on.isoformat()})" if finding.on else ""
    return (
        f"{badge} {finding.subject.kind} {finding.subject.id}: {finding.message}{when}"
        f" — {finding.title} [{', '.join(finding.clauses)}]"
    )


def _json_default(obj: Any) -> Any:
    if isinstance(obj, (datetime, date)):
        return obj.isoformat()
    if isinstance(obj, BaseModel):
        return obj.model_dump(mode="json")
    if isinstance(obj, Decimal):
        return str(obj)
    if isinstance(obj, (set, frozenset)):
        return sorted((_json_default(x) if not isinstance(x, (str, int, float)) else x for x in obj), key=str)
    if isinstance(obj, tuple):
        return list(obj)
    return _safe_repr(obj)


_REPR = reprlib.Repr()
_REPR.maxlevel = 3
_REPR.maxstring = 200
_REPR.maxother = 200
_REPR.maxdict = _REPR.maxlist = 10


def _safe_repr(obj: Any) -> str:
    """A bounded, ASCII-safe description of anything (never recurses deeply, never raises)."""
    try:
        text = _REPR.repr(obj)
    except Exception as exc:  # a __repr__ that fails
        text = f"<{type(obj).__name__}: repr failed ({type(exc).__name__})>"
    return text.encode("ascii", "backslashreplace").decode("ascii")[:1000]


def _too_deep(obj: Any, limit: int) -> bool:
    stack = [(obj, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            if depth > limit:
                return True
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            if depth > limit:
                return True
            stack.extend((v, depth + 1) for v in value)
    return False


_FLAT = frozenset({str, int, float, bool, type(None)})


def _not_finite_at(value: Any) -> tuple[str, float] | None:
    """(dotted path, value) of the first NaN or infinite float in ``value`` (dicts and lists, walked
    without recursion, at most a few thousand nodes), or None."""
    return _first_at(value, lambda obj: isinstance(obj, float) and not math.isfinite(obj))


def _too_many_digits(obj: Any) -> bool:
    """Whether ``obj`` is an integer of more digits than Python writes as text (4300 by default)."""
    limit = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else 0
    return type(obj) is int and limit > 0 and obj.bit_length() > limit * 3.32  # log2(10) = 3.3219…


def _first_at(value: Any, test: Callable[[Any], bool]) -> tuple[str, Any] | None:
    """(dotted path, value) of the first value in ``value`` that passes ``test`` (see _not_finite_at)."""
    stack: list[tuple[Any, tuple[Any, ...]]] = [(value, ())]
    seen = 0
    while stack and seen < 10_000:
        obj, path = stack.pop()
        seen += 1
        if test(obj):
            return echoed_id(".".join(str(p) for p in path)) or "", obj
        if isinstance(obj, dict):
            stack.extend((v, (*path, k)) for k, v in reversed(list(obj.items())))
        elif isinstance(obj, (list, tuple)):
            stack.extend((v, (*path, i)) for i, v in reversed(list(enumerate(obj))))
    return None


def _encode(body: Any) -> tuple[str, Any, str | None]:
    """``body`` as (JSON text, the same parsed back, problem or None).

    The parsed value is what every engine and store hands back. A body that cannot be carried as
    JSON text in UTF-8 gives a problem; its text and value are then ``{"unreadable": <repr>}``.
    """
    problem: str | None = None
    text = ""
    try:
        text = json.dumps(
            body, ensure_ascii=False, allow_nan=False, default=_json_default, separators=(",", ":")
        )
    except RecursionError:
        problem = "nested too deep"
    except (TypeError, ValueError) as exc:
        found = _not_finite_at(body) if isinstance(exc, ValueError) else None
        huge = _first_at(body, _too_many_digits) if found is None and isinstance(exc, ValueError) else None
        if found is not None:  # "Out of range float values are not JSON compliant" named no field
            problem = f"{found[0] or 'the event'}: {found[1]} is not a number (JSON has no NaN or infinity)"
        elif huge is not None:  # it said "… use sys.set_int_max_str_digits() to increase the limit"
            problem = (
                f"{huge[0] or 'the event'}: an integer of more than {sys.get_int_max_str_digits()} digits, "
                "more than can be written as JSON text"
            )
        else:
            problem = f"not JSON: {_safe_repr(str(exc))[1:-1][:200]}"
    except Exception as exc:  # a value whose own conversion raised (a model's serializer, a __str__)
        problem = f"not JSON: {type(exc).__name__} while converting a value"
    if problem is None:
        if len(text) > MAX_EVENT_CHARS:
            problem = f"too large: {len(text)} characters of JSON (at most {MAX_EVENT_CHARS})"
        else:
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                from govhall.loaders import _surrogate_problem

                problem = f"not valid Unicode: {_surrogate_problem(body)[1]}"
    if problem is None:
        if type(body) is dict and all(
            type(k) is str and type(v) in _FLAT for k, v in body.items()
        ):  # a flat JSON object already (the common case): no need to parse the text back
            return text, body, None
        value = json.loads(text)
        if (text.count("{") + text.count("[") > MAX_DEPTH) and _too_deep(value, MAX_DEPTH):
            problem = f"nested too deep (more than {MAX_DEPTH} levels)"
        else:
            return text, value, None
    value = {"unreadable": _safe_repr(body)}
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")), value, problem


def _long_id(value: Any) -> str | None:
    """The problem with the first id in a posted body longer than ``MAX_ID_CHARS``, naming its field."""
    if type(value) is not dict:
        return None
    found = _long_id_in(value, "")
    events = value.get("events")
    if found is None and type(events) is list:
        for i, event in enumerate(events):
            if type(event) is dict and (found := _long_id_in(event, f"events.{i}.")) is not None:
                break
    return found


def _long_id_in(obj: dict[str, Any], prefix: str) -> str | None:
    for key, v in obj.items():
        if (
            type(v) is str
            and len(v) > MAX_ID_CHARS
            and (key in ("id", "code") or key.endswith(("_id", "_code")))
        ):
            return (
                f"{prefix}{echoed_id(key)}: an id of {len(v)} characters ({echoed_id(v)!r}), over the limit of "
                f"{MAX_ID_CHARS} (MAX_ID_CHARS)"
            )
    return None


def _safe_label(text: str) -> str:
    """A type name fit to store and print: valid UTF-8, cut as every echoed id is (:func:`echoed_id`:
    at most ``MAX_ECHOED_ID`` characters, ``…`` where cut). It is read from the input (a record's
    ``table``), and it heads each line of a replay's output; the event itself is kept whole."""
    return echoed_id(text.encode("utf-8", "backslashreplace").decode("utf-8")) or ""


def _json_clean(obj: Any) -> Any:
    """``obj`` as plain JSON data (what any engine and any store will hand back)."""
    return _encode(obj)[1]


_R = TypeVar("_R", Application, Complaint)
_M = TypeVar("_M", bound=BaseModel)


def _with_history(record: _R) -> _R:
    """``record`` (an application or complaint held live) with its ``events`` given, even when empty,
    and each extension's approver given (:func:`_held_event`)."""
    events = list(map(_held_event, record.events))
    if record.recorded("events") and all(map(operator.is_, events, record.events)):
        return record
    return record.model_copy(update={"events": events})


def _held_event(event: Event) -> Event:
    """``event`` as held live: an extension with its ``approved_by`` given, even when None.

    The feeder posts an extension as the hall decided it, approver and all, so a held extension
    without one was not approved (admin-licensing-law.unrecorded-approval judges it as recorded); the
    store keeps records without their null fields, so this is given again after a restart too."""
    if event.kind is EventKind.extended and not event.recorded("approved_by"):
        return event.model_copy(update={"approved_by": None})
    return event


#: What a booking held live has on record even when its post leaves it out: the hall posts the
#: booking again when it confirms or reminds (docs/live.md), so a held booking without one had none
#: (db23-hlj-2023.unrecorded-reminder, gdzw-0020-2019.unrecorded-confirmation judge it as recorded).
_HELD_APPOINTMENT_FIELDS = ("confirmation_sent_at", "reminder_sent_at")


def _held_appointment(record: Appointment) -> Appointment:
    """``record`` (an appointment held live) with its confirmation and reminder given, even when None."""
    if all(map(record.recorded, _HELD_APPOINTMENT_FIELDS)):
        return record
    return record.model_copy(update={f: getattr(record, f) for f in _HELD_APPOINTMENT_FIELDS})


def _dump(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json", exclude_defaults=True)


def _event_id_clash(events: list[Event], held: list[Event]) -> tuple[int, str] | None:
    """The first of a posted record's ``events`` whose id another of them has, or one of the ``held``
    events (the subject's, posted before) has with other content: (its index, "already used at
    events.J", or "" when a held event has it). An event equal to a held one is a resend, not a clash."""
    kept = {e.id: _held_event(e) for e in held if e.id is not None}
    mine: dict[str, int] = {}
    for i, event in enumerate(events):
        if event.id is None:
            continue
        if event.id in mine:
            return i, f"already used at events.{mine[event.id]}"
        mine[event.id] = i
        same = kept.get(event.id)
        if same is not None and same != _held_event(event):
            return i, ""
    return None


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = echoed_id(".".join(str(p) for p in err.get("loc", ()))) or "record"
    more = f" (+{exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{where}: {validation_message(err) or 'invalid'}{more}"


def _classify(obj: Any) -> tuple[str, Any]:
    """The message type and body of whatever was posted (never raises)."""
    if type(obj) is not dict and isinstance(obj, Event):
        return ("application_event" if obj.application_id else "complaint_event"), _dump(obj)
    if isinstance(obj, BaseModel):
        for kind, model in _RECORD_MODELS.items():
            if isinstance(obj, model):
                return kind, _dump(obj)
    if isinstance(obj, Mapping):
        try:
            body = dict(obj)
        except Exception:
            return "unknown", {"unreadable": _safe_repr(obj)}
        table = body.pop("table", None)
        if table is None:
            kind = "event"
        elif isinstance(table, str):
            kind = _TABLE_ALIASES.get(table, table)
        else:
            kind = _safe_repr(table)
        if kind == "event":
            app_id, comp_id = body.get("application_id"), body.get("complaint_id")
            if comp_id and not app_id:
                kind = "complaint_event"
            elif app_id or table is not None:
                kind = "application_event"
            else:
                kind = "unknown"
        return _safe_label(kind), body
    if obj is None or type(obj) in (str, int, float, bool, list):  # JSON, kept as it came
        return "unknown", obj
    return "unknown", {"value": _safe_repr(obj), "python_type": type(obj).__name__}


def _not_an_object(obj: Any) -> str | None:
    """The problem with a posted value that is neither an object (an event or a record) nor a model."""
    if isinstance(obj, (Mapping, BaseModel)):
        return None
    what = {type(None): "null", bool: "a boolean", int: "a number", float: "a number", str: "a text",
            list: "a list"}.get(type(obj), f"a Python {type(obj).__name__}")  # fmt: skip
    return f"expected a JSON object (an event or a record), got {what}"


def open_subject_ids(
    records: Iterable[tuple[str, dict[str, Any]]], now: datetime | None = None
) -> set[tuple[str, str]]:
    """The ``(table, id)`` of the records (table ``applications``/``complaints``/``appointments``, JSON)
    that are open at ``now``: no closing event (:data:`CLOSING_EVENTS`), or an appointment whose slot
    has not passed (an appointment counts as open when ``now`` is None)."""
    out: set[tuple[str, str]] = set()
    for table, rec in records:
        if table == "appointments":
            if now is None:
                out.add((table, rec["id"]))
                continue
            appt = Appointment.model_validate(rec)
            closed = Supervisor.closed_at("appointment", appt)
            if closed is None or closed > now:
                out.add((table, rec["id"]))
            continue
        closing = CLOSING_EVENTS.get(table[:-1], frozenset())
        if not any(e.get("kind") in closing for e in rec.get("events") or ()):
            out.add((table, rec["id"]))
    return out


@contextmanager
def _young_gc_only() -> Iterator[None]:
    """Pause Python's automatic cyclic garbage collector while posting (the caller collects the
    youngest generation itself every 1,000 posts; reference counting frees everything else as usual).

    A post allocates short-lived reference cycles (durable_rules' action closures); each automatic
    collection that reaches the older generations walks the whole held state, so with the collector
    on, posting slowed down as the state grew (to under half the rate at 100,000 events). Never
    re-enables a collector the application had disabled.
    """
    was_enabled = gc.isenabled()
    if was_enabled:
        gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _named_subject(body: Any) -> Subject | None:
    """The application or complaint a refused event names plainly (a non-empty text ``application_id``
    or ``complaint_id``, one of them), so a batch's answer says whose event was refused; else None. An
    invalid event's subject was null though its id was there (``at: '2025-W36-1' …`` of which event?)."""
    if not isinstance(body, dict):
        return None
    named = [
        (kind, body[key])
        for kind, key in (("application", "application_id"), ("complaint", "complaint_id"))
        if isinstance(body.get(key), str) and body[key].strip()
    ]
    if len(named) != 1:
        return None
    kind, sid = named[0]
    return Subject.model_construct(kind=kind, id=echoed_id(sid) or sid)


class Supervisor:
    """An event-driven session over the registered rules (DESIGN, "Live supervision").

    Parameters
    ----------
    clock:
        ``clock() -> datetime``; the only source of "now" (naive = Asia/Shanghai). Use
        :class:`~govhall.live.SimulatedClock` in tests, :func:`~govhall.live.system_clock` in a hall.
    store:
        where the state is committed: a path (a :class:`~govhall.live.SqliteStore` database, the
        default; an old JSON state file there is migrated once), a :class:`~govhall.live.Store`
        (:class:`~govhall.live.MemoryStore`, :class:`~govhall.live.JsonFileStore`, …) or None (memory).
        An existing state is loaded and continued. A state has one writer: opening one that another
        supervisor holds raises :class:`~govhall.errors.StateLockedError`. :meth:`close` closes the
        store and releases the lock.
    calendar:
        the working-day calendar (default: the profile's, else ``govhall.calendar("CN")``).
    profile:
        a hall profile (YAML path or dict): ``parameters``, ``interpretations``, ``calendar``,
        ``standards``, as for :func:`govhall.audit`.
    interpretations:
        ``{"name": "value"}`` or ``["name=value"]``, winning over the profile's.
    engine:
        ``"durable"`` (default; falls back to ``"plain"`` with a warning if durable_rules does not
        import), ``"plain"``, or an :class:`~govhall.live.EventEngine`.
    rules:
        which rules run on each tick; see :func:`select_rules` (default ``"auto"``: the rules flagged
        ``live=True`` if any is, else every rule about applications, complaints and appointments).
    reference:
        a :class:`~govhall.models.Dataset` whose items, staff, windows and hall are posted at start
        (only those not already held unchanged, so restarting with the same reference adds nothing).
    retain_closed:
        how long a closed subject (see :data:`CLOSING_EVENTS`; an appointment closes when its slot,
        service or rescheduled slot has passed) stays in the working set after closing, so late
        events still attach; then it is dropped (its findings stay). ``None`` keeps everything.
    hold_limit, hold_for:
        the bound on events held for an application or complaint not yet posted (see
        :data:`HOLD_LIMIT`, :data:`HOLD_FOR`); ``hold_limit=0`` holds nothing.
    future_tolerance:
        how far after the clock a post may say it happened; one dated later is recorded as ``invalid`` and
        judged by no rule. ``None`` accepts any date. The default, ``"auto"``, is :data:`FUTURE_TOLERANCE`
        (an hour) on :func:`~govhall.live.system_clock` and ``None`` on any other clock.
    """

    _seq: int
    _committed_seq: int
    _last_tick: datetime | None
    _hall: Hall | None
    _items: dict[str, Item]
    _staff: dict[str, Staff]
    _windows: dict[str, Window]
    _apps: dict[str, Application]
    _comps: dict[str, Complaint]
    _appts: dict[str, Appointment]
    _archived: dict[str, set[str]]
    _unknown: list[UnknownEvent]
    _findings: list[Finding]
    _seen: set[tuple[str, str, str, str | None]]
    _held_events: dict[int, dict[str, Any]]
    _holding: dict[tuple[str, str], list[int]]
    _p_journal: list[tuple[int, str, str, str, str]]
    _p_records: dict[tuple[str, str], Any]
    _p_archived: list[tuple[str, str]]
    _p_unknown: list[tuple[int, str]]
    _p_findings: list[tuple[str, str, str, str, str]]
    _p_held_add: dict[int, str]
    _p_held_drop: list[int]
    _p_last_tick: str | None

    def __init__(
        self,
        clock: Clock,
        store: Store | str | Any = None,
        *,
        calendar: Any = None,
        profile: str | Any = None,
        interpretations: dict[str, str] | list[str] | None = None,
        engine: str | EventEngine = "durable",
        rules: RuleSelection = "auto",
        reference: Dataset | None = None,
        retain_closed: timedelta | None = timedelta(days=30),
        hold_limit: int = HOLD_LIMIT,
        hold_for: timedelta = HOLD_FOR,
        future_tolerance: timedelta | Literal["auto"] | None = "auto",
    ) -> None:
        if not callable(clock):
            raise TypeError("clock must be a callable returning a datetime")
        if isinstance(future_tolerance, str) and future_tolerance == "auto":
            future_tolerance = FUTURE_TOLERANCE if clock is system_clock else None
        if hold_limit < 0:
            raise ValueError(f"hold_limit must be 0 or more, not {hold_limit}")
        if future_tolerance is not None and (
            not isinstance(future_tolerance, timedelta) or future_tolerance < timedelta(0)
        ):
            raise ValueError(
                f"future_tolerance must be a timedelta of 0 or more, 'auto' or None, not {future_tolerance!r}"
            )
        #: how far after the clock a post may say it happened (None: any date; :data:`FUTURE_TOLERANCE`)
        self.future_tolerance = future_tolerance
        self.clock = clock
        #: where the state is committed (opened first: a state held by another writer fails at once)
        self.store: Store = open_store(store)
        try:
            self._setup(
                calendar,
                profile,
                interpretations,
                engine,
                rules,
                reference,
                retain_closed,
                hold_limit,
                hold_for,
            )
        except BaseException:
            self.store.close()
            raise

    def _setup(
        self,
        calendar: Any,
        profile: str | Any,
        interpretations: dict[str, str] | list[str] | None,
        engine: str | EventEngine,
        rules: RuleSelection,
        reference: Dataset | None,
        retain_closed: timedelta | None,
        hold_limit: int,
        hold_for: timedelta,
    ) -> None:
        from govhall.rules.interpretations import parse_choices
        from govhall.rules.parameters import default_parameters
        from govhall.rules.runner import load_profile, profile_choices, profile_standards, profile_where
        from govhall.standards import load_all

        self.retain_closed = retain_closed
        self.hold_limit = hold_limit
        self.hold_for = hold_for
        load_all()
        prof, source = load_profile(profile)
        self.choices: dict[str, str] = profile_choices(prof, profile)
        self.choices.update(parse_choices(interpretations))
        self.parameters = default_parameters().with_overrides(
            prof.get("parameters") or {}, source, where=profile_where(profile)
        )
        if calendar is None:
            from govhall.calendars import calendar as make_calendar

            calendar = make_calendar("CN")
            if prof.get("calendar"):
                from govhall.calendars import calendar_from_profile
                from govhall.errors import ProfileError

                try:
                    calendar = calendar_from_profile({"calendar": prof["calendar"]})
                except ValueError as exc:  # say which profile (the mapping alone is called "profile")
                    raise ProfileError(
                        f"{profile_where(profile)}: {exc}".replace(": profile: ", ": ", 1)
                    ) from None
        self.calendar = calendar
        #: the rules each tick runs (replace it to supervise with other rules)
        self.rules: list[Rule]
        self.rules, self.selection = select_rules(rules, standards=profile_standards(prof, profile) or None)
        #: notes (rule errors, rules outside their validity window, provisional dates) of the last tick
        self.notes: list[Note] = []

        self._lock = threading.RLock()
        self._engine = make_engine(engine)
        self._engine.bind(
            {
                "application": self._on_application,
                "application_event": self._on_application_event,
                "complaint": self._on_complaint,
                "complaint_event": self._on_complaint_event,
                "appointment": self._on_appointment,
                "item": self._on_reference,
                "staff": self._on_reference,
                "window": self._on_reference,
                "hall": self._on_reference,
            },
            self._on_unknown,
        )
        self._outcome: Posted | None = None
        try:
            self._reset_pending()
            self._restore(self.store.load())
            if reference is not None:
                self._post_reference(reference)
        except BaseException:
            self._engine.close()
            raise

    # -- public API --------------------------------------------------------------------------------
    @property
    def engine_name(self) -> str:
        """The engine actually in use (``"durable"`` or ``"plain"``)."""
        return self._engine.name

    @property
    def last_tick(self) -> datetime | None:
        """The clock time of the last tick (None before the first)."""
        return self._last_tick

    @property
    def seq(self) -> int:
        """The sequence number of the last committed post (each post, accepted or not, takes one).

        After a crash, a feeder resumes with the event after the ``seq``-th it sent (counting from 1
        since the state was created): those up to it were committed, none after it.
        """
        return self._committed_seq

    def post(self, event: Any) -> Posted:
        """Feed one event or record; it is committed to the store before this returns.

        Accepted: an :class:`~govhall.models.Event` (with ``application_id`` or ``complaint_id``), an
        :class:`~govhall.models.Application`, :class:`~govhall.models.Complaint`,
        :class:`~govhall.models.Appointment`, :class:`~govhall.models.Item`,
        :class:`~govhall.models.Staff`, :class:`~govhall.models.Window` or
        :class:`~govhall.models.Hall`, or the same as a dict. A dict is an event unless it names its
        table: ``{"table": "applications", "id": "A1", ...}`` (``application``, ``complaint``,
        ``appointment``, ``item``, ``staff``, ``window``, ``hall``, singular or plural). A record
        posted again with the same id replaces the held one (an application's or complaint's events
        are kept and merged).

        An event for an application or complaint not posted yet is *held* (``Posted.reason ==
        "held"``) and applied when its subject arrives, within ``hold_limit``/``hold_for``.
        Anything else (an unknown table, an unknown event kind, an invalid or unreadable record, an
        event for a dropped subject) is recorded in :meth:`unknown_events`, never raised; see
        ``Posted.accepted``. Only a failing store raises (and then nothing of this post is kept).
        """
        with self._lock, _young_gc_only():
            try:
                outcome = self._post_one(event)
            except BaseException:  # not the input (that is recorded): the clock, an interrupt
                self._rollback()
                raise
            self._commit()
            return outcome

    def post_many(self, events: Iterable[Any]) -> list[Posted]:
        """Post each of ``events`` in order and commit them once, as one batch.

        Everything returned is committed; if the store fails, none of the batch is kept and the
        error is raised.
        """
        with self._lock, _young_gc_only():
            out = []
            try:
                for n, e in enumerate(events, 1):
                    out.append(self._post_one(e))
                    if n % 1000 == 0:
                        gc.collect(0)
            except BaseException:  # the caller's iterable or the clock failed: none of the batch is kept
                self._rollback()
                raise
            self._commit()
            return out

    def tick(self) -> list[Finding]:
        """Run the rules at the clock's current time; return the findings not seen before.

        A finding is new when its (rule id, subject kind, subject id, stage) was never returned by an
        earlier tick, so a subject gets each stage of each rule once. Closed subjects past
        ``retain_closed`` are dropped after this tick has judged them; held events past
        ``hold_for`` are released as ``no_subject``. Committed before it returns.
        """

        with self._lock:
            try:
                new = self._tick()
            except BaseException:
                self._rollback()
                raise
            self._commit()
            return new

    def _tick(self) -> list[Finding]:
        from govhall.rules import run_rules

        with self._lock:
            now = self._now()
            dataset = self.dataset(now.date())
            ctx = Context(
                dataset,
                calendar=self.calendar,
                parameters=self.parameters,
                interpretations=self.choices,
                as_of=now.date(),
                now=now,
            )
            found, self.notes = run_rules(dataset, self.rules, ctx)
            new: list[Finding] = []
            for f in found:
                key = (f.rule_id, f.subject.kind, f.subject.id, f.stage)
                if key in self._seen:
                    continue
                self._seen.add(key)
                clean = Finding.model_validate(_json_clean(f.model_dump(mode="json")))
                new.append(clean)
                self._p_findings.append(
                    (
                        clean.rule_id,
                        clean.subject.kind,
                        clean.subject.id,
                        clean.stage or "",
                        clean.model_dump_json(),
                    )
                )
            self._findings.extend(new)
            self._last_tick = now
            self._p_last_tick = now.isoformat()
            self._prune(now)
            self._release_expired(now)
            return list(new)

    def findings(self) -> list[Finding]:
        """Every finding returned by a tick so far, in the order they were found."""
        with self._lock:
            return list(self._findings)

    def cards(self, stage: str | None = None) -> list[Finding]:
        """The open 黄牌/红牌: findings with a stage (``yellow``/``red``, or only ``stage``) whose
        subject is still held and open (see :func:`open_subject_ids`; open at the last tick)."""
        with self._lock:
            staged = [
                f for f in self._findings if f.stage in STAGE_LABELS and (stage is None or f.stage == stage)
            ]
            wanted = {(f.subject.kind, f.subject.id) for f in staged}
            recs = [
                (_RECORD_TABLE[k], _dump(self._held(k)[i]))
                for k, i in wanted
                if k in LIVE_SUBJECTS and i in self._held(k)
            ]
            open_ids = open_subject_ids(recs, self._last_tick)
            return [f for f in staged if (_RECORD_TABLE.get(f.subject.kind, ""), f.subject.id) in open_ids]

    def unknown_events(self) -> list[UnknownEvent]:
        """The posted events recorded as unknown or rejected, in posting order."""
        with self._lock:
            return list(self._unknown)

    def held_events(self) -> list[dict[str, Any]]:
        """Events held for an application or complaint not yet posted, oldest first
        (``seq``, ``kind``, ``owner``, ``posted_at``, ``type``, ``event``)."""
        with self._lock:
            return [dict(h) for h in self._held_events.values()]

    def subjects(self, kind: str) -> list[Any]:
        """The held (open or recently closed) subjects of ``kind`` (``application``, …, ``item``)."""
        with self._lock:
            if kind == "hall":
                return [self._hall] if self._hall is not None else []
            held: list[Any] = list(self._held(kind).values())
            return held

    def dataset(self, as_of: date | None = None) -> Dataset:
        """The held subjects and reference tables as a :class:`~govhall.models.Dataset`."""
        with self._lock:
            apps = list(self._apps.values())
            comps = list(self._comps.values())
            appts = list(self._appts.values())
            return Dataset(
                hall=self._hall,
                items=list(self._items.values()),
                staff=list(self._staff.values()),
                windows=list(self._windows.values()),
                applications=apps,
                complaints=comps,
                appointments=appts,
                as_of=as_of,
                name=None,
                source="govhall.live",
                records=len(apps)
                + len(comps)
                + len(appts)
                + len(self._items)
                + len(self._staff)
                + len(self._windows)
                + (self._hall is not None),
            )

    def close(self) -> None:
        """Release the engine and the store (its writer lock); everything acknowledged is committed."""
        self._engine.close()
        store = getattr(self, "store", None)
        if store is not None:
            store.close()

    def __enter__(self) -> Supervisor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return (
            f"Supervisor(engine={self.engine_name!r}, rules={len(self.rules)} ({self.selection}), "
            f"applications={len(self._apps)}, complaints={len(self._comps)}, "
            f"appointments={len(self._appts)}, findings={len(self._findings)})"
        )

    # -- time --------------------------------------------------------------------------------------
    def _now(self) -> datetime:
        value = self.clock()
        if not isinstance(value, datetime):
            raise TypeError(f"the clock returned {type(value).__name__}, not a datetime")
        return to_shanghai_naive(value)

    # -- posting -----------------------------------------------------------------------------------
    def _post_one(self, event: Any) -> Posted:
        posted_at = self._now()
        kind, body = _classify(event)
        self._seq += 1
        text, value, problem = _encode(body)
        if problem is None:
            problem = _not_an_object(event) or _long_id(value)
        message: Message = {"type": kind, "seq": self._seq, "posted_at": posted_at.isoformat(), "body": value}
        if problem is not None:
            message["problem"] = problem
        self._outcome = None
        try:
            self._engine.dispatch(message)
        except Exception as exc:  # a bug in a handler must not lose the event: record it
            self._outcome = None
            self._record_unknown(
                message, "invalid", f"not handled: {type(exc).__name__}: {_safe_repr(str(exc))}"
            )
        outcome = self._outcome or Posted(self._seq, kind, False, reason="unhandled")
        self._p_journal.append(
            (
                self._seq,
                message["posted_at"],
                kind,
                "accepted" if outcome.accepted else (outcome.reason or "rejected"),
                text,
            )
        )
        return outcome

    def _reset_pending(self) -> None:
        self._p_journal = []
        self._p_records = {}
        self._p_archived = []
        self._p_unknown = []
        self._p_findings = []
        self._p_held_add = {}
        self._p_held_drop = []
        self._p_last_tick = ""

    def _commit(self) -> None:
        """Hand the pending changes to the store (durable when it returns); roll back if it fails."""
        changes = Changes(
            seq=self._seq if self._seq != self._committed_seq else None,
            last_tick=self._p_last_tick,
            journal=self._p_journal,
            records={
                k: (None if m is None else m.model_dump_json(exclude_defaults=True))
                for k, m in self._p_records.items()
            },
            archived=self._p_archived,
            unknown=self._p_unknown,
            findings=self._p_findings,
            held_add=[
                (s, self._held_events[s]["kind"], self._held_events[s]["owner"], t)
                for s, t in self._p_held_add.items()
            ],
            held_drop=self._p_held_drop,
        )
        try:
            self.store.commit(changes)
        except BaseException:
            self._rollback()
            raise
        self._committed_seq = self._seq
        self._reset_pending()

    def _put(self, table: str, key: str, record: Any) -> None:
        self._p_records[(table, key)] = record

    # -- handlers (called by the engine) -----------------------------------------------------------
    def _record_unknown(
        self, message: Message, reason: UnknownReason, detail: str = "", *, event: Any = None
    ) -> None:
        u = UnknownEvent(
            seq=message["seq"],
            posted_at=datetime.fromisoformat(message["posted_at"]),
            type=message["type"],
            reason=reason,
            detail=detail,
            event=message["body"] if event is None else event,
        )
        if self._unknown and self._unknown[-1].seq > u.seq:
            insort(self._unknown, u, key=lambda x: x.seq)
        else:
            self._unknown.append(u)
        self._p_unknown.append((u.seq, u.model_dump_json()))
        self._outcome = Posted(
            message["seq"], message["type"], False, _named_subject(message["body"]), reason, detail or None
        )

    def _accept(self, message: Message, kind: str, sid: str) -> None:
        self._outcome = Posted(
            message["seq"], message["type"], True, Subject.model_construct(kind=kind, id=sid)
        )

    def _validate(self, message: Message, model: type[BaseModel]) -> Any:
        if "problem" in message:
            self._record_unknown(message, "invalid", message["problem"])
            return None
        body = message["body"]
        if not isinstance(body, dict):
            self._record_unknown(message, "invalid", "expected a JSON object")
            return None
        try:
            record = model.model_validate(body)
        except ValidationError as exc:
            self._record_unknown(message, "invalid", _first_error(exc))
            return None
        except (ValueError, TypeError, RecursionError) as exc:  # a validator that raised outside pydantic
            self._record_unknown(message, "invalid", f"{type(exc).__name__}: {_safe_repr(str(exc))}")
            return None
        # a moment outside the calendar (a mistyped year): the batch audit rejects such a record; held
        # live, every rule counting time from it failed at every tick (a rule error, not a bad event)
        outside = undatable(record, self.calendar) if hasattr(self.calendar, "first_date") else None
        if outside is not None:
            self._record_unknown(message, "invalid", outside[1])
            return None
        ahead = self._ahead_of_clock(record, message["posted_at"])
        if ahead is not None:
            self._record_unknown(message, "invalid", ahead)
            return None
        return record

    def _ahead_of_clock(self, record: BaseModel, posted_at: str) -> str | None:
        """Why ``record`` is refused as dated after the clock (:data:`FUTURE_TOLERANCE`), or None."""
        field = _HAPPENED_AT.get(type(record))
        if field is None or self.future_tolerance is None:
            return None
        moment: datetime = getattr(record, field)
        clock = datetime.fromisoformat(posted_at)
        if moment - clock <= self.future_tolerance:
            return None
        return (
            f"{field}: {moment.isoformat()} is later than the supervisor's clock ({clock.isoformat()}) by more "
            f"than the tolerance of {self.future_tolerance} (future_tolerance): what is posted has happened "
            "(a mistyped year? a feeder's clock ahead?)"
        )

    def _on_unknown(self, message: Message) -> None:
        if "problem" in message and message["type"] == "unknown":  # not an object: invalid, as a bad one is
            self._record_unknown(message, "invalid", message["problem"])
            return
        if message["type"] == "unknown":  # an object naming neither its table nor its subject
            detail = "an event names application_id or complaint_id; a record names its table"
        else:
            detail = f"no rule handles {echoed_id(message['type'])!r}"
        self._record_unknown(message, "unknown_type", detail)

    def _on_application(self, message: Message) -> None:
        self._upsert_with_events(message, "application", Application)

    def _on_complaint(self, message: Message) -> None:
        self._upsert_with_events(message, "complaint", Complaint)

    def _upsert_with_events(self, message: Message, kind: str, model: type[Any]) -> None:
        record = self._validate(message, model)
        if record is None:
            return
        if record.id in self._archived[kind]:
            self._record_unknown(message, "archived", f"{kind} {echoed_id(record.id)} was closed and dropped")
            return
        held = self._held(kind)
        old = held.get(record.id)
        clash = _event_id_clash(record.events, [] if old is None else old.events)
        if clash is not None:  # one id, two events: the batch loader refuses it too ("duplicate event id")
            i, why = clash
            self._record_unknown(
                message, "invalid", f"events.{i}: duplicate event id {_safe_repr(record.events[i].id)}: " + (
                    why or f"{kind} {echoed_id(record.id)} already holds another event with this id"
                ),
            )  # fmt: skip
            return
        events = list(record.events)
        if old is not None:
            events = list(old.events) + [e for e in events if e not in old.events]
        for seq in self._holding.pop((kind, record.id), []):  # events that came before the subject
            waiting = self._held_events.pop(seq)
            self._drop_held(seq)
            early = Event.model_validate(waiting["event"])
            same = next((e for e in events if early.id is not None and e.id == early.id), None)
            if same is None:
                events.append(early)
            elif same != early:  # the record brought another event under this id: keep both on file
                outcome = self._outcome
                self._record_unknown(
                    {"seq": seq, "posted_at": waiting["posted_at"], "type": waiting["type"],
                     "body": waiting["event"]},
                    "invalid",
                    f"duplicate event id {_safe_repr(early.id)}: {kind} {echoed_id(record.id)} arrived holding another "
                    "event with this id",
                )  # fmt: skip
                self._outcome = outcome
        # always given: the supervisor sees every event of a subject it holds, so its history is on
        # record and an act still missing is one not done (decisions.history_recorded), even before
        # the first event
        record = record.model_copy(update={"events": sorted(map(_held_event, events), key=lambda e: e.at)})
        held[record.id] = record
        self._put(_RECORD_TABLE[kind], record.id, record)
        self._accept(message, kind, record.id)

    def _on_application_event(self, message: Message) -> None:
        self._add_event(message, "application", "application_id")

    def _on_complaint_event(self, message: Message) -> None:
        self._add_event(message, "complaint", "complaint_id")

    def _add_event(self, message: Message, kind: str, owner_field: str) -> None:
        body = message["body"]
        if "problem" not in message and isinstance(body, dict) and "kind" in body:
            try:
                EventKind(body["kind"])
            except (ValueError, TypeError):
                self._record_unknown(
                    message, "unknown_kind", f"no rule knows event kind {_safe_repr(body['kind'])}"
                )
                return
        event = self._validate(message, Event)
        if event is None:
            return
        event = _held_event(event)
        owner = getattr(event, owner_field)
        if owner is None:
            self._record_unknown(message, "invalid", f"{owner_field}: missing")
            return
        held = self._held(kind)
        subject = held.get(owner)
        if subject is None:
            if owner in self._archived[kind]:
                self._record_unknown(message, "archived", f"{kind} {echoed_id(owner)} was closed and dropped")
            elif self.hold_limit == 0:
                self._record_unknown(
                    message, "no_subject", f"{kind} {echoed_id(owner)} is not held by this supervisor"
                )
            elif (clash := self._held_clash(kind, owner, event)) is not None:
                self._record_unknown(message, "invalid", clash)
            else:
                self._hold(message, kind, owner, event)
            return
        if event.id is not None:  # an id held already: a resend (nothing to do), or another event
            same = next((e for e in subject.events if e.id == event.id), None)
            if same == event:
                self._accept(message, kind, owner)
                return
            if same is not None:
                self._record_unknown(
                    message, "invalid",
                    f"duplicate event id {_safe_repr(event.id)}: {kind} {echoed_id(owner)} already holds another event "
                    "with this id",
                )  # fmt: skip
                return
        events = [*subject.events, event]
        if len(events) > 1 and events[-2].at > event.at:
            events.sort(key=lambda e: e.at)  # stable: as sorted() before
        held[owner] = subject.model_copy(update={"events": events})
        self._put(_RECORD_TABLE[kind], owner, held[owner])
        self._accept(message, kind, owner)

    def _on_appointment(self, message: Message) -> None:
        record = self._validate(message, Appointment)
        if record is None:
            return
        if record.id in self._archived["appointment"]:
            self._record_unknown(
                message, "archived", f"appointment {echoed_id(record.id)} was closed and dropped"
            )
            return
        record = _held_appointment(record)
        self._appts[record.id] = record
        self._put("appointments", record.id, record)
        self._accept(message, "appointment", record.id)

    def _on_reference(self, message: Message) -> None:
        kind = message["type"]
        record = self._validate(message, _RECORD_MODELS[kind])
        if record is None:
            return
        if kind == "hall":
            self._hall = record
            self._put("hall", "hall", record)
            self._accept(message, "hall", record.id)
            return
        key = record.code if kind == "item" else record.id
        self._held(kind)[key] = record
        self._put(_RECORD_TABLE[kind], key, record)
        self._accept(message, kind, key)

    def _post_reference(self, reference: Dataset) -> None:
        for kind, records in (
            ("item", reference.items),
            ("staff", reference.staff),
            ("window", reference.windows),
            ("hall", [reference.hall] if reference.hall else []),
        ):
            for rec in records:
                key = str(getattr(rec, "code" if kind == "item" else "id"))
                held = self._hall if kind == "hall" else self._held(kind).get(key)
                if held is None or _dump(held) != _dump(rec):
                    self.post(rec)

    # -- held events -------------------------------------------------------------------------------
    def _hold(self, message: Message, kind: str, owner: str, event: Event) -> None:
        while len(self._held_events) >= self.hold_limit:
            oldest = next(iter(self._held_events))
            self._release(oldest, f"held-events bound ({self.hold_limit}) reached before it arrived")
        entry = {
            "seq": message["seq"],
            "kind": kind,
            "owner": owner,
            "posted_at": message["posted_at"],
            "type": message["type"],
            "event": event.model_dump(mode="json", exclude_defaults=True),
        }
        self._held_events[message["seq"]] = entry
        self._holding.setdefault((kind, owner), []).append(message["seq"])
        self._p_held_add[message["seq"]] = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
        self._outcome = Posted(message["seq"], message["type"], False, Subject(kind=kind, id=owner), "held")

    def _held_clash(self, kind: str, owner: str, event: Event) -> str | None:
        """Why ``event`` is refused rather than held: another event under its id is held for ``owner``
        already (it was held too, and refused only when its subject arrived). A resend is held."""
        if event.id is None:
            return None
        for seq in self._holding.get((kind, owner), ()):
            waiting = self._held_events[seq]["event"]
            if waiting.get("id") == event.id and Event.model_validate(waiting) != event:
                return (
                    f"duplicate event id {_safe_repr(event.id)}: {kind} {echoed_id(owner)} already has another "
                    "event with this id held for it"
                )
        return None

    def _drop_held(self, seq: int) -> None:
        if self._p_held_add.pop(seq, None) is None:
            self._p_held_drop.append(seq)

    def _release(self, seq: int, why: str) -> None:
        """Record held event ``seq`` as ``no_subject`` (its subject never came within the bound)."""
        entry = self._held_events.pop(seq)
        waiting = self._holding.get((entry["kind"], entry["owner"]), [])
        if seq in waiting:
            waiting.remove(seq)
        if not waiting:
            self._holding.pop((entry["kind"], entry["owner"]), None)
        self._drop_held(seq)
        outcome = self._outcome
        self._record_unknown(
            {"seq": seq, "posted_at": entry["posted_at"], "type": entry["type"], "body": entry["event"]},
            "no_subject",
            f"{entry['kind']} {echoed_id(entry['owner'])} is not held by this supervisor: {why}",
        )
        self._outcome = outcome

    def _release_expired(self, now: datetime) -> None:
        while self._held_events:
            seq, entry = next(iter(self._held_events.items()))
            if datetime.fromisoformat(entry["posted_at"]) + self.hold_for > now:
                break
            self._release(seq, f"it did not arrive within {self.hold_for}")

    # -- holding, closing, pruning ----------------------------------------------------------------
    def _held(self, kind: str) -> dict[str, Any]:
        table = self._tables.get(kind)
        if table is None:
            raise KeyError(f"no held table for {kind!r}")
        return table

    @staticmethod
    def closed_at(kind: str, subject: Any) -> datetime | None:
        """When ``subject`` closed (None while open): see :data:`CLOSING_EVENTS`."""
        if kind == "appointment":
            times = [subject.slot_end, subject.served_at, subject.arrived_at, subject.rescheduled_to]
            closed: datetime = max(t for t in times if t is not None)
            return closed
        closing = CLOSING_EVENTS.get(kind, frozenset())
        for e in subject.events:
            if e.kind.value in closing:
                at: datetime = e.at
                return at
        return None

    def _prune(self, now: datetime) -> None:
        if self.retain_closed is None:
            return
        try:  # closed at or before the cutoff: c + retain_closed <= now, without adding to a time
            cutoff = now - self.retain_closed  # that may be 9999-12-31 (a posted slot's end)
        except OverflowError:  # the clock within retain_closed of year 1: nothing closed long enough ago
            return
        for kind in LIVE_SUBJECTS:
            held = self._held(kind)
            for sid in [
                s for s, subj in held.items() if (c := self.closed_at(kind, subj)) is not None and c <= cutoff
            ]:
                del held[sid]
                self._archived[kind].add(sid)
                self._put(_RECORD_TABLE[kind], sid, None)
                self._p_archived.append((kind, sid))

    # -- persistence -------------------------------------------------------------------------------
    def _rollback(self) -> None:
        """Back to the last committed state (after a failed commit)."""
        self._reset_pending()
        self._restore(self.store.load())

    def _restore(self, state: dict[str, Any] | None) -> None:
        self._seq = 0
        self._committed_seq = 0
        self._last_tick = None
        self._hall = None
        self._items = {}
        self._staff = {}
        self._windows = {}
        self._apps = {}
        self._comps = {}
        self._appts = {}
        self._archived = {k: set() for k in LIVE_SUBJECTS}
        self._unknown = []
        self._findings = []
        self._seen = set()
        self._held_events = {}
        self._holding = {}
        if state is not None:
            self._load_state(state)
        self._tables: dict[str, dict[str, Any]] = {
            "application": self._apps,
            "complaint": self._comps,
            "appointment": self._appts,
            "item": self._items,
            "staff": self._staff,
            "window": self._windows,
        }

    def _load_state(self, state: dict[str, Any]) -> None:
        """Hold what ``state`` (the store's document) holds; a :class:`StateFileError` naming the store,
        the table and the record when it cannot be read (a state changed by hand or by another
        program), never a parser's or a validator's bare words."""
        if state.get("format") != STATE_FORMAT:
            raise ValueError(f"the store holds {state.get('format')!r}, not a {STATE_FORMAT} state")
        try:
            self._load_document(state)
        except GovhallError:
            raise
        except ValidationError as exc:
            err = exc.errors()[0]
            where = echoed_id(".".join(str(p) for p in err.get("loc", ())))
            raise self._damaged(
                f"its {self._loading}", f"{where + ': ' if where else ''}{validation_message(err)}"
            ) from None
        except KeyError as exc:
            raise self._damaged(f"its {self._loading}", f"no {_safe_repr(exc.args[0])} given") from None
        except (ValueError, TypeError, AttributeError, RecursionError) as exc:
            raise self._damaged(
                f"its {self._loading}", f"{type(exc).__name__}: {_safe_repr(str(exc))}"
            ) from None

    def _damaged(self, where: str, why: str) -> StateFileError:
        store = getattr(self.store, "path", None) or type(self.store).__name__
        return StateFileError(
            f"{store}: the live state is damaged: {where}: {why}; restore it from a backup, or give a new "
            "path to start an empty state",
            path=str(store),
        )

    def _saved(self, model: type[_M], rows: Any, table: str) -> list[_M]:
        """The saved ``rows`` of ``table`` validated, naming the one being read in ``_loading``."""
        out = []
        for n, row in enumerate(rows or ()):
            key = row.get("code" if table == "items" else "id") if isinstance(row, dict) else None
            self._loading = f"{table} record {_safe_repr(echoed_id(key)) if isinstance(key, str) else n + 1}"
            out.append(model.model_validate(row))
        return out

    def _load_document(self, state: dict[str, Any]) -> None:
        self._loading = "seq"
        self._seq = self._committed_seq = int(state["seq"])
        self._loading = "last tick"
        self._last_tick = datetime.fromisoformat(state["last_tick"]) if state.get("last_tick") else None
        self._loading = "hall"
        self._hall = Hall.model_validate(state["hall"]) if state.get("hall") else None
        self._items = {r.code: r for r in self._saved(Item, state.get("items"), "items")}
        self._staff = {r.id: r for r in self._saved(Staff, state.get("staff"), "staff")}
        self._windows = {r.id: r for r in self._saved(Window, state.get("windows"), "windows")}
        # stored without defaults: an empty history comes back left out, so give it again (as held)
        self._apps = {
            r.id: _with_history(r)
            for r in self._saved(Application, state.get("applications"), "applications")
        }
        self._comps = {
            r.id: _with_history(r) for r in self._saved(Complaint, state.get("complaints"), "complaints")
        }
        self._appts = {
            r.id: _held_appointment(r)
            for r in self._saved(Appointment, state.get("appointments"), "appointments")
        }
        self._loading = "archived ids"
        for k, ids in (state.get("archived") or {}).items():
            self._archived.setdefault(k, set()).update(ids)
        self._unknown = sorted(
            self._saved(UnknownEvent, state.get("unknown"), "unknown"), key=lambda u: u.seq
        )
        self._findings = self._saved(Finding, state.get("findings"), "findings")
        self._loading = "findings seen"
        self._seen = {(k[0], k[1], k[2], k[3]) for k in state.get("seen", [])}
        self._loading = "held events"
        for h in sorted(state.get("held") or [], key=lambda h: h["seq"]):
            self._held_events[int(h["seq"])] = h
            self._holding.setdefault((h["kind"], h["owner"]), []).append(int(h["seq"]))
