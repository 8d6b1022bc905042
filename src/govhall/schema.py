"""JSON Schema (draft 2020-12) of govhall's input: one model, or a whole dataset document.

``json_schema("Application")`` is the schema of one application record; ``json_schema(None)`` the
schema of a dataset document (``{"items": [...], "applications": [...], "as_of": "2025-11-30"}``),
the same shape :func:`govhall.loaders.load_dataset` reads. ``govhall schema [MODEL]`` prints them.

The schemas come from the pydantic models, adjusted so that validators in other languages (ajv,
python-jsonschema with format checking) accept what govhall accepts:

* timestamps: govhall reads naive ISO 8601 timestamps (``2025-11-03T09:00``) as Asia/Shanghai, but
  JSON Schema's ``format: date-time`` demands an offset, so timestamps are described by a ``pattern``
  instead (offset optional; a bare date means 00:00); times of day likewise;
* enums list the canonical English values; govhall also accepts the standards' Chinese terms, listed
  under ``x-aliases`` (term → value), so a front end may show them but should send the values;
* personal data (names, phone numbers, ID numbers, addresses) is marked ``"x-personal": true``.

A record the schema accepts can still be rejected by govhall for what a schema cannot see: an
impossible date (``2025-02-30``), a time-limit text it cannot parse (``"二十个工日"``), an event
with both or neither of ``application_id``/``complaint_id``, duplicate ids, and references to items,
applications or complaints that are not in the dataset.
"""

from __future__ import annotations

import copy
from enum import Enum
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from govhall import models as _models
from govhall.errors import InputError, echoed_id
from govhall.models import MODELS, TABLES
from govhall.models._base import BilingualEnum

__all__ = ["DATASET", "DATETIME_PATTERN", "TIME_PATTERN", "json_schema", "model_names"]

#: The name ``govhall schema`` gives the whole dataset document (also reached with no name).
DATASET = "Dataset"

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: ISO 8601 date or date-time, offset optional (``2025-11-03``, ``2025-11-03T09:00``,
#: ``2025-11-03 09:00:00+08:00``, ``2025-11-03T01:00:00Z``). An offset has its minutes (``+08:00`` or
#: ``+0800``): the models refuse an hour alone (``+08``), so the schema does not promise it.
#: A second's fraction has a full stop or a comma (ISO 8601 allows both) and any number of digits; what
#: is finer than a microsecond is cut off, as the models read it (``09:00:00,1234567`` is ``09:00:00.123456``).
DATETIME_PATTERN = r"^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}([.,]\d{1,6})?)?([Zz]|[+-]\d{2}:?\d{2})?)?$"
#: Time of day: ``09:00``, ``09:00:00``, ``17:30:00.5`` (or ``,5``), with an optional offset (minutes included).
TIME_PATTERN = r"^\d{2}:\d{2}(:\d{2}([.,]\d{1,6})?)?([Zz]|[+-]\d{2}:?\d{2})?$"


def model_names() -> list[str]:
    """The names ``json_schema`` accepts: every input model, and ``Dataset`` for the whole document."""
    return sorted(MODELS) + [DATASET]


def _enum_classes() -> dict[str, type[Enum]]:
    out: dict[str, type[Enum]] = {}
    for value in vars(_models).values():
        if isinstance(value, type) and issubclass(value, BilingualEnum) and value is not BilingualEnum:
            out[value.__name__] = value
    return out


_T = TypeVar("_T")


def _adjust(node: _T, enums: dict[str, type[Enum]]) -> _T:
    """Rewrite pydantic's schema in place: timestamp/time patterns, enum aliases (``node`` is returned)."""
    if isinstance(node, dict):
        if node.get("type") == "string" and node.get("format") == "date-time":
            del node["format"]
            node["pattern"] = DATETIME_PATTERN
            node.setdefault("description", "ISO 8601 timestamp; without an offset it is Asia/Shanghai time")
        elif node.get("type") == "string" and node.get("format") == "time":
            del node["format"]
            node["pattern"] = TIME_PATTERN
        title = node.get("title")
        if "enum" in node and isinstance(title, str) and title in enums:
            aliases = enums[title].__dict__.get("_zh_map") or {}
            if aliases:
                node["x-aliases"] = dict(aliases)
        for value in node.values():
            _adjust(value, enums)
    elif isinstance(node, list):
        for value in node:
            _adjust(value, enums)
    return node


def _resolve(name: str) -> str:
    if name in MODELS or name == DATASET:
        return name
    lowered = name.strip().lower()
    for candidate in model_names():
        if candidate.lower() == lowered:
            return candidate
    model = TABLES.get(lowered)
    if model is not None:
        return model.__name__
    raise InputError(
        f"unknown model {echoed_id(name)!r}; known: {', '.join(model_names())} (or a table name: {', '.join(TABLES)})"
    )


@cache
def _cached(name: str) -> dict[str, Any]:
    enums = _enum_classes()
    if name == DATASET:
        return _dataset_schema(enums)
    model: type[BaseModel] = MODELS[name]
    schema = model.model_json_schema(mode="validation")
    schema = {"$schema": JSON_SCHEMA_DIALECT, **schema}
    return _adjust(schema, enums)


def _dataset_schema(enums: dict[str, type[Enum]]) -> dict[str, Any]:
    table_models = list(dict.fromkeys(TABLES.values()))
    _, top = models_json_schema([(m, "validation") for m in table_models], ref_template="#/$defs/{model}")
    defs = top.get("$defs", {})
    properties: dict[str, Any] = {
        "$schema": {"type": "string", "description": "the schema this document claims to follow (ignored)"},
        "name": {"type": "string", "description": "the dataset's name"},
        "as_of": {
            "type": "string",
            "format": "date",
            "description": "the day the records run to; open cases are judged as of it (ISO date)",
        },
        "description": {"type": "string"},
    }
    for table, model in TABLES.items():
        ref = {"$ref": f"#/$defs/{model.__name__}"}
        if table == "hall":
            properties[table] = {**ref, "description": "the hall (one object)"}
        else:
            properties[table] = {"type": "array", "items": ref, "description": f"the {table} table"}
    schema = {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": "govhall dataset",
        "description": (
            "One hall's tables as one JSON document (the same records may be given as one file per "
            "table: see docs/data.md). Events may be embedded in their application/complaint or given "
            "in the events table."
        ),
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
        "$defs": defs,
    }
    return _adjust(schema, enums)


def json_schema(model_name: str | None = None) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one input model, or of a whole dataset document.

    ``model_name`` is a model's name (``"Application"``, ``"Complaint"`` …; case-insensitive), a
    table name (``"applications"``) or ``None``/``"Dataset"`` for the document with every table.
    Raises ``ValueError`` listing the known names when the name is unknown. The result is a fresh
    copy the caller may modify.
    """
    name = DATASET if model_name is None else _resolve(model_name)
    return copy.deepcopy(_cached(name))
