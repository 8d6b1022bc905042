"""OSCAL (NIST's Open Security Controls Assessment Language) for the clause inventories and the audits.

* :func:`catalog` — a standard's inventory as an OSCAL **catalog**: each clause a control (id
  ``<standard id>_<clause id>``, e.g. ``gdzw-0020-2019_5.3.2``; OSCAL ids may not start with a digit)
  with its text as the ``statement`` part and its English summary as ``guidance``; props give the
  clause's ``label`` (its own number), ``modality`` (应/宜/可 …), ``status`` (rule, parameter,
  not-automatable, todo), each ``rule`` that checks it and each ``interpretation`` registered for it
  (question, default and readings in the prop's remarks); the standard's parameters are OSCAL params
  of the control of their clause (catalog-level when the clause is not inventoried), with the value in
  force, its unit and citation, and every dated value in the remarks.
* :func:`assessment_results` — an audit :class:`~govhall.rules.Report` as OSCAL **assessment
  results**: one result whose reviewed controls are the clauses of the rules that ran, one
  observation per finding (the subject record, its evidence, rule and severity) and one finding per
  finding whose target is the statement of the clause's control in the catalog above
  (``<control id>_smt``), state ``not-satisfied``, linked to its observation.

Both are plain JSON-ready dicts (OSCAL 1.1 JSON); ``compliance-trestle`` (the ``[oscal]`` extra) reads
them with its models (the tests do). UUIDs are derived from the content (uuid5), so exporting twice
gives the same document; a catalog's ``last-modified`` is the export time (or ``SOURCE_DATE_EPOCH``), an
assessment result's is the day judged (``as_of``).
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timezone
from typing import Any

from govhall.errors import InputError

__all__ = ["OSCAL_VERSION", "assessment_results", "catalog", "catalog_control", "control_id"]

#: the OSCAL version the documents follow
OSCAL_VERSION = "1.1.2"
#: namespace of govhall's own prop names
NS = "https://govhall.github.io/ns/oscal"
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, NS)
_NOT_TOKEN = re.compile(r"[^\w.\-]", re.UNICODE)


def _uuid(*parts: object) -> str:
    name = "\x00".join(str(p) for p in parts)
    # a lone surrogate from the data cannot be UTF-8 encoded by uuid5: keep its bytes, escaped (issue #17)
    name = name.encode("utf-8", "surrogatepass").decode("utf-8", "backslashreplace")
    return str(uuid.uuid5(_NAMESPACE, name))


def _token(text: str) -> str:
    out = _NOT_TOKEN.sub("_", text)
    return out if out[:1].isalpha() or out[:1] == "_" else f"_{out}"


def control_id(ref: str) -> str:
    """The catalog control id of clause ``ref`` (``"gdzw-0020-2019:5.3.2"`` → ``gdzw-0020-2019_5.3.2``)."""
    std, _, cid = str(ref).partition(":")
    return _token(f"{std}_{cid}")


def _line(text: object) -> str:
    """A one-line prop value (OSCAL strings have no leading/trailing space or line breaks)."""
    return " ".join(str(text).split()) or "-"


def _prop(name: str, value: object, remarks: str | None = None, *, ns: bool = True) -> dict[str, Any]:
    prop: dict[str, Any] = {"name": name, "value": _line(value)}
    if ns:
        prop["ns"] = NS
    if remarks:
        prop["remarks"] = remarks
    return prop


def _now() -> str:
    """Export time, or ``SOURCE_DATE_EPOCH`` where a reproducible build sets it (seconds since 1970 as
    ASCII digits; set but malformed or past year 9999 is an :class:`~govhall.errors.InputError` naming
    it, as reproducible-builds.org asks: ``abc`` was ignored without a word, and a value past 9999 said
    only "year 3170843 is out of range")."""
    epoch = (os.environ.get("SOURCE_DATE_EPOCH") or "").strip()
    if not epoch:
        return datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    shown = epoch if len(epoch) <= 30 else epoch[:30] + "…"
    if not (epoch.isascii() and epoch.isdigit()):
        raise InputError(f"SOURCE_DATE_EPOCH: {shown!r} is not a whole number of seconds since 1970-01-01")
    try:
        when = datetime.fromtimestamp(int(epoch), timezone.utc)
    except (ValueError, OverflowError, OSError):  # past year 9999; more digits than int() reads
        raise InputError(f"SOURCE_DATE_EPOCH: {shown} seconds since 1970 is past 9999-12-31") from None
    return when.isoformat()


def _metadata(
    title: str, version: str, props: list[dict[str, Any]], last_modified: str | None = None
) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "title": title,
        "last-modified": last_modified or _now(),
        "version": version,
        "oscal-version": OSCAL_VERSION,
    }
    if props:
        meta["props"] = props
    return meta


# -- catalog ---------------------------------------------------------------------------------------------


def _param(p: Any) -> dict[str, Any]:
    current = p.value_on(None)
    dated = "\n".join(
        f"- {v.value} (from {v.valid_from or 'the start'}{f' to {v.valid_to}' if v.valid_to else ''}): {v.citation}"
        for v in p.values
    )
    props = [_prop("citation", current.citation), _prop("clause", str(p.clause))]
    if p.unit:
        props.append(_prop("unit", p.unit))
    return {
        "id": _token(p.name),
        "props": props,
        "label": _line(p.description or p.name),
        "values": [_line(current.value)],
        "remarks": f"Parameter {p.name}; a profile may override it. Values:\n{dated}",
    }


def catalog(standard_id: str) -> dict[str, Any]:
    """The clause inventory of ``standard_id`` as an OSCAL catalog (``{"catalog": {...}}``)."""
    import govhall
    from govhall.rules.interpretations import INTERPRETATIONS
    from govhall.rules.parameters import default_parameters
    from govhall.standards import get

    std = get(standard_id)
    by_clause: dict[str, list[Any]] = {}
    loose: list[Any] = []
    known = {c.id for c in std.clauses}
    for p in default_parameters().parameters.values():
        p_std, _, cid = str(p.clause).partition(":")
        if p_std != std.id and not p.name.startswith(std.id + "."):
            continue
        (by_clause.setdefault(cid, []) if cid in known else loose).append(p)
    interps: dict[str, list[Any]] = {}
    for item in INTERPRETATIONS.values():
        i_std, _, cid = str(item.clause).partition(":")
        if i_std == std.id:
            interps.setdefault(cid, []).append(item)

    controls = []
    seen: set[str] = set()
    for c in std.clauses:
        cid = control_id(str(c.ref))
        if cid in seen:
            raise ValueError(f"{std.id}: two clauses map to control id {cid}")
        seen.add(cid)
        props = [
            _prop("label", c.id, ns=False),
            _prop("modality", c.modality),
            _prop("severity", c.severity),
            _prop("status", c.status, c.reason or None),
        ]
        props += [_prop("rule", r) for r in c.rules]
        for item in interps.get(c.id, []):
            readings = "\n".join(f"- {k}: {v}" for k, v in item.alternatives.items())
            props.append(_prop("interpretation", item.name,
                               f"{item.question}\nDefault: {item.default} ({item.basis})\nReadings:\n{readings}"))  # fmt: skip
        parts = [{"id": f"{cid}_smt", "name": "statement", "prose": c.text or c.summary or c.id}]
        if c.summary:
            parts.append({"id": f"{cid}_gdn", "name": "guidance", "prose": c.summary})
        control: dict[str, Any] = {"id": cid, "class": "clause", "title": _line(c.summary or c.id)}
        params = [_param(p) for p in by_clause.get(c.id, [])]
        if params:
            control["params"] = params
        control["props"] = props
        control["parts"] = parts
        controls.append(control)

    resource_uuid = _uuid("source", std.id)
    meta_props = [
        _prop("standard", std.id),
        _prop("coverage", ", ".join(f"{k}={v}" for k, v in std.coverage().items())),
    ]
    if std.issuer:
        meta_props.append(_prop("issuer", std.issuer))
    if std.valid_from:
        meta_props.append(_prop("valid-from", std.valid_from.isoformat()))
    body: dict[str, Any] = {
        "uuid": _uuid("catalog", std.id, govhall.__version__),
        "metadata": _metadata(
            std.title, f"{std.year or ''} (govhall {govhall.__version__})".strip(), meta_props
        ),
    }
    if loose:
        body["params"] = [_param(p) for p in loose]
    body["controls"] = controls
    body["back-matter"] = {
        "resources": [{
            "uuid": resource_uuid,
            "title": std.title,
            "citation": {"text": _line(" ".join(x for x in (std.issuer, str(std.year or ""), std.title) if x))},
            **({"remarks": f"Source: {std.source}"} if std.source else {}),
        }]
    }  # fmt: skip
    return {"catalog": body}


# -- assessment results -----------------------------------------------------------------------------------


def _stamp(day: date | None) -> str:
    d = day or datetime.now(timezone.utc).date()
    return datetime(d.year, d.month, d.day, tzinfo=timezone.utc).isoformat()


def _inventoried() -> set[str]:
    from govhall.standards import load_all

    return {str(c.ref) for std in load_all() for c in std.clauses}


def catalog_control(ref: str, known: set[str] | None = None) -> str | None:
    """The control of the catalogs that clause ``ref`` belongs to: the clause itself when it is
    inventoried, else its nearest inventoried parent (``5.1.4.c`` → ``5.1.4``); ``None`` for a clause
    of no exported catalog (e.g. ``civil-code:201``)."""
    inventoried = _inventoried() if known is None else known
    std, _, cid = str(ref).partition(":")
    while cid:
        if f"{std}:{cid}" in inventoried:
            return control_id(f"{std}:{cid}")
        cid = cid.rpartition(".")[0] if "." in cid else cid.rpartition("-")[0]
    return None


def _observation(report: Any, f: Any, n: int, collected: str) -> dict[str, Any]:
    """The observation of a report's ``n``-th finding ``f``."""
    from govhall.reports._common import json_text

    # in a province each finding names its hall (DESIGN "Command line"), and the same subject id in
    # two halls is two subjects; a one-hall report has no hall and is as it was
    in_hall = () if f.hall is None else (f.hall,)
    at = "" if f.hall is None else f"[{f.hall}] "
    subject_uuid = _uuid("subject", report.source, *in_hall, f.subject.kind, f.subject.id)
    props = [_prop("rule", f.rule_id), _prop("severity", f.severity), _prop("standard", f.standard)]
    props += [_prop("hall", h) for h in in_hall]
    props += [_prop("clause", c) for c in f.clauses]
    if f.stage:
        props.append(_prop("stage", f.stage))
    if f.on:
        props.append(_prop("on", f.on.isoformat()))
    observation: dict[str, Any] = {
        "uuid": _observation_uuid(report, f, n),
        "title": _line(f"{at}{f.subject.kind} {f.subject.id}: {f.title}"),
        "description": f"{f.message}\n\n{f.title}",
        "props": props,
        "methods": ["TEST"],
        "types": ["finding"],
        "subjects": [{
            "subject-uuid": subject_uuid, "type": "inventory-item",
            "title": _line(f"{at}{f.subject.kind} {f.subject.id}"),
            "props": [_prop("kind", f.subject.kind), _prop("id", f.subject.id)]
            + [_prop("hall", h) for h in in_hall],
        }],
        "collected": collected,
    }  # fmt: skip
    if f.evidence:
        observation["relevant-evidence"] = [{"description": json_text(f.evidence)}]
    return observation


def _observation_uuid(report: Any, f: Any, n: int) -> str:
    in_hall = () if f.hall is None else (f.hall,)
    return _uuid("observation", report.source, *in_hall, f.rule_id, f.subject.kind, f.subject.id, n)


def _finding(report: Any, f: Any, n: int, known: set[str]) -> dict[str, Any]:
    """The finding of a report's ``n``-th finding ``f``, related to its observation."""
    at = "" if f.hall is None else f"[{f.hall}] "
    obs_uuid = _observation_uuid(report, f, n)
    targets = [t for t in (catalog_control(c, known) for c in f.clauses) if t is not None]
    target = targets[0] if targets else control_id(f.clauses[0] if f.clauses else f"{f.standard}:rule")
    finding: dict[str, Any] = {
        "uuid": _uuid("finding", obs_uuid),
        "title": _line(f"{f.rule_id}: {at}{f.subject.kind} {f.subject.id}"),
        "description": f.message,
        "props": [_prop("severity", f.severity), _prop("rule", f.rule_id)],
        "target": {
            "type": "statement-id",
            "target-id": f"{target}_smt",
            "status": {"state": "not-satisfied"},
        },
        "related-observations": [{"observation-uuid": obs_uuid}],
    }
    if f.sanction:
        finding["remarks"] = f"Sanction named by the standard: {f.sanction}"
    return finding


def _rejected_observation(report: Any, r: Any, n: int, collected: str) -> dict[str, Any]:
    """A record that could not be read is reported, never dropped (DESIGN "Input data"): one observation
    each, examined (not tested against a clause), with its table, line, id, field and reason."""
    where = f"{r.table} {r.place}" if r.place else r.table
    props = [_prop("rejected-table", r.table)]
    props += [_prop(name, value) for name, value in (("rejected-line", r.line), ("record-id", r.record_id),
                                                      ("field", r.field)) if value is not None]  # fmt: skip
    rejected: dict[str, Any] = {
        "uuid": _uuid("rejected", report.source, r.table, r.line, r.record_id, n),
        "title": _line(f"rejected record ({where}{f', {r.record_id}' if r.record_id else ''})"),
        "description": r.reason or "-",
        "props": props,
        "methods": ["EXAMINE"],
        "collected": collected,
    }
    if r.source:
        rejected["relevant-evidence"] = [{"description": _line(f"read from {r.source}")}]
    return rejected


def assessment_results(report: Any, *, one_at_a_time: bool = False) -> dict[str, Any]:
    """An audit report (masked as wanted) as OSCAL assessment results (``{"assessment-results": …}``).

    A finding targets the statement of the first of its clauses that a catalog holds (a sub-clause
    such as ``5.1.4.c`` counts towards its inventoried parent ``5.1.4``). ``one_at_a_time``: the
    observations and findings are :class:`~govhall.reports._common.Each` arrays, each item made as
    ``json_text`` writes it (as ``--format oscal`` does), not lists.
    """
    from govhall.reports._common import Each, rule_infos

    known = _inventoried()
    cited = [c for info in rule_infos(report) for c in info.clauses] + [
        c for f in report.findings for c in f.clauses
    ]
    reviewed = sorted({cid for c in cited if (cid := catalog_control(c, known)) is not None})
    collected = _stamp(report.as_of)

    def each_observation() -> Iterator[dict[str, Any]]:
        for n, f in enumerate(report.findings):
            yield _observation(report, f, n, collected)
        for n, r in enumerate(report.rejected):
            yield _rejected_observation(report, r, n, collected)

    def each_finding() -> Iterator[dict[str, Any]]:
        for n, f in enumerate(report.findings):
            yield _finding(report, f, n, known)

    observations: list[dict[str, Any]] | Each = (
        Each(each_observation) if one_at_a_time else list(each_observation())
    )
    findings: list[dict[str, Any]] | Each = Each(each_finding) if one_at_a_time else list(each_finding())
    result: dict[str, Any] = {
        "uuid": _uuid("result", report.source, report.as_of, report.kind),
        "title": f"govhall {report.kind} of {report.source or 'a dataset'}",
        "description": (
            "".join(  # first: a rule that raised makes the result incomplete (issue #17)
                f"RULE ERROR {n.rule_id}: {n.message}. " for n in getattr(report, "rule_errors", [])
            )
            + f"{report.summary.records} records ({report.summary.audited} audited, {report.summary.rejected} "
            f"rejected) judged as of {report.as_of or 'the latest record'} against "
            f"{', '.join(report.standards) or 'no standard'}; personal data "
            f"{'masked' if report.personal_data_masked else 'shown'}."
        ),
        "start": collected,
        "props": [_prop("interpretation", f"{i.name}={i.value}") for i in report.interpretations] or None,
        "reviewed-controls": {
            "control-selections": [{"include-controls": [{"control-id": c} for c in reviewed]}]
            if reviewed
            else [{"include-all": {}}]
        },
    }
    if result["props"] is None:
        del result["props"]
    if report.findings or report.rejected:
        result["observations"] = observations
    if report.findings:
        result["findings"] = findings
    import govhall

    meta_props = [_prop("catalog", f"govhall standards export --oscal {s}") for s in report.standards]
    return {
        "assessment-results": {
            "uuid": _uuid(
                "assessment-results", report.source, report.as_of, report.kind, len(report.findings)
            ),
            # stamped with the day judged, not the clock: the same audit renders the same document
            # (serial, --jobs and Dask runs are compared byte for byte)
            "metadata": _metadata(
                f"govhall {report.kind}: {report.source or 'dataset'}",
                govhall.__version__,
                meta_props,
                last_modified=collected,
            ),  # fmt: skip
            "import-ap": {"href": f"#{_uuid('plan', report.kind)}"},
            "results": [result],
            "back-matter": {
                "resources": [
                    {
                        "uuid": _uuid("plan", report.kind),
                        "title": "govhall assessment plan",
                        "description": "The plan is govhall's rules for the standards named in the metadata, "
                        "run as the result's reviewed controls say.",
                    }
                ]
            },  # fmt: skip
        }
    }
