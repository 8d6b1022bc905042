"""Loaded records share equal lists of strings and equal ``dimensions`` dicts, which refuse changes.

A 20,000-application hall has 30 distinct ``materials_submitted`` lists and 6 distinct ``dimensions``
among 15,000 ratings: the loader keeps one of each (govhall.loaders._SharedList, _SharedDict). Shared,
a change in place would reach every record holding the same value, so the shared value refuses it
(``TypeError``) and a copy of it is an ordinary list or dict. The values, their order, their type
(a ``list``, a ``dict``) and every dump stay those of the records pydantic validates.
"""

from __future__ import annotations

import copy
import json
import pickle
from pathlib import Path
from typing import Any

import pytest

from govhall.loaders import load_dataset
from govhall.models import Application, Evaluation

ITEM = {"code": "I1", "name": "食品经营许可", "type": "行政许可", "department": "市场监管局"}
MATERIALS = [["申请书", "身份证"], ["身份证", "申请书"], [], ["申请书", "身份证"], None]
DIMENSIONS = [
    {"attitude": "satisfied", "quality": "satisfied"},
    {"quality": "satisfied", "attitude": "satisfied"},  # the same pairs in another order
    {"attitude": "满意", "quality": "satisfied"},  # a Chinese term: the same value once validated
    {},
    None,
]


def _application(i: int) -> dict[str, Any]:
    app: dict[str, Any] = {"id": f"A{i}", "item_code": "I1", "received_at": "2025-11-03T09:00"}
    materials = MATERIALS[i % len(MATERIALS)]
    if materials is not None:
        app["materials_submitted"] = list(materials)
    app["events"] = [
        {"kind": "correction_notice", "at": "2025-11-03T10:00", "materials": ["身份证"] if i % 2 else []}
    ]
    return app


def _evaluation(i: int) -> dict[str, Any]:
    ev: dict[str, Any] = {"id": f"EV{i}", "at": "2025-11-03T11:00", "level": "satisfied"}
    dims = DIMENSIONS[i % len(DIMENSIONS)]
    if dims is not None:
        ev["dimensions"] = dict(dims)
    return ev


def _load(tmp_path: Path, form: str, n: int) -> tuple[Any, list[dict[str, Any]], list[dict[str, Any]]]:
    apps = [_application(i) for i in range(n)]
    evals = [_evaluation(i) for i in range(n)]
    if form == "document":  # records not read from JSON text: their strings shared by the loader
        return load_dataset({"items": [ITEM], "applications": apps, "evaluations": evals}), apps, evals
    for name, rows in (("items", [ITEM]), ("applications", apps), ("evaluations", evals)):
        (tmp_path / f"{name}.jsonl").write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
        )
    return load_dataset(tmp_path), apps, evals


FORMS = pytest.mark.parametrize(
    ("form", "n"),
    # a few records are compacted one by one, a batch column by column: both share alike
    [("jsonl", 3), ("jsonl", 15), ("document", 3), ("document", 15)],
)


@FORMS
def test_loaded_records_dump_as_freshly_validated_ones(tmp_path: Path, form: str, n: int) -> None:
    ds, apps, evals = _load(tmp_path, form, n)
    assert ds.rejected == []
    for model, loaded, raw in ((Application, ds.applications, apps), (Evaluation, ds.evaluations, evals)):
        for record, data in zip(loaded, raw, strict=True):
            fresh = model.model_validate(data)
            assert record == fresh
            assert record.model_dump() == fresh.model_dump()
            assert record.model_dump_json() == fresh.model_dump_json()  # the dicts' key order too
            assert record.model_fields_set == fresh.model_fields_set  # a list left out stays unrecorded
            for name, value in record.__dict__.items():
                assert isinstance(value, type(getattr(fresh, name))), name


@FORMS
def test_equal_lists_and_dicts_are_one_object_unequal_ones_are_not(tmp_path: Path, form: str, n: int) -> None:
    ds, _, _ = _load(tmp_path, form, n)
    a = ds.applications
    assert a[0].materials_submitted is a[3 % n].materials_submitted == ["申请书", "身份证"]
    assert a[1].materials_submitted == ["身份证", "申请书"]  # the same names in another order: another list
    assert a[1].materials_submitted is not a[0].materials_submitted
    assert a[2].materials_submitted == []
    if n > 4:
        assert a[2].materials_submitted is a[4].materials_submitted  # given empty and left out alike
        assert "materials_submitted" not in a[4].model_fields_set
    events = [e for app in a for e in app.events]
    assert events[1].materials is events[-1 if n % 2 == 0 else -2].materials == ["身份证"]
    assert events[0].materials is events[2].materials == []
    e = ds.evaluations
    assert e[0].dimensions is e[2].dimensions  # "满意" is read as "satisfied": equal once validated
    assert list(e[1].dimensions) == ["quality", "attitude"] and e[1].dimensions is not e[0].dimensions
    if n > 4:
        assert e[3].dimensions is e[4].dimensions == {}
        assert e[3].recorded("dimensions") and not e[4].recorded("dimensions")


LIST_CHANGES = [
    lambda x: x.append("营业执照"),
    lambda x: x.extend(["营业执照"]),
    lambda x: x.insert(0, "营业执照"),
    lambda x: x.remove("身份证"),
    lambda x: x.pop(),
    lambda x: x.clear(),
    lambda x: x.sort(),
    lambda x: x.reverse(),
    lambda x: x.__setitem__(0, "营业执照"),
    lambda x: x.__setitem__(slice(0, 1), ["营业执照"]),
    lambda x: x.__delitem__(0),
    lambda x: x.__iadd__(["营业执照"]),
    lambda x: x.__imul__(2),
]
DICT_CHANGES = [
    lambda d: d.__setitem__("environment", "satisfied"),
    lambda d: d.__delitem__("attitude"),
    lambda d: d.update(environment="satisfied"),
    lambda d: d.pop("attitude"),
    lambda d: d.popitem(),
    lambda d: d.clear(),
    lambda d: d.setdefault("environment", "satisfied"),
    lambda d: d.__ior__({"environment": "satisfied"}),
]


@pytest.mark.parametrize("change", range(len(LIST_CHANGES) + len(DICT_CHANGES)))
def test_a_shared_value_refuses_a_change_in_place_and_every_record_keeps_its_value(
    tmp_path: Path, change: int
) -> None:
    ds, apps, evals = _load(tmp_path, "jsonl", 10)
    before = [r.model_dump_json() for r in (*ds.applications, *ds.evaluations)]
    if change < len(LIST_CHANGES):
        target: Any = ds.applications[0].materials_submitted
        assert target is ds.applications[3].materials_submitted
        do = LIST_CHANGES[change]
        plain: Any = list(target)
    else:
        target = ds.evaluations[0].dimensions
        assert target is ds.evaluations[2].dimensions
        do = DICT_CHANGES[change - len(LIST_CHANGES)]
        plain = dict(target)
    with pytest.raises(TypeError, match="shared"):
        do(target)
    assert [r.model_dump_json() for r in (*ds.applications, *ds.evaluations)] == before
    do(plain)  # the same change is fine on an ordinary copy
    for fresh in (copy.copy(target), copy.deepcopy(target), pickle.loads(pickle.dumps(target))):
        assert type(fresh) in (list, dict) and fresh == target
        do(fresh)
    assert [r.model_dump_json() for r in (*ds.applications, *ds.evaluations)] == before


def test_copies_of_loaded_records_are_ordinary_and_can_change(tmp_path: Path) -> None:
    ds, _, _ = _load(tmp_path, "jsonl", 10)
    app, other = ds.applications[0], ds.applications[3]
    deep = app.model_copy(deep=True)
    deep.materials_submitted.append("营业执照")
    assert deep.materials_submitted == ["申请书", "身份证", "营业执照"]
    assert other.materials_submitted == ["申请书", "身份证"]
    ev, same = ds.evaluations[0], ds.evaluations[2]
    changed = ev.model_copy(update={"dimensions": {**ev.dimensions, "environment": "satisfied"}})
    assert set(changed.dimensions) == {"attitude", "quality", "environment"}
    assert set(same.dimensions) == {"attitude", "quality"}
    assert ev.dimensions | {"environment": "x"} == {**same.dimensions, "environment": "x"}  # a new dict
    again = pickle.loads(pickle.dumps(ds.evaluations))
    assert again == ds.evaluations and type(again[0].dimensions) is dict
    again[0].dimensions["environment"] = "satisfied"  # unpickled: an ordinary dict of its own
    assert "environment" not in same.dimensions
