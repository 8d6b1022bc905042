"""中华人民共和国行政许可法 (2003; revised 2019-04-23), Arts 29–34, 42–45, 47–50 and 82.

Source: the law as revised on 23 April 2019 (standard id ``admin-licensing-law``; no seed file). The
article texts in ``clauses/admin-licensing-law.yaml`` are checked word for word by the shared quote test
against the published 2019 text kept in ``tests/data/law/admin-licensing-law-2019.txt`` (a public copy of
the 国家法律法规数据库 text).

Checked with: tests/standards/test_admin_licensing_law.py (a firing and a silent case per rule; every
due date worked out by hand in a comment, e.g. 20 working days from 2025-09-26 across National Day
2025 is 2025-10-30), tests/standards/cases/admin-licensing-law.yaml and the planted example hall.

Applies to applications whose item is an administrative licence (``ItemType.administrative_licensing``).

Limits:

* Art 82: every agency period is counted in working days by ``govhall.timelimits`` (the law's "日");
  a limit written in 日/天 on an item is read as working days too (``admin-licensing-law.day-unit``).
  期限以工作日计算，不含法定节假日: only statutory holidays are left out, so the law's periods count the
  statutory working days (``ctx.due(statutory=True)``, the calendar without the hall's own closures
  and extra working days); a hall closed for a day of its own does not lengthen them, and a Saturday
  it opens does not shorten them. The standards' own promised limits (承诺时限) keep the hall's calendar.
* Art 32(4): when the first correction notice came after 5 working days the application is deemed
  accepted on receipt, and the Art 42 period runs from receipt; otherwise from the ``accepted`` event,
  else the day the last requested materials were supplied, else receipt.
* Art 42: an item's ``statutory_limit`` replaces the 20 working days; one that differs from Art 42's
  period is another law's (法律、法规另有规定), and Art 42's extension caps (10, or 15 for joint
  handling) do not limit it by default (``admin-licensing-law.other-law-extension-cap``). Only
  extensions with ``approved_by`` count, and by default only those approved by the due date then in
  force (``admin-licensing-law.late-extension``). An extension without an approver, in a dataset none
  of whose extensions records one, is not on record as unapproved: by default it counts and is not
  reported (``admin-licensing-law.unrecorded-approval``).
* Art 45: a pause for a listed procedure stops the clock unless it is recorded as not notified in
  writing (``written`` False); one whose notice is not recorded (None) stops it too, since a late
  decision found by counting it would rest on an unrecorded fact (``admin-licensing-law.excluded-time-notice``).
* Art 43 (lower-level review) and Arts 47–48 (hearings) are parameters only: the models have no
  record of the review step or of hearing requests.
* Art 50: the applicant's 30-day lead is calendar days by default (``admin-licensing-law.renewal-lead-unit``);
  a late renewal filing is not deemed granted (``admin-licensing-law.late-renewal``).
* Only what the records show is judged; a field left ``None`` is "not recorded".
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from govhall.decisions import UNRECORDED_HISTORY, history_recorded, material_key
from govhall.errors import InputError
from govhall.models import Application, Item, ItemType
from govhall.models.applications import Event, EventKind
from govhall.rules import Context, Hit, interpretation, rule
from govhall.standards import _limits, declare
from govhall.timelimits import (
    Deadline,
    TimeLimit,
    counted_from,
    is_late,
    parse_limit,
    working_days_granted,
)

STANDARD = declare(
    "admin-licensing-law",
    title="中华人民共和国行政许可法（2019年修正）",
    module=__name__,
    issuer="全国人民代表大会常务委员会",
    year=2019,
    valid_from=date(2004, 7, 1),
    source="中华人民共和国行政许可法, 2019-04-23 revision (no seed file; texts checked against published copies)",
    checked_with="tests/standards/test_admin_licensing_law.py, tests/standards/cases/admin-licensing-law.yaml",
    limits="licensing items only; Art 43 and 47–48 are parameters; texts checked against the published 2019 text",
)

L = "admin-licensing-law"
IN_FORCE = date(2004, 7, 1)
_P = {
    name: f"{L}.{name}"
    for name in (
        "correction_notice_limit",
        "decision_limit",
        "decision_extension_max",
        "joint_decision_limit",
        "joint_extension_max",
        "certificate_limit",
        "renewal_lead_days",
    )
}

#: Art 45's procedures whose time is not counted (Event.procedure values).
EXCLUDED_PROCEDURES = frozenset(
    {"hearing", "bidding", "auction", "testing", "inspection", "quarantine", "appraisal", "expert_review"}
)
#: Decided-event outcomes that grant the licence (准予), matched whole (after :func:`granted` trims them):
#: the law's own words (Art 38 准予行政许可的书面决定, Art 44 准予行政许可的决定, Art 50 准予延续), and the
#: wordings a hall's approval system records (予以许可, 同意, 批准, 核准 for 核准-type items, 准予登记 for
#: registrations). Every negation (不予许可, 不同意, 不予批准, 不准予 …) is another text and never matches.
GRANTED = frozenset(
    {
        "approved",
        "granted",
        "准予",
        "准予许可",
        "准予行政许可",
        "准予延续",
        "准予登记",
        "予以许可",
        "予以批准",
        "予以核准",
        "予以延续",
        "同意",
        "同意许可",
        "同意延续",
        "批准",
        "核准",
    }
)
_TRIM = " \t\r\n\u3000。."

DAY_UNIT = _limits.DAY_UNIT  # shared with the standards that fall back on a statutory limit
ISSUE_EVENT = interpretation(
    f"{L}.issue-event",
    clause=f"{L}:44",
    question="Art 44 颁发、送达: which event shows the licence issued?",
    default="issued",
    alternatives={
        "issued": "the applicant notified to collect it (pickup_notified), handed it (picked_up), sent it "
        "(mailed), or given it with the decision (decided.delivery set: 当场出件 or electronic)",
        "delivered": "only picked_up, mailed or delivery with the decision: a pickup notice alone is not 送达",
    },
    basis="颁发 (issue) is complete when the licence is ready and the applicant told where to collect it",
)
RENEWAL_UNIT = interpretation(
    f"{L}.renewal-lead-unit",
    clause=f"{L}:50.1",
    question="Art 50 届满三十日前: calendar or working days?",
    default="calendar_days",
    alternatives={
        "calendar_days": "calendar days: the lead is the applicant's, and Art 82 covers only the agency's periods",
        "working_days": "working days, reading Art 82 as covering every period of the law",
    },
    basis="Art 82 speaks of 行政机关实施行政许可的期限; the renewal lead binds the 被许可人",
)
LATE_RENEWAL = interpretation(
    f"{L}.late-renewal",
    clause=f"{L}:50.2",
    question="Art 50(2) deemed renewal: does it protect a renewal filed less than 30 days before expiry?",
    default="timely_only",
    alternatives={
        "timely_only": "only a renewal filed in time (Art 50(1)) is deemed granted when undecided at expiry",
        "all": "every renewal application undecided at expiry is deemed granted",
    },
    basis="50(2) says 根据被许可人的申请, i.e. the application 50(1) requires, filed 30 days ahead",
)

OTHER_LAW_CAP = interpretation(
    f"{L}.other-law-extension-cap",
    clause=f"{L}:42.1",
    question="Art 42 ends 但是，法律、法规另有规定的，依照其规定: when another law sets the item's period, do Art "
    "42's extension caps (10, joint 15 working days) still limit the approved extensions?",
    default="not_capped",
    alternatives={
        "not_capped": "no: the other law's period and its extensions govern (依照其规定); approved extensions "
        "count in full and exceeding Art 42's cap is not a finding",
        "capped": "yes: Art 42's cap applies to every licensing item, whatever law set the period",
    },
    basis="admin-licensing-law:42.1 但是，法律、法规另有规定的，依照其规定 — the proviso covers the whole "
    "paragraph, the extension included. An item's statutory_limit is read as another law's period when it "
    "differs from Art 42's (decision_limit, or joint_decision_limit when joint)",
)
JOINT_OWN_LIMIT = interpretation(
    f"{L}.joint-own-limit",
    clause=f"{L}:42.2",
    question="依照本法第二十六条的规定，行政许可采取统一办理或者联合办理、集中办理的，办理的时间不得超过四十五日: a jointly "
    "handled application (app.joint, or the item's joint_review) for an item whose statutory_limit is Art 42's "
    "own single-agency period (20个工作日, decision_limit) — is its period the item's 20 days or the joint 45?",
    default="item_limit",
    alternatives={
        "item_limit": "the item's 20 days, read (as any limit differing from the joint 45 days) as the period "
        "法律、法规另有规定, with no cap on its extensions under other-law-extension-cap = not_capped (the only "
        "reading before 2026-12)",
        "joint_period": "the joint 45 days (joint_decision_limit) with its 15-day extension cap: the 20 days "
        "the catalogue records are Art 42's own first sentence, which 42.2 replaces for joint handling, not "
        "another law's period",
    },
    basis="a catalogue records one 法定时限 per item, and 20个工作日 is both Art 42's own single-agency period and "
    "a figure another law may set; whether a joint item's 20 days is the agency's share of the joint "
    "handling, a special law's period, or Art 42(1) copied into the catalogue the record does not say. A "
    "limit that is neither 20 nor 45 is another law's under either reading; an item without a statutory "
    "limit takes 45 days when joint under either. Asked only of a joint application whose item records "
    "20个工作日",
)
LATE_EXTENSION = interpretation(
    f"{L}.late-extension",
    clause=f"{L}:42.1",
    question="Art 42 二十日内不能作出决定的，经……批准，可以延长: does an extension approved after the period "
    "had already run out still extend it?",
    default="in_time_only",
    alternatives={
        "in_time_only": "no: only an extension approved on or before the due date then in force extends it; "
        "one approved later leaves the decision judged against the unextended date (the breach has happened)",
        "counted": "yes: every approved extension counts, whenever it was approved",
    },
    basis="二十日内不能作出决定的 — the extension answers a finding, made within the period, that the period will "
    "not suffice; once the period has run out the decision is already late and an approval cannot undo "
    "that (the same reading as hangzhou-zuiduo-paoyici's 提前告知)",
)
UNRECORDED_APPROVAL = _limits.UNRECORDED_APPROVAL  # shared with gdzw-0020-2019:5.5.1's promise
APPROVAL_IN_REASON = _limits.APPROVAL_IN_REASON  # asked with it (an approval stated only in the reason)
EXCLUDED_TIME = interpretation(
    f"{L}.excluded-time-notice",
    clause=f"{L}:45",
    question="Art 45: is the time of a hearing, testing, expert review … excluded only when the applicant was "
    "told of it in writing (行政机关应当将所需时间书面告知申请人)?",
    default="unless_unwritten",
    alternatives={
        "unless_unwritten": "a pause for a listed procedure stops the clock unless it is recorded as not "
        "notified in writing (written False): that time counts towards the limit (and excluded-period-notified "
        "reports the missing notice); a pause whose notice is not recorded (written None) stops the clock, "
        "since a late decision found only by counting it would rest on an unrecorded fact",
        "written_only": "only a pause recorded as notified in writing (written True) stops the clock; one "
        "whose notice is not recorded counts as unnotified",
        "any_listed": "every pause for a listed procedure stops the clock; the missing written notice is a "
        "separate breach reported by excluded-period-notified",
    },
    basis="the notice is what lets the applicant know the decision date moved; an agency that did not tell "
    "the applicant cannot hold the unannounced time against them. A notice that is not recorded may have "
    "been given: counting its time would make a late decision out of an unrecorded fact, which is never a "
    "finding (a fact recorded as missing is). written_only was the default before 2026-12 (it treated an "
    "unrecorded notice as none); any_listed follows the first sentence of Art 45, which excludes the time "
    "without a condition",
)

EXCLUDED_START_DAY = _limits.EXCLUDED_START_DAY  # shared with db23-hlj-2023's recorded Art 45 pauses


# -- helpers ----------------------------------------------------------------------------------------


def _iso(value: object) -> object:
    return value.isoformat() if isinstance(value, (date, datetime)) else value


_ONE_DAY = timedelta(days=1)
_LICENSING = ItemType.administrative_licensing  # asked by ten rules for every application


def _licensing_item(app: Application, ctx: Context) -> Item | None:
    item = ctx.item(app.item_code)
    if item is None or item.type != _LICENSING or app.received_at.date() < IN_FORCE:
        return None
    return item


def _for_licensing(app: Application, ctx: Context) -> bool:
    """Whether ``app`` is for a licensing item the Act governs: every application rule here begins by
    asking it (:func:`_licensing_item`), so the engine asks it once per application for all of them."""
    return _licensing_item(app, ctx) is not None


def _as_working(limit: str | TimeLimit, ctx: Context) -> TimeLimit:
    parsed = parse_limit(limit)
    if parsed.written_in_days and ctx.interpret(DAY_UNIT.name) == "working_days":  # not 自然日/周
        return parsed.in_working_days()
    return parsed


def correction_check(app: Application, ctx: Context) -> tuple[Deadline, Event, bool] | None:
    """(Deadline, first correction notice, late) for Art 32(4), or None when there was no notice.

    The notice is due on the spot or within ``correction_notice_limit`` (5 working days) of receipt.
    """
    notices = app.events_of(EventKind.correction_notice)
    if not notices:
        return None
    limit = ctx.param(_P["correction_notice_limit"], on=app.received_at)
    dl = ctx.due(
        counted_from(app.received_at, limit),  # the day (an hour limit: the moment) of receipt
        limit,
        extra_basis=[f"{L}:32.4", f"{L}:82"],
        statutory=True,  # Art 82: statutory working days; the hall's own closures do not move it
    )
    return dl, notices[0], is_late(dl, notices[0].at)


def acceptance_day(app: Application, ctx: Context) -> tuple[date, str] | None:
    """(the day the Art 42 period runs from, why), or None when the application is not yet accepted.

    * ``deemed_32.4``: the first correction notice was late, so the application counts as accepted on
      receipt (逾期不告知的，自收到申请材料之日起即为受理);
    * ``accepted``: the ``accepted`` event;
    * ``supplemented``: after a timely notice, the day the last materials were supplied (32(5));
    * ``received``: no notice and no acceptance event: receipt (complete applications are accepted).
    """
    check = correction_check(app, ctx)
    if check is not None and check[2]:
        return app.received_at.date(), "deemed_32.4"
    accepted = app.first(EventKind.accepted)
    if accepted is not None:
        return accepted.at.date(), "accepted"
    if check is not None:
        supplied = app.events_of(EventKind.materials_supplemented)
        return (supplied[-1].at.date(), "supplemented") if supplied else None
    return app.received_at.date(), "received"


_PAUSED, _RESUMED = EventKind.paused, EventKind.resumed
_NOT_ACCEPTED, _EXTENDED = EventKind.not_accepted, EventKind.extended


def excluded_pauses(
    app: Application, as_of: date, *, written_only: bool | None = None, reading: str | None = None
) -> tuple[list[tuple[date, date]], list[dict[str, Any]], bool]:
    """Art 45 pauses: (counted-out ranges, ignored pauses with why, still open).

    A ``paused`` event for a listed procedure stops the clock until the next ``resumed`` (or ``as_of``
    when still open) according to ``reading`` (``admin-licensing-law.excluded-time-notice``; its
    default ``unless_unwritten``: unless recorded as not notified in writing, ``written`` False). The
    older ``written_only`` flag still works (True: ``written_only``, False: ``any_listed``). Any other
    pause is ignored.
    """
    if reading is None:
        reading = (
            EXCLUDED_TIME.default
            if written_only is None
            else ("written_only" if written_only else "any_listed")
        )
    ranges: list[tuple[date, date]] = []
    ignored: list[dict[str, Any]] = []
    open_from: date | None = None
    counting = False
    for ev in app.events:
        kind = ev.kind  # compared with the module's names of the kinds (an enum lookup costs more)
        if kind == _PAUSED and open_from is None:
            listed = ev.procedure in EXCLUDED_PROCEDURES
            if listed and (
                ev.written is True
                or reading == "any_listed"
                or (reading == "unless_unwritten" and ev.written is None)
            ):
                open_from, counting = ev.at.date(), True
            else:
                why = "procedure not listed in Art 45" if not listed else "no written notice"
                ignored.append(
                    {"at": _iso(ev.at), "procedure": ev.procedure, "written": ev.written, "why": why}
                )
                open_from, counting = ev.at.date(), False
        elif kind == _RESUMED and open_from is not None:
            if counting:
                ranges.append((open_from, ev.at.date()))
            open_from = None
    still_open = open_from is not None and counting
    if still_open and open_from is not None:  # (still_open says so; spelt out for the type checker)
        ranges.append((open_from, max(open_from, as_of)))
    return ranges, ignored, still_open


def other_law_limit(item: Item, joint: bool, ctx: Context) -> bool:
    """Whether ``item``'s statutory limit is another law's (法律、法规另有规定, Art 42): it is set and differs
    from Art 42's own period (``decision_limit``, or ``joint_decision_limit`` for joint handling; a joint
    application's 20 days, Art 42's own single-agency period, are another law's only under
    ``admin-licensing-law.joint-own-limit`` = item_limit, the default)."""
    if not item.statutory_limit:
        return False
    own = parse_limit(ctx.param(_P["joint_decision_limit" if joint else "decision_limit"]))
    mine = _as_working(item.statutory_limit, ctx)
    if (mine.amount, mine.unit) == (own.amount, own.unit):
        return False
    return not _joint_own_period(mine, joint, ctx)


def _joint_own_period(limit: TimeLimit, joint: bool, ctx: Context) -> bool:
    """Whether a joint application's item limit ``limit`` is Art 42's own single-agency period, replaced
    by the joint 45 days (``admin-licensing-law.joint-own-limit`` = joint_period; asked only of a joint
    application whose item records that period)."""
    if not joint:
        return False
    single = parse_limit(ctx.param(_P["decision_limit"]))
    if (limit.amount, limit.unit) != (single.amount, single.unit):
        return False
    return ctx.interpret(JOINT_OWN_LIMIT.name) == "joint_period"


class _DecisionClock(NamedTuple):
    """How the Art 42 period of one application was counted (what its evidence shows)."""

    dl: Deadline
    base: TimeLimit
    base_from: str
    joint: bool
    start_day: date
    start_why: str
    pauses: list[tuple[date, date]]
    ignored: list[dict[str, Any]]
    extension_working_days: int
    other_law: bool
    still_open: bool
    late_extensions: list[dict[str, Any]]
    #: each approved extension (keyed by the event's ``id()``: two may share a minute) and the working days it
    #: grants, counted from the due date then in force (timelimits.working_days_granted: 延长一个月 is the
    #: working days to that month's end)
    granted: dict[int, int]


def decision_deadline(
    app: Application, item: Item, ctx: Context
) -> tuple[Deadline, dict[str, Any], bool] | None:
    """(Deadline, evidence, a pause is still open) of the Art 42 decision, or None when not applicable.

    Not applicable: 当场 items (Art 34(2)), refused or withdrawn applications, applications recorded
    as not meeting the conditions, and applications not yet accepted.
    """
    clock = _decision_clock(app, item, ctx)
    if clock is None:
        return None
    return clock.dl, _decision_evidence(clock), clock.still_open


def _decision_evidence(c: _DecisionClock) -> dict[str, Any]:
    """What a decision-deadline finding shows of the count (built only for an application that fires)."""
    return {
        "limit": str(c.base),
        "limit_from": c.base_from,
        "joint": c.joint,
        "start": c.start_day.isoformat(),
        "start_from": c.start_why,
        "excluded_pauses": [[a.isoformat(), b.isoformat()] for a, b in c.pauses],
        "ignored_pauses": c.ignored,
        "extension_working_days": c.extension_working_days,
        "other_law_limit": c.other_law,
        "due": c.dl.due.isoformat(),
        "paused_working_days": c.dl.paused_working_days,
        "basis": list(c.dl.basis),
        **({"late_extensions": c.late_extensions} if c.late_extensions else {}),
    }


_ART_45, _OWN_BASIS, _JOINT_BASIS = f"{L}:45", (f"{L}:42.1", f"{L}:82"), (f"{L}:42.2", f"{L}:82")


def granted(outcome: str | None) -> bool:
    """行政机关作出准予行政许可的决定 (Art 44; Art 50 准予延续): whether a decided event's ``outcome`` grants.

    The outcome, its surrounding spaces (full-width too) and a closing 。 trimmed, is one of
    :data:`GRANTED`; anything else (a refusal, an unknown text, none) is not a grant."""
    return outcome is not None and outcome.strip(_TRIM) in GRANTED


_approved = _limits.extension_approved


def _decision_clock(app: Application, item: Item, ctx: Context) -> _DecisionClock | None:
    """:func:`decision_deadline`'s count, its evidence left to :func:`_decision_evidence`."""
    # the kinds of event the history holds, read in one pass: the refusals, pauses and extensions
    # below are looked for only in a history that has one (most have none)
    kinds = {ev.kind for ev in app.events}
    if app.meets_conditions is False or _NOT_ACCEPTED in kinds:
        return None
    joint = app.joint or item.joint_review
    other_law = other_law_limit(item, joint, ctx)
    # a joint application's 20 days read as Art 42's own (joint-own-limit = joint_period) give way to 45
    own_joint = (
        joint
        and not other_law
        and bool(item.statutory_limit)
        and _joint_own_period(_as_working(item.statutory_limit or "", ctx), joint, ctx)
    )
    if item.statutory_limit and not own_joint:
        base = _as_working(item.statutory_limit, ctx)
        if base.unit == "on_the_spot":
            return None
        base_from = f"item {item.code} statutory_limit"
    else:
        base = parse_limit(
            ctx.param(_P["joint_decision_limit" if joint else "decision_limit"], on=app.received_at)
        )
        base_from = _P["joint_decision_limit" if joint else "decision_limit"]
    start = acceptance_day(app, ctx)
    if start is None:
        return None
    start_day, start_why = start
    cap = parse_limit(
        ctx.param(_P["joint_extension_max" if joint else "decision_extension_max"], on=app.received_at)
    )
    uncapped = other_law and ctx.interpret(OTHER_LAW_CAP.name) == "not_capped"
    reading = ctx.interpret(EXCLUDED_TIME.name)  # asked (so the report lists it) whether or not paused
    pauses, ignored, still_open = (
        excluded_pauses(app, ctx.as_of, reading=reading) if _PAUSED in kinds else ([], [], False)
    )
    if pauses and ctx.interpret(EXCLUDED_START_DAY.name) == "counted":  # asked only when time is excluded
        pauses = [(a + _ONE_DAY, b) for a, b in pauses if a < b]
    # a period another law sets binds through 42.1's proviso (法律、法规另有规定的，依照其规定), whether or not
    # the application is handled jointly: 42.2 fixes only the joint 45 days, which that period replaces
    basis = _JOINT_BASIS if joint and not other_law else _OWN_BASIS
    dl = ctx.due(start_day, base, pauses=pauses, pause_basis=_ART_45, extra_basis=basis, statutory=True)
    ext_days = counted = 0
    late: list[dict[str, Any]] = []
    granted_days: dict[int, int] = {}
    extended = app.events_of(_EXTENDED) if _EXTENDED in kinds else []
    for e in extended:  # each approved one from the due date then in force (late-extension)
        lim = _as_working(e.limit, ctx) if e.limit and _approved(e, ctx) else None
        if lim is None or lim.unit == "on_the_spot":
            continue
        # Art 42 可以延长十日 (Art 82: working days): an extension written in months, calendar days or hours
        # grants the working days it spans from the due date then in force, counted up to the cap as one
        # in working days is (延长一个月 was ignored before 2026-12: the decision was held to the unextended date)
        days = working_days_granted(dl.due, lim, ctx.calendar.statutory)
        granted_days[id(e)] = days
        if e.at.date() > dl.due and ctx.interpret(LATE_EXTENSION.name) == "in_time_only":
            late.append({"at": _iso(e.at), "limit": e.limit, "due_then": dl.due.isoformat()})
            continue
        ext_days += days
        counted = ext_days if uncapped else min(ext_days, cap.amount)
        dl = ctx.due(
            start_day,
            base,
            pauses=pauses,
            extensions=[TimeLimit.working_days(counted)],
            pause_basis=_ART_45,
            extra_basis=basis,
            statutory=True,
        )
    return _DecisionClock(
        dl,
        base,
        base_from,
        joint,
        start_day,
        start_why,
        pauses,
        ignored,
        counted if ext_days else 0,
        other_law,
        still_open,
        late,
        granted_days,
    )


# -- Art 30 -----------------------------------------------------------------------------------------

_PUBLISHED = (
    ("legal_basis", "依据"),
    ("acceptance_conditions", "条件"),
    ("procedure", "程序"),
    ("statutory_limit", "期限"),
    ("materials", "需要提交的全部材料的目录"),
)


def _given(value: object) -> bool:
    """Whether a catalogue field publishes something: a list with an entry that is not blank (strings are
    stripped when read, so ``["  "]`` arrives as ``[""]``, which publishes nothing), or a value given."""
    return any(value) if isinstance(value, list) else bool(value)


def _application_form(name: str) -> bool:
    """Whether a material named ``name`` is the application form (申请书/申请表) whose sample Art 30.1 owes
    (申请书示范文本): looked for in :func:`~govhall.decisions.material_key` form, so that 申请 表 or 申请　书,
    typed with a space, is the form as 申请表 is."""
    key = material_key(name)
    return "申请书" in key or "申请表" in key


@rule(
    f"{L}/requirements-published",
    title_zh="许可事项公示依据、条件、程序、期限、材料目录和示范文本",
    clause=f"{L}:30.1",
    severity="error",
    subject="item",
    title="A licensing item publishes its basis, conditions, procedure, time limit, materials and sample form",
)
def requirements_published(item: Item, ctx: Context) -> Iterator[Hit]:
    """行政机关应当将法律、法规、规章规定的有关行政许可的事项、依据、条件、数量、程序、期限以及需要提交的全部材料的目录和申请书示范文本等在办公场所公示。

    For an administrative-licensing item: fires when the catalogue lacks the legal basis, acceptance
    conditions, procedure, statutory time limit or the list of materials, or an application form
    (a material named 申请书/申请表) is recorded without a sample (``sample_provided`` False).
    数量 applies only to quantity-limited licences and is not checked.
    """
    if item.type != ItemType.administrative_licensing:
        return
    missing = [zh for attr, zh in _PUBLISHED if not _given(getattr(item, attr))]
    no_sample = [m.name for m in item.materials if _application_form(m.name) and m.sample_provided is False]
    if no_sample:
        missing.append("申请书示范文本")
    if missing:
        yield Hit(
            message="行政许可事项未公示：" + "、".join(missing),
            evidence={"code": item.code, "missing": missing, "forms_without_sample": no_sample},
            responsible=item.department,
        )


# -- Art 32 -----------------------------------------------------------------------------------------


@rule(
    f"{L}/correction-notice-in-time",
    title_zh="当场或5个工作日内一次告知补正内容",
    clause=[f"{L}:32.4", f"{L}:82"],
    severity="error",
    subject="application",
    applies_if=_for_licensing,
    title="The correction notice is given on the spot or within 5 working days, all at once",
    valid_from=IN_FORCE,
    parameters=[_P["correction_notice_limit"]],
    live=True,
    needs_events=("correction_notice",),
)
def correction_notice_in_time(app: Application, ctx: Context) -> Iterator[Hit]:
    """申请材料不齐全或者不符合法定形式的，应当当场或者在五日内一次告知申请人需要补正的全部内容，逾期不告知的，自收到申请材料之日起即为受理。

    For a licensing application: fires when the first correction notice came after 5 working days
    from receipt (Art 82), with the deemed acceptance date (the receipt date) in ``evidence``; and for
    every later notice asking for materials the first did not list (not 一次告知全部内容).
    """
    if _licensing_item(app, ctx) is None:
        return
    check = correction_check(app, ctx)
    if check is None:
        return
    dl, first, late = check
    if late:
        yield Hit(
            message=f"补正告知最迟应于{dl.due.isoformat()}作出，{first.at.date().isoformat()}才告知；"
            f"依法自收到申请材料之日（{app.received_at.date().isoformat()}）起即为受理",
            clause=f"{L}:32.4",
            evidence={
                "received_at": _iso(app.received_at),
                "notice_at": _iso(first.at),
                "due": dl.due.isoformat(),
                "deemed_accepted_on": app.received_at.date().isoformat(),
                "basis": list(dl.basis),
            },
            responsible=first.staff_id,
            on=dl.due,
            provisional=dl.provisional,
        )
    listed = set(first.materials)
    keys = {material_key(m) for m in listed}  # 身份证（复印件） repeats 身份证(复印件): one material
    for ev in app.events_of(EventKind.correction_notice)[1:]:
        new = [m for m in ev.materials if material_key(m) not in keys]
        if new:
            yield Hit(
                message="未一次告知需要补正的全部内容：再次要求补正" + "、".join(new),
                clause=f"{L}:32.4",
                evidence={
                    "first_notice_at": _iso(first.at),
                    "first_notice_materials": sorted(listed),
                    "at": _iso(ev.at),
                    "new_materials": new,
                },
                responsible=ev.staff_id,
                on=ev.at.date(),
            )
        listed |= set(ev.materials)
        keys |= {material_key(m) for m in ev.materials}


#: Art 32(5)'s second limb: 申请人按照本行政机关的要求提交全部补正申请材料的 — what the records show of it
SUPPLEMENT_AS_REQUIRED = interpretation(
    f"{L}.supplement-as-required",
    clause=f"{L}:32.5",
    question="Art 32(5) 申请人按照本行政机关的要求提交全部补正申请材料的，应当受理: an application refused after "
    "supplements that name every material its correction notices asked for, and not recorded as meeting "
    "the conditions (meets_conditions left out) — was all of it supplied 按照本行政机关的要求?",
    default="not_judged",
    alternatives={
        "not_judged": "the records name the materials asked (correction_notice.materials) and supplied "
        "(materials_supplemented.materials) but not whether what came met the notice's requirements "
        "(requirements is text, and a supplement carries names only), so the refusal is not judged under "
        "the second limb; one recorded as meeting the conditions (meets_conditions true) is judged either "
        "way (the only reading before 2026-12)",
        "by_names": "a supplement naming every material the notices asked for is taken as made 按照要求: a "
        "later refusal is reported (materials matched by name, widths and spaces aside, as gdzw-0020-2019:5.3.3 a matches them)",
    },
    basis="Art 32(5) asks two things of the supplement: all the materials (全部补正申请材料), which the "
    "names show, and made as the agency required (按照本行政机关的要求), which no field records; a refusal "
    "after a supplement complete by name may rest on a material that came but did not meet the "
    "requirements, and an unrecorded fact is never a finding. A hall whose supplements are checked against "
    "the notice when logged (only conforming materials recorded) may choose by_names",
)


@rule(
    f"{L}/accept-complete-application",
    title_zh="材料齐全、属于本机关职权的申请予以受理",
    clause=f"{L}:32.5",
    severity="error",
    subject="application",
    applies_if=_for_licensing,
    title="A complete application within the agency's power is accepted",
    valid_from=IN_FORCE,
    interpretations=[SUPPLEMENT_AS_REQUIRED.name],
    needs_events=("not_accepted",),
)
def accept_complete_application(app: Application, ctx: Context) -> Iterator[Hit]:
    """申请事项属于本行政机关职权范围，申请材料齐全、符合法定形式，或者申请人按照本行政机关的要求提交全部补正申请材料的，应当受理行政许可申请。

    Fires when a licensing application recorded as meeting the acceptance conditions
    (``meets_conditions`` True) was refused (``not_accepted``). One not recorded either way (None) that
    was refused after ``materials_supplemented`` events naming every material its ``correction_notice``
    events asked for (the second limb: 按照本行政机关的要求提交全部补正申请材料) is judged as
    ``admin-licensing-law.supplement-as-required`` says (default: not judged, since whether the materials
    met the requirements is not recorded); one recorded as not meeting them (False) is not.
    """
    if _licensing_item(app, ctx) is None or app.meets_conditions is False:
        return
    refusal = app.first(EventKind.not_accepted)
    if refusal is None:
        return
    if app.meets_conditions is None:
        supplied = _supplied_in_full(app, refusal)
        if supplied is None or ctx.interpret(SUPPLEMENT_AS_REQUIRED.name) != "by_names":
            return
        yield Hit(
            message="申请人已按补正告知提交全部补正材料，却作出不予受理决定",
            evidence={
                "materials_asked": supplied[0],
                "supplied_at": _iso(supplied[1]),
                "not_accepted_at": _iso(refusal.at),
                "reason": refusal.reason,
            },
            responsible=refusal.staff_id or app.staff_id,
            on=refusal.at.date(),
        )
        return
    yield Hit(
        message="申请符合受理条件却作出不予受理决定",
        evidence={
            "meets_conditions": True,
            "not_accepted_at": _iso(refusal.at),
            "reason": refusal.reason,
        },
        responsible=refusal.staff_id or app.staff_id,
        on=refusal.at.date(),
    )


def _supplied_in_full(app: Application, refusal: Event) -> tuple[list[str], datetime] | None:
    """(the materials the correction notices before ``refusal`` asked for, when the last of them came) if
    ``materials_supplemented`` events after the first notice and before the refusal name every one of
    them (by name, :func:`~govhall.decisions.material_key`: widths and spaces aside), else None. A notice that names no material asks for nothing the records
    show, so an application whose notices name none is None."""
    asked: set[str] = set()
    got: set[str] = set()
    noticed = False
    last: datetime | None = None
    for ev in app.events:
        if ev.at > refusal.at:
            break
        if ev.kind == EventKind.correction_notice:
            noticed = True
            asked |= set(ev.materials)
        elif ev.kind == EventKind.materials_supplemented and noticed:
            got |= {material_key(m) for m in ev.materials}
            last = ev.at
    if not asked or last is None or not {material_key(m) for m in asked} <= got or refusal.at < last:
        return None
    return sorted(asked), last


@rule(
    f"{L}/acceptance-written-receipt",
    title_zh="受理或不予受理出具加盖印章并注明日期的书面凭证",
    clause=f"{L}:32.p2",
    severity="error",
    subject="application",
    applies_if=_for_licensing,
    title="Acceptance or refusal is given as a written, dated receipt",
    valid_from=IN_FORCE,
    needs_events=("accepted", "not_accepted"),
)
def acceptance_written_receipt(app: Application, ctx: Context) -> Iterator[Hit]:
    """行政机关受理或者不予受理行政许可申请，应当出具加盖本行政机关专用印章和注明日期的书面凭证。

    Fires for an ``accepted`` or ``not_accepted`` event of a licensing application recorded as not
    written (``written`` False).
    """
    if _licensing_item(app, ctx) is None:
        return
    for ev in app.events_of(EventKind.accepted, EventKind.not_accepted):
        if ev.written is False:
            what = "受理" if ev.kind == EventKind.accepted else "不予受理"
            yield Hit(
                message=f"{what}行政许可申请未出具书面凭证",
                evidence={"event": ev.kind.value, "at": _iso(ev.at), "written": False},
                responsible=ev.staff_id or app.staff_id,
                on=ev.at.date(),
            )


# -- Art 34 -----------------------------------------------------------------------------------------


@rule(
    f"{L}/on-the-spot-decision",
    title_zh="能当场作出决定的当场书面决定",
    clause=f"{L}:34.2",
    severity="error",
    subject="application",
    applies_if=_for_licensing,
    title="Items decided on the spot are decided on the spot, in writing",
    valid_from=IN_FORCE,
    needs_events=("accepted",),
)
def on_the_spot_decision(app: Application, ctx: Context) -> Iterator[Hit]:
    """申请人提交的申请材料齐全、符合法定形式，行政机关能够当场作出决定的，应当当场作出书面的行政许可决定。

    For a licensing item whose statutory limit is 当场, an accepted application must be decided the
    day it was accepted, in writing: fires when the decision came on a later day (or has not come and
    ``as_of`` is past that day), or is recorded as not written.
    """
    item = _licensing_item(app, ctx)
    if item is None or not item.statutory_limit or parse_limit(item.statutory_limit).unit != "on_the_spot":
        return
    accepted = app.first(EventKind.accepted)
    if accepted is None or app.meets_conditions is False:
        return
    day = accepted.at.date()
    decided = app.first(EventKind.decided)
    if decided is None:
        if ctx.as_of > day:
            yield Hit(
                message="可当场作出决定的行政许可未当场决定",
                evidence={"accepted_at": _iso(accepted.at), "decided_at": None},
                responsible=accepted.staff_id,
                on=day,
            )
        return
    if decided.at.date() > day:
        yield Hit(
            message="可当场作出决定的行政许可未当场决定",
            evidence={"accepted_at": _iso(accepted.at), "decided_at": _iso(decided.at)},
            responsible=decided.staff_id or accepted.staff_id,
            on=day,
        )
    elif decided.written is False:
        yield Hit(
            message="当场作出的行政许可决定未采用书面形式",
            evidence={"decided_at": _iso(decided.at), "written": False},
            responsible=decided.staff_id,
            on=day,
        )


# -- Arts 42, 45 ------------------------------------------------------------------------------------


@rule(
    f"{L}/decision-within-limit",
    title_zh="自受理之日起20（联办45）个工作日内作出许可决定",
    clause=[f"{L}:42.1", f"{L}:42.2", f"{L}:45", f"{L}:32.4"],
    severity="error",
    subject="application",
    applies_if=_for_licensing,
    title="The licensing decision comes within 20 (45) working days of acceptance",
    valid_from=IN_FORCE,
    parameters=[
        _P["decision_limit"],
        _P["decision_extension_max"],
        _P["joint_decision_limit"],
        _P["joint_extension_max"],
        _P["correction_notice_limit"],
    ],
    interpretations=[
        DAY_UNIT.name,
        OTHER_LAW_CAP.name,
        JOINT_OWN_LIMIT.name,
        EXCLUDED_TIME.name,
        EXCLUDED_START_DAY.name,
        LATE_EXTENSION.name,
        UNRECORDED_HISTORY.name,
        UNRECORDED_APPROVAL.name,
        APPROVAL_IN_REASON.name,
    ],
    live=True,
)
def decision_within_limit(app: Application, ctx: Context) -> Iterator[Hit]:
    """除可以当场作出行政许可决定的外，行政机关应当自受理行政许可申请之日起二十日内作出行政许可决定。二十日内不能作出决定的，经本行政机关负责人批准，可以延长十日……行政许可采取统一办理或者联合办理、集中办理的，办理的时间不得超过四十五日；……依法需要听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审的，所需时间不计算在本节规定的期限内。

    The due date from :func:`decision_deadline` (acceptance per Art 32(4), Art 45 pauses not recorded
    as unnotified per ``admin-licensing-law.excluded-time-notice``, approved extensions up to the cap,
    each approved by the due date then in force per ``admin-licensing-law.late-extension``, working
    days per Art 82). Fires when the
    decision came after it, or none came (and no excluded procedure is under way) and ``as_of`` is
    past it (红牌). "None came" is judged only on a recorded history
    (:func:`govhall.decisions.history_recorded`): an application whose events are left out, in a
    dataset recording no application's events, has not recorded whether it was decided.
    """
    item = _licensing_item(app, ctx)
    if item is None:
        return
    clock = _decision_clock(app, item, ctx)  # decision_deadline's count, its evidence built on a hit
    if clock is None:
        return
    dl, still_open = clock.dl, clock.still_open
    # the clause whose period was missed: 42.2's joint 45 days, or 42.1 (its own 20 days, or through its
    # proviso the period another law sets, a joint application's too: missing that is no breach of 42.2)
    clause = f"{L}:42.2" if clock.joint and not clock.other_law else f"{L}:42.1"
    decided = app.first(EventKind.decided)
    if decided is not None:
        if is_late(dl, decided.at):
            yield Hit(
                message=f"行政许可决定最迟应于{dl.due.isoformat()}作出，{decided.at.date().isoformat()}才作出",
                clause=clause,
                evidence={**_decision_evidence(clock), "decided_at": _iso(decided.at)},
                responsible=decided.staff_id or item.department,
                on=dl.due,
                provisional=dl.provisional,
            )
        return
    withdrawn = app.first(EventKind.withdrawn)
    if withdrawn is not None and withdrawn.at.date() <= dl.due:
        return
    if not still_open and ctx.as_of > dl.due and history_recorded(app, ctx):
        yield Hit(
            message=f"行政许可决定最迟应于{dl.due.isoformat()}作出，至{ctx.as_of.isoformat()}仍未作出",
            clause=clause,
            evidence={**_decision_evidence(clock), "decided_at": None, "as_of": ctx.as_of.isoformat()},
            responsible=item.department,
            on=dl.due,
            provisional=dl.provisional,
            stage="red",
        )


@rule(
    f"{L}/extension-approved",
    title_zh="延期经负责人批准、告知理由且不超过上限",
    clause=[f"{L}:42.1", f"{L}:42.2"],
    severity="error",
    subject="application",
    applies_if=_for_licensing,
    title="An extension is approved by the head, told to the applicant with its reason, and within the cap",
    valid_from=IN_FORCE,
    parameters=[_P["decision_extension_max"], _P["joint_extension_max"]],
    interpretations=[
        DAY_UNIT.name,
        OTHER_LAW_CAP.name,
        JOINT_OWN_LIMIT.name,
        LATE_EXTENSION.name,
        UNRECORDED_APPROVAL.name,
        APPROVAL_IN_REASON.name,
        EXCLUDED_START_DAY.name,
    ],
    needs_events=("extended",),
)
def extension_approved(app: Application, ctx: Context) -> Iterator[Hit]:
    """二十日内不能作出决定的，经本行政机关负责人批准，可以延长十日，并应当将延长期限的理由告知申请人。……四十五日内不能办结的，经本级人民政府负责人批准，可以延长十五日，并应当将延长期限的理由告知申请人。

    For each ``extended`` event of a licensing application: fires when no approver is recorded
    (``approved_by``), when the applicant is recorded as not told (``told_applicant`` False), when it
    was approved only after the period then in force had run out (二十日内不能作出决定的: by default an
    extension is decided within the period, ``admin-licensing-law.late-extension``; such an approval
    extends nothing, and decision-within-limit judges the decision against the unextended date), and
    once when the extensions together exceed 10 (joint: 15) working days. A joint application cites 42.2
    (本级人民政府负责人) only while the joint 45 days are its period; one whose period another law sets
    (:func:`other_law_limit`) cites 42.1, whose proviso that period binds through, as
    decision-within-limit does (it cited 42.2 before 2026-12); the 15-day cap, when applied to it
    (``admin-licensing-law.other-law-extension-cap`` = capped), is still 42.2's.
    """
    extensions = app.events_of(EventKind.extended)
    if not extensions:
        return
    item = _licensing_item(app, ctx)
    if item is None:
        return
    joint = app.joint or item.joint_review
    other_law = other_law_limit(item, joint, ctx)
    # the extension of the period in force: 42.2's (四十五日内不能办结的，经本级人民政府负责人批准) only when the
    # joint 45 days run; a period another law sets binds through 42.1's proviso, joint or not, and so do
    # its extensions (decision-within-limit cites 42.1 for it too)
    clause = f"{L}:42.2" if joint and not other_law else f"{L}:42.1"
    head = "本级人民政府负责人" if joint and not other_law else "本行政机关负责人"
    total, reported = 0, False
    cap = parse_limit(
        ctx.param(_P["joint_extension_max" if joint else "decision_extension_max"], on=app.received_at)
    )
    # the cap exceeded is 42.2's 15 days whenever joint (other-law-extension-cap = capped applies it to
    # another law's period too), else 42.1's 10
    cap_clause = f"{L}:42.2" if joint else f"{L}:42.1"
    capped = not other_law or ctx.interpret(OTHER_LAW_CAP.name) == "capped"
    late: dict[object, str] = {}  # approved after the period then in force: at -> that period's last day
    granted_days: dict[int, int] = {}  # the working days each approved extension grants, by id() of its event
    other_units = any(  # an approved one in months, calendar days or hours: its working days need the clock
        ev.limit and _approved(ev, ctx) and _as_working(ev.limit, ctx).unit != "working_day"
        for ev in extensions
    )
    if ctx.interpret(LATE_EXTENSION.name) == "in_time_only" or other_units:
        clock = _decision_clock(app, item, ctx)
        if clock is not None:
            granted_days = clock.granted
            if ctx.interpret(LATE_EXTENSION.name) == "in_time_only":
                late = {x["at"]: x["due_then"] for x in clock.late_extensions}
    for ev in extensions:
        if not _approved(ev, ctx):
            yield Hit(
                message=f"延长期限未经{head}批准（不计入期限）",
                clause=clause,
                evidence={"at": _iso(ev.at), "limit": ev.limit, "approved_by": None},
                responsible=ev.staff_id or item.department,
                on=ev.at.date(),
            )
            continue
        due_then = late.get(_iso(ev.at))
        if due_then is not None:
            yield Hit(
                message=f"期限已于{due_then}届满，{ev.at.date().isoformat()}才批准延长（不产生延长效果）",
                clause=clause,
                evidence={
                    "at": _iso(ev.at),
                    "limit": ev.limit,
                    "approved_by": ev.approved_by,
                    "due_then": due_then,
                },
                responsible=ev.staff_id or item.department,
                on=ev.at.date(),
                provisional=ctx.calendar.is_provisional(due_then),  # the period's counted last day
            )
        if ev.told_applicant is False:
            yield Hit(
                message="延长期限的理由未告知申请人",
                clause=clause,
                evidence={"at": _iso(ev.at), "limit": ev.limit, "told_applicant": False},
                responsible=ev.staff_id or item.department,
                on=ev.at.date(),
            )
        if ev.limit:
            lim = _as_working(ev.limit, ctx)
            # one written in months, calendar days or hours: the working days it grants from the due date then
            # in force (no Art 42 count, e.g. refused: from its own day); it counted for nothing before 2026-12
            granted = granted_days.get(id(ev))
            total += (
                working_days_granted(ev.at.date(), lim, ctx.calendar.statutory)
                if granted is None
                else granted
            )
            if capped and total > cap.amount and not reported:
                yield Hit(
                    message=f"延长期限合计{total}个工作日，超过法定的{cap}",
                    clause=cap_clause,
                    evidence={"at": _iso(ev.at), "extension_total_working_days": total, "cap": str(cap)},
                    responsible=ev.staff_id or item.department,
                    on=ev.at.date(),
                )
                reported = True


@rule(
    f"{L}/excluded-period-notified",
    title_zh="听证、检验、专家评审等不计时间书面告知申请人",
    clause=f"{L}:45",
    severity="error",
    subject="application",
    applies_if=_for_licensing,
    title="Time excluded for hearings, testing, expert review … is told to the applicant in writing",
    valid_from=IN_FORCE,
    needs_events=("paused",),
)
def excluded_period_notified(app: Application, ctx: Context) -> Iterator[Hit]:
    """行政机关作出行政许可决定，依法需要听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审的，所需时间不计算在本节规定的期限内。行政机关应当将所需时间书面告知申请人。

    Fires for a ``paused`` event of a licensing application for a listed procedure recorded as not
    notified in writing (``written`` False): the time then counts towards the limit. A pause whose
    notice is not recorded (``written`` None) is not judged here (a field left None is not recorded);
    nor does the decision clock count its time by default (``admin-licensing-law.excluded-time-notice``).
    """
    if _licensing_item(app, ctx) is None:
        return
    for ev in app.events_of(EventKind.paused):
        if ev.procedure in EXCLUDED_PROCEDURES and ev.written is False:
            yield Hit(
                message="依法需要的特别程序所需时间未书面告知申请人，该期间不得扣除",
                evidence={"at": _iso(ev.at), "procedure": ev.procedure, "written": ev.written},
                responsible=ev.staff_id or app.staff_id,
                on=ev.at.date(),
            )


# -- Art 44 -----------------------------------------------------------------------------------------


_ISSUING = (EventKind.picked_up, EventKind.mailed)
_ISSUING_OR_NOTIFIED = (*_ISSUING, EventKind.pickup_notified)
_ART_44_BASIS = (f"{L}:44", f"{L}:82")


def _issue_act(app: Application, decided: Event, mode: str) -> datetime | None:
    if decided.delivery is not None:  # handed over with the decision (当场出件) or sent electronically
        return decided.at
    kinds = _ISSUING_OR_NOTIFIED if mode == "issued" else _ISSUING
    acts = [e.at for e in app.events_of(*kinds) if e.at >= decided.at]
    return min(acts) if acts else None


@rule(
    f"{L}/certificate-within-limit",
    title_zh="作出决定之日起10个工作日内颁发许可证件",
    clause=f"{L}:44",
    severity="error",
    subject="application",
    applies_if=_for_licensing,
    title="The licence is issued within 10 working days of the decision",
    valid_from=IN_FORCE,
    parameters=[_P["certificate_limit"]],
    interpretations=[ISSUE_EVENT.name],
    live=True,
    needs_events=("decided",),
)
def certificate_within_limit(app: Application, ctx: Context) -> Iterator[Hit]:
    """行政机关作出准予行政许可的决定，应当自作出决定之日起十日内向申请人颁发、送达行政许可证件，或者加贴标签、加盖检验、检测、检疫印章。

    For a licensing decision that grants (``outcome`` approved): the first issuing act
    (``admin-licensing-law.issue-event``; a decision recorded with a ``delivery`` was delivered with it)
    must come within 10 working days of the decision day; fires
    when it came later, or none came and ``as_of`` is past the due day.
    """
    if _licensing_item(app, ctx) is None:
        return
    decided = app.first(EventKind.decided)
    if decided is None or not granted(decided.outcome):
        return
    dl = ctx.due(
        decided.at.date(),
        ctx.param(_P["certificate_limit"], on=decided.at),
        extra_basis=_ART_44_BASIS,
        statutory=True,
    )
    act = _issue_act(app, decided, ctx.interpret(ISSUE_EVENT.name))
    if act is not None:
        if is_late(dl, act):
            yield Hit(
                message=f"许可证件最迟应于{dl.due.isoformat()}颁发、送达，{act.date().isoformat()}才颁发",
                evidence={"decided_at": _iso(decided.at), "due": dl.due.isoformat(), "issued_at": _iso(act)},
                responsible=decided.staff_id,
                on=dl.due,
                provisional=dl.provisional,
            )
    elif ctx.as_of > dl.due:
        yield Hit(
            message=f"许可证件最迟应于{dl.due.isoformat()}颁发、送达，至{ctx.as_of.isoformat()}仍未颁发",
            evidence={"decided_at": _iso(decided.at), "due": dl.due.isoformat(), "issued_at": None},
            responsible=decided.staff_id,
            on=dl.due,
            provisional=dl.provisional,
            stage="red",
        )


# -- Art 50 -----------------------------------------------------------------------------------------


def renewal_filed_in_time(app: Application, ctx: Context) -> tuple[bool, date]:
    """(filed in time, the day the lead counted from the filing ends) for a renewal of a licence expiring on
    ``licence_expires_on`` (Art 50(1), lead unit per ``admin-licensing-law.renewal-lead-unit``).

    In time when the lead period counted from the filing day ends on or before the expiry day: the
    period's computed last day (before any holiday roll, which only applies to the end of a period a
    person must act within) is compared, so nothing is counted by hand. An application without
    ``licence_expires_on`` is an :class:`~govhall.errors.InputError` (there is nothing to count back from).
    """
    expires = app.licence_expires_on
    if expires is None:
        raise InputError(
            f"application {app.id!r}: licence_expires_on is not recorded, so Art 50(1)'s lead cannot be counted",
            field="licence_expires_on",
            record=app.id,
        )
    n = int(ctx.param(_P["renewal_lead_days"], on=app.received_at))
    unit = ctx.interpret(RENEWAL_UNIT.name)
    limit = f"{n}天" if unit == "calendar_days" else f"{n}个工作日"
    filed = app.received_at.date()
    dl = ctx.due(filed, limit, extra_basis=[f"{L}:50.1"], statutory=True)
    end = dl.rolled_from or dl.due
    return end <= expires, end


@rule(
    f"{L}/renewal-filed-in-time",
    title_zh="延续申请在有效期届满30日前提出",
    clause=f"{L}:50.1",
    severity="error",
    subject="application",
    applies_if=_for_licensing,
    title="A renewal is applied for at least 30 days before expiry",
    valid_from=IN_FORCE,
    parameters=[_P["renewal_lead_days"]],
    interpretations=[RENEWAL_UNIT.name],
)
def renewal_filed(app: Application, ctx: Context) -> Iterator[Hit]:
    """被许可人需要延续依法取得的行政许可的有效期的，应当在该行政许可有效期届满三十日前向作出行政许可决定的行政机关提出申请。但是，法律、法规、规章另有规定的，依照其规定。

    For a renewal (``kind`` renewal) of a licensing item with ``licence_expires_on``: fires when it was
    filed less than the lead before expiry. The duty is the licensee's; the finding tells the agency
    that Art 50(2)'s deemed renewal does not protect it (``admin-licensing-law.late-renewal``).
    """
    if app.kind != "renewal" or app.licence_expires_on is None or _licensing_item(app, ctx) is None:
        return
    ok, end = renewal_filed_in_time(app, ctx)
    if not ok:
        yield Hit(
            message=f"延续申请应在有效期届满（{app.licence_expires_on.isoformat()}）三十日前提出，"
            f"{app.received_at.date().isoformat()}才提出",
            evidence={
                "received_at": _iso(app.received_at),
                "licence_expires_on": app.licence_expires_on.isoformat(),
                "lead_ends_on": end.isoformat(),
            },
            on=app.received_at.date(),
        )


@rule(
    f"{L}/renewal-decided-before-expiry",
    title_zh="延续申请在有效期届满前作出决定，逾期视为准予",
    clause=f"{L}:50.2",
    severity="error",
    subject="application",
    applies_if=_for_licensing,
    title="A renewal is decided before expiry, else it is deemed granted",
    valid_from=IN_FORCE,
    parameters=[_P["renewal_lead_days"]],
    interpretations=[RENEWAL_UNIT.name, LATE_RENEWAL.name, UNRECORDED_HISTORY.name],
    live=True,
)
def renewal_decided(app: Application, ctx: Context) -> Iterator[Hit]:
    """行政机关应当根据被许可人的申请，在该行政许可有效期届满前作出是否准予延续的决定；逾期未作决定的，视为准予延续。

    For a renewal of a licensing item (filed in time, unless ``admin-licensing-law.late-renewal`` is
    ``all``): fires when the decision came after the expiry day, or none came and ``as_of`` is past
    it. The finding states that the renewal is deemed granted (``deemed_granted`` in evidence); a
    refusal made after expiry contradicts that. "None came" is judged only on a recorded history
    (:func:`govhall.decisions.history_recorded`).
    """
    if app.kind != "renewal" or app.licence_expires_on is None:
        return
    item = _licensing_item(app, ctx)
    if item is None:
        return
    if ctx.interpret(LATE_RENEWAL.name) == "timely_only" and not renewal_filed_in_time(app, ctx)[0]:
        return
    expiry = app.licence_expires_on
    decided = app.first(EventKind.decided)
    if decided is not None and decided.at.date() <= expiry:
        return
    if decided is None and (ctx.as_of <= expiry or not history_recorded(app, ctx)):
        return
    evidence = {
        "licence_expires_on": expiry.isoformat(),
        "decided_at": _iso(decided.at) if decided else None,
        "outcome": decided.outcome if decided else None,
        "deemed_granted": True,
    }
    if decided is not None:
        msg = f"延续申请应在有效期届满（{expiry.isoformat()}）前决定，{decided.at.date().isoformat()}才决定；逾期未作决定的，视为准予延续"
        if not granted(decided.outcome):
            msg += "，逾期作出的不予延续决定与视为准予延续相抵触"
    else:
        msg = f"有效期届满（{expiry.isoformat()}）前未作出是否准予延续的决定，依法视为准予延续"
    yield Hit(
        message=msg,
        evidence=evidence,
        responsible=item.department,
        on=expiry,
        stage="red",
    )


__all__ = [
    "DAY_UNIT",
    "EXCLUDED_PROCEDURES",
    "EXCLUDED_START_DAY",
    "EXCLUDED_TIME",
    "OTHER_LAW_CAP",
    "GRANTED",
    "granted",
    "ISSUE_EVENT",
    "JOINT_OWN_LIMIT",
    "LATE_EXTENSION",
    "LATE_RENEWAL",
    "RENEWAL_UNIT",
    "STANDARD",
    "UNRECORDED_APPROVAL",
    "SUPPLEMENT_AS_REQUIRED",
    "APPROVAL_IN_REASON",
    "acceptance_day",
    "correction_check",
    "decision_deadline",
    "excluded_pauses",
    "renewal_filed_in_time",
]
