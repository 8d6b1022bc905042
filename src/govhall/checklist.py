"""The inspection form for the clauses a person must judge (``govhall checklist``; issue #16 item 1).

One row per person-judged clause of a standard (see :mod:`govhall.standards._inspections`), ordered as
an inspector walks the hall: the entrance and guidance, the waiting and public areas, the windows,
then the back office (systems, files, records, recordings). The area comes from the clause's own
words (a keyword list below, first match wins; otherwise the windows), document order within an
area (a staff duty that names a sign, 佩戴工作标识, is a window matter). The result, note, evidence and inspector columns are left blank for the inspector; a filled CSV
is an ``inspections`` table once ``id`` / ``date`` / ``method`` / ``result`` are written in.
"""

from __future__ import annotations

import csv
import html
import io
from dataclasses import dataclass
from typing import Any

__all__ = ["AREAS", "ChecklistRow", "checklist", "render_csv", "render_html"]

#: (area, keywords): the inspector's walk through the hall, in order.
AREAS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("入口与导引 entrance and guidance", ("入口", "导引", "导办", "引导", "指引", "标识", "标志", "指示", "公示", "公开")),
    ("等候与公共区域 waiting and public areas", ("等候", "休息", "座椅", "饮水", "无障碍", "母婴", "卫生", "环境", "设施", "设备", "消防", "安全", "停车", "自助")),
    ("窗口服务 windows", ("窗口", "受理", "服务用语", "用语", "着装", "佩戴", "仪容", "仪表", "态度", "普通话", "微笑", "举止", "工作人员", "服务人员")),
    ("后台与资料 back office and records", ("制度", "档案", "台账", "记录", "培训", "考核", "录音", "录像", "监控", "方案", "预案")),
)  # fmt: skip
_DEFAULT_AREA = 2
#: which area's keywords are tried first: a duty of the staff (佩戴工作标识) belongs to the windows even if
#: it names a sign; then the back office, the public areas and the entrance.
_MATCH_ORDER = (2, 3, 1, 0)


@dataclass(frozen=True)
class ChecklistRow:
    """One line of the form."""

    order: int
    area: str
    clause: str
    modality: str
    text: str
    summary: str
    why_a_person: str


def _area(text: str) -> int:
    for i in _MATCH_ORDER:
        if any(w in text for w in AREAS[i][1]):
            return i
    return _DEFAULT_AREA


def checklist(standard_id: str) -> list[ChecklistRow]:
    """The rows of ``standard_id``'s form, in walking order (``KeyError`` for an unknown standard)."""
    from govhall.standards import get
    from govhall.standards._inspections import inspection_clauses

    std = get(standard_id)
    clauses = inspection_clauses(std)
    ordered = sorted(enumerate(clauses), key=lambda ic: (_area(ic[1].text), ic[0]))
    return [
        ChecklistRow(
            order=n,
            area=AREAS[_area(c.text)][0],
            clause=str(c.ref),
            modality=c.modality,
            text=c.text,
            summary=c.summary,
            why_a_person=c.reason,
        )
        for n, (_i, c) in enumerate(ordered, 1)
    ]


_BLANK = ("id", "date", "inspector", "method", "result", "note", "evidence_ref", "staff_id", "window_id")


def render_csv(rows: list[ChecklistRow]) -> str:
    """CSV for field apps: the clause columns, then the blank columns of an ``inspections`` record."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["order", "area", "clause", "modality", "text", "summary", *_BLANK])
    for r in rows:
        w.writerow([r.order, r.area, r.clause, r.modality, r.text, r.summary, *([""] * len(_BLANK))])
    return out.getvalue()


def render_html(rows: list[ChecklistRow], *, standard: Any, hall: str | None, interval_days: int) -> str:
    """A printable form (every value escaped; a control character or bidi override in the hall name,
    from the profile, shown as its code point as in the reports: it reordered the rest of the line)."""
    from govhall.reports._common import show_controls

    e = html.escape
    head = f"{e(standard.title)}（{e(standard.id)}）"
    parts = [
        "<!doctype html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>检查表 {e(standard.id)}</title>",
        "<style>body{font-family:sans-serif;font-size:11pt}table{border-collapse:collapse;width:100%}"
        "td,th{border:1px solid #444;padding:4px;vertical-align:top}h2{margin-top:1.2em}"
        ".box{width:6em}@media print{h2{page-break-after:avoid}tr{page-break-inside:avoid}}</style>",
        "</head><body>",
        f"<h1>需人员判断条款检查表 — {head}</h1>",
        f"<p>大厅 hall: {e(show_controls(hall)) if hall else '________'}　检查人 inspector: ________　日期 date: ________　"
        f"每条至少每{interval_days}天检查一次 (inspect each clause at least every {interval_days} days)</p>",
        "<p>结果 result: 合格 pass / 不合格 fail / 不适用 not applicable　方式 method: 现场观察 observation / "
        "询问 interview / 查阅资料 document review / 调阅录音录像 recording review / 暗访 mystery visit</p>",
    ]
    area = None
    for r in rows:
        if r.area != area:
            if area is not None:
                parts.append("</tbody></table>")
            area = r.area
            parts += [
                f"<h2>{e(area)}</h2>",
                "<table><thead><tr><th>#</th><th>条款 clause</th><th>要求 requirement</th>"
                '<th class="box">方式</th><th class="box">结果</th><th>记录 note / 证据 evidence</th></tr></thead><tbody>',
            ]
        parts.append(
            f'<tr id="{e(r.clause)}"><td>{r.order}</td><td>{e(r.clause)}<br>{e(r.modality)}</td>'
            f"<td>{e(r.text)}<br><small>{e(r.summary)}</small></td><td></td><td></td><td></td></tr>"
        )
    if area is not None:
        parts.append("</tbody></table>")
    else:
        parts.append("<p>No clause of this standard needs a person's inspection.</p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
