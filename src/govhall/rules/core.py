"""The clause-cited rule engine: ClauseRef, Rule, Hit, Finding and the global registry.

A rule is one small pure function over one validated subject (an application, a complaint, …, or the
whole dataset) and a :class:`~govhall.rules.context.Context`. It is registered with :func:`rule`, which
*requires* a clause reference, a severity and a docstring that opens with the clause text in Chinese,
so that law and code sit side by side (Catala-style). Registration fails at import otherwise.

Severity follows the clause's modality (DESIGN, "Core concepts"): ``error`` for 应/必须/不得,
``warning`` for 宜, ``info`` for 可.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from pydantic import BaseModel, Field, SerializerFunctionWrapHandler, model_serializer

from govhall._clauseref import STANDARD_IDS as STANDARD_IDS
from govhall._clauseref import ClauseRef as ClauseRef
from govhall.errors import UnknownRuleError

if TYPE_CHECKING:  # the context imports the models and the time limits, which import this module
    from govhall.rules.context import Context

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
SubjectKind = Literal[
    "application",
    "complaint",
    "evaluation",
    "appointment",
    "inquiry",
    "staff",
    "window",
    "hall",
    "item",
    "transcript",
    "attendance",
    "dataset",
]
#: subject kind -> the Dataset attribute holding those subjects
SUBJECT_TABLES: dict[str, str] = {
    "application": "applications",
    "complaint": "complaints",
    "evaluation": "evaluations",
    "appointment": "appointments",
    "inquiry": "inquiries",
    "staff": "staff",
    "window": "windows",
    "item": "items",
    "transcript": "transcripts",
    "attendance": "attendance",
    "inspection": "inspections",
}

_CJK_RE = re.compile(r"[\u3400-\u9fff]")


class Subject(BaseModel):
    """What a finding is about: ``{"kind": "application", "id": "A-17"}``."""

    kind: str
    id: str


class Hit(BaseModel):
    """What a rule yields when it fires; the runner turns it into a :class:`Finding`.

    Only ``message`` is required. ``clause`` narrows a multi-clause rule to the clause that applies
    (e.g. one item of 5.1.4); ``subject`` overrides the subject (e.g. a dataset rule naming a window).
    """

    message: str
    evidence: dict[str, Any] = Field(default_factory=dict)
    clause: str | None = None
    subject: Subject | None = None
    responsible: str | None = Field(None, description="staff id or department held responsible")
    sanction: str | None = None
    stage: Literal["yellow", "red"] | None = Field(
        None, description="电子监察 黄牌 (before due) / 红牌 (overdue)"
    )
    provisional: bool = False
    on: date | None = Field(None, description="the day the breach happened or was due")


class Finding(BaseModel):
    """One breach of one clause by one subject, with its evidence (DESIGN, "Core concepts")."""

    rule_id: str
    standard: str
    clauses: list[str]
    severity: Severity
    subject: Subject
    title: str = Field(description="the rule's English title")
    message: str = Field(description="one line in Chinese")
    evidence: dict[str, Any] = Field(default_factory=dict)
    responsible: str | None = None
    sanction: str | None = None
    stage: Literal["yellow", "red"] | None = None
    provisional: bool = False
    on: date | None = None
    hall: str | None = Field(
        None, description="the hall the finding belongs to, in a province audit (absent for one hall)"
    )

    @model_serializer(mode="wrap")
    def _without_empty_hall(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # a one-hall report keeps exactly the shape it had before provinces existed
        data: dict[str, Any] = handler(self)
        if self.hall is None:
            data.pop("hall", None)
        return data

    def sort_key(self) -> tuple[Any, ...]:
        """Deterministic order: standard, clause, rule, hall, subject."""
        return (
            self.standard,
            _clause_sort_key(self.clauses[0]),
            self.rule_id,
            _natural(self.hall or ""),
            self.subject.kind,
            _natural(self.subject.id),
            self.message,
        )


_DIGITS = re.compile(r"(\d+)")


def _natural(text: str) -> tuple[Any, ...]:
    return tuple(int(p) if p.isdigit() else p for p in _DIGITS.split(text))


@functools.lru_cache(maxsize=4096)
def _clause_sort_key(ref: str) -> tuple[Any, ...]:
    # a run cites a few hundred clauses: each one's key is worked out once (an immutable tuple)
    return _natural(ref.split(":", 1)[-1])


#: what a rule's check returns: hits (most rules are generators), one hit, or nothing
CheckResult = Iterable[Hit] | Hit | None
#: a rule's check as the registry keeps it. Each rule types its subject as the model it is written for
#: (``Application``, ``Complaint``, ``Hall``, ``Dataset`` …) and :func:`rule` hands the function back
#: with that type; the registry holds rules of every kind side by side, and the runner passes each the
#: subjects of its ``Rule.subject`` kind, so here the subject is ``Any``
#: (``tests/test_typing.py`` checks each rule's annotation against its kind).
Check = Callable[[Any, "Context"], CheckResult]
_C = TypeVar("_C", bound=Check)


@dataclass(frozen=True)
class Rule:
    """A registered rule. ``check(subject, ctx)`` yields :class:`Hit` objects (or returns one/None)."""

    id: str
    title: str
    clauses: tuple[ClauseRef, ...]
    severity: Severity
    subject: str
    check: Check
    clause_text: str
    valid_from: date | None = None
    valid_to: date | None = None
    sanction: str | None = None
    parameters: tuple[str, ...] = ()
    interpretations: tuple[str, ...] = ()
    live: bool = False
    tags: tuple[str, ...] = field(default_factory=tuple)
    title_zh: str = ""  # the title in Chinese (docs, HTML report); ``title`` stays the English one
    #: the rule cannot fire on a subject whose history holds no event of these kinds, so the engine
    #: does not call it there (empty: every subject); see :func:`rule`
    needs_events: tuple[str, ...] = ()
    #: the rule cannot fire on a subject whose history holds an event of one of these kinds (e.g. a
    #: warning about an application still open: not one decided or withdrawn), so the engine does not
    #: call it there (empty: every subject); see :func:`rule`
    unless_events: tuple[str, ...] = ()
    #: the rule cannot fire on a subject for which this is false, so the engine does not call it
    #: there (None: every subject); worked out once per subject and shared by the rules naming the
    #: same function; see :func:`rule`
    applies_if: Callable[[Any, Any], bool] | None = None

    @property
    def standard(self) -> str:
        """The standard the rule belongs to (its id's prefix)."""
        return self.id.split("/", 1)[0]

    @property
    def doc(self) -> str:
        """The rule function's whole docstring."""
        return (self.check.__doc__ or "").strip()

    def applies_on(self, day: date | None) -> bool:
        """Whether ``day`` is inside the rule's validity window (None = undated subject)."""
        if day is None:
            return True
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_to and day > self.valid_to)


#: subject kinds that have an event history (``EventHistory.events``)
EVENT_SUBJECTS = ("application", "complaint")


def _event_kinds(
    rule_id: str, subject: str, kinds: Iterable[str], name: str = "needs_events"
) -> tuple[str, ...]:
    """``needs_events`` (or ``unless_events``, ``name``) checked at registration: known kinds, on a
    subject with a history."""
    from govhall.models.applications import EventKind

    wanted = [kinds] if isinstance(kinds, str) else list(kinds)
    if not wanted:
        return ()
    if subject not in EVENT_SUBJECTS:
        raise TypeError(f"rule {rule_id!r}: {name} is for {' and '.join(EVENT_SUBJECTS)} rules")
    try:
        return tuple(EventKind(k) for k in wanted)
    except ValueError as exc:
        raise TypeError(f"rule {rule_id!r}: {name}: {exc}") from None


class Registry:
    """All registered rules, by id, in one order whatever order their modules were imported in.

    The order is the standards' (:data:`STANDARD_IDS`), each standard's rules in registration
    (= document) order, and the generated inspection rules after all the others (as
    :func:`govhall.standards.load_all` registers them). Reports list ``rules_run`` in it, so a
    program that imports one standard's module before the audit (for a helper such as
    ``admin_licensing_law.granted``) writes the same bytes as the command line and as ``--jobs``
    workers, which import every module in :func:`~govhall.standards.load_all`'s order.
    """

    def __init__(self) -> None:
        self._rules: dict[str, Rule] = {}
        self._ordered: list[Rule] | None = None

    def add(self, r: Rule) -> None:
        if r.id in self._rules:
            raise ValueError(f"rule {r.id!r} registered twice")
        self._rules[r.id] = r
        self._ordered = None

    def _order(self) -> list[Rule]:
        if self._ordered is None:
            seq = {rid: n for n, rid in enumerate(self._rules)}
            self._ordered = sorted(
                self._rules.values(),
                key=lambda r: ("inspection" in r.tags, STANDARD_IDS.index(r.standard), seq[r.id]),
            )
        return self._ordered

    def __iter__(self) -> Iterator[Rule]:
        return iter(self._order())

    def __len__(self) -> int:
        return len(self._rules)

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._rules

    def get(self, rule_id: str) -> Rule:
        try:
            return self._rules[rule_id]
        except KeyError:
            raise UnknownRuleError(f"no rule {rule_id!r}", rule=rule_id) from None

    def for_standard(self, standard_id: str) -> list[Rule]:
        return [r for r in self._order() if r.standard == standard_id]


REGISTRY = Registry()


def rule(
    id: str,  # noqa: A002 - the rule's id is its name in the contract
    *,
    clause: str | Iterable[str],
    severity: Severity,
    subject: str,
    title: str,
    valid_from: date | None = None,
    valid_to: date | None = None,
    sanction: str | None = None,
    parameters: Iterable[str] = (),
    interpretations: Iterable[str] = (),
    live: bool = False,
    tags: Iterable[str] = (),
    title_zh: str = "",
    needs_events: Iterable[str] = (),
    applies_if: Callable[[Any, Any], bool] | None = None,
    unless_events: Iterable[str] = (),
) -> Callable[[_C], _C]:
    """Register the decorated function as a rule; fail at import if anything required is missing.

    ``clause`` is one clause ref or several (``"gdzw-0020-2019:5.3.2"``). The function's docstring must
    open with the clause text in Chinese. ``subject`` is one of the subject kinds (see
    ``SUBJECT_TABLES``) or ``"hall"``/``"dataset"``. ``title`` is English, ``title_zh`` the same title in
    Chinese for the people the standard is written for.

    ``needs_events`` (event kinds, for subjects with a history: applications and complaints) is a
    precondition the engine checks from an index instead of calling the rule: say it only when the
    rule can yield nothing for a subject without an event of one of these kinds (typically a rule
    that loops over ``events_of(kind)``). ``tests/test_engine_reference.py`` holds it to that.
    ``unless_events`` is the converse, checked from the same index: say it only when the rule yields
    nothing, and consults nothing the report lists, for a subject with an event of one of these kinds
    (e.g. a warning about an open application: not for one decided or withdrawn); the rule keeps its
    own test. The same tests hold it to that.

    ``applies_if`` (a named function of the subject and the run's context, e.g. "the application is
    for a licensing item") is a precondition the engine works out once per subject for every rule
    naming it, instead of each rule asking it again: say it only when the rule itself returns without
    a finding where it is false (the rule keeps its own test, so that it stays right when called
    directly), and let it consult nothing the report lists (no parameter, interpretation or
    deadline). ``tests/test_engine_reference.py`` holds it to that too.
    """
    clauses_in = [clause] if isinstance(clause, str) else list(clause)
    if not clauses_in or not all(clauses_in):
        raise TypeError(f"rule {id!r}: a rule must cite at least one clause")
    refs = tuple(ClauseRef(c) for c in clauses_in)
    if "/" not in id or id.split("/", 1)[0] not in STANDARD_IDS:
        raise TypeError(f"rule id {id!r} must be '<standard id>/<slug>'")
    if severity not in SEVERITIES:
        raise TypeError(f"rule {id!r}: severity must be one of {SEVERITIES}, not {severity!r}")
    if subject not in SUBJECT_TABLES and subject not in ("hall", "dataset"):
        raise TypeError(f"rule {id!r}: unknown subject kind {subject!r}")
    if valid_from and valid_to and valid_to < valid_from:
        raise TypeError(f"rule {id!r}: valid_to before valid_from")
    needs = _event_kinds(id, subject, needs_events)
    unless = _event_kinds(id, subject, unless_events, "unless_events")

    def decorate(fn: _C) -> _C:
        doc = (fn.__doc__ or "").strip()
        first_para = doc.split("\n\n", 1)[0].strip()
        if not first_para or not _CJK_RE.search(first_para.splitlines()[0]):
            raise TypeError(f"rule {id!r}: the docstring must open with the clause text in Chinese")
        REGISTRY.add(
            Rule(
                id=id,
                title=title,
                clauses=refs,
                severity=severity,
                subject=subject,
                check=fn,
                clause_text=" ".join(first_para.split()),
                valid_from=valid_from,
                valid_to=valid_to,
                sanction=sanction,
                parameters=tuple(parameters),
                interpretations=tuple(interpretations),
                live=live,
                tags=tuple(tags),
                title_zh=title_zh,
                needs_events=needs,
                unless_events=unless,
                applies_if=applies_if,
            )
        )
        # a function attribute mypy cannot know of (the decorator returns the function as it came)
        fn.rule_id = id  # type: ignore[attr-defined]
        return fn

    return decorate
