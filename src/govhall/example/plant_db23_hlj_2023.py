"""Planted violations of db23-hlj-2023 (黑龙江 政务服务中心服务规范) in the example hall.

Each plant breaks one aspect of a fresh clean record (``ExampleBuilder.clean_*``), of one staff
member's attendance or of one field of the hall, and records a manifest row for every rule that fires
on it — this standard's and the others' (gdzw-0020-2019 and dongguan-hall-2023 share the inquiry and
correction-notice predicates; hangzhou-zuiduo-paoyici's pause-sign rule reads the same attendance).
All dates are computed with the builder's calendar (``add_wd``/``sub_wd``/``due``), never by hand.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from govhall.example.builder import ExampleBuilder, ItemMeta, iso, parse_dt
from govhall.example.plant_dongguan_hall_2023 import clean_app
from govhall.rules.parameters import default_parameters
from govhall.timelimits import due_date, parse_limit

__all__ = ["plant"]

S = "db23-hlj-2023"
D = "dongguan-hall-2023"
G = "gdzw-0020-2019"
H = "hangzhou-zuiduo-paoyici"


def _events(app: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e for e in app["events"] if e["kind"] == kind]


def _meta(b: ExampleBuilder, app: dict[str, Any]) -> ItemMeta:
    return b.item_meta[app["item_code"]]


def _promised_due(b: ExampleBuilder, app: dict[str, Any]) -> Any:
    """The promised due day of ``app`` as db23-hlj-2023 counts it: from receipt (no separate acceptance
    day in the builder), 补齐补正 periods as pauses (7.4.2), through ``govhall.timelimits``."""
    item = b.get("items", app["item_code"])
    pauses = []
    notice = None
    for ev in app["events"]:
        if ev["kind"] == "correction_notice" and notice is None:
            notice = parse_dt(ev["at"]).date()
        elif ev["kind"] == "materials_supplemented" and notice is not None:
            pauses.append((notice, parse_dt(ev["at"]).date()))
            notice = None
    return due_date(
        parse_dt(app["received_at"]).date(), item["promised_limit"], pauses=pauses, calendar=b.calendar
    ).due


def _done_before(app: dict[str, Any], day: Any) -> bool:
    """Whether ``app`` was decided, and delivered (picked up or mailed) if it was, before ``day``."""
    done = [parse_dt(e["at"]) for e in app["events"] if e["kind"] in ("decided", "picked_up", "mailed")]
    return any(e["kind"] == "decided" for e in app["events"]) and max(done).date() < day


def _gdzw_promise_due(b: ExampleBuilder, app: dict[str, Any]) -> Any:
    """The due day of ``app``'s promise as gdzw-0020-2019:5.5.1 counts one with no recorded pause: its
    promised limit (else its item's, else the item's statutory limit, in working days for a licence, Art
    82) from acceptance, else receipt."""
    item = b.get("items", app["item_code"])
    limit = parse_limit(app.get("promised_limit") or item.get("promised_limit") or item["statutory_limit"])
    if limit.written_in_days and not (app.get("promised_limit") or item.get("promised_limit")):
        if item["type"] == "administrative_licensing":
            limit = limit.in_working_days()
    accepted = _events(app, "accepted")
    start = parse_dt(accepted[0]["at"] if accepted else app["received_at"]).date()
    return due_date(start, limit, calendar=b.calendar).due


def _certificate_app(b: ExampleBuilder, rng: Any, variant: str = "plain") -> dict[str, Any]:
    """A clean on-site application of a certificate item with days to spare, picked up at the window."""
    codes = [
        i["code"]
        for i in b.tables["items"]
        if b.item_meta.get(i["code"])
        and b.item_meta[i["code"]].certificate
        and b.item_meta[i["code"]].window == "comprehensive"
        and parse_limit(i["promised_limit"]).unit == "working_day"
        and parse_limit(i["promised_limit"]).amount >= 5
    ]
    for n in range(60):
        app = clean_app(b, rng, variant, item_code=codes[n % len(codes)])
        if (
            _events(app, "certificate_handed_over")
            and _events(app, "picked_up")
            and not _events(app, "mailed")
        ):
            return app
    raise RuntimeError("no clean certificate application picked up at the window")


def _retime(b: ExampleBuilder, app: dict[str, Any], first: dict[str, Any], at: datetime) -> None:
    """Move ``first`` to ``at`` and every later event of ``app`` after it, keeping their order and gaps
    in office minutes (a few minutes apart)."""
    idx = app["events"].index(first)
    first["at"] = iso(at)
    cursor = at
    for ev in app["events"][idx + 1 :]:
        cursor = b.advance(cursor, 10)
        ev["at"] = iso(cursor)


def plant(b: ExampleBuilder) -> None:
    """Plant one violation of every db23-hlj-2023 rule into ``b``."""
    rng = b.rng(f"plant.{S}")

    # 5.5.3 空窗 (and hangzhou 暂停服务 sign): the only clerk of the cross-region window leaves for 40
    # minutes at 10:05 without approval and without the pause sign.
    wid = b.window_ids("cross_region")[0]
    clerk = b.get("windows", wid)["staff"][0]
    day = b.month_days()[10]
    out = datetime.combine(day, time(10, 5))
    leave = b.add(
        "attendance",
        {
            "id": b.new_id("AT", width=5),
            "staff_id": clerk,
            "window_id": wid,
            "kind": "leave",
            "at": iso(out),
            "reason": "离开窗口办私事",
        },
    )
    b.add(
        "attendance",
        {
            "id": b.new_id("AT", width=5),
            "staff_id": clerk,
            "window_id": wid,
            "kind": "return",
            "at": iso(out + timedelta(minutes=40)),
        },
    )
    b.plant(f"{S}/unstaffed-window", f"{S}:5.5.3", "window", wid, "唯一在岗人员擅自离岗40分钟，窗口“空窗”")
    b.plant(
        f"{H}/pause-sign",
        f"{H}:工作要求.现场管理要求.现场标识.2.2",
        "attendance",
        leave["id"],
        "离开窗口未显示暂停服务",
    )

    # 6.1.2: a matter outside the centre, the person not told where to go.
    q = b.clean_inquiry(rng=rng, scope="c")
    q["guidance_given"] = False
    b.plant(
        f"{S}/outside-matter-directed", f"{S}:6.1.2", "inquiry", q["id"], "不在本中心办理的事项未告知办理路径"
    )
    b.plant(
        f"{D}/inquiry-routing",
        f"{D}:5.2.1.3.c",
        "inquiry",
        q["id"],
        "不属本大厅职责的咨询未说明情况并提供指引",
    )
    b.plant(
        f"{G}/first-inquiry-routing", f"{G}:5.1.4.d", "inquiry", q["id"], "不属本大厅职责的咨询未提供指引"
    )

    # 6.4.1: a question not answered on the spot, no ledger entry and no answer time.
    q = b.clean_inquiry(rng=rng, scope="a")
    q.update({"answered_on_spot": False, "ledger_recorded": False})
    q.pop("answered_at", None)
    b.plant(
        f"{S}/inquiry-ledger",
        f"{S}:6.4.1-s3",
        "inquiry",
        q["id"],
        "不能即时答复的咨询未登记台账、未约定答复时间",
    )
    b.plant(f"{G}/first-inquiry-routing", f"{G}:5.1.4.c", "inquiry", q["id"], "既未当场解答也未约定答复时间")

    # 6.1.3 / 7.4.2: a correction case decided one working day after the promised day, the 补正 period
    # already left out of the count.
    app = None
    for _ in range(60):
        cand = clean_app(b, rng, "correction")
        if not _meta(b, cand).certificate:
            app = cand
            break
    assert app is not None
    due = _promised_due(b, app)
    decided = _events(app, "decided")[0]
    decided["at"] = iso(datetime.combine(b.add_wd(due, 1), time(10, 0)))
    b.plant(
        f"{S}/promised-deadline",
        f"{S}:6.1.3",
        "application",
        app["id"],
        "扣除补正期间后仍超过承诺时限1个工作日办结",
    )
    b.plant(f"{G}/promised-deadline", f"{G}:5.5.1", "application", app["id"], "超过承诺时限办结")

    # 6.5.2 / 6.5.3 / 6.5.4: appointments.
    ap = b.clean_appointment(rng=rng, served=False)
    ap.update({"cancelled_by_hall": True, "hall_reason_given": False})
    b.plant(
        f"{S}/hall-side-rescheduling",
        f"{S}:6.5.2",
        "appointment",
        ap["id"],
        "中心取消预约，未说明理由也未另约时间",
    )
    ap = b.clean_appointment(rng=rng, served=False)
    ap["reminder_sent_at"] = iso(parse_dt(ap["slot_start"]) - timedelta(hours=3))
    b.plant(f"{S}/appointment-reminder", f"{S}:6.5.3", "appointment", ap["id"], "预约提醒仅提前3小时发出")
    ap = b.clean_appointment(rng=rng, served=False)
    end = parse_dt(ap["slot_end"])
    ap.update({"arrived_at": iso(end + timedelta(minutes=10)), "served_at": iso(end + timedelta(minutes=20))})
    b.plant(
        f"{S}/no-show-forfeits", f"{S}:6.5.4", "appointment", ap["id"], "超过预约时段才到场，仍按原预约办理"
    )

    # 6.6.1: a fee for 帮办.
    app = clean_app(b, rng, "plain", help_service="help", service_fee_charged=30)
    b.plant(f"{S}/free-help-and-agency", f"{S}:6.6.1", "application", app["id"], "帮办服务收费30元")

    # 6.6.3.4: a 代办 case whose rating was never asked for: the first rated agent case loses its rating
    # (a hall whose month has no rated agent case, e.g. seed 1284032004, gets no such plant).
    # (the rule asks for the rating once the case is decided and delivered, grace days before the audit day)
    rated = {e["application_id"] for e in b.tables["evaluations"] if e.get("application_id")}
    grace = timedelta(days=default_parameters().get(f"{S}.agency_rating_grace_days").value)
    agent_app = next(
        (a for a in sorted(b.tables["applications"], key=lambda a: a["id"])
         if a.get("help_service") == "agent" and a["id"] in rated and _done_before(a, b.as_of - grace)),
        None,
    )  # fmt: skip
    if agent_app is not None:
        b.tables["evaluations"] = [
            e for e in b.tables["evaluations"] if e.get("application_id") != agent_app["id"]
        ]
        b.plant(
            f"{S}/agency-rating-asked",
            f"{S}:6.6.3.4",
            "application",
            agent_app["id"],
            "代办事项办结后未请服务对象评价",
        )

    # 7.5: a decision with no receipt or acceptance traced in the system (both steps missing).
    app = clean_app(b, rng, "plain")
    app["events"] = [e for e in app["events"] if e["kind"] not in ("received", "accepted")]
    # with no receipt traced, the first recorded handling is the decision: its maker is the 首办 person
    app["staff_id"] = next(e["staff_id"] for e in app["events"] if e["kind"] == "decided")
    b.plant(f"{S}/steps-traced", f"{S}:7.5", "application", app["id"], "办结决定前无收件、受理环节留痕")

    # 7.4.1: a second correction notice asks for a material the first did not list.
    app = clean_app(b, rng, "correction")
    item = b.get("items", app["item_code"])
    first = _events(app, "correction_notice")[0]
    extra = next(m["name"] for m in item["materials"] if m["name"] not in first["materials"])
    sup = _events(app, "materials_supplemented")[0]
    at2 = b.advance(parse_dt(sup["at"]), 30)
    b.event(
        app,
        "application_id",
        "correction_notice",
        at2,
        staff_id=first.get("staff_id"),
        department=first.get("department"),
        written=True,
        materials=[extra],
        requirements=first.get("requirements"),
        deadline=iso(b.add_wd(at2.date(), 5)),
        reason="再次审核发现仍需补正",
    )
    b.event(
        app,
        "application_id",
        "materials_supplemented",
        b.advance(at2, 60),
        department=first.get("department"),
        materials=[extra],
        note="通过广东政务服务网补交",
    )
    app["events"].sort(key=lambda e: e["at"])
    b.plant(
        f"{S}/corrections-all-at-once", f"{S}:7.4.1", "application", app["id"], f"第二次补正告知新增“{extra}”"
    )
    b.plant(
        f"{G}/written-correction-notice",
        f"{G}:5.3.3.a",
        "application",
        app["id"],
        "再次要求补正首次未列明的材料",
    )
    b.plant(f"{D}/correction-notice", f"{D}:5.2.3.2.b", "application", app["id"], "补正材料未一次性告知")
    if item["type"] == "administrative_licensing":  # 行政许可法第三十二条第四项: 一次告知需要补正的全部内容
        b.plant(
            "admin-licensing-law/correction-notice-in-time",
            "admin-licensing-law:32.4",
            "application",
            app["id"],
            "行政许可申请的补正内容未一次告知",
        )

    # 7.4.2: returned one working day after the correction notice, its 5-working-day period still running;
    # an application whose promise (gdzw-0020-2019:5.5.1, planted below) is past by the audit day (one
    # received late in the month may still be inside it, or on its yellow card)
    for _ in range(40):
        app = clean_app(b, rng, "correction")
        if _gdzw_promise_due(b, app) < b.as_of:
            break
    notice = _events(app, "correction_notice")[0]
    app["events"] = app["events"][: app["events"].index(notice) + 1]
    back = datetime.combine(b.add_wd(parse_dt(notice["at"]).date(), 1), time(15, 0))
    b.event(
        app,
        "application_id",
        "returned",
        back,
        department=notice.get("department"),
        reason="补正材料未提交,作退件处理",
    )
    b.plant(
        f"{S}/return-only-after-deadline",
        f"{S}:7.4.2-s2",
        "application",
        app["id"],
        "补正期限未届满即退件(info)",
    )
    # gdzw-0020-2019 counts only recorded pauses and knows no 退件: the case stays open past its due day.
    b.plant(
        f"{G}/promised-deadline", f"{G}:5.5.1", "application", app["id"], "退件后无办结记录，承诺时限已过"
    )
    item = b.get("items", app["item_code"])
    if item["type"] == "administrative_licensing":
        # 行政许可法第四十二条: a 退件 is no decision; once the statutory period from acceptance (第三十二条
        # 第四项: 补正 within 5 days does not stop it) has run out, the licence decision is overdue
        joint = bool(app.get("joint") or item.get("joint_review"))
        own = parse_limit("45个工作日" if joint else "20个工作日")  # Art 42's own period (42.2 joint, 42.1)
        # the catalogue's limit is the period when it gives one (42.1: 法律、法规另有规定; a joint item's
        # own limit too, by admin-licensing-law.joint-own-limit's default), in working days (Art 82)
        limit = parse_limit(item.get("statutory_limit") or own)
        if limit.written_in_days:
            limit = limit.in_working_days()
        accepted = _events(app, "accepted")[0]
        if due_date(parse_dt(accepted["at"]), limit, calendar=b.calendar).due < b.as_of:
            b.plant(
                "admin-licensing-law/decision-within-limit",
                f"admin-licensing-law:{'42.2' if joint and (limit.amount, limit.unit) == (own.amount, own.unit) else '42.1'}",
                "application",
                app["id"],
                "退件后未作出行政许可决定，法定期限已过",
            )

    # 7.6.1.1: the certificate reaches the issuing window on the promised day itself.
    app = _certificate_app(b, rng)
    due = _promised_due(b, app)
    hand = _events(app, "certificate_handed_over")[0]
    decided = _events(app, "decided")[0]
    if parse_dt(decided["at"]).date() >= due:
        decided["at"] = iso(datetime.combine(b.sub_wd(due, 1), time(10, 0)))
    _retime(b, app, hand, datetime.combine(due, time(9, 30)))
    b.plant(
        f"{S}/certificate-handover",
        f"{S}:7.6.1.1",
        "application",
        app["id"],
        "承诺办结当日才将证件转交出件窗口",
    )

    # 7.6.1.2: a rejected certificate comes back corrected two working days later.
    app = _certificate_app(b, rng, "cert_rejected")
    rej = _events(app, "certificate_rejected")[0]
    fix = _events(app, "certificate_corrected")[0]
    _retime(b, app, fix, datetime.combine(b.add_wd(parse_dt(rej["at"]).date(), 2), time(10, 0)))
    b.plant(
        f"{S}/certificate-correction",
        f"{S}:7.6.1.2",
        "application",
        app["id"],
        "退回的证件2个工作日后才更正转交",
    )

    # 7.6.2: the pickup notice three working days after the certificate arrived.
    app = _certificate_app(b, rng)
    hand = _events(app, "certificate_handed_over")[0]
    note = _events(app, "pickup_notified")[0]
    _retime(b, app, note, datetime.combine(b.add_wd(parse_dt(hand["at"]).date(), 3), time(10, 0)))
    b.plant(f"{S}/pickup-notice", f"{S}:7.6.2", "application", app["id"], "收到证件3个工作日后才发放取件通知")

    # 8.1.3: a rating without the environment dimension.
    ev = b.clean_evaluation(rng=rng)
    ev["dimensions"] = {k: v for k, v in ev["dimensions"].items() if k != "environment"}
    b.plant(f"{S}/evaluation-dimensions", f"{S}:8.1.3", "evaluation", ev["id"], "服务评价缺少服务环境")

    # 8.1.2: no 好差评 or evaluation system in the hall record.
    hall = b.hall
    hall["systems"] = [s for s in hall["systems"] if s not in ("haochaping", "evaluation")]
    for rule, clause in (
        (f"{S}/haochaping-system", f"{S}:8.1.2"),
        (f"{D}/mechanisms-in-force", f"{D}:5.2.10"),
        (f"{G}/mechanisms-established", f"{G}:5.9.1"),
        (f"{H}/evaluation-system", f"{H}:评价.评价依据.1"),
    ):
        b.plant(rule, clause, "hall", hall["id"], "未建立“好差评”制度和评价制度")

    # 6.4.1 and 6.6.4: nobody in the consultant, guide or agent role (they were all booked as window
    # clerks), planted last because later factories look for a guide desk clerk or an agent.
    for sid in b.staff_ids(role="consultant") + b.staff_ids(role="guide") + b.staff_ids(role="agent"):
        b.get("staff", sid)["role"] = "window_clerk"
    for rule, clause, what in (
        (f"{S}/consultation-staff", f"{S}:6.4.1", "无专人负责咨询服务"),
        (f"{S}/agency-team", f"{S}:6.6.4", "未建立帮办代办服务团队"),
        (f"{D}/staff-roles", f"{D}:6.3.1.b-s2", "未设置导办、咨询、帮办代办人员(宜)"),
    ):
        b.plant(rule, clause, "hall", hall["id"], what)
