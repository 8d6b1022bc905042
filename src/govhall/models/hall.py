"""The hall, its windows, staff and attendance (dongguan-hall-2023 4–6; gdzw-0020-2019 5.1; db23-hlj-2023 5.5)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from govhall.models._base import (
    Count,
    GovModel,
    IsoDate,
    IsoTime,
    Lenient,
    LocalDateTime,
    NonNegativeCount,
    Personal,
    RecordId,
    YesNo,
)
from govhall.models.enums import Channel, HallSystem, StaffRole, WindowKind, Zone

#: the most days of recordings a hall may say it keeps (a century): 30 digits of days were accepted
MAX_RETENTION_DAYS = 36_525
#: the highest counter a window may have, in mm (10 m, higher than any hall's room): a 30-digit height
#: was accepted and compared with the low-counter bounds (dongguan-hall-2023) as if it were one
MAX_COUNTER_HEIGHT_MM = 10_000
#: the largest whole number a JSON reader holding numbers as doubles (JavaScript) reads exactly, 2**53 - 1:
#: a bound for a number with no physical limit (a rank), so a report's evidence shows what was read
MAX_EXACT_JSON_INT = 2**53 - 1


class Department(GovModel):
    """A department resident in the hall (进驻部门)."""

    id: RecordId
    name: str
    resident: YesNo = Field(True, description="进驻政务服务大厅")
    chief_representative: str | None = Field(
        None, description="staff id of the 首席事务代表 (dongguan-hall-2023:6.3.2 b)"
    )


class ServicePeriod(GovModel):
    """One opening period of a service day (office hours)."""

    start: IsoTime
    end: IsoTime


class Cctv(GovModel):
    """视频监控 (dongguan-hall-2023:4.5.3, 6.5)."""

    retention_days: NonNegativeCount | None = Field(
        None, le=MAX_RETENTION_DAYS, description="days recordings are kept (at most a century, 36525)"
    )
    records_audio: YesNo | None = Field(None, description="监控应同时录制视频和音频")
    covers: list[Zone] = Field(default_factory=list, description="areas under video monitoring")


class Hall(GovModel):
    """A government service hall (政务服务大厅 / 政务服务中心 / 便民服务中心)."""

    id: RecordId
    name: str
    level: str | None = Field(None, description="city, district, town, village …")
    zones: list[Zone] = Field(default_factory=list)
    systems: list[HallSystem] = Field(default_factory=list, description="internal systems (制度) in force")
    departments: list[Department] = Field(default_factory=list)
    equipment: list[str] = Field(
        default_factory=list,
        description="e.g. query_device, ticket_machine, caller, display, self_service_terminal, evaluation_device",
    )
    cctv: Cctv | None = None
    service_hours: list[ServicePeriod] = Field(
        default_factory=list, description="empty = the profile's default office hours"
    )
    consultation_channels: list[Channel] = Field(default_factory=list)
    complaint_channels: list[Channel] = Field(default_factory=list)
    disclosure_channels: list[str] = Field(default_factory=list, description="信息公开查询渠道")
    appointment_channels: list[Channel] = Field(default_factory=list)
    published_catalogues: list[str] = Field(
        default_factory=list,
        description="rongque, joint_review, same_city, cross_city … catalogues published",
    )
    service_slogan: YesNo | None = None
    mailing_service: YesNo | None = Field(
        None, description="邮寄证件、文书服务 offered to applicants at their choice (the hall profile says)"
    )
    complaint_desk_signposted: YesNo | None = Field(None, description="有诉即办导引服务台 with visible signs")
    complaint_acceptance_published: YesNo | None = Field(None, description="受理方式 published at the desk")
    complaint_result_lookup: YesNo | None = Field(
        None, description="投诉举报结果反馈查询功能 by 受理编号 (hangzhou-zuiduo-paoyici:6.1.2.2)"
    )


class Window(GovModel):
    """A service window or desk."""

    id: RecordId
    hall_id: str | None = None
    kind: WindowKind
    name: str | None = None
    department: str | None = None
    staff: list[str] = Field(default_factory=list, description="ids of the staff assigned to the window")
    counter_height_mm: NonNegativeCount | None = Field(
        None, le=MAX_COUNTER_HEIGHT_MM, description="height of the counter in mm (at most 10000: 10 m)"
    )
    low_counter: YesNo = Field(False, description="无障碍低位服务台")
    signposted: YesNo | None = Field(None, description="placed and signposted prominently (显著位置)")


class Staff(GovModel):
    """A 政务服务人员."""

    id: RecordId
    name: str | None = Personal("staff member's name")
    role: StaffRole
    department: str | None = None
    rank: Count = Field(
        0,
        ge=-MAX_EXACT_JSON_INT,
        le=MAX_EXACT_JSON_INT,
        description="职务职级 as an orderable number: higher is more senior (gdzw-0020-2019:5.1.2)",
    )
    rank_title: str | None = None
    chief_representative: YesNo = False
    windows: list[str] = Field(default_factory=list)
    registered: YesNo | None = Field(None, description="备案登记 by the hall (dongguan-hall-2023:6.3.3 a)")
    profile_filed: YesNo | None = Field(None, description="附录G basic information filed (6.3.3 b)")
    trained_on: IsoDate | None = Field(None, description="岗前培训 completed")
    on_duty_from: IsoDate | None = None
    phone: str | None = Personal("staff phone")


class Attendance(GovModel):
    """A staff attendance event at a window (for 空窗 checks, db23-hlj-2023:5.5.3)."""

    id: str | None = None
    staff_id: str
    window_id: str | None = None
    kind: Annotated[
        Literal["sign_in", "sign_out", "leave", "return"],
        Lenient({"签到": "sign_in", "签退": "sign_out", "离岗": "leave", "返岗": "return", "回岗": "return"}),
    ]
    at: LocalDateTime
    pause_sign_shown: YesNo = Field(
        False, description="暂停服务 sign displayed (hangzhou-zuiduo-paoyici 4.2.1)"
    )
    approved: YesNo = Field(False, description="absence approved (请假/公务)")
    reason: str | None = None
