"""Planted violations of yousu-jiban (政务服务中心“有诉即办”服务规范) in the example hall.

Each violation starts from a NEW exemplary complaint (``ExampleBuilder.clean_complaint``) and breaks
one aspect of it; the manifest gets a row for every yousu-jiban rule that fires on the broken record
(worked out below, case by case, under the default readings and parameters). Two hall-record
breaches cover the 服务机构 clauses.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from govhall.example.builder import ExampleBuilder, iso, parse_dt

__all__ = ["plant"]

S = "yousu-jiban"


def _events(c: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e for e in c["events"] if e["kind"] == kind]


def _drop(c: dict[str, Any], *kinds: str) -> None:
    c["events"] = [e for e in c["events"] if e["kind"] not in kinds]


def _add(c: dict[str, Any], kind: str, at: datetime, **fields: Any) -> dict[str, Any]:
    n = sum(1 for e in c["events"] if str(e.get("id", "")).startswith(f"{c['id']}-P")) + 1
    ev: dict[str, Any] = {"id": f"{c['id']}-P{n:02d}", "complaint_id": c["id"], "kind": kind, "at": iso(at)}
    ev.update(
        {k: (iso(v) if isinstance(v, (date, datetime)) else v) for k, v in fields.items() if v is not None}
    )
    c["events"].append(ev)
    c["events"].sort(key=lambda e: e["at"])
    return ev


def _at(c: dict[str, Any], kind: str) -> datetime:
    return parse_dt(_events(c, kind)[0]["at"])


def _due(c: dict[str, Any]) -> date:
    """The due date the builder told the complainant (the earliest any reading gives = the default one
    for a general complaint: 3 calendar days from the 工作单)."""
    return date.fromisoformat(_events(c, "time_limit_told")[0]["deadline"][:10])


def _on(day: date, hh: int = 10, mm: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm))


def _move_answer(c: dict[str, Any], day: date) -> None:
    """Move the answer to ``day`` 10:00 and the closure five minutes later."""
    answered = _events(c, "answered")[0]
    answered["at"] = iso(_on(day))
    for e in _events(c, "closed"):
        e["at"] = iso(_on(day, 10, 5))
    c["events"].sort(key=lambda e: e["at"])


def _forwarded_late(b: ExampleBuilder, c: dict[str, Any], what: str) -> None:
    """The same late answer breaks dongguan-hall-2023:6.1.7.2 c: the complaint was sent to a department
    by 工作单 and answered after the 工作单's 完成时限 with no explanation to the hall (issue #16)."""
    b.plant(
        "dongguan-hall-2023/forwarded-complaint-answered",
        "dongguan-hall-2023:6.1.7.2.c",
        "complaint",
        c["id"],
        what,
    )


def plant(b: ExampleBuilder) -> None:
    """Plant at least one violation of every automatable yousu-jiban rule into ``b``."""
    rng = b.rng(f"plant.{S}")
    hall = b.hall

    # 服务机构.1 / .2: the hall record says the desk is neither signposted nor shows the 受理方式.
    hall["complaint_desk_signposted"] = False
    b.plant(f"{S}/desk-signposted", f"{S}:服务机构.1", "hall", hall["id"], "有诉即办导引服务台无明显标识")
    hall["complaint_acceptance_published"] = False
    b.plant(
        f"{S}/acceptance-ways-published", f"{S}:服务机构.2", "hall", hall["id"], "导引服务台未公示受理方式"
    )

    # 不予受理.1: a complaint already in litigation is accepted and handled.
    c = b.clean_complaint(tier="general", channel="onsite", rng=rng)
    c["facts"]["litigation"] = True
    c["content"] = "此事我已向法院起诉，请中心督促对方尽快处理。"
    b.plant(
        f"{S}/accepted-despite-exclusion",
        f"{S}:不予受理.1",
        "complaint",
        c["id"],
        "已起诉的诉求被受理（应不予受理并告知理由）",
    )

    # 受理内容: refused as "already in petition" although nothing in the facts says so.
    c = b.clean_complaint(refusal="in_petition", channel="phone", rng=rng)
    c["facts"] = {"on_site": False}
    b.plant(
        f"{S}/refused-without-ground",
        f"{S}:受理内容",
        "complaint",
        c["id"],
        "不属于任何不予受理情形的诉求被不予受理",
    )

    # 处置流程.受理.4: refused without telling the reason.
    c = b.clean_complaint(refusal="malicious_or_unclear", channel="onsite", rng=rng)
    c.pop("refusal_reason", None)
    for e in _events(c, "not_accepted"):
        e.pop("reason", None)
    b.plant(f"{S}/refusal-reason-told", f"{S}:处置流程.受理.4", "complaint", c["id"], "不予受理未告知理由")

    # 处置流程.受理.4: another centre's matter refused instead of referred.
    c = b.clean_complaint(referral="assist", channel="onsite", rng=rng)
    c.update({"accepted": False, "refusal_reason": "不属于本中心管辖，请自行前往有管辖权的中心。"})
    c.pop("referral", None)
    _drop(c, "referred")
    b.plant(
        f"{S}/out-of-jurisdiction-referred",
        f"{S}:处置流程.受理.4",
        "complaint",
        c["id"],
        "不属于本级管辖的诉求被拒之门外，未联系相关单位协助受理",
    )

    # 处置流程.受理.1: the on-site clerk did not state who they are.
    c = b.clean_complaint(tier="general", channel="onsite", rng=rng)
    _drop(c, "identity_stated")
    b.plant(f"{S}/identity-stated", f"{S}:处置流程.受理.1", "complaint", c["id"], "现场受理未主动亮明身份")

    # 处置流程.审核.1: a simple on-site general question answered the next working day, not on the spot.
    # (The next working day is within the 督办 window, so no 督办 was due.)
    c = b.clean_complaint(on_the_spot=True, rng=rng)
    received = parse_dt(c["received_at"])
    _move_answer(c, b.add_wd(received.date(), 1))
    b.plant(f"{S}/on-the-spot", f"{S}:处置流程.审核.1", "complaint", c["id"], "一般性现场问题未当场协调解决")

    # 处置流程.受理.3: a mini-program complaint first responded to 2 working days after it came in
    # (the receipt is moved back; the 工作单 and so the tier due date are unchanged).
    c = b.clean_complaint(tier="general", channel="mini_program", rng=rng)
    first = _at(c, "responded")
    received = _on(b.sub_wd(first.date(), 2), 9, 30)
    c["received_at"] = iso(received)
    c["worksheet"]["reported_at"] = iso(received)
    b.plant(
        f"{S}/remote-response-one-working-day",
        f"{S}:处置流程.受理.3",
        "complaint",
        c["id"],
        "小程序投诉2个工作日后才主动回应（应在1个工作日内）",
    )

    # 处置流程.受理.5: the record lacks the complainant's address and phone.
    c = b.clean_complaint(tier="general", channel="onsite", rng=rng)
    c["complainant"] = {"name": c["complainant"]["name"]}
    c["recorded_fields"] = ["name", "time", "channel", "content"]
    b.plant(
        f"{S}/record-elements", f"{S}:处置流程.受理.5", "complaint", c["id"], "受理记录缺少地址、联系电话"
    )

    # 处置流程.审核.2: a simple phone matter answered 2 working days after receipt (a 催办 was made, so
    # only the 1-working-day limit is broken; 2 working days after is still within the 督办 window).
    c = b.clean_complaint(tier="simple", channel="phone", rng=rng)
    received = parse_dt(c["received_at"])
    _add(
        c,
        "urged",
        _at(c, "worksheet_sent") + timedelta(minutes=10),
        staff_id=c["handler_staff"],
        note="事项即将到期，予以催办",
    )
    _move_answer(c, b.add_wd(received.date(), 2))
    b.plant(
        f"{S}/simple-remote-one-working-day",
        f"{S}:处置流程.审核.2",
        "complaint",
        c["id"],
        "简单非现场诉求2个工作日才办结（应1个工作日内）",
    )
    _forwarded_late(b, c, "转送部门超过工作单完成时限才答复，未作情况说明")

    # 处置流程.审核.4: forwarded outside government services without telling the complainant.
    c = b.clean_complaint(referral="forward", channel="onsite", rng=rng)
    for e in _events(c, "referred"):
        e["told_applicant"] = False
    b.plant(
        f"{S}/outside-service-forwarded",
        f"{S}:处置流程.审核.4",
        "complaint",
        c["id"],
        "不属于政务服务范围的诉求转交后未告知诉求人",
    )

    # 处置流程.审核.5: the time limit was never told. The answer is moved to the next working day (an
    # answer on the day of receipt needs no time limit) and a 催办 is made, so nothing else breaks.
    c = b.clean_complaint(tier="general", channel="onsite", rng=rng)
    _drop(c, "time_limit_told")
    if not _events(c, "urged"):
        _add(c, "urged", _at(c, "worksheet_sent") + timedelta(minutes=10), staff_id=c["handler_staff"])
    _move_answer(c, b.add_wd(parse_dt(c["received_at"]).date(), 1))
    b.plant(f"{S}/time-limit-told", f"{S}:处置流程.审核.5", "complaint", c["id"], "未告知服务对象处置时限")

    # 处置流程.审核.5: an extension recorded but not told to the complainant.
    c = b.clean_complaint(tier="general", channel="onsite", rng=rng)
    _add(
        c,
        "extended",
        _at(c, "worksheet_sent") + timedelta(minutes=30),
        staff_id=c["handler_staff"],
        limit="2天",
        reason="需会同相关部门核实",
        told_applicant=False,
    )
    b.plant(f"{S}/extension-told", f"{S}:处置流程.审核.5", "complaint", c["id"], "延长办理时限未告知诉求人")

    # 处置流程.审核.6: the complainant is suspected of a violation and nothing was handed over.
    c = b.clean_complaint(tier="general", channel="onsite", rng=rng)
    c["facts"]["suspected_violation"] = True
    b.plant(
        f"{S}/violation-handed-over",
        f"{S}:处置流程.审核.6",
        "complaint",
        c["id"],
        "发现服务对象涉嫌违法违纪未按规定移交",
    )

    # 处置流程.办理.1: a general complaint answered the working day after its due date (urged in time;
    # the answer came inside the 督办 window, so no 督办 was due).
    c = b.clean_complaint(tier="general", channel="onsite", urged=True, rng=rng)
    _move_answer(c, b.add_wd(_due(c), 1))
    b.plant(f"{S}/tier-deadline", f"{S}:处置流程.办理.1", "complaint", c["id"], "一般事件事项超过3天才答复")
    _forwarded_late(b, c, "转送部门超过工作单完成时限才答复，未作情况说明")

    # 处置流程.办理.1: answered in time but never closed (销号).
    c = b.clean_complaint(tier="general", channel="onsite", rng=rng)
    _drop(c, "closed")
    b.plant(f"{S}/track-to-closure", f"{S}:处置流程.办理.1", "complaint", c["id"], "已答复但未销号清零")

    # 处置流程.办理.2: the 工作单 promises a 完成时限 three working days beyond the 3-day limit.
    c = b.clean_complaint(tier="general", channel="onsite", rng=rng)
    c["worksheet"]["deadline"] = iso(b.add_wd(_due(c), 3))
    b.plant(
        f"{S}/worksheet-deadline", f"{S}:处置流程.办理.2", "complaint", c["id"], "工作单完成时限超过规定期限"
    )

    # 处置流程.办理.2: several departments and no lead department, on the complaint or on its 工作单 (which
    # lists the departments without naming a lead).
    c = b.clean_complaint(tier="multi_department", channel="onsite", rng=rng)
    c["lead_department"] = None
    if c.get("worksheet"):
        named = [b.department_name(d) for d in [*c["facts"]["departments"], *c.get("co_departments", [])]]
        c["worksheet"]["departments"] = "责任部门：" + "、".join(dict.fromkeys(named))
    b.plant(
        f"{S}/lead-department", f"{S}:处置流程.办理.2", "complaint", c["id"], "涉及多个部门未明确牵头部门"
    )

    # 处置流程.督办.1 (黄牌): answered on the due date itself, after the 催办 day passed without a 催办.
    c = b.clean_complaint(tier="general", channel="onsite", rng=rng)
    _drop(c, "urged")  # the builder urges when the 工作单 leaves no quiet day before the 催办 day
    _move_answer(c, _due(c))
    b.plant(f"{S}/urge-before-due", f"{S}:处置流程.督办.1", "complaint", c["id"], "即将到期未催办（黄牌）")

    # 处置流程.督办.2 (红牌): urged, then never answered and never supervised. It is also late and open.
    c = b.clean_complaint(tier="general", channel="onsite", urged=True, rng=rng)
    _drop(c, "answered", "closed")
    b.plant(
        f"{S}/supervise-when-overdue",
        f"{S}:处置流程.督办.2",
        "complaint",
        c["id"],
        "逾期未反馈结果未督办（红牌）",
    )
    b.plant(f"{S}/tier-deadline", f"{S}:处置流程.办理.1", "complaint", c["id"], "逾期未答复")
    _forwarded_late(b, c, "转送部门逾期未答复，未作情况说明")
    b.plant(f"{S}/track-to-closure", f"{S}:处置流程.办理.1", "complaint", c["id"], "逾期未销号")

    # 处置流程.督办.3: 督办 the working day after the due date, its deadline missed, the 通报 made but
    # not copied to the 纪委监委. The answer is late too.
    c = b.clean_complaint(tier="general", channel="onsite", urged=True, rng=rng)
    due = _due(c)
    sup_day, sup_due = b.add_wd(due, 1), b.add_wd(due, 3)
    _add(
        c,
        "supervised",
        _on(sup_day, 9, 30),
        staff_id=c["handler_staff"],
        deadline=sup_due,
        note="逾期未反馈，予以督办",
    )
    _add(
        c,
        "notified",
        _on(b.add_wd(sup_due, 1), 9, 30),
        staff_id=c["handler_staff"],
        reported_to_government=True,
        cc_discipline=False,
        note="督办后仍未办理，予以通报",
    )
    _move_answer(c, b.add_wd(sup_due, 2))
    b.plant(
        f"{S}/notify-after-supervision",
        f"{S}:处置流程.督办.3",
        "complaint",
        c["id"],
        "督办后仍未办理，通报未抄送同级纪委监委",
    )
    b.plant(f"{S}/tier-deadline", f"{S}:处置流程.办理.1", "complaint", c["id"], "督办后才答复")
    _forwarded_late(b, c, "转送部门督办后才答复，未作情况说明")

    # 附录A (info): the 工作单 leaves the category and the worksheet phone empty.
    c = b.clean_complaint(tier="general", channel="onsite", rng=rng)
    c["worksheet"]["category"] = None
    c["worksheet"]["worksheet_phone"] = None
    b.plant(
        f"{S}/worksheet-fields", f"{S}:附录A", "complaint", c["id"], "工作单缺少诉求反应类别、工作单联系电话"
    )
