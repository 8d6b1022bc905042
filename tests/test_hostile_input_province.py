"""A province folder that is hostile to its walk: each test here failed before the fix it names.

A hall is never skipped without a word: a folder that cannot be listed, a link to nothing and a link
to itself are reported as halls that could not be audited; links to folders are followed once, so a
linked hall is audited and no hall counts twice or walks for ever."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from govhall.cli import app
from govhall.province import audit_many, discover_halls
from province_helpers import make_hall

runner = CliRunner()


def _halls(report: Any) -> dict[str, str | None]:
    return {name: summary.error for name, summary in report.summary.halls.items()}


def test_a_link_to_itself_is_a_hall_that_could_not_be_read_not_the_end_of_the_audit(tmp_path: Path) -> None:
    """``govhall audit PROVINCE`` with a link to itself anywhere in the root exited 2 with one line
    ("Too many levels of symbolic links"): no hall was audited."""
    make_hall(tmp_path / "p" / "h1", 1)
    (tmp_path / "p" / "loop").symlink_to("loop")
    result = runner.invoke(app, ["audit", str(tmp_path / "p"), "-f", "json", "--fail-on", "never"])
    halls = json.loads(result.stdout)["summary"]["halls"]  # the report, not one line on stderr
    assert halls["h1"].get("error") is None and "loop" in halls["loop"]["error"], halls
    assert result.stderr.count("\n") == 1 and "1 of 2 hall(s) could not be audited (loop)" in result.stderr


def test_links_are_followed_once_a_loop_ends_and_a_hall_outside_is_audited(tmp_path: Path) -> None:
    """A link to a hall outside the province was skipped without a word (links were not followed)."""
    root = tmp_path / "p"
    make_hall(root / "a" / "h1", 1)
    make_hall(tmp_path / "elsewhere" / "h9", 9)
    (root / "b").mkdir()
    (root / "b" / "again").symlink_to(root / "a" / "h1", target_is_directory=True)  # a hall already there
    (root / "a" / "up").symlink_to(root, target_is_directory=True)  # back up to the root
    (root / "x").symlink_to(tmp_path / "elsewhere", target_is_directory=True)  # halls outside
    (root / "gone").symlink_to(tmp_path / "nothing")
    assert [name for name, _ in discover_halls(root)] == ["a/h1", "gone", "x/h9"]
    halls = _halls(audit_many(root, jobs=1))
    assert halls["a/h1"] is None and halls["x/h9"] is None
    assert halls["gone"] is not None and "dangling" in halls["gone"], halls


def test_a_folder_that_cannot_be_listed_is_reported_not_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A subfolder without read permission vanished from the province (3 halls reported as 2, no
    word); the walk swallowed its PermissionError. Root reads it anyway, so the refusal is simulated."""
    root = tmp_path / "p"
    for k in (1, 2, 3):
        make_hall(root / f"h{k}", k)
    locked = str(root / "h2")
    real_scandir, real_listdir = os.scandir, os.listdir

    def refuse(real: Any) -> Any:
        def call(path: Any = ".") -> Any:
            if os.fspath(path) == locked:
                raise PermissionError(13, "Permission denied", locked)
            return real(path)

        return call

    monkeypatch.setattr(os, "scandir", refuse(real_scandir))
    monkeypatch.setattr(os, "listdir", refuse(real_listdir))
    # Python 3.10's Path.iterdir lists through os.listdir as bound when pathlib was imported
    real_iterdir = Path.iterdir
    monkeypatch.setattr(Path, "iterdir", lambda self: refuse(real_iterdir)(self))
    halls = _halls(audit_many(root, jobs=1))
    assert list(halls) == ["h1", "h2", "h3"]
    assert halls["h1"] is None and halls["h3"] is None
    assert halls["h2"] is not None and "Permission denied" in halls["h2"], halls


def test_a_province_nested_deeper_than_python_recurses_is_walked(tmp_path: Path) -> None:
    """A hall 1,100 folders down: the recursive walk raised RecursionError ("internal error")."""
    deep = tmp_path / "p"
    deep.mkdir()
    levels = []
    try:
        for _ in range(1100):  # one level at a time (mkdir(parents=True) recurses too)
            deep = deep / "d"
            deep.mkdir()
            levels.append(deep)
        make_hall(deep / "h1", 1)
        make_hall(tmp_path / "p" / "h0", 2)
        found = discover_halls(tmp_path / "p")
        assert sorted(path for _, path in found) == sorted([deep / "h1", tmp_path / "p" / "h0"])
        assert {name for name, _ in found} == {"h0", "d/" * 1100 + "h1"}
    finally:  # bottom up: shutil.rmtree (and pytest's clean-up of old tmp folders) recurses as deep
        shutil.rmtree(deep / "h1", ignore_errors=True)
        for level in reversed(levels):
            level.rmdir()


def test_halls_under_a_folder_with_table_files_of_its_own_are_named_not_dropped(tmp_path: Path) -> None:
    """One stray table file at a province's root made it one hall, whose subfolders belong to it: the
    halls in them were not audited and the report said nothing."""
    root = tmp_path / "p"
    make_hall(root / "hall-001", 1)
    make_hall(root / "hall-002", 2)
    # one record of its own (a root whose table files are empty is refused, naming its halls: sweep6)
    (root / "staff.jsonl").write_text(
        (root / "hall-001" / "staff.jsonl").read_text("utf-8").splitlines()[0] + "\n"
    )
    args = ["audit", str(root), "-f", "json", "--fail-on", "never", "--as-of", "2025-10-01"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    notes = [n["message"] for n in json.loads(result.stdout)["notes"]]
    assert any(
        m.startswith("2 hall dataset(s) in the subfolders (hall-001, hall-002) were not audited")
        for m in notes
    )
    # a hall without such subfolders gets no such note
    result = runner.invoke(app, ["audit", str(root / "hall-001"), "-f", "json", "--fail-on", "never"])
    assert not any("were not audited" in n["message"] for n in json.loads(result.stdout)["notes"])


def test_hidden_folders_and_lost_and_found_are_not_searched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder that cannot be listed is reported as a hall now, so a mount's lost+found (root's only)
    would fail every audit of a province on its own file system: it, and hidden folders, are skipped."""
    root = tmp_path / "p"
    make_hall(root / "h1", 1)
    make_hall(root / ".snapshot" / "h1", 1)
    (root / "lost+found").mkdir()
    locked = str(root / "lost+found")
    real_scandir = os.scandir

    def scandir(path: Any = ".") -> Any:
        if os.fspath(path) == locked:
            raise PermissionError(13, "Permission denied", locked)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert [name for name, _ in discover_halls(root)] == ["h1"]
