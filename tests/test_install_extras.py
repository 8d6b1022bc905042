"""durable-rules is the ``[live]`` extra: the core never imports it; the live command names the extra.

Issue #14 item 7. durable-rules ships only a C source distribution, so it must not be needed to
install or run the calendar, deadlines, screening, audit and reports. ``.ci/run`` also installs the
core with the C compiler disabled and runs ``govhall audit --example`` there; these tests keep the
same promise on every run of the suite, by hiding ``durable`` from a subprocess.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pytest needs tomli on 3.10
    import tomli as tomllib


ROOT = Path(__file__).resolve().parents[1]


def _without_durable(
    tmp_path: Path, *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run python as on a machine without the extra: ``durable`` cannot be found or imported."""
    hide = "import sys; sys.modules['durable'] = None; sys.modules['durable_rules_engine'] = None\n"
    if args[0] == "-c":
        args = ("-c", hide + args[1], *args[2:])
    else:  # -m govhall ...
        args = ("-c", hide + "from govhall.cli import main; main(sys.argv[1:])", *args[2:])
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, input=stdin, timeout=300, cwd=tmp_path
    )


def test_durable_rules_is_only_in_the_live_extra() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert not any(d.lower().startswith(("durable-rules", "durable_rules")) for d in project["dependencies"])
    assert any(d.startswith("durable-rules") for d in project["optional-dependencies"]["live"])
    assert "govhall[live]" in project["optional-dependencies"]["test"]


def test_only_the_live_adapter_imports_durable() -> None:
    src = ROOT / "src" / "govhall"
    importers = sorted(
        str(p.relative_to(src))
        for p in src.rglob("*.py")
        if "import durable" in (text := p.read_text(encoding="utf-8")) or "from durable" in text
    )
    assert importers == ["live/engine.py"]


def test_core_runs_without_durable_rules(tmp_path: Path) -> None:
    code = (
        "import sys, govhall\n"
        "print(govhall.due_date('2025-09-26', '20个工作日').due)\n"
        "r = govhall.audit(govhall.load_dataset(govhall.example_dir()))\n"
        "govhall.render(r, 'sarif'); govhall.render(r, 'junit')\n"
        "print(r.summary.findings['error'] > 0, sys.modules['durable'] is None)\n"
    )
    out = _without_durable(tmp_path, "-c", code)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["2025-10-30", "True", "True"]


def test_live_command_names_the_extra_when_durable_rules_is_missing(tmp_path: Path) -> None:
    events = '{"table": "weather", "at": "2025-11-03T09:00"}\n'
    out = _without_durable(tmp_path, "-m", "govhall", "live", "replay", "-", stdin=events)
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "pip install 'govhall[live]'" in lines[0], out.stderr
    plain = _without_durable(
        tmp_path, "-m", "govhall", "live", "replay", "-", "--engine", "plain", stdin=events
    )
    assert plain.returncode == 0, plain.stderr
