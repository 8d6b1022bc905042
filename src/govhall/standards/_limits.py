"""An item's statutory time limit as the law counts it, shared by the standards that fall back on it.

gdzw-0020-2019:5.5.1 (规定或承诺时限) and hangzhou-zuiduo-paoyici's extension rule hold an application
to its promised limit, else its item's statutory limit (法定时限). For an administrative licence that
statutory limit is the licensing law's period, which admin-licensing-law:82 counts in working days: a
catalogue that copies the law's "20日" means 20 working days, exactly as the licensing rules read it
(``admin-licensing-law.day-unit``). Read as 20 calendar days it would fault a decision the law allows.

Both also lengthen that limit by an approved extension only (Art 42: 经本行政机关负责人批准); whether an
extension whose approval is not on record counts is one reading for both
(``admin-licensing-law.unrecorded-approval``, :func:`extension_approved`): the same event, the same
question, so a licence's decision period and its promise cannot disagree about it.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import TYPE_CHECKING

from govhall.models import Application, Item, ItemType
from govhall.models.applications import Event, EventKind
from govhall.rules import interpretation
from govhall.timelimits import TimeLimit, last_day_rolled, parse_limit

if TYPE_CHECKING:
    from govhall.rules import Context

#: registered here and by admin_licensing_law (the same definition: one interpretation)
DAY_UNIT = interpretation(
    "admin-licensing-law.day-unit",
    clause="admin-licensing-law:82",
    question="An item's statutory limit or an extension written in 日/天 (e.g. '20日'): working or calendar days?",
    default="working_days",
    alternatives={
        "working_days": "read as working days: Art 82 counts the law's agency periods in working days",
        "as_written": "count as written (日 = calendar days), e.g. when another law sets the period",
    },
    basis="admin-licensing-law:82 本法规定的行政机关实施行政许可的期限以工作日计算，不含法定节假日",
)


#: registered here and by admin_licensing_law (one interpretation): Art 42's approval, which
#: gdzw-0020-2019:5.5.1's promise reads too (its text names no approval of its own)
UNRECORDED_APPROVAL = interpretation(
    "admin-licensing-law.unrecorded-approval",
    clause="admin-licensing-law:42.1",
    question="Art 42 经本行政机关负责人批准，可以延长十日 (42.2: 经本级人民政府负责人批准): an extension that gives no "
    "approved_by, in a dataset none of whose extensions records an approver — was it not approved?",
    default="not_judged",
    alternatives={
        "not_judged": "the extensions do not record approvers at all, so a missing one is not reported as "
        "unapproved and the extension counts towards the decision period (a late decision found by not "
        "counting it would rest on an unrecorded fact); an extension that gives the field (a name, or null: "
        "not approved) is judged, and so is every extension of a dataset in which any extension records one. "
        "It counts towards an application's promised limit (gdzw-0020-2019:5.5.1) alike",
        "unapproved": "an extension without an approver was not approved: reported by extension-approved "
        "and not counted, whether or not the extensions record approvers (nor towards a promised limit, "
        "gdzw-0020-2019:5.5.1)",
    },
    basis="the approval is the head's act on an internal form (审批表), which Art 42 does not place in the case "
    "history, so an event log that never names an approver does not show that none approved; an unrecorded "
    "fact is never a finding, a fact recorded as missing is (the reading of excluded-time-notice for Art 45's "
    "written notice). unapproved was the only reading before 2026-12. gdzw-0020-2019:5.5.1 (在规定或承诺时限内) "
    "names no approval of its own: a promise is lengthened by the same extension event, so it is read alike",
)


_NOT_ACCEPTED, _ACCEPTED, _DECIDED = EventKind.not_accepted, EventKind.accepted, EventKind.decided
_MARK_KINDS = frozenset({_NOT_ACCEPTED, _ACCEPTED, _DECIDED, EventKind.extended})


def promise_marks(
    app: Application, clock_kinds: frozenset[EventKind]
) -> tuple[bool, Event | None, Event | None, list[Event], list[Event]]:
    """(refused, first ``accepted``, first ``decided``, the ``extended`` events with a limit, the events
    of ``clock_kinds``) of ``app``, found in one pass over its history: what a promise's deadline asks
    of it (gdzw-0020-2019:5.5.1, db23-hlj-2023:6.1.3; each standard names the events that stop and
    restart its clock). A history with a ``not_accepted`` event is refused, and nothing else is read.
    """
    accepted: Event | None = None
    decided: Event | None = None
    exts: list[Event] = []
    clock: list[Event] = []
    for ev in app.events:
        kind = ev.kind
        if kind not in _MARK_KINDS:
            if kind in clock_kinds:
                clock.append(ev)
            continue
        if kind == _NOT_ACCEPTED:
            return True, None, None, [], []
        if kind == _ACCEPTED:
            if accepted is None:
                accepted = ev
        elif kind == _DECIDED:
            if decided is None:
                decided = ev
        elif ev.limit:
            exts.append(ev)
    return False, accepted, decided, exts, clock


#: one reading for every rule that holds an application to its promise (gdzw-0020-2019:5.5.1,
#: db23-hlj-2023:6.1.3, hangzhou-zuiduo-paoyici's extensions): the same field, the same question
PROMISE_DAY_UNIT = interpretation(
    "gdzw-0020-2019.promise-day-unit",
    clause="gdzw-0020-2019:5.5.1",
    question="5.5.1 在规定或承诺时限内办结 (db23-hlj-2023:6.1.3 在承诺的时限内办结): a promised limit "
    "(promised_limit) written in 天/日, e.g. '15天', or an extension of a promise so written: calendar or "
    "working days?",
    default="calendar_days",
    alternatives={
        "calendar_days": "count as written: 天 are calendar days (civil-code:200–203; a last day that is not a "
        "working day moves to the next working day)",
        "working_days": "read as working days, as admin-licensing-law:82 counts the law's own periods (for a "
        "hall whose promises copy the law's 日)",
    },
    basis="no seed says what a promise's 天 are. The seeds write 工作日 where they mean working days, beside an "
    "unqualified 天 (yousu-jiban: 在1个工作日内主动回应 but 一般事件事项，应在3天内办结; db23-hlj-2023:7.6.1.1 "
    "承诺办理时限截止前1个工作日), and admin-licensing-law:82 counts 本法规定的…期限, not a hall's promise; "
    "civil-code:200–203 count 天 as calendar days. calendar_days was the only reading before 2026-12",
)


def promised(limit: str, ctx: Context) -> str | TimeLimit:
    """A promised limit as counted: in 天/日 read per ``PROMISE_DAY_UNIT`` (asked, and so listed in the
    report, only for such a limit), any other as written."""
    parsed = parse_limit(limit)
    if not parsed.written_in_days or ctx.interpret(PROMISE_DAY_UNIT.name) == "calendar_days":
        return limit
    return parsed.in_working_days()


def extension_counted(limit: str, ctx: Context, *, law: bool, promise: bool = True) -> str | TimeLimit:
    """An extension's ``limit`` as counted: one in 天/日 lengthens the limit it extends and is read as that
    limit is. Of a licence's statutory period (``law``, :func:`application_limit`) it is Art 42's 延长十日,
    one of 本法规定的期限 that admin-licensing-law:82 counts in working days (``DAY_UNIT``, as the licence's
    own decision period reads the same event); of a ``promise`` it is read per ``PROMISE_DAY_UNIT`` (a
    promise's 天); of any other limit (an item's statutory limit that is no licence's) as written, as that
    limit is. Each reading is asked only for such an extension.
    """
    parsed = parse_limit(limit)
    if not parsed.written_in_days:  # 自然日, 周: calendar days by their own words
        return limit
    if law:
        return parsed.in_working_days() if ctx.interpret(DAY_UNIT.name) == "working_days" else limit
    return promised(limit, ctx) if promise else limit


#: Art 45's excluded time, registered once here: admin_licensing_law's decision period asks it, and
#: db23-hlj-2023's promise for a recorded pause of a listed procedure
EXCLUDED_START_DAY = interpretation(
    "admin-licensing-law.excluded-time-start-day",
    clause="admin-licensing-law:45",
    question="Art 45 所需时间不计算在本节规定的期限内: is the day a listed procedure begins (the paused event's "
    "day) excluded too, or still a counted day of the period?",
    default="paused",
    alternatives={
        "paused": "the excluded time runs from the day the procedure begins to the day it ends, both included "
        "(whole days at both ends: on the day the hearing or testing begins the file waits for it)",
        "counted": "the day the procedure begins is still counted (civil-code:201: a period does not count the "
        "day of the event that starts it); the excluded time runs from the next day to the day it ends, and a "
        "procedure begun and ended on the same day excludes nothing",
    },
    basis="Art 45 excludes 所需时间 without saying how a part-day is counted; govhall's pauses are inclusive "
    "date ranges at both ends (timelimits), as db23-hlj-2023.correction-notice-day reads 7.4.2's correction "
    "pause by default; counted leaves the agency one day less for each procedure. The day it ends "
    "is excluded under both: the procedure still needs it",
)


#: 经…负责人…批准/同意 in an extension's reason, within one clause of the text (no ，。；) and with no 未/不/没
#: between: the head named as Art 42 names him (负责人)
_HEAD_APPROVAL = re.compile(
    r"经[^，。；,;!?！？未不没]{0,24}负责人[^，。；,;!?！？未不没]{0,6}?(?:批准|同意)"
)
#: a word before 经 (or 报经) that leaves the approval undone or to come: 未经, 不经, 需经, 拟报经, 待 …
_NOT_YET = tuple("未不没无须需应拟待将要")


#: 经…批准 by whoever approves, within one clause of the text (no ，。；) and with no 未/不/没 between, or the
#: head's 同意 (:data:`_HEAD_APPROVAL`): for a clause that names no approver (yousu-jiban 办理.1 经批准后)
_ANY_APPROVAL = re.compile(r"经[^，。；,;!?！？未不没]{0,24}?批准|" + _HEAD_APPROVAL.pattern)


def _approval_stated(pattern: re.Pattern[str], text: str) -> bool:
    for m in pattern.finditer(text):
        before = text[: m.start()].removesuffix("报")
        if not before.endswith(_NOT_YET) and text[m.end() : m.end() + 1] != "前":
            return True
    return False


def head_approval_stated(reason: str | None) -> bool:
    """Whether ``reason`` (an extension's reason) says in words that the head approved it: 经本行政机关负责人
    批准, 报经局负责人同意 …; not 未经负责人批准, 需经负责人批准, 拟报经负责人批准, 经负责人批准前."""
    return _approval_stated(_HEAD_APPROVAL, reason or "")


def approval_stated(text: str | None) -> bool:
    """Whether ``text`` says in words that it was approved, by whoever the clause leaves to approve: 经批准,
    经中心批准, 报经分管领导批准, or the head's 同意 (经中心负责人同意), with the negations of
    :func:`head_approval_stated` (未经批准, 需经批准, 拟报经批准, 经批准前, 经审核不予批准 are not)."""
    return _approval_stated(_ANY_APPROVAL, text or "")


#: registered here, asked with UNRECORDED_APPROVAL: when the field is left out, may the reason's words stand in
APPROVAL_IN_REASON = interpretation(
    "admin-licensing-law.approval-in-reason",
    clause="admin-licensing-law:42.1",
    question="Art 42 经本行政机关负责人批准，可以延长十日，并应当将延长期限的理由告知申请人: an extension that gives "
    "no approved_by (the field left out) but whose reason says it was approved by the head (经本行政机关负责人"
    "批准延长…) — is the reason the record of the approval, where the approver would otherwise be taken as "
    "missing?",
    default="field_only",
    alternatives={
        "field_only": "no: only approved_by records the approval; the reason is judged as the reason told "
        "to the applicant, and an extension that leaves approved_by out where the dataset's extensions "
        "name their approvers (or under unrecorded-approval=unapproved) is unapproved, whatever its reason "
        "says (the only reading before 2026-12)",
        "stated_in_reason": "yes: a reason that states the head's approval in words (经…负责人批准 or 同意, not "
        "未经, 需经, 拟报经 …) is the approval on record; an extension that gives approved_by null is "
        "still recorded as not approved",
    },
    basis="Art 42 asks two things of an extension: the head's approval (经本行政机关负责人批准) and the reason told "
    "to the applicant (并应当将延长期限的理由告知申请人); the reason is the text the handling officer writes to "
    "the applicant, the approval the head's act on the 审批表, so a sentence in the reason that says the "
    "head approved is the officer's account of it, not the approval's record. Where the dataset's "
    "extensions name their approvers, one that names none is the record's answer; a hall whose system keeps "
    "the approval only in the reason's words (e.g. a 延期告知书 copied into the reason) may choose "
    "stated_in_reason. Asked only of an extension whose reason says so and whose approval decides",
)


def extension_approved(e: Event, ctx: Context) -> bool:
    """Whether extension ``e`` counts as approved (Art 42; gdzw-0020-2019:5.5.1's promise alike): it names
    its approver (``approved_by``); it is unapproved when it gives the field null; when it leaves the
    field out and some extension of the dataset names one (the events record approvals, so one without had
    none), or the approval is not on record anywhere and ``admin-licensing-law.unrecorded-approval`` says
    unapproved (default: not judged, counted), it is unapproved unless its reason says the head approved it
    and ``admin-licensing-law.approval-in-reason`` lets the reason stand for the field (default: it does
    not). Each reading is asked only where it decides."""
    if e.approved_by:
        return True
    if e.recorded("approved_by"):
        return False  # null: recorded as not approved, whatever the reason says
    if not ctx.any_event_recorded(ctx.dataset.applications, EventKind.extended, "approved_by"):
        if ctx.interpret(UNRECORDED_APPROVAL.name) == "not_judged":
            return True
    return head_approval_stated(e.reason) and ctx.interpret(APPROVAL_IN_REASON.name) == "stated_in_reason"


def statutory_limit(item: Item, ctx: Context) -> str | TimeLimit | None:
    """``item.statutory_limit``, a licence's limit in 日/天 read as working days per ``DAY_UNIT``.

    The interpretation is asked (and so listed in the report) only for a licensing item whose statutory
    limit is in calendar days; any other limit is returned as written.
    """
    text = item.statutory_limit
    if not text or item.type != ItemType.administrative_licensing:
        return text
    parsed = parse_limit(text)
    if not parsed.written_in_days or ctx.interpret(DAY_UNIT.name) != "working_days":
        return text
    return parsed.in_working_days()


def application_limit(
    app: Application, item: Item | None, ctx: Context
) -> tuple[str | None, str | TimeLimit | None, bool]:
    """(the limit as written, the limit as counted, whether it is the law's period) of ``app``.

    Its promised limit, else its item's promised limit (either in 天 counted per :func:`promised`), else
    the item's statutory limit (:func:`statutory_limit`: a licence's 日 are working days). A licence's statutory limit is the
    licensing law's own period, so it is counted on the statutory working days (``ctx.due(...,
    statutory=True)``: the hall's closures and extra working days do not move it, admin-licensing-law:82);
    a promise keeps the hall's calendar.
    """
    limit = app.promised_limit or (item.promised_limit if item else None)
    if not limit and item is not None and item.statutory_limit:
        return (
            item.statutory_limit,
            statutory_limit(item, ctx),
            item.type == ItemType.administrative_licensing,
        )
    return limit, promised(limit, ctx) if limit else limit, False


#: registered with the counting readings (govhall.rules.timing): a date set for an act, on a day off
SET_DATE = "timelimits.set-date-on-holiday"


def set_date(day: date, judged: date, ctx: Context) -> date:
    """``day``, a date the hall set or agreed for an act (a 容缺 supplement date, a 补正期限), as its last day:
    moved to the next working day of the run's calendar only when ``timelimits.set-date-on-holiday`` says
    so (civil-code:203 applied to it). Asked only when it decides whether ``judged`` (the act's day, or the
    audit day for an act not yet done) is past it: ``day`` is not a working day and ``judged`` falls after
    it, on or before the next working day."""
    if judged <= day:
        return day
    moved = last_day_rolled(day, ctx.calendar)  # civil-code:203, if the reading applies it
    if moved == day or judged > moved or ctx.interpret(SET_DATE) == "as_set":
        return day
    return moved


def set_deadline(day: date, judged: date, ctx: Context) -> date:
    """``day``, a date set for an act whose lateness starts a further period (a 督办's deadline, after which
    the 通报 is due: yousu-jiban:处置流程.督办.3), as its last day: moved to the next working day when
    ``timelimits.set-date-on-holiday`` says so, as :func:`set_date`, but also when ``judged`` is past the
    moved day, since the further period then runs from it. Asked only when ``day`` is not a working day
    and ``judged`` falls after it."""
    if judged <= day:
        return day
    moved = last_day_rolled(day, ctx.calendar)  # civil-code:203, if the reading applies it
    if moved == day or ctx.interpret(SET_DATE) == "as_set":
        return day
    return moved


def set_moment(moment: datetime, judged: datetime, ctx: Context) -> datetime:
    """``moment``, a time the hall agreed for its own act (an inquiry's 约定答复时间, ``answer_promised_at``:
    gdzw-0020-2019:5.1.4 a and 6.4.2), as in force: the same clock time on the next working day of the
    run's calendar only when ``timelimits.set-date-on-holiday`` says next_working_day, as :func:`set_date`
    moves a date the hall set (a bare date is the end of its day, so it moves to the end of the next working
    day). Asked only when it decides: ``moment`` falls on a day that is not a working day and ``judged`` (the
    answer, or the run's moment for one not yet given) is after it but no later than the moved moment."""
    if judged <= moment:
        return moment
    day = moment.date()
    moved = last_day_rolled(day, ctx.calendar)  # civil-code:203, if the reading applies it
    if moved == day:
        return moment
    later = datetime.combine(moved, moment.time())
    if judged > later or ctx.interpret(SET_DATE) == "as_set":
        return moment
    return later
