"""What is wrong with a path given as an input file, said plainly (import-light: the CLI's options,
case files, tokens files and the live state use it before reading anything)."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

__all__ = ["MISSING", "not_a_file"]

#: :func:`not_a_file`'s answer when nothing is there
MISSING = "no such file"


def not_a_file(path: Path) -> str | None:
    """None when ``path`` is a regular file (through any links); else what it is instead: nothing
    (:data:`MISSING`), a dangling link, a link loop, a folder, or a pipe or device. A pipe is refused
    as the dataset loader refuses it: with no writer, reading one waits for ever."""
    try:
        st = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            return f"a dangling symbolic link (its target {os.readlink(path)} does not exist)"
        return MISSING
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symbolic link loop"
        return f"cannot be read ({exc.strerror or exc})"
    if stat.S_ISDIR(st.st_mode):
        return "a folder, not a file"
    if not stat.S_ISREG(st.st_mode):
        return "not a regular file (a pipe or device?)"
    return None
