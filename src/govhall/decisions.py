"""Decisions for embedding: who is responsible, where a person must be sent, what records show.

These are the gdzw-0020-2019 service mechanisms (5.1 首问, 5.2 首办, 5.3 一次性告知, 5.7 容缺受理,
5.9 评价) as pure functions over the input models, so that a hall's own software can ask the same
questions the audit asks, and so that standards that repeat these mechanisms (dongguan-hall-2023
5.2.x) call them instead of re-encoding them. Nothing here reads files, the clock or a calendar:
"now" is always an argument, and a deadline, when one matters, is computed by the caller through
:mod:`govhall.timelimits` and passed in.

Every result names the clause it comes from (``"gdzw-0020-2019:5.1.4.b"``). Where the seed is
ambiguous the choice is an argument whose default is the registered Interpretation's default:

* ``gdzw-0020-2019.first-inquiry-tie`` (5.1.2): two or more simultaneous answerers share the
  highest 职务职级;
* ``gdzw-0020-2019.sanction-ladder`` (5.1.4, 5.2.4, 5.3.3): which of the listed measures to name;
* ``gdzw-0020-2019.outside-hall-guidance`` (5.1.3 c): is "no guidance given" a breach;
* ``gdzw-0020-2019.unrecorded-history`` (5.5.1 and every "not done" rule): is a history left out, in a
  dataset that records no history of its kind, one in which nothing was done.

Records that do not say (a field left ``None``) are never read as a breach: only what the records
show is reported.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Literal

from govhall.models import (
    ONSITE_RATING_CHANNELS,
    Application,
    Channel,
    Complaint,
    Evaluation,
    Event,
    EventKind,
    Inquiry,
    InquiryScope,
    Item,
    Staff,
    StaffRole,
    Window,
    WindowKind,
)
from govhall.rules.interpretations import interpretation

if TYPE_CHECKING:
    from govhall.rules.context import Context
    from govhall.timelimits import Deadline

STD = "gdzw-0020-2019"

__all__ = [
    "FIRST_INQUIRY_CHANNELS",
    "ELEMENT_TERMS",
    "FIVE_ELEMENTS",
    "HANDLING_SANCTION_CLAUSES",
    "INQUIRY_SANCTION_CLAUSES",
    "LADDER",
    "OUTSIDE_GUIDANCE",
    "REFERRAL_MINUTES",
    "TIE",
    "UNRECORDED_HISTORY",
    "UNRECORDED_INQUIRY_SCOPE",
    "UNRECORDED_NOTICE_CONTENTS",
    "ALL_ITEM_WINDOWS",
    "Breach",
    "IntegrityParams",
    "RongqueDecision",
    "RongqueSupplement",
    "Routing",
    "closed_unanswered",
    "complaint_history_recorded",
    "correction_notice_breaches",
    "rongque_taken_by",
    "elements_missing",
    "rongque_supplement_deadline",
    "rongque_supplement_progress",
    "evaluation_integrity",
    "first_handler",
    "first_handling_staff",
    "handling_breaches",
    "handling_scope",
    "history_recorded",
    "inquiry_breaches",
    "DB23_NOT_SERVICE_STAFF",
    "DONGGUAN_NOT_SERVICE_STAFF",
    "is_service_staff",
    "on_recorded_history",
    "on_recorded_notice_contents",
    "one_time_answer_judged",
    "material_key",
    "may_accept_rongque",
    "missing_named",
    "named_values",
    "accepted_under_rongque",
    "with_help_service",
    "required_routing",
    "referral_due",
    "responsible_for_inquiry",
    "sanction_for",
]

# --------------------------------------------------------------------------------------------
# Interpretations (registered here so that every standard calling these functions shares them)
# --------------------------------------------------------------------------------------------

TIE = interpretation(
    "gdzw-0020-2019.first-inquiry-tie",
    clause="gdzw-0020-2019:5.1.2",
    question="同时有两位以上工作人员答复 and two or more of them share the highest 职务职级: who is 首问责任人?",
    default="first_asked",
    alternatives={
        "first_asked": "among the tied, the one asked first (order of asked_staff, then of answered_by)",
        "undetermined": "no one is computed (None): a supervisor decides from the 核查情况",
    },
    basis="5.1.2 makes the first person asked responsible in the ordinary case; the tie-break follows it",
)

LADDER = interpretation(
    "gdzw-0020-2019.sanction-ladder",
    clause="gdzw-0020-2019:5.1.4",
    question="5.1.4/5.2.4 (谈话教育、通报批评、岗位调整) and 5.3.3 (批评教育；通报批评、调离岗位) grade the "
    "measure by 情节轻重: which measure does a finding name?",
    default="escalate",
    alternatives={
        "escalate": "by repetition in the audited records: the first breach the lightest measure, the second "
        "the next, the third and later the heaviest",
        "list_all": "name all listed measures; the person deciding chooses by 情节轻重",
    },
    basis="情节 is a person's judgement; repetition is the one part of it the records show",
)

OUTSIDE_GUIDANCE = interpretation(
    "gdzw-0020-2019.outside-hall-guidance",
    clause="gdzw-0020-2019:5.1.3.c",
    question="5.1.3 c: 应当说明情况，耐心解释，并尽可能提供指引和帮助 — is a record of no guidance a breach?",
    default="required",
    alternatives={
        "required": "guidance_given=False is a breach (5.1.4 d): the record does not separate the required "
        "explanation from the best-effort guidance, and a person left with neither was not told",
        "best_effort": "guidance is only 尽可能: guidance_given=False is not reported",
    },
    basis="the 应当 governs 说明情况; the hall's single guidance_given field records both",
)

REFERRAL_MINUTES = interpretation(
    "gdzw-0020-2019.referral-minutes",
    clause="gdzw-0020-2019:5.1.3.b",
    question="5.1.3 b / 5.2.3 b 及时将服务对象引导到具体窗口 (承办窗口或承办工作人员), timed by the local "
    "referral_within_minutes: do its minutes run by the clock, through the lunch break, the evening and "
    "days off, or only while the hall is open (its service hours on its working days)?",
    default="elapsed",
    alternatives={
        "elapsed": "clock minutes (timelimits.minutes_after): 30 minutes from 11:50 end at 12:20, lunch or "
        "not; a matter asked just before closing is referred late unless it is referred at once",
        "service_hours": "minutes of the hall's service hours (Hall.service_hours) on the working days of "
        "the run's calendar: 30 minutes from 11:50 end at 14:20 after a 12:00–14:00 lunch, from Fri 17:20 "
        "at 09:20 on Monday; a hall that records no service hours is counted by the clock",
    },
    basis="the seed says 及时 and fixes no figure or unit; the minutes are govhall's local default. A "
    "referral hands the person to a window, which is staffed only in service hours, so a window closed "
    "for lunch cannot take them; but the person is in the hall when asking, and 及时 may ask that they "
    "are not left waiting over the break. elapsed is the only reading before 2026-12; asked only of a "
    "referral (transfer) later by the clock than the limit",
)

UNRECORDED_HISTORY = interpretation(
    "gdzw-0020-2019.unrecorded-history",
    clause="gdzw-0020-2019:5.5.1",
    question="5.5.1 (应在规定或承诺时限内办结或者答复) and the rules that report an act as not done (no decision, "
    "answer, 销号, telling, transfer, referral, supplement): an application (a complaint) whose events are "
    "left out, in a dataset where no application (no complaint) records a single event — was nothing done?",
    default="not_judged",
    alternatives={
        "not_judged": "the dataset does not record what was done to its applications (complaints): an act "
        "missing from a history that is not on record is not reported (acts recorded are still judged)",
        "nothing_done": "events left out are no events: the missing act is reported, as for events: [] given",
    },
    basis="a fact not recorded is never a finding (a fact recorded as missing is): a dataset whose table "
    "holds no event at all, e.g. an export without its events table, shows nothing about what was done; "
    "the alternative is for a hall whose records are known to be complete",
)

UNRECORDED_NOTICE_CONTENTS = interpretation(
    "gdzw-0020-2019.unrecorded-notice-contents",
    clause="gdzw-0020-2019:5.3.2.b",
    question="5.3.2 b 出具材料补正告知书，一次性告知其须补正的材料、要求及补正期限: a correction notice that gives no "
    "materials (requirements, deadline), in a dataset none of whose notices records that part — did the "
    "notice leave it out?",
    default="not_judged",
    alternatives={
        "not_judged": "the notices' contents are not recorded (the 告知书 is a document of its own), so a part "
        "missing from the event is not reported; a notice that gives the field (empty or null: left out of "
        "the notice) is judged, and so is every notice of a dataset in which any notice records that part",
        "left_out": "a notice event without materials (requirements, deadline) is a notice without them, "
        "whether or not the notices record their contents",
    },
    basis="5.3.2 b puts the three parts in the 材料补正告知书, a document the hall hands over; an event log "
    "that records that a notice was given, but never what it said, does not show what it lacked; an "
    "unrecorded fact is never a finding, a fact recorded as missing is (as for written: None)",
)
UNRECORDED_INQUIRY_SCOPE = interpretation(
    "gdzw-0020-2019.unrecorded-inquiry-scope",
    clause="gdzw-0020-2019:5.3.1",
    question="5.3.1 (and dongguan-hall-2023:5.2.3.1, the same words) 政务服务人员应当一次性答复其所要咨询或申办事项的申请"
    "材料、申请条件、办理流程、办理时限、收费标准: an inquiry on a matter whose record lists what was told but not whose "
    "duty the question was (scope left out) — is its answer judged?",
    default="judged",
    alternatives={
        "judged": "yes: the clause binds every 政务服务人员 who answers on a matter; only a question recorded as "
        "referred (5.1.3 b/c: answered at another window or outside the hall) is not held to the five",
        "own_duty_only": "no: only a question recorded as the answerer's own duty (5.1.3 a) is judged; one whose "
        "scope is not recorded is not (gdzw-0020-2019/one-time-notice-elements' reading before 2026-12)",
    },
    basis="5.3.1 and dongguan 5.2.3.1 name no scope: 5.1.3's a/b/c decides who answers a referred question "
    "(由窗口人员予以答复), so a referral is the exception and must be on record; the finding rests on the "
    "recorded answer (told), not on the scope. dongguan-hall-2023/one-time-answer read it so from the start",
)

# --------------------------------------------------------------------------------------------
# Result types
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Breach:
    """One breach the records show, with its clause, evidence and the person responsible.

    ``clause`` is a full clause ref (``gdzw-0020-2019:5.1.4.b``); ``duty`` the clause of the duty
    that was not done where it differs (``gdzw-0020-2019:5.1.3.b``); ``subject_kind``/``subject_id``
    the record it is about; ``on`` the day it happened or fell due; ``provisional`` whether that rests on
    a date counted past the last published holiday notice.
    """

    clause: str
    message: str
    subject_kind: str
    subject_id: str
    evidence: dict[str, Any] = field(default_factory=dict)
    responsible: str | None = None
    on: date | None = None
    duty: str | None = None
    provisional: bool = False  # it rests on a date counted past the last published holiday notice


@dataclass(frozen=True)
class Routing:
    """What 5.1.3 (inquiries) or 5.2.3 (applications) requires for one scope a/b/c."""

    clause: str
    scope: Literal["a", "b", "c"]
    action: str
    must: tuple[str, ...]


@dataclass(frozen=True)
class RongqueDecision:
    """Whether a window may take an application under 容缺受理 (5.7.2), and why not."""

    allowed: bool
    reasons: tuple[str, ...]
    missing_main: tuple[str, ...] = ()
    clause: str = f"{STD}:5.7.2"


@dataclass(frozen=True)
class IntegrityParams:
    """Figures for :func:`evaluation_integrity`: a burst is ``burst_count`` ratings from one device
    within ``burst_minutes`` minutes (gdzw-0020-2019.rating_burst_count / rating_burst_minutes)."""

    burst_count: int = 5
    burst_minutes: int = 10


# --------------------------------------------------------------------------------------------
# 5.1.2 首问责任人
# --------------------------------------------------------------------------------------------


_NOT_SERVICE_STAFF = frozenset({StaffRole.security, StaffRole.cleaner})  # 3.3 不包括保安、保洁类服务人员
#: the words a 容缺 finding names who took the application in with (5.7.2 窗口人员可先接收)
_TAKER_WORDS = {StaffRole.security: "保安人员", StaffRole.cleaner: "保洁人员", StaffRole.volunteer: "志愿者"}
#: dongguan-hall-2023:3.3 政务服务人员 …包括…安保人员、志愿者等: guards are in, cleaners are not listed
DONGGUAN_NOT_SERVICE_STAFF = frozenset({StaffRole.cleaner})
#: db23-hlj-2023:3.1 服务人员 在政务服务中心提供政务服务及其他相关服务的工作人员，包括咨询引导人员、窗口人员、
#: 审批人员等, and 6.1.1 首问负责 names 首位接受服务对象…咨询或投诉相关事项的工作人员: nobody is left out
DB23_NOT_SERVICE_STAFF: frozenset[StaffRole] = frozenset()


def is_service_staff(
    staff_id: str,
    staff_by_id: Mapping[str, Staff],
    not_service: frozenset[StaffRole] = _NOT_SERVICE_STAFF,
) -> bool:
    """Whether ``staff_id`` is a 政务服务人员 (gdzw-0020-2019:3.3).

    3.3: 在政务服务大厅现场提供政务服务的工作人员，包括窗口工作人员、咨询引导人员、进驻部门工作人员、
    志愿者等，不包括保安、保洁类服务人员. Security (保安) and cleaning (保洁) staff are excluded (the
    ``cleaner`` role exists since 2026-12: before it a cleaner could only be recorded under another role,
    and counted); an id not in ``staff_by_id`` is given the benefit of the doubt (it is counted).
    """
    s = staff_by_id.get(staff_id)
    return s is None or s.role not in not_service


def responsible_for_inquiry(
    inquiry: Inquiry,
    staff_by_id: Mapping[str, Staff],
    *,
    tie: str = "first_asked",
    recorded_only: bool = False,
    not_service: frozenset[StaffRole] = _NOT_SERVICE_STAFF,
) -> str | None:
    """The 首问责任人 of ``inquiry`` (gdzw-0020-2019:5.1.2), or None when the records cannot say.

    5.1.2: 服务对象现场或电话向政务服务大厅咨询政务服务事项时，第一位被询问的在岗政务服务人员为首问
    责任人；同时有两位以上工作人员答复的，职务职级最高者为首问责任人。

    * Two or more 政务服务人员 in ``answered_by`` (they answered at the same time): the highest
      ``Staff.rank`` among them; an unknown id has rank 0. A tie on the highest rank follows
      ``tie`` (interpretation ``gdzw-0020-2019.first-inquiry-tie``): ``first_asked`` picks the tied
      person asked first (``asked_staff`` order, then ``answered_by`` order); ``undetermined``
      returns None.
    * Otherwise the first 政务服务人员 in ``asked_staff``; if nobody is listed as asked, the single
      answerer — unless ``recorded_only`` (an audit judging what the records show) and ``asked_staff``
      is not recorded (left out): who was asked first is then unknown (the answerer may be the window
      the first person asked sent the inquirer to, 5.1.3 b), so None.
    * Security and cleaning staff (保安、保洁) are not 政务服务人员 (3.3) and are skipped: the roles in
      ``not_service``; dongguan-hall-2023:3.3 counts 安保人员 in, so its rules pass
      :data:`DONGGUAN_NOT_SERVICE_STAFF` (cleaners only).
    """
    TIE.check(tie)
    answered = _unique(s for s in inquiry.answered_by if is_service_staff(s, staff_by_id, not_service))
    asked = _unique(s for s in inquiry.asked_staff if is_service_staff(s, staff_by_id, not_service))
    if len(answered) >= 2:
        top = max(_rank(s, staff_by_id) for s in answered)
        best = [s for s in answered if _rank(s, staff_by_id) == top]
        if len(best) == 1:
            return best[0]
        if tie == "undetermined":
            return None
        order = {s: i for i, s in enumerate(asked)}
        return min(best, key=lambda s: (order.get(s, len(order)), answered.index(s)))
    if asked:
        return asked[0]
    if recorded_only and not inquiry.recorded("asked_staff"):
        return None
    return answered[0] if answered else None


def _rank(staff_id: str, staff_by_id: Mapping[str, Staff]) -> int:
    s = staff_by_id.get(staff_id)
    return s.rank if s is not None else 0


def _unique(ids: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for i in ids:
        if i and i not in seen:
            seen.append(i)
    return seen


# --------------------------------------------------------------------------------------------
# 5.1.3 / 5.2.3 routing
# --------------------------------------------------------------------------------------------

_INQUIRY_ROUTING = {
    "a": Routing(
        f"{STD}:5.1.3.a", "a", "当场提供相关信息资料并作清晰解答", ("answered_on_spot", "info_provided")
    ),
    "b": Routing(
        f"{STD}:5.1.3.b",
        "b",
        "主动告知，并及时将服务对象引导到具体窗口，由窗口人员予以答复",
        ("referred_window", "referred_at"),
    ),
    "c": Routing(f"{STD}:5.1.3.c", "c", "说明情况，耐心解释，并尽可能提供指引和帮助", ("guidance_given",)),
}
_HANDLING_ROUTING = {
    "a": Routing(
        f"{STD}:5.2.3.a",
        "a",
        "立即接办，当场提供相关信息资料并作清晰解答、办理",
        ("handled_by_first_handler",),
    ),
    "b": Routing(
        f"{STD}:5.2.3.b", "b", "主动告知，并及时将服务对象引导到具体承办窗口或承办工作人员", ("transferred",)
    ),
    "c": Routing(f"{STD}:5.2.3.c", "c", "说明情况，耐心解释，并尽可能提供指引和帮助", ("told_applicant",)),
}


def required_routing(
    inquiry: Inquiry | InquiryScope | str,
    *,
    duty: Literal["inquiry", "handling"] = "inquiry",
) -> Routing:
    """What the first person must do, by scope (gdzw-0020-2019:5.1.3 a/b/c, or 5.2.3 a/b/c).

    5.1.3 a) 咨询事项属于首问责任人职责范围内的，首问责任人应当场向服务对象提供相关信息资料并作清晰解答；
    b) 不属于首问责任人职责范围但属于本政务服务大厅职责范围内的，首问责任人应当主动告知，并及时将服务
    对象引导到具体窗口，由窗口人员予以答复；c) 不属于本政务服务大厅职责范围内的，首问责任人应当说明
    情况，耐心解释，并尽可能提供指引和帮助。

    ``inquiry`` is an :class:`Inquiry` (its ``scope``) or a scope (``"a"``/``"b"``/``"c"``,
    ``InquiryScope`` or its Chinese name). ``duty="handling"`` gives 5.2.3 (首办) instead.
    Raises ``ValueError`` when the inquiry records no scope.
    """
    raw = inquiry.scope if isinstance(inquiry, Inquiry) else inquiry
    if raw is None:
        raise ValueError("the inquiry records no scope (5.1.3 a/b/c): the routing cannot be decided")
    scope = InquiryScope(raw).value
    return (_INQUIRY_ROUTING if duty == "inquiry" else _HANDLING_ROUTING)[scope]


# --------------------------------------------------------------------------------------------
# 5.1.4 / 5.2.4 / 5.3.3 sanctions
# --------------------------------------------------------------------------------------------

INQUIRY_SANCTION_CLAUSES = ("5.1.4", "5.1.4.a", "5.1.4.b", "5.1.4.c", "5.1.4.d", "5.1.4.e")
HANDLING_SANCTION_CLAUSES = ("5.2.4", "5.2.4.a", "5.2.4.b", "5.2.4.c", "5.2.4.d", "5.2.4.e")
_FIRST_LADDER = ("谈话教育", "通报批评", "岗位调整")
_NOTICE_LADDER = ("批评教育", "通报批评", "调离岗位")


def sanction_for(clause: str, prior_count: int, ladder: str = "escalate") -> str:
    """The measure a finding under ``clause`` names, after ``prior_count`` earlier breaches.

    5.1.4 / 5.2.4: 根据核查情况，视情节轻重，给予谈话教育、通报批评、岗位调整等处理. 5.3.3: 情节轻微的，
    对政务服务人员给予批评教育；情节严重、影响恶劣、造成不良后果的，给予通报批评、调离岗位等处理.

    ``clause`` is ``5.1.4[.x]``, ``5.2.4[.x]`` or ``5.3.3[.x]``, with or without the
    ``gdzw-0020-2019:`` prefix. ``ladder`` is the interpretation ``gdzw-0020-2019.sanction-ladder``:
    ``escalate`` (default) names the first, second, third measure for a person's first, second,
    third-and-later breach; ``list_all`` names every measure for a person to choose from.
    Raises ``ValueError`` for another clause or a negative count, ``TypeError`` for a clause that is
    not text or a count that is not a whole number.
    """
    LADDER.check(ladder)
    if not isinstance(clause, str):  # None said "argument of type 'NoneType' is not iterable"
        raise TypeError(f"clause must be text such as 'gdzw-0020-2019:5.3.3', got {type(clause).__name__}")
    if isinstance(prior_count, bool) or not isinstance(prior_count, int):
        # True was a second breach ("第2次"), 1.5 "tuple indices must be integers"
        raise TypeError(f"prior_count must be a whole number, got {prior_count!r}")
    if prior_count < 0:
        raise ValueError("prior_count must be >= 0")
    cid = clause.split(":", 1)[1] if ":" in clause else clause
    if cid.startswith(STD):
        cid = cid[len(STD) :].lstrip(":")
    if cid in INQUIRY_SANCTION_CLAUSES or cid in HANDLING_SANCTION_CLAUSES:
        steps, base = _FIRST_LADDER, cid[:5]
        listed = "、".join(steps) + "等处理（视情节轻重）"
    elif cid == "5.3.3" or cid.startswith("5.3.3."):
        steps, base = _NOTICE_LADDER, "5.3.3"
        listed = "情节轻微的批评教育；情节严重、影响恶劣、造成不良后果的通报批评、调离岗位等处理"
    else:
        raise ValueError(f"gdzw-0020-2019 names no sanction for clause {clause!r} (only 5.1.4, 5.2.4, 5.3.3)")
    if ladder == "list_all":
        return f"{listed} ({STD}:{base})"
    return f"{steps[min(prior_count, len(steps) - 1)]} ({STD}:{base}; 第{prior_count + 1}次)"


# --------------------------------------------------------------------------------------------
# 5.1.4 a–d: inquiries
# --------------------------------------------------------------------------------------------


def _referral_limit(
    at: datetime, done: datetime, minutes: int, due: Callable[[datetime, int], datetime] | None
) -> datetime:
    """The moment a referral (transfer) ``minutes`` after ``at`` is due: clock minutes
    (:func:`govhall.timelimits.minutes_after`), or, for one done later than that (``done``), the moment
    ``due`` gives (a reading that never ends before the clock, so it is asked only where it may decide)."""
    from govhall.timelimits import minutes_after

    limit = minutes_after(at, minutes)
    if done > limit and due is not None:
        return due(at, minutes)
    return limit


def referral_due(ctx: Context) -> Callable[[datetime, int], datetime]:
    """The ``referral_due`` of :func:`inquiry_breaches` and :func:`handling_breaches` for a rule's run: the
    moment a referral ``minutes`` after ``at`` is due under ``gdzw-0020-2019.referral-minutes`` (asked when
    first called, i.e. only of a referral late by the clock), counted by
    :func:`govhall.timelimits.minutes_after` on the hall's service hours and the run's calendar."""

    def due(at: datetime, minutes: int) -> datetime:
        from govhall.standards._presence import parse_periods
        from govhall.timelimits import minutes_after

        hall = ctx.dataset.hall
        if ctx.interpret(REFERRAL_MINUTES.name) == "elapsed" or hall is None or not hall.service_hours:
            return minutes_after(at, minutes)
        return minutes_after(at, minutes, periods=parse_periods(hall.service_hours), cal=ctx.calendar)

    return due


def inquiry_breaches(
    inquiry: Inquiry,
    staff_by_id: Mapping[str, Staff],
    *,
    now: datetime,
    referral_within_minutes: int | None = None,
    tie: str = "first_asked",
    outside_guidance: str = "required",
    referral_due: Callable[[datetime, int], datetime] | None = None,
    not_service: frozenset[StaffRole] = _NOT_SERVICE_STAFF,
    answer_due: Callable[[datetime, datetime], datetime] | None = None,
) -> list[Breach]:
    """The 5.1.4 a–d items the records of ``inquiry`` show (5.1.4 e needs a person's judgement).

    5.1.4: 首问责任人和有关工作人员在咨询答复过程中违反了首问责任制…：a) 未及时与服务对象联系或在规定
    时限内应解决而未解决问题的；b) 未及时将服务对象咨询的事项移交给窗口人员的；c) 对服务对象提出咨询
    推脱责任的；d) 应当告知服务对象有关事项而没有告知的。

    * a: a promised answer time (``answer_promised_at``) passed without an answer, or the answer came
      later; judged at ``now``. ``answer_due(promised, judged)``, when given, is the promised time in
      force for an answer (or ``now``) at ``judged`` (``timelimits.set-date-on-holiday`` for one on a day
      off: :func:`govhall.standards._limits.set_moment`); the evidence keeps the time as agreed.
    * b: scope b (5.1.3 b) with no window referral, or, when ``referral_within_minutes`` is given,
      a referral later than that after the inquiry: clock minutes, or, for a referral late by the
      clock, the moment ``referral_due(at, minutes)`` gives (``gdzw-0020-2019.referral-minutes``).
    * c: scope a (own duty) sent to another window, or neither answered on the spot nor given an
      answer time.
    * d: scope a answered without the information materials (``info_provided`` False); scope c with
      ``guidance_given`` False (unless ``outside_guidance="best_effort"``).

    Only explicit record values count; ``None`` is "not recorded". ``responsible`` is the computed
    首问责任人 (:func:`responsible_for_inquiry`).
    """
    OUTSIDE_GUIDANCE.check(outside_guidance)
    who = responsible_for_inquiry(inquiry, staff_by_id, tie=tie, not_service=not_service)
    out: list[Breach] = []

    def add(item: str, message: str, evidence: dict[str, Any], on: date, duty: str | None = None) -> None:
        out.append(
            Breach(
                f"{STD}:5.1.4.{item}",
                message,
                "inquiry",
                inquiry.id,
                {"responsible_staff_computed": who, **evidence},
                who,
                on,
                duty,
            )
        )

    promised = inquiry.answer_promised_at
    if promised is not None:
        due = promised if answer_due is None else answer_due(promised, inquiry.answered_at or now)
        if inquiry.answered_at is None and now > due:
            add(
                "a",
                "约定答复时间已过仍未答复",
                {"answer_promised_at": promised, "answered_at": None},
                promised.date(),
            )
        elif inquiry.answered_at is not None and inquiry.answered_at > due:
            add(
                "a",
                "超过约定答复时间才答复",
                {"answer_promised_at": promised, "answered_at": inquiry.answered_at},
                inquiry.answered_at.date(),
            )
    scope = inquiry.scope.value if inquiry.scope is not None else None
    if scope == "b":
        if inquiry.referred_window is None:
            add(
                "b",
                "属本大厅职责范围的咨询未引导至具体窗口",
                {"scope": "b", "referred_window": None},
                inquiry.at.date(),
                f"{STD}:5.1.3.b",
            )
        elif referral_within_minutes is not None and inquiry.referred_at is not None:
            limit = _referral_limit(inquiry.at, inquiry.referred_at, referral_within_minutes, referral_due)
            if inquiry.referred_at > limit:
                add(
                    "b",
                    "未及时将咨询事项移交窗口人员",
                    {
                        "scope": "b",
                        "at": inquiry.at,
                        "referred_at": inquiry.referred_at,
                        "referral_within_minutes": referral_within_minutes,
                    },
                    inquiry.referred_at.date(),
                    f"{STD}:5.1.3.b",
                )
    elif scope == "a":
        if inquiry.referred_window is not None:
            add(
                "c",
                "属本人职责范围的咨询被推至其他窗口",
                {"scope": "a", "referred_window": inquiry.referred_window},
                inquiry.at.date(),
                f"{STD}:5.1.3.a",
            )
        elif inquiry.answered_on_spot is False and promised is None:
            add(
                "c",
                "属本人职责范围的咨询既未当场解答也未约定答复时间",
                {"scope": "a", "answered_on_spot": False, "answer_promised_at": None},
                inquiry.at.date(),
                f"{STD}:5.1.3.a",
            )
        if inquiry.answered_on_spot and inquiry.info_provided is False:
            add(
                "d",
                "当场解答但未提供相关信息资料",
                {"scope": "a", "info_provided": False},
                inquiry.at.date(),
                f"{STD}:5.1.3.a",
            )
    elif scope == "c" and inquiry.guidance_given is False and outside_guidance == "required":
        add(
            "d",
            "不属本大厅职责的咨询未说明情况并提供指引",
            {"scope": "c", "guidance_given": False},
            inquiry.at.date(),
            f"{STD}:5.1.3.c",
        )
    return out


# --------------------------------------------------------------------------------------------
# 5.2: 首办
# --------------------------------------------------------------------------------------------

_FIRST_ACTS = (
    EventKind.received,
    EventKind.accepted,
    EventKind.not_accepted,
    EventKind.correction_notice,
    EventKind.transferred,
    EventKind.decided,
)


_FIRST_ACT_KINDS = frozenset(_FIRST_ACTS)  # one hash test per event instead of six comparisons
#: the events after which the applicant must have been told (5.2.4 d)
_TOLD_KINDS = (EventKind.not_accepted, EventKind.transferred, EventKind.referred)
_TOLD_KIND_SET = frozenset(_TOLD_KINDS)
_TRANSFERRED = EventKind.transferred


def first_handler(
    application: Application,
    *,
    recorded_only: bool = False,
    staff_by_id: Mapping[str, Staff] | None = None,
    not_service: frozenset[StaffRole] = _NOT_SERVICE_STAFF,
) -> str | None:
    """The 首办责任人 the events show (gdzw-0020-2019:5.2.2): the staff of the earliest handling event.

    5.2.2: 服务对象到政务服务大厅申办政务服务事项时，首先办理的政务服务人员为首办责任人。
    The earliest of received / accepted / not_accepted / correction_notice / transferred / decided
    that names a staff member; None when no event names one. An audit judges what the records show
    (``recorded_only``): the staff of the earliest handling event itself, None when that event names
    nobody (who acted first is then not recorded; a later act's staff is not the first handler).

    With ``staff_by_id``, an event naming someone who is not a 政务服务人员 (3.3: 不包括保安、保洁类
    服务人员; the roles in ``not_service``, dongguan-hall-2023 passes
    :data:`DONGGUAN_NOT_SERVICE_STAFF`) is passed over: a guard or cleaner who took the papers first
    is not the 首办责任人, the first 政务服务人员 who handled the application after them is.
    """
    for ev in application.events:
        if ev.kind in _FIRST_ACT_KINDS:
            if ev.staff_id:
                if staff_by_id is not None and not is_service_staff(ev.staff_id, staff_by_id, not_service):
                    continue
                return ev.staff_id
            if recorded_only:
                return None
    return None


def first_handling_staff(
    application: Application,
    staff_by_id: Mapping[str, Staff],
    not_service: frozenset[StaffRole] = _NOT_SERVICE_STAFF,
) -> str | None:
    """Who answers as 首办责任人 (gdzw-0020-2019:5.2.2, 5.2.4) for ``application``.

    The recorded ``Application.staff_id`` when it is a 政务服务人员 (3.3), else :func:`first_handler`
    over the events, guards and cleaners (``not_service``) passed over: 5.2.2 makes the first
    政务服务人员 who handled it responsible, and 3.3 leaves 保安、保洁 out of them.
    """
    if application.staff_id and is_service_staff(application.staff_id, staff_by_id, not_service):
        return application.staff_id
    return first_handler(application, staff_by_id=staff_by_id, not_service=not_service)


#: Window kinds that receive every item of the hall (一窗受理): their staff handle any in-hall item.
ALL_ITEM_WINDOWS = frozenset({WindowKind.comprehensive, WindowKind.green_channel, WindowKind.cross_region})


def handling_scope(
    application: Application,
    item: Item | None,
    staff: Staff | None,
    window: Window | None = None,
) -> Literal["a", "b", "c"] | None:
    """Whose duty the application is, for 5.2.3 a/b/c, or None when the records cannot say.

    * ``c``: the item is not handled in the hall (``Item.in_hall`` False) or unknown to the catalogue.
    * ``a``: the first handler's department is the item's, or the application was taken at a window
      that takes every item of the hall (综合窗口, 绿色通道窗口, 跨域通办窗口: :data:`ALL_ITEM_WINDOWS`)
      or at a window of the item's department.
    * ``b``: otherwise, when the first handler's department is known.
    """
    if item is None or not item.in_hall:
        return "c"
    if window is not None and (window.kind in ALL_ITEM_WINDOWS or window.department == item.department):
        return "a"
    if staff is None or staff.department is None:
        return None
    return "a" if staff.department == item.department else "b"


def handling_breaches(
    application: Application,
    item: Item | None,
    staff_by_id: Mapping[str, Staff],
    windows_by_id: Mapping[str, Window] | None = None,
    *,
    now: datetime,
    deadline: Deadline | None = None,
    transfer_within_minutes: int | None = None,
    referral_due: Callable[[datetime, int], datetime] | None = None,
    not_service: frozenset[StaffRole] = _NOT_SERVICE_STAFF,
) -> list[Breach]:
    """The 5.2.4 a–d items the records of ``application`` show (5.2.4 e needs a person's judgement).

    5.2.4: 首办责任人违反了首办责任制…：a) 未及时与服务对象联系或在规定时限内应解决而未解决问题的；
    b) 未及时将服务对象申办的事项移交给承办窗口或承办工作人员的；c) 对服务对象提出申请推脱责任的；
    d) 应当告知服务对象有关事项而没有告知的。

    * a: only when ``deadline`` (a :class:`govhall.timelimits.Deadline`, computed by the caller) is
      given: decided after ``deadline.due``, or undecided and ``now`` past it.
    * b: scope b (:func:`handling_scope`) and no ``transferred`` event, or one later than
      ``transfer_within_minutes`` after receipt (when given; minutes as in :func:`inquiry_breaches`).
    * c: scope a and the application was transferred away.
    * d: a ``not_accepted``, ``transferred`` or ``referred`` event with ``told_applicant`` False.

    ``responsible`` is ``Application.staff_id`` (the recorded 首办责任人), else :func:`first_handler`;
    a guard or cleaner (``not_service``; 3.3) is never the 首办责任人 (:func:`first_handling_staff`),
    so neither names the person answerable nor, by department, the scope.
    """
    who = first_handling_staff(application, staff_by_id, not_service)
    window = windows_by_id.get(application.window_id) if windows_by_id and application.window_id else None
    scope = handling_scope(application, item, staff_by_id.get(who) if who else None, window)
    out: list[Breach] = []
    told_events: list[Event] = []  # transfers among them (a plain loop: no comprehension frame per call)
    for ev in application.events:
        if ev.kind in _TOLD_KIND_SET:
            told_events.append(ev)
    if deadline is None and scope != "b" and not told_events:
        return out  # nothing to judge (most applications): b needs scope b, c a transfer, d a told event

    def add(item_: str, message: str, evidence: dict[str, Any], on: date, duty: str | None = None) -> None:
        out.append(
            Breach(
                f"{STD}:5.2.4.{item_}",
                message,
                "application",
                application.id,
                {"staff_id": who, **evidence},
                who,
                on,
                duty,
            )
        )

    if deadline is not None:
        decided = application.first(EventKind.decided)
        from govhall.timelimits import is_late

        if decided is not None and is_late(deadline, decided.at):
            add(
                "a",
                "超过承诺时限才办结",
                {"due": deadline.due, "decided_at": decided.at},
                decided.at.date(),
                f"{STD}:5.5.1",
            )
        elif decided is None and is_late(deadline, now):
            add(
                "a",
                "承诺时限已过仍未办结",
                {"due": deadline.due, "decided_at": None},
                deadline.due,
                f"{STD}:5.5.1",
            )
    transfers = [ev for ev in told_events if ev.kind == _TRANSFERRED] if told_events else told_events
    if scope == "b":
        if not transfers:
            add(
                "b",
                "非本人职责的申请未移交承办窗口或承办人员",
                {"scope": "b", "transferred": False},
                application.received_at.date(),
                f"{STD}:5.2.3.b",
            )
        elif transfer_within_minutes is not None:
            limit = _referral_limit(
                application.received_at, transfers[0].at, transfer_within_minutes, referral_due
            )
            if transfers[0].at > limit:
                add(
                    "b",
                    "未及时将申请移交承办窗口或承办人员",
                    {
                        "scope": "b",
                        "received_at": application.received_at,
                        "transferred_at": transfers[0].at,
                        "transfer_within_minutes": transfer_within_minutes,
                    },
                    transfers[0].at.date(),
                    f"{STD}:5.2.3.b",
                )
    elif scope == "a" and transfers:
        add(
            "c",
            "属本人职责范围的申请被移交他人",
            {
                "scope": "a",
                "transferred_at": transfers[0].at,
                "transferred_to": transfers[0].window_id or transfers[0].staff_id,
            },
            transfers[0].at.date(),
            f"{STD}:5.2.3.a",
        )
    for ev in told_events:
        if ev.told_applicant is False:
            add(
                "d",
                "未向服务对象告知有关事项",
                {"event": ev.kind.value, "at": ev.at, "told_applicant": False},
                ev.at.date(),
            )
    return out


# --------------------------------------------------------------------------------------------
# 5.3: 一次性告知
# --------------------------------------------------------------------------------------------

#: The elements 5.3.1 requires to be told at once, as ``Inquiry.told`` names them.
FIVE_ELEMENTS = ("materials", "conditions", "process", "time_limit", "fee")

#: The clauses' own words for each of :data:`FIVE_ELEMENTS`, which a hall may record in ``Inquiry.told``
#: instead (gdzw-0020-2019:5.3.1 申请材料、申请条件、办理流程、办理时限、收费标准; dongguan-hall-2023:5.2.3.1 办理程序).
ELEMENT_TERMS: dict[str, tuple[str, ...]] = {
    "materials": ("申请材料", "材料"),
    "conditions": ("申请条件", "条件"),
    "process": ("办理流程", "办理程序", "流程", "程序"),
    "time_limit": ("办理时限", "时限"),
    "fee": ("收费标准", "收费"),
}


#: the lookups :func:`named_values` built, by the terms they were built from (a rule's terms are a
#: module's constant mapping: its lookup is built once per process, not once per record)
_LOOKUPS: dict[tuple[tuple[str, Any], ...], dict[str, str]] = {}
_UNCHANGING = frozenset({tuple, frozenset, str})


def _term_lookup(terms: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """``terms`` as a map from each word (stripped, lower case) to the value it names. Kept by the
    terms' contents, so a mapping changed between two calls is read afresh, and only for words that
    cannot change (tuples …): a list or an iterator of words is read every time."""
    key = tuple(terms.items())
    found = None
    if _UNCHANGING.issuperset(map(type, terms.values())):
        try:
            found = _LOOKUPS.get(key)
        except TypeError:  # a word that is not hashable: read every time
            key = ()
    else:
        key = ()
    if found is None:
        found = {_squeezed(str(term)): value for value, words in terms.items() for term in words}
        if key and len(_LOOKUPS) < 256:
            _LOOKUPS[key] = found
    return found


def _squeezed(text: str) -> str:
    """``text`` as a term is compared: in NFKC (full-width letters and spaces as their plain forms), lower
    case, with no spaces (``叫号 机`` is ``叫号机``, ``ＱＵＥＲＹ`` is ``query``)."""
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


def named_values(listed: Iterable[str], terms: Mapping[str, Iterable[str]]) -> list[str]:
    """The value each entry of ``listed`` (a record's free-text list) names, distinct, in their order.

    An entry names the value of ``terms`` whose words include it (the clause's words, e.g. ``办理时限`` for
    ``time_limit``; case, spaces and full-width forms do not matter: ``i莞家App``, ``叫号 机``), else
    itself, with case, full-width forms, surrounding spaces and ``-`` or spaces for ``_`` not mattering
    (``Time-Limit`` and ``ＴＩＭＥ　ＬＩＭＩＴ`` are ``time_limit``). So two wordings of one thing (``paper``
    and ``纸质``) are one value; blank entries name nothing."""
    of = _term_lookup(terms)
    out: dict[str, None] = {}
    for item in listed:
        text = str(item)
        if not text.isascii():  # (NFKC leaves ASCII as it is)
            text = unicodedata.normalize("NFKC", text)
        text = text.lower()
        found = of.get("".join(text.split()))
        if found is None:
            words = text.replace("-", " ").replace("_", " ").split()
            if not words:  # blank, however written
                continue
            found = "_".join(words)
        out[found] = None
    return list(out)


def missing_named(
    listed: Iterable[str], wanted: Iterable[str], terms: Mapping[str, Iterable[str]]
) -> list[str]:
    """The values of ``wanted`` that ``listed`` (a record's free-text list) does not name, in their order.

    A value is named by itself (case, full-width forms, surrounding spaces and ``-`` or spaces for ``_``
    do not matter: ``Time-Limit``) or by one of its ``terms`` (the clause's words, e.g. ``办理时限``; case,
    spaces and full-width forms do not matter either: :func:`named_values`); anything else names none of
    them, and an empty list names none."""
    named = set(named_values(listed, terms))
    return [v for v in wanted if v not in named]


def one_time_answer_judged(inquiry: Inquiry, ctx: Context) -> bool:
    """Whether ``inquiry``'s answer is held to 5.3.1's five elements (and dongguan-hall-2023:5.2.3.1's).

    Only an answer whose ``told`` list is recorded (the list convention: ``told: []`` records none
    told; left out, not judged), on a matter: the record names the item (``item_code``) or tells
    something of one (a non-empty ``told``); with neither nothing shows a 事项 was asked about. Not a
    question recorded as referred (scope b/c, 5.1.3 b/c). A scope left out is read by
    ``gdzw-0020-2019.unrecorded-inquiry-scope`` (default: judged), asked only then."""
    if not inquiry.recorded("told") or (not inquiry.told and not inquiry.item_code):
        return False
    scope = inquiry.scope
    if scope is None:
        return ctx.interpret(UNRECORDED_INQUIRY_SCOPE.name) == "judged"
    return scope == InquiryScope.own_duty


def elements_missing(told: Iterable[str]) -> list[str]:
    """The elements of :data:`FIVE_ELEMENTS` that ``told`` does not name, in their order (5.3.1: 一次性答复
    …申请材料、申请条件、办理流程、办理时限、收费标准), each named by its value or the clause's words
    (:data:`ELEMENT_TERMS`; :func:`missing_named`). ``told: []`` names none (all five missing)."""
    return missing_named(told, FIVE_ELEMENTS, ELEMENT_TERMS)


#: what a 材料补正告知书 must state (5.3.2 b), in the clause's words
_NOTICE_PARTS = {"materials": "须补正的材料", "requirements": "补正要求", "deadline": "补正期限"}


def _notice_message(missing: list[str]) -> str:
    """What a correction notice lacked, as a clerk would say it: not written, and/or what it left out."""
    parts = ["未以书面形式出具"] if "written" in missing else []
    left_out = [zh for name, zh in _NOTICE_PARTS.items() if name in missing]
    if left_out:
        parts.append("未写明" + "、".join(left_out))
    return "补正告知" + "，".join(parts)


def on_recorded_notice_contents(
    breaches: list[Breach], application: Application, ctx: Context
) -> list[Breach]:
    """``breaches`` of :func:`correction_notice_breaches` for ``application`` less the parts of a 5.3.2 b
    breach that rest on contents not recorded: a notice event that leaves out ``materials``
    (``requirements``, ``deadline``), in a dataset none of whose notices gives that field, is not
    reported as lacking it unless ``gdzw-0020-2019.unrecorded-notice-contents`` is ``left_out`` (asked
    only then). A breach left with nothing missing is dropped; the others keep their wording."""
    out: list[Breach] = []
    for b in breaches:
        missing = b.evidence.get("missing") if b.clause.endswith(":5.3.2.b") else None
        if not missing or not set(missing) & _NOTICE_PARTS.keys():
            out.append(b)
            continue
        notice = next(
            (e for e in application.events_of(EventKind.correction_notice) if e.at == b.evidence["at"]), None
        )
        kept = [m for m in missing if m not in _NOTICE_PARTS or _part_recorded(notice, m, ctx)]
        if kept == missing:
            out.append(b)
        elif kept:
            out.append(replace(b, message=_notice_message(kept), evidence={**b.evidence, "missing": kept}))
    return out


def _part_recorded(notice: Event | None, part: str, ctx: Context) -> bool:
    """Whether ``part`` of a correction notice is on record: the notice gives it, or some notice of the
    dataset does; else the interpretation decides."""
    if notice is None or notice.recorded(part) or ctx.any_recorded(_all_notices(ctx), part):
        return True
    return ctx.interpret(UNRECORDED_NOTICE_CONTENTS.name) == "left_out"


def _all_notices(ctx: Context) -> list[Event]:
    """Every correction notice of the dataset, one list per run and block of subjects (kept in the
    context's memo beside the per-subject answers, so that any_recorded answers once per field)."""
    apps = ctx.holding(ctx.dataset.applications, EventKind.correction_notice)
    memo: dict[Any, Any] | None = getattr(ctx, "_memo", None)
    key = (_all_notices, id(apps))
    found = memo.get(key) if memo is not None else None
    if found is None or found[0] is not apps:
        found = (apps, [e for a in apps for e in a.events_of(EventKind.correction_notice)])
        if memo is not None:
            memo[key] = found
    notices: list[Event] = found[1]
    return notices


def material_key(name: str) -> str:
    """A material's name as compared with another's: in NFKC (full-width brackets and letters as their
    plain forms) with no white space, so that 身份证（复印件） and 身份证(复印件) , typed at two windows, are one
    material. A later correction notice that repeats a material in another width is not a new demand
    (gdzw-0020-2019:5.3.3 a), a main material submitted under such a name was submitted (5.7.2), and a
    容缺 material supplied under it is supplied (5.7.3)."""
    return "".join(unicodedata.normalize("NFKC", name).split())


def correction_notice_breaches(application: Application, item: Item | None = None) -> list[Breach]:
    """What the correction notices (材料补正告知书) of ``application`` show (gdzw-0020-2019:5.3.2 b, 5.3.3 a).

    5.3.2 b) 书面告知：服务对象提供的申请材料需补正的，政务服务人员应出具材料补正告知书，一次性告知其须
    补正的材料、要求及补正期限。 5.3.3 a) 未履行一次性告知，造成服务对象为同一事项往返多次办理的.

    * 5.3.2.b: a notice recorded as not in writing (``written`` False; left unrecorded it is not
      judged), or without materials, requirements or a deadline (a part the dataset's notices never
      record is dropped by :func:`on_recorded_notice_contents`, which the audit rules apply).
    * 5.3.3.a: a later notice asking for materials no earlier notice listed (the person has to come
      back for the same matter). A material a second notice already asked for and a third asks again
      is no new failure to tell at once: it was told (``first_notice_materials`` holds every material
      asked before the notice judged).

    ``responsible`` is the staff member who issued the notice. ``item`` is accepted for symmetry with
    the other decisions and for future checks against the item's material list; it is not used yet.
    """
    out: list[Breach] = []
    notices = application.events_of(EventKind.correction_notice)
    for ev in notices:
        missing = [
            name
            for name, ok in (
                ("written", ev.written is not False),
                ("materials", bool(ev.materials)),
                ("requirements", bool(ev.requirements)),
                ("deadline", ev.deadline is not None),
            )
            if not ok
        ]
        if missing:
            out.append(
                Breach(
                    f"{STD}:5.3.2.b",
                    _notice_message(missing),
                    "application",
                    application.id,
                    {
                        "at": ev.at,
                        "written": ev.written,
                        "materials": list(ev.materials),
                        "requirements": ev.requirements,
                        "deadline": ev.deadline,
                        "missing": missing,
                    },
                    ev.staff_id,
                    ev.at.date(),
                )
            )
    if len(notices) > 1:
        listed = set(notices[0].materials)
        keys = {material_key(m) for m in listed}
        for ev in notices[1:]:
            new = [m for m in ev.materials if material_key(m) not in keys]
            if new:
                out.append(
                    Breach(
                        f"{STD}:5.3.3.a",
                        "再次要求补正首次告知书未列明的材料，造成服务对象往返多次",
                        "application",
                        application.id,
                        {
                            "first_notice_at": notices[0].at,
                            "first_notice_materials": sorted(listed),
                            "at": ev.at,
                            "new_materials": new,
                        },
                        ev.staff_id,
                        ev.at.date(),
                        f"{STD}:5.3.2.b",
                    )
                )
            listed |= set(ev.materials)
            keys |= {material_key(m) for m in ev.materials}
    return out


# --------------------------------------------------------------------------------------------
# 5.7.2: 容缺受理
# --------------------------------------------------------------------------------------------


def accepted_under_rongque(application: Application, ctx: object = None) -> bool:
    """Whether ``application`` was accepted under 容缺受理 (``rongque``): the rules on 容缺 of every
    standard begin by asking it, so the engine asks it once per application for all of them
    (``applies_if``)."""
    return bool(application.rongque)


def with_help_service(application: Application, ctx: object = None) -> bool:
    """Whether ``application`` was handled with 帮办 or 代办 (``help_service`` help or agent): the rules
    on those services begin by asking it (``applies_if``)."""
    return application.help_service in ("help", "agent")


def may_accept_rongque(
    application: Application,
    item: Item | None,
    *,
    recorded_only: bool = False,
    staff_by_id: Mapping[str, Staff] | None = None,
    volunteers_take: bool = True,
    catalogue_recorded: bool = True,
) -> RongqueDecision:
    """Whether ``application`` may be taken under 容缺受理 (gdzw-0020-2019:5.7.2), with the reasons.

    5.7.2: 申办事项属容缺受理事项目录范围内的，其基本申请条件具备、申请材料主件齐全且符合法定条件的，在
    其他申请材料暂缺或有误的情况下，窗口人员可先接收申请材料。

    Allowed when (1) the item is on the 容缺 catalogue (``Item.rongque``), (2) the basic conditions
    are recorded as met (``basic_conditions_met`` True), (3) every main material (``Material.main``)
    was submitted and (4) none of the materials accepted as missing (``rongque_missing``) is a main
    one. Whether the main materials 符合法定条件 is a reviewer's judgement and is not checked.

    A window asks before it accepts: a condition not shown to hold is a reason to refuse. An audit
    judges what happened (``recorded_only``): only a condition the records show unmet is a reason — the
    item recorded as off the catalogue (``rongque`` given false), the conditions recorded as not met
    (False), a main material recorded as missing (in ``rongque_missing``, or absent from a
    ``materials_submitted`` list that was given); a fact left unrecorded is never a finding.

    With ``staff_by_id`` the person who took the application in is asked too (:func:`rongque_taken_by`):
    the clause lets 窗口人员 take it in, and a guard or cleaner is none (gdzw-0020-2019:3.3 不包括保安、保洁类
    服务人员; dongguan-hall-2023:3.3 names 安保人员 apart from 窗口工作人员, 保洁 not at all), so their taking it
    is a reason; a person not in the staff list, or nobody recorded, is not. A volunteer (志愿者, a
    政务服务人员 by gdzw-0020-2019:3.3 but no 窗口工作人员 by name) is one when ``volunteers_take`` is False
    (the caller's reading; True, the default, lets a volunteer take it in).

    ``item`` None is an item missing from the catalogue, a reason; with ``catalogue_recorded`` False (the
    dataset records no items table at all) it is a catalogue nobody recorded: whether the item is on the
    容缺 list and which materials are its 主件 are then unrecorded and not judged, while the conditions the
    application and the staff list record themselves (the basic conditions, who took it in) still are.
    """
    reasons: list[str] = []
    if staff_by_id is not None:
        taker = staff_by_id.get(rongque_taken_by(application) or "")
        if taker is not None and (
            taker.role in _NOT_SERVICE_STAFF or (taker.role == StaffRole.volunteer and not volunteers_take)
        ):
            reasons.append(f"由{_TAKER_WORDS[taker.role]}{taker.id}接收，不是窗口人员")
    met = application.basic_conditions_met
    if item is None:
        if catalogue_recorded:
            return RongqueDecision(False, (*reasons, "事项不在事项目录中"))
        reasons += _basic_conditions_unmet(met, recorded_only)
        return RongqueDecision(not reasons, tuple(reasons))
    if not item.rongque and (not recorded_only or item.recorded("rongque")):
        reasons.append("事项不在容缺受理事项目录内")
    reasons += _basic_conditions_unmet(met, recorded_only)
    main = item.main_materials
    submitted = {material_key(m) for m in application.materials_submitted}
    owed = {material_key(m) for m in application.rongque_missing}
    known = not recorded_only or application.recorded("materials_submitted")
    missing_main = tuple(
        m for m in main if (known and material_key(m) not in submitted) or material_key(m) in owed
    )
    if missing_main:
        reasons.append("申请材料主件不齐全：" + "、".join(missing_main))
    return RongqueDecision(not reasons, tuple(reasons), missing_main)


def _basic_conditions_unmet(met: bool | None, recorded_only: bool) -> list[str]:
    """5.7.2 其基本申请条件具备 as a reason, if it is one: recorded as not met, or (asked before accepting,
    not ``recorded_only``) not recorded as met."""
    if met is True or (recorded_only and met is None):
        return []
    return ["未记录基本申请条件具备" if met is None else "基本申请条件不具备"]


def rongque_taken_by(application: Application) -> str | None:
    """Who took ``application`` in under 容缺 (5.7.2 窗口人员可先接收申请材料): the staff of its first
    ``accepted`` event that names one (受理 is the 容缺 decision), else of its first ``received`` event,
    else its ``staff_id`` (the 首办责任人); None when nobody is recorded."""
    for kind in (EventKind.accepted, EventKind.received):
        for ev in application.events_of(kind):
            if ev.staff_id:
                return ev.staff_id
    return application.staff_id


@dataclass(frozen=True)
class RongqueSupplement:
    """How a 容缺 application's missing materials were supplied against their deadline (5.7.3)."""

    due: date
    completed_on: date | None
    outstanding: tuple[str, ...]
    late: bool
    clause: str = f"{STD}:5.7.3"


def rongque_supplement_deadline(
    application: Application, item: Item | None, default_limit: str
) -> tuple[date | str, str]:
    """What fixes a 容缺 application's supplement deadline: ``(date or limit text, basis)``.

    The date agreed with the applicant (``rongque_supplement_due``) wins; else the item's own
    ``rongque_supplement_limit``; else ``default_limit`` (the locality's parameter). A limit text is
    counted from receipt by the caller through :func:`govhall.timelimits.due_date`.
    """
    if application.rongque_supplement_due is not None:
        return application.rongque_supplement_due, "rongque_supplement_due"
    if item is not None and item.rongque_supplement_limit:
        return item.rongque_supplement_limit, f"item {item.code}: {item.rongque_supplement_limit}"
    return default_limit, f"default: {default_limit}"


def rongque_supplement_progress(
    application: Application, due: date | Deadline, as_of: date | datetime
) -> RongqueSupplement:
    """Whether the materials accepted as missing were supplied by ``due`` (gdzw-0020-2019:5.7.3).

    5.7.3: 申请人逾期未补齐补正容缺材料，将其列入失信名单，按信用相关制度予以惩戒。

    The materials count as supplied when ``materials_supplemented`` events cover every
    ``rongque_missing`` material (an event listing no materials covers all). ``late`` is True when
    they were covered only after ``due``, or are still outstanding at ``as_of``: past ``due``'s day,
    or, given the run's moment (``Context.now``: the end of the audit day in a batch, the clock's time
    live), past a limit's end. ``due`` is the last day, or the :class:`~govhall.timelimits.Deadline`
    of a limit: one in hours ends at its moment (``due_at``), so the covering event, and materials
    still owed at ``as_of``, are judged by the hour (:func:`is_late`).
    """
    outstanding = set(application.rongque_missing)
    completed: Event | None = None
    for ev in application.events_of(EventKind.materials_supplemented):
        if ev.materials:
            supplied = {material_key(m) for m in ev.materials}
            outstanding = {m for m in outstanding if material_key(m) not in supplied}
        else:
            outstanding = set()
        if not outstanding:
            completed = ev
            break
    day = due if isinstance(due, date) else due.due
    if completed is None:
        if isinstance(as_of, datetime) and not isinstance(due, date):
            from govhall.timelimits import is_late

            late = is_late(due, as_of)  # owed at the run's moment: by the hour for an hour limit
        else:
            late = (as_of.date() if isinstance(as_of, datetime) else as_of) > day
    elif isinstance(due, date):
        late = completed.at.date() > day
    else:
        from govhall.timelimits import is_late

        late = is_late(due, completed.at)
    return RongqueSupplement(
        day, completed.at.date() if completed else None, tuple(sorted(outstanding)), late
    )


def closed_unanswered(complaint: Complaint) -> Event | None:
    """The 销号 event of a complaint closed without an answer to the complainant, else ``None``.

    gdzw-0020-2019:5.8.3 (and its repeats, dongguan-hall-2023:5.2.8.2 c, hangzhou-zuiduo-paoyici
    6.1.2.1): 投诉处理人员应及时处理、回复. A ``closed`` event with no ``answered`` event means the
    complainant was never answered.
    """
    closed = complaint.first(EventKind.closed)
    if closed is not None and complaint.first(EventKind.answered) is None:
        return closed
    return None


def history_recorded(record: Application | Complaint, ctx: Context) -> bool:
    """Whether what was done about ``record`` (an application or a complaint) is on record, so that
    an act its history lacks is a finding.

    A record's history (its ``events``) is recorded when the record gives them (an empty list given
    says nothing was done), or when the dataset keeps the histories of its kind at all: some record of
    the same table has events, as an events table gives them, and one with none there has had none
    (the loader marks ``events`` as given only on records that have rows in the events table). A
    dataset in which no application (no complaint) records an event has not recorded what was done
    to them, and a rule that would report a decision, an answer, a 销号 or a telling as missing does
    not judge it: an unrecorded fact is never a finding; a fact recorded as missing is. That last
    reading is the interpretation ``gdzw-0020-2019.unrecorded-history`` (default ``not_judged``;
    ``nothing_done`` reads such a history as ``events: []``), asked only when it decides, so a report
    lists it only when a record was judged (or not) by it.
    """
    if record.recorded("events"):
        return True
    table: list[Any] = ctx.dataset.complaints if isinstance(record, Complaint) else ctx.dataset.applications
    if ctx.any_history(table):
        return True
    return ctx.interpret(UNRECORDED_HISTORY.name) == "nothing_done"


def on_recorded_history(breaches: list[Breach], application: Application, ctx: Context) -> list[Breach]:
    """``breaches`` of :func:`handling_breaches` for ``application`` less those that rest on a history
    not recorded (:func:`history_recorded`): 5.2.4 b's "not transferred" (no ``transferred`` event) is
    then an unrecorded fact, never a finding. Asks only when there is a breach to keep or drop."""
    if not breaches or history_recorded(application, ctx):
        return breaches
    return [b for b in breaches if b.evidence.get("transferred") is not False]


def complaint_history_recorded(complaint: Complaint, ctx: Context) -> bool:
    """:func:`history_recorded` for a complaint (the name the complaint rules cite)."""
    return history_recorded(complaint, ctx)


# --------------------------------------------------------------------------------------------
# 5.9.2: 评价
# --------------------------------------------------------------------------------------------


_AT_ID = attrgetter("at", "id")


def evaluation_integrity(
    evaluations: Iterable[Evaluation],
    staff_by_id: Mapping[str, Staff],
    params: IntegrityParams | Mapping[str, int] | None = None,
) -> list[Breach]:
    """Ratings the records show were interfered with, substituted, watched or false (gdzw-0020-2019:5.9.2).

    5.9.2: 政务服务大厅开展评价时应遵循公开、公正、自愿原则，不可干涉、替代、监视服务对象评价，不可虚假评价。

    One :class:`Breach` per rating, with ``evidence["kind"]``:

    * ``staff_rated``: entered by a staff account (``rater_staff_id``, or a ``rater_id`` that is a
      staff id) — 替代 (``self_rated`` when it is the served staff member);
    * ``device_burst``: one of ``burst_count`` or more ratings from one device within
      ``burst_minutes`` minutes — 替代/虚假;
    * ``duplicate``: a second or later rating of the same visit, or, by a channel that is not on site,
      of the same application — 虚假 (one rating per visit on site, per case online: haochaping-2019's
      一次一评 and 一事一评). An on-site rating (:data:`~govhall.models.ONSITE_RATING_CHANNELS`) that names
      no visit is one visit's of its application, which may have had several: which one is not on
      record, so it is no duplicate of another (before 2 Dec two device ratings of one application a
      week apart, or a device rating and a website rating of it, were reported as 虚假);
    * ``interference``: the rater reported interference or monitoring — 干涉/监视.

    ``responsible`` is the staff account that rated, else the rated staff member.
    """
    if params is None:
        p = IntegrityParams()
    elif isinstance(params, IntegrityParams):
        p = params
    else:
        p = IntegrityParams(int(params.get("burst_count", 5)), int(params.get("burst_minutes", 10)))
    if p.burst_count < 2 or p.burst_minutes < 0:
        raise ValueError("burst_count must be >= 2 and burst_minutes >= 0")
    evs = sorted(evaluations, key=_AT_ID)  # (at, id), read in C
    out: list[Breach] = []
    clause = f"{STD}:5.9.2"

    def add(e: Evaluation, kind: str, message: str, evidence: dict[str, Any], who: str | None) -> None:
        out.append(Breach(clause, message, "evaluation", e.id, {"kind": kind, **evidence}, who, e.at.date()))

    # one pass over the ratings (in time order) for what each says alone, its device and its visit; the
    # bursts and the repeated ratings are added after it, in the order they were before (the breaches
    # are sorted at the end anyway)
    by_device: dict[str, list[Evaluation]] = defaultdict(list)
    seen: dict[tuple[str, str], Evaluation] = {}
    repeated: list[tuple[Evaluation, tuple[str, str], Evaluation]] = []
    for e in evs:
        rater_staff = e.rater_staff_id or (e.rater_id if e.rater_id in staff_by_id else None)
        if rater_staff:
            own = rater_staff == e.staff_id
            add(
                e,
                "self_rated" if own else "staff_rated",
                "被评价人员本人代替服务对象评价" if own else "工作人员账号代替服务对象评价",
                {"rater_staff_id": rater_staff, "staff_id": e.staff_id},
                rater_staff,
            )
        if e.interference_reported:
            add(
                e,
                "interference",
                "服务对象反映评价受到干涉或监视",
                {"interference_reported": True, "staff_id": e.staff_id},
                e.staff_id,
            )
        if e.device_id:
            by_device[e.device_id].append(e)
        key = (
            ("visit_id", e.visit_id)
            if e.visit_id
            else ("application_id", e.application_id)
            if e.application_id and e.channel not in ONSITE_RATING_CHANNELS
            else None
        )
        if key is None:
            continue
        first = seen.get(key)
        if first is None:
            seen[key] = e
        else:
            repeated.append((e, key, first))

    window = timedelta(minutes=p.burst_minutes)
    for device, seq in by_device.items():
        flagged: set[str] = set()
        lo = 0
        for hi in range(len(seq)):
            while seq[hi].at - seq[lo].at > window:
                lo += 1
            if hi - lo + 1 >= p.burst_count:
                flagged.update(x.id for x in seq[lo : hi + 1])
        for e in seq:
            if e.id in flagged:
                add(
                    e,
                    "device_burst",
                    f"同一评价设备{p.burst_minutes}分钟内产生{p.burst_count}条及以上评价",
                    {
                        "device_id": device,
                        "burst_count": p.burst_count,
                        "burst_minutes": p.burst_minutes,
                        "staff_id": e.staff_id,
                    },
                    e.staff_id,
                )

    for e, key, first in repeated:
        add(
            e,
            "duplicate",
            "同一次服务被重复评价",
            {key[0]: key[1], "first_evaluation": first.id, "staff_id": e.staff_id},
            e.staff_id,
        )
    out.sort(key=lambda b: (b.on or date.min, b.subject_id, b.evidence.get("kind", "")))
    return out


#: Channels of a 首问 inquiry (5.1.2: 现场或电话).
FIRST_INQUIRY_CHANNELS = frozenset({Channel.onsite, Channel.phone})
