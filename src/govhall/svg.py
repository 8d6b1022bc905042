"""Pictures as SVG text: a deadline's calendar, coverage per standard, findings over time.

One small module with no dependency (an SVG of boxes and text is a few lines; a charting library would
add a heavy install for three pictures and put its own styles, fonts and scripts into a page that must
stay self-contained). Every function returns one ``<svg>`` element as a string: pure, deterministic,
every text XML-escaped, no external reference. ``standalone=True`` adds the XML namespace so the
string is a valid ``.svg`` file; without it the element is meant to be inlined in HTML.

Each drawn thing carries ``class`` and ``data-*`` attributes (``data-date``, ``data-kind``, ``data-count``)
so a page can style it and a test can check what was drawn, not just that something was.

* :func:`deadline_svg` / :func:`calendar_strip`: the days from a period's start to its due date as
  a calendar (weeks in rows, Monday first): working days numbered in the order they count, weekends,
  holidays, 调休 working days, hall closures, pauses and the extension marked; the due day outlined.
* :func:`coverage_chart`: per standard, its clauses by status (rule / parameter / not automatable / todo).
* :func:`trend_chart`: per department, findings per week of the audited period.
* :func:`bar_chart`: horizontal bars stacked by severity (the HTML report's per-standard chart).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from xml.sax.saxutils import escape, quoteattr

__all__ = [
    "DayCell",
    "bar_chart",
    "calendar_strip",
    "coverage_chart",
    "day_cells",
    "deadline_svg",
    "text_width",
    "trend_chart",
]

_NS = ' xmlns="http://www.w3.org/2000/svg"'
_FONT = '"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","Noto Sans SC",system-ui,sans-serif'
_WEEKDAYS_ZH = ("一", "二", "三", "四", "五", "六", "日")

#: day kind -> (fill, label shown in the legend); colours keep 4.5:1 contrast for the dark text on them
DAY_STYLE: dict[str, tuple[str, str]] = {
    "working": ("#ffffff", "工作日 working day"),
    "weekend": ("#e6e8ec", "周末 weekend"),
    "holiday": ("#f9d7d7", "法定节假日 holiday"),
    "makeup_workday": ("#d9e8fb", "调休上班 make-up working day"),
    "closed": ("#d6d6d6", "闭厅 hall closed"),
    "paused": ("#fde8b8", "暂停计时 clock paused"),
}
_SEVERITY_FILL = {"error": "#b71c1c", "warning": "#a85d00", "info": "#1565c0"}
_SEVERITY_ZH = {"error": "错误 error", "warning": "警告 warning", "info": "提示 info"}
_STATUS_FILL = {"rule": "#2e7d32", "parameter": "#1565c0", "not_automatable": "#6d6875", "todo": "#c62828"}
_STATUS_ZH = {
    "rule": "规则 rule",
    "parameter": "参数 parameter",
    "not_automatable": "需人工 not automatable",
    "todo": "待办 todo",
}


def _t(value: Any) -> str:
    return escape("" if value is None else str(value))


def _a(value: Any) -> str:
    return quoteattr("" if value is None else str(value))


def text_width(text: str, size: float = 12.0) -> float:
    """A generous estimate of the rendered width of ``text``: CJK and full-width characters are one em,
    others about 0.62 em (no font metrics in a pure function; over-estimating keeps labels unclipped)."""
    width = 0.0
    for ch in text:
        o = ord(ch)
        wide = (
            0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF or 0x3000 <= o <= 0x303F
        )
        width += size if wide else size * 0.62
    return width


def _fit(text: str, max_width: float, size: float = 12.0) -> str:
    """``text`` shortened with an ellipsis so that it fits ``max_width``."""
    if text_width(text, size) <= max_width:
        return text
    out = ""
    for ch in text:
        if text_width(out + ch + "…", size) > max_width:
            break
        out += ch
    return out + "…"


def _open(width: float, height: float, label: str, cls: str, standalone: bool, desc: str = "") -> list[str]:
    return [
        f'<svg{_NS if standalone else ""} class={_a(cls)} role="img" aria-label={_a(label)} '
        f'width="{width:.0f}" height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'font-family={_a(_FONT)} font-size="12">',
        f"<title>{_t(label)}</title>",
        *([f"<desc>{_t(desc)}</desc>"] if desc else []),
    ]


# -- the deadline calendar -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayCell:
    """One day of a deadline calendar: what kind of day it is and what it means for the count."""

    day: date
    kind: str  # a key of DAY_STYLE
    working: bool
    why: str  # the reason in words (holiday name, notice, closure reason)
    count: int | None = None  # the ordinal of this working day in the count, if it counted
    start: bool = False
    due: bool = False
    base_due: bool = False  # the due date before extensions
    extension: bool = False  # counted towards an extension
    mark: str = ""  # a caller's mark (e.g. "as of", "decided")


def _as_date(value: date | datetime | str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def day_cells(
    start: date | datetime | str,
    due: date | datetime | str,
    *,
    calendar: Any = None,
    pauses: Iterable[tuple[Any, Any]] = (),
    base_due: date | datetime | str | None = None,
    count_working_days: bool = True,
    marks: Mapping[date, str] | None = None,
) -> list[DayCell]:
    """The days from ``start`` to ``due`` (and any marked day beyond), classified with ``calendar``.

    Working days after ``start`` that are not paused are numbered in order (the Nth working day is the
    one the count reaches at N, civil-code:201); days after ``base_due`` count towards an extension.
    """
    if calendar is None:
        from govhall.calendars import calendar as make_calendar

        calendar = make_calendar("CN")
    s, d = _as_date(start), _as_date(due)
    b = _as_date(base_due) if base_due is not None else None
    marks = {_as_date(k): v for k, v in (marks or {}).items()}
    paused = [(_as_date(a), _as_date(z)) for a, z in pauses]
    last = max([d, *marks]) if marks else d
    first = min([s, *marks]) if marks else s
    out: list[DayCell] = []
    n = 0
    day = first
    while day <= last:
        info = calendar.day_info(day)
        reason = info.reason
        if reason == "holiday":
            kind, why = "holiday", f"{info.holiday_name or '节假日'} 休"
        elif reason == "makeup_workday":
            kind, why = "makeup_workday", f"调休上班（{info.holiday_name or ''}）"
        elif reason == "override":
            kind = "working" if info.working_day else "closed"
            why = info.override_reason or ("hall open" if info.working_day else "hall closed")
        elif reason == "weekend":
            kind, why = "weekend", "周末 weekend"
        else:
            kind, why = "working", "工作日 working day"
        is_paused = any(a <= day <= z for a, z in paused)
        if is_paused:
            why = f"暂停计时 clock paused; {why}"
            kind = "paused"
        count = None
        if count_working_days and info.working_day and not is_paused and s < day <= d:
            n += 1
            count = n
        out.append(
            DayCell(
                day=day,
                kind=kind,
                working=bool(info.working_day),
                why=why,
                count=count,
                start=day == s,
                due=day == d,
                base_due=b is not None and b != d and day == b,
                extension=b is not None and b < day <= d,
                mark=marks.get(day, ""),
            )  # fmt: skip
        )
        day += timedelta(days=1)
    return out


def calendar_strip(
    start: date | datetime | str,
    due: date | datetime | str,
    *,
    calendar: Any = None,
    pauses: Iterable[tuple[Any, Any]] = (),
    base_due: date | datetime | str | None = None,
    count_working_days: bool = True,
    marks: Mapping[date, str] | None = None,
    title: str | None = None,
    standalone: bool = False,
) -> str:
    """A calendar (Monday-first weeks in rows) from ``start`` to ``due``: see :func:`day_cells`."""
    cells = day_cells(start, due, calendar=calendar, pauses=pauses, base_due=base_due,
                      count_working_days=count_working_days, marks=marks)  # fmt: skip
    s, d = _as_date(start), _as_date(due)
    label = title or f"期限日历 deadline calendar {s.isoformat()} → {d.isoformat()}"
    cw, ch, gap, left, top = 46, 40, 3, 64, 40
    first_monday = cells[0].day - timedelta(days=cells[0].day.weekday())
    rows = (cells[-1].day - first_monday).days // 7 + 1
    legend_kinds = [k for k in DAY_STYLE if any(c.kind == k for c in cells)]
    extras = [("start", "起算日 start (not counted)"), ("due", "到期日 due")]
    if any(c.extension for c in cells):
        extras.append(("extension", "延长期 extension"))
    legend_rows = len(legend_kinds) + len(extras)
    width = left + 7 * (cw + gap) + 8
    height = top + rows * (ch + gap) + 12 + legend_rows * 20 + 6
    desc = (f"From {s.isoformat()} to {d.isoformat()}: "
            f"{sum(1 for c in cells if c.count)} working days counted.")  # fmt: skip
    parts = _open(width, height, label, "govhall-deadline", standalone, desc)
    parts.append(f'<text x="0" y="16" font-weight="600">{_t(_fit(label, width - 4))}</text>')
    for i, wd in enumerate(_WEEKDAYS_ZH):
        x = left + i * (cw + gap) + cw / 2
        parts.append(f'<text x="{x:.0f}" y="{top - 6}" text-anchor="middle" fill="#444b59">{wd}</text>')
    seen_months: set[tuple[int, int]] = set()
    for c in cells:
        offset = (c.day - first_monday).days
        row, col = offset // 7, offset % 7
        x, y = left + col * (cw + gap), top + row * (ch + gap)
        if (c.day.year, c.day.month) not in seen_months:
            seen_months.add((c.day.year, c.day.month))
            parts.append(f'<text x="0" y="{y + 25}" fill="#444b59">{c.day.year}-{c.day.month:02d}</text>')
        fill = DAY_STYLE[c.kind][0]
        classes = ["day", c.kind, "working" if c.working else "rest"]
        classes += [n for n, flag in (("start", c.start), ("due", c.due), ("base-due", c.base_due),
                                       ("extension", c.extension), ("counted", c.count)) if flag]  # fmt: skip
        tip = f"{c.day.isoformat()} 周{_WEEKDAYS_ZH[c.day.weekday()]}: {c.why}"
        if c.count:
            tip += f"; 第{c.count}个工作日 working day {c.count}"
        if c.start:
            tip += "; 起算日 start (not counted, civil-code:201)"
        if c.base_due:
            tip += "; 原期限届满 due before the extension"
        if c.due:
            tip += "; 到期日 due"
        if c.mark:
            tip += f"; {c.mark}"
        dash = ' stroke-dasharray="4 2"' if c.base_due else ""
        stroke, sw = ("#b71c1c", 3) if c.due else ("#1d2330", 2) if c.start or c.base_due else ("#9aa1ad", 1)
        parts.append(
            f'<g class={_a(" ".join(classes))} data-date="{c.day.isoformat()}" data-kind="{c.kind}" '
            f'data-working="{str(c.working).lower()}"'
            + (f' data-count="{c.count}"' if c.count else "")
            + f"><title>{_t(tip)}</title>"
            f'<rect x="{x}" y="{y}" width="{cw}" height="{ch}" rx="3" fill="{fill}" stroke="{stroke}" '
            f'stroke-width="{sw}"{dash}/>'
        )
        if c.extension:
            parts.append(f'<rect x="{x}" y="{y + ch - 5}" width="{cw}" height="5" fill="#2e7d32"/>')
        parts.append(f'<text x="{x + 4}" y="{y + 14}" fill="#1d2330">{c.day.day}</text>')
        tag = {"holiday": "休", "makeup_workday": "班", "closed": "闭", "paused": "停"}.get(c.kind, "")
        if c.start:
            tag = "起"
        if c.due:
            tag = "止"
        if tag:
            parts.append(f'<text x="{x + cw - 4}" y="{y + 14}" text-anchor="end" font-weight="600" '
                         f'fill="{"#b71c1c" if c.due else "#1d2330"}">{tag}</text>')  # fmt: skip
        if c.count:
            parts.append(f'<text x="{x + cw / 2:.0f}" y="{y + 32}" text-anchor="middle" font-size="11" '
                         f'fill="#2d3340">#{c.count}</text>')  # fmt: skip
        if c.mark:
            parts.append(f'<circle cx="{x + cw - 7}" cy="{y + 26}" r="4" fill="#1d2330"/>')
        parts.append("</g>")
    ly = top + rows * (ch + gap) + 12
    entries = [(DAY_STYLE[k][0], DAY_STYLE[k][1], "#9aa1ad") for k in legend_kinds]
    entries += [("#ffffff", text, "#1d2330" if k == "start" else "#b71c1c" if k == "due" else "#2e7d32")
                for k, text in extras]  # fmt: skip
    col_w = width - 8
    for i, (fill, text, stroke) in enumerate(entries):
        x, y = 0, ly + i * 20
        parts.append(f'<rect x="{x:.0f}" y="{y}" width="14" height="14" fill="{fill}" stroke="{stroke}" '
                     f'stroke-width="2"/>')  # fmt: skip
        parts.append(f'<text x="{x + 20:.0f}" y="{y + 12}">{_t(_fit(text, col_w - 26))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def deadline_svg(
    start: date | datetime | str,
    limit: Any,
    *,
    pauses: Iterable[Any] = (),
    extensions: Iterable[Any] = (),
    calendar: Any = None,
    standalone: bool = True,
    **readings: Any,
) -> str:
    """The calendar of :func:`govhall.due_date` (same arguments): why the due date is what it is."""
    from govhall.calendars import calendar as make_calendar
    from govhall.timelimits import due_date, merge_pauses

    cal = calendar if calendar is not None else make_calendar("CN")
    merged = merge_pauses(list(pauses))
    exts = list(extensions)
    dl = due_date(start, limit, pauses=merged, extensions=exts, calendar=cal, **readings)
    base = due_date(start, limit, pauses=merged, calendar=cal, **readings).due if exts else None
    text = dl.limit.text or f"{dl.limit.amount} {dl.limit.unit}"
    ext_text = "".join(f" + {e.text or e}" for e in dl.extensions)
    title = f"{text}{ext_text}: {dl.start.isoformat()} → {dl.due.isoformat()}"
    if dl.provisional:
        title += " (provisional)"
    return calendar_strip(dl.start, dl.due, calendar=cal, pauses=merged, base_due=base,
                          count_working_days=dl.limit.unit == "working_day", title=title,
                          standalone=standalone)  # fmt: skip


# -- charts ----------------------------------------------------------------------------------------------


def _stacked(
    rows: Sequence[tuple[str, Mapping[str, int]]],
    keys: Sequence[str],
    fills: Mapping[str, str],
    names: Mapping[str, str],
    label: str,
    cls: str,
    standalone: bool,
    bar_width: float = 460,
) -> str:
    size, bar_h, gap, top = 12.0, 18, 6, 26
    longest = max((text_width(name, size) for name, _ in rows), default=0)
    left = min(max(longest, 40.0), 300.0) + 12
    right = 40
    legend_w = sum(text_width(names[k], size) + 30 for k in keys)
    width = max(left + bar_width + right, legend_w + 4)
    height = top + len(rows) * (bar_h + gap) + 4
    most = max((sum(c.get(k, 0) for k in keys) for _, c in rows), default=0) or 1
    parts = _open(width, height, label, cls, standalone)
    x = 0.0
    for k in keys:
        parts.append(f'<rect x="{x:.0f}" y="4" width="12" height="12" fill="{fills[k]}"/>')
        parts.append(f'<text x="{x + 16:.0f}" y="14">{_t(names[k])}</text>')
        x += text_width(names[k], size) + 30
    for i, (name, counts) in enumerate(rows):
        y = top + i * (bar_h + gap)
        total = sum(counts.get(k, 0) for k in keys)
        parts.append(f'<g class="row" data-label={_a(name)} data-count="{total}">')
        parts.append(f'<text class="label" x="{left - 8:.0f}" y="{y + 13}" text-anchor="end">'
                     f"<title>{_t(name)}</title>{_t(_fit(name, left - 12, size))}</text>")  # fmt: skip
        x = left
        for k in keys:
            n = counts.get(k, 0)
            if not n:
                continue
            w = bar_width * n / most
            parts.append(f'<rect class="seg {k}" data-key="{k}" data-count="{n}" x="{x:.1f}" y="{y}" '
                         f'width="{w:.1f}" height="{bar_h}" fill="{fills[k]}">'
                         f"<title>{_t(name)}: {n} {_t(names[k])}</title></rect>")  # fmt: skip
            x += w
        parts.append(f'<text class="total" x="{x + 6:.1f}" y="{y + 13}">{total}</text></g>')
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(rows: Sequence[tuple[str, Mapping[str, int]]], label: str, *, standalone: bool = False) -> str:
    """Horizontal bars, one per row, stacked by severity; labels sized to fit, never clipped."""
    if not rows:
        return ""
    return _stacked(
        rows, list(_SEVERITY_FILL), _SEVERITY_FILL, _SEVERITY_ZH, label, "govhall-bars", standalone
    )


def coverage_chart(
    coverage: Mapping[str, Mapping[str, int]], *, label: str = "条款覆盖 coverage", standalone: bool = False
) -> str:
    """Per standard, its clause inventory by status (``rule``, ``parameter``, ``not_automatable``,
    ``todo``), from :func:`govhall.docsgen.coverage` or ``Standard.coverage()``."""
    rows = [(std, {k: int(c.get(k, 0)) for k in _STATUS_FILL}) for std, c in coverage.items()]
    if not rows:
        return ""
    return _stacked(rows, list(_STATUS_FILL), _STATUS_FILL, _STATUS_ZH, label, "govhall-coverage", standalone)


def trend_chart(
    series: Mapping[str, Mapping[date, int]],
    periods: Sequence[date],
    *,
    label: str = "各部门问题趋势 findings per department per week",
    period_label: str = "week of",
    first_open: bool = False,
    standalone: bool = False,
) -> str:
    """Per department (rows), findings per period (columns: ``periods``, each the first day of a week):
    a bar per cell, its height proportional to the count, the count written above it. ``first_open``:
    the first column also holds everything before it (labelled ``≤``)."""
    if not series or not periods:
        return ""
    size, row_h, col_w, top = 12.0, 44, 52, 34
    longest = max(text_width(name, size) for name in series)
    left = min(max(longest, 40.0), 260.0) + 14
    width = left + len(periods) * col_w + 8
    height = top + len(series) * row_h + 6
    most = max((n for counts in series.values() for n in counts.values()), default=0) or 1
    parts = _open(width, height, label, "govhall-trend", standalone)
    for j, p in enumerate(periods):
        x = left + j * col_w + col_w / 2
        parts.append(f'<text x="{x:.0f}" y="14" text-anchor="middle" fill="#444b59">'
                     f"<title>{_t(period_label)} {p.isoformat()}{' and before' if first_open and j == 0 else ''}"
                     f"</title>{'≤' if first_open and j == 0 else ''}{p.month}-{p.day:02d}</text>")  # fmt: skip
    parts.append(f'<text x="0" y="14" fill="#444b59">{_t(_fit(period_label, left - 10))}</text>')
    for i, (name, counts) in enumerate(series.items()):
        y0 = top + i * row_h
        parts.append(f'<g class="series" data-label={_a(name)} data-count="{sum(counts.values())}">')
        parts.append(f'<line x1="{left}" x2="{width - 8}" y1="{y0 + row_h - 6}" y2="{y0 + row_h - 6}" '
                     f'stroke="#c8ccd4"/>')  # fmt: skip
        parts.append(f'<text class="label" x="{left - 10:.0f}" y="{y0 + row_h - 10}" text-anchor="end">'
                     f"<title>{_t(name)}</title>{_t(_fit(name, left - 14, size))}</text>")  # fmt: skip
        for j, p in enumerate(periods):
            n = counts.get(p, 0)
            x = left + j * col_w + 10
            h = (row_h - 22) * n / most
            base = y0 + row_h - 6
            parts.append(f'<g class="cell" data-period="{p.isoformat()}" data-count="{n}">'
                         f"<title>{_t(name)} · {p.isoformat()}: {n}</title>")  # fmt: skip
            if n:
                parts.append(f'<rect x="{x}" y="{base - h:.1f}" width="{col_w - 20}" height="{h:.1f}" '
                             f'fill="#1565c0"/>')  # fmt: skip
            parts.append(f'<text x="{x + (col_w - 20) / 2:.0f}" y="{base - h - 3:.1f}" text-anchor="middle" '
                         f'font-size="11" fill="{"#1d2330" if n else "#6b7280"}">{n}</text></g>')  # fmt: skip
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)
