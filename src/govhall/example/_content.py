"""Text pools of the example hall: fictitious names, addresses, complaint texts and polite service phrases.

Every person, company, phone number and ID number here is invented. The service phrases are taken
from the standards' own phrase lists (hangzhou-zuiduo-paoyici 附录B 常用标准服务用语; db23-hlj-2023
附录A 服务用语); none of the forbidden phrases of hangzhou-zuiduo-paoyici 附录B 禁止用语 occurs (the
tests check it).
"""

from __future__ import annotations

import random

COUNTY = "丰源县"

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗梁宋郑谢韩唐冯邓曹彭曾萧田潘袁蔡蒋余杜叶程苏魏吕丁任卢钟"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红建国志文斌波宇浩凯健俊帆琳雪梅欣怡婷晨阳"
TOWNS = ("城关镇", "新城街道", "河西镇", "石岭镇", "龙湖镇", "青山镇", "白沙镇")
ROADS = ("人民路", "建设路", "解放路", "中山路", "滨江路", "文化路", "东风路", "工业大道", "兴业路")
COMPANY_WORDS = (
    "丰源",
    "恒达",
    "鑫盛",
    "华隆",
    "益民",
    "绿野",
    "宏图",
    "嘉和",
    "润泽",
    "永泰",
    "安康",
    "明远",
)
COMPANY_KINDS = (
    "贸易有限公司",
    "食品有限公司",
    "餐饮管理有限公司",
    "建筑工程有限公司",
    "商贸有限公司",
    "科技有限公司",
    "医疗管理有限公司",
    "物业服务有限公司",
)
SHOP_KINDS = ("便利店", "餐馆", "小吃店", "理发店", "水果店", "五金店")

#: Phrases (hangzhou-zuiduo-paoyici 附录B; db23-hlj-2023 附录A) used to write transcripts.
FORBIDDEN_PHRASES = ("清醒点", "理智点", "那不是我的错", "这个，那个", "随便你", "不关我的事", "你必须这么做")


def person_name(rng: random.Random) -> str:
    """A fictitious Chinese personal name."""
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def company_name(rng: random.Random) -> str:
    """A fictitious company name in the county."""
    return f"{COUNTY}{rng.choice(COMPANY_WORDS)}{rng.choice(COMPANY_WORDS)}{rng.choice(COMPANY_KINDS)}"


def shop_name(rng: random.Random, owner: str) -> str:
    """A fictitious sole-trader shop name."""
    return f"{COUNTY}{rng.choice(TOWNS)}{owner[0]}记{rng.choice(SHOP_KINDS)}"


def address(rng: random.Random) -> str:
    """A fictitious street address in the county."""
    return f"广东省{COUNTY}{rng.choice(TOWNS)}{rng.choice(ROADS)}{rng.randint(1, 388)}号"


def phone(rng: random.Random) -> str:
    """A fictitious mobile number (never with the 189 prefix used for staff phones)."""
    return rng.choice(("135", "136", "137", "138", "139", "150", "151", "158", "186", "188")) + "".join(
        str(rng.randint(0, 9)) for _ in range(8)
    )


def staff_phone(n: int) -> str:
    """Staff phone numbers: a block of their own (prefix 189), so they never equal an applicant's."""
    return f"1892751{n:04d}"


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_number(rng: random.Random) -> str:
    """A fictitious 18-digit resident ID number with a valid check digit (region code of the county)."""
    year = rng.randint(1950, 2004)
    body = f"440999{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    return body + _ID_CHECK[sum(int(c) * w for c, w in zip(body, _ID_WEIGHTS, strict=True)) % 11]


def credit_code(rng: random.Random) -> str:
    """A fictitious unified social credit code (统一社会信用代码) of the county's shape."""
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    return "91440999" + "".join(rng.choice(alphabet) for _ in range(10))


# -- transcripts ------------------------------------------------------------------------------------


def application_transcript(item_name: str, limit_text: str, on_the_spot: bool, materials: list[str]) -> str:
    """A polite window conversation for an application (附录B 问候语, 征询语, 应答语, 道别语)."""
    lines = [
        f"工作人员：您好，请问您是要办理{item_name}吗？",
        "服务对象：是的。",
        "工作人员：好的，请您把材料给我看一下。",
        f"工作人员：需要的材料有{'、'.join(materials)}，您都带齐了，请稍等。",
    ]
    if on_the_spot:
        lines.append("工作人员：请稍后，我马上为您办好。已经为您办好了，请收好。")
    else:
        lines.append(f"工作人员：您的申请事项我们已收到，我们将在{limit_text}内给您答复，请耐心等待。")
    lines += ["服务对象：谢谢。", "工作人员：很高兴能为您服务，感谢您对我们工作的支持，请慢走。"]
    return "\n".join(lines)


def inquiry_transcript(scope: str, item_name: str | None, window_name: str | None, detail: str) -> str:
    """A polite consultation for the three cases of gdzw-0020-2019:5.1.3 (a, b, c)."""
    lines = ["工作人员：您好，请问有什么需要？"]
    if scope == "a":
        lines += [
            f"服务对象：我想咨询一下{item_name}怎么办理。",
            f"工作人员：好的。{detail}",
            "工作人员：请问还有什么需要我帮忙吗？",
            "服务对象：没有了，谢谢。",
            "工作人员：不客气，再见。",
        ]
    elif scope == "b":
        lines += [
            f"服务对象：我想办理{item_name}。",
            f"工作人员：好的，{item_name}由{window_name}受理，请这边走，我带您过去。",
            "服务对象：好的，谢谢。",
            "工作人员：这是我们应该做的，请慢走。",
        ]
    else:
        lines += [
            f"服务对象：我想问一下{detail}。",
            f"工作人员：您反映的问题不属于本中心职责范围，根据有关规定，应由{item_name}负责，建议您到{item_name}反映，"
            "我把地址和联系电话写给您。",
            "服务对象：好的，谢谢。",
            "工作人员：不要紧，请慢走。",
        ]
    return "\n".join(lines)


def complaint_transcript(staff_name: str, deadline_text: str) -> str:
    """A polite reception at the 有诉即办 window (identity stated, time limit told)."""
    return "\n".join(
        [
            f"工作人员：您好，我是“有诉即办”窗口工作人员{staff_name}，请问有什么需要？",
            "服务对象：我想反映一个问题。",
            "工作人员：好的，请您慢慢说，我来记录。",
            f"工作人员：您反映的情况我们已记录，将在{deadline_text}前给您答复，请您谅解。",
            "服务对象：好的。",
            "工作人员：谢谢您的建议，多谢您的合作，再见。",
        ]
    )


# -- complaints -------------------------------------------------------------------------------------

#: (category on the 工作单, content, department) of accepted complaints; none mentions a not-accepted ground.
ACCEPTED_CONTENT: tuple[tuple[str, str, str], ...] = (
    ("意见建议", "建议在休息等候区增加手机充电设施。", "ZWFW"),
    ("意见建议", "自助服务区的打印机经常缺纸，建议及时补充。", "ZWFW"),
    ("疑难事项", "办理营业执照变更时系统提示信息不一致，希望协调处理。", "SCJG"),
    ("投诉", "食品经营许可现场核查预约时间一再推迟。", "SCJG"),
    ("疑难事项", "医保零星报销材料中的发票遗失，咨询如何补救。", "YBJ"),
    ("投诉", "失业保险金申领后未收到到账短信。", "RSJ"),
    ("疑难事项", "不动产登记中历史遗留的面积差异问题，希望协调解决。", "ZRZYJ"),
    ("意见建议", "希望公安专业窗口增加身份证办理的午间服务。", "GAJ"),
    ("投诉", "网上申报卫生许可后多日未收到审核反馈。", "WJJ"),
    ("疑难事项", "增值税专用发票限额审批需要补充哪些材料不清楚。", "SWJ"),
    ("意见建议", "希望低保申请的入户调查提前电话告知时间。", "MZJ"),
    ("投诉", "施工许可申请的受理回执信息有误。", "ZJJ"),
)
#: (content, lead department, other departments) of multi-department and major matters.
MULTI_CONTENT: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("企业开办涉及市场监管、税务、社保多个环节，希望协调一次办结。", "SCJG", ("SWJ", "RSJ")),
    ("工程项目施工许可与规划许可材料要求不一致，希望部门间协调。", "ZJJ", ("ZRZYJ",)),
    ("诊所开业涉及执业登记和医保定点两个部门，希望协调同步办理。", "WJJ", ("YBJ",)),
)
MAJOR_CONTENT: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("小区不动产证长期无法办理，涉及开发商、住建、自然资源等问题，希望彻底解决。", "ZRZYJ", ("ZJJ",)),
    ("工业园区多家企业的施工许可因历史规划问题停滞，希望协调解决。", "ZJJ", ("ZRZYJ", "SCJG")),
)
REFERRAL_CONTENT = (
    "咨询市住房公积金提取政策的执行问题。",
    "反映邻县政务服务中心窗口办事效率问题。",
)
OUTSIDE_CONTENT = (
    "反映小区物业收费问题。",
    "反映商场购买的商品质量问题。",
)
#: refusal category -> (facts to set, content)
REFUSED_CONTENT: dict[str, tuple[dict[str, object], str]] = {
    "other_procedure": ({"litigation": True}, "对行政处罚决定不服，已向法院起诉，要求窗口撤销处罚。"),
    "in_petition": ({"in_petition": True}, "此前已通过信访渠道反映的拆迁补偿问题，要求再次处理。"),
    "secret_privacy_morals": ({"personal_privacy": True}, "要求查询邻居的户籍和婚姻信息。"),
    "emergency_hotline": ({"emergency": "110"}, "大厅外停车场有人发生争执，要求处理。"),
    "malicious_or_unclear": ({"unclear": True}, "内容无法辨认，未留下具体诉求。"),
    "unlawful_demand": ({"unlawful_demand": True}, "要求不提交任何材料直接办理营业执照。"),
    "other_excluded": (
        {"other_excluded": True, "other_excluded_basis": "《丰源县政务服务中心“有诉即办”受理范围公示》"},
        "要求对已办结多年的事项重新作出认定。",
    ),
}
