"""govhall's exceptions: one hierarchy under :class:`GovhallError`, each class with a stable ``code``.

An embedder maps them without parsing messages: the command line turns every :class:`GovhallError`
into one line on stderr and exit code 2; the HTTP service turns each into an RFC 9457 problem whose
``type`` ends in the class's ``code`` (``…/problems/limit-text``) with the HTTP status in ``status``.

The classes also derive from the built-in exception a caller would have caught before they existed
(``ValueError`` for bad values, ``LookupError`` for unknown names, ``OSError`` for unreadable files),
so ``except ValueError`` keeps working.

Codes and statuses are a contract: never change one; add a class instead.
"""

from __future__ import annotations

import re as _re
import unicodedata as _unicodedata
from collections.abc import Iterable, Mapping
from datetime import timedelta
from decimal import Decimal
from typing import Any

__all__ = [
    "GovhallError",
    "InputError",
    "LimitTextError",
    "DateError",
    "CalendarRangeError",
    "UnknownNameError",
    "UnknownStandardError",
    "UnknownClauseError",
    "UnknownInterpretationError",
    "UnknownParameterError",
    "ProfileError",
    "DatasetError",
    "UnreadableInputError",
    "ExtraMissingError",
    "StateLockedError",
    "UnknownRuleError",
    "MissingInputError",
    "CaseFileError",
    "UndecodableInputError",
    "AuthenticationError",
    "ScopeError",
    "PayloadTooLargeError",
    "RouteNotFoundError",
    "MethodNotAllowedError",
    "InternalError",
    "TokenFileError",
    "BadRequestError",
    "StateFileError",
    "StateUnwritableError",
    "ReplayTooLongError",
    "ClusterError",
    "UnsupportedCharsetError",
    "DuplicateKeyError",
    "UnsupportedMediaTypeError",
    "UnknownQueryParameterError",
    "UnknownCalendarError",
]


class GovhallError(Exception):
    """Base of every error govhall raises on purpose. ``code`` is stable; ``status`` is the HTTP status."""

    code: str = "govhall-error"
    status: int = 400
    title: str = "govhall error"

    def __init__(self, message: str, **detail: object) -> None:
        super().__init__(message)
        self.message = message
        #: machine-readable context (the field, record, line, value …); shown as problem extensions
        self.detail: dict[str, object] = detail

    def __str__(self) -> str:
        return self.message


class InputError(GovhallError, ValueError):
    """A value given to govhall is not acceptable (the message names the field and the value)."""

    code = "bad-input"
    status = 422
    title = "Input not acceptable"


class LimitTextError(InputError):
    """A time-limit text ("20个工作日", "3天", "1个月" …) that govhall does not understand."""

    code = "limit-text"
    title = "Time limit not understood"


class DateError(InputError):
    """A date or datetime that cannot be read (not ISO 8601, impossible day)."""

    code = "bad-date"
    title = "Date not understood"


class CalendarRangeError(InputError):
    """A date outside the range the working-day calendar covers."""

    code = "date-out-of-range"
    title = "Date outside the calendar"


class UnknownNameError(GovhallError, LookupError):
    """A name govhall does not know (base of the unknown-* errors)."""

    code = "unknown-name"
    status = 404
    title = "Unknown name"


class UnknownStandardError(UnknownNameError, KeyError, ValueError):
    """A standard id govhall does not encode (also ``KeyError``/``ValueError``, as raised before)."""

    code = "unknown-standard"
    title = "Unknown standard"


class UnknownClauseError(UnknownNameError, KeyError, ValueError):
    """A clause id not in the standard's inventory (also ``KeyError``/``ValueError``, as raised before)."""

    code = "unknown-clause"
    title = "Unknown clause"


class UnknownInterpretationError(UnknownNameError, KeyError, ValueError):
    """An interpretation name or reading not registered (also ``KeyError``/``ValueError``)."""

    code = "unknown-interpretation"
    status = 422
    title = "Unknown interpretation or reading"


class UnknownParameterError(UnknownNameError, KeyError, ValueError):
    """A parameter name not registered (also ``KeyError``/``ValueError``, as raised before)."""

    code = "unknown-parameter"
    status = 422
    title = "Unknown parameter"


class ProfileError(InputError):
    """A profile (YAML) that cannot be used: not YAML, unknown sections, bad values."""

    code = "bad-profile"
    title = "Profile not usable"


class DatasetError(InputError):
    """A dataset that cannot be audited as a whole (no tables, not a dataset at all)."""

    code = "bad-dataset"
    title = "Dataset not usable"


class UnreadableInputError(GovhallError, OSError):
    """A file or folder that cannot be read (missing, permissions, dangling link, not text)."""

    code = "unreadable-input"
    status = 422
    title = "Input not readable"


class ExtraMissingError(GovhallError, ImportError):
    """A feature needs an optional extra that is not installed (the message names ``pip install``)."""

    code = "extra-missing"
    status = 501
    title = "Optional component not installed"


class StateLockedError(GovhallError, RuntimeError):
    """The live state is already open for writing by another supervisor (one writer per state)."""

    code = "state-locked"
    status = 409
    title = "Live state held by another writer"


class UnknownRuleError(UnknownNameError, KeyError, ValueError):
    """A rule id that is not registered (also ``KeyError``/``ValueError``, as raised before)."""

    code = "unknown-rule"
    title = "Unknown rule"


class MissingInputError(UnreadableInputError, FileNotFoundError):
    """A file or folder that does not exist (also ``FileNotFoundError``, as raised before)."""

    code = "input-not-found"
    title = "Input not found"


class CaseFileError(InputError):
    """A declarative case file (``govhall test CASES.yaml``) that cannot be used: not YAML, bad keys."""

    code = "bad-case-file"
    title = "Case file not usable"


class UndecodableInputError(UnreadableInputError, ValueError):
    """A file in neither UTF-8 nor GB18030 (also ``ValueError``, as raised before)."""

    code = "undecodable-input"
    title = "Input not decodable"


# -- the HTTP service's own errors (govhall serve) ----------------------------------------------------


class AuthenticationError(GovhallError):
    """No bearer token, an unknown token, or a write to a service started without a tokens file."""

    code = "unauthorized"
    status = 401
    title = "Authentication required"


class ScopeError(GovhallError):
    """A valid token without the scope the endpoint needs (``read``, ``write``)."""

    code = "forbidden"
    status = 403
    title = "Token lacks the scope"


class PayloadTooLargeError(InputError):
    """A request body over the service's limit (``--max-body``, 20 MB by default)."""

    code = "payload-too-large"
    status = 413
    title = "Request body too large"


class RouteNotFoundError(UnknownNameError):
    """No endpoint at this path."""

    code = "not-found"
    title = "No such endpoint"


class MethodNotAllowedError(GovhallError):
    """The endpoint exists but not with this HTTP method."""

    code = "method-not-allowed"
    status = 405
    title = "Method not allowed"


class InternalError(GovhallError):
    """Something failed inside govhall that is not the caller's fault (never shows a stack trace)."""

    code = "internal-error"
    status = 500
    title = "Internal error"


class TokenFileError(InputError):
    """A tokens file for ``govhall serve`` that cannot be used (the message names the file and line)."""

    code = "bad-tokens-file"
    title = "Tokens file not usable"


class BadRequestError(InputError):
    """A request the service cannot even parse (a body that is not UTF-8 JSON, a broken form)."""

    code = "bad-request"
    status = 400
    title = "Request not readable"


class StateFileError(InputError):
    """A live state path that holds neither a govhall.live database nor a govhall.live/1 JSON state."""

    code = "bad-state"
    title = "Live state not usable"


class StateUnwritableError(GovhallError, OSError):
    """The live state cannot be written (a read-only file or folder, a full disk, an I/O error): the post
    was not kept, what was acknowledged before is. Not the input's fault (a server-side 503)."""

    code = "state-unwritable"
    status = 503
    title = "Live state cannot be written"


class ReplayTooLongError(InputError):
    """A replay would need more ticks than allowed (``detail["ticks"]`` is the count it needs)."""

    code = "replay-too-long"
    title = "Replay needs too many ticks"


class ClusterError(GovhallError, OSError):
    """A compute cluster (a Dask scheduler) that cannot be reached or used for the run."""

    code = "cluster-unavailable"
    status = 503
    title = "Compute cluster not available"


class UnsupportedCharsetError(BadRequestError):
    """A request body declared in a charset the service does not read (``Content-Type: …; charset=…``):
    it reads UTF-8, GB18030, GBK and GB2312; ``detail["charset"]`` is the one declared."""

    code = "unsupported-charset"
    status = 415
    title = "Charset not supported"


class DuplicateKeyError(InputError):
    """A JSON object (or YAML mapping) that names one key more than once: ``{"status": "accepted", …,
    "status": "rejected"}``. JSON parsers keep one of the values silently (Python's, pydantic's and
    PyYAML's the last), so which one was meant cannot be known; govhall reads neither.
    ``detail["key"]`` is the key, ``detail["path"]`` where its object is (``["events", 2]``)."""

    code = "duplicate-key"
    title = "Key given twice"


class UnsupportedMediaTypeError(BadRequestError):
    """A request body sent under a media type other than JSON (``Content-Type: text/plain``,
    ``application/x-www-form-urlencoded`` as ``curl -d`` sends, none at all): the service reads
    ``application/json`` (or ``application/…+json``); ``detail["media_type"]`` is the one sent."""

    code = "unsupported-media-type"
    status = 415
    title = "Media type not supported"


class UnknownQueryParameterError(InputError):
    """A query parameter the endpoint does not take (``?asof=2025-11-30`` for ``as_of``): refused, not
    ignored, since the answer without it may be silently wrong. ``detail["parameter"]`` is the name
    given, ``detail["known"]`` the endpoint's parameters."""

    code = "unknown-query-parameter"
    title = "Unknown query parameter"


class UnknownCalendarError(UnknownNameError, KeyError, ValueError):
    """A national calendar govhall does not have (``govhall.calendar("US")``, ``calendar.base: US`` in a
    profile); ``detail["name"]`` is the name given, ``detail["known"]`` the names it has (also
    ``ValueError``, as raised before)."""

    code = "unknown-calendar"
    status = 422
    title = "Unknown calendar"


def _first_undecodable(raw: bytes) -> int | None:
    """The offset of the first byte of ``raw`` that is not UTF-8, or None."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return None


#: what pydantic puts before the message of a ValueError / AssertionError a validator raised
_PYDANTIC_PREFIXES = ("Value error, ", "Assertion failed, ")


#: the ISO 8601 form each kind of value an ``iso_text`` field takes (models._base.IsoText's ``what``)
_ISO_FORMS = {"a date": "YYYY-MM-DD", "a time of day": "HH:MM"}


def not_iso_text(value: Any, what: str, example: str, shown: str | None = None) -> str:
    """Why ``value`` is not the ISO 8601 text a date, time or moment field takes, in words that fit the
    value given: a number (never read as seconds since 1970), a text of digits, an empty text, ``true``
    or ``false``, ``null``, an object or a list, or a text that is simply not a date (``'xxxx'``,
    ``'NaN'``, ``'2025/11/05'``). ``shown`` is the value as the error may echo it (None: not echoed,
    the value's kind is named instead). ``what`` is ``"a date"``, ``"a time of day"`` or ``"a date or
    time"``; ``example`` a valid text of that kind."""
    form = _ISO_FORMS.get(what)
    expected = f"expected ISO 8601 text such as {example}{f', in the form {form}' if form else ''}"
    if isinstance(value, bool):
        return f"{'true' if value else 'false'} is not {what} ({expected})"
    if value is None:
        return f"null is not {what} ({expected})"
    if isinstance(value, (int, float, Decimal)):
        subject = f"{shown} is a number," if shown is not None else "a number is"
        return f"{subject} not {what} ({expected}; a number is never read as one)"
    if isinstance(value, Mapping):
        return f"an object is not {what} ({expected})"
    if isinstance(value, (list, tuple)):
        return f"a list is not {what} ({expected})"
    if isinstance(value, timedelta):  # a Parquet or Arrow duration column: a length of time, not a moment
        return f"a duration ({_duration_text(value)}) is not {what} ({expected}; a length of time is never read as one)"
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return f"an empty text is not {what} ({expected})"
        if text.lstrip("+-").replace(".", "", 1).isdigit():
            subject = f"{shown} is a text of digits," if shown is not None else "a text of digits is"
            return f"{subject} not {what} ({expected}; digits are never read as one)"
        return f"{shown if shown is not None else 'a text that'} is not {what} ({expected})"
    return f"{shown if shown is not None else 'the value'} is not {what} ({expected})"


def _duration_text(value: timedelta) -> str:
    """``value`` in ISO 8601's duration form (``P1D``, ``PT3H``, ``-P1DT0.5S``), the form a reader of the
    message can check against its column."""
    sign = "-" if value < timedelta(0) else ""
    value = abs(value)
    hours, rest = divmod(value.seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    secs = (
        f"{seconds}.{value.microseconds:06d}".rstrip("0").rstrip(".") if value.microseconds else str(seconds)
    )
    time = "".join(f"{n}{u}" for n, u in ((hours, "H"), (minutes, "M")) if n)
    time += f"{secs}S" if seconds or value.microseconds else ""
    day = f"{value.days}D" if value.days else ""
    if not day and not time:
        return "PT0S"
    return f"{sign}P{day}{'T' + time if time else ''}"


#: pydantic's error types for a date, time or moment text it could not parse
DATE_PARSING_ERRORS = frozenset({
    "date_parsing", "date_from_datetime_parsing", "datetime_parsing", "datetime_from_date_parsing",
    "time_parsing",
})  # fmt: skip

_TIME_IN_TEXT = _re.compile(
    r"(?:^|T|\s)([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?(?:[.,][0-9]+)?\s*(Z|[+-][0-9]{2}(?::?[0-9]{2})?)?\s*$"
)


_FRACTION = _re.compile(r":[0-9]{2}[.,]([0-9]+)")

#: RFC 9557's suffixes after a moment (``…+08:00[Asia/Shanghai]``, ``[!Asia/Shanghai][u-ca=chinese]``):
#: refused, not read (docs/data.md, "Dates and times"), even when the zone agrees with the offset, as
#: every reader of govhall's input (pydantic, the JSON Schema's date-time, Parquet, SQL) refuses them
_BRACKETED_SUFFIX = _re.compile(r"[0-9Z]\s*(?:\[[^\[\]]*\])+\s*$", _re.IGNORECASE)


def real_offset_problem(minutes: int) -> str | None:
    """Why a UTC offset of ``minutes`` is no time zone's, or None: real zones' offsets run from
    -12:00 (Etc/GMT+12) to +14:00 (Pacific/Kiritimati). (Minutes are not judged: tzdata's historical
    offsets have any, Shanghai's own local mean time was +08:05:43.)"""
    if not -12 * 60 <= minutes <= 14 * 60:
        return "offsets run from -12:00 to +14:00"
    return None


#: ``2025-W36-1``, ``2025W361``, ``2025-W36`` (a week date) or ``2025-244`` (an ordinal date), alone or
#: before a time: ISO 8601 forms govhall does not read (a clerk's day is a calendar date)
_WEEK_OR_ORDINAL = _re.compile(r"\s*[+-]?[0-9]{4}-?(?:(W[0-9]{2}(?:-?[0-9])?)|[0-9]{3})(?:[T ]|\s*$)", _re.I)


def time_text_fault(text: str) -> str | None:
    """What is wrong with the time of day in ``text`` (a date-time pydantic could not read), in words,
    or None when it is something else: pydantic said "unexpected extra characters at the end of the
    input" for ``T24:00:00``, a leap second ``:60`` and an offset ``+25:00`` alike."""
    week = _WEEK_OR_ORDINAL.match(text)
    if week is not None:  # pydantic: "invalid character in month" (3.11's fromisoformat reads them)
        kind = "an ISO week date (YYYY-Www-D)" if week.group(1) else "an ISO ordinal date (YYYY-DDD)"
        return f"is {kind}: govhall reads calendar dates only; write the day as YYYY-MM-DD"
    bracketed = _BRACKETED_SUFFIX.search(text)
    if bracketed is not None:  # pydantic: "unexpected extra characters at the end of the input"
        return (
            "ends in a bracketed time zone or suffix (RFC 9557's [Asia/Shanghai]): govhall reads ISO 8601 "
            "moments, whose offset alone says the moment; drop the brackets and keep or write the offset "
            "(+08:00 in Shanghai)"
        )
    found = _TIME_IN_TEXT.search(text.strip())
    if found is None:
        return None
    fraction = _FRACTION.search(text)
    if fraction is not None and len(fraction.group(1)) > 6:
        return (f"has {len(fraction.group(1))} digits past the second: govhall keeps microseconds (six "
                "digits at most; a nanosecond timestamp is not cut without a word)")  # fmt: skip
    hour, minute, second, offset = found.groups()
    if hour == "24":
        return "has the hour 24: a day ends at 23:59:59 (write 00:00 of the next day)"
    if int(hour) > 24:
        return f"has the hour {hour}: hours run from 00 to 23"
    if int(minute) > 59:
        return f"has the minute {minute}: minutes run from 00 to 59"
    if second == "60":
        return "has the second 60 (a leap second): govhall reads none; write :59"
    if second is not None and int(second) > 60:
        return f"has the second {second}: seconds run from 00 to 59"
    if offset and offset != "Z":
        digits = offset[1:].replace(":", "")
        if len(digits) == 2:
            return f"has the offset {offset} without its minutes: write {offset}:00"
        h, m = int(digits[:2]), int(digits[2:] or 0)
        if m > 59:
            return f"has the offset {offset}: its minutes run from 00 to 59"
        why = real_offset_problem((h * 60 + m) * (-1 if offset[0] == "-" else 1))
        if why is not None:
            return f"has the offset {offset}, no time zone's: {why}"
    return None


#: the characters no one sees that an id may not hold (format characters: zero-width spaces and joiners,
#: direction marks and overrides, the byte-order mark, the soft hyphen …), as a pattern every regex
#: engine reads (pydantic-core's, JSON Schema's, Python's): ``A\u200b1`` was an id shown as ``A1``, another
#: record than ``A1`` though no one could tell them apart
INVISIBLE_IN_ID = "\\u00ad\\u061c\\u180e\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u206f\\ufeff"
ID_PATTERN = f"^[^{INVISIBLE_IN_ID}]*$"
_INVISIBLE = _re.compile(f"[{INVISIBLE_IN_ID}]")


def invisible_in_id(value: Any) -> str | None:
    """The words for an id holding a character no one sees (see :data:`ID_PATTERN`), else None."""
    if not isinstance(value, str):
        return None
    m = _INVISIBLE.search(value)
    if m is None:
        return None
    c = m.group()
    name = _unicodedata.name(c, "").lower() or "a format character"
    shown = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in (echoed_id(value) or ""))
    return (
        f"'{shown}' holds an invisible U+{ord(c):04X} ({name}): an id shown as another, which a record "
        "typed without it is not; remove it"
    )


#: the digits a count is written in: ASCII, and full-width (Chinese text's own, NFKC's leniency, as a
#: limit text such as ``５个工作日`` reads them); a digit of another script (``٥``) is refused, said so
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def foreign_digit(text: str) -> str | None:
    """Why ``text`` is not read as a number when it holds a decimal digit of another script than ASCII
    and full-width (``٥``, Arabic-Indic: Python's int() and Decimal() read it, a limit text does not),
    naming the digit; None when it holds none."""
    other = next((c for c in text if c.isdecimal() and not c.translate(_FULL_WIDTH_DIGITS).isascii()), None)
    if other is None:
        return None
    return (
        f"{other!r} ({_unicodedata.name(other, 'a digit')}) is a digit of another script; write 0-9 "
        "(full-width ０-９ are read too)"
    )


def whole_number_text(text: str) -> int:
    """The whole number ``text`` writes (a sign allowed, ASCII or full-width digits); a ``ValueError``
    saying why when it writes none: ``1_0`` (Python's digit separator), ``1.0``, ``²`` (no decimal
    digit), ``٥`` (a digit of another script: Python's int() reads it, a limit text does not), or more
    digits than Python converts."""
    t = text.strip()
    digits = t[1:] if t[:1] in ("+", "-") else t
    ascii_digits = digits.translate(_FULL_WIDTH_DIGITS)
    if not ascii_digits or not (ascii_digits.isascii() and ascii_digits.isdigit()):
        other = foreign_digit(digits)
        why = f": {other}" if other is not None and ascii_digits.isdecimal() else ""
        raise ValueError(f"{echoed_id(text)!r} is not a whole number{why}")
    if len(ascii_digits) > 4300:  # more digits than Python converts
        raise ValueError(f"a number of {len(ascii_digits)} digits is far too large")
    return int(t[:1] + ascii_digits if t[:1] in ("+", "-") else ascii_digits)


def no_such_day(text: str) -> str:
    """``"2025-02 has 28 days"`` when ``text`` starts with a day in the ISO form that is no day of the
    calendar (``2025-02-29``, ``2025-13-01``): "is not an ISO date (YYYY-MM-DD)" said the form was
    wrong, of a text in that very form. Else ``""``."""
    import calendar

    m = _re.match(r"\s*([0-9]{4})-([0-9]{2})-([0-9]{2})(?![0-9])", text)
    if m is None:
        return ""
    year, month, day = (int(g) for g in m.groups())
    if not 1 <= month <= 12:
        return f"there is no month {month:02d}"
    if year < 1:
        return "there is no year 0000"
    days = calendar.monthrange(year, month)[1]
    return f"{year:04d}-{month:02d} has {days} days" if not 1 <= day <= days else ""


def unicode_written(name: str) -> str:
    """``name`` with each character Unicode normalisation may change (a combining mark, a precomposed
    letter, a compatibility ideograph) written as its code point: ``Cafe\\u0301`` against
    ``Caf\\u00e9``. CJK ideographs and ASCII stay as they are."""
    return "".join(
        (f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}")
        if ord(c) > 127 and (_unicodedata.combining(c) or _unicodedata.decomposition(c))
        else c
        for c in name
    )


def validation_message(error: Mapping[str, Any]) -> str:
    """The message of one pydantic error (a ``ValidationError.errors()`` entry) as govhall shows it:
    without pydantic's ``"Value error, "`` / ``"Assertion failed, "`` prefix on a message govhall's own
    validators wrote ("Value error, expected ISO 8601 text …" reads as "expected ISO 8601 text …")."""
    if error.get("type") == "string_unicode":  # pydantic's words for a string holding a lone surrogate
        raw = error.get("input")
        if isinstance(raw, (bytes, bytearray, memoryview)):  # a binary value (a Parquet binary column)
            bad = _first_undecodable(bytes(raw))
            at = f": byte 0x{bytes(raw)[bad]:02x} at offset {bad}" if bad is not None else ""
            return f"bytes that are not UTF-8 text{at} (a binary column where text is wanted?)"
        return "a lone surrogate is not a character (half of a UTF-16 pair: the text was broken before it was written)"
    if (
        error.get("type") == "string_pattern_mismatch"
        and (error.get("ctx") or {}).get("pattern") == ID_PATTERN
    ):
        said = invisible_in_id(error.get("input"))
        if said is not None:
            return said
    if error.get("type") == "iso_text":  # a date, time or moment field given something else
        ctx = error.get("ctx") or {}
        if "what" in ctx:
            return not_iso_text(error.get("input"), str(ctx["what"]), str(ctx.get("example", "")))
    if error.get("type") in DATE_PARSING_ERRORS and isinstance(error.get("input"), str):
        fault = time_text_fault(error["input"])
        if fault is not None:
            return f"{echoed_id(error['input'])!r} {fault}"
        why = no_such_day(error["input"])  # 2025-02-29: "day value is outside expected range", as the
        if why:  # batch loader once said (a live event or a service body still did)
            return f"{echoed_id(error['input'])!r} is not an ISO date: no such day ({why})"
    msg = str(error.get("msg", ""))
    for prefix in _PYDANTIC_PREFIXES:
        if msg.startswith(prefix):
            return msg[len(prefix) :]
    return msg


#: the most characters of an id read from input that an error echoes (a longer one is cut, see echoed_id)
MAX_ECHOED_ID = 80


def echoed_id(value: str | None) -> str | None:
    """``value`` (an id, a key or a field path read from input) as an error may echo it: cut after
    ``MAX_ECHOED_ID - 1`` characters with ``…`` when longer. A row whose first cell held a whole file's
    worth of text made a rejected record (and every report line about it) that long; the line and
    source still place it."""
    if value is None or len(value) <= MAX_ECHOED_ID:
        return value
    return value[: MAX_ECHOED_ID - 1] + "…"


def echoed_names(values: Iterable[str], most: int = 5) -> str:
    """``values`` (names read from input: unknown standards, tables …) joined with ``, `` as an error
    may echo them: each cut as :func:`echoed_id` cuts it (an empty one shown ``''``, else it vanished
    from the message), at most ``most`` of them, then how many more."""
    names = list(values)
    shown = ", ".join(echoed_id(str(v)) or "''" for v in names[:most])
    return shown + (f" … ({len(names) - most} more)" if len(names) > most else "")
