"""What a rule may look at: the dataset's indexes, the calendar, parameters and interpretations.

Rules never read files or the clock; everything they need comes through :class:`Context`, which also
records which parameters and interpretations were used so the report can list them.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from govhall.models import Dataset
from govhall.rules.interpretations import INTERPRETATIONS
from govhall.rules.parameters import ParameterSet


class Context:
    """The read-only world of one audit run."""

    def __init__(
        self,
        dataset: Dataset,
        *,
        calendar: Any,
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
        self.used_parameters: dict[str, Any] = {}
        self.used_interpretations: set[str] = set()
        #: deadlines already worked out in this run, by (start, limit, pauses, extensions, readings);
        #: a hall's month asks for the same few thousand deadlines again and again
        self._deadlines: dict[Any, Any] = {}
        self._readings: dict[str, str] | None = None
        self._params: dict[tuple[str, date | None], Any] = {}

    # -- parameters and interpretations -------------------------------------------------------
    def param(self, name: str, on: date | datetime | None = None) -> Any:
        """The value of parameter ``name`` in force on ``on`` (recorded for the report)."""
        day = on.date() if isinstance(on, datetime) else on
        key = (name, day)
        pv = self._params.get(key)
        if pv is None:  # looked up once per (parameter, day) in a run
            pv = self._params[key] = self.parameters.get(name, day)
        self.used_parameters[name] = pv
        return pv.value

    def interpret(self, name: str) -> str:
        """The chosen value of interpretation ``name`` (its default unless overridden)."""
        try:
            item = INTERPRETATIONS[name]
        except KeyError:
            raise KeyError(f"rule asked for unregistered interpretation {name!r}") from None
        self.used_interpretations.add(name)
        return self.choices.get(name, item.default)

    # -- time -----------------------------------------------------------------------------------
    def due(self, start: date | datetime, limit: Any, **kwargs: Any) -> Any:
        """``govhall.timelimits.due_date`` on this run's calendar (the one counting convention).

        The run's chosen counting readings (``timelimits.*`` interpretations) are passed on; those that
        moved the result are recorded for the report.
        """
        from govhall.rules.timing import READING_KEYWORDS
        from govhall.timelimits import due_date

        if self._readings is None:
            self._readings = {kw: self.choices[n] for n, kw in READING_KEYWORDS.items() if n in self.choices}
        for keyword, value in self._readings.items():
            kwargs.setdefault(keyword, value)
        key = _deadline_key(start, limit, kwargs)
        deadline = self._deadlines.get(key) if key is not None else None
        if deadline is None:
            deadline = due_date(start, limit, calendar=self.calendar, **kwargs)
            if key is not None:
                self._deadlines[key] = deadline
        self.used_interpretations.update(n for n in deadline.readings if n in READING_KEYWORDS)
        return deadline

    # -- lookups --------------------------------------------------------------------------------
    def item(self, code: str | None) -> Any:
        return self.dataset.items_by_code.get(code) if code else None

    def staff(self, staff_id: str | None) -> Any:
        return self.dataset.staff_by_id.get(staff_id) if staff_id else None

    def window(self, window_id: str | None) -> Any:
        return self.dataset.windows_by_id.get(window_id) if window_id else None


_SCALARS = (str, int, float, bool, date, datetime, type(None))


def _frozen(value: Any) -> Any:
    """A hashable stand-in for a due_date argument (lists and dicts of dates and texts)."""
    kind = type(value)
    if kind in _SCALARS:
        return (kind, value)  # the type, so that a date and a datetime of the same day differ
    if kind is list or kind is tuple:
        return (kind, tuple(_frozen(v) for v in value))
    if kind is dict:
        return (kind, tuple(sorted((k, _frozen(v)) for k, v in value.items())))
    return (kind, value)  # e.g. a TimeLimit (immutable); an unhashable value fails the lookup


def _deadline_key(start: Any, limit: Any, kwargs: dict[str, Any]) -> Any:
    """The cache key of one deadline question (None when an argument is not hashable).

    The calendar is the run's own, so it is not part of the key.
    """
    key = (_frozen(start), _frozen(limit), tuple(sorted((k, _frozen(v)) for k, v in kwargs.items())))
    try:
        hash(key)
    except TypeError:
        return None
    return key
