"""The clean month of the example hall: 丰源县政务服务中心 (a fictitious Guangdong county hall).

:func:`build_base` returns an :class:`~govhall.example.builder.ExampleBuilder` holding one month of
records on which no rule of any standard should fire:

* the hall: every zone and internal system (制度), CCTV kept 90 days with audio, the 办不成事 and
  有诉即办 windows signposted, a chief representative (首席事务代表) for every department;
* 21 items with every service-guide element; 12 windows (3 comprehensive, sized to
  ``ceil(daily applications / 30)``), 30 staff and a volunteer team of 2 (registered, profile filed,
  trained before duty);
* about 1,800 applications (about 2,000 once the planters have added theirs) received 2025-09-01..30
  on working days (Sunday 28 September is a 调休 working day), decided within their promised limits
  counted in working days from receipt — many across the 国庆节/中秋节 holiday 1–8 October (Saturday
  11 October is a working day) — with written correction notices, 容缺 supplements,
  excluded-procedure pauses and extensions done by the book, certificates handed to the certificate
  window at least 1 working day before the promised date and pickup notices within 1 working day;
  six applications received 29–31 October are still open on ``as_of`` (2025-10-31) and not yet due;
* 300 appointments, 1,500 好差评 ratings, about 200 inquiries, 100 complaints, 100 transcripts and
  the attendance of every staff member on every working day up to ``as_of``.

Every choice comes from the builder's seeded random streams, so the same seed gives the same month.
"""

from __future__ import annotations

import copy
import random
from datetime import date, datetime, time, timedelta
from typing import Any

from govhall.example import _content as content
from govhall.example.builder import ExampleBuilder, ItemMeta, iso, office_at, parse_dt
from govhall.models import Channel, HallSystem, Zone
from govhall.timelimits import parse_limit

__all__ = ["DEFAULT_SEED", "HALL_NAME", "build_base"]

DEFAULT_SEED = 20250901
#: Most applications the base receives a day. The hall's 3 comprehensive windows are sized for 90
#: (dongguan-hall-2023:4.6, 30 a window): the base stays at ~78 a day (so ceil(average / 30) is still
#: 3) and leaves about 10 a day, some 230 in the month, for the planters' new applications.
BASE_DAY_CAP = 80
HALL_NAME = "丰源县政务服务中心"
C = content.COUNTY

DEPARTMENTS: tuple[tuple[str, str], ...] = (
    ("ZWFW", f"{C}政务服务数据管理局"),
    ("SCJG", f"{C}市场监督管理局"),
    ("RSJ", f"{C}人力资源和社会保障局"),
    ("YBJ", f"{C}医疗保障局"),
    ("ZJJ", f"{C}住房和城乡建设局"),
    ("ZRZYJ", f"{C}自然资源局"),
    ("MZJ", f"{C}民政局"),
    ("WJJ", f"{C}卫生健康局"),
    ("GAJ", f"{C}公安局"),
    ("SWJ", f"国家税务总局{C}税务局"),
)

#: (key, kind, name, department, counter height mm, low counter)
WINDOWS: tuple[tuple[str, str, str, str, int, bool], ...] = (
    ("W1", "comprehensive", "综合办事窗口1", "ZWFW", 750, False),
    ("W2", "comprehensive", "综合办事窗口2", "ZWFW", 750, False),
    ("W3", "comprehensive", "综合办事窗口3", "ZWFW", 750, False),
    ("W4", "specialist", "公安专业窗口", "GAJ", 750, False),
    ("W5", "specialist", "税务专业窗口", "SWJ", 750, False),
    ("W6", "certificate", "综合出证窗口", "ZWFW", 750, False),
    ("W7", "consultation", "综合咨询窗口", "ZWFW", 700, True),
    ("W8", "cannot_handle", "“办不成事”反映窗口", "ZWFW", 750, False),
    ("W9", "complaint", "“有诉即办”窗口", "ZWFW", 750, False),
    ("W10", "green_channel", "“绿色通道”窗口", "ZWFW", 700, True),
    ("W11", "cross_region", "跨域通办窗口", "ZWFW", 750, False),
    ("W12", "guide_desk", "咨询导办台", "ZWFW", 700, True),
)

#: (role, department, rank, rank title, window key, chief representative)
STAFF: tuple[tuple[str, str, int, str, str | None, bool], ...] = (
    ("window_clerk", "ZWFW", 1, "科员", "W1", False),
    ("window_clerk", "ZWFW", 1, "科员", "W1", False),
    ("window_clerk", "ZWFW", 1, "科员", "W2", False),
    ("window_clerk", "ZWFW", 1, "科员", "W2", False),
    ("window_clerk", "ZWFW", 1, "科员", "W3", False),
    ("window_clerk", "ZWFW", 1, "科员", "W3", False),
    ("window_clerk", "GAJ", 3, "户政中队中队长", "W4", True),
    ("window_clerk", "GAJ", 1, "民警", "W4", False),
    ("window_clerk", "SWJ", 3, "纳税服务股股长", "W5", True),
    ("window_clerk", "SWJ", 1, "科员", "W5", False),
    ("window_clerk", "ZWFW", 1, "科员（兼物料流转员）", "W6", False),
    ("window_clerk", "ZWFW", 1, "科员", "W6", False),
    ("consultant", "ZWFW", 2, "咨询组组长", "W7", False),
    ("consultant", "ZWFW", 1, "科员", "W7", False),
    ("complaint_handler", "ZWFW", 2, "综合股副股长", "W8", False),
    ("complaint_handler", "ZWFW", 2, "督查股副股长", "W9", False),
    ("complaint_handler", "ZWFW", 1, "科员", "W9", False),
    ("window_clerk", "ZWFW", 1, "科员", "W10", False),
    ("window_clerk", "ZWFW", 1, "科员", "W11", False),
    ("guide", "ZWFW", 2, "导办组组长", "W12", False),
    ("guide", "ZWFW", 1, "科员", "W12", False),
    ("agent", "ZWFW", 1, "帮办代办员", None, False),
    ("approver", "SCJG", 3, "行政审批股股长", None, True),
    ("approver", "RSJ", 3, "社会保险股股长", None, True),
    ("approver", "YBJ", 3, "医保待遇股股长", None, True),
    ("approver", "ZJJ", 3, "建筑业管理股股长", None, True),
    ("approver", "ZRZYJ", 3, "不动产登记中心副主任", None, True),
    ("approver", "MZJ", 3, "社会救助股股长", None, True),
    ("approver", "WJJ", 3, "医政医管股股长", None, True),
    ("manager", "ZWFW", 5, "中心主任", None, True),
    ("volunteer", "ZWFW", 0, "志愿者服务队队长", None, False),
    ("volunteer", "ZWFW", 0, "志愿者", None, False),
)

_LICENSING_FEE_BASIS = (
    "《中华人民共和国行政许可法》第五十八条：实施行政许可和对行政许可事项进行监督检查，不得收取任何费用"
)
_FREE_BASIS = "依法不收费"
_GUIDE_ACCESS = (
    "在广东政务服务网（www.gdzwfw.gov.cn）、“粤省事”小程序和本中心自助查询终端查询、下载完整版服务指南"
)
_PROCEDURE = ["申请", "受理", "审查", "决定", "送达"]


def _m(name: str, main: bool = True) -> dict[str, Any]:
    return {"name": name, "main": main, "required": True, "sample_provided": True}


#: code -> (service guide fields, builder meta)
ITEMS: tuple[tuple[dict[str, Any], ItemMeta], ...] = (
    (
        {
            "code": "FY-SCJG-001",
            "name": "食品经营许可（新办、延续）",
            "type": "administrative_licensing",
            "department": "SCJG",
            "legal_basis": [
                "《中华人民共和国食品安全法》第三十五条",
                "《中华人民共和国行政许可法》",
                "《食品经营许可和备案管理办法》（国家市场监督管理总局令第78号）",
            ],
            "acceptance_conditions": [
                "具有与经营的食品品种、数量相适应的经营场所和设备设施",
                "有专职或者兼职的食品安全管理人员和保证食品安全的规章制度",
                "延续的，在许可有效期届满三十日前提出申请",
            ],
            "materials": [
                _m("食品经营许可申请书"),
                _m("营业执照或者其他主体资格证明文件"),
                _m("主要设备设施、经营布局和操作流程文件", False),
                _m("保证食品安全的规章制度目录", False),
            ],
            "procedure": ["申请", "受理", "审查（必要时现场核查）", "决定", "制证", "送达"],
            "statutory_limit": "20个工作日",
            "promised_limit": "7个工作日",
            "rongque": True,
            "rongque_supplement_limit": "5个工作日",
            "theme": "企业经营",
        },
        ItemMeta(certificate=True, weight=9, enterprise=True),
    ),
    (
        {
            "code": "FY-SCJG-002",
            "name": "企业设立登记",
            "type": "administrative_licensing",
            "department": "SCJG",
            "legal_basis": ["《中华人民共和国公司法》", "《中华人民共和国市场主体登记管理条例》第十九条"],
            "acceptance_conditions": ["申请材料齐全、符合法定形式", "名称、住所、经营范围等登记事项符合规定"],
            "materials": [
                _m("公司登记（备案）申请书"),
                _m("公司章程"),
                _m("股东主体资格文件或者自然人身份证明"),
                _m("住所使用相关文件", False),
                _m("法定代表人、董事、监事和经理的任职文件", False),
            ],
            "procedure": ["申请", "受理", "审查", "核准", "发照"],
            "statutory_limit": "3个工作日",
            "promised_limit": "2个工作日",
            "joint_review": True,
            "theme": "企业开办",
            "online": True,
        },
        ItemMeta(certificate=True, weight=11, enterprise=True, duration=(10, 16)),
    ),
    (
        {
            "code": "FY-SCJG-003",
            "name": "个体工商户设立登记",
            "type": "administrative_licensing",
            "department": "SCJG",
            "legal_basis": ["《促进个体工商户发展条例》", "《中华人民共和国市场主体登记管理条例》"],
            "acceptance_conditions": ["有经营能力的自然人", "经营场所和经营范围符合规定"],
            "materials": [
                _m("个体工商户登记（备案）申请书"),
                _m("经营者身份证明"),
                _m("经营场所使用相关文件"),
            ],
            "procedure": ["申请", "受理", "核准", "发照"],
            "statutory_limit": "3个工作日",
            "promised_limit": "当场",
            "theme": "企业开办",
        },
        ItemMeta(certificate=True, weight=8),
    ),
    (
        {
            "code": "FY-RSJ-001",
            "name": "就业创业证申领",
            "type": "public_service",
            "department": "RSJ",
            "legal_basis": ["《中华人民共和国就业促进法》", "《就业服务与就业管理规定》"],
            "acceptance_conditions": ["法定劳动年龄内、有劳动能力的本县常住人员"],
            "materials": [_m("居民身份证"), _m("就业创业证申领登记表")],
            "procedure": ["申请", "受理", "审核", "发证"],
            "statutory_limit": "5个工作日",
            "promised_limit": "当场",
            "theme": "就业创业",
        },
        ItemMeta(certificate=True, weight=6),
    ),
    (
        {
            "code": "FY-RSJ-002",
            "name": "失业保险金申领",
            "type": "administrative_payment",
            "department": "RSJ",
            "legal_basis": ["《中华人民共和国社会保险法》第四十五条", "《失业保险条例》"],
            "acceptance_conditions": [
                "失业前用人单位和本人已经缴纳失业保险费满一年",
                "非因本人意愿中断就业",
                "已经进行失业登记并有求职要求",
            ],
            "materials": [
                _m("居民身份证"),
                _m("失业保险金申领登记表"),
                _m("解除或者终止劳动关系的证明"),
                _m("本人社会保障卡或者银行账户信息", False),
            ],
            "procedure": _PROCEDURE,
            "statutory_limit": "20个工作日",
            "promised_limit": "5个工作日",
            "online": True,
            "theme": "社保",
        },
        ItemMeta(certificate=False, weight=5),
    ),
    (
        {
            "code": "FY-RSJ-003",
            "name": "职工基本养老保险参保登记",
            "type": "public_service",
            "department": "RSJ",
            "legal_basis": ["《中华人民共和国社会保险法》第五十七条", "《社会保险费征缴暂行条例》"],
            "acceptance_conditions": ["在本县依法登记的用人单位"],
            "materials": [
                _m("社会保险参保登记表"),
                _m("营业执照或者其他主体资格证明"),
                _m("职工居民身份证复印件", False),
            ],
            "procedure": ["申请", "受理", "登记", "办结"],
            "statutory_limit": "5个工作日",
            "promised_limit": "当场",
            "online": True,
            "theme": "社保",
        },
        ItemMeta(certificate=False, weight=8, enterprise=True),
    ),
    (
        {
            "code": "FY-RSJ-004",
            "name": "基本养老保险关系转移接续（跨省）",
            "type": "public_service",
            "department": "RSJ",
            "legal_basis": [
                "《中华人民共和国社会保险法》第十九条",
                "《城镇企业职工基本养老保险关系转移接续暂行办法》",
            ],
            "acceptance_conditions": ["参保人员跨省流动就业，已在转出地参保缴费"],
            "materials": [_m("基本养老保险关系转移接续申请表"), _m("居民身份证"), _m("参保缴费凭证", False)],
            "procedure": ["申请", "受理", "联系转出地", "转移接续", "办结"],
            "statutory_limit": "15个工作日",
            "promised_limit": "10个工作日",
            "online": True,
            "theme": "社保",
        },
        ItemMeta(certificate=False, weight=1, window="cross_region"),
    ),
    (
        {
            "code": "FY-YBJ-001",
            "name": "基本医疗保险参保人员异地就医备案",
            "type": "public_service",
            "department": "YBJ",
            "legal_basis": ["《中华人民共和国社会保险法》第二十九条", "《医疗保障基金使用监督管理条例》"],
            "acceptance_conditions": ["本县基本医疗保险参保人员，需要异地就医"],
            "materials": [_m("异地就医备案登记表"), _m("医保电子凭证或者社会保障卡")],
            "procedure": ["申请", "受理", "备案", "办结"],
            "statutory_limit": "5个工作日",
            "promised_limit": "当场",
            "online": True,
            "theme": "医保",
        },
        ItemMeta(certificate=False, weight=6),
    ),
    (
        {
            "code": "FY-YBJ-002",
            "name": "医疗费用零星报销",
            "type": "administrative_payment",
            "department": "YBJ",
            "legal_basis": [
                "《中华人民共和国社会保险法》第二十八条",
                "《广东省基本医疗保险关系转移接续和零星报销经办规程》",
            ],
            "acceptance_conditions": ["本县基本医疗保险参保人员", "发生的医疗费用属于基本医疗保险支付范围"],
            "materials": [
                _m("医疗费用零星报销申请表"),
                _m("医疗费用发票"),
                _m("费用明细清单"),
                _m("出院小结或者门诊病历", False),
            ],
            "procedure": _PROCEDURE,
            "statutory_limit": "20个工作日",
            "promised_limit": "10个工作日",
            "online": True,
            "theme": "医保",
        },
        ItemMeta(certificate=False, weight=5),
    ),
    (
        {
            "code": "FY-ZJJ-001",
            "name": "建筑工程施工许可证核发",
            "type": "administrative_licensing",
            "department": "ZJJ",
            "legal_basis": ["《中华人民共和国建筑法》第八条", "《建筑工程施工许可管理办法》"],
            "acceptance_conditions": [
                "已经办理用地批准手续并取得建设工程规划许可证",
                "已经确定施工企业",
                "有满足施工需要的资金安排、施工图纸及技术资料",
            ],
            "materials": [
                _m("建筑工程施工许可证申请表"),
                _m("建设工程规划许可证"),
                _m("施工合同"),
                _m("施工图设计文件审查合格书", False),
                _m("建设资金已经落实承诺书", False),
            ],
            "procedure": ["申请", "受理", "审查", "决定", "发证"],
            "statutory_limit": "7个工作日",
            "promised_limit": "5个工作日",
            "joint_review": True,
            "theme": "工程建设项目审批",
        },
        ItemMeta(certificate=True, weight=2, enterprise=True),
    ),
    (
        {
            "code": "FY-ZJJ-002",
            "name": "房屋建筑和市政基础设施工程竣工验收备案",
            "type": "administrative_filing",
            "department": "ZJJ",
            "legal_basis": [
                "《建设工程质量管理条例》第四十九条",
                "《房屋建筑和市政基础设施工程竣工验收备案管理办法》",
            ],
            "acceptance_conditions": ["工程已经竣工验收合格"],
            "materials": [
                _m("工程竣工验收备案表"),
                _m("工程竣工验收报告"),
                _m("施工单位签署的工程质量保修书", False),
            ],
            "procedure": ["申请", "受理", "核查", "备案", "出具备案证明"],
            "statutory_limit": "5个工作日",
            "promised_limit": "3个工作日",
            "theme": "工程建设项目审批",
        },
        ItemMeta(certificate=True, weight=2, enterprise=True),
    ),
    (
        {
            "code": "FY-ZRZYJ-001",
            "name": "不动产登记（首次、转移、变更）",
            "type": "administrative_confirmation",
            "department": "ZRZYJ",
            "legal_basis": ["《中华人民共和国民法典》第二百一十条", "《不动产登记暂行条例》第二十条"],
            "acceptance_conditions": ["申请登记的不动产权属清楚", "申请材料齐全、符合法定形式"],
            "materials": [
                _m("不动产登记申请书"),
                _m("申请人身份证明"),
                _m("不动产权属来源证明材料"),
                _m("不动产界址、空间界限、面积等材料", False),
                _m("与他人利害关系的说明材料", False),
            ],
            "procedure": ["申请", "受理", "审核", "登簿", "发证"],
            "statutory_limit": "30个工作日",
            "promised_limit": "5个工作日",
            "fee": "住宅类不动产登记每件80元，非住宅类每件550元",
            "fee_basis": "《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》（发改价格规〔2016〕2559号）",
            "rongque": True,
            "rongque_supplement_limit": "5个工作日",
            "theme": "不动产",
        },
        ItemMeta(certificate=True, weight=8, duration=(12, 20)),
    ),
    (
        {
            "code": "FY-ZRZYJ-002",
            "name": "建设工程规划许可证核发",
            "type": "administrative_licensing",
            "department": "ZRZYJ",
            "legal_basis": ["《中华人民共和国城乡规划法》第四十条", "《广东省城乡规划条例》"],
            "acceptance_conditions": ["已取得建设用地使用权", "建设工程设计方案符合控制性详细规划和规划条件"],
            "materials": [
                _m("建设工程规划许可申请表"),
                _m("使用土地的有关证明文件"),
                _m("建设工程设计方案"),
                _m("建设项目立项文件", False),
            ],
            "procedure": ["申请", "受理", "审查（必要时专家评审）", "决定", "发证"],
            "statutory_limit": "20个工作日",
            "promised_limit": "10个工作日",
            "joint_review": True,
            "theme": "工程建设项目审批",
        },
        ItemMeta(certificate=True, weight=2, enterprise=True, pause="expert_review"),
    ),
    (
        {
            "code": "FY-MZJ-001",
            "name": "最低生活保障审核确认",
            "type": "administrative_payment",
            "department": "MZJ",
            "legal_basis": ["《社会救助暂行办法》第十一条", "《广东省最低生活保障制度实施办法》"],
            "acceptance_conditions": [
                "共同生活的家庭成员人均收入低于当地最低生活保障标准",
                "家庭财产状况符合规定",
            ],
            "materials": [
                _m("最低生活保障申请书"),
                _m("家庭成员身份证明"),
                _m("家庭经济状况核对授权书"),
                _m("家庭收入和财产状况声明", False),
            ],
            "procedure": ["申请", "受理", "家庭经济状况调查核对", "审核确认", "公示", "办结"],
            "statutory_limit": "30个工作日",
            "promised_limit": "20个工作日",
            "theme": "社会救助",
        },
        ItemMeta(certificate=False, weight=2),
    ),
    (
        {
            "code": "FY-MZJ-002",
            "name": "养老机构备案",
            "type": "administrative_filing",
            "department": "MZJ",
            "legal_basis": ["《中华人民共和国老年人权益保障法》第四十三条", "《养老机构管理办法》"],
            "acceptance_conditions": ["已依法办理登记的养老机构"],
            "materials": [_m("养老机构备案书"), _m("养老机构备案承诺书"), _m("登记证书", False)],
            "procedure": ["申请", "受理", "备案", "办结"],
            "statutory_limit": "5个工作日",
            "promised_limit": "当场",
            "theme": "养老服务",
        },
        ItemMeta(certificate=False, weight=1, enterprise=True),
    ),
    (
        {
            "code": "FY-WJJ-001",
            "name": "公共场所卫生许可",
            "type": "administrative_licensing",
            "department": "WJJ",
            "legal_basis": ["《公共场所卫生管理条例》第八条", "《公共场所卫生管理条例实施细则》"],
            "acceptance_conditions": ["场所布局、设施设备符合卫生规范", "有卫生管理制度和卫生管理人员"],
            "materials": [
                _m("卫生许可证申请表"),
                _m("营业执照"),
                _m("公共场所卫生检测或者评价报告", False),
                _m("卫生管理制度", False),
            ],
            "procedure": ["申请", "受理", "审查（必要时检测）", "决定", "发证"],
            "statutory_limit": "20个工作日",
            "promised_limit": "10个工作日",
            "rongque": True,
            "rongque_supplement_limit": "5个工作日",
            "theme": "企业经营",
        },
        ItemMeta(certificate=True, weight=3, enterprise=True, pause="testing"),
    ),
    (
        {
            "code": "FY-WJJ-002",
            "name": "医疗机构执业登记",
            "type": "administrative_licensing",
            "department": "WJJ",
            "legal_basis": ["《医疗机构管理条例》第十五条", "《医疗机构管理条例实施细则》"],
            "acceptance_conditions": ["按照设置审批或者备案要求建设完成", "符合医疗机构基本标准"],
            "materials": [
                _m("医疗机构执业登记申请书"),
                _m("设置医疗机构批准书或者备案回执"),
                _m("医疗机构用房产权证明或者使用证明"),
                _m("医疗机构建筑设计平面图", False),
                _m("医疗机构规章制度", False),
            ],
            "procedure": ["申请", "受理", "审查（必要时专家评审）", "决定", "发证"],
            "statutory_limit": "20个工作日",
            "promised_limit": "15个工作日",
            "theme": "医疗卫生",
        },
        ItemMeta(certificate=True, weight=1.5, enterprise=True, pause="expert_review"),
    ),
    (
        {
            "code": "FY-GAJ-001",
            "name": "居民身份证换领",
            "type": "administrative_confirmation",
            "department": "GAJ",
            "legal_basis": ["《中华人民共和国居民身份证法》第十条", "《居民身份证换领、补领管理办法》"],
            "acceptance_conditions": ["本县常住户口居民，居民身份证有效期满或者登记项目变更"],
            "materials": [_m("原居民身份证"), _m("居民身份证申领登记表")],
            "procedure": ["申请", "受理（采集相片和指纹）", "审核", "制证", "发证"],
            "statutory_limit": "60天",
            "promised_limit": "15个工作日",
            "fee": "换领居民身份证每证20元",
            "fee_basis": "《中华人民共和国居民身份证法》；《国家发展改革委 财政部关于居民身份证收费标准及有关问题的通知》"
            "（发改价格〔2003〕2322号）",
            "at_comprehensive_window": False,
            "theme": "户籍",
        },
        ItemMeta(certificate=True, weight=4, window="specialist", duration=(10, 18)),
    ),
    (
        {
            "code": "FY-GAJ-002",
            "name": "无犯罪记录证明开具",
            "type": "public_service",
            "department": "GAJ",
            "legal_basis": ["《公安机关办理无犯罪记录证明工作规定》"],
            "acceptance_conditions": ["本县户籍人员或者在本县居住的人员"],
            "materials": [_m("申请人居民身份证"), _m("无犯罪记录证明申请表")],
            "procedure": ["申请", "受理", "查询", "出具证明"],
            "statutory_limit": "3个工作日",
            "promised_limit": "当场",
            "at_comprehensive_window": False,
            "theme": "户籍",
        },
        ItemMeta(certificate=True, weight=2, window="specialist"),
    ),
    (
        {
            "code": "FY-SWJ-001",
            "name": "增值税专用发票（增值税税控系统）最高开票限额审批",
            "type": "administrative_licensing",
            "department": "SWJ",
            "legal_basis": [
                "《国务院对确需保留的行政审批项目设定行政许可的决定》",
                "《税务行政许可实施办法》",
            ],
            "acceptance_conditions": ["已办理税务登记的增值税一般纳税人或者小规模纳税人"],
            "materials": [
                _m("税务行政许可申请表"),
                _m("增值税专用发票最高开票限额申请单"),
                _m("经办人身份证件", False),
            ],
            "procedure": ["申请", "受理", "审查", "决定", "送达"],
            "statutory_limit": "20个工作日",
            "promised_limit": "5个工作日",
            "at_comprehensive_window": False,
            "theme": "税务",
        },
        ItemMeta(certificate=True, weight=1, window="specialist", enterprise=True),
    ),
    (
        {
            "code": "FY-SWJ-002",
            "name": "个人所得税纳税记录开具",
            "type": "public_service",
            "department": "SWJ",
            "legal_basis": [
                "《中华人民共和国税收征收管理法》",
                "《国家税务总局关于将个人所得税〈税收完税证明〉（文书式）调整为〈纳税记录〉有关事项的公告》",
            ],
            "acceptance_conditions": ["在本县有个人所得税纳税记录的纳税人"],
            "materials": [_m("居民身份证"), _m("纳税记录开具申请表")],
            "procedure": ["申请", "受理", "开具"],
            "statutory_limit": "3个工作日",
            "promised_limit": "当场",
            "at_comprehensive_window": False,
            "theme": "税务",
        },
        ItemMeta(certificate=True, weight=3, window="specialist"),
    ),
)

EQUIPMENT: tuple[str, ...] = (
    "query_device",
    "ticket_machine",
    "caller",
    "display",
    "self_service_terminal",
    "evaluation_device",
    "self_service_payment",
    "self_service_printer",
    "reading_glasses",
    "magnifier",
    "wheelchair",
    "writing_pad",
    "defibrillator",
    "first_aid_kit",
    "fire_extinguisher",
    "emergency_lighting",
    "alarm",
    "complaint_box",
    "high_speed_scanner",
    "computer",
    "printer",
    "copier",
    "drinking_water",
    "phone_charging",
    "priority_seats",
    "child_facilities",
    "document_cabinet",
    "archive_cabinet",
    "safe",
    "locker",
)


def build_base(seed: int = DEFAULT_SEED) -> ExampleBuilder:
    """The clean month of the example hall (see the module docstring); same seed, same records."""
    b = ExampleBuilder(seed, name=HALL_NAME)
    _hall(b)
    _items(b)
    _applications(b)
    _open_cases(b)
    _appointments(b)
    _evaluations(b)
    _inquiries(b)
    _complaints(b)
    _transcripts(b)
    _attendance(b)
    _inspections(b)
    return b


def _inspections(b: ExampleBuilder) -> None:
    """The month's supervision: every clause a person must judge, of every standard, inspected once and
    passed, on a working day of the month (so none is older than the 92-day interval at ``as_of``).

    The method follows the clause's words: recordings reviewed for 录音/录像/监控, files for
    制度/档案/台账/记录/方案/公开, an interview for 培训/考核, otherwise observed on the floor.
    """
    from govhall.standards import load_all
    from govhall.standards._inspections import inspection_clauses

    rng = b.rng("inspections")
    days = b.month_days()
    inspector = b.staff_ids(role="manager")[0]
    n = 0
    for std in load_all():
        for clause in inspection_clauses(std):
            text = clause.text
            if any(w in text for w in ("录音", "录像", "监控")):
                method = "recording_review"
            elif any(w in text for w in ("制度", "档案", "台账", "记录", "方案", "公开")):
                method = "document_review"
            elif any(w in text for w in ("培训", "考核")):
                method = "interview"
            else:
                method = "observation"
            n += 1
            b.add(
                "inspections",
                {
                    "id": f"INS-{n:04d}",
                    "clause": str(clause.ref),
                    "hall_id": b.hall["id"],
                    "date": rng.choice(days).isoformat(),
                    "inspector": inspector,
                    "method": method,
                    "result": "pass",
                },
            )


# -- the hall -------------------------------------------------------------------------------------


def _hall(b: ExampleBuilder) -> None:
    rng = b.rng("hall")
    hall_id = "HALL-FY"
    win_ids = {key: b.new_id("W") for key, *_ in WINDOWS}
    staff: list[dict[str, Any]] = []
    names: set[str] = set()
    for n, (role, dept, rank, title, wkey, chief) in enumerate(STAFF, start=1):
        name = content.person_name(rng)
        while name in names:
            name = content.person_name(rng)
        names.add(name)
        newer = n % 7 == 0
        rec = {
            "id": b.new_id("S"),
            "name": name,
            "role": role,
            "department": dept,
            "rank": rank,
            "rank_title": title,
            "chief_representative": chief,
            "windows": [win_ids[wkey]] if wkey else [],
            "registered": True,
            "profile_filed": True,
            "trained_on": "2025-07-18" if newer else "2025-02-21",
            "on_duty_from": "2025-08-01" if newer else "2025-03-01",
            "phone": content.staff_phone(n),
        }
        staff.append(rec)
    chiefs = {s["department"]: s["id"] for s in staff if s["chief_representative"]}
    hall = {
        "id": hall_id,
        "name": HALL_NAME,
        "level": "county",
        "zones": [z.value for z in Zone],
        "systems": [s.value for s in HallSystem],
        "departments": [
            {"id": d, "name": name, "resident": True, "chief_representative": chiefs[d]}
            for d, name in DEPARTMENTS
        ],
        "equipment": list(EQUIPMENT),
        "cctv": {"retention_days": 90, "records_audio": True, "covers": [z.value for z in Zone]},
        "service_hours": [{"start": "09:00:00", "end": "12:00:00"}, {"start": "13:30:00", "end": "17:30:00"}],
        "consultation_channels": [
            "onsite",
            "phone",
            "letter",
            "fax",
            "email",
            "app",
            "mini_program",
            "website",
            "hotline_12345",
            "official_account",
        ],
        "complaint_channels": [c.value for c in Channel],
        "disclosure_channels": [
            "paper",
            "electronic_screen",
            "voice",
            "app",
            "mini_program",
            "website",
            "onsite",
            "self_service_terminal",
            "official_account",
            "bulletin_board",
            "touch_screen",
            "led_screen",
            "sms",
        ],
        "appointment_channels": ["onsite", "phone", "online", "website", "app", "mini_program"],
        "published_catalogues": [
            "items",
            "rongque",
            "joint_review",
            "city_wide",
            "same_city",
            "cross_city",
            "knowledge_base",
        ],
        "service_slogan": True,
        "complaint_desk_signposted": True,
        "complaint_acceptance_published": True,
    }
    b.add("hall", hall)
    for s in staff:
        b.add("staff", s)
    for key, kind, name, dept, height, low in WINDOWS:
        b.add(
            "windows",
            {
                "id": win_ids[key],
                "hall_id": hall_id,
                "kind": kind,
                "name": name,
                "department": dept,
                "staff": [s["id"] for s in staff if win_ids[key] in s["windows"]],
                "counter_height_mm": height,
                "low_counter": low,
                "signposted": True,
            },
        )


def _items(b: ExampleBuilder) -> None:
    for template, meta in ITEMS:
        guide = copy.deepcopy(template)  # planters edit records in place: never share the module's data
        dept = guide["department"]
        licensing = guide["type"] == "administrative_licensing"
        rec: dict[str, Any] = {
            "code": guide["code"],
            "name": guide["name"],
            "type": guide["type"],
            "department": dept,
            "agency": b.department_name(dept),
            "legal_basis": guide["legal_basis"],
            "acceptance_conditions": guide["acceptance_conditions"],
            "materials": guide["materials"],
            "procedure": guide["procedure"],
            "statutory_limit": guide["statutory_limit"],
            "promised_limit": guide["promised_limit"],
            "fee": guide.get("fee", "不收费"),
            "fee_basis": guide.get("fee_basis", _LICENSING_FEE_BASIS if licensing else _FREE_BASIS),
            "responsible_person": f"{b.department_name(dept)}首席事务代表",
            "rongque": guide.get("rongque", False),
        }
        if guide.get("rongque"):
            rec["rongque_supplement_limit"] = guide["rongque_supplement_limit"]
        rec.update(
            {
                "joint_review": guide.get("joint_review", False),
                "theme": guide["theme"],
                "in_hall": True,
                "exemption_approved": False,
                "online": guide.get("online", False),
                "at_comprehensive_window": guide.get("at_comprehensive_window", True),
                "guide_full": True,
                "guide_simple": True,
                "guide_full_access": _GUIDE_ACCESS,
                "flowchart": True,
            }
        )
        b.add("items", rec)
        b.item_meta[rec["code"]] = meta


# -- applications -----------------------------------------------------------------------------------


def _place(rng: random.Random, durations: list[int]) -> list[int]:
    """Start offsets (office minutes) for consecutive services of ``durations`` in one day."""
    n = len(durations)
    n_morning = round(n * 180 / 420)
    starts: list[int] = []
    for lo, hi, part in ((0, 180, durations[:n_morning]), (180, 414, durations[n_morning:])):
        if not part:
            continue
        slack = max(0, hi - lo - sum(part) - len(part) - 3)
        weights = [rng.random() + 0.2 for _ in range(len(part) + 1)]
        scale = slack * rng.uniform(0.75, 0.95) / sum(weights)
        cursor = lo + 1.0
        for dur, w in zip(part, weights[: len(part)], strict=True):
            cursor += w * scale
            starts.append(int(cursor))
            cursor = int(cursor) + dur + 1
    return starts


def _variant(rng: random.Random, b: ExampleBuilder, item: dict[str, Any]) -> str:
    meta = b.item_meta[item["code"]]
    if parse_limit(item["promised_limit"]).unit == "on_the_spot":
        return "not_accepted" if rng.random() < 0.01 else "plain"
    r = rng.random()
    if r < 0.01:
        return "not_accepted"
    if r < 0.018 and item["type"] == "administrative_licensing":
        return "denied"
    if r < 0.09:
        return "correction"
    if item.get("rongque") and r < 0.22:
        return "rongque"
    if meta.pause and r < 0.45:
        return "pause"
    if item["code"] in ("FY-ZRZYJ-002", "FY-WJJ-002") and r < 0.55:
        return "extension"
    if meta.certificate and r < 0.6 and rng.random() < 0.012:
        return "cert_rejected"
    if item["code"] == "FY-SCJG-001" and rng.random() < 0.25:
        return "renewal"
    if meta.certificate and rng.random() < 0.12:
        return "mail"
    return "plain"


def _make(
    b: ExampleBuilder,
    rng: random.Random,
    item: dict[str, Any],
    window: str | None,
    start: datetime,
    minutes: int,
    *,
    channel: str = "onsite",
    help_service: str = "none",
    variant: str | None = None,
) -> None:
    if window is not None:
        start, end = b.reserve(window, start, minutes)
        staff = b.serving(window, start)
    else:
        end = start
        staff = b.decider(item)  # online applications go straight to the department's back office
    chosen = variant or _variant(rng, b, item)
    kwargs = dict(
        item=item,
        window_id=window,
        staff_id=staff,
        start=start,
        end=end,
        rng=rng,
        channel=channel,
        help_service=help_service,
    )
    try:
        b.build_application(variant=chosen, **kwargs)  # type: ignore[arg-type]
    except ValueError:
        b.build_application(variant="plain", **kwargs)  # type: ignore[arg-type]


def _applications(b: ExampleBuilder) -> None:
    rng = b.rng("applications")
    items = b.tables["items"]
    by_window: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        for w in b.windows_for(item):
            by_window.setdefault(w, []).append(item)
    comp = b.window_ids("comprehensive")
    green = b.window_ids("green_channel")[0]
    cross = b.window_ids("cross_region")[0]
    specialist = b.window_ids("specialist")
    quick = [
        i
        for i in items
        if b.item_meta[i["code"]].window == "comprehensive"
        and parse_limit(i["promised_limit"]).unit == "on_the_spot"
    ]
    online_items = [i for i in items if i.get("online")]
    gaj, swj = specialist
    agents_left = 10
    for day in b.month_days():
        plan: list[tuple[str, int]] = [(w, rng.randint(21, 23)) for w in comp]
        plan += [(gaj, rng.randint(5, 6)), (swj, rng.randint(3, 4))]
        plan.append((green, 1 if rng.random() < 0.9 else 0))
        plan.append((cross, 1 if rng.random() < 0.25 else 0))
        online = rng.choice((1, 2))
        while sum(n for _, n in plan) + online > BASE_DAY_CAP:
            i = max(range(len(comp)), key=lambda k: plan[k][1])
            plan[i] = (plan[i][0], plan[i][1] - 1)
        for window, n in plan:
            if n == 0:
                continue
            pool = quick if window == green else by_window[window]
            chosen = rng.choices(pool, weights=[b.item_meta[i["code"]].weight for i in pool], k=n)
            durations = [rng.randint(*b.item_meta[i["code"]].duration) for i in chosen]
            for item, dur, off in zip(chosen, durations, _place(rng, durations), strict=True):
                start = office_at(day, off)
                help_service = "help" if window == green else "none"
                if (
                    window in comp
                    and agents_left
                    and b.item_meta[item["code"]].certificate
                    and parse_limit(item["promised_limit"]).unit != "on_the_spot"
                    and rng.random() < 0.008
                ):
                    help_service, agents_left = "agent", agents_left - 1
                _make(b, rng, item, window, start, dur, help_service=help_service)
        for _ in range(online):
            item = rng.choices(online_items, weights=[b.item_meta[i["code"]].weight for i in online_items])[0]
            online_at = b.office_time(rng, day, latest=380)  # (may be None; `start` above is a datetime)
            assert online_at is not None
            _make(b, rng, item, None, online_at, 0, channel="online")


def _open_cases(b: ExampleBuilder) -> None:
    """Six applications received 29–31 October, not yet decided on ``as_of`` and not yet due."""
    rng = b.rng("open")
    codes = ["FY-SCJG-001", "FY-YBJ-002", "FY-WJJ-001", "FY-ZRZYJ-002", "FY-WJJ-002", "FY-MZJ-001"]
    days = b.working_days(b.as_of - timedelta(days=2), b.as_of)
    for n, code in enumerate(codes):
        item = b.get("items", code)
        day = days[n % len(days)]
        window = b.window_ids("comprehensive")[n % 3]
        minutes = rng.randint(*b.item_meta[code].duration)
        start = b.free_slot(window, day, minutes, rng)
        assert start is not None
        _make(b, rng, item, window, start, minutes, variant="open")


# -- appointments, ratings ----------------------------------------------------------------------------


def _appointments(b: ExampleBuilder) -> None:
    """270 served appointments (5 of them rebooked after the hall cancelled), 25 no-shows."""
    rng = b.rng("appointments")
    pool = [
        a
        for a in b.tables["applications"]
        if a.get("window_id")
        and a.get("help_service") == "none"
        and b.service_of(a["id"])
        and parse_dt(a["received_at"]).date() <= b.end
    ]
    chosen = sorted(rng.sample(pool, 270), key=lambda a: a["received_at"])
    served = [b.appointment_for(app, rng) for app in chosen]
    for new in rng.sample(served[40:], 5):
        new_slot = parse_dt(new["slot_start"])
        original_day = b.sub_wd(new_slot.date(), 2)
        original_slot = b.slot_of(b.office_time(rng, original_day, latest=380) or office_at(original_day, 0))
        booked = b.office_time(rng, b.sub_wd(original_day, rng.randint(3, 6)))
        reminder = b.office_time(rng, b.sub_wd(original_day, 2))
        rebooked = b.office_time(rng, b.sub_wd(original_day, 1), latest=300)
        assert booked and reminder and rebooked
        new.update(
            {
                "booked_at": iso(rebooked),
                "confirmation_sent_at": iso(rebooked + timedelta(minutes=1)),
                "reminder_sent_at": iso(b.office_time(rng, original_day) or office_at(original_day, 0)),
            }
        )
        b.add(
            "appointments",
            {
                "id": b.new_id("AP"),
                "item_code": new["item_code"],
                "channel": new["channel"],
                "booked_at": iso(booked),
                "slot_start": iso(original_slot),
                "slot_end": iso(original_slot + timedelta(minutes=30)),
                "applicant_name": new["applicant_name"],
                "applicant_phone": new["applicant_phone"],
                "confirmation_sent_at": iso(booked + timedelta(minutes=1)),
                "confirmation_fields": list(new["confirmation_fields"]),
                "reminder_sent_at": iso(reminder),
                "cancelled_by_hall": True,
                "hall_reason_given": True,
                "rescheduled_to": new["slot_start"],
                "materials_told": True,
            },
        )
    for _ in range(25):
        b.no_show(rng.choice(b.month_days()), rng)


def _evaluations(b: ExampleBuilder) -> None:
    """1,500 ratings: every 代办 case, most online cases, the rest on receipt visits; bad ones followed up."""
    rng = b.rng("evaluations")
    cutoff = b.as_of - timedelta(days=7)
    apps = b.tables["applications"]
    agent = [a for a in apps if a.get("help_service") == "agent" and _last_at(a).date() <= cutoff]
    online = [
        a for a in apps if a["channel"] == "online" and _last_at(a).date() <= cutoff and rng.random() < 0.8
    ]
    onsite = [
        a
        for a in apps
        if (svc := b.service_of(a["id"]))
        and svc.visit_event_id
        and a.get("help_service") != "agent"
        and parse_dt(a["received_at"]).date() <= b.end
    ]
    need = 1500 - len(agent) - len(online)
    picked = agent + online + rng.sample(onsite, need)
    picked.sort(key=lambda a: a["id"])
    levels = ("very_satisfied", "satisfied", "basically_satisfied", "dissatisfied", "very_dissatisfied")
    for app in picked:
        level = rng.choices(levels, weights=(82, 12, 4, 1.5, 0.5))[0]
        b.build_evaluation(app, rng, level=level)


def _last_at(app: dict[str, Any]) -> datetime:
    return max(parse_dt(e["at"]) for e in app["events"])


# -- inquiries, complaints, transcripts -----------------------------------------------------------------


def _inquiries(b: ExampleBuilder) -> None:
    rng = b.rng("inquiries")
    consult = b.window_ids("consultation")[0]
    guide = b.window_ids("guide_desk")[0]
    for day in b.month_days():
        for _ in range(rng.randint(7, 10)):
            scope = rng.choices(("a", "b", "c"), weights=(45, 35, 20))[0]
            channel = "phone" if scope != "b" and rng.random() < 0.2 else "onsite"
            window = consult if scope == "a" or channel == "phone" else guide
            minutes = rng.randint(4, 9)
            start = b.free_slot(window, day, minutes, rng)
            if start is None:
                continue
            multi = channel == "onsite" and rng.random() < 0.08
            b.build_inquiry(scope, channel, window, start, minutes, rng, multi=multi)


def _complaints(b: ExampleBuilder) -> None:
    rng = b.rng("complaints")
    remote = ("mini_program", "website", "letter", "email", "app")
    in_person = ("onsite", "phone", "hotline_12345")
    clerks = b.staff_ids(role="window_clerk", department="ZWFW")
    specs: list[dict[str, Any]] = []
    specs += [{"channel": "onsite", "tier": "simple", "on_the_spot": True} for _ in range(15)]
    specs += [
        {"channel": rng.choice(remote + ("phone", "hotline_12345")), "tier": "simple"} for _ in range(15)
    ]
    specs += [{"channel": "onsite", "tier": "simple"} for _ in range(5)]
    specs += [
        {
            "channel": rng.choice(in_person + remote),
            "tier": "general",
            "about_staff": clerks[i] if i < 5 else None,
            "confidential": 5 <= i < 8,
        }
        for i in range(20)
    ]
    specs += [
        {"channel": rng.choice(in_person + remote), "tier": "multi_department", "urged": i < 4}
        for i in range(12)
    ]
    specs += [{"channel": rng.choice(in_person + remote), "tier": "major", "urged": True} for _ in range(5)]
    specs += [
        {"channel": rng.choice(in_person + remote), "tier": None, "referral": "assist"} for _ in range(4)
    ]
    specs += [
        {"channel": rng.choice(in_person + remote), "tier": None, "referral": "forward"} for _ in range(3)
    ]
    for category in content.REFUSED_CONTENT:
        specs += [
            {"channel": rng.choice(in_person + remote), "tier": None, "refusal": category} for _ in range(3)
        ]
    rng.shuffle(specs)
    for spec in specs:
        b.build_complaint(rng, **spec)


def _transcripts(b: ExampleBuilder) -> None:
    rng = b.rng("transcripts")
    apps = [
        a
        for a in b.tables["applications"]
        if a.get("window_id") and b.service_of(a["id"]) and parse_dt(a["received_at"]).date() <= b.end
    ]
    for app in sorted(rng.sample(apps, 60), key=lambda a: a["id"]):
        b.transcript_for_application(app)
    for q in sorted(rng.sample(b.tables["inquiries"], 25), key=lambda q: q["id"]):
        b.transcript_for_inquiry(q)
    spoken = [c for c in b.tables["complaints"] if c["channel"] in ("onsite", "phone")]
    for c in sorted(rng.sample(spoken, min(15, len(spoken))), key=lambda c: c["id"]):
        b.transcript_for_complaint(c)


# -- attendance -------------------------------------------------------------------------------------------


def _attendance(b: ExampleBuilder) -> None:
    """Sign-in/out of every staff member on every working day to ``as_of``, with a few approved
    short absences of the staff member not serving at a two-staff comprehensive window."""
    rng = b.rng("attendance")
    days = b.working_days(b.start, b.as_of)
    leaves: dict[tuple[str, date], tuple[datetime, datetime, str]] = {}
    for _ in range(15):
        day = rng.choice(days)
        window = rng.choice(b.window_ids("comprehensive"))
        half = rng.choice((0, 1))
        off = rng.randint(20, 140) if half == 0 else rng.randint(200, 380)
        out = office_at(day, off)
        who = b.not_serving(window, out)
        assert who is not None
        back = out + timedelta(minutes=rng.randint(10, 30))
        leaves[(who, day)] = (out, back, window)
    rows: list[dict[str, Any]] = []
    for day in days:
        for s in b.tables["staff"]:
            own_window = s["windows"][0] if s["windows"] else None  # (`window` above is always one)

            marks = [
                (kind, datetime.combine(day, time(h, m)) + timedelta(minutes=rng.randint(0, spread)))
                for kind, h, m, spread in (
                    ("sign_in", 8, 45, 12),
                    ("sign_out", 12, 0, 6),
                    ("sign_in", 13, 18, 10),
                    ("sign_out", 17, 30, 8),
                )
            ]
            for kind, when in marks:
                rows.append({"staff_id": s["id"], "window_id": own_window, "kind": kind, "at": when})
            leave = leaves.get((s["id"], day))
            if leave:
                out, back, w = leave
                reason = rng.choice(("到后台审批区对接业务", "参加中心业务培训", "处理紧急公务"))
                rows.append(
                    {
                        "staff_id": s["id"],
                        "window_id": w,
                        "kind": "leave",
                        "at": out,
                        "pause_sign_shown": True,
                        "approved": True,
                        "reason": reason,
                    }
                )
                rows.append(
                    {
                        "staff_id": s["id"],
                        "window_id": w,
                        "kind": "return",
                        "at": back,
                        "pause_sign_shown": True,
                        "approved": True,
                        "reason": reason,
                    }
                )
    rows.sort(key=lambda r: (r["at"], r["staff_id"]))
    for r in rows:
        rec = {"id": b.new_id("AT", width=5), **{k: v for k, v in r.items() if v is not None}}
        rec["at"] = iso(r["at"])
        b.add("attendance", rec)
