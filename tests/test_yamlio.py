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


# -- a key given twice in a user's YAML -------------------------------------------------------------------


def test_a_users_yaml_naming_a_key_twice_is_refused_with_both_lines() -> None:
    """PyYAML keeps the last value silently (``pause-mode`` below would be the second)."""
    from govhall._yamlio import parse_yaml
    from govhall.errors import ProfileError

    text = (
        "interpretations:\n  timelimits.pause-mode: working_days\n  other: 1\n  timelimits.pause-mode: days\n"
    )
    with pytest.raises(ProfileError, match=r"'timelimits.pause-mode' twice \(first on line 2\).* line 4"):
        parse_yaml(text, "profile p.yaml", ProfileError)


def test_a_merge_may_override_the_keys_it_brings() -> None:
    """``<<: *base`` then a key of base again is what a merge is for, not a key given twice."""
    from govhall._yamlio import parse_yaml

    text = "base: &b {a: 1, b: 2}\nthis:\n  <<: *b\n  a: 3\n"
    assert (
        parse_yaml(text, "x.yaml")
        == yaml.safe_load(text)
        == {"base": {"a": 1, "b": 2}, "this": {"a": 3, "b": 2}}
    )


@pytest.mark.parametrize("path", sorted(Path(govhall.__file__).parent.rglob("*.yaml")), ids=lambda p: p.name)
def test_the_strict_loader_reads_each_shipped_file_as_safe_load_does(path: Path) -> None:
    """The same values as ``yaml.safe_load`` for YAML without a key given twice (govhall's own files)."""
    from govhall._dupkeys import UniqueKeyLoader

    text = path.read_text(encoding="utf-8")
    assert yaml.load(text, Loader=UniqueKeyLoader) == yaml.safe_load(text)  # noqa: S506


def test_a_case_file_naming_a_key_twice_is_refused(tmp_path: Path) -> None:
    from govhall.cases import load_case_file
    from govhall.errors import CaseFileError

    cases = tmp_path / "cases.yaml"
    cases.write_text("cases:\n- name: a\n  name: b\n", encoding="utf-8")
    with pytest.raises(CaseFileError, match="'name' twice"):
        load_case_file(cases)
