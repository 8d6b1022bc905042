"""The audit Report (DESIGN, "Command line": the Report shape) and personal-data masking."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from operator import attrgetter
from typing import Any, Literal

from pydantic import BaseModel, Field, SerializerFunctionWrapHandler, model_serializer

from govhall.locations import RecordLocation, positions_of
from govhall.models import PERSONAL_FIELDS, Dataset, RejectedRecord
from govhall.rules.core import SEVERITIES, Finding

FailOn = Literal["error", "warning", "never"]

#: exit code of a run in which a rule raised (``govhall audit/check``, unless ``--tolerate-rule-errors``)
RULE_ERROR_EXIT = 3


class Summary(BaseModel):
    """Counts: ``records == audited + rejected`` always."""

    records: int
    audited: int
    rejected: int
    findings: dict[str, int] = Field(description="findings by severity: error, warning, info")
    by_standard: dict[str, dict[str, int]] = Field(default_factory=dict)
    subjects_with_findings: int = 0
    halls: dict[str, HallSummary] | None = Field(
        default=None, description="a province audit: each hall's own summary, by hall (absent for one hall)"
    )

    @model_serializer(mode="wrap")
    def _drop_absent(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # a one-hall report keeps exactly the shape it had before provinces existed
        data: dict[str, Any] = handler(self)
        if self.halls is None:
            data.pop("halls", None)
        return data


class HallSummary(Summary):
    """One hall's summary inside a province report; ``error`` says why a hall could not be audited."""

    source: str | None = None
    as_of: date | None = None
    error: str | None = Field(
        default=None, description="why the hall could not be read or audited (else absent)"
    )

    @model_serializer(mode="wrap")
    def _drop_absent(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        data.pop("halls", None)
        if self.error is None:
            data.pop("error", None)
        return data


Summary.model_rebuild()


class UsedInterpretation(BaseModel):
    name: str
    clause: str
    question: str
    value: str
    default: str
    is_default: bool
    meaning: str


class UsedParameter(BaseModel):
    name: str
    value: Any
    citation: str
    source: str


class Note(BaseModel):
    """Something the reader must know that is not a finding (a rule outside its validity window …)."""

    rule_id: str | None = None
    kind: Literal["outside_validity", "provisional", "rule_error", "info"] = "info"
    message: str
    count: int = 1


class Report(BaseModel):
    """What ``govhall audit`` / ``govhall check`` produce; every renderer reads this."""

    kind: Literal["audit", "check"] = "audit"
    govhall_version: str
    source: str | None = None
    as_of: date | None = None
    standards: list[str]
    rules_run: list[str] = Field(default_factory=list)
    summary: Summary
    findings: list[Finding]
    rejected: list[RejectedRecord] = Field(default_factory=list)
    interpretations: list[UsedInterpretation] = Field(default_factory=list)
    parameters: list[UsedParameter] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)
    personal_data_masked: bool = False
    departments: dict[str, str] = Field(
        default_factory=dict,
        description='the department ("<id> <name>") of each finding\'s responsible (staff id or department '
        'id) and of subjects that belong to one ("item/<code>", "application/<id>"), for reports by department',
    )
    #: ``"<kind>/<id>"`` -> file, line and JSON pointer of each subject's record (govhall.locations),
    #: for SARIF/JUnit; not part of the JSON report
    #: (a province's report reads each hall's through, :class:`~govhall.locations.LocationsByHall`)
    locations: Mapping[str, RecordLocation] = Field(default_factory=dict, exclude=True)
    #: rule id -> seconds its checks took in this run (JUnit ``time``); not part of the JSON report
    rule_seconds: dict[str, float] = Field(default_factory=dict, exclude=True)

    @property
    def rule_errors(self) -> list[Note]:
        """The notes of rules that raised on some subject: the report is incomplete where they ran."""
        return [n for n in self.notes if n.kind == "rule_error"]

    def exit_code(self, fail_on: FailOn = "error", *, tolerate_rule_errors: bool = False) -> int:
        """The command line's exit code for this report (DESIGN's exit codes).

        3 when a rule raised on some subject (see :attr:`rule_errors`) unless ``tolerate_rule_errors``,
        whatever ``fail_on`` says: a crashed rule checked nothing, so the run cannot pass; else 1 when
        a finding is at or above ``fail_on``, else 0.
        """
        if self.rule_errors and not tolerate_rule_errors:
            return RULE_ERROR_EXIT
        if fail_on == "never":
            return 0
        levels = SEVERITIES[: SEVERITIES.index(fail_on) + 1]
        return 1 if any(self.summary.findings.get(s, 0) for s in levels) else 0

    def masked(self) -> Report:
        """A copy with personal data masked in the findings' evidence (the reporters also scrub text)."""
        findings = [f.model_copy(update={"evidence": mask_tree(f.evidence)}) for f in self.findings]
        return self.model_copy(update={"findings": findings, "personal_data_masked": True})


def mask_value(value: Any) -> Any:
    """Mask one personal value: keep a little of its shape, never the whole (张三 → 张*, 138****5678)."""
    if value is None or isinstance(value, bool):
        return value
    text = str(value)
    if len(text) <= 1:
        return "*"
    if len(text) == 2:
        return text[0] + "*"
    if text.isdigit() or (len(text) >= 11 and sum(ch.isdigit() for ch in text) >= len(text) - 1):
        keep = 3 if len(text) >= 7 else 1
        return (
            text[:keep]
            + "*" * (len(text) - keep - min(4, len(text) - keep - 1))
            + text[-min(4, len(text) - keep - 1) :]
        )
    return text[0] + "*" * (len(text) - 1)


def mask_tree(obj: Any, personal: frozenset[str] = PERSONAL_FIELDS) -> Any:
    """Mask every value held under a personal-data key, at any depth."""
    if isinstance(obj, dict):
        out = {}
        for k, v in obj.items():
            if k in personal and isinstance(v, list):
                out[k] = [mask_tree(x, personal) if isinstance(x, (dict, list)) else mask_value(x) for x in v]
            elif k in personal and not isinstance(v, dict):
                out[k] = mask_value(v)
            else:
                out[k] = mask_tree(v, personal)
        return out
    if isinstance(obj, list):
        return [mask_tree(v, personal) for v in obj]
    return obj


_ID, _ITEM_CODE = attrgetter("id"), attrgetter("item_code")


def finding_departments(dataset: Dataset, findings: list[Finding]) -> dict[str, str]:
    """Department labels for ``Report.departments``: only the keys the findings need.

    A responsible staff member belongs to their ``department``; a responsible department is itself;
    an item to its ``department``; an application to its item's. Labels are ``"<id> <name>"`` when the
    hall lists the department's name, else the id.
    """
    hall = getattr(dataset, "hall", None)
    names = {d.id: d.name for d in (hall.departments if hall is not None else [])}

    def label(dept: str | None) -> str | None:
        return None if not dept else f"{dept} {names[dept]}" if dept in names else dept

    staff = {s.id: s.department for s in getattr(dataset, "staff", [])}
    items = {i.code: i.department for i in getattr(dataset, "items", [])}
    listed = getattr(dataset, "applications", [])
    # the positions of the applications the findings name (the last of equal ids, as a map of every
    # id to its item would give), from the ids the run read while the records were in the cache
    named = {f.subject.id for f in findings if f.subject.kind == "application"}
    index = positions_of(dataset, "applications", named, last=True) if named else {}
    item_of: Callable[[str], str | None]
    if index is not None:
        position = index.get

        def item_of(sid: str) -> str | None:
            at = position(sid)
            return None if at is None else listed[at].item_code

    else:  # every application's item, read by map in C (20k applications, for a few hundred findings)
        item_of = dict(zip(map(_ID, listed), map(_ITEM_CODE, listed), strict=True)).get
    known_depts = set(names) | set(items.values()) | {d for d in staff.values() if d}
    out: dict[str, str] = {}
    for f in findings:
        who = f.responsible
        if who and who not in out:
            dept = staff.get(who) if who in staff else who if who in known_depts else None
            if dept:
                out[who] = label(dept) or dept
        kind, sid = f.subject.kind, f.subject.id
        key = f"{kind}/{sid}"
        if key in out:
            continue
        dept = (
            items.get(sid)
            if kind == "item"
            else items.get(item_of(sid) or "")
            if kind == "application"
            else None
        )
        if dept:
            out[key] = label(dept) or dept
    return out
