"""What every renderer shares: personal-data masking, rule metadata, grouping and small formatters.

Masking (``prepare``) goes further than :meth:`govhall.rules.Report.masked`, which masks the values
held under personal-data keys of each finding's evidence:

* values under a personal key are masked at any depth, also inside lists and objects;
* free text a reader sees (finding messages, evidence strings under other keys, rejected-record
  reasons, notes) is scrubbed: every personal value that appears in some evidence is replaced by its
  mask wherever it occurs, and anything shaped like a mainland mobile number or a resident ID number
  is masked too; so are landline numbers written with their area code (0769-22223333);
* ids and names from the data (a finding's subject id and responsible, a rejected record's id,
  field and table) shaped like a mobile or ID number are masked the same way: some exporters key
  records on the applicant's phone.
"""

from __future__ import annotations

import json
import os
import re
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any
from urllib.parse import quote

from govhall.models import PERSONAL_FIELDS, RejectedRecord
from govhall.rules.core import REGISTRY, SEVERITIES, SUBJECT_TABLES, Finding, Subject
from govhall.rules.report import Note, Report, mask_value
from govhall.spool import finding_heads

__all__ = [
    "Each",
    "SEVERITY_LABEL",
    "STAGE_LABEL",
    "RuleInfo",
    "SourceUris",
    "artifact_uri",
    "clause_text",
    "clause_url",
    "docs_base_url",
    "compact_evidence",
    "fqn",
    "hall_rows",
    "HALL_HEADER",
    "group_findings",
    "FindingGroups",
    "finding_groups",
    "Masker",
    "personal_table",
    "json_pieces",
    "json_text",
    "write_json",
    "path_uri",
    "prepare",
    "rule_infos",
    "scrub_text",
    "severity_counts",
    "standard_title",
    "subject_label",
]

#: severity -> short label used in text/markdown/html
SEVERITY_LABEL: dict[str, str] = {"error": "ERROR", "warning": "WARNING", "info": "INFO"}
#: supervision stage -> the names halls know from 电子监察 (DESIGN, "Live supervision")
STAGE_LABEL: dict[str, str] = {"yellow": "黄牌 (yellow card: due soon)", "red": "红牌 (red card: overdue)"}

_MOBILE_RE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_ID_NUMBER_RE = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
#: landline numbers with their area code: 0769-22223333, 020 12345678, (0451)82345678
_LANDLINE_RE = re.compile(r"(?<![\d-])(?:\(0\d{2,3}\)|0\d{2,3}[-\s])\d{7,8}(?![\d-])")
_CJK_RE = re.compile(r"[\u3400-\u9fff]")
#: what each of the three patterns above holds somewhere: seven digits in a row (a mobile number 11, an
#: ID number 17, a landline number 7 or 8 after its area code)
_SEVEN_DIGITS = re.compile(r"\d{7}")
#: lone surrogates (from JSON "\\ud800" escapes, undecodable file names) cannot be encoded as UTF-8:
#: every renderer shows U+FFFD in their place
SURROGATE = re.compile("[\ud800-\udfff]")
#: C0 control characters but tab and line ends, and DEL: invalid in an HTML document, NUL replaced and
#: an escape sequence live in a terminal that shows a Markdown file; renderers show them as ``\xNN``.
#: Also the bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), shown as
#: ``\uNNNN``: a value holding one reorders how the rest of its line reads on screen ("Trojan Source")
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def _shown_control(m: re.Match[str]) -> str:
    code = ord(m.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def show_controls(text: str) -> str:
    """``text`` with each :data:`CONTROL` character shown as ``\\xNN`` or ``\\uNNNN`` (as the text
    report does)."""
    return CONTROL.sub(_shown_control, text) if CONTROL.search(text) else text


# -- masking -----------------------------------------------------------------------------------------


def _mask_all(obj: Any) -> Any:
    """Mask every scalar leaf of ``obj`` (it sits under a personal-data key)."""
    if isinstance(obj, dict):
        return {k: _mask_all(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_mask_all(v) for v in obj]
    return mask_value(obj)


def _mask_evidence(obj: Any, scrub: Any) -> Any:
    if isinstance(obj, dict):
        return {
            k: (_mask_all(v) if k in PERSONAL_FIELDS else _mask_evidence(v, scrub)) for k, v in obj.items()
        }
    if isinstance(obj, list):
        return [_mask_evidence(v, scrub) for v in obj]
    if isinstance(obj, str):
        return scrub(obj)
    return obj


def _personal_values(obj: Any, under: bool = False) -> Iterable[str]:
    """Every scalar held (at any depth) under a personal-data key of ``obj``."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _personal_values(v, under or k in PERSONAL_FIELDS)
    elif isinstance(obj, list):
        for v in obj:
            yield from _personal_values(v, under)
    elif under and obj is not None and not isinstance(obj, bool):
        yield str(obj)


def _worth_replacing(value: str) -> bool:
    """Replace a personal value in free text only if it cannot be a fragment of ordinary text."""
    value = value.strip()
    if len(value) < 2:
        return False
    return bool(_CJK_RE.search(value)) or len(value) >= 6


def scrub_text(text: str, known: dict[str, str] | None = None) -> str:
    """Mask ``known`` personal values (value -> mask), mobile numbers and ID numbers in ``text``."""
    if not text:
        return text
    return _scrub(text, known, sorted(known, key=len, reverse=True)) if known else _scrub(text, {}, [])


def _scrub(text: str, known: dict[str, str], longest_first: list[str]) -> str:
    """:func:`scrub_text` with ``known``'s values already in the order they are replaced in (a report
    scrubs thousands of texts with the same values: they are put in order once)."""
    if not text:
        return text
    for value in longest_first:
        if value in text:
            text = text.replace(value, known[value])
    if _SEVEN_DIGITS.search(text) is None:  # no number below can be in it (most texts: one scan, not three)
        return text
    text = _ID_NUMBER_RE.sub(lambda m: str(mask_value(m.group(0))), text)
    text = _LANDLINE_RE.sub(lambda m: str(mask_value(m.group(0))), text)
    return _MOBILE_RE.sub(lambda m: str(mask_value(m.group(0))), text)


#: every two characters in a row of a text (overlapping), found in one call
_PAIRS = re.compile(r"(?=(..))", re.S)


#: texts a :class:`_Scrubber` remembers at most (the evidence's repeated texts are met again long before)
_DONE_LIMIT = 1 << 16


class _Scrubber:
    """:func:`_scrub` for many texts with the same ``known`` values, in time that does not grow with them.

    A province's report holds hundreds of thousands of texts and, in its evidence, as many personal
    values as it has applicants: trying every value on every text grows with their product. Each
    text is instead looked up by its pairs of characters (every value has two or more), which finds
    the values it holds; only those are replaced, in :func:`_scrub`'s order. The answer is
    :func:`_scrub`'s (a test checks the two agree): a mask keeps the value's length and its kept
    characters in place and writes ``*`` over the rest, so a value without ``*`` that is not in the
    text cannot appear in it by replacing others; values holding ``*`` (and any shorter than a
    pair) are always tried. Each distinct text is scrubbed once.
    """

    def __init__(self, known: dict[str, str]) -> None:
        self.known = known
        self.longest_first = sorted(known, key=len, reverse=True)
        self.rank = {value: i for i, value in enumerate(self.longest_first)}
        self.by_pair: dict[str, list[str]] = {}
        self.always: list[str] = []
        for value in self.longest_first:
            if "*" in value or len(value) < 2:
                self.always.append(value)
            else:
                self.by_pair.setdefault(value[:2], []).append(value)
        #: each text already scrubbed (a report's evidence repeats a few thousand texts many times)
        self.done: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        done = self.done.get(text)
        if done is None:
            if len(self.done) >= _DONE_LIMIT:
                self.done.clear()
            done = self.done[text] = self._scrubbed(text)
        return done

    def _scrubbed(self, text: str) -> str:
        if not text:
            return text
        by_pair = self.by_pair
        found: set[str] = set(self.always)
        for pair in by_pair.keys() & _PAIRS.findall(text):
            found.update(v for v in by_pair[pair] if v in text)
        if not found:
            return _scrub(text, {}, [])
        return _scrub(text, self.known, sorted(found, key=self.rank.__getitem__))


def personal_table(findings: Iterable[Finding]) -> dict[str, str]:
    """Every personal value held in some finding's evidence (worth replacing in free text) -> its mask.

    One pass over ``findings``, in the order first met; only this table (a value and its mask per
    personal value, not per finding) is kept. A spooled province's findings have it made from each
    hall's :func:`personal_firsts`, taken in the worker
    (:meth:`govhall.spool.SpooledFindings.personal_table`): the same table, no finding read."""
    return {value: mask for value, mask, _ in personal_firsts(findings)}


def personal_firsts(findings: Iterable[Finding]) -> list[tuple[str, str, int]]:
    """Each personal value of ``findings``' evidence worth replacing in free text, in the order first met:
    ``(value, its mask, the position of the first finding holding it)``."""
    first: dict[str, tuple[str, int]] = {}
    for n, f in enumerate(findings):
        for value in _personal_values(f.evidence):
            if value not in first and _worth_replacing(value):
                first[value] = (str(mask_value(value)), n)
    return [(value, mask, n) for value, (mask, n) in first.items()]


def _scrub_id(value: str | None) -> str | None:  # an id shaped like a phone or ID number is one
    return None if value is None else scrub_text(value)


class Masker:
    """Masks each finding, rejected record and note of a report with one table of personal values
    (:func:`personal_table`, from all the report's findings: a value seen in one finding's evidence,
    in any hall of a province, is masked wherever it appears in another's message or evidence)."""

    def __init__(self, known: dict[str, str]) -> None:
        self.scrub = _Scrubber(known)

    def finding(self, f: Finding) -> Finding:
        scrub = self.scrub
        return f.model_copy(
            update={
                "evidence": _mask_evidence(f.evidence, scrub),
                "message": scrub(f.message),
                "subject": f.subject.model_copy(update={"id": _scrub_id(f.subject.id)}),
                "responsible": _scrub_id(f.responsible),
            }
        )

    def rejected(self, r: RejectedRecord) -> RejectedRecord:
        return r.model_copy(
            update={
                "reason": self.scrub(r.reason),
                "record_id": _scrub_id(r.record_id),
                "field": _scrub_id(r.field),
                "table": scrub_text(r.table),
            }
        )

    def note(self, n: Note) -> Note:
        return n.model_copy(update={"message": self.scrub(n.message)})


def prepare(report: Report, show_personal_data: bool = False) -> Report:
    """The report as a renderer should show it: masked (see the module docstring) unless asked not to.

    The personal values are collected from every finding first (:func:`personal_table`), then each
    finding is masked with them. A report whose findings are a list gets a list of masked copies; a
    province's spooled findings (:class:`govhall.spool.SpooledFindings`, any sequence not a list) are
    masked one at a time as a renderer reads them (:class:`govhall.spool.MappedFindings`), so they are
    never held: the same findings, in the same order, either way."""
    if show_personal_data:
        return report
    from govhall.spool import MappedFindings, SpooledFindings

    found: Sequence[Finding] = report.findings  # a list, or a province's spooled findings
    masker = Masker(found.personal_table() if isinstance(found, SpooledFindings) else personal_table(found))
    findings: Sequence[Finding]
    if isinstance(found, list):
        findings = [masker.finding(f) for f in found]
    else:
        findings = MappedFindings(found, masker.finding, keeps_heads=True)  # standard, clause, rule, severity
    rejected = [masker.rejected(r) for r in report.rejected]
    notes = [masker.note(n) for n in report.notes]
    departments = _masked_departments(report.departments, province=report.summary.halls is not None)
    return report.model_copy(
        update={
            "findings": findings,
            "rejected": rejected,
            "notes": notes,
            "departments": departments,
            "personal_data_masked": True,
        }
    )


def _masked_departments(departments: dict[str, str], *, province: bool) -> dict[str, str]:
    """``Report.departments`` with its keys masked as the findings' ids are (:func:`_scrub_id`): a key is
    a finding's responsible or ``"<kind>/<id>"`` of its subject, so a phone- or ID-shaped id was shown
    in the masked JSON report's ``departments`` while the finding itself showed it masked, and the HTML
    page, looking a masked finding up by its masked id, put it under no department. In a province the
    key is ``"<hall>::<key>"`` and the hall's name, which findings show as it is, stays as it is. A
    label (``"<department id> <name>"``) is masked as free text."""
    out: dict[str, str] = {}
    for key, label in departments.items():
        if province:
            hall, _, own = key.partition("::")
            masked = f"{hall}::{scrub_text(own)}"
        else:
            masked = scrub_text(key)
        out.setdefault(masked, scrub_text(label))
    return out


# -- rules, standards and clauses --------------------------------------------------------------------


@dataclass
class RuleInfo:
    """What a report needs to know about one rule that ran (from the registry, else from its findings)."""

    id: str
    title: str
    standard: str
    severity: str
    clauses: list[str]
    clause_text: str = ""
    subject: str = ""
    sanction: str | None = None
    doc: str = ""
    parameters: list[str] = field(default_factory=list)
    interpretations: list[str] = field(default_factory=list)

    @property
    def slug(self) -> str:
        """The rule id without its standard prefix."""
        return self.id.split("/", 1)[-1]


def rule_infos(report: Report) -> list[RuleInfo]:
    """Every rule the report ran (``rules_run`` order), plus any rule only its findings name."""
    from govhall.standards import load_all

    load_all()  # the rules' metadata, also where no audit ran (a province's parent, a report read back)
    out: dict[str, RuleInfo] = {}
    found = report.findings
    at: dict[str, int] = {}  # each rule's first finding, by position (a province's: no finding read)
    for n, (_, _, rid, _) in enumerate(finding_heads(found)):
        at.setdefault(rid, n)
    first = {rid: found[n] for rid, n in at.items() if rid not in REGISTRY}
    for rid in [*report.rules_run, *at]:
        if rid in out:
            continue
        if rid in REGISTRY:
            r = REGISTRY.get(rid)
            out[rid] = RuleInfo(
                id=rid, title=r.title, standard=r.standard, severity=r.severity,
                clauses=[str(c) for c in r.clauses], clause_text=r.clause_text, subject=r.subject,
                sanction=r.sanction, doc=r.doc, parameters=list(r.parameters),
                interpretations=list(r.interpretations),
            )  # fmt: skip
        elif rid in first:
            f = first[rid]
            text = " ".join(t for t in (clause_text(c) for c in f.clauses) if t)
            out[rid] = RuleInfo(
                id=rid, title=f.title, standard=f.standard, severity=f.severity, clauses=list(f.clauses),
                clause_text=text, subject=f.subject.kind, sanction=f.sanction,
            )  # fmt: skip
        else:
            std = rid.split("/", 1)[0]
            out[rid] = RuleInfo(id=rid, title=rid, standard=std, severity="error", clauses=[])
    return list(out.values())


def _standard(std_id: str) -> Any:
    from govhall.standards import STANDARDS, load_all

    load_all()  # a report rendered where no audit ran (a province's parent, a report read back)
    return STANDARDS.get(std_id)


def standard_title(std_id: str) -> str:
    """The title of a loaded standard, else ``""``."""
    std = _standard(std_id)
    return std.title if std is not None else ""


def clause_text(ref: str) -> str:
    """The inventory text of clause ``ref`` (``"<standard>:<clause>"``), else ``""``."""
    std_id, _, cid = str(ref).partition(":")
    std = _standard(std_id)
    if std is None:
        return ""
    for c in std.clauses:
        if c.id == cid:
            return str(c.text)
    return ""


#: the docs site when neither ``GOVHALL_DOCS_URL`` nor the installed package's metadata names one
DEFAULT_DOCS_URL = "https://govhall.github.io/govhall"


def docs_base_url() -> str:
    """Base URL of the documentation site: ``GOVHALL_DOCS_URL``, else the package's Documentation URL."""
    env = os.environ.get("GOVHALL_DOCS_URL", "").strip()
    if env:
        return env.rstrip("/")
    return _metadata_docs_url()


@lru_cache(maxsize=1)
def _metadata_docs_url() -> str:
    try:
        from importlib.metadata import PackageNotFoundError, metadata

        entries: list[str] = metadata("govhall").get_all("Project-URL") or []
        for entry in entries:
            label, _, url = str(entry).partition(",")
            if label.strip().lower() == "documentation" and url.strip():
                return url.strip().rstrip("/")
    except (PackageNotFoundError, ValueError):
        pass
    return DEFAULT_DOCS_URL


def clause_url(ref: str) -> str:
    """The docs page of clause ``ref``: ``{base}/standards/{standard-id}/#{clause-id}``.

    ``base`` is :func:`docs_base_url`; the clause id is percent-encoded where a URI needs it
    (``yousu-jiban:不予受理.1`` → ``…/standards/yousu-jiban/#%E4%B8%8D%E4%BA%88%E5%8F%97%E7%90%86.1``); the docs pages carry the
    clause id itself as the heading's anchor.
    """
    std_id, _, cid = str(ref).partition(":")
    url = f"{docs_base_url()}/standards/{quote(std_id, safe='-._')}/"
    return url + (f"#{quote(cid, safe='-._~')}" if cid else "")


# -- findings ----------------------------------------------------------------------------------------


def group_findings(findings: Iterable[Finding]) -> dict[str, dict[str, list[Finding]]]:
    """standard -> clause (the finding's first clause) -> findings, keeping the report's order."""
    out: dict[str, dict[str, list[Finding]]] = {}
    for f in findings:
        out.setdefault(f.standard, {}).setdefault(f.clauses[0] if f.clauses else "", []).append(f)
    return out


@dataclass
class FindingGroups:
    """Where each finding of a report is, by standard and clause: :func:`group_findings` as positions in
    the report's findings (eight bytes a finding), with the counts the renderers print above a group.

    ``positions`` is standard -> clause (the finding's first clause) -> positions, each in the report's
    order; ``by_standard`` and ``by_clause`` count findings by severity (every severity present), and
    ``rules`` names the rules of each clause's findings. Renderers read a group's findings by position
    (``report.findings[i]``): for a province whose findings are spooled to disk that reads them one at
    a time, for a list it is the list's item."""

    positions: dict[str, dict[str, array[int]]] = field(default_factory=dict)
    by_standard: dict[str, dict[str, int]] = field(default_factory=dict)
    by_clause: dict[tuple[str, str], dict[str, int]] = field(default_factory=dict)
    rules: dict[tuple[str, str], set[str]] = field(default_factory=dict)


def finding_groups(findings: Iterable[Finding]) -> FindingGroups:
    """The :class:`FindingGroups` of ``findings``, in one pass that keeps no finding."""
    out = FindingGroups()
    zero: dict[str, int] = dict.fromkeys(SEVERITIES, 0)
    for n, (standard, clause, rule_id, severity) in enumerate(finding_heads(findings)):
        at = out.positions.setdefault(standard, {}).setdefault(clause, array("q"))
        at.append(n)
        out.by_standard.setdefault(standard, dict(zero))[severity] += 1
        out.by_clause.setdefault((standard, clause), dict(zero))[severity] += 1
        out.rules.setdefault((standard, clause), set()).add(rule_id)
    return out


def severity_counts(findings: Iterable[Finding]) -> dict[str, int]:
    """Findings by severity, every severity present (zero when none)."""
    c = Counter(f.severity for f in findings)
    return {s: c.get(s, 0) for s in SEVERITIES}


def subject_label(subject: Subject, hall: str | None = None) -> str:
    """``application A-17``; in a province report ``[广州/天河] application A-17``."""
    return f"[{hall}] {subject.kind} {subject.id}" if hall else f"{subject.kind} {subject.id}"


def fqn(subject: Subject, hall: str | None = None) -> str:
    """``application/A-17`` (``广州/天河::application/A-17`` in a province): a SARIF logical name."""
    return f"{hall}::{subject.kind}/{subject.id}" if hall else f"{subject.kind}/{subject.id}"


def hall_rows(report: Report) -> list[list[Any]]:
    """A province report's per-hall summary rows: hall, records, audited, rejected, severities, error."""
    rows: list[list[Any]] = []
    for hall, s in (report.summary.halls or {}).items():
        rows.append([hall, s.records, s.audited, s.rejected, *(s.findings.get(x, 0) for x in SEVERITIES),
                     s.error or ""])  # fmt: skip
    return rows


#: the header of :func:`hall_rows`
HALL_HEADER: list[str] = ["hall", "records", "audited", "rejected", *SEVERITIES, "could not be audited"]


class Each:
    """A JSON array that :func:`json_text` writes one item at a time, each made as it is written and
    dropped once written: the results of a province's SARIF log or OSCAL assessment results as one
    tree of dicts took more memory than the findings they were made from and the text together.
    ``make`` gives the items afresh each time the array is read."""

    __slots__ = ("_make",)

    def __init__(self, make: Callable[[], Iterable[Any]]) -> None:
        self._make = make

    def __iter__(self) -> Iterator[Any]:
        return iter(self._make())


def json_default(obj: Any) -> Any:
    if isinstance(obj, Each):
        return list(obj)
    if isinstance(obj, (date, datetime)):
        return obj.isoformat()
    if hasattr(obj, "model_dump"):
        return obj.model_dump(mode="json")
    if isinstance(obj, (set, frozenset, tuple)):
        return list(obj)
    return str(obj)


def json_text(obj: Any, *, indent: int | None = None) -> str:
    """JSON with Chinese kept readable; dates as ISO strings."""
    if indent:
        text = indented_json(obj, indent)
    else:
        text = json.dumps(obj, ensure_ascii=False, default=json_default, separators=(", ", ": "))
    return _without_surrogates(text)


def _without_surrogates(text: str) -> str:
    """``text`` with each lone surrogate as U+FFFD: a record's id or a file name that held one (such
    records are rejected) is no text, and every format shows U+FFFD in its place (an ``\\udcff`` escape
    is refused by strict parsers). Looked for by the UTF-8 codec, which refuses one, in half the time
    the pattern takes over a report."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return SURROGATE.sub("\ufffd", text)
    return text


def _json_encoder(indent: int) -> tuple[Callable[[Any, str], str], Callable[[Any], str]]:
    """:func:`indented_json`'s encoder of a value at an indentation, and of a key."""
    step = " " * indent
    escape = encode_basestring

    def encode(o: Any, here: str) -> str:
        cls = o.__class__
        if cls is str:
            return escape(o)
        if cls is dict:
            if not o:
                return "{}"
            inner = here + step
            # (a text key or value, most of them, is escaped here, without a call of its own)
            items = [
                (escape(k) if k.__class__ is str else _key(k))
                + ": "
                + (escape(v) if v.__class__ is str else encode(v, inner))
                for k, v in o.items()
            ]
            return "{\n" + inner + (",\n" + inner).join(items) + "\n" + here + "}"
        if cls is list or cls is Each:
            inner = here + step
            values = [escape(v) if v.__class__ is str else encode(v, inner) for v in o]
            if not values:
                return "[]"
            return "[\n" + inner + (",\n" + inner).join(values) + "\n" + here + "]"
        if o is None:
            return "null"
        if o is True:
            return "true"
        if o is False:
            return "false"
        if isinstance(o, str):
            return escape(o)
        if isinstance(o, int):
            return int.__repr__(o)
        if isinstance(o, float):
            return _float_text(o)
        if isinstance(o, (list, tuple)):
            return encode(list(o), here)
        if isinstance(o, dict):
            return encode(dict(o.items()), here)
        return encode(json_default(o), here)

    def _key(k: Any) -> str:
        if isinstance(k, str):
            return escape(k)
        if isinstance(k, float):
            return escape(_float_text(k))
        if k is True or k is False or k is None:
            return escape(json.dumps(k))
        if isinstance(k, int):
            return escape(int.__repr__(k))
        # a key the standard library refuses: refused by it, in its own words (they differ by version)
        json.dumps({k: None}, indent=indent)
        raise TypeError(f"keys must be str, int, float, bool or None, not {k.__class__.__name__}")

    return encode, _key


def indented_json(obj: Any, indent: int = 2) -> str:
    """``json.dumps(obj, ensure_ascii=False, indent=indent, default=json_default, separators=(",", ": "))``,
    the same text, in about half the time.

    With an ``indent`` the standard library leaves its C encoder for a Python one that hands every
    value through a chain of generators (20 ms of a 20k hall's JSON report, 70 ms of its SARIF).
    Here each container is one call that joins its items' texts; strings are escaped by the C
    ``encode_basestring`` the standard library uses, numbers written by ``int.__repr__`` and
    ``float.__repr__`` as it writes them (``NaN``/``Infinity`` too), keys converted as it converts
    them, and anything else handed to :func:`json_default` (``tests/test_reports_json_text.py`` holds the two
    to the same text for all inputs). A cycle, which the standard library refuses, is left to it.
    """
    encode = _json_encoder(indent)[0]
    try:
        return encode(obj, "")
    except RecursionError:  # a cycle (or nesting too deep for either): the standard library's error
        return json.dumps(
            obj, ensure_ascii=False, indent=indent, default=json_default, separators=(",", ": ")
        )


def json_pieces(obj: Any, indent: int = 2) -> Iterator[str]:
    """The text of ``indented_json(obj, indent)`` in pieces: each item of an :class:`Each` array is made,
    written and dropped in turn, so the whole text is never held (:func:`write_json`). Joined, the
    pieces are :func:`indented_json`'s text (a test holds the two together)."""
    encode, key = _json_encoder(indent)
    step = " " * indent
    nested = (dict, list, Each)

    def holds_each(o: Any) -> bool:
        cls = o.__class__
        if cls is Each:
            return True
        if cls is dict:
            return any(holds_each(v) for v in o.values() if v.__class__ in nested)
        if cls is list:
            return any(holds_each(v) for v in o if v.__class__ in nested)
        return False

    def pieces(o: Any, here: str) -> Iterator[str]:
        cls = o.__class__
        inner = here + step
        if cls is Each or (cls is list and holds_each(o)):
            sep = "[\n" + inner
            for item in o:
                yield sep
                yield from pieces(item, inner)
                sep = ",\n" + inner
            yield "[]" if sep[0] == "[" else "\n" + here + "]"
        elif cls is dict and holds_each(o):
            sep = "{\n" + inner
            for k, v in o.items():
                yield sep + key(k) + ": "
                yield from pieces(v, inner)
                sep = ",\n" + inner
            yield "\n" + here + "}"
        else:
            yield encode(o, here)

    return pieces(obj, "")


def write_json(obj: Any, write: Callable[[str], Any], *, indent: int = 2) -> None:
    """Write ``json_text(obj, indent=indent)`` with ``write``, piece by piece (:func:`json_pieces`): the
    same text, never held whole. A lone surrogate is written as U+FFFD, as :func:`json_text` does."""
    for piece in json_pieces(obj, indent):
        write(_without_surrogates(piece))


def _float_text(o: float) -> str:
    """A float as ``json.dumps`` writes it (``allow_nan``: ``NaN``, ``Infinity``, ``-Infinity``)."""
    if o != o:
        return "NaN"
    if o == _INFINITY:
        return "Infinity"
    if o == -_INFINITY:
        return "-Infinity"
    return float.__repr__(o)


_INFINITY = float("inf")


def _short(value: Any, limit: int) -> str:
    text = value if isinstance(value, str) else json_text(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def compact_evidence(evidence: dict[str, Any], limit: int = 120) -> str:
    """``key=value, key=value`` with long values shortened (``limit`` characters each)."""
    return ", ".join(f"{k}={_short(v, limit)}" for k, v in evidence.items())


# -- where a subject's records live --------------------------------------------------------------------

_DATA_SUFFIXES = (".jsonl", ".ndjson", ".json", ".csv", ".parquet")


def _table_of(kind: str) -> str | None:
    if kind == "hall":
        return "hall"
    return SUBJECT_TABLES.get(kind)


def artifact_uri(report: Report, kind: str) -> str | None:
    """The file holding subjects of ``kind`` (e.g. ``hall/applications.jsonl``), when it can be known.

    For a folder dataset it is the folder's table file that exists on disk; for a one-file dataset
    that file; for an in-memory dataset (no source) nothing.
    """
    if not report.source or report.source.startswith("<"):  # <stdin>: no file to point at
        return None
    src = Path(report.source)
    table = _table_of(kind)
    if src.is_dir():
        if table is None:
            return path_uri(src)
        for suffix in _DATA_SUFFIXES:
            candidate = src / f"{table}{suffix}"
            if candidate.is_file():
                return path_uri(candidate)
        return None
    return path_uri(src)


def path_uri(path: str | Path) -> str:
    """A file path as a URI reference: ``file://`` for absolute paths, percent-encoded relative ones."""
    p = Path(SURROGATE.sub("\ufffd", str(path)))
    if p.is_absolute():
        return "file://" + quote(p.as_posix())
    return quote("/".join(p.parts))


#: SARIF ``uriBaseId`` of paths relative to the source root (``--source-root``, default the current
#: directory) and of files shipped inside the installed govhall package (the example hall)
SRCROOT = "%SRCROOT%"
PACKAGE_ROOT = "GOVHALL_PACKAGE"


def source_uri(path: str | Path, source_root: str | Path | None = None) -> tuple[str, str | None]:
    """``(uri, uriBaseId)`` of a data file, for reports CI tools place in a repository.

    A file under ``source_root`` (default: the current directory) is a relative, percent-encoded
    URI with base ``%SRCROOT%``; a file of the installed package (``--example``) is relative to the
    package's parent (``govhall/data/example/items.jsonl``) with base ``GOVHALL_PACKAGE``, never a
    site-packages path; any other file is an absolute ``file://`` URI.
    """
    p = Path(SURROGATE.sub("\ufffd", os.fspath(path)))  # a lone surrogate names no file (issue #17)
    absolute = p if p.is_absolute() else Path.cwd() / p
    absolute = Path(os.path.normpath(absolute))
    root = Path(os.path.normpath(Path(source_root).resolve() if source_root else Path.cwd().resolve()))
    try:
        resolved = absolute.resolve()
    except (OSError, ValueError):  # a path no file can have (a NUL byte; Python 3.13 raises on it)
        resolved = absolute
    for base, base_id in ((root, SRCROOT), (_PACKAGE_PARENT, PACKAGE_ROOT)):
        for candidate in (absolute, resolved):
            try:
                rel = candidate.relative_to(base)
            except ValueError:
                continue
            return quote(rel.as_posix()), base_id
    return "file://" + quote(absolute.as_posix()), None


_PACKAGE_PARENT = Path(os.path.normpath(Path(__file__).resolve().parents[2]))


class SourceUris:
    """:func:`source_uri` for one rendering, each file resolved once: a report names the same few data
    files for all its findings, and resolving each finding's file anew (the working directory, the
    source root and the file's real path, each time) was most of a 20k-application hall's SARIF."""

    def __init__(self, source_root: str | Path | None = None) -> None:
        self.source_root = source_root
        self._known: dict[str, tuple[str, str | None]] = {}

    def __call__(self, path: str | Path) -> tuple[str, str | None]:
        key = os.fspath(path)
        found = self._known.get(key)
        if found is None:
            found = self._known[key] = source_uri(path, self.source_root)
        return found
