"""The loader's fast path accepts exactly what the models accept, into equal records, and reports the
same errors; loaded records share their repeated values without letting one record's change leak.

The fast path (``govhall.loaders._fast_validate``) validates a record with the model's own core schema
minus its per-record Python hooks (events' owner filled in and checked, history sorted, timestamps
converted to Asia/Shanghai) and does the hooks' work once per record afterwards; whatever it cannot
settle goes to the model itself. The law: for every input line, the fast path either defers (None) or
returns a record equal to ``Model.model_validate_json(line)``, and it never accepts a line the model
rejects.
"""

from __future__ import annotations

import copy
import json
import sys
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

import govhall.models.applications as applications
from govhall.loaders import _fast_validate, load_dataset
from govhall.models import Application, Complaint, Event

ITEM = {"code": "I1", "name": "食品经营许可", "type": "行政许可", "department": "市场监管局"}

# timestamps: naive (read as Asia/Shanghai; most of them), aware in Shanghai, aware elsewhere, date-only,
# broken
_GOOD_TIMES = ["2025-11-03T09:00", "2025-11-03T09:00:00", "2025-11-04T10:30", "2025-11-05T16:00:00"]
_ODD_TIMES = ["2025-11-03T17:30:00+08:00", "2025-11-03T01:00:00Z", "2025-11-04T08:15:00-05:00", "2025-11-03",
              "2025-11-31T09:00", "yesterday", 1762131600]  # fmt: skip
_TIMES = st.one_of(st.sampled_from(_GOOD_TIMES), st.sampled_from(_GOOD_TIMES), st.sampled_from(_ODD_TIMES))
_KINDS = st.one_of(
    st.sampled_from(["received", "受理", "decided", "visit", "picked_up"]),
    st.sampled_from(["no_such_kind", "  accepted  ", "办结"]),
)


def _one_in(n: int, draw: Any) -> bool:
    """True about once in ``n`` draws (hypothesis' integers lean to their bounds; this does not)."""
    return bool(draw(st.sampled_from([False] * (n - 1) + [True])))


@st.composite
def _events(draw: Any, owner_field: str, owner_id: str) -> list[dict[str, Any]]:
    """Events of one record; their ids are unique across records (``E<owner>-<i>``)."""
    other = "complaint_id" if owner_field == "application_id" else "application_id"
    out = []
    for i in range(draw(st.integers(0, 4))):
        ev: dict[str, Any] = {"kind": draw(_KINDS), "at": draw(_TIMES)}
        owner = draw(st.sampled_from(["own"] * 6 + ["none", "blank", "other", "both", "own-spaced"]))
        if owner == "own":
            ev[owner_field] = owner_id
        elif owner == "own-spaced":
            ev[owner_field] = f" {owner_id} "
        elif owner == "blank":
            ev[owner_field] = ""
        elif owner == "other":
            ev[draw(st.sampled_from([owner_field, other]))] = "X9"
        elif owner == "both":
            ev[owner_field], ev[other] = owner_id, "X9"
        if draw(st.booleans()):
            ev["id"] = f"E{owner_id}-{i}"
        if _one_in(10, draw):
            ev[draw(st.sampled_from(["materials", "deadline", "written", "staf_id"]))] = draw(
                st.sampled_from([["身份证"], [], "2025-11-20", True, "yes", None, 3])
            )
        out.append(ev)
    return out


@st.composite
def _applications(draw: Any, n: int = 1) -> dict[str, Any]:
    app_id = draw(st.sampled_from([f"A{n}", f" A{n} ", f"A-{n:04d}"]))
    record: dict[str, Any] = {"id": app_id, "item_code": "I1", "received_at": draw(_TIMES)}
    record["events"] = draw(_events("application_id", app_id.strip()))
    for name, values in (
        ("service_fee_charged", [0, "0.00", 12.5, -1, "free"]),
        ("materials_submitted", [[], ["身份证", "营业执照"], "身份证"]),
        ("channel", ["onsite", "网上", "pigeon"]),
        ("rongque_missing", [[]]),
        ("licence_expires_on", ["2026-01-31", "2026-02-30"]),
        ("applicant", [{"name": "张三"}, {"nmae": "张三"}, "张三"]),
        ("unknown_field", [1]),
    ):
        if _one_in(7, draw):
            record[name] = draw(st.sampled_from(values))
    if _one_in(20, draw):
        del record[draw(st.sampled_from(["id", "received_at", "item_code"]))]
    return record


@st.composite
def _complaints(draw: Any) -> dict[str, Any]:
    record: dict[str, Any] = {"id": "C1", "channel": "hotline_12345", "received_at": draw(_TIMES)}
    record["events"] = draw(_events("complaint_id", "C1"))
    return record


def _canonical(model: type[BaseModel], text: str, parsed: bool = False) -> BaseModel | ValidationError:
    """What the model itself makes of ``text`` (or of ``json.loads(text)`` when ``parsed``)."""
    try:
        return model.model_validate(json.loads(text)) if parsed else model.model_validate_json(text)
    except ValidationError as exc:
        return exc


_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(
    st.one_of(_applications().map(lambda r: (Application, r)), _complaints().map(lambda r: (Complaint, r)))
)
def test_the_fast_path_accepts_only_what_the_model_accepts_into_an_equal_record(case: Any) -> None:
    model, record = case
    text = json.dumps(record, ensure_ascii=False)
    for parsed in (False, True):
        canonical = _canonical(model, text, parsed)
        fast = _fast_validate(model, None, json.loads(text)) if parsed else _fast_validate(model, text, None)
        if isinstance(canonical, ValidationError):
            assert fast is None
        elif fast is not None:
            assert fast == canonical
            assert fast.model_dump(mode="json") == canonical.model_dump(mode="json")
            assert [e.at for e in fast.events] == sorted(e.at for e in fast.events)  # type: ignore[attr-defined]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 4).flatmap(lambda n: st.tuples(*(_applications(i) for i in range(n)))))
def test_a_loaded_line_is_accepted_or_rejected_as_the_model_decides_with_the_same_field(apps: Any) -> None:
    lines = [json.dumps(a, ensure_ascii=False) for a in apps]
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "items.jsonl").write_text(json.dumps(ITEM, ensure_ascii=False) + "\n", encoding="utf-8")
        Path(tmp, "applications.jsonl").write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
        ds = load_dataset(tmp)
    rejected = {r.line: r for r in ds.rejected}
    kept = iter(ds.applications)
    for n, line in enumerate(lines, start=1):
        try:
            expected = Application.model_validate(json.loads(line))
        except ValidationError as exc:
            first = ".".join(str(p) for p in exc.errors()[0]["loc"]) or None
            assert n in rejected and rejected[n].field == first, (line, rejected.get(n))
            continue
        assert n not in rejected, (line, rejected[n].reason)
        got = next(kept)
        assert got == expected and got.model_dump(mode="json") == expected.model_dump(mode="json")
    assert next(kept, None) is None


def test_the_fast_path_runs_without_the_models_python_hooks(monkeypatch: pytest.MonkeyPatch) -> None:
    """What makes it fast: an ordinary record (events naming their owner, naive timestamps) never calls
    the events hooks; a record whose events name no owner does, through the model."""
    calls: list[Any] = []
    real = applications.fill_event_owner
    monkeypatch.setattr(applications, "fill_event_owner", lambda *a: calls.append(a) or real(*a))
    owned = {"id": "A1", "item_code": "I1", "received_at": "2025-11-03T09:00", "events": [
        {"application_id": "A1", "kind": "decided", "at": "2025-11-05T10:00"},
        {"application_id": "A1", "kind": "received", "at": "2025-11-03T09:00"},
    ]}  # fmt: skip
    fast = _fast_validate(Application, json.dumps(owned), None)
    assert fast is not None and calls == []
    assert [e.kind.value for e in fast.events] == ["received", "decided"]  # sorted by time, as the model does
    unowned = {**owned, "events": [{"kind": "received", "at": "2025-11-03T09:00"}]}
    assert _fast_validate(Application, json.dumps(unowned), None) is None  # the model fills the owner in
    assert Application.model_validate_json(json.dumps(unowned)).events[0].application_id == "A1"
    assert calls


def _load(tmp_path: Path, *apps: dict[str, Any]) -> Any:
    (tmp_path / "items.jsonl").write_text(json.dumps(ITEM, ensure_ascii=False) + "\n", encoding="utf-8")
    (tmp_path / "applications.jsonl").write_text(
        "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in apps), encoding="utf-8"
    )
    return load_dataset(tmp_path)


def test_an_aware_timestamp_is_still_converted_to_shanghai_time(tmp_path: Path) -> None:
    ds = _load(tmp_path, {"id": "A1", "item_code": "I1", "received_at": "2025-11-03T01:00:00Z"})
    assert ds.rejected == [] and ds.applications[0].received_at.isoformat() == "2025-11-03T09:00:00"


def test_loaded_records_share_equal_timestamps_but_keep_decimal_text(tmp_path: Path) -> None:
    apps = [
        {"id": f"A{i}", "item_code": "I1", "received_at": "2025-11-03T09:00", "service_fee_charged": fee,
         "events": [{"application_id": f"A{i}", "kind": "received", "at": "2025-11-03T09:00"}]}
        for i, fee in enumerate(["0.00", 0, "0.00"])
    ]  # fmt: skip
    ds = _load(tmp_path, *apps)
    a, b, c = ds.applications
    assert a.received_at is b.received_at is a.events[0].at is c.events[0].at
    assert [json.loads(x.model_dump_json())["service_fee_charged"] for x in (a, b, c)] == [
        "0.00",
        "0",
        "0.00",
    ]


def test_an_empty_list_is_shared_but_cannot_be_changed_in_place(tmp_path: Path) -> None:
    ds = _load(
        tmp_path, *({"id": f"A{i}", "item_code": "I1", "received_at": "2025-11-03T09:00"} for i in range(2))
    )
    a, b = ds.applications
    assert a.materials_submitted == [] and a.model_dump()["materials_submitted"] == []
    assert a.materials_submitted is b.materials_submitted  # one shared empty list
    with pytest.raises(TypeError, match="shared"):
        a.materials_submitted.append("身份证")
    with pytest.raises(TypeError):
        a.materials_submitted += ["身份证"]
    assert b.materials_submitted == []
    for fresh in (copy.copy(a.materials_submitted), copy.deepcopy(a.materials_submitted)):
        fresh.append("身份证")
        assert fresh == ["身份证"]
    changed = a.model_copy(update={"materials_submitted": ["身份证"]}, deep=True)
    assert changed.materials_submitted == ["身份证"] and b.materials_submitted == []
    deep = a.model_copy(deep=True)
    deep.materials_submitted.append("身份证")
    assert b.materials_submitted == []


def test_a_duplicate_event_id_inside_one_application_names_the_first_position(tmp_path: Path) -> None:
    app = {"id": "A1", "item_code": "I1", "received_at": "2025-11-03T09:00", "events": [
        {"id": "E1", "kind": "received", "at": "2025-11-03T09:00"},
        {"id": "E2", "kind": "accepted", "at": "2025-11-03T09:05"},
        {"id": "E2", "kind": "decided", "at": "2025-11-04T09:00"},
    ]}  # fmt: skip
    ds = _load(tmp_path, {"id": "A0", "item_code": "I1", "received_at": "2025-11-03T09:00"}, app)
    (r,) = ds.rejected
    assert (r.line, r.field) == (2, "events")
    assert r.reason == (
        "events.2: duplicate event id 'E2': already used at applications line 2 of applications.jsonl "
        "(embedded event 1)"
    )


def test_events_of_a_loaded_application_are_events() -> None:
    ds = load_dataset({"items": [ITEM], "applications": [
        {"id": "A1", "item_code": "I1", "received_at": "2025-11-03T09:00",
         "events": [{"kind": "decided", "at": "2025-11-04T09:00"}, {"kind": "received", "at": "2025-11-03T09:00"}]},
    ]})  # fmt: skip
    (a,) = ds.applications
    assert all(type(e) is Event and e.application_id == "A1" for e in a.events)
    assert [e.kind.value for e in a.events] == ["received", "decided"]


def test_a_record_with_several_problems_is_named_by_its_first_declared_field(tmp_path: Path) -> None:
    """pydantic's JSON mode (in some versions) reports an unknown field before a field error; the
    loader names the record by the first declared field at fault, whichever way it was read (CI's
    pydantic 2.13 named this line ``unknown_field``, 2.14 ``events``)."""
    line = {"id": "A0", "item_code": "I1", "received_at": "2025-11-03T09:00", "unknown_field": 1,
            "events": [{"kind": "received", "at": "2025-11-03T09:00", "application_id": "X9"}]}  # fmt: skip
    (tmp_path / "items.jsonl").write_text(json.dumps(ITEM, ensure_ascii=False) + "\n", encoding="utf-8")
    (tmp_path / "applications.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    (rejected,) = load_dataset(tmp_path).rejected
    assert (rejected.line, rejected.field) == (1, "events")
    assert rejected.reason.index("names 'X9'") < rejected.reason.index("unknown field 'unknown_field'")


# an event's outcome and procedure as the input may give them: the canonical names, the same names in
# another case or spacing, the standards' Chinese words, other text, and values that are not text
_NAMES = st.one_of(
    st.sampled_from(sorted(applications.OUTCOMES | applications.PROCEDURES)),
    st.sampled_from(
        ["Approved", " denied ", "NOT-ACCEPTED", "Expert Review", "听证", "专家评审", "补正", "其他"]
    ),
    st.text(max_size=12),
    st.sampled_from([None, 5, 2.5, True, [], {}]),
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(outcome=_NAMES, procedure=_NAMES)
def test_an_events_outcome_and_procedure_read_by_the_fast_path_are_the_models(
    outcome: Any, procedure: Any
) -> None:
    """The fast path matches a text that is already a canonical outcome or procedure name in
    pydantic-core, without calling the model's hook (which returns such a name as it is); whatever it
    makes of any value is what the model makes of it, and it refuses no record the model accepts."""
    record = {"id": "A1", "item_code": "I1", "received_at": "2025-11-03T09:00", "events": [
        {"application_id": "A1", "kind": "decided", "at": "2025-11-05T10:00", "outcome": outcome},
        {"application_id": "A1", "kind": "paused", "at": "2025-11-04T10:00", "procedure": procedure},
    ]}  # fmt: skip
    text = json.dumps(record, ensure_ascii=False)
    canonical = _canonical(Application, text)
    fast = _fast_validate(Application, text, None)
    if isinstance(canonical, ValidationError):
        assert fast is None
    else:
        assert fast is not None  # a record the model accepts: the fast path accepts it too
        assert fast == canonical and fast.model_dump(mode="json") == canonical.model_dump(mode="json")


def _hook_calls(line: dict[str, Any]) -> tuple[Any, list[str]]:
    """The fast path's record of ``line`` and the model hooks called while it was read."""
    calls: list[str] = []

    def profile(frame: Any, event: str, arg: Any) -> None:
        if event == "call" and frame.f_code.co_name in ("_outcome_name", "_procedure_name"):
            calls.append(frame.f_code.co_name)

    text = json.dumps(line, ensure_ascii=False)
    _fast_validate(Application, text, None)  # compiled before the count
    sys.setprofile(profile)
    try:
        fast = _fast_validate(Application, text, None)
    finally:
        sys.setprofile(None)
    return fast, calls


def test_a_canonical_outcome_or_procedure_costs_no_python_call() -> None:
    """What makes it fast: ``approved`` or ``hearing`` never reaches the model's hook; `` Approved ``
    and ``听证`` do, and come out as the canonical names."""
    line = {"id": "A1", "item_code": "I1", "received_at": "2025-11-03T09:00", "events": [
        {"application_id": "A1", "kind": "decided", "at": "2025-11-05T10:00", "outcome": "approved"},
        {"application_id": "A1", "kind": "paused", "at": "2025-11-04T10:00", "procedure": "hearing"},
    ]}  # fmt: skip
    fast, calls = _hook_calls(line)
    assert calls == []
    assert fast is not None and [(e.procedure, e.outcome) for e in fast.events] == [
        ("hearing", None),
        (None, "approved"),
    ]
    line["events"][0]["outcome"], line["events"][1]["procedure"] = " Approved ", "听证"  # type: ignore[index]
    fast, calls = _hook_calls(line)
    assert sorted(calls) == ["_outcome_name", "_procedure_name"]
    assert fast is not None and [(e.procedure, e.outcome) for e in fast.events] == [
        ("hearing", None),
        (None, "approved"),
    ]


_LARGEST = "179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368"  # noqa: E501 - the largest double, worked out by hand from (2 - 2**-52) * 2**1023
_ODD_AMOUNTS = [_LARGEST, _LARGEST + "1", _LARGEST[:-1] + "9", "1e308", "1.8e308", "1e400", "-0", "NaN",
                "Infinity", "-1e400", 1e308, 0, "0.00", "1E+2"]  # fmt: skip
_AMOUNTS = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(min_value=0, max_value=10**6, places=2).map(lambda d: float(d)),
    st.integers(-10, 10**400).map(lambda n: n if n < 10**18 else str(n)),
    st.sampled_from(_ODD_AMOUNTS),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_AMOUNTS)
def test_an_amount_is_finite_in_the_fast_path_exactly_when_the_model_says_so(amount: Any) -> None:
    """The fast path checks an amount's finiteness with a bound in pydantic-core instead of the model's
    Python check (finite_decimal). Whatever the amount, text or number, near the largest double or past
    it: the fast path refuses (the model then decides) or gives the model's own Decimal, the same text."""
    text = json.dumps({"id": "A1", "item_code": "I1", "received_at": "2025-11-03T09:00",
                       "service_fee_charged": amount})  # fmt: skip
    canonical = _canonical(Application, text)
    fast = _fast_validate(Application, text, None)
    if isinstance(canonical, ValidationError):
        assert fast is None
    else:
        fee = canonical.service_fee_charged  # type: ignore[attr-defined]
        assert fast is not None or fee > Decimal(_LARGEST)  # deferred only past the bound (rounds down)
        if fast is not None:
            assert str(fast.service_fee_charged) == str(canonical.service_fee_charged)  # type: ignore[attr-defined]


# -- an amount's fast path: a JSON integer read in pydantic-core, without the model's two hooks ----------

_HOSTILE_FEES = [True, False, None, "٥", "５", "1e400", "NaN", "", " 5 ", [0], {"a": 1}, -1, -0.0, 1e308,
                 int(_LARGEST), int(_LARGEST) + 1, int(_LARGEST) * 2, 10**101, "0", 0, 30, 12.5]  # fmt: skip
_FEES = st.one_of(
    st.sampled_from(_HOSTILE_FEES),
    st.integers(-(10**20), 10**20),
    st.integers(0, 100),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(st.sampled_from("0123456789.-+eE ٥５"), max_size=6),
    st.booleans(),
)


def _loaded(fees: list[Any], slow: bool) -> tuple[list[tuple[str, str]], list[tuple[int, Any, str]]]:
    """(each accepted application's id and fee text, each rejection's line, field and reason) of a hall
    of applications with ``fees``; with ``slow``, read as before the amount's fast path (its hooks)."""
    import govhall.loaders as loaders

    with pytest.MonkeyPatch.context() as mp, tempfile.TemporaryDirectory() as tmp:
        if slow:
            mp.setattr(loaders, "_amount_fast_path", lambda *a: None)
            mp.setattr(loaders, "_FAST", {})  # compiled again, without it
        records = [{"id": f"A{i}", "item_code": "I1", "received_at": "2025-11-03T09:00", "service_fee_charged": fee}
                   for i, fee in enumerate(fees)]  # fmt: skip
        ds = _load(Path(tmp), *records)
    return (
        [(a.id, str(a.service_fee_charged)) for a in ds.applications],
        [(r.line, r.field, r.reason) for r in ds.rejected],
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_FEES, min_size=1, max_size=5), st.integers(0, 3))
def test_a_fee_is_read_by_the_fast_path_exactly_as_by_the_hooks(fees: list[Any], well_formed: int) -> None:
    """Any fee (a bool, a text in other digits, a fraction, an integer past the largest double, null …),
    among well-formed ones: the same records, fee texts and rejections (line, field, words) with the
    fast path as without it; and the single-record fast path gives the model's Decimal or defers."""
    fees = [0] * well_formed + fees + [50] * well_formed
    assert _loaded(fees, slow=False) == _loaded(fees, slow=True)
    for fee in fees:
        text = json.dumps({"id": "A1", "item_code": "I1", "received_at": "2025-11-03T09:00",
                           "service_fee_charged": fee}, ensure_ascii=False)  # fmt: skip
        canonical = _canonical(Application, text)
        fast = _fast_validate(Application, text, None)
        if isinstance(canonical, ValidationError):
            assert fast is None
        elif fast is not None:
            assert str(fast.service_fee_charged) == str(canonical.service_fee_charged)  # type: ignore[attr-defined]


def test_a_whole_fee_costs_no_python_call_and_a_bad_one_still_names_the_field() -> None:
    """What makes it fast: ``0`` or ``30`` yuan never reaches ``amount_not_bool`` nor ``finite_decimal``;
    ``true``, ``"٥"`` and ``12.5`` still do, and a bad one is refused in the model's words."""
    calls: list[str] = []

    def profile(frame: Any, event: str, arg: Any) -> None:
        if event == "call" and frame.f_code.co_name in ("amount_not_bool", "finite_decimal"):
            calls.append(frame.f_code.co_name)

    def read(fee: Any) -> Any:
        text = json.dumps({"id": "A1", "item_code": "I1", "received_at": "2025-11-03T09:00",
                           "service_fee_charged": fee}, ensure_ascii=False)  # fmt: skip
        _fast_validate(Application, text, None)  # compiled before the count
        calls.clear()
        sys.setprofile(profile)
        try:
            return _fast_validate(Application, text, None)
        finally:
            sys.setprofile(None)

    for fee in (0, 30):
        fast = read(fee)
        assert calls == [] and fast is not None and fast.service_fee_charged == Decimal(fee)
    fast = read(12.5)
    assert sorted(calls) == ["amount_not_bool", "finite_decimal"] and str(fast.service_fee_charged) == "12.5"
    assert read(True) is None and calls == ["amount_not_bool"]
    accepted, rejected = _loaded([0, "٥", True, 7], slow=False)
    assert accepted == [("A0", "0"), ("A3", "7")]
    assert [(line, field) for line, field, _ in rejected] == [
        (2, "service_fee_charged"),
        (3, "service_fee_charged"),
    ]
    assert "digit of another script" in rejected[0][2] and "not true" in rejected[1][2]
