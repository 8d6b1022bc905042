"""Planted violations of dongguan-hall-2023 (东莞市政务服务大厅建设与管理规范) in the example hall.

Each plant breaks one aspect of a fresh clean record (``ExampleBuilder.clean_*``) or one field of the
hall, and records a manifest row for every rule that fires on it — this standard's and the others'
(gdzw-0020-2019 repeats much of 5.2; hangzhou-zuiduo-paoyici repeats the pre-duty training).

Records planted earlier against gdzw-0020-2019's 5.1–5.9 rules are breaches of this standard's 5.2.x
too (the same shared predicates of :mod:`govhall.decisions` judge them): :func:`mirror_gdzw` adds the
dongguan rows for them, by the clause correspondence listed in :data:`GDZW_MIRROR`.

Every dongguan-hall-2023 rule is planted at least once (5.2.7.3's 容缺 sanction through the gdzw mirror).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from govhall.example.builder import ExampleBuilder, ItemMeta, iso, parse_dt

__all__ = ["GDZW_MIRROR", "clean_app", "mirror_gdzw", "plant"]

D = "dongguan-hall-2023"
G = "gdzw-0020-2019"

#: gdzw rule (and, where the rule covers several duties, the clause of the row) -> the dongguan rule
#: and clause that judge the same record with the same shared predicate.
GDZW_MIRROR: dict[tuple[str, str | None], tuple[str, str]] = {
    (f"{G}/first-inquiry-responsible", None): (f"{D}/first-inquiry-responsible", f"{D}:5.2.1.2"),
    (f"{G}/first-inquiry-routing", f"{G}:5.1.4.b"): (f"{D}/inquiry-routing", f"{D}:5.2.1.3.b"),
    (f"{G}/first-handling-routing", f"{G}:5.2.4.b"): (f"{D}/handling-routing", f"{D}:5.2.2.3.b"),
    (f"{G}/first-handling-routing", f"{G}:5.2.4.d"): (f"{D}/handling-routing", f"{D}:5.2.2.3.c"),
    (f"{G}/one-time-notice-elements", None): (f"{D}/one-time-answer", f"{D}:5.2.3.1-s2"),
    (f"{G}/written-correction-notice", None): (f"{D}/correction-notice", f"{D}:5.2.3.2.b"),
    (f"{G}/rongque-eligibility", None): (f"{D}/rongque-eligibility", f"{D}:5.2.7.2"),
    (f"{G}/rongque-overdue-blacklist", None): (f"{D}/rongque-overdue-sanction", f"{D}:5.2.7.3-s2"),
    (f"{G}/evaluation-integrity", None): (f"{D}/evaluation-integrity", f"{D}:5.2.10-s2"),
}


def mirror_gdzw(b: ExampleBuilder) -> None:
    """Add the dongguan rows for records already planted against the gdzw rules of :data:`GDZW_MIRROR`.

    A gdzw 5.1.4 d row is mirrored only for an inquiry outside the hall (scope c, 5.1.3 c = dongguan
    5.2.1.3 c); a 5.1.4 d row about the information materials of scope a has no dongguan twin. Likewise
    a gdzw 5.2.4 d refusal not told is mirrored (to 5.2.2.3 c) only for an item outside the hall.
    """
    seen = {(r["rule_id"], r["subject_kind"], r["subject_id"]) for r in b.planted}
    for row in list(b.planted):
        if row["clause"] == f"{G}:5.3.3.c":
            continue  # dongguan's twin, 5.2.3.3 c), is missing from the seed text: nothing to mirror
        target = GDZW_MIRROR.get((row["rule_id"], row["clause"])) or GDZW_MIRROR.get((row["rule_id"], None))
        if (
            target is None
            and row["rule_id"] == f"{G}/first-inquiry-routing"
            and row["clause"] == f"{G}:5.1.4.d"
        ):
            q = _find(b, "inquiries", row["subject_id"])
            if q is not None and q.get("scope") == "c":
                target = (f"{D}/inquiry-routing", f"{D}:5.2.1.3.c")
        if target is None:
            continue
        if target[0] == f"{D}/handling-routing":
            app = _find(b, "applications", row["subject_id"])
            if app is None or app.get("channel") != "onsite":
                continue
            item = _find(b, "items", app["item_code"])
            if target[1] == f"{D}:5.2.2.3.c" and item is not None and item.get("in_hall", True):
                continue  # 5.2.2.3 c: only an item outside the hall; the hall's own item is gdzw 5.2.4 d only
        key = (target[0], row["subject_kind"], row["subject_id"])
        if key in seen:
            continue
        seen.add(key)
        b.plant(
            target[0],
            target[1],
            row["subject_kind"],
            row["subject_id"],
            f"同 {row['rule_id']}: {row['description']}",
        )


def _find(b: ExampleBuilder, table: str, rid: str) -> dict[str, Any] | None:
    try:
        return b.get(table, rid)
    except KeyError:
        return None


def clean_app(
    b: ExampleBuilder, rng: Any, variant: str = "plain", tries: int = 40, **kw: Any
) -> dict[str, Any]:
    """``b.clean_application`` of ``variant``, retried on other items or days while it does not fit."""
    for _ in range(tries - 1):
        try:
            return b.clean_application(rng=rng, variant=variant, **kw)
        except ValueError:
            continue
    return b.clean_application(rng=rng, variant=variant, **kw)


def _hall_row(b: ExampleBuilder, rule: str, clause: str, what: str) -> None:
    b.plant(rule, clause, "hall", b.hall["id"], what)


def plant(b: ExampleBuilder) -> None:
    """Plant one violation of every dongguan-hall-2023 rule into ``b``."""
    rng = b.rng(f"plant.{D}")
    hall = b.hall
    mirror_gdzw(b)

    # -- the hall (one field each) --------------------------------------------------------------------
    hall["service_slogan"] = False
    _hall_row(b, f"{D}/service-slogan", f"{D}:4.4.3", "大厅未设置服务标语")
    hall["zones"] = [
        z
        for z in hall["zones"]
        if z not in ("waiting", "enterprise", "complaint_mediation", "video_conference")
    ]
    _hall_row(b, f"{D}/standing-zones", f"{D}:4.5.1", "缺少常设功能区：休息等候区")
    _hall_row(b, f"{D}/special-zones", f"{D}:4.5.2", "未设置惠企服务区(宜)")
    _hall_row(b, f"{D}/back-office-zones", f"{D}:4.5.3", "未设置投诉调解室(宜)")
    _hall_row(b, f"{D}/video-conference-room", f"{D}:4.5.3-3", "有会议室但无视频会议室")
    hall["equipment"] = [e for e in hall["equipment"] if e != "wheelchair"]
    _hall_row(b, f"{D}/accessibility-aids", f"{D}:4.5.1-1-s4", "咨询导办区未提供轮椅")
    hall["cctv"] = {
        **hall["cctv"],
        "retention_days": 15,
        "records_audio": False,
        "covers": [z for z in hall["cctv"]["covers"] if z != "window_service"],
    }
    _hall_row(b, f"{D}/cctv-retention", f"{D}:4.5.3-4-s3", "监控内容仅保存15日")
    _hall_row(b, f"{D}/cctv-audio", f"{D}:4.5.3-4-s2", "视频监控未录制音频")
    _hall_row(b, f"{D}/cctv-coverage", f"{D}:4.5.3-4", "视频监控未覆盖窗口服务区")
    hall["systems"] = [s for s in hall["systems"] if s != "staff_adjustment"]
    _hall_row(b, f"{D}/mechanisms-in-force", f"{D}:6.3.4.c", "未建立窗口人员调整制度")
    hall["disclosure_channels"] = [c for c in hall["disclosure_channels"] if c != "official_account"]
    _hall_row(b, f"{D}/disclosure-channels", f"{D}:5.2.4.2", "信息公开查询渠道缺少“i莞家”公众号")
    hall["published_catalogues"] = [
        c for c in hall["published_catalogues"] if c not in ("rongque", "same_city", "cross_city")
    ]
    _hall_row(b, f"{D}/rongque-catalogue", f"{D}:5.2.7.1", "未公开容缺受理事项目录")
    _hall_row(b, f"{D}/same-city-catalogue", f"{D}:5.3.8", "未提供市内通办事项目录")
    _hall_row(b, f"{D}/cross-city-catalogue", f"{D}:5.3.9", "未提供跨城通办事项目录(宜)")
    _hall_row(b, f"{G}/rongque-published", f"{G}:5.7.1", "未公开容缺受理事项目录")
    hall["complaint_channels"] = [c for c in hall["complaint_channels"] if c != "email"]
    _hall_row(b, f"{D}/complaint-channels", f"{D}:5.2.8.2.d", "投诉渠道缺少电子邮件(可,info)")
    hall["consultation_channels"] = [c for c in hall["consultation_channels"] if c != "letter"]
    _hall_row(b, f"{D}/consultation-channels", f"{D}:5.3.5.1", "咨询方式缺少信函")
    hall["appointment_channels"] = [c for c in hall["appointment_channels"] if c in ("onsite", "phone")]
    _hall_row(b, f"{D}/appointment-channels", f"{D}:5.3.2.1", "只提供线下预约")
    _hall_row(b, f"{G}/appointment-and-ticketing", f"{G}:6.1.1", "只提供线下预约")
    hall["equipment"] = [
        e for e in hall["equipment"] if e not in ("ticket_machine", "query_device", "self_service_terminal")
    ]
    _hall_row(b, f"{D}/walk-in-tickets", f"{D}:5.3.2.1-s2", "未设置取号机")
    _hall_row(b, f"{D}/guide-self-query", f"{D}:5.3.4.2", "无办事指南自助查询设备")
    _hall_row(b, f"{G}/self-service", f"{G}:6.3.2", "无自助查询、自助办理设备")
    _hall_row(
        b,
        "hangzhou-zuiduo-paoyici/hardware",
        "hangzhou-zuiduo-paoyici:工作要求.现场管理要求.硬件设置.3.1",
        "未设置查询设备、取号机",
    )
    missing_chief = next(d for d in hall["departments"] if d["id"] == "MZJ")
    missing_chief["chief_representative"] = None
    _hall_row(b, f"{D}/chief-representative", f"{D}:5.2.9", "民政局未明确首席事务代表")

    # -- windows --------------------------------------------------------------------------------------
    for wid in b.window_ids("guide_desk") + b.window_ids("consultation"):
        b.get("windows", wid)["low_counter"] = False
    _hall_row(
        b, f"{D}/low-counter-present", f"{D}:4.5.1-1-s2", "咨询导办区的导办台、咨询窗口均非低位服务台(宜)"
    )
    green = b.get("windows", b.window_ids("green_channel")[0])
    green["counter_height_mm"] = 850
    b.plant(f"{D}/low-counter-height", f"{D}:4.5.1-1-s3", "window", green["id"], "低位服务台高850mm(宜)")
    for wid in b.window_ids("cannot_handle"):
        b.get("windows", wid)["signposted"] = False
    b.plant(
        f"{D}/cannot-handle-window",
        f"{D}:5.3.10",
        "window",
        b.window_ids("cannot_handle")[0],
        "“办不成事”反映窗口未设在显著位置",
    )

    # -- staff ----------------------------------------------------------------------------------------
    clerks = b.staff_ids(role="window_clerk", department="ZWFW")
    b.get("staff", clerks[-1])["registered"] = False
    b.plant(f"{D}/staff-registered", f"{D}:6.3.3.a", "staff", clerks[-1], "窗口人员未经备案登记")
    b.get("staff", clerks[-2])["profile_filed"] = False
    b.plant(
        f"{D}/staff-profile-filed", f"{D}:6.3.3.b", "staff", clerks[-2], "窗口人员未建立附录G基本信息档案"
    )
    late = b.get("staff", clerks[-3])
    late["trained_on"] = iso(parse_dt(late["on_duty_from"] + "T00:00:00").date() + timedelta(days=20))
    b.plant(f"{D}/staff-trained-before-duty", f"{D}:6.3.3.c", "staff", late["id"], "上岗20天后才参加岗前培训")
    b.plant(
        "hangzhou-zuiduo-paoyici/pre-duty-training",
        "hangzhou-zuiduo-paoyici:工作要求.人员要求.3",
        "staff",
        late["id"],
        "上岗20天后才参加岗前培训",
    )
    for sid in b.staff_ids(role="volunteer"):
        b.get("staff", sid)["role"] = "guide"
    _hall_row(
        b, f"{D}/volunteer-team", f"{D}:4.5.2-3", "设有志愿者服务区但无志愿服务队伍(志愿者均登记为导办人员)"
    )

    # -- items ----------------------------------------------------------------------------------------
    online = b.get("items", b.item_codes(online=True)[0])
    online["at_comprehensive_window"] = False
    b.plant(
        f"{D}/online-items-at-comprehensive-window",
        f"{D}:6.1.2.c",
        "item",
        online["code"],
        "网办事项未同步进驻综合窗口",
    )
    outside = {**b.get("items", b.item_codes(department="MZJ")[0])}
    outside.update(
        {
            "code": "FY-MZJ-901",
            "name": "临时救助审批（大厅外办理）",
            "in_hall": False,
            "exemption_approved": False,
        }
    )
    b.add("items", outside)
    b.item_meta[outside["code"]] = ItemMeta(certificate=False, weight=0.0, window="cross_region")
    b.plant(
        f"{D}/item-admission",
        f"{D}:6.1.2.a",
        "item",
        outside["code"],
        "行政给付事项未进驻大厅，也无批准不进驻记录",
    )

    # -- inquiries ------------------------------------------------------------------------------------
    q = b.clean_inquiry(rng=rng, scope="a", multi=True)
    q["responsible_staff"] = q["asked_staff"][1]
    for rule, clause in (
        (f"{D}/first-inquiry-responsible", f"{D}:5.2.1.2"),
        (f"{G}/first-inquiry-responsible", f"{G}:5.1.2"),
    ):
        b.plant(rule, clause, "inquiry", q["id"], "两人同时答复，登记的首问责任人不是职务最高者")
    q = b.clean_inquiry(rng=rng, scope="b")
    q.pop("referred_window", None)
    q.pop("referred_at", None)
    b.plant(f"{D}/inquiry-routing", f"{D}:5.2.1.3.b", "inquiry", q["id"], "属本大厅职责的咨询未引导至窗口")
    b.plant(
        f"{G}/first-inquiry-routing", f"{G}:5.1.4.b", "inquiry", q["id"], "属本大厅职责的咨询未引导至窗口"
    )
    q = b.clean_inquiry(rng=rng, scope="a")
    q["told"] = [t for t in q["told"] if t != "fee"]
    b.plant(f"{D}/one-time-answer", f"{D}:5.2.3.1-s2", "inquiry", q["id"], "未一次性告知收费标准")
    b.plant(f"{G}/one-time-notice-elements", f"{G}:5.3.1", "inquiry", q["id"], "未一次性告知收费标准")

    # -- applications ---------------------------------------------------------------------------------
    # 5.2.2.3 c is for matters outside the hall: the applicant asks for the item handled outside it
    app = clean_app(b, rng, "not_accepted")
    app["item_code"] = outside["code"]
    app["materials_submitted"] = [m["name"] for m in outside.get("materials", [])]
    for ev in app["events"]:
        if ev["kind"] == "not_accepted":
            ev.update(told_applicant=False, department=outside["department"], reason="该事项不在本大厅办理")
    what = "大厅外办理事项不予受理，未向服务对象说明情况"
    b.plant(f"{D}/handling-routing", f"{D}:5.2.2.3.c", "application", app["id"], what)
    b.plant(f"{G}/first-handling-routing", f"{G}:5.2.4.d", "application", app["id"], what)
    app = clean_app(b, rng, "correction")
    for ev in app["events"]:
        if ev["kind"] == "correction_notice":
            ev["written"] = False
    b.plant(f"{D}/correction-notice", f"{D}:5.2.3.2.b", "application", app["id"], "补正告知未以书面形式出具")
    b.plant(
        f"{G}/written-correction-notice", f"{G}:5.3.2.b", "application", app["id"], "补正告知未以书面形式出具"
    )
    code = b.item_codes(rongque=True)[0]
    app = clean_app(b, rng, "rongque", item_code=code)
    app["basic_conditions_met"] = False
    b.plant(
        f"{D}/rongque-eligibility",
        f"{D}:5.2.7.2",
        "application",
        app["id"],
        "基本申请条件不具备仍容缺受理(info)",
    )
    b.plant(
        f"{G}/rongque-eligibility", f"{G}:5.7.2", "application", app["id"], "基本申请条件不具备仍容缺受理"
    )

    # -- complaints -----------------------------------------------------------------------------------
    c = b.clean_complaint(rng=rng, tier="general", channel="website")
    c["recorded_fields"] = []
    b.plant(
        f"{D}/complaint-recorded-and-answered", f"{D}:5.2.8.2.c", "complaint", c["id"], "投诉未做受理记录"
    )
    b.plant(f"{G}/complaint-recorded-and-answered", f"{G}:5.8.3", "complaint", c["id"], "投诉未做受理记录")

    # -- the month's load (4.6) and the comprehensive windows' staff ------------------------------------
    _overload(b, rng)
    comp = b.window_ids("comprehensive")
    for wid in comp:
        w = b.get("windows", wid)
        moved = w["staff"][1:]
        w["staff"] = w["staff"][:1]
        for sid in moved:
            s = b.get("staff", sid)
            s["windows"] = [x for x in s["windows"] if x != wid]
    _hall_row(
        b,
        f"{D}/comprehensive-window-staffing",
        f"{D}:4.6-1-s2",
        f"{len(comp)}个综合窗口只配{len(comp)}人，低于1:1.1",
    )


def _overload(b: ExampleBuilder, rng: Any) -> None:
    """Raise September's average above 30 cases per comprehensive window per working day with clean
    online applications, so 3 windows are too few. They all arrive on the month's first two working
    days (a campaign), leaving the other days under the builder's daily cap for later planters."""
    days = b.month_days()
    month = b.start.strftime("%Y-%m")
    cases = sum(1 for a in b.tables["applications"] if a["received_at"].startswith(month))
    cap = 30 * len(b.window_ids("comprehensive")) * len(days)
    extra = max(0, cap - cases + 1)
    for n in range(extra):
        day = days[n % 2]
        at = b.office_time(rng, day, latest=360)
        assert at is not None
        b.clean_application(rng=rng, channel="online", received_at=at)
    _hall_row(
        b,
        f"{D}/comprehensive-window-count",
        f"{D}:4.6-1",
        f"{month}日均业务量超过{30 * len(b.window_ids('comprehensive'))}件(另加{extra}件网上申请),综合窗口不足",
    )
