"""The example-hall builder: raw, JSON-ready records of one hall, and factories of exemplary records.

:class:`ExampleBuilder` holds the tables of the embedded example (``tables["hall"][0]`` is the hall;
``items``, ``staff``, ``windows``, ``applications`` (with their ``events`` inside), ``inquiries``,
``complaints`` (with their events), ``evaluations``, ``appointments``, ``attendance``,
``transcripts``) as plain dicts whose values are JSON types (timestamps are ISO strings). Nothing is
validated here; :func:`govhall.load_dataset` validates the written files.

:func:`govhall.example.base.build_base` fills a builder with a clean month; each standard's planter
(``govhall.example.plant_<id>.plant(b)``) then asks a ``clean_*`` factory for a NEW exemplary record
(already added, and consistent with the rest of the hall: a free slot at the right window, the
serving clerk, deadlines met), breaks one aspect of it and records the breach with :meth:`plant`.

Timestamps are Asia/Shanghai wall-clock time inside office hours (09:00–12:00, 13:30–17:30) on
working days of ``govhall.calendar("CN")``; every period is counted by
:func:`govhall.timelimits.due_date` (the start day is not counted).
"""

from __future__ import annotations

import hashlib
import random
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from govhall.calendars import WorkingCalendar
from govhall.calendars import calendar as make_calendar
from govhall.example import _content as content
from govhall.timelimits import due_date, parse_limit

__all__ = [
    "OFFICE_HOURS",
    "TABLE_NAMES",
    "CapacityError",
    "ExampleBuilder",
    "ItemMeta",
    "Service",
    "iso",
    "natural_key",
    "parse_dt",
]

#: The tables of the example, in the order they are written.
TABLE_NAMES: tuple[str, ...] = (
    "hall", "items", "staff", "windows", "applications", "inquiries", "complaints", "evaluations",
    "appointments", "attendance", "transcripts", "inspections",
)  # fmt: skip

#: Office hours of the example hall (the hall record's ``service_hours``).
OFFICE_HOURS: tuple[tuple[time, time], ...] = ((time(9, 0), time(12, 0)), (time(13, 30), time(17, 30)))
_MORNING = 180  # office minutes before lunch
_DAY = 420  # office minutes per working day

#: The five elements of 一次性告知 (gdzw-0020-2019:5.3.1) in the ``Inquiry.told`` vocabulary.
TOLD_ALL: tuple[str, ...] = ("materials", "conditions", "process", "time_limit", "fee")
#: The 受理记录 elements of yousu-jiban 处置流程.受理.5.
RECORD_FIELDS: tuple[str, ...] = ("name", "address", "phone", "time", "channel", "content")
#: The appointment information of gdzw-0020-2019:6.1.2.
CONFIRMATION_FIELDS: tuple[str, ...] = ("name", "time", "place", "number", "content", "ticket_instructions")
#: The four 好差评 dimensions of db23-hlj-2023:8.1.3.
DIMENSIONS: tuple[str, ...] = ("attitude", "quality", "efficiency", "environment")


def iso(value: datetime | date) -> str:
    """ISO 8601 text of a timestamp (to the second) or a date."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return value.isoformat()


def parse_dt(text: str) -> datetime:
    """The naive Asia/Shanghai timestamp of an ISO string written by :func:`iso`."""
    return datetime.fromisoformat(text)


def natural_key(text: str) -> tuple[Any, ...]:
    """Sort key that orders ``A-9`` before ``A-10``."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"(\d+)", str(text)))


def office_at(day: date, minute: int) -> datetime:
    """The timestamp ``minute`` office minutes into ``day`` (0 = 09:00, 180 = 13:30, 419 = 17:29)."""
    if not 0 <= minute < _DAY:
        raise ValueError(f"office minute {minute} outside 0..{_DAY - 1}")
    if minute < _MORNING:
        base = datetime.combine(day, OFFICE_HOURS[0][0])
        return base + timedelta(minutes=minute)
    base = datetime.combine(day, OFFICE_HOURS[1][0])
    return base + timedelta(minutes=minute - _MORNING)


def office_minute(dt: datetime) -> int:
    """Office minutes of ``dt``'s day elapsed at ``dt``: 0 before opening, 180 over lunch, 420 after closing."""
    t = dt.hour * 60 + dt.minute
    m_open, m_close = 9 * 60, 12 * 60
    a_open, a_close = 13 * 60 + 30, 17 * 60 + 30
    if t < m_open:
        return 0
    if t < m_close:
        return t - m_open
    if t < a_open:
        return _MORNING
    if t < a_close:
        return _MORNING + t - a_open
    return _DAY


@dataclass(frozen=True)
class ItemMeta:
    """What the builder needs to know about an item beyond its service guide."""

    certificate: bool
    weight: float = 1.0
    window: str = "comprehensive"  # comprehensive | specialist | cross_region
    pause: str | None = None  # admin-licensing-law:45 procedure some applications go through
    enterprise: bool = False  # applicants are organisations
    duration: tuple[int, int] = (8, 14)  # service minutes at the window


@dataclass(frozen=True)
class Service:
    """One served visit at a window: who, where, when (used to place ratings and transcripts)."""

    window_id: str | None
    staff_id: str
    start: datetime
    end: datetime
    visit_event_id: str | None


class CapacityError(RuntimeError):
    """No free slot is left that keeps the hall within its window sizing (dongguan-hall-2023:4.6)."""


class _Infeasible(Exception):
    """A requested variant cannot be fitted inside the time limits; the caller falls back."""


class ExampleBuilder:
    """Tables of JSON-ready records of one hall, with deterministic randomness and clean factories.

    ``seed`` fixes every random choice; ``start``..``end`` is the month applications are received
    in; ``as_of`` the day the records run to (``meta.json``); ``calendar`` the working-day calendar.
    """

    def __init__(
        self,
        seed: int = 20250901,
        *,
        start: date = date(2025, 9, 1),
        end: date = date(2025, 9, 30),
        as_of: date = date(2025, 10, 31),
        name: str = "example",
        calendar: WorkingCalendar | None = None,
    ) -> None:
        self.seed = seed
        self.start = start
        self.end = end
        self.as_of = as_of
        self.name = name
        self.calendar: WorkingCalendar = calendar if calendar is not None else make_calendar("CN")
        self.tables: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLE_NAMES}
        self.planted: list[dict[str, str]] = []
        self.item_meta: dict[str, ItemMeta] = {}
        self._index: dict[str, dict[str, dict[str, Any]]] = {t: {} for t in TABLE_NAMES}
        self._counters: Counter[str] = Counter()
        self._rngs: dict[str, random.Random] = {}
        self._busy: dict[tuple[str, date], list[tuple[int, int]]] = {}
        self._day_load: Counter[date] = Counter()
        self._window_load: Counter[tuple[str, date]] = Counter()
        self._service: dict[str, Service] = {}
        self._rated: set[str] = set()
        self._transcribed: set[str] = set()
        self._due_cache: dict[tuple[date, str], date] = {}

    # -- basics -------------------------------------------------------------------------------------

    def rng(self, namespace: str) -> random.Random:
        """The random stream of ``namespace``: seeded from (seed, namespace), one stream per namespace.

        Calling it twice with the same namespace continues the same stream, so results depend only
        on the seed and the order of calls.
        """
        stream = self._rngs.get(namespace)
        if stream is None:
            stream = self._rngs[namespace] = random.Random(f"govhall-example:{self.seed}:{namespace}")
        return stream

    def new_id(self, prefix: str, width: int = 4) -> str:
        """The next id with ``prefix``: ``A-0001``, ``A-0002`` … (counters are per prefix)."""
        self._counters[prefix] += 1
        return f"{prefix}-{self._counters[prefix]:0{width}d}"

    def add(self, table: str, record: dict[str, Any]) -> dict[str, Any]:
        """Append ``record`` to ``table`` (indexed by ``id``, or ``code`` for items) and return it."""
        if table not in self.tables:
            raise KeyError(f"unknown table {table!r} (tables: {', '.join(TABLE_NAMES)})")
        self.tables[table].append(record)
        key = record.get("code" if table == "items" else "id")
        if isinstance(key, str):
            self._index[table][key] = record
        return record

    def get(self, table: str, id: str) -> dict[str, Any]:  # noqa: A002 - the brief's name
        """The record of ``table`` with id ``id`` (item code for ``items``); ``KeyError`` if none."""
        try:
            return self._index[table][id]
        except KeyError:
            raise KeyError(f"no {table} record with id {id!r}") from None

    def plant(self, rule_id: str, clause: str, subject_kind: str, subject_id: str, description: str) -> None:
        """Record one planted violation in the manifest (``planted.yaml``)."""
        self.planted.append(
            {
                "rule_id": rule_id,
                "clause": clause,
                "subject_kind": subject_kind,
                "subject_id": subject_id,
                "description": description,
            }
        )

    def manifest(self) -> list[dict[str, str]]:
        """The planted violations, sorted (rule id, subject kind, subject id, clause)."""
        return sorted(
            self.planted,
            key=lambda r: (
                r["rule_id"],
                r["subject_kind"],
                natural_key(r["subject_id"]),
                r["clause"],
                r["description"],
            ),
        )

    @property
    def hall(self) -> dict[str, Any]:
        """The hall record (``tables["hall"][0]``)."""
        return self.tables["hall"][0]

    # -- finders ------------------------------------------------------------------------------------

    def staff_ids(self, role: str | None = None, department: str | None = None) -> list[str]:
        """Ids of staff with that role and/or department, in id order."""
        return [
            s["id"]
            for s in self.tables["staff"]
            if (role is None or s["role"] == role)
            and (department is None or s.get("department") == department)
        ]

    def window_ids(self, kind: str | None = None) -> list[str]:
        """Ids of windows of that kind, in id order."""
        return [w["id"] for w in self.tables["windows"] if kind is None or w["kind"] == kind]

    def item_codes(self, **field_equals: Any) -> list[str]:
        """Codes of items whose fields equal the given values, e.g. ``item_codes(rongque=True)``."""
        return [
            i["code"] for i in self.tables["items"] if all(i.get(k) == v for k, v in field_equals.items())
        ]

    def department_name(self, dept_id: str) -> str:
        """The name of a department of the hall (its id if unknown)."""
        for d in self.hall.get("departments", []):
            if d["id"] == dept_id:
                return str(d["name"])
        return dept_id

    def service_of(self, application_id: str) -> Service | None:
        """The window visit at which an application was received (None for online or planted-by-hand ones)."""
        return self._service.get(application_id)

    # -- time ---------------------------------------------------------------------------------------

    def working_days(self, a: date, b: date) -> list[date]:
        """Working days in ``[a, b]``."""
        out = []
        d = a
        while d <= b:
            if self.calendar.is_working_day(d):
                out.append(d)
            d += timedelta(days=1)
        return out

    def add_wd(self, d: date, n: int) -> date:
        """The nth working day after ``d`` (``calendar.add_working_days``)."""
        return self.calendar.add_working_days(d, n)

    def sub_wd(self, d: date, n: int) -> date:
        """The nth working day before ``d``."""
        return self.calendar.subtract_working_days(d, n)

    def due(self, start: date, limit: str) -> date:
        """``govhall.timelimits.due_date(start, limit).due`` on this builder's calendar (cached)."""
        key = (start, limit)
        found = self._due_cache.get(key)
        if found is None:
            found = self._due_cache[key] = due_date(start, limit, calendar=self.calendar).due
        return found

    def advance(self, dt: datetime, minutes: int) -> datetime:
        """``dt`` moved on by ``minutes`` office minutes (skipping lunch, evenings and non-working days)."""
        day = dt.date()
        off = office_minute(dt)
        if not self.calendar.is_working_day(day):
            day, off = self.calendar.next_working_day(day), 0
        off += minutes
        while off >= _DAY:
            off -= _DAY
            day = self.calendar.next_working_day(day)
        return office_at(day, off)

    def office_time(
        self,
        rng: random.Random,
        day: date,
        after: datetime | None = None,
        gap: int = 5,
        latest: int = _DAY - 6,
    ) -> datetime | None:
        """A random office time on working day ``day``, at least ``gap`` minutes after ``after``.

        None when ``day`` is before ``after``'s day or no office time is left on it.
        """
        lo = 0
        if after is not None:
            if day < after.date():
                return None
            if day == after.date():
                lo = office_minute(after) + gap
        if lo > latest:
            return None
        return office_at(day, rng.randint(lo, latest))

    def is_office_time(self, dt: datetime) -> bool:
        """Whether ``dt`` is inside office hours on a working day."""
        if not self.calendar.is_working_day(dt.date()):
            return False
        t = dt.time()
        return any(a <= t < b for a, b in OFFICE_HOURS)

    def month_days(self) -> list[date]:
        """The working days of the month applications are received in."""
        return self.working_days(self.start, self.end)

    # -- the hall's people and places ---------------------------------------------------------------

    def serving(self, window_id: str, dt: datetime) -> str:
        """The staff member serving at ``window_id`` at ``dt``.

        A window with two staff alternates: one serves the morning and the other the afternoon, the
        order swapping from day to day (AB岗); the one not serving stays on duty in the back office.
        """
        staff = self.get("windows", window_id)["staff"]
        if len(staff) == 1:
            return str(staff[0])
        half = 0 if office_minute(dt) < _MORNING else 1
        return str(staff[(half + dt.date().toordinal()) % len(staff)])

    def not_serving(self, window_id: str, dt: datetime) -> str | None:
        """The other staff member of a two-staff window at ``dt`` (None for one-staff windows)."""
        staff = self.get("windows", window_id)["staff"]
        if len(staff) < 2:
            return None
        current = self.serving(window_id, dt)
        return next(str(s) for s in staff if s != current)

    def decider(self, item: dict[str, Any]) -> str:
        """Who decides the item's applications: the department's approver, else its chief representative."""
        dept = item["department"]
        approvers = self.staff_ids(role="approver", department=dept)
        if approvers:
            return approvers[0]
        for d in self.hall["departments"]:
            if d["id"] == dept and d.get("chief_representative"):
                return str(d["chief_representative"])
        raise KeyError(f"department {dept!r} has no approver and no chief representative")

    def certificate_window(self, item: dict[str, Any]) -> str:
        """Where the item's certificates are issued: its specialist window, else the certificate window."""
        if self.item_meta[item["code"]].window == "specialist":
            return self.windows_for(item)[0]
        return self.window_ids("certificate")[0]

    def windows_for(self, item: dict[str, Any]) -> list[str]:
        """The windows that receive the item's applications."""
        meta = self.item_meta[item["code"]]
        if meta.window == "specialist":
            return [
                w["id"]
                for w in self.tables["windows"]
                if w["kind"] == "specialist" and w.get("department") == item["department"]
            ]
        if meta.window == "cross_region":
            return self.window_ids("cross_region")
        return self.window_ids("comprehensive")

    @property
    def day_cap(self) -> int:
        """Most applications a day keeps within ``30 × comprehensive windows`` (dongguan-hall-2023:4.6)."""
        return 30 * len(self.window_ids("comprehensive"))

    # -- window schedules ---------------------------------------------------------------------------

    def reserve(self, window_id: str, start: datetime, minutes: int) -> tuple[datetime, datetime]:
        """Mark ``window_id`` busy from ``start`` for ``minutes`` and return (start, end).

        Slots never cross lunch or closing time (see :meth:`free_slot`), so ``end`` is wall-clock time.
        """
        off = office_minute(start)
        self._busy.setdefault((window_id, start.date()), []).append((off, off + minutes))
        return start, start + timedelta(minutes=minutes)

    def free_slot(self, window_id: str, day: date, minutes: int, rng: random.Random) -> datetime | None:
        """A random start at ``window_id`` on ``day`` with ``minutes`` free (not across lunch), or None."""
        busy = sorted(self._busy.get((window_id, day), []))
        candidates: list[tuple[int, int]] = []
        for lo, hi in ((0, _MORNING), (_MORNING, _DAY - 5)):
            cursor = lo
            for a, b in busy:
                if b <= lo or a >= hi:
                    continue
                if a - cursor >= minutes + 2:
                    candidates.append((cursor + 1, a - minutes - 1))
                cursor = max(cursor, b)
            if hi - cursor >= minutes + 2:
                candidates.append((cursor + 1, hi - minutes - 1))
        candidates = [(a, b) for a, b in candidates if b >= a]
        if not candidates:
            return None
        a, b = rng.choice(candidates)
        return office_at(day, rng.randint(a, b))

    def _find_slot(
        self, windows: list[str], minutes: int, rng: random.Random, days: list[date] | None = None
    ) -> tuple[str, datetime]:
        pool = list(days if days is not None else self.month_days())
        rng.shuffle(pool)
        pool.sort(key=lambda d: self._day_load[d])
        for d in pool:
            if self._day_load[d] >= self.day_cap:
                continue
            for w in sorted(windows, key=lambda w: (self._window_load[(w, d)], w)):
                if self._window_load[(w, d)] >= 30:
                    continue
                start = self.free_slot(w, d, minutes, rng)
                if start is not None:
                    return w, start
        raise CapacityError(
            f"no free slot of {minutes} min at {', '.join(windows)} on a day under {self.day_cap} applications "
            "(dongguan-hall-2023:4.6 sizing); plant fewer new applications or give received_at"
        )

    # -- people ---------------------------------------------------------------------------------------

    def _applicant(self, rng: random.Random, enterprise: bool) -> dict[str, str]:
        person = content.person_name(rng)
        if enterprise:
            return {
                "name": content.company_name(rng),
                "id_number": content.credit_code(rng),
                "phone": content.phone(rng),
                "address": content.address(rng),
            }
        return {
            "name": person,
            "id_number": content.id_number(rng),
            "phone": content.phone(rng),
            "address": content.address(rng),
        }

    @staticmethod
    def rater_id(application: dict[str, Any]) -> str:
        """The pseudonymous rater identity of an application's applicant (never a staff id)."""
        basis = (application.get("applicant") or {}).get("id_number") or application["id"]
        return "R-" + hashlib.sha1(str(basis).encode("utf-8")).hexdigest()[:12]

    # -- events ---------------------------------------------------------------------------------------

    @staticmethod
    def event(
        owner: dict[str, Any], owner_field: str, kind: str, at: datetime, **fields: Any
    ) -> dict[str, Any]:
        """Append an event to ``owner["events"]`` (id ``<owner>-E<n>``; None-valued fields left out)."""
        n = len(owner["events"]) + 1
        ev: dict[str, Any] = {
            "id": f"{owner['id']}-E{n:02d}",
            owner_field: owner["id"],
            "kind": kind,
            "at": iso(at),
        }
        for k, v in fields.items():
            if v is None:
                continue
            ev[k] = iso(v) if isinstance(v, (date, datetime)) else v
        owner["events"].append(ev)
        return ev

    # -- applications ---------------------------------------------------------------------------------

    def clean_application(
        self,
        *,
        item_code: str | None = None,
        received_at: datetime | None = None,
        rng: random.Random | None = None,
        variant: str = "plain",
        channel: str = "onsite",
        **overrides: Any,
    ) -> dict[str, Any]:
        """A NEW exemplary application (added), received at a free slot of the right window.

        * ``item_code``: the item (default: a comprehensive-window item with a time limit of days);
        * ``received_at``: when (default: a free slot on the least loaded working day of the month,
          keeping every day within ``30 × comprehensive windows``); used as given;
        * ``variant``: ``plain``, ``correction`` (one written 补正 notice, supplemented in time),
          ``rongque`` (容缺, catalogue items only), ``pause`` (an admin-licensing-law:45 procedure
          with written notice), ``extension`` (approved and told), ``not_accepted``, ``denied``,
          ``renewal``, ``cert_rejected`` (the certificate window refuses a wrong certificate, it is
          corrected within 1 working day), ``mail``, ``open`` (not decided by ``as_of``);
        * ``channel``: ``onsite`` or ``online``;
        * ``overrides``: top-level fields replaced after the record is built (the caller's choice).

        Every variant is decided within the promised limit counted from receipt without any pause
        or extension, so it is clean under every reading of the clock.
        """
        rng = rng or self.rng("clean.application")
        if item_code is not None:
            item = self.get("items", item_code)
        else:
            pool = [
                i
                for i in self.tables["items"]
                if self.item_meta[i["code"]].window == "comprehensive"
                and parse_limit(i["promised_limit"]).unit != "on_the_spot"
            ]
            item = rng.choices(pool, weights=[self.item_meta[i["code"]].weight for i in pool])[0]
        meta = self.item_meta[item["code"]]
        minutes = rng.randint(*meta.duration)
        if channel == "online":
            day = (
                received_at.date()
                if received_at
                else min(self.month_days(), key=lambda d: (self._day_load[d], rng.random()))
            )
            start = received_at or self.office_time(rng, day, latest=_DAY - 30)
            assert start is not None
            staff = self.decider(item)  # online applications go straight to the department's back office
            return self._with_overrides(
                self.build_application(
                    item=item,
                    window_id=None,
                    staff_id=staff,
                    start=start,
                    end=start,
                    rng=rng,
                    variant=variant,
                    channel="online",
                ),
                overrides,
            )
        windows = self.windows_for(item)
        if received_at is None:
            window, start = self._find_slot(windows, minutes, rng)
        else:
            window = min(windows, key=lambda w: (self._window_load[(w, received_at.date())], w))
            start = received_at
        start, end = self.reserve(window, start, minutes)
        app = self.build_application(
            item=item,
            window_id=window,
            staff_id=self.serving(window, start),
            start=start,
            end=end,
            rng=rng,
            variant=variant,
            channel=channel,
        )
        return self._with_overrides(app, overrides)

    @staticmethod
    def _with_overrides(record: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
        for k, v in overrides.items():
            record[k] = iso(v) if isinstance(v, (date, datetime)) else v
        return record

    def build_application(
        self,
        *,
        item: dict[str, Any],
        window_id: str | None,
        staff_id: str,
        start: datetime,
        end: datetime,
        rng: random.Random,
        variant: str = "plain",
        channel: str = "onsite",
        help_service: str = "none",
    ) -> dict[str, Any]:
        """Build and add an application received at ``start`` (service until ``end``) with its history.

        An infeasible ``variant`` (e.g. a correction that cannot fit the promised limit) raises
        ``ValueError``; :func:`govhall.example.base.build_base` only asks for feasible ones.
        """
        try:
            app = self._application(
                item, window_id, staff_id, start, end, rng, variant, channel, help_service
            )
        except _Infeasible as exc:
            raise ValueError(
                f"variant {variant!r} does not fit item {item['code']} received {iso(start)}: {exc}"
            ) from None
        self._counters["A"] += 1
        app["id"] = f"A-{self._counters['A']:04d}"
        for ev in app["events"]:
            ev["application_id"] = app["id"]
            ev["id"] = app["id"] + ev["id"][len("A-new") :]
        svc = self._service.pop("A-new", None)
        if svc is not None:
            visit = svc.visit_event_id and app["id"] + svc.visit_event_id[len("A-new") :]
            self._service[app["id"]] = Service(svc.window_id, svc.staff_id, svc.start, svc.end, visit)
        self._day_load[start.date()] += 1
        if window_id is not None:
            self._window_load[(window_id, start.date())] += 1
        return self.add("applications", app)

    def _application(
        self,
        item: dict[str, Any],
        window_id: str | None,
        staff_id: str,
        start: datetime,
        end: datetime,
        rng: random.Random,
        variant: str,
        channel: str,
        help_service: str,
    ) -> dict[str, Any]:
        code = item["code"]
        if end <= start:  # online: the intake takes a few minutes in the back office
            end = self.advance(start, 6)
        meta = self.item_meta[code]
        dept = item["department"]
        d = start.date()
        on_spot = parse_limit(item["promised_limit"]).unit == "on_the_spot"
        pdue = self.due(d, item["promised_limit"])
        sdue = self.due(d, item["statutory_limit"])
        names = [m["name"] for m in item["materials"]]
        non_main = [m["name"] for m in item["materials"] if not m.get("main")]
        decider = self.decider(item)
        app: dict[str, Any] = {
            "id": "A-new",
            "item_code": code,
            "kind": "new",
            "applicant": self._applicant(rng, meta.enterprise),
            "channel": channel,
            "received_at": iso(start),
        }
        if window_id is not None:
            app["window_id"] = window_id
        app.update(
            {
                "staff_id": staff_id,
                "meets_conditions": True,
                "basic_conditions_met": True,
                "materials_submitted": list(names),
                "rongque": False,
                "joint": bool(item.get("joint_review")),
            }
        )
        if item.get("joint_review"):
            app["lead_department"] = dept
        app.update({"help_service": help_service, "service_fee_charged": 0, "events": []})
        if variant == "renewal":
            app["kind"] = "renewal"
            app["licence_expires_on"] = iso(d + timedelta(days=rng.randint(45, 150)))
        ev = self.event
        owner = "application_id"
        ev(
            app,
            owner,
            "received",
            start,
            staff_id=staff_id,
            window_id=window_id,
            note="网上申报，综合受理系统收件" if channel == "online" else "窗口收件，出具受理（收件）凭证",
        )
        visit_id = None
        if channel == "onsite":
            visit_id = ev(
                app,
                owner,
                "visit",
                start,
                staff_id=staff_id,
                window_id=window_id,
                purpose="submission",
                note="代办人员受托代为递交" if help_service == "agent" else None,
            )["id"]
        self._service["A-new"] = Service(window_id, staff_id, start, end, visit_id)
        last_in_visit = end - timedelta(minutes=1)

        if variant == "not_accepted":
            app["meets_conditions"] = False
            app["basic_conditions_met"] = False
            ev(
                app,
                owner,
                "not_accepted",
                last_in_visit,
                staff_id=staff_id,
                window_id=window_id,
                department=dept,
                written=True,
                told_applicant=True,
                reason="申请人不具备申请资格，出具加盖专用印章并注明日期的不予受理通知书，告知不予受理的理由",
            )
            return app
        ev(
            app,
            owner,
            "accepted",
            self.advance(start, 2),
            staff_id=staff_id,
            window_id=window_id,
            department=dept,
        )
        if on_spot:
            if variant not in ("plain", "renewal"):
                raise _Infeasible("an on-the-spot item has no later steps")
            ev(
                app,
                owner,
                "decided",
                last_in_visit,
                staff_id=decider,
                department=dept,
                outcome="approved",
                written=True,
                delivery="window" if meta.certificate else "electronic",
                note="即办件当场办结" + ("，当场出件" if meta.certificate else "，结果电子送达"),
            )
            return app
        if variant == "open":
            return app

        cursor = last_in_visit
        cert = meta.certificate and variant != "denied"
        last_day = self.sub_wd(self.as_of, 1) if cert else self.as_of
        latest = min(self.sub_wd(pdue, 1) if cert else pdue, sdue, last_day)

        if variant == "rongque":
            if not item.get("rongque") or not non_main:
                raise _Infeasible("the item is not on the 容缺 catalogue")
            missing = rng.sample(non_main, k=min(len(non_main), rng.choice((1, 1, 2))))
            sup_due = self.due(d, item["rongque_supplement_limit"])
            app.update(
                {
                    "materials_submitted": [n for n in names if n not in missing],
                    "rongque": True,
                    "rongque_missing": list(missing),
                    "rongque_supplement_due": iso(sup_due),
                    "rongque_blacklisted": False,
                }
            )
            ev(
                app,
                owner,
                "correction_notice",
                last_in_visit,
                staff_id=staff_id,
                window_id=window_id,
                department=dept,
                written=True,
                materials=list(missing),
                requirements="容缺材料应为原件或加盖公章的复印件，可通过广东政务服务网上传或邮寄补交",
                deadline=sup_due,
                reason="容缺受理：基本条件具备、主件齐全，暂缺材料限期补齐",
            )
            sday = self.add_wd(d, rng.choice((1, 2)))
            t = self.office_time(rng, sday, cursor)
            if t is None or sday > sup_due or sday > latest:
                raise _Infeasible("容缺 supplement does not fit")
            ev(
                app,
                owner,
                "materials_supplemented",
                t,
                department=dept,
                materials=list(missing),
                note="通过广东政务服务网补交",
            )
            cursor = t
        elif variant == "correction":
            lag = rng.choice((0, 0, 1, 2))
            if lag == 0:
                notice_at = last_in_visit
                who, where = staff_id, window_id
            else:
                found = self.office_time(rng, self.add_wd(d, lag), cursor)
                if found is None:
                    raise _Infeasible("no time for the notice")
                notice_at, who, where = found, decider, None
            deadline = self.add_wd(notice_at.date(), 5)
            wanted = rng.sample(names, k=rng.choice((1, 1, 2)))
            ev(
                app,
                owner,
                "correction_notice",
                notice_at,
                staff_id=who,
                window_id=where,
                department=dept,
                written=True,
                materials=list(wanted),
                requirements="请提供与原件一致、信息完整并加盖公章的材料",
                deadline=deadline,
                reason="申请材料不齐全或者不符合法定形式，一次性告知须补正的全部内容",
            )
            sday = self.add_wd(notice_at.date(), rng.choice((1, 2)))
            t = self.office_time(rng, sday, notice_at)
            if t is None or sday > deadline or sday > latest:
                raise _Infeasible("supplement does not fit")
            ev(
                app,
                owner,
                "materials_supplemented",
                t,
                department=dept,
                materials=list(wanted),
                note="通过广东政务服务网补交",
            )
            cursor = t
        elif variant == "pause":
            if meta.pause is None:
                raise _Infeasible("the item has no excluded procedure")
            pday = self.add_wd(d, 1)
            t = self.office_time(rng, pday, cursor, latest=300)
            rday = self.add_wd(pday, rng.choice((1, 2)))
            if t is None or rday > latest:
                raise _Infeasible("pause does not fit")
            zh = {"expert_review": "专家评审", "testing": "检测", "inspection": "检验", "appraisal": "鉴定"}[
                meta.pause
            ]
            ev(
                app,
                owner,
                "paused",
                t,
                staff_id=decider,
                department=dept,
                procedure=meta.pause,
                written=True,
                told_applicant=True,
                reason=f"依法需要{zh}，所需时间不计算在期限内，已书面告知申请人",
            )
            t2 = self.office_time(rng, rday, t)
            if t2 is None:
                raise _Infeasible("resume does not fit")
            ev(
                app,
                owner,
                "resumed",
                t2,
                staff_id=decider,
                department=dept,
                procedure=meta.pause,
                note=f"{zh}结束，恢复计时",
            )
            cursor = t2
        elif variant == "extension":
            xday = self.add_wd(d, rng.choice((1, 2)))
            t = self.office_time(rng, xday, cursor)
            if t is None or xday > latest:
                raise _Infeasible("extension does not fit")
            ev(
                app,
                owner,
                "extended",
                t,
                staff_id=decider,
                department=dept,
                written=True,
                told_applicant=True,
                approved_by=f"{self.department_name(dept)}负责人",
                limit="10个工作日",
                reason="需现场核查的内容较多，经本行政机关负责人批准延长十个工作日，已告知申请人延长期限的理由",
            )
            cursor = t
        elif variant not in ("plain", "renewal", "denied", "cert_rejected", "mail"):
            raise ValueError(f"unknown application variant {variant!r}")

        earliest = max(self.add_wd(d, 1), cursor.date())
        days = self.working_days(earliest, latest)
        decided_at = None
        span = days[: max(1, (len(days) * 2) // 3)]
        for day in [rng.choice(span), *days] if span else []:
            decided_at = self.office_time(rng, day, cursor, latest=280)
            if decided_at is not None:
                break
        if decided_at is None:
            raise _Infeasible("no day left for the decision")
        if variant == "denied":
            ev(
                app,
                owner,
                "decided",
                decided_at,
                staff_id=decider,
                department=dept,
                outcome="denied",
                written=True,
                told_applicant=True,
                delivery="electronic",
                reason="经审查不符合法定条件，作出不予许可的书面决定并说明理由，告知依法申请行政复议或者提起行政诉讼的权利",
            )
            return app
        ev(
            app,
            owner,
            "decided",
            decided_at,
            staff_id=decider,
            department=dept,
            outcome="approved",
            written=True,
            delivery=None if cert else "electronic",
            note=None if cert else "办理结果电子送达",
        )
        if not cert:
            return app

        cwin = self.certificate_window(item)
        hdays = self.working_days(decided_at.date(), latest)[:2]
        handed = None
        for day in hdays:
            handed = self.office_time(rng, day, decided_at, latest=300)
            if handed is not None:
                break
        if handed is None:
            raise _Infeasible("no day left for the handover")
        if variant == "cert_rejected":
            ev(
                app,
                owner,
                "certificate_rejected",
                handed,
                staff_id=self.serving(cwin, handed),
                window_id=cwin,
                department=dept,
                reason="证件信息与证件交接凭证不一致，出件窗口不予接收",
            )
            fixed = self.advance(handed, rng.randint(20, 60))
            ev(
                app,
                owner,
                "certificate_corrected",
                fixed,
                staff_id=decider,
                department=dept,
                note="进驻部门当日更正证件信息",
            )
            handed = self.advance(fixed, 5)
        ev(
            app,
            owner,
            "certificate_handed_over",
            handed,
            staff_id=decider,
            window_id=cwin,
            department=dept,
            note="证件及证件交接凭证转交出件窗口，出件窗口核对无误后签收",
        )
        notified = self.advance(handed, rng.randint(5, 40))
        ev(
            app,
            owner,
            "pickup_notified",
            notified,
            staff_id=self.serving(cwin, notified),
            window_id=cwin,
            note="短信发送取件通知",
        )
        if channel == "online" or variant == "mail":
            mailed = self.advance(notified, rng.randint(10, 60))
            ev(
                app,
                owner,
                "mailed",
                mailed,
                staff_id=self.serving(cwin, mailed),
                window_id=cwin,
                delivery="mail",
                note="服务对象选择邮寄送达，EMS寄出",
            )
        elif help_service == "agent":
            got = self.advance(notified, rng.randint(30, 200))
            agent = self.staff_ids(role="agent")[0]
            ev(
                app,
                owner,
                "picked_up",
                got,
                staff_id=agent,
                window_id=cwin,
                delivery="window",
                voluntary=True,
                note="代办人员领取证照并送达服务对象（服务对象无需上门）",
            )
        else:
            until = min(self.add_wd(decided_at.date(), 5), self.as_of)
            got = None
            for day in self.working_days(notified.date(), until)[:3]:
                got = self.office_time(rng, day, notified, gap=30)
                if got is not None and rng.random() < 0.6:
                    break
            if got is None:
                got = self.advance(notified, 30)
            who = self.serving(cwin, got)
            ev(
                app,
                owner,
                "picked_up",
                got,
                staff_id=who,
                window_id=cwin,
                delivery="window",
                note="核对信息后发放证件，服务对象登记签收",
            )
            ev(app, owner, "visit", got, staff_id=who, window_id=cwin, purpose="pickup", voluntary=True)
        return app

    # -- evaluations ----------------------------------------------------------------------------------

    def clean_evaluation(
        self,
        *,
        application: dict[str, Any] | None = None,
        rng: random.Random | None = None,
        level: str | None = None,
        **overrides: Any,
    ) -> dict[str, Any]:
        """A NEW exemplary 好差评 rating (added) by the applicant of ``application``.

        Default application: an onsite one not rated yet, rated on its receipt visit by the window's
        rating device when the service ends (one rating per visit, no device bursts). ``level``
        (default ``very_satisfied``): a bad level gets a named rater, a return visit within 1 working
        day and a fix within 3 working days. If ``application`` is already rated, the new rating
        duplicates it (2 minutes later): that is the caller's choice.
        """
        rng = rng or self.rng("clean.evaluation")
        if application is None:
            pool = [
                a
                for a in self.tables["applications"]
                if a["id"] not in self._rated
                and a["id"] in self._service
                and a.get("help_service") != "agent"
                and self._service[a["id"]].visit_event_id
                and parse_dt(a["received_at"]).date() <= self.end
            ]
            if not pool:
                raise CapacityError("every onsite application is rated already")
            application = rng.choice(pool)
        return self._with_overrides(
            self.build_evaluation(application, rng, level=level or "very_satisfied"), overrides
        )

    def build_evaluation(self, app: dict[str, Any], rng: random.Random, *, level: str) -> dict[str, Any]:
        """Build and add the rating of ``app`` (see :meth:`clean_evaluation`)."""
        svc = self._service.get(app["id"])
        agent = app.get("help_service") == "agent"
        rec: dict[str, Any] = {"id": self.new_id("EV")}
        if agent or svc is None or svc.visit_event_id is None:
            done = [e for e in app["events"] if e["kind"] in ("picked_up", "mailed", "decided")]
            anchor = parse_dt(done[-1]["at"]) if done else parse_dt(app["received_at"])
            at = self.advance(anchor, rng.randint(20, 120))
            staff = self.staff_ids(role="agent")[0] if agent else app["staff_id"]
            rec.update(
                {
                    "at": iso(at),
                    "level": level,
                    "channel": "sms" if agent else "website",
                    "staff_id": staff,
                    "application_id": app["id"],
                }
            )
        else:
            at = svc.end + (timedelta(minutes=2) if app["id"] in self._rated else timedelta(0))
            rec.update(
                {
                    "at": iso(at),
                    "level": level,
                    "channel": "device",
                    "staff_id": svc.staff_id,
                    "application_id": app["id"],
                    "visit_id": svc.visit_event_id,
                }
            )
        bad = level in ("dissatisfied", "very_dissatisfied")
        named = bad or rng.random() < 0.35
        rec["rater_id"] = self.rater_id(app)
        rec["rater_named"] = named
        if named:
            rec["rater_phone"] = app["applicant"]["phone"]
        if rec["channel"] == "device":
            rec["device_id"] = f"EVD-{svc.window_id if svc else 'X'}"
        if bad:
            rec["comment"] = rng.choice(
                ("等候时间太长", "工作人员解释不够耐心", "取件通知不及时", "材料要求说明不清楚")
            )
            rec["dimensions"] = {
                "attitude": level,
                "quality": "basically_satisfied",
                "efficiency": level,
                "environment": "satisfied",
            }
            visit = self.advance(at, rng.randint(60, 300))
            rec["return_visit_at"] = iso(visit)
            rec["fixed_at"] = iso(self.advance(visit, rng.randint(60, 600)))
        else:
            rec["dimensions"] = dict.fromkeys(DIMENSIONS, level)
            if rng.random() < 0.1:
                rec["comment"] = rng.choice(("服务很好", "办事效率高", "工作人员很耐心", "环境整洁"))
        self._rated.add(app["id"])
        return self.add("evaluations", rec)

    # -- appointments ---------------------------------------------------------------------------------

    def clean_appointment(
        self, *, rng: random.Random | None = None, served: bool = True, **overrides: Any
    ) -> dict[str, Any]:
        """A NEW exemplary appointment (added): booked ≥ 3 working days ahead, confirmed with every
        field at once, reminded 2 working days ahead (≥ 24 h), and, when ``served``, arrived within
        the slot and served (its application is created with :meth:`clean_application`); otherwise a
        no-show that is not served.
        """
        rng = rng or self.rng("clean.appointment")
        if served:
            app = self.clean_application(rng=rng)
            return self._with_overrides(self.appointment_for(app, rng), overrides)
        day = rng.choice(self.month_days()[3:])
        return self._with_overrides(self.no_show(day, rng), overrides)

    def _booking(self, rng: random.Random, slot_start: datetime, earliest_days: int = 3) -> dict[str, Any]:
        day = slot_start.date()
        booked_day = self.sub_wd(day, rng.randint(earliest_days, earliest_days + 5))
        booked = self.office_time(rng, booked_day)
        reminder = self.office_time(rng, self.sub_wd(day, 2))
        assert booked is not None and reminder is not None
        return {
            "channel": rng.choice(("online", "mini_program", "app", "phone", "onsite")),
            "booked_at": iso(booked),
            "slot_start": iso(slot_start),
            "slot_end": iso(slot_start + timedelta(minutes=30)),
            "confirmation_sent_at": iso(booked + timedelta(minutes=1)),
            "confirmation_fields": list(CONFIRMATION_FIELDS),
            "reminder_sent_at": iso(reminder),
        }

    @staticmethod
    def slot_of(dt: datetime) -> datetime:
        """The half-hour booking slot containing ``dt`` (slots start on the hour or half hour)."""
        floor = dt.replace(minute=(dt.minute // 30) * 30, second=0)
        if floor.time() < time(13, 30) and dt.time() >= time(13, 30):
            floor = dt.replace(hour=13, minute=30, second=0)
        return floor

    def appointment_for(self, app: dict[str, Any], rng: random.Random) -> dict[str, Any]:
        """Book ``app`` (an onsite application) ahead: the appointment it was served in (added)."""
        received = parse_dt(app["received_at"])
        slot = self.slot_of(received)
        rec: dict[str, Any] = {"id": self.new_id("AP"), "item_code": app["item_code"]}
        rec.update(self._booking(rng, slot))
        arrived = max(slot, received - timedelta(minutes=rng.randint(1, 8)))
        rec.update(
            {
                "applicant_name": app["applicant"]["name"],
                "applicant_phone": app["applicant"]["phone"],
                "arrived_at": iso(arrived),
                "served_at": iso(received),
                "cancelled_by_hall": False,
                "materials_told": True,
            }
        )
        app["appointment_id"] = rec["id"]
        return self.add("appointments", rec)

    def no_show(self, day: date, rng: random.Random) -> dict[str, Any]:
        """An appointment on ``day`` nobody came to: not served (db23-hlj-2023:6.5.4) (added)."""
        items = [i for i in self.tables["items"] if self.item_meta[i["code"]].window == "comprehensive"]
        slot = self.slot_of(self.office_time(rng, day, latest=_DAY - 31) or office_at(day, 0))
        rec: dict[str, Any] = {"id": self.new_id("AP"), "item_code": rng.choice(items)["code"]}
        rec.update(self._booking(rng, slot))
        rec.update(
            {
                "applicant_name": content.person_name(rng),
                "applicant_phone": content.phone(rng),
                "cancelled_by_hall": False,
                "materials_told": True,
            }
        )
        return self.add("appointments", rec)

    # -- inquiries ------------------------------------------------------------------------------------

    def clean_inquiry(
        self,
        *,
        rng: random.Random | None = None,
        scope: str | None = None,
        channel: str = "onsite",
        multi: bool = False,
        **overrides: Any,
    ) -> dict[str, Any]:
        """A NEW exemplary inquiry (added), routed per gdzw-0020-2019:5.1.3 ``scope`` a/b/c.

        a: answered on the spot by a consultant with all five elements told; b: a guide takes the
        person to the window that handles the item within minutes; c: outside the hall, explained
        with guidance. ``multi``: two staff answered at once, the first asked being the higher rank.
        """
        rng = rng or self.rng("clean.inquiry")
        scope = scope or rng.choice(("a", "a", "b", "c"))
        if channel == "phone" and scope == "b":
            raise ValueError("a phone inquiry is answered (a) or explained (c), not walked to a window (b)")
        window = (
            self.window_ids("consultation")[0]
            if scope == "a" or channel == "phone"
            else self.window_ids("guide_desk")[0]
        )
        minutes = rng.randint(4, 9)
        _, start = self._find_slot([window], minutes, rng)
        return self._with_overrides(
            self.build_inquiry(scope, channel, window, start, minutes, rng, multi=multi), overrides
        )

    def build_inquiry(
        self,
        scope: str,
        channel: str,
        window: str,
        start: datetime,
        minutes: int,
        rng: random.Random,
        *,
        multi: bool = False,
    ) -> dict[str, Any]:
        """Build and add an inquiry answered at ``window`` from ``start`` for ``minutes``."""
        start, end = self.reserve(window, start, minutes)
        first = self.serving(window, start)
        asked = [first]
        if multi:
            other = self.not_serving(window, start)
            ranks = {s["id"]: s.get("rank", 0) for s in self.tables["staff"]}
            if other is None:
                raise ValueError(f"window {window} has one staff member: no two answer at once")
            asked = sorted([first, other], key=lambda s: -ranks[s])
        rec: dict[str, Any] = {
            "id": self.new_id("Q"),
            "at": iso(start),
            "channel": channel,
            "asked_staff": asked,
            "answered_by": list(asked),
            "responsible_staff": asked[0],
        }
        if scope in ("a", "b"):
            items = [i for i in self.tables["items"]]
            item = rng.choices(items, weights=[self.item_meta[i["code"]].weight for i in items])[0]
            rec["item_code"] = item["code"]
        rec.update({"scope": scope, "answered_on_spot": True, "info_provided": True})
        if scope == "b":
            target = rng.choice(self.windows_for(self.get("items", rec["item_code"])))
            rec["referred_window"] = target
            rec["referred_at"] = iso(start + timedelta(minutes=min(3, minutes - 1)))
        if scope == "c":
            rec["guidance_given"] = True
        rec["told"] = list(TOLD_ALL) if scope in ("a", "b") else []
        rec.update(
            {
                "answered_at": iso(end - timedelta(minutes=1)),
                "ledger_recorded": True,
                "inquirer_name": content.person_name(rng),
                "inquirer_phone": content.phone(rng),
            }
        )
        return self.add("inquiries", rec)

    # -- complaints -----------------------------------------------------------------------------------

    def clean_complaint(
        self,
        *,
        tier: str | None = None,
        channel: str | None = None,
        rng: random.Random | None = None,
        refusal: str | None = None,
        referral: str | None = None,
        on_the_spot: bool = False,
        urged: bool = False,
        **overrides: Any,
    ) -> dict[str, Any]:
        """A NEW exemplary complaint (added) at the 有诉即办 desk (yousu-jiban).

        * ``tier``: ``simple``, ``general`` (default), ``multi_department`` or ``major``; accepted,
          responded to (within 1 working day), time limit told, 工作单 filled in full and sent the
          same day, answered before the earliest due date any reading of the period gives, closed;
        * ``refusal``: a not-accepted category (``other_procedure`` …): refused with the reason told;
        * ``referral``: ``assist`` (out of jurisdiction) or ``forward`` (outside government service);
        * ``on_the_spot``: a simple on-site general question solved on the spot;
        * ``urged``: answered on the day before the due date after a 催办 (yousu-jiban 督办.1).
        """
        rng = rng or self.rng("clean.complaint")
        channel = channel or (
            "onsite" if on_the_spot else rng.choice(("onsite", "phone", "mini_program", "website"))
        )
        if on_the_spot:
            channel, tier = "onsite", "simple"
        return self._with_overrides(
            self.build_complaint(
                rng,
                channel=channel,
                tier=None if (refusal or referral) else (tier or "general"),
                refusal=refusal,
                referral=referral,
                on_the_spot=on_the_spot,
                urged=urged,
            ),
            overrides,
        )

    def build_complaint(
        self,
        rng: random.Random,
        *,
        channel: str,
        tier: str | None,
        refusal: str | None = None,
        referral: str | None = None,
        on_the_spot: bool = False,
        urged: bool = False,
        day: date | None = None,
        about_staff: str | None = None,
        confidential: bool = False,
    ) -> dict[str, Any]:
        """Build and add a complaint (see :meth:`clean_complaint`), received on ``day`` (default: any)."""
        from govhall.models import Complaint
        from govhall.screening import handling_deadline, refusal_grounds

        desk = self.window_ids("complaint")[0]
        in_person = channel in ("onsite", "phone", "hotline_12345")
        days = [day] if day else self.month_days()[:-6]
        minutes = rng.randint(15, 25)
        latest_start = 240 if tier in ("simple",) or on_the_spot else 330
        received = None
        for _ in range(60):
            d = rng.choice(days)
            if in_person:
                cand = self.free_slot(desk, d, minutes, rng)
                if cand is not None and office_minute(cand) <= latest_start:
                    received = cand
                    break
            else:
                received = self.office_time(rng, d, latest=latest_start)
                break
        if received is None:
            raise CapacityError("no free time at the 有诉即办 desk")
        if in_person:
            self.reserve(desk, received, minutes)
            handler = self.serving(desk, received)
            responded = self.advance(received, 2)
        else:
            responded = self.advance(received, rng.randint(20, 60))
            handler = self.serving(desk, responded)
        handler_name = self.get("staff", handler).get("name", handler)
        cos: list[str] = []
        facts: dict[str, Any] = {"on_site": channel == "onsite"}
        category_label, text, lead = rng.choice(content.ACCEPTED_CONTENT)
        if about_staff:
            category_label, text, lead = "投诉", "窗口工作人员解释不够清楚，希望改进服务态度。", "ZWFW"
        if tier == "multi_department" or tier == "major":
            text, lead, others = rng.choice(
                content.MULTI_CONTENT if tier == "multi_department" else content.MAJOR_CONTENT
            )
            cos, category_label = list(others), "疑难事项"
        facts.update(
            {
                "simple": tier == "simple",
                "general_question": bool(on_the_spot),
                "departments": [lead, *cos],
                "cross_level": False,
                "major": tier == "major",
                "staff_conduct": bool(about_staff),
            }
        )
        complainant_name = content.person_name(rng)
        rec: dict[str, Any] = {
            "id": self.new_id("C"),
            "channel": channel,
            "received_at": iso(received),
            "content": text,
            "complainant": {
                "name": complainant_name,
                "contact_person": complainant_name,
                "phone": content.phone(rng),
                "address": content.address(rng),
            },
            "facts": facts,
        }
        if refusal:
            set_facts, text = content.REFUSED_CONTENT[refusal]
            rec["content"] = text
            rec["facts"] = {"on_site": channel == "onsite", **set_facts}
        elif referral:
            rec["content"] = rng.choice(
                content.REFERRAL_CONTENT if referral == "assist" else content.OUTSIDE_CONTENT
            )
            where = (
                "丰源市政务服务中心"
                if referral == "assist"
                else rng.choice(("所在街道办事处", "县消费者委员会"))
            )
            key = "out_of_jurisdiction" if referral == "assist" else "outside_government_service"
            rec["facts"] = {"on_site": channel == "onsite", key: True, "jurisdiction": where}
        rec["events"] = []
        ev = self.event
        owner = "complaint_id"
        if in_person:
            ev(rec, owner, "identity_stated", self.advance(received, 1), staff_id=handler, window_id=desk)
        ev(
            rec,
            owner,
            "responded",
            responded,
            staff_id=handler,
            window_id=desk,
            note="主动回应投诉人" if not in_person else None,
        )
        rec.update(
            {"handler_staff": handler, "confidential": confidential, "recorded_fields": list(RECORD_FIELDS)}
        )
        if about_staff:
            rec["about_staff"] = about_staff
        if refusal:
            model = Complaint.model_validate(
                {"id": "x", "channel": channel, "received_at": rec["received_at"], "facts": rec["facts"]}
            )
            category, reason = refusal_grounds(model.facts)[0]
            rec.update({"accepted": False, "category": category.value, "refusal_reason": reason})
            ev(
                rec,
                owner,
                "not_accepted",
                self.advance(responded, 2),
                staff_id=handler,
                window_id=desk,
                written=True,
                told_applicant=True,
                reason=reason,
            )
            ev(
                rec,
                owner,
                "answered",
                self.advance(responded, 3),
                staff_id=handler,
                window_id=desk,
                outcome="not_accepted",
                told_applicant=True,
                note="告知不予受理的理由",
            )
            ev(rec, owner, "closed", self.advance(responded, 5), staff_id=handler)
            return self.add("complaints", rec)
        if referral:
            where = rec["facts"]["jurisdiction"]
            rec.update({"accepted": True, "referral": where})
            notice = (
                f"您的诉求不属于本级政务服务中心管辖，我们将积极联系{where}协助受理，并告知您办理进展。"
                if referral == "assist"
                else f"您的诉求不属于政务服务范围，已由“有诉即办”窗口转交{where}依法依规处理。"
            )
            ev(
                rec,
                owner,
                "referred",
                self.advance(responded, 3),
                staff_id=handler,
                department=where,
                told_applicant=True,
                reason=notice,
            )
            ev(
                rec,
                owner,
                "answered",
                self.advance(responded, 5),
                staff_id=handler,
                window_id=desk,
                outcome="referred",
                told_applicant=True,
                note=notice,
            )
            ev(rec, owner, "closed", self.advance(responded, 8), staff_id=handler)
            rec["worksheet"] = self._worksheet(rec, category_label, where, responded.date(), handler_name)
            return self.add("complaints", rec)

        assert tier is not None
        rec.update({"accepted": True, "tier": tier, "lead_department": lead, "co_departments": cos})
        told_at = self.advance(responded, 1)
        sent_at = None if on_the_spot else self.advance(responded, 3)
        probe_events = (
            [{"complaint_id": "x", "kind": "worksheet_sent", "at": iso(sent_at)}] if sent_at else []
        )
        model = Complaint.model_validate(
            {
                "id": "x",
                "channel": channel,
                "received_at": rec["received_at"],
                "facts": rec["facts"],
                "events": probe_events,
            }
        )
        dues = [
            handling_deadline(model, calendar=self.calendar, day_unit=u, clock_start=c).due
            for u in ("calendar_days", "working_days")
            for c in ("worksheet", "received")
        ]
        due = min(dues)
        ev(rec, owner, "time_limit_told", told_at, staff_id=handler, told_applicant=True, deadline=due)
        rec["worksheet"] = self._worksheet(
            rec, category_label, self._departments_text(lead, cos), due, handler_name
        )
        answered: datetime | None  # None until an office time is found for the answer
        if on_the_spot:
            answered = self.advance(received, minutes - 4)
            ev(
                rec,
                owner,
                "answered",
                answered,
                staff_id=handler,
                window_id=desk,
                outcome="resolved",
                told_applicant=True,
                note="一般性问题，当场协调解决",
            )
            ev(rec, owner, "closed", self.advance(answered, 2), staff_id=handler)
            return self.add("complaints", rec)
        assert sent_at is not None
        ev(rec, owner, "worksheet_sent", sent_at, staff_id=handler, department=lead, deadline=due)
        answerer = self.decider({"department": lead})
        yellow = self.sub_wd(due, 1)
        if tier == "simple":
            answered = self.advance(sent_at, rng.randint(30, 90))
            if answered.date() != sent_at.date() or not self.is_office_time(answered):
                answered = self.advance(sent_at, 5)
        else:
            quiet = [d for d in self.working_days(sent_at.date(), yellow - timedelta(days=1))]
            answered = None
            if quiet and not urged:
                for d in [rng.choice(quiet), *quiet]:
                    answered = self.office_time(rng, d, sent_at, gap=30, latest=380)
                    if answered is not None:
                        break
            if answered is None:
                urge_day = max(yellow, sent_at.date())
                urge_at = self.office_time(rng, urge_day, sent_at, latest=200) or self.advance(sent_at, 5)
                ev(
                    rec,
                    owner,
                    "urged",
                    urge_at,
                    staff_id=handler,
                    department=lead,
                    deadline=due,
                    note="事项即将到期，予以催办",
                )
                answered = self.advance(urge_at, rng.randint(30, 120))
        ev(
            rec,
            owner,
            "answered",
            answered,
            staff_id=answerer,
            department=lead,
            outcome="resolved",
            told_applicant=True,
            note="办结并答复诉求人",
        )
        ev(rec, owner, "closed", self.advance(answered, 5), staff_id=handler, note="跟踪到底，销号清零")
        return self.add("complaints", rec)

    def _departments_text(self, lead: str, cos: list[str]) -> str:
        text = f"牵头部门：{self.department_name(lead)}"
        if cos:
            text += "；责任部门：" + "、".join(self.department_name(c) for c in cos)
        return text

    def _worksheet(
        self, rec: dict[str, Any], category: str, departments: str, deadline: date, contact: str
    ) -> dict[str, Any]:
        who = rec["complainant"]
        return {
            "name_or_org": who["name"],
            "contact_person": who["contact_person"],
            "phone": who["phone"],
            "reported_at": rec["received_at"],
            "category": category,
            "address": who["address"],
            "content": rec["content"],
            "departments": departments,
            "deadline": iso(deadline),
            "worksheet_contact": contact,
            "worksheet_phone": "0751-12345",
            "remarks": "按时限办结并跟踪到底",
        }

    # -- transcripts ----------------------------------------------------------------------------------

    def clean_transcript(
        self, *, rng: random.Random | None = None, application: dict[str, Any] | None = None, **overrides: Any
    ) -> dict[str, Any]:
        """A NEW polite transcript (added) of the receipt of an onsite application (default: one
        without a transcript yet), using only the standards' service phrases."""
        rng = rng or self.rng("clean.transcript")
        if application is None:
            pool = [
                a
                for a in self.tables["applications"]
                if a["id"] in self._service
                and a["id"] not in self._transcribed
                and self._service[a["id"]].window_id is not None
            ]
            application = rng.choice(pool)
        return self._with_overrides(self.transcript_for_application(application), overrides)

    def transcript_for_application(self, app: dict[str, Any]) -> dict[str, Any]:
        """Build and add the transcript of ``app``'s receipt."""
        item = self.get("items", app["item_code"])
        svc = self._service.get(app["id"])
        start = svc.start if svc else parse_dt(app["received_at"])
        on_spot = parse_limit(item["promised_limit"]).unit == "on_the_spot"
        text = content.application_transcript(
            item["name"],
            item["promised_limit"],
            on_spot,
            [m["name"] for m in item["materials"] if m.get("main")],
        )
        self._transcribed.add(app["id"])
        rec = {
            "id": self.new_id("T"),
            "at": iso(start + timedelta(minutes=1)),
            "staff_id": app["staff_id"],
            "window_id": app.get("window_id"),
            "text": text,
            "application_id": app["id"],
        }
        return self.add("transcripts", {k: v for k, v in rec.items() if v is not None})

    def transcript_for_inquiry(self, q: dict[str, Any]) -> dict[str, Any]:
        """Build and add the transcript of inquiry ``q``."""
        start = parse_dt(q["at"])
        staff = self.get("staff", q["responsible_staff"])
        window = staff["windows"][0] if staff.get("windows") else None
        if q["scope"] == "c":
            text = content.inquiry_transcript(
                "c", "丰源市住房公积金管理中心", None, "住房公积金提取的办理地点"
            )
        else:
            item = self.get("items", q["item_code"])
            target = self.get("windows", q["referred_window"])["name"] if q.get("referred_window") else None
            detail = (
                f"办理需要{'、'.join(m['name'] for m in item['materials'])}；条件是"
                f"{item['acceptance_conditions'][0]}；流程为{'、'.join(item['procedure'])}；"
                f"承诺时限{item['promised_limit']}；收费标准：{item['fee']}。"
            )
            text = content.inquiry_transcript(q["scope"], item["name"], target, detail)
        rec = {
            "id": self.new_id("T"),
            "at": iso(start + timedelta(minutes=1)),
            "staff_id": staff["id"],
            "window_id": window,
            "text": text,
            "inquiry_id": q["id"],
        }
        return self.add("transcripts", {k: v for k, v in rec.items() if v is not None})

    def transcript_for_complaint(self, c: dict[str, Any]) -> dict[str, Any]:
        """Build and add the transcript of the reception of complaint ``c`` (onsite or phone)."""
        staff = self.get("staff", c["handler_staff"])
        told = [e for e in c["events"] if e["kind"] == "time_limit_told"]
        deadline = told[0]["deadline"] if told else c["received_at"][:10]
        d = date.fromisoformat(deadline)
        text = content.complaint_transcript(staff.get("name", staff["id"]), f"{d.month}月{d.day}日")
        rec = {
            "id": self.new_id("T"),
            "at": iso(parse_dt(c["received_at"]) + timedelta(minutes=1)),
            "staff_id": staff["id"],
            "window_id": self.window_ids("complaint")[0],
            "text": text,
            "complaint_id": c["id"],
        }
        return self.add("transcripts", rec)
