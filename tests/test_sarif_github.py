"""SARIF that GitHub code scanning can place, and JUnit with one failure per test case (issue #14, 1–2).

GitHub's ingestion rules checked here (docs.github.com, "SARIF support for code scanning" and
"SARIF results exceed limits"):

G1  ``version`` is ``2.1.0`` and ``$schema`` names the 2.1.0 schema; the log validates against it.
G2  at most 20 runs per file; at most 25,000 results and 25,000 rules per run (hard limits).
G3  ``tool.driver.name`` is set; every rule has a unique ``id``, ``shortDescription.text``,
    ``fullDescription.text``, ``help.text`` and an absolute ``https`` ``helpUri``.
G4  at most 20 tags per rule (only 10 shown), each a string.
G5  every result has ``message.text`` and a ``ruleId`` that a rule of the driver has (``ruleIndex``
    pointing at it); ``level`` is one of error, warning, note, none.
G6  every result has a physical location: ``artifactLocation.uri`` relative to the repository root
    (no scheme, not absolute, no ``..``, ``/`` separators) and ``region.startLine`` >= 1;
    at most 1,000 locations per result.
G7  ``partialFingerprints`` are strings and differ between results (equal ones merge into one alert),
    and stay the same when the run is repeated from elsewhere.
G8  ``automationDetails.id`` (the analysis category) is set, ending with ``/``.
G9  the gzip-compressed file is at most 10 MB.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import yaml
from jsonschema import Draft4Validator

import govhall
from govhall.reports._common import clause_url

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
EXAMPLE = govhall.example_dir()
_CLAUSES = Path(govhall.__file__).parent / "standards" / "clauses"


def _cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "govhall", *args], capture_output=True, text=True, cwd=cwd, timeout=300,
        env={**os.environ, **(env or {})},
    )  # fmt: skip


@pytest.fixture(scope="module")
def hall(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository holding a copy of the example hall under data/hall (tables as jsonl)."""
    repo = tmp_path_factory.mktemp("repo")
    shutil.copytree(EXAMPLE, repo / "data" / "hall")
    return repo


@pytest.fixture(scope="module")
def sarif(hall: Path) -> dict[str, Any]:
    out = _cli("audit", "data/hall", "--format", "sarif", "--output", "out.sarif", cwd=hall)
    assert out.returncode == 1, out.stderr
    return json.loads((hall / "out.sarif").read_text(encoding="utf-8"))


def _sarif(path: Path, root: Path) -> dict[str, Any]:
    """The SARIF of auditing ``path`` in this process (the CLI's own runs are in the fixture above)."""
    return json.loads(govhall.render(govhall.audit(govhall.load_dataset(path)), "sarif", source_root=root))


def _id_in(line: str, subject_id: str) -> bool:
    return f'"{subject_id}"' in line or f"'{subject_id}'" in line or f": {subject_id}" in line


# -- the GitHub rules -------------------------------------------------------------------------------------


def test_g1_schema_and_version(sarif: dict[str, Any]) -> None:
    assert sarif["version"] == "2.1.0" and "sarif-schema-2.1.0" in sarif["$schema"]
    errors = list(Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).iter_errors(sarif))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def test_g2_to_g5_runs_rules_and_results(sarif: dict[str, Any]) -> None:
    assert 1 <= len(sarif["runs"]) <= 20
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert run["tool"]["driver"]["name"] == "govhall"
    assert len(rules) <= 25_000 and len(run["results"]) <= 25_000
    ids = [r["id"] for r in rules]
    assert len(set(ids)) == len(ids)
    for r in rules:
        assert r["shortDescription"]["text"] and r["fullDescription"]["text"] and r["help"]["text"]
        assert r["helpUri"].startswith("https://")
        tags = r["properties"]["tags"]
        assert len(tags) <= 20 and all(isinstance(t, str) and t for t in tags)
    for res in run["results"]:
        assert res["message"]["text"]
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["level"] in ("error", "warning", "note", "none")


def test_g6_every_result_is_placed_on_its_record_line(sarif: dict[str, Any], hall: Path) -> None:
    run = sarif["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == hall.resolve().as_uri() + "/"
    results = run["results"]
    # the example hall's findings: 195 since issue #16, 196 with dongguan-hall-2023/complaint-misconduct-referred
    # planted on C-0102 beside gdzw 5.8.3 (the two read 接转或指引 alike), 197 with gdzw-0020-2019/complaint-recorded-
    # and-answered on C-0125 beside dongguan 5.2.8.2 c (the two read 应…回复、做好投诉受理…记录 alike, round 12)
    assert len(results) == 197
    for res in results:
        assert len(res["locations"]) <= 1000
        physical = res["locations"][0]["physicalLocation"]
        uri = physical["artifactLocation"]["uri"]
        assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert ":" not in uri and not uri.startswith("/") and ".." not in uri.split("/") and "\\" not in uri
        assert uri.startswith("data/hall/")
        line = physical["region"]["startLine"]
        assert line >= 1
        subject = res["locations"][0]["logicalLocations"][0]
        text = (hall / uri).read_text(encoding="utf-8").splitlines()[line - 1]
        if subject["kind"] == "hall":  # hall.json is one pretty-printed object: placed where it starts
            assert (uri, line, text) == ("data/hall/hall.json", 1, "{")
        else:
            assert _id_in(text, subject["name"]), (uri, line, subject)


def test_g7_fingerprints_are_distinct_and_stable(sarif: dict[str, Any], hall: Path, tmp_path: Path) -> None:
    prints = [json.dumps(r["partialFingerprints"], sort_keys=True) for r in sarif["runs"][0]["results"]]
    assert len(set(prints)) == len(prints)
    assert all(
        isinstance(v, str) for r in sarif["runs"][0]["results"] for v in r["partialFingerprints"].values()
    )
    # the same data audited from another folder, as another checkout would: same fingerprints
    shutil.copytree(hall / "data", tmp_path / "data")
    again = _sarif(tmp_path / "data" / "hall", tmp_path)
    prints_again = [json.dumps(r["partialFingerprints"], sort_keys=True) for r in again["runs"][0]["results"]]
    assert prints_again == prints


def test_g8_g9_category_and_size(sarif: dict[str, Any], hall: Path) -> None:
    assert sarif["runs"][0]["automationDetails"]["id"] == "govhall/audit/"
    assert len(gzip.compress((hall / "out.sarif").read_bytes())) <= 10 * 1024 * 1024


# -- rule descriptors -------------------------------------------------------------------------------------


def test_help_uri_and_full_description_come_from_the_clause(sarif: dict[str, Any], monkeypatch: Any) -> None:
    rules = {r["id"]: r for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    rule = next(r for r in rules.values() if len(r["properties"]["clauses"]) > 1)
    ref = rule["properties"]["clauses"][0]
    std, cid = ref.split(":", 1)
    assert rule["helpUri"] == f"https://govhall.github.io/govhall/standards/{std}/#{quote(cid, safe='-._~')}"
    for each in rule["properties"]["clauses"]:  # every cited clause's inventory text, under its ref
        std, cid = each.split(":", 1)
        inventory = yaml.safe_load((_CLAUSES / f"{std}.yaml").read_text(encoding="utf-8"))
        texts = {str(c["id"]): c.get("text", "") for c in inventory["clauses"]}
        assert texts[cid] and f"{each} {texts[cid]}" in rule["fullDescription"]["text"]
    monkeypatch.setenv("GOVHALL_DOCS_URL", "https://docs.example.org/hall/")
    assert clause_url("yousu-jiban:不予受理.1") == (
        "https://docs.example.org/hall/standards/yousu-jiban/#%E4%B8%8D%E4%BA%88%E5%8F%97%E7%90%86.1"
    )


# -- documents, JSON arrays, YAML: lines and JSON pointers --------------------------------------------------


def _tables(small: bool = False) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(EXAMPLE.glob("*.jsonl")):
        if small and path.stem not in ("items", "staff", "windows", "complaints", "inquiries"):
            continue  # PyYAML reads the whole month slowly; these tables keep it short
        out[path.stem] = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    return out


def _resolve(doc: Any, pointer: str) -> Any:
    for part in [p for p in pointer.split("/")[1:]]:
        doc = doc[int(part)] if isinstance(doc, list) else doc[part]
    return doc


@pytest.mark.parametrize("kind", ["json-document", "yaml-document"])
def test_document_inputs_carry_a_json_pointer_and_the_element_line(kind: str, tmp_path: Path) -> None:
    tables = _tables(small=kind == "yaml-document")
    hall_doc = json.loads((EXAMPLE / "hall.json").read_text(encoding="utf-8"))
    meta = json.loads((EXAMPLE / "meta.json").read_text(encoding="utf-8"))
    # one record per line, so the expected line is the one holding the record's id
    if kind == "json-document":
        parts = [
            f'{{"as_of": {json.dumps(meta["as_of"])},',
            f' "hall": {json.dumps(hall_doc, ensure_ascii=False)}',
        ]
        for name, rows in tables.items():
            parts[-1] += ","
            parts.append(f' "{name}": [')
            parts += [f"  {json.dumps(r, ensure_ascii=False)}," for r in rows]
            parts[-1] = parts[-1].rstrip(",")
            parts.append(" ]")
        parts.append("}")
        path = tmp_path / "hall-document.json"
    else:
        parts = [f"as_of: {meta['as_of']}", f"hall: {json.dumps(hall_doc, ensure_ascii=False)}"]
        for name, rows in tables.items():
            parts.append(f"{name}:")
            parts += [f"- {json.dumps(r, ensure_ascii=False)}" for r in rows]
        path = tmp_path / "hall-document.yaml"
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    parsed = (
        json.loads(path.read_text(encoding="utf-8"))
        if kind == "json-document"
        else yaml.safe_load(lines and "\n".join(lines))
    )
    results = _sarif(path, tmp_path)["runs"][0]["results"]
    assert len(results) == (197 if kind == "json-document" else len(results)) and len(results) > 20
    assert {r["locations"][0]["logicalLocations"][0]["kind"] for r in results} >= {
        "item",
        "complaint",
        "hall",
    }
    for res in results:
        loc = res["locations"][0]
        subject = loc["logicalLocations"][0]
        assert loc["physicalLocation"]["artifactLocation"]["uri"] == path.name
        line = loc["physicalLocation"]["region"]["startLine"]
        assert _id_in(lines[line - 1], subject["name"]), (line, subject)
        pointer = loc["properties"]["jsonPointer"]
        record = _resolve(parsed, pointer)
        assert subject["name"] in (record.get("id"), record.get("code")), (pointer, subject)


def test_a_pretty_printed_json_table_is_placed_where_the_element_starts(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE, tmp_path / "hall")
    items = [
        json.loads(x) for x in (tmp_path / "hall" / "items.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    (tmp_path / "hall" / "items.jsonl").unlink()
    (tmp_path / "hall" / "items.json").write_text(
        json.dumps(items, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    results = [r for r in _sarif(tmp_path / "hall", tmp_path)["runs"][0]["results"]
               if r["locations"][0]["logicalLocations"][0]["kind"] == "item"]  # fmt: skip
    assert results
    text = (tmp_path / "hall" / "items.json").read_text(encoding="utf-8").splitlines()
    for res in results:
        loc = res["locations"][0]
        line = loc["physicalLocation"]["region"]["startLine"]
        code = loc["logicalLocations"][0]["name"]
        assert text[line - 1].strip() == "{"
        assert text[line].strip() == f'"code": "{code}",' or any(
            f'"code": "{code}"' in t for t in text[line : line + 40]
        )
        index = int(loc["properties"]["jsonPointer"].lstrip("/"))
        assert items[index]["code"] == code


def test_example_uris_are_relative_not_site_packages(tmp_path: Path) -> None:
    run = _sarif(EXAMPLE, tmp_path)["runs"][0]  # audited from a folder outside the package
    for res in run["results"]:
        art = res["locations"][0]["physicalLocation"]["artifactLocation"]
        assert not art["uri"].startswith(("file:", "/")) and "site-packages" not in art["uri"]
        assert art["uri"].startswith(("govhall/data/example/", "src/govhall/data/example/"))
    assert "site-packages" not in json.dumps(run["originalUriBaseIds"])


def test_source_root_makes_uris_relative_to_it(hall: Path) -> None:
    items = str(hall / "data" / "hall" / "items.jsonl")
    out = _cli("check", items, "--format", "sarif", "--source-root", str(hall / "data"), cwd=hall.parent)
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in json.loads(out.stdout)["runs"][0]["results"]
    }
    assert uris and all(u.startswith("hall/") for u in uris)
    bad = _cli("audit", "--example", "--format", "sarif", "--source-root", "/no/such/dir", cwd=hall)
    assert bad.returncode == 2 and "--source-root" in bad.stderr


def test_rejected_records_are_notifications_on_their_line(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE, tmp_path / "hall")
    with (tmp_path / "hall" / "complaints.jsonl").open("a", encoding="utf-8") as fh:
        fh.write('{"id": "C-BAD", "channel": "carrier pigeon"}\n')
    n = len((tmp_path / "hall" / "complaints.jsonl").read_text(encoding="utf-8").splitlines())
    notes = _sarif(tmp_path / "hall", tmp_path)["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    bad = [x for x in notes if "C-BAD" in x["message"]["text"]]
    assert len(bad) == 1
    physical = bad[0]["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "hall/complaints.jsonl"
    assert physical["region"]["startLine"] == n


# -- JUnit ------------------------------------------------------------------------------------------------


def test_junit_one_failure_per_testcase_with_file_line_and_time(hall: Path) -> None:
    report = govhall.audit(govhall.load_dataset(hall / "data" / "hall"))
    root = ET.fromstring(govhall.render(report, "junit", source_root=hall).encode("utf-8"))
    pairs = {(f.rule_id, f.subject.kind, f.subject.id) for f in report.findings}
    failing = [c for c in root.iter("testcase") if c.find("failure") is not None]
    assert len(failing) == len(pairs)  # one test case per rule × subject with findings
    assert int(root.get("failures")) == len(pairs)
    passing = [c for c in root.iter("testcase") if c.find("failure") is None]
    assert len(passing) == len(set(report.rules_run) - {p[0] for p in pairs}) + 1  # + records are readable
    for case in failing:
        assert len(case.findall("failure")) == 1
        path, line = case.get("file"), int(case.get("line"))
        assert path.startswith("data/hall/")
        kind, subject_id = case.get("name").rsplit("[", 1)[1].rstrip("]").split(" ", 1)
        text = (hall / path).read_text(encoding="utf-8").splitlines()[line - 1]
        if kind == "hall":  # hall.json is one pretty-printed object: placed where it starts
            assert (path, line, text) == ("data/hall/hall.json", 1, "{")
        else:
            assert _id_in(text, subject_id), (path, line, kind, subject_id)
    for element in [root, *root.iter("testsuite"), *root.iter("testcase")]:
        assert float(element.get("time")) >= 0
    suites_time = sum(float(s.get("time")) for s in root.iter("testsuite"))
    assert abs(suites_time - float(root.get("time"))) < 1e-3
    assert sum(int(s.get("tests")) for s in root.iter("testsuite")) == int(root.get("tests"))
