"""东莞市政务服务大厅建设与管理规范 (东莞市政务服务数据管理局, 2023).

Source: ../shared/seeds/001_e4d38e00672d5336.txt (standard id ``dongguan-hall-2023``). Clause ids are
the standard's numbering, with ``-k`` for the k-th dash item and ``-sK`` for the K-th normative
sentence where the text has no number of its own; the scheme is at the top of
``clauses/dongguan-hall-2023.yaml``.

Checked with: tests/standards/test_dongguan_hall_2023.py (a firing and a silent case per rule, the
window sizing worked by hand: 95 cases a day → ⌈95/30⌉ = 4 windows → ⌈4 × 1.1⌉ = 5 people),
tests/test_sizing.py (hypothesis: monotone, tight), tests/standards/cases/dongguan-hall-2023.yaml and
the planted example hall (``govhall.example.plant_dongguan_hall_2023``).

Limits:

* 5.2.x repeats gdzw-0020-2019 5.1–5.9. Those clauses are judged by the shared predicates of
  :mod:`govhall.decisions` (首问责任人, routing, correction notices, 容缺 eligibility, rating
  integrity), with gdzw-0020-2019's interpretations and parameters; the findings cite this
  standard's clauses. 5.2.1.3 a) and 5.2.2.3 a) are missing from the seed. Where the wording differs,
  the reading is this standard's: 5.2.1.2 names the staff 同时被询问 (asked at the same time), gdzw
  5.1.2 those answering together (``dongguan-hall-2023.asked-together``).
* Window sizing (4.6) averages each calendar month's applications over its working days (those
  between the dataset's first and last application); which applications count is the interpretation
  ``dongguan-hall-2023.window-load`` (default: all). "原则上" (as a rule) is reported as the
  standard's 应; a month's peak days are not judged, only its average.
* CCTV: 4.5.3 (应) and 6.5 (宜) set the same 30 days; one rule reports it at error under 4.5.3 and
  names 6.5 in the evidence. "30日以上" includes 30.
* Hall facts recorded as ``None`` (not recorded) are never a finding; an empty list (no zones, no
  systems) is. Zones are what ``Hall.zones`` declares; where they sit and what is in them needs a visit.
* The annexes (A–L) are "另附" and not in the seed; clauses that defer to them are not automatable.
"""

from __future__ import annotations

from calendar import monthrange
from collections import Counter
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from fractions import Fraction
from operator import attrgetter

from govhall import decisions
from govhall.calendars import WorkingCalendar
from govhall.models import (
    OFFLINE_BOOKING_CHANNELS,
    ONLINE_PLATFORM_CHANNELS,
    Application,
    Channel,
    Complaint,
    Dataset,
    Hall,
    HallSystem,
    Inquiry,
    Item,
    ItemType,
    Staff,
    StaffRole,
    Window,
    WindowKind,
    Zone,
)
from govhall.models.applications import EventKind
from govhall.rules import Context, Hit, Subject, interpretation, rule
from govhall.sizing import comprehensive_windows_needed, staff_needed
from govhall.standards import declare
from govhall.standards._limits import set_date, set_deadline
from govhall.standards._mailing import mailing_not_offered
from govhall.standards._ratings import integrity_breaches
from govhall.timelimits import Deadline, counted_from, is_late, working_days_spanned

STANDARD = declare(
    "dongguan-hall-2023",
    title="东莞市政务服务大厅建设与管理规范",
    module=__name__,
    issuer="东莞市政务服务数据管理局",
    year=2023,
    source="../shared/seeds/001_e4d38e00672d5336.txt",
    checked_with="tests/standards/test_dongguan_hall_2023.py, tests/test_sizing.py, "
    "tests/standards/cases/dongguan-hall-2023.yaml, the planted example hall",
    limits="5.2.x via govhall.decisions; window sizing by monthly average; None = not recorded; "
    "annexes A–L not in the seed",
)

S = "dongguan-hall-2023"
VALID_FROM = date(2023, 1, 1)

WINDOW_LOAD = interpretation(
    f"{S}.window-load",
    clause=f"{S}:4.6-1",
    question="4.6: 综合窗口数量应根据业务办理量科学设置,原则上按照每个综合窗口日均办理业务30件 — which "
    "applications make up the comprehensive windows' daily load?",
    default="all",
    alternatives={
        "all": "every application received, on site or online (前台综合受理 takes online intake too), whatever "
        "window took it",
        "onsite_comprehensive": "only applications received on site at a comprehensive window (or at no recorded "
        "window); 专业窗口 and online cases left out",
    },
    basis="4.6 sizes the windows by 业务办理量, the hall's whole business under 前台综合受理; the narrower reading "
    "is offered for halls whose specialist windows carry a large share",
)

FILING_TYPE = interpretation(
    f"{S}.filing-is-other",
    clause=f"{S}:6.1.2.a",
    question="6.1.2 a lists 行政许可、行政给付、行政确认、行政奖励、行政裁决、行政征收、其他类事项和公共服务事项 "
    "— does 行政备案 belong to 其他类事项?",
    default="included",
    alternatives={
        "included": "行政备案 items count as 其他类事项 and must be handled in the hall",
        "excluded": "行政备案 is a type of its own, not listed, and is not checked",
    },
    basis="the Guangdong catalogue filed 备案 under 其他行政权力 (其他类) before 行政备案 became a type of its own",
)

VOLUNTEERS_AT_WINDOWS = interpretation(
    f"{S}.volunteers-at-windows",
    clause=f"{S}:4.6-1-s2",
    question="4.6 综合窗口人员配比应不低于1:1.1, 6.3.3 a/b (窗口人员 备案登记, 附录G) and 5.2.7.2 (容缺: 窗口人员可先接收"
    "申请材料): is a volunteer (志愿者) posted at a window a 窗口人员 — counted among a comprehensive window's people, "
    "registered like one, and one who may take in an application under 容缺?",
    default="window_staff",
    alternatives={
        "window_staff": "yes: the records post them at the window, and the hall staffs it with them; one who takes "
        "in a 容缺 application is doing a 窗口人员's work (the only reading before 2026-12)",
        "not_window_staff": "no: 3.3 lists 志愿者 apart from 窗口工作人员, 4.5 gives them a 志愿者服务区 of their own, "
        "6.3.1 b's 窗口人员 (导办、咨询、帮办、代办、窗口服务等人员) leaves them out and 6.3.3 a's 窗口人员 are those a "
        "进驻部门 proposes to send, which no volunteer is; they are not counted and not judged as 窗口人员, and a "
        "volunteer's taking in a 容缺 application is a reason the 容缺 was not allowed",
    },
    basis="the seed says who the 政务服务人员 are (3.3) and which posts a window has (6.3.1 b), but not whether a "
    "volunteer working at a window fills one of its posts. Guides and consultants count either way: 6.3.1 b "
    "names 导办 and 咨询 among the 窗口人员; guards and cleaners never do (3.3 lists 安保人员 apart, 保洁 not at all). "
    "5.2.7.2 uses the same word, 窗口人员, so one reading answers for all three clauses (gdzw-0020-2019's own "
    "5.7.2 is gdzw-0020-2019.rongque-volunteers); for 5.2.7.2 it is asked only of an application a volunteer took in",
)

ASKED_TOGETHER = interpretation(
    f"{S}.asked-together",
    clause=f"{S}:5.2.1.2",
    question="5.2.1.2 多位政务服务人员同时被询问时，其中职务最高的应为首问责任人: the records list who was asked "
    "(asked_staff, in order) and who answered together (answered_by) — which of them were asked at the same "
    "time, when a colleague not recorded as asked joined the answer?",
    default="asked_and_answering",
    alternatives={
        "asked_and_answering": "those recorded as asked who answered together: a colleague who joined the answer "
        "without being asked is not one of them, so a person asked alone stays the 首问责任人 (第一位被服务对象询问的); "
        "when asked_staff is not recorded, who was asked is unknown and the answerers are not judged",
        "answered_together": "everyone who answered together, asked or not: gdzw-0020-2019:5.1.2's reading "
        "(同时有两位以上工作人员答复的), the only reading before 2026-12",
    },
    basis="dongguan's 5.2.1.2 names the staff asked at the same time (同时被询问), where gdzw-0020-2019:5.1.2 names "
    "those answering at the same time (同时…答复); a senior colleague called over by the person asked was not "
    "asked by the 服务对象. The readings differ only for an answerer not recorded as asked",
)


def _as_asked(inq: Inquiry, ctx: Context) -> Inquiry:
    """``inq`` as 5.2.1.2 reads it for :func:`govhall.decisions.responsible_for_inquiry`: by default
    (``dongguan-hall-2023.asked-together``) only the answerers also recorded as asked were asked at the
    same time. The interpretation is asked (and listed) only when an answerer was not recorded as asked."""
    if len(inq.answered_by) < 2:
        return inq
    asked = set(inq.asked_staff)
    together = [s for s in inq.answered_by if s in asked]
    if len(together) == len(inq.answered_by) or ctx.interpret(ASKED_TOGETHER.name) == "answered_together":
        return inq
    return inq.model_copy(update={"answered_by": together})


#: 6.1.2 a: the types that must be handled in the hall
ADMITTED_TYPES = frozenset(
    {
        ItemType.administrative_licensing,
        ItemType.administrative_payment,
        ItemType.administrative_confirmation,
        ItemType.administrative_reward,
        ItemType.administrative_adjudication,
        ItemType.administrative_levy,
        ItemType.other_power,
        ItemType.public_service,
    }
)

STANDING_ZONES = (Zone.consultation_guide, Zone.declaration_help, Zone.waiting)
SPECIAL_ZONES = (Zone.help_agent, Zone.enterprise, Zone.volunteer, Zone.care_room)
BACK_OFFICE_ZONES = (Zone.back_office, Zone.complaint_mediation, Zone.meeting, Zone.cctv_room)

#: 5.2.x / 6.3.4 c / 6.6: the systems (制度, 机制) the hall must have in force, by clause
MECHANISMS: tuple[tuple[str, tuple[HallSystem, ...]], ...] = (
    ("5.2.1.1", (HallSystem.first_inquiry,)),
    ("5.2.2.1", (HallSystem.first_handling,)),
    ("5.2.3.1", (HallSystem.one_time_notice,)),
    ("5.2.7.3", (HallSystem.rongque_credit,)),
    ("5.2.10", (HallSystem.evaluation, HallSystem.haochaping)),
    ("6.3.4.c", (HallSystem.staff_adjustment,)),
    ("6.6", (HallSystem.emergency,)),
)

#: the "i莞家" app / mini-program / 公众号 and the provincial portal map to these channels
_ONLINE = ONLINE_PLATFORM_CHANNELS
#: 5.3.5.1, in the clause's order: 广东政务服务网、现场、信函、12345热线、“i莞家”小程序、“i莞家”公众号、“i莞家”APP
CONSULTATION_CHANNELS = (
    Channel.website,
    Channel.onsite,
    Channel.letter,
    Channel.hotline_12345,
    Channel.mini_program,
    Channel.official_account,
    Channel.app,
)
#: 5.2.8.2 d, in the clause's order: 广东政务服务网、现场、信函、12345热线、电子邮件、“i莞家”小程序、
#: “i莞家”公众号、“i莞家”APP
COMPLAINT_CHANNELS = (
    Channel.website,
    Channel.onsite,
    Channel.letter,
    Channel.hotline_12345,
    Channel.email,
    Channel.mini_program,
    Channel.official_account,
    Channel.app,
)

#: Hall.equipment / Hall.disclosure_channels vocabulary: English id -> the Chinese terms accepted for it
EQUIPMENT_TERMS: dict[str, tuple[str, ...]] = {
    "reading_glasses": ("老花镜",),
    "magnifier": ("放大镜",),
    "wheelchair": ("轮椅",),
    "writing_pad": ("手写板", "写字板"),
    "ticket_machine": ("取号机", "取号设备", "现场取号设备", "排队取号机"),
    "query_device": ("查询设备", "查询机", "自助查询设备", "自助查询终端"),
    "self_service_terminal": ("自助服务终端", "自助终端"),
    "caller": ("叫号机",),
    "display": ("显示屏",),
    "evaluation_device": ("服务评价器", "评价器", "评价机"),
}
ACCESSIBILITY_AIDS = ("reading_glasses", "magnifier", "wheelchair", "writing_pad")
#: the clauses' words for the catalogues in ``Hall.published_catalogues`` (5.2.7.1 容缺受理事项目录, 5.3.8
#: 市内通办事项目录, 5.3.9 跨城通办事项目录)
CATALOGUE_TERMS: dict[str, tuple[str, ...]] = {
    "rongque": ("容缺受理事项目录", "容缺受理目录", "容缺目录"),
    "same_city": ("市内通办事项目录", "同城通办事项目录", "市内通办目录", "同城通办目录"),
    "cross_city": ("跨城通办事项目录", "跨城通办目录"),
}
DISCLOSURE_TERMS: dict[str, tuple[str, ...]] = {
    "onsite": ("现场",),
    "self_service_terminal": ("自助服务终端", "自助终端"),
    "website": ("广东政务服务网", "政务服务网", "portal"),
    "app": ("i莞家APP", "“i莞家”APP", "APP"),
    "mini_program": ("i莞家小程序", "“i莞家”小程序", "小程序"),
    "official_account": ("i莞家公众号", "“i莞家”公众号", "公众号"),
}
VILLAGE_LEVELS = frozenset({"village", "community", "村", "社区", "村(社区)", "村（社区）"})


# -- helpers ----------------------------------------------------------------------------------------


def _has(values: list[str], key: str, terms: Mapping[str, tuple[str, ...]]) -> bool:
    """Whether the free-text list ``values`` names ``key``, by itself or the clause's words in ``terms``
    (:func:`govhall.decisions.missing_named`: case, spaces and ``-`` for ``_`` do not matter)."""
    return not decisions.missing_named(values, (key,), terms)


def _hall_subject(ctx: Context) -> Subject:
    hall = ctx.dataset.hall
    return Subject(kind="hall", id=hall.id if hall is not None else (ctx.dataset.source or "dataset"))


def _zone_names(zones: list[Zone]) -> list[str]:
    return [f"{z.zh}({z.value})" for z in zones]


def _rules_sanction_first_inquiry() -> str:
    return "视情节轻重,给予谈话教育、通报批评、岗位调整等处理 (5.2.1.4)"


# -- 4.4 名称标识 -------------------------------------------------------------------------------------


@rule(
    f"{S}/hall-name",
    title_zh="大厅统一命名为某某政务服务中心",
    clause=f"{S}:4.4.1",
    severity="error",
    subject="hall",
    valid_from=VALID_FROM,
    title="The hall is named 某某政务服务中心",
)
def hall_name(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """政务服务大厅名称应符合GDZW0019—2023要求,统一规范为“某某政务服务中心”。

    Fires when the name does not end in 政务服务中心 after a place name. Village and community halls
    (``level`` village/community) are named 便民服务站 and are not checked.
    """
    if (hall.level or "").strip().lower() in VILLAGE_LEVELS:
        return
    name = hall.name.strip()
    if not name.endswith("政务服务中心") or name == "政务服务中心":
        yield Hit(message=f"大厅名称“{name}”未统一规范为“某某政务服务中心”", evidence={"name": name})


@rule(
    f"{S}/service-slogan",
    title_zh="在显著位置设置服务标语",
    clause=f"{S}:4.4.3",
    severity="error",
    subject="hall",
    valid_from=VALID_FROM,
    title="A service slogan in a prominent place",
)
def service_slogan(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """政务服务大厅应在显著位置设置服务标语,如“以人民为中心”等。

    Fires when the hall record says there is no slogan (``service_slogan`` false).
    """
    if hall.service_slogan is False:
        yield Hit(message="大厅未在显著位置设置服务标语", evidence={"service_slogan": False})


# -- 4.5 空间布局 -------------------------------------------------------------------------------------


def _missing_zones(hall: Hall, wanted: tuple[Zone, ...]) -> list[Zone]:
    if not hall.recorded("zones"):  # zones not recorded: nothing to judge
        return []
    have = set(hall.zones)
    return [z for z in wanted if z not in have]


@rule(
    f"{S}/standing-zones",
    title_zh="设置咨询导办区、申报辅导区、等候区等常设区域",
    clause=f"{S}:4.5.1",
    severity="error",
    subject="hall",
    valid_from=VALID_FROM,
    title="The standing zones: consultation & guidance, declaration help, waiting",
)
def standing_zones(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """政务服务大厅应设置包括但不限于以下功能区:咨询导办区、申报辅导区、休息等候区。

    Fires once per hall, listing the standing zones ``Hall.zones`` does not declare (a merged zone is
    declared as each zone it serves, 4.5.1 可合并设置).
    """
    missing = _missing_zones(hall, STANDING_ZONES)
    if missing:
        yield Hit(
            message="大厅缺少常设功能区：" + "、".join(z.zh for z in missing),
            evidence={"missing_zones": [z.value for z in missing], "zones": [z.value for z in hall.zones]},
        )


@rule(
    f"{S}/special-zones",
    title_zh="设置帮办代办、企业服务、志愿服务、母婴室等特色区域",
    clause=f"{S}:4.5.2",
    severity="warning",
    subject="hall",
    valid_from=VALID_FROM,
    title="The special zones: help & agency, enterprise, volunteers, care room",
)
def special_zones(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """政务服务大厅宜结合自身实际和服务需要,设置以下功能区:帮办代办区、惠企服务区、志愿者服务区、爱心接待室。

    A warning listing the special zones ``Hall.zones`` does not declare.
    """
    missing = _missing_zones(hall, SPECIAL_ZONES)
    if missing:
        yield Hit(
            message="大厅未设置特色功能区：" + "、".join(z.zh for z in missing),
            evidence={"missing_zones": [z.value for z in missing], "zones": [z.value for z in hall.zones]},
        )


@rule(
    f"{S}/back-office-zones",
    title_zh="设置后台审批、投诉调解、会议室、监控室等区域",
    clause=f"{S}:4.5.3",
    severity="warning",
    subject="hall",
    valid_from=VALID_FROM,
    title="The back-office areas: approval, complaint mediation, meeting rooms, CCTV room",
)
def back_office_zones(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """为保障事项顺利办理和提升服务质量,政务服务大厅宜设置以下区域:后台审批区、投诉调解室、会议室、视频监控室。

    A warning listing the back-office areas ``Hall.zones`` does not declare.
    """
    missing = _missing_zones(hall, BACK_OFFICE_ZONES)
    if missing:
        yield Hit(
            message="大厅未设置后台区域：" + "、".join(z.zh for z in missing),
            evidence={"missing_zones": [z.value for z in missing], "zones": [z.value for z in hall.zones]},
        )


@rule(
    f"{S}/low-counter-present",
    title_zh="咨询导办区设置无障碍低位服务台",
    clause=f"{S}:4.5.1-1-s2",
    severity="warning",
    subject="dataset",
    valid_from=VALID_FROM,
    parameters=[f"{S}.low_counter_max_mm"],
    title="A low barrier-free counter at the consultation & guidance zone",
)
def low_counter_present(ds: Dataset, ctx: Context) -> Iterator[Hit]:
    """咨询导办区……宜设置无障碍低位服务台。

    A warning when the dataset has guide desks or consultation windows (咨询导办台, 综合咨询窗口 — the
    counters of the consultation & guidance zone) but none is a low counter (``Window.low_counter``).
    The declaration-help zone's counters (4.5.1-2) have no window kind of their own and are not judged.
    A desk recording neither ``low_counter`` nor a height above ``low_counter_max_mm`` may be one (not
    recorded), so the warning needs every desk known not to be low.
    """
    desks = [w for w in ds.windows if w.kind in (WindowKind.guide_desk, WindowKind.consultation)]
    if not desks or any(w.low_counter for w in desks):
        return
    top = ctx.param(f"{S}.low_counter_max_mm", on=ctx.as_of)
    if all(
        w.recorded("low_counter") or (w.counter_height_mm is not None and w.counter_height_mm > top)
        for w in desks
    ):
        yield Hit(
            message="咨询导办区未设置无障碍低位服务台",
            subject=_hall_subject(ctx),
            evidence={"desks": [w.id for w in desks], "low_counters": 0},
        )


@rule(
    f"{S}/low-counter-height",
    title_zh="低位服务台高度600–800毫米",
    clause=[f"{S}:4.5.1-1-s3", f"{S}:4.5.1-2-s3"],
    severity="warning",
    subject="window",
    valid_from=VALID_FROM,
    parameters=[f"{S}.low_counter_min_mm", f"{S}.low_counter_max_mm"],
    title="Low counters 600–800 mm high",
)
def low_counter_height(window: Window, ctx: Context) -> Iterator[Hit]:
    """无障碍低位服务台高度宜设置为600mm—800mm之间,方便老年人和残障人士与工作人员沟通交流。

    A warning for a window declared as a low counter whose recorded height is outside the range
    (both ends allowed). A low counter without a recorded height is not judged.
    """
    if not window.low_counter or window.counter_height_mm is None:
        return
    lo = ctx.param(f"{S}.low_counter_min_mm", on=ctx.as_of)
    hi = ctx.param(f"{S}.low_counter_max_mm", on=ctx.as_of)
    h = window.counter_height_mm
    if not lo <= h <= hi:
        yield Hit(
            message=f"低位服务台高度{h}mm,不在{lo}mm—{hi}mm之间",
            evidence={"counter_height_mm": h, "low_counter_min_mm": lo, "low_counter_max_mm": hi},
        )


@rule(
    f"{S}/accessibility-aids",
    title_zh="配备老花镜、放大镜、轮椅和手写板",
    clause=f"{S}:4.5.1-1-s4",
    severity="error",
    subject="hall",
    valid_from=VALID_FROM,
    title="Reading glasses, magnifiers, wheelchairs and writing pads",
)
def accessibility_aids(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """咨询导办区应提供老花镜、放大镜、轮椅、手写板等适老适残设备,方便老年人和残障人士办事。

    Fires listing the four named aids ``Hall.equipment`` lacks (``reading_glasses``, ``magnifier``,
    ``wheelchair``, ``writing_pad``, or their Chinese names). Silent when ``equipment`` is not recorded
    (left out); ``equipment: []`` given records that the hall has none, so all four are missing.
    """
    if not hall.recorded("equipment"):
        return
    missing = [k for k in ACCESSIBILITY_AIDS if not _has(hall.equipment, k, EQUIPMENT_TERMS)]
    if missing:
        yield Hit(
            message="咨询导办区缺少适老适残设备：" + "、".join(EQUIPMENT_TERMS[k][0] for k in missing),
            evidence={"missing_equipment": missing, "equipment": list(hall.equipment)},
        )


@rule(
    f"{S}/volunteer-team",
    title_zh="设志愿服务区的配备志愿者队伍",
    clause=f"{S}:4.5.2-3",
    severity="error",
    subject="dataset",
    valid_from=VALID_FROM,
    title="A volunteer team where there is a volunteer zone",
)
def volunteer_team(ds: Dataset, ctx: Context) -> Iterator[Hit]:
    """志愿者服务区:应建立大厅志愿服务队伍,志愿者规范佩戴统一的志愿者标识(马甲、帽子等)。

    Fires when the hall declares a volunteer zone but the staff list has no volunteer. Whether the
    volunteers wear their marks needs a person's eye.
    """
    hall = ds.hall
    if hall is None or Zone.volunteer not in hall.zones or not ds.staff:
        return
    if not any(s.role == StaffRole.volunteer for s in ds.staff):
        yield Hit(
            message="设有志愿者服务区但未建立志愿服务队伍",
            subject=_hall_subject(ctx),
            evidence={"zones": [z.value for z in hall.zones], "volunteers": 0},
        )


@rule(
    f"{S}/video-conference-room",
    title_zh="至少设置一间视频会议室",
    clause=f"{S}:4.5.3-3",
    severity="error",
    subject="hall",
    valid_from=VALID_FROM,
    title="At least one video conference room",
)
def video_conference_room(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """会议室:应设置各类会议室,满足部门联合审批、集中学习、培训、会议等需要,至少配备1个视频会议室。

    Fires when the hall declares meeting rooms (``meeting``) but no ``video_conference`` room. A hall
    without meeting rooms at all is reported by the back-office rule (4.5.3).
    """
    if Zone.meeting in hall.zones and Zone.video_conference not in hall.zones:
        yield Hit(message="会议室中未配备视频会议室", evidence={"zones": [z.value for z in hall.zones]})


@rule(
    f"{S}/cctv-coverage",
    title_zh="视频监控覆盖窗口和自助服务区域",
    clause=[f"{S}:4.5.3-4", f"{S}:6.5-2"],
    severity="error",
    subject="hall",
    valid_from=VALID_FROM,
    title="CCTV over the window and self-service areas",
)
def cctv_coverage(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """视频监控室:应配备视频监控设备,对窗口服务区、大厅公共区域等设置视频监控,预留接入东莞的数据接口。

    6.5: 政务服务大厅应在出入口处、自助办理区、窗口服务区等区域安装监控、报警装置. Fires when the
    recorded coverage (``Hall.cctv.covers``) leaves out the window area, or the self-service area of
    a hall that has one. Entrances and public areas are not zones of the model and need a visit.
    Silent when no CCTV record is given.
    """
    if hall.cctv is None:
        return
    covers = set(hall.cctv.covers)
    missing = [Zone.window_service] if Zone.window_service not in covers else []
    if Zone.self_service in hall.zones and Zone.self_service not in covers:
        missing.append(Zone.self_service)
    if missing:
        clause: str | None = None  # both left out: the rule's two clauses
        if missing == [Zone.window_service]:
            clause = f"{S}:4.5.3-4"
        elif missing == [Zone.self_service]:
            clause = f"{S}:6.5-2"
        yield Hit(
            message="视频监控未覆盖：" + "、".join(z.zh for z in missing),
            clause=clause,
            evidence={"uncovered": [z.value for z in missing], "covers": sorted(z.value for z in covers)},
        )


@rule(
    f"{S}/cctv-audio",
    title_zh="监控同时录制视频和音频",
    clause=f"{S}:4.5.3-4-s2",
    severity="error",
    subject="hall",
    valid_from=VALID_FROM,
    title="CCTV records sound as well as video",
)
def cctv_audio(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """视频监控应同时录制视频和音频。

    Fires when the CCTV record says it does not record audio (``records_audio`` false).
    """
    if hall.cctv is not None and hall.cctv.records_audio is False:
        yield Hit(message="视频监控未同时录制音频", evidence={"records_audio": False})


@rule(
    f"{S}/cctv-retention",
    title_zh="监控资料保存不少于30天",
    clause=[f"{S}:4.5.3-4-s3", f"{S}:6.5-2-s2"],
    severity="error",
    subject="hall",
    valid_from=VALID_FROM,
    parameters=[f"{S}.cctv_retention_days"],
    title="CCTV kept at least 30 days",
)
def cctv_retention(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """监控内容至少保存30日以上以备查用。

    6.5 says the same figure with 宜 (监控录像宜保存30日以上); 4.5.3's 应 is the stronger duty, so one
    finding at error cites 4.5.3 and names 6.5 in the evidence. 以上 includes the figure: 30 days comply.
    """
    if hall.cctv is None or hall.cctv.retention_days is None:
        return
    need = ctx.param(f"{S}.cctv_retention_days", on=ctx.as_of)
    kept = hall.cctv.retention_days
    if kept < need:
        yield Hit(
            message=f"监控内容仅保存{kept}日，少于{need}日",
            clause=f"{S}:4.5.3-4-s3",
            evidence={
                "retention_days": kept,
                "required_days": need,
                "also": f"{S}:6.5-2-s2 (监控录像宜保存30日以上, 宜)",
            },
        )


# -- 4.6 窗口设置 -------------------------------------------------------------------------------------


def _comprehensive_windows(ds: Dataset) -> list[Window]:
    return [w for w in ds.windows if w.kind == WindowKind.comprehensive]


_RECEIVED_AT, _YEAR_MONTH = attrgetter("received_at"), attrgetter("year", "month")


def monthly_loads(ds: Dataset, calendar: WorkingCalendar, reading: str = "all") -> list[tuple[str, int, int]]:
    """``(month, cases, working days)`` per calendar month with applications, for 4.6's daily average.

    A month's working days are those of the month between the first and the last application of the
    dataset (both days included), so a dataset that starts or ends mid-month is averaged over the
    days it covers. ``reading`` is the interpretation ``dongguan-hall-2023.window-load``.
    """
    if not ds.applications:
        return []
    # every application's day and (year, month) read by map in C, not by a Python loop (20k records)
    days = list(map(datetime.date, map(_RECEIVED_AT, ds.applications)))
    first, last = min(days), max(days)
    months = list(map(_YEAR_MONTH, days))
    if reading == "all":
        counts = Counter(months)
    else:
        kinds = {w.id: w.kind for w in ds.windows}
        apps = [
            a
            for a in ds.applications
            if a.channel == Channel.onsite
            and (a.window_id is None or kinds.get(a.window_id) == WindowKind.comprehensive)
        ]
        # months as (year, month), named once each (a strftime per application cost more than the rest)
        counts = Counter(map(_YEAR_MONTH, map(_RECEIVED_AT, apps)))
    out = []
    for y, m in sorted(set(months)):
        month = f"{date(y, m, 1):%Y-%m}"
        lo = max(first, date(y, m, 1))
        hi = min(last, date(y, m, monthrange(y, m)[1]))
        wd = working_days_spanned(lo, hi, calendar)
        if wd > 0:
            out.append((month, counts.get((y, m), 0), wd))
    return out


@rule(
    f"{S}/comprehensive-window-count",
    title_zh="综合窗口数量满足日均办件量（每窗30件）",
    clause=f"{S}:4.6-1",
    severity="error",
    subject="dataset",
    valid_from=VALID_FROM,
    parameters=[f"{S}.cases_per_window_per_day"],
    interpretations=[WINDOW_LOAD.name],
    title="Enough comprehensive windows for the daily load (30 cases per window)",
)
def comprehensive_window_count(ds: Dataset, ctx: Context) -> Iterator[Hit]:
    """综合窗口数量应根据业务办理量科学设置,原则上按照每个综合窗口日均办理业务30件为标准计算。

    Per calendar month (:func:`monthly_loads`): windows needed = ⌈cases ÷ working days ÷ 30⌉
    (:func:`govhall.sizing.comprehensive_windows_needed`); fires for each month the dataset has fewer
    comprehensive windows. Which cases count is the interpretation ``dongguan-hall-2023.window-load``
    (default: all applications). A dataset without a windows table has not recorded its windows and
    is not judged.
    """
    if not ds.windows:
        return
    per = ctx.param(f"{S}.cases_per_window_per_day", on=ctx.as_of)
    have = len(_comprehensive_windows(ds))
    for month, cases, days in monthly_loads(ds, ctx.calendar, ctx.interpret(WINDOW_LOAD.name)):
        avg = Fraction(cases, days)
        need = comprehensive_windows_needed(avg, per)
        if have < need:
            y, m = int(month[:4]), int(month[5:7])
            month_end = date(y, m, monthrange(y, m)[1])
            yield Hit(
                message=f"{month}日均业务量{float(avg):.1f}件，按每窗{per}件需综合窗口{need}个，实有{have}个",
                subject=_hall_subject(ctx),
                evidence={
                    "month": month,
                    "cases": cases,
                    "working_days": days,
                    "daily_average": round(float(avg), 2),
                    "cases_per_window_per_day": per,
                    "windows_needed": need,
                    "comprehensive_windows": have,
                },
                # the month's working days counted up to its last application: past the last holiday
                # notice (29 December of its year on), a later notice may change them
                provisional=month_end >= ctx.calendar.provisional_from
                and ctx.calendar.is_provisional(
                    min(month_end, max(a.received_at.date() for a in ds.applications))
                ),
            )


@rule(
    f"{S}/comprehensive-window-staffing",
    title_zh="综合窗口人员配比不低于1:1.1",
    clause=f"{S}:4.6-1-s2",
    severity="error",
    subject="dataset",
    valid_from=VALID_FROM,
    parameters=[f"{S}.staff_per_window"],
    interpretations=[VOLUNTEERS_AT_WINDOWS.name],
    title="At least 1.1 people per comprehensive window",
)
def comprehensive_window_staffing(ds: Dataset, ctx: Context) -> Iterator[Hit]:
    """综合窗口人员配比应不低于1:1.1,根据大厅实际适当提高综合窗口人员配比。

    People needed = ⌈comprehensive windows × 1.1⌉ (:func:`govhall.sizing.staff_needed`); the people
    are the distinct staff assigned to a comprehensive window (``Window.staff`` or ``Staff.windows``),
    guards and cleaners left out: 3.3 lists 窗口工作人员 and 安保人员 as different staff and 保洁 not at all,
    so neither is a 综合窗口人员 wherever posted (an id not in the staff list is counted). Guides and
    consultants are counted (6.3.1 b names 导办、咨询 among the 窗口人员); volunteers unless
    ``dongguan-hall-2023.volunteers-at-windows`` = not_window_staff. Fires when fewer
    are assigned. Not judged when no assignment is recorded either way (no window
    lists its ``staff``, no staff record its ``windows``): an unrecorded assignment is not an empty one.
    """
    windows = _comprehensive_windows(ds)
    if not windows:
        return
    if not any(w.recorded("staff") for w in windows) and not any(s.recorded("windows") for s in ds.staff):
        return
    ids = {w.id for w in windows}
    by_id = ds.staff_by_id
    people = {sid for w in windows for sid in w.staff if _may_be_window_staff(by_id.get(sid), ctx)} | {
        s.id for s in ds.staff if ids & set(s.windows) and _may_be_window_staff(s, ctx)
    }
    ratio = ctx.param(f"{S}.staff_per_window", on=ctx.as_of)
    need = staff_needed(len(windows), ratio)
    if len(people) < need:
        yield Hit(
            message=f"综合窗口{len(windows)}个，按1:{ratio}需配备人员{need}名，实有{len(people)}名",
            subject=_hall_subject(ctx),
            evidence={
                "comprehensive_windows": len(windows),
                "staff_per_window": ratio,
                "staff_needed": need,
                "staff_assigned": len(people),
                "staff_ids": sorted(people),
            },
        )


# -- 5.2 服务机制 (shared with gdzw-0020-2019 5.1–5.9 through govhall.decisions) ---------------------


@rule(
    f"{S}/mechanisms-in-force",
    title_zh="施行首问、首办、一次性告知、容缺失信、评价、人员调整、应急等机制",
    clause=[f"{S}:{c}" for c, _ in MECHANISMS],
    severity="error",
    subject="hall",
    valid_from=VALID_FROM,
    title="The service mechanisms in force (首问, 首办, 一次性告知, 容缺失信, 评价, 人员调整, 应急)",
)
def mechanisms_in_force(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """政务服务大厅应落实首问责任制、首办责任制、一次性告知制、容缺受理失信处理制度……应建立健全窗口人员调整制度……建立应急管理制度。

    One finding per system missing from ``Hall.systems``, citing its clause (5.2.1.1 首问, 5.2.2.1 首办,
    5.2.3.1 一次性告知, 5.2.7.3 容缺失信, 5.2.10 评价 (or the 好差评 system), 6.3.4 c 窗口人员调整, 6.6 应急管理). The 容缺
    mechanism itself is checked with its catalogue (5.2.7.1), the 首席事务代表 per department (5.2.9).
    A hall record that does not list its systems at all is not judged.
    """
    if not hall.recorded("systems"):
        return
    have = set(hall.systems)
    for clause, systems in MECHANISMS:
        if not have.intersection(systems):
            yield Hit(
                message=f"未建立{systems[0].zh}",
                clause=f"{S}:{clause}",
                evidence={"missing_system": systems[0].value, "systems": [x.value for x in hall.systems]},
            )


@rule(
    f"{S}/first-inquiry-responsible",
    title_zh="首问责任人为第一位被询问者（多人时为职级最高者）",
    clause=f"{S}:5.2.1.2",
    severity="error",
    subject="inquiry",
    valid_from=VALID_FROM,
    interpretations=[decisions.TIE.name, ASKED_TOGETHER.name],
    sanction=_rules_sanction_first_inquiry(),
    title="The recorded 首问责任人 is the first person asked (or the most senior of several)",
)
def first_inquiry_responsible(inq: Inquiry, ctx: Context) -> Iterator[Hit]:
    """第一位被服务对象询问的在岗政务服务人员,为首问责任人。多位政务服务人员同时被询问时,其中职务最高的应为首问责任人。

    The responsible person is computed by :func:`govhall.decisions.responsible_for_inquiry` (shared
    with gdzw-0020-2019:5.1.2 and its tie-break interpretation); fires when the hall recorded someone
    else as 首问责任人. With one answerer and ``asked_staff`` not recorded, who was asked first is
    unknown and is not judged. 同时被询问: by default only answerers also recorded as asked count as
    asked at the same time (``dongguan-hall-2023.asked-together``). 政务服务人员 are 3.3's: 安保人员 are
    among them (unlike gdzw-0020-2019:3.3's 不包括保安); cleaners are not listed and are skipped.
    Before 2026-12 a guard asked first was skipped as under gdzw-0020-2019.
    """
    who = decisions.responsible_for_inquiry(
        _as_asked(inq, ctx),
        ctx.dataset.staff_by_id,
        tie=ctx.interpret(decisions.TIE.name),
        recorded_only=True,
        not_service=decisions.DONGGUAN_NOT_SERVICE_STAFF,  # 3.3 counts 安保人员 in
    )
    if inq.responsible_staff and who and inq.responsible_staff != who:
        yield Hit(
            message=f"登记的首问责任人为{inq.responsible_staff}，按规定应为{who}",
            responsible=who,
            evidence={
                "responsible_staff": inq.responsible_staff,
                "responsible_staff_computed": who,
                "asked_staff": list(inq.asked_staff),
                "answered_by": list(inq.answered_by),
            },
            on=inq.at.date(),
        )


_GD_REFERRAL = "gdzw-0020-2019.referral_within_minutes"


@rule(
    f"{S}/inquiry-routing",
    title_zh="他窗事项引导至相应窗口，厅外事项给予指引",
    clause=[f"{S}:5.2.1.3.b", f"{S}:5.2.1.3.c"],
    severity="error",
    subject="inquiry",
    valid_from=VALID_FROM,
    parameters=[_GD_REFERRAL],
    interpretations=[
        decisions.TIE.name,
        decisions.OUTSIDE_GUIDANCE.name,
        ASKED_TOGETHER.name,
        decisions.REFERRAL_MINUTES.name,
    ],
    sanction=_rules_sanction_first_inquiry(),
    title="Questions for another window are taken there; questions outside the hall get directions",
)
def inquiry_routing(inq: Inquiry, ctx: Context) -> Iterator[Hit]:
    """首问责任人应当主动告知,并及时将服务对象引导到相应窗口,由窗口人员予以答复;……首问责任人应当说明情况,耐心解释,并尽可能提供指引和帮助。

    The breaches of 5.1.3 b/c that :func:`govhall.decisions.inquiry_breaches` finds (no referral, a
    late one, or no guidance for a matter outside the hall), reported under 5.2.1.3 b/c.
    """
    found = decisions.inquiry_breaches(
        _as_asked(inq, ctx),  # the 首问责任人 named is 5.2.1.2's
        ctx.dataset.staff_by_id,
        now=ctx.now,
        referral_within_minutes=ctx.param(_GD_REFERRAL, on=inq.at),
        tie=ctx.interpret(decisions.TIE.name),
        outside_guidance=ctx.interpret(decisions.OUTSIDE_GUIDANCE.name),
        referral_due=decisions.referral_due(ctx),
        not_service=decisions.DONGGUAN_NOT_SERVICE_STAFF,
    )
    for b in found:
        duty = b.duty or ""
        if duty.endswith(":5.1.3.b"):
            clause = f"{S}:5.2.1.3.b"
        elif duty.endswith(":5.1.3.c"):
            clause = f"{S}:5.2.1.3.c"
        else:
            continue
        yield Hit(message=b.message, clause=clause, evidence=b.evidence, responsible=b.responsible, on=b.on)


@rule(
    f"{S}/handling-routing",
    title_zh="他窗申请转交并告知申请人",
    clause=[f"{S}:5.2.2.3.b", f"{S}:5.2.2.3.c"],
    severity="error",
    subject="application",
    valid_from=VALID_FROM,
    parameters=[_GD_REFERRAL],
    sanction="视情节轻重,给予谈话教育、通报批评、岗位调整等处理 (5.2.2.4)",
    title="Applications for another window are passed on; applicants are told",
    interpretations=[decisions.UNRECORDED_HISTORY.name, decisions.REFERRAL_MINUTES.name],
)
def handling_routing(app: Application, ctx: Context) -> Iterator[Hit]:
    """首办责任人应主动告知,并及时将服务对象引导到具体承办窗口或承办工作人员;……首办责任人应说明情况,耐心解释,并尽可能提供指引和帮助。

    The breaches :func:`govhall.decisions.handling_breaches` finds (shared with gdzw-0020-2019:5.2):
    an application outside the first handler's duty not transferred (or late), reported under
    5.2.2.3 b; a transfer not told to the applicant, under 5.2.2.3 b; a refusal or referral not told,
    under 5.2.2.3 c only when the item is not the hall's (not handled in the hall, or not in the
    catalogue: :func:`govhall.decisions.handling_scope` c). A refusal of the hall's own item not told
    is gdzw-0020-2019:5.2.4 d; dongguan's 5.2.2.3 a and 5.2.2.4 d are missing from the seed. On-site
    applications only (5.2.2.2: 服务对象到政务服务大厅申办). No transfer is judged only on a recorded
    history (:func:`govhall.decisions.on_recorded_history`). The 首办责任人 is the first 政务服务人员 who
    handled it (5.2.2.2): 3.3 counts 安保人员 in and lists no 保洁, so a cleaner who took the papers first
    is passed over (:data:`govhall.decisions.DONGGUAN_NOT_SERVICE_STAFF`), a guard is not.
    """
    if app.channel != Channel.onsite:
        return
    item = ctx.item(app.item_code)
    found = decisions.handling_breaches(
        app,
        item,
        ctx.dataset.staff_by_id,
        ctx.dataset.windows_by_id,
        now=ctx.now,
        transfer_within_minutes=ctx.param(_GD_REFERRAL, on=app.received_at),
        referral_due=decisions.referral_due(ctx),
        not_service=decisions.DONGGUAN_NOT_SERVICE_STAFF,  # 5.2.2.2 and 3.3: guards handle, cleaners do not
    )
    found = decisions.on_recorded_history(found, app, ctx)
    outside_hall = item is None or not item.in_hall
    for b in found:
        if (b.duty or "").endswith(":5.2.3.b"):
            clause = f"{S}:5.2.2.3.b"
        elif b.clause.endswith(":5.2.4.d") and b.evidence.get("event") == "transferred":
            clause = f"{S}:5.2.2.3.b"
        elif b.clause.endswith(":5.2.4.d") and outside_hall:
            clause = f"{S}:5.2.2.3.c"
        else:
            continue
        yield Hit(message=b.message, clause=clause, evidence=b.evidence, responsible=b.responsible, on=b.on)


#: the five elements of 5.2.3.1 (:data:`govhall.decisions.FIVE_ELEMENTS`) in the clause's words
_ELEMENT_ZH = {
    "materials": "申请材料",
    "conditions": "申请条件",
    "process": "办理程序",
    "time_limit": "办理时限",
    "fee": "收费标准",
}


@rule(
    f"{S}/one-time-answer",
    title_zh="一次性告知材料、条件、程序、时限和收费",
    clause=f"{S}:5.2.3.1-s2",
    severity="error",
    subject="inquiry",
    valid_from=VALID_FROM,
    sanction="情节轻微的,给予批评教育;情节严重、影响恶劣、造成不良后果的,给予通报批评、调离岗位等处理 (5.2.3.3)",
    title="One answer covering materials, conditions, procedure, time limit and fees",
    interpretations=[ASKED_TOGETHER.name, decisions.UNRECORDED_INQUIRY_SCOPE.name],
)
def one_time_answer(inq: Inquiry, ctx: Context) -> Iterator[Hit]:
    """服务对象在政务服务大厅办理事项时,政务服务人员应一次性答复其所要咨询或申办事项的全部申请材料、申请条件、办理程序、办理时限、收费标准等内容。

    For an inquiry on a matter whose record lists what was told (``Inquiry.told``) and which was not
    referred elsewhere, as gdzw-0020-2019:5.3.1 reads the same words
    (:func:`govhall.decisions.one_time_answer_judged`: an item named or something told; scope a, or left
    out as ``gdzw-0020-2019.unrecorded-inquiry-scope`` reads it, default judged), fires when any of the
    five elements of :data:`govhall.decisions.FIVE_ELEMENTS` is missing. The list convention
    (docs/data.md): ``told: []`` given records that none was told; ``told`` left out is not recorded and
    not judged; an element is named by its value or the clause's words
    (:func:`govhall.decisions.elements_missing`). With nothing told and no ``item_code``, nothing shows
    the question was about a matter (事项), so it is not judged. Questions referred elsewhere (scope
    b/c) are judged by 5.2.1.3.
    """
    if not decisions.one_time_answer_judged(inq, ctx):
        return
    missing = decisions.elements_missing(inq.told)
    if missing:
        who = decisions.responsible_for_inquiry(
            _as_asked(inq, ctx), ctx.dataset.staff_by_id, not_service=decisions.DONGGUAN_NOT_SERVICE_STAFF
        )
        yield Hit(
            message="未一次性答复全部内容，遗漏：" + "、".join(_ELEMENT_ZH[e] for e in missing),
            responsible=who,
            evidence={"told": list(inq.told), "missing": missing},
            on=inq.at.date(),
        )


@rule(
    f"{S}/correction-notice",
    title_zh="书面一次性告知补正材料、要求及期限",
    clause=f"{S}:5.2.3.2.b",
    severity="error",
    subject="application",
    valid_from=VALID_FROM,
    sanction="情节轻微的,给予批评教育;情节严重、影响恶劣、造成不良后果的,给予通报批评、调离岗位等处理 (5.2.3.3)",
    title="A written correction notice listing materials, requirements and a deadline, once",
    needs_events=("correction_notice",),
    interpretations=[decisions.UNRECORDED_NOTICE_CONTENTS.name],
)
def correction_notice(app: Application, ctx: Context) -> Iterator[Hit]:
    """书面告知,服务对象提供的申请材料需补正的,政务服务人员应出具材料补正告知书,一次性告知其须补正的材料、要求及补正期限。

    The breaches :func:`govhall.decisions.correction_notice_breaches` finds (shared with
    gdzw-0020-2019:5.3.2 b / 5.3.3 a): a notice not in writing or without materials, requirements or
    a deadline, or a later notice asking for materials no earlier notice listed. A part no notice of the
    dataset records is read by ``gdzw-0020-2019.unrecorded-notice-contents`` (default: not judged).
    """
    found = decisions.correction_notice_breaches(app, ctx.item(app.item_code))
    for b in decisions.on_recorded_notice_contents(found, app, ctx) if found else ():
        yield Hit(message=b.message, evidence=b.evidence, responsible=b.responsible, on=b.on)


@rule(
    f"{S}/disclosure-channels",
    title_zh="可在现场、终端、网站及i莞家渠道查询公开信息",
    clause=f"{S}:5.2.4.2",
    severity="error",
    subject="hall",
    valid_from=VALID_FROM,
    title="Disclosure queries on site, by terminal, on the portal and in the i莞家 channels",
)
def disclosure_channels(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """政务服务大厅应提供现场、自助服务终端、广东政务服务网、“i莞家”APP、“i莞家”小程序、“i莞家”公众号等多种渠道的信息公开查询服务,并确保处于正常工作状态。

    Fires listing the named channels ``Hall.disclosure_channels`` lacks (``onsite``,
    ``self_service_terminal``, ``website``, ``app``, ``mini_program``, ``official_account`` or their
    Chinese names). Silent when ``disclosure_channels`` is not recorded (left out); given empty, the hall
    records that it offers none, so all six are missing. Whether they work needs a test.
    """
    if not hall.recorded("disclosure_channels"):
        return
    missing = [k for k in DISCLOSURE_TERMS if not _has(hall.disclosure_channels, k, DISCLOSURE_TERMS)]
    if missing:
        yield Hit(
            message="信息公开查询渠道不全，缺少：" + "、".join(DISCLOSURE_TERMS[k][0] for k in missing),
            evidence={"missing_channels": missing, "disclosure_channels": list(hall.disclosure_channels)},
        )


@rule(
    f"{S}/rongque-catalogue",
    title_zh="建立容缺受理机制并公布目录",
    clause=f"{S}:5.2.7.1",
    severity="error",
    subject="hall",
    valid_from=VALID_FROM,
    title="A 容缺受理 mechanism with a published catalogue",
)
def rongque_catalogue(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """进驻政务服务大厅的职能部门应落实容缺受理机制,编制并及时公开容缺受理事项目录和办事指南。

    Fires when ``Hall.systems`` lacks the 容缺受理 mechanism or ``Hall.published_catalogues`` lacks
    the ``rongque`` catalogue.
    """
    missing = []  # what the hall record leaves out (no systems, no catalogues listed) is not judged
    if hall.recorded("systems") and HallSystem.rongque not in hall.systems:
        missing.append("容缺受理机制")
    if hall.recorded("published_catalogues") and not _has(
        hall.published_catalogues, "rongque", CATALOGUE_TERMS
    ):
        missing.append("容缺受理事项目录")
    if missing:
        yield Hit(
            message="未落实或未公开：" + "、".join(missing),
            evidence={
                "missing": missing,
                "systems": [x.value for x in hall.systems],
                "published_catalogues": list(hall.published_catalogues),
            },
        )


@rule(
    f"{S}/rongque-eligibility",
    title_zh="容缺受理仅限目录内、具备基本条件和主要材料的事项",
    clause=f"{S}:5.2.7.2",
    severity="info",
    subject="application",
    applies_if=decisions.accepted_under_rongque,
    valid_from=VALID_FROM,
    interpretations=[VOLUNTEERS_AT_WINDOWS.name],
    title="容缺 acceptance only for catalogued items with the basic conditions and main materials",
)
def rongque_eligibility(app: Application, ctx: Context) -> Iterator[Hit]:
    """服务对象申办事项属容缺受理事项目录范围内的,其基本申请条件具备、申请材料主件齐全且符合法定条件的,在其他申请材料暂缺或有误的情况下,窗口人员可先接收申请材料。

    5.2.7.2 is a permission (可, hence info): an application taken under 容缺 outside its conditions
    is reported with the reasons :func:`govhall.decisions.may_accept_rongque` gives on what the records
    show (``recorded_only``): a condition left unrecorded is not a finding; with no items table at all the
    catalogue and the 主件 are unrecorded, but the basic conditions and who took it in are still judged. Taken
    in by a guard or cleaner (:func:`govhall.decisions.rongque_taken_by`) is a reason too: the clause lets 窗口
    人员 take it in, and 3.3 lists 安保人员 apart from 窗口工作人员, 保洁 not at all. Whether a volunteer's taking it
    is one is ``dongguan-hall-2023.volunteers-at-windows`` (the same word 窗口人员 as 4.6 and 6.3.3; default
    window_staff: it is not), asked only of an application a volunteer took in.
    """
    if not app.rongque:
        return
    item = ctx.item(app.item_code)
    staff = ctx.dataset.staff_by_id
    taker = staff.get(decisions.rongque_taken_by(app) or "")
    d = decisions.may_accept_rongque(
        app,
        item,
        recorded_only=True,
        staff_by_id=staff,
        volunteers_take=taker is None
        or taker.role != StaffRole.volunteer
        or _may_be_window_staff(taker, ctx),
        catalogue_recorded=bool(ctx.dataset.items),  # none: the catalogue's conditions are not judged
    )
    if not d.allowed:
        yield Hit(
            message="不符合容缺受理条件却先行接收：" + "；".join(d.reasons),
            responsible=app.staff_id,
            evidence={"reasons": list(d.reasons), "missing_main": list(d.missing_main)},
            on=app.received_at.date(),
        )


@rule(
    f"{S}/rongque-overdue-sanction",
    title_zh="逾期未补齐容缺材料的申请人受信用惩戒",
    clause=f"{S}:5.2.7.3-s2",
    severity="error",
    subject="application",
    applies_if=decisions.accepted_under_rongque,
    valid_from=VALID_FROM,
    title="An applicant who misses the 容缺 supplement deadline faces a credit sanction",
    parameters=["gdzw-0020-2019.rongque_supplement_limit"],
    interpretations=[decisions.UNRECORDED_HISTORY.name],
)
def rongque_overdue_sanction(app: Application, ctx: Context) -> Iterator[Hit]:
    """服务对象逾期未补齐补正容缺材料,应对其采取一定的失信惩戒措施。

    Dongguan repeats gdzw-0020-2019:5.7.3 and sets no supplement period of its own, so the period is
    the Guangdong parameter ``gdzw-0020-2019.rongque_supplement_limit`` (unless agreed or set on the
    item), and the judgement is :func:`govhall.decisions.rongque_supplement_progress`. Fires when the
    materials came (or are still outstanding) after the deadline and the applicant is recorded as not
    sanctioned (``rongque_blacklisted`` False); left unrecorded (None) it is not judged. Materials
    still outstanding are judged only on a recorded history
    (:func:`govhall.decisions.history_recorded`).
    """
    if not app.rongque or not app.rongque_missing or app.rongque_blacklisted is not False:
        return
    fixed, basis = decisions.rongque_supplement_deadline(
        app, ctx.item(app.item_code), ctx.param("gdzw-0020-2019.rongque_supplement_limit", on=app.received_at)
    )
    deadline = fixed if isinstance(fixed, date) else ctx.due(counted_from(app.received_at, fixed), fixed)
    provisional = not isinstance(deadline, date) and deadline.provisional
    progress = decisions.rongque_supplement_progress(app, deadline, ctx.now)
    if progress.late and isinstance(deadline, date):  # an agreed date on a day off (set_date)
        moved = set_date(deadline, progress.completed_on or ctx.as_of, ctx)
        if moved != deadline:
            progress = decisions.rongque_supplement_progress(app, moved, ctx.now)
    due = progress.due
    if progress.late and (progress.completed_on is not None or decisions.history_recorded(app, ctx)):
        yield Hit(
            message=f"容缺材料最迟应于{due.isoformat()}补齐而逾期，未见失信惩戒措施",
            evidence={
                "rongque_missing": list(app.rongque_missing),
                "due": due.isoformat(),
                "due_basis": basis,
                "completed_on": progress.completed_on.isoformat() if progress.completed_on else None,
                "outstanding": list(progress.outstanding),
                "rongque_blacklisted": app.rongque_blacklisted,
            },
            on=due,
            provisional=provisional,
        )


@rule(
    f"{S}/complaint-recorded-and-answered",
    title_zh="投诉予以登记并答复",
    clause=f"{S}:5.2.8.2.c",
    severity="error",
    subject="complaint",
    valid_from=VALID_FROM,
    title="Complaints are recorded and answered",
)
def complaint_recorded_and_answered(c: Complaint, ctx: Context) -> Iterator[Hit]:
    """政务服务过程中不涉及违法违纪行为的投诉举报,投诉处理人员应及时处理、回复,做好投诉受理、处理记录与归档工作。

    For an accepted complaint that does not concern 违法违纪 (``facts.discipline_inspection`` false),
    fires when no acceptance record was taken (``recorded_fields`` given empty; left out it is not
    recorded and not judged) or when it was closed without an answer to the complainant (a ``closed``
    event and no ``answered`` event). "及时" sets no figure here; the complaint time limits are
    yousu-jiban's.
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
    closed = decisions.closed_unanswered(c)
    if closed is not None:
        yield Hit(
            message="投诉办结销号但未回复投诉人",
            responsible=c.handler_staff,
            evidence={"closed_at": closed.at.isoformat(timespec="minutes"), "answered": False},
            on=closed.at.date(),
        )


@rule(
    f"{S}/complaint-misconduct-referred",
    title_zh="涉及违法违纪的投诉予以移交",
    clause=f"{S}:5.2.8.2.c-s2",
    severity="error",
    subject="complaint",
    valid_from=VALID_FROM,
    title="Complaints about unlawful or undisciplined conduct are passed on",
    interpretations=[decisions.UNRECORDED_HISTORY.name],
)
def complaint_misconduct_referred(c: Complaint, ctx: Context) -> Iterator[Hit]:
    """涉及违法违纪行为的投诉举报,投诉处理人员应为投诉人提供接转或指引服务。

    Fires when the facts say the complaint is for discipline inspection (``facts.discipline_inspection``)
    and the record shows neither a referral (``referral`` or a ``referred`` event) nor guidance to the
    complainant: a ``responded``/``answered`` event is the 指引 unless it is recorded as not telling
    the complainant (``told_applicant`` False; left None, what was said is not recorded, and an
    unrecorded fact is never a finding). A complaint with no ``referral`` given and no recorded history
    (:func:`govhall.decisions.complaint_history_recorded`) is not judged (gdzw-0020-2019/complaint-violation-referred reads its
    identical 5.8.3 the same way).
    """
    if not c.facts.discipline_inspection or not (
        c.recorded("referral") or decisions.complaint_history_recorded(c, ctx)
    ):
        return
    referred = bool(c.referral) or any(e.kind.value == "referred" for e in c.events)
    guided = any(
        e.kind.value in ("responded", "answered") and e.told_applicant is not False for e in c.events
    )
    if not (referred or guided):
        yield Hit(
            message="涉及违法违纪的投诉未提供接转或指引",
            responsible=c.handler_staff,
            evidence={"discipline_inspection": True, "referral": c.referral},
            on=c.received_at.date(),
        )


@rule(
    f"{S}/complaint-channels",
    title_zh="可通过网站、现场、信函、12345、邮箱及i莞家渠道投诉",
    clause=f"{S}:5.2.8.2.d",
    severity="info",
    subject="hall",
    valid_from=VALID_FROM,
    title="Complaints by portal, on site, letter, 12345, e-mail and the i莞家 channels",
)
def complaint_channels(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """服务对象可通过广东政务服务网、现场、信函、12345热线、电子邮件、“i莞家”小程序、“i莞家”公众号、“i莞家”APP等多种渠道进行投诉。

    The clause gives applicants a choice (可, hence info): the channels named that
    ``Hall.complaint_channels`` lacks are reported (the 公众号 has no channel of its own in the model).
    """
    if not hall.recorded("complaint_channels"):
        return
    missing = [ch for ch in COMPLAINT_CHANNELS if ch not in hall.complaint_channels]
    if missing:
        yield Hit(
            message="投诉渠道缺少：" + "、".join(ch.zh for ch in missing),
            evidence={
                "missing_channels": [ch.value for ch in missing],
                "complaint_channels": [ch.value for ch in hall.complaint_channels],
            },
        )


@rule(
    f"{S}/chief-representative",
    title_zh="各进驻部门从本部门人员中确定首席事务代表",
    clause=[f"{S}:5.2.9", f"{S}:6.3.2.b"],
    severity="error",
    subject="hall",
    valid_from=VALID_FROM,
    title="Every resident department names a 首席事务代表 of its own staff",
)
def chief_representative(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """进驻的政务服务机构应明确首席事务代表,明确其权限及职责……各进驻部门需明确1名有管理能力、精通业务的工作人员担任首席事务代表。

    For each resident department (``Department.resident``): fires when no 首席事务代表 is named
    (5.2.9), or the named person is not in the staff list or not of that department (6.3.2 b), or is
    recorded as a guard or cleaner (6.3.2 b 有管理能力、精通业务的工作人员, who 负责本窗口日常管理及执行部门授予的
    审批决定权: 3.3 lists 安保人员 apart from the 窗口工作人员 and 后台审批人员, and 保洁 not at all, so neither
    is the 精通业务 person the clause asks for, whichever department records them), or as a volunteer
    (志愿者: 4.5.2's 志愿者服务区 makes them the hall's 志愿服务队伍 为有需要的服务对象提供各类志愿服务, not a
    department's 选派 staff of 6.3.2 a, and no department grants a volunteer its 审批决定权 or 行政审批服务专用章
    使用权; before 2026-12 a volunteer recorded under a department passed). A dataset with no staff list at
    all does not record whose staff the person is: 6.3.2 b is not judged.
    """
    for d in hall.departments:
        if not d.resident:
            continue
        if not d.chief_representative:
            yield Hit(
                message=f"进驻部门“{d.name}”未明确首席事务代表",
                clause=f"{S}:5.2.9",
                responsible=d.id,
                evidence={"department": d.id, "chief_representative": None},
            )
            continue
        s = ctx.staff(d.chief_representative)
        if s is None and not ctx.dataset.staff:
            continue
        if s is None or (s.department is not None and s.department != d.id):
            yield Hit(
                message=f"进驻部门“{d.name}”的首席事务代表不是本部门工作人员",
                clause=f"{S}:6.3.2.b",
                responsible=d.id,
                evidence={
                    "department": d.id,
                    "chief_representative": d.chief_representative,
                    "staff_department": s.department if s is not None else None,
                    "in_staff_list": s is not None,
                },
            )
        elif s.role in _NO_CHIEF_ROLES:
            yield Hit(
                message=f"进驻部门“{d.name}”的首席事务代表登记为{_NO_CHIEF_ROLES[s.role]}，"
                "不是有管理能力、精通业务的工作人员",
                clause=f"{S}:6.3.2.b",
                responsible=d.id,
                evidence={
                    "department": d.id,
                    "chief_representative": d.chief_representative,
                    "staff_department": s.department,
                    "in_staff_list": True,
                    "role": s.role.value,
                },
            )


#: 6.3.2 b: who is never the 有管理能力、精通业务的工作人员 a department names its 首席事务代表, with the word the finding
#: uses: guards and cleaners (3.3), and volunteers (the hall's 志愿服务队伍, not a department's 选派 staff)
_NO_CHIEF_ROLES: dict[StaffRole, str] = {
    StaffRole.security: "保安人员",
    StaffRole.cleaner: "保洁人员",
    StaffRole.volunteer: "志愿者",
}


_BURST = ("gdzw-0020-2019.rating_burst_count", "gdzw-0020-2019.rating_burst_minutes")


@rule(
    f"{S}/evaluation-integrity",
    title_zh="不得干预、代评、监视或伪造评价",
    clause=f"{S}:5.2.10-s2",
    severity="error",
    subject="dataset",
    valid_from=VALID_FROM,
    parameters=list(_BURST),
    title="No interfering with, rating for, watching or faking ratings",
)
def evaluation_integrity(ds: Dataset, ctx: Context) -> Iterator[Hit]:
    """开展评价时不应干涉、替代、监视服务对象评价,不应虚假评价。

    The ratings :func:`govhall.decisions.evaluation_integrity` finds (shared with
    gdzw-0020-2019:5.9.2): entered by a staff account, part of a device burst, duplicate ratings of one
    visit, or reported interference. One finding per rating.
    """
    if not ds.evaluations:
        return
    params = decisions.IntegrityParams(
        int(ctx.param(_BURST[0], on=ctx.as_of)), int(ctx.param(_BURST[1], on=ctx.as_of))
    )
    for b in integrity_breaches(ds, ds.evaluations, params, ctx):  # gdzw 5.9.2's answer when it asked first
        yield Hit(
            message=b.message,
            subject=Subject(kind=b.subject_kind, id=b.subject_id),
            evidence=b.evidence,
            responsible=b.responsible,
            on=b.on,
        )


# -- 5.3 服务内容 -------------------------------------------------------------------------------------


@rule(
    f"{S}/appointment-channels",
    title_zh="提供线上和线下预约",
    clause=f"{S}:5.3.2.1",
    severity="error",
    subject="hall",
    valid_from=VALID_FROM,
    title="Appointments both online and offline",
)
def appointment_channels(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """政务服务大厅应提供线上线下多样化预约服务。

    Fires when ``Hall.appointment_channels`` has no offline channel (on site, by phone or the 12345 hotline) or no online
    channel (website, app, mini-program, online).
    """
    if not hall.recorded("appointment_channels"):
        return
    chans = set(hall.appointment_channels)
    missing = []
    if not chans & OFFLINE_BOOKING_CHANNELS:
        missing.append("线下")
    if not chans & _ONLINE:
        missing.append("线上")
    if missing:
        yield Hit(
            message="未提供" + "、".join(missing) + "预约服务",
            evidence={
                "missing": missing,
                "appointment_channels": [c.value for c in hall.appointment_channels],
            },
        )


@rule(
    f"{S}/walk-in-tickets",
    title_zh="未预约人员可现场取号",
    clause=f"{S}:5.3.2.1-s2",
    severity="error",
    subject="hall",
    valid_from=VALID_FROM,
    title="Walk-in tickets for people without an appointment",
)
def walk_in_tickets(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """应为未预约的服务对象提供现场取号服务,视当天服务窗口办理进度及服务对象办理业务紧急情况等因素适当设置现场取号量。

    Fires when the recorded equipment has no ticket machine (``ticket_machine``/取号机); ``equipment: []``
    given records none. Silent when ``equipment`` is not recorded (left out). The daily quota of walk-in
    tickets is the hall's judgement.
    """
    if hall.recorded("equipment") and not _has(hall.equipment, "ticket_machine", EQUIPMENT_TERMS):
        yield Hit(message="未设置现场取号设备", evidence={"equipment": list(hall.equipment)})


@rule(
    f"{S}/guide-self-query",
    title_zh="提供服务指南自助查询",
    clause=f"{S}:5.3.4.2",
    severity="error",
    subject="hall",
    valid_from=VALID_FROM,
    title="Self-service look-up of service guides",
)
def guide_self_query(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """政务服务大厅应提供办事指南自助查询服务。

    Fires when the recorded equipment has neither a query device (``query_device``) nor a self-service
    terminal (``self_service_terminal``); ``equipment: []`` given records none. Silent when
    ``equipment`` is not recorded (left out).
    """
    if hall.recorded("equipment") and not (
        _has(hall.equipment, "query_device", EQUIPMENT_TERMS)
        or _has(hall.equipment, "self_service_terminal", EQUIPMENT_TERMS)
    ):
        yield Hit(message="未提供办事指南自助查询设备", evidence={"equipment": list(hall.equipment)})


@rule(
    f"{S}/consultation-channels",
    title_zh="可通过网站、现场、信函、12345及i莞家渠道咨询",
    clause=f"{S}:5.3.5.1",
    severity="error",
    subject="hall",
    valid_from=VALID_FROM,
    title="Consultation by portal, on site, letter, 12345 and the i莞家 channels",
)
def consultation_channels(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """政务服务大厅应提供多样化的咨询方式,包括广东政务服务网、现场、信函、12345热线、“i莞家”小程序、“i莞家”公众号、“i莞家”APP等。

    Fires listing the named channels ``Hall.consultation_channels`` lacks (the “i莞家” channels are
    ``mini_program``, ``official_account`` and ``app``).
    """
    if not hall.recorded("consultation_channels"):
        return
    missing = [ch for ch in CONSULTATION_CHANNELS if ch not in hall.consultation_channels]
    if missing:
        yield Hit(
            message="咨询方式缺少：" + "、".join(ch.zh for ch in missing),
            evidence={
                "missing_channels": [ch.value for ch in missing],
                "consultation_channels": [ch.value for ch in hall.consultation_channels],
            },
        )


@rule(
    f"{S}/same-city-catalogue",
    title_zh="公布全市通办事项目录",
    clause=f"{S}:5.3.8",
    severity="error",
    subject="hall",
    valid_from=VALID_FROM,
    title="City-wide handling with a published catalogue",
)
def same_city_catalogue(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """政务服务大厅应根据事项特征提供不同镇(街道)、园区的通办服务,并提供市内通办事项目录和办事指南。

    Fires when ``Hall.published_catalogues`` lacks the ``same_city`` catalogue.
    """
    if hall.recorded("published_catalogues") and not _has(
        hall.published_catalogues, "same_city", CATALOGUE_TERMS
    ):
        yield Hit(
            message="未提供市内通办事项目录",
            evidence={"published_catalogues": list(hall.published_catalogues)},
        )


@rule(
    f"{S}/cross-city-catalogue",
    title_zh="公布跨城通办事项目录",
    clause=f"{S}:5.3.9",
    severity="warning",
    subject="hall",
    valid_from=VALID_FROM,
    title="Cross-city handling with a published catalogue",
)
def cross_city_catalogue(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """对不同城市办理的事项,政务服务大厅宜根据事项特征提供通办服务,并提供跨城通办事项目录和办事指南。

    A warning when ``Hall.published_catalogues`` lacks the ``cross_city`` catalogue.
    """
    if hall.recorded("published_catalogues") and not _has(
        hall.published_catalogues, "cross_city", CATALOGUE_TERMS
    ):
        yield Hit(
            message="未提供跨城通办事项目录",
            evidence={"published_catalogues": list(hall.published_catalogues)},
        )


@rule(
    f"{S}/cannot-handle-window",
    title_zh="设置有标识的“办不成事”反映窗口",
    clause=f"{S}:5.3.10",
    severity="error",
    subject="dataset",
    valid_from=VALID_FROM,
    title="A signposted 办不成事 window",
)
def cannot_handle_window(ds: Dataset, ctx: Context) -> Iterator[Hit]:
    """政务服务大厅应在显著位置设置“办不成事”反映窗口,为服务对象提供兜底服务。

    Fires when the dataset has windows but none of kind ``cannot_handle``, or when every such window
    is recorded as not signposted (``signposted`` false).
    """
    if not ds.windows:
        return
    found = [w for w in ds.windows if w.kind == WindowKind.cannot_handle]
    if not found:
        yield Hit(
            message="未设置“办不成事”反映窗口",
            subject=_hall_subject(ctx),
            evidence={"cannot_handle_windows": []},
        )
    elif all(w.signposted is False for w in found):
        yield Hit(
            message="“办不成事”反映窗口未设在显著位置",
            subject=Subject(kind="window", id=found[0].id),
            evidence={"windows": [w.id for w in found], "signposted": False},
        )


@rule(
    f"{S}/mailing-offered",
    title_zh="提供证照及文书寄递服务，由申请人自愿选择",
    clause=f"{S}:5.3.7",
    severity="error",
    subject="hall",
    valid_from=VALID_FROM,
    title="Certificates and documents can be mailed, at the applicant's choice",
)
def mailing_offered(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """政务服务大厅应为服务对象提供邮寄证件、文书等服务,供服务对象自愿使用

    From the hall profile: fires when ``Hall.mailing_service`` is False and no application of the
    dataset was mailed (:func:`govhall.standards._mailing.mailing_not_offered`).
    """
    yield from mailing_not_offered(hall, ctx)


# -- 6.1 事项进驻 -------------------------------------------------------------------------------------


@rule(
    f"{S}/item-admission",
    title_zh="所列类型事项进驻大厅办理，经批准豁免的除外",
    clause=[f"{S}:6.1.1.1", f"{S}:6.1.2.a", f"{S}:6.1.2.a-s2"],
    severity="error",
    subject="item",
    valid_from=VALID_FROM,
    interpretations=[FILING_TYPE.name],
    title="The listed item types are handled in the hall unless an exemption was approved",
)
def item_admission(item: Item, ctx: Context) -> Iterator[Hit]:
    """本级政府承担的面向自然人、法人和其他组织的行政许可、行政给付、行政确认、行政奖励、行政裁决、行政征收、其他类事项和公共服务事项,应纳入政务服务大厅办理。

    6.1.2 a: 确因涉密类、安全类、对场地有特殊要求……经批准后可不进驻. Fires for an item of a listed type
    that is not handled in the hall (``in_hall`` false) without an approved exemption
    (``exemption_approved``). 行政备案 follows the interpretation ``dongguan-hall-2023.filing-is-other``.
    """
    if item.in_hall or item.exemption_approved:
        return
    listed = item.type in ADMITTED_TYPES or (
        item.type == ItemType.administrative_filing and ctx.interpret(FILING_TYPE.name) == "included"
    )
    if listed:
        yield Hit(
            message=f"{item.type.zh}事项“{item.name}”未纳入政务服务大厅办理，也无批准不进驻的记录",
            clause=f"{S}:6.1.2.a",
            responsible=item.department,
            evidence={"type": item.type.value, "in_hall": False, "exemption_approved": False},
        )


@rule(
    f"{S}/online-items-at-comprehensive-window",
    title_zh="网办事项同时可在综合窗口办理",
    clause=f"{S}:6.1.2.c",
    severity="error",
    subject="item",
    valid_from=VALID_FROM,
    title="Online items are also handled at a comprehensive window",
)
def online_items_at_comprehensive_window(item: Item, ctx: Context) -> Iterator[Hit]:
    """网上办理、全程网办事项应同步进驻综合窗口。

    Fires for an online item in the hall recorded as not handled at a comprehensive window
    (``online`` true, ``at_comprehensive_window`` false).
    """
    if item.online and item.in_hall and item.at_comprehensive_window is False:
        yield Hit(
            message=f"网办事项“{item.name}”未同步进驻综合窗口",
            responsible=item.department,
            evidence={"online": True, "at_comprehensive_window": False},
        )


FORWARDED_LIMIT = interpretation(
    f"{S}.forwarded-limit",
    clause=f"{S}:6.1.7.2.c",
    question="6.1.7.2 c 在规定时限内答复: which limit governs a complaint the hall forwarded — the 工作单's 完成时限 "
    "or the complaint time limit of its tier (yousu-jiban 处置流程.办理.1)?",
    default="worksheet",
    alternatives={
        "worksheet": "the 工作单's 完成时限 when it states one (the limit the hall set when forwarding), else the tier limit",
        "tier": "always the yousu-jiban tier limit, whatever the 工作单 says",
    },
    basis="this standard sets no limit; the 工作单 is how the hall forwards the complaint and states its "
    "完成时限 (yousu-jiban 处置流程.办理.2 明确办理期限), and a 完成时限 beyond the tier limit is reported by "
    "yousu-jiban/worksheet-deadline",
)
_YOUSU_TIERS = [
    "yousu-jiban.limit_simple",
    "yousu-jiban.limit_general",
    "yousu-jiban.limit_multi_department",
    "yousu-jiban.limit_major",
]


@rule(
    f"{S}/forwarded-complaint-answered",
    title_zh="部门按时答复大厅转办的投诉或向大厅说明",
    clause=f"{S}:6.1.7.2.c",
    severity="error",
    subject="complaint",
    valid_from=VALID_FROM,
    parameters=_YOUSU_TIERS,
    interpretations=[
        FORWARDED_LIMIT.name,
        "yousu-jiban.day-unit",
        "yousu-jiban.clock-start",
        "yousu-jiban.simple-remote-limit",
        "yousu-jiban.same-day-on-holiday",
    ],
    title="Departments answer complaints the hall forwards in time, or explain to the hall",
    needs_events=("worksheet_sent",),
)
def forwarded_complaint_answered(c: Complaint, ctx: Context) -> Iterator[Hit]:
    """对政务服务大厅转送的投诉、举报,政务服务机构应在规定时限内答复,因情况特殊确实无法在规定时限内反馈的,应向政务服务大厅作情况说明

    For a complaint the hall sent to a department (a ``worksheet_sent`` event): the 规定时限 is the
    工作单's 完成时限 (``worksheet.deadline``; ``dongguan-hall-2023.forwarded-limit``), else — this standard
    sets none — the yousu-jiban time
    limit of its tier (:func:`govhall.screening.handling_deadline`, with the run's yousu-jiban
    parameters and readings). Fires when the answer (``answered`` or ``closed``) came after it, or none
    came and the audit day is past it, and no explanation reached the hall by then (an ``extended``
    event on or before the deadline). A 完成时限 on a day the hall is closed is a date the hall set for an
    act, read by ``timelimits.set-date-on-holiday`` (default as set; as the 容缺 and 补正 dates are), moved
    for the explanation too when the answer came after the moved day
    (:func:`~govhall.standards._limits.set_deadline`).
    """
    from govhall.screening import DONE_KINDS, handling_deadline, tier_from_facts

    sent = c.events_of(EventKind.worksheet_sent)
    if not sent:
        return
    by_worksheet = ctx.interpret(FORWARDED_LIMIT.name) == "worksheet"
    dl: Deadline | None = None  # the tier's limit, judged by the hour when it is in hours
    done = c.events_of(*DONE_KINDS)
    if by_worksheet and c.worksheet is not None and c.worksheet.deadline is not None:
        judged = done[0].at.date() if done else ctx.as_of  # the answer's day, else the audit day
        due, basis, provisional = set_deadline(c.worksheet.deadline, judged, ctx), "worksheet.deadline", False
    else:
        tier = c.tier or tier_from_facts(c.facts)
        h = handling_deadline(
            c,
            calendar=ctx.calendar,
            tier=tier,
            limits={tier: ctx.param(f"yousu-jiban.limit_{tier.value}", on=c.received_at)},
            day_unit=ctx.interpret("yousu-jiban.day-unit"),
            clock_start=ctx.interpret("yousu-jiban.clock-start"),
            simple_remote=ctx.interpret("yousu-jiban.simple-remote-limit"),
            same_day_holiday=ctx.choices.get("yousu-jiban.same-day-on-holiday", "same_day"),
        )
        if "yousu-jiban.same-day-on-holiday" in h.choices:  # asked only where it decides
            ctx.interpret("yousu-jiban.same-day-on-holiday")
        due, basis, provisional = h.due, f"yousu-jiban tier {tier.value}: {h.limit}", h.deadline.provisional
        dl = h.deadline if h.deadline.due_at is not None else None

    def in_time(at: datetime) -> bool:
        return not is_late(dl, at) if dl is not None else at.date() <= due

    answered = done[0].at.date() if done else None
    if done and in_time(done[0].at):
        return
    if not done and in_time(ctx.now):  # the run's moment: the end of the audit day in a batch
        return
    if any(in_time(e.at) for e in c.events_of(EventKind.extended)):
        return
    state = f"于{answered.isoformat()}才答复" if answered else f"至{ctx.as_of.isoformat()}仍未答复"
    shown = f"{dl.due_at:%Y-%m-%d %H:%M}" if dl is not None and dl.due_at is not None else due.isoformat()
    yield Hit(
        message=f"大厅转送的投诉最迟应于{shown}答复，{state}，且未向大厅作情况说明",
        evidence={
            "worksheet_sent": sent[0].at.isoformat(timespec="minutes"),
            "due": due.isoformat(),
            "due_from": basis,
            "answered_on": answered.isoformat() if answered else None,
        },
        responsible=c.lead_department or c.handler_staff,
        on=due,
        provisional=provisional,
    )


# -- 6.3 人员进驻 -------------------------------------------------------------------------------------


@rule(
    f"{S}/staff-roles",
    title_zh="配备导办、咨询、帮办代办和窗口人员",
    clause=f"{S}:6.3.1.b-s2",
    severity="warning",
    subject="dataset",
    valid_from=VALID_FROM,
    title="Guides, consultants, helpers/agents and window staff",
)
def staff_roles(ds: Dataset, ctx: Context) -> Iterator[Hit]:
    """大厅宜设置导办、咨询、帮办、代办、窗口服务等人员。

    A warning listing the roles no staff member has (``guide``, ``consultant``, ``agent`` for 帮办/代办,
    ``window_clerk``). Silent when the dataset has no staff list.
    """
    if not ds.staff:
        return
    roles = {s.role for s in ds.staff}
    wanted = (StaffRole.guide, StaffRole.consultant, StaffRole.agent, StaffRole.window_clerk)
    missing = [r for r in wanted if r not in roles]
    if missing:
        yield Hit(
            message="大厅未设置人员：" + "、".join(r.zh for r in missing),
            subject=_hall_subject(ctx),
            evidence={"missing_roles": [r.value for r in missing]},
        )


#: dongguan-hall-2023:3.3 政务服务人员 …包括政务服务中心管理人员、窗口工作人员、后台审批人员、帮(代)办人员、咨询引导
#: 人员、安保人员、志愿者等: 安保人员 are listed apart from 窗口工作人员, 保洁 not at all; neither is a 窗口人员
_NOT_WINDOW_ROLES = frozenset({StaffRole.security, StaffRole.cleaner})


def _may_be_window_staff(s: Staff | None, ctx: Context) -> bool:
    """Whether ``s``, posted at a window, can be one of its 窗口人员: never a guard or cleaner (3.3 lists
    安保人员 apart from 窗口工作人员, 保洁 not at all); a volunteer as ``dongguan-hall-2023.volunteers-at-windows``
    says (asked only of a volunteer); anyone else, and an id not in the staff list, yes."""
    if s is None:
        return True
    if s.role in _NOT_WINDOW_ROLES:
        return False
    if s.role == StaffRole.volunteer:
        return ctx.interpret(VOLUNTEERS_AT_WINDOWS.name) == "window_staff"
    return True


def _window_staff(s: Staff, ctx: Context) -> bool:
    """A 窗口人员 (6.3.3 a/b: 进驻部门提出的拟选派的窗口人员): a window clerk, or staff posted at a window,
    but never a guard or cleaner (3.3 lists 安保人员 apart from 窗口工作人员, and 保洁 not at all), nor a
    volunteer under ``dongguan-hall-2023.volunteers-at-windows`` = not_window_staff."""
    return (s.role == StaffRole.window_clerk or bool(s.windows)) and _may_be_window_staff(s, ctx)


@rule(
    f"{S}/staff-registered",
    title_zh="窗口人员在大厅备案登记",
    clause=f"{S}:6.3.3.a",
    severity="error",
    subject="staff",
    valid_from=VALID_FROM,
    interpretations=[VOLUNTEERS_AT_WINDOWS.name],
    title="Window staff are registered (备案登记) with the hall",
)
def staff_registered(s: Staff, ctx: Context) -> Iterator[Hit]:
    """政务服务大厅应对进驻部门提出的拟选派的窗口人员进行备案登记。

    Fires for window staff (role ``window_clerk`` or assigned to a window; never a guard or cleaner, who
    are no 窗口人员 wherever posted; a volunteer per ``dongguan-hall-2023.volunteers-at-windows``) recorded as
    not registered.
    """
    if _window_staff(s, ctx) and s.registered is False:
        yield Hit(
            message="窗口人员未经大厅备案登记", responsible=s.department, evidence={"registered": False}
        )


@rule(
    f"{S}/staff-profile-filed",
    title_zh="新上岗窗口人员按附录G建档",
    clause=f"{S}:6.3.3.b",
    severity="error",
    subject="staff",
    valid_from=VALID_FROM,
    interpretations=[VOLUNTEERS_AT_WINDOWS.name],
    title="New window staff have an annex G profile on file",
)
def staff_profile_filed(s: Staff, ctx: Context) -> Iterator[Hit]:
    """政务服务大厅应督促新进驻的窗口人员填写附录G,建立基本信息档案。

    Fires for window staff whose basic-information profile is recorded as not filed (a guard or cleaner
    is no 窗口人员 wherever posted, as in 6.3.3 a; a volunteer per ``dongguan-hall-2023.volunteers-at-windows``).
    """
    if _window_staff(s, ctx) and s.profile_filed is False:
        yield Hit(
            message="窗口人员未填写附录G建立基本信息档案",
            responsible=s.department,
            evidence={"profile_filed": False},
        )


TRAINED_SECURITY = interpretation(
    f"{S}.pre-duty-training-security",
    clause=f"{S}:6.3.3.c",
    question="6.3.3 c 政务服务大厅和进驻部门应共同对新进驻人员进行岗前教育培训……达到岗位任职要求后才能正式上岗: "
    "does it bind the hall's 安保人员 (security)?",
    default="bound",
    alternatives={
        "bound": "yes: 3.3 names 安保人员 among the 政务服务人员, and a guard who goes on duty before the "
        "training is reported like any other staff member (the only reading before 2026-12)",
        "own_training": "no: 6.3.3 is the procedure for staff sent in by the 进驻部门 (6.3.2 a 各进驻部门要选派…), "
        "and 6.5 gives the 安全保卫人员 their own duty (定期对安全保卫人员进行基本技能培训), which is not a "
        "pre-duty training; a guard is not judged by this rule",
    },
    basis="6.3 人员进驻 speaks of the departments' stationed staff, whose training is in the hall's rules, the "
    "business flow and the department's approval procedure — nothing a guard does; yet 3.3 counts 安保人员 as "
    "政务服务人员 and the clause says 新进驻人员 without naming the department. Cleaners (保洁) are neither: "
    "3.3 does not list them and no department sends them, so they are never judged",
)


@rule(
    f"{S}/staff-trained-before-duty",
    title_zh="上岗前经过岗前培训",
    clause=f"{S}:6.3.3.c",
    severity="error",
    subject="staff",
    valid_from=VALID_FROM,
    title="Pre-duty training before going on duty",
    interpretations=[TRAINED_SECURITY.name],
)
def staff_trained_before_duty(s: Staff, ctx: Context) -> Iterator[Hit]:
    """政务服务大厅和进驻部门应共同对新进驻人员进行岗前教育培训,……达到岗位任职要求后才能正式上岗。

    Fires for a staff member on duty (``on_duty_from`` on or before the audit day) whose pre-duty
    training was completed after that day (``trained_on`` later than ``on_duty_from``). A missing
    training date is not recorded and not judged. Cleaners are not 新进驻人员 (3.3 does not count them
    as 政务服务人员; no department sends them): not judged (before 2026-12 they were). Security staff
    are judged unless ``dongguan-hall-2023.pre-duty-training-security`` = own_training (6.5).
    """
    if s.on_duty_from is None or s.on_duty_from > ctx.as_of or s.trained_on is None:
        return
    if s.role == StaffRole.cleaner:
        return
    if s.role == StaffRole.security and ctx.interpret(TRAINED_SECURITY.name) == "own_training":
        return
    if s.trained_on > s.on_duty_from:
        yield Hit(
            message=f"岗前培训({s.trained_on.isoformat()})晚于正式上岗({s.on_duty_from.isoformat()})",
            responsible=s.department,
            on=s.on_duty_from,
            evidence={"trained_on": s.trained_on.isoformat(), "on_duty_from": s.on_duty_from.isoformat()},
        )
