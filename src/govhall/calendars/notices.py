"""Named records of the State Council's annual holiday notices (``state-council-holidays``).

The records live in ``cn_notices.yaml`` next to this module: per year the notice's document number,
title and date, and per holiday block its names, first and last day (the whole 放假 span, weekend
days inside it included), the notice's own day count and the make-up working days (调休上班).
Loading validates every record: a block whose span does not match its stated day count, a make-up
day that is not a weekend day or that falls inside a block, or two blocks that overlap, is an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from govhall._yamlio import load_packaged
from govhall.errors import InputError, UnreadableInputError, validation_message

__all__ = [
    "HolidayBlock",
    "HolidayNotice",
    "NoticeBook",
    "NoticeSource",
    "StatutoryHoliday",
    "StatutoryRule",
    "extend_book",
    "load_notice_book",
    "packaged_sources",
    "read_notice_file",
    "read_notice_file_lines",
]


class HolidayBlock(BaseModel):
    """One holiday block of a notice: the whole 放假 span and its 调休 working days."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    item: str = Field(description="the notice's own list number, e.g. 六")
    name_zh: str
    name_en: str
    first_day: date
    last_day: date
    days: int = Field(ge=1, description="the notice's own count (共N天)")
    makeup_workdays: tuple[date, ...] = ()
    text: str = Field(description="the notice's wording of this item")

    @model_validator(mode="after")
    def _check(self) -> HolidayBlock:
        span = (self.last_day - self.first_day).days + 1
        if span != self.days:
            raise ValueError(
                f"block {self.name_zh}: {self.first_day}..{self.last_day} is {span} days, the notice says {self.days}"
            )
        for i, d in enumerate(self.makeup_workdays):
            if d in self.makeup_workdays[:i]:  # it said "appears in both 元旦 and 元旦", as if two blocks
                raise ValueError(f"block {self.name_zh}: make-up working day {d} is listed twice")
            if d.weekday() < 5:
                raise ValueError(f"block {self.name_zh}: make-up working day {d} is not a Saturday or Sunday")
            if self.first_day <= d <= self.last_day:
                raise ValueError(f"block {self.name_zh}: make-up working day {d} lies inside the block")
        return self

    def dates(self) -> list[date]:
        """Every date of the block, first day to last day."""
        return [self.first_day + timedelta(days=i) for i in range(self.days)]


class HolidayNotice(BaseModel):
    """One year's notice (国务院办公厅关于XXXX年部分节假日安排的通知)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    year: int
    id: str = Field(description="document number, e.g. 国办发明电〔2024〕12号")
    title: str
    date: date
    url: str | None = None
    blocks: tuple[HolidayBlock, ...]

    @model_validator(mode="after")
    def _check(self) -> HolidayNotice:
        seen: dict[date, str] = {}
        names = [block.name_zh for block in self.blocks]
        for block in self.blocks:
            # two blocks of one name (a block copied and not renamed) are told apart by their items
            name = f"{block.item}、{block.name_zh}" if names.count(block.name_zh) > 1 else block.name_zh
            # a notice arranges its own year, and the turn of the year before (2023's 元旦 began on
            # 2022-12-31): a day of another year (2028-01-08 in the 2027 notice, a typo) was taken in,
            # changing a year the notice does not speak for
            for what, days in (("holiday", (block.first_day, block.last_day)), ("make-up working day",
                               block.makeup_workdays)):  # fmt: skip
                for d in days:
                    if d.year not in (self.year - 1, self.year):
                        raise ValueError(
                            f"notice {self.year}: block {name}: {what} {d} is in {d.year}; a {self.year} "
                            f"notice arranges days of {self.year} (or of {self.year - 1} at the turn of the "
                            "year)"
                        )
            for d in (*block.dates(), *block.makeup_workdays):
                if d in seen:
                    raise ValueError(f"notice {self.year}: {d} appears in both {seen[d]} and {name}")
                seen[d] = name
        return self

    def citation(self, block: HolidayBlock | None = None) -> str:
        """A readable citation: title, document number and, given a block, its item."""
        base = f"{self.title}（{self.id}）"
        return f"{base}{block.item}、{block.name_zh}" if block is not None else base

    def clause(self, block: HolidayBlock | None = None) -> str:
        """A ClauseRef string, e.g. ``state-council-holidays:2025.六``."""
        return f"state-council-holidays:{self.year}" + (f".{block.item}" if block is not None else "")


class StatutoryHoliday(BaseModel):
    """One holiday of 全国年节及纪念日放假办法 art. 2 (全体公民放假的节日)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str
    name_zh: str
    name_en: str
    anchor: str = Field(description="MM-DD, or lunar_new_year_eve / qingming / dragon_boat / mid_autumn")
    days: int = Field(ge=1)


class StatutoryRule(BaseModel):
    """The statutory rule used for years no notice covers yet (provisional dates)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str
    revision: str
    clause: str
    in_lieu_clause: str
    in_lieu_text: str
    since: int
    holidays: tuple[StatutoryHoliday, ...]


class NoticeBook(BaseModel):
    """Everything in ``cn_notices.yaml``: the statutory rule and the notices, by year."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: str
    statutory_rule: StatutoryRule
    notices: tuple[HolidayNotice, ...]

    @model_validator(mode="after")
    def _check(self) -> NoticeBook:
        years = [n.year for n in self.notices]
        if len(set(years)) != len(years):
            raise ValueError("cn_notices.yaml: a year appears twice")
        if years and sorted(years) != list(range(min(years), max(years) + 1)):
            raise ValueError("cn_notices.yaml: notice years must be consecutive")
        return self

    @property
    def published_through(self) -> int:
        """The last year whose notice is encoded."""
        return max(n.year for n in self.notices)

    @property
    def first_notice_year(self) -> int:
        """The first year whose notice is encoded (earlier years come from the holidays package)."""
        return min(n.year for n in self.notices)

    def notice(self, year: int) -> HolidayNotice | None:
        """The notice for ``year``, or None."""
        for n in self.notices:
            if n.year == year:
                return n
        return None


@dataclass(frozen=True)
class NoticeSource:
    """One notice a calendar was built from, and where it was loaded from."""

    year: int
    id: str
    title: str
    source: str  # "govhall (cn_notices.yaml)" or the file it was loaded from


PACKAGED = "govhall (cn_notices.yaml)"


def packaged_sources(book: NoticeBook) -> tuple[NoticeSource, ...]:
    """The packaged notices as :class:`NoticeSource` records."""
    return tuple(NoticeSource(n.year, n.id, n.title, PACKAGED) for n in book.notices)


def read_notice_file(path: str | Path) -> tuple[HolidayNotice, ...]:
    """Read newly published notices from a YAML file, validated against the notice schema.

    The file holds one notice record (the fields of a ``notices:`` entry of ``cn_notices.yaml``:
    ``year``, ``id``, ``title``, ``date``, ``url``, ``blocks``), a list of them, or a mapping with a
    ``notices:`` list. A bad record raises ``ValueError`` naming the file, the record and the field.
    """
    return read_notice_file_lines(path)[0]


def read_notice_file_lines(path: str | Path) -> tuple[tuple[HolidayNotice, ...], tuple[int | None, ...]]:
    """:func:`read_notice_file`, with the line each notice starts on (for :func:`extend_book`'s errors)."""
    p = Path(path)
    from govhall._paths import MISSING, not_a_file

    if (problem := not_a_file(p)) not in (None, MISSING):  # a pipe waited for ever, as the CLI knew
        raise UnreadableInputError(f"notices file {p}: {problem}", path=str(p))
    try:
        raw_bytes = p.read_bytes()
    except FileNotFoundError:
        raise UnreadableInputError(f"notices file {p}: no such file", path=str(p)) from None
    except OSError as exc:
        raise UnreadableInputError(f"notices file {p}: {exc.strerror or exc}", path=str(p)) from None
    from govhall._yamlio import decode_text, parse_yaml

    text = decode_text(raw_bytes, f"notices file {p}")
    data = parse_yaml(text, p)
    node: Any = yaml.compose(text, Loader=yaml.SafeLoader)  # (parsed already: where each record stands)
    if isinstance(data, dict) and "notices" in data:
        data = data["notices"]
        node = _child(node, "notices")
    if data is None:  # an empty file, only comments, or ``notices:`` with nothing under it
        raise InputError(f"{p}: {_NO_NOTICE}")
    records = data if isinstance(data, list) else [data]
    nodes = node.value if isinstance(node, yaml.SequenceNode) else [node]
    out = []
    starts: list[int | None] = []
    for i, rec in enumerate(records, 1):
        rec_node = nodes[i - 1] if i - 1 < len(nodes) else None
        if not isinstance(rec, dict):
            raise InputError(
                f"{p}: notice {i}{_on_line(rec_node)}: expected a mapping with year, id, title, date, url, "
                "blocks"
            )
        starts.append(rec_node.start_mark.line + 1 if rec_node is not None else None)
        try:
            out.append(HolidayNotice.model_validate(rec))
        except ValidationError as exc:
            err = exc.errors()[0]
            why = validation_message(err)
            loc: tuple[Any, ...] = err["loc"]
            if not loc:  # the notice's own check, its words naming the block (and the year)
                why = why.removeprefix(f"notice {rec.get('year')}: ")
                loc = _blamed_block(rec, why)
            where = ".".join(str(x) for x in err["loc"]) + ": " if err["loc"] else ""
            at = _at(rec_node, loc)
            line = f", line {at.start_mark.line + 1}" if at is not None else ""
            raise InputError(f"{p}: notice {i} (year {rec.get('year')}{line}): {where}{why}") from None
    if not out:
        raise InputError(f"{p}: {_NO_NOTICE}")
    return tuple(out), tuple(starts)


#: an empty notices file was told "notice 1: expected a mapping …", as if it held a notice that was wrong
_NO_NOTICE = (
    "holds no notice (expected a notice record with year, id, title, date, url, blocks, a list of them, "
    "or a mapping with a notices: list)"
)


def _child(node: Any, key: Any) -> Any:
    """The value node of ``key`` in mapping ``node``, or of index ``key`` in sequence ``node`` (None)."""
    if isinstance(node, yaml.MappingNode) and isinstance(key, str):
        return next((v for k, v in node.value if k.value == key), None)
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
        return node.value[key]
    return None


def _at(node: Any, loc: tuple[Any, ...]) -> Any:
    """The deepest node ``loc`` (a pydantic error's place) reaches from ``node``."""
    for key in loc:
        inner = _child(node, key)
        if inner is None:
            break
        node = inner
    return node


def _on_line(node: Any) -> str:
    return f" (line {node.start_mark.line + 1})" if node is not None else ""


def _blamed_block(rec: dict[str, Any], why: str) -> tuple[Any, ...]:
    """The place of the block a notice's own check names, by its label as :class:`HolidayNotice` writes
    it (its name, or item、name when two blocks share the name); of two (``… appears in both 元旦 and
    二、春节``) the one named last, the block found wrong; the notice itself when none is named."""
    blocks = rec.get("blocks")
    blocks = [b if isinstance(b, dict) else {} for b in blocks] if isinstance(blocks, list) else []
    names = [str(b.get("name_zh")) for b in blocks]
    best: tuple[int, int, int] | None = None
    for j, (block, name) in enumerate(zip(blocks, names, strict=True)):
        label = f"{block.get('item')}、{name}" if names.count(name) > 1 else name
        at = why.rfind(label)
        if at >= 0 and (best is None or (at + len(label), len(label)) > best[:2]):
            best = (at + len(label), len(label), j)
    return () if best is None else ("blocks", best[2])


def extend_book(
    book: NoticeBook,
    notices: tuple[HolidayNotice, ...],
    where: str,
    lines: tuple[int | None, ...] = (),
) -> NoticeBook:
    """``book`` with ``notices`` added after its last year (a year govhall already has must be identical).

    ``lines`` (from :func:`read_notice_file_lines`) are the lines the notices start on, named in errors.
    """
    have = {n.year: n for n in book.notices}
    line_of = {n.year: ln for n, ln in zip(notices, lines, strict=False) if ln is not None}
    new = []
    for n in notices:
        if n.year in have:
            if n != have[n.year]:
                at = f" (line {line_of[n.year]})" if n.year in line_of else ""
                raise InputError(
                    f"{where}: the {n.year} notice{at} differs from the one govhall ships ({PACKAGED}); "
                    "only years after the last published one can be added"
                )
            continue
        new.append(n)
    years = sorted(n.year for n in new)
    expected = list(range(book.published_through + 1, book.published_through + 1 + len(years)))
    if years != expected:
        first = next((y for y, e in zip(years, expected, strict=False) if y != e), years[-1])
        at = f" (the {first} notice, line {line_of[first]})" if first in line_of else ""
        raise InputError(
            f"{where}: notices must follow on from {book.published_through} (the last published year) "
            f"without gaps; got {', '.join(map(str, years))}{at}"
        )
    return NoticeBook.model_validate(
        {**book.model_dump(), "notices": [*book.model_dump()["notices"], *(n.model_dump() for n in new)]}
    )


def _parse(data: Any) -> NoticeBook:
    return NoticeBook.model_validate(data)


@lru_cache(maxsize=1)
def load_notice_book() -> NoticeBook:
    """Load and validate the packaged ``cn_notices.yaml`` (cached)."""
    text = resources.files("govhall.calendars").joinpath("cn_notices.yaml").read_text(encoding="utf-8")
    return _parse(load_packaged(text))  # govhall's own file: the C loader when there is one
