"""Generated documentation: what each standard says, what govhall checks of it, and how.

``python -m govhall.docsgen docs/`` writes

* ``docs/standards/<id>.md``: one page per standard: its metadata (from the module docstring), the
  clause inventory (clause, text, modality, status, rules/parameters/reason) and every rule (id,
  title, severity, clauses with their text, validity, parameters with values and citations,
  interpretations);
* ``docs/standards/index.md``: the coverage table;
* ``docs/interpretations.md`` and ``docs/parameters.md``: every interpretation and parameter.

Pages are a pure function of the registered standards (no dates, no paths), so a test can check that
the committed pages equal a fresh generation. ``--check`` exits 1 if they do not.

The same descriptions feed ``govhall standards show|coverage`` (:func:`describe`, :func:`coverage`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from govhall.rules import INTERPRETATIONS, Interpretation, Parameter, Rule, Standard, default_parameters

__all__ = [
    "COVERAGE_KEYS",
    "coverage",
    "describe",
    "interpretations_of",
    "main",
    "pages",
    "parameters_of",
    "stale",
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
        "id": r.id, "title": r.title, "severity": r.severity, "subject": r.subject,
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


def _standard_page(std: Standard) -> str:
    cov = std.coverage()
    lines = [f"# {std.title}", "", f"Standard id: `{std.id}`", ""]
    meta = [("Issuer", std.issuer), ("Year", std.year), ("Valid from", _iso(std.valid_from)),
            ("Source", std.source), ("Module", f"`{std.module}`" if std.module else "")]  # fmt: skip
    lines += [f"- **{k}**: {v}" for k, v in meta if v]
    doc = _module_doc(std)
    if doc:
        lines += ["", "## About this encoding", ""]
        lines += [("> " + line).rstrip() for line in doc.replace("``", "`").splitlines()]
    lines += ["", "## Coverage", ""]
    lines += _table(list(COVERAGE_KEYS) + ["rules"], [[*(cov[k] for k in COVERAGE_KEYS), len(std.rules)]])

    lines += ["", "## Clause inventory", ""]
    rows = []
    for c in std.clauses:
        how = {
            "rule": ", ".join(f"[`{r}`](#{_anchor(r)})" for r in c.rules),
            "parameter": ", ".join(f"`{p}`" for p in c.parameters),
            "not-automatable": c.reason,
            "todo": "",
        }[c.status]
        rows.append([c.id, c.text, c.summary, c.modality, c.status, how])
    lines += _table(["clause", "text", "summary", "modality", "status", "rules / parameters / reason"], rows)

    lines += ["", "## Rules", ""]
    if not std.rules:
        lines.append("No rules yet.")
    params = {p.name: p for p in default_parameters().parameters.values()}
    for r in std.rules:
        lines += [f'<a id="{_anchor(r.id)}"></a>', "", f"### `{r.id}`", "", f"**{r.title}**", ""]
        validity = f"{_iso(r.valid_from) or 'always'} – {_iso(r.valid_to) or 'open'}"
        facts = [("Severity", r.severity), ("Subject", r.subject), ("Validity", validity),
                 ("Sanction", r.sanction), ("Live supervision", "yes" if r.live else "")]  # fmt: skip
        lines += [f"- **{k}**: {v}" for k, v in facts if v]
        lines += ["- **Clauses**:"]
        for ref in r.clauses:
            try:
                text = std.clause(ref.clause).text if ref.standard == std.id else ""
            except KeyError:
                text = ""
            lines.append(f"  - `{ref}`{': ' + text if text else ''}")
        doc = r.doc.split("\n\n", 1)
        lines += ["", "> " + r.clause_text]
        if len(doc) > 1 and doc[1].strip():
            lines += ["", " ".join(doc[1].replace("``", "`").split())]
        if r.parameters:
            lines += ["", "Parameters:", ""]
            for name in r.parameters:
                p = params.get(name)
                if p is None:
                    lines.append(f"- `{name}` (not declared)")
                    continue
                values = "; ".join(
                    f"{_value_text(v.value)}{' from ' + _iso(v.valid_from) if v.valid_from else ''}"
                    f"{' to ' + _iso(v.valid_to) if v.valid_to else ''} ({v.citation})"
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
                    f"- `{name}` ({i.clause}): {i.question} Default `{i.default}`; alternatives {alts}."
                )
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _index_page(standards: Sequence[Standard]) -> str:
    from govhall.standards._inspections import coverage as checked_by

    lines = ["# Standards covered by govhall", "",
             "Generated by `python -m govhall.docsgen docs/`; do not edit by hand.", "",
             "Clause counts by status in each standard's clause inventory (`rule`: checked by rules, "
             "`parameter`: a cited figure, `not_automatable`: needs a person, `todo`: not done yet).", ""]  # fmt: skip
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
        lines += [f"## `{name}`", "", f"- **Clause**: `{i.clause}`", f"- **Question**: {i.question}",
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
             "A profile overrides any of them: `parameters: {NAME: {value: …, citation: …}}`.", ""]  # fmt: skip
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
                             _value_text(v.value), p.unit if k == 0 else "", validity, v.citation,
                             ", ".join(users.get(p.name, [])) if k == 0 else ""])  # fmt: skip
        lines += _table(
            ["parameter", "clause", "description", "value", "unit", "valid", "citation", "used by"], rows
        )
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def pages() -> dict[str, str]:
    """Every generated page: relative path (under ``docs/``) -> Markdown text."""
    standards = _standards()
    out = {f"standards/{s.id}.md": _standard_page(s) for s in standards}
    out["standards/index.md"] = _index_page(standards)
    out["interpretations.md"] = _interpretations_page(standards)
    out["parameters.md"] = _parameters_page(standards)
    return out


def write(docs_dir: str | Path) -> list[Path]:
    """Write every page under ``docs_dir``; remove generated standard pages of standards that are gone."""
    root = Path(docs_dir)
    generated = pages()
    written = []
    for rel, text in generated.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    for stale in sorted((root / "standards").glob("*.md")):
        if f"standards/{stale.name}" not in generated:
            stale.unlink()
    return written


def stale(docs_dir: str | Path) -> list[str]:
    """Pages under ``docs_dir`` that differ from a fresh generation (missing, changed or left over)."""
    root = Path(docs_dir)
    generated = pages()
    out = [rel for rel, text in generated.items()
           if not (root / rel).is_file() or (root / rel).read_text(encoding="utf-8") != text]  # fmt: skip
    out += [f"standards/{p.name}" for p in sorted((root / "standards").glob("*.md"))
            if f"standards/{p.name}" not in generated]  # fmt: skip
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m govhall.docsgen DOCS_DIR [--check]``."""
    parser = argparse.ArgumentParser(prog="python -m govhall.docsgen", description=__doc__.splitlines()[0])
    parser.add_argument("docs_dir", nargs="?", default="docs", help="the docs folder (default: docs)")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the pages are out of date; write nothing"
    )
    args = parser.parse_args(argv)
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
