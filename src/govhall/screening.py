"""Complaint screening at the 有诉即办 desk (yousu-jiban): accept or refuse, tier, due dates.

>>> from datetime import datetime
>>> from govhall.models import Complaint
>>> c = Complaint(id="C1", channel="website", received_at=datetime(2025, 9, 30, 9),
...               facts={"litigation": True})
>>> s = screen_complaint(c)
>>> (s.accepted, s.category.value, s.clauses[0])
(False, 'other_procedure', 'yousu-jiban:不予受理.1')

What decides is ``complaint.facts`` (the screening facts the clerk records), in the standard's order:

1. the seven not-accepted categories (``yousu-jiban:不予受理.1`` … ``.7``), first match wins; the
   refusal carries a reason in plain Chinese (``处置流程.受理.4``: 应告知服务对象不予受理的理由);
2. out of this centre's jurisdiction: **accepted** with a ``referral`` (处置流程.受理.4: 积极联系相关单位
   协助受理);
3. outside government services: accepted and forwarded (转交, 处置流程.审核.4) with notice;
4. otherwise accepted, with a tier and a due date (处置流程.审核.1–.2, 处置流程.办理.1).

A suspected violation by the complainant is handed over (``transfer``, 移交, 处置流程.审核.6)
whatever the decision. Keyword ``suggestions`` from the free text are offered to the clerk and
never change the decision.

Every period is counted by :func:`govhall.timelimits.due_date`; "3天"/"7天" are read per the
interpretation ``yousu-jiban.day-unit`` and the clock starts per ``yousu-jiban.clock-start``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field

from govhall.calendars import to_local_date, to_local_datetime
from govhall.models import (
    REMOTE_WRITTEN_CHANNELS,
    Channel,
    Complaint,
    ComplaintFacts,
    ComplaintTier,
    RefusalCategory,
)
from govhall.models.applications import EventKind
from govhall.rules.interpretations import INTERPRETATIONS, interpretation, parse_choices
from govhall.timelimits import (
    Deadline,
    TimeLimit,
    counted_from,
    due_date,
    parse_limit,
    received_after_closing,
    received_day,
    roll_last_day,
)

if TYPE_CHECKING:
    from govhall.calendars import WorkingCalendar

__all__ = [
    "CATEGORY_CLAUSES",
    "CLOCK_START",
    "DAY_UNIT",
    "RECEIPT_AFTER_HOURS",
    "RECEIPT_ON_DAY_OFF",
    "Handling",
    "arrived_after_hours",
    "arrived_on_day_off",
    "Screening",
    "Suggestion",
    "UsedChoice",
    "handling_deadline",
    "refusal_grounds",
    "response_deadline",
    "screen_complaint",
    "suggest",
    "tier_from_facts",
    "tier_label",
]

STD = "yousu-jiban"

#: not-accepted category -> the clause of the 不予受理事项 list (heading path + list position)
CATEGORY_CLAUSES: dict[RefusalCategory, str] = {
    RefusalCategory.other_procedure: f"{STD}:不予受理.1",
    RefusalCategory.in_petition: f"{STD}:不予受理.2",
    RefusalCategory.secret_privacy_morals: f"{STD}:不予受理.3",
    RefusalCategory.emergency_hotline: f"{STD}:不予受理.4",
    RefusalCategory.malicious_or_unclear: f"{STD}:不予受理.5",
    RefusalCategory.unlawful_demand: f"{STD}:不予受理.6",
    RefusalCategory.other_excluded: f"{STD}:不予受理.7",
}
CLAUSE_REFUSAL_TOLD = f"{STD}:处置流程.受理.4"
CLAUSE_REFERRAL = f"{STD}:处置流程.受理.4"
CLAUSE_REMOTE_RESPONSE = f"{STD}:处置流程.受理.3"
CLAUSE_ON_THE_SPOT = f"{STD}:处置流程.审核.1"
CLAUSE_SIMPLE_REMOTE = f"{STD}:处置流程.审核.2"
CLAUSE_FORWARD = f"{STD}:处置流程.审核.4"
CLAUSE_TRANSFER = f"{STD}:处置流程.审核.6"
CLAUSE_TIERS = f"{STD}:处置流程.办理.1"

#: "3天内办结答复", "7天内提出解决方案": calendar or working days?
DAY_UNIT = interpretation(
    "yousu-jiban.day-unit",
    clause=CLAUSE_TIERS,
    question="“3天内办结答复”“7天内提出解决方案答复”中的“天”是自然日还是工作日？",
    default="calendar_days",
    alternatives={
        "calendar_days": "自然日 (calendar days); a last day that is not a working day moves to the next "
        "working day (civil-code:203)",
        "working_days": "工作日 (working days): 3天 = 3个工作日, 7天 = 7个工作日",
    },
    basis="civil-code:200–203 (a period in days is calendar days, the start day not counted, a last day "
    "on a holiday moves to the next working day); the seed itself writes 1个工作日 where it means "
    "working days (处置流程.受理.3, 处置流程.审核.2), so a bare 天 is read as a calendar day",
)

#: "相关政务服务部门或牵头部门收到《工作单》后": from when does the tier limit run?
CLOCK_START = interpretation(
    "yousu-jiban.clock-start",
    clause=CLAUSE_TIERS,
    question="限时办理的期限从何时起算：部门收到《工作单》之日，还是“有诉即办”窗口接到诉求之日？",
    default="worksheet",
    alternatives={
        "worksheet": "from the day the 《工作单》 was sent (worksheet_sent event), taken as the day the "
        "department received it; from the day the complaint was received when no 工作单 was sent",
        "received": "from the day the complaint was received at the desk (stricter for the hall)",
    },
    basis="the text: 相关政务服务部门或牵头部门收到《工作单》后…; the send date is the only recorded date "
    "of the department's receipt",
)

#: 审核.2 (1个工作日 from receipt) vs 办理.1 (简单事项 当天研究部署 from the 工作单) for a simple non-site matter
SIMPLE_REMOTE = interpretation(
    "yousu-jiban.simple-remote-limit",
    clause=CLAUSE_SIMPLE_REMOTE,
    question="A simple matter not raised on site and sent to a department by 《工作单》: is it due 1 working day "
    "after receipt (处置流程.审核.2) or the same day the department got the 工作单 (处置流程.办理.1 简单事项，当天研究部署)?",
    default="receipt",
    alternatives={
        "receipt": "1个工作日 from receipt (处置流程.审核.2), whether or not a 工作单 was sent",
        "worksheet": "when a 工作单 was sent, the 简单事项 tier of 处置流程.办理.1 (当天) from the 工作单 governs; "
        "without one, 1个工作日 from receipt",
    },
    basis="审核.2 speaks of exactly these matters (事实清楚或情由简单的非现场咨询) and fixes the end of handling "
    "(处置办结); 办理.1's 当天研究部署 fixes only when the department starts, so it cannot shorten 审核.2",
)

#: 办理.1 简单事项，当天研究部署, the 工作单 received on a day off: that day, or the next working day?
SAME_DAY_HOLIDAY = interpretation(
    "yousu-jiban.same-day-on-holiday",
    clause=CLAUSE_TIERS,
    question="相关政务服务部门或牵头部门收到《工作单》后，对于简单事项，当天研究部署: a simple matter whose 工作单 was "
    "sent (or, without one, whose complaint was received) on a day that is not a working day — is it due that "
    "same day, or on the next working day (civil-code:203: 期间的最后一日是法定休假日的，以法定休假日结束的次日为"
    "期间的最后一日)?",
    default="same_day",
    alternatives={
        "same_day": "the same day, a holiday or not: 当天 is no period counted in days (civil-code:201 counts "
        "from the next day), so it has no last day for Art 203 to move; the department that got the 工作单 "
        "that day studies it that day (the only reading before 2026-12)",
        "next_working_day": "the next working day of the hall's calendar: a department closed on the day "
        "cannot study the matter then, and Art 203 moves the end of the time it is given, as it moves the "
        "last day of 3天 or 7天; extensions run from that day",
    },
    basis="the seed fixes the day by the department's receipt (收到《工作单》后…当天) and says nothing of days off; "
    "the record holds the day the 工作单 was sent (yousu-jiban.clock-start), which on a day off need not be a "
    "day the department was at work. Whether Art 203 reaches a time that is not counted in days the law does "
    "not say. Asked only of a simple matter under the tier's 当天 whose day is not a working day",
)

#: 受理.3 每个工作日应检查是否有投诉，并在1个工作日内主动回应: a complaint that arrives on a day off
RECEIPT_ON_DAY_OFF = interpretation(
    "yousu-jiban.receipt-on-day-off",
    clause=CLAUSE_REMOTE_RESPONSE,
    question="小程序、信函及网络渠道等投诉: 服务人员每个工作日应检查是否有投诉，并在1个工作日内主动回应投诉人. A complaint "
    "that arrives on a day that is not a working day: does its 1个工作日 run from the day it arrived, or from the "
    "next working day, the first day the desk checks for it?",
    default="received_day",
    alternatives={
        "received_day": "from the day it arrived (civil-code:201: that day is not counted, the period starts the "
        "next day): arrived on Sunday, answered by Monday (the only reading before 2026-12)",
        "next_working_day": "as if it arrived on the next working day, the first 每个工作日 check that finds it: "
        "arrived on Sunday, found on Monday, answered by Tuesday",
    },
    basis="the clause names no start for the 1个工作日 and ties the desk's duty to the checks it makes 每个工作日; "
    "civil-code:201 counts a period from the day after its start, whatever that day is, and a letter or an online "
    "complaint is received when it arrives. Asked only of a 小程序、信函及网络渠道 complaint that arrived on a day "
    "that is not a working day; 处置流程.审核.2 (接到诉求后1个工作日内) and the tiers of 处置流程.办理.1 are not read "
    "by it",
)

#: 受理.3 每个工作日应检查是否有投诉，并在1个工作日内主动回应: a complaint that arrives on a working day after the
#: hall has closed (the day's check is over)
RECEIPT_AFTER_HOURS = interpretation(
    "yousu-jiban.receipt-after-hours",
    clause=CLAUSE_REMOTE_RESPONSE,
    question="小程序、信函及网络渠道等投诉: 服务人员每个工作日应检查是否有投诉，并在1个工作日内主动回应投诉人. A complaint "
    "that arrives on a working day after the hall's service hours have ended (at or after the end of the last "
    "period of Hall.service_hours, e.g. 23:59): does its 1个工作日 run from the day it arrived, or from the next "
    "working day, the first day the desk checks for it?",
    default="received_day",
    alternatives={
        "received_day": "from the day it arrived, whatever the hour (civil-code:201: that day is not counted, "
        "however late it came): arrived Monday 23:59, answered by Tuesday (the only reading before 2026-12)",
        "next_working_day": "as if it arrived on the next working day: the day's check is over once the hall has "
        "closed, so the first 每个工作日 check that finds it is the next working day's: arrived Monday 23:59, "
        "found Tuesday, answered by Wednesday",
    },
    basis="civil-code:201 counts a period in days from the day after the day it starts, with no regard to the "
    "hour, which the default follows; the clause ties the desk's duty to the check it makes 每个工作日, and no check "
    "after closing time can find what arrives then (the same question as yousu-jiban.receipt-on-day-off, for a "
    "working day's evening). Asked only of a 小程序、信函及网络渠道 complaint that arrived on a working day at or "
    "after the end of the hall's recorded service hours; without Hall.service_hours (and in govhall screen, "
    "which has no hall) the hour the hall closes is unknown and the default applies",
)

#: events that show the matter was answered / finished
DONE_KINDS = frozenset({EventKind.answered, EventKind.closed})
#: events that show the complainant was responded to (处置流程.受理.3)
RESPONSE_KINDS = frozenset({EventKind.responded, EventKind.answered, EventKind.time_limit_told})

_TIER_PARAMS: dict[ComplaintTier, str] = {
    ComplaintTier.simple: f"{STD}.limit_simple",
    ComplaintTier.general: f"{STD}.limit_general",
    ComplaintTier.multi_department: f"{STD}.limit_multi_department",
    ComplaintTier.major: f"{STD}.limit_major",
}
_TIER_ZH = {
    ComplaintTier.simple: "简单事项",
    ComplaintTier.general: "一般事件事项",
    ComplaintTier.multi_department: "涉及多部门或者多层级的复杂事项",
    ComplaintTier.major: "重大问题或复杂问题",
}


# -- the models -------------------------------------------------------------------------------------


class Suggestion(BaseModel):
    """A keyword found in the free text, offered to the clerk. It never decides anything."""

    keyword: str = Field(description="the text that matched")
    fact: str = Field(description="the ComplaintFacts field the clerk should check")
    category: RefusalCategory | None = Field(
        None, description="the not-accepted category it points to, if any"
    )
    clause: str = Field(description="the clause the fact belongs to")
    already_recorded: bool = Field(description="whether the clerk has already set that fact")
    message: str = Field(description="the hint, in Chinese")


class UsedChoice(BaseModel):
    """An interpretation the screening consulted, with the value used."""

    name: str
    clause: str
    value: str
    default: str
    is_default: bool
    meaning: str


class Screening(BaseModel):
    """The outcome of :func:`screen_complaint` (DESIGN, ``govhall screen``)."""

    id: str
    accepted: bool
    category: RefusalCategory | None = Field(None, description="the not-accepted category (first match)")
    referral: str | None = Field(None, description="where the matter goes (协助受理 or 转交), else None")
    referral_kind: Literal["assist", "forward"] | None = Field(
        None, description="assist: 不属于本级管辖，联系相关单位协助受理; forward: 不属于政务服务范围，转交"
    )
    tier: ComplaintTier | None = None
    due: date | None = Field(None, description="the day the answer (or, for 简单事项, the 研究部署) is due")
    due_limit: str | None = Field(None, description="the time limit applied, e.g. 3天, 1个工作日, 当场")
    due_start: date | None = Field(None, description="the day the period runs from (not counted)")
    due_from: Literal["received", "worksheet_sent"] | None = None
    response_due: date | None = Field(
        None, description="1 working day for mini-program, letter and online channels"
    )
    provisional: bool = Field(
        False, description="a due date crossed days past the last published holiday notice"
    )
    clauses: list[str] = Field(default_factory=list, description="clause refs the decision used")
    reason: str | None = Field(None, description="the refusal reason told to the complainant (plain Chinese)")
    notice: str | None = Field(None, description="what the complainant is told about a referral or 转交")
    transfer: str | None = Field(None, description="移交 when the complainant is suspected of a violation")
    also_matched: list[RefusalCategory] = Field(
        default_factory=list, description="later categories the facts also match (the first one decides)"
    )
    suggestions: list[Suggestion] = Field(default_factory=list)
    interpretations: list[UsedChoice] = Field(default_factory=list)

    def json_contract(self) -> dict[str, Any]:
        """The keys DESIGN fixes for ``govhall screen --json`` (plus the others, after them)."""
        data = self.model_dump(mode="json")
        head = {k: data.pop(k) for k in ("id", "accepted", "category", "referral", "tier", "due", "clauses")}
        return {**head, **data}


# -- refusal -------------------------------------------------------------------------------------

_PROCEDURES = (
    ("litigation", "诉讼"),
    ("arbitration", "仲裁"),
    ("discipline_inspection", "纪检监察"),
    ("administrative_reconsideration", "行政复议"),
    ("information_disclosure", "政府信息公开"),
)
_SECRETS = (
    ("state_secret", "国家秘密"),
    ("commercial_secret", "商业秘密"),
    ("personal_privacy", "个人隐私"),
    ("against_public_order", "违背社会公序良俗的内容"),
)
_UNCLEAR = (
    ("malicious", "恶意攻击骚扰"),
    ("unclear", "诉求表达不清"),
    ("no_substance", "无实质内容"),
)


def _flags(facts: ComplaintFacts, pairs: tuple[tuple[str, str], ...]) -> list[str]:
    return [zh for name, zh in pairs if getattr(facts, name)]


def refusal_grounds(facts: ComplaintFacts) -> list[tuple[RefusalCategory, str]]:
    """Every not-accepted category the facts match, in the standard's order, with its reason.

    The first one decides (:func:`screen_complaint`); the others are reported as ``also_matched``.
    """
    out: list[tuple[RefusalCategory, str]] = []
    procs = _flags(facts, _PROCEDURES)
    if procs:
        out.append(
            (
                RefusalCategory.other_procedure,
                f"您的诉求依法应当通过{'、'.join(procs)}程序解决，不属于“有诉即办”窗口的受理范围，请通过相应程序提出。",
            )
        )
    if facts.in_petition:
        out.append(
            (
                RefusalCategory.in_petition,
                "您的诉求已进入信访渠道，请在信访渠道继续办理，“有诉即办”窗口不重复受理。",
            )
        )
    secrets = _flags(facts, _SECRETS)
    if secrets:
        out.append(
            (
                RefusalCategory.secret_privacy_morals,
                f"您的诉求涉及{'、'.join(secrets)}，按规定“有诉即办”窗口不予受理。",
            )
        )
    if facts.emergency:
        hotline = facts.emergency.strip()  # a number: ComplaintFacts checks it
        out.append(
            (
                RefusalCategory.emergency_hotline,
                f"您的诉求属于{hotline}紧急热线的受理范围，请立即拨打{hotline}求助。",
            )
        )
    unclear = _flags(facts, _UNCLEAR)
    if unclear:
        out.append(
            (
                RefusalCategory.malicious_or_unclear,
                f"您的诉求属于{'、'.join(unclear)}的情形，“有诉即办”窗口不予受理；如有具体诉求，欢迎说明后重新提出。",
            )
        )
    if facts.unlawful_demand:
        out.append(
            (
                RefusalCategory.unlawful_demand,
                "您的诉求违反法律法规、规章制度或政策规定，“有诉即办”窗口不予受理。",
            )
        )
    if facts.other_excluded:
        basis = (facts.other_excluded_basis or "").strip() or "法律法规、规章制度及政策规定"
        out.append(
            (
                RefusalCategory.other_excluded,
                f"根据{basis}，您的诉求属于不予受理事项，“有诉即办”窗口不予受理。",
            )
        )
    return out


# -- tiers and deadlines ----------------------------------------------------------------------------


def tier_from_facts(facts: ComplaintFacts) -> ComplaintTier:
    """The 办理 tier the facts give: major, else multi-department/multi-level, else simple, else general."""
    if facts.major:
        return ComplaintTier.major
    if len(set(facts.departments)) > 1 or facts.cross_level:
        return ComplaintTier.multi_department
    if facts.simple:
        return ComplaintTier.simple
    return ComplaintTier.general


@dataclass(frozen=True)
class Handling:
    """The handling time limit that applies to an accepted complaint, and how it was found."""

    kind: Literal["on_the_spot", "simple_remote", "tier"]
    tier: ComplaintTier
    limit: TimeLimit
    start: date
    start_from: Literal["received", "worksheet_sent"]
    deadline: Deadline
    clause: str
    choices: tuple[str, ...]  # interpretations consulted

    @property
    def due(self) -> date:
        return self.deadline.due


def handling_deadline(
    complaint: Complaint,
    *,
    calendar: WorkingCalendar,
    day_unit: str = "calendar_days",
    clock_start: str = "worksheet",
    limits: Mapping[ComplaintTier, str | TimeLimit] | None = None,
    tier: ComplaintTier | None = None,
    extensions: list[str | TimeLimit] | None = None,
    simple_remote: str = "receipt",
    same_day_holiday: str = "same_day",
) -> Handling:
    """The time limit that governs an accepted complaint and its due date.

    * simple, on site, a general question: 当场 from receipt (处置流程.审核.1);
    * simple, not on site: 1个工作日 from receipt (处置流程.审核.2);
    * otherwise the tier limit of 处置流程.办理.1 (``limits``: 当天, 3天, 7天, 1个月 by default),
      from the 工作单 or the receipt per ``clock_start``; "天" read per ``day_unit``.

    On site (现场) means ``facts.on_site`` or a complaint received at the window (channel ``onsite``).
    ``tier`` defaults to :func:`tier_from_facts`; ``extensions`` are added after the period.
    ``simple_remote`` is ``yousu-jiban.simple-remote-limit``: with ``"worksheet"`` a simple non-site
    matter sent out by 工作单 takes the simple tier limit from the 工作单 instead. ``same_day_holiday`` is
    ``yousu-jiban.same-day-on-holiday``: with ``"next_working_day"`` a tier limit of 当天 whose day is not a
    working day is due on the next working day (:func:`govhall.timelimits.roll_last_day`, civil-code:203).
    """
    facts = complaint.facts
    # 现场咨询 (审核.1/.2): the clerk's on_site fact, or the record's own channel (received at the window)
    on_site = facts.on_site or complaint.channel == Channel.onsite
    tier = tier or tier_from_facts(facts)
    received = complaint.received_at
    exts = list(extensions or [])
    if tier == ComplaintTier.simple and on_site and facts.general_question:
        limit = TimeLimit.on_the_spot()
        dl = due_date(received, limit, extensions=exts, calendar=calendar)
        return Handling("on_the_spot", tier, limit, received.date(), "received", dl, CLAUSE_ON_THE_SPOT, ())
    sent_out = bool(complaint.events_of(EventKind.worksheet_sent))
    if tier == ComplaintTier.simple and not on_site and not (simple_remote == "worksheet" and sent_out):
        limit = TimeLimit.working_days(1)
        dl = due_date(received, limit, extensions=exts, calendar=calendar)
        return Handling(
            "simple_remote",
            tier,
            limit,
            received.date(),
            "received",
            dl,
            CLAUSE_SIMPLE_REMOTE,
            (SIMPLE_REMOTE.name,),
        )
    table: dict[ComplaintTier, str | TimeLimit] = dict(_default_limits())
    table.update(limits or {})
    limit = parse_limit(table[tier])
    choices: list[str] = [CLOCK_START.name]
    if tier == ComplaintTier.simple and not on_site:
        choices.append(SIMPLE_REMOTE.name)
    ext_limits = [parse_limit(e) for e in exts]
    # a limit in 自然日 or 周 is calendar days by its own words; an extension in bare 天 is read as the tier's
    # own 天 (a 延长3天 counted in calendar days after 3天 read as 3个工作日 was before 2026-12)
    if limit.written_in_days or any(e.written_in_days for e in ext_limits):
        choices.append(DAY_UNIT.name)
        if day_unit == "working_days":
            if limit.written_in_days:
                limit = limit.in_working_days()
            exts = [e.in_working_days() if e.written_in_days else e for e in ext_limits]
    start_at = received
    start_from: Literal["received", "worksheet_sent"] = "received"
    if clock_start == "worksheet":
        sent = complaint.events_of(EventKind.worksheet_sent)
        if sent:
            start_at, start_from = sent[0].at, "worksheet_sent"
    dl = due_date(
        counted_from(start_at, limit), limit, extensions=exts, calendar=calendar, extra_basis=[CLAUSE_TIERS]
    )
    if limit.unit == "on_the_spot" and not calendar.is_working_day(start_at.date()):
        choices.append(SAME_DAY_HOLIDAY.name)  # 当天 on a day off: asked only here
        if same_day_holiday == "next_working_day":
            first = roll_last_day(
                due_date(start_at.date(), limit, calendar=calendar, extra_basis=[CLAUSE_TIERS]), calendar
            )
            if exts:  # extensions run from the day in force (timelimits: extension_from = due)
                later = due_date(
                    first.due,
                    limit,
                    extensions=exts,
                    calendar=calendar,
                    extra_basis=[CLAUSE_TIERS, "civil-code:203"],
                )
                first = later.model_copy(update={"start": first.start})
            dl = first
    return Handling("tier", tier, limit, start_at.date(), start_from, dl, CLAUSE_TIERS, tuple(choices))


def profile_settings(profile: str | Path | None) -> tuple[dict[str, str], dict[ComplaintTier, str]]:
    """The readings of yousu-jiban a hall profile chooses and the tier limits its parameters set, as an
    audit with that profile applies them: ``govhall screen --profile`` read only the profile's calendar,
    so a hall's 10天 or its working-day 天 was ignored without a word, and its due date differed from
    the audit's. A broken parameter or reading is an error naming the profile, as in an audit."""
    from govhall.rules.parameters import default_parameters
    from govhall.rules.runner import hall_profile, profile_where

    if profile is None:
        return {}, {}
    prof, source, chosen = hall_profile(profile)
    choices = {k: v for k, v in chosen.items() if k.startswith(f"{STD}.")}
    params = default_parameters().with_overrides(
        prof.get("parameters") or {}, source, where=profile_where(profile)
    )
    return choices, {tier: str(params.get(name).value) for tier, name in _TIER_PARAMS.items()}


def _default_limits() -> dict[ComplaintTier, str]:
    from govhall.rules.parameters import default_parameters

    params = default_parameters()
    return {tier: str(params.get(name).value) for tier, name in _TIER_PARAMS.items()}


def response_deadline(
    complaint: Complaint,
    *,
    calendar: WorkingCalendar,
    receipt_on_day_off: str = "received_day",
    receipt_after_hours: str = "received_day",
    closing: time | None = None,
) -> Deadline | None:
    """1 working day from receipt for mini-program, letter and online channels (处置流程.受理.3), else None.

    ``receipt_on_day_off`` is ``yousu-jiban.receipt-on-day-off``: with ``"next_working_day"`` a complaint
    that arrived on a day that is not a working day counts from the next working day
    (:func:`govhall.timelimits.received_day`). ``receipt_after_hours`` is ``yousu-jiban.receipt-after-hours``:
    with ``"next_working_day"`` one that arrived on a working day at or after ``closing`` (the end of the hall's
    service hours; None: not known) counts from the next working day
    (:func:`govhall.timelimits.received_after_closing`)."""
    if complaint.channel not in REMOTE_WRITTEN_CHANNELS:
        return None
    start: date | datetime = complaint.received_at
    if receipt_on_day_off == "next_working_day" and arrived_on_day_off(complaint, calendar):
        start = received_day(start, calendar)
    elif receipt_after_hours == "next_working_day" and arrived_after_hours(complaint, calendar, closing):
        start = received_after_closing(start, calendar)
    return due_date(
        start,
        TimeLimit.working_days(1),
        calendar=calendar,
        extra_basis=[CLAUSE_REMOTE_RESPONSE],
    )


def arrived_on_day_off(complaint: Complaint, calendar: WorkingCalendar) -> bool:
    """Whether ``complaint`` came by 小程序、信函及网络渠道 on a day that is not a working day of ``calendar``: the
    only complaints ``yousu-jiban.receipt-on-day-off`` is asked of."""
    return complaint.channel in REMOTE_WRITTEN_CHANNELS and not calendar.is_working_day(
        to_local_date(complaint.received_at)
    )


def arrived_after_hours(complaint: Complaint, calendar: WorkingCalendar, closing: time | None) -> bool:
    """Whether ``complaint`` came by 小程序、信函及网络渠道 on a working day of ``calendar`` at or after ``closing``
    (the end of the hall's last service period; None, not known: never): the only complaints
    ``yousu-jiban.receipt-after-hours`` is asked of."""
    if closing is None or complaint.channel not in REMOTE_WRITTEN_CHANNELS:
        return False
    moment = to_local_datetime(complaint.received_at)
    return moment.time() >= closing and calendar.is_working_day(moment.date())


# -- keyword suggestions ----------------------------------------------------------------------------

_KEYWORDS: tuple[tuple[str, str, RefusalCategory | None, str], ...] = (
    (r"已起诉|起诉|诉讼|法院|判决|裁定书", "litigation", RefusalCategory.other_procedure, "诉讼"),
    (r"仲裁", "arbitration", RefusalCategory.other_procedure, "仲裁"),
    (r"纪委|监委|纪检", "discipline_inspection", RefusalCategory.other_procedure, "纪检监察"),
    (r"复议", "administrative_reconsideration", RefusalCategory.other_procedure, "行政复议"),
    (r"信息公开|依申请公开", "information_disclosure", RefusalCategory.other_procedure, "政府信息公开"),
    (r"信访", "in_petition", RefusalCategory.in_petition, "信访"),
    (r"国家秘密|涉密", "state_secret", RefusalCategory.secret_privacy_morals, "国家秘密"),
    (r"商业秘密", "commercial_secret", RefusalCategory.secret_privacy_morals, "商业秘密"),
    (r"个人隐私|隐私", "personal_privacy", RefusalCategory.secret_privacy_morals, "个人隐私"),
    (r"(?<![0-9])(?:110|119|120|122)(?![0-9])", "emergency", RefusalCategory.emergency_hotline, "紧急热线"),
)


def suggest(complaint: Complaint) -> list[Suggestion]:
    """Keyword hints from the free text for the clerk (已起诉/诉讼/法院, 仲裁, 复议, 信访, 110…).

    They point to a fact to check; they never decide (:func:`screen_complaint` reads only the facts).
    """
    text = complaint.content or ""
    out: list[Suggestion] = []
    for pattern, fact, category, label in _KEYWORDS:
        m = re.search(pattern, text)
        if not m:
            continue
        recorded = bool(getattr(complaint.facts, fact))
        clause = CATEGORY_CLAUSES[category] if category else CLAUSE_TIERS
        state = "已记录" if recorded else "尚未记录"
        out.append(
            Suggestion(
                keyword=m.group(0),
                fact=fact,
                category=category,
                clause=clause,
                already_recorded=recorded,
                message=f"诉求文本提到“{m.group(0)}”：请核实是否属于{label}情形（{clause.split(':', 1)[1]}，{state}）。"
                "仅供参考，不作为受理决定的依据。",
            )
        )
    return out


# -- screening ----------------------------------------------------------------------------------------


def _choice_list(names: list[str], choices: dict[str, str]) -> list[UsedChoice]:
    out = []
    for name in dict.fromkeys(names):
        item = INTERPRETATIONS[name]
        value = choices.get(name, item.default)
        out.append(
            UsedChoice(
                name=name,
                clause=str(item.clause),
                value=value,
                default=item.default,
                is_default=value == item.default,
                meaning=item.alternatives[value],
            )
        )
    return out


def screen_complaint(
    complaint: Complaint | Mapping[str, Any],
    *,
    calendar: WorkingCalendar | None = None,
    interpretations: Mapping[str, str] | list[str] | None = None,
    limits: Mapping[ComplaintTier, str | TimeLimit] | None = None,
) -> Screening:
    """Accept or refuse ``complaint``, with its tier and due dates, citing each clause used.

    * ``calendar``: a :class:`govhall.calendars.WorkingCalendar` (default ``calendar("CN")``);
    * ``interpretations``: ``{"yousu-jiban.day-unit": "working_days"}`` or ``["name=value"]``;
    * ``limits``: the tier limits a hall sets (its ``yousu-jiban.limit_*`` parameters, see
      :func:`profile_settings`), 当天, 3天, 7天, 1个月 by default.

    Decided from ``complaint.facts`` only, in the standard's order (module docs); the free text only
    feeds ``suggestions``. A refused complaint always has a ``category`` and a ``reason``. A mapping
    is validated as a :class:`Complaint` first (pydantic's ``ValidationError``, a ``ValueError``).
    """
    if not isinstance(complaint, Complaint):
        complaint = Complaint.model_validate(complaint)
    if calendar is None:
        from govhall.calendars import calendar as make_calendar

        calendar = make_calendar("CN")
    choices = parse_choices(interpretations)
    facts = complaint.facts
    clauses: list[str] = []
    used: list[str] = []
    fields: dict[str, Any] = {"id": complaint.id, "suggestions": suggest(complaint)}

    response = response_deadline(
        complaint,
        calendar=calendar,
        receipt_on_day_off=choices.get(RECEIPT_ON_DAY_OFF.name, RECEIPT_ON_DAY_OFF.default),
    )
    provisional = False
    if response is not None and arrived_on_day_off(complaint, calendar):
        used.append(RECEIPT_ON_DAY_OFF.name)
    if response is not None:
        fields["response_due"] = response.due
        provisional = response.provisional

    if facts.suspected_violation:
        fields["transfer"] = "移交相关部门（服务对象涉嫌违法违纪，按规定移交）"

    grounds = refusal_grounds(facts)
    if grounds:
        category, reason = grounds[0]
        clauses += [CATEGORY_CLAUSES[category], CLAUSE_REFUSAL_TOLD]
        fields.update(
            accepted=False, category=category, reason=reason, also_matched=[c for c, _ in grounds[1:]]
        )
    elif facts.out_of_jurisdiction:
        where = (facts.jurisdiction or "").strip() or "有管辖权的政务服务中心"
        clauses.append(CLAUSE_REFERRAL)
        fields.update(
            accepted=True,
            referral=where,
            referral_kind="assist",
            notice=f"您的诉求不属于本级政务服务中心管辖，我们将积极联系{where}协助受理，并告知您办理进展。",
        )
    elif facts.outside_government_service:
        where = (facts.jurisdiction or "").strip() or "相关单位"
        clauses.append(CLAUSE_FORWARD)
        fields.update(
            accepted=True,
            referral=where,
            referral_kind="forward",
            notice=f"您的诉求不属于政务服务范围，已由“有诉即办”窗口转交{where}依法依规处理。",
        )
    else:
        handling = handling_deadline(
            complaint,
            calendar=calendar,
            day_unit=choices.get(DAY_UNIT.name, DAY_UNIT.default),
            clock_start=choices.get(CLOCK_START.name, CLOCK_START.default),
            simple_remote=choices.get(SIMPLE_REMOTE.name, SIMPLE_REMOTE.default),
            same_day_holiday=choices.get(SAME_DAY_HOLIDAY.name, SAME_DAY_HOLIDAY.default),
            limits=limits,
        )
        used += list(handling.choices)
        clauses.append(handling.clause)
        clauses += [b for b in handling.deadline.basis if b not in clauses]
        provisional = provisional or handling.deadline.provisional
        fields.update(
            accepted=True,
            tier=handling.tier,
            due=handling.due,
            due_limit=str(handling.limit),
            due_start=handling.start,
            due_from=handling.start_from,
        )
    if response is not None:
        clauses.append(CLAUSE_REMOTE_RESPONSE)
    if facts.suspected_violation:
        clauses.append(CLAUSE_TRANSFER)
    fields["clauses"] = list(dict.fromkeys(clauses))
    fields["provisional"] = provisional
    fields["interpretations"] = _choice_list(used, choices)
    return Screening(**fields)


def tier_label(tier: ComplaintTier) -> str:
    """The standard's Chinese name of ``tier``."""
    return _TIER_ZH[tier]
