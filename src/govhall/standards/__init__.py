"""The standards govhall encodes: one module per standard, named after its id.

Each module declares its :class:`~govhall.rules.Standard` with :func:`declare` (which reads the clause
inventory ``clauses/<id>.yaml``) and registers its rules with :func:`govhall.rules.rule`. Nothing imports
a standards module except :func:`load_all`, the registry loader.

``govhall.standards()`` (this module is callable) returns the loaded standards, in seed order.
"""

from __future__ import annotations

import importlib
import sys
import types
from datetime import date

from govhall.errors import UnknownStandardError, echoed_id
from govhall.rules.inventory import Standard, load_inventory

#: standard id -> module, in the order documents list them (seeds first, then the national law).
STANDARD_MODULES: dict[str, str] = {
    "gdzw-0020-2019": "govhall.standards.gdzw_0020_2019",
    "dongguan-hall-2023": "govhall.standards.dongguan_hall_2023",
    "db23-hlj-2023": "govhall.standards.db23_hlj_2023",
    "yousu-jiban": "govhall.standards.yousu_jiban",
    "hangzhou-zuiduo-paoyici": "govhall.standards.hangzhou_zuiduo_paoyici",
    "admin-licensing-law": "govhall.standards.admin_licensing_law",
    "haochaping-2019": "govhall.standards.haochaping_2019",
}

STANDARDS: dict[str, Standard] = {}
_LOADED = False


def declare(
    id: str,  # noqa: A002
    *,
    title: str,
    module: str,
    issuer: str = "",
    year: int | None = None,
    source: str = "",
    checked_with: str = "",
    limits: str = "",
    valid_from: date | None = None,
) -> Standard:
    """Declare a standard and load its clause inventory; called once at the top of its module."""
    header, clauses = load_inventory(id)
    std = Standard(
        id=id,
        title=title or header.get("title", id),
        issuer=issuer,
        year=year,
        source=source,
        checked_with=checked_with,
        limits=limits,
        valid_from=valid_from,
        module=module,
        clauses=clauses,
    )
    STANDARDS[id] = std
    return std


def load_all() -> list[Standard]:
    """Import every standards module once (registering its rules) and return the standards."""
    global _LOADED
    if not _LOADED:
        from govhall.standards import _inspections

        for module in STANDARD_MODULES.values():
            importlib.import_module(module)
        for sid in STANDARD_MODULES:
            if sid in STANDARDS:
                _inspections.register(STANDARDS[sid])
        _LOADED = True
    return [STANDARDS[i] for i in STANDARD_MODULES if i in STANDARDS]


def get(standard_id: str) -> Standard:
    """The standard with id ``standard_id`` (loading the standards if needed)."""
    load_all()
    try:
        return STANDARDS[standard_id]
    except KeyError:
        raise UnknownStandardError(
            f"unknown standard {echoed_id(str(standard_id))!r} (known: {', '.join(STANDARDS)})"
        ) from None


class _CallableModule(types.ModuleType):
    def __call__(self) -> list[Standard]:
        return load_all()


sys.modules[__name__].__class__ = _CallableModule
