"""Generated documentation: what each standard says, what govhall checks of it, and how.

``python -m govhall.docsgen docs/`` writes (``--check``: only say what is stale; ``--missing``: list the
rules whose page has no worked case yet)

* ``docs/standards/<id>.md``: one page per standard (the MkDocs site serves it at
  ``standards/<id>/``): metadata, coverage (table and picture), the encoding's notes (module
  docstring, Sphinx roles rendered as code), every clause of the inventory under a heading anchored
  by its id (``{#5.3.2}``, the anchor ``govhall.reports._common.clause_url`` and SARIF ``helpUri``
  point at) with its quoted text, modality and status, and every rule (title, clause text, severity,
  validity, parameters with values and citations, interpretations with the default) with a worked
  case: the first declarative case in ``tests/standards/cases/<id>.yaml`` in which the rule fires,
  run at generation, and the finding it produces;
* ``docs/standards/index.md``: the coverage table; ``docs/pictures/*.svg``: coverage pictures and
  the example deadline calendar (``docs/deadlines.md``);
* ``docs/interpretations.md`` and ``docs/parameters.md``: every interpretation and parameter.

Pages are a pure function of the registered standards and the cases (no dates, no absolute paths),
so a test can check that the committed pages equal a fresh generation. ``--check`` exits 1 if they
do not.

The same descriptions feed ``govhall standards show|coverage`` (:func:`describe`, :func:`coverage`).
"""

from __future__ import annotations

import argparse
import functools
import inspect
import re
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from govhall.errors import CaseFileError
from govhall.rules import INTERPRETATIONS, Interpretation, Parameter, Rule, Standard, default_parameters

__all__ = [
    "COVERAGE_KEYS",
    "coverage",
    "describe",
    "interpretations_of",
    "main",
    "pages",
    "parameters_of",
    "prose",
    "rules_without_worked_case",
    "stale",
    "worked_cases",
    "write",
]

#: the coverage counts per standard (DESIGN "Command line": ``govhall standards coverage --json``)
COVERAGE_KEYS: tuple[str, ...] = ("clauses", "rule", "parameter", "not_automatable", "todo")


# -- descriptions (shared with the command line) -------------------------------------------------------


def _standards() -> list[Standard]:
    from govhall.standards import load_all

    return load_all()


def parameters_of(standard_id: str) -> list[Parameter]:
    """The parameters declared by a standard (``<id>.<name>``), in declaration order."""
    prefix = f"{standard_id}."
    return [p for name, p in default_parameters().parameters.items() if name.startswith(prefix)]


def interpretations_of(std: Standard) -> list[Interpretation]:
    """Interpretations of the standard's clauses, plus those its rules read (wherever declared)."""
    names = [n for n, i in INTERPRETATIONS.items() if i.clause.standard == std.id]
    for r in std.rules:
        names += [n for n in r.interpretations if n not in names]
    return [INTERPRETATIONS[n] for n in names if n in INTERPRETATIONS]


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _param_dict(p: Parameter) -> dict[str, Any]:
    return {
        "name": p.name, "clause": str(p.clause), "description": p.description, "unit": p.unit,
        "values": [{"value": v.value, "from": _iso(v.valid_from), "to": _iso(v.valid_to), "citation": v.citation}
                   for v in p.values],
    }  # fmt: skip


def _interp_dict(i: Interpretation) -> dict[str, Any]:
    return {
        "name": i.name, "clause": str(i.clause), "question": i.question, "default": i.default,
        "alternatives": dict(i.alternatives), "basis": i.basis,
    }  # fmt: skip


def _rule_dict(r: Rule) -> dict[str, Any]:
    return {
        "id": r.id, "title": r.title, "title_zh": r.title_zh, "severity": r.severity, "subject": r.subject,
        "clauses": [str(c) for c in r.clauses], "clause_text": r.clause_text, "valid_from": _iso(r.valid_from),
        "valid_to": _iso(r.valid_to), "sanction": r.sanction, "parameters": list(r.parameters),
        "interpretations": list(r.interpretations), "live": r.live,
    }  # fmt: skip


def describe(std: Standard) -> dict[str, Any]:
    """Everything about one standard as plain data: metadata, coverage, clauses, rules, parameters."""
    return {
        "id": std.id, "title": std.title, "issuer": std.issuer, "year": std.year, "source": std.source,
        "checked_with": std.checked_with, "limits": std.limits, "valid_from": _iso(std.valid_from),
        "module": std.module, "coverage": std.coverage(),
        "clauses": [
            {"id": c.id, "ref": str(c.ref), "text": c.text, "summary": c.summary, "modality": c.modality,
             "status": c.status, "rules": list(c.rules), "parameters": list(c.parameters), "reason": c.reason}
            for c in std.clauses
        ],
        "rules": [_rule_dict(r) for r in std.rules],
        "parameters": [_param_dict(p) for p in parameters_of(std.id)],
        "interpretations": [_interp_dict(i) for i in interpretations_of(std)],
    }  # fmt: skip


def coverage(standards: Sequence[Standard] | None = None) -> dict[str, dict[str, Any]]:
    """Per standard: ``title``, the :data:`COVERAGE_KEYS` counts and the number of ``rules``."""
    out: dict[str, dict[str, Any]] = {}
    for std in standards if standards is not None else _standards():
        from govhall.standards._inspections import coverage as checked_by

        out[std.id] = {
            "title": std.title,
            **std.coverage(),
            "rules": len(std.rules),
            "checked_by": checked_by(std),
        }
    return out


# -- Markdown -------------------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(text.split())


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return out + ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]


def _anchor(rule_id: str) -> str:
    return rule_id.replace("/", "").replace(".", "").lower()


_ROLE_RE = re.compile(r":(?:py:)?(?:func|mod|class|data|meth|attr|obj|exc|const):`~?([^`]+)`")
_SEEDS_RE = re.compile(r"\.\./shared/seeds/([\w.\-]+)")


def prose(text: str) -> str:
    """Docstring text as Markdown: Sphinx cross-reference roles (func, mod, class …) become inline code,
    reST double backquotes single ones, and paths into the seed collection (outside the repository)
    become the seed's file name."""
    text = _ROLE_RE.sub(lambda m: f"`{m.group(1)}`", text).replace("``", "`")
    return _SEEDS_RE.sub(lambda m: f"seed text `{m.group(1)}` (see [the seed texts](#seed-texts))", text)


def _source(std: Standard) -> str:
    m = _SEEDS_RE.search(std.source or "")
    if m:
        return (f"seed text `{m.group(1)}`, kept outside this repository (the tests read it through "
                "`GOVHALL_SEEDS`; every quoted clause below is checked against it)")  # fmt: skip
    return std.source or ""


def _module_doc(std: Standard) -> str:
    module = sys.modules.get(std.module)
    return (module.__doc__ or "").strip() if module is not None else ""


def _span(start: date | None, end: date | None) -> str:
    if start and end:
        return f"{start.isoformat()} – {end.isoformat()}"
    if start:
        return f"from {start.isoformat()}"
    return f"until {end.isoformat()}" if end else ""


def _value_text(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _quote(text: str) -> list[str]:
    return [("> " + line).rstrip() for line in text.splitlines() or [""]]


# -- worked cases (tests/standards/cases/<id>.yaml, run at generation) --------------------------------


def default_cases_dir() -> Path:
    """``tests/standards/cases`` of the source tree this module sits in (absent in an installed wheel)."""
    return Path(__file__).resolve().parents[2] / "tests" / "standards" / "cases"


def worked_cases(std: Standard, cases_dir: Path | None) -> dict[str, dict[str, Any]]:
    """rule id -> the first declarative case in which it fires, with the finding it produces (run now,
    by :func:`govhall.cases.case_findings`, as ``govhall test`` runs it)."""
    from govhall.cases import case_findings, load_case_file

    path = (cases_dir or default_cases_dir()) / f"{std.id}.yaml"
    if not path.is_file():
        return {}
    rule_ids = {r.id for r in std.rules}
    out: dict[str, dict[str, Any]] = {}
    for case in load_case_file(path):
        rid = case.spec.get("rule")
        if case.kind != "dataset" or rid not in rule_ids or rid in out or case.spec["expect"] != "fires":
            continue
        try:
            hits = case_findings(case)
        except CaseFileError:  # a case whose data is invalid shows nothing (its test fails)
            continue
        if hits:
            out[rid] = {"case": case.spec, "file": f"tests/standards/cases/{path.name}", "finding": hits[0],
                        "base_tables": sorted(case.base)}  # fmt: skip
    return out


def rules_without_worked_case(cases_dir: Path | None = None) -> dict[str, list[str]]:
    """Per standard, the ids of its rules for which no declarative case fires (so their pages show no
    worked case yet); standards with none missing are left out. ``python -m govhall.docsgen --missing``
    prints them."""
    out: dict[str, list[str]] = {}
    for std in _standards():
        worked = worked_cases(std, cases_dir)
        missing = [r.id for r in std.rules if r.id not in worked]
        if missing:
            out[std.id] = missing
    return out


def _yaml(obj: Any) -> str:
    import yaml

    def plain(o: Any) -> Any:
        if isinstance(o, dict):
            return {str(k): plain(v) for k, v in o.items()}
        if isinstance(o, list):
            return [plain(v) for v in o]
        if isinstance(o, (date, datetime)):
            return o.isoformat()
        return o

    text: str = yaml.safe_dump(plain(obj), allow_unicode=True, sort_keys=False, width=100)
    return text.rstrip("\n")


def _clause_link(ref: str, here: str) -> str:
    """``std:clause`` as a link to its anchor (on this page when ``std`` is ``here``), else as code."""
    std_id, _, clause = ref.partition(":")
    if not _has_clause_in(std_id, clause):
        return f"`{ref}`"
    return f"[`{ref}`](#{clause})" if std_id == here else f"[`{ref}`]({std_id}.md#{clause})"


def _worked(w: dict[str, Any], here: str = "") -> list[str]:
    case, f = w["case"], w["finding"]
    lines = ["", f"**Worked case** ({w['file']}: *{case.get('name', '')}*"
             + (f"; as of {case['as_of']}" if case.get("as_of") else "")
             + (f"; tables {', '.join(w['base_tables'])} from the file's `base`" if w["base_tables"] else "")
             + "):", "", "```yaml", _yaml(case.get("data") or {}), "```", "",
             "**The finding it produces** (computed when this page was generated):", ""]  # fmt: skip
    facts = [("Severity", f.severity), ("Subject", f"{f.subject.kind} {f.subject.id}"),
             ("Message", f.message), ("Clauses", ", ".join(_clause_link(c, here) for c in f.clauses)),
             ("Responsible", f.responsible), ("Sanction", f.sanction), ("Stage", f.stage),
             ("On", f.on.isoformat() if f.on else None)]  # fmt: skip
    lines += [f"- **{k}**: {v}" for k, v in facts if v]
    if f.evidence:
        lines += ["", "```yaml", _yaml({"evidence": f.evidence}), "```"]
    return lines


# -- pages -----------------------------------------------------------------------------------------------


_STATUS_WORDS = {
    "rule": "checked by a rule",
    "parameter": "a cited parameter",
    "not-automatable": "not automatable",
    "inspection": "checked by a person (inspection)",
    "todo": "not done yet",
}


def _standard_page(std: Standard, cases_dir: Path | None = None) -> str:
    from govhall.svg import coverage_chart

    cov = std.coverage()
    lines = [f"# {std.title}", "", f"Standard id: `{std.id}`", ""]
    meta = [("Issuer", std.issuer), ("Year", std.year), ("Valid from", _iso(std.valid_from)),
            ("Source", _source(std)), ("Module", f"`{std.module}`" if std.module else "")]  # fmt: skip
    lines += [f"- **{k}**: {v}" for k, v in meta if v]
    lines += ["", "## Coverage", ""]
    lines += _table(list(COVERAGE_KEYS) + ["rules"], [[*(cov[k] for k in COVERAGE_KEYS), len(std.rules)]])
    lines += ["", f"![clauses of {std.id} by status](../pictures/coverage-{std.id}.svg)"]
    _ = coverage_chart  # the picture itself is one of pages()
    doc = _module_doc(std)
    if doc:
        lines += ["", "## About this encoding", "", prose(doc)]

    params = {p.name: p for p in default_parameters().parameters.values()}
    worked = worked_cases(std, cases_dir)
    rules = {r.id: r for r in std.rules}
    lines += ["", "## Clauses", "",
              "Every normative clause of the inventory, anchored by its id (`#<clause>`): the quoted text, "
              "its modality, and how govhall covers it.", ""]  # fmt: skip
    for c in std.clauses:
        lines += [f"### {c.id} · {c.modality} · {c.status} {{#{c.id}}}", "", *_quote(c.text), ""]
        if c.summary:
            lines += [f"*{prose(c.summary)}*", ""]
        status = _STATUS_WORDS.get(c.status, c.status)
        if c.status == "rule":
            how = ", ".join(f"[`{r}`](#{_anchor(r)})" + (f" {rules[r].title_zh}" if r in rules and rules[r].title_zh
                                                          else "") for r in c.rules)  # fmt: skip
            lines.append(f"- **Status**: {status}: {how}")
            ref = f"{std.id}:{c.id}"
            for rid in c.rules:  # the worked case whose finding cites this very clause
                w = worked.get(rid)
                if w is not None and ref in w["finding"].clauses:
                    lines.append(f"- **Worked case**: [*{w['case'].get('name', rid)}*](#{_anchor(rid)}) → "
                                 f"{w['finding'].severity}: {w['finding'].message}")  # fmt: skip
        elif c.status == "parameter":
            lines.append(f"- **Status**: {status}: " + ", ".join(f"`{p}`" for p in c.parameters))
            for name in c.parameters:
                declared = params.get(name)
                if declared is not None:
                    lines += [f"    - `{name}` = {_value_text(v.value)}"
                              f"{' (' + _span(v.valid_from, v.valid_to) + ')' if v.valid_from or v.valid_to else ''}"
                              f": {v.citation}" for v in declared.values]  # fmt: skip
        else:
            lines.append(f"- **Status**: {status}" + (f": {prose(c.reason)}" if c.reason else ""))
        lines.append("")

    lines += ["## Rules", ""]
    if not std.rules:
        lines.append("No rules yet.")
    for r in std.rules:
        title = f"**{r.title_zh}** · {r.title}" if r.title_zh else f"**{r.title}**"
        lines += [f"### `{r.id}` {{#{_anchor(r.id)}}}", "", title, ""]
        lines += _quote(r.clause_text) + [""]
        validity = f"{_iso(r.valid_from) or 'always'} – {_iso(r.valid_to) or 'open'}"
        facts = [("Severity", r.severity), ("Subject", r.subject), ("Validity", validity),
                 ("Sanction", r.sanction), ("Live supervision", "yes" if r.live else "")]  # fmt: skip
        lines += [f"- **{k}**: {v}" for k, v in facts if v]
        lines += ["- **Clauses**: " + ", ".join(
            f"[`{ref.clause}`](#{ref.clause})" if ref.standard == std.id and _has_clause(std, ref.clause)
            else f"[`{ref}`]({ref.standard}.md#{ref.clause})" if _has_clause_in(ref.standard, ref.clause)
            else f"`{ref}`" for ref in r.clauses)]  # fmt: skip
        parts = inspect.cleandoc(r.doc).split("\n\n", 1)
        if len(parts) > 1 and parts[1].strip():
            lines += ["", prose(parts[1].strip())]
        if r.parameters:
            lines += ["", "Parameters:", ""]
            for name in r.parameters:
                p = params.get(name)
                if p is None:
                    lines.append(f"- `{name}` (not declared)")
                    continue
                values = "; ".join(
                    f"{_value_text(v.value)}{' from ' + v.valid_from.isoformat() if v.valid_from else ''}"
                    f"{' to ' + v.valid_to.isoformat() if v.valid_to else ''} ({v.citation})"
                    for v in p.values
                )  # fmt: skip
                lines.append(f"- `{name}` ({p.clause}): {p.description}: {values}")
        if r.interpretations:
            lines += ["", "Interpretations:", ""]
            for name in r.interpretations:
                i = INTERPRETATIONS.get(name)
                if i is None:
                    lines.append(f"- `{name}` (not registered)")
                    continue
                alts = ", ".join(f"`{k}`" for k in i.alternatives if k != i.default)
                lines.append(
                    f"- [`{name}`](../interpretations.md#{_anchor(name)}) ({i.clause}): {i.question} "
                    f"Default `{i.default}`; alternatives {alts}."
                )
        if r.id in worked:
            lines += _worked(worked[r.id], std.id)
        else:
            lines += ["", f"*No worked case yet: add one to `tests/standards/cases/{std.id}.yaml`.*"]
        lines.append("")
    lines += ["## Seed texts {#seed-texts}", "",
              "The standards' texts (the seed collection) are not part of this repository; the quote tests "
              "read them from the folder named by `GOVHALL_SEEDS`. Clause texts above are the inventory's "
              f"quotations (`src/govhall/standards/clauses/{std.id}.yaml`)."]  # fmt: skip
    return "\n".join(lines).rstrip("\n") + "\n"


def _has_clause(std: Standard, clause: str) -> bool:
    return any(c.id == clause for c in std.clauses)


def _has_clause_in(std_id: str, clause: str) -> bool:
    from govhall.standards import STANDARDS

    std = STANDARDS.get(std_id)
    return std is not None and _has_clause(std, clause)


def _index_page(standards: Sequence[Standard]) -> str:
    from govhall.standards._inspections import coverage as checked_by

    lines = ["# Standards covered by govhall", "",
             "Generated by `python -m govhall.docsgen docs/`; do not edit by hand.", "",
             "Clause counts by status in each standard's clause inventory (`rule`: checked by rules, "
             "`parameter`: a cited figure, `not_automatable`: needs a person, `todo`: not done yet).", ""]  # fmt: skip
    if standards:
        lines += ["![clauses per standard by status](../pictures/coverage.svg)", ""]
    rows = []
    total = dict.fromkeys(COVERAGE_KEYS, 0) | {"rules": 0}
    for std in standards:
        cov = std.coverage()
        rows.append([f"[{std.id}]({std.id}.md)", std.title, *(cov[k] for k in COVERAGE_KEYS), len(std.rules)])
        for k in COVERAGE_KEYS:
            total[k] += cov[k]
        total["rules"] += len(std.rules)
    header = ["standard", "title", *COVERAGE_KEYS, "rules"]
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join([str(r[0]), *(_cell(v) for v in r[1:])]) + " |" for r in rows]
    lines.append("| **total** |  | " + " | ".join(str(total[k]) for k in [*COVERAGE_KEYS, "rules"]) + " |")
    ways = ("rule", "parameter", "inspection", "not_applicable", "todo")
    lines += ["", "## How each clause is checked", "",
              "`inspection`: a person judges it and records the result in the `inspections` table "
              "(`govhall checklist --standard ID` prints the form); `not_applicable`: a permission (可) or "
              "a definition, nothing to check. The share checked is the goal of 100%.", "",
              "| standard | " + " | ".join(ways) + " | share checked |", "|" + "---|" * (len(ways) + 2)]  # fmt: skip
    for std in standards:
        c = checked_by(std)
        lines.append(
            f"| {std.id} | " + " | ".join(str(c[w]) for w in ways) + f" | {100 * c['share_checked']:.0f}% |"
        )
    if not standards:
        lines += ["", "No standard is encoded yet."]
    return "\n".join(lines) + "\n"


def _interpretations_page(standards: Sequence[Standard]) -> str:
    users: dict[str, list[str]] = {}
    for std in standards:
        for r in std.rules:
            for n in r.interpretations:
                users.setdefault(n, []).append(r.id)
    lines = ["# Interpretations", "", "Generated by `python -m govhall.docsgen docs/`; do not edit by hand.", "",
             "Where a clause can be read more than one way, govhall names the choice, cites the clause, "
             "picks a default and lets a hall choose another (`--interpret NAME=VALUE` or a profile's "
             "`interpretations:`). Every report lists the interpretations it used.", ""]  # fmt: skip
    if not INTERPRETATIONS:
        lines.append("None registered.")
    for name in sorted(INTERPRETATIONS):
        i = INTERPRETATIONS[name]
        lines += [f"## `{name}` {{#{_anchor(name)}}}", "", f"- **Clause**: `{i.clause}`", f"- **Question**: {i.question}",
                  f"- **Default**: `{i.default}`"]  # fmt: skip
        if i.basis:
            lines.append(f"- **Basis**: {i.basis}")
        if users.get(name):
            lines.append("- **Used by**: " + ", ".join(f"`{u}`" for u in users[name]))
        lines += ["", *_table(["value", "meaning"], [[f"{k}{' (default)' if k == i.default else ''}", v]
                                                     for k, v in i.alternatives.items()]), ""]  # fmt: skip
    return "\n".join(lines).rstrip("\n") + "\n"


def _parameters_page(standards: Sequence[Standard]) -> str:
    users: dict[str, list[str]] = {}
    for std in standards:
        for r in std.rules:
            for n in r.parameters:
                users.setdefault(n, []).append(r.id)
    lines = ["# Parameters", "", "Generated by `python -m govhall.docsgen docs/`; do not edit by hand.", "",
             "Every figure a locality may change, with the clause it comes from and a citation per value. "
             "A profile overrides any of them: `parameters: {NAME: {value: …, citation: …}}`, within the "
             "range the clause gives a meaning to (column *allowed*; anything else is refused when the "
             "profile is read). A value is in force on the days of its column *valid*; a rule asks the "
             "value in force on the day that matters to it (the record's day, or the audit's), and an "
             "audit's report lists every value it used, so a period across a change of value lists "
             "both.", ""]  # fmt: skip
    params = default_parameters().parameters
    if not params:
        lines.append("None declared.")
    by_std: dict[str, list[Parameter]] = {}
    for p in params.values():
        by_std.setdefault(p.name.split(".", 1)[0], []).append(p)
    for std_id in sorted(by_std):
        lines += [f"## {std_id}", ""]
        rows = []
        for p in by_std[std_id]:
            for k, v in enumerate(p.values):
                validity = _span(v.valid_from, v.valid_to)
                rows.append([p.name if k == 0 else "", p.clause if k == 0 else "", p.description if k == 0 else "",
                             _value_text(v.value), p.unit if k == 0 else "",
                             p.bounds.describe() if k == 0 and p.bounds else "", validity, v.citation,
                             ", ".join(users.get(p.name, [])) if k == 0 else ""])  # fmt: skip
        header = [
            "parameter",
            "clause",
            "description",
            "value",
            "unit",
            "allowed",
            "valid",
            "citation",
            "used by",
        ]
        lines += _table(
            header,
            rows,
        )
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


#: the deadline the docs draw (the README's example: 20 working days across National Day, a 补正 pause
#: of two days and a 10-working-day extension)
DEADLINE_EXAMPLE: dict[str, Any] = {
    "start": "2025-09-26", "limit": "20个工作日", "pauses": [("2025-10-09", "2025-10-10")],
    "extensions": ["10个工作日"],
}  # fmt: skip


def _deadlines_page() -> str:
    from govhall.timelimits import due_date

    ex = DEADLINE_EXAMPLE
    dl = due_date(ex["start"], ex["limit"], pauses=ex["pauses"], extensions=ex["extensions"])
    base = due_date(ex["start"], ex["limit"], pauses=ex["pauses"])
    pause = ", ".join(f"{a}:{b}" for a, b in ex["pauses"])
    lines = ["# Deadline calendars", "", "Generated by `python -m govhall.docsgen docs/`; do not edit by hand.", "",
             "`govhall deadline START LIMIT --format svg` draws the calendar from the start to the due date, "
             "so a clerk can see why the due date is what it is: the start day is not counted (civil-code:201), "
             "each working day is numbered in the order it counts, weekends and holidays are shaded, a "
             "调休 Saturday or Sunday is marked 班 (worked), paused days 停 do not count, an extension is "
             "underlined in green, and the due day is outlined in red. Hover a day for its reason. The HTML "
             "report draws the same calendar under every finding whose deadline it knows (start and due).", "",
             "```console",
             f"$ govhall deadline {ex['start']} {ex['limit']} --pause {pause} "
             + " ".join(f"--extend {e}" for e in ex["extensions"]) + " --format svg > deadline.svg",
             "```", "",
             f"![{ex['limit']} from {ex['start']}, due {dl.due.isoformat()}](pictures/deadline-example.svg)", "",
             f"The base period ends on {base.due.isoformat()} (dashed outline); the extension runs to "
             f"{dl.due.isoformat()}. Basis: {', '.join(dl.basis)}.", "",
             "From Python: `govhall.svg.deadline_svg(start, limit, pauses=…, extensions=…)` takes the "
             "arguments of `govhall.due_date`."]  # fmt: skip
    return "\n".join(lines) + "\n"


@functools.lru_cache(maxsize=1)
def _example_report() -> Any:
    """The embedded example hall audited as of its ``meta.json`` date (the one ``govhall audit --example``
    prints): computed once per process, it feeds the reports page and its picture."""
    import govhall
    from govhall.reports import prepare

    return prepare(govhall.audit(govhall.load_dataset(govhall.example_dir())), False)


def _reports_page() -> str:
    from govhall.reports.html import trend

    report = _example_report()
    t = trend(report)
    dated = sum(sum(c.values()) for c in t.series.values())
    lines = ["# Reports", "", "Generated by `python -m govhall.docsgen docs/`; do not edit by hand.", "",
             "`govhall audit --format html` writes one self-contained page for a hall's managers: first "
             "the summary (open 红牌/黄牌, findings by department and by responsible person, what falls due "
             "soonest), then the findings grouped department → person → clause with filters and sorting, "
             "then the charts. The other formats (`text`, `md`, `json`, `sarif`, `junit`, `oscal`) carry the "
             "same findings for people, programs and CI.", "",
             "## Findings per department per week {#trend}", "",
             "The example hall (`govhall audit --example`, [丰源县政务服务中心](example.md), as of "
             f"{report.as_of.isoformat() if report.as_of else 'its last record'}): {len(report.findings)} "
             f"findings, {dated} of them dated (`on`: the day the breach happened or was due: a late decision, a missed "
             "notice, a bad rating …). Each row is a department (the responsible person's, else the subject's; "
             "findings nobody in particular answers for are hall-wide), each column the week starting on the "
             "Monday shown"
             + (", the first column also holding every earlier finding (≤)" if t.first_open else "")
             + ". The HTML report draws the same chart from the same function "
             "(`govhall.reports.html.trend`); a province's report keeps the departments with most findings "
             "and sums the rest on one row.", "",
             "![findings per department per week in the example hall](pictures/trend-example.svg)", ""]  # fmt: skip
    from govhall.reports.html import INLINE_LIMIT, PAGE_SIZE

    big = ["", "## A province's report {#big}", "",
              f"Up to {INLINE_LIMIT:,} findings every finding is drawn in the page, each with its deadline "
              "calendar; the page needs no script and prints whole. A bigger report (`govhall audit "
              "province/ --format html`: tens of thousands of findings) stays one light, self-contained "
              "file: the summary and charts are the same, the departments are collapsed with their counts, "
              "and the findings travel once as compact data. Opening a department lists its findings "
              f"person → clause, {PAGE_SIZE} at a time per clause (a button shows the next ones); the "
              "filters count over every finding and hide the departments they leave empty; the summary's "
              "department links open their department. Deadline calendars are left out (start and due stay "
              "in the evidence). A printout holds the summary, the charts and the departments opened on "
              "screen, and says how many findings it leaves out; `--format md` prints every finding. "
              "`python benchmarks/report_bench.py` measures size and browser time for a 500-hall "
              "province."]  # fmt: skip
    lines += ["In numbers:", ""]
    header = ["department", *(("≤ " if t.first_open and k == 0 else "") + p.isoformat()
                              for k, p in enumerate(t.periods)), "total"]  # fmt: skip
    rows = [
        [name, *(counts.get(p, 0) for p in t.periods), sum(counts.values())]
        for name, counts in t.series.items()
    ]
    lines += _table(header, rows) + big
    return "\n".join(lines) + "\n"


def pages(cases_dir: Path | None = None) -> dict[str, str]:
    """Every generated page and picture: relative path (under ``docs/``) -> text.

    ``cases_dir`` holds the declarative cases (``<id>.yaml``) whose first firing case per rule is
    shown as a worked case; default: the source tree's ``tests/standards/cases``.
    """
    from govhall.svg import coverage_chart, deadline_svg

    standards = _standards()
    out = {f"standards/{s.id}.md": _standard_page(s, cases_dir) for s in standards}
    out["standards/index.md"] = _index_page(standards)
    out["interpretations.md"] = _interpretations_page(standards)
    out["parameters.md"] = _parameters_page(standards)
    out["deadlines.md"] = _deadlines_page()
    out["reports.md"] = _reports_page()
    out["pictures/coverage.svg"] = coverage_chart(
        {s.id: s.coverage() for s in standards}, label="各标准条款覆盖 clauses per standard by status",
        standalone=True,
    ) + "\n"  # fmt: skip
    for s in standards:
        out[f"pictures/coverage-{s.id}.svg"] = coverage_chart(
            {s.id: s.coverage()}, label=f"{s.id} 条款覆盖 clauses by status", standalone=True
        ) + "\n"  # fmt: skip
    from govhall.reports.html import trend_chart

    out["pictures/trend-example.svg"] = trend_chart(
        _example_report(), label="示例大厅各部门每周问题数 findings per department per week", standalone=True
    ) + "\n"  # fmt: skip
    ex = DEADLINE_EXAMPLE
    out["pictures/deadline-example.svg"] = deadline_svg(
        ex["start"], ex["limit"], pauses=ex["pauses"], extensions=ex["extensions"]
    ) + "\n"  # fmt: skip
    return out


def write(docs_dir: str | Path, cases_dir: Path | None = None) -> list[Path]:
    """Write every page under ``docs_dir``; remove generated standard pages of standards that are gone."""
    root = Path(docs_dir)
    generated = pages(cases_dir)
    written = []
    for rel, text in generated.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    for stale in [*sorted((root / "standards").glob("*.md")), *sorted((root / "pictures").glob("*.svg"))]:
        if f"{stale.parent.name}/{stale.name}" not in generated:
            stale.unlink()
    return written


def stale(docs_dir: str | Path, cases_dir: Path | None = None) -> list[str]:
    """Pages under ``docs_dir`` that differ from a fresh generation (missing, changed or left over)."""
    root = Path(docs_dir)
    generated = pages(cases_dir)
    out = [rel for rel, text in generated.items()
           if not (root / rel).is_file() or (root / rel).read_text(encoding="utf-8") != text]  # fmt: skip
    out += [f"{p.parent.name}/{p.name}"
            for p in [*sorted((root / "standards").glob("*.md")), *sorted((root / "pictures").glob("*.svg"))]
            if f"{p.parent.name}/{p.name}" not in generated]  # fmt: skip
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m govhall.docsgen DOCS_DIR [--check]``."""
    parser = argparse.ArgumentParser(prog="python -m govhall.docsgen", description=__doc__.splitlines()[0])
    parser.add_argument("docs_dir", nargs="?", default="docs", help="the docs folder (default: docs)")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the pages are out of date; write nothing"
    )
    parser.add_argument(
        "--missing", action="store_true", help="list the rules without a worked case; write nothing"
    )
    args = parser.parse_args(argv)
    if args.missing:
        missing = rules_without_worked_case()
        for std_id, ids in missing.items():
            print(f"{std_id}: {len(ids)} rule(s) without a worked case")
            for rid in ids:
                print(f"  {rid}")
        return 0
    if args.check:
        out_of_date = stale(args.docs_dir)
        for rel in out_of_date:
            print(f"out of date: {rel}", file=sys.stderr)
        return 1 if out_of_date else 0
    for path in write(args.docs_dir):
        print(path)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
