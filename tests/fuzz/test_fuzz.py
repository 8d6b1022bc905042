"""The fuzzing suite inside pytest: every kept input replayed, and a bounded run of every target.

* ``corpus/<target>/*``: seeds and every crash a fuzz run ever found (named ``crash-<what>``),
  replayed on each run, so a fixed bug stays fixed;
* a bounded hypothesis run per target (``GOVHALL_FUZZ_EXAMPLES`` examples each, 25 by default);
* with atheris installed (``pip install 'govhall[fuzz]'``), a short coverage-guided run over every
  target at once (``GOVHALL_FUZZ_SECONDS``, 10 by default).

Longer runs are for maintainers: ``python tests/fuzz/run.py`` (docs/fuzzing.md).
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz.targets import TARGETS

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
EXAMPLES = int(os.environ.get("GOVHALL_FUZZ_EXAMPLES", "25"))
SECONDS = int(os.environ.get("GOVHALL_FUZZ_SECONDS", "10"))


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

    @settings(
        max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=False
    )
    @given(st.binary(max_size=768))
    def run(data: bytes) -> None:
        fn(data)

    run()


@pytest.mark.skipif(
    importlib.util.find_spec("atheris") is None, reason="atheris is not installed ([fuzz] extra)"
)
def test_short_coverage_guided_run(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(HERE / "run.py"), "all", f"-max_total_time={SECONDS}", "-rss_limit_mb=4096",
         f"-artifact_prefix={tmp_path}/"],
        capture_output=True, text=True, timeout=SECONDS + 120, check=False,
    )  # fmt: skip
    crashes = sorted(tmp_path.glob("crash-*"))
    assert proc.returncode == 0 and not crashes, (
        f"atheris found a crash: {crashes}; keep it in tests/fuzz/corpus/<target>/ (see docs/fuzzing.md)\n"
        + proc.stderr[-3000:]
    )
