"""Hypothesis strategies for property-testing systems that produce or consume govhall data.

Everything here draws valid data: records that govhall's models accept, whole datasets whose
references resolve, dates inside the calendar's published range, time-limit texts that
:func:`govhall.timelimits.parse_limit` reads. :func:`corrupt_records` breaks chosen JSON lines in
known ways, so you can check that your exporter's bad rows are reported, not lost.

``hypothesis`` is needed only here (``pip install hypothesis``); the rest of govhall never imports
this module.

Example — a hall platform checks that the records it exports are ones govhall accepts, that its
due dates agree with govhall's, and that no record is ever lost::

    from hypothesis import given, strategies as st
    import govhall
    from govhall.testing import applications, dataset_documents, working_days, time_limits

    ITEM = {"code": "I1", "name": "某许可", "type": "行政许可", "department": "D1"}

    @given(applications(items=["I1"]))
    def test_export_is_valid(app):
        exported = my_platform.export(app)             # your code: a JSON-ready dict
        assert govhall.load_dataset({"items": [ITEM], "applications": [exported]}).rejected == []

    @given(working_days(), time_limits())
    def test_due_dates_agree(start, limit):
        assert my_platform.due(start, limit) == govhall.due_date(start, limit).due

    @given(dataset_documents())
    def test_import_never_loses_records(doc):
        assert my_platform.import_and_count(doc) == govhall.load_dataset(doc).records

And for a loader or importer, break some lines on purpose and check exactly those are reported::

    from govhall.testing import corrupt_records

    @given(st.data())
    def test_bad_lines_are_reported(data, tmp_path_factory):
        lines = [json.dumps(s.model_dump(mode="json")) for s in my_staff_records]  # unique ids
        bad = data.draw(corrupt_records(lines, "staff"))
        path = tmp_path_factory.mktemp("d") / "staff.jsonl"
        path.write_text(bad.text, encoding="utf-8")
        ds = govhall.load_dataset(path)
        assert sorted(r.line for r in ds.rejected) == bad.rejected_lines

Strategies (all return ``SearchStrategy`` objects):

* values: :func:`dates`, :func:`working_days`, :func:`datetimes`, :func:`time_limits`;
* records: :func:`items`, :func:`staff`, :func:`windows`, :func:`halls`, :func:`applications`,
  :func:`events_for`, :func:`complaints`, :func:`evaluations`, :func:`appointments`,
  :func:`inquiries`, :func:`attendance`, :func:`transcripts`, and :func:`records` for any model;
* datasets: :func:`dataset_documents` (a JSON-ready ``dict``), :func:`datasets` (a loaded
  :class:`~govhall.models.Dataset`);
* corruption: :func:`corrupt_records` → :class:`CorruptedLines`.
"""

from __future__ import annotations

import functools
import json
import types
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any, Literal, Union

from annotated_types import Ge
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy
from pydantic import BaseModel

from govhall.models import (
    TABLES,
    Application,
    Appointment,
    Attendance,
    Complaint,
    Dataset,
    Evaluation,
    Event,
    EventKind,
    Hall,
    Inquiry,
    Item,
    Staff,
    Transcript,
    Window,
)

__all__ = [
    "CORRUPTIONS",
    "CorruptedLines",
    "applications",
    "appointments",
    "attendance",
    "complaints",
    "corrupt_records",
    "dataset_documents",
    "datasets",
    "dates",
    "datetimes",
    "evaluations",
    "events_for",
    "halls",
    "inquiries",
    "items",
    "records",
    "staff",
    "time_limits",
    "transcripts",
    "windows",
    "working_days",
]

_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_HAN = "政务服务大厅中心事项申请材料许可证照窗口受理办结补正咨询投诉评价预约张王李赵刘陈杨黄周吴"
# No whitespace: the models strip it, and a round trip must give back what went in.
_TEXT = st.text(alphabet=_LETTERS + _HAN + "-_·（）、", min_size=0, max_size=12)
_NAME = st.text(alphabet=_LETTERS + _HAN, min_size=1, max_size=10)
_ID = st.text(alphabet=_LETTERS + "-_", min_size=1, max_size=8)
_PHONE = st.from_regex(r"\A1[3-9][0-9]{9}\Z")

#: ComplaintFacts.emergency: the lines 不予受理事项.4 names and one 等 admits (12395); never 12345
_EMERGENCY = st.sampled_from(["110", "119", "120", "122", "12395"])
_LIMIT_FIELDS = frozenset({"statutory_limit", "promised_limit", "rongque_supplement_limit", "limit"})

#: What :func:`corrupt_records` may do to a line.
CORRUPTIONS: tuple[str, ...] = (
    "wrong_type",
    "unknown_enum",
    "missing_field",
    "truncated",
    "duplicate_id",
    "not_json",
    "duplicate_key",
)


# -- values ----------------------------------------------------------------------------------------


def _calendar() -> Any:
    from govhall.calendars import calendar

    return calendar("CN")


@functools.cache
def _published_range() -> tuple[date, date]:
    cal = _calendar()
    return cal.first_date, cal.provisional_from - timedelta(days=1)


def dates(
    min_value: date | None = None, max_value: date | None = None, *, provisional: bool = False
) -> SearchStrategy[date]:
    """Dates inside the China calendar's published range (its first year to the last published notice).

    ``provisional=True`` extends the range to the calendar's last supported date (years whose
    holidays are computed from the statutory rule, without 调休). ``min_value``/``max_value``
    narrow it further.
    """
    return _dates(min_value, max_value, provisional)


@functools.cache
def _dates(min_value: date | None, max_value: date | None, provisional: bool) -> SearchStrategy[date]:
    first, last = _published_range()
    if provisional:
        last = _calendar().last_date
    lo = max(first, min_value) if min_value else first
    hi = min(last, max_value) if max_value else last
    if lo > hi:
        raise ValueError(f"empty date range: {lo} .. {hi} (published range {first} .. {last})")
    return st.dates(min_value=lo, max_value=hi)


def working_days(min_value: date | None = None, max_value: date | None = None) -> SearchStrategy[date]:
    """Working days (China, with 调休) inside the published range."""
    cal = _calendar()
    return dates(min_value, max_value).filter(cal.is_working_day)


def datetimes(min_value: date | None = None, max_value: date | None = None) -> SearchStrategy[datetime]:
    """Naive Asia/Shanghai timestamps (whole seconds) on :func:`dates`."""
    return st.builds(
        datetime.combine,
        dates(min_value, max_value),
        st.times().map(lambda t: t.replace(microsecond=0)),
    )


_LIMIT_SHAPES: dict[str, tuple[Callable[[int], str], ...]] = {
    "working_day": (lambda n: f"{n}个工作日", lambda n: f"{n}个工作日内", lambda n: f"{n} working days"),
    "calendar_day": (lambda n: f"{n}天", lambda n: f"{n}日", lambda n: f"{n}个自然日"),
    "month": (lambda n: f"{n}个月",),
    "hour": (lambda n: f"{n}小时",),
}
_ON_THE_SPOT = ("当场", "即办", "当场办结")
_LIMIT_RANGE = {"working_day": (1, 60), "calendar_day": (1, 90), "month": (1, 12), "hour": (1, 72)}


def time_limits(units: Sequence[str] | None = None) -> SearchStrategy[str]:
    """Time-limit texts as standards and catalogues write them: "20个工作日", "3天", "1个月", "24小时", "当场".

    ``units`` restricts them to some of ``working_day``, ``calendar_day``, ``month``, ``hour``,
    ``on_the_spot``. Every text parses with :func:`govhall.timelimits.parse_limit` to that unit.
    """
    chosen = list(units) if units is not None else [*_LIMIT_SHAPES, "on_the_spot"]
    unknown = set(chosen) - {*_LIMIT_SHAPES, "on_the_spot"}
    if unknown or not chosen:
        raise ValueError(f"unknown unit(s) {sorted(unknown)}; use {[*_LIMIT_SHAPES, 'on_the_spot']}")
    options: list[SearchStrategy[str]] = []
    for unit in chosen:
        if unit == "on_the_spot":
            options.append(st.sampled_from(_ON_THE_SPOT))
            continue
        lo, hi = _LIMIT_RANGE[unit]
        options.append(
            st.builds(lambda shape, n: shape(n), st.sampled_from(_LIMIT_SHAPES[unit]), st.integers(lo, hi))
        )
    return st.one_of(options)


# -- records from the models ---------------------------------------------------------------------


def _unwrap(annotation: Any) -> tuple[list[Any], bool]:
    """(alternatives without None/Annotated, whether None is allowed)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin is Union or origin is types.UnionType:
        out: list[Any] = []
        optional = False
        for arg in typing.get_args(annotation):
            if arg is type(None):
                optional = True
                continue
            alts, opt = _unwrap(arg)
            out.extend(alts)
            optional = optional or opt
        return out, optional
    return [annotation], False


def _for_type(tp: Any, name: str, minimum: int | None) -> SearchStrategy[Any]:
    origin = typing.get_origin(tp)
    if origin is Literal:
        return st.sampled_from(typing.get_args(tp))
    if origin in (list, tuple, set, frozenset):
        (inner,) = typing.get_args(tp)[:1]
        return st.lists(_for_annotation(inner, name, None), max_size=2)
    if origin is dict:
        _, inner = typing.get_args(tp)
        return st.dictionaries(_ID, _for_annotation(inner, name, None), max_size=2)
    if isinstance(tp, type):
        if issubclass(tp, BaseModel):
            return _nested(tp)
        if issubclass(tp, Enum):
            return st.sampled_from(list(tp))
        if tp is bool:
            return st.booleans()
        if tp is int:
            return st.integers(min_value=minimum if minimum is not None else -5, max_value=5000)
        if tp is Decimal:
            return st.decimals(min_value=Decimal(minimum or 0), max_value=Decimal(100000), places=2)
        if tp is datetime:
            return datetimes()
        if tp is date:
            return dates()
        if tp is time:
            return st.times().map(lambda t: t.replace(microsecond=0))
        if tp is str:
            if name in _LIMIT_FIELDS:
                return time_limits()
            if name == "id" or name == "code" or name.endswith("_id") or name.endswith("_staff"):
                return _ID
            if "phone" in name:
                return _PHONE
            if name == "emergency":  # ComplaintFacts: an emergency line's number (yousu-jiban 不予受理.4)
                return _EMERGENCY
            if name in ("name", "title") or name.endswith("_name"):
                return _NAME
            return _TEXT
    raise TypeError(f"no strategy for the annotation {tp!r} of field {name!r}")


def _for_annotation(annotation: Any, name: str, minimum: int | None) -> SearchStrategy[Any]:
    alts, optional = _unwrap(annotation)
    strategy = st.one_of([_for_type(a, name, minimum) for a in alts])
    return st.none() | strategy if optional else strategy


@functools.cache
def _nested(model: type[BaseModel]) -> SearchStrategy[Any]:
    return records(model, max_optional=3)


@functools.cache
def _field_strategy(model: type[BaseModel], name: str) -> SearchStrategy[Any]:
    info = model.model_fields[name]
    minimum = None
    for meta in [*info.metadata, *_inner_metadata(info.annotation)]:
        if isinstance(meta, Ge):
            minimum = int(meta.ge)  # type: ignore[call-overload]
    return _for_annotation(info.annotation, name, minimum)


def _inner_metadata(annotation: Any) -> list[Any]:
    """The constraints inside an ``Annotated`` type of a field (``NonNegativeCount | None``'s ``ge``)."""
    out: list[Any] = []
    if typing.get_origin(annotation) is typing.Annotated:
        for meta in typing.get_args(annotation)[1:]:
            out.extend(getattr(meta, "metadata", None) or [meta])
    for arg in typing.get_args(annotation) if typing.get_origin(annotation) is not typing.Annotated else ():
        out.extend(_inner_metadata(arg))
    return out


def records(model: type[BaseModel] | str, *, max_optional: int = 6, **fixed: Any) -> SearchStrategy[Any]:
    """Valid instances of ``model`` (a model class or a table name such as ``"applications"``).

    Each keyword fixes a field: a strategy draws it, any other value is used as is
    (``records(Application, item_code=st.sampled_from(["I1", "I2"]), events=[])``). Of the other,
    optional fields, up to ``max_optional`` are drawn (the rest keep their defaults), which keeps
    examples small while covering every field over a run. Applications and complaints get no events
    here (see :func:`applications`/:func:`events_for`), and events name an application.
    """
    if isinstance(model, str):
        if model not in TABLES:
            raise ValueError(f"unknown table {model!r}; known: {', '.join(TABLES)}")
        model = TABLES[model]
    fixed = dict(fixed)
    if model in (Application, Complaint):
        fixed.setdefault("events", [])
    if model is Event:
        fixed.setdefault("application_id", _ID)
        fixed.setdefault("complaint_id", None)
    if model.__name__ == "Inspection":
        from govhall.rules.inventory import known_clause_refs

        fixed.setdefault("clause", st.sampled_from(sorted(known_clause_refs())))
    required: dict[str, SearchStrategy[Any]] = {}
    optional: dict[str, SearchStrategy[Any]] = {}
    for name, info in model.model_fields.items():
        if name in fixed:
            value = fixed[name]
            required[name] = value if isinstance(value, SearchStrategy) else st.just(value)
        elif info.is_required():
            required[name] = _field_strategy(model, name)
        else:
            optional[name] = _field_strategy(model, name)
    names = sorted(optional)
    chosen = (
        st.lists(st.sampled_from(names), max_size=min(max_optional, len(names)), unique=True)
        if names
        else st.just([])
    )

    @st.composite
    def build(draw: Any) -> Any:
        data = {name: draw(strategy) for name, strategy in required.items()}
        for name in draw(chosen):
            data[name] = draw(optional[name])
        return model.model_validate(data)

    return build()


def _keys(pool: Sequence[Any], attr: str) -> list[str]:
    return [getattr(p, attr) if isinstance(p, BaseModel) else str(p) for p in pool]


def _ref(
    pool: Sequence[Any] | None, attr: str = "id", *, optional: bool = True
) -> SearchStrategy[Any] | None:
    """A reference drawn from ``pool``; ``None`` (no pool) leaves the field to random ids."""
    if pool is None:
        return None
    keys = _keys(pool, attr)
    if not keys:
        if optional:
            return st.none()
        raise ValueError(f"an empty pool to draw the required reference {attr} from")
    picked = st.sampled_from(keys)
    return st.none() | picked if optional else picked


def _refs(pool: Sequence[Any] | None, attr: str = "id", max_size: int = 3) -> SearchStrategy[Any] | None:
    """A list of distinct references drawn from ``pool`` (``None``: random ids)."""
    if pool is None:
        return None
    keys = _keys(pool, attr)
    return st.lists(st.sampled_from(keys), max_size=max_size, unique=True) if keys else st.just([])


def _fix(**kwargs: Any) -> dict[str, Any]:
    return {k: v for k, v in kwargs.items() if v is not None}


Pool = Sequence[Any] | None  # records or their ids; None = no pool (random ids); [] = none exist


def items(code: str | SearchStrategy[str] | None = None) -> SearchStrategy[Item]:
    """Service items (事项) with valid time-limit texts."""
    return records(Item, **_fix(code=code))


def staff(windows: Pool = None, *, id: str | SearchStrategy[str] | None = None) -> SearchStrategy[Staff]:  # noqa: A002
    """Staff members (政务服务人员); with ``windows`` their windows are drawn from it."""
    return records(Staff, **_fix(id=id, windows=_refs(windows)))


def windows(
    staff: Pool = None,
    halls: Pool = None,
    *,
    id: str | SearchStrategy[str] | None = None,  # noqa: A002
) -> SearchStrategy[Window]:
    """Windows; with ``staff`` (and ``halls``) the assigned staff (and hall) are drawn from them."""
    return records(Window, **_fix(id=id, staff=_refs(staff), hall_id=_ref(halls)))


def halls(staff: Pool = None) -> SearchStrategy[Hall]:
    """Halls (政务服务大厅) with zones, systems, departments and channels.

    With ``staff``, each department's 首席事务代表 is drawn from it (or absent).
    """
    strategy = records(Hall)
    chief = _ref(staff)
    if chief is None:
        return strategy

    @st.composite
    def build(draw: Any) -> Hall:
        hall = draw(strategy)
        data = hall.model_dump()
        for dept in data["departments"]:
            dept["chief_representative"] = draw(chief)
        return Hall.model_validate(data)

    return build()


_APPLICATION_KINDS = (
    "received", "accepted", "correction_notice", "materials_supplemented", "paused", "resumed", "extended",
    "decided", "certificate_handed_over", "pickup_notified", "picked_up", "mailed", "visit",
)  # fmt: skip
_COMPLAINT_KINDS = ("responded", "identity_stated", "time_limit_told", "worksheet_sent", "answered", "urged",
                    "supervised", "notified", "referred", "closed")  # fmt: skip


def events_for(
    owner: Application | Complaint, max_size: int = 4, *, staff: Pool = None, windows: Pool = None
) -> SearchStrategy[list[Event]]:
    """A plausible, time-ordered history for ``owner`` (an application or a complaint).

    Events fall after ``received_at`` (one minute to ten days apart), name the owner, use the kinds
    that occur for it (applications: received … picked_up; complaints: responded … closed), and draw
    their staff and window from the pools given.
    """
    is_app = isinstance(owner, Application)
    kinds = _APPLICATION_KINDS if is_app else _COMPLAINT_KINDS
    fixed: dict[str, Any] = {
        "application_id": owner.id if is_app else None,
        "complaint_id": None if is_app else owner.id,
        "id": None,
        **_fix(staff_id=_ref(staff), window_id=_ref(windows)),
    }

    @st.composite
    def build(draw: Any) -> list[Event]:
        n = draw(st.integers(0, max_size))
        at = owner.received_at
        out = []
        for _ in range(n):
            at = at + timedelta(minutes=draw(st.integers(1, 10 * 24 * 60)))
            kind = EventKind(draw(st.sampled_from(kinds)))
            out.append(draw(records(Event, kind=kind, at=at, **fixed)))
        return out

    return build()


def _with_events(
    strategy: SearchStrategy[Any], with_events: bool, model: type[BaseModel], staff: Pool, windows: Pool
) -> SearchStrategy[Any]:
    if not with_events:
        return strategy

    def attach(owner: Any) -> SearchStrategy[Any]:
        return events_for(owner, staff=staff, windows=windows).map(
            lambda evs: model.model_validate({**owner.model_dump(), "events": [e.model_dump() for e in evs]})
        )

    return strategy.flatmap(attach)


def applications(
    items: Pool = None,
    staff: Pool = None,
    windows: Pool = None,
    appointments: Pool = None,
    *,
    id: str | SearchStrategy[str] | None = None,  # noqa: A002
    with_events: bool = True,
) -> SearchStrategy[Application]:
    """Applications; the item, staff, window and appointment they name are drawn from the pools.

    A pool is a list of records or ids; ``None`` leaves the reference to random ids, ``[]`` means
    there are none (optional references are then empty). With ``with_events`` (the default) each
    application gets a history from :func:`events_for`.
    """
    strategy = records(
        Application,
        **_fix(
            id=id,
            item_code=_ref(items, "code", optional=False),
            staff_id=_ref(staff),
            window_id=_ref(windows),
            appointment_id=_ref(appointments),
        ),
    )
    return _with_events(strategy, with_events, Application, staff, windows)


def complaints(
    staff: Pool = None,
    *,
    id: str | SearchStrategy[str] | None = None,  # noqa: A002
    with_events: bool = True,
) -> SearchStrategy[Complaint]:
    """Complaints at the 有诉即办 desk, with screening facts and (by default) a history."""
    strategy = records(Complaint, **_fix(id=id, handler_staff=_ref(staff), about_staff=_ref(staff)))
    return _with_events(strategy, with_events, Complaint, staff, [] if staff is not None else None)


def evaluations(
    applications: Pool = None,
    staff: Pool = None,
    *,
    id: str | SearchStrategy[str] | None = None,  # noqa: A002
) -> SearchStrategy[Evaluation]:
    """好差评 ratings; the rated application and staff member are drawn from the pools (or absent)."""
    return records(
        Evaluation,
        **_fix(
            id=id,
            application_id=_ref(applications),
            staff_id=_ref(staff),
            rater_staff_id=_ref(staff),
        ),
    )


def appointments(
    items: Pool = None, *, id: str | SearchStrategy[str] | None = None
) -> SearchStrategy[Appointment]:  # noqa: A002
    """Booked slots: booked at least an hour before a 30-minute slot."""

    def order(a: Appointment) -> Appointment:
        start = max(a.slot_start, a.booked_at + timedelta(hours=1))
        data = {**a.model_dump(), "slot_start": start, "slot_end": start + timedelta(minutes=30)}
        return Appointment.model_validate(data)

    return records(Appointment, **_fix(id=id, item_code=_ref(items, "code"))).map(order)


def inquiries(
    staff: Pool = None,
    items: Pool = None,
    windows: Pool = None,
    *,
    id: str | SearchStrategy[str] | None = None,  # noqa: A002
) -> SearchStrategy[Inquiry]:
    """首问 inquiries; the staff asked, the item and the window referred to are drawn from the pools."""
    return records(
        Inquiry,
        **_fix(
            id=id,
            asked_staff=_refs(staff),
            answered_by=_refs(staff, max_size=2),
            responsible_staff=_ref(staff),
            item_code=_ref(items, "code"),
            referred_window=_ref(windows),
        ),
    )


def attendance(
    staff: Pool = None,
    windows: Pool = None,
    *,
    id: str | SearchStrategy[str] | None = None,  # noqa: A002
) -> SearchStrategy[Attendance]:
    """Sign-in/sign-out/leave/return records of staff at windows."""
    return records(Attendance, **_fix(id=id, staff_id=_ref(staff, optional=False), window_id=_ref(windows)))


def transcripts(
    staff: Pool = None,
    windows: Pool = None,
    applications: Pool = None,
    inquiries: Pool = None,
    complaints: Pool = None,
    *,
    id: str | SearchStrategy[str] | None = None,  # noqa: A002
) -> SearchStrategy[Transcript]:
    """Recorded service conversations, tied to records of the pools given."""
    return records(
        Transcript,
        **_fix(
            id=id,
            staff_id=_ref(staff, optional=False),
            window_id=_ref(windows),
            application_id=_ref(applications),
            inquiry_id=_ref(inquiries),
            complaint_id=_ref(complaints),
        ),
    )


# -- whole datasets ---------------------------------------------------------------------------------


def _dump(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json", exclude_defaults=True)


def dataset_documents(
    max_per_table: int = 3, *, events_table: bool = False
) -> SearchStrategy[dict[str, Any]]:
    """Whole dataset documents (JSON-ready dicts) whose references all resolve.

    Ids are unique per table (``I0``, ``S0``, ``A0`` …); applications name existing items, staff and
    windows; evaluations, inquiries, attendance and transcripts name existing staff and
    applications. With ``events_table=True`` the events are moved out of their applications and
    complaints into an ``events`` table. ``load_dataset`` reads every such document without a
    rejected record.
    """

    @st.composite
    def build(draw: Any) -> dict[str, Any]:
        def some(prefix: str, strategy: SearchStrategy[Any], lo: int = 0) -> list[Any]:
            """Draw up to max_per_table records from one strategy, then number their ids."""
            out = []
            for i in range(draw(st.integers(lo, max_per_table))):
                record = draw(strategy)
                key = "code" if isinstance(record, Item) else "id"
                out.append(type(record).model_validate({**record.model_dump(), key: f"{prefix}{i}"}))
            return out

        def with_history(owners: list[Any]) -> list[Any]:
            out = []
            for owner in owners:
                evs = draw(events_for(owner, staff=staff_list, windows=window_list))
                out.append(
                    type(owner).model_validate(
                        {**owner.model_dump(), "events": [e.model_dump() for e in evs]}
                    )
                )
            return out

        staff_list = some("S", staff([]))
        hall = draw(st.none() | halls(staff_list))
        hall_ids = [hall.id] if hall is not None else []
        item_list = some("I", items(), lo=1)
        window_list = some("W", windows(staff_list, hall_ids))
        appointment_list = some("P", appointments(item_list))
        app_list = with_history(
            some("A", applications(item_list, staff_list, window_list, appointment_list, with_events=False))
        )
        complaint_list = with_history(some("C", complaints(staff_list, with_events=False)))
        inquiry_list = some("Q", inquiries(staff_list, item_list, window_list))
        doc: dict[str, Any] = {}
        if hall is not None:
            doc["hall"] = _dump(hall)
        doc["items"] = [_dump(x) for x in item_list]
        doc["staff"] = [_dump(x) for x in staff_list]
        doc["windows"] = [_dump(x) for x in window_list]
        doc["applications"] = [_dump(x) for x in app_list]
        doc["complaints"] = [_dump(x) for x in complaint_list]
        doc["evaluations"] = [_dump(x) for x in some("V", evaluations(app_list, staff_list))]
        doc["appointments"] = [_dump(x) for x in appointment_list]
        doc["inquiries"] = [_dump(x) for x in inquiry_list]
        if staff_list:
            doc["attendance"] = [_dump(x) for x in some("T", attendance(staff_list, window_list))]
            doc["transcripts"] = [
                _dump(x)
                for x in some(
                    "R", transcripts(staff_list, window_list, app_list, inquiry_list, complaint_list)
                )
            ]
        if events_table:
            events: list[dict[str, Any]] = []
            for table in ("applications", "complaints"):
                for record in doc[table]:
                    events.extend(record.pop("events", []))
            doc["events"] = events
        if draw(st.booleans()):
            doc["as_of"] = draw(dates()).isoformat()
        return doc

    return build()


def datasets(max_per_table: int = 3) -> SearchStrategy[Dataset]:
    """Loaded :class:`~govhall.models.Dataset` objects built from :func:`dataset_documents`."""
    from govhall.loaders import load_dataset

    def load(doc: dict[str, Any]) -> Dataset:
        ds = load_dataset(doc)
        if ds.rejected:  # pragma: no cover - a bug in these strategies, not in the caller's code
            raise AssertionError(
                f"govhall.testing drew an invalid dataset: {[r.reason for r in ds.rejected]}"
            )
        return ds

    return dataset_documents(max_per_table).map(load)


# -- corruption -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CorruptedLines:
    """JSON lines with some of them broken on purpose.

    ``broken`` maps a 0-based index in ``lines`` to what was done to it (one of :data:`CORRUPTIONS`).
    ``text`` is the file content to write: the lines joined with newlines, with a final newline
    unless the last line was truncated (a file cut off mid-record). ``rejected_lines`` are the
    1-based file lines govhall must reject.
    """

    lines: list[str]
    broken: dict[int, str] = field(default_factory=dict)
    trailing_newline: bool = True

    @property
    def text(self) -> str:
        """The file content."""
        return "\n".join(self.lines) + ("\n" if self.trailing_newline and self.lines else "")

    @property
    def rejected_lines(self) -> list[int]:
        """1-based line numbers of the broken lines."""
        return sorted(i + 1 for i in self.broken)


def _model_facts(model: type[BaseModel]) -> tuple[list[str], list[tuple[str, bool]]]:
    """(required field names, [(enum-or-literal field name, is a list)])."""
    required = [n for n, f in model.model_fields.items() if f.is_required()]
    enums: list[tuple[str, bool]] = []
    for name, info in model.model_fields.items():
        alts, _ = _unwrap(info.annotation)
        for alt in alts:
            origin = typing.get_origin(alt)
            inner = typing.get_args(alt)[0] if origin is list else alt
            if typing.get_origin(inner) is Literal or (isinstance(inner, type) and issubclass(inner, Enum)):
                enums.append((name, origin is list))
                break
    return required, enums


def _wrong_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "maybe"
    if isinstance(value, (int, float)):
        return "many"
    if isinstance(value, (dict, list)):
        return "not an object or a list"
    return {"wrong": "type"}


def corrupt_records(
    lines: Sequence[str],
    model: type[BaseModel] | str,
    *,
    id_field: str | None = None,
    kinds: Sequence[str] = CORRUPTIONS,
    min_broken: int = 1,
    max_broken: int | None = None,
) -> SearchStrategy[CorruptedLines]:
    """Break some of ``lines`` (valid JSON objects of ``model``, one per line) in known ways.

    ``model`` is a model class or a table name; ``id_field`` the record's id (``code`` for items,
    else ``id``). Each broken line gets one of ``kinds``:

    * ``wrong_type``: a present field gets a value of the wrong type (an object for a string, a word
      for a number or a yes/no, a string for a list or an object);
    * ``unknown_enum``: an enum field gets ``"no_such_value"`` (when the model has one);
    * ``missing_field``: a required field is removed (when the record has one);
    * ``truncated``: the line is cut off in the middle (on the last line, the file then ends without a
      newline, as a file cut off during a copy);
    * ``duplicate_id``: the line takes the id of an earlier, intact line;
    * ``not_json``: the line is replaced by text that is not JSON;
    * ``duplicate_key``: one of the record's keys is given a second time, with another value or the
      same (JSON parsers would keep the last; govhall rejects the line, naming the key).

    Precondition for :attr:`CorruptedLines.rejected_lines` to be exactly what govhall rejects: the
    lines are valid and their ids unique, and no other table makes them invalid (an application
    whose item is missing is rejected too).
    """
    if isinstance(model, str):
        if model not in TABLES:
            raise ValueError(f"unknown table {model!r}; known: {', '.join(TABLES)}")
        model = TABLES[model]
    id_key = id_field or ("code" if model is Item else "id")
    unknown = set(kinds) - set(CORRUPTIONS)
    if unknown or not kinds:
        raise ValueError(f"unknown corruption(s) {sorted(unknown)}; use {list(CORRUPTIONS)}")
    parsed = [json.loads(line) for line in lines]
    if any(not isinstance(p, dict) for p in parsed):
        raise ValueError("corrupt_records takes JSON lines that each hold one object")
    required, enums = _model_facts(model)
    n = len(lines)
    top = n if max_broken is None else min(n, max_broken)
    if min_broken > top:
        raise ValueError(f"cannot break {min_broken} of {n} line(s)")

    @st.composite
    def build(draw: Any) -> CorruptedLines:
        if n == 0:
            return CorruptedLines([], {}, True)
        chosen = draw(st.sets(st.integers(0, n - 1), min_size=min_broken, max_size=top))
        out = list(lines)
        broken: dict[int, str] = {}
        for i in sorted(chosen):
            record = dict(parsed[i])
            intact_ids = [
                parsed[j][id_key]
                for j in range(i)
                if j not in chosen and isinstance(parsed[j].get(id_key), str)
            ]
            possible = [
                k
                for k in kinds
                if k not in ("unknown_enum", "missing_field", "duplicate_id", "duplicate_key")
            ]
            if "duplicate_key" in kinds and record:
                possible.append("duplicate_key")
            if "unknown_enum" in kinds and enums:
                possible.append("unknown_enum")
            if "missing_field" in kinds and any(r in record for r in required):
                possible.append("missing_field")
            if "duplicate_id" in kinds and intact_ids:
                possible.append("duplicate_id")
            present = [k for k, v in record.items() if v is not None]
            if "wrong_type" in possible and not present:
                possible.remove("wrong_type")
            if not possible:
                possible = ["not_json"] if "not_json" in kinds else ["truncated"]
            kind = draw(st.sampled_from(sorted(possible)))
            if kind == "wrong_type":
                name = draw(st.sampled_from(sorted(present)))
                record[name] = _wrong_value(record[name])
                out[i] = json.dumps(record, ensure_ascii=False)
            elif kind == "unknown_enum":
                name, is_list = draw(st.sampled_from(enums))
                record[name] = ["no_such_value"] if is_list else "no_such_value"
                out[i] = json.dumps(record, ensure_ascii=False)
            elif kind == "missing_field":
                name = draw(st.sampled_from(sorted(r for r in required if r in record)))
                del record[name]
                out[i] = json.dumps(record, ensure_ascii=False)
            elif kind == "duplicate_id":
                record[id_key] = draw(st.sampled_from(intact_ids))
                out[i] = json.dumps(record, ensure_ascii=False)
            elif kind == "duplicate_key":
                name = draw(st.sampled_from(sorted(record)))
                again = draw(st.sampled_from(["again", 0, None, record[name]]))
                text, key, value = (json.dumps(v, ensure_ascii=False) for v in (record, name, again))
                out[i] = f"{text[:-1]}, {key}: {value}}}"
            elif kind == "truncated":
                text = lines[i].strip()
                out[i] = text[: draw(st.integers(1, max(1, len(text) - 1)))]
            else:
                out[i] = draw(
                    st.sampled_from(["<<not json>>", "{'single': 'quotes'}", '{"a": 1,,}', "NaN-ish"])
                )
            broken[i] = kind
        trailing = not (broken.get(n - 1) == "truncated")
        return CorruptedLines(out, broken, trailing)

    return build()
