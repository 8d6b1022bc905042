"""The examples of docs/hall-standards.md give the outputs shown."""

from __future__ import annotations

import doctest
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "hall-standards.md"


def test_hall_standards_doc_examples_are_true() -> None:
    result = doctest.testfile(str(DOC), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 10
    assert result.failed == 0


def test_module_doctests() -> None:
    import govhall.phrases
    import govhall.sizing
    import govhall.visits

    for module in (govhall.sizing, govhall.visits, govhall.phrases):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0, module.__name__
