"""The reports' indented JSON (``_common.indented_json``) is the standard library's text, for all inputs."""

from __future__ import annotations

import json
import math
from datetime import date, datetime, timedelta, timezone
from enum import Enum, IntEnum
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from govhall.reports._common import SURROGATE, indented_json, json_default, json_text
from govhall.rules.core import Subject


def stdlib(obj: Any, indent: int = 2) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=indent, default=json_default, separators=(",", ": "))


class Colour(str, Enum):
    red = "红"


class Level(IntEnum):
    high = 3


class Text(str):
    pass


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(),  # any code point: Chinese, controls, quotes, backslashes, lone surrogates
    st.sampled_from([Colour.red, Level.high, Text("子类"), date(2024, 2, 29), Subject(kind="a", id="A-1")]),
    st.datetimes(timezones=st.sampled_from([None, timezone.utc, timezone(timedelta(hours=8))])),
)
keys = st.one_of(
    st.text(), st.integers(), st.floats(allow_nan=True), st.booleans(), st.none(), st.just(Colour.red)
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=3).map(tuple),
        st.dictionaries(keys, inner, max_size=4),
        st.frozensets(st.integers(), max_size=3),
    ),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(values, st.sampled_from([1, 2, 4]))
def test_same_text_as_the_standard_library(obj: Any, indent: int) -> None:
    assert indented_json(obj, indent) == stdlib(obj, indent)
    # and json_text shows a lone surrogate as U+FFFD, as it did with every character looked at
    assert json_text(obj, indent=indent) == SURROGATE.sub("\ufffd", stdlib(obj, indent))


def test_a_report_shaped_document() -> None:
    # the containers a report nests (findings in a list, evidence in each), empty ones, every scalar
    doc = {
        "rule_errors": [],
        "findings": [
            {"rule_id": "x/y", "clauses": ["x:1", "x:2"], "evidence": {"due": date(2024, 5, 6), "days": 3}},
            {"rule_id": "x/z", "clauses": [], "evidence": {}, "provisional": False, "on": None},
        ],
        "ratio": 0.5,
        "weird": [math.inf, -math.inf, 1e300, -0.0],
        1: "int key",
        2.5: "float key",
        None: "null key",
        False: "false key",
    }
    text = indented_json(doc)
    assert text == stdlib(doc)
    assert '\n    {\n      "rule_id": "x/y",\n      "clauses": [\n        "x:1",' in text
    assert '"evidence": {}' in text and '"rule_errors": []' in text
    assert json.loads(text)["findings"][0]["evidence"]["due"] == "2024-05-06"


def test_a_key_json_refuses_is_refused_alike() -> None:
    for bad in ({(1, 2): "tuple key"}, {datetime(2024, 1, 1): 1}):
        try:
            stdlib(bad)
        except TypeError as expected:
            try:
                indented_json(bad)
            except TypeError as got:
                assert str(got) == str(expected)
            else:  # pragma: no cover - the assertion's message
                raise AssertionError("indented_json accepted a key json.dumps refuses")


def test_a_cycle_is_refused_as_the_standard_library_refuses_it() -> None:
    loop: list[Any] = []
    loop.append(loop)
    try:
        indented_json(loop)
    except ValueError as exc:
        assert "Circular reference" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("a cycle was written")


def test_json_text_keeps_its_two_shapes() -> None:
    doc = {"a": [1, "中文"], "b": {}}
    assert json_text(doc, indent=2) == stdlib(doc)
    assert json_text(doc) == '{"a": [1, "中文"], "b": {}}'
    assert json_text({"id": "A-\ud800", "名": "x"}) == '{"id": "A-\ufffd", "名": "x"}'
    assert json_text(["\udcff"], indent=2) == '[\n  "\ufffd"\n]'


def test_the_json_report_dumping_findings_one_at_a_time_is_the_whole_reports_dump() -> None:
    """``render_json`` dumps each finding as it writes it; the text is the one of dumping the whole
    report first (keys in the report's order, ``rule_errors`` first, a finding's empty hall left
    out), on a report with findings of every severity, rejected records and notes, masked or not."""
    import govhall
    from govhall.reports import prepare
    from govhall.reports.json_report import render_json
    from govhall.rules.report import Note

    report = govhall.audit(govhall.load_dataset(govhall.example_dir()))
    assert {f.severity for f in report.findings} == {"error", "warning", "info"}
    assert report.findings[0].hall is None
    province_like = report.model_copy(
        update={
            "findings": [f.model_copy(update={"hall": "韶关"}) for f in report.findings[:50]],
            "notes": [Note(kind="rule_error", rule_id="x/y", message="规则出错"), Note(message="说明")],
        }
    )
    for r in (report, prepare(report), province_like):
        whole = {
            "rule_errors": [n.model_dump(mode="json") for n in r.rule_errors],
            **r.model_dump(mode="json"),
        }
        assert render_json(r) == json_text(whole, indent=2) + "\n"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(st.integers(), st.text(max_size=5), st.dictionaries(st.text(max_size=3), st.integers())),
        max_size=4,
    )
)
def test_an_array_written_one_item_at_a_time_is_the_list(items: list[Any]) -> None:
    """``Each`` is written as the list of its items, indented or not, empty or not, and twice alike."""
    from govhall.reports._common import Each

    each = Each(lambda: iter(items))
    for indent in (None, 2):
        assert json_text({"a": each, "b": 1}, indent=indent) == json_text({"a": items, "b": 1}, indent=indent)


def test_the_sarif_and_oscal_reports_made_one_result_at_a_time_are_the_whole_documents() -> None:
    """``--format sarif`` and ``--format oscal`` make each result as they write it; the text is the
    one of the whole document built first, with findings naming their hall, rejected records, and
    neither."""
    import govhall
    from govhall.models.dataset import RejectedRecord
    from govhall.oscal import assessment_results
    from govhall.reports.oscal import render_oscal
    from govhall.reports.sarif import render_sarif, sarif_log

    report = govhall.audit(govhall.load_dataset(govhall.example_dir()))
    rejected = [
        RejectedRecord(table="applications", line=3, record_id="A-9", field="received_at", reason="坏的时间"),
        RejectedRecord(table="staff", reason="not a text file", source="staff.jsonl"),
    ]
    variants = [
        report,
        report.model_copy(
            update={
                "findings": [f.model_copy(update={"hall": "韶关"}) for f in report.findings[:40]],
                "rejected": rejected,
            }
        ),
        report.model_copy(update={"findings": [], "rejected": rejected}),
        report.model_copy(update={"findings": [], "rejected": []}),
    ]
    for r in variants:
        assert render_sarif(r) == json_text(sarif_log(r), indent=2) + "\n"
        assert render_oscal(r) == json_text(assessment_results(r), indent=2) + "\n"


_LEAF = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=4), st.floats(allow_nan=False))


@settings(max_examples=150, deadline=None)
@given(
    st.recursive(
        _LEAF,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3),
            st.dictionaries(st.text(max_size=3), inner, max_size=3),
            st.lists(inner, max_size=3).map(lambda xs: ("each", xs)),
        ),
        max_leaves=12,
    )
)
def test_json_written_in_pieces_is_the_indented_text(tree: Any) -> None:
    """``json_pieces`` (what ``write_json`` writes) joins to ``indented_json``'s text, whatever holds an
    ``Each`` array and wherever (here ``("each", items)`` stands for one)."""
    from govhall.reports._common import Each, json_pieces, write_json

    def with_each(o: Any) -> Any:
        if isinstance(o, tuple):
            items = [with_each(x) for x in o[1]]
            return Each(lambda: items)
        if isinstance(o, list):
            return [with_each(x) for x in o]
        if isinstance(o, dict):
            return {k: with_each(v) for k, v in o.items()}
        return o

    def as_lists(o: Any) -> Any:
        if isinstance(o, tuple):
            return [as_lists(x) for x in o[1]]
        if isinstance(o, list):
            return [as_lists(x) for x in o]
        if isinstance(o, dict):
            return {k: as_lists(v) for k, v in o.items()}
        return o

    expected = indented_json(as_lists(tree), 2)
    assert "".join(json_pieces(with_each(tree), 2)) == expected
    written: list[str] = []
    write_json(with_each(tree), written.append)
    assert "".join(written) == expected


def test_write_report_writes_what_render_renders_in_every_format() -> None:
    """``write_report`` (what ``govhall audit -o FILE`` and stdout are written with) gives ``render``'s
    text in every format, masked or not; JSON, SARIF and OSCAL finding by finding, not as one text."""
    import govhall
    from govhall.models.dataset import RejectedRecord
    from govhall.reports import FORMATS, render, write_report

    report = govhall.audit(govhall.load_dataset(govhall.example_dir()))
    report = report.model_copy(
        update={
            "rejected": [RejectedRecord(table="applications", line=3, record_id="A-9", reason="坏\udcff")]
        }
    )
    for fmt in FORMATS:
        for show in (False, True):
            pieces: list[str] = []
            write_report(report, fmt, pieces.append, show_personal_data=show)
            assert "".join(pieces) == render(report, fmt, show_personal_data=show)
            if fmt in ("json", "sarif", "oscal"):
                assert len(pieces) > len(report.findings)
