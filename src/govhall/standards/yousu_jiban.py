"""政务服务中心“有诉即办”服务规范 (no number or issuer given in the seed).

Source: ../shared/seeds/003_277423d66e23be51.txt (standard id ``yousu-jiban``). The seed has no clause
numbers; clause ids are heading paths plus list positions, the scheme is recorded at the top of
``clauses/yousu-jiban.yaml`` (e.g. ``不予受理.4``, ``处置流程.受理.3``, ``处置流程.督办.2``).

Checked with: tests/standards/test_yousu_jiban.py (a firing and a silent case per rule, due dates worked
by hand from the 2025 holiday notice), tests/standards/cases/yousu-jiban.yaml, tests/test_screening.py
(the seven categories and their order, hypothesis properties) and the planted example hall.

Limits:

* Screening facts (``Complaint.facts``) are the clerk's record; the rules trust them and never read the
  free text (keyword suggestions only help the clerk, see ``govhall.screening``).
* "3天"/"7天" are calendar days by default (interpretation ``yousu-jiban.day-unit``); the clock runs
  from the 《工作单》 (``yousu-jiban.clock-start``). The tier recorded by the hall is used, else the
  tier the facts give; misclassified tiers are not detected. A simple matter's 当天 on a day off stays on
  that day by default (``yousu-jiban.same-day-on-holiday``; next_working_day applies civil-code:203).
* The supervision timings (催办 lead, 督办 and 通报 times, 督办 deadline) are local parameters: the seed
  fixes none of them. 催办 is not expected for 当场/当天 matters (no time left to urge).
* Personal qualities, dress, manner and speech (服务人员), the "第一时间" hand-over of hard cases
  (处置流程.审核.3), cross-level 函转 and the use of results in assessments are not automatable and
  are listed as such in the inventory.
* Referred (协助受理) and forwarded (转交) matters are not tracked against this centre's tier limits.
* A lead department left out of every complaint (and of the 工作单) is not judged by default
  (``yousu-jiban.unrecorded-lead-department``); so is a major matter's extension whose approval no
  complaint extension records: it counts (``yousu-jiban.unrecorded-approval``). A plan approved only in
  its own words (经…批准 in the extension's reason) counts only under ``yousu-jiban.approval-in-plan``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, time

from govhall.decisions import UNRECORDED_HISTORY, complaint_history_recorded, missing_named
from govhall.models import REMOTE_WRITTEN_CHANNELS, Channel, Complaint, ComplaintTier, Hall
from govhall.models.applications import Event, EventKind
from govhall.rules import Context, Hit, interpretation, rule
from govhall.rules.context import per_subject
from govhall.screening import (
    CATEGORY_CLAUSES,
    CLOCK_START,
    DAY_UNIT,
    DONE_KINDS,
    RECEIPT_AFTER_HOURS,
    RECEIPT_ON_DAY_OFF,
    RESPONSE_KINDS,
    SAME_DAY_HOLIDAY,
    SIMPLE_REMOTE,
    Handling,
    arrived_after_hours,
    arrived_on_day_off,
    handling_deadline,
    refusal_grounds,
    response_deadline,
    tier_from_facts,
)
from govhall.standards import declare
from govhall.standards._limits import approval_stated, set_deadline
from govhall.timelimits import Deadline, TimeLimit, days_after, is_late, lead_before, parse_limit

STANDARD = declare(
    "yousu-jiban",
    title="政务服务中心“有诉即办”服务规范",
    module=__name__,
    source="../shared/seeds/003_277423d66e23be51.txt",
    checked_with="tests/standards/test_yousu_jiban.py, tests/standards/cases/yousu-jiban.yaml, tests/test_screening.py",
    limits="screening facts are trusted; 天 read per yousu-jiban.day-unit; supervision timings are local parameters",
)

S = "yousu-jiban"
_TIER_PARAM = {
    ComplaintTier.simple: f"{S}.limit_simple",
    ComplaintTier.general: f"{S}.limit_general",
    ComplaintTier.multi_department: f"{S}.limit_multi_department",
    ComplaintTier.major: f"{S}.limit_major",
}
_TIER_PARAMS = list(_TIER_PARAM.values())
_INTERPS = [
    DAY_UNIT.name,
    CLOCK_START.name,
    SIMPLE_REMOTE.name,
    SAME_DAY_HOLIDAY.name,
    f"{S}.unrecorded-approval",
    f"{S}.approval-in-plan",
]
_ALL_CATEGORIES = list(CATEGORY_CLAUSES.values())


UNRECORDED_LEAD = interpretation(
    f"{S}.unrecorded-lead-department",
    clause=f"{S}:处置流程.办理.2",
    question="分办转办: 涉及多个政务服务部门的，要明确牵头部门 — a complaint involving several departments that "
    "gives no lead_department and no 《工作单》 departments, in a dataset none of whose complaints records a "
    "lead department — was no lead named?",
    default="not_judged",
    alternatives={
        "not_judged": "the complaints do not record lead departments at all, so a missing one is not "
        "reported; a complaint that gives lead_department (null: none) or its 工作单's 政务服务牵头部门及责任部门 "
        "is judged, and so is every complaint of a table in which any complaint records a lead department",
        "not_named": "a complaint involving several departments without a lead department had none named, "
        "whether or not the complaints record lead departments",
    },
    basis="the clause names the lead on the 《工作单》 sent to the departments (annex: 政务服务牵头部门及责任部门), "
    "not in the complaint record: complaint records that carry no lead department at all do not show that "
    "none was named; an unrecorded fact is never a finding, a fact recorded as missing is",
)

UNRECORDED_APPROVAL = interpretation(
    f"{S}.unrecorded-approval",
    clause=f"{S}:处置流程.办理.1",
    question="重大问题或复杂问题……切实解决不了的，制定解决时间节点和方案，经批准后按照解决方案中确定时限要求推进: a major "
    "complaint's extension that gives no approved_by, in a dataset none of whose complaint extensions "
    "records an approver — was the plan not approved?",
    default="not_judged",
    alternatives={
        "not_judged": "the extensions do not record approvals at all, so the extension of a major matter counts "
        "(a late finding made by not counting it would rest on an unrecorded fact); one that gives the "
        "field (a name, or null: not approved) is judged, and so is every extension of a dataset in which "
        "any complaint extension records one",
        "unapproved": "a major matter's extension without an approver does not count, whether or not the "
        "extensions record approvals",
    },
    basis="the approval of the plan (经批准) is given by whoever the centre's rules name, on the plan itself, "
    "which the text does not place in the complaint's history: an event log that never names an approver "
    "does not show that none approved; an unrecorded fact is never a finding, a fact recorded as missing is",
)

APPROVAL_IN_PLAN = interpretation(
    f"{S}.approval-in-plan",
    clause=f"{S}:处置流程.办理.1",
    question="重大问题或复杂问题……切实解决不了的，制定解决时间节点和方案，经批准后按照解决方案中确定时限要求推进: a "
    "major complaint's extension that leaves approved_by out but whose reason (the plan as written) says it "
    "was approved (方案经中心负责人批准, 经批准后按方案推进…) — is the plan's own text the record of the approval, "
    "where the approver would otherwise be taken as missing?",
    default="field_only",
    alternatives={
        "field_only": "no: only approved_by records the approval; an extension that leaves it out where the "
        "dataset's complaint extensions name their approvers (or under unrecorded-approval=unapproved) does "
        "not lengthen the limit, whatever its reason says (the only reading before 2026-12)",
        "stated_in_plan": "yes: a reason that says in words that the plan was approved (经…批准, or the head's "
        "经…负责人同意; not 未经, 需经, 拟报经, 经…批准前, 不予批准) is the approval on record; an extension that "
        "gives approved_by null is still recorded as not approved",
    },
    basis="the clause names no approver (经批准) and no record of the approval; the plan is written by the "
    "department that cannot resolve the matter and approved by someone else, so the plan's sentence that "
    "it was approved is the writer's account, not the approver's act: where the extensions name their "
    "approvers, one that names none is the record's answer (as admin-licensing-law.approval-in-reason "
    "reads Art 42's 经本行政机关负责人批准); a centre whose system keeps the approval only in the plan's words "
    "may choose stated_in_plan. Asked only of an extension whose reason says so and whose approval decides",
)

UNRECORDED_REFUSAL_REASON = interpretation(
    f"{S}.unrecorded-refusal-reason",
    clause=f"{S}:处置流程.受理.4",
    question="对不予受理的政务服务事项，应告知服务对象不予受理的理由: a complaint recorded as not accepted that gives no "
    "refusal_reason, in a dataset none of whose complaints records one — was no reason told?",
    default="not_judged",
    alternatives={
        "not_judged": "the complaints do not record the reasons told at all, so a missing one is not reported; "
        "a refusal that gives the field (a reason, or null or blank: none told) is judged, and so is every "
        "refusal of a table in which any complaint records a reason",
        "not_told": "a refusal without a reason had none told, whether or not the complaints record reasons",
    },
    basis="the reason is told to the person (告知服务对象), orally or in a letter the text does not place in the "
    "complaint record: records that never carry a reason do not show that none was told; an unrecorded "
    "fact is never a finding, a fact recorded as missing is",
)

UNRECORDED_EXTENSION_REASON = interpretation(
    f"{S}.unrecorded-extension-reason",
    clause=f"{S}:处置流程.审核.5",
    question="延长办理时限的还应告知延长时限和理由: an extension that gives no reason, in a dataset none of whose "
    "complaint extensions records one — was no reason told?",
    default="not_judged",
    alternatives={
        "not_judged": "the extensions do not record the reasons told at all, so a missing one is not reported; "
        "an extension that gives the field (a reason, or null or blank: none told) is judged, and so is every "
        "extension of a dataset in which any complaint extension records a reason",
        "not_told": "an extension without a reason had none told, whether or not the extensions record reasons",
    },
    basis="the reason is told to the complainant (告知), orally or in a letter the text does not place in the "
    "complaint's history: an event log that never carries a reason does not show that none was told; an "
    "unrecorded fact is never a finding, a fact recorded as missing is (as unrecorded-refusal-reason reads "
    "受理.4's reason)",
)

UNRECORDED_EXTENSION_LIMIT = interpretation(
    f"{S}.unrecorded-extension-limit",
    clause=f"{S}:处置流程.审核.5",
    question="延长办理时限的还应告知延长时限和理由: an extension that gives no limit (its length), in a dataset none of "
    "whose complaint extensions records one — was no length told?",
    default="not_judged",
    alternatives={
        "not_judged": "the extensions do not record their lengths at all, so a missing one is not reported as "
        "not told (nor does the extension lengthen the tier limit: no length is on record); an extension "
        "that gives the field (a length, or null or blank: none told) is judged, and so is every extension "
        "of a dataset in which any complaint extension records a length",
        "not_told": "an extension without a length had none told, whether or not the extensions record "
        "lengths (the only reading before 2026-12)",
    },
    basis="the length is told to the complainant (告知延长时限) orally or in a letter the text does not place "
    "in the complaint's history: an event log that never carries a length does not show that none was "
    "told; an unrecorded fact is never a finding, a fact recorded as missing is (as "
    "unrecorded-extension-reason reads the reason beside it)",
)

REFERRED_REFUSAL = interpretation(
    f"{S}.referred-refusal",
    clause=f"{S}:处置流程.受理.4",
    question="对不予受理的政务服务事项，应告知服务对象不予受理的理由；对不属于本级政务服务中心管辖的，积极联系相关单位协助受理: "
    "a matter for another centre that the desk recorded as not accepted (accepted false) and referred there "
    "(a referral or a referred event) — is the refusal itself a breach of 受理.4, or was the clause kept?",
    default="refusal_reported",
    alternatives={
        "refusal_reported": "the refusal is reported: a matter for another centre is accepted with a referral "
        "(协助受理), not refused, whatever was done after it (the only reading before 2026-12)",
        "referral_kept": "the clause was kept: 受理.4 sits in the 不予受理 paragraph and asks of a matter outside "
        "this centre's jurisdiction only that the desk contact the relevant unit (积极联系相关单位协助受理); a desk "
        "that records the matter as not its own to accept and refers it did that; a refusal with no referral "
        "is still reported",
    },
    basis="the clause names the out-of-jurisdiction matter in the same sentence as the 不予受理 ones and asks "
    "协助受理 (helping the competent unit take it in), not that this desk accept it; govhall's screening "
    "records such a matter as accepted with a referral (DESIGN: out-of-jurisdiction is not a refusal), so a "
    "hall's accepted: false beside a referral is either its wording for the same act or a refusal the person "
    "was told. Asked only of a refused matter for another centre whose referral is on record",
)

#: 受理.4 积极联系相关单位协助受理 and 审核.4 转交相关单位: neither names a time; when is no referral a finding?
REFERRAL_DAY = interpretation(
    f"{S}.referral-day",
    clause=f"{S}:处置流程.受理.4",
    question="对不属于本级政务服务中心管辖的，积极联系相关单位协助受理 (受理.4); 对于不属于政务服务范围的，由“有诉即办”窗口转交"
    "相关单位依法依规处理 (审核.4): neither clause names a time. A matter for another centre, or outside "
    "government services, with no referral on record: from when is that absence a finding — once the day of "
    "receipt is over, whatever the next day is, or once the first working day after it is over?",
    default="receipt_day",
    alternatives={
        "receipt_day": "once the day of receipt is over: the referral is part of taking the matter in (受理), "
        "done as it is received, so an audit of any later day finds its absence, a Saturday or a holiday too "
        "(the only reading before 2026-12)",
        "one_working_day": "once the first working day after the day of receipt is over: 积极 sets no time, a "
        "centre cannot contact another unit on a day it is closed, and 受理.3 gives a remote complaint's first "
        "response 1个工作日 from receipt; received Friday evening or on a holiday, it is referred by the next "
        "working day",
    },
    basis="the seed gives the referral and the forwarding no time (积极联系, 转交); civil-code:201 counts a period "
    "from the day after the event but neither clause sets a period. A referral made after the audit day is not "
    "judged late under either reading: only its absence is a finding. Asked only of a matter with no referral "
    "on record, audited after its day of receipt but not after the first working day that follows",
)


#: a 工作单's 政务服务牵头部门及责任部门 that names a lead: 牵头部门：X (or 牵头单位, 牵头:) or X（牵头）
_LEAD_NAMED = re.compile(r"牵头(?:部门|单位)?\s*[:：]\s*[^\s；;，,、:：]|[（(]\s*牵头\s*[)）]")


# -- helpers ----------------------------------------------------------------------------------------


def _iso(value: object) -> object:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _referral_due_past(c: Complaint, ctx: Context) -> bool:
    """Whether a referral (受理.4) or forwarding (审核.4) not on record is a finding at the audit day: once the
    day of receipt is over, or under ``yousu-jiban.referral-day`` = one_working_day once the first working
    day after it is over (asked only where the two differ)."""
    received = c.received_at.date()
    if ctx.as_of <= received:
        return False
    if ctx.as_of > ctx.calendar.next_working_day(received):
        return True
    return ctx.interpret(REFERRAL_DAY.name) == "receipt_day"


def _first_date(events: list[Event]) -> date | None:
    return events[0].at.date() if events else None


def _referred_elsewhere(c: Complaint) -> bool:
    """The facts send the matter to another body (协助受理 or 转交) and no refusal ground applies."""
    return not refusal_grounds(c.facts) and (
        c.facts.out_of_jurisdiction or c.facts.outside_government_service
    )


def _handled_here(c: Complaint) -> bool:
    """The centre itself handles the matter: accepted (as recorded, else as screened) and not referred."""
    accepted = c.accepted if c.accepted is not None else not refusal_grounds(c.facts)
    return bool(accepted) and not _referred_elsewhere(c)


def _has_worksheet(c: Complaint) -> bool:
    return c.worksheet is not None or bool(c.events_of(EventKind.worksheet_sent))


@per_subject  # asked by seven rules for every complaint
def _handling(c: Complaint, ctx: Context) -> Handling:
    """The applicable time limit and due date, with ctx's parameters, interpretations and calendar."""
    tier = c.tier or tier_from_facts(c.facts)
    limits = {tier: ctx.param(_TIER_PARAM[tier], on=c.received_at)}
    exts: list[str | TimeLimit] = []
    for e in c.events_of(EventKind.extended):
        if e.limit and (tier != ComplaintTier.major or _plan_approved(e, ctx)):
            exts.append(parse_limit(e.limit))
    h = handling_deadline(
        c,
        calendar=ctx.calendar,
        tier=tier,
        limits=limits,
        extensions=exts,
        day_unit=ctx.choices.get(DAY_UNIT.name, DAY_UNIT.default),
        clock_start=ctx.choices.get(CLOCK_START.name, CLOCK_START.default),
        simple_remote=ctx.choices.get(SIMPLE_REMOTE.name, SIMPLE_REMOTE.default),
        same_day_holiday=ctx.choices.get(SAME_DAY_HOLIDAY.name, SAME_DAY_HOLIDAY.default),
    )
    for name in h.choices:
        ctx.interpret(name)
    return h


def _reason_recorded(c: Complaint, ctx: Context) -> bool:
    """Whether a refusal reason missing from ``c`` is missing on record: the complaint gives
    ``refusal_reason`` (null or blank: none told), or some complaint of the dataset does; else
    ``yousu-jiban.unrecorded-refusal-reason`` decides (asked only here)."""
    if c.recorded("refusal_reason") or ctx.any_recorded(ctx.dataset.complaints, "refusal_reason"):
        return True
    return ctx.interpret(UNRECORDED_REFUSAL_REASON.name) == "not_told"


def _extension_field_recorded(e: Event, ctx: Context, field: str, reading: str) -> bool:
    """Whether ``field`` missing from complaint extension ``e`` is missing on record: the extension gives
    it (null or blank: none told), or some complaint extension of the dataset does; else ``reading``
    (``not_told`` or ``not_judged``) decides, asked only here."""
    if e.recorded(field) or ctx.any_event_recorded(ctx.dataset.complaints, EventKind.extended, field):
        return True
    return ctx.interpret(reading) == "not_told"


def _extension_reason_recorded(e: Event, ctx: Context) -> bool:
    """Whether a reason missing from extension ``e`` is missing on record
    (``yousu-jiban.unrecorded-extension-reason``, see :func:`_extension_field_recorded`)."""
    return _extension_field_recorded(e, ctx, "reason", UNRECORDED_EXTENSION_REASON.name)


def _extension_limit_recorded(e: Event, ctx: Context) -> bool:
    """Whether a length missing from extension ``e`` is missing on record
    (``yousu-jiban.unrecorded-extension-limit``, see :func:`_extension_field_recorded`)."""
    return _extension_field_recorded(e, ctx, "limit", UNRECORDED_EXTENSION_LIMIT.name)


def _plan_approved(e: Event, ctx: Context) -> bool:
    """Whether a major matter's extension ``e`` was approved (经批准): it names its approver; it was not
    when it gives the field null; when it leaves the field out and no complaint extension of the dataset
    names one, the approval is not on record and ``yousu-jiban.unrecorded-approval`` decides (default:
    it counts); otherwise it was not, unless its reason says the plan was approved
    (:func:`~govhall.standards._limits.approval_stated`) and ``yousu-jiban.approval-in-plan`` lets the
    plan's words stand for the field (default: it does not). Each reading is asked only where it decides."""
    if e.approved_by:
        return True
    if e.recorded("approved_by"):
        return False  # null: recorded as not approved, whatever the plan says
    if not ctx.any_event_recorded(ctx.dataset.complaints, EventKind.extended, "approved_by"):
        if ctx.interpret(UNRECORDED_APPROVAL.name) == "not_judged":
            return True
    return approval_stated(e.reason) and ctx.interpret(APPROVAL_IN_PLAN.name) == "stated_in_plan"


def _responsible(c: Complaint) -> str | None:
    return c.handler_staff or c.lead_department


def _late_or_missing(
    c: Complaint, ctx: Context, due: date, events: list[Event], deadline: Deadline | None = None
) -> tuple[bool, date | None]:
    """(breached, first act date): the first act came after ``due`` (after ``deadline``'s moment when it
    is a limit in hours, which ends within its day), or none came and ``as_of`` is past it (the run's
    moment, ``ctx.now``, past ``deadline``'s for a limit in hours: the end of the audit day in a batch)."""
    first = _first_date(events)
    if first is not None:
        if deadline is not None and deadline.due_at is not None:
            return is_late(deadline, events[0].at), first
        return first > due, first
    if deadline is not None and deadline.due_at is not None:
        return is_late(deadline, ctx.now), None
    return ctx.as_of > due, None


# -- 服务机构 ------------------------------------------------------------------------------------------


@rule(
    "yousu-jiban/desk-signposted",
    title_zh="设置标识清晰的有诉即办服务台",
    clause="yousu-jiban:服务机构.1",
    severity="error",
    subject="hall",
    title="A clearly signposted 有诉即办 guide desk",
)
def desk_signposted(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """应在政务服务机构设置有明显标识的“有诉即办”导引服务台和导示标识，符合GB/T 10001.1—2023的要求。

    Fires when the hall record says the desk is not signposted (``complaint_desk_signposted`` false);
    an unrecorded value is not a finding. GB/T 10001.1 conformity of the signs needs a person's eye.
    """
    if hall.complaint_desk_signposted is False:
        yield Hit(
            message="未设置有明显标识的“有诉即办”导引服务台和导示标识",
            evidence={"complaint_desk_signposted": False},
        )


@rule(
    "yousu-jiban/acceptance-ways-published",
    title_zh="在服务台公布诉求受理方式",
    clause="yousu-jiban:服务机构.2",
    severity="error",
    subject="hall",
    title="The ways of lodging a request are published at the desk",
)
def acceptance_ways_published(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """应在“有诉即办”导引服务台公示受理方式。

    Fires when the hall record says the 受理方式 are not published (``complaint_acceptance_published``
    false).
    """
    if hall.complaint_acceptance_published is False:
        yield Hit(
            message="未在“有诉即办”导引服务台公示受理方式", evidence={"complaint_acceptance_published": False}
        )


# -- 受理范围 -------------------------------------------------------------------------------------------


@rule(
    "yousu-jiban/refused-without-ground",
    title_zh="仅依七类不予受理情形之一不予受理",
    clause=["yousu-jiban:受理内容", *_ALL_CATEGORIES],
    severity="error",
    subject="complaint",
    title="A complaint is refused only on one of the seven not-accepted grounds",
)
def refused_without_ground(c: Complaint, ctx: Context) -> Iterator[Hit]:
    """受理企业和群众对政务服务的投诉、意见、建议、疑问等诉求以及办事过程中遇到的疑难事项、复杂问题；属于下列情形的，“有诉即办”窗口不予受理。

    A refusal (``accepted`` false) must rest on a not-accepted category the facts show. Fires when the
    facts show none (cited 受理内容; a matter for another centre is left to
    ``out-of-jurisdiction-referred``), or when the recorded category is not among those the facts show
    (cited that category's clause).
    """
    if c.accepted is not False:
        return
    grounds = [cat for cat, _ in refusal_grounds(c.facts)]
    if not grounds:
        if c.facts.out_of_jurisdiction:
            return
        what = "不属于政务服务范围的诉求应转交相关单位，" if c.facts.outside_government_service else ""
        yield Hit(
            message=f"诉求不属于任何不予受理情形却被不予受理（{what}应予受理）",
            clause=f"{S}:受理内容",
            evidence={
                "accepted": False,
                "category": c.category.value if c.category else None,
                "refusal_grounds": [],
            },
            responsible=_responsible(c),
            on=c.received_at.date(),
        )
    elif c.category is not None and c.category not in grounds:
        yield Hit(
            message=f"不予受理类别“{c.category.value}”与记录的事实不符（事实显示：{'、'.join(g.value for g in grounds)}）",
            clause=CATEGORY_CLAUSES[c.category],
            evidence={"category": c.category.value, "refusal_grounds": [g.value for g in grounds]},
            responsible=_responsible(c),
            on=c.received_at.date(),
        )


@rule(
    "yousu-jiban/accepted-despite-exclusion",
    title_zh="属于不予受理情形的诉求不予受理",
    clause=_ALL_CATEGORIES,
    severity="error",
    subject="complaint",
    title="A complaint in a not-accepted category is not accepted",
)
def accepted_despite_exclusion(c: Complaint, ctx: Context) -> Iterator[Hit]:
    """属于下列情形的，“有诉即办”窗口不予受理：依法应当通过诉讼、仲裁、纪检监察、行政复议、政府信息公开等程序解决的诉求；已进入信访渠道的诉求；……法律法规、规章制度及政策规定的其他不予受理事项。

    Fires when the hall recorded the complaint as accepted although its facts put it in one of the
    seven categories (e.g. a complaint already in litigation). Cites the first matching item.
    """
    if c.accepted is not True:
        return
    grounds = refusal_grounds(c.facts)
    if grounds:
        cat, _ = grounds[0]
        yield Hit(
            message=f"属于不予受理情形（{cat.value}）却予以受理",
            clause=CATEGORY_CLAUSES[cat],
            evidence={"accepted": True, "refusal_grounds": [g.value for g, _ in grounds]},
            responsible=_responsible(c),
            on=c.received_at.date(),
        )


# -- 处置流程.受理 --------------------------------------------------------------------------------------


@rule(
    "yousu-jiban/identity-stated",
    title_zh="现场和电话受理人员表明身份",
    clause=[f"{S}:处置流程.受理.1", f"{S}:处置流程.受理.2"],
    severity="error",
    subject="complaint",
    title="On-site and phone clerks state who they are",
    interpretations=[UNRECORDED_HISTORY.name],
)
def identity_stated(c: Complaint, ctx: Context) -> Iterator[Hit]:
    """服务人员应主动亮明身份，做好记录初步分类；服务人员应主动向投诉人表明身份。

    For on-site (现场受理, 处置流程.受理.1) and phone (电话受理, .2) complaints whose history is
    recorded, an ``identity_stated`` event must be in it: an empty history given records that nothing
    was done, so no 亮明身份 either (fires). A complaint whose history is not recorded (``events`` left
    out in a dataset keeping no complaint histories) cannot show it either way and is not judged
    (:func:`govhall.decisions.complaint_history_recorded`).
    """
    if c.channel not in (Channel.onsite, Channel.phone) or not complaint_history_recorded(c, ctx):
        return
    if c.events_of(EventKind.identity_stated):
        return
    clause = f"{S}:处置流程.受理.1" if c.channel == Channel.onsite else f"{S}:处置流程.受理.2"
    yield Hit(
        message="受理时未主动亮明身份（事件记录中无亮明身份）",
        clause=clause,
        evidence={"channel": c.channel.value, "events": [e.kind.value for e in c.events_of()]},
        responsible=c.handler_staff,
        on=c.received_at.date(),
    )


@rule(
    "yousu-jiban/on-the-spot",
    title_zh="现场简单一般诉求当场办结",
    clause=[f"{S}:处置流程.受理.1", f"{S}:处置流程.审核.1"],
    severity="error",
    subject="complaint",
    title="Simple on-site general questions are resolved on the spot",
    interpretations=[UNRECORDED_HISTORY.name],
)
def on_the_spot(c: Complaint, ctx: Context) -> Iterator[Hit]:
    """事实清楚或情由简单的现场咨询，属于一般性问题的，当场予以协调解决。

    For a simple, on-site general question the centre handles, the answer (``answered`` or
    ``closed``) must come on the day of receipt. Fires when it came later, or has not come and
    ``as_of`` is past that day (a complaint whose history is not recorded is not judged:
    :func:`govhall.decisions.complaint_history_recorded`).
    """
    if not _handled_here(c) or not complaint_history_recorded(c, ctx):
        return
    h = _handling(c, ctx)
    if h.kind != "on_the_spot":
        return
    late, first = _late_or_missing(c, ctx, h.due, c.events_of(*DONE_KINDS))
    if late:
        yield Hit(
            message="一般性现场问题未当场协调解决",
            clause=f"{S}:处置流程.审核.1",
            evidence={"received_at": _iso(c.received_at), "due": _iso(h.due), "answered_on": _iso(first)},
            responsible=_responsible(c),
            on=h.due,
            provisional=h.deadline.provisional,
        )


@rule(
    "yousu-jiban/remote-response-one-working-day",
    title_zh="小程序、信函和网上诉求1个工作日内响应",
    clause=f"{S}:处置流程.受理.3",
    severity="error",
    subject="complaint",
    title="Mini-program, letter and online complaints are responded to within 1 working day",
    live=True,
    interpretations=[UNRECORDED_HISTORY.name, RECEIPT_ON_DAY_OFF.name, RECEIPT_AFTER_HOURS.name],
)
def remote_response(c: Complaint, ctx: Context) -> Iterator[Hit]:
    """服务人员每个工作日应检查是否有投诉，并在1个工作日内主动回应投诉人。

    For mini-program, letter and online channels (``REMOTE_WRITTEN_CHANNELS``) the first response
    (``responded``, ``answered`` or ``time_limit_told``) is due 1 working day after receipt. Fires when
    it came later, or has not come and ``as_of`` is past the due day (a complaint whose history is not
    recorded is not judged: :func:`govhall.decisions.complaint_history_recorded`). One that arrived on a
    day that is not a working day counts from that day, or from the next working day, per
    ``yousu-jiban.receipt-on-day-off`` (asked only of such a complaint); one that arrived on a working day at
    or after the end of the hall's service hours (``Hall.service_hours`` recorded) likewise, per
    ``yousu-jiban.receipt-after-hours`` (asked only of such a complaint).
    """
    if c.channel not in REMOTE_WRITTEN_CHANNELS or not complaint_history_recorded(c, ctx):
        return
    day_off = arrived_on_day_off(c, ctx.calendar)
    reading = ctx.interpret(RECEIPT_ON_DAY_OFF.name) if day_off else RECEIPT_ON_DAY_OFF.default
    closing = _closing_time(ctx.dataset.hall)
    late_in_day = not day_off and arrived_after_hours(c, ctx.calendar, closing)
    evening = ctx.interpret(RECEIPT_AFTER_HOURS.name) if late_in_day else RECEIPT_AFTER_HOURS.default
    dl = response_deadline(
        c, calendar=ctx.calendar, receipt_on_day_off=reading, receipt_after_hours=evening, closing=closing
    )
    if dl is None:
        return
    late, first = _late_or_missing(c, ctx, dl.due, c.events_of(*RESPONSE_KINDS))
    if late:
        yield Hit(
            message=f"{c.channel.zh}投诉未在1个工作日内主动回应（最迟应于{dl.due.isoformat()}）",
            evidence={
                "channel": c.channel.value,
                "received_at": _iso(c.received_at),
                "due": _iso(dl.due),
                "responded_on": _iso(first),
            },
            responsible=c.handler_staff,
            on=dl.due,
            provisional=dl.provisional,
        )


def _closing_time(hall: Hall | None) -> time | None:
    """When the hall's service day ends: the end of the last period of ``Hall.service_hours``, or None when
    no hall or no hours are recorded (then nobody can say a receipt came after closing)."""
    if hall is None or not hall.service_hours:
        return None
    return max(p.end for p in hall.service_hours)


#: the record's elements (处置流程.受理.5) in the clause's words
_RECORD_ZH = {
    "name": "姓名",
    "address": "地址",
    "phone": "联系电话",
    "time": "时间",
    "channel": "方式",
    "content": "诉求",
}
_RECORD_TERMS = {**{k: (v,) for k, v in _RECORD_ZH.items()}, "phone": ("联系电话", "电话")}


@rule(
    "yousu-jiban/record-elements",
    title_zh="受理记录包括姓名、地址、电话、时间、渠道和诉求",
    clause=f"{S}:处置流程.受理.5",
    severity="error",
    subject="complaint",
    title="The acceptance record holds name, address, phone, time, channel and request",
)
def record_elements(c: Complaint, ctx: Context) -> Iterator[Hit]:
    """受理时应做好记录，其要素包括但不限于：服务对象的姓名、地址、联系电话、时间、方式、诉求等。

    An element counts as recorded when it is listed in ``recorded_fields`` (by its value or the clause's
    word: 姓名、地址、联系电话、时间、方式、诉求) or the record carries it
    (``complainant.name``/``address``/``phone``, ``received_at``, ``channel``, ``content``). Fires
    listing the missing elements. The evidence carries the complainant's data under the models' personal
    field names, so reports mask it.
    """
    have = {
        "name": bool(c.complainant.name),
        "address": bool(c.complainant.address),
        "phone": bool(c.complainant.phone),
        "time": True,
        "channel": True,
        "content": bool(c.content.strip()),
    }
    unlisted = set(missing_named(c.recorded_fields, have, _RECORD_TERMS))
    missing = [k for k, v in have.items() if not v and k in unlisted]
    if missing:
        yield Hit(
            message=f"受理记录缺少要素：{'、'.join(_RECORD_ZH[k] for k in missing)}",
            evidence={
                "missing": missing,
                "recorded_fields": sorted(set(c.recorded_fields)),
                "name": c.complainant.name,
                "phone": c.complainant.phone,
                "address": c.complainant.address,
            },
            responsible=c.handler_staff,
            on=c.received_at.date(),
        )


@rule(
    "yousu-jiban/refusal-reason-told",
    title_zh="不予受理的告知理由",
    clause=f"{S}:处置流程.受理.4",
    severity="error",
    subject="complaint",
    title="A refusal is told with its reason",
    interpretations=[UNRECORDED_REFUSAL_REASON.name],
)
def refusal_reason_told(c: Complaint, ctx: Context) -> Iterator[Hit]:
    """对不予受理的政务服务事项，应告知服务对象不予受理的理由。

    Fires when a complaint recorded as not accepted has no ``refusal_reason`` (the reason told). A
    refusal that leaves the field out, in a dataset none of whose complaints records one, is read by
    ``yousu-jiban.unrecorded-refusal-reason`` (default: not judged).
    """
    if c.accepted is False and not (c.refusal_reason or "").strip() and _reason_recorded(c, ctx):
        yield Hit(
            message="不予受理但未告知不予受理的理由",
            evidence={
                "accepted": False,
                "category": c.category.value if c.category else None,
                "refusal_reason": None,
            },
            responsible=_responsible(c),
            on=c.received_at.date(),
        )


@rule(
    "yousu-jiban/out-of-jurisdiction-referred",
    title_zh="属其他中心管辖的诉求予以转交而非拒绝",
    clause=f"{S}:处置流程.受理.4",
    severity="error",
    subject="complaint",
    title="A matter for another centre is referred, not refused",
    interpretations=[UNRECORDED_HISTORY.name, REFERRED_REFUSAL.name, REFERRAL_DAY.name],
)
def out_of_jurisdiction_referred(c: Complaint, ctx: Context) -> Iterator[Hit]:
    """对不属于本级政务服务中心管辖的，积极联系相关单位协助受理。

    For a matter outside this centre's jurisdiction (and in no not-accepted category), fires when it was
    refused instead of referred, or when no referral is recorded (``referral`` or a ``referred`` event)
    once ``as_of`` is past the day of receipt. That absence is judged only when the complaint gives
    ``referral`` (even empty) or its history is recorded
    (:func:`govhall.decisions.complaint_history_recorded`): an unrecorded fact is never a finding. A
    refusal whose referral is on record is read by ``yousu-jiban.referred-refusal`` (default: reported;
    referral_kept: the clause was kept), asked only of such a refusal. An audit day that is the first working
    day after the day of receipt, or a day off before it, is read by ``yousu-jiban.referral-day`` (default:
    past the day of receipt, so judged).
    """
    if not c.facts.out_of_jurisdiction or refusal_grounds(c.facts):
        return
    referred = bool(c.referral) or bool(c.events_of(EventKind.referred))
    if c.accepted is False:
        if referred and ctx.interpret(REFERRED_REFUSAL.name) == "referral_kept":
            return
        yield Hit(
            message="不属于本级管辖的诉求被不予受理，应联系相关单位协助受理",
            evidence={"accepted": False, "out_of_jurisdiction": True, "jurisdiction": c.facts.jurisdiction},
            responsible=_responsible(c),
            on=c.received_at.date(),
        )
    elif (
        not referred
        and (c.recorded("referral") or complaint_history_recorded(c, ctx))
        and _referral_due_past(c, ctx)
    ):
        yield Hit(
            message="不属于本级管辖的诉求未联系相关单位协助受理（无转介记录）",
            evidence={"out_of_jurisdiction": True, "jurisdiction": c.facts.jurisdiction, "referral": None},
            responsible=_responsible(c),
            on=c.received_at.date(),
        )


# -- 处置流程.审核 --------------------------------------------------------------------------------------


@rule(
    "yousu-jiban/simple-remote-one-working-day",
    title_zh="非现场简单诉求1个工作日内办结",
    clause=f"{S}:处置流程.审核.2",
    severity="error",
    subject="complaint",
    title="Simple non-site matters are finished within 1 working day",
    interpretations=[SIMPLE_REMOTE.name, UNRECORDED_HISTORY.name],
    live=True,
)
def simple_remote(c: Complaint, ctx: Context) -> Iterator[Hit]:
    """事实清楚或情由简单的非现场咨询，应在接到诉求后1个工作日内处置办结。

    For a simple matter not raised on site, the answer (``answered`` or ``closed``) is due 1 working
    day after receipt. Fires when it came later, or has not come and ``as_of`` is past the due day (a
    complaint whose history is not recorded is not judged: :func:`govhall.decisions.complaint_history_recorded`).
    """
    if not _handled_here(c) or not complaint_history_recorded(c, ctx):
        return
    h = _handling(c, ctx)
    if h.kind != "simple_remote":
        return
    late, first = _late_or_missing(c, ctx, h.due, c.events_of(*DONE_KINDS))
    if late:
        yield Hit(
            message=f"简单非现场诉求未在1个工作日内处置办结（最迟应于{h.due.isoformat()}）",
            evidence={"received_at": _iso(c.received_at), "due": _iso(h.due), "answered_on": _iso(first)},
            responsible=_responsible(c),
            on=h.due,
            provisional=h.deadline.provisional,
        )


@rule(
    "yousu-jiban/outside-service-forwarded",
    title_zh="非政务服务事项予以转办并告知诉求人",
    clause=f"{S}:处置流程.审核.4",
    severity="error",
    subject="complaint",
    title="A matter outside government services is forwarded and the complainant told",
    interpretations=[UNRECORDED_HISTORY.name, REFERRAL_DAY.name],
)
def outside_service_forwarded(c: Complaint, ctx: Context) -> Iterator[Hit]:
    """对于不属于政务服务范围的，由“有诉即办”窗口转交相关单位依法依规处理，并告知诉求人。

    Fires when such a matter was not forwarded — no ``referred`` (转交) event and no ``referral``
    recorded (the same evidence ``out-of-jurisdiction-referred`` accepts) — or every 转交 event is
    recorded as not told to the complainant (``told_applicant`` False; left unrecorded it is not
    judged). A ``referral`` recorded without its
    event shows the forwarding but not the telling, which is then not judged. Judged once ``as_of`` is
    past the day of receipt. No forwarding is judged only when the complaint gives ``referral`` (even
    empty) or its history is recorded (:func:`govhall.decisions.complaint_history_recorded`), and, on an
    audit day no later than the first working day after receipt, as ``yousu-jiban.referral-day`` says
    (default: judged).
    """
    f = c.facts
    if not f.outside_government_service or f.out_of_jurisdiction or refusal_grounds(f):
        return
    if ctx.as_of <= c.received_at.date():
        return
    forwarded = c.events_of(EventKind.referred)
    if not forwarded:
        if c.referral or not (c.recorded("referral") or complaint_history_recorded(c, ctx)):
            return
        if not _referral_due_past(c, ctx):
            return
        yield Hit(
            message="不属于政务服务范围的诉求未转交相关单位",
            evidence={"outside_government_service": True, "referred": None},
            responsible=_responsible(c),
            on=c.received_at.date(),
        )
    elif all(e.told_applicant is False for e in forwarded):
        yield Hit(
            message="转交相关单位后未告知诉求人",
            evidence={"referred_at": _iso(forwarded[0].at), "told_applicant": forwarded[0].told_applicant},
            responsible=_responsible(c),
            on=forwarded[0].at.date(),
        )


@rule(
    "yousu-jiban/time-limit-told",
    title_zh="告知诉求人办理时限",
    clause=f"{S}:处置流程.审核.5",
    severity="error",
    subject="complaint",
    title="The complainant is told the time limit",
    interpretations=[UNRECORDED_HISTORY.name],
)
def time_limit_told(c: Complaint, ctx: Context) -> Iterator[Hit]:
    """服务人员应明确告知服务对象处置时限。

    For a complaint the centre handles that was not answered on the day of receipt, a
    ``time_limit_told`` event must be recorded. Judged once ``as_of`` is past the day of receipt. An
    empty history given records that nothing was said (fires); a complaint whose history is not
    recorded (:func:`govhall.decisions.complaint_history_recorded`) is not judged (as for 亮明身份).
    """
    if not _handled_here(c) or ctx.as_of <= c.received_at.date() or not complaint_history_recorded(c, ctx):
        return
    done = c.events_of(*DONE_KINDS)
    if done and done[0].at.date() == c.received_at.date():
        return
    if not c.events_of(EventKind.time_limit_told):
        yield Hit(
            message="未明确告知服务对象处置时限",
            evidence={"time_limit_told": None, "received_at": _iso(c.received_at)},
            responsible=_responsible(c),
            on=c.received_at.date(),
        )


#: what 处置流程.审核.5 asks of an extension, in the clause's words
_EXTENSION_ZH = {"told_applicant": "告知诉求人", "limit": "延长时限", "reason": "理由"}


@rule(
    "yousu-jiban/extension-told",
    title_zh="延期的告知诉求人延长时限和理由",
    clause=f"{S}:处置流程.审核.5",
    severity="error",
    subject="complaint",
    title="An extension is told to the complainant with its length and reason",
    interpretations=[UNRECORDED_EXTENSION_REASON.name, UNRECORDED_EXTENSION_LIMIT.name],
    needs_events=("extended",),
)
def extension_told(c: Complaint, ctx: Context) -> Iterator[Hit]:
    """延长办理时限的还应告知延长时限和理由。

    Fires for each ``extended`` event recorded as not told to the complainant (``told_applicant``
    false), or without its length (``limit``) or reason. Whether it was told, left unrecorded (None), is
    not judged; nor is a reason or a length left out of an extension in a dataset none of whose complaint
    extensions records one (``yousu-jiban.unrecorded-extension-reason``,
    ``yousu-jiban.unrecorded-extension-limit``, default not judged; null or blank given: none told).
    """
    for e in c.events_of(EventKind.extended):
        missing = [
            k
            for k, ok in (
                ("told_applicant", e.told_applicant is not False),
                ("limit", bool((e.limit or "").strip()) or not _extension_limit_recorded(e, ctx)),
                ("reason", bool((e.reason or "").strip()) or not _extension_reason_recorded(e, ctx)),
            )
            if not ok
        ]
        if missing:
            yield Hit(
                message=f"延长办理时限未告知延长时限和理由（缺：{'、'.join(_EXTENSION_ZH[k] for k in missing)}）",
                evidence={
                    "extended_at": _iso(e.at),
                    "told_applicant": e.told_applicant,
                    "limit": e.limit,
                    "reason": e.reason,
                },
                responsible=e.staff_id or _responsible(c),
                on=e.at.date(),
            )


@rule(
    "yousu-jiban/violation-handed-over",
    title_zh="诉求人涉嫌违法的移交有关部门",
    clause=f"{S}:处置流程.审核.6",
    severity="error",
    subject="complaint",
    title="A suspected violation by the complainant is handed over",
    interpretations=[UNRECORDED_HISTORY.name],
)
def violation_handed_over(c: Complaint, ctx: Context) -> Iterator[Hit]:
    """处置中，发现服务对象涉嫌违法违纪的，按规定移交相关部门。

    Fires when the facts record a suspected violation (``suspected_violation``) and no ``transferred``
    (移交) event follows, once ``as_of`` is past the day of receipt. A complaint whose history is not
    recorded (:func:`govhall.decisions.complaint_history_recorded`) is not judged; one given empty
    records that nothing was handed over.
    """
    if not c.facts.suspected_violation or ctx.as_of <= c.received_at.date():
        return
    if not complaint_history_recorded(c, ctx):
        return
    if not c.events_of(EventKind.transferred):
        yield Hit(
            message="服务对象涉嫌违法违纪，未按规定移交相关部门",
            evidence={"suspected_violation": True, "transferred": None},
            responsible=_responsible(c),
            on=c.received_at.date(),
        )


# -- 处置流程.办理 --------------------------------------------------------------------------------------


@rule(
    "yousu-jiban/tier-deadline",
    title_zh="分级办理时限：当日、3天、7天、1个月（自工作单起算）",
    clause=f"{S}:处置流程.办理.1",
    severity="error",
    subject="complaint",
    title="Tier deadlines: same day, 3 days, 7 days, 1 month from the 工作单",
    parameters=_TIER_PARAMS,
    interpretations=[*_INTERPS, UNRECORDED_HISTORY.name],
    live=True,
)
def tier_deadline(c: Complaint, ctx: Context) -> Iterator[Hit]:
    """相关政务服务部门或牵头部门收到《工作单》后，对于简单事项，当天研究部署；对于一般事件事项，应在3天内办结答复；对于涉及多部门或者多层级的复杂事项，应当在7天内提出解决方案答复企业和群众；重大问题或复杂问题，应当在1月内落实解决。

    The tier is the hall's recorded ``tier``, else the facts' tier. The period runs from the 工作单
    (``yousu-jiban.clock-start``), "天" per ``yousu-jiban.day-unit``; recorded extensions with a
    ``limit`` are added (for 重大 only approved ones, 经批准). The act due is the answer (``answered`` or
    ``closed``); for 简单事项 the first ``responded`` also counts as 研究部署. Simple matters handled
    under 处置流程.审核.1/.2 are left to those rules. A complaint whose history is not recorded is not
    judged (:func:`govhall.decisions.complaint_history_recorded`).
    """
    if not _handled_here(c) or not complaint_history_recorded(c, ctx):
        return
    h = _handling(c, ctx)
    if h.kind != "tier":
        return
    kinds = set(DONE_KINDS) | ({EventKind.responded} if h.tier == ComplaintTier.simple else set())
    late, first = _late_or_missing(c, ctx, h.due, c.events_of(*kinds), h.deadline)
    if late:
        state = f"于{first.isoformat()}才答复" if first else "至今未答复"
        yield Hit(
            message=f"{h.tier.zh}（{h.limit}）最迟应于{h.due.isoformat()}答复，{state}",
            evidence={
                "tier": h.tier.value,
                "limit": str(h.limit),
                "start": _iso(h.start),
                "start_from": h.start_from,
                "due": _iso(h.due),
                "answered_on": _iso(first),
                "basis": list(h.deadline.basis),
            },
            responsible=_responsible(c),
            on=h.due,
            provisional=h.deadline.provisional,
        )


@rule(
    "yousu-jiban/track-to-closure",
    title_zh="全程跟踪至销号清零",
    clause=f"{S}:处置流程.办理.1",
    severity="error",
    subject="complaint",
    title="Every case is tracked to closure (销号清零)",
    parameters=_TIER_PARAMS,
    interpretations=[*_INTERPS, UNRECORDED_HISTORY.name],
    live=True,
)
def track_to_closure(c: Complaint, ctx: Context) -> Iterator[Hit]:
    """所有事项都应跟踪到底，销号清零，做到事事有着落。

    Fires for a complaint the centre handles that has no ``closed`` (销号) event although ``as_of`` is
    past its due date. A complaint whose history is not recorded is not judged
    (:func:`govhall.decisions.complaint_history_recorded`).
    """
    if not _handled_here(c) or c.events_of(EventKind.closed) or not complaint_history_recorded(c, ctx):
        return
    h = _handling(c, ctx)
    if is_late(h.deadline, ctx.now):  # the run's moment: by the hour for a limit in hours
        yield Hit(
            message=f"已过期限（{h.due.isoformat()}）仍未销号",
            evidence={"due": _iso(h.due), "closed": None, "as_of": _iso(ctx.as_of)},
            responsible=_responsible(c),
            on=h.due,
            provisional=h.deadline.provisional,
        )


@rule(
    "yousu-jiban/worksheet-deadline",
    title_zh="工作单载明承办部门及不超过分级时限的期限",
    clause=f"{S}:处置流程.办理.2",
    severity="error",
    subject="complaint",
    title="The 工作单 states the departments and a deadline within the tier limit",
    parameters=_TIER_PARAMS,
    interpretations=_INTERPS,
)
def worksheet_deadline(c: Complaint, ctx: Context) -> Iterator[Hit]:
    """各级政务服务中心对此进行审核确定，明确办理期限，将《工作单》发送给相关政务服务部门。

    Fires when a 工作单 has no 完成时限 (``deadline``) or no departments, or when its 完成时限 is later
    than the due date the standard allows (a promise the standard does not permit).
    """
    ws = c.worksheet
    if ws is None:
        return
    missing = [
        k for k, v in (("deadline", ws.deadline), ("departments", (ws.departments or "").strip())) if not v
    ]
    if missing:
        yield Hit(
            message=f"《工作单》未明确{'、'.join('办理期限' if m == 'deadline' else '牵头及责任部门' for m in missing)}",
            evidence={"missing": missing},
            responsible=_responsible(c),
            on=c.received_at.date(),
        )
        return
    if not _handled_here(c):
        return
    h = _handling(c, ctx)
    if ws.deadline and ws.deadline > h.due:
        yield Hit(
            message=f"《工作单》完成时限{ws.deadline.isoformat()}晚于规定期限{h.due.isoformat()}",
            evidence={
                "deadline": _iso(ws.deadline),
                "due": _iso(h.due),
                "tier": h.tier.value,
                "limit": str(h.limit),
            },
            responsible=_responsible(c),
            on=h.start,
            provisional=h.deadline.provisional,
        )


@rule(
    "yousu-jiban/lead-department",
    title_zh="涉及多个部门的明确牵头部门",
    clause=f"{S}:处置流程.办理.2",
    severity="error",
    subject="complaint",
    title="Several departments need a named lead department",
    interpretations=[UNRECORDED_LEAD.name],
)
def lead_department(c: Complaint, ctx: Context) -> Iterator[Hit]:
    """涉及多个政务服务部门的，要明确牵头部门，同时转办各相关部门。

    Fires when the departments involved (``facts.departments`` and ``co_departments``) are more than one
    and no lead is named: neither ``lead_department`` nor the 《工作单》's 政务服务牵头部门及责任部门
    (``worksheet.departments``: ``牵头部门：X`` or ``X（牵头）``), the form on which the clause names it. A
    complaint that records neither, in a dataset none of whose complaints gives ``lead_department``, is
    read by ``yousu-jiban.unrecorded-lead-department`` (default: not judged).
    """
    involved = sorted(set(c.facts.departments) | set(c.co_departments))
    if len(involved) < 2 or c.lead_department or not _handled_here(c):
        return
    sheet = c.worksheet.departments if c.worksheet is not None else None
    if sheet and _LEAD_NAMED.search(sheet):
        return
    if not (
        sheet or c.recorded("lead_department") or ctx.any_recorded(ctx.dataset.complaints, "lead_department")
    ):
        if ctx.interpret(UNRECORDED_LEAD.name) != "not_named":
            return
    yield Hit(
        message="涉及多个部门但未明确牵头部门",
        evidence={
            "departments": involved,
            "lead_department": None,
            **({"worksheet_departments": sheet} if sheet else {}),
        },
        responsible=c.handler_staff,
        on=c.received_at.date(),
    )


# -- 处置流程.督办 --------------------------------------------------------------------------------------


def _lead_days(ctx: Context, name: str, on: date | datetime | None) -> int:
    limit = parse_limit(str(ctx.param(name, on=on)))
    if limit.unit != "working_day":
        raise ValueError(f"parameter {name} must be a number of working days, not {limit}")
    return limit.amount


def _supervised(c: Complaint, ctx: Context) -> Handling | None:
    """The handling of a complaint sent out by 工作单 (分办转办) whose history is recorded, else None."""
    if not _handled_here(c) or not _has_worksheet(c) or not complaint_history_recorded(c, ctx):
        return None
    return _handling(c, ctx)


@rule(
    "yousu-jiban/urge-before-due",
    title_zh="临近到期的诉求予以催办（黄牌）",
    clause=f"{S}:处置流程.督办.1",
    severity="error",
    subject="complaint",
    title="Cases about to fall due are urged (催办, 黄牌)",
    parameters=[f"{S}.urge_lead", *_TIER_PARAMS],
    interpretations=[*_INTERPS, UNRECORDED_HISTORY.name],
    live=True,
)
def urge_before_due(c: Complaint, ctx: Context) -> Iterator[Hit]:
    """各级政务服务中心对分办转办事项进行跟踪，对即将到期的事项进行催办。

    A case sent out by 工作单 that is still unanswered ``urge_lead`` working days before it falls due is
    "about to fall due" (:func:`~govhall.timelimits.lead_before`: for a limit in days, from the end of the
    working day that many before the due date; for a limit in hours, from the same time of day that many
    working days before its moment: 48 hours ending Wed 10:00, urge_lead 1, from Tue 10:00, where counting
    whole days put it at the end of Tuesday, 10 hours before the end): an ``urged`` (催办) event is expected on
    or before the due date (before its moment, for a limit in hours). Fires (黄牌) once the due date has
    passed or the answer has come, when no 催办 came in time. Not expected for 当场/当天 matters.
    """
    h = _supervised(c, ctx)
    if h is None or h.limit.amount == 0:
        return
    lead = _lead_days(ctx, f"{S}.urge_lead", c.received_at)
    urge_dl = lead_before(h.deadline, lead, ctx.calendar)
    urge_from = urge_dl.due
    done = c.events_of(*DONE_KINDS)
    if done and not is_late(urge_dl, done[0].at):
        return
    if not done and not is_late(h.deadline, ctx.now):
        return  # still open and not yet due (by the hour for a limit in hours): the 催办 may still come
    urges = c.events_of(EventKind.urged)
    if any(not is_late(h.deadline, e.at) for e in urges):
        return
    yield Hit(
        message=f"即将到期（{h.due.isoformat()}）的事项未催办",
        stage="yellow",
        evidence={
            "due": _iso(h.due),
            "urge_from": urge_dl.due_at.replace(tzinfo=None).isoformat(timespec="minutes")
            if urge_dl.due_at
            else _iso(urge_from),
            "urged_on": _iso(_first_date(urges)),
            "answered_on": _iso(_first_date(done)),
        },
        on=urge_from,
        provisional=h.deadline.provisional,
    )


@rule(
    "yousu-jiban/supervise-when-overdue",
    title_zh="逾期未反馈结果的予以督办（红牌）",
    clause=f"{S}:处置流程.督办.2",
    severity="error",
    subject="complaint",
    title="Overdue cases without a result are supervised (督办, 红牌)",
    parameters=[f"{S}.supervise_within", *_TIER_PARAMS],
    interpretations=[*_INTERPS, UNRECORDED_HISTORY.name],
    live=True,
)
def supervise_when_overdue(c: Complaint, ctx: Context) -> Iterator[Hit]:
    """对逾期未反馈结果的事项进行督办。

    A case sent out by 工作单 without a result by its due date (its moment, for a limit in hours) must get
    a ``supervised`` (督办) event after that and within ``supervise_within`` working days of the due date
    (:func:`~govhall.timelimits.days_after`: whole days, civil-code:201, so after a limit in hours ending Wed
    10:00 a window of 1 runs to the end of Thursday; the window's length is local, the seed fixes none).
    Fires (红牌) when none came in that window and no result came either, once ``as_of`` is past the window.
    """
    h = _supervised(c, ctx)
    if h is None:
        return
    done = c.events_of(*DONE_KINDS)
    if done and not is_late(h.deadline, done[0].at):  # a result in time (by the hour for hours)
        return
    by = days_after(h.deadline, _lead_days(ctx, f"{S}.supervise_within", c.received_at), ctx.calendar)
    if ctx.as_of <= by or (done and done[0].at.date() <= by):
        return
    sups = c.events_of(EventKind.supervised)
    if any(is_late(h.deadline, e.at) and e.at.date() <= by for e in sups):  # after it fell due
        return
    yield Hit(
        message=f"逾期（{h.due.isoformat()}）未反馈结果，督办期限{by.isoformat()}届满仍未督办",
        stage="red",
        evidence={
            "due": _iso(h.due),
            "supervise_by": _iso(by),
            "supervised_on": _iso(_first_date(sups)),
            "answered_on": _iso(_first_date(done)),
        },
        on=by,
        provisional=h.deadline.provisional or ctx.calendar.is_provisional(by),  # by: counted past the due day
    )


@rule(
    "yousu-jiban/notify-after-supervision",
    title_zh="督办后仍未办结的予以通报，报政府并抄送纪委监委",
    clause=f"{S}:处置流程.督办.3",
    severity="error",
    subject="complaint",
    title="Still undone after 督办: 通报, reported to the government and copied to the 纪委监委",
    parameters=[f"{S}.supervision_deadline", f"{S}.notify_within"],
    live=True,
    needs_events=("supervised",),
)
def notify_after_supervision(c: Complaint, ctx: Context) -> Iterator[Hit]:
    """督办后仍未按督办要求办理的，予以通报，并向同级政府报告、抄送同级纪委监委。

    After the first ``supervised`` event, the result is due by its ``deadline`` (else
    ``supervision_deadline`` working days later); a ``deadline`` set on a day the hall is closed is read by
    ``timelimits.set-date-on-holiday`` (default as set). If it did not come by then, a ``notified`` (通报)
    event is due within ``notify_within`` working days, reported to the same-level government
    (``reported_to_government``) and copied to the 纪委监委 (``cc_discipline``). Fires (红牌) for a
    missing or late 通报, and for a 通报 recorded as lacking the report or the copy (False); left
    unrecorded (None) they are not judged.
    """
    sups = c.events_of(EventKind.supervised)
    if not sups or not _handled_here(c):
        return
    sup = sups[0]
    done = c.events_of(*DONE_KINDS)
    sup_due = (  # the 督办's own time, else N working days from it (civil-code:201, admin-licensing-law:82)
        # a 督办 date on a day off: timelimits.set-date-on-holiday, asked only where it decides
        set_deadline(sup.deadline, done[0].at.date() if done else ctx.as_of, ctx)
        if sup.deadline
        else ctx.due(
            sup.at.date(), TimeLimit.working_days(_lead_days(ctx, f"{S}.supervision_deadline", c.received_at))
        ).due
    )
    if done and done[0].at.date() <= sup_due:
        return
    if not done and ctx.as_of <= sup_due:
        return
    notify_by = days_after(sup_due, _lead_days(ctx, f"{S}.notify_within", c.received_at), ctx.calendar)
    notes = [e for e in c.events_of(EventKind.notified) if e.at.date() > sup.at.date()]
    base = {
        "supervised_on": _iso(sup.at.date()),
        "supervision_deadline": _iso(sup_due),
        "notify_by": _iso(notify_by),
        "answered_on": _iso(_first_date(done)),
    }
    if not notes:
        if ctx.as_of > notify_by:
            yield Hit(
                message=f"督办后逾期（{sup_due.isoformat()}）仍未办理，未予通报",
                stage="red",
                evidence={**base, "notified_on": None},
                on=notify_by,
                provisional=ctx.calendar.is_provisional(notify_by),  # sup_due and notify_by are counted
            )
        return
    n = notes[0]
    problems = []
    late = n.at.date() > notify_by
    if late:
        problems.append(f"通报迟于{notify_by.isoformat()}")
    if n.reported_to_government is False:
        problems.append("未向同级政府报告")
    if n.cc_discipline is False:
        problems.append("未抄送同级纪委监委")
    if problems:
        yield Hit(
            message="督办后仍未办理的通报不合要求：" + "；".join(problems),
            stage="red",
            evidence={
                **base,
                "notified_on": _iso(n.at.date()),
                "reported_to_government": n.reported_to_government,
                "cc_discipline": n.cc_discipline,
            },
            on=n.at.date(),
            provisional=late and ctx.calendar.is_provisional(notify_by),
        )


# -- 附录A --------------------------------------------------------------------------------------------

#: the annex's fields a 工作单 is asked for, with the annex's words for them
_ANNEX_FIELDS = {
    "name_or_org": "姓名或单位名称",
    "phone": "联系电话",
    "reported_at": "诉求反应时间",
    "category": "诉求反应类别",
    "address": "联系地址",
    "content": "诉求主要内容",
    "worksheet_contact": "工作单联系人",
    "worksheet_phone": "工作单联系人电话",
}


@rule(
    "yousu-jiban/worksheet-fields",
    title_zh="工作单载明附件所列栏目",
    clause=f"{S}:附录A",
    severity="info",
    subject="complaint",
    title="The 工作单 carries the annex's fields",
)
def worksheet_fields(c: Complaint, ctx: Context) -> Iterator[Hit]:
    """“有诉即办”问题工作单：姓名或单位名称、单位联系人、联系电话、诉求反应时间、诉求反应类别、联系地址、诉求主要内容、政务服务牵头部门及责任部门、完成时限、工作单联系人、联系电话、备注。

    The annex is informative (资料性), so this is ``info``: lists the annex fields a 工作单 leaves empty
    (the departments and 完成时限 are required by 处置流程.办理.2, see ``worksheet-deadline``;
    单位联系人 applies to organisations and 备注 is optional, so neither is asked for).
    """
    ws = c.worksheet
    if ws is None:
        return
    missing = [f for f in _ANNEX_FIELDS if getattr(ws, f) in (None, "")]
    if missing:
        yield Hit(
            message=f"《工作单》缺少栏目：{'、'.join(_ANNEX_FIELDS[f] for f in missing)}",
            evidence={"missing": missing},
            responsible=_responsible(c),
            on=c.received_at.date(),
        )


__all__ = ["STANDARD"]
