"""Province audits (``govhall.audit_many``, ``govhall audit DIR``): discovery, merge, jobs, unreadable halls.

Halls are cut from the example hall: a seeded sample of its tables (every staff member, window and
item; a share of the applications, complaints, ratings …), so each hall is different, small and fast.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import govhall
from govhall.cli import app
from govhall.errors import ExtraMissingError
from govhall.province import (
    AuditOptions,
    HallResult,
    _empty_summary,
    audit_hall,
    audit_many,
    discover_halls,
    is_hall,
    is_province,
    merge_results,
)
from govhall.reports import render
from province_helpers import make_hall


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("province")
    make_hall(root / "广州" / "天河", 1)
    make_hall(root / "广州" / "越秀", 2)
    make_hall(root / "韶关", 3)
    bad = root / "湛江"  # a hall that cannot be read: an undecodable table
    bad.mkdir()
    (bad / "items.jsonl").write_bytes(b"\xff\xfe\x00\x81\x30")
    (root / "README.md").write_text("not a hall", encoding="utf-8")
    return root


def test_discovery_finds_halls_at_any_depth_and_not_inside_a_hall(province: Path, tmp_path: Path) -> None:
    names = [n for n, _ in discover_halls(province)]
    assert names == ["广州/天河", "广州/越秀", "湛江", "韶关"]
    assert is_province(province) and not is_hall(province)
    assert is_hall(province / "韶关") and not is_province(province / "韶关")
    # a folder inside a hall belongs to the hall
    make_hall(tmp_path / "h" / "sub", 5)
    (tmp_path / "h" / "items.jsonl").write_text("", encoding="utf-8")
    assert discover_halls(tmp_path) == [("h", tmp_path / "h")]
    # a symlinked folder is not followed (no hall counted twice)
    (tmp_path / "again").symlink_to(tmp_path / "h", target_is_directory=True)
    assert [n for n, _ in discover_halls(tmp_path)] == ["h"]


def test_each_hall_is_audited_as_alone_and_the_unreadable_one_is_reported(province: Path) -> None:
    report = audit_many(province, jobs=1)
    halls = report.summary.halls
    assert halls is not None and list(halls) == ["广州/天河", "广州/越秀", "湛江", "韶关"]
    assert halls["湛江"].error and "items.jsonl" in halls["湛江"].error
    assert any("湛江" in n.message for n in report.notes)
    readable = [h for h in halls if halls[h].error is None]
    for name in readable:
        alone = govhall.audit(govhall.load_dataset(province / name))
        mine = [f for f in report.findings if f.hall == name]
        assert [f.model_copy(update={"hall": None}) for f in mine] == alone.findings
        assert halls[name].records == alone.summary.records
        assert halls[name].findings == alone.summary.findings
    s = report.summary
    assert s.records == sum(h.records for h in halls.values()) == s.audited + s.rejected
    for sev in ("error", "warning", "info"):
        assert s.findings[sev] == sum(h.findings[sev] for h in halls.values())
        assert s.findings[sev] == sum(1 for f in report.findings if f.severity == sev)
    assert report.findings and all(f.hall in readable for f in report.findings)


def test_jobs_give_the_same_bytes_as_one_process(province: Path) -> None:
    one = render(audit_many(province, jobs=1), "json")
    before = set(multiprocessing.active_children())
    two = render(audit_many(province, jobs=2), "json")
    assert one == two
    assert [p for p in multiprocessing.active_children() if p not in before] == []


@settings(max_examples=15)
@given(st.permutations(range(4)))
def test_merge_ignores_the_order_results_arrive_in(order: list[int]) -> None:
    results = _RESULTS
    shuffled = [results[i] for i in order]
    assert render(merge_results(shuffled), "json") == render(merge_results(results), "json")


_RESULTS: list[govhall.HallResult] = []


@pytest.fixture(scope="module", autouse=True)
def _results(province: Path) -> None:
    if not _RESULTS:
        _RESULTS.extend(audit_hall(p, AuditOptions(), hall=n) for n, p in discover_halls(province))


def test_ctrl_c_leaves_no_worker_behind(province: Path) -> None:
    def interrupt(_result: object) -> None:
        raise KeyboardInterrupt

    before_mp, before_os = set(multiprocessing.active_children()), set(_live_children())
    with pytest.raises(KeyboardInterrupt):
        audit_many(province, jobs=2, on_result=interrupt)
    # other tests of this session may have children of their own: only the pool's count here
    assert [p for p in multiprocessing.active_children() if p not in before_mp] == []
    assert [pid for pid in _live_children() if pid not in before_os] == []
    # nor any pool thread: one left waiting on a worker killed mid-send hangs the interpreter at exit
    assert [t for t in threading.enumerate() if type(t).__name__ == "_ExecutorManagerThread"] == []


def _live_children() -> list[int]:
    """Child processes of this test process still running (not exited, not zombies), from /proc."""
    me, alive = os.getpid(), []
    for entry in Path("/proc").iterdir() if Path("/proc").is_dir() else ():
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        state, ppid = stat[0], int(stat[1])
        if ppid == me and state not in ("Z", "X") and "resource_tracker" not in _cmdline(entry):
            alive.append(int(entry.name))
    return alive


def _cmdline(entry: Path) -> str:
    try:
        return (entry / "cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


def test_options_are_checked_once_before_any_hall(province: Path) -> None:
    with pytest.raises(ValueError, match="unknown interpretation"):
        audit_many(province, interpretations=["no.such=thing"])
    with pytest.raises(ValueError, match="no rules for standard"):
        audit_many(province, standards=["no-such-standard"])
    with pytest.raises(ValueError, match="jobs"):
        audit_many(province, jobs=0)


def test_dask_engine_without_its_module_says_which_extra(
    province: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "govhall.province_dask", None)
    with pytest.raises(ExtraMissingError, match=r"govhall\[dask\]"):
        audit_many(province, engine="dask")


def test_a_list_of_halls_is_named_from_their_common_parent(province: Path) -> None:
    report = audit_many([province / "韶关", province / "广州" / "越秀"], jobs=1)
    assert list(report.summary.halls or {}) == ["广州/越秀", "韶关"]
    assert report.source is None


runner = CliRunner()


def test_cli_province_report_in_every_format(province: Path, tmp_path: Path) -> None:
    res = runner.invoke(app, ["audit", str(province), "--format", "json", "--jobs", "1"])
    assert res.exit_code == 2  # one hall could not be read: the report is written, then exit 2
    doc = json.loads(res.stdout)
    assert set(doc["summary"]["halls"]) == {"广州/天河", "广州/越秀", "湛江", "韶关"}
    assert all("hall" in f for f in doc["findings"])
    assert "湛江" in res.stderr and len(res.stderr.strip().splitlines()) == 1
    for fmt in ("text", "md", "html", "sarif", "junit"):
        out = tmp_path / f"r.{fmt}"
        res = runner.invoke(app, ["audit", str(province), "-f", fmt, "-j", "1", "-o", str(out)])
        assert res.exit_code == 2, fmt
        assert "广州/越秀" in out.read_text(encoding="utf-8"), fmt


def test_cli_one_hall_keeps_the_shape_it_had(tmp_path: Path) -> None:
    res = runner.invoke(app, ["audit", "--example", "--format", "json"])
    doc = json.loads(res.stdout)
    assert "halls" not in doc["summary"]
    assert doc["findings"] and all("hall" not in f for f in doc["findings"])


def test_the_docs_name_every_rule_that_needs_the_whole_period() -> None:
    from govhall.province import period_needs

    page = (Path(__file__).resolve().parents[1] / "docs" / "province.md").read_text(encoding="utf-8")
    whole = [rid for rid, kind, _ in period_needs() if kind == "dataset"]
    assert whole and [rid for rid in whole if f"`{rid}`" not in page] == []
    kinds = {kind for _, kind, _ in period_needs()}
    assert "application" in kinds and "hall" in kinds


def test_every_hall_gets_the_same_profile_and_readings(province: Path, tmp_path: Path) -> None:
    profile = tmp_path / "city.yaml"
    profile.write_text("interpretations:\n  yousu-jiban.day-unit: working_days\n", encoding="utf-8")
    report = audit_many([province / "韶关", province / "广州" / "越秀"], jobs=1, profile=profile)
    used = {i.name: i for i in report.interpretations}
    assert (
        used["yousu-jiban.day-unit"].value == "working_days" and not used["yousu-jiban.day-unit"].is_default
    )
    alone = govhall.audit(govhall.load_dataset(province / "韶关"), profile=profile)
    mine = [f.model_copy(update={"hall": None}) for f in report.findings if f.hall == "韶关"]
    assert mine == alone.findings


_REGISTRY_ORDER = """
import sys
for module in sys.argv[1:]:
    __import__(module)
from govhall.rules.core import REGISTRY
from govhall.standards import load_all
load_all()
print(" ".join(r.id for r in REGISTRY))
"""


@pytest.mark.parametrize(
    "first",
    [
        ["govhall.standards.admin_licensing_law"],
        ["govhall.standards.haochaping_2019", "govhall.standards.yousu_jiban"],
    ],
)
def test_rules_are_listed_in_one_order_whatever_module_was_imported_first(first: list[str]) -> None:
    """A program that imports a standard's module before the audit (for admin_licensing_law.granted,
    say) lists ``rules_run`` as the command line and ``--jobs`` workers do, so its report has the
    same bytes; before, the module imported first registered, and was listed, first."""

    def order(*modules: str) -> list[str]:
        out = subprocess.run(
            [sys.executable, "-c", _REGISTRY_ORDER, *modules], capture_output=True, text=True, check=True
        )
        return out.stdout.split()

    plain = order()
    assert plain[0].startswith("gdzw-0020-2019/") and plain[-1].endswith("/inspection-due")
    assert order(*first) == plain


def test_merge_lists_every_value_a_hall_used_once() -> None:
    """Halls audited over different months may have used different values of a parameter that changed
    between them: the merged report keeps each value (in the halls' order), and a value several halls
    used once."""
    from govhall.rules.report import UsedParameter

    def hall(name: str, *values: str) -> HallResult:
        used = [UsedParameter(name="p", value=v, citation=f"c{v}", source="standard") for v in values]
        return HallResult(hall=name, source=name, summary=_empty_summary(name, "x"), parameters=used)

    merged = merge_results([hall("b", "5", "4"), hall("a", "5"), hall("c", "4")])
    assert [(p.value, p.citation) for p in merged.parameters] == [("5", "c5"), ("4", "c4")]


def test_what_the_halls_results_repeat_is_held_once(province: Path) -> None:
    """The parent holds every hall's result until the merge: the readings, parameter values and rule
    ids the halls share are one object each, not one per hall (each result is unpickled afresh)."""
    got: list[govhall.HallResult] = []
    report = audit_many(province, jobs=2, on_result=got.append)
    readable = [r for r in got if r.error is None]
    assert len(readable) == 3
    first: dict[str, object] = {}
    for r in readable:
        for x in [*r.interpretations, *r.parameters]:
            assert first.setdefault(x.model_dump_json(), x) is x
    held = sum(len(r.interpretations) + len(r.parameters) for r in readable)
    assert len(first) < held  # the halls do share some
    ids: dict[str, object] = {}
    for r in readable:
        for rid in r.rule_seconds:
            assert ids.setdefault(rid, rid) is rid
        assert ids.setdefault(repr(r.rules_run), r.rules_run) is r.rules_run
    assert {i.name for i in report.interpretations} == {i.name for r in readable for i in r.interpretations}
