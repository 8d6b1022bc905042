"""Hostile input, eleventh sweep: what the tenth noticed and left, then a fresh sweep over every entry
point. Each test failed before its fix; each hostile form is refused or named (field, record and line),
the CLI exits 2 with one line, the service answers problem+json."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from govhall.cli import app
from test_hostile_input import one_line_error
from test_hostile_input_sweep6 import _rows
from test_hostile_input_sweep9 import ALL_ITEMS, APP, _client, _problem, refused_on_every_surface

runner = CliRunner()

ITEMS = _rows("items", 3)


# == 1. the Markdown (and HTML) table of rejected records says "element 2", as the other reports do =====


@pytest.mark.parametrize(
    ("name", "place"), [("items.json", "element 2"), ("items.jsonl", "line 2"), ("items.csv", "line 3")]
)
def test_the_markdown_and_html_tables_of_rejected_records_say_where_as_the_line_means(
    tmp_path: Path, name: str, place: str
) -> None:
    """The Markdown table's ``line`` column was the bare number ``2`` for a one-line JSON array's
    second element (file line 1), as was the HTML table's; text, SARIF, JUnit and OSCAL say "element
    2" (RejectedRecord.place). Both tables say it now: "element 2", "line 2" of a jsonl file, "line 3"
    of a CSV file (its header is line 1)."""
    bad = dict(ITEMS[1], type="nope")
    rows = [ITEMS[0], bad, ITEMS[2]]
    path = tmp_path / name
    if name.endswith(".json"):
        path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    elif name.endswith(".jsonl"):
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    else:
        import csv

        keys = [k for k in rows[0] if not isinstance(rows[0][k], (list, dict))]
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=keys, extrasaction="ignore")
            w.writeheader()
            w.writerows(rows)
    md = runner.invoke(app, ["check", str(path), "-f", "md", "--fail-on", "never"]).stdout
    [row] = [x for x in md.splitlines() if x.startswith("| items |")]
    assert row.startswith(f"| items | {place} | {bad['code']} | type |"), row
    page = runner.invoke(app, ["check", str(path), "-f", "html", "--fail-on", "never"]).stdout
    assert f"<tr><td>items</td><td>{place}</td><td>{bad['code']}</td>" in page, page[-3000:]


# == 2. a negative LIMIT (or N, or a day) is named as itself, not taken for an option ===================


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["deadline", "2025-09-01", "-3天"], "LIMIT: not a time limit: '-3天'"),
        (["deadline", "2025-09-01", "-3"], "LIMIT: not a time limit: '-3'"),
        (["deadline", "2025-09-01", "-三天"], "LIMIT: not a time limit: '-三天'"),
        (["deadline", "--json", "2025-09-01", "-3天"], "LIMIT: not a time limit: '-3天'"),
        (["deadline", "2025-09-01", "-3天", "--json"], "LIMIT: not a time limit: '-3天'"),
        (["deadline", "2025-09-01", "--extend", "1天", "-3天"], "LIMIT: not a time limit: '-3天'"),
        (["deadline", "-2025-09-01", "3天"], "START: '-2025-09-01' is not an ISO date"),
        (["calendar", "count", "2025-09-01", "-2025-09-05"], "TO: '-2025-09-05' is not an ISO date"),
        # an unknown option before the arguments: once "extra argument(s) (3)", DATE being '--bogus'
        (["calendar", "add", "--bogus", "2025-09-01", "3"], "No such option: --bogus"),
        (["deadline", "--bogus", "2025-09-01", "-3天"], "No such option: --bogus"),
    ],
)
def test_a_negative_argument_is_named_as_its_argument_not_taken_for_an_option(
    args: list[str], said: str
) -> None:
    """``govhall deadline 2025-09-01 -3天`` said "No such option: -3": click reads a word opening with
    ``-`` as options, so LIMIT's own check never saw it. A word opening with ``-`` and no letter is an
    argument now (an option's value stays the option's: ``--extend -3天`` names --extend)."""
    err = one_line_error(runner.invoke(app, args))
    assert err.startswith(f"govhall: error: {said}"), err


def test_options_and_arguments_still_read_as_written_around_a_negative_word() -> None:
    err = one_line_error(runner.invoke(app, ["deadline", "2025-09-01", "3天", "--extend", "-3天"]))
    assert err.startswith("govhall: error: --extend: not a time limit: '-3天'"), err
    err = one_line_error(runner.invoke(app, ["calendar", "add", "2025-09-01", "-3"]))
    assert err.startswith("govhall: error: N: must be >= 0, got -3"), err
    done = runner.invoke(app, ["deadline", "--json", "2025-09-01", "3天", "--extend", "1天"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["due"] == "2025-09-05", done.stdout  # 2 Sep, 3 Sep, 4 Sep; then 5 Sep
    err = one_line_error(runner.invoke(app, ["deadline", "2025-09-01", "-3天", "extra"]))
    assert "unexpected extra argument" in err and "extra" in err, err


# == 3. RFC 9557's bracketed zone: refused in words, naming the field, on every surface ===================

BRACKETED = [
    "2025-09-01T09:00:00+08:00[Asia/Shanghai]",
    "2025-09-01T09:00[Asia/Shanghai]",
    "2025-09-01T01:00:00Z[!Asia/Shanghai][u-ca=chinese]",
    "2025-09-01T09:00:00+08:00[Europe/Paris]",
]
SAID = "ends in a bracketed time zone or suffix (RFC 9557's [Asia/Shanghai])"


@pytest.mark.parametrize("text", BRACKETED)
def test_a_bracketed_time_zone_is_refused_in_words_naming_the_field(text: str) -> None:
    """``…+08:00[Asia/Shanghai]`` got pydantic's "unexpected extra characters at the end of the input"
    (the service's complaint screening), "is not ISO 8601 text" (/v1/deadlines) or "is not an ISO date"
    (the command line): refused now in words that say what is wrong and what to write, even where the
    zone agrees with the offset (docs/data.md, "Values": the offset alone says the moment)."""
    refused_on_every_surface(text, SAID)


def test_a_bracketed_zone_in_a_csv_cell_names_field_record_and_line(tmp_path: Path) -> None:
    from govhall.loaders import load_dataset

    code = APP["item_code"]
    (tmp_path / "applications.csv").write_text(
        "id,item_code,received_at,channel\n"
        f"A-1,{code},2025-09-01T09:00:00+08:00,onsite\n"
        f"A-2,{code},2025-09-01T09:00:00+08:00[Asia/Shanghai],onsite\n",
        encoding="utf-8",
    )
    (tmp_path / "items.json").write_text(json.dumps(ALL_ITEMS, ensure_ascii=False), encoding="utf-8")
    ds = load_dataset(tmp_path)
    [bad] = ds.rejected
    assert (bad.record_id, bad.field, bad.line) == ("A-2", "received_at", 3), bad
    assert SAID in bad.reason, bad
    assert ds.records == 2 + len(ALL_ITEMS) and ds.audited == 1 + len(ALL_ITEMS)


# == 4. "id": 100.0 names its record as "id": 17 does ======================================================


@pytest.mark.parametrize(("value", "named"), [(100.0, "100.0"), (2.5, "2.5"), (1e20, "1e+20"), (17, "17")])
def test_a_float_id_is_refused_naming_the_record(tmp_path: Path, value: Any, named: str) -> None:
    """``"id": 17`` was refused naming the record '17', ``"id": 100.0`` with record_id None: the reader
    had to find it by the line alone. A finite float id is named as Python writes it back."""
    from govhall.loaders import load_dataset

    [bad] = load_dataset({"items": ALL_ITEMS, "applications": [{**APP, "id": value}]}).rejected
    assert (bad.record_id, bad.field) == (named, "id"), bad
    line = json.dumps({**APP, "id": value}, ensure_ascii=False)
    (tmp_path / "applications.jsonl").write_text(line + "\n", encoding="utf-8")
    for s in ALL_ITEMS[:1]:
        (tmp_path / "items.jsonl").write_text(json.dumps(s, ensure_ascii=False) + "\n", encoding="utf-8")
    [bad] = load_dataset(tmp_path).rejected
    assert (bad.record_id, bad.field, bad.line) == (named, "id", 1), bad


@pytest.mark.parametrize("value", [True, None, [1], {"a": 1}])
def test_an_id_that_is_no_scalar_names_no_record(value: Any) -> None:
    from govhall.loaders import load_dataset

    [bad] = load_dataset({"items": ALL_ITEMS, "applications": [{**APP, "id": value}]}).rejected
    assert (bad.record_id, bad.field) == (None, "id"), bad


# == 5. SARIF: govhallFinding/v2 holds the hall; v1 kept as it was ========================================


def _province(halls: list[str]) -> Any:
    from govhall.province import HallResult, _empty_summary, merge_results
    from govhall.rules.core import Finding

    f = Finding(
        rule_id="r", standard="s", clauses=["s:1"], severity="error",
        subject={"kind": "application", "id": "A-1"}, title="t", message="m", on=date(2025, 9, 1),
    )  # fmt: skip
    summary = _empty_summary("x", "").model_copy(update={"error": None})
    made = [
        HallResult(hall=h, source="x", summary=summary, findings=[f.model_copy(update={"hall": h})])
        for h in halls
    ]
    return merge_results(copy.deepcopy(made), source="p")


def test_sarif_finding_fingerprint_v2_keeps_a_halls_findings_apart_and_v1_unchanged() -> None:
    """Two halls' findings of one rule, subject id and day were ``govhallFinding/v1`` ranks 0 and 1, and
    a hall added before them moved the later hall's v1 (rank 1 -> 2). ``govhallFinding/v2`` holds the
    hall: rank 0 in each hall, unchanged by another hall. v1 is a contract and keeps its value."""
    from govhall.reports.sarif import finding_fingerprint, finding_fingerprint_v2, sarif_log

    def prints(halls: list[str]) -> dict[str, dict[str, str]]:
        results = sarif_log(_province(halls))["runs"][0]["results"]
        return {r["properties"]["hall"]: r["partialFingerprints"] for r in results}

    two, three = prints(["h2", "h3"]), prints(["h1", "h2", "h3"])
    v1 = [finding_fingerprint("r", "application", "A-1", "2025-09-01", n) for n in range(3)]
    assert [two[h]["govhallFinding/v1"] for h in ("h2", "h3")] == v1[:2]  # as before: ranks 0, 1
    assert [three[h]["govhallFinding/v1"] for h in ("h1", "h2", "h3")] == v1
    for h in ("h2", "h3"):
        assert two[h]["govhallFinding/v2"] == three[h]["govhallFinding/v2"], h
        assert two[h]["govhallFinding/v2"] == finding_fingerprint_v2(
            "r", "application", "A-1", h, "2025-09-01", 0
        )
    assert len({p["govhallFinding/v2"] for p in three.values()}) == 3


# == fresh sweep: govhall test, a complaint case that is no complaint, and a name holding ESC ===========


def test_a_complaint_case_that_is_no_complaint_fails_in_the_loaders_words(tmp_path: Path) -> None:
    """A case's complaint with a float id and no channel failed the case with pydantic's own text: "3
    validation errors for Complaint id Input should be a valid string [type=string_type, …] For further
    information visit https://errors.pydantic.dev/…". It says what is wrong as the loader does now."""
    case = tmp_path / "c.yaml"
    case.write_text(
        "standard: yousu-jiban\ncases:\n  - name: x\n    complaint: {id: 1.5}\n    expect: {accepted: true}\n",
        encoding="utf-8",
    )
    done = runner.invoke(app, ["test", str(case), "--json"])
    assert done.exit_code == 1, done.output
    [result] = json.loads(done.stdout)["cases"]
    assert result["message"] == (
        "InputError: invalid complaint: id: input should be a valid string (got 1.5); required field "
        "'channel' is missing; required field 'received_at' is missing"
    ), result


def test_govhall_test_never_sends_a_control_character_to_the_terminal(tmp_path: Path) -> None:
    """A case named ``x\\x1b[2J`` (clear the screen) was written raw in the ``FAILED`` line and the ``-v``
    line: shown as ``\\x1b`` now, as the text report and the error line show one."""
    case = tmp_path / "c.yaml"
    case.write_text(
        'standard: admin-licensing-law\ncases:\n  - name: "x\\u001b[2J\\nFAKE PASSED"\n'
        "    deadline: {start: 2025-09-01, limit: 3天}\n    expect: {due: 2025-09-05}\n",
        encoding="utf-8",
    )
    for args in (["test", str(case)], ["test", "-v", str(case)]):
        done = runner.invoke(app, args)
        assert done.exit_code == 1, done.output
        assert "\x1b" not in done.stdout and "\\x1b[2J\\x0aFAKE PASSED" in done.stdout, done.stdout
        assert not any(line.startswith("FAKE") for line in done.stdout.splitlines()), done.stdout


# == fresh sweep: /v1/catalogue/check named its body's union branch, "body.CatalogueIn.as_of" ============


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"items": [], "as_of": "2025-13-01"}, "body.as_of", "bad-date"),
        ({"items": "x"}, "body.items", "bad-input"),
        ({"itemz": []}, "body.items", "bad-input"),
        ({"items": [], "name": 5}, "body.name", "bad-input"),
    ],
)
def test_a_catalogue_body_error_is_named_at_the_bodys_own_field(body: Any, field: str, code: str) -> None:
    """``{"items": [], "as_of": "2025-13-01"}`` was "body.CatalogueIn.as_of: … (+1 more)": pydantic's
    name of the union's object branch, a place no body has, and the list branch's "Input should be a
    valid list" counted as one more error. The field is the body's own now, the other branch dropped."""
    doc = _problem(_client().post("/v1/catalogue/check", json=body), 422, code)
    assert doc["detail"].startswith(f"{field}: ") and "CatalogueIn" not in json.dumps(doc), doc
    assert "(+1 more)" not in doc["detail"] and [".".join(e["loc"]) for e in doc["errors"]] == [field], doc


def test_a_catalogue_body_of_the_wrong_kind_still_says_what_was_expected() -> None:
    doc = _problem(_client().post("/v1/catalogue/check", json="x"), 422, "bad-input")
    assert doc["detail"].startswith("body: expected a catalogue"), doc


# == fresh sweep: the Python API said "is not an ISO 8601 date or date-time" of a text in that form =====


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("2025-02-29", "is not an ISO date: no such day (2025-02 has 28 days)"),
        ("2025-13-01", "is not an ISO date: no such day (there is no month 13)"),
        ("2025-02-29T09:00", "is not an ISO date: no such day (2025-02 has 28 days)"),
        ("2025-09-01T24:00", "has the hour 24: a day ends at 23:59:59 (write 00:00 of the next day)"),
        ("2025-09-01T09:00+14:30", "has the offset +14:30, no time zone's"),
        ("2025-09-01 09:00:00.1234567", "has 7 digits past the second"),
        ("2025-09-01T09:00+08:00[Asia/Shanghai]", "ends in a bracketed time zone"),
        ("nope", "is not an ISO 8601 date or date-time"),
    ],
)
def test_the_python_api_says_why_a_start_is_no_date_as_the_other_surfaces_do(text: str, said: str) -> None:
    """``govhall.due_date("2025-02-29", "3天")`` said "start: '2025-02-29' is not an ISO 8601 date or
    date-time", of a text in that very form, where the command line, the service and the loader say
    "no such day (2025-02 has 28 days)", "has the hour 24 …" (docs/data.md: "the same in a dataset, over
    HTTP, in the Python API, on the command line")."""
    import govhall

    with pytest.raises(govhall.DateError) as caught:
        govhall.due_date(text, "3天")
    assert str(caught.value).startswith(f"start: {text!r} {said}"), caught.value
    assert caught.value.detail["field"] == "start", caught.value.detail


# == fresh sweep: audit(standards="admin-licensing-law") read the id letter by letter ====================


def test_audit_refuses_one_standard_given_as_a_text_not_a_list(tmp_path: Path) -> None:
    """``govhall.audit(ds, standards="admin-licensing-law")`` said "no rules for standard(s) -, a, c, d, e
    … (7 more)": the text was read as its letters. Refused as due_date refuses a text for its extensions,
    saying how to write it; ``audit_many`` alike."""
    import govhall
    from province_helpers import make_hall

    ds = govhall.load_dataset({"items": ITEMS})
    with pytest.raises(TypeError, match=r"standards: expected a list of standard ids, got str .*\['admin-"):
        govhall.audit(ds, as_of=date(2025, 9, 1), standards="admin-licensing-law")
    make_hall(tmp_path / "p" / "h1", 1)
    with pytest.raises(TypeError, match="standards: expected a list of standard ids, got str"):
        govhall.audit_many(tmp_path / "p", standards="admin-licensing-law", jobs=1)
    report = govhall.audit(ds, as_of=date(2025, 9, 1), standards=["admin-licensing-law"])
    assert report.standards == ["admin-licensing-law"], report.standards


# == fresh sweep: a profile of `[]`, `false`, `0` or `""` was read as no profile ===========================


@pytest.mark.parametrize(
    ("text", "got"), [("[]", "an array"), ("false", "false"), ("0", "a number"), ('""', "a string")]
)
def test_a_profile_that_is_no_mapping_is_refused_even_when_empty(tmp_path: Path, text: str, got: str) -> None:
    """``govhall audit --profile p.yaml`` with ``[]`` (or ``false``, ``0``, ``""``) in it ran as if no
    profile were given (``parse_yaml(…) or {}``), where ``[1, 2]`` was refused as "expected a mapping at
    the top": a profile that is no profile is refused whatever its value; an empty file is still none."""
    from govhall.rules.runner import load_profile

    profile = tmp_path / "p.yaml"
    profile.write_text(text + "\n", encoding="utf-8")
    err = one_line_error(runner.invoke(app, ["audit", "--example", "--profile", str(profile)]))
    assert err.startswith(f"govhall: error: profile {profile}: expected a mapping at the top, got {got}"), err
    for empty in ("", "# nothing set\n", "~\n"):
        profile.write_text(empty, encoding="utf-8")
        assert load_profile(profile)[0] == {}, empty


# == fresh sweep: a CSV file separated by ';' or tabs was asked "is the header missing?" ================


@pytest.mark.parametrize("sep", [";", "\t"])
def test_a_csv_file_with_another_separator_is_told_so_and_loses_no_row(tmp_path: Path, sep: str) -> None:
    """A European Excel's ``;`` (or a TSV named .csv) puts the whole header in one cell: the header row
    was rejected asking "is the header missing?", though it holds every field name. It says what the
    cells are separated by now; each row is still rejected, none lost."""
    from govhall.loaders import load_dataset

    keys = ["code", "name", "type", "department"]
    rows = [sep.join(keys), *(sep.join(str(it[k]) for k in keys) for it in ITEMS)]
    (tmp_path / "items.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    ds = load_dataset(tmp_path)
    assert ds.records == 1 + len(ITEMS) and ds.audited == 0 and len(ds.rejected) == 1 + len(ITEMS)
    head = ds.rejected[0]
    assert head.line == 1 and f"its cells are separated by {sep!r}, not by commas" in head.reason, head
    (tmp_path / "items.csv").write_text(",".join(str(ITEMS[0][k]) for k in keys) + "\n", encoding="utf-8")
    [head] = load_dataset(tmp_path).rejected
    assert "is the header missing?" in head.reason, head  # a row of values where the header should be
