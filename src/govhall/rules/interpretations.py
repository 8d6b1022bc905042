"""The Interpretation register: one named switch per ambiguous clause (DESIGN, "Core concepts").

Each interpretation has a default, the alternatives and the clause it interprets. Rules read the value
through ``ctx.interpret(name)``; every report lists the interpretations its rules used, with the value
and whether it was the default. No ambiguous reading is hard-coded silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from govhall.errors import DuplicateKeyError, InputError, UnknownInterpretationError, echoed_id
from govhall.rules.core import ClauseRef


@dataclass(frozen=True)
class Interpretation:
    """A named reading of an ambiguous clause."""

    name: str
    clause: ClauseRef
    question: str
    default: str
    alternatives: Mapping[str, str]  # value -> what it means (includes the default)
    basis: str = ""  # why the default was chosen (e.g. "civil-code:200–203")

    def check(self, value: str) -> str:
        """Return ``value`` if it is one of the alternatives, else raise ``ValueError`` naming them.

        Case, surrounding spaces and ``-`` for ``_`` do not matter (``Working-Days`` is
        ``working_days``), as for the enum values of the input data."""
        if value not in self.alternatives:
            canonical = str(value).strip().lower().replace("-", "_").replace(" ", "_")
            if canonical in self.alternatives:
                return canonical
            raise UnknownInterpretationError(
                f"interpretation {self.name}: {echoed_id(str(value))!r} is not one of {', '.join(self.alternatives)}"
            )
        return value


INTERPRETATIONS: dict[str, Interpretation] = {}


def interpretation(
    name: str, *, clause: str, question: str, default: str, alternatives: Mapping[str, str], basis: str = ""
) -> Interpretation:
    """Register (or return the already registered, identical) interpretation ``name``."""
    if default not in alternatives:
        raise TypeError(f"interpretation {name}: the default {default!r} must be one of the alternatives")
    item = Interpretation(name, ClauseRef(clause), question, default, dict(alternatives), basis)
    existing = INTERPRETATIONS.get(name)
    if existing is not None and existing != item:
        raise ValueError(f"interpretation {name!r} registered twice with different definitions")
    INTERPRETATIONS[name] = item
    return item


def parse_choices(pairs: Mapping[str, str] | list[str] | None) -> dict[str, str]:
    """Turn ``["a.b=x", …]`` or a mapping into ``{name: value}``, validating names and values."""
    if not pairs:
        return {}
    items = pairs.items() if isinstance(pairs, Mapping) else (_split(p) for p in pairs)
    out: dict[str, str] = {}
    for name, value in items:
        if name not in INTERPRETATIONS and str(name).strip().lower() in INTERPRETATIONS:
            name = str(name).strip().lower()
        if name not in INTERPRETATIONS:
            known = ", ".join(sorted(INTERPRETATIONS)) or "none"
            shown = echoed_id(str(name))  # read from input: a query string, a profile, --interpret
            near = nearest_interpretations(str(name))
            hint = f"; did you mean {' or '.join(repr(n) for n in near)}?" if near else ""
            raise UnknownInterpretationError(
                f"unknown interpretation {shown!r}{hint} (known: {known})",
                name=shown,
                **({"did_you_mean": near} if near else {}),
            )
        chosen = INTERPRETATIONS[name].check(str(value))
        if out.get(name, chosen) != chosen:  # the last one won, unsaid (a key given twice is refused)
            raise DuplicateKeyError(
                f"interpretation {name} is given twice, as {out[name]!r} and {chosen!r}: which is meant "
                "cannot be known; give it once",
                key=name,
                path=[],
            )
        out[name] = chosen
    return out


def nearest_interpretations(name: str) -> list[str]:
    """The registered readings ``name`` most likely meant, for a "did you mean" (as the loaders name
    the nearest field or table): every reading whose name after the standard's id is ``name``
    (``day-unit`` for ``yousu-jiban.day-unit``), else the closest spelling, else none. The unknown-name
    error listed all 59 readings with no nearest one."""
    import difflib

    key = name.strip().lower()
    if not key:
        return []
    same_tail = sorted(n for n in INTERPRETATIONS if n.split(".", 1)[-1] == key)
    if same_tail:
        return same_tail[:3]
    return difflib.get_close_matches(key, sorted(INTERPRETATIONS), n=1, cutoff=0.6)


def _split(text: str) -> tuple[str, str]:
    if "=" not in text:
        raise InputError(f"--interpret takes NAME=VALUE, not {text!r}")
    name, value = text.split("=", 1)
    return name.strip(), value.strip()
