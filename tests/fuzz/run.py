"""Run fuzz targets for longer than the suite does (maintainers; see docs/fuzzing.md).

    python tests/fuzz/run.py TARGET [libFuzzer flags]      # coverage-guided, with atheris
    python tests/fuzz/run.py all -max_total_time=600       # every target in one run
    python tests/fuzz/run.py TARGET --hypothesis 100000    # without atheris: hypothesis, large budget

TARGET is one of ``targets.TARGETS`` or ``all``. With atheris, govhall's modules are instrumented for
coverage, the seeds and regression cases of ``corpus/TARGET/`` start the run (read only: new inputs
go to a temporary folder), and a crash is written as ``crash-<sha1>`` in the current folder (or
``-artifact_prefix=``). Keep every crash: copy it to ``corpus/TARGET/crash-<what-it-broke>``, fix
the bug, and ``test_fuzz.py`` replays it from then on.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # tests/, so that `fuzz` is importable as in pytest

CORPUS = HERE / "corpus"
# govhall modules the targets reach: imported inside atheris' instrumentation so coverage guides it
_MODULES = (
    "govhall", "govhall.loaders", "govhall.models", "govhall.reports", "govhall.rules", "govhall.standards",
    "govhall.timelimits", "govhall.screening", "govhall.calendars", "govhall.live",
)  # fmt: skip


def _seed_folder(name: str, names: list[str]) -> Path:
    """For ``all``: the corpus of every target, each input prefixed with its target's selector byte."""
    folder = Path(tempfile.mkdtemp(prefix="govhall-fuzz-seeds-"))
    for index, target in enumerate(names):
        for path in sorted((CORPUS / target).glob("*")) if (CORPUS / target).is_dir() else []:
            (folder / f"{target}-{path.name}").write_bytes(bytes([index]) + path.read_bytes())
    return folder


def _hypothesis(name: str, examples: int) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from fuzz.targets import TARGETS, fuzz_all

    target = fuzz_all if name == "all" else TARGETS[name]

    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.binary(max_size=2048))
    def run(data: bytes) -> None:
        target(data)

    run()
    print(f"{name}: {examples} hypothesis examples, no failure")


def main(argv: list[str]) -> None:
    if not argv or argv[0].startswith("-"):
        raise SystemExit(__doc__)
    name, flags = argv[0], argv[1:]
    files = [Path(f) for f in flags if not f.startswith("-") and Path(f).is_file()]
    if files:  # reproduce: run the target on each file, with an ordinary traceback
        from fuzz.targets import TARGETS, fuzz_all

        for path in files:
            (fuzz_all if name == "all" else TARGETS[name])(path.read_bytes())
            print(f"{path}: no failure")
        return
    if "--hypothesis" in flags:
        _hypothesis(name, int(flags[flags.index("--hypothesis") + 1]))
        return
    try:
        import atheris
    except ImportError:
        print(
            "atheris is not installed (pip install 'govhall[fuzz]'); running hypothesis instead",
            file=sys.stderr,
        )
        _hypothesis(name, 10_000)
        return
    import importlib

    with atheris.instrument_imports(include=["govhall"]):
        for module in _MODULES:
            importlib.import_module(module)
    from govhall.standards import load_all

    load_all()
    from fuzz.targets import TARGETS, fuzz_all

    names = sorted(TARGETS)
    if name != "all" and name not in TARGETS:
        raise SystemExit(f"unknown target {name!r}; known: all, {', '.join(names)}")
    target = fuzz_all if name == "all" else TARGETS[name]
    seeds = _seed_folder(name, names) if name == "all" else CORPUS / name
    work = Path(tempfile.mkdtemp(prefix="govhall-fuzz-work-"))
    corpora = [str(work)] + ([str(seeds)] if seeds.is_dir() else [])
    atheris.Setup([sys.argv[0], *flags, *corpora], target)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv[1:])
