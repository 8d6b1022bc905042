"""Test-wide settings: hypothesis profiles (CI runs a few more examples, never a deadline); the built docs site."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("default", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", deadline=None, max_examples=150, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "default")

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``mkdocs build --strict`` of the repository's docs into a temporary folder (once per run).

    tests/test_docsgen.py checks the build; tests/test_browser.py opens its pages in Chromium.
    """
    site = tmp_path_factory.mktemp("site")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(REPO / "mkdocs.yml"), "-d", str(site)],
        cwd=REPO, capture_output=True, text=True, timeout=300, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )  # fmt: skip
    assert proc.returncode == 0, f"mkdocs build --strict failed:\n{proc.stdout}\n{proc.stderr}"
    # --strict lets a page outside the navigation pass as INFO: a guide nobody can reach from the site
    assert 'not included in the "nav"' not in proc.stderr, proc.stderr
    return site


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    """Say where the browser tests left their screenshots (tests/test_browser.py), for a person to look at."""
    factory = getattr(config, "_tmp_path_factory", None)
    base = os.environ.get("GOVHALL_ARTIFACTS") or (
        str(factory.getbasetemp() / "artifacts") if factory else ""
    )
    shots = sorted(Path(base).glob("*.png")) if base and Path(base).is_dir() else []
    if shots:
        terminalreporter.write_line(f"screenshots ({len(shots)}): {base}")
