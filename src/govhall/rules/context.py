"""What a rule may look at: the dataset's indexes, the calendar, parameters and interpretations.

Rules never read files or the clock; everything they need comes through :class:`Context`, which also
records which parameters and interpretations were used so the report can list them.
"""

from __future__ import annotations

import functools
import inspect
import weakref
from collections.abc import Callable, Iterable
from datetime import date, datetime, time
from itertools import compress
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar, cast

from govhall.models import Dataset
from govhall.models.applications import EventHistory, EventKind
from govhall.rules.interpretations import INTERPRETATIONS
from govhall.rules.parameters import ParameterSet, ParameterValue
from govhall.rules.timing import READING_KEYWORDS
from govhall.timelimits import DEFAULT_PAUSE_BASIS, Deadline, PauseMode, TimeLimit, _fresh_due_date

if TYPE_CHECKING:
    from govhall.calendars import WorkingCalendar
    from govhall.models import Item, Staff, Window


class _NotGiven:
    """An argument of :meth:`Context.due` not given (``due_date``'s default then applies)."""

    def __repr__(self) -> str:
        return "<not given>"


_NOT_GIVEN: Any = _NotGiven()

_H = TypeVar("_H", bound=EventHistory)
_KIND = attrgetter("kind")


class Context:
    """The read-only world of one audit run."""

    def __init__(
        self,
        dataset: Dataset,
        *,
        calendar: WorkingCalendar,
        parameters: ParameterSet,
        interpretations: dict[str, str] | None = None,
        as_of: date | None = None,
        now: datetime | None = None,
    ) -> None:
        self.dataset = dataset
        self.calendar = calendar
        self.parameters = parameters
        self.choices = dict(interpretations or {})
        self.as_of = as_of or (now.date() if now is not None else dataset.effective_as_of())
        #: the moment the run judges "now" (naive Asia/Shanghai), for rules that need more than a day,
        #: e.g. a reminder due 24 h before a slot; ``govhall.live`` passes its clock's time, a batch
        #: audit gets the end of the ``as_of`` day.
        self.now: datetime = now if now is not None else datetime.combine(self.as_of, time.max)
        #: every value of each parameter the run used, in the order first used: a period that spans a
        #: dated change of a parameter used both values, and the report lists both
        self.used_parameters: dict[str, list[ParameterValue]] = {}
        self.used_interpretations: set[str] = set()
        #: deadlines already worked out on this calendar, by (start, limit, pauses, extensions,
        #: readings): a hall's month asks for the same few thousand deadlines again and again, and
        #: the halls of a province audited by one process ask mostly the same ones (see _answers_on)
        self._deadlines: _Answers = _answers_on(calendar)
        self._readings: dict[str, str] | None = None  # the run's readings but the pause mode (see due)
        self._pause_mode = "suspend"  # the run's pause-mode reading, once _readings is read
        self._params: dict[tuple[str, date | None], Any] = {}
        self._undated: dict[str, Any] = {}  # parameter -> its value whatever the day (see param)
        self._chosen: dict[str, str] = {}  # interpretation -> value, for those asked so far
        #: (helper, id(subject)) -> (subject, value): what :func:`per_subject` helpers worked out
        self._memo: dict[tuple[Any, int], tuple[Any, Any]] = {}
        self._items: dict[str, Item] | None = None
        #: id(records) -> (records, the kinds of event each one's history holds as far as read, the
        #: distinct sets): see event_kinds
        self._kinds: dict[int, tuple[list[Any], list[frozenset[Any]], dict[Any, Any]]] = {}
        self._holding: dict[tuple[int, EventKind], list[Any]] = {}
        #: id(records) -> (records, whether any of them has an event): see any_history
        self._any_history: dict[int, tuple[list[Any], bool]] = {}
        #: (id(records), field) -> (records, whether any of them gives the field): see any_recorded
        self._any_recorded: dict[tuple[int, str], tuple[list[Any], bool]] = {}
        #: (id(records), kind, field) -> (records, whether an event of that kind in their histories
        #: gives the field): see any_event_recorded
        self._any_event_recorded: dict[tuple[int, EventKind, str], tuple[list[Any], bool]] = {}
        #: ``calendar.statutory`` and the answers on it (a law's periods: the hall's own closures and
        #: extra working days do not move them; see due), once asked
        self._law: tuple[WorkingCalendar, _Answers] | None = None

    # -- parameters and interpretations -------------------------------------------------------
    def param(self, name: str, on: date | datetime | None = None) -> Any:
        """The value of parameter ``name`` in force on ``on`` (recorded for the report)."""
        # a parameter with one value for every day (every shipped one, and a profile's override) is
        # answered by its name alone: rules ask some 100k times a run, most with the day of a record
        pv = self._undated.get(name)
        if pv is not None:  # recorded for the report when it was first answered
            return pv.value
        day = on.date() if isinstance(on, datetime) else on
        key = (name, day)
        pv = self._params.get(key)
        if pv is None:  # looked up once per (parameter, day) in a run
            pv = self._params[key] = self.parameters.get(name, day)
            if _undated(self.parameters, name):
                self._undated[name] = pv
        used = self.used_parameters.get(name)
        if used is None:
            self.used_parameters[name] = [pv]
        elif pv not in used:
            used.append(pv)
        return pv.value

    def interpret(self, name: str) -> str:
        """The chosen value of interpretation ``name`` (its default unless overridden)."""
        try:
            return self._chosen[name]  # recorded as used when first asked
        except KeyError:
            pass
        try:
            item = INTERPRETATIONS[name]
        except KeyError:
            raise KeyError(f"rule asked for unregistered interpretation {name!r}") from None
        self.used_interpretations.add(name)
        value = self._chosen[name] = self.choices.get(name, item.default)
        return value

    # -- time -----------------------------------------------------------------------------------
    def due(
        self,
        start: date | datetime,
        limit: TimeLimit | str,
        *,
        statutory: bool = False,
        pauses: Iterable[Any] = (),
        extensions: Iterable[TimeLimit | str] = (),
        extra_basis: Iterable[str] = (),
        pause_basis: str = DEFAULT_PAUSE_BASIS,
        pause_mode: str = _NOT_GIVEN,
        **kwargs: Any,
    ) -> Deadline:
        """``govhall.timelimits.due_date`` on this run's calendar (the one counting convention).

        The run's chosen counting readings (``timelimits.*`` interpretations) are passed on; those that
        moved the result are recorded for the report. Each distinct question is worked out once per
        calendar and process (:data:`_ANSWERS`), whichever run asked it first. ``statutory``: a law's
        period, counted on the statutory working days (``calendar.statutory``: the hall's own closures
        and extra working days do not move it). The arguments ``due_date`` takes besides the calendar
        are passed on as given (those the rules pass are named here, with ``due_date``'s defaults, so
        a call with them builds no mapping of its keywords: a lookup is asked some 7,000 times a hall).
        """
        if statutory:  # a law's period: the statutory working days, with their own answers
            law = self._law
            if law is None:
                law_calendar = self.calendar.statutory
                law = self._law = (
                    law_calendar,
                    self._deadlines if law_calendar is self.calendar else _answers_on(law_calendar),
                )
            calendar, deadlines = law
        else:
            calendar = self.calendar
            deadlines = self._deadlines
        readings = self._readings
        if readings is None:
            readings = self._read_readings()
        if pause_mode is _NOT_GIVEN:  # the run's reading, else due_date's default (keyed as given so)
            pause_mode = self._pause_mode
        if readings:  # the other readings, where the rule gave none
            for keyword, value in readings.items():
                kwargs.setdefault(keyword, value)
        # the question's key, laid out flat: ``start``, the limit, the arguments named above in their
        # order (lists keyed as tuples), and for a moment (not a plain day) its type, zone and fold
        # (equal instants in two zones compare equal, and a day equals no moment), then the names of
        # any other arguments and their values in the names' order. The length of the key tells
        # these apart, so two questions never share a key. The calendar is not in it (each has its
        # own map). An argument of a type not in _KEYED is checked only before an answer is kept: a
        # key holding one is never kept, so it finds none (an unhashable one raises TypeError).
        if pauses.__class__ is list:
            pauses = tuple(pauses) if pauses else ()
        if extensions.__class__ is list:
            extensions = tuple(extensions) if extensions else ()
        if extra_basis.__class__ is list:
            extra_basis = tuple(extra_basis)
        question: tuple[Any, ...] = (start, limit, pauses, extensions, extra_basis, pause_basis, pause_mode)
        if start.__class__ is not date:  # (a plain day is the usual question: nothing more)
            if isinstance(start, datetime):
                question = (*question, start.__class__, start.tzinfo, start.fold)
            else:
                question = (*question, start.__class__)
        if kwargs:
            values: list[Any] = []
            for arg in kwargs.values():
                vcls = arg.__class__
                if vcls is list:
                    arg = tuple(arg)
                elif vcls not in _KEYED:
                    arg = _UNKEYABLE
                values.append(arg)
            question = (*question, *kwargs, *values)
        keyed = True
        try:
            found = deadlines.get(question)
        except TypeError:  # an argument that is not hashable (a pause given as a mapping)
            found, keyed = None, False
        if found is not None:
            if found[1]:
                self.used_interpretations.update(found[1])
            return found[0]
        try:
            deadline = _fresh_due_date(
                start,
                limit,
                calendar=calendar,
                pauses=pauses,
                extensions=extensions,
                extra_basis=extra_basis,
                pause_basis=pause_basis,
                pause_mode=cast(PauseMode, pause_mode),
                **kwargs,
            )
        except TypeError:
            _refuse_keywords(kwargs)  # a keyword due() does not take, named as due()'s
            raise
        readings_used = _readings_used(deadline)
        if keyed and _keyable(question):
            if len(deadlines) >= _ANSWERS_MAX:
                deadlines.clear()
            deadlines[question] = deadline, readings_used
        if readings_used:
            self.used_interpretations.update(readings_used)
        return deadline

    def _read_readings(self) -> dict[str, str]:
        """The run's counting readings other than the pause mode, as ``due_date``'s keywords (and the
        pause mode in ``_pause_mode``), read once per run."""
        readings = {kw: self.choices[n] for n, kw in READING_KEYWORDS.items() if n in self.choices}
        self._pause_mode = readings.pop("pause_mode", "suspend")
        self._readings = readings
        return readings

    def forget_subjects(self) -> None:
        """Drop what :func:`per_subject` helpers remembered (the runner calls it after each block)."""
        self._memo.clear()

    # -- histories ------------------------------------------------------------------------------
    def event_kinds(self, records: list[_H], upto: int | None = None) -> list[frozenset[EventKind]]:
        """The kinds of event each record of ``records`` (applications, complaints) has in its history.

        Read once per run and list (the runner asks it for ``needs_events``, :meth:`holding` for
        dataset-wide rules); records whose histories hold the same kinds share one set object.
        ``upto``: only the first ``upto`` records need be read (the list may be longer when they
        were read before): the runner reads them block by block, while the block's records are
        in the processor's cache, rather than in one pass over a table that is not.
        """
        found = self._kinds.get(id(records))
        if found is None or found[0] is not records:
            found = self._kinds[id(records)] = (records, [], {})
        read_kinds(records, found[1], found[2], len(records) if upto is None else upto)
        return found[1]

    def any_history(self, records: list[_H]) -> bool:
        """Whether any record of ``records`` (applications, complaints) has an event in its history.

        Worked out once per run and list (``decisions.history_recorded`` asks it of the whole table
        for every record that leaves its ``events`` out: in a table where none has an event, asking
        it anew each time would walk the table once per record).
        """
        found = self._any_history.get(id(records))
        if found is None or found[0] is not records:
            found = self._any_history[id(records)] = (records, any(r.events for r in records))
        return found[1]

    def any_recorded(self, records: list[Any], field: str) -> bool:
        """Whether any record of ``records`` gives ``field`` (``record.recorded(field)``: a value, or a
        null given): whether the table keeps that fact at all (e.g. the return visits of the ratings).

        Worked out once per run, list and field, like :meth:`any_history`.
        """
        key = (id(records), field)
        found = self._any_recorded.get(key)
        if found is None or found[0] is not records:
            found = self._any_recorded[key] = (records, any(r.recorded(field) for r in records))
        return found[1]

    def any_event_recorded(self, records: list[_H], kind: EventKind | str, field: str) -> bool:
        """Whether any event of ``kind`` in the histories of ``records`` (applications, complaints)
        gives ``field`` (a value, or a null given): whether the histories keep that fact at all (e.g.
        who approved an extension).

        Worked out once per run, list, kind and field, like :meth:`any_recorded` (a rule asks it for
        every event that leaves the field out; asked anew for each block of subjects, it would walk
        the table's histories once per block: a term growing with the square of the table).
        """
        wanted = EventKind(kind)
        key = (id(records), wanted, field)
        found = self._any_event_recorded.get(key)
        if found is None or found[0] is not records:
            given = any(e.recorded(field) for r in self.holding(records, wanted) for e in r.events_of(wanted))
            found = self._any_event_recorded[key] = (records, given)
        return found[1]

    def holding(self, records: list[_H], kind: EventKind | str) -> list[_H]:
        """The records of ``records`` whose history holds an event of ``kind``, in their order.

        For a rule over the whole dataset that can only fire on such records (e.g. one about
        correction notices): it walks the few records that have one, instead of every history
        (``first(kind) is None`` for the others), from the kinds :meth:`event_kinds` read once.
        """
        wanted = EventKind(kind)
        key = (id(records), wanted)
        found = self._holding.get(key)
        if found is None:
            kinds = self.event_kinds(records)
            has = {k: wanted in k for k in set(kinds)}  # a few hundred distinct sets at most
            found = self._holding[key] = list(compress(records, [has[k] for k in kinds]))
        return found

    # -- lookups --------------------------------------------------------------------------------
    def item(self, code: str | None) -> Item | None:
        if self._items is None:
            self._items = self.dataset.items_by_code
        return self._items.get(code) if code else None

    def staff(self, staff_id: str | None) -> Staff | None:
        return self.dataset.staff_by_id.get(staff_id) if staff_id else None

    def window(self, window_id: str | None) -> Window | None:
        return self.dataset.windows_by_id.get(window_id) if window_id else None


def read_kinds(
    records: list[Any], out: list[frozenset[Any]], shared: dict[frozenset[Any], frozenset[Any]], upto: int
) -> None:
    """Extend ``out`` (the kinds of event of ``records[:len(out)]``) to the first ``upto`` records; one
    set object per distinct set of kinds (``shared``)."""
    start, end = len(out), min(upto, len(records))
    if start < end:
        kinds = [frozenset(map(_KIND, r.events)) for r in records[start:end]]
        out.extend(map(shared.setdefault, kinds, kinds))


def _readings_used(deadline: Deadline) -> tuple[str, ...]:
    """The counting readings (``timelimits.*`` interpretations) that moved ``deadline``."""
    readings = deadline.readings
    return tuple(n for n in readings if n in READING_KEYWORDS) if readings else ()


#: the keywords ``Context.due`` passes on as given to ``due_date`` (the readings), with those it names
_DUE_KEYWORDS = frozenset(inspect.signature(_fresh_due_date).parameters) - {"start", "limit", "calendar"}


def _refuse_keywords(kwargs: dict[str, Any]) -> None:
    """Raise a TypeError naming ``Context.due`` for a keyword it does not take: passed on as given,
    one it does not know was refused in the words of a private function ("_fresh_due_date() got an
    unexpected keyword argument 'x'"), and ``calendar`` said "got multiple values". Returns where all
    are known (the TypeError was another's)."""
    for key in kwargs:
        if key == "calendar":
            raise TypeError(
                "Context.due() got an unexpected keyword argument 'calendar' "
                "(it counts on the run's calendar; statutory=True counts a law's period)"
            ) from None
        if key not in _DUE_KEYWORDS:
            takes = ", ".join(("statutory", *sorted(_DUE_KEYWORDS)))
            raise TypeError(
                f"Context.due() got an unexpected keyword argument {key!r} (it takes {takes})"
            ) from None


def _undated(parameters: ParameterSet, name: str) -> bool:
    """Whether ``name``'s value is the same on every day (and with no day): overridden by a profile,
    or a single value without a validity window."""
    if name in parameters.overrides:
        return True
    param = parameters.parameters.get(name)
    if param is None or len(param.values) != 1:
        return False
    only = param.values[0]
    return only.valid_from is None and only.valid_to is None


#: argument types a deadline question is keyed by as they are (all immutable and hashable), with a
#: list, keyed as a tuple of its items, and an argument not given (_NOT_GIVEN)
_KEYED = frozenset({str, int, bool, date, datetime, type(None), tuple, TimeLimit, _NotGiven, list})


def _keyable(question: tuple[Any, ...]) -> bool:
    """Whether the arguments :meth:`Context.due` keyed ``question`` by (``pauses``, ``extensions``,
    ``extra_basis``, ``pause_basis``, ``pause_mode``: its parts 2 to 6) are each of a type in
    :data:`_KEYED`, and the items of those given as tuples too: only such a key is kept (a generator
    is hashable, but asked again it is another question)."""
    for part in question[2:7]:
        pcls = part.__class__
        if pcls is tuple:
            for inner in part:
                if inner.__class__ not in _KEYED:
                    return False
        elif pcls not in _KEYED:
            return False
    return True


class _Unkeyable:
    """Stands in for an argument the cache cannot key by (a generator, a mutable object …)."""

    __hash__ = None  # type: ignore[assignment]


_UNKEYABLE = _Unkeyable()


#: What :meth:`Context.due` worked out, per calendar, for every run of the process: a province's halls
#: audited one after another by one worker ask mostly the same deadlines, and a Deadline is
#: immutable, so one answer (with the readings that moved it) serves every run on that calendar. The
#: calendar is held weakly (one built for a hall with its own closures takes its answers with it);
#: each calendar's map starts again when it holds :data:`_ANSWERS_MAX` questions.
_Answers = dict[tuple[Any, ...], tuple[Deadline, tuple[str, ...]]]
_ANSWERS: weakref.WeakKeyDictionary[Any, _Answers] = weakref.WeakKeyDictionary()
_ANSWERS_MAX = 16384


def _answers_on(calendar: Any) -> _Answers:
    """The map of deadlines already worked out on ``calendar`` (a private one for a calendar that
    cannot be held weakly or hashed, e.g. a stand-in in a test)."""
    try:
        answers = _ANSWERS.get(calendar)
        if answers is None:
            answers = _ANSWERS[calendar] = {}
    except TypeError:
        return {}
    return answers


_S = TypeVar("_S")
_R = TypeVar("_R")


def per_subject(helper: Callable[[_S, Context], _R]) -> Callable[[_S, Context], _R]:
    """Work ``helper(subject, ctx)`` out once per subject and run, for helpers several rules share.

    For a derived value of one subject that depends on nothing but the subject and the run's
    :class:`Context` (e.g. an application's promised deadline, asked by the deadline rule and the
    handover rule): the second rule gets the first one's answer. The runner forgets the answers
    after each block of subjects (``Context.forget_subjects``), so memory stays bounded; a helper
    a dataset-wide rule calls for every record gains nothing from it. What the helper consulted was
    recorded when it ran (the report's parameters and readings do not change); a helper that raised
    is not remembered, so it raises again for the next rule.
    """

    @functools.wraps(helper)
    def once(subject: _S, ctx: Context) -> _R:
        memo = getattr(ctx, "_memo", None)
        if memo is None:  # a stand-in context (tests): nothing to keep it in
            return helper(subject, ctx)
        key = (helper, id(subject))
        found = memo.get(key)
        if found is not None and found[0] is subject:
            return found[1]  # type: ignore[no-any-return]
        value = helper(subject, ctx)
        memo[key] = (subject, value)
        return value

    return once
