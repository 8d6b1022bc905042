"""One self-contained HTML page for a hall's managers: who must fix what, by when.

The page opens with the summary a manager acts on (open 红牌/黄牌, findings by department and by
responsible person, what falls due soonest), then lists the findings grouped department → person →
clause, each with its evidence and the clause text behind a disclosure. Filters (standard, severity,
stage, department) and sorting run in one small inline script; without it every finding is shown.
Charts (findings per standard, per department per week) and the inputs used (rejected records,
interpretations, parameters, notes) follow the findings.

A report above :data:`INLINE_LIMIT` findings (a province) keeps all of that but lists findings on
demand: collapsed departments with their counts, the findings once as compact JSON, drawn by the
script when a department is opened, :data:`PAGE_SIZE` per clause at a time (see :func:`render_html`).

The markup is a Jinja2 template (``templates/report.html.j2``) with autoescaping on: every value from
the report is escaped; the only unescaped inserts are the SVG pictures of :mod:`govhall.svg`, which
escape their own text. No external asset, font or link: the file works offline and prints.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import tempfile
from array import array
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from itertools import islice
from operator import itemgetter
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template
from markupsafe import Markup

from govhall import svg
from govhall.reports._common import (
    HALL_HEADER,
    STAGE_LABEL,
    SURROGATE,
    clause_text,
    hall_rows,
    json_default,
    json_text,
    show_controls,
    standard_title,
    subject_label,
)
from govhall.rules.core import REGISTRY, SEVERITIES, Finding
from govhall.rules.report import Report
from govhall.timelimits import parse_limit

__all__ = [
    "INLINE_LIMIT",
    "NO_DEPARTMENT",
    "OTHER_DEPARTMENTS",
    "PAGE_SIZE",
    "Trend",
    "bar_chart",
    "department_of",
    "html_pieces",
    "render_html",
    "trend",
    "trend_chart",
]

#: the group of findings nobody in particular answers for (hall-wide duties)
NO_DEPARTMENT = "全厅 hall-wide (no department named)"
_NO_PERSON = "未指明责任人 no one named"
_ZH = {"error": "错误 error", "warning": "警告 warning", "info": "提示 info"}
_SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
_SUMMARY_ROWS = 6

#: findings drawn in full in the page (every card, its evidence and calendar; no script needed, all of it
#: prints); a bigger report (a province) lists them on demand, see :func:`render_html`
INLINE_LIMIT = 2000
#: findings a group lists at a time in a big report (a button shows the next ones)
PAGE_SIZE = 50

bar_chart = svg.bar_chart  # kept importable from here


def _no_surrogates(value: Any) -> Any:
    """Lone surrogates (undecodable input kept as text) cannot be written as UTF-8: show U+FFFD; control
    characters (NUL, ESC …), which an HTML document must not hold, are shown as ``\\xNN``."""
    if isinstance(value, Markup):
        return Markup(show_controls(SURROGATE.sub("\ufffd", str(value))))  # noqa: S704 - safe markup
    if isinstance(value, str):
        return show_controls(SURROGATE.sub("\ufffd", value))
    return value


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(Path(__file__).parent / "templates")),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_no_surrogates,
    )
    env.filters["json"] = json_text
    return env


def _lookup(report: Report, f: Finding, key: str) -> str | None:
    """``report.departments[key]``; in a province report the key carries the hall (``<hall>::<key>``)."""
    return report.departments.get(f"{f.hall}::{key}" if f.hall else key)


def department_of(report: Report, f: Finding) -> str:
    """The department a finding belongs to: its responsible's, else its subject's, else hall-wide; in a
    province report prefixed by the hall (``<hall> · <department>``)."""
    dept = (_lookup(report, f, f.responsible) if f.responsible else None) or _lookup(
        report, f, f"{f.subject.kind}/{f.subject.id}"
    )
    dept = dept or NO_DEPARTMENT
    return f"{f.hall} · {dept}" if f.hall else dept


def _person_of(report: Report, f: Finding) -> str:
    who = f.responsible
    if not who:
        return _NO_PERSON
    dept = _lookup(report, f, who) or ""
    if dept == who or dept.split(" ", 1)[0] == who:
        return f"{who} (部门 the department)"
    return who


def _due_of(f: Finding) -> date | None:
    value = f.evidence.get("due")
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _start_of(f: Finding) -> date | None:
    value = f.evidence.get("start")
    if isinstance(value, str) and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


@dataclass
class _Item:
    f: Finding
    department: str
    person: str
    due: date | None
    evidence: list[tuple[str, str]]
    timeline: Markup | None = None
    title_zh: str = ""

    @property
    def clause(self) -> str:
        return self.f.clauses[0] if self.f.clauses else ""


@dataclass
class _Group:
    """Findings of a department, person or clause, counted as they are added.

    A page that draws its findings keeps them (``items``); a big one keeps only their positions in the
    report's findings (``positions``, eight bytes each), read again when its data is written."""

    name: str
    items: list[_Item] = field(default_factory=list)
    positions: array[int] = field(default_factory=lambda: array("q"))
    children: dict[str, _Group] = field(default_factory=dict)
    n: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SEVERITIES, 0))
    red: int = 0
    yellow: int = 0
    _soonest: date | None = None

    def add(self, f: Finding, due: date | None, item: _Item | None, at: int) -> None:
        """Count finding ``f`` (due ``due``) in the group: keep ``item`` if given, else its position."""
        self.n += 1
        self.counts[f.severity] += 1
        if f.stage == "red":
            self.red += 1
        elif f.stage == "yellow":
            self.yellow += 1
        if due and f.stage and (self._soonest is None or due < self._soonest):
            self._soonest = due
        if item is not None:
            self.items.append(item)
        else:
            self.positions.append(at)

    @property
    def soonest(self) -> str:
        return self._soonest.isoformat() if self._soonest else "9999-12-31"

    @property
    def rank(self) -> tuple[int, int, int, int]:
        """Default order: red cards, yellow cards, errors, findings (most first)."""
        return (-self.red, -self.yellow, -self.counts["error"], -self.n)


def _timeline(f: Finding, as_of: date | None) -> Markup | None:
    """The calendar from start to due of a finding with its deadline in the evidence (decision or today
    marked)."""
    start, due = _start_of(f), _due_of(f)
    if not (start and due) or due < start or (due - start).days > 120:
        return None
    marks: dict[date, str] = {}
    decided = f.evidence.get("decided_at")
    if (
        isinstance(decided, str)
        and len(decided) >= 10
        and date.fromisoformat(decided[:10]) <= due + timedelta(31)
    ):
        marks[date.fromisoformat(decided[:10])] = "办结 decided"
    elif as_of and start <= as_of <= due + timedelta(days=31):
        marks[as_of] = "检查日 as of"
    pauses = []
    for p in f.evidence.get("excluded_pauses") or []:
        if isinstance(p, (list, tuple)) and len(p) == 2:
            pauses.append((str(p[0])[:10], str(p[1])[:10]))
        elif isinstance(p, dict) and p.get("from") and p.get("to"):
            pauses.append((str(p["from"])[:10], str(p["to"])[:10]))
    limit = f.evidence.get("limit")
    try:
        picture = svg.calendar_strip(
            start, due, pauses=pauses, marks=marks, count_working_days=_in_working_days(limit),
            title=f"{limit or ''} {start.isoformat()} → {due.isoformat()}".strip(),
        )  # fmt: skip
    except (ValueError, LookupError):
        return None
    return Markup(picture)  # noqa: S704 - svg escapes every text it draws


def _in_working_days(limit: object) -> bool:
    """Whether a finding's ``limit`` counts working days, as the limit grammar reads it (``20个工作日``,
    ``20 working days``, ``二十个工作日``); a text it cannot read, by its ``工作日``."""
    text = str(limit or "")
    try:
        return parse_limit(text).unit == "working_day"
    except ValueError:
        return "工作日" in text


def _title_zh(rule_id: str) -> str:
    return REGISTRY.get(rule_id).title_zh if rule_id in REGISTRY else ""


def _evidence(evidence: dict[str, Any]) -> list[tuple[str, str]]:
    return [(str(k), v if isinstance(v, str) else json_text(v)) for k, v in evidence.items()]


@dataclass(frozen=True)
class Trend:
    """Findings per department per week: ``series`` (department -> week's Monday -> count, most findings
    first), ``periods`` (the Mondays drawn) and ``first_open`` (the first week also holds everything
    before it)."""

    series: dict[str, dict[date, int]]
    periods: list[date]
    first_open: bool


#: the row that sums the departments beyond the ones drawn (a province has thousands)
OTHER_DEPARTMENTS = "其他 {n} 个部门 {n} other departments"


def trend(report: Report, *, weeks: int = 10, rows: int = 12) -> Trend:
    """The per-department trend of ``report``'s dated findings over the last ``weeks`` weeks with a
    finding (earlier findings counted in the first week drawn), the ``rows`` departments with most
    findings each on a row and the rest summed on one last row."""
    return _weeks(Counter((department_of(report, f), f.on) for f in report.findings), weeks, rows)


def _weeks(dated: Counter[tuple[str, date | None]], most: int = 10, rows: int = 12) -> Trend:
    """The trend of findings counted by (department, day), the pairs in the order first met (the count
    of a province's findings, not a list of them: the same trend)."""
    days = [on for _, on in dated if on]
    if not days:
        return Trend({}, [], False)
    last = max(days) - timedelta(days=max(days).weekday())
    earliest = min(days) - timedelta(days=min(days).weekday())
    first = max(earliest, last - timedelta(weeks=most - 1))
    periods = [first + timedelta(weeks=k) for k in range((last - first).days // 7 + 1)]
    series: dict[str, dict[date, int]] = {}
    for (dept, on), n in dated.items():
        if on:
            week = max(first, on - timedelta(days=on.weekday()))
            row = series.setdefault(dept, {})
            row[week] = row.get(week, 0) + n
    ordered = sorted(series.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    if len(ordered) > rows:
        kept, rest = ordered[: rows - 1], ordered[rows - 1 :]
        other: dict[date, int] = {}
        for _, counts in rest:
            for week, n in counts.items():
                other[week] = other.get(week, 0) + n
        ordered = [*kept, (OTHER_DEPARTMENTS.format(n=len(rest)), other)]
    return Trend(dict(ordered), periods, earliest < first)


def trend_chart(report: Report, **kw: Any) -> str:
    """The :func:`trend` of ``report`` drawn by :func:`govhall.svg.trend_chart` (``""`` if no finding
    is dated); ``kw`` goes to the drawing (``standalone``, ``label``)."""
    t = trend(report)
    if not t.series:
        return ""
    return svg.trend_chart(t.series, t.periods, first_open=t.first_open, **kw)


def _meta_line(f: Finding, title_zh: str) -> str:
    line = f"{title_zh} · " if title_zh else ""
    line += f"{f.title} · {f.rule_id}"
    if len(f.clauses) > 1:
        line += f" · clauses {', '.join(f.clauses)}"
    if f.sanction:
        line += f" · 处理 sanction: {f.sanction}"
    if f.provisional:
        line += " · provisional: past the last published holiday notice"
    return line


def _evidence_json(evidence: dict[str, Any]) -> str:
    """A finding's evidence as one JSON object (the page shows a string as it is, any other value as JSON)."""
    return json.dumps(evidence, ensure_ascii=False, default=json_default, separators=(",", ":"))


#: strings of the big report's data written in one piece
_STRINGS_A_PIECE = 1024


def _lazy_pieces(
    departments: list[_Group], clause_texts: dict[str, str], found: Sequence[Finding]
) -> Iterator[str]:
    """Every finding of a big report as compact JSON for the page's script: each distinct string once in
    ``s`` (a province repeats messages, titles and labels), departments in ``d`` as persons → clauses →
    findings, each finding a row of indices into ``s``: severity, stage, standard, subject, on, due,
    message, rule line, evidence (the template's script reads them in this order).

    The text comes in pieces: compact JSON of a list is its items' texts joined by ``,`` between
    brackets. The strings must all be known before the first department is written, and a province's
    are as many as its findings: so the departments are made first, one at a time, each finding read
    by its position in ``found`` (a province's are on disk); each new string's JSON goes to a temporary
    file as it is met (the strings are told apart by a 16-byte digest, not kept), each department's
    JSON to another; then both are written out a few at a time. The text is what ``json.dumps`` gives
    the whole document (the strings in the order first met, the departments in order)."""

    def dumps(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    # both files hold JSON text, one item a line (JSON escapes every line end inside a string); lone
    # surrogates are written as they are and read back the same ("surrogatepass")
    with (
        tempfile.TemporaryFile("w+", encoding="utf-8", errors="surrogatepass", newline="\n") as texts,
        tempfile.TemporaryFile("w+", encoding="utf-8", errors="surrogatepass", newline="\n") as depts,
    ):
        strings: dict[bytes, int] = {}

        def ix(value: str) -> int:
            key = hashlib.blake2b(value.encode("utf-8", "surrogatepass"), digest_size=16).digest()
            n = strings.get(key)
            if n is None:
                n = strings[key] = len(strings)
                # each control character shown as \xNN or \uNNNN text before the JSON is made, as the
                # page shows it everywhere: shown in the JSON text by the template's finalize, a DEL
                # made an escape JSON does not have (the script could not read the data, no finding was
                # listed) and a bidirectional override an escape that the script read back as the
                # character itself
                texts.write(dumps(show_controls(value)) + "\n")
            return n

        def row(f: Finding) -> list[int]:
            due = _due_of(f)
            return [ix(f.severity), ix(f.stage or "none"), ix(f.standard), ix(subject_label(f.subject, f.hall)),
                    ix(f.on.isoformat() if f.on else ""), ix(due.isoformat() if due else ""), ix(f.message),
                    ix(_meta_line(f, _title_zh(f.rule_id))),
                    ix(_evidence_json(f.evidence) if f.evidence else "")]  # fmt: skip

        for d in departments:
            dept = [[ix(p.name), [[ix(c.name), ix(clause_texts.get(c.name, "")),
                                   [row(found[at]) for at in c.positions]]
                                  for c in p.children.values()]] for p in d.children.values()]  # fmt: skip
            depts.write(dumps(dept) + "\n")

        def pieces() -> Iterator[
            str
        ]:  # json.dumps({"zh": _ZH, "stage": STAGE_LABEL, "s": [...], "d": [...]})
            yield '{"zh":' + dumps(_ZH) + ',"stage":' + dumps(STAGE_LABEL) + ',"s":['
            texts.seek(0)
            lines = (line[:-1] for line in texts)
            first = True
            while batch := list(islice(lines, _STRINGS_A_PIECE)):
                yield ("" if first else ",") + ",".join(batch)
                first = False
            yield '],"d":['
            depts.seek(0)
            for k, line in enumerate(depts):
                yield ("," if k else "") + line[:-1]
            yield "]}"

        for text in pieces():
            # inside <script type="application/json">: no "</script" or "<!--" can appear; lone surrogates
            # as U+FFFD (as in every format)
            text = text.replace("<", "\\u003c")
            yield SURROGATE.sub("\ufffd", text)


def render_html(report: Report, *, inline_limit: int | None = None) -> str:
    """Render ``report`` (already masked as wanted) as one self-contained HTML document.

    Up to ``inline_limit`` findings (default :data:`INLINE_LIMIT`) every finding is drawn in the page,
    with its deadline calendar, and the page works and prints without its script. A bigger report (a
    province: tens of thousands of findings) keeps the same summary, filters, sorting and charts, but its
    departments are collapsed (with their counts) and the findings travel once as compact JSON: opening a
    department lists its findings person → clause, :data:`PAGE_SIZE` at a time; filters count and hide
    over all of them; deadline calendars are left out (their start and due stay in the evidence); a
    printout holds the summary, the charts and the groups opened on screen, and says how many findings
    it leaves out.
    """
    return "".join(html_pieces(report, inline_limit=inline_limit))


def html_pieces(report: Report, *, inline_limit: int | None = None) -> Iterator[str]:
    """:func:`render_html`'s text in pieces, as the template makes them (``Template.generate``); a big
    report's findings data is written a few departments at a time (:func:`_lazy_pieces`), so the
    page of a province is never held whole."""
    page = _page(report, inline_limit)
    if page.data is None:
        yield from page.template.generate(**page.context, data="")
        return
    # the data's place in the page: a mark no report can hold (it is drawn afresh for each page), where
    # the data is written in pieces, each shown as the template shows any value (see _no_surrogates)
    mark = f"govhall-data-{secrets.token_hex(16)}"
    unwritten = True
    for piece in page.template.generate(**page.context, data=Markup(mark)):  # noqa: S704 - no markup
        if unwritten and mark in piece:
            before, _, after = piece.partition(mark)
            yield before
            for data in page.data():
                yield str(_no_surrogates(Markup(data)))  # noqa: S704 - JSON with every "<" escaped
            yield after
            unwritten = False  # (one place)
        else:
            yield piece


@dataclass
class _Page:
    """The page of a report before it is written: its template, the values it is given but the findings
    data, and (a big report) that data's text in pieces."""

    template: Template
    context: dict[str, Any]
    data: Callable[[], Iterator[str]] | None


def _page(report: Report, inline_limit: int | None) -> _Page:
    """The page of ``report``: one pass over its findings builds the department → person → clause tree
    with its counts, the summary's tables and charts. A page that draws every finding keeps them
    (at most ``inline_limit``); a big one keeps each finding's position only (a province's findings
    are spooled to disk and read again, one at a time, when the data is written: :func:`_lazy_pieces`)."""
    found = report.findings
    lazy = len(found) > (INLINE_LIMIT if inline_limit is None else inline_limit)
    tree: dict[str, _Group] = {}
    cards: list[tuple[tuple[Any, ...], _Item]] = []  # the soonest cards, (order, card)
    n_cards = 0
    stages: Counter[str] = Counter()
    dated: Counter[tuple[str, date | None]] = Counter()
    by_std: dict[str, dict[str, int]] = {}
    clause_texts: dict[str, str] = {}
    for at, f in enumerate(found):
        department, person, due = department_of(report, f), _person_of(report, f), _due_of(f)
        it = _Item(f=f, department=department, person=person, due=due,
                   evidence=[] if lazy else _evidence(f.evidence),
                   timeline=None if lazy else _timeline(f, report.as_of),
                   title_zh=_title_zh(f.rule_id))  # fmt: skip
        kept = None if lazy else it
        dept = tree.get(department) or tree.setdefault(department, _Group(department))
        dept.add(f, due, kept, at)
        group = dept.children.get(person) or dept.children.setdefault(person, _Group(person))
        group.add(f, due, kept, at)
        clause = it.clause
        group = group.children.get(clause) or group.children.setdefault(clause, _Group(clause))
        group.add(f, due, kept, at)
        if f.stage and due:  # sorted as before, ties in the report's order; only the first few kept
            n_cards += 1
            cards.append(((due, f.stage != "red", f.subject.id, at), it))
            if len(cards) > 2 * _SUMMARY_ROWS:
                cards = sorted(cards, key=itemgetter(0))[:_SUMMARY_ROWS]
        if f.stage:
            stages[f.stage] += 1
        dated[department, f.on] += 1
        by_std.setdefault(f.standard, dict.fromkeys(SEVERITIES, 0))[f.severity] += 1
        if clause not in clause_texts:
            clause_texts[clause] = clause_text(clause)
    soonest = [it for _, it in sorted(cards, key=itemgetter(0))[:_SUMMARY_ROWS]]

    departments = sorted(tree.values(), key=lambda g: (g.rank, g.name))
    for d in departments:
        d.children = dict(sorted(d.children.items(), key=lambda kv: (kv[1].rank, kv[0])))

    people = [g for d in departments for g in d.children.values() if g.name != _NO_PERSON]
    people_rows = sorted(((g, d.name) for d in departments for g in d.children.values() if g.name != _NO_PERSON),
                         key=lambda t: (t[0].rank, t[0].name))  # fmt: skip

    weekly = _weeks(dated)
    std_rows = [
        (f"{std} {standard_title(std)}".strip(), counts) for std, counts in report.summary.by_standard.items()
    ]
    if not std_rows:
        std_rows = [(f"{k} {standard_title(k)}".strip(), v) for k, v in by_std.items()]

    context = dict(
        report=report, s=report.summary, severities=SEVERITIES, zh=_ZH, stage_label=STAGE_LABEL,
        stages=stages, departments=departments, people=people, people_rows=people_rows[:_SUMMARY_ROWS],
        more_people=max(0, len(people_rows) - _SUMMARY_ROWS), cards=soonest,
        more_cards=max(0, n_cards - _SUMMARY_ROWS), dept_rows=departments[:_SUMMARY_ROWS],
        more_depts=max(0, len(departments) - _SUMMARY_ROWS), n_findings=len(found), lazy=lazy,
        page_size=PAGE_SIZE,
        standards_seen=sorted(by_std), stage_values=sorted(stages),
        clause_texts=clause_texts, subject_label=subject_label, as_of=report.as_of,
        hall_header=HALL_HEADER, hall_rows=hall_rows(report) if report.summary.halls else [],
        std_chart=Markup(svg.bar_chart(std_rows, "各标准问题数 findings per standard")),  # noqa: S704
        trend_chart=Markup(svg.trend_chart(weekly.series, weekly.periods, first_open=weekly.first_open))
        if weekly.series else Markup(""),  # noqa: S704
    )  # fmt: skip
    data = (lambda: _lazy_pieces(departments, clause_texts, found)) if lazy else None
    return _Page(_env().get_template("report.html.j2"), context, data)
