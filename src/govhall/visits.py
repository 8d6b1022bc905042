"""Which trips to the hall count against "最多跑一次" (hangzhou-zuiduo-paoyici:术语和定义.最多跑一次).

The definition (杭州 "最多跑一次" 便民服务中心工作规范, 术语和定义)::

    … 从受理申请到作出办理决定、形成办理结果的全过程实现一次上门或零上门。
    出现以下情况仍属于"最多跑一次":
    可以快递送达的,供自愿上门取件的。              (.1)
    办事前上门咨询的。                              (.2)
    不符合办理条件的,收到否定性办理结果的。          (.3)
    符合容缺受理的事项,可通过网络或快递形式补交,但自愿上门补交的。   (.4)

:func:`classify_visits` reads an application's ``visit`` events (with their ``purpose`` and
``voluntary`` flag) and says, for each, whether it counts and why; :func:`counted_visits` keeps the
ones that count. A visit **counts** unless one of the four exceptions applies:

============== =======================================================================================
purpose        counted?
============== =======================================================================================
submission     yes (提交申请: the one visit the standard allows)
consultation   no if it happened before the application was received (.2); yes afterwards
pickup         no if ``voluntary`` (courier delivery was available, .1); yes otherwise
negative_result no if the applicant did not meet the conditions (``meets_conditions is False``, a
               ``not_accepted`` event or a decision with a negative outcome, .3); yes otherwise
supplement     no for a 容缺 application when ``voluntary`` (post/online supplement was possible, .4);
               other supplement visits do not count by default (see ``supplements`` below)
other          yes
============== =======================================================================================

Visits not recorded as ``visit`` events are inferred when ``infer=True`` (the default): an
application received on site (``channel == "onsite"``) was submitted in person, and a ``picked_up``
event delivered at the window (``delivery`` "window" or not given) was a pickup visit — unless a
``visit`` event already records that submission or pickup.

``supplements="exempt"`` (default) reads the definition's condition "在申请材料齐全、符合法定受理
条件时" as taking a visit to hand in corrected materials for an ordinary (non-容缺) application
outside the promise; ``"count"`` counts it. The audit rule takes both choices from the
interpretations ``hangzhou-zuiduo-paoyici.implicit-visits`` and
``hangzhou-zuiduo-paoyici.correction-supplements``.

>>> from govhall.models import Application
>>> app = Application.model_validate({
...     "id": "A1", "item_code": "I1", "received_at": "2025-11-03T09:00", "channel": "onsite",
...     "events": [{"kind": "visit", "at": "2025-10-30T10:00", "purpose": "consultation"},
...                {"kind": "picked_up", "at": "2025-11-10T15:00", "delivery": "window", "voluntary": True}]})
>>> [(v.purpose, v.counted) for v in classify_visits(app)]
[('consultation', False), ('submission', True), ('pickup', False)]
>>> len(counted_visits(app))
1
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from operator import attrgetter
from typing import Any, Literal

from govhall.models import Application, Event, EventKind, VisitPurpose

__all__ = ["NEGATIVE_OUTCOMES", "Visit", "classify_visits", "counted_visit_count", "counted_visits"]

STANDARD = "hangzhou-zuiduo-paoyici"
DEFINITION = f"{STANDARD}:术语和定义.最多跑一次"
#: decision outcomes that are a 否定性办理结果 (.3)
NEGATIVE_OUTCOMES = frozenset(
    {"denied", "not_accepted", "rejected", "refused", "不予许可", "不予受理", "不予办理"}
)


@dataclass(frozen=True, slots=True)  # slots: built for every visit of every application, at half the cost
class Visit:
    """One trip of the applicant to the hall, and whether it counts against "最多跑一次".

    ``clause`` is the clause that decided it (an exception item ``….1``–``….4`` when it does not
    count, the definition otherwise); ``source`` says where the visit came from: ``visit`` (a
    recorded visit event) or ``received``/``picked_up`` (inferred from those events).
    """

    at: datetime
    purpose: str
    counted: bool
    reason: str
    clause: str
    voluntary: bool | None = None
    source: Literal["visit", "received", "picked_up"] = "visit"
    window_id: str | None = None
    staff_id: str | None = None

    def evidence(self) -> dict[str, Any]:
        """A plain dict for a finding's evidence."""
        return {
            "at": self.at.isoformat(timespec="minutes"),
            "purpose": self.purpose,
            "counted": self.counted,
            "reason": self.reason,
            "clause": self.clause,
            "voluntary": self.voluntary,
            "source": self.source,
        }


#: the purposes' values, read once (an enum's ``.value`` is a property lookup, asked for every visit)
_VALUE = {p: p.value for p in VisitPurpose}
_CONSULTATION, _PICKUP, _NEGATIVE_RESULT, _SUPPLEMENT, _SUBMISSION, _OTHER = (
    _VALUE[VisitPurpose.consultation],
    _VALUE[VisitPurpose.pickup],
    _VALUE[VisitPurpose.negative_result],
    _VALUE[VisitPurpose.supplement],
    _VALUE[VisitPurpose.submission],
    _VALUE[VisitPurpose.other],
)


def _conditions_not_met(app: Application) -> bool:
    if app.meets_conditions is False or app.events_of(EventKind.not_accepted):
        return True
    return any((e.outcome or "").strip() in NEGATIVE_OUTCOMES for e in app.events_of(EventKind.decided))


def _classify(
    app: Application, purpose: str, at: datetime, voluntary: bool | None, supplements: str
) -> tuple[bool, str, str]:
    if purpose == _CONSULTATION:
        if at < app.received_at:
            return False, "办事前上门咨询,不计入跑动次数", f"{DEFINITION}.2"
        return True, "受理后到现场咨询,计入跑动次数", DEFINITION
    if purpose == _PICKUP:
        if voluntary is True:
            return False, "可以快递送达,自愿上门取件,不计入跑动次数", f"{DEFINITION}.1"
        return True, "上门取件(未提供或未选择快递送达),计入跑动次数", DEFINITION
    if purpose == _NEGATIVE_RESULT:
        if _conditions_not_met(app):
            return False, "不符合办理条件,收到否定性办理结果,不计入跑动次数", f"{DEFINITION}.3"
        return True, "符合办理条件却到现场领取否定性结果,计入跑动次数", DEFINITION
    if purpose == _SUPPLEMENT:
        if app.rongque and voluntary is True:
            return False, "容缺受理事项可网络或快递补交,自愿上门补交,不计入跑动次数", f"{DEFINITION}.4"
        if not app.rongque and supplements == "exempt":
            return False, "申请材料不齐全时的补正上门,不在“最多跑一次”承诺之内(解释:exempt)", DEFINITION
        return True, "上门补交材料,计入跑动次数", DEFINITION
    if purpose == _SUBMISSION:
        return True, "上门提交申请,计入跑动次数", DEFINITION
    return True, "其他原因上门,计入跑动次数", DEFINITION


_VISIT, _RECEIVED, _PICKED_UP = EventKind.visit, EventKind.received, EventKind.picked_up
_VISIT_KINDS = frozenset({_VISIT, _RECEIVED, _PICKED_UP})
_AT = attrgetter("at")


def _visit_events(application: Application) -> tuple[list[Event], Event | None, list[Event]]:
    """(the ``visit`` events, the first ``received`` event, the ``picked_up`` events) of ``application``.

    What the visits are read from, found in one pass over the history.
    """
    recorded: list[Event] = []
    received: Event | None = None
    picked_up: list[Event] = []
    for ev in application.events:
        kind = ev.kind
        if kind not in _VISIT_KINDS:
            continue
        if kind == _VISIT:
            recorded.append(ev)
        elif kind == _RECEIVED:
            if received is None:
                received = ev
        else:
            picked_up.append(ev)
    return recorded, received, picked_up


#: a trip to the hall before it is classified: (at, purpose, voluntary, source, window_id, staff_id)
_Trip = tuple[datetime, str, bool | None, Literal["visit", "received", "picked_up"], str | None, str | None]


def _trips(application: Application, infer: bool) -> list[_Trip]:
    """Every trip to the hall the history shows (recorded ``visit`` events; with ``infer``, the on-site
    receipt and window pickups no visit event records), not yet classified, in the history's order."""
    recorded, rec, picked_up = _visit_events(application)
    trips: list[_Trip] = []
    purposes: set[str] = set()
    for ev in recorded:  # a plain loop: no comprehension frames, asked for every application
        purpose = _VALUE[ev.purpose] if ev.purpose is not None else _OTHER  # none recorded: other
        trips.append((ev.at, purpose, ev.voluntary, "visit", ev.window_id, ev.staff_id))
        purposes.add(purpose)
    if infer:
        if application.channel == "onsite" and _SUBMISSION not in purposes:
            trips.append(
                (
                    rec.at if rec is not None else application.received_at,
                    "submission",
                    None,
                    "received",
                    (rec.window_id if rec else None) or application.window_id,
                    (rec.staff_id if rec else None) or application.staff_id,
                )
            )
        if _PICKUP not in purposes:
            for ev in picked_up:
                if ev.delivery in (None, "window"):
                    trips.append((ev.at, "pickup", ev.voluntary, "picked_up", ev.window_id, ev.staff_id))
    return trips


def _check_supplements(supplements: str) -> None:
    if supplements not in ("count", "exempt"):
        raise ValueError(f"supplements must be 'count' or 'exempt', got {supplements!r}")


def classify_visits(
    application: Application, *, infer: bool = True, supplements: Literal["count", "exempt"] = "exempt"
) -> list[Visit]:
    """Every visit of ``application`` to the hall, in time order, each marked counted or not (with why).

    ``infer``: also count an on-site receipt as the submission visit and a window pickup as a pickup
    visit when no ``visit`` event records them. ``supplements``: whether an ordinary (non-容缺)
    supplement visit counts (``"count"``) or not (``"exempt"``). See the module documentation.
    """
    _check_supplements(supplements)
    out: list[Visit] = []
    for at, purpose, voluntary, source, window_id, staff_id in _trips(application, infer):
        counted, reason, clause = _classify(application, purpose, at, voluntary, supplements)
        out.append(Visit(at, purpose, counted, reason, clause, voluntary, source, window_id, staff_id))
    if len(out) > 1:
        out.sort(key=_AT)
    return out


def counted_visits(
    application: Application, *, infer: bool = True, supplements: Literal["count", "exempt"] = "exempt"
) -> list[Visit]:
    """The visits of ``application`` that count against "最多跑一次" (more than one is a breach)."""
    return [v for v in classify_visits(application, infer=infer, supplements=supplements) if v.counted]


def counted_visit_count(
    application: Application, *, infer: bool = True, supplements: Literal["count", "exempt"] = "exempt"
) -> int:
    """How many of ``application``'s visits count: ``len(counted_visits(...))`` without building the
    :class:`Visit` records (a rule lists them, with why each counts or not, only when it fires)."""
    _check_supplements(supplements)
    n = 0
    for trip in _trips(application, infer):  # (at, purpose, voluntary, …): where it was is not needed
        if _classify(application, trip[1], trip[0], trip[2], supplements)[0]:
            n += 1
    return n
