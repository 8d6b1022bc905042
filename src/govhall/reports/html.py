"""One self-contained HTML page: inline CSS, inline SVG charts, no scripts and no external assets.

A summary a hall manager can read first (counts, 黄牌/红牌, charts per standard and per clause, who is
responsible), then every finding with its evidence. Every piece of text is HTML-escaped.
"""

from __future__ import annotations

from collections import Counter
from html import escape
from typing import Any

from govhall.reports._common import (
    HALL_HEADER,
    STAGE_LABEL,
    SURROGATE,
    clause_text,
    group_findings,
    hall_rows,
    json_text,
    severity_counts,
    standard_title,
    subject_label,
)
from govhall.rules.core import SEVERITIES
from govhall.rules.report import Report

__all__ = ["bar_chart", "render_html"]

_COLOURS = {"error": "#c62828", "warning": "#ef8f00", "info": "#1f6fb2"}
_ZH = {"error": "错误 error", "warning": "警告 warning", "info": "提示 info"}

_CSS = """
:root { color-scheme: light; }
body { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", system-ui, sans-serif;
       margin: 0 auto; max-width: 1180px; padding: 24px; color: #1d2330; background: #fff; line-height: 1.5; }
h1 { font-size: 1.6em; margin: 0 0 4px; } h2 { border-bottom: 2px solid #e3e7ee; padding-bottom: 4px; margin-top: 36px; }
h3 { margin-top: 28px; } h4 { margin: 18px 0 6px; font-size: 1em; }
.meta, .muted { color: #5b6475; font-size: .92em; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 18px 0; }
.card { border: 1px solid #e3e7ee; border-radius: 8px; padding: 10px 16px; min-width: 110px; }
.card .n { font-size: 1.7em; font-weight: 600; } .card .l { color: #5b6475; font-size: .88em; }
.card.error .n { color: #c62828; } .card.warning .n { color: #ef8f00; } .card.info .n { color: #1f6fb2; }
.ok { background: #e8f5e9; border: 1px solid #a5d6a7; padding: 10px 14px; border-radius: 8px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: .92em; }
th, td { border: 1px solid #e3e7ee; padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: #f5f7fa; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.sev { display: inline-block; padding: 0 6px; border-radius: 4px; color: #fff; font-size: .85em; }
.sev.error { background: #c62828; } .sev.warning { background: #ef8f00; } .sev.info { background: #1f6fb2; }
.stage { display: inline-block; padding: 0 6px; border-radius: 4px; font-size: .85em; }
.stage.yellow { background: #ffe97a; } .stage.red { background: #c62828; color: #fff; }
dl.ev { margin: 0; display: grid; grid-template-columns: max-content 1fr; gap: 0 10px; }
dl.ev dt { color: #5b6475; } dl.ev dd { margin: 0; word-break: break-all; }
blockquote { margin: 4px 0 8px; padding: 4px 12px; border-left: 4px solid #e3e7ee; color: #3b4456; }
svg { max-width: 100%; height: auto; } svg text { font-size: 12px; fill: #1d2330; }
footer { margin-top: 40px; color: #5b6475; font-size: .85em; }
"""


def _e(value: Any) -> str:
    return escape(SURROGATE.sub("\ufffd", "" if value is None else str(value)), quote=True)


def bar_chart(rows: list[tuple[str, dict[str, int]]], label: str) -> str:
    """An inline SVG of horizontal bars, one per row, stacked by severity (no external references)."""
    if not rows:
        return ""
    bar_h, gap, left, width, right = 18, 6, 300, 520, 50
    top = 24
    height = top + len(rows) * (bar_h + gap) + 4
    most = max(sum(c.values()) for _, c in rows) or 1
    parts = [
        f'<svg role="img" aria-label="{_e(label)}" width="{left + width + right}" height="{height}" '
        f'viewBox="0 0 {left + width + right} {height}">',
        f"<title>{_e(label)}</title>",
    ]
    x = left
    for sev in SEVERITIES:  # legend
        parts.append(f'<rect x="{x}" y="4" width="12" height="12" fill="{_COLOURS[sev]}"/>')
        parts.append(f'<text x="{x + 16}" y="14">{_e(_ZH[sev])}</text>')
        x += 110
    for i, (name, counts) in enumerate(rows):
        y = top + i * (bar_h + gap)
        shown = name if len(name) <= 40 else name[:39] + "…"
        parts.append(
            f'<text x="{left - 8}" y="{y + 13}" text-anchor="end"><title>{_e(name)}</title>{_e(shown)}</text>'
        )
        x = float(left)
        for sev in SEVERITIES:
            n = counts.get(sev, 0)
            if not n:
                continue
            w = width * n / most
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{_COLOURS[sev]}">'
                f"<title>{_e(name)}: {n} {sev}</title></rect>"
            )
            x += w
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 13}">{sum(counts.values())}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _evidence(evidence: dict[str, Any]) -> str:
    if not evidence:
        return ""
    items = []
    for k, v in evidence.items():
        text = v if isinstance(v, str) else json_text(v)
        items.append(f"<dt>{_e(k)}</dt><dd>{_e(text)}</dd>")
    return '<dl class="ev">' + "".join(items) + "</dl>"


def _table(header: list[str], rows: list[list[str]], numeric: set[int] | None = None) -> str:
    numeric = numeric or set()
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join(
        "<tr>"
        + "".join(f'<td class="num">{c}</td>' if i in numeric else f"<td>{c}</td>" for i, c in enumerate(r))
        + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _card(n: Any, label: str, cls: str = "") -> str:
    return f'<div class="card {cls}"><div class="n">{_e(n)}</div><div class="l">{_e(label)}</div></div>'


def render_html(report: Report) -> str:
    """Render ``report`` (already masked as wanted) as one self-contained HTML document."""
    s = report.summary
    groups = group_findings(report.findings)
    stages = Counter(f.stage for f in report.findings if f.stage)
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>govhall {_e(report.kind)} report{' · ' + _e(report.source) if report.source else ''}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<header><h1>政务服务合规检查报告 · govhall {_e(report.kind)} report</h1>",
    ]
    meta = []
    if report.source:
        meta.append(f"数据 source: {_e(report.source)}")
    if report.as_of:
        meta.append(f"截至 as of: {_e(report.as_of.isoformat())}")
    meta.append(f"govhall {_e(report.govhall_version)}")
    meta.append(
        "个人信息已脱敏 personal data masked"
        if report.personal_data_masked
        else "<strong>个人信息未脱敏 personal data shown</strong>"
    )
    out.append(f'<p class="meta">{" · ".join(meta)}</p></header>')
    if report.rule_errors:  # first, so nobody reads the findings as complete
        out.append('<section class="rule-errors"><h2>规则运行错误 Rule errors</h2>')
        out.append("<p>These rules raised on some subjects, so the report is incomplete:</p><ul>")
        out += [f"<li><code>{_e(n.rule_id)}</code>: {_e(n.message)}</li>" for n in report.rule_errors]
        out.append("</ul></section>")

    # -- summary for a hall manager
    out.append('<section><h2>概况 Summary</h2><div class="cards">')
    out.append(_card(s.records, "记录 records"))
    out.append(_card(s.audited, "已检查 audited"))
    out.append(_card(s.rejected, "无法读取 rejected", "error" if s.rejected else ""))
    for sev in SEVERITIES:
        out.append(_card(s.findings.get(sev, 0), _ZH[sev], sev))
    out.append(_card(s.subjects_with_findings, "涉及对象 subjects"))
    if stages:
        out.append(_card(stages.get("yellow", 0), "黄牌 yellow cards", "warning"))
        out.append(_card(stages.get("red", 0), "红牌 red cards", "error"))
    out.append("</div>")
    if not report.findings:
        out.append('<p class="ok">未发现问题。No findings: nothing the rules check was broken.</p>')
    out.append(
        f'<p class="muted">Standards checked: {_e(", ".join(report.standards) or "none")} '
        f"({len(report.rules_run)} rules run).</p>"
    )
    if s.halls:
        out.append(f"<h3>各大厅 By hall ({len(s.halls)})</h3>")
        rows = [[_e(str(v)) for v in row] for row in hall_rows(report)]
        out.append(_table(HALL_HEADER, rows, {1, 2, 3, 4, 5, 6}))

    if groups:
        std_rows = [(f"{std} {standard_title(std)}".strip(), severity_counts(f for fs in cl.values() for f in fs))
                    for std, cl in groups.items()]  # fmt: skip
        clause_rows = [(clause, severity_counts(fs)) for cl in groups.values() for clause, fs in cl.items()]
        out.append("<h3>按标准 Findings per standard</h3>")
        out.append(bar_chart(std_rows, "Findings per standard"))
        out.append("<h3>按条款 Findings per clause</h3>")
        out.append(bar_chart(clause_rows, "Findings per clause"))
        responsible = Counter(f.responsible for f in report.findings if f.responsible)
        if responsible:
            out.append("<h3>责任人 Who is responsible</h3>")
            rows = []
            for who, n in responsible.most_common():
                c = severity_counts(f for f in report.findings if f.responsible == who)
                rows.append([_e(who), str(n), *(str(c[x]) for x in SEVERITIES)])
            out.append(_table(["responsible", "findings", *SEVERITIES], rows, {1, 2, 3, 4}))
    out.append("</section>")

    # -- the findings
    out.append("<section><h2>问题清单 Findings</h2>")
    if not groups:
        out.append("<p>No findings.</p>")
    for std, clauses in groups.items():
        out.append(f"<h3>{_e(std)} {_e(standard_title(std))}</h3>")
        for clause, fs in clauses.items():
            out.append(f"<h4>{_e(clause)}</h4>")
            text = clause_text(clause)
            if text:
                out.append(f"<blockquote>{_e(text)}</blockquote>")
            rows = []
            for f in fs:
                msg = f'{_e(f.message)}<br><span class="muted">{_e(f.title)} · {_e(f.rule_id)}</span>'
                if len(f.clauses) > 1:
                    msg += f'<br><span class="muted">clauses {_e(", ".join(f.clauses))}</span>'
                if f.provisional:
                    msg += (
                        '<br><span class="muted">provisional: past the last published holiday notice</span>'
                    )
                stage = (
                    f'<span class="stage {_e(f.stage)}">{_e(STAGE_LABEL[f.stage])}</span>' if f.stage else ""
                )
                rows.append([
                    f'<span class="sev {_e(f.severity)}">{_e(f.severity)}</span>', _e(subject_label(f.subject, f.hall)), msg,
                    _evidence(f.evidence), _e(f.on.isoformat() if f.on else ""), _e(f.responsible or ""),
                    _e(f.sanction or ""), stage,
                ])  # fmt: skip
            out.append(_table(["severity", "subject", "message", "evidence", "on", "responsible", "sanction",
                               "stage"], rows))  # fmt: skip
    out.append("</section>")

    if report.rejected:
        out.append(f"<section><h2>无法读取的记录 Rejected records ({len(report.rejected)})</h2>")
        rows = [[_e(r.table), _e(r.line), _e(r.record_id), _e(r.field), _e(r.reason), _e(r.source)]
                for r in report.rejected]  # fmt: skip
        out.append(_table(["table", "line", "record", "field", "reason", "source"], rows, {1}))
        out.append("</section>")
    if report.interpretations:
        out.append("<section><h2>解释口径 Interpretations used</h2>")
        rows = [[_e(i.name), _e(i.value), _e(i.default), _e(i.clause), _e(i.question), _e(i.meaning)]
                for i in report.interpretations]  # fmt: skip
        out.append(_table(["name", "value", "default", "clause", "question", "meaning"], rows))
        out.append("</section>")
    if report.parameters:
        out.append("<section><h2>参数 Parameters used</h2>")
        rows = [[_e(p.name), _e(json_text(p.value)), _e(p.source), _e(p.citation)] for p in report.parameters]
        out.append(_table(["name", "value", "source", "citation"], rows))
        out.append("</section>")
    if report.notes:
        out.append("<section><h2>说明 Notes</h2><ul>")
        out += [
            f"<li><strong>{_e(n.kind)}</strong> {_e(n.rule_id or '')}: {_e(n.message)}</li>"
            for n in report.notes
        ]
        out.append("</ul></section>")
    out.append(f"<footer>Generated by govhall {_e(report.govhall_version)}.</footer></body></html>")
    return "\n".join(out) + "\n"
