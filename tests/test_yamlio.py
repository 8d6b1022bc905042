"""govhall's own YAML files read the same with the C loader as with ``yaml.safe_load``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import govhall
from govhall._yamlio import load_packaged

PACKAGE = Path(govhall.__file__).parent
SHIPPED = sorted(p for p in PACKAGE.rglob("*.y*ml") if p.suffix in (".yaml", ".yml"))


def _typed(value: Any) -> Any:
    """``value`` with every leaf's type beside it (``1 == True`` and ``date == date`` would hide a change)."""
    if isinstance(value, dict):
        return {_typed(k): _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return (type(value).__name__, value)


def test_the_package_ships_the_files_read_on_every_first_audit() -> None:
    names = {p.name for p in SHIPPED}
    assert {"cn_notices.yaml", "hangzhou-zuiduo-paoyici.yaml"} <= names
    assert len([p for p in SHIPPED if p.parent.name == "parameters"]) >= 6


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_each_shipped_file_reads_the_same_with_either_loader(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert _typed(load_packaged(text)) == _typed(yaml.safe_load(text))


def test_the_c_loader_is_used_when_pyyaml_has_it() -> None:
    from govhall import _yamlio

    expected = yaml.CSafeLoader if getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader
    assert _yamlio._PACKAGED_LOADER is expected
