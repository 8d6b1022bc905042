"""Clauses a person must judge, checked through the ``inspections`` table (issue #16 item 1).

Every inventory clause is checked by something:

* ``rule`` — a rule reads the records (inventory status ``rule``);
* ``parameter`` — the clause sets a figure other rules use (status ``parameter``);
* ``inspection`` — a person must judge it (status ``not-automatable`` with a duty: 应/必须/不得/宜 …):
  supervisors' inspections, mystery visits and reviews of recordings, recorded in ``inspections``;
* ``not_applicable`` — nothing to check: a permission (可) or a definition (定义).

For each standard this module registers three generic rules over its ``inspection`` clauses:
``<id>/inspection-failed`` (duties, error), ``<id>/inspection-failed-recommended`` (宜, warning) — a
failed inspection is a finding of the clause inspected, with the clause's text and, where a rule of
the standard names one for that clause, its sanction — and ``<id>/inspection-due`` (warning): a clause
never inspected, or last inspected longer ago than ``dongguan-hall-2023.inspection_interval_days``
(local default 92 days, a quarter). A hall that records no inspections at all is not judged on them
(its coverage still lists the clauses a person must check); ``govhall checklist`` prints the form.

The three rules cite many clauses, so their docstrings open with the duty they check in Chinese
rather than one clause's text; each finding names the one clause inspected and quotes it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any, Literal

from govhall.models import Dataset, Inspection
from govhall.rules import REGISTRY, Context, Hit, Severity, Subject, rule
from govhall.rules.inventory import Clause, Standard
from govhall.timelimits import calendar_days_since

Checked = Literal["rule", "parameter", "inspection", "not_applicable", "todo"]
INTERVAL = "dongguan-hall-2023.inspection_interval_days"
_DUTY = {"error", "warning"}
METHOD_ZH = {
    "observation": "现场观察",
    "interview": "询问",
    "document_review": "查阅资料",
    "recording_review": "调阅录音录像",
    "mystery_visit": "暗访",
}


def how_checked(clause: Clause) -> Checked:
    """How ``clause`` is checked: by a rule, as a parameter, by an inspection, or not applicable."""
    if clause.status in ("rule", "parameter", "todo"):
        return clause.status
    if clause.modality == "定义" or clause.severity not in _DUTY:
        return "not_applicable"
    return "inspection"


def inspection_clauses(std: Standard) -> list[Clause]:
    """The clauses of ``std`` a person must judge, in document order."""
    return [c for c in std.clauses if how_checked(c) == "inspection"]


def coverage(std: Standard) -> dict[str, Any]:
    """Per standard: how many clauses each way is checked by, and the share checked (goal: 1.0)."""
    counts = {"rule": 0, "parameter": 0, "inspection": 0, "not_applicable": 0, "todo": 0}
    for c in std.clauses:
        counts[how_checked(c)] += 1
    total = len(std.clauses)
    checked = total - counts["todo"]
    return {"clauses": total, **counts, "share_checked": round(checked / total, 4) if total else 1.0}


def _sanction(std_id: str, ref: str) -> str | None:
    """The sanction the clause carries: gdzw's 5.1.4/5.2.4/5.3.3 lists (all measures named — the person
    deciding chooses by 情节轻重), else the sanction of a rule citing the clause or the clause above it."""
    cid = ref.split(":", 1)[1]
    if std_id == "gdzw-0020-2019":
        from govhall.decisions import sanction_for

        try:
            return sanction_for(ref, 0, ladder="list_all")
        except ValueError:
            return None
    for r in REGISTRY.for_standard(std_id):
        if r.sanction and any(str(c) == ref for c in r.clauses):
            return r.sanction
    for r in REGISTRY.for_standard(std_id):
        if r.sanction and "(" in r.sanction:
            parent = r.sanction.rsplit("(", 1)[1].rstrip(") ")
            if parent and (cid == parent or cid.startswith(parent + ".")):
                return r.sanction
    return None


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def register(std: Standard) -> None:
    """Register the inspection rules of ``std`` (once; nothing when it has no person-judged clause)."""
    if f"{std.id}/inspection-due" in REGISTRY:
        return
    clauses = inspection_clauses(std)
    if not clauses:
        return
    by_ref = {str(c.ref): c for c in clauses}
    kinds: tuple[tuple[Severity, str, str, str], ...] = (
        ("error", "inspection-failed", "A person's inspection found the clause not met", "人工检查发现条款未落实"),
        ("warning", "inspection-failed-recommended", "A person's inspection found a recommendation not met",
         "人工检查发现推荐性条款未落实"),
    )  # fmt: skip
    for severity, suffix, title, title_zh in kinds:
        mine = {ref: c for ref, c in by_ref.items() if c.severity == severity}
        if mine:
            _register_failed(std, mine, severity, suffix, title, title_zh)
    _register_due(std, by_ref)


def _register_failed(
    std: Standard, mine: dict[str, Clause], severity: Severity, suffix: str, title: str, title_zh: str
) -> None:
    def check(ins: Inspection, ctx: Context) -> Iterator[Hit]:
        clause = mine.get(ins.clause)
        if clause is None or ins.result.value != "fail":
            return
        yield Hit(
            message=f"检查不合格（{METHOD_ZH[ins.method.value]}）："
            + (f"{_short(clause.text).rstrip('。；;.')}；{ins.note}" if ins.note else _short(clause.text)),
            clause=ins.clause,
            evidence={
                "clause_text": clause.text,
                "date": ins.date.isoformat(),
                "method": ins.method.value,
                "inspector": ins.inspector,
                "note": ins.note,
                "evidence_ref": ins.evidence_ref,
                "staff_id": ins.staff_id,
                "window_id": ins.window_id,
            },
            responsible=ins.staff_id or ins.window_id,
            sanction=_sanction(std.id, ins.clause),
            on=ins.date,
        )

    check.__doc__ = (
        "需由人员判断的条款，经检查（现场观察、询问、查阅资料、调阅录音录像、暗访）不合格的，按所检查条款认定。\n\n"
        "For an ``inspections`` record of one of this standard's person-judged clauses with result "
        "``fail``: a finding of that clause, quoting it, with the inspector's note and evidence reference."
    )
    rule(
        f"{std.id}/{suffix}",
        clause=list(mine),
        severity=severity,
        subject="inspection",
        title=title,
        title_zh=title_zh,
        tags=("inspection",),
    )(check)


def _register_due(std: Standard, by_ref: dict[str, Clause]) -> None:
    def check(ds: Dataset, ctx: Context) -> Iterator[Hit]:
        if not ds.inspections:
            return
        interval = int(ctx.param(INTERVAL, on=ctx.as_of))
        last: dict[str, date] = {}
        for ins in ds.inspections:
            if ins.clause in by_ref and ins.date <= ctx.as_of and ins.date > last.get(ins.clause, date.min):
                last[ins.clause] = ins.date
        hall = ds.hall.id if ds.hall is not None else "dataset"
        for ref, clause in by_ref.items():
            seen = last.get(ref)
            if seen is not None and calendar_days_since(seen, ctx.as_of) <= interval:
                continue
            state = "从未检查" if seen is None else f"上次检查于{seen.isoformat()}，已超过{interval}天"
            yield Hit(
                message=f"需人员检查的条款{state}：{_short(clause.text)}",
                clause=ref,
                subject=Subject(kind="hall", id=hall),
                evidence={
                    "clause_text": clause.text,
                    "last_inspected": seen.isoformat() if seen else None,
                    "interval_days": interval,
                    "as_of": ctx.as_of.isoformat(),
                },
                on=ctx.as_of,
            )

    check.__doc__ = (
        "需由人员判断的条款，应定期检查并记录（日常监督与评价）。\n\n"
        "When the dataset records inspections: every person-judged clause of this standard needs one "
        "(pass, fail or not applicable) within the interval before ``as_of``; a clause never inspected or "
        "inspected too long ago is reported once (warning: a gap in the checking, not a breach)."
    )
    rule(
        f"{std.id}/inspection-due",
        clause=list(by_ref),
        severity="warning",
        subject="dataset",
        title="Each clause a person must judge is inspected at least once per interval",
        title_zh="需人工判断的条款按周期检查",
        parameters=[INTERVAL],
        tags=("inspection", "inspection-due"),
    )(check)
