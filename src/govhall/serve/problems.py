"""RFC 9457 problem details for every error the service returns.

Each :class:`~govhall.errors.GovhallError` subclass is one problem type: ``type`` is
``/problems/<code>`` (``code`` is the class's stable code), ``status`` its HTTP status, ``title`` its
title, ``detail`` the message, and the error's ``detail`` mapping adds extension members. ``GET
/problems/<code>`` on the service describes the type. No stack trace is ever part of a problem.
"""

from __future__ import annotations

import json
from typing import Any

from govhall.errors import GovhallError, InternalError

__all__ = ["PROBLEM_MEDIA_TYPE", "all_error_classes", "problem_body", "problem_type", "problem_types"]

PROBLEM_MEDIA_TYPE = "application/problem+json"


def problem_type(code: str) -> str:
    """The ``type`` member for a govhall error code."""
    return f"/problems/{code}"


def all_error_classes() -> list[type[GovhallError]]:
    """:class:`GovhallError` and every subclass of it (imported so far), base first."""
    out: list[type[GovhallError]] = []
    todo: list[type[GovhallError]] = [GovhallError]
    while todo:
        cls = todo.pop(0)
        if cls not in out:
            out.append(cls)
            todo.extend(cls.__subclasses__())
    return out


def problem_types() -> dict[str, dict[str, Any]]:
    """Every problem type the service can answer with: code -> {type, title, status, description}."""
    out: dict[str, dict[str, Any]] = {}
    for cls in all_error_classes():
        doc = " ".join((cls.__doc__ or "").split())
        out.setdefault(
            cls.code,
            {"type": problem_type(cls.code), "title": cls.title, "status": cls.status, "description": doc},
        )
    return out


def _plain(value: Any) -> Any:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        value = str(value)
    return _escaped(value)


def _escaped(value: Any) -> Any:
    """``value`` with each character no one can see or print (a control character, a zero-width joiner,
    a bidi override, a lone surrogate) in its texts written as Python's repr writes it (``\\u200d``):
    a member echoed input raw (``clause``: ``5.3<ZWJ>.2``, shown as ``5.3.2``) where ``detail``, which
    quotes it with repr, showed the character. Printable texts are unchanged."""
    if isinstance(value, str):
        if value.isprintable():
            return value
        return "".join(c if c.isprintable() else repr(c)[1:-1] for c in value)
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: _escaped(v) for k, v in value.items()}
    return value


_RESERVED = {"type", "title", "status", "detail", "instance"}


def problem_body(exc: GovhallError, instance: str | None = None, **extra: Any) -> dict[str, Any]:
    """The problem document for ``exc`` (mobile and ID numbers in the detail masked)."""
    from govhall.reports._common import SURROGATE, scrub_text

    body: dict[str, Any] = {
        "type": problem_type(exc.code),
        "title": exc.title,
        "status": exc.status,
        "detail": SURROGATE.sub("\ufffd", scrub_text(" ".join(str(exc.message).split()))) or exc.title,
    }
    if instance:
        body["instance"] = instance
    for k, v in {**exc.detail, **extra}.items():
        if k not in _RESERVED:
            body[k] = _plain(v)
    return body


def internal_problem(instance: str | None = None) -> dict[str, Any]:
    """The 500 problem: says only that something failed inside (never what, never a trace)."""
    return problem_body(InternalError("the service failed on this request; the server log has a reference"),
                        instance)  # fmt: skip
