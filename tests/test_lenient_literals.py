"""The fixed-vocabulary text fields (``Attendance.kind``, ``Application.kind``, ``Application.help_service``,
``Event.delivery``) read what the enums read: any case, surrounding spaces, ``-`` or a space for ``_``,
and the Chinese terms, alike in jsonl, csv, json arrays and the HTTP service; the value stays the
canonical English text, so valid input gives the same records and reports as before.

Before: ``"kind": " Sign_In"`` or ``"help_service": "帮办"`` was a rejected record although
``"channel": " Onsite"`` (an enum) was read.
"""

from __future__ import annotations

import csv
import json
import random
import shutil
import typing
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from govhall.loaders import load_dataset
from govhall.models import MODELS, Application, Attendance, Event
from govhall.models._base import Lenient
from govhall.schema import json_schema

EXAMPLE = Path(__file__).resolve().parents[1] / "src" / "govhall" / "data" / "example"

#: the fields and the Chinese terms worked out from the standards' wording (not read from the code)
FIELDS: dict[tuple[type[BaseModel], str], dict[str, str]] = {
    (Attendance, "kind"): {"签到": "sign_in", "签退": "sign_out", "离岗": "leave", "返岗": "return"},
    (Application, "kind"): {"新办": "new", "延续": "renewal", "变更": "change"},
    (Application, "help_service"): {"帮办": "help", "代办": "agent"},
    (Event, "delivery"): {"邮寄": "mail", "窗口自取": "window", "电子送达": "electronic"},
}


def literal_values(model: type[BaseModel], name: str) -> tuple[str, ...]:
    """The English values of a field's ``Literal`` (through ``Annotated`` and ``| None``)."""
    found: list[str] = []

    def walk(tp: Any) -> None:
        if typing.get_origin(tp) is typing.Literal:
            found.extend(typing.get_args(tp))
        for arg in typing.get_args(tp):
            if not isinstance(arg, (str, Lenient)):
                walk(arg)

    walk(typing.get_type_hints(model, include_extras=True)[name])
    return tuple(found)


def test_every_literal_text_field_of_the_models_is_lenient() -> None:
    """A new ``Literal`` field must read as leniently as the enums (or be added here on purpose)."""
    literal_fields = {
        (model.__name__, name)
        for model in MODELS.values()
        for name in model.model_fields
        if literal_values(model, name)
    }
    assert literal_fields == {(m.__name__, f) for m, f in FIELDS}


def base_record(model: type[BaseModel]) -> dict[str, Any]:
    if model is Attendance:
        return {"staff_id": "S-1", "kind": "sign_in", "at": "2025-09-01T09:00"}
    if model is Application:
        return {"id": "A-1", "item_code": "X", "received_at": "2025-09-01T09:00"}
    return {"application_id": "A-1", "kind": "mailed", "at": "2025-09-02T09:00"}


def spellings(value: str) -> st.SearchStrategy[str]:
    """``value`` in any case, with ``-`` or a space for ``_``, in surrounding spaces and tabs."""
    cased = st.lists(st.booleans(), min_size=len(value), max_size=len(value)).map(
        lambda ups: "".join(c.upper() if up else c for c, up in zip(value, ups, strict=True))
    )
    joined = st.tuples(cased, st.sampled_from(["_", "-", " "])).map(lambda t: t[0].replace("_", t[1]))
    pad = st.text(alphabet=" \t", max_size=3)
    return st.tuples(pad, joined, pad).map("".join)


cases = st.sampled_from(sorted(FIELDS, key=lambda k: (k[0].__name__, k[1]))).flatmap(
    lambda key: st.sampled_from(literal_values(*key)).flatmap(
        lambda value: spellings(value).map(lambda text: (key, value, text))
    )
)


@settings(max_examples=200, deadline=None)
@given(case=cases)
def test_any_spelling_an_enum_accepts_reads_as_the_english_value(case: Any) -> None:
    (model, name), value, text = case
    record = {**base_record(model), name: text}
    assert getattr(model.model_validate(record), name) == value
    assert getattr(model.model_validate_json(json.dumps(record)), name) == value


def test_the_chinese_terms_read_as_their_values() -> None:
    for (model, name), terms in FIELDS.items():
        for term, value in terms.items():
            got = getattr(model.model_validate({**base_record(model), name: f" {term} "}), name)
            assert got == value, (model.__name__, name, term)


@settings(max_examples=50, deadline=None)
@given(
    case=st.sampled_from(sorted(FIELDS, key=lambda k: (k[0].__name__, k[1]))),
    text=st.text(min_size=1, max_size=8).filter(lambda t: t.strip().lower() not in {"", "none"}),
)
def test_anything_else_is_still_refused_naming_the_field(case: Any, text: str) -> None:
    model, name = case
    values = literal_values(model, name)
    canonical = text.strip().lower().replace("-", "_").replace(" ", "_")
    if canonical in values or text.strip() in FIELDS[case] or text.strip() in json_aliases(model, name):
        return
    try:
        model.model_validate({**base_record(model), name: text})
    except ValidationError as exc:
        errors = [e for e in exc.errors() if e["loc"] == (name,)]
        assert (
            errors
            and errors[0]["type"] == "literal_error"
            and all(repr(v) in errors[0]["msg"] for v in values)
        )
    else:
        raise AssertionError(f"{model.__name__}.{name} took {text!r}")


def json_aliases(model: type[BaseModel], name: str) -> dict[str, str]:
    prop = json_schema(model.__name__)["properties"][name]
    node = next((n for n in prop.get("anyOf", [prop]) if "enum" in n), prop)
    aliases: dict[str, str] = node.get("x-aliases", {})
    return aliases


def test_the_json_schema_lists_the_values_and_the_chinese_terms() -> None:
    for (model, name), terms in FIELDS.items():
        prop = json_schema(model.__name__)["properties"][name]
        node = next(n for n in prop.get("anyOf", [prop]) if "enum" in n)
        assert tuple(node["enum"]) == literal_values(model, name)
        assert terms.items() <= node["x-aliases"].items()


# -- the same through every input format -------------------------------------------------------------

ODD = random.Random(20251201)


def odd(value: str) -> str:
    """A spelling an enum would read: mixed case, ``-`` for ``_``, surrounding spaces."""
    text = "".join(c.upper() if ODD.random() < 0.5 else c for c in value).replace("_", ODD.choice("_- "))
    return f" {text}\t"


def odd_application(app: dict[str, Any]) -> dict[str, Any]:
    out = {**app, "kind": odd(app.get("kind", "new")), "help_service": odd(app.get("help_service", "none"))}
    out["events"] = [
        {**e, "delivery": odd(e["delivery"])} if "delivery" in e else e for e in app.get("events", [])
    ]
    return out


def rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def fields_of(ds: Any) -> tuple[Any, ...]:
    return (
        [a.kind for a in ds.attendance],
        [(a.kind, a.help_service) for a in ds.applications],
        [e.delivery for a in ds.applications for e in a.events],
    )


def test_odd_spellings_load_alike_from_jsonl_json_arrays_and_csv(tmp_path: Path) -> None:
    expected = load_dataset(EXAMPLE)
    apps = [odd_application(a) for a in rows(EXAMPLE / "applications.jsonl")]
    attendance = [{**r, "kind": odd(r["kind"])} for r in rows(EXAMPLE / "attendance.jsonl")]

    jsonl = tmp_path / "jsonl"
    shutil.copytree(EXAMPLE, jsonl)
    (jsonl / "applications.jsonl").write_text("".join(json.dumps(a) + "\n" for a in apps), encoding="utf-8")
    (jsonl / "attendance.jsonl").write_text(
        "".join(json.dumps(a) + "\n" for a in attendance), encoding="utf-8"
    )

    arrays = tmp_path / "arrays"
    shutil.copytree(jsonl, arrays)
    for table, records in (("applications", apps), ("attendance", attendance)):
        (arrays / f"{table}.jsonl").unlink()
        (arrays / f"{table}.json").write_text(json.dumps(records), encoding="utf-8")

    with_csv = tmp_path / "csv"
    shutil.copytree(jsonl, with_csv)
    (with_csv / "attendance.jsonl").unlink()
    columns = list(dict.fromkeys(k for r in attendance for k in r))
    with (with_csv / "attendance.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        writer.writerows(attendance)

    for folder in (jsonl, arrays, with_csv):
        ds = load_dataset(folder)
        assert not ds.rejected, (folder.name, ds.rejected[:3])
        assert fields_of(ds) == fields_of(expected), folder.name


def test_a_rejected_fixed_text_names_the_field_the_values_and_a_chinese_term(tmp_path: Path) -> None:
    path = tmp_path / "attendance.jsonl"
    path.write_text('{"staff_id": "S-1", "kind": "checkin", "at": "2025-09-01T09:00"}\n', encoding="utf-8")
    (bad,) = load_dataset(path).rejected
    assert bad.line == 1 and bad.field == "kind"
    assert "'checkin'" in bad.reason and "'sign_in', 'sign_out', 'leave' or 'return'" in bad.reason
    assert "签到" in bad.reason
