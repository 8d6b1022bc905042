"""Controlled vocabularies of the standards, English values with the standards' Chinese terms as aliases."""

from __future__ import annotations

from govhall.models._base import BilingualEnum, bilingual


class ItemType(BilingualEnum):
    """事项类型 (dongguan-hall-2023:6.1.2 a; the national catalogue's types)."""

    administrative_licensing = "administrative_licensing"
    administrative_confirmation = "administrative_confirmation"
    administrative_adjudication = "administrative_adjudication"
    administrative_payment = "administrative_payment"
    administrative_reward = "administrative_reward"
    administrative_filing = "administrative_filing"
    administrative_levy = "administrative_levy"
    other_power = "other_power"
    public_service = "public_service"


bilingual(
    ItemType,
    {
        "行政许可": "administrative_licensing",
        "行政确认": "administrative_confirmation",
        "行政裁决": "administrative_adjudication",
        "行政给付": "administrative_payment",
        "行政奖励": "administrative_reward",
        "行政备案": "administrative_filing",
        "行政征收": "administrative_levy",
        "其他行政权力": "other_power",
        "其他类": "other_power",
        "公共服务": "public_service",
    },
)


class WindowKind(BilingualEnum):
    """窗口类型 (dongguan-hall-2023:4.6; yousu-jiban "有诉即办"窗口)."""

    comprehensive = "comprehensive"
    specialist = "specialist"
    certificate = "certificate"
    consultation = "consultation"
    cannot_handle = "cannot_handle"
    complaint = "complaint"
    green_channel = "green_channel"
    cross_region = "cross_region"
    guide_desk = "guide_desk"


bilingual(
    WindowKind,
    {
        "综合办事窗口": "comprehensive",
        "综合窗口": "comprehensive",
        "专业窗口": "specialist",
        "综合出证窗口": "certificate",
        "出件窗口": "certificate",
        "综合咨询窗口": "consultation",
        "咨询窗": "consultation",
        "办不成事反映窗口": "cannot_handle",
        "办不成事": "cannot_handle",
        "有诉即办窗口": "complaint",
        "有诉即办": "complaint",
        "绿色通道窗口": "green_channel",
        "跨域通办窗口": "cross_region",
        "导办台": "guide_desk",
        "咨询导办台": "guide_desk",
    },
)


class StaffRole(BilingualEnum):
    """政务服务人员的岗位 (gdzw-0020-2019:3.3; dongguan-hall-2023:3.3, 6.3.1)."""

    window_clerk = "window_clerk"
    consultant = "consultant"
    guide = "guide"
    approver = "approver"
    agent = "agent"
    manager = "manager"
    volunteer = "volunteer"
    material_runner = "material_runner"
    complaint_handler = "complaint_handler"
    security = "security"
    cleaner = "cleaner"


bilingual(
    StaffRole,
    {
        "窗口人员": "window_clerk",
        "窗口工作人员": "window_clerk",
        "咨询人员": "consultant",
        "咨询引导人员": "guide",
        "导办人员": "guide",
        "后台审批人员": "approver",
        "审批人员": "approver",
        "帮代办人员": "agent",
        "帮办代办人员": "agent",
        "管理人员": "manager",
        "志愿者": "volunteer",
        "流转员": "material_runner",
        "投诉处理人员": "complaint_handler",
        "安保人员": "security",
        "保安": "security",
        "保安人员": "security",
        "保洁": "cleaner",
        "保洁人员": "cleaner",
    },
)


class Zone(BilingualEnum):
    """政务服务大厅功能区 (dongguan-hall-2023:4.5; gdzw-0020-2019:6.3.4 自助区)."""

    consultation_guide = "consultation_guide"
    declaration_help = "declaration_help"
    waiting = "waiting"
    help_agent = "help_agent"
    enterprise = "enterprise"
    volunteer = "volunteer"
    care_room = "care_room"
    back_office = "back_office"
    complaint_mediation = "complaint_mediation"
    meeting = "meeting"
    video_conference = "video_conference"
    cctv_room = "cctv_room"
    self_service = "self_service"
    window_service = "window_service"


bilingual(
    Zone,
    {
        "咨询导办区": "consultation_guide",
        "申报辅导区": "declaration_help",
        "休息等候区": "waiting",
        "帮办代办区": "help_agent",
        "惠企服务区": "enterprise",
        "志愿者服务区": "volunteer",
        "爱心接待室": "care_room",
        "后台审批区": "back_office",
        "投诉调解室": "complaint_mediation",
        "会议室": "meeting",
        "视频会议室": "video_conference",
        "视频监控室": "cctv_room",
        "自助服务区": "self_service",
        "窗口服务区": "window_service",
    },
)


class HallSystem(BilingualEnum):
    """A hall's internal systems (制度, 机制): hangzhou-zuiduo-paoyici 5; gdzw-0020-2019 5.x; dongguan 5.2."""

    training = "training"
    evaluation = "evaluation"
    post_responsibility = "post_responsibility"
    service_commitment = "service_commitment"
    one_time_notice = "one_time_notice"
    full_agency = "full_agency"
    first_inquiry = "first_inquiry"
    time_limited = "time_limited"
    ab_post = "ab_post"
    openness = "openness"
    accountability = "accountability"
    first_handling = "first_handling"
    promised_completion = "promised_completion"
    joint_review = "joint_review"
    rongque = "rongque"
    rongque_credit = "rongque_credit"
    complaint_handling = "complaint_handling"
    chief_representative = "chief_representative"
    staff_adjustment = "staff_adjustment"
    emergency = "emergency"
    attendance = "attendance"
    haochaping = "haochaping"


bilingual(
    HallSystem,
    {
        "培训制度": "training",
        "评价制度": "evaluation",
        "岗位责任制": "post_responsibility",
        "服务承诺制": "service_commitment",
        "一次性告知制": "one_time_notice",
        "全程代办制": "full_agency",
        "首问责任制": "first_inquiry",
        "限时办结制": "time_limited",
        "AB岗工作制": "ab_post",
        "办事公开制": "openness",
        "责任追究制": "accountability",
        "首办责任制": "first_handling",
        "承诺办结制": "promised_completion",
        "联审联办机制": "joint_review",
        "联审联办制度": "joint_review",
        "容缺受理机制": "rongque",
        "容缺受理失信处理制度": "rongque_credit",
        "投诉协调处理机制": "complaint_handling",
        "首席事务代表制度": "chief_representative",
        "窗口人员调整制度": "staff_adjustment",
        "应急管理制度": "emergency",
        "考勤管理规定": "attendance",
        "好差评制度": "haochaping",
    },
)


class Channel(BilingualEnum):
    """How a request reached the hall (gdzw-0020-2019:5.8.4, 6.4.1; yousu-jiban 受理渠道)."""

    onsite = "onsite"
    phone = "phone"
    letter = "letter"
    fax = "fax"
    email = "email"
    comment_card = "comment_card"
    e_review = "e_review"
    app = "app"
    mini_program = "mini_program"
    website = "website"
    hotline_12345 = "hotline_12345"
    sms = "sms"
    device = "device"
    qr_code = "qr_code"
    mail = "mail"
    online = "online"
    #: 公众号: a WeChat official account (gdzw-0020-2019:6.3.3; dongguan-hall-2023:5.2.4.2, 5.2.8.2 d, 5.3.5.1)
    official_account = "official_account"
    #: 自助(服务)终端: a self-service terminal (gdzw-0020-2019:6.3.3; dongguan-hall-2023:5.2.4.2, 5.3.4.3)
    self_service_terminal = "self_service_terminal"


bilingual(
    Channel,
    {
        "现场": "onsite",
        "窗口": "onsite",
        "电话": "phone",
        "信函": "letter",
        "传真": "fax",
        "电子邮箱": "email",
        "电子邮件": "email",
        "意见卡": "comment_card",
        "电子评议": "e_review",
        "APP": "app",
        "小程序": "mini_program",
        "网站": "website",
        "门户网站": "website",
        "政务服务网": "website",
        "广东政务服务网": "website",
        "浙江政务服务网": "website",
        "12345": "hotline_12345",
        "12345热线": "hotline_12345",
        "12345政务热线": "hotline_12345",
        "12345政务服务便民热线": "hotline_12345",
        "短信": "sms",
        "评价器": "device",
        "评价机": "device",
        "评价二维码": "qr_code",
        "邮寄": "mail",
        "网上": "online",
        "网络": "online",
        "公众号": "official_account",
        "微信公众号": "official_account",
        "自助终端": "self_service_terminal",
        "自助服务终端": "self_service_terminal",
    },
)

#: The online platforms (网上服务): the portal or website, the app, the mini-program, the 公众号, or
#: "online" unspecified. Each standard adds what else it counts as online (gdzw 6.1.1/6.3.3 e-mail
#: and 电子评议, the 好差评 online rating 电子评议).
ONLINE_PLATFORM_CHANNELS = frozenset(
    {Channel.online, Channel.website, Channel.app, Channel.mini_program, Channel.official_account}
)

#: Channels of on-site rating (haochaping-2019 现场服务“一次一评”: each visit may be rated once): the window,
#: the evaluation device, the hall's QR code, comment cards. A rating by one of them is one visit's.
ONSITE_RATING_CHANNELS = frozenset({Channel.onsite, Channel.device, Channel.qr_code, Channel.comment_card})

#: Channels of 线下 booking (gdzw-0020-2019:6.1.1, dongguan-hall-2023:5.3.2.1): at the hall, or by
#: telephone, the 12345 hotline being a telephone line like any other.
OFFLINE_BOOKING_CHANNELS = frozenset({Channel.onsite, Channel.phone, Channel.hotline_12345})

#: Channels that are "小程序、信函及网络渠道" for yousu-jiban's 1-working-day response (a 公众号 is a
#: network channel).
REMOTE_WRITTEN_CHANNELS = frozenset(
    {
        Channel.letter,
        Channel.mini_program,
        Channel.official_account,
        Channel.website,
        Channel.online,
        Channel.app,
        Channel.email,
        Channel.fax,
    }
)


class RatingLevel(BilingualEnum):
    """好差评 five levels (haochaping-2019)."""

    very_satisfied = "very_satisfied"
    satisfied = "satisfied"
    basically_satisfied = "basically_satisfied"
    dissatisfied = "dissatisfied"
    very_dissatisfied = "very_dissatisfied"

    @property
    def grade(self) -> str:
        """``good`` (top two), ``neutral`` (middle) or ``bad`` (bottom two), per haochaping-2019."""
        return _GRADES[self]  # asked twice for every rating of an audit: a lookup, not a dict built each time


bilingual(
    RatingLevel,
    {
        "非常满意": "very_satisfied",
        "满意": "satisfied",
        "基本满意": "basically_satisfied",
        "不满意": "dissatisfied",
        "非常不满意": "very_dissatisfied",
    },
)


_GRADES: dict[RatingLevel, str] = {
    RatingLevel.very_satisfied: "good",
    RatingLevel.satisfied: "good",
    RatingLevel.basically_satisfied: "neutral",
    RatingLevel.dissatisfied: "bad",
    RatingLevel.very_dissatisfied: "bad",
}


class InquiryScope(BilingualEnum):
    """gdzw-0020-2019:5.1.3 a/b/c: whose duty the question is."""

    own_duty = "a"
    hall = "b"
    outside_hall = "c"


bilingual(
    InquiryScope,
    {
        "own_duty": "a",
        "hall": "b",
        "outside_hall": "c",
        "职责范围内": "a",
        "本大厅职责范围内": "b",
        "不属于本大厅": "c",
    },
)


class ComplaintTier(BilingualEnum):
    """yousu-jiban 办理 tiers."""

    simple = "simple"
    general = "general"
    multi_department = "multi_department"
    major = "major"


bilingual(
    ComplaintTier,
    {
        "简单事项": "simple",
        "一般事件事项": "general",
        "一般事项": "general",
        "复杂事项": "multi_department",
        "涉及多部门或者多层级的复杂事项": "multi_department",
        "重大问题": "major",
        "重大问题或复杂问题": "major",
    },
)


class RefusalCategory(BilingualEnum):
    """yousu-jiban 不予受理事项, in the standard's order (DESIGN's codes)."""

    other_procedure = "other_procedure"
    in_petition = "in_petition"
    secret_privacy_morals = "secret_privacy_morals"
    emergency_hotline = "emergency_hotline"
    malicious_or_unclear = "malicious_or_unclear"
    unlawful_demand = "unlawful_demand"
    other_excluded = "other_excluded"


bilingual(
    RefusalCategory,
    {
        "其他程序": "other_procedure",
        "已进入信访": "in_petition",
        "秘密隐私公序良俗": "secret_privacy_morals",
        "紧急热线": "emergency_hotline",
        "恶意或不清": "malicious_or_unclear",
        "违法诉求": "unlawful_demand",
        "其他不予受理": "other_excluded",
    },
)
