"""A province's findings spooled to disk (issue #10): the parent holds about one hall's findings, and every
report reads exactly as the report holding them all (``govhall.province.audit_many_spooled``,
``govhall.spool``).

The halls are cut from the example hall (tests/province_helpers.py). Reports are compared byte for byte
in every format, masked and not, and the HTML page both drawn whole and listed on demand (its
``INLINE_LIMIT`` lowered so a small province takes the big report's path).
"""

from __future__ import annotations

import copy
import gc
import json
import multiprocessing
import os
import pickle
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from govhall import spool as spool_module
from govhall.cli import app
from govhall.province import (
    AuditOptions,
    HallResult,
    audit_hall,
    audit_many,
    audit_many_spooled,
    discover_halls,
    merge_results,
)
from govhall.reports import FORMATS, html, render, write_report
from govhall.reports._common import personal_table, prepare
from govhall.rules.core import Finding
from govhall.rules.report import Report
from govhall.spool import FindingSpool, PackedFindings, SpooledFindings, finding_heads, head_of, pack_findings
from province_helpers import make_hall


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("spooled-province")
    make_hall(root / "广州" / "天河", 11, share=0.15)
    make_hall(root / "广州" / "越秀", 12, share=0.15)
    make_hall(root / "韶关", 13, share=0.15)
    bad = root / "湛江"  # a hall that cannot be read
    bad.mkdir()
    (bad / "items.jsonl").write_bytes(b"\xff\xfe\x00\x81\x30")
    return root


@pytest.fixture(scope="module")
def results(province: Path) -> list[HallResult]:
    return [audit_hall(p, AuditOptions(), hall=n) for n, p in discover_halls(province)]


def _spooled(results: list[HallResult], spool: FindingSpool) -> Report:
    """``merge_results`` of ``results`` with their findings in ``spool`` (as ``audit_many_spooled`` does)."""
    stripped = []
    for r in results:
        spool.add(r.hall, r.findings)
        stripped.append(copy.copy(r))
        stripped[-1].findings = []
    return merge_results(stripped, source="p", spool=spool)


def _text(report: Report, fmt: str, show: bool) -> str:
    out: list[str] = []
    write_report(report, fmt, out.append, show_personal_data=show)
    return "".join(out)


def _same_text(results: list[HallResult], fmt: str, show: bool) -> None:
    whole = merge_results(results, source="p")
    assert len(whole.findings) > 100  # enough to spread over halls, departments, rules
    with FindingSpool() as spool:
        spooled = _spooled(results, spool)
        assert isinstance(spooled.findings, SpooledFindings)
        assert _text(spooled, fmt, show) == _text(whole, fmt, show)
        assert render(spooled, fmt, show_personal_data=show) == render(whole, fmt, show_personal_data=show)


@pytest.mark.parametrize("show", [False, True], ids=["masked", "shown"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_the_spooled_report_reads_as_the_whole_one(results: list[HallResult], fmt: str, show: bool) -> None:
    _same_text(results, fmt, show)


@pytest.mark.parametrize("show", [False, True], ids=["masked", "shown"])
def test_the_spooled_province_page_lists_on_demand_as_the_whole_one(
    results: list[HallResult], show: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The HTML page of a big report (above INLINE_LIMIT findings: a province) groups its findings by
    department, person and clause from positions: the same page."""
    monkeypatch.setattr(html, "INLINE_LIMIT", 5)
    _same_text(results, "html", show)
    assert "findings-data" in render(merge_results(results), "html")


_HALLS = ["a", "h1", "h01", "h2", "广州/天河"]  # h1 and h01: the same natural sort key, two halls


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_split_of_findings_into_halls_reads_as_the_merged_report(
    results: list[HallResult], data: st.DataObject
) -> None:
    """A law for all inputs: however a province's findings are split between halls, and in whatever order
    each hall gives them, the spooled report (each hall sorted, then merged k ways) is the list's (all
    sorted at once), in every format."""
    pool = [f for r in results for f in r.findings]
    picked = data.draw(st.lists(st.sampled_from(range(len(pool))), min_size=0, max_size=60), label="findings")
    halls = data.draw(st.lists(st.sampled_from(_HALLS), min_size=len(picked), max_size=len(picked)))
    template = next(r for r in results if r.error is None)
    split: dict[str, list[Finding]] = {}
    for i, hall in zip(picked, halls, strict=True):
        split.setdefault(hall, []).append(pool[i].model_copy(update={"hall": hall}))
    made = [
        HallResult(hall=h, source=h, summary=template.summary, findings=fs, departments=template.departments)
        for h, fs in split.items()
    ]
    whole = merge_results(copy.deepcopy(made), source="p")
    fmt = data.draw(st.sampled_from(FORMATS), label="format")
    show = data.draw(st.booleans(), label="show personal data")
    # how many sort keys a worker pickles together decides only how many the merge holds at once
    chunk = data.draw(st.integers(min_value=1, max_value=70), label="KEY_CHUNK")
    with FindingSpool() as spool, mock.patch.object(spool_module, "KEY_CHUNK", chunk):
        spooled = _spooled(made, spool)
        assert [f.sort_key() for f in spooled.findings] == [f.sort_key() for f in whole.findings]
        assert list(spooled.findings) == whole.findings
        # the masking table made from the halls' lists of personal values, not from the findings: the
        # same values, masks and order (the order decides which of two equally long values goes first)
        assert isinstance(spooled.findings, SpooledFindings)
        made_here = list(spooled.findings.personal_table().items())
        assert made_here == list(personal_table(whole.findings).items())
        assert _text(spooled, fmt, show) == _text(whole, fmt, show)


def test_the_command_line_writes_what_the_whole_report_renders(province: Path, tmp_path: Path) -> None:
    whole = render(audit_many(province, jobs=1), "json")
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"r{jobs}.json"
        res = CliRunner().invoke(
            app, ["audit", str(province), "-f", "json", "-o", str(out), "--fail-on", "never", "--jobs", jobs]
        )
        assert res.exit_code == 2, res.output  # the unreadable hall, after the report is written
        outs.append(out.read_text(encoding="utf-8"))
    assert outs[0] == outs[1] == whole
    assert json.loads(whole)["findings"]


# -- the spool's file is gone, and its descriptor given back, however the run ends -----------------------


def _spool_files(folder: Path) -> list[str]:
    """This process's open files in ``folder``: a spool's (unlinked, made with ``O_TMPFILE`` where it can
    be: ``/proc`` shows it as ``folder/#inode (deleted)``)."""
    out = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(str(folder) + os.sep):
            out.append(target)
    return out


needs_proc = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads /proc/self/fd")


@needs_proc
def test_the_spool_is_gone_after_success(province: Path, tmp_path: Path) -> None:
    with audit_many_spooled(province, jobs=1, spool_folder=tmp_path) as report:
        assert len(_spool_files(tmp_path)) == 1  # open while the report is read ...
        assert list(tmp_path.iterdir()) == []  # ... and never named on disk
        assert render(report, "json")
    assert _spool_files(tmp_path) == []
    with pytest.raises(ValueError):  # read after the block: the file is closed
        report.findings[0]


@needs_proc
def test_the_spool_is_gone_after_an_error_while_writing(province: Path, tmp_path: Path) -> None:
    def broken(_text: str) -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError), audit_many_spooled(province, jobs=1, spool_folder=tmp_path) as report:
        write_report(report, "html", broken)
    assert _spool_files(tmp_path) == [] and list(tmp_path.iterdir()) == []


@needs_proc
def test_the_spool_is_gone_after_ctrl_c_while_halls_run(province: Path, tmp_path: Path) -> None:
    seen = []

    def interrupt(result: HallResult) -> None:
        seen.append(result.hall)
        if len(seen) == 2:
            raise KeyboardInterrupt

    before = set(multiprocessing.active_children())
    with (
        pytest.raises(KeyboardInterrupt),
        audit_many_spooled(province, jobs=2, on_result=interrupt, spool_folder=tmp_path),
    ):
        pytest.fail("no report after Ctrl-C")
    assert _spool_files(tmp_path) == [] and list(tmp_path.iterdir()) == []
    assert [p for p in multiprocessing.active_children() if p not in before] == []


@needs_proc
def test_the_spool_is_gone_after_ctrl_c_while_writing(province: Path, tmp_path: Path) -> None:
    def interrupt(_text: str) -> None:
        raise KeyboardInterrupt

    with (
        pytest.raises(KeyboardInterrupt),
        audit_many_spooled(province, jobs=1, spool_folder=tmp_path) as report,
    ):
        write_report(report, "text", interrupt)
    assert _spool_files(tmp_path) == [] and list(tmp_path.iterdir()) == []


# -- the parent holds about one hall's findings ----------------------------------------------------------


def _live_findings() -> int:
    return sum(1 for o in gc.get_objects() if isinstance(o, Finding))


@pytest.mark.parametrize("fmt", FORMATS)
def test_rendering_a_spooled_province_holds_a_few_findings_at_a_time(
    province: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counted, not measured: the Finding objects alive at each piece written, over those alive before
    (other tests' fixtures). The spooled report holds a handful (the merge's one per hall, one
    subject's under a JUnit test case, the HTML summary's soonest cards); the whole one holds them all
    (the next test: the count can see them)."""
    monkeypatch.setattr(html, "INLINE_LIMIT", 5)  # the page of a province: findings listed on demand
    base = _live_findings()
    total = 0
    counts: list[int] = []

    written = 0

    def write(_piece: str) -> None:
        nonlocal written
        written += 1
        if written & (written - 1) == 0:  # at the 1st, 2nd, 4th, 8th … piece: each count walks every object
            counts.append(_live_findings() - base)

    with FindingSpool() as spool:
        stripped = []
        for name, path in discover_halls(province):  # as audit_many_spooled takes each result
            result = audit_hall(path, AuditOptions(), hall=name)
            total += len(result.findings)
            spool.add(result.hall, result.findings)
            result.findings = []
            stripped.append(result)
        del result
        report = merge_results(stripped, spool=spool)
        assert total > 100 and _live_findings() - base <= 1
        write_report(report, fmt, write)
    assert counts and max(counts) <= 40 < total // 4, (max(counts), total)


def test_the_whole_report_does_hold_them_all(results: list[HallResult]) -> None:
    """The count above can see findings held: the whole report, rendered, holds every one more."""
    base = _live_findings()
    report = merge_results(copy.deepcopy(results))
    counts: list[int] = []
    write_report(report, "json", lambda _p: counts.append(_live_findings() - base) if not counts else None)
    assert counts[0] >= len(report.findings) > 100


def test_the_spooled_findings_are_read_when_asked_for(results: list[HallResult]) -> None:
    with FindingSpool() as spool:
        report = _spooled(copy.deepcopy(results), spool)
        findings = report.findings
        assert not isinstance(findings, list)
        first, again = findings[0], findings[0]
        assert first == again and first is not again  # read afresh: nothing is kept
        assert findings[-1] == list(findings)[-1] == findings[len(findings) - 1]
        assert findings[1:3] == [findings[1], findings[2]]


def test_a_hall_is_spooled_once() -> None:
    with FindingSpool() as spool:
        spool.add("h", [])
        with pytest.raises(ValueError, match="already"):
            spool.add("h", [])


# -- the workers pack their findings: the parent never unpickles one to receive it ---------------------


class _Unpickled:
    """Counts the findings unpickled in this process (``Finding.__setstate__``, pydantic's unpickling)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = Finding.__setstate__

        def counted(finding: Finding, state: dict[str, object]) -> None:
            self.count += 1
            real(finding, state)

        monkeypatch.setattr(Finding, "__setstate__", counted)


def test_the_merge_holds_a_few_sort_keys_of_each_hall(results: list[HallResult]) -> None:
    """The merge reads each hall's sort keys a chunk at a time and holds one chunk per hall, so what it
    holds is the halls times ``KEY_CHUNK`` keys (about 1.2 KB each unpickled): with 64, the 500-hall
    province's merge held some 38 MB of keys and made the parent's peak (156 MB, against 117-136 MB
    with 8). Each chunk the merge unpickles holds at most ``KEY_CHUNK`` keys, and the merge reads
    every key."""
    sizes: list[int] = []
    real = pickle.loads

    def loads(data: bytes) -> object:
        out = real(data)
        if isinstance(out, list) and out and isinstance(out[0], tuple) and len(out[0]) == 2:
            sizes.append(len(out))  # a chunk of (sort key, head)
        return out

    findings = [f for r in results for f in r.findings]
    assert len(findings) > 3 * spool_module.KEY_CHUNK
    with FindingSpool() as spool:
        spool.add("a", findings)
        spool.add("b", findings[: len(findings) // 2])
        with mock.patch.object(spool_module.pickle, "loads", loads):
            merged = spool.merged(["a", "b"])
        assert len(merged) == len(findings) + len(findings) // 2
    assert sum(sizes) == len(merged)
    assert max(sizes) == spool_module.KEY_CHUNK <= 16


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_parent_never_unpickles_a_finding_to_receive_or_merge_the_halls(
    province: Path, jobs: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workers send each hall's findings sorted and pickled in the spool's form (``HallResult.packed``);
    the parent writes them as they are and merges by the sort keys sent with them, so no finding is
    unpickled until a renderer reads one (the spool used to unpickle each from the worker's result,
    pickle it again, and read it back once more for the merge). The masking table is made from the
    halls' personal values, so the masked JSON report reads each finding exactly once."""
    unpickled = _Unpickled(monkeypatch)
    seen: list[HallResult] = []
    with audit_many_spooled(province, jobs=jobs, on_result=seen.append) as report:
        assert unpickled.count == 0
        n = len(report.findings)
        assert n > 100
        assert all(r.findings == [] and r.packed is None for r in seen)  # spooled and dropped
        write_report(report, "json", lambda _piece: None)
        assert unpickled.count == n
        whole = render(audit_many(province, jobs=1), "json")
        assert render(report, "json") == whole


@pytest.mark.parametrize("show", [False, True], ids=["masked", "shown"])
@pytest.mark.parametrize("fmt", ["json", "sarif", "text", "md"])
def test_these_formats_read_each_spooled_finding_once(
    province: Path, fmt: str, show: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The masking table, the rules' first findings (``rule_infos``) and the groups by standard and clause
    (``finding_groups``) come from the merge's heads and the halls' personal values, not from a pass over
    the findings: text and Markdown read each finding once (they read it three times: the masking
    table, the groups and the text), SARIF once (twice: ``rule_infos``)."""
    unpickled = _Unpickled(monkeypatch)
    with audit_many_spooled(province, jobs=1) as report:
        write_report(report, fmt, lambda _piece: None, show_personal_data=show)
        assert unpickled.count == len(report.findings) > 100


def test_the_heads_of_spooled_findings_are_theirs(results: list[HallResult]) -> None:
    with FindingSpool() as spool:
        report = _spooled(copy.deepcopy(results), spool)
        found = report.findings
        assert isinstance(found, SpooledFindings)
        assert list(found.heads()) == [head_of(f) for f in found]
        masked = prepare(report).findings
        assert list(finding_heads(masked)) == [head_of(f) for f in masked] == list(found.heads())


def test_a_packed_hall_is_the_hall_spooled_by_the_parent(province: Path) -> None:
    """What a worker packs is what ``FindingSpool.add`` makes of the same findings: sorted stably, each
    finding readable alone, the same personal values."""
    name, path = discover_halls(province)[0]
    packed = audit_hall(path, AuditOptions(packed=True), hall=name)
    plain = audit_hall(path, AuditOptions(), hall=name)
    assert packed.findings == [] and isinstance(packed.packed, PackedFindings) and plain.packed is None
    assert packed.packed.count == len(plain.findings) > 50
    with FindingSpool() as a, FindingSpool() as b:
        a.add_packed(name, packed.packed)
        b.add(name, plain.findings)
        expected = sorted(plain.findings, key=Finding.sort_key)
        assert [a.record(i) for i in range(len(a))] == [b.record(i) for i in range(len(b))] == expected
        assert a.personal(name) == b.personal(name) and a.personal(name)  # the halls hold personal values
        assert list(a.merged([name]).personal_table().items()) == list(personal_table(expected).items())


def test_packed_findings_that_do_not_add_up_are_refused(results: list[HallResult]) -> None:
    packed = pack_findings(next(r for r in results if r.findings).findings)
    short = PackedFindings(packed.count, packed.blob[:-1], packed.sizes, packed.keys, packed.personal)
    with FindingSpool() as spool:
        with pytest.raises(ValueError, match="do not add up"):
            spool.add_packed("h", short)
        assert len(spool) == 0 and "h" not in spool
        spool.add_packed(
            "h", PackedFindings(packed.count, packed.blob, packed.sizes, packed.keys[:-1], packed.personal)
        )
        with pytest.raises(ValueError, match="keys"):  # a finding without its key: never silently left out
            spool.merged(["h"])


_VALUES = ["张三", "李四", "王五丰", "13800138000", "13900139000"]  # equally long pairs: their order matters


@settings(max_examples=40, deadline=None)
@given(
    halls=st.lists(
        st.lists(st.tuples(st.sampled_from("ab"), st.sampled_from(_VALUES), st.sampled_from(_VALUES)),
                 max_size=4),
        min_size=1, max_size=4,
    )
)  # fmt: skip
@example(halls=[[("b", "张三", "李四")], [("a", "李四", "张三")]])  # the second hall's run merges first
def test_the_masking_table_keeps_the_order_values_are_first_met(
    halls: list[list[tuple[str, str, str]]],
) -> None:
    """A law for all inputs: whatever personal values each hall's findings hold, and in which halls and
    findings a value comes back, the table made from the halls' first meetings lists each value where
    the merged report first meets it, two first met in one finding in that finding's order (two equally
    long values are replaced in this order). The rules ``a`` and ``b`` interleave the halls' runs."""
    made: list[HallResult] = []
    template = Finding(
        rule_id="r", standard="s", clauses=["s:1"], severity="error",
        subject={"kind": "application", "id": "A-1"}, title="t", message="m",
    )  # fmt: skip
    for h, held in enumerate(halls):
        findings = [
            template.model_copy(update={"hall": f"h{h}", "rule_id": rule, "message": f"m{i}",
                                        "evidence": {"applicant_name": one, "n": i, "more": {"phone": two}}})
            for i, (rule, one, two) in enumerate(held)
        ]  # fmt: skip
        made.append(HallResult(hall=f"h{h}", source="x", summary=_summary(), findings=findings))
    whole = merge_results(copy.deepcopy(made), source="p")
    with FindingSpool() as spool:
        spooled = _spooled(made, spool)
        assert isinstance(spooled.findings, SpooledFindings)
        assert list(spooled.findings.personal_table().items()) == list(personal_table(whole.findings).items())


def _summary() -> object:
    from govhall.province import _empty_summary

    return _empty_summary("x", "").model_copy(update={"error": None})


@settings(max_examples=30, deadline=None)
@given(
    held=st.lists(
        st.tuples(st.sampled_from(["h1", "h2"]), st.sampled_from(["s:1", "s:2"]), st.sampled_from(["r", "q"]),
                  st.sampled_from(["A-1", "A-2"]), st.sampled_from([None, 1, 2])),
        max_size=12,
    )
)  # fmt: skip
@example(held=[("h1", "s:1", "r", "A-1", 1), ("h2", "s:2", "r", "A-1", 1), ("h2", "s:1", "r", "A-1", 1)])
def test_sarif_ranks_count_every_earlier_finding_of_a_rule_subject_and_day(
    held: list[tuple[str, str, str, str, int | None]],
) -> None:
    """A law for all inputs: a SARIF result's ``govhallFinding/v1`` fingerprint ranks it among the earlier
    findings of its rule, subject and day (any hall; ``govhallFinding/v2`` among its own hall's), even
    where one rule's findings lie in two runs (they cite two clauses) and its counts are dropped after
    its last finding. Worked out here by counting, for the report held in memory and for the spooled one."""
    from datetime import date

    from govhall.reports.sarif import (
        _FINDING_KEY,
        _FINDING_KEY_V2,
        finding_fingerprint,
        finding_fingerprint_v2,
        sarif_log,
    )

    template = Finding(
        rule_id="r", standard="s", clauses=["s:1"], severity="error",
        subject={"kind": "application", "id": "A-1"}, title="t", message="m",
    )  # fmt: skip
    split: dict[str, list[Finding]] = {}
    for i, (hall, clause, rule, subject, day) in enumerate(held):
        split.setdefault(hall, []).append(template.model_copy(update={
            "hall": hall, "clauses": [clause], "rule_id": rule, "message": f"m{i}",
            "subject": template.subject.model_copy(update={"id": subject}),
            "on": date(2025, 9, day) if day else None,
        }))  # fmt: skip
    made = [HallResult(hall=h, source="x", summary=_summary(), findings=fs) for h, fs in split.items()]
    whole = merge_results(copy.deepcopy(made), source="p")
    with FindingSpool() as spool:
        spooled = _spooled(made, spool)
        for report in (whole, spooled):
            results = sarif_log(report, one_at_a_time=False)["runs"][0]["results"]
            earlier: dict[tuple[str, ...], int] = {}
            assert len(results) == len(whole.findings)
            for result, f in zip(results, whole.findings, strict=True):
                day = f.on.isoformat() if f.on else ""
                key = (f.rule_id, f.subject.id, day)
                rank = earlier[key] = earlier.get(key, -1) + 1
                expected = finding_fingerprint(f.rule_id, "application", f.subject.id, day, rank)
                assert result["partialFingerprints"][_FINDING_KEY] == expected
                # v2: the same count among the findings of the finding's own hall
                own = (*key, str(f.hall))
                rank2 = earlier[own] = earlier.get(own, -1) + 1
                expected = finding_fingerprint_v2(f.rule_id, "application", f.subject.id, f.hall, day, rank2)
                assert result["partialFingerprints"][_FINDING_KEY_V2] == expected
