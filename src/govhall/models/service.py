"""Inquiries (首问), complaints (有诉即办), evaluations (好差评), appointments and service transcripts."""

from __future__ import annotations

import unicodedata
from typing import ClassVar

from pydantic import Field, field_validator

from govhall.models._base import DueDateTime, GovModel, IsoDate, LocalDateTime, Personal, RecordId, YesNo
from govhall.models.applications import Event, EventHistory
from govhall.models.enums import Channel, ComplaintTier, InquiryScope, RatingLevel, RefusalCategory


class Inquiry(GovModel):
    """A question put to the hall in person or by phone (gdzw-0020-2019:5.1; db23-hlj-2023:6.4)."""

    id: RecordId
    at: LocalDateTime
    channel: Channel = Channel.onsite
    asked_staff: list[str] = Field(
        default_factory=list, description="on-duty staff asked, in the order asked"
    )
    answered_by: list[str] = Field(default_factory=list, description="staff who answered at the same time")
    responsible_staff: str | None = Field(None, description="首问责任人 as recorded by the hall")
    item_code: str | None = None
    scope: InquiryScope | None = Field(
        None, description="5.1.3 a (own duty) / b (this hall) / c (outside the hall)"
    )
    answered_on_spot: YesNo | None = None
    info_provided: YesNo | None = Field(None, description="相关信息资料 provided")
    referred_window: str | None = Field(None, description="for scope b: the window the person was taken to")
    referred_at: LocalDateTime | None = None
    guidance_given: YesNo | None = Field(
        None, description="for scope c: explanation and guidance (指引和帮助)"
    )
    told: list[str] = Field(
        default_factory=list, description="elements told: materials, conditions, process, time_limit, fee"
    )
    answer_promised_at: DueDateTime | None = Field(
        None, description="约定答复时间 when not answered on the spot (a bare date: by the end of that day)"
    )
    answered_at: LocalDateTime | None = None
    ledger_recorded: YesNo | None = Field(None, description="咨询服务台账 entry (db23-hlj-2023:6.4.1)")
    inquirer_name: str | None = Personal("inquirer name")
    inquirer_phone: str | None = Personal("inquirer phone")


#: 政务服务便民热线 that the facts' ``emergency`` field refuses: 国办发〔2020〕53号 (关于进一步优化地方政务服务便民热线的
#: 指导意见) merges the 政务服务便民热线 into 12345 "除110、119、120、122等紧急热线外" — the very words of yousu-jiban
#: 不予受理事项.4 — so none of these is a 紧急热线 its 等 admits. Only lines that take consultations and complaints for
#: a department are listed; 12395 (水上遇险求救) stays an emergency line.
SERVICE_HOTLINES: dict[str, str] = {
    "12301": "12301旅游服务热线",
    "12315": "12315市场监管投诉举报热线",
    "12319": "12319城建服务热线",
    "12320": "12320卫生健康热线",
    "12328": "12328交通运输服务监督电话",
    "12329": "12329住房公积金热线",
    "12333": "12333人力资源社会保障服务电话",
    "12336": "12336自然资源违法线索举报电话",
    "12338": "12338妇女维权公益服务热线",
    "12348": "12348公共法律服务热线",
    "12349": "12349民政服务电话",
    "12351": "12351职工服务热线",
    "12355": "12355青少年服务台",
    "12358": "12358价格监管热线",
    "12365": "12365质量技术监督热线",
    "12366": "12366纳税缴费服务热线",
    "12369": "12369环保举报热线",
    "12393": "12393医疗保障服务热线",
}


#: Lines of another procedure that 不予受理事项.1 (依法应当通过诉讼、仲裁、纪检监察、行政复议、政府信息公开等程序解决)
#: names, with the fact that records a matter for it: a matter for one of them is refused under 不予受理.1, not as a
#: 紧急热线 matter under 不予受理.4 (110、119、120、122等紧急热线 are lines for emergencies, these take 举报 and
#: 诉讼 business). Before 2026-12 ``{"emergency": "12388"}`` refused a 纪检监察 matter under 不予受理.4 and told the
#: person "请立即拨打12388求助". 12309 (人民检察院 检察服务热线: 控告、申诉、举报 and the 法律监督 of 诉讼) is a line of
#: the 诉讼 procedure, so ``litigation``; 12380 (组织部门 举报电话: 选人用人 and 党员干部 violations) is a 举报 line of the
#: 党纪 procedure, the nearest the clause names being 纪检监察, so ``discipline_inspection`` (the clause's 等 keeps the
#: list open; either way the ground is .1, never .4). Before 2026-12 both passed as 紧急热线.
PROCEDURE_HOTLINES: dict[str, tuple[str, str]] = {
    "12388": ("12388纪检监察举报电话", "discipline_inspection"),
    "12368": ("12368人民法院诉讼服务热线", "litigation"),
    "12309": ("12309人民检察院检察服务热线", "litigation"),
    "12380": ("12380组织部门举报电话", "discipline_inspection"),
}


class ComplaintFacts(GovModel):
    """The screening facts a clerk records (yousu-jiban 不予受理事项); they decide, free text never does."""

    litigation: YesNo = Field(False, description="依法应当通过诉讼 解决 / already in court")
    arbitration: YesNo = False
    discipline_inspection: YesNo = Field(False, description="纪检监察")
    administrative_reconsideration: YesNo = Field(False, description="行政复议")
    information_disclosure: YesNo = Field(False, description="政府信息公开")
    in_petition: YesNo = Field(False, description="已进入信访渠道")
    state_secret: YesNo = False
    commercial_secret: YesNo = False
    personal_privacy: YesNo = False
    against_public_order: YesNo = Field(False, description="违背社会公序良俗")
    emergency: str | None = Field(
        None,
        description="the emergency line's number (110, 119, 120, 122 or another 紧急热线) when the matter "
        "is one for it; not 12345, the 政务热线 that is one of the desk's own 受理渠道",
    )
    malicious: YesNo = Field(False, description="恶意攻击骚扰")
    unclear: YesNo = Field(False, description="诉求表达不清")
    no_substance: YesNo = Field(False, description="无实质内容")
    unlawful_demand: YesNo = Field(False, description="违反法律法规、规章制度及政策规定的诉求")
    other_excluded: YesNo = Field(False, description="法律法规…规定的其他不予受理事项")
    other_excluded_basis: str | None = None
    out_of_jurisdiction: YesNo = Field(False, description="不属于本级政务服务中心管辖")
    jurisdiction: str | None = Field(None, description="the competent body when out of jurisdiction")
    outside_government_service: YesNo = Field(False, description="不属于政务服务范围")
    suspected_violation: YesNo = Field(False, description="服务对象涉嫌违法违纪")
    on_site: YesNo = Field(False, description="现场 request")
    simple: YesNo = Field(False, description="事实清楚或情由简单")
    general_question: YesNo = Field(False, description="一般性问题")
    departments: list[str] = Field(default_factory=list, description="departments involved")
    cross_level: YesNo = False
    major: YesNo = Field(False, description="重大问题或复杂问题")
    staff_conduct: YesNo = Field(False, description="about staff conduct (gdzw-0020-2019:5.8.2 a)")

    @field_validator("emergency", mode="before")
    @classmethod
    def _emergency_line(cls, value: object) -> object:
        """不予受理事项.4 属于110、119、120、122等紧急热线电话受理范围的诉求: the field names that line.

        A blank is no line (None). The value must be a phone number (digits, full-width digits are
        read as digits): ``12345`` is refused with its reason, since 受理渠道 lists the 12345政务热线 among
        the desk's own channels, so a matter for it is one the desk accepts, not one it refuses as a
        紧急热线 matter. So are the 政务服务便民热线 (:data:`SERVICE_HOTLINES`: 12315, 12333 …): the clause's
        words are those of 国办发〔2020〕53号, which merges every 政务服务便民热线 into 12345 "除110、119、120、122
        等紧急热线外", so 等 reaches further emergency lines (12395 水上遇险求救, 12119 森林火警 …) and never
        a 便民热线. Nor is a line of another procedure of 不予受理事项.1 (:data:`PROCEDURE_HOTLINES`: 12388
        纪检监察举报, 12380 组织部门举报, 12368 法院诉讼服务, 12309 检察服务): a matter for it is refused under .1 with its own fact
        (``discipline_inspection``, ``litigation``). Other numbers stand: 等 leaves the list open.
        """
        if not isinstance(value, str):
            return value
        line = unicodedata.normalize("NFKC", value).strip()
        if not line:
            return None
        if not (line.isascii() and line.isdigit() and 3 <= len(line) <= 6):
            raise ValueError(f"the emergency line's number (110, 119, 120, 122 …) is wanted, got {value!r}")
        if line == "12345":
            raise ValueError(
                "12345 is the 12345政务热线, one of the desk's own 受理渠道 (yousu-jiban 受理范围.受理渠道), "
                "not a 紧急热线 (不予受理事项.4: 110、119、120、122等)"
            )
        if line in PROCEDURE_HOTLINES:
            name, fact = PROCEDURE_HOTLINES[line]
            raise ValueError(
                f"{line} is the {name}, a line of another procedure (不予受理事项.1: 依法应当通过诉讼、仲裁、纪检监察、"
                f"行政复议、政府信息公开等程序解决), not a 紧急热线 (不予受理事项.4: 110、119、120、122等); a matter for it "
                f"is recorded as {fact}"
            )
        if line in SERVICE_HOTLINES:
            raise ValueError(
                f"{line} is the {SERVICE_HOTLINES[line]}, a 政务服务便民热线 that 国办发〔2020〕53号 merges into the "
                "12345政务热线 (one of the desk's own 受理渠道), not a 紧急热线 (不予受理事项.4: 110、119、120、122等); "
                "a matter outside 政务服务 is outside_government_service (转交, 处置流程.审核.4)"
            )
        return line


class Worksheet(GovModel):
    """The yousu-jiban annex 《"有诉即办"问题工作单》."""

    name_or_org: str | None = Personal("姓名或单位名称")
    contact_person: str | None = Personal("单位联系人")
    phone: str | None = Personal("联系电话")
    reported_at: LocalDateTime | None = Field(None, description="诉求反应时间")
    category: str | None = Field(None, description="诉求反应类别")
    address: str | None = Personal("联系地址")
    content: str | None = Field(None, description="诉求主要内容")
    departments: str | None = Field(None, description="政务服务牵头部门及责任部门")
    deadline: IsoDate | None = Field(None, description="完成时限")
    worksheet_contact: str | None = Personal("工作单联系人")
    worksheet_phone: str | None = Personal("工作单联系电话")
    remarks: str | None = Field(None, description="备注")


class Complainant(GovModel):
    """The complainant; every field is personal data."""

    name: str | None = Personal("name or organisation")
    contact_person: str | None = Personal("contact person")
    phone: str | None = Personal("phone")
    address: str | None = Personal("address")


class Complaint(EventHistory):
    """A complaint, opinion or hard case at the 有诉即办 desk (yousu-jiban; gdzw-0020-2019:5.8)."""

    owner_field: ClassVar[str] = "complaint_id"

    id: RecordId
    channel: Channel
    received_at: LocalDateTime
    content: str = ""
    complainant: Complainant = Field(default_factory=Complainant)
    facts: ComplaintFacts = Field(default_factory=ComplaintFacts)
    accepted: YesNo | None = Field(None, description="the hall's recorded decision")
    category: RefusalCategory | None = Field(None, description="the recorded not-accepted category")
    refusal_reason: str | None = Field(None, description="the reason told to the complainant")
    referral: str | None = Field(None, description="where it was referred (转交/移交)")
    tier: ComplaintTier | None = None
    lead_department: str | None = None
    co_departments: list[str] = Field(default_factory=list)
    handler_staff: str | None = None
    about_staff: str | None = Field(None, description="the staff member complained about")
    application_id: str | None = Field(None, description="the application the complaint is about, if one")
    confidential: YesNo = Field(False, description="the complainant asked for confidentiality")
    recorded_fields: list[str] = Field(
        default_factory=list,
        description="受理记录 elements taken: name, address, phone, time, channel, content",
    )
    worksheet: Worksheet | None = None
    events: list[Event] = Field(
        default_factory=list,
        description="history, sorted by time on input; embedded events get this complaint's id",
    )


class Evaluation(GovModel):
    """One 好差评 rating (haochaping-2019; gdzw-0020-2019:5.9)."""

    id: RecordId
    at: LocalDateTime
    level: RatingLevel
    channel: Channel = Channel.device
    staff_id: str | None = Field(None, description="the staff member whose service is rated")
    application_id: str | None = None
    visit_id: str | None = Field(None, description="the on-site visit rated (one rating per visit)")
    rater_id: str | None = Personal("pseudonymous rater identity")
    rater_named: YesNo = Field(False, description="实名 rating")
    rater_phone: str | None = Personal("rater phone")
    rater_staff_id: str | None = Field(None, description="set when the rating was entered by a staff account")
    device_id: str | None = None
    comment: str | None = None
    dimensions: dict[str, RatingLevel] = Field(
        default_factory=dict, description="attitude, quality, efficiency, environment (db23-hlj-2023:8.1.3)"
    )
    return_visit_at: LocalDateTime | None = Field(None, description="回访")
    fixed_at: LocalDateTime | None = Field(None, description="整改 completed")
    interference_reported: YesNo = Field(
        False, description="the rater reported interference/monitoring by staff"
    )


class Appointment(GovModel):
    """A booked slot (gdzw-0020-2019:6.1; db23-hlj-2023:6.5)."""

    id: RecordId
    item_code: str | None = None
    channel: Channel = Channel.online
    booked_at: LocalDateTime
    slot_start: LocalDateTime
    slot_end: LocalDateTime
    applicant_name: str | None = Personal("applicant name")
    applicant_phone: str | None = Personal("applicant phone")
    confirmation_sent_at: LocalDateTime | None = None
    confirmation_fields: list[str] = Field(
        default_factory=list, description="name, time, place, number, content, ticket_instructions"
    )
    reminder_sent_at: LocalDateTime | None = None
    arrived_at: LocalDateTime | None = None
    served_at: LocalDateTime | None = None
    cancelled_by_hall: YesNo = False
    hall_reason_given: YesNo | None = None
    rescheduled_to: LocalDateTime | None = None
    materials_told: YesNo | None = Field(None, description="一次性告知 at booking (db23-hlj-2023:6.5.1.1)")


class Transcript(GovModel):
    """A recorded service conversation (for forbidden phrases, hangzhou-zuiduo-paoyici 附录B)."""

    id: RecordId
    at: LocalDateTime
    staff_id: str
    window_id: str | None = None
    text: str
    application_id: str | None = None
    inquiry_id: str | None = None
    complaint_id: str | None = None
