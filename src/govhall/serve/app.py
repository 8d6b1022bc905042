"""The FastAPI application behind ``govhall serve`` (DESIGN, "HTTP service").

:func:`create_app` builds it from :class:`~govhall.serve.settings.Settings`; tests drive it with
FastAPI's ``TestClient``, ``govhall serve`` runs it on uvicorn. Every ``/v1`` endpoint answers with
the documents of the ``--json`` command line (:mod:`govhall.contract`), the Python API's models
(:class:`~govhall.screening.Screening`, :class:`~govhall.rules.Report`,
:class:`~govhall.rules.Finding`) or the reports of :func:`govhall.render`.
"""

import asyncio
import contextlib
import gc
import logging
import re
import sys
import threading
import time
import types
import typing
import uuid
from collections.abc import AsyncIterator, Callable, Mapping
from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import Body, Depends, FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import govhall
from govhall.errors import (
    AuthenticationError,
    BadRequestError,
    CalendarRangeError,
    DatasetError,
    DateError,
    DuplicateKeyError,
    GovhallError,
    InputError,
    MethodNotAllowedError,
    PayloadTooLargeError,
    RouteNotFoundError,
    ScopeError,
    UnknownNameError,
    UnknownQueryParameterError,
    UnsupportedCharsetError,
    UnsupportedMediaTypeError,
    echoed_id,
    not_iso_text,
    time_text_fault,
    validation_message,
)
from govhall.models import Complaint
from govhall.models._base import ISO_START, IsoDate, limit_is_text
from govhall.rules.core import Finding, Subject
from govhall.rules.report import Report
from govhall.schema import DATETIME_PATTERN
from govhall.screening import Screening
from govhall.serve.problems import (
    PROBLEM_MEDIA_TYPE,
    internal_problem,
    problem_body,
    problem_types,
)
from govhall.serve.settings import Settings, is_loopback, settings_problem
from govhall.serve.tokens import Principal, TokenTable, load_tokens

__all__ = ["create_app"]

ACCESS_LOG = logging.getLogger("govhall.serve.access")
LOG = logging.getLogger("govhall.serve")

_STATE_KEY = "govhall_principal"

# -- response and request models (the OpenAPI schemas) ---------------------------------------------------


class Problem(BaseModel):
    """An RFC 9457 problem (``application/problem+json``); extension members may follow."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(description="/problems/<code>, stable per govhall.errors class")
    title: str
    status: int
    detail: str
    instance: str | None = None


class Health(BaseModel):
    status: Literal["ok"]
    version: str
    read_only: bool = Field(description="true when the service runs without a tokens file")


class WorkdayOut(BaseModel):
    date: date
    working_day: bool
    reason: str = Field(description="weekday, weekend, holiday, makeup_workday or override")
    holiday_name: str | None
    provisional: bool
    notice: str | None
    clause: str | None
    override_reason: str | None
    calendar: str


_Date = date


class AddOut(BaseModel):
    date: _Date
    n: int
    result: _Date
    provisional: bool


class CountOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    from_: date = Field(alias="from")
    to: date
    working_days: int
    provisional: bool


class LimitOut(BaseModel):
    amount: int
    unit: str = Field(description="working_day, calendar_day, month, hour or on_the_spot")
    text: str | None


class DeadlineOut(BaseModel):
    start: date
    limit: LimitOut
    due: date
    due_at: datetime | None
    paused_working_days: int
    paused_days: int
    extensions: list[LimitOut]
    rolled_from: date | None
    provisional: bool
    basis: list[str]
    readings: dict[str, str]
    calendar: str


def _iso_text_only(value: Any) -> Any:
    """A date or date-time given as a number (or a text of digits) is refused, not read as a Unix time
    (``"start": 20250101`` was the day 1970-08-23); a text is refused unless it is whole in the form the
    OpenAPI document declares (:data:`_DATETIME_TEXT`): pydantic also read ``2025-09-30_10:00``, which
    the document, ``due_date`` and the command line refuse. The union of date and datetime does the rest."""
    fault = time_text_fault(value) if isinstance(value, str) and re.match(ISO_START, value) else None
    if fault is not None:  # +14:30 was taken as a zone that far off; T24:00 and nanoseconds said less
        raise _date_fault(f"{_shown(value)} {fault}")
    _no_such_day(value)
    if isinstance(value, str) and _DATETIME_TEXT.fullmatch(value):
        # read here, as the command line reads START: the union took a midnight moment with an offset
        # (2025-09-01T00:00:00-10:00, 18:00 in Shanghai) as the bare day 2025-09-01, time and offset lost
        from govhall.calendars.core import parse_iso

        try:
            return parse_iso(value)
        except ValueError:
            return value
    if isinstance(value, date):
        return value
    if isinstance(value, str) and re.match(ISO_START, value):
        raise _date_fault(f"{_shown(value)} is not ISO 8601 text such as 2025-11-05 or 2025-11-05T09:30:00 "
                          "(a T or a space between day and time, no spaces around it)")  # fmt: skip
    raise _date_fault(not_iso_text(value, "a date or time", "2025-11-05 or 2025-11-05T09:30:00"))


#: pydantic's error types for a date, time or moment it could not read, and govhall's ``iso_text`` guard
_DATE_ERROR_TYPES = frozenset({
    "iso_text", "date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact",
    "datetime_type", "datetime_parsing", "datetime_from_date_parsing", "datetime_object_invalid",
    "time_type", "time_parsing",
})  # fmt: skip


def _date_fault(message: str) -> PydanticCustomError:
    """A request's date or time refused by the service's own validators: still a ``value_error`` in the
    problem's ``errors``, marked so the problem is ``bad-date`` like any other unreadable date."""
    return PydanticCustomError("value_error", "{message}", {"message": message, "date": True})


def _is_date_error(error: Any) -> bool:
    """Whether a pydantic error entry is about a date, time or moment that could not be read."""
    ctx = error.get("ctx") or {}
    return (
        error.get("type") in _DATE_ERROR_TYPES
        or ctx.get("date") is True
        or isinstance(ctx.get("error"), DateError)
    )


def _problem_for(where: str, message: str, first: Any) -> InputError:
    """The problem for a request's first field error: ``bad-date`` for a date or time not read (as
    ``/v1/complaints/screen`` answered a padded time, and the library's :class:`DateError`), else
    ``bad-input``. The same fault was ``bad-date`` from one route and ``bad-input`` from another."""
    if first is not None and _is_date_error(first):
        return DateError(f"{where}: {message}", field=where)
    return InputError(f"{where}: {message}")


#: what each route's body must be, said when the body is something else (a number, a text, null)
_BODY_EXPECTED = {
    "/v1/live/events": "an event or a record (a JSON object), or a list of them",
    "/v1/audit": "a dataset document (a JSON object whose keys are table names)",
    "/v1/catalogue/check": 'a catalogue ({"items": [...]}) or a list of items',
    "/v1/complaints/screen": "a complaint (a JSON object)",
    "/v1/deadlines": "a JSON object {start, limit, …}",
}
_SHAPE_ERRORS = frozenset({"dict_type", "list_type", "model_type", "model_attributes_type"})
#: a body field's name (lower case, as every request model's fields are): pydantic's union branches are
#: named by their class or type (``CatalogueIn``, ``list[any]``, ``dict[str,any]``)
_FIELD_NAME = re.compile(r"[a-z_][a-z0-9_]*")


def _body_shape_problem(route: str, raw: list[Any]) -> InputError | None:
    """The problem for a body that is not the JSON value its route takes at all (``5`` to
    /v1/live/events): pydantic said "body.dict[str,any]: Input should be a valid dictionary (+1 more)"
    or "body.CatalogueIn: …", naming Python types. None when some error is inside the body."""
    from govhall._yamlio import json_type

    if not raw or route not in _BODY_EXPECTED:
        return None
    for e in raw:
        loc = tuple(e.get("loc", ()))
        if not loc or loc[0] != "body" or len(loc) > 2 or e.get("type") not in _SHAPE_ERRORS:
            return None
        # ("body", "CatalogueIn") is a union branch refusing the whole body; ("body", "pauses") is a field
        # of a body that is an object: {"pauses": 5} was answered "expected a JSON object, got a number"
        if len(loc) == 2 and _FIELD_NAME.fullmatch(str(loc[1])):
            return None
    got = json_type(raw[0].get("input"))
    return InputError(
        f"body: expected {_BODY_EXPECTED[route]}, got {got}; nothing was read", expected=_BODY_EXPECTED[route]
    )


def _empty_body_problem(request: Request, raw: list[Any], body: Any) -> InputError | None:
    """The problem for a body that holds nothing (empty, blank, a BOM alone): it was answered "body: Field
    required" (pydantic's words for the parameter) or "body: not valid JSON at character 4: Expecting
    value". None for any other body."""
    if not raw:
        return None
    first = raw[0]
    missing = first.get("type") == "missing" and tuple(first.get("loc", ())) == ("body",)
    if not missing and first.get("type") != "json_invalid":
        return None
    if not missing:  # FastAPI gives the text it could not read as the error's body
        if isinstance(body, (bytes, bytearray)):
            body = bytes(body[:64]).decode("utf-8", "replace")
        if not isinstance(body, str) or len(body) > 64 or body.lstrip("\ufeff").strip():
            return None
    expected = _BODY_EXPECTED.get(_route(request.scope), "a JSON body")
    return InputError(f"body: empty: expected {expected}; nothing was read", expected=expected)


def _whole_number_text(value: Any) -> Any:
    """A count given in a query as digits alone (a sign allowed): ``days=1.0`` was read as 1 and
    ``days=1_0`` as 10, where ``govhall calendar add`` refuses both as no whole number."""
    if isinstance(value, str):  # ASCII or full-width digits (as the CLI and a limit text read them)
        from govhall.errors import whole_number_text

        return whole_number_text(value)  # "'٥' is not a whole number: … a digit of another script"
    return value


#: a date or date-time as the service reads it in a request (and its OpenAPI document declares it): the
#: published schema's pattern (``govhall schema``), offset optional (naive = Asia/Shanghai, DESIGN "Time")
_DATETIME_TEXT = re.compile(DATETIME_PATTERN.strip("^$"), flags=re.ASCII)
#: a day as a request gives it (``format: date``): nothing before or after it, no time of day
_DATE_TEXT = re.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _shown(value: str) -> str:
    return repr(echoed_id(value))


def _no_such_day(value: Any) -> None:
    """A day in the ISO form that the calendar lacks (``2025-02-30``, ``2025-13-01``) is refused in the
    command line's words, at the field itself: the union of date and datetime answered with pydantic's
    "day value is outside expected range (+1 more)" at ``body.start.date``, its branch's name."""
    from govhall.errors import no_such_day

    why = no_such_day(value) if isinstance(value, str) else ""
    if why:
        raise _date_fault(f"{_shown(value)} is not an ISO date: no such day ({why})")


def _full_date(value: Any) -> Any:
    """A request's day (a query's ``start``, a pause's ``from``) is ``YYYY-MM-DD`` as its ``format: date``
    says, as ``govhall calendar`` and ``--pause`` take it: pydantic also read a midnight moment
    (``2025-09-30T00:00``) as the day, and refused a day with a space before it in other words."""
    if isinstance(value, str) and re.match(ISO_START, value) and not _DATE_TEXT.fullmatch(value):
        raise _date_fault(f"{_shown(value)} is not an ISO date (YYYY-MM-DD, nothing around it)")
    _no_such_day(value)
    return value


#: a day in a request: ``YYYY-MM-DD`` (see :func:`_full_date`), never a number
Day = Annotated[IsoDate, BeforeValidator(_full_date)]


class PauseIn(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="forbid")

    from_: Day = Field(alias="from", description="first day the clock stands still")
    to: Day = Field(description="last day the clock stands still (inclusive)")

    @model_validator(mode="after")
    def _in_order(self) -> "PauseIn":
        # due_date's own words, at the pause's place: the problem said "pause …:… ends before it
        # starts" naming no field, where every other fault of a body names it (body.pauses.1)
        if self.to < self.from_:
            raise ValueError(f"pause {self.from_.isoformat()}:{self.to.isoformat()} ends before it starts")
        return self


#: a field as the Python API names it (``extensions[0]``, its parameters) and as the request body holds it
_API_FIELD = re.compile(r"(start|limit|extensions|pauses)(?:\[([0-9]+)\])?")


def _limit_is_text(value: Any) -> Any:
    return limit_is_text(value, echo=False)  # the input not echoed (a number may be a phone number)


def _in_body_words(exc: GovhallError) -> GovhallError:
    """``exc`` (raised by the Python API for a /v1/deadlines body) naming its field as every other
    problem of the body does, ``body.extensions.0``: a range error said ``extensions[0]`` (the API's
    parameter), a validation error ``body.extensions.0``, two names for one field in one service."""
    field = exc.detail.get("field")
    if not isinstance(field, str):
        return exc
    m = _API_FIELD.fullmatch(field)
    if m is None or not str(exc).startswith(f"{field}: "):
        return exc
    body_field = "body." + ".".join(p for p in m.groups() if p is not None)
    renamed = type(exc)(body_field + str(exc)[len(field) :], **{**exc.detail, "field": body_field})
    return renamed


class DeadlineIn(BaseModel):
    """What ``govhall deadline START LIMIT [--pause FROM:TO]… [--extend LIMIT]… [--interpret …]`` takes."""

    model_config = ConfigDict(extra="forbid")

    start: Annotated[date | datetime, BeforeValidator(_iso_text_only)] = Field(
        description="YYYY-MM-DD or an ISO date-time (naive = Asia/Shanghai)"
    )
    # a bare number (limit: 5) is told what a limit is ("a time limit is text such as …"), as an item's is
    limit: Annotated[str, BeforeValidator(_limit_is_text)] = Field(
        description="20个工作日, 3天, 1个月, 24小时, 当场 …", max_length=200
    )
    pauses: list[PauseIn] = Field(default_factory=list, max_length=1000)
    extensions: list[Annotated[str, BeforeValidator(_limit_is_text)]] = Field(
        default_factory=list, max_length=100
    )
    interpretations: dict[str, str] = Field(
        default_factory=dict,
        description="timelimits.pause-mode, timelimits.hour-holidays, timelimits.extension-from",
    )


class StandardRow(BaseModel):
    id: str
    title: str
    issuer: str
    year: int | None
    clauses: int
    rules: int


class StandardsOut(BaseModel):
    standards: list[StandardRow]


class CatalogueIn(BaseModel):
    """An item catalogue (办事指南): the ``items`` and optionally the day to judge them on."""

    # any element: one that is no object is a rejected record of the report, not a 422 for the catalogue
    items: list[Any]
    as_of: Day | None = None
    name: str | None = None


class PostedOut(BaseModel):
    seq: int
    type: str
    accepted: bool
    subject: Subject | None = None
    reason: str | None = None
    detail: str | None = Field(None, description="what was wrong with it: the field and the problem")


class EventsOut(BaseModel):
    posted: list[PostedOut]
    accepted: int
    not_accepted: int


class Card(Finding):
    card: str = Field(description="黄牌 (yellow: due soon) or 红牌 (red: overdue)")


def _with_offset(moment: datetime | None) -> datetime | None:
    """A naive Asia/Shanghai moment (the supervisor's clock) with its offset: the OpenAPI document
    declares it ``format: date-time``, RFC 3339's form, which has one (``…T00:10:00+08:00``), so a
    generated client reads it as the instant it is and not as its own local time."""
    if moment is None or moment.tzinfo is not None:
        return moment
    from govhall.models import SHANGHAI

    return moment.replace(tzinfo=SHANGHAI)


class CardsOut(BaseModel):
    last_tick: Annotated[datetime | None, AfterValidator(_with_offset)] = Field(
        description="the supervisor's last tick, Asia/Shanghai time with its offset (None before the first)"
    )
    cards: list[Card]


class FindingsOut(BaseModel):
    last_tick: Annotated[datetime | None, AfterValidator(_with_offset)] = Field(
        description="the supervisor's last tick, Asia/Shanghai time with its offset (None before the first)"
    )
    findings: list[Finding]


ReportFormat = Literal["json", "sarif", "junit", "md", "html", "text"]
_MEDIA: dict[str, str] = {
    "json": "application/json",
    "sarif": "application/sarif+json",
    "junit": "application/xml",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "text": "text/plain; charset=utf-8",
}
#: the media types an ``Accept`` header may name for each report format (RFC 9110 12.5.1), in the order
#: a tie is broken: the Report itself first, then the machine formats, then the ones for people
_ACCEPTED_AS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("json", ("application/json",)),
    ("sarif", ("application/sarif+json",)),
    ("junit", ("application/xml", "text/xml")),
    ("text", ("text/plain",)),
    ("md", ("text/markdown",)),
    ("html", ("text/html",)),
)


def _media_ranges(accept: str) -> list[tuple[str, str, float]]:
    """The ``(type, subtype, q)`` of each media range of an ``Accept`` header; a range whose ``q`` is not
    a weight (RFC 9110 12.4.2: 0 to 1, at most three decimals) or that is not ``type/subtype`` is left
    out, as a range nobody can satisfy."""
    out = []
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        kind, slash, sub = media.lower().partition("/")
        if not slash or not kind or not sub:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                if not re.fullmatch(r"0(\.\d{0,3})?|1(\.0{0,3})?", value.strip()):
                    q = -1.0
                    break
                q = float(value)
        if q >= 0:
            out.append((kind.strip(), sub.strip(), q))
    return out


def negotiated_format(accept: str | None) -> str | None:
    """The report format an ``Accept`` header asks for (``?format=`` absent), or ``None`` when it names
    none of them (then the Report in JSON is sent, as RFC 9110 12.5.1 lets a server disregard the header).

    Each format's weight is the ``q`` of the most specific range matching one of its media types (exact,
    then ``type/*``, then ``*/*``; an alias such as ``text/xml`` counts only when named exactly); the heaviest wins, a tie goes to the earlier of :data:`_ACCEPTED_AS`
    (so ``*/*`` and ``application/json, text/plain, */*`` still get the Report)."""
    if not accept or not accept.strip():
        return None
    ranges = _media_ranges(accept)
    best: tuple[float, str] | None = None
    for fmt, medias in _ACCEPTED_AS:
        weight = 0.0
        for n, media in enumerate(medias):
            kind, _, sub = media.partition("/")
            # a wildcard reaches a format by its own media type, not an alias (text/* is not JUnit's text/xml)
            named = ((kind, sub), (kind, "*"), ("*", "*")) if n == 0 else ((kind, sub),)
            matches = [
                (3 if (k, s) == (kind, sub) else 2 if (k, s) == (kind, "*") else 1, q)
                for k, s, q in ranges
                if (k, s) in named
            ]
            if matches:
                most = max(m[0] for m in matches)
                weight = max(weight, max(q for spec, q in matches if spec == most))
        if weight > 0 and (best is None or weight > best[0]):
            best = (weight, fmt)
    return best[1] if best is not None else None


class _EncodedPieces:
    """A report's text as ``write_report`` writes it, kept as UTF-8 in chunks of about
    :data:`_CHUNK` characters: the whole text is never one string, nor one string and its bytes."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self._held: list[str] = []
        self._size = 0

    def write(self, piece: str) -> None:
        self._held.append(piece)
        self._size += len(piece)
        if self._size >= _CHUNK:
            self._flush()

    def _flush(self) -> None:
        if self._held:
            self.chunks.append("".join(self._held).encode("utf-8"))
        self._held.clear()
        self._size = 0

    def done(self) -> list[bytes]:
        self._flush()
        return self.chunks


#: characters of a report sent in one body message
_CHUNK = 1 << 16


class _PiecesResponse(Response):
    """A rendered report sent chunk by chunk: the headers of ``Response(b"".join(chunks))`` (Content-Length
    too), the body in its chunks, never joined. Everything that can fail (the audit, the rendering,
    the encoding) has happened before it is made, so an error is still a problem+json answer."""

    def __init__(self, chunks: list[bytes], media_type: str) -> None:
        super().__init__(b"", media_type=media_type)
        self.headers["content-length"] = str(sum(map(len, chunks)))
        self.chunks = chunks

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers})
        chunks = self.chunks
        for k, chunk in enumerate(chunks):
            await send({"type": "http.response.body", "body": chunk, "more_body": k + 1 < len(chunks)})
        if not chunks:
            await send({"type": "http.response.body", "body": b"", "more_body": False})


_PROBLEM = {"model": Problem, "content": {PROBLEM_MEDIA_TYPE: {}}}
_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"description": why, **_PROBLEM}
    for status, why in (
        (400, "the request cannot be parsed (a body that is not JSON in UTF-8 or its declared charset)"),
        (401, "no token, an unknown token, or a write to a read-only service"),
        (403, "the token lacks the scope"),
        (404, "unknown standard, clause or name"),
        (413, "request body over the limit"),
        (415, "a request body declared in a charset or sent as a media type the service does not read"),
        (422, "input not acceptable (the problem names the field, or the query parameter it does not take)"),
        (500, "internal error (no trace)"),
    )
}
_REPORT_RESPONSES: dict[int | str, dict[str, Any]] = {
    **_ERRORS,
    200: {
        "description": "the Report (json) or its rendering in the asked format",
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Report"}},
            "application/sarif+json": {"schema": {"type": "object"}},
            "application/xml": {"schema": {"type": "string"}},
            "text/markdown": {"schema": {"type": "string"}},
            "text/html": {"schema": {"type": "string"}},
            "text/plain": {"schema": {"type": "string"}},
        },
    },
}


# -- helpers ----------------------------------------------------------------------------------------------


def _interpret_query(values: list[str]) -> list[str]:
    """The ``interpret`` query's values, each ``NAME=VALUE``: one without ``=`` is named as the query's,
    where the shared parser's message named the command line's ``--interpret``."""
    for text in values:
        if "=" not in text:
            raise InputError(f"query.interpret: takes NAME=VALUE, not {text!r}", field="query.interpret")
    return list(values)


def _problem_response(body: dict[str, Any], headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(body, status_code=int(body["status"]), media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def _max_digits() -> int:
    get = getattr(sys, "get_int_max_str_digits", None)
    return int(get()) if get is not None else 4300


def _json_invalid(error: Any) -> InputError:
    """A body that is not JSON, said as such (422 bad-input, as before): FastAPI reports it as the
    field ``body.21`` with the message ``JSON decode error`` (21 being a character offset)."""
    loc = list(error.get("loc", ()))
    at = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else None
    why = (
        str((error.get("ctx") or {}).get("error") or "").strip().removesuffix(" at")
    )  # json's "… at: line 1"
    where = f" at character {at + 1}" if at is not None else ""
    return InputError(f"body: not valid JSON{where}" + (f": {why}" if why else ""), at=at)


_UNION_BRANCHES = frozenset({"date", "datetime"})


def _union_merged(errors: list[Any]) -> list[Any]:
    """``errors`` with a ``date | datetime`` field's two branch errors made one at the field itself:
    pydantic names each branch (``body.start.date``, ``body.start.datetime``), a place no body has."""
    branches: dict[tuple[Any, ...], set[Any]] = {}
    for e in errors:
        loc = tuple(e.get("loc", ()))
        if len(loc) > 1 and loc[-1] in _UNION_BRANCHES:
            branches.setdefault(loc[:-1], set()).add(loc[-1])
    if not any(len(b) == len(_UNION_BRANCHES) for b in branches.values()):
        return errors
    out, seen = [], set()
    for e in errors:
        loc = tuple(e.get("loc", ()))
        if len(loc) > 1 and frozenset(branches.get(loc[:-1], ())) == _UNION_BRANCHES:
            if loc[:-1] in seen:
                continue
            seen.add(loc[:-1])
            e = {**e, "loc": loc[:-1]}
        out.append(e)
    return out


#: a body that is one of two JSON values (/v1/catalogue/check: ``{items: [...]}`` or a list of items):
#: pydantic's name of the object branch, and of the other branch
_BODY_UNION = ("CatalogueIn", "list[any]")


def _body_branch_merged(errors: list[Any]) -> list[Any]:
    """``errors`` of a body given as the object branch of :data:`_BODY_UNION` (an error inside it), at
    the body's own fields: pydantic named the branch (``body.CatalogueIn.as_of``, a place no body has)
    and counted the other branch's "Input should be a valid list" as one more error (``(+1 more)``)."""
    model, other = _BODY_UNION
    if not any(tuple(e.get("loc", ()))[:2] == ("body", model) and len(e.get("loc", ())) > 2 for e in errors):
        return errors
    out = []
    for e in errors:
        loc = tuple(e.get("loc", ()))
        if loc == ("body", other):
            continue
        if loc[:2] == ("body", model):
            e = {**e, "loc": ("body", *loc[2:])}
        out.append(e)
    return out


#: what a field of each of pydantic's shape errors takes, in JSON's words
_SHAPE_WORDS = {
    "list_type": "an array", "tuple_type": "an array", "set_type": "an array", "frozen_set_type": "an array",
    "dict_type": "an object", "model_type": "an object", "model_attributes_type": "an object",
    "string_type": "a string",
}  # fmt: skip


def _field_message(error: Mapping[str, Any]) -> str:
    """One field error in the words of the JSON the client wrote: ``expected an array, got a string`` for
    pydantic's "Input should be a valid list", "… a valid dictionary or object to extract fields from",
    "… a valid string" (its Python words); the input itself is not echoed, its JSON kind is."""
    from govhall._yamlio import json_type

    want = _SHAPE_WORDS.get(str(error.get("type", "")))
    if want is not None and "input" in error:
        return f"expected {want}, got {json_type(error['input'])}"
    return validation_message(error)


def _validation_errors(errors: list[Any]) -> list[dict[str, Any]]:
    """Field errors without the offending input (it may be personal data); a key from the body is cut
    as an id is (a 100,000-character unknown key came back twice over)."""
    return [
        {
            "loc": [echoed_id(str(p)) or "" for p in e.get("loc", ())],
            "msg": _field_message(e),
            "type": str(e.get("type", "")),
        }
        for e in errors[:50]
    ]


def _scrub_json(obj: Any) -> Any:
    """Mobile and resident ID numbers masked in every string (a screening holds no personal-data keys:
    its ``name`` members are interpretation names, which key-based masking would wreck)."""
    from govhall.reports._common import scrub_text

    if isinstance(obj, dict):
        return {k: _scrub_json(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_scrub_json(v) for v in obj]
    return scrub_text(obj) if isinstance(obj, str) else obj


def _mask_findings(findings: list[Finding], show: bool) -> list[Finding]:
    """Findings masked as the reports mask them (evidence keys, known values, phone and ID numbers)."""
    if show or not findings:
        return findings
    from govhall.reports._common import prepare
    from govhall.rules.report import Summary

    shell = Report(
        govhall_version=govhall.__version__, standards=[],
        summary=Summary(records=0, audited=0, rejected=0, findings={}), findings=findings,
    )  # fmt: skip
    return prepare(shell, False).findings


def _shanghai_today() -> date:
    from govhall.models import SHANGHAI

    return datetime.now(SHANGHAI).date()


# -- the guard: body limit, uncaught errors, access log -------------------------------------------------


async def _read_body(receive: Receive, limit: int | None = None) -> bytes | None:
    """The request body, read whole from ``receive``; None as soon as it runs over ``limit`` bytes."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if limit is not None and size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replaying(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that hands the app ``body`` (a request body read ahead) as one message, then
    whatever ``receive`` says next (a disconnect)."""
    done = False

    async def replay() -> Message:
        nonlocal done
        if not done:
            done = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _MALFORMED(*_: Any) -> Message:  # noqa: N802 - a sentinel Receive: the request is refused unread
    raise RuntimeError("a malformed request's body is never read")


#: set in the scope of a HEAD request answered as GET (so a 405 names the method the client sent)
_HEAD_KEY = "govhall.head"


def _headers_only(send: Send) -> Send:
    """``send`` without the response's body (a HEAD answer: the GET's headers, Content-Length too)."""

    async def headers_only(message: Message) -> None:
        if message["type"] == "http.response.body":
            message = {
                "type": "http.response.body",
                "body": b"",
                "more_body": message.get("more_body", False),
            }
        await send(message)

    return headers_only


class _Guard:
    """Outermost middleware: 413 over the body limit, a 500 problem for anything uncaught (never a
    trace), and one access-log line per request: method, route template, status, milliseconds and the
    token's *name* (never the token, the query string or the body)."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = {"code": 0, "sent": False}

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = int(message["status"])
                status["sent"] = True
            await send(message)

        try:
            receive2 = await self._limited(scope, receive)
            charset = (
                _declared_charset(scope) if receive2 is not None and receive2 is not _MALFORMED else None
            )
            if charset is not None and receive2 is not None:
                transcoded = await _transcoded(scope, receive2, charset)
                if isinstance(transcoded, GovhallError):
                    await _problem_response(problem_body(transcoded))(scope, receive, send_wrapper)
                    return
                scope, receive2 = transcoded
            if receive2 is _MALFORMED:
                bad = BadRequestError("Content-Length is not a byte count (a whole number >= 0)")
                await _problem_response(problem_body(bad), {"Connection": "close"})(
                    scope, receive, send_wrapper
                )
                return
            if receive2 is None:
                body = problem_body(
                    PayloadTooLargeError(
                        f"the request body is over the limit of {self.max_body} bytes", limit=self.max_body
                    )  # fmt: skip
                )
                await _problem_response(body, {"Connection": "close"})(scope, receive, send_wrapper)
                return
            if scope.get("method") == "HEAD":  # answered as GET, headers only (RFC 9110 9.1: it was a 405)
                inner = {**scope, "method": "GET", _HEAD_KEY: True}
                try:
                    await self.app(inner, receive2, _headers_only(send_wrapper))
                finally:
                    if "route" in inner:  # for the access log
                        scope["route"] = inner["route"]
                return
            await self.app(scope, receive2, send_wrapper)
        except Exception as exc:
            ref = uuid.uuid4().hex[:12]
            LOG.error("internal error %s (reference %s) on %s %s", type(exc).__name__, ref,
                      scope.get("method"), _route(scope))  # fmt: skip
            if not status["sent"]:
                body = internal_problem()
                body["reference"] = ref
                await _problem_response(body)(scope, receive, send_wrapper)
        finally:
            principal = (scope.get("state") or {}).get(_STATE_KEY)
            who = principal.name if isinstance(principal, Principal) else "-"
            ACCESS_LOG.info(
                '%s %s %d %.1fms client=%s', scope.get("method"), _route(scope), status["code"],
                (time.perf_counter() - started) * 1000, who,
            )  # fmt: skip

    async def _limited(self, scope: Scope, receive: Receive) -> Receive | None:
        """``receive`` unchanged if the body fits (None if it does not, ``_MALFORMED`` for a
        Content-Length that is not a byte count)."""
        length = None
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                length = value
        if length is not None:
            if not length.strip().isdigit():  # "-1", "abc", "1e3": no body length at all
                return _MALFORMED
            return receive if int(length) <= self.max_body else None
        if scope.get("method") in ("GET", "HEAD", "OPTIONS", "DELETE"):
            return receive
        # no Content-Length (chunked): read it here, up to the limit, and replay it
        body = await _read_body(receive, self.max_body)
        return None if body is None else _replaying(body, receive)


#: the charsets a request body may declare besides UTF-8 -> the codec that reads it (GB18030 includes GBK
#: and GB2312; their own codecs are used as declared, so a byte outside the declared set is refused)
_CHARSETS: dict[str, str] = {
    "gb18030": "gb18030", "gbk": "gbk", "gb2312": "gb2312", "cp936": "gbk",
    # the Unicode encodings JSON once allowed (RFC 7159), which the body parser read undeclared too
    **{name: name for name in ("utf-16", "utf-16le", "utf-16be", "utf-32", "utf-32le", "utf-32be")},
}  # fmt: skip
_UTF8_NAMES = frozenset({"utf-8", "utf8", "us-ascii", "ascii"})


def _declared_charset(scope: Scope) -> str | None:
    """The ``charset`` of the request's Content-Type when it is not UTF-8 (or ASCII), else None (and
    None for a method without a body: its Content-Type describes nothing)."""
    if scope.get("method") in ("GET", "HEAD", "OPTIONS", "DELETE"):
        return None
    for name, value in scope.get("headers", ()):
        if name == b"content-type":
            for param in value.decode("latin-1").split(";")[1:]:
                key, _, val = param.partition("=")
                if key.strip().lower() == "charset":
                    charset = val.strip().strip('"').strip().lower()
                    return None if charset in _UTF8_NAMES else charset
            return None
    return None


async def _transcoded(scope: Scope, receive: Receive, charset: str) -> tuple[Scope, Receive] | GovhallError:
    """The request as UTF-8: its body read whole (it is within the body limit), decoded from the declared
    ``charset`` and encoded as UTF-8, with Content-Type and Content-Length to match; or the problem to
    answer: 415 for a charset the service does not read, 400 for a body that is not in it."""
    codec = _CHARSETS.get(charset)
    if codec is None:
        return UnsupportedCharsetError(
            f"the request body is declared charset={charset!r}, which the service does not read: send "
            f"UTF-8 (JSON's own encoding), or declare {', '.join(_CHARSETS)}",
            charset=charset,
            accepted=["utf-8", *_CHARSETS],
        )
    body = await _read_body(receive)
    assert body is not None  # no limit given (the size was checked before: _limited)
    try:
        text = body.decode(codec)
    except UnicodeDecodeError as exc:
        return BadRequestError(
            f"the request body is not {charset} text, its declared charset: byte 0x{body[exc.start]:02x} at "
            f"byte offset {exc.start} does not decode",
            charset=charset,
            offset=exc.start,
        )
    data = text.encode("utf-8")
    headers: list[tuple[bytes, bytes]] = []
    for name, value in scope.get("headers", ()):
        if name == b"content-type":
            media = value.split(b";", 1)[0].strip()
            value = media + b"; charset=utf-8"
        elif name == b"content-length":
            value = str(len(data)).encode()
        headers.append((name, value))
    return {**scope, "headers": headers}, _replaying(data, receive)


class _Cors(CORSMiddleware):
    """Starlette's CORS, with a refused preflight answered as a problem like every other error."""

    def preflight_response(self, request_headers: Any) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code < 400:
            return response
        err = BadRequestError(bytes(response.body).decode("utf-8", "replace") or "CORS preflight refused")
        keep = {
            k: v for k, v in response.headers.items() if k.lower() not in ("content-length", "content-type")
        }
        return _problem_response(problem_body(err), keep)


def _not_json_body(request: Request, errors: list[Any]) -> UnsupportedMediaTypeError | None:
    """The 415 to answer when a route's JSON body was refused because it was not sent as JSON: FastAPI
    hands a body of any other media type (``text/plain``, the form ``curl -d`` sends, none) to the
    route as bytes, and the problem said "body: Input should be a valid dictionary" of a body that is
    one. None when the body was sent as JSON (its own errors stand) or there is no body at all."""
    if not any(tuple(e.get("loc", ()))[:1] == ("body",) for e in errors):
        return None
    declared = request.headers.get("content-type")
    if declared is None:
        length = request.headers.get("content-length", "0").strip()
        if length in ("", "0") and "transfer-encoding" not in request.headers:
            return None  # no body: "body: Field required" says it
        return UnsupportedMediaTypeError(
            "the request body has no Content-Type: send it as JSON with Content-Type: application/json "
            "(curl: --json, or -H 'Content-Type: application/json')",
            media_type=None,
        )
    media = declared.split(";", 1)[0].strip().lower()
    kind, _, sub = media.partition("/")
    if kind == "application" and (sub == "json" or sub.endswith("+json")):
        return None
    shown = echoed_id(media) or ""
    return UnsupportedMediaTypeError(
        f"the request body is sent as {shown!r}, which the service does not read: send it as JSON with "
        "Content-Type: application/json (curl: --json, or -H 'Content-Type: application/json'; -d alone "
        "sends a form)",
        media_type=shown,
    )


def _route(scope: Scope) -> str:
    route = scope.get("route")
    path = getattr(route, "path", None)
    return str(path) if path else "(no route)"


# -- request bodies: a key given twice is refused ---------------------------------------------------------


class _UniqueKeysRequest(Request):
    """A request whose JSON body refuses an object naming a key twice (``{"id": "A1", …, "id": "A2"}``),
    which ``json.loads`` would read as its last value silently: a
    :class:`~govhall.errors.DuplicateKeyError`, answered 422 (see ``on_http``)."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            body = await self.body()
            self._json = _parsed(body)
        return self._json


def _body_as_sent(request: Request) -> Any:
    """The JSON body of ``request`` as parsed before validation (None if it was not read as JSON)."""
    return getattr(request, "_json", None)


def _time_fields(model: Any) -> dict[str, Any]:
    """``model``'s date and time fields by the name a body gives them: ``"datetime"``, ``"date"``, or
    for a field holding models (one, or a list), theirs."""
    out: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        kinds: set[Any] = set()
        todo = [field.annotation]
        while todo:
            a = todo.pop()
            args = typing.get_args(a)
            if args:
                todo.extend(args)
            elif a is datetime:
                kinds.add("datetime")
            elif a is date:
                kinds.add("date")
            elif isinstance(a, type) and issubclass(a, BaseModel):
                inner = _time_fields(a)
                if inner:
                    kinds.add(tuple(sorted(inner.items())))
        if kinds:
            kind = (
                "datetime" if "datetime" in kinds else "date" if "date" in kinds else dict(next(iter(kinds)))
            )
            out[field.alias or name] = kind
    return out


def _untidy_time(value: Any, fields: dict[str, Any], where: str) -> tuple[str, str] | None:
    """The first date or time text of ``value`` (a body as sent) outside the form the OpenAPI document
    declares for it, as (field path, why); None when all are in it."""
    if isinstance(value, list):
        for i, v in enumerate(value):
            found = _untidy_time(v, fields, f"{where}.{i}")
            if found is not None:
                return found
        return None
    if not isinstance(value, dict):
        return None
    for key, kind in fields.items():
        v = value.get(key)
        at = f"{where}.{key}"
        if isinstance(kind, dict):
            found = _untidy_time(v, kind, at)
            if found is not None:
                return found
        elif isinstance(v, str) and re.match(ISO_START, v):
            if kind == "date" and not _DATE_TEXT.fullmatch(v):
                return at, f"{_shown(v)} is not an ISO date (YYYY-MM-DD, nothing around it)"
            if kind == "datetime" and not _DATETIME_TEXT.fullmatch(v):
                return at, (f"{_shown(v)} is not ISO 8601 text such as 2025-11-05T09:30:00 (a T or a space "
                            "between day and time, no spaces around it)")  # fmt: skip
    return None


def _parsed(body: bytes) -> Any:
    """The request body's JSON (:func:`~govhall._dupkeys.loads_unique`), parsed with the cyclic collector
    off and left in its oldest generation (``govhall._collector.to_oldest_generation``), as a load is.

    Parsed with the collector on, the document of a 20k-application hall set off young collections
    walking it as it grew and two full collections per request (~0.23 s of a request's ~3.7 s CPU;
    three requests 11.1-11.5 s before, 10.6-10.7 s after). JSON text makes no reference cycles; the
    document is freed by reference counting when the request ends. The full collection that the
    moves of earlier requests owe (see ``govhall._collector``) is run first, when the least is alive.
    The collector is switched back on only when it was on.
    """
    from govhall import _collector
    from govhall._dupkeys import loads_unique

    _collector.collect_if_owed()  # the previous request's objects are gone, this one's not yet made
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return loads_unique(body)
    finally:
        if was_enabled:
            _collector.to_oldest_generation()
            gc.enable()


class _Route(APIRoute):
    """FastAPI's route, handing its endpoint a :class:`_UniqueKeysRequest` (FastAPI's way to parse
    request bodies otherwise: a custom ``Request`` class in the route's handler)."""

    def get_route_handler(self) -> Callable[[Request], Any]:
        handler = super().get_route_handler()
        # the query parameters that take one value: given twice, FastAPI read the last silently
        single = _single_value_queries(self.dependant)
        # every query parameter the route takes: any other was ignored silently (?asof= for as_of gave
        # the answer for today); /health answers whatever a probe appends (a cache-busting ?_=…)
        known = None if self.path == "/health" else _query_names(self.dependant)

        async def unique_keys(request: Request) -> Response:
            given = request.query_params
            if known is not None:
                unknown = [name for name in dict.fromkeys(given.keys()) if name not in known]
                if unknown:
                    return _problem_response(_unknown_query_problem(unknown, known))
            if single:
                for name in single:
                    values = given.getlist(name)
                    if len(values) > 1:
                        return _problem_response(_query_twice_problem(name, values))
            return await handler(_UniqueKeysRequest(request.scope, request.receive))

        return unique_keys


def _single_value_queries(dependant: Any) -> list[str]:
    """The names of the query parameters of a route (its dependencies' too) that take one value, not a
    list (``list[str]``, ``list[str] | None``)."""
    names: list[str] = []
    stack = [dependant]
    while stack:
        d = stack.pop()
        for f in getattr(d, "query_params", ()):
            if not _is_list_annotation(f.field_info.annotation):
                names.append(f.alias)
        stack.extend(getattr(d, "dependencies", ()))
    return names


def _query_names(dependant: Any) -> frozenset[str]:
    """The names of every query parameter of a route (its dependencies' too), as the client sends them."""
    names: set[str] = set()
    stack = [dependant]
    while stack:
        d = stack.pop()
        names.update(f.alias for f in getattr(d, "query_params", ()))
        stack.extend(getattr(d, "dependencies", ()))
    return frozenset(names)


def _unknown_query_problem(unknown: list[str], known: frozenset[str]) -> dict[str, Any]:
    """The 422 problem for query parameters the route does not take (``?asof=…`` for ``as_of``): the
    answer without them may be wrong without a word, so they are refused, each named, with the route's
    own parameters and the nearest of them."""
    import difflib

    names = sorted(known)
    takes = f"it takes {', '.join(names)}" if names else "it takes no query parameters"
    errors = []
    for name in unknown[:50]:
        near = difflib.get_close_matches(name.lower(), names, n=1, cutoff=0.6)
        hint = f"; did you mean {near[0]!r}?" if near else ""
        msg = f"unknown parameter {echoed_id(name)!r}: {takes}{hint}"
        errors.append({"loc": ["query", echoed_id(name) or ""], "msg": msg, "type": "extra_forbidden"})
    first = errors[0]
    more = f" (+{len(unknown) - 1} more)" if len(unknown) > 1 else ""
    err = UnknownQueryParameterError(
        f"query.{first['loc'][1]}: {first['msg']}{more}",
        parameter=first["loc"][1], unknown=[e["loc"][1] for e in errors], known=names,
    )  # fmt: skip
    return problem_body(err, errors=errors)


def _is_list_annotation(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, typing.Annotated):
        return any(_is_list_annotation(a) for a in typing.get_args(annotation))
    return origin in (list, tuple, set, frozenset) or annotation in (list, tuple, set, frozenset)


def _query_twice_problem(name: str, values: list[str]) -> dict[str, Any]:
    """The 422 problem for a query parameter of one value given more than once (``?start=…&start=…``):
    which one was meant cannot be known, as for a key given twice in a body."""
    shown = ", ".join(repr(echoed_id(v)) for v in values[:3]) + (" …" if len(values) > 3 else "")
    msg = (
        f"the parameter {echoed_id(name)!r} is given {len(values)} times ({shown}): it takes one value, "
        "and which one was meant cannot be known; give it once"
    )
    err = DuplicateKeyError(f"query.{echoed_id(name)}: {msg}", key=name, path=["query"])
    return problem_body(err, errors=[{"loc": ["query", name], "msg": msg, "type": "duplicate_key"}])


def _duplicate_key_problem(exc: DuplicateKeyError) -> dict[str, Any]:
    """The 422 problem for a body naming a key twice: where (``body.events.2: …``), the key and its
    path as a validation error's ``loc`` (as FastAPI names a field of the body)."""
    given = exc.detail.get("path")
    path = [echoed_id(str(p)) or "" for p in given] if isinstance(given, list) else []
    key = echoed_id(str(exc.detail.get("key"))) or ""
    from govhall._dupkeys import twice_reason

    where = ".".join(["body", *path])
    msg = twice_reason((), key)
    err = DuplicateKeyError(f"{where}: {msg}", key=key, path=["body", *path])
    errors = [{"loc": ["body", *path, key], "msg": msg, "type": "duplicate_key"}]
    return problem_body(err, errors=errors)


# -- the live supervisor ----------------------------------------------------------------------------------


class _Live:
    """The one supervisor of this service, opened on first use and ticked in the background."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._sup: Any = None
        self._lock = threading.Lock()

    def get(self) -> Any:
        with self._lock:
            if self._sup is None:
                import govhall.live as live

                store = self._store(live)
                self._sup = live.Supervisor(
                    self.settings.clock or live.system_clock, store, engine=self.settings.live_engine,
                    profile=str(self.settings.profile) if self.settings.profile else None,
                )  # fmt: skip
            return self._sup

    def _store(self, live: Any) -> Any:
        """The live state: the supervisor's embedded store for ``--state`` (``open_store`` where the
        live package has one), else a JSON file; in memory without ``--state``."""
        opener = getattr(live, "open_store", None)
        if opener is not None:
            return opener(self.settings.state)
        return live.JsonFileStore(self.settings.state) if self.settings.state else live.MemoryStore()

    def close(self) -> None:
        with self._lock:
            if self._sup is not None:
                self._sup.close()
                self._sup = None


# -- the app ----------------------------------------------------------------------------------------------


#: an HTTP authentication scheme's name (RFC 9110 ``token``), short: shown when it is not Bearer
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]{0,19}")


def _authorization_not_read(header: str | None) -> str:
    """Why an ``Authorization`` header gave no bearer token, in words that never echo the token (a header
    sent but not read was told "send Authorization: Bearer <token>", as if none had been sent)."""
    send = "send Authorization: Bearer <token>"
    if header is None:
        return send
    text = header.strip(" \t")
    if not text:
        return f"the Authorization header is empty: {send}"
    scheme, _, rest = text.partition(" ")
    head, tab, after = scheme.partition("\t")
    if head.lower() == "bearer":
        if tab and after.strip():
            return f"the Authorization header: separate Bearer from the token by a space, not a tab ({send})"
        if not rest.strip() and not after.strip():
            return f"the Authorization header holds no token after Bearer: {send}"
        return f"the Authorization header holds more than one word after Bearer (a token is one word): {send}"
    if not rest.strip() and not tab:
        return f"the Authorization header names no scheme (a token alone?): {send}"
    if _SCHEME.fullmatch(head):
        return f"the Authorization header uses the {head!r} scheme, which this service does not take: {send}"
    return f"the Authorization header does not start with Bearer: {send}"


def create_app(settings: Settings | None = None) -> FastAPI:
    """The service: ``/health``, ``/openapi.json``, ``/docs``, ``/problems/{code}`` and the ``/v1`` API."""
    settings = settings or Settings()
    problem = settings_problem(settings)
    if problem is not None:
        raise InputError(problem)
    tokens: TokenTable | None = settings.tokens
    if tokens is None and settings.tokens_file is not None:
        tokens = load_tokens(settings.tokens_file)
    if tokens is None and not is_loopback(settings.host):
        raise InputError(f"host {settings.host}: without a tokens file the service listens on loopback only")
    read_only = tokens is None
    live = _Live(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if read_only:
            LOG.warning(
                "no tokens file: read-only service on loopback; every write (POST /v1/live/events) gets 401"
            )
        else:
            LOG.info("%d tokens from %s", len(tokens or ()), getattr(tokens, "source", "?"))
        ticker = (
            asyncio.create_task(_tick_forever(live, settings.tick_seconds))
            if settings.tick_seconds > 0
            else None
        )
        try:
            yield
        finally:
            if ticker is not None:
                ticker.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await ticker
            live.close()

    app = FastAPI(
        title="govhall",
        version=govhall.__version__,
        summary="China's government service-hall standards as executable, clause-cited rules",
        description=(
            "The same models and keys as the Python API and `govhall … --json`. Send `Authorization: "
            "Bearer <token>`; scopes `read`, `write` (live events) and `personal-data` (unmasked names, "
            "phone and ID numbers). Errors are RFC 9457 `application/problem+json`."
        ),
        lifespan=lifespan,  # (no root_path: FastAPI deprecates it; the server sets it, see Settings.root_path)
        generate_unique_id_function=lambda route: route.name,  # operationIds = the function names
    )
    app.router.route_class = _Route  # bodies refuse a key given twice (before any route is added)
    app.state.settings = settings
    app.state.live = live
    app.state.read_only = read_only

    bearer = HTTPBearer(auto_error=False, description="a token from the service's tokens file")

    def principal(
        request: Request, creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
    ) -> Principal:
        if tokens is None:
            who = Principal("anonymous", frozenset({"read"}), False)
        elif creds is None or len(creds.credentials.split()) != 1:
            raise AuthenticationError(_authorization_not_read(request.headers.get("Authorization")))
        else:
            found = tokens.verify(creds.credentials)
            if found is None:
                raise AuthenticationError("the token is not valid for this service")
            who = found
        request.state.govhall_principal = who
        return who

    def needs(scope: str) -> Callable[..., Principal]:
        def check(who: Annotated[Principal, Depends(principal)]) -> Principal:
            if who.has(scope):
                return who
            if not who.authenticated:
                raise AuthenticationError(
                    f"this service runs without a tokens file, so it is read-only: {scope} needs a token "
                    "(start it with --tokens FILE)"
                )
            raise ScopeError(f"the token {who.name!r} lacks the {scope!r} scope", scope=scope)

        return check

    Reader = Annotated[Principal, Depends(needs("read"))]
    Writer = Annotated[Principal, Depends(needs("write"))]

    # -- errors as problems --------------------------------------------------------------------------------

    @app.exception_handler(GovhallError)
    async def on_govhall_error(request: Request, exc: GovhallError) -> JSONResponse:
        headers = {"WWW-Authenticate": 'Bearer realm="govhall"'} if exc.status == 401 else None
        return _problem_response(problem_body(exc), headers)

    @app.exception_handler(RequestValidationError)
    async def on_validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        raw = _union_merged(list(exc.errors()))
        media = _not_json_body(request, raw)
        if media is not None:
            return _problem_response(problem_body(media))
        errors = _validation_errors(raw)
        empty = _empty_body_problem(request, raw, exc.body)
        if empty is not None:
            return _problem_response(problem_body(empty, errors=errors))
        if raw and raw[0].get("type") == "json_invalid":  # FastAPI's: loc ("body", character offset)
            return _problem_response(problem_body(_json_invalid(raw[0]), errors=errors))
        shape = _body_shape_problem(_route(request.scope), raw)
        if shape is not None:
            return _problem_response(problem_body(shape, errors=errors))
        raw = _body_branch_merged(raw)  # (after the shape: {"items": "x"} is an object, its items wrong)
        errors = _validation_errors(raw)
        first = errors[0] if errors else {"loc": [], "msg": "invalid"}
        where = ".".join(first["loc"]) or "request"
        more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
        err = _problem_for(where, f"{first['msg']}{more}", raw[0] if raw else None)
        return _problem_response(problem_body(err, errors=errors))

    @app.exception_handler(ValidationError)
    async def on_model_validation(request: Request, exc: ValidationError) -> JSONResponse:
        raw = _union_merged(list(exc.errors()))
        errors = _validation_errors(raw)
        where = ".".join(errors[0]["loc"]) if errors else "input"
        msg = errors[0]["msg"] if errors else "invalid"
        return _problem_response(
            problem_body(_problem_for(where, msg, raw[0] if raw else None), errors=errors)
        )

    @app.exception_handler(ValueError)
    async def on_value_error(request: Request, exc: ValueError) -> JSONResponse:
        from govhall.reports._common import scrub_text

        return _problem_response(problem_body(InputError(scrub_text(str(exc)) or "input not acceptable")))

    @app.exception_handler(LookupError)
    async def on_lookup_error(request: Request, exc: LookupError) -> JSONResponse:
        text = str(exc.args[0]) if isinstance(exc, KeyError) and exc.args else str(exc)
        return _problem_response(problem_body(UnknownNameError(text or "unknown name")))

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 404:
            err: GovhallError = RouteNotFoundError(f"no endpoint at {echoed_id(request.url.path)}")
        elif exc.status_code == 400 and isinstance(exc.__cause__, DuplicateKeyError):  # _UniqueKeysRequest
            return _problem_response(_duplicate_key_problem(exc.__cause__))
        elif exc.status_code == 400 and isinstance(exc.__cause__, UnicodeDecodeError):  # FastAPI's JSON body
            bad = exc.__cause__
            err = BadRequestError(
                f"the request body is not UTF-8 (JSON's encoding): byte 0x{bad.object[bad.start]:02x} at byte "
                f"offset {bad.start} does not decode; a GB18030 (GBK) body says so in its Content-Type: "
                "application/json; charset=gb18030",
                offset=bad.start,
            )
        elif exc.status_code == 400 and isinstance(exc.__cause__, RecursionError):  # FastAPI's JSON body
            err = BadRequestError(
                "the request body is JSON nested too deep to read (a record nests a few levels)"
            )
        elif (
            exc.status_code == 400
            and isinstance(exc.__cause__, ValueError)
            and "digits" in str(exc.__cause__)
        ):
            err = (
                BadRequestError(  # Python's guard against quadratic int parsing (sys.get_int_max_str_digits)
                    "the request body holds a JSON number of more digits than can be read (at most "
                    f"{_max_digits()} digits; a record's numbers have a few)"
                )
            )
        elif exc.status_code == 400:
            err = BadRequestError(str(exc.detail) or "the request cannot be parsed")
        elif exc.status_code == 405:
            method = "HEAD" if request.scope.get(_HEAD_KEY) else request.method
            err = MethodNotAllowedError(f"{method} is not allowed here")
        else:
            err = GovhallError(str(exc.detail))
            err.status, err.code, err.title = exc.status_code, f"http-{exc.status_code}", "HTTP error"
        return _problem_response(problem_body(err), dict(exc.headers or {}) or None)

    # -- middleware: CORS only when configured; the guard outermost -----------------------------------------

    if settings.cors_origins:
        app.add_middleware(
            _Cors, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"], allow_credentials=False, max_age=600,
        )  # fmt: skip
    app.add_middleware(_Guard, max_body=settings.max_body)

    # -- unauthenticated ------------------------------------------------------------------------------------

    @app.get("/health", response_model=Health, tags=["service"])
    def health() -> dict[str, Any]:
        """Liveness: always 200 while the process serves; no token needed."""
        return {"status": "ok", "version": govhall.__version__, "read_only": read_only}

    @app.get("/problems/{code}", response_model=Problem, tags=["service"],
             responses={404: _ERRORS[404], 422: _ERRORS[422]})  # fmt: skip
    def problem_doc(code: Annotated[str, Path(max_length=100)]) -> dict[str, Any]:
        """What a problem ``type`` means (``type`` members are ``/problems/<code>``)."""
        known = problem_types()
        if code not in known:
            raise UnknownNameError(f"no problem type {code!r}", known=sorted(known))
        info = known[code]
        return {**info, "detail": info["description"]}

    # -- calendar and deadlines -----------------------------------------------------------------------------

    v1 = "/v1"

    def _cal() -> Any:
        if settings.profile:
            from govhall.calendars import calendar_from_profile

            return calendar_from_profile(settings.profile)
        return govhall.calendar("CN")

    @app.get(f"{v1}/calendar/add", response_model=AddOut, tags=["calendar"], responses=_ERRORS)
    def calendar_add(
        _: Reader,
        start: Annotated[Day, Query(description="YYYY-MM-DD (not counted)")],
        days: Annotated[
            int,
            BeforeValidator(_whole_number_text),
            Query(ge=0, le=100000, description="working days to add (>= 0)"),
        ],
    ) -> dict[str, Any]:
        """The ``days``-th working day after ``start`` (``govhall calendar add``)."""
        from govhall.contract import add_doc

        return add_doc(_cal(), start, days)

    @app.get(f"{v1}/calendar/count", response_model=CountOut, tags=["calendar"], responses=_ERRORS)
    def calendar_count(
        _: Reader,
        start: Annotated[Day, Query(description="YYYY-MM-DD (not counted)")],
        end: Annotated[Day, Query(description="YYYY-MM-DD (counted)")],
    ) -> dict[str, Any]:
        """Working days in ``(start, end]`` (``govhall calendar count``)."""
        from govhall.contract import count_doc

        return count_doc(_cal(), start, end)

    @app.get(f"{v1}/calendar/{{day}}", response_model=WorkdayOut, tags=["calendar"], responses=_ERRORS)
    def calendar_day(_: Reader, day: Annotated[Day, Path(description="YYYY-MM-DD")]) -> dict[str, Any]:
        """Is ``day`` a working day, and why (``govhall calendar workday``)."""
        from govhall.contract import workday_doc

        return workday_doc(_cal(), day)

    @app.post(f"{v1}/deadlines", response_model=DeadlineOut, tags=["calendar"], responses=_ERRORS)
    def deadlines(_: Reader, body: DeadlineIn) -> dict[str, Any]:
        """The due date of a time limit with its basis (``govhall deadline``)."""
        from govhall.contract import deadline_doc, deadline_for
        from govhall.errors import LimitTextError
        from govhall.timelimits import parse_limit

        for where, text in (
            ("body.limit", body.limit),
            *((f"body.extensions.{i}", e) for i, e in enumerate(body.extensions)),
        ):  # each named at its place, as --extend and LIMIT are: "not a time limit: ''" named neither
            try:
                parse_limit(text)
            except LimitTextError as exc:
                raise LimitTextError(f"{where}: {exc}", **{**exc.detail, "field": where}) from None
        from govhall.contract import deadline_choices, profile_readings

        # the served profile's deadline readings too (only its calendar was read); the body's win
        readings = profile_readings(settings.profile)
        readings.update(deadline_choices(body.interpretations))
        try:
            dl = deadline_for(
                body.start, body.limit, pauses=[(p.from_, p.to) for p in body.pauses],
                extensions=body.extensions, interpretations=readings, calendar=_cal(),
            )  # fmt: skip
        except GovhallError as exc:
            raise _in_body_words(exc) from None
        return deadline_doc(dl)

    # -- complaints -----------------------------------------------------------------------------------------

    complaint_times = _time_fields(Complaint)

    @app.post(f"{v1}/complaints/screen", response_model=Screening, tags=["complaints"], responses=_ERRORS)
    def screen(
        request: Request,
        who: Reader,
        complaint: Complaint,
        interpret: Annotated[
            list[str], Query(description="NAME=VALUE, e.g. yousu-jiban.day-unit=working_days")
        ] = [],  # noqa: B006
    ) -> dict[str, Any]:
        """Accept or refuse a complaint, its tier and due date (``govhall screen``)."""
        from govhall.rules.calendar_range import undatable
        from govhall.screening import screen_complaint

        # the record model reads a CSV cell's padded time (a dataset's); a request's times are in the form
        # its OpenAPI document declares, as POST /v1/deadlines takes them (it refused ' 2025-09-30', which
        # this route read)
        untidy = _untidy_time(_body_as_sent(request), complaint_times, "body")
        if untidy is not None:
            raise DateError(f"{untidy[0]}: {untidy[1]}", field=untidy[0])
        calendar = _cal()
        outside = undatable(complaint, calendar)
        if outside is not None:  # it said only "date 2205-09-01 is outside …", naming no field
            raise CalendarRangeError(f"body.{outside[0]}: {outside[1]}", field=f"body.{outside[0]}")
        from govhall.rules.interpretations import parse_choices
        from govhall.screening import profile_settings

        # the served profile's readings and tier limits too (only its calendar was read); the query's win
        chosen, limits = profile_settings(settings.profile)
        chosen.update(parse_choices(_interpret_query(interpret)))
        result = screen_complaint(complaint, calendar=calendar, interpretations=chosen, limits=limits)
        doc = result.json_contract()
        return doc if who.has("personal-data") else _scrub_json(doc)

    # -- audits ---------------------------------------------------------------------------------------------

    def _report(
        who: Principal, kind: Literal["audit", "check"], document: dict[str, Any], fmt: str, interpret: list[str],
        standard: list[str], as_of: date | None, vary: bool = False,
    ) -> Response:  # fmt: skip
        from govhall.loaders import load_dataset
        from govhall.reports import write_report
        from govhall.rules import audit

        dataset = load_dataset(document)
        if kind == "check" and dataset.records == 0:  # as govhall check: an empty catalogue is no pass
            raise DatasetError("the catalogue holds no items (an empty list), so nothing was checked")
        day = as_of
        if day is None and kind == "check" and dataset.as_of is None:
            try:
                dataset.effective_as_of()
            except ValueError:
                day = _shanghai_today()
        report = audit(
            dataset, interpretations=_interpret_query(interpret), standards=list(standard) or None,
            subjects=["item"] if kind == "check" else None, as_of=day, kind=kind,
            profile=str(settings.profile) if settings.profile else None,
        )  # fmt: skip
        if kind == "audit" and dataset.records == 0:  # as govhall audit: empty tables are no clean month
            # (asked after the audit, so an unknown standard or reading in the query is named first)
            raise DatasetError("the dataset holds no records (its tables are empty), so nothing was audited")
        body = _EncodedPieces()
        write_report(report, fmt, body.write, show_personal_data=who.has("personal-data"))
        response = _PiecesResponse(body.done(), media_type=_MEDIA[fmt])
        if vary:  # the format came from the Accept header: a cache must key on it
            response.headers["vary"] = "Accept"
        return response

    def _format(request: Request, fmt: str) -> tuple[str, bool]:
        """``?format=`` when given, else what the ``Accept`` header asks for (the Report in JSON when it
        names no report format); and whether the answer depends on ``Accept``."""
        if "format" in request.query_params:
            return fmt, False
        return negotiated_format(request.headers.get("accept")) or "json", True

    _Fmt = Annotated[ReportFormat, Query(description="json (the Report), sarif, junit, md, html or text")]
    _Interp = Annotated[list[str], Query(description="NAME=VALUE: a reading of an ambiguous clause")]
    _Std = Annotated[list[str], Query(description="run only these standards' rules")]
    _AsOf = Annotated[Day | None, Query(description="judge open cases as of this day")]

    @app.post(f"{v1}/audit", tags=["audit"], responses=_REPORT_RESPONSES, response_class=Response)
    def audit_dataset(
        request: Request,
        who: Reader,
        document: Annotated[
            dict[str, Any],
            Body(
                description="a dataset document: {items: [...], applications: [...], …, as_of?, name?} "
                "(the fields of `govhall schema`)"
            ),
        ],  # fmt: skip
        format: _Fmt = "json",
        interpret: _Interp = [],  # noqa: B006
        standard: _Std = [],  # noqa: B006
        as_of: _AsOf = None,
    ) -> Response:
        """Audit a dataset document (``govhall audit``); bad records are in ``rejected``, never dropped.
        Without ``format`` the ``Accept`` header chooses the rendering (``application/sarif+json``,
        ``application/xml`` for JUnit, ``text/markdown``, ``text/html``, ``text/plain``), else the Report."""
        fmt, vary = _format(request, format)
        return _report(who, "audit", document, fmt, interpret, standard, as_of, vary)

    @app.post(f"{v1}/catalogue/check", tags=["audit"], responses=_REPORT_RESPONSES, response_class=Response)
    def catalogue_check(
        request: Request,
        who: Reader,
        catalogue: Annotated[CatalogueIn | list[Any], Body(description="{items: [...]} or a list of items")],
        format: _Fmt = "json",
        interpret: _Interp = [],  # noqa: B006
        standard: _Std = [],  # noqa: B006
        as_of: _AsOf = None,
    ) -> Response:
        """Lint an item catalogue (``govhall check``): only the rules about items run. Without ``format``
        the ``Accept`` header chooses the rendering, as for ``POST /v1/audit``."""
        if isinstance(catalogue, list):
            document: dict[str, Any] = {"items": catalogue}
        else:
            document = {"items": catalogue.items}
            if catalogue.as_of is not None:
                document["as_of"] = catalogue.as_of.isoformat()
            if catalogue.name is not None:
                document["name"] = catalogue.name
        fmt, vary = _format(request, format)
        return _report(who, "check", document, fmt, interpret, standard, as_of, vary)

    # -- standards ------------------------------------------------------------------------------------------

    @app.get(f"{v1}/standards", response_model=StandardsOut, tags=["standards"], responses=_ERRORS)
    def standards(_: Reader) -> dict[str, Any]:
        """The standards govhall encodes (``govhall standards list``)."""
        from govhall.contract import standards_doc

        return standards_doc()

    @app.get(f"{v1}/standards/{{standard_id}}", response_model=dict[str, Any], tags=["standards"],
             responses=_ERRORS)  # fmt: skip
    def standard(_: Reader, standard_id: Annotated[str, Path(max_length=100)]) -> dict[str, Any]:
        """One standard: metadata, coverage, clauses, rules, parameters, interpretations (``standards show``)."""
        from govhall.contract import standard_doc

        return standard_doc(standard_id)

    @app.get(f"{v1}/standards/{{standard_id}}/clauses/{{clause}}", response_model=dict[str, Any],
             tags=["standards"], responses=_ERRORS)  # fmt: skip
    def clause(
        _: Reader,
        standard_id: Annotated[str, Path(max_length=100)],
        clause: Annotated[str, Path(max_length=200)],
    ) -> dict[str, Any]:
        """One clause of a standard's inventory: text, modality, status, the rules that check it."""
        from govhall.contract import clause_doc

        return clause_doc(standard_id, clause)

    # -- live supervision -----------------------------------------------------------------------------------

    @app.post(f"{v1}/live/events", response_model=EventsOut, tags=["live"], responses=_ERRORS)
    def live_events(
        _: Writer,
        events: Annotated[
            dict[str, Any] | list[Any],
            Body(
                description="one event or record, or a list; records name their table "
                '({"table": "applications", "id": …}); events carry application_id or complaint_id. '
                "An element of a list that is not an object is recorded as invalid, as a bad event is"
            ),
        ],  # fmt: skip
    ) -> dict[str, Any]:
        """Feed the live supervisor (``Supervisor.post_many``); unknown or invalid events are recorded,
        not refused (see ``accepted`` and ``reason``)."""
        batch = events if isinstance(events, list) else [events]
        posted = live.get().post_many(batch)
        from govhall.reports._common import scrub_text

        out = [
            {"seq": p.seq, "type": p.type, "accepted": p.accepted, "subject": p.subject, "reason": p.reason,
             "detail": scrub_text(p.detail) if p.detail else None}
            for p in posted
        ]  # fmt: skip
        n = sum(1 for p in posted if p.accepted)
        return {"posted": out, "accepted": n, "not_accepted": len(posted) - n}

    @app.get(f"{v1}/live/cards", response_model=CardsOut, tags=["live"], responses=_ERRORS)
    def live_cards(
        who: Reader,
        stage: Annotated[
            Literal["yellow", "red"] | None, Query(description="yellow = 黄牌, red = 红牌")
        ] = None,
        hall: Annotated[str | None, Query(max_length=200, description="only this hall's cards")] = None,
    ) -> dict[str, Any]:
        """The 黄牌 (due soon) and 红牌 (overdue) the supervisor has raised so far."""
        from govhall.live import STAGE_LABELS

        sup = live.get()
        found = [f for f in sup.findings() if f.stage is not None and (stage is None or f.stage == stage)]
        if hall is not None:
            held = [h.id for h in sup.subjects("hall")]
            found = [f for f in found if (getattr(f, "hall", None) or (held[0] if held else None)) == hall]
        found = _mask_findings(found, who.has("personal-data"))
        cards = [{**f.model_dump(), "card": STAGE_LABELS[f.stage or "yellow"]} for f in found]
        return {"last_tick": sup.last_tick, "cards": cards}

    @app.get(f"{v1}/live/findings", response_model=FindingsOut, tags=["live"], responses=_ERRORS)
    def live_findings(who: Reader) -> dict[str, Any]:
        """Every finding the supervisor has returned so far, in the order found."""
        sup = live.get()
        return {
            "last_tick": sup.last_tick,
            "findings": _mask_findings(sup.findings(), who.has("personal-data")),
        }

    def openapi() -> dict[str, Any]:
        """FastAPI's schema, with every error response declared as ``application/problem+json``."""
        if app.openapi_schema is None:
            from fastapi.openapi.utils import get_openapi

            spec = get_openapi(
                title=app.title, version=app.version, summary=app.summary, description=app.description,
                routes=app.routes,
            )  # fmt: skip
            ref = {"$ref": "#/components/schemas/Problem"}
            for ops in spec.get("paths", {}).values():
                for op in ops.values():
                    for status, resp in op.get("responses", {}).items():
                        if status[:1] in ("4", "5"):
                            resp["content"] = {PROBLEM_MEDIA_TYPE: {"schema": ref}}
            schemas = spec.setdefault("components", {}).setdefault("schemas", {})
            report = Report.model_json_schema(
                ref_template="#/components/schemas/{model}", mode="serialization"
            )
            for name, sub in report.pop("$defs", {}).items():
                schemas.setdefault(name, sub)
            schemas["Report"] = report
            for unused in ("HTTPValidationError", "ValidationError"):
                schemas.pop(unused, None)
            _declare_request_times(spec)
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def _declare_request_times(spec: dict[str, Any]) -> None:
    """Each date-time a request gives, declared as the service reads it: ``format: date-time`` is RFC
    3339's, which demands seconds and an offset, where a request may leave both out (DESIGN "Time":
    naive = Asia/Shanghai) and write a space for the ``T``; so, as ``govhall schema`` does, the
    schema's pattern (:data:`govhall.schema.DATETIME_PATTERN`) instead. Responses keep ``format:
    date-time``: what the service writes has both (``last_tick``, ``due_at``)."""
    schemas = spec.get("components", {}).get("schemas", {})

    def reached(node: Any, into: set[str]) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
                name = ref.rsplit("/", 1)[1]
                if name not in into and name in schemas:
                    into.add(name)
                    reached(schemas[name], into)
            for value in node.values():
                reached(value, into)
        elif isinstance(node, list):
            for value in node:
                reached(value, into)

    asked: set[str] = set()
    answered: set[str] = set()
    for ops in spec.get("paths", {}).values():
        for op in ops.values():
            reached([op.get("requestBody"), op.get("parameters")], asked)
            reached(op.get("responses"), answered)
    shared = asked & answered
    if any(_has_date_time(schemas[name]) for name in shared):  # one schema cannot say both
        raise RuntimeError(f"a schema both asked and answered holds a date-time: {sorted(shared)}")

    def relax(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "string" and node.get("format") == "date-time":
                del node["format"]
                node["pattern"] = DATETIME_PATTERN
            for value in node.values():
                relax(value)
        elif isinstance(node, list):
            for value in node:
                relax(value)

    for name in asked - answered:
        relax(schemas[name])


def _has_date_time(node: Any) -> bool:
    if isinstance(node, dict):
        return node.get("format") == "date-time" or any(_has_date_time(v) for v in node.values())
    if isinstance(node, list):
        return any(_has_date_time(v) for v in node)
    return False


async def _tick_forever(live: _Live, every: float) -> None:
    while True:
        try:
            await run_in_threadpool(lambda: live.get().tick())
        except Exception as exc:  # keep ticking; say what failed without personal data
            LOG.error("live tick failed: %s", type(exc).__name__)
        await asyncio.sleep(every)
