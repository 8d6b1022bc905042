"""DB23/T XXXX—2023 政务服务中心服务规范 (黑龙江省市场监督管理局, 2023, draft for comment).

Source: ../shared/seeds/002_0b21f01a3e1a39d4.txt (standard id ``db23-hlj-2023``): Traditional Chinese
with pinyin glosses, quoted here with the glosses stripped and converted to Simplified Chinese; the
page boilerplate at the end of the file is not part of the standard, and the text breaks off in
annex A.2.5. Clause ids are the standard's numbering (``-k`` dash items, ``-sK`` sentences; see
``clauses/db23-hlj-2023.yaml``).

Checked with: tests/standards/test_db23_hlj_2023.py (a firing and a silent case per rule; deadlines
worked by hand on the 2025 calendar, e.g. a 5-working-day promise received Fri 26 Sep 2025 falls due
Fri 10 Oct across National Day; a correction from Mon 29 Sep to Thu 9 Oct pauses 3 working days and
moves it to Tue 14 Oct, or Wed 15 Oct when the clock restarts),
tests/standards/cases/db23-hlj-2023.yaml and the planted example hall.

Limits:

* 空窗 (5.5.3) is read from ``Attendance`` events per window and day; the service hours are
  ``Hall.service_hours`` (else the parameter ``db23-hlj-2023.service_hours``) and gaps up to
  ``unstaffed_gap_minutes`` are tolerated — the seed fixes neither. A late opening is not a 空窗 by
  default (interpretation ``db23-hlj-2023.unstaffed-span``).
* Time is counted only through ``govhall.timelimits`` and the run's calendar: the promised deadline
  (6.1.3) with the 补齐补正 period as a pause (7.4.2, interpretation ``db23-hlj-2023.correction-clock``);
  the certificate handover 1 working day before it (7.6.1.1); corrections and pickup notices within
  1 working day (7.6.1.2, 7.6.2), the start day not counted (civil-code:201).
* Chapter 7 states procedure in the indicative; 7.4.1, 7.6.1.2, 7.6.2 and 8.1.3 are read as duties
  (interpretation ``db23-hlj-2023.declarative-duties``), and so is 6.5.1.1 a / 6.5.1.2 a's telling of
  the materials when a booking is taken at the hall or by phone.
* db23 has no clause on extending a time limit: an extension lengthens the 6.1.3 promise when approved
  as the licensing law reads it (Art 42, as gdzw-0020-2019:5.5.1 does), interpretation
  ``db23-hlj-2023.extension-approval``.
* A certificate never handed over is not detected (the records do not say which items issue one).
* A field the records leave out is not read as a duty not done where the text leaves it open: a
  booking's reminder (6.5.3, ``db23-hlj-2023.unrecorded-reminder``) and an inquiry's agreed answer time
  (6.4.1, ``db23-hlj-2023.unrecorded-answer-time``), when no record of the table gives the field.
* Dress, appearance, demeanour, Mandarin and the annex A phrases need a person and are inventoried as
  not automatable.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

from govhall import decisions
from govhall.models import (
    OFFLINE_BOOKING_CHANNELS,
    Application,
    Appointment,
    Attendance,
    Channel,
    Dataset,
    EventKind,
    Hall,
    HallSystem,
    Inquiry,
    StaffRole,
)
from govhall.models.applications import Event
from govhall.rules import Context, Hit, Subject, interpretation, rule
from govhall.rules.context import per_subject
from govhall.standards import declare
from govhall.standards._limits import (
    APPROVAL_IN_REASON,
    EXCLUDED_START_DAY,
    PROMISE_DAY_UNIT,
    UNRECORDED_APPROVAL,
    extension_approved,
    extension_counted,
    promise_marks,
    promised,
    set_date,
)
from govhall.standards._mailing import mailing_not_offered
from govhall.standards._presence import parse_periods, unstaffed_gaps, window_days, without_roles
from govhall.timelimits import (
    Deadline,
    TimeLimit,
    calendar_days_since,
    counted_from,
    hours_before,
    is_late,
    lead_before,
    parse_limit,
)

STANDARD = declare(
    "db23-hlj-2023",
    title="DB23/T XXXX—2023 政务服务中心服务规范",
    module=__name__,
    issuer="黑龙江省市场监督管理局",
    year=2023,
    source="../shared/seeds/002_0b21f01a3e1a39d4.txt",
    checked_with="tests/standards/test_db23_hlj_2023.py, tests/standards/cases/db23-hlj-2023.yaml, "
    "the planted example hall",
    limits="service hours and the 空窗 tolerance are local parameters; chapter 7's indicative duties per "
    "db23-hlj-2023.declarative-duties; certificates never handed over are not detected",
)

S = "db23-hlj-2023"

DECLARATIVE = interpretation(
    f"{S}.declarative-duties",
    clause=f"{S}:7.6.2",
    question="7.4.1, 7.6.1.2, 7.6.2 and 8.1.3 state the procedure in the indicative (no 应): are they duties?",
    default="duty",
    alternatives={
        "duty": "yes: a standard's procedure chapter describes required practice, and these sentences carry "
        "a deadline or a required content",
        "description": "no: only sentences with a modal verb bind; the four rules report nothing",
    },
    basis="GB/T 1.1 drafting states requirements with 应, but procedure chapters of service standards routinely "
    "use the indicative for required steps; the deadlines (1个工作日) make sense only as duties",
)
CORRECTION_CLOCK = interpretation(
    f"{S}.correction-clock",
    clause=f"{S}:7.4.2",
    question="7.4.2 审批时限待服务对象补齐补正后再连续计时: does the clock resume (paused days added on) or "
    "start again from the supplement?",
    default="suspend",
    alternatives={
        "suspend": "the clock stops from the correction notice to the supplement and then runs on (连续计时)",
        "restart": "the whole promised period starts again from the supplement",
    },
    basis="连续计时 — counting continues; a restart would say 重新计时",
)
NOTICE_DAY = interpretation(
    f"{S}.correction-notice-day",
    clause=f"{S}:7.4.2",
    question="7.4.2 审批时限待服务对象补齐补正后再连续计时: is the day of the correction notice itself inside the "
    "pause, or still a counted day of the time limit?",
    default="paused",
    alternatives={
        "paused": "the pause runs from the notice day to the supplement day, both included (the department "
        "stopped work on the file the day it asked for the materials)",
        "counted": "the notice day is still counted; the pause runs from the next day to the supplement day "
        "(civil-code:201: a period does not count the day of the event that starts it). So is the first day "
        "of a recorded pause for the correction or naming no procedure (db23's one pause is 7.4.2's)",
    },
    basis="govhall's pauses are inclusive date ranges at both ends (timelimits, as for admin-licensing-law:45), "
    "and on the notice day the file is already waiting for the applicant; the alternative is the stricter "
    "reading for the hall and the applicant's",
)
PROMISE_START = interpretation(
    f"{S}.promise-start",
    clause=f"{S}:6.1.3",
    question="6.1.3 在承诺的时限内办结: from which day does the promised time limit run?",
    default="accepted",
    alternatives={
        "accepted": "from the acceptance (the accepted event), else from receipt",
        "received": "from receipt (收件), whatever the acceptance date",
    },
    basis="a promise covers the matter once it is accepted; 7.2 receipts and acceptance are the same step at "
    "a comprehensive window, so the two readings differ only when acceptance was recorded later",
)
EXTENSION_APPROVAL = interpretation(
    f"{S}.extension-approval",
    clause=f"{S}:6.1.3",
    question="6.1.3 在承诺的时限内办结 says nothing of extending the promise: which recorded extensions (an "
    "extended event with a limit) lengthen it?",
    default="approved",
    alternatives={
        "approved": "an approved one, read as the licensing law reads an extension (admin-licensing-law:42 "
        "经本行政机关负责人批准) and as gdzw-0020-2019:5.5.1's promise does: one recorded as not approved "
        "(approved_by null, or none where the dataset's extensions name their approvers) does not; one whose "
        "approval the records never give follows admin-licensing-law.unrecorded-approval (default: counts)",
        "any": "every extension with a limit, approved or not (the only reading before 2026-12)",
    },
    basis="db23 has no clause on extending a time limit (no 延长, 延期 or 批准 in its text); it binds the "
    "departments to the law's periods (7.5 依法按规定时限完成审查、审批、决定; 6.6.3.2 在规定时限或承诺时限依法办结), and "
    "the law lengthens an agency's period only with its head's approval (admin-licensing-law:42), so an "
    "extension the records show was not approved does not move the promise. The same event then reads "
    "the same in every standard (gdzw-0020-2019:5.5.1, Art 42)",
)
REMINDER_TIMING = interpretation(
    f"{S}.reminder-timing",
    clause=f"{S}:6.5.3-s2",
    question="6.5.3 应提供预约提醒服务,在预约服务24h前,可通过电话、短信、网络等方式提醒 — is the 24 h binding, "
    "or only the reminder (the 24 h sitting in the 可 sentence)?",
    default="binding",
    alternatives={
        "binding": "the reminder is due at least 24 h before the slot; a later one is a finding",
        "advisory": "any reminder before the slot starts satisfies 6.5.3; only a missing one is a finding",
    },
    basis="可 governs the means (电话、短信、网络); the 24 h states when the 应 duty is done",
)
SHORT_NOTICE = interpretation(
    f"{S}.short-notice-booking",
    clause=f"{S}:6.5.3-s2",
    question="A booking made less than 24 h before its slot cannot be reminded 24 h ahead: what is required?",
    default="exempt",
    alternatives={
        "exempt": "nothing: the booking confirmation serves as the reminder",
        "remind_before_slot": "a reminder before the slot starts",
    },
    basis="a duty cannot require the impossible; the confirmation reaches the applicant within the 24 h anyway",
)
UNRECORDED_REMINDER = interpretation(
    f"{S}.unrecorded-reminder",
    clause=f"{S}:6.5.3",
    question="6.5.3 应提供预约提醒服务 (by 电话、短信、网络): a booking that gives no reminder_sent_at, in a dataset "
    "none of whose bookings records a reminder — was no reminder sent?",
    default="not_judged",
    alternatives={
        "not_judged": "the bookings do not record reminders at all, so a missing one is not reported; a booking "
        "that gives the field (a time, or null: none sent) is judged, and so is every booking of a table in "
        "which any booking records one",
        "not_sent": "a booking without a reminder time had none, whether or not the bookings record reminders",
    },
    basis="6.5.3 leaves the means free (可通过电话、短信、网络等方式提醒), so a reminder is sent and kept where "
    "the phone, SMS or online system is, not necessarily in the booking records: bookings that carry no "
    "reminder at all do not show that none was sent; an unrecorded fact is never a finding, a fact recorded "
    "as missing is. In live supervision the hall posts the reminder to the supervisor (the booking again, "
    "with reminder_sent_at), so a booking held there has its reminder on record",
)
UNRECORDED_ANSWER_TIME = interpretation(
    f"{S}.unrecorded-answer-time",
    clause=f"{S}:6.4.1-s3",
    question="6.4.1 不能即时答复的,应建立咨询服务台账,记录…并约定答复时间: an inquiry not answered on the spot that "
    "gives no answer_promised_at, in a dataset none of whose inquiries records one — was no answer time "
    "agreed?",
    default="not_judged",
    alternatives={
        "not_judged": "the inquiries do not record agreed answer times at all (the clause keeps them in the "
        "咨询服务台账), so a missing one is not reported; an inquiry that gives the field (a time, or null: "
        "none agreed) is judged, and so is every inquiry of a table in which any inquiry records one",
        "not_agreed": "an inquiry not answered on the spot without an answer time had none agreed, whether or "
        "not the inquiries record answer times",
    },
    basis="the clause puts the agreed time in the 咨询服务台账 (建立咨询服务台账,记录…并约定答复时间), a ledger of its "
    "own, so inquiry records that carry no answer time at all do not show that none was agreed; an "
    "unrecorded fact is never a finding, a fact recorded as missing is. An entry recorded as not made "
    "(ledger_recorded false) is judged either way",
)
UNSTAFFED_SPAN = interpretation(
    f"{S}.unstaffed-span",
    clause=f"{S}:5.5.3",
    question="5.5.3 擅自脱岗“空窗”: does an empty window before anyone took it up that day (late opening) count?",
    default="after_first_sign_in",
    alternatives={
        "after_first_sign_in": "no: 脱岗 is leaving the post, so a day's check starts at the first sign-in",
        "whole_service_day": "yes: any unexcused empty stretch of service time on a day the window was used",
    },
    basis="脱岗 means leaving one's post; lateness (迟到) is an attendance matter (dongguan-hall-2023:6.3.6)",
)
UNSTAFFED_WHO = interpretation(
    f"{S}.unstaffed-who",
    clause=f"{S}:5.5.3",
    question="5.5.3 杜绝擅自脱岗“空窗”: does a guard (保安) or cleaner (保洁) signed in at a window keep it staffed?",
    default="anyone",
    alternatives={
        "anyone": "yes: 3.1's 服务人员 (提供政务服务及其他相关服务的工作人员,包括…等) leaves nobody out, and the record "
        "puts someone at the window (the only reading before 2026-12)",
        "window_staff": "no: a 空窗 is a window nobody there can serve at; a guard or cleaner takes and hands out "
        "no case, so their sign-ins are left out and the window stands empty while only they are there",
    },
    basis="5.5.3 binds every 服务人员 to stay at their post, and db23's 服务人员 include guards and cleaners; but 空窗 "
    "names the window left empty, which a guard sitting at it does not fill for the applicant. The seed says "
    "neither which staff fill a window nor that any cannot",
)
DIMENSIONS_SCOPE = interpretation(
    f"{S}.evaluation-dimensions",
    clause=f"{S}:8.1.3",
    question="8.1.3 服务评价内容包括…服务态度、服务质量、服务效率、服务环境: must each rating cover the four, "
    "or the ratings taken together?",
    default="per_rating",
    alternatives={
        "per_rating": "each rating record carries the four dimensions",
        "scheme": "each dimension is rated in at least one rating of the dataset (the scheme asks for it)",
    },
    basis="评价内容 is what the evaluation asks; a rating form that asks for all four records all four",
)

_NEGATIVE_END = (EventKind.not_accepted, EventKind.returned, EventKind.withdrawn)
DIMENSIONS: dict[str, tuple[str, ...]] = {
    "attitude": ("服务态度", "态度"),
    "quality": ("服务质量", "质量"),
    "efficiency": ("服务效率", "效率"),
    "environment": ("服务环境", "环境"),
}


def _iso(v: object) -> object:
    return v.isoformat() if hasattr(v, "isoformat") else v


def _duty(ctx: Context) -> bool:
    return ctx.interpret(DECLARATIVE.name) == "duty"


# -- 5.5.3 空窗 -------------------------------------------------------------------------------------


@rule(
    f"{S}/unstaffed-window",
    title_zh="服务时间内不得空窗",
    clause=f"{S}:5.5.3",
    severity="error",
    subject="dataset",
    parameters=[f"{S}.service_hours", f"{S}.unstaffed_gap_minutes"],
    interpretations=[UNSTAFFED_SPAN.name, UNSTAFFED_WHO.name],
    title="No unstaffed window (空窗) during service hours",
)
def unstaffed_window(ds: Dataset, ctx: Context) -> Iterator[Hit]:
    """工作时间坚守岗位认真履职,杜绝擅自脱岗“空窗”现象。

    From the ``attendance`` table: one finding per stretch of service time longer than
    ``unstaffed_gap_minutes`` in which a window had nobody present, nobody away with approval
    (``approved``) and no 暂停服务 sign (``pause_sign_shown``). Service hours are
    ``Hall.service_hours``, else the parameter, on the hall's service days only (the working days of the
    run's calendar, 调休 days and the hall's own ``open`` days in: on a holiday or weekend the hall is
    closed, there is no 工作时间 and nobody's leaving empties a window). The person held responsible is
    the one whose leave or sign-out emptied the window. Whether a guard's or cleaner's sign-in keeps a
    window staffed is ``db23-hlj-2023.unstaffed-who`` (default anyone; window_staff leaves them out).
    """
    if not ds.attendance:
        return
    hall = ds.hall
    spec = (
        hall.service_hours
        if hall is not None and hall.service_hours
        else ctx.param(f"{S}.service_hours", on=ctx.as_of)
    )
    periods = parse_periods(spec)
    tolerated = ctx.param(f"{S}.unstaffed_gap_minutes", on=ctx.as_of)
    span = ctx.interpret(UNSTAFFED_SPAN.name)
    for g in unstaffed_gaps(
        ds.attendance,
        staff_by_id=ds.staff_by_id,
        windows_by_id=ds.windows_by_id,
        periods=periods,
        from_first_sign_in=span == "after_first_sign_in",
        groups=_staffing_events(window_days(ds, ctx), ds, ctx),
    ):
        if g.minutes <= tolerated:
            continue
        yield Hit(
            message=f"窗口{g.window_id}于{g.start:%m-%d %H:%M}至{g.end:%H:%M}无人在岗({g.minutes:.0f}分钟)，"
            "未经批准也未显示暂停服务",
            subject=Subject(kind="window", id=g.window_id),
            responsible=g.left_by,
            on=g.day,
            evidence={
                "window_id": g.window_id,
                "from": g.start.isoformat(timespec="minutes"),
                "to": g.end.isoformat(timespec="minutes"),
                "minutes": round(g.minutes),
                "tolerated_minutes": tolerated,
                "opened_by": g.opened_by,
                "staff_id": g.left_by,
            },
        )


_NOT_WINDOW_STAFF = frozenset({StaffRole.security, StaffRole.cleaner})


def _staffing_events(
    groups: dict[tuple[str, date], list[Attendance]], ds: Dataset, ctx: Context
) -> dict[tuple[str, date], list[Attendance]]:
    """工作时间坚守岗位认真履职,杜绝擅自脱岗“空窗”现象。

    The attendance events per window and day that can staff a window: all of them under
    ``db23-hlj-2023.unstaffed-who`` = anyone (default); under window_staff, without those of guards and
    cleaners (a window whose day had only theirs drops out, as a window nobody took up).
    """
    if ctx.interpret(UNSTAFFED_WHO.name) == "anyone":
        return groups
    return without_roles(groups, ds.staff_by_id, _NOT_WINDOW_STAFF)


# -- 6.1 通用要求 -----------------------------------------------------------------------------------


@rule(
    f"{S}/outside-matter-directed",
    title_zh="非本厅办理事项告知申请人办理地点",
    clause=f"{S}:6.1.2",
    severity="error",
    subject="inquiry",
    title="Matters handled elsewhere: the applicant is told where to go",
)
def outside_matter_directed(inq: Inquiry, ctx: Context) -> Iterator[Hit]:
    """对不在本中心办理的事项,应明确告知办理路径,对不符合申请条件的,给予服务对象合理解答。

    For an inquiry recorded as outside the centre (scope c), the routing
    :func:`govhall.decisions.required_routing` names for it must be done: fires when the record says
    no guidance was given (``guidance_given`` false). Unlike gdzw-0020-2019:5.1.3 c (尽可能提供指引),
    this duty is unconditional (应明确告知), so no interpretation softens it.
    """
    if inq.scope is None or inq.scope.value != "c":
        return
    routing = decisions.required_routing(inq)
    undone = [f for f in routing.must if getattr(inq, f, None) is False]
    if undone:
        yield Hit(
            message="不在本中心办理的事项未明确告知办理路径",
            responsible=_first_asked(inq, ctx),
            evidence={"scope": "c", **{f: False for f in undone}},
            on=inq.at.date(),
        )


def _first_asked(inq: Inquiry, ctx: Context) -> str | None:
    """首问负责是指政务服务中心首位接受服务对象申请办理、咨询或投诉相关事项的工作人员,作为首问责任人依法办理、答复相关事项。

    6.1.1 names the first 工作人员 who took the question, and 3.1's 服务人员 (提供政务服务及其他相关服务的
    工作人员,包括咨询引导人员、窗口人员、审批人员等) leaves nobody out: unlike gdzw-0020-2019:3.3
    (不包括保安、保洁类服务人员) a guard or cleaner asked first is the 首问责任人 here
    (:data:`govhall.decisions.DB23_NOT_SERVICE_STAFF`). db23 has no rule like gdzw-0020-2019:5.1.2's
    同时有两位以上工作人员答复的，职务职级最高者: the first asked stays the 首问责任人 when several answer
    together; with nobody recorded as asked, the first who answered.
    """
    staff = ctx.dataset.staff_by_id
    for ids in (inq.asked_staff, inq.answered_by):
        for sid in ids:
            if sid and decisions.is_service_staff(sid, staff, decisions.DB23_NOT_SERVICE_STAFF):
                return sid
    return None


_NOTICE, _SUPPLEMENTED = EventKind.correction_notice, EventKind.materials_supplemented
_PAUSED, _RESUMED = EventKind.paused, EventKind.resumed
_CLOCK_KINDS = frozenset({_NOTICE, _SUPPLEMENTED, _PAUSED, _RESUMED})


def _correction_pauses(
    events: Iterable[Event], until: date, notice_day: str = "paused", procedure_day: str = "paused"
) -> tuple[list[tuple[date, date]], bool, list[str]]:
    """补齐补正 periods (correction notice → next supplement; recorded pauses) and whether one is open.

    ``events``: an application's history in time order (or just its clock events, :data:`_CLOCK_KINDS`).
    ``notice_day="counted"`` (``db23-hlj-2023.correction-notice-day``) starts a correction pause on the
    day after the notice; a supplement on the notice day then pauses nothing. The same holds for a
    recorded pause (``paused`` → ``resumed``) for the correction or naming no procedure: db23 stops the
    clock for 补齐补正 only (7.4.2), so such a pause is that pause, and its first day is read as a
    notice's (it was counted whole whatever the reading). ``procedure_day="counted"``
    (``admin-licensing-law.excluded-time-start-day``) does the same for a recorded pause of another
    procedure (Art 45's excluded time).
    """
    ranges: list[tuple[date, date]] = []
    skip = _ONE_DAY if notice_day == "counted" else _NO_DAY
    skip45 = _ONE_DAY if procedure_day == "counted" else _NO_DAY
    bases: list[str] = []
    open_ = False
    notice: date | None = None
    paused: date | None = None
    for ev in events:
        kind = ev.kind  # compared with the module's names of the kinds (an enum lookup costs more)
        if kind not in _CLOCK_KINDS:
            continue
        if kind == _NOTICE and notice is None:
            notice = ev.at.date()
        elif kind == _SUPPLEMENTED and notice is not None:
            if notice + skip <= ev.at.date():
                ranges.append((notice + skip, ev.at.date()))
            notice = None
        elif kind == _PAUSED and paused is None:
            paused = ev.at.date()
            if ev.procedure not in (None, "correction"):
                bases.append("admin-licensing-law:45")
                paused += skip45
            else:  # 7.4.2's own pause: its first day read as a correction notice's
                paused += skip
        elif kind == _RESUMED and paused is not None:
            if paused <= ev.at.date():
                ranges.append((paused, ev.at.date()))
            paused = None
    for start in (notice + skip if notice is not None else None, paused):
        if start is not None:
            open_ = True
            ranges.append((start, max(start, until)))
    return ranges, open_, sorted(set(bases)) if bases else []


def _correction_spans(
    events: Iterable[Event], until: date
) -> tuple[list[tuple[datetime, datetime | date]], bool, list[str]]:
    """:func:`_correction_pauses` for a promise in hours: the same periods by the minute, from the notice
    (or pause) to the supplement (or resumption), one still open to the end of ``until``. An hour
    period is counted from the hour (civil-code:201), so 7.4.2's 补正 stops it for the time the file
    waited, not for the whole of the days it touched; the day readings have no day to read."""
    ranges: list[tuple[datetime, datetime | date]] = []
    bases: list[str] = []
    notice: datetime | None = None
    paused: datetime | None = None
    for ev in events:
        kind = ev.kind
        if kind not in _CLOCK_KINDS:
            continue
        if kind == _NOTICE and notice is None:
            notice = ev.at
        elif kind == _SUPPLEMENTED and notice is not None:
            if notice < ev.at:
                ranges.append((notice, ev.at))
            notice = None
        elif kind == _PAUSED and paused is None:
            paused = ev.at
            if ev.procedure not in (None, "correction"):
                bases.append("admin-licensing-law:45")
        elif kind == _RESUMED and paused is not None:
            if paused < ev.at:
                ranges.append((paused, ev.at))
            paused = None
    open_ = False
    for start in (notice, paused):
        if start is not None:
            open_ = True
            ranges.append((start, max(start.date(), until)))  # a date end: to its 24:00
    return ranges, open_, sorted(set(bases)) if bases else []


_ONE_DAY, _NO_DAY = timedelta(days=1), timedelta(0)
_PROMISE_CLAUSE = f"{S}:6.1.3"
_DECIDED = EventKind.decided


def _extension_counts(e: Event, ctx: Context) -> bool:
    """Whether extension ``e`` lengthens a 6.1.3 promise (``db23-hlj-2023.extension-approval``)."""
    return ctx.interpret(EXTENSION_APPROVAL.name) == "any" or extension_approved(e, ctx)


@per_subject  # asked by the deadline rule and the handover rule
def promised_deadline(
    app: Application, ctx: Context
) -> tuple[Deadline, str, date, bool, Event | None] | None:
    """(Deadline, limit text, start day, pause still open, the first ``decided`` event) of ``app``'s
    promise (6.1.3, 7.4.2), or None (the decision comes from the same walk over the history).

    The limit is ``Application.promised_limit``, else the item's ``promised_limit`` (in 天 read per
    ``gdzw-0020-2019.promise-day-unit``, :func:`~govhall.standards._limits.promised`). It runs from the
    day set by ``db23-hlj-2023.promise-start``; each 补齐补正 period (correction notice to supplement)
    and each recorded pause is a pause of the clock, counted as ``db23-hlj-2023.correction-clock``
    says; extensions with a limit (in 天 read as the promise's 天 are) lengthen it, those
    ``db23-hlj-2023.extension-approval`` lets count
    (default: approved, :func:`~govhall.standards._limits.extension_approved`; asked only of an
    application with an extension). None for an application not accepted, and for one
    recorded as not meeting the conditions (``meets_conditions`` False): 6.1.3 promises only 在符合相关
    规定及材料齐全、手续完备的前提下.
    """
    if app.meets_conditions is False:
        return None
    refused, accepted, decided, extended, clock = promise_marks(app, _CLOCK_KINDS)
    if refused:
        return None
    item = ctx.item(app.item_code)
    limit = app.promised_limit or (item.promised_limit if item is not None else None)
    if not limit:
        return None
    exts = (
        [
            extension_counted(e.limit, ctx, law=False)
            for e in extended
            if e.limit and _extension_counts(e, ctx)
        ]
        if extended
        else []
    )  # most histories record no extension; one in 天 is read as the promise's 天 are
    start_at = (
        accepted.at
        if accepted is not None and ctx.interpret(PROMISE_START.name) == "accepted"
        else app.received_at
    )
    start = start_at.date()
    origin = counted_from(start_at, limit)  # hours run from the minute (civil-code:201)
    until = decided.at.date() if decided is not None else ctx.as_of
    notice_day = ctx.interpret(NOTICE_DAY.name)  # asked (so the report lists it) whether or not a pause is
    # recorded; most histories record none, and nothing pauses the clock then (what _correction_pauses says)
    pauses: list[Any]
    extra: list[str]
    if not clock:
        pauses, open_, extra = [], False, []
    elif isinstance(origin, datetime):  # a promise in hours: its pauses by the minute
        pauses, open_, extra = _correction_spans(clock, max(until, start))
    else:
        procedure_day = (  # asked only of a history with a pause for another procedure (Art 45)
            ctx.interpret(EXCLUDED_START_DAY.name)
            if any(e.kind == _PAUSED and e.procedure not in (None, "correction") for e in clock)
            else "paused"
        )
        pauses, open_, extra = _correction_pauses(clock, max(until, start), notice_day, procedure_day)
    mode = "restart" if ctx.interpret(CORRECTION_CLOCK.name) == "restart" else "suspend"
    dl = ctx.due(
        origin,
        promised(limit, ctx),
        pauses=pauses,
        extensions=exts,
        pause_mode=mode,
        extra_basis=(_PROMISE_CLAUSE, *extra),
    )
    return dl, limit, start, open_, decided


def _promise_evidence(dl: Deadline, limit: str, start: date) -> dict[str, Any]:
    """What a promised-deadline finding shows of the deadline (built only for an application that fires)."""
    return {
        "limit": limit,
        "start": start.isoformat(),
        "due": dl.due.isoformat(),
        "paused_working_days": dl.paused_working_days,
        "basis": list(dl.basis),
    }


@rule(
    f"{S}/promised-deadline",
    title_zh="在承诺时限内办结（补正期间不计）",
    clause=[f"{S}:6.1.3", f"{S}:7.4.2"],
    severity="error",
    subject="application",
    interpretations=[
        CORRECTION_CLOCK.name,
        PROMISE_START.name,
        NOTICE_DAY.name,
        decisions.UNRECORDED_HISTORY.name,
        EXTENSION_APPROVAL.name,
        UNRECORDED_APPROVAL.name,
        APPROVAL_IN_REASON.name,
        PROMISE_DAY_UNIT.name,
        EXCLUDED_START_DAY.name,
    ],
    title="Decided within the promised time limit, the correction period not counted",
    live=True,
)
def promised_deadline_kept(app: Application, ctx: Context) -> Iterator[Hit]:
    """经办窗口应在承诺的时限内办结其所要求事项。审批时限待服务对象补齐补正后再连续计时。

    The due day comes from :func:`promised_deadline` (``govhall.timelimits.due_date`` with the
    补齐补正 periods as pauses). Fires when the decision came after it, or none came, the clock is not
    stopped by an open correction, the application was not returned or withdrawn, and the audit day
    is past it (红牌). "None came" is judged only on a recorded history
    (:func:`govhall.decisions.history_recorded`).
    """
    got = promised_deadline(app, ctx)
    if got is None:
        return
    dl, limit, start, open_, decided = got
    if decided is not None:
        if is_late(dl, decided.at):
            yield Hit(
                message=f"承诺时限{limit}，最迟应于{dl.due.isoformat()}办结，实际{decided.at.date().isoformat()}办结",
                evidence={
                    **_promise_evidence(dl, limit, start),
                    "decided_at": decided.at.isoformat(timespec="minutes"),
                },
                responsible=decided.staff_id or decided.department or app.staff_id,
                on=dl.due,
                provisional=dl.provisional,
            )
    elif (
        not open_
        and not any(app.events_of(k) for k in _NEGATIVE_END)
        and is_late(dl, ctx.now)
        and decisions.history_recorded(app, ctx)
    ):
        yield Hit(
            message=f"承诺时限{limit}，最迟应于{dl.due.isoformat()}办结，至{ctx.as_of.isoformat()}仍未办结",
            evidence={**_promise_evidence(dl, limit, start), "decided_at": None},
            responsible=app.staff_id,
            on=dl.due,
            stage="red",
            provisional=dl.provisional,
        )


# -- 6.4 咨询服务 -----------------------------------------------------------------------------------


@rule(
    f"{S}/consultation-staff",
    title_zh="设置咨询服务并配备专职人员",
    clause=f"{S}:6.4.1",
    severity="error",
    subject="dataset",
    title="A consultation service with dedicated staff",
)
def consultation_staff(ds: Dataset, ctx: Context) -> Iterator[Hit]:
    """政务服务中心应提供咨询服务,安排专人负责。

    Fires when the dataset has a staff list but nobody in the consultant or guide role.
    """
    if ds.staff and not any(s.role in (StaffRole.consultant, StaffRole.guide) for s in ds.staff):
        hall = ds.hall
        yield Hit(
            message="未安排专人负责咨询服务",
            subject=Subject(kind="hall", id=hall.id if hall else "dataset"),
            evidence={"roles": sorted({s.role.value for s in ds.staff})},
        )


@rule(
    f"{S}/inquiry-ledger",
    title_zh="不能当场答复的问题登记台账并约定答复时间",
    clause=f"{S}:6.4.1-s3",
    severity="error",
    subject="inquiry",
    title="Questions not answered at once go into a ledger with an agreed answer time",
    interpretations=[UNRECORDED_ANSWER_TIME.name],
)
def inquiry_ledger(inq: Inquiry, ctx: Context) -> Iterator[Hit]:
    """不能即时答复的,应建立咨询服务台账,记录咨询内容要点和服务对象基本信息、联系方式,并约定答复时间。

    For an inquiry not answered on the spot (``answered_on_spot`` false): fires when it is recorded as
    not entered in the ledger (``ledger_recorded`` false) or no answer time was agreed
    (``answer_promised_at`` missing). A missing answer time, in a dataset none of whose inquiries
    records one, is read by ``db23-hlj-2023.unrecorded-answer-time`` (default: not judged).
    """
    if inq.answered_on_spot is not False:
        return
    missing = []
    if inq.ledger_recorded is False:
        missing.append("ledger_recorded")
    if inq.answer_promised_at is None and _answer_time_recorded(inq, ctx):
        missing.append("answer_promised_at")
    if missing:
        yield Hit(
            message="不能即时答复的咨询未登记台账或未约定答复时间",
            responsible=_first_asked(inq, ctx),
            evidence={"answered_on_spot": False, "missing": missing},
            on=inq.at.date(),
        )


def _answer_time_recorded(inq: Inquiry, ctx: Context) -> bool:
    """Whether an answer time missing from ``inq`` is a fact on record: the inquiry gives
    ``answer_promised_at`` (null given: none agreed), or some inquiry of the dataset gives it; else the
    interpretation ``db23-hlj-2023.unrecorded-answer-time`` decides, asked only here."""
    if inq.recorded("answer_promised_at") or ctx.any_recorded(ctx.dataset.inquiries, "answer_promised_at"):
        return True
    return ctx.interpret(UNRECORDED_ANSWER_TIME.name) == "not_agreed"


# -- 6.5 预约服务 -----------------------------------------------------------------------------------


@rule(
    f"{S}/appointment-materials-told",
    title_zh="现场、电话预约时一次性告知所需材料及注意事项",
    clause=[f"{S}:6.5.1.1.a", f"{S}:6.5.1.2.a"],
    severity="error",
    subject="appointment",
    interpretations=[DECLARATIVE.name],
    title="A booking taken at the hall or by phone tells, at once, the materials and points to note",
)
def appointment_materials_told(a: Appointment, ctx: Context) -> Iterator[Hit]:
    """咨询服务人员根据服务对象申请开展预约服务并做好预约登记。并一次性告知服务对象预约办理事项所需要的材料及注意事项。

    6.5.1.1 a (现场预约) and 6.5.1.2 a (电话预约), in the indicative: read as a duty under
    ``db23-hlj-2023.declarative-duties`` (default). Fires for a booking taken at the hall or by phone
    (the 12345 line too) recorded as not told (``materials_told`` false); left unrecorded (None) it is
    not judged. An online booking (6.5.1.3) has the applicant read the 办事指南 (c), so nothing is told.
    """
    if a.channel not in OFFLINE_BOOKING_CHANNELS or a.materials_told is not False or not _duty(ctx):
        return
    how = "现场预约" if a.channel is Channel.onsite else "电话预约"
    yield Hit(
        message=f"{how}未一次性告知服务对象所需材料及注意事项",
        clause=f"{S}:6.5.1.1.a" if a.channel is Channel.onsite else f"{S}:6.5.1.2.a",
        evidence={"channel": a.channel.value, "booked_at": _iso(a.booked_at), "materials_told": False},
        on=a.booked_at.date(),
    )


@rule(
    f"{S}/hall-side-rescheduling",
    title_zh="大厅无法按预约时段服务时说明原因或另约时间",
    clause=f"{S}:6.5.2",
    severity="error",
    subject="appointment",
    title="When the hall cannot serve a booked slot it gives a reason or a new time",
)
def hall_side_rescheduling(a: Appointment, ctx: Context) -> Iterator[Hit]:
    """如遇特殊情况不能在预约时间内提供服务的,政务服务中心需向服务对象说明理由或另约时间办理。

    Fires when the hall cancelled the slot (``cancelled_by_hall``), or the applicant came in time and
    was served only after the slot ended, and the record shows neither a reason given
    (``hall_reason_given`` False) nor a new time (``rescheduled_to``). Whether a reason was given, left
    unrecorded (None), is not judged: an unrecorded fact is never a finding.
    """
    came_in_time = a.arrived_at is not None and a.arrived_at <= a.slot_end
    served_late = came_in_time and a.served_at is not None and a.served_at > a.slot_end
    if not (a.cancelled_by_hall or served_late):
        return
    if a.hall_reason_given is not False or a.rescheduled_to is not None:
        return
    what = "取消预约" if a.cancelled_by_hall else "未能在预约时段内办理"
    yield Hit(
        message=f"政务服务中心{what}，未说明理由也未另约时间",
        evidence={
            "cancelled_by_hall": a.cancelled_by_hall,
            "slot_end": _iso(a.slot_end),
            "served_at": _iso(a.served_at),
            "hall_reason_given": a.hall_reason_given,
            "rescheduled_to": None,
        },
        on=a.slot_start.date(),
    )


@rule(
    f"{S}/appointment-reminder",
    title_zh="预约时段前至少24小时提醒",
    clause=[f"{S}:6.5.3", f"{S}:6.5.3-s2"],
    severity="error",
    subject="appointment",
    parameters=[f"{S}.reminder_lead_hours"],
    interpretations=[REMINDER_TIMING.name, SHORT_NOTICE.name, UNRECORDED_REMINDER.name],
    title="A booking reminder at least 24 h before the slot",
    live=True,
)
def appointment_reminder(a: Appointment, ctx: Context) -> Iterator[Hit]:
    """政务服务中心应提供预约提醒服务,在预约服务24h前,可通过电话、短信、网络等方式提醒服务对象按时前来。

    The reminder is due ``reminder_lead_hours`` before the slot starts (any means). Fires when none was
    sent by then and the moment has passed (judged at the end of the audit day), or, under
    ``db23-hlj-2023.reminder-timing=binding``, when it was sent later than that. Bookings made inside
    the 24 h follow ``db23-hlj-2023.short-notice-booking``; slots the hall cancelled need no reminder.
    A booking without a reminder, in a dataset none of whose bookings records one, is read by
    ``db23-hlj-2023.unrecorded-reminder`` (default: not judged).
    """
    if a.cancelled_by_hall:
        return
    lead = ctx.param(f"{S}.reminder_lead_hours", on=a.slot_start)
    due = hours_before(a.slot_start, lead)  # clock hours, nights and days off in (timelimits.hours_before)
    if a.booked_at > due:
        if ctx.interpret(SHORT_NOTICE.name) == "exempt":
            return
        due = a.slot_start
    binding = ctx.interpret(REMINDER_TIMING.name) == "binding"
    limit = due if binding else a.slot_start
    sent = a.reminder_sent_at
    if sent is None:
        if ctx.now > limit and _reminder_recorded(a, ctx):
            yield Hit(
                message="未提供预约提醒服务", evidence=_reminder_evidence(a, limit, lead), on=limit.date()
            )
    elif sent > limit:
        hours = (a.slot_start - sent).total_seconds() / 3600
        yield Hit(
            message=f"预约提醒仅提前{hours:.1f}小时发出，应在预约服务{lead}h前",
            evidence=_reminder_evidence(a, limit, lead),
            on=limit.date(),
        )


def _reminder_recorded(a: Appointment, ctx: Context) -> bool:
    """Whether a reminder missing from ``a`` is a fact on record: the booking gives ``reminder_sent_at``
    (null given: none sent), or some booking of the dataset gives it (the bookings record reminders, so
    one without it had none); else the interpretation ``db23-hlj-2023.unrecorded-reminder`` decides,
    asked only here, so that a report lists it only when it decided a booking."""
    if a.recorded("reminder_sent_at") or ctx.any_recorded(ctx.dataset.appointments, "reminder_sent_at"):
        return True
    return ctx.interpret(UNRECORDED_REMINDER.name) == "not_sent"


def _reminder_evidence(a: Appointment, limit: datetime, lead: Any) -> dict[str, Any]:
    """What an appointment-reminder finding shows (built only for a booking that fires)."""
    return {
        "slot_start": _iso(a.slot_start),
        "booked_at": _iso(a.booked_at),
        "reminder_due_by": _iso(limit),
        "reminder_sent_at": _iso(a.reminder_sent_at),
        "reminder_lead_hours": lead,
    }


@rule(
    f"{S}/no-show-forfeits",
    title_zh="预约未到视为放弃预约",
    clause=f"{S}:6.5.4",
    severity="error",
    subject="appointment",
    title="A no-show forfeits the booking",
    live=True,
)
def no_show_forfeits(a: Appointment, ctx: Context) -> Iterator[Hit]:
    """服务对象超过预约时段而未到场的,视为主动放弃预约服务。

    Fires when an applicant who arrived after the slot ended (``arrived_at``) was still served under
    this booking (``served_at``): the booking had lapsed, so serving it put the no-show ahead of those
    queueing. Arriving at the slot's last minute is within it. With no arrival recorded nothing is
    judged: a booking served after its slot may be one the hall kept waiting (6.5.2), not a no-show.
    """
    if a.served_at is None or a.arrived_at is None:
        return
    if a.arrived_at > a.slot_end:
        yield Hit(
            message="服务对象超过预约时段未到场，仍按原预约办理",
            evidence={
                "slot_end": _iso(a.slot_end),
                "arrived_at": _iso(a.arrived_at),
                "served_at": _iso(a.served_at),
            },
            on=a.served_at.date(),
        )


# -- 6.6 帮代办服务 ---------------------------------------------------------------------------------


@rule(
    f"{S}/free-help-and-agency",
    title_zh="帮办代办服务免费",
    clause=[f"{S}:6.6.1", f"{S}:6.6.2"],
    severity="error",
    subject="application",
    applies_if=decisions.with_help_service,
    title="帮办 and 代办 are free of charge",
)
def free_help_and_agency(app: Application, ctx: Context) -> Iterator[Hit]:
    """政务服务中心应提供免费帮办服务……政务服务中心应提供免费代办服务。

    Fires when a fee was charged for the help or agency service itself (``service_fee_charged`` > 0;
    statutory and intermediary fees are not this fee, 6.6.3.2).
    """
    if app.help_service in ("help", "agent") and app.service_fee_charged > 0:
        clause = f"{S}:6.6.1" if app.help_service == "help" else f"{S}:6.6.2"
        what = "帮办" if app.help_service == "help" else "代办"
        yield Hit(
            message=f"{what}服务收取费用{app.service_fee_charged}元",
            clause=clause,
            responsible=app.staff_id,
            evidence={"help_service": app.help_service, "service_fee_charged": str(app.service_fee_charged)},
            on=app.received_at.date(),
        )


@rule(
    f"{S}/agency-team",
    title_zh="组建帮办代办队伍",
    clause=f"{S}:6.6.4",
    severity="error",
    subject="dataset",
    title="A help-and-agency team",
)
def agency_team(ds: Dataset, ctx: Context) -> Iterator[Hit]:
    """政务服务中心应建立帮办代办服务团队并加强业务培训。

    Fires when the dataset has a staff list but nobody in the 帮办代办 (``agent``) role.
    """
    if ds.staff and not any(s.role == StaffRole.agent for s in ds.staff):
        hall = ds.hall
        yield Hit(
            message="未建立帮办代办服务团队",
            subject=Subject(kind="hall", id=hall.id if hall else "dataset"),
            evidence={"agents": 0},
        )


# -- 7.4 补齐补正 -----------------------------------------------------------------------------------


@rule(
    f"{S}/corrections-all-at-once",
    title_zh="补正要求一次性提出",
    clause=f"{S}:7.4.1",
    severity="error",
    subject="application",
    interpretations=[DECLARATIVE.name],
    title="All corrections are asked for at once",
    needs_events=("correction_notice",),
)
def corrections_all_at_once(app: Application, ctx: Context) -> Iterator[Hit]:
    """经审核,进驻部门认为需要服务对象补齐补正申请材料内容的,一次性告知服务对象需要补齐补正的全部内容。

    A later correction notice asking for materials the earlier ones did not list
    (:func:`govhall.decisions.correction_notice_breaches`, shared with gdzw-0020-2019:5.3.3 a).
    """
    if len(app.events_of(EventKind.correction_notice)) < 2 or not _duty(ctx):
        return
    for b in decisions.correction_notice_breaches(app, ctx.item(app.item_code)):
        if b.clause.endswith(":5.3.3.a"):
            yield Hit(
                message="补齐补正内容未一次性告知：再次要求补正"
                + "、".join(b.evidence.get("new_materials", [])),
                evidence={k: _iso(v) for k, v in b.evidence.items()},
                responsible=b.responsible,
                on=b.on,
            )


@rule(
    f"{S}/return-only-after-deadline",
    title_zh="补正期限届满后方可退件",
    clause=f"{S}:7.4.2-s2",
    severity="info",
    subject="application",
    title="An application is returned only after the correction deadline",
    needs_events=("returned",),
)
def return_only_after_deadline(app: Application, ctx: Context) -> Iterator[Hit]:
    """超过规定时限的,可作退件处理。

    The permission (可, hence info) covers returns after the correction period. Reports a return
    (``returned`` event) on or before the deadline of the correction notice still outstanding.
    """
    notice = None
    for ev in app.events:
        if ev.kind == EventKind.correction_notice:
            notice = ev
        elif ev.kind == EventKind.materials_supplemented:
            notice = None
        elif ev.kind == EventKind.returned and notice is not None and notice.deadline is not None:
            last = set_date(notice.deadline, ev.at.date(), ctx)  # a 补正期限 on a day off (set_date)
            if ev.at.date() <= last:
                yield Hit(
                    message=f"补正期限({last.isoformat()})未届满即作退件处理",
                    responsible=ev.staff_id or ev.department,
                    evidence={
                        "correction_deadline": last.isoformat(),
                        "returned_at": ev.at.isoformat(timespec="minutes"),
                    },
                    on=ev.at.date(),
                )


@rule(
    f"{S}/mailing-offered",
    title_zh="提供邮寄送达服务，由申请人自愿选择",
    clause=f"{S}:6.7.2",
    severity="error",
    subject="hall",
    title="Postal delivery is offered at the applicant's choice",
)
def mailing_offered(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """政务服务中心应提供邮寄服务,供服务对象自愿选择

    From the hall profile: fires when ``Hall.mailing_service`` is False and no application of the
    dataset was mailed (:func:`govhall.standards._mailing.mailing_not_offered`).
    """
    yield from mailing_not_offered(hall, ctx)


@rule(
    f"{S}/agency-rating-asked",
    title_zh="代办结束后请申请人评价服务",
    clause=f"{S}:6.6.3.4",
    severity="error",
    subject="application",
    applies_if=decisions.with_help_service,
    parameters=[f"{S}.agency_rating_grace_days"],
    title="After 代办 the applicant is asked to rate the service",
)
def agency_rating_asked(app: Application, ctx: Context) -> Iterator[Hit]:
    """代办事项办结后,代办人员应向服务对象送达相关证照或批准文件,并请服务对象对代办服务进行评价

    For an application handled by an agent (``help_service`` agent), decided and delivered (the
    later of the decision and a ``picked_up``/``mailed`` event) more than ``agency_rating_grace_days``
    before the audit day: fires when no evaluation names it (``Evaluation.application_id``). A rating is the record that the
    applicant was asked (a refusal to rate leaves none, so an ask without a rating cannot be told from
    no ask); the delivery has no time limit and is not judged. A dataset that holds no rating at all does
    not record the ratings, so the missing one is not judged (an unrecorded fact is never a finding).
    """
    if app.help_service != "agent":
        return
    decided = app.first(EventKind.decided)
    grace = int(ctx.param(f"{S}.agency_rating_grace_days", on=app.received_at))
    if decided is None:
        return
    delivered = app.events_of(EventKind.picked_up, EventKind.mailed)
    done = max([decided.at, *(e.at for e in delivered)])  # the ask comes with the delivery (送达…并请…评价)
    if calendar_days_since(done.date(), ctx.as_of) <= grace:
        return
    if not ctx.dataset.evaluations or ctx.dataset.evaluations_by_application.get(app.id):
        return
    yield Hit(
        message="代办事项办结后未请服务对象对代办服务进行评价（无评价记录）",
        evidence={
            "help_service": "agent",
            "decided_at": _iso(decided.at),
            "delivered_at": _iso(done),
            "evaluations": 0,
        },
        responsible=decided.staff_id or app.staff_id,
        on=done.date(),
    )


_DECISION_NEEDS = frozenset({EventKind.received, EventKind.accepted})
_AFTER_DECISION = frozenset(
    {
        EventKind.certificate_handed_over,
        EventKind.pickup_notified,
        EventKind.picked_up,
        EventKind.mailed,
    }
)


def _steps(app: Application) -> tuple[Event | None, Event | None, Event | None]:
    """(first ``decided``, first receipt or acceptance, first step after a decision) of ``app``'s history.

    The history is in time order, so each first is also the earliest; found in one pass over it.
    """
    decided: Event | None = None
    receipt: Event | None = None
    after: Event | None = None
    for ev in app.events:
        kind = ev.kind
        if kind == _DECIDED:
            if decided is None:
                decided = ev
        elif kind in _DECISION_NEEDS:
            if receipt is None:
                receipt = ev
        elif kind in _AFTER_DECISION and after is None:
            after = ev
    return decided, receipt, after


RECEIPT_TRACE = interpretation(
    f"{S}.receipt-trace",
    clause=f"{S}:7.5",
    question="7.5 环节过程要在综合受理审批系统留痕: is an application record with its received_at the trace of "
    "the receipt, or must the system log show a receipt or acceptance step before the decision?",
    default="event",
    alternatives={
        "event": "a received or accepted event must precede the decision in the application's history",
        "record": "the application record (received_at) traces the receipt; only a delivery step without a "
        "decision before it is a gap",
    },
    basis="7.5 asks for each 环节 (step) to leave a trace, and 7.2 收件 and 7.3 受理 are steps of their own; "
    "a history that has a decision but neither step lost them",
)


@rule(
    f"{S}/steps-traced",
    title_zh="每个环节留痕：无接件不决定，无决定不交接",
    clause=f"{S}:7.5",
    severity="error",
    subject="application",
    interpretations=[RECEIPT_TRACE.name],
    title="Every step leaves a trace: no decision without receipt, no handover without decision",
)
def steps_traced(app: Application, ctx: Context) -> Iterator[Hit]:
    """环节过程要在综合受理审批系统留痕

    Gaps in the application's recorded steps: a ``decided`` event with neither a ``received`` nor an
    ``accepted`` event before it (``db23-hlj-2023.receipt-trace``), or a ``certificate_handed_over`` / ``pickup_notified`` /
    ``picked_up`` / ``mailed`` event with no ``decided`` event before it. Only what the records show:
    an application whose history holds no events at all is not judged.
    """
    if not app.events:
        return
    missing: list[str] = []
    said: list[str] = []  # the same gaps, as a clerk reads them
    decided, receipt, after = _steps(app)
    by_event = ctx.interpret(RECEIPT_TRACE.name) == "event"
    if by_event and decided is not None and (receipt is None or receipt.at > decided.at):
        missing.append("received/accepted before decided")
        said.append("办结前无收件或受理记录")
    if after is not None and (decided is None or decided.at > after.at):
        missing.append(f"decided before {after.kind.value}")
        said.append(f"{after.kind.zh}前无办结记录")
    step = decided if decided is not None else after  # a gap names one of them
    if missing and step is not None:
        yield Hit(
            message="办理环节未在系统留痕：" + "；".join(said),
            evidence={"events": [e.kind.value for e in app.events], "missing": missing},
            responsible=app.staff_id,
            on=step.at.date(),
        )


# -- 7.6 出件 ---------------------------------------------------------------------------------------


@rule(
    f"{S}/certificate-handover",
    title_zh="证照在承诺时限前1个工作日送达出件窗口",
    clause=f"{S}:7.6.1.1",
    severity="error",
    subject="application",
    parameters=[f"{S}.handover_lead_working_days"],
    interpretations=[
        CORRECTION_CLOCK.name,
        PROMISE_START.name,
        NOTICE_DAY.name,
        EXTENSION_APPROVAL.name,
        UNRECORDED_APPROVAL.name,
        APPROVAL_IN_REASON.name,
        PROMISE_DAY_UNIT.name,
        EXCLUDED_START_DAY.name,
    ],
    title="Certificates reach the issuing window one working day before the promised deadline",
    live=True,
    needs_events=("certificate_handed_over",),
)
def certificate_handover(app: Application, ctx: Context) -> Iterator[Hit]:
    """进驻部门应在承诺办理时限截止前1个工作日将证件及证件交接凭证转交出件窗口。(即办件即行交接)

    The first ``certificate_handed_over`` must come ``handover_lead_working_days`` working days before the
    promise ends (:func:`promised_deadline`; :func:`~govhall.timelimits.lead_before`): a promise in days
    ends at 24:00 of its due day, so by the end of the working day that many before it; a promise in
    hours ends at a moment (civil-code:201), so by the same time of day that many working days before
    (48 hours ending Wed 10:00: by Tue 10:00, not the end of Tue, which left the window 10 hours). A
    promise in hours too short to leave that lead after it began (24 hours from Mon 10:00: the lead falls
    at its very start) cannot be kept to it; the clause's own answer for a matter with no time before it,
    (即办件即行交接), applies: on the day of the decision. For an on-the-spot item (即办件) on the day of
    the decision (else of receipt).
    """
    handover = app.first(EventKind.certificate_handed_over)
    if handover is None:
        return
    got = promised_deadline(app, ctx)
    if got is None:
        return
    dl, limit, _start, _open, decided = got
    at_once = parse_limit(limit).unit == "on_the_spot"
    lead = 0 if at_once else ctx.param(f"{S}.handover_lead_working_days", on=app.received_at)
    by_dl = lead_before(dl, lead, ctx.calendar) if not at_once else dl
    if not at_once and dl.start_at is not None and dl.due_at is not None:  # a promise in hours
        by_end = by_dl.due_at or datetime.combine(by_dl.due + _ONE_DAY, time(0), dl.due_at.tzinfo)
        at_once = by_end <= dl.start_at
    if at_once:
        by = (decided.at if decided is not None else app.received_at).date()
        by_dl = dl.model_copy(update={"due": by, "due_at": None})
        rule_text = "即办件即行交接" if not lead else f"承诺时限不足{lead}个工作日，即行交接"
    else:
        by = by_dl.due
        rule_text = f"承诺时限截止({_end_text(dl)})前{lead}个工作日"
    if is_late(by_dl, handover.at):
        by_text = _end_text(by_dl)
        yield Hit(
            message=f"证件最迟应于{by_text}转交出件窗口({rule_text})，实际{handover.at.date().isoformat()}转交",
            responsible=handover.department or handover.staff_id,
            on=by,
            provisional=dl.provisional,
            evidence={
                "limit": limit,
                "due": dl.due.isoformat(),
                "handover_by": by_text,
                "handed_over_at": handover.at.isoformat(timespec="minutes"),
            },
        )


def _end_text(dl: Deadline) -> str:
    """A deadline's end as the findings write it: its day, or for an hour limit its minute."""
    if dl.due_at is None:
        return dl.due.isoformat()
    return dl.due_at.replace(tzinfo=None).isoformat(timespec="minutes")


_REJECTED = EventKind.certificate_rejected
_REJECTED_OR_CORRECTED = (_REJECTED, EventKind.certificate_corrected)
_HANDED_OVER, _MAILED, _PICKUP_NOTIFIED = (
    EventKind.certificate_handed_over,
    EventKind.mailed,
    EventKind.pickup_notified,
)
_CERTIFICATE_MOVES = frozenset({_HANDED_OVER, EventKind.certificate_corrected, _REJECTED})


def _issuing(app: Application) -> tuple[Event | None, bool, list[Event]]:
    """(the issuing window's receipt, whether the certificate goes by post, the pickup notices) of ``app``.

    The receipt is the last certificate handed over or corrected and not rejected afterwards; by post
    means a ``mailed`` event or a handover with ``delivery`` mail or electronic. One pass over the
    history.
    """
    receipt: Event | None = None
    posted = False
    notices: list[Event] = []
    for ev in app.events:
        kind = ev.kind
        if kind in _CERTIFICATE_MOVES:
            receipt = None if kind == _REJECTED else ev
            if kind == _HANDED_OVER and ev.delivery in ("mail", "electronic"):
                posted = True
        elif kind == _MAILED:
            posted = True
        elif kind == _PICKUP_NOTIFIED:
            notices.append(ev)
    return receipt, posted, notices


@rule(
    f"{S}/certificate-correction",
    title_zh="有误证照在1个工作日内更正返回",
    clause=f"{S}:7.6.1.2",
    severity="error",
    subject="application",
    parameters=[f"{S}.correction_working_days"],
    interpretations=[DECLARATIVE.name],
    title="A rejected certificate comes back corrected within 1 working day",
    live=True,
    needs_events=("certificate_rejected",),
)
def certificate_correction(app: Application, ctx: Context) -> Iterator[Hit]:
    """证件信息有误,能当场更正的,进驻部门当场更正,不能当场更正的,进驻部门在1个工作日内将更正后的证件及证件交接凭证转交出件窗口。

    For each ``certificate_rejected`` event: the next ``certificate_corrected`` must come within
    ``correction_working_days`` working days (the rejection day not counted); fires when it came
    later, or has not come and the audit day is past the deadline.
    """
    evs = app.events_of(*_REJECTED_OR_CORRECTED)
    if not any(ev.kind == _REJECTED for ev in evs) or not _duty(ctx):
        return
    n = ctx.param(f"{S}.correction_working_days", on=app.received_at)
    for i, ev in enumerate(evs):
        if ev.kind != EventKind.certificate_rejected:
            continue
        due = ctx.due(ev.at.date(), TimeLimit.working_days(n)).due  # the rejection day not counted
        fix = next((x for x in evs[i + 1 :] if x.kind == EventKind.certificate_corrected), None)
        late = fix.at.date() > due if fix is not None else ctx.as_of > due
        if late:
            when = fix.at.date().isoformat() if fix is not None else f"至{ctx.as_of.isoformat()}仍未"
            yield Hit(
                message=f"出件窗口退回的证件最迟应于{due.isoformat()}更正转交，{when}转交",
                responsible=ev.department or (fix.department if fix else None),
                on=due,
                provisional=ctx.calendar.is_provisional(due),
                evidence={
                    "rejected_at": ev.at.isoformat(timespec="minutes"),
                    "due": due.isoformat(),
                    "corrected_at": _iso(fix.at) if fix is not None else None,
                },
            )


@rule(
    f"{S}/pickup-notice",
    title_zh="收到证照后1个工作日内发出取件通知",
    clause=f"{S}:7.6.2",
    severity="error",
    subject="application",
    parameters=[f"{S}.pickup_notice_working_days"],
    interpretations=[DECLARATIVE.name],
    title="The pickup notice goes out within 1 working day of receiving the certificate",
    live=True,
    needs_events=("certificate_handed_over", "certificate_corrected"),
)
def pickup_notice(app: Application, ctx: Context) -> Iterator[Hit]:
    """出件窗口工作人员在收到证件交接凭证之日起1个工作日内发放取件通知,告知服务对象前来取件。

    The issuing window's receipt is the last handover or corrected certificate not rejected
    afterwards. The first ``pickup_notified`` event after it must fall within
    ``pickup_notice_working_days`` working days (the receipt day not counted). Certificates sent by
    post (a ``mailed`` event, or a handover with ``delivery`` mail/electronic) need no pickup notice.
    """
    receipt, posted, notices = _issuing(app)
    if receipt is None or not _duty(ctx):
        return
    if posted:
        return
    n = ctx.param(f"{S}.pickup_notice_working_days", on=app.received_at)
    due = ctx.due(receipt.at.date(), TimeLimit.working_days(n)).due  # the receipt day not counted
    notice = next((e for e in notices if e.at >= receipt.at), None)
    late = notice.at.date() > due if notice is not None else ctx.as_of > due
    if late:
        when = (
            f"实际{notice.at.date().isoformat()}发放"
            if notice is not None
            else f"至{ctx.as_of.isoformat()}仍未发放"
        )
        yield Hit(
            message=f"收到证件后最迟应于{due.isoformat()}发放取件通知，{when}",
            responsible=(notice.staff_id if notice is not None else None) or receipt.window_id,
            on=due,
            provisional=ctx.calendar.is_provisional(due),
            evidence={
                "received_certificate_at": receipt.at.isoformat(timespec="minutes"),
                "due": due.isoformat(),
                "pickup_notified_at": _iso(notice.at) if notice is not None else None,
            },
        )


# -- 8.1 服务评价 -----------------------------------------------------------------------------------


@rule(
    f"{S}/haochaping-system",
    title_zh="施行好差评制度",
    clause=f"{S}:8.1.2",
    severity="error",
    subject="hall",
    title="A 好差评 system in force",
)
def haochaping_system(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """政务服务中心应建立并完善“好差评”制度及相关服务内控制度,对服务人员的工作及时评价,并及时公布结果。

    Fires when ``Hall.systems`` has neither the 好差评 system nor an evaluation system.
    """
    if hall.recorded("systems") and not {HallSystem.haochaping, HallSystem.evaluation} & set(hall.systems):
        yield Hit(message="未建立“好差评”制度", evidence={"systems": [s.value for s in hall.systems]})


def _dimension_keys(dims: dict[str, Any]) -> frozenset[str]:
    return _dimension_names(tuple(dims))


@functools.lru_cache(maxsize=1024)  # ratings are recorded with the same few sets of keys
def _dimension_names(keys: tuple[str, ...]) -> frozenset[str]:
    out = set()
    for key in keys:
        k = key.strip().lower()
        for name, terms in DIMENSIONS.items():
            if k == name or key.strip() in terms:
                out.add(name)
    return frozenset(out)


@rule(
    f"{S}/evaluation-dimensions",
    title_zh="评价涵盖服务态度、质量、效率和环境",
    clause=f"{S}:8.1.3",
    severity="error",
    subject="dataset",
    interpretations=[DECLARATIVE.name, DIMENSIONS_SCOPE.name],
    title="Ratings cover attitude, quality, efficiency and environment",
)
def evaluation_dimensions(ds: Dataset, ctx: Context) -> Iterator[Hit]:
    """服务评价内容包括但不限于:——服务态度;——服务质量;——服务效率;——服务环境。

    ``Evaluation.dimensions`` keys ``attitude``, ``quality``, ``efficiency``, ``environment`` (or
    服务态度 …). Per rating (default): one finding per rating lacking a dimension; under
    ``db23-hlj-2023.evaluation-dimensions=scheme``: one finding when no rating in the dataset covers a
    dimension. A rating whose dimensions are not recorded at all (``dimensions`` left out) is not
    judged: an unrecorded fact is never a finding.
    """
    rated = [e for e in ds.evaluations if e.recorded("dimensions")]
    if not rated or not _duty(ctx):
        return
    if ctx.interpret(DIMENSIONS_SCOPE.name) == "scheme":
        seen: set[str] = set()
        for e in rated:
            seen |= _dimension_keys(e.dimensions)
        missing = [d for d in DIMENSIONS if d not in seen]
        if missing:
            hall = ds.hall
            yield Hit(
                message="服务评价内容缺少：" + "、".join(DIMENSIONS[d][0] for d in missing),
                subject=Subject(kind="hall", id=hall.id if hall else "dataset"),
                evidence={"missing_dimensions": missing, "evaluations": len(rated)},
            )
        return
    for e in rated:
        have = _dimension_keys(e.dimensions)
        missing = [d for d in DIMENSIONS if d not in have]
        if missing:
            yield Hit(
                message="服务评价内容缺少：" + "、".join(DIMENSIONS[d][0] for d in missing),
                subject=Subject(kind="evaluation", id=e.id),
                responsible=e.staff_id,
                on=e.at.date(),
                evidence={"missing_dimensions": missing, "dimensions": sorted(e.dimensions)},
            )
