"""``govhall example [--halls K] [--applications N] [--seed S] [--rate R] OUT``.

Writes synthetic data with planted violations and the manifest of what was planted
(``planted.yaml``): without ``--halls``, one hall (the example county hall's month from ``--seed``,
grown to about ``--applications`` in whole blocks as a province's hall is; see
:func:`govhall.example.province.build_hall`);
with ``--halls K``, a province of K halls (see :mod:`govhall.example.province`), which
``govhall audit OUT`` audits in one call.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import typer

from govhall.cli._common import die

__all__ = ["register"]


def _check_out(out: Path, halls: int | None = None) -> None:
    """OUT is new, empty, or an earlier example (its planted.yaml) that this one replaces entirely:
    never someone's own data, and never an earlier example's halls or tables left beside the new
    ones (a province written over one hall left the hall's tables, so ``govhall audit OUT`` audited
    that old hall and not one hall of the province; a province of 3 over one of 5 left hall-004 and
    hall-005 in the audit, missing from the manifest)."""
    if out.is_symlink() and not out.exists():  # said "cannot be written: File exists"
        from govhall._paths import not_a_file

        what = not_a_file(out) or "a link"  # a loop of links is no link to a missing target
        if what == "a symbolic link loop":
            die(f"{out}: {what}; give a new or empty folder")
        die(f"{out}: is a link to {os.readlink(out)}, which does not exist; give a new or empty folder")
    if out.exists() and not out.is_dir():
        die(f"{out}: exists and is not a folder; give a new or empty folder")
    if out.is_dir() and not (out / "planted.yaml").is_file():
        theirs = sorted(p.name for p in out.iterdir())
        if theirs:
            shown = ", ".join(theirs[:3]) + (" …" if len(theirs) > 3 else "")
            die(
                f"{out}: the folder holds files govhall example did not write ({shown}); they would be "
                "overwritten: give a new or empty folder"
            )
    if out.is_dir():  # an earlier example
        there = {p.name: p.is_dir() for p in out.iterdir()}
        if halls is None:  # one hall: files only; a folder is an earlier province's hall
            left = sorted(name for name, folder in there.items() if folder)
        else:  # a province: its halls' folders (named as govhall.example.province names them), the manifest
            width = max(3, len(str(halls)))
            mine = {f"hall-{k:0{width}d}" for k in range(1, halls + 1)} | {"planted.yaml"}
            left = sorted(set(there) - mine)
        if left:
            shown = ", ".join(left[:3]) + (" …" if len(left) > 3 else "")
            die(
                f"{out}: holds an earlier example whose {shown} this one would not replace (they would be "
                "audited with it); give a new or empty folder"
            )


def register(app: typer.Typer) -> None:
    """Add the ``example`` command to ``app``."""

    @app.command("example")
    def example_command(
        out: Path = typer.Argument(..., help="folder to write (created if missing)"),
        halls: Optional[int] = typer.Option(  # noqa: UP045 - typer reads the annotation at runtime
            None, "--halls", min=1, help="write a province of this many halls (default: one hall)"
        ),
        applications: Optional[int] = typer.Option(  # noqa: UP045
            None,
            "--applications",
            min=0,
            help="applications in all, in blocks of ~2,000 (one hall: 1 to 5 blocks; default: one block)",
        ),
        seed: Optional[int] = typer.Option(None, "--seed", help="random seed (same seed, same bytes)"),  # noqa: UP045
        rate: float = typer.Option(
            1.0,
            "--rate",
            min=0.0,
            max=1.0,
            help="the share of halls with planted violations (one hall: the chance it has them)",
        ),
    ) -> None:
        """Write a synthetic hall, or a province of halls, with planted violations and their manifest."""
        from govhall.example.base import DEFAULT_SEED

        chosen = DEFAULT_SEED if seed is None else seed
        _check_out(out, halls)
        try:
            if halls is None:
                from govhall.example.build import write_example
                from govhall.example.province import build_hall

                hall = build_hall(applications, seed=chosen, rate=rate)
                write_example(hall, out)
                sys.stderr.write(
                    f"govhall: wrote one hall of {len(hall.tables['applications']):,} applications to {out} "
                    f"(manifest: {out / 'planted.yaml'})\n"
                )
            else:
                from govhall.example.province import write_province

                folders = write_province(out, halls=halls, applications=applications, seed=chosen, rate=rate)
                sys.stderr.write(
                    f"govhall: wrote {len(folders)} hall(s) to {out} (manifest: {out / 'planted.yaml'})\n"
                )
        except OSError as exc:  # "[Errno 2] No such file or directory: '/proc/x'" named neither OUT nor why
            where = exc.filename if exc.filename is not None else out
            die(f"OUT {where}: cannot be written: {exc.strerror or exc}")
        except ValueError as exc:
            die(str(exc))
