"""The clause inventories (``govhall.rules.inventory``): the package's own are read once per process, and
a caller gets its own copies."""

from __future__ import annotations

from pathlib import Path

import pytest

from govhall.rules import inventory
from govhall.standards import STANDARDS, load_all


def test_the_packages_inventories_are_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Declaring the standards read every inventory; the clause refs an inspection may cite come from
    what was read then, not from the files again."""
    load_all()
    monkeypatch.setattr(inventory, "_KNOWN_REFS", None)

    def read_again(standard_id: str, path: object) -> None:
        raise AssertionError(f"{standard_id} read a second time")

    monkeypatch.setattr(inventory, "_read_inventory", read_again)
    refs = inventory.known_clause_refs()
    assert {c.ref for std in STANDARDS.values() for c in std.clauses} <= refs
    assert "gdzw-0020-2019:5.5.1" in refs


def test_a_caller_gets_its_own_copies() -> None:
    header, clauses = inventory.load_inventory("gdzw-0020-2019")
    header["title"] = "changed"
    clauses.clear()
    again_header, again = inventory.load_inventory("gdzw-0020-2019")
    assert again_header["title"] != "changed" and again


def test_a_path_given_is_read_each_time(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    std = "gdzw-0020-2019"
    path.write_text(f"standard: {std}\nclauses:\n  - {{id: '5.1', status: todo}}\n", encoding="utf-8")
    assert [c.ref for c in inventory.load_inventory(std, path)[1]] == [f"{std}:5.1"]
    path.write_text(f"standard: {std}\nclauses:\n  - {{id: '5.2', status: todo}}\n", encoding="utf-8")
    assert [c.ref for c in inventory.load_inventory(std, path)[1]] == [f"{std}:5.2"]
