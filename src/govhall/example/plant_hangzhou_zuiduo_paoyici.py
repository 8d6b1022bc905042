"""Planted violations of hangzhou-zuiduo-paoyici (杭州 "最多跑一次" 便民服务中心工作规范) in the example hall.

Each plant breaks one aspect of a fresh clean record (``ExampleBuilder.clean_*``), of one attendance
record, item or field of the hall, and records a manifest row for every rule that fires on it.
Planted elsewhere: ``pause-sign`` with the 空窗 of db23-hlj-2023 (and once more here, alone),
``pre-duty-training`` with dongguan-hall-2023's, ``hardware`` with dongguan's ticket machine and query
devices, ``evaluation-system`` with db23-hlj-2023's 好差评 system.

Not planted (each needs the hall stripped of something every other rule relies on):
``comprehensive-windows`` (no comprehensive window at all) and ``management-systems`` (no internal
system at all); their unit tests cover them.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from govhall.example.builder import ExampleBuilder, ItemMeta, iso, parse_dt
from govhall.example.plant_dongguan_hall_2023 import clean_app

__all__ = ["plant"]

H = "hangzhou-zuiduo-paoyici"
G = "gdzw-0020-2019"
D = "dongguan-hall-2023"


def _hall_row(b: ExampleBuilder, rule: str, clause: str, what: str) -> None:
    b.plant(rule, f"{H}:{clause}" if ":" not in clause else clause, "hall", b.hall["id"], what)


def plant(b: ExampleBuilder) -> None:
    """Plant one violation of (almost) every hangzhou-zuiduo-paoyici rule into ``b``."""
    rng = b.rng(f"plant.{H}")
    hall = b.hall

    # 最多跑一次: once the corrected materials made the application complete, the applicant was still
    # called back to the window to show the originals — a second counted visit. (The correction trip
    # itself is outside the promise under hangzhou-zuiduo-paoyici.correction-supplements=exempt.)
    app = clean_app(b, rng, "correction")
    sup = next(e for e in app["events"] if e["kind"] == "materials_supplemented")
    sup["note"] = "服务对象网上补交材料"
    b.event(
        app,
        "application_id",
        "visit",
        parse_dt(sup["at"]) + timedelta(hours=1),
        window_id=app.get("window_id"),
        purpose="other",
        note="材料齐全后又通知到窗口核验原件",
    )
    app["events"].sort(key=lambda e: e["at"])
    b.plant(
        f"{H}/at-most-one-visit",
        f"{H}:术语和定义.最多跑一次",
        "application",
        app["id"],
        "材料齐全后又须到窗口核验原件，计入跑动2次",
    )

    # 附录B 禁止用语, written with inserted spaces and full-width punctuation.
    t = b.clean_transcript(rng=rng)
    t["text"] = t["text"] + "\n工作人员：这 个，那 个……你必须这么做！"
    b.plant(
        f"{H}/forbidden-phrases",
        f"{H}:附录B.常用标准服务用语.禁止用语.6",
        "transcript",
        t["id"],
        "使用禁止用语“这个，那个”“你必须这么做”",
    )

    # 暂停服务 sign: the clerk of the 办不成事 window steps away for 10 minutes with approval but no sign
    # (shorter than the 15 minutes a 空窗 needs, so only the sign rule fires).
    wid = b.window_ids("cannot_handle")[0]
    clerk = b.get("windows", wid)["staff"][0]
    out = datetime.combine(b.month_days()[12], time(15, 20))
    leave = b.add(
        "attendance",
        {
            "id": b.new_id("AT", width=5),
            "staff_id": clerk,
            "window_id": wid,
            "kind": "leave",
            "at": iso(out),
            "approved": True,
            "reason": "到后台审批区对接业务",
        },
    )
    b.add(
        "attendance",
        {
            "id": b.new_id("AT", width=5),
            "staff_id": clerk,
            "window_id": wid,
            "kind": "return",
            "at": iso(out + timedelta(minutes=10)),
            "approved": True,
        },
    )
    b.plant(
        f"{H}/pause-sign",
        f"{H}:工作要求.现场管理要求.现场标识.2.2",
        "attendance",
        leave["id"],
        "经批准暂离窗口10分钟，未显示暂停服务",
    )

    # 延期: extended without telling the applicant.
    app = clean_app(b, rng, "extension")
    for ev in app["events"]:
        if ev["kind"] == "extended":
            ev["told_applicant"] = False
    b.plant(
        f"{H}/extension-told-in-advance",
        f"{H}:工作要求.服务要求.事项办理要求.5.2",
        "application",
        app["id"],
        "延长办理时限未告知服务对象",
    )
    item = b.get("items", app["item_code"])
    if item["type"] == "administrative_licensing":  # 行政许可法第四十二条: 应当将延长期限的理由告知申请人
        joint = bool(app.get("joint") or item.get("joint_review"))
        b.plant(
            "admin-licensing-law/extension-approved",
            f"admin-licensing-law:{'42.2' if joint else '42.1'}",
            "application",
            app["id"],
            "延长行政许可期限未告知申请人理由",
        )

    # 6.1.2.1: a complaint nobody was put in charge of.
    c = b.clean_complaint(rng=rng, tier="general", channel="mini_program")
    c["handler_staff"] = None
    c["lead_department"] = None
    b.plant(f"{H}/complaint-handled", f"{H}:6.1.2.1", "complaint", c["id"], "投诉未明确专人跟踪处置")

    # The hall: one field each.
    hall["systems"] = [s for s in hall["systems"] if s != "ab_post"]
    _hall_row(b, f"{H}/recommended-systems", "制度建设.2", "管理制度未包括AB岗工作制(宜)")
    hall["equipment"] = [e for e in hall["equipment"] if e != "evaluation_device"]
    _hall_row(b, f"{H}/rating-device", "服务质量监督.投诉与处理.渠道.3", "窗口服务台未设置服务评价器(宜)")
    hall["complaint_result_lookup"] = False
    _hall_row(b, f"{H}/complaint-result-lookup", "6.1.2.2", "未提供投诉举报结果反馈查询功能")
    hall["complaint_channels"] = ["onsite"]
    _hall_row(b, f"{H}/complaint-channels", "服务质量监督.投诉与处理.渠道.1", "只有现场一种投诉渠道")
    _hall_row(b, f"{G}/complaint-channels", f"{G}:5.8.4", "只有现场一种投诉渠道")
    hall["level"] = "街道"
    _hall_row(
        b,
        f"{H}/centre-name",
        "工作要求.现场管理要求.现场标识.4",
        "街道便民服务中心名称未统一为“XXX街道便民服务中心”(宜)",
    )

    # The catalogue (what ``govhall check`` runs): three items, one element each.
    codes = sorted(c for c in b.item_codes(joint_review=False) if b.item_meta[c].window == "comprehensive")
    b.get("items", codes[0])["guide_simple"] = False
    b.plant(
        f"{H}/guide-full-and-short",
        f"{H}:工作要求.服务要求.服务功能.4.1",
        "item",
        codes[0],
        "未编制服务指南简版",
    )
    b.get("items", codes[1])["guide_full_access"] = None
    b.plant(
        f"{H}/guide-full-access",
        f"{H}:工作要求.服务要求.服务功能.4.3",
        "item",
        codes[1],
        "未注明完整版的查询途径",
    )
    _item_without_limit(b, codes[2])


def _item_without_limit(b: ExampleBuilder, like: str) -> None:
    """A new catalogue item whose guide gives no 办结时限 (added last: no application uses it)."""
    item: dict[str, Any] = {**b.get("items", like)}
    item.update(
        {
            "code": f"{like}-X",
            "name": item["name"] + "（变更）",
            "promised_limit": None,
            "statutory_limit": None,
        }
    )
    b.add("items", item)
    b.item_meta[item["code"]] = ItemMeta(certificate=False, weight=0.0, window="cross_region")
    b.plant(
        f"{H}/guide-elements",
        f"{H}:工作要求.现场管理要求.软件设置.1",
        "item",
        item["code"],
        "服务指南缺少办结时限",
    )
