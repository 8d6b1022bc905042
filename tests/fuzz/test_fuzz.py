"""The fuzzing suite inside pytest: every kept input replayed, and a bounded run of every target.

* ``corpus/<target>/*``: seeds and every crash a fuzz run ever found (named ``crash-<what>``),
  replayed on each run, so a fixed bug stays fixed;
* a bounded hypothesis run per target (``GOVHALL_FUZZ_EXAMPLES`` examples each, 25 by default);
* with atheris installed (``pip install 'govhall[fuzz]'``), a short coverage-guided run over every
  target at once: a fixed seed and ``GOVHALL_FUZZ_RUNS`` inputs (150), capped at
  ``GOVHALL_FUZZ_SECONDS`` (10), so the suite is not flaky; long random runs are ``run.py``'s job.

Longer runs are for maintainers: ``python tests/fuzz/run.py`` (docs/fuzzing.md).
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz.targets import TARGETS

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
EXAMPLES = int(os.environ.get("GOVHALL_FUZZ_EXAMPLES", "25"))
SECONDS = int(os.environ.get("GOVHALL_FUZZ_SECONDS", "10"))
RUNS = int(os.environ.get("GOVHALL_FUZZ_RUNS", "150"))


def _kept() -> list[object]:
    cases = []
    for folder in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
        for path in sorted(p for p in folder.iterdir() if p.is_file()):
            cases.append(pytest.param(folder.name, path, id=f"{folder.name}/{path.name}"))
    return cases


@pytest.mark.parametrize(("target", "path"), _kept())
def test_every_kept_input_replays_cleanly(target: str, path: Path) -> None:
    if target not in TARGETS:
        pytest.skip(f"target {target!r} needs an optional extra that is not installed (e.g. [parquet])")
    TARGETS[target](path.read_bytes())


def test_every_target_has_a_corpus() -> None:
    assert {p.name for p in CORPUS.iterdir() if p.is_dir()} >= set(TARGETS) - {"parquet"}


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_bounded_fuzz_run(target: str) -> None:
    fn = TARGETS[target]

    # Under CI the bounded run sends the same examples every time, so a landing never turns red by
    # chance; elsewhere each run explores new ones (docs/fuzzing.md), and what they find is kept above.
    @settings(
        max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck),
        derandomize=bool(os.environ.get("CI")),
    )  # fmt: skip
    @given(st.binary(max_size=768))
    def run(data: bytes) -> None:
        fn(data)

    run()


@pytest.mark.skipif(
    importlib.util.find_spec("atheris") is None, reason="atheris is not installed ([fuzz] extra)"
)
def test_short_coverage_guided_run(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(HERE / "run.py"), "all", "-seed=1", f"-runs={RUNS}", f"-max_total_time={SECONDS}", "-rss_limit_mb=4096",
         f"-artifact_prefix={tmp_path}/"],
        capture_output=True, text=True, timeout=SECONDS + 120, check=False,
    )  # fmt: skip
    crashes = sorted(tmp_path.glob("crash-*"))
    assert proc.returncode == 0 and not crashes, (
        f"atheris found a crash: {crashes}; keep it in tests/fuzz/corpus/<target>/ (see docs/fuzzing.md)\n"
        + proc.stderr[-3000:]
    )


# -- every crash a fuzz run found, also as an explicit case (the corpus bytes map to cases through
# targets.Input and TOKENS; if those change, these still pin the bug) --------------------------------


def test_crash_sarif_fingerprint_of_a_lone_surrogate_subject() -> None:
    from govhall.reports import render
    from govhall.rules import Finding, Report, Subject, Summary

    finding = Finding(rule_id="gdzw-0020-2019/x", standard="gdzw-0020-2019", clauses=["gdzw-0020-2019:5.3.2"],
                      severity="error", subject=Subject(kind="application", id="A\ud800"), title="t", message="m")  # fmt: skip
    report = Report(govhall_version="0", standards=["gdzw-0020-2019"], findings=[finding],
                    summary=Summary(records=1, audited=1, rejected=0, findings={"error": 1}))  # fmt: skip
    out = render(report, "sarif")
    out.encode("utf-8")
    assert '"A\ufffd"' in out  # shown as U+FFFD (as every format shows it), not dropped


def test_crash_report_source_with_a_nul_byte() -> None:
    """Found by the bounded run on Python 3.13, where resolving such a path raises ValueError."""
    from govhall.reports import FORMATS, render
    from govhall.rules import Report, Summary

    report = Report(govhall_version="0", source="\x00", standards=["gdzw-0020-2019"], findings=[],
                    summary=Summary(records=0, audited=0, rejected=0, findings={"error": 0}))  # fmt: skip
    for fmt in FORMATS:
        assert render(report, fmt)
    assert '"uri": "%00"' in render(report, "sarif")


def test_crash_phone_shaped_record_id_is_masked(tmp_path: Path) -> None:
    from govhall.loaders import load_dataset
    from govhall.reports import FORMATS, render
    from govhall.rules import audit

    (tmp_path / "items.jsonl").write_text(
        '{"code": "I1", "name": "x", "type": "行政许可", "department": "d"}\n'
    )
    (tmp_path / "applications.csv").write_text("id,item_code\n13800138000,I1,extra\n", encoding="utf-8")
    report = audit(load_dataset(tmp_path), as_of=date(2025, 11, 30))
    assert report.rejected[0].record_id == "13800138000"
    for fmt in FORMATS:
        assert "13800138000" not in render(report, fmt), fmt
    assert json.loads(render(report, "json"))["rejected"][0]["record_id"] == "138****8000"


@pytest.mark.parametrize("limit", ["99999999天", "9999999个月", "99999999小时"])
def test_crash_due_date_past_pythons_date_range(limit: str) -> None:
    from govhall.errors import CalendarRangeError
    from govhall.timelimits import due_date

    # named as a field with the range it may take (it was "… falls outside the dates govhall can count")
    with pytest.raises(
        CalendarRangeError, match=f"^limit: '{limit}' is longer than the CN calendar's supported range"
    ):
        due_date(date(2025, 1, 1), limit)


def test_crash_phone_shaped_names_in_rejections_are_masked(tmp_path: Path) -> None:
    # a column named like a phone number (an unknown field) and a table file named like one
    from govhall.loaders import load_dataset
    from govhall.reports import FORMATS, render
    from govhall.rules import audit

    (tmp_path / "items.jsonl").write_text(
        '{"code": "I1", "name": "x", "type": "行政许可", "department": "d"}\n'
    )
    (tmp_path / "applications.csv").write_text(
        "id,item_code,received_at,13900001111\nA1,I1,2025-11-03T09:00,x\n", encoding="utf-8"
    )
    (tmp_path / "13700001111.jsonl").write_text("{}\n", encoding="utf-8")
    report = audit(load_dataset(tmp_path), as_of=date(2025, 11, 30))
    assert {r.field for r in report.rejected} >= {"13900001111"}
    assert {r.table for r in report.rejected} >= {"13700001111"}
    for fmt in FORMATS:
        out = render(report, fmt)
        # the file's own path is shown as it is (the user named it); the table name taken from it is masked
        assert "13900001111" not in out and "13700001111" not in out.replace("13700001111.jsonl", ""), fmt
