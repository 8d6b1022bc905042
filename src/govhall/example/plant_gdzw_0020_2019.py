"""Planted violations of gdzw-0020-2019 (GDZW 0020-2019 政务服务大厅服务规范) in the example hall.

Each violation starts from a NEW exemplary record (``ExampleBuilder.clean_*``) and breaks one aspect of
it; the manifest gets a row for every rule that fires on the broken record, of this standard and of
any other (worked out below case by case, under the default readings and parameters, and checked by
auditing the built example: dongguan-hall-2023 repeats gdzw 5.x, db23-hlj-2023 and
hangzhou-zuiduo-paoyici share some hall-level checks). Hall-level
clauses are broken on the hall record itself, one field each.

Not planted: nothing for 3.3 alone (it only shapes 5.1.2), and the clauses the inventory lists as
not automatable.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from govhall.example.builder import ExampleBuilder, iso, parse_dt

__all__ = ["plant"]

G = "gdzw-0020-2019"
Y = "yousu-jiban"
# other standards whose rules fire on the same broken records (dongguan-hall-2023 5.2.x repeats gdzw 5.x)
D = "dongguan-hall-2023"
B = "db23-hlj-2023"
H = "hangzhou-zuiduo-paoyici"


def _events(rec: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e for e in rec["events"] if e["kind"] == kind]


def _add(rec: dict[str, Any], owner: str, kind: str, at: datetime, **fields: Any) -> dict[str, Any]:
    """Add a planted event (id ``<record>-G<n>``) and keep the history in time order."""
    n = sum(1 for e in rec["events"] if str(e.get("id", "")).startswith(f"{rec['id']}-G")) + 1
    ev: dict[str, Any] = {"id": f"{rec['id']}-G{n:02d}", owner: rec["id"], "kind": kind, "at": iso(at)}
    ev.update(
        {k: (iso(v) if isinstance(v, (date, datetime)) else v) for k, v in fields.items() if v is not None}
    )
    rec["events"].append(ev)
    rec["events"].sort(key=lambda e: e["at"])
    return ev


def _plain_item(b: ExampleBuilder, **field_equals: Any) -> str:
    """A comprehensive-window item with a time limit in days that is not an administrative licence."""
    from govhall.timelimits import parse_limit

    for code in b.item_codes(**field_equals):
        item = b.get("items", code)
        if (
            item["type"] != "administrative_licensing"
            and b.item_meta[code].window == "comprehensive"
            and parse_limit(item["promised_limit"]).unit == "working_day"
        ):
            return code
    raise LookupError("no suitable item")


def plant(b: ExampleBuilder) -> None:
    """Plant at least one violation of every automatable gdzw-0020-2019 rule into ``b``."""
    rng = b.rng(f"plant.{G}")
    hall = b.hall
    hid = hall["id"]

    # -- hall record (5.x mechanisms, 5.4.2, 5.6.2, 5.7.1, 5.8.4, 6.1.1, 6.3, 6.4.1) -------------------
    hall["systems"] = [s for s in hall["systems"] if s != "rongque_credit"]
    b.plant(f"{G}/mechanisms-established", f"{G}:5.7.3", "hall", hid, "未建立容缺受理失信处理制度")
    b.plant(f"{D}/mechanisms-in-force", f"{D}:5.2.7.3", "hall", hid, "未建立容缺受理失信处理制度")
    hall["disclosure_channels"] = ["bulletin_board"]
    b.plant(f"{G}/disclosure-channels", f"{G}:5.4.2", "hall", hid, "信息公开查询只有公告栏一种渠道")
    b.plant(f"{D}/disclosure-channels", f"{D}:5.2.4.2", "hall", hid, "信息公开查询只有公告栏一种渠道")
    hall["published_catalogues"] = [
        c for c in hall["published_catalogues"] if c not in ("joint_review", "rongque")
    ]
    b.plant(
        f"{G}/joint-review-published", f"{G}:5.6.2", "hall", hid, "已开展联审联办但未公开联审联办项目目录"
    )
    b.plant(f"{G}/rongque-published", f"{G}:5.7.1", "hall", hid, "未公开容缺受理事项目录")
    b.plant(f"{D}/rongque-catalogue", f"{D}:5.2.7.1", "hall", hid, "未公开容缺受理事项目录")
    hall["complaint_channels"] = ["onsite"]
    b.plant(f"{G}/complaint-channels", f"{G}:5.8.4", "hall", hid, "只能现场投诉")
    b.plant(f"{D}/complaint-channels", f"{D}:5.2.8.2.d", "hall", hid, "只能现场投诉")
    b.plant(f"{H}/complaint-channels", f"{H}:服务质量监督.投诉与处理.渠道.1", "hall", hid, "只能现场投诉")
    hall["appointment_channels"] = ["onsite", "phone"]
    b.plant(f"{G}/appointment-and-ticketing", f"{G}:6.1.1", "hall", hid, "不提供线上预约")
    b.plant(f"{D}/appointment-channels", f"{D}:5.3.2.1", "hall", hid, "不提供线上预约")
    hall["equipment"] = [e for e in hall["equipment"] if e != "query_device"]
    b.plant(f"{G}/self-service", f"{G}:6.3.2", "hall", hid, "未配备自助查询设备，办事指南无法自助查询")
    b.plant(f"{H}/hardware", f"{H}:工作要求.现场管理要求.硬件设置.3.1", "hall", hid, "未配备查询设备")
    hall["consultation_channels"] = ["onsite"]
    b.plant(f"{G}/consultation-channels", f"{G}:6.4.1", "hall", hid, "只提供现场咨询")
    b.plant(f"{G}/online-consultation", f"{G}:6.3.3", "hall", hid, "不提供在线咨询、查询")
    b.plant(f"{D}/consultation-channels", f"{D}:5.3.5.1", "hall", hid, "只提供现场咨询")

    # -- 5.1 首问 ----------------------------------------------------------------------------------------
    # 5.1.2: two staff answered at once; the lower-ranked one is recorded as responsible.
    q = b.clean_inquiry(scope="a", multi=True, rng=rng)
    ranks = {s["id"]: s.get("rank", 0) for s in b.tables["staff"]}
    low = min(q["answered_by"], key=lambda s: (ranks[s], s))
    if ranks[low] == max(ranks[s] for s in q["answered_by"]):
        raise AssertionError("the multi inquiry's answerers share one rank: 5.1.2 cannot be planted this way")
    q["responsible_staff"] = low
    b.plant(
        f"{G}/first-inquiry-responsible",
        f"{G}:5.1.2",
        "inquiry",
        q["id"],
        "同时答复时记录了职级较低者为首问责任人",
    )
    b.plant(
        f"{D}/first-inquiry-responsible",
        f"{D}:5.2.1.2",
        "inquiry",
        q["id"],
        "同时答复时记录了职级较低者为首问责任人",
    )

    # 5.1.4 b: a question for a window of the hall, answered at the guide desk but never taken there.
    q = b.clean_inquiry(scope="b", rng=rng)
    q.pop("referred_window", None)
    q.pop("referred_at", None)
    b.plant(
        f"{G}/first-inquiry-routing", f"{G}:5.1.4.b", "inquiry", q["id"], "属本大厅职责的咨询未引导至具体窗口"
    )
    b.plant(
        f"{D}/inquiry-routing", f"{D}:5.2.1.3.b", "inquiry", q["id"], "属本大厅职责的咨询未引导至具体窗口"
    )

    # 5.3.1: the fee was not told.
    q = b.clean_inquiry(scope="a", rng=rng)
    q["told"] = [t for t in q["told"] if t != "fee"]
    b.plant(f"{G}/one-time-notice-elements", f"{G}:5.3.1", "inquiry", q["id"], "咨询时未告知收费标准")
    b.plant(f"{D}/one-time-answer", f"{D}:5.2.3.1-s2", "inquiry", q["id"], "咨询时未告知收费标准")

    # 6.4.2: an e-mailed question promised an answer the next working day, answered two days later.
    q = b.clean_inquiry(scope="a", rng=rng, channel="email")
    asked = parse_dt(q["at"])
    promised = datetime.combine(b.add_wd(asked.date(), 1), time(17, 0))
    q.update(
        {
            "answered_on_spot": False,
            "answer_promised_at": iso(promised),
            "answered_at": iso(datetime.combine(b.add_wd(asked.date(), 3), time(10, 0))),
        }
    )
    b.plant(
        f"{G}/consultation-answered-in-time", f"{G}:6.4.2", "inquiry", q["id"], "邮件咨询超过约定时限才答复"
    )

    # -- 5.2 首办 ----------------------------------------------------------------------------------------
    # 5.2.2: the recorded 首办责任人 is the window's other clerk, not the one who received it.
    a = b.clean_application(item_code=_plain_item(b), rng=rng)
    received_by = _events(a, "received")[0]["staff_id"]
    other = b.not_serving(a["window_id"], parse_dt(a["received_at"]))
    a["staff_id"] = other
    b.plant(
        f"{G}/first-handling-responsible",
        f"{G}:5.2.2",
        "application",
        a["id"],
        f"首先办理的是{received_by}，记录的首办责任人却是{other}",
    )

    # 5.2.4 c: an own-duty application at a comprehensive window passed to a specialist window.
    a = b.clean_application(item_code=_plain_item(b), rng=rng)
    got = parse_dt(_events(a, "accepted")[0]["at"])
    _add(
        a,
        "application_id",
        "transferred",
        got + timedelta(minutes=1),
        staff_id=a["staff_id"],
        window_id=b.window_ids("specialist")[0],
        note="让申请人到专业窗口办理",
    )
    b.plant(
        f"{G}/first-handling-routing",
        f"{G}:5.2.4.c",
        "application",
        a["id"],
        "属本窗口职责的申请被推给其他窗口",
    )

    # -- 5.3.2 补正告知 -----------------------------------------------------------------------------------
    a = b.clean_application(item_code=_plain_item(b), variant="correction", rng=rng)
    _events(a, "correction_notice")[0]["written"] = False
    b.plant(
        f"{G}/written-correction-notice",
        f"{G}:5.3.2.b",
        "application",
        a["id"],
        "材料补正只口头告知，未出具告知书",
    )
    b.plant(
        f"{D}/correction-notice", f"{D}:5.2.3.2.b", "application", a["id"], "材料补正只口头告知，未出具告知书"
    )

    # 5.3.3 a: after the first notice was met, a second notice asks for a material the first did not list.
    a = b.clean_application(item_code=_plain_item(b), variant="correction", rng=rng)
    first = _events(a, "correction_notice")[0]
    supplied = parse_dt(_events(a, "materials_supplemented")[0]["at"])
    listed = set(first["materials"])
    extra = next(m["name"] for m in b.get("items", a["item_code"])["materials"] if m["name"] not in listed)
    _add(
        a,
        "application_id",
        "correction_notice",
        supplied + timedelta(minutes=30),
        staff_id=first.get("staff_id"),
        department=first.get("department"),
        written=True,
        materials=[extra],
        requirements=first["requirements"],
        deadline=first["deadline"],
        reason="补交后再次要求补正",
    )
    _add(
        a,
        "application_id",
        "materials_supplemented",
        supplied + timedelta(minutes=90),
        department=first.get("department"),
        materials=[extra],
    )
    b.plant(
        f"{G}/written-correction-notice",
        f"{G}:5.3.3.a",
        "application",
        a["id"],
        f"第二次补正要求首次告知书未列明的“{extra}”，服务对象往返多次",
    )
    b.plant(
        f"{D}/correction-notice",
        f"{D}:5.2.3.2.b",
        "application",
        a["id"],
        "再次要求补正首次告知书未列明的材料",
    )
    b.plant(f"{B}/corrections-all-at-once", f"{B}:7.4.1", "application", a["id"], "补齐补正内容未一次性告知")

    # -- 5.5 承诺办结 -------------------------------------------------------------------------------------
    a = b.clean_application(
        item_code=_plain_item(b),
        variant="open",
        rng=rng,
        received_at=datetime.combine(b.month_days()[2], time(10, 30)),
    )
    b.plant(f"{G}/promised-deadline", f"{G}:5.5.1", "application", a["id"], "超过承诺时限仍未办结（红牌）")
    b.plant(f"{B}/promised-deadline", f"{B}:6.1.3", "application", a["id"], "超过承诺时限仍未办结")

    # -- 5.6 / 5.7 ----------------------------------------------------------------------------------------
    a = b.clean_application(item_code=b.item_codes(joint_review=True)[0], rng=rng)
    a.pop("lead_department", None)
    b.plant(f"{G}/joint-lead-department", f"{G}:5.6.2", "application", a["id"], "联审联办件未明确牵头部门")

    rq = b.item_codes(rongque=True)
    a = b.clean_application(item_code=rq[0], variant="rongque", rng=rng)
    a["basic_conditions_met"] = False
    b.plant(f"{G}/rongque-eligibility", f"{G}:5.7.2", "application", a["id"], "基本申请条件不具备却容缺受理")
    b.plant(
        f"{D}/rongque-eligibility", f"{D}:5.2.7.2", "application", a["id"], "基本申请条件不具备却容缺受理"
    )

    a = b.clean_application(item_code=rq[-1], variant="rongque", rng=rng)
    a["events"] = [e for e in a["events"] if e["kind"] != "materials_supplemented"]
    b.plant(
        f"{G}/rongque-overdue-blacklist",
        f"{G}:5.7.3",
        "application",
        a["id"],
        "逾期未补齐容缺材料，申请人未列入失信名单",
    )

    # -- 5.8 投诉 -----------------------------------------------------------------------------------------
    # 5.8.2 a: a complaint about a clerk's conduct refused without any not-accepted ground.
    clerk = b.staff_ids(role="window_clerk", department="ZWFW")[0]
    c = b.build_complaint(rng, channel="onsite", tier="general", about_staff=clerk)
    c.update({"accepted": False, "refusal_reason": "对工作人员的意见不属于受理范围"})
    b.plant(
        f"{G}/staff-conduct-complaint-accepted",
        f"{G}:5.8.2.a",
        "complaint",
        c["id"],
        "对窗口人员的投诉不予受理",
    )
    b.plant(
        f"{Y}/refused-without-ground",
        f"{Y}:受理内容",
        "complaint",
        c["id"],
        "不属于任何不予受理情形的诉求被不予受理",
    )

    # 5.8.3: a matter for the 纪检监察 refused without telling where to go: the refusal is on file, but no
    # referral and no answer to the complainant (an answer is the 指引 unless recorded as not telling).
    c = b.clean_complaint(refusal="other_procedure", channel="onsite", rng=rng)
    c["facts"] = {"on_site": True, "discipline_inspection": True}
    c.pop("referral", None)
    c["events"] = [e for e in c["events"] if e["kind"] not in ("responded", "answered")]
    b.plant(
        f"{G}/complaint-violation-referred",
        f"{G}:5.8.3",
        "complaint",
        c["id"],
        "涉及违法违纪的举报未提供接转或指引",
    )
    b.plant(
        f"{D}/complaint-misconduct-referred",
        f"{D}:5.2.8.2.c-s2",
        "complaint",
        c["id"],
        "涉及违法违纪的投诉未提供接转或指引",
    )

    # 5.8.3: confidential complaint about a clerk; the worksheet with the complainant's name went to his department.
    c = b.build_complaint(rng, channel="onsite", tier="general", about_staff=clerk, confidential=True)
    b.plant(
        f"{G}/complaint-confidentiality",
        f"{G}:5.8.3",
        "complaint",
        c["id"],
        "投诉人要求保密，载明其身份的工作单转给了被投诉人所在部门",
    )

    # -- 5.9 评价 -----------------------------------------------------------------------------------------
    ev = b.clean_evaluation(rng=rng, level="very_satisfied")
    ev["rater_staff_id"] = ev["staff_id"]
    b.plant(
        f"{G}/evaluation-integrity", f"{G}:5.9.2", "evaluation", ev["id"], "被评价人员本人代替服务对象评价"
    )
    b.plant(
        f"{D}/evaluation-integrity",
        f"{D}:5.2.10-s2",
        "evaluation",
        ev["id"],
        "被评价人员本人代替服务对象评价",
    )

    # -- 6.x ----------------------------------------------------------------------------------------------
    ap = b.clean_appointment(rng=rng)
    ap["channel"] = "online"
    ap["confirmation_fields"] = [f for f in ap["confirmation_fields"] if f != "ticket_instructions"]
    b.plant(f"{G}/appointment-confirmation", f"{G}:6.1.2", "appointment", ap["id"], "预约信息未告知取号操作")

    # 5.3.3 c: an online application whose correction notice came 7 working days after receipt (not
    # 及时), then rated 不满意 — the receipt is moved 7 working days before the notice.
    a = b.clean_application(item_code=_plain_item(b), rng=rng, variant="correction", channel="online")
    notice = next(e for e in a["events"] if e["kind"] == "correction_notice")
    got = parse_dt(notice["at"])
    early = datetime.combine(b.sub_wd(got.date(), 7), got.time().replace(hour=9, minute=0))
    a["received_at"] = iso(early)
    for e in a["events"]:
        if e["kind"] == "received":
            e["at"] = iso(early)
    b.clean_evaluation(application=a, rng=rng, level="dissatisfied")
    b.plant(
        f"{G}/written-correction-notice",
        f"{G}:5.3.3.c",
        "application",
        a["id"],
        "补正告知迟于7个工作日，服务对象差评",
    )

    a = b.clean_application(item_code=_plain_item(b), rng=rng)
    a.update({"help_service": "agent", "service_fee_charged": 50})
    b.plant(f"{G}/free-agency", f"{G}:6.6", "application", a["id"], "代办服务收费50元")
    b.plant(f"{B}/free-help-and-agency", f"{B}:6.6.2", "application", a["id"], "代办服务收费50元")
    # made a 代办 case after it was built, it has no rating either: db23-hlj-2023:6.6.3.4 (issue #16)
    b.plant(
        f"{B}/agency-rating-asked", f"{B}:6.6.3.4", "application", a["id"], "代办事项办结后未请服务对象评价"
    )

    certificate_items = [
        c
        for c in b.item_codes()
        if b.item_meta[c].certificate
        and b.item_meta[c].window == "comprehensive"
        and b.get("items", c)["type"] != "administrative_licensing"
        and b.get("items", c)["promised_limit"] != "当场"
    ]
    a = b.clean_application(item_code=certificate_items[0], variant="mail", rng=rng)
    for e in _events(a, "mailed"):
        e["voluntary"] = False
        e["note"] = "窗口要求统一邮寄，未征求服务对象意见"
    b.plant(f"{G}/mailing-voluntary", f"{G}:6.7.2", "application", a["id"], "未经服务对象选择即邮寄证件")
