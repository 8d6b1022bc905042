"""GDZW 0020-2019 政务服务大厅服务规范 (广东省政务服务数据管理局, 2019-12-08).

Source: ../shared/seeds/000_c5fe71012764c82a.txt (standard id ``gdzw-0020-2019``), the whole text:
service mechanisms 5.1–5.9, services 6.1–6.10, flows 7.1–7.4. Clause ids are the standard's numbers;
list items are ``<clause>.<letter>`` (``5.1.4.b``), see ``clauses/gdzw-0020-2019.yaml``.

Checked with: tests/standards/test_gdzw_0020_2019.py (a firing and a silent case per rule; the promised
deadline worked by hand across National Day 2025), tests/standards/cases/gdzw-0020-2019.yaml,
tests/test_decisions.py (hypothesis properties of the decision functions) and the planted example hall.

The mechanisms themselves (who is 首问/首办责任人, the routing a/b/c, the 5.1.4/5.2.4 breaches, the
sanction ladder, the correction notice, 容缺 eligibility, rating integrity) are in
:mod:`govhall.decisions`, shared with dongguan-hall-2023; the rules here apply them to a dataset.

Limits:

* Only what the records show is judged: a field left ``None`` is "not recorded", never a breach
  (the written correction notice is the exception: the notice itself must be shown to be written).
  A field left out of every record of its table is read by an interpretation: histories
  (``gdzw-0020-2019.unrecorded-history``), booking confirmations (``.unrecorded-confirmation``),
  inquiry answers and answer times (``.unrecorded-inquiry-answer``); default not judged.
* Attitude, patience, "不良影响" and 情节轻重 need a person (5.1.4 e, 5.2.4 e, 5.3.3 b/c); the
  sanction named is the interpretation ``gdzw-0020-2019.sanction-ladder`` (default: by repetition in
  the audited records, so a month's audit sees only that month's repetitions).
* 及时 (5.1.3 b, 5.2.3 b), 多种渠道 and the 容缺 supplement period are local parameters: the seed
  fixes no figure.
* The 承诺时限 runs from the ``accepted`` event (else receipt); only recorded pauses (``paused`` →
  ``resumed``) stop it and only approved extensions (``approved_by``) lengthen it. An extension whose
  approval is not on record (no extension of the dataset names an approver) counts by default: the
  licensing law's reading, ``admin-licensing-law.unrecorded-approval``, one switch for both.
* 5.6.1's method sentence, 6.2 (queue calls), 6.3.5, 6.4.3, 6.7.1, 6.8–6.10 and chapter 7 (other
  standards: GDZW 0019-2019, GB/T 36113-2018, unnamed Guangdong standards) are not automatable and are
  listed as such in the inventory.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from typing import Any

from govhall.decisions import (
    FIRST_INQUIRY_CHANNELS,
    LADDER,
    OUTSIDE_GUIDANCE,
    REFERRAL_MINUTES,
    TIE,
    UNRECORDED_HISTORY,
    UNRECORDED_INQUIRY_SCOPE,
    UNRECORDED_NOTICE_CONTENTS,
    Breach,
    IntegrityParams,
    accepted_under_rongque,
    closed_unanswered,
    complaint_history_recorded,
    correction_notice_breaches,
    elements_missing,
    first_handler,
    first_handling_staff,
    handling_breaches,
    history_recorded,
    inquiry_breaches,
    is_service_staff,
    may_accept_rongque,
    missing_named,
    named_values,
    on_recorded_history,
    on_recorded_notice_contents,
    one_time_answer_judged,
    referral_due,
    responsible_for_inquiry,
    rongque_supplement_deadline,
    rongque_supplement_progress,
    rongque_taken_by,
    sanction_for,
    with_help_service,
)
from govhall.models import (
    OFFLINE_BOOKING_CHANNELS,
    ONLINE_PLATFORM_CHANNELS,
    Application,
    Appointment,
    Channel,
    Complaint,
    Dataset,
    Hall,
    HallSystem,
    Inquiry,
    StaffRole,
    Zone,
)
from govhall.models.applications import Event, EventKind
from govhall.rules import Context, Hit, Subject, interpretation, rule
from govhall.standards import declare
from govhall.standards._limits import (
    APPROVAL_IN_REASON,
    DAY_UNIT,
    PROMISE_DAY_UNIT,
    UNRECORDED_APPROVAL,
    application_limit,
    extension_approved,
    extension_counted,
    promise_marks,
    set_date,
    set_moment,
)
from govhall.standards._mailing import mailing_not_offered
from govhall.standards._ratings import integrity_breaches
from govhall.timelimits import Deadline, counted_from, is_late, lead_before, working_days_left

STANDARD = declare(
    "gdzw-0020-2019",
    title="GDZW 0020-2019 政务服务大厅服务规范",
    module=__name__,
    issuer="广东省政务服务数据管理局",
    year=2019,
    valid_from=date(2019, 12, 8),
    source="../shared/seeds/000_c5fe71012764c82a.txt",
    checked_with="tests/standards/test_gdzw_0020_2019.py, tests/standards/cases/gdzw-0020-2019.yaml, tests/test_decisions.py",
    limits="records only (None = not recorded); 情节 and attitude need a person; 及时/多种/容缺 periods are local parameters",
)

G = "gdzw-0020-2019"
VALID_FROM = date(2019, 12, 8)
_YELLOW = "gdzw-0020-2019.yellow_card_working_days"
_REFERRAL = f"{G}.referral_within_minutes"
_MIN_CHANNELS = f"{G}.min_channels"
_RONGQUE_LIMIT = f"{G}.rongque_supplement_limit"
_NOTICE_WITHIN = f"{G}.correction_notice_within"
_BURST_COUNT = f"{G}.rating_burst_count"
_BURST_MINUTES = f"{G}.rating_burst_minutes"

UNRECORDED_CONFIRMATION = interpretation(
    f"{G}.unrecorded-confirmation",
    clause=f"{G}:6.1.2",
    question="6.1.2 服务对象在网上预约成功的，应及时发送预约信息: an online booking that gives no "
    "confirmation_sent_at, in a dataset none of whose bookings records a confirmation — was none sent?",
    default="not_judged",
    alternatives={
        "not_judged": "the bookings do not record confirmations at all, so a missing one is not reported; a "
        "booking that gives the field (a time, or null: none sent) is judged, and so is every booking of a "
        "table in which any booking records one",
        "not_sent": "an online booking without a confirmation time had none, whether or not the bookings "
        "record confirmations",
    },
    basis="the confirmation is sent by the online booking platform (网上预约成功), not at the hall, and the "
    "clause does not say where it is kept: bookings that carry no confirmation at all do not show that "
    "none was sent; an unrecorded fact is never a finding, a fact recorded as missing is. Live, a held "
    "booking has its confirmation on record (the hall posts the booking again when it confirms)",
)
JOINT_LEAD = interpretation(
    f"{G}.joint-lead",
    clause=f"{G}:5.6.2",
    question="5.6.2 对已开展联审联办的事项，牵头部门应组织相关职能部门编制联审联办项目目录和办事指南: the clause "
    "is a duty on the catalogue and the guides; does it also ask each joint application to name its "
    "牵头部门?",
    default="per_application",
    alternatives={
        "per_application": "yes: the clause presupposes a 牵头部门 for every matter handled jointly (and 5.6.1's "
        "一站申请…内部联办 model routes the case through it), so a joint application that names none is "
        "reported",
        "catalogue_only": "no: the clause is met by the catalogue and the guides (joint-review-published); an "
        "application naming no lead department is not judged under it",
    },
    basis="the sentence's subject is the 牵头部门 and its object the catalogue and guides; it names no record of "
    "the application. per_application is the reading govhall has applied since its first version "
    "(severity error); catalogue_only keeps only what the sentence says in words",
)
UNRECORDED_INQUIRY_ANSWER = interpretation(
    f"{G}.unrecorded-inquiry-answer",
    clause=f"{G}:5.1.4.a",
    question="5.1.4 a (在规定时限内应解决而未解决), 5.1.3 a (约定答复时间) and 6.4.2 (在规定的时限内予以答复): an "
    "inquiry that gives no answered_at (no answer_promised_at), in a dataset none of whose inquiries "
    "records one — was it not answered (no answer time agreed)?",
    default="not_judged",
    alternatives={
        "not_judged": "the inquiries do not record answers (agreed answer times) at all, so a missing one is "
        "not reported; an inquiry that gives the field (a time, or null: none) is judged, and so is every "
        "inquiry of a table in which any inquiry records one",
        "not_done": "an inquiry without an answer time was not answered (had no time agreed), whether or not "
        "the inquiries record them",
    },
    basis="the clauses say an answer is due, not where it is recorded: an answer given later by phone or "
    "letter is often kept by the department that gave it, so inquiry records that carry no answer at all "
    "do not show that none was given; an unrecorded fact is never a finding, a fact recorded as missing "
    "is. An answer recorded after its promised time is judged either way",
)

#: Channels that are 线上 for 6.1.1 (booking) and 6.3.3 (online consultation).
ONLINE_CHANNELS = ONLINE_PLATFORM_CHANNELS | {Channel.e_review, Channel.email}
#: 6.3.3 names 自助终端 beside the online channels as a way to consult and follow a case; it is not a
#: way to book online (6.1.1), so it counts for 6.3.3 only
ONLINE_QUERY_CHANNELS = ONLINE_CHANNELS | {Channel.self_service_terminal}
#: The confirmation elements 6.1.2 lists (预约人姓名、预约时间、办事地点、预约号、预约内容、取号操作).
#: the clause's words a hall may record in ``Hall.equipment`` / ``Hall.published_catalogues`` instead of
#: the values (6.1.1 现场取号, 6.3.1–6.3.4 自助查询、自助办理; 5.6.2 联审联办项目目录, 5.7.1 容缺受理事项目录)
EQUIPMENT_TERMS: dict[str, tuple[str, ...]] = {
    "ticket_machine": ("取号机", "取号设备"),
    "query_device": ("自助查询设备", "查询设备", "查询机"),
    "self_service_terminal": ("自助办理设备", "自助服务终端", "自助终端"),
}
#: 5.4.2's words for the disclosure channels (纸质、电子、语音、APP、小程序、网站), one channel however written
DISCLOSURE_TERMS: dict[str, tuple[str, ...]] = {
    "paper": ("纸质",),
    "electronic": ("电子",),
    "voice": ("语音",),
    "app": ("APP",),
    "mini_program": ("小程序",),
    "website": ("网站",),
}
CATALOGUE_TERMS: dict[str, tuple[str, ...]] = {
    "joint_review": ("联审联办项目目录", "联审联办目录"),
    "rongque": ("容缺受理事项目录", "容缺受理目录", "容缺目录"),
}
CONFIRMATION_FIELDS = ("name", "time", "place", "number", "content", "ticket_instructions")
#: 6.1.2's words for them (预约人姓名、预约时间、办事地点、预约号、预约内容、取号操作), which a hall may record instead
CONFIRMATION_TERMS: dict[str, tuple[str, ...]] = {
    "name": ("预约人姓名", "姓名"),
    "time": ("预约时间", "时间"),
    "place": ("办事地点", "地点"),
    "number": ("预约号",),
    "content": ("预约内容", "内容"),
    "ticket_instructions": ("取号操作",),
}


# -- helpers ----------------------------------------------------------------------------------------


#: the interpretation that reads a field left out of every record of its table, by field
_UNRECORDED: dict[str, tuple[str, str]] = {
    "confirmation_sent_at": (UNRECORDED_CONFIRMATION.name, "not_sent"),
    "answered_at": (UNRECORDED_INQUIRY_ANSWER.name, "not_done"),
    "answer_promised_at": (UNRECORDED_INQUIRY_ANSWER.name, "not_done"),
}


def _recorded(record: Any, field: str, table: list[Any], ctx: Context) -> bool:
    """Whether ``field``, missing from ``record``, is missing on record: the record gives it (null
    given: none), or some record of ``table`` does (the table keeps that fact, so one without it had
    none); else the field's interpretation (:data:`_UNRECORDED`) decides, asked only here, so that a
    report lists it only when it decided a record."""
    if record.recorded(field) or ctx.any_recorded(table, field):
        return True
    name, done = _UNRECORDED[field]
    return ctx.interpret(name) == done


def _iso(value: object) -> object:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_iso(v) for v in value]
    return value


def _plain(evidence: dict[str, Any]) -> dict[str, Any]:
    return {k: _iso(v) for k, v in evidence.items()}


def _in_force(day: date) -> bool:
    return day >= VALID_FROM


def _laddered(breaches: Iterable[tuple[datetime, Breach]], ctx: Context) -> Iterator[Hit]:
    """Hits for ``breaches`` in time order, each naming the sanction for its person's repetition.

    The measures of 5.1.4, 5.2.4 and 5.3.3 are given 对政务服务人员 (5.3.3) and 3.3 不包括保安、保洁类服务人员:
    a breach answered for by a guard or cleaner in the staff list is still a finding (the hall's duty went
    undone), but names no sanction and is not counted as a step of their repetition."""
    ladder = ctx.interpret(LADDER.name)
    staff = ctx.dataset.staff_by_id
    prior: dict[tuple[str, str], int] = defaultdict(int)
    for _, b in sorted(breaches, key=lambda x: (x[0], x[1].subject_id, x[1].clause)):
        cid = b.clause.split(":", 1)[1]
        family = cid[:5]
        key = (b.responsible or f"{b.subject_kind}:{b.subject_id}", family)
        sanction: str | None = None
        if b.responsible is None or is_service_staff(b.responsible, staff):
            sanction = sanction_for(cid, prior[key], ladder)
            prior[key] += 1
        evidence = _plain(b.evidence)
        if b.duty:
            evidence["duty"] = b.duty
        yield Hit(
            message=b.message,
            evidence=evidence,
            clause=b.clause,
            subject=Subject(kind=b.subject_kind, id=b.subject_id),
            responsible=b.responsible,
            sanction=sanction,
            on=b.on,
            provisional=b.provisional,
        )


def _first_inquiries(ds: Dataset) -> list[Inquiry]:
    """Inquiries under 5.1 (现场或电话) dated on or after the standard took effect."""
    return [q for q in ds.inquiries if q.channel in FIRST_INQUIRY_CHANNELS and _in_force(q.at.date())]


_PAUSED, _RESUMED = EventKind.paused, EventKind.resumed


def _pauses(events: Iterable[Event], as_of: date) -> tuple[list[tuple[date, date]], bool]:
    """Recorded pauses (``paused`` → next ``resumed``) as date ranges; True when one is still open.

    ``events``: an application's history in time order (or just its ``paused`` and ``resumed`` events).
    """
    ranges: list[tuple[date, date]] = []
    start: date | None = None
    for ev in events:
        kind = ev.kind  # compared with the module's names of the kinds (an enum lookup costs more)
        if kind == _PAUSED and start is None:
            start = ev.at.date()
        elif kind == _RESUMED and start is not None:
            ranges.append((start, ev.at.date()))
            start = None
    if start is not None:
        ranges.append((start, max(start, as_of)))
    return ranges, start is not None


def _pause_spans(events: Iterable[Event], as_of: date) -> list[tuple[datetime, datetime | date]]:
    """:func:`_pauses` by the minute, for a limit in hours (civil-code:201: an hour period is counted
    from the hour, so a pause stops it for the time it lasted, not for the days it touched); one still
    open runs to the end of ``as_of``."""
    ranges: list[tuple[datetime, datetime | date]] = []
    start: datetime | None = None
    for ev in events:
        kind = ev.kind
        if kind == _PAUSED and start is None:
            start = ev.at
        elif kind == _RESUMED and start is not None:
            if start < ev.at:
                ranges.append((start, ev.at))
            start = None
    if start is not None:
        ranges.append((start, max(start.date(), as_of)))  # a date end: to its 24:00
    return ranges


_PROMISE_BASIS = (f"{G}:5.5.1",)
_CLOCK_KINDS = frozenset({_PAUSED, _RESUMED})  # what stops and restarts a 5.5.1 promise (see _pauses)


def promised_deadline(app: Application, ctx: Context) -> tuple[Deadline, str, date, Event | None] | None:
    """(Deadline, limit text, start day, the first ``decided`` event) of ``app``'s 承诺时限, or None when it
    has none or is out of scope (the decision comes from the same walk over the history).

    5.5.2: out of scope when ``meets_conditions`` is False or the application was not accepted. The
    limit is ``Application.promised_limit``, else the item's ``promised_limit`` (in 天 read per
    ``gdzw-0020-2019.promise-day-unit``), else its
    ``statutory_limit`` (5.5.1: 规定或承诺时限; a licence's limit in 日 counted in working days per
    ``admin-licensing-law.day-unit``, as Art 82 counts it, on the statutory working days: the hall's own
    closures and extra working days move a promise, not the law's period). It runs from the ``accepted`` event (else receipt);
    recorded pauses stop it, approved extensions (a ``limit``, in 天 read as the limit it lengthens is,
    :func:`~govhall.standards._limits.extension_counted`; approved as
    :func:`~govhall.standards._limits.extension_approved` reads it: an approval not on record in a dataset
    that never records one counts by default, ``admin-licensing-law.unrecorded-approval``) lengthen it.
    """
    if app.meets_conditions is False:
        return None
    refused, accepted, decided, extended, clock = promise_marks(app, _CLOCK_KINDS)
    if refused:
        return None
    item = ctx.item(app.item_code)
    limit, counted, law = application_limit(app, item, ctx)  # law: counted on statutory working days
    if not limit or counted is None:
        return None
    promise = bool(app.promised_limit or (item is not None and item.promised_limit))
    exts = (  # an extension in 天 read as the limit it lengthens (extension_counted)
        [
            extension_counted(e.limit, ctx, law=law, promise=promise)
            for e in extended
            if e.limit and extension_approved(e, ctx)
        ]
        if extended
        else []
    )  # most histories record no extension
    start_at = accepted.at if accepted else app.received_at
    start = start_at.date()
    origin = counted_from(start_at, counted)  # hours run from the minute (civil-code:201)
    pauses: list[Any] = (  # most histories record no pause; an hour limit's by the minute
        []
        if not clock
        else _pause_spans(clock, ctx.as_of)
        if isinstance(origin, datetime)
        else _pauses(clock, ctx.as_of)[0]
    )
    dl = ctx.due(origin, counted, pauses=pauses, extensions=exts, extra_basis=_PROMISE_BASIS, statutory=law)
    return dl, limit, start, decided


# -- 5.x mechanisms established ---------------------------------------------------------------------

_SYSTEMS: tuple[tuple[str, tuple[HallSystem, ...], str], ...] = (
    ("5.1.1", (HallSystem.first_inquiry,), "首问责任制"),
    ("5.2.1", (HallSystem.first_handling,), "首办责任制"),
    ("5.3.1", (HallSystem.one_time_notice,), "一次性告知制"),
    ("5.4.1", (HallSystem.openness,), "政务公开相关制度"),
    ("5.5.1", (HallSystem.promised_completion, HallSystem.service_commitment), "承诺办结制"),
    ("5.6.1", (HallSystem.joint_review,), "联审联办制度"),
    ("5.7.1", (HallSystem.rongque,), "容缺受理机制"),
    ("5.7.3", (HallSystem.rongque_credit,), "容缺受理失信处理制度"),
    ("5.8.1", (HallSystem.complaint_handling,), "投诉协调处理机制"),
    ("5.9.1", (HallSystem.evaluation, HallSystem.haochaping), "评价制度"),
)


@rule(
    f"{G}/mechanisms-established",
    title_zh="第5章服务机制已建立并施行",
    clause=[f"{G}:{c}" for c, _, _ in _SYSTEMS],
    severity="error",
    subject="hall",
    title="The hall has the service mechanisms of chapter 5 in force",
    valid_from=VALID_FROM,
)
def mechanisms_established(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """政务服务大厅应建立首问责任制……应建立首办责任制……应建立一次性告知制……应建立政务公开相关制度……应实行承诺办结制……应……实行跨部门、跨层级联审联办制度……应建立容缺受理机制……应建立并实行容缺受理失信处理制度……应建立投诉协调处理机制，并落实专人协调处理相关投诉问题……应……制定评价方案。

    One hit per mechanism missing from ``Hall.systems`` (5.5.1 also accepts 服务承诺制, 5.9.1 also
    好差评制度), and one for 5.8.1 when no staff member has the complaint-handler role (落实专人). What the
    records leave out (no ``systems`` listed, no staff table) is not judged.
    """
    have = set(hall.systems)
    for cid, systems, name in _SYSTEMS if hall.recorded("systems") else ():
        if not have.intersection(systems):
            yield Hit(
                message=f"未建立{name}",
                clause=f"{G}:{cid}",
                evidence={"systems": sorted(s.value for s in have), "missing": systems[0].value},
                subject=Subject(kind="hall", id=hall.id),
            )
    if ctx.dataset.staff and not any(s.role == StaffRole.complaint_handler for s in ctx.dataset.staff):
        yield Hit(
            message="未落实专人协调处理投诉问题",
            clause=f"{G}:5.8.1",
            evidence={"complaint_handlers": 0},
            subject=Subject(kind="hall", id=hall.id),
        )


# -- 5.1 首问责任制 -----------------------------------------------------------------------------------


@rule(
    f"{G}/first-inquiry-responsible",
    title_zh="记录的首问责任人符合5.1.2的认定",
    clause=[f"{G}:3.3", f"{G}:5.1.1", f"{G}:5.1.2"],
    severity="error",
    subject="inquiry",
    title="The recorded 首问责任人 is the one 5.1.2 names",
    valid_from=VALID_FROM,
    interpretations=[TIE.name],
)
def first_inquiry_responsible(q: Inquiry, ctx: Context) -> Iterator[Hit]:
    """服务对象现场或电话向政务服务大厅咨询政务服务事项时，第一位被询问的在岗政务服务人员为首问责任人；同时有两位以上工作人员答复的，职务职级最高者为首问责任人。

    For on-site and phone inquiries whose ``responsible_staff`` is recorded: fires when it differs from
    :func:`govhall.decisions.responsible_for_inquiry` (security and cleaning staff are not 政务服务人员,
    3.3; a tie on the highest rank follows ``gdzw-0020-2019.first-inquiry-tie``). With one answerer and
    ``asked_staff`` not recorded, who was asked first is unknown and is not judged.
    """
    if q.channel not in FIRST_INQUIRY_CHANNELS or not q.responsible_staff:
        return
    computed = responsible_for_inquiry(
        q, ctx.dataset.staff_by_id, tie=ctx.interpret(TIE.name), recorded_only=True
    )
    if computed is not None and computed != q.responsible_staff:
        ranks = {s: getattr(ctx.staff(s), "rank", None) for s in q.answered_by}
        yield Hit(
            message=f"记录的首问责任人（{q.responsible_staff}）与第5.1.2条确定的（{computed}）不符",
            clause=f"{G}:5.1.2",
            evidence={
                "responsible_staff": q.responsible_staff,
                "computed": computed,
                "asked_staff": list(q.asked_staff),
                "answered_by": list(q.answered_by),
                "ranks": ranks,
            },
            responsible=computed,
            on=q.at.date(),
        )


@rule(
    f"{G}/first-inquiry-routing",
    title_zh="首问责任人按5.1.3 a/b/c答复、引导或指引",
    clause=[f"{G}:5.1.3", f"{G}:5.1.4"],
    severity="error",
    subject="dataset",
    title="The 首问责任人 answers, refers or guides as 5.1.3 a/b/c requires; breaches carry 5.1.4's sanction",
    valid_from=VALID_FROM,
    parameters=[_REFERRAL],
    interpretations=[
        TIE.name,
        LADDER.name,
        OUTSIDE_GUIDANCE.name,
        UNRECORDED_INQUIRY_ANSWER.name,
        REFERRAL_MINUTES.name,
    ],
)
def first_inquiry_routing(ds: Dataset, ctx: Context) -> Iterator[Hit]:
    """首问责任人和有关工作人员在咨询答复过程中违反了首问责任制，根据核查情况，视情节轻重，给予谈话教育、通报批评、岗位调整等处理：a) 未及时与服务对象联系或在规定时限内应解决而未解决问题的；b) 未及时将服务对象咨询的事项移交给窗口人员的；c) 对服务对象提出咨询推脱责任的；d) 应当告知服务对象有关事项而没有告知的。

    For every on-site or phone inquiry, :func:`govhall.decisions.inquiry_breaches` (judged at the end
    of ``as_of``); each hit names the 5.1.4 item, the 5.1.3 duty in ``evidence.duty``, the computed
    首问责任人 and the sanction for that person's repetition (``gdzw-0020-2019.sanction-ladder``). An
    answer (an answer time) missing, in a dataset none of whose inquiries records one, is read by
    ``gdzw-0020-2019.unrecorded-inquiry-answer`` (default: not judged). An answer time agreed on a day
    off is read by ``timelimits.set-date-on-holiday`` (default as set), as the other times a hall sets
    (:func:`~govhall.standards._limits.set_moment`).
    """
    staff = ds.staff_by_id
    minutes = ctx.param(_REFERRAL)
    tie, guidance = ctx.interpret(TIE.name), ctx.interpret(OUTSIDE_GUIDANCE.name)
    due = referral_due(ctx)
    found: list[tuple[datetime, Breach]] = []
    for q in _first_inquiries(ds):
        for b in inquiry_breaches(
            q,
            staff,
            now=ctx.now,
            referral_within_minutes=minutes,
            tie=tie,
            outside_guidance=guidance,
            referral_due=due,
            answer_due=lambda promised, judged: set_moment(promised, judged, ctx),
        ):
            if _on_record(b, q, ctx):
                found.append((q.at, b))
    yield from _laddered(found, ctx)


def _on_record(b: Breach, q: Inquiry, ctx: Context) -> bool:
    """Whether breach ``b`` of inquiry ``q`` rests on what the records show: 5.1.4 a's "not answered"
    (``answered_at`` None) and c's "no answer time" (``answer_promised_at`` None) only when that field
    is on record (:func:`_recorded`)."""
    for field in ("answered_at", "answer_promised_at"):
        if field in b.evidence and b.evidence[field] is None and getattr(q, field) is None:
            if not _recorded(q, field, ctx.dataset.inquiries, ctx):
                return False
    return True


# -- 5.2 首办责任制 -----------------------------------------------------------------------------------


@rule(
    f"{G}/first-handling-responsible",
    title_zh="记录的首办责任人为首位经办人员",
    clause=[f"{G}:5.2.1", f"{G}:5.2.2"],
    severity="error",
    subject="application",
    title="The recorded 首办责任人 is the staff member who first handled it",
    valid_from=VALID_FROM,
)
def first_handling_responsible(app: Application, ctx: Context) -> Iterator[Hit]:
    """服务对象到政务服务大厅申办政务服务事项时，首先办理的政务服务人员为首办责任人。

    Fires when ``Application.staff_id`` (the recorded 首办责任人) differs from the staff member of the
    earliest handling event (:func:`govhall.decisions.first_handler`). On-site applications only. When
    that event names nobody, who handled the application first is not recorded and is not judged. A
    guard or cleaner is no 政务服务人员 (3.3: 不包括保安、保洁类服务人员): an event of theirs is passed
    over, and one recorded as 首办责任人 is reported when the events name the 政务服务人员 who was.
    """
    if app.channel != Channel.onsite or not app.staff_id:
        return
    computed = first_handler(app, recorded_only=True, staff_by_id=ctx.dataset.staff_by_id)
    if computed is not None and computed != app.staff_id:
        yield Hit(
            message=f"记录的首办责任人（{app.staff_id}）不是首先办理的人员（{computed}）",
            clause=f"{G}:5.2.2",
            evidence={
                "staff_id": app.staff_id,
                "computed": computed,
                "first_event": _iso(app.events[0].at) if app.events else None,
            },
            responsible=computed,
            on=app.received_at.date(),
        )


@rule(
    f"{G}/first-handling-routing",
    title_zh="首办责任人按5.2.3 a/b/c办理、转办或指引",
    clause=[f"{G}:5.2.3", f"{G}:5.2.4"],
    severity="error",
    subject="dataset",
    title="The 首办责任人 handles, transfers or guides as 5.2.3 a/b/c requires; breaches carry 5.2.4's sanction",
    valid_from=VALID_FROM,
    parameters=[_REFERRAL],
    interpretations=[LADDER.name, UNRECORDED_HISTORY.name, REFERRAL_MINUTES.name],
)
def first_handling_routing(ds: Dataset, ctx: Context) -> Iterator[Hit]:
    """首办责任人违反了首办责任制，根据核查情况，视情节轻重，给予谈话教育、通报批评、岗位调整等处理：b) 未及时将服务对象申办的事项移交给承办窗口或承办工作人员的；c) 对服务对象提出申请推脱责任的；d) 应当告知服务对象有关事项而没有告知的。

    For every on-site application, :func:`govhall.decisions.handling_breaches` without a deadline
    (5.2.4 a, lateness, is judged by ``gdzw-0020-2019/promised-deadline``). Scope a/b/c comes from
    the first handler's department, the window and the item (``handling_scope``). No transfer is
    judged only on a recorded history (:func:`govhall.decisions.on_recorded_history`).
    """
    minutes = ctx.param(_REFERRAL)
    due = referral_due(ctx)
    found: list[tuple[datetime, Breach]] = []
    for app in ds.applications:
        if app.channel != Channel.onsite or not _in_force(app.received_at.date()):
            continue
        breaches = handling_breaches(
            app,
            ctx.item(app.item_code),
            ds.staff_by_id,
            ds.windows_by_id,
            now=ctx.now,
            transfer_within_minutes=minutes,
            referral_due=due,
        )
        for b in on_recorded_history(breaches, app, ctx):
            found.append((app.received_at, b))
    yield from _laddered(found, ctx)


# -- 5.3 一次性告知制 ---------------------------------------------------------------------------------


@rule(
    f"{G}/one-time-notice-elements",
    title_zh="一次性告知材料、条件、流程、时限和收费",
    clause=f"{G}:5.3.1",
    severity="error",
    subject="inquiry",
    title="Materials, conditions, process, time limit and fees are told at once",
    valid_from=VALID_FROM,
    interpretations=[UNRECORDED_INQUIRY_SCOPE.name],
)
def one_time_notice_elements(q: Inquiry, ctx: Context) -> Iterator[Hit]:
    """服务对象在政务服务大厅办理事项时，政务服务人员应当一次性答复其所要咨询或申办事项的申请材料、申请条件、办理流程、办理时限、收费标准等内容。

    For an inquiry on a matter whose ``told`` list is recorded and which was not referred elsewhere
    (:func:`govhall.decisions.one_time_answer_judged`, shared with dongguan-hall-2023:5.2.3.1: an item
    named or something told; scope a, or left out as ``gdzw-0020-2019.unrecorded-inquiry-scope`` reads
    it): fires when one of materials, conditions, process, time_limit, fee is missing. The list
    convention (docs/data.md): ``told: []`` given records that none was told (all five missing);
    ``told`` left out is not recorded and not judged. An element is named by its value or the clause's
    words (``办理时限``: :func:`govhall.decisions.elements_missing`).
    """
    if not one_time_answer_judged(q, ctx):
        return
    missing = elements_missing(q.told)
    if missing:
        who = responsible_for_inquiry(q, ctx.dataset.staff_by_id)
        yield Hit(
            message="未一次性告知申请材料、申请条件、办理流程、办理时限、收费标准等内容",
            evidence={"item_code": q.item_code, "told": list(q.told), "missing": missing},
            responsible=who,
            on=q.at.date(),
        )


@rule(
    f"{G}/written-correction-notice",
    title_zh="书面一次性告知须补正的材料、要求及期限",
    clause=[f"{G}:5.3.2", f"{G}:5.3.3"],
    severity="error",
    subject="dataset",
    title="Correction requests are made in writing, once, in time, with materials, requirements and a deadline",
    valid_from=VALID_FROM,
    parameters=[_NOTICE_WITHIN],
    interpretations=[LADDER.name, UNRECORDED_NOTICE_CONTENTS.name],
)
def written_correction_notice(ds: Dataset, ctx: Context) -> Iterator[Hit]:
    """服务对象提供的申请材料需补正的，政务服务人员应出具材料补正告知书，一次性告知其须补正的材料、要求及补正期限。对有下列情况，情节轻微的，对政务服务人员给予批评教育；情节严重、影响恶劣、造成不良后果的，给予通报批评、调离岗位等处理：a) 未履行一次性告知，造成服务对象为同一事项往返多次办理的；……c) 告知不及时或随意拖延，导致服务对象不满意的。

    :func:`govhall.decisions.correction_notice_breaches` for every application: a notice that is not
    written or lacks materials, requirements or a deadline (5.3.2 b, no sanction named; a part no
    notice of the dataset records is read by ``gdzw-0020-2019.unrecorded-notice-contents``); a later
    notice asking for materials no earlier notice listed (5.3.3 a). 5.3.3 c from the records: the first
    notice came after ``correction_notice_within`` of receipt (not 及时) and afterwards the applicant
    rated that application bad (``Evaluation.application_id``) or complained about it
    (``Complaint.application_id``) — the dissatisfaction the records show. 5.3.3 breaches name the
    sanction for the issuer's repetition (a and c counted together); a guard or cleaner who issued it is no
    政务服务人员 (3.3), so their breach names none and is not counted (:func:`_laddered`).
    """
    plain: list[Breach] = []
    sanctioned: list[tuple[datetime, Breach]] = []
    # only an application with a correction notice can breach 5.3.2/5.3.3 (the run knows which have one)
    for app in ctx.holding(ds.applications, EventKind.correction_notice):
        if not _in_force(app.received_at.date()):
            continue
        found = correction_notice_breaches(app, ctx.item(app.item_code))
        for b in on_recorded_notice_contents(found, app, ctx) if found else ():
            if b.clause.endswith("5.3.3.a"):
                sanctioned.append((b.evidence["at"], b))
            else:
                plain.append(b)
        late = _late_notice_dissatisfied(app, ds, ctx)
        if late is not None:
            sanctioned.append(late)
    for b in plain:
        yield Hit(
            message=b.message,
            evidence=_plain(b.evidence),
            clause=b.clause,
            subject=Subject(kind=b.subject_kind, id=b.subject_id),
            responsible=b.responsible,
            on=b.on,
        )
    yield from _laddered(sanctioned, ctx)


def _late_notice_dissatisfied(app: Application, ds: Dataset, ctx: Context) -> tuple[datetime, Breach] | None:
    """5.3.3 c: a first correction notice later than ``correction_notice_within`` of receipt, followed by
    a bad rating of the application or a complaint about it."""
    notices = app.events_of(EventKind.correction_notice)
    if not notices:
        return None
    notice = notices[0]
    within = ctx.param(_NOTICE_WITHIN, on=app.received_at)
    dl = ctx.due(counted_from(app.received_at, within), within)
    if not is_late(dl, notice.at):
        return None
    bad = [
        e
        for e in ds.evaluations_by_application.get(app.id, [])
        if e.level.grade == "bad" and e.at >= notice.at
    ]
    complaints = [c for c in ds.complaints_by_application.get(app.id, []) if c.received_at >= notice.at]
    if not bad and not complaints:
        return None
    return notice.at, Breach(
        f"{G}:5.3.3.c",
        f"补正告知不及时（最迟应于{dl.due.isoformat()}，{notice.at.date().isoformat()}才告知），服务对象不满意",
        "application",
        app.id,
        {
            "received_at": app.received_at,
            "notice_at": notice.at,
            "due": dl.due,
            "bad_ratings": [e.id for e in bad],
            "complaints": [c.id for c in complaints],
        },
        notice.staff_id or app.staff_id,
        notice.at.date(),
        provisional=dl.provisional,
    )


# -- 5.4 信息公开 -------------------------------------------------------------------------------------


def _too_few_channels(
    hall: Hall, ctx: Context, field: str, label: str, terms: Mapping[str, tuple[str, ...]] | None = None
) -> Iterator[Hit]:
    """A hit when the hall's ``field`` lists fewer distinct channels than ``min_channels`` (多种渠道); none
    when the hall record leaves ``field`` out (not recorded). A free-text list is counted by the channels
    it names (``terms``, :func:`govhall.decisions.named_values`): ``paper`` and ``纸质`` are one."""
    if not hall.recorded(field):
        return
    need = ctx.param(_MIN_CHANNELS)
    values = getattr(hall, field)
    if terms is not None:
        have = sorted(named_values(values, terms))
    else:
        have = sorted({getattr(c, "value", c) for c in values})
    if len(have) < need:
        yield Hit(message=f"{label}少于{need}种", evidence={field: have, "min_channels": need})


@rule(
    f"{G}/disclosure-channels",
    title_zh="可通过多种渠道查询公开信息",
    clause=f"{G}:5.4.2",
    severity="error",
    subject="hall",
    title="Information can be looked up through several channels",
    valid_from=VALID_FROM,
    parameters=[_MIN_CHANNELS],
)
def disclosure_channels(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """政务服务大厅应提供多种渠道的信息公开查询服务，如纸质、电子、语音、APP、小程序、网站等，并确保处于正常工作状态。

    Fires when ``Hall.disclosure_channels`` names fewer than ``min_channels`` channels, each counted once
    whether written as its value or in the clause's words (``DISCLOSURE_TERMS``: 纸质 is ``paper``).
    Whether they work needs an inspection.
    """
    yield from _too_few_channels(hall, ctx, "disclosure_channels", "信息公开查询渠道", DISCLOSURE_TERMS)


# -- 5.5 承诺办结制 -----------------------------------------------------------------------------------


def _promise_evidence(app: Application, dl: Deadline, limit: str, start: date) -> dict[str, Any]:
    """What a promised-deadline breach shows of the deadline (built only for an application that fires)."""
    return {
        "item_code": app.item_code,
        "limit": limit,
        "start": start,
        "due": dl.due,
        "paused_working_days": dl.paused_working_days,
        "extensions": [str(x) for x in dl.extensions],
        "basis": list(dl.basis),
    }


@rule(
    f"{G}/promised-deadline",
    title_zh="符合条件的申请在承诺时限内办结",
    clause=[f"{G}:5.5.1", f"{G}:5.5.2", f"{G}:5.2.4.a"],
    severity="error",
    subject="dataset",
    title="Applications meeting the conditions are decided within the promised limit",
    valid_from=VALID_FROM,
    interpretations=[
        LADDER.name,
        DAY_UNIT.name,
        PROMISE_DAY_UNIT.name,
        UNRECORDED_HISTORY.name,
        UNRECORDED_APPROVAL.name,
        APPROVAL_IN_REASON.name,
    ],
    live=True,
)
def promised_deadline_kept(ds: Dataset, ctx: Context) -> Iterator[Hit]:
    """在符合法律法规和有关规定以及手续齐全的前提下，政务服务人员应在规定或承诺时限内办结或者答复服务对象。不符合受理条件的不纳入承诺办结的范围。首办责任人……在规定时限内应解决而未解决问题的，视情节轻重，给予谈话教育、通报批评、岗位调整等处理。

    For each application in scope (5.5.2: not ``meets_conditions=False``, not refused) with a limit,
    the due date from :func:`promised_deadline` (through ``govhall.timelimits``). Fires when the
    decision came after it, or none came and ``as_of`` is past it (红牌), unless withdrawn first. The
    hit names the 首办责任人 (5.2.4 a) with the sanction for that person's repetition. "None came" is
    judged only on a recorded history (:func:`govhall.decisions.history_recorded`).
    """
    found: list[tuple[datetime, Breach, Deadline]] = []
    for app in ds.applications:
        if not _in_force(app.received_at.date()):
            continue
        got = promised_deadline(app, ctx)
        if got is None:
            continue
        dl, limit, start, decided = got
        if decided is not None:
            if is_late(dl, decided.at):
                who = first_handling_staff(app, ctx.dataset.staff_by_id)
                base = _promise_evidence(app, dl, limit, start)
                msg = f"承诺时限{limit}，最迟应于{dl.due.isoformat()}办结，于{decided.at.date().isoformat()}才办结"
                found.append(
                    (
                        decided.at,
                        Breach(
                            f"{G}:5.5.1",
                            msg,
                            "application",
                            app.id,
                            {**base, "decided_at": decided.at},
                            who,
                            decided.at.date(),
                            f"{G}:5.2.4.a",
                        ),
                        dl,
                    )
                )
        elif (
            is_late(dl, ctx.now)
            and ((withdrawn := app.first(EventKind.withdrawn)) is None or is_late(dl, withdrawn.at))
            and not _pauses(app.events, ctx.as_of)[1]
            and history_recorded(app, ctx)
        ):
            who = first_handling_staff(app, ctx.dataset.staff_by_id)
            base = _promise_evidence(app, dl, limit, start)
            msg = f"承诺时限{limit}，最迟应于{dl.due.isoformat()}办结，至{ctx.as_of.isoformat()}仍未办结"
            found.append(
                (
                    datetime.combine(dl.due, datetime.min.time()),
                    Breach(
                        f"{G}:5.5.1",
                        msg,
                        "application",
                        app.id,
                        {**base, "decided_at": None},
                        who,
                        dl.due,
                        f"{G}:5.2.4.a",
                    ),
                    dl,
                )
            )
    ladder = ctx.interpret(LADDER.name)
    prior: dict[str, int] = defaultdict(int)
    for _, b, dl in sorted(found, key=lambda x: (x[0], x[1].subject_id)):
        key = b.responsible or f"application:{b.subject_id}"
        sanction = sanction_for("5.2.4.a", prior[key], ladder)
        prior[key] += 1
        yield Hit(
            message=b.message,
            evidence={**_plain(b.evidence), "sanction_clause": b.duty},
            clause=b.clause,
            subject=Subject(kind="application", id=b.subject_id),
            responsible=b.responsible,
            sanction=sanction,
            on=b.on,
            provisional=dl.provisional,
            stage="red" if b.evidence.get("decided_at") is None else None,
        )


@rule(
    f"{G}/promised-deadline-yellow-card",
    title_zh="黄牌：未办结申请临近承诺时限",
    clause=f"{G}:5.5.1",
    severity="warning",
    subject="application",
    title="黄牌: an open application is about to reach its promised limit",
    valid_from=VALID_FROM,
    parameters=[_YELLOW],
    interpretations=[
        DAY_UNIT.name,
        PROMISE_DAY_UNIT.name,
        UNRECORDED_HISTORY.name,
        UNRECORDED_APPROVAL.name,
        APPROVAL_IN_REASON.name,
    ],
    tags=("yellow-card",),
    live=True,
    unless_events=("decided", "withdrawn"),
)
def promised_deadline_yellow_card(app: Application, ctx: Context) -> Iterator[Hit]:
    """政务服务大厅管理机构应对进驻政务服务大厅职能部门的承诺办结时间进行督促管理。

    The hall's 督促管理 made visible as the 电子监察 黄牌: an application in scope of 5.5.1 (see
    :func:`promised_deadline`), not decided, withdrawn or paused, gets a warning (stage yellow) when the
    audit day (live: today) is on or after the working day ``yellow_card_working_days`` working days
    before its due date and not after the due date; after it, ``promised-deadline`` shows the 红牌. It
    is a warning, not a breach: the promise has not yet been broken. An application whose history is
    not recorded (:func:`govhall.decisions.history_recorded`) cannot show that it is still open.
    """
    if not _in_force(app.received_at.date()):
        return
    if app.first(EventKind.decided) is not None or app.first(EventKind.withdrawn) is not None:
        return
    if not history_recorded(app, ctx):
        return
    got = promised_deadline(app, ctx)
    if got is None or _pauses(app.events, ctx.as_of)[1]:
        return
    dl, limit, start, _decided = got
    lead = int(ctx.param(_YELLOW, on=app.received_at))
    warn_from = lead_before(dl, lead, ctx.calendar).due  # the day that leaves ``lead`` working days
    if warn_from <= ctx.as_of <= dl.due:
        left = working_days_left(ctx.as_of, dl.due, ctx.calendar)
        yield Hit(
            message=f"承诺时限{limit}，将于{dl.due.isoformat()}到期（剩{left}个工作日），尚未办结",
            evidence={
                "limit": limit,
                "start": start.isoformat(),
                "due": dl.due.isoformat(),
                "warn_from": warn_from.isoformat(),
                "as_of": ctx.as_of.isoformat(),
                "working_days_left": left,
            },
            responsible=first_handling_staff(app, ctx.dataset.staff_by_id),
            stage="yellow",
            on=warn_from,
            provisional=dl.provisional,
        )


@rule(
    f"{G}/mailing-offered",
    title_zh="提供证照及文书寄递服务",
    clause=f"{G}:6.7.1",
    severity="error",
    subject="hall",
    title="Certificates and documents can be mailed",
    valid_from=VALID_FROM,
)
def mailing_offered(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """政务服务大厅应为服务对象提供邮寄证件、文书等服务。

    From the hall profile: fires when ``Hall.mailing_service`` is False and no application of the
    dataset was mailed (:func:`govhall.standards._mailing.mailing_not_offered`).
    """
    yield from mailing_not_offered(hall, ctx)


# -- 5.6 联审联办 -------------------------------------------------------------------------------------


@rule(
    f"{G}/joint-review-published",
    title_zh="联审联办事项公布目录和服务指南",
    clause=f"{G}:5.6.2",
    severity="error",
    subject="hall",
    title="Joint-review items have a published catalogue and service guides",
    valid_from=VALID_FROM,
)
def joint_review_published(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """对已开展联审联办的事项，牵头部门应组织相关职能部门编制联审联办项目目录和办事指南，政务服务大厅应及时公开。

    When any item is a 联审联办 item (``Item.joint_review``): fires when the hall has not published a
    ``joint_review`` catalogue, and for each joint item recorded without a full service guide
    (``guide_full`` False).
    """
    joint = [i for i in ctx.dataset.items if i.joint_review]
    if not joint:
        return
    if hall.recorded("published_catalogues") and missing_named(
        hall.published_catalogues, ("joint_review",), CATALOGUE_TERMS
    ):
        yield Hit(
            message="已开展联审联办，但未公开联审联办项目目录",
            evidence={
                "joint_items": [i.code for i in joint],
                "published_catalogues": list(hall.published_catalogues),
            },
        )
    for i in joint:
        if i.guide_full is False:
            yield Hit(
                message=f"联审联办事项{i.code}未编制办事指南",
                subject=Subject(kind="item", id=i.code),
                evidence={"code": i.code, "guide_full": False},
                responsible=i.department,
            )


@rule(
    f"{G}/joint-lead-department",
    title_zh="联审联办申请明确牵头部门",
    clause=f"{G}:5.6.2",
    severity="error",
    subject="application",
    title="A joint-review application names its lead department",
    valid_from=VALID_FROM,
    interpretations=[JOINT_LEAD.name],
)
def joint_lead_department(app: Application, ctx: Context) -> Iterator[Hit]:
    """对已开展联审联办的事项，牵头部门应组织相关职能部门编制联审联办项目目录和办事指南，政务服务大厅应及时公开。

    An application handled jointly (``joint``) must name its 牵头部门 (``lead_department``), under the
    default reading of ``gdzw-0020-2019.joint-lead`` (``per_application``); under ``catalogue_only``
    the clause is a duty on the catalogue alone and this rule reports nothing.
    """
    if app.joint and not app.lead_department and ctx.interpret(JOINT_LEAD.name) == "per_application":
        yield Hit(
            message="联审联办件未明确牵头部门",
            evidence={"joint": True, "lead_department": None},
            responsible=app.staff_id,
            on=app.received_at.date(),
        )


# -- 5.7 容缺受理 -------------------------------------------------------------------------------------


@rule(
    f"{G}/rongque-published",
    title_zh="公布容缺受理事项目录",
    clause=f"{G}:5.7.1",
    severity="error",
    subject="hall",
    title="The 容缺 catalogue is published",
    valid_from=VALID_FROM,
)
def rongque_published(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """进驻政务服务大厅的职能部门应建立容缺受理机制，包括编制容缺受理事项目录和办事指南。政务服务大厅应及时公开并开展容缺受理。

    When any item is on the 容缺 catalogue (``Item.rongque``), the hall must have published a
    ``rongque`` catalogue.
    """
    items = [i.code for i in ctx.dataset.items if i.rongque]
    if (
        items
        and hall.recorded("published_catalogues")
        and missing_named(hall.published_catalogues, ("rongque",), CATALOGUE_TERMS)
    ):
        yield Hit(
            message="未公开容缺受理事项目录",
            evidence={"rongque_items": items, "published_catalogues": list(hall.published_catalogues)},
        )


RONGQUE_VOLUNTEERS = interpretation(
    f"{G}.rongque-volunteers",
    clause=f"{G}:5.7.2",
    question="5.7.2 …窗口人员可先接收申请材料: may a volunteer (志愿者) take in an application under 容缺?",
    default="window_staff",
    alternatives={
        "window_staff": "yes: 3.3 counts 志愿者 among the 政务服务人员, and one the hall posts to take applications in "
        "is doing a 窗口人员's work (the only reading before 2026-12)",
        "not_window_staff": "no: 3.3 names 窗口工作人员 and 志愿者 apart, and the clause lets only 窗口人员 take in an "
        "application whose materials are short; a volunteer's taking it is a reason the 容缺 was not allowed",
    },
    basis="3.3 政务服务人员 …包括窗口工作人员、咨询引导人员、进驻部门工作人员、志愿者等: the volunteer is a 政务服务人员 "
    "but listed apart from 窗口工作人员; 5.7.2 says 窗口人员, which the standard does not define. Asked only of an "
    "application a volunteer took in",
)


@rule(
    f"{G}/rongque-eligibility",
    title_zh="容缺受理仅限目录内、具备基本条件和主要材料的事项",
    clause=f"{G}:5.7.2",
    severity="info",
    subject="application",
    applies_if=accepted_under_rongque,
    interpretations=[RONGQUE_VOLUNTEERS.name],
    title="容缺 is used only for catalogue items with basic conditions and main materials",
    valid_from=VALID_FROM,
)
def rongque_eligibility(app: Application, ctx: Context) -> Iterator[Hit]:
    """申办事项属容缺受理事项目录范围内的，其基本申请条件具备、申请材料主件齐全且符合法定条件的，在其他申请材料暂缺或有误的情况下，窗口人员可先接收申请材料。

    For an application taken under 容缺 (``rongque``): fires with the reasons when
    :func:`govhall.decisions.may_accept_rongque` says it was not eligible on what the records show
    (``recorded_only``): conditions left unrecorded (``basic_conditions_met`` None, the item's
    ``rongque`` or the ``materials_submitted`` left out) are not findings; with no items table at all the
    catalogue and the 主件 are unrecorded, but the basic conditions and who took it in are still judged
    (they are the application's and the staff list's own records). Taken in
    by a guard or cleaner (who accepted it, else received it, else the application's ``staff_id``:
    :func:`govhall.decisions.rongque_taken_by`) is a reason too: the clause lets 窗口人员 take it in, and 3.3
    leaves 保安、保洁 out of the 政务服务人员 altogether. Whether a volunteer's taking it is one is
    ``gdzw-0020-2019.rongque-volunteers`` (default window_staff: it is not).
    """
    if not app.rongque:
        return
    item = ctx.item(app.item_code)
    staff = ctx.dataset.staff_by_id
    taker = staff.get(rongque_taken_by(app) or "")
    volunteers_take = (
        taker is None
        or taker.role != StaffRole.volunteer
        or ctx.interpret(RONGQUE_VOLUNTEERS.name) == "window_staff"
    )
    decision = may_accept_rongque(
        app,
        item,
        recorded_only=True,
        staff_by_id=staff,
        volunteers_take=volunteers_take,
        catalogue_recorded=bool(ctx.dataset.items),  # none: the catalogue's conditions are not judged
    )
    if not decision.allowed:
        yield Hit(
            message="不符合容缺受理条件却容缺受理：" + "；".join(decision.reasons),
            evidence={
                "reasons": list(decision.reasons),
                "missing_main": list(decision.missing_main),
                "basic_conditions_met": app.basic_conditions_met,
            },
            responsible=app.staff_id,
            on=app.received_at.date(),
        )


def rongque_supplement_due(app: Application, ctx: Context) -> tuple[date | Deadline, bool, str]:
    """(due day or Deadline, provisional, basis) of a 容缺 application's supplement deadline.

    What fixes it comes from :func:`govhall.decisions.rongque_supplement_deadline` (the agreed date,
    else the item's limit, else the parameter ``gdzw-0020-2019.rongque_supplement_limit``); a limit is
    counted from receipt through ``ctx.due`` (an hour limit from the receipt's minute, and judged by the
    hour: the Deadline is returned whole).
    """
    fixed, basis = rongque_supplement_deadline(
        app, ctx.item(app.item_code), ctx.param(_RONGQUE_LIMIT, on=app.received_at)
    )
    if isinstance(fixed, date):
        return fixed, False, basis
    dl = ctx.due(counted_from(app.received_at, fixed), fixed)
    return dl, dl.provisional, basis


def _when(deadline: date | Deadline) -> str:
    """The end of a deadline as shown: its day, or its minute for a limit in hours."""
    if isinstance(deadline, date):
        return deadline.isoformat()
    return f"{deadline.due_at:%Y-%m-%d %H:%M}" if deadline.due_at is not None else deadline.due.isoformat()


@rule(
    f"{G}/rongque-overdue-blacklist",
    title_zh="逾期未补齐容缺材料的申请人纳入失信名单",
    clause=f"{G}:5.7.3",
    severity="error",
    subject="application",
    applies_if=accepted_under_rongque,
    title="An applicant who misses the 容缺 supplement deadline is put on the 失信 list",
    valid_from=VALID_FROM,
    parameters=[_RONGQUE_LIMIT],
    interpretations=[UNRECORDED_HISTORY.name],
)
def rongque_overdue_blacklist(app: Application, ctx: Context) -> Iterator[Hit]:
    """政务服务大厅应建立并实行容缺受理失信处理制度，申请人逾期未补齐补正容缺材料，将其列入失信名单，按信用相关制度予以惩戒。

    For a 容缺 application with missing materials: the materials are supplied when
    ``materials_supplemented`` events cover every ``rongque_missing`` material (an event listing no
    materials covers all). Fires when they were covered only after the due day, or are still not
    covered and ``as_of`` is past it, and the applicant is recorded as not listed
    (``rongque_blacklisted`` False). The finding is that the applicant should have been listed. Whether
    the applicant was listed, left unrecorded (None), is not judged; materials still outstanding are
    judged only on a recorded history (:func:`govhall.decisions.history_recorded`).
    """
    if not app.rongque or not app.rongque_missing or app.rongque_blacklisted is not False:
        return
    deadline, provisional, basis = rongque_supplement_due(app, ctx)
    progress = rongque_supplement_progress(app, deadline, ctx.now)
    if progress.late and isinstance(deadline, date):  # an agreed date on a day off (set_date)
        moved = set_date(deadline, progress.completed_on or ctx.as_of, ctx)
        if moved != deadline:
            deadline, progress = moved, rongque_supplement_progress(app, moved, ctx.now)
    due, completed, late = progress.due, progress.completed_on, progress.late
    outstanding = progress.outstanding
    if late and (completed is not None or history_recorded(app, ctx)):
        state = f"于{completed.isoformat()}才补齐" if completed else f"至{ctx.as_of.isoformat()}仍未补齐"
        yield Hit(
            message=f"容缺材料最迟应于{_when(deadline)}补齐，{state}，申请人应列入失信名单",
            evidence={
                "rongque_missing": list(app.rongque_missing),
                "due": due.isoformat(),
                "due_basis": basis,
                "completed_on": _iso(completed),
                "outstanding": sorted(outstanding),
                "rongque_blacklisted": app.rongque_blacklisted,
            },
            responsible=item.department if (item := ctx.item(app.item_code)) else None,
            on=due,
            provisional=provisional,
        )


# -- 5.8 投诉处理 -------------------------------------------------------------------------------------


@rule(
    f"{G}/staff-conduct-complaint-accepted",
    title_zh="受理对工作人员服务行为的投诉",
    clause=[f"{G}:5.8.1", f"{G}:5.8.2"],
    severity="error",
    subject="complaint",
    title="Complaints about staff conduct are accepted",
    valid_from=VALID_FROM,
)
def staff_conduct_complaint_accepted(c: Complaint, ctx: Context) -> Iterator[Hit]:
    """投诉受理范围：a) 在政务服务过程中，由于政务服务人员的工作作风、办事效率、礼貌礼仪等失当行为引起的。

    A complaint recorded as about staff conduct (``facts.staff_conduct``) is in scope; fires when it
    was recorded as not accepted, not referred elsewhere, and its facts give no not-accepted ground
    (yousu-jiban 不予受理事项, e.g. a matter already in court: :func:`govhall.screening.refusal_grounds`).
    A complaint about someone the staff list records as a guard or cleaner is not about a 政务服务人员
    (3.3 …不包括保安、保洁类服务人员), so 5.8.2 a does not bring it in scope (:func:`is_service_staff`; a
    volunteer is one, and so is anyone the list does not hold).
    """
    from govhall.screening import refusal_grounds

    if not c.facts.staff_conduct or c.accepted is not False or c.referral or refusal_grounds(c.facts):
        return
    if c.about_staff and not is_service_staff(c.about_staff, ctx.dataset.staff_by_id):
        return
    yield Hit(
        message="对政务服务人员失当行为的投诉属受理范围，却未受理",
        clause=f"{G}:5.8.2.a",
        evidence={
            "staff_conduct": True,
            "accepted": False,
            "about_staff": c.about_staff,
            "category": c.category.value if c.category else None,
        },
        responsible=c.handler_staff,
        on=c.received_at.date(),
    )


@rule(
    f"{G}/complaint-recorded-and-answered",
    title_zh="投诉予以受理记录并回复",
    clause=f"{G}:5.8.3",
    severity="error",
    subject="complaint",
    title="Complaints are recorded and answered",
    valid_from=VALID_FROM,
)
def complaint_recorded_and_answered(c: Complaint, ctx: Context) -> Iterator[Hit]:
    """政务服务过程中不涉及违法违纪行为的投诉举报，投诉处理人员应及时处理、回复，做好投诉受理、处理记录与归档工作。

    For a complaint not recorded as refused that does not concern 违法违纪 (``facts.discipline_inspection``
    false), fires when no acceptance record was taken (``recorded_fields`` given empty; left out it is
    not recorded and not judged) or when it was closed without an answer to the complainant (a
    ``closed`` event and no ``answered`` event: :func:`govhall.decisions.closed_unanswered`). "及时" sets
    no figure here; the complaint time limits are yousu-jiban's. dongguan-hall-2023:5.2.8.2 c repeats the
    sentence word for word and is read the same (``dongguan-hall-2023/complaint-recorded-and-answered``).
    """
    if c.accepted is False or c.facts.discipline_inspection:
        return
    if c.recorded("recorded_fields") and not c.recorded_fields:
        yield Hit(
            message="投诉未做受理记录",
            responsible=c.handler_staff,
            evidence={"recorded_fields": []},
            on=c.received_at.date(),
        )
    closed = closed_unanswered(c)
    if closed is not None:
        yield Hit(
            message="投诉办结销号但未回复投诉人",
            responsible=c.handler_staff,
            evidence={"closed_at": closed.at.isoformat(timespec="minutes"), "answered": False},
            on=closed.at.date(),
        )


@rule(
    f"{G}/complaint-violation-referred",
    title_zh="涉及违法违纪的投诉予以移交或告知渠道",
    clause=f"{G}:5.8.3",
    severity="error",
    subject="complaint",
    title="A complaint about 违法违纪 conduct is passed on or signposted",
    valid_from=VALID_FROM,
    interpretations=[UNRECORDED_HISTORY.name],
)
def complaint_violation_referred(c: Complaint, ctx: Context) -> Iterator[Hit]:
    """涉及违法违纪行为的投诉举报，投诉处理人员应为投诉人提供接转或指引服务。

    Fires for a complaint whose facts send it to 纪检监察 (``facts.discipline_inspection``) with no
    接转 (``referral`` or a ``referred`` event) and no 指引: a ``responded``/``answered`` event is the
    guidance unless recorded as not telling the complainant (``told_applicant`` False; None is not
    recorded). A complaint with no ``referral`` given and no recorded history
    (:func:`govhall.decisions.complaint_history_recorded`) is not judged (an unrecorded fact is never
    a finding).
    """
    if (
        not c.facts.discipline_inspection
        or c.referral
        or not (c.recorded("referral") or complaint_history_recorded(c, ctx))
    ):
        return
    if any(e.kind == EventKind.referred for e in c.events):
        return
    if any(
        e.kind in (EventKind.responded, EventKind.answered) and e.told_applicant is not False
        for e in c.events
    ):
        return
    yield Hit(
        message="涉及违法违纪行为的投诉举报，未为投诉人提供接转或指引",
        evidence={"discipline_inspection": True, "referral": None},
        responsible=c.handler_staff,
        on=c.received_at.date(),
    )


_IDENTITY_FIELDS = ("name_or_org", "contact_person", "phone", "address")


@rule(
    f"{G}/complaint-confidentiality",
    title_zh="需保密的投诉在调查中不泄露投诉人信息",
    clause=f"{G}:5.8.3",
    severity="error",
    subject="complaint",
    title="A complaint to be kept confidential is investigated without revealing the complainant",
    valid_from=VALID_FROM,
)
def complaint_confidentiality(c: Complaint, ctx: Context) -> Iterator[Hit]:
    """投诉人要求对投诉保密的，应在为其保密的情况下进行调查取证和跟踪处理。

    For a complaint marked ``confidential`` about a staff member (``about_staff``): fires when the
    工作单 carrying the complainant's identity (name, contact person, phone or address) was sent
    (``worksheet_sent``) to that staff member's own department. Worksheets sent elsewhere (the hall's
    complaint office, a department not concerned) are the investigation itself and are not judged, and
    so is a worksheet whose destination, or the staff member's department, is not recorded.
    """
    if not c.confidential or c.worksheet is None or not c.about_staff:
        return
    staff = ctx.staff(c.about_staff)
    dept = staff.department if staff is not None else None
    if not dept:
        return  # whose department it is is not recorded: no worksheet is shown to have gone there
    sent = [e for e in c.events if e.kind == EventKind.worksheet_sent and e.department == dept]
    shown = [f for f in _IDENTITY_FIELDS if getattr(c.worksheet, f)]
    if sent and shown:
        yield Hit(
            message="投诉人要求保密，载明投诉人身份信息的工作单转给了被投诉人员所在部门",
            evidence={
                "confidential": True,
                "about_staff": c.about_staff,
                "department": dept,
                "identity_fields_on_worksheet": shown,
                "worksheet_sent_at": _iso(sent[0].at),
            },
            responsible=sent[0].staff_id or c.handler_staff,
            on=sent[0].at.date(),
        )


@rule(
    f"{G}/complaint-channels",
    title_zh="提供多种投诉渠道",
    clause=f"{G}:5.8.4",
    severity="info",
    subject="hall",
    title="Complaints can be made through several channels",
    valid_from=VALID_FROM,
    parameters=[_MIN_CHANNELS],
)
def complaint_channels(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """服务对象可通过现场、电话、信函、传真、电子邮箱、意见卡、电子评议、APP、小程序、网站等多种渠道进行投诉。

    Fires when ``Hall.complaint_channels`` lists fewer than ``min_channels`` channels.
    """
    yield from _too_few_channels(hall, ctx, "complaint_channels", "投诉渠道")


# -- 5.9 评价 -----------------------------------------------------------------------------------------


@rule(
    f"{G}/evaluation-integrity",
    title_zh="不得干预、代评、监视或伪造评价",
    clause=f"{G}:5.9.2",
    severity="error",
    subject="dataset",
    title="Ratings are not interfered with, substituted, watched or faked",
    valid_from=VALID_FROM,
    parameters=[_BURST_COUNT, _BURST_MINUTES],
)
def evaluation_integrity_rule(ds: Dataset, ctx: Context) -> Iterator[Hit]:
    """政务服务大厅开展评价时应遵循公开、公正、自愿原则，不可干涉、替代、监视服务对象评价，不可虚假评价。

    :func:`govhall.decisions.evaluation_integrity` over the ratings dated on or after the standard took
    effect: ratings by a staff account, bursts from one device, repeated ratings of one visit or
    application, and reported interference. One hit per rating and kind.
    """
    params = IntegrityParams(int(ctx.param(_BURST_COUNT)), int(ctx.param(_BURST_MINUTES)))
    evals = [e for e in ds.evaluations if _in_force(e.at.date())]
    if len(evals) == len(ds.evaluations):  # every rating in force: the very ratings dongguan 5.2.10 checks
        evals = ds.evaluations
    for b in integrity_breaches(ds, evals, params, ctx):
        yield Hit(
            message=b.message,
            evidence=_plain(b.evidence),
            subject=Subject(kind="evaluation", id=b.subject_id),
            responsible=b.responsible,
            on=b.on,
        )


# -- 6 服务内容 ---------------------------------------------------------------------------------------


@rule(
    f"{G}/appointment-and-ticketing",
    title_zh="提供线上线下预约及未预约现场取号",
    clause=f"{G}:6.1.1",
    severity="error",
    subject="hall",
    title="Online and offline booking, and on-site tickets for the unbooked",
    valid_from=VALID_FROM,
)
def appointment_and_ticketing(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """政务服务大厅应提供线上线下多样化预约服务，未预约的应提供现场取号服务，确保服务质量。

    Fires when ``Hall.appointment_channels`` has no online channel or no offline one (on site, phone, 12345: ``OFFLINE_BOOKING_CHANNELS``),
    and when ``Hall.equipment`` has no ``ticket_machine`` (现场取号).
    """
    channels = set(hall.appointment_channels)
    lacking = []
    if hall.recorded("appointment_channels"):  # what the hall record leaves out is not judged
        if not channels & ONLINE_CHANNELS:
            lacking.append("online")
        if not channels & OFFLINE_BOOKING_CHANNELS:
            lacking.append("offline")
    if lacking:
        yield Hit(
            message="未提供线上线下多样化预约服务",
            evidence={"appointment_channels": sorted(c.value for c in channels), "lacking": lacking},
        )
    if hall.recorded("equipment") and missing_named(hall.equipment, ("ticket_machine",), EQUIPMENT_TERMS):
        yield Hit(
            message="未为未预约的服务对象提供现场取号服务", evidence={"equipment": list(hall.equipment)}
        )


@rule(
    f"{G}/appointment-confirmation",
    title_zh="网上预约及时确认并告知所列事项",
    clause=f"{G}:6.1.2",
    severity="error",
    subject="appointment",
    title="An online booking is confirmed in time with the listed details",
    valid_from=VALID_FROM,
    interpretations=[UNRECORDED_CONFIRMATION.name],
)
def appointment_confirmation(a: Appointment, ctx: Context) -> Iterator[Hit]:
    """服务对象在网上预约成功的，应及时发送预约信息。预约信息包括但不限于预约人姓名、预约时间、办事地点、预约号、预约内容、取号操作等。

    For an online booking (not cancelled by the hall): fires when no confirmation was sent by the time
    the slot began (judged once the audit day's end, or live now, has reached it), or it was sent only
    after the slot began (not 及时 on any reading), or it lacks one of name, time, place, number,
    content, ticket_instructions, each named by its value or 6.1.2's words (``CONFIRMATION_TERMS``:
    预约人姓名 …) (when its contents are recorded: ``confirmation_fields`` left out is not recorded and
    not judged). A booking without a confirmation, in a dataset none of whose bookings
    records one, is read by ``gdzw-0020-2019.unrecorded-confirmation`` (default: not judged).
    """
    if a.channel not in ONLINE_CHANNELS or a.cancelled_by_hall:
        return
    if a.confirmation_sent_at is None and ctx.now < a.slot_start:
        return  # not late yet on any reading
    if a.confirmation_sent_at is None and not _recorded(
        a, "confirmation_sent_at", ctx.dataset.appointments, ctx
    ):
        return
    if a.confirmation_sent_at is None or a.confirmation_sent_at >= a.slot_start:
        yield Hit(
            message="网上预约成功后未及时发送预约信息",
            evidence={
                "booked_at": _iso(a.booked_at),
                "slot_start": _iso(a.slot_start),
                "confirmation_sent_at": _iso(a.confirmation_sent_at),
            },
            on=a.booked_at.date(),
        )
        return
    missing = missing_named(a.confirmation_fields, CONFIRMATION_FIELDS, CONFIRMATION_TERMS)
    if missing and a.recorded("confirmation_fields"):
        yield Hit(
            message="预约信息缺少必要内容",
            evidence={"confirmation_fields": list(a.confirmation_fields), "missing": missing},
            on=a.confirmation_sent_at.date(),
        )


@rule(
    f"{G}/self-service",
    title_zh="设置自助区，提供自助查询和办理设备",
    clause=[f"{G}:6.3.1", f"{G}:6.3.2", f"{G}:6.3.4"],
    severity="error",
    subject="hall",
    title="Self-service query and handling equipment in a dedicated area",
    valid_from=VALID_FROM,
)
def self_service(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """政务服务大厅应配备自助查询、自助办理的设备。政务服务大厅应实现办事指南的自助查询……政务服务大厅应提供专门的区域，配备相关的自助设备，为服务对象提供自主申办服务。

    Fires for a missing ``query_device`` (6.3.1, 6.3.2), a missing ``self_service_terminal`` (6.3.1,
    6.3.4) and a missing self-service zone (6.3.4); equipment is named by its value or the clause's
    words (``EQUIPMENT_TERMS``: 自助查询设备, 自助办理设备 …).
    """
    equipment = set(hall.equipment)
    lacking = set(missing_named(equipment, ("query_device", "self_service_terminal"), EQUIPMENT_TERMS))
    if not hall.recorded("equipment"):
        equipment, lacking = {"query_device", "self_service_terminal"}, set()  # not recorded: not judged
    if "query_device" in lacking:
        yield Hit(
            message="未配备自助查询设备（办事指南自助查询）",
            clause=f"{G}:6.3.2",
            evidence={"equipment": sorted(equipment), "missing": "query_device"},
        )
    if "self_service_terminal" in lacking:
        yield Hit(
            message="未配备自助办理设备",
            clause=f"{G}:6.3.1",
            evidence={"equipment": sorted(equipment), "missing": "self_service_terminal"},
        )
    if hall.recorded("zones") and Zone.self_service not in hall.zones:
        yield Hit(
            message="未设置专门的自助服务区域",
            clause=f"{G}:6.3.4",
            evidence={"zones": sorted(z.value for z in hall.zones), "missing": "self_service"},
        )


@rule(
    f"{G}/online-consultation",
    title_zh="提供网上咨询和办件进度查询",
    clause=f"{G}:6.3.3",
    severity="info",
    subject="hall",
    title="Online consultation and progress queries are offered",
    valid_from=VALID_FROM,
)
def online_consultation(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """服务对象可通过广东政务服务网、小程序、公众号、APP、自助终端等方式进行在线咨询和查询办事进度、办理结果等。

    Fires when ``Hall.consultation_channels`` has none of these ways (``ONLINE_QUERY_CHANNELS``: the
    online channels, a 公众号, or a self-service terminal).
    """
    channels = set(hall.consultation_channels)
    if hall.recorded("consultation_channels") and not channels & ONLINE_QUERY_CHANNELS:
        yield Hit(
            message="未提供在线咨询、查询渠道",
            evidence={"consultation_channels": sorted(c.value for c in channels)},
        )


@rule(
    f"{G}/consultation-channels",
    title_zh="提供多种咨询方式",
    clause=f"{G}:6.4.1",
    severity="error",
    subject="hall",
    title="Several ways to consult",
    valid_from=VALID_FROM,
    parameters=[_MIN_CHANNELS],
)
def consultation_channels(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """政务服务大厅应提供多样化的咨询方式，包括现场、电话、信函、传真、电子邮箱、APP、小程序、网站等。

    Fires when ``Hall.consultation_channels`` lists fewer than ``min_channels`` channels.
    """
    yield from _too_few_channels(hall, ctx, "consultation_channels", "咨询方式")


@rule(
    f"{G}/consultation-answered-in-time",
    title_zh="咨询在承诺时间内答复",
    clause=f"{G}:6.4.2",
    severity="error",
    subject="inquiry",
    title="Consultations are answered within the promised time",
    valid_from=VALID_FROM,
    interpretations=[UNRECORDED_INQUIRY_ANSWER.name],
)
def consultation_answered_in_time(q: Inquiry, ctx: Context) -> Iterator[Hit]:
    """对服务对象咨询的问题，政务服务大厅及相关部门应及时处理，在规定的时限内予以答复。

    For inquiries by letter, fax, e-mail, app, website and the like (on-site and phone ones are 5.1
    inquiries, judged under 5.1.4 a): fires when ``answer_promised_at`` passed without an answer, or
    the answer came later. Without a promised time there is nothing to judge. A missing answer, in a
    dataset none of whose inquiries records one, is read by ``gdzw-0020-2019.unrecorded-inquiry-answer``
    (default: not judged). A promised time on a day off is read by ``timelimits.set-date-on-holiday``
    (default as set), as the other times a hall sets (:func:`~govhall.standards._limits.set_moment`).
    """
    if q.channel in FIRST_INQUIRY_CHANNELS or q.answer_promised_at is None:
        return
    promised = q.answer_promised_at
    due = set_moment(promised, q.answered_at or ctx.now, ctx)
    if q.answered_at is None and ctx.now > due and _recorded(q, "answered_at", ctx.dataset.inquiries, ctx):
        yield Hit(
            message="超过规定时限仍未答复咨询",
            evidence={"channel": q.channel.value, "answer_promised_at": _iso(promised), "answered_at": None},
            on=promised.date(),
        )
    elif q.answered_at is not None and q.answered_at > due:
        yield Hit(
            message="超过规定时限才答复咨询",
            evidence={
                "channel": q.channel.value,
                "answer_promised_at": _iso(promised),
                "answered_at": _iso(q.answered_at),
            },
            on=q.answered_at.date(),
        )


@rule(
    f"{G}/free-agency",
    title_zh="代办服务免费",
    clause=f"{G}:6.6",
    severity="info",
    subject="application",
    applies_if=with_help_service,
    title="代办 is free of charge",
    valid_from=VALID_FROM,
)
def free_agency(app: Application, ctx: Context) -> Iterator[Hit]:
    """政务服务大厅可对符合条件的服务对象提供免费代办服务。

    Fires when an application handled by 代办 (``help_service="agent"``) was charged for the agency
    service itself (``service_fee_charged`` > 0; statutory fees are not counted).
    """
    if app.help_service == "agent" and app.service_fee_charged > 0:
        yield Hit(
            message="代办服务收取了费用",
            evidence={"help_service": "agent", "service_fee_charged": str(app.service_fee_charged)},
            responsible=app.staff_id,
            on=app.received_at.date(),
        )


@rule(
    f"{G}/mailing-voluntary",
    title_zh="寄递服务由申请人自愿选择",
    clause=f"{G}:6.7.2",
    severity="info",
    subject="application",
    title="Mailing is the applicant's choice",
    valid_from=VALID_FROM,
    needs_events=("mailed",),
)
def mailing_voluntary(app: Application, ctx: Context) -> Iterator[Hit]:
    """邮寄服务为自愿项目，服务对象可自行选择。

    Fires for a ``mailed`` event recorded as not chosen by the applicant (``voluntary`` False).
    """
    for ev in app.events_of(EventKind.mailed):
        if ev.voluntary is False:
            yield Hit(
                message="邮寄服务并非服务对象自行选择",
                evidence={"mailed_at": _iso(ev.at), "voluntary": False},
                responsible=ev.staff_id or app.staff_id,
                on=ev.at.date(),
            )


__all__ = [
    "CONFIRMATION_FIELDS",
    "ONLINE_CHANNELS",
    "ONLINE_QUERY_CHANNELS",
    "STANDARD",
    "promised_deadline",
    "rongque_supplement_due",
]
