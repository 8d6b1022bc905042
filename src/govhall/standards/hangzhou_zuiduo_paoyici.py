"""杭州 "最多跑一次" 政务办事乡镇（街道）便民服务中心工作规范 (杭州市市场监督管理局).

Source: ../shared/seeds/004_c6c9979440275f69.txt (standard id ``hangzhou-zuiduo-paoyici``). The seed
has lost its section numbers (only 6.1.2.1 and 6.1.2.2 survive); clause ids are heading paths plus
positions, e.g. ``工作要求.现场管理要求.硬件设置.3.1``, the scheme recorded at the top of
``clauses/hangzhou-zuiduo-paoyici.yaml``.

Checked with: tests/standards/test_hangzhou_zuiduo_paoyici.py (a firing and a silent case per rule),
tests/test_visits.py (which visits count, worked case by case from the definition),
tests/standards/test_hangzhou_zuiduo_paoyici.py's hypothesis properties of the forbidden-phrase
search (inserted spaces, full/half-width variants; never fires on the seed's own polite phrases),
tests/standards/cases/hangzhou-zuiduo-paoyici.yaml and the planted example hall.

What ``govhall check CATALOG`` runs from here (``subject="item"``): the service-guide elements of
软件设置 (服务事项名称, 政策依据, 受理条件, 申请材料, 办理程序, 办结时限) and of 服务功能 (完整版和简版;
注明完整版的查询途径).

Limits:

* Visits are counted by :mod:`govhall.visits` from ``visit`` events (purpose, voluntary) and, by
  default, inferred from an on-site receipt and a window pickup. Whether courier delivery or an online
  supplement was *possible* is read from ``voluntary``; the records do not say it otherwise.
* Forbidden phrases are looked for in ``Transcript.text`` after normalisation
  (:mod:`govhall.phrases`); tone, sarcasm and the rest of 附录B need a listener. Traditional-Chinese
  transcripts are not converted.
* Every catalogue item is treated as a "最多跑一次" item (服务功能.4.1): the catalogue does not mark them.
* The name rule (现场标识.4) applies to township and street centres only (the seed's scope); a county
  hall is not a 便民服务中心.
* Dress, posture, manners and the annex A clauses need a person's eye and are inventoried as such.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any, Literal

from govhall.decisions import closed_unanswered, missing_named
from govhall.models import (
    Application,
    Complaint,
    Dataset,
    Hall,
    HallSystem,
    Item,
    Staff,
    StaffRole,
    Transcript,
    WindowKind,
)
from govhall.models.applications import EventKind
from govhall.phrases import find_forbidden
from govhall.rules import Context, Hit, Subject, interpretation, rule
from govhall.standards import declare
from govhall.standards._limits import DAY_UNIT, PROMISE_DAY_UNIT, application_limit, extension_counted
from govhall.standards._presence import parse_periods, unsigned_leaves, window_days, without_roles
from govhall.timelimits import TimeLimit, is_late, parse_limit
from govhall.visits import classify_visits, counted_visit_count

STANDARD = declare(
    "hangzhou-zuiduo-paoyici",
    title="杭州 “最多跑一次” 政务办事乡镇（街道）便民服务中心工作规范",
    module=__name__,
    issuer="杭州市市场监督管理局",
    source="../shared/seeds/004_c6c9979440275f69.txt",
    checked_with="tests/standards/test_hangzhou_zuiduo_paoyici.py, tests/test_visits.py, "
    "tests/standards/cases/hangzhou-zuiduo-paoyici.yaml, the planted example hall",
    limits="visits from visit events (+ inferred receipt/pickup); forbidden phrases after normalisation only; "
    "every item treated as a 最多跑一次 item",
)

S = "hangzhou-zuiduo-paoyici"
DEF = f"{S}:术语和定义.最多跑一次"

IMPLICIT_VISITS = interpretation(
    f"{S}.implicit-visits",
    clause=DEF,
    question="Visits not recorded as visit events: does an on-site receipt count as the submission visit and a "
    "window pickup (picked_up) as a pickup visit?",
    default="infer",
    alternatives={
        "infer": "yes, unless a visit event already records that submission or pickup",
        "explicit_only": "no: only visit events are visits",
    },
    basis="an on-site application and a pickup at the window are trips to the hall whether or not a visit was logged",
)
SUPPLEMENT_VISITS = interpretation(
    f"{S}.correction-supplements",
    clause=DEF,
    question="A visit to hand in corrected or missing materials for an application that was not yet complete "
    "(a non-容缺 correction): does it count towards 最多跑一次?",
    default="exempt",
    alternatives={
        "exempt": "no: the promise holds only 在申请材料齐全、符合法定受理条件时, from 受理申请 to the decision, so "
        "a trip made while the materials were still incomplete is outside it",
        "count": "yes: the definition's exceptions name only the voluntary 容缺 supplement, so other supplement "
        "trips count (the one-time notice should have made them unnecessary or possible by post/online)",
    },
    basis="术语和定义 最多跑一次: 在申请材料齐全、符合法定受理条件时，从受理申请到作出办理决定、形成办理结果的全过程"
    "实现一次上门或零上门 — the count starts once the application is complete; the listed exceptions (出现以下情况"
    "仍属于) are cases inside that span, so they do not make trips before it count",
)
UNRECORDED_SHORT_GUIDE = interpretation(
    f"{S}.unrecorded-short-guide",
    clause=f"{S}:工作要求.服务要求.服务功能.4.3",
    question="服务窗口可仅提供简版，同时应注明完整版的查询途径和获取方式: an item whose short guide is not recorded "
    "(guide_simple left out or null) and that gives no way to the full guide — is the way owed?",
    default="owed",
    alternatives={
        "owed": "yes: 服务功能.4.1 owes every item a short guide (应对每项……编制服务指南完整版和简版), so the way "
        "to the full guide is owed whatever the record says of the short one; only an item recorded as "
        "having no short guide (guide_simple false: reported by guide-full-and-short) has nothing to annotate "
        "(the only reading before 2026-12)",
        "recorded_short_guide": "only an item recorded as having a short guide (guide_simple true) is judged: "
        "the note is written on the short guide, and a catalogue that does not record the short guides does "
        "not show that one was handed out without it (its missing short guide is guide-full-and-short's "
        "finding)",
    },
    basis="the note is part of the short guide the window hands out (同时应注明), so it is owed where a short "
    "guide is; 4.1 makes the short guide owed for every item and guide-full-and-short reports an unrecorded "
    "one as missing (a catalogue checked in CI must show the guides it has), so by default the note is "
    "owed alike. A hall that records its short guides elsewhere and would not have an unrecorded fact "
    "reported twice may choose recorded_short_guide. Asked only of an item whose short guide is not "
    "recorded and that gives no way to the full guide",
)
PHRASE_PARTS = interpretation(
    f"{S}.phrase-parts",
    clause=f"{S}:附录B.常用标准服务用语.禁止用语.1",
    question="禁止用语 '清醒点，理智点' and '这个，那个': is each list item forbidden only as written, or are "
    "its parts forbidden on their own?",
    default="split_imperatives",
    alternatives={
        "split_imperatives": "清醒点 and 理智点 are each forbidden (two imperatives); 这个，那个 only as the pair, "
        "since 这个 alone is an ordinary word",
        "whole_items": "each list item only as written",
    },
    basis="清醒点 / 理智点 are complete utterances; 这个 / 那个 are not offensive alone",
)
SPEAKERS = interpretation(
    f"{S}.transcript-speakers",
    clause=f"{S}:工作要求.人员要求.1.3",
    question="A transcript holds both sides of the conversation: whose lines are checked for forbidden phrases?",
    default="label_lines",
    alternatives={
        "label_lines": "lines labelled as the applicant's (服务对象：, 群众：, 办事人：, 来电人：, 来访人：, 申请人：) "
        "are skipped; all other lines count as the staff member's",
        "whole_text": "the whole text is the staff member's speech",
    },
    basis="服务用语 binds the staff (窗口受理人员); what the applicant says is not theirs",
)
PROMISE_START = interpretation(
    f"{S}.promise-start",
    clause=f"{S}:工作要求.服务要求.事项办理要求.5.2",
    question="应承诺办理时限…对需延长办理时限的，应提前告知: from which moment does the promised limit that an "
    "extension must be told before run — the receipt, or the acceptance when it came later?",
    default="accepted",
    alternatives={
        "accepted": "from the acceptance (the first accepted event), else from receipt: the standard's own span "
        "of a matter runs 从受理申请到作出办理决定 (最多跑一次的定义), and gdzw-0020-2019:5.5.1 and "
        "db23-hlj-2023.promise-start (default) count a promise from it too",
        "received": "from receipt, whatever the acceptance time (the only reading before 2026-12)",
    },
    basis="the clause names no start; the standard's definition of 最多跑一次 spans 从受理申请到作出办理决定, so the "
    "promise covers an accepted matter. Counting from an earlier receipt ends the limit sooner and would call "
    "an extension told before the promise ran out 'late'. Asked only when an acceptance came later than receipt",
)
COMPLETION_LIMIT = interpretation(
    f"{S}.completion-limit",
    clause=f"{S}:工作要求.现场管理要求.软件设置.1",
    question="软件设置 data unit 办结时限: the promised limit (承诺时限), or any time limit to completion?",
    default="either",
    alternatives={
        "either": "a promised or a statutory limit (法定时限) satisfies it",
        "promised": "only a promised limit (承诺时限) satisfies it",
    },
    basis="办结时限 is the time limit to completion, whichever kind the item has",
)

TOWN_LEVELS = frozenset(
    {"town", "township", "street", "subdistrict", "乡", "镇", "乡镇", "街道", "乡镇（街道）"}
)
HARDWARE: dict[str, tuple[str, ...]] = {
    "query_device": ("查询设备", "查询机"),
    "ticket_machine": ("取号机",),
    "caller": ("叫号机", "叫号器"),
    "display": ("显示屏",),
}
#: 制度建设.2, in the seed's order
RECOMMENDED_SYSTEMS: tuple[HallSystem, ...] = (
    HallSystem.training,
    HallSystem.evaluation,
    HallSystem.post_responsibility,
    HallSystem.service_commitment,
    HallSystem.one_time_notice,
    HallSystem.full_agency,
    HallSystem.first_inquiry,
    HallSystem.time_limited,
    HallSystem.ab_post,
    HallSystem.openness,
    HallSystem.accountability,
)
GUIDE_ELEMENTS: tuple[tuple[str, str], ...] = (
    ("name", "服务事项名称"),
    ("legal_basis", "政策依据"),
    ("acceptance_conditions", "受理条件"),
    ("materials", "申请材料"),
    ("procedure", "办理程序"),
    ("time_limit", "办结时限"),
)


def _has(values: list[str], key: str, terms: Mapping[str, tuple[str, ...]]) -> bool:
    """Whether the free-text list ``values`` names ``key``, by itself or the clause's words in ``terms``
    (:func:`govhall.decisions.missing_named`: case, spaces and ``-`` for ``_`` do not matter)."""
    return not missing_named(values, (key,), terms)


def _iso(v: object) -> object:
    return v.isoformat() if hasattr(v, "isoformat") else v


_MAX_VISITS = f"{S}.max_counted_visits"


# -- 术语和定义: 最多跑一次 ---------------------------------------------------------------------------


@rule(
    f"{S}/at-most-one-visit",
    title_zh="最多跑一次：从申请到取得结果最多跑一次",
    clause=[DEF, f"{S}:工作要求.人员要求.2.1"],
    severity="error",
    subject="application",
    parameters=[f"{S}.max_counted_visits"],
    interpretations=[IMPLICIT_VISITS.name, SUPPLEMENT_VISITS.name],
    title='"最多跑一次": at most one counted visit from application to result',
)
def at_most_one_visit(app: Application, ctx: Context) -> Iterator[Hit]:
    """群众和企业……到政府办理“一件事情”在申请材料齐全、符合法定受理条件时,从受理申请到作出办理决定、形成办理结果的全过程实现一次上门或零上门。

    工作要求.人员要求: 窗口工作人员应做到受理环节准确无误、答复咨询全面准确并能一次性告知 — the duty
    whose failure makes people come back. The visits are counted by :func:`govhall.visits.classify_visits`
    (the four exceptions of the definition do not count); fires when more than ``max_counted_visits``
    count, with every visit and why it counts or not in the evidence. The severity follows that 应.
    """
    infer = ctx.interpret(IMPLICIT_VISITS.name) == "infer"
    # the interpretation's value is one of its two alternatives (checked when the run's choices are read)
    supplements: Literal["count", "exempt"] = (
        "count" if ctx.interpret(SUPPLEMENT_VISITS.name) == "count" else "exempt"
    )
    allowed = ctx.param(_MAX_VISITS, on=app.received_at)
    if counted_visit_count(app, infer=infer, supplements=supplements) <= allowed:
        return  # the visits are listed, with why each counts or not, only for a finding
    visits = classify_visits(app, infer=infer, supplements=supplements)
    counted = [v for v in visits if v.counted]
    if len(counted) > allowed:
        yield Hit(
            message=f"办理同一事项计入跑动{len(counted)}次，超过“最多跑一次”",
            responsible=app.staff_id,
            on=counted[allowed].at.date(),
            evidence={
                "counted_visits": len(counted),
                "max_counted_visits": allowed,
                "visits": [v.evidence() for v in visits],
            },
        )


# -- 工作要求 ---------------------------------------------------------------------------------------


@rule(
    f"{S}/forbidden-phrases",
    title_zh="不使用附录B禁止用语",
    clause=[f"{S}:工作要求.人员要求.1.3"] + [f"{S}:附录B.常用标准服务用语.禁止用语.{i}" for i in range(1, 7)],
    severity="error",
    subject="transcript",
    interpretations=[PHRASE_PARTS.name, SPEAKERS.name],
    title="No forbidden phrases (附录B 禁止用语)",
)
def forbidden_phrases(t: Transcript, ctx: Context) -> Iterator[Hit]:
    """服务用语应满足附录B的要求。禁止用语:清醒点,理智点。那不是我的错。这个,那个。随便你。不关我的事。你必须这么做。

    One finding per forbidden phrase per line the staff member said (:func:`govhall.phrases.find_forbidden`:
    spaces, punctuation and full/half-width variants do not hide a phrase). The evidence suggests
    polite alternatives from the seed's own 常用标准服务用语 — govhall's suggestion, not the standard's
    pairing.
    """
    hits = find_forbidden(
        t.text,
        split_imperatives=ctx.interpret(PHRASE_PARTS.name) == "split_imperatives",
        skip_applicant_lines=ctx.interpret(SPEAKERS.name) == "label_lines",
    )
    for h in hits:
        yield Hit(
            message=f"使用禁止用语“{h.phrase}”",
            clause=h.clause,
            responsible=t.staff_id,
            on=t.at.date(),
            evidence={"staff_id": t.staff_id, **h.evidence()},
        )


def _staff_on_duty(s: Staff, ctx: Context) -> bool:
    return s.on_duty_from is not None and s.on_duty_from <= ctx.as_of


TRAINED_STAFF = interpretation(
    f"{S}.pre-duty-training-staff",
    clause=f"{S}:工作要求.人员要求.3",
    question="人员要求.3 应参加岗前培训，掌握行使工作职能必备的业务技能 names no subject: does it bind the centre's "
    "保安 and 保洁 (security and cleaning staff)?",
    default="everyone",
    alternatives={
        "everyone": "yes: the clause names no one, so everyone on the centre's staff list who went on duty is "
        "judged (the only reading before 2026-12)",
        "service_staff": "no: 人员要求.1–2 speak of 窗口受理人员, 窗口工作人员 and 后台办理人员, and 行使工作职能 "
        "is the exercise of the centre's functions; guards and cleaners are not judged",
    },
    basis="the clause sits among the requirements for window and back-office staff and asks for 业务技能, "
    "skills of the centre's business; but it has no subject of its own, and the seed has no definition of "
    "the centre's staff that leaves guards or cleaners out (unlike gdzw-0020-2019:3.3)",
)


@rule(
    f"{S}/pre-duty-training",
    title_zh="上岗前经过岗前培训",
    clause=f"{S}:工作要求.人员要求.3",
    severity="error",
    subject="staff",
    title="Pre-duty training before going on duty",
    interpretations=[TRAINED_STAFF.name],
)
def pre_duty_training(s: Staff, ctx: Context) -> Iterator[Hit]:
    """应参加岗前培训,掌握行使工作职能必备的业务技能。

    Fires for a staff member on duty whose pre-duty training (``trained_on``) is dated after the day
    they went on duty (``on_duty_from``). A missing training date is not recorded and not judged.
    Guards and cleaners are judged unless ``hangzhou-zuiduo-paoyici.pre-duty-training-staff`` =
    service_staff.
    """
    if (
        s.role in (StaffRole.security, StaffRole.cleaner)
        and ctx.interpret(TRAINED_STAFF.name) == "service_staff"
    ):
        return
    if (
        s.on_duty_from is not None  # _staff_on_duty says so too; spelt out for the type checker
        and _staff_on_duty(s, ctx)
        and s.trained_on is not None
        and s.trained_on > s.on_duty_from
    ):
        yield Hit(
            message=f"岗前培训({s.trained_on.isoformat()})晚于上岗({s.on_duty_from.isoformat()})",
            responsible=s.department,
            on=s.on_duty_from,
            evidence={"trained_on": s.trained_on.isoformat(), "on_duty_from": s.on_duty_from.isoformat()},
        )


_NOT_WINDOW_STAFF = frozenset({StaffRole.security, StaffRole.cleaner})
PAUSE_SIGN_WHO = interpretation(
    f"{S}.pause-sign-who",
    clause=f"{S}:工作要求.现场管理要求.现场标识.2.2",
    question="现场标识.2.2 工作人员暂时离开窗口的,应通过指示牌等方式显示暂停服务: does a guard (保安) or cleaner (保洁) "
    "signed in at a window keep it attended while its clerk is away, and does their own leave need the sign?",
    default="anyone",
    alternatives={
        "anyone": "yes to both: the clause says 工作人员 and the seed defines no staff that leaves guards or "
        "cleaners out (the only reading before 2026-12)",
        "window_staff": "no to both: the sentence follows 公示各窗口工作人员姓名、职务, so its 工作人员 are the window's "
        "staff; a guard or cleaner serves no case there, so their sign-ins and leaves are left out and a clerk "
        "who leaves them alone at the window owes the sign",
    },
    basis="the sign tells the applicant the window is not serving; a guard at it does not serve, but the seed "
    "names nobody's role (unlike gdzw-0020-2019:3.3's 不包括保安、保洁类服务人员); db23-hlj-2023.unstaffed-who asks "
    "the same of 5.5.3's 空窗. Asked only of a hall whose attendance records a guard's or cleaner's event",
)


@rule(
    f"{S}/pause-sign",
    title_zh="人员离开窗口时放置暂停服务牌",
    clause=f"{S}:工作要求.现场管理要求.现场标识.2.2",
    severity="error",
    subject="dataset",
    interpretations=[PAUSE_SIGN_WHO.name],
    title='A "service paused" sign whenever staff leave a window unattended',
)
def pause_sign(ds: Dataset, ctx: Context) -> Iterator[Hit]:
    """工作人员暂时离开窗口的,应通过指示牌等方式显示暂停服务。

    From the ``attendance`` table: a ``leave`` without the pause sign (``pause_sign_shown``) that left
    its window with nobody present and no colleague's sign up. Approval does not replace the sign.
    Leaves outside ``Hall.service_hours`` (when given), and on days the hall is closed (not working days
    of the run's calendar: no service runs to be paused), are not looked at. Whether a guard's or
    cleaner's presence keeps a window attended, and their own leave needs the sign, is
    ``hangzhou-zuiduo-paoyici.pause-sign-who`` (default anyone; window_staff leaves their events out).
    """
    if not ds.attendance:
        return
    periods = parse_periods(ds.hall.service_hours) if ds.hall is not None and ds.hall.service_hours else None
    groups = window_days(ds, ctx)
    others = {sid for sid, s in ds.staff_by_id.items() if s.role in _NOT_WINDOW_STAFF}
    if (
        others
        and any(a.staff_id in others for a in ds.attendance)
        and ctx.interpret(PAUSE_SIGN_WHO.name) == "window_staff"
    ):
        groups = without_roles(groups, ds.staff_by_id, _NOT_WINDOW_STAFF)
    for a, wid in unsigned_leaves(
        ds.attendance,
        staff_by_id=ds.staff_by_id,
        windows_by_id=ds.windows_by_id,
        periods=periods,
        groups=groups,
    ):
        yield Hit(
            message=f"工作人员暂时离开窗口{wid}未显示暂停服务",
            responsible=a.staff_id,
            on=a.at.date(),
            subject=Subject(kind="attendance", id=a.id or f"{a.staff_id}@{a.at.isoformat()}"),
            evidence={
                "staff_id": a.staff_id,
                "window_id": wid,
                "at": a.at.isoformat(timespec="minutes"),
                "pause_sign_shown": False,
                "approved": a.approved,
            },
        )


@rule(
    f"{S}/centre-name",
    title_zh="乡镇（街道）中心命名为“XXX乡（镇、街道）便民服务中心”",
    clause=f"{S}:工作要求.现场管理要求.现场标识.4",
    severity="warning",
    subject="hall",
    title='Township and street centres are named "XXX乡（镇、街道）便民服务中心"',
)
def centre_name(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """便民服务中心的名称宜统一为“XXX乡(镇、街道)便民服务中心”。

    For a township or street hall (``level`` town/township/street, 乡/镇/街道): a warning when the
    name does not end in 乡/镇/街道 + 便民服务中心.
    """
    if (hall.level or "").strip().lower() not in TOWN_LEVELS:
        return
    name = hall.name.strip()
    if not any(name.endswith(f"{unit}便民服务中心") for unit in ("乡", "镇", "街道")):
        yield Hit(
            message=f"名称“{name}”未统一为“XXX乡(镇、街道)便民服务中心”",
            evidence={"name": name, "level": hall.level},
        )


@rule(
    f"{S}/comprehensive-windows",
    title_zh="部门窗口整合为综合窗口",
    clause=f"{S}:工作要求.现场管理要求.窗口设置.1",
    severity="warning",
    subject="dataset",
    title="Department windows merged into comprehensive windows",
)
def comprehensive_windows(ds: Dataset, ctx: Context) -> Iterator[Hit]:
    """部门分设的办事窗口宜整合为综合窗口,实行前台综合受理、后台分类审批、统一窗口出件。

    A warning when the dataset has windows but none is a comprehensive window.
    """
    if ds.windows and not any(w.kind == WindowKind.comprehensive for w in ds.windows):
        hall = ds.hall
        yield Hit(
            message="部门分设窗口未整合为综合窗口",
            subject=Subject(kind="hall", id=hall.id if hall else "dataset"),
            evidence={"window_kinds": sorted({w.kind.value for w in ds.windows})},
        )


@rule(
    f"{S}/hardware",
    title_zh="配备查询终端、取号机、叫号器和显示屏",
    clause=f"{S}:工作要求.现场管理要求.硬件设置.3.1",
    severity="error",
    subject="hall",
    title="Query terminals, ticket machines, callers and display screens",
)
def hardware(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """应设置查询设备、取号机、叫号机和显示屏。

    Fires listing the four devices ``Hall.equipment`` lacks (``query_device``, ``ticket_machine``,
    ``caller``, ``display`` or their Chinese names).
    """
    if not hall.recorded("equipment"):  # not recorded: not judged
        return
    missing = [k for k in HARDWARE if not _has(hall.equipment, k, HARDWARE)]
    if missing:
        yield Hit(
            message="未设置：" + "、".join(HARDWARE[k][0] for k in missing),
            evidence={"missing_equipment": missing, "equipment": list(hall.equipment)},
        )


def _completion_limit(item: Item, ctx: Context) -> bool:
    if ctx.interpret(COMPLETION_LIMIT.name) == "promised":
        return bool(item.promised_limit)
    return bool(item.promised_limit or item.statutory_limit)


@rule(
    f"{S}/guide-elements",
    title_zh="事项载明名称、政策依据、条件、材料、流程和办结时限",
    clause=f"{S}:工作要求.现场管理要求.软件设置.1",
    severity="error",
    subject="item",
    interpretations=[COMPLETION_LIMIT.name],
    title="Each item carries name, policy basis, conditions, materials, procedure and completion time limit",
)
def guide_elements(item: Item, ctx: Context) -> Iterator[Hit]:
    """应建立支撑乡镇(街道)便民服务中心工作需求的软件系统。系统包括但不限于以下数据单元:服务事项名称;政策依据;受理条件;申请材料;办理程序;办结时限。

    Fires listing the data units an item lacks: ``name``, ``legal_basis``, ``acceptance_conditions``,
    ``materials``, ``procedure`` (empty), or a 办结时限 (``promised_limit``/``statutory_limit`` per
    ``hangzhou-zuiduo-paoyici.completion-limit``).
    """
    present = {
        "name": bool(item.name),
        # a list of blank entries ([""]: strings are stripped when read) names no unit
        "legal_basis": any(item.legal_basis),
        "acceptance_conditions": any(item.acceptance_conditions),
        "materials": bool(item.materials),
        "procedure": any(item.procedure),
        "time_limit": _completion_limit(item, ctx),
    }
    missing = [(k, zh) for k, zh in GUIDE_ELEMENTS if not present[k]]
    if missing:
        yield Hit(
            message=f"事项“{item.name}”缺少数据单元：" + "、".join(zh for _, zh in missing),
            responsible=item.department,
            evidence={"missing_elements": [k for k, _ in missing]},
        )


@rule(
    f"{S}/guide-full-and-short",
    title_zh="每个事项有完整版和简版服务指南",
    clause=f"{S}:工作要求.服务要求.服务功能.4.1",
    severity="error",
    subject="item",
    title="Each item has a full and a short service guide",
)
def guide_full_and_short(item: Item, ctx: Context) -> Iterator[Hit]:
    """应对每项“最多跑一次”事项编制服务指南完整版和简版。

    Fires when the item is recorded without a full guide (``guide_full`` false) or a short one
    (``guide_simple`` false); an unrecorded value (``None``) is reported too, because a catalogue
    checked in CI must show the guides it has.
    """
    missing = [
        zh for f, zh in (("guide_full", "完整版"), ("guide_simple", "简版")) if getattr(item, f) is not True
    ]
    if missing:
        yield Hit(
            message=f"事项“{item.name}”未编制服务指南" + "、".join(missing),
            responsible=item.department,
            evidence={"guide_full": item.guide_full, "guide_simple": item.guide_simple},
        )


@rule(
    f"{S}/guide-full-access",
    title_zh="简版指南注明完整版的获取途径",
    clause=f"{S}:工作要求.服务要求.服务功能.4.3",
    severity="error",
    subject="item",
    title="The short guide says where to find the full one",
    interpretations=[UNRECORDED_SHORT_GUIDE.name],
)
def guide_full_access(item: Item, ctx: Context) -> Iterator[Hit]:
    """服务窗口可仅提供简版,同时应注明完整版的查询途径和获取方式。

    Fires when an item with a short guide gives no way to look up and obtain the full guide
    (``guide_full_access`` empty or left out). An item recorded without a short guide (``guide_simple``
    false) has nothing to annotate; one whose short guide is not recorded owes the note by default
    (``hangzhou-zuiduo-paoyici.unrecorded-short-guide``: 4.1 owes every item a short guide).
    """
    if item.guide_simple is False or (item.guide_full_access or "").strip():
        return
    if item.guide_simple is None and ctx.interpret(UNRECORDED_SHORT_GUIDE.name) != "owed":
        return
    yield Hit(
        message=f"事项“{item.name}”未注明服务指南完整版的查询途径和获取方式",
        responsible=item.department,
        # what the record holds: None when the field is left out (a CSV's empty cell), "" when given blank
        evidence={"guide_full_access": item.guide_full_access},
    )


@rule(
    f"{S}/extension-told-in-advance",
    title_zh="延期在时限届满前告知申请人",
    clause=f"{S}:工作要求.服务要求.事项办理要求.5.2",
    severity="error",
    subject="application",
    title="An extension is told to the applicant before the time limit runs out",
    interpretations=[DAY_UNIT.name, PROMISE_DAY_UNIT.name, PROMISE_START.name],
    needs_events=("extended",),
)
def extension_told_in_advance(app: Application, ctx: Context) -> Iterator[Hit]:
    """对需延长办理时限的,应提前告知服务对象现阶段处理情况即后续处理方案。

    For each ``extended`` event: fires when it was not told to the applicant (``told_applicant``
    false), or when it came after the time limit it extends had run out (the application's promised
    limit, else the item's (a licence's statutory limit in 日 in working days, ``admin-licensing-law.day-unit``),
    counted from the acceptance, else receipt (``hangzhou-zuiduo-paoyici.promise-start``), with recorded
    pauses (one not yet resumed runs to
    ``as_of``), through ``govhall.timelimits``, and lengthened by the earlier extensions' ``limit``: a
    second extension is told in advance when it comes before the once-extended limit runs out).
    """
    exts = app.events_of("extended")
    if not exts:
        return
    item = ctx.item(app.item_code)
    limit, counted, law = application_limit(app, item, ctx)  # law: counted on statutory working days
    # hours run from the minute (civil-code:201), days from the date
    hours = parse_limit(counted).unit == "hour" if counted else False
    pauses: list[Any] = []  # dates; for an hour limit by the minute (a pause stops it that long)
    if limit:
        start: datetime | None = None
        for ev in app.events:
            if ev.kind.value == "paused" and start is None:
                start = ev.at
            elif ev.kind.value == "resumed" and start is not None:
                if hours and start < ev.at:
                    pauses.append((start, ev.at))
                elif not hours:
                    pauses.append((start.date(), ev.at.date()))
                start = None
        if start is not None:  # not resumed yet: the clock still stands (to the end of as_of)
            pauses.append((start if hours else start.date(), max(start.date(), ctx.as_of)))
    earlier: list[str | TimeLimit] = []  # the extensions before this one: the limit it extends
    written: list[str] = []  # the same as written (shown)
    promise = bool(app.promised_limit or (item is not None and item.promised_limit))
    start_at = app.received_at
    accepted = app.first(EventKind.accepted) if counted else None
    if accepted is not None and (
        (accepted.at > start_at) if hours else (accepted.at.date() > start_at.date())
    ):  # the readings differ only here, so the report lists the reading only then
        if ctx.interpret(PROMISE_START.name) == "accepted":
            start_at = accepted.at
    origin = start_at if hours else start_at.date()
    for ev in exts:
        dl = (
            ctx.due(origin, counted, pauses=pauses, extensions=list(earlier), statutory=law)
            if counted
            else None
        )
        if ev.told_applicant is False:
            yield Hit(
                message="延长办理时限未告知服务对象",
                responsible=ev.staff_id or ev.department,
                on=ev.at.date(),
                evidence={"extended_at": ev.at.isoformat(timespec="minutes"), "told_applicant": False},
            )
        elif dl is not None and is_late(dl, ev.at):
            yield Hit(
                message=f"办理时限已于{dl.due.isoformat()}届满，{ev.at.date().isoformat()}才告知延期",
                responsible=ev.staff_id or ev.department,
                on=ev.at.date(),
                provisional=dl.provisional,
                evidence={
                    "extended_at": ev.at.isoformat(timespec="minutes"),
                    "due": dl.due.isoformat(),
                    "limit": limit,
                    "earlier_extensions": list(written),
                },
            )
        if ev.limit:  # one in 天 read as the limit it lengthens (extension_counted)
            earlier.append(extension_counted(ev.limit, ctx, law=law, promise=promise))
            written.append(ev.limit)


# -- 制度建设 ---------------------------------------------------------------------------------------


@rule(
    f"{S}/management-systems",
    title_zh="中心建立并施行管理制度",
    clause=f"{S}:制度建设.1",
    severity="error",
    subject="hall",
    title="The centre has management systems (制度) in force",
)
def management_systems(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """应建立管理制度。

    Fires when ``Hall.systems`` is empty: the 应 requires management systems as such. Which ones is 宜
    (制度建设.2, reported as warnings by ``recommended-systems``): the list after 制度宜包括 is a
    recommendation, so a centre with other systems than those listed still meets the 应.
    """
    if hall.recorded("systems") and not hall.systems:  # an empty list given; left out is not judged
        yield Hit(message="未建立管理制度", evidence={"systems": []})


@rule(
    f"{S}/recommended-systems",
    title_zh="建立培训至问责等十一项推荐制度",
    clause=f"{S}:制度建设.2",
    severity="warning",
    subject="hall",
    title="The eleven recommended systems (training … accountability)",
)
def recommended_systems(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """制度宜包括:培训制度;评价制度;岗位责任制;服务承诺制;一次性告知制;全程代办制;首问责任制;限时办结制;AB岗工作制;办事公开制;责任追究制等制度。

    One warning per listed system missing from ``Hall.systems`` (宜). The 评价制度 is left out here:
    评价.评价依据 requires it with 应 and ``evaluation-system`` reports it as an error. Nothing is
    reported when no system at all is recorded (``management-systems`` reports that at error).
    """
    if not hall.systems:
        return
    have = set(hall.systems)
    for system in RECOMMENDED_SYSTEMS:
        if system == HallSystem.evaluation or system in have:
            continue
        yield Hit(message=f"管理制度宜包括{system.zh}", evidence={"missing_system": system.value})


# -- 服务质量监督 -----------------------------------------------------------------------------------


@rule(
    f"{S}/complaint-channels",
    title_zh="提供多种投诉渠道",
    clause=f"{S}:服务质量监督.投诉与处理.渠道.1",
    severity="error",
    subject="hall",
    parameters=[f"{S}.min_complaint_channels"],
    title="Several complaint channels",
)
def complaint_channels(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """应为服务对象提供多种渠道进行不满意投诉。

    Fires when ``Hall.complaint_channels`` lists fewer than ``min_complaint_channels`` (2: 多种).
    """
    if not hall.recorded("complaint_channels"):  # not recorded: not judged
        return
    need = ctx.param(f"{S}.min_complaint_channels", on=ctx.as_of)
    have = sorted({c.value for c in hall.complaint_channels})
    if len(have) < need:
        yield Hit(
            message=f"投诉渠道少于{need}种",
            evidence={"complaint_channels": have, "min_complaint_channels": need},
        )


@rule(
    f"{S}/rating-device",
    title_zh="窗口设置评价器",
    clause=f"{S}:服务质量监督.投诉与处理.渠道.3",
    severity="warning",
    subject="hall",
    title="A rating device at the windows",
)
def rating_device(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """在每个窗口服务台宜设置“服务评价器”。

    A warning when the recorded equipment has no rating device (``evaluation_device``/服务评价器).
    Which windows have one is not recorded. ``equipment: []`` given records none; silent when
    ``equipment`` is not recorded (left out).
    """
    terms = {"evaluation_device": ("服务评价器", "评价器", "评价机")}
    if hall.recorded("equipment") and not _has(hall.equipment, "evaluation_device", terms):
        yield Hit(message="窗口服务台未设置服务评价器", evidence={"equipment": list(hall.equipment)})


COMPLAINTS_HANDLED = interpretation(
    f"{S}.complaints-handled",
    clause=f"{S}:6.1.2.1",
    question="6.1.2.1 便民服务中心在接到投诉后,应有专人及时跟踪、调查和处置投诉事项,并及时将处置结果限时回复投诉人: "
    "is every complaint the centre receives owed a named handler and an answer, or only one it accepted?",
    default="accepted",
    alternatives={
        "accepted": "only a complaint recorded as accepted: 跟踪、调查和处置投诉事项 is the handling of a complaint the "
        "centre takes on, and a refused one is answered with the reason by yousu-jiban's 不予受理 (the only "
        "reading before 2026-12)",
        "received": "every complaint received (接到投诉后), accepted, refused or with no decision recorded: a "
        "refusal is itself the 处置, and its result is owed to the complainant",
    },
    basis="接到 is receipt, not acceptance, but 调查和处置投诉事项 presumes a matter taken on; the seed has no "
    "不予受理 of its own to say what a refused complaint is owed",
)


@rule(
    f"{S}/complaint-handled",
    title_zh="每件投诉有专人跟踪并向投诉人反馈结果",
    clause=f"{S}:6.1.2.1",
    severity="error",
    subject="complaint",
    interpretations=[COMPLAINTS_HANDLED.name],
    title="A named handler follows each complaint and the complainant gets the result",
)
def complaint_handled(c: Complaint, ctx: Context) -> Iterator[Hit]:
    """便民服务中心在接到投诉后,应有专人及时跟踪、调查和处置投诉事项,并及时将处置结果限时回复投诉人。

    For a complaint the centre accepted: fires when no handler is named (``handler_staff`` nor a
    lead department), or when it was closed without an answer to the complainant (a ``closed``
    event and no ``answered`` event). The time limits ("及时""限时") are not set here; yousu-jiban's
    tiers apply to them. "No handler named" is judged on what the records show: the complaint gives
    ``handler_staff`` or ``lead_department`` (null: none), or some complaint of the dataset does (the
    hall records its handlers); a dataset that records no handler at all is not judged on it. Which
    complaints are judged is ``hangzhou-zuiduo-paoyici.complaints-handled`` (default accepted: those
    recorded as accepted; received: every complaint).
    """
    if c.accepted is not True and ctx.interpret(COMPLAINTS_HANDLED.name) == "accepted":
        return
    if not c.handler_staff and not c.lead_department and _handlers_recorded(c, ctx):
        yield Hit(
            message="投诉未明确专人跟踪处置",
            evidence={"handler_staff": None, "lead_department": None},
            on=c.received_at.date(),
        )
    closed = closed_unanswered(c)
    if closed is not None:
        yield Hit(
            message="投诉处置结果未回复投诉人",
            responsible=c.handler_staff or c.lead_department,
            on=closed.at.date(),
            evidence={"closed_at": closed.at.isoformat(timespec="minutes"), "answered": False},
        )


def _handlers_recorded(c: Complaint, ctx: Context) -> bool:
    """Whether who handles ``c`` is on record: it gives a handler or lead department (even null), or
    some complaint of the dataset does (:meth:`Context.any_recorded`, once per run)."""
    complaints = ctx.dataset.complaints
    return (
        c.recorded("handler_staff", "lead_department")
        or ctx.any_recorded(complaints, "handler_staff")
        or ctx.any_recorded(complaints, "lead_department")
    )


@rule(
    f"{S}/complaint-result-lookup",
    title_zh="投诉人可凭投诉编号查询结果",
    clause=f"{S}:6.1.2.2",
    severity="error",
    subject="hall",
    title="Complainants can look up the result by their complaint number",
)
def complaint_result_lookup(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """应提供投诉举报结果反馈查询功能,通过投诉举报受理编号向投诉人反馈。

    Fires when the hall record says there is no result look-up by complaint number
    (``complaint_result_lookup`` false); not recorded (None) is not judged.
    """
    if hall.complaint_result_lookup is False:
        yield Hit(message="未提供投诉举报结果反馈查询功能", evidence={"complaint_result_lookup": False})


# -- 评价 -------------------------------------------------------------------------------------------


@rule(
    f"{S}/evaluation-system",
    title_zh="施行评价制度",
    clause=f"{S}:评价.评价依据.1",
    severity="error",
    subject="hall",
    title="An evaluation system in force",
)
def evaluation_system(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """应建立评价制度作为服务中心工作评价与改进的依据。

    Fires when ``Hall.systems`` has neither an evaluation system nor the 好差评 system.
    """
    if hall.recorded("systems") and not {HallSystem.evaluation, HallSystem.haochaping} & set(hall.systems):
        yield Hit(message="未建立评价制度", evidence={"systems": [s.value for s in hall.systems]})
