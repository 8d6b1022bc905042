"""Shared building blocks of the govhall models.

* ``GovModel``: the base of every input model (unknown fields are an error, so typos are reported
  rather than silently ignored; strings are stripped).
* ``BilingualEnum``: enum values are English identifiers; the Chinese terms of the standards are
  accepted as aliases on input (``"行政许可"`` and ``"administrative_licensing"`` are the same value).
* ``LocalDateTime``: timestamps are Asia/Shanghai wall-clock time. A naive value is read as
  Asia/Shanghai, an aware one is converted to Asia/Shanghai; both are stored naive so that rules can
  compare them without time-zone arithmetic (DESIGN, "Time"). ``DueDateTime`` is one for a moment
  something is due by: a bare date there means the end of that day (civil-code:203).
* ``Lenient``: on a ``Literal[...]`` field, the spellings a ``BilingualEnum`` accepts (any case,
  surrounding spaces, ``-`` or a space for ``_``, the standards' Chinese terms), the value staying the
  canonical English text; the exact text is matched by pydantic-core alone, so valid input costs no
  Python call.
* ``Personal``: fields that hold personal data (names, phone numbers, ID numbers, addresses) carry
  ``{"x-personal": true}`` in their JSON Schema; reports mask them unless asked not to.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, get_args
from zoneinfo import ZoneInfo

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
)
from pydantic.config import JsonDict
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from govhall.errors import ID_PATTERN, DateError, echoed_id, foreign_digit, real_offset_problem

SHANGHAI = ZoneInfo("Asia/Shanghai")


def to_shanghai_naive(value: datetime) -> datetime:
    """Return ``value`` as naive Asia/Shanghai wall-clock time (naive input is already that)."""
    if value.tzinfo is None:
        return value
    offset = value.utcoffset()
    # a fixed offset (as text gives one): +14:30 or +23:59 parsed, and was converted as if a zone were
    # that far off; a zone's own (a ZoneInfo, from Python or Parquet) is real by construction
    if offset is not None and not isinstance(value.tzinfo, ZoneInfo):
        minutes = int(offset.total_seconds()) // 60
        why = real_offset_problem(minutes)
        if why is not None:
            sign, whole = ("-", -minutes) if minutes < 0 else ("+", minutes)
            shown = f"{sign}{whole // 60:02d}:{whole % 60:02d}"
            raise DateError(
                f"{value.isoformat()!r} has the offset {shown}, no time zone's: {why}",
                value=value.isoformat(),
            )
    try:
        return value.astimezone(SHANGHAI).replace(tzinfo=None)
    except OverflowError:  # 0001-01-01T00:00+14:00 or 9999-12-31T23:59-12:00: no such Shanghai time
        raise DateError(
            f"{value.isoformat()!r} falls outside the years 0001-9999 once converted to Asia/Shanghai",
            value=value.isoformat(),
        ) from None


#: a moment or a day given as text must start like ISO 8601 (``YYYY-``): pydantic would read a number,
#: or a text of digits, as seconds since 1970 (``"at": 1700000000`` a moment of 2023)
ISO_START = r"^\s*[0-9]{4}-"


class IsoText:
    """Marks a ``datetime`` or ``date`` field to take ISO 8601 text (or, from YAML, Parquet or Python, a
    ``date``/``datetime`` value) and nothing else (DESIGN, "Input data": dates are ISO 8601).

    pydantic's lax mode reads a number, or a text of digits, as a Unix time: ``"at": 1700000000`` would
    be a moment of 2023 and ``"deadline": 0`` the day 1970-01-01, silently. The core schema is a chain,
    in pydantic-core alone (valid input costs no Python call): a guard that lets through a text starting
    ``YYYY-`` (a ``date``/``datetime`` object too, outside JSON), then the field's own parsing, whose
    errors (a 13th month, a 31st of April) are unchanged. Placed last in ``Annotated``, after the
    field's validators, so a bare day for a :data:`DueDateTime` is still read as the end of that day.
    """

    __slots__ = ("_example", "_instance", "_pattern", "_what")

    def __init__(self, example: str, instance: type, pattern: str = ISO_START, what: str = "a date") -> None:
        self._example = example
        self._instance = instance
        self._pattern = pattern
        self._what = what

    def __hash__(self) -> int:
        return hash((self._example, self._instance, self._pattern, self._what))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, IsoText) and (
            other._example,
            other._instance,
            other._pattern,
            other._what,
        ) == (self._example, self._instance, self._pattern, self._what)

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        text = core_schema.str_schema(pattern=self._pattern)
        guard = core_schema.custom_error_schema(
            core_schema.json_or_python_schema(
                json_schema=text,
                python_schema=core_schema.union_schema(
                    [core_schema.is_instance_schema(self._instance), text], mode="left_to_right"
                ),
            ),
            custom_error_type="iso_text",
            # the words govhall shows fit the value given (errors.not_iso_text, from ``what`` and
            # ``example``); this message is pydantic's own str() of the error
            custom_error_message=f"expected ISO 8601 text such as {self._example} for {self._what}",
            custom_error_context={"what": self._what, "example": self._example},
        )
        return core_schema.chain_schema([guard, _whole_microseconds(handler(source))])

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        # the JSON Schema is the field's own (format date-time / date), not the guard's
        return handler(schema["steps"][-1] if schema["type"] == "chain" else schema)


def _whole_microseconds(schema: Any) -> Any:
    """``schema`` with its time or date-time parsing refusing digits past the sixth of a second
    (pydantic cut ``09:00:00.123456789`` to ``.123456`` without a word): govhall keeps microseconds,
    so a nanosecond timestamp is refused, naming the field (errors.time_text_fault says why)."""
    if not isinstance(schema, dict):
        return schema
    if schema.get("type") in ("datetime", "time"):
        return {**schema, "microseconds_precision": "error"}
    if schema.get("type") in ("function-before", "function-after", "function-wrap") and "schema" in schema:
        return {**schema, "schema": _whole_microseconds(schema["schema"])}
    return schema


class NotBool:
    """Marks a number field to refuse ``true``/``false``: pydantic's lax mode reads ``true`` as 1, so
    ``"retention_days": true`` would silently be one day. A number, or a text of one (CSV), is read
    as before; the guard is pydantic-core alone (a union of strict number schemas and text)."""

    __slots__ = ()

    def __hash__(self) -> int:
        return hash(NotBool)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NotBool)

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        guard = core_schema.custom_error_schema(
            core_schema.union_schema(
                # strict int first, so an int goes on unchanged (never through a float)
                [
                    core_schema.int_schema(strict=True),
                    core_schema.float_schema(strict=True),
                    core_schema.str_schema(),
                ],
                mode="left_to_right",
            ),
            custom_error_type="number_type",
            custom_error_message="expected a number (true or false is not one)",
        )
        digits = core_schema.no_info_plain_validator_function(_no_digit_separator)
        return core_schema.chain_schema([guard, digits, handler(source)])

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return handler(schema["steps"][-1] if schema["type"] == "chain" else schema)


def _yes_word(value: str) -> bool:
    return value == "是"


class YesNoGuard:
    """Marks a yes/no field to take what docs/data.md lists and nothing else: ``true``/``false``, the
    whole numbers ``1``/``0``, or a text of ``true``/``false``, ``t``/``f``, ``yes``/``no``, ``y``/``n``,
    ``on``/``off``, ``1``/``0`` (any case; PostgreSQL exports write ``t``/``f``), or ``是``/``否`` in
    every form. pydantic's lax mode also read the JSON number ``1.0`` as yes, and a CSV's ``是`` was
    yes where the same text in JSON was refused. The guard is pydantic-core alone for the usual forms
    (a union of strict bool, strict int and text); ``是``/``否`` cost one call."""

    __slots__ = ()

    def __hash__(self) -> int:
        return hash(YesNoGuard)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, YesNoGuard)

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        guard = core_schema.union_schema(
            [
                core_schema.bool_schema(strict=True),
                core_schema.int_schema(strict=True),
                core_schema.no_info_after_validator_function(
                    _yes_word, core_schema.literal_schema(["是", "否"])
                ),
                core_schema.str_schema(strip_whitespace=True),
            ],
            mode="left_to_right",
        )
        # one message whether the guard or pydantic's own parsing (a text such as 'nope', the number 2)
        # refused it, naming what is accepted
        return core_schema.custom_error_schema(
            core_schema.chain_schema([guard, handler(source)]),
            custom_error_type="yes_no",
            custom_error_message=(
                "expected yes or no: true/false, 1/0, or a text of true/false, t/f, yes/no, y/n, on/off, "
                "1/0 or 是/否"
            ),
        )

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        inner = schema["schema"] if schema["type"] == "custom-error" else schema
        return handler(inner["steps"][-1] if inner["type"] == "chain" else inner)


#: a yes/no field (see :class:`YesNoGuard`): never a fraction such as ``1.0``
YesNo = Annotated[bool, YesNoGuard()]


def _no_digit_separator(value: Any) -> Any:
    """``value`` unless it is a text with ``_`` in it: pydantic reads ``"1_0"`` as 10 (Python's digit
    separator), a number no person or export writes so; a CSV cell ``1_0`` was a count of ten."""
    if type(value) is str and "_" in value:
        raise PydanticCustomError(
            "int_parsing", "{text} is not a number written in digits ('_' is no digit separator here)",
            {"text": repr(value[:40])},
        )  # fmt: skip
    return value


#: a whole number (``5``, ``5.0`` or ``"5"``), never ``true``/``false``
Count = Annotated[int, NotBool()]
#: a whole number at least 0 (the bound inside the guard, so the JSON Schema says ``minimum``)
NonNegativeCount = Annotated[int, Field(ge=0), NotBool()]


def finite_decimal(value: Decimal) -> Decimal:
    """``value`` if a JSON number could hold it: a JSON number past a double's range (``1e400``) is read
    as infinity and refused, so the same text in a CSV cell or a JSON string (``"1e400"``, read exactly
    as a Decimal) is refused too, in the same words, however the record was written."""
    if math.isfinite(float(value)):
        return value
    raise PydanticCustomError("finite_number", "Input should be a finite number")


def amount_not_bool(value: Any) -> Any:
    """A yes/no is no amount of money: ``service_fee_charged: true`` was refused in pydantic's Python
    words ("decimal input should be an integer, float, string or Decimal object (got true)"); a text in
    digits of another script (``٥``) was read as 5, where a count or a limit text refuses them."""
    if isinstance(value, bool):
        raise ValueError(f"an amount of money is a number (yuan), not {'true' if value else 'false'}")
    if isinstance(value, str) and (other := foreign_digit(value)) is not None:  # Decimal('٥') is 5
        raise ValueError(f"{echoed_id(value)!r} is not an amount: {other}")
    return value


#: an amount of money: a Decimal no larger than a JSON number can hold (see :func:`finite_decimal`)
FiniteDecimal = Annotated[Decimal, BeforeValidator(amount_not_bool), AfterValidator(finite_decimal)]


def limit_text(value: str) -> str:
    """``value`` if it is a time limit as the standards write it (``20个工作日``, ``3天``, ``当场`` …) no
    longer than ten years (:func:`govhall.timelimits.parse_limit`,
    :data:`govhall.timelimits.MAX_ITEM_LIMIT`): a limit no rule could count (``很久``, ``99999个工作日``)
    is refused when the record is read, naming the field, record and line, instead of failing every
    rule that counts the record's time."""
    from govhall.timelimits import check_item_limit, parse_limit  # timelimits imports the models

    check_item_limit(parse_limit(value))  # raises LimitTextError, a ValueError naming the text
    return value


def limit_is_text(value: Any, echo: bool = True) -> Any:
    """A time limit is text (``5个工作日``): a bare number (``promised_limit: 5``) was refused in pydantic's
    words, "input should be a valid string (got 5)", which said nothing of what to write instead; the
    unit is what the number lacks (5 working days? 5 calendar days?), so it is not guessed. ``echo``:
    the number is said (the service, which echoes no input, says "a number")."""
    if value is None or isinstance(value, str):
        return value
    from govhall._yamlio import json_type

    if isinstance(value, bool):
        got = json_type(value)
    elif isinstance(value, (int, float, Decimal)):
        got = f"the number {value}" if echo else "a number"
    elif isinstance(value, (date, time)) and echo:
        got = f"the date {value.isoformat()}"
    else:
        got = json_type(value)
    raise ValueError(f'a time limit is text such as "5个工作日", got {got}')


#: a time-limit text (an item's 承诺时限, an application's own promise, an extension's extra time),
#: checked when read (see :func:`limit_text`)
LimitText = Annotated[str, BeforeValidator(limit_is_text), AfterValidator(limit_text)]

#: a record's id (an item's code): text with something in it once stripped; an id of spaces alone (or an
#: empty cell) was read as the id "", a record no report could name
RecordId = Annotated[str, Field(min_length=1, pattern=ID_PATTERN)]


#: a time of day, as ISO 8601 text (``09:00``, ``17:30:00``) or a ``time``; never a number of seconds
IsoTime = Annotated[time, IsoText("09:00", time, r"^\s*[0-9]{2}:", "a time of day")]

#: a day, as ISO 8601 text (``2025-11-05``) or a ``date``; never a number
IsoDate = Annotated[date, IsoText("2025-11-05", date)]

LocalDateTime = Annotated[
    datetime,
    AfterValidator(to_shanghai_naive),
    IsoText("2025-11-05T09:30:00", date, what="a date or time"),
    Field(description="ISO 8601 timestamp; naive = Asia/Shanghai, aware values are converted to it"),
]


_BARE_DAY = re.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}")


def end_of_a_bare_day(value: Any) -> Any:
    """A bare day (``2025-11-05`` or a ``date``) given for a time something is due by, read as the end of
    that day: a time limit's last day runs to 24:00 (civil-code:203), so an act at 09:00 on the day
    promised is in time. Anything else is left to the datetime parsing."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time.max)
    if isinstance(value, str) and _BARE_DAY.fullmatch(value.strip()):  # not 3.11's 2025-W45-3 (10 chars)
        try:
            return datetime.combine(date.fromisoformat(value.strip()), time.max)
        except ValueError:
            return value
    return value


#: a moment something is due by: a LocalDateTime, where a bare day means the end of that day
DueDateTime = Annotated[
    datetime,
    BeforeValidator(end_of_a_bare_day),
    AfterValidator(to_shanghai_naive),
    IsoText("2025-11-05T18:00:00", date, what="a date or time"),
    Field(
        description="ISO 8601 timestamp (naive = Asia/Shanghai); a bare date means the end of that day (24:00)"
    ),
]

PERSONAL_MARK = "x-personal"


def Personal(description: str = "", **kwargs: Any) -> Any:  # noqa: N802 - reads like a type marker
    """A pydantic ``Field`` marked as personal data (masked in reports)."""
    extra: JsonDict = {PERSONAL_MARK: True}
    return Field(
        default=kwargs.pop("default", None), description=description, json_schema_extra=extra, **kwargs
    )


#: the white space ``str_strip_whitespace`` strips from a text's ends (pydantic-core trims Unicode's
#: White_Space): Python's ``str.strip()`` also strips U+001C-U+001F, which the models keep, so a reader
#: that strips as the models do names a record by the id it would hold (``A1\x1f``, not ``A1``)
MODEL_SPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"


def strip_space(text: str) -> str:
    """``text`` stripped of white space at its ends as the models strip it (:data:`MODEL_SPACE`)."""
    return text.strip(MODEL_SPACE)


class GovModel(BaseModel):
    """Base of all input models: strict about unknown fields, lenient about whitespace."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True)

    def recorded(self, *fields: str) -> bool:
        """Whether the input gave any of ``fields``: a list left out is *not recorded* (never a finding),
        an empty list given is *none* (``systems: []`` says the hall has no systems)."""
        # (the set ``model_fields_set`` returns, read without the property's call: rules ask it some
        # 30k times in a 20k hall's audit)
        return not self.__pydantic_fields_set__.isdisjoint(fields)


class BilingualEnum(str, Enum):
    """A string enum whose members also accept their Chinese names (and aliases) on input.

    The aliases are attached with :func:`bilingual` (Chinese term -> English value; several terms may
    map to one member).
    """

    _value_: str  # every member's value is its English text (tells type checkers what .value is)

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if isinstance(value, str):
            text = value.strip()
            zh = cls.__dict__.get("_zh_map") or {}
            target = zh.get(text)
            if target is None:
                lowered = text.lower().replace("-", "_").replace(" ", "_")
                for member in cls:
                    if member.value == lowered:
                        return member
                return None
            # the member itself, not cls(target): pydantic calls _missing_ for every Chinese term it
            # reads, and a second trip through Enum.__call__ doubled the cost of each
            return cls._value2member_map_.get(target) or cls(target)
        return None

    @property
    def zh(self) -> str:
        """The first Chinese term for this member (or the English value if none is given)."""
        zh_map: dict[str, str] = type(self).__dict__.get("_zh_map") or {}
        for term, value in zh_map.items():
            if value == self.value:
                return term
        return self.value


def _canonical(values: tuple[str, ...], zh: Mapping[str, str], value: object) -> str:
    """``value`` as one of ``values``, read as ``BilingualEnum._missing_`` reads an enum's input."""
    if isinstance(value, str):
        text = value.strip()
        target = zh.get(text)
        if target is not None:
            return target
        lowered = text.lower().replace("-", "_").replace(" ", "_")
        if lowered in values:
            return lowered
    raise ValueError(f"not one of {values}")


class Lenient:
    """Marks a ``Literal[...]`` of English values to accept what a ``BilingualEnum`` accepts.

    ``Annotated[Literal["sign_in", "sign_out"], Lenient({"签到": "sign_in", "签退": "sign_out"})]``
    reads ``"sign_in"``, ``" Sign-In "`` and ``"签到"`` alike as ``"sign_in"`` (a plain ``str``, as
    before). The core schema is a left-to-right union: the literal first, in pydantic-core, then
    (only for a text it did not match) the Python reading; anything else is the literal's own error.
    The JSON Schema lists the values, and the Chinese terms under ``x-aliases`` as enums have them.
    """

    __slots__ = ("_pairs",)

    def __init__(self, zh: Mapping[str, str] | None = None) -> None:
        self._pairs = tuple((zh or {}).items())  # hashable: an Annotated type in a union is hashed

    def __hash__(self) -> int:
        return hash(self._pairs)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Lenient) and other._pairs == self._pairs

    @property
    def zh(self) -> dict[str, str]:
        """Chinese term -> English value."""
        return dict(self._pairs)

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        values = tuple(str(v) for v in get_args(source))
        unknown = set(self.zh.values()) - set(values)
        if unknown:  # pragma: no cover - programming error caught at import
            raise ValueError(f"aliases point to unknown values {sorted(unknown)}")
        zh = dict(self.zh)

        def canonical(value: object) -> str:
            return _canonical(values, zh, value)

        expected = (
            ", ".join(repr(v) for v in values[:-1]) + f" or {values[-1]!r}"
            if len(values) > 1
            else repr(values[0])
        )
        return core_schema.union_schema(
            [handler(source), core_schema.no_info_plain_validator_function(canonical)],
            mode="left_to_right",
            custom_error_type="literal_error",
            # a Chinese term to show in the error, as an enum's error shows one (govhall.loaders)
            custom_error_context={"expected": expected, **({"term": next(iter(zh))} if zh else {})},
        )

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        choices = schema["choices"] if schema["type"] == "union" else [schema]
        first = choices[0]
        out = handler(first[0] if isinstance(first, tuple) else first)
        if self.zh:
            out = {**out, "x-aliases": dict(self.zh)}
        return out


def bilingual(cls: type[BilingualEnum], mapping: dict[str, str]) -> type[BilingualEnum]:
    """Attach the Chinese aliases ``mapping`` (Chinese term -> English value) to ``cls``."""
    values = {m.value for m in cls}
    unknown = set(mapping.values()) - values
    if unknown:  # pragma: no cover - programming error caught at import
        raise ValueError(f"{cls.__name__}: aliases point to unknown values {sorted(unknown)}")
    type.__setattr__(cls, "_zh_map", dict(mapping))
    return cls


def personal_fields(model: type[BaseModel]) -> set[str]:
    """Names of ``model``'s fields marked as personal data (not recursive)."""
    out = set()
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra
        if isinstance(extra, dict) and extra.get(PERSONAL_MARK):
            out.add(name)
    return out
