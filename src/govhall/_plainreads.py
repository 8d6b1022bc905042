"""A record's fields read at the interpreter's fast path (CPython), for models that need no ``__getattr__``.

pydantic's ``BaseModel`` defines ``__getattr__`` (it finds private attributes and extra fields), and a
class with a ``__getattr__`` anywhere in its MRO gets CPython's generic attribute hook as its
``tp_getattro`` slot: every ``record.field`` then asks the class for ``__getattr__`` and
``__getattribute__`` before the usual look-up, and the interpreter's specialising of ``obj.attr``
(3.11+) refuses such a class, so no read of a field of a record is ever specialised. In an audit, where
the rules read the fields of some 30,000 records a few hundred thousand times, that cost 4 % of the
instructions of the example hall's load and audit (callgrind, ``benchmarks/count_bench.py``).

For a model whose ``__getattr__`` can only say "no such attribute" (pydantic's own, the class having
no private attributes and no extra fields allowed, so ``__pydantic_extra__`` is None), the generic
look-up alone reads the same values and raises the same ``AttributeError`` with the same words
(``'Application' object has no attribute 'x'``): :func:`plain_reads` puts CPython's own
``PyObject_GenericGetAttr`` back in the class's slot, as if it had no ``__getattr__``, as CPython
itself does when a class's ``__getattr__`` is deleted. The hook stays in any class that defines its own
``__getattr__`` or ``__getattribute__``, has private attributes or allows extra fields, and in its
subclasses until their own check (a class assigned a ``__getattr__`` later gets the hook back from
CPython, which recomputes the slot). Where the slot cannot be found as expected (another
interpreter, another layout), nothing is changed: the records are read as before, only slower.
``tests/test_plainreads.py`` holds the models to that.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

__all__ = ["plain_reads", "reads_plainly"]


class _Plain:
    """A class with the generic attribute look-up in its slot (inherited from ``object``)."""


class _Hooked:
    """A class with CPython's ``__getattr__`` hook in its slot."""

    def __getattr__(self, name: str) -> Any:
        raise AttributeError(name)


def _find_slot() -> tuple[int, int, int] | None:
    """(the offset of ``tp_getattro`` in a type object, the generic look-up's address, the hook's
    address), or None where they cannot be told with certainty."""
    if sys.implementation.name != "cpython":
        return None
    try:
        generic = ctypes.cast(ctypes.pythonapi.PyObject_GenericGetAttr, ctypes.c_void_p).value
    except (AttributeError, ValueError, TypeError):
        return None
    size = ctypes.sizeof(ctypes.c_void_p)
    meta: type = type
    words = meta.__basicsize__ // size  # a heap type's whole struct (_Plain's): every word is readable

    def word(cls: type, k: int) -> int | None:
        return ctypes.c_void_p.from_address(id(cls) + k * size).value

    found = [k for k in range(words) if word(_Plain, k) == generic]
    if generic is None or len(found) != 1:
        return None
    offset = found[0] * size
    hook = word(_Hooked, found[0])
    if hook is None or hook == generic or word(object, found[0]) != generic:
        return None
    return offset, generic, hook


_SLOT = _find_slot()


def _owner(cls: type, name: str) -> type | None:
    """The class of ``cls``'s MRO whose own namespace defines ``name``."""
    return next((c for c in cls.__mro__ if name in c.__dict__), None)


def plain_reads(cls: type) -> None:
    """Give the pydantic model ``cls`` the generic attribute look-up when its ``__getattr__`` is
    pydantic's and can find nothing (see the module's doc); else leave it as it is."""
    from pydantic import BaseModel

    if _SLOT is None or not (isinstance(cls, type) and issubclass(cls, BaseModel)):
        return
    if (
        _owner(cls, "__getattr__") is not BaseModel
        or _owner(cls, "__getattribute__") is not object
        or cls.__private_attributes__
        or cls.model_config.get("extra") == "allow"
    ):
        return
    offset, generic, hook = _SLOT
    slot = ctypes.c_void_p.from_address(id(cls) + offset)
    if slot.value == hook:
        slot.value = generic


def reads_plainly(cls: type) -> bool:
    """Whether ``cls``'s attributes are read by the generic look-up (no ``__getattr__`` hook)."""
    if _SLOT is None:
        return False
    offset, generic, _ = _SLOT
    return bool(ctypes.c_void_p.from_address(id(cls) + offset).value == generic)
