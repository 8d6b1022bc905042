"""Planted violations of admin-licensing-law (中华人民共和国行政许可法) in the example hall.

Each violation starts from a NEW exemplary application of an administrative-licensing item
(``ExampleBuilder.clean_application``) and breaks one aspect of it; the manifest gets a row for every
rule that fires on the broken record, of this law and of the hall standards (worked out case by case
under the default readings and parameters, and checked by auditing the built example). Art 30 is
broken on one item's service guide.

Not planted: Art 34(2) (no item of the example hall has a statutory limit of 当场, and changing one
would change the base month), and the articles the inventory lists as parameters or not automatable.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from govhall.example.builder import ExampleBuilder, iso, parse_dt
from govhall.timelimits import due_date

__all__ = ["plant"]

L = "admin-licensing-law"
G = "gdzw-0020-2019"
D = "dongguan-hall-2023"
B = "db23-hlj-2023"

#: a licensing item at the comprehensive windows with a 15-working-day promise, a certificate and an
#: Art 45 procedure (expert review): room for every variant the builder offers.
ITEM = "FY-WJJ-002"


def _events(rec: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e for e in rec["events"] if e["kind"] == kind]


def _add(rec: dict[str, Any], kind: str, at: datetime, **fields: Any) -> dict[str, Any]:
    """Add a planted event (id ``<application>-L<n>``) and keep the history in time order."""
    n = sum(1 for e in rec["events"] if str(e.get("id", "")).startswith(f"{rec['id']}-L")) + 1
    ev: dict[str, Any] = {
        "id": f"{rec['id']}-L{n:02d}",
        "application_id": rec["id"],
        "kind": kind,
        "at": iso(at),
    }
    ev.update(
        {k: (iso(v) if isinstance(v, (date, datetime)) else v) for k, v in fields.items() if v is not None}
    )
    rec["events"].append(ev)
    rec["events"].sort(key=lambda e: e["at"])
    return ev


def _at(b: ExampleBuilder, day: date, hh: int = 10) -> datetime:
    return datetime.combine(day, time(hh, 0))


def _last_day(start: date, limit: str, b: ExampleBuilder) -> date:
    """The computed last day of ``limit`` from ``start`` (before any holiday roll), via timelimits."""
    dl = due_date(start, limit, calendar=b.calendar)
    return dl.rolled_from or dl.due


def plant(b: ExampleBuilder) -> None:
    """Plant a violation of every automatable admin-licensing-law rule that the example can carry."""
    rng = b.rng(f"plant.{L}")
    early = b.month_days()[3]

    # Art 30: the application form of a licensing item is published without its sample (示范文本).
    item = b.get("items", "FY-ZRZYJ-002")
    form = next(m for m in item["materials"] if "申请" in m["name"])
    form["sample_provided"] = False
    b.plant(
        f"{L}/requirements-published", f"{L}:30.1", "item", item["code"], f"“{form['name']}”未公示示范文本"
    )

    # Art 32(4): the correction notice comes on the 6th working day after receipt (deemed accepted on receipt).
    for _ in range(200):
        a = b.clean_application(item_code=ITEM, rng=rng)
        received = parse_dt(a["received_at"]).date()
        decided = parse_dt(_events(a, "decided")[0]["at"])
        notice_day = b.add_wd(received, 6)
        supply_day = b.add_wd(notice_day, 1)
        if supply_day < decided.date():
            break
    else:  # pragma: no cover - the seed always finds one
        raise AssertionError("no application leaves room for a late correction notice")
    names = [m["name"] for m in b.get("items", ITEM)["materials"] if not m.get("main")]
    _add(
        a,
        "correction_notice",
        _at(b, notice_day),
        staff_id=a["staff_id"],
        department="WJJ",
        written=True,
        materials=names[:1],
        requirements="提供加盖公章的原件扫描件",
        deadline=b.add_wd(notice_day, 5),
        reason="申请材料不符合法定形式",
    )
    _add(a, "materials_supplemented", _at(b, supply_day, 11), department="WJJ", materials=names[:1])
    b.plant(
        f"{L}/correction-notice-in-time",
        f"{L}:32.4",
        "application",
        a["id"],
        "收件后第6个工作日才告知补正，依法自收到申请材料之日起即为受理",
    )

    # Art 32(5): an application recorded as meeting the conditions is refused.
    a = b.clean_application(item_code=ITEM, variant="not_accepted", rng=rng)
    a["meets_conditions"] = True
    b.plant(f"{L}/accept-complete-application", f"{L}:32.5", "application", a["id"], "符合受理条件却不予受理")

    # Art 32 (2nd para): acceptance without a written receipt.
    a = b.clean_application(item_code=ITEM, rng=rng)
    _events(a, "accepted")[0]["written"] = False
    b.plant(f"{L}/acceptance-written-receipt", f"{L}:32.p2", "application", a["id"], "受理未出具书面凭证")

    # Art 42(1): accepted early in September, still undecided on as_of (also late against the promise).
    a = b.clean_application(
        item_code=ITEM, variant="open", rng=rng, received_at=_at(b, early, 10).replace(minute=50)
    )
    b.plant(
        f"{L}/decision-within-limit",
        f"{L}:42.1",
        "application",
        a["id"],
        "超过20个工作日仍未作出行政许可决定",
    )
    b.plant(f"{G}/promised-deadline", f"{G}:5.5.1", "application", a["id"], "超过承诺时限仍未办结")
    b.plant(f"{B}/promised-deadline", f"{B}:6.1.3", "application", a["id"], "超过承诺时限仍未办结")

    # Art 42(1): an extension nobody approved.
    a = b.clean_application(item_code=ITEM, variant="extension", rng=rng)
    for e in _events(a, "extended"):
        e.pop("approved_by", None)
    b.plant(
        f"{L}/extension-approved", f"{L}:42.1", "application", a["id"], "延长期限未经本行政机关负责人批准"
    )

    # Art 45: expert review without a written notice of the time it takes.
    a = b.clean_application(item_code=ITEM, variant="pause", rng=rng)
    for e in _events(a, "paused"):
        e["written"] = False
    b.plant(
        f"{L}/excluded-period-notified", f"{L}:45", "application", a["id"], "专家评审所需时间未书面告知申请人"
    )

    # Art 44: the licence issued 12 working days after the decision.
    a = b.clean_application(item_code=ITEM, rng=rng)
    decided = parse_dt(_events(a, "decided")[0]["at"])
    late = b.add_wd(decided.date(), 12)
    for kind, hh in (("pickup_notified", 10), ("picked_up", 15)):
        for e in _events(a, kind):
            e["at"] = iso(_at(b, late, hh))
    for e in _events(a, "visit"):
        if e.get("purpose") == "pickup":
            e["at"] = iso(_at(b, late, 15))
    a["events"].sort(key=lambda e: e["at"])
    b.plant(
        f"{L}/certificate-within-limit",
        f"{L}:44",
        "application",
        a["id"],
        "作出准予决定后第12个工作日才颁发证件",
    )
    b.plant(f"{B}/pickup-notice", f"{B}:7.6.2", "application", a["id"], "证件交接后未及时发送取件通知")

    # Art 50(1): a renewal filed 20 days before the licence expires.
    a = b.clean_application(item_code=ITEM, variant="renewal", rng=rng)
    a["licence_expires_on"] = iso(_last_day(parse_dt(a["received_at"]).date(), "20天", b))
    b.plant(f"{L}/renewal-filed-in-time", f"{L}:50.1", "application", a["id"], "有效期届满前20日才申请延续")

    # Art 50(2): a renewal filed exactly 30 days ahead and still undecided after expiry: deemed granted.
    a = b.clean_application(
        item_code=ITEM, variant="open", rng=rng, received_at=_at(b, early, 14).replace(minute=10)
    )
    a["kind"] = "renewal"
    a["licence_expires_on"] = iso(_last_day(parse_dt(a["received_at"]).date(), "30天", b))
    b.plant(
        f"{L}/renewal-decided-before-expiry",
        f"{L}:50.2",
        "application",
        a["id"],
        "有效期届满前未作出是否准予延续的决定，视为准予延续",
    )
    b.plant(f"{L}/decision-within-limit", f"{L}:42.1", "application", a["id"], "超过20个工作日仍未作出决定")
    b.plant(f"{G}/promised-deadline", f"{G}:5.5.1", "application", a["id"], "超过承诺时限仍未办结")
    b.plant(f"{B}/promised-deadline", f"{B}:6.1.3", "application", a["id"], "超过承诺时限仍未办结")
