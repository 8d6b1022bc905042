"""国务院办公厅关于建立政务服务“好差评”制度提高政务服务水平的意见 (国办发〔2019〕51号, 2019-12-03).

Source: the State Council General Office's 意见 of 3 December 2019 (national policy, standard id
``haochaping-2019``; ../shared/seeds/README.md). No seed file holds it: the opening paragraphs were
read from a Wikisource copy and the requirements from the Xinhua summary (17 Dec 2019) and local
implementing documents. The inventory (``clauses/haochaping-2019.yaml``) quotes what could be read and
marks every other text as a paraphrase (〔概括〕).

Checked with: tests/standards/test_haochaping_2019.py and tests/standards/cases/haochaping-2019.yaml
(a firing and a silent case per rule; deadlines worked by hand across the 2025 National Day holiday).

Limits:

* Paragraph numbers of the 意见 were not verified, so clause ids are topic names (see the inventory).
* The return-visit and fix deadlines are local parameters (the 意见 sets none); the defaults are
  govhall's own and a profile should replace them.
* Whether unnamed bad ratings must also be fixed is the interpretation ``haochaping-2019.fix-scope``
  (default: named ones only, since an anonymous rating cannot be verified with the rater).
* Whether a bad rating without a return visit (fix), in a dataset none of whose ratings records one,
  was not revisited (fixed) is the interpretation ``haochaping-2019.unrecorded-follow-up``.
* On-site ratings are grouped by ``visit_id`` and online ones by ``application_id``; ratings without
  those ids are not checked for duplicates. Ratings by phone, SMS or mail are outside both groups; the
  self-service terminal (自助服务端, a platform in 目标要求) rates per case by default
  (``haochaping-2019.terminal-scheme``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime

from govhall.models import ONLINE_PLATFORM_CHANNELS, ONSITE_RATING_CHANNELS, Channel, Dataset, Evaluation
from govhall.rules import Context, Hit, Subject, interpretation, rule
from govhall.standards import declare
from govhall.timelimits import Deadline, is_late

STANDARD = declare(
    "haochaping-2019",
    title="国务院办公厅关于建立政务服务“好差评”制度提高政务服务水平的意见（国办发〔2019〕51号）",
    module=__name__,
    issuer="国务院办公厅",
    year=2019,
    valid_from=date(2019, 12, 3),
    source="国办发〔2019〕51号 (no seed file; see the module docstring)",
    checked_with="tests/standards/test_haochaping_2019.py, tests/standards/cases/haochaping-2019.yaml",
    limits="clause ids are topic names; deadlines are local parameters; duplicates need visit_id/application_id",
)

H = "haochaping-2019"

#: channels of on-site rating (现场服务“一次一评”): the window, the evaluation device, the hall's QR code, cards
ONSITE_CHANNELS = ONSITE_RATING_CHANNELS
#: channels of online rating (网上服务“一事一评”)
ONLINE_CHANNELS = ONLINE_PLATFORM_CHANNELS | {Channel.e_review}

TERMINAL_SCHEME = interpretation(
    "haochaping-2019.terminal-scheme",
    clause=f"{H}:目标要求",
    question="自助服务终端上的评价按“一事一评”（政务服务平台）还是“一次一评”（现场服务）计？",
    default="per_case",
    alternatives={
        "per_case": "a platform's rating: one per case (一事一评), grouped with the online ratings by "
        "application_id",
        "per_visit": "an on-site rating: one per visit (一次一评), grouped with the window, device, QR code "
        "and card ratings by visit_id",
    },
    basis="目标要求 lists the terminal among the platforms, not the halls: 各类政务服务平台（含业务系统、热线电话"
    "平台、移动服务端、自助服务端等）; it stands in the hall, hence the alternative",
)

FIX_SCOPE = interpretation(
    "haochaping-2019.fix-scope",
    clause=f"{H}:差评整改",
    question="限期整改适用于所有差评，还是只适用于实名差评？",
    default="named",
    alternatives={
        "named": "named (实名) bad ratings only: an anonymous rating cannot be verified (核实) with the rater",
        "all": "every bad rating (目标要求: 每个差评都得到整改)",
    },
    basis="the 意见 ties 整改 to 回访核实, which needs a named rater (实名差评回访率100%); 目标要求 reads wider",
)

UNRECORDED_FOLLOW_UP = interpretation(
    "haochaping-2019.unrecorded-follow-up",
    clause=f"{H}:差评回访",
    question="差评回访 (回访核实；实名差评回访率要达到100%) and 差评整改 (限期整改): a bad rating that gives no return "
    "visit (return_visit_at) or no fix (fixed_at), in a dataset none of whose ratings records one — was it "
    "not revisited (not fixed)?",
    default="not_judged",
    alternatives={
        "not_judged": "the ratings do not record return visits (fixes) at all, so a missing one is not "
        "reported; a rating that gives the field (a time, or null: not done) is judged, and so is every "
        "rating of a table in which any rating records one",
        "not_done": "a bad rating without a return visit (fix) was not revisited (fixed), whether or not "
        "the ratings record return visits (fixes) at all",
    },
    basis="差评回访 puts the return visit on the department that handled the case (按照“谁办理、谁负责”的原则，由"
    "相关部门安排专人回访核实) and 差评整改 keeps complex fixes on a 台账 (建立台账，限期整改): both are recorded where "
    "the department works, not necessarily in the ratings, so ratings that carry no return visit (fix) at "
    "all do not show that none was made; an unrecorded fact is never a finding, a fact recorded as missing "
    "is (both texts are 〔概括〕 paraphrases). not_done was the default before 2026-12",
)


def _iso(value: object) -> object:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _duplicates(
    evals: list[Evaluation], key: str, channels: frozenset[Channel]
) -> Iterator[tuple[str, Evaluation, Evaluation]]:
    """(group id, first rating, later rating) for every rating after the first of its group."""
    groups: dict[str, list[Evaluation]] = defaultdict(list)
    for ev in evals:
        gid = getattr(ev, key)
        if gid and ev.channel in channels:
            groups[gid].append(ev)
    # only a group of two or more has a later rating: the singletons (nearly every visit) are not
    # sorted one by one (15k sorted() calls on a 20k hall's ratings)
    for gid in sorted(gid for gid, evs in groups.items() if len(evs) > 1):
        ordered = sorted(groups[gid], key=lambda e: (e.at, e.id))
        for later in ordered[1:]:
            yield gid, ordered[0], later


@rule(
    "haochaping-2019/one-rating-per-visit",
    title_zh="现场服务一次一评",
    clause=f"{H}:一次一评",
    severity="error",
    subject="dataset",
    title="On site, one rating per visit (一次一评)",
    interpretations=[TERMINAL_SCHEME.name],
)
def one_rating_per_visit(ds: Dataset, ctx: Context) -> Iterator[Hit]:
    """〔概括〕现场服务“一次一评”：企业和群众每次到现场办事，可对该次服务评价一次。

    Groups on-site ratings (window, device, QR code, comment card; the self-service terminal when
    ``haochaping-2019.terminal-scheme`` is ``per_visit``) by ``visit_id``; every rating after the first
    of a visit fires, naming that rating.
    """
    channels = ONSITE_CHANNELS
    if ctx.interpret(TERMINAL_SCHEME.name) == "per_visit":
        channels = channels | {Channel.self_service_terminal}
    for visit, first, later in _duplicates(ds.evaluations, "visit_id", channels):
        yield Hit(
            message=f"同一次现场服务（{visit}）重复评价",
            subject=Subject(kind="evaluation", id=later.id),
            evidence={
                "visit_id": visit,
                "first_evaluation": first.id,
                "channel": later.channel.value,
                "at": _iso(later.at),
            },
            responsible=later.staff_id,
            on=later.at.date(),
        )


@rule(
    "haochaping-2019/one-rating-per-case",
    title_zh="网上服务一事一评",
    clause=f"{H}:一事一评",
    severity="error",
    subject="dataset",
    title="Online, one rating per case (一事一评)",
    interpretations=[TERMINAL_SCHEME.name],
)
def one_rating_per_case(ds: Dataset, ctx: Context) -> Iterator[Hit]:
    """〔概括〕网上服务“一事一评”：网上办事的，每个办件评价一次。

    Groups online ratings (online, website, app, mini-program, 公众号, e-review; the self-service
    terminal by default, ``haochaping-2019.terminal-scheme``) by ``application_id``; every rating after
    the first of a case fires, naming that rating.
    """
    channels = ONLINE_CHANNELS
    if ctx.interpret(TERMINAL_SCHEME.name) == "per_case":
        channels = channels | {Channel.self_service_terminal}
    for case, first, later in _duplicates(ds.evaluations, "application_id", channels):
        yield Hit(
            message=f"同一办件（{case}）网上重复评价",
            subject=Subject(kind="evaluation", id=later.id),
            evidence={
                "application_id": case,
                "first_evaluation": first.id,
                "channel": later.channel.value,
                "at": _iso(later.at),
            },
            responsible=later.staff_id,
            on=later.at.date(),
        )


def _step(ev: Evaluation, ctx: Context, param: str, field: str) -> tuple[bool, Deadline]:
    """(breached, deadline): the step (``field``: ``return_visit_at``, ``fixed_at``) came after the
    deadline, or has not come, the audit day (its end; live: now) is past it and its absence is on record
    (:func:`_follow_up_recorded`). A deadline in hours (a locality's 24小时) ends at its minute, not its
    date."""
    dl = ctx.due(ev.at, ctx.param(param, on=ev.at))
    done_at: datetime | None = getattr(ev, field)
    if done_at is not None:
        return is_late(dl, done_at), dl
    return is_late(dl, ctx.now) and _follow_up_recorded(ev, ctx, field), dl


def _follow_up_recorded(ev: Evaluation, ctx: Context, field: str) -> bool:
    """Whether a return visit (fix) missing from ``ev`` is a fact on record: the rating gives ``field``
    (null given: not done), or some rating of the dataset gives it (the ratings record that step, so one
    without it had none); else the interpretation ``haochaping-2019.unrecorded-follow-up`` decides, asked
    only here, so that a report lists it only when it decided a rating."""
    if ev.recorded(field) or ctx.any_recorded(ctx.dataset.evaluations, field):
        return True
    return ctx.interpret(UNRECORDED_FOLLOW_UP.name) == "not_done"


@rule(
    "haochaping-2019/bad-rating-return-visit",
    title_zh="实名差评按时回访",
    clause=[f"{H}:评价等级", f"{H}:差评回访"],
    severity="error",
    subject="evaluation",
    title="Every named bad rating gets a return visit in time",
    parameters=[f"{H}.return_visit_deadline"],
    interpretations=[UNRECORDED_FOLLOW_UP.name],
)
def bad_rating_return_visit(ev: Evaluation, ctx: Context) -> Iterator[Hit]:
    """〔概括〕“不满意”“非常不满意”为差评；对差评安排专人回访核实，实名差评回访率要达到100%。

    A named (``rater_named``) rating whose level is bad (``level.grade == "bad"``) needs a
    ``return_visit_at`` within ``return_visit_deadline`` of the rating. Fires when the return visit
    came later, or has not come and ``as_of`` is past the deadline; a missing return visit in a dataset
    none of whose ratings records one is read by ``haochaping-2019.unrecorded-follow-up``.
    """
    if not ev.rater_named or ev.level.grade != "bad":
        return
    late, dl = _step(ev, ctx, f"{H}.return_visit_deadline", "return_visit_at")
    if late:
        state = f"于{ev.return_visit_at.date().isoformat()}才回访" if ev.return_visit_at else "未回访"
        yield Hit(
            message=f"实名差评最迟应于{dl.due.isoformat()}回访核实，{state}",
            clause=f"{H}:差评回访",
            evidence={
                "level": ev.level.value,
                "rater_named": True,
                "at": _iso(ev.at),
                "due": _iso(dl.due),
                "return_visit_at": _iso(ev.return_visit_at),
                "rater_phone": ev.rater_phone,
            },
            responsible=ev.staff_id,
            on=dl.due,
            provisional=dl.provisional,
        )


@rule(
    "haochaping-2019/bad-rating-fixed",
    title_zh="差评在地方规定期限内整改",
    clause=[f"{H}:目标要求", f"{H}:评价等级", f"{H}:差评整改"],
    severity="error",
    subject="evaluation",
    title="A bad rating is remedied within the local deadline",
    parameters=[f"{H}.fix_deadline"],
    interpretations=[FIX_SCOPE.name, UNRECORDED_FOLLOW_UP.name],
)
def bad_rating_fixed(ev: Evaluation, ctx: Context) -> Iterator[Hit]:
    """〔概括〕确保每个差评都得到整改；情况复杂、一时难以解决的，建立台账，限期整改。

    A bad rating (named only, unless ``haochaping-2019.fix-scope`` is ``all``) needs ``fixed_at`` within
    ``fix_deadline`` of the rating. Fires when the fix came later, or has not come and ``as_of`` is past
    the deadline; a missing fix in a dataset none of whose ratings records one is read by
    ``haochaping-2019.unrecorded-follow-up``.
    """
    if ev.level.grade != "bad":
        return
    if ctx.interpret(FIX_SCOPE.name) == "named" and not ev.rater_named:
        return
    late, dl = _step(ev, ctx, f"{H}.fix_deadline", "fixed_at")
    if late:
        state = f"于{ev.fixed_at.date().isoformat()}才整改" if ev.fixed_at else "未整改"
        yield Hit(
            message=f"差评最迟应于{dl.due.isoformat()}整改，{state}",
            clause=f"{H}:差评整改",
            evidence={
                "level": ev.level.value,
                "rater_named": ev.rater_named,
                "at": _iso(ev.at),
                "due": _iso(dl.due),
                "fixed_at": _iso(ev.fixed_at),
            },
            responsible=ev.staff_id,
            on=dl.due,
            provisional=dl.provisional,
        )


__all__ = [
    "FIX_SCOPE",
    "ONLINE_CHANNELS",
    "ONSITE_CHANNELS",
    "STANDARD",
    "TERMINAL_SCHEME",
    "UNRECORDED_FOLLOW_UP",
]
