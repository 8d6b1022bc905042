"""Records read by the generic attribute look-up (govhall._plainreads): the same values, the same errors.

The models whose ``__getattr__`` is pydantic's and can find nothing (no private attributes, no extra
fields) have CPython's generic look-up put back in their slot; a model that needs its
``__getattr__`` (private attributes, extra fields allowed, its own) keeps it, and reads as pydantic
reads. Which classes are switched is checked on CPython only (elsewhere nothing is switched).
"""

from __future__ import annotations

import copy
import pickle
import sys
from datetime import date, datetime
from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict, PrivateAttr

from govhall._plainreads import plain_reads, reads_plainly
from govhall.models import Application, Dataset, Event
from govhall.models._base import GovModel
from govhall.rules.core import Finding, Hit, Subject
from govhall.timelimits import Deadline, TimeLimit, due_date

CPYTHON = sys.implementation.name == "cpython"


def _application() -> Application:
    return Application.model_validate(
        {
            "id": "A-1",
            "item_code": "X-1",
            "received_at": "2025-09-01T09:00:00",
            "events": [{"id": "E-1", "kind": "accepted", "at": "2025-09-01T09:30:00"}],
        }
    )


@pytest.mark.skipif(not CPYTHON, reason="the slot is CPython's; elsewhere nothing is switched")
@pytest.mark.parametrize("cls", [GovModel, Application, Event, Subject, Hit, Finding, Deadline, TimeLimit])
def test_the_records_and_results_read_plainly(cls: type) -> None:
    assert reads_plainly(cls)


@pytest.mark.skipif(not CPYTHON, reason="the slot is CPython's; elsewhere nothing is switched")
def test_a_model_that_needs_its_getattr_keeps_it() -> None:
    # the dataset keeps private attributes (its positions), read through pydantic's __getattr__
    assert not reads_plainly(Dataset)

    class Private(GovModel):
        a: int = 1
        _hidden: int = PrivateAttr(default=7)

    class Extra(BaseModel):
        model_config = ConfigDict(extra="allow")

    class Own(GovModel):
        def __getattr__(self, name: str) -> Any:
            return f"own {name}"

    for cls in (Private, Extra, Own):
        plain_reads(cls)
        assert not reads_plainly(cls)
    assert Private()._hidden == 7
    assert Extra.model_validate({"b": 2}).b == 2  # type: ignore[attr-defined]
    assert Own().anything == "own anything"


def test_fields_methods_and_properties_read_as_before() -> None:
    app = _application()
    assert app.id == "A-1" and app.item_code == "X-1"
    assert app.received_at == datetime(2025, 9, 1, 9, 0)
    assert [e.id for e in app.events_of("accepted")] == ["E-1"]
    assert app.recorded("events") and not app.recorded("window_id")
    assert app.model_fields_set >= {"id", "item_code", "received_at", "events"}
    assert app.owner_field == "application_id"  # a class attribute, through the instance


def test_a_missing_attribute_is_refused_in_pydantics_words() -> None:
    app = _application()
    with pytest.raises(AttributeError, match=r"^'Application' object has no attribute 'no_such_field'$"):
        app.no_such_field  # noqa: B018
    assert not hasattr(app, "no_such_field")
    assert getattr(app, "no_such_field", "default") == "default"
    assert getattr(TimeLimit(amount=5, unit="working_day", text="5个工作日"), "nope", None) is None


def test_a_deadline_and_a_finding_read_as_before() -> None:
    dl = due_date(date(2025, 9, 1), "10个工作日")
    # Mon 2025-09-01 + 10 working days: 09-02 … 09-05 (4), 09-08 … 09-12 (5), 09-15 (1) -> Mon 09-15
    assert dl.due == date(2025, 9, 15) and dl.limit.amount == 10 and dl.limit.unit == "working_day"
    f = Finding(
        rule_id="r", standard="s", clauses=["1"], severity="warning", subject=Subject(kind="k", id="i"), title="t",
        message="m",
    )  # fmt: skip
    assert f.subject.id == "i" and f.hall is None and "hall" not in f.model_dump()


def test_copies_and_pickles_read_as_the_original() -> None:
    app = _application()
    for other in (copy.copy(app), copy.deepcopy(app), pickle.loads(pickle.dumps(app))):
        assert other == app and other.events[0].at == app.events[0].at
        with pytest.raises(AttributeError):
            other.no_such_field  # noqa: B018


def test_a_getattr_given_later_is_the_classs_again() -> None:
    class Later(GovModel):
        a: int = 1

    def later(self: Any, name: str) -> str:
        return f"later {name}"

    Later.__getattr__ = later  # type: ignore[attr-defined]  # CPython recomputes the slot
    assert not reads_plainly(Later)
    assert Later().b == "later b"  # type: ignore[attr-defined]
    assert Later().a == 1
