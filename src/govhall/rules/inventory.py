"""Clause inventories and the Standard object (DESIGN, "Core concepts": clause inventory).

``govhall/standards/clauses/<id>.yaml`` lists every normative clause of a standard, in document order::

    standard: gdzw-0020-2019
    title: GDZW 0020-2019 政务服务大厅服务规范
    clauses:
      - id: "5.3.2"
        text: 服务对象提供的申请材料需补正的，政务服务人员应出具材料补正告知书……
        summary: a written correction notice listing materials, requirements and deadline
        modality: 应            # 应 | 必须 | 不得 | 宜 | 可 | 不可
        status: rule            # rule | parameter | not-automatable | todo
        rules: [gdzw-0020-2019/written-correction-notice]
        parameters: []          # for status parameter (full parameter names)
        reason: ""              # for not-automatable: why a person must judge it

Coverage is computed from it, so clauses a person must judge are listed, never hidden.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml

from govhall.errors import UnknownClauseError
from govhall.rules.core import REGISTRY, ClauseRef, Rule

CLAUSE_DIR = Path(__file__).resolve().parent.parent / "standards" / "clauses"
STATUSES = ("rule", "parameter", "not-automatable", "todo")
MODALITY_SEVERITY = {
    "应": "error",
    "必须": "error",
    "不得": "error",
    "不应": "error",
    "不可": "error",
    "严禁": "error",
    "宜": "warning",
    "可": "info",
    # modal words the seeds also use: 需/要 (= 应), 杜绝/禁止 (= 不得), 视为 (a deeming rule, binding)
    "需": "error",
    "要": "error",
    "杜绝": "error",
    "禁止": "error",
    "视为": "error",
}
Status = Literal["rule", "parameter", "not-automatable", "todo"]


@dataclass(frozen=True)
class Clause:
    """One normative clause of a standard."""

    id: str
    ref: ClauseRef
    text: str
    summary: str
    modality: str
    status: Status
    rules: tuple[str, ...] = ()
    parameters: tuple[str, ...] = ()
    reason: str = ""

    @property
    def severity(self) -> str:
        """The severity its modality implies."""
        return MODALITY_SEVERITY.get(self.modality, "info")


@dataclass
class Standard:
    """A standard (or law): its metadata, clause inventory, rules and coverage."""

    id: str
    title: str
    issuer: str = ""
    year: int | None = None
    source: str = ""
    checked_with: str = ""
    limits: str = ""
    valid_from: date | None = None
    module: str = ""
    clauses: list[Clause] = field(default_factory=list)

    @property
    def rules(self) -> list[Rule]:
        """The rules registered for this standard, in registration order."""
        return REGISTRY.for_standard(self.id)

    def clause(self, clause_id: str) -> Clause:
        """The inventory entry of ``clause_id``."""
        for c in self.clauses:
            if c.id == clause_id:
                return c
        raise UnknownClauseError(f"{self.id} has no clause {clause_id!r} in its inventory", clause=clause_id)

    def coverage(self) -> dict[str, int]:
        """Clause counts by status: ``clauses``, ``rule``, ``parameter``, ``not_automatable``, ``todo``."""
        out = {"clauses": len(self.clauses), "rule": 0, "parameter": 0, "not_automatable": 0, "todo": 0}
        for c in self.clauses:
            out[c.status.replace("-", "_")] += 1
        return out


#: the package's own inventories as read (standard id -> header and clauses): a process reads each once,
#: for its standard's declaration and for the clause refs an inspection may cite (16 ms a second time)
_READ: dict[str, tuple[dict[str, Any], list[Clause]]] = {}


def load_inventory(standard_id: str, path: Path | None = None) -> tuple[dict[str, Any], list[Clause]]:
    """Read and check ``clauses/<standard_id>.yaml`` (or ``path``); return its header and clauses.

    The package's own inventories are read once per process (copies of the header and the list are
    returned); a ``path`` given is read each time."""
    if path is None:
        if standard_id not in _READ:
            _READ[standard_id] = _read_inventory(standard_id, CLAUSE_DIR / f"{standard_id}.yaml")
        header, clauses = _READ[standard_id]
        return dict(header), list(clauses)
    return _read_inventory(standard_id, path)


def _read_inventory(standard_id: str, path: Path) -> tuple[dict[str, Any], list[Clause]]:
    # libyaml's parser when PyYAML has it: the same safe constructor, ten times faster (every
    # process that validates an inspection reads the seven inventories once)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}  # noqa: S506 - a safe loader
    if data.get("standard") != standard_id:
        raise ValueError(f"{path.name}: 'standard' must be {standard_id!r}")
    clauses: list[Clause] = []
    for i, raw in enumerate(data.get("clauses") or []):
        where = f"{path.name}: clause #{i + 1}"
        cid = str(raw.get("id", "")).strip()
        if not cid:
            raise ValueError(f"{where}: missing id")
        status = raw.get("status")
        if status not in STATUSES:
            raise ValueError(f"{where} ({cid}): status must be one of {STATUSES}, not {status!r}")
        if status == "not-automatable" and not raw.get("reason"):
            raise ValueError(f"{where} ({cid}): a not-automatable clause needs a reason")
        clauses.append(
            Clause(
                id=cid,
                ref=ClauseRef(f"{standard_id}:{cid}"),
                text=str(raw.get("text", "")).strip(),
                summary=str(raw.get("summary", "")).strip(),
                modality=str(raw.get("modality", "")).strip(),
                status=status,
                rules=tuple(raw.get("rules") or ()),
                parameters=tuple(raw.get("parameters") or ()),
                reason=str(raw.get("reason", "")).strip(),
            )
        )
    return data, clauses


_KNOWN_REFS: frozenset[str] | None = None


def known_clause_refs() -> frozenset[str]:
    """Every inventory clause ref (``<standard id>:<clause>``), read once from ``clauses/*.yaml``."""
    global _KNOWN_REFS
    if _KNOWN_REFS is None:
        refs: set[str] = set()
        for path in sorted(CLAUSE_DIR.glob("*.yaml")):
            _header, clauses = load_inventory(path.stem)
            refs |= {str(c.ref) for c in clauses}
        _KNOWN_REFS = frozenset(refs)
    return _KNOWN_REFS
