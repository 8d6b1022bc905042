"""Applications (办件) and their timestamped event history."""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from govhall.models._base import (
    BilingualEnum,
    FiniteDecimal,
    GovModel,
    IsoDate,
    Lenient,
    LimitText,
    LocalDateTime,
    Personal,
    RecordId,
    YesNo,
    bilingual,
)
from govhall.models.enums import Channel


class EventKind(BilingualEnum):
    """What happened to an application (DESIGN, "Input data")."""

    received = "received"
    accepted = "accepted"
    not_accepted = "not_accepted"
    transferred = "transferred"
    correction_notice = "correction_notice"
    materials_supplemented = "materials_supplemented"
    paused = "paused"
    resumed = "resumed"
    extended = "extended"
    decided = "decided"
    certificate_handed_over = "certificate_handed_over"
    certificate_rejected = "certificate_rejected"
    certificate_corrected = "certificate_corrected"
    pickup_notified = "pickup_notified"
    picked_up = "picked_up"
    mailed = "mailed"
    visit = "visit"
    returned = "returned"
    withdrawn = "withdrawn"
    # complaint events (yousu-jiban 处置流程, 督办)
    responded = "responded"
    identity_stated = "identity_stated"
    time_limit_told = "time_limit_told"
    worksheet_sent = "worksheet_sent"
    answered = "answered"
    closed = "closed"
    urged = "urged"
    supervised = "supervised"
    notified = "notified"
    referred = "referred"


bilingual(
    EventKind,
    {
        "收件": "received",
        "受理": "accepted",
        "不予受理": "not_accepted",
        "移交": "transferred",
        "补正告知": "correction_notice",
        "材料补正告知书": "correction_notice",
        "补齐补正": "materials_supplemented",
        "暂停计时": "paused",
        "恢复计时": "resumed",
        "延期": "extended",
        "延长": "extended",
        "办结": "decided",
        "作出决定": "decided",
        "证件交接": "certificate_handed_over",
        "出件窗口退回": "certificate_rejected",
        "证件更正": "certificate_corrected",
        "取件通知": "pickup_notified",
        "领取": "picked_up",
        "邮寄": "mailed",
        "到现场": "visit",
        "退件": "returned",
        "撤回": "withdrawn",
        "回应": "responded",
        "亮明身份": "identity_stated",
        "告知时限": "time_limit_told",
        "发送工作单": "worksheet_sent",
        "答复": "answered",
        "销号": "closed",
        "催办": "urged",
        "督办": "supervised",
        "通报": "notified",
        "移送": "referred",
    },
)


class VisitPurpose(BilingualEnum):
    """Why an applicant came in person (hangzhou-zuiduo-paoyici 3.1)."""

    consultation = "consultation"
    submission = "submission"
    supplement = "supplement"
    pickup = "pickup"
    negative_result = "negative_result"
    other = "other"


bilingual(
    VisitPurpose,
    {
        "办事前咨询": "consultation",
        "咨询": "consultation",
        "提交申请": "submission",
        "补交材料": "supplement",
        "取件": "pickup",
        "领取否定性结果": "negative_result",
        "其他": "other",
    },
)


#: a pause's procedure (``Event.procedure``): its canonical names, and the Chinese words of
#: admin-licensing-law:45 (听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审) and of a 补正 pause for them
PROCEDURES = frozenset(
    {"correction", "hearing", "bidding", "auction", "testing", "inspection", "quarantine", "appraisal",
     "expert_review", "other"}
)  # fmt: skip
PROCEDURE_ZH = {
    "补正": "correction",
    "补齐补正": "correction",
    "听证": "hearing",
    "招标": "bidding",
    "拍卖": "auction",
    "检验": "inspection",
    "检测": "testing",
    "检疫": "quarantine",
    "鉴定": "appraisal",
    "专家评审": "expert_review",
    "其他": "other",
}


#: decision outcomes the rules compare with (admin-licensing-law:44/50 准予, hangzhou 否定性办理结果): in
#: any case or spacing (``Approved``, ``Not Accepted``) they are read as these names
OUTCOMES = frozenset(
    {"approved", "granted", "denied", "accepted", "not_accepted", "rejected", "refused", "resolved"}
)


class Event(GovModel):
    """One timestamped event of an application (or, with ``complaint_id``, of a complaint)."""

    id: str | None = None
    application_id: str | None = None
    complaint_id: str | None = None
    kind: EventKind
    at: LocalDateTime
    staff_id: str | None = None
    window_id: str | None = None
    department: str | None = None
    materials: list[str] = Field(
        default_factory=list, description="materials listed (correction notice) or supplied"
    )
    requirements: str | None = Field(None, description="what the correction must meet (补正要求)")
    deadline: IsoDate | None = Field(
        None, description="deadline stated by the event (补正期限, 督办 deadline …)"
    )
    written: YesNo | None = Field(None, description="given in writing (书面)")
    reason: str | None = None
    procedure: str | None = Field(
        None,
        description="for pauses: correction, hearing, bidding, auction, testing, inspection, quarantine, appraisal, expert_review, other",
    )
    approved_by: str | None = Personal(
        "for extensions: who approved (本行政机关负责人), a person's name or post"
    )
    limit: LimitText | None = Field(None, description="for extensions: the extra time, e.g. '10个工作日'")
    told_applicant: YesNo | None = Field(
        None, description="the applicant/complainant was told (with the reason)"
    )
    outcome: str | None = Field(None, description="approved, denied, accepted, not_accepted, resolved …")
    purpose: VisitPurpose | None = None
    voluntary: YesNo | None = Field(
        None,
        description="for visits: the applicant chose to come although not needed; for mailed: the applicant chose mail (gdzw-0020-2019:6.7.2)",
    )
    delivery: (
        Annotated[
            Literal["window", "mail", "electronic"],
            # 窗口自取, 邮寄 (邮寄服务, gdzw-0020-2019:6.7), 电子送达
            Lenient(
                {
                    "窗口自取": "window",
                    "自取": "window",
                    "窗口": "window",
                    "邮寄": "mail",
                    "电子送达": "electronic",
                }
            ),
        ]
        | None
    ) = None
    reported_to_government: YesNo | None = Field(
        None, description="通报: reported to the same-level government"
    )
    cc_discipline: YesNo | None = Field(None, description="通报: copied to the 纪委监委")
    note: str | None = None

    @field_validator("procedure", mode="before")
    @classmethod
    def _procedure_name(cls, value: Any) -> Any:
        """A known procedure in Art 45's Chinese (听证, 专家评审 …) or in any case/spacing (``Expert Review``)
        is its canonical name, so the rules that look for it find it; any other text is kept as given."""
        if not isinstance(value, str):
            return value
        text = value.strip()
        name = PROCEDURE_ZH.get(text) or text.lower().replace("-", "_").replace(" ", "_")
        return name if name in PROCEDURES else text

    @field_validator("outcome", mode="before")
    @classmethod
    def _outcome_name(cls, value: Any) -> Any:
        """A known outcome in any case or spacing (``Approved``) is its name; other text is kept as given."""
        if not isinstance(value, str):
            return value
        text = value.strip()
        name = text.lower().replace("-", "_").replace(" ", "_")
        return name if name in OUTCOMES else text

    @model_validator(mode="after")
    def _one_owner(self) -> Event:
        if bool(self.application_id) == bool(self.complaint_id):
            raise ValueError("an event needs exactly one of application_id and complaint_id")
        return self


def fill_event_owner(events: Any, owner_field: str, owner_id: Any) -> Any:
    """Give events embedded in a record their owner's id when they name no owner at all.

    Used by ``Application.events`` and ``Complaint.events`` before validation: an embedded event
    may omit ``application_id``/``complaint_id``; it belongs to the record it is embedded in.
    """
    if not isinstance(events, list) or not isinstance(owner_id, str):
        return events
    out = []
    for ev in events:
        if isinstance(ev, dict) and not ev.get("application_id") and not ev.get("complaint_id"):
            ev = {**ev, owner_field: owner_id}
        out.append(ev)
    return out


def check_event_owner(events: list[Event], owner_field: str, owner_id: Any) -> list[Event]:
    """Check that embedded events belong to their record, and return them sorted by time (stable)."""
    if isinstance(owner_id, str):
        for i, ev in enumerate(events):
            named = getattr(ev, owner_field)
            if named != owner_id:
                other = ev.application_id or ev.complaint_id
                raise ValueError(f"event {i} is embedded in {owner_id!r} but names {other!r} as its owner")
    if len(events) > 1:
        events = sorted(events, key=lambda e: e.at)
    return events


class Applicant(GovModel):
    """The person or organisation applying (服务对象); every field is personal data."""

    name: str | None = Personal("applicant name (person or organisation)")
    id_number: str | None = Personal("ID card or credit code")
    phone: str | None = Personal("phone number")
    address: str | None = Personal("address")


#: what a rule may name an event kind by -> the kind: the members and their values, then every
#: alias met (``events_of`` and ``first`` are asked hundreds of thousands of times in an audit)
_KIND_OF: dict[Any, EventKind] = {**{k.value: k for k in EventKind}, **{k: k for k in EventKind}}


def _kind_of(kind: EventKind | str) -> EventKind:
    """``kind`` as an EventKind (an English value or a Chinese term; a ValueError names a bad one)."""
    found = _KIND_OF.get(kind)
    if found is None:
        found = EventKind(kind)  # a Chinese alias or a spelling variant (raises for an unknown kind)
        if len(_KIND_OF) < 4096:
            _KIND_OF[kind] = found
    return found


@functools.lru_cache(maxsize=1024)
def _kinds(kinds: tuple[EventKind | str, ...]) -> frozenset[EventKind]:
    """The event kinds asked for, checked and converted once per distinct request."""
    return frozenset(_kind_of(k) for k in kinds)


class EventHistory(GovModel):
    """Base of records with a timestamped event history (applications, complaints).

    Embedded events that name no owner get the record's id; events naming another owner are
    refused; the history is kept in time order (stable on ties).
    """

    owner_field: ClassVar[str] = "application_id"
    if TYPE_CHECKING:  # each subclass declares the field (where it sits in its own field order)
        events: list[Event]

    @field_validator("events", mode="before", check_fields=False)
    @classmethod
    def _fill_owner(cls, value: Any, info: ValidationInfo) -> Any:
        return fill_event_owner(value, cls.owner_field, info.data.get("id"))

    @field_validator("events", mode="after", check_fields=False)
    @classmethod
    def _own_and_sort(cls, value: list[Event], info: ValidationInfo) -> list[Event]:
        return check_event_owner(value, cls.owner_field, info.data.get("id"))

    def events_of(self, *kinds: EventKind | str) -> list[Event]:
        """The events of the given kinds (all events if none is given), in time order."""
        events = self.events
        found: list[Event] = []
        if len(kinds) == 1:
            # a history is a handful of events: one pass costs less than keeping them grouped (and a
            # plain loop less than a comprehension's own frame, asked some 20 times per application)
            kind = _KIND_OF.get(kinds[0]) or _kind_of(kinds[0])
            for e in events:
                if e.kind == kind:
                    found.append(e)
            return found
        if not kinds:
            return list(events)
        wanted = _kinds(kinds)
        for e in events:
            if e.kind in wanted:
                found.append(e)
        return found

    def first(self, kind: EventKind | str) -> Event | None:
        """The earliest event of ``kind`` (or None)."""
        wanted = _KIND_OF.get(kind) or _kind_of(kind)
        for e in self.events:
            if e.kind == wanted:
                return e
        return None


class Application(EventHistory):
    """An application for a service item, with what happened to it and when."""

    id: RecordId
    item_code: str
    kind: Annotated[
        Literal["new", "renewal", "change", "other"],
        # 变更 (admin-licensing-law:49), 延续 (admin-licensing-law:50)
        Lenient({"新办": "new", "新申请": "new", "延续": "renewal", "变更": "change", "其他": "other"}),
    ] = "new"
    applicant: Applicant = Field(default_factory=Applicant)
    channel: Channel = Channel.onsite
    received_at: LocalDateTime
    window_id: str | None = None
    staff_id: str | None = Field(
        None, description="首办责任人: the staff who first handled it (gdzw-0020-2019:5.2.2)"
    )
    meets_conditions: YesNo | None = Field(None, description="符合受理条件 (gdzw-0020-2019:5.5.2)")
    basic_conditions_met: YesNo | None = Field(None, description="基本申请条件具备 (5.7.2)")
    materials_submitted: list[str] = Field(default_factory=list)
    rongque: YesNo = Field(False, description="accepted under 容缺受理")
    rongque_missing: list[str] = Field(
        default_factory=list, description="materials accepted as missing (暂缺或有误)"
    )
    rongque_supplement_due: IsoDate | None = Field(
        None, description="容缺 supplement deadline agreed with the applicant"
    )
    rongque_blacklisted: YesNo | None = Field(
        None, description="listed as 失信 after missing the supplement deadline"
    )
    promised_limit: LimitText | None = Field(None, description="overrides the item's 承诺时限")
    licence_expires_on: IsoDate | None = Field(
        None, description="for renewals: the current licence's expiry (admin-licensing-law:50)"
    )
    joint: YesNo = Field(False, description="handled under 联审联办")
    lead_department: str | None = None
    help_service: Annotated[
        Literal["none", "help", "agent"],
        Lenient({"无": "none", "帮办": "help", "代办": "agent"}),  # 帮办, 代办服务 (db23-hlj-2023:6.6)
    ] = Field("none", description="帮办 or 代办 (db23-hlj-2023:6.6)")
    service_fee_charged: FiniteDecimal = Field(
        Decimal("0"), ge=0, description="fee charged for 帮办/代办 itself (not statutory fees)"
    )
    appointment_id: str | None = None
    events: list[Event] = Field(
        default_factory=list,
        description="history, sorted by time on input; embedded events get this application's id",
    )
