"""ClauseRef and the standard ids: below the time limits, which cite clauses in ``Deadline.basis``, and
the rule engine, which re-exports them (``govhall.rules.core.ClauseRef`` is this class)."""

from __future__ import annotations

import re
from typing import Any

import yaml
from pydantic import GetCoreSchemaHandler
from pydantic_core import CoreSchema, core_schema

__all__ = ["STANDARD_IDS", "ClauseRef"]

#: The standard ids govhall knows (seeds/README.md): the five seeds and the national law.
STANDARD_IDS: tuple[str, ...] = (
    "gdzw-0020-2019",
    "dongguan-hall-2023",
    "db23-hlj-2023",
    "yousu-jiban",
    "hangzhou-zuiduo-paoyici",
    "admin-licensing-law",
    "civil-code",
    "state-council-holidays",
    "haochaping-2019",
)
_CLAUSE_RE = re.compile(r"^(?P<std>[a-z0-9-]+):(?P<clause>\S+)$")


class ClauseRef(str):
    """``"<standard id>:<clause>"``, e.g. ``gdzw-0020-2019:5.3.2`` or ``yousu-jiban:不予受理.4``."""

    __slots__ = ()

    def __new__(cls, value: str) -> ClauseRef:
        match = _CLAUSE_RE.match(str(value).strip())
        if not match:
            raise ValueError(f"clause reference {value!r} is not '<standard id>:<clause>'")
        if match["std"] not in STANDARD_IDS:
            raise ValueError(f"clause reference {value!r}: unknown standard id {match['std']!r}")
        return super().__new__(cls, match.group(0))

    @property
    def standard(self) -> str:
        """The standard id part."""
        return self.split(":", 1)[0]

    @property
    def clause(self) -> str:
        """The clause id part."""
        return self.split(":", 1)[1]

    @classmethod
    def of(cls, value: str) -> ClauseRef:
        """``value`` as a ClauseRef (itself if it is one already).

        A text read before gives the ClauseRef it gave then (:data:`_READ`): a model field typed
        ClauseRef (``Deadline.basis``) gets each of its items as plain text from pydantic, which
        copies a str subclass into a str, so every Deadline built matched each of its clauses
        against the pattern again (~6 % of a hall's audit whose deadlines were new to the process).
        """
        if type(value) is cls:
            return value
        if cls is ClauseRef and type(value) is str:
            found = _READ.get(value)
            if found is None:
                found = cls(value)  # an invalid text raises, and is not remembered
                if len(_READ) >= _READ_MAX:
                    _READ.clear()
                _READ[value] = found
            return found
        return cls(value)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        # a model field typed ClauseRef takes the text and holds the ClauseRef; dumped, it is plain text
        # (``model_dump()`` gives what it gave when the field was ``str``: yaml.safe_dump takes it)
        return core_schema.no_info_after_validator_function(
            cls.of,
            core_schema.str_schema(),
            serialization=core_schema.plain_serializer_function_ser_schema(str),
        )


#: the texts :meth:`ClauseRef.of` has read, and the ClauseRef each one gave (a few hundred clauses are
#: cited in all; bounded: a service reading hostile texts starts again when it holds ``_READ_MAX``)
_READ: dict[str, ClauseRef] = {}
_READ_MAX = 4096


def _as_text(representer: Any, ref: ClauseRef) -> Any:
    return representer.represent_str(str(ref))  # the C emitter takes exact texts only


# YAML writes a ClauseRef as the text it is, as JSON and pickle do: ``yaml.safe_dump(deadline.basis)`` and a
# finding's evidence holding one worked when they held plain texts (each representer class keeps its own
# table, copied from its base when the class was made, so every one is told)
for _representer in (yaml.representer.SafeRepresenter, yaml.representer.Representer, yaml.SafeDumper, yaml.Dumper,
                     getattr(yaml, "CSafeDumper", None), getattr(yaml, "CDumper", None)):  # fmt: skip
    if _representer is not None:
        _representer.add_representer(ClauseRef, _as_text)
